/* query.c - reading the run store: list its runs, resolve a run reference
 * ("12", "last", "last~1", a uid prefix). */
#include <math.h>
#include <string.h>

#include "store/store.h"

static const char run_columns[] =
    "id, uid, recorded, version, model_path, inputs_hash, scenario, options, "
    "solver, status, objective, iterations, results_dir, nresults";

/* Fill *r from a row selected with run_columns (strings borrowed from the
 * statement). */
static void run_from_row(sqlite3_stmt *st, tl_store_run *r) {
  static const tl_solve_status all[] = {TL_SOLVE_NOT_RUN,    TL_SOLVE_OPTIMAL,
                                        TL_SOLVE_INFEASIBLE, TL_SOLVE_UNBOUNDED,
                                        TL_SOLVE_LIMIT,      TL_SOLVE_ERROR};
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->uid = tl_store_text(st, 1);
  r->recorded = tl_store_text(st, 2);
  r->version = tl_store_text(st, 3);
  r->model_path =
      sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : tl_store_text(st, 4);
  r->inputs_hash =
      sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : tl_store_text(st, 5);
  r->scenario = tl_store_text(st, 6);
  r->options =
      sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : tl_store_text(st, 7);
  r->solver =
      sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL : tl_store_text(st, 8);
  const char *status = tl_store_text(st, 9);
  r->status = TL_SOLVE_ERROR;
  r->interrupted = !strcmp(status, "interrupted");
  if (r->interrupted) r->status = TL_SOLVE_LIMIT;
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
    if (!strcmp(status, tl_solve_status_str(all[k]))) r->status = all[k];
  r->objective = sqlite3_column_type(st, 10) == SQLITE_NULL
                     ? NAN
                     : sqlite3_column_double(st, 10);
  r->iterations = (long)sqlite3_column_int64(st, 11);
  r->results_dir =
      sqlite3_column_type(st, 12) == SQLITE_NULL ? NULL : tl_store_text(st, 12);
  r->nresults = sqlite3_column_int64(st, 13);
}

/* Stage timings of run r into r->stage_* (names borrowed from st2's rows:
 * they are copied into buf, which must outlive the callback). */
static int load_timings(sqlite3 *db, tl_store_run *r, char *buf, size_t size) {
  sqlite3_stmt *st;
  int rc =
      tl_store_prepare(db,
                       "SELECT stage, seconds FROM timings WHERE run_id = ? "
                       "ORDER BY seq",
                       &st);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, r->id);
  size_t used = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
         r->nstages < TL_STORE_MAX_STAGES) {
    const char *s = tl_store_text(st, 0);
    size_t n = strlen(s) + 1;
    if (used + n > size) break;
    memcpy(buf + used, s, n);
    r->stage_names[r->nstages] = buf + used;
    r->stage_seconds[r->nstages] = sqlite3_column_double(st, 1);
    r->nstages++;
    used += n;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

tl_status tl_store_list(tl_ctx *ctx, const char *db_path, tl_store_run_fn fn,
                        void *ud) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  tl_buf sql;
  char names[1024];
  if (!ctx || !db_path || !fn) return TL_ERR_ARG;
  tl_status s = tl_store_open(ctx, db_path, 0, &db);
  if (s != TL_OK) return s;
  tl_buf_init(&sql);
  tl_buf_printf(&sql, "SELECT %s FROM runs ORDER BY id", run_columns);
  int rc =
      sql.oom ? SQLITE_NOMEM : tl_store_prepare(db, tl_buf_cstr(&sql), &st);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    tl_store_run r;
    run_from_row(st, &r);
    rc = load_timings(db, &r, names, sizeof names);
    if (rc == SQLITE_OK && fn(ud, &r)) rc = SQLITE_DONE;
  }
  s = rc == SQLITE_DONE || rc == SQLITE_OK
          ? TL_OK
          : tl_store_error(ctx, db, rc, db_path, "cannot list the runs");
  sqlite3_finalize(st);
  tl_buf_free(&sql);
  tl_store_close(db);
  return s;
}

/* One integer from a query with an optional text parameter; *found set. */
static int query_id(sqlite3 *db, const char *sql, const char *param,
                    int64_t *out, int *found) {
  sqlite3_stmt *st;
  *found = 0;
  int rc = tl_store_prepare(db, sql, &st);
  if (rc != SQLITE_OK) return rc;
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    (*found)++;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int all_hex(const char *s) {
  for (; *s; s++)
    if (!strchr("0123456789abcdefABCDEF", *s)) return 0;
  return 1;
}

tl_status tl_store_find(tl_ctx *ctx, const char *db_path, const char *ref,
                        int64_t *run_id) {
  sqlite3 *db = NULL;
  int64_t id = 0;
  long n = 0;
  int found = 0, rc = SQLITE_OK;
  if (!ctx || !db_path || !ref || !run_id) return TL_ERR_ARG;
  tl_status s = tl_store_open(ctx, db_path, 0, &db);
  if (s != TL_OK) return s;
  size_t len = strlen(ref);
  long idnum = 0;
  int numeric = tl_parse_long(ref, len, 1, 0x7fffffffL, &idnum) == 0;
  int prefix = len >= 6 && len <= 32 && all_hex(ref);
  if (!strncmp(ref, "last", 4) &&
      (len == 4 || (ref[4] == '~' && tl_parse_long(ref + 5, len - 5, 0,
                                                   1000000000L, &n) == 0))) {
    tl_buf sql;
    tl_buf_init(&sql);
    tl_buf_printf(&sql,
                  "SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET %ld", n);
    rc = sql.oom ? SQLITE_NOMEM
                 : query_id(db, tl_buf_cstr(&sql), NULL, &id, &found);
    tl_buf_free(&sql);
  } else if (numeric || prefix) {
    /* an id; a uid prefix of digits only ("778946") is tried as a prefix
       when no run has it as its id */
    if (numeric)
      rc = query_id(db, "SELECT id FROM runs WHERE id = ?", ref, &id, &found);
    if (rc == SQLITE_OK && !found && prefix) {
      tl_buf pat;
      tl_buf_init(&pat);
      for (size_t i = 0; i < len; i++) tl_buf_addc(&pat, (char)(ref[i] | 0x20));
      tl_buf_addc(&pat, '%');
      rc = pat.oom ? SQLITE_NOMEM
                   : query_id(db, "SELECT id FROM runs WHERE uid LIKE ?",
                              tl_buf_cstr(&pat), &id, &found);
      tl_buf_free(&pat);
    }
  } else {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, ref,
             "not a run: give an id (12), last, last~N or a uid prefix "
             "(at least 6 hex digits)");
    tl_store_close(db);
    return TL_ERR_ARG;
  }
  if (rc != SQLITE_OK) {
    s = tl_store_error(ctx, db, rc, db_path, "cannot look up the run");
  } else if (found != 1) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, ref,
             found ? "several runs match: give more of the uid"
                   : "no such run in the store (tanlu runs lists them)");
    s = TL_ERR_ARG;
  } else {
    *run_id = id;
  }
  tl_store_close(db);
  return s;
}
