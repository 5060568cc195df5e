/* sealdesk-find-bar-search.c: the find bar's search, a page at a time
 *
 * The search starts at the page being read and goes round the document,
 * one page at a time on the document's worker thread (Poppler's
 * poppler_page_find_text_with_options()), after the visible pages'
 * renders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poppler.h>

#include "sealdesk-find-bar-private.h"

typedef struct
{
  SealdeskFindBar *bar;
  guint            page;
  char            *text;
  PopplerFindFlags flags;
} FindJob;

static void sealdesk_find_bar_search_page (SealdeskFindBar *self,
                                           guint            page);

/* Pages not searched yet, or without a match, have NULL. */
static void
page_matches_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static void
find_job_free (gpointer data)
{
  FindJob *job = data;

  g_clear_object (&job->bar);
  g_free (job->text);
  g_free (job);
}

static void
find_thread (GTask           *task,
             PopplerDocument *document,
             gpointer         task_data,
             GCancellable    *cancellable)
{
  FindJob *job = task_data;
  PopplerPage *page = poppler_document_get_page (document, job->page);
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  GList *matches;
  double height = 0;

  if (page == NULL)
    {
      g_task_return_pointer (task, rects, (GDestroyNotify) g_array_unref);
      return;
    }

  poppler_page_get_size (page, NULL, &height);
  matches = poppler_page_find_text_with_options (page, job->text, job->flags);
  for (GList *l = matches; l != NULL; l = l->next)
    {
      PopplerRectangle *match = l->data;
      graphene_rect_t rect;

      /* Poppler gives them with the origin at the bottom left. */
      graphene_rect_init (&rect, MIN (match->x1, match->x2), height - MAX (match->y1, match->y2),
                          ABS (match->x2 - match->x1), ABS (match->y2 - match->y1));
      g_array_append_val (rects, rect);
    }
  g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
  g_object_unref (page);

  g_task_return_pointer (task, rects, (GDestroyNotify) g_array_unref);
}

void
_sealdesk_find_bar_reset (SealdeskFindBar *self)
{
  gboolean searching = self->cancellable != NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  self->n_matches = 0;
  self->n_searched = 0;
  self->current_page = self->current_index = -1;
  if (self->page_view != NULL)
    sealdesk_page_view_set_find_matches (self->page_view, NULL);
  _sealdesk_find_bar_update (self);
  if (searching)
    _sealdesk_find_bar_notify_searching (self);
}

static void
sealdesk_find_bar_page_done (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  FindJob *job = g_task_get_task_data (G_TASK (result));
  SealdeskFindBar *self = job->bar;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GError) error = NULL;
  guint total;

  rects = sealdesk_render_queue_run_finish (SEALDESK_RENDER_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  total = _sealdesk_find_bar_n_pages (self);
  if (rects != NULL && rects->len > 0)
    {
      self->n_matches += rects->len;
      g_ptr_array_index (self->matches, job->page) = g_steal_pointer (&rects);
      sealdesk_page_view_set_find_matches (self->page_view, self->matches);
      /* The first one found is the nearest one after the page being read. */
      if (self->current_page < 0)
        _sealdesk_find_bar_set_current (self, job->page, 0);
    }
  else if (error != NULL)
    g_debug ("Page %u could not be searched: %s", job->page + 1, error->message);

  if (++self->n_searched < total)
    sealdesk_find_bar_search_page (self, (job->page + 1) % total);
  else
    {
      g_clear_object (&self->cancellable);
      _sealdesk_find_bar_notify_searching (self);
    }

  _sealdesk_find_bar_update (self);
}

static void
sealdesk_find_bar_search_page (SealdeskFindBar *self,
                               guint            page)
{
  FindJob *job = g_new0 (FindJob, 1);

  job->bar = g_object_ref (self);
  job->page = page;
  job->text = g_strdup (self->text);
  job->flags = POPPLER_FIND_DEFAULT;
  if (self->case_sensitive)
    job->flags |= POPPLER_FIND_CASE_SENSITIVE;
  if (self->whole_words)
    job->flags |= POPPLER_FIND_WHOLE_WORDS_ONLY;

  /* After the visible pages' renders, so the view never waits for it. */
  sealdesk_render_queue_run_async (sealdesk_document_get_render_queue (self->document),
                                   SEALDESK_RENDER_PRIORITY_NEARBY,
                                   find_thread, job, find_job_free,
                                   self->cancellable, sealdesk_find_bar_page_done, NULL);
}

/* Starts again with the entry's text (and the options). */
void
_sealdesk_find_bar_restart (SealdeskFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint total = _sealdesk_find_bar_n_pages (self);

  _sealdesk_find_bar_reset (self);

  if (text[0] == '\0' || total == 0 || !gtk_search_bar_get_search_mode (self->search_bar))
    return;

  self->text = g_strdup (text);
  self->matches = g_ptr_array_new_full (total, page_matches_free);
  g_ptr_array_set_size (self->matches, total);
  self->cancellable = g_cancellable_new ();
  self->start_page = self->model ? (guint) MAX (sealdesk_document_model_get_page (self->model), 0) : 0;
  self->start_page = MIN (self->start_page, total - 1);
  sealdesk_page_view_set_find_matches (self->page_view, self->matches);
  _sealdesk_find_bar_notify_searching (self);
  _sealdesk_find_bar_update (self);
  sealdesk_find_bar_search_page (self, self->start_page);
}

