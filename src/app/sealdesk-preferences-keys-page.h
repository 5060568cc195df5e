/* sealdesk-preferences-keys-page.h: the signing keys, to import and remove
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_KEYS_PAGE (sealdesk_preferences_keys_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesKeysPage,
                      sealdesk_preferences_keys_page,
                      SEALDESK,
                      PREFERENCES_KEYS_PAGE,
                      AdwPreferencesPage)

/* The signing keys of @workspace. */
GtkWidget *sealdesk_preferences_keys_page_new (SdWorkspace *workspace);

G_END_DECLS
