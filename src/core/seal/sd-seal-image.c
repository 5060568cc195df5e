/* sd-seal-image.c: a seal picture ready to be placed in a PDF */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <zlib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-seal-image.h"

/* Seals are small; this keeps a hostile PNG from eating memory. */
#define MAX_SEAL_PIXELS (4096 * 4096)

/* A batch places the same seal on every document: decoding, hashing and
 * compressing it again each time made a sealed batch several times slower
 * than an unsealed one. Loaded images are kept by path and by what stat()
 * says of the file (device, inode, size, change time), so an edited or
 * replaced file is read again; a few at most. */
#define CACHE_MAX 16

G_LOCK_DEFINE_STATIC (cache);
static GHashTable *cache;

struct _SdSealImage
{
  gatomicrefcount ref_count;
  int             width;
  int             height;
  char           *digest;
  GBytes         *rgb_flate;
  GBytes         *alpha_flate;
};

G_DEFINE_QUARK (sd-seal-error-quark, sd_seal_error)

static GBytes *
flate (const guint8 *data,
       gsize         len)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, len, 6) != Z_OK)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}

static SdSealImage *load_png (const char  *path,
                              GError     **error);

static char *
cache_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld:%s",
                          (uintmax_t) st.st_dev, (uintmax_t) st.st_ino, (intmax_t) st.st_size,
                          (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                          (intmax_t) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec, path);
}

SdSealImage *
sd_seal_image_load_png (const char  *path,
                        GError     **error)
{
  g_autofree char *key = cache_key (path);
  SdSealImage *image = NULL;

  if (key != NULL)
    {
      G_LOCK (cache);
      if (cache != NULL && (image = g_hash_table_lookup (cache, key)) != NULL)
        sd_seal_image_ref (image);
      G_UNLOCK (cache);
      if (image != NULL)
        return image;
    }

  image = load_png (path, error);
  if (image != NULL && key != NULL)
    {
      G_LOCK (cache);
      if (cache == NULL)
        cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sd_seal_image_unref);
      if (g_hash_table_size (cache) >= CACHE_MAX)
        g_hash_table_remove_all (cache);
      g_hash_table_replace (cache, g_steal_pointer (&key), sd_seal_image_ref (image));
      G_UNLOCK (cache);
    }
  return image;
}

gboolean
sd_seal_png_fits (const guint8 *data,
                  gsize         length,
                  gint64       *width,
                  gint64       *height)
{
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gint64 w, h;

  if (length < 24 || memcmp (data, magic, 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return TRUE;
  w = (gint64) data[16] << 24 | data[17] << 16 | data[18] << 8 | data[19];
  h = (gint64) data[20] << 24 | data[21] << 16 | data[22] << 8 | data[23];
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return w > 0 && h > 0 && w * h <= MAX_SEAL_PIXELS;
}

/* The size a PNG file's header claims, read before cairo decodes it
 * (libpng allocates what the header says). */
static gboolean
png_file_fits (const char *path,
               gint64     *width,
               gint64     *height)
{
  guint8 header[24];
  FILE *f = g_fopen (path, "rb");
  gsize n;

  if (f == NULL)
    return TRUE;
  n = fread (header, 1, sizeof header, f);
  fclose (f);
  return sd_seal_png_fits (header, n, width, height);
}

static SdSealImage *
load_png (const char  *path,
          GError     **error)
{
  gint64 claimed_width = 0, claimed_height = 0;
  cairo_surface_t *surface;
  cairo_status_t status;
  int width, height, stride;
  const guint8 *pixels;
  g_autofree guint8 *rgb = NULL;
  g_autofree guint8 *alpha = NULL;
  g_autoptr(GChecksum) sum = NULL;
  SdSealImage *self;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_NOT_FOUND,
                   _("The seal image %s does not exist"), path);
      return NULL;
    }

  if (!png_file_fits (path, &claimed_width, &claimed_height))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("The seal image %s is %d × %d pixels: a seal must be at most 4096 × 4096"),
                   path, (int) MIN (claimed_width, G_MAXINT), (int) MIN (claimed_height, G_MAXINT));
      return NULL;
    }
  surface = cairo_image_surface_create_from_png (path);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("The seal image %s is not a readable PNG file"), path);
      return NULL;
    }

  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  if (width <= 0 || height <= 0 || (gint64) width * height > MAX_SEAL_PIXELS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("The seal image %s is %d × %d pixels: a seal must be at most 4096 × 4096"),
                   path, width, height);
      return NULL;
    }

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  rgb = g_malloc ((gsize) width * height * 3);
  alpha = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 argb = row[x];
          guint a = argb >> 24;
          guint r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
          gsize i = (gsize) y * width + x;

          if (cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32)
            a = 255;
          /* cairo premultiplies; PDF samples are straight colour. */
          if (a != 0 && a != 255)
            {
              r = MIN (255, (r * 255 + a / 2) / a);
              g = MIN (255, (g * 255 + a / 2) / a);
              b = MIN (255, (b * 255 + a / 2) / a);
            }
          rgb[3 * i] = r;
          rgb[3 * i + 1] = g;
          rgb[3 * i + 2] = b;
          alpha[i] = a;
        }
    }
  cairo_surface_destroy (surface);

  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) &width, sizeof width);
  g_checksum_update (sum, (const guchar *) &height, sizeof height);
  g_checksum_update (sum, rgb, (gsize) width * height * 3);
  g_checksum_update (sum, alpha, (gsize) width * height);

  self = g_new0 (SdSealImage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = width;
  self->height = height;
  self->digest = g_strdup (g_checksum_get_string (sum));
  self->rgb_flate = flate (rgb, (gsize) width * height * 3);
  self->alpha_flate = flate (alpha, (gsize) width * height);
  if (self->rgb_flate == NULL || self->alpha_flate == NULL)
    {
      sd_seal_image_unref (self);
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("The seal image %s could not be compressed"), path);
      return NULL;
    }
  return self;
}

SdSealImage *
sd_seal_image_ref (SdSealImage *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sd_seal_image_unref (SdSealImage *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->digest);
  g_clear_pointer (&self->rgb_flate, g_bytes_unref);
  g_clear_pointer (&self->alpha_flate, g_bytes_unref);
  g_free (self);
}

int
sd_seal_image_get_width (SdSealImage *self)
{
  return self->width;
}

int
sd_seal_image_get_height (SdSealImage *self)
{
  return self->height;
}

const char *
sd_seal_image_get_digest (SdSealImage *self)
{
  return self->digest;
}

GBytes *
sd_seal_image_get_rgb_flate (SdSealImage *self)
{
  return self->rgb_flate;
}

GBytes *
sd_seal_image_get_alpha_flate (SdSealImage *self)
{
  return self->alpha_flate;
}
