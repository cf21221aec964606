/* record.c - tl_store_record: one run into the run store in one
 * transaction - its description, the SHA-256 of its input files, its
 * model's values, its stage timings and every result CSV in long form. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "report/outtab.h"
#include "store/sha256.h"
#include "store/store.h"

/* ---- input files
 * -------------------------------------------------------------- */

typedef struct infile {
  const char *role; /* "model", "overlay" or "spec" (static) */
  char *name;       /* owned: file name inside the model folder, or as given */
  char *path;       /* owned */
  int64_t bytes;
  char sha[65];
} infile;

typedef struct infiles {
  infile *f;
  size_t n, cap;
} infiles;

static void infiles_free(infiles *l) {
  for (size_t i = 0; i < l->n; i++) {
    tl_strfree(l->f[i].name);
    tl_strfree(l->f[i].path);
  }
  tl_free(l->f, l->cap * sizeof *l->f);
  memset(l, 0, sizeof *l);
}

/* Hash a file. TL_OK or TL_ERR_IO (reported). */
static tl_status hash_file(tl_ctx *ctx, const char *path, infile *f) {
  unsigned char buf[65536];
  tl_sha256 s;
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "run store: cannot read input file: %s", strerror(errno));
    return TL_ERR_IO;
  }
  tl_sha256_init(&s);
  f->bytes = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
    tl_sha256_update(&s, buf, n);
    f->bytes += (int64_t)n;
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "run store: cannot read input file: %s", strerror(errno));
    return TL_ERR_IO;
  }
  tl_sha256_hex(&s, f->sha);
  return TL_OK;
}

static tl_status add_input(tl_ctx *ctx, infiles *l, const char *role,
                           const char *name, const char *path) {
  void *p = l->f;
  if (tl_grow(&p, &l->cap, l->n + 1, sizeof *l->f)) return TL_ERR_NOMEM;
  l->f = p;
  infile *f = &l->f[l->n];
  memset(f, 0, sizeof *f);
  f->role = role;
  f->name = tl_strdup(name);
  f->path = tl_strdup(path);
  if (!f->name || !f->path) {
    tl_strfree(f->name);
    tl_strfree(f->path);
    return TL_ERR_NOMEM;
  }
  l->n++;
  tl_status st = hash_file(ctx, path, f);
  return st;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular, visible files of dir whose names end in suffix (NULL: any),
 * sorted by name: *names[*n] owned (free each with tl_strfree, the array
 * with tl_free(*names, *cap * sizeof(char *))). TL_OK, TL_ERR_IO (reported),
 * TL_ERR_NOMEM. A missing folder gives no names when missing_ok. */
static tl_status list_dir(tl_ctx *ctx, const char *dir, const char *suffix,
                          int missing_ok, char ***names, size_t *n,
                          size_t *cap) {
  *names = NULL;
  *n = *cap = 0;
  DIR *d = opendir(dir);
  if (!d) {
    if (missing_ok && errno == ENOENT) return TL_OK;
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir,
             "run store: cannot list folder: %s", strerror(errno));
    return TL_ERR_IO;
  }
  tl_status st = TL_OK;
  tl_buf path;
  tl_buf_init(&path);
  struct dirent *e;
  size_t sl = suffix ? strlen(suffix) : 0;
  while ((e = readdir(d)) != NULL) {
    const char *nm = e->d_name;
    size_t len = strlen(nm);
    if (nm[0] == '.' || len <= sl || (suffix && strcmp(nm + len - sl, suffix)))
      continue;
    struct stat sb;
    tl_buf_reset(&path);
    tl_buf_printf(&path, "%s/%s", dir, nm);
    if (path.oom) {
      st = TL_ERR_NOMEM;
      break;
    }
    if (stat(tl_buf_cstr(&path), &sb) || !S_ISREG(sb.st_mode)) continue;
    void *p = *names;
    char *copy = tl_strdup(nm);
    if (!copy || tl_grow(&p, cap, *n + 1, sizeof **names)) {
      tl_strfree(copy);
      st = TL_ERR_NOMEM;
      break;
    }
    *names = p;
    (*names)[(*n)++] = copy;
  }
  closedir(d);
  tl_buf_free(&path);
  if (*n > 1) qsort(*names, *n, sizeof **names, name_cmp);
  return st;
}

