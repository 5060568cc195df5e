/* sealdesk-verify-workers.c: the verification threads still running, for exiting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <openssl/crypto.h>

#include "sealdesk-verify-task.h"
#include "sealdesk-verify-workers.h"

/* How long exiting waits for workers still verifying. */
#define EXIT_WAIT_SECONDS 10

/* Workers started and not finished, with their cancellables, for
 * sealdesk_verify_task_stop_workers() and the exit handler. */
static GMutex workers_lock;
static GCond workers_done;
static guint n_workers;
static GPtrArray *worker_cancellables;

static void
wait_for_workers (void)
{
  gint64 end = g_get_monotonic_time () + EXIT_WAIT_SECONDS * G_TIME_SPAN_SECOND;

  g_mutex_lock (&workers_lock);
  for (guint i = 0; worker_cancellables != NULL && i < worker_cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (worker_cancellables, i));
  while (n_workers > 0 && g_cond_wait_until (&workers_done, &workers_lock, end))
    ;
  g_mutex_unlock (&workers_lock);
}

/**
 * sealdesk_verify_task_stop_workers:
 *
 * Cancels every verification still running and waits (up to 10 s) until
 * their threads are done. main() calls it once the application has
 * quit, before the process exits: a worker still inside qpdf when the
 * exit handlers run would find qpdf's own state destroyed under it
 * (qpdf registers some of it at first use, after our exit handler, so it
 * is destroyed before our handler could wait).
 */
void
sealdesk_verify_task_stop_workers (void)
{
  wait_for_workers ();
}

void
_sealdesk_verify_workers_started (GCancellable *cancellable)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Exit handlers run last registered first: OpenSSL's (if main() did
       * not already turn it off) must be there before ours. */
      OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);
      atexit (wait_for_workers);
      g_once_init_leave (&initialized, 1);
    }

  g_mutex_lock (&workers_lock);
  n_workers++;
  if (worker_cancellables == NULL)
    worker_cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (worker_cancellables, g_object_ref (cancellable));
  g_mutex_unlock (&workers_lock);
}

void
_sealdesk_verify_workers_finished (GCancellable *cancellable)
{
  g_mutex_lock (&workers_lock);
  g_ptr_array_remove (worker_cancellables, cancellable);
  if (--n_workers == 0)
    g_cond_broadcast (&workers_done);
  g_mutex_unlock (&workers_lock);
}
