/* read.c - tl_model_read: a directory is an otoole CSV folder, a regular
 * file (or a pipe) a GNU MathProg data file. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "io/read_csv.h"
#include "io/read_dat.h"

tl_status tl_model_read(tl_ctx *ctx, const char *path, tl_model **out) {
  struct stat sb;
  if (!out) return TL_ERR_ARG;
  *out = NULL;
  if (!path || !*path) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "no model path given");
    return TL_ERR_ARG;
  }
  tl_loc loc = {path, 0, 0};
  if (stat(path, &sb)) {
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "cannot open: %s",
             strerror(errno));
    return TL_ERR_IO;
  }
  if (S_ISDIR(sb.st_mode)) return tl_read_csv_folder(ctx, path, out);
  if (S_ISREG(sb.st_mode) || S_ISFIFO(sb.st_mode))
    return tl_read_datafile(ctx, path, out);
  tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL,
           "neither a GNU MathProg data file nor a CSV folder");
  return TL_ERR_IO;
}
