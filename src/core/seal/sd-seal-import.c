/* sd-seal-import.c: a scanned or photographed seal or signature as a seal picture
 *
 * Only PNG and JPEG are taken, recognised by their first bytes and decoded by
 * gdk-pixbuf's loader for that type alone. A PNG's size is read from its
 * header and its chunks are walked to its end before anything is decoded;
 * the loader's size-prepared signal stops any image that is too large before
 * its pixels are allocated. A JPEG must end with its end-of-image marker:
 * gdk-pixbuf would otherwise hand back the part it got.
 *
 * gdk-pixbuf gives straight (non-premultiplied) RGBA; cairo, which writes the
 * PNG, wants premultiplied ARGB in native byte order.
 */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-seal-import.h"

#define MAX_SIDE          8000
#define MAX_PIXELS        40000000
#define MAX_FILE_SIZE     (256 * 1024 * 1024)
#define MAX_OUTPUT_SIDE   4096 /* what sd_seal_image_load_png() takes */
#define DEFAULT_THRESHOLD 235
#define MIN_ALPHA         8 /* fainter pixels are paper noise */
#define MARGIN            2

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

typedef struct
{
  int      width, height;
  gboolean too_big;
} SizeCheck;

static gboolean
size_ok (int width,
         int height)
{
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE
         && (gint64) width * height <= MAX_PIXELS;
}

static gboolean
size_error (const char *name,
            int         width,
            int         height,
            GError    **error)
{
  if (width > MAX_SIDE || height > MAX_SIDE)
    g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                 _("%s is %d×%d pixels: seal images can be at most 8000 pixels a side"), name,
                 width, height);
  else if (width <= 0 || height <= 0)
    g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                 _("%s claims to be %d×%d pixels, which is not a picture"), name, width, height);
  else
    g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                 _("%s is %d×%d pixels: seal images can be at most 40 megapixels"), name, width,
                 height);
  return FALSE;
}

static void
size_prepared (GdkPixbufLoader *loader,
               int              width,
               int              height,
               gpointer         user_data)
{
  SizeCheck *check = user_data;

  check->width = width;
  check->height = height;
  if (!size_ok (width, height))
    {
      check->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0); /* stops the loader */
    }
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Checks the PNG's header and that its chunks reach IEND. */
static gboolean
check_png (const guint8 *data,
           gsize         len,
           const char   *name,
           GError      **error)
{
  gsize pos = 8;

  if (len >= 8 + 8 + 13 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      guint32 w = read_be32 (data + 16), h = read_be32 (data + 20);

      if (!size_ok ((int) MIN (w, G_MAXINT), (int) MIN (h, G_MAXINT)))
        return size_error (name, (int) MIN (w, G_MAXINT), (int) MIN (h, G_MAXINT), error);
    }
  while (pos + 12 <= len)
    {
      guint32 chunk = read_be32 (data + pos);

      if (memcmp (data + pos + 4, "IEND", 4) == 0)
        return TRUE;
      if (chunk > len - pos - 12)
        break;
      pos += 12 + (gsize) chunk;
    }
  g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
               _("%s is cut short or damaged: it is not a complete PNG image"), name);
  return FALSE;
}

static gboolean
check_jpeg (const guint8 *data,
            gsize         len,
            const char   *name,
            GError      **error)
{
  /* The end-of-image marker, allowing for padding after it. */
  for (gsize i = len - 1; i >= 3 && i + 4096 >= len; i--)
    if (data[i - 1] == 0xff && data[i] == 0xd9)
      return TRUE;
  g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
               _("%s is cut short or damaged: it is not a complete JPEG image"), name);
  return FALSE;
}

