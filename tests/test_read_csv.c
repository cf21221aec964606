/* test_read_csv.c - the otoole CSV folder reader: syntax cases, every error
 * message with its location, config.yaml defaults, allocation failures,
 * the reference folders in tests/models/csv/ and reading speed. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* ---- scratch folders ---------------------------------------------------- */

static char base[64];
static int ncase;

static void put_n(const char *dir, const char *name, const char *text,
                  size_t n) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(text, 1, n, f) != n || fclose(f)) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static void put(const char *dir, const char *name, const char *text) {
  put_n(dir, name, text, strlen(text));
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

/* A new folder with a small valid model: REGION R1; TECHNOLOGY E01 E02;
 * YEAR 2020 2021; FUEL ELC; MODE_OF_OPERATION 1 2. */
static const char *new_case(char *dir, size_t size) {
  snprintf(dir, size, "%s/case%d", base, ++ncase);
  if (mkdir(dir, 0777)) {
    perror(dir);
    exit(2);
  }
  put(dir, "REGION.csv", "VALUE\nR1\n");
  put(dir, "TECHNOLOGY.csv", "VALUE\nE01\nE02\n");
  put(dir, "YEAR.csv", "VALUE\n2020\n2021\n");
  put(dir, "FUEL.csv", "VALUE\nELC\n");
  put(dir, "MODE_OF_OPERATION.csv", "VALUE\n1\n2\n");
  return dir;
}

/* ---- diagnostics -------------------------------------------------------- */

static void dump(const tl_ctx *ctx) {
  char b[2048];
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    tl_diag_format(tl_ctx_diag(ctx, i), b, sizeof b);
    fprintf(stderr, "    | %s\n", b);
  }
}

static int ends_with(const char *s, const char *tail) {
  size_t a = s ? strlen(s) : 0, b = strlen(tail);
  return s && a >= b && !strcmp(s + a - b, tail);
}

static int str_eq(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Check that a diagnostic of severity sev whose message contains text
 * exists, with the given file tail, line, column, param, index and value
 * (file NULL: no file expected; index/value/param NULL: not checked unless
 * given as ""). */
static void expect_diag(int at, const tl_ctx *ctx, tl_severity sev,
                        const char *text, const char *file, int line, int col,
                        const char *param, const char *index,
                        const char *value) {
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity != sev || !strstr(d->message, text)) continue;
    if ((file ? ends_with(d->file, file) : d->file == NULL) &&
        d->line == line && d->column == col &&
        (!param || str_eq(d->param, param)) &&
        (!index || str_eq(d->index, index)) &&
        (!value || str_eq(d->value, value)))
      return;
  }
  fprintf(stderr,
          "%s:%d: no %s diagnostic '%s' at %s:%d:%d param %s index %s "
          "value %s; have:\n",
          __FILE__, at, sev == TL_ERROR ? "error" : "warning/notice", text,
          file ? file : "(none)", line, col, param ? param : "-",
          index ? index : "-", value ? value : "-");
  dump(ctx);
  fails++;
}
#define EXPECT_DIAG(...) expect_diag(__LINE__, __VA_ARGS__)

/* Read dir with a fresh diagnostic list. */
static tl_status rd(tl_ctx *ctx, const char *dir, tl_model **m) {
  tl_ctx_clear(ctx);
  return tl_read_csv_folder(ctx, dir, m);
}

static const char HDR3[] = "REGION,TECHNOLOGY,YEAR,VALUE\n";

/* ---- cases -------------------------------------------------------------- */

