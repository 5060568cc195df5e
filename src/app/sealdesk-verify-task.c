/* sealdesk-verify-task.c: verifies the signatures of a document off the main thread
 *
 * One task checks one file once. In a GTask thread it first reads the
 * signature fields (quick: it tells the window at once whether there are
 * signatures, and where their widgets are on the pages), then runs the
 * verifier of the core, which reports its progress. What the worker finds
 * reaches the main loop through idle callbacks; the task's properties
 * change only there, so widgets can follow them with notify::. Cancelling
 * (another document opens, the window closes) stops the work and silences
 * everything still on its way.
 *
 * Trust anchors come from the workspace's trust list when the task has a
 * workspace. A task can be followed before it is started: the window
 * makes it at once and starts it when the workspace is there (it opens at
 * startup), so that a document is verified once. sealdesk_verify_task_new_again() makes a task that checks
 * the same file again (the trust list changed): the task keeps the
 * document's password for that, wiped when it goes.
 *
 * A worker may still be inside OpenSSL when the application exits (it
 * quits during a verification): an exit handler waits a moment for the
 * workers before OpenSSL's own handler frees what they use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-pdf-document.h"
#include "sd-secret.h"
#include "sd-workspace.h"
#include "sealdesk-verify-task.h"
#include "sealdesk-verify-workers.h"
#include "sd-geometry.h"

struct _SealdeskVerifyTask
{
  GObject               parent_instance;

  GFile                *file;
  SdWorkspace          *workspace;
  char                 *password;
  GCancellable         *cancellable;
  GMainContext         *context;
  SealdeskVerifyStatus  status;
  int                   n_signatures;
  double                fraction;
  SdVerifyReport       *report;
  GArray               *locations;
  GError               *error;
  gboolean              started;

  /* Shared with the worker thread. */
  GMutex                mutex;
  double                pending_fraction;
  gboolean              progress_queued;
};

