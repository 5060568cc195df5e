/* sealdesk-preferences-sync-page.c: the shared folder and paired workstations
 *
 * Chooses the shared folder (a file chooser portal, key sync-folder), what
 * a pass publishes and whether a matter has a folder of its own (the
 * sync-publish-* and sync-matter-folders keys, bound to switches), shows
 * the status of the application's SealdeskSyncMonitor with "Sync Now",
 * this workstation's ID and ledger key ID (for the other side), and the
 * paired workstations, to pair (sd_sync_peer_add(), as `sealdesk-cli sync
 * peer add` does) and forget. The workspace is read and changed in worker
 * threads: a sync pass may hold it for a while.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-sync.h"
#include "sealdesk-preferences-sync-page.h"

struct _SealdeskPreferencesSyncPage
{
  AdwPreferencesPage    parent_instance;

  AdwActionRow         *folder_row;
  AdwActionRow         *status_row;
  GtkSwitch            *publish_requests_switch;
  GtkSwitch            *publish_decisions_switch;
  GtkSwitch            *publish_completed_switch;
  GtkSwitch            *publish_reports_switch;
  GtkSwitch            *matter_folders_switch;
  GtkLabel             *workstation_label;
  GtkLabel             *key_label;
  AdwPreferencesGroup  *peers_group;
  GtkWidget            *no_peer_row;
  AdwEntryRow          *peer_id_entry;
  AdwEntryRow          *peer_key_entry;
  AdwEntryRow          *peer_name_entry;

  SdWorkspace          *workspace;
  GSettings            *settings;
  SealdeskSyncMonitor  *monitor;
  GtkFileChooserNative *chooser;
  GPtrArray            *peer_rows;
  GCancellable         *cancellable;
  gboolean              busy;       /* a pairing change runs */
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesSyncPage,
                     sealdesk_preferences_sync_page,
                     ADW_TYPE_PREFERENCES_PAGE)

typedef enum { JOB_READ, JOB_PAIR, JOB_FORGET } JobKind;

typedef struct
{
  SdWorkspace *workspace;
  JobKind      kind;
  char        *workstation;
  char        *key_id;
  char        *label;
  JsonNode    *status;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->workspace);
  g_free (job->workstation);
  g_free (job->key_id);
  g_free (job->label);
  g_clear_pointer (&job->status, json_node_unref);
  g_free (job);
}

static void
show_toast (SealdeskPreferencesSyncPage *self,
            const char                  *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (job->kind == JOB_PAIR)
    ok = sd_sync_peer_add (job->workspace, job->workstation, job->key_id, job->label, &error);
  else if (job->kind == JOB_FORGET)
    ok = sd_sync_peer_remove (job->workspace, job->workstation, &error);
  if (ok)
    ok = (job->status = sd_sync_status (job->workspace, &error)) != NULL;
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void run_job (SealdeskPreferencesSyncPage *self,
                     Job                         *job);

static void
forget_clicked (GtkButton                   *button,
                SealdeskPreferencesSyncPage *self)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_FORGET;
  job->workstation = g_strdup (g_object_get_data (G_OBJECT (button), "sealdesk-workstation"));
  run_job (self, job);
}

