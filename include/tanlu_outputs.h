/* tanlu_outputs.h - public interface of the outputs planners use: the
 * SQLite run store (record, list, compare and export runs), the IAMC CSV
 * (readable by pyam) and the self-contained HTML report. docs/outputs.md
 * documents the store's schema, the IAMC variables and the report.
 *
 * Standalone: includes tanlu.h. Every function returns a tl_status and
 * puts its reasons in the context's diagnostics; the library never exits.
 * Array parameters give their length and index base where declared;
 * strings passed in are borrowed for the call only. */
#ifndef TANLU_OUTPUTS_H
#define TANLU_OUTPUTS_H

#include <stdint.h>

#include "tanlu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- run store ---------------------------------------------------------- */

/* The IAMC file a run writes into its result folder. */
#define TL_IAMC_FILE "iamc.csv"

/* Default file name of the run store (in the current folder). */
#define TL_STORE_DEFAULT "tanlu.db"

/* tl_store_run.results_prefix of an ensemble's folder (its tables are
 * "ensemble/members", "ensemble/summary", ...). */
#define TL_STORE_ENS_PREFIX "ensemble/"

/* Longest list of stage timings a run records. */
#define TL_STORE_MAX_STAGES 16

/* One run. The caller fills the "in" fields for tl_store_record (every
 * pointer may be NULL, every string is borrowed for the call); the store
 * fills every field when it lists runs (strings then live until the
 * callback returns). */
typedef struct tl_store_run {
  /* in: what was run */
  const char *model_path;      /* data file or CSV folder; its files (a
                                  folder's top-level files) are hashed */
  const tl_model *model;       /* in: the model as solved (after overlays); its
                                  sets and given parameter values are recorded
                                  so that `tanlu diff` can name what changed.
                                  NULL: only the files' hashes are recorded */
  const char *scenario;        /* NULL: "baseline" */
  const char *const *overlays; /* [noverlays] scenario overlay files, in the
                              order applied; hashed as inputs */
  int noverlays;
  const char *spec;       /* an ensemble's spec file, hashed as an input
                             (role "spec"); NULL for a single run */
  const char *options;    /* the options as given (free text, e.g. the
                             command line) */
  const char *solver;     /* "clp", "glpk" */
  tl_solve_status status; /* the solver's verdict */
  int interrupted;        /* the run was stopped by a signal (Ctrl-C, a
                             TERM): recorded with the status "interrupted",
                             and an interrupt does not stop the recording */
  double objective;       /* NAN when there is none */
  long iterations;
  const char *results_prefix; /* in: prefix of the names of the tables read
                                 from results_dir's top level; NULL: none.
                                 "ensemble/": results_dir is the folder of
                                 `tanlu ensemble` (members.csv, ...), its
                                 files recorded as "ensemble/members", ...
                                 with the ensemble's key columns
                                 (docs/outputs.md) */
  int nstages;                /* stage timings, 0..TL_STORE_MAX_STAGES */
  const char *stage_names[TL_STORE_MAX_STAGES]; /* [nstages] "read", ... */
  double stage_seconds[TL_STORE_MAX_STAGES];    /* [nstages] */

  /* out (listing only) */
  int64_t id;              /* run id: 1, 2, ... in the order recorded */
  const char *uid;         /* 32 hex digits, unique across stores */
  const char *recorded;    /* UTC time "2026-11-28T17:20:05Z" */
  const char *inputs_hash; /* SHA-256 (hex) over the input files */
  const char *results_dir; /* where the results were read from, or NULL */
  const char *version;     /* Tanlu version that recorded the run */
  int64_t nresults;        /* result values recorded */
  int reserved[4];
} tl_store_run;

/* Record a run into the store at db_path (created with its schema when
 * missing): the run's description, the hashes of its input files, its
 * model's values (when info->model is set), its stage timings and every
 * result under results_dir - each *.csv there (otoole tables; named with
 * info->results_prefix in front when set) and in results_dir/roadmap/,
 * and results_dir/iamc.csv - in long form. An ensemble is one run: its
 * base model and its CSV files as tables "ensemble/members", ... One
 * transaction: after an error or a crash the store holds the run entirely
 * or not at all. results_dir may be NULL (a run without results, e.g.
 * infeasible). On TL_OK *run_id (may be NULL) receives the new id. Waits up
 * to 30 s for another process that holds the store. */
