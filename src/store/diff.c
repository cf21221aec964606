/* diff.c - tl_store_diff: what changed between two runs of the store - the
 * run's description, its input files, its model's values and its results
 * - merged from both runs' rows in key order, reported item by item. */
#include <math.h>
#include <string.h>

#include "model/model.h"
#include "store/store.h"

/* The key tables compared by default (docs/outputs.md). */
static const char *const key_tables[] = {"TotalDiscountedCost",
                                         "AnnualEmissions",
                                         "TotalCapacityAnnual",
                                         "NewCapacity",
                                         "ProductionByTechnologyAnnual",
                                         "roadmap/Targets",
                                         "roadmap/CarbonPrice",
                                         "roadmap/PhaseDecomposition",
                                         "roadmap/MaturityStatistics",
                                         "roadmap/InnovationGap",
                                         NULL};

void tl_diff_options_init(tl_diff_options *o) {
  memset(o, 0, sizeof *o);
  o->rel_tol = 1e-6;
  o->abs_tol = 1e-9;
  o->top = 10;
}

typedef struct dctx {
  tl_ctx *ctx;
  sqlite3 *db;
  const char *path;
  const tl_diff_options *o;
  tl_diff_fn fn;
  void *ud;
  int64_t run[2];
  int stop; /* the callback asked to stop */
  int rc;   /* SQLite error, SQLITE_OK */
  int oom;
} dctx;

static void emit(dctx *d, const tl_diff_item *it) {
  if (!d->stop && d->fn(d->ud, it)) d->stop = 1;
}

static void item_init(tl_diff_item *it, tl_diff_kind k, const char *name) {
  memset(it, 0, sizeof *it);
  it->kind = k;
  it->name = name;
  it->a = it->b = NAN;
}

static int differ(const dctx *d, double a, double b) {
  if (isnan(a) || isnan(b)) return isnan(a) != isnan(b);
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) > d->o->abs_tol + d->o->rel_tol * m;
}

/* Strings of a cell: NULL when SQL NULL. */
static const char *col_text(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
                                                   : tl_store_text(st, i);
}
static double col_real(sqlite3_stmt *st, int i) {
  int t = sqlite3_column_type(st, i);
  return t == SQLITE_INTEGER || t == SQLITE_FLOAT ? sqlite3_column_double(st, i)
                                                  : NAN;
}

static int str_differ(const char *a, const char *b) {
  if (!a || !b) return a != b;
  return strcmp(a, b) != 0;
}

/* ---- the runs
 * ---------------------------------------------------------------------- */

static const char *const run_fields[] = {
    "scenario", "model_path", "inputs_hash", "solver",
    "options",  "status",     "version",     NULL};

static void diff_runs(dctx *d) {
  sqlite3_stmt *st[2] = {NULL, NULL};
  for (int k = 0; k < 2 && d->rc == SQLITE_OK; k++) {
    d->rc =
        tl_store_prepare(d->db,
                         "SELECT scenario, model_path, inputs_hash, solver, "
                         "options, status, version, objective, iterations "
                         "FROM runs WHERE id = ?",
                         &st[k]);
    if (d->rc != SQLITE_OK) break;
    sqlite3_bind_int64(st[k], 1, d->run[k]);
    d->rc = sqlite3_step(st[k]);
    d->rc = d->rc == SQLITE_ROW    ? SQLITE_OK
            : d->rc == SQLITE_DONE ? SQLITE_NOTFOUND
                                   : d->rc;
  }
  if (d->rc == SQLITE_OK) {
    tl_diff_item it;
    for (int f = 0; run_fields[f]; f++) {
      const char *a = col_text(st[0], f), *b = col_text(st[1], f);
      if (!str_differ(a, b)) continue;
      item_init(&it, TL_DIFF_RUN, run_fields[f]);
      it.text_a = a;
      it.text_b = b;
      emit(d, &it);
    }
    item_init(&it, TL_DIFF_RUN, "objective");
    it.a = col_real(st[0], 7);
    it.b = col_real(st[1], 7);
    emit(d, &it);
    item_init(&it, TL_DIFF_RUN, "iterations");
    it.a = col_real(st[0], 8);
    it.b = col_real(st[1], 8);
    if (differ(d, it.a, it.b)) emit(d, &it);
  }
  sqlite3_finalize(st[0]);
  sqlite3_finalize(st[1]);
}

/* ---- merging two ordered queries
 * ------------------------------------------------------ */

/* Two statements over the same query, one per run, stepped in key order:
 * the key is the first nkey text columns. */
typedef struct merge {
  sqlite3_stmt *st[2];
  int has[2]; /* a current row */
  int nkey;
} merge;

