/* cli-marks.c: the page-mark options of `sealdesk-cli sign` */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cli-common.h"
#include "cli-marks.h"
#include "sd-marks.h"
#include "sd-ledger.h"
#include "sd-marks-qr.h"
#include "sd-marks-void.h"
#include "sd-x509-info.h"
#include "sd-pdf-document.h"
#include "sd-seal-image.h"
#include "sd-seal-library.h"
#include "sd-sealing.h"

/* Size of the QR block and of a cross-page seal, in points. */
#define QR_SIZE 72.0
#define QR_MARGIN 28.0
#define CROSS_PAGE_HEIGHT 120.0

GOptionGroup *
sd_cli_marks_option_group (SdCliMarks *marks)
{
  const GOptionEntry entries[] = {
    { "qr", 0, 0, G_OPTION_ARG_NONE, &marks->qr,
      N_("Print a QR verification code on the page, covered by the signature"), NULL },
    { "qr-pages", 0, 0, G_OPTION_ARG_STRING, &marks->qr_pages,
      N_("Pages of the QR code: all, last (the default) or a page number"), "all|last|N" },
    { "qr-url", 0, 0, G_OPTION_ARG_STRING, &marks->qr_url,
      N_("Also put this address in the QR code ({sha256} is replaced by the document's SHA-256)"), "TEMPLATE" },
    { "cross-page", 0, 0, G_OPTION_ARG_FILENAME, &marks->cross_page,
      N_("Cross-page seal: this seal (of the library, by its ID, or a PNG) cut in strips along the right edge of the pages"), "ID|PNG" },
    { "pages", 0, 0, G_OPTION_ARG_STRING, &marks->pages,
      N_("Pages of the cross-page seal (default: all)"), "A-B" },
    { "void-reason", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &marks->void_reason,
      N_("Void the document for this reason (sealdesk-cli void)"), "TEXT" },
    { "watermark", 0, 0, G_OPTION_ARG_STRING_ARRAY, &marks->watermark,
      N_("Watermark text, drawn as page content before signing; repeat for more lines"), "TEXT" },
    { "watermark-image", 0, 0, G_OPTION_ARG_FILENAME, &marks->watermark_image,
      N_("Watermark picture (PNG)"), "PNG" },
    { "watermark-pages", 0, 0, G_OPTION_ARG_STRING, &marks->watermark_pages,
      N_("Pages of the watermark: all (the default), N or A-B"), "all|N|A-B" },
    { "watermark-layout", 0, 0, G_OPTION_ARG_STRING, &marks->watermark_layout,
      N_("Watermark repeated over the page (tiled, the default) or once in the middle (centred)"), "tiled|centred" },
    { "watermark-angle", 0, 0, G_OPTION_ARG_DOUBLE, &marks->watermark_angle,
      N_("Angle of the watermark text in degrees, counter-clockwise (default 45)"), "DEG" },
    { "watermark-opacity", 0, 0, G_OPTION_ARG_DOUBLE, &marks->watermark_opacity,
      N_("Opacity of the watermark, from 0.05 to 1 (default 0.25)"), "0..1" },
    { "watermark-size", 0, 0, G_OPTION_ARG_DOUBLE, &marks->watermark_size,
      N_("Size of the watermark text in points (default 36)"), "PT" },
    { NULL }
  };
  GOptionGroup *group;

  marks->watermark_angle = 45;
  group = g_option_group_new ("marks", _("Page marks:"),
                                            _("Show the page-mark options"), NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

void
sd_cli_marks_clear (SdCliMarks *marks)
{
  g_clear_pointer (&marks->qr_pages, g_free);
  g_clear_pointer (&marks->qr_url, g_free);
  g_clear_pointer (&marks->cross_page, g_free);
  g_clear_pointer (&marks->pages, g_free);
  g_clear_pointer (&marks->watermark, g_strfreev);
  g_clear_pointer (&marks->watermark_image, g_free);
  g_clear_pointer (&marks->watermark_pages, g_free);
  g_clear_pointer (&marks->watermark_layout, g_free);
  g_clear_pointer (&marks->void_reason, g_free);
}

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

/* "all", "N", "A-B" (A or B may be "last") → first..last. */
static gboolean
parse_range (const char  *text,
             int          n_pages,
             int         *first,
             int         *last,
             GError     **error)
{
  g_auto(GStrv) ends = NULL;

  if (text == NULL || g_strcmp0 (text, "all") == 0)
    {
      *first = 1;
      *last = n_pages;
      return TRUE;
    }
  ends = g_strsplit (text, "-", 2);
  if (parse_page (ends[0], n_pages, first)
      && (ends[1] == NULL ? (*last = *first, TRUE) : parse_page (ends[1], n_pages, last))
      && *first <= *last)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Pages “%s” are not a range of this document’s %d pages: give all, N or A-B"),
               text, n_pages);
  return FALSE;
}

static gboolean
add_qr (SdCliMarks     *marks,
        const char     *in_path,
        SdPdfDocument  *doc,
        SdKey          *key,
        GDateTime      *when,
        GPtrArray      *list,
        GError        **error)
{
  g_autofree char *payload = NULL;
  int n = sd_pdf_document_get_n_pages (doc);
  int first, last;

  if (marks->qr_pages == NULL || g_strcmp0 (marks->qr_pages, "last") == 0)
    first = last = n;
  else if (!parse_range (marks->qr_pages, n, &first, &last, error))
    return FALSE;
  payload = sd_qr_payload_new (in_path, sd_key_get_certificate (key), when, marks->qr_url, error);
  if (payload == NULL)
    return FALSE;
  for (int page = first; page <= last; page++)
    {
      SdMark *mark = sd_mark_new (SD_MARK_QR, page);

      mark->rect = (SdRect) { QR_MARGIN, QR_MARGIN, QR_SIZE, QR_SIZE };
      mark->text = g_strdup (payload);
      g_ptr_array_add (list, mark);
    }
  return TRUE;
}

/* The width and height in points of the cross-page seal: a seal of the
 * library at its true size, a picture 120 points high. */
static gboolean
cross_page_size (SdCliMarks  *marks,
                 double      *width,
                 double      *height,
                 GError     **error)
{
  g_autoptr(SdSealImage) image = NULL;

  if (sd_cli_is_seal_id (marks->cross_page))
    {
      g_autoptr(SdSeal) seal = NULL;

      if (marks->workspace == NULL
          || (seal = sd_seal_library_get (marks->workspace, marks->cross_page, error)) == NULL)
        return FALSE;
      *width = seal->width_mm * 72 / 25.4;
      *height = seal->height_mm * 72 / 25.4;
      return TRUE;
    }
  image = sd_seal_image_load_png (marks->cross_page, error);
  if (image == NULL)
    return FALSE;
  *height = CROSS_PAGE_HEIGHT;
  *width = CROSS_PAGE_HEIGHT * sd_seal_image_get_width (image) / sd_seal_image_get_height (image);
  return TRUE;
}

static gboolean
add_cross_page (SdCliMarks     *marks,
                SdPdfDocument  *doc,
                GPtrArray      *list,
                GError        **error)
{
  gboolean library = sd_cli_is_seal_id (marks->cross_page);
  int n = sd_pdf_document_get_n_pages (doc);
  int first, last, count;
  double width, height, strip;

  if (!parse_range (marks->pages, n, &first, &last, error)
      || !cross_page_size (marks, &width, &height, error))
    return FALSE;
  count = last - first + 1;
  strip = width / count;
  for (int page = first; page <= last; page++)
    {
      SdMark *mark = sd_mark_new (SD_MARK_STRIP, page);
      SdPdfPageInfo info;
      double vw, vh, h = height;

      if (!sd_pdf_document_get_page (doc, page, &info, error))
        {
          sd_mark_free (mark);
          return FALSE;
        }
      sd_geometry_visible_size (&info, &vw, &vh);
      /* A seal taller than the page, or a strip wider, does not fit. */
      if (h > vh || strip > vw)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The cross-page seal (%.0f × %.0f points) does not fit on page %d (%.0f × %.0f points)"),
                       width, height, page, vw, vh);
          sd_mark_free (mark);
          return FALSE;
        }
      mark->rect = (SdRect) { vw - strip, (vh - h) / 2, strip, h };
      if (library)
        mark->seal_id = g_strdup (marks->cross_page);
      else
        mark->image_path = g_strdup (marks->cross_page);
      mark->strip_index = page - first;
      mark->n_strips = count;
      g_ptr_array_add (list, mark);
    }
  return TRUE;
}

