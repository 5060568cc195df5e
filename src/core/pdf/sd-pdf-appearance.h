/* sd-pdf-appearance.h: where a seal lands on a page and how it is drawn */
#pragma once

#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* Maps a rectangle given in the page's visible coordinates (x, y, width,
 * height; origin bottom-left of the page as displayed, after /Rotate and
 * the crop box) to a /Rect in default user space. Fails with
 * SD_PDF_ERROR_FAILED and a message naming the page size when the
 * rectangle is empty or does not lie on the page. */
gboolean sd_pdf_visible_rect_to_user (const SdPdfPageInfo *page,
                                      double               x,
                                      double               y,
                                      double               width,
                                      double               height,
                                      double               user_rect[4],
                                      GError             **error);

/* The appearance stream's /Matrix that keeps it upright on a page turned
 * by @rotate degrees: "[a b c d e f]". */
const char *sd_pdf_appearance_matrix (int rotate);

/* Content of an appearance stream of @width × @height (visible size) that
 * draws image resource /@name fitted inside it, aspect ratio kept,
 * centred. */
char     *sd_pdf_seal_appearance_content (double      width,
                                          double      height,
                                          int         image_width,
                                          int         image_height,
                                          const char *name);

G_END_DECLS
