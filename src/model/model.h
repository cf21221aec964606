/* model.h - the in-memory OSeMOSYS model: sets, and sparse parameter tables
 * with defaults. Readers fill it; the validator, the LP builder and the
 * writers read it. */
#ifndef TL_MODEL_H
#define TL_MODEL_H

#include <stdint.h>

#include "core/core.h"

/* The sets of OSeMOSYS, in a fixed order. */
typedef enum tl_set_id {
  TL_REGION = 0,
  TL_TECHNOLOGY,
  TL_TIMESLICE,
  TL_FUEL,
  TL_EMISSION,
  TL_MODE_OF_OPERATION,
  TL_SEASON,
  TL_DAYTYPE,
  TL_DAILYTIMEBRACKET,
  TL_STORAGE,
  TL_YEAR,
  TL_NSETS
} tl_set_id;

extern const char *const tl_set_names[TL_NSETS];

/* Parameter flags: what the validator checks. */
enum {
  TL_PF_NONNEG = 1u << 0,  /* >= 0 */
  TL_PF_FRAC = 1u << 1,    /* in [0, 1] */
  TL_PF_BINARY = 1u << 2,  /* 0 or 1 */
  TL_PF_LIMIT = 1u << 3,   /* >= 0, or -1 meaning "no limit" */
  TL_PF_POSITIVE = 1u << 4, /* > 0 */
  TL_PF_SYMBOLIC = 1u << 5, /* a text value: stored as an index into the
                               model's string pool (tl_model_intern); -1 is
                               "no value" */
  TL_PF_ROADMAP = 1u << 6,  /* a Tanlu roadmap extension, not OSeMOSYS */
  TL_PF_ENTRIES = 1u << 7   /* only given entries (and a declared default)
                               count: an absent row means "no constraint" */
};

/* X-macro of every parameter the formulation knows:
 * X(Name, number of indices, index sets..., default, flags).
 * Defaults are the reference ones (otoole's default configuration), used
 * when neither the data file nor config.yaml declares one. */
