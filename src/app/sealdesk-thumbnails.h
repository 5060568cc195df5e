/* sealdesk-thumbnails.h: the sidebar of page thumbnails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-document-model.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_THUMBNAILS (sealdesk_thumbnails_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskThumbnails, sealdesk_thumbnails, SEALDESK, THUMBNAILS, GtkWidget)

GtkWidget             *sealdesk_thumbnails_new       (void);
SealdeskDocumentModel *sealdesk_thumbnails_get_model (SealdeskThumbnails    *self);
void                   sealdesk_thumbnails_set_model (SealdeskThumbnails    *self,
                                                      SealdeskDocumentModel *model);

G_END_DECLS
