/* sealdesk-render-queue.c: renders pages of one document on its own worker thread
 *
 * A PopplerDocument must not be used from two threads at once, so each
 * document gets one worker thread, as in Evince and Papers, and, when the
 * document can be opened again (sealdesk_render_queue_new_parallel()),
 * up to three more, each with its own PopplerDocument opened on its first
 * page, so that a scrolled view or the thumbnails use every core. Jobs
 * that run other code on the document (sealdesk_render_queue_run_async())
 * only ever run on the first worker, with the caller's document. Jobs wait in a
 * queue ordered by priority (visible pages first, then their neighbours,
 * then thumbnails) and by age. A job whose GCancellable was cancelled before
 * it starts is dropped without rendering. Results are GdkTextures delivered
 * as GTask results on the main context of the caller. With a guard
 * (sealdesk_render_queue_set_guard()), each page is first checked by it:
 * a page it refuses is never given to Poppler, its texture is the guard's
 * placeholder saying why. A page Poppler cannot read gets the same
 * placeholder, with its own sentence.
 *
 * The state shared with the worker is reference counted: disposing the
 * queue tells the worker to finish, without waiting for the page it may be
 * rendering at that moment. Before the process exits,
 * sealdesk_render_queue_stop_workers() tells every worker still running
 * to finish and waits for them: a worker tearing down its documents
 * (Poppler's, and qpdf's in the guard) while the exit handlers destroy
 * those libraries' static state would use freed memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/resource.h>

#include <glib/gi18n.h>

#include "sd-pdf-document.h"

#include "sealdesk-render-guard.h"
#include "sealdesk-render-queue.h"

#define RENDER_THREAD_NICENESS 5
#define MAX_WORKERS 4
/* How long exiting waits for workers still rendering. */
#define EXIT_WAIT_SECONDS 10

typedef struct
{
  guint     page;
  guint     rotation;
  int       width;
  int       height;
  int       priority;
  guint64   serial;
  GTask    *task;
  /* Not a render: sealdesk_render_queue_run_async() */
  SealdeskPopplerFunc func;
} RenderJob;

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  GCond            cond;
  GQueue           jobs;
  PopplerDocument *document;
  guint64          next_serial;
  guint            n_rendered;
  gboolean         quit;
  /* Opens another PopplerDocument of the same file, for workers 1… */
  SealdeskPopplerOpener open_clone;
  gpointer         opener_data;
  GDestroyNotify   opener_data_free;
  /* Pages whose images would decode to too much are not rendered */
  SealdeskRenderGuard *guard;
} QueueState;

typedef struct
{
  QueueState *state;
  guint       index;
} Worker;

struct _SealdeskRenderQueue
{
  GObject     parent_instance;

  QueueState *state;
};

G_DEFINE_FINAL_TYPE (SealdeskRenderQueue, sealdesk_render_queue, G_TYPE_OBJECT)

/* Every queue state still alive and the worker threads still running,
 * for sealdesk_render_queue_stop_workers(). Taken before a state's
 * mutex, never inside it. */
static GMutex workers_lock;
static GCond workers_done;
static guint n_running_workers;
static GPtrArray *live_states;

static gboolean
unref_task (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* On the worker thread. A job run for someone else's code
 * (sealdesk_render_queue_run_async()) may hold widgets in its task data:
 * the task is let go of on the thread that made it, so that whatever it
 * holds is freed there too. */
static void
render_job_free (RenderJob *job)
{
  if (job->func != NULL && job->task != NULL)
    {
      /* Not g_main_context_invoke(), which may run it here and now. */
      GMainContext *context = g_task_get_context (job->task);
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, unref_task, g_steal_pointer (&job->task), NULL);
      g_source_set_static_name (source, "[sealdesk] render queue task");
      g_source_attach (source, context);
      g_source_unref (source);
    }
  g_clear_object (&job->task);
  g_free (job);
}

