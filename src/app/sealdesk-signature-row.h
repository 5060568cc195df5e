/* sealdesk-signature-row.h: one signature in the signatures panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-verify-task.h"

G_BEGIN_DECLS

/* What a person is told about one signature, worst last. */
typedef enum
{
  SEALDESK_SIGNATURE_STATUS_VALID,
  SEALDESK_SIGNATURE_STATUS_UNTRUSTED,
  SEALDESK_SIGNATURE_STATUS_CHANGED,
  SEALDESK_SIGNATURE_STATUS_INVALID,
} SealdeskSignatureStatus;

#define SEALDESK_TYPE_SIGNATURE_ROW (sealdesk_signature_row_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSignatureRow, sealdesk_signature_row, SEALDESK, SIGNATURE_ROW, GtkListBoxRow)

GtkWidget               *sealdesk_signature_row_new             (SdVerifyReport                  *report,
                                                                 guint                            index,
                                                                 const SealdeskSignatureLocation *location);
guint                    sealdesk_signature_row_get_index       (SealdeskSignatureRow            *self);
SealdeskSignatureStatus  sealdesk_signature_row_get_status      (SealdeskSignatureRow            *self);
const char              *sealdesk_signature_row_get_title       (SealdeskSignatureRow            *self);
const char              *sealdesk_signature_row_get_status_text (SealdeskSignatureRow            *self);
gboolean                 sealdesk_signature_row_get_expanded    (SealdeskSignatureRow            *self);
GtkWidget               *sealdesk_signature_row_get_certificate_dialog (SealdeskSignatureRow     *self);
void                     sealdesk_signature_row_set_expanded    (SealdeskSignatureRow            *self,
                                                                 gboolean                         expanded);

SealdeskSignatureStatus  sealdesk_signature_status_for          (const SdVerifySignature         *signature);
SealdeskSignatureStatus  sealdesk_signature_status_worst        (SdVerifyReport                  *report);

G_END_DECLS
