/* sealdesk-handwriting-dialog.h: captures a handwritten signature as a seal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-handwriting-pad.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_HANDWRITING_DIALOG (sealdesk_handwriting_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskHandwritingDialog, sealdesk_handwriting_dialog, SEALDESK, HANDWRITING_DIALOG, AdwWindow)

/* A dialog over @parent. "Save" adds the signature to @workspace's seal
 * library as a seal of kind "handwritten", emits "saved" (const char
 * *seal_id, const char *name) and closes. Ctrl+Z undoes the last stroke,
 * Escape cancels. */
GtkWidget              *sealdesk_handwriting_dialog_new      (GtkWindow                 *parent,
                                                              SdWorkspace               *workspace);
SealdeskHandwritingPad *sealdesk_handwriting_dialog_get_pad  (SealdeskHandwritingDialog *self);
/* Is the signature being saved (in a worker thread)? */
gboolean                sealdesk_handwriting_dialog_is_busy  (SealdeskHandwritingDialog *self);

G_END_DECLS
