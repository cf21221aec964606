/* build.c - the LP of the OSeMOSYS reference formulation (osemosys.txt).
 *
 * Variables defined by an equality are substituted out, as
 * osemosys_fast.txt does, so the LP keeps only RateOfActivity, NewCapacity,
 * NumberOfNewTechnologyUnits, Trade, NewStorageCapacity and the storage
 * levels. Where osemosys_fast.txt departs from osemosys.txt (RE4's
 * YearSplit, storage salvage and SI7/SI8, DepreciationMethod in SV1/SV2,
 * the day type in SC2) this follows osemosys.txt. Constraints that the
 * substitution makes implicit in osemosys.txt - the non-negativity of
 * substituted variables - are kept where they can bind (negative ratios,
 * negative variable costs, negative exogenous emissions); rows that are
 * provably redundant are left out (EBb4 without accumulated demand, CAa4
 * and CAb1 of technologies without activity, RM3 without tagged fuels). */
#include <string.h>

#include "lp/build.h"

#define R_ TL_REGION
#define T_ TL_TECHNOLOGY
#define L_ TL_TIMESLICE
#define F_ TL_FUEL
#define E_ TL_EMISSION
#define M_ TL_MODE_OF_OPERATION
#define Y_ TL_YEAR
#define S_ TL_STORAGE
#define LS_ TL_SEASON
#define LD_ TL_DAYTYPE
#define LH_ TL_DAILYTIMEBRACKET

