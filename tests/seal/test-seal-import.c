/* test-seal-import.c: scanned and photographed seals as seal pictures */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <zlib.h>

#include "sd-seal-import.h"
#include "sd-seal-image.h"
#include "sd-test-util.h"

/* The test picture: a red disc with a hole on white, 400 × 300. */
#define PIC_W    400
#define PIC_H    300
#define MARK_X   190
#define MARK_Y   140
#define MARK_R   70

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

static cairo_status_t
append_chunk (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_png (cairo_surface_t *surface)
{
  GByteArray *png = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_chunk, png), ==,
                   CAIRO_STATUS_SUCCESS);
  return g_byte_array_free_to_bytes (png);
}

/* @background: white (opaque) or nothing (transparent); @mark: draw it. */
static cairo_surface_t *
make_picture (gboolean white,
              gboolean mark)
{
  cairo_surface_t *surface =
    cairo_image_surface_create (white ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32, PIC_W, PIC_H);
  cairo_t *cr = cairo_create (surface);

  if (white)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  if (mark)
    {
      cairo_set_source_rgb (cr, 0.8, 0.1, 0.12);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_arc (cr, MARK_X, MARK_Y, MARK_R, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, MARK_X, MARK_Y, MARK_R / 3.0, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  return surface;
}

static GBytes *
make_png (gboolean white,
          gboolean mark)
{
  g_autoptr (cairo_surface_t) surface = make_picture (white, mark);

  return surface_png (surface);
}

static GBytes *
make_jpeg (void)
{
  g_autoptr (cairo_surface_t) surface = make_picture (TRUE, TRUE);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PIC_W, PIC_H);
  g_autoptr (GError) error = NULL;
  const guint8 *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);
  guint8       *out = gdk_pixbuf_get_pixels (pixbuf);
  int           out_stride = gdk_pixbuf_get_rowstride (pixbuf);
  gchar        *buf = NULL;
  gsize         len = 0;

  for (int y = 0; y < PIC_H; y++)
    for (int x = 0; x < PIC_W; x++)
      {
        guint32 rgb = ((const guint32 *) (data + y * stride))[x];
        guint8 *p = out + y * out_stride + x * 3;

        p[0] = rgb >> 16;
        p[1] = rgb >> 8;
        p[2] = rgb;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &len, "jpeg", &error, "quality", "92",
                                            NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buf, len);
}

static cairo_status_t
read_chunk (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  GBytes      **rest = closure;
  gsize         len;
  const guint8 *bytes = g_bytes_get_data (*rest, &len);
  GBytes       *tail;

  if (len < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes, length);
  tail = g_bytes_new_from_bytes (*rest, length, len - length);
  g_bytes_unref (*rest);
  *rest = tail;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  GBytes          *rest = g_bytes_ref (png);
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (read_chunk, &rest);

  g_bytes_unref (rest);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  return surface;
}

static guint
alpha_at (cairo_surface_t *s,
          int              x,
          int              y)
{
  const guint8 *row = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s);

  return ((const guint32 *) row)[x] >> 24;
}

static gboolean
opaque_red_at (cairo_surface_t *s,
               int              x,
               int              y)
{
  const guint8 *row = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s);
  guint32       argb = ((const guint32 *) row)[x];

  return argb >> 24 == 255 && ((argb >> 16) & 0xff) > 170 && ((argb >> 8) & 0xff) < 60
         && (argb & 0xff) < 60;
}

static void
check_loads (GBytes *png,
             int     width,
             int     height)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "imported.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SdSealImage) image = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));
  image = sd_seal_image_load_png (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_seal_image_get_width (image), ==, width);
  g_assert_cmpint (sd_seal_image_get_height (image), ==, height);
}

/* The result of importing the disc: cropped to it, background clear. */
static void
check_disc (GBytes *png,
            int     w,
            int     h,
            int     slack)
{
  g_autoptr (cairo_surface_t) s = decode_png (png);
  int side = 2 * MARK_R + 2 * 2, soft = 0;

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, h);
  g_assert_cmpint (abs (w - side), <=, slack);
  g_assert_cmpint (abs (h - side), <=, slack);
  g_assert_cmpuint (alpha_at (s, 0, 0), ==, 0);
  g_assert_cmpuint (alpha_at (s, w - 1, h - 1), ==, 0);
  g_assert_cmpuint (alpha_at (s, w / 2, h / 2), ==, 0);      /* the hole */
  g_assert_true (opaque_red_at (s, w / 2, h / 2 + MARK_R * 2 / 3)); /* the ring */
  g_assert_true (opaque_red_at (s, w / 2 - MARK_R * 2 / 3, h / 2));
  for (int x = 0; x < w; x++)
    {
      guint a = alpha_at (s, x, h / 2);

      soft += a > 0 && a < 255;
    }
  g_assert_cmpint (soft, >=, 2); /* the edges stay anti-aliased */
  check_loads (png, w, h);
}

