/* report.c - tl_report_write: one self-contained HTML file from one or two
 * result folders. The result tables the charts need are embedded as JSON;
 * the page's script (web/report.js) draws them with Apache ECharts, both
 * inlined, so the file opens offline. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "report/assets.h"
#include "report/iamc.h"
#include "report/outtab.h"

/* The tables embedded, as they are named in the JSON (roadmap/ tables are
 * read from the folder's roadmap/ subfolder; iamc from iamc.csv). */
static const char *const report_tables[] = {"AnnualEmissions",
                                            "TotalDiscountedCost",
                                            "iamc",
                                            "roadmap/Emissions",
                                            "roadmap/Targets",
                                            "roadmap/CarbonPrice",
                                            "roadmap/PhaseDecomposition",
                                            "roadmap/CostPremium",
                                            "roadmap/MACCurve",
                                            "roadmap/MaturityStatistics",
                                            "roadmap/InnovationGap",
                                            "roadmap/Criticality",
                                            "roadmap/CoBenefits",
                                            NULL};

void tl_report_options_init(tl_report_options *o) {
  memset(o, 0, sizeof *o);
  o->lang = "en";
}

int tl_report_has_charts(void) { return tl_report_asset_echarts_len > 0; }

/* ---- JSON
 * ------------------------------------------------------------------------ */

/* A JSON string; '<', '>' and '&' escaped so that no "</script>" can end
 * the data block early. */
static void json_str(tl_buf *b, const char *s) {
  tl_buf_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    if (c == '"' || c == '\\') {
      tl_buf_addc(b, '\\');
      tl_buf_addc(b, (char)c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      tl_buf_printf(b, "\\u%04x", c);
    } else {
      tl_buf_addc(b, (char)c);
    }
  }
  tl_buf_addc(b, '"');
}

static void json_cell(tl_buf *b, const tl_otab *t, long i, int k) {
  const char *s = tl_otab_at(t, i, k);
  double v;
  if (!*s)
    tl_buf_adds(b, "null");
  else if (tl_otab_num(t, i, k, &v) == 0)
    tl_buf_addnum(b, v);
  else
    json_str(b, s);
}

static void json_table(tl_buf *b, const tl_otab *t) {
  tl_buf_adds(b, "{\"columns\":[");
  for (int k = 0; k < t->ncol; k++) {
    if (k) tl_buf_addc(b, ',');
    json_str(b, t->col[k]);
  }
  tl_buf_adds(b, "],\"rows\":[");
  for (long i = 0; i < t->nrow; i++) {
    tl_buf_adds(b, i ? ",[" : "[");
    for (int k = 0; k < t->ncol; k++) {
      if (k) tl_buf_addc(b, ',');
      json_cell(b, t, i, k);
    }
    tl_buf_addc(b, ']');
  }
  tl_buf_adds(b, "]}");
}

/* ---- one result folder
 * ------------------------------------------------------------ */

/* IAMC table of a folder without iamc.csv, from its model. 0 (t filled), 1
 * (no model given), or minus a status (reported). */
static int iamc_from_model(tl_ctx *ctx, const char *dir, const char *model_path,
                           tl_otab *t) {
  tl_model *m = NULL;
  tl_iamc_table it;
  tl_buf csv;
  if (!model_path) return 1;
  tl_status st = tl_model_read(ctx, model_path, &m);
  if (st != TL_OK) return -(int)st;
  st = tl_iamc_compute(ctx, m, model_path, NULL, dir, &it);
  if (st != TL_OK) {
    tl_model_free(m);
    return -(int)st;
  }
  tl_buf_init(&csv);
  tl_iamc_table_csv(&it, &csv);
  tl_iamc_table_free(&it);
  tl_model_free(m);
  if (csv.oom || !csv.s) {
    tl_buf_free(&csv);
    return -TL_ERR_NOMEM;
  }
  /* the table takes the buffer over */
  return tl_otab_parse(ctx, "iamc (computed)", csv.s, csv.len, csv.cap, t);
}