const tl_lp_family tl_build_rowfams[TL_R_COUNT] = {
    {"EBa11_EnergyBalanceEachTS5", 4, {R_, L_, F_, Y_}},
    {"EBb4_EnergyBalanceEachYear4", 3, {R_, F_, Y_}},
    {"CAa4_Constraint_Capacity", 4, {R_, L_, T_, Y_}},
    {"CAa5_TotalNewCapacity", 3, {R_, T_, Y_}},
    {"CAa2_TotalAnnualCapacity", 3, {R_, T_, Y_}},
    {"CAb1_PlannedMaintenance", 3, {R_, T_, Y_}},
    {"TCC1_TotalAnnualMaxCapacityConstraint", 3, {R_, T_, Y_}},
    {"TCC2_TotalAnnualMinCapacityConstraint", 3, {R_, T_, Y_}},
    {"AAC2_TotalAnnualTechnologyActivityUpperLimit", 3, {R_, T_, Y_}},
    {"AAC3_TotalAnnualTechnologyActivityLowerLimit", 3, {R_, T_, Y_}},
    {"TAC2_TotalModelHorizonTechnologyActivityUpperLimit", 2, {R_, T_}},
    {"TAC3_TotalModelHorizenTechnologyActivityLowerLimit", 2, {R_, T_}},
    {"RM3_ReserveMargin_Constraint", 3, {R_, L_, Y_}},
    {"RE4_EnergyConstraint", 2, {R_, Y_}},
    {"E7_ModelPeriodEmissionsNonNegative", 2, {R_, E_}},
    {"E8_AnnualEmissionsLimit", 3, {R_, E_, Y_}},
    {"E9_ModelPeriodEmissionsLimit", 2, {R_, E_}},
    {"OC1_OperatingCostsVariableNonNegative", 3, {R_, T_, Y_}},
    {"S5_and_S6_StorageLevelYearStart", 3, {R_, S_, Y_}},
    {"S7_and_S8_StorageLevelYearFinish", 3, {R_, S_, Y_}},
    {"S9_and_S10_StorageLevelSeasonStart", 4, {R_, S_, LS_, Y_}},
    {"S11_and_S12_StorageLevelDayTypeStart", 5, {R_, S_, LS_, LD_, Y_}},
    {"S13_and_S14_and_S15_StorageLevelDayTypeFinish", 5, {R_, S_, LS_, LD_, Y_}},
    {"SC1_LowerLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInFirstWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC1_UpperLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInFirstWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC2_LowerLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInFirstWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC2_UpperLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInFirstWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC3_LowerLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInLastWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC3_UpperLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInLastWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC4_LowerLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInLastWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC4_UpperLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInLastWeekConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC5_MaxChargeConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"SC6_MaxDischargeConstraint", 6, {R_, S_, LS_, LD_, LH_, Y_}},
    {"GHG1_AnnualGHGLimit", 2, {R_, Y_}},
    {"CI1_CarbonIntensityLimit", 2, {R_, Y_}},
    {"PE1_EnergyConsumptionLimit", 2, {R_, Y_}},
    {"PE2_EnergyIntensityLimit", 2, {R_, Y_}},
    {"PK1_CarbonPeak", 2, {R_, Y_}},
    {"NZ1_NetZero", 2, {R_, Y_}},
    {"GR1_CapacityGrowth", 3, {R_, T_, Y_}},
};

const tl_lp_family tl_build_colfams[TL_C_COUNT] = {
    {"RateOfActivity", 5, {R_, L_, T_, M_, Y_}},
    {"NewCapacity", 3, {R_, T_, Y_}},
    {"NumberOfNewTechnologyUnits", 3, {R_, T_, Y_}},
    {"Trade", 5, {R_, R_, L_, F_, Y_}},
    {"NewStorageCapacity", 3, {R_, S_, Y_}},
    {"StorageLevelYearStart", 3, {R_, S_, Y_}},
    {"StorageLevelYearFinish", 3, {R_, S_, Y_}},
    {"StorageLevelSeasonStart", 4, {R_, S_, LS_, Y_}},
    {"StorageLevelDayTypeStart", 5, {R_, S_, LS_, LD_, Y_}},
    {"StorageLevelDayTypeFinish", 5, {R_, S_, LS_, LD_, Y_}},
    {"TotalCapacityAnnual", 3, {R_, T_, Y_}},
};

#define TRY(x) \
  do {         \
    if ((x) < 0) goto oom; \
  } while (0)

void tl_build_options_init(tl_build_options *o) {
  memset(o, 0, sizeof *o);
  o->gwp = TL_GWP_AR5;
}

/* ---- columns ---------------------------------------------------------- */

/* Upper bound 0 for activity whose product with a negative ratio would make
 * a non-negative variable of osemosys.txt negative (EBa1, EBa4, E1), or
 * whose emission meets a negative penalty (E3). */
static int activity_forced_zero(const tl_build *b, int r, int t, int mm, int y) {
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  const tl_ratios *g[3] = {&b->oar, &b->iar, &b->ear};
  /* sinks and removals may emit negatively (roadmap extension) */
  int nk = tl_build_negative_ok(b, t) ? 2 : 3;
  for (int k = 0; k < nk; k++)
    for (int64_t e = g[k]->start[q]; e < g[k]->start[q + 1]; e++)
      if (g[k]->m[e] == mm && g[k]->v[e] < 0) return 1;
  for (int64_t e = b->ear.start[q]; e < b->ear.start[q + 1]; e++)
    if (b->ear.m[e] == mm && b->ear.v[e] > 0 && !b->opt.no_climate &&
        !tl_build_negative_ok(b, t) &&
        tl_pget3(b->m, TL_P_EmissionsPenalty, r, b->ear.k[e], y) < 0)
      return 1;
  return 0;
}

static int add_activity_cols(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, L = b->L, Y = b->Y, M = b->M;
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      int nm = b->tm_start[t + 1] - b->tm_start[t];
      b->act0[r * T + t] = nm ? lp->ncols : -1;
      for (int y = 0; y < Y; y++) {
        double dfm = b->dfmid[r * Y + y];
        /* OC1 exists only where the sum of VariableCost over all modes is
         * nonzero; elsewhere AnnualVariableOperatingCost is 0. */
        double vcsum = 0;
        for (int mm = 0; mm < M; mm++)
          vcsum += tl_pget4(m, TL_P_VariableCost, r, t, mm, y);
        double cost[64];
        double *c = nm <= 64 ? cost : tl_malloc((size_t)nm * sizeof *c);
        if (!c) return -1;
        char zero[64];
        for (int k = 0; k < nm; k++) {
          int mm = b->tm_mode[b->tm_start[t] + k];
          c[k] = vcsum != 0 ? tl_pget4(m, TL_P_VariableCost, r, t, mm, y) : 0;
          if (k < 64) zero[k] = (char)activity_forced_zero(b, r, t, mm, y);
        }
        /* E3-E5: emission penalties, discounted mid-year */
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        for (int64_t e = b->ear.start[q]; e < b->ear.start[q + 1]; e++) {
          double pen = b->opt.no_climate ? 0 : tl_pget3(m, TL_P_EmissionsPenalty, r, b->ear.k[e], y);
          int k = b->mode_slot[t * M + b->ear.m[e]];
          if (pen != 0 && k >= 0) c[k] += b->ear.v[e] * pen;
        }
        for (int l = 0; l < L; l++) {
          double ys = b->ys[l * Y + y];
          for (int k = 0; k < nm; k++) {
            int mm = b->tm_mode[b->tm_start[t] + k];
            int32_t ix[5] = {r, l, t, mm, y};
            int z = k < 64 ? zero[k] : activity_forced_zero(b, r, t, mm, y);
            if (tl_lp_add_col(lp, TL_C_RateOfActivity, ix, 0, z ? 0 : TL_INF,
                              c[k] * ys / dfm, 0) < 0) {
              if (c != cost) tl_free(c, (size_t)nm * sizeof *c);
              return -1;
            }
          }
        }
        if (c != cost) tl_free(c, (size_t)nm * sizeof *c);
      }
    }
  return 0;
}

