/* sealdesk-preferences-keys-page.c: the signing keys, to import and remove
 *
 * The key chooser (keys grouped by where they live, with an import button)
 * and a button that removes the chosen key from the system keyring, after
 * asking. Removal talks to D-Bus, so it runs in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-workspace.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-preferences-keys-page.h"

/* The chooser scrolls by itself: give it room inside the page. */
#define CHOOSER_HEIGHT 360

struct _SealdeskPreferencesKeysPage
{
  AdwPreferencesPage parent_instance;

  AdwPreferencesGroup *chooser_group;
  SealdeskKeyChooser  *key_chooser;

  SdWorkspace  *workspace;
  GCancellable *cancellable; /* set while removing */
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesKeysPage,
                     sealdesk_preferences_keys_page,
                     ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
update_actions (SealdeskPreferencesKeysPage *self)
{
  SdKey *key = sealdesk_key_chooser_get_selected_key (self->key_chooser);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "keys-page.remove",
                                 self->cancellable == NULL && key != NULL &&
                                 g_strcmp0 (sd_key_get_backend (key), "keyring") == 0);
}

static void
show_toast (SealdeskPreferencesKeysPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
remove_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SealdeskPreferencesKeysPage *self = source_object;
  GError                      *error = NULL;

  if (sd_workspace_remove_key (self->workspace, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
remove_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (source);
  g_autoptr (GError)           error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_ ("The key was not removed: %s"), error->message);
      show_toast (self, message);
    }
  else
    show_toast (self, _ ("Key removed"));
  g_clear_object (&self->cancellable);
  sealdesk_key_chooser_reload (self->key_chooser);
  update_actions (self);
}

static void
confirm_response (AdwMessageDialog *dialog, const char *response, SealdeskPreferencesKeysPage *self)
{
  const char       *id = g_object_get_data (G_OBJECT (dialog), "sealdesk-key-id");
  g_autoptr (GTask) task = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  task = g_task_new (self, self->cancellable, remove_done, NULL);
  g_task_set_source_tag (task, confirm_response);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (widget);
  SdKey                       *key = sealdesk_key_chooser_get_selected_key (self->key_chooser);
  GtkRoot                     *root = gtk_widget_get_root (widget);
  g_autofree char             *heading = NULL;
  GtkWidget                   *dialog;

  if (key == NULL)
    return;
  heading = g_strdup_printf (_ ("Remove “%s”?"), sd_key_get_label (key));
  dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
    _ ("Documents already signed with it stay valid, but you cannot sign with it again "
       "unless you import its key file again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove",
                                    _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-key-id", g_strdup (sd_key_get_id (key)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sealdesk_preferences_keys_page_constructed (GObject *object)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (object);

  G_OBJECT_CLASS (sealdesk_preferences_keys_page_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  self->key_chooser = SEALDESK_KEY_CHOOSER (sealdesk_key_chooser_new (self->workspace));
  gtk_widget_set_size_request (GTK_WIDGET (self->key_chooser), -1, CHOOSER_HEIGHT);
  adw_preferences_group_add (self->chooser_group, GTK_WIDGET (self->key_chooser));
  g_signal_connect_object (self->key_chooser, "notify::selected-key", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
sealdesk_preferences_keys_page_dispose (GObject *object)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Taken out explicitly: the group alone left it alive (and listing). */
  if (self->key_chooser != NULL)
    adw_preferences_group_remove (self->chooser_group, GTK_WIDGET (self->key_chooser));
  self->key_chooser = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_PREFERENCES_KEYS_PAGE);
  G_OBJECT_CLASS (sealdesk_preferences_keys_page_parent_class)->dispose (object);
}

static void
sealdesk_preferences_keys_page_finalize (GObject *object)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (object);

  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_preferences_keys_page_parent_class)->finalize (object);
}

static void
sealdesk_preferences_keys_page_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (object);

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
sealdesk_preferences_keys_page_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  SealdeskPreferencesKeysPage *self = SEALDESK_PREFERENCES_KEYS_PAGE (object);

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
sealdesk_preferences_keys_page_class_init (SealdeskPreferencesKeysPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_preferences_keys_page_constructed;
  object_class->dispose = sealdesk_preferences_keys_page_dispose;
  object_class->finalize = sealdesk_preferences_keys_page_finalize;
  object_class->get_property = sealdesk_preferences_keys_page_get_property;
  object_class->set_property = sealdesk_preferences_keys_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-keys-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesKeysPage, chooser_group);
  gtk_widget_class_install_action (widget_class, "keys-page.remove", NULL, remove_action);
}

static void
sealdesk_preferences_keys_page_init (SealdeskPreferencesKeysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_keys_page_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_PREFERENCES_KEYS_PAGE, "workspace", workspace, NULL);
}
