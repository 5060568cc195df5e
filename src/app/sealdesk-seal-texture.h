/* sealdesk-seal-texture.h: seal pictures of the seal library as textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-seal-library.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

/* Millimetres to PDF points. */
#define SEALDESK_PT_PER_MM (72.0 / 25.4)

/* The picture of the seal @seal_id of @workspace's library (reads the
 * database: call it in a worker thread where that matters). Textures are
 * shared by the SHA-256 of the picture, from any thread. Errors are the
 * library's (SD_WORKSPACE_ERROR_NOT_FOUND) or the decoder's. */
GdkTexture *sealdesk_seal_texture_new      (SdWorkspace *workspace,
                                            const char  *seal_id,
                                            GError     **error);
/* The same for a seal already read from the library. */
GdkTexture *sealdesk_seal_texture_for_seal (SdSeal      *seal,
                                            GError     **error);
/* The seal's true size in points (1/72 inch), from its size in mm. */
void        sealdesk_seal_true_size        (SdSeal      *seal,
                                            double      *width_pt,
                                            double      *height_pt);

G_END_DECLS
