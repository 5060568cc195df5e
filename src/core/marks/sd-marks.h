/* sd-marks.h: page marks drawn as page content in a revision of their own
 *
 * A mark is a placement that draws its own appearance: a picture, a strip
 * of a picture (one page's share of a cross-page seal), or a QR code. The
 * marks of a document are written as one unsigned incremental update (new
 * content streams appended to each marked page, between q/Q so the page's
 * own drawing is untouched); the signature that follows covers them. Each
 * distinct picture is written once and reused by every mark that shows it.
 */
#pragma once

#include <gio/gio.h>

#include "sd-geometry.h"

G_BEGIN_DECLS

#define SD_MARKS_ERROR (sd_marks_error_quark ())

typedef enum {
  SD_MARKS_ERROR_FAILED,
  SD_MARKS_ERROR_INVALID_ARGUMENT,
} SdMarksError;

GQuark sd_marks_error_quark (void);

typedef enum {
  SD_MARK_IMAGE,                    /* image_path fitted in rect */
  SD_MARK_STRIP,                    /* strip strip_index of n_strips of image_path */
  SD_MARK_QR,                       /* text encoded as a QR code filling rect */
  SD_MARK_TEXT,                     /* watermark text (lines) across rect */
} SdMarkKind;

typedef struct {
  SdMarkKind  kind;
  int         page;                 /* 1-based */
  SdRect      rect;                 /* visible space, points */
  char       *image_path;           /* IMAGE, STRIP: PNG */
  /* IMAGE, STRIP: a seal of the library instead of a PNG. The sealing
   * operation (sd_sealing_seal_document) checks that it may be used,
   * records its use and fills in image_path; the signer refuses a mark
   * whose picture is not filled in. */
  char       *seal_id;
  int         strip_index;          /* STRIP: 0-based, left to right */
  int         n_strips;
  char       *text;                 /* QR: the payload; TEXT: lines */
  /* QR with text NULL: the verification code of the signature that
   * follows, filled in by the sealing operation (sd_marks_fill_qr()), with
   * this address template (or NULL) in it. */
  char       *url_template;
  double      opacity;              /* 0 < opacity <= 1; 0 means 1 */
  double      font_size;            /* TEXT: points; 0 means 36 */
  double      angle;                /* TEXT: degrees, counter-clockwise */
  gboolean    tiled;                /* TEXT: repeated over rect, else centred */
} SdMark;

SdMark   *sd_mark_new        (SdMarkKind  kind,
                              int         page);
SdMark   *sd_mark_copy       (const SdMark *mark);
void      sd_mark_free       (SdMark     *mark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdMark, sd_mark_free)

/* Writes @in_path with @marks (of SdMark*) appended as one incremental
 * update to @out_path (atomically). Pages and rectangles are checked; on
 * error nothing is written. A document that is already signed is refused:
 * new page content after a signature would break it. */
gboolean  sd_marks_apply     (const char  *in_path,
                              const char  *out_path,
                              GPtrArray   *marks,
                              GError     **error);

G_END_DECLS
