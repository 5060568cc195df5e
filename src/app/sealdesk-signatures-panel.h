/* sealdesk-signatures-panel.h: the signatures of a document and whether they hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sealdesk-signature-row.h"
#include "sealdesk-verify-task.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SIGNATURES_PANEL (sealdesk_signatures_panel_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSignaturesPanel, sealdesk_signatures_panel, SEALDESK, SIGNATURES_PANEL, GtkWidget)

GtkWidget            *sealdesk_signatures_panel_new                 (void);
SealdeskVerifyTask   *sealdesk_signatures_panel_get_task            (SealdeskSignaturesPanel *self);
void                  sealdesk_signatures_panel_set_task            (SealdeskSignaturesPanel *self,
                                                                     SealdeskVerifyTask      *task);
const char           *sealdesk_signatures_panel_get_visible_page    (SealdeskSignaturesPanel *self);
guint                 sealdesk_signatures_panel_get_n_rows          (SealdeskSignaturesPanel *self);
SealdeskSignatureRow *sealdesk_signatures_panel_get_row             (SealdeskSignaturesPanel *self,
                                                                     guint                    index);
gboolean              sealdesk_signatures_panel_focus_first_problem (SealdeskSignaturesPanel *self);

G_END_DECLS
