/* sealdesk-sign-task.c: unlocks a key and signs documents off the main thread
 *
 * First the document's certification is checked (sd_sign_check_permitted:
 * a refusal comes before any PIN). Unlocking may ask for a PIN
 * (SealdeskPinDialog, from the worker thread)
 * and talk to a token; signing reads the whole document: both run in a
 * GTask thread, once for a batch of documents (one login). Progress and
 * each document's result go back to the main thread through idle
 * callbacks, progress at most one per percent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-pin-dialog.h"
#include "sealdesk-placement.h"
#include "sealdesk-sign-task.h"
#include "sealdesk-trusted-time.h"

typedef struct
{
  char   *in_path;
  char   *out_path;
  GArray *seals;                        /* SdSealUse, strings owned */
  char   *void_reason;                  /* voids the document instead (sd-sealing.h) */
} SignItem;

struct _SealdeskSignBatch
{
  GPtrArray *items;                     /* SignItem */
};

static void
seal_use_clear (gpointer data)
{
  SdSealUse *use = data;

  g_free ((char *) use->seal_id);
  g_free ((char *) use->field);
}

static GArray *
seal_uses_new (guint n)
{
  GArray *seals = g_array_sized_new (FALSE, FALSE, sizeof (SdSealUse), n);

  g_array_set_clear_func (seals, seal_use_clear);
  return seals;
}

static void
sign_item_free (gpointer data)
{
  SignItem *item = data;

  g_free (item->in_path);
  g_free (item->out_path);
  g_free (item->void_reason);
  g_array_unref (item->seals);
  g_free (item);
}

SealdeskSignBatch *
sealdesk_sign_batch_new (void)
{
  SealdeskSignBatch *batch = g_new0 (SealdeskSignBatch, 1);

  batch->items = g_ptr_array_new_with_free_func (sign_item_free);
  return batch;
}

void
sealdesk_sign_batch_add (SealdeskSignBatch *batch,
                         const char        *in_path,
                         const char        *out_path,
                         const SdSealUse   *seals,
                         guint              n_seals)
{
  SignItem *item;

  g_return_if_fail (batch != NULL);
  g_return_if_fail (in_path != NULL && out_path != NULL);
  g_return_if_fail (n_seals == 0 || seals != NULL);

  item = g_new0 (SignItem, 1);
  item->in_path = g_strdup (in_path);
  item->out_path = g_strdup (out_path);
  item->seals = seal_uses_new (n_seals);
  for (guint i = 0; i < n_seals; i++)
    {
      SdSealUse use = seals[i];

      use.seal_id = g_strdup (seals[i].seal_id);
      use.field = g_strdup (seals[i].field);
      g_array_append_val (item->seals, use);
    }
  g_ptr_array_add (batch->items, item);
}

GArray *
sealdesk_sign_seal_uses (GListModel *placements)
{
  guint n = placements != NULL ? g_list_model_get_n_items (placements) : 0;
  GArray *seals = seal_uses_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SealdeskPlacement) placement = g_list_model_get_item (placements, i);
      SdSealUse use = { 0 };

      use.seal_id = g_strdup (sealdesk_placement_get_seal_id (placement));
      use.field = g_strdup (sealdesk_placement_get_field (placement));
      use.page = (int) sealdesk_placement_get_page (placement) + 1;
      sealdesk_placement_get_rect (placement, &use.x, &use.y, &use.width, &use.height);
      g_array_append_val (seals, use);
    }
  return seals;
}

void
sealdesk_sign_batch_add_void (SealdeskSignBatch *batch,
                              const char        *in_path,
                              const char        *out_path,
                              const char        *reason)
{
  SignItem *item;

  g_return_if_fail (reason != NULL);

  sealdesk_sign_batch_add (batch, in_path, out_path, NULL, 0);
  item = g_ptr_array_index (batch->items, batch->items->len - 1);
  item->void_reason = g_strdup (reason);
}

guint
sealdesk_sign_batch_get_n_documents (SealdeskSignBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);

  return batch->items->len;
}

void
sealdesk_sign_batch_free (SealdeskSignBatch *batch)
{
  if (batch == NULL)
    return;
  g_ptr_array_unref (batch->items);
  g_free (batch);
}

typedef struct
{
  GtkWindow                 *window;        /* PIN dialog parent, progress target */
  SdWorkspace               *workspace;
  SealdeskSignBatch         *batch;
  SdKey                     *key;
  SdSignOptions              opts;
  SealdeskSignBatchProgress  progress;
  SealdeskSignBatchDone      done;
  /* A batch of one (sealdesk_sign_task_run()) */
  SealdeskSignProgress       single_progress;
  /* Worker thread only */
  guint                      index;         /* the document under way */
  double                     last_fraction;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->workspace);
  g_clear_pointer (&job->batch, sealdesk_sign_batch_free);
  g_clear_object (&job->key);
  sd_sign_options_clear (&job->opts);
  g_free (job);
}

