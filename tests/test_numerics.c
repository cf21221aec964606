/* test_numerics.c - numerical trouble reported in words: the badly-scaled
 * LP warning (src/lp/scaling.c) and the naming of the variables of an
 * unbounded LP (Clp's ray, GLPK's unbounded variable).
 *
 * Expectations are worked out by hand from the hand-sized model
 * tests/bad/_base/model.txt: its capacity rows CAa4 carry
 * -CapacityToActivityUnit on NewCapacity of PLANT, its smallest matrix
 * coefficient is a YearSplit of 0.5; a removal technology that earns the
 * emission penalty and costs nothing makes the LP unbounded along its own
 * capacity and activity. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/read_dat.h"
#include "lp/lp.h"
#include "lp/scaling.h"

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

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = malloc(1 << 16);
  *len = b ? fread(b, 1, (1 << 16) - 1, f) : 0;
  fclose(f);
  if (b) b[*len] = '\0';
  return b;
}

/* Replace the first from in *text by to (realloc'd); 0, or -1. */
static int replace(char **text, const char *from, const char *to) {
  char *at = strstr(*text, from);
  if (!at) return -1;
  size_t head = (size_t)(at - *text), n = strlen(*text);
  char *t = malloc(n - strlen(from) + strlen(to) + 1);
  if (!t) return -1;
  memcpy(t, *text, head);
  strcpy(t + head, to);
  strcat(t, at + strlen(from));
  free(*text);
  *text = t;
  return 0;
}

/* The hand-sized model with from1 replaced by to1 and from2 by to2 (the
 * pairs may be NULL). */
static tl_model *variant(tl_ctx *ctx, const char *from1, const char *to1,
                         const char *from2, const char *to2) {
  size_t len;
  char *text = slurp("tests/bad/_base/model.txt", &len);
  tl_model *m = NULL;
  if (text && (!from1 || !replace(&text, from1, to1)) &&
      (!from2 || !replace(&text, from2, to2)))
    tl_read_databuf(ctx, "model.txt", text, strlen(text), &m);
  free(text);
  return m;
}

/* Count diagnostics of severity sev whose message contains text (and
 * whose param starts with param when param is not NULL). */
static int count(const tl_ctx *ctx, tl_severity sev, const char *param,
                 const char *text) {
  int n = 0;
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity != sev || !d->message || !strstr(d->message, text)) continue;
    if (param && (!d->param || strncmp(d->param, param, strlen(param)))) continue;
    n++;
  }
  return n;
}

static tl_lp *build(tl_ctx *ctx, const tl_model *m) {
  tl_build_options bo;
  tl_build_options_init(&bo);
  tl_lp *lp = NULL;
  if (tl_lp_build(ctx, m, &bo, &lp) != TL_OK) return NULL;
  return lp;
}

