/* sign-render.c: is the seal visible, upright and in place in other renderers? */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "sd-test-util.h"
#include "sign-checks.h"

/* Pixels of slack around a rectangle for anti-aliasing. */
#define MARGIN 2
/* How far the seal's edges may be from the rectangle's, in pixels. */
#define EDGE_SLACK 3

static guint render_counter;
/* file version, page and renderer → PNG already rendered */
static GHashTable *renders;

char *
sign_render_page (const char   *pdf,
                  int           page,
                  SignRenderer  renderer,
                  const char   *workdir)
{
  g_autofree char *page_text = g_strdup_printf ("%d", page);
  g_autofree char *base = g_strdup_printf ("render-%u", ++render_counter);
  g_autofree char *prefix = g_build_filename (workdir, base, NULL);
  char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *version = sign_file_version (pdf);
  g_autofree char *key = g_strdup_printf ("%s|%d|%d", version, page, renderer);
  const char *known;
  int status;

  if (renders == NULL)
    renders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known = g_hash_table_lookup (renders, key);
  if (known != NULL && g_file_test (known, G_FILE_TEST_IS_REGULAR))
    {
      g_free (png);
      return g_strdup (known);
    }

  if (renderer == SIGN_RENDER_MUTOOL)
    status = sd_test_run ((const char *[]) { "mutool", "draw", "-q", "-F", "png",
                                              "-r", "72", "-o", png, pdf, page_text,
                                              NULL }, NULL, NULL, &err);
  else
    status = sd_test_run ((const char *[]) { "pdftoppm", "-r", "72", "-png",
                                              "-cropbox", "-f", page_text, "-l", page_text,
                                              "-singlefile", pdf, prefix, NULL },
                          NULL, NULL, &err);
  if (status != 0 || !g_file_test (png, G_FILE_TEST_IS_REGULAR))
    {
      sign_fail ("%s could not render page %d of %s (%d):\n%s",
                 renderer == SIGN_RENDER_MUTOOL ? "mutool draw" : "pdftoppm",
                 page, pdf, status, err ? err : "");
      g_free (png);
      return NULL;
    }
  g_hash_table_replace (renders, g_steal_pointer (&key), g_strdup (png));
  return png;
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);

  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS)
    {
      sign_fail ("cannot load %s: %s", path,
                 cairo_status_to_string (cairo_surface_status (s)));
      cairo_surface_destroy (s);
      return NULL;
    }
  cairo_surface_flush (s);
  return s;
}

gboolean
sign_page_size (const char *pdf,
                int         page,
                const char *workdir,
                double     *width,
                double     *height)
{
  g_autofree char *png = sign_render_page (pdf, page, SIGN_RENDER_MUTOOL, workdir);
  cairo_surface_t *s;

  if (png == NULL || (s = load_png (png)) == NULL)
    return FALSE;
  /* 72 dpi: one pixel per point. */
  *width = cairo_image_surface_get_width (s);
  *height = cairo_image_surface_get_height (s);
  cairo_surface_destroy (s);
  return TRUE;
}

/* The pixel at (x, y) as opaque RGB over white. */
static void
pixel (cairo_surface_t *s,
       int              x,
       int              y,
       int              rgb[3])
{
  const guint8 *row = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s);
  guint32 p = ((const guint32 *) row)[x];
  int a = cairo_image_surface_get_format (s) == CAIRO_FORMAT_ARGB32 ? (p >> 24) & 0xff : 255;

  rgb[0] = ((p >> 16) & 0xff) + 255 - a;
  rgb[1] = ((p >> 8) & 0xff) + 255 - a;
  rgb[2] = (p & 0xff) + 255 - a;
}

static gboolean
is_red (const int c[3])
{
  return c[0] > 200 && c[1] < 60 && c[2] < 60;
}

static gboolean
is_blue (const int c[3])
{
  return c[2] > 200 && c[0] < 60 && c[1] < 60;
}

typedef struct {
  double x0, y0, x1, y1;            /* expected, in pixels, y down */
  guint  n_red, n_blue;
  double red_x, red_y, blue_x, blue_y;   /* sums, then centroids */
  double red_max_y, blue_min_y;
  double bx0, by0, bx1, by1;        /* bounding box of new seal pixels */
} Area;

static gboolean
in_area (const Area *a,
         int         x,
         int         y)
{
  return x + 0.5 >= a->x0 - MARGIN && x + 0.5 <= a->x1 + MARGIN
         && y + 0.5 >= a->y0 - MARGIN && y + 0.5 <= a->y1 + MARGIN;
}