static void
test_png_white (void)
{
  SdSealImportOptions opts = { TRUE, 0 };
  g_autoptr (GBytes) input = make_png (TRUE, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GBytes) again = NULL;
  int w = 0, h = 0;

  png = sd_seal_import_image_data (input, "seal.png", &opts, &w, &h, &error);
  g_assert_no_error (error);
  check_disc (png, w, h, 1);
  again = sd_seal_import_image_data (input, "seal.png", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (png, again));
}

static void
test_jpeg_file (void)
{
  SdSealImportOptions opts = { TRUE, 220 };
  g_autoptr (GBytes) input = make_jpeg ();
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  int w = 0, h = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (input, NULL),
                                      g_bytes_get_size (input), NULL));
  png = sd_seal_import_image (path, &opts, &w, &h, &error);
  g_assert_no_error (error);
  check_disc (png, w, h, 4);
}

static void
test_keep_background (void)
{
  g_autoptr (GBytes) opaque = make_png (TRUE, TRUE);
  g_autoptr (GBytes) clear = make_png (FALSE, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  int w = 0, h = 0;

  /* Without the option a white background is part of the picture. */
  png = sd_seal_import_image_data (opaque, "scan.png", NULL, &w, &h, &error);
  g_assert_no_error (error);
  g_assert_cmpint (w, ==, PIC_W);
  g_assert_cmpint (h, ==, PIC_H);
  g_clear_pointer (&png, g_bytes_unref);

  /* A picture that already has transparency is cropped to its mark. */
  png = sd_seal_import_image_data (clear, "mark.png", NULL, &w, &h, &error);
  g_assert_no_error (error);
  check_disc (png, w, h, 1);
}

static void
expect_refused (GBytes     *data,
                const char *name,
                const char *fragment)
{
  SdSealImportOptions opts = { TRUE, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  int w = -1;

  png = sd_seal_import_image_data (data, name, &opts, &w, NULL, &error);
  g_assert_null (png);
  g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE);
  g_assert_cmpint (w, ==, -1);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
put_be32 (guint8 *p,
          guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* A PNG signature, an IHDR of @width × @height and IEND: no pixels. */
static GBytes *
png_header (guint32 width,
            guint32 height)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8, *iend = png + 33;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, width);
  put_be32 (ihdr + 12, height);
  ihdr[16] = 8; /* bit depth */
  ihdr[17] = 6; /* RGBA */
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32 (0, iend + 4, 4));
  return g_bytes_new (png, sizeof png);
}

/* @jpeg with the size in its frame header changed. */
static GBytes *
jpeg_resized (GBytes *jpeg,
              guint   width,
              guint   height)
{
  gsize   len = g_bytes_get_size (jpeg);
  guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, NULL), len);

  for (gsize i = 2; i + 9 < len; i++)
    if (data[i] == 0xff && (data[i + 1] == 0xc0 || data[i + 1] == 0xc2))
      {
        data[i + 5] = height >> 8;
        data[i + 6] = height & 0xff;
        data[i + 7] = width >> 8;
        data[i + 8] = width & 0xff;
        return g_bytes_new_take (data, len);
      }
  g_assert_not_reached ();
}

