/* sealdesk-ledger-view.c: the seal-use ledger, to read, check and export
 *
 * The list of entries is in sealdesk-ledger-view-list.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-ledger.h"
#include "sealdesk-application.h"
#include "sealdesk-ledger-view-private.h"


G_DEFINE_FINAL_TYPE (SealdeskLedgerView, sealdesk_ledger_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, PROP_LOADING, PROP_VERDICT, PROP_EXPORTING, N_PROPS };

static GParamSpec *properties[N_PROPS];

const char *
_sealdesk_ledger_member_string (JsonObject *entry, const char *name)
{
  JsonNode *node = json_object_get_member (entry, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;
}

void
_sealdesk_ledger_view_show_result (SealdeskLedgerView    *self,
                                   SealdeskLedgerVerdict  verdict,
                                   const char            *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->result_label, message != NULL ? message : "");
  gtk_widget_remove_css_class (self->result_box, "success");
  gtk_widget_remove_css_class (self->result_box, "error");
  if (verdict == SEALDESK_LEDGER_VALID)
    {
      gtk_widget_add_css_class (self->result_box, "success");
      gtk_image_set_from_icon_name (self->result_icon, "emblem-ok-symbolic");
    }
  else if (verdict == SEALDESK_LEDGER_INVALID)
    {
      gtk_widget_add_css_class (self->result_box, "error");
      gtk_image_set_from_icon_name (self->result_icon, "dialog-warning-symbolic");
    }
  else
    gtk_image_set_from_icon_name (self->result_icon, "dialog-information-symbolic");
  gtk_revealer_set_reveal_child (self->result_revealer, message != NULL);
}

static void
set_verdict (SealdeskLedgerView *self, SealdeskLedgerVerdict verdict)
{
  if (self->verdict == verdict)
    return;
  self->verdict = verdict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

static void
update_actions (SealdeskLedgerView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ledger.verify", self->verdict != SEALDESK_LEDGER_CHECKING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ledger.export", !self->exporting);
}

void
_sealdesk_ledger_view_set_loading (SealdeskLedgerView *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Verify */

static void
check_free (SdLedgerCheck *check)
{
  sd_ledger_check_clear (check);
  g_free (check);
}

static void
verify_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SdLedgerCheck *check = g_new0 (SdLedgerCheck, 1);
  GError *error = NULL;

  if (!sd_ledger_verify (sd_workspace_get_ledger (task_data), NULL, check, &error))
    {
      check_free (check);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, check, (GDestroyNotify) check_free);
}

static void
verify_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskLedgerView) self = user_data;
  g_autoptr(GError) error = NULL;
  SdLedgerCheck *check = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  SealdeskLedgerVerdict verdict;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&check, check_free);
      return;
    }
  if (check == NULL)
    {
      text = g_strdup_printf (_("The ledger cannot be read: %s"), error->message);
      verdict = SEALDESK_LEDGER_INVALID;
    }
  else if (check->valid)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The ledger is intact: %lu entry, every signed tree head checks out (root %.16s…).",
                                           "The ledger is intact: %lu entries, every signed tree head checks out (root %.16s…).",
                                           (gulong) check->tree_size),
                              (gulong) check->tree_size, check->root_hash != NULL ? check->root_hash : "");
      verdict = SEALDESK_LEDGER_VALID;
    }
  else if (check->first_bad_entry > 0)
    {
      text = g_strdup_printf (_("The ledger was changed: entry #%d does not match. %s"),
                              (int) check->first_bad_entry, check->message != NULL ? check->message : "");
      verdict = SEALDESK_LEDGER_INVALID;
    }
  else
    {
      text = g_strdup_printf (_("The ledger does not check out: %s"), check->message != NULL ? check->message : "");
      verdict = SEALDESK_LEDGER_INVALID;
    }
  g_clear_pointer (&check, check_free);
  set_verdict (self, verdict);
  _sealdesk_ledger_view_show_result (self, verdict, text);
  update_actions (self);
  /* What was checked is what is listed. */
  sealdesk_ledger_view_reload (self);
}

static void
verify_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->verdict == SEALDESK_LEDGER_CHECKING || self->workspace == NULL)
    return;
  set_verdict (self, SEALDESK_LEDGER_CHECKING);
  _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_CHECKING,
                                     _("Checking every entry and signed tree head…"));
  update_actions (self);
  task = g_task_new (NULL, self->cancellable, verify_done, g_object_ref (self));
  g_task_set_source_tag (task, verify_action);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, verify_thread);
}

/* Export */

typedef struct {
  SdWorkspace *workspace;
  char        *path;
  char        *actor;
  GArray      *seqs;  /* the entries shown, gint64 */
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->workspace);
  g_free (export->path);
  g_free (export->actor);
  g_clear_pointer (&export->seqs, g_array_unref);
  g_free (export);
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;

  if (sd_ledger_export_entries (sd_workspace_get_ledger (export->workspace), SD_LEDGER_EXPORT_JSON,
                                export->path, (const gint64 *) (gpointer) export->seqs->data, export->seqs->len,
                                export->actor, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskLedgerView) self = user_data;
  g_autoptr(GError) error = NULL;
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->exporting = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (export->path);
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      guint n = export->seqs->len;

      /* TRANSLATORS: %u: how many ledger entries (those the filtered list
       * shows); %s: "ledger.json" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Exported %u entry to %s, with its signature in %s.sig.json.",
                                           "Exported %u entries to %s, with its signature in %s.sig.json.", n),
                              n, name, name);
      _sealdesk_ledger_view_show_result (self, self->verdict, text);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
      sealdesk_ledger_view_reload (self); /* the export is itself an entry */
    }
  else
    {
      text = g_strdup_printf (_("The ledger was not exported: %s"), error->message);
      _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_INVALID, text);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
}

