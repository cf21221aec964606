/* run.c - solving an ensemble's members: the base solve (the source of the
 * warm starts), then the members of this rank, each a full validate,
 * build and solve. With more than one job, worker processes (fork) take
 * members from a counter in shared memory and write their results into
 * shared slots; members are independent and each starts from the same
 * base basis, so results do not depend on which worker or rank solved
 * them. */
#define _DEFAULT_SOURCE /* fork, mmap's MAP_ANONYMOUS, getrusage */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ensemble/ensemble.h"

/* Member diagnostics passed on to the caller's context, at most. */
#define TL_ENS_MAX_FORWARD 3

/* Marks a slot a worker has taken but not finished. */
#define TL_ENS_STARTED (-2)

/* Nonzero when two LPs built from the same model have the same rows and
 * columns in the same order (only their numbers differ), so that a basis
 * of one is a basis of the other. */
static int same_shape(const tl_lp *a, const tl_lp *b) {
  if (a->nrows != b->nrows || a->ncols != b->ncols) return 0;
  size_t r = (size_t)a->nrows, c = (size_t)a->ncols, w = TL_LP_MAXIX;
  if (memcmp(a->rowfam, b->rowfam, r) != 0 ||
      memcmp(a->colfam, b->colfam, c) != 0)
    return 0;
  /* positions beyond a family's indices are not set: compare the used */
  for (size_t i = 0; i < r; i++)
    if (memcmp(a->rowix + i * w, b->rowix + i * w,
               (size_t)a->rowfams[a->rowfam[i]].nidx * sizeof *a->rowix) != 0)
      return 0;
  for (size_t j = 0; j < c; j++)
    if (memcmp(a->colix + j * w, b->colix + j * w,
               (size_t)a->colfams[a->colfam[j]].nidx * sizeof *a->colix) != 0)
      return 0;
  return 1;
}

/* Pass a member's errors and warnings on to ctx as warnings naming it. */
static void forward(tl_ctx *ctx, tl_ctx *mc, int i) {
  int n = tl_ctx_diag_count(mc), shown = 0, more = 0;
  for (int q = 0; q < n; q++) {
    const tl_diag *d = tl_ctx_diag(mc, q);
    if (d->severity == TL_NOTICE) continue;
    if (shown == TL_ENS_MAX_FORWARD) {
      more++;
      continue;
    }
    char line[768];
    tl_diag_format(d, line, sizeof line);
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL, "member %d: %s", i, line);
    shown++;
  }
  if (more)
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "member %d: %d more messages", i, more);
}

int tl_ens_solve_member(tl_ctx *ctx, tl_ensemble *e, int i, int rank,
                        tl_ens_rec *rec) {
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_status st;
  int interrupted = 0;
  memset(rec, 0, e->recsize);
  rec->member = i;
  rec->rank = rank;
  rec->status = TL_ENS_FAILED;
  rec->objective = NAN;
  tl_ctx *mc = tl_ctx_new(); /* the member's messages, passed on below */
  if (!mc) {
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "member %d: out of memory", i);
    return 0;
  }
  tl_ens_apply(e, i);
  if (tl_model_validate(mc, e->m) != TL_OK) {
    rec->status = TL_ENS_INVALID;
    goto done;
  }
  st = tl_lp_build(mc, e->m, &e->o.build, &lp);
  if (st == TL_ERR_INTERRUPTED) goto interrupted;
  if (st != TL_OK) goto done;
  int warm = e->o.warm_start && e->base_ok && same_shape(e->base_lp, lp);
  st = tl_lp_solve_basis(mc, lp, &e->o.solve, warm ? e->base_basis : NULL,
                         warm ? e->base_sol->x : NULL, &sol, NULL);
  if (st == TL_ERR_INTERRUPTED) goto interrupted;
  if (st != TL_OK) goto done;
  rec->warm = warm;
  rec->iterations = sol->iterations;
  rec->status = (int32_t)sol->status;
  if (sol->status == TL_SOLVE_OPTIMAL) {
    rec->objective = sol->objective;
    if (tl_ens_collect(mc, e->m, lp, sol, e->keys, e->nkeys,
                       tl_ens_rec_values(rec))) {
      tl_diagf(mc, TL_ERROR, NULL, NULL, NULL, NULL,
               "out of memory collecting the outputs");
      rec->status = TL_ENS_FAILED;
      rec->objective = NAN;
    }
  }
  goto done;
interrupted:
  rec->status = TL_SOLVE_NOT_RUN;
  interrupted = 1;
done:
  forward(ctx, mc, i);
  tl_solution_free(sol);
  tl_lp_free(lp);
  tl_ctx_free(mc);
  return interrupted ? -1 : 0;
}

