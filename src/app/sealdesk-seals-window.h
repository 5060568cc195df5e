/* sealdesk-seals-window.h: the seal library in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-seals-view.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEALS_WINDOW (sealdesk_seals_window_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealsWindow, sealdesk_seals_window, SEALDESK, SEALS_WINDOW, AdwWindow)

/* The seal library of @workspace (a SealdeskSealsView) in a window of
 * @app, over @parent when given. */
GtkWidget         *sealdesk_seals_window_new      (GtkApplication      *app,
                                                   GtkWindow           *parent,
                                                   SdWorkspace         *workspace);
SealdeskSealsView *sealdesk_seals_window_get_view (SealdeskSealsWindow *self);

G_END_DECLS
