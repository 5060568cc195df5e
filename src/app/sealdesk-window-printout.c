/* sealdesk-window-printout.c: checking a printout against the window's signed document
 *
 * "Check a Printout…" asks for a photo or scan of a printed page (any
 * picture gdk-pixbuf reads), then, in a thread, reads its QR verification
 * code with zbar and checks it against the open document and its
 * verification (sd-marks-qr.h). A dialog says whether the printout
 * matches, and why not when it does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-marks-qr.h"
#include "sealdesk-window-private.h"

typedef struct
{
  char           *document;    /* the signed file */
  char           *image;       /* the picture of the printout */
  SdVerifyReport *report;
  gboolean        matches;
  char           *why;         /* when it does not match, or could not be read */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->document);
  g_free (data->image);
  g_clear_pointer (&data->report, sd_verify_report_unref);
  g_free (data->why);
  g_free (data);
}

static void
sealdesk_window_printout_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  CheckData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = sd_qr_decode_image (data->image, &error);

  if (payload != NULL)
    data->matches = sd_qr_check (data->document, data->report, payload, &data->why, &error);
  if (error != NULL)
    data->why = g_strdup (error->message);
  g_task_return_boolean (task, TRUE);
}

static void
sealdesk_window_printout_checked (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  SealdeskWindow *self;
  CheckData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* The window is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = SEALDESK_WINDOW (user_data);
  self->printout_checks--;

  name = g_filename_display_basename (data->document);
  if (data->matches)
    /* TRANSLATORS: %s is the name of the signed document */
    body = g_strdup_printf (_("The QR code of the printout names this document, and its signature over it is intact: the paper is a print of “%s”."),
                            name);
  else
    body = g_strdup (data->why);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   data->matches ? _("The Printout Matches")
                                                 : _("The Printout Does Not Match"),
                                   body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_add_css_class (dialog, data->matches ? "printout-matches" : "printout-differs");
  g_set_weak_pointer (&self->printout_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Checks the picture @image of a printout against the window's document
 * and its verification, in a thread; a dialog says how it went. */
void
_sealdesk_window_check_printout (SealdeskWindow *self,
                                 GFile          *image)
{
  SdVerifyReport *report = NULL;
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (image));

  if (_sealdesk_window_verify_task (self) != NULL)
    report = sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self));
  g_return_if_fail (report != NULL && sealdesk_window_get_file (self) != NULL);

  if (self->printout_cancellable == NULL)
    self->printout_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->printout_cancellable, sealdesk_window_printout_checked, self);
  g_task_set_source_tag (task, _sealdesk_window_check_printout);
  data = g_new0 (CheckData, 1);
  data->document = g_file_get_path (sealdesk_window_get_file (self));
  data->image = g_file_get_path (image);
  data->report = sd_verify_report_ref (report);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  self->printout_checks++;

  if (data->document == NULL || data->image == NULL)
    {
      data->why = g_strdup (_("Only files in folders on this computer can be checked"));
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_run_in_thread (task, sealdesk_window_printout_thread);
}

static void
sealdesk_window_printout_chooser_response (SealdeskWindow       *self,
                                           int                   response,
                                           GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    _sealdesk_window_check_printout (self, file);

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->printout_chooser == chooser)
    g_clear_object (&self->printout_chooser);
}

static void
sealdesk_window_check_printout_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (_sealdesk_window_verify_task (self) == NULL
      || sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self)) == NULL)
    return;
  if (self->printout_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->printout_chooser));
      return;
    }

  self->printout_chooser = gtk_file_chooser_native_new (_("Check a Printout"),
                                                        GTK_WINDOW (self),
                                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                                        _("_Check"),
                                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->printout_chooser), TRUE);
  /* TRANSLATORS: a file filter: photos and scans of a printed page */
  gtk_file_filter_set_name (filter, _("Photos and Scans"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->printout_chooser), filter);

  g_signal_connect_object (self->printout_chooser, "response",
                           G_CALLBACK (sealdesk_window_printout_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->printout_chooser));
}

void
_sealdesk_window_class_printout_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-printout", NULL,
                                   sealdesk_window_check_printout_action);
}

void
_sealdesk_window_printout_dispose (SealdeskWindow *self)
{
  g_cancellable_cancel (self->printout_cancellable);
  g_clear_object (&self->printout_cancellable);
  if (self->printout_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->printout_chooser));
  g_clear_object (&self->printout_chooser);
  if (self->printout_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->printout_dialog));
  g_clear_weak_pointer (&self->printout_dialog);
}