static void test_basic(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,100\nR1,E01,2021,1.5e3\n"
      "R1,E02,2020,-0.25\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  CHECK(m != NULL);
  if (!m) return dump(ctx);
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 0 && tl_ctx_count(ctx, TL_WARNING) == 0);
  CHECK(tl_model_set_size(m, "REGION") == 1);
  CHECK(tl_model_set_size(m, "TECHNOLOGY") == 2);
  CHECK(tl_model_set_size(m, "YEAR") == 2);
  CHECK(tl_model_set_size(m, "STORAGE") == 0); /* no file: empty */
  CHECK(m->sets[TL_TECHNOLOGY].defined && !m->sets[TL_STORAGE].defined);
  CHECK(!strcmp(m->sets[TL_TECHNOLOGY].name[1], "E02"));
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 0) == 100);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 1) == 1500);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 0) == -0.25);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 1) == 0);
  CHECK(tl_pget3(m, TL_P_AvailabilityFactor, 0, 1, 1) == 1);
  CHECK(m->params[TL_P_CapitalCost].given == 1);
  CHECK(m->params[TL_P_CapitalCost].n == 3);
  CHECK(m->params[TL_P_FixedCost].given == 0);
  CHECK(m->params[TL_P_CapitalCost].has_defval == 0);
  tl_loc l = tl_param_entry_loc(m, &m->params[TL_P_CapitalCost], 1);
  CHECK(ends_with(l.file, "/CapitalCost.csv") && l.line == 3 && l.col == 13);
  /* the location's file is the model's stored name */
  int found = 0;
  for (int i = 0; i < m->nfiles; i++) found |= m->files[i] == l.file;
  CHECK(found);
  tl_model_free(m);
}

static const char SYNTAX_TECH[] =
    "\xEF\xBB\xBFVALUE\r\nE01\r\n\"E,2\"\r\n\"say \"\"hi\"\"\"\r\n\r\n"
    "  E04  \r\n\"multi\nline\"\r\n";
static const char SYNTAX_CC[] =
    "REGION,TECHNOLOGY,YEAR,VALUE\n"
    "\n"
    "R1,\"E,2\",2020,1\n"
    "R1,\"say \"\"hi\"\"\",2020,2\n"
    " R1 , E04 ,2020, 3 \n"
    "R1,\"multi\nline\",2021,4\n"
    "\"R1\",E01,\"2021\",\"5\"";

static void test_syntax(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "TECHNOLOGY.csv", SYNTAX_TECH);
  put(dir, "CapitalCost.csv", SYNTAX_CC);
  put(dir, "FixedCost.csv", "REGION,TECHNOLOGY,YEAR,VALUE\rR1,E01,2020,7\r");
  put(dir, "VariableCost.csv",
      "\xEF\xBB\xBFREGION,TECHNOLOGY,MODE_OF_OPERATION,YEAR,VALUE\r\n"
      "R1,E01,2,2021,0.1\r\n\r\n\r\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  const tl_set *t = &m->sets[TL_TECHNOLOGY];
  CHECK(t->n == 5);
  if (t->n == 5) {
    CHECK(!strcmp(t->name[0], "E01"));
    CHECK(!strcmp(t->name[1], "E,2"));
    CHECK(!strcmp(t->name[2], "say \"hi\""));
    CHECK(!strcmp(t->name[3], "E04"));
    CHECK(!strcmp(t->name[4], "multi\nline"));
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 0) == 1);
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 2, 0) == 2);
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 3, 0) == 3);
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 4, 1) == 4);
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 1) == 5);
    CHECK(tl_pget3(m, TL_P_FixedCost, 0, 0, 0) == 7);
    CHECK(tl_pget4(m, TL_P_VariableCost, 0, 0, 1, 1) == 0.1);
    /* lines are counted through the quoted line break */
    tl_loc l = tl_param_entry_loc(m, &m->params[TL_P_CapitalCost], 3);
    CHECK(l.line == 7 && l.col == 12);
    l = tl_param_entry_loc(m, &m->params[TL_P_CapitalCost], 4);
    CHECK(l.line == 8 && l.col == 17);
    l = tl_param_entry_loc(m, &m->params[TL_P_CapitalCost], 2);
    CHECK(l.line == 5 && l.col == 18); /* " R1 , E04 ,2020, 3 " */
  }
  tl_model_free(m);

  /* the same file with a bad row after the two-line field: line 9 */
  char text[512];
  snprintf(text, sizeof text, "%s\nR1,E01,2020,x1\n", SYNTAX_CC);
  put(dir, "CapitalCost.csv", text);
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "not a number", "/CapitalCost.csv", 9, 13,
              "CapitalCost", "R1,E01,2020", "x1");
}

static void test_unknown_member(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1\nR1,E99,2020,5\n"
      "R1,E01,2030,1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "unknown TECHNOLOGY 'E99'; did you mean 'E01'?",
              "/CapitalCost.csv", 3, 4, "CapitalCost", "R1,E99,2020", "E99");
  EXPECT_DIAG(ctx, TL_ERROR, "unknown YEAR '2030'", "/CapitalCost.csv", 4, 8,
              "CapitalCost", "R1,E01,2030", "2030");
}

