/* read_dat.c - GNU MathProg data file reader: a byte cursor over the whole
 * file in memory, a one-token lexer and a recursive-descent parser of `set`
 * and `param` statements that stores straight into a tl_model. */
#define _POSIX_C_SOURCE 200809L /* stat() */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/read_dat.h"

/* ---- tokens -------------------------------------------------------------- */

typedef enum tok_kind {
  T_EOF,
  T_WORD,   /* unquoted symbol or number: [A-Za-z0-9_.+-] and UTF-8 */
  T_STR,    /* quoted symbol; s/len is the content, unescaped */
  T_SEMI,   /* ; */
  T_ASSIGN, /* := */
  T_COLON,  /* : */
  T_LBRACK, /* [ */
  T_RBRACK, /* ] */
  T_LPAREN, /* ( */
  T_RPAREN, /* ) */
  T_STAR,   /* * */
  T_DOT,    /* a lone . : no value */
  T_BAD     /* a byte or construct that is not allowed; why says which */
} tok_kind;

typedef struct tok {
  tok_kind kind;
  int line, col; /* 1-based; col counts bytes */
  const char *s; /* text in the file buffer */
  size_t len;
  const char *why; /* T_BAD only */
} tok;

/* A column label of a table, resolved once per table. */
typedef struct col_label {
  int32_t idx; /* member position, -1 when unknown */
  tok t;
} col_label;

/* Where a statement started, for "never terminated" messages. */
typedef struct stmt_start {
  int line, col;
  const char *kw; /* "set" or "param" */
  const char *name;
  size_t nlen;
} stmt_start;

/* State of one `param` statement. */
typedef struct stmt {
  tl_param_id pid;
  const tl_param_def *def;
  int nidx;
  int32_t fixed[TL_MAXIDX]; /* current slice: member position or -1 (star) */
  int free[TL_MAXIDX];      /* positions of the stars, [nfree] */
  int nfree;
  int sliced;   /* a slice has been given */
  int assigned; /* := has been seen */
  int bad;      /* the current slice names an unknown member: drop data */
  int sym;      /* values are texts (TL_PF_SYMBOLIC), not numbers */
  unsigned undef_said;       /* bit per set: "used before defined" reported */
  const char *nm[TL_MAXIDX]; /* raw names of the tuple, for diagnostics */
  size_t nl[TL_MAXIDX];
  const char *cs[TL_MAXIDX]; /* last member resolved at each position, */
  size_t cl[TL_MAXIDX];      /* its length (SIZE_MAX: none) */
  int32_t ci[TL_MAXIDX];     /* and its position in the set */
  stmt_start ss;
} stmt;

#define TEXT_MAX 200 /* bytes of a name or value quoted in a message */

typedef struct reader {
  tl_ctx *ctx;
  tl_model *m;
  const char *file;   /* the model's stored name: borrowed by every location */
  char *p, *end;      /* cursor; *end == '\0' */
  const char *lstart; /* start of the current line */
  int line;
  tok t; /* current token */
  int nerr, stop, oom;
  col_label *cols; /* table column labels, [capcols] reused */
  size_t capcols;
  tl_buf ib;                /* index text for diagnostics */
  char vb[2][TEXT_MAX + 8]; /* quoted texts for diagnostics */
} reader;

/* Byte classes: C_BLANK separates tokens (commas are separators too),
 * C_WORD may appear in an unquoted symbol, C_HIGH starts UTF-8. */
enum { C_BLANK = 1, C_NL = 2, C_WORD = 4, C_HIGH = 8 };
// clang-format off
static const unsigned char cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 4, 4, 0,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 4,
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};
// clang-format on

/* Length (2..4) of the well-formed UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end) {
  size_t n;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    n = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    n = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    n = 4;
  else
    return 0;
  if ((size_t)(end - p) < n) return 0;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
      (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
    return 0; /* overlong, surrogate or beyond U+10FFFF */
  return n;
}

static void bad(reader *r, tok *t, char *p, size_t len, const char *why) {
  t->kind = T_BAD;
  t->s = p;
  t->len = len;
  t->why = why;
  r->p = p + len;
}

/* A quoted symbol: 'x' or "x", the quote doubled inside stands for itself;
 * it may not span lines. Unescaped in place (the text only shrinks). */
static void lex_string(reader *r, tok *t, char *p) {
  const unsigned char *end = (const unsigned char *)r->end;
  char q = *p, *x = p + 1, *w = p + 1;
  for (;;) {
    if (x >= r->end || *x == '\n' || *x == '\r') {
      bad(r, t, p, 1, "quoted name is not closed on its line");
      return;
    }
    unsigned char c = (unsigned char)*x;
    if (*x == q) {
      if (x[1] != q) break;
      *w++ = q;
      x += 2;
    } else if (c >= 0x80) {
      size_t n = utf8_seq((const unsigned char *)x, end);
      if (!n) {
        t->col = (int)(x - r->lstart) + 1;
        bad(r, t, x, 1, "invalid UTF-8 byte");
        return;
      }
      memmove(w, x, n);
      w += n;
      x += n;
    } else if (c < 0x20 && c != '\t') {
      t->col = (int)(x - r->lstart) + 1;
      bad(r, t, x, 1, "control character");
      return;
    } else {
      *w++ = *x++;
    }
  }
  t->kind = T_STR;
  t->s = p + 1;
  t->len = (size_t)(w - (p + 1));
  r->p = x + 1;
}

