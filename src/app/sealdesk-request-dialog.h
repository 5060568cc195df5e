/* sealdesk-request-dialog.h: a new stamp request for a document
 *
 * Asks for the reason, the matter, the seal and where it goes (or takes
 * the placements of the document's session), and the steps in order
 * (approve, sign or stamp, each by a profile). The request is made as the
 * current profile (the "profile" setting) with sd_request_create() in a
 * worker thread; the profile's PIN or passphrase is asked with
 * SealdeskPinDialog. A refusal is shown in the dialog, which stays open
 * with everything typed; "created" is emitted with the new request's ID,
 * then the dialog closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_REQUEST_DIALOG (sealdesk_request_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskRequestDialog, sealdesk_request_dialog, SEALDESK, REQUEST_DIALOG, AdwWindow)

/* @placements: a GListModel of SealdeskPlacement (a session's), or NULL
 * to ask for one seal's page and rectangle. */
GtkWidget *sealdesk_request_dialog_new      (GtkWindow   *parent,
                                             SdWorkspace *workspace,
                                             GFile       *document,
                                             GListModel  *placements);
/* Is the request being made? */
gboolean   sealdesk_request_dialog_get_busy (SealdeskRequestDialog *self);
/* Adds a step at the end: @kind "approve", "sign" or "stamp". */
void       sealdesk_request_dialog_add_step (SealdeskRequestDialog *self,
                                             const char            *kind,
                                             const char            *profile);

G_END_DECLS
