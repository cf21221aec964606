/* iamc.c - IAMC variables of a run from its result CSVs (emissions by gas
 * and sector, electricity by source, capacity, carbon capture and removal,
 * the carbon price), written in the IAMC long format that pyam reads:
 * Model,Scenario,Region,Variable,Unit,<year>... */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/iamc.h"

/* Values at or below this magnitude are solver noise. */
#define IAMC_EPS 1e-10

/* ---- the table -------------------------------------------------------------
 */

void tl_iamc_table_free(tl_iamc_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) {
    tl_strfree(t->var[i].key);
    tl_strfree(t->var[i].unit);
    tl_free(t->var[i].val, (size_t)t->nyears * sizeof(double));
  }
  tl_free(t->var, t->cap * sizeof *t->var);
  tl_strmap_free(&t->map);
  tl_strfree(t->model_label);
  tl_strfree(t->scenario);
  memset(t, 0, sizeof *t);
}

/* The variable of (region, name), made when missing with every year zero
 * (fill_zero) or empty. NULL when out of memory (t->oom set). */
static tl_iamc_var *var_get(tl_iamc_table *t, tl_buf *key, int r,
                            const char *name, const char *unit, int fill_zero) {
  tl_buf_reset(key);
  tl_buf_printf(key, "%d\x1f%s", r, name);
  if (key->oom) goto oom;
  int i = tl_strmap_get(&t->map, key->s, key->len);
  if (i >= 0) return &t->var[i];
  void *p = t->var;
  if (tl_grow(&p, &t->cap, t->n + 1, sizeof *t->var)) goto oom;
  t->var = p;
  tl_iamc_var *v = &t->var[t->n];
  memset(v, 0, sizeof *v);
  v->key = tl_strndup(key->s, key->len);
  v->unit = tl_strdup(unit);
  v->val = tl_malloc((size_t)t->nyears * sizeof *v->val);
  if (!v->key || !v->unit || !v->val) {
    tl_strfree(v->key);
    tl_strfree(v->unit);
    tl_free(v->val, (size_t)t->nyears * sizeof *v->val);
    goto oom;
  }
  for (int y = 0; y < t->nyears; y++) v->val[y] = fill_zero ? 0 : NAN;
  v->region = r;
  v->variable = strchr(v->key, '\x1f') + 1;
  /* the map borrows the key: the string itself never moves */
  if (tl_strmap_put(&t->map, v->key, key->len, (int)t->n)) {
    tl_strfree(v->key);
    tl_strfree(v->unit);
    tl_free(v->val, (size_t)t->nyears * sizeof *v->val);
    goto oom;
  }
  t->n++;
  return v;
oom:
  t->oom = 1;
  return NULL;
}

static int var_cmp(const void *a, const void *b) {
  const tl_iamc_var *x = a, *y = b;
  if (x->region != y->region) return x->region < y->region ? -1 : 1;
  return strcmp(x->variable, y->variable);
}

void tl_iamc_table_sort(tl_iamc_table *t) {
  if (t->n > 1) qsort(t->var, t->n, sizeof *t->var, var_cmp);
  /* positions changed: rebuild the map */
  tl_strmap_free(&t->map);
  tl_strmap_init(&t->map);
  for (size_t i = 0; i < t->n; i++)
    if (tl_strmap_put(&t->map, t->var[i].key, strlen(t->var[i].key), (int)i))
      t->oom = 1;
}

void tl_iamc_table_csv(const tl_iamc_table *t, tl_buf *b) {
  const tl_model *m = t->m;
  tl_buf_adds(b, "Model,Scenario,Region,Variable,Unit");
  for (int y = 0; y < t->nyears; y++) {
    tl_buf_addc(b, ',');
    tl_out_csv_field(b, m->sets[TL_YEAR].name[y]);
  }
  tl_buf_addc(b, '\n');
  for (size_t i = 0; i < t->n; i++) {
    const tl_iamc_var *v = &t->var[i];
    tl_out_csv_field(b, t->model_label);
    tl_buf_addc(b, ',');
    tl_out_csv_field(b, t->scenario);
    tl_buf_addc(b, ',');
    tl_out_csv_field(b, m->sets[TL_REGION].name[v->region]);
    tl_buf_addc(b, ',');
    tl_out_csv_field(b, v->variable);
    tl_buf_addc(b, ',');
    tl_out_csv_field(b, v->unit);
    for (int y = 0; y < t->nyears; y++) {
      tl_buf_addc(b, ',');
      tl_out_csv_num(b, v->val[y]);
    }
    tl_buf_addc(b, '\n');
  }
}