static GdkPixbuf *
decode (GBytes     *data,
        const char *name,
        GError    **error)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local = NULL;
  SizeCheck     check = { 0, 0, FALSE };
  gsize         len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  const char   *type;
  gboolean      ok;
  GdkPixbuf    *pixbuf;

  if (len == 0)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s is empty: choose a PNG or JPEG picture of the seal"), name);
      return NULL;
    }
  if (len >= 8 && memcmp (bytes, png_magic, 8) == 0)
    type = "png";
  else if (len >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8 && bytes[2] == 0xff)
    type = "jpeg";
  else
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s is not a PNG or JPEG image: save the seal picture in one of those"),
                   name);
      return NULL;
    }
  if (strcmp (type, "png") == 0 ? !check_png (bytes, len, name, error)
                                : !check_jpeg (bytes, len, name, error))
    return NULL;

  loader = gdk_pixbuf_loader_new_with_type (type, &local);
  if (loader == NULL)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s cannot be read: this system has no %s decoder (%s)"), name, type,
                   local->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared), &check);
  ok = gdk_pixbuf_loader_write_bytes (loader, data, &local);
  ok = gdk_pixbuf_loader_close (loader, ok ? &local : NULL) && ok;
  if (check.too_big)
    {
      size_error (name, check.width, check.height, error);
      return NULL;
    }
  pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s could not be read as an image: %s"), name,
                   local != NULL ? local->message : _("unsupported pixel format"));
      return NULL;
    }
  /* Photographs carry their orientation in EXIF. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

/* The darkness of the ink: the darkest channel that the darkest tenth of
 * the pixels darker than @t reach. Ink that dark or a little lighter (scans
 * and JPEG are noisy) becomes opaque, whatever its shade; the alpha of the
 * rest is proportional to its distance from white. */
static guint
ink_level (GdkPixbuf *pixbuf,
           guint      t)
{
  int           w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int           nc = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean      has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint64       histogram[256] = { 0 }, count = 0, seen = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * nc;
        guint         m = MIN (p[0], MIN (p[1], p[2]));

        if (m < t && (!has_alpha || p[3] > 0))
          {
            histogram[m]++;
            count++;
          }
      }
  for (guint m = 0; m < t; m++)
    if ((seen += histogram[m]) * 10 >= count)
      return MIN (m, t - MIN (t, 32));
  return 0;
}

/* Straight RGBA of @pixbuf, background made transparent as @opts asks.
 * Sets the bounds of the pixels that are not transparent; NULL when no
 * pixel shows anything but background. */
static guint8 *
to_rgba (GdkPixbuf                 *pixbuf,
         const SdSealImportOptions *opts,
         int                       *x0,
         int                       *y0,
         int                       *x1,
         int                       *y1)
{
  int           w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int           nc = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean      has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint         t = opts->threshold != 0 ? opts->threshold : DEFAULT_THRESHOLD;
  guint         range = opts->white_to_transparent ? (t - ink_level (pixbuf, t)) * 7 / 8 : 1;
  guint8       *rgba = g_malloc ((gsize) w * h * 4);
  gboolean      shows = FALSE;

  *x0 = w;
  *y0 = h;
  *x1 = *y1 = -1;
  for (int y = 0; y < h; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;
      guint8       *out = rgba + (gsize) y * w * 4;

      for (int x = 0; x < w; x++)
        {
          const guint8 *p = row + (gsize) x * nc;
          guint         c[3] = { p[0], p[1], p[2] };
          guint         a = has_alpha ? p[3] : 255;
          guint         m = MIN (c[0], MIN (c[1], c[2]));

          if (opts->white_to_transparent)
            {
              /* The colour is what, laid over white at that alpha, gives
               * the pixel seen. */
              guint aw = m >= t ? 0 : MIN (255, (t - m) * 255 / range);

              for (int i = 0; i < 3 && aw > 0 && aw < 255; i++)
                c[i] = 255 - MIN (255, (255 - c[i]) * 255 / aw);
              a = a * aw / 255;
            }
          if (a < MIN_ALPHA)
            a = 0;
          out[4 * x] = c[0];
          out[4 * x + 1] = c[1];
          out[4 * x + 2] = c[2];
          out[4 * x + 3] = a;
          if (a == 0)
            continue;
          shows |= m < t;
          *x0 = MIN (*x0, x);
          *y0 = MIN (*y0, y);
          *x1 = MAX (*x1, x);
          *y1 = MAX (*y1, y);
        }
    }
  if (!shows)
    g_clear_pointer (&rgba, g_free);
  return rgba;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Premultiplied ARGB32 of the @cw × @ch part of @rgba (@w wide) at (x, y). */
static cairo_surface_t *
to_surface (const guint8 *rgba,
            int           w,
            int           x,
            int           y,
            int           cw,
            int           ch)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cw, ch);
  guint8          *data = cairo_image_surface_get_data (surface);
  int              stride = cairo_image_surface_get_stride (surface);

  if (data == NULL)
    return surface; /* in an error state, reported by the caller */
  for (int j = 0; j < ch; j++)
    {
      const guint8 *in = rgba + ((gsize) (y + j) * w + x) * 4;
      guint32      *out = (guint32 *) (data + (gsize) j * stride);

      for (int i = 0; i < cw; i++, in += 4)
        {
          guint a = in[3];

          out[i] = a << 24 | ((in[0] * a + 127) / 255) << 16 | ((in[1] * a + 127) / 255) << 8
                   | (in[2] * a + 127) / 255;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* @surface scaled down to at most MAX_OUTPUT_SIDE a side (a new reference). */
static cairo_surface_t *
fit_output (cairo_surface_t *surface)
{
  int              w = cairo_image_surface_get_width (surface);
  int              h = cairo_image_surface_get_height (surface);
  double           k = (double) MAX_OUTPUT_SIDE / MAX (w, h);
  cairo_surface_t *small;
  g_autoptr (cairo_t) cr = NULL;

  if (k >= 1)
    return cairo_surface_reference (surface);
  small = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, (int) (w * k + 0.5)),
                                      MAX (1, (int) (h * k + 0.5)));
  cr = cairo_create (small);
  cairo_scale (cr, k, k);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  return small;
}