static void test_field_count(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1,9\nR1,E01,2021\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "expected 4 fields (REGION,TECHNOLOGY,YEAR,VALUE), found 5",
              "/CapitalCost.csv", 2, 15, "CapitalCost", NULL, "9");
  EXPECT_DIAG(ctx, TL_ERROR, "found 3", "/CapitalCost.csv", 3, 12,
              "CapitalCost", NULL, NULL);
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 2);

  /* a five-index parameter with two extra fields (found by fuzzing) */
  put(dir, "CapitalCost.csv", HDR3);
  put(dir, "InputActivityRatio.csv",
      "REGION,TECHNOLOGY,FUEL,MODE_OF_OPERATION,YEAR,VALUE\n"
      "R1,E01,ELC,1,2020,1,9,8\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "expected 6 fields", "/InputActivityRatio.csv", 2,
              21, "InputActivityRatio", NULL, "9");
}

static void test_numbers(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,abc\nR1,E01,2021,nan\n"
      "R1,E02,2020,-inf\nR1,E02,2021,1e999\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "not a number", "/CapitalCost.csv", 2, 13,
              "CapitalCost", "R1,E01,2020", "abc");
  EXPECT_DIAG(ctx, TL_ERROR, "NaN or infinite", "/CapitalCost.csv", 3, 13,
              "CapitalCost", "R1,E01,2021", "nan");
  EXPECT_DIAG(ctx, TL_ERROR, "NaN or infinite", "/CapitalCost.csv", 4, 13,
              "CapitalCost", "R1,E02,2020", "-inf");
  EXPECT_DIAG(ctx, TL_ERROR, "out of range", "/CapitalCost.csv", 5, 13,
              "CapitalCost", "R1,E02,2021", "1e999");

  /* values that must read exactly as strtod reads them */
  static const char *const vals[] = {"0.1",      "123456.789012345",
                                     "-0.3",     "1234567890123456789",
                                     "0.000001", ".5",
                                     "5.",       "+7",
                                     "1e-300",   "2.5E+10"};
  char text[1024];
  size_t o = (size_t)snprintf(text, sizeof text, "%s", HDR3);
  for (int i = 0; i < 4; i++)
    o += (size_t)snprintf(text + o, sizeof text - o, "R1,E0%d,%d,%s\n",
                          1 + i / 2, 2020 + i % 2, vals[i]);
  put(dir, "CapitalCost.csv", text);
  o = (size_t)snprintf(text, sizeof text, "%s", HDR3);
  for (int i = 4; i < 8; i++)
    o += (size_t)snprintf(text + o, sizeof text - o, "R1,E0%d,%d,%s\n",
                          1 + (i - 4) / 2, 2020 + i % 2, vals[i]);
  put(dir, "FixedCost.csv", text);
  put(dir, "ResidualCapacity.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1e-300\nR1,E01,2021,2.5E+"
      "10\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  for (int i = 0; i < 8; i++) {
    tl_param_id p = i < 4 ? TL_P_CapitalCost : TL_P_FixedCost;
    int k = i % 4;
    CHECK(tl_pget3(m, p, 0, k / 2, k % 2) == strtod(vals[i], NULL));
  }
  CHECK(tl_pget3(m, TL_P_ResidualCapacity, 0, 0, 0) == 1e-300);
  CHECK(tl_pget3(m, TL_P_ResidualCapacity, 0, 0, 1) == 2.5e10);
  tl_model_free(m);
}

static void test_duplicates(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1\nR1,E01,2020,1\n"
      "R1,E01,2020,2\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "duplicate row with a different value (1 at line 2)",
              "/CapitalCost.csv", 4, 13, "CapitalCost", "R1,E01,2020", "2");
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 1);

  /* a repeated set member is a warning, and is not added twice */
  new_case(dir, sizeof dir);
  put(dir, "TECHNOLOGY.csv", "VALUE\nE01\nE02\nE01\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  EXPECT_DIAG(ctx, TL_WARNING, "duplicate TECHNOLOGY member", "/TECHNOLOGY.csv",
              4, 1, "TECHNOLOGY", NULL, "E01");
  CHECK(m && tl_model_set_size(m, "TECHNOLOGY") == 2);
  tl_model_free(m);
}

