/* test_read_dat.c - tests of the GNU MathProg data file reader: every syntax
 * form on small inline files, every error message with its location, the
 * real models in tests/models/, allocation failures and speed. Expected
 * values are read off the inputs by hand. Run from the repository root. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/read_dat.h"

static int checks, failures;

static void check_(int ok, const char *what, const char *file, int line) {
  checks++;
  if (!ok) {
    failures++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  }
}
#define CHECK(c) check_((c) != 0, #c, __FILE__, __LINE__)

static void check_num_(double got, double want, const char *what,
                       const char *file, int line) {
  checks++;
  if (!(got == want)) {
    failures++;
    fprintf(stderr, "%s:%d: %s is %.17g, expected %.17g\n", file, line, what,
            got, want);
  }
}
#define CHECK_NUM(got, want) check_num_((got), (want), #got, __FILE__, __LINE__)

static void check_str_(const char *got, const char *want, const char *what,
                       const char *file, int line) {
  checks++;
  if (!got || strcmp(got, want) != 0) {
    failures++;
    fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what,
            got ? got : "(null)", want);
  }
}
#define CHECK_STR(got, want) check_str_((got), (want), #got, __FILE__, __LINE__)

static void print_diags(const tl_ctx *c) {
  for (int i = 0; i < tl_ctx_diag_count(c); i++) {
    char b[2048];
    tl_diag_format(tl_ctx_diag(c, i), b, sizeof b);
    fprintf(stderr, "    %s\n", b);
  }
}

/* Name of the last temporary file read. */
static char tmp_path[64];

/* Write text[0..len) to a new temporary file, read it, remove it. */
static tl_status read_len(tl_ctx *c, const char *text, size_t len,
                          tl_model **m) {
  strcpy(tmp_path, "/tmp/tl_test_dat_XXXXXX");
  int fd = mkstemp(tmp_path);
  if (fd < 0) {
    perror("mkstemp");
    exit(2);
  }
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);
    if (w <= 0) {
      perror("write");
      exit(2);
    }
    done += (size_t)w;
  }
  close(fd);
  tl_ctx_clear(c);
  tl_status st = tl_read_datafile(c, tmp_path, m);
  unlink(tmp_path);
  return st;
}

static tl_status read_text(tl_ctx *c, const char *text, tl_model **m) {
  return read_len(c, text, strlen(text), m);
}

/* Sets shared by many cases: lines 1-8, so a body starts at line 9. */
static const char *const SETS =
    "set REGION := R;\n"
    "set TECHNOLOGY := T1 T2 T3;\n"
    "set FUEL := F1 F2;\n"
    "set MODE_OF_OPERATION := 1 2;\n"
    "set YEAR := 2020 2021 2022;\n"
    "set TIMESLICE := ID IN;\n"
    "set SEASON := 1 2;\n"
    "set EMISSION := CO2;\n";

static tl_status read_body(tl_ctx *c, const char *body, tl_model **m) {
  static char text[1 << 16];
  snprintf(text, sizeof text, "%s%s", SETS, body);
  return read_text(c, text, m);
}

/* The first stored diagnostic of severity sev whose message contains what. */
static const tl_diag *find_diag(const tl_ctx *c, tl_severity sev,
                                const char *what) {
  for (int i = 0; i < tl_ctx_diag_count(c); i++) {
    const tl_diag *d = tl_ctx_diag(c, i);
    if (d->severity == sev && d->message && strstr(d->message, what)) return d;
  }
  return NULL;
}

static int count_diags(const tl_ctx *c, const char *what) {
  int n = 0;
  for (int i = 0; i < tl_ctx_diag_count(c); i++)
    if (strstr(tl_ctx_diag(c, i)->message, what)) n++;
  return n;
}

/* Expect exactly one error containing what, at line:col. Returns it. */
static const tl_diag *expect_error_(tl_ctx *c, tl_status st, const tl_model *m,
                                    const char *what, int line, int col,
                                    const char *file, int srcline) {
  check_(st == TL_ERR_PARSE, "status is TL_ERR_PARSE", file, srcline);
  check_(m == NULL, "no model on error", file, srcline);
  const tl_diag *d = find_diag(c, TL_ERROR, what);
  check_(d != NULL, what, file, srcline);
  if (!d) {
    print_diags(c);
    return NULL;
  }
  check_num_(d->line, line, "line", file, srcline);
  check_num_(d->column, col, "column", file, srcline);
  check_str_(d->file, tmp_path, "file", file, srcline);
  return d;
}
#define EXPECT_ERROR(c, st, m, what, line, col) \
  expect_error_((c), (st), (m), (what), (line), (col), __FILE__, __LINE__)

static int mi(const tl_model *m, tl_set_id s, const char *name) {
  return tl_set_index(&m->sets[s], name, strlen(name));
}

/* Entry number of p at idx, or -1. */
static int entry_of(const tl_model *m, tl_param_id pid, const int32_t *idx) {
  const tl_param *p = &m->params[pid];
  for (int e = 0; e < p->n; e++)
    if (!memcmp(p->idx + (size_t)e * (size_t)p->def->nidx, idx,
                (size_t)p->def->nidx * sizeof *idx))
      return e;
  return -1;
}

static int ok_model(tl_ctx *c, tl_status st, const tl_model *m, int line) {
  check_(st == TL_OK && m != NULL, "read succeeds", __FILE__, line);
  if (st != TL_OK || !m) {
    print_diags(c);
    return 0;
  }
  return 1;
}
#define OK_MODEL(c, st, m) ok_model((c), (st), (m), __LINE__)

/* ---- syntax forms ----------------------------------------------------------
 */

