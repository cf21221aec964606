/* tanlu_ensemble.h - public interface of ensembles: many solves of one
 * model whose uncertain parameters are drawn from distributions (Latin
 * hypercube sampling, optional rank correlations by Iman-Conover), each
 * member warm-started from the base solution, run in parallel processes on
 * one machine or spread over MPI ranks, and summarised as percentiles,
 * probabilities of meeting targets and sensitivities (partial rank
 * correlation coefficients; Morris elementary effects). docs/ensembles.md
 * documents the spec file, the output files and how to run on a cluster.
 *
 * Standalone: includes tanlu.h. Handles, options with an init function,
 * status codes; the library never exits. Array parameters give their
 * length and index base where declared.
 *
 * Results depend on the spec, the model, the number of members and the
 * seed only: not on the number of processes or ranks. The library itself
 * does not use MPI: a program that does (the tanlu CLI when built with
 * MPI) runs tl_ens_run on every rank with its rank number, moves each
 * rank's results to rank 0 with tl_ens_results_pack/unpack, and writes
 * there. */
#ifndef TANLU_ENSEMBLE_H
#define TANLU_ENSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "tanlu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- warm start ---------------------------------------------------------- */

/* Solve lp starting from start, an optimal solution of an LP of the same
 * shape (the same model with other numbers, e.g. the base run of an
 * ensemble): the simplex method begins at the basis the solution shows
 * (a nonzero reduced cost or dual: nonbasic at the bound its sign shows;
 * strictly between the bounds: basic; the degenerate rest fill the basis)
 * instead of from scratch. Clp on LPs only; with GLPK, for
 * a MIP, or when start is NULL, not optimal or of another shape, this is
 * tl_lp_solve (with a notice). Presolve is not used on a warm start. The
 * verdict and the returns are those of tl_lp_solve; tl_lp_solve itself is
 * unchanged. */
tl_status tl_lp_solve_from(tl_ctx *ctx, const tl_lp *lp,
                           const tl_solve_options *o, const tl_solution *start,
                           tl_solution **out);

/* ---- the spec ------------------------------------------------------------ */

/* An ensemble spec (a YAML file, docs/ensembles.md): the uncertain
 * parameters with their distributions and optional rank correlations, the
 * outputs to collect, targets and the key outputs for the sensitivities. */
typedef struct tl_ens_spec tl_ens_spec;

/* Read a spec. Errors name the file, line and column. On failure *out is
 * NULL. Names of parameters and members are checked against a model by
 * tl_ens_new. */
tl_status tl_ens_spec_read(tl_ctx *ctx, const char *path, tl_ens_spec **out);
void tl_ens_spec_free(tl_ens_spec *s); /* accepts NULL */

/* Number of uncertain parameters, and the name of the i-th (0-based; NULL
 * when out of range; owned by s). */
int tl_ens_spec_param_count(const tl_ens_spec *s);
const char *tl_ens_spec_param_name(const tl_ens_spec *s, int i);

/* ---- options ------------------------------------------------------------- */

typedef enum tl_ens_sensitivity {
  TL_ENS_SENS_NONE = 0,
  TL_ENS_SENS_PRCC = 1,  /* partial rank correlations from the Latin
                            hypercube sample (no extra solves; default) */
  TL_ENS_SENS_MORRIS = 2 /* also Morris elementary effects from their own
                            design: trajectories * (parameters + 1) more
                            solves */
} tl_ens_sensitivity;

typedef struct tl_ens_options {
  int members;   /* Latin hypercube members, >= 1 (default 100) */
  uint64_t seed; /* the sample depends on it alone (default 1) */
  int jobs;      /* processes solving members on this machine;
                    0 (default): the online CPUs, fewer when the
                    available memory holds fewer solves of the
                    size of the base solve; 1: in this process */
  tl_ens_sensitivity sensitivity;
  int morris_trajectories; /* r, >= 2 (default 10) */
  int morris_levels;       /* p, even, >= 2 (default 4) */
  int warm_start;          /* 1 (default): members start from the base
                              solution's basis; 0: from scratch (to measure
                              what the warm start saves) */
  tl_build_options build;  /* how every member is built */
  tl_solve_options solve;  /* and solved (time_limit applies per member) */
  int reserved[8];
} tl_ens_options;

void tl_ens_options_init(tl_ens_options *o);

/* ---- the ensemble -------------------------------------------------------- */

