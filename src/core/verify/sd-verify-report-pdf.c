/* sd-verify-report-pdf.c: the one-page PDF verification report
 *
 * Drawn with cairo, text laid out with Pango (so that Chinese and other
 * scripts shape correctly with whatever fonts fontconfig finds), produced
 * in memory and written atomically.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sd-atomic-file.h"
#include "sd-verify.h"

#define PAGE_W 595.0        /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 48.0

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The Pango context of the report (a font map of its own: nothing shared
 * with other threads, everything freed when the report is written). */
static cairo_user_data_key_t context_key;

/* Draws @text at (@x, @y) within @width; returns its height. */
static double
draw_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      width,
           double      rgb[3])
{
  PangoContext *context = cairo_get_user_data (cr, &context_key);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  pango_font_description_free (desc);
  g_object_unref (layout);
  return (double) h / PANGO_SCALE;
}

static void
verdict_colour (SdVerifyVerdict verdict,
                double          rgb[3])
{
  static const double colours[][3] = {
    { 0.10, 0.50, 0.20 },     /* valid */
    { 0.75, 0.45, 0.00 },     /* untrusted */
    { 0.75, 0.10, 0.10 },     /* invalid */
    { 0.35, 0.35, 0.35 },     /* unsigned */
  };

  for (int i = 0; i < 3; i++)
    rgb[i] = colours[MIN (verdict, SD_VERIFY_VERDICT_UNSIGNED)][i];
}