static void test_sets(tl_ctx *c) {
  tl_model *m;
  tl_status st =
      read_text(c,
                "set REGION := R1, R2 'R 3' \"R4\";\n"
                "set TECHNOLOGY;\n"
                "set FUEL := 'it''s' F2\n"
                "  F2 ;\n"
                "set STORAGE := ;\n"
                "set EMISSION := \xE4\xB8\xAD\xE5\x9B\xBD 'CO\xE2\x82\x82';\n",
                &m);
  if (!OK_MODEL(c, st, m)) return;
  const tl_set *r = &m->sets[TL_REGION];
  CHECK(r->defined);
  CHECK_NUM(r->n, 4);
  CHECK_STR(r->name[0], "R1");
  CHECK_STR(r->name[1], "R2");
  CHECK_STR(r->name[2], "R 3");
  CHECK_STR(r->name[3], "R4");
  CHECK_NUM(r->loc.line, 1);
  CHECK_NUM(r->loc.col, 1);
  CHECK(r->loc.file == m->files[0]);
  CHECK(m->sets[TL_TECHNOLOGY].defined);
  CHECK_NUM(m->sets[TL_TECHNOLOGY].n, 0);
  CHECK_NUM(m->sets[TL_FUEL].n, 2);
  CHECK_STR(m->sets[TL_FUEL].name[0], "it's");
  CHECK_NUM(m->sets[TL_FUEL].loc.line, 3);
  CHECK(m->sets[TL_STORAGE].defined);
  CHECK_NUM(m->sets[TL_STORAGE].n, 0);
  CHECK(!m->sets[TL_YEAR].defined);
  CHECK_NUM(m->sets[TL_EMISSION].n, 2);
  CHECK_STR(m->sets[TL_EMISSION].name[0], "\xE4\xB8\xAD\xE5\x9B\xBD");
  CHECK_STR(m->sets[TL_EMISSION].name[1], "CO\xE2\x82\x82");
  CHECK_STR(m->path, tmp_path);
  CHECK_NUM(m->nfiles, 1);
  CHECK_STR(m->files[0], tmp_path);
  const tl_diag *d = find_diag(c, TL_WARNING, "given twice");
  CHECK(d != NULL);
  if (d) {
    CHECK_NUM(d->line, 4);
    CHECK_NUM(d->column, 3);
    CHECK_STR(d->param, "FUEL");
    CHECK_STR(d->value, "F2");
  }
  tl_model_free(m);
}

static void test_list(tl_ctx *c) {
  tl_model *m;
  tl_status st =
      read_body(c,
                "param CapitalCost default 5 :=\n"
                "  R T1 2020 100, R T1 2021 101\n"
                "  R,T2,2020,-1.5e2 R T3 2022 .25\n"
                ";\n"
                "param OperationalLife := R T1 30 R 'T2' 40;\n"
                "param DiscountRate default 0.1 :=;\n"
                "param FixedCost := R T1 2020.0 7 R T1 +2.021e3 8;\n",
                &m);
  if (!OK_MODEL(c, st, m)) return;
  int R = mi(m, TL_REGION, "R"), T1 = mi(m, TL_TECHNOLOGY, "T1"),
      T2 = mi(m, TL_TECHNOLOGY, "T2"), T3 = mi(m, TL_TECHNOLOGY, "T3"),
      Y0 = mi(m, TL_YEAR, "2020"), Y1 = mi(m, TL_YEAR, "2021"),
      Y2 = mi(m, TL_YEAR, "2022");
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, R, T1, Y0), 100);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, R, T1, Y1), 101);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, R, T2, Y0), -150);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, R, T3, Y2), 0.25);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, R, T2, Y1), 5); /* default */
  const tl_param *p = &m->params[TL_P_CapitalCost];
  CHECK_NUM(p->n, 4);
  CHECK(p->has_defval);
  CHECK_NUM(p->defval, 5);
  CHECK(p->given);
  CHECK_NUM(p->decl.line, 9);
  CHECK_NUM(p->decl.col, 1);
  int32_t idx[3] = {R, T2, Y0};
  tl_loc l = tl_param_entry_loc(m, p, entry_of(m, TL_P_CapitalCost, idx));
  CHECK_NUM(l.line, 11);
  CHECK_NUM(l.col, 13);
  CHECK(l.file == m->files[0]);
  CHECK_NUM(tl_pget2(m, TL_P_OperationalLife, R, T1), 30);
  CHECK_NUM(tl_pget2(m, TL_P_OperationalLife, R, T2), 40);
  CHECK_NUM(tl_pget2(m, TL_P_OperationalLife, R, T3), 1); /* reference */
  CHECK(!m->params[TL_P_OperationalLife].has_defval);
  CHECK(m->params[TL_P_DiscountRate].has_defval);
  CHECK(m->params[TL_P_DiscountRate].given);
  CHECK_NUM(m->params[TL_P_DiscountRate].n, 0);
  CHECK_NUM(tl_pget1(m, TL_P_DiscountRate, R), 0.1);
  CHECK(!m->params[TL_P_FixedCost].has_defval);
  /* a number names the member of equal value, as in GLPK */
  CHECK_NUM(tl_pget3(m, TL_P_FixedCost, R, T1, Y0), 7);
  CHECK_NUM(tl_pget3(m, TL_P_FixedCost, R, T1, Y1), 8);
  CHECK(!m->params[TL_P_VariableCost].given);
  tl_model_free(m);
}

static void test_slices(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c,
                           "param OutputActivityRatio default 0 :=\n"
                           " [R,*,F1,1,*] T1 2020 1 T1 2021 2\n"
                           " [R,T2,*,2,*] F2 2020 3\n"
                           " [R,T3,F2,1,2022] 4 ;\n",
                           &m);
  if (!OK_MODEL(c, st, m)) return;
  int R = 0, T1 = 0, T2 = 1, T3 = 2, F1 = 0, F2 = 1, M1 = 0, M2 = 1;
  CHECK_NUM(mi(m, TL_MODE_OF_OPERATION, "2"), M2);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, R, T1, F1, M1, 0), 1);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, R, T1, F1, M1, 1), 2);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, R, T2, F2, M2, 0), 3);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, R, T3, F2, M1, 2), 4);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, R, T2, F2, M1, 0), 0);
  CHECK_NUM(m->params[TL_P_OutputActivityRatio].n, 4);
  tl_model_free(m);
}

