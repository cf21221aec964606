/* sync.c - make a folder's new files durable with one flush.
 *
 * Writers that commit several files by renaming temporary ones (the result
 * tables, the roadmap tables) used to fsync each file: a journal commit per
 * file, 35 to 50 for a run, which cost more than solving a small model.
 * syncfs flushes the file system once for all of them (tl_renames). After
 * their renames only the folder's entries are left to flush: a second
 * syncfs would wait for every other writer's data too (a run store being
 * recorded beside the writes). */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

void tl_renames_init(tl_renames *g) { tl_buf_init(&g->pairs); }

int tl_renames_add(tl_renames *g, const char *tmp, const char *fin) {
  return tl_buf_add(&g->pairs, tmp, strlen(tmp) + 1) ||
                 tl_buf_add(&g->pairs, fin, strlen(fin) + 1)
             ? -1
             : 0;
}

int tl_renames_finish(tl_ctx *ctx, tl_renames *g, const char *dir,
                      const char *noun, const char *folder, int commit) {
  char what[64];
  int rc = 0, any = g->pairs.len > 0;
  if (commit && any) {
    snprintf(what, sizeof what, "the %ss", noun);
    rc = sync_dir(ctx, dir, what, 1);
  }
  for (size_t o = 0; any && o < g->pairs.len;) {
    const char *tmp = g->pairs.s + o;
    const char *fin = tmp + strlen(tmp) + 1;
    if (fin >= g->pairs.s + g->pairs.len) { /* out of memory at its name */
      remove(tmp);
      break;
    }
    o = (size_t)(fin + strlen(fin) + 1 - g->pairs.s);
    if (commit && rc == 0 && rename(tmp, fin)) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, fin,
               "cannot rename %s into place: %s", noun, strerror(errno));
      rc = -1;
    }
    if (!commit || rc) remove(tmp);
  }
  if (commit && rc == 0 && any) {
    snprintf(what, sizeof what, "the %s folder", folder);
    rc = sync_dir(ctx, dir, what, 0);
  }
  tl_buf_free(&g->pairs);
  return rc;
}
