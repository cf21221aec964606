/* test_convert.c - the two readers and the two writers agree:
 * - each model of tests/models/REFERENCE.tsv shipped both as a data file and
 *   as a CSV folder reads to the same value at every index of every
 *   parameter (members matched by name);
 * - a model written as a CSV folder and as a data file reads back to the
 *   same values (both from the data file and from the CSV form);
 * - awkward member names, DiscountRateIdv's special default, stale files in
 *   an existing folder, mkdir -p and unwritable names are handled. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/read_csv.h"

static int fails;
#define CHECK(c)                                                            \
  do {                                                                      \
    if (!(c)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
      fails++;                                                              \
    }                                                                       \
  } while (0)

static char base[64];

static void dump(const tl_ctx *ctx) {
  char b[2048];
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    tl_diag_format(tl_ctx_diag(ctx, i), b, sizeof b);
    fprintf(stderr, "    | %s\n", b);
  }
}

static void put(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fputs(text, f) < 0 || fclose(f)) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static void rm_rf(const char *path) {
  struct stat sb;
  if (lstat(path, &sb)) return;
  if (S_ISDIR(sb.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[1024];
    while (d && (e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
      rm_rf(sub);
    }
    if (d) closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

/* Names starting with '.' left in a folder (temporary files). */
static int stray_files(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)) != NULL)
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
        strcmp(e->d_name, ".."))
      n++;
  if (d) closedir(d);
  return n;
}

/* Read a model; on failure say which reader failed and why. */
static tl_model *load(tl_ctx *ctx, const char *path) {
  tl_model *m = NULL;
  struct stat sb;
  tl_ctx_clear(ctx);
  tl_status st = tl_model_read(ctx, path, &m);
  if (st != TL_OK) {
    int dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    fprintf(stderr, "%s: %s reader failed: %s%s\n", path,
            dir ? "CSV folder (src/io/read_csv.c)"
                : "GNU MathProg data-file (src/io/read_dat.c)",
            tl_status_str(st),
            st == TL_ERR_UNSUPPORTED ? " - MISSING DEPENDENCY: the data-file "
                                       "reader is not built in"
                                     : "");
    dump(ctx);
    fails++;
  }
  return m;
}

/* ---- comparison --------------------------------------------------------- */

/* Compare sets by name and every parameter at every index of its space,
 * with tl_param_get on both sides. Returns the number of differences. */
static int compare_models(const tl_model *a, const tl_model *b,
                          const char *what) {
  int diffs = 0, same_set[TL_NSETS];
  int32_t *map[TL_NSETS] = {0};
  for (int s = 0; s < TL_NSETS; s++) {
    const tl_set *sa = &a->sets[s], *sb = &b->sets[s];
    same_set[s] = sa->n == sb->n;
    map[s] = malloc(((size_t)sa->n + 1) * sizeof **map);
    for (int i = 0; i < sa->n && same_set[s]; i++) {
      map[s][i] = tl_set_index(sb, sa->name[i], strlen(sa->name[i]));
      if (map[s][i] < 0) same_set[s] = 0;
    }
    if (!same_set[s]) {
      fprintf(stderr, "%s: set %s differs (%d vs %d members)\n", what,
              tl_set_names[s], sa->n, sb->n);
      diffs++;
    }
  }
  for (int p = 0; p < TL_NPARAMS; p++) {
    const tl_param_def *d = &tl_param_defs[p];
    int ok = 1, nd = 0;
    long cells = 1;
    for (int k = 0; k < d->nidx; k++) {
      ok &= same_set[d->idx[k]];
      cells *= a->sets[d->idx[k]].n;
    }
    if (!ok || cells == 0) continue;
    if (cells > 20000000) {
      fprintf(stderr, "%s: %s too large to compare\n", what, d->name);
      diffs++;
      continue;
    }
    int sym = (d->flags & TL_PF_SYMBOLIC) != 0;
    const tl_param *pa = &a->params[p], *pb = &b->params[p];
    if ((d->flags & (TL_PF_ENTRIES | TL_PF_SYMBOLIC)) &&
        pa->has_defval != pb->has_defval) {
      fprintf(stderr, "%s: %s: default declared %d vs %d\n", what, d->name,
              pa->has_defval, pb->has_defval);
      diffs++;
    }
    int32_t ia[TL_MAXIDX] = {0}, ib[TL_MAXIDX];
    for (long c = 0; c < cells; c++) {
      for (int k = 0; k < d->nidx; k++) ib[k] = map[d->idx[k]][ia[k]];
      double va = tl_param_get(a, (tl_param_id)p, ia);
      double vb = tl_param_get(b, (tl_param_id)p, ib);
      const char *ta = sym ? tl_model_string(a, va) : NULL;
      const char *tb = sym ? tl_model_string(b, vb) : NULL;
      if (sym ? !((!ta && !tb) || (ta && tb && !strcmp(ta, tb))) : va != vb) {
        if (nd++ < 5) {
          fprintf(stderr, "%s: %s[", what, d->name);
          for (int k = 0; k < d->nidx; k++)
            fprintf(stderr, "%s%s", k ? "," : "",
                    a->sets[d->idx[k]].name[ia[k]]);
          if (sym)
            fprintf(stderr, "] = '%s' vs '%s'\n", ta ? ta : "(none)",
                    tb ? tb : "(none)");
          else
            fprintf(stderr, "] = %.17g vs %.17g\n", va, vb);
        }
        diffs++;
      }
      for (int k = d->nidx - 1; k >= 0; k--) { /* odometer */
        if (++ia[k] < a->sets[d->idx[k]].n) break;
        ia[k] = 0;
      }
    }
  }
  for (int s = 0; s < TL_NSETS; s++) free(map[s]);
  if (diffs) fails++;
  return diffs;
}