/* What the worker thread tells the main thread, in order: a progress
 * update (@error unused) or a document done. */
typedef struct
{
  SignJob  *job;       /* alive: the task holds it until its callback */
  GTask    *task;
  guint     index;
  double    fraction;
  gboolean  is_done;
  GError   *error;
} Report;

static gboolean
report_idle (gpointer data)
{
  Report  *report = data;
  SignJob *job = report->job;

  if (report->is_done && job->done != NULL)
    job->done (job->window, report->index, report->error);
  else if (!report->is_done && job->progress != NULL)
    job->progress (job->window, report->index, report->fraction);
  else if (!report->is_done && job->single_progress != NULL)
    job->single_progress (job->window, report->fraction);
  g_clear_error (&report->error);
  g_object_unref (report->task);
  g_free (report);
  return G_SOURCE_REMOVE;
}

/* From the worker thread; at the task's priority, so that every report
 * reaches the main thread before the task's own callback. */
static void
send_report (GTask        *task,
             guint         index,
             double        fraction,
             gboolean      is_done,
             const GError *error)
{
  Report *report = g_new0 (Report, 1);

  report->job = g_task_get_task_data (task);
  report->task = g_object_ref (task);
  report->index = index;
  report->fraction = fraction;
  report->is_done = is_done;
  report->error = error != NULL ? g_error_copy (error) : NULL;
  g_idle_add_full (G_PRIORITY_DEFAULT, report_idle, report, NULL);
}

typedef struct
{
  GTask   *task;
  SignJob *job;
} ProgressData;

/* Called in the worker thread; at most once a percent. */
static void
sign_progress (double fraction, gpointer data)
{
  ProgressData *progress = data;
  SignJob      *job = progress->job;

  if ((job->progress == NULL && job->single_progress == NULL) ||
      (fraction < job->last_fraction + 0.01 && fraction < 1.0))
    return;
  job->last_fraction = fraction;
  send_report (progress->task, job->index, fraction, FALSE, NULL);
}

static gboolean
sign_item (SignJob      *job,
           SignItem     *item,
           ProgressData *progress,
           GCancellable *cancellable,
           GError      **error)
{
  g_auto (SdSignResult) result = { 0 };

  if (item->void_reason != NULL)
    {
      if (!sd_sealing_void_document (job->workspace, item->in_path, item->out_path, job->key,
                                     &job->opts, item->void_reason, &result, sign_progress,
                                     progress, cancellable, error))
        return FALSE;
    }
  /* With seals, page marks or neither: the one sealing operation, so that
   * the signature is in the ledger (a key-use entry) and a QR code gets
   * its payload. */
  else if (!sd_sealing_seal_document (job->workspace, item->in_path, item->out_path, job->key,
                                      &job->opts, (SdSealUse *) item->seals->data, item->seals->len,
                                      NULL, &result, sign_progress, progress, cancellable, error))
    return FALSE;
  /* No timestamp authority answered: queued by the sealing, and said. */
  sealdesk_trusted_time_signed (job->workspace, job->window, item->out_path, &result);
  return TRUE;
}

