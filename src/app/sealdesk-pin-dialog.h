/* sealdesk-pin-dialog.h: asks for the PIN of a token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEALDESK_TYPE_PIN_DIALOG (sealdesk_pin_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPinDialog,
                      sealdesk_pin_dialog,
                      SEALDESK,
                      PIN_DIALOG,
                      AdwMessageDialog)

/* @prompt: what the key backend asks ("PIN for the token “Company seal”").
 * @tries_left: what the token reports, or -1 when it does not say. */
GtkWidget *sealdesk_pin_dialog_new (GtkWindow *parent, const char *prompt, int tries_left);
/* The PIN typed, as a new secret for the key backend (which wipes it with
 * sd_secret_free()); the entry is emptied at once. */
char *sealdesk_pin_dialog_take_pin (SealdeskPinDialog *self);

/* An SdPinCallback for key backends running in a worker thread: shows the
 * dialog on the main thread, waits for the answer, and returns the PIN (or
 * NULL when the person cancelled). @user_data: the parent GtkWindow, which
 * the caller keeps alive meanwhile; may be NULL. Never call it on the main
 * thread. */
char *sealdesk_pin_dialog_ask (const char *prompt, int tries_left, gpointer user_data);

G_END_DECLS
