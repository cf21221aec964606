/* write.c - the statistics of an ensemble and its CSV files:
 *
 *   members.csv      member,design,<parameter>...,status,objective
 *   outputs_long.csv member,output,index,value (optimal members, nonzero
 *                    values; an absent row is 0)
 *   summary.csv      output,index,members,mean,sd,min,p5,p50,p95,max
 *                    (optimal Latin hypercube members)
 *   targets.csv      target,met,members,probability
 *   sensitivity.csv  method,output,index,parameter,value (prcc from the
 *                    Latin hypercube; morris_mu_star, morris_mu,
 *                    morris_sigma from the Morris trajectories)
 *   ranks.csv        member,rank,start,iterations (how it was run)
 *
 * All but ranks.csv depend on the inputs and the seed only: rows in a
 * fixed order, numbers as %.10g, no times or run ids, so that two runs
 * compare byte for byte. Each file is written under a temporary name and
 * renamed when complete. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ensemble/ensemble.h"
#include "io/csv.h"

/* ---- CSV text ------------------------------------------------------------ */

static void put_num(tl_buf *b, double v) {
  if (isnan(v) || isinf(v)) return; /* empty field */
  if (v == 0) v = 0;                /* no "-0" */
  tl_buf_printf(b, "%.10g", v);
}

static void put_str(tl_buf *b, const char *s) {
  if (!tl_csv_needs_quotes(s) || !*s) {
    tl_buf_adds(b, s);
    return;
  }
  tl_buf_addc(b, '"');
  for (; *s; s++) {
    if (*s == '"') tl_buf_addc(b, '"');
    tl_buf_addc(b, *s);
  }
  tl_buf_addc(b, '"');
}

static int make_dir(tl_ctx *ctx, const char *dir) {
  char path[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof path) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "bad output folder name");
    return -1;
  }
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (path[i] != '/' && path[i] != '\0') continue;
    char keep = path[i];
    path[i] = '\0';
    if (mkdir(path, 0777) && errno != EEXIST) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
               "cannot create output folder: %s", strerror(errno));
      return -1;
    }
    path[i] = keep;
  }
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir,
             "output path is not a folder");
    return -1;
  }
  return 0;
}

/* Write b as dir/name: a temporary file, then a rename. */
static tl_status write_file(tl_ctx *ctx, const char *dir, const char *name,
                            tl_buf *b) {
  tl_buf fin, tmp;
  tl_buf_init(&fin);
  tl_buf_init(&tmp);
  tl_buf_printf(&fin, "%s/%s", dir, name);
  tl_buf_printf(&tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
  if (b->oom || fin.oom || tmp.oom) {
    tl_buf_free(&fin);
    tl_buf_free(&tmp);
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, name, "out of memory writing");
    return TL_ERR_NOMEM;
  }
  tl_status st = TL_ERR_IO;
  FILE *f = fopen(tl_buf_cstr(&tmp), "wb");
  if (!f) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&tmp),
             "cannot write: %s", strerror(errno));
    goto done;
  }
  int bad = b->len && fwrite(b->s, 1, b->len, f) != b->len;
  bad |= ferror(f) || fflush(f) || fsync(fileno(f));
  if (fclose(f)) bad = 1;
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&fin),
             "cannot write: %s", strerror(errno));
    remove(tl_buf_cstr(&tmp));
  } else if (rename(tl_buf_cstr(&tmp), tl_buf_cstr(&fin))) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&fin),
             "cannot rename into place: %s", strerror(errno));
    remove(tl_buf_cstr(&tmp));
  } else {
    st = TL_OK;
  }
done:
  tl_buf_free(&fin);
  tl_buf_free(&tmp);
  return st;
}

/* ---- the files ----------------------------------------------------------- */

