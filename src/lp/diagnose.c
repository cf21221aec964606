/* diagnose.c - why an LP is infeasible: an elastic re-solve. Every row gets
 * slack columns that let it be violated at a cost of one per unit; the
 * least total violation then names the constraints that cannot be met and
 * by how much, summed by constraint family and year. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lp/build.h"

/* What a row family is about, in the user's words. */
static const char *family_meaning(const char *fam) {
  static const struct {
    const char *prefix, *text;
  } map[] = {
      {"EBa11", "energy balance (demand or use of a fuel cannot be supplied)"},
      {"EBb4", "annual energy balance (AccumulatedAnnualDemand cannot be supplied)"},
      {"CAa4", "capacity (activity needs more capacity than allowed)"},
      {"CAb1", "availability (PlannedMaintenance)"},
      {"TCC1", "TotalAnnualMaxCapacity"},
      {"TCC2", "TotalAnnualMinCapacity"},
      {"AAC2", "TotalTechnologyAnnualActivityUpperLimit"},
      {"AAC3", "TotalTechnologyAnnualActivityLowerLimit"},
      {"TAC2", "TotalTechnologyModelPeriodActivityUpperLimit"},
      {"TAC3", "TotalTechnologyModelPeriodActivityLowerLimit"},
      {"RM3", "ReserveMargin"},
      {"RE4", "REMinProductionTarget"},
      {"E8", "AnnualEmissionLimit"},
      {"E9", "ModelPeriodEmissionLimit"},
      {"GHG1", "AnnualGHGLimit"},
      {"CI1", "CarbonIntensityLimit"},
      {"PE1", "EnergyConsumptionLimit"},
      {"PE2", "EnergyIntensityLimit"},
      {"PK1", "PeakYear (emissions may not rise)"},
      {"NZ1", "NetZeroYear (net emissions <= 0)"},
      {"GR1", "MaxCapacityGrowthRate"},
      {"S", "storage balance"},
      {NULL, NULL}};
  for (int i = 0; map[i].prefix; i++) {
    size_t n = strlen(map[i].prefix);
    if (!strncmp(fam, map[i].prefix, n) && (fam[n] == '_' || fam[n] == '\0' ||
                                            (n == 1 && fam[1] >= '0')))
      return map[i].text;
  }
  return fam;
}

static int is_emission_family(const char *fam) {
  return !strncmp(fam, "GHG1", 4) || !strncmp(fam, "NZ1", 3) ||
         !strncmp(fam, "E8_", 3) || !strncmp(fam, "E9_", 3) ||
         !strncmp(fam, "PK1", 3) || !strncmp(fam, "CI1", 3);
}

/* Position of the YEAR index of a row family, or -1. */
static int year_pos(const tl_lp_family *f) {
  for (int k = 0; k < f->nidx; k++)
    if (f->idx[k] == TL_YEAR) return k;
  return -1;
}

typedef struct item {
  int fam, year;
  double amount;
  int example; /* a row of the group, for its name */
} item;

/* Physical balances (energy, capacity, storage) are violated only as a
 * last resort, so that the diagnosis names the policies and limits that
 * cannot be met before it names a demand. */
static double slack_weight(const char *fam) {
  static const char *const physical[] = {"EBa", "EBb", "CAa", "CAb", "S", NULL};
  for (int i = 0; physical[i]; i++)
    if (!strncmp(fam, physical[i], strlen(physical[i]))) return 1000;
  return 1;
}

/* The elastic LP: the original columns (continuous, no cost) plus slacks. */
static tl_lp *elastic_copy(const tl_lp *lp, int *nslack) {
  tl_lp *e = tl_lp_new(lp->model, lp->rowfams, lp->nrowfams, lp->colfams, lp->ncolfams);
  if (!e) return NULL;
  for (int j = 0; j < lp->ncols; j++) {
    double lb = lp->collb[j], ub = lp->colub[j];
    if (lb > ub) ub = lb; /* reported separately */
    if (tl_lp_add_col(e, lp->colfam[j], lp->colix + (size_t)j * TL_LP_MAXIX, lb, ub, 0, 0) < 0)
      goto oom;
    for (int64_t p = lp->colstart[j]; p < lp->colstart[j + 1]; p++)
      if (tl_lp_add_nz(e, lp->rowind[p], j, lp->val[p])) goto oom;
  }
  for (int i = 0; i < lp->nrows; i++)
    if (tl_lp_add_row(e, lp->rowfam[i], lp->rowix + (size_t)i * TL_LP_MAXIX,
                      lp->rowlb[i], lp->rowub[i]) < 0)
      goto oom;
  *nslack = 0;
  for (int i = 0; i < lp->nrows; i++) {
    for (int side = 0; side < 2; side++) {
      double bound = side ? lp->rowlb[i] : lp->rowub[i];
      if (!isfinite(bound)) continue;
      /* side 0: a'x - s <= ub; side 1: a'x + s >= lb */
      double w = slack_weight(lp->rowfams[lp->rowfam[i]].name);
      int j = tl_lp_add_col(e, 0, lp->colix, 0, TL_INF, w, 0);
      if (j < 0 || tl_lp_add_nz(e, i, j, side ? 1 : -1)) goto oom;
      (*nslack)++;
    }
  }
  if (tl_lp_compress(e)) goto oom;
  return e;
oom:
  tl_lp_free(e);
  return NULL;
}