typedef struct tl_ensemble tl_ensemble;

/* Prepare an ensemble of model m (read, with overlays applied, and valid):
 * find every parameter, index and output of the spec in m (errors name the
 * spec's file, line and column) and draw the design: the Latin hypercube
 * members 0..members-1 and, with Morris, the trajectory points after them.
 * o may be NULL (defaults). The ensemble keeps m and spec (borrowed, not
 * copied; both must outlive it): tl_ens_run writes each member's values
 * into m and puts the base values back when it returns. Entries that the
 * spec's indices name and m lacks are added with the value they had
 * (their default), which changes nothing in the model's meaning.
 * TL_ERR_INVALID when the spec does not fit the model. */
tl_status tl_ens_new(tl_ctx *ctx, tl_model *m, const tl_ens_spec *spec,
                     const tl_ens_options *o, tl_ensemble **out);
void tl_ens_free(tl_ensemble *e); /* accepts NULL */

/* Members in all (Latin hypercube and Morris). */
int tl_ens_member_count(const tl_ensemble *e);

/* Solve the base model (warm start source), then the members i with
 * i % nranks == rank (0 <= rank < nranks), each a full validate, build and
 * solve, with o->jobs processes (fork; 1: in this process). A member that
 * is infeasible, invalid (a sampled value the validator rejects) or fails
 * is recorded with its status, and its errors and warnings reach ctx as
 * warnings naming the member; the run goes on. With jobs > 1 those of
 * members are made in the worker processes: ctx's callback runs there and
 * they are not stored in ctx. The workers are forked copies of this
 * process: with other threads running, use jobs = 1. Returns TL_OK once
 * every member of the rank has a result, TL_ERR_INTERRUPTED after
 * tl_interrupt() (members not reached are "not run"), or an error when
 * the base model cannot be built or solved. */
tl_status tl_ens_run(tl_ctx *ctx, tl_ensemble *e, int rank, int nranks);

/* The results this process holds (its own, and those unpacked from other
 * ranks) and its base solve, for the command line's summary. */
typedef struct tl_ens_counts {
  int members;                    /* members with a result */
  int optimal, infeasible, other; /* by verdict; other: unbounded, limit,
                                     invalid, failed, not run */
  int warm;                       /* of them, those warm-started */
  long iterations;                /* simplex iterations of them all */
  int jobs;              /* processes this process used in tl_ens_run */
  double base_objective; /* NAN when the base was not solved here */
  long base_iterations;
  tl_solve_status base_status; /* the base's verdict; TL_SOLVE_NOT_RUN
                                  when it was not solved here (it is not
                                  without warm starts) */
  int reserved[3];
} tl_ens_counts;

void tl_ens_counts_get(const tl_ensemble *e, tl_ens_counts *out);

/* Move results between processes (MPI ranks): pack the results this
 * process holds into a new buffer (*buf, *len; free it with
 * tl_ens_buffer_free), and unpack such a buffer from another process into
 * e (an ensemble made with the same model, spec and options).
 * TL_ERR_PARSE when the buffer does not belong to this ensemble. */
tl_status tl_ens_results_pack(tl_ctx *ctx, const tl_ensemble *e, void **buf,
                              size_t *len);
tl_status tl_ens_results_unpack(tl_ctx *ctx, tl_ensemble *e, const void *buf,
                                size_t len);
void tl_ens_buffer_free(void *buf, size_t len); /* accepts NULL */

/* Compute the statistics over the results held (every member should have
 * one: run all ranks and unpack them first; members without one count as
 * "not run") and write into dir (created if missing), each file under a
 * temporary name renamed when complete: members.csv, outputs_long.csv,
 * summary.csv, targets.csv, sensitivity.csv (reproducible: no times, no
 * ranks) and ranks.csv (which rank solved each member, iterations, warm or
 * cold: depends on how it was run). */
tl_status tl_ens_write(tl_ctx *ctx, tl_ensemble *e, const char *dir);

/* After tl_ens_write: the number of targets, and target i's text and the
 * probability that it is met (share of the optimal Latin hypercube
 * members; NAN when none is optimal). Strings are owned by e. */
int tl_ens_target_count(const tl_ensemble *e);
tl_status tl_ens_target_get(const tl_ensemble *e, int i, const char **text,
                            double *probability);

#ifdef __cplusplus
}
#endif
#endif /* TANLU_ENSEMBLE_H */
