/* fuzz-pdf-sign.c: the incremental writer, signing any bytes as a PDF
 *
 * Each input is signed with the test PKI's RSA key into a file in memory
 * (/dev/shm when there is one): an invisible signature for inputs of even
 * length, a visible seal on page 1 for odd ones. When signing succeeds the
 * output must begin with the input byte for byte (an incremental update
 * never rewrites what was signed before) and open again with one more
 * signature; anything else aborts.
 */
#include "config.h"

#include <cairo.h>
#include <string.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "sd-key-p12.h"
#include "sd-pdf-document.h"
#include "sd-signer.h"

static SdKey *key;
static char *seal_png;

static void
setup (void)
{
  g_autofree char *p12 = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (key != NULL)
    return;
  fuzz_init ();
  p12 = fuzz_pki_file ("rsa2048.p12");
  key = sd_key_p12_open (p12, "sealdesk-test", &error);
  if (key == NULL)
    g_error ("cannot open the test key %s: %s", p12, error->message);

  seal_png = g_build_filename (fuzz_tmpdir (), "seal.png", NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 40);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.8, 0, 0);
  cairo_arc (cr, 20, 20, 18, 0, 6.3);
  cairo_fill (cr);
  cairo_destroy (cr);
  if (cairo_surface_write_to_png (surface, seal_png) != CAIRO_STATUS_SUCCESS)
    g_error ("cannot write %s", seal_png);
  cairo_surface_destroy (surface);
}

static int
count_signatures (const char *path)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, NULL);

  return doc != NULL ? sd_pdf_document_get_n_signatures (doc) : -1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  SdSignOptions opts;
  int before;

  setup ();
  in = fuzz_write_file ("input.pdf", data, size);
  out = g_build_filename (fuzz_tmpdir (), "output.pdf", NULL);
  g_unlink (out);
  before = count_signatures (in);

  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Fuzzing");
  when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  opts.signing_time = g_date_time_ref (when);
  if (size % 2 == 1)
    sd_sign_options_add_seal (&opts, 1, 36, 36, 72, 72, seal_png);

  if (sd_sign_document (in, out, key, &opts, NULL, NULL, NULL, &error))
    {
      g_autofree char *signed_data = NULL;
      gsize signed_len = 0;
      int after;

      if (!g_file_get_contents (out, &signed_data, &signed_len, NULL))
        g_error ("signing succeeded but wrote no output");
      if (signed_len <= size || memcmp (signed_data, data, size) != 0)
        g_error ("the signed output does not begin with the input");
      after = count_signatures (out);
      if (before >= 0 && after != before + 1)
        g_error ("the signed output has %d signatures, the input had %d", after, before);
    }
  else if (g_file_test (out, G_FILE_TEST_EXISTS))
    g_error ("signing failed (%s) but left an output file", error->message);
  sd_sign_options_clear (&opts);
  return 0;
}