tl_status tl_store_record(tl_ctx *ctx, const char *db_path,
                          const tl_store_run *info, const char *results_dir,
                          int64_t *run_id);

/* tl_store_record in steps, for a caller that records a run while it still
 * writes its files. tl_store_begin takes the store's write lock (the same
 * wait) and records the run's description (info's fields but the stage
 * timings; results_dir as where its results are), its input files and
 * values. tl_store_add_files records the *.csv files results_dir holds
 * now, but for those named in later (a NULL-terminated list of file names,
 * e.g. {"iamc.csv", NULL}; may be NULL): files the caller is still to
 * write. tl_store_finish records the stage timings of info (and
 * "interrupted", if set since) and the result files not recorded yet - the
 * later ones, results_dir/roadmap/ - and commits; tl_store_abandon rolls
 * back. After an error, and after finish or abandon, txn is rolled back
 * (when not committed) and freed. The lock is held from begin to the end:
 * keep it short (no solve in between). The steps may be called from
 * different threads, one after the other, each with its own ctx. */
typedef struct tl_store_txn tl_store_txn;
tl_status tl_store_begin(tl_ctx *ctx, const char *db_path,
                         const tl_store_run *info, const char *results_dir,
                         tl_store_txn **txn);
tl_status tl_store_add_files(tl_ctx *ctx, tl_store_txn *txn,
                             const char *const *later);
tl_status tl_store_finish(tl_ctx *ctx, tl_store_txn *txn,
                          const tl_store_run *info, int64_t *run_id);
void tl_store_abandon(tl_store_txn *txn); /* accepts NULL */

/* Called once per run, oldest first; return nonzero to stop. */
typedef int (*tl_store_run_fn)(void *ud, const tl_store_run *run);

/* List the runs of the store (TL_ERR_IO when it does not exist). */
tl_status tl_store_list(tl_ctx *ctx, const char *db_path, tl_store_run_fn fn,
                        void *ud);

/* Resolve a run reference: "12" (an id), "last", "last~1" (the one
 * before), or a unique prefix of a uid (at least 6 hex digits). TL_ERR_ARG
 * (with a diagnostic) when no run or several match. */
tl_status tl_store_find(tl_ctx *ctx, const char *db_path, const char *ref,
                        int64_t *run_id);

/* What tl_store_diff reports, item by item. */
typedef enum tl_diff_kind {
  TL_DIFF_RUN = 0,    /* a field of the runs: name ("solver", "status",
                         "objective", ...), text_a/text_b or a/b */
  TL_DIFF_FILE = 1,   /* an input file: name = file name, text_a/text_b =
                         its SHA-256, NULL when absent from that run */
  TL_DIFF_INPUTS = 2, /* summary of the model values: counts */
  TL_DIFF_INPUT = 3,  /* a model value: name = parameter or set, key =
                         index tuple ("UTOPIA,E01,1990"; "" for a
                         parameter's default), a/b (NAN absent) or
                         text_a/text_b for text values */
  TL_DIFF_TABLE = 4,  /* summary of a result table: name = table
                         ("AnnualEmissions", "roadmap/Targets", "iamc"),
                         counts, a/b = sums of its values */
  TL_DIFF_RESULT = 5  /* a result value: name = table, key = index tuple,
                         column = value column, a/b (NAN when absent) or
                         text_a/text_b */
} tl_diff_kind;

typedef struct tl_diff_item {
  tl_diff_kind kind;
  const char *name;
  const char *key;
  const char *column;
  const char *text_a, *text_b;
  double a, b;
  int a_default, b_default; /* TL_DIFF_INPUT: 1 when that run has no entry
                               and a (or b) is the parameter's default */
  int64_t only_a, only_b, changed, same; /* TL_DIFF_INPUTS, TL_DIFF_TABLE */
  int reserved[4];
} tl_diff_item;

typedef int (*tl_diff_fn)(void *ud, const tl_diff_item *item);

