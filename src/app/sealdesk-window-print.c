/* sealdesk-window-print.c: printing the window's document
 *
 * "Print…" opens GTK's print dialog over a SealdeskPrintOperation
 * (sealdesk-print.c: every page at its true size, seals included). One
 * print at a time per window; the settings chosen are kept for the next
 * one while the window is open. A dialog says why printing failed, or
 * that the document's author does not allow it to be printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-print.h"
#include "sealdesk-window-private.h"

static void
sealdesk_window_print_done (SealdeskWindow          *self,
                            GtkPrintOperationResult  result,
                            GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;

  self->print_result = result;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GtkWidget *dialog;

      gtk_print_operation_get_error (operation, &error);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Print"),
                                       error ? error->message : NULL);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  if (self->print_operation == operation)
    g_clear_object (&self->print_operation);
  _sealdesk_window_actions_update (self);
}

/* Prints the document: with @action GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG
 * as the person asks, or GTK_PRINT_OPERATION_ACTION_EXPORT into the PDF
 * file @export_file without a dialog. */
void
_sealdesk_window_print (SealdeskWindow          *self,
                        GtkPrintOperationAction  action,
                        GFile                   *export_file)
{
  SealdeskDocument *document;
  g_autoptr(SealdeskPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || G_IS_FILE (export_file));

  document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  if (document == NULL || self->print_operation != NULL)
    return;

  /* Said rather than greyed out, so that nobody wonders why. */
  if (!sealdesk_document_get_can_print (document))
    {
      g_autofree char *name = g_file_get_basename (sealdesk_document_get_file (document));
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *body = g_strdup_printf (_("The author of “%s” does not allow it to be "
                                                 "printed."),
                                               display);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Printing Is Not Allowed"), body);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  operation = sealdesk_print_operation_new (document,
                                            (guint) MAX (sealdesk_document_model_get_page (_sealdesk_window_model (self)), 0));
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (operation), self->print_settings);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  gtk_print_operation_set_show_progress (GTK_PRINT_OPERATION (operation),
                                         action != GTK_PRINT_OPERATION_ACTION_EXPORT);
  if (export_file != NULL)
    {
      g_autofree char *path = g_file_get_path (export_file);

      gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
    }

  self->print_operation = GTK_PRINT_OPERATION (g_object_ref (operation));
  self->print_result = GTK_PRINT_OPERATION_RESULT_IN_PROGRESS;
  g_signal_connect_object (operation, "done",
                           G_CALLBACK (sealdesk_window_print_done),
                           self, G_CONNECT_SWAPPED);
  _sealdesk_window_actions_update (self);

  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), action,
                                    GTK_WINDOW (self), &error);
  /* Finished (or refused) at once: "done" is not always emitted then. */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && self->print_operation != NULL &&
      self->print_operation == GTK_PRINT_OPERATION (operation))
    {
      if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
        g_warning ("Printing failed: %s", error->message);
      sealdesk_window_print_done (self, result, GTK_PRINT_OPERATION (operation));
    }
}

void
_sealdesk_window_print_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  _sealdesk_window_print (SEALDESK_WINDOW (widget), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL);
}

void
_sealdesk_window_print_dispose (SealdeskWindow *self)
{
  if (self->print_operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->print_operation, self);
      gtk_print_operation_cancel (self->print_operation);
    }
  g_clear_object (&self->print_operation);
  g_clear_object (&self->print_settings);
}
