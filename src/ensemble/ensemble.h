/* ensemble.h - internal interface of ensembles (implements
 * tanlu_ensemble.h): the parsed spec, random streams and distributions,
 * the sampling designs (Latin hypercube, Iman-Conover, Morris), the
 * statistics (percentiles, ranks, partial rank correlations, elementary
 * effects), what a member changes in the model, the outputs collected from
 * a solved member, and the ensemble handle. One topic per file:
 * spec.c, rng.c, dist.c, design.c, stats.c, apply.c, outputs.c, run.c,
 * write.c, ensemble.c. */
#ifndef TL_ENSEMBLE_H
#define TL_ENSEMBLE_H

#include "lp/clp_shim.h"
#include "lp/lp.h"
#include "model/model.h"
#include "tanlu_ensemble.h"

/* ---- random numbers (rng.c) ---------------------------------------------- */

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. */
typedef struct tl_rng {
  uint64_t s[4];
} tl_rng;

/* Streams used by the designs: each draw of a design has its own stream
 * (seed, kind, index), so that, e.g., parameter j's Latin hypercube column
 * does not depend on how many other parameters there are. */
enum {
  TL_STREAM_LHS = 1,    /* index: parameter */
  TL_STREAM_SCORES = 2, /* Iman-Conover scores, index: parameter */
  TL_STREAM_MORRIS = 3  /* index: trajectory */
};

