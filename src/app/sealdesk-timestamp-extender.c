/* sealdesk-timestamp-extender.c: documents waiting for trusted time, extended in the background
 *
 * Owned by the application, like the sync monitor. A document signed while
 * no timestamp authority answered is a B-B signature in the workspace's
 * queue (sd-pending.h). The extender reads that queue and, when the
 * settings name timestamp authorities (key tsa-urls), extends each
 * document to B-LTA in place (sd_pending_extend(), as `sealdesk-cli
 * extend --pending` does: validation data and a document timestamp in a
 * new revision, both times in the ledger) in a worker thread, one pass at
 * a time.
 *
 * A pass that leaves documents waiting (no authority answered, no
 * revocation data) is retried later, each time twice as late (from 30
 * seconds up to half an hour: properties first-retry and last-retry); a
 * change of the network (GNetworkMonitor "network-changed", the network
 * up), a change of the authorities or "Retry Now" tries at once and starts
 * the backoff again. A document can also be taken off the queue (it stays
 * B-B). The main loop
 * only ever sees the results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-timestamp-extender.h"
#include "sealdesk-trusted-time.h"

#define FIRST_RETRY_SECONDS 30  /* the default of the property first-retry */
#define LAST_RETRY_SECONDS  1800 /* the default of the property last-retry */
#define NETWORK_QUIET_MS    1000 /* a network coming up changes several times */

struct _SealdeskTimestampExtender
{
  GObject parent_instance;

  GSettings       *settings;
  SdWorkspace     *workspace;
  GNetworkMonitor *network;
  GCancellable    *cancellable;
  GPtrArray       *pending; /* SdPendingDocument */
  char            *error;
  guint            retry_source;
  guint            network_source;
  guint            backoff; /* seconds until the next retry */
  guint            first_retry;
  guint            last_retry;
  gboolean         running;
  gboolean         again; /* asked for during a pass */
  gboolean         again_extend;
  gboolean         stopped;
  guint            passes;
  GArray          *forget; /* gint64: IDs to take off the queue */
};

G_DEFINE_FINAL_TYPE (SealdeskTimestampExtender, sealdesk_timestamp_extender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_PENDING,
  PROP_RUNNING,
  PROP_PASSES,
  PROP_FIRST_RETRY,
  PROP_LAST_RETRY,
  N_PROPS
};
enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void run_pass (SealdeskTimestampExtender *self, gboolean extend);

/* What a pass needs, copied for the worker thread, and what it found. */
typedef struct
{
  SdWorkspace *workspace;
  char       **urls;
  gboolean     extend;
  GArray      *forget;  /* gint64, or NULL */
  GPtrArray   *pending; /* after the pass */
  char        *error;   /* the first document that failed */
  guint        n_failed;
} Pass;

static void
pass_free (Pass *pass)
{
  g_clear_object (&pass->workspace);
  g_strfreev (pass->urls);
  g_clear_pointer (&pass->forget, g_array_unref);
  g_clear_pointer (&pass->pending, g_ptr_array_unref);
  g_free (pass->error);
  g_free (pass);
}

static GPtrArray *
list_pending (SdWorkspace *workspace, GError **error)
{
  GPtrArray *list;

  sd_workspace_lock (workspace);
  list = sd_pending_list (workspace, error);
  sd_workspace_unlock (workspace);
  return list;
}

static void
extend_all (Pass *pass, GCancellable *cancellable)
{
  g_autoptr (GError)      error = NULL;
  g_autoptr (GPtrArray)   pending = list_pending (pass->workspace, &error);
  g_autoptr (SdTsaClient) tsa = NULL;
  g_autofree char        *cache = sealdesk_trusted_time_cache_dir (pass->workspace);
  SdLtvOptions            opts = { 0 };

  if (pending == NULL || pending->len == 0 ||
      (tsa = sealdesk_trusted_time_new_client (pass->workspace, (const char *const *) pass->urls,
                                               &error)) == NULL)
    {
      if (error != NULL)
        pass->error = g_strdup (error->message);
      return;
    }
  opts.level = SD_SIGN_LEVEL_B_LTA;
  opts.tsa = tsa;
  opts.store = sd_tsa_client_get_store (tsa);
  opts.cache_dir = cache;
  for (guint i = 0; i < pending->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      SdPendingDocument   *doc = g_ptr_array_index (pending, i);
      g_auto (SdLtvResult) result = { 0 };
      g_autoptr (GError)   one = NULL;

      if (!sd_pending_extend (pass->workspace, doc, &opts, &result, cancellable, &one))
        {
          g_debug ("%s still waits for a timestamp: %s", doc->path, one->message);
          if (pass->error == NULL)
            pass->error = g_strdup_printf ("%s: %s", doc->path, one->message);
          pass->n_failed++;
        }
    }
}