#define TL_MAXIDX 5
#define TL_PARAMS(X)                                                          \
  X(YearSplit, 2, TL_TIMESLICE, TL_YEAR, 0, 0, 0, 0, TL_PF_FRAC)              \
  X(DiscountRate, 1, TL_REGION, 0, 0, 0, 0, 0.05, 0)                          \
  X(DiscountRateIdv, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 0.05, 0)           \
  X(OperationalLife, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 1, TL_PF_POSITIVE) \
  X(DiscountRateStorage, 2, TL_REGION, TL_STORAGE, 0, 0, 0, 0.05, 0)          \
  X(DaySplit, 2, TL_DAILYTIMEBRACKET, TL_YEAR, 0, 0, 0, 0.00137, TL_PF_FRAC)  \
  X(Conversionls, 2, TL_TIMESLICE, TL_SEASON, 0, 0, 0, 0, TL_PF_BINARY)       \
  X(Conversionld, 2, TL_TIMESLICE, TL_DAYTYPE, 0, 0, 0, 0, TL_PF_BINARY)      \
  X(Conversionlh, 2, TL_TIMESLICE, TL_DAILYTIMEBRACKET, 0, 0, 0, 0,           \
    TL_PF_BINARY)                                                             \
  X(DaysInDayType, 3, TL_SEASON, TL_DAYTYPE, TL_YEAR, 0, 0, 7, TL_PF_NONNEG)  \
  X(TradeRoute, 4, TL_REGION, TL_REGION, TL_FUEL, TL_YEAR, 0, 0,              \
    TL_PF_BINARY)                                                             \
  X(DepreciationMethod, 1, TL_REGION, 0, 0, 0, 0, 1, 0)                       \
  X(SpecifiedAnnualDemand, 3, TL_REGION, TL_FUEL, TL_YEAR, 0, 0, 0,           \
    TL_PF_NONNEG)                                                             \
  X(SpecifiedDemandProfile, 4, TL_REGION, TL_FUEL, TL_TIMESLICE, TL_YEAR, 0,  \
    0, TL_PF_FRAC)                                                            \
  X(AccumulatedAnnualDemand, 3, TL_REGION, TL_FUEL, TL_YEAR, 0, 0, 0,         \
    TL_PF_NONNEG)                                                             \
  X(CapacityToActivityUnit, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 1,          \
    TL_PF_NONNEG)                                                             \
  X(CapacityFactor, 4, TL_REGION, TL_TECHNOLOGY, TL_TIMESLICE, TL_YEAR, 0, 1, \
    TL_PF_NONNEG)                                                             \
  X(AvailabilityFactor, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 1,        \
    TL_PF_FRAC)                                                             \
  X(ResidualCapacity, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0,          \
    TL_PF_NONNEG)                                                             \
  X(InputActivityRatio, 5, TL_REGION, TL_TECHNOLOGY, TL_FUEL,                 \
    TL_MODE_OF_OPERATION, TL_YEAR, 0, 0)                                      \
  X(OutputActivityRatio, 5, TL_REGION, TL_TECHNOLOGY, TL_FUEL,                \
    TL_MODE_OF_OPERATION, TL_YEAR, 0, 0)                                      \
  X(CapitalCost, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0, TL_PF_NONNEG) \
  X(VariableCost, 4, TL_REGION, TL_TECHNOLOGY, TL_MODE_OF_OPERATION, TL_YEAR, \
    0, 0, 0)                                                                  \
  X(FixedCost, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0, TL_PF_NONNEG)   \
  X(TechnologyToStorage, 4, TL_REGION, TL_TECHNOLOGY, TL_STORAGE,             \
    TL_MODE_OF_OPERATION, 0, 0, TL_PF_NONNEG)                                 \
  X(TechnologyFromStorage, 4, TL_REGION, TL_TECHNOLOGY, TL_STORAGE,           \
    TL_MODE_OF_OPERATION, 0, 0, TL_PF_NONNEG)                                 \
  X(StorageLevelStart, 2, TL_REGION, TL_STORAGE, 0, 0, 0, 0, TL_PF_NONNEG)    \
  X(StorageMaxChargeRate, 2, TL_REGION, TL_STORAGE, 0, 0, 0, 0, TL_PF_NONNEG) \
  X(StorageMaxDischargeRate, 2, TL_REGION, TL_STORAGE, 0, 0, 0, 0,            \
    TL_PF_NONNEG)                                                             \
  X(MinStorageCharge, 3, TL_REGION, TL_STORAGE, TL_YEAR, 0, 0, 0, TL_PF_FRAC) \
  X(OperationalLifeStorage, 2, TL_REGION, TL_STORAGE, 0, 0, 0, 0,             \
    TL_PF_NONNEG)                                                             \
  X(CapitalCostStorage, 3, TL_REGION, TL_STORAGE, TL_YEAR, 0, 0, 0,           \
    TL_PF_NONNEG)                                                             \
  X(ResidualStorageCapacity, 3, TL_REGION, TL_STORAGE, TL_YEAR, 0, 0, 999,    \
    TL_PF_NONNEG)                                                             \
  X(CapacityOfOneTechnologyUnit, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0,  \
    0, TL_PF_NONNEG)                                                          \
  X(TotalAnnualMaxCapacity, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, -1,   \
    TL_PF_LIMIT)                                                              \
  X(TotalAnnualMinCapacity, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0,    \
    TL_PF_NONNEG)                                                             \
  X(TotalAnnualMaxCapacityInvestment, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR,   \
    0, 0, -1, TL_PF_LIMIT)                                                    \
  X(TotalAnnualMinCapacityInvestment, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR,   \
    0, 0, 0, TL_PF_NONNEG)                                                    \
  X(TotalTechnologyAnnualActivityUpperLimit, 3, TL_REGION, TL_TECHNOLOGY,     \
    TL_YEAR, 0, 0, -1, TL_PF_LIMIT)                                           \
  X(TotalTechnologyAnnualActivityLowerLimit, 3, TL_REGION, TL_TECHNOLOGY,     \
    TL_YEAR, 0, 0, 0, TL_PF_NONNEG)                                           \
  X(TotalTechnologyModelPeriodActivityUpperLimit, 2, TL_REGION,               \
    TL_TECHNOLOGY, 0, 0, 0, -1, TL_PF_LIMIT)                                  \
  X(TotalTechnologyModelPeriodActivityLowerLimit, 2, TL_REGION,               \
    TL_TECHNOLOGY, 0, 0, 0, 0, TL_PF_NONNEG)                                  \
  X(ReserveMarginTagTechnology, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0,   \
    0, TL_PF_FRAC)                                                            \
  X(ReserveMarginTagFuel, 3, TL_REGION, TL_FUEL, TL_YEAR, 0, 0, 0,            \
    TL_PF_BINARY)                                                             \
  X(ReserveMargin, 2, TL_REGION, TL_YEAR, 0, 0, 0, 1, TL_PF_NONNEG)           \
  X(RETagTechnology, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0,           \
    TL_PF_BINARY)                                                             \
  X(RETagFuel, 3, TL_REGION, TL_FUEL, TL_YEAR, 0, 0, 0, TL_PF_BINARY)         \
  X(REMinProductionTarget, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0, TL_PF_NONNEG)   \
  X(EmissionActivityRatio, 5, TL_REGION, TL_TECHNOLOGY, TL_EMISSION,          \
    TL_MODE_OF_OPERATION, TL_YEAR, 0, 0)                                      \
  X(EmissionsPenalty, 3, TL_REGION, TL_EMISSION, TL_YEAR, 0, 0, 0, 0)         \
  X(AnnualExogenousEmission, 3, TL_REGION, TL_EMISSION, TL_YEAR, 0, 0, 0, 0)  \
  X(AnnualEmissionLimit, 3, TL_REGION, TL_EMISSION, TL_YEAR, 0, 0, -1, 0)     \
  X(ModelPeriodExogenousEmission, 2, TL_REGION, TL_EMISSION, 0, 0, 0, 0, 0)   \
  X(ModelPeriodEmissionLimit, 2, TL_REGION, TL_EMISSION, 0, 0, 0, -1, 0)    \
  TL_ROADMAP_PARAMS(X)

