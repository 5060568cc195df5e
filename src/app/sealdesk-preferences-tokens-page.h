/* sealdesk-preferences-tokens-page.h: PKCS#11 modules and inserted tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_TOKENS_PAGE (sealdesk_preferences_tokens_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesTokensPage,
                      sealdesk_preferences_tokens_page,
                      SEALDESK,
                      PREFERENCES_TOKENS_PAGE,
                      AdwPreferencesPage)

/* The PKCS#11 modules added to @workspace and the tokens inserted. */
GtkWidget *sealdesk_preferences_tokens_page_new (SdWorkspace *workspace);

G_END_DECLS