static void free_names(char **names, size_t n, size_t cap) {
  for (size_t i = 0; i < n; i++) tl_strfree(names[i]);
  tl_free(names, cap * sizeof *names);
}

/* Hash the model (a file, or a folder's files), the overlays and the spec; the
 * combined hash over "role name sha" lines into hash[65]. */
static tl_status hash_inputs(tl_ctx *ctx, const tl_store_run *info, infiles *l,
                             char hash[65]) {
  tl_status st = TL_OK;
  tl_buf path;
  tl_buf_init(&path);
  hash[0] = '\0';
  if (info->model_path) {
    struct stat sb;
    if (stat(info->model_path, &sb)) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, info->model_path,
               "run store: cannot read model: %s", strerror(errno));
      return TL_ERR_IO;
    }
    if (S_ISDIR(sb.st_mode)) {
      char **names;
      size_t n, cap;
      st = list_dir(ctx, info->model_path, NULL, 0, &names, &n, &cap);
      for (size_t i = 0; st == TL_OK && i < n; i++) {
        tl_buf_reset(&path);
        tl_buf_printf(&path, "%s/%s", info->model_path, names[i]);
        st = path.oom
                 ? TL_ERR_NOMEM
                 : add_input(ctx, l, "model", names[i], tl_buf_cstr(&path));
      }
      free_names(names, n, cap);
    } else {
      tl_buf_reset(&path);
      tl_out_basename(&path, info->model_path);
      st = path.oom ? TL_ERR_NOMEM
                    : add_input(ctx, l, "model", tl_buf_cstr(&path),
                                info->model_path);
    }
  }
  for (int k = 0; st == TL_OK && k < info->noverlays; k++)
    if (info->overlays && info->overlays[k])
      st = add_input(ctx, l, "overlay", info->overlays[k], info->overlays[k]);
  if (st == TL_OK && info->spec)
    st = add_input(ctx, l, "spec", info->spec, info->spec);
  tl_buf_free(&path);
  if (st != TL_OK || l->n == 0) return st;
  tl_sha256 s;
  tl_sha256_init(&s);
  for (size_t i = 0; i < l->n; i++) {
    const infile *f = &l->f[i];
    tl_sha256_update(&s, f->role, strlen(f->role));
    tl_sha256_update(&s, "\t", 1);
    tl_sha256_update(&s, f->name, strlen(f->name));
    tl_sha256_update(&s, "\t", 1);
    tl_sha256_update(&s, f->sha, 64);
    tl_sha256_update(&s, "\n", 1);
  }
  tl_sha256_hex(&s, hash);
  return TL_OK;
}

/* ---- run identity
 * --------------------------------------------------------------- */

static void make_uid(char uid[33]) {
  unsigned char r[16];
  size_t got = 0;
  FILE *f = fopen("/dev/urandom", "rb");
  if (f) {
    got = fread(r, 1, sizeof r, f);
    fclose(f);
  }
  if (got != sizeof r) { /* no /dev/urandom: time, process, clock */
    tl_sha256 s;
    char hex[65];
    struct timespec ts;
    long pid = (long)getpid();
    clock_gettime(CLOCK_REALTIME, &ts);
    tl_sha256_init(&s);
    tl_sha256_update(&s, &ts, sizeof ts);
    tl_sha256_update(&s, &pid, sizeof pid);
    tl_sha256_hex(&s, hex);
    memcpy(uid, hex, 32);
    uid[32] = '\0';
    return;
  }
  for (int i = 0; i < 16; i++) snprintf(uid + 2 * i, 3, "%02x", r[i]);
}

static void utc_now(char buf[32]) {
  time_t now = time(NULL);
  struct tm tmv;
  if (!gmtime_r(&now, &tmv) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tmv))
    snprintf(buf, 32, "unknown");
}

/* ---- many rows per INSERT
 * ------------------------------------------------------ One statement
 * inserts BATCH_ROWS rows: SQLite's cost per executed statement (cursors,
 * the program's start and halt) is then paid once for them all, which halves
 * the time of recording a run's values (bench/RESULTS.md). Rows are kept
 * here until a batch is full; what is left at a flush goes in one by one. */