G_DEFINE_FINAL_TYPE (SealdeskVerifyTask, sealdesk_verify_task, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (SealdeskVerifyStatus, sealdesk_verify_status,
  G_DEFINE_ENUM_VALUE (SEALDESK_VERIFY_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (SEALDESK_VERIFY_STATUS_DONE, "done"),
  G_DEFINE_ENUM_VALUE (SEALDESK_VERIFY_STATUS_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATUS,
  PROP_N_SIGNATURES,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char        *path;
  char        *password;
  SdWorkspace *workspace;
} WorkData;

typedef struct
{
  SdVerifyReport *report;
  GArray         *locations;
} WorkResult;

typedef struct
{
  SealdeskVerifyTask *self;
  int                 n_signatures;
} Found;

/* Verifications started in this process (for tests: one per document
 * opened). */
static guint n_started;

static void
work_data_free (WorkData *data)
{
  g_free (data->path);
  sd_secret_free (data->password);
  g_clear_object (&data->workspace);
  g_free (data);
}

static void
work_result_free (WorkResult *result)
{
  g_clear_pointer (&result->report, sd_verify_report_unref);
  g_clear_pointer (&result->locations, g_array_unref);
  g_free (result);
}

static void
found_free (Found *found)
{
  g_object_unref (found->self);
  g_free (found);
}

/* Everything that arrives from the worker after a cancel is dropped. */
static gboolean
sealdesk_verify_task_is_live (SealdeskVerifyTask *self)
{
  return self->status == SEALDESK_VERIFY_STATUS_RUNNING &&
         !g_cancellable_is_cancelled (self->cancellable);
}

static gboolean
sealdesk_verify_task_found_idle (gpointer user_data)
{
  Found *found = user_data;
  SealdeskVerifyTask *self = found->self;

  if (sealdesk_verify_task_is_live (self) && self->n_signatures != found->n_signatures)
    {
      self->n_signatures = found->n_signatures;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SIGNATURES]);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
sealdesk_verify_task_progress_idle (gpointer user_data)
{
  SealdeskVerifyTask *self = user_data;
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->pending_fraction;
  self->progress_queued = FALSE;
  g_mutex_unlock (&self->mutex);

  if (sealdesk_verify_task_is_live (self) && fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  return G_SOURCE_REMOVE;
}

/* Called in the worker thread; at most one update waits for the main loop. */
static void
sealdesk_verify_task_progress (double   fraction,
                               gpointer user_data)
{
  SealdeskVerifyTask *self = user_data;
  gboolean queue;

  g_mutex_lock (&self->mutex);
  self->pending_fraction = CLAMP (fraction, 0.0, 1.0);
  queue = !self->progress_queued;
  self->progress_queued = TRUE;
  g_mutex_unlock (&self->mutex);

  if (queue)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT_IDLE,
                                sealdesk_verify_task_progress_idle,
                                g_object_ref (self), g_object_unref);
}

/* @rect (PDF default user space) in fractions of the page as shown (the
 * crop box turned clockwise by /Rotate), from its top-left corner. */
static void
location_set_area (SealdeskSignatureLocation *location,
                   const SdPdfPageInfo       *page,
                   const double               rect[4])
{
  SdRect visible;
  double width, height;

  sd_geometry_visible_size (page, &width, &height);
  sd_geometry_user_rect_to_visible (page, rect, &visible);
  /* Entirely outside the crop box: nothing of it is shown. */
  if (!(width > 0) || !(height > 0) || !sd_geometry_clip_to_page (page, &visible))
    return;

  location->has_area = TRUE;
  location->x = visible.x / width;
  location->y = 1.0 - (visible.y + visible.height) / height;
  location->width = visible.width / width;
  location->height = visible.height / height;
}

/* Field name -> SealdeskSignatureLocation, for every signature field. */
static GHashTable *
read_locations (SdPdfDocument *document)
{
  GHashTable *locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *fields = sd_pdf_document_get_signature_fields (document);

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const SdPdfSignatureField *field = g_ptr_array_index (fields, i);
      SealdeskSignatureLocation *location;
      SdPdfPageInfo page;

      if (field->name == NULL || g_hash_table_contains (locations, field->name))
        continue;

      location = g_new0 (SealdeskSignatureLocation, 1);
      location->page = -1;
      if (field->page > 0 && sd_pdf_document_get_page (document, field->page, &page, NULL))
        {
          location->page = field->page - 1;
          location_set_area (location, &page, field->rect);
        }
      g_hash_table_insert (locations, g_strdup (field->name), location);
    }

  return locations;
}

static void
sealdesk_verify_task_work (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  SealdeskVerifyTask *self = source_object;
  WorkData *data = task_data;
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GHashTable) locations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trust_list = NULL;
  SdVerifyOptions options = { 0 };
  WorkResult *result;

  if (data->workspace != NULL)
    {
      g_autoptr(GError) trust_error = NULL;

      /* Without it the signers are only untrusted: say why in the log. */
      trust_list = sd_workspace_get_trust_anchors (data->workspace, &trust_error);
      if (trust_list == NULL)
        g_warning ("The trust list cannot be read: %s", trust_error->message);
      options.trust_list = trust_list;
    }

  /* Whether there are signatures, and where: known before verifying. A
   * file that does not open here gets its error from the verifier. */
  if ((document = sd_pdf_document_open (data->path, data->password, NULL)))
    {
      Found *found = g_new0 (Found, 1);

      locations = read_locations (document);
      found->self = g_object_ref (self);
      found->n_signatures = sd_pdf_document_get_n_signatures (document);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                                  sealdesk_verify_task_found_idle,
                                  found, (GDestroyNotify) found_free);
      g_clear_object (&document);
    }

  result = g_new0 (WorkResult, 1);
  result->report = sd_verify_document (data->path, data->password, &options,
                                       sealdesk_verify_task_progress, self,
                                       cancellable, &error);
  if (result->report == NULL)
    {
      work_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result->locations = g_array_sized_new (FALSE, TRUE, sizeof (SealdeskSignatureLocation),
                                         result->report->signatures->len);
  for (guint i = 0; i < result->report->signatures->len; i++)
    {
      const SdVerifySignature *signature = g_ptr_array_index (result->report->signatures, i);
      const SealdeskSignatureLocation *found = NULL;
      SealdeskSignatureLocation location = { .page = -1 };

      if (locations != NULL && signature->field != NULL &&
          (found = g_hash_table_lookup (locations, signature->field)))
        location = *found;
      g_array_append_val (result->locations, location);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) work_result_free);
}

