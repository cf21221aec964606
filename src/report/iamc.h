/* iamc.h - the IAMC variables of a run (implements tl_iamc_write): how a
 * model's technologies, fuels and emissions map to IAMC / AR6 variable
 * names (heuristics, overridden by IamcMap.csv), the table of variables
 * computed from the result CSVs, and its CSV form. The report reuses the
 * table when a result folder lacks iamc.csv. */
#ifndef TL_IAMC_H
#define TL_IAMC_H

#include "model/model.h"
#include "model/roadmap.h"
#include "report/outtab.h"
#include "tanlu_outputs.h"

/* ---- the map ---------------------------------------------------------------
 */
typedef struct tl_iamc_map {
  int T, F, E;
  double energy;      /* model energy unit in EJ (PJ: 0.001) */
  double capacity;    /* model capacity unit in GW */
  double emission;    /* model emission unit in Mt (of the gas) */
  double cost;        /* currency units per model cost unit (1e6: millions) */
  char *currency;     /* owned label, e.g. "US$2010" */
  char **elec;        /* [T] owned class path ("Coal|w/o CCS", "Solar|PV")
                         of an electricity generator; NULL: not one */
  char **sector;      /* [T] owned emission sector path
                         ("Energy|Supply|Electricity", "AFOLU", ...) */
  char *elec_fuel;    /* [F] 1: the fuel is electricity */
  const tl_gas **gas; /* [E] the gas of each emission, or NULL */
  int *category;      /* [T] TL_CAT_* */
  char *biomass;      /* [T] 1: fed by (or named for) biomass */
  char *dac;          /* [T] 1: direct air capture by name */
} tl_iamc_map;

/* Classify the model's technologies, fuels and emissions, then apply the
 * map file map_path (NULL or absent: none; see docs/outputs.md). 0, or -1
 * (reported: a bad map file, out of memory). */
int tl_iamc_map_init(tl_ctx *ctx, tl_iamc_map *mp, const tl_model *m,
                     const char *map_path);
void tl_iamc_map_free(tl_iamc_map *mp);

/* The path of IamcMap.csv for a model read from model_path (a folder: in
 * it; a file: beside it), into b. */
void tl_iamc_default_map_path(tl_buf *b, const char *model_path);

/* ---- the table
 * ---------------------------------------------------------------- */
typedef struct tl_iamc_var {
  char *key;            /* owned "REGION\x1fVARIABLE" (map key) */
  int region;           /* position in REGION */
  const char *variable; /* inside key */
  char *unit;           /* owned */
  double *val;          /* [nyears]; NAN: no value */
} tl_iamc_var;

typedef struct tl_iamc_table {
  char *model_label, *scenario; /* owned */
  const tl_model *m;            /* borrowed: region and year names */
  int nyears;
  tl_iamc_var *var; /* [n] */
  size_t n, cap;
  tl_strmap map; /* key -> position in var */
  int oom;
} tl_iamc_table;

/* Compute the variables of the results in results_dir. TL_OK, or the
 * status of the first error (reported in ctx). */
tl_status tl_iamc_compute(tl_ctx *ctx, const tl_model *m,
                          const char *model_path, const tl_iamc_options *o,
                          const char *results_dir, tl_iamc_table *out);
void tl_iamc_table_free(tl_iamc_table *t);
/* Sort by region, then variable name. */
void tl_iamc_table_sort(tl_iamc_table *t);
/* The whole table as CSV text into b. */
void tl_iamc_table_csv(const tl_iamc_table *t, tl_buf *b);

#endif /* TL_IAMC_H */
