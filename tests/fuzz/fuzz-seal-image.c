/* fuzz-seal-image.c: importing a scanned seal or signature (PNG, JPEG) on
 * any bytes, with and without making the white background transparent;
 * a picture that imports must load again as a seal picture */
#include "config.h"

#include "fuzz-common.h"
#include "sd-seal-import.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  SdSealImportOptions opts = { 0 };

  fuzz_init ();
  bytes = g_bytes_new (data, size);
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GError) error = NULL;
      int width = 0, height = 0;

      opts.white_to_transparent = pass == 1;
      opts.threshold = size > 0 ? data[0] : 0;
      png = sd_seal_import_image_data (bytes, "input", &opts, &width, &height, &error);
      if (png != NULL && (width <= 0 || height <= 0 || width > 4096 || height > 4096))
        g_error ("imported a picture of %d × %d pixels", width, height);
      if (png != NULL)
        {
          g_autofree char *path = fuzz_write_file ("seal.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
          g_autoptr(GError) load_error = NULL;
          SdSealImage *image = sd_seal_image_load_png (path, &load_error);

          if (image == NULL)
            g_error ("an imported picture does not load as a seal: %s", load_error->message);
          sd_seal_image_unref (image);
        }
    }
  return 0;
}