static void test_tables(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c,
                           "param CapacityFactor default 1 :=\n" /* 9 */
                           "[R,T1,*,*]: 2020 2021 :=\n"          /* 10 */
                           "ID 0.5 .\n"                          /* 11 */
                           "IN 0.25 0.75\n"                      /* 12 */
                           "[R,T2,*,*] (tr) : ID IN :=\n"        /* 13 */
                           "2020 0.1 0.2\n"                      /* 14 */
                           "2021 . 0.4 ;\n"                      /* 15 */
                           "param YearSplit : 2020 2021 2022 := ID 0.5 0.5 "
                           "0.5 IN 0.5 0.5 0.5;\n"
                           "param Conversionls (tr): ID IN := 1 1 0 2 0 1;\n"
                           "param VariableCost default 0.5 := [R,*,1,*]:\n"
                           " 2020 2021\n"
                           " 2022 :=\n"
                           "T1 1 2\n"
                           "   3\n"
                           "T2 4 5 6;\n",
                           &m);
  if (!OK_MODEL(c, st, m)) return;
  int ID = mi(m, TL_TIMESLICE, "ID"), IN = mi(m, TL_TIMESLICE, "IN");
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 0, ID, 0), 0.5);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 0, IN, 0), 0.25);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 0, IN, 1), 0.75);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 1, ID, 0), 0.1);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 1, IN, 0), 0.2);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 1, IN, 1), 0.4);
  /* '.' cells are no value: the default applies and no entry exists */
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 0, ID, 1), 1);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, 0, 1, ID, 1), 1);
  CHECK_NUM(m->params[TL_P_CapacityFactor].n, 6);
  int32_t idx[4] = {0, 0, IN, 1};
  tl_loc l = tl_param_entry_loc(m, &m->params[TL_P_CapacityFactor],
                                entry_of(m, TL_P_CapacityFactor, idx));
  CHECK_NUM(l.line, 12);
  CHECK_NUM(l.col, 9);
  CHECK_NUM(tl_pget2(m, TL_P_YearSplit, IN, 2), 0.5);
  CHECK_NUM(m->params[TL_P_YearSplit].n, 6);
  /* transposed: columns are TIMESLICE (first index), rows SEASON */
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, ID, 0), 1);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, IN, 0), 0);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, ID, 1), 0);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, IN, 1), 1);
  CHECK_NUM(m->params[TL_P_Conversionls].n, 4);
  /* a row continued on the next line */
  CHECK_NUM(tl_pget4(m, TL_P_VariableCost, 0, 0, 0, 2), 3);
  CHECK_NUM(tl_pget4(m, TL_P_VariableCost, 0, 1, 0, 1), 5);
  CHECK_NUM(tl_pget4(m, TL_P_VariableCost, 0, 2, 0, 0), 0.5);
  CHECK_NUM(m->params[TL_P_VariableCost].n, 6);
  tl_model_free(m);
}

static void test_comments_bom_crlf(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(
      c,
      "\xEF\xBB\xBFset REGION := R;  # after a BOM\r\n"
      "data;\r\n"
      "/* a block comment\r\n"
      "   over lines; with := and ' */ set YEAR := 2020 /* in */ 2021;\r\n"
      "set TIMESLICE := ID;#no blank before\r\n"
      "param DiscountRate default 0.1 := R 0.07;\r\n"
      "param YearSplit default 0 :\r\n"
      "2020 2021 :=\r\n"
      "ID 1 1;\r\n"
      "end;\r\n"
      "not data ( { \x01 \xff\r\n",
      &m);
  if (!OK_MODEL(c, st, m)) return;
  CHECK_NUM(m->sets[TL_REGION].n, 1);
  CHECK_STR(m->sets[TL_REGION].name[0], "R");
  CHECK_NUM(m->sets[TL_YEAR].n, 2);
  CHECK_NUM(m->sets[TL_YEAR].loc.line, 4);
  CHECK_NUM(tl_pget1(m, TL_P_DiscountRate, 0), 0.07);
  CHECK_NUM(tl_pget2(m, TL_P_YearSplit, 0, 1), 1);
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 0);
  tl_model_free(m);
  /* columns after a BOM do not count it; lines with CRLF count once */
  st = read_text(c, "\xEF\xBB\xBFset REGOIN := R;\r\n", &m);
  EXPECT_ERROR(c, st, m, "unknown set 'REGOIN' (did you mean 'REGION'?)", 1, 5);
  st = read_text(c,
                 "\xEF\xBB\xBF\r\n\r\nset REGION := R;\r\n"
                 "param DiscountRate := R x;\r\n",
                 &m);
  const tl_diag *d = EXPECT_ERROR(c, st, m, "not a number", 4, 25);
  if (d) CHECK_STR(d->value, "x");
}

static void test_skipped_names(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(c,
                           "param ResultsPath := \"results\";\n"
                           "set FLEXIBLEDEMANDTYPE := A B;\n"
                           "set COMMODITY := X;\n"
                           "set REGION_ := R;\n"
                           "set REGION := R;\n",
                           &m);
  if (!OK_MODEL(c, st, m)) return;
  const tl_diag *d = find_diag(c, TL_NOTICE, "'ResultsPath' is not used");
  CHECK(d != NULL);
  if (d) {
    CHECK_NUM(d->line, 1);
    CHECK_NUM(d->column, 7);
  }
  d = find_diag(c, TL_NOTICE, "FLEXIBLEDEMANDTYPE");
  CHECK(d && d->line == 2);
  d = find_diag(c, TL_NOTICE, "'COMMODITY' is not an OSeMOSYS set");
  CHECK(d && d->line == 3);
  CHECK(find_diag(c, TL_NOTICE, "REGION_") != NULL);
  CHECK_NUM(m->sets[TL_REGION].n, 1);
  tl_model_free(m);
  /* a misspelt OSeMOSYS set is an error */
  st = read_text(c, "set REGION := R;\nset TECHNOLOGIES := T1;\n", &m);
  d = EXPECT_ERROR(c, st, m,
                   "unknown set 'TECHNOLOGIES' (did you mean "
                   "'TECHNOLOGY'?)",
                   2, 5);
  if (d) CHECK_STR(d->param, "TECHNOLOGIES");
}

static void test_symbolic(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(c,
                           "set EMISSION := CO2 CH4 N2O;\n"
                           "param EmissionGas default 'none' :=\n"
                           " CO2 CO2 CH4 \"CH4_fossil\";\n",
                           &m);
  if (!OK_MODEL(c, st, m)) return;
  CHECK_STR(tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 0)), "CO2");
  CHECK_STR(tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 1)), "CH4_fossil");
  CHECK_STR(tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, 2)), "none");
  tl_model_free(m);
  st = read_text(c,
                 "set EMISSION := CO2;\n"
                 "param EmissionGas := CO2 CO2 CO2 CH4;\n",
                 &m);
  const tl_diag *d = EXPECT_ERROR(
      c, st, m, "given twice with different values: CO2 (line 2) and CH4", 2,
      34);
  if (d) CHECK_STR(d->value, "CH4");
}

/* ---- errors
 * ------------------------------------------------------------------ */

