/* analysis.h - internal interface of the roadmap analyses (implements
 * tanlu_roadmap.h): a solved run as the analyses see it, the tables being
 * filled, and one entry point per analysis (one file each). */
#ifndef TL_ANALYSIS_H
#define TL_ANALYSIS_H

#include "lp/build.h"
#include "tanlu_roadmap.h"

/* Zeros replaced in LMDI factors (Ang & Liu, 2007). */
#define TL_AN_DELTA 1e-10
/* Magnitudes at or below this are solver noise: not written as rows. */
#define TL_AN_EPS 1e-10

/* ---- tables ------------------------------------------------------------ */
enum {
  TL_AN_EMISSIONS = 0,
  TL_AN_TARGETS,
  TL_AN_CARBON_PRICE,
  TL_AN_PHASES,
  TL_AN_COST_PREMIUM,
  TL_AN_MAC,
  TL_AN_MATURITY,
  TL_AN_INNOVATION,
  TL_AN_CRITICALITY,
  TL_AN_COBENEFITS,
  TL_AN_NTABLES
};

/* A table being filled: its CSV rows as text. */
typedef struct tl_an_table {
  tl_buf body;   /* rows, each ending in '\n' */
  long rows;
  int field;     /* fields written in the current row */
  tl_buf notice; /* why rows are missing; empty when none */
} tl_an_table;

extern const char *const tl_an_table_names[TL_AN_NTABLES];
extern const char *const tl_an_table_headers[TL_AN_NTABLES];

void tl_an_str(tl_an_table *t, const char *s); /* a text field (quoted if
                                                   needed); NULL: empty */
void tl_an_num(tl_an_table *t, double v);      /* NAN: empty field */
void tl_an_int(tl_an_table *t, long v);
void tl_an_endrow(tl_an_table *t);

/* ---- a solved run --------------------------------------------------------- */
typedef struct tl_an_run {
  const tl_model *m;
  const tl_lp *lp;
  const tl_build *b;
  const tl_solution *s;
  const double *x;
  int R, T, F, E, Y, L;
  /* [R*T*Y], index (r*T + t)*Y + y */
  double *act;     /* annual activity, all modes */
  double *co2;     /* net direct CO2 (emissions that are CO2) */
  double *ghg;     /* net direct CO2e of all gases with a GWP */
  double *nonco2;  /* CO2e of the gases other than CO2 */
  double *captured; /* CO2 captured by a CCUS technology (>= 0) */
  char *removal;   /* 1: the CO2 of (r,t,y) counts as carbon removal */
  /* [R*Y] */
  double *exo_co2, *exo_ghg; /* exogenous emissions (AnnualExogenous...) */
} tl_an_run;

/* Derive the arrays of a run from its model, LP (built by tl_lp_build)
 * and optimal solution. 0, or -1 when out of memory. */
int tl_an_run_init(tl_an_run *u, const tl_model *m, const tl_lp *lp,
                   const tl_solution *s);
void tl_an_run_free(tl_an_run *u);

static inline size_t tl_an_rty(const tl_an_run *u, int r, int t, int y) {
  return ((size_t)r * (size_t)u->T + (size_t)t) * (size_t)u->Y + (size_t)y;
}

/* Annual activity of (r,t,mode m,y): sum over timeslices of
 * RateOfActivity * YearSplit (0 when the mode has no column). */
double tl_an_actm(const tl_an_run *u, int r, int t, int m, int y);
/* Annual emission e of (r,t,y): EmissionActivityRatio * activity by mode. */
double tl_an_emission(const tl_an_run *u, int r, int t, int e, int y);
/* Annual production (side 0) or use (side 1) of fuel f by (r,t,y). */
double tl_an_flow(const tl_an_run *u, int side, int r, int t, int f, int y);
/* Total production (side 0) or use (side 1) of (r,t,y) over all fuels. */
double tl_an_flow_total(const tl_an_run *u, int side, int r, int t, int y);
/* Sum of a ratio (OAR, IAR or EAR grouped in b) over fuels/emissions of
 * mode m of (r,t,y); k >= 0 restricts it to fuel or emission k. */
double tl_an_ratio(const tl_ratios *g, const tl_build *b, int r, int t,
                   int m, int y, int k);
/* The mode of (r,t,y) with the most activity, else the first mode with an
 * output; -1 when the technology has no mode with an output. */
int tl_an_main_mode(const tl_an_run *u, int r, int t, int y);
/* Value of a parameter with "entries only" semantics (TL_PF_ENTRIES): NAN
 * when the tuple has no row and no default was declared. idx: [nidx]. */
