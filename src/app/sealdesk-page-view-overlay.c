/* sealdesk-page-view-overlay.c: page <-> widget coordinates and child widgets on pages
 *
 * An overlay child covers a rectangle of a page in visible-space points
 * (sd-geometry.h). The view allocates it at each allocation: after a
 * zoom, a rotation, a resize, and when it scrolls (the adjustments queue
 * an allocation). Widget coordinates follow the page's rectangle in the
 * layout, so the scale factor (HiDPI) does not enter: children draw at
 * the screen's resolution by themselves. Children are drawn after the
 * pages and get pointer and keyboard events before the view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-view-private.h"

typedef struct
{
  GtkWidget *child;
  guint      page;
  SdRect     rect;
} Overlay;

static void
overlay_free (gpointer data)
{
  Overlay *overlay = data;

  gtk_widget_unparent (overlay->child);
  g_object_unref (overlay->child);
  g_free (overlay);
}

static Overlay *
find_overlay (SealdeskPageView *self,
              GtkWidget        *child,
              guint            *index)
{
  for (guint i = 0; i < self->overlays->len; i++)
    {
      Overlay *overlay = g_ptr_array_index (self->overlays, i);

      if (overlay->child == child)
        {
          if (index != NULL)
            *index = i;
          return overlay;
        }
    }
  return NULL;
}

void
_sealdesk_page_view_init_overlays (SealdeskPageView *self)
{
  self->overlays = g_ptr_array_new_with_free_func (overlay_free);
}

void
_sealdesk_page_view_dispose_overlays (SealdeskPageView *self)
{
  g_clear_pointer (&self->overlays, g_ptr_array_unref);
}

void
_sealdesk_page_view_allocate_overlays (SealdeskPageView *self)
{
  if (self->overlays == NULL)
    return;

  for (guint i = 0; i < self->overlays->len; i++)
    {
      Overlay *overlay = g_ptr_array_index (self->overlays, i);
      graphene_rect_t view;
      GtkAllocation allocation;
      int min_width, min_height;
      gboolean shown;

      shown = sealdesk_page_view_page_to_view (self, overlay->page, &overlay->rect, &view);
      gtk_widget_set_child_visible (overlay->child, shown);
      if (!shown)
        continue;

      gtk_widget_measure (overlay->child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &min_width, NULL, NULL, NULL);
      gtk_widget_measure (overlay->child, GTK_ORIENTATION_VERTICAL, -1,
                          &min_height, NULL, NULL, NULL);
      /* Whole pixels that cover the rectangle's centre where it is; rounded
       * to the nearest also left of or above the view (a cast truncates
       * -15.6 to -15). */
      allocation.x = (int) floor (view.origin.x + 0.5);
      allocation.y = (int) floor (view.origin.y + 0.5);
      allocation.width = MAX ((int) floor (view.origin.x + view.size.width + 0.5) - allocation.x, min_width);
      allocation.height = MAX ((int) floor (view.origin.y + view.size.height + 0.5) - allocation.y, min_height);
      gtk_widget_size_allocate (overlay->child, &allocation, -1);
    }
}

void
_sealdesk_page_view_snapshot_overlays (SealdeskPageView *self,
                                       GtkSnapshot      *snapshot)
{
  if (self->overlays == NULL)
    return;

  for (guint i = 0; i < self->overlays->len; i++)
    {
      Overlay *overlay = g_ptr_array_index (self->overlays, i);

      gtk_widget_snapshot_child (GTK_WIDGET (self), overlay->child, snapshot);
    }
}

/* How @page is drawn now: its visible size in points and its rectangle
 * in the widget, turned by the viewer's rotation. */
gboolean
sealdesk_page_view_get_page_transform (SealdeskPageView *self,
                                       guint             page,
                                       SdViewTransform  *transform)
{
  graphene_rect_t rect;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);
  g_return_val_if_fail (transform != NULL, FALSE);

  if (self->document == NULL || page >= sealdesk_document_get_n_pages (self->document) ||
      !sealdesk_page_view_get_page_rect (self, page, &rect))
    return FALSE;

  sealdesk_document_get_page_size (self->document, page, &transform->width, &transform->height);
  transform->rotation = (int) self->layout_rotation;
  transform->view.x = rect.origin.x;
  transform->view.y = rect.origin.y;
  transform->view.width = rect.size.width;
  transform->view.height = rect.size.height;

  return TRUE;
}

gboolean
sealdesk_page_view_page_to_view (SealdeskPageView *self,
                                 guint             page,
                                 const SdRect     *rect,
                                 graphene_rect_t  *view)
{
  SdViewTransform transform;
  SdRect r;

  g_return_val_if_fail (rect != NULL && view != NULL, FALSE);

  if (!sealdesk_page_view_get_page_transform (self, page, &transform))
    return FALSE;

  sd_geometry_visible_rect_to_view (&transform, rect, &r);
  graphene_rect_init (view, r.x, r.y, r.width, r.height);

  return TRUE;
}

gboolean
sealdesk_page_view_view_to_page (SealdeskPageView *self,
                                 double            x,
                                 double            y,
                                 guint            *page,
                                 double           *u,
                                 double           *v)
{
  SdViewTransform transform;
  guint n;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  if (self->document == NULL || !self->layout_valid ||
      (n = sealdesk_page_layout_get_n_pages (self->layout)) == 0)
    return FALSE;

  *page = sealdesk_page_layout_page_at (self->layout, y + gtk_adjustment_get_value (self->vadjustment));
  *page = MIN (*page, n - 1);
  if (!sealdesk_page_view_get_page_transform (self, *page, &transform))
    return FALSE;

  sd_geometry_view_to_visible (&transform, x, y, u, v);

  return TRUE;
}

void
sealdesk_page_view_add_overlay (SealdeskPageView *self,
                                GtkWidget        *child,
                                guint             page,
                                const SdRect     *rect)
{
  Overlay *overlay;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);
  g_return_if_fail (rect != NULL);

  overlay = g_new0 (Overlay, 1);
  overlay->child = g_object_ref_sink (child);
  overlay->page = page;
  overlay->rect = *rect;
  g_ptr_array_add (self->overlays, overlay);
  gtk_widget_set_parent (child, GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
sealdesk_page_view_move_overlay (SealdeskPageView *self,
                                 GtkWidget        *child,
                                 guint             page,
                                 const SdRect     *rect)
{
  Overlay *overlay;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));
  g_return_if_fail (rect != NULL);

  if ((overlay = find_overlay (self, child, NULL)) == NULL)
    {
      g_critical ("%s: %p is not an overlay of the page view", G_STRFUNC, child);
      return;
    }

  overlay->page = page;
  overlay->rect = *rect;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
sealdesk_page_view_remove_overlay (SealdeskPageView *self,
                                   GtkWidget        *child)
{
  guint index;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (find_overlay (self, child, &index) == NULL)
    return;

  g_ptr_array_remove_index (self->overlays, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sealdesk_page_view_get_overlay (SealdeskPageView *self,
                                GtkWidget        *child,
                                guint            *page,
                                SdRect           *rect)
{
  Overlay *overlay;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  if ((overlay = find_overlay (self, child, NULL)) == NULL)
    return FALSE;

  if (page != NULL)
    *page = overlay->page;
  if (rect != NULL)
    *rect = overlay->rect;

  return TRUE;
}
