/* export.c - tl_store_export: a recorded run's results written back out,
 * as the CSV files the run wrote (otoole tables, roadmap/ tables,
 * iamc.csv) or as its IAMC file alone. */
#include <math.h>
#include <string.h>

#include "io/csv.h"
#include "report/outtab.h"
#include "store/store.h"

#define EX_MAXCOL 4096

typedef struct ex_table {
  int64_t id;
  char *name;
  char *columns; /* header text (CSV) */
  int nkeys;
} ex_table;

/* Value column names of a header: vals[k] for column nkeys + k. Parses a
 * copy of the header (owned by *copy, free with tl_strfree). Returns the
 * number of value columns, or -1 (oom or a bad header). */
static int value_columns(const char *header, int nkeys, char **copy,
                         char ***vals) {
  tl_csv_cur c;
  tl_csv_field *f = NULL;
  int n, nv = -1;
  *vals = NULL;
  *copy = tl_strdup(header);
  if (!*copy) return -1;
  f = tl_malloc(EX_MAXCOL * sizeof *f);
  if (!f) goto done;
  tl_csv_init(&c, *copy, strlen(*copy));
  n = tl_csv_header(&c, f, EX_MAXCOL);
  if (n < nkeys || n > EX_MAXCOL) goto done;
  *vals = tl_malloc((size_t)(n - nkeys + 1) * sizeof **vals);
  if (!*vals) goto done;
  for (int k = nkeys; k < n; k++) {
    f[k].s[f[k].len] = '\0';
    (*vals)[k - nkeys] = f[k].s;
  }
  nv = n - nkeys;
done:
  tl_free(f, EX_MAXCOL * sizeof *f);
  return nv;
}

/* Write one table (header and rows) to an open file. SQLite code, or
 * SQLITE_NOMEM. */
static int write_table(sqlite3 *db, const ex_table *t, FILE *out) {
  char *copy = NULL, **vals = NULL;
  const char **cells = NULL; /* [nv] text of the current row, owned copies */
  char **owned = NULL;
  sqlite3_stmt *st = NULL;
  tl_buf line;
  int nv = value_columns(t->columns, t->nkeys, &copy, &vals), rc = SQLITE_NOMEM;
  int64_t cur = -1;
  tl_buf_init(&line);
  if (nv < 0) goto done;
  owned = tl_calloc((size_t)nv + 1, sizeof *owned);
  cells = tl_calloc((size_t)nv + 1, sizeof *cells);
  if (!owned || !cells) goto done;
  fputs(t->columns, out);
  fputc('\n', out);
  rc = tl_store_prepare(db,
                        "SELECT row, idx, col, value, text FROM results WHERE "
                        "table_id = ? ORDER BY row, rowid",
                        &st);
  if (rc != SQLITE_OK) goto done;
  sqlite3_bind_int64(st, 1, t->id);
  tl_buf idx;
  tl_buf_init(&idx);
  for (;;) {
    rc = sqlite3_step(st);
    int64_t row = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
    if (row != cur && cur != -1) { /* flush the row */
      tl_buf_reset(&line);
      if (t->nkeys > 0) tl_buf_adds(&line, tl_buf_cstr(&idx));
      for (int k = 0; k < nv; k++) {
        if (k || t->nkeys > 0) tl_buf_addc(&line, ',');
        if (cells[k]) tl_buf_adds(&line, cells[k]);
        tl_strfree(owned[k]);
        owned[k] = NULL;
        cells[k] = NULL;
      }
      tl_buf_addc(&line, '\n');
      if (line.oom) {
        rc = SQLITE_NOMEM;
        break;
      }
      fwrite(line.s, 1, line.len, out);
    }
    if (rc != SQLITE_ROW) break;
    if (row != cur) {
      tl_buf_reset(&idx);
      tl_buf_adds(&idx, tl_store_text(st, 1));
      cur = row;
    }
    const char *col = tl_store_text(st, 2);
    int k = 0;
    while (k < nv && strcmp(vals[k], col)) k++;
    if (k == nv) continue; /* a column the header lacks: cannot be */
    char num[32];
    tl_buf cell;
    tl_buf_init(&cell);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
      tl_fmt_num(num, sqlite3_column_double(st, 3));
      tl_buf_adds(&cell, num);
    } else if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
      tl_out_csv_field(&cell, tl_store_text(st, 4));
    }
    if (cell.oom) {
      tl_buf_free(&cell);
      rc = SQLITE_NOMEM;
      break;
    }
    tl_strfree(owned[k]);
    owned[k] = cell.len ? tl_strdup(tl_buf_cstr(&cell)) : NULL;
    if (cell.len && !owned[k]) {
      tl_buf_free(&cell);
      rc = SQLITE_NOMEM;
      break;
    }
    cells[k] = owned[k];
    tl_buf_free(&cell);
  }
  tl_buf_free(&idx);
  if (rc == SQLITE_DONE) rc = idx.oom ? SQLITE_NOMEM : SQLITE_OK;
done:
  sqlite3_finalize(st);
  if (owned)
    for (int k = 0; k < nv; k++) tl_strfree(owned[k]);
  tl_free(owned, (size_t)(nv > 0 ? nv : 0) * sizeof *owned + sizeof *owned);
  tl_free(cells, (size_t)(nv > 0 ? nv : 0) * sizeof *cells + sizeof *cells);
  tl_free(vals, vals ? (size_t)(nv + 1) * sizeof *vals : 0);
  tl_strfree(copy);
  tl_buf_free(&line);
  return rc;
}

