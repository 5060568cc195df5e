/* sd-seal-import.h: a scanned or photographed seal or signature as a seal picture
 *
 * PNG or JPEG in, PNG (RGBA) out, cropped to the mark, ready for
 * sd_seal_image_load_png(). Errors are in the SD_SEAL_ERROR domain
 * (sd-seal-image.h) and name the file.
 */
#pragma once

#include <gio/gio.h>

#include "sd-seal-image.h"

G_BEGIN_DECLS

typedef struct
{
  /* Make the near-white background transparent, smoothly: the alpha grows
   * with the distance from white, so soft edges stay soft. */
  gboolean white_to_transparent;
  /* A pixel whose darkest channel is at least this light is background;
   * 0 means 235. */
  guint8   threshold;
} SdSealImportOptions;

/* Loads a PNG or JPEG (at most 8000 pixels a side and 40 megapixels; any
 * other format is refused), applies @opts (NULL: all zero), crops to the
 * pixels that are not transparent plus 2 pixels and returns PNG bytes, at
 * most 4096 pixels a side (larger marks are scaled down). A picture with no
 * mark left is an error. @width_px and @height_px (either may be NULL) get
 * the size of the result. */
GBytes *sd_seal_import_image      (const char                *path,
                                   const SdSealImportOptions *opts,
                                   int                       *width_px,
                                   int                       *height_px,
                                   GError                   **error);

/* The same for the bytes of a file; @display_name names it in errors. */
GBytes *sd_seal_import_image_data (GBytes                    *data,
                                   const char                *display_name,
                                   const SdSealImportOptions *opts,
                                   int                       *width_px,
                                   int                       *height_px,
                                   GError                   **error);

G_END_DECLS