static int merge_open(dctx *d, merge *m, const char *sql, const int64_t *bind,
                      int nkey) {
  memset(m, 0, sizeof *m);
  m->nkey = nkey;
  for (int k = 0; k < 2; k++) {
    int rc = tl_store_prepare(d->db, sql, &m->st[k]);
    if (rc != SQLITE_OK) return d->rc = rc;
    sqlite3_bind_int64(m->st[k], 1, bind[k]);
    rc = sqlite3_step(m->st[k]);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return d->rc = rc;
    m->has[k] = rc == SQLITE_ROW;
  }
  return SQLITE_OK;
}

static void merge_close(merge *m) {
  sqlite3_finalize(m->st[0]);
  sqlite3_finalize(m->st[1]);
}

/* Which side holds the smaller key: -1 only A, 1 only B, 0 both equal;
 * 2 when both are done. */
static int merge_side(const merge *m) {
  if (!m->has[0] && !m->has[1]) return 2;
  if (!m->has[0]) return 1;
  if (!m->has[1]) return -1;
  for (int c = 0; c < m->nkey; c++) {
    int r = strcmp(tl_store_text(m->st[0], c), tl_store_text(m->st[1], c));
    if (r) return r < 0 ? -1 : 1;
  }
  return 0;
}

static int merge_next(dctx *d, merge *m, int k) {
  int rc = sqlite3_step(m->st[k]);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return d->rc = rc;
  m->has[k] = rc == SQLITE_ROW;
  return SQLITE_OK;
}

/* Advance the side(s) of a comparison (side as merge_side). */
static int merge_advance(dctx *d, merge *m, int side) {
  if (side <= 0 && merge_next(d, m, 0)) return d->rc;
  if (side >= 0 && merge_next(d, m, 1)) return d->rc;
  return SQLITE_OK;
}

/* ---- input files
 * ------------------------------------------------------------------------- */

static void diff_files(dctx *d) {
  merge m;
  if (merge_open(
          d, &m,
          "SELECT role || ':' || name, sha256 FROM inputs WHERE run_id = ? "
          "ORDER BY 1",
          d->run, 1) == SQLITE_OK) {
    int side;
    while (!d->stop && (side = merge_side(&m)) != 2) {
      const char *a = side <= 0 ? tl_store_text(m.st[0], 1) : NULL;
      const char *b = side >= 0 ? tl_store_text(m.st[1], 1) : NULL;
      if (str_differ(a, b)) {
        tl_diff_item it;
        item_init(&it, TL_DIFF_FILE, tl_store_text(m.st[side <= 0 ? 0 : 1], 0));
        it.text_a = a;
        it.text_b = b;
        emit(d, &it);
      }
      if (merge_advance(d, &m, side)) break;
    }
  }
  merge_close(&m);
}

/* ---- kept changes: the largest few, with their strings copied
 * ------------------------ */

typedef struct kept {
  tl_diff_item it;
  char *key, *column, *ta, *tb;
  double mag; /* ordering: larger first */
} kept;

typedef struct keep {
  kept *k; /* [top] */
  int n, top;
} keep;

static void kept_clear(kept *k) {
  tl_strfree(k->key);
  tl_strfree(k->column);
  tl_strfree(k->ta);
  tl_strfree(k->tb);
  memset(k, 0, sizeof *k);
}

static void keep_free(keep *kp) {
  for (int i = 0; i < kp->n; i++) kept_clear(&kp->k[i]);
  tl_free(kp->k, (size_t)kp->top * sizeof *kp->k);
  memset(kp, 0, sizeof *kp);
}

static char *dup_or_null(dctx *d, const char *s) {
  if (!s) return NULL;
  char *c = tl_strdup(s);
  if (!c) d->oom = 1;
  return c;
}

/* Keep it when among the top largest by mag (ties: first come). */
static void keep_add(dctx *d, keep *kp, const tl_diff_item *it, double mag) {
  if (kp->top <= 0) return;
  if (!kp->k && !(kp->k = tl_calloc((size_t)kp->top, sizeof *kp->k))) {
    d->oom = 1;
    return;
  }
  int pos = kp->n;
  while (pos > 0 && kp->k[pos - 1].mag < mag) pos--;
  if (pos >= kp->top) return;
  if (kp->n == kp->top) kept_clear(&kp->k[--kp->n]);
  memmove(&kp->k[pos + 1], &kp->k[pos], (size_t)(kp->n - pos) * sizeof *kp->k);
  kept *k = &kp->k[pos];
  memset(k, 0, sizeof *k);
  kp->n++;
  k->it = *it;
  k->mag = mag;
  k->key = dup_or_null(d, it->key);
  k->column = dup_or_null(d, it->column);
  k->ta = dup_or_null(d, it->text_a);
  k->tb = dup_or_null(d, it->text_b);
  k->it.key = k->key;
  k->it.column = k->column;
  k->it.text_a = k->ta;
  k->it.text_b = k->tb;
}