static void test_unknown_names(tl_ctx *c) {
  tl_model *m;
  tl_status st =
      read_body(c, "param CapitalCosts default 0 := R T1 2020 1;\n", &m);
  const tl_diag *d = EXPECT_ERROR(
      c, st, m,
      "unknown parameter 'CapitalCosts' (did you mean 'CapitalCost'?)", 9, 7);
  if (d) CHECK_STR(d->param, "CapitalCosts");

  st = read_body(c, "param CapitalCost default 0 :=\n  R E99 2020 7;\n", &m);
  d = EXPECT_ERROR(c, st, m, "unknown TECHNOLOGY 'E99'", 10, 5);
  if (d) {
    CHECK_STR(d->param, "CapitalCost");
    CHECK_STR(d->index, "R,E99,2020");
    CHECK_STR(d->value, "E99");
  }
  /* a table: an unknown column label is reported once, not per row */
  st = read_body(c,
                 "param CapacityFactor := [R,T1,*,*]: 2020 1999 :=\n"
                 "ID 1 2\nIN 3 4;\n",
                 &m);
  d = EXPECT_ERROR(c, st, m, "unknown YEAR '1999'", 9, 42);
  if (d) {
    CHECK_STR(d->index, "R,T1,*,1999");
    CHECK_STR(d->value, "1999");
  }
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  st = read_body(c,
                 "param CapacityFactor := [R,T1,*,*]: 2020 2021 :=\n"
                 "ID 1 2\nXX 3 4;\n",
                 &m);
  d = EXPECT_ERROR(c, st, m, "unknown TIMESLICE 'XX'", 11, 1);
  if (d) CHECK_STR(d->index, "R,T1,XX,*");
  st = read_body(c,
                 "param CapacityFactor := [R,T9,*,*]: 2020 2021 :=\n"
                 "ID 1 2\nIN 3 4;\n",
                 &m);
  d = EXPECT_ERROR(c, st, m, "unknown TECHNOLOGY 'T9'", 9, 28);
  if (d) CHECK_STR(d->index, "R,T9,*,*");
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
}

static void test_numbers(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c,
                           "param CapitalCost := R T1 2020 abc\n"
                           " R T1 2021 nan\n"
                           " R T1 2022 1e999\n"
                           " R T2 2020 -inf;\n",
                           &m);
  const tl_diag *d = EXPECT_ERROR(c, st, m, "not a number", 9, 32);
  if (d) {
    CHECK_STR(d->value, "abc");
    CHECK_STR(d->index, "R,T1,2020");
    CHECK_STR(d->param, "CapitalCost");
  }
  d = find_diag(c, TL_ERROR, "not a finite number");
  CHECK(d && d->line == 10 && d->column == 12 && !strcmp(d->value, "nan"));
  d = find_diag(c, TL_ERROR, "out of range");
  CHECK(d && d->line == 11 && !strcmp(d->value, "1e999"));
  CHECK_NUM(count_diags(c, "not a finite number"), 2);
  st = read_body(c, "param DiscountRate default NaN := ;\n", &m);
  EXPECT_ERROR(c, st, m, "not a finite number", 9, 28);
  st = read_body(c, "param DiscountRate default := ;\n", &m);
  EXPECT_ERROR(c, st, m, "expected a number after 'default', found ':='", 9,
               28);
}

static void test_shape_errors(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c, "param CapitalCost := [R,*] T1 5;\n", &m);
  EXPECT_ERROR(c, st, m,
               "the slice has 2 positions; CapitalCost has 3 indices "
               "(REGION,TECHNOLOGY,YEAR)",
               9, 22);
  st = read_body(c, "param CapitalCost :=\n R T1 5;\n", &m);
  const tl_diag *d = EXPECT_ERROR(
      c, st, m,
      "incomplete entry: CapitalCost needs 3 indices and a value here, "
      "found 3 items before ';'",
      10, 8);
  if (d) CHECK_STR(d->index, "R,T1,5");
  st = read_body(c, "param CapitalCost : 2020 := R 1;\n", &m);
  EXPECT_ERROR(c, st, m, "a table needs 2 free indices, CapitalCost has 3", 9,
               19);
  /* a short row: the next row label is not taken for a value */
  st = read_body(c, "param YearSplit : 2020 2021 2022 :=\nID 1 2\nIN 3 4 5;\n",
                 &m);
  d = EXPECT_ERROR(c, st, m, "row 'ID' has 2 values; the table has 3 columns",
                   11, 1);
  if (d) CHECK_STR(d->value, "IN");
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  st = read_body(c, "param YearSplit : 2020 2021 :=\nID 1 2 3\nIN 3 4;\n", &m);
  d = EXPECT_ERROR(c, st, m, "row 'ID' has more values than the 2 columns", 10,
                   8);
  if (d) CHECK_STR(d->value, "3");
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  st = read_body(c, "param : CapitalCost FixedCost := R T1 2020 1 2;\n", &m);
  EXPECT_ERROR(c, st, m, "tabbing format", 9, 7);
}

static void test_set_order(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(c,
                           "set REGION := R;\n"
                           "param CapitalCost default 0 :=\n"
                           " R T1 2020 1\n"
                           " R T2 2020 2;\n"
                           "set TECHNOLOGY := T1 T2;\n"
                           "set YEAR := 2020;\n",
                           &m);
  const tl_diag *d = EXPECT_ERROR(
      c, st, m, "set TECHNOLOGY is used before it is defined", 3, 4);
  if (d) CHECK_STR(d->param, "CapitalCost");
  CHECK_NUM(count_diags(c, "used before"), 1);
  /* an empty param statement does not need its sets */
  st = read_text(c, "param CapitalCost default 3 := ;\nset REGION := R;\n", &m);
  if (OK_MODEL(c, st, m)) {
    CHECK_NUM(m->params[TL_P_CapitalCost].defval, 3);
    tl_model_free(m);
  }
  st = read_body(
      c, "param CapitalCost := R T1 2020 1;\nset TECHNOLOGY := T4;\n", &m);
  d = EXPECT_ERROR(
      c, st, m, "set TECHNOLOGY extended after parameter data used it", 10, 1);
  if (d) CHECK_STR(d->param, "TECHNOLOGY");
  st = read_text(c, "set REGION := R;\nset REGION := S;\n", &m);
  EXPECT_ERROR(c, st, m, "set REGION is defined twice (first at line 1)", 2, 1);
}

