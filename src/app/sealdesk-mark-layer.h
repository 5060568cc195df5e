/* sealdesk-mark-layer.h: the page marks of a session, previewed on the page view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-workspace.h"
#include "sealdesk-page-view.h"
#include "sealdesk-session.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_MARK_LAYER (sealdesk_mark_layer_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskMarkLayer, sealdesk_mark_layer, SEALDESK, MARK_LAYER, GObject)

/* Shows each page mark of the session (may be NULL) as overlay children
 * of @view (a SealdeskMarkWidget per page it covers), drawn by the core
 * as the signer will draw it (sd_marks_render_pdf()), read with Poppler. */
SealdeskMarkLayer *sealdesk_mark_layer_new           (SealdeskPageView  *view);
void               sealdesk_mark_layer_set_session   (SealdeskMarkLayer *self,
                                                      SealdeskSession   *session);
void               sealdesk_mark_layer_set_workspace (SealdeskMarkLayer *self,
                                                      SdWorkspace       *workspace);
/* The widgets that show @mark, one per page, in page order (of
 * GtkWidget*); empty when it is not shown. */
GPtrArray         *sealdesk_mark_layer_get_widgets   (SealdeskMarkLayer *self,
                                                      SealdeskPageMark  *mark);

G_END_DECLS