/* ---- the computation
 * ------------------------------------------------------------ */

typedef struct ccs_data {
  double *use, *out; /* [R*T*Y] total input and output of each technology */
  double *actm;      /* [R*T*M*Y] activity by mode */
} ccs_data;

typedef struct ib {
  tl_ctx *ctx;
  const tl_model *m;
  tl_iamc_map mp;
  tl_iamc_table *tab;
  const char *dir;
  int R, T, F, E, M, Y;
  int gwpcol; /* column of tl_gas.gwp */
  tl_buf key, name;
  tl_buf path;   /* of the result file being read, for messages */
  double *co2;   /* [R*T*Y] direct CO2 of each technology, model units */
  ccs_data *ccs; /* what the capture estimate reads, while it is read */
  tl_status st;  /* of the first error */
} ib;

/* Record the status of an error (the first one wins); returns -1. */
static int fail(ib *b, tl_status st) {
  if (b->st == TL_OK) b->st = st;
  return -1;
}

static size_t rty(const ib *b, int r, int t, int y) {
  return ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
}

/* Add v to variable name of (r, y). */
static void add(ib *b, int r, int y, const char *name, const char *unit,
                double v) {
  tl_iamc_var *x = var_get(b->tab, &b->key, r, name, unit, 1);
  if (x) x->val[y] += v;
}

/* Add v to prefix|path and to every parent of path below prefix
 * ("Emissions|CO2" + "Energy|Supply|Electricity" also feeds
 * "Emissions|CO2|Energy|Supply" and "Emissions|CO2|Energy"). */
static void add_path(ib *b, int r, int y, const char *prefix, const char *path,
                     const char *unit, double v) {
  size_t n = strlen(path);
  for (size_t end = n; end > 0; end--) {
    if (end != n && path[end] != '|') continue;
    tl_buf_reset(&b->name);
    tl_buf_printf(&b->name, "%s|%.*s", prefix, (int)end, path);
    if (b->name.oom) {
      b->tab->oom = 1;
      return;
    }
    add(b, r, y, tl_buf_cstr(&b->name), unit, v);
  }
}

/* How a gas is reported. */
typedef struct gas_var {
  const char *gas;
  const char *var;
  const char *unit;
  double kt;   /* 1000: reported in kt, 1: in Mt */
  int sectors; /* split by sector */
  int group;   /* 1 HFC, 2 PFC, 3 other F-gas */
} gas_var;

static const gas_var gas_vars[] = {
    {"CO2", "Emissions|CO2", "Mt CO2/yr", 1, 1, 0},
    {"CH4", "Emissions|CH4", "Mt CH4/yr", 1, 1, 0},
    {"CH4_fossil", "Emissions|CH4", "Mt CH4/yr", 1, 1, 0},
    {"N2O", "Emissions|N2O", "kt N2O/yr", 1000, 1, 0},
    {"HFC-23", "Emissions|HFC|HFC23", "kt HFC23/yr", 1000, 0, 1},
    {"HFC-32", "Emissions|HFC|HFC32", "kt HFC32/yr", 1000, 0, 1},
    {"HFC-125", "Emissions|HFC|HFC125", "kt HFC125/yr", 1000, 0, 1},
    {"HFC-134a", "Emissions|HFC|HFC134a", "kt HFC134a/yr", 1000, 0, 1},
    {"HFC-143a", "Emissions|HFC|HFC143a", "kt HFC143a/yr", 1000, 0, 1},
    {"CF4", "Emissions|PFC|CF4", "kt CF4/yr", 1000, 0, 2},
    {"SF6", "Emissions|SF6", "kt SF6/yr", 1000, 0, 3},
    {"NF3", "Emissions|NF3", "kt NF3/yr", 1000, 0, 3},
    {"SO2", "Emissions|Sulfur", "Mt SO2/yr", 1, 0, 0},
    {"NOx", "Emissions|NOx", "Mt NO2/yr", 1, 0, 0},
    {"PM2.5", "Emissions|PM2.5", "Mt PM2.5/yr", 1, 0, 0},
    {NULL, NULL, NULL, 0, 0, 0}};