/* Write m as a CSV folder and (when dat) a data file under base/tag, read
 * them back and compare with m. */
static void round_trip(tl_ctx *ctx, const tl_model *m, const char *tag,
                       int dat) {
  char dir[256], datpath[256], what[320];
  snprintf(dir, sizeof dir, "%s/%s/csv", base, tag);
  snprintf(datpath, sizeof datpath, "%s/%s/model.txt", base, tag);
  tl_ctx_clear(ctx);
  tl_status st = tl_model_write_csv(ctx, m, dir);
  if (st != TL_OK) dump(ctx);
  CHECK(st == TL_OK);
  CHECK(stray_files(dir) == 0);
  tl_model *c = load(ctx, dir);
  if (c) {
    snprintf(what, sizeof what, "%s -> CSV -> read", tag);
    compare_models(m, c, what);
    CHECK(tl_ctx_count(ctx, TL_WARNING) == 0);
  }
  tl_model *t = NULL;
  if (dat) {
    tl_ctx_clear(ctx);
    st = tl_model_write_datafile(ctx, m, datpath);
    if (st != TL_OK) dump(ctx);
    CHECK(st == TL_OK);
    t = load(ctx, datpath);
  }
  if (t) {
    snprintf(what, sizeof what, "%s -> data file -> read", tag);
    compare_models(m, t, what);
  }
  tl_model_free(c);
  tl_model_free(t);
}

/* ---- the reference pairs ------------------------------------------------ */

/* Pairs of REFERENCE.tsv rows for one model: a data file NAME.txt and the
 * folder csv/NAME with the same objective (csv/simplicity is a later
 * revision of simplicity.txt: not a pair). */