static void
area_add (Area    *a,
          int      x,
          int      y,
          gboolean red)
{
  if (red)
    {
      a->n_red++;
      a->red_x += x + 0.5;
      a->red_y += y + 0.5;
      a->red_max_y = MAX (a->red_max_y, y + 1);
    }
  else
    {
      a->n_blue++;
      a->blue_x += x + 0.5;
      a->blue_y += y + 0.5;
      a->blue_min_y = MIN (a->blue_min_y, y);
    }
  a->bx0 = MIN (a->bx0, x);
  a->by0 = MIN (a->by0, y);
  a->bx1 = MAX (a->bx1, x + 1);
  a->by1 = MAX (a->by1, y + 1);
}

static gboolean
check_area (const Area     *a,
            const SignRect *r,
            const char     *what)
{
  double w = a->x1 - a->x0, h = a->y1 - a->y0;
  double rx, ry, bx, by;

  g_test_message ("%s: seal at %g,%g %gx%g (pixels %.0f..%.0f x %.0f..%.0f): "
                  "%u new red, %u new blue, box %.0f..%.0f x %.0f..%.0f", what,
                  r->x, r->y, r->w, r->h, a->x0, a->x1, a->y0, a->y1,
                  a->n_red, a->n_blue, a->bx0, a->bx1, a->by0, a->by1);
  SIGN_CHECK (a->n_red >= 0.5 * SIGN_SEAL_RED_FRACTION * w * h,
              "%s: the seal at %g,%g is not visible: %u new red pixels in its "
              "rectangle, expected about %.0f", what, r->x, r->y, a->n_red,
              SIGN_SEAL_RED_FRACTION * w * h);
  SIGN_CHECK (a->n_blue >= 0.5 * SIGN_SEAL_BLUE_FRACTION * w * h,
              "%s: the seal at %g,%g shows %u new blue pixels in its rectangle, "
              "expected about %.0f", what, r->x, r->y, a->n_blue,
              SIGN_SEAL_BLUE_FRACTION * w * h);
  rx = a->red_x / a->n_red;
  ry = a->red_y / a->n_red;
  bx = a->blue_x / a->n_blue;
  by = a->blue_y / a->n_blue;
  g_test_message ("%s: red centroid %.1f,%.1f; blue centroid %.1f,%.1f", what,
                  rx, ry, bx, by);
  SIGN_CHECK (ry < by - 0.3 * h,
              "%s: the seal at %g,%g is not upright: red centroid y %.1f is not "
              "above blue centroid y %.1f (image rows, down)", what, r->x, r->y, ry, by);
  SIGN_CHECK (rx < bx - 0.1 * w,
              "%s: the seal at %g,%g is mirrored or turned: red centroid x %.1f is "
              "not left of blue centroid x %.1f", what, r->x, r->y, rx, bx);
  SIGN_CHECK (a->red_max_y <= a->y0 + 0.5 * h + MARGIN
              && a->blue_min_y >= a->y0 + 0.5 * h - MARGIN,
              "%s: the seal at %g,%g is not upright: red reaches row %.0f, blue "
              "starts at row %.0f, the rectangle's middle is row %.0f", what,
              r->x, r->y, a->red_max_y, a->blue_min_y, a->y0 + 0.5 * h);
  SIGN_CHECK (fabs (a->bx0 - a->x0) <= EDGE_SLACK && fabs (a->bx1 - a->x1) <= EDGE_SLACK
              && fabs (a->by0 - a->y0) <= EDGE_SLACK && fabs (a->by1 - a->y1) <= EDGE_SLACK,
              "%s: the seal placed at %g,%g %gx%g shows at pixels %.0f..%.0f x "
              "%.0f..%.0f, expected %.0f..%.0f x %.0f..%.0f", what, r->x, r->y,
              r->w, r->h, a->bx0, a->bx1, a->by0, a->by1, a->x0, a->x1, a->y0, a->y1);
  return TRUE;
}