static const gas_var *gas_var_of(const tl_gas *g) {
  if (!g) return NULL;
  for (const gas_var *v = gas_vars; v->gas; v++)
    if (!strcmp(v->gas, g->name)) return v;
  return NULL;
}

static double gwp_of(const ib *b, const char *gas) {
  const tl_gas *g = tl_gas_find(gas);
  return g ? g->gwp[b->gwpcol] : 0;
}

/* Emission e of (r, y) in the model's unit, from sector path sec. The
 * CO2 of a sink (category sink: the land sector, LULUCF) counts in
 * Emissions|Kyoto Gases (net) only: Emissions|CO2 and its sectors are
 * without LULUCF, as national inventories report them; the sink itself is
 * Carbon Sequestration|Land Use. */
static void add_emission(ib *b, int r, int y, int e, const char *sec,
                         double v, int sink) {
  const tl_gas *g = b->mp.gas[e];
  const gas_var *gv = gas_var_of(g);
  double mt = v * b->mp.emission;
  if (!gv) { /* not a known gas: under its own name */
    tl_buf nm, un;
    const char *en = b->m->sets[TL_EMISSION].name[e];
    tl_buf_init(&nm);
    tl_buf_init(&un);
    tl_buf_printf(&nm, "Emissions|%s", en);
    tl_buf_printf(&un, "Mt %s/yr", en);
    if (nm.oom || un.oom)
      b->tab->oom = 1;
    else
      add(b, r, y, tl_buf_cstr(&nm), tl_buf_cstr(&un), mt);
    tl_buf_free(&nm);
    tl_buf_free(&un);
    return;
  }
  int land_co2 = sink && !strcmp(g->name, "CO2");
  if (!land_co2) {
    add(b, r, y, gv->var, gv->unit, mt * gv->kt);
    if (gv->sectors) add_path(b, r, y, gv->var, sec, gv->unit, mt * gv->kt);
  }
  double co2e = mt * g->gwp[b->gwpcol];
  if (g->pollutant || g->gwp[b->gwpcol] <= 0) return;
  add(b, r, y, "Emissions|Kyoto Gases", "Mt CO2-equiv/yr", co2e);
  if (gv->group) add(b, r, y, "Emissions|F-Gases", "Mt CO2-equiv/yr", co2e);
  if (gv->group == 1)
    add(b, r, y, "Emissions|HFC", "kt HFC134a-equiv/yr",
        co2e * 1000 / gwp_of(b, "HFC-134a"));
  if (gv->group == 2)
    add(b, r, y, "Emissions|PFC", "kt CF4-equiv/yr",
        co2e * 1000 / gwp_of(b, "CF4"));
}

/* Columns of a result table. */
typedef struct cols {
  int r, t, f, e, m, y, v;
} cols;

/* Read a result table and find its columns (those named in want: "RTFEMY"
 * letters). Returns 0, 1 when the file is absent (a notice), -1 on error. */
