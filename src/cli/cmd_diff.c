/* cmd_diff.c - `tanlu diff RUN_A RUN_B`: what changed between two recorded
 * runs - the run's settings, its input files and model values, and its key
 * results - one line per change, largest first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_outputs.h"

const char cli_diff_help[] =
    "Usage: tanlu diff RUN_A RUN_B [OPTIONS]\n"
    "\n"
    "Compare two runs of the run store: the settings that differ (scenario,\n"
    "solver, options, status, objective), the input files whose SHA-256\n"
    "differs, the model values that changed (per parameter: how many entries\n"
    "changed, were added or removed, and the first of them), and the key\n"
    "results (per table: values changed, only in one run, the sums, and the\n"
    "largest changes). Key tables: TotalDiscountedCost, AnnualEmissions,\n"
    "TotalCapacityAnnual, NewCapacity, ProductionByTechnologyAnnual and the\n"
    "roadmap's Targets, CarbonPrice, PhaseDecomposition, MaturityStatistics,\n"
    "InnovationGap. A value absent from a result table is zero.\n"
    "\n"
    "RUN is an id (12), last, last~N (N runs before the last) or a uid\n"
    "prefix of at least 6 hex digits (tanlu runs lists them).\n"
    "\n"
    "Options:\n"
    "      --db PATH       the run store (default: $TANLU_DB, else tanlu.db)\n"
    "      --all           compare every result table, not only the key ones\n"
    "      --table NAME    compare only this table (AnnualEmissions,\n"
    "                      roadmap/Targets, iamc, ...)\n"
    "      --top N         changes listed per table and parameter (default "
    "10)\n"
    "      --tol REL       relative tolerance below which values are equal\n"
    "                      (default 1e-6; plus an absolute 1e-9)\n"
    "  -q, --quiet         print errors only\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu diff 1 2\n"
    "  tanlu diff last~1 last --top 20\n"
    "  tanlu diff 3 7 --table roadmap/PhaseDecomposition\n";

enum { OPT_DB = 1, OPT_ALL, OPT_TABLE, OPT_TOP, OPT_TOL, OPT_QUIET };

static const cli_opt diff_opts[] = {{"--db", 0, 1, OPT_DB},
                                    {"--all", 0, 0, OPT_ALL},
                                    {"--table", 0, 1, OPT_TABLE},
                                    {"--top", 0, 1, OPT_TOP},
                                    {"--tol", 0, 1, OPT_TOL},
                                    {"--quiet", 'q', 0, OPT_QUIET},
                                    {NULL, 0, 0, 0}};

static void put_num(double v, int is_default) {
  if (isnan(v))
    fputs("-", stdout);
  else
    printf("%.10g", v);
  if (is_default) fputs(" (default)", stdout);
}

/* "a -> b", text or numbers, with the relative change of numbers. */
static void put_change(const tl_diff_item *it) {
  if (it->text_a || it->text_b) {
    printf("%s -> %s", it->text_a ? it->text_a : "-",
           it->text_b ? it->text_b : "-");
    return;
  }
  put_num(it->a, it->a_default);
  fputs(" -> ", stdout);
  put_num(it->b, it->b_default);
  if (!isnan(it->a) && !isnan(it->b) && it->a != 0)
    printf("  (%+.3g%%)", 100 * (it->b - it->a) / fabs(it->a));
}

typedef struct diff_out {
  tl_diff_kind last;
  int any_input, headed;
} diff_out;

