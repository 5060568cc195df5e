/* sealdesk-password-dialog.h: asks for the password of a protected document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_PASSWORD_DIALOG (sealdesk_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPasswordDialog, sealdesk_password_dialog, SEALDESK, PASSWORD_DIALOG, AdwMessageDialog)

GtkWidget  *sealdesk_password_dialog_new          (GtkWindow              *parent,
                                                   const char             *document_name,
                                                   gboolean                retry);
gboolean    sealdesk_password_dialog_get_retry    (SealdeskPasswordDialog *self);
const char *sealdesk_password_dialog_get_password (SealdeskPasswordDialog *self);
void        sealdesk_password_dialog_set_password (SealdeskPasswordDialog *self,
                                                   const char             *password);

G_END_DECLS
