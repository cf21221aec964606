/* diag.c - the context: diagnostics about the input and the run, status
 * texts and the interrupt flag. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

const char *tl_status_str(tl_status s) {
  switch (s) {
    case TL_OK: return "ok";
    case TL_ERR_NOMEM: return "out of memory";
    case TL_ERR_IO: return "input/output error";
    case TL_ERR_PARSE: return "syntax error in the input";
    case TL_ERR_INVALID: return "invalid model data";
    case TL_ERR_ARG: return "bad argument";
    case TL_ERR_SOLVER: return "solver failure";
    case TL_ERR_INTERRUPTED: return "interrupted";
    case TL_ERR_UNSUPPORTED: return "not supported by this build";
    case TL_ERR_LIMIT: return "size limit exceeded";
  }
  return "unknown status";
}

const char *tl_solve_status_str(tl_solve_status s) {
  switch (s) {
    case TL_SOLVE_NOT_RUN: return "not solved";
    case TL_SOLVE_OPTIMAL: return "optimal";
    case TL_SOLVE_INFEASIBLE: return "infeasible";
    case TL_SOLVE_UNBOUNDED: return "unbounded";
    case TL_SOLVE_LIMIT: return "limit reached";
    case TL_SOLVE_ERROR: return "solver error";
  }
  return "unknown";
}

static volatile sig_atomic_t interrupt_flag = 0;
void tl_interrupt(void) { interrupt_flag = 1; }
void tl_interrupt_clear(void) { interrupt_flag = 0; }
int tl_interrupted(void) { return interrupt_flag != 0; }

tl_ctx *tl_ctx_new(void) {
  tl_ctx *c = tl_calloc(1, sizeof *c);
  if (c) c->max_stored = 10000;
  return c;
}

static void diag_free_strings(tl_diag *d) {
  tl_strfree((char *)d->file);
  tl_strfree((char *)d->param);
  tl_strfree((char *)d->index);
  tl_strfree((char *)d->value);
  tl_strfree((char *)d->message);
}

void tl_ctx_clear(tl_ctx *ctx) {
  if (!ctx) return;
  for (size_t i = 0; i < ctx->ndiag; i++) diag_free_strings(&ctx->diags[i]);
  ctx->ndiag = 0;
  memset(ctx->counts, 0, sizeof ctx->counts);
}

void tl_ctx_free(tl_ctx *ctx) {
  if (!ctx) return;
  tl_ctx_clear(ctx);
  tl_free(ctx->diags, ctx->capdiag * sizeof *ctx->diags);
  tl_free(ctx, sizeof *ctx);
}

void tl_ctx_set_diag_fn(tl_ctx *ctx, tl_diag_fn fn, void *ud) {
  ctx->fn = fn;
  ctx->ud = ud;
}

int tl_ctx_diag_count(const tl_ctx *ctx) { return (int)ctx->ndiag; }

const tl_diag *tl_ctx_diag(const tl_ctx *ctx, int i) {
  if (i < 0 || (size_t)i >= ctx->ndiag) return NULL;
  return &ctx->diags[i];
}

int tl_ctx_count(const tl_ctx *ctx, tl_severity sev) {
  if ((int)sev < 0 || (int)sev > 2) return 0;
  return ctx->counts[sev];
}

static char *dup_or_null(const char *s, int *oom) {
  if (!s) return NULL;
  char *d = tl_strdup(s);
  if (!d) *oom = 1;
  return d;
}

int tl_diagf(tl_ctx *ctx, tl_severity sev, const tl_loc *loc,
             const char *param, const char *index, const char *value,
             const char *fmt, ...) {
  if (!ctx) return 0;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ctx->counts[sev]++;
  /* A stack copy for the callback, whether or not it can be stored. */
  tl_diag tmp = {sev,
                 loc ? loc->file : NULL,
                 loc ? loc->line : 0,
                 loc ? loc->col : 0,
                 param,
                 index,
                 value,
                 msg};
  if (ctx->fn) ctx->fn(ctx->ud, &tmp);
  if (ctx->ndiag >= (size_t)ctx->max_stored) return 0;
  if (tl_grow((void **)&ctx->diags, &ctx->capdiag, ctx->ndiag + 1,
              sizeof *ctx->diags))
    return -1;
  int oom = 0;
  tl_diag d = tmp;
  d.file = dup_or_null(tmp.file, &oom);
  d.param = dup_or_null(param, &oom);
  d.index = dup_or_null(index, &oom);
  d.value = dup_or_null(value, &oom);
  d.message = dup_or_null(msg, &oom);
  if (oom) {
    diag_free_strings(&d);
    return -1;
  }
  ctx->diags[ctx->ndiag++] = d;
  return 0;
}

size_t tl_diag_format(const tl_diag *d, char *buf, size_t size) {
  static const char *const sev[] = {"notice", "warning", "error"};
  char where[600] = "";
  size_t w = 0;
  if (d->file) {
    if (d->line > 0 && d->column > 0)
      w = (size_t)snprintf(where, sizeof where, "%s:%d:%d: ", d->file,
                           d->line, d->column);
    else if (d->line > 0)
      w = (size_t)snprintf(where, sizeof where, "%s:%d: ", d->file, d->line);
    else
      w = (size_t)snprintf(where, sizeof where, "%s: ", d->file);
  }
  (void)w;
  char what[800] = "";
  if (d->param && d->index)
    snprintf(what, sizeof what, "%s[%s]: ", d->param, d->index);
  else if (d->param)
    snprintf(what, sizeof what, "%s: ", d->param);
  char val[300] = "";
  if (d->value) snprintf(val, sizeof val, "value '%s': ", d->value);
  int n = snprintf(buf, size, "%s%s: %s%s%s", where, sev[d->severity], what,
                   val, d->message ? d->message : "");
  return n < 0 ? 0 : (size_t)n;
}

void tl_ctx_add_diag(tl_ctx *ctx, const tl_diag *d) {
  if (!ctx || !d) return;
  tl_loc loc = {d->file, d->line, d->column};
  tl_diagf(ctx, d->severity, &loc, d->param, d->index, d->value, "%s",
           d->message ? d->message : "");
}