static QueueState *
queue_state_ref (QueueState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
queue_state_unref (QueueState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_mutex_lock (&workers_lock);
  g_ptr_array_remove_fast (live_states, state);
  g_mutex_unlock (&workers_lock);

  g_assert (state->jobs.length == 0);
  g_clear_object (&state->document);
  g_clear_pointer (&state->guard, sealdesk_render_guard_unref);
  if (state->opener_data_free != NULL)
    g_clear_pointer (&state->opener_data, state->opener_data_free);
  g_mutex_clear (&state->mutex);
  g_cond_clear (&state->cond);
  g_free (state);
}

/* Called with the mutex held. The next job for worker @index: only the
 * first one runs functions. */
static RenderJob *
queue_state_pop (QueueState *state,
                 guint       index)
{
  GList *best = NULL;

  for (GList *l = state->jobs.head; l != NULL; l = l->next)
    {
      RenderJob *job = l->data;

      if (index > 0 && job->func != NULL)
        continue;
      if (best == NULL)
        best = l;
      else
        {
          RenderJob *best_job = best->data;

          if (job->priority < best_job->priority ||
              (job->priority == best_job->priority && job->serial < best_job->serial))
            best = l;
        }
    }

  if (best == NULL)
    return NULL;

  {
    RenderJob *job = best->data;

    g_queue_delete_link (&state->jobs, best);
    return job;
  }
}

static void
free_surface (gpointer data)
{
  cairo_surface_destroy (data);
}

static GdkTexture *
texture_for_surface (cairo_surface_t *surface,
                     int              width,
                     int              height)
{
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  /* CAIRO_FORMAT_ARGB32 is premultiplied BGRA in memory on little-endian
   * machines and ARGB on big-endian ones: GDK_MEMORY_DEFAULT either way. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      free_surface, surface);

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT,
                                 bytes, cairo_image_surface_get_stride (surface));
}

/* The guard's placeholder for a page it refused, in place of the page. */
static GdkTexture *
render_refusal (RenderJob   *job,
                const char  *message,
                GError     **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cairo_t *cr;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE, message);
      return NULL;
    }
  cr = cairo_create (surface);
  sealdesk_render_guard_draw_refusal (cr, job->width, job->height, message);
  cairo_destroy (cr);

  return texture_for_surface (surface, job->width, job->height);
}

static GdkTexture *
render_page (PopplerDocument *document,
             RenderJob       *job,
             GError         **error)
{
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_width, page_height;
  double rotated_width, rotated_height;

  if (job->page >= (guint) poppler_document_get_n_pages (document))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Page %u does not exist: the document has %d pages"),
                   job->page + 1, poppler_document_get_n_pages (document));
      return NULL;
    }
  /* A page of the document Poppler cannot read (a broken page object):
   * the same placeholder as a page the guard refused, saying why, in
   * place of a blank page; the other pages show as usual. */
  if (!(page = poppler_document_get_page (document, job->page)))
    /* TRANSLATORS: shown in place of a page of the document */
    return render_refusal (job, _("This page is damaged and cannot be shown."), error);

  poppler_page_get_size (page, &page_width, &page_height);
  if (job->rotation == 90 || job->rotation == 270)
    {
      rotated_width = page_height;
      rotated_height = page_width;
    }
  else
    {
      rotated_width = page_width;
      rotated_height = page_height;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to show page %u at this zoom level"),
                   job->page + 1);
      cairo_surface_destroy (surface);
      g_object_unref (page);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);

  cairo_scale (cr, job->width / rotated_width, job->height / rotated_height);
  switch (job->rotation)
    {
    case 90:
      cairo_translate (cr, page_height, 0);
      break;
    case 180:
      cairo_translate (cr, page_width, page_height);
      break;
    case 270:
      cairo_translate (cr, 0, page_width);
      break;
    default:
      break;
    }
  cairo_rotate (cr, job->rotation * G_PI / 180.0);

  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);

  return texture_for_surface (surface, job->width, job->height);
}