#define BATCH_ROWS 32
#define BATCH_MAXCOL 6

typedef struct bval {
  int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
  int64_t i;
  double d;
  size_t off; /* of a text in batch.text */
} bval;

typedef struct batch {
  sqlite3_stmt *many, *one;
  int ncol, n;
  bval v[BATCH_ROWS * BATCH_MAXCOL];
  tl_buf text; /* the pending rows' texts, each NUL-terminated */
} batch;

/* Prepare "INSERT INTO target VALUES (?,..)" for one row and for BATCH_ROWS
 * rows of ncol columns. SQLite code. */
static int batch_open(batch *b, sqlite3 *db, const char *target, int ncol) {
  memset(b, 0, sizeof *b);
  tl_buf_init(&b->text);
  b->ncol = ncol;
  tl_buf sql;
  tl_buf_init(&sql);
  tl_buf_printf(&sql, "INSERT INTO %s VALUES ", target);
  for (int r = 0; r < BATCH_ROWS; r++) {
    tl_buf_adds(&sql, r ? ",(" : "(");
    for (int c = 0; c < ncol; c++) tl_buf_adds(&sql, c ? ",?" : "?");
    tl_buf_addc(&sql, ')');
    if (r == 0) {
      int rc = sql.oom ? SQLITE_NOMEM
                       : tl_store_prepare(db, tl_buf_cstr(&sql), &b->one);
      if (rc != SQLITE_OK) {
        tl_buf_free(&sql);
        return rc;
      }
    }
  }
  int rc = sql.oom ? SQLITE_NOMEM
                   : tl_store_prepare(db, tl_buf_cstr(&sql), &b->many);
  tl_buf_free(&sql);
  return rc;
}

static void batch_close(batch *b) {
  sqlite3_finalize(b->many);
  sqlite3_finalize(b->one);
  tl_buf_free(&b->text);
  memset(b, 0, sizeof *b);
}

static bval *batch_cell(batch *b, int col) {
  return &b->v[b->n * BATCH_MAXCOL + col];
}

static void batch_int(batch *b, int col, int64_t x) {
  bval *v = batch_cell(b, col);
  v->type = SQLITE_INTEGER;
  v->i = x;
}

/* A non-finite value is stored as NULL. */
static void batch_real(batch *b, int col, double x) {
  bval *v = batch_cell(b, col);
  v->type = isfinite(x) ? SQLITE_FLOAT : SQLITE_NULL;
  v->d = x;
}

/* NULL for s stores NULL. */
static void batch_text(batch *b, int col, const char *s) {
  bval *v = batch_cell(b, col);
  v->type = s ? SQLITE_TEXT : SQLITE_NULL;
  if (s) {
    v->off = b->text.len;
    tl_buf_add(&b->text, s, strlen(s) + 1);
  }
}

static void batch_null(batch *b, int col) {
  batch_cell(b, col)->type = SQLITE_NULL;
}

/* Bind pending row r to st from parameter first + 1. */
static void batch_bind(batch *b, sqlite3_stmt *st, int r, int first) {
  for (int c = 0; c < b->ncol; c++) {
    const bval *v = &b->v[r * BATCH_MAXCOL + c];
    int k = first + c + 1;
    switch (v->type) {
      case SQLITE_INTEGER: sqlite3_bind_int64(st, k, v->i); break;
      case SQLITE_FLOAT: sqlite3_bind_double(st, k, v->d); break;
      case SQLITE_TEXT:
        sqlite3_bind_text(st, k, b->text.s + v->off, -1, SQLITE_STATIC);
        break;
      default: sqlite3_bind_null(st, k); break;
    }
  }
}

/* Step a bound insert or update and reset it (every statement here binds
 * all its parameters each time). SQLITE_OK or the error. */
static int step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Insert the pending rows. SQLite code. */
static int batch_flush(batch *b) {
  int rc = b->text.oom ? SQLITE_NOMEM : SQLITE_OK;
  if (rc == SQLITE_OK && b->n == BATCH_ROWS) {
    for (int r = 0; r < b->n; r++) batch_bind(b, b->many, r, r * b->ncol);
    rc = step_done(b->many);
  } else {
    for (int r = 0; rc == SQLITE_OK && r < b->n; r++) {
      batch_bind(b, b->one, r, 0);
      rc = step_done(b->one);
    }
  }
  b->n = 0;
  tl_buf_reset(&b->text);
  return rc;
}

