/* park.c - the zero-carbon industrial-park scorecard: energy use in tce,
 * CO2 per tce and the clean-energy share from a run's result tables, the
 * non-energy indicators from the park's data file, each set against the
 * national criteria (S14). Definitions in docs/park.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/outtab.h"
#include "tanlu_park.h"

#define PK_NCRIT 6   /* scored criteria, in print order below */
#define PK_MAXY 512  /* years in one result folder at most */
#define PK_MAXT 4096 /* technologies with output at most */

/* criteria after energy_use and co2_emissions */
static const char *const crit_names[PK_NCRIT] = {
    "co2_per_tce",    "clean_energy_share", "solid_waste_reuse",
    "waste_heat_use", "water_reuse",        "energy_use_min"};
static const char *const crit_units[PK_NCRIT] = {"tCO2/tce", "%", "%",
                                                 "%",        "%", "tce"};
enum { C_CO2, C_CLEAN, C_WASTE, C_HEAT, C_WATER, C_SIZEMIN };

typedef struct pk_thr {
  double v[2];  /* [small, large]; one value for both when not per size */
  int sense;    /* +1 min, -1 max */
  char src[2][128];
} pk_thr;

typedef struct pk_year {
  int year;
  double co2;       /* emission, model unit */
  double supply;    /* boundary supply, model energy unit (after surplus) */
  double clean;     /* clean part of it */
  double ind[3];    /* solid waste, waste heat, water reuse (%), NAN */
} pk_year;

struct tl_park {
  tl_park_row *rows;
  long nrows;
  size_t caprows;
  tl_buf text; /* strings of the rows, NUL-separated */
  size_t *soff; /* [4 * caprows] offsets in text of each row's criterion,
                   unit, size and source (the buffer moves as it grows;
                   fix_strings points the rows at them at the end) */
  size_t capsoff;
  char region[128];
};

/* the park data */
typedef struct pk_data {
  char emission[64];
  double co2_t, tce; /* t CO2 per emission unit; tce per energy unit */
  int have_co2_t, have_tce;
  struct { char tech[128]; int year; double f; } *cf; /* clean fractions */
  size_t ncf, capcf;
  struct { int item, year; double v; char src[128]; } *ind;
  size_t nind, capind;
} pk_data;

void tl_park_options_init(tl_park_options *o) { memset(o, 0, sizeof *o); }

long tl_park_count(const tl_park *p) { return p ? p->nrows : 0; }

const tl_park_row *tl_park_row_at(const tl_park *p, long i) {
  return p && i >= 0 && i < p->nrows ? &p->rows[i] : NULL;
}

void tl_park_free(tl_park *p) {
  if (!p) return;
  tl_free(p->rows, p->caprows * sizeof *p->rows);
  tl_free(p->soff, p->capsoff * sizeof *p->soff);
  tl_buf_free(&p->text);
  tl_free(p, sizeof *p);
}

/* An error about a whole file or folder ("PATH: message"). */
static void file_err(tl_ctx *ctx, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void file_err(tl_ctx *ctx, const char *path, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_loc loc = {path, 0, 0};
  tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s", msg);
}

/* ---- reading ---------------------------------------------------------------- */

/* Read DIR/NAME; a missing table is an error naming what needs it. */
static int need_table(tl_ctx *ctx, const char *dir, const char *name,
                      int optional, tl_otab *t) {
  tl_buf p;
  tl_buf_init(&p);
  tl_buf_printf(&p, "%s/%s", dir, name);
  int rc = tl_otab_read(ctx, tl_buf_cstr(&p), t);
  if (rc == 1 && !optional)
    file_err(ctx, tl_buf_cstr(&p), "missing: the park scorecard needs this result table (write it "
             "with `tanlu run MODEL -o %s`)",
             dir);
  tl_buf_free(&p);
  if (rc == 1) return optional ? 0 : -TL_ERR_IO;
  return rc;
}

/* Column numbers of names[0..n) in t, or an error naming the missing one. */
static int need_cols(tl_ctx *ctx, const char *file, const tl_otab *t,
                     const char *const *names, int n, int *col) {
  for (int k = 0; k < n; k++) {
    col[k] = tl_otab_colnum(t, names[k]);
    if (col[k] < 0) {
      tl_loc loc = {file, 1, 0};
      tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, names[k],
               "no column %s in the header", names[k]);
      return -1;
    }
  }
  return 0;
}

