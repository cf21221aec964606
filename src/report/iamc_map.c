/* iamc_map.c - which IAMC variable each technology, fuel and emission of a
 * model feeds: heuristics on names, inputs, TechnologyCategory and
 * TechnologySector (docs/outputs.md lists them), then the overrides and
 * units of an optional IamcMap.csv (KIND,NAME,VALUE). */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "report/iamc.h"

/* ---- name tokens -----------------------------------------------------------
 */

#define MAXTOK 16

/* Split s into upper-case tokens at non-alphanumerics and at letter/digit
 * boundaries ("PWR_COAL2" -> PWR, COAL, 2). Returns the count. */
static int tokens(const char *s, char tok[MAXTOK][32]) {
  int n = 0, len = 0;
  int prev = 0; /* 1 letter, 2 digit */
  for (;; s++) {
    unsigned char c = (unsigned char)*s;
    int kind = isalpha(c) ? 1 : isdigit(c) ? 2 : 0;
    if (len > 0 && (kind != prev || len == 31)) {
      tok[n][len] = '\0';
      if (++n == MAXTOK) return n;
      len = 0;
    }
    if (!c) break;
    if (kind) tok[n][len++] = (char)toupper(c);
    prev = kind;
  }
  return n;
}

static int has_token(char tok[MAXTOK][32], int n, const char *w) {
  for (int k = 0; k < n; k++)
    if (!strcmp(tok[k], w)) return 1;
  return 0;
}

typedef struct kw {
  const char *word;
  int prefix; /* 1: a token starting with word matches */
  const char *cls;
} kw;

/* In priority order: the first keyword any token matches wins. */
static const kw elec_words[] = {
    {"HYDROGEN", 0, "Hydrogen"}, /* "H2": see classify_name */
    {"BECCS", 0, "Biomass"},
    {"CSP", 0, "Solar|CSP"},
    {"PV", 0, "Solar|PV"},
    {"SPV", 0, "Solar|PV"},
    {"SOLARPV", 0, "Solar|PV"},
    {"OFFSHORE", 0, "Wind|Offshore"},
    {"WOF", 0, "Wind|Offshore"},
    {"ONSHORE", 0, "Wind|Onshore"},
    {"WON", 0, "Wind|Onshore"},
    {"WIND", 1, "Wind"},
    {"SOLAR", 1, "Solar"},
    {"HYDRO", 1, "Hydro"},
    {"NUCLEAR", 1, "Nuclear"},
    {"BIOMASS", 1, "Biomass"},
    {"GEOTHERMAL", 1, "Geothermal"},
    {"COAL", 1, "Coal"},
    {"COA", 1, "Coal"},
    {"HCO", 1, "Coal"},
    {"LIG", 1, "Coal"},
    {"NGCC", 0, "Gas"},
    {"CCGT", 0, "Gas"},
    {"OCGT", 0, "Gas"},
    {"LNG", 0, "Gas"},
    {"NGS", 0, "Gas"},
    {"NG", 0, "Gas"},
    {"GAS", 1, "Gas"},
    {"OIL", 1, "Oil"},
    {"DSL", 0, "Oil"},
    {"DIESEL", 0, "Oil"},
    {"HFO", 0, "Oil"},
    {"LFO", 0, "Oil"},
    {"PETROLEUM", 0, "Oil"},
    {"CRUDE", 0, "Oil"},
    {"NUC", 1, "Nuclear"},
    {"URN", 1, "Nuclear"},
    {"URANIUM", 0, "Nuclear"},
    {"HYD", 1, "Hydro"},
    {"ROR", 0, "Hydro"},
    {"SOL", 1, "Solar"},
    {"WIN", 1, "Wind"},
    {"WND", 0, "Wind"},
    {"BIO", 1, "Biomass"},
    {"BMS", 0, "Biomass"},
    {"WOOD", 0, "Biomass"},
    {"STRAW", 0, "Biomass"},
    {"GEO", 1, "Geothermal"},
    {"OCEAN", 0, "Ocean"},
    {"TID", 1, "Ocean"},
    {"WAV", 1, "Ocean"},
    {"MARINE", 0, "Ocean"},
    {NULL, 0, NULL}};