static void test_quote_errors(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1\nR1,\"E01,2020,1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "unterminated quoted field", "/CapitalCost.csv", 3,
              4, "CapitalCost", NULL, NULL);

  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,\"E01\"x,2020,1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "unexpected character after a closing quote",
              "/CapitalCost.csv", 2, 9, "CapitalCost", NULL, NULL);

  /* a NUL byte */
  static const char nul[] = "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E0\0001,2020,1\n";
  put_n(dir, "CapitalCost.csv", nul, sizeof nul - 1);
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "NUL byte", "/CapitalCost.csv", 2, 6, NULL, NULL,
              NULL);

  /* an empty index field */
  put(dir, "CapitalCost.csv", "REGION,TECHNOLOGY,YEAR,VALUE\nR1,,2020,1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "empty TECHNOLOGY", "/CapitalCost.csv", 2, 4,
              "CapitalCost", "R1,,2020", "");

  /* an empty VALUE: the row is skipped with a warning */
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,\nR1,E01,2021,4\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  EXPECT_DIAG(ctx, TL_WARNING, "empty VALUE", "/CapitalCost.csv", 2, 13,
              "CapitalCost", "R1,E01,2020", "");
  CHECK(m && m->params[TL_P_CapitalCost].n == 1);
  tl_model_free(m);
}

static void test_headers(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv", "REGION,TECH,YEAR,VALUE\nR1,E01,2020,1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "header 'REGION,TECH,YEAR,VALUE' does not match CapitalCost's "
              "indices; expected 'REGION,TECHNOLOGY,YEAR,VALUE'",
              "/CapitalCost.csv", 1, 1, "CapitalCost", NULL,
              "REGION,TECH,YEAR,VALUE");

  /* the same with no rows: a warning (SIMPLICITY's TradeRoute) */
  put(dir, "CapitalCost.csv", "REGION,TECH,YEAR,VALUE\n\n");
  put(dir, "TradeRoute.csv", "REGION,FUEL,YEAR,VALUE\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  EXPECT_DIAG(ctx, TL_WARNING, "expected 'REGION,_REGION,FUEL,YEAR,VALUE'",
              "/TradeRoute.csv", 1, 1, "TradeRoute", NULL,
              "REGION,FUEL,YEAR,VALUE");
  tl_model_free(m);

  /* columns in another order: the header decides */
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv", "YEAR,VALUE,TECHNOLOGY,REGION\n2021,8,E02,R1\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  CHECK(m && tl_pget3(m, TL_P_CapitalCost, 0, 1, 1) == 8);
  tl_model_free(m);

  /* a set file without the VALUE header */
  new_case(dir, sizeof dir);
  put(dir, "FUEL.csv", "NAME\nELC\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "a set file has one column, VALUE", "/FUEL.csv", 1,
              1, "FUEL", NULL, "NAME");
  put(dir, "FUEL.csv", "VALUE,X,Y\nELC\n"); /* found by fuzzing */
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "found header 'VALUE,X,...'", "/FUEL.csv", 1, 1,
              "FUEL", NULL, "VALUE,X,...");
  put(dir, "FUEL.csv", "VALUE\nELC,GAS\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "found 2 fields", "/FUEL.csv", 2, 5, "FUEL", NULL,
              "GAS");
  put(dir, "FUEL.csv", "VALUE\n\"\"\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "empty member name", "/FUEL.csv", 2, 1, "FUEL",
              NULL, "");
}

static void test_trade_route(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "REGION.csv", "VALUE\nR1\nR2\n");
  put(dir, "_REGION.csv", "VALUE\nR1\nR3\n");
  put(dir, "TradeRoute.csv",
      "REGION,_REGION,FUEL,YEAR,VALUE\nR1,R2,ELC,2020,1\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  CHECK(tl_pget4(m, TL_P_TradeRoute, 0, 1, 0, 0) == 1);
  CHECK(tl_pget4(m, TL_P_TradeRoute, 1, 0, 0, 0) == 0);
  EXPECT_DIAG(ctx, TL_WARNING, "not a member of REGION", "/_REGION.csv", 3, 1,
              "REGION", NULL, "R3");
  EXPECT_DIAG(ctx, TL_WARNING, "lists 1 of the 2 members", "/_REGION.csv", 0, 0,
              "REGION", NULL, NULL);
  tl_model_free(m);
}