static void
pass_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Pass              *pass = task_data;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; pass->forget != NULL && i < pass->forget->len; i++)
    {
      g_autoptr (GError) one = NULL;

      sd_workspace_lock (pass->workspace);
      if (!sd_pending_remove (pass->workspace, g_array_index (pass->forget, gint64, i), &one) &&
          one != NULL && pass->error == NULL)
        pass->error = g_strdup (one->message);
      sd_workspace_unlock (pass->workspace);
    }
  if (pass->extend)
    extend_all (pass, cancellable);
  pass->pending = list_pending (pass->workspace, &error);
  if (pass->pending == NULL && pass->error == NULL)
    pass->error = g_strdup (error->message);
  g_task_return_boolean (task, TRUE);
}

static gboolean
retry_timeout (gpointer data)
{
  SealdeskTimestampExtender *self = data;

  self->retry_source = 0;
  run_pass (self, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
has_authorities (SealdeskTimestampExtender *self)
{
  g_auto (GStrv) urls = g_settings_get_strv (self->settings, "tsa-urls");

  return urls[0] != NULL;
}

/* Documents wait and an authority is set: try again later. */
static void
schedule_retry (SealdeskTimestampExtender *self)
{
  if (self->stopped || self->retry_source != 0 || self->pending == NULL ||
      self->pending->len == 0 || !has_authorities (self))
    return;
  self->retry_source = g_timeout_add_seconds (self->backoff, retry_timeout, self);
  self->backoff = MIN (self->backoff * 2, self->last_retry);
}

static void
pass_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskTimestampExtender *self = SEALDESK_TIMESTAMP_EXTENDER (source);
  Pass                      *pass = g_task_get_task_data (G_TASK (result));

  self->running = FALSE;
  if (self->stopped)
    return;
  self->passes++;
  if (pass->pending != NULL)
    {
      g_clear_pointer (&self->pending, g_ptr_array_unref);
      self->pending = g_steal_pointer (&pass->pending);
    }
  if (pass->extend)
    {
      g_clear_pointer (&self->error, g_free);
      self->error = g_steal_pointer (&pass->error);
      if (self->pending != NULL && self->pending->len == 0)
        self->backoff = self->first_retry;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[CHANGED], 0);

  if (self->again)
    {
      gboolean extend = self->again_extend;

      self->again = self->again_extend = FALSE;
      run_pass (self, extend);
    }
  else
    schedule_retry (self);
}

/* Reads the queue and, with @extend, extends what waits in it first. */
static void
run_pass (SealdeskTimestampExtender *self, gboolean extend)
{
  g_autoptr (GTask) task = NULL;
  Pass             *pass;

  if (self->stopped || self->workspace == NULL)
    return;
  if (self->running)
    {
      self->again = TRUE;
      self->again_extend |= extend;
      return;
    }
  if (extend)
    g_clear_handle_id (&self->retry_source, g_source_remove);

  pass = g_new0 (Pass, 1);
  pass->workspace = g_object_ref (self->workspace);
  pass->urls = g_settings_get_strv (self->settings, "tsa-urls");
  pass->extend = extend && pass->urls[0] != NULL;
  if (self->forget->len > 0)
    {
      pass->forget = g_steal_pointer (&self->forget);
      self->forget = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  task = g_task_new (self, self->cancellable, pass_done, NULL);
  g_task_set_source_tag (task, run_pass);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);
  g_task_run_in_thread (task, pass_thread);
}

static gboolean
network_quiet (gpointer data)
{
  SealdeskTimestampExtender *self = data;

  self->network_source = 0;
  self->backoff = self->first_retry;
  if (self->pending != NULL && self->pending->len > 0)
    run_pass (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
network_changed (GNetworkMonitor *network, gboolean available, SealdeskTimestampExtender *self)
{
  if (!available || self->stopped)
    return;
  g_clear_handle_id (&self->network_source, g_source_remove);
  self->network_source = g_timeout_add (NETWORK_QUIET_MS, network_quiet, self);
}

static void
urls_changed (SealdeskTimestampExtender *self)
{
  self->backoff = self->first_retry;
  run_pass (self, TRUE);
}

SealdeskTimestampExtender *
sealdesk_timestamp_extender_new (GSettings *settings)
{
  SealdeskTimestampExtender *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SEALDESK_TYPE_TIMESTAMP_EXTENDER, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::tsa-urls", G_CALLBACK (urls_changed), self,
                           G_CONNECT_SWAPPED);
  self->network = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network, "network-changed", G_CALLBACK (network_changed), self, 0);
  return self;
}

void
sealdesk_timestamp_extender_set_workspace (SealdeskTimestampExtender *self, SdWorkspace *workspace)
{
  g_return_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  run_pass (self, TRUE);
}

void
sealdesk_timestamp_extender_reload (SealdeskTimestampExtender *self)
{
  g_return_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self));

  run_pass (self, FALSE);
}

