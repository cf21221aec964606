/* tanlu.h - public interface of the Tanlu library: read an OSeMOSYS model,
 * build its linear program, solve it and write the results.
 *
 * Handles only; struct bodies are internal. Every function that can fail
 * returns a tl_status; a solver's outcome is a separate value
 * (tl_solve_status). The library never exits or aborts. Messages about the
 * input (file, line, column, parameter, index, value) go to the context's
 * diagnostic sink and are kept in the context for the caller to inspect.
 */
#ifndef TANLU_H
#define TANLU_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TANLU_VERSION "0.1.0"

/* Call status. Numbered and stable: the CLI maps them to exit codes. */
typedef enum tl_status {
  TL_OK = 0,
  TL_ERR_NOMEM = 1,       /* an allocation failed */
  TL_ERR_IO = 2,          /* a file could not be read or written */
  TL_ERR_PARSE = 3,       /* the input is not well formed */
  TL_ERR_INVALID = 4,     /* the input is well formed but inconsistent */
  TL_ERR_ARG = 5,         /* a caller passed a bad argument */
  TL_ERR_SOLVER = 6,      /* the solver failed (not: infeasible/unbounded) */
  TL_ERR_INTERRUPTED = 7, /* stopped by tl_interrupt() */
  TL_ERR_UNSUPPORTED = 8, /* the build lacks a feature (e.g. a solver) */
  TL_ERR_LIMIT = 9        /* a size limit of the library was exceeded */
} tl_status;

/* Text for a status; never NULL. */
const char *tl_status_str(tl_status s);

/* Outcome of a solve, separate from the call status. */
typedef enum tl_solve_status {
  TL_SOLVE_NOT_RUN = 0,
  TL_SOLVE_OPTIMAL = 1,
  TL_SOLVE_INFEASIBLE = 2,
  TL_SOLVE_UNBOUNDED = 3,
  TL_SOLVE_LIMIT = 4, /* iteration or time limit reached */
  TL_SOLVE_ERROR = 5  /* the solver stopped without a usable answer */
} tl_solve_status;

const char *tl_solve_status_str(tl_solve_status s);

/* ---- allocation ------------------------------------------------------ */

/* Lua-style allocator: nsize == 0 frees ptr and returns NULL; otherwise it
 * behaves like realloc(ptr, nsize). osize is the old size (0 for new
 * blocks). Returning NULL for nsize > 0 is an allocation failure. */