/* Read one of the park's own input files (what: "park data", "criteria")
 * with the four columns names (their numbers into col). 0 or -status
 * (reported; nothing left to free). */
static int open_input(tl_ctx *ctx, const char *file, const char *what,
                      const char *const *names, tl_otab *t, int *col) {
  int rc = tl_otab_read(ctx, file, t);
  if (rc == 1) {
    file_err(ctx, file, "cannot open the %s file: %s", what, strerror(ENOENT));
    return -TL_ERR_IO;
  }
  if (rc) return rc;
  if (need_cols(ctx, file, t, names, 4, col)) {
    tl_otab_free(t);
    return -TL_ERR_PARSE;
  }
  return 0;
}

/* The number in row r, column c; an error names file, line, column and
 * value when it is not one. */
static int cell_num(tl_ctx *ctx, const char *file, const tl_otab *t, long r,
                    int c, double *v) {
  if (tl_otab_num(t, r, c, v) == 0) return 0;
  tl_loc loc = {file, t->line[r], 0};
  tl_diagf(ctx, TL_ERROR, &loc, t->col[c], NULL, tl_otab_at(t, r, c),
           "column %d: not a number", c + 1);
  return -1;
}

static int cell_year(tl_ctx *ctx, const char *file, const tl_otab *t, long r,
                     int c, int *y) {
  const char *s = tl_otab_at(t, r, c);
  long v;
  if (tl_parse_long(s, strlen(s), 1, 9999, &v) == 0) {
    *y = (int)v;
    return 0;
  }
  tl_loc loc = {file, t->line[r], 0};
  tl_diagf(ctx, TL_ERROR, &loc, t->col[c], NULL, s,
           "column %d: not a year (1-9999)", c + 1);
  return -1;
}

static const char *const ind_items[3] = {"solid_waste_reuse", "waste_heat_use",
                                         "water_reuse"};

static void data_free(pk_data *d) {
  tl_free(d->cf, d->capcf * sizeof *d->cf);
  tl_free(d->ind, d->capind * sizeof *d->ind);
  memset(d, 0, sizeof *d);
}

