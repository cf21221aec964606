/* criticality.c - Criticality.csv: for each non-conventional technology
 * the pathway deploys, the total discounted cost (or the infeasibility)
 * of the pathway when the technology is unavailable (no new capacity in
 * any year or region) and when it is ten years late (no new capacity
 * before its first commercial year + 10), ranked: the bottleneck
 * technologies first.
 *
 * Each case is the pathway's LP with other bounds on the technology's
 * NewCapacity columns, warm-started from the pathway's solution (Clp;
 * other solvers start cold), solved in a child process (fork) so that up
 * to `jobs` solves run at once; a child sends its verdict through a pipe
 * and ends with _exit. Without fork (or with one job) they run in turn. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "tanlu_ensemble.h"

enum { CASE_UNAVAILABLE = 0, CASE_LATE = 1 };

#define MAX_JOBS 256 /* child processes at once, at most */

/* Outcome of one case, as a child sends it. */
typedef struct outcome {
  int status; /* tl_solve_status, or -1 when the solve failed */
  double objective;
} outcome;

typedef struct cand {
  int t;
  int first;       /* first model year (position) deployed, any region */
  double late_from; /* calendar year from which it may be built when late */
  outcome res[2];
  double bad[2];   /* for the ranking: infinite when not optimal */
} cand;

/* Solve the pathway's LP with technology c->t held back in case k. */
static outcome solve_case(const tl_an *a, const cand *c, int k) {
  outcome o = {-1, NAN};
  const tl_lp *lp = a->run.lp;
  const tl_build *b = a->run.b;
  size_t n = (size_t)lp->ncols;
  double *lb = tl_malloc(n * sizeof *lb), *ub = tl_malloc(n * sizeof *ub);
  tl_ctx *ctx = tl_ctx_new();
  tl_solution *s = NULL;
  if (!lb || !ub || !ctx) goto done;
  memcpy(lb, lp->collb, n * sizeof *lb);
  memcpy(ub, lp->colub, n * sizeof *ub);
  for (int r = 0; r < b->R; r++)
    for (int y = 0; y < b->Y; y++)
      if (k == CASE_UNAVAILABLE || b->yv[y] < c->late_from) {
        int j = tl_build_newcap(b, r, c->t, y);
        lb[j] = ub[j] = 0;
      }
  tl_lp w = *lp; /* the same LP but for the bounds */
  w.collb = lb;
  w.colub = ub;
  tl_solve_options so = a->o.solve;
  so.progress = NULL; /* often in a child: the caller's display is not ours */
  if (tl_lp_solve_from(ctx, &w, &so, a->run.s, &s) == TL_OK) {
    o.status = (int)s->status;
    o.objective = s->objective;
  }
done:
  tl_solution_free(s);
  tl_ctx_free(ctx);
  tl_free(lb, n * sizeof *lb);
  tl_free(ub, n * sizeof *ub);
  return o;
}

/* Cases whose answer is known without solving: a technology that is late
 * only after the pathway first builds it costs the same. */
static int known(const tl_an *a, const cand *c, int k, outcome *o) {
  if (k != CASE_LATE || a->run.b->yv[c->first] < c->late_from) return 0;
  o->status = TL_SOLVE_OPTIMAL;
  o->objective = a->run.s->objective;
  return 1;
}

typedef struct child {
  pid_t pid;
  int fd;
  int job; /* 2 * candidate + case */
} child;

static void stop_children(child *run, int n) {
  if (!run) return;
  for (int i = 0; i < n; i++) {
    kill(run[i].pid, SIGTERM);
    close(run[i].fd);
    waitpid(run[i].pid, NULL, 0);
  }
}

/* Start job in a child; 0, or -1 when fork or pipe failed. */
static int start(const tl_an *a, const cand *cs, int job, child *ch) {
  int p[2];
  if (pipe(p)) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (pid == 0) {
    close(p[0]);
    outcome o = solve_case(a, &cs[job / 2], job % 2);
    const char *q = (const char *)&o;
    size_t left = sizeof o;
    while (left > 0) {
      ssize_t w = write(p[1], q, left);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      q += w;
      left -= (size_t)w;
    }
    _exit(0); /* a forked child ends here, without the parent's atexit */
  }
  close(p[1]);
  ch->pid = pid;
  ch->fd = p[0];
  ch->job = job;
  return 0;
}

