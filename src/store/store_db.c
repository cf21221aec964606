/* store_db.c - opening the run store: SQLite configured to allocate through
 * tl_malloc, the schema (created once, versioned by PRAGMA user_version),
 * errors mapped to tl_status, and small statement helpers. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include "store/store.h"

/* ---- SQLite's allocator
 * ------------------------------------------------------- SQLite asks for the
 * size of a block it frees; tl_free wants it too. Each block carries its size
 * in a 16-byte header (keeps malloc's alignment). */
#define HDR 16

static void *sq_malloc(int n) {
  if (n <= 0) return NULL;
  size_t sz = (size_t)n + HDR;
  unsigned char *p = tl_malloc(sz);
  if (!p) return NULL;
  memcpy(p, &sz, sizeof sz);
  return p + HDR;
}

static size_t block_size(void *p) {
  size_t sz;
  memcpy(&sz, (unsigned char *)p - HDR, sizeof sz);
  return sz;
}

static void sq_free(void *p) {
  if (p) tl_free((unsigned char *)p - HDR, block_size(p));
}

static void *sq_realloc(void *p, int n) {
  if (!p) return sq_malloc(n);
  if (n <= 0) {
    sq_free(p);
    return NULL;
  }
  size_t sz = (size_t)n + HDR;
  unsigned char *b = tl_realloc((unsigned char *)p - HDR, block_size(p), sz);
  if (!b) return NULL;
  memcpy(b, &sz, sizeof sz);
  return b + HDR;
}

static int sq_size(void *p) { return p ? (int)(block_size(p) - HDR) : 0; }
static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *ud) {
  (void)ud;
  return SQLITE_OK;
}
static void sq_shutdown(void *ud) { (void)ud; }

static const sqlite3_mem_methods tl_sqlite_mem = {
    sq_malloc,  sq_free, sq_realloc,  sq_size,
    sq_roundup, sq_init, sq_shutdown, NULL};

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void) {
  /* SQLITE_MISUSE when the host already started SQLite: then its own
   * allocator stays, which is harmless. */
  sqlite3_config(SQLITE_CONFIG_MALLOC, &tl_sqlite_mem);
  /* no allocation statistics: they take a global mutex per allocation */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void tl_store_sqlite_init(void) {
  pthread_once(&sqlite_once, configure_sqlite);
}

/* ---- schema
 * ---------------------------------------------------------------------- */

/* Version 2's indexes (version 1's are below, at migrate_1_2_sql). */
#define INDEX_INPUT_VALUES \
  "CREATE INDEX IF NOT EXISTS input_values_run ON input_values(run_id);\n"
#define INDEX_RESULTS \
  "CREATE INDEX IF NOT EXISTS results_table ON results(table_id);\n"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  recorded TEXT NOT NULL,\n"
    "  version TEXT NOT NULL,\n"
    "  model_path TEXT,\n"
    "  inputs_hash TEXT,\n"
    "  scenario TEXT NOT NULL,\n"
    "  options TEXT,\n"
    "  solver TEXT,\n"
    "  status TEXT NOT NULL,\n"
    "  objective REAL,\n"
    "  iterations INTEGER,\n"
    "  results_dir TEXT,\n"
    "  nresults INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS inputs (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  bytes INTEGER NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, seq)\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS input_values (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  param TEXT NOT NULL,\n"
    "  idx TEXT NOT NULL,\n"
    "  value REAL,\n"
    "  text TEXT\n"
    ");\n"
    INDEX_INPUT_VALUES
    "CREATE TABLE IF NOT EXISTS timings (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  stage TEXT NOT NULL,\n"
    "  seconds REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, seq)\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS result_tables (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  columns TEXT NOT NULL,\n"
    "  nkeys INTEGER NOT NULL,\n"
    "  nrows INTEGER NOT NULL,\n"
    "  UNIQUE (run_id, name)\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS results (\n"
    "  table_id INTEGER NOT NULL REFERENCES result_tables(id) ON DELETE "
    "CASCADE,\n"
    "  row INTEGER NOT NULL,\n"
    "  idx TEXT NOT NULL,\n"
    "  col TEXT NOT NULL,\n"
    "  value REAL,\n"
    "  text TEXT\n"
    ");\n"
    INDEX_RESULTS
    "CREATE VIEW IF NOT EXISTS results_long AS\n"
    "  SELECT t.run_id AS run_id, t.name AS tbl, r.row AS row, r.idx AS idx,\n"
    "         r.col AS col, r.value AS value, r.text AS text\n"
    "  FROM results r JOIN result_tables t ON t.id = r.table_id;\n";

int tl_store_exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int tl_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st) {
  *st = NULL;
  return sqlite3_prepare_v2(db, sql, -1, st, NULL);
}