static void test_duplicates(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c,
                           "param CapitalCost := R T1 2020 100\n"
                           " R T1 2020 100\n"
                           " R T1 2020 200;\n",
                           &m);
  const tl_diag *d = EXPECT_ERROR(
      c, st, m, "given twice with different values: 100 (line 9) and 200", 11,
      12);
  if (d) {
    CHECK_STR(d->index, "R,T1,2020");
    CHECK_STR(d->value, "200");
  }
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  st = read_body(c, "param CapitalCost := R T1 2020 100 R T1 2020 1e2;\n", &m);
  if (OK_MODEL(c, st, m)) {
    CHECK_NUM(m->params[TL_P_CapitalCost].n, 1);
    tl_model_free(m);
  }
  /* a parameter given in two statements: merged, with a warning */
  st = read_body(c,
                 "param CapitalCost default 1 := R T1 2020 100;\n"
                 "param CapitalCost default 1 := R T1 2021 101;\n",
                 &m);
  if (OK_MODEL(c, st, m)) {
    CHECK_NUM(m->params[TL_P_CapitalCost].n, 2);
    CHECK(find_diag(c, TL_WARNING, "given again (first at line 9)") != NULL);
    tl_model_free(m);
  }
  st = read_body(c,
                 "param CapitalCost default 1 := ;\n"
                 "param CapitalCost default 2 := ;\n",
                 &m);
  EXPECT_ERROR(c, st, m, "a different default (1) was given before", 10, 27);
}

static void test_termination(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_body(c,
                           "param CapitalCost default 0 :=\n"
                           " R T1 2020 1\n"
                           " R T1 2021 2\n",
                           &m);
  const tl_diag *d = EXPECT_ERROR(c, st, m,
                                  "'param CapitalCost' starting here is never "
                                  "ended by ';'",
                                  9, 1);
  if (d) CHECK_STR(d->param, "CapitalCost");
  st = read_text(c, "set REGION := R;\n\n  set YEAR := 2020\n2021\n", &m);
  EXPECT_ERROR(c, st, m, "'set YEAR' starting here is never ended", 3, 3);
  /* a missing ';' before the next statement: one error, then reading on */
  st = read_body(c,
                 "param DiscountRate default 0.1 := R 0.2\n"
                 "param CapitalCost := R T1 2020 x;\n",
                 &m);
  EXPECT_ERROR(c, st, m, "is not ended by ';' before 'param' at line 10", 9, 1);
  CHECK(find_diag(c, TL_ERROR, "not a number") != NULL);
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 2);
  st = read_text(c, "set REGION := R\nset YEAR := 2020;\n", &m);
  EXPECT_ERROR(c, st, m, "'set REGION' starting here is not ended by ';'", 1,
               1);
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  /* missing := */
  st = read_text(c, "set REGION R1 R2;\n", &m);
  EXPECT_ERROR(c, st, m, "expected ':=' after the set name, found 'R1'", 1, 12);
  st = read_body(c, "param CapitalCost default 0 R T1 2020 1;\n", &m);
  EXPECT_ERROR(c, st, m, "expected ':=' before the data, found 'R'", 9, 29);
  st = read_body(c, "param YearSplit : 2020 2021\nID 1 2;\n", &m);
  EXPECT_ERROR(c, st, m,
               "missing ':=' after the column labels of the table (found ';'",
               9, 17);
  st = read_text(c, "data\nset REGION := R;\n", &m);
  EXPECT_ERROR(c, st, m, "expected ';' after 'data', found 'set'", 2, 1);
  st = read_text(c, "sett REGION := R;\n", &m);
  EXPECT_ERROR(c, st, m, "expected 'set', 'param' or 'end', found 'sett'", 1,
               1);
}

static void test_bad_bytes(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(c,
                           "set REGION := R\xff"
                           "1;\n",
                           &m);
  const tl_diag *d = EXPECT_ERROR(c, st, m, "invalid UTF-8 byte", 1, 16);
  if (d) CHECK_STR(d->value, "\\xFF");
  st = read_text(c, "set REGION := 'R\xc0\xaf';\n", &m); /* overlong */
  EXPECT_ERROR(c, st, m, "invalid UTF-8 byte", 1, 17);
  st = read_text(c, "set REGION := R\x01;\n", &m);
  EXPECT_ERROR(c, st, m, "control character", 1, 16);
  st = read_len(c, "set REGION := R\0;\n", 18, &m);
  EXPECT_ERROR(c, st, m, "control character", 1, 16);
  st = read_text(c, "set REGION := 'R;\nset YEAR := 2020;\n", &m);
  EXPECT_ERROR(c, st, m, "quoted name is not closed on its line", 1, 15);
  st = read_text(c, "set REGION := R;\n  /* open\n set YEAR := 2020;\n", &m);
  EXPECT_ERROR(c, st, m, "comment '/*' is never closed", 2, 3);
  st = read_text(c, "set REGION := R {};\n", &m);
  EXPECT_ERROR(c, st, m, "unexpected character", 1, 17);
  /* binary junk: a clean error, never a crash */
  char junk[8192];
  unsigned x = 12345;
  for (int rep = 0; rep < 20; rep++) {
    for (size_t i = 0; i < sizeof junk; i++) {
      x = x * 1103515245u + 12345u;
      junk[i] = (char)(x >> 16);
    }
    st = read_len(c, junk, sizeof junk, &m);
    CHECK(st == TL_ERR_PARSE && m == NULL);
    CHECK(tl_ctx_count(c, TL_ERROR) >= 1 &&
          tl_ctx_count(c, TL_ERROR) <= TL_DAT_MAX_ERRORS);
    tl_model_free(m);
  }
  /* junk that looks like data: symbols, brackets, quotes */
  const char alphabet[] =
      "set param := ; : [ ] ( ) tr * . , ' \" # /* */ "
      "R T1 2020 1 2.5 default \n";
  for (int rep = 0; rep < 200; rep++) {
    size_t n = 0;
    for (int i = 0; i < 60; i++) {
      x = x * 1103515245u + 12345u;
      size_t k = (x >> 16) % (sizeof alphabet - 1), e = k;
      while (e < sizeof alphabet - 1 && alphabet[e] != ' ') e++;
      while (k > 0 && alphabet[k - 1] != ' ') k--;
      memcpy(junk + n, alphabet + k, e - k);
      n += e - k;
      junk[n++] = (x >> 8) & 1 ? ' ' : '\n';
    }
    char text[16384];
    int len = snprintf(text, sizeof text, "%s%.*s", SETS, (int)n, junk);
    st = read_len(c, text, (size_t)len, &m);
    CHECK(st == TL_OK || st == TL_ERR_PARSE);
    CHECK((st == TL_OK) == (m != NULL));
    tl_model_free(m);
  }
}

