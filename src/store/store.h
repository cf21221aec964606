/* store.h - the SQLite run store (implements the tl_store_* functions of
 * tanlu_outputs.h): opening a store with its schema, SQLite's allocations
 * routed through tl_malloc, and the helpers the record, list, diff and
 * export code share. The schema is documented in docs/outputs.md. */
#ifndef TL_STORE_H
#define TL_STORE_H

#include <sqlite3.h>

#include "core/core.h"
#include "tanlu_outputs.h"

#define TL_STORE_SCHEMA_VERSION 2
#define TL_STORE_BUSY_MS 30000 /* wait for another writer this long */

/* Open (create == 1: create when missing, with the schema) the store at
 * path. On success *db is an open connection with foreign keys on and a
 * busy timeout. Returns TL_OK, TL_ERR_IO (cannot open; absent when
 * create == 0), TL_ERR_INVALID (not a Tanlu store, or a newer schema) or
 * TL_ERR_NOMEM; reported in ctx. */
tl_status tl_store_open(tl_ctx *ctx, const char *path, int create,
                        sqlite3 **db);
void tl_store_close(sqlite3 *db); /* accepts NULL */

/* Report SQLite's error on db (or code rc when db is NULL) in ctx, with
 * what was being done, and return the status it maps to (TL_ERR_NOMEM,
 * TL_ERR_IO, ...). */
tl_status tl_store_error(tl_ctx *ctx, sqlite3 *db, int rc, const char *path,
                         const char *what);

/* Run sql (statements without results). SQLITE_OK or an error code. */
int tl_store_exec(sqlite3 *db, const char *sql);

/* Prepare one statement. SQLITE_OK or an error code (*st NULL then). */
int tl_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);

/* Column text of a row, "" for NULL. */
const char *tl_store_text(sqlite3_stmt *st, int col);

/* Whether a header column is an index (key) column of a result table:
 * the OSeMOSYS sets, the roadmap tables' keys and the IAMC keys (see
 * docs/outputs.md). */
int tl_store_is_key_column(const char *name);

/* Route SQLite's allocations through tl_malloc (once per process, before
 * SQLite is first used; a no-op when SQLite was already initialised). */
void tl_store_sqlite_init(void);

#endif /* TL_STORE_H */
