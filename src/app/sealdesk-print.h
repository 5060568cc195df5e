/* sealdesk-print.h: printing a document (GtkPrintOperation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-document.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PRINT_OPERATION (sealdesk_print_operation_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPrintOperation, sealdesk_print_operation, SEALDESK, PRINT_OPERATION, GtkPrintOperation)

SealdeskPrintOperation *sealdesk_print_operation_new               (SealdeskDocument       *document,
                                                                    guint                   current_page);
SealdeskDocument       *sealdesk_print_operation_get_document      (SealdeskPrintOperation *self);
gboolean                sealdesk_print_operation_get_shrink_to_fit (SealdeskPrintOperation *self);
void                    sealdesk_print_operation_set_shrink_to_fit (SealdeskPrintOperation *self,
                                                                    gboolean                shrink);

G_END_DECLS