static void test_reference_pairs(tl_ctx *ctx) {
  FILE *f = fopen("tests/models/REFERENCE.tsv", "r");
  char line[512], paths[64][128], objs[64][64];
  int n = 0, pairs = 0;
  CHECK(f != NULL);
  if (!f) return;
  while (fgets(line, sizeof line, f) && n < 64) {
    char *tab = strchr(line, '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
    if (!tab || !tab2) continue;
    *tab2 = '\0';
    tab2[strcspn(tab2 + 1, "\r\n") + 1] = '\0';
    snprintf(paths[n], sizeof paths[0], "%s", tab + 1);
    snprintf(objs[n++], sizeof objs[0], "%s", tab2 + 1);
  }
  fclose(f);
  for (int i = 0; i < n; i++) {
    size_t len = strlen(paths[i]);
    if (len < 5 || strcmp(paths[i] + len - 4, ".txt")) continue;
    char want[160], txt[256], csv[256], tag[160];
    snprintf(want, sizeof want, "csv/%.*s", (int)(len - 4), paths[i]);
    int found = 0;
    for (int j = 0; j < n; j++)
      found |= !strcmp(paths[j], want) && !strcmp(objs[j], objs[i]);
    if (!found) continue;
    pairs++;
    snprintf(txt, sizeof txt, "tests/models/%s", paths[i]);
    snprintf(csv, sizeof csv, "tests/models/%s", want);
    snprintf(tag, sizeof tag, "%.*s", (int)(len - 4), paths[i]);
    printf("  %s: data file vs CSV folder, round trips\n", tag);
    tl_model *a = load(ctx, txt), *b = load(ctx, csv);
    char what[800];
    snprintf(what, sizeof what, "%s: %s vs %s", tag, txt, csv);
    if (a && b) compare_models(a, b, what);
    if (a) round_trip(ctx, a, tag, 1);
    if (b) {
      char t2[200];
      snprintf(t2, sizeof t2, "%s-csv", tag);
      round_trip(ctx, b, t2, 1);
    }
    tl_model_free(a);
    tl_model_free(b);
  }
  CHECK(pairs == 4); /* gen-storage, gen-trade, gen-policy, gen-all */
}

/* ---- awkward names, defaults, folders ----------------------------------- */

static void test_awkward_names(tl_ctx *ctx) {
  char dir[256];
  snprintf(dir, sizeof dir, "%s/awkward-in", base);
  mkdir(dir, 0777);
  put(dir, "REGION.csv", "VALUE\n\"R 1\"\n\" lead\"\n");
  put(dir, "TECHNOLOGY.csv",
      "VALUE\n\"x,y\"\n\"q\"\"uote\"\nit's\nend\nR-"
      "1\n\xE7\x94\xB5\xE5\x8A\x9B\n"
      "007\n1.5\n\"T\ttab\"\ndefault\n");
  put(dir, "FUEL.csv", "VALUE\nF;1\n");
  put(dir, "YEAR.csv", "VALUE\n2020\n2021\n");
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\n"
      "\"R 1\",\"x,y\",2020,1\n"
      "\" lead\",\"q\"\"uote\",2021,0.1\n"
      "\"R 1\",it's,2020,3\n"
      "\"R 1\",end,2021,4\n"
      "\"R 1\",R-1,2021,5\n"
      "\" lead\",\xE7\x94\xB5\xE5\x8A\x9B,2020,6\n"
      "\" lead\",007,2020,7\n"
      "\" lead\",1.5,2021,8\n"
      "\" lead\",\"T\ttab\",2021,1e-300\n"
      "\" lead\",default,2020,-2.5e+30\n");
  put(dir, "TradeRoute.csv",
      "REGION,_REGION,FUEL,YEAR,VALUE\n\"R 1\",\" lead\",F;1,2020,1\n");
  put(dir, "DiscountRate.csv", "REGION,VALUE\n\"R 1\",0.3\n\" lead\",0.1\n");
  tl_model *m = load(ctx, dir);
  if (!m) return;
  CHECK(m->sets[TL_REGION].n == 2 &&
        !strcmp(m->sets[TL_REGION].name[1], " lead"));
  CHECK(tl_pget3(m, TL_P_CapitalCost, 1, 1, 1) == 0.1);
  /* DiscountRateIdv: no default declared, no entries: DiscountRate[r] */
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 1, 0) == 0.1);
  round_trip(ctx, m, "awkward", 1);

  /* the CSV form quotes what needs it and nothing else */
  char path[512], text[4096];
  snprintf(path, sizeof path, "%s/awkward/csv/TECHNOLOGY.csv", base);
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(text, 1, sizeof text - 1, f) : 0;
  text[got] = '\0';
  if (f) fclose(f);
  CHECK(strstr(text, "\"x,y\"\n\"q\"\"uote\"\nit's\nend\nR-1\n") != NULL);
  /* no DiscountRateIdv file or config entry: the reader keeps
   * DiscountRate[r] */
  snprintf(path, sizeof path, "%s/awkward/csv/DiscountRateIdv.csv", base);
  CHECK(access(path, F_OK) != 0);
  /* the data file quotes MathProg keywords and non-identifiers */
  snprintf(path, sizeof path, "%s/awkward/model.txt", base);
  f = fopen(path, "rb");
  got = f ? fread(text, 1, sizeof text - 1, f) : 0;
  text[got] = '\0';
  if (f) fclose(f);
  CHECK(strstr(text, "set REGION := 'R 1' ' lead';") != NULL);
  CHECK(strstr(text, "'x,y' 'q\"uote' 'it''s' 'end' 'R-1'") != NULL);
  CHECK(strstr(text, "'007' '1.5'") != NULL);
  CHECK(strstr(text, "set YEAR := 2020 2021;") != NULL);
  CHECK(strstr(text, "param DiscountRateIdv") == NULL);
  CHECK(strstr(text, "end;\n") != NULL);
  tl_model_free(m);

  /* a line break in a name: the CSV form can hold it, a data file cannot */
  snprintf(dir, sizeof dir, "%s/newline-in", base);
  mkdir(dir, 0777);
  put(dir, "TECHNOLOGY.csv", "VALUE\n\"multi\nline\"\n");
  m = load(ctx, dir);
  if (!m) return;
  round_trip(ctx, m, "newline-csv-only", 0);
  snprintf(path, sizeof path, "%s/newline.txt", base);
  tl_ctx_clear(ctx);
  CHECK(tl_model_write_datafile(ctx, m, path) == TL_ERR_INVALID);
  CHECK(access(path, F_OK) != 0);
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 1 && tl_ctx_diag(ctx, 0)->param &&
        !strcmp(tl_ctx_diag(ctx, 0)->param, "TECHNOLOGY"));
  tl_model_free(m);
}

