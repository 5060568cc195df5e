/* sealdesk-preferences-sync-page.h: the shared folder and paired workstations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-sync-monitor.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_PREFERENCES_SYNC_PAGE (sealdesk_preferences_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskPreferencesSyncPage,
                      sealdesk_preferences_sync_page,
                      SEALDESK,
                      PREFERENCES_SYNC_PAGE,
                      AdwPreferencesPage)

/* The shared folder of @settings, what is published, the peers of
 * @workspace; the status of @monitor (may be NULL). */
GtkWidget *sealdesk_preferences_sync_page_new (SdWorkspace         *workspace,
                                               GSettings           *settings,
                                               SealdeskSyncMonitor *monitor);

G_END_DECLS