static void keep_emit(dctx *d, keep *kp, const char *name) {
  for (int i = 0; i < kp->n; i++) {
    kp->k[i].it.name = name;
    emit(d, &kp->k[i].it);
  }
}

/* ---- model values
 * -------------------------------------------------------------------------- */

/* The built-in default of a parameter, NAN for a set or unknown name. */
static double builtin_default(const char *param) {
  int p = tl_param_find(param, strlen(param));
  return p < 0 ? NAN : tl_param_defs[p].def;
}

typedef struct param_acc {
  char *name;
  int is_set;
  double def[2];
  tl_diff_item sum;
  keep kp;
  int64_t order; /* changes seen in this parameter, for first-come order */
} param_acc;

static void param_flush(dctx *d, param_acc *p) {
  if (p->name && (p->sum.only_a || p->sum.only_b || p->sum.changed)) {
    p->sum.name = p->name;
    emit(d, &p->sum);
    keep_emit(d, &p->kp, p->name);
  }
  keep_free(&p->kp);
  tl_strfree(p->name);
  p->name = NULL;
}

static void diff_values(dctx *d) {
  merge m;
  param_acc p;
  memset(&p, 0, sizeof p);
  if (merge_open(
          d, &m,
          "SELECT param, idx, value, text FROM input_values WHERE run_id = "
          "? ORDER BY param, idx",
          d->run, 2) == SQLITE_OK) {
    int side;
    while (!d->stop && !d->oom && (side = merge_side(&m)) != 2) {
      sqlite3_stmt *cur = m.st[side <= 0 ? 0 : 1];
      const char *param = tl_store_text(cur, 0), *idx = tl_store_text(cur, 1);
      if (!p.name || strcmp(p.name, param)) {
        param_flush(d, &p);
        if (!(p.name = tl_strdup(param))) {
          d->oom = 1;
          break;
        }
        p.def[0] = p.def[1] = builtin_default(param);
        p.is_set = tl_set_find(param, strlen(param)) >= 0;
        item_init(&p.sum, TL_DIFF_INPUTS, NULL);
        p.kp.top = d->o->top;
        p.order = 0;
      }
      tl_diff_item it;
      item_init(&it, TL_DIFF_INPUT, NULL);
      it.key = idx;
      int is_default = !*idx;
      if (side <= 0) {
        it.a = col_real(m.st[0], 2);
        it.text_a = col_text(m.st[0], 3);
      }
      if (side >= 0) {
        it.b = col_real(m.st[1], 2);
        it.text_b = col_text(m.st[1], 3);
      }
      if (is_default) { /* the default in force */
        if (side <= 0 && !isnan(it.a)) p.def[0] = it.a;
        if (side >= 0 && !isnan(it.b)) p.def[1] = it.b;
      }
      /* an entry one run lacks takes that run's default; for a set, a
       * member one run lacks is a change */
      int change;
      if (side != 0) {
        if (side < 0) {
          it.b = p.def[1];
          it.b_default = 1;
        } else {
          it.a = p.def[0];
          it.a_default = 1;
        }
        change = p.is_set || differ(d, it.a, it.b) ||
                 str_differ(it.text_a, it.text_b);
        if (!change)
          p.sum.same++;
        else if (side < 0)
          p.sum.only_a++;
        else
          p.sum.only_b++;
      } else {
        change = differ(d, it.a, it.b) || str_differ(it.text_a, it.text_b);
        if (change)
          p.sum.changed++;
        else
          p.sum.same++;
      }
      /* first changes in key order: a decreasing magnitude keeps them */
      if (change) keep_add(d, &p.kp, &it, -(double)p.order++);
      if (merge_advance(d, &m, side)) break;
    }
  }
  param_flush(d, &p);
  merge_close(&m);
}

/* ---- results
 * ---------------------------------------------------------------------------------
 */