static int read_table(tl_ctx *ctx, const char *dir, const char *name,
                      const char *model_path, tl_otab *t, int *computed) {
  tl_buf file;
  int rc;
  *computed = 0;
  tl_buf_init(&file);
  if (!strcmp(name, "iamc"))
    tl_buf_printf(&file, "%s/%s", dir, TL_IAMC_FILE);
  else
    tl_buf_printf(&file, "%s/%s.csv", dir, name);
  rc = file.oom ? -TL_ERR_NOMEM : tl_otab_read(ctx, tl_buf_cstr(&file), t);
  tl_buf_free(&file);
  if (rc == 1 && !strcmp(name, "iamc")) {
    rc = iamc_from_model(ctx, dir, model_path, t);
    *computed = rc == 0;
  }
  return rc;
}

/* {"label":...,"dir":...,"tables":{...},"computed":[...]} */
static tl_status json_run(tl_ctx *ctx, tl_buf *b, const char *dir,
                          const char *label, const char *model_path) {
  struct stat sb;
  errno = 0;
  if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "not a result folder: %s",
             errno ? strerror(errno) : "not a folder");
    return TL_ERR_IO;
  }
  tl_buf_adds(b, "{\"label\":");
  if (label)
    json_str(b, label);
  else {
    tl_buf base;
    tl_buf_init(&base);
    tl_out_basename(&base, dir);
    json_str(b, tl_buf_cstr(&base));
    tl_buf_free(&base);
  }
  tl_buf_adds(b, ",\"dir\":");
  json_str(b, dir);
  tl_buf_adds(b, ",\"model\":");
  if (model_path)
    json_str(b, model_path);
  else
    tl_buf_adds(b, "null");
  tl_buf_adds(b, ",\"tables\":{");
  int first = 1, iamc_computed = 0;
  for (int k = 0; report_tables[k]; k++) {
    tl_otab t;
    int computed;
    int rc = read_table(ctx, dir, report_tables[k], model_path, &t, &computed);
    if (rc < 0) return (tl_status)-rc;
    if (rc > 0) continue;
    iamc_computed |= computed;
    if (!first) tl_buf_addc(b, ',');
    first = 0;
    json_str(b, report_tables[k]);
    tl_buf_addc(b, ':');
    json_table(b, &t);
    tl_otab_free(&t);
  }
  tl_buf_printf(b, "},\"iamc_computed\":%s}", iamc_computed ? "true" : "false");
  return b->oom ? TL_ERR_NOMEM : TL_OK;
}

/* ---- the page
 * ---------------------------------------------------------------------- */

/* Write a script's text, breaking any "</script" inside it. */
static void put_script(FILE *f, const unsigned char *s, size_t n) {
  size_t from = 0;
  for (size_t i = 0; i + 8 <= n; i++)
    if (s[i] == '<' && s[i + 1] == '/' && (s[i + 2] | 0x20) == 's' &&
        (s[i + 3] | 0x20) == 'c') {
      fwrite(s + from, 1, i + 1 - from, f);
      fputc('\\', f); /* "<\/script": the same text to JavaScript */
      from = i + 1;
    }
  fwrite(s + from, 1, n - from, f);
}

static void html_escape(FILE *f, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '<': fputs("&lt;", f); break;
      case '>': fputs("&gt;", f); break;
      case '&': fputs("&amp;", f); break;
      case '"': fputs("&quot;", f); break;
      default: fputc(*s, f);
    }
  }
}

