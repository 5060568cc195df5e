/* sealdesk-key-chooser.c: lists the signing keys and lets the person pick one
 *
 * Keys are grouped by where they live: the system keyring, then one group
 * per token. Each row shows the certificate's holder, issuer and validity;
 * a key whose certificate cannot sign (expired, not yet valid, wrong key
 * usage) is shown with the reason and cannot be chosen. Listing runs in a
 * worker thread (it talks to D-Bus and to tokens) and again whenever the
 * token monitor sees a token come or go. Problems of one backend (keyring
 * unavailable, a module failing) are shown above the keys, never hiding
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key-pkcs11.h"
#include "sd-token-monitor.h"
#include "sd-workspace.h"
#include "sealdesk-import-key-dialog.h"
#include "sealdesk-format.h"
#include "sealdesk-key-chooser.h"

struct _SealdeskKeyChooser
{
  AdwBin parent_instance;

  GtkStack           *stack;
  AdwPreferencesPage *page;

  SdWorkspace    *workspace;
  GPtrArray      *groups;       /* AdwPreferencesGroup added to page */
  GPtrArray      *keys;         /* SdKey listed */
  GHashTable     *radios;       /* key ID -> GtkCheckButton in a row */
  GtkCheckButton *no_key_radio; /* never shown: active when none is chosen */
  SdKey          *selected;
  char           *selected_id;
  GCancellable   *cancellable;
  SdTokenMonitor *monitor;
  gboolean        reload_again; /* asked while a listing ran */
};

G_DEFINE_FINAL_TYPE (SealdeskKeyChooser, sealdesk_key_chooser, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, PROP_SELECTED_KEY, PROP_SELECTED_ID, N_PROPS };

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GPtrArray *keys;
  GPtrArray *warnings;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->keys, g_ptr_array_unref);
  g_clear_pointer (&listing->warnings, g_ptr_array_unref);
  g_free (listing);
}

static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SdWorkspace *workspace = task_data;
  Listing     *listing = g_new0 (Listing, 1);
  GError      *error = NULL;

  listing->keys = sd_workspace_list_keys (workspace, &listing->warnings, cancellable, &error);
  if (listing->keys == NULL)
    {
      listing_free (listing);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

static void
set_selected (SealdeskKeyChooser *self, SdKey *key)
{
  if (self->selected == key)
    return;
  g_set_object (&self->selected, key);
  if (key != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (sd_key_get_id (key));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_KEY]);
}

static void
radio_toggled (GtkCheckButton *radio, SealdeskKeyChooser *self)
{
  if (gtk_check_button_get_active (radio))
    set_selected (self, g_object_get_data (G_OBJECT (radio), "sealdesk-key"));
}

static void
no_key_toggled (GtkCheckButton *radio, SealdeskKeyChooser *self)
{
  if (gtk_check_button_get_active (radio))
    set_selected (self, NULL);
}

static GtkWidget *
key_row_new (SealdeskKeyChooser *self, SdKey *key)
{
  X509              *cert = sd_key_get_certificate (key);
  g_autoptr (GError) problem = NULL;
  g_autofree char   *issuer = sd_x509_common_name (X509_get_issuer_name (cert));
  g_autofree char   *until = sealdesk_format_date (sd_x509_not_after (cert));
  g_autofree char   *subtitle = NULL;
  g_autofree char   *tooltip = NULL;
  GtkWidget         *row = adw_action_row_new ();
  GtkWidget         *radio = gtk_check_button_new ();

  if (issuer == NULL)
    issuer = sd_x509_name_to_string (X509_get_issuer_name (cert));
  if (sd_key_check_certificate (key, 0, &problem))
    /* TRANSLATORS: "Issued by Example CA · valid until 20/11/2036" */
    subtitle = g_strdup_printf (_ ("Issued by %s · valid until %s"), issuer, until);
  else
    subtitle = g_strdup (problem->message);
  tooltip = sd_x509_name_to_string (X509_get_subject_name (cert));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sd_key_get_label (key));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (row, tooltip);

  g_object_set_data_full (G_OBJECT (radio), "sealdesk-key", g_object_ref (key), g_object_unref);
  /* In one group, so that they look and behave like radio buttons. */
  gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), self->no_key_radio);
  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (radio), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sd_key_get_label (key), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);

  if (problem != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (icon, problem->message);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_sensitive (radio, FALSE);
    }
  else
    {
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
      g_hash_table_insert (self->radios, g_strdup (sd_key_get_id (key)), radio);
      g_signal_connect (radio, "toggled", G_CALLBACK (radio_toggled), self);
    }
  return row;
}

