/* sealdesk-sign-panel.h: the key, details, progress and result of a signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-signer.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SIGN_PANEL (sealdesk_sign_panel_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSignPanel, sealdesk_sign_panel, SEALDESK, SIGN_PANEL, GtkBox)

/* Once, before use: lists @workspace's keys. */
void   sealdesk_sign_panel_set_workspace (SealdeskSignPanel *self, SdWorkspace *workspace);
SdKey *sealdesk_sign_panel_get_key (SealdeskSignPanel *self);
/* The chosen key's ID ("" for none, so that it binds to a setting). */
const char *sealdesk_sign_panel_get_key_id (SealdeskSignPanel *self);
void        sealdesk_sign_panel_set_key_id (SealdeskSignPanel *self, const char *id);
/* What is signed (e.g. the seals placed), shown below the details; NULL
 * hides it. */
void sealdesk_sign_panel_set_summary (SealdeskSignPanel *self, const char *summary);
/* The reason and location typed, into @opts (initialised). */
void sealdesk_sign_panel_fill_options (SealdeskSignPanel *self, SdSignOptions *opts);

/* A signing starts: the choices are locked, the progress shows "Unlocking
 * the key…". Returns the signing's cancellable (owned by the panel). */
GCancellable *sealdesk_sign_panel_start (SealdeskSignPanel *self);
void sealdesk_sign_panel_set_progress (SealdeskSignPanel *self, double fraction, const char *text);
/* The signing ended. FALSE when the window was closed meanwhile: it is
 * closed now, and nothing more is to be shown. */
gboolean sealdesk_sign_panel_finish (SealdeskSignPanel *self);
gboolean sealdesk_sign_panel_get_busy (SealdeskSignPanel *self);
/* "Cancel Signing" beside the progress bar: stops the signing under way
 * (the progress says "Cancelling…" until it has stopped); FALSE when none
 * runs. */
gboolean sealdesk_sign_panel_cancel (SealdeskSignPanel *self);
/* Cancel or Escape: stops the signing under way; without one, closes the
 * window. */
void sealdesk_sign_panel_cancel_or_close (SealdeskSignPanel *self);
/* For the window's close-request: TRUE (stay) while a signing runs, which
 * is stopped first (the worker uses the window); the window closes when
 * it has stopped. */
gboolean sealdesk_sign_panel_close_request (SealdeskSignPanel *self);

/* A result or a problem, in words (NULL: none). @repair: offer "Sign a
 * Repaired Copy" (the "repair" signal). */
void sealdesk_sign_panel_show_status (SealdeskSignPanel *self,
                                      const char        *message,
                                      gboolean           is_error,
                                      gboolean           repair);

/* A result in a toast over the panel (as well as in the status). */
void sealdesk_sign_panel_add_toast (SealdeskSignPanel *self, const char *message);

G_END_DECLS
