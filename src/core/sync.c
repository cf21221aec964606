/* sync.c - make a folder's new files durable with one flush.
 *
 * Writers that commit several files by renaming temporary ones (the result
 * tables, the roadmap tables) used to fsync each file: a journal commit per
 * file, 35 to 50 for a run, which cost more than solving a small model.
 * syncfs flushes the file system once for all of them. After their renames
 * only the folder's entries are left to flush (tl_sync_entries): a second
 * syncfs would wait for every other writer's data too (a run store being
 * recorded beside the writes). */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

/* syncfs (all of the file system) when whole, then the folder's entries. */
static int sync_dir(tl_ctx *ctx, const char *dir, const char *what, int whole) {
  int err = 0, fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    err = errno ? errno : EIO;
  } else {
    if (whole) {
#if defined(__linux__)
      if (syncfs(fd)) err = errno;
#else
      sync();
#endif
    }
    /* the folder's entries (renames, new names) */
    if (!err && fsync(fd) && errno != EINVAL) err = errno;
    if (close(fd) && !err) err = errno;
  }
  if (!err) return 0;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "cannot flush %s to disk: %s",
           what, strerror(err));
  return -1;
}

int tl_sync_folder(tl_ctx *ctx, const char *dir, const char *what) {
  return sync_dir(ctx, dir, what, 1);
}

int tl_sync_entries(tl_ctx *ctx, const char *dir, const char *what) {
  return sync_dir(ctx, dir, what, 0);
}
