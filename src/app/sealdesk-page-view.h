/* sealdesk-page-view.h: all pages of a document in one continuous, scrollable column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
