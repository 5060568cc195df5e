/* sealdesk-page-view.h: all pages of a document in one continuous, scrollable column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-geometry.h"
#include "sealdesk-document-model.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PAGE_VIEW (sealdesk_page_view_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPageView, sealdesk_page_view, SEALDESK, PAGE_VIEW, GtkWidget)

GtkWidget             *sealdesk_page_view_new           (void);
SealdeskDocumentModel *sealdesk_page_view_get_model     (SealdeskPageView      *self);
void                   sealdesk_page_view_set_model     (SealdeskPageView      *self,
                                                         SealdeskDocumentModel *model);
gboolean               sealdesk_page_view_get_page_rect (SealdeskPageView      *self,
                                                         guint                  page,
                                                         graphene_rect_t       *rect);
gboolean               sealdesk_page_view_get_visible_pages (SealdeskPageView  *self,
                                                         guint                 *first,
                                                         guint                 *last);
void                   sealdesk_page_view_zoom_at       (SealdeskPageView      *self,
                                                         double                 scale,
                                                         double                 x,
                                                         double                 y);

/* Text: find and selection (sealdesk-page-view-text.c). Rectangles are in
 * page points with the origin at the top left, as the page is shown
 * before the viewer's own rotation. */
void                   sealdesk_page_view_set_find_matches (SealdeskPageView *self,
                                                         GPtrArray             *matches);
void                   sealdesk_page_view_set_current_match (SealdeskPageView *self,
                                                         int                    page,
                                                         int                    index);
gboolean               sealdesk_page_view_get_match_rect (SealdeskPageView     *self,
                                                         guint                  page,
                                                         guint                  index,
                                                         graphene_rect_t       *rect);
void                   sealdesk_page_view_scroll_to_rect (SealdeskPageView     *self,
                                                         guint                  page,
                                                         const graphene_rect_t *rect);
void                   sealdesk_page_view_scroll_to_point (SealdeskPageView    *self,
                                                         guint                  page,
                                                         double                 x,
                                                         double                 y);
void                   sealdesk_page_view_select_all    (SealdeskPageView      *self);
void                   sealdesk_page_view_clear_selection (SealdeskPageView    *self);
gboolean               sealdesk_page_view_has_selection (SealdeskPageView      *self);
gboolean               sealdesk_page_view_is_selecting  (SealdeskPageView      *self);
char                  *sealdesk_page_view_get_selected_text (SealdeskPageView  *self);
void                   sealdesk_page_view_copy_selection (SealdeskPageView     *self);
gboolean               sealdesk_page_view_view_to_page_point (SealdeskPageView *self,
                                                         double                 x,
                                                         double                 y,
                                                         guint                 *page,
                                                         graphene_point_t      *point);
/* Page <-> widget coordinates (sealdesk-page-view-overlay.c). Pages are
 * 0-based; page points are in visible space (sd-geometry.h: the page as
 * shown with its /Rotate, origin bottom-left), widget coordinates are the
 * view's at the current zoom, scroll position and viewer rotation. All
 * return FALSE while the view is not laid out or there is no such page. */
gboolean               sealdesk_page_view_get_page_transform (SealdeskPageView *self,
                                                         guint                  page,
                                                         SdViewTransform       *transform);
gboolean               sealdesk_page_view_page_to_view  (SealdeskPageView      *self,
                                                         guint                  page,
                                                         const SdRect          *rect,
                                                         graphene_rect_t       *view);
/* The page under (@x, @y) of the widget, and the point there in page
 * points (it may lie outside the page, beside it). */
gboolean               sealdesk_page_view_view_to_page  (SealdeskPageView      *self,
                                                         double                 x,
                                                         double                 y,
                                                         guint                 *page,
                                                         double                *u,
                                                         double                *v);

/* Child widgets kept over @rect of @page through zoom, scroll, rotation
 * and HiDPI, drawn above the pages in the order added. The view takes a
 * reference (and parents the child) until it is removed. */
void                   sealdesk_page_view_add_overlay   (SealdeskPageView      *self,
                                                         GtkWidget             *child,
                                                         guint                  page,
                                                         const SdRect          *rect);
void                   sealdesk_page_view_move_overlay  (SealdeskPageView      *self,
                                                         GtkWidget             *child,
                                                         guint                  page,
                                                         const SdRect          *rect);
void                   sealdesk_page_view_remove_overlay (SealdeskPageView     *self,
                                                         GtkWidget             *child);
/* Where @child is now (FALSE if it is not an overlay of the view). */
gboolean               sealdesk_page_view_get_overlay   (SealdeskPageView      *self,
                                                         GtkWidget             *child,
                                                         guint                 *page,
                                                         SdRect                *rect);

G_END_DECLS
