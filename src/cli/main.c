/* main.c - the tanlu program: global options and dispatch to one
 * sub-command per file (cmd_*.c). Uses only the public header. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_outputs.h"

int cli_cmd_ensemble(int argc, char **argv); /* cmd_ensemble.c */
extern const char cli_ensemble_help[];
int cli_cmd_park(int argc, char **argv); /* cmd_park.c */
extern const char cli_park_help[];

const cli_command cli_commands[] = {
    {"run", "read, check, build and solve a model; write the result CSVs",
     cli_run_help, cli_cmd_run},
    {"check", "read and validate a model; report every problem found",
     cli_check_help, cli_cmd_check},
    {"build", "read, validate and build the LP without solving it",
     cli_build_help, cli_cmd_build},
    {"convert", "convert a model between a CSV folder and a data file",
     cli_convert_help, cli_cmd_convert},
    {"ensemble", "solve a model many times with uncertain parameters", cli_ensemble_help, cli_cmd_ensemble},
    {"runs", "list the runs recorded in the run store", cli_runs_help, cli_cmd_runs},
    {"diff", "compare two recorded runs: inputs and key results", cli_diff_help, cli_cmd_diff},
    {"export", "write a recorded run's results as CSV or IAMC", cli_export_help, cli_cmd_export},
    {"report", "write the HTML report of one or two result folders", cli_report_help, cli_cmd_report},
    {"park", "score a park model's run against the zero-carbon park criteria",
     cli_park_help, cli_cmd_park},
    {"help", "show the help of a command", cli_help_help, cli_cmd_help},
    {NULL, NULL, NULL, NULL}};

const cli_command *cli_find_command(const char *name) {
  for (const cli_command *c = cli_commands; c->name; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

static int unknown_command(const char *name) {
  const char *best = NULL;
  int bestd = 3;
  for (const cli_command *c = cli_commands; c->name; c++) {
    int d = cli_edit_distance(name, c->name, bestd);
    if (d < bestd) {
      bestd = d;
      best = c->name;
    }
  }
  if (best)
    return cli_usage_error(NULL, "unknown command '%s' (did you mean '%s'?)",
                           name, best);
  return cli_usage_error(NULL, "unknown command '%s'", name);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    cli_print_overview(stderr);
    return CLI_EXIT_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
    cli_print_overview(stdout);
    return CLI_EXIT_OK;
  }
  if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
    printf("tanlu %s\n", TANLU_VERSION);
    return CLI_EXIT_OK;
  }
  if (first[0] == '-')
    return cli_usage_error(NULL,
                           "unknown option '%s' (options follow the "
                           "command, e.g. 'tanlu run MODEL -o DIR')",
                           first);
  const cli_command *c = cli_find_command(first);
  if (!c) return unknown_command(first);
  return c->run(argc - 1, argv + 1);
}