static GtkWidget *
peer_row_new (SealdeskPreferencesSyncPage *self,
              JsonObject                  *peer)
{
  const char *id = json_object_get_string_member_with_default (peer, "workstation", "");
  const char *label = json_object_get_string_member_with_default (peer, "label", NULL);
  const char *seen = json_object_get_string_member_with_default (peer, "last_seen", NULL);
  const char *conflict = json_object_get_string_member_with_default (peer, "conflict", NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *subtitle = NULL;
  g_autofree char *seen_text = NULL;

  if (conflict != NULL)
    /* TRANSLATORS: %s says how the other workstation's ledger differs from what was kept of it */
    seen_text = g_strdup_printf (_("Its ledger was rewritten: %s"), conflict);
  else if (seen != NULL)
    /* TRANSLATORS: %s is a date and time (UTC) */
    seen_text = g_strdup_printf (_("Last read %s"), seen);
  else
    seen_text = g_strdup (_("Nothing read from it yet"));
  subtitle = g_strdup_printf ("%s\n%s", id, seen_text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 label != NULL && *label != '\0' ? label : _("Workstation"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  if (conflict != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Forget this Workstation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Forget this Workstation"), -1);
  g_object_set_data_full (G_OBJECT (button), "sealdesk-workstation", g_strdup (id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (forget_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_status (SealdeskPreferencesSyncPage *self,
             JsonNode                    *status)
{
  JsonObject *object = json_node_get_object (status);
  JsonArray *peers = json_object_get_array_member (object, "peers");
  const char *key = json_object_get_string_member_with_default (object, "ledger_key_id", NULL);

  gtk_label_set_text (self->workstation_label,
                      json_object_get_string_member_with_default (object, "workstation", ""));
  gtk_label_set_text (self->key_label, key != NULL ? key : _("Made with the ledger’s first entry"));

  for (guint i = 0; i < self->peer_rows->len; i++)
    adw_preferences_group_remove (self->peers_group, g_ptr_array_index (self->peer_rows, i));
  g_ptr_array_set_size (self->peer_rows, 0);
  for (guint i = 0; peers != NULL && i < json_array_get_length (peers); i++)
    {
      GtkWidget *row = peer_row_new (self, json_array_get_object_element (peers, i));

      adw_preferences_group_add (self->peers_group, row);
      g_ptr_array_add (self->peer_rows, row);
    }
  gtk_widget_set_visible (self->no_peer_row, self->peer_rows->len == 0);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SealdeskPreferencesSyncPage) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
    }
  else if (!g_cancellable_is_cancelled (self->cancellable))
    {
      show_status (self, job->status);
      if (job->kind == JOB_PAIR)
        {
          g_autofree char *text = NULL;

          gtk_editable_set_text (GTK_EDITABLE (self->peer_id_entry), "");
          gtk_editable_set_text (GTK_EDITABLE (self->peer_key_entry), "");
          gtk_editable_set_text (GTK_EDITABLE (self->peer_name_entry), "");
          /* TRANSLATORS: %s is the name given to the other workstation, or its ID */
          text = g_strdup_printf (_("Paired with %s"), job->label != NULL ? job->label : job->workstation);
          show_toast (self, text);
        }
      /* What it published is read now, and its folder watched. */
      if (job->kind != JOB_READ && self->monitor != NULL)
        sealdesk_sync_monitor_sync_now (self->monitor);
    }
  if (job->kind != JOB_READ)
    {
      self->busy = FALSE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.pair", TRUE);
    }
}

static void
run_job (SealdeskPreferencesSyncPage *self,
         Job                         *job)
{
  g_autoptr(GTask) task = NULL;

  if (job->kind != JOB_READ)
    {
      if (self->busy)
        {
          job_free (job);
          return;
        }
      self->busy = TRUE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.pair", FALSE);
    }
  job->workspace = g_object_ref (self->workspace);
  task = g_task_new (NULL, self->cancellable, job_done, g_object_ref (self));
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
refresh (SealdeskPreferencesSyncPage *self)
{
  run_job (self, g_new0 (Job, 1));
}

static void
update_monitor (SealdeskPreferencesSyncPage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;

  if (self->monitor == NULL)
    return;
  summary = sealdesk_sync_monitor_dup_summary (self->monitor);
  details = sealdesk_sync_monitor_dup_details (self->monitor);
  text = g_strdup_printf ("%s\n%s", summary, details);
  adw_action_row_set_subtitle (self->status_row, text);
  /* Peers' last pass and heads change with each pass. */
  if (sealdesk_sync_monitor_get_state (self->monitor) != SEALDESK_SYNC_STATE_SYNCING)
    refresh (self);
}

static void
update_folder (SealdeskPreferencesSyncPage *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "sync-folder");

  adw_action_row_set_subtitle (self->folder_row, folder[0] != '\0' ? folder : _("None: nothing is synced"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.clear-folder", folder[0] != '\0');
}

static void
chooser_response (GtkNativeDialog             *chooser,
                  int                          response,
                  SealdeskPreferencesSyncPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if ((path = g_file_get_path (file)) == NULL)
    {
      show_toast (self, _("Choose a folder on this computer or on a mounted share"));
      return;
    }
  g_settings_set_string (self->settings, "sync-folder", path);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SealdeskPreferencesSyncPage *self = SEALDESK_PREFERENCES_SYNC_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *folder = g_settings_get_string (self->settings, "sync-folder");

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Shared Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (folder[0] != '\0')
    {
      g_autoptr(GFile) current = g_file_new_for_path (folder);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_folder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SealdeskPreferencesSyncPage *self = SEALDESK_PREFERENCES_SYNC_PAGE (widget);

  g_settings_set_string (self->settings, "sync-folder", "");
}

static void
pair_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SealdeskPreferencesSyncPage *self = SEALDESK_PREFERENCES_SYNC_PAGE (widget);
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->peer_id_entry))));
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->peer_key_entry))));
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->peer_name_entry))));
  Job *job;

  if (id[0] == '\0' || key[0] == '\0')
    {
      show_toast (self, _("Enter the other workstation’s ID and ledger key ID, as it shows them"));
      gtk_widget_grab_focus (GTK_WIDGET (id[0] == '\0' ? self->peer_id_entry : self->peer_key_entry));
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_PAIR;
  job->workstation = g_steal_pointer (&id);
  job->key_id = g_steal_pointer (&key);
  job->label = label[0] != '\0' ? g_steal_pointer (&label) : NULL;
  run_job (self, job);
}

