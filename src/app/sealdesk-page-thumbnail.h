/* sealdesk-page-thumbnail.h: one page's picture in the thumbnails sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_PAGE_THUMBNAIL (sealdesk_page_thumbnail_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPageThumbnail, sealdesk_page_thumbnail, SEALDESK, PAGE_THUMBNAIL, GtkWidget)

GtkWidget  *sealdesk_page_thumbnail_new         (void);
void        sealdesk_page_thumbnail_set_size    (SealdeskPageThumbnail *self,
                                                 int                    width,
                                                 int                    height);
GdkTexture *sealdesk_page_thumbnail_get_texture (SealdeskPageThumbnail *self);
void        sealdesk_page_thumbnail_set_texture (SealdeskPageThumbnail *self,
                                                 GdkTexture            *texture);

G_END_DECLS