static void test_long_input(tl_ctx *c) {
  tl_model *m;
  tl_buf b;
  tl_buf_init(&b);
  /* a member name longer than allowed */
  tl_buf_adds(&b, "set REGION := ");
  for (int i = 0; i < 10000; i++) tl_buf_addc(&b, 'A');
  tl_buf_adds(&b, ";\n");
  tl_status st = read_text(c, tl_buf_cstr(&b), &m);
  const tl_diag *d =
      EXPECT_ERROR(c, st, m, "10000 bytes long (at most 255)", 1, 15);
  if (d) {
    CHECK(strlen(d->value) <= 203);
    CHECK(strstr(d->value, "AAA...") != NULL);
  }
  /* a parameter name of 100000 bytes */
  tl_buf_reset(&b);
  tl_buf_adds(&b, "param ");
  for (int i = 0; i < 100000; i++) tl_buf_addc(&b, 'x');
  tl_buf_adds(&b, " := ;\n");
  st = read_text(c, tl_buf_cstr(&b), &m);
  d = EXPECT_ERROR(c, st, m, "unknown parameter", 1, 7);
  if (d) CHECK(strlen(d->message) < 300);
  /* one line of 30000 entries, then an error at its end */
  tl_buf_reset(&b);
  tl_buf_adds(&b, SETS);
  tl_buf_adds(&b, "param CapitalCost :=");
  for (int i = 0; i < 30000; i++) tl_buf_adds(&b, " R T1 2020 1");
  size_t col = b.len - strlen(SETS) + 2;
  tl_buf_adds(&b, " R T7 2020 1;\n");
  st = read_text(c, tl_buf_cstr(&b), &m);
  d = EXPECT_ERROR(c, st, m, "unknown TECHNOLOGY 'T7'", 9, (int)col + 2);
  if (d) CHECK_STR(d->index, "R,T7,2020");
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 1);
  tl_buf_free(&b);
}

static void test_empty_and_io(tl_ctx *c) {
  tl_model *m;
  tl_status st = read_text(c, "", &m);
  if (OK_MODEL(c, st, m)) {
    for (int s = 0; s < TL_NSETS; s++) {
      CHECK(!m->sets[s].defined);
      CHECK_NUM(m->sets[s].n, 0);
    }
    for (int p = 0; p < TL_NPARAMS; p++) CHECK_NUM(m->params[p].n, 0);
    CHECK_STR(m->path, tmp_path);
    tl_model_free(m);
  }
  st = read_text(c, "\xEF\xBB\xBF  # only a comment\n/* and */ data; ; end;",
                 &m);
  if (OK_MODEL(c, st, m)) tl_model_free(m);
  tl_ctx_clear(c);
  st = tl_read_datafile(c, "/nonexistent/dir/model.txt", &m);
  CHECK(st == TL_ERR_IO && m == NULL);
  const tl_diag *d = find_diag(c, TL_ERROR, "cannot open");
  CHECK(d && !strcmp(d->file, "/nonexistent/dir/model.txt"));
  tl_ctx_clear(c);
  st = tl_read_datafile(c, "/tmp", &m);
  CHECK(st == TL_ERR_IO && m == NULL);
  CHECK(find_diag(c, TL_ERROR, "is a directory") != NULL);
  CHECK(tl_read_datafile(c, NULL, &m) == TL_ERR_ARG && m == NULL);
  CHECK(tl_read_datafile(c, "x", NULL) == TL_ERR_ARG);
  /* from memory; the name is only a label */
  tl_ctx_clear(c);
  st = tl_read_databuf(c, "mem.dat",
                       "set REGION := R; param DiscountRate := R z;", 44, &m);
  CHECK(st == TL_ERR_PARSE && m == NULL);
  d = find_diag(c, TL_ERROR, "not a number");
  CHECK(d && !strcmp(d->file, "mem.dat") && d->line == 1 && d->column == 42);
  /* interrupted */
  tl_interrupt();
  st = read_text(c, "set REGION := R;", &m);
  CHECK(st == TL_ERR_INTERRUPTED && m == NULL);
  tl_interrupt_clear();
}

static void test_error_cap(tl_ctx *c) {
  tl_model *m;
  tl_buf b;
  tl_buf_init(&b);
  tl_buf_adds(&b, SETS);
  tl_buf_adds(&b, "param CapitalCost :=\n");
  for (int i = 0; i < 200; i++) tl_buf_printf(&b, " R X%d 2020 1\n", i);
  tl_buf_adds(&b, ";\n");
  tl_status st = read_text(c, tl_buf_cstr(&b), &m);
  CHECK(st == TL_ERR_PARSE && m == NULL);
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), TL_DAT_MAX_ERRORS);
  CHECK(find_diag(c, TL_NOTICE, "too many errors") != NULL);
  tl_buf_free(&b);
}

/* ---- real models -----------------------------------------------------------
 */