/* Park data: ITEM,KEY,YEAR,VALUE,UNIT,SOURCE. */
static int read_park(tl_ctx *ctx, const char *file, pk_data *d) {
  static const char *const cols[] = {"ITEM", "KEY", "YEAR", "VALUE"};
  tl_otab t;
  int c[4], rc = open_input(ctx, file, "park data", cols, &t, c);
  if (rc) return rc;
  rc = -TL_ERR_PARSE;
  int csrc = tl_otab_colnum(&t, "SOURCE");
  snprintf(d->emission, sizeof d->emission, "CO2");
  for (long r = 0; r < t.nrow; r++) {
    const char *item = tl_otab_at(&t, r, c[0]), *key = tl_otab_at(&t, r, c[1]);
    const char *ys = tl_otab_at(&t, r, c[2]);
    tl_loc loc = {file, t.line[r], 0};
    double v = 0;
    int y = 0;
    if (!strcmp(item, "emission")) {
      snprintf(d->emission, sizeof d->emission, "%s", key);
      continue;
    }
    if (cell_num(ctx, file, &t, r, c[3], &v)) goto done;
    if (*ys && cell_year(ctx, file, &t, r, c[2], &y)) goto done;
    if (!strcmp(item, "co2_t_per_unit") || !strcmp(item, "tce_per_unit")) {
      if (!(v > 0)) {
        tl_diagf(ctx, TL_ERROR, &loc, item, NULL, tl_otab_at(&t, r, c[3]),
                 "%s must be positive", item);
        rc = -TL_ERR_INVALID;
        goto done;
      }
      if (item[0] == 'c') d->co2_t = v, d->have_co2_t = 1;
      else d->tce = v, d->have_tce = 1;
    } else if (!strcmp(item, "clean_fraction")) {
      void *p = d->cf;
      if (v < 0 || v > 1 || !*key) {
        tl_diagf(ctx, TL_ERROR, &loc, item, key, tl_otab_at(&t, r, c[3]),
                 "clean_fraction needs a TECHNOLOGY in KEY and a VALUE in "
                 "[0, 1]");
        rc = -TL_ERR_INVALID;
        goto done;
      }
      if (tl_grow(&p, &d->capcf, d->ncf + 1, sizeof *d->cf)) goto oom;
      d->cf = p;
      snprintf(d->cf[d->ncf].tech, sizeof d->cf[0].tech, "%s", key);
      d->cf[d->ncf].year = y;
      d->cf[d->ncf++].f = v;
    } else {
      int k = 0;
      while (k < 3 && strcmp(item, ind_items[k])) k++;
      if (k == 3) {
        tl_diagf(ctx, TL_ERROR, &loc, "ITEM", NULL, item,
                 "unknown ITEM '%s' (emission, co2_t_per_unit, tce_per_unit, "
                 "clean_fraction, solid_waste_reuse, waste_heat_use, "
                 "water_reuse)",
                 item);
        rc = -TL_ERR_INVALID;
        goto done;
      }
      void *p = d->ind;
      if (tl_grow(&p, &d->capind, d->nind + 1, sizeof *d->ind)) goto oom;
      d->ind = p;
      d->ind[d->nind].item = k;
      d->ind[d->nind].year = y;
      d->ind[d->nind].v = v;
      snprintf(d->ind[d->nind++].src, sizeof d->ind[0].src, "%s",
               csrc >= 0 ? tl_otab_at(&t, r, csrc) : "");
    }
  }
  if (!d->have_tce || !d->have_co2_t) {
    file_err(ctx, file, "the park data needs rows tce_per_unit (tce per unit of the "
             "model's energy) and co2_t_per_unit (t CO2 per unit of %s)",
             d->emission);
    rc = -TL_ERR_INVALID;
    goto done;
  }
  rc = 0;
  goto done;
oom:
  file_err(ctx, file, "out of memory");
  rc = -TL_ERR_NOMEM;
done:
  tl_otab_free(&t);
  return rc;
}

/* Built-in thresholds (S14), overridden by a criteria file. */
static void criteria_default(pk_thr *th) {
  static const double v[PK_NCRIT][2] = {{0.20, 0.30}, {90, 90}, {80, 80},
                                        {50, 50},     {80, 80}, {2e5, 1e6}};
  static const int sense[PK_NCRIT] = {-1, 1, 1, 1, 1, 1};
  for (int k = 0; k < PK_NCRIT; k++) {
    th[k].v[0] = v[k][0];
    th[k].v[1] = v[k][1];
    th[k].sense = sense[k];
    snprintf(th[k].src[0], sizeof th[k].src[0], "S14 (built in)");
    snprintf(th[k].src[1], sizeof th[k].src[1], "S14 (built in)");
  }
}

