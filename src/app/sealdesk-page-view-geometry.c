/* sealdesk-page-view-geometry.c: where a point of a page is in the view, and scrolling there
 *
 * Page coordinates here are PDF points with the origin at the top left of
 * the page as Poppler shows it (its /Rotate applied), before the viewer's
 * own rotation; they are turned into the view's by the one conversion of
 * sd-geometry.h (through visible space, y up). The find matches and the
 * selection (sealdesk-page-view-text.c) are drawn and scrolled to through
 * these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sd-geometry.h"
#include "sealdesk-page-view-private.h"

/* The one conversion (sd-geometry.h) works in visible space, y up from
 * the bottom of the page; here y goes down from its top. */
static gboolean
point_to_view (SealdeskPageView *self,
               guint             page,
               double            x,
               double            y,
               double           *vx,
               double           *vy,
               SdViewTransform  *transform)
{
  if (!sealdesk_page_view_get_page_transform (self, page, transform))
    return FALSE;

  sd_geometry_visible_to_view (transform,
                               CLAMP (x, 0, transform->width),
                               transform->height - CLAMP (y, 0, transform->height),
                               vx, vy);
  return TRUE;
}

/* @rect of @page in widget coordinates. */
gboolean
_sealdesk_page_view_rect_to_view (SealdeskPageView      *self,
                                  guint                  page,
                                  const graphene_rect_t *rect,
                                  graphene_rect_t       *out)
{
  SdViewTransform transform;
  SdRect visible, view;

  if (!sealdesk_page_view_get_page_transform (self, page, &transform))
    return FALSE;

  visible = (SdRect) { rect->origin.x, transform.height - rect->origin.y - rect->size.height,
                       rect->size.width, rect->size.height };
  sd_geometry_visible_rect_to_view (&transform, &visible, &view);
  graphene_rect_init (out, view.x, view.y, view.width, view.height);

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
  SdViewTransform transform;
  double u, v;

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

  if (!sealdesk_page_view_get_page_transform (self, best, &transform))
    return FALSE;

  /* Clamped to the page as drawn, then turned back. */
  sd_geometry_view_to_visible (&transform,
                               CLAMP (x, transform.view.x, transform.view.x + transform.view.width),
                               CLAMP (y, transform.view.y, transform.view.y + transform.view.height),
                               &u, &v);
  *page = best;
  graphene_point_init (point, CLAMP (u, 0, transform.width),
                       transform.height - CLAMP (v, 0, transform.height));

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
  SdViewTransform transform;
  double vx, vy;

  g_return_if_fail (SEALDESK_IS_PAGE_VIEW (self));

  if (!self->layout_valid || gtk_widget_get_height (GTK_WIDGET (self)) == 0 ||
      !point_to_view (self, page, x, y, &vx, &vy, &transform))
    {
      _sealdesk_page_view_scroll_to_page (self, page);
      return;
    }

  vy = MIN (vy, transform.view.y + transform.view.height);
  gtk_adjustment_set_value (self->vadjustment,
                            gtk_adjustment_get_value (self->vadjustment) + vy - SEALDESK_PAGE_SPACING);
  if (vx > gtk_widget_get_width (GTK_WIDGET (self)) || vx < 0)
    gtk_adjustment_set_value (self->hadjustment,
                              gtk_adjustment_get_value (self->hadjustment) + vx - SEALDESK_PAGE_SPACING);
}

