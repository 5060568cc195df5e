/* sd-seal-image.h: a seal picture ready to be placed in a PDF
 *
 * A seal image is decoded once into 8-bit RGB samples and an 8-bit alpha
 * plane (non-premultiplied), both Flate-compressed as a PDF image XObject and
 * its /SMask need them. Its SHA-256 (of the decoded pixels) identifies it, so
 * the same seal is stored once per document.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_SEAL_ERROR (sd_seal_error_quark ())

typedef enum {
  SD_SEAL_ERROR_FAILED,
  SD_SEAL_ERROR_NOT_FOUND,
  SD_SEAL_ERROR_BAD_IMAGE,
} SdSealError;

GQuark sd_seal_error_quark (void);

typedef struct _SdSealImage SdSealImage;

/* Loads a PNG (with or without alpha). Errors name the file and the problem. */
SdSealImage  *sd_seal_image_load_png       (const char   *path,
                                            GError      **error);
/* Does the PNG header at the start of @data (of @length bytes) claim a
 * size a seal may have (at most 4096 × 4096 pixels)? Checked before any
 * decoder allocates what the header says; the size claimed in @width and
 * @height. TRUE for what is not a PNG header (the decoder refuses it). */
gboolean      sd_seal_png_fits             (const guint8 *data,
                                            gsize         length,
                                            gint64       *width,
                                            gint64       *height);
SdSealImage  *sd_seal_image_ref            (SdSealImage  *self);
void          sd_seal_image_unref          (SdSealImage  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSealImage, sd_seal_image_unref)

int           sd_seal_image_get_width      (SdSealImage  *self);
int           sd_seal_image_get_height     (SdSealImage  *self);
/* Lower-case hex SHA-256 of the decoded pixels and alpha. */
const char   *sd_seal_image_get_digest     (SdSealImage  *self);
/* Flate-compressed RGB samples (width × height × 3). */
GBytes       *sd_seal_image_get_rgb_flate  (SdSealImage  *self);
/* Flate-compressed alpha samples (width × height). */
GBytes       *sd_seal_image_get_alpha_flate (SdSealImage *self);

G_END_DECLS
