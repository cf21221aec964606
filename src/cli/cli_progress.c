/* cli_progress.c - the progress line: one line on stderr, redrawn in place
 * ("\r" and erase to the end of the line), that names the stage a command
 * is in and, while solving, the solver's iterations and objective. Drawn
 * only on a terminal; in pipes, logs and CI every call does nothing. */
#define _DEFAULT_SOURCE /* TIOCGWINSZ */

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"

/* One terminal, one line: the state is the process's, like the signal
 * flag in cli_util.c. */
static struct {
  int on;          /* drawing at all */
  int shown;       /* a line is on the screen */
  int mip;         /* the solve being shown is a branch and bound */
  const char *cmd; /* "run": the line starts "tanlu run: " */
  char stage[160]; /* "reading model.txt", "solving", ... */
} line;

static int terminal_width(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
    return ws.ws_col;
  return 80;
}

/* Draw "tanlu CMD: STAGE[: detail]", cut to the terminal's width so that
 * it never wraps (a wrapped line cannot be erased with "\r"). */
static void draw(const char *detail) {
  char buf[512];
  size_t width = (size_t)terminal_width() - 1, n;
  int len = snprintf(buf + 1, sizeof buf - 8, "tanlu %s: %s%s%s", line.cmd,
                     line.stage, detail ? ": " : "", detail ? detail : "");
  if (len < 0) return;
  n = (size_t)len < sizeof buf - 9 ? (size_t)len : sizeof buf - 9;
  if (n > width) n = width;
  buf[0] = '\r';
  /* erase what a longer line left (the terminator is not written) */
  memcpy(buf + 1 + n, "\033[K", 4);
  ssize_t w = write(STDERR_FILENO, buf, n + 4);
  (void)w; /* a progress line that cannot be drawn is no error */
  line.shown = 1;
}

void cli_progress_start(const char *cmd, cli_verbosity v) {
  const char *term = getenv("TERM"), *ci = getenv("CI");
  memset(&line, 0, sizeof line);
  line.cmd = cmd;
  /* --verbose shows the solver's own log and the notices instead */
  line.on = v == CLI_NORMAL && isatty(STDERR_FILENO) && !(ci && *ci) && term &&
            *term && strcmp(term, "dumb") != 0;
}

void cli_progress_stage(const char *fmt, ...) {
  if (!line.on) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line.stage, sizeof line.stage, fmt, ap);
  va_end(ap);
  draw(NULL);
}

void cli_progress_clear(void) {
  if (!line.shown) return;
  ssize_t w = write(STDERR_FILENO, "\r\033[K", 4);
  (void)w;
  line.shown = 0;
}

static const char *phase_name(tl_progress_phase p) {
  switch (p) {
    case TL_PROGRESS_PRIMAL: return "primal simplex";
    case TL_PROGRESS_DUAL: return "dual simplex";
    case TL_PROGRESS_BARRIER: return "barrier";
    case TL_PROGRESS_MIP: return "branch and bound";
    case TL_PROGRESS_START:
    case TL_PROGRESS_DONE: break;
  }
  return "";
}

/* The tl_progress_fn: "dual simplex, iteration 1234, objective 5.6e+07,
 * 3.2 s"; at the end "done, 2345 iterations, objective ..., 4.0 s". */
static void on_progress(void *ud, const tl_progress *p) {
  char detail[200], obj[48] = "";
  (void)ud;
  if (!line.on) return;
  if (p->phase == TL_PROGRESS_START) line.mip = 0;
  if (p->phase == TL_PROGRESS_MIP) line.mip = 1;
  if (!isnan(p->objective))
    snprintf(obj, sizeof obj, ", %s %.8g", line.mip ? "best" : "objective",
             p->objective);
  if (p->phase == TL_PROGRESS_START)
    snprintf(detail, sizeof detail, "starting the solver");
  else if (p->phase == TL_PROGRESS_DONE)
    snprintf(detail, sizeof detail, "done, %ld %s%s, %.1f s", p->iterations,
             line.mip ? (p->iterations == 1 ? "node" : "nodes")
                      : (p->iterations == 1 ? "iteration" : "iterations"),
             obj, p->seconds);
  else
    snprintf(detail, sizeof detail, "%s, %s %ld%s, %.1f s",
             phase_name(p->phase), line.mip ? "node" : "iteration",
             p->iterations, obj, p->seconds);
  draw(detail);
}

void cli_progress_attach(tl_solve_options *o) {
  if (!line.on) return;
  o->progress = on_progress;
  o->progress_ud = NULL;
}