static void
sign_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SignJob     *job = task_data;
  GPtrArray   *items = job->batch->items;
  ProgressData progress = { task, job };
  GError      *error = NULL;
  GError      *first_error = NULL;
  GError      *cancel_error = NULL;
  guint        n_permitted = 0;

  /* What the documents' certifications forbid is said before the PIN is
   * asked for: when no document may be signed, no PIN at all (the signer
   * refuses the others again in the loop). Seals of several keys become
   * several signatures: counted together, the check is the strict one. */
  for (guint i = 0; i < items->len; i++)
    {
      SignItem *item = g_ptr_array_index (items, i);
      guint n = item->seals->len > 0 ? item->seals->len
                : job->opts.placements != NULL ? job->opts.placements->len : 0;

      if (sd_sign_check_permitted (item->in_path, n, first_error == NULL ? &first_error : NULL))
        n_permitted++;
    }
  if (n_permitted == 0 && first_error != NULL)
    {
      g_task_return_error (task, first_error);
      return;
    }
  g_clear_error (&first_error);

  if (!sealdesk_trusted_time_prepare (&job->opts, job->workspace, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* One unlock for the batch; the PIN goes from the dialog to the
   * backend, which wipes it. */
  if (!sd_key_unlock (job->key, sealdesk_pin_dialog_ask, job->window, cancellable, &error))
    {
      sd_key_lock (job->key);
      g_task_return_error (task, error);
      return;
    }

  for (job->index = 0; job->index < items->len; job->index++)
    {
      SignItem *item = g_ptr_array_index (items, job->index);

      job->last_fraction = 0;
      if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
        sign_item (job, item, &progress, cancellable, &error);
      send_report (task, job->index, 1.0, TRUE, error);
      if (sealdesk_sign_error_is_cancelled (error) && cancel_error == NULL)
        cancel_error = g_steal_pointer (&error);
      else if (error != NULL && first_error == NULL)
        first_error = g_steal_pointer (&error);
      g_clear_error (&error);
    }
  sd_key_lock (job->key);

  /* A cancel that stopped a document says so, whatever was signed before
   * it; one that came once the last document was done stopped nothing
   * (that document is signed, and in the ledger). */
  if (cancel_error != NULL)
    {
      g_clear_error (&first_error);
      g_task_return_error (task, cancel_error);
    }
  else if (first_error != NULL)
    g_task_return_error (task, first_error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_job (GtkWindow           *window,
         SdWorkspace         *workspace,
         SignJob             *job,
         SealdeskSignBatch   *batch,
         SdKey               *key,
         SdSignOptions       *opts,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  job->window = g_object_ref (window);
  job->workspace = g_object_ref (workspace);
  job->batch = batch;
  job->key = g_object_ref (key);
  job->opts = *opts;
  sd_sign_options_init (opts);
  /* The level and timestamp authorities of Preferences. */
  sealdesk_trusted_time_configure (&job->opts, workspace);

  task = g_task_new (window, cancellable, callback, user_data);
  g_task_set_source_tag (task, sealdesk_sign_task_run_batch);
  g_task_set_task_data (task, job, (GDestroyNotify) sign_job_free);
  g_task_run_in_thread (task, sign_thread);
}

void
sealdesk_sign_task_run_batch (GtkWindow                 *window,
                              SdWorkspace               *workspace,
                              SealdeskSignBatch         *batch,
                              SdKey                     *key,
                              SdSignOptions             *opts,
                              SealdeskSignBatchProgress  progress,
                              SealdeskSignBatchDone      done,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  SignJob *job;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (SD_IS_WORKSPACE (workspace));
  g_return_if_fail (batch != NULL);
  g_return_if_fail (SD_IS_KEY (key));

  job = g_new0 (SignJob, 1);
  job->progress = progress;
  job->done = done;
  run_job (window, workspace, job, batch, key, opts, cancellable, callback, user_data);
}

void
sealdesk_sign_task_run (GtkWindow            *window,
                        SdWorkspace          *workspace,
                        const char           *in_path,
                        const char           *out_path,
                        SdKey                *key,
                        SdSignOptions        *opts,
                        const SdSealUse      *seals,
                        guint                 n_seals,
                        SealdeskSignProgress  progress,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  SealdeskSignBatch *batch;
  SignJob *job;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (SD_IS_WORKSPACE (workspace));
  g_return_if_fail (SD_IS_KEY (key));

  batch = sealdesk_sign_batch_new ();
  sealdesk_sign_batch_add (batch, in_path, out_path, seals, n_seals);
  job = g_new0 (SignJob, 1);
  job->single_progress = progress;
  run_job (window, workspace, job, batch, key, opts, cancellable, callback, user_data);
}

gboolean
sealdesk_sign_task_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sealdesk_sign_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, SD_KEY_ERROR, SD_KEY_ERROR_CANCELLED);
}

/* The core's messages say what is wrong; this adds what it stopped. */
char *
sealdesk_sign_error_describe (const GError *error)
{
  if (error->domain == SD_KEY_ERROR)
    switch (error->code)
      {
      case SD_KEY_ERROR_BAD_PIN:
        /* TRANSLATORS: %s: e.g. "Wrong PIN. Only one try is left before the token locks." */
        return g_strdup_printf (_ ("The key could not be unlocked. %s"), error->message);
      case SD_KEY_ERROR_PIN_LOCKED:
      case SD_KEY_ERROR_NO_TOKEN:
        return g_strdup (error->message);
      case SD_KEY_ERROR_CERTIFICATE:
        return g_strdup_printf (_ ("This key cannot sign: %s"), error->message);
      default:
        return g_strdup_printf (_ ("The key could not be used: %s"), error->message);
      }
  if (error->domain == SD_SIGN_ERROR)
    switch (error->code)
      {
      case SD_SIGN_ERROR_CERTIFICATE:
        return g_strdup_printf (_ ("This key cannot sign: %s"), error->message);
      case SD_SIGN_ERROR_UNSUPPORTED:
        return g_strdup_printf (_ ("This document cannot be signed: %s"), error->message);
      case SD_SIGN_ERROR_DAMAGED:
        /* TRANSLATORS: %s says what is damaged; a button "Sign a Repaired Copy" follows */
        return g_strdup_printf (_ ("This document cannot be signed as it is: %s"), error->message);
      default:
        break;
      }
  return g_strdup_printf (_ ("The document was not signed: %s"), error->message);
}
