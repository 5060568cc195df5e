/* sealdesk-seals-view.h: the seal library, its seals and their lifecycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEALS_VIEW (sealdesk_seals_view_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealsView, sealdesk_seals_view, SEALDESK, SEALS_VIEW, AdwBin)

/* Lists the seal library of @workspace. Emits "changed" after each change
 * it made itself (a seal added, granted, suspended…), once the list shows
 * it; call sealdesk_seals_view_reload() when the library changed
 * elsewhere. Its actions ("seals.import", "seals.generate",
 * "seals.draw", "seals.reload"; "seals.grant", "seals.withdraw",
 * "seals.suspend", "seals.restore", "seals.revoke", "seals.destroy" with
 * the seal ID) can be reached from any widget inside it. */
GtkWidget *sealdesk_seals_view_new             (SdWorkspace       *workspace);
void       sealdesk_seals_view_reload          (SealdeskSealsView *self);
/* Is a listing or a change running (in a worker thread)? */
gboolean   sealdesk_seals_view_is_busy         (SealdeskSealsView *self);
/* The number of seals listed. */
guint      sealdesk_seals_view_get_n_seals     (SealdeskSealsView *self);
/* Reads the picture @file (PNG or JPEG; in a worker thread), then asks
 * for its name, kind, size and key and adds it, as "Import…" does once
 * the file is chosen. A file that is no picture is said in a dialog. */
void       sealdesk_seals_view_import_file     (SealdeskSealsView *self,
                                                GFile             *file);
/* The dialog the view has open (a confirmation, the import details, the
 * seal designer, the handwriting pad, an error), or NULL. */
GtkWindow *sealdesk_seals_view_get_dialog      (SealdeskSealsView *self);

G_END_DECLS
