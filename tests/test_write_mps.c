/* test_write_mps.c - the MPS and LP writers: a hand-made LP with every
 * kind of row and bound is written, read back with GLPK (glp_read_mps,
 * glp_read_lp) and, when installed, with the clp and cbc programs, and
 * solved; the objective including its constant must be the hand value.
 * Also: exact numbers, cleaned names, no temporary file left behind, and an
 * unwritable path. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lp/lp.h"

static int failures;

#define CHECK(cond, ...)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "%s:%d: FAIL (%s) ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                   \
      fputc('\n', stderr);                                            \
    }                                                                 \
  } while (0)

static int near(double a, double b) {
  return fabs(a - b) <= 1e-7 * (1 + fabs(b));
}

#define INF TL_INF
#define C_OBJ 7.25 /* the objective's constant */

/* Rows are Bal[region,technology], columns x[technology]. */
static const tl_lp_family rowfams[] = {
    {"Bal", 2, {TL_REGION, TL_TECHNOLOGY}}};
static const tl_lp_family colfams[] = {{"x", 1, {TL_TECHNOLOGY}}};
static const char *const techs[] = {"T0", "COAL PLANT", "HFC-134a", "T3",
                                    "T4", "T5",         "T6",       "T7",
                                    "T8"};

/* Numbers that must read back exactly (test_numbers). */
static const double odd[] = {1.0 / 3, 0.1, 1e-7, 123456789012.5, -2.5e-30,
                             6.02214076e23, -0.30000000000000004, 1e15,
                             0.000123, 1.7976931348623157e308,
                             -1, 2.5, 100, 0.5e-4, 4503599627370497.0};
#define NODD (int)(sizeof odd / sizeof odd[0])

/* The LP (x0..x8):
 *   min x0 + 2 x1 + 0.5 x2 + 3 x3 - x5 + x7 - x8 + 7.25
 *   r0 G: x0 + x1 >= 2          r1 L: x0 - x2 <= 3
 *   r2 E: x1 + x3 = 1           r3 ranged: 1 <= x0 + x2 <= 5
 *   r4 free: x0 + x4             r5 G: 2 x7 >= 3
 *   x0 >= 0; x1 in [0,4]; x2 free; x3 <= 10 (no lower bound); x4 >= 0,
 *   only in the free row; x5 = 2.5 (fixed); x6 in no row at all;
 *   x7 integer >= 0 (no upper bound); x8 integer in [-3, 7].
 * By hand: x3 = 1 - x1 makes 2 x1 + 3 x3 = 3 - x1, least at x1 = 4
 * (x3 = -3): -1. x0 + 0.5 x2 with x2 >= 1 - x0 is 0.5 + 0.5 x0, least at
 * x0 = 0, x2 = 1 (r1 holds): 0.5. x5 gives -2.5, x8 = 7 gives -7. x7 >= 1.5
 * gives 1.5 in the LP relaxation, 2 as an integer.
 * Relaxation: -1 + 0.5 - 2.5 + 1.5 - 7 + 7.25 = -1.25.
 * MIP:        -1 + 0.5 - 2.5 + 2   - 7 + 7.25 = -0.75. */
#define LP_OBJ (-1.25)
#define MIP_OBJ (-0.75)

