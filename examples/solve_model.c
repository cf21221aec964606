/* solve_model.c - the smallest complete use of libtanlu: read an OSeMOSYS
 * model, validate it, build its LP, solve it and print the objective.
 *
 *   cc solve_model.c $(pkg-config --cflags --libs tanlu) -o solve_model
 *   ./solve_model data/utopia/utopia.txt
 */
#include <stdio.h>

#include <tanlu.h>

/* Print each warning and error (file:line:col: error: ...) as it is made. */
static void print_diag(void *ud, const tl_diag *d) {
  char line[1024];
  (void)ud;
  if (d->severity == TL_NOTICE) return;
  tl_diag_format(d, line, sizeof line);
  fprintf(stderr, "%s\n", line);
}

int main(int argc, char **argv) {
  tl_ctx *ctx = NULL;
  tl_model *model = NULL;
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_build_options bopt;
  tl_solve_options sopt;
  tl_status st;
  int rc = 1;

  if (argc != 2) {
    fprintf(stderr, "usage: %s MODEL (a data file or a CSV folder)\n", argv[0]);
    return 2;
  }
  ctx = tl_ctx_new();
  if (!ctx) return 1;
  tl_ctx_set_diag_fn(ctx, print_diag, NULL);

  st = tl_model_read(ctx, argv[1], &model);
  if (st == TL_OK) st = tl_model_validate(ctx, model);
  if (st == TL_OK) {
    tl_build_options_init(&bopt);
    st = tl_lp_build(ctx, model, &bopt, &lp);
  }
  if (st == TL_OK) {
    tl_solve_options_init(&sopt); /* Clp, dual simplex, presolve */
    st = tl_lp_solve(ctx, lp, &sopt, &sol);
  }
  if (st != TL_OK) {
    fprintf(stderr, "%s: %s\n", argv[1], tl_status_str(st));
  } else if (tl_solution_status(sol) != TL_SOLVE_OPTIMAL) {
    fprintf(stderr, "%s: %s\n", argv[1],
            tl_solve_status_str(tl_solution_status(sol)));
  } else {
    printf("objective %.10g\n", tl_solution_objective(sol));
    rc = 0;
  }

  tl_solution_free(sol); /* every free function accepts NULL */
  tl_lp_free(lp);
  tl_model_free(model);
  tl_ctx_free(ctx);
  return rc;
}