/* Read the next token into r->t. After a stop, always T_EOF. */
static void lex(reader *r) {
  tok *t = &r->t;
  char *p = r->p;
  t->why = NULL;
  for (;;) { /* blanks and comments */
    char c = *p;
    unsigned char k = cls[(unsigned char)c];
    if (k == C_BLANK) {
      p++;
    } else if (k == C_NL) {
      r->line++;
      r->lstart = ++p;
    } else if (c == '#') {
      char *nl = memchr(p, '\n', (size_t)(r->end - p));
      p = nl ? nl : r->end;
    } else if (c == '/' && p[1] == '*') {
      char *q = p + 2;
      int line = r->line;
      const char *ls = r->lstart;
      while (q < r->end && !(q[0] == '*' && q[1] == '/')) {
        if (*q == '\n') {
          r->line++;
          r->lstart = q + 1;
        }
        q++;
      }
      if (q >= r->end) {
        t->line = line;
        t->col = (int)(p - ls) + 1;
        bad(r, t, p, 2, "comment '/*' is never closed");
        r->p = r->end;
        return;
      }
      p = q + 2;
    } else {
      break;
    }
  }
  t->line = r->line;
  t->col = (int)(p - r->lstart) + 1;
  t->s = p;
  t->len = 1;
  if (r->stop || p >= r->end) {
    t->kind = T_EOF;
    t->len = 0;
    r->p = p;
    return;
  }
  unsigned char c = (unsigned char)*p;
  switch (c) {
    case ';': t->kind = T_SEMI; break;
    case '[': t->kind = T_LBRACK; break;
    case ']': t->kind = T_RBRACK; break;
    case '(': t->kind = T_LPAREN; break;
    case ')': t->kind = T_RPAREN; break;
    case '*': t->kind = T_STAR; break;
    case ':':
      t->kind = T_COLON;
      if (p[1] == '=') {
        t->kind = T_ASSIGN;
        t->len = 2;
      }
      break;
    case '\'':
    case '"': lex_string(r, t, p); return;
    default: {
      const unsigned char *q = (const unsigned char *)p;
      const unsigned char *end = (const unsigned char *)r->end;
      for (;;) {
        unsigned char k = cls[*q];
        if (k == C_WORD) {
          q++;
        } else if (k == C_HIGH) {
          size_t n = utf8_seq(q, end);
          if (!n) break;
          q += n;
        } else {
          break;
        }
      }
      if (q == (const unsigned char *)p) {
        bad(r, t, p, 1,
            c >= 0x80  ? "invalid UTF-8 byte (the file is not UTF-8 text)"
            : c < 0x20 || c == 0x7F ? "control character"
                       : "unexpected character");
        return;
      }
      t->len = (size_t)((const char *)q - p);
      t->kind = (t->len == 1 && *p == '.') ? T_DOT : T_WORD;
    }
  }
  r->p = p + t->len;
}

static int is_data(const tok *t) {
  return t->kind == T_WORD || t->kind == T_STR;
}

static int word_is(const tok *t, const char *w) {
  size_t n = strlen(w);
  return t->kind == T_WORD && t->len == n && memcmp(t->s, w, n) == 0;
}

/* Value of s[0..len) with tl_parse_double's result codes. Plain decimals
 * ([+-]digits[.digits][e[+-]digits]) whose value is m * 10^e with m <= 2^53
 * and |e| <= 22 take an exact fast path: one correctly rounded product or
 * quotient of two exact doubles (Clinger), the value strtod gives. Anything
 * else goes to tl_parse_double, and everything does where double arithmetic
 * is done in wider precision (x87: double rounding). */
static int num(const char *s, size_t len, double *out) {
  static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char *p = s, *e = s + len;
  int neg = 0, nd = 0, ex = 0, any = 0;
  uint64_t m = 0;
  if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
  for (; p < e && *p >= '0' && *p <= '9'; p++) {
    any = 1;
    if (m == 0 && *p == '0') continue;
    if (++nd > 19) goto slow;
    m = m * 10 + (uint64_t)(*p - '0');
  }
  if (p < e && *p == '.') {
    for (p++; p < e && *p >= '0' && *p <= '9'; p++) {
      any = 1;
      ex--;
      if (m == 0 && *p == '0') continue;
      if (++nd > 19) goto slow;
      m = m * 10 + (uint64_t)(*p - '0');
    }
  }
  if (!any) goto slow;
  if (p < e && (*p == 'e' || *p == 'E')) {
    int eneg = 0, x = 0, nx = 0;
    p++;
    if (p < e && (*p == '+' || *p == '-')) eneg = *p++ == '-';
    for (; p < e && *p >= '0' && *p <= '9'; p++, nx++)
      if (x < 100000) x = x * 10 + (*p - '0');
    if (!nx) goto slow;
    ex += eneg ? -x : x;
  }
  if (p != e || m > ((uint64_t)1 << 53) || FLT_EVAL_METHOD != 0) goto slow;
  if (m == 0) ex = 0;
  if (ex < -22 || ex > 22) goto slow;
  double v = (double)m;
  v = ex < 0 ? v / p10[-ex] : v * p10[ex];
  *out = neg ? -v : v;
  return 0;
slow:
  return tl_parse_double(s, len, out);
}

/* A statement keyword where data was expected: a ';' is missing. */
static int is_kw(const tok *t) {
  return t->kind == T_WORD && (t->s[0] == 'p' || t->s[0] == 's') &&
         (word_is(t, "param") || word_is(t, "set"));
}

/* ---- diagnostics -----------------------------------------------------------
 */

/* Copy of s[0..len) for a message, cut at TEXT_MAX bytes (not inside a
 * UTF-8 sequence) with "..." appended. */