static void test_other_files(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCosts.csv", HDR3);
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "unknown parameter 'CapitalCosts'; did you mean 'CapitalCost'?",
              "/CapitalCosts.csv", 0, 0, "CapitalCosts", NULL, NULL);

  new_case(dir, sizeof dir);
  put(dir, "ResultsPath.csv", "VALUE\nresults\n");
  put(dir, "NewCapacity.csv", HDR3);
  put(dir, "MyTable.csv", "VALUE\n1\n");
  put(dir, "notes.txt", "not a CSV\n");
  put(dir, ".hidden.csv", "junk\n");
  put(dir, "config.yaml", "MyTable:\n    type: result\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  EXPECT_DIAG(ctx, TL_NOTICE, "not used by the formulation", "/ResultsPath.csv",
              0, 0, "ResultsPath", NULL, NULL);
  EXPECT_DIAG(ctx, TL_WARNING, "a result table", "/NewCapacity.csv", 0, 0,
              "NewCapacity", NULL, NULL);
  EXPECT_DIAG(ctx, TL_WARNING, "a result table", "/MyTable.csv", 0, 0,
              "MyTable", NULL, NULL);
  CHECK(tl_ctx_count(ctx, TL_WARNING) == 2);
  tl_model_free(m);

  /* tl_model_read: a folder goes to this reader; neither file nor folder
   * is an I/O error */
  tl_ctx_clear(ctx);
  CHECK(tl_model_read(ctx, dir, &m) == TL_OK && m != NULL);
  tl_model_free(m);
  m = NULL;
  tl_ctx_clear(ctx);
  CHECK(tl_model_read(ctx, "/dev/null", &m) == TL_ERR_IO && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "neither a GNU MathProg data file nor a CSV folder", "/dev/null",
              0, 0, NULL, NULL, NULL);
  tl_ctx_clear(ctx);
  CHECK(tl_model_read(ctx, "/nonexistent/model.txt", &m) == TL_ERR_IO && !m);
  EXPECT_DIAG(ctx, TL_ERROR, "cannot open: No such file or directory",
              "/nonexistent/model.txt", 0, 0, NULL, NULL, NULL);

  CHECK(rd(ctx, "/nonexistent/tanlu/folder", &m) == TL_ERR_IO && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "cannot open folder", "/nonexistent/tanlu/folder",
              0, 0, NULL, NULL, NULL);
}