static int add_capacity_cols(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, Y = b->Y;
  b->newcap0 = lp->ncols;
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        /* CC1-CC2 capital, SV1-SV4 salvage */
        double obj = b->capfactor[q] * (1 / b->df[r * Y + y] -
                                        b->salvfrac[q] / b->svdf[r]);
        /* OC2-OC4 fixed costs of every later year this capacity lives */
        for (int y2 = y; y2 < Y; y2++) {
          size_t q2 = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y2;
          if (b->life_lo[q2] > y) break;
          obj += tl_pget3(m, TL_P_FixedCost, r, t, y2) / b->dfmid[r * Y + y2];
        }
        double lo = tl_pget3(m, TL_P_TotalAnnualMinCapacityInvestment, r, t, y);
        double hi = tl_pget3(m, TL_P_TotalAnnualMaxCapacityInvestment, r, t, y);
        /* roadmap: nothing is built before it is commercial (TRL 9) */
        if (!b->opt.allow_precommercial && tl_pget2(m, TL_P_TechnologyReadiness, t, y) < 9)
          hi = 0;
        int32_t ix[3] = {r, t, y};
        /* NCC1, NCC2 as bounds */
        /* annual limits: a model year of weight w builds for w years */
        double w = b->yw[y];
        if (tl_lp_add_col(lp, TL_C_NewCapacity, ix, lo > 0 ? lo * w : 0,
                          hi != -1 ? hi * w : TL_INF, obj, 0) < 0)
          return -1;
        /* the fixed cost of residual capacity is a constant */
        lp->objconst += tl_pget3(m, TL_P_ResidualCapacity, r, t, y) *
                        tl_pget3(m, TL_P_FixedCost, r, t, y) /
                        b->dfmid[r * Y + y];
      }
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        b->units[q] = -1;
        double unit = tl_pget3(m, TL_P_CapacityOfOneTechnologyUnit, r, t, y);
        if (unit == 0) continue;
        int32_t ix[3] = {r, t, y};
        int j = tl_lp_add_col(lp, TL_C_NumberOfNewTechnologyUnits, ix, 0,
                              TL_INF, 0, 1);
        if (j < 0) return -1;
        b->units[q] = j;
        /* CAa5: unit * N = NewCapacity */
        int i = tl_lp_add_row(lp, TL_R_CAa5, ix, 0, 0);
        if (i < 0 || tl_lp_add_nz(lp, i, j, unit) ||
            tl_lp_add_nz(lp, i, tl_build_newcap(b, r, t, y), -1))
          return -1;
      }
  return 0;
}

/* Trade[r,rr,l,f,y] for routes; EBa10 (Trade[r,rr] = -Trade[rr,r]) is
 * substituted when both directions are routes. */
