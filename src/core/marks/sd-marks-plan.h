/* sd-marks-plan.h: where the page marks of a document go
 *
 * The one layout of the QR verification code, the watermark and the
 * cross-page seal on the pages of a document, used by `sealdesk-cli sign`
 * and by the application (which shows the marks before signing): each
 * call appends the SdMark of every page it covers to @marks. Pages are
 * given as "all", "last", "N" or "A-B" (A, B may be "first" or "last").
 */
#pragma once

#include "sd-marks.h"
#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* Size of the QR block and its distance from the bottom-left corner of
 * the page, in points. */
#define SD_MARKS_QR_SIZE 72.0
#define SD_MARKS_QR_MARGIN 28.0

typedef struct {
  char     *text;                   /* lines, or NULL */
  char     *image_path;             /* PNG, or NULL */
  gboolean  tiled;                  /* else once, centred */
  double    angle;                  /* degrees, counter-clockwise */
  double    opacity;                /* 0.05 to 1 */
  double    font_size;              /* points; 0: 36 */
} SdWatermark;

gboolean sd_marks_parse_pages     (const char         *pages,
                                   int                 n_pages,
                                   int                *first,
                                   int                *last,
                                   GError            **error);

/* The QR code (text NULL: filled in at signing, sd_marks_fill_qr()) on
 * @pages (NULL: the last page), with @url_template (may be NULL). */
gboolean sd_marks_plan_qr         (SdPdfDocument      *doc,
                                   const char         *pages,
                                   const char         *url_template,
                                   GPtrArray          *marks,
                                   GError            **error);

/* The watermark @wm on @pages (NULL: all). */
gboolean sd_marks_plan_watermark  (SdPdfDocument      *doc,
                                   const char         *pages,
                                   const SdWatermark  *wm,
                                   GPtrArray          *marks,
                                   GError            **error);

/* A cross-page seal of @width × @height points cut into one strip per
 * page of @pages (NULL: all), along the right edge: the seal @seal_id of
 * the library, or the picture @image_path. */
gboolean sd_marks_plan_cross_page (SdPdfDocument      *doc,
                                   const char         *pages,
                                   const char         *seal_id,
                                   const char         *image_path,
                                   double              width,
                                   double              height,
                                   GPtrArray          *marks,
                                   GError            **error);

/* A one-page PDF of @width × @height points showing @marks (of SdMark*,
 * whatever their page) and nothing else: the marks as the signer draws
 * them, for a preview. QR marks without text show a code of the same
 * size (sd_qr_payload_new() without a certificate) for @doc_path.
 * SD_PDF_ERROR_TOO_LARGE when its images are too large to render safely
 * (sd_pdf_document_check_page_images()). */
GBytes  *sd_marks_render_pdf      (const char         *doc_path,
                                   double              width,
                                   double              height,
                                   GPtrArray          *marks,
                                   GError            **error);

G_END_DECLS
