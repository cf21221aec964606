/* test_store.c - the SQLite run store: SHA-256 against the FIPS 180-2
 * vectors and sha256sum; a solved UTOPIA recorded and read back (run
 * fields, input hashes, every result cell, the results_long view against
 * the CSV files); export back to CSV byte for byte; a second run with a
 * scenario overlay and tl_store_diff naming the changed file, parameter,
 * objective and results; run references; one transaction per run (a bad
 * result file, every allocation failing in turn, a process killed in the
 * middle of recording, two processes recording at once); and stores that
 * are not Tanlu's. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/outtab.h"
#include "store/sha256.h"
#include "tanlu.h"
#include "tanlu_outputs.h"

static int failures = 0;
#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      failures++;                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fputc('\n', stderr);                                 \
    }                                                      \
  } while (0)

#define MINI "tests/data/outputs/iamc-mini"

static int quiet_diags = 0;
static void print_diag(void *ud, const tl_diag *d) {
  (void)ud;
  if (quiet_diags || d->severity < TL_ERROR) return;
  char buf[2048];
  tl_diag_format(d, buf, sizeof buf);
  fprintf(stderr, "  %s\n", buf);
}

static char tmpdir[256];
static char db[300];

static void tmp_path(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* ---- allocation failures and crashes ------------------------------------ */
static long alloc_count = 0, fail_at = 0, kill_at = 0;
static long live = 0; /* blocks allocated and not freed */

static void *test_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) live--;
    free(ptr);
    return NULL;
  }
  alloc_count++;
  if (kill_at && alloc_count == kill_at) raise(SIGKILL); /* a crash, mid-run */
  if (fail_at && alloc_count == fail_at) return NULL;
  void *p = realloc(ptr, nsize);
  if (p && !ptr) live++;
  return p;
}

/* ---- direct SQL
 * ---------------------------------------------------------------- */