static int read_criteria(tl_ctx *ctx, const char *file, pk_thr *th) {
  static const char *const cols[] = {"CRITERION", "SIZE", "THRESHOLD", "SENSE"};
  tl_otab t;
  int c[4], rc = open_input(ctx, file, "criteria", cols, &t, c);
  if (rc) return rc;
  rc = -TL_ERR_PARSE;
  int csrc = tl_otab_colnum(&t, "SOURCE");
  for (long r = 0; r < t.nrow; r++) {
    const char *name = tl_otab_at(&t, r, c[0]), *size = tl_otab_at(&t, r, c[1]);
    const char *sense = tl_otab_at(&t, r, c[3]);
    tl_loc loc = {file, t.line[r], 0};
    int k = 0, s0 = 0, s1 = 1;
    double v;
    while (k < PK_NCRIT && strcmp(name, crit_names[k])) k++;
    if (k == PK_NCRIT) {
      tl_diagf(ctx, TL_ERROR, &loc, "CRITERION", NULL, name,
               "unknown criterion '%s'", name);
      rc = -TL_ERR_INVALID;
      goto done;
    }
    if (!strcmp(size, "small")) s1 = 0;
    else if (!strcmp(size, "large")) s0 = 1;
    else if (*size) {
      tl_diagf(ctx, TL_ERROR, &loc, "SIZE", NULL, size,
               "SIZE is small, large or empty (both), not '%s'", size);
      rc = -TL_ERR_INVALID;
      goto done;
    }
    if (strcmp(sense, "min") && strcmp(sense, "max")) {
      tl_diagf(ctx, TL_ERROR, &loc, "SENSE", NULL, sense,
               "SENSE is min (value >= threshold) or max, not '%s'", sense);
      rc = -TL_ERR_INVALID;
      goto done;
    }
    if (cell_num(ctx, file, &t, r, c[2], &v)) goto done;
    for (int s = s0; s <= s1; s++) {
      th[k].v[s] = v;
      snprintf(th[k].src[s], sizeof th[k].src[s], "%s",
               csrc >= 0 ? tl_otab_at(&t, r, csrc) : file);
    }
    th[k].sense = sense[1] == 'i' ? 1 : -1;
  }
  rc = 0;
done:
  tl_otab_free(&t);
  return rc;
}

/* ---- the energy balance at the park boundary ------------------------------- */

typedef struct pk_flow { /* per (technology, fuel, year) of a table */
  const char *tech, *fuel;
  int year;
  double v;
} pk_flow;

/* Year slot, adding it; -1 when there are too many. */
static int year_slot(pk_year *ys, int *ny, int y) {
  for (int i = 0; i < *ny; i++)
    if (ys[i].year == y) return i;
  if (*ny == PK_MAXY) return -1;
  memset(&ys[*ny], 0, sizeof ys[0]);
  ys[*ny].year = y;
  for (int k = 0; k < 3; k++) ys[*ny].ind[k] = NAN;
  return (*ny)++;
}

/* Read a REGION,TECHNOLOGY,FUEL,YEAR,VALUE table into flows. */
static int read_flows(tl_ctx *ctx, const char *dir, const char *name,
                      tl_otab *t, pk_flow **out, long *n, char *region,
                      size_t rsize) {
  static const char *const cols[] = {"REGION", "TECHNOLOGY", "FUEL", "YEAR",
                                     "VALUE"};
  int c[5], rc = need_table(ctx, dir, name, 0, t);
  *out = NULL;
  *n = 0;
  if (rc) return rc;
  if (need_cols(ctx, name, t, cols, 5, c)) return -TL_ERR_PARSE;
  pk_flow *f = tl_calloc(t->nrow ? (size_t)t->nrow : 1, sizeof *f);
  if (!f) return -TL_ERR_NOMEM;
  for (long r = 0; r < t->nrow; r++) {
    const char *reg = tl_otab_at(t, r, c[0]);
    if (!region[0]) snprintf(region, rsize, "%s", reg);
    else if (strcmp(region, reg)) {
      tl_loc loc = {name, t->line[r], 0};
      tl_diagf(ctx, TL_ERROR, &loc, "REGION", NULL, reg,
               "a second region '%s' (after '%s'): the park scorecard takes "
               "a one-region park model",
               reg, region);
      tl_free(f, (size_t)(t->nrow ? t->nrow : 1) * sizeof *f);
      return -TL_ERR_INVALID;
    }
    f[r].tech = tl_otab_at(t, r, c[1]);
    f[r].fuel = tl_otab_at(t, r, c[2]);
    if (cell_year(ctx, name, t, r, c[3], &f[r].year) ||
        cell_num(ctx, name, t, r, c[4], &f[r].v)) {
      tl_free(f, (size_t)(t->nrow ? t->nrow : 1) * sizeof *f);
      return -TL_ERR_PARSE;
    }
  }
  *out = f;
  *n = t->nrow;
  return 0;
}

