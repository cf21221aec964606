/* build.h - the LP builder's view of a model: index maps from model
 * indices to LP columns and rows, precomputed factors, and the grouped
 * activity ratios. Shared by the builder files and the result writer. */
#ifndef TL_BUILD_H
#define TL_BUILD_H

#include "lp/lp.h"
#include "model/roadmap.h"

/* Row families (order = tl_build_rowfams). */
enum {
  TL_R_EBa11, TL_R_EBb4, TL_R_CAa4, TL_R_CAa5, TL_R_CAa2, TL_R_CAb1, TL_R_TCC1,
  TL_R_TCC2, TL_R_AAC2, TL_R_AAC3, TL_R_TAC2, TL_R_TAC3, TL_R_RM3,
  TL_R_RE4, TL_R_E7, TL_R_E8, TL_R_E9, TL_R_OC1, TL_R_S5, TL_R_S7, TL_R_S9,
  TL_R_S11, TL_R_S13, TL_R_SC1L, TL_R_SC1U, TL_R_SC2L, TL_R_SC2U, TL_R_SC3L,
  TL_R_SC3U, TL_R_SC4L, TL_R_SC4U, TL_R_SC5, TL_R_SC6,
  /* roadmap extensions */
  TL_R_GHG, TL_R_CI, TL_R_PE1, TL_R_PE2, TL_R_PK, TL_R_NZ, TL_R_GR,
  TL_R_COUNT
};

/* Column families. */
enum {
  TL_C_RateOfActivity, TL_C_NewCapacity, TL_C_NumberOfNewTechnologyUnits,
  TL_C_Trade, TL_C_NewStorageCapacity, TL_C_StorageLevelYearStart,
  TL_C_StorageLevelYearFinish, TL_C_StorageLevelSeasonStart,
  TL_C_StorageLevelDayTypeStart, TL_C_StorageLevelDayTypeFinish,
  TL_C_TotalCapacityAnnual, TL_C_COUNT
};

extern const tl_lp_family tl_build_rowfams[TL_R_COUNT];
extern const tl_lp_family tl_build_colfams[TL_C_COUNT];

/* Entries of a ratio parameter (Input/Output/EmissionActivityRatio)
 * grouped by (r, t, y): bucket b = (r*T + t)*Y + y holds entries
 * start[b] .. start[b+1]-1, each with a fuel/emission k, a mode position m
 * (index into MODE_OF_OPERATION) and a value v (nonzero). */
typedef struct tl_ratios {
  int64_t *start; /* [R*T*Y + 1] */
  int32_t *k;     /* [n] fuel or emission */
  int32_t *m;     /* [n] mode */
  double *v;      /* [n] */
  int64_t n;
} tl_ratios;

