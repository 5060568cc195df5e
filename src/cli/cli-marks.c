/* cli-marks.c: the page-mark options of `sealdesk-cli sign` */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cli-common.h"
#include "cli-marks.h"
#include "sd-marks.h"
#include "sd-marks-plan.h"
#include "sd-marks-qr.h"
#include "sd-pdf-document.h"
#include "sd-seal-image.h"
#include "sd-seal-library.h"
#include "sd-sealing.h"

/* Height of a cross-page seal from a picture, in points. */
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
add_qr (SdCliMarks     *marks,
        const char     *in_path,
        SdPdfDocument  *doc,
        SdKey          *key,
        GDateTime      *when,
        GPtrArray      *list,
        GError        **error)
{
  return sd_marks_plan_qr (doc, marks->qr_pages, marks->qr_url, list, error)
         && sd_marks_fill_qr (list, in_path, sd_key_get_certificate (key), when, error);
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
  double width, height;

  return cross_page_size (marks, &width, &height, error)
         && sd_marks_plan_cross_page (doc, marks->pages, library ? marks->cross_page : NULL,
                                      library ? NULL : marks->cross_page, width, height, list,
                                      error);
}

static gboolean
add_watermark (SdCliMarks     *marks,
               SdPdfDocument  *doc,
               GPtrArray      *list,
               GError        **error)
{
  g_autofree char *text = NULL;
  SdWatermark wm = { 0 };

  if (marks->watermark_layout == NULL || g_strcmp0 (marks->watermark_layout, "tiled") == 0)
    wm.tiled = TRUE;
  else if (g_strcmp0 (marks->watermark_layout, "centred") == 0
           || g_strcmp0 (marks->watermark_layout, "centered") == 0)
    wm.tiled = FALSE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--watermark-layout is tiled or centred, not “%s”"), marks->watermark_layout);
      return FALSE;
    }
  if (marks->watermark != NULL)
    text = g_strjoinv ("\n", marks->watermark);
  wm.text = text;
  wm.image_path = marks->watermark_image;
  wm.angle = marks->watermark_angle;
  wm.opacity = marks->watermark_opacity != 0 ? marks->watermark_opacity : 0.25;
  wm.font_size = marks->watermark_size;
  return sd_marks_plan_watermark (doc, marks->watermark_pages, &wm, list, error);
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
  if (*marks->void_reason == '\0' || marks->qr || marks->cross_page != NULL
      || marks->watermark != NULL || marks->watermark_image != NULL
      || opts->placements->len > 0 || n_uses > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A void needs its reason (--reason TEXT), and takes no seals or marks"));
      return FALSE;
    }
  return sd_sealing_void_document (marks->workspace, in_path, out_path, key, opts,
                                   marks->void_reason, result, NULL, NULL, NULL, error);
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
