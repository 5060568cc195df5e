/* sd-seal-generate.h: seal pictures drawn from text
 *
 * Official seals (公章, 合同专用章, …) and personal name seals, drawn with
 * cairo and Pango in red on a transparent background and returned as PNG
 * (RGBA) bytes that sd_seal_image_load_png() reads. The same input gives the
 * same bytes. Errors are in the SD_SEAL_ERROR domain (sd-seal-image.h).
 */
#pragma once

#include <gio/gio.h>

#include "sd-seal-image.h"

G_BEGIN_DECLS

typedef enum {
  SD_SEAL_SHAPE_ROUND,
  SD_SEAL_SHAPE_OVAL,
  SD_SEAL_SHAPE_SQUARE,
} SdSealShape;

typedef struct
{
  /* Organisation name, along the upper arc (round, oval) or in rows
   * (square); required, UTF-8, e.g. "北京某某律师事务所". */
  const char  *org;
  /* Optional horizontal title below the star, e.g. "合同专用章". */
  const char  *title;
  /* Optional number (e.g. a 13-digit code), small, along the lower arc or
   * the bottom edge. */
  const char  *number;
  SdSealShape  shape;
  /* 38 to 60: diameter (round), width (oval: the height is 2/3 of it), side
   * (square); 0 means 42. */
  double       size_mm;
} SdSealDesign;

/* Official seal as PNG bytes at @dpi (72 to 1200, e.g. 600); @width_mm and
 * @height_mm (either may be NULL) get the size the picture stands for.
 * Fails (SD_SEAL_ERROR_FAILED) for an empty organisation name, a size outside
 * 38 to 60 mm, text that does not fit or that no installed font can show. */
GBytes *sd_seal_generate_official (const SdSealDesign *design,
                                   int                 dpi,
                                   double             *width_mm,
                                   double             *height_mm,
                                   GError            **error);

/* Personal name seal: square, red border, 2 or 4 characters (not bytes) set
 * right to left in columns (2: side by side; 4: two by two, read top right,
 * bottom right, top left, bottom left). @size_mm is 10 to 30, 0 means 18.
 * Any other number of characters is an error. */
GBytes *sd_seal_generate_name     (const char         *name,
                                   double              size_mm,
                                   int                 dpi,
                                   double             *width_mm,
                                   double             *height_mm,
                                   GError            **error);

G_END_DECLS
