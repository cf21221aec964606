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

/* Names of table i in dir: the temporary one and the final one. */
static int table_names(const char *dir, int i, tl_buf *tmp, tl_buf *fin) {
  tl_buf_printf(fin, "%s/%s.csv", dir, tl_an_table_names[i]);
  tl_buf_printf(tmp, "%s/.%s.csv.tmp%ld", dir, tl_an_table_names[i],
                (long)getpid());
  return tmp->oom || fin->oom ? -1 : 0;
}

/* Write one table under its temporary name: header, rows. 0 or -1
 * (reported; the file removed). */
static int write_table(tl_ctx *ctx, const char *tmp, int i,
                       const tl_an_table *t) {
  FILE *f = fopen(tmp, "w");
  if (!f) {
    tl_diagf(ctx, TL_ERROR, NULL, tl_an_table_names[i], NULL, tmp,
             "cannot create roadmap table: %s", strerror(errno));
    return -1;
  }
  fputs(tl_an_table_headers[i], f);
  fputc('\n', f);
  if (t->body.len) fwrite(t->body.s, 1, t->body.len, f);
  /* durable later, all tables at once (tl_sync_folder) */
  int bad = ferror(f) || fflush(f);
  if (fclose(f)) bad = 1;
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, tl_an_table_names[i], NULL, tmp,
             "cannot write roadmap table: %s", strerror(errno));
    remove(tmp);
    return -1;
  }
  return 0;
}

/* Every table under its temporary name, one flush to disk, then the
 * renames into place (and a flush of those): all tables or none. */
static tl_status write_tables(tl_ctx *ctx, const char *dir,
                              const tl_roadmap *rm) {
  tl_buf tmp[TL_AN_NTABLES], fin[TL_AN_NTABLES];
  tl_status st = TL_OK;
  int n = 0; /* temporary files written */
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    tl_buf_init(&tmp[i]);
    tl_buf_init(&fin[i]);
  }
  for (; n < TL_AN_NTABLES; n++) {
    if (table_names(dir, n, &tmp[n], &fin[n]))
      st = TL_ERR_NOMEM;
    else if (write_table(ctx, tl_buf_cstr(&tmp[n]), n, &rm->tab[n]))
      st = TL_ERR_IO;
    if (st != TL_OK) break; /* table n left no file */
  }
  if (st == TL_OK && tl_sync_folder(ctx, dir, "the roadmap tables"))
    st = TL_ERR_IO;
  for (int i = 0; i < n && st == TL_OK; i++)
    if (rename(tl_buf_cstr(&tmp[i]), tl_buf_cstr(&fin[i]))) {
      tl_diagf(ctx, TL_ERROR, NULL, tl_an_table_names[i], NULL,
               tl_buf_cstr(&fin[i]),
               "cannot rename roadmap table into place: %s", strerror(errno));
      st = TL_ERR_IO;
    }
  if (st == TL_OK && tl_sync_entries(ctx, dir, "the roadmap folder"))
    st = TL_ERR_IO;
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    if (st != TL_OK && i < n) remove(tl_buf_cstr(&tmp[i]));
    tl_buf_free(&tmp[i]);
    tl_buf_free(&fin[i]);
  }
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