/* The id of table name in run k, or 0 when it has none. */
static int64_t table_id(dctx *d, int k, const char *name) {
  sqlite3_stmt *st;
  int64_t id = 0;
  if (tl_store_prepare(
          d->db, "SELECT id FROM result_tables WHERE run_id = ? AND name = ?",
          &st) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64(st, 1, d->run[k]);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return id;
}

static void diff_table(dctx *d, const char *name) {
  int64_t ids[2] = {table_id(d, 0, name), table_id(d, 1, name)};
  if (!ids[0] && !ids[1]) return;
  tl_diff_item sum;
  keep kp = {NULL, 0, d->o->top};
  item_init(&sum, TL_DIFF_TABLE, name);
  sum.a = sum.b = 0;
  merge m;
  if (merge_open(d, &m,
                 "SELECT idx, col, value, text FROM results WHERE table_id = ? "
                 "ORDER BY idx, col",
                 ids, 2) == SQLITE_OK) {
    int side;
    while (!d->stop && !d->oom && (side = merge_side(&m)) != 2) {
      sqlite3_stmt *cur = m.st[side <= 0 ? 0 : 1];
      tl_diff_item it;
      item_init(&it, TL_DIFF_RESULT, name);
      it.key = tl_store_text(cur, 0);
      it.column = tl_store_text(cur, 1);
      if (side <= 0) {
        it.a = col_real(m.st[0], 2);
        it.text_a = col_text(m.st[0], 3);
        if (!isnan(it.a)) sum.a += it.a;
      }
      if (side >= 0) {
        it.b = col_real(m.st[1], 2);
        it.text_b = col_text(m.st[1], 3);
        if (!isnan(it.b)) sum.b += it.b;
      }
      if (side < 0)
        sum.only_a++;
      else if (side > 0)
        sum.only_b++;
      /* an absent number is zero (result tables leave zeros out) */
      double a = isnan(it.a) && !it.text_a ? 0 : it.a;
      double b = isnan(it.b) && !it.text_b ? 0 : it.b;
      int change = differ(d, a, b) || str_differ(it.text_a, it.text_b);
      if (side == 0) {
        if (change)
          sum.changed++;
        else
          sum.same++;
      }
      if (change) {
        double mag = isnan(a) || isnan(b) ? HUGE_VAL : fabs(a - b);
        keep_add(d, &kp, &it, mag);
      }
      if (merge_advance(d, &m, side)) break;
    }
  }
  merge_close(&m);
  if (ids[0] == 0) sum.a = NAN;
  if (ids[1] == 0) sum.b = NAN;
  if (d->rc == SQLITE_OK && !d->oom) {
    emit(d, &sum);
    keep_emit(d, &kp, name);
  }
  keep_free(&kp);
}

/* Names of every table either run has, in name order, one at a time. */
static void diff_all_tables(dctx *d) {
  sqlite3_stmt *st;
  d->rc =
      tl_store_prepare(d->db,
                       "SELECT DISTINCT name FROM result_tables WHERE run_id "
                       "IN (?, ?) ORDER BY name",
                       &st);
  if (d->rc != SQLITE_OK) return;
  sqlite3_bind_int64(st, 1, d->run[0]);
  sqlite3_bind_int64(st, 2, d->run[1]);
  int rc;
  while (!d->stop && d->rc == SQLITE_OK && !d->oom &&
         (rc = sqlite3_step(st)) == SQLITE_ROW) {
    char *name = tl_strdup(tl_store_text(st, 0));
    if (!name) {
      d->oom = 1;
      break;
    }
    diff_table(d, name);
    tl_strfree(name);
  }
  sqlite3_finalize(st);
}

tl_status tl_store_diff(tl_ctx *ctx, const char *db_path, int64_t run_a,
                        int64_t run_b, const tl_diff_options *o, tl_diff_fn fn,
                        void *ud) {
  tl_diff_options defaults;
  dctx d;
  if (!ctx || !db_path || !fn) return TL_ERR_ARG;
  if (!o) {
    tl_diff_options_init(&defaults);
    o = &defaults;
  }
  memset(&d, 0, sizeof d);
  d.ctx = ctx;
  d.path = db_path;
  d.o = o;
  d.fn = fn;
  d.ud = ud;
  d.run[0] = run_a;
  d.run[1] = run_b;
  tl_status st = tl_store_open(ctx, db_path, 0, &d.db);
  if (st != TL_OK) return st;
  /* one read transaction: a consistent view while others record */
  d.rc = tl_store_exec(d.db, "BEGIN");
  if (d.rc == SQLITE_OK) diff_runs(&d);
  if (d.rc == SQLITE_NOTFOUND) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
             "no run %lld or %lld in the store", (long long)run_a,
             (long long)run_b);
    tl_store_exec(d.db, "ROLLBACK");
    tl_store_close(d.db);
    return TL_ERR_ARG;
  }
  if (d.rc == SQLITE_OK && !d.stop) diff_files(&d);
  if (d.rc == SQLITE_OK && !d.stop && !d.oom) diff_values(&d);
  if (d.rc == SQLITE_OK && !d.stop && !d.oom) {
    if (o->table)
      diff_table(&d, o->table);
    else if (o->all_tables)
      diff_all_tables(&d);
    else
      for (int k = 0; key_tables[k] && !d.stop && d.rc == SQLITE_OK && !d.oom;
           k++)
        diff_table(&d, key_tables[k]);
  }
  if (d.oom) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
             "run store: out of memory");
    st = TL_ERR_NOMEM;
  } else if (d.rc != SQLITE_OK && d.rc != SQLITE_DONE) {
    st = tl_store_error(ctx, d.db, d.rc, db_path, "cannot compare the runs");
  }
  tl_store_exec(d.db, "ROLLBACK");
  tl_store_close(d.db);
  return st;
}