typedef struct wctx {
  tl_ctx *ctx;
  tl_ensemble *e;
  int *ok; /* [nok] optimal Latin hypercube members */
  int nok;
  double *col; /* [max(ntotal, 1)] scratch */
  double *x;   /* [nok * k] their parameter values */
  tl_buf key;  /* scratch: an index text */
} wctx;

static const tl_ens_rec *rec(const tl_ensemble *e, int i) {
  return tl_ens_rec_at(e, i);
}

static int is_optimal(const tl_ensemble *e, int i) {
  return e->have[i] && rec(e, i)->status == TL_SOLVE_OPTIMAL;
}

static double value(const tl_ensemble *e, int i, int key) {
  return tl_ens_rec_values(tl_ens_rec_at(e, i))[key];
}

static const char *key_text(wctx *w, int key) {
  tl_buf_reset(&w->key);
  tl_ens_key_text(w->e->m, &w->e->keys[key], &w->key);
  return tl_buf_cstr(&w->key);
}

static void members_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  tl_buf_adds(b, "member,design");
  for (int j = 0; j < e->k; j++) {
    tl_buf_addc(b, ',');
    put_str(b, e->spec->params[j].name);
  }
  tl_buf_adds(b, ",status,objective\n");
  for (int i = 0; i < e->ntotal; i++) {
    const tl_ens_rec *r = rec(e, i);
    tl_buf_printf(b, "%d,%s", i, i < e->nlhs ? "lhs" : "morris");
    for (int j = 0; j < e->k; j++) {
      tl_buf_addc(b, ',');
      put_num(b, e->values[(size_t)i * (size_t)e->k + (size_t)j]);
    }
    tl_buf_printf(b, ",%s,", tl_ens_status_name(e->have[i] ? r->status : 0));
    if (is_optimal(e, i)) put_num(b, r->objective);
    tl_buf_addc(b, '\n');
  }
}

static void outputs_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  tl_buf_adds(b, "member,output,index,value\n");
  for (int i = 0; i < e->ntotal; i++) {
    if (!is_optimal(e, i)) continue;
    for (int q = 0; q < e->nkeys; q++) {
      double v = value(e, i, q);
      if (v == 0) continue;
      tl_buf_printf(b, "%d,%s,", i, tl_ens_outputs[e->keys[q].out].name);
      put_str(b, key_text(w, q));
      tl_buf_addc(b, ',');
      put_num(b, v);
      tl_buf_addc(b, '\n');
    }
  }
}

static int dbl_cmp(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a > b) - (a < b);
}

static void summary_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  tl_buf_adds(b, "output,index,members,mean,sd,min,p5,p50,p95,max\n");
  for (int q = 0; q < e->nkeys; q++) {
    int n = w->nok, any = e->keys[q].out == TL_EO_OBJECTIVE;
    double shift = 0, sum = 0, ss = 0, mean = NAN;
    for (int a = 0; a < n; a++) {
      w->col[a] = value(e, w->ok[a], q);
      any |= w->col[a] != 0;
    }
    if (!any) continue; /* zero in every member: nothing to say */
    /* around the first value: equal values give exactly their value and
     * a standard deviation of 0, not rounding noise */
    if (n) {
      shift = w->col[0];
      for (int a = 0; a < n; a++) sum += w->col[a] - shift;
      mean = shift + sum / n;
      for (int a = 0; a < n; a++) {
        double d = w->col[a] - shift - sum / n;
        ss += d * d;
      }
    }
    qsort(w->col, (size_t)n, sizeof *w->col, dbl_cmp);
    tl_buf_printf(b, "%s,", tl_ens_outputs[e->keys[q].out].name);
    put_str(b, key_text(w, q));
    tl_buf_printf(b, ",%d,", n);
    double stat[7] = {mean,
                      n >= 2 ? sqrt(ss / (n - 1)) : NAN,
                      n ? w->col[0] : NAN,
                      tl_ens_percentile(w->col, n, 0.05),
                      tl_ens_percentile(w->col, n, 0.50),
                      tl_ens_percentile(w->col, n, 0.95),
                      n ? w->col[n - 1] : NAN};
    for (int s = 0; s < 7; s++) {
      if (s) tl_buf_addc(b, ',');
      put_num(b, stat[s]);
    }
    tl_buf_addc(b, '\n');
  }
}

