/* sd-seal-generate.c: official and personal seals drawn with cairo and Pango
 *
 * The surface is scaled once, so everything below is in millimetres. Each
 * character is laid out on its own with Pango and added to the path as an
 * outline: it can then be turned to face the rim and narrowed, the way seal
 * engravers narrow a long name. Hinting is off and glyph positions are not
 * rounded, so the pixels depend on the design alone.
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
#include <string.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "sd-seal-generate.h"

#define SEAL_FONT    "Noto Serif CJK SC, Noto Sans CJK SC, serif"
#define MEASURE_SIZE 100.0 /* font size characters are measured at */
#define MIN_NARROW   0.5   /* narrowest character, as width / usual width */
#define MIN_SHRINK   0.75  /* smallest name, as a fraction of the usual height */
#define DEG          (G_PI / 180.0)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

typedef struct
{
  char   text[8]; /* one character, UTF-8 */
  double advance; /* logical width / ink height of the reference */
  double centre;  /* logical centre, from the layout origin, at MEASURE_SIZE */
} Glyph;

/* One line of text, split into characters and measured. A character drawn
 * h tall (the ink height of "国", or of "H" in text without wide characters)
 * is h × advance × narrow wide. */
typedef struct
{
  PangoLayout *layout; /* shared, not owned */
  GArray      *glyphs;
  double       ref_w, ref_h; /* ink size of the reference at MEASURE_SIZE */
  double       ref_cy;       /* its ink centre, below the layout top */
  double       advance;      /* sum of the glyphs' advances */
} Run;

static void
run_free (Run *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->glyphs, g_array_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

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
  0.170, -0.035,
  0.120, 0.205, 0.66,
  0.062, 90,
};

/* Centres on the ellipse (a, b) around (cx, cy), spaced along (ai, bi), the
 * ellipse of the inner edges. Upper arc: tops outwards, read clockwise;
 * lower arc: tops towards the centre, read left to right. */
typedef struct
{
  double   cx, cy, a, b, ai, bi;
  gboolean bottom;
} Arc;

static PangoLayout *
seal_layout_new (void)
{
  g_autoptr (PangoFontMap) map = pango_cairo_font_map_new ();
  g_autoptr (PangoFontDescription) desc = pango_font_description_new ();
  PangoContext         *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoLayout          *layout;

  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));

  pango_font_description_set_family (desc, SEAL_FONT);
  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (desc, MEASURE_SIZE * PANGO_SCALE);
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, desc);
  g_object_unref (context);
  return layout;
}

static gboolean
measure (PangoLayout    *layout,
         const char     *text,
         PangoRectangle *ink,
         PangoRectangle *logical)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, ink, logical);
  return pango_layout_get_unknown_glyphs_count (layout) == 0;
}

static Run *
run_new (PangoLayout *layout,
         const char  *text,
         GError     **error)
{
  g_autoptr (Run) run = g_new0 (Run, 1);
  PangoRectangle ink, logical;
  gboolean       wide = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    wide |= g_unichar_iswide (g_utf8_get_char (p));
  measure (layout, wide ? "国" : "H", &ink, &logical);
  run->layout = layout;
  run->ref_w = (double) ink.width / PANGO_SCALE;
  run->ref_h = (double) ink.height / PANGO_SCALE;
  run->ref_cy = (ink.y + ink.height / 2.0) / PANGO_SCALE;
  if (run->ref_w <= 0 || run->ref_h <= 0)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("No font for seal text is installed (install Noto Serif CJK)"));
      return NULL;
    }

  run->glyphs = g_array_new (FALSE, TRUE, sizeof (Glyph));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      Glyph    glyph = { { 0 }, 0, 0 };

      memcpy (glyph.text, p, g_utf8_next_char (p) - p);
      if (!g_unichar_isprint (c))
        {
          g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                       _("The seal text “%s” contains a control character"), text);
          return NULL;
        }
      if (!measure (layout, glyph.text, &ink, &logical) && !g_unichar_isspace (c))
        {
          g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                       _("No installed font can show “%s” of the seal text “%s”"), glyph.text,
                       text);
          return NULL;
        }
      glyph.advance = (double) logical.width / PANGO_SCALE / run->ref_h;
      glyph.centre = (logical.x + logical.width / 2.0) / PANGO_SCALE;
      run->advance += glyph.advance;
      g_array_append_val (run->glyphs, glyph);
    }
  return g_steal_pointer (&run);
}