static void
sealdesk_preferences_sync_page_dispose (GObject *object)
{
  SealdeskPreferencesSyncPage *self = SEALDESK_PREFERENCES_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->monitor);
  /* The groups belong to AdwPreferencesPage, which disposes them. */
  G_OBJECT_CLASS (sealdesk_preferences_sync_page_parent_class)->dispose (object);
}

static void
sealdesk_preferences_sync_page_finalize (GObject *object)
{
  SealdeskPreferencesSyncPage *self = SEALDESK_PREFERENCES_SYNC_PAGE (object);

  g_clear_pointer (&self->peer_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_preferences_sync_page_parent_class)->finalize (object);
}

static void
sealdesk_preferences_sync_page_class_init (SealdeskPreferencesSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_preferences_sync_page_dispose;
  object_class->finalize = sealdesk_preferences_sync_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, publish_requests_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, publish_decisions_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, publish_completed_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, publish_reports_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, matter_folders_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, workstation_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, key_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, peers_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, no_peer_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, peer_id_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, peer_key_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesSyncPage, peer_name_entry);

  gtk_widget_class_install_action (widget_class, "sync-page.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "sync-page.clear-folder", NULL, clear_folder_action);
  gtk_widget_class_install_action (widget_class, "sync-page.pair", NULL, pair_action);
}

static void
sealdesk_preferences_sync_page_init (SealdeskPreferencesSyncPage *self)
{
  self->peer_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_sync_page_new (SdWorkspace         *workspace,
                                    GSettings           *settings,
                                    SealdeskSyncMonitor *monitor)
{
  SealdeskPreferencesSyncPage *self;
  static const struct { const char *key; gsize offset; } switches[] = {
    { "sync-publish-requests", G_STRUCT_OFFSET (SealdeskPreferencesSyncPage, publish_requests_switch) },
    { "sync-publish-decisions", G_STRUCT_OFFSET (SealdeskPreferencesSyncPage, publish_decisions_switch) },
    { "sync-publish-completed", G_STRUCT_OFFSET (SealdeskPreferencesSyncPage, publish_completed_switch) },
    { "sync-publish-reports", G_STRUCT_OFFSET (SealdeskPreferencesSyncPage, publish_reports_switch) },
    { "sync-matter-folders", G_STRUCT_OFFSET (SealdeskPreferencesSyncPage, matter_folders_switch) },
  };

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (monitor == NULL || SEALDESK_IS_SYNC_MONITOR (monitor), NULL);

  self = g_object_new (SEALDESK_TYPE_PREFERENCES_SYNC_PAGE, NULL);
  self->workspace = g_object_ref (workspace);
  self->settings = g_object_ref (settings);
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_settings_bind (settings, switches[i].key, G_STRUCT_MEMBER (GObject *, self, switches[i].offset), "active",
                     G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (settings, "changed::sync-folder", G_CALLBACK (update_folder), self);
  update_folder (self);
  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect_swapped (monitor, "changed", G_CALLBACK (update_monitor), self);
      update_monitor (self);
    }
  if (self->monitor == NULL || sealdesk_sync_monitor_get_state (self->monitor) == SEALDESK_SYNC_STATE_SYNCING)
    refresh (self);
  return GTK_WIDGET (self);
}