/* Roadmap extensions (Tanlu): gases, dual control, targets, technology
 * catalogue. A model without them is a plain OSeMOSYS model. */
#define TL_RM TL_PF_ROADMAP
#define TL_ROADMAP_PARAMS(X)                                                  \
  X(EmissionGas, 1, TL_EMISSION, 0, 0, 0, 0, -1, TL_RM | TL_PF_SYMBOLIC)     \
  X(AnnualGHGLimit, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0, TL_RM | TL_PF_ENTRIES) \
  X(GDP, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0, TL_RM | TL_PF_NONNEG)             \
  X(CarbonIntensityLimit, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0,                  \
    TL_RM | TL_PF_ENTRIES | TL_PF_LIMIT)                                      \
  X(PrimaryEnergyFactor, 3, TL_REGION, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0,       \
    TL_RM | TL_PF_NONNEG)                                                     \
  X(EnergyConsumptionLimit, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0,                \
    TL_RM | TL_PF_ENTRIES | TL_PF_LIMIT)                                      \
  X(EnergyIntensityLimit, 2, TL_REGION, TL_YEAR, 0, 0, 0, 0,                  \
    TL_RM | TL_PF_ENTRIES | TL_PF_LIMIT)                                      \
  X(PeakYear, 1, TL_REGION, 0, 0, 0, 0, -1, TL_RM | TL_PF_ENTRIES)            \
  X(NetZeroYear, 1, TL_REGION, 0, 0, 0, 0, -1, TL_RM | TL_PF_ENTRIES)         \
  X(TechnologyCategory, 1, TL_TECHNOLOGY, 0, 0, 0, 0, -1,                     \
    TL_RM | TL_PF_SYMBOLIC)                                                   \
  X(TechnologySector, 1, TL_TECHNOLOGY, 0, 0, 0, 0, -1,                       \
    TL_RM | TL_PF_SYMBOLIC)                                                   \
  X(TechnologyReadiness, 2, TL_TECHNOLOGY, TL_YEAR, 0, 0, 0, 9,               \
    TL_RM | TL_PF_NONNEG)                                                     \
  X(ReferenceTechnology, 1, TL_TECHNOLOGY, 0, 0, 0, 0, -1,                    \
    TL_RM | TL_PF_SYMBOLIC)                                                   \
  X(MaxCapacityGrowthRate, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 0,           \
    TL_RM | TL_PF_ENTRIES | TL_PF_LIMIT)                                      \
  X(CapacityGrowthSeed, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 0,              \
    TL_RM | TL_PF_NONNEG)                                                     \
  X(ImportTag, 2, TL_REGION, TL_TECHNOLOGY, 0, 0, 0, 0, TL_RM | TL_PF_FRAC)   \
  X(FuelPrice, 3, TL_REGION, TL_FUEL, TL_YEAR, 0, 0, 0,                       \
    TL_RM | TL_PF_ENTRIES)                                                    \
  X(YearWeight, 1, TL_YEAR, 0, 0, 0, 0, 1, TL_RM | TL_PF_POSITIVE)

