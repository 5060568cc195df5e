/* sealdesk-document.h: an opened PDF document, loaded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sealdesk-page-cache.h"
#include "sealdesk-render-queue.h"

G_BEGIN_DECLS

#define SEALDESK_DOCUMENT_ERROR (sealdesk_document_error_quark ())

typedef enum
{
  SEALDESK_DOCUMENT_ERROR_UNREADABLE,
  SEALDESK_DOCUMENT_ERROR_NOT_PDF,
  SEALDESK_DOCUMENT_ERROR_DAMAGED,
  SEALDESK_DOCUMENT_ERROR_NEEDS_PASSWORD,
  SEALDESK_DOCUMENT_ERROR_BAD_PASSWORD,
} SealdeskDocumentError;

#define SEALDESK_TYPE_DOCUMENT (sealdesk_document_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskDocument, sealdesk_document, SEALDESK, DOCUMENT, GObject)

GQuark               sealdesk_document_error_quark      (void);
void                 sealdesk_document_load_async       (GFile                *file,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SealdeskDocument    *sealdesk_document_load_finish      (GAsyncResult         *result,
                                                         GError              **error);
GFile               *sealdesk_document_get_file         (SealdeskDocument     *self);
const char          *sealdesk_document_get_title        (SealdeskDocument     *self);
gboolean             sealdesk_document_get_can_print    (SealdeskDocument     *self);
guint                sealdesk_document_get_n_pages      (SealdeskDocument     *self);
void                 sealdesk_document_get_page_size    (SealdeskDocument     *self,
                                                         guint                 page,
                                                         double               *width,
                                                         double               *height);
void                 sealdesk_document_get_max_page_size (SealdeskDocument    *self,
                                                         double               *width,
                                                         double               *height);
const char          *sealdesk_document_get_page_label   (SealdeskDocument     *self,
                                                         guint                 page);
SealdeskRenderQueue *sealdesk_document_get_render_queue (SealdeskDocument     *self);
SealdeskRenderGuard *sealdesk_document_get_render_guard (SealdeskDocument     *self);
SealdeskPageCache   *sealdesk_document_get_page_cache   (SealdeskDocument     *self);

G_END_DECLS
