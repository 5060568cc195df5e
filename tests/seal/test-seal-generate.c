/* test-seal-generate.c: official and name seals drawn from text */
#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "sd-seal-generate.h"
#include "sd-seal-image.h"
#include "sd-test-util.h"

#define ORG    "北京某某律师事务所"
#define TITLE  "合同专用章"
#define NUMBER "1101080012345"
#define DPI    600

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

typedef struct
{
  const guint8 *data;
  gsize         len, pos;
} Reader;

static cairo_status_t
read_chunk (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->len - reader->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->pos, length);
  reader->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  Reader           reader = { NULL, 0, 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (png, &reader.len);
  g_assert_cmpuint (reader.len, >, 8);
  g_assert_cmpmem (reader.data, 4, "\x89PNG", 4);
  surface = cairo_image_surface_create_from_png_stream (read_chunk, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  return surface;
}

/* Straight colour of pixel (x, y). */
static void
pixel (cairo_surface_t *s,
       int              x,
       int              y,
       guint           *r,
       guint           *g,
       guint           *b,
       guint           *a)
{
  const guint8 *row = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s);
  guint32       argb = ((const guint32 *) row)[x];

  *a = argb >> 24;
  *r = *a ? ((argb >> 16) & 0xff) * 255 / *a : 0;
  *g = *a ? ((argb >> 8) & 0xff) * 255 / *a : 0;
  *b = *a ? (argb & 0xff) * 255 / *a : 0;
}

static gboolean
is_red (cairo_surface_t *s,
        int              x,
        int              y)
{
  guint r, g, b, a;

  pixel (s, x, y, &r, &g, &b, &a);
  return a == 255 && r > 180 && g < 60 && b < 60;
}

static gboolean
is_clear (cairo_surface_t *s,
          int              x,
          int              y)
{
  guint r, g, b, a;

  pixel (s, x, y, &r, &g, &b, &a);
  return a == 0;
}

/* Opaque pixels (alpha ≥ 128) in the rectangle. */
static int
ink (cairo_surface_t *s,
     int              x0,
     int              y0,
     int              x1,
     int              y1)
{
  int n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint r, g, b, a;

        pixel (s, x, y, &r, &g, &b, &a);
        n += a >= 128;
      }
  return n;
}

/* Where the seal is not transparent it is red, and it has ink enough. */
static void
check_mostly_red (cairo_surface_t *s)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int shown = 0, red = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint r, g, b, a;

        pixel (s, x, y, &r, &g, &b, &a);
        if (a < 128)
          continue;
        shown++;
        red += r > 180 && g < 60 && b < 60;
      }
  g_assert_cmpint (shown, >, w * h / 10);
  g_assert_cmpint (red, >=, shown * 99 / 100);
}

static void
check_loads (GBytes *png,
             int     width,
             int     height)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "seal.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SdSealImage) image = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));
  image = sd_seal_image_load_png (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_seal_image_get_width (image), ==, width);
  g_assert_cmpint (sd_seal_image_get_height (image), ==, height);
}