static int open_table(ib *b, const char *name, const char *want, tl_otab *t,
                      cols *c) {
  tl_buf_reset(&b->path);
  tl_buf_printf(&b->path, "%s/%s.csv", b->dir, name);
  int rc = b->path.oom ? -TL_ERR_NOMEM
                       : tl_otab_read(b->ctx, tl_buf_cstr(&b->path), t);
  if (rc > 0) {
    tl_diagf(b->ctx, TL_NOTICE, NULL, name, NULL, b->dir,
             "no %s.csv in the result folder: its IAMC variables are left out",
             name);
    return 1;
  }
  if (rc < 0) return fail(b, (tl_status)-rc);
  c->r = tl_otab_colnum(t, "REGION");
  c->t = tl_otab_colnum(t, "TECHNOLOGY");
  c->f = tl_otab_colnum(t, "FUEL");
  c->e = tl_otab_colnum(t, "EMISSION");
  c->m = tl_otab_colnum(t, "MODE_OF_OPERATION");
  c->y = tl_otab_colnum(t, "YEAR");
  c->v = tl_otab_colnum(t, "VALUE");
  static const char letters[] = "RTFEMY";
  const int *pos[] = {&c->r, &c->t, &c->f, &c->e, &c->m, &c->y};
  const char *const cn[] = {"REGION",   "TECHNOLOGY",        "FUEL",
                            "EMISSION", "MODE_OF_OPERATION", "YEAR"};
  for (int k = 0; k < 6; k++)
    if (strchr(want, letters[k]) && *pos[k] < 0) {
      tl_diagf(b->ctx, TL_ERROR, NULL, name, NULL, cn[k],
               "result table lacks the column");
      tl_otab_free(t);
      return fail(b, TL_ERR_PARSE);
    }
  if (c->v < 0) {
    tl_diagf(b->ctx, TL_ERROR, NULL, name, NULL, "VALUE",
             "result table lacks the column");
    tl_otab_free(t);
    return fail(b, TL_ERR_PARSE);
  }
  return 0;
}

/* Position of a member named in row i, column col, or -1 (reported). */
static int member(ib *b, const tl_otab *t, long i, int col, tl_set_id s) {
  const char *name = tl_otab_at(t, i, col);
  int k = tl_set_index(&b->m->sets[s], name, strlen(name));
  if (k < 0) {
    tl_loc loc = {tl_buf_cstr(&b->path), t->line[i], 0};
    tl_diagf(b->ctx, TL_ERROR, &loc, tl_set_names[s], NULL, name,
             "not a member of the model's %s: the results belong to another "
             "model",
             tl_set_names[s]);
    fail(b, TL_ERR_INVALID);
  }
  return k;
}

static int value(ib *b, const tl_otab *t, const char *table, long i, int col,
                 double *v) {
  if (tl_otab_num(t, i, col, v) == 0) return 0;
  tl_loc loc = {tl_buf_cstr(&b->path), t->line[i], 0};
  tl_diagf(b->ctx, TL_ERROR, &loc, table, NULL, tl_otab_at(t, i, col),
           "VALUE is not a number");
  return fail(b, TL_ERR_PARSE);
}

typedef int (*row_fn)(ib *b, const int *ix, double v);

/* Each row of table name as member positions ix[R,T,F,E,M,Y] (-1 when the
 * table lacks the column) and its value. 0 or -1. */
static int each_row(ib *b, const char *name, const char *want, row_fn fn) {
  tl_otab t;
  cols c;
  int rc = open_table(b, name, want, &t, &c);
  if (rc) return rc > 0 ? 0 : -1;
  const int colv[6] = {c.r, c.t, c.f, c.e, c.m, c.y};
  static const tl_set_id sets[6] = {TL_REGION,   TL_TECHNOLOGY,        TL_FUEL,
                                    TL_EMISSION, TL_MODE_OF_OPERATION, TL_YEAR};
  for (long i = 0; rc == 0 && i < t.nrow; i++) {
    int ix[6];
    double v;
    for (int k = 0; k < 6 && rc == 0; k++) {
      ix[k] = -1;
      if (colv[k] >= 0 && (ix[k] = member(b, &t, i, colv[k], sets[k])) < 0)
        rc = -1;
    }
    if (rc == 0 && value(b, &t, name, i, c.v, &v)) rc = -1;
    if (rc == 0) rc = fn(b, ix, v);
  }
  tl_otab_free(&t);
  return rc;
}

enum { IR = 0, IT, IF, IE, IM, IY };

static int emission_row(ib *b, const int *ix, double v) {
  add_emission(b, ix[IR], ix[IY], ix[IE], b->mp.sector[ix[IT]], v,
               b->mp.category[ix[IT]] == TL_CAT_SINK);
  const tl_gas *g = b->mp.gas[ix[IE]];
  if (g && !strcmp(g->name, "CO2")) b->co2[rty(b, ix[IR], ix[IT], ix[IY])] += v;
  return 0;
}