typedef struct tl_build {
  const tl_model *m;
  tl_build_options opt;  /* copy of the run's options */
  tl_roadmap_info ri;    /* emission weights, technology categories */
  int ri_ok;             /* ri was initialised */
  int R, T, L, F, E, M, S, Y, LS, LD, LH;
  double *yv;      /* [Y] year values (increasing) */
  double *yw;      /* [Y] YearWeight: calendar years model year y stands
                      for (1 in plain OSeMOSYS) */
  double yend;     /* last calendar year of the horizon: yv[Y-1] +
                      yw[Y-1] - 1 (salvage is counted from it) */
  double *ys;      /* [L*Y] YearSplit[l,y] */

  /* modes of each technology that get activity columns */
  int *tm_start;   /* [T+1] */
  int *tm_mode;    /* [tm_start[T]] mode positions */
  int *mode_slot;  /* [T*M] slot k of mode m for t, or -1 */

  /* columns */
  int *act0;       /* [R*T] first RateOfActivity column of (r,t), -1 none;
                      column of (r,l,t,slot k,y) = act0 + (y*L+l)*nm + k */
  int tca0;        /* TotalCapacityAnnual of (r,t,y) = tca0+(r*T+t)*Y+y,
                      or -1 when substituted (the default) */
  int newcap0;     /* NewCapacity column of (r,t,y) = newcap0+(r*T+t)*Y+y */
  int *units;      /* [R*T*Y] NumberOfNewTechnologyUnits column or -1 */
  int *trade;      /* [R*R*F*Y] Trade column for l=0 (then +l) or -1 */
  double *trade_sign; /* [R*R*F*Y] +1 or -1 (Trade[rr,r] = -Trade[r,rr]) */
  int nsc0;        /* NewStorageCapacity of (r,s,y) = nsc0+(r*S+s)*Y+y */
  int slys0, slyf0; /* (r,s,y) */
  int slss0;       /* (r,s,ls,y): slss0 + ((r*S+s)*LS+ls)*Y+y */
  int sldts0, sldtf0; /* (r,s,ls,ld,y): +(((r*S+s)*LS+ls)*LD+ld)*Y+y */

  /* rows of interest for duals */
  int *eb_row;     /* [R*L*F*Y] EBa11 row or -1 */
  int *e8_row;     /* [R*E*Y] E8 row or -1 */
  int *ghg_row, *ci_row, *pk_row, *nz_row; /* [R*Y] roadmap rows or -1 */
  int *e9_row;     /* [R*E] E9 row or -1 */

  /* technology economics, [R*T*Y] */
  double *capfactor; /* CapitalCost*CRF*PvAnnuity (undiscounted) */
  double *salvfrac;  /* SalvageValue / CapitalInvestment */
  int *life_lo;      /* [R*T*Y] first year position yy counted in y's
                        accumulated capacity (y - yy < OperationalLife) */
  double *df, *dfmid; /* [R*Y] discount factors: df at the start of year
                         y; dfmid the mid-year divisor of y's annual
                         costs, over the yw[y] years y stands for:
                         1 / sum_k (1+DR)^-(y+k-Ymin+0.5) */
  double *svdf;       /* [R] (1+DR)^(1+Ymax-Ymin) */

  /* ratios */
  tl_ratios oar, iar, ear;
  int *has_producer; /* [R*F*Y] sum over t,m of OAR != 0 */
  int *has_user;     /* [R*F*Y] sum over t,m of IAR != 0 */

  /* storage order helpers (positions sorted by numeric value) */
  int *ls_ord, *ld_ord, *lh_ord; /* [LS], [LD], [LH] */
} tl_build;

/* Sum of the mid-year discount factors (1+dr)^-(from+k+0.5) of the
 * weight years k = 0, 1, ... that a model year `from` years after the first
 * stands for (a fractional weight counts its last year in part). */
double tl_period_discount(double dr, double from, double weight);

/* Compute sizes, maps and factors for model m (which must be valid).
 * NULL when out of memory. */
tl_build *tl_build_prepare(const tl_model *m, const tl_build_options *opt);
void tl_build_free(tl_build *b); /* accepts NULL */

/* Salvage value as a fraction of the investment made in year yv, for an
 * asset of the given life, rate and DepreciationMethod dm (SV1-SV3). */
double tl_salvage_fraction(double yv, double ymax, double life, double dr,
                           int dm);

/* Add the roadmap rows: GHG caps, carbon intensity, energy dual control,
 * peak and net-zero targets, capacity growth (build_roadmap.c). 0 or -1. */
int tl_build_roadmap_rows(tl_build *b, tl_lp *lp);
/* 1 if a technology may have negative emissions (sink or removal). */
int tl_build_negative_ok(const tl_build *b, int t);
/* Weight of emission e in a basis: CO2 only (co2 != 0) or CO2e. */
double tl_build_weight(const tl_build *b, int e, int co2);

/* Add the storage columns and rows (build_storage.c). 0, or -1 (oom). */
int tl_build_storage_cols(tl_build *b, tl_lp *lp);
int tl_build_storage_rows(tl_build *b, tl_lp *lp);

/* Column of RateOfActivity[r,l,t,m,y] or -1 when it has none. */
static inline int tl_build_act(const tl_build *b, int r, int l, int t, int m,
                               int y) {
  int a = b->act0[r * b->T + t];
  int k = b->mode_slot[t * b->M + m];
  if (a < 0 || k < 0) return -1;
  int nm = b->tm_start[t + 1] - b->tm_start[t];
  return a + (y * b->L + l) * nm + k;
}

static inline int tl_build_newcap(const tl_build *b, int r, int t, int y) {
  return b->newcap0 + (r * b->T + t) * b->Y + y;
}

/* Accumulated new capacity of (r,t,y) from a primal vector x. */
double tl_build_accnew(const tl_build *b, const double *x, int r, int t,
                       int y);
/* Accumulated new storage capacity of (r,s,y). */
double tl_build_accnew_storage(const tl_build *b, const double *x, int r,
                               int s, int y);

#endif /* TL_BUILD_H */