const char *tl_store_text(sqlite3_stmt *st, int col) {
  const unsigned char *s = sqlite3_column_text(st, col);
  return s ? (const char *)s : "";
}

tl_status tl_store_error(tl_ctx *ctx, sqlite3 *db, int rc, const char *path,
                         const char *what) {
  int code = db ? sqlite3_errcode(db) : rc;
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) code = rc;
  const char *msg = db && sqlite3_errcode(db) == code ? sqlite3_errmsg(db)
                                                      : sqlite3_errstr(code);
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "run store: %s: %s", what,
           msg);
  switch (code & 0xff) {
    case SQLITE_NOMEM: return TL_ERR_NOMEM;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return TL_ERR_INVALID;
    case SQLITE_INTERRUPT: return TL_ERR_INTERRUPTED;
    default: return TL_ERR_IO;
  }
}

/* Read PRAGMA user_version into *v. SQLite code. */
static int user_version(sqlite3 *db, int *v) {
  sqlite3_stmt *st;
  int rc = tl_store_prepare(db, "PRAGMA user_version", &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *v = sqlite3_column_int(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* Number of tables in the database (0 for a new, empty file). */
static int count_tables(sqlite3 *db, int *n) {
  sqlite3_stmt *st;
  int rc = tl_store_prepare(db, "SELECT count(*) FROM sqlite_master", &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *n = sqlite3_column_int(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* Version 1 indexed input values by (run_id, param, idx) and results by
 * (table_id, idx, col): text keys that made every recorded value an insert
 * at a random place of a second B-tree. Version 2 indexes them by run and
 * by table only (what cascading deletes and every query select by; `tanlu
 * diff` sorts a table's few rows itself). Same tables and columns: a version
 * 1 store is read as it is and moved to version 2 when a run is recorded. */
static const char migrate_1_2_sql[] =
    "DROP INDEX IF EXISTS input_values_key;\n"
    "DROP INDEX IF EXISTS results_key;\n" INDEX_INPUT_VALUES INDEX_RESULTS;

/* Create the schema in an empty database, or check a present one (moving a
 * version 1 store to version 2 when create is set). */
static tl_status check_schema(tl_ctx *ctx, sqlite3 *db, const char *path,
                              int create) {
  int v = 0, n = 0, rc;
  if ((rc = user_version(db, &v)) != SQLITE_OK ||
      (rc = count_tables(db, &n)) != SQLITE_OK)
    return tl_store_error(ctx, db, rc, path, "cannot read the store");
  if (v == TL_STORE_SCHEMA_VERSION || (v == 1 && !create)) return TL_OK;
  if (v == 1) {
    rc = tl_store_exec(db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK && (rc = user_version(db, &v)) == SQLITE_OK && v == 1) {
      rc = tl_store_exec(db, migrate_1_2_sql);
      if (rc == SQLITE_OK) rc = tl_store_exec(db, "PRAGMA user_version = 2");
    }
    if (rc == SQLITE_OK) rc = tl_store_exec(db, "COMMIT");
    if (rc != SQLITE_OK) {
      tl_status st = tl_store_error(ctx, db, rc, path,
                                    "cannot move the store to version 2");
      tl_store_exec(db, "ROLLBACK");
      return st;
    }
    return TL_OK;
  }
  if (v > TL_STORE_SCHEMA_VERSION) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "run store has schema version %d; this Tanlu knows version %d: "
             "use a newer Tanlu",
             v, TL_STORE_SCHEMA_VERSION);
    return TL_ERR_INVALID;
  }
  if (n > 0) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "not a Tanlu run store (an SQLite database with other tables)");
    return TL_ERR_INVALID;
  }
  if (!create) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "run store is empty: no run was recorded");
    return TL_ERR_IO;
  }
  /* one transaction, so that two processes creating it race safely */
  rc = tl_store_exec(db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    return tl_store_error(ctx, db, rc, path, "cannot create the schema");
  if ((rc = user_version(db, &v)) == SQLITE_OK && v == 0) {
    rc = tl_store_exec(db, schema_sql);
    if (rc == SQLITE_OK) rc = tl_store_exec(db, "PRAGMA user_version = 2");
  }
  if (rc == SQLITE_OK) rc = tl_store_exec(db, "COMMIT");
  if (rc != SQLITE_OK) {
    tl_status st =
        tl_store_error(ctx, db, rc, path, "cannot create the schema");
    tl_store_exec(db, "ROLLBACK");
    return st;
  }
  return TL_OK;
}

tl_status tl_store_open(tl_ctx *ctx, const char *path, int create,
                        sqlite3 **out) {
  sqlite3 *db = NULL;
  tl_status st;
  *out = NULL;
  if (!path || !*path) return TL_ERR_ARG;
  tl_store_sqlite_init();
  /* a connection serves one caller in one thread: no mutex per call */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path, &db, flags, NULL);
  if (rc != SQLITE_OK) {
    if (!db) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
               "run store: cannot open: out of memory");
      return TL_ERR_NOMEM;
    }
    if (!create && (rc & 0xff) == SQLITE_CANTOPEN) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
               "no run store here (give its path with --db)");
      st = TL_ERR_IO;
    } else {
      st = tl_store_error(ctx, db, rc, path, "cannot open");
    }
    goto fail;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, TL_STORE_BUSY_MS);
  rc = tl_store_exec(db, "PRAGMA foreign_keys = ON");
  if (rc != SQLITE_OK) {
    st = tl_store_error(ctx, db, rc, path, "cannot open");
    goto fail;
  }
  st = check_schema(ctx, db, path, create);
  if (st != TL_OK) goto fail;
  *out = db;
  return TL_OK;
