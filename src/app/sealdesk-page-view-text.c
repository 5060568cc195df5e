/* sealdesk-page-view-text.c: text on the pages: find matches and the selection
 *
 * The find bar (sealdesk-find-bar.c) gives the view the rectangles of its
 * matches; the view draws them, the current one stronger, and scrolls to
 * it. Dragging with the mouse (or a pen) over a page selects its text
 * glyph by glyph, as in Evince and Papers, across pages too; Poppler
 * works out the selected region and text on the document's worker thread
 * (the render queue), one request at a time: while one runs, the pointer
 * may move on, and the latest position is asked for when it returns.
 *
 * Page coordinates here are PDF points with the origin at the top left of
 * the page as Poppler shows it (its /Rotate applied), before the viewer's
 * own rotation; sealdesk-page-view-geometry.c turns them into the view's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <poppler.h>

#include "sealdesk-page-view-private.h"

/* Poppler's selected region comes in whole pixels: ask at this many
 * pixels per point, so that the highlight fits the glyphs. */
#define SELECTION_SCALE 4.0

typedef struct
{
  guint            page;
  cairo_region_t  *region;   /* in points * SELECTION_SCALE */
  char            *text;
} TextSelection;

typedef struct
{
  guint            page;
  PopplerRectangle area;
} SelectionRequest;

typedef struct
{
  SealdeskPageView *view;
  SealdeskDocument *document;
  GArray           *requests;    /* of SelectionRequest */
  guint             serial;
} SelectionJob;

static void
text_selection_free (gpointer data)
{
  TextSelection *selection = data;

  g_clear_pointer (&selection->region, cairo_region_destroy);
  g_free (selection->text);
  g_free (selection);
}

static void
selection_job_free (gpointer data)
{
  SelectionJob *job = data;

  g_clear_object (&job->view);
  g_clear_object (&job->document);
  g_clear_pointer (&job->requests, g_array_unref);
  g_free (job);
}

/* Freed with the view (its qdata goes at finalization). */
static void
text_state_free (gpointer data)
{
  SealdeskPageView *self = data;

  g_clear_pointer (&self->find_matches, g_ptr_array_unref);
  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_object (&self->sel_cancellable);
}

/* Find matches */

/* @matches: for each page, a GArray of graphene_rect_t (or NULL for none
 * or not searched yet); NULL for no search. The view keeps a reference
 * and draws what the array holds when it next draws, so whoever owns it
 * calls this again after adding to it. */
void
sealdesk_page_view_set_find_matches (SealdeskPageView *self,
                                     GPtrArray        *matches)
{
  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (matches != self->find_matches)
    {
      g_clear_pointer (&self->find_matches, g_ptr_array_unref);
      if (matches != NULL)
        self->find_matches = g_ptr_array_ref (matches);
    }
  if (matches == NULL)
    self->find_page = self->find_index = -1;

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GArray *
page_matches (SealdeskPageView *self,
              guint             page)
{
  if (self->find_matches == NULL || page >= self->find_matches->len)
    return NULL;

  return g_ptr_array_index (self->find_matches, page);
}

/* Marks match @index of @page as the current one and scrolls to it; -1
 * for none. */
void
sealdesk_page_view_set_current_match (SealdeskPageView *self,
                                      int               page,
                                      int               index)
{
  GArray *matches;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  self->find_page = page;
  self->find_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (page >= 0 && index >= 0 && (matches = page_matches (self, page)) &&
      (guint) index < matches->len)
    sealdesk_page_view_scroll_to_rect (self, page,
                                       &g_array_index (matches, graphene_rect_t, index));
}

/* Where match @index of @page is drawn, in widget coordinates. */
gboolean
sealdesk_page_view_get_match_rect (SealdeskPageView *self,
                                   guint             page,
                                   guint             index,
                                   graphene_rect_t  *rect)
{
  GArray *matches;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  if (!(matches = page_matches (self, page)) || index >= matches->len)
    return FALSE;

  return _sealdesk_page_view_rect_to_view (self, page, &g_array_index (matches, graphene_rect_t, index), rect);
}

/* Selection */

/* The selection belongs to one document: called when the view shows
 * another one (a request on its way is then ignored when it returns). */
void
_sealdesk_page_view_reset_text (SealdeskPageView *self)
{
  self->text_document = self->document;
  g_ptr_array_set_size (self->selection, 0);
  self->sel_start_page = self->sel_end_page = -1;
  self->sel_copy_pending = FALSE;
  self->sel_done_serial = self->sel_serial;
}

static void
check_document (SealdeskPageView *self)
{
  if (self->text_document != (gpointer) self->document)
    _sealdesk_page_view_reset_text (self);
}

static void selection_request (SealdeskPageView *self);

static void
selection_thread (GTask           *task,
                  PopplerDocument *document,
                  gpointer         task_data,
                  GCancellable    *cancellable)
{
  SelectionJob *job = task_data;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (text_selection_free);

  for (guint i = 0; i < job->requests->len; i++)
    {
      SelectionRequest *request = &g_array_index (job->requests, SelectionRequest, i);
      PopplerPage *page = poppler_document_get_page (document, request->page);
      TextSelection *selection;

      if (page == NULL)
        continue;

      selection = g_new0 (TextSelection, 1);
      selection->page = request->page;
      selection->region = poppler_page_get_selected_region (page, SELECTION_SCALE,
                                                            POPPLER_SELECTION_GLYPH,
                                                            &request->area);
      selection->text = poppler_page_get_selected_text (page, POPPLER_SELECTION_GLYPH,
                                                        &request->area);
      g_ptr_array_add (result, selection);
      g_object_unref (page);
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) g_ptr_array_unref);
}