/* The row's cells are set: keep it, inserting a full batch. */
static int batch_row(batch *b) {
  return ++b->n == BATCH_ROWS ? batch_flush(b) : SQLITE_OK;
}

/* ---- the transaction
 * --------------------------------------------------------------- */

typedef struct rec {
  tl_ctx *ctx;
  sqlite3 *db;
  const char *path; /* of the store, for messages */
  int poll;         /* stop at an interrupt (not for a run stopped by one) */
  int64_t run;
  int64_t nresults;
  batch values;            /* INSERT INTO results */
  sqlite3_stmt *ins_table; /* INSERT INTO result_tables */
  tl_buf idx, hdr, file;
  char *prefix;             /* of the top folder's table names (owned) */
  const char *const *later; /* tl_store_add_files: files left for finish */
  tl_buf done; /* names recorded by tl_store_add_files, NUL-separated */
} rec;

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v) {
  if (isfinite(v))
    sqlite3_bind_double(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

static int insert_run(rec *r, const tl_store_run *info, const char *hash,
                      const char *results_dir) {
  static const char sql[] =
      "INSERT INTO runs (uid, recorded, version, model_path, inputs_hash, "
      "scenario, options, solver, status, objective, iterations, results_dir) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
  sqlite3_stmt *st;
  char uid[33], when[32];
  int rc = tl_store_prepare(r->db, sql, &st);
  if (rc != SQLITE_OK) return rc;
  make_uid(uid);
  utc_now(when);
  bind_text(st, 1, uid);
  bind_text(st, 2, when);
  bind_text(st, 3, TANLU_VERSION);
  bind_text(st, 4, info->model_path);
  bind_text(st, 5, hash[0] ? hash : NULL);
  bind_text(st, 6, info->scenario ? info->scenario : "baseline");
  bind_text(st, 7, info->options);
  bind_text(st, 8, info->solver);
  bind_text(
      st, 9,
      info->interrupted ? "interrupted" : tl_solve_status_str(info->status));
  bind_real(st, 10, info->objective);
  sqlite3_bind_int64(st, 11, info->iterations);
  bind_text(st, 12, results_dir);
  rc = step_done(st);
  sqlite3_finalize(st);
  r->run = sqlite3_last_insert_rowid(r->db);
  return rc;
}

static int insert_inputs(rec *r, const infiles *l) {
  sqlite3_stmt *st;
  int rc =
      tl_store_prepare(r->db,
                       "INSERT INTO inputs (run_id, seq, role, name, path, "
                       "bytes, sha256) VALUES (?,?,?,?,?,?,?)",
                       &st);
  for (size_t i = 0; rc == SQLITE_OK && i < l->n; i++) {
    sqlite3_bind_int64(st, 1, r->run);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    bind_text(st, 3, l->f[i].role);
    bind_text(st, 4, l->f[i].name);
    bind_text(st, 5, l->f[i].path);
    sqlite3_bind_int64(st, 6, l->f[i].bytes);
    bind_text(st, 7, l->f[i].sha);
    rc = step_done(st);
  }
  sqlite3_finalize(st);
  return rc;
}

static int insert_timings(rec *r, const tl_store_run *info) {
  sqlite3_stmt *st;
  int rc = tl_store_prepare(r->db,
                            "INSERT INTO timings (run_id, seq, stage, seconds) "
                            "VALUES (?,?,?,?)",
                            &st);
  int n =
      info->nstages < TL_STORE_MAX_STAGES ? info->nstages : TL_STORE_MAX_STAGES;
  for (int k = 0; rc == SQLITE_OK && k < n; k++) {
    if (!info->stage_names[k]) continue;
    sqlite3_bind_int64(st, 1, r->run);
    sqlite3_bind_int(st, 2, k + 1);
    bind_text(st, 3, info->stage_names[k]);
    sqlite3_bind_double(
        st, 4, isfinite(info->stage_seconds[k]) ? info->stage_seconds[k] : 0);
    rc = step_done(st);
  }
  sqlite3_finalize(st);
  return rc;
}

/* Sets (members) and given parameters (default and entries) of m. */
static int insert_values(rec *r, const tl_model *m) {
  batch b;
  int rc = batch_open(&b, r->db,
                      "input_values (run_id, param, idx, value, text)", 5);
  for (int s = 0; rc == SQLITE_OK && s < TL_NSETS; s++)
    for (int i = 0; rc == SQLITE_OK && i < m->sets[s].n; i++) {
      batch_int(&b, 0, r->run);
      batch_text(&b, 1, tl_set_names[s]);
      batch_text(&b, 2, m->sets[s].name[i]);
      batch_null(&b, 3);
      batch_null(&b, 4);
      rc = batch_row(&b);
    }
  for (int p = 0; rc == SQLITE_OK && p < TL_NPARAMS; p++) {
    const tl_param *pp = &m->params[p];
    int sym = (pp->def->flags & TL_PF_SYMBOLIC) != 0;
    if (!pp->given && !pp->has_defval) continue;
    for (int e = -1; rc == SQLITE_OK && e < pp->n; e++) {
      /* e = -1: the default, index "" */
      tl_buf_reset(&r->idx);
      if (e >= 0)
        tl_param_index_text(m, (tl_param_id)p,
                            pp->idx + (size_t)e * (size_t)pp->def->nidx,
                            &r->idx);
      if (r->idx.oom) {
        rc = SQLITE_NOMEM;
        break;
      }
      double v = e < 0 ? pp->defval : pp->val[e];
      batch_int(&b, 0, r->run);
      batch_text(&b, 1, pp->def->name);
      batch_text(&b, 2, tl_buf_cstr(&r->idx));
      if (sym) {
        batch_null(&b, 3);
        batch_text(&b, 4, tl_model_string(m, v));
      } else {
        batch_real(&b, 3, v);
        batch_null(&b, 4);
      }
      rc = batch_row(&b);
      if (rc == SQLITE_OK && r->poll && tl_interrupted()) rc = SQLITE_INTERRUPT;
    }
  }
  if (rc == SQLITE_OK) rc = batch_flush(&b);
  batch_close(&b);
  return rc;
}

/* Key columns of the ensemble's files (tables "ensemble/..."; their
 * leading columns of these names index a row: docs/outputs.md). */
static int ens_key_column(const char *name) {
  static const char *const keys[] = {"member", "design", "output",    "index",
                                     "target", "method", "parameter", NULL};
  for (const char *const *k = keys; *k; k++)
    if (!strcmp(*k, name)) return 1;
  return 0;
}

/* One result CSV as table name. SQLite code; a file that cannot be read is
 * reported and gives SQLITE_ABORT (*st says why). */
static int insert_table(rec *r, const char *path, const char *name,
                        tl_status *why) {
  int ens = !strncmp(name, TL_STORE_ENS_PREFIX, strlen(TL_STORE_ENS_PREFIX));
  tl_otab t;
  int rc = tl_otab_read(r->ctx, path, &t);
  if (rc != 0) {
    *why = rc > 0 ? TL_ERR_IO : (tl_status)-rc;
    if (rc > 0)
      tl_diagf(r->ctx, TL_ERROR, NULL, NULL, NULL, path,
               "run store: result file vanished while recording");
    return SQLITE_ABORT;
  }
  int nkeys = 0;
  while (nkeys < t.ncol && (ens ? ens_key_column(t.col[nkeys])
                                : tl_store_is_key_column(t.col[nkeys])))
    nkeys++;
  if (nkeys == t.ncol && nkeys > 0) nkeys--; /* keep a value column */
  tl_buf_reset(&r->hdr);
  for (int k = 0; k < t.ncol; k++) {
    if (k) tl_buf_addc(&r->hdr, ',');
    tl_out_csv_field(&r->hdr, t.col[k]);
  }
  rc = r->hdr.oom ? SQLITE_NOMEM : SQLITE_OK;
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(r->ins_table, 1, r->run);
    bind_text(r->ins_table, 2, name);
    bind_text(r->ins_table, 3, tl_buf_cstr(&r->hdr));
    sqlite3_bind_int(r->ins_table, 4, nkeys);
    sqlite3_bind_int64(r->ins_table, 5, t.nrow);
    rc = step_done(r->ins_table);
  }
  int64_t tid = sqlite3_last_insert_rowid(r->db);
  for (long i = 0; rc == SQLITE_OK && i < t.nrow; i++) {
    tl_buf_reset(&r->idx);
    if (nkeys == 0) tl_buf_printf(&r->idx, "#%ld", i + 1);
    for (int k = 0; k < nkeys; k++) {
      if (k) tl_buf_addc(&r->idx, ',');
      tl_out_csv_field(&r->idx, tl_otab_at(&t, i, k));
    }
    if (r->idx.oom) {
      rc = SQLITE_NOMEM;
      break;
    }
    for (int k = nkeys; rc == SQLITE_OK && k < t.ncol; k++) {
      batch *b = &r->values;
      const char *cell = tl_otab_at(&t, i, k);
      double v;
      batch_int(b, 0, tid);
      batch_int(b, 1, i + 1);
      batch_text(b, 2, tl_buf_cstr(&r->idx));
      batch_text(b, 3, t.col[k]);
      batch_null(b, 4);
      batch_null(b, 5);
      if (!*cell) { /* empty: both NULL */
      } else if (tl_otab_num(&t, i, k, &v) == 0) {
        batch_real(b, 4, v);
      } else {
        batch_text(b, 5, cell);
      }
      rc = batch_row(b);
      r->nresults++;
    }
    if (rc == SQLITE_OK && r->poll && (i & 1023) == 1023 && tl_interrupted())
      rc = SQLITE_INTERRUPT;
  }
  tl_otab_free(&t);
  return rc;
}

/* Is name one of the NUL-separated names in list? */
static int in_buf(const tl_buf *list, const char *name) {
  const char *s = list->s, *end = s ? s + list->len : NULL;
  for (; s && s < end; s += strlen(s) + 1)
    if (!strcmp(s, name)) return 1;
  return 0;
}

/* Is name one of the NULL-terminated list (may be NULL)? */
static int in_list(const char *const *list, const char *name) {
  for (; list && *list; list++)
    if (!strcmp(*list, name)) return 1;
  return 0;
}

/* Which files of a folder insert_folder records. */
typedef enum {
  ALL_FILES,   /* every one */
  BEGIN_FILES, /* all but r->later, their names kept in r->done */
  REST_FILES   /* those not in r->done */
} which_files;

/* The *.csv files of dir (as prefix + name without .csv). */
static int insert_folder(rec *r, const char *dir, const char *prefix,
                         int missing_ok, which_files which, tl_status *why) {
  char **names;
  size_t n, cap;
  *why = list_dir(r->ctx, dir, ".csv", missing_ok, &names, &n, &cap);
  if (*why != TL_OK) {
    free_names(names, n, cap);
    if (*why == TL_ERR_NOMEM)
      tl_diagf(r->ctx, TL_ERROR, NULL, NULL, NULL, dir,
               "run store: out of memory");
    return SQLITE_ABORT;
  }
  int rc = SQLITE_OK;
  tl_buf tname;
  tl_buf_init(&tname);
  for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
    if ((which == BEGIN_FILES && in_list(r->later, names[i])) ||
        (which == REST_FILES && in_buf(&r->done, names[i])))
      continue;
    size_t len = strlen(names[i]) - 4;
    tl_buf_reset(&tname);
    tl_buf_reset(&r->file);
    tl_buf_printf(&tname, "%s%.*s", prefix, (int)len, names[i]);
    tl_buf_printf(&r->file, "%s/%s", dir, names[i]);
    if (which == BEGIN_FILES) tl_buf_add(&r->done, names[i], strlen(names[i]) + 1);
    if (tname.oom || r->file.oom || r->done.oom)
      rc = SQLITE_NOMEM;
    else
      rc = insert_table(r, tl_buf_cstr(&r->file), tl_buf_cstr(&tname), why);
  }
  tl_buf_free(&tname);
  free_names(names, n, cap);
  return rc;
}

