/* sealdesk-page-view-render.c: which pages the page view asks to be rendered
 *
 * After every scroll, zoom or resize the view works out which pages are
 * visible, makes the one filling most of the view the model's current page,
 * asks the render queue for the visible pages (and, at a lower priority,
 * one page on each side), and cancels what it asked for pages that are now
 * far away. Textures are sized for the widget's scale factor, so pages are
 * sharp on HiDPI screens, up to a limit beyond which they are scaled up
 * rather than taking more memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-view-private.h"

/* About 36 MiB: a page's texture never takes more, nor more than a quarter
 * of the page cache's budget. */
#define MAX_TEXTURE_PIXELS (3072 * 3072)
/* Longest side of a page texture: cairo makes no image over 32,767 pixels
 * a side and GPUs upload textures up to 16,384; a long, narrow page (a
 * receipt, a banner) zoomed in is drawn at less than full resolution along
 * its length rather than not at all. */
#define MAX_TEXTURE_SIDE 16384

typedef struct
{
  SealdeskPageView *view;
  GCancellable     *cancellable;
  guint             page;
  guint             rotation;
  int               width;
  int               priority;
} PageJob;

static void
page_job_clear (gpointer data)
{
  PageJob *job = data;

  g_clear_object (&job->cancellable);
}

static void
page_job_release (PageJob *job)
{
  g_rc_box_release_full (job, page_job_clear);
}

/* Dropping a job from the table cancels it. */
static void
page_job_cancel (gpointer data)
{
  PageJob *job = data;

  g_cancellable_cancel (job->cancellable);
  page_job_release (job);
}

GHashTable *
_sealdesk_page_view_jobs_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, page_job_cancel);
}

void
_sealdesk_page_view_cancel_jobs (SealdeskPageView *self)
{
  if (self->jobs != NULL)
    g_hash_table_remove_all (self->jobs);
}

/* The size in device pixels of the texture for a page shown in @rect. */
void
_sealdesk_page_view_texture_size (SealdeskPageView   *self,
                                  const GdkRectangle *rect,
                                  int                *width,
                                  int                *height)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double pixels = (double) rect->width * rect->height * scale_factor * scale_factor;
  double max_pixels = MAX_TEXTURE_PIXELS;

  if (self->document != NULL)
    {
      gsize budget = sealdesk_page_cache_get_budget (sealdesk_document_get_page_cache (self->document));

      max_pixels = MIN (max_pixels, budget / 4.0 / 4.0);
    }

  *width = rect->width * scale_factor;
  *height = rect->height * scale_factor;

  if (pixels > max_pixels)
    {
      double factor = sqrt (max_pixels / pixels);

      *width = MAX (1, (int) floor (*width * factor));
      *height = MAX (1, (int) floor (*height * factor));
    }
  if (*width > MAX_TEXTURE_SIDE || *height > MAX_TEXTURE_SIDE)
    {
      double factor = (double) MAX_TEXTURE_SIDE / MAX (*width, *height);

      *width = CLAMP ((int) floor (*width * factor), 1, MAX_TEXTURE_SIDE);
      *height = CLAMP ((int) floor (*height * factor), 1, MAX_TEXTURE_SIDE);
    }
}

static void
sealdesk_page_view_render_done (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  PageJob *job = user_data;
  SealdeskPageView *self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = sealdesk_render_queue_render_finish (SEALDESK_RENDER_QUEUE (source), result, &error);

  /* Cancelled: the view may be gone, touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      page_job_release (job);
      return;
    }

  self = job->view;
  if (g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (job->page)) == job)
    g_hash_table_remove (self->jobs, GUINT_TO_POINTER (job->page));

  if (texture == NULL)
    {
      /* Said in place of the page (sealdesk-page-view.c draws it) until a
       * later render of the page succeeds. */
      g_debug ("Page %u was not rendered: %s", job->page + 1, error->message);
      g_hash_table_replace (self->failures, GUINT_TO_POINTER (job->page), g_strdup (error->message));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->document != NULL)
    {
      g_hash_table_remove (self->failures, GUINT_TO_POINTER (job->page));
      sealdesk_page_cache_insert (sealdesk_document_get_page_cache (self->document),
                                  job->page, job->rotation, texture);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      _sealdesk_page_view_emit_page_rendered (self, job->page);
    }

  page_job_release (job);
}

