/* sd-marks-form.c: watermark text drawn with pango, imported as a form */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qpdf/qpdf-c.h>

#include "sd-marks-form-private.h"
#include "sd-pdf-syntax.h"

#define WATERMARK_FONT "Noto Sans CJK SC, Noto Serif CJK SC, sans-serif"
#define MAX_OBJECTS 10000

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_text (cairo_t      *cr,
           const SdMark *mark,
           double        width,
           double        height)
{
  g_autoptr(PangoFontMap) map = pango_cairo_font_map_new ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *desc = pango_font_description_from_string (WATERMARK_FONT);
  double size = mark->font_size > 0 ? mark->font_size : 36;
  double angle = mark->angle * G_PI / 180;
  int lw, lh;
  double w, h;

  pango_context_set_language (PANGO_CONTEXT (context), pango_language_from_string ("zh-cn"));
  pango_cairo_update_context (cr, PANGO_CONTEXT (context));
  layout = pango_layout_new (PANGO_CONTEXT (context));
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, mark->text, -1);
  pango_layout_get_size (layout, &lw, &lh);
  w = (double) lw / PANGO_SCALE;
  h = (double) lh / PANGO_SCALE;

  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  if (!mark->tiled)
    {
      cairo_save (cr);
      cairo_translate (cr, width / 2, height / 2);
      cairo_rotate (cr, -angle);
      cairo_move_to (cr, -w / 2, -h / 2);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      return;
    }

  /* Tiles along the text's own axes, far enough to cover the page however
   * it is turned. */
  {
    double step_x = w + size * 2, step_y = h + size * 2;
    double reach = hypot (width, height) / 2;
    int nx = (int) ceil (reach / step_x) + 1, ny = (int) ceil (reach / step_y) + 1;

    cairo_save (cr);
    cairo_translate (cr, width / 2, height / 2);
    cairo_rotate (cr, -angle);
    for (int j = -ny; j <= ny; j++)
      for (int i = -nx; i <= nx; i++)
        {
          double cx = i * step_x + (j % 2 != 0 ? step_x / 2 : 0), cy = j * step_y;
          /* Skip copies that fall wholly off the page. */
          double px = cx * cos (angle) + cy * sin (angle);
          double py = -cx * sin (angle) + cy * cos (angle);

          if (fabs (px) > width / 2 + w || fabs (py) > height / 2 + w)
            continue;
          cairo_move_to (cr, cx - w / 2, cy - h / 2);
          pango_cairo_show_layout (cr, layout);
        }
    cairo_restore (cr);
  }
}

typedef struct
{
  qpdf_data    q;
  SdPdfUpdate *update;
  GHashTable  *numbers;    /* foreign obj id → new number */
  gboolean     failed;
} Importer;

static void copy_value (Importer *imp, qpdf_oh oh, GString *out);
static void copy_direct (Importer *imp, qpdf_oh oh, GString *out);

/* Every key of @dict, read once before recursing (qpdf has one key
 * iterator). */
static GPtrArray *
dict_keys (qpdf_data q,
           qpdf_oh   dict)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  qpdf_oh_begin_dict_key_iter (q, dict);
  while (qpdf_oh_dict_more_keys (q))
    g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (q)));
  return keys;
}


static int
copy_object (Importer *imp,
             qpdf_oh   oh)
{
  int id = qpdf_oh_get_object_id (imp->q, oh);
  gpointer known = g_hash_table_lookup (imp->numbers, GINT_TO_POINTER (id));
  int num;

  if (known != NULL)
    return GPOINTER_TO_INT (known);
  if (g_hash_table_size (imp->numbers) > MAX_OBJECTS)
    {
      imp->failed = TRUE;
      return 0;
    }
  num = sd_pdf_update_add_object (imp->update);
  g_hash_table_insert (imp->numbers, GINT_TO_POINTER (id), GINT_TO_POINTER (num));

  if (qpdf_oh_is_stream (imp->q, oh))
    {
      qpdf_oh dict = qpdf_oh_get_dict (imp->q, oh);
      g_autoptr(GString) text = g_string_new (NULL);
      unsigned char *buf = NULL;
      size_t len = 0;

      g_autoptr(GPtrArray) keys = dict_keys (imp->q, dict);

      for (guint i = 0; i < keys->len; i++)
        {
          if (strcmp (keys->pdata[i], "/Length") == 0)
            continue;
          g_string_append_printf (text, " %s ", (char *) keys->pdata[i]);
          copy_value (imp, qpdf_oh_get_key (imp->q, dict, keys->pdata[i]), text);
        }
      if (qpdf_oh_get_stream_data (imp->q, oh, qpdf_dl_none, NULL, &buf, &len) != QPDF_SUCCESS)
        {
          imp->failed = TRUE;
          return 0;
        }
      sd_pdf_update_set_stream (imp->update, num, text->str, buf, len);
      free (buf);
    }
  else
    {
      g_autoptr(GString) text = g_string_new (NULL);

      copy_direct (imp, oh, text);
      sd_pdf_update_set_object (imp->update, num, 0, text->str);
    }
  return num;
}

