/* tanlu_park.h - public interface of the zero-carbon industrial-park
 * scorecard: a result folder written by `tanlu run` scored, year by year,
 * against the national zero-carbon park criteria (CO2 per tce of energy
 * use, clean-energy share of supply, solid-waste, waste-heat and water
 * reuse). docs/park.md gives the definitions; data/park/ is a park model.
 *
 * Standalone: includes tanlu.h. Every function returns a tl_status and
 * puts its reasons (file, line, column, value) in the context's
 * diagnostics; the library never exits. Strings passed in are borrowed
 * for the call only. */
#ifndef TANLU_PARK_H
#define TANLU_PARK_H

#include "tanlu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size class whose CO2-per-tce threshold applies. AUTO: from the year's
 * energy use and the criteria's energy_use_min bounds (a park below the
 * small class is scored as small). */
typedef enum tl_park_size {
  TL_PARK_SIZE_AUTO = 0,
  TL_PARK_SIZE_SMALL = 1, /* 0.2-1 Mtce/yr: CO2 <= 0.20 t/tce (S14) */
  TL_PARK_SIZE_LARGE = 2  /* over 1 Mtce/yr: CO2 <= 0.30 t/tce (S14) */
} tl_park_size;

typedef struct tl_park_options {
  const char *park_file;     /* park data CSV ITEM,KEY,YEAR,VALUE,UNIT,SOURCE
                                (unit conversions, clean fractions, the
                                non-energy indicators); required */
  const char *criteria_file; /* thresholds CSV CRITERION,SIZE,THRESHOLD,
                                SENSE,UNIT,SOURCE; NULL: the built-in S14
                                values */
  tl_park_size size;         /* default AUTO */
  int year;                  /* score this year only; 0 (default): all */
} tl_park_options;

void tl_park_options_init(tl_park_options *o);

/* One line of the scorecard. Strings live as long as the scorecard. */
typedef struct tl_park_row {
  const char *region;
  int year;
  const char *criterion; /* energy_use, co2_emissions, co2_per_tce,
                            clean_energy_share, solid_waste_reuse,
                            waste_heat_use, water_reuse */
  const char *unit;      /* tce, tCO2, tCO2/tce, % */
  double value;          /* NAN when not known (no park data) */
  double threshold;      /* NAN for energy_use and co2_emissions */
  int sense;             /* +1: value >= threshold; -1: value <= threshold;
                            0: no threshold */
  int met;               /* 1 met, 0 not met, -1 not scored */
  double gap;            /* shortfall in the unit: > 0 missed by gap, <= 0
                            met with a margin of -gap; NAN when not scored */
  const char *size;      /* size class of the year: small, large, below */
  const char *source;    /* source of the threshold (or of the value) */
} tl_park_row;

typedef struct tl_park tl_park; /* a scorecard */

/* Score the result folder outdir (read: ProductionByTechnologyAnnual,
 * UseByTechnologyAnnual, AnnualEmissions, AnnualTechnologyEmission and,
 * when present, Demand). *out gets the scorecard (free with
 * tl_park_free) or NULL on failure: TL_ERR_IO (folder or table missing,
 * unreadable), TL_ERR_PARSE (bad CSV, bad number), TL_ERR_INVALID
 * (inconsistent park data, several regions, nothing to score),
 * TL_ERR_NOMEM, TL_ERR_ARG. */
tl_status tl_park_score(tl_ctx *ctx, const char *outdir,
                        const tl_park_options *o, tl_park **out);

long tl_park_count(const tl_park *p);
/* Row i, 0-based, i < tl_park_count(p); NULL when out of range. */
const tl_park_row *tl_park_row_at(const tl_park *p, long i);

/* Write the scorecard as CSV (REGION,YEAR,CRITERION,VALUE,UNIT,THRESHOLD,
 * SENSE,MET,GAP,SIZE_CLASS,SOURCE) to path, whole or not at all ("-":
 * standard output). */
tl_status tl_park_write(tl_ctx *ctx, const tl_park *p, const char *path);

void tl_park_free(tl_park *p); /* accepts NULL */

#ifdef __cplusplus
}
#endif

#endif /* TANLU_PARK_H */
