/* sd-seal-text.c: seal lettering, character by character (see
 * sd-seal-text-private.h)
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-seal-image.h"
#include "sd-seal-text-private.h"

#define SEAL_FONT    "Noto Serif CJK SC, Noto Sans CJK SC, serif"
#define MEASURE_SIZE 100.0 /* font size characters are measured at */
#define BOLD         0.03  /* engraved strokes are heavier than type */
#define DEG          (G_PI / 180.0)

typedef struct
{
  char   text[8]; /* one character, UTF-8 */
  double advance; /* logical width / ink height of the reference */
  double centre;  /* logical centre, from the layout origin, at MEASURE_SIZE */
} Glyph;

void
sd_seal_run_free (SdSealRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->glyphs, g_array_unref);
  g_free (run);
}

PangoLayout *
sd_seal_layout_new (void)
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

SdSealRun *
sd_seal_run_new (PangoLayout  *layout,
                 const char   *text,
                 GError      **error)
{
  g_autoptr (SdSealRun) run = g_new0 (SdSealRun, 1);
  PangoRectangle ink, logical;
  gboolean       wide = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      wide |= g_unichar_iswide (c);
      run->letters |= g_unichar_isalpha (c) && !g_unichar_iswide (c);
    }
  measure (layout, wide ? "国" : "H", &ink, &logical);
  run->layout = layout;
  run->bold = BOLD;
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
void
sd_seal_draw_glyph (cairo_t         *cr,
                    const SdSealRun *run,
                    guint            i,
                    double           x,
                    double           y,
                    double           angle,
                    double           narrow,
                    double           h)
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
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, run->bold * h);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

guint
sd_seal_run_length (const SdSealRun *run)
{
  return run->glyphs->len;
}

static double
glyph_width (const SdSealRun *run,
             guint            i,
             double           h,
             double           narrow)
{
  return g_array_index (run->glyphs, Glyph, i).advance * h * narrow;
}

/* Space between characters, as a fraction of their height. */
double
sd_seal_run_gap (const SdSealRun *run,
                 double           h,
                 double           spacing)
{
  return spacing * h * (run->letters ? 0.2 : 1);
}

static double
run_width (const SdSealRun *run,
           double           h,
           double           narrow,
           double           gap)
{
  return run->advance * h * narrow + (MAX (run->glyphs->len, 1) - 1) * gap;
}

/* Narrowing that makes @run (h tall, @gap apart) @width long, at most
 * @max_narrow; FALSE when it would have to be narrower than SD_SEAL_MIN_NARROW. */
gboolean
sd_seal_fit_width (const SdSealRun *run,
                   double           h,
                   double           gap,
                   double           width,
                   double           max_narrow,
                   double          *narrow)
{
  *narrow = MIN (max_narrow, (width - (MAX (run->glyphs->len, 1) - 1) * gap) / (run->advance * h));
  return *narrow >= SD_SEAL_MIN_NARROW;
}

void
sd_seal_draw_row (cairo_t         *cr,
                  const SdSealRun *run,
                  double           cx,
                  double           cy,
                  double           h,
                  double           narrow,
                  double           gap)
{
  double x = cx - run_width (run, h, narrow, gap) / 2;

  for (guint i = 0; i < run->glyphs->len; i++)
    {
      double w = glyph_width (run, i, h, narrow);

      sd_seal_draw_glyph (cr, run, i, x + w / 2, cy, 0, narrow, h);
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
gboolean
sd_seal_fit_arc (const SdSealRun *run,
                 SdSealArc       *arc,
                 double           rim_a,
                 double           rim_b,
                 double           h,
                 double           min_deg,
                 double           max_deg,
                 double           max_narrow,
                 double           spacing,
                 double          *narrow,
                 double          *gap)
{
  guint  n = run->glyphs->len;
  double avail, want;

  arc->a = rim_a - h / 2;
  arc->b = rim_b - h / 2;
  arc->ai = rim_a - h;
  arc->bi = rim_b - h;
  avail = 2 * arc_length (arc->ai, arc->bi, max_deg / 2 * DEG);
  want = 2 * arc_length (arc->ai, arc->bi, min_deg / 2 * DEG);
  *gap = sd_seal_run_gap (run, h, spacing);
  if (!sd_seal_fit_width (run, h, *gap, avail, max_narrow, narrow))
    return FALSE;
  if (n > 1)
    *gap = CLAMP ((want - run->advance * h * *narrow) / (n - 1), *gap, 1.5 * h);
  return TRUE;
}

void
sd_seal_draw_arc (cairo_t         *cr,
                  const SdSealRun *run,
                  const SdSealArc *arc,
                  double           h,
                  double           narrow,
                  double           gap)
{
  double pos = -run_width (run, h, narrow, gap) / 2;

  for (guint i = 0; i < run->glyphs->len; i++)
    {
      double w = glyph_width (run, i, h, narrow);
      double t = arc_param (arc->ai, arc->bi, pos + w / 2);
      double s = sin (t), c = cos (t);

      if (arc->bottom)
        sd_seal_draw_glyph (cr, run, i, arc->cx + arc->a * s, arc->cy + arc->b * c,
                    atan2 (-s / arc->a, c / arc->b), narrow, h);
      else
        sd_seal_draw_glyph (cr, run, i, arc->cx + arc->a * s, arc->cy - arc->b * c,
                    atan2 (s / arc->a, c / arc->b), narrow, h);
      pos += w + gap;
    }
}