static void test_numeric_members(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020.0,3\nR1,E01,2021.00,4\n");
  put(dir, "VariableCost.csv",
      "REGION,TECHNOLOGY,MODE_OF_OPERATION,YEAR,VALUE\nR1,E02,2.0,2021,6\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 0) == 3);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 1) == 4);
  CHECK(tl_pget4(m, TL_P_VariableCost, 0, 1, 1, 1) == 6);
  EXPECT_DIAG(ctx, TL_NOTICE, "taken as YEAR '2020'", "/CapitalCost.csv", 2, 8,
              "CapitalCost", "R1,E01,2020.0", "2020.0");
  CHECK(tl_ctx_count(ctx, TL_NOTICE) == 2); /* once per file */
  tl_model_free(m);
}

static void test_config(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "config.yaml",
      "# otoole user configuration\n"
      "CapitalCost:\n"
      "    indices: [REGION,TECHNOLOGY,YEAR]\n"
      "    type: param\n"
      "    dtype: float\n"
      "    default: 12.5\n"
      "DiscountRateIdv:\n"
      "    indices: [REGION,TECHNOLOGY]\n"
      "    type: param\n"
      "    default: 0.1\n"
      "TradeRoute:\n"
      "    indices: [REGION,FUEL,YEAR]\n"
      "    type: param\n"
      "    default: 0\n"
      "TotalAnnualMaxCapacity: {indices: [REGION,TECHNOLOGY,YEAR], type: "
      "param, default: 1.0e+20}\n"
      "NotAParam:\n"
      "    type: param\n"
      "    default: 3\n"
      "NewCapacity:\n"
      "    indices: [REGION, TECHNOLOGY, YEAR]\n"
      "    type: result\n"
      "    default: 7\n"
      "YEAR:\n"
      "    dtype: int\n"
      "    type: set\n");
  put(dir, "CapitalCost.csv", "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1\n");
  put(dir, "DiscountRate.csv", "REGION,VALUE\nR1,0.3\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 0 && tl_ctx_count(ctx, TL_WARNING) == 0);
  CHECK(m->params[TL_P_CapitalCost].has_defval &&
        m->params[TL_P_CapitalCost].defval == 12.5);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 0) == 1);
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 1) == 12.5);
  CHECK(tl_pget2(m, TL_P_DiscountRateIdv, 0, 1) == 0.1);
  CHECK(tl_pget3(m, TL_P_TotalAnnualMaxCapacity, 0, 1, 1) == 1e20);
  CHECK(m->params[TL_P_TradeRoute].has_defval);
  CHECK(!m->params[TL_P_FixedCost].has_defval &&
        m->params[TL_P_FixedCost].defval == 0);
  tl_model_free(m);

  /* without config.yaml, DiscountRateIdv follows DiscountRate[r] */
  new_case(dir, sizeof dir);
  put(dir, "DiscountRate.csv", "REGION,VALUE\nR1,0.3\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  CHECK(m && tl_pget2(m, TL_P_DiscountRateIdv, 0, 1) == 0.3);
  tl_model_free(m);

  /* a default that is not a number */
  put(dir, "config.yaml", "CapitalCost:\n    type: param\n    default: abc\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "default: not a number", "/config.yaml", 3, 14,
              "CapitalCost", NULL, "abc");

  /* broken YAML */
  put(dir, "config.yaml", "CapitalCost:\n  type: param\n default: [1\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_PARSE && m == NULL);
  const tl_diag *d = tl_ctx_count(ctx, TL_ERROR) ? tl_ctx_diag(ctx, 0) : NULL;
  CHECK(d && d->line >= 2 && d->column >= 1 &&
        ends_with(d->file, "/config.yaml") &&
        !strncmp(d->message, "YAML: ", 6));
}

/* Symbolic parameters: the VALUE is a text, as is a config.yaml default. */
static void test_symbolic(tl_ctx *ctx) {
  char dir[256];
  tl_model *m = NULL;
  new_case(dir, sizeof dir);
  put(dir, "EMISSION.csv", "VALUE\nCO2\nCH4\nN2O\n");
  put(dir, "EmissionGas.csv",
      "EMISSION,VALUE\nCO2,CO2\nCH4,\"CH4, fossil\"\nCO2,CO2\n");
  put(dir, "config.yaml",
      "TechnologySector:\n    type: param\n    dtype: str\n"
      "    default: industry\n"
      "EmissionGas:\n    type: param\n    default: null\n");
  CHECK(rd(ctx, dir, &m) == TL_OK);
  if (!m) return dump(ctx);
  const char *t = tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 1));
  CHECK(t && !strcmp(t, "CH4, fossil"));
  CHECK(tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 2)) == NULL);
  CHECK(!m->params[TL_P_EmissionGas].has_defval);
  t = tl_model_string(m, tl_pget1(m, TL_P_TechnologySector, 1));
  CHECK(t && !strcmp(t, "industry"));
  tl_model_free(m);

  put(dir, "EmissionGas.csv", "EMISSION,VALUE\nCO2,CO2\nCO2,CH4\n");
  CHECK(rd(ctx, dir, &m) == TL_ERR_INVALID && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR,
              "duplicate row with a different value (CO2 at line 2)",
              "/EmissionGas.csv", 3, 5, "EmissionGas", "CO2", "CH4");
}

/* ---- allocation failures ------------------------------------------------ */

static long alloc_count, alloc_fail_at;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (++alloc_count == alloc_fail_at) return NULL;
  return realloc(ptr, nsize);
}