static const char *txt(reader *r, int slot, const char *s, size_t len) {
  char *b = r->vb[slot];
  size_t n = len;
  if (n > TEXT_MAX) {
    n = TEXT_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(b, s, n);
  if (n < len)
    memcpy(b + n, "...", 4);
  else
    b[n] = '\0';
  return b;
}

/* Text of a token for "found X" messages. */
static const char *ttxt(reader *r, int slot, const tok *t) {
  if (t->kind == T_EOF) return "end of file";
  unsigned char c = (unsigned char)t->s[0];
  if (t->kind == T_BAD && (c >= 0x7F || c < 0x20)) { /* shown as \xNN */
    snprintf(r->vb[slot], sizeof r->vb[slot], "\\x%02X", (unsigned)c);
    return r->vb[slot];
  }
  return txt(r, slot, t->s, t->len);
}

#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
static void
emit(reader *r, tl_severity sev, int line, int col, const char *param,
     const char *index, const char *value, const char *fmt, ...) {
  if (r->stop) return;
  char msg[800];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_loc loc = {r->file, line, col};
  tl_diagf(r->ctx, sev, &loc, param, index, value, "%s", msg);
  if (sev == TL_ERROR && ++r->nerr >= TL_DAT_MAX_ERRORS) {
    tl_diagf(r->ctx, TL_NOTICE, &loc, NULL, NULL, NULL,
             "too many errors (%d); stopped reading", r->nerr);
    r->stop = 1;
  }
}

static void oom(reader *r) {
  r->oom = 1;
  r->stop = 1;
}

/* Syntax error at the current token: "<what>, found '<token>'". */
static void syntax(reader *r, const char *param, const char *what) {
  const tok *t = &r->t;
  if (t->kind == T_BAD)
    emit(r, TL_ERROR, t->line, t->col, param, NULL, ttxt(r, 0, t), "%s: '%s'",
         t->why, ttxt(r, 1, t));
  else
    emit(r, TL_ERROR, t->line, t->col, param, NULL, ttxt(r, 0, t),
         "%s, found '%s'", what, ttxt(r, 1, t));
}

static const char *ss_name(reader *r, const stmt_start *ss) {
  return ss->name ? txt(r, 1, ss->name, ss->nlen) : NULL;
}

static void unterminated(reader *r, const stmt_start *ss) {
  emit(r, TL_ERROR, ss->line, ss->col, ss_name(r, ss), NULL, NULL,
       "statement '%s %s' starting here is never ended by ';' (end of file)",
       ss->kw, ss->name ? r->vb[1] : "");
}

/* Missing ';': the current token starts a new statement. */
static void missing_semi(reader *r, const stmt_start *ss) {
  emit(r, TL_ERROR, ss->line, ss->col, ss_name(r, ss), NULL, NULL,
       "statement '%s %s' starting here is not ended by ';' before '%s' "
       "at line %d",
       ss->kw, ss->name ? r->vb[1] : "", ttxt(r, 0, &r->t), r->t.line);
}

/* Skip to after the next ';'. */
static void skip_statement(reader *r, const stmt_start *ss) {
  while (r->t.kind != T_SEMI && r->t.kind != T_EOF) lex(r);
  if (r->t.kind == T_SEMI)
    lex(r);
  else if (ss)
    unterminated(r, ss);
}

/* ---- sets ------------------------------------------------------------------
 */

/* Sets of OSeMOSYS variants (otoole, the Pyomo model) that the formulation
 * here never uses. */
static const char *const foreign_sets[] = {"FLEXIBLEDEMANDTYPE", "REGION_",
                                           "_REGION", NULL};

/* An unknown set name. Decision: no parameter of the model can be indexed
 * by a set it does not know, so data of an unknown set is unused and is
 * skipped with a notice - unless the name looks like a misspelt OSeMOSYS
 * set (edit distance at most 2 + len/6, e.g. TECHNOLOGIES, FUELS), which is
 * an error naming the set meant. The sets of other OSeMOSYS variants above
 * are skipped quietly as notices even when close to a known name. */
static void unknown_set(reader *r, const tok *t) {
  const char *nm = txt(r, 0, t->s, t->len);
  for (int i = 0; foreign_sets[i]; i++)
    if (strlen(foreign_sets[i]) == t->len &&
        memcmp(foreign_sets[i], t->s, t->len) == 0) {
      emit(r, TL_NOTICE, t->line, t->col, nm, NULL, NULL,
           "set '%s' is not used by the model; skipped", nm);
      return;
    }
  const char *best = NULL;
  if (t->len <= TL_DAT_MAX_NAME) {
    char name[TL_DAT_MAX_NAME + 1];
    memcpy(name, t->s, t->len);
    name[t->len] = '\0';
    int bestd = 2 + (int)t->len / 6 + 1;
    for (int i = 0; i < TL_NSETS; i++) {
      int d = tl_edit_distance(name, tl_set_names[i], bestd);
      if (d < bestd) {
        bestd = d;
        best = tl_set_names[i];
      }
    }
  }
  if (best)
    emit(r, TL_ERROR, t->line, t->col, nm, NULL, NULL,
         "unknown set '%s' (did you mean '%s'?)", nm, best);
  else
    emit(r, TL_NOTICE, t->line, t->col, nm, NULL, NULL,
         "set '%s' is not an OSeMOSYS set; skipped", nm);
}

static void set_member(reader *r, tl_set *s, const char *sname) {
  const tok *t = &r->t;
  if (t->len == 0) {
    emit(r, TL_ERROR, t->line, t->col, sname, NULL, "",
         "empty member name in set %s", sname);
    return;
  }
  if (t->len > TL_DAT_MAX_NAME) {
    emit(r, TL_ERROR, t->line, t->col, sname, NULL, txt(r, 0, t->s, t->len),
         "member name of set %s is %zu bytes long (at most %d)", sname, t->len,
         TL_DAT_MAX_NAME);
    return;
  }
  int rc = tl_set_add(s, t->s, t->len);
  if (rc == -3)
    emit(r, TL_WARNING, t->line, t->col, sname, NULL, txt(r, 0, t->s, t->len),
         "member '%s' of set %s is given twice; the repeat is ignored",
         r->vb[0], sname);
  else if (rc == -2)
    emit(r, TL_ERROR, t->line, t->col, sname, NULL, txt(r, 0, t->s, t->len),
         "set %s extended after parameter data used it", sname);
  else if (rc == -1)
    oom(r);
}

static void parse_set(reader *r) {
  stmt_start ss = {r->t.line, r->t.col, "set", NULL, 0};
  lex(r);
  if (r->t.kind != T_WORD) {
    syntax(r, NULL, "expected a set name after 'set'");
    skip_statement(r, NULL);
    return;
  }
  tok name = r->t;
  ss.name = name.s;
  ss.nlen = name.len;
  lex(r);
  int sid = tl_set_find(name.s, name.len);
  if (sid < 0) {
    unknown_set(r, &name);
    skip_statement(r, &ss);
    return;
  }
  const char *sname = tl_set_names[sid];
  tl_set *s = &r->m->sets[sid];
  if (r->t.kind != T_ASSIGN && r->t.kind != T_SEMI) {
    syntax(r, sname, "expected ':=' after the set name");
    skip_statement(r, &ss);
    return;
  }
  if (s->defined) {
    if (s->frozen)
      emit(r, TL_ERROR, ss.line, ss.col, sname, NULL, NULL,
           "set %s extended after parameter data used it (first defined "
           "at line %d)",
           sname, s->loc.line);
    else
      emit(r, TL_ERROR, ss.line, ss.col, sname, NULL, NULL,
           "set %s is defined twice (first at line %d)", sname, s->loc.line);
    skip_statement(r, &ss);
    return;
  }
  s->defined = 1;
  s->loc.file = r->file;
  s->loc.line = ss.line;
  s->loc.col = ss.col;
  if (r->t.kind == T_ASSIGN) lex(r);
  while (is_data(&r->t)) {
    if (is_kw(&r->t)) {
      missing_semi(r, &ss);
      return;
    }
    set_member(r, s, sname);
    lex(r);
  }
  if (r->t.kind == T_SEMI) {
    lex(r);
  } else if (r->t.kind == T_EOF) {
    unterminated(r, &ss);
  } else {
    syntax(r, sname, "expected a member name or ';' in the set");
    skip_statement(r, &ss);
  }
}

/* ---- parameters
 * -------------------------------------------------------------- */

static const char *pname(const stmt *st) { return st->def->name; }

/* "R,*,F,2020" from the raw names of the tuple. */
static const char *idx_text(reader *r, const stmt *st) {
  tl_buf_reset(&r->ib);
  for (int k = 0; k < st->nidx; k++) {
    if (k) tl_buf_addc(&r->ib, ',');
    tl_buf_add(&r->ib, st->nm[k], st->nl[k]);
  }
  return tl_buf_cstr(&r->ib);
}

static void set_nm(stmt *st, int k, const tok *t) {
  st->nm[k] = t->s;
  st->nl[k] = t->len;
}

static void star_nm(stmt *st, int k) {
  st->nm[k] = "*";
  st->nl[k] = 1;
}

/* Position of member t of the k-th index set of the parameter, or -1 after
 * reporting why not. A number matches a member of equal value ("2020.0"
 * finds 2020), as in GLPK. */
static int32_t resolve(reader *r, stmt *st, int k, const tok *t) {
  tl_set_id sid = st->def->idx[k];
  tl_set *s = &r->m->sets[sid];
  if (!s->defined) {
    if (!(st->undef_said & (1u << sid))) {
      st->undef_said |= 1u << sid;
      emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st), NULL,
           "set %s is used before it is defined (give 'set %s := ...;' "
           "before this statement)",
           tl_set_names[sid], tl_set_names[sid]);
    }
    return -1;
  }
  int i = tl_set_index(s, t->s, t->len);
  if (i >= 0) return i;
  double v;
  if (t->kind == T_WORD && num(t->s, t->len, &v) == 0)
    for (int j = 0; j < s->n; j++)
      if (s->num[j] == v) return j;
  const char *val = txt(r, 0, t->s, t->len);
  emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st), val,
       "unknown %s '%s'", tl_set_names[sid], val);
  return -1;
}