static gpointer
sealdesk_render_queue_worker (gpointer data)
{
  Worker *worker = data;
  QueueState *state = worker->state;
  guint index = worker->index;
  PopplerDocument *clone = NULL;
  PopplerDocument *document = index == 0 ? state->document : NULL;

  g_free (worker);

  /* Rendering yields to the user interface (and the display server) when
   * the processor is busy. On Linux the nice value is per thread. */
  (void) setpriority (PRIO_PROCESS, 0, RENDER_THREAD_NICENESS);

  for (;;)
    {
      RenderJob *job = NULL;
      GdkTexture *texture;
      GError *error = NULL;

      g_mutex_lock (&state->mutex);
      while (!state->quit && (job = queue_state_pop (state, index)) == NULL)
        g_cond_wait (&state->cond, &state->mutex);
      g_mutex_unlock (&state->mutex);

      if (job == NULL)
        break;

      if (document == NULL)
        {
          g_autoptr(GError) open_error = NULL;

          /* A further worker opens its own document on its first page; if
           * it cannot, the job goes back and this worker ends. */
          document = clone = state->open_clone (state->opener_data, &open_error);
          if (document == NULL)
            {
              g_debug ("render worker %u: %s", index, open_error->message);
              g_mutex_lock (&state->mutex);
              g_queue_push_head (&state->jobs, job);
              g_cond_broadcast (&state->cond);
              g_mutex_unlock (&state->mutex);
              break;
            }
        }

      if (g_task_return_error_if_cancelled (job->task))
        {
          render_job_free (job);
          continue;
        }

      if (job->func != NULL)
        {
          job->func (job->task, document, g_task_get_task_data (job->task),
                     g_task_get_cancellable (job->task));
          render_job_free (job);
          continue;
        }

      {
        g_autoptr(SealdeskRenderGuard) guard = NULL;
        g_autoptr(GError) refused = NULL;

        g_mutex_lock (&state->mutex);
        guard = state->guard != NULL ? sealdesk_render_guard_ref (state->guard) : NULL;
        g_mutex_unlock (&state->mutex);
        if (guard != NULL && !sealdesk_render_guard_check (guard, job->page, &refused))
          texture = render_refusal (job, refused->message, &error);
        else
          {
            texture = render_page (document, job, &error);
            /* Cut short by another program while it was drawn: Poppler
             * read zeros. The guard, asked again, tells. */
            if (guard != NULL && !sealdesk_render_guard_check (guard, job->page, &refused))
              {
                g_clear_object (&texture);
                g_clear_error (&error);
                texture = render_refusal (job, refused->message, &error);
              }
          }
      }
      if (texture != NULL)
        {
          g_atomic_int_inc (&state->n_rendered);
          g_task_return_pointer (job->task, texture, g_object_unref);
        }
      else
        g_task_return_error (job->task, error);

      render_job_free (job);
    }

  /* The queue was disposed: whatever is left is cancelled. */
  g_mutex_lock (&state->mutex);
  while (state->quit && state->jobs.length > 0)
    {
      RenderJob *job = g_queue_pop_head (&state->jobs);

      g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The document was closed"));
      render_job_free (job);
    }
  g_mutex_unlock (&state->mutex);

  g_clear_object (&clone);
  queue_state_unref (state);

  g_mutex_lock (&workers_lock);
  if (--n_running_workers == 0)
    g_cond_broadcast (&workers_done);
  g_mutex_unlock (&workers_lock);

  return NULL;
}

/* Tells @state's workers to finish: the jobs still waiting are cancelled. */
static void
queue_state_quit (QueueState *state)
{
  g_mutex_lock (&state->mutex);
  state->quit = TRUE;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->mutex);
}

/**
 * sealdesk_render_queue_stop_workers:
 *
 * Tells the workers of every queue to finish and waits (up to 10 s) until
 * their threads are done, documents freed. main() calls it once the
 * application has quit, before the process exits.
 */
void
sealdesk_render_queue_stop_workers (void)
{
  gint64 end = g_get_monotonic_time () + EXIT_WAIT_SECONDS * G_TIME_SPAN_SECOND;

  g_mutex_lock (&workers_lock);
  for (guint i = 0; live_states != NULL && i < live_states->len; i++)
    queue_state_quit (g_ptr_array_index (live_states, i));
  while (n_running_workers > 0 && g_cond_wait_until (&workers_done, &workers_lock, end))
    ;
  if (n_running_workers > 0)
    g_warning ("%u render threads still running at exit", n_running_workers);
  g_mutex_unlock (&workers_lock);
}

static void
sealdesk_render_queue_dispose (GObject *object)
{
  SealdeskRenderQueue *self = (SealdeskRenderQueue *)object;

  if (self->state != NULL)
    {
      queue_state_quit (self->state);
      g_clear_pointer (&self->state, queue_state_unref);
    }

  G_OBJECT_CLASS (sealdesk_render_queue_parent_class)->dispose (object);
}

static void
sealdesk_render_queue_class_init (SealdeskRenderQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_render_queue_dispose;
}

static void
sealdesk_render_queue_init (SealdeskRenderQueue *self)
{
}

static void
start_worker (QueueState *state,
              guint       index)
{
  Worker *worker = g_new0 (Worker, 1);
  GThread *thread;

  worker->state = queue_state_ref (state);
  worker->index = index;
  g_mutex_lock (&workers_lock);
  n_running_workers++;
  g_mutex_unlock (&workers_lock);
  thread = g_thread_new ("sealdesk-render", sealdesk_render_queue_worker, worker);
  g_thread_unref (thread);
}

/* How many workers a queue with clones gets: one per processor, at most
 * MAX_WORKERS; SEALDESK_RENDER_THREADS overrides it (1 turns it off). */