/* Prepare the statements that insert result tables and values. */
static int results_open(rec *r) {
  int rc = tl_store_prepare(r->db,
                            "INSERT INTO result_tables (run_id, name, columns, "
                            "nkeys, nrows) VALUES (?,?,?,?,?)",
                            &r->ins_table);
  if (rc == SQLITE_OK)
    rc = batch_open(&r->values, r->db,
                    "results (table_id, row, idx, col, value, text)", 6);
  return rc;
}

/* The rest of the result files: dir's not recorded yet, dir/roadmap/'s;
 * then the run's count of values. */
static int results_rest(rec *r, const char *dir, tl_status *why) {
  int rc = insert_folder(r, dir, r->prefix, 0, REST_FILES, why);
  if (rc == SQLITE_OK) {
    tl_buf sub;
    tl_buf_init(&sub);
    tl_buf_printf(&sub, "%s/roadmap", dir);
    rc = sub.oom ? SQLITE_NOMEM
                 : insert_folder(r, tl_buf_cstr(&sub), "roadmap/", 1,
                                 ALL_FILES, why);
    tl_buf_free(&sub);
  }
  if (rc == SQLITE_OK) rc = batch_flush(&r->values);
  if (rc == SQLITE_OK) {
    sqlite3_stmt *st;
    rc = tl_store_prepare(r->db, "UPDATE runs SET nresults = ? WHERE id = ?",
                          &st);
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(st, 1, r->nresults);
      sqlite3_bind_int64(st, 2, r->run);
      rc = step_done(st);
    }
    sqlite3_finalize(st);
  }
  return rc;
}

