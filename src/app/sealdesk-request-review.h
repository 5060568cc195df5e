/* sealdesk-request-review.h: one stamp request, to look at and decide on
 *
 * The document with the proposed placements drawn on it, what is asked,
 * the steps and decisions so far; Approve (or Sign / Stamp, as the step
 * is), Reject (a comment is required) and Decline with a written opinion,
 * made as the current profile through sd_sealing_decide() in a worker
 * thread; the profile's PIN or passphrase is asked with SealdeskPinDialog.
 * A refusal is shown in the review and nothing typed is lost. "decided"
 * is emitted after each decision the core recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_REQUEST_REVIEW (sealdesk_request_review_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskRequestReview, sealdesk_request_review, SEALDESK, REQUEST_REVIEW, AdwBin)

GtkWidget  *sealdesk_request_review_new         (SdWorkspace           *workspace);
/* Shows request @id (NULL: none), read again from the workspace. */
void        sealdesk_request_review_set_request (SealdeskRequestReview *self,
                                                 const char            *id);
const char *sealdesk_request_review_get_request_id (SealdeskRequestReview *self);
/* The request's state as last read ("pending", "approved", …), or NULL. */
const char *sealdesk_request_review_get_state   (SealdeskRequestReview *self);
/* Is a decision being made? */
gboolean    sealdesk_request_review_get_busy    (SealdeskRequestReview *self);
/* The last refusal or failure shown, or NULL. */
const char *sealdesk_request_review_get_error   (SealdeskRequestReview *self);

G_END_DECLS
