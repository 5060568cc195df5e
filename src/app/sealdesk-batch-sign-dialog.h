/* sealdesk-batch-sign-dialog.h: signs several documents with one key and one PIN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-session.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_BATCH_SIGN_DIALOG (sealdesk_batch_sign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskBatchSignDialog, sealdesk_batch_sign_dialog, SEALDESK, BATCH_SIGN_DIALOG, AdwWindow)

typedef enum
{
  SEALDESK_BATCH_DOCUMENT_WAITING,   /* ticked, not signed yet */
  SEALDESK_BATCH_DOCUMENT_SKIPPED,   /* not ticked, or cannot be signed */
  SEALDESK_BATCH_DOCUMENT_SIGNING,
  SEALDESK_BATCH_DOCUMENT_SIGNED,
  SEALDESK_BATCH_DOCUMENT_FAILED,    /* not signed; see the message */
} SealdeskBatchDocumentState;

/* @workspace: where the keys and seals come from. Emits "signed"
 * (SealdeskSession *session or NULL, GFile *output) for each document
 * signed, and stays open with each document's result. Its "key-id"
 * property is the chosen key's ID (bind it to a setting). */
GtkWidget *sealdesk_batch_sign_dialog_new          (GtkWindow               *parent,
                                                    SdWorkspace             *workspace);
/* An open document, signed with the seals placed on it (read when
 * signing starts). A document already listed is not listed again. */
void       sealdesk_batch_sign_dialog_add_session  (SealdeskBatchSignDialog *self,
                                                    SealdeskSession         *session);
/* A file that is not open: signed without seals (an invisible signature). */
void       sealdesk_batch_sign_dialog_add_file     (SealdeskBatchSignDialog *self,
                                                    GFile                   *file);
/* Signs every ticked document, as "Sign All" does. */
void       sealdesk_batch_sign_dialog_sign         (SealdeskBatchSignDialog *self);
gboolean   sealdesk_batch_sign_dialog_get_busy     (SealdeskBatchSignDialog *self);

guint      sealdesk_batch_sign_dialog_get_n_documents (SealdeskBatchSignDialog *self);
/* Document @index (in the order listed): its file, its signed copy (once
 * signed, else NULL), and what happened, in words (NULL when nothing yet). */
SealdeskBatchDocumentState
           sealdesk_batch_sign_dialog_get_document (SealdeskBatchSignDialog *self,
                                                    guint                    index,
                                                    GFile                  **file,
                                                    GFile                  **output,
                                                    const char             **message);
/* Ticks (or unticks) document @index. */
void       sealdesk_batch_sign_dialog_set_included (SealdeskBatchSignDialog *self,
                                                    guint                    index,
                                                    gboolean                 included);

G_END_DECLS
