/* sealdesk-batch-sign-dialog-private.h: what the dialog's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-batch-sign-dialog.h"
#include "sealdesk-sign-panel.h"

G_BEGIN_DECLS

typedef struct
{
  SealdeskSession            *session;   /* or NULL: a file not open */
  GFile                      *file;
  GFile                      *output;    /* NAME-signed.pdf */
  char                       *blocker;   /* why it cannot be signed, or NULL */
  char                       *message;   /* what happened to it */
  SealdeskBatchDocumentState  state;
  AdwActionRow               *row;
  GtkCheckButton             *check;
  GtkImage                   *icon;
} Document;

struct _SealdeskBatchSignDialog
{
  AdwWindow parent_instance;

  GtkListBox         *documents_list;
  SealdeskSignPanel  *panel;

  SdWorkspace          *workspace;
  GPtrArray            *documents;   /* Document */
  GArray               *running;     /* the index of each document of the batch under way */
  GtkFileChooserNative *chooser;
};

/* sealdesk-batch-sign-dialog.c */
void     _sealdesk_batch_sign_dialog_update_actions (SealdeskBatchSignDialog *self);

/* sealdesk-batch-sign-documents.c: the list of documents */
void     _sealdesk_batch_document_free     (gpointer  data);
gboolean _sealdesk_batch_document_included (Document *document);
void     _sealdesk_batch_document_show     (Document *document);
char    *_sealdesk_batch_document_describe (Document *document);

G_END_DECLS