static void
sealdesk_page_view_request (SealdeskPageView       *self,
                            guint                   page,
                            SealdeskRenderPriority  priority)
{
  guint rotation = sealdesk_document_model_get_rotation (self->model);
  SealdeskPageCache *cache = sealdesk_document_get_page_cache (self->document);
  PageJob *job;
  GdkRectangle rect;
  int width, height;

  sealdesk_page_layout_get_page_rect (self->layout, page,
                                      gtk_widget_get_width (GTK_WIDGET (self)), &rect);
  _sealdesk_page_view_texture_size (self, &rect, &width, &height);

  job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (page));

  if (sealdesk_page_cache_lookup (cache, page, rotation, width) != NULL)
    {
      if (job != NULL)
        g_hash_table_remove (self->jobs, GUINT_TO_POINTER (page));
      return;
    }

  if (job != NULL && job->width == width && job->rotation == rotation &&
      job->priority <= (int) priority)
    return;

  job = g_rc_box_new0 (PageJob);
  job->view = self;
  job->cancellable = g_cancellable_new ();
  job->page = page;
  job->rotation = rotation;
  job->width = width;
  job->priority = priority;
  g_hash_table_replace (self->jobs, GUINT_TO_POINTER (page), job);

  sealdesk_render_queue_render_async (sealdesk_document_get_render_queue (self->document),
                                      page, rotation, width, height, priority,
                                      job->cancellable,
                                      sealdesk_page_view_render_done,
                                      g_rc_box_acquire (job));
}

/* Of the visible pages, the one the person is reading. */
static guint
sealdesk_page_view_current_page (SealdeskPageView *self,
                                 guint             first,
                                 guint             last,
                                 double            top,
                                 double            bottom)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double upper = gtk_adjustment_get_upper (self->vadjustment);
  guint best = first;
  double best_visible = -1;

  /* At the very end, the last page, however little of it shows. */
  if (top > 0 && bottom >= upper - 1)
    return last;

  for (guint page = first; page <= last; page++)
    {
      GdkRectangle rect;
      double visible;

      sealdesk_page_layout_get_page_rect (self->layout, page, width, &rect);
      visible = MIN (bottom, rect.y + rect.height) - MAX (top, rect.y);
      if (visible > best_visible + 0.5)
        {
          best = page;
          best_visible = visible;
        }
    }

  return best;
}

/* The visible pages, and FALSE when there are none (yet). */
static gboolean
sealdesk_page_view_get_visible (SealdeskPageView *self,
                                double           *top,
                                double           *bottom,
                                guint            *first,
                                guint            *last)
{
  if (self->document == NULL || self->model == NULL || !self->layout_valid ||
      gtk_widget_get_width (GTK_WIDGET (self)) == 0)
    return FALSE;

  *top = gtk_adjustment_get_value (self->vadjustment);
  *bottom = *top + gtk_widget_get_height (GTK_WIDGET (self));
  return sealdesk_page_layout_get_visible (self->layout, *top, *bottom, first, last);
}

/* Asks for the visible pages and their neighbours, and cancels what was
 * asked for pages now far away; changes nothing else, so that the view
 * can ask while it is being allocated: the pages then render while the
 * frame is painted, rather than after it. */
void
_sealdesk_page_view_request_visible (SealdeskPageView *self)
{
  GHashTableIter iter;
  gpointer key;
  double top, bottom;
  guint first, last, n_pages;

  if (!sealdesk_page_view_get_visible (self, &top, &bottom, &first, &last))
    return;

  n_pages = sealdesk_page_layout_get_n_pages (self->layout);

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint page = GPOINTER_TO_UINT (key);

      if (page + 2 < first || page > last + 2)
        g_hash_table_iter_remove (&iter);
    }

  for (guint page = first; page <= last; page++)
    sealdesk_page_view_request (self, page, SEALDESK_RENDER_PRIORITY_VISIBLE);
  if (first > 0)
    sealdesk_page_view_request (self, first - 1, SEALDESK_RENDER_PRIORITY_NEARBY);
  if (last + 1 < n_pages)
    sealdesk_page_view_request (self, last + 1, SEALDESK_RENDER_PRIORITY_NEARBY);
}

void
_sealdesk_page_view_update_visible (SealdeskPageView *self)
{
  double top, bottom;
  guint first, last;

  if (!sealdesk_page_view_get_visible (self, &top, &bottom, &first, &last))
    return;

  if (!isnan (self->requested_value) && fabs (top - self->requested_value) < 0.5)
    {
      /* Still showing the page that was asked for. */
    }
  else
    {
      self->requested_value = NAN;
      self->setting_page = TRUE;
      sealdesk_document_model_set_page (self->model,
                                        sealdesk_page_view_current_page (self, first, last, top, bottom));
      self->setting_page = FALSE;
    }

  _sealdesk_page_view_request_visible (self);
}
