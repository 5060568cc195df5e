/* sealdesk-window-copy.c: "Save a Copy…" of the window's document
 *
 * Asks where (a GtkFileChooserNative, in the document's folder, under the
 * document's name), then copies the file's bytes as they are, nothing
 * rewritten: a signed document stays signed. The copy is written to a
 * temporary file beside the destination, fsync'ed and renamed into place
 * (sd_atomic_file), in a thread. The original is never written to: a
 * destination that is the original itself (the same name, or another name
 * of the same file) is refused. When the file's SHA-256 is known from
 * its verification, the bytes copied must have it: a file changed on disk
 * since it was opened is not passed off as the document shown. A toast
 * says where the copy went; a dialog says why it could not be written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-atomic-file.h"
#include "sd-sha256.h"
#include "sealdesk-window-private.h"

#define COPY_BUFFER_SIZE (256 * 1024)

typedef struct
{
  GFile *source;
  GFile *destination;
  char  *sha256;        /* of the document shown, or NULL when not known yet */
} CopyData;

static void
copy_data_free (CopyData *data)
{
  g_clear_object (&data->source);
  g_clear_object (&data->destination);
  g_free (data->sha256);
  g_free (data);
}

static gboolean
same_file (GFile        *a,
           GFile        *b,
           GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info_a = NULL;
  g_autoptr(GFileInfo) info_b = NULL;
  const char *attributes = G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE;

  if (g_file_equal (a, b))
    return TRUE;

  /* Another name of the same file: a link, or the folder by another path. */
  info_a = g_file_query_info (a, attributes, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  info_b = g_file_query_info (b, attributes, G_FILE_QUERY_INFO_NONE, cancellable, NULL);

  return info_a != NULL && info_b != NULL &&
         g_file_info_has_attribute (info_a, G_FILE_ATTRIBUTE_UNIX_INODE) &&
         g_file_info_get_attribute_uint32 (info_a, G_FILE_ATTRIBUTE_UNIX_DEVICE) ==
         g_file_info_get_attribute_uint32 (info_b, G_FILE_ATTRIBUTE_UNIX_DEVICE) &&
         g_file_info_get_attribute_uint64 (info_a, G_FILE_ATTRIBUTE_UNIX_INODE) ==
         g_file_info_get_attribute_uint64 (info_b, G_FILE_ATTRIBUTE_UNIX_INODE);
}

static void
sealdesk_window_copy_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  CopyData *data = task_data;
  g_autofree char *path = g_file_get_path (data->destination);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(SdAtomicFile) output = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(SdSha256) checksum = NULL;
  g_autofree char *hex = NULL;
  GError *error = NULL;
  gssize n_read;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Copies can only be saved in folders on this computer"));
      return;
    }

  if (same_file (data->source, data->destination, cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("A copy cannot replace the document itself: choose another name "
                                 "or folder"));
      return;
    }

  if (!(input = g_file_read (data->source, cancellable, &error)) ||
      !(output = sd_atomic_file_new (path, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  checksum = sd_sha256_new ();
  buffer = g_malloc (COPY_BUFFER_SIZE);
  while ((n_read = g_input_stream_read (G_INPUT_STREAM (input), buffer, COPY_BUFFER_SIZE,
                                        cancellable, &error)) > 0)
    {
      sd_sha256_update (checksum, buffer, (gsize) n_read);
      if (!sd_atomic_file_write (output, buffer, (gsize) n_read, &error))
        break;
    }

  if (error == NULL && data->sha256 != NULL &&
      g_ascii_strcasecmp (hex = sd_sha256_hex (checksum), data->sha256) != 0)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The document was changed on disk since it was opened: "
                           "open it again, then save a copy"));

  /* Freeing the atomic file without committing removes what was written. */
  if (error != NULL || !sd_atomic_file_commit (output, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sealdesk_window_copy_saved (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  SealdeskWindow *self;
  CopyData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean saved = g_task_propagate_boolean (G_TASK (result), &error);

  /* The window is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  self = SEALDESK_WINDOW (user_data);
  self->copies_saving--;

  if (saved)
    {
      g_autofree char *name = g_file_get_basename (data->destination);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *title = g_strdup_printf (_("Copy saved as “%s”"), display);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  else
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Save a Copy"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* Copies the document's file to @destination (atomically, in a thread);
 * says how it went in a toast or a dialog. */
void
_sealdesk_window_save_copy (SealdeskWindow *self,
                            GFile          *destination)
{
  g_autoptr(GTask) task = NULL;
  SdVerifyReport *report;
  CopyData *data;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (sealdesk_window_get_file (self) != NULL);

  if (self->copy_cancellable == NULL)
    self->copy_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->copy_cancellable, sealdesk_window_copy_saved, self);
  g_task_set_source_tag (task, _sealdesk_window_save_copy);
  data = g_new0 (CopyData, 1);
  data->source = g_object_ref (sealdesk_window_get_file (self));
  data->destination = g_object_ref (destination);
  if (_sealdesk_window_verify_task (self) != NULL &&
      (report = sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self))) &&
      report->sha256 != NULL)
    data->sha256 = g_strdup (report->sha256);
  g_task_set_task_data (task, data, (GDestroyNotify) copy_data_free);

  self->copies_saving++;
  g_task_run_in_thread (task, sealdesk_window_copy_thread);
}

static void
sealdesk_window_copy_chooser_response (SealdeskWindow       *self,
                                       int                   response,
                                       GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    _sealdesk_window_save_copy (self, file);

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->copy_chooser == chooser)
    g_clear_object (&self->copy_chooser);
}

void
_sealdesk_window_save_copy_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;

  if (sealdesk_window_get_file (self) == NULL || self->state != SEALDESK_WINDOW_STATE_DOCUMENT)
    return;

  if (self->copy_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->copy_chooser));
      return;
    }

  self->copy_chooser = gtk_file_chooser_native_new (_("Save a Copy"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->copy_chooser), TRUE);

  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->copy_chooser), filter);

  basename = g_file_get_basename (sealdesk_window_get_file (self));
  name = g_filename_display_name (basename);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->copy_chooser), name);
  if ((folder = g_file_get_parent (sealdesk_window_get_file (self))))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->copy_chooser), folder, NULL);

  g_signal_connect_object (self->copy_chooser, "response",
                           G_CALLBACK (sealdesk_window_copy_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->copy_chooser));
}

void
_sealdesk_window_copy_dispose (SealdeskWindow *self)
{
  g_cancellable_cancel (self->copy_cancellable);
  g_clear_object (&self->copy_cancellable);
  if (self->copy_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->copy_chooser));
  g_clear_object (&self->copy_chooser);
}
