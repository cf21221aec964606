/* roadmap.c - derived roadmap facts of a model (emission weights, technology
 * categories) and the checks of the roadmap parameters. */
#include <string.h>

#include "model/roadmap.h"

int tl_roadmap_info_init(tl_roadmap_info *ri, const tl_model *m, int gwp) {
  memset(ri, 0, sizeof *ri);
  int E = m->sets[TL_EMISSION].n, T = m->sets[TL_TECHNOLOGY].n;
  int col = gwp == 1 ? 0 : gwp == 2 ? 2 : 1;
  ri->E = E;
  ri->T = T;
  ri->gwp = tl_calloc((size_t)E, sizeof *ri->gwp);
  ri->is_co2 = tl_calloc((size_t)E, 1);
  ri->is_pollutant = tl_calloc((size_t)E, 1);
  ri->category = tl_calloc((size_t)T, sizeof *ri->category);
  if (!ri->gwp || !ri->is_co2 || !ri->is_pollutant || !ri->category) {
    tl_roadmap_info_free(ri);
    return -1;
  }
  for (int e = 0; e < E; e++) {
    const char *gas = tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, e));
    if (!gas && !strcmp(m->sets[TL_EMISSION].name[e], "CO2")) gas = "CO2";
    const tl_gas *g = tl_gas_find(gas);
    if (!g) continue; /* reported, no GWP */
    ri->gwp[e] = g->gwp[col];
    ri->is_co2[e] = !strcmp(g->name, "CO2");
    ri->is_pollutant[e] = (char)g->pollutant;
  }
  for (int t = 0; t < T; t++) {
    int c = tl_category_find(tl_model_string(m, tl_pget1(m, TL_P_TechnologyCategory, t)));
    ri->category[t] = c < 0 ? TL_CAT_CONVENTIONAL : c;
  }
  for (int p = 0; p < TL_NPARAMS; p++)
    if ((tl_param_defs[p].flags & TL_PF_ROADMAP) && m->params[p].given) ri->any = 1;
  return 0;
}

void tl_roadmap_info_free(tl_roadmap_info *ri) {
  tl_free(ri->gwp, (size_t)ri->E * sizeof *ri->gwp);
  tl_free(ri->is_co2, (size_t)ri->E);
  tl_free(ri->is_pollutant, (size_t)ri->E);
  tl_free(ri->category, (size_t)ri->T * sizeof *ri->category);
  memset(ri, 0, sizeof *ri);
}

static void symbol_error(tl_ctx *ctx, const tl_model *m, tl_param_id pid, int e,
                         const char *what) {
  const tl_param *p = &m->params[pid];
  tl_loc loc = tl_param_entry_loc(m, p, e);
  tl_buf ix;
  tl_buf_init(&ix);
  tl_param_index_text(m, pid, p->idx + (size_t)e * (size_t)p->def->nidx, &ix);
  tl_diagf(ctx, TL_ERROR, &loc, p->def->name, tl_buf_cstr(&ix),
           tl_model_string(m, p->val[e]), "%s", what);
  tl_buf_free(&ix);
}

int tl_roadmap_validate(tl_ctx *ctx, const tl_model *m) {
  int errors = 0;
  const tl_param *p = &m->params[TL_P_EmissionGas];
  for (int e = 0; e < p->n; e++)
    if (!tl_gas_find(tl_model_string(m, p->val[e]))) {
      symbol_error(ctx, m, TL_P_EmissionGas, e,
                   "unknown gas: use CO2, CH4, CH4_fossil, N2O, HFC-23, HFC-32, "
                   "HFC-125, HFC-134a, HFC-143a, CF4, SF6, NF3, SO2, NOx or PM2.5");
      errors++;
    }
  p = &m->params[TL_P_TechnologyCategory];
  for (int e = 0; e < p->n; e++)
    if (tl_category_find(tl_model_string(m, p->val[e])) < 0) {
      symbol_error(ctx, m, TL_P_TechnologyCategory, e,
                   "unknown category: use efficiency, zero_carbon_power, "
                   "fuel_substitution, ccus, removal, non_co2, sink, storage or "
                   "conventional");
      errors++;
    }
  p = &m->params[TL_P_ReferenceTechnology];
  for (int e = 0; e < p->n; e++) {
    const char *s = tl_model_string(m, p->val[e]);
    if (!s || tl_set_index(&m->sets[TL_TECHNOLOGY], s, strlen(s)) < 0) {
      symbol_error(ctx, m, TL_P_ReferenceTechnology, e,
                   "is not a member of TECHNOLOGY");
      errors++;
    }
  }
  p = &m->params[TL_P_TechnologyReadiness];
  for (int e = 0; e < p->n; e++)
    if (p->val[e] < 1 || p->val[e] > 11) {
      tl_loc loc = tl_param_entry_loc(m, p, e);
      char v[32];
      tl_fmt_num(v, p->val[e]);
      tl_diagf(ctx, TL_ERROR, &loc, "TechnologyReadiness", NULL, v,
               "TRL must lie between 1 and 11 (IEA scale; commercial from 9)");
      errors++;
    }
  static const tl_param_id years[] = {TL_P_PeakYear, TL_P_NetZeroYear};
  for (int q = 0; q < 2; q++) {
    p = &m->params[years[q]];
    for (int e = 0; e < p->n; e++)
      if (p->val[e] != -1 && (p->val[e] < 1000 || p->val[e] > 3000)) {
        tl_loc loc = tl_param_entry_loc(m, p, e);
        char v[32];
        tl_fmt_num(v, p->val[e]);
        tl_diagf(ctx, TL_ERROR, &loc, p->def->name, m->sets[TL_REGION].name[p->idx[e]], v,
                 "must be a year (or -1 for no target)");
        errors++;
      }
  }
  return errors;
}
