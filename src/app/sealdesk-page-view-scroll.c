/* sealdesk-page-view-scroll.c: scrolling of the page view (GtkScrollable)
 *
 * The adjustments come from the GtkScrolledWindow; the view configures
 * them from its layout at each allocation, keeping the point under the
 * pointer (or the centre) in place when the zoom changes, or showing the
 * top of a page that was asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-page-view-private.h"

/* Remembers which point of which page is under (@wx, @wy) in the widget,
 * so that it stays there when the zoom changes. */
void
_sealdesk_page_view_set_anchor (SealdeskPageView *self,
                                double            wx,
                                double            wy)
{
  GdkRectangle rect;
  double x, y;
  guint page;

  if (!self->layout_valid || sealdesk_page_layout_get_n_pages (self->layout) == 0)
    return;

  x = gtk_adjustment_get_value (self->hadjustment) + wx;
  y = gtk_adjustment_get_value (self->vadjustment) + wy;
  page = sealdesk_page_layout_page_at (self->layout, y);
  sealdesk_page_layout_get_page_rect (self->layout, page,
                                      gtk_widget_get_width (GTK_WIDGET (self)), &rect);

  self->have_anchor = TRUE;
  self->anchor_page = page;
  self->anchor_fx = (x - rect.x) / rect.width;
  self->anchor_fy = (y - rect.y) / rect.height;
  self->anchor_wx = wx;
  self->anchor_wy = wy;
  self->anchor_at_top = FALSE;
}

/* The centre of the view stays in place when the zoom changes; a view at
 * the top of the document stays at the top (Fit Width on a document just
 * opened must not hide its first lines). */
void
_sealdesk_page_view_set_centre_anchor (SealdeskPageView *self)
{
  gboolean at_top = gtk_adjustment_get_value (self->vadjustment) < 0.5;

  _sealdesk_page_view_set_anchor (self,
                                  gtk_adjustment_get_page_size (self->hadjustment) / 2.0,
                                  gtk_adjustment_get_page_size (self->vadjustment) / 2.0);
  self->anchor_at_top = self->have_anchor && at_top;
}

/* Scrolls so that the top of @page is at the top of the view. */
void
_sealdesk_page_view_scroll_to_page (SealdeskPageView *self,
                                    guint             page)
{
  GdkRectangle rect;

  if (!self->layout_valid || gtk_widget_get_height (GTK_WIDGET (self)) == 0 ||
      page >= sealdesk_page_layout_get_n_pages (self->layout))
    {
      self->scroll_to_page = page;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return;
    }

  sealdesk_page_layout_get_page_rect (self->layout, page,
                                      gtk_widget_get_width (GTK_WIDGET (self)), &rect);
  self->requested_page = page;
  gtk_adjustment_set_value (self->vadjustment, page == 0 ? 0 : rect.y - SEALDESK_PAGE_SPACING / 2);
  self->requested_value = gtk_adjustment_get_value (self->vadjustment);
  _sealdesk_page_view_update_visible (self);
}

void
_sealdesk_page_view_configure_adjustments (SealdeskPageView *self,
                                          int               width,
                                          int               height)
{
  int content_width = sealdesk_page_layout_get_width (self->layout);
  int content_height = sealdesk_page_layout_get_height (self->layout);
  double hvalue = gtk_adjustment_get_value (self->hadjustment);
  double vvalue = gtk_adjustment_get_value (self->vadjustment);
  gboolean requested = FALSE;

  if (self->have_anchor && self->anchor_page < sealdesk_page_layout_get_n_pages (self->layout))
    {
      GdkRectangle rect;

      sealdesk_page_layout_get_page_rect (self->layout, self->anchor_page, width, &rect);
      hvalue = rect.x + self->anchor_fx * rect.width - self->anchor_wx;
      vvalue = self->anchor_at_top ? 0 : rect.y + self->anchor_fy * rect.height - self->anchor_wy;
    }
  self->have_anchor = FALSE;
  self->anchor_at_top = FALSE;

  if (self->scroll_to_page >= 0 &&
      (guint) self->scroll_to_page < sealdesk_page_layout_get_n_pages (self->layout))
    {
      GdkRectangle rect;

      sealdesk_page_layout_get_page_rect (self->layout, self->scroll_to_page, width, &rect);
      vvalue = self->scroll_to_page == 0 ? 0 : rect.y - SEALDESK_PAGE_SPACING / 2;
      self->requested_page = self->scroll_to_page;
      requested = TRUE;
    }
  self->scroll_to_page = -1;

  content_width = MAX (content_width, width);
  content_height = MAX (content_height, height);

  gtk_adjustment_configure (self->hadjustment,
                            CLAMP (hvalue, 0, content_width - width),
                            0, content_width,
                            width * 0.1, width * 0.9, width);
  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (vvalue, 0, content_height - height),
                            0, content_height,
                            SEALDESK_SCROLL_STEP, height * 0.9, height);

  if (requested)
    self->requested_value = gtk_adjustment_get_value (self->vadjustment);
}

void
_sealdesk_page_view_adjustment_changed (SealdeskPageView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!self->in_allocate)
    {
      _sealdesk_page_view_update_visible (self);
      /* Children on pages follow the pages. */
      if (self->overlays != NULL && self->overlays->len > 0)
        gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

void
_sealdesk_page_view_set_adjustment (SealdeskPageView  *self,
                                   GtkAdjustment    **slot,
                                   GtkAdjustment     *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_data (*slot, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (_sealdesk_page_view_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