static void test_utopia(tl_ctx *c) {
  tl_model *m;
  tl_ctx_clear(c);
  tl_status st = tl_read_datafile(c, "tests/models/utopia.txt", &m);
  if (!OK_MODEL(c, st, m)) return;
  /* counted in the file's set statements */
  CHECK_NUM(m->sets[TL_REGION].n, 1);
  CHECK_NUM(m->sets[TL_TECHNOLOGY].n, 21);
  CHECK_NUM(m->sets[TL_FUEL].n, 10);
  CHECK_NUM(m->sets[TL_YEAR].n, 21);
  CHECK_NUM(m->sets[TL_TIMESLICE].n, 6);
  CHECK_NUM(m->sets[TL_EMISSION].n, 2);
  CHECK_NUM(m->sets[TL_MODE_OF_OPERATION].n, 2);
  CHECK_NUM(m->sets[TL_SEASON].n, 3);
  CHECK_NUM(m->sets[TL_DAYTYPE].n, 1);
  CHECK_NUM(m->sets[TL_DAILYTIMEBRACKET].n, 2);
  CHECK_NUM(m->sets[TL_STORAGE].n, 1);
  for (int s = 0; s < TL_NSETS; s++) CHECK(m->sets[s].defined);
  CHECK_NUM(m->sets[TL_TECHNOLOGY].loc.line, 26);
  CHECK_NUM(tl_ctx_count(c, TL_ERROR), 0);
  CHECK_NUM(tl_ctx_count(c, TL_WARNING), 0);
  CHECK(find_diag(c, TL_NOTICE, "'ResultsPath' is not used") != NULL);

  int U = mi(m, TL_REGION, "UTOPIA");
  int E01 = mi(m, TL_TECHNOLOGY, "E01"), E31 = mi(m, TL_TECHNOLOGY, "E31"),
      E51 = mi(m, TL_TECHNOLOGY, "E51"), RHO = mi(m, TL_TECHNOLOGY, "RHO"),
      SRE = mi(m, TL_TECHNOLOGY, "SRE"), TXE = mi(m, TL_TECHNOLOGY, "TXE"),
      RHE = mi(m, TL_TECHNOLOGY, "RHE"), RHu = mi(m, TL_TECHNOLOGY, "RHu");
  int DSL = mi(m, TL_FUEL, "DSL"), GSL = mi(m, TL_FUEL, "GSL"),
      ELC = mi(m, TL_FUEL, "ELC"), RL = mi(m, TL_FUEL, "RL"),
      TX = mi(m, TL_FUEL, "TX");
  int y1990 = mi(m, TL_YEAR, "1990"), y1995 = mi(m, TL_YEAR, "1995"),
      y1999 = mi(m, TL_YEAR, "1999"), y2000 = mi(m, TL_YEAR, "2000"),
      y2005 = mi(m, TL_YEAR, "2005"), y2010 = mi(m, TL_YEAR, "2010");
  int M1 = mi(m, TL_MODE_OF_OPERATION, "1"),
      M2 = mi(m, TL_MODE_OF_OPERATION, "2");
  int ID = mi(m, TL_TIMESLICE, "ID"), WD = mi(m, TL_TIMESLICE, "WD"),
      WN = mi(m, TL_TIMESLICE, "WN"), SD = mi(m, TL_TIMESLICE, "SD");
  int DAM = mi(m, TL_STORAGE, "DAM");
  CHECK(U == 0 && E01 == 0 && RHu == 18 && y2010 == 20 && M2 == 1);

  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, U, E01, y1990), 1400);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, U, E01, y2000), 1300);
  CHECK_NUM(tl_pget3(m, TL_P_CapitalCost, U, TXE, y2010), 1500);
  CHECK_NUM(m->params[TL_P_CapitalCost].n, 21 * 21);
  CHECK_NUM(m->params[TL_P_CapitalCost].decl.line, 234);
  int32_t cidx[3] = {U, E01, y1990};
  tl_loc l = tl_param_entry_loc(m, &m->params[TL_P_CapitalCost],
                                entry_of(m, TL_P_CapitalCost, cidx));
  CHECK_NUM(l.line, 236);
  CHECK_NUM(l.col, 10);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, U, SRE, DSL, M1, y1990), 0.7);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, U, SRE, GSL, M1, y2005), 0.3);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, U, E01, ELC, M1, y1995), 1);
  CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, U, E01, ELC, M2, y1995), 0);
  CHECK_NUM(tl_pget5(m, TL_P_InputActivityRatio, U, RHO, DSL, M1, y2000),
            1.428571429);
  CHECK_NUM(tl_pget5(m, TL_P_InputActivityRatio, U, E51, ELC, M2, y1990),
            1.3889);
  CHECK_NUM(tl_pget4(m, TL_P_VariableCost, U, RHu, M1, y1990), 99999);
  CHECK_NUM(tl_pget4(m, TL_P_VariableCost, U, E31, M1, y1990), 0.00001);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, U, E31, ID, y1995), 0.27);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, U, E51, WN, y2010), 0.17);
  CHECK_NUM(tl_pget4(m, TL_P_CapacityFactor, U, RHE, ID, y1990), 1);
  CHECK_NUM(m->params[TL_P_CapacityFactor].n, 5 * 6 * 21);
  CHECK_NUM(tl_pget2(m, TL_P_YearSplit, WD, y2005), 0.3333);
  CHECK_NUM(m->params[TL_P_YearSplit].n, 6 * 21);
  CHECK_NUM(tl_pget2(m, TL_P_OperationalLife, U, E31), 100);
  CHECK_NUM(tl_pget2(m, TL_P_OperationalLife, U, TXE), 15);
  CHECK_NUM(tl_pget2(m, TL_P_CapacityToActivityUnit, U, E51), 31.536);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, ID, 1), 1); /* season "2" */
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, ID, 0), 0);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, WD, 0), 1);
  CHECK_NUM(tl_pget2(m, TL_P_Conversionls, SD, 2), 1);
  CHECK_NUM(tl_pget4(m, TL_P_TechnologyToStorage, U, E51, DAM, M2), 1);
  CHECK_NUM(tl_pget4(m, TL_P_TechnologyFromStorage, U, E51, DAM, M1), 1);
  CHECK_NUM(tl_pget3(m, TL_P_ResidualCapacity, U, E01, y1999), 0.3);
  CHECK_NUM(tl_pget3(m, TL_P_ResidualCapacity, U, E01, y2000), 0.32);
  CHECK_NUM(tl_pget3(m, TL_P_TotalAnnualMaxCapacity, U, RHE, y2000), 999999999);
  CHECK_NUM(tl_pget3(m, TL_P_TotalAnnualMaxCapacity, U, E01, y2000), -1);
  CHECK_NUM(tl_pget2(m, TL_P_ReserveMargin, U, y1990), 1.18);
  CHECK(!m->params[TL_P_ReserveMargin].has_defval);
  CHECK_NUM(tl_pget3(m, TL_P_SpecifiedAnnualDemand, U, RL, y2000), 8.4);
  CHECK_NUM(tl_pget3(m, TL_P_AccumulatedAnnualDemand, U, TX, y2010), 11.69);
  CHECK_NUM(m->params[TL_P_EmissionsPenalty].n, 2 * 21);
  CHECK(!m->params[TL_P_EmissionsPenalty].has_defval);
  CHECK(m->params[TL_P_DiscountRate].has_defval);
  CHECK_NUM(m->params[TL_P_DiscountRate].defval, 0.05);
  CHECK_NUM(m->params[TL_P_DaySplit].defval, 0.00137);
  CHECK_NUM(m->params[TL_P_StorageLevelStart].defval, 999);
  CHECK(m->params[TL_P_MinStorageCharge].has_defval);
  CHECK_NUM(m->params[TL_P_MinStorageCharge].defval, 0);
  CHECK(m->params[TL_P_TradeRoute].given);
  CHECK_NUM(m->params[TL_P_TradeRoute].n, 0);
  tl_model_free(m);
}

