/* sealdesk-sync-monitor.c: the shared folder, watched and synced
 *
 * Owned by the application. Watches the shared folder of the settings
 * (key sync-folder) and the folder of every paired workstation in it with
 * GFileMonitor, and rescans every sync-interval seconds as well, since
 * network filesystems and sync engines do not always raise events. Each
 * change starts, after a short quiet time, one sync pass (sd_sync_run(),
 * with what the settings choose to publish) in a worker thread; never two
 * at once: a change during a pass asks for one more after it.
 *
 * A pass that fails (the folder is gone, unreadable, not a folder) leaves
 * everything as it was and puts the monitor in the error state until a
 * pass goes through; what waits to go out stays in the publish queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-sync.h"
#include "sealdesk-sync-monitor.h"

#define QUIET_MS      400   /* after the last event: sync engines write in bursts */
#define MAX_MESSAGES  50

G_DEFINE_ENUM_TYPE (SealdeskSyncState, sealdesk_sync_state,
                    G_DEFINE_ENUM_VALUE (SEALDESK_SYNC_STATE_OFF, "off"),
                    G_DEFINE_ENUM_VALUE (SEALDESK_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (SEALDESK_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (SEALDESK_SYNC_STATE_ERROR, "error"))

struct _SealdeskSyncMonitor
{
  GObject            parent_instance;

  GSettings         *settings;
  SdWorkspace       *workspace;
  char              *folder;         /* NULL: none chosen */
  GFileMonitor      *folder_monitor;
  GHashTable        *peer_monitors;  /* workstation ID -> GFileMonitor */
  guint              quiet_source;
  guint              rescan_source;
  gboolean           running;
  gboolean           again;          /* asked for during a pass */
  gboolean           stopped;

  SealdeskSyncState  state;
  gboolean           failed;         /* the last pass */
  GDateTime         *last_sync;
  char              *error;
  gint64             queued;
  guint              imported;
  guint              refused;
  guint              conflicts;
  guint              passes;
  GQueue             messages;       /* char * */
};

G_DEFINE_FINAL_TYPE (SealdeskSyncMonitor, sealdesk_sync_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_FOLDER,
  PROP_QUEUED,
  PROP_IMPORTED,
  PROP_REFUSED,
  PROP_CONFLICTS,
  PROP_PASSES,
  N_PROPS
};

enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a pass needs, copied for the worker thread, and what it found. */
typedef struct
{
  SdWorkspace   *workspace;
  char          *folder;
  SdSyncOptions  options;
  SdSyncReport   report;
  gint64         queued;
  GPtrArray     *peers;      /* char *: workstation IDs */
} Pass;

static void
pass_free (Pass *pass)
{
  g_clear_object (&pass->workspace);
  g_free (pass->folder);
  sd_sync_report_clear (&pass->report);
  g_clear_pointer (&pass->peers, g_ptr_array_unref);
  g_free (pass);
}

static void schedule (SealdeskSyncMonitor *self,
                      guint                delay_ms);

static void
set_state (SealdeskSyncMonitor *self,
           SealdeskSyncState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static SealdeskSyncState
resting_state (SealdeskSyncMonitor *self)
{
  if (self->folder == NULL || self->workspace == NULL)
    return SEALDESK_SYNC_STATE_OFF;
  return self->failed ? SEALDESK_SYNC_STATE_ERROR : SEALDESK_SYNC_STATE_IDLE;
}

static void
add_message (SealdeskSyncMonitor *self,
             const char          *message)
{
  g_queue_push_tail (&self->messages, g_strdup (message));
  while (self->messages.length > MAX_MESSAGES)
    g_free (g_queue_pop_head (&self->messages));
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  SealdeskSyncMonitor *self = user_data;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  schedule (self, QUIET_MS);
}

static GFileMonitor *
watch (SealdeskSyncMonitor *self,
       const char          *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor = g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, &error);

  /* The periodic rescan still runs: no events is not no sync. */
  if (monitor == NULL)
    {
      g_debug ("Not watching %s: %s", path, error->message);
      return NULL;
    }
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_folder_changed), self, 0);
  return monitor;
}

static void
watch_peers (SealdeskSyncMonitor *self,
             GPtrArray           *peers)
{
  for (guint i = 0; peers != NULL && i < peers->len; i++)
    {
      const char *id = g_ptr_array_index (peers, i);
      g_autofree char *path = NULL;
      GFileMonitor *monitor;

      if (g_hash_table_contains (self->peer_monitors, id))
        continue;
      /* Its manifest is written last: a change there is a new pass. */
      path = g_build_filename (self->folder, id, NULL);
      if ((monitor = watch (self, path)) != NULL)
        g_hash_table_insert (self->peer_monitors, g_strdup (id), monitor);
    }
}

static void
unwatch (SealdeskSyncMonitor *self)
{
  if (self->folder_monitor != NULL)
    g_file_monitor_cancel (self->folder_monitor);
  g_clear_object (&self->folder_monitor);
  g_hash_table_remove_all (self->peer_monitors);
}