static AdwPreferencesGroup *
add_group (SealdeskKeyChooser *self, const char *title, const char *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *escaped = description != NULL ? g_markup_escape_text (description, -1) : NULL;

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, escaped);
  adw_preferences_page_add (self->page, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
clear_groups (SealdeskKeyChooser *self)
{
  g_hash_table_remove_all (self->radios);
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static void
show_listing (SealdeskKeyChooser *self, Listing *listing)
{
  g_autoptr (GHashTable) token_groups = g_hash_table_new (g_str_hash, g_str_equal);
  AdwPreferencesGroup   *keyring_group = NULL;
  GtkCheckButton        *radio;

  clear_groups (self);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  self->keys = g_ptr_array_ref (listing->keys);

  if (listing->warnings->len > 0)
    {
      AdwPreferencesGroup *group = add_group (self, _ ("Some Keys Could Not Be Listed"), NULL);

      for (guint i = 0; i < listing->warnings->len; i++)
        {
          GError    *warning = g_ptr_array_index (listing->warnings, i);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning->message);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_preferences_group_add (group, row);
        }
    }

  for (guint i = 0; i < listing->keys->len; i++)
    {
      SdKey               *key = g_ptr_array_index (listing->keys, i);
      AdwPreferencesGroup *group;
      GtkWidget           *row;

      if (SD_IS_KEY_PKCS11 (key))
        {
          const char *token = sd_key_pkcs11_get_token_label (SD_KEY_PKCS11 (key));

          group = g_hash_table_lookup (token_groups, token);
          if (group == NULL)
            {
              g_autofree char *title = g_strdup_printf (_ ("Token “%s”"), token);
              g_autofree char *description =
                g_strdup_printf (_ ("Keys on this token never leave it (module: %s)"),
                                 sd_key_pkcs11_get_module_name (SD_KEY_PKCS11 (key)));

              group = add_group (self, title, description);
              g_hash_table_insert (token_groups, (gpointer) token, group);
            }
        }
      else
        {
          if (keyring_group == NULL)
            keyring_group =
              add_group (self, _ ("System Keyring"),
                         _ ("Keys imported into your keyring, unlocked with your session"));
          group = keyring_group;
        }

      row = key_row_new (self, key);
      adw_preferences_group_add (group, row);
    }

  /* The chosen key stays chosen while it is listed and can sign. */
  radio = self->selected_id != NULL ? g_hash_table_lookup (self->radios, self->selected_id) : NULL;
  gtk_check_button_set_active (radio != NULL ? radio : self->no_key_radio, TRUE);
  if (radio == NULL)
    set_selected (self, NULL);
  gtk_stack_set_visible_child_name (
    self->stack, listing->keys->len == 0 && listing->warnings->len == 0 ? "empty" : "keys");
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SealdeskKeyChooser) self = user_data;
  g_autoptr (GError)             error = NULL;
  Listing                       *listing = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (listing != NULL)
    {
      show_listing (self, listing);
      listing_free (listing);
    }
  if (self->reload_again)
    sealdesk_key_chooser_reload (self);
}

gboolean
sealdesk_key_chooser_is_listing (SealdeskKeyChooser *self)
{
  g_return_val_if_fail (SEALDESK_IS_KEY_CHOOSER (self), FALSE);

  return self->cancellable != NULL;
}