static tl_lp *make_lp(const tl_model *m) {
  tl_lp *lp = tl_lp_new(m, rowfams, 1, colfams, 1);
  static const double lb[] = {0, 0, -INF, -INF, 0, 2.5, 0, 0, -3};
  static const double ub[] = {INF, 4, INF, 10, INF, 2.5, INF, INF, 7};
  static const double c[] = {1, 2, 0.5, 3, 0, -1, 0, 1, -1};
  for (int j = 0; j < 9; j++) {
    int32_t ix[1] = {j};
    tl_lp_add_col(lp, 0, ix, lb[j], ub[j], c[j], j >= 7);
  }
  static const double rlb[] = {2, -INF, 1, 1, -INF, 3};
  static const double rub[] = {INF, 3, 1, 5, INF, INF};
  for (int i = 0; i < 6; i++) {
    int32_t ix[2] = {i % 2, i}; /* Bal[R0,T0], Bal[R1,COAL PLANT], ... */
    tl_lp_add_row(lp, 0, ix, rlb[i], rub[i]);
  }
  tl_lp_add_nz(lp, 0, 0, 1);
  tl_lp_add_nz(lp, 0, 1, 1);
  tl_lp_add_nz(lp, 1, 0, 1);
  tl_lp_add_nz(lp, 1, 2, -1);
  tl_lp_add_nz(lp, 2, 1, 1);
  tl_lp_add_nz(lp, 2, 3, 1);
  tl_lp_add_nz(lp, 3, 0, 1);
  tl_lp_add_nz(lp, 3, 2, 1);
  tl_lp_add_nz(lp, 4, 0, 1);
  tl_lp_add_nz(lp, 4, 4, 1);
  tl_lp_add_nz(lp, 5, 7, 2);
  lp->objconst = C_OBJ;
  tl_lp_compress(lp);
  return lp;
}

static double glpk_lp_value(glp_prob *P) {
  glp_smcp s;
  glp_init_smcp(&s);
  s.msg_lev = GLP_MSG_OFF;
  s.presolve = GLP_ON;
  if (glp_simplex(P, &s) != 0 || glp_get_status(P) != GLP_OPT) return NAN;
  return glp_get_obj_val(P);
}

static double glpk_mip_value(glp_prob *P) {
  glp_iocp io;
  glp_init_iocp(&io);
  io.msg_lev = GLP_MSG_OFF;
  io.presolve = GLP_ON;
  if (glp_intopt(P, &io) != 0 || glp_mip_status(P) != GLP_OPT) return NAN;
  return glp_mip_obj_val(P);
}

/* Run a COIN-OR program on path and read the objective it prints after
 * key. NAN when the program is missing or prints no value. */
static double coin_value(const char *prog, const char *path, const char *key) {
  char cmd[512], line[512];
  double v = NAN;
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1 && %s %s -solve 2>&1",
           prog, prog, path);
  FILE *p = popen(cmd, "r");
  if (!p) return NAN;
  while (fgets(line, sizeof line, p)) {
    char *at = strstr(line, key);
    if (at && isnan(v)) v = strtod(at + strlen(key), NULL);
  }
  pclose(p);
  return v;
}

static int have_program(const char *prog) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
  return system(cmd) == 0;
}

/* No "<base>.tmp*" file is left in dir. */
static int no_temp_left(const char *dir, const char *base) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int clean = 1;
  size_t n = strlen(base);
  if (!d) return 0;
  while ((e = readdir(d)))
    if (strncmp(e->d_name, base, n) == 0 && strstr(e->d_name + n, ".tmp"))
      clean = 0;
  closedir(d);
  return clean;
}