static guint
n_workers (void)
{
  const char *env = g_getenv ("SEALDESK_RENDER_THREADS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : g_get_num_processors ();

  return CLAMP (n, 1, MAX_WORKERS);
}

/* Takes a reference on @document; from now on only the queue's first
 * worker thread may use it. With @open_clone, further workers render with
 * documents it opens (on their own threads; @opener_data is freed with
 * the queue). */
SealdeskRenderQueue *
sealdesk_render_queue_new_parallel (PopplerDocument       *document,
                                    SealdeskPopplerOpener  open_clone,
                                    gpointer               opener_data,
                                    GDestroyNotify         opener_data_free)
{
  SealdeskRenderQueue *self;
  QueueState *state;
  guint n;

  g_return_val_if_fail (POPPLER_IS_DOCUMENT (document), NULL);

  state = g_new0 (QueueState, 1);
  g_atomic_ref_count_init (&state->ref_count);
  g_mutex_init (&state->mutex);
  g_cond_init (&state->cond);
  g_queue_init (&state->jobs);
  state->document = g_object_ref (document);
  state->open_clone = open_clone;
  state->opener_data = opener_data;
  state->opener_data_free = opener_data_free;
  g_mutex_lock (&workers_lock);
  if (live_states == NULL)
    live_states = g_ptr_array_new ();
  g_ptr_array_add (live_states, state);
  g_mutex_unlock (&workers_lock);

  self = g_object_new (SEALDESK_TYPE_RENDER_QUEUE, NULL);
  self->state = state;

  n = open_clone != NULL ? n_workers () : 1;
  for (guint i = 0; i < n; i++)
    start_worker (state, i);

  return self;
}

/* A queue with one worker, for a document that cannot be opened again. */
SealdeskRenderQueue *
sealdesk_render_queue_new (PopplerDocument *document)
{
  return sealdesk_render_queue_new_parallel (document, NULL, NULL, NULL);
}

/* Renders @page turned by @rotation degrees into a texture of exactly
 * @width x @height pixels. */
void
sealdesk_render_queue_render_async (SealdeskRenderQueue    *self,
                                    guint                   page,
                                    guint                   rotation,
                                    int                     width,
                                    int                     height,
                                    SealdeskRenderPriority  priority,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  g_return_if_fail (SEALDESK_IS_RENDER_QUEUE (self));
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (rotation % 90 == 0 && rotation < 360);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sealdesk_render_queue_render_async);
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);

  job = g_new0 (RenderJob, 1);
  job->page = page;
  job->rotation = rotation;
  job->width = width;
  job->height = height;
  job->priority = priority;
  job->task = g_steal_pointer (&task);

  g_mutex_lock (&self->state->mutex);
  job->serial = self->state->next_serial++;
  g_queue_push_tail (&self->state->jobs, job);
  g_cond_broadcast (&self->state->cond);
  g_mutex_unlock (&self->state->mutex);
}

GdkTexture *
sealdesk_render_queue_render_finish (SealdeskRenderQueue  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (SEALDESK_IS_RENDER_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* From now on, each page is rendered only when @guard lets it; a page it
 * refuses gets its placeholder. Call it before the first render. */
void
sealdesk_render_queue_set_guard (SealdeskRenderQueue *self,
                                 SealdeskRenderGuard *guard)
{
  g_return_if_fail (SEALDESK_IS_RENDER_QUEUE (self));

  g_mutex_lock (&self->state->mutex);
  g_clear_pointer (&self->state->guard, sealdesk_render_guard_unref);
  self->state->guard = guard != NULL ? sealdesk_render_guard_ref (guard) : NULL;
  g_mutex_unlock (&self->state->mutex);
}

/* How many pages the worker has rendered so far (for tests and
 * diagnostics). */
guint
sealdesk_render_queue_get_n_rendered (SealdeskRenderQueue *self)
{
  g_return_val_if_fail (SEALDESK_IS_RENDER_QUEUE (self), 0);

  return (guint) g_atomic_int_get (&self->state->n_rendered);
}

/* Runs @func on the worker thread, the only one that may use the
 * PopplerDocument, in turn with the renders of @priority. @task_data is
 * freed with the task, on whichever thread drops it last. */
void
sealdesk_render_queue_run_async (SealdeskRenderQueue    *self,
                                 SealdeskRenderPriority  priority,
                                 SealdeskPopplerFunc     func,
                                 gpointer                task_data,
                                 GDestroyNotify          task_data_free,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  g_return_if_fail (SEALDESK_IS_RENDER_QUEUE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sealdesk_render_queue_run_async);
  g_task_set_task_data (task, task_data, task_data_free);

  job = g_new0 (RenderJob, 1);
  job->priority = priority;
  job->func = func;
  job->task = g_steal_pointer (&task);

  g_mutex_lock (&self->state->mutex);
  job->serial = self->state->next_serial++;
  g_queue_push_tail (&self->state->jobs, job);
  g_cond_broadcast (&self->state->cond);
  g_mutex_unlock (&self->state->mutex);
}

gpointer
sealdesk_render_queue_run_finish (SealdeskRenderQueue  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (SEALDESK_IS_RENDER_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
