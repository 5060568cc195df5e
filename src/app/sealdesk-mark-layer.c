/* sealdesk-mark-layer.c: the page marks of a session, previewed on the page view
 *
 * One drawing path: the core writes the marks of a page into a blank
 * page of the same size exactly as it writes them into the document
 * (sd_marks_render_pdf), and Poppler renders that page without a
 * background, in a worker thread; the widget shows the part the marks
 * cover, over the same rectangle of the document's page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poppler.h>

#include "sd-marks-plan.h"
#include "sd-seal-library.h"
#include "sealdesk-mark-layer.h"
#include "sealdesk-mark-widget.h"

/* Pixels per point of the preview (enough for a zoom of 200 %), and the
 * most pixels on a side. */
#define PREVIEW_SCALE 2.0
#define PREVIEW_MAX 2400

struct _SealdeskMarkLayer
{
  GObject            parent_instance;

  SealdeskPageView  *view;      /* weak */
  SealdeskSession   *session;
  SdWorkspace       *workspace;
  GHashTable        *widgets;   /* SealdeskPageMark -> GPtrArray of GtkWidget (ref) */
};

G_DEFINE_FINAL_TYPE (SealdeskMarkLayer, sealdesk_mark_layer, G_TYPE_OBJECT)

static void
free_surface (gpointer data)
{
  cairo_surface_destroy (data);
}

typedef struct
{
  char      *doc_path;
  GPtrArray *marks;             /* SdMark of one page */
  double     page_width;
  double     page_height;
  SdRect     rect;
} RenderJob;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_free (job->doc_path);
  g_ptr_array_unref (job->marks);
  g_free (job);
}

/* The job's marks as a texture of its rectangle of the page. */
static GdkTexture *
render (RenderJob  *job,
        GError    **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GObject) doc = NULL;
  g_autoptr(GObject) page = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const SdRect *rect = &job->rect;
  cairo_surface_t *surface;
  cairo_t *cr;
  double scale = MIN (PREVIEW_SCALE, PREVIEW_MAX / MAX (rect->width, rect->height));
  int width = MAX (1, (int) (rect->width * scale + 0.5));
  int height = MAX (1, (int) (rect->height * scale + 0.5));

  pdf = sd_marks_render_pdf (job->doc_path, job->page_width, job->page_height, job->marks, error);
  if (pdf == NULL || (doc = G_OBJECT (poppler_document_new_from_bytes (pdf, NULL, error))) == NULL)
    return NULL;
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (doc), 0));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_scale (cr, (double) width / rect->width, (double) height / rect->height);
  /* Poppler's origin is the top-left corner, the marks' the bottom-left. */
  cairo_translate (cr, -rect->x, -(job->page_height - rect->y - rect->height));
  poppler_page_render_for_printing (POPPLER_PAGE (page), cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      free_surface, surface);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = render (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/* On the main thread: the widget (the task's source) shows it. */
static void
rendered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (texture == NULL)
    g_warning ("Preview of a page mark: %s", error->message);
  else
    sealdesk_mark_widget_set_picture (SEALDESK_MARK_WIDGET (source), GDK_PAINTABLE (texture));
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

static void
add_widgets (SealdeskMarkLayer *self,
             SealdeskPageMark  *mark)
{
  GPtrArray *all = sealdesk_page_mark_get_marks (mark);
  GPtrArray *widgets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) pages = g_hash_table_new_full (NULL, NULL, NULL,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GList) numbers = NULL;

  /* The marks of each page; a seal of the library shows its picture. */
  for (guint i = 0; i < all->len; i++)
    {
      SdMark *copy = sd_mark_copy (g_ptr_array_index (all, i));
      GPtrArray *list = g_hash_table_lookup (pages, GINT_TO_POINTER (copy->page));

      if (copy->seal_id != NULL && copy->image_path == NULL && self->workspace != NULL)
        {
          g_autoptr(SdSeal) seal = sd_seal_library_get (self->workspace, copy->seal_id, NULL);

          if (seal != NULL)
            copy->image_path = sd_seal_library_image_path (self->workspace, seal, NULL);
        }
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
          g_hash_table_insert (pages, GINT_TO_POINTER (copy->page), list);
        }
      g_ptr_array_add (list, copy);
    }

  numbers = g_hash_table_get_keys (pages);
  numbers = g_list_sort (numbers, compare_pages);
  for (GList *l = numbers; l != NULL; l = l->next)
    {
      GPtrArray *list = g_hash_table_lookup (pages, l->data);
      int page = GPOINTER_TO_INT (l->data);
      double pw, ph, x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      SdRect rect;
      GtkWidget *widget;

      for (guint i = 0; i < list->len; i++)
        {
          SdMark *m = g_ptr_array_index (list, i);

          x0 = MIN (x0, m->rect.x);
          y0 = MIN (y0, m->rect.y);
          x1 = MAX (x1, m->rect.x + m->rect.width);
          y1 = MAX (y1, m->rect.y + m->rect.height);
        }
      rect = (SdRect) { x0, y0, x1 - x0, y1 - y0 };
      sealdesk_page_mark_get_page_size (mark, page, &pw, &ph);
      widget = sealdesk_mark_widget_new (self->session, mark, NULL);
      /* Rendered in a thread; the widget shows it when it is done. */
      {
        RenderJob *job = g_new0 (RenderJob, 1);
        g_autoptr(GTask) task = g_task_new (widget, NULL, rendered, NULL);

        job->doc_path = g_file_get_path (sealdesk_session_get_file (self->session));
        job->marks = g_ptr_array_ref (list);
        job->page_width = pw;
        job->page_height = ph;
        job->rect = rect;
        g_task_set_task_data (task, job, render_job_free);
        g_task_run_in_thread (task, render_thread);
      }
      g_ptr_array_add (widgets, g_object_ref_sink (widget));
      if (self->view != NULL)
        sealdesk_page_view_add_overlay (self->view, widget, page - 1, &rect);
    }
  g_hash_table_insert (self->widgets, mark, widgets);
}

