/* sealdesk-window-report.c: saving the verification report of the window's document
 *
 * "Save Verification Report…" asks where (a GtkFileChooserNative, in the
 * document's folder, named after it), then the core draws the one-page
 * PDF report and writes it atomically, in a thread. A toast says where it
 * went; a dialog says why it could not be written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sealdesk-window-private.h"

typedef struct
{
  GFile          *file;
  SdVerifyReport *report;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->report, sd_verify_report_unref);
  g_free (data);
}

static void
sealdesk_window_report_saved (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  SealdeskWindow *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  SaveData *data = g_task_get_task_data (G_TASK (result));
  gboolean saved = g_task_propagate_boolean (G_TASK (result), &error);

  /* The window is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  self = SEALDESK_WINDOW (user_data);
  name = g_file_get_basename (data->file);

  if (saved)
    {
      g_autofree char *display = g_filename_display_name (name);

      title = g_strdup_printf (_("Verification report saved as “%s”"), display);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  else
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Save the Verification Report"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
sealdesk_window_save_report_thread (GTask        *task,
                                    gpointer      source_object,
                                    gpointer      task_data,
                                    GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GError) error = NULL;

  if (sd_verify_report_write_pdf (data->report, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Writes the current verification report as a PDF at @file (atomically,
 * in a thread); says how it went in a toast or a dialog. */
void
_sealdesk_window_save_report (SealdeskWindow *self,
                              GFile          *file)
{
  SdVerifyReport *report = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  SaveData *data;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (_sealdesk_window_verify_task (self) != NULL)
    report = sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self));
  g_return_if_fail (report != NULL);

  if (self->save_cancellable == NULL)
    self->save_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->save_cancellable, sealdesk_window_report_saved, self);
  g_task_set_source_tag (task, _sealdesk_window_save_report);
  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->report = sd_verify_report_ref (report);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  if (!(path = g_file_get_path (file)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Reports can only be saved in folders on this computer"));
      return;
    }

  g_task_run_in_thread (task, sealdesk_window_save_report_thread);
}

static void
sealdesk_window_report_chooser_response (SealdeskWindow       *self,
                                         int                   response,
                                         GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    _sealdesk_window_save_report (self, file);

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->report_chooser == chooser)
    g_clear_object (&self->report_chooser);
}

/* The name proposed for the report: after the document's. */
char *
_sealdesk_window_report_file_name (SealdeskWindow *self)
{
  g_autofree char *basename = g_file_get_basename (sealdesk_window_get_file (self));
  g_autofree char *display = NULL;

  if (g_str_has_suffix (basename, ".pdf") || g_str_has_suffix (basename, ".PDF"))
    basename[strlen (basename) - 4] = '\0';
  display = g_filename_display_name (basename);

  /* Translators: the file name of a verification report; %s is the
   * document's name without ".pdf" */
  return g_strdup_printf (_("%s (verification report).pdf"), display);
}

void
_sealdesk_window_save_report_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  if (_sealdesk_window_verify_task (self) == NULL ||
      sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self)) == NULL)
    return;

  if (self->report_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
      return;
    }

  self->report_chooser = gtk_file_chooser_native_new (_("Save Verification Report"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Save"),
                                                      _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->report_chooser), TRUE);

  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->report_chooser), filter);

  name = _sealdesk_window_report_file_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->report_chooser), name);
  if ((folder = g_file_get_parent (sealdesk_window_get_file (self))))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->report_chooser), folder, NULL);

  g_signal_connect_object (self->report_chooser, "response",
                           G_CALLBACK (sealdesk_window_report_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
}

void
_sealdesk_window_report_dispose (SealdeskWindow *self)
{
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  if (self->report_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->report_chooser));
  g_clear_object (&self->report_chooser);
}