typedef enum tl_param_id {
#define TL_X_ENUM(name, n, a, b, c, d, e, def, flags) TL_P_##name,
  TL_PARAMS(TL_X_ENUM)
#undef TL_X_ENUM
  TL_NPARAMS
} tl_param_id;

/* Static description of a parameter. */
typedef struct tl_param_def {
  const char *name;
  int nidx;                 /* number of indices, 0..TL_MAXIDX */
  tl_set_id idx[TL_MAXIDX]; /* index sets, [nidx] */
  double def;               /* reference default */
  unsigned flags;           /* TL_PF_* */
} tl_param_def;

extern const tl_param_def tl_param_defs[TL_NPARAMS];

/* Parameter id for a name (exact match), or -1. */
int tl_param_find(const char *name, size_t len);
/* Names in data files that the formulation never uses (ResultsPath):
 * readers skip them with a notice. Returns 1 if name is one. */
int tl_param_is_ignored(const char *name, size_t len);
/* Closest known parameter name to name (for "did you mean"), or NULL. */
const char *tl_param_suggest(const char *name);
/* Set id for a name ("TECHNOLOGY"), or -1. */
int tl_set_find(const char *name, size_t len);

/* A set: members in the order given, with a name index. */
typedef struct tl_set {
  char **name;   /* [n] owned member names */
  double *num;   /* [n] numeric value of each name, NAN if not a number */
  int n;
  size_t cap;
  tl_strmap map; /* name -> position */
  int defined;   /* nonzero once a reader has defined it */
  int frozen;    /* nonzero once a parameter entry uses it */
  tl_loc loc;    /* where it was defined (file borrowed from model) */
} tl_set;

/* A sparse parameter table: the entries given, plus a default for the
 * rest. Entry e has indices idx[e*nidx .. e*nidx+nidx) (0-based positions
 * in the index sets) and value val[e]. */
