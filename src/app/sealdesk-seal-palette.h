/* sealdesk-seal-palette.h: the seals of the library, to drag onto pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEAL_PALETTE (sealdesk_seal_palette_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealPalette, sealdesk_seal_palette, SEALDESK, SEAL_PALETTE, GtkWidget)

GtkWidget  *sealdesk_seal_palette_new           (void);
void        sealdesk_seal_palette_set_workspace (SealdeskSealPalette *self,
                                                 SdWorkspace         *workspace);
/* Reads the library again. */
void        sealdesk_seal_palette_reload        (SealdeskSealPalette *self);
/* The seal chosen with a click (to place with a click on a page), or NULL. */
const char *sealdesk_seal_palette_get_selected  (SealdeskSealPalette *self);
void        sealdesk_seal_palette_unselect      (SealdeskSealPalette *self);
/* The row of @seal_id, or NULL. */
GtkWidget  *sealdesk_seal_palette_get_row       (SealdeskSealPalette *self,
                                                 const char          *seal_id);

G_END_DECLS