static int add_trade_cols(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, F = b->F, Y = b->Y, L = b->L;
  for (int r = 0; r < R; r++)
    for (int rr = 0; rr < R; rr++)
      for (int f = 0; f < F; f++)
        for (int y = 0; y < Y; y++) {
          size_t q = (((size_t)r * (size_t)R + (size_t)rr) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
          b->trade[q] = -1;
          b->trade_sign[q] = 1;
          if (r == rr || tl_pget4(m, TL_P_TradeRoute, r, rr, f, y) == 0) continue;
          if (rr < r && tl_pget4(m, TL_P_TradeRoute, rr, r, f, y) != 0) {
            size_t q2 = (((size_t)rr * (size_t)R + (size_t)r) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
            b->trade[q] = b->trade[q2];
            b->trade_sign[q] = -1;
            continue;
          }
          b->trade[q] = lp->ncols;
          for (int l = 0; l < L; l++) {
            int32_t ix[5] = {r, rr, l, f, y};
            if (tl_lp_add_col(lp, TL_C_Trade, ix, -TL_INF, TL_INF, 0, 0) < 0)
              return -1;
          }
        }
  return 0;
}

/* ---- rows ------------------------------------------------------------- */

/* coef * TotalCapacityAnnual[r,t,y] into row i: either the column (with
 * --capacity-columns) or its substitution, the sum of NewCapacity over the
 * technology's life plus ResidualCapacity. The constant part is moved to
 * the row's bounds. */
static int add_capacity(tl_build *b, tl_lp *lp, int row, int r, int t, int y,
                        double coef) {
  if (coef == 0) return 0;
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  if (b->tca0 >= 0) return tl_lp_add_nz(lp, row, b->tca0 + (int)q, coef);
  for (int yy = b->life_lo[q]; yy <= y; yy++)
    if (tl_lp_add_nz(lp, row, tl_build_newcap(b, r, t, yy), coef)) return -1;
  double k = coef * tl_pget3(b->m, TL_P_ResidualCapacity, r, t, y);
  if (lp->rowlb[row] > -TL_INF) lp->rowlb[row] -= k;
  if (lp->rowub[row] < TL_INF) lp->rowub[row] -= k;
  return 0;
}

/* With --capacity-columns: TotalCapacityAnnual columns and CAa1+CAa2 rows
 * TotalCapacityAnnual - sum of NewCapacity over the life = residual. */
static int add_capacity_columns(tl_build *b, tl_lp *lp) {
  b->tca0 = lp->ncols;
  for (int r = 0; r < b->R; r++)
    for (int t = 0; t < b->T; t++)
      for (int y = 0; y < b->Y; y++) {
        int32_t ix[3] = {r, t, y};
        if (tl_lp_add_col(lp, TL_C_TotalCapacityAnnual, ix, 0, TL_INF, 0, 0) < 0) return -1;
      }
  for (int r = 0; r < b->R; r++)
    for (int t = 0; t < b->T; t++)
      for (int y = 0; y < b->Y; y++) {
        size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
        int32_t ix[3] = {r, t, y};
        double res = tl_pget3(b->m, TL_P_ResidualCapacity, r, t, y);
        int i = tl_lp_add_row(lp, TL_R_CAa2, ix, res, res);
        if (i < 0 || tl_lp_add_nz(lp, i, b->tca0 + (int)q, 1)) return -1;
        for (int yy = b->life_lo[q]; yy <= y; yy++)
          if (tl_lp_add_nz(lp, i, tl_build_newcap(b, r, t, yy), -1)) return -1;
      }
  return 0;
}

/* EBa11 (per timeslice) and EBb4 (per year) energy balances. */
static int add_balance_rows(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, L = b->L, F = b->F, Y = b->Y, M = b->M;
  int *ebb = tl_malloc((size_t)(R * F * Y) * sizeof *ebb);
  if (!ebb) return -1;
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++)
      for (int f = 0; f < F; f++) {
        int prod = b->has_producer[(r * F + f) * Y + y];
        double sad = tl_pget3(m, TL_P_SpecifiedAnnualDemand, r, f, y);
        for (int l = 0; l < L; l++) {
          size_t q = (((size_t)r * (size_t)L + (size_t)l) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
          b->eb_row[q] = -1;
          /* Without a producer, Production is a free variable in
           * osemosys.txt and the balance always holds. */
          if (!prod) continue;
          double dem = sad != 0 ? sad * tl_pget4(m, TL_P_SpecifiedDemandProfile, r, f, l, y) : 0;
          int32_t ix[4] = {r, l, f, y};
          b->eb_row[q] = tl_lp_add_row(lp, TL_R_EBa11, ix, dem, TL_INF);
          if (b->eb_row[q] < 0) goto oom;
        }
        ebb[(r * F + f) * Y + y] = -1;
        double aad = tl_pget3(m, TL_P_AccumulatedAnnualDemand, r, f, y);
        if (prod && aad != 0) {
          int32_t ix[3] = {r, f, y};
          int i = tl_lp_add_row(lp, TL_R_EBb4, ix, aad, TL_INF);
          if (i < 0) goto oom;
          ebb[(r * F + f) * Y + y] = i;
        }
      }
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        for (int side = 0; side < 2; side++) {
          const tl_ratios *g = side ? &b->iar : &b->oar;
          double sign = side ? -1 : 1;
          for (int64_t e = g->start[q]; e < g->start[q + 1]; e++) {
            int f = g->k[e];
            if (side && !b->has_user[(r * F + f) * Y + y]) continue;
            if (!side && !b->has_producer[(r * F + f) * Y + y]) continue;
            int ia = ebb[(r * F + f) * Y + y];
            for (int l = 0; l < L; l++) {
              int j = tl_build_act(b, r, l, t, g->m[e], y);
              double v = sign * g->v[e] * b->ys[l * Y + y];
              size_t qe = (((size_t)r * (size_t)L + (size_t)l) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
              if (b->eb_row[qe] >= 0 && tl_lp_add_nz(lp, b->eb_row[qe], j, v)) goto oom;
              if (ia >= 0 && tl_lp_add_nz(lp, ia, j, v)) goto oom;
            }
          }
        }
      }
  (void)M;
  /* trade: - sum over rr of Trade[r,rr,l,f,y] * TradeRoute[r,rr,f,y] */
  for (int r = 0; r < R; r++)
    for (int rr = 0; rr < R; rr++)
      for (int f = 0; f < F; f++)
        for (int y = 0; y < Y; y++) {
          size_t q = (((size_t)r * (size_t)R + (size_t)rr) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
          if (b->trade[q] < 0) continue;
          double route = tl_pget4(m, TL_P_TradeRoute, r, rr, f, y);
          int ia = ebb[(r * F + f) * Y + y];
          for (int l = 0; l < L; l++) {
            size_t qe = (((size_t)r * (size_t)L + (size_t)l) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
            double v = -route * b->trade_sign[q];
            if (b->eb_row[qe] >= 0 && tl_lp_add_nz(lp, b->eb_row[qe], b->trade[q] + l, v)) goto oom;
            if (ia >= 0 && tl_lp_add_nz(lp, ia, b->trade[q] + l, v)) goto oom;
          }
        }
  tl_free(ebb, (size_t)(R * F * Y) * sizeof *ebb);
  return 0;
oom:
  tl_free(ebb, (size_t)(R * F * Y) * sizeof *ebb);
  return -1;
}

/* Sum of a technology's activity over timeslices and modes, times YearSplit
 * and coef, into row i. */
static int add_annual_activity(tl_build *b, tl_lp *lp, int i, int r, int t,
                               int y, double coef) {
  int nm = b->tm_start[t + 1] - b->tm_start[t];
  for (int l = 0; l < b->L; l++)
    for (int k = 0; k < nm; k++) {
      int j = b->act0[r * b->T + t] + (y * b->L + l) * nm + k;
      if (tl_lp_add_nz(lp, i, j, coef * b->ys[l * b->Y + y])) return -1;
    }
  return 0;
}

/* CAa4, CAb1, TCC1-2, AAC2-3, TAC2-3, OC1 non-negativity. */
static int add_technology_rows(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, L = b->L, Y = b->Y, M = b->M;
  /* CapacityFactor is read once per CAa4 row: a dense copy when it is
   * small enough avoids a hash lookup per row */
  size_t cfcells = 0;
  int cfoom = 0;
  double *cfd = tl_param_dense(m, TL_P_CapacityFactor, (size_t)1 << 23, &cfcells, &cfoom);
  if (cfoom) return -1;
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      int nm = b->tm_start[t + 1] - b->tm_start[t];
      double cau = tl_pget2(m, TL_P_CapacityToActivityUnit, r, t);
      for (int y = 0; y < Y; y++) {
        int32_t ix3[3] = {r, t, y};
        double cfys = 0;
        for (int l = 0; l < L && nm; l++) {
          double cf = cfd ? cfd[(((size_t)r * (size_t)T + (size_t)t) * (size_t)L + (size_t)l) * (size_t)Y + (size_t)y]
                          : tl_pget4(m, TL_P_CapacityFactor, r, t, l, y);
          cfys += cf * b->ys[l * Y + y];
          int32_t ix[4] = {r, l, t, y};
          int i = tl_lp_add_row(lp, TL_R_CAa4, ix, -TL_INF, 0);
          TRY(i);
          for (int k = 0; k < nm; k++)
            TRY(tl_lp_add_nz(lp, i, b->act0[r * T + t] + (y * L + l) * nm + k, 1));
          TRY(add_capacity(b, lp, i, r, t, y, -cf * cau));
        }
        double af = tl_pget3(m, TL_P_AvailabilityFactor, r, t, y);
        if (nm && af < 1) {
          double k = cfys * af * cau;
          int i = tl_lp_add_row(lp, TL_R_CAb1, ix3, -TL_INF, 0);
          TRY(i);
          TRY(add_annual_activity(b, lp, i, r, t, y, 1));
          TRY(add_capacity(b, lp, i, r, t, y, -k));
        }
        double mx = tl_pget3(m, TL_P_TotalAnnualMaxCapacity, r, t, y);
        if (mx != -1) {
          int i = tl_lp_add_row(lp, TL_R_TCC1, ix3, -TL_INF, mx);
          TRY(i);
          TRY(add_capacity(b, lp, i, r, t, y, 1));
        }
        double mn = tl_pget3(m, TL_P_TotalAnnualMinCapacity, r, t, y);
        if (mn > 0) {
          int i = tl_lp_add_row(lp, TL_R_TCC2, ix3, mn, TL_INF);
          TRY(i);
          TRY(add_capacity(b, lp, i, r, t, y, 1));
        }
        double up = tl_pget3(m, TL_P_TotalTechnologyAnnualActivityUpperLimit, r, t, y);
        if (up != -1 && (nm || up < 0)) {
          int i = tl_lp_add_row(lp, TL_R_AAC2, ix3, -TL_INF, up);
          TRY(i);
          if (nm) TRY(add_annual_activity(b, lp, i, r, t, y, 1));
        }
        double lo = tl_pget3(m, TL_P_TotalTechnologyAnnualActivityLowerLimit, r, t, y);
        if (lo > 0) {
          int i = tl_lp_add_row(lp, TL_R_AAC3, ix3, lo, TL_INF);
          TRY(i);
          if (nm) TRY(add_annual_activity(b, lp, i, r, t, y, 1));
        }
        /* AnnualVariableOperatingCost >= 0 can bind only with a negative
         * variable cost */
        int neg = 0;
        double vcsum = 0;
        for (int mm = 0; mm < M; mm++) {
          double vc = tl_pget4(m, TL_P_VariableCost, r, t, mm, y);
          vcsum += vc;
          neg |= vc < 0;
        }
        if (neg && vcsum != 0 && nm) {
          int i = tl_lp_add_row(lp, TL_R_OC1, ix3, 0, TL_INF);
          TRY(i);
          for (int l = 0; l < L; l++)
            for (int k = 0; k < nm; k++) {
              int mm = b->tm_mode[b->tm_start[t] + k];
              double vc = tl_pget4(m, TL_P_VariableCost, r, t, mm, y);
              TRY(tl_lp_add_nz(lp, i, b->act0[r * T + t] + (y * L + l) * nm + k,
                               vc * b->ys[l * Y + y]));
            }
        }
      }
      int32_t ix2[2] = {r, t};
      double up = tl_pget2(m, TL_P_TotalTechnologyModelPeriodActivityUpperLimit, r, t);
      if (up != -1 && (nm || up < 0)) {
        int i = tl_lp_add_row(lp, TL_R_TAC2, ix2, -TL_INF, up);
        TRY(i);
        for (int y = 0; y < Y && nm; y++)
          TRY(add_annual_activity(b, lp, i, r, t, y, b->yw[y]));
      }
      double lo = tl_pget2(m, TL_P_TotalTechnologyModelPeriodActivityLowerLimit, r, t);
      if (lo > 0) {
        int i = tl_lp_add_row(lp, TL_R_TAC3, ix2, lo, TL_INF);
        TRY(i);
        for (int y = 0; y < Y && nm; y++)
          TRY(add_annual_activity(b, lp, i, r, t, y, b->yw[y]));
      }
    }
  tl_free(cfd, cfcells * sizeof *cfd);
  return 0;
oom:
  tl_free(cfd, cfcells * sizeof *cfd);
  return -1;
}

/* RM3 reserve margin and RE4 renewable target. */
static int add_policy_rows(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, L = b->L, F = b->F, Y = b->Y;
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++) {
      double rm = tl_pget2(m, TL_P_ReserveMargin, r, y);
      int tagged = 0;
      for (int f = 0; f < F; f++)
        if (b->has_producer[(r * F + f) * Y + y] &&
            tl_pget3(m, TL_P_ReserveMarginTagFuel, r, f, y) != 0)
          tagged = 1;
      if (rm > 0 && tagged) {
        for (int l = 0; l < L; l++) {
          int32_t ix[3] = {r, l, y};
          int i = tl_lp_add_row(lp, TL_R_RM3, ix, -TL_INF, 0);
          TRY(i);
          for (int t = 0; t < T; t++) {
            size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
            for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++) {
              int f = b->oar.k[e];
              if (!b->has_producer[(r * F + f) * Y + y]) continue;
              double tag = tl_pget3(m, TL_P_ReserveMarginTagFuel, r, f, y);
              if (tag != 0)
                TRY(tl_lp_add_nz(lp, i, tl_build_act(b, r, l, t, b->oar.m[e], y),
                                 b->oar.v[e] * tag * rm));
            }
            double k = tl_pget2(m, TL_P_CapacityToActivityUnit, r, t) *
                       tl_pget3(m, TL_P_ReserveMarginTagTechnology, r, t, y);
            TRY(add_capacity(b, lp, i, r, t, y, -k));
          }
        }
      }
      double re = tl_pget2(m, TL_P_REMinProductionTarget, r, y);
      if (re > 0) {
        int32_t ix[2] = {r, y};
        int i = tl_lp_add_row(lp, TL_R_RE4, ix, -TL_INF, 0);
        TRY(i);
        for (int t = 0; t < T; t++) {
          double tagt = tl_pget3(m, TL_P_RETagTechnology, r, t, y);
          size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
          for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++) {
            int f = b->oar.k[e];
            double tagf = b->has_producer[(r * F + f) * Y + y]
                              ? tl_pget3(m, TL_P_RETagFuel, r, f, y) : 0;
            double c = re * tagf - tagt;
            if (c == 0) continue;
            for (int l = 0; l < L; l++)
              TRY(tl_lp_add_nz(lp, i, tl_build_act(b, r, l, t, b->oar.m[e], y),
                               b->oar.v[e] * b->ys[l * Y + y] * c));
          }
        }
      }
    }
  return 0;
oom:
  return -1;
}