static void test_all_models(tl_ctx *c) {
  DIR *dir = opendir("tests/models");
  CHECK(dir != NULL);
  if (!dir) return;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0) continue;
    char path[512];
    snprintf(path, sizeof path, "tests/models/%s", e->d_name);
    tl_model *m;
    tl_ctx_clear(c);
    tl_status st = tl_read_datafile(c, path, &m);
    check_(st == TL_OK && m, path, __FILE__, __LINE__);
    if (st != TL_OK) print_diags(c);
    CHECK_NUM(tl_ctx_count(c, TL_ERROR) + tl_ctx_count(c, TL_WARNING), 0);
    if (m) {
      CHECK(m->sets[TL_REGION].n >= 1 && m->sets[TL_TECHNOLOGY].n >= 1 &&
            m->sets[TL_YEAR].n >= 1);
      long entries = 0;
      for (int p = 0; p < TL_NPARAMS; p++) entries += m->params[p].n;
      CHECK(entries > 500);
    }
    tl_model_free(m);
    n++;
  }
  closedir(dir);
  CHECK(n >= 6);
}

/* ---- allocation failures
 * ----------------------------------------------------- */

static long alloc_budget = -1; /* allocations left before failing; -1 never */

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (alloc_budget == 0) return NULL;
  if (alloc_budget > 0) alloc_budget--;
  return realloc(ptr, nsize);
}

static void test_out_of_memory(tl_ctx *c) {
  static const char text[] =
      "set REGION := R1 R2;\nset TECHNOLOGY := T1 T2 T3;\n"
      "set YEAR := 2020 2021;\nset TIMESLICE := ID IN;\n"
      "set EMISSION := CO2 CH4;\n"
      "param CapitalCost default 1 := [R1,*,*]: 2020 2021 := T1 1 2 T2 3 4\n"
      " [R2,*,*] (tr): T1 T3 := 2020 5 6 2021 . 8;\n"
      "param YearSplit := ID 2020 0.5 IN 2020 0.5 ID 2021 0.5 IN 2021 0.5;\n"
      "param EmissionGas default 'x' := CO2 'CO2' CH4 CH4;\n";
  char path[64];
  strcpy(path, "/tmp/tl_test_dat_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0 ||
      write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) {
    perror("temporary file");
    exit(2);
  }
  close(fd);
  int done = 0, runs = 0;
  for (long n = 0; n < 100000 && !done; n++) {
    tl_model *m = NULL;
    tl_ctx_clear(c);
    alloc_budget = n;
    tl_set_allocator(failing_alloc, NULL);
    tl_status st = tl_read_datafile(c, path, &m);
    tl_set_allocator(NULL, NULL);
    alloc_budget = -1;
    runs++;
    if (st == TL_OK) {
      done = 1;
      CHECK(m != NULL);
      if (m) CHECK_NUM(m->params[TL_P_CapitalCost].n, 7);
    } else {
      check_(st == TL_ERR_NOMEM && m == NULL, "NOMEM and no model", __FILE__,
             __LINE__);
      if (st != TL_ERR_NOMEM) {
        fprintf(stderr, "    allocation %ld failed: %s\n", n,
                tl_status_str(st));
        print_diags(c);
        done = 1;
      }
    }
    tl_model_free(m);
  }
  unlink(path);
  CHECK(done && runs > 20);
}

/* ---- speed ----------------------------------------------------------------
 */

static void test_speed(tl_ctx *c) {
  enum { NT = 200, NY = 50, NF = 10 };
  tl_buf b;
  tl_buf_init(&b);
  tl_buf_adds(&b, "set REGION := R1 R2;\nset MODE_OF_OPERATION := 1;\n");
  tl_buf_adds(&b, "set TECHNOLOGY :=");
  for (int t = 0; t < NT; t++) tl_buf_printf(&b, " TECH_%d", t);
  tl_buf_adds(&b, ";\nset FUEL :=");
  for (int f = 0; f < NF; f++) tl_buf_printf(&b, " F%d", f);
  tl_buf_adds(&b, ";\nset YEAR :=");
  for (int y = 0; y < NY; y++) tl_buf_printf(&b, " %d", 2020 + y);
  tl_buf_adds(&b, ";\nparam OutputActivityRatio default 0 :=\n");
  long n = 0;
  for (int r = 1; r <= 2; r++)
    for (int t = 0; t < NT; t++)
      for (int f = 0; f < NF; f++)
        for (int y = 0; y < NY; y++, n++)
          tl_buf_printf(&b, "R%d TECH_%d F%d 1 %d %d.%03d\n", r, t, f, 2020 + y,
                        (int)(n % 7), (int)(n % 1000));
  tl_buf_adds(&b, ";\n");
  struct timespec t0, t1;
  tl_model *m;
  tl_ctx_clear(c);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  tl_status st = tl_read_databuf(c, "speed.dat", b.s, b.len, &m);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (double)(t1.tv_sec - t0.tv_sec) +
             1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  if (OK_MODEL(c, st, m)) {
    CHECK_NUM(m->params[TL_P_OutputActivityRatio].n, (double)n);
    /* R2 TECH_3 F4 1 2025 is entry n = 100000 + 3*500 + 4*50 + 5 = 101705,
     * written as (n % 7).(n % 1000) = 2.705 */
    CHECK_NUM(tl_pget5(m, TL_P_OutputActivityRatio, 1, 3, 4, 0, 5), 2.705);
    tl_model_free(m);
  }
  printf(
      "test_read_dat: %ld list entries (%.1f MB) in %.3f s: %.2f M "
      "entries/s\n",
      n, (double)b.len / 1e6, s, (double)n / s / 1e6);
  tl_buf_free(&b);
}

int main(void) {
  tl_ctx *c = tl_ctx_new();
  if (!c) return 1;
  test_sets(c);
  test_list(c);
  test_slices(c);
  test_tables(c);
  test_comments_bom_crlf(c);
  test_skipped_names(c);
  test_symbolic(c);
  test_unknown_names(c);
  test_numbers(c);
  test_shape_errors(c);
  test_set_order(c);
  test_duplicates(c);
  test_termination(c);
  test_bad_bytes(c);
  test_long_input(c);
  test_empty_and_io(c);
  test_error_cap(c);
  test_utopia(c);
  test_all_models(c);
  test_out_of_memory(c);
  test_speed(c);
  tl_ctx_free(c);
  printf("test_read_dat: %d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
