/* sd-token-monitor.c: tells when a PKCS#11 token is inserted or removed */
#include "config.h"

#include "sd-pkcs11-modules.h"
#include "sd-token-monitor.h"

#define DEFAULT_INTERVAL_MS 2000

struct _SdTokenMonitor
{
  GObject parent_instance;

  char         *data_dir;
  guint         interval_ms;
  GMainContext *context;
  GThread      *thread;

  GMutex   mutex; /* protects what follows */
  GCond    cond;
  gboolean stopping;
  char    *fingerprint;
  char   **tokens;
};

G_DEFINE_FINAL_TYPE (SdTokenMonitor, sd_token_monitor, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

static gboolean
emit_changed (gpointer data)
{
  g_autoptr (SdTokenMonitor) self = g_weak_ref_get (data);

  if (self != NULL)
    g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* One line per token present; the labels go to @labels. */
static char *
take_snapshot (SdPkcs11Modules *modules, char ***labels)
{
  g_autoptr (GPtrArray)    tokens = sd_pkcs11_modules_list_tokens (modules, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  GString                 *fingerprint = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      SdPkcs11Token *token = g_ptr_array_index (tokens, i);

      g_string_append_printf (fingerprint, "%s\t%lu\t%.*s\t%s\n", token->module->name,
                              (unsigned long) token->slot, (int) sizeof token->info.serialNumber,
                              (const char *) token->info.serialNumber, token->label);
      g_strv_builder_add (builder, token->label);
    }
  *labels = g_strv_builder_end (builder);
  return g_string_free (fingerprint, FALSE);
}

static gpointer
monitor_thread (gpointer data)
{
  SdTokenMonitor  *self = data;
  SdPkcs11Modules *modules = NULL;
  gboolean         first = TRUE;

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      SdPkcs11Modules *latest;
      g_autofree char *fingerprint = NULL;
      char           **labels = NULL;
      gboolean         changed;
      gint64           deadline;

      g_mutex_unlock (&self->mutex);
      /* Again each time: the person may have added a module meanwhile. */
      latest = sd_pkcs11_modules_get (self->data_dir, NULL, NULL);
      g_clear_pointer (&modules, sd_pkcs11_modules_unref);
      modules = latest;
      fingerprint = modules != NULL ? take_snapshot (modules, &labels) : g_strdup ("");
      g_mutex_lock (&self->mutex);

      changed = g_strcmp0 (fingerprint, self->fingerprint) != 0;
      if (changed)
        {
          g_free (self->fingerprint);
          self->fingerprint = g_steal_pointer (&fingerprint);
        }
      if (labels != NULL)
        {
          g_strfreev (self->tokens);
          self->tokens = labels;
        }
      if (changed && !first && !self->stopping)
        {
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, self);
          g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_changed, ref,
                                      weak_ref_free);
        }
      first = FALSE;

      deadline = g_get_monotonic_time () + self->interval_ms * G_TIME_SPAN_MILLISECOND;
      while (!self->stopping)
        {
          if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
            break;
        }
    }
  g_mutex_unlock (&self->mutex);
  g_clear_pointer (&modules, sd_pkcs11_modules_unref);
  return NULL;
}

static void
sd_token_monitor_dispose (GObject *object)
{
  SdTokenMonitor *self = SD_TOKEN_MONITOR (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->mutex);
      self->stopping = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->mutex);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  G_OBJECT_CLASS (sd_token_monitor_parent_class)->dispose (object);
}

static void
sd_token_monitor_finalize (GObject *object)
{
  SdTokenMonitor *self = SD_TOKEN_MONITOR (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->tokens, g_strfreev);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (sd_token_monitor_parent_class)->finalize (object);
}

static void
sd_token_monitor_class_init (SdTokenMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_token_monitor_dispose;
  object_class->finalize = sd_token_monitor_finalize;

  /**
   * SdTokenMonitor::changed:
   *
   * A token was inserted or removed (or a module added): list keys again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sd_token_monitor_init (SdTokenMonitor *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

SdTokenMonitor *
sd_token_monitor_new (const char *data_dir, guint interval_ms)
{
  SdTokenMonitor *self = g_object_new (SD_TYPE_TOKEN_MONITOR, NULL);

  self->data_dir = g_strdup (data_dir);
  self->interval_ms = interval_ms > 0 ? interval_ms : DEFAULT_INTERVAL_MS;
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_new ("sd-token-monitor", monitor_thread, self);
  return self;
}

char **
sd_token_monitor_dup_tokens (SdTokenMonitor *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SD_IS_TOKEN_MONITOR (self), NULL);
  locker = g_mutex_locker_new (&self->mutex);
  if (self->tokens == NULL)
    return g_new0 (char *, 1);
  return g_strdupv (self->tokens);
}