static void test_declared_idv_default(tl_ctx *ctx) {
  char dir[256];
  snprintf(dir, sizeof dir, "%s/idv-in", base);
  mkdir(dir, 0777);
  put(dir, "REGION.csv", "VALUE\nR1\nR2\n");
  put(dir, "TECHNOLOGY.csv", "VALUE\nA\nB\n");
  put(dir, "DiscountRate.csv", "REGION,VALUE\nR1,0.3\n");
  put(dir, "DiscountRateIdv.csv", "REGION,TECHNOLOGY,VALUE\nR2,B,0.07\n");
  put(dir, "config.yaml",
      "DiscountRateIdv:\n    indices: [REGION,TECHNOLOGY]\n    type: param\n"
      "    dtype: float\n    default: 0.2\n");
  tl_model *m = load(ctx, dir);
  if (!m) return;
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 0, 0) == 0.2);
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 1, 1) == 0.07);
  round_trip(ctx, m, "idv-declared", 1);
  tl_model_free(m);

  /* entries without a declared default: the rest follows DiscountRate[r] */
  put(dir, "config.yaml", "");
  m = load(ctx, dir);
  if (!m) return;
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 0, 0) == 0.3);
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 1, 0) == 0.05);
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 1, 1) == 0.07);
  round_trip(ctx, m, "idv-entries", 1);
  tl_model_free(m);
}

/* Text slurp of a small file (for checks on what was written). */
static void slurp(const char *path, char *text, size_t size) {
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(text, 1, size - 1, f) : 0;
  text[got] = '\0';
  if (f) fclose(f);
}

/* Roadmap extensions: symbolic values, "entries only" parameters with and
 * without a declared default; a plain model's files do not mention them. */
static void test_roadmap(tl_ctx *ctx) {
  static char text[1 << 20];
  char dir[256], path[512];
  snprintf(dir, sizeof dir, "%s/roadmap-in", base);
  mkdir(dir, 0777);
  put(dir, "REGION.csv", "VALUE\nR1\n");
  put(dir, "EMISSION.csv", "VALUE\nCO2\nCH4\n");
  put(dir, "TECHNOLOGY.csv", "VALUE\nA\nB\n");
  put(dir, "YEAR.csv", "VALUE\n2020\n2021\n");
  put(dir, "EmissionGas.csv", "EMISSION,VALUE\nCO2,CO2\nCH4,\"CH4 fossil\"\n");
  put(dir, "TechnologyCategory.csv", "TECHNOLOGY,VALUE\nA,ccus\n");
  put(dir, "AnnualGHGLimit.csv", "REGION,YEAR,VALUE\nR1,2020,100\n");
  put(dir, "PeakYear.csv", "REGION,VALUE\n");
  put(dir, "config.yaml",
      "TechnologyCategory:\n    indices: [TECHNOLOGY]\n    type: param\n"
      "    dtype: str\n    default: \"conventional: \\\"fossil\\\"\"\n"
      "PeakYear:\n    indices: [REGION]\n    type: param\n    default: 2030\n");
  tl_model *m = load(ctx, dir);
  if (!m) return;
  const char *t = tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 1));
  CHECK(t && !strcmp(t, "CH4 fossil"));
  t = tl_model_string(m, tl_pget1(m, TL_P_TechnologyCategory, 1));
  CHECK(t && !strcmp(t, "conventional: \"fossil\""));
  CHECK(!m->params[TL_P_AnnualGHGLimit].has_defval);
  CHECK(m->params[TL_P_PeakYear].has_defval &&
        tl_pget1(m, TL_P_PeakYear, 0) == 2030);
  round_trip(ctx, m, "roadmap", 1);
  snprintf(path, sizeof path, "%s/roadmap/csv/config.yaml", base);
  slurp(path, text, sizeof text);
  CHECK(strstr(text, "\nAnnualGHGLimit:") == NULL); /* no declared default */
  CHECK(strstr(text,
               "\nTechnologyCategory:\n    indices: [TECHNOLOGY]\n"
               "    type: param\n    dtype: str\n") != NULL);
  CHECK(strstr(text, "\nGDP:") == NULL); /* not in the model */
  snprintf(path, sizeof path, "%s/roadmap/model.txt", base);
  slurp(path, text, sizeof text);
  CHECK(strstr(text, "param AnnualGHGLimit :=\nR1 2020 100\n;") != NULL);
  CHECK(strstr(text, "param EmissionGas :=\nCO2 CO2\nCH4 'CH4 fossil'\n;") !=
        NULL);
  CHECK(strstr(text, "param PeakYear default 2030 :=\n;") != NULL);
  CHECK(strstr(text, "param GDP") == NULL);
  tl_model_free(m);

  /* a plain OSeMOSYS model: no roadmap parameter in either form */
  m = load(ctx, "tests/models/gen-all.txt");
  if (!m) return;
  snprintf(path, sizeof path, "%s/plain.txt", base);
  CHECK(tl_model_write_datafile(ctx, m, path) == TL_OK);
  slurp(path, text, sizeof text);
  CHECK(strlen(text) > 10000 && strlen(text) < sizeof text - 1);
  CHECK(strstr(text, "param YearSplit default 0 :=") != NULL);
  CHECK(strstr(text, "EmissionGas") == NULL && strstr(text, "GDP") == NULL);
  snprintf(path, sizeof path, "%s/plain-csv", base);
  CHECK(tl_model_write_csv(ctx, m, path) == TL_OK);
  snprintf(path, sizeof path, "%s/plain-csv/EmissionGas.csv", base);
  CHECK(access(path, F_OK) != 0);
  snprintf(path, sizeof path, "%s/plain-csv/config.yaml", base);
  slurp(path, text, sizeof text);
  CHECK(strstr(text, "EmissionGas") == NULL &&
        strstr(text, "\nYearSplit:") != NULL);
  tl_model_free(m);
}