static void
copy_value (Importer *imp,
            qpdf_oh   oh,
            GString  *out)
{
  qpdf_data q = imp->q;

  if (qpdf_oh_is_indirect (q, oh))
    {
      int num = copy_object (imp, oh);

      g_string_append_printf (out, "%d 0 R", num);
    }
  else
    copy_direct (imp, oh, out);
}

/* @oh's value itself, even when it is an indirect object. */
static void
copy_direct (Importer *imp,
             qpdf_oh   oh,
             GString  *out)
{
  qpdf_data q = imp->q;

  if (qpdf_oh_is_dictionary (q, oh))
    {
      g_autoptr(GPtrArray) keys = dict_keys (q, oh);

      g_string_append (out, "<<");
      for (guint i = 0; i < keys->len; i++)
        {
          g_string_append_printf (out, " %s ", (char *) keys->pdata[i]);
          copy_value (imp, qpdf_oh_get_key (q, oh, keys->pdata[i]), out);
        }
      g_string_append (out, " >>");
    }
  else if (qpdf_oh_is_array (q, oh))
    {
      int n = qpdf_oh_get_array_n_items (q, oh);

      g_string_append (out, "[");
      for (int i = 0; i < n; i++)
        {
          g_string_append_c (out, ' ');
          copy_value (imp, qpdf_oh_get_array_item (q, oh, i), out);
        }
      g_string_append (out, " ]");
    }
  else
    g_string_append (out, qpdf_oh_unparse (q, oh));
}

int
sd_marks_text_form (SdPdfUpdate   *update,
                    const SdMark  *mark,
                    double         width,
                    double         height,
                    GError       **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GHashTable) numbers = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) dict = g_string_new (NULL);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  qpdf_data q;
  qpdf_oh page;
  unsigned char *content = NULL;
  size_t content_len = 0;
  Importer imp;
  int num = 0;

  if (mark->text == NULL || *mark->text == '\0')
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("The watermark on page %d has no text"), mark->page);
      return 0;
    }
  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, width, height);
  cr = cairo_create (surface);
  draw_text (cr, mark, width, height);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
                   _("Cannot draw the watermark: %s"), cairo_status_to_string (status));
      return 0;
    }

  q = qpdf_init ();
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  if (qpdf_read_memory (q, "watermark", (const char *) pdf->data, pdf->len, NULL) & QPDF_ERRORS
      || qpdf_get_num_pages (q) < 1)
    goto fail;
  page = qpdf_get_page_n (q, 0);
  if (qpdf_oh_get_page_content_data (q, page, &content, &content_len) != QPDF_SUCCESS)
    goto fail;

  imp = (Importer) { q, update, numbers, FALSE };
  g_string_append (dict, "/Type /XObject /Subtype /Form /BBox [ 0 0 ");
  sd_pdf_append_number (dict, width);
  g_string_append_c (dict, ' ');
  sd_pdf_append_number (dict, height);
  g_string_append (dict, " ] /Resources ");
  copy_value (&imp, qpdf_oh_get_key (q, page, "/Resources"), dict);
  if (imp.failed || qpdf_has_error (q))
    goto fail;
  num = sd_pdf_update_add_object (update);
  sd_pdf_update_set_stream (update, num, dict->str, content, content_len);
  free (content);
  qpdf_cleanup (&q);
  return num;

fail:
  free (content);
  qpdf_cleanup (&q);
  g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
               _("Cannot draw the watermark: cairo's PDF could not be read back"));
  return 0;
}