static void scaling(void) {
  tl_ctx *ctx = tl_ctx_new();
  /* the hand-sized model as shipped: coefficients from 0.5 to 1000 */
  tl_model *m = variant(ctx, NULL, NULL, NULL, NULL);
  tl_lp *lp = m ? build(ctx, m) : NULL;
  CHECK(lp != NULL, "the hand-sized model does not build");
  if (lp) CHECK(tl_lp_check_scaling(ctx, lp) == 0, "a warning for a well scaled LP");
  tl_lp_free(lp);
  tl_model_free(m);

  /* CapacityToActivityUnit 3.1536e10 (a unit slip of 1e9): the matrix
   * spans 0.5 .. 3.1536e10, a ratio of 6.3e10 */
  tl_ctx_clear(ctx);
  m = variant(ctx, "[R1,PLANT] 31.536", "[R1,PLANT] 3.1536e10", NULL, NULL);
  lp = m ? build(ctx, m) : NULL;
  CHECK(lp != NULL, "the scaled variant does not build");
  if (lp) {
    CHECK(tl_lp_check_scaling(ctx, lp) == 1, "no warning for a ratio of 6.3e10");
    CHECK(count(ctx, TL_WARNING, NULL, "span 0.5 to 3.1536e+10, a ratio of 6.3e+10") == 1,
          "the warning does not give the span");
    CHECK(count(ctx, TL_WARNING, NULL, "largest 3.1536e+10 in CAa4_Constraint_Capacity[R1,") == 1,
          "the warning does not name the capacity row");
    CHECK(count(ctx, TL_WARNING, NULL,
                "parameters of that size: CapacityToActivityUnit[R1,PLANT] = 3.1536e+10") == 1,
          "the warning does not name CapacityToActivityUnit[R1,PLANT]");
    /* the solve gives the same warning, and still solves */
    tl_ctx_clear(ctx);
    tl_solution *s = NULL;
    CHECK(tl_lp_solve(ctx, lp, NULL, &s) == TL_OK, "solve");
    CHECK(count(ctx, TL_WARNING, NULL, "badly scaled LP") == 1, "no warning from tl_lp_solve");
    tl_solution_free(s);
  }
  tl_lp_free(lp);
  tl_model_free(m);

  /* an LP without a model: rows and columns by number; 1e-6 and 1e4
   * span 1e10 */
  static const tl_lp_family rf[1] = {{"r", 0, {TL_REGION}}};
  static const tl_lp_family cf[1] = {{"x", 0, {TL_REGION}}};
  const int32_t none[1] = {0};
  tl_ctx_clear(ctx);
  lp = tl_lp_new(NULL, rf, 1, cf, 1);
  if (lp && tl_lp_add_col(lp, 0, none, 0, 10, 1, 0) == 0 &&
      tl_lp_add_col(lp, 0, none, 0, 10, 1, 0) == 1 &&
      tl_lp_add_row(lp, 0, none, 1, TL_INF) == 0 &&
      tl_lp_add_row(lp, 0, none, 1, TL_INF) == 1 && !tl_lp_add_nz(lp, 0, 0, 1) &&
      !tl_lp_add_nz(lp, 1, 1, 1e-6) && !tl_lp_add_nz(lp, 0, 1, 1e4) && !tl_lp_compress(lp)) {
    CHECK(tl_lp_check_scaling(ctx, lp) == 1, "no warning for 1e-6 .. 1e4");
    CHECK(count(ctx, TL_WARNING, NULL, "smallest 1e-06 in row 1 x column 1") == 1,
          "the smallest coefficient is not located");
    CHECK(count(ctx, TL_WARNING, NULL, "largest 10000 in row 0 x column 1") == 1,
          "the largest coefficient is not located");
  } else {
    CHECK(0, "cannot make the small LP");
  }
  tl_lp_free(lp);
  tl_ctx_free(ctx);
}

/* Every column named unbounded must be one of DACCS. */
static void unbounded(tl_solver solver, int presolve) {
  const char *who = solver == TL_SOLVER_CLP ? "Clp" : "GLPK";
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = variant(
      ctx, "set TECHNOLOGY := MINE PLANT BACKSTOP;",
      "set TECHNOLOGY := MINE PLANT BACKSTOP DACCS;", "\nend;",
      "\nparam TechnologyCategory := DACCS removal;\n"
      "param EmissionsPenalty default 0 := [R1,CO2,*] 2020 10 2021 10;\n"
      "param EmissionActivityRatio := [R1,DACCS,CO2,1,*] 2020 -1 2021 -1;\n"
      "end;");
  tl_lp *lp = m ? build(ctx, m) : NULL;
  CHECK(lp != NULL, "the unbounded variant does not build");
  if (!lp) {
    tl_model_free(m);
    tl_ctx_free(ctx);
    return;
  }
  tl_solve_options so;
  tl_solve_options_init(&so);
  so.solver = solver;
  so.presolve = presolve;
  tl_solution *s = NULL;
  tl_ctx_clear(ctx);
  CHECK(tl_lp_solve(ctx, lp, &so, &s) == TL_OK, "%s: solve", who);
  CHECK(s && tl_solution_status(s) == TL_SOLVE_UNBOUNDED, "%s: not unbounded", who);
  int named = count(ctx, TL_ERROR, NULL, "unbounded: ");
  int daccs = 0;
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity == TL_ERROR && d->param && strstr(d->message, "unbounded: "))
      daccs += strstr(d->param, ",DACCS,") != NULL;
  }
  CHECK(named >= 1, "%s (presolve %d): no variable named", who, presolve);
  CHECK(daccs == named, "%s (presolve %d): %d of %d named variables are not DACCS's",
        who, presolve, named - daccs, named);
  CHECK(named <= 5, "%s: more than 5 named", who);
  printf("%s, presolve %s: %d unbounded variable%s named, all of DACCS\n", who,
         presolve ? "on" : "off", named, named == 1 ? "" : "s");
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

int main(void) {
  scaling();
  unbounded(TL_SOLVER_CLP, 1);
  unbounded(TL_SOLVER_CLP, 0);
  unbounded(TL_SOLVER_GLPK, 1);
  unbounded(TL_SOLVER_GLPK, 0);
  if (failures) fprintf(stderr, "%d failures\n", failures);
  return failures ? 1 : 0;
}