/* Class of a name, or NULL. */
static const char *classify_name(const char *name) {
  char tok[MAXTOK][32];
  int n = tokens(name, tok);
  for (int k = 0; k + 1 < n; k++) /* "H2" splits into H and 2 */
    if (!strcmp(tok[k], "H") && !strcmp(tok[k + 1], "2")) return "Hydrogen";
  for (const kw *w = elec_words; w->word; w++) {
    size_t wl = strlen(w->word);
    for (int k = 0; k < n; k++) {
      int hit =
          w->prefix ? !strncmp(tok[k], w->word, wl) : !strcmp(tok[k], w->word);
      if (!hit) continue;
      if (!strcmp(w->cls, "Wind")) { /* WIND_OFF, WIND_ON */
        if (has_token(tok, n, "OFF") || has_token(tok, n, "OFFSHORE"))
          return "Wind|Offshore";
        if (has_token(tok, n, "ON") || has_token(tok, n, "ONSHORE"))
          return "Wind|Onshore";
      }
      if (!strcmp(w->cls, "Solar") && has_token(tok, n, "PV"))
        return "Solar|PV";
      return w->cls;
    }
  }
  /* run-together names (PPWIND, PPCOAL): keywords of 4 letters or more
   * inside a token */
  for (const kw *w = elec_words; w->word; w++) {
    if (strlen(w->word) < 4) continue;
    for (int k = 0; k < n; k++)
      if (strstr(tok[k], w->word)) return w->cls;
  }
  return NULL;
}

static int name_has(const char *name, const char *const *words) {
  char tok[MAXTOK][32];
  int n = tokens(name, tok);
  for (const char *const *w = words; *w; w++)
    if (has_token(tok, n, *w)) return 1;
  return 0;
}

static const char *const ccs_words[] = {"CCS", "CCUS", "BECCS", "CCU", NULL};
static const char *const dac_words[] = {"DAC", "DACCS", "DACS", NULL};

/* ---- emission sectors
 * -------------------------------------------------------- */

typedef struct sector_rule {
  const char *const words[8];
  const char *path;
} sector_rule;

/* Substrings of TechnologySector (lower case), in priority order. */
static const sector_rule sector_rules[] = {
    {{"process", "ippu", NULL}, "Industrial Processes"},
    {{"fugitive", NULL}, "Energy|Supply|Fugitive"},
    {{"hydrogen", NULL}, "Energy|Supply|Hydrogen"},
    {{"power", "electric", NULL}, "Energy|Supply|Electricity"},
    {{"heat", NULL}, "Energy|Supply|Heat"},
    {{"transport", "aviation", "shipping", "road", "rail", NULL},
     "Energy|Demand|Transportation"},
    {{"building", "residential", "commercial", "household", "tertiary", NULL},
     "Energy|Demand|Residential and Commercial"},
    {{"industr", "cement", "steel", "iron", "chemic", "alumin", "manufactur",
      NULL},
     "Energy|Demand|Industry"},
    {{"agri", "land", "forest", "lulucf", "afolu", NULL}, "AFOLU"},
    {{"waste", NULL}, "Waste"},
    {{"supply", "refin", "mining", "upstream", "extraction", "fuel", NULL},
     "Energy|Supply|Other Sector"},
    {{NULL}, NULL}};

static const char *sector_of_text(const char *text) {
  char low[256];
  size_t n = strlen(text);
  if (n >= sizeof low) n = sizeof low - 1;
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)text[i]);
  low[n] = '\0';
  for (const sector_rule *r = sector_rules; r->path; r++)
    for (int k = 0; r->words[k]; k++)
      if (strstr(low, r->words[k])) return r->path;
  return NULL;
}

/* ---- gases ------------------------------------------------------------------
 */

/* Compare ignoring case and the characters - _ . and blanks. */
static int loose_eq(const char *a, const char *b) {
  for (;;) {
    while (*a && strchr("-_. ", *a)) a++;
    while (*b && strchr("-_. ", *b)) b++;
    if (!*a || !*b) return !*a && !*b;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    a++, b++;
  }
}