static void
pass_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Pass *pass = task_data;
  GError *error = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) peers = NULL;

  if (!sd_sync_run (pass->workspace, pass->folder, &pass->options, &pass->report, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pass->peers = g_ptr_array_new_with_free_func (g_free);
  if ((status = sd_sync_status (pass->workspace, NULL)) != NULL)
    {
      JsonObject *object = json_node_get_object (status);
      JsonArray *list = json_object_get_array_member (object, "peers");

      pass->queued = json_object_get_int_member (object, "queued");
      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        g_ptr_array_add (pass->peers,
                         g_strdup (json_object_get_string_member (json_array_get_object_element (list, i),
                                                                  "workstation")));
    }
  g_task_return_boolean (task, TRUE);
}

static void
pass_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SealdeskSyncMonitor *self = SEALDESK_SYNC_MONITOR (source);
  Pass *pass = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean same_folder = g_strcmp0 (pass->folder, self->folder) == 0;

  self->running = FALSE;
  self->passes++;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Said once per failure, not every rescan. */
      if (same_folder && (!self->failed || g_strcmp0 (self->error, error->message) != 0))
        add_message (self, error->message);
      if (same_folder)
        {
          self->failed = TRUE;
          g_free (self->error);
          self->error = g_strdup (error->message);
        }
    }
  else if (same_folder)
    {
      SdSyncReport *report = &pass->report;

      self->failed = FALSE;
      g_clear_pointer (&self->error, g_free);
      g_clear_pointer (&self->last_sync, g_date_time_unref);
      self->last_sync = g_date_time_new_now_local ();
      self->queued = pass->queued;
      self->imported += report->imported;
      self->refused += report->refused;
      self->conflicts = report->conflicts;
      if (report->imported > 0 || report->refused > 0)
        for (guint i = 0; report->messages != NULL && i < report->messages->len; i++)
          add_message (self, g_ptr_array_index (report->messages, i));
      if (!self->stopped)
        watch_peers (self, pass->peers);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFUSED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }
  set_state (self, resting_state (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSES]);
  g_signal_emit (self, signals[CHANGED], 0);
  if ((self->again || !same_folder) && !self->stopped)
    {
      self->again = FALSE;
      schedule (self, 0);
    }
}

static gboolean
start_pass (gpointer user_data)
{
  SealdeskSyncMonitor *self = user_data;
  g_autoptr(GTask) task = NULL;
  Pass *pass;

  self->quiet_source = 0;
  if (self->stopped || self->folder == NULL || self->workspace == NULL)
    return G_SOURCE_REMOVE;
  if (self->running)
    {
      self->again = TRUE;
      return G_SOURCE_REMOVE;
    }
  pass = g_new0 (Pass, 1);
  pass->workspace = g_object_ref (self->workspace);
  pass->folder = g_strdup (self->folder);
  sd_sync_options_init (&pass->options);
  pass->options.publish = 0;
  if (g_settings_get_boolean (self->settings, "sync-publish-requests"))
    pass->options.publish |= SD_SYNC_PUBLISH_REQUESTS;
  if (g_settings_get_boolean (self->settings, "sync-publish-decisions"))
    pass->options.publish |= SD_SYNC_PUBLISH_DECISIONS;
  if (g_settings_get_boolean (self->settings, "sync-publish-completed"))
    pass->options.publish |= SD_SYNC_PUBLISH_COMPLETED;
  if (g_settings_get_boolean (self->settings, "sync-publish-reports"))
    pass->options.publish |= SD_SYNC_PUBLISH_REPORTS;
  pass->options.matter_folders = g_settings_get_boolean (self->settings, "sync-matter-folders");

  self->running = TRUE;
  set_state (self, SEALDESK_SYNC_STATE_SYNCING);
  g_signal_emit (self, signals[CHANGED], 0);
  task = g_task_new (self, NULL, pass_done, NULL);
  g_task_set_source_tag (task, start_pass);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);
  g_task_run_in_thread (task, pass_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule (SealdeskSyncMonitor *self,
          guint                delay_ms)
{
  if (self->stopped)
    return;
  /* Each event pushes the pass back until the folder is quiet. */
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  self->quiet_source = g_timeout_add (delay_ms, start_pass, self);
}

static gboolean
rescan (gpointer user_data)
{
  SealdeskSyncMonitor *self = user_data;

  if (self->quiet_source == 0)
    schedule (self, 0);
  return G_SOURCE_CONTINUE;
}

static void
restart_rescan (SealdeskSyncMonitor *self)
{
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  if (!self->stopped)
    self->rescan_source = g_timeout_add_seconds (MAX (g_settings_get_uint (self->settings, "sync-interval"), 5),
                                                 rescan, self);
}

/* The folder of the settings: watched anew, synced now. */
static void
follow_folder (SealdeskSyncMonitor *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "sync-folder");

  if (folder[0] == '\0')
    g_clear_pointer (&folder, g_free);
  if (g_strcmp0 (folder, self->folder) == 0)
    return;
  unwatch (self);
  g_free (self->folder);
  self->folder = g_steal_pointer (&folder);
  self->failed = FALSE;
  self->conflicts = 0;
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  if (self->folder != NULL && !self->stopped)
    self->folder_monitor = watch (self, self->folder);
  set_state (self, self->running ? SEALDESK_SYNC_STATE_SYNCING : resting_state (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_signal_emit (self, signals[CHANGED], 0);
  if (self->folder != NULL)
    schedule (self, 0);
}

static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     gpointer    user_data)
{
  SealdeskSyncMonitor *self = user_data;

  if (g_str_equal (key, "sync-folder"))
    follow_folder (self);
  else if (g_str_equal (key, "sync-interval"))
    restart_rescan (self);
  else if (g_str_has_prefix (key, "sync-"))
    schedule (self, 0);   /* what is published now goes out */
}

static void
sealdesk_sync_monitor_dispose (GObject *object)
{
  SealdeskSyncMonitor *self = SEALDESK_SYNC_MONITOR (object);

  sealdesk_sync_monitor_stop (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_sync_monitor_parent_class)->dispose (object);
}

static void
sealdesk_sync_monitor_finalize (GObject *object)
{
  SealdeskSyncMonitor *self = SEALDESK_SYNC_MONITOR (object);

  g_clear_pointer (&self->peer_monitors, g_hash_table_unref);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_free (self->folder);
  g_free (self->error);
  g_queue_clear_full (&self->messages, g_free);
  G_OBJECT_CLASS (sealdesk_sync_monitor_parent_class)->finalize (object);
}

static void
sealdesk_sync_monitor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SealdeskSyncMonitor *self = SEALDESK_SYNC_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, self->queued);
      break;
    case PROP_IMPORTED:
      g_value_set_uint (value, self->imported);
      break;
    case PROP_REFUSED:
      g_value_set_uint (value, self->refused);
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts);
      break;
    case PROP_PASSES:
      g_value_set_uint (value, self->passes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_sync_monitor_class_init (SealdeskSyncMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sealdesk_sync_monitor_dispose;
  object_class->finalize = sealdesk_sync_monitor_finalize;
  object_class->get_property = sealdesk_sync_monitor_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SEALDESK_TYPE_SYNC_STATE,
                                              SEALDESK_SYNC_STATE_OFF, flags);
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, flags);
  properties[PROP_QUEUED] = g_param_spec_int64 ("queued", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_IMPORTED] = g_param_spec_uint ("imported", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REFUSED] = g_param_spec_uint ("refused", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CONFLICTS] = g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PASSES] = g_param_spec_uint ("passes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything shown changed: a pass started or finished, the folder changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sealdesk_sync_monitor_init (SealdeskSyncMonitor *self)
{
  self->peer_monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->messages);
}

