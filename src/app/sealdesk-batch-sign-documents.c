/* sealdesk-batch-sign-documents.c: the documents of SealdeskBatchSignDialog
 *
 * One row per document: a tick, its name, what is placed on it or what
 * became of it, and an icon for its state. Open documents come with their
 * session (the seals placed on them are read when signing starts); files
 * that are not open are signed without seals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-batch-sign-dialog-private.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-sign-task.h"

void
_sealdesk_batch_document_free (gpointer data)
{
  Document *document = data;

  g_clear_object (&document->session);
  g_clear_object (&document->file);
  g_clear_object (&document->output);
  g_free (document->blocker);
  g_free (document->message);
  g_free (document);
}

gboolean
_sealdesk_batch_document_included (Document *document)
{
  return document->blocker == NULL && gtk_check_button_get_active (document->check);
}

/* Shows @document's state and message in its row. */
void
_sealdesk_batch_document_show (Document *document)
{
  static const char * const icons[] = {
    [SEALDESK_BATCH_DOCUMENT_WAITING] = NULL,
    [SEALDESK_BATCH_DOCUMENT_SKIPPED] = NULL,
    [SEALDESK_BATCH_DOCUMENT_SIGNING] = "content-loading-symbolic",
    [SEALDESK_BATCH_DOCUMENT_SIGNED] = "emblem-ok-symbolic",
    [SEALDESK_BATCH_DOCUMENT_FAILED] = "dialog-warning-symbolic",
  };
  const char *icon = document->blocker != NULL ? "action-unavailable-symbolic" : icons[document->state];

  gtk_image_set_from_icon_name (document->icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (document->icon), icon != NULL);
  if (document->state == SEALDESK_BATCH_DOCUMENT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (document->icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (document->icon), "error");
  adw_action_row_set_subtitle (document->row, document->blocker != NULL ? document->blocker
                                              : document->message != NULL ? document->message : "");
}

/* What is placed on @document, in words. */
char *
_sealdesk_batch_document_describe (Document *document)
{
  guint n = document->session != NULL
              ? g_list_model_get_n_items (sealdesk_session_get_placements (document->session))
              : 0;

  if (n == 0)
    return g_strdup (_("No seal placed: the signature is invisible."));
  /* TRANSLATORS: %u: how many seals are placed on the document */
  return g_strdup_printf (ngettext ("%u seal placed, signed in one signature.",
                                    "%u seals placed, signed in one signature.", n),
                          n);
}

static void
document_toggled (SealdeskBatchSignDialog *self)
{
  _sealdesk_batch_sign_dialog_update_actions (self);
}

static void
add_document (SealdeskBatchSignDialog *self,
              SealdeskSession         *session,
              GFile                   *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);
  Document *document;

  for (guint i = 0; i < self->documents->len; i++)
    if (g_file_equal (((Document *) g_ptr_array_index (self->documents, i))->file, file))
      return;

  document = g_new0 (Document, 1);
  document->session = session != NULL ? g_object_ref (session) : NULL;
  document->file = g_object_ref (file);
  document->output = sealdesk_sign_dialog_default_output (file);
  document->message = _sealdesk_batch_document_describe (document);
  if (g_file_peek_path (file) == NULL)
    document->blocker = g_strdup (_("Only a document saved on this computer can be signed."));
  else if (session != NULL && sealdesk_session_get_protected (session))
    document->blocker = g_strdup (_("Protected by a password: Sealdesk cannot sign protected documents yet."));

  document->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (document->row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (document->row), FALSE);
  adw_action_row_set_subtitle_lines (document->row, 0);
  document->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_active (document->check, document->blocker == NULL);
  gtk_widget_set_valign (GTK_WIDGET (document->check), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (document->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
  g_signal_connect_object (document->check, "toggled", G_CALLBACK (document_toggled), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (document->row, GTK_WIDGET (document->check));
  adw_action_row_set_activatable_widget (document->row, GTK_WIDGET (document->check));
  document->icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_suffix (document->row, GTK_WIDGET (document->icon));
  gtk_list_box_append (self->documents_list, GTK_WIDGET (document->row));

  g_ptr_array_add (self->documents, document);
  _sealdesk_batch_document_show (document);
  _sealdesk_batch_sign_dialog_update_actions (self);
}

void
sealdesk_batch_sign_dialog_add_session (SealdeskBatchSignDialog *self,
                                        SealdeskSession         *session)
{
  g_return_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self));
  g_return_if_fail (SEALDESK_IS_SESSION (session));

  add_document (self, session, sealdesk_session_get_file (session));
}

void
sealdesk_batch_sign_dialog_add_file (SealdeskBatchSignDialog *self,
                                     GFile                   *file)
{
  g_return_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  add_document (self, NULL, file);
}

guint
sealdesk_batch_sign_dialog_get_n_documents (SealdeskBatchSignDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self), 0);
  return self->documents->len;
}

SealdeskBatchDocumentState
sealdesk_batch_sign_dialog_get_document (SealdeskBatchSignDialog *self,
                                         guint                    index,
                                         GFile                  **file,
                                         GFile                  **output,
                                         const char             **message)
{
  Document *document;

  g_return_val_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self), SEALDESK_BATCH_DOCUMENT_SKIPPED);
  g_return_val_if_fail (index < self->documents->len, SEALDESK_BATCH_DOCUMENT_SKIPPED);

  document = g_ptr_array_index (self->documents, index);
  if (file != NULL)
    *file = document->file;
  if (output != NULL)
    *output = document->state == SEALDESK_BATCH_DOCUMENT_SIGNED ? document->output : NULL;
  if (message != NULL)
    *message = document->blocker != NULL ? document->blocker : document->message;
  return document->blocker != NULL ? SEALDESK_BATCH_DOCUMENT_SKIPPED : document->state;
}

void
sealdesk_batch_sign_dialog_set_included (SealdeskBatchSignDialog *self,
                                         guint                    index,
                                         gboolean                 included)
{
  g_return_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self));
  g_return_if_fail (index < self->documents->len);

  gtk_check_button_set_active (((Document *) g_ptr_array_index (self->documents, index))->check,
                               included);
}