static void test_alloc_failures(tl_ctx *ctx) {
  char dir[256];
  new_case(dir, sizeof dir);
  put(dir, "config.yaml", "CapitalCost:\n    type: param\n    default: 2\n");
  put(dir, "CapitalCost.csv",
      "REGION,TECHNOLOGY,YEAR,VALUE\nR1,E01,2020,1\nR1,E02,2021,3\n");
  put(dir, "TradeRoute.csv",
      "REGION,_REGION,FUEL,YEAR,VALUE\nR1,R1,ELC,2020,1\n");
  put(dir, "_REGION.csv", "VALUE\nR1\n");
  put(dir, "NewCapacity.csv", HDR3);
  int ok = 0, nomem = 0, other = 0;
  for (long n = 1; n < 100000; n++) {
    tl_model *m = NULL;
    tl_ctx_clear(ctx);
    alloc_count = 0;
    alloc_fail_at = n;
    tl_set_allocator(failing_alloc, NULL);
    tl_status st = tl_read_csv_folder(ctx, dir, &m);
    tl_set_allocator(NULL, NULL);
    if (st == TL_OK) {
      CHECK(m && tl_model_set_size(m, "TECHNOLOGY") == 2 &&
            tl_pget3(m, TL_P_CapitalCost, 0, 1, 1) == 3 &&
            tl_pget3(m, TL_P_CapitalCost, 0, 1, 0) == 2);
      tl_model_free(m);
      if (alloc_count < n) { /* no allocation failed: done */
        ok++;
        break;
      }
      ok++; /* a failed diagnostic copy does not fail the read */
    } else if (st == TL_ERR_NOMEM) {
      CHECK(m == NULL);
      nomem++;
    } else {
      fprintf(stderr, "allocation %ld failing gave %s\n", n, tl_status_str(st));
      other++;
    }
  }
  CHECK(nomem > 20 && other == 0 && ok >= 1);
}

/* ---- reference folders -------------------------------------------------- */

/* Non-blank lines of a file minus its header; -1 when absent. */
static long data_lines(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  long lines = 0;
  int c, blank = 1;
  while ((c = fgetc(f)) != EOF) {
    if (c == '\n') {
      if (!blank) lines++;
      blank = 1;
    } else if (c != '\r' && c != ' ') {
      blank = 0;
    }
  }
  if (!blank) lines++;
  fclose(f);
  return lines > 0 ? lines - 1 : 0;
}

static void test_reference_folders(tl_ctx *ctx) {
  const char *root = "tests/models/csv";
  DIR *d = opendir(root);
  struct dirent *e;
  int nfolders = 0;
  CHECK(d != NULL);
  while (d && (e = readdir(d)) != NULL) {
    char dir[512], path[1024];
    struct stat sb;
    if (e->d_name[0] == '.') continue;
    snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
    if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) continue;
    nfolders++;
    tl_model *m = NULL;
    tl_status st = rd(ctx, dir, &m);
    if (st != TL_OK || tl_ctx_count(ctx, TL_ERROR)) {
      fprintf(stderr, "%s: %s\n", dir, tl_status_str(st));
      dump(ctx);
      fails++;
      continue;
    }
    for (int s = 0; s < TL_NSETS; s++) {
      snprintf(path, sizeof path, "%s/%s.csv", dir, tl_set_names[s]);
      long n = data_lines(path);
      if (n < 0) n = 0;
      if (m->sets[s].n != n) {
        fprintf(stderr, "%s: %s has %d members, file %ld\n", dir,
                tl_set_names[s], m->sets[s].n, n);
        fails++;
      }
    }
    for (int p = 0; p < TL_NPARAMS; p++) {
      snprintf(path, sizeof path, "%s/%s.csv", dir, tl_param_defs[p].name);
      long n = data_lines(path);
      if (n < 0) n = 0;
      if (m->params[p].n != n) {
        fprintf(stderr, "%s: %s has %d entries, file %ld rows\n", dir,
                tl_param_defs[p].name, m->params[p].n, n);
        fails++;
      }
    }
    tl_model_free(m);
  }
  if (d) closedir(d);
  CHECK(nfolders >= 5);

  /* values read off the files by eye */
  tl_model *m = NULL;
  CHECK(rd(ctx, "tests/models/csv/gen-all", &m) == TL_OK);
  if (m) {
    int r1 = tl_set_index(&m->sets[TL_REGION], "R1", 2);
    int r2 = tl_set_index(&m->sets[TL_REGION], "R2", 2);
    int coal = tl_set_index(&m->sets[TL_TECHNOLOGY], "COAL_PP", 7);
    int bio = tl_set_index(&m->sets[TL_TECHNOLOGY], "DOM_BIO", 7);
    int gas = tl_set_index(&m->sets[TL_FUEL], "GAS", 3);
    int y22 = tl_set_index(&m->sets[TL_YEAR], "2022", 4);
    CHECK(tl_pget3(m, TL_P_CapitalCost, r1, coal, y22) == 1954);
    CHECK(tl_pget2(m, TL_P_DiscountRateIdv, r1, bio) == 0.091);
    CHECK(tl_pget4(m, TL_P_TradeRoute, r1, r2, gas, y22) == 1);
    CHECK(m->params[TL_P_AnnualEmissionLimit].defval == 99999);
    CHECK(m->params[TL_P_ResidualStorageCapacity].defval == 999);
  }
  tl_model_free(m);
  CHECK(rd(ctx, "tests/models/csv/simplicity", &m) == TL_OK);
  if (m) {
    int bs1 = tl_set_index(&m->sets[TL_TECHNOLOGY], "BACKSTOP1", 9);
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, bs1, 0) == 999999.0);
    CHECK(tl_pget1(m, TL_P_DiscountRate, 0) == 0.05); /* config default */
    CHECK(tl_ctx_count(ctx, TL_WARNING) == 1); /* TradeRoute's old header */
  }
  tl_model_free(m);
}