static const tl_gas *gas_by_loose_name(const char *name) {
  for (const tl_gas *g = tl_gas_table(); g->name; g++)
    if (loose_eq(g->name, name)) return g;
  return NULL;
}

/* ---- units
 * -------------------------------------------------------------------- */

typedef struct unit_def {
  const char *name;
  double factor;
} unit_def;

static const unit_def energy_units[] = {{"EJ", 1},
                                        {"PJ", 1e-3},
                                        {"TJ", 1e-6},
                                        {"GJ", 1e-9},
                                        {"TWh", 3.6e-3},
                                        {"GWh", 3.6e-6},
                                        {"Mtce", 0.0293076},
                                        {"ktce", 2.93076e-5},
                                        {"Mtoe", 0.041868},
                                        {"ktoe", 4.1868e-5},
                                        {NULL, 0}};
static const unit_def capacity_units[] = {
    {"GW", 1}, {"MW", 1e-3}, {"kW", 1e-6}, {"TW", 1e3}, {NULL, 0}};
static const unit_def emission_units[] = {
    {"Mt", 1}, {"kt", 1e-3}, {"t", 1e-6}, {"Gt", 1e3}, {NULL, 0}};
static const unit_def cost_scales[] = {{"1", 1},          {"one", 1},
                                       {"thousand", 1e3}, {"million", 1e6},
                                       {"billion", 1e9},  {NULL, 0}};

static int unit_lookup(const unit_def *u, const char *s, double *out) {
  for (; u->name; u++)
    if (!strcmp(u->name, s)) {
      *out = u->factor;
      return 0;
    }
  return -1;
}

/* ---- init
 * ---------------------------------------------------------------------- */

void tl_iamc_map_free(tl_iamc_map *mp) {
  if (!mp) return;
  for (int t = 0; t < mp->T; t++) {
    if (mp->elec) tl_strfree(mp->elec[t]);
    if (mp->sector) tl_strfree(mp->sector[t]);
  }
  tl_free(mp->elec, (size_t)mp->T * sizeof *mp->elec);
  tl_free(mp->sector, (size_t)mp->T * sizeof *mp->sector);
  tl_free(mp->elec_fuel, (size_t)mp->F);
  tl_free(mp->gas, (size_t)mp->E * sizeof *mp->gas);
  tl_free(mp->category, (size_t)mp->T * sizeof *mp->category);
  tl_free(mp->biomass, (size_t)mp->T);
  tl_free(mp->dac, (size_t)mp->T);
  tl_strfree(mp->currency);
  memset(mp, 0, sizeof *mp);
}

void tl_iamc_default_map_path(tl_buf *b, const char *model_path) {
  size_t n = strlen(model_path);
  while (n > 1 && model_path[n - 1] == '/') n--;
  int is_file = n > 4 && (!strncmp(model_path + n - 4, ".txt", 4) ||
                          !strncmp(model_path + n - 4, ".dat", 4));
  if (!is_file) {
    tl_buf_printf(b, "%.*s/" TL_IAMC_MAP_FILE, (int)n, model_path);
    return;
  }
  const char *slash = strrchr(model_path, '/');
  if (slash)
    tl_buf_printf(b, "%.*s/" TL_IAMC_MAP_FILE, (int)(slash - model_path),
                  model_path);
  else
    tl_buf_adds(b, TL_IAMC_MAP_FILE);
}

/* Replace an owned string. 0 or -1 (oom). */
static int set_str(char **dst, const char *s) {
  char *d = NULL;
  if (s && !(d = tl_strdup(s))) return -1;
  tl_strfree(*dst);
  *dst = d;
  return 0;
}

/* CCS suffix for the classes that have w/ and w/o CCS variables. */
static int set_elec_class(char **dst, const char *cls, int ccs) {
  static const char *const with_ccs[] = {"Coal", "Gas", "Oil", "Biomass", NULL};
  char buf[128];
  for (const char *const *w = with_ccs; *w; w++)
    if (!strcmp(cls, *w)) {
      snprintf(buf, sizeof buf, "%s|%s", cls, ccs ? "w/ CCS" : "w/o CCS");
      return set_str(dst, buf);
    }
  return set_str(dst, cls);
}

