/* tanlu_roadmap.h - public interface of the roadmap analyses: turn a solved
 * pathway into the tables of a carbon-neutrality technology roadmap
 * (emissions by gas and sector, targets, carbon price, phase decomposition
 * against a reference run, cost premiums and the MAC curve, maturity,
 * innovation gap, criticality, co-benefits). docs/roadmap.md documents
 * every table, its columns and formulas.
 *
 * Standalone: includes tanlu.h. A handle, options with an init function,
 * status codes; the library never exits. Messages about what a model lacks
 * for an analysis are notices in the context (and in the handle, per
 * table). */
#ifndef TANLU_ROADMAP_H
#define TANLU_ROADMAP_H

#include "tanlu.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TL_ROADMAP_MAX_BOUNDS 16 /* phase bounds at most */

typedef struct tl_roadmap_options {
  tl_build_options build; /* the options the pathway was built with (GWP
                             table, gas scopes, TRL gating); the reference
                             and the criticality runs use them too */
  tl_solve_options solve; /* for the reference and criticality solves */
  int reference;          /* 1 (default): solve the reference run (the same
                             model without climate constraints) when the
                             model has any; 0: skip it (--no-reference) */
  int criticality;        /* 1: solve each deployed non-conventional
                             technology unavailable and ten years late
                             (Criticality.csv); 0 (default): do not */
  int jobs;               /* processes for the criticality solves (>= 1;
                             default 2) */
  int nbounds;            /* number of phase bounds, 2..TL_ROADMAP_MAX_BOUNDS */
  int bounds[TL_ROADMAP_MAX_BOUNDS]; /* [nbounds] increasing calendar years;
                             phase k is [bounds[k], bounds[k+1]), the last
                             one closed; default 2021 2030 2035 2050 2060 */
  double scale_share;     /* "deployed at scale": new capacity in a year of
                             at least this share of the technology's largest
                             annual new capacity (default 0.01) */
  int reserved[8];
} tl_roadmap_options;

void tl_roadmap_options_init(tl_roadmap_options *o);

typedef struct tl_roadmap tl_roadmap;

/* Analyse a solved pathway. m, lp and sol: the model, its LP built with
 * o->build (tl_lp_build) and an optimal solution of it (tl_lp_solve); they
 * are only read and may be freed once this returns. o may be NULL
 * (defaults). Solves the reference run (and the criticality runs) itself.
 * On TL_OK *out receives the analyses (free with tl_roadmap_free);
 * TL_ERR_ARG when the solution is not optimal or does not belong to lp. */
tl_status tl_roadmap_analyse(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                             const tl_solution *sol,
                             const tl_roadmap_options *o, tl_roadmap **out);

/* Write every table as DIR/roadmap/NAME.csv (the folder is created; each
 * file appears complete or not at all). A table without rows is written
 * with its header only. */
tl_status tl_roadmap_write(tl_ctx *ctx, const tl_roadmap *rm, const char *dir);

void tl_roadmap_free(tl_roadmap *rm); /* accepts NULL */

/* ---- what the tables hold, for summaries ------------------------------ */

/* Number of tables (10) and, for 0 <= i < count: its name ("Emissions",
 * written as Emissions.csv), its number of data rows, and the notice that
 * says why it has no (or fewer) rows, or NULL. Strings are owned by rm. */
int tl_roadmap_table_count(void);
const char *tl_roadmap_table_name(int i);
long tl_roadmap_table_rows(const tl_roadmap *rm, int i);
const char *tl_roadmap_table_notice(const tl_roadmap *rm, int i);

/* Key figures of one region. Years are model years; 0 means "none". */
typedef struct tl_roadmap_figures {
  const char *region;      /* owned by rm */
  int first_year, last_year;
  double emissions_first;  /* net CO2e, all gases, sinks included */
  double emissions_last;
  int peak_year;           /* year of the highest emissions on the peak
                              basis (CO2 without sinks unless peak_scope is
                              ghg) */
  double peak_value;
  int peak_target;         /* PeakYear, 0 when none */
  int peak_met;            /* 1 met, 0 missed, -1 no target */
  int netzero_year;        /* first year from which net emissions on the
                              net-zero basis stay <= 0; 0 never */
  int netzero_target;
  int netzero_met;
  double carbon_price_last; /* marginal cost of a unit of CO2 emitted in the
                               last year (model currency per unit CO2e,
                               undiscounted); NAN when no emission
                               constraint or penalty prices it */
  int has_reference;       /* the phase figures exist */
  int reserved[4];
} tl_roadmap_figures;

int tl_roadmap_region_count(const tl_roadmap *rm);
/* region: 0-based, < tl_roadmap_region_count. TL_ERR_ARG when out of
 * range. */
tl_status tl_roadmap_figures_get(const tl_roadmap *rm, int region,
                                 tl_roadmap_figures *out);

/* The effects of the phase decomposition, in the order of the table. */
typedef enum tl_roadmap_effect {
  TL_EFFECT_EFFICIENCY = 0,
  TL_EFFECT_ZERO_CARBON_ELECTRICITY,
  TL_EFFECT_FUEL_SUBSTITUTION,
  TL_EFFECT_CCUS,
  TL_EFFECT_REMOVAL,
  TL_EFFECT_NON_CO2,
  TL_EFFECT_PROCESS_OTHER,
  TL_NEFFECTS
} tl_roadmap_effect;

/* Column text of an effect ("efficiency", ..., "process_and_other"). */
const char *tl_roadmap_effect_name(int k);

/* Abatement of one phase against the reference run (reference minus
 * pathway emissions, CO2e summed over the calendar years of the phase
 * the model covers). */
typedef struct tl_roadmap_phase {
  int first_year, last_year; /* calendar years, inclusive */
  int covered_years;         /* calendar years the model stands for */
  double total;
  double effect[TL_NEFFECTS]; /* sum to total */
} tl_roadmap_phase;

/* Number of phases (nbounds - 1; 0 without a reference run) and phase k
 * of a region. TL_ERR_ARG when out of range. */
int tl_roadmap_phase_count(const tl_roadmap *rm);
tl_status tl_roadmap_phase_get(const tl_roadmap *rm, int region, int k,
                               tl_roadmap_phase *out);

#ifdef __cplusplus
}
#endif
#endif /* TANLU_ROADMAP_H */