static double sql_num(const char *sql) {
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  double v = NAN;
  if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_type(st, 0) == SQLITE_NULL
            ? NAN
            : sqlite3_column_double(st, 0);
  else
    fprintf(stderr, "  SQL failed: %s: %s\n", sql,
            h ? sqlite3_errmsg(h) : "no db");
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

static int nruns(void) { return (int)sql_num("SELECT count(*) FROM runs"); }

/* Every run complete: its result count equals the values stored, and no
 * table or value belongs to a run that is not there. */
static void check_consistent(const char *when) {
  CHECK(sql_num("SELECT count(*) FROM runs r WHERE r.nresults != (SELECT "
                "count(*) FROM "
                "results_long l WHERE l.run_id = r.id)") == 0,
        "%s: a run's nresults differs from its stored values", when);
  CHECK(sql_num("SELECT count(*) FROM result_tables t WHERE NOT EXISTS (SELECT "
                "1 FROM runs r "
                "WHERE r.id = t.run_id)") == 0,
        "%s: orphan result tables", when);
  CHECK(sql_num("SELECT count(*) FROM results v WHERE NOT EXISTS (SELECT 1 "
                "FROM result_tables "
                "t WHERE t.id = v.table_id)") == 0,
        "%s: orphan results", when);
  CHECK(sql_num("SELECT count(*) FROM inputs i WHERE NOT EXISTS (SELECT 1 FROM "
                "runs r WHERE "
                "r.id = i.run_id)") == 0,
        "%s: orphan inputs", when);
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  int ok = 0;
  if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
  sqlite3_finalize(st);
  sqlite3_close(h);
  CHECK(ok, "%s: integrity_check fails", when);
}

/* ---- SHA-256
 * ------------------------------------------------------------------- */
static void sha_of(const void *p, size_t n, size_t reps, char hex[65]) {
  tl_sha256 s;
  tl_sha256_init(&s);
  for (size_t i = 0; i < reps; i++) tl_sha256_update(&s, p, n);
  tl_sha256_hex(&s, hex);
}

static void test_sha256(void) {
  char hex[65];
  sha_of("", 0, 1, hex);
  CHECK(!strcmp(
            hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        "sha('')");
  sha_of("abc", 3, 1, hex);
  CHECK(!strcmp(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        "sha(abc)");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  sha_of(two, strlen(two), 1, hex);
  CHECK(!strcmp(
            hex,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        "sha(448 bits)");
  sha_of("a", 1, 1000000, hex);
  CHECK(!strcmp(
            hex,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        "sha(a x 1e6)");
}

/* sha256sum's digest of a file ("" when the tool is missing). */
static void sha256sum(const char *path, char hex[65]) {
  char cmd[600];
  hex[0] = '\0';
  snprintf(cmd, sizeof cmd, "sha256sum '%s' 2>/dev/null", path);
  FILE *p = popen(cmd, "r");
  if (!p) return;
  if (fscanf(p, "%64s", hex) != 1) hex[0] = '\0';
  pclose(p);
}

/* ---- a solved run
 * ------------------------------------------------------------------ */
typedef struct solved {
  tl_model *m;
  double objective;
  double stage[3];
} solved;

static int solve_to(tl_ctx *ctx, const char *model, const char *overlay,
                    const char *dir, solved *out) {
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_build_options bo;
  tl_solve_options so;
  int rc = -1;
  memset(out, 0, sizeof *out);
  tl_build_options_init(&bo);
  tl_solve_options_init(&so);
  if (tl_model_read(ctx, model, &out->m) != TL_OK) return -1;
  if (overlay && tl_model_apply_overlay(ctx, out->m, overlay) != TL_OK)
    goto done;
  if (tl_lp_build(ctx, out->m, &bo, &lp) != TL_OK) goto done;
  if (tl_lp_solve(ctx, lp, &so, &sol) != TL_OK ||
      tl_solution_status(sol) != TL_SOLVE_OPTIMAL)
    goto done;
  out->objective = tl_solution_objective(sol);
  if (tl_results_write(ctx, out->m, lp, sol, dir) != TL_OK) goto done;
  char iamc[512];
  snprintf(iamc, sizeof iamc, "%s/iamc.csv", dir);
  if (tl_iamc_write(ctx, out->m, model, NULL, dir, iamc) != TL_OK) goto done;
  out->stage[0] = 0.01, out->stage[1] = 0.02, out->stage[2] = 0.5;
  rc = 0;
done:
  tl_solution_free(sol);
  tl_lp_free(lp);
  return rc;
}

static void run_info(tl_store_run *r, const char *model, const solved *s,
                     const char *scenario) {
  static const char *const names[3] = {"read", "build", "solve"};
  memset(r, 0, sizeof *r);
  r->model_path = model;
  r->model = s ? s->m : NULL;
  r->scenario = scenario;
  r->options = "--solver clp";
  r->solver = "clp";
  r->status = TL_SOLVE_OPTIMAL;
  r->objective = s ? s->objective : NAN;
  r->iterations = 42;
  r->nstages = 3;
  for (int k = 0; k < 3; k++) {
    r->stage_names[k] = names[k];
    r->stage_seconds[k] = s ? s->stage[k] : 0;
  }
}

/* Values the store must hold for a result folder: one per row of each
 * otoole table (its one VALUE column), one per row and year of iamc.csv. */
static long expected_values(tl_ctx *ctx, const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  long n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".csv")) continue;
    char path[600];
    tl_otab t;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (tl_otab_read(ctx, path, &t)) continue;
    n += !strcmp(e->d_name, "iamc.csv") ? t.nrow * (t.ncol - 5) : t.nrow;
    tl_otab_free(&t);
  }
  closedir(d);
  return n;
}

static int list_cb(void *ud, const tl_store_run *r) {
  tl_store_run *out = ud;
  int n = out->reserved[0]++;
  if (n == 0) { /* keep the first run's fields (copied where needed) */
    static char uid[40], hash[70], scen[64], stage[16];
    out->id = r->id;
    snprintf(uid, sizeof uid, "%s", r->uid);
    snprintf(hash, sizeof hash, "%s", r->inputs_hash ? r->inputs_hash : "");
    snprintf(scen, sizeof scen, "%s", r->scenario);
    snprintf(stage, sizeof stage, "%s",
             r->nstages > 2 ? r->stage_names[2] : "");
    out->uid = uid;
    out->inputs_hash = hash;
    out->scenario = scen;
    out->stage_names[2] = stage;
    out->nstages = r->nstages;
    out->stage_seconds[2] = r->nstages > 2 ? r->stage_seconds[2] : 0;
    out->objective = r->objective;
    out->status = r->status;
    out->nresults = r->nresults;
    out->iterations = r->iterations;
  }
  return 0;
}

/* Byte-for-byte equality of two files. */
static int same_file(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int same = fa && fb;
  while (same) {
    int ca = fgetc(fa), cb = fgetc(fb);
    if (ca != cb) same = 0;
    if (ca == EOF || cb == EOF) break;
  }
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  return same;
}

static int compare_folders(const char *orig, const char *copy) {
  DIR *d = opendir(orig);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".csv")) continue;
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/%s", orig, e->d_name);
    snprintf(b, sizeof b, "%s/%s", copy, e->d_name);
    CHECK(same_file(a, b), "exported %s differs from the original", e->d_name);
    n++;
  }
  closedir(d);
  return n;
}