typedef void *(*tl_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

/* Replace the allocator of every later allocation (NULL restores the
 * default). Process-wide, like sqlite3_config; call before any other. */
void tl_set_allocator(tl_alloc_fn fn, void *ud);

/* ---- context and diagnostics ----------------------------------------- */

typedef struct tl_ctx tl_ctx;

typedef enum tl_severity {
  TL_NOTICE = 0,
  TL_WARNING = 1,
  TL_ERROR = 2
} tl_severity;

/* One message about the input or the run. Strings are owned by the
 * context and live until tl_ctx_clear() or tl_ctx_free(). Absent fields are
 * NULL (strings) or 0 (line, column: 1-based when known). */
typedef struct tl_diag {
  tl_severity severity;
  const char *file;
  int line;
  int column;
  const char *param; /* parameter or set name */
  const char *index; /* e.g. "UTOPIA,E01,2000" */
  const char *value; /* the offending text or value */
  const char *message;
} tl_diag;

/* Called for each diagnostic as it is made (may be NULL: then they are only
 * stored). */
typedef void (*tl_diag_fn)(void *ud, const tl_diag *d);

/* Returns NULL when out of memory. */
tl_ctx *tl_ctx_new(void);
void tl_ctx_free(tl_ctx *ctx); /* accepts NULL */
void tl_ctx_set_diag_fn(tl_ctx *ctx, tl_diag_fn fn, void *ud);
/* Number of stored diagnostics and the i-th (0-based, i < count). */
int tl_ctx_diag_count(const tl_ctx *ctx);
const tl_diag *tl_ctx_diag(const tl_ctx *ctx, int i);
/* Count of stored diagnostics of a severity. */
int tl_ctx_count(const tl_ctx *ctx, tl_severity sev);
/* Forget stored diagnostics. */
void tl_ctx_clear(tl_ctx *ctx);
/* Report a copy of d in ctx, as if made there (its diag function is called;
 * it is stored): hands the diagnostics of work done with another context -
 * on another thread, say - to this one. */
void tl_ctx_add_diag(tl_ctx *ctx, const tl_diag *d);
/* Format a diagnostic as one line "file:line:col: error: Param[idx]: value
 * 'v': message" into buf (always NUL-terminated when size > 0). Returns the
 * length the full text would have. */
size_t tl_diag_format(const tl_diag *d, char *buf, size_t size);

/* Ask a running build or solve to stop at the next safe point; safe to call
 * from a signal handler. Affects every context. */
void tl_interrupt(void);
/* Clear the interrupt flag. */
void tl_interrupt_clear(void);

/* ---- model ------------------------------------------------------------ */

typedef struct tl_model tl_model;

/* Read an OSeMOSYS model: a GNU MathProg data file (a regular file) or an
 * otoole-style CSV folder (a directory). On failure *out is NULL and the
 * reasons are in ctx's diagnostics. Reading does not validate consistency;
 * call tl_model_validate. */
tl_status tl_model_read(tl_ctx *ctx, const char *path, tl_model **out);

/* Check the model's data (ranges, sums, references); errors and warnings go
 * to ctx. Returns TL_ERR_INVALID when any error was found. */
tl_status tl_model_validate(tl_ctx *ctx, const tl_model *m);

/* Write the model as an otoole CSV folder (created if missing) or as a GNU
 * MathProg data file. Files appear complete or not at all. */
tl_status tl_model_write_csv(tl_ctx *ctx, const tl_model *m, const char *dir);
tl_status tl_model_write_datafile(tl_ctx *ctx, const tl_model *m,
                                  const char *path);

void tl_model_free(tl_model *m); /* accepts NULL */

/* Apply a scenario overlay (a CSV of changes: action,parameter,index,value;
 * see docs/scenarios.md) to a model read with tl_model_read. Several can be
 * applied in order. On error the model may be partly changed: read it again
 * before using it. */
tl_status tl_model_apply_overlay(tl_ctx *ctx, tl_model *m, const char *path);

/* Size of the model's sets, for summaries. name is a set name such as
 * "TECHNOLOGY"; returns -1 for an unknown set. */
int tl_model_set_size(const tl_model *m, const char *name);

/* ---- linear program ---------------------------------------------------- */

typedef struct tl_lp tl_lp;

/* GWP100 table for CO2e (roadmap extensions). AR5 is the default: it
 * reproduces China's 2021 inventory. */
typedef enum tl_gwp { TL_GWP_AR5 = 0, TL_GWP_AR4 = 1, TL_GWP_AR6 = 2 } tl_gwp;

/* Gas basis of a target or cap. */
typedef enum tl_scope { TL_SCOPE_DEFAULT = 0, TL_SCOPE_CO2 = 1, TL_SCOPE_GHG = 2 } tl_scope;

typedef struct tl_build_options {
  int keep_names;       /* unused: names are always available */
  tl_gwp gwp;           /* GWP table for CO2e */
  tl_scope cap_scope;   /* AnnualGHGLimit: all gases (default) or CO2 */
  tl_scope peak_scope;  /* PeakYear: CO2 (default) or all gases */
  tl_scope netzero_scope; /* NetZeroYear: all gases (default) or CO2 */
  int allow_precommercial; /* nonzero: build technologies before TRL 9 */
  int no_climate;       /* nonzero: leave out every climate constraint
                           (emission limits and penalties, GHG caps,
                           targets, carbon intensity): the reference run */
  int capacity_columns; /* nonzero: keep TotalCapacityAnnual as columns
                           (sparser, a few more rows) instead of
                           substituting it as osemosys_fast does */
  int reserved[3];
} tl_build_options;

void tl_build_options_init(tl_build_options *o);

/* Build the LP of the OSeMOSYS reference formulation for a valid model. */
tl_status tl_lp_build(tl_ctx *ctx, const tl_model *m,
                      const tl_build_options *opt, tl_lp **out);

/* Sizes of the built LP. Any OUT pointer may be NULL. */
void tl_lp_size(const tl_lp *lp, int *rows, int *cols, long *nonzeros,
                int *integers);

/* Write the LP in free MPS or CPLEX LP format with readable names
 * (e.g. EBa11_EnergyBalanceEachTS5[UTOPIA,ID,ELC,1990]). The objective's
 * constant term is kept: in MPS as the RHS of the objective row, negated
 * (the CPLEX convention that clp and cbc read; GLPK 5.0 reads that RHS with
 * the opposite sign); in LP format as a column fixed at 1. */
tl_status tl_lp_write_mps(tl_ctx *ctx, const tl_lp *lp, const char *path);
tl_status tl_lp_write_lp(tl_ctx *ctx, const tl_lp *lp, const char *path);

void tl_lp_free(tl_lp *lp); /* accepts NULL */

/* ---- solving ----------------------------------------------------------- */

typedef enum tl_solver {
  TL_SOLVER_CLP = 0,
  TL_SOLVER_GLPK = 1
} tl_solver;

typedef enum tl_method {
  TL_METHOD_AUTO = 0,
  TL_METHOD_DUAL = 1,
  TL_METHOD_PRIMAL = 2,
  TL_METHOD_BARRIER = 3
} tl_method;

/* Progress of a solve, for a progress display. The library prints
 * nothing itself: it hands these to tl_solve_options.progress. */
typedef enum tl_progress_phase {
  TL_PROGRESS_START = 0,   /* the solver is about to start */
  TL_PROGRESS_PRIMAL = 1,  /* primal simplex method */
  TL_PROGRESS_DUAL = 2,    /* dual simplex method */
  TL_PROGRESS_BARRIER = 3, /* interior point method */
  TL_PROGRESS_MIP = 4,     /* branch and bound: iterations counts nodes */
  TL_PROGRESS_DONE = 5     /* the last report: the solution's iterations
                              and objective (tl_solution_iterations) */
} tl_progress_phase;

typedef struct tl_progress {
  tl_progress_phase phase;
  long iterations;  /* so far: simplex or barrier iterations (B&B nodes in
                       TL_PROGRESS_MIP and for a MIP's DONE) */
  double objective; /* the solver's current objective with the LP's
                       constant (a MIP's best integer solution); NaN when
                       the solver does not tell or has none */
  double seconds;   /* wall-clock seconds since the solve began */
} tl_progress;

/* Called on the solving thread: once with TL_PROGRESS_START, then at most
 * every TL_PROGRESS_INTERVAL seconds while the back end reports (Clp: each
 * simplex iteration; Cbc: each node; GLPK: its log lines), and once with
 * TL_PROGRESS_DONE when the solver has stopped. It must not use the LP or
 * the context being solved; it may call tl_interrupt(). Criticality solves
 * (in child processes) do not report. */
typedef void (*tl_progress_fn)(void *ud, const tl_progress *p);
#define TL_PROGRESS_INTERVAL 0.25

typedef struct tl_solve_options {
  tl_solver solver;
  tl_method method;
  int presolve;      /* 1 on (default), 0 off */
  int threads;       /* 0: the back end's default */
  double time_limit; /* seconds; 0: none */
  int verbose;       /* 0 quiet; 1 solver log to stderr */
  tl_progress_fn progress; /* NULL (default): no progress reports */
  void *progress_ud;       /* passed to progress */
  int reserved[4];
} tl_solve_options;

void tl_solve_options_init(tl_solve_options *o);

typedef struct tl_solution tl_solution;

/* Solve the LP (or MIP when the model has unit sizes). The call status is
 * TL_OK whenever the solver ran to a verdict; the verdict is in
 * tl_solution_status (infeasible and unbounded are verdicts, not errors).
 * After tl_interrupt() the call returns TL_ERR_INTERRUPTED with *out set
 * (status TL_SOLVE_LIMIT). The objective is NaN when there is no solution. */
tl_status tl_lp_solve(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                      tl_solution **out);

/* After an infeasible verdict: which constraints cannot be met, and by how
 * much, from an elastic re-solve (every row may be violated at a cost of one
 * per unit; the least total violation is found). Reports one TL_ERROR
 * diagnostic per constraint family and year, largest first, at most
 * max_items, e.g. "AnnualGHGLimit[2045]: needs 812 more abatement than the
 * available technologies allow". */
tl_status tl_lp_diagnose_infeasible(tl_ctx *ctx, const tl_lp *lp,
                                    const tl_solve_options *o, int max_items);

tl_solve_status tl_solution_status(const tl_solution *s);
/* Objective including its constant term. */
double tl_solution_objective(const tl_solution *s);
/* Simplex or barrier iterations (or B&B nodes for a MIP). */
long tl_solution_iterations(const tl_solution *s);
void tl_solution_free(tl_solution *s); /* accepts NULL */

/* ---- results ----------------------------------------------------------- */

/* Write the OSeMOSYS result tables (otoole names and columns) as CSV files
 * into dir (created if missing). Each file is written to a temporary name
 * and renamed when complete. */
tl_status tl_results_write(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                           const tl_solution *s, const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* TANLU_H */
