/* sd-qr-zbar.c: the module "qr": reading a QR code with zbar
 *
 * Only glib and zbar here: the module takes nothing from the core.
 */
#include <gmodule.h>
#include <zbar.h>

#include "sd-qr-module.h"

G_MODULE_EXPORT char *sd_qr_module_decode (const guint8 *gray,
                                           int           width,
                                           int           height);

char *
sd_qr_module_decode (const guint8 *gray,
                     int           width,
                     int           height)
{
  zbar_image_scanner_t *scanner;
  zbar_image_t *image;
  char *found = NULL;

  scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, gray, (unsigned long) width * height, NULL);
  if (zbar_scan_image (scanner, image) > 0)
    {
      for (const zbar_symbol_t *sym = zbar_image_first_symbol (image); sym != NULL;
           sym = zbar_symbol_next (sym))
        if (zbar_symbol_get_type (sym) == ZBAR_QRCODE)
          {
            found = g_strdup (zbar_symbol_get_data (sym));
            break;
          }
    }
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return found;
}