/* resolve() behind a one-entry cache per position: list data repeats the
 * leading indices of the entry before. */
static int32_t resolve_cached(reader *r, stmt *st, int k, const tok *t) {
  if (t->len == st->cl[k]) {
    size_t i = 0;
    while (i < t->len && t->s[i] == st->cs[k][i]) i++;
    if (i == t->len) return st->ci[k];
  }
  int32_t i = resolve(r, st, k, t);
  if (i >= 0) {
    st->cs[k] = t->s;
    st->cl[k] = t->len;
    st->ci[k] = i;
  }
  return i;
}

/* Value of data token t for st: a finite number, or for a symbolic
 * parameter the index of the text in the model's string pool. Returns 0,
 * a tl_parse_double code (-1 not a number, -2 not finite, -3 out of
 * range), -4 (text too long) or -5 (out of memory). */
static int value(reader *r, const stmt *st, const tok *t, double *v) {
  if (!st->sym) return t->kind == T_WORD ? num(t->s, t->len, v) : -1;
  if (!is_data(t)) return -1;
  if (t->len > TL_DAT_MAX_NAME) return -4;
  int i = tl_model_intern(r->m, t->s, t->len);
  if (i < 0) {
    oom(r);
    return -5;
  }
  *v = i;
  return 0;
}

