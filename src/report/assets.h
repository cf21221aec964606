/* assets.h - the web assets built into the library: Apache ECharts (from
 * web/node_modules, fetched by scripts/fetch_web_assets.sh) and the
 * report's own script and style (web/report.js, web/report.css). The
 * build generates their definitions ($(BUILD)/gen/report_assets.c); each
 * array ends with a NUL that its length does not count. */
#ifndef TL_REPORT_ASSETS_H
#define TL_REPORT_ASSETS_H

#include <stddef.h>

extern const unsigned char tl_report_asset_echarts[];
extern const size_t tl_report_asset_echarts_len; /* 0: built without it */
extern const unsigned char tl_report_asset_js[];
extern const size_t tl_report_asset_js_len;
extern const unsigned char tl_report_asset_css[];
extern const size_t tl_report_asset_css_len;

#endif /* TL_REPORT_ASSETS_H */
