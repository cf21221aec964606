/* overlay.h - scenario overlays (implements the public
 * tl_model_apply_overlay); the file format is described in overlay.c and
 * docs/scenarios.md. */
#ifndef TL_OVERLAY_H
#define TL_OVERLAY_H

#include "model/model.h"

#endif /* TL_OVERLAY_H */