static char *
short_time (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return g_strdup ("—");
  utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

static const double cols[] = { MARGIN, MARGIN + 22, MARGIN + 200, MARGIN + 330, MARGIN + 400 };

static double
draw_header_row (cairo_t *cr,
                 double   y)
{
  double grey[3] = { 0.35, 0.35, 0.35 };
  const char *titles[] = {
    "#", _("Signer and field"), _("Signed"), _("Level, coverage"), _("Verdict"),
  };
  double h = 0;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    h = MAX (h, draw_text (cr, titles[i], "Sans Bold 8", cols[i], y,
                           (i + 1 < G_N_ELEMENTS (cols) ? cols[i + 1] : PAGE_W - MARGIN) - cols[i] - 4,
                           grey));
  return h;
}

/* The one line that says most about a signature's verdict. */
static char *
main_reason (SdVerifySignature *sig)
{
  if (sig->attack != SD_VERIFY_ATTACK_NONE)
    return g_strdup (sd_verify_attack_describe (sig->attack));
  for (guint i = 0; i < sig->changes_after->len && sig->verdict == SD_VERIFY_VERDICT_INVALID; i++)
    {
      SdVerifyChange *c = g_ptr_array_index (sig->changes_after, i);

      if (!c->allowed)
        return g_strdup_printf (_("changed after signing: %s"), c->detail);
    }
  if (sig->reasons->len == 0)
    return NULL;
  return g_strdup_printf ("%s%s", (char *) g_ptr_array_index (sig->reasons, 0),
                          sig->reasons->len > 1 ? " …" : "");
}

static double
draw_signature_row (cairo_t           *cr,
                    SdVerifySignature *sig,
                    guint              index,
                    double             y)
{
  double black[3] = { 0, 0, 0 }, grey[3] = { 0.35, 0.35, 0.35 }, colour[3];
  g_autofree char *num = g_strdup_printf ("%u", index);
  g_autofree char *claimed = short_time (sig->claimed_time);
  g_autofree char *stamped = short_time (sig->timestamp_time);
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autofree char *level = NULL;
  double h = 0;

  who = g_strdup_printf ("%s\n%s", sig->signer_name != NULL ? sig->signer_name
                                   : sig->signer_subject != NULL ? sig->signer_subject : _("unknown signer"),
                         sig->field != NULL ? sig->field : "");
  if (sig->timestamps->len > 0)
    {
      GString *lines = g_string_new (NULL);

      for (guint i = 0; i < sig->timestamps->len; i++)
        {
          SdVerifyTimestamp *ts = g_ptr_array_index (sig->timestamps, i);
          g_autofree char *t = short_time (ts->time);

          if (lines->len > 0)
            g_string_append_c (lines, '\n');
          /* TRANSLATORS: a timestamp's time and the authority that made it */
          g_string_append_printf (lines, _("%s (timestamp, %s)"), t,
                                  ts->authority_name != NULL ? ts->authority_name
                                  : ts->authority != NULL ? ts->authority : "?");
        }
      when = g_string_free (lines, FALSE);
    }
  else
    when = sig->timestamp_time != NULL
           ? g_strdup_printf (_("%s (timestamp)"), stamped)
           : g_strdup_printf (_("%s (claimed)"), claimed);
  level = g_strdup_printf ("%s\n%s", sd_verify_level_to_string (sig->level),
                           sd_verify_coverage_to_string (sig->coverage));
  verdict_colour (sig->verdict, colour);

  h = MAX (h, draw_text (cr, num, "Sans 9", cols[0], y, 20, black));
  h = MAX (h, draw_text (cr, who, "Sans 9", cols[1], y, 172, black));
  h = MAX (h, draw_text (cr, when, "Sans 9", cols[2], y, 126, black));
  h = MAX (h, draw_text (cr, level, "Sans 9", cols[3], y, 66, black));
  h = MAX (h, draw_text (cr, sd_verify_verdict_describe (sig->verdict), "Sans Bold 9",
                         cols[4], y, PAGE_W - MARGIN - cols[4], colour));
  {
    g_autofree char *why = main_reason (sig);

    if (why != NULL)
      h += 2 + draw_text (cr, why, "Sans 7.5", cols[1], y + h + 2, PAGE_W - MARGIN - cols[1], grey);
  }
  return h;
}

static void
draw_report (cairo_t        *cr,
             SdVerifyReport *report)
{
  double black[3] = { 0, 0, 0 }, grey[3] = { 0.35, 0.35, 0.35 }, colour[3];
  double width = PAGE_W - 2 * MARGIN;
  double y = MARGIN;
  g_autofree char *name = g_path_get_basename (report->file);
  g_autofree char *facts = NULL;
  g_autofree char *verified = short_time (report->verified_at);
  g_autofree char *footer = NULL;
  g_autofree char *voided = NULL;
  guint shown = 0;

  y += draw_text (cr, _("Verification report"), "Sans Bold 20", MARGIN, y, width, black) + 12;
  y += draw_text (cr, name, "Sans Bold 12", MARGIN, y, width, black) + 4;
  facts = g_strdup_printf (_("SHA-256: %s\n%lld bytes, %d pages, %d revisions; verified %s"),
                           report->sha256 ? report->sha256 : "?", (long long) report->size,
                           report->n_pages, report->n_revisions, verified);
  y += draw_text (cr, facts, "Monospace 8", MARGIN, y, width, grey) + 14;

  verdict_colour (report->verdict, colour);
  cairo_set_source_rgb (cr, colour[0], colour[1], colour[2]);
  cairo_rectangle (cr, MARGIN, y, 6, 30);
  cairo_fill (cr);
  draw_text (cr, sd_verify_verdict_describe (report->verdict), "Sans Bold 16",
             MARGIN + 14, y + 3, width - 14, colour);
  y += 44;

  /* A void outweighs every verdict: said in red, before the signatures. */
  voided = sd_verify_report_describe_void (report);
  if (voided != NULL)
    {
      double red[3] = { 0.75, 0.10, 0.10 };
      double h = draw_text (cr, voided, "Sans Bold 10", MARGIN + 14, y, width - 14, red);

      cairo_set_source_rgb (cr, red[0], red[1], red[2]);
      cairo_rectangle (cr, MARGIN, y, 6, h);
      cairo_fill (cr);
      y += h + 14;
    }

  y += draw_text (cr, _("Signatures"), "Sans Bold 11", MARGIN, y, width, black) + 6;
  if (report->signatures->len > 0)
    y += draw_header_row (cr, y) + 4;
  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i < report->signatures->len; i++)
    {
      if (y > PAGE_H - MARGIN - 70)
        break;
      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_move_to (cr, MARGIN, y);
      cairo_line_to (cr, PAGE_W - MARGIN, y);
      cairo_stroke (cr);
      y += 4 + draw_signature_row (cr, g_ptr_array_index (report->signatures, i), i + 1, y + 4) + 6;
      shown++;
    }
  if (report->signatures->len == 0)
    y += draw_text (cr, _("The document has no signature."), "Sans 10", MARGIN, y, width, grey);
  else if (shown < report->signatures->len)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more signatures (see the full report)"),
                                               report->signatures->len - shown);

      y += draw_text (cr, more, "Sans 9", MARGIN, y, width, grey);
    }

  footer = g_strdup_printf (_("Made by Sealdesk %s. Times are in UTC; “claimed” times come from the signer's computer."),
                            PACKAGE_VERSION);
  draw_text (cr, footer, "Sans 7.5", MARGIN, PAGE_H - MARGIN, width, grey);
}

gboolean
sd_verify_report_write_pdf (SdVerifyReport  *report,
                            const char      *path,
                            GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  PangoFontMap *font_map;
  PangoContext *context;

  surface = cairo_pdf_surface_create_for_stream (write_to_array, data, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Verification report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sealdesk " PACKAGE_VERSION);
  cr = cairo_create (surface);
  font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (font_map);
  pango_cairo_update_context (cr, context);
  cairo_set_user_data (cr, &context_key, context, NULL);
  draw_report (cr, report);
  cairo_show_page (cr);
  cairo_destroy (cr);
  g_object_unref (context);
  g_object_unref (font_map);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                   _("Cannot draw the verification report: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return sd_file_set_contents_atomic (path, data->data, data->len, error);
}