static void test_mps(tl_ctx *ctx, const tl_lp *lp, const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/model.mps", dir);
  CHECK(tl_lp_write_mps(ctx, lp, path) == TL_OK, "write %s", path);
  CHECK(no_temp_left(dir, "model.mps"), "temporary file left in %s", dir);

  glp_prob *P = glp_create_prob();
  CHECK(glp_read_mps(P, GLP_MPS_FILE, NULL, path) == 0, "glp_read_mps");
  CHECK(glp_get_num_cols(P) == 9, "9 columns, got %d", glp_get_num_cols(P));
  CHECK(glp_get_num_int(P) == 2, "2 integer columns");
  CHECK(strcmp(glp_get_obj_name(P), "cost") == 0, "objective row is cost");
  /* names: brackets and commas kept, the blank replaced */
  glp_create_index(P);
  int r1 = glp_find_row(P, "Bal[R1,COAL_PLANT]");
  int c1 = glp_find_col(P, "x[COAL_PLANT]");
  int c2 = glp_find_col(P, "x[HFC-134a]");
  int c8 = glp_find_col(P, "x[T8]");
  CHECK(r1 > 0 && c1 > 0 && c2 > 0 && c8 > 0, "names found");
  CHECK(glp_find_row(P, "Bal[R0,T4]") == 0, "GLPK drops the free row");
  if (r1 > 0) CHECK(glp_get_row_type(P, r1) == GLP_UP, "r1 is an L row");
  if (c8 > 0)
    CHECK(glp_get_col_kind(P, c8) == GLP_IV && glp_get_col_lb(P, c8) == -3 &&
              glp_get_col_ub(P, c8) == 7,
          "integer bounds of x[T8]");
  /* GLPK reads the objective row's RHS as +constant (CPLEX and Clp read
   * it as -constant, which is what is written): undo that, then solve */
  CHECK(glp_get_obj_coef(P, 0) == -C_OBJ,
        "GLPK reads the constant with its own sign: %g",
        glp_get_obj_coef(P, 0));
  glp_set_obj_coef(P, 0, C_OBJ);
  double v = glpk_lp_value(P);
  CHECK(near(v, LP_OBJ), "MPS by GLPK, relaxation: %.17g, want %g", v, LP_OBJ);
  v = glpk_mip_value(P);
  CHECK(near(v, MIP_OBJ), "MPS by GLPK, MIP: %.17g, want %g", v, MIP_OBJ);
  glp_delete_prob(P);

  /* the COIN-OR programs read the constant as written (offset = -RHS) */
  if (have_program("clp")) {
    v = coin_value("clp", path, "Optimal - objective value");
    CHECK(near(v, LP_OBJ), "MPS by clp: %.17g, want %g", v, LP_OBJ);
  } else {
    printf("test_write_mps: clp not installed, skipped\n");
  }
  if (have_program("cbc")) {
    v = coin_value("cbc", path, "Objective value:");
    CHECK(near(v, MIP_OBJ), "MPS by cbc: %.17g, want %g", v, MIP_OBJ);
  }
}

static void test_lp(tl_ctx *ctx, const tl_lp *lp, const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/model.lp", dir);
  CHECK(tl_lp_write_lp(ctx, lp, path) == TL_OK, "write %s", path);
  CHECK(no_temp_left(dir, "model.lp"), "temporary file left in %s", dir);
  glp_prob *P = glp_create_prob();
  CHECK(glp_read_lp(P, NULL, path) == 0, "glp_read_lp");
  /* 9 columns, the constant's column and the slack of the ranged row */
  CHECK(glp_get_num_cols(P) == 11, "11 columns, got %d", glp_get_num_cols(P));
  CHECK(glp_get_num_int(P) == 2, "2 integer columns");
  glp_create_index(P);
  CHECK(glp_find_col(P, "x(COAL_PLANT)") > 0, "LP name x(COAL_PLANT)");
  CHECK(glp_find_col(P, "x(HFC_134a)") > 0, "LP name x(HFC_134a)");
  CHECK(glp_find_col(P, "x(T4)") > 0, "x(T4), only in a free row, declared");
  CHECK(glp_find_row(P, "Bal(R1,T3)") > 0, "LP row name Bal(R1,T3)");
  /* the constant is inside the objective: no correction */
  double v = glpk_lp_value(P);
  CHECK(near(v, LP_OBJ), "LP by GLPK, relaxation: %.17g, want %g", v, LP_OBJ);
  v = glpk_mip_value(P);
  CHECK(near(v, MIP_OBJ), "LP by GLPK, MIP: %.17g, want %g", v, MIP_OBJ);
  glp_delete_prob(P);
  if (have_program("cbc")) {
    v = coin_value("cbc", path, "Objective value:");
    CHECK(near(v, MIP_OBJ), "LP by cbc: %.17g, want %g", v, MIP_OBJ);
  }
}

/* Every number reads back exactly, from both formats: one row
 * sum odd[j] x_j <= 1, x_j in [0, |odd[j]|], objective odd[j] x_j. */
