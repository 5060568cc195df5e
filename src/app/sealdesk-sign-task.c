/* sealdesk-sign-task.c: unlocks a key and signs a document off the main thread
 *
 * First the document's certification is checked (sd_sign_check_permitted:
 * a refusal comes before any PIN). Unlocking may ask for a PIN
 * (SealdeskPinDialog, from the worker thread)
 * and talk to a token; signing reads the whole document: both run in a
 * GTask thread. Progress goes back to the main thread through idle
 * callbacks, at most one per percent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-task.h"

typedef struct
{
  GtkWindow            *window;        /* PIN dialog parent, progress target */
  char                 *in_path;
  char                 *out_path;
  SdKey                *key;
  SdSignOptions         opts;
  SealdeskSignProgress  progress;
  double                last_fraction; /* worker thread only */
  SdWorkspace          *workspace;     /* with seals */
  GArray               *seals;         /* SdSealUse, strings owned */
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_clear_object (&job->window);
  g_free (job->in_path);
  g_free (job->out_path);
  g_clear_object (&job->key);
  sd_sign_options_clear (&job->opts);
  g_clear_object (&job->workspace);
  if (job->seals != NULL)
    {
      for (guint i = 0; i < job->seals->len; i++)
        {
          SdSealUse *use = &g_array_index (job->seals, SdSealUse, i);

          g_free ((char *) use->seal_id);
          g_free ((char *) use->field);
        }
      g_array_unref (job->seals);
    }
  g_free (job);
}

typedef struct
{
  GtkWindow            *window;
  SealdeskSignProgress  progress;
  double                fraction;
} ProgressUpdate;

static gboolean
progress_idle (gpointer data)
{
  ProgressUpdate *update = data;

  update->progress (update->window, update->fraction);
  g_object_unref (update->window);
  g_free (update);
  return G_SOURCE_REMOVE;
}

/* Called in the worker thread. */
static void
sign_progress (double fraction, gpointer data)
{
  SignJob        *job = data;
  ProgressUpdate *update;

  if (job->progress == NULL || (fraction < job->last_fraction + 0.01 && fraction < 1.0))
    return;
  job->last_fraction = fraction;
  update = g_new (ProgressUpdate, 1);
  update->window = g_object_ref (job->window);
  update->progress = job->progress;
  update->fraction = fraction;
  g_idle_add (progress_idle, update);
}

static void
sign_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SignJob *job = task_data;
  GError  *error = NULL;
  gboolean ok;

  /* What the document's certification forbids is said before the PIN is
   * asked for. (Seals of several keys become several signatures: counted
   * together, the check is the strict one.) */
  ok = sd_sign_check_permitted (job->in_path,
                                job->seals != NULL ? job->seals->len
                                : job->opts.placements != NULL ? job->opts.placements->len : 0,
                                &error);
  /* The PIN goes from the dialog to the backend, which wipes it. */
  ok = ok && sd_key_unlock (job->key, sealdesk_pin_dialog_ask, job->window, cancellable, &error);
  if (ok && job->seals != NULL)
    ok = sd_sealing_seal_document (job->workspace, job->in_path, job->out_path, job->key, &job->opts,
                                   (SdSealUse *) job->seals->data, job->seals->len, NULL, NULL,
                                   sign_progress, job, cancellable, &error);
  else if (ok)
    ok = sd_sign_document (job->in_path, job->out_path, job->key, &job->opts, sign_progress, job,
                           cancellable, &error);
  sd_key_lock (job->key);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_job (GtkWindow            *window,
         SignJob              *job,
         const char           *in_path,
         const char           *out_path,
         SdKey                *key,
         SdSignOptions        *opts,
         SealdeskSignProgress  progress,
         GCancellable         *cancellable,
         GAsyncReadyCallback   callback,
         gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;

  job->window = g_object_ref (window);
  job->in_path = g_strdup (in_path);
  job->out_path = g_strdup (out_path);
  job->key = g_object_ref (key);
  job->opts = *opts;
  sd_sign_options_init (opts);
  job->progress = progress;

  task = g_task_new (window, cancellable, callback, user_data);
  g_task_set_source_tag (task, sealdesk_sign_task_run);
  g_task_set_task_data (task, job, (GDestroyNotify) sign_job_free);
  g_task_run_in_thread (task, sign_thread);
}

void
sealdesk_sign_task_run (GtkWindow            *window,
                        const char           *in_path,
                        const char           *out_path,
                        SdKey                *key,
                        SdSignOptions        *opts,
                        SealdeskSignProgress  progress,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (SD_IS_KEY (key));

  run_job (window, g_new0 (SignJob, 1), in_path, out_path, key, opts, progress, cancellable,
           callback, user_data);
}

void
sealdesk_sign_task_run_seals (GtkWindow            *window,
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
  SignJob *job;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (SD_IS_WORKSPACE (workspace));
  g_return_if_fail (SD_IS_KEY (key));

  job = g_new0 (SignJob, 1);
  job->workspace = g_object_ref (workspace);
  job->seals = g_array_sized_new (FALSE, FALSE, sizeof (SdSealUse), n_seals);
  for (guint i = 0; i < n_seals; i++)
    {
      SdSealUse use = seals[i];

      use.seal_id = g_strdup (seals[i].seal_id);
      use.field = g_strdup (seals[i].field);
      g_array_append_val (job->seals, use);
    }
  run_job (window, job, in_path, out_path, key, opts, progress, cancellable, callback, user_data);
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