static int production_row(ib *b, const int *ix, double v) {
  const char *cls = b->mp.elec[ix[IT]];
  if (!cls || !b->mp.elec_fuel[ix[IF]]) return 0;
  double ej = v * b->mp.energy;
  add(b, ix[IR], ix[IY], "Secondary Energy|Electricity", "EJ/yr", ej);
  add_path(b, ix[IR], ix[IY], "Secondary Energy|Electricity", cls, "EJ/yr", ej);
  return 0;
}

static int capacity_row(ib *b, const int *ix, double v) {
  const char *cls = b->mp.elec[ix[IT]];
  if (!cls) return 0;
  double gw = v * b->mp.capacity;
  add(b, ix[IR], ix[IY], "Capacity|Electricity", "GW", gw);
  add_path(b, ix[IR], ix[IY], "Capacity|Electricity", cls, "GW", gw);
  return 0;
}

static int new_capacity_row(ib *b, const int *ix, double v) {
  const char *cls = b->mp.elec[ix[IT]];
  if (!cls) return 0;
  double gw = v * b->mp.capacity;
  add(b, ix[IR], ix[IY], "Capacity Additions|Electricity", "GW/yr", gw);
  add_path(b, ix[IR], ix[IY], "Capacity Additions|Electricity", cls, "GW/yr",
           gw);
  return 0;
}

/* ---- carbon capture and removal ---------------------------------------------
 */

static int use_row(ib *b, const int *ix, double v) {
  b->ccs->use[rty(b, ix[IR], ix[IT], ix[IY])] += v;
  return 0;
}
static int out_row(ib *b, const int *ix, double v) {
  b->ccs->out[rty(b, ix[IR], ix[IT], ix[IY])] += v;
  return 0;
}
static int mode_row(ib *b, const int *ix, double v) {
  size_t q = (((size_t)ix[IR] * (size_t)b->T + (size_t)ix[IT]) * (size_t)b->M +
              (size_t)ix[IM]) *
                 (size_t)b->Y +
             (size_t)ix[IY];
  b->ccs->actm[q] += v;
  return 0;
}

static double ratio_sum(const tl_model *m, tl_param_id p, int n, int r, int t,
                        int mode, int y) {
  double s = 0;
  for (int k = 0; k < n; k++) s += tl_pget5(m, p, r, t, k, mode, y);
  return s;
}

/* The reference technology's mode with the most activity among those with
 * an output, else its first mode with an output; -1 when none. */
static int main_mode(const ib *b, const ccs_data *d, int r, int rt, int y) {
  int best = -1;
  double most = IAMC_EPS;
  for (int mm = 0; mm < b->M; mm++) {
    size_t q =
        (((size_t)r * (size_t)b->T + (size_t)rt) * (size_t)b->M + (size_t)mm) *
            (size_t)b->Y +
        (size_t)y;
    if (ratio_sum(b->m, TL_P_OutputActivityRatio, b->F, r, rt, mm, y) == 0)
      continue;
    if (best < 0 && most == IAMC_EPS) best = mm; /* first with an output */
    if (d->actm[q] > most) {
      most = d->actm[q];
      best = mm;
    }
  }
  return best;
}

/* CO2 a CCUS technology would emit without capture, estimated from its
 * reference technology as the roadmap analyses do (docs/roadmap.md). */
static double gross_co2(const ib *b, const ccs_data *d, int r, int t, int y) {
  const char *s =
      tl_model_string(b->m, tl_pget1(b->m, TL_P_ReferenceTechnology, t));
  int rt = s ? tl_set_index(&b->m->sets[TL_TECHNOLOGY], s, strlen(s)) : -1;
  if (rt < 0 || rt == t) return 0;
  int mr = main_mode(b, d, r, rt, y);
  if (mr < 0) return 0;
  double co2 = 0;
  for (int e = 0; e < b->E; e++)
    if (b->mp.gas[e] && !strcmp(b->mp.gas[e]->name, "CO2"))
      co2 += tl_pget5(b->m, TL_P_EmissionActivityRatio, r, rt, e, mr, y);
  double in_ref = ratio_sum(b->m, TL_P_InputActivityRatio, b->F, r, rt, mr, y);
  double out_ref =
      ratio_sum(b->m, TL_P_OutputActivityRatio, b->F, r, rt, mr, y);
  size_t q = rty(b, r, t, y);
  if (in_ref > 0) return co2 / in_ref * d->use[q];
  if (out_ref > 0) return co2 / out_ref * d->out[q];
  return 0;
}

