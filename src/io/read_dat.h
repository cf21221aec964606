/* read_dat.h - reader of GNU MathProg data files (the .txt/.dat files that
 * OSeMOSYS ships) into a tl_model.
 *
 * Reads the data-section grammar OSeMOSYS files use: `set NAME := a b c;`,
 * `param NAME [default V] := ...;` with list data, slices [R,*,F,*], tables
 * `: c1 c2 :=` and transposed tables `(tr) :`, `.` for "no value", comments
 * (# and slash-star), `data;` / `end;`, CRLF line ends and a UTF-8 BOM.
 * Not read: the tabbing format `param : p1 p2 := ...` and indexed sets
 * (neither appears in OSeMOSYS data); they are reported as errors.
 *
 * Locations: line and column are 1-based; the column counts bytes. */
#ifndef TL_READ_DAT_H
#define TL_READ_DAT_H

#include <stddef.h>

#include "model/model.h"

/* Errors reported before the reader gives up on a file. */
#define TL_DAT_MAX_ERRORS 50
/* Longest set member name accepted, in bytes (GLPK allows 100). */
#define TL_DAT_MAX_NAME 255
/* Largest file read, in bytes (line/column numbers are ints). */
#define TL_DAT_MAX_BYTES ((size_t)0x7ffffffe)

/* Read the GNU MathProg data file at path into a new model.
 *   ctx:  receives the diagnostics (may be NULL: then they are lost).
 *   path: NUL-terminated name of a regular file (or a pipe).
 *   out:  OUT: the model, which the caller frees with tl_model_free; NULL on
 *         any failure (never a partly read model).
 * Returns TL_OK; TL_ERR_PARSE for syntax errors, unknown names, bad numbers,
 * unknown set members and conflicting entries (several are reported, up to
 * TL_DAT_MAX_ERRORS); TL_ERR_IO when the file cannot be opened or read or is
 * a directory; TL_ERR_LIMIT when it is larger than TL_DAT_MAX_BYTES;
 * TL_ERR_NOMEM; TL_ERR_INTERRUPTED after tl_interrupt(); TL_ERR_ARG when
 * path or out is NULL. An empty file gives an empty model and TL_OK. */
tl_status tl_read_datafile(tl_ctx *ctx, const char *path, tl_model **out);

/* The same from memory (for tests and fuzzing).
 *   name: file name used in locations and stored in the model (not opened).
 *   data: [len] bytes, need not be NUL-terminated; copied, not kept. */
tl_status tl_read_databuf(tl_ctx *ctx, const char *name, const char *data,
                          size_t len, tl_model **out);

#endif /* TL_READ_DAT_H */