tl_status tl_report_write(tl_ctx *ctx, const char *const *dirs, int ndirs,
                          const tl_report_options *o, const char *out_html) {
  tl_report_options defaults;
  tl_buf data, title;
  tl_ofile f;
  tl_status st = TL_OK;
  char when[32];
  if (!ctx || !dirs || ndirs < 1 || ndirs > 2 || !out_html) return TL_ERR_ARG;
  if (!o) {
    tl_report_options_init(&defaults);
    o = &defaults;
  }
  const char *lang = o->lang && !strcmp(o->lang, "zh") ? "zh" : "en";
  if (o->lang && strcmp(o->lang, "zh") && strcmp(o->lang, "en")) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, o->lang,
             "unknown report language: use en or zh");
    return TL_ERR_ARG;
  }
  tl_buf_init(&data);
  tl_buf_init(&title);
  time_t now = time(NULL);
  struct tm tmv;
  if (!gmtime_r(&now, &tmv) ||
      !strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tmv))
    snprintf(when, sizeof when, "unknown");

  tl_buf_adds(&data, "{\"lang\":");
  json_str(&data, lang);
  tl_buf_adds(&data, ",\"version\":");
  json_str(&data, TANLU_VERSION);
  tl_buf_adds(&data, ",\"generated\":");
  json_str(&data, when);
  tl_buf_adds(&data, ",\"title\":");
  if (o->title)
    json_str(&data, o->title);
  else
    tl_buf_adds(&data, "null");
  tl_buf_printf(&data, ",\"charts\":%s,\"runs\":[",
                tl_report_has_charts() ? "true" : "false");
  for (int i = 0; i < ndirs && st == TL_OK; i++) {
    if (i) tl_buf_addc(&data, ',');
    st = json_run(ctx, &data, dirs[i], o->labels ? o->labels[i] : NULL,
                  o->models ? o->models[i] : NULL);
  }
  tl_buf_adds(&data, "]}");
  if (st == TL_OK && data.oom) st = TL_ERR_NOMEM;
  if (st == TL_ERR_NOMEM)
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, out_html, "out of memory");
  if (st != TL_OK) goto done;

  if (o->title)
    tl_buf_adds(&title, o->title);
  else {
    tl_buf_adds(&title, "Tanlu report: ");
    tl_out_basename(&title, dirs[0]);
    if (ndirs > 1) {
      tl_buf_adds(&title, " vs ");
      tl_out_basename(&title, dirs[1]);
    }
  }
  if (title.oom) {
    st = TL_ERR_NOMEM;
    goto done;
  }
  if (tl_ofile_open(ctx, &f, out_html)) {
    st = TL_ERR_IO;
    goto done;
  }
  fprintf(
      f.f,
      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"Tanlu %s\">\n<title>",
      strcmp(lang, "zh") ? "en" : "zh-CN", TANLU_VERSION);
  html_escape(f.f, tl_buf_cstr(&title));
  fputs("</title>\n<style>\n", f.f);
  fwrite(tl_report_asset_css, 1, tl_report_asset_css_len, f.f);
  fputs(
      "</style>\n</head>\n<body>\n"
      "<div id=\"tanlu-errors\" hidden></div>\n"
      "<noscript><p class=\"noscript\">This report draws its charts and "
      "tables with JavaScript: allow scripts for this file.</p></noscript>\n"
      "<main id=\"report\"></main>\n"
      "<script>\n"
      "window.tanluErrors = [];\n"
      "window.onerror = function (msg, src, line, col) {\n"
      "  var e = document.getElementById('tanlu-errors');\n"
      "  var t = String(msg) + ' (line ' + line + ':' + col + ')';\n"
      "  window.tanluErrors.push(t);\n"
      "  if (e) { var p = document.createElement('p'); p.textContent = t; "
      "e.appendChild(p); }\n"
      "};\n</script>\n"
      "<script type=\"application/json\" id=\"tanlu-data\">",
      f.f);
  fwrite(data.s, 1, data.len, f.f);
  fputs("</script>\n", f.f);
  if (tl_report_has_charts()) {
    fputs(
        "<script>\n/* Apache ECharts (Apache License 2.0), "
        "https://echarts.apache.org */\n",
        f.f);
    put_script(f.f, tl_report_asset_echarts, tl_report_asset_echarts_len);
    fputs("\n</script>\n", f.f);
  }
  fputs("<script>\n", f.f);
  put_script(f.f, tl_report_asset_js, tl_report_asset_js_len);
  fputs("\n</script>\n</body>\n</html>\n", f.f);
  if (tl_ofile_close(ctx, &f, 0)) st = TL_ERR_IO;
done:
  tl_buf_free(&data);
  tl_buf_free(&title);
  return st;
}