/* ---- begin, finish
 * ----------------------------------------------------------------- */

struct tl_store_txn {
  rec r;
  infiles l;
  char *path; /* of the store */
  char *dir;  /* results_dir, or NULL */
};

static void txn_free(tl_store_txn *t) {
  if (!t) return;
  sqlite3_finalize(t->r.ins_table);
  batch_close(&t->r.values);
  tl_store_close(t->r.db);
  infiles_free(&t->l);
  tl_buf_free(&t->r.idx);
  tl_buf_free(&t->r.hdr);
  tl_buf_free(&t->r.file);
  tl_buf_free(&t->r.done);
  tl_strfree(t->r.prefix);
  tl_strfree(t->path);
  tl_strfree(t->dir);
  tl_free(t, sizeof *t);
}

/* The status for SQLite code rc of step what (why: a reason reported
 * already); rolls back. */
static tl_status txn_fail(tl_store_txn *t, int rc, tl_status why) {
  tl_status st;
  if (rc == SQLITE_ABORT && why != TL_OK)
    st = why; /* reported already */
  else if (rc == SQLITE_INTERRUPT)
    st = TL_ERR_INTERRUPTED;
  else
    st = tl_store_error(t->r.ctx, t->r.db, rc, t->path, "cannot record the run");
  tl_store_exec(t->r.db, "ROLLBACK");
  return st;
}