tl_status tl_lp_diagnose_infeasible(tl_ctx *ctx, const tl_lp *lp,
                                    const tl_solve_options *o, int max_items) {
  if (!lp || !lp->colstart) return TL_ERR_ARG;
  tl_buf name;
  tl_buf_init(&name);
  /* column bounds that contradict each other need no solve */
  int nbad = 0;
  for (int j = 0; j < lp->ncols; j++)
    if (lp->collb[j] > lp->colub[j] + 1e-9) {
      tl_buf_reset(&name);
      tl_lp_col_name(lp, j, &name);
      tl_diagf(ctx, TL_ERROR, NULL, NULL, tl_buf_cstr(&name), NULL,
               "lower bound %g exceeds upper bound %g (e.g. a minimum investment "
               "above the maximum, or a technology that is not yet commercial)",
               lp->collb[j], lp->colub[j]);
      if (++nbad >= max_items) break;
    }
  int nslack = 0;
  tl_lp *e = elastic_copy(lp, &nslack);
  if (!e) {
    tl_buf_free(&name);
    return TL_ERR_NOMEM;
  }
  tl_solve_options so = *o;
  so.solver = TL_SOLVER_CLP;
  tl_solution *s = NULL;
  tl_status st = tl_lp_solve(ctx, e, &so, &s);
  item *items = NULL;
  size_t nitems = 0, cap = 0;
  if (st != TL_OK || tl_solution_status(s) != TL_SOLVE_OPTIMAL) {
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "the elastic re-solve that explains infeasibility did not finish");
    goto done;
  }
  {
    int k = lp->ncols;
    for (int i = 0; i < lp->nrows; i++)
      for (int side = 0; side < 2; side++) {
        double bound = side ? lp->rowlb[i] : lp->rowub[i];
        if (!isfinite(bound)) continue;
        double v = s->x[k++];
        if (v <= 1e-7 * fmax(1, fabs(bound))) continue;
        const tl_lp_family *f = &lp->rowfams[lp->rowfam[i]];
        int yp = year_pos(f);
        int year = yp >= 0 ? lp->rowix[(size_t)i * TL_LP_MAXIX + (size_t)yp] : -1;
        size_t q = 0;
        for (; q < nitems; q++)
          if (items[q].fam == lp->rowfam[i] && items[q].year == year) break;
        if (q == nitems) {
          if (tl_grow((void **)&items, &cap, nitems + 1, sizeof *items)) {
            st = TL_ERR_NOMEM;
            goto done;
          }
          items[nitems].fam = lp->rowfam[i];
          items[nitems].year = year;
          items[nitems].amount = 0;
          items[nitems].example = i;
          nitems++;
        }
        items[q].amount += v;
      }
  }
  /* largest first */
  for (size_t a = 1; a < nitems; a++) {
    item t = items[a];
    size_t b = a;
    while (b > 0 && items[b - 1].amount < t.amount) {
      items[b] = items[b - 1];
      b--;
    }
    items[b] = t;
  }
  for (size_t q = 0; q < nitems && (int)q < max_items; q++) {
    const char *fam = lp->rowfams[items[q].fam].name;
    const char *yname = items[q].year >= 0 ? lp->model->sets[TL_YEAR].name[items[q].year] : "all years";
    tl_buf_reset(&name);
    tl_lp_row_name(lp, items[q].example, &name);
    if (is_emission_family(fam))
      tl_diagf(ctx, TL_ERROR, NULL, family_meaning(fam), yname, NULL,
               "needs %.6g more abatement than the available technologies allow "
               "(e.g. %s)", items[q].amount, tl_buf_cstr(&name));
    else
      tl_diagf(ctx, TL_ERROR, NULL, family_meaning(fam), yname, NULL,
               "cannot be met by %.6g in total (e.g. %s)", items[q].amount,
               tl_buf_cstr(&name));
  }
  if (nitems == 0 && nbad == 0)
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "the elastic re-solve found no violated constraint: the infeasibility "
             "is numerical (try --method primal or --no-presolve)");
done:
  tl_free(items, cap * sizeof *items);
  tl_solution_free(s);
  tl_lp_free(e);
  tl_buf_free(&name);
  return st;
}
