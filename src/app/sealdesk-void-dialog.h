/* sealdesk-void-dialog.h: "Mark as Void…": the void of a signed document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_VOID_DIALOG (sealdesk_void_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskVoidDialog, sealdesk_void_dialog, SEALDESK, VOID_DIALOG, AdwWindow)

/* Voids @document (signed) into NAME-void.pdf beside it, with a key of
 * @workspace and a reason, through the sealing operation; emits
 * "voided" (GFile *output) when the copy is written. @password: the
 * document's, or NULL. */
GtkWidget *sealdesk_void_dialog_new (GtkWindow   *parent,
                                     SdWorkspace *workspace,
                                     GFile       *document,
                                     const char  *password);
/* Where the voided copy of @document goes: NAME-void.pdf beside it
 * (NAME-void-2.pdf … when that is taken). */
GFile     *sealdesk_void_dialog_default_output (GFile *document);

G_END_DECLS
