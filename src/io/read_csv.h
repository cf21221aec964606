/* read_csv.h - reader of otoole-style OSeMOSYS CSV folders.
 *
 * Folder layout (otoole's convention):
 *   <SET>.csv      one per set, one column VALUE, one member per row;
 *                  _<SET>.csv (otoole's _REGION) must repeat <SET>'s members
 *   <Param>.csv    one per parameter: index columns named after their sets
 *                  (a repeated set prefixed by '_': REGION,_REGION,...), then
 *                  VALUE; columns may come in any order, the header decides
 *   config.yaml    optional otoole user configuration: the `default:` of each
 *                  `type: param` entry becomes the parameter's default
 * A missing set file is an empty set; a missing parameter file or row means
 * the default. Files not ending in ".csv", names starting with '.' and
 * IamcMap.csv (the map of the IAMC output, docs/outputs.md) are not looked
 * at.
 *
 * Decisions (documented here because they are choices, not otoole rules):
 * - CSV is RFC 4180: quoted fields with "" escapes (may span lines), LF, CRLF
 *   or CR line ends, a UTF-8 byte order mark, blank lines skipped. Blanks
 *   around an unquoted field are trimmed (write names with edge blanks
 *   quoted). A NUL byte anywhere is an error.
 * - An empty VALUE field: the row is skipped with a warning (the default
 *   applies). An empty index field is an error. The VALUE of a symbolic
 *   parameter (TL_PF_SYMBOLIC) is a text, kept in the model's string pool;
 *   so is its config.yaml default (empty or null: none declared).
 * - A parameter header that does not match the formulation's index sets is
 *   an error (file, line, header) when the file has data rows, and a warning
 *   when it has none (SIMPLICITY's otoole data ships TradeRoute with an old
 *   REGION,FUEL,YEAR header and no rows).
 * - A member in a parameter file is looked up by name; when absent and both
 *   it and a set member read as the same number ("2020.0" and "2020"), the
 *   set member is used (a notice is given once per file).
 * - Duplicate set members: warning, the repeat is ignored. A repeated
 *   parameter row with the same value is accepted; with a different value it
 *   is an error naming both lines.
 * - A file that is neither a set nor a known parameter: error with a "did you
 *   mean" hint, unless the formulation ignores the name (ResultsPath: notice)
 *   or it is a result table (a standard OSeMOSYS result name, or declared
 *   `type: result` in config.yaml): warning, ignored - result CSVs written
 *   next to the inputs should not stop a run.
 * - config.yaml entries for names the formulation does not know, results,
 *   sets, and their `indices:` lists are ignored (the CSV header decides).
 * - Reading continues after an error to report more of them, up to 100.
 * - Locations: lines and columns are 1-based, columns count bytes; a row's
 *   value errors point at the offending field.
 * - Files are UTF-8 text, as data files are: the first byte that is not part
 *   of well-formed UTF-8 is an error at its line and column (a Latin-1 name
 *   would not survive a conversion to a data file). Member names and text
 *   values are at most 255 bytes (TL_DAT_MAX_NAME). Messages quote at most
 *   200 bytes of a field.
 * - A file that is not a regular file (a folder, a named pipe) is an error;
 *   opening one never blocks.
 * - libyaml allocates with malloc, outside tl_set_allocator (config.yaml is
 *   small and freed before the read returns).
 */
#ifndef TL_READ_CSV_H
#define TL_READ_CSV_H

#include "model/model.h"

/* Read the CSV folder dir into a new model (*out; NULL on failure, then the
 * reasons are in ctx). Every file read is registered in the model
 * (tl_model_add_file) and named in diagnostics with line and column.
 * Returns TL_OK, TL_ERR_IO (folder or file unreadable), TL_ERR_PARSE
 * (syntax, numbers, config.yaml), TL_ERR_INVALID (unknown members, headers,
 * unknown files, conflicting duplicates), TL_ERR_NOMEM or
 * TL_ERR_INTERRUPTED. */
tl_status tl_read_csv_folder(tl_ctx *ctx, const char *dir, tl_model **out);

/* One file of a CSV folder held in memory (tests, fuzzing). */
typedef struct tl_csv_memfile {
  const char *name; /* file name without a folder, e.g. "YEAR.csv" */
  const char *data; /* [len] bytes, need not be NUL-terminated; copied */
  size_t len;
} tl_csv_memfile;

/* The same as tl_read_csv_folder for a folder held in memory: the files
 * files[0..nfiles) (borrowed; a repeated name is ignored), named in
 * diagnostics as dir/NAME; nothing is opened. */
tl_status tl_read_csv_mem(tl_ctx *ctx, const char *dir,
                          const tl_csv_memfile *files, int nfiles,
                          tl_model **out);

/* Internal (read_config.c): apply the defaults of an otoole config.yaml,
 * text[0..len), to m; append the names declared `type: result` to results,
 * each NUL-terminated. file names config.yaml in diagnostics (borrowed).
 * Returns TL_OK, TL_ERR_PARSE (after reporting) or TL_ERR_NOMEM. */
tl_status tl_csv_read_config(tl_ctx *ctx, tl_model *m, const char *file,
                             const char *text, size_t len, tl_buf *results);

#endif /* TL_READ_CSV_H */
