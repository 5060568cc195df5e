/* sealdesk-sync-monitor.h: the shared folder, watched and synced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum {
  SEALDESK_SYNC_STATE_OFF,      /* no shared folder chosen, or no workspace */
  SEALDESK_SYNC_STATE_IDLE,     /* the last pass went through */
  SEALDESK_SYNC_STATE_SYNCING,  /* a pass runs */
  SEALDESK_SYNC_STATE_ERROR,    /* the last pass failed: the folder cannot be used */
} SealdeskSyncState;

#define SEALDESK_TYPE_SYNC_STATE (sealdesk_sync_state_get_type ())
GType sealdesk_sync_state_get_type (void);

#define SEALDESK_TYPE_SYNC_MONITOR (sealdesk_sync_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSyncMonitor, sealdesk_sync_monitor, SEALDESK, SYNC_MONITOR, GObject)

/* Follows the sync-* keys of @settings. */
SealdeskSyncMonitor *sealdesk_sync_monitor_new            (GSettings           *settings);
void                 sealdesk_sync_monitor_set_workspace  (SealdeskSyncMonitor *self,
                                                           SdWorkspace         *workspace);
/* A pass as soon as none runs (one more after the running one). */
void                 sealdesk_sync_monitor_sync_now       (SealdeskSyncMonitor *self);
/* Stops watching for good (the application is going away). */
void                 sealdesk_sync_monitor_stop           (SealdeskSyncMonitor *self);

SealdeskSyncState    sealdesk_sync_monitor_get_state      (SealdeskSyncMonitor *self);
const char          *sealdesk_sync_monitor_get_folder     (SealdeskSyncMonitor *self);
/* When the last pass went through, or NULL. */
GDateTime           *sealdesk_sync_monitor_get_last_sync  (SealdeskSyncMonitor *self);
/* Why the last pass failed (state ERROR), else NULL. */
const char          *sealdesk_sync_monitor_get_error      (SealdeskSyncMonitor *self);
/* What waits to go out (the publish queue), as of the last pass. */
gint64               sealdesk_sync_monitor_get_queued     (SealdeskSyncMonitor *self);
/* Since the application started: taken in, refused. */
guint                sealdesk_sync_monitor_get_imported   (SealdeskSyncMonitor *self);
guint                sealdesk_sync_monitor_get_refused    (SealdeskSyncMonitor *self);
/* Conflict copies seen by the last pass. */
guint                sealdesk_sync_monitor_get_conflicts  (SealdeskSyncMonitor *self);
/* What happened lately (newest last): passes that took, refused or
 * failed something, each message as the core wrote it. */
GStrv                sealdesk_sync_monitor_dup_messages   (SealdeskSyncMonitor *self);
/* For a person: one line (a tooltip), several lines (details). */
char                *sealdesk_sync_monitor_dup_summary    (SealdeskSyncMonitor *self);
char                *sealdesk_sync_monitor_dup_details    (SealdeskSyncMonitor *self);
/* How many passes have finished (tests wait on it). */
guint                sealdesk_sync_monitor_get_passes     (SealdeskSyncMonitor *self);

G_END_DECLS