static void
selection_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SelectionJob *job = g_task_get_task_data (G_TASK (result));
  SealdeskPageView *self = job->view;
  g_autoptr(GPtrArray) selection = NULL;
  g_autoptr(GError) error = NULL;

  selection = sealdesk_render_queue_run_finish (SEALDESK_RENDER_QUEUE (source), result, &error);
  self->sel_busy = FALSE;

  /* Another document since: nothing of this applies. */
  if (job->document != self->document)
    return;

  if (selection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The selection could not be read: %s", error->message);
      return;
    }

  g_ptr_array_set_size (self->selection, 0);
  g_ptr_array_extend_and_steal (self->selection, g_steal_pointer (&selection));
  self->sel_done_serial = job->serial;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->sel_done_serial != self->sel_serial)
    {
      selection_request (self);
      return;
    }

  if (sealdesk_page_view_has_selection (self))
    {
      g_autofree char *text = sealdesk_page_view_get_selected_text (self);

      /* As on any X11 or Wayland desktop: what is selected can be pasted
       * with the middle button. */
      gdk_clipboard_set_text (gtk_widget_get_primary_clipboard (GTK_WIDGET (self)), text);
    }

  if (self->sel_copy_pending)
    {
      self->sel_copy_pending = FALSE;
      sealdesk_page_view_copy_selection (self);
    }
}

/* Asks Poppler for the selection between the drag's two points, unless a
 * request is on its way already (it asks again when it returns). */