/* ---- speed -------------------------------------------------------------- */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void test_speed(tl_ctx *ctx) {
  char dir[256], path[512];
  enum { NT = 200, NL = 100, NY = 20 };
  new_case(dir, sizeof dir);
  FILE *f;
  snprintf(path, sizeof path, "%s/TECHNOLOGY.csv", dir);
  f = fopen(path, "w");
  fputs("VALUE\n", f);
  for (int t = 0; t < NT; t++) fprintf(f, "TECH_%04d\n", t);
  fclose(f);
  snprintf(path, sizeof path, "%s/TIMESLICE.csv", dir);
  f = fopen(path, "w");
  fputs("VALUE\n", f);
  for (int l = 0; l < NL; l++) fprintf(f, "L%03d\n", l);
  fclose(f);
  snprintf(path, sizeof path, "%s/YEAR.csv", dir);
  f = fopen(path, "w");
  fputs("VALUE\n", f);
  for (int y = 0; y < NY; y++) fprintf(f, "%d\n", 2020 + y);
  fclose(f);
  snprintf(path, sizeof path, "%s/CapacityFactor.csv", dir);
  f = fopen(path, "w");
  fputs("REGION,TECHNOLOGY,TIMESLICE,YEAR,VALUE\n", f);
  for (int t = 0; t < NT; t++)
    for (int l = 0; l < NL; l++)
      for (int y = 0; y < NY; y++)
        fprintf(f, "R1,TECH_%04d,L%03d,%d,0.%03d\n", t, l, 2020 + y,
                (t + l + y) % 1000);
  fclose(f);
  tl_model *m = NULL;
  double t0 = now();
  tl_status st = rd(ctx, dir, &m);
  double dt = now() - t0;
  CHECK(st == TL_OK && m && m->params[TL_P_CapacityFactor].n == NT * NL * NY);
  if (m) CHECK(tl_pget4(m, TL_P_CapacityFactor, 0, 7, 11, 13) == 0.031);
  printf("  read %d rows in %.3f s: %.2f million rows/s\n", NT * NL * NY, dt,
         NT * NL * NY / dt / 1e6);
  tl_model_free(m);

  /* an interrupt stops the read at the next poll */
  tl_interrupt();
  st = rd(ctx, dir, &m);
  tl_interrupt_clear();
  CHECK(st == TL_ERR_INTERRUPTED && m == NULL);
  EXPECT_DIAG(ctx, TL_ERROR, "interrupted", "/CapacityFactor.csv", 65537, 0,
              "CapacityFactor", NULL, NULL);
}

int main(void) {
  snprintf(base, sizeof base, "/tmp/tanlu_test_csv_XXXXXX");
  if (!mkdtemp(base)) {
    perror("mkdtemp");
    return 2;
  }
  tl_ctx *ctx = tl_ctx_new();
  if (!ctx) return 2;
  test_basic(ctx);
  test_syntax(ctx);
  test_unknown_member(ctx);
  test_field_count(ctx);
  test_numbers(ctx);
  test_duplicates(ctx);
  test_quote_errors(ctx);
  test_headers(ctx);
  test_trade_route(ctx);
  test_other_files(ctx);
  test_numeric_members(ctx);
  test_config(ctx);
  test_symbolic(ctx);
  test_alloc_failures(ctx);
  test_reference_folders(ctx);
  test_speed(ctx);
  tl_ctx_free(ctx);
  rm_rf(base);
  if (fails) {
    printf("test_read_csv: %d check(s) FAILED\n", fails);
    return 1;
  }
  printf("test_read_csv: all checks passed\n");
  return 0;
}
