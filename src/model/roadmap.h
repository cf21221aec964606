/* roadmap.h - what the roadmap extensions mean: gases and their GWPs,
 * technology categories, and per-model derived facts (weights of each
 * emission, category of each technology) used by the builder and the
 * analyses. */
#ifndef TL_ROADMAP_H
#define TL_ROADMAP_H

#include "model/model.h"

typedef struct tl_gas {
  const char *name;
  double gwp[3]; /* GWP100 under AR4, AR5, AR6 */
  int pollutant; /* 1: SO2, NOx, PM2.5 - no GWP */
} tl_gas;

/* Gas by name (exact), or NULL. */
const tl_gas *tl_gas_find(const char *name);
/* The table, terminated by a NULL name. */
const tl_gas *tl_gas_table(void);

/* Technology categories (TechnologyCategory). */
enum {
  TL_CAT_CONVENTIONAL = 0,
  TL_CAT_EFFICIENCY,
  TL_CAT_ZERO_CARBON_POWER,
  TL_CAT_FUEL_SUBSTITUTION,
  TL_CAT_CCUS,
  TL_CAT_REMOVAL,
  TL_CAT_NON_CO2,
  TL_CAT_SINK,
  TL_CAT_STORAGE,
  TL_NCATEGORIES
};
const char *tl_category_name(int c);
int tl_category_find(const char *name); /* -1 if unknown */

/* Facts derived from a model and the run's options. */
typedef struct tl_roadmap_info {
  int E, T;
  double *gwp;     /* [E] CO2e per unit of each emission (0: no GWP) */
  char *is_co2;    /* [E] 1 if the emission is CO2 */
  char *is_pollutant; /* [E] */
  int *category;   /* [T] TL_CAT_* (conventional when not given) */
  int any;         /* nonzero if the model uses any roadmap parameter */
} tl_roadmap_info;

/* GWP table choice: 0 AR5 (default), 1 AR4, 2 AR6 (tl_gwp of tanlu.h). */
int tl_roadmap_info_init(tl_roadmap_info *ri, const tl_model *m, int gwp);
void tl_roadmap_info_free(tl_roadmap_info *ri);

/* Check the roadmap parameters of a model (gas names, categories, reference
 * technologies, TRL range); diagnostics to ctx. Returns the number of
 * errors found. */
int tl_roadmap_validate(tl_ctx *ctx, const tl_model *m);

#endif /* TL_ROADMAP_H */
