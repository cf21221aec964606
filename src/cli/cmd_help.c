/* cmd_help.c - `tanlu help [COMMAND]`, the overview (`tanlu --help`) and
 * the layout every command's help text shares. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const char cli_help_help[] =
    "Usage: tanlu help [COMMAND]\n"
    "\n"
    "Show the help of COMMAND: what it does, its options, examples and the\n"
    "exit codes. Without COMMAND, list the commands.\n"
    "'tanlu COMMAND --help' shows the same text.\n"
    "\n"
    "Examples:\n"
    "  tanlu help run\n"
    "  tanlu check --help\n";

void cli_print_overview(FILE *f) {
  fprintf(f,
          "tanlu %s - solve OSeMOSYS energy models and turn the solution\n"
          "into a carbon-neutrality technology roadmap\n"
          "\n"
          "Usage: tanlu COMMAND [OPTIONS] [ARGUMENTS]\n"
          "       tanlu --help | --version\n"
          "\n"
          "Commands:\n",
          TANLU_VERSION);
  for (const cli_command *c = cli_commands; c->name; c++)
    fprintf(f, "  %-8s %s\n", c->name, c->summary);
  fprintf(f,
          "\n"
          "A MODEL is an OSeMOSYS model: a GNU MathProg data file (.txt or\n"
          ".dat, as OSeMOSYS ships them) or an otoole-style CSV folder (one\n"
          "CSV per set and per parameter). Roadmap extensions (gases,\n"
          "GHG caps, peak and net-zero years, technology catalogue) are\n"
          "optional parameters of the same form; 'tanlu run' writes the\n"
          "roadmap tables into OUTPUT/roadmap/ (docs/roadmap.md).\n"
          "\n"
          "Examples:\n"
          "  tanlu run data/utopia/utopia.txt -o results/utopia\n"
          "  tanlu run my_model/ --gwp AR6 --criticality -o results/mine\n"
          "  tanlu check my_model/\n"
          "  tanlu convert data/utopia/utopia.txt utopia_csv/\n"
          "\n"
          "'tanlu help COMMAND' or 'tanlu COMMAND --help' explains a "
          "command.\n"
          "\n"
          "Exit codes:\n");
  cli_print_exit_codes(f);
}

void cli_print_command_help(FILE *f, const cli_command *c) {
  fputs(c->help, f);
  fputs("\nExit codes:\n", f);
  cli_print_exit_codes(f);
}

int cli_cmd_help(int argc, char **argv) {
  static const cli_opt opts[] = {{NULL, 0, 0, 0}};
  cli_args a;
  const char *val, *topic = NULL;
  int id;
  cli_args_init(&a, "help", argc, argv);
  while ((id = cli_next_opt(&a, opts, &val)) != CLI_ARG_END) {
    if (id == CLI_ARG_ERROR) return CLI_EXIT_USAGE;
    if (id == CLI_ARG_HELP) {
      topic = "help";
    } else if (id == CLI_ARG_OPERAND) {
      if (topic) return cli_usage_error("help", "one command at a time");
      topic = val;
    }
  }
  if (!topic) {
    cli_print_overview(stdout);
    return CLI_EXIT_OK;
  }
  const cli_command *c = cli_find_command(topic);
  if (!c) return cli_usage_error("help", "no command named '%s'", topic);
  cli_print_command_help(stdout, c);
  return CLI_EXIT_OK;
}