static void test_numbers(tl_ctx *ctx, const char *dir) {
  static const tl_lp_family fam[] = {{"t", 0, {TL_REGION}}};
  tl_lp *lp = tl_lp_new(NULL, fam, 1, fam, 1);
  int32_t ix[1] = {0};
  tl_lp_add_row(lp, 0, ix, -INF, 1);
  for (int j = 0; j < NODD; j++) {
    tl_lp_add_col(lp, 0, ix, -fabs(odd[j]), fabs(odd[j]), odd[j], 0);
    tl_lp_add_nz(lp, 0, j, odd[j]);
  }
  tl_lp_compress(lp);
  for (int fmt = 0; fmt < 2; fmt++) {
    char path[512];
    snprintf(path, sizeof path, "%s/numbers.%s", dir, fmt ? "lp" : "mps");
    tl_status rc = fmt ? tl_lp_write_lp(ctx, lp, path)
                       : tl_lp_write_mps(ctx, lp, path);
    CHECK(rc == TL_OK, "write %s", path);
    glp_prob *P = glp_create_prob();
    glp_mpscp mp;
    glp_init_mpscp(&mp);
    mp.tol_mps = 0; /* GLPK drops |values| < 1e-12 by default */
    int bad = fmt ? glp_read_lp(P, NULL, path)
                  : glp_read_mps(P, GLP_MPS_FILE, &mp, path);
    CHECK(!bad, "read %s", path);
    int ind[NODD + 2];
    double val[NODD + 2];
    int len = bad ? 0 : glp_get_mat_row(P, 1, ind, val);
    CHECK(bad || len == NODD, "%s: %d entries", path, len);
    for (int k = 1; k <= len; k++) {
      int j = ind[k] - 1; /* columns appear in the same order */
      CHECK(val[k] == odd[j], "%s: coefficient %.17g read as %.17g", path,
            odd[j], val[k]);
      CHECK(glp_get_obj_coef(P, j + 1) == odd[j], "%s: objective %.17g",
            path, odd[j]);
      CHECK(glp_get_col_ub(P, j + 1) == fabs(odd[j]) &&
                glp_get_col_lb(P, j + 1) == -fabs(odd[j]),
            "%s: bounds of %.17g", path, odd[j]);
    }
    glp_delete_prob(P);
  }
  tl_lp_free(lp);
}

/* The library's own solvers agree with the hand values too. */
static void test_solvers(tl_ctx *ctx, const tl_lp *lp) {
  for (int s = 0; s < 2; s++) {
    tl_solve_options o;
    tl_solution *sol = NULL;
    tl_solve_options_init(&o);
    o.solver = s ? TL_SOLVER_GLPK : TL_SOLVER_CLP;
    CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_OK, "solve");
    CHECK(sol && near(tl_solution_objective(sol), MIP_OBJ),
          "solver %d: %.17g", s, sol ? tl_solution_objective(sol) : NAN);
    tl_solution_free(sol);
  }
}

static void test_errors(tl_ctx *ctx, const tl_lp *lp) {
  const char *path = "/nonexistent-tanlu-dir/model.mps";
  tl_ctx_clear(ctx);
  CHECK(tl_lp_write_mps(ctx, lp, path) == TL_ERR_IO, "unwritable path");
  CHECK(tl_ctx_diag_count(ctx) == 1, "one diagnostic");
  const tl_diag *d = tl_ctx_diag(ctx, 0);
  CHECK(d && d->file && strcmp(d->file, path) == 0, "names the path");
  CHECK(d && d->message && strstr(d->message, "No such file or directory"),
        "gives the reason: %s", d && d->message ? d->message : "");
  CHECK(tl_lp_write_lp(ctx, lp, path) == TL_ERR_IO, "unwritable LP path");
  CHECK(tl_lp_write_mps(ctx, lp, NULL) == TL_ERR_ARG, "NULL path");

  /* not compressed */
  tl_lp *raw = tl_lp_new(NULL, NULL, 0, NULL, 0);
  CHECK(tl_lp_write_mps(ctx, raw, "/tmp/never.mps") == TL_ERR_ARG,
        "uncompressed");
  tl_lp_free(raw);
}

