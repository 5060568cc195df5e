/* sealdesk-seal-key-row.c: the key a new seal signs with
 *
 * Every seal of the library signs with one key. The row holds its ID; its
 * button lists the workspace's keys (keyring and tokens, in a worker
 * thread, the first time it is opened) so that the person picks one
 * instead of typing it. A key file is given as p12:FILE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key.h"
#include "sealdesk-seal-key-row.h"

struct _SealdeskSealKeyRow
{
  AdwEntryRow parent_instance;

  GtkMenuButton *button;
  GtkStack      *stack;
  GtkListBox    *list;
  GtkLabel      *message;

  SdWorkspace  *workspace;
  GCancellable *cancellable;
  gboolean      listed;
};

G_DEFINE_FINAL_TYPE (SealdeskSealKeyRow, sealdesk_seal_key_row, ADW_TYPE_ENTRY_ROW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError    *error = NULL;
  GPtrArray *keys = sd_workspace_list_keys (task_data, NULL, cancellable, &error);

  if (keys == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, keys, (GDestroyNotify) g_ptr_array_unref);
}

static void
key_activated (GtkListBox         *list,
               GtkListBoxRow      *row,
               SealdeskSealKeyRow *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "sealdesk-key-id");

  if (id == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self), id);
  gtk_menu_button_popdown (self->button);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SealdeskSealKeyRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (keys == NULL || keys->len == 0)
    {
      gtk_label_set_text (self->message,
                          error != NULL ? error->message
                                        : _("No signing keys were found. Insert your token, import a key in Preferences, or type p12:FILE."));
      gtk_stack_set_visible_child_name (self->stack, "message");
      self->listed = FALSE; /* try again next time */
      return;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      SdKey     *key = g_ptr_array_index (keys, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (sd_key_get_label (key));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_tooltip_text (row, sd_key_get_id (key));
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "sealdesk-key-id", g_strdup (sd_key_get_id (key)),
                              g_free);
      gtk_list_box_append (self->list, row);
    }
  gtk_stack_set_visible_child_name (self->stack, "keys");
}

/* The popover is shown: list the keys the first time. */
static void
popover_visible (GtkWidget          *popover,
                 GParamSpec         *pspec,
                 SealdeskSealKeyRow *self)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *child;

  if (!gtk_widget_get_visible (popover) || self->listed || self->workspace == NULL)
    return;
  self->listed = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, list_done, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

static void
sealdesk_seal_key_row_dispose (GObject *object)
{
  SealdeskSealKeyRow *self = SEALDESK_SEAL_KEY_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_seal_key_row_parent_class)->dispose (object);
}

static void
sealdesk_seal_key_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SealdeskSealKeyRow *self = SEALDESK_SEAL_KEY_ROW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_set_object (&self->workspace, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_seal_key_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SealdeskSealKeyRow *self = SEALDESK_SEAL_KEY_ROW (object);

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
sealdesk_seal_key_row_class_init (SealdeskSealKeyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_seal_key_row_dispose;
  object_class->set_property = sealdesk_seal_key_row_set_property;
  object_class->get_property = sealdesk_seal_key_row_get_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_seal_key_row_init (SealdeskSealKeyRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Signing Key"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("The key this seal signs with: choose one, or type p12:FILE for a key file"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Looking for signing keys"), -1);
  gtk_stack_add_named (self->stack, spinner, "loading");

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_max_width_chars (self->message, 40);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message), "message");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signing keys"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (key_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_stack_add_named (self->stack, scrolled, "keys");
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->stack));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "dialog-password-symbolic");
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Choose a Key"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a signing key"), -1);
  g_signal_connect (popover, "notify::visible", G_CALLBACK (popover_visible), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->button));
}

GtkWidget *
sealdesk_seal_key_row_new (SdWorkspace *workspace)
{
  return g_object_new (SEALDESK_TYPE_SEAL_KEY_ROW, "workspace", workspace, NULL);
}

char *
sealdesk_seal_key_row_dup_id (SealdeskSealKeyRow *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (SEALDESK_IS_SEAL_KEY_ROW (self), NULL);

  id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  if (*id == '\0')
    return NULL;
  return g_steal_pointer (&id);
}