static int meets(double v, tl_ens_cmp c, double t) {
  switch (c) {
    case TL_CMP_LE: return v <= t;
    case TL_CMP_LT: return v < t;
    case TL_CMP_GE: return v >= t;
    case TL_CMP_GT: return v > t;
  }
  return 0;
}

static void targets_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  const tl_ens_spec *s = e->spec;
  tl_buf_adds(b, "target,met,members,probability\n");
  for (int t = 0; t < s->ntargets; t++) {
    int met = 0;
    for (int a = 0; a < w->nok; a++) {
      int all = 1;
      for (int q = 0; q < e->ntkeys[t] && all; q++)
        all = meets(value(e, w->ok[a], e->tkeys[t][q]), s->targets[t].cmp,
                    s->targets[t].value);
      met += all;
    }
    e->target_p[t] = w->nok ? (double)met / w->nok : NAN;
    put_str(b, s->targets[t].text);
    tl_buf_printf(b, ",%d,%d,", met, w->nok);
    put_num(b, e->target_p[t]);
    tl_buf_addc(b, '\n');
  }
}

static void sens_row(wctx *w, tl_buf *b, const char *method, int key, int j,
                     double v) {
  tl_ensemble *e = w->e;
  tl_buf_printf(b, "%s,%s,", method, tl_ens_outputs[e->keys[key].out].name);
  put_str(b, key_text(w, key));
  tl_buf_addc(b, ',');
  put_str(b, e->spec->params[j].name);
  tl_buf_addc(b, ',');
  put_num(b, v);
  tl_buf_addc(b, '\n');
}

/* Nonzero when y[0..n) holds more than one value. */
static int varies(const double *y, int n) {
  for (int a = 1; a < n; a++)
    if (y[a] != y[0]) return 1;
  return 0;
}

static int sensitivity_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  int k = e->k, np = e->nmorris, rc = -1;
  double *out = tl_malloc((size_t)k * 4 * sizeof *out);
  int *cnt = tl_malloc((size_t)k * sizeof *cnt);
  char *okm = tl_malloc((size_t)(np ? np : 1));
  double *ym = tl_malloc((size_t)(np ? np : 1) * sizeof *ym);
  if (!out || !cnt || !okm || !ym) goto done;
  tl_buf_adds(b, "method,output,index,parameter,value\n");
  for (int s = 0; s < e->nskeys; s++) {
    int key = e->skeys[s];
    if (e->o.sensitivity != TL_ENS_SENS_NONE) {
      for (int a = 0; a < w->nok; a++) w->col[a] = value(e, w->ok[a], key);
      if (varies(w->col, w->nok)) {
        if (tl_ens_prcc(w->nok, k, w->x, w->col, out)) goto done;
        for (int j = 0; j < k; j++) sens_row(w, b, "prcc", key, j, out[j]);
      }
    }
    if (np) {
      int nok = 0;
      for (int p = 0; p < np; p++) {
        int i = e->nlhs + p;
        okm[p] = (char)is_optimal(e, i);
        ym[p] = okm[p] ? value(e, i, key) : 0;
        if (okm[p]) w->col[nok++] = ym[p];
      }
      if (!varies(w->col, nok)) continue;
      tl_ens_morris_effects(k, e->r, e->mfactor, e->mstep, ym, okm, out,
                            out + k, out + 2 * (size_t)k, cnt);
      for (int j = 0; j < k; j++)
        sens_row(w, b, "morris_mu_star", key, j, out[k + j]);
      for (int j = 0; j < k; j++) sens_row(w, b, "morris_mu", key, j, out[j]);
      for (int j = 0; j < k; j++)
        sens_row(w, b, "morris_sigma", key, j, out[2 * k + j]);
    }
  }
  rc = 0;