/* Heuristics over the model itself. */
static int classify(tl_iamc_map *mp, const tl_model *m) {
  int T = mp->T, F = mp->F;
  const tl_set *fuels = &m->sets[TL_FUEL];
  const tl_set *techs = &m->sets[TL_TECHNOLOGY];
  char *out_elec = tl_calloc((size_t)T, 1), *in_elec = tl_calloc((size_t)T, 1);
  char *demand_out = tl_calloc((size_t)T, 1),
       *is_demand = tl_calloc((size_t)F, 1);
  char *linked = tl_calloc((size_t)T, 1);
  int rc = -1;
  if (!out_elec || !in_elec || !demand_out || !is_demand || !linked) goto done;
  static const tl_param_id sto[] = {TL_P_TechnologyToStorage,
                                    TL_P_TechnologyFromStorage};
  for (int q = 0; q < 2; q++) {
    const tl_param *p = &m->params[sto[q]];
    for (int e = 0; e < p->n; e++) /* r,t,s,m */
      if (p->val[e] > 0) linked[p->idx[(size_t)e * 4 + 1]] = 1;
  }
  for (int f = 0; f < F; f++) {
    char tok[MAXTOK][32];
    int n = tokens(fuels->name[f], tok);
    for (int k = 0; k < n && !mp->elec_fuel[f]; k++)
      mp->elec_fuel[f] = !strncmp(tok[k], "ELC", 3) ||
                         !strncmp(tok[k], "ELEC", 4) ||
                         !strcmp(tok[k], "ELE") || !strcmp(tok[k], "POWER");
  }
  static const tl_param_id dem[] = {TL_P_SpecifiedAnnualDemand,
                                    TL_P_AccumulatedAnnualDemand};
  for (int q = 0; q < 2; q++) {
    const tl_param *p = &m->params[dem[q]];
    for (int e = 0; e < p->n; e++)
      if (p->val[e] > 0) is_demand[p->idx[(size_t)e * 3 + 1]] = 1;
  }
  const tl_param *oar = &m->params[TL_P_OutputActivityRatio];
  const tl_param *iar = &m->params[TL_P_InputActivityRatio];
  for (int e = 0; e < oar->n; e++) {
    const int32_t *ix = oar->idx + (size_t)e * 5; /* r,t,f,m,y */
    if (oar->val[e] <= 0) continue;
    if (mp->elec_fuel[ix[2]]) out_elec[ix[1]] = 1;
    if (is_demand[ix[2]]) demand_out[ix[1]] = 1;
  }
  for (int e = 0; e < iar->n; e++) {
    const int32_t *ix = iar->idx + (size_t)e * 5;
    if (iar->val[e] > 0 && mp->elec_fuel[ix[2]]) in_elec[ix[1]] = 1;
  }
  for (int t = 0; t < T; t++) {
    const char *name = techs->name[t];
    const char *cls = classify_name(name);
    /* the first input fuel with a class, in fuel order */
    for (int e = 0; !cls && e < iar->n; e++) {
      const int32_t *ix = iar->idx + (size_t)e * 5;
      if (ix[1] == t && iar->val[e] > 0)
        cls = classify_name(fuels->name[ix[2]]);
    }
    mp->biomass[t] = cls && !strcmp(cls, "Biomass");
    mp->dac[t] = (char)name_has(name, dac_words);
    int ccs = mp->category[t] == TL_CAT_CCUS || name_has(name, ccs_words);
    /* storage gives back what it took: not a source (by category, or
     * linked to a STORAGE) */
    int storage = mp->category[t] == TL_CAT_STORAGE || linked[t];
    if (out_elec[t] && !in_elec[t] && !storage &&
        set_elec_class(&mp->elec[t], cls ? cls : "Other", ccs))
      goto done;
    const char *sec = NULL;
    const char *stext =
        tl_model_string(m, tl_pget1(m, TL_P_TechnologySector, t));
    if (stext) sec = sector_of_text(stext);
    if (!sec && mp->category[t] == TL_CAT_SINK) sec = "AFOLU";
    if (!sec && mp->category[t] == TL_CAT_REMOVAL && !mp->elec[t])
      sec = "Other";
    if (!sec && mp->elec[t]) sec = "Energy|Supply|Electricity";
    if (!sec && demand_out[t]) sec = "Energy|Demand|Other Sector";
    if (!sec) sec = "Energy|Supply|Other Sector";
    if (set_str(&mp->sector[t], sec)) goto done;
  }
  rc = 0;
done:
  tl_free(out_elec, (size_t)T);
  tl_free(in_elec, (size_t)T);
  tl_free(demand_out, (size_t)T);
  tl_free(is_demand, (size_t)F);
  tl_free(linked, (size_t)T);
  return rc;
}

