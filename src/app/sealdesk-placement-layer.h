/* sealdesk-placement-layer.h: the placements of a session, shown on the page view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-workspace.h"
#include "sealdesk-page-view.h"
#include "sealdesk-session.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PLACEMENT_LAYER (sealdesk_placement_layer_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPlacementLayer, sealdesk_placement_layer, SEALDESK, PLACEMENT_LAYER, GObject)

/* Shows each placement of the "session" (may be NULL) as an overlay child
 * of @view, drawn with the seal's picture from @workspace's library. */
SealdeskPlacementLayer *sealdesk_placement_layer_new           (SealdeskPageView       *view);
void                    sealdesk_placement_layer_set_session   (SealdeskPlacementLayer *self,
                                                                SealdeskSession        *session);
SealdeskSession        *sealdesk_placement_layer_get_session   (SealdeskPlacementLayer *self);
void                    sealdesk_placement_layer_set_workspace (SealdeskPlacementLayer *self,
                                                                SdWorkspace            *workspace);
/* The widget that shows @placement, or NULL. */
GtkWidget              *sealdesk_placement_layer_get_widget    (SealdeskPlacementLayer *self,
                                                                SealdeskPlacement      *placement);
/* The placement selected (the last one pressed or focused), or NULL. */
SealdeskPlacement      *sealdesk_placement_layer_get_selected  (SealdeskPlacementLayer *self);
void                    sealdesk_placement_layer_select        (SealdeskPlacementLayer *self,
                                                                SealdeskPlacement      *placement);

G_END_DECLS