static int print_item(void *ud, const tl_diff_item *it) {
  diff_out *o = ud;
  switch (it->kind) {
    case TL_DIFF_RUN:
      printf("%-12s", it->name);
      put_change(it);
      putchar('\n');
      break;
    case TL_DIFF_FILE:
      if (o->last != TL_DIFF_FILE) puts("input files");
      printf("  %-40s %s\n", it->name,
             !it->text_a   ? "only in B"
             : !it->text_b ? "only in A"
                           : "changed");
      break;
    case TL_DIFF_INPUTS:
      if (!o->any_input++) puts("model values");
      printf("  %s: %lld changed, %lld only in A, %lld only in B\n", it->name,
             (long long)it->changed, (long long)it->only_a,
             (long long)it->only_b);
      break;
    case TL_DIFF_INPUT:
      printf("    %s[%s]  ", it->name, it->key);
      put_change(it);
      putchar('\n');
      break;
    case TL_DIFF_TABLE:
      if (!o->headed++) puts("results");
      printf("  %s: ", it->name);
      if (isnan(it->a) || isnan(it->b)) {
        printf("only in run %s\n", isnan(it->a) ? "B" : "A");
        break;
      }
      printf("%lld changed, %lld only in A, %lld only in B, %lld equal; sum ",
             (long long)it->changed, (long long)it->only_a,
             (long long)it->only_b, (long long)it->same);
      put_change(it);
      putchar('\n');
      break;
    case TL_DIFF_RESULT:
      printf("    [%s] %s  ", it->key, it->column);
      put_change(it);
      putchar('\n');
      break;
  }
  o->last = it->kind;
  return 0;
}

/* "  A  12  2026-...  scenario  model" */
typedef struct head {
  int64_t id;
  int found;
} head;

static int print_head(void *ud, const tl_store_run *r) {
  head *h = ud;
  if (r->id != h[0].id && r->id != h[1].id) return 0;
  for (int k = 0; k < 2; k++)
    if (r->id == h[k].id && !h[k].found) {
      h[k].found = 1;
      printf("run %c       %lld  %s  %s  %s  %s\n", k ? 'B' : 'A',
             (long long)r->id, r->recorded, r->scenario,
             r->interrupted ? "interrupted" : tl_solve_status_str(r->status),
             r->model_path ? r->model_path : "-");
    }
  return 0;
}

int cli_cmd_diff(int argc, char **argv) {
  cli_args a;
  const char *val, *db = NULL, *refs[2] = {NULL, NULL};
  int id, nref = 0;
  cli_verbosity verb = CLI_NORMAL;
  cli_diag_sink sink;
  tl_diff_options o;
  tl_diff_options_init(&o);
  cli_args_init(&a, "diff", argc, argv);
  while ((id = cli_next_opt(&a, diff_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("diff"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (nref == 2)
          return cli_usage_error("diff", "two runs at a time ('%s' is a third)",
                                 val);
        refs[nref++] = val;
        break;
      case OPT_DB: db = val; break;
      case OPT_ALL: o.all_tables = 1; break;
      case OPT_TABLE: o.table = val; break;
      case OPT_TOP:
        if (cli_parse_int(&a, val, 0, 1000000, &o.top)) return CLI_EXIT_USAGE;
        break;
      case OPT_TOL: {
        char *end = NULL;
        double t = strtod(val, &end);
        if (end == val || *end || !(t >= 0) || t > 1)
          return cli_usage_error(
              "diff", "option '--tol' needs a number from 0 to 1, not '%s'",
              val);
        o.rel_tol = t;
        break;
      }
      case OPT_QUIET: verb = CLI_QUIET; break;
      default: return cli_usage_error("diff", "unhandled option");
    }
  }
  if (nref < 2)
    return cli_usage_error("diff", "which two runs? (tanlu diff RUN_A RUN_B)");
  db = cli_store_path(db);
  tl_ctx *ctx = cli_ctx_new(&sink, verb, "diff");
  if (!ctx) return CLI_EXIT_NOMEM;
  head h[2];
  memset(h, 0, sizeof h);
  int rc = cli_store_find("diff", ctx, db, refs[0], &h[0].id);
  if (rc == CLI_EXIT_OK)
    rc = cli_store_find("diff", ctx, db, refs[1], &h[1].id);
  if (rc == CLI_EXIT_OK) {
    diff_out out;
    memset(&out, 0, sizeof out);
    out.last = (tl_diff_kind)-1;
    tl_status st = tl_store_list(ctx, db, print_head, h);
    if (st == TL_OK)
      st = tl_store_diff(ctx, db, h[0].id, h[1].id, &o, print_item, &out);
    if (st != TL_OK) {
      fprintf(stderr, "tanlu diff: cannot compare runs %lld and %lld: %s\n",
              (long long)h[0].id, (long long)h[1].id, tl_status_str(st));
      rc = cli_store_exit(st);
    }
  }
  cli_diag_flush(&sink);
  tl_ctx_free(ctx);
  return rc;
}
