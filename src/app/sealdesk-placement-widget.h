/* sealdesk-placement-widget.h: one placed seal on a page, to select, move and resize
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-session.h"

G_BEGIN_DECLS

/* Smallest seal, in points. */
#define SEALDESK_PLACEMENT_MIN_SIZE 8.0

#define SEALDESK_TYPE_PLACEMENT_WIDGET (sealdesk_placement_widget_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPlacementWidget, sealdesk_placement_widget, SEALDESK, PLACEMENT_WIDGET, GtkWidget)

/* Shows @placement of @session with @picture (NULL: the seal is missing;
 * an outline is drawn). @name names the seal for assistive technologies.
 * @true_width × @true_height: the seal's printed size, in points. Every
 * change goes through @session, so that it can be undone. It must be an
 * overlay of a SealdeskPageView to work. */
GtkWidget         *sealdesk_placement_widget_new           (SealdeskSession   *session,
                                                            SealdeskPlacement *placement,
                                                            GdkPaintable      *picture,
                                                            const char        *name,
                                                            double             true_width,
                                                            double             true_height);
SealdeskPlacement *sealdesk_placement_widget_get_placement (SealdeskPlacementWidget *self);
gboolean           sealdesk_placement_widget_get_selected  (SealdeskPlacementWidget *self);
void               sealdesk_placement_widget_set_selected  (SealdeskPlacementWidget *self,
                                                            gboolean                 selected);

G_END_DECLS