done:
  tl_free(out, (size_t)k * 4 * sizeof *out);
  tl_free(cnt, (size_t)k * sizeof *cnt);
  tl_free(okm, (size_t)(np ? np : 1));
  tl_free(ym, (size_t)(np ? np : 1) * sizeof *ym);
  return rc;
}

static void ranks_csv(wctx *w, tl_buf *b) {
  tl_ensemble *e = w->e;
  tl_buf_adds(b, "member,rank,start,iterations\n");
  for (int i = 0; i < e->ntotal; i++) {
    const tl_ens_rec *r = rec(e, i);
    if (!e->have[i]) {
      tl_buf_printf(b, "%d,,,\n", i);
      continue;
    }
    int solved = r->status != TL_SOLVE_NOT_RUN && r->status != TL_ENS_INVALID;
    tl_buf_printf(b, "%d,%d,%s,%lld\n", i, r->rank,
                  !solved   ? ""
                  : r->warm ? "warm"
                            : "cold",
                  (long long)r->iterations);
  }
}

tl_status tl_ens_write(tl_ctx *ctx, tl_ensemble *e, const char *dir) {
  wctx w;
  memset(&w, 0, sizeof w);
  tl_buf_init(&w.key);
  w.ctx = ctx, w.e = e;
  tl_buf b;
  tl_buf_init(&b);
  tl_status st = TL_ERR_NOMEM;
  int nt = e ? e->spec->ntargets : 0;
  size_t ncol = (size_t)(e && e->ntotal ? e->ntotal : 1);
  if (!e || !dir) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_ens_write: needs an ensemble and a folder");
    return TL_ERR_ARG;
  }
  if (make_dir(ctx, dir)) return TL_ERR_IO;
  w.ok = tl_malloc((size_t)(e->nlhs ? e->nlhs : 1) * sizeof *w.ok);
  w.col = tl_malloc(ncol * sizeof *w.col);
  w.x = tl_malloc((size_t)e->nlhs * (size_t)e->k * sizeof *w.x);
  if (!e->target_p)
    e->target_p = tl_calloc((size_t)(nt ? nt : 1), sizeof *e->target_p);
  if (!w.ok || !w.col || !w.x || !e->target_p) goto oom;
  for (int i = 0; i < e->nlhs; i++)
    if (is_optimal(e, i)) {
      memcpy(w.x + (size_t)w.nok * (size_t)e->k,
             e->values + (size_t)i * (size_t)e->k, (size_t)e->k * sizeof *w.x);
      w.ok[w.nok++] = i;
    }
  static const char *const names[] = {"members.csv",     "outputs_long.csv",
                                      "summary.csv",     "targets.csv",
                                      "sensitivity.csv", "ranks.csv"};
  for (int f = 0; f < 6; f++) {
    tl_buf_reset(&b);
    switch (f) {
      case 0: members_csv(&w, &b); break;
      case 1: outputs_csv(&w, &b); break;
      case 2: summary_csv(&w, &b); break;
      case 3: targets_csv(&w, &b); break;
      case 4:
        if (sensitivity_csv(&w, &b)) goto oom;
        break;
      case 5: ranks_csv(&w, &b); break;
    }
    if (w.key.oom) goto oom;
    if ((st = write_file(ctx, dir, names[f], &b)) != TL_OK) goto done;
  }
  st = TL_OK;
  goto done;
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir,
           "out of memory writing the ensemble's files");
  st = TL_ERR_NOMEM;
done:
  tl_buf_free(&b);
  tl_buf_free(&w.key);
  tl_free(w.ok, (size_t)(e->nlhs ? e->nlhs : 1) * sizeof *w.ok);
  tl_free(w.col, ncol * sizeof *w.col);
  tl_free(w.x, (size_t)e->nlhs * (size_t)e->k * sizeof *w.x);
  return st;
}