/* Is dir a folder? TL_OK, or TL_ERR_IO (reported). */
static tl_status result_folder(tl_ctx *ctx, const char *dir) {
  struct stat sb;
  if (!stat(dir, &sb) && S_ISDIR(sb.st_mode)) return TL_OK;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir,
           "run store: not a result folder");
  return TL_ERR_IO;
}

tl_status tl_store_begin(tl_ctx *ctx, const char *db_path,
                         const tl_store_run *info, const char *results_dir,
                         tl_store_txn **txn) {
  char hash[65];
  tl_status st;
  int rc;
  if (!ctx || !db_path || !info || !txn) return TL_ERR_ARG;
  *txn = NULL;
  tl_store_txn *t = tl_calloc(1, sizeof *t);
  if (t) {
    t->path = tl_strdup(db_path);
    t->dir = results_dir ? tl_strdup(results_dir) : NULL;
    t->r.prefix = tl_strdup(info->results_prefix ? info->results_prefix : "");
  }
  if (!t || !t->path || (results_dir && !t->dir) || !t->r.prefix) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
             "run store: out of memory");
    txn_free(t);
    return TL_ERR_NOMEM;
  }
  rec *r = &t->r;
  tl_buf_init(&r->idx);
  tl_buf_init(&r->hdr);
  tl_buf_init(&r->file);
  tl_buf_init(&r->done);
  r->ctx = ctx;
  r->path = t->path;
  r->poll = !info->interrupted;
  /* hash before taking the store's write lock */
  st = hash_inputs(ctx, info, &t->l, hash);
  if (st == TL_ERR_NOMEM)
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, db_path,
             "run store: out of memory");
  if (st == TL_OK) st = tl_store_open(ctx, db_path, 1, &r->db);
  if (st != TL_OK) {
    txn_free(t);
    return st;
  }
  /* The rows inserted here refer to the run and the tables inserted just
   * before them: checking each reference (a B-tree search per value) would
   * add a tenth to the time of recording. */
  tl_store_exec(r->db, "PRAGMA foreign_keys = OFF");
  rc = tl_store_exec(r->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) {
    st = tl_store_error(ctx, r->db, rc, db_path, "cannot start the transaction");
    txn_free(t);
    return st;
  }
  rc = insert_run(r, info, hash, results_dir);
  if (rc == SQLITE_OK) rc = insert_inputs(r, &t->l);
  if (rc == SQLITE_OK && info->model) rc = insert_values(r, info->model);
  if (rc == SQLITE_OK && results_dir) rc = results_open(r);
  if (rc != SQLITE_OK) {
    st = txn_fail(t, rc, TL_OK);
    txn_free(t);
    return st;
  }
  *txn = t;
  return TL_OK;
}