static void tables_free(ex_table *t, size_t n, size_t cap) {
  for (size_t i = 0; i < n; i++) {
    tl_strfree(t[i].name);
    tl_strfree(t[i].columns);
  }
  tl_free(t, cap * sizeof *t);
}

/* The run's tables (all, or the one named only). SQLite code. */
static int load_tables(sqlite3 *db, int64_t run, const char *only,
                       ex_table **out, size_t *n, size_t *cap) {
  sqlite3_stmt *st;
  *out = NULL;
  *n = *cap = 0;
  int rc = tl_store_prepare(
      db,
      "SELECT id, name, columns, nkeys FROM result_tables "
      "WHERE run_id = ? AND (?2 IS NULL OR name = ?2) ORDER BY name",
      &st);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, run);
  if (only) sqlite3_bind_text(st, 2, only, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    void *p = *out;
    if (tl_grow(&p, cap, *n + 1, sizeof **out)) {
      rc = SQLITE_NOMEM;
      break;
    }
    *out = p;
    ex_table *t = &(*out)[*n];
    t->id = sqlite3_column_int64(st, 0);
    t->name = tl_strdup(tl_store_text(st, 1));
    t->columns = tl_strdup(tl_store_text(st, 2));
    t->nkeys = sqlite3_column_int(st, 3);
    (*n)++;
    if (!t->name || !t->columns) {
      rc = SQLITE_NOMEM;
      break;
    }
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Write table t into file path. TL_OK or an error (reported). */
static tl_status export_one(tl_ctx *ctx, sqlite3 *db, const char *db_path,
                            const ex_table *t, const char *path) {
  tl_ofile f;
  if (tl_ofile_open(ctx, &f, path)) return TL_ERR_IO;
  int rc = write_table(db, t, f.f);
  if (rc != SQLITE_OK) {
    tl_ofile_close(ctx, &f, 1);
    if (rc == SQLITE_NOMEM) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "out of memory");
      return TL_ERR_NOMEM;
    }
    return tl_store_error(ctx, db, rc, db_path, "cannot read the results");
  }
  return tl_ofile_close(ctx, &f, 0) ? TL_ERR_IO : TL_OK;
}

static int run_exists(sqlite3 *db, int64_t run, int *found) {
  sqlite3_stmt *st;
  int rc = tl_store_prepare(db, "SELECT 1 FROM runs WHERE id = ?", &st);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, run);
  rc = sqlite3_step(st);
  *found = rc == SQLITE_ROW;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

tl_status tl_store_export(tl_ctx *ctx, const char *db_path, int64_t run_id,
                          tl_export_format format, const char *out) {
  sqlite3 *db = NULL;
  ex_table *t = NULL;
  size_t n = 0, cap = 0;
  int found = 0, rc;
  tl_buf path;
  if (!ctx || !db_path || !out ||
      (format != TL_EXPORT_CSV && format != TL_EXPORT_IAMC))
    return TL_ERR_ARG;
  tl_status st = tl_store_open(ctx, db_path, 0, &db);
  if (st != TL_OK) return st;
  tl_buf_init(&path);
  rc = tl_store_exec(db, "BEGIN");
  if (rc == SQLITE_OK) rc = run_exists(db, run_id, &found);
  if (rc == SQLITE_OK && found)
    rc = load_tables(db, run_id, format == TL_EXPORT_IAMC ? "iamc" : NULL, &t,
                     &n, &cap);
  if (rc != SQLITE_OK) {
    st = tl_store_error(ctx, db, rc, db_path, "cannot read the run");
    goto done;
  }
  if (!found) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
             "no run %lld in the store", (long long)run_id);
    st = TL_ERR_ARG;
    goto done;
  }
  if (format == TL_EXPORT_IAMC) {
    if (n == 0) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
               "run %lld has no IAMC table (its folder had no iamc.csv when "
               "recorded): export it as csv and run `tanlu report --model`, or "
               "run the model again",
               (long long)run_id);
      st = TL_ERR_ARG;
      goto done;
    }
    st = export_one(ctx, db, db_path, &t[0], out);
    goto done;
  }
  if (tl_out_mkdir(ctx, out)) {
    st = TL_ERR_IO;
    goto done;
  }
  for (size_t i = 0; st == TL_OK && i < n; i++) {
    tl_buf_reset(&path);
    tl_buf_printf(&path, "%s/%s.csv", out, t[i].name);
    const char *slash = strrchr(t[i].name, '/');
    if (slash) { /* roadmap/NAME: its folder */
      tl_buf dir;
      tl_buf_init(&dir);
      tl_buf_printf(&dir, "%s/%.*s", out, (int)(slash - t[i].name), t[i].name);
      if (dir.oom || tl_out_mkdir(ctx, tl_buf_cstr(&dir)))
        st = dir.oom ? TL_ERR_NOMEM : TL_ERR_IO;
      tl_buf_free(&dir);
    }
    if (st == TL_OK)
      st = path.oom ? TL_ERR_NOMEM
                    : export_one(ctx, db, db_path, &t[i], tl_buf_cstr(&path));
  }
done:
  tables_free(t, n, cap);
  tl_buf_free(&path);
  tl_store_exec(db, "ROLLBACK");
  tl_store_close(db);
  return st;
}