/* ---- diff collection
 * -------------------------------------------------------------- */
typedef struct seen {
  int objective, file_overlay, input_demand, table_emissions, result_emissions,
      other_inputs;
  double obj_a, obj_b;
  long changed_emissions;
} seen;

static int diff_cb(void *ud, const tl_diff_item *it) {
  seen *s = ud;
  switch (it->kind) {
    case TL_DIFF_RUN:
      if (!strcmp(it->name, "objective")) {
        s->objective = 1;
        s->obj_a = it->a;
        s->obj_b = it->b;
      }
      break;
    case TL_DIFF_FILE:
      if (strstr(it->name, "overlay:") && !it->text_a && it->text_b)
        s->file_overlay = 1;
      break;
    case TL_DIFF_INPUTS:
      if (!strcmp(it->name, "SpecifiedAnnualDemand"))
        s->input_demand = (int)it->changed;
      else
        s->other_inputs++;
      break;
    case TL_DIFF_TABLE:
      if (!strcmp(it->name, "AnnualEmissions")) {
        s->table_emissions = 1;
        s->changed_emissions = (long)(it->changed + it->only_a + it->only_b);
      }
      break;
    case TL_DIFF_RESULT:
      if (!strcmp(it->name, "AnnualEmissions")) s->result_emissions++;
      break;
    default: break;
  }
  return 0;
}

/* ---- the tests
 * --------------------------------------------------------------------- */