/* ---- how many processes -------------------------------------------------- */

/* Bytes of memory available for new processes (MemAvailable), or 0. */
static double available_memory(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  char line[256];
  double v = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "MemAvailable:", 13) != 0) continue;
    const char *p = line + 13;
    while (*p == ' ' || *p == '\t') p++;
    size_t n = 0;
    while (p[n] >= '0' && p[n] <= '9') n++;
    long kb;
    if (n && !tl_parse_long(p, n, 0, 0x7fffffffffffffffL, &kb))
      v = (double)kb * 1024;
    break;
  }
  if (f) fclose(f);
  if (v <= 0) {
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages > 0 && size > 0) v = (double)pages * (double)size;
  }
  return v;
}

/* Workers for nm members: jobs when given, else the online CPUs; fewer
 * when the available memory holds fewer solves of the base solve's size
 * (the peak resident size of this process so far, a little more when the
 * base was not solved). */
static int choose_jobs(tl_ctx *ctx, const tl_ensemble *e, int nm) {
  int jobs = e->o.jobs;
  if (jobs == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus > 0 ? (int)(cpus < 512 ? cpus : 512) : 1;
  }
  if (jobs > nm) jobs = nm;
  struct rusage ru;
  double avail = available_memory();
  if (jobs > 1 && avail > 0 && getrusage(RUSAGE_SELF, &ru) == 0 &&
      ru.ru_maxrss > 0) {
    double each = (double)ru.ru_maxrss * 1024 * (e->base_sol ? 1.2 : 2.5);
    double fit = floor(avail / each);
    if (fit < jobs) {
      if (e->o.jobs)
        tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
                 "%d processes asked for, memory for %.0f (%.0f MB available, "
                 "about %.0f MB each)",
                 jobs, fit, avail / 1048576, each / 1048576);
      jobs = fit < 1 ? 1 : (int)fit;
    }
  }
  return jobs < 1 ? 1 : jobs;
}

/* ---- worker processes ---------------------------------------------------- */

/* The shared area: the next slot to take, then one record per member of
 * this rank. */
typedef struct shared {
  atomic_int next;
  int pad;
  double align;
} shared;

static tl_ens_rec *slot(const tl_ensemble *e, shared *sh, int q) {
  return (tl_ens_rec *)(void *)((unsigned char *)(sh + 1) +
                                (size_t)q * e->recsize);
}

static void worker(tl_ctx *ctx, tl_ensemble *e, shared *sh, const int *mine,
                   int nm, int rank) {
  tl_ens_rec *local = tl_malloc(e->recsize);
  if (!local) return;
  while (!tl_interrupted()) {
    int q = atomic_fetch_add(&sh->next, 1);
    if (q >= nm) break;
    slot(e, sh, q)->status = TL_ENS_STARTED;
    int rc = tl_ens_solve_member(ctx, e, mine[q], rank, local);
    memcpy(slot(e, sh, q), local, e->recsize);
    if (rc) break;
  }
  tl_free(local, e->recsize);
}

/* Solve mine[0..nm) with jobs worker processes. Returns 0, or -1 when no
 * worker could be started (the caller then solves them itself). */
static int run_workers(tl_ctx *ctx, tl_ensemble *e, const int *mine, int nm,
                       int jobs, int rank) {
  size_t size = sizeof(shared) + (size_t)nm * e->recsize;
  shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sh == MAP_FAILED) {
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "no shared memory for worker processes (%s): solving the "
             "members in this process",
             strerror(errno));
    return -1;
  }
  atomic_init(&sh->next, 0);
  for (int q = 0; q < nm; q++) {
    tl_ens_rec *s = slot(e, sh, q);
    s->member = -1;
    s->status = TL_SOLVE_NOT_RUN;
  }
  pid_t pids[512];
  int started = 0;
  if (jobs > (int)(sizeof pids / sizeof pids[0]))
    jobs = (int)(sizeof pids / sizeof pids[0]);
  fflush(NULL); /* buffered output must not be written twice */
  for (int w = 0; w < jobs; w++) {
    pid_t pid = fork();
    if (pid == 0) {
      worker(ctx, e, sh, mine, nm, rank);
      _exit(0); /* no atexit handlers, no stdio flush: the parent owns them */
    }
    if (pid < 0) {
      tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
               "could start %d of %d worker processes: %s", started, jobs,
               strerror(errno));
      break;
    }
    pids[started++] = pid;
  }
  for (int w = 0; w < started; w++) {
    int status = 0;
    pid_t got;
    do got = waitpid(pids[w], &status, 0);
    while (got < 0 && errno == EINTR);
    if (got == pids[w] && WIFSIGNALED(status) && WTERMSIG(status) != SIGINT &&
        WTERMSIG(status) != SIGTERM)
      tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
               "a worker process was killed by signal %d; the member it "
               "was solving is marked failed",
               WTERMSIG(status));
  }
  for (int q = 0; q < nm; q++) {
    tl_ens_rec *s = slot(e, sh, q), *r = tl_ens_rec_at(e, mine[q]);
    e->have[mine[q]] = 1;
    if (s->member == mine[q]) {
      memcpy(r, s, e->recsize);
    } else {
      memset(r, 0, e->recsize);
      r->member = mine[q];
      r->rank = rank;
      r->objective = NAN;
      r->status =
          s->status == TL_ENS_STARTED ? TL_ENS_FAILED : TL_SOLVE_NOT_RUN;
    }
  }
  munmap(sh, size);
  if (started == 0) return -1;
  return 0;
}

