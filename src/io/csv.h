/* csv.h - the CSV dialect of Tanlu's otoole folders: an in-place cursor
 * over a whole file in memory (reader) and the quoting rule (writer), kept
 * together so that what one writes the other reads back.
 *
 * Dialect: RFC 4180 - fields separated by commas, quoted fields with ""
 * escapes that may span lines; LF, CRLF or CR line ends; a UTF-8 byte order
 * mark; blank lines skipped; blanks (space, tab) around an unquoted field
 * trimmed. Lines and columns are 1-based; columns count bytes. */
#ifndef TL_CSV_H
#define TL_CSV_H

#include <stddef.h>

/* One field of a row. */
typedef struct tl_csv_field {
  char *s;       /* text, unescaped in place when quoted; not NUL-ended */
  size_t len;    /* bytes of s */
  int line, col; /* 1-based start (the opening quote when quoted) */
  int quoted;    /* nonzero if the field was quoted */
} tl_csv_field;

/* A cursor over a buffer that the parse modifies (quoted fields are
 * unescaped in place, so the fields of earlier rows stay valid). */
typedef struct tl_csv_cur {
  char *p;      /* next byte */
  char *end;    /* one past the last byte; *end must be NUL */
  char *lstart; /* first byte of the current line (for columns) */
  int line;     /* 1-based line of p */
  int eolline;  /* line and column where the last row ended */
  int eolcol;
  const char *err; /* syntax error of the last tl_csv_row returning -2 */
  int eline, ecol; /* and where it is */
} tl_csv_cur;

/* Start at buf[0..len): buf[len] must be NUL and buf[0..len) must hold no
 * NUL (the NUL is the end sentinel of the field scan). Skips a UTF-8 BOM. */
void tl_csv_init(tl_csv_cur *c, char *buf, size_t len);

/* Read one row into f[0..maxf); fields beyond maxf are counted, not stored.
 * Returns the number of fields, 0 for a blank line, -1 at the end of the
 * input, -2 on a syntax error (c->err, c->eline, c->ecol). */
int tl_csv_row(tl_csv_cur *c, tl_csv_field *f, int maxf);

/* Skip blank lines and read the header row (returns as tl_csv_row). */
int tl_csv_header(tl_csv_cur *c, tl_csv_field *f, int maxf);

/* Nonzero if anything but blanks and line ends is left. */
int tl_csv_has_rows(const tl_csv_cur *c);

/* Nonzero if field f is exactly s. */
int tl_csv_field_is(const tl_csv_field *f, const char *s);

/* Find the first byte of buf[0..len) that is not part of well-formed UTF-8
 * (overlong forms, surrogates and code points beyond U+10FFFF are not).
 * Returns its offset, or len when the text is valid; *line and *col
 * (1-based, col counting bytes from the line start, LF, CRLF or CR line
 * ends) locate it. A UTF-8 byte order mark at the start is valid. */
size_t tl_csv_check_utf8(const char *buf, size_t len, int *line, int *col);

/* Nonzero if s must be quoted to read back as itself: empty, blanks at
 * either end, or a comma, quote or line break inside. */
int tl_csv_needs_quotes(const char *s);

#endif /* TL_CSV_H */
