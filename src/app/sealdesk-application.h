/* sealdesk-application.h: the Sealdesk application (single instance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"
#include "sealdesk-sync-monitor.h"
#include "sealdesk-timestamp-extender.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_APPLICATION (sealdesk_application_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskApplication, sealdesk_application, SEALDESK, APPLICATION, AdwApplication)

SealdeskApplication *sealdesk_application_new             (void);
GSettings           *sealdesk_application_get_settings    (SealdeskApplication *self);
GMenuModel          *sealdesk_application_get_recent_menu (SealdeskApplication *self);
GtkWindow           *sealdesk_application_open_file       (SealdeskApplication *self,
                                                           GFile               *file,
                                                           GtkWindow           *reuse);
GFile               *sealdesk_application_get_sample_file (void);
GSettings           *sealdesk_application_new_settings    (void);
SdWorkspace         *sealdesk_application_get_workspace   (SealdeskApplication *self);
const GError        *sealdesk_application_get_workspace_error (SealdeskApplication *self);
gboolean             sealdesk_application_get_workspace_opening (SealdeskApplication *self);
void                 sealdesk_application_trust_changed   (SealdeskApplication *self);
SealdeskSyncMonitor *sealdesk_application_get_sync_monitor (SealdeskApplication *self);
SealdeskTimestampExtender *sealdesk_application_get_timestamp_extender (SealdeskApplication *self);

G_END_DECLS