/* Nonzero if tech uses any fuel in year y (uses: [nu]). */
static int uses_any(const pk_flow *use, long nu, const char *tech, int y) {
  for (long i = 0; i < nu; i++)
    if (use[i].year == y && use[i].v > 0 && !strcmp(use[i].tech, tech))
      return 1;
  return 0;
}

/* Clean fraction of boundary technology tech in year y: the park data's
 * (a row for the year, else one without a year), else 1 when the
 * technology emits none of the counted emission that year, else 0. */
static double clean_fraction(const pk_data *d, const tl_otab *te,
                             const int *tc, const char *tech, int y) {
  int any = 0;
  double f = 0;
  for (size_t i = 0; i < d->ncf; i++)
    if (!strcmp(d->cf[i].tech, tech)) {
      if (d->cf[i].year == y) return d->cf[i].f;
      if (d->cf[i].year == 0) any = 1, f = d->cf[i].f;
    }
  if (any) return f;
  for (long r = 0; r < te->nrow; r++) {
    double v;
    if (strcmp(tl_otab_at(te, r, tc[1]), tech) ||
        strcmp(tl_otab_at(te, r, tc[2]), d->emission))
      continue;
    long yy;
    const char *ys = tl_otab_at(te, r, tc[3]);
    if (tl_parse_long(ys, strlen(ys), 1, 9999, &yy) || yy != y) continue;
    if (tl_otab_num(te, r, tc[4], &v) == 0 && v > 1e-12) return 0;
  }
  return 1;
}

/* Boundary supply and its clean part, per year (see docs/park.md):
 * for each fuel a boundary technology makes, surplus = production - use -
 * demand (when > 0) is taken off the boundary supply, pro rata. */
static int balance(const pk_data *d, const pk_flow *prod, long np,
                   const pk_flow *use, long nu, const tl_otab *dem,
                   const tl_otab *te, const int *tc, pk_year *ys, int ny) {
  int dcf = dem->ncol ? tl_otab_colnum(dem, "FUEL") : -1;
  int dcy = dem->ncol ? tl_otab_colnum(dem, "YEAR") : -1;
  int dcv = dem->ncol ? tl_otab_colnum(dem, "VALUE") : -1;
  char *bnd = tl_calloc(np ? (size_t)np : 1, 1); /* prod[i] is boundary */
  if (!bnd) return -TL_ERR_NOMEM;
  for (long i = 0; i < np; i++)
    bnd[i] = prod[i].v > 0 && !uses_any(use, nu, prod[i].tech, prod[i].year);
  for (long i = 0; i < np; i++) {
    if (!bnd[i]) continue;
    int seen = 0; /* first boundary row of this (fuel, year)? */
    for (long j = 0; j < i && !seen; j++)
      seen = bnd[j] && prod[j].year == prod[i].year &&
             !strcmp(prod[j].fuel, prod[i].fuel);
    if (seen) continue;
    const char *f = prod[i].fuel;
    int y = prod[i].year, k;
    double S = 0, P = 0, U = 0, C = 0;
    for (long j = 0; j < np; j++) {
      if (prod[j].year != y || strcmp(prod[j].fuel, f)) continue;
      if (bnd[j]) {
        S += prod[j].v;
        C += prod[j].v * clean_fraction(d, te, tc, prod[j].tech, y);
      } else {
        P += prod[j].v;
      }
    }
    for (long j = 0; j < nu; j++)
      if (use[j].year == y && !strcmp(use[j].fuel, f)) U += use[j].v;
    for (long r = 0; dcv >= 0 && dcf >= 0 && dcy >= 0 && r < dem->nrow; r++) {
      double v;
      const char *yv = tl_otab_at(dem, r, dcy);
      long yy;
      if (strcmp(tl_otab_at(dem, r, dcf), f) ||
          tl_parse_long(yv, strlen(yv), 1, 9999, &yy) || yy != y)
        continue;
      if (tl_otab_num(dem, r, dcv, &v) == 0) U += v;
    }
    double surplus = S + P - U > 0 ? S + P - U : 0;
    double used = S - surplus > 0 ? S - surplus : 0;
    if ((k = year_slot(ys, &ny, y)) < 0) break;
    ys[k].supply += used;
    ys[k].clean += S > 0 ? C * used / S : 0;
  }
  tl_free(bnd, np ? (size_t)np : 1);
  return ny;
}

