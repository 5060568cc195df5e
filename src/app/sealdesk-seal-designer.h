/* sealdesk-seal-designer.h: draws an official seal or a name seal, with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEAL_DESIGNER (sealdesk_seal_designer_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealDesigner, sealdesk_seal_designer, SEALDESK, SEAL_DESIGNER, AdwWindow)

/* A dialog over @parent. "Save" adds the seal to @workspace's library,
 * emits "saved" (const char *seal_id, const char *name) and closes. */
GtkWidget  *sealdesk_seal_designer_new         (GtkWindow            *parent,
                                                SdWorkspace          *workspace);
/* Is a preview or the saving being drawn (in a worker thread), or a
 * preview waiting for the typing to pause? */
gboolean    sealdesk_seal_designer_is_busy     (SealdeskSealDesigner *self);
/* The picture shown as the preview, or NULL (none yet, or the design is
 * wrong: see the message under it). */
GdkTexture *sealdesk_seal_designer_get_preview (SealdeskSealDesigner *self);

G_END_DECLS
