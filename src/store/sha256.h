/* sha256.h - SHA-256 (FIPS 180-4) for the hashes of a run's input files. */
#ifndef TL_SHA256_H
#define TL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct tl_sha256 {
  uint32_t h[8];
  uint64_t bytes;  /* message length so far */
  uint8_t buf[64]; /* partial block */
  size_t nbuf;
} tl_sha256;

void tl_sha256_init(tl_sha256 *s);
void tl_sha256_update(tl_sha256 *s, const void *data, size_t n);
/* The digest as 64 lower-case hex digits and a NUL into hex[65]. */
void tl_sha256_hex(tl_sha256 *s, char hex[65]);

#endif /* TL_SHA256_H */