static void gases(tl_ctx *ctx, tl_iamc_map *mp, const tl_model *m) {
  for (int e = 0; e < mp->E; e++) {
    const char *name = m->sets[TL_EMISSION].name[e];
    const char *g = tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, e));
    if (g) {
      mp->gas[e] = tl_gas_find(g);
      continue;
    }
    if (!strcmp(name, "CO2")) {
      mp->gas[e] = tl_gas_find("CO2");
      continue;
    }
    mp->gas[e] = gas_by_loose_name(name);
    if (mp->gas[e] && !mp->gas[e]->pollutant)
      tl_diagf(ctx, TL_NOTICE, NULL, "EmissionGas", name, name,
               "no EmissionGas: taken as %s for the IAMC variables (set "
               "EmissionGas so that caps and the roadmap count it too)",
               mp->gas[e]->name);
  }
}

/* One row of IamcMap.csv. 0, or -1 (reported) on an error. */
static int map_row(tl_ctx *ctx, tl_iamc_map *mp, const tl_model *m,
                   const tl_loc *loc, const char *kind, const char *name,
                   const char *value) {
  const tl_set *techs = &m->sets[TL_TECHNOLOGY];
  if (!strcmp(kind, "electricity") || !strcmp(kind, "sector")) {
    int t = tl_set_index(techs, name, strlen(name));
    if (t < 0) {
      tl_diagf(ctx, TL_WARNING, loc, "IamcMap", kind, name,
               "not a TECHNOLOGY of this model: row ignored");
      return 0;
    }
    if (!*value) goto bad_value;
    if (kind[0] == 'e')
      return set_str(&mp->elec[t], strcmp(value, "none") ? value : NULL);
    return set_str(&mp->sector[t], value);
  }
  if (!strcmp(kind, "fuel")) {
    int f = tl_set_index(&m->sets[TL_FUEL], name, strlen(name));
    if (f < 0) {
      tl_diagf(ctx, TL_WARNING, loc, "IamcMap", kind, name,
               "not a FUEL of this model: row ignored");
      return 0;
    }
    if (strcmp(value, "electricity") && strcmp(value, "other")) goto bad_value;
    mp->elec_fuel[f] = value[0] == 'e';
    return 0;
  }
  if (!strcmp(kind, "gas")) {
    int e = tl_set_index(&m->sets[TL_EMISSION], name, strlen(name));
    if (e < 0) {
      tl_diagf(ctx, TL_WARNING, loc, "IamcMap", kind, name,
               "not an EMISSION of this model: row ignored");
      return 0;
    }
    if (!strcmp(value, "none")) {
      mp->gas[e] = NULL;
      return 0;
    }
    if (!(mp->gas[e] = tl_gas_find(value))) goto bad_value;
    return 0;
  }
  if (!strcmp(kind, "unit")) {
    int bad = 0;
    double v;
    if (!strcmp(name, "energy"))
      bad = unit_lookup(energy_units, value, &mp->energy);
    else if (!strcmp(name, "capacity"))
      bad = unit_lookup(capacity_units, value, &mp->capacity);
    else if (!strcmp(name, "emission"))
      bad = unit_lookup(emission_units, value, &mp->emission);
    else if (!strcmp(name, "currency")) {
      if (!*value) goto bad_value;
      return set_str(&mp->currency, value);
    } else if (!strcmp(name, "cost")) {
      if (unit_lookup(cost_scales, value, &mp->cost) == 0) return 0;
      bad = tl_parse_double(value, strlen(value), &v) || !(v > 0);
      if (!bad) mp->cost = v;
    } else {
      tl_diagf(
          ctx, TL_ERROR, loc, "IamcMap", kind, name,
          "unknown unit: use energy, capacity, emission, currency or cost");
      return -1;
    }
    if (bad) goto bad_value;
    return 0;
  }
  tl_diagf(ctx, TL_ERROR, loc, "IamcMap", NULL, kind,
           "unknown KIND: use electricity, sector, fuel, gas or unit");
  return -1;
bad_value:
  tl_diagf(ctx, TL_ERROR, loc, "IamcMap", name, value,
           "bad VALUE for %s (docs/outputs.md lists the values)", kind);
  return -1;
}

