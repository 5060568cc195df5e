/* sealdesk-page-view-geometry.c: where a point of a page is in the view, and scrolling there
 *
 * Page coordinates here are PDF points with the origin at the top left of
 * the page as Poppler shows it (its /Rotate applied), before the viewer's
 * own rotation. The find matches and the selection
 * (sealdesk-page-view-text.c) are drawn and scrolled to through these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sealdesk-page-view-private.h"

static gboolean
page_geometry (SealdeskPageView *self,
               guint             page,
               graphene_rect_t  *bounds,
               double           *width,
               double           *height,
               guint            *rotation,
               double           *scale)
{
  if (self->document == NULL || self->model == NULL ||
      page >= sealdesk_document_get_n_pages (self->document) ||
      !sealdesk_page_view_get_page_rect (self, page, bounds))
    return FALSE;

  sealdesk_document_get_page_size (self->document, page, width, height);
  *rotation = sealdesk_document_model_get_rotation (self->model);
  *scale = bounds->size.width / (*rotation == 90 || *rotation == 270 ? *height : *width);

  return TRUE;
}

static void
point_to_view (const graphene_rect_t *bounds,
               double                 width,
               double                 height,
               guint                  rotation,
               double                 scale,
               double                 x,
               double                 y,
               double                *vx,
               double                *vy)
{
  double u, v;

  switch (rotation)
    {
    case 90:
      u = height - y;
      v = x;
      break;
    case 180:
      u = width - x;
      v = height - y;
      break;
    case 270:
      u = y;
      v = width - x;
      break;
    default:
      u = x;
      v = y;
      break;
    }

  *vx = bounds->origin.x + u * scale;
  *vy = bounds->origin.y + v * scale;
}

/* @rect of @page in widget coordinates. */
gboolean
_sealdesk_page_view_rect_to_view (SealdeskPageView      *self,
                                  guint                  page,
                                  const graphene_rect_t *rect,
                                  graphene_rect_t       *out)
{
  graphene_rect_t bounds;
  double width, height, scale;
  double x1, y1, x2, y2;
  guint rotation;

  if (!page_geometry (self, page, &bounds, &width, &height, &rotation, &scale))
    return FALSE;

  point_to_view (&bounds, width, height, rotation, scale,
                 rect->origin.x, rect->origin.y, &x1, &y1);
  point_to_view (&bounds, width, height, rotation, scale,
                 rect->origin.x + rect->size.width, rect->origin.y + rect->size.height,
                 &x2, &y2);
  graphene_rect_init (out, MIN (x1, x2), MIN (y1, y2), fabs (x2 - x1), fabs (y2 - y1));

  return TRUE;
}

/* The page under (@x, @y) of the widget, or the nearest one, and the point
 * of it there, clamped to the page. */
gboolean
sealdesk_page_view_view_to_page_point (SealdeskPageView *self,
                                       double            x,
                                       double            y,
                                       guint            *page,
                                       graphene_point_t *point)
{
  guint first, last, best = 0;
  double best_distance = G_MAXDOUBLE;
  graphene_rect_t bounds;
  double width, height, scale, u, v, px, py;
  guint rotation;

  g_return_val_if_fail (SEALDESK_IS_PAGE_VIEW (self), FALSE);

  if (!sealdesk_page_view_get_visible_pages (self, &first, &last))
    return FALSE;

  for (guint i = first; i <= last; i++)
    {
      double distance;

      if (!sealdesk_page_view_get_page_rect (self, i, &bounds))
        continue;
      if (y < bounds.origin.y)
        distance = bounds.origin.y - y;
      else if (y > bounds.origin.y + bounds.size.height)
        distance = y - bounds.origin.y - bounds.size.height;
      else
        distance = 0;
      if (distance < best_distance)
        {
          best_distance = distance;
          best = i;
        }
    }

  if (!page_geometry (self, best, &bounds, &width, &height, &rotation, &scale))
    return FALSE;

  u = CLAMP ((x - bounds.origin.x) / scale, 0, bounds.size.width / scale);
  v = CLAMP ((y - bounds.origin.y) / scale, 0, bounds.size.height / scale);
  switch (rotation)
    {
    case 90:
      px = v;
      py = height - u;
      break;
    case 180:
      px = width - u;
      py = height - v;
      break;
    case 270:
      px = width - v;
      py = u;
      break;
    default:
      px = u;
      py = v;
      break;
    }

  *page = best;
  graphene_point_init (point, px, py);

  return TRUE;
}

/* Scrolling */

static void
scroll_adjustment (GtkAdjustment *adjustment,
                   double         start,
                   double         size,
                   double         view_size,
                   gboolean       centre)
{
  double value = gtk_adjustment_get_value (adjustment);
  double margin = MIN (SEALDESK_SCROLL_STEP, view_size / 4);

  /* Already in view: the page stays still, as the reader left it. */
  if (!centre && start >= margin && start + size <= view_size - margin)
    return;

  if (centre || size > view_size - 2 * margin)
    value += start + size / 2 - view_size / 2;
  else if (start < margin)
    value += start - margin;
  else
    value += start + size - (view_size - margin);

  gtk_adjustment_set_value (adjustment,
                            CLAMP (value, gtk_adjustment_get_lower (adjustment),
                                   gtk_adjustment_get_upper (adjustment) -
                                   gtk_adjustment_get_page_size (adjustment)));
}

/* Scrolls as little as needed to show @rect of @page (centring it when it
 * is far away). */
void
sealdesk_page_view_scroll_to_rect (SealdeskPageView      *self,
                                   guint                  page,
                                   const graphene_rect_t *rect)
{
  GtkWidget *widget = GTK_WIDGET (self);
  graphene_rect_t view_rect;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));
  g_return_if_fail (rect != NULL);

  if (!self->layout_valid || height == 0 || !_sealdesk_page_view_rect_to_view (self, page, rect, &view_rect))
    {
      _sealdesk_page_view_scroll_to_page (self, page);
      return;
    }

  scroll_adjustment (self->vadjustment, view_rect.origin.y, view_rect.size.height, height,
                     view_rect.origin.y + view_rect.size.height < 0 ||
                     view_rect.origin.y > height);
  scroll_adjustment (self->hadjustment, view_rect.origin.x, view_rect.size.width, width, FALSE);
}

/* Scrolls so that point (@x, @y) of @page is near the top left of the
 * view (an outline entry or a link's destination). */
void
sealdesk_page_view_scroll_to_point (SealdeskPageView *self,
                                    guint             page,
                                    double            x,
                                    double            y)
{
  graphene_rect_t bounds;
  double width, height, scale, vx, vy;
  guint rotation;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (!self->layout_valid || gtk_widget_get_height (GTK_WIDGET (self)) == 0 ||
      !page_geometry (self, page, &bounds, &width, &height, &rotation, &scale))
    {
      _sealdesk_page_view_scroll_to_page (self, page);
      return;
    }

  point_to_view (&bounds, width, height, rotation, scale,
                 CLAMP (x, 0, width), CLAMP (y, 0, height), &vx, &vy);
  vy = MIN (vy, bounds.origin.y + bounds.size.height);
  gtk_adjustment_set_value (self->vadjustment,
                            gtk_adjustment_get_value (self->vadjustment) + vy - SEALDESK_PAGE_SPACING);
  if (vx > gtk_widget_get_width (GTK_WIDGET (self)) || vx < 0)
    gtk_adjustment_set_value (self->hadjustment,
                              gtk_adjustment_get_value (self->hadjustment) + vx - SEALDESK_PAGE_SPACING);
}

