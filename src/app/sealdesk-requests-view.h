/* sealdesk-requests-view.h: the queue of stamp requests
 *
 * The requests of the workspace grouped as the current profile sees them
 * (waiting for me, waiting for others, completed, closed), each row with
 * the document, seal, requester, reason, matter and age. Activating a row
 * opens its review (SealdeskRequestReview) in the view. "n-waiting" counts
 * the requests waiting for the current profile (a sidebar's badge).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_REQUESTS_VIEW (sealdesk_requests_view_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskRequestsView, sealdesk_requests_view, SEALDESK, REQUESTS_VIEW, AdwBin)

GtkWidget  *sealdesk_requests_view_new          (SdWorkspace          *workspace);
/* Lists the requests again (in a worker thread). */
void        sealdesk_requests_view_reload       (SealdeskRequestsView *self);
/* Is a listing running? */
gboolean    sealdesk_requests_view_is_loading   (SealdeskRequestsView *self);
guint       sealdesk_requests_view_get_n_waiting (SealdeskRequestsView *self);
const char *sealdesk_requests_view_get_profile  (SealdeskRequestsView *self);
/* Opens the review of request @id (back to the queue with Escape or the
 * Back button). */
void        sealdesk_requests_view_show_request (SealdeskRequestsView *self,
                                                 const char           *id);

G_END_DECLS