/* No model: plain names R<i>, C<j>; a MIP-free LP without a constant. */
static void test_plain_names(tl_ctx *ctx, const char *dir) {
  static const tl_lp_family fam[] = {{"t", 0, {TL_REGION}}};
  tl_lp *lp = tl_lp_new(NULL, fam, 1, fam, 1);
  int32_t ix[1] = {0};
  tl_lp_add_col(lp, 0, ix, 0, INF, 1, 0);
  tl_lp_add_col(lp, 0, ix, 0, INF, 2, 0);
  tl_lp_add_row(lp, 0, ix, 3, INF);
  tl_lp_add_nz(lp, 0, 0, 1);
  tl_lp_add_nz(lp, 0, 1, 1);
  tl_lp_compress(lp);
  lp->model = NULL;
  char path[512];
  snprintf(path, sizeof path, "%s/plain.mps", dir);
  CHECK(tl_lp_write_mps(ctx, lp, path) == TL_OK, "write plain");
  glp_prob *P = glp_create_prob();
  CHECK(glp_read_mps(P, GLP_MPS_FILE, NULL, path) == 0, "read plain");
  glp_create_index(P);
  CHECK(glp_find_col(P, "C1") == 2 && glp_find_row(P, "R0") == 1,
        "plain names");
  CHECK(near(glpk_lp_value(P), 3), "plain objective");
  glp_delete_prob(P);
  snprintf(path, sizeof path, "%s/plain.lp", dir);
  CHECK(tl_lp_write_lp(ctx, lp, path) == TL_OK, "write plain LP");
  P = glp_create_prob();
  CHECK(glp_read_lp(P, NULL, path) == 0, "read plain LP");
  CHECK(glp_get_num_cols(P) == 2, "no constant column when there is none");
  CHECK(near(glpk_lp_value(P), 3), "plain LP objective");
  glp_delete_prob(P);
  tl_lp_free(lp);
}

/* An allocator that fails once its budget of allocations is spent. */
static long budget = -1; /* -1: unlimited */
static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (budget == 0) return NULL;
  if (budget > 0) budget--;
  return realloc(ptr, nsize);
}

/* Every allocation of the writers may fail: TL_ERR_NOMEM, nothing leaked,
 * no file and no temporary file left. */
static void test_out_of_memory(tl_ctx *ctx, const tl_lp *lp,
                               const char *dir) {
  for (int fmt = 0; fmt < 2; fmt++) {
    char path[512];
    snprintf(path, sizeof path, "%s/oom.%s", dir, fmt ? "lp" : "mps");
    int done = 0;
    for (long n = 0; n < 1000 && !done; n++) {
      budget = n;
      tl_set_allocator(failing_alloc, NULL);
      tl_status rc = fmt ? tl_lp_write_lp(ctx, lp, path)
                         : tl_lp_write_mps(ctx, lp, path);
      tl_set_allocator(NULL, NULL);
      budget = -1;
      CHECK(rc == TL_OK || rc == TL_ERR_NOMEM, "allocation %ld: %s", n,
            tl_status_str(rc));
      if (rc == TL_OK) done = 1;
      else CHECK(access(path, F_OK) != 0, "no %s after a failure", path);
      CHECK(no_temp_left(dir, fmt ? "oom.lp" : "oom.mps"),
            "temporary file left");
      tl_ctx_clear(ctx);
    }
    CHECK(done, "never written");
  }
}

int main(void) {
  glp_term_out(GLP_OFF);
  char dir[] = "/tmp/tanlu_test_mpsXXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  tl_model *m = tl_model_new();
  tl_set_add(&m->sets[TL_REGION], "R0", 2);
  tl_set_add(&m->sets[TL_REGION], "R1", 2);
  for (size_t k = 0; k < sizeof techs / sizeof techs[0]; k++)
    tl_set_add(&m->sets[TL_TECHNOLOGY], techs[k], strlen(techs[k]));
  tl_ctx *ctx = tl_ctx_new();
  tl_lp *lp = make_lp(m);

  test_mps(ctx, lp, dir);
  test_lp(ctx, lp, dir);
  test_numbers(ctx, dir);
  test_solvers(ctx, lp);
  test_errors(ctx, lp);
  test_plain_names(ctx, dir);
  test_out_of_memory(ctx, lp, dir);

  tl_lp_free(lp);
  tl_ctx_free(ctx);
  tl_model_free(m);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (failures == 0 && system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
  if (failures) {
    fprintf(stderr, "test_write_mps: %d failure(s); files kept in %s\n",
            failures, dir);
    return 1;
  }
  printf("test_write_mps: ok\n");
  return 0;
}