/* Report why t is not a value of st (rc from value()). */
static void bad_value(reader *r, const stmt *st, const tok *t,
                      const char *index, int rc) {
  if (rc == -5) return;
  const char *val = ttxt(r, 0, t);
  emit(r, TL_ERROR, t->line, t->col, pname(st), index, val, "%s",
       rc == -2   ? "not a finite number"
       : rc == -3 ? "number out of range"
       : rc == -4 ? "text value too long"
       : st->sym  ? "expected a text value"
                  : "not a number");
}

/* Entry of param st at idx: store it, or report a conflicting repeat. */
static void put(reader *r, const stmt *st, const int32_t *idx, double v,
                const tok *vt) {
  tl_loc loc = {r->file, vt->line, vt->col};
  double old = 0;
  int rc = tl_param_set(r->m, st->pid, idx, v, &loc, &old);
  if (rc == 0) return;
  if (rc == -1) {
    oom(r);
    return;
  }
  tl_buf_reset(&r->ib);
  tl_param_index_text(r->m, st->pid, idx, &r->ib);
  const char *val = txt(r, 0, vt->s, vt->len);
  if (rc == -3) {
    const tl_param *p = &r->m->params[st->pid];
    uint64_t key = 0; /* the model's key: sum idx[k] * mult[k] */
    for (int k = 0; k < st->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
    tl_loc ol = tl_param_entry_loc(r->m, p, tl_u64map_get(&p->map, key));
    char a[32], b[32];
    tl_fmt_num(a, old);
    tl_fmt_num(b, v);
    const char *sa = st->sym ? tl_model_string(r->m, old) : a;
    const char *sb = st->sym ? tl_model_string(r->m, v) : b;
    emit(r, TL_ERROR, vt->line, vt->col, pname(st), tl_buf_cstr(&r->ib), val,
         "given twice with different values: %s (line %d) and %s", sa ? sa : a,
         ol.line, sb ? sb : b);
  } else {
    emit(r, TL_ERROR, vt->line, vt->col, pname(st), tl_buf_cstr(&r->ib), val,
         "index out of range (internal error)");
  }
}

/* `[a,*,c]`: fixes some indices for the data that follows. Returns -1 after
 * a syntax error (the statement is to be skipped). */
static int parse_slice(reader *r, stmt *st) {
  tok open = r->t, items[TL_MAXIDX];
  int n = 0;
  lex(r);
  while (r->t.kind != T_RBRACK) {
    if (!is_data(&r->t) && r->t.kind != T_STAR) {
      syntax(r, pname(st), "expected a member, '*' or ']' in the slice");
      return -1;
    }
    if (n < TL_MAXIDX) items[n] = r->t;
    if (n < INT_MAX) n++;
    lex(r);
  }
  lex(r);
  if (n != st->nidx) {
    tl_buf_reset(&r->ib);
    for (int k = 0; k < st->nidx; k++) {
      if (k) tl_buf_addc(&r->ib, ',');
      tl_buf_adds(&r->ib, tl_set_names[st->def->idx[k]]);
    }
    emit(r, TL_ERROR, open.line, open.col, pname(st), NULL, NULL,
         "the slice has %d position%s; %s has %d ind%s (%s)", n,
         n == 1 ? "" : "s", pname(st), st->nidx, st->nidx == 1 ? "ex" : "ices",
         tl_buf_cstr(&r->ib));
    return -1;
  }
  st->sliced = 1;
  st->bad = 0;
  st->nfree = 0;
  for (int k = 0; k < n; k++) {
    if (items[k].kind == T_STAR) {
      star_nm(st, k);
      st->free[st->nfree++] = k;
    } else {
      set_nm(st, k, &items[k]);
    }
  }
  for (int k = 0; k < n; k++) {
    st->fixed[k] = -1;
    if (items[k].kind != T_STAR) {
      st->fixed[k] = resolve(r, st, k, &items[k]);
      if (st->fixed[k] < 0) st->bad = 1;
    }
  }
  return 0;
}

/* One entry of list data: the free indices, then the value. Returns 0, -1
 * after a syntax error, 1 when a new statement starts (missing ';'). */
static int parse_entry(reader *r, stmt *st) {
  tok g[TL_MAXIDX];
  int k = st->nfree;
  for (int j = 0; j <= k; j++) {
    tok *t = &r->t;
    if (is_kw(t)) {
      missing_semi(r, &st->ss);
      return 1;
    }
    if (j < k || st->sym ? !is_data(t) : t->kind != T_WORD) {
      for (int i = 0; i < k; i++) star_nm(st, st->free[i]);
      for (int i = 0; i < j; i++) set_nm(st, st->free[i], &g[i]);
      const char *val = ttxt(r, 0, t);
      if (t->kind == T_BAD)
        emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st), val,
             "%s: '%s'", t->why, val);
      else if (j == k && is_data(t))
        emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st), val,
             "expected a number after the %d ind%s, found '%s'", k,
             k == 1 ? "ex" : "ices", val);
      else
        emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st), val,
             "incomplete entry: %s needs %d ind%s and a value here, found %d "
             "item%s before '%s'",
             pname(st), k, k == 1 ? "ex" : "ices", j, j == 1 ? "" : "s", val);
      return -1;
    }
    if (j == k) break;
    g[j] = *t;
    lex(r);
  }
  tok vt = r->t;
  lex(r);
  if (st->bad) return 0;
  int32_t idx[TL_MAXIDX];
  memcpy(idx, st->fixed, sizeof idx);
  for (int j = 0; j < k; j++) set_nm(st, st->free[j], &g[j]);
  for (int j = 0; j < k; j++) {
    idx[st->free[j]] = resolve_cached(r, st, st->free[j], &g[j]);
    if (idx[st->free[j]] < 0) return 0;
  }
  double v;
  int rc = value(r, st, &vt, &v);
  if (rc == 0)
    put(r, st, idx, v, &vt);
  else
    bad_value(r, st, &vt, idx_text(r, st), rc);
  return 0;
}