/* Fills character @i with its centre at (@x, @y), turned by @angle
 * (clockwise; 0 is upright), @h tall and @narrow times its usual width. */
static void
draw_glyph (cairo_t   *cr,
            const Run *run,
            guint      i,
            double     x,
            double     y,
            double     angle,
            double     narrow,
            double     h)
{
  const Glyph *glyph = &g_array_index (run->glyphs, Glyph, i);
  double       k = h / run->ref_h;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, angle);
  cairo_scale (cr, k * narrow, k);
  pango_layout_set_text (run->layout, glyph->text, -1);
  cairo_move_to (cr, -glyph->centre, -run->ref_cy);
  pango_cairo_layout_path (cr, run->layout);
  cairo_restore (cr);
  cairo_fill (cr);
}

static double
glyph_width (const Run *run,
             guint      i,
             double     h,
             double     narrow)
{
  return g_array_index (run->glyphs, Glyph, i).advance * h * narrow;
}

static double
run_width (const Run *run,
           double     h,
           double     narrow,
           double     gap)
{
  return run->advance * h * narrow + (run->glyphs->len - 1) * gap;
}

/* Narrowing that makes @run (h tall, @gap apart) @width long, at most
 * @max_narrow; FALSE when it would have to be narrower than MIN_NARROW. */
static gboolean
fit_width (const Run *run,
           double     h,
           double     gap,
           double     width,
           double     max_narrow,
           double    *narrow)
{
  *narrow = MIN (max_narrow, (width - (run->glyphs->len - 1) * gap) / (run->advance * h));
  return *narrow >= MIN_NARROW;
}

static void
draw_row (cairo_t   *cr,
          const Run *run,
          double     cx,
          double     cy,
          double     h,
          double     narrow,
          double     gap)
{
  double x = cx - run_width (run, h, narrow, gap) / 2;

  for (guint i = 0; i < run->glyphs->len; i++)
    {
      double w = glyph_width (run, i, h, narrow);

      draw_glyph (cr, run, i, x + w / 2, cy, 0, narrow, h);
      x += w + gap;
    }
}

/* Length of the ellipse (a sin t, b cos t) from 0 to t (Simpson's rule). */
static double
arc_length (double a,
            double b,
            double t)
{
  const int n = 256;
  double    step = fabs (t) / n, sum = 0;

  for (int i = 0; i <= n; i++)
    {
      double u = i * step;
      double f = sqrt (a * a * cos (u) * cos (u) + b * b * sin (u) * sin (u));

      sum += f * (i == 0 || i == n ? 1 : (i % 2 != 0 ? 4 : 2));
    }
  return copysign (sum * step / 3, t);
}

static double
arc_param (double a,
           double b,
           double s)
{
  double lo = 0, hi = G_PI;

  for (int i = 0; i < 48; i++)
    {
      double mid = (lo + hi) / 2;

      if (arc_length (a, b, mid) < fabs (s))
        lo = mid;
      else
        hi = mid;
    }
  return copysign ((lo + hi) / 2, s);
}

/* Places @run, @h tall, inside the ellipse (@rim_a, @rim_b): over at most
 * @max_deg of it and, when the characters allow, about @min_deg. */
static gboolean
fit_arc (const Run *run,
         Arc       *arc,
         double     rim_a,
         double     rim_b,
         double     h,
         double     min_deg,
         double     max_deg,
         double     max_narrow,
         double     spacing,
         double    *narrow,
         double    *gap)
{
  guint  n = run->glyphs->len;
  double avail, want;

  arc->a = rim_a - h / 2;
  arc->b = rim_b - h / 2;
  arc->ai = rim_a - h;
  arc->bi = rim_b - h;
  avail = 2 * arc_length (arc->ai, arc->bi, max_deg / 2 * DEG);
  want = 2 * arc_length (arc->ai, arc->bi, min_deg / 2 * DEG);
  *gap = spacing * h;
  if (!fit_width (run, h, *gap, avail, max_narrow, narrow))
    return FALSE;
  if (n > 1)
    *gap = CLAMP ((want - run->advance * h * *narrow) / (n - 1), *gap, 0.9 * h);
  return TRUE;
}