/* ---- the scorecard ----------------------------------------------------------- */

/* Append s to the row strings; its offset. */
static size_t keep(tl_park *p, const char *s) {
  size_t off = p->text.len;
  tl_buf_adds(&p->text, s);
  tl_buf_addc(&p->text, '\0');
  return off;
}

static int add_row(tl_park *p, int year, const char *crit, const char *unit,
                   double value, double thr, int sense, const char *size,
                   const char *src) {
  void *a = p->rows, *o = p->soff;
  if (tl_grow(&a, &p->caprows, (size_t)p->nrows + 1, sizeof *p->rows))
    return -1;
  p->rows = a;
  if (tl_grow(&o, &p->capsoff, 4 * ((size_t)p->nrows + 1), sizeof *p->soff))
    return -1;
  p->soff = o;
  size_t *so = p->soff + 4 * (size_t)p->nrows;
  tl_park_row *r = &p->rows[p->nrows++];
  r->region = NULL;
  r->year = year;
  so[0] = keep(p, crit);
  so[1] = keep(p, unit);
  r->value = value;
  r->threshold = thr;
  r->sense = sense;
  so[2] = keep(p, size);
  so[3] = keep(p, src);
  if (sense == 0 || isnan(value) || isnan(thr)) {
    r->met = -1;
    r->gap = NAN;
  } else {
    r->gap = sense > 0 ? thr - value : value - thr;
    r->met = r->gap <= 1e-9 * (fabs(thr) > 1 ? fabs(thr) : 1);
  }
  return p->text.oom ? -1 : 0;
}

static void fix_strings(tl_park *p) {
  const char *base = tl_buf_cstr(&p->text);
  for (long i = 0; i < p->nrows; i++) {
    tl_park_row *r = &p->rows[i];
    r->region = p->region;
    const size_t *so = p->soff + 4 * (size_t)i;
    r->criterion = base + so[0];
    r->unit = base + so[1];
    r->size = base + so[2];
    r->source = base + so[3];
  }
}

static int by_year(const void *a, const void *b) {
  const pk_year *x = a, *y = b;
  return (x->year > y->year) - (x->year < y->year);
}

/* The rows of one year. */
static int score_year(tl_park *p, const pk_year *y, const pk_data *d,
                      const pk_thr *th, tl_park_size size) {
  double e = y->supply * d->tce, co2 = y->co2 * d->co2_t;
  int s = size == TL_PARK_SIZE_LARGE ? 1 : 0;
  const char *cls = "small";
  if (size == TL_PARK_SIZE_AUTO) {
    s = e >= th[C_SIZEMIN].v[1];
    cls = s ? "large" : e >= th[C_SIZEMIN].v[0] ? "small" : "below";
  } else if (s) {
    cls = "large";
  }
  double val[PK_NCRIT] = {e > 0 ? co2 / e : NAN,
                          e > 0 ? 100 * y->clean / y->supply : NAN,
                          y->ind[0], y->ind[1], y->ind[2], 0};
  if (add_row(p, y->year, "energy_use", "tce", e, NAN, 0, cls,
              "boundary supply x tce_per_unit") ||
      add_row(p, y->year, "co2_emissions", "tCO2", co2, NAN, 0, cls,
              "AnnualEmissions x co2_t_per_unit"))
    return -1;
  for (int k = 0; k < C_SIZEMIN; k++)
    if (add_row(p, y->year, crit_names[k], crit_units[k], val[k], th[k].v[s],
                th[k].sense, cls, th[k].src[s]))
      return -1;
  return 0;
}