static int sequestration(ib *b) {
  int any = 0;
  for (int t = 0; t < b->T; t++) any |= b->mp.category[t] == TL_CAT_CCUS;
  ccs_data d = {NULL, NULL, NULL};
  size_t n = (size_t)b->R * (size_t)b->T * (size_t)b->Y;
  size_t nm = n * (size_t)(b->M ? b->M : 1);
  int rc = -1;
  if (any) {
    d.use = tl_calloc(n, sizeof *d.use);
    d.out = tl_calloc(n, sizeof *d.out);
    d.actm = tl_calloc(nm, sizeof *d.actm);
    if (!d.use || !d.out || !d.actm) {
      tl_diagf(b->ctx, TL_ERROR, NULL, NULL, NULL, NULL, "out of memory");
      fail(b, TL_ERR_NOMEM);
      goto done;
    }
    b->ccs = &d;
    if (each_row(b, "UseByTechnologyAnnual", "RTFY", use_row) ||
        each_row(b, "ProductionByTechnologyAnnual", "RTFY", out_row) ||
        each_row(b, "TotalAnnualTechnologyActivityByMode", "RTMY", mode_row))
      goto done;
  }
  const char *unit = "Mt CO2/yr";
  for (int r = 0; r < b->R; r++)
    for (int t = 0; t < b->T; t++)
      for (int y = 0; y < b->Y; y++) {
        double co2 = b->co2[rty(b, r, t, y)], x = 0;
        const char *var = NULL;
        if (b->mp.category[t] == TL_CAT_CCUS) {
          double gross = gross_co2(b, &d, r, t, y);
          if (gross < co2) gross = co2;
          if (gross < 0) gross = 0;
          x = gross - co2;
          var = b->mp.biomass[t] ? "Carbon Sequestration|CCS|Biomass"
                                 : "Carbon Sequestration|CCS|Fossil";
        } else if (co2 < -IAMC_EPS) {
          x = -co2;
          if (b->mp.dac[t])
            var = "Carbon Sequestration|Direct Air Capture";
          else if (b->mp.biomass[t])
            var = "Carbon Sequestration|CCS|Biomass";
          else if (b->mp.category[t] == TL_CAT_SINK ||
                   !strcmp(b->mp.sector[t], "AFOLU"))
            var = "Carbon Sequestration|Land Use";
          else
            var = "Carbon Sequestration|Other";
        }
        if (!var || !(x > IAMC_EPS)) continue;
        x *= b->mp.emission;
        add(b, r, y, var, unit, x);
        add(b, r, y, "Carbon Sequestration", unit, x);
        if (!strncmp(var, "Carbon Sequestration|CCS|", 25))
          add(b, r, y, "Carbon Sequestration|CCS", unit, x);
      }
  rc = 0;
done:
  b->ccs = NULL;
  tl_free(d.use, n * sizeof *d.use);
  tl_free(d.out, n * sizeof *d.out);
  tl_free(d.actm, nm * sizeof *d.actm);
  return rc;
}

/* ---- carbon price
 * ---------------------------------------------------------------- */