static void
remove_widgets (SealdeskMarkLayer *self,
                SealdeskPageMark  *mark)
{
  GPtrArray *widgets = g_hash_table_lookup (self->widgets, mark);

  for (guint i = 0; widgets != NULL && self->view != NULL && i < widgets->len; i++)
    sealdesk_page_view_remove_overlay (self->view, g_ptr_array_index (widgets, i));
  g_hash_table_remove (self->widgets, mark);
}

/* Widgets for what is in the list, none for what is not. */
static void
sync_widgets (SealdeskMarkLayer *self)
{
  GListModel *model = self->session ? sealdesk_session_get_marks (self->session) : NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SealdeskPageMark) mark = g_list_model_get_item (model, i);

      g_hash_table_add (present, mark);
      if (!g_hash_table_contains (self->widgets, mark))
        add_widgets (self, mark);
    }
  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    remove_widgets (self, g_ptr_array_index (gone, i));
}

static void
sealdesk_mark_layer_dispose (GObject *object)
{
  SealdeskMarkLayer *self = SEALDESK_MARK_LAYER (object);

  sealdesk_mark_layer_set_session (self, NULL);
  g_clear_object (&self->workspace);
  if (self->view != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }

  G_OBJECT_CLASS (sealdesk_mark_layer_parent_class)->dispose (object);
}

static void
sealdesk_mark_layer_finalize (GObject *object)
{
  SealdeskMarkLayer *self = SEALDESK_MARK_LAYER (object);

  g_hash_table_unref (self->widgets);

  G_OBJECT_CLASS (sealdesk_mark_layer_parent_class)->finalize (object);
}

static void
sealdesk_mark_layer_class_init (SealdeskMarkLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_mark_layer_dispose;
  object_class->finalize = sealdesk_mark_layer_finalize;
}

static void
sealdesk_mark_layer_init (SealdeskMarkLayer *self)
{
  self->widgets = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

SealdeskMarkLayer *
sealdesk_mark_layer_new (SealdeskPageView *view)
{
  SealdeskMarkLayer *self;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (view), NULL);

  self = g_object_new (SEALDESK_TYPE_MARK_LAYER, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  return self;
}

void
sealdesk_mark_layer_set_session (SealdeskMarkLayer *self,
                                 SealdeskSession   *session)
{
  g_return_if_fail (SEALDESK_IS_MARK_LAYER (self));
  g_return_if_fail (session == NULL || SEALDESK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (sealdesk_session_get_marks (self->session), self);
  g_set_object (&self->session, session);
  sync_widgets (self);
  if (session != NULL)
    g_signal_connect_object (sealdesk_session_get_marks (session), "items-changed",
                             G_CALLBACK (sync_widgets), self, G_CONNECT_SWAPPED);
}

void
sealdesk_mark_layer_set_workspace (SealdeskMarkLayer *self,
                                   SdWorkspace       *workspace)
{
  g_return_if_fail (SEALDESK_IS_MARK_LAYER (self));

  g_set_object (&self->workspace, workspace);
}

GPtrArray *
sealdesk_mark_layer_get_widgets (SealdeskMarkLayer *self,
                                 SealdeskPageMark  *mark)
{
  GPtrArray *widgets;

  g_return_val_if_fail (SEALDESK_IS_MARK_LAYER (self), NULL);

  widgets = g_hash_table_lookup (self->widgets, mark);
  return widgets != NULL ? g_ptr_array_ref (widgets) : g_ptr_array_new ();
}
