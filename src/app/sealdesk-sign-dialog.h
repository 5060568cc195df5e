/* sealdesk-sign-dialog.h: signs the open document with a chosen key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SIGN_DIALOG (sealdesk_sign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSignDialog, sealdesk_sign_dialog, SEALDESK, SIGN_DIALOG, AdwWindow)

/* @document: the PDF to sign; @workspace: where the keys and seals come
 * from. Emits "signed" (GFile *output) and closes once the signed copy is
 * written. Its "key-id" property is the chosen key's ID: bind it to a
 * setting to offer the same key next time. */
GtkWidget *sealdesk_sign_dialog_new           (GtkWindow          *parent,
                                               SdWorkspace        *workspace,
                                               GFile              *document);
/* The page marks (GListModel of SealdeskPageMark) drawn with the
 * signature, under its seals. */
void       sealdesk_sign_dialog_set_marks      (SealdeskSignDialog *self,
                                                GListModel         *marks);
/* Signs the seals placed on the document (@placements: SealdeskPlacement,
 * read now; NULL or empty: none) in one signature, through the seal
 * library and its ledger, instead of a picture in a corner. */
void       sealdesk_sign_dialog_set_placements (SealdeskSignDialog *self,
                                               GListModel         *placements);
/* The password the document was opened with (NULL: none): the signed copy
 * is encrypted with the document's key. A copy is kept, wiped with the
 * dialog. */
void       sealdesk_sign_dialog_set_password  (SealdeskSignDialog *self,
                                               const char         *password);
/* Signs into @output, as "Sign" does once the person chose where to save. */
void       sealdesk_sign_dialog_sign_to       (SealdeskSignDialog *self,
                                               GFile              *output);
/* The name offered when saving: "<name>-signed.pdf" in @document's folder. */
GFile     *sealdesk_sign_dialog_default_output (GFile             *document);
/* Is a signing running? */
gboolean   sealdesk_sign_dialog_get_busy      (SealdeskSignDialog *self);

G_END_DECLS
