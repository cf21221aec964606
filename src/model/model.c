/* model.c - sets and sparse parameter tables of an OSeMOSYS model. */
#include <math.h>
#include <string.h>

#include "model/model.h"

/* Move an array of n elements of size elem into a new block of ncap
 * elements; NULL when out of memory (the old block is untouched). */
static void *move_to(const void *old, size_t n, size_t ncap, size_t elem) {
  void *p = tl_malloc(ncap * elem);
  if (p && n) memcpy(p, old, n * elem);
  return p;
}


const char *const tl_set_names[TL_NSETS] = {
    "REGION",   "TECHNOLOGY", "TIMESLICE",        "FUEL",
    "EMISSION", "MODE_OF_OPERATION", "SEASON", "DAYTYPE",
    "DAILYTIMEBRACKET", "STORAGE", "YEAR"};

const tl_param_def tl_param_defs[TL_NPARAMS] = {
#define TL_X_DEF(nm, n, a, b, c, d, e, def, flags) \
  {#nm, n, {(tl_set_id)(a), (tl_set_id)(b), (tl_set_id)(c), (tl_set_id)(d), (tl_set_id)(e)}, def, flags},
    TL_PARAMS(TL_X_DEF)
#undef TL_X_DEF
};

/* Names real data files carry that no equation uses. */
static const char *const ignored_names[] = {"ResultsPath", NULL};

int tl_param_find(const char *name, size_t len) {
  for (int i = 0; i < TL_NPARAMS; i++)
    if (strlen(tl_param_defs[i].name) == len &&
        memcmp(tl_param_defs[i].name, name, len) == 0)
      return i;
  return -1;
}

int tl_param_is_ignored(const char *name, size_t len) {
  for (int i = 0; ignored_names[i]; i++)
    if (strlen(ignored_names[i]) == len &&
        memcmp(ignored_names[i], name, len) == 0)
      return 1;
  return 0;
}

const char *tl_param_suggest(const char *name) {
  const char *best = NULL;
  int bestd = (int)strlen(name) / 3 + 2;
  for (int i = 0; i < TL_NPARAMS; i++) {
    int d = tl_edit_distance(name, tl_param_defs[i].name, bestd);
    if (d < bestd) {
      bestd = d;
      best = tl_param_defs[i].name;
    }
  }
  for (int i = 0; i < TL_NSETS; i++) {
    int d = tl_edit_distance(name, tl_set_names[i], bestd);
    if (d < bestd) {
      bestd = d;
      best = tl_set_names[i];
    }
  }
  return best;
}

int tl_set_find(const char *name, size_t len) {
  for (int i = 0; i < TL_NSETS; i++)
    if (strlen(tl_set_names[i]) == len &&
        memcmp(tl_set_names[i], name, len) == 0)
      return i;
  return -1;
}

tl_model *tl_model_new(void) {
  tl_model *m = tl_calloc(1, sizeof *m);
  if (!m) return NULL;
  for (int p = 0; p < TL_NPARAMS; p++) {
    m->params[p].def = &tl_param_defs[p];
    m->params[p].defval = tl_param_defs[p].def;
  }
  return m;
}

static void set_free(tl_set *s) {
  for (int i = 0; i < s->n; i++) tl_strfree(s->name[i]);
  tl_free(s->name, s->cap * sizeof *s->name);
  tl_free(s->num, s->cap * sizeof *s->num);
  tl_strmap_free(&s->map);
}

static void param_free(tl_param *p) {
  size_t k = (size_t)(p->def && p->def->nidx ? p->def->nidx : 1);
  tl_free(p->idx, p->cap * k * sizeof *p->idx);
  tl_free(p->val, p->cap * sizeof *p->val);
  tl_free(p->line, p->cap * sizeof *p->line);
  tl_free(p->col, p->cap * sizeof *p->col);
  tl_free(p->file, p->cap * sizeof *p->file);
  tl_u64map_free(&p->map);
}

void tl_model_free(tl_model *m) {
  if (!m) return;
  for (int i = 0; i < TL_NSETS; i++) set_free(&m->sets[i]);
  set_free(&m->strings);
  for (int p = 0; p < TL_NPARAMS; p++) param_free(&m->params[p]);
  for (int i = 0; i < m->nfiles; i++) tl_strfree(m->files[i]);
  tl_free(m->files, m->capfiles * sizeof *m->files);
  tl_strfree(m->path);
  tl_free(m, sizeof *m);
}

int tl_model_set_size(const tl_model *m, const char *name) {
  int s = tl_set_find(name, strlen(name));
  return s < 0 ? -1 : m->sets[s].n;
}

int tl_model_intern(tl_model *m, const char *s, size_t len) {
  int i = tl_set_index(&m->strings, s, len);
  if (i >= 0) return i;
  i = tl_set_add(&m->strings, s, len);
  return i < 0 ? -1 : i;
}

const char *tl_model_string(const tl_model *m, double v) {
  if (!(v >= 0) || v >= m->strings.n) return NULL;
  return m->strings.name[(int)v];
}

int tl_model_add_file(tl_model *m, const char *name) {
  for (int i = 0; i < m->nfiles; i++)
    if (!strcmp(m->files[i], name)) return i;
  if (m->nfiles >= 32000) return -1;
  if (tl_grow((void **)&m->files, &m->capfiles, (size_t)m->nfiles + 1,
              sizeof *m->files))
    return -1;
  char *d = tl_strdup(name);
  if (!d) return -1;
  m->files[m->nfiles] = d;
  return m->nfiles++;
}

int tl_set_index(const tl_set *s, const char *name, size_t len) {
  return tl_strmap_get(&s->map, name, len);
}

int tl_set_add(tl_set *s, const char *name, size_t len) {
  if (s->frozen) return -2;
  if (tl_strmap_get(&s->map, name, len) >= 0) return -3;
  if (s->n >= 0x7fffffff - 1) return -1;
  if ((size_t)s->n + 1 > s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 16, n = (size_t)s->n;
    char **nm = move_to(s->name, n, ncap, sizeof *nm);
    double *num = move_to(s->num, n, ncap, sizeof *num);
    if (!nm || !num) {
      tl_free(nm, ncap * sizeof *nm);
      tl_free(num, ncap * sizeof *num);
      return -1;
    }
    tl_free(s->name, s->cap * sizeof *s->name);
    tl_free(s->num, s->cap * sizeof *s->num);
    s->name = nm;
    s->num = num;
    s->cap = ncap;
  }
  char *d = tl_strndup(name, len);
  if (!d) return -1;
  if (tl_strmap_put(&s->map, d, len, s->n)) {
    tl_strfree(d);
    return -1;
  }
  double v;
  s->name[s->n] = d;
  s->num[s->n] = tl_parse_double(d, len, &v) == 0 ? v : NAN;
  return s->n++;
}

/* Fix the key multipliers of p from its index sets' sizes and freeze them.
 * Returns 0, or -1 when the index space does not fit in 64 bits. */
static int param_freeze(tl_model *m, tl_param *p) {
  const tl_param_def *d = p->def;
  uint64_t mult = 1;
  for (int k = d->nidx - 1; k >= 0; k--) {
    p->mult[k] = mult;
    uint64_t n = (uint64_t)(m->sets[d->idx[k]].n ? m->sets[d->idx[k]].n : 1);
    if (mult > UINT64_MAX / n) return -1;
    mult *= n;
  }
  for (int k = 0; k < d->nidx; k++) m->sets[d->idx[k]].frozen = 1;
  return 0;
}

static uint64_t param_key(const tl_param *p, const int32_t *idx) {
  uint64_t key = 0;
  for (int k = 0; k < p->def->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
  return key;
}

/* Grow the entry arrays (realloc, so pages are not copied at every
 * doubling). If one of them cannot grow, those that did are shrunk back, so
 * that cap describes every array. */
static int param_reserve(tl_param *p, size_t need) {
  if (need <= p->cap) return 0;
  size_t ncap = p->cap ? p->cap * 2 : 64;
  while (ncap < need) ncap *= 2;
  size_t k = (size_t)(p->def->nidx ? p->def->nidx : 1), oc = p->cap;
  void **arr[5] = {(void **)&p->idx, (void **)&p->val, (void **)&p->line,
                   (void **)&p->col, (void **)&p->file};
  const size_t esz[5] = {k * sizeof *p->idx, sizeof *p->val, sizeof *p->line,
                         sizeof *p->col, sizeof *p->file};
  for (int q = 0; q < 5; q++) {
    void *np = tl_realloc(*arr[q], oc * esz[q], ncap * esz[q]);
    if (!np) {
      while (q--) {
        if (oc == 0) { /* there was no array: free, do not shrink */
          tl_free(*arr[q], ncap * esz[q]);
          *arr[q] = NULL;
          continue;
        }
        /* a shrink that fails keeps the larger block (not lost) */
        void *back = tl_realloc(*arr[q], ncap * esz[q], oc * esz[q]);
        if (back) *arr[q] = back;
      }
      return -1;
    }
    *arr[q] = np;
  }
  p->cap = ncap;
  return 0;
}

int tl_param_set(tl_model *m, tl_param_id pid, const int32_t *idx, double v,
                 const tl_loc *loc, double *old) {
  tl_param *p = &m->params[pid];
  const tl_param_def *d = p->def;
  for (int k = 0; k < d->nidx; k++)
    if (idx[k] < 0 || idx[k] >= m->sets[d->idx[k]].n) return -2;
  if (p->n == 0 && p->map.cap == 0 && param_freeze(m, p)) return -1;
  p->given = 1;
  uint64_t key = param_key(p, idx);
  int e = tl_u64map_get(&p->map, key);
  if (e >= 0) {
    if (p->val[e] == v) return 0;
    if (old) *old = p->val[e];
    return -3;
  }
  if (p->n >= 0x7fffffff - 1) return -1;
  if (param_reserve(p, (size_t)p->n + 1)) return -1;
  if (tl_u64map_put(&p->map, key, p->n)) return -1;
  e = p->n++;
  memcpy(p->idx + (size_t)e * (size_t)d->nidx, idx,
         (size_t)d->nidx * sizeof *idx);
  p->val[e] = v;
  p->line[e] = loc ? loc->line : 0;
  p->col[e] = (int16_t)(loc && loc->col < 32767 ? loc->col : 0);
  p->file[e] = -1;
  if (loc && loc->file) {
    /* readers pass the stored name: a pointer match, usually the last one */
    int i = m->lastfile;
    if (i < 0 || i >= m->nfiles || m->files[i] != loc->file)
      for (i = 0; i < m->nfiles; i++)
        if (m->files[i] == loc->file || !strcmp(m->files[i], loc->file)) break;
    if (i < m->nfiles) {
      p->file[e] = (int16_t)i;
      m->lastfile = i;
    }
  }
  return 0;
}

double tl_param_get(const tl_model *m, tl_param_id pid, const int32_t *idx) {
  const tl_param *p = &m->params[pid];
  if (p->n) {
    int e = tl_u64map_get(&p->map, param_key(p, idx));
    if (e >= 0) return p->val[e];
  }
  if (pid == TL_P_DiscountRateIdv && !p->has_defval)
    return tl_pget1(m, TL_P_DiscountRate, idx[0]);
  return p->defval;
}

double tl_pget1(const tl_model *m, tl_param_id p, int a) {
  int32_t i[1] = {a};
  return tl_param_get(m, p, i);
}
double tl_pget2(const tl_model *m, tl_param_id p, int a, int b) {
  int32_t i[2] = {a, b};
  return tl_param_get(m, p, i);
}
double tl_pget3(const tl_model *m, tl_param_id p, int a, int b, int c) {
  int32_t i[3] = {a, b, c};
  return tl_param_get(m, p, i);
}
double tl_pget4(const tl_model *m, tl_param_id p, int a, int b, int c, int d) {
  int32_t i[4] = {a, b, c, d};
  return tl_param_get(m, p, i);
}
double tl_pget5(const tl_model *m, tl_param_id p, int a, int b, int c, int d,
                int e) {
  int32_t i[5] = {a, b, c, d, e};
  return tl_param_get(m, p, i);
}

double *tl_param_dense(const tl_model *m, tl_param_id pid, size_t max_cells,
                       size_t *ncells, int *oom) {
  const tl_param *p = &m->params[pid];
  const tl_param_def *d = p->def;
  size_t cells = 1;
  size_t mult[TL_MAXIDX];
  *oom = 0;
  for (int k = d->nidx - 1; k >= 0; k--) {
    mult[k] = cells;
    size_t n = (size_t)m->sets[d->idx[k]].n;
    if (n && cells > max_cells / n) return NULL;
    cells *= n;
  }
  if (cells > max_cells) return NULL;
  double *a = tl_malloc((cells ? cells : 1) * sizeof *a);
  if (!a) {
    *oom = 1;
    return NULL;
  }
  if (pid == TL_P_DiscountRateIdv && !p->has_defval) {
    int nt = m->sets[TL_TECHNOLOGY].n;
    for (size_t c = 0; c < cells; c++)
      a[c] = tl_pget1(m, TL_P_DiscountRate, (int)(c / (size_t)(nt ? nt : 1)));
  } else {
    for (size_t c = 0; c < cells; c++) a[c] = p->defval;
  }
  for (int e = 0; e < p->n; e++) {
    size_t c = 0;
    for (int k = 0; k < d->nidx; k++)
      c += (size_t)p->idx[(size_t)e * (size_t)d->nidx + (size_t)k] * mult[k];
    a[c] = p->val[e];
  }
  *ncells = cells;
  return a;
}

void tl_param_index_text(const tl_model *m, tl_param_id pid,
                         const int32_t *idx, tl_buf *b) {
  const tl_param_def *d = &tl_param_defs[pid];
  for (int k = 0; k < d->nidx; k++) {
    const tl_set *s = &m->sets[d->idx[k]];
    if (k) tl_buf_addc(b, ',');
    if (idx[k] >= 0 && idx[k] < s->n)
      tl_buf_adds(b, s->name[idx[k]]);
    else
      tl_buf_adds(b, "?");
  }
}

tl_loc tl_param_entry_loc(const tl_model *m, const tl_param *p, int e) {
  tl_loc l = {NULL, 0, 0};
  if (e < 0 || e >= p->n) return l;
  if (p->file[e] >= 0 && p->file[e] < m->nfiles) l.file = m->files[p->file[e]];
  l.line = p->line[e];
  l.col = p->col[e];
  return l;
}
