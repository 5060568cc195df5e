/* sealdesk-sync-indicator.h: the shared folder's state, in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sealdesk-sync-monitor.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SYNC_INDICATOR (sealdesk_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSyncIndicator, sealdesk_sync_indicator, SEALDESK, SYNC_INDICATOR, AdwBin)

void        sealdesk_sync_indicator_set_monitor (SealdeskSyncIndicator *self,
                                                 SealdeskSyncMonitor   *monitor);
/* What the indicator says now, in one line (its tooltip): for tests. */
const char *sealdesk_sync_indicator_get_summary (SealdeskSyncIndicator *self);
/* The details it shows when clicked (several lines). */
const char *sealdesk_sync_indicator_get_details (SealdeskSyncIndicator *self);

G_END_DECLS
