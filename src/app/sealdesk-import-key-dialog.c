/* sealdesk-import-key-dialog.c: imports a PKCS#12 file into the keyring
 *
 * The person picks a .p12/.pfx file and types its passphrase; the import
 * (reading the file, storing the private key in the Secret Service, writing
 * the certificate) runs in a worker thread with a copy of the passphrase
 * that is wiped afterwards, and the entry is emptied as soon as the import
 * starts. Errors are shown in the dialog, which stays open to try again.
 *
 * A keyring without a default collection (no "Login" keyring: a fresh
 * account, or a desktop without GNOME) cannot take the key: the dialog
 * offers to create one (the keyring itself asks for its new password) and
 * then imports; for that one retry it keeps a copy of the passphrase until
 * the person answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key-keyring.h"
#include "sd-secret.h"
#include "sd-workspace.h"
#include "sealdesk-import-key-dialog.h"

struct _SealdeskImportKeyDialog
{
  AdwWindow parent_instance;

  AdwActionRow        *file_row;
  AdwPasswordEntryRow *passphrase_row;
  GtkLabel            *error_label;
  GtkSpinner          *spinner;

  SdWorkspace          *workspace;
  GFile                *file;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *pending_passphrase; /* while asking to create a keyring */
  GtkWidget            *keyring_question;   /* weak */
};

G_DEFINE_FINAL_TYPE (SealdeskImportKeyDialog, sealdesk_import_key_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };
enum { IMPORTED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

typedef struct
{
  SdWorkspace *workspace;
  char        *path;
  char        *passphrase;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->workspace);
  g_free (job->path);
  sd_secret_free (job->passphrase);
  g_free (job);
}

static void start_import_with (SealdeskImportKeyDialog *self, const char *passphrase);
static void ask_create_keyring (SealdeskImportKeyDialog *self);

static void
forget_pending (SealdeskImportKeyDialog *self)
{
  g_clear_pointer (&self->pending_passphrase, sd_secret_free);
}