tl_status tl_park_score(tl_ctx *ctx, const char *outdir,
                        const tl_park_options *o, tl_park **out) {
  tl_otab tp = {0}, tu = {0}, td = {0}, tae = {0}, tte = {0};
  pk_flow *prod = NULL, *use = NULL;
  long np = 0, nu = 0;
  pk_data d;
  pk_thr th[PK_NCRIT];
  pk_year *ys = NULL;
  tl_park *p = NULL;
  int ny = 0, rc, tc[5];
  struct stat sb;
  memset(&d, 0, sizeof d);
  if (out) *out = NULL;
  if (!ctx || !outdir || !o || !out) return TL_ERR_ARG;
  if (!o->park_file) {
    file_err(ctx, NULL, "no park data file (ITEM,KEY,YEAR,VALUE: tce_per_unit, "
             "co2_t_per_unit, ...)");
    return TL_ERR_ARG;
  }
  if (stat(outdir, &sb)) {
    file_err(ctx, outdir, "cannot open result folder: %s", strerror(errno));
    return TL_ERR_IO;
  }
  if (!S_ISDIR(sb.st_mode)) {
    file_err(ctx, outdir, "not a result folder (a file): give the folder `tanlu run "
             "MODEL -o OUTDIR` wrote");
    return TL_ERR_IO;
  }
  criteria_default(th);
  p = tl_calloc(1, sizeof *p);
  ys = tl_calloc(PK_MAXY, sizeof *ys);
  if (!p || !ys) {
    rc = -TL_ERR_NOMEM;
    goto fail;
  }
  tl_buf_init(&p->text);
  if ((rc = read_park(ctx, o->park_file, &d))) goto fail;
  if (o->criteria_file && (rc = read_criteria(ctx, o->criteria_file, th)))
    goto fail;
  if ((rc = read_flows(ctx, outdir, "ProductionByTechnologyAnnual.csv", &tp,
                       &prod, &np, p->region, sizeof p->region)) ||
      (rc = read_flows(ctx, outdir, "UseByTechnologyAnnual.csv", &tu, &use,
                       &nu, p->region, sizeof p->region)) ||
      (rc = need_table(ctx, outdir, "Demand.csv", 1, &td)) ||
      (rc = need_table(ctx, outdir, "AnnualEmissions.csv", 0, &tae)) ||
      (rc = need_table(ctx, outdir, "AnnualTechnologyEmission.csv", 0, &tte)))
    goto fail;
  {
    static const char *const ecols[] = {"EMISSION", "YEAR", "VALUE"};
    static const char *const tcols[] = {"REGION", "TECHNOLOGY", "EMISSION",
                                        "YEAR", "VALUE"};
    int ec[3];
    rc = -TL_ERR_PARSE;
    if (need_cols(ctx, "AnnualEmissions.csv", &tae, ecols, 3, ec) ||
        need_cols(ctx, "AnnualTechnologyEmission.csv", &tte, tcols, 5, tc))
      goto fail;
    for (long r = 0; r < tae.nrow; r++) {
      int y, k;
      double v;
      if (strcmp(tl_otab_at(&tae, r, ec[0]), d.emission)) continue;
      if (cell_year(ctx, "AnnualEmissions.csv", &tae, r, ec[1], &y) ||
          cell_num(ctx, "AnnualEmissions.csv", &tae, r, ec[2], &v))
        goto fail;
      if ((k = year_slot(ys, &ny, y)) < 0) goto too_many;
      ys[k].co2 += v;
    }
  }
  rc = balance(&d, prod, np, use, nu, &td, &tte, tc, ys, ny);
  if (rc < 0) goto fail;
  if (rc == PK_MAXY) goto too_many;
  ny = rc;
  for (size_t i = 0; i < d.nind; i++)
    for (int k = 0; k < ny; k++)
      if (d.ind[i].year == ys[k].year ||
          (d.ind[i].year == 0 && isnan(ys[k].ind[d.ind[i].item])))
        ys[k].ind[d.ind[i].item] = d.ind[i].v;
  qsort(ys, (size_t)ny, sizeof *ys, by_year);
  int scored = 0;
  for (int k = 0; k < ny; k++) {
    if (o->year && ys[k].year != o->year) continue;
    if (ys[k].supply <= 0) continue;
    if (score_year(p, &ys[k], &d, th, o->size)) {
      rc = -TL_ERR_NOMEM;
      goto fail;
    }
    scored++;
  }
  if (!scored) {
    if (o->year)
      file_err(ctx, outdir, "no energy supplied in year %d: nothing to score (is the year "
               "in the model?)",
               o->year);
    else
      file_err(ctx, outdir, "no energy crosses the park boundary in any year (no "
               "technology makes a fuel without using one): nothing to "
               "score");
    rc = -TL_ERR_INVALID;
    goto fail;
  }
  fix_strings(p);
  *out = p;
  p = NULL;
  rc = 0;
  goto done;
too_many:
  file_err(ctx, outdir, "more than %d years: beyond the scorecard's limit", PK_MAXY);
  rc = -TL_ERR_LIMIT;
fail:
  if (rc == -TL_ERR_NOMEM)
    file_err(ctx, outdir, "out of memory");
done:
  tl_park_free(p);
  tl_free(ys, PK_MAXY * sizeof *ys);
  tl_free(prod, (size_t)(tp.nrow ? tp.nrow : 1) * sizeof *prod);
  tl_free(use, (size_t)(tu.nrow ? tu.nrow : 1) * sizeof *use);
  tl_otab_free(&tp);
  tl_otab_free(&tu);
  tl_otab_free(&td);
  tl_otab_free(&tae);
  tl_otab_free(&tte);
  data_free(&d);
  return (tl_status)-rc;
}

