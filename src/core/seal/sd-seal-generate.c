/* sd-seal-generate.c: official and personal seals drawn with cairo and Pango
 *
 * The surface is scaled once, so everything below is in millimetres; the
 * lettering itself is in sd-seal-text.c.
 *
 * Round and oval seals share one layout (EllipseStyle, in fractions of the
 * seal's height): a thick outer ring and a thin inner one, a solid star, the
 * name along 210° to 240° of the upper arc, the title across below the star,
 * the number small along the bottom. Characters along an arc are spaced by
 * the length of the ellipse through their inner edges, so neighbours never
 * touch there, whatever the curvature.
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "sd-seal-generate.h"
#include "sd-seal-text-private.h"

#define SHRINK_STEPS 5 /* text may shrink 5 × 5 % to fit */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* Round and oval seals, in fractions of the seal's height. */
typedef struct
{
  double ring, ring_gap, inner, text_gap; /* outer ring to the text */
  double org_h, org_min_deg, org_max_deg; /* degrees of ellipse parameter */
  double star_r, star_y;
  double title_h, title_y, title_w;
  double number_h, number_deg;
} EllipseStyle;

static const EllipseStyle round_style = {
  0.030, 0.018, 0.007, 0.016,
  0.150, 210, 240,
  0.160, 0.0,
  0.100, 0.200, 0.44,
  0.048, 100,
};

static const EllipseStyle oval_style = {
  0.035, 0.022, 0.010, 0.020,
  0.170, 210, 240,
  0.165, -0.045,
  0.120, 0.190, 0.66,
  0.062, 90,
};

static void
stroke_ellipse (cairo_t *cr,
                double   cx,
                double   cy,
                double   a,
                double   b,
                double   width)
{
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, a, b);
  cairo_new_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