static const char *
no_entry_shown (void)
{
  return _("No entry is shown, so there is nothing to export: clear a filter to show some.");
}

void
sealdesk_ledger_view_export_to (SealdeskLedgerView *self,
                                GFile              *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *actor = NULL;
  g_autoptr(GArray) seqs = NULL;
  Export *export;

  g_return_if_fail (SEALDESK_IS_LEDGER_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->exporting || self->workspace == NULL)
    return;
  if (g_file_peek_path (file) == NULL)
    {
      _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_INVALID,
                                         _("The ledger can only be exported to a local file."));
      return;
    }
  seqs = _sealdesk_ledger_view_shown_seqs (self);
  if (seqs->len == 0)
    {
      _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_INVALID, no_entry_shown ());
      return;
    }
  actor = g_settings_get_string (self->settings, "profile");
  export = g_new0 (Export, 1);
  export->workspace = g_object_ref (self->workspace);
  export->path = g_file_get_path (file);
  export->actor = actor[0] != '\0' ? g_steal_pointer (&actor) : NULL;
  export->seqs = g_steal_pointer (&seqs);
  self->exporting = TRUE;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
  task = g_task_new (NULL, self->cancellable, export_done, g_object_ref (self));
  g_task_set_source_tag (task, sealdesk_ledger_view_export_to);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response (SealdeskLedgerView *self, int response, GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    sealdesk_ledger_view_export_to (self, file);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  guint n = sealdesk_ledger_view_get_n_shown (self);
  g_autofree char *title = NULL;

  if (n == 0)
    {
      _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_INVALID, no_entry_shown ());
      return;
    }
  /* TRANSLATORS: the title of the file chooser of the ledger's export;
   * %u: how many entries the filtered list shows */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Export %u Ledger Entry", "Export %u Ledger Entries", n),
                           n);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_set_title (GTK_NATIVE_DIALOG (self->chooser), title);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("JSON Files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "ledger.json");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
/* Getters */

gboolean
sealdesk_ledger_view_is_loading (SealdeskLedgerView *self)
{
  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), FALSE);

  return self->loading;
}

gboolean
sealdesk_ledger_view_is_exporting (SealdeskLedgerView *self)
{
  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), FALSE);

  return self->exporting;
}

guint
sealdesk_ledger_view_get_n_entries (SealdeskLedgerView *self)
{
  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), 0);

  return self->entries != NULL ? json_array_get_length (json_node_get_array (self->entries)) : 0;
}

SealdeskLedgerVerdict
sealdesk_ledger_view_get_verdict (SealdeskLedgerView *self)
{
  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), SEALDESK_LEDGER_UNCHECKED);

  return self->verdict;
}

const char *
sealdesk_ledger_view_get_message (SealdeskLedgerView *self)
{
  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), NULL);

  return self->message;
}
/* GObject */

static void
sealdesk_ledger_view_constructed (GObject *object)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (object);

  G_OBJECT_CLASS (sealdesk_ledger_view_parent_class)->constructed (object);
  sealdesk_ledger_view_reload (self);
}

static void
sealdesk_ledger_view_dispose (GObject *object)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_LEDGER_VIEW);
  G_OBJECT_CLASS (sealdesk_ledger_view_parent_class)->dispose (object);
}

static void
sealdesk_ledger_view_finalize (GObject *object)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->entries, json_node_unref);
  g_clear_pointer (&self->seal_names, g_hash_table_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  _sealdesk_ledger_view_list_finalize (self);
  g_free (self->message);
  G_OBJECT_CLASS (sealdesk_ledger_view_parent_class)->finalize (object);
}

static void
sealdesk_ledger_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_VERDICT:
      g_value_set_int (value, self->verdict);
      break;
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->exporting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_ledger_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SealdeskLedgerView *self = SEALDESK_LEDGER_VIEW (object);

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
sealdesk_ledger_view_class_init (SealdeskLedgerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_ledger_view_constructed;
  object_class->dispose = sealdesk_ledger_view_dispose;
  object_class->finalize = sealdesk_ledger_view_finalize;
  object_class->get_property = sealdesk_ledger_view_get_property;
  object_class->set_property = sealdesk_ledger_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A SealdeskLedgerVerdict. */
  properties[PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL, SEALDESK_LEDGER_UNCHECKED, SEALDESK_LEDGER_INVALID,
                      SEALDESK_LEDGER_UNCHECKED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-ledger-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, seal_drop);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, person_drop);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, kind_drop);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, result_revealer);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, result_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, result_icon);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, result_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, count_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskLedgerView, list);

  gtk_widget_class_install_action (widget_class, "ledger.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "ledger.export", NULL, export_action);
}

static void
sealdesk_ledger_view_init (SealdeskLedgerView *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The view's keys work whenever the view is shown, wherever the focus
   * is (the window runs managed shortcuts of mapped widgets only). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>v"),
                                                          gtk_named_action_new ("ledger.verify")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>e"),
                                                          gtk_named_action_new ("ledger.export")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->settings = sealdesk_application_new_settings ();
  self->cancellable = g_cancellable_new ();
  _sealdesk_ledger_view_list_init (self);
}

GtkWidget *
sealdesk_ledger_view_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_LEDGER_VIEW, "workspace", workspace, NULL);
}
