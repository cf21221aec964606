/* overlay.h - scenario overlays (implements the public
 * tl_model_apply_overlay); the file format is described in overlay.c and
 * docs/scenarios.md. */
#ifndef TL_OVERLAY_H
#define TL_OVERLAY_H

#include "model/model.h"

/* tl_model_apply_overlay on text held in memory (tests, fuzzing): data is
 * [len] bytes, need not be NUL-terminated, copied; name is the file name
 * used in diagnostics (not opened). Returns as tl_model_apply_overlay. */
tl_status tl_model_apply_overlay_buf(tl_ctx *ctx, tl_model *m, const char *name,
                                     const char *data, size_t len);

#endif /* TL_OVERLAY_H */
