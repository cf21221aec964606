/* csv.c - the CSV cursor of the otoole folder reader and the quoting rule
 * of the writer (see csv.h for the dialect). */
#include <limits.h>
#include <string.h>

#include "io/csv.h"

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }
static int is_eol(char ch) { return ch == '\n' || ch == '\r'; }

/* Bytes that end an unquoted field; NUL is the end sentinel. */
static const unsigned char csv_stop[256] = {
    [0] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1};

static int cur_col(const tl_csv_cur *c, const char *q) {
  ptrdiff_t d = q - c->lstart;
  return d >= INT_MAX ? INT_MAX : (int)d + 1;
}

void tl_csv_init(tl_csv_cur *c, char *buf, size_t len) {
  memset(c, 0, sizeof *c);
  c->p = buf;
  c->end = buf + len;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
  c->lstart = c->p;
  c->line = 1;
}

/* Consume one line end (LF, CRLF or CR) at c->p. */
static void eat_eol(tl_csv_cur *c) {
  if (c->p < c->end && *c->p == '\r') {
    c->p++;
    if (c->p < c->end && *c->p == '\n') c->p++;
  } else if (c->p < c->end && *c->p == '\n') {
    c->p++;
  }
  if (c->line < INT_MAX) c->line++; /* saturate on absurd files */
  c->lstart = c->p;
}

static int row_error(tl_csv_cur *c, const char *msg, int line, int col) {
  c->err = msg;
  c->eline = line;
  c->ecol = col;
  return -2;
}

/* A quoted field starting at p (the quote): unescape in place into fl and
 * return the byte after the closing quote, or NULL on a syntax error. */
static char *quoted_field(tl_csv_cur *c, char *p, tl_csv_field *fl) {
  char *end = c->end, *w = p + 1, *q = p + 1;
  for (;;) {
    if (q >= end) {
      row_error(c, "unterminated quoted field", fl->line, fl->col);
      return NULL;
    }
    char ch = *q;
    if (ch == '"') {
      if (q + 1 < end && q[1] == '"') {
        *w++ = '"';
        q += 2;
        continue;
      }
      q++;
      break;
    }
    if (ch == '\n' || (ch == '\r' && !(q + 1 < end && q[1] == '\n'))) {
      if (c->line < INT_MAX) c->line++;
      c->lstart = q + 1;
    }
    *w++ = ch;
    q++;
  }
  fl->s = p + 1;
  fl->len = (size_t)(w - (p + 1));
  fl->quoted = 1;
  while (q < end && is_blank(*q)) q++;
  if (q < end && *q != ',' && !is_eol(*q)) {
    row_error(c, "unexpected character after a closing quote", c->line,
              cur_col(c, q));
    return NULL;
  }
  return q;
}

int tl_csv_row(tl_csv_cur *c, tl_csv_field *f, int maxf) {
  char *p = c->p, *end = c->end;
  int nf = 0;
  if (p >= end) return -1;
  while (is_blank(*p)) p++;
  if (p >= end || is_eol(*p)) {
    c->eolline = c->line;
    c->eolcol = cur_col(c, p);
    c->p = p;
    if (p < end) eat_eol(c);
    return 0;
  }
  for (;;) {
    tl_csv_field fl;
    while (is_blank(*p)) p++;
    fl.line = c->line;
    fl.col = cur_col(c, p);
    fl.quoted = 0;
    if (*p == '"') {
      p = quoted_field(c, p, &fl);
      if (!p) return -2;
    } else {
      char *s = p;
      while (!csv_stop[(unsigned char)*p]) p++;
      char *e = p;
      while (e > s && is_blank(e[-1])) e--;
      fl.s = s;
      fl.len = (size_t)(e - s);
    }
    if (nf < maxf) f[nf] = fl;
    if (nf < INT_MAX) nf++;
    if (p < end && *p == ',') {
      p++;
      continue;
    }
    break;
  }
  c->eolline = c->line;
  c->eolcol = cur_col(c, p);
  c->p = p;
  if (p < end) eat_eol(c);
  return nf;
}

int tl_csv_header(tl_csv_cur *c, tl_csv_field *f, int maxf) {
  int n;
  while ((n = tl_csv_row(c, f, maxf)) == 0) {
  }
  return n;
}

int tl_csv_has_rows(const tl_csv_cur *c) {
  for (const char *q = c->p; q < c->end; q++)
    if (!is_blank(*q) && !is_eol(*q)) return 1;
  return 0;
}

int tl_csv_field_is(const tl_csv_field *f, const char *s) {
  size_t n = strlen(s);
  return f->len == n && memcmp(f->s, s, n) == 0;
}

/* Length (2..4) of the well-formed UTF-8 sequence at p[0..n), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n) {
  size_t k;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    k = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    k = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    k = 4;
  else
    return 0;
  if (n < k) return 0;
  for (size_t i = 1; i < k; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
      (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
    return 0; /* overlong, surrogate or beyond U+10FFFF */
  return k;
}

size_t tl_csv_check_utf8(const char *buf, size_t len, int *line, int *col) {
  const unsigned char *s = (const unsigned char *)buf;
  size_t i = 0, lstart = 0;
  int ln = 1;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
    i = lstart = 3; /* columns count from after the mark, as the reader's */
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '\n' || (c == '\r' && !(i + 1 < len && s[i + 1] == '\n'))) {
        if (ln < INT_MAX) ln++;
        lstart = i + 1;
      }
      i++;
      continue;
    }
    size_t k = utf8_len(s + i, len - i);
    if (!k) break;
    i += k;
  }
  *line = ln;
  *col = i - lstart >= INT_MAX ? INT_MAX : (int)(i - lstart) + 1;
  return i;
}

int tl_csv_needs_quotes(const char *s) {
  size_t n = strlen(s);
  return n == 0 || is_blank(s[0]) || is_blank(s[n - 1]) ||
         strpbrk(s, ",\"\r\n") != NULL;
}
