/* sd-marks-plan.c: where the page marks of a document go */
#include "config.h"

#include <unistd.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-private-temp.h"
#include "sd-marks-plan.h"
#include "sd-marks-qr.h"
#include "sd-pdf-document.h"
#include "sd-seal-image.h"

static gboolean
parse_page (const char *text,
            int         n_pages,
            int        *page)
{
  char *end = NULL;
  gint64 v;

  if (g_strcmp0 (text, "last") == 0)
    {
      *page = n_pages;
      return TRUE;
    }
  if (g_strcmp0 (text, "first") == 0)
    {
      *page = 1;
      return TRUE;
    }
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || v < 1 || v > n_pages)
    return FALSE;
  *page = (int) v;
  return TRUE;
}

gboolean
sd_marks_parse_pages (const char  *pages,
                      int          n_pages,
                      int         *first,
                      int         *last,
                      GError     **error)
{
  g_auto(GStrv) ends = NULL;

  if (pages == NULL || g_strcmp0 (pages, "all") == 0)
    {
      *first = 1;
      *last = n_pages;
      return TRUE;
    }
  ends = g_strsplit (pages, "-", 2);
  if (parse_page (ends[0], n_pages, first)
      && (ends[1] == NULL ? (*last = *first, TRUE) : parse_page (ends[1], n_pages, last))
      && *first <= *last)
    return TRUE;
  g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
               _("Pages “%s” are not a range of this document’s %d pages: give all, N or A-B"),
               pages, n_pages);
  return FALSE;
}

static gboolean
visible_size (SdPdfDocument  *doc,
              int             page,
              double         *vw,
              double         *vh,
              GError        **error)
{
  SdPdfPageInfo info;

  if (!sd_pdf_document_get_page (doc, page, &info, error))
    return FALSE;
  sd_geometry_visible_size (&info, vw, vh);
  return TRUE;
}

gboolean
sd_marks_plan_qr (SdPdfDocument  *doc,
                  const char     *pages,
                  const char     *url_template,
                  GPtrArray      *marks,
                  GError        **error)
{
  int first, last;

  if (!sd_marks_parse_pages (pages != NULL ? pages : "last", sd_pdf_document_get_n_pages (doc),
                             &first, &last, error))
    return FALSE;
  for (int page = first; page <= last; page++)
    {
      SdMark *mark = sd_mark_new (SD_MARK_QR, page);

      mark->rect = (SdRect) { SD_MARKS_QR_MARGIN, SD_MARKS_QR_MARGIN,
                              SD_MARKS_QR_SIZE, SD_MARKS_QR_SIZE };
      mark->url_template = g_strdup (url_template);
      g_ptr_array_add (marks, mark);
    }
  return TRUE;
}

gboolean
sd_marks_plan_watermark (SdPdfDocument      *doc,
                         const char         *pages,
                         const SdWatermark  *wm,
                         GPtrArray          *marks,
                         GError            **error)
{
  g_autoptr(SdSealImage) image = NULL;
  int first, last;

  if (wm->opacity < 0.05 || wm->opacity > 1 || wm->font_size < 0 || wm->font_size > 500)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("The watermark’s opacity is from 0.05 to 1 and its size from 1 to 500 points"));
      return FALSE;
    }
  if ((wm->text == NULL || *wm->text == '\0') && wm->image_path == NULL)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   _("A watermark needs a text or a picture"));
      return FALSE;
    }
  if (!sd_marks_parse_pages (pages, sd_pdf_document_get_n_pages (doc), &first, &last, error))
    return FALSE;
  if (wm->image_path != NULL && (image = sd_seal_image_load_png (wm->image_path, error)) == NULL)
    return FALSE;

  for (int page = first; page <= last; page++)
    {
      double vw, vh;

      if (!visible_size (doc, page, &vw, &vh, error))
        return FALSE;
      if (image != NULL)
        {
          double w = (wm->tiled ? 0.3 : 0.6) * MIN (vw, vh);
          double h = w * sd_seal_image_get_height (image) / sd_seal_image_get_width (image);
          int nx = wm->tiled ? (int) (vw / (w * 1.5)) : 1, ny = wm->tiled ? (int) (vh / (h * 1.5)) : 1;

          nx = MAX (nx, 1);
          ny = MAX (ny, 1);
          w = MIN (w, vw / nx);
          h = MIN (h, vh / ny);
          for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
              {
                SdMark *mark = sd_mark_new (SD_MARK_IMAGE, page);

                mark->rect = (SdRect) { vw * (i + 0.5) / nx - w / 2, vh * (j + 0.5) / ny - h / 2, w, h };
                mark->image_path = g_strdup (wm->image_path);
                mark->opacity = wm->opacity;
                g_ptr_array_add (marks, mark);
              }
        }
      if (wm->text != NULL && *wm->text != '\0')
        {
          SdMark *mark = sd_mark_new (SD_MARK_TEXT, page);

          mark->rect = (SdRect) { 0, 0, vw, vh };
          mark->text = g_strdup (wm->text);
          mark->opacity = wm->opacity;
          mark->font_size = wm->font_size;
          mark->angle = wm->angle;
          mark->tiled = wm->tiled;
          g_ptr_array_add (marks, mark);
        }
    }
  return TRUE;
}

