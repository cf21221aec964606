/* table.c - the roadmap tables: names and headers, rows kept as CSV text
 * while the analyses run, and writing them into DIR/roadmap/ (each file
 * under a temporary name, renamed when complete). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/analysis.h"

const char *const tl_an_table_names[TL_AN_NTABLES] = {
    "Emissions",     "Targets",           "CarbonPrice",
    "PhaseDecomposition", "CostPremium",  "MACCurve",
    "MaturityStatistics", "InnovationGap", "Criticality",
    "CoBenefits"};

const char *const tl_an_table_headers[TL_AN_NTABLES] = {
    "REGION,YEAR,EMISSION,GAS,SECTOR,CATEGORY,VALUE,CO2E",
    "REGION,YEAR,INDICATOR,VALUE,TARGET,MET",
    "REGION,YEAR,CONSTRAINT,VALUE",
    "REGION,LEVEL,PERIOD,FIRST_YEAR,LAST_YEAR,EFFECT,VALUE,SHARE",
    "REGION,TECHNOLOGY,CATEGORY,REFERENCE,YEAR,PRODUCT,LCOP,LCOP_REFERENCE,"
    "PREMIUM_PCT,EMISSION_PER_UNIT,EMISSION_PER_UNIT_REFERENCE,"
    "ABATEMENT_PER_UNIT,COST_PER_CO2E",
    "REGION,YEAR,RANK,TECHNOLOGY,REFERENCE,COST_PER_CO2E,ABATEMENT_PER_UNIT,"
    "DEPLOYED,POTENTIAL,CUMULATIVE_POTENTIAL",
    "REGION,YEAR,INDICATOR,COUNT,TOTAL,SHARE_PCT,ROADMAP_PCT",
    "REGION,TECHNOLOGY,CATEGORY,READY_YEAR,FIRST_DEPLOYED,WANTED_FROM,"
    "GAP_YEARS,FLAG",
    "RANK,TECHNOLOGY,CATEGORY,FIRST_DEPLOYED,BASE_COST,UNAVAILABLE_STATUS,"
    "UNAVAILABLE_COST,UNAVAILABLE_INCREASE,UNAVAILABLE_INCREASE_PCT,LATE_FROM,"
    "LATE_STATUS,LATE_COST,LATE_INCREASE,LATE_INCREASE_PCT",
    "REGION,YEAR,INDICATOR,ITEM,PATHWAY,REFERENCE,DIFFERENCE"};

static void sep(tl_an_table *t) {
  if (t->field++) tl_buf_addc(&t->body, ',');
}

void tl_an_str(tl_an_table *t, const char *s) {
  sep(t);
  if (!s) return;
  if (!strpbrk(s, ",\"\n\r")) {
    tl_buf_adds(&t->body, s);
    return;
  }
  tl_buf_addc(&t->body, '"');
  for (; *s; s++) {
    if (*s == '"') tl_buf_addc(&t->body, '"');
    tl_buf_addc(&t->body, *s);
  }
  tl_buf_addc(&t->body, '"');
}

void tl_an_num(tl_an_table *t, double v) {
  sep(t);
  if (isfinite(v)) tl_buf_printf(&t->body, "%.15g", v == 0 ? 0 : v);
}

void tl_an_int(tl_an_table *t, long v) {
  sep(t);
  tl_buf_printf(&t->body, "%ld", v);
}

void tl_an_endrow(tl_an_table *t) {
  tl_buf_addc(&t->body, '\n');
  t->field = 0;
  t->rows++;
}

/* mkdir -p */
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
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "output path is not a folder");
    return -1;
  }
  return 0;
}

/* Write table i of rm into dir under a temporary name and add it to g.
 * 0, or -1: TL_ERR_NOMEM or TL_ERR_IO in *st (reported; no file left). */
static int write_table(tl_ctx *ctx, const char *dir, int i,
                       const tl_an_table *t, tl_renames *g, tl_status *st) {
  tl_buf tmp, fin;
  tl_buf_init(&tmp);
  tl_buf_init(&fin);
  tl_buf_printf(&fin, "%s/%s.csv", dir, tl_an_table_names[i]);
  tl_buf_printf(&tmp, "%s/.%s.csv.tmp%ld", dir, tl_an_table_names[i],
                (long)getpid());
  FILE *f = NULL;
  *st = TL_ERR_NOMEM;
  if (tmp.oom || fin.oom) goto done;
  *st = TL_ERR_IO;
  f = fopen(tl_buf_cstr(&tmp), "w");
  if (!f) {
    tl_diagf(ctx, TL_ERROR, NULL, tl_an_table_names[i], NULL,
             tl_buf_cstr(&tmp), "cannot create roadmap table: %s",
             strerror(errno));
    goto done;
  }
  fputs(tl_an_table_headers[i], f);
  fputc('\n', f);
  if (t->body.len) fwrite(t->body.s, 1, t->body.len, f);
  /* durable later, all tables at once (tl_renames_finish) */
  int bad = ferror(f) || fflush(f);
  if (fclose(f)) bad = 1;
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, tl_an_table_names[i], NULL,
             tl_buf_cstr(&tmp), "cannot write roadmap table: %s",
             strerror(errno));
  } else if (tl_renames_add(g, tl_buf_cstr(&tmp), tl_buf_cstr(&fin))) {
    *st = TL_ERR_NOMEM;
  } else {
    *st = TL_OK;
  }
  if (*st != TL_OK) remove(tl_buf_cstr(&tmp));
done:
  tl_buf_free(&tmp);
  tl_buf_free(&fin);
  return *st == TL_OK ? 0 : -1;
}

/* Every table under its temporary name, then all renamed into place
 * together (tl_renames): all tables or none. */
static tl_status write_tables(tl_ctx *ctx, const char *dir,
                              const tl_roadmap *rm) {
  tl_renames g;
  tl_status st = TL_OK;
  tl_renames_init(&g);
  for (int i = 0; i < TL_AN_NTABLES && st == TL_OK; i++)
    write_table(ctx, dir, i, &rm->tab[i], &g, &st);
  if (tl_renames_finish(ctx, &g, dir, "roadmap table", "roadmap",
                        st == TL_OK) &&
      st == TL_OK)
    st = TL_ERR_IO;
  return st;
}

tl_status tl_roadmap_write(tl_ctx *ctx, const tl_roadmap *rm, const char *dir) {
  if (!rm || !dir) return TL_ERR_ARG;
  for (int i = 0; i < TL_AN_NTABLES; i++)
    if (rm->tab[i].body.oom) return TL_ERR_NOMEM;
  tl_buf sub;
  tl_buf_init(&sub);
  tl_buf_printf(&sub, "%s/roadmap", dir);
  if (sub.oom) return TL_ERR_NOMEM;
  tl_status st = TL_OK;
  if (make_dir(ctx, tl_buf_cstr(&sub)))
    st = TL_ERR_IO;
  else
    st = write_tables(ctx, tl_buf_cstr(&sub), rm);
  tl_buf_free(&sub);
  return st;
}