double tl_an_entry(const tl_model *m, tl_param_id pid, const int32_t *idx);
/* Technology named by ReferenceTechnology[t], or -1. */
int tl_an_reference_tech(const tl_model *m, int t);
/* First model year (position) with TechnologyReadiness >= 9, or -1. */
int tl_an_ready_year(const tl_model *m, int t, int Y);
/* First model year position in which (r,t) is deployed at scale: new
 * capacity >= share * its largest annual new capacity (and > TL_AN_EPS);
 * -1 when never. */
int tl_an_first_deployed(const tl_an_run *u, int r, int t, double share);

/* Embodied emission intensity of every fuel of (r,y) in run u: the
 * emissions of the technologies that make it and of everything they use,
 * per unit produced, where direct[(r*T+t)*Y+y] are the direct emissions
 * counted (0 for technologies left out). Co-products share a technology's
 * emissions in proportion to their output. g: [F] out. 0, or -1 (oom). */
int tl_an_embodied(const tl_an_run *u, int r, int y, const double *direct,
                   double *g);

/* ---- the analyses ------------------------------------------------------------ */
struct tl_roadmap {
  tl_an_table tab[TL_AN_NTABLES];
  int R, Y;
  char **region;           /* [R] owned names */
  tl_roadmap_figures *fig; /* [R] */
  int nphases;             /* 0 without a reference */
  tl_roadmap_phase *phase; /* [R * nphases] */
};

/* A cost-premium record of (r, t, y) (CostPremium.csv, used by the MAC
 * curve and the maturity statistics). */
typedef struct tl_an_premium {
  int r, t, ref, y, product;
  double lcop, lcop_ref, premium_pct;
  double em, em_ref, abatement, mac; /* CO2e per unit of product */
  double prod, prod_ref;              /* production of the product */
} tl_an_premium;

/* Everything an analysis reads and writes. */
typedef struct tl_an {
  tl_ctx *ctx;
  tl_roadmap_options o;
  tl_roadmap *rm;
  tl_an_run run;       /* the pathway */
  tl_an_run ref;       /* the reference run, when has_ref */
  int has_ref;
  tl_lp *ref_lp;
  tl_solution *ref_sol;
  tl_an_premium *prem; /* [nprem], capprem allocated */
  size_t nprem, capprem;
  int oom;             /* set when an allocation failed */
} tl_an;

/* Record a notice for table i (also a TL_NOTICE in the context). */
void tl_an_notice(tl_an *a, int table, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Name of member i of set s. */
static inline const char *tl_an_name(const tl_model *m, tl_set_id s, int i) {
  return m->sets[s].name[i];
}

/* Each fills its table(s) and the figures it owns; 0, or -1 on failure
 * (out of memory, or an error reported in ctx). */
int tl_an_emissions(tl_an *a);    /* Emissions.csv */
int tl_an_targets(tl_an *a);      /* Targets.csv, figures: peak, net zero */
int tl_an_carbon_price(tl_an *a); /* CarbonPrice.csv, figures: price */
int tl_an_phases(tl_an *a);       /* PhaseDecomposition.csv, phases */
int tl_an_cost_premium(tl_an *a); /* CostPremium.csv, MACCurve.csv */
int tl_an_maturity(tl_an *a);     /* MaturityStatistics.csv */
int tl_an_innovation(tl_an *a);   /* InnovationGap.csv */
int tl_an_criticality(tl_an *a);  /* Criticality.csv; -2: interrupted */
int tl_an_cobenefits(tl_an *a);   /* CoBenefits.csv */

/* Emissions of (r,y) of a run on a basis: co2 != 0 counts CO2 only, else
 * CO2e of all gases; no_sinks != 0 leaves out technologies of category
 * sink. Exogenous emissions included. */
double tl_an_total(const tl_an_run *u, int r, int y, int co2, int no_sinks);

/* Undiscounted dual price of LP row i of year y in region r: the marginal
 * cost of relaxing a "<=" row by one unit, in money of year y
 * (-dual * (1+DR)^(y-y0+0.5)); 0 when i < 0. */
double tl_an_row_price(const tl_an_run *u, int i, int r, int y);

/* Fuel price of (r,f,y): FuelPrice when given, else the balance duals
 * (EBa11 averaged over timeslices with YearSplit weights, plus EBb4)
 * undiscounted. prices: [R*F*Y] out. 0 or -1 (oom). */
int tl_an_fuel_prices(const tl_an_run *u, double *prices);

#endif /* TL_ANALYSIS_H */