SealdeskSyncMonitor *
sealdesk_sync_monitor_new (GSettings *settings)
{
  SealdeskSyncMonitor *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SEALDESK_TYPE_SYNC_MONITOR, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed), self);
  restart_rescan (self);
  follow_folder (self);
  return self;
}

void
sealdesk_sync_monitor_set_workspace (SealdeskSyncMonitor *self,
                                     SdWorkspace         *workspace)
{
  g_return_if_fail (SEALDESK_IS_SYNC_MONITOR (self));
  g_return_if_fail (workspace == NULL || SD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  set_state (self, self->running ? SEALDESK_SYNC_STATE_SYNCING : resting_state (self));
  g_signal_emit (self, signals[CHANGED], 0);
  schedule (self, 0);
}

void
sealdesk_sync_monitor_sync_now (SealdeskSyncMonitor *self)
{
  g_return_if_fail (SEALDESK_IS_SYNC_MONITOR (self));

  schedule (self, 0);
}

void
sealdesk_sync_monitor_stop (SealdeskSyncMonitor *self)
{
  g_return_if_fail (SEALDESK_IS_SYNC_MONITOR (self));

  self->stopped = TRUE;
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  if (self->peer_monitors != NULL)
    unwatch (self);
}

SealdeskSyncState
sealdesk_sync_monitor_get_state (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), SEALDESK_SYNC_STATE_OFF);

  return self->state;
}

const char *
sealdesk_sync_monitor_get_folder (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  return self->folder;
}

GDateTime *
sealdesk_sync_monitor_get_last_sync (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  return self->last_sync;
}

const char *
sealdesk_sync_monitor_get_error (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  return self->failed ? self->error : NULL;
}

gint64
sealdesk_sync_monitor_get_queued (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), 0);

  return self->queued;
}

guint
sealdesk_sync_monitor_get_imported (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), 0);

  return self->imported;
}

guint
sealdesk_sync_monitor_get_refused (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), 0);

  return self->refused;
}

guint
sealdesk_sync_monitor_get_conflicts (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), 0);

  return self->conflicts;
}

guint
sealdesk_sync_monitor_get_passes (SealdeskSyncMonitor *self)
{
  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), 0);

  return self->passes;
}

GStrv
sealdesk_sync_monitor_dup_messages (SealdeskSyncMonitor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  for (GList *l = self->messages.head; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}