typedef struct tl_param {
  const tl_param_def *def;
  double defval;   /* default in force (data file, config.yaml or def) */
  int has_defval;  /* nonzero if the input declared the default */
  int given;       /* nonzero if the input mentioned the parameter */
  int n;           /* entries */
  size_t cap;
  int32_t *idx;    /* [n * nidx] */
  double *val;     /* [n] */
  int32_t *line;   /* [n] source line of each entry (0 unknown) */
  int16_t *col;    /* [n] source column (0 unknown) */
  int16_t *file;   /* [n] index into model->files, -1 unknown */
  uint64_t mult[TL_MAXIDX]; /* key = sum idx[k] * mult[k]; set on freeze */
  tl_u64map map;   /* key -> entry */
  tl_loc decl;     /* where the parameter was declared */
} tl_param;

struct tl_model {
  tl_set sets[TL_NSETS];
  tl_param params[TL_NPARAMS];
  tl_set strings; /* pool of the text values of symbolic parameters */
  char **files; /* [nfiles] owned names of the files read */
  int nfiles;
  int lastfile; /* file of the last entry added (a lookup shortcut) */
  size_t capfiles;
  char *path;   /* what was read (owned) */
};

/* Create an empty model: every set empty and undefined, every parameter
 * with its reference default. NULL when out of memory. */
tl_model *tl_model_new(void);

/* Index of a text value in the model's string pool (added if new), for
 * symbolic parameters; -1 when out of memory. */
int tl_model_intern(tl_model *m, const char *s, size_t len);
/* Text of a symbolic parameter value, or NULL for "no value" (-1). */
const char *tl_model_string(const tl_model *m, double v);

/* Register a file name for locations; returns its index, or -1 (oom). */
int tl_model_add_file(tl_model *m, const char *name);

/* Append a member to a set. Returns its position, or -1 when out of
 * memory, or -2 when the set is frozen (already used by parameter data).
 * A duplicate member returns -3 (and is not added). */
int tl_set_add(tl_set *s, const char *name, size_t len);
/* Position of a member, or -1. */
int tl_set_index(const tl_set *s, const char *name, size_t len);

/* Add or replace an entry. idx: [def->nidx] positions. loc may be NULL.
 * Returns 0 on success; -1 when out of memory; -2 when an index is out of
 * range; -3 when the entry already existed with a different value (the old
 * value is kept and *old receives it if old is not NULL); an identical
 * repeat returns 0. Freezes the index sets on first use. */
int tl_param_set(tl_model *m, tl_param_id p, const int32_t *idx, double v,
                 const tl_loc *loc, double *old);

/* Value of a parameter at idx ([nidx] positions), or its default.
 * DiscountRateIdv defaults to DiscountRate[r]. */
double tl_param_get(const tl_model *m, tl_param_id p, const int32_t *idx);

/* Convenience forms for 1..5 indices. */
double tl_pget1(const tl_model *m, tl_param_id p, int a);
double tl_pget2(const tl_model *m, tl_param_id p, int a, int b);
double tl_pget3(const tl_model *m, tl_param_id p, int a, int b, int c);
double tl_pget4(const tl_model *m, tl_param_id p, int a, int b, int c, int d);
double tl_pget5(const tl_model *m, tl_param_id p, int a, int b, int c, int d,
                int e);

/* A dense copy of a parameter over its whole index space, row-major in the
 * order of its indices (last index fastest), default-filled. Only for
 * parameters whose space is small next to the LP (at most max_cells
 * cells); returns NULL when larger or out of memory (*oom set to 1 then).
 * Free with tl_free(ptr, cells * sizeof(double)); cells via *ncells. */
double *tl_param_dense(const tl_model *m, tl_param_id p, size_t max_cells,
                       size_t *ncells, int *oom);

/* Text of an entry's index tuple ("UTOPIA,E01,1990") into b. */
void tl_param_index_text(const tl_model *m, tl_param_id p, const int32_t *idx,
                         tl_buf *b);
/* Source location of entry e (file may be NULL). */
tl_loc tl_param_entry_loc(const tl_model *m, const tl_param *p, int e);

#endif /* TL_MODEL_H */
