/* sealdesk-seal-key-row.h: the key a new seal signs with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEAL_KEY_ROW (sealdesk_seal_key_row_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealKeyRow, sealdesk_seal_key_row, SEALDESK, SEAL_KEY_ROW, AdwEntryRow)

/* An entry row holding a key ID (keyring:…, pkcs11:…, p12:FILE), with a
 * button listing @workspace's keys (listed when it is first opened). */
GtkWidget  *sealdesk_seal_key_row_new    (SdWorkspace        *workspace);
/* The key ID typed or chosen, without surrounding space; NULL when empty. */
char       *sealdesk_seal_key_row_dup_id (SealdeskSealKeyRow *self);

G_END_DECLS