static void
draw_arc (cairo_t   *cr,
          const Run *run,
          const Arc *arc,
          double     h,
          double     narrow,
          double     gap)
{
  double pos = -run_width (run, h, narrow, gap) / 2;

  for (guint i = 0; i < run->glyphs->len; i++)
    {
      double w = glyph_width (run, i, h, narrow);
      double t = arc_param (arc->ai, arc->bi, pos + w / 2);
      double s = sin (t), c = cos (t);

      if (arc->bottom)
        draw_glyph (cr, run, i, arc->cx + arc->a * s, arc->cy + arc->b * c,
                    atan2 (-s / arc->a, c / arc->b), narrow, h);
      else
        draw_glyph (cr, run, i, arc->cx + arc->a * s, arc->cy - arc->b * c,
                    atan2 (s / arc->a, c / arc->b), narrow, h);
      pos += w + gap;
    }
}

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
                   const char         *org,
                   double              width,
                   double              height,
                   GError            **error)
{
  const EllipseStyle *st = design->shape == SD_SEAL_SHAPE_OVAL ? &oval_style : &round_style;
  double              u = height, a = width / 2, b = height / 2;
  double              rim = (st->ring + st->ring_gap + st->inner + st->text_gap) * u;
  double              in = (st->ring + st->ring_gap + st->inner / 2) * u;
  double              h = st->org_h * u, narrow, gap;
  Arc                 arc = { a, b, 0, 0, 0, 0, FALSE };
  g_autoptr (Run) run = run_new (layout, org, error);

  if (run == NULL)
    return FALSE;
  stroke_ellipse (cr, a, b, a - st->ring * u / 2, b - st->ring * u / 2, st->ring * u);
  stroke_ellipse (cr, a, b, a - in, b - in, st->inner * u);
  fill_star (cr, a, b + st->star_y * u, st->star_r * u);

  while (!fit_arc (run, &arc, a - rim, b - rim, h, st->org_min_deg, st->org_max_deg, 0.85, 0.08,
                   &narrow, &gap))
    {
      h -= 0.05 * st->org_h * u;
      if (h < MIN_SHRINK * st->org_h * u - 1e-9)
        return too_long (error, org);
    }
  draw_arc (cr, run, &arc, h, narrow, gap);

  if (design->title != NULL && design->title[0] != '\0')
    {
      g_clear_pointer (&run, run_free);
      if ((run = run_new (layout, design->title, error)) == NULL)
        return FALSE;
      h = st->title_h * u;
      gap = 0.12 * h;
      if (!fit_width (run, h, gap, st->title_w * u, 0.9, &narrow))
        return too_long (error, design->title);
      draw_row (cr, run, a, b + st->title_y * u, h, narrow, gap);
    }

  if (design->number != NULL && design->number[0] != '\0')
    {
      g_clear_pointer (&run, run_free);
      if ((run = run_new (layout, design->number, error)) == NULL)
        return FALSE;
      arc.bottom = TRUE;
      if (!fit_arc (run, &arc, a - rim, b - rim, st->number_h * u, 0, st->number_deg, 1.0, 0.12,
                    &narrow, &gap))
        return too_long (error, design->number);
      draw_arc (cr, run, &arc, st->number_h * u, narrow, gap);
    }
  return TRUE;
}

/* Square: border, the name in one to three rows, the title as a last row,
 * the number small along the bottom edge. Rows are spread to the full width. */