stroke_square (cairo_t *cr,
               double   inset,
               double   side,
               double   width)
{
  cairo_rectangle (cr, inset, inset, side - 2 * inset, side - 2 * inset);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
fill_star (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (int i = 0; i < 10; i++)
    {
      double rr = i % 2 != 0 ? r * 0.381966 : r; /* sin 18° / sin 54° */

      cairo_line_to (cr, cx + rr * sin (i * G_PI / 5), cy - rr * cos (i * G_PI / 5));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

static gboolean
too_long (GError    **error,
          const char *text)
{
  g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
               _("“%s” is too long to fit on the seal: choose a larger seal or shorter text"),
               text);
  return FALSE;
}

static gboolean
draw_ellipse_seal (cairo_t            *cr,
                   PangoLayout        *layout,
                   const SdSealDesign *design,
                   double              width,
                   double              height,
                   GError            **error)
{
  const EllipseStyle *st = design->shape == SD_SEAL_SHAPE_OVAL ? &oval_style : &round_style;
  double              u = height, a = width / 2, b = height / 2;
  double              rim = (st->ring + st->ring_gap + st->inner + st->text_gap) * u;
  double              in = (st->ring + st->ring_gap + st->inner / 2) * u;
  double              h = st->org_h * u, narrow, gap;
  SdSealArc           arc = { a, b, 0, 0, 0, 0, FALSE };
  g_autoptr (SdSealRun) run = sd_seal_run_new (layout, design->org, error);

  if (run == NULL)
    return FALSE;
  stroke_ellipse (cr, a, b, a - st->ring * u / 2, b - st->ring * u / 2, st->ring * u);
  stroke_ellipse (cr, a, b, a - in, b - in, st->inner * u);
  fill_star (cr, a, b + st->star_y * u, st->star_r * u);

  for (int step = 0; !sd_seal_fit_arc (run, &arc, a - rim, b - rim, h, st->org_min_deg,
                                       st->org_max_deg, 0.85, 0.08, &narrow, &gap);
       step++)
    {
      if (step == SHRINK_STEPS)
        return too_long (error, design->org);
      h = st->org_h * u * (1 - 0.05 * (step + 1));
    }
  sd_seal_draw_arc (cr, run, &arc, h, narrow, gap);

  if (design->title != NULL && design->title[0] != '\0')
    {
      g_clear_pointer (&run, sd_seal_run_free);
      if ((run = sd_seal_run_new (layout, design->title, error)) == NULL)
        return FALSE;
      h = st->title_h * u;
      for (int step = 0;
           !sd_seal_fit_width (run, h, sd_seal_run_gap (run, h, 0.12), st->title_w * u, 0.9,
                               &narrow);
           step++)
        {
          if (step == SHRINK_STEPS)
            return too_long (error, design->title);
          h = st->title_h * u * (1 - 0.05 * (step + 1));
        }
      gap = sd_seal_run_gap (run, h, 0.12);
      sd_seal_draw_row (cr, run, a, b + st->title_y * u, h, narrow, gap);
    }

  if (design->number != NULL && design->number[0] != '\0')
    {
      g_clear_pointer (&run, sd_seal_run_free);
      if ((run = sd_seal_run_new (layout, design->number, error)) == NULL)
        return FALSE;
      arc.bottom = TRUE;
      if (!sd_seal_fit_arc (run, &arc, a - rim, b - rim, st->number_h * u, 0, st->number_deg, 1.0,
                            0.12, &narrow, &gap))
        return too_long (error, design->number);
      sd_seal_draw_arc (cr, run, &arc, st->number_h * u, narrow, gap);
    }
  return TRUE;
}

/* Square: border, the name in one to three rows, the title as a last row,
 * the number small along the bottom edge. Rows are spread to the full width. */
static gboolean
draw_square_seal (cairo_t            *cr,
                  PangoLayout        *layout,
                  const SdSealDesign *design,
                  double              side,
                  GError            **error)
{
  double      ring = 0.035 * side, m = ring + 0.058 * side, top = m, bottom = side - m;
  double      width = side - 2 * m, h = 0, narrow = 0;
  glong       n = g_utf8_strlen (design->org, -1);
  gboolean    title = design->title != NULL && design->title[0] != '\0';
  const char *worst = design->org;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_seal_run_free);

  stroke_square (cr, ring / 2, side, ring);
  stroke_square (cr, ring + 0.024 * side, side, 0.008 * side);

  if (design->number != NULL && design->number[0] != '\0')
    {
      g_autoptr (SdSealRun) run = sd_seal_run_new (layout, design->number, error);
      double hn = 0.05 * side, gap, nn;

      if (run == NULL)
        return FALSE;
      gap = sd_seal_run_gap (run, hn, 0.12);
      if (!sd_seal_fit_width (run, hn, gap, width, 1.0, &nn))
        return too_long (error, design->number);
      sd_seal_draw_row (cr, run, side / 2, bottom - hn / 2, hn, nn, gap);
      bottom -= hn + 0.03 * side;
    }

  for (glong k = 1; k <= MIN (3, n) && narrow < SD_SEAL_MIN_NARROW; k++)
    {
      glong start = 0;

      g_ptr_array_set_size (rows, 0);
      h = 0.78 * (bottom - top) / (k + (title ? 1 : 0));
      narrow = 1.0;
      for (glong r = 0; r < k + (title ? 1 : 0); r++)
        {
          glong            count = n / k + (r < n % k ? 1 : 0);
          g_autofree char *text = NULL;
          SdSealRun       *run;
          double           row_narrow;

          if (r < k)
            text = g_utf8_substring (design->org, start, start + count);
          run = sd_seal_run_new (layout, r < k ? text : design->title, error);
          if (run == NULL)
            return FALSE;
          g_ptr_array_add (rows, run);
          if (!sd_seal_fit_width (run, h, sd_seal_run_gap (run, h, 0.06), width, 1.0, &row_narrow))
            row_narrow = 0;
          if (row_narrow < narrow)
            worst = r < k ? design->org : design->title;
          narrow = MIN (narrow, row_narrow);
          start += count;
        }
    }
  if (narrow < SD_SEAL_MIN_NARROW)
    return too_long (error, worst);

  for (guint r = 0; r < rows->len; r++)
    {
      const SdSealRun *run = rows->pdata[r];
      guint            count = sd_seal_run_length (run);
      double           rh = (bottom - top) / rows->len;
      double           gap = count > 1 ? (width - run->advance * h * narrow) / (count - 1) : 0;

      sd_seal_draw_row (cr, run, side / 2, top + rh * (r + 0.5), h, narrow, MIN (gap, 0.5 * h));
    }
  return TRUE;
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A transparent canvas @width_mm wide at about @dpi, scaled to millimetres;
 * @height_mm is set to the height it stands for, a whole number of pixels. */
static cairo_t *
canvas_new (double  width_mm,
            double *height_mm,
            int     dpi)
{
  int              pw = MAX (1, (int) lround (width_mm * dpi / 25.4));
  double           f = pw / width_mm;
  int              ph = MAX (1, (int) lround (*height_mm * f));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t         *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  *height_mm = ph / f;
  cairo_scale (cr, f, f);
  cairo_set_source_rgb (cr, 0.82, 0.06, 0.09);
  return cr;
}

static GBytes *
canvas_to_png (cairo_t *cr,
               GError **error)
{
  g_autoptr (GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface = cairo_get_target (cr);

  cairo_surface_flush (surface);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS
      || cairo_surface_write_to_png_stream (surface, append_png, png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("The seal picture could not be drawn: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static gboolean
check_dpi (int      dpi,
           GError **error)
{
  if (dpi >= 72 && dpi <= 1200)
    return TRUE;
  g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
               _("A seal picture is drawn at 72 to 1200 dots per inch, not %d"), dpi);
  return FALSE;
}

/* A copy of @text without surrounding white space; NULL for NULL. */
static char *
clean_text (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

static gboolean
valid_text (const char *text,
            GError    **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED, _("The seal text is not valid UTF-8"));
  return FALSE;
}

GBytes *
sd_seal_generate_official (const SdSealDesign *design,
                           int                 dpi,
                           double             *width_mm,
                           double             *height_mm,
                           GError            **error)
{
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (cairo_t) cr = NULL;
  g_autofree char *org = NULL;
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  SdSealDesign     clean;
  double           size, height;
  gboolean         ok;

  g_return_val_if_fail (design != NULL, NULL);

  size = design->size_mm == 0 ? 42 : design->size_mm;
  if (!(size >= 38 && size <= 60))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("An official seal is 38 to 60 mm across, not %.1f mm"), size);
      return NULL;
    }
  if (!check_dpi (dpi, error) || !valid_text (design->org, error)
      || !valid_text (design->title, error) || !valid_text (design->number, error))
    return NULL;
  clean = *design;
  clean.org = org = clean_text (design->org);
  clean.title = title = clean_text (design->title);
  clean.number = number = clean_text (design->number);
  if (org == NULL || org[0] == '\0')
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("An official seal needs the name of the organisation"));
      return NULL;
    }

  height = design->shape == SD_SEAL_SHAPE_OVAL ? size * 2 / 3 : size;
  cr = canvas_new (size, &height, dpi);
  layout = sd_seal_layout_new ();
  if (design->shape == SD_SEAL_SHAPE_SQUARE)
    ok = draw_square_seal (cr, layout, &clean, size, error);
  else
    ok = draw_ellipse_seal (cr, layout, &clean, size, height, error);
  if (!ok)
    return NULL;

  if (width_mm != NULL)
    *width_mm = size;
  if (height_mm != NULL)
    *height_mm = height;
  return canvas_to_png (cr, error);
}

GBytes *
sd_seal_generate_name (const char *name,
                       double      size_mm,
                       int         dpi,
                       double     *width_mm,
                       double     *height_mm,
                       GError    **error)
{
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (cairo_t) cr = NULL;
  g_autoptr (SdSealRun) run = NULL;
  g_autofree char *text = NULL;
  double           size = size_mm == 0 ? 18 : size_mm, height = size;
  double           ring, m, cell_w, cell_h, box_w, box_h;
  glong            n, rows;

  if (!(size >= 10 && size <= 30))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("A name seal is 10 to 30 mm across, not %.1f mm"), size);
      return NULL;
    }
  if (!check_dpi (dpi, error) || !valid_text (name, error))
    return NULL;
  text = clean_text (name != NULL ? name : "");
  n = g_utf8_strlen (text, -1);
  if (n != 2 && n != 4)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("A name seal has 2 or 4 characters; “%s” has %ld"), text, (long) n);
      return NULL;
    }

  cr = canvas_new (size, &height, dpi);
  layout = sd_seal_layout_new ();
  if ((run = sd_seal_run_new (layout, text, error)) == NULL)
    return NULL;
  run->bold = 0.04;

  ring = 0.08 * size;
  stroke_square (cr, ring / 2, size, ring);
  m = ring + 0.045 * size;
  rows = n / 2;
  cell_w = (size - 2 * m) / 2;
  cell_h = (size - 2 * m) / rows;
  box_w = cell_w - 0.035 * size;
  box_h = cell_h - 0.035 * size;
  /* Right to left in columns: the first column is the right one. */
  for (glong i = 0; i < n; i++)
    sd_seal_draw_glyph (cr, run, i, m + cell_w * (1 - i / rows + 0.5),
                        m + cell_h * (i % rows + 0.5), 0,
                        (box_w / box_h) * (run->ref_h / run->ref_w), box_h);

  if (width_mm != NULL)
    *width_mm = size;
  if (height_mm != NULL)
    *height_mm = height;
  return canvas_to_png (cr, error);
}