/* ---- the run ------------------------------------------------------------- */

/* The base: built and (for warm starts) solved with its final basis. */
static tl_status solve_base(tl_ctx *ctx, tl_ensemble *e) {
  tl_status st = tl_lp_build(ctx, e->m, &e->o.build, &e->base_lp);
  if (st != TL_OK) return st;
  if (!e->o.warm_start) return TL_OK;
  e->base_basis = tl_basis_new(e->base_lp->nrows, e->base_lp->ncols);
  if (!e->base_basis) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory for the base basis");
    return TL_ERR_NOMEM;
  }
  st = tl_lp_solve_basis(ctx, e->base_lp, &e->o.solve, NULL, NULL, &e->base_sol,
                         e->base_basis);
  if (st != TL_OK) return st;
  e->counts.base_objective = e->base_sol->objective;
  e->counts.base_iterations = e->base_sol->iterations;
  e->counts.base_status = e->base_sol->status;
  e->base_ok = e->base_sol->status == TL_SOLVE_OPTIMAL &&
               e->o.solve.solver == TL_SOLVER_CLP && e->base_lp->nint == 0;
  if (e->base_sol->status != TL_SOLVE_OPTIMAL)
    tl_diagf(ctx, TL_WARNING, NULL, NULL, NULL, NULL,
             "the base model is %s: every member starts from scratch",
             tl_solve_status_str(e->base_sol->status));
  else if (!e->base_ok)
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "warm starts need Clp and an LP: every member starts from "
             "scratch");
  return TL_OK;
}

tl_status tl_ens_run(tl_ctx *ctx, tl_ensemble *e, int rank, int nranks) {
  if (!e || nranks < 1 || rank < 0 || rank >= nranks) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_ens_run: needs an ensemble and 0 <= rank < nranks");
    return TL_ERR_ARG;
  }
  tl_solution_free(e->base_sol);
  tl_lp_free(e->base_lp);
  tl_basis_free(e->base_basis);
  e->base_sol = NULL, e->base_lp = NULL, e->base_basis = NULL, e->base_ok = 0;
  e->counts.base_objective = NAN;
  e->counts.base_iterations = 0;
  e->counts.base_status = TL_SOLVE_NOT_RUN;
  tl_ens_apply(e, -1);
  tl_status st = solve_base(ctx, e);
  if (st != TL_OK) return st;

  int nm = 0;
  for (int i = rank; i < e->ntotal; i += nranks) nm++;
  int *mine = tl_malloc((size_t)(nm ? nm : 1) * sizeof *mine);
  if (!mine) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "out of memory");
    return TL_ERR_NOMEM;
  }
  for (int i = rank, q = 0; i < e->ntotal; i += nranks) mine[q++] = i;
  int jobs = choose_jobs(ctx, e, nm);
  e->counts.jobs = jobs;
  if (jobs <= 1 || run_workers(ctx, e, mine, nm, jobs, rank)) {
    e->counts.jobs = 1;
    int q = 0;
    while (q < nm && !tl_interrupted()) {
      int rc =
          tl_ens_solve_member(ctx, e, mine[q], rank, tl_ens_rec_at(e, mine[q]));
      e->have[mine[q]] = 1;
      q++;
      if (rc) break;
    }
    for (; q < nm; q++) { /* not reached: interrupted */
      tl_ens_rec *r = tl_ens_rec_at(e, mine[q]);
      memset(r, 0, e->recsize);
      r->member = mine[q], r->rank = rank, r->objective = NAN;
      e->have[mine[q]] = 1;
    }
  }
  tl_ens_apply(e, -1);
  tl_free(mine, (size_t)(nm ? nm : 1) * sizeof *mine);
  return tl_interrupted() ? TL_ERR_INTERRUPTED : TL_OK;
}