/* Read a finished child's outcome and reap it. */
static outcome finish(child *ch) {
  outcome o = {-1, NAN};
  char *q = (char *)&o;
  size_t got = 0;
  while (got < sizeof o) {
    ssize_t n = read(ch->fd, q + got, sizeof o - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  if (got != sizeof o) o.status = -1, o.objective = NAN;
  close(ch->fd);
  while (waitpid(ch->pid, NULL, 0) < 0 && errno == EINTR) {
  }
  return o;
}

/* Run every job: in up to `jobs` children, or in this process. 0, or -2
 * when interrupted. */
static int run_jobs(tl_an *a, cand *cs, int ncand) {
  int njobs = 2 * ncand, next = 0, nrun = 0;
  int par = a->o.jobs < MAX_JOBS ? a->o.jobs : MAX_JOBS;
  int cap = par;
  child *run = par > 1 ? tl_calloc((size_t)cap, sizeof *run) : NULL;
  if (par > 1 && !run) par = 1;
  while (next < njobs || nrun > 0) {
    if (tl_interrupted()) {
      stop_children(run, nrun);
      tl_free(run, (size_t)cap * sizeof *run);
      return -2;
    }
    while (next < njobs && (par <= 1 || nrun < par)) {
      int job = next++;
      cand *c = &cs[job / 2];
      if (known(a, c, job % 2, &c->res[job % 2])) continue;
      if (par > 1 && start(a, cs, job, &run[nrun]) == 0) {
        nrun++;
        continue;
      }
      c->res[job % 2] = solve_case(a, c, job % 2); /* in this process */
      if (tl_interrupted()) break;
    }
    if (nrun == 0) continue;
    struct pollfd pf[MAX_JOBS];
    int np = nrun > MAX_JOBS ? MAX_JOBS : nrun;
    if (np <= 0) continue;
    for (int i = 0; i < np; i++) {
      pf[i].fd = run[i].fd;
      pf[i].events = POLLIN;
      pf[i].revents = 0;
    }
    if (poll(pf, (nfds_t)(unsigned)np, 200) <= 0) continue;
    for (int i = np - 1; i >= 0; i--) {
      if (!pf[i].revents) continue;
      outcome o = finish(&run[i]);
      cs[run[i].job / 2].res[run[i].job % 2] = o;
      run[i] = run[--nrun];
    }
  }
  tl_free(run, (size_t)cap * sizeof *run);
  return 0;
}

static const char *status_text(int s) {
  switch (s) {
    case TL_SOLVE_OPTIMAL: return "optimal";
    case TL_SOLVE_INFEASIBLE: return "infeasible";
    case TL_SOLVE_UNBOUNDED: return "unbounded";
    case TL_SOLVE_LIMIT: return "limit";
    default: return "error";
  }
}

/* Badness of an outcome for the ranking: infeasible (or failed) first,
 * then the cost increase. */
static double badness(const outcome *o, double base) {
  if (o->status != TL_SOLVE_OPTIMAL) return HUGE_VAL;
  return o->objective - base;
}

static int by_rank(const void *x, const void *y) {
  const cand *p = x, *q = y;
  for (int k = 0; k < 2; k++)
    if (p->bad[k] != q->bad[k]) return p->bad[k] > q->bad[k] ? -1 : 1;
  return p->t < q->t ? -1 : p->t > q->t;
}

static void put(tl_an_table *t, const outcome *o, double base) {
  tl_an_str(t, status_text(o->status));
  int ok = o->status == TL_SOLVE_OPTIMAL;
  tl_an_num(t, ok ? o->objective : NAN);
  tl_an_num(t, ok ? o->objective - base : NAN);
  tl_an_num(t, ok && base != 0 ? (o->objective - base) / fabs(base) * 100 : NAN);
}

int tl_an_criticality(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  if (!a->o.criticality) {
    tl_an_notice(a, TL_AN_CRITICALITY,
                 "not asked for: run with --criticality (two re-solves per "
                 "deployed technology)");
    return 0;
  }
  cand *cs = tl_calloc((size_t)(u->T ? u->T : 1), sizeof *cs);
  if (!cs) return -1;
  int n = 0;
  for (int t = 0; t < u->T; t++) {
    if (b->ri.category[t] == TL_CAT_CONVENTIONAL) continue;
    int first = -1;
    for (int r = 0; r < u->R; r++) {
      int d = tl_an_first_deployed(u, r, t, a->o.scale_share);
      if (d >= 0 && (first < 0 || d < first)) first = d;
    }
    if (first < 0) continue;
    int ready = tl_an_ready_year(m, t, u->Y);
    cand *c = &cs[n++];
    c->t = t;
    c->first = first;
    c->late_from = (ready >= 0 ? b->yv[ready] : b->yv[0]) + 10;
  }
  if (!n) {
    tl_an_notice(a, TL_AN_CRITICALITY,
                 "the pathway deploys no technology of a category other than "
                 "conventional");
    tl_free(cs, (size_t)(u->T ? u->T : 1) * sizeof *cs);
    return 0;
  }
  if (run_jobs(a, cs, n)) {
    tl_free(cs, (size_t)(u->T ? u->T : 1) * sizeof *cs);
    return -2;
  }
  double base = u->s->objective;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 2; k++) cs[i].bad[k] = badness(&cs[i].res[k], base);
  qsort(cs, (size_t)n, sizeof *cs, by_rank);
  tl_an_table *tab = &a->rm->tab[TL_AN_CRITICALITY];
  for (int i = 0; i < n; i++) {
    const cand *c = &cs[i];
    tl_an_int(tab, i + 1);
    tl_an_str(tab, tl_an_name(m, TL_TECHNOLOGY, c->t));
    tl_an_str(tab, tl_category_name(b->ri.category[c->t]));
    tl_an_str(tab, tl_an_name(m, TL_YEAR, c->first));
    tl_an_num(tab, base);
    put(tab, &c->res[CASE_UNAVAILABLE], base);
    tl_an_num(tab, c->late_from);
    put(tab, &c->res[CASE_LATE], base);
    tl_an_endrow(tab);
  }
  tl_free(cs, (size_t)(u->T ? u->T : 1) * sizeof *cs);
  return 0;
}
