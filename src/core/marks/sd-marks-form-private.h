/* sd-marks-form-private.h: marks drawn with cairo and pango, imported as
 * form XObjects (internal to src/core/marks)
 *
 * Text is laid out with Pango and written by cairo's PDF surface, which
 * embeds a subset of the real font with a /ToUnicode map: the text of a
 * watermark stays text (searchable, extractable), Chinese included. The
 * one-page PDF cairo makes is copied object by object into the update.
 */
#pragma once

#include "sd-marks.h"
#include "sd-pdf-update.h"

G_BEGIN_DECLS

/* A form XObject of @width × @height points (visible space of a page)
 * showing the watermark text of @mark; its object number, or 0 and
 * @error. */
int sd_marks_text_form (SdPdfUpdate   *update,
                        const SdMark  *mark,
                        double         width,
                        double         height,
                        GError       **error);

G_END_DECLS