static void test_utopia(tl_ctx *ctx) {
  char d1[400], d2[400], exp1[400], overlay[400], iamc_out[400], sql[600];
  solved s1, s2;
  tl_store_run info;
  int64_t id1 = 0, id2 = 0;
  tmp_path(d1, sizeof d1, "run1");
  tmp_path(d2, sizeof d2, "run2");
  tmp_path(exp1, sizeof exp1, "export1");
  tmp_path(overlay, sizeof overlay, "more-demand.csv");
  tmp_path(iamc_out, sizeof iamc_out, "run1-iamc.csv");
  CHECK(solve_to(ctx, "tests/models/utopia.txt", NULL, d1, &s1) == 0,
        "solve UTOPIA");
  run_info(&info, "tests/models/utopia.txt", &s1, "base");
  tl_status st = tl_store_record(ctx, db, &info, d1, &id1);
  CHECK(st == TL_OK && id1 == 1, "record run 1: %s, id %lld", tl_status_str(st),
        (long long)id1);

  tl_store_run got;
  memset(&got, 0, sizeof got);
  CHECK(tl_store_list(ctx, db, list_cb, &got) == TL_OK && got.reserved[0] == 1,
        "list: one run");
  CHECK(got.id == 1 && !strcmp(got.scenario, "base") &&
            got.status == TL_SOLVE_OPTIMAL && got.objective == s1.objective &&
            got.iterations == 42,
        "run 1 fields");
  CHECK(strlen(got.uid) == 32 && strlen(got.inputs_hash) == 64,
        "uid and inputs hash");
  CHECK(got.nstages == 3 && !strcmp(got.stage_names[2], "solve") &&
            got.stage_seconds[2] == 0.5,
        "stage timings");
  long want = expected_values(ctx, d1);
  CHECK(want > 1000 && got.nresults == want,
        "every result cell recorded: %lld of %ld", (long long)got.nresults,
        want);
  char hex[65];
  sha256sum("tests/models/utopia.txt", hex);
  if (hex[0]) {
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM inputs WHERE run_id = 1 AND role = 'model' "
             "AND name = 'utopia.txt' AND sha256 = '%s'",
             hex);
    CHECK(sql_num(sql) == 1, "the model's SHA-256 is sha256sum's");
  }
  CHECK(sql_num("SELECT count(*) FROM input_values WHERE run_id = 1 AND param "
                "= 'TECHNOLOGY'") == 21,
        "UTOPIA's 21 technologies recorded");
  CHECK(sql_num("SELECT value FROM input_values WHERE run_id = 1 AND param = "
                "'SpecifiedAnnualDemand' AND idx = 'UTOPIA,RH,1990'") == 25.2,
        "a parameter value recorded");
  /* the long form read through the view equals the CSV */
  double csv_sum = 0;
  tl_otab t;
  char path[500];
  snprintf(path, sizeof path, "%s/AnnualEmissions.csv", d1);
  if (tl_otab_read(ctx, path, &t) == 0) {
    for (long i = 0; i < t.nrow; i++) {
      double v;
      if (!strcmp(tl_otab_at(&t, i, 1), "CO2") &&
          tl_otab_num(&t, i, 3, &v) == 0)
        csv_sum += v;
    }
    tl_otab_free(&t);
  }
  double db_sum = sql_num(
      "SELECT sum(value) FROM results_long WHERE run_id = 1 AND tbl = "
      "'AnnualEmissions' AND idx LIKE 'UTOPIA,CO2,%'");
  CHECK(csv_sum > 0 && fabs(db_sum - csv_sum) <= 1e-9 * csv_sum,
        "results_long: %.17g vs %.17g", db_sum, csv_sum);
  CHECK(sql_num("SELECT nkeys FROM result_tables WHERE run_id = 1 AND name = "
                "'iamc'") == 5,
        "iamc keys: Model..Unit");
  CHECK(sql_num("SELECT value FROM results_long WHERE run_id = 1 AND tbl = "
                "'iamc' AND col = "
                "'1990' AND idx = 'Tanlu " TANLU_VERSION
                ",baseline,UTOPIA,Emissions|CO2,Mt "
                "CO2/yr'") > 0,
        "an IAMC value in long form");

  /* export: the same files, byte for byte */
  CHECK(tl_store_export(ctx, db, id1, TL_EXPORT_CSV, exp1) == TL_OK,
        "export csv");
  CHECK(compare_folders(d1, exp1) > 30, "exported folder");
  CHECK(tl_store_export(ctx, db, id1, TL_EXPORT_IAMC, iamc_out) == TL_OK,
        "export iamc");
  snprintf(path, sizeof path, "%s/iamc.csv", d1);
  CHECK(same_file(path, iamc_out), "exported IAMC file is iamc.csv");

  /* run 2: 10% more of every demand in 2000 */
  FILE *f = fopen(overlay, "w");
  if (f) {
    fputs(
        "action,parameter,index,value\nscale,SpecifiedAnnualDemand,\"UTOPIA,*,"
        "2000\",1.1\n",
        f);
    fclose(f);
  }
  CHECK(solve_to(ctx, "tests/models/utopia.txt", overlay, d2, &s2) == 0,
        "solve UTOPIA + overlay");
  run_info(&info, "tests/models/utopia.txt", &s2, "more demand");
  const char *ov[1] = {overlay};
  info.overlays = ov;
  info.noverlays = 1;
  CHECK(tl_store_record(ctx, db, &info, d2, &id2) == TL_OK && id2 == 2,
        "record run 2");

  /* references */
  int64_t r = 0;
  CHECK(tl_store_find(ctx, db, "last", &r) == TL_OK && r == 2, "last");
  CHECK(tl_store_find(ctx, db, "last~1", &r) == TL_OK && r == 1, "last~1");
  CHECK(tl_store_find(ctx, db, "1", &r) == TL_OK && r == 1, "1");
  CHECK(tl_store_find(ctx, db, got.uid, &r) == TL_OK && r == 1, "uid");
  char prefix[8];
  snprintf(prefix, sizeof prefix, "%.6s", got.uid);
  CHECK(tl_store_find(ctx, db, prefix, &r) == TL_OK && r == 1, "uid prefix");
  {
    /* a uid that begins with six decimal digits: the prefix reads as an id
       no run has, and is then found as a uid prefix (a flaky failure once,
       when a random uid began so) */
    sqlite3 *h = NULL;
    int ok = sqlite3_open(db, &h) == SQLITE_OK &&
             sqlite3_exec(h,
                          "UPDATE runs SET uid = '778946' || substr(uid, 7) "
                          "WHERE id = 1",
                          NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(h);
    CHECK(ok, "set a digit-only uid prefix");
    CHECK(tl_store_find(ctx, db, "778946", &r) == TL_OK && r == 1,
          "uid prefix of digits only");
    CHECK(tl_store_find(ctx, db, "2", &r) == TL_OK && r == 2,
          "an id is still an id");
  }
  quiet_diags = 1;
  CHECK(tl_store_find(ctx, db, "7", &r) == TL_ERR_ARG, "no run 7");
  CHECK(tl_store_find(ctx, db, "last~5", &r) == TL_ERR_ARG, "no last~5");
  CHECK(tl_store_find(ctx, db, "x!", &r) == TL_ERR_ARG, "bad reference");
  quiet_diags = 0;

  /* what changed */
  seen s;
  memset(&s, 0, sizeof s);
  st = tl_store_diff(ctx, db, id1, id2, NULL, diff_cb, &s);
  CHECK(st == TL_OK, "diff: %s", tl_status_str(st));
  CHECK(s.objective && s.obj_a == s1.objective && s.obj_b == s2.objective,
        "objective item");
  CHECK(s.file_overlay, "the overlay file only in run 2");
  /* UTOPIA's SpecifiedAnnualDemand of 2000: RH and RL */
  CHECK(s.input_demand == 2, "2 demands of 2000 changed, got %d",
        s.input_demand);
  CHECK(s.other_inputs == 0, "no other parameter changed (%d)", s.other_inputs);
  CHECK(s.table_emissions && s.changed_emissions > 0 && s.result_emissions > 0,
        "AnnualEmissions changed");
  memset(&s, 0, sizeof s);
  CHECK(tl_store_diff(ctx, db, id1, id1, NULL, diff_cb, &s) == TL_OK,
        "diff with itself");
  CHECK(s.input_demand == 0 && s.changed_emissions == 0 &&
            s.result_emissions == 0 && !s.file_overlay,
        "a run does not differ from itself");
  tl_model_free(s1.m);
  tl_model_free(s2.m);
}