static void
selection_request (SealdeskPageView *self)
{
  SelectionJob *job;
  int first, last;
  graphene_point_t start, end;

  if (self->sel_busy || self->document == NULL)
    return;

  if (self->sel_start_page < 0)
    {
      g_ptr_array_set_size (self->selection, 0);
      self->sel_done_serial = self->sel_serial;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  /* From the earlier point to the later one, in reading order. */
  if (self->sel_start_page <= self->sel_end_page)
    {
      first = self->sel_start_page;
      last = self->sel_end_page;
      start = self->sel_start;
      end = self->sel_end;
    }
  else
    {
      first = self->sel_end_page;
      last = self->sel_start_page;
      start = self->sel_end;
      end = self->sel_start;
    }

  job = g_new0 (SelectionJob, 1);
  job->view = g_object_ref (self);
  job->document = g_object_ref (self->document);
  job->serial = self->sel_serial;
  job->requests = g_array_new (FALSE, TRUE, sizeof (SelectionRequest));

  for (int page = first; page <= last; page++)
    {
      SelectionRequest request = { .page = page };
      double width, height;

      sealdesk_document_get_page_size (self->document, page, &width, &height);
      request.area.x1 = page == first ? start.x : 0;
      request.area.y1 = page == first ? start.y : 0;
      request.area.x2 = page == last ? end.x : width;
      request.area.y2 = page == last ? end.y : height;
      g_array_append_val (job->requests, request);
    }

  self->sel_busy = TRUE;
  sealdesk_render_queue_run_async (sealdesk_document_get_render_queue (self->document),
                                   SEALDESK_RENDER_PRIORITY_VISIBLE,
                                   selection_thread, job, selection_job_free,
                                   NULL, selection_done, NULL);
}

static void
set_selection (SealdeskPageView       *self,
               int                     start_page,
               const graphene_point_t *start,
               int                     end_page,
               const graphene_point_t *end)
{
  check_document (self);

  self->sel_start_page = start_page;
  self->sel_end_page = end_page;
  if (start != NULL)
    self->sel_start = *start;
  if (end != NULL)
    self->sel_end = *end;
  self->sel_serial++;
  selection_request (self);
}

void
sealdesk_page_view_clear_selection (SealdeskPageView *self)
{
  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  set_selection (self, -1, NULL, -1, NULL);
}

/* Selects all the text of the current page. */
void
sealdesk_page_view_select_all (SealdeskPageView *self)
{
  graphene_point_t start = { 0, 0 }, end;
  double width, height;
  int page;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (self->document == NULL || self->model == NULL)
    return;

  page = sealdesk_document_model_get_page (self->model);
  sealdesk_document_get_page_size (self->document, page, &width, &height);
  graphene_point_init (&end, width, height);
  set_selection (self, page, &start, page, &end);
}

/* TRUE while the selection shown is not yet the one asked for. */
gboolean
sealdesk_page_view_is_selecting (SealdeskPageView *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  return self->sel_busy || self->sel_done_serial != self->sel_serial;
}

gboolean
sealdesk_page_view_has_selection (SealdeskPageView *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  check_document (self);
  for (guint i = 0; i < self->selection->len; i++)
    {
      TextSelection *selection = g_ptr_array_index (self->selection, i);

      if (selection->text != NULL && selection->text[0] != '\0')
        return TRUE;
    }

  return FALSE;
}

/* The selected text, pages separated by a line break; NULL for none. */
char *
sealdesk_page_view_get_selected_text (SealdeskPageView *self)
{
  GString *text;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), NULL);

  if (!sealdesk_page_view_has_selection (self))
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < self->selection->len; i++)
    {
      TextSelection *selection = g_ptr_array_index (self->selection, i);

      if (selection->text == NULL || selection->text[0] == '\0')
        continue;
      if (text->len > 0 && text->str[text->len - 1] != '\n')
        g_string_append_c (text, '\n');
      g_string_append (text, selection->text);
    }

  return g_string_free (text, FALSE);
}

/* Puts the selected text on the clipboard; when the selection is still
 * being worked out, as soon as it is. */
void
sealdesk_page_view_copy_selection (SealdeskPageView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (sealdesk_page_view_is_selecting (self))
    {
      self->sel_copy_pending = TRUE;
      return;
    }

  if ((text = sealdesk_page_view_get_selected_text (self)))
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* The drag that selects */

static void
drag_begin (GtkGestureDrag   *gesture,
            double            x,
            double            y,
            SealdeskPageView *self)
{
  GdkDevice *device = gtk_gesture_get_device (GTK_GESTURE (gesture));
  graphene_point_t point;
  graphene_rect_t bounds;
  guint page;

  /* A finger scrolls the pages; the mouse and a pen select. */
  if ((device != NULL && gdk_device_get_source (device) == GDK_SOURCE_TOUCHSCREEN) ||
      !sealdesk_page_view_view_to_page_point (self, x, y, &page, &point) ||
      !sealdesk_page_view_get_page_rect (self, page, &bounds) ||
      !graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->selection->len > 0 || self->sel_start_page >= 0)
    sealdesk_page_view_clear_selection (self);
  self->sel_start_page = -1;
  self->sel_start = point;
  /* Where the drag began, until it moves far enough to select. */
  self->sel_end_page = (int) page;
  self->sel_end = point;
}

static void
drag_update (GtkGestureDrag   *gesture,
             double            offset_x,
             double            offset_y,
             SealdeskPageView *self)
{
  graphene_point_t point;
  double start_x, start_y;
  guint page;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);

  if (self->sel_start_page < 0)
    {
      /* A click, or a small slip of the hand, selects nothing. */
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      self->sel_start_page = self->sel_end_page;
    }

  if (!sealdesk_page_view_view_to_page_point (self, start_x + offset_x, start_y + offset_y,
                                              &page, &point))
    return;

  set_selection (self, self->sel_start_page, NULL, (int) page, &point);
}