static gboolean
add_watermark (SdCliMarks     *marks,
               SdPdfDocument  *doc,
               GPtrArray      *list,
               GError        **error)
{
  g_autoptr(SdSealImage) image = NULL;
  g_autofree char *text = NULL;
  int n = sd_pdf_document_get_n_pages (doc);
  int first, last;
  gboolean tiled;
  double opacity = marks->watermark_opacity != 0 ? marks->watermark_opacity : 0.25;

  if (marks->watermark_layout == NULL || g_strcmp0 (marks->watermark_layout, "tiled") == 0)
    tiled = TRUE;
  else if (g_strcmp0 (marks->watermark_layout, "centred") == 0
           || g_strcmp0 (marks->watermark_layout, "centered") == 0)
    tiled = FALSE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--watermark-layout is tiled or centred, not “%s”"), marks->watermark_layout);
      return FALSE;
    }
  if (opacity < 0.05 || opacity > 1 || marks->watermark_size < 0 || marks->watermark_size > 500)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The watermark’s opacity is from 0.05 to 1 and its size from 1 to 500 points"));
      return FALSE;
    }
  if (!parse_range (marks->watermark_pages, n, &first, &last, error))
    return FALSE;
  if (marks->watermark != NULL)
    text = g_strjoinv ("\n", marks->watermark);
  if (marks->watermark_image != NULL
      && (image = sd_seal_image_load_png (marks->watermark_image, error)) == NULL)
    return FALSE;

  for (int page = first; page <= last; page++)
    {
      SdPdfPageInfo info;
      double vw, vh;

      if (!sd_pdf_document_get_page (doc, page, &info, error))
        return FALSE;
      sd_geometry_visible_size (&info, &vw, &vh);
      if (image != NULL)
        {
          double w = (tiled ? 0.3 : 0.6) * MIN (vw, vh);
          double h = w * sd_seal_image_get_height (image) / sd_seal_image_get_width (image);
          int nx = tiled ? (int) (vw / (w * 1.5)) : 1, ny = tiled ? (int) (vh / (h * 1.5)) : 1;

          nx = MAX (nx, 1);
          ny = MAX (ny, 1);
          w = MIN (w, vw / nx);
          h = MIN (h, vh / ny);
          for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
              {
                SdMark *mark = sd_mark_new (SD_MARK_IMAGE, page);

                mark->rect = (SdRect) { vw * (i + 0.5) / nx - w / 2, vh * (j + 0.5) / ny - h / 2, w, h };
                mark->image_path = g_strdup (marks->watermark_image);
                mark->opacity = opacity;
                g_ptr_array_add (list, mark);
              }
        }
      if (text != NULL)
        {
          SdMark *mark = sd_mark_new (SD_MARK_TEXT, page);

          mark->rect = (SdRect) { 0, 0, vw, vh };
          mark->text = g_strdup (text);
          mark->opacity = opacity;
          mark->font_size = marks->watermark_size;
          mark->angle = marks->watermark_angle;
          mark->tiled = tiled;
          g_ptr_array_add (list, mark);
        }
    }
  return TRUE;
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, NULL);

  if (map == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (map),
                                      g_mapped_file_get_length (map));
}