fail:
  tl_store_close(db);
  return st;
}

void tl_store_close(sqlite3 *db) {
  if (!db) return;
  /* a statement left behind would keep the connection (and its memory)
   * open: finalize any, then close */
  sqlite3_stmt *st;
  while ((st = sqlite3_next_stmt(db, NULL)) != NULL) sqlite3_finalize(st);
  sqlite3_close(db);
}

/* ---- key columns
 * -------------------------------------------------------------- */

static const char *const key_columns[] = {
    /* OSeMOSYS sets */
    "REGION", "TECHNOLOGY", "TIMESLICE", "FUEL", "EMISSION",
    "MODE_OF_OPERATION", "SEASON", "DAYTYPE", "DAILYTIMEBRACKET", "STORAGE",
    "YEAR",
    /* roadmap tables (docs/roadmap.md) */
    "GAS", "SECTOR", "CATEGORY", "INDICATOR", "CONSTRAINT", "LEVEL", "PERIOD",
    "FIRST_YEAR", "LAST_YEAR", "EFFECT", "REFERENCE", "PRODUCT", "RANK", "ITEM",
    /* IAMC */
    "Model", "Scenario", "Region", "Variable", "Unit", NULL};

int tl_store_is_key_column(const char *name) {
  while (*name == '_') name++; /* _REGION of Trade */
  for (const char *const *k = key_columns; *k; k++)
    if (!strcmp(*k, name)) return 1;
  return 0;
}