/* E8, E9 emission limits and the non-negativity of ModelPeriodEmissions. */
static int add_emission_rows(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, T = b->T, L = b->L, E = b->E, Y = b->Y;
  int *e9 = tl_malloc((size_t)(E) * sizeof *e9);
  int *e7 = tl_malloc((size_t)(E) * sizeof *e7);
  if (!e9 || !e7) goto oom;
  for (int r = 0; r < R; r++) {
    for (int e = 0; e < E; e++) {
      int32_t ix2[2] = {r, e};
      double lim = tl_pget2(m, TL_P_ModelPeriodEmissionLimit, r, e);
      double exo = tl_pget2(m, TL_P_ModelPeriodExogenousEmission, r, e);
      e9[e] = e7[e] = -1;
      if (lim != -1 && !b->opt.no_climate) {
        e9[e] = tl_lp_add_row(lp, TL_R_E9, ix2, -TL_INF, lim - exo);
        TRY(e9[e]);
      }
      if (exo < 0) {
        e7[e] = tl_lp_add_row(lp, TL_R_E7, ix2, -exo, TL_INF);
        TRY(e7[e]);
      }
      b->e9_row[r * E + e] = e9[e];
      for (int y = 0; y < Y; y++) {
        int32_t ix3[3] = {r, e, y};
        double al = tl_pget3(m, TL_P_AnnualEmissionLimit, r, e, y);
        size_t q = ((size_t)r * (size_t)E + (size_t)e) * (size_t)Y + (size_t)y;
        b->e8_row[q] = -1;
        if (al != -1 && !b->opt.no_climate) {
          b->e8_row[q] = tl_lp_add_row(lp, TL_R_E8, ix3, -TL_INF,
              al - tl_pget3(m, TL_P_AnnualExogenousEmission, r, e, y));
          TRY(b->e8_row[q]);
        }
      }
    }
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++) {
          int e = b->ear.k[k];
          int i8 = b->e8_row[((size_t)r * (size_t)E + (size_t)e) * (size_t)Y + (size_t)y];
          if (i8 < 0 && e9[e] < 0 && e7[e] < 0) continue;
          for (int l = 0; l < L; l++) {
            int j = tl_build_act(b, r, l, t, b->ear.m[k], y);
            double v = b->ear.v[k] * b->ys[l * Y + y];
            if (i8 >= 0) TRY(tl_lp_add_nz(lp, i8, j, v));
            /* model-period sums count each year yw[y] times */
            if (e9[e] >= 0) TRY(tl_lp_add_nz(lp, e9[e], j, v * b->yw[y]));
            if (e7[e] >= 0) TRY(tl_lp_add_nz(lp, e7[e], j, v * b->yw[y]));
          }
        }
      }
  }
  tl_free(e9, (size_t)(E) * sizeof *e9);
  tl_free(e7, (size_t)(E) * sizeof *e7);
  return 0;