/* A folder like the mini results, plus a broken table sorted last. */
static void make_broken(const char *dir) {
  char cmd[1400];
  snprintf(cmd, sizeof cmd,
           "mkdir -p '%s' && cp " MINI
           "/results/*.csv '%s'/ && "
           "printf 'REGION,YEAR,VALUE\\nR1,2030,1,2\\n' > '%s/ZZZBroken.csv'",
           dir, dir, dir);
  CHECK(system(cmd) == 0, "make %s", dir);
}

static void test_atomic(tl_ctx *ctx) {
  char broken[400];
  tl_store_run info;
  tl_model *m = NULL;
  tmp_path(broken, sizeof broken, "broken");
  make_broken(broken);
  CHECK(tl_model_read(ctx, MINI "/model.txt", &m) == TL_OK, "read mini");
  int before = nruns();
  solved fake = {m, 1.0, {0, 0, 0}};
  run_info(&info, MINI "/model.txt", &fake, "broken");
  quiet_diags = 1;
  tl_status st = tl_store_record(ctx, db, &info, broken, NULL);
  quiet_diags = 0;
  CHECK(st == TL_ERR_PARSE, "a bad result file: %s", tl_status_str(st));
  CHECK(nruns() == before, "no half run after a bad file");
  check_consistent("after a bad file");

  /* every allocation failing in turn: the call fails cleanly (no crash,
   * no leak, no half run) until there are enough */
  run_info(&info, MINI "/model.txt", &fake, "alloc");
  long n;
  int ok = 0, nomem = 0;
  for (n = 1; n < 200000 && !ok; n++) {
    /* count from an idle SQLite: its own blocks are counted and freed too */
    sqlite3_shutdown();
    alloc_count = live = 0;
    fail_at = n;
    quiet_diags = 1;
    tl_set_allocator(test_alloc, NULL);
    tl_ctx *c = tl_ctx_new();
    st =
        c ? tl_store_record(c, db, &info, MINI "/results", NULL) : TL_ERR_NOMEM;
    tl_ctx_free(c);
    sqlite3_shutdown();
    tl_set_allocator(NULL, NULL);
    quiet_diags = 0;
    fail_at = 0;
    CHECK(live == 0, "allocation %ld failing: %ld blocks not freed", n, live);
    if (st == TL_OK)
      ok = 1;
    else if (st == TL_ERR_NOMEM)
      nomem++;
    if (!ok && nruns() != before) {
      CHECK(0, "allocation %ld failing left a run behind (%s)", n,
            tl_status_str(st));
      break;
    }
    tl_ctx_clear(ctx);
  }
  CHECK(ok && nruns() == before + 1,
        "recorded once the allocations sufficed (after %ld)", n);
  CHECK(nomem > 10, "failures reported as out of memory (%d of %ld)", nomem, n);
  printf(
      "allocation failures: the record failed cleanly %ld times, %d as out of "
      "memory\n",
      n - 2, nomem);
  check_consistent("after allocation failures");

  /* a process killed in the middle of recording leaves all or nothing */
  long kills[] = {500, 2000, 4000, 8000};
  for (size_t k = 0; k < sizeof kills / sizeof kills[0]; k++) {
    int runs0 = nruns();
    pid_t pid = fork();
    if (pid == 0) {
      alloc_count = 0;
      kill_at = kills[k];
      tl_set_allocator(test_alloc, NULL);
      tl_status r = tl_store_record(ctx, db, &info, MINI "/results", NULL);
      _exit(r == TL_OK ? 0 : 3);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    int killed = WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL;
    int runs1 = nruns();
    CHECK(killed
              ? runs1 == runs0
              : (WIFEXITED(ws) && WEXITSTATUS(ws) == 0 && runs1 == runs0 + 1),
          "kill at allocation %ld: killed %d, runs %d -> %d", kills[k], killed,
          runs0, runs1);
    check_consistent("after a kill");
  }

  /* two processes recording at once: each run whole, none lost */
  int runs0 = nruns();
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    if (kids[k] == 0) {
      int bad = 0;
      for (int i = 0; i < 5; i++)
        if (tl_store_record(ctx, db, &info, MINI "/results", NULL) != TL_OK)
          bad++;
      _exit(bad);
    }
  }
  for (int k = 0; k < 2; k++) {
    int ws = 0;
    waitpid(kids[k], &ws, 0);
    CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "writer %d failed %d records",
          k, WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
  }
  CHECK(nruns() == runs0 + 10, "10 concurrent records: %d runs, expected %d",
        nruns(), runs0 + 10);
  check_consistent("after concurrent writers");
  tl_model_free(m);
}

