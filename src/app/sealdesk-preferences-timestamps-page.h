/* sealdesk-preferences-timestamps-page.h: timestamp authorities, the signature level, what waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-timestamp-extender.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_TIMESTAMPS_PAGE (sealdesk_preferences_timestamps_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesTimestampsPage,
                      sealdesk_preferences_timestamps_page,
                      SEALDESK,
                      PREFERENCES_TIMESTAMPS_PAGE,
                      AdwPreferencesPage)

/* The tsa-urls and signature-level keys of @settings; the queue of
 * @extender. "Test" asks an authority with @workspace's trust list. */
GtkWidget *sealdesk_preferences_timestamps_page_new (SdWorkspace               *workspace,
                                                     GSettings                 *settings,
                                                     SealdeskTimestampExtender *extender);

G_END_DECLS
