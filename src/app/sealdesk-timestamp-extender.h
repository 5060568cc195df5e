/* sealdesk-timestamp-extender.h: documents waiting for trusted time, extended in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-pending.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_TIMESTAMP_EXTENDER (sealdesk_timestamp_extender_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskTimestampExtender, sealdesk_timestamp_extender,
                      SEALDESK, TIMESTAMP_EXTENDER, GObject)

/* Follows the tsa-urls key of @settings. */
SealdeskTimestampExtender *sealdesk_timestamp_extender_new           (GSettings                 *settings);
void                       sealdesk_timestamp_extender_set_workspace (SealdeskTimestampExtender *self,
                                                                      SdWorkspace               *workspace);
/* Reads the queue again (a document was queued): "changed" follows. */
void                       sealdesk_timestamp_extender_reload        (SealdeskTimestampExtender *self);
/* A pass as soon as none runs, whatever the backoff says. */
void                       sealdesk_timestamp_extender_extend_now    (SealdeskTimestampExtender *self);
/* Takes the document @id (SdPendingDocument) off the queue: it stays B-B. */
void                       sealdesk_timestamp_extender_forget        (SealdeskTimestampExtender *self,
                                                                      gint64                     id);
/* Stops for good (the application is going away). */
void                       sealdesk_timestamp_extender_stop          (SealdeskTimestampExtender *self);

/* The queue as last read (SdPendingDocument, owned by @self), oldest first. */
GPtrArray                 *sealdesk_timestamp_extender_get_pending   (SealdeskTimestampExtender *self);
gboolean                   sealdesk_timestamp_extender_get_running   (SealdeskTimestampExtender *self);
/* Why the last pass left documents waiting, or NULL. */
const char                *sealdesk_timestamp_extender_get_error     (SealdeskTimestampExtender *self);
/* How many passes have finished (tests wait on it). */
guint                      sealdesk_timestamp_extender_get_passes    (SealdeskTimestampExtender *self);

G_END_DECLS