static void test_not_a_store(tl_ctx *ctx) {
  char other[400], newer[400];
  tmp_path(other, sizeof other, "other.db");
  tmp_path(newer, sizeof newer, "newer.db");
  sqlite3 *h = NULL;
  if (sqlite3_open(other, &h) == SQLITE_OK)
    sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL);
  sqlite3_close(h);
  h = NULL;
  if (sqlite3_open(newer, &h) == SQLITE_OK)
    sqlite3_exec(h, "CREATE TABLE runs(id); PRAGMA user_version = 99", NULL,
                 NULL, NULL);
  sqlite3_close(h);
  tl_store_run info;
  run_info(&info, NULL, NULL, "x");
  quiet_diags = 1;
  CHECK(tl_store_record(ctx, other, &info, NULL, NULL) == TL_ERR_INVALID,
        "another database");
  CHECK(tl_store_record(ctx, newer, &info, NULL, NULL) == TL_ERR_INVALID,
        "a newer schema");
  char missing[400];
  tmp_path(missing, sizeof missing, "missing.db");
  int64_t r;
  CHECK(tl_store_find(ctx, missing, "last", &r) == TL_ERR_IO, "no store");
  CHECK(access(missing, F_OK) != 0, "reading does not create a store");
  quiet_diags = 0;
  /* a run without results (an infeasible one) */
  char empty[400];
  tmp_path(empty, sizeof empty, "noresults.db");
  info.status = TL_SOLVE_INFEASIBLE;
  int64_t id = 0;
  CHECK(tl_store_record(ctx, empty, &info, NULL, &id) == TL_OK && id == 1,
        "run without results");
  tl_ctx_clear(ctx);
}