tl_status tl_park_write(tl_ctx *ctx, const tl_park *p, const char *path) {
  tl_buf b;
  tl_ofile f;
  tl_status st = TL_OK;
  if (!ctx || !p || !path) return TL_ERR_ARG;
  tl_buf_init(&b);
  tl_buf_adds(&b, "REGION,YEAR,CRITERION,VALUE,UNIT,THRESHOLD,SENSE,MET,GAP,"
                  "SIZE_CLASS,SOURCE\n");
  for (long i = 0; i < p->nrows; i++) {
    const tl_park_row *r = &p->rows[i];
    tl_out_csv_field(&b, r->region);
    tl_buf_printf(&b, ",%d,", r->year);
    tl_out_csv_field(&b, r->criterion);
    tl_buf_addc(&b, ',');
    tl_out_csv_num(&b, r->value);
    tl_buf_addc(&b, ',');
    tl_out_csv_field(&b, r->unit);
    tl_buf_addc(&b, ',');
    tl_out_csv_num(&b, r->threshold);
    tl_buf_printf(&b, ",%s,%s,", r->sense > 0 ? "min" : r->sense < 0 ? "max" : "",
                  r->met == 1 ? "1" : r->met == 0 ? "0" : "");
    tl_out_csv_num(&b, r->gap);
    tl_buf_addc(&b, ',');
    tl_out_csv_field(&b, r->size);
    tl_buf_addc(&b, ',');
    tl_out_csv_field(&b, r->source);
    tl_buf_addc(&b, '\n');
  }
  if (b.oom) {
    file_err(ctx, path, "out of memory");
    tl_buf_free(&b);
    return TL_ERR_NOMEM;
  }
  if (tl_ofile_open(ctx, &f, path)) {
    tl_buf_free(&b);
    return TL_ERR_IO;
  }
  if (b.len && fwrite(b.s, 1, b.len, f.f) != b.len) f.failed = 1;
  if (tl_ofile_close(ctx, &f, 0)) st = TL_ERR_IO;
  tl_buf_free(&b);
  return st;
}
