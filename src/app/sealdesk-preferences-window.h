/* sealdesk-preferences-window.h: Sealdesk's preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_WINDOW (sealdesk_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesWindow,
                      sealdesk_preferences_window,
                      SEALDESK,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The preferences of @workspace (its keys and tokens). */
GtkWidget *sealdesk_preferences_window_new (GtkWindow   *parent,
                                            SdWorkspace *workspace);

G_END_DECLS