tl_status tl_store_add_files(tl_ctx *ctx, tl_store_txn *t,
                             const char *const *later) {
  tl_status why = TL_OK;
  if (!t) return TL_ERR_ARG;
  if (!ctx) {
    tl_store_abandon(t);
    return TL_ERR_ARG;
  }
  t->r.ctx = ctx;
  if (!t->dir) return TL_OK;
  tl_status st = result_folder(ctx, t->dir);
  if (st != TL_OK) {
    tl_store_abandon(t);
    return st;
  }
  t->r.later = later;
  int rc = insert_folder(&t->r, t->dir, t->r.prefix, 0, BEGIN_FILES, &why);
  t->r.later = NULL; /* the caller's list lives for this call only */
  if (rc != SQLITE_OK) {
    st = txn_fail(t, rc, why);
    txn_free(t);
  }
  return st;
}

tl_status tl_store_finish(tl_ctx *ctx, tl_store_txn *t,
                          const tl_store_run *info, int64_t *run_id) {
  tl_status st = TL_OK, why = TL_OK;
  if (!t) return TL_ERR_ARG;
  if (!ctx || !info) {
    tl_store_abandon(t);
    return TL_ERR_ARG;
  }
  rec *r = &t->r;
  r->ctx = ctx;
  r->poll = !info->interrupted;
  int rc = insert_timings(r, info);
  if (rc == SQLITE_OK && info->interrupted) {
    sqlite3_stmt *s;
    rc = tl_store_prepare(
        r->db, "UPDATE runs SET status = 'interrupted' WHERE id = ?", &s);
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(s, 1, r->run);
      rc = step_done(s);
    }
    sqlite3_finalize(s);
  }
  if (rc == SQLITE_OK && t->dir) rc = results_rest(r, t->dir, &why);
  if (rc == SQLITE_OK) rc = tl_store_exec(r->db, "COMMIT");
  if (rc != SQLITE_OK)
    st = txn_fail(t, rc, why);
  else if (run_id)
    *run_id = r->run;
  txn_free(t);
  return st;
}

void tl_store_abandon(tl_store_txn *t) {
  if (!t) return;
  tl_store_exec(t->r.db, "ROLLBACK");
  txn_free(t);
}

tl_status tl_store_record(tl_ctx *ctx, const char *db_path,
                          const tl_store_run *info, const char *results_dir,
                          int64_t *run_id) {
  tl_store_txn *t;
  if (!ctx || !db_path || !info) return TL_ERR_ARG;
  /* a missing folder is found before the store is locked */
  tl_status st = results_dir ? result_folder(ctx, results_dir) : TL_OK;
  if (st == TL_OK) st = tl_store_begin(ctx, db_path, info, results_dir, &t);
  if (st == TL_OK) st = tl_store_add_files(ctx, t, NULL);
  return st == TL_OK ? tl_store_finish(ctx, t, info, run_id) : st;
}