/* After '(': "tr" ")" and an optional ':'. */
static int parse_tr(reader *r, stmt *st) {
  lex(r);
  if (!word_is(&r->t, "tr")) {
    syntax(r, pname(st), "expected '(tr)'");
    return -1;
  }
  lex(r);
  if (r->t.kind != T_RPAREN) {
    syntax(r, pname(st), "expected ')' after '(tr'");
    return -1;
  }
  lex(r);
  if (r->t.kind == T_COLON) lex(r);
  return 0;
}

static int looks_number(const tok *t) {
  double v;
  return t->kind == T_WORD && num(t->s, t->len, &v) != -1;
}

/* A table after ':' (or '(tr) :'): column labels, ':=', then rows of a row
 * label and one cell per column ('.' = no value). Row labels fill the first
 * free index and column labels the second; transposed, the other way
 * round. Returns 0, -1 after a syntax error, 1 at a new statement. */
static int parse_table(reader *r, stmt *st, int tr, const tok *head) {
  if (st->nfree != 2) {
    emit(r, TL_ERROR, head->line, head->col, pname(st), NULL, NULL,
         "a table needs 2 free indices, %s has %d here%s", pname(st), st->nfree,
         st->nidx > 2 ? " (give a slice such as [R,*,*])" : "");
    return -1;
  }
  int rowpos = st->free[tr ? 1 : 0], colpos = st->free[tr ? 0 : 1];
  size_t nc = 0;
  while (r->t.kind != T_ASSIGN) {
    if (!is_data(&r->t)) {
      if (r->t.kind == T_BAD)
        syntax(r, pname(st), "");
      else
        emit(r, TL_ERROR, head->line, head->col, pname(st), NULL,
             ttxt(r, 0, &r->t),
             "missing ':=' after the column labels of the table (found "
             "'%s' at line %d)",
             r->vb[0], r->t.line);
      return -1;
    }
    if (tl_grow((void **)&r->cols, &r->capcols, nc + 1, sizeof *r->cols)) {
      oom(r);
      return -1;
    }
    r->cols[nc].idx = -1;
    r->cols[nc++].t = r->t;
    lex(r);
  }
  lex(r);
  if (nc == 0) {
    emit(r, TL_ERROR, head->line, head->col, pname(st), NULL, NULL,
         "the table has no column labels");
    return -1;
  }
  star_nm(st, rowpos);
  for (size_t c = 0; c < nc && !st->bad; c++) {
    set_nm(st, colpos, &r->cols[c].t);
    r->cols[c].idx = resolve(r, st, colpos, &r->cols[c].t);
  }
  while (is_data(&r->t)) {
    if (is_kw(&r->t)) {
      missing_semi(r, &st->ss);
      return 1;
    }
    tok rl = r->t;
    int32_t ri = -1;
    if (!st->bad) {
      set_nm(st, rowpos, &rl);
      star_nm(st, colpos);
      ri = resolve(r, st, rowpos, &rl);
    }
    lex(r);
    int last = rl.line;
    size_t c;
    for (c = 0; c < nc; c++) {
      tok *t = &r->t;
      if (t->kind == T_DOT) {
        last = t->line;
        lex(r);
        continue;
      }
      if (st->sym
              ? !is_data(t)
              : t->kind != T_WORD || (t->line != last && !looks_number(t))) {
        set_nm(st, rowpos, &rl);
        star_nm(st, colpos);
        if (t->kind == T_BAD)
          syntax(r, pname(st), "");
        else
          emit(r, TL_ERROR, t->line, t->col, pname(st), idx_text(r, st),
               ttxt(r, 0, t),
               "row '%s' has %zu value%s; the table has %zu columns",
               txt(r, 1, rl.s, rl.len), c, c == 1 ? "" : "s", nc);
        if (t->kind == T_BAD) return -1;
        break; /* t may be the next row label */
      }
      last = t->line;
      if (ri >= 0 && r->cols[c].idx >= 0) {
        int32_t idx[TL_MAXIDX];
        memcpy(idx, st->fixed, sizeof idx);
        idx[rowpos] = ri;
        idx[colpos] = r->cols[c].idx;
        double v;
        int rc = value(r, st, t, &v);
        if (rc == 0) {
          put(r, st, idx, v, t);
        } else {
          set_nm(st, rowpos, &rl);
          set_nm(st, colpos, &r->cols[c].t);
          bad_value(r, st, t, idx_text(r, st), rc);
        }
      }
      lex(r);
    }
    /* More numbers on the row's line than columns, and not a row label. */
    if (c == nc && !st->sym && r->t.kind == T_WORD && r->t.line == last &&
        looks_number(&r->t) &&
        tl_set_index(&r->m->sets[st->def->idx[rowpos]], r->t.s, r->t.len) < 0) {
      set_nm(st, rowpos, &rl);
      star_nm(st, colpos);
      emit(r, TL_ERROR, r->t.line, r->t.col, pname(st), idx_text(r, st),
           ttxt(r, 0, &r->t), "row '%s' has more values than the %zu columns",
           txt(r, 1, rl.s, rl.len), nc);
      while ((r->t.kind == T_WORD || r->t.kind == T_DOT) && r->t.line == last)
        lex(r);
    }
  }
  return 0;
}