gboolean
sd_marks_plan_cross_page (SdPdfDocument  *doc,
                          const char     *pages,
                          const char     *seal_id,
                          const char     *image_path,
                          double          width,
                          double          height,
                          GPtrArray      *marks,
                          GError        **error)
{
  int first, last, count;
  double strip;

  g_return_val_if_fail ((seal_id == NULL) != (image_path == NULL), FALSE);

  if (!sd_marks_parse_pages (pages, sd_pdf_document_get_n_pages (doc), &first, &last, error))
    return FALSE;
  count = last - first + 1;
  strip = width / count;
  for (int page = first; page <= last; page++)
    {
      SdMark *mark;
      double vw, vh;

      if (!visible_size (doc, page, &vw, &vh, error))
        return FALSE;
      /* A seal taller than the page, or a strip wider, does not fit. */
      if (height > vh || strip > vw)
        {
          g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                       _("The cross-page seal (%.0f × %.0f points) does not fit on page %d (%.0f × %.0f points)"),
                       width, height, page, vw, vh);
          return FALSE;
        }
      mark = sd_mark_new (SD_MARK_STRIP, page);
      mark->rect = (SdRect) { vw - strip, (vh - height) / 2, strip, height };
      mark->seal_id = g_strdup (seal_id);
      mark->image_path = g_strdup (image_path);
      mark->strip_index = page - first;
      mark->n_strips = count;
      g_ptr_array_add (marks, mark);
    }
  return TRUE;
}

static char *
tmp_path (GError **error)
{
  g_autofree char *path = NULL;
  int fd = sd_private_temp_open ("marks-preview", &path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  return g_steal_pointer (&path);
}

GBytes *
sd_marks_render_pdf (const char  *doc_path,
                     double       width,
                     double       height,
                     GPtrArray   *marks,
                     GError     **error)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  g_autofree char *blank = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *data = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  gsize size = 0;
  gboolean ok = FALSE;

  for (guint i = 0; i < marks->len; i++)
    {
      SdMark *mark = sd_mark_copy (g_ptr_array_index (marks, i));

      mark->page = 1;
      g_ptr_array_add (copies, mark);
    }
  if (!sd_marks_fill_qr (copies, doc_path, NULL, NULL, error))
    return NULL;
  if ((blank = tmp_path (error)) == NULL)
    return NULL;
  if ((marked = tmp_path (error)) == NULL)
    goto out;

  surface = cairo_pdf_surface_create (blank, width, height);
  cairo_surface_show_page (surface);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
                   _("Cannot draw the page marks: %s"), cairo_status_to_string (status));
      goto out;
    }
  ok = sd_marks_apply (blank, marked, copies, error);
  /* A renderer shows it: the one guard of every renderer first. */
  if (ok)
    {
      g_autoptr(SdPdfDocument) preview = sd_pdf_document_open (marked, NULL, error);

      ok = preview != NULL && sd_pdf_document_check_page_images (preview, 1, error);
    }
  ok = ok && g_file_get_contents (marked, &data, &size, error);

out:
  g_unlink (blank);
  if (marked != NULL)
    g_unlink (marked);
  return ok ? g_bytes_new_take (g_steal_pointer (&data), size) : NULL;
}