/* Keeps @png as $SD_SEAL_EXAMPLES_DIR/@name, to look at. */
static void
save_example (GBytes     *png,
              const char *name)
{
  const char      *dir = g_getenv ("SD_SEAL_EXAMPLES_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      NULL));
}

static void
test_official (gconstpointer data)
{
  SdSealShape        shape = GPOINTER_TO_INT (data);
  static const char *names[] = { "round", "oval", "square" };
  const double       sizes[] = { 38, 42, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      SdSealDesign design = { ORG, TITLE, NUMBER, shape, sizes[i] };
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = NULL;
      g_autoptr (GBytes) again = NULL;
      g_autoptr (cairo_surface_t) s = NULL;
      double width_mm = 0, height_mm = 0, want_h;
      int    w, h;

      png = sd_seal_generate_official (&design, DPI, &width_mm, &height_mm, &error);
      g_assert_no_error (error);
      g_assert_nonnull (png);
      s = decode_png (png);
      w = cairo_image_surface_get_width (s);
      h = cairo_image_surface_get_height (s);

      want_h = shape == SD_SEAL_SHAPE_OVAL ? sizes[i] * 2 / 3 : sizes[i];
      g_assert_cmpfloat (width_mm, ==, sizes[i]);
      g_assert_cmpfloat (fabs (height_mm - want_h), <, 25.4 / DPI);
      g_assert_cmpint (w, ==, (int) lround (sizes[i] * DPI / 25.4));
      g_assert_cmpint (abs (h - (int) lround (want_h * DPI / 25.4)), <=, 1);
      g_assert_cmpfloat (fabs (h / height_mm - w / width_mm), <, 1e-9);

      check_mostly_red (s);
      if (shape == SD_SEAL_SHAPE_SQUARE)
        {
          /* The border runs along the edges; text fills the middle. */
          g_assert_true (is_red (s, 2, 2) && is_red (s, w - 3, h - 3));
          g_assert_true (is_red (s, w / 2, 2) && is_red (s, 2, h / 2));
          g_assert_cmpint (ink (s, w / 4, h / 4, 3 * w / 4, 3 * h / 4), >, w * h / 40);
        }
      else
        {
          g_assert_true (is_clear (s, 0, 0) && is_clear (s, w - 1, 0));
          g_assert_true (is_clear (s, 0, h - 1) && is_clear (s, w - 1, h - 1));
          g_assert_true (is_clear (s, w / 8, h / 8) && is_clear (s, w - w / 8, h - h / 8));
          /* The ring at the top and the sides, the star in the middle. */
          g_assert_true (is_red (s, w / 2, 3) && is_red (s, 3, h / 2) && is_red (s, w - 4, h / 2));
          g_assert_true (is_red (s, w / 2, h / 2));
        }

      again = sd_seal_generate_official (&design, DPI, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (png, again));
      check_loads (png, w, h);
      if (sizes[i] == 42)
        {
          g_autofree char *name = g_strdup_printf ("official-%s.png", names[shape]);

          save_example (png, name);
        }
    }
}

static void
test_official_plain (void)
{
  SdSealDesign design = { "上海某某科技有限公司", NULL, NULL, SD_SEAL_SHAPE_ROUND, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GBytes) titled = NULL;
  g_autoptr (cairo_surface_t) s = NULL;
  double width_mm = 0, height_mm = 0;

  png = sd_seal_generate_official (&design, 300, &width_mm, &height_mm, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (width_mm, ==, 42);
  g_assert_cmpfloat (height_mm, ==, 42);
  s = decode_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, lround (42 * 300 / 25.4));
  g_assert_true (is_red (s, cairo_image_surface_get_width (s) / 2,
                         cairo_image_surface_get_height (s) / 2));
  save_example (png, "official-round-plain.png");

  /* A short name, and Latin text, fit too; different text, different seal. */
  design.org = "某某局";
  design.title = "Contract Seal";
  titled = sd_seal_generate_official (&design, 300, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (png, titled));
  save_example (titled, "official-round-short.png");
}

static void
expect_official_error (const char *org,
                       const char *title,
                       const char *number,
                       SdSealShape shape,
                       double      size,
                       int         dpi)
{
  SdSealDesign design = { org, title, number, shape, size };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  double width_mm = -1;

  png = sd_seal_generate_official (&design, dpi, &width_mm, NULL, &error);
  g_assert_null (png);
  g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED);
  g_assert_cmpfloat (width_mm, ==, -1);
  g_test_message ("refused: %s", error->message);
}

static void
test_official_errors (void)
{
  g_autoptr (GString) long_org = g_string_new (NULL);

  for (int i = 0; i < 8; i++)
    g_string_append (long_org, "北京市朝阳区");
  for (SdSealShape shape = SD_SEAL_SHAPE_ROUND; shape <= SD_SEAL_SHAPE_SQUARE; shape++)
    {
      expect_official_error ("", TITLE, NULL, shape, 42, DPI);
      expect_official_error (NULL, TITLE, NULL, shape, 42, DPI);
      expect_official_error ("  \t ", NULL, NULL, shape, 42, DPI);
      expect_official_error (ORG, NULL, NULL, shape, 37.9, DPI);
      expect_official_error (ORG, NULL, NULL, shape, 60.5, DPI);
      expect_official_error (ORG, NULL, NULL, shape, -42, DPI);
      expect_official_error (ORG, NULL, NULL, shape, NAN, DPI);
      expect_official_error (ORG, NULL, NULL, shape, 42, 10);
      expect_official_error (ORG, NULL, NULL, shape, 42, 100000);
      expect_official_error (long_org->str, TITLE, NULL, shape, 42, DPI);
      expect_official_error (ORG, "合同专用章合同专用章合同专用章", NULL, shape, 42, DPI);
      expect_official_error (ORG, TITLE, "1101080012345110108001234511010800123451101080012345",
                             shape, 42, DPI);
      expect_official_error ("\xff\xfe", NULL, NULL, shape, 42, DPI);
      expect_official_error (ORG, "\xc3", NULL, shape, 42, DPI);
      expect_official_error ("北京\001某某", NULL, NULL, shape, 42, DPI);
    }
}