/* A version 1 store (the same tables; input values indexed by run, parameter
 * and index, results by table, index and column) is read as it is, and moved
 * to version 2 (integer indexes only) when a run is recorded into it; its
 * runs keep every value. */
static void test_version1(tl_ctx *ctx) {
  sqlite3 *h = NULL;
  int ok = sqlite3_open(db, &h) == SQLITE_OK &&
           sqlite3_exec(h,
                        "DROP INDEX input_values_run; DROP INDEX results_table;"
                        "CREATE INDEX input_values_key ON input_values(run_id, "
                        "param, idx);"
                        "CREATE INDEX results_key ON results(table_id, idx, "
                        "col);"
                        "PRAGMA user_version = 1",
                        NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_close(h);
  CHECK(ok, "make a version 1 store");
  int runs0 = nruns();
  double cells1 = sql_num("SELECT count(*) FROM results_long WHERE run_id = 1");
  double inputs1 =
      sql_num("SELECT count(*) FROM input_values WHERE run_id = 1");
  tl_store_run got;
  memset(&got, 0, sizeof got);
  CHECK(tl_store_list(ctx, db, list_cb, &got) == TL_OK &&
            got.reserved[0] == runs0,
        "list a version 1 store");
  CHECK(sql_num("PRAGMA user_version") == 1, "reading leaves version 1");
  char d1[400];
  tmp_path(d1, sizeof d1, "run1");
  tl_store_run info;
  run_info(&info, NULL, NULL, "into-v1");
  int64_t id = 0;
  CHECK(tl_store_record(ctx, db, &info, d1, &id) == TL_OK && id > runs0,
        "record into a version 1 store");
  CHECK(sql_num("PRAGMA user_version") == 2, "recording moves it to 2");
  CHECK(sql_num("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                "name IN ('input_values_key', 'results_key')") == 0 &&
            sql_num("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                    "AND name IN ('input_values_run', 'results_table')") == 2,
        "version 2's indexes replace version 1's");
  CHECK(sql_num("SELECT count(*) FROM results_long WHERE run_id = 1") ==
                cells1 &&
            sql_num("SELECT count(*) FROM input_values WHERE run_id = 1") ==
                inputs1 &&
            cells1 > 1000 && inputs1 > 1000,
        "the old runs keep their values (%g cells, %g inputs)", cells1,
        inputs1);
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT nresults FROM runs WHERE id = %lld",
           (long long)id);
  CHECK(sql_num(sql) == (double)expected_values(ctx, d1),
        "the new run's values");
  check_consistent("after moving to version 2");
}

/* tl_store_add_files records the files there are, but for those the caller
 * is still to write; tl_store_finish the rest: a file rewritten in between is
 * stored as it is at the end. tl_store_abandon leaves nothing and frees the
 * store for the next writer. */
static void test_two_steps(tl_ctx *ctx) {
  char d1[400], d3[400], cmd[900], iamc[500], sql[300];
  tmp_path(d1, sizeof d1, "run1");
  tmp_path(d3, sizeof d3, "run3");
  snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", d1, d3);
  CHECK(system(cmd) == 0, "copy a result folder");
  snprintf(iamc, sizeof iamc, "%s/iamc.csv", d3);
  int runs0 = nruns();
  tl_store_run info;
  run_info(&info, NULL, NULL, "two-steps");
  static const char *const later[] = {"iamc.csv", NULL};
  tl_store_txn *t = NULL;
  CHECK(tl_store_begin(ctx, db, &info, d3, &t) == TL_OK && t &&
            tl_store_add_files(ctx, t, later) == TL_OK,
        "begin a run, record the files there are");
  FILE *f = fopen(iamc, "w");
  if (f) {
    fputs("Model,Scenario,Region,Variable,Unit,2020\n"
          "Tanlu,two-steps,UTOPIA,Emissions|CO2,Mt CO2/yr,42.5\n",
          f);
    fclose(f);
  }
  int64_t id = 0;
  CHECK(t && tl_store_finish(ctx, t, &info, &id) == TL_OK && id == runs0 + 1,
        "finish the run");
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM results_long WHERE run_id = %lld AND tbl = "
           "'iamc'",
           (long long)id);
  CHECK(sql_num(sql) == 1, "iamc.csv as written after begin (%g values)",
        sql_num(sql));
  snprintf(sql, sizeof sql,
           "SELECT value FROM results_long WHERE run_id = %lld AND tbl = "
           "'iamc' AND col = '2020'",
           (long long)id);
  CHECK(sql_num(sql) == 42.5, "its value");
  snprintf(sql, sizeof sql, "SELECT nresults FROM runs WHERE id = %lld",
           (long long)id);
  long want = expected_values(ctx, d3);
  CHECK(want > 1000 && sql_num(sql) == (double)want, "every value: %g of %ld",
        sql_num(sql), want);
  /* abandoned: no run, and the lock is gone */
  t = NULL;
  CHECK(tl_store_begin(ctx, db, &info, d3, &t) == TL_OK && t,
        "begin another run");
  tl_store_abandon(t);
  CHECK(nruns() == runs0 + 1, "an abandoned run leaves nothing");
  CHECK(tl_store_record(ctx, db, &info, NULL, &id) == TL_OK &&
            id == runs0 + 2,
        "the store takes the next run");
  check_consistent("after two-step runs");
  /* a diagnostic made in another context (the CLI's store thread) is
   * handed over whole */
  tl_ctx *other = tl_ctx_new();
  char missing[400];
  tmp_path(missing, sizeof missing, "none/missing.db");
  int64_t r;
  if (other) tl_store_find(other, missing, "last", &r);
  int before = tl_ctx_count(ctx, TL_ERROR), n = tl_ctx_diag_count(ctx);
  CHECK(other && tl_ctx_diag_count(other) == 1, "a diagnostic elsewhere");
  if (other && tl_ctx_diag_count(other) == 1) {
    quiet_diags = 1;
    tl_ctx_add_diag(ctx, tl_ctx_diag(other, 0));
    quiet_diags = 0;
    const tl_diag *a = tl_ctx_diag(other, 0), *b = tl_ctx_diag(ctx, n);
    CHECK(tl_ctx_count(ctx, TL_ERROR) == before + 1 && b &&
              !strcmp(a->message, b->message) && a->value && b->value &&
              !strcmp(a->value, b->value) && b->value != a->value,
          "tl_ctx_add_diag copies it");
  }
  tl_ctx_free(other);
  tl_ctx_clear(ctx);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "%s/tanlu-store.XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(db, sizeof db, "%s/tanlu.db", tmpdir);
  tl_ctx *ctx = tl_ctx_new();
  if (!ctx) return 1;
  tl_ctx_set_diag_fn(ctx, print_diag, NULL);
  test_sha256();
  test_utopia(ctx);
  test_atomic(ctx);
  test_not_a_store(ctx);
  test_two_steps(ctx);
  test_version1(ctx);
  tl_ctx_free(ctx);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("test_store: all checks passed\n");
  return 0;
}