GBytes *
sd_seal_import_image_data (GBytes                    *data,
                           const char                *display_name,
                           const SdSealImportOptions *opts,
                           int                       *width_px,
                           int                       *height_px,
                           GError                   **error)
{
  static const SdSealImportOptions defaults = { FALSE, 0 };
  const char *name = display_name != NULL ? display_name : _("The picture");
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (cairo_surface_t) cropped = NULL;
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (GByteArray) png = NULL;
  g_autofree guint8 *rgba = NULL;
  int                w, h, x0, y0, x1, y1;

  g_return_val_if_fail (data != NULL, NULL);

  if ((pixbuf = decode (data, name, error)) == NULL)
    return NULL;
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  rgba = to_rgba (pixbuf, opts != NULL ? opts : &defaults, &x0, &y0, &x1, &y1);
  if (rgba == NULL)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s shows no mark: the picture is blank or only background"), name);
      return NULL;
    }
  x0 = MAX (0, x0 - MARGIN);
  y0 = MAX (0, y0 - MARGIN);
  x1 = MIN (w - 1, x1 + MARGIN);
  y1 = MIN (h - 1, y1 + MARGIN);

  cropped = to_surface (rgba, w, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
  surface = fit_output (cropped);
  png = g_byte_array_new ();
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS
      || cairo_surface_write_to_png_stream (surface, append_png, png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("The seal picture from %s could not be made: %s"), name,
                   cairo_status_to_string (cairo_surface_status (surface)));
      return NULL;
    }
  if (width_px != NULL)
    *width_px = cairo_image_surface_get_width (surface);
  if (height_px != NULL)
    *height_px = cairo_image_surface_get_height (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

GBytes *
sd_seal_import_image (const char                *path,
                      const SdSealImportOptions *opts,
                      int                       *width_px,
                      int                       *height_px,
                      GError                   **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GBytes) data = NULL;
  GStatBuf         st;
  gsize            len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  if (g_stat (path, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE,
                   _("%s is larger than 256 MB: that is too large for a seal picture"), name);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_NOT_FOUND,
                   _("The seal picture %s could not be read: %s"), name, local->message);
      return NULL;
    }
  data = g_bytes_new_take (g_steal_pointer (&contents), len);
  return sd_seal_import_image_data (data, name, opts, width_px, height_px, error);
}