static void
test_name (void)
{
  const char *names[] = { "张三", "欧阳娜娜" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = NULL;
      g_autoptr (GBytes) again = NULL;
      g_autoptr (cairo_surface_t) s = NULL;
      double width_mm = 0, height_mm = 0;
      int    w, h;

      png = sd_seal_generate_name (names[i], 0, DPI, &width_mm, &height_mm, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (width_mm, ==, 18);
      g_assert_cmpfloat (height_mm, ==, 18);
      s = decode_png (png);
      w = cairo_image_surface_get_width (s);
      h = cairo_image_surface_get_height (s);
      g_assert_cmpint (w, ==, lround (18 * DPI / 25.4));
      g_assert_cmpint (h, ==, w);
      check_mostly_red (s);
      g_assert_true (is_red (s, 1, 1) && is_red (s, w - 2, h - 2));
      /* Both halves carry a character. */
      g_assert_cmpint (ink (s, w / 5, h / 5, w / 2 - w / 20, 4 * h / 5), >, w * h / 50);
      g_assert_cmpint (ink (s, w / 2 + w / 20, h / 5, 4 * w / 5, 4 * h / 5), >, w * h / 50);

      again = sd_seal_generate_name (names[i], 18, DPI, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (png, again));
      check_loads (png, w, h);
      save_example (png, i == 0 ? "name-2.png" : "name-4.png");
    }
}

/* Index of the quadrant (0 top left, 1 top right, 2 bottom left, 3 bottom
 * right; for two characters 0 left, 1 right) with the most ink. */
static int
inkiest (const char *name,
         int         cells)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = sd_seal_generate_name (name, 20, 300, NULL, NULL, &error);
  g_autoptr (cairo_surface_t) s = NULL;
  int w, best = -1, most = -1;

  g_assert_no_error (error);
  s = decode_png (png);
  w = cairo_image_surface_get_width (s);
  for (int c = 0; c < cells; c++)
    {
      int x = (c % 2) * w / 2, y = cells == 4 ? (c / 2) * w / 2 : 0;
      int ch = cells == 4 ? w / 2 : w;
      int n = ink (s, x + w / 8, y + w / 8, x + w / 2 - w / 8, y + ch - w / 8);

      if (n > most)
        {
          most = n;
          best = c;
        }
    }
  return best;
}

static void
test_name_order (void)
{
  /* Right to left, in columns read top to bottom. */
  g_assert_cmpint (inkiest ("国一", 2), ==, 1);
  g_assert_cmpint (inkiest ("一国", 2), ==, 0);
  g_assert_cmpint (inkiest ("国一一一", 4), ==, 1);
  g_assert_cmpint (inkiest ("一国一一", 4), ==, 3);
  g_assert_cmpint (inkiest ("一一国一", 4), ==, 0);
  g_assert_cmpint (inkiest ("一一一国", 4), ==, 2);
}

static void
test_name_errors (void)
{
  const char *bad[] = { "张", "张三丰", "欧阳娜娜娜", "", "   ", "\xe5\xbc", NULL };
  const double sizes[] = { 9.9, 30.1, -18, NAN };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = sd_seal_generate_name (bad[i], 18, DPI, NULL, NULL, &error);

      g_assert_null (png);
      g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED);
      g_test_message ("refused: %s", error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = sd_seal_generate_name ("张三", sizes[i], DPI, NULL, NULL, &error);

      g_assert_null (png);
      g_assert_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/seal/generate/round", GINT_TO_POINTER (SD_SEAL_SHAPE_ROUND),
                        test_official);
  g_test_add_data_func ("/seal/generate/oval", GINT_TO_POINTER (SD_SEAL_SHAPE_OVAL),
                        test_official);
  g_test_add_data_func ("/seal/generate/square", GINT_TO_POINTER (SD_SEAL_SHAPE_SQUARE),
                        test_official);
  g_test_add_func ("/seal/generate/plain", test_official_plain);
  g_test_add_func ("/seal/generate/errors", test_official_errors);
  g_test_add_func ("/seal/generate/name", test_name);
  g_test_add_func ("/seal/generate/name-order", test_name_order);
  g_test_add_func ("/seal/generate/name-errors", test_name_errors);
  return g_test_run ();
}