/* The name of an unknown parameter: skipped with a notice when the model
 * never uses it (ResultsPath), an error otherwise. */
static void unknown_param(reader *r, const tok *t) {
  const char *nm = txt(r, 0, t->s, t->len);
  if (tl_param_is_ignored(t->s, t->len)) {
    emit(r, TL_NOTICE, t->line, t->col, nm, NULL, NULL,
         "parameter '%s' is not used by the model; skipped", nm);
    return;
  }
  const char *best = t->len <= TEXT_MAX ? tl_param_suggest(nm) : NULL;
  if (best)
    emit(r, TL_ERROR, t->line, t->col, nm, NULL, NULL,
         "unknown parameter '%s' (did you mean '%s'?)", nm, best);
  else
    emit(r, TL_ERROR, t->line, t->col, nm, NULL, NULL, "unknown parameter '%s'",
         nm);
}

/* `param NAME [default V]` then records up to ';': ':=', slices, tables and
 * list entries, in any order. GLPK treats ':=' as optional; here list data
 * needs a ':=' or a slice before it, so that a forgotten ':=' (or a stray
 * word) is reported instead of being read as an index; a slice or a table
 * may come straight after the name, as utopia.txt writes them. */
static void parse_param(reader *r) {
  stmt st;
  memset(&st, 0, sizeof st);
  st.ss.line = r->t.line;
  st.ss.col = r->t.col;
  st.ss.kw = "param";
  lex(r);
  if (r->t.kind == T_COLON || word_is(&r->t, "default")) {
    syntax(r, NULL,
           "the tabbing format 'param : p1 p2 := ...' is not supported; "
           "expected a parameter name");
    skip_statement(r, &st.ss);
    return;
  }
  if (r->t.kind != T_WORD) {
    syntax(r, NULL, "expected a parameter name after 'param'");
    skip_statement(r, NULL);
    return;
  }
  tok name = r->t;
  st.ss.name = name.s;
  st.ss.nlen = name.len;
  int pid = tl_param_find(name.s, name.len);
  lex(r);
  if (pid < 0) {
    unknown_param(r, &name);
    skip_statement(r, &st.ss);
    return;
  }
  st.pid = (tl_param_id)pid;
  st.def = &tl_param_defs[pid];
  st.nidx = st.def->nidx;
  st.sym = (st.def->flags & TL_PF_SYMBOLIC) != 0;
  for (int k = 0; k < st.nidx; k++) {
    st.fixed[k] = -1;
    st.free[k] = k;
    st.cl[k] = SIZE_MAX;
    star_nm(&st, k);
  }
  st.nfree = st.nidx;
  tl_param *p = &r->m->params[pid];
  int again = p->decl.line > 0;
  if (again)
    emit(r, TL_WARNING, st.ss.line, st.ss.col, pname(&st), NULL, NULL,
         "parameter %s is given again (first at line %d); the data are "
         "merged",
         pname(&st), p->decl.line);
  else
    p->decl = (tl_loc){r->file, st.ss.line, st.ss.col};
  p->given = 1;
  if (word_is(&r->t, "default")) {
    lex(r);
    double v;
    if (st.sym ? !is_data(&r->t) : r->t.kind != T_WORD) {
      syntax(r, pname(&st),
             st.sym ? "expected a text value after 'default'"
                    : "expected a number after 'default'");
      skip_statement(r, &st.ss);
      return;
    }
    int rc = value(r, &st, &r->t, &v);
    if (rc) {
      bad_value(r, &st, &r->t, NULL, rc);
      skip_statement(r, &st.ss);
      return;
    }
    if (again && p->has_defval && p->defval != v) {
      char a[32];
      const char *sa = st.sym ? tl_model_string(r->m, p->defval) : NULL;
      tl_fmt_num(a, p->defval);
      emit(r, TL_ERROR, r->t.line, r->t.col, pname(&st), NULL,
           ttxt(r, 0, &r->t), "a different default (%s) was given before",
           sa ? sa : a);
    }
    p->defval = v;
    p->has_defval = 1;
    lex(r);
  }
  for (;;) {
    int rc = 0;
    tok head = r->t;
    switch (r->t.kind) {
      case T_SEMI: lex(r); return;
      case T_EOF: unterminated(r, &st.ss); return;
      case T_ASSIGN:
        st.assigned = 1;
        lex(r);
        break;
      case T_LBRACK: rc = parse_slice(r, &st); break;
      case T_COLON:
        lex(r);
        rc = parse_table(r, &st, 0, &head);
        break;
      case T_LPAREN:
        rc = parse_tr(r, &st);
        if (rc == 0) rc = parse_table(r, &st, 1, &head);
        break;
      case T_WORD:
      case T_STR:
        if (!st.assigned && !st.sliced && !is_kw(&r->t)) {
          syntax(r, pname(&st), "expected ':=' before the data");
          rc = -1;
        } else {
          rc = parse_entry(r, &st);
        }
        break;
      default:
        syntax(r, pname(&st), "unexpected token in the param statement");
        rc = -1;
    }
    if (rc > 0 || r->stop) return; /* at a new statement, or gave up */
    if (rc < 0) {
      skip_statement(r, &st.ss);
      return;
    }
  }
}

/* ---- driver
 * ------------------------------------------------------------------ */