static void
sealdesk_verify_task_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  sealdesk_verify_task_work (task, source_object, task_data, cancellable);
  _sealdesk_verify_workers_finished (cancellable);
}

static void
sealdesk_verify_task_done (GObject      *source,
                           GAsyncResult *async_result,
                           gpointer      user_data)
{
  SealdeskVerifyTask *self = SEALDESK_VERIFY_TASK (source);
  g_autoptr(GError) error = NULL;
  WorkResult *result;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);

  if (!sealdesk_verify_task_is_live (self))
    {
      g_clear_pointer (&result, work_result_free);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (result != NULL)
    {
      self->report = g_steal_pointer (&result->report);
      self->locations = g_steal_pointer (&result->locations);
      work_result_free (result);
      self->status = SEALDESK_VERIFY_STATUS_DONE;
      if (self->n_signatures != (int) self->report->signatures->len)
        {
          self->n_signatures = self->report->signatures->len;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SIGNATURES]);
        }
    }
  else
    {
      self->error = g_steal_pointer (&error);
      self->status = SEALDESK_VERIFY_STATUS_FAILED;
    }

  if (self->fraction != 1.0)
    {
      self->fraction = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
sealdesk_verify_task_dispose (GObject *object)
{
  SealdeskVerifyTask *self = (SealdeskVerifyTask *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (sealdesk_verify_task_parent_class)->dispose (object);
}

static void
sealdesk_verify_task_finalize (GObject *object)
{
  SealdeskVerifyTask *self = (SealdeskVerifyTask *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->password, sd_secret_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->report, sd_verify_report_unref);
  g_clear_pointer (&self->locations, g_array_unref);
  g_clear_error (&self->error);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sealdesk_verify_task_parent_class)->finalize (object);
}

static void
sealdesk_verify_task_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SealdeskVerifyTask *self = SEALDESK_VERIFY_TASK (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_N_SIGNATURES:
      g_value_set_int (value, self->n_signatures);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_verify_task_class_init (SealdeskVerifyTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_verify_task_dispose;
  object_class->finalize = sealdesk_verify_task_finalize;
  object_class->get_property = sealdesk_verify_task_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SEALDESK_TYPE_VERIFY_STATUS,
                       SEALDESK_VERIFY_STATUS_RUNNING,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* -1 until known. */
  properties[PROP_N_SIGNATURES] =
    g_param_spec_int ("n-signatures", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_verify_task_init (SealdeskVerifyTask *self)
{
  g_mutex_init (&self->mutex);
  self->cancellable = g_cancellable_new ();
  self->n_signatures = -1;
}

SealdeskVerifyTask *
sealdesk_verify_task_new (GFile *file)
{
  SealdeskVerifyTask *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SEALDESK_TYPE_VERIFY_TASK, NULL);
  self->file = g_object_ref (file);

  return self;
}

/* Starts verifying, with the document's @password when not NULL (it is
 * copied, and wiped once the work is done). Only once per task. A file
 * that is not local fails: the verifier reads paths. */
void
sealdesk_verify_task_start (SealdeskVerifyTask *self,
                            const char         *password)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  WorkData *data;

  g_return_if_fail (SEALDESK_IS_VERIFY_TASK (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  g_atomic_int_inc (&n_started);
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, self->cancellable, sealdesk_verify_task_done, NULL);
  g_task_set_source_tag (task, sealdesk_verify_task_start);

  if (!(path = g_file_get_path (self->file)))
    {
      g_autofree char *uri = g_file_get_uri (self->file);

      g_task_return_new_error (task, SD_VERIFY_ERROR, SD_VERIFY_ERROR_IO,
                               _("The signatures of “%s” cannot be verified: "
                                 "only documents on this computer can be"), uri);
      return;
    }

  data = g_new0 (WorkData, 1);
  data->path = g_steal_pointer (&path);
  data->password = password ? sd_secret_dup (password) : NULL;
  data->workspace = self->workspace ? g_object_ref (self->workspace) : NULL;
  g_clear_pointer (&self->password, sd_secret_free);
  self->password = password ? sd_secret_dup (password) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) work_data_free);
  _sealdesk_verify_workers_started (g_task_get_cancellable (task));
  g_task_run_in_thread (task, sealdesk_verify_task_thread);
}

/* Whether sealdesk_verify_task_start() was called: a task can be made,
 * and followed, before it starts (its status is RUNNING meanwhile). */
gboolean
sealdesk_verify_task_get_started (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), FALSE);

  return self->started;
}