static int carbon_price(ib *b) {
  tl_otab t;
  tl_buf dir, unit;
  int rc;
  tl_buf_init(&dir);
  tl_buf_init(&unit);
  tl_buf_printf(&dir, "%s/roadmap", b->dir);
  tl_buf_printf(&unit, "%s/t CO2", b->mp.currency);
  if (dir.oom || unit.oom) {
    rc = fail(b, TL_ERR_NOMEM);
    goto done;
  }
  tl_buf_reset(&b->path);
  tl_buf_printf(&b->path, "%s/CarbonPrice.csv", tl_buf_cstr(&dir));
  rc = b->path.oom ? -TL_ERR_NOMEM
                   : tl_otab_read(b->ctx, tl_buf_cstr(&b->path), &t);
  if (rc) {
    rc = rc > 0 ? 0 : fail(b, (tl_status)-rc);
    goto done;
  }
  int cr = tl_otab_colnum(&t, "REGION"), cy = tl_otab_colnum(&t, "YEAR");
  int cc = tl_otab_colnum(&t, "CONSTRAINT"), cv = tl_otab_colnum(&t, "VALUE");
  if (cr < 0 || cy < 0 || cc < 0 || cv < 0) {
    tl_diagf(b->ctx, TL_WARNING, NULL, "CarbonPrice", NULL, tl_buf_cstr(&dir),
             "roadmap/CarbonPrice.csv lacks REGION, YEAR, CONSTRAINT or "
             "VALUE: no Price|Carbon");
    goto freetab;
  }
  for (long i = 0; rc == 0 && i < t.nrow; i++) {
    const char *con = tl_otab_at(&t, i, cc);
    if (strncmp(con, "total:", 6)) continue;
    int e = tl_set_index(&b->m->sets[TL_EMISSION], con + 6, strlen(con + 6));
    if (e < 0 || !b->mp.gas[e] || strcmp(b->mp.gas[e]->name, "CO2")) continue;
    int r = member(b, &t, i, cr, TL_REGION);
    int y = r < 0 ? -1 : member(b, &t, i, cy, TL_YEAR);
    double v;
    if (y < 0 || value(b, &t, "CarbonPrice", i, cv, &v)) {
      rc = -1;
      break;
    }
    double price = v * b->mp.cost / (b->mp.emission * 1e6);
    tl_iamc_var *x =
        var_get(b->tab, &b->key, r, "Price|Carbon", tl_buf_cstr(&unit), 0);
    if (x && (isnan(x->val[y]) || price > x->val[y])) x->val[y] = price;
  }
freetab:
  tl_otab_free(&t);
done:
  tl_buf_free(&dir);
  tl_buf_free(&unit);
  return rc;
}

/* ---- entry points
 * ----------------------------------------------------------------- */

void tl_iamc_options_init(tl_iamc_options *o) {
  memset(o, 0, sizeof *o);
  o->gwp = TL_GWP_AR5;
}