/* Parse buf[0..len) (buf[len] == '\0'; modified in place) into m. */
static tl_status parse_buffer(tl_ctx *ctx, tl_model *m, const char *file,
                              char *buf, size_t len) {
  reader r;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.m = m;
  r.file = file;
  r.p = buf;
  r.end = buf + len;
  r.lstart = buf;
  r.line = 1;
  tl_buf_init(&r.ib);
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 BOM */
    r.lstart = r.p = buf + 3;
  int interrupted = 0;
  lex(&r);
  for (;;) {
    tok *t = &r.t;
    if (t->kind == T_EOF) break;
    if (tl_interrupted()) {
      interrupted = 1;
      break;
    }
    if (word_is(t, "set")) {
      parse_set(&r);
    } else if (word_is(t, "param")) {
      parse_param(&r);
    } else if (t->kind == T_SEMI) {
      lex(&r);
    } else if (word_is(t, "data") || word_is(t, "end")) {
      int end = t->s[0] == 'e';
      lex(&r);
      if (r.t.kind == T_SEMI)
        lex(&r);
      else if (!(end && r.t.kind == T_EOF))
        syntax(&r, NULL,
               end ? "expected ';' after 'end'" : "expected ';' after 'data'");
      if (end) break; /* the rest of the file is not data */
    } else {
      syntax(&r, NULL, "expected 'set', 'param' or 'end'");
      skip_statement(&r, NULL);
    }
  }
  tl_free(r.cols, r.capcols * sizeof *r.cols);
  tl_buf_free(&r.ib);
  if (r.oom) return TL_ERR_NOMEM;
  if (interrupted) return TL_ERR_INTERRUPTED;
  return r.nerr ? TL_ERR_PARSE : TL_OK;
}

/* Read the whole file into a NUL-terminated buffer of *cap bytes. */
static tl_status slurp(tl_ctx *ctx, const char *file, char **out, size_t *olen,
                       size_t *ocap) {
  tl_loc loc = {file, 0, 0};
  struct stat sb;
  if (stat(file, &sb) != 0) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "cannot open: %s",
             strerror(errno));
    return TL_ERR_IO;
  }
  if (S_ISDIR(sb.st_mode)) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL,
             "is a directory, not a data file");
    return TL_ERR_IO;
  }
  if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > TL_DAT_MAX_BYTES) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL,
             "file is too large (%jd bytes; at most %zu)", (intmax_t)sb.st_size,
             TL_DAT_MAX_BYTES);
    return TL_ERR_LIMIT;
  }
  FILE *f = fopen(file, "rb");
  if (!f) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "cannot open: %s",
             strerror(errno));
    return TL_ERR_IO;
  }
  tl_status st = TL_OK;
  size_t cap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : 65536, len = 0;
  char *buf = tl_malloc(cap);
  if (!buf) {
    st = TL_ERR_NOMEM;
    goto done;
  }
  for (;;) {
    size_t want = cap - 1 - len;
    size_t n = fread(buf + len, 1, want, f);
    len += n;
    if (n < want) break; /* end of file, or an error */
    int c = fgetc(f);    /* the buffer is full: is there more? */
    if (c == EOF) break;
    if (len >= TL_DAT_MAX_BYTES) {
      tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL,
               "file is too large (more than %zu bytes)", TL_DAT_MAX_BYTES);
      st = TL_ERR_LIMIT;
      goto done;
    }
    size_t ncap = cap * 2;
    char *nb = tl_realloc(buf, cap, ncap);
    if (!nb) {
      st = TL_ERR_NOMEM;
      goto done;
    }
    buf = nb;
    cap = ncap;
    buf[len++] = (char)c;
  }
  if (ferror(f)) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "cannot read: %s",
             strerror(errno));
    st = TL_ERR_IO;
    goto done;
  }
  buf[len] = '\0';
done:
  fclose(f);
  if (st != TL_OK) {
    tl_free(buf, cap);
    return st;
  }
  *out = buf;
  *olen = len;
  *ocap = cap;
  return TL_OK;
}

/* Shared tail: a new model named name, filled from buf (owned, freed). */
static tl_status read_owned(tl_ctx *ctx, const char *name, char *buf,
                            size_t len, size_t cap, tl_model **out) {
  tl_status st = TL_ERR_NOMEM;
  tl_model *m = tl_model_new();
  if (!m) goto fail;
  int fi = tl_model_add_file(m, name);
  if (fi < 0 || !(m->path = tl_strdup(name))) goto fail;
  st = parse_buffer(ctx, m, m->files[fi], buf, len);
  if (st != TL_OK) goto fail;
  tl_free(buf, cap);
  *out = m;
  return TL_OK;
fail:
  if (st == TL_ERR_NOMEM) {
    tl_loc loc = {name, 0, 0};
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "out of memory");
  }
  tl_free(buf, cap);
  tl_model_free(m);
  return st;
}

tl_status tl_read_datafile(tl_ctx *ctx, const char *path, tl_model **out) {
  if (!out) return TL_ERR_ARG;
  *out = NULL;
  if (!path) return TL_ERR_ARG;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  tl_status st = slurp(ctx, path, &buf, &len, &cap);
  if (st != TL_OK) {
    if (st == TL_ERR_NOMEM) {
      tl_loc loc = {path, 0, 0};
      tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "out of memory");
    }
    return st;
  }
  return read_owned(ctx, path, buf, len, cap, out);
}

tl_status tl_read_databuf(tl_ctx *ctx, const char *name, const char *data,
                          size_t len, tl_model **out) {
  if (!out) return TL_ERR_ARG;
  *out = NULL;
  if (!name || (!data && len)) return TL_ERR_ARG;
  if (len > TL_DAT_MAX_BYTES) return TL_ERR_LIMIT;
  char *buf = tl_malloc(len + 1);
  if (!buf) return TL_ERR_NOMEM;
  if (len) memcpy(buf, data, len);
  buf[len] = '\0';
  return read_owned(ctx, name, buf, len, len + 1, out);
}