static void
drag_end (GtkGestureDrag   *gesture,
          double            offset_x,
          double            offset_y,
          SealdeskPageView *self)
{
  if (self->sel_start_page >= 0)
    drag_update (gesture, offset_x, offset_y, self);
}

void
_sealdesk_page_view_init_text (SealdeskPageView *self)
{
  GtkGesture *drag;

  self->find_page = self->find_index = -1;
  self->sel_start_page = self->sel_end_page = -1;
  self->selection = g_ptr_array_new_with_free_func (text_selection_free);
  g_object_set_data_full (G_OBJECT (self), "sealdesk-page-view-text", self, text_state_free);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_static_name (GTK_EVENT_CONTROLLER (drag), "sealdesk-text-selection");
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/* Drawing */

static void
lookup_color (SealdeskPageView *self,
              const char       *name,
              GdkRGBA          *color,
              const GdkRGBA    *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, color))
    *color = *fallback;
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
append_rect (GtkSnapshot           *snapshot,
             const graphene_rect_t *rect,
             const GdkRGBA         *fill,
             const GdkRGBA         *border)
{
  gtk_snapshot_append_color (snapshot, fill, rect);

  if (border != NULL)
    {
      GskRoundedRect outline;
      const GdkRGBA colors[4] = { *border, *border, *border, *border };
      const float widths[4] = { 1, 1, 1, 1 };

      gsk_rounded_rect_init_from_rect (&outline, rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

/* Called by the view's snapshot, over the pages. */
void
_sealdesk_page_view_snapshot_text (SealdeskPageView *self,
                                   GtkSnapshot      *snapshot)
{
  static const GdkRGBA match_fill = { 1.0, 0.84, 0.0, 0.35 };
  static const GdkRGBA current_fill = { 1.0, 0.55, 0.0, 0.45 };
  static const GdkRGBA current_border = { 0.8, 0.35, 0.0, 1.0 };
  static const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  GdkRGBA selection_fill;
  guint first, last;

  if (self->document == NULL || !sealdesk_page_view_get_visible_pages (self, &first, &last))
    return;

  check_document (self);

  for (guint page = first; page <= last; page++)
    {
      GArray *matches = page_matches (self, page);

      for (guint i = 0; matches != NULL && i < matches->len; i++)
        {
          gboolean current = (int) page == self->find_page && (int) i == self->find_index;
          graphene_rect_t rect;

          if (_sealdesk_page_view_rect_to_view (self, page, &g_array_index (matches, graphene_rect_t, i), &rect))
            append_rect (snapshot, &rect, current ? &current_fill : &match_fill,
                         current ? &current_border : NULL);
        }
    }

  if (self->selection->len == 0)
    return;

  lookup_color (self, "accent_bg_color", &selection_fill, &accent);
  selection_fill.alpha = 0.35;

  for (guint i = 0; i < self->selection->len; i++)
    {
      TextSelection *selection = g_ptr_array_index (self->selection, i);
      int n_rects;

      if (selection->page < first || selection->page > last || selection->region == NULL)
        continue;

      n_rects = cairo_region_num_rectangles (selection->region);
      for (int j = 0; j < n_rects; j++)
        {
          cairo_rectangle_int_t r;
          graphene_rect_t rect, view_rect;

          cairo_region_get_rectangle (selection->region, j, &r);
          graphene_rect_init (&rect, r.x / SELECTION_SCALE, r.y / SELECTION_SCALE,
                              r.width / SELECTION_SCALE, r.height / SELECTION_SCALE);
          if (_sealdesk_page_view_rect_to_view (self, selection->page, &rect, &view_rect))
            append_rect (snapshot, &view_rect, &selection_fill, NULL);
        }
    }
}