void tl_rng_seed(tl_rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t tl_rng_next(tl_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double tl_rng_uniform(tl_rng *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias. */
uint64_t tl_rng_below(tl_rng *r, uint64_t n);
/* Random permutation of a[0..n) (Fisher-Yates). */
void tl_rng_shuffle(tl_rng *r, int *a, int n);

/* ---- distributions (dist.c) ---------------------------------------------- */

typedef enum tl_dist_type {
  TL_DIST_UNIFORM = 0,    /* a = min, b = max */
  TL_DIST_TRIANGULAR = 1, /* a = min, c = mode, b = max */
  TL_DIST_NORMAL = 2,     /* a = mean, b = standard deviation */
  TL_DIST_LOGNORMAL = 3   /* a = mu, b = sigma of the value's logarithm */
} tl_dist_type;

typedef struct tl_dist {
  tl_dist_type type;
  double a, b, c;
  double lo, hi; /* truncation (normal, lognormal): -inf/+inf when none */
} tl_dist;

/* Standard normal CDF and its inverse (Acklam's rational approximation
 * refined by one Halley step: about 1e-15 relative); p in (0, 1). */
double tl_norm_cdf(double x);
double tl_norm_quantile(double p);

/* Value of the distribution at probability u in (0, 1) (uniform and
 * triangular also accept 0 and 1). */
double tl_dist_quantile(const tl_dist *d, double u);
/* 1 when the distribution has finite bounds (0 and 1 map to values). */
int tl_dist_bounded(const tl_dist *d);
/* Check the parameters; returns NULL or the reason they are wrong. */
const char *tl_dist_check(const tl_dist *d);
const char *tl_dist_name(tl_dist_type t);

/* ---- designs (design.c) -------------------------------------------------- */

/* Latin hypercube: u[i*k + j] (i < n members, j < k parameters) in (0, 1),
 * column j holding exactly one value in each stratum [s/n, (s+1)/n). */
int tl_ens_lhs(int n, int k, uint64_t seed, double *u);

/* Iman-Conover: reorder the values within each column of x (n x k, row i
 * = member i) so that the rank correlations approach the target c (k x k,
 * symmetric, unit diagonal). Only the order changes, so every column keeps
 * its values (and the Latin hypercube its strata). Returns 0; -1 when out
 * of memory; -2 when c is not positive definite; -3 when n <= k. */
int tl_ens_iman_conover(int n, int k, const double *c, uint64_t seed,
                        double *x);

/* Morris design: r trajectories of k+1 points on the p-level grid
 * {0, 1/(p-1), ..., 1}^k, step delta = p / (2 (p-1)). Point s of
 * trajectory t is x[(t*(k+1) + s)*k + j]; between points s and s+1 factor
 * factor[t*k + s] moves by step[t*k + s] (+delta or -delta). */
int tl_ens_morris_design(int k, int r, int p, uint64_t seed, double *x,
                         int *factor, double *step);

/* ---- statistics (stats.c) ------------------------------------------------ */

/* Percentile q in [0, 1] of sorted[0..n) by linear interpolation between
 * order statistics (Hyndman and Fan's type 7, numpy's default). */
double tl_ens_percentile(const double *sorted, int n, double q);
/* Ranks 1..n of x[0..n), ties given their average rank. 0 or -1 (oom). */
int tl_ens_ranks(const double *x, int n, double *rank);
/* Pearson correlation of x and y ([n]); NAN when either is constant. */
double tl_ens_pearson(const double *x, const double *y, int n);
/* Spearman rank correlation; NAN when either is constant or oom. */
double tl_ens_spearman(const double *x, const double *y, int n);

/* Partial rank correlation of output y ([n]) with each input column of x
 * (n x k, row-major): rank-transform, regress the other inputs out of both
 * (least squares with an intercept, by Householder QR) and correlate the
 * residuals. out: [k], NAN where undefined (n <= k + 1, a constant column
 * or output, collinear inputs). 0 or -1 (oom). */
int tl_ens_prcc(int n, int k, const double *x, const double *y, double *out);

/* Morris elementary effects of factor j from a design of r trajectories
 * (tl_ens_morris_design) and the outputs y[t*(k+1) + s] at its points;
 * ok[t*(k+1) + s] nonzero where the output exists (an effect needs both
 * ends). mu, mu_star (mean of |effect|), sigma (standard deviation, n-1)
 * and count: [k]; NAN where no effect (sigma: fewer than 2). */
void tl_ens_morris_effects(int k, int r, const int *factor, const double *step,
                           const double *y, const char *ok, double *mu,
                           double *mu_star, double *sigma, int *count);

/* ---- the spec (spec.c) --------------------------------------------------- */

typedef enum tl_ens_op {
  TL_ENS_OP_SET = 0,   /* the value becomes the sample */
  TL_ENS_OP_SCALE = 1, /* the value is multiplied by the sample */
  TL_ENS_OP_SHIFT = 2  /* the sample is added to the value */
} tl_ens_op;

/* Where an item is in the spec file (1-based). */
typedef struct tl_ens_where {
  int line, col;
} tl_ens_where;

typedef struct tl_ens_param_spec {
  char *name;  /* label, unique */
  char *param; /* model parameter */
  char *index; /* members separated by commas, "*" a wildcard */
  tl_ens_op op;
  tl_dist dist;
  tl_ens_where at, at_param, at_index;
} tl_ens_param_spec;

typedef struct tl_ens_corr_spec {
  int a, b;   /* parameters (positions in the spec) */
  double rho; /* target rank correlation, in (-1, 1) */
  tl_ens_where at;
} tl_ens_corr_spec;

/* An output selection, a target or a key output: an output name and an
 * index pattern (NULL: every index). */
typedef struct tl_ens_sel {
  char *output;
  char *index;
  tl_ens_where at;
} tl_ens_sel;

typedef enum tl_ens_cmp {
  TL_CMP_LE,
  TL_CMP_LT,
  TL_CMP_GE,
  TL_CMP_GT
} tl_ens_cmp;

typedef struct tl_ens_target_spec {
  char *text; /* as written, or the name given */
  tl_ens_sel sel;
  tl_ens_cmp cmp;
  double value;
} tl_ens_target_spec;

struct tl_ens_spec {
  char *path;                /* the file read (for messages) */
  tl_ens_param_spec *params; /* [nparams] */
  int nparams;
  tl_ens_corr_spec *corrs; /* [ncorrs] */
  int ncorrs;
  tl_ens_sel *outputs; /* [noutputs]; none given: every output */
  int noutputs;
  tl_ens_target_spec *targets; /* [ntargets] */
  int ntargets;
  tl_ens_sel *keys; /* [nkeys] key outputs for sensitivities;
                       none given: the defaults */
  int nkeys;
};

/* ---- outputs (outputs.c) ------------------------------------------------- */

typedef enum tl_ens_output {
  TL_EO_OBJECTIVE = 0, /* total discounted cost; no index */
  TL_EO_EMISSIONS,     /* AnnualEmissions[REGION,EMISSION,YEAR] */
  TL_EO_CO2E,          /* EmissionsCO2e[REGION,YEAR]: net, all gases with a
                          GWP, exogenous included */
  TL_EO_CARBON_PRICE,  /* CarbonPrice[REGION,EMISSION,YEAR]: marginal cost of
                          one more unit, per unit CO2e, money of that year */
  TL_EO_NEWCAP,        /* NewCapacity[REGION,TECHNOLOGY,YEAR] */
  TL_EO_TOTCAP,        /* TotalCapacityAnnual[REGION,TECHNOLOGY,YEAR] */
  TL_EO_COUNT
} tl_ens_output;

typedef struct tl_ens_output_def {
  const char *name;
  int nidx;
  tl_set_id idx[3];
} tl_ens_output_def;

extern const tl_ens_output_def tl_ens_outputs[TL_EO_COUNT];

/* Output id for a name, or -1. */
int tl_ens_output_find(const char *name);

/* One collected value: an output at an index tuple. */
typedef struct tl_ens_key {
  int out;       /* tl_ens_output */
  int32_t ix[3]; /* positions in the index sets, [nidx] used */
} tl_ens_key;

/* The collected values of an optimal member: values[k] for key k. m, lp,
 * sol: the member's model, LP (tl_lp_build) and solution. 0 or -1 (oom). */
int tl_ens_collect(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                   const tl_solution *sol, const tl_ens_key *keys, int nkeys,
                   double *values);

/* ---- the ensemble (ensemble.c, apply.c, run.c, write.c) ------------------ */

/* A model entry a parameter of the spec changes. */
typedef struct tl_ens_entry {
  int pid;     /* tl_param_id */
  int e;       /* entry of the parameter table */
  double base; /* its value in the base model */
} tl_ens_entry;

/* Member statuses beyond tl_solve_status. */
enum {
  TL_ENS_INVALID = 10, /* the validator rejects the sampled model */
  TL_ENS_FAILED = 11   /* the build or the solve failed, or the worker
                          process died */
};
const char *tl_ens_status_name(int status);

/* The fixed part of a member's result; nkeys doubles follow it. */
typedef struct tl_ens_rec {
  int32_t member; /* which member it is the result of */
  int32_t status; /* tl_solve_status or TL_ENS_* */
  int32_t rank;   /* MPI rank that solved it */
  int32_t warm;   /* 1 warm-started, 0 cold */
  int64_t iterations;
  double objective;
} tl_ens_rec;

struct tl_ensemble {
  tl_model *m;             /* borrowed */
  const tl_ens_spec *spec; /* borrowed */
  tl_ens_options o;
  int k;                     /* parameters */
  int nlhs, nmorris, ntotal; /* members: Latin hypercube, Morris, all */
  int r;                     /* Morris trajectories (0 without Morris) */
  double *values;            /* [ntotal * k] sampled parameter values */
  int *mfactor;              /* [r * k] Morris: factor moved at each step */
  double *mstep;             /* [r * k] and by how much (unit grid) */

  tl_ens_entry *entries; /* [nentries], grouped by parameter: those of
                            parameter j are ent_start[j] ..
                            ent_start[j+1]-1 */
  int nentries;
  size_t entries_cap; /* allocated entries */
  int *ent_start;     /* [k + 1] */

  tl_ens_key *keys; /* [nkeys] collected values, in output order */
  int nkeys;
  int *key_of[TL_EO_COUNT]; /* dense index space of each output -> key or
                              -1 (objective: one cell) */
  size_t key_cells[TL_EO_COUNT];
  int **tkeys; /* [ntargets][ntkeys[t]] keys of each target */
  int *ntkeys;
  size_t *tkeys_cap; /* [ntargets] allocated */
  int *skeys;        /* [nskeys] key outputs for sensitivities */
  int nskeys;
  size_t skeys_cap;

  size_t recsize;      /* bytes of one result record */
  unsigned char *recs; /* [ntotal * recsize] results, allocated but
                          not touched: a rank's memory holds the pages
                          of its own members only */
  char *have;          /* [ntotal] 1 where recs holds a result */

  /* the base solve (tl_ens_run) */
  tl_lp *base_lp;
  tl_solution *base_sol;
  tl_basis *base_basis;
  int base_ok; /* the base is optimal: members start warm */
  tl_ens_counts counts;

  double *target_p; /* [ntargets] after tl_ens_write */
};

static inline tl_ens_rec *tl_ens_rec_at(const tl_ensemble *e, int i) {
  return (tl_ens_rec *)(void *)(e->recs + (size_t)i * e->recsize);
}
static inline double *tl_ens_rec_values(tl_ens_rec *r) {
  return (double *)(void *)(r + 1);
}

/* Find the spec's parameters, indices and outputs in e->m; fill entries,
 * keys, targets and key outputs (apply.c). Adds the entries the spec's
 * indices name and the model lacks, with their current values. Errors go
 * to ctx naming the spec's file, line and column. */
tl_status tl_ens_resolve(tl_ctx *ctx, tl_ensemble *e);

/* Write member i's values into the model (apply.c); i < 0 restores the
 * base values. */
void tl_ens_apply(tl_ensemble *e, int i);

/* Solve member i into its record (run.c): apply, validate, build, solve
 * warm or cold, collect. Messages of the member go to ctx as warnings
 * naming it. Returns 0, or -1 when interrupted. */
int tl_ens_solve_member(tl_ctx *ctx, tl_ensemble *e, int i, int rank,
                        tl_ens_rec *rec);

/* Text of an index tuple of output out ("UTOPIA,CO2,1990") into b. */
void tl_ens_key_text(const tl_model *m, const tl_ens_key *key, tl_buf *b);

#endif /* TL_ENSEMBLE_H */
