/* sealdesk-page-layout.h: where each page sits in the continuous page view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

#include "sealdesk-document-model.h"

G_BEGIN_DECLS

/* Zoom 1.0 shows a page at its printed size on a 96 dpi screen. */
#define SEALDESK_PIXELS_PER_POINT (96.0 / 72.0)
/* Gap between pages and around them, in logical pixels. */
#define SEALDESK_PAGE_SPACING 12
#define SEALDESK_PAGE_MARGIN  16

typedef struct _SealdeskPageLayout SealdeskPageLayout;

SealdeskPageLayout *sealdesk_page_layout_new           (void);
void                sealdesk_page_layout_free          (SealdeskPageLayout *self);
void                sealdesk_page_layout_update        (SealdeskPageLayout *self,
                                                        SealdeskDocument   *document,
                                                        double              scale,
                                                        guint               rotation);
void                sealdesk_page_layout_measure       (SealdeskDocument   *document,
                                                        double              scale,
                                                        guint               rotation,
                                                        int                *width,
                                                        int                *height);
guint               sealdesk_page_layout_get_n_pages   (SealdeskPageLayout *self);
int                 sealdesk_page_layout_get_width     (SealdeskPageLayout *self);
int                 sealdesk_page_layout_get_height    (SealdeskPageLayout *self);
void                sealdesk_page_layout_get_page_rect (SealdeskPageLayout *self,
                                                        guint               page,
                                                        int                 viewport_width,
                                                        GdkRectangle       *rect);
gboolean            sealdesk_page_layout_get_visible   (SealdeskPageLayout *self,
                                                        double              top,
                                                        double              bottom,
                                                        guint              *first,
                                                        guint              *last);
guint               sealdesk_page_layout_page_at       (SealdeskPageLayout *self,
                                                        double              y);
double              sealdesk_page_layout_fit_scale     (SealdeskDocument   *document,
                                                        SealdeskSizingMode  mode,
                                                        guint               rotation,
                                                        int                 viewport_width,
                                                        int                 viewport_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SealdeskPageLayout, sealdesk_page_layout_free)

G_END_DECLS
