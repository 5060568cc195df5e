/* sealdesk-page-mark.h: one page mark added to an open document
 *
 * A QR verification code, a watermark or a cross-page seal, as the core
 * lays it out (sd-marks-plan.h): the SdMark of each page it covers. Marks
 * are drawn before the signature, which covers them; the QR code gets its
 * payload when it is signed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-marks.h"

G_BEGIN_DECLS

typedef enum {
  SEALDESK_PAGE_MARK_QR,
  SEALDESK_PAGE_MARK_WATERMARK,
  SEALDESK_PAGE_MARK_CROSS_PAGE,
} SealdeskPageMarkKind;

#define SEALDESK_TYPE_PAGE_MARK (sealdesk_page_mark_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPageMark, sealdesk_page_mark, SEALDESK, PAGE_MARK, GObject)

/* @marks: of SdMark* (taken), pages from 1. @page_sizes: the visible size
 * (width, height in points) of each page of the document, in order. */
SealdeskPageMark     *sealdesk_page_mark_new            (SealdeskPageMarkKind  kind,
                                                         GPtrArray            *marks,
                                                         const double         *page_sizes,
                                                         int                   n_pages);
SealdeskPageMarkKind  sealdesk_page_mark_get_kind       (SealdeskPageMark     *self);
/* Of SdMark*. */
GPtrArray            *sealdesk_page_mark_get_marks      (SealdeskPageMark     *self);
/* What the mark is, for a person (and assistive technologies). */
char                 *sealdesk_page_mark_describe       (SealdeskPageMark     *self);
/* Visible size of page @page (from 1). */
void                  sealdesk_page_mark_get_page_size  (SealdeskPageMark     *self,
                                                         int                   page,
                                                         double               *width,
                                                         double               *height);

G_END_DECLS
