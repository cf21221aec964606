/* report.js - Tanlu's HTML report: builds the page from the JSON data block
 * (#tanlu-data, written by tl_report_write) and draws every chart with
 * Apache ECharts (inlined before this script). Each chart element records
 * its outcome in data-rendered ("1" drawn, "note" no data, "error"), and
 * the body gets data-report-done="1" when all have; script errors go to
 * #tanlu-errors. Tests read these back from the DOM (tests/test_report.sh).
 * Everything is offline: no request leaves the page. */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('tanlu-data').textContent);
  var LANG = DATA.lang === 'zh' ? 'zh' : 'en';
  var HAS_ECHARTS = DATA.charts && typeof window.echarts !== 'undefined';

  /* ---- words ----------------------------------------------------------- */
  var I18N = {
    en: {
      report: 'Tanlu report', generated: 'Generated', by: 'by Tanlu',
      runs: 'Runs', run: 'Run', region: 'Region', allRegions: 'All regions',
      showRun: 'Charts of run', year: 'Year', data: 'Data table',
      noscriptCharts: 'This report was built without the chart library: tables only.',
      keyFigures: 'Key figures', keyFiguresDesc: 'The pathway at a glance; targets from the model, roadmap shares from China\'s Roadmap for Carbon Neutrality Technology Development (2025).',
      indicator: 'Indicator',
      totalCost: 'Total discounted cost (model currency)',
      emFirst: 'Net emissions, first year', emLast: 'Net emissions, last year',
      peak: 'Peak', peakYear: 'Peak year', netZero: 'Net zero', netZeroYear: 'Net-zero year',
      target: 'target', met: 'met', missed: 'missed', never: 'not reached',
      priceLast: 'Carbon price, last year', nonFossil: 'Non-fossil share of generation, last year',
      commercial: 'Key technologies at commercial stage (roadmap ≈20%)',
      raiseCost: 'Abatement technologies that raise product cost (roadmap ≈80%)',
      raise50: '… of which by more than 50% (roadmap ≈35%)',
      abatement: 'Abatement', phase: 'Phase',
      emGas: 'Emissions by gas', emGasDesc: 'Net emissions in CO2e by gas (sinks negative), with the peak and net-zero years marked.',
      emGasNative: 'Emissions by gas, each in its own unit (no CO2e in these results)',
      emSector: 'Emissions by sector', emSectorDesc: 'Net emissions in CO2e by the technologies\' sector.',
      emSectorCO2: 'CO2 emissions by sector (IAMC variables)',
      wedges: 'Abatement wedges', wedgesDesc: 'Reference-run emissions minus pathway emissions each year, split by LMDI into effects that add up exactly.',
      phases: 'Abatement by phase', phasesDesc: 'Each phase\'s abatement (CO2e summed over its calendar years) by effect.',
      gen: 'Power generation mix', genDesc: 'Electricity generation by source (IAMC Secondary Energy|Electricity).',
      cap: 'Power capacity mix', capDesc: 'Installed capacity by source (IAMC Capacity|Electricity).',
      price: 'Carbon price', priceDesc: 'Marginal cost of emitting one more unit of CO2: the dual of the binding emission constraints, undiscounted.',
      mac: 'Marginal abatement cost curve', macDesc: 'Technologies ranked by cost per unit CO2e abated against their reference technology; width = abatement potential.',
      maturity: 'Maturity and cost premium', maturityDesc: 'Each catalogue technology: the year it is ready (TRL 9) against its cost premium over the technology it replaces, in the first model year.',
      maturityStats: 'Maturity statistics against the roadmap', maturityStatsDesc: 'Shares of key technologies in the first model year, beside the roadmap\'s figures.',
      gap: 'Innovation gap', gapDesc: 'When the pathway needs each technology against when it is ready: red when needed before it is ready.',
      cob: 'Co-benefits', cobDesc: 'Pollutants, import dependence and sinks of the pathway against the reference run.',
      cmp: 'Comparison of the two runs', cmpEm: 'Net emissions', cmpCost: 'Discounted cost by year', cmpGen: 'Electricity generation by source, last year', cmpPrice: 'Carbon price',
      modelCurrency: 'model currency', co2e: 'CO2e', twh: 'TWh', gw: 'GW', pct: '%',
      readyYear: 'Year ready (TRL 9)', premium: 'Cost premium (%)', potential: 'Cumulative abatement potential (CO2e)', costPer: 'Cost per CO2e',
      wanted: 'Wanted from', firstDeployed: 'First deployed', gapYears: 'Gap (years)', flag: 'Flag',
      notReady: 'not ready within the horizon',
      vsReference: 'Pathway against reference (%)', pathwayValues: 'Pathway values (no reference run)',
      model: 'model', roadmap: 'roadmap', share: 'Share (%)',
      reference: 'Reference', pathway: 'Pathway', total: 'Total',
      noRoadmap: 'No roadmap table {t} in this result folder: run tanlu run on a model with the roadmap extensions.',
      noRows: 'The roadmap table {t} has no rows for this run.',
      noIamc: 'No IAMC variables (iamc.csv) in this result folder, and no model was given to compute them (tanlu report --model MODEL).',
      noVar: 'No {t} variables: the model has no technology mapped to them (docs/outputs.md; IamcMap.csv).',
      noEm: 'No emission results in this folder.',
      noPrice: 'No carbon price: the model has no binding emission constraint or penalty.',
      noReference: 'No reference run: the decomposition needs the model solved without its climate constraints too.',
      iamcComputed: 'IAMC variables computed from the model for this report.',
      regionFirst: 'MAC curves of several regions do not add up: showing {r}.',
      effects: {efficiency: 'Efficiency', zero_carbon_electricity: 'Zero-carbon electricity', fuel_substitution: 'Fuel substitution', ccus: 'CCUS', removal: 'Carbon removal', non_co2: 'Non-CO2', process_and_other: 'Process and other', pathway_emissions: 'Pathway emissions', reference_emissions: 'Reference emissions'},
      categories: {conventional: 'Conventional', efficiency: 'Efficiency', zero_carbon_power: 'Zero-carbon power', fuel_substitution: 'Fuel substitution', ccus: 'CCUS', removal: 'Carbon removal', non_co2: 'Non-CO2 abatement', sink: 'Sink', storage: 'Storage', exogenous: 'Exogenous'},
      flags: {needed_before_ready: 'needed before ready', ready_in_time: 'ready in time', not_deployed: 'not deployed'},
      sources: {},
      indicators: {pollutant_avoided: 'Pollutant', import_dependence: 'Import dependence', sink_uptake: 'Sink uptake', removal_uptake: 'Removal uptake', sink_capacity: 'Sink capacity', commercial_stage: 'Commercial stage', raise_product_cost: 'Raise product cost', raise_cost_over_50pct: 'Raise cost > 50%'}
    },
    zh: {
      report: '碳路报告', generated: '生成时间', by: '由碳路 (Tanlu) 生成',
      runs: '运行', run: '运行', region: '区域', allRegions: '全部区域',
      showRun: '图表显示', year: '年份', data: '数据表',
      noscriptCharts: '本报告构建时未包含图表库：仅显示数据表。',
      keyFigures: '关键指标', keyFiguresDesc: '路径概览；目标来自模型，路线图比例来自《碳中和技术发展路线图》(2025)。',
      indicator: '指标',
      totalCost: '总贴现成本（模型货币）',
      emFirst: '首年净排放', emLast: '末年净排放',
      peak: '达峰', peakYear: '碳达峰年份', netZero: '净零', netZeroYear: '碳中和（净零）年份',
      target: '目标', met: '达成', missed: '未达成', never: '未实现',
      priceLast: '末年碳价', nonFossil: '末年非化石能源发电占比',
      commercial: '处于商业化阶段的关键技术（路线图约20%）',
      raiseCost: '提高产品成本的减排技术（路线图约80%）',
      raise50: '……其中成本提高50%以上（路线图约35%）',
      abatement: '减排量', phase: '阶段',
      emGas: '分气体排放', emGasDesc: '按气体划分的净排放（CO2当量，碳汇为负），标出碳达峰与净零年份。',
      emGasNative: '分气体排放（各自单位；结果中无CO2当量）',
      emSector: '分部门排放', emSectorDesc: '按技术所属部门划分的净排放（CO2当量）。',
      emSectorCO2: '分部门CO2排放（IAMC变量）',
      wedges: '减排楔形图', wedgesDesc: '参考情景排放减去路径排放，按LMDI分解为可精确加总的各项效应。',
      phases: '分阶段减排贡献', phasesDesc: '各阶段减排量（按日历年累计的CO2当量）按效应划分。',
      gen: '发电量结构', genDesc: '按电源划分的发电量（IAMC Secondary Energy|Electricity）。',
      cap: '装机容量结构', capDesc: '按电源划分的装机容量（IAMC Capacity|Electricity）。',
      price: '碳价格', priceDesc: '多排放一单位CO2的边际成本：起约束作用的排放约束的对偶值（未贴现）。',
      mac: '边际减排成本曲线', macDesc: '按单位CO2当量减排成本排序的技术（相对其参照技术）；宽度为减排潜力。',
      maturity: '技术成熟度与成本溢价', maturityDesc: '技术目录中每项技术：达到TRL 9的年份与首个模型年相对被替代技术的成本溢价。',
      maturityStats: '技术成熟度统计与路线图对比', maturityStatsDesc: '首个模型年关键技术的比例，与路线图数据并列。',
      gap: '技术创新缺口', gapDesc: '路径需要每项技术的时间与技术成熟的时间：红色表示需要时尚未成熟。',
      cob: '协同效益', cobDesc: '路径相对参考情景的污染物、进口依存度与碳汇。',
      cmp: '两次运行对比', cmpEm: '净排放', cmpCost: '分年贴现成本', cmpGen: '末年分电源发电量', cmpPrice: '碳价格',
      modelCurrency: '模型货币', co2e: 'CO2当量', twh: '太瓦时', gw: '吉瓦', pct: '%',
      readyYear: '成熟年份（TRL 9）', premium: '成本溢价（%）', potential: '累计减排潜力（CO2当量）', costPer: '单位CO2当量成本',
      wanted: '需要年份', firstDeployed: '首次部署', gapYears: '缺口（年）', flag: '状态',
      notReady: '规划期内未成熟',
      vsReference: '路径相对参考情景（%）', pathwayValues: '路径数值（无参考情景）',
      model: '模型', roadmap: '路线图', share: '比例（%）',
      reference: '参考情景', pathway: '路径', total: '合计',
      noRoadmap: '结果目录中没有路线图表 {t}：请对含路线图扩展参数的模型运行 tanlu run。',
      noRows: '路线图表 {t} 在本次运行中没有数据行。',
      noIamc: '结果目录中没有IAMC变量（iamc.csv），也未给出用于计算的模型（tanlu report --model MODEL）。',
      noVar: '没有 {t} 变量：模型中没有技术映射到这些变量（见 docs/outputs.md；IamcMap.csv）。',
      noEm: '结果目录中没有排放结果。',
      noPrice: '没有碳价：模型中没有起约束作用的排放约束或排放惩罚。',
      noReference: '没有参考情景：分解需要同时求解去掉气候约束的模型。',
      iamcComputed: 'IAMC变量由模型为本报告计算。',
      regionFirst: '多个区域的边际减排成本曲线不能相加：显示 {r}。',
      effects: {efficiency: '能效提升', zero_carbon_electricity: '零碳电力', fuel_substitution: '燃料替代', ccus: 'CCUS', removal: '碳移除', non_co2: '非CO2减排', process_and_other: '工艺及其他', pathway_emissions: '路径排放', reference_emissions: '参考情景排放'},
      categories: {conventional: '常规技术', efficiency: '节能提效', zero_carbon_power: '零碳电力', fuel_substitution: '燃料替代', ccus: 'CCUS', removal: '碳移除', non_co2: '非CO2减排', sink: '碳汇', storage: '储能', exogenous: '外生'},
      flags: {needed_before_ready: '需要时尚未成熟', ready_in_time: '按时成熟', not_deployed: '未部署'},
      sources: {Coal: '煤电', Gas: '气电', Oil: '油电', Nuclear: '核电', Hydro: '水电', Solar: '太阳能', Wind: '风电', Biomass: '生物质', Geothermal: '地热', Ocean: '海洋能', Hydrogen: '氢能', Other: '其他', PV: '光伏', CSP: '光热', Onshore: '陆上', Offshore: '海上', 'w/ CCS': '含CCS', 'w/o CCS': '不含CCS'},
      indicators: {pollutant_avoided: '污染物', import_dependence: '进口依存度', sink_uptake: '碳汇吸收', removal_uptake: '碳移除量', sink_capacity: '碳汇规模', commercial_stage: '商业化阶段', raise_product_cost: '提高产品成本', raise_cost_over_50pct: '成本提高50%以上'}
    }
  };
  var W = I18N[LANG];
  function tr(key, args) {
    var s = W[key] !== undefined ? W[key] : I18N.en[key];
    if (s === undefined) return key;
    if (args) Object.keys(args).forEach(function (k) { s = s.replace('{' + k + '}', args[k]); });
    return s;
  }
  function word(group, key) {
    var g = W[group] || {};
    if (g[key] !== undefined) return g[key];
    var e = I18N.en[group] || {};
    return e[key] !== undefined ? e[key] : key;
  }
  /* "Coal|w/ CCS" -> "Coal w/ CCS" (words translated one by one) */
  function sourceName(path) {
    return path.split('|').map(function (p) { return word('sources', p); }).join(' ');
  }

  /* ---- colours ----------------------------------------------------------- */
  var EFFECT_ORDER = ['efficiency', 'zero_carbon_electricity', 'fuel_substitution', 'ccus', 'removal', 'non_co2', 'process_and_other'];
  var EFFECT_COLOR = {efficiency: '#2a9d8f', zero_carbon_electricity: '#e9c46a', fuel_substitution: '#f4a261', ccus: '#6d597a', removal: '#264653', non_co2: '#83c5be', process_and_other: '#b8b8b8', pathway_emissions: '#8d99ae'};
  var SOURCE_COLOR = {Coal: '#4a4a4a', Gas: '#e76f51', Oil: '#8c5e3c', Nuclear: '#9b5de5', Hydro: '#1d70a2', Solar: '#f6bd16', Wind: '#5ab1ef', Biomass: '#4d9a46', Geothermal: '#c1502e', Ocean: '#00a6a6', Hydrogen: '#7f95d1', Other: '#aaaaaa'};
  var CATEGORY_COLOR = {conventional: '#8d99ae', efficiency: '#2a9d8f', zero_carbon_power: '#e9c46a', fuel_substitution: '#f4a261', ccus: '#6d597a', removal: '#264653', non_co2: '#83c5be', sink: '#4d9a46', storage: '#5ab1ef', exogenous: '#cccccc'};
  var FLAG_COLOR = {needed_before_ready: '#d62828', ready_in_time: '#2a9d8f', not_deployed: '#aaaaaa'};
  var PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#2f4554', '#c23531', '#61a0a8'];
  function sourceColor(path) { return SOURCE_COLOR[path.split('|')[0]]; }

  /* ---- state ------------------------------------------------------------- */
  var state = {run: 0, region: ''};
  var charts = []; /* {el, inst} */

  /* ---- tables ------------------------------------------------------------ */
  function getTable(run, name) {
    var t = run.tables[name];
    if (!t) return null;
    var idx = {};
    t.columns.forEach(function (c, i) { idx[c] = i; });
    return {columns: t.columns, rows: t.rows, c: idx, name: name};
  }
  function col(t, name) { return t.c[name] !== undefined ? t.c[name] : -1; }
  function inRegion(t, row, name) {
    var k = col(t, name || 'REGION');
    return !state.region || k < 0 || String(row[k]) === state.region;
  }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function sortYears(ys) { return ys.sort(function (a, b) { return Number(a) - Number(b); }); }
  function uniq(list) { var s = {}, out = []; list.forEach(function (x) { if (!s[x]) { s[x] = 1; out.push(x); } }); return out; }

  /* Sum of values by (key, year): {keys, years, get(key, year)}. */
  function pivot(rows, keyOf, yearOf, valOf) {
    var m = {}, keys = [], years = [];
    rows.forEach(function (r) {
      var v = valOf(r);
      if (v === null || v === undefined) return;
      var k = keyOf(r), y = String(yearOf(r));
      if (k === null || k === undefined) return;
      if (!m[k]) { m[k] = {}; keys.push(k); }
      if (years.indexOf(y) < 0) years.push(y);
      m[k][y] = (m[k][y] || 0) + v;
    });
    return {keys: keys, years: sortYears(years), get: function (k, y) { return m[k] && m[k][y] !== undefined ? m[k][y] : 0; }};
  }

  /* IAMC variables of the run: {variable: {unit, byYear: {year: sum over
   * regions}}} and the year columns. */
  function iamc(run) {
    var t = getTable(run, 'iamc');
    if (!t) return null;
    var years = t.columns.filter(function (c) { return /^\d{4}$/.test(c); });
    var vars = {};
    t.rows.forEach(function (r) {
      if (!inRegion(t, r, 'Region')) return;
      var v = r[col(t, 'Variable')], unit = r[col(t, 'Unit')];
      var e = vars[v] || (vars[v] = {unit: unit, byYear: {}, regions: {}});
      e.regions[r[col(t, 'Region')]] = r;
      years.forEach(function (y) {
        var x = num(r[col(t, y)]);
        if (x !== null) e.byYear[y] = (e.byYear[y] || 0) + x;
      });
    });
    return {years: years, vars: vars, table: t};
  }
  /* The leaves below prefix: variables "prefix|..." without children. */
  function leaves(iv, prefix) {
    var names = Object.keys(iv.vars).filter(function (v) { return v.indexOf(prefix + '|') === 0; });
    return names.filter(function (v) {
      return !names.some(function (w) { return w !== v && w.indexOf(v + '|') === 0; });
    }).sort();
  }

  /* ---- number format ------------------------------------------------------- */
  function fmt(v) {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v !== 'number') return String(v);
    if (!isFinite(v)) return '';
    if (Math.abs(v) < 1e-9) v = 0; /* solver noise */
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e12)) return v.toExponential(3);
    return Number(v.toPrecision(5)).toLocaleString('en-US', {maximumFractionDigits: 6});
  }

  /* ---- ECharts options ----------------------------------------------------- */
  function baseOption(extra) {
    var o = {
      animation: false, /* a report: drawn at once, also for print and tests */
      color: PALETTE,
      tooltip: {trigger: 'axis', valueFormatter: function (v) { return fmt(v); }},
      legend: {type: 'scroll', top: 0},
      grid: {left: 12, right: 24, top: 44, bottom: 28, containLabel: true},
      toolbox: {right: 0, top: 22, feature: {saveAsImage: {title: 'PNG'}}}
    };
    Object.keys(extra).forEach(function (k) { o[k] = extra[k]; });
    return o;
  }
  function yearAxis(years) { return {type: 'category', data: years, boundaryGap: false}; }
  function valueAxis(name) { return {type: 'value', name: name, nameTextStyle: {align: 'left'}, axisLabel: {formatter: function (v) { return fmt(v); }}}; }
  /* A table of years x series from pivot-like data. */
  function yearTable(years, series, unit) {
    return {
      columns: [tr('year')].concat(series.map(function (s) { return s.name + (unit ? ' (' + unit + ')' : ''); })),
      rows: years.map(function (y, i) { return [y].concat(series.map(function (s) { var d = s.data[i]; return d && typeof d === 'object' ? d.value : d; })); })
    };
  }
  function areaSeries(name, data, color, stack) {
    var s = {name: name, type: 'line', stack: stack || 'total', areaStyle: {opacity: 0.85}, symbol: 'none', lineStyle: {width: 0.5}, emphasis: {focus: 'series'}, data: data};
    if (color) s.itemStyle = {color: color};
    return s;
  }
  function lineSeries(name, data, color, extra) {
    var s = {name: name, type: 'line', symbolSize: 4, data: data};
    if (color) s.itemStyle = {color: color};
    if (extra) Object.keys(extra).forEach(function (k) { s[k] = extra[k]; });
    return s;
  }
  function note(text) { return {note: text}; }
  /* A value axis of years lo..hi with whole-year ticks; "beyond" (after
   * hi) is where "not within the horizon" is drawn, labelled ">hi". */
  function yearValueAxis(lo, hi, beyond, name) {
    var span = beyond - lo, step = span <= 12 ? 1 : span <= 40 ? 5 : 10;
    var min = Math.floor((lo - 1) / step) * step;
    return {type: 'value', name: name, nameLocation: 'middle', nameGap: 26, min: min, max: beyond + step, interval: step, minInterval: 1,
      axisLabel: {formatter: function (v) { return v > hi ? (Math.abs(v - beyond) < step / 2 ? '>' + hi : '') : String(v); }}};
  }

  /* ---- emissions -------------------------------------------------------------- */
  /* Net CO2e by year of a run: from roadmap Emissions, else IAMC Kyoto
   * Gases, else AnnualEmissions summed (own units). {years, values, unit}. */
  function netEmissions(run) {
    var t = getTable(run, 'roadmap/Emissions');
    if (t && t.rows.length) {
      var p = pivot(t.rows.filter(function (r) { return inRegion(t, r); }), function () { return 'x'; },
        function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'CO2E')]); });
      return {years: p.years, values: p.years.map(function (y) { return p.get('x', y); }), unit: tr('co2e'), source: 'roadmap'};
    }
    var iv = iamc(run);
    if (iv && iv.vars['Emissions|Kyoto Gases']) {
      var k = iv.vars['Emissions|Kyoto Gases'];
      return {years: iv.years, values: iv.years.map(function (y) { return k.byYear[y] || 0; }), unit: k.unit, source: 'iamc'};
    }
    var a = getTable(run, 'AnnualEmissions');
    if (a && a.rows.length) {
      var q = pivot(a.rows.filter(function (r) { return inRegion(a, r); }), function () { return 'x'; },
        function (r) { return r[col(a, 'YEAR')]; }, function (r) { return num(r[col(a, 'VALUE')]); });
      return {years: q.years, values: q.years.map(function (y) { return q.get('x', y); }), unit: '', source: 'own'};
    }
    return null;
  }

  /* Peak and net-zero years: Targets.csv when present, else from the net
   * series. {peak, netZero, peakTarget, netZeroTarget, peakMet, netZeroMet} */
  function milestones(run, net) {
    var out = {peak: null, netZero: null};
    var t = getTable(run, 'roadmap/Targets');
    if (t && t.rows.length) {
      t.rows.forEach(function (r) {
        if (!inRegion(t, r)) return;
        var ind = r[col(t, 'INDICATOR')], y = r[col(t, 'YEAR')];
        if (ind === 'peak_year') {
          out.peak = y === null ? null : String(y); out.peakValue = num(r[col(t, 'VALUE')]);
          out.peakTarget = r[col(t, 'TARGET')]; out.peakMet = r[col(t, 'MET')];
        } else if (ind === 'net_zero_year') {
          out.netZero = y === null ? null : String(y);
          out.netZeroTarget = r[col(t, 'TARGET')]; out.netZeroMet = r[col(t, 'MET')];
        }
      });
      if (!state.region && t.rows.some(function (r) { return r[col(t, 'REGION')] !== t.rows[0][col(t, 'REGION')]; })) {
        out = {peak: null, netZero: null}; /* several regions: from the sum */
      } else {
        return out;
      }
    }
    if (!net || !net.values.length) return out;
    var best = 0;
    net.values.forEach(function (v, i) { if (v > net.values[best] + 1e-9 * Math.max(1, Math.abs(net.values[best]))) best = i; });
    out.peak = net.years[best];
    out.peakValue = net.values[best];
    var big = Math.max.apply(null, net.values.map(Math.abs).concat([1]));
    for (var i = net.values.length - 1; i >= 0 && net.values[i] <= 1e-6 * big; i--) out.netZero = net.years[i];
    return out;
  }

  function markYears(ms) {
    var data = [];
    if (ms.peak) data.push({xAxis: ms.peak, label: {formatter: tr('peak') + ' ' + ms.peak}, lineStyle: {color: '#d62828'}});
    if (ms.netZero) data.push({xAxis: ms.netZero, label: {formatter: tr('netZero') + ' ' + ms.netZero}, lineStyle: {color: '#0b6e4f'}});
    return {symbol: 'none', silent: true, lineStyle: {type: 'dashed', width: 1.5}, label: {position: 'insideEndTop'}, data: data};
  }

  function prepEmissionsByGas(run) {
    var t = getTable(run, 'roadmap/Emissions');
    var net = netEmissions(run);
    var ms = milestones(run, net);
    if (t && t.rows.length) {
      var rows = t.rows.filter(function (r) { return inRegion(t, r) && num(r[col(t, 'CO2E')]) !== null; });
      var p = pivot(rows, function (r) { return r[col(t, 'GAS')] || r[col(t, 'EMISSION')]; },
        function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'CO2E')]); });
      var series = p.keys.map(function (k) { return areaSeries(k, p.years.map(function (y) { return p.get(k, y); })); });
      var total = lineSeries(tr('total'), p.years.map(function (y) { return series.reduce(function (s, x, i) { return s + p.get(p.keys[i], y); }, 0); }), '#000000',
        {lineStyle: {width: 2}, markLine: markYears(ms), z: 5});
      series.push(total);
      return {option: baseOption({xAxis: yearAxis(p.years), yAxis: valueAxis(tr('co2e')), series: series}), table: yearTable(p.years, series, tr('co2e'))};
    }
    var iv = iamc(run);
    if (iv) {
      var gases = Object.keys(iv.vars).filter(function (v) { return /^Emissions\|[^|]+$/.test(v) && v !== 'Emissions|Kyoto Gases' && v !== 'Emissions|F-Gases'; }).sort();
      gases = gases.concat(Object.keys(iv.vars).filter(function (v) { return /^Emissions\|(HFC|PFC)\|/.test(v); }).sort());
      if (gases.length) {
        var s2 = gases.map(function (g) {
          var v = iv.vars[g];
          return lineSeries(g.replace('Emissions|', '') + ' (' + v.unit + ')', iv.years.map(function (y) { return v.byYear[y] || 0; }));
        });
        if (s2.length) s2[0].markLine = markYears(ms);
        return {option: baseOption({xAxis: yearAxis(iv.years), yAxis: valueAxis(''), series: s2}), table: yearTable(iv.years, s2, ''), title: tr('emGasNative')};
      }
    }
    var a = getTable(run, 'AnnualEmissions');
    if (a && a.rows.length) {
      var q = pivot(a.rows.filter(function (r) { return inRegion(a, r); }), function (r) { return r[col(a, 'EMISSION')]; },
        function (r) { return r[col(a, 'YEAR')]; }, function (r) { return num(r[col(a, 'VALUE')]); });
      var s3 = q.keys.map(function (k) { return lineSeries(k, q.years.map(function (y) { return q.get(k, y); })); });
      if (s3.length) s3[0].markLine = markYears(ms);
      return {option: baseOption({xAxis: yearAxis(q.years), yAxis: valueAxis(''), series: s3}), table: yearTable(q.years, s3, ''), title: tr('emGasNative')};
    }
    return note(tr('noEm'));
  }

  function prepEmissionsBySector(run) {
    var t = getTable(run, 'roadmap/Emissions');
    if (t && t.rows.length) {
      var rows = t.rows.filter(function (r) { return inRegion(t, r) && num(r[col(t, 'CO2E')]) !== null; });
      var p = pivot(rows, function (r) { return word('categories', r[col(t, 'SECTOR')]); },
        function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'CO2E')]); });
      var series = p.keys.map(function (k) { return areaSeries(k, p.years.map(function (y) { return p.get(k, y); })); });
      return {option: baseOption({xAxis: yearAxis(p.years), yAxis: valueAxis(tr('co2e')), series: series}), table: yearTable(p.years, series, tr('co2e'))};
    }
    var iv = iamc(run);
    if (!iv) return note(tr('noIamc'));
    var names = leaves(iv, 'Emissions|CO2');
    if (!names.length) return note(tr('noVar', {t: 'Emissions|CO2|…'}));
    var unit = iv.vars[names[0]].unit;
    var s2 = names.map(function (n) { return areaSeries(n.replace('Emissions|CO2|', ''), iv.years.map(function (y) { return iv.vars[n].byYear[y] || 0; })); });
    return {option: baseOption({xAxis: yearAxis(iv.years), yAxis: valueAxis(unit), series: s2}), table: yearTable(iv.years, s2, unit), title: tr('emSectorCO2')};
  }

  /* ---- abatement ------------------------------------------------------------------- */
  function phaseRows(run, level) {
    var t = getTable(run, 'roadmap/PhaseDecomposition');
    if (!t) return {missing: true};
    var rows = t.rows.filter(function (r) { return inRegion(t, r) && r[col(t, 'LEVEL')] === level; });
    return {t: t, rows: rows};
  }

  function prepWedges(run) {
    var pr = phaseRows(run, 'year');
    if (pr.missing) return note(tr('noRoadmap', {t: 'PhaseDecomposition.csv'}));
    if (!pr.rows.length) return note(tr('noReference'));
    var t = pr.t;
    var p = pivot(pr.rows, function (r) { return r[col(t, 'EFFECT')]; }, function (r) { return r[col(t, 'PERIOD')]; },
      function (r) { return num(r[col(t, 'VALUE')]); });
    var years = p.years;
    var series = [areaSeries(word('effects', 'pathway_emissions'), years.map(function (y) { return p.get('pathway_emissions', y); }), EFFECT_COLOR.pathway_emissions, 'w')];
    EFFECT_ORDER.forEach(function (e) {
      if (p.keys.indexOf(e) < 0) return;
      series.push(areaSeries(word('effects', e), years.map(function (y) { return p.get(e, y); }), EFFECT_COLOR[e], 'w'));
    });
    series.forEach(function (s) { s.stackStrategy = 'all'; });
    series.push(lineSeries(word('effects', 'reference_emissions'), years.map(function (y) { return p.get('reference_emissions', y); }), '#000000', {lineStyle: {width: 2, type: 'dashed'}, symbol: 'none'}));
    return {option: baseOption({xAxis: yearAxis(years), yAxis: valueAxis(tr('co2e')), series: series}), table: yearTable(years, series, tr('co2e'))};
  }

  function prepPhases(run) {
    var pr = phaseRows(run, 'phase');
    if (pr.missing) return note(tr('noRoadmap', {t: 'PhaseDecomposition.csv'}));
    if (!pr.rows.length) return note(tr('noReference'));
    var t = pr.t;
    var periods = uniq(pr.rows.map(function (r) { return r[col(t, 'PERIOD')]; }));
    var p = pivot(pr.rows, function (r) { return r[col(t, 'EFFECT')]; }, function (r) { return r[col(t, 'PERIOD')]; },
      function (r) { return num(r[col(t, 'VALUE')]); });
    var series = EFFECT_ORDER.filter(function (e) { return p.keys.indexOf(e) >= 0; }).map(function (e) {
      return {name: word('effects', e), type: 'bar', stack: 'p', stackStrategy: 'all', itemStyle: {color: EFFECT_COLOR[e]}, emphasis: {focus: 'series'},
        data: periods.map(function (y) { return p.get(e, y); })};
    });
    series.push({name: tr('total'), type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: {color: '#000'}, data: periods.map(function (y) { return p.get('total', y); })});
    var table = {columns: [tr('phase')].concat(series.map(function (s) { return s.name + ' (' + tr('co2e') + ')'; })),
      rows: periods.map(function (y, i) { return [y].concat(series.map(function (s) { return s.data[i]; })); })};
    return {option: baseOption({xAxis: {type: 'category', data: periods}, yAxis: valueAxis(tr('co2e')), series: series, tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: fmt}}), table: table};
  }

  /* ---- power ------------------------------------------------------------------------- */
  function prepMix(run, prefix, factor, unit, label) {
    var iv = iamc(run);
    if (!iv) return note(tr('noIamc'));
    var names = leaves(iv, prefix);
    if (!names.length) return note(tr('noVar', {t: prefix + '|…'}));
    var series = names.map(function (n) {
      var path = n.slice(prefix.length + 1);
      return areaSeries(sourceName(path), iv.years.map(function (y) { return (iv.vars[n].byYear[y] || 0) * factor; }), sourceColor(path));
    });
    return {option: baseOption({xAxis: yearAxis(iv.years), yAxis: valueAxis(unit), series: series}), table: yearTable(iv.years, series, unit), sub: label};
  }
  function prepGeneration(run) { return prepMix(run, 'Secondary Energy|Electricity', 1e6 / 3600, tr('twh')); }
  function prepCapacity(run) { return prepMix(run, 'Capacity|Electricity', 1, tr('gw')); }

  /* ---- carbon price -------------------------------------------------------------------- */
  function priceSeries(run) {
    var iv = iamc(run);
    if (iv && iv.vars['Price|Carbon']) {
      var v = iv.vars['Price|Carbon'], regions = Object.keys(v.regions);
      var t = iv.table;
      var series = regions.map(function (rg) {
        var row = v.regions[rg];
        return lineSeries(regions.length > 1 ? rg : 'Price|Carbon', iv.years.map(function (y) { return num(row[col(t, y)]); }));
      });
      return {years: iv.years, series: series, unit: v.unit};
    }
    var c = getTable(run, 'roadmap/CarbonPrice');
    if (!c) return null;
    var rows = c.rows.filter(function (r) { return inRegion(c, r) && /^total:/.test(r[col(c, 'CONSTRAINT')]); });
    if (!rows.length) return {empty: true};
    var p = pivot(rows, function (r) { return r[col(c, 'REGION')] + ' ' + r[col(c, 'CONSTRAINT')].slice(6); }, function (r) { return r[col(c, 'YEAR')]; },
      function (r) { return num(r[col(c, 'VALUE')]); });
    return {years: p.years, series: p.keys.map(function (k) { return lineSeries(k, p.years.map(function (y) { return p.get(k, y); })); }),
      unit: tr('modelCurrency') + ' / ' + tr('co2e')};
  }
  function prepPrice(run) {
    var ps = priceSeries(run);
    if (!ps) return note(tr('noRoadmap', {t: 'CarbonPrice.csv'}));
    if (ps.empty || !ps.series.some(function (s) { return s.data.some(function (v) { return v !== null && v !== 0; }); })) return note(tr('noPrice'));
    return {option: baseOption({xAxis: yearAxis(ps.years), yAxis: valueAxis(ps.unit), series: ps.series}), table: yearTable(ps.years, ps.series, ps.unit)};
  }

  /* ---- MAC curve --------------------------------------------------------------------------- */
  function prepMAC(run, ctl) {
    var t = getTable(run, 'roadmap/MACCurve');
    if (!t) return note(tr('noRoadmap', {t: 'MACCurve.csv'}));
    var rows = t.rows.filter(function (r) { return inRegion(t, r); });
    if (!rows.length) return note(tr('noRows', {t: 'MACCurve.csv'}));
    var extra = '';
    var regions = uniq(rows.map(function (r) { return r[col(t, 'REGION')]; }));
    if (regions.length > 1) {
      rows = rows.filter(function (r) { return r[col(t, 'REGION')] === regions[0]; });
      extra = tr('regionFirst', {r: regions[0]});
    }
    var years = sortYears(uniq(rows.map(function (r) { return String(r[col(t, 'YEAR')]); })));
    var year = ctl.value && years.indexOf(ctl.value) >= 0 ? ctl.value : years[years.length - 1];
    ctl.options = years;
    ctl.value = year;
    rows = rows.filter(function (r) { return String(r[col(t, 'YEAR')]) === year; })
      .sort(function (a, b) { return a[col(t, 'RANK')] - b[col(t, 'RANK')]; });
    var data = [], cum = 0;
    rows.forEach(function (r) {
      var pot = num(r[col(t, 'POTENTIAL')]) || 0, cost = num(r[col(t, 'COST_PER_CO2E')]);
      var end = num(r[col(t, 'CUMULATIVE_POTENTIAL')]);
      if (end === null) end = cum + pot;
      var start = end - pot;
      cum = end;
      if (cost === null) return;
      data.push({value: [start, end, cost, r[col(t, 'TECHNOLOGY')], r[col(t, 'REFERENCE')]],
        itemStyle: {color: PALETTE[data.length % PALETTE.length], opacity: 0.9}});
    });
    var option = baseOption({
      tooltip: {trigger: 'item', formatter: function (p) { var v = p.value; return v[3] + ' → ' + v[4] + '<br>' + tr('costPer') + ': ' + fmt(v[2]) + '<br>' + tr('potential') + ': ' + fmt(v[1] - v[0]); }},
      legend: {show: false},
      xAxis: {type: 'value', name: tr('potential'), nameLocation: 'middle', nameGap: 26, axisLabel: {formatter: fmt}},
      yAxis: valueAxis(tr('costPer')),
      series: [{type: 'custom', name: 'MAC', encode: {x: [0, 1], y: 2}, data: data,
        renderItem: function (params, api) {
          var a = api.coord([api.value(0), api.value(2)]), b = api.coord([api.value(1), 0]);
          var w = Math.max(1, b[0] - a[0]);
          return {type: 'rect', shape: {x: a[0], y: Math.min(a[1], b[1]), width: w, height: Math.max(1, Math.abs(b[1] - a[1]))},
            style: api.style(),
            textContent: {style: {text: w > 24 ? String(api.value(3)) : '', fontSize: 10, fill: '#333'}},
            textConfig: {position: api.value(2) >= 0 ? 'top' : 'bottom'}};
        }}]
    });
    var table = {columns: ['RANK', 'TECHNOLOGY', 'REFERENCE', 'COST_PER_CO2E', 'POTENTIAL', 'CUMULATIVE_POTENTIAL', 'DEPLOYED'],
      rows: rows.map(function (r) { return [r[col(t, 'RANK')], r[col(t, 'TECHNOLOGY')], r[col(t, 'REFERENCE')], r[col(t, 'COST_PER_CO2E')], r[col(t, 'POTENTIAL')], r[col(t, 'CUMULATIVE_POTENTIAL')], r[col(t, 'DEPLOYED')]]; })};
    return {option: option, table: table, extra: extra};
  }

  /* ---- maturity ------------------------------------------------------------------------------ */
  function prepMaturity(run) {
    var cp = getTable(run, 'roadmap/CostPremium');
    if (!cp) return note(tr('noRoadmap', {t: 'CostPremium.csv'}));
    var rows = cp.rows.filter(function (r) { return inRegion(cp, r) && num(r[col(cp, 'PREMIUM_PCT')]) !== null; });
    if (!rows.length) return note(tr('noRows', {t: 'CostPremium.csv'}));
    var years = sortYears(uniq(rows.map(function (r) { return String(r[col(cp, 'YEAR')]); })));
    var first = years[0];
    var gap = getTable(run, 'roadmap/InnovationGap');
    var ready = {};
    var allYears = [];
    if (gap) gap.rows.forEach(function (r) { if (inRegion(gap, r)) ready[r[col(gap, 'TECHNOLOGY')]] = num(r[col(gap, 'READY_YEAR')]); });
    var netE = netEmissions(run);
    if (netE) allYears = netE.years;
    var lastYear = Number(allYears.length ? allYears[allYears.length - 1] : years[years.length - 1]);
    var firstYear = Number(allYears.length ? allYears[0] : first);
    var byCat = {}, seen = {};
    rows.forEach(function (r) {
      if (String(r[col(cp, 'YEAR')]) !== first) return;
      var tech = r[col(cp, 'TECHNOLOGY')];
      if (seen[tech]) return;
      seen[tech] = 1;
      var cat = r[col(cp, 'CATEGORY')] || 'conventional';
      var ry = ready[tech];
      var never = gap && ry === null;
      var x = ry === undefined ? firstYear : (never ? lastYear + 5 : ry);
      (byCat[cat] = byCat[cat] || []).push({value: [x, num(r[col(cp, 'PREMIUM_PCT')]), tech, never], name: tech});
    });
    /* a few extreme premiums would flatten the rest: beyond the cap they
     * sit on it as triangles (their value in the label and tooltip) */
    var all = [].concat.apply([], Object.keys(byCat).map(function (c) { return byCat[c].map(function (d) { return d.value[1]; }); }));
    var hiCap = Math.max(100, Math.min(400, Math.max.apply(null, all.concat([0])))), loCap = -100;
    Object.keys(byCat).forEach(function (c) {
      byCat[c].forEach(function (d) {
        var v = d.value[1];
        d.value[4] = v;
        if (v > hiCap || v < loCap) {
          d.value[1] = v > hiCap ? hiCap : loCap;
          d.symbol = 'triangle';
          d.symbolRotate = v > hiCap ? 0 : 180;
        }
      });
    });
    var series = Object.keys(byCat).map(function (c) {
      return {name: word('categories', c), type: 'scatter', symbolSize: 13, itemStyle: {color: CATEGORY_COLOR[c]}, labelLayout: {hideOverlap: true},
        label: {show: true, position: 'right', fontSize: 10, formatter: function (p) { return p.value[2] + (p.value[4] !== p.value[1] ? ' (' + fmt(p.value[4]) + '%)' : ''); }}, data: byCat[c]};
    });
    if (series.length) series[0].markLine = {symbol: 'none', silent: true, lineStyle: {type: 'dashed', color: '#999'},
      data: [{yAxis: 0, label: {formatter: '0%'}}, {yAxis: 50, label: {formatter: '+50%'}}, {xAxis: firstYear, label: {formatter: String(firstYear)}}]};
    var option = baseOption({
      tooltip: {trigger: 'item', formatter: function (p) { var v = p.value; return v[2] + '<br>' + tr('readyYear') + ': ' + (v[3] ? tr('notReady') : v[0]) + '<br>' + tr('premium') + ': ' + fmt(v[4]); }},
      grid: {left: 12, right: 44, top: 44, bottom: 36, containLabel: true},
      xAxis: yearValueAxis(firstYear, lastYear, lastYear + 5, tr('readyYear')),
      yAxis: (function () { var a = valueAxis(tr('premium')); a.max = hiCap; a.min = loCap; return a; })(),
      series: series
    });
    var table = {columns: ['TECHNOLOGY', 'CATEGORY', tr('readyYear'), tr('premium') + ' ' + first],
      rows: [].concat.apply([], Object.keys(byCat).map(function (c) { return byCat[c].map(function (d) { return [d.value[2], c, d.value[3] ? tr('notReady') : d.value[0], d.value[4]]; }); }))};
    return {option: option, table: table};
  }

  function prepMaturityStats(run) {
    var t = getTable(run, 'roadmap/MaturityStatistics');
    if (!t) return note(tr('noRoadmap', {t: 'MaturityStatistics.csv'}));
    var rows = t.rows.filter(function (r) { return inRegion(t, r); });
    if (!rows.length) return note(tr('noRows', {t: 'MaturityStatistics.csv'}));
    var first = sortYears(uniq(rows.map(function (r) { return String(r[col(t, 'YEAR')]); })))[0];
    rows = rows.filter(function (r) { return String(r[col(t, 'YEAR')]) === first; });
    var inds = uniq(rows.map(function (r) { return r[col(t, 'INDICATOR')]; }));
    function val(ind, c) { var s = 0, n = 0; rows.forEach(function (r) { if (r[col(t, 'INDICATOR')] === ind && num(r[col(t, c)]) !== null) { s += r[col(t, c)]; n++; } }); return n ? s / n : null; }
    var cats = inds.map(function (i) { return word('indicators', i); });
    var series = [
      {name: tr('model') + ' ' + first, type: 'bar', itemStyle: {color: '#0b6e4f'}, data: inds.map(function (i) { return val(i, 'SHARE_PCT'); }), label: {show: true, position: 'top', formatter: function (p) { return (Math.round(p.value * 10) / 10) + '%'; }}},
      {name: tr('roadmap'), type: 'bar', itemStyle: {color: '#bbbbbb'}, data: inds.map(function (i) { return val(i, 'ROADMAP_PCT'); }), label: {show: true, position: 'top', formatter: function (p) { return fmt(p.value) + '%'; }}}
    ];
    var table = {columns: [tr('indicator'), 'COUNT', 'TOTAL', 'SHARE_PCT', 'ROADMAP_PCT'],
      rows: rows.map(function (r) { return [word('indicators', r[col(t, 'INDICATOR')]), r[col(t, 'COUNT')], r[col(t, 'TOTAL')], r[col(t, 'SHARE_PCT')], r[col(t, 'ROADMAP_PCT')]]; })};
    return {option: baseOption({xAxis: {type: 'category', data: cats}, yAxis: {type: 'value', name: tr('share'), max: 100}, series: series, tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}}}), table: table};
  }

  /* ---- innovation gap ----------------------------------------------------------------------- */
  function prepGap(run) {
    var t = getTable(run, 'roadmap/InnovationGap');
    if (!t) return note(tr('noRoadmap', {t: 'InnovationGap.csv'}));
    var rows = t.rows.filter(function (r) { return inRegion(t, r); });
    if (!rows.length) return note(tr('noRows', {t: 'InnovationGap.csv'}));
    var netE = netEmissions(run);
    var years = netE ? netE.years.map(Number) : [];
    rows.forEach(function (r) { [col(t, 'READY_YEAR'), col(t, 'WANTED_FROM'), col(t, 'FIRST_DEPLOYED')].forEach(function (k) { if (num(r[k]) !== null) years.push(r[k]); }); });
    var lo = Math.min.apply(null, years), hi = Math.max.apply(null, years);
    var beyond = hi + 5;
    var regions = uniq(rows.map(function (r) { return r[col(t, 'REGION')]; }));
    function label(r) { return regions.length > 1 ? r[col(t, 'REGION')] + ' ' + r[col(t, 'TECHNOLOGY')] : r[col(t, 'TECHNOLOGY')]; }
    rows = rows.slice().sort(function (a, b) {
      var wa = num(a[col(t, 'WANTED_FROM')]), wb = num(b[col(t, 'WANTED_FROM')]);
      return (wb === null ? 1e9 : wb) - (wa === null ? 1e9 : wa);
    });
    var cats = rows.map(label);
    var data = rows.map(function (r, i) {
      var ready = num(r[col(t, 'READY_YEAR')]), want = num(r[col(t, 'WANTED_FROM')]);
      var flag = r[col(t, 'FLAG')];
      return {value: [i, ready === null ? beyond : ready, want === null ? (ready === null ? beyond : ready) : want, flag, ready === null, want === null],
        itemStyle: {color: FLAG_COLOR[flag] || '#888'}};
    });
    var option = baseOption({
      tooltip: {trigger: 'item', formatter: function (p) { var v = p.value; return cats[v[0]] + '<br>' + tr('readyYear') + ': ' + (v[4] ? tr('notReady') : v[1]) + '<br>' + tr('wanted') + ': ' + (v[5] ? '—' : v[2]) + '<br>' + word('flags', v[3]); }},
      legend: {show: false},
      grid: {left: 12, right: 30, top: 30, bottom: 28, containLabel: true},
      xAxis: yearValueAxis(lo, hi, beyond, ''),
      yAxis: {type: 'category', data: cats, axisLabel: {fontSize: 10}},
      series: [{type: 'custom', name: 'gap', encode: {x: [1, 2], y: 0}, data: data,
        renderItem: function (params, api) {
          var y = api.value(0), a = api.coord([api.value(1), y]), b = api.coord([api.value(2), y]);
          var color = api.visual('color');
          return {type: 'group', children: [
            {type: 'line', shape: {x1: a[0], y1: a[1], x2: b[0], y2: b[1]}, style: {stroke: color, lineWidth: 3}},
            {type: 'circle', shape: {cx: a[0], cy: a[1], r: 5}, style: {fill: '#fff', stroke: color, lineWidth: 2}},
            {type: 'circle', shape: {cx: b[0], cy: b[1], r: 5}, style: {fill: color}}
          ]};
        }}]
    });
    var table = {columns: ['REGION', 'TECHNOLOGY', 'CATEGORY', tr('readyYear'), tr('firstDeployed'), tr('wanted'), tr('gapYears'), tr('flag')],
      rows: rows.map(function (r) { return [r[col(t, 'REGION')], r[col(t, 'TECHNOLOGY')], word('categories', r[col(t, 'CATEGORY')]), r[col(t, 'READY_YEAR')], r[col(t, 'FIRST_DEPLOYED')], r[col(t, 'WANTED_FROM')], r[col(t, 'GAP_YEARS')], word('flags', r[col(t, 'FLAG')])]; })};
    return {option: option, table: table, height: Math.max(380, 26 * rows.length + 80)};
  }

  /* ---- co-benefits ------------------------------------------------------------------------------ */
  function prepCoBenefits(run) {
    var t = getTable(run, 'roadmap/CoBenefits');
    if (!t) return note(tr('noRoadmap', {t: 'CoBenefits.csv'}));
    var rows = t.rows.filter(function (r) { return inRegion(t, r); });
    if (!rows.length) return note(tr('noRows', {t: 'CoBenefits.csv'}));
    var hasRef = rows.some(function (r) { return num(r[col(t, 'REFERENCE')]) !== null; });
    var key = function (r) { return word('indicators', r[col(t, 'INDICATOR')]) + ': ' + r[col(t, 'ITEM')]; };
    var p, name;
    if (hasRef) {
      var sums = pivot(rows, key, function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'PATHWAY')]); });
      var refs = pivot(rows, key, function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'REFERENCE')]); });
      /* % of the reference, where the reference is not next to nothing:
       * below 1% of the series' largest value (pathway or reference) the
       * ratio says nothing */
      var big = {};
      sums.keys.forEach(function (k) {
        big[k] = Math.max.apply(null, sums.years.map(function (y) { return Math.max(Math.abs(refs.get(k, y)), Math.abs(sums.get(k, y))); }));
      });
      p = {keys: sums.keys, years: sums.years, get: function (k, y) {
        var rv = refs.get(k, y);
        return Math.abs(rv) > Math.max(1e-9, 0.01 * (big[k] || 0)) ? (sums.get(k, y) - rv) / Math.abs(rv) * 100 : null;
      }};
      name = tr('vsReference');
    } else {
      p = pivot(rows, key, function (r) { return r[col(t, 'YEAR')]; }, function (r) { return num(r[col(t, 'PATHWAY')]); });
      name = tr('pathwayValues');
    }
    var series = p.keys.map(function (k) { return lineSeries(k, p.years.map(function (y) { return p.get(k, y); }), null, {connectNulls: true}); });
    var table = {columns: ['REGION', tr('year'), tr('indicator'), 'ITEM', tr('pathway'), tr('reference'), 'DIFFERENCE'],
      rows: rows.map(function (r) { return [r[col(t, 'REGION')], r[col(t, 'YEAR')], word('indicators', r[col(t, 'INDICATOR')]), r[col(t, 'ITEM')], r[col(t, 'PATHWAY')], r[col(t, 'REFERENCE')], r[col(t, 'DIFFERENCE')]]; })};
    return {option: baseOption({xAxis: yearAxis(p.years), yAxis: valueAxis(name), series: series}), table: table};
  }

  /* ---- comparison of two runs ------------------------------------------------------------------------ */
  function unionYears(a, b) { return sortYears(uniq((a || []).concat(b || []))); }
  function prepCmpEmissions() {
    var n = DATA.runs.map(netEmissions);
    if (!n[0] && !n[1]) return note(tr('noEm'));
    var years = unionYears(n[0] && n[0].years, n[1] && n[1].years);
    var series = DATA.runs.map(function (run, i) {
      var e = n[i];
      return lineSeries(run.label, years.map(function (y) { if (!e) return null; var k = e.years.indexOf(y); return k < 0 ? null : e.values[k]; }), null,
        {markLine: markYears(milestones(run, e))});
    });
    var unit = (n[0] || n[1]).unit;
    return {option: baseOption({xAxis: yearAxis(years), yAxis: valueAxis(unit), series: series}), table: yearTable(years, series, unit)};
  }
  function prepCmpCost() {
    var per = DATA.runs.map(function (run) {
      var t = getTable(run, 'TotalDiscountedCost');
      if (!t) return null;
      return pivot(t.rows.filter(function (r) { return inRegion(t, r); }), function () { return 'x'; }, function (r) { return r[col(t, 'YEAR')]; },
        function (r) { return num(r[col(t, 'VALUE')]); });
    });
    if (!per[0] && !per[1]) return note(tr('noRows', {t: 'TotalDiscountedCost.csv'}));
    var years = unionYears(per[0] && per[0].years, per[1] && per[1].years);
    var series = DATA.runs.map(function (run, i) {
      return {name: run.label, type: 'bar', data: years.map(function (y) { return per[i] ? per[i].get('x', y) : null; })};
    });
    return {option: baseOption({xAxis: {type: 'category', data: years}, yAxis: valueAxis(tr('modelCurrency')), series: series, tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: fmt}}),
      table: yearTable(years, series, tr('modelCurrency'))};
  }
  function prepCmpGeneration() {
    var ivs = DATA.runs.map(iamc);
    if (!ivs[0] && !ivs[1]) return note(tr('noIamc'));
    var prefix = 'Secondary Energy|Electricity';
    var names = uniq([].concat.apply([], ivs.map(function (iv) { return iv ? leaves(iv, prefix) : []; }))).sort();
    if (!names.length) return note(tr('noVar', {t: prefix + '|…'}));
    var series = DATA.runs.map(function (run, i) {
      var iv = ivs[i];
      var last = iv && iv.years.length ? iv.years[iv.years.length - 1] : null;
      return {name: run.label + (last ? ' ' + last : ''), type: 'bar',
        data: names.map(function (n) { return iv && iv.vars[n] && last ? (iv.vars[n].byYear[last] || 0) * 1e6 / 3600 : null; })};
    });
    var cats = names.map(function (n) { return sourceName(n.slice(prefix.length + 1)); });
    var table = {columns: [tr('indicator')].concat(series.map(function (s) { return s.name + ' (' + tr('twh') + ')'; })),
      rows: cats.map(function (c, i) { return [c].concat(series.map(function (s) { return s.data[i]; })); })};
    return {option: baseOption({xAxis: {type: 'category', data: cats, axisLabel: {interval: 0, rotate: cats.length > 6 ? 30 : 0}}, yAxis: valueAxis(tr('twh')), series: series,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: fmt}}), table: table};
  }
  function prepCmpPrice() {
    var ps = DATA.runs.map(priceSeries);
    var years = unionYears(ps[0] && ps[0].years, ps[1] && ps[1].years);
    var series = [];
    ps.forEach(function (p, i) {
      if (!p || p.empty) return;
      p.series.forEach(function (s) {
        series.push(lineSeries(DATA.runs[i].label + (p.series.length > 1 ? ' ' + s.name : ''), years.map(function (y) { var k = p.years.indexOf(y); return k < 0 ? null : s.data[k]; })));
      });
    });
    if (!series.some(function (s) { return s.data.some(function (v) { return v; }); })) return note(tr('noPrice'));
    var unit = (ps[0] && ps[0].unit) || (ps[1] && ps[1].unit);
    return {option: baseOption({xAxis: yearAxis(years), yAxis: valueAxis(unit), series: series}), table: yearTable(years, series, unit)};
  }

  /* ---- key figures ------------------------------------------------------------------------------------- */
  function keyFigures() {
    var rows = [];
    function add(label, f) { rows.push([label].concat(DATA.runs.map(function (run) { try { return f(run); } catch (e) { return ''; } }))); }
    add(tr('totalCost'), function (run) {
      var t = getTable(run, 'TotalDiscountedCost');
      if (!t) return '';
      return fmt(t.rows.filter(function (r) { return inRegion(t, r); }).reduce(function (s, r) { return s + (num(r[col(t, 'VALUE')]) || 0); }, 0));
    });
    function em(run, last) {
      var n = netEmissions(run);
      if (!n || !n.values.length) return '';
      var i = last ? n.values.length - 1 : 0;
      return fmt(n.values[i]) + ' ' + n.unit + ' (' + n.years[i] + ')';
    }
    add(tr('emFirst'), function (run) { return em(run, false); });
    add(tr('emLast'), function (run) { return em(run, true); });
    function metText(m) { return m === 1 ? '<span class="met">' + tr('met') + '</span>' : m === 0 ? '<span class="missed">' + tr('missed') + '</span>' : ''; }
    add(tr('peakYear'), function (run) {
      var ms = milestones(run, netEmissions(run));
      if (!ms.peak) return '';
      var s = ms.peak + (ms.peakValue !== undefined && ms.peakValue !== null ? ' (' + fmt(ms.peakValue) + ')' : '');
      if (num(ms.peakTarget) !== null) s += '; ' + tr('target') + ' ' + ms.peakTarget + ' ' + metText(ms.peakMet);
      return s;
    });
    add(tr('netZeroYear'), function (run) {
      var ms = milestones(run, netEmissions(run));
      var s = ms.netZero || tr('never');
      if (num(ms.netZeroTarget) !== null) s += '; ' + tr('target') + ' ' + ms.netZeroTarget + ' ' + metText(ms.netZeroMet);
      return s;
    });
    add(tr('priceLast'), function (run) {
      var ps = priceSeries(run);
      if (!ps || ps.empty || !ps.series.length) return '';
      return ps.series.map(function (s) { return fmt(s.data[s.data.length - 1]); }).join(', ') + ' ' + ps.unit;
    });
    add(tr('nonFossil'), function (run) {
      var iv = iamc(run);
      if (!iv || !iv.vars['Secondary Energy|Electricity']) return '';
      var y = iv.years[iv.years.length - 1];
      var total = iv.vars['Secondary Energy|Electricity'].byYear[y] || 0;
      if (!total) return '';
      var fossil = ['Coal', 'Gas', 'Oil'].reduce(function (s, f) { var v = iv.vars['Secondary Energy|Electricity|' + f]; return s + (v ? v.byYear[y] || 0 : 0); }, 0);
      return fmt(100 * (1 - fossil / total)) + '% (' + y + ')';
    });
    [['commercial', 'commercial_stage'], ['raiseCost', 'raise_product_cost'], ['raise50', 'raise_cost_over_50pct']].forEach(function (p) {
      add(tr(p[0]), function (run) {
        var t = getTable(run, 'roadmap/MaturityStatistics');
        if (!t) return '';
        var rows = t.rows.filter(function (r) { return inRegion(t, r) && r[col(t, 'INDICATOR')] === p[1]; });
        if (!rows.length) return '';
        var first = sortYears(uniq(rows.map(function (r) { return String(r[col(t, 'YEAR')]); })))[0];
        var r = rows.filter(function (x) { return String(x[col(t, 'YEAR')]) === first; })[0];
        return fmt(r[col(t, 'SHARE_PCT')]) + '% (' + r[col(t, 'COUNT')] + '/' + r[col(t, 'TOTAL')] + ', ' + first + ')';
      });
    });
    var periods = [];
    DATA.runs.forEach(function (run) {
      var pr = phaseRows(run, 'phase');
      if (pr.rows) pr.rows.forEach(function (r) { if (r[col(pr.t, 'EFFECT')] === 'total' && periods.indexOf(r[col(pr.t, 'PERIOD')]) < 0) periods.push(r[col(pr.t, 'PERIOD')]); });
    });
    periods.forEach(function (per) {
      add(tr('abatement') + ' ' + per, function (run) {
        var pr = phaseRows(run, 'phase');
        if (!pr.rows) return '';
        var s = null;
        pr.rows.forEach(function (r) { if (r[col(pr.t, 'PERIOD')] === per && r[col(pr.t, 'EFFECT')] === 'total') s = (s || 0) + (num(r[col(pr.t, 'VALUE')]) || 0); });
        return s === null ? '' : fmt(s) + ' ' + tr('co2e');
      });
    });
    return rows;
  }

  /* ---- DOM ------------------------------------------------------------------------------------------------ */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function tableEl(tbl, cls, html) {
    var t = el('table', {class: 'data-table' + (cls ? ' ' + cls : '')});
    var thead = el('thead'), tr0 = el('tr');
    tbl.columns.forEach(function (c) { tr0.appendChild(el('th', null, c)); });
    thead.appendChild(tr0);
    t.appendChild(thead);
    var tb = el('tbody');
    tbl.rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (v) {
        var td = el('td');
        if (html) td.innerHTML = v === null || v === undefined ? '' : String(v);
        else td.textContent = fmt(v);
        row.appendChild(td);
      });
      tb.appendChild(row);
    });
    t.appendChild(tb);
    return t;
  }
  function dataDetails(tbl) {
    var d = el('details', {class: 'data'});
    d.appendChild(el('summary', null, tr('data')));
    var w = el('div', {class: 'table-wrap'});
    w.appendChild(tableEl(tbl));
    d.appendChild(w);
    return d;
  }

  var building = false; /* render() in progress: not done yet */
  function markDone() {
    if (building) return;
    var all = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < all.length; i++) if (!all[i].getAttribute('data-rendered')) return;
    document.body.setAttribute('data-report-done', '1');
  }

  /* Draw spec into the chart element, recording the outcome. */
  function draw(box, spec) {
    if (spec.note) {
      box.className = 'chart note';
      box.appendChild(el('div', {class: 'note-box'}, spec.note));
      box.setAttribute('data-rendered', 'note');
      return;
    }
    if (!HAS_ECHARTS) {
      box.className = 'chart note';
      box.appendChild(el('div', {class: 'note-box'}, tr('noscriptCharts')));
      box.setAttribute('data-rendered', 'note');
      return;
    }
    if (spec.height) box.style.height = spec.height + 'px';
    var inst = echarts.init(box, null, {renderer: 'svg'});
    charts.push({el: box, inst: inst});
    inst.on('finished', function () {
      var svg = box.querySelector('svg');
      var drawn = svg && box.clientWidth > 0 && box.clientHeight > 0 &&
        svg.querySelectorAll('path, rect, circle, text, line, polyline').length > 0;
      if (box.getAttribute('data-rendered') !== '1') box.setAttribute('data-rendered', drawn ? '1' : 'empty');
      markDone();
    });
    inst.setOption(spec.option);
  }

  var sections = [];
  function addChart(parent, id, title, desc, prep, opts) {
    var sec = el('section', {class: 'card', id: id});
    sec.appendChild(el('h2', null, title));
    if (desc) sec.appendChild(el('p', {class: 'desc'}, desc));
    var ctl = {value: null, options: null};
    var holder = el('div');
    sec.appendChild(holder);
    parent.appendChild(sec);
    sections.push({id: id, title: title});
    function build() {
      holder.innerHTML = '';
      var box = el('div', {class: 'chart' + (opts && opts.tall ? ' tall' : ''), 'data-chart': id});
      var spec;
      try {
        spec = prep(ctl);
      } catch (e) {
        spec = {note: String(e && e.message || e)};
        box.setAttribute('data-rendered', 'error');
        window.tanluErrors.push(id + ': ' + spec.note);
        var errs = document.getElementById('tanlu-errors');
        if (errs) errs.appendChild(el('p', null, id + ': ' + spec.note));
      }
      if (spec.title) sec.querySelector('h2').textContent = spec.title;
      if (ctl.options && ctl.options.length > 1) {
        var lab = el('label', {class: 'controls'}, tr('year') + ' ');
        var sel = el('select');
        ctl.options.forEach(function (o) { var op = el('option', {value: o}, o); if (o === ctl.value) op.selected = true; sel.appendChild(op); });
        sel.addEventListener('change', function () { ctl.value = sel.value; disposeIn(holder); build(); });
        lab.appendChild(sel);
        holder.appendChild(lab);
      }
      if (spec.extra) holder.appendChild(el('p', {class: 'desc'}, spec.extra));
      holder.appendChild(box);
      try {
        if (box.getAttribute('data-rendered') !== 'error') draw(box, spec);
      } catch (e) {
        box.setAttribute('data-rendered', 'error');
        window.tanluErrors.push(id + ': ' + (e && e.message || e));
        var er2 = document.getElementById('tanlu-errors');
        if (er2) er2.appendChild(el('p', null, id + ': ' + (e && e.message || e)));
      }
      if (spec.table) holder.appendChild(dataDetails(spec.table));
      markDone();
    }
    build();
  }
  function disposeIn(node) {
    charts = charts.filter(function (c) {
      if (node.contains(c.el)) { c.inst.dispose(); return false; }
      return true;
    });
  }

  function regionsOf() {
    var set = [];
    DATA.runs.forEach(function (run) {
      Object.keys(run.tables).forEach(function (name) {
        var t = getTable(run, name);
        var k = col(t, name === 'iamc' ? 'Region' : 'REGION');
        if (k >= 0) t.rows.forEach(function (r) { if (set.indexOf(String(r[k])) < 0) set.push(String(r[k])); });
      });
    });
    return set;
  }

  function render() {
    building = true;
    charts.forEach(function (c) { c.inst.dispose(); });
    charts = [];
    sections = [];
    document.body.removeAttribute('data-report-done');
    var main = document.getElementById('report');
    main.innerHTML = '';
    var run = DATA.runs[state.run];
    var labels = DATA.runs.map(function (r) { return r.label; });
    var head = el('header', {class: 'report-head'});
    head.appendChild(el('h1', null, DATA.title || (tr('report') + ': ' + labels.join(' vs '))));
    head.appendChild(el('div', {class: 'meta'}, tr('runs') + ': ' + DATA.runs.map(function (r) { return r.label + ' (' + r.dir + ')'; }).join('; ') +
      ' · ' + tr('generated') + ' ' + DATA.generated + ' ' + tr('by') + ' ' + DATA.version +
      (HAS_ECHARTS ? ' · Apache ECharts ' + echarts.version : '')));
    main.appendChild(head);

    var controls = el('div', {class: 'controls'});
    if (DATA.runs.length > 1) {
      var l1 = el('label', null, tr('showRun'));
      var s1 = el('select', {id: 'run-select'});
      labels.forEach(function (lb, i) { var o = el('option', {value: String(i)}, lb); if (i === state.run) o.selected = true; s1.appendChild(o); });
      s1.addEventListener('change', function () { state.run = Number(s1.value); render(); });
      l1.appendChild(s1);
      controls.appendChild(l1);
    }
    var regions = regionsOf();
    if (regions.length > 1) {
      var l2 = el('label', null, tr('region'));
      var s2 = el('select', {id: 'region-select'});
      [''].concat(regions).forEach(function (rg) { var o = el('option', {value: rg}, rg || tr('allRegions')); if (rg === state.region) o.selected = true; s2.appendChild(o); });
      s2.addEventListener('change', function () { state.region = s2.value; render(); });
      l2.appendChild(s2);
      controls.appendChild(l2);
    }
    main.appendChild(controls);
    var toc = el('nav', {class: 'toc'});
    main.appendChild(toc);
    DATA.runs.forEach(function (r) { if (r.iamc_computed) main.appendChild(el('p', {class: 'desc'}, r.label + ': ' + tr('iamcComputed'))); });

    var kf = el('section', {class: 'card', id: 'key-figures'});
    kf.appendChild(el('h2', null, tr('keyFigures')));
    kf.appendChild(el('p', {class: 'desc'}, tr('keyFiguresDesc')));
    kf.appendChild(tableEl({columns: [tr('indicator')].concat(labels), rows: keyFigures()}, 'key-figures', true));
    main.appendChild(kf);
    sections.push({id: 'key-figures', title: tr('keyFigures')});

    addChart(main, 'emissions-gas', tr('emGas'), tr('emGasDesc'), function () { return prepEmissionsByGas(run); });
    addChart(main, 'emissions-sector', tr('emSector'), tr('emSectorDesc'), function () { return prepEmissionsBySector(run); });
    addChart(main, 'wedges', tr('wedges'), tr('wedgesDesc'), function () { return prepWedges(run); });
    addChart(main, 'phases', tr('phases'), tr('phasesDesc'), function () { return prepPhases(run); });
    addChart(main, 'generation', tr('gen'), tr('genDesc'), function () { return prepGeneration(run); });
    addChart(main, 'capacity', tr('cap'), tr('capDesc'), function () { return prepCapacity(run); });
    addChart(main, 'carbon-price', tr('price'), tr('priceDesc'), function () { return prepPrice(run); });
    addChart(main, 'mac', tr('mac'), tr('macDesc'), function (ctl) { return prepMAC(run, ctl); }, {tall: true});
    addChart(main, 'maturity', tr('maturity'), tr('maturityDesc'), function () { return prepMaturity(run); }, {tall: true});
    addChart(main, 'maturity-stats', tr('maturityStats'), tr('maturityStatsDesc'), function () { return prepMaturityStats(run); });
    addChart(main, 'innovation-gap', tr('gap'), tr('gapDesc'), function () { return prepGap(run); });
    addChart(main, 'co-benefits', tr('cob'), tr('cobDesc'), function () { return prepCoBenefits(run); });
    if (DATA.runs.length > 1) {
      var cmp = el('div', {id: 'comparison'});
      cmp.appendChild(el('h2', {class: 'group'}, tr('cmp')));
      main.appendChild(cmp);
      addChart(cmp, 'compare-emissions', tr('cmp') + ': ' + tr('cmpEm'), null, prepCmpEmissions);
      addChart(cmp, 'compare-cost', tr('cmp') + ': ' + tr('cmpCost'), null, prepCmpCost);
      addChart(cmp, 'compare-generation', tr('cmp') + ': ' + tr('cmpGen'), null, prepCmpGeneration);
      addChart(cmp, 'compare-price', tr('cmp') + ': ' + tr('cmpPrice'), null, prepCmpPrice);
    }
    sections.forEach(function (s) { var a = el('a', {href: '#' + s.id}, s.title); toc.appendChild(a); });
    main.appendChild(el('footer', {class: 'report-foot'}, 'Tanlu ' + DATA.version + ' · ' + DATA.generated));
    building = false;
    markDone();
    if (location.hash) { /* a link to a chart: show it once it exists */
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.inst.resize(); }); });
  document.documentElement.lang = LANG === 'zh' ? 'zh-CN' : 'en';
  render();
})();