static void
update_actions (SealdeskImportKeyDialog *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import-key.import",
                                 !busy && self->file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import-key.choose-file", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (SealdeskImportKeyDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
sealdesk_import_key_dialog_set_file (SealdeskImportKeyDialog *self, GFile *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SEALDESK_IS_IMPORT_KEY_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  name = g_file_get_parse_name (file);
  adw_action_row_set_subtitle (self->file_row, name);
  show_error (self, NULL);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
chooser_response (GtkNativeDialog *chooser, int response, SealdeskImportKeyDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sealdesk_import_key_dialog_set_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskImportKeyDialog  *self = SEALDESK_IMPORT_KEY_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _ ("PKCS#12 Files"));
  gtk_file_filter_add_mime_type (filter, "application/x-pkcs12");
  gtk_file_filter_add_suffix (filter, "p12");
  gtk_file_filter_add_suffix (filter, "pfx");

  self->chooser =
    gtk_file_chooser_native_new (_ ("Choose a Key File"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError    *error = NULL;
  SdKey     *key;

  key = sd_workspace_import_key (job->workspace, job->path, job->passphrase, cancellable, &error);
  /* The copy of the passphrase is not needed any more. */
  g_clear_pointer (&job->passphrase, sd_secret_free);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
}

static void
create_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  /* Blocks until the person has chosen the new keyring's password. */
  if (sd_key_keyring_create_default_collection (_ ("Login"), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
create_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SealdeskImportKeyDialog) self = user_data;
  g_autoptr (GError)                  error = NULL;
  g_autofree char                    *passphrase = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      forget_pending (self);
      update_actions (self);
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  /* The keyring is there now: import, as the person asked. */
  passphrase = g_steal_pointer (&self->pending_passphrase);
  start_import_with (self, passphrase);
  sd_secret_free (g_steal_pointer (&passphrase));
}

static void
keyring_question_response (AdwMessageDialog        *question,
                           const char              *response,
                           SealdeskImportKeyDialog *self)
{
  g_autoptr (GTask) task = NULL;

  if (g_strcmp0 (response, "create") != 0 || self->cancellable != NULL)
    {
      forget_pending (self);
      return;
    }
  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  task = g_task_new (self, self->cancellable, create_done, g_object_ref (self));
  g_task_set_source_tag (task, keyring_question_response);
  g_task_run_in_thread (task, create_thread);
}

static void
ask_create_keyring (SealdeskImportKeyDialog *self)
{
  GtkWidget *question = adw_message_dialog_new (
    GTK_WINDOW (self), _ ("Create a Keyring?"),
    _ ("The system keyring has no default keyring (on GNOME, the “Login” keyring) to keep the key "
       "in. Sealdesk can create it now: the keyring then asks you to choose its password. You can "
       "also create one with the Passwords and Keys application, then import again."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question), "cancel", _ ("_Not Now"),
                                    "create", _ ("C_reate Keyring"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), "cancel");
  g_signal_connect_object (question, "response", G_CALLBACK (keyring_question_response), self, 0);
  if (self->keyring_question != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->keyring_question),
                                  (gpointer *) &self->keyring_question);
  self->keyring_question = question;
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &self->keyring_question);
  gtk_window_present (GTK_WINDOW (question));
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SealdeskImportKeyDialog) self = user_data;
  g_autoptr (GError)                  error = NULL;
  g_autoptr (SdKey)                   key = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  update_actions (self);
  if (key == NULL && g_error_matches (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_KEYRING))
    {
      show_error (self, error->message);
      ask_create_keyring (self);
      return;
    }
  forget_pending (self);
  if (key == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }
  g_signal_emit (self, signals[IMPORTED], 0, key);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_import_with (SealdeskImportKeyDialog *self, const char *passphrase)
{
  g_autoptr (GTask) task = NULL;
  ImportJob        *job;

  if (self->file == NULL || self->cancellable != NULL)
    return;

  job = g_new0 (ImportJob, 1);
  job->workspace = g_object_ref (self->workspace);
  job->path = g_file_get_path (self->file);
  job->passphrase = sd_secret_dup (passphrase);
  forget_pending (self);
  self->pending_passphrase = sd_secret_dup (passphrase);
  if (job->path == NULL)
    {
      import_job_free (job);
      show_error (self,
                  _ ("Only files on this computer can be imported: copy the key file here first."));
      return;
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  task = g_task_new (self, self->cancellable, import_done, g_object_ref (self));
  g_task_set_source_tag (task, start_import_with);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
start_import (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskImportKeyDialog *self = SEALDESK_IMPORT_KEY_DIALOG (widget);
  char                    *passphrase;

  if (self->file == NULL || self->cancellable != NULL)
    return;
  passphrase = sd_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  /* Typed once, used once: a wrong passphrase is typed again. */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  start_import_with (self, passphrase);
  sd_secret_free (passphrase);
}

/* The question to create a keyring, while it is shown, or NULL. */
GtkWidget *
sealdesk_import_key_dialog_get_keyring_question (SealdeskImportKeyDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_IMPORT_KEY_DIALOG (self), NULL);

  return self->keyring_question;
}

static void
sealdesk_import_key_dialog_passphrase_activated (SealdeskImportKeyDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "import-key.import", NULL);
}

static void
sealdesk_import_key_dialog_dispose (GObject *object)
{
  SealdeskImportKeyDialog *self = SEALDESK_IMPORT_KEY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_pending (self);
  if (self->keyring_question != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->keyring_question),
                                    (gpointer *) &self->keyring_question);
      gtk_window_destroy (GTK_WINDOW (self->keyring_question));
      self->keyring_question = NULL;
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* Focus out of the entry before it goes (see sealdesk-pin-dialog.c). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  if (self->passphrase_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_IMPORT_KEY_DIALOG);
  G_OBJECT_CLASS (sealdesk_import_key_dialog_parent_class)->dispose (object);
}

static void
sealdesk_import_key_dialog_finalize (GObject *object)
{
  SealdeskImportKeyDialog *self = SEALDESK_IMPORT_KEY_DIALOG (object);

  g_clear_object (&self->file);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_import_key_dialog_parent_class)->finalize (object);
}

static void
sealdesk_import_key_dialog_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SealdeskImportKeyDialog *self = SEALDESK_IMPORT_KEY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_import_key_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SealdeskImportKeyDialog *self = SEALDESK_IMPORT_KEY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_import_key_dialog_class_init (SealdeskImportKeyDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_import_key_dialog_dispose;
  object_class->finalize = sealdesk_import_key_dialog_finalize;
  object_class->get_property = sealdesk_import_key_dialog_get_property;
  object_class->set_property = sealdesk_import_key_dialog_set_property;

  /* The workspace the key is imported into. */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SealdeskImportKeyDialog::imported:
   * @key: the new SdKey, in the system keyring
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-import-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskImportKeyDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskImportKeyDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskImportKeyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskImportKeyDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class,
                                           sealdesk_import_key_dialog_passphrase_activated);

  gtk_widget_class_install_action (widget_class, "import-key.choose-file", NULL, choose_file);
  gtk_widget_class_install_action (widget_class, "import-key.import", NULL, start_import);
}

static void
sealdesk_import_key_dialog_init (SealdeskImportKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
sealdesk_import_key_dialog_new (GtkWindow *parent, SdWorkspace *workspace)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_IMPORT_KEY_DIALOG, "transient-for", parent, "workspace",
                       workspace, NULL);
}
