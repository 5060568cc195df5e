/* sd-qr-module.h: what the module "qr" exports (modules/sd-qr-zbar.c) */
#pragma once

#include <glib.h>

/* The text of the first QR code in the @width × @height 8-bit gray image
 * @gray (rows without padding), or NULL. */
typedef char * (*SdQrModuleDecodeFunc) (const guint8 *gray,
                                        int           width,
                                        int           height);
