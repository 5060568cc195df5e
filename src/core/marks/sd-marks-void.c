/* sd-marks-void.c: the "VOID / 作废" stamp of a withdrawn document */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sd-marks.h"
#include "sd-marks-void.h"

#define STAMP_FONT "Noto Sans CJK SC, Noto Serif CJK SC, sans-serif"
#define STAMP_W 1000
#define STAMP_H (STAMP_W / SD_VOID_STAMP_ASPECT)

static void
show_centred (cairo_t    *cr,
              PangoLayout *layout,
              const char *text,
              double      size,
              gboolean    bold,
              double      y)
{
  PangoFontDescription *desc = pango_font_description_from_string (STAMP_FONT);
  int w, h;

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_HEAVY : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) ((STAMP_W - 80) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, 40, y);
  pango_cairo_show_layout (cr, layout);
}

gboolean
sd_void_stamp_write_png (const char  *path,
                         const char  *signer,
                         GDateTime   *when,
                         const char  *reason,
                         GError     **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, STAMP_W, STAMP_H);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *time_text = g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
  /* TRANSLATORS: on the void stamp: "Voided by Ada Lovelace on 2026-12-06 10:00 UTC" */
  g_autofree char *by = g_strdup_printf (_("Voided by %s on %s"), signer, time_text);
  PangoLayout *layout;
  cairo_status_t status;

  cairo_set_source_rgb (cr, 0.80, 0.07, 0.07);
  cairo_set_line_width (cr, 18);
  cairo_rectangle (cr, 15, 15, STAMP_W - 30, STAMP_H - 30);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 5);
  cairo_rectangle (cr, 40, 40, STAMP_W - 80, STAMP_H - 80);
  cairo_stroke (cr);

  layout = pango_cairo_create_layout (cr);
  show_centred (cr, layout, "VOID / 作废", 150, TRUE, 60);
  show_centred (cr, layout, by, 30, FALSE, 290);
  show_centred (cr, layout, reason != NULL ? reason : "", 30, FALSE, 345);
  g_object_unref (layout);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
                   _("Cannot draw the void stamp: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