/* The void stamp on every page, centred, as the signature's seals. */
static gboolean
add_void_stamp (SdCliMarks     *marks,
                const char     *in_path,
                const char     *png,
                SdKey          *key,
                SdSignOptions  *opts,
                GError        **error)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (in_path, opts->password, error);
  g_autofree char *signer = NULL;

  if (doc == NULL)
    return FALSE;
  signer = sd_x509_common_name (X509_get_subject_name (sd_key_get_certificate (key)));
  if (!sd_void_stamp_write_png (png, signer != NULL ? signer : sd_key_get_label (key),
                                opts->signing_time, marks->void_reason, error))
    return FALSE;
  for (int page = 1; page <= sd_pdf_document_get_n_pages (doc); page++)
    {
      SdPdfPageInfo info;
      double vw, vh, w, h;

      if (!sd_pdf_document_get_page (doc, page, &info, error))
        return FALSE;
      sd_geometry_visible_size (&info, &vw, &vh);
      w = MIN (360, vw * 0.8);
      h = w / SD_VOID_STAMP_ASPECT;
      sd_sign_options_add_seal (opts, page, (vw - w) / 2, (vh - h) / 2, w, h, png);
    }
  opts->voids_document = TRUE;
  if (opts->reason == NULL)
    /* TRANSLATORS: the /Reason of a void signature */
    opts->reason = g_strdup_printf (_("VOID: %s"), marks->void_reason);
  return TRUE;
}

