/* sealdesk-import-key-dialog.h: imports a PKCS#12 file into the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_IMPORT_KEY_DIALOG (sealdesk_import_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskImportKeyDialog,
                      sealdesk_import_key_dialog,
                      SEALDESK,
                      IMPORT_KEY_DIALOG,
                      AdwWindow)

/* Imports into @workspace's key store.
 * Emits "imported" (SdKey *key) and closes when the key is stored. */
GtkWidget *sealdesk_import_key_dialog_new (GtkWindow *parent, SdWorkspace *workspace);
/* Chooses @file as if picked in the file chooser. */
void sealdesk_import_key_dialog_set_file (SealdeskImportKeyDialog *self, GFile *file);
/* The question whether to create a keyring (an AdwMessageDialog), while
 * it is shown, or NULL. */
GtkWidget *sealdesk_import_key_dialog_get_keyring_question (SealdeskImportKeyDialog *self);

G_END_DECLS