static gboolean
check_page (cairo_surface_t *before,
            cairo_surface_t *after,
            const SignRect  *rects,
            guint            n_rects,
            int              page,
            const char      *what)
{
  int w = cairo_image_surface_get_width (after);
  int h = cairo_image_surface_get_height (after);
  g_autofree Area *areas = g_new0 (Area, n_rects);
  guint n_areas = 0, outside = 0;
  int first_x = -1, first_y = -1;
  gboolean ok = TRUE;

  SIGN_CHECK (w == cairo_image_surface_get_width (before)
              && h == cairo_image_surface_get_height (before),
              "%s: page %d is %dx%d pixels after signing, %dx%d before", what, page,
              w, h, cairo_image_surface_get_width (before),
              cairo_image_surface_get_height (before));

  for (guint i = 0; i < n_rects; i++)
    {
      Area *a;

      if (rects[i].page != page)
        continue;
      a = &areas[n_areas++];
      /* Visible coordinates (origin bottom-left) to image rows (down). */
      a->x0 = rects[i].x;
      a->x1 = rects[i].x + rects[i].w;
      a->y0 = h - rects[i].y - rects[i].h;
      a->y1 = h - rects[i].y;
      a->bx0 = a->by0 = a->blue_min_y = G_MAXDOUBLE;
      a->bx1 = a->by1 = a->red_max_y = -G_MAXDOUBLE;
    }

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int ca[3], cb[3];
        gboolean red, blue, inside = FALSE;

        pixel (after, x, y, ca);
        pixel (before, x, y, cb);
        red = is_red (ca) && !is_red (cb);
        blue = is_blue (ca) && !is_blue (cb);
        if (!red && !blue)
          continue;
        for (guint i = 0; i < n_areas; i++)
          if (in_area (&areas[i], x, y))
            {
              inside = TRUE;
              area_add (&areas[i], x, y, red);
            }
        if (red && !inside && outside++ == 0)
          {
            first_x = x;
            first_y = y;
          }
      }

  if (outside > 0)
    {
      sign_fail ("%s: page %d has %u new red pixels outside the seal rectangles "
                 "(the first at pixel %d,%d)", what, page, outside, first_x, first_y);
      ok = FALSE;
    }
  for (guint n = 0, i = 0; i < n_rects; i++)
    if (rects[i].page == page)
      ok &= check_area (&areas[n++], &rects[i], what);
  return ok;
}

gboolean
sign_check_seals_visible (const char     *before,
                          const char     *after,
                          const SignRect *rects,
                          guint           n_rects,
                          SignRenderer    renderer,
                          const char     *workdir)
{
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);
  const char *tool = renderer == SIGN_RENDER_MUTOOL ? "mutool" : "pdftoppm";
  gboolean ok = TRUE;

  for (guint i = 0; i < n_rects; i++)
    {
      int page = rects[i].page;
      g_autofree char *png_before = NULL;
      g_autofree char *png_after = NULL;
      g_autofree char *what = NULL;
      cairo_surface_t *sb, *sa;

      if (!g_hash_table_add (done, GINT_TO_POINTER (page)))
        continue;
      png_before = sign_render_page (before, page, renderer, workdir);
      png_after = sign_render_page (after, page, renderer, workdir);
      if (png_before == NULL || png_after == NULL)
        {
          ok = FALSE;
          continue;
        }
      sb = load_png (png_before);
      sa = load_png (png_after);
      what = g_strdup_printf ("%s, page %d of %s", tool, page, after);
      if (sb != NULL && sa != NULL)
        ok &= check_page (sb, sa, rects, n_rects, page, what);
      else
        ok = FALSE;
      g_clear_pointer (&sb, cairo_surface_destroy);
      g_clear_pointer (&sa, cairo_surface_destroy);
    }
  return ok;
}

gboolean
sign_check_page_unchanged (const char *before,
                           const char *after,
                           int         page,
                           const char *workdir)
{
  g_autofree char *png_before = sign_render_page (before, page, SIGN_RENDER_MUTOOL, workdir);
  g_autofree char *png_after = sign_render_page (after, page, SIGN_RENDER_MUTOOL, workdir);
  cairo_surface_t *sb = NULL, *sa = NULL;
  guint changed = 0;
  int w, h;

  if (png_before == NULL || png_after == NULL
      || (sb = load_png (png_before)) == NULL || (sa = load_png (png_after)) == NULL)
    {
      g_clear_pointer (&sb, cairo_surface_destroy);
      return FALSE;
    }
  w = cairo_image_surface_get_width (sa);
  h = cairo_image_surface_get_height (sa);
  if (w == cairo_image_surface_get_width (sb) && h == cairo_image_surface_get_height (sb))
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          int ca[3], cb[3];

          pixel (sa, x, y, ca);
          pixel (sb, x, y, cb);
          if (ABS (ca[0] - cb[0]) > 8 || ABS (ca[1] - cb[1]) > 8 || ABS (ca[2] - cb[2]) > 8)
            changed++;
        }
  else
    changed = G_MAXUINT;
  cairo_surface_destroy (sb);
  cairo_surface_destroy (sa);
  SIGN_CHECK (changed == 0, "page %d of %s looks different after an invisible "
              "signature (%u pixels changed)", page, after, changed);
  return TRUE;
}
