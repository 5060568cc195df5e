/* sealdesk-document-model.h: what the views show (document, page, zoom, rotation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-document.h"

G_BEGIN_DECLS

/* Zoom levels a person can choose; fitting may go below the minimum. */
#define SEALDESK_MIN_SCALE 0.5
#define SEALDESK_MAX_SCALE 4.0
#define SEALDESK_MIN_FIT_SCALE 0.1

typedef enum
{
  SEALDESK_SIZING_FREE,
  SEALDESK_SIZING_FIT_WIDTH,
  SEALDESK_SIZING_FIT_PAGE,
} SealdeskSizingMode;

#define SEALDESK_TYPE_SIZING_MODE (sealdesk_sizing_mode_get_type ())
GType sealdesk_sizing_mode_get_type (void);

#define SEALDESK_TYPE_DOCUMENT_MODEL (sealdesk_document_model_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskDocumentModel, sealdesk_document_model, SEALDESK, DOCUMENT_MODEL, GObject)

SealdeskDocumentModel *sealdesk_document_model_new             (void);
SealdeskDocument      *sealdesk_document_model_get_document    (SealdeskDocumentModel *self);
void                   sealdesk_document_model_set_document    (SealdeskDocumentModel *self,
                                                                SealdeskDocument      *document);
guint                  sealdesk_document_model_get_n_pages     (SealdeskDocumentModel *self);
int                    sealdesk_document_model_get_page        (SealdeskDocumentModel *self);
void                   sealdesk_document_model_set_page        (SealdeskDocumentModel *self,
                                                                int                    page);
double                 sealdesk_document_model_get_scale       (SealdeskDocumentModel *self);
void                   sealdesk_document_model_set_scale       (SealdeskDocumentModel *self,
                                                                double                 scale);
SealdeskSizingMode     sealdesk_document_model_get_sizing_mode (SealdeskDocumentModel *self);
void                   sealdesk_document_model_set_sizing_mode (SealdeskDocumentModel *self,
                                                                SealdeskSizingMode     mode);
guint                  sealdesk_document_model_get_rotation    (SealdeskDocumentModel *self);
void                   sealdesk_document_model_set_rotation    (SealdeskDocumentModel *self,
                                                                guint                  rotation);

G_END_DECLS
