/* sealdesk-request-preview.h: a page of a stamp request's document with
 * the proposed placements drawn on it
 *
 * The document is opened and the page rendered off the main thread
 * (sealdesk-document.h, its render queue); each placement is drawn as its
 * seal's picture inside a red outline, where the request puts it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-request.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_REQUEST_PREVIEW (sealdesk_request_preview_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskRequestPreview, sealdesk_request_preview, SEALDESK, REQUEST_PREVIEW, GtkWidget)

GtkWidget  *sealdesk_request_preview_new       (void);
/* Shows the page of @request's first placement (page 1 without one), of
 * the document as it is now (after earlier steps). NULL: nothing. */
void        sealdesk_request_preview_set_request (SealdeskRequestPreview *self,
                                                  SdWorkspace            *workspace,
                                                  SdRequest              *request);
/* TRUE once the page is drawn (or failed: see get_error). */
gboolean    sealdesk_request_preview_is_ready  (SealdeskRequestPreview *self);
/* Why the page cannot be shown, or NULL. */
const char *sealdesk_request_preview_get_error (SealdeskRequestPreview *self);
/* How many placements are drawn on the page shown. */
guint       sealdesk_request_preview_get_n_drawn (SealdeskRequestPreview *self);

G_END_DECLS
