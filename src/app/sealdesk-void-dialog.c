/* sealdesk-void-dialog.c: "Mark as Void…": the void of a signed document
 *
 * The key is chosen as for signing (SealdeskKeyChooser, the last key
 * used) and unlocked by SealdeskSignTask with its PIN dialog; the void
 * itself is the sealing operation's (sd_sealing_void_document), as for
 * `sealdesk-cli void`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sd-secret.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-sign-task.h"
#include "sealdesk-void-dialog.h"

struct _SealdeskVoidDialog
{
  AdwWindow           parent_instance;

  SdWorkspace        *workspace;
  GFile              *document;
  GFile              *output;       /* of the void under way */
  char               *password;     /* a secret, or NULL */
  GCancellable       *cancellable;  /* while voiding */
  SealdeskKeyChooser *key_chooser;

  GtkBox             *content_box;
  AdwEntryRow        *reason_row;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (SealdeskVoidDialog, sealdesk_void_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_KEY_ID, N_PROPS };
enum { VOIDED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_status (SealdeskVoidDialog *self,
             const char         *message,
             gboolean            error)
{
  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
void_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (source);
  g_autoptr(GFile) output = g_steal_pointer (&self->output);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_box), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "void-dialog.void", TRUE);
  if (sealdesk_sign_task_finish (result, &error))
    {
      g_signal_emit (self, signals[VOIDED], 0, output);
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (sealdesk_sign_error_is_cancelled (error))
    show_status (self, _("Nothing was voided."), FALSE);
  else
    {
      g_autofree char *message = sealdesk_sign_error_describe (error);

      show_status (self, message, TRUE);
    }
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (widget);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  SdKey *key = sealdesk_key_chooser_get_selected_key (self->key_chooser);
  SealdeskSignBatch *batch;
  SdSignOptions opts;

  if (self->cancellable != NULL)
    return;
  if (*reason == '\0')
    {
      show_status (self, _("Say why the document is void: the reason is part of the stamp and of the ledger."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  if (key == NULL)
    {
      show_status (self, _("Choose the key that signs the void."), TRUE);
      return;
    }
  self->output = sealdesk_void_dialog_default_output (self->document);
  batch = sealdesk_sign_batch_new ();
  sealdesk_sign_batch_add_void (batch, g_file_peek_path (self->document),
                                g_file_peek_path (self->output), reason);
  sd_sign_options_init (&opts);
  opts.password = self->password != NULL ? sd_secret_dup (self->password) : NULL;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_box), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "void-dialog.void", FALSE);
  show_status (self, _("Voiding…"), FALSE);
  sealdesk_sign_task_run_batch (GTK_WINDOW (self), self->workspace, batch, key, &opts, NULL, NULL,
                                self->cancellable, void_done, NULL);
  sd_sign_options_clear (&opts);
}

static void
sealdesk_void_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KEY_ID:
      g_value_set_string (value, sealdesk_key_chooser_get_selected_id (self->key_chooser));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_void_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KEY_ID:
      sealdesk_key_chooser_set_selected_id (self->key_chooser, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
key_changed (SealdeskVoidDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_ID]);
}

static gboolean
close_request (GtkWindow *window)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (window);

  /* Cancel stops the void under way; nothing of it is written. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (sealdesk_void_dialog_parent_class)->close_request (window);
}

static void
sealdesk_void_dialog_dispose (GObject *object)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_VOID_DIALOG);
  G_OBJECT_CLASS (sealdesk_void_dialog_parent_class)->dispose (object);
}

static void
sealdesk_void_dialog_finalize (GObject *object)
{
  SealdeskVoidDialog *self = SEALDESK_VOID_DIALOG (object);

  g_clear_pointer (&self->password, sd_secret_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->output);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_void_dialog_parent_class)->finalize (object);
}

static void
sealdesk_void_dialog_class_init (SealdeskVoidDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sealdesk_void_dialog_dispose;
  object_class->finalize = sealdesk_void_dialog_finalize;
  object_class->get_property = sealdesk_void_dialog_get_property;
  object_class->set_property = sealdesk_void_dialog_set_property;
  window_class->close_request = close_request;

  properties[PROP_KEY_ID] =
    g_param_spec_string ("key-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[VOIDED] = g_signal_new ("voided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-void-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskVoidDialog, content_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskVoidDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskVoidDialog, status_label);
  gtk_widget_class_install_action (widget_class, "void-dialog.void", NULL, void_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sealdesk_void_dialog_init (SealdeskVoidDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_void_dialog_new (GtkWindow   *parent,
                          SdWorkspace *workspace,
                          GFile       *document,
                          const char  *password)
{
  SealdeskVoidDialog *self;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (G_IS_FILE (document), NULL);

  self = g_object_new (SEALDESK_TYPE_VOID_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  self->document = g_object_ref (document);
  self->password = password != NULL ? sd_secret_dup (password) : NULL;
  self->key_chooser = SEALDESK_KEY_CHOOSER (sealdesk_key_chooser_new (workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (self->key_chooser), TRUE);
  gtk_box_insert_child_after (self->content_box, GTK_WIDGET (self->key_chooser),
                              gtk_widget_get_ancestor (GTK_WIDGET (self->reason_row),
                                                       ADW_TYPE_PREFERENCES_GROUP));
  g_signal_connect_object (self->key_chooser, "notify::selected-id",
                           G_CALLBACK (key_changed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

GFile *
sealdesk_void_dialog_default_output (GFile *document)
{
  g_autoptr(GFile) parent = g_file_get_parent (document);
  g_autofree char *basename = g_file_get_basename (document);
  char *dot = strrchr (basename, '.');

  if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *dot = '\0';
  for (int n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (basename, "-void.pdf", NULL)
                                     : g_strdup_printf ("%s-void-%d.pdf", basename, n);
      GFile *output = g_file_get_child (parent, name);

      if (!g_file_query_exists (output, NULL))
        return output;
      g_object_unref (output);
    }
}