static void
test_refused (void)
{
  g_autoptr (GBytes) good_png = make_png (TRUE, TRUE);
  g_autoptr (GBytes) jpeg = make_jpeg ();
  g_autoptr (GBytes) text = g_bytes_new_static ("hello, seal\n", 12);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) gif = g_bytes_new_static ("GIF89a\001\000\001\000\000\000\000;", 14);
  g_autoptr (GBytes) cut_png =
    g_bytes_new_from_bytes (good_png, 0, g_bytes_get_size (good_png) / 2);
  g_autoptr (GBytes) cut_jpeg = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr (GBytes) wide = png_header (20000, 100);
  g_autoptr (GBytes) tall = png_header (100, 12000);
  g_autoptr (GBytes) huge = png_header (0x7fffffff, 0x7fffffff);
  g_autoptr (GBytes) many = png_header (7000, 7000);
  g_autoptr (GBytes) zero = png_header (0, 10);
  g_autoptr (GBytes) big_jpeg = jpeg_resized (jpeg, 12000, 9000);
  g_autoptr (GBytes) mp_jpeg = jpeg_resized (jpeg, 7999, 7999);
  g_autoptr (GBytes) white = make_png (TRUE, FALSE);
  g_autoptr (GBytes) bad_crc = NULL;
  gsize   len = g_bytes_get_size (good_png);
  guint8 *damaged = g_memdup2 (g_bytes_get_data (good_png, NULL), len);

  g_autoptr (GBytes) clear = make_png (FALSE, FALSE);

  damaged[len / 2] ^= 0x55; /* inside the pixel data: its checksum no longer matches */
  bad_crc = g_bytes_new_take (damaged, len);

  expect_refused (text, "notes.txt", "PNG or JPEG");
  expect_refused (empty, "empty.png", "empty");
  expect_refused (gif, "seal.gif", "PNG or JPEG");
  expect_refused (cut_png, "cut.png", NULL);
  expect_refused (cut_jpeg, "cut.jpg", NULL);
  expect_refused (bad_crc, "damaged.png", NULL);
  expect_refused (wide, "wide.png", "8000 pixels a side");
  expect_refused (tall, "tall.png", "8000 pixels a side");
  expect_refused (huge, "huge.png", "8000 pixels a side");
  expect_refused (many, "many.png", "40 megapixels");
  expect_refused (zero, "zero.png", NULL);
  expect_refused (big_jpeg, "seal.jpg", "12000×9000 pixels");
  expect_refused (mp_jpeg, "mp.jpg", "40 megapixels");
  expect_refused (white, "white.png", "shows no mark");
  expect_refused (clear, "clear.png", "shows no mark");
}

static void
test_missing_file (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "absent.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;

  png = sd_seal_import_image (path, NULL, NULL, NULL, &error);
  g_assert_null (png);
  g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "absent.png"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  png = sd_seal_import_image (empty, NULL, NULL, NULL, &error);
  g_assert_null (png);
  g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE);
  g_assert_nonnull (strstr (error->message, "empty.jpg"));
}


/* Loading the same picture again gives the same image (a batch keeps it
 * once); a picture rewritten under the same name, with the same size, is
 * read again. */
static void
test_image_reloaded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sealdesk-seal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "seal.png", NULL);
  g_autoptr(cairo_surface_t) with_mark = make_picture (FALSE, TRUE);
  g_autoptr(cairo_surface_t) without = make_picture (FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) a = NULL;
  g_autoptr(SdSealImage) b = NULL;
  g_autoptr(SdSealImage) c = NULL;
  g_autofree char *digest_a = NULL;

  g_assert_cmpint (cairo_surface_write_to_png (with_mark, path), ==, CAIRO_STATUS_SUCCESS);
  a = sd_seal_image_load_png (path, &error);
  g_assert_no_error (error);
  b = sd_seal_image_load_png (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_seal_image_get_digest (a), ==, sd_seal_image_get_digest (b));
  digest_a = g_strdup (sd_seal_image_get_digest (a));

  /* In place: same inode, so only the times (and maybe the size) differ. */
  g_assert_cmpint (cairo_surface_write_to_png (without, path), ==, CAIRO_STATUS_SUCCESS);
  c = sd_seal_image_load_png (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_seal_image_get_digest (c), !=, digest_a);

  g_unlink (path);
  g_rmdir (dir);
}

/* A library seal picture whose header claims 20,000 × 20,000 pixels
 * (1.6 GB decoded): refused from its header, before cairo decodes it. */
static void
test_image_header_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sealdesk-seal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "seal.png", NULL);
  g_autoptr(GBytes) png = png_header (20000, 20000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSealImage) image = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  image = sd_seal_image_load_png (path, &error);
  g_assert_null (image);
  g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_BAD_IMAGE);
  g_assert_nonnull (strstr (error->message, "is 20000 × 20000 pixels: a seal must be at most 4096 × 4096"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seal/import/png-white", test_png_white);
  g_test_add_func ("/seal/import/jpeg-file", test_jpeg_file);
  g_test_add_func ("/seal/import/keep-background", test_keep_background);
  g_test_add_func ("/seal/import/refused", test_refused);
  g_test_add_func ("/seal/import/missing-file", test_missing_file);
  g_test_add_func ("/seal/import/reloaded", test_image_reloaded);
  g_test_add_func ("/seal/image/header-too-large", test_image_header_too_large);
  return g_test_run ();
}
