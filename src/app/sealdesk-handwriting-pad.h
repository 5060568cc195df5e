/* sealdesk-handwriting-pad.h: a pad to sign on by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_HANDWRITING_PAD (sealdesk_handwriting_pad_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskHandwritingPad, sealdesk_handwriting_pad, SEALDESK, HANDWRITING_PAD, GtkWidget)

/* How many millimetres of paper one pixel of the pad stands for. */
#define SEALDESK_HANDWRITING_MM_PER_PX 0.125

/* Draws strokes with the mouse, a touchpad, a pen (its pressure makes the
 * line wider) or a finger. Emits "changed" after each stroke, undo and
 * clear. */
GtkWidget *sealdesk_handwriting_pad_new           (void);
guint      sealdesk_handwriting_pad_get_n_strokes (SealdeskHandwritingPad *self);
/* Removes the last stroke; FALSE when there was none. */
gboolean   sealdesk_handwriting_pad_undo          (SealdeskHandwritingPad *self);
void       sealdesk_handwriting_pad_clear         (SealdeskHandwritingPad *self);
/* The ink as PNG (RGBA, transparent background), cropped to the strokes
 * and drawn @scale times the pad's resolution; @width_mm and @height_mm
 * get its size on paper (at least 5 mm a side: a short stroke is centred
 * in that). Fails when nothing is drawn. */
GBytes    *sealdesk_handwriting_pad_to_png        (SealdeskHandwritingPad *self,
                                                   double                  scale,
                                                   double                 *width_mm,
                                                   double                 *height_mm,
                                                   GError                **error);

G_END_DECLS