void
sealdesk_key_chooser_reload (SealdeskKeyChooser *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SEALDESK_IS_KEY_CHOOSER (self));

  /* One listing at a time: a token may come and go meanwhile. */
  if (self->cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  self->reload_again = FALSE;
  if (self->keys == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, list_done, g_object_ref (self));
  g_task_set_source_tag (task, sealdesk_key_chooser_reload);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

static void
key_imported (SealdeskImportKeyDialog *dialog, SdKey *key, SealdeskKeyChooser *self)
{
  sealdesk_key_chooser_set_selected_id (self, sd_key_get_id (key));
  sealdesk_key_chooser_reload (self);
}

static void
import_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (widget);
  GtkRoot            *root = gtk_widget_get_root (widget);
  GtkWidget          *dialog = sealdesk_import_key_dialog_new (
             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->workspace);

  g_signal_connect_object (dialog, "imported", G_CALLBACK (key_imported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sealdesk_key_chooser_reload (SEALDESK_KEY_CHOOSER (widget));
}

static void
sealdesk_key_chooser_constructed (GObject *object)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (object);

  G_OBJECT_CLASS (sealdesk_key_chooser_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  /* The monitor first, so that no token slips in before the listing. */
  self->monitor = sd_workspace_new_token_monitor (self->workspace, 0);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (sealdesk_key_chooser_reload), self,
                           G_CONNECT_SWAPPED);
  sealdesk_key_chooser_reload (self);
}

static void
sealdesk_key_chooser_dispose (GObject *object)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  /* No gtk_widget_dispose_template(): AdwBin unparents its child itself,
   * and disposing the template too left AdwBin a dangling child when the
   * last reference went later (a listing finishing after the window
   * closed). */
  G_OBJECT_CLASS (sealdesk_key_chooser_parent_class)->dispose (object);
}

static void
sealdesk_key_chooser_finalize (GObject *object)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->radios, g_hash_table_unref);
  g_clear_object (&self->no_key_radio);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->selected_id, g_free);
  G_OBJECT_CLASS (sealdesk_key_chooser_parent_class)->finalize (object);
}

static void
sealdesk_key_chooser_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_SELECTED_KEY:
      g_value_set_object (value, self->selected);
      break;
    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_key_chooser_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_SELECTED_ID:
      sealdesk_key_chooser_set_selected_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_key_chooser_class_init (SealdeskKeyChooserClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_key_chooser_constructed;
  object_class->dispose = sealdesk_key_chooser_dispose;
  object_class->finalize = sealdesk_key_chooser_finalize;
  object_class->get_property = sealdesk_key_chooser_get_property;
  object_class->set_property = sealdesk_key_chooser_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_KEY] =
    g_param_spec_object ("selected-key", NULL, NULL, SD_TYPE_KEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-key-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskKeyChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskKeyChooser, page);

  gtk_widget_class_install_action (widget_class, "key-chooser.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "key-chooser.import", NULL, import_action);
}

static void
sealdesk_key_chooser_init (SealdeskKeyChooser *self)
{
  self->groups = g_ptr_array_new ();
  self->radios = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->no_key_radio = g_object_ref_sink (GTK_CHECK_BUTTON (gtk_check_button_new ()));
  gtk_check_button_set_active (self->no_key_radio, TRUE);
  g_signal_connect (self->no_key_radio, "toggled", G_CALLBACK (no_key_toggled), self);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_key_chooser_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_KEY_CHOOSER, "workspace", workspace, NULL);
}

SdKey *
sealdesk_key_chooser_get_selected_key (SealdeskKeyChooser *self)
{
  g_return_val_if_fail (SEALDESK_IS_KEY_CHOOSER (self), NULL);
  return self->selected;
}

const char *
sealdesk_key_chooser_get_selected_id (SealdeskKeyChooser *self)
{
  g_return_val_if_fail (SEALDESK_IS_KEY_CHOOSER (self), NULL);
  return self->selected_id;
}

void
sealdesk_key_chooser_set_selected_id (SealdeskKeyChooser *self, const char *id)
{
  g_return_if_fail (SEALDESK_IS_KEY_CHOOSER (self));

  if (g_strcmp0 (self->selected_id, id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);

  /* Choose it now if it is listed and can sign; otherwise none is chosen
   * until a listing has it. */
  if (id != NULL && g_hash_table_contains (self->radios, id))
    gtk_check_button_set_active (g_hash_table_lookup (self->radios, id), TRUE);
  else
    gtk_check_button_set_active (self->no_key_radio, TRUE);
}