oom:
  tl_free(e9, (size_t)(E) * sizeof *e9);
  tl_free(e7, (size_t)(E) * sizeof *e7);
  return -1;
}

static void aux_free(void *aux) { tl_build_free(aux); }

tl_status tl_lp_build(tl_ctx *ctx, const tl_model *m,
                      const tl_build_options *opt, tl_lp **out) {
  *out = NULL;
  tl_build *b = tl_build_prepare(m, opt);
  tl_lp *lp = b ? tl_lp_new(m, tl_build_rowfams, TL_R_COUNT, tl_build_colfams,
                            TL_C_COUNT)
                : NULL;
  if (!lp) goto oom;
  lp->aux = b;
  lp->aux_free = aux_free;
  b->tca0 = -1;
  if (add_activity_cols(b, lp) || add_capacity_cols(b, lp) ||
      add_trade_cols(b, lp) || tl_build_storage_cols(b, lp) ||
      (b->opt.capacity_columns && add_capacity_columns(b, lp)))
    goto oom;
  if (tl_interrupted()) goto interrupted;
  if (add_balance_rows(b, lp) || add_technology_rows(b, lp) ||
      add_policy_rows(b, lp) || add_emission_rows(b, lp) ||
      tl_build_roadmap_rows(b, lp) ||
      tl_build_storage_rows(b, lp))
    goto oom;
  if (tl_interrupted()) goto interrupted;
  if (tl_lp_compress(lp)) goto oom;
  *out = lp;
  return TL_OK;
interrupted:
  tl_lp_free(lp);
  return TL_ERR_INTERRUPTED;
oom:
  if (lp)
    tl_lp_free(lp);
  else
    tl_build_free(b);
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
           "out of memory while building the linear program");
  return TL_ERR_NOMEM;
}