void
sealdesk_timestamp_extender_extend_now (SealdeskTimestampExtender *self)
{
  g_return_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self));

  self->backoff = self->first_retry;
  run_pass (self, TRUE);
}

void
sealdesk_timestamp_extender_forget (SealdeskTimestampExtender *self, gint64 id)
{
  g_return_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self));

  g_array_append_val (self->forget, id);
  run_pass (self, FALSE);
}

void
sealdesk_timestamp_extender_stop (SealdeskTimestampExtender *self)
{
  g_return_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->network_source, g_source_remove);
  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
}

GPtrArray *
sealdesk_timestamp_extender_get_pending (SealdeskTimestampExtender *self)
{
  g_return_val_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self), NULL);

  return self->pending;
}

gboolean
sealdesk_timestamp_extender_get_running (SealdeskTimestampExtender *self)
{
  g_return_val_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self), FALSE);

  return self->running;
}

const char *
sealdesk_timestamp_extender_get_error (SealdeskTimestampExtender *self)
{
  g_return_val_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self), NULL);

  return self->error;
}

guint
sealdesk_timestamp_extender_get_passes (SealdeskTimestampExtender *self)
{
  g_return_val_if_fail (SEALDESK_IS_TIMESTAMP_EXTENDER (self), 0);

  return self->passes;
}

static void
sealdesk_timestamp_extender_dispose (GObject *object)
{
  SealdeskTimestampExtender *self = SEALDESK_TIMESTAMP_EXTENDER (object);

  sealdesk_timestamp_extender_stop (self);
  g_clear_object (&self->network);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_timestamp_extender_parent_class)->dispose (object);
}

static void
sealdesk_timestamp_extender_finalize (GObject *object)
{
  SealdeskTimestampExtender *self = SEALDESK_TIMESTAMP_EXTENDER (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_array_unref (self->forget);
  g_free (self->error);
  G_OBJECT_CLASS (sealdesk_timestamp_extender_parent_class)->finalize (object);
}

static void
sealdesk_timestamp_extender_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  SealdeskTimestampExtender *self = SEALDESK_TIMESTAMP_EXTENDER (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, self->pending != NULL ? self->pending->len : 0);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PASSES:
      g_value_set_uint (value, self->passes);
      break;
    case PROP_FIRST_RETRY:
      g_value_set_uint (value, self->first_retry);
      break;
    case PROP_LAST_RETRY:
      g_value_set_uint (value, self->last_retry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_timestamp_extender_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  SealdeskTimestampExtender *self = SEALDESK_TIMESTAMP_EXTENDER (object);

  switch (prop_id)
    {
    case PROP_FIRST_RETRY:
      self->first_retry = g_value_get_uint (value);
      self->backoff = self->first_retry;
      break;
    case PROP_LAST_RETRY:
      self->last_retry = g_value_get_uint (value);
      self->backoff = MIN (self->backoff, self->last_retry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_timestamp_extender_class_init (SealdeskTimestampExtenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_timestamp_extender_dispose;
  object_class->finalize = sealdesk_timestamp_extender_finalize;
  object_class->get_property = sealdesk_timestamp_extender_get_property;
  object_class->set_property = sealdesk_timestamp_extender_set_property;

  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PASSES] =
    g_param_spec_uint ("passes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds before the first retry after a failure (doubled at each
   * failure, up to half an hour). */
  properties[PROP_FIRST_RETRY] =
    g_param_spec_uint ("first-retry", NULL, NULL, 1, G_MAXUINT, FIRST_RETRY_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The longest wait between two retries. */
  properties[PROP_LAST_RETRY] =
    g_param_spec_uint ("last-retry", NULL, NULL, 1, G_MAXUINT, LAST_RETRY_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The queue or the last pass's error changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sealdesk_timestamp_extender_init (SealdeskTimestampExtender *self)
{
  self->cancellable = g_cancellable_new ();
  self->forget = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->first_retry = FIRST_RETRY_SECONDS;
  self->last_retry = LAST_RETRY_SECONDS;
  self->backoff = FIRST_RETRY_SECONDS;
}