typedef struct tl_diff_options {
  double rel_tol;    /* values differ when |a-b| > abs_tol + rel_tol *
                        max(|a|,|b|); default 1e-6 */
  double abs_tol;    /* default 1e-9 */
  int top;           /* changed values listed per table and for the
                        model, largest first (default 10; 0: none) */
  int all_tables;    /* 0 (default): the key tables (docs/outputs.md);
                        1: every table both runs have */
  const char *table; /* only this table (overrides all_tables), or NULL */
  int reserved[8];
} tl_diff_options;

void tl_diff_options_init(tl_diff_options *o);

/* Compare two runs of the store: the run fields, input files, model values
 * and results, in that order, item by item to fn (return nonzero to stop).
 * Items that are the same are not reported (except TL_DIFF_TABLE and
 * TL_DIFF_INPUTS summaries, always reported). o may be NULL. */
tl_status tl_store_diff(tl_ctx *ctx, const char *db_path, int64_t run_a,
                        int64_t run_b, const tl_diff_options *o, tl_diff_fn fn,
                        void *ud);

typedef enum tl_export_format {
  TL_EXPORT_CSV = 0, /* out is a folder: every table as NAME.csv (roadmap
                        tables under roadmap/, and iamc.csv), as the run
                        wrote them (rows and columns; numbers in shortest
                        round-trip form) */
  TL_EXPORT_IAMC = 1 /* out is a file ("-": standard output): the run's IAMC
                        rows, as iamc.csv */
} tl_export_format;

tl_status tl_store_export(tl_ctx *ctx, const char *db_path, int64_t run_id,
                          tl_export_format format, const char *out);

/* ---- IAMC --------------------------------------------------------------- */

typedef struct tl_iamc_options {
  const char *model_label; /* IAMC "Model"; NULL: "Tanlu <version>" */
  const char *scenario;    /* IAMC "Scenario"; NULL: "baseline" */
  const char *map_path;    /* variable map (docs/outputs.md); NULL: the
                              model folder's IamcMap.csv when present (for
                              a data file: IamcMap.csv beside it) */
  tl_gwp gwp;              /* GWP100 table of the CO2-equivalent sums */
  int reserved[8];
} tl_iamc_options;

void tl_iamc_options_init(tl_iamc_options *o);

/* Write out_path (a file, written under a temporary name and renamed) in
 * the IAMC long format Model,Scenario,Region,Variable,Unit,<year>...,
 * one row per region and variable, years as columns, from the result CSVs
 * in results_dir (and results_dir/roadmap/CarbonPrice.csv when present).
 * m: the model the results belong to (its technologies, fuels and roadmap
 * parameters map results to variables); model_path: where it was read
 * from (to find IamcMap.csv; may be NULL). o may be NULL. */
tl_status tl_iamc_write(tl_ctx *ctx, const tl_model *m, const char *model_path,
                        const tl_iamc_options *o, const char *results_dir,
                        const char *out_path);

/* ---- HTML report -------------------------------------------------------- */

typedef struct tl_report_options {
  const char *lang;          /* "en" (default) or "zh" */
  const char *title;         /* NULL: "Tanlu report: <run label>" */
  const char *const *labels; /* [ndirs] names of the runs, or NULL: the
                              folders' names */
  const char *const *models; /* [ndirs] model paths (entries may be NULL),
                              or NULL: used to compute the IAMC variables
                              of a folder without iamc.csv */
  int reserved[8];
} tl_report_options;

void tl_report_options_init(tl_report_options *o);

/* Write one self-contained HTML file (charts, their data, the charting
 * library; it opens offline) from the result folders dirs[0..ndirs),
 * 1 <= ndirs <= 2; with two, the report also compares them. Charts whose
 * data is missing (e.g. no roadmap/ tables) show a note. out_html is
 * written under a temporary name and renamed. o may be NULL. */
tl_status tl_report_write(tl_ctx *ctx, const char *const *dirs, int ndirs,
                          const tl_report_options *o, const char *out_html);

/* Nonzero when the charting library (Apache ECharts) is built in; without
 * it the report holds the tables only. */
int tl_report_has_charts(void);

#ifdef __cplusplus
}
#endif
#endif /* TANLU_OUTPUTS_H */