static int read_map(tl_ctx *ctx, tl_iamc_map *mp, const tl_model *m,
                    const char *path) {
  tl_otab t;
  int rc = tl_otab_read(ctx, path, &t);
  if (rc) return rc > 0 ? 0 : -1;
  int ck = tl_otab_colnum(&t, "KIND"), cn = tl_otab_colnum(&t, "NAME");
  int cv = tl_otab_colnum(&t, "VALUE");
  if (ck < 0 || cn < 0 || cv < 0) {
    tl_loc loc = {path, 1, 1};
    tl_diagf(ctx, TL_ERROR, &loc, "IamcMap", NULL, NULL,
             "the header must name the columns KIND,NAME,VALUE");
    rc = -1;
  }
  for (long i = 0; rc == 0 && i < t.nrow; i++) {
    tl_loc loc = {path, t.line[i], 0};
    rc = map_row(ctx, mp, m, &loc, tl_otab_at(&t, i, ck), tl_otab_at(&t, i, cn),
                 tl_otab_at(&t, i, cv));
  }
  tl_otab_free(&t);
  return rc;
}

int tl_iamc_map_init(tl_ctx *ctx, tl_iamc_map *mp, const tl_model *m,
                     const char *map_path) {
  memset(mp, 0, sizeof *mp);
  mp->T = m->sets[TL_TECHNOLOGY].n;
  mp->F = m->sets[TL_FUEL].n;
  mp->E = m->sets[TL_EMISSION].n;
  mp->energy = 1e-3; /* PJ */
  mp->capacity = 1;  /* GW */
  mp->emission = 1;  /* Mt */
  mp->cost = 1e6;    /* million */
  mp->currency = tl_strdup("US$");
  mp->elec = tl_calloc((size_t)mp->T, sizeof *mp->elec);
  mp->sector = tl_calloc((size_t)mp->T, sizeof *mp->sector);
  mp->elec_fuel = tl_calloc((size_t)mp->F, 1);
  mp->gas = tl_calloc((size_t)mp->E, sizeof *mp->gas);
  mp->category = tl_calloc((size_t)mp->T, sizeof *mp->category);
  mp->biomass = tl_calloc((size_t)mp->T, 1);
  mp->dac = tl_calloc((size_t)mp->T, 1);
  if (!mp->currency || !mp->elec || !mp->sector || !mp->elec_fuel || !mp->gas ||
      !mp->category || !mp->biomass || !mp->dac)
    goto oom;
  for (int t = 0; t < mp->T; t++) {
    int c = tl_category_find(
        tl_model_string(m, tl_pget1(m, TL_P_TechnologyCategory, t)));
    mp->category[t] = c < 0 ? TL_CAT_CONVENTIONAL : c;
  }
  if (classify(mp, m)) goto oom;
  gases(ctx, mp, m);
  if (map_path && read_map(ctx, mp, m, map_path)) goto fail;
  return 0;
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
           "out of memory while mapping IAMC variables");
fail:
  tl_iamc_map_free(mp);
  return -1;
}