/* How many verifications this process started, for tests. */
guint
sealdesk_verify_task_count_started (void)
{
  return (guint) g_atomic_int_get (&n_started);
}

/* Trust the anchors of @workspace's trust list (NULL: none); before
 * sealdesk_verify_task_start(). */
void
sealdesk_verify_task_set_workspace (SealdeskVerifyTask *self,
                                    SdWorkspace        *workspace)
{
  g_return_if_fail (SEALDESK_IS_VERIFY_TASK (self));
  g_return_if_fail (!workspace || SD_IS_WORKSPACE (workspace));
  g_return_if_fail (!self->started);

  g_set_object (&self->workspace, workspace);
}

SdWorkspace *
sealdesk_verify_task_get_workspace (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);

  return self->workspace;
}

/* A new task, started, that verifies the file of @self again with the
 * same password, trusting the trust list of @workspace (NULL: the one of
 * @self) as it is now. */
SealdeskVerifyTask *
sealdesk_verify_task_new_again (SealdeskVerifyTask *self,
                                SdWorkspace        *workspace)
{
  SealdeskVerifyTask *again;

  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);
  g_return_val_if_fail (self->started, NULL);

  again = sealdesk_verify_task_new (self->file);
  sealdesk_verify_task_set_workspace (again, workspace ? workspace : self->workspace);
  sealdesk_verify_task_start (again, self->password);

  return again;
}

/* Stops the work; the task's properties do not change any more. */
void
sealdesk_verify_task_cancel (SealdeskVerifyTask *self)
{
  g_return_if_fail (SEALDESK_IS_VERIFY_TASK (self));

  g_cancellable_cancel (self->cancellable);
}

GFile *
sealdesk_verify_task_get_file (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);

  return self->file;
}

SealdeskVerifyStatus
sealdesk_verify_task_get_status (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), SEALDESK_VERIFY_STATUS_FAILED);

  return self->status;
}

/* The number of signatures, -1 while not known yet. */
int
sealdesk_verify_task_get_n_signatures (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), -1);

  return self->n_signatures;
}

double
sealdesk_verify_task_get_fraction (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), 0.0);

  return self->fraction;
}

/* The report once the status is DONE, else NULL. (transfer none) */
SdVerifyReport *
sealdesk_verify_task_get_report (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);

  return self->report;
}

/* Why verifying failed, once the status is FAILED, else NULL. */
const GError *
sealdesk_verify_task_get_error (SealdeskVerifyTask *self)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);

  return self->error;
}

/* Where the widget of the report's signature @index is, or NULL before
 * the report. */
const SealdeskSignatureLocation *
sealdesk_verify_task_get_location (SealdeskVerifyTask *self,
                                   guint               index)
{
  g_return_val_if_fail (SEALDESK_IS_VERIFY_TASK (self), NULL);

  if (self->locations == NULL || index >= self->locations->len)
    return NULL;

  return &g_array_index (self->locations, SealdeskSignatureLocation, index);
}