static void test_folders(tl_ctx *ctx) {
  char dir[256], path[512];
  tl_model *big = load(ctx, "tests/models/csv/gen-all");
  snprintf(dir, sizeof dir, "%s/small-in", base);
  mkdir(dir, 0777);
  put(dir, "REGION.csv", "VALUE\nX\n");
  put(dir, "TECHNOLOGY.csv", "VALUE\nT\n");
  put(dir, "YEAR.csv", "VALUE\n2050\n");
  put(dir, "CapitalCost.csv", "REGION,TECHNOLOGY,YEAR,VALUE\nX,T,2050,9\n");
  tl_model *small = load(ctx, dir);
  if (!big || !small) goto done;

  /* mkdir -p, then a smaller model over a bigger one's folder: stale
   * parameter files must not come back */
  snprintf(dir, sizeof dir, "%s/deep/er/folder", base);
  tl_ctx_clear(ctx);
  CHECK(tl_model_write_csv(ctx, big, dir) == TL_OK);
  CHECK(tl_model_write_csv(ctx, small, dir) == TL_OK);
  tl_model *back = load(ctx, dir);
  if (back) compare_models(small, back, "small model over gen-all's folder");
  tl_model_free(back);
  snprintf(path, sizeof path, "%s/VariableCost.csv", dir);
  CHECK(access(path, F_OK) == 0); /* replaced by a header-only file */
  CHECK(stray_files(dir) == 0);

  /* a folder path that is a file; a data file in a missing folder */
  snprintf(path, sizeof path, "%s/VariableCost.csv", dir);
  tl_ctx_clear(ctx);
  CHECK(tl_model_write_csv(ctx, small, path) == TL_ERR_IO);
  CHECK(tl_ctx_count(ctx, TL_ERROR) >= 1);
  snprintf(path, sizeof path, "%s/no/such/folder/m.txt", base);
  tl_ctx_clear(ctx);
  CHECK(tl_model_write_datafile(ctx, small, path) == TL_ERR_IO);
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 1 &&
        strstr(tl_ctx_diag(ctx, 0)->file, "m.txt") != NULL);
done:
  tl_model_free(big);
  tl_model_free(small);
}

int main(void) {
  snprintf(base, sizeof base, "/tmp/tanlu_test_convert_XXXXXX");
  if (!mkdtemp(base)) {
    perror("mkdtemp");
    return 2;
  }
  tl_ctx *ctx = tl_ctx_new();
  if (!ctx) return 2;
  test_reference_pairs(ctx);
  test_awkward_names(ctx);
  test_declared_idv_default(ctx);
  test_roadmap(ctx);
  test_folders(ctx);
  tl_ctx_free(ctx);
  if (fails) {
    printf("test_convert: %d check(s) FAILED (files kept in %s)\n", fails,
           base);
    return 1;
  }
  rm_rf(base);
  printf("test_convert: all checks passed\n");
  return 0;
}