/* The ledger's lifecycle entry for a void, when there is a workspace. */
static gboolean
record_void (SdCliMarks   *marks,
             const char   *in_path,
             const char   *out_path,
             SdKey        *key,
             GError      **error)
{
  g_autofree char *in_sha = file_sha256 (in_path);
  g_autofree char *out_sha = file_sha256 (out_path);
  g_autofree char *signer = NULL;
  JsonObject *details;

  if (marks->workspace == NULL)
    return TRUE;
  signer = sd_x509_common_name (X509_get_subject_name (sd_key_get_certificate (key)));
  details = json_object_new ();
  json_object_set_string_member (details, "action", "void");
  json_object_set_string_member (details, "reason", marks->void_reason);
  json_object_set_string_member (details, "signer", signer != NULL ? signer : sd_key_get_label (key));
  json_object_set_string_member (details, "output_sha256", out_sha != NULL ? out_sha : "");
  return sd_ledger_record (sd_workspace_get_ledger (marks->workspace), SD_LEDGER_LIFECYCLE,
                           signer != NULL ? signer : sd_key_get_label (key), NULL, NULL,
                           in_sha, details, error) > 0;
}

static gboolean
sign_void (SdCliMarks     *marks,
           const char     *in_path,
           const char     *out_path,
           SdKey          *key,
           SdSignOptions  *opts,
           guint           n_uses,
           SdSignResult   *result,
           GError        **error)
{
  g_autofree char *stamp_dir = NULL;
  g_autofree char *png = NULL;
  SdSignOptions local = *opts;
  SdSignOptions stamps;
  gboolean ok;

  if (*marks->void_reason == '\0' || marks->qr || marks->cross_page != NULL
      || marks->watermark != NULL || marks->watermark_image != NULL
      || opts->placements->len > 0 || n_uses > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A void needs its reason (--reason TEXT), and takes no seals or marks"));
      return FALSE;
    }
  if (opts->signing_time == NULL)
    opts->signing_time = g_date_time_new_now_utc ();
  stamp_dir = g_dir_make_tmp ("sealdesk-void-XXXXXX", error);
  if (stamp_dir == NULL)
    return FALSE;
  png = g_build_filename (stamp_dir, "void.png", NULL);
  /* The stamps of this document only (a batch voids several). */
  sd_sign_options_init (&stamps);
  local.placements = stamps.placements;
  local.signing_time = opts->signing_time;
  ok = add_void_stamp (marks, in_path, png, key, &local, error)
       && sd_sign_document_full (in_path, out_path, key, &local, result, NULL, NULL, NULL, error)
       && record_void (marks, in_path, out_path, key, error);
  if (local.reason != opts->reason)
    g_free (local.reason);
  sd_sign_options_clear (&stamps);
  g_unlink (png);
  g_rmdir (stamp_dir);
  return ok;
}

gboolean
sd_cli_marks_sign (SdCliMarks      *marks,
                   const char      *in_path,
                   const char      *out_path,
                   SdKey           *key,
                   SdSignOptions   *opts,
                   const SdSealUse *uses,
                   guint            n_uses,
                   SdSignResult    *result,
                   GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  g_autoptr(SdPdfDocument) doc = NULL;
  SdSignOptions local;
  gboolean library;

  if (marks->void_reason != NULL)
    return sign_void (marks, in_path, out_path, key, opts, n_uses, result, error);

  library = n_uses > 0 || (marks->cross_page != NULL && sd_cli_is_seal_id (marks->cross_page));
  if (library && opts->placements->len > 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give either seals of the library (--seal ID) or pictures (--seal PNG), not both"));
      return FALSE;
    }
  if (marks->qr || marks->cross_page != NULL || marks->watermark != NULL
      || marks->watermark_image != NULL)
    {
      /* The QR code names the signing time: /M must say the same. */
      if (opts->signing_time == NULL)
        opts->signing_time = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
      doc = sd_pdf_document_open (in_path, opts->password, error);
      if (doc == NULL)
        return FALSE;
      /* Watermark under the seals and the QR code. */
      if (((marks->watermark != NULL || marks->watermark_image != NULL)
           && !add_watermark (marks, doc, list, error))
          || (marks->cross_page != NULL && !add_cross_page (marks, doc, list, error))
          || (marks->qr && !add_qr (marks, in_path, doc, key, opts->signing_time, list, error)))
        return FALSE;
      g_clear_object (&doc);
    }

  /* This document's marks; the signer draws them. With a workspace every
   * signature goes through the one sealing operation (seals' state, the
   * ledger's key-use entry), with seals of the library or without. */
  local = *opts;
  local.marks = list;
  if (library || marks->workspace != NULL)
    return sd_sealing_seal_document (marks->workspace, in_path, out_path, key, &local, uses,
                                     n_uses, NULL, result, NULL, NULL, NULL, error);
  return sd_sign_document_full (in_path, out_path, key, &local, result, NULL, NULL, NULL, error);
}
