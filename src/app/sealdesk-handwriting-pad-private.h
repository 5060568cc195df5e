/* sealdesk-handwriting-pad-private.h: the pad's stroke model, for its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-handwriting-pad.h"

G_BEGIN_DECLS

/* The line is SEALDESK_HANDWRITING_BASE_WIDTH × (0.4 + 1.2 × pressure)
 * pixels of the pad wide; the mouse, a touchpad and fingers have no
 * pressure axis and draw with SEALDESK_HANDWRITING_MOUSE_PRESSURE. */
#define SEALDESK_HANDWRITING_BASE_WIDTH     2.6
#define SEALDESK_HANDWRITING_MOUSE_PRESSURE 0.5

/* What the gestures feed: a pen's positions with its pressure (0 to 1)
 * from GtkGestureStylus, the pointer's with the mouse's. A stroke begins,
 * gets points (smoothed; @last_point is where the pen was lifted) and
 * ends ("changed" is emitted). Pad coordinates. */
void _sealdesk_handwriting_pad_stroke_begin (SealdeskHandwritingPad *self,
                                             double                  x,
                                             double                  y,
                                             double                  pressure);
void _sealdesk_handwriting_pad_stroke_add   (SealdeskHandwritingPad *self,
                                             double                  x,
                                             double                  y,
                                             double                  pressure,
                                             gboolean                last_point);
void _sealdesk_handwriting_pad_stroke_end   (SealdeskHandwritingPad *self);

G_END_DECLS