tl_status tl_iamc_compute(tl_ctx *ctx, const tl_model *m,
                          const char *model_path, const tl_iamc_options *o,
                          const char *results_dir, tl_iamc_table *out) {
  tl_iamc_options defaults;
  ib b;
  tl_buf mapb;
  struct stat sb;
  if (!o) {
    tl_iamc_options_init(&defaults);
    o = &defaults;
  }
  memset(out, 0, sizeof *out);
  memset(&b, 0, sizeof b);
  tl_buf_init(&mapb);
  tl_buf_init(&b.key);
  tl_buf_init(&b.name);
  tl_buf_init(&b.path);
  out->m = m;
  out->nyears = m->sets[TL_YEAR].n;
  tl_strmap_init(&out->map);
  if (o->model_label)
    out->model_label = tl_strdup(o->model_label);
  else {
    tl_buf lb;
    tl_buf_init(&lb);
    tl_buf_printf(&lb, "Tanlu %s", TANLU_VERSION);
    out->model_label = lb.oom ? NULL : tl_strdup(tl_buf_cstr(&lb));
    tl_buf_free(&lb);
  }
  out->scenario = tl_strdup(o->scenario ? o->scenario : "baseline");
  if (!out->model_label || !out->scenario) goto oom;

  const char *map_path = o->map_path;
  if (!map_path && model_path) {
    tl_iamc_default_map_path(&mapb, model_path);
    if (mapb.oom) goto oom;
    map_path = tl_buf_cstr(&mapb);
  }
  b.ctx = ctx;
  b.m = m;
  b.tab = out;
  b.dir = results_dir;
  b.R = m->sets[TL_REGION].n;
  b.T = m->sets[TL_TECHNOLOGY].n;
  b.F = m->sets[TL_FUEL].n;
  b.E = m->sets[TL_EMISSION].n;
  b.M = m->sets[TL_MODE_OF_OPERATION].n;
  b.Y = m->sets[TL_YEAR].n;
  b.gwpcol = o->gwp == TL_GWP_AR4 ? 0 : o->gwp == TL_GWP_AR6 ? 2 : 1;
  if (stat(results_dir, &sb) || !S_ISDIR(sb.st_mode)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, results_dir,
             "not a result folder: %s", strerror(errno));
    fail(&b, TL_ERR_IO);
    goto done;
  }
  if (tl_iamc_map_init(ctx, &b.mp, m, map_path)) {
    fail(&b, TL_ERR_INVALID);
    goto done;
  }
  b.co2 = tl_calloc((size_t)b.R * (size_t)b.T * (size_t)b.Y, sizeof *b.co2);
  if (!b.co2) goto oom;

  /* every gas the model has gets its total, zero or not */
  for (int r = 0; r < b.R; r++)
    for (int e = 0; e < b.E; e++) {
      const tl_gas *g = b.mp.gas[e];
      const gas_var *gv = gas_var_of(g);
      if (!gv) continue;
      var_get(out, &b.key, r, gv->var, gv->unit, 1);
      if (!g->pollutant && g->gwp[b.gwpcol] > 0)
        var_get(out, &b.key, r, "Emissions|Kyoto Gases", "Mt CO2-equiv/yr", 1);
    }
  if (each_row(&b, "AnnualTechnologyEmission", "RTEY", emission_row) ||
      each_row(&b, "ProductionByTechnologyAnnual", "RTFY", production_row) ||
      each_row(&b, "TotalCapacityAnnual", "RTY", capacity_row) ||
      each_row(&b, "NewCapacity", "RTY", new_capacity_row))
    goto done;
  const tl_param *exo = &m->params[TL_P_AnnualExogenousEmission];
  for (int i = 0; i < exo->n; i++) {
    const int32_t *ix = exo->idx + (size_t)i * 3; /* r,e,y */
    if (fabs(exo->val[i]) > IAMC_EPS)
      add_emission(&b, ix[0], ix[2], ix[1], "Other", exo->val[i], 0);
  }
  if (exo->has_defval && exo->defval != 0)
    tl_diagf(ctx, TL_WARNING, NULL, "AnnualExogenousEmission", NULL, NULL,
             "a nonzero default is not counted in the IAMC emissions; give "
             "the values explicitly");
  if (sequestration(&b) || carbon_price(&b)) goto done;
  if (out->oom) goto oom;
  tl_iamc_table_sort(out);
  if (out->oom) goto oom;
  goto done;
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, results_dir,
           "out of memory while computing the IAMC variables");
  fail(&b, TL_ERR_NOMEM);
done:
  tl_free(b.co2, (size_t)b.R * (size_t)b.T * (size_t)b.Y * sizeof *b.co2);
  tl_iamc_map_free(&b.mp);
  tl_buf_free(&b.key);
  tl_buf_free(&b.name);
  tl_buf_free(&b.path);
  tl_buf_free(&mapb);
  if (b.st != TL_OK) tl_iamc_table_free(out);
  return b.st;
}

tl_status tl_iamc_write(tl_ctx *ctx, const tl_model *m, const char *model_path,
                        const tl_iamc_options *o, const char *results_dir,
                        const char *out_path) {
  tl_iamc_table t;
  tl_buf text;
  tl_ofile f;
  if (!ctx || !m || !results_dir || !out_path) return TL_ERR_ARG;
  tl_status st = tl_iamc_compute(ctx, m, model_path, o, results_dir, &t);
  if (st != TL_OK) return st;
  tl_buf_init(&text);
  tl_iamc_table_csv(&t, &text);
  tl_iamc_table_free(&t);
  if (text.oom) {
    tl_buf_free(&text);
    return TL_ERR_NOMEM;
  }
  if (tl_ofile_open(ctx, &f, out_path))
    st = TL_ERR_IO;
  else {
    if (text.len && fwrite(text.s, 1, text.len, f.f) != text.len) f.failed = 1;
    if (tl_ofile_close(ctx, &f, 0)) st = TL_ERR_IO;
  }
  tl_buf_free(&text);
  return st;
}