static gboolean
draw_square_seal (cairo_t            *cr,
                  PangoLayout        *layout,
                  const SdSealDesign *design,
                  const char         *org,
                  double              side,
                  GError            **error)
{
  double    ring = 0.035 * side, m = ring + 0.058 * side, top = m, bottom = side - m;
  double    width = side - 2 * m, h = 0, narrow = 0;
  glong     n = g_utf8_strlen (org, -1);
  gboolean  title = design->title != NULL && design->title[0] != '\0';
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);

  stroke_square (cr, ring / 2, side, ring);
  stroke_square (cr, ring + 0.024 * side, side, 0.008 * side);

  if (design->number != NULL && design->number[0] != '\0')
    {
      g_autoptr (Run) run = run_new (layout, design->number, error);
      double hn = 0.05 * side, gap = 0.12 * hn, nn;

      if (run == NULL)
        return FALSE;
      if (!fit_width (run, hn, gap, width, 1.0, &nn))
        return too_long (error, design->number);
      draw_row (cr, run, side / 2, bottom - hn / 2, hn, nn, gap);
      bottom -= hn + 0.03 * side;
    }

  for (glong k = 1; k <= MIN (3, n) && narrow < MIN_NARROW; k++)
    {
      glong start = 0;

      g_ptr_array_set_size (rows, 0);
      h = 0.78 * (bottom - top) / (k + (title ? 1 : 0));
      narrow = 1.0;
      for (glong r = 0; r < k + (title ? 1 : 0); r++)
        {
          glong            count = n / k + (r < n % k ? 1 : 0);
          g_autofree char *text = r < k ? g_utf8_substring (org, start, start + count) : NULL;
          Run             *run = run_new (layout, r < k ? text : design->title, error);
          double           row_narrow;

          if (run == NULL)
            return FALSE;
          g_ptr_array_add (rows, run);
          if (!fit_width (run, h, 0.06 * h, width, 1.0, &row_narrow))
            row_narrow = 0;
          narrow = MIN (narrow, row_narrow);
          start += count;
        }
    }
  if (narrow < MIN_NARROW)
    return too_long (error, org);

  for (guint r = 0; r < rows->len; r++)
    {
      const Run *run = rows->pdata[r];
      guint      count = run->glyphs->len;
      double     rh = (bottom - top) / rows->len;
      double     gap = count > 1 ? (width - run->advance * h * narrow) / (count - 1) : 0;

      draw_row (cr, run, side / 2, top + rh * (r + 0.5), h, narrow, MIN (gap, 0.5 * h));
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

/* A copy of @text without surrounding white space, or NULL (and @error). */
static char *
clean_text (const char *text,
            GError    **error)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("The seal text is missing or not valid UTF-8"));
      return NULL;
    }
  return g_strstrip (g_strdup (text));
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
  if (!check_dpi (dpi, error))
    return NULL;
  if (design->org == NULL || (org = clean_text (design->org, error)) == NULL || org[0] == '\0')
    {
      g_clear_error (error);
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("An official seal needs the name of the organisation"));
      return NULL;
    }
  if ((design->title != NULL && !g_utf8_validate (design->title, -1, NULL))
      || (design->number != NULL && !g_utf8_validate (design->number, -1, NULL)))
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("The seal text is missing or not valid UTF-8"));
      return NULL;
    }

  height = design->shape == SD_SEAL_SHAPE_OVAL ? size * 2 / 3 : size;
  cr = canvas_new (size, &height, dpi);
  layout = seal_layout_new ();
  if (design->shape == SD_SEAL_SHAPE_SQUARE)
    ok = draw_square_seal (cr, layout, design, org, size, error);
  else
    ok = draw_ellipse_seal (cr, layout, design, org, size, height, error);
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
  g_autoptr (Run) run = NULL;
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
  if (!check_dpi (dpi, error) || (text = clean_text (name, error)) == NULL)
    return NULL;
  n = g_utf8_strlen (text, -1);
  if (n != 2 && n != 4)
    {
      g_set_error (error, SD_SEAL_ERROR, SD_SEAL_ERROR_FAILED,
                   _("A name seal has 2 or 4 characters; “%s” has %ld"), text, (long) n);
      return NULL;
    }

  cr = canvas_new (size, &height, dpi);
  layout = seal_layout_new ();
  if ((run = run_new (layout, text, error)) == NULL)
    return NULL;

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
    draw_glyph (cr, run, i, m + cell_w * (1 - i / rows + 0.5), m + cell_h * (i % rows + 0.5), 0,
                (box_w / box_h) * (run->ref_h / run->ref_w), box_h);

  if (width_mm != NULL)
    *width_mm = size;
  if (height_mm != NULL)
    *height_mm = height;
  return canvas_to_png (cr, error);
}
