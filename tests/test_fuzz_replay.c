/* test_fuzz_replay.c - runs the fuzz targets of tests/fuzz/ without
 * libFuzzer on every input saved in tests/fuzz/regress/TARGET/ (the
 * crashes and property failures fuzzing found, each fixed since), so
 * that they stay fixed. A target that breaks calls abort(): the test then
 * dies with SIGABRT, naming the input it was on. */
#define TL_FUZZ_NO_MAIN
#include "fuzz/fuzz_csv.c"
#include "fuzz/fuzz_dat.c"
#include "fuzz/fuzz_overlay.c"

#include <dirent.h>

typedef int (*one_fn)(const uint8_t *data, size_t size);

/* Run fn on every file of dir; returns the number run, -1 on a read
 * error. */
static int replay(const char *dir, one_fn fn) {
  DIR *d = opendir(dir);
  int n = 0;
  if (!d) return 0; /* no saved inputs for this target */
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    size_t cap = 1 << 16, len = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
      len += got;
      if (len == cap) {
        uint8_t *nb = realloc(buf, cap *= 2);
        if (!nb) free(buf);
        buf = nb;
      }
    }
    fclose(f);
    if (!buf) {
      closedir(d);
      return -1;
    }
    fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
    fn(buf, len);
    free(buf);
    n++;
  }
  closedir(d);
  return n;
}

int main(void) {
  int a = replay("tests/fuzz/regress/dat", fuzz_dat_one);
  int b = replay("tests/fuzz/regress/csv", fuzz_csv_one);
  int c = replay("tests/fuzz/regress/overlay", fuzz_overlay_one);
  if (a < 0 || b < 0 || c < 0) {
    fprintf(stderr, "cannot read the saved inputs\n");
    return 1;
  }
  printf("replayed %d data file, %d CSV folder and %d overlay inputs\n", a, b, c);
  return 0;
}
