/* fuzz-qr-payload.c: the QR verification code of a printout, on any bytes
 *
 * The input is checked as a payload (SDQR1|…) against a document signed
 * once at start with the test PKI, and, read as a picture, through the QR
 * decoder (`verify --qr-image`) whose text is checked the same way. The
 * genuine payload must match; nothing else needs to.
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sd-key-p12.h"
#include "sd-marks-qr.h"
#include "sd-signer.h"
#include "sd-verify.h"
#include "sd-verify-report.h"

static char *signed_path;
static SdVerifyReport *report;

static void
setup (void)
{
  g_autofree char *p12 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GDateTime) when = NULL;
  SdSignOptions opts;

  if (report != NULL)
    return;
  fuzz_init ();
  p12 = fuzz_pki_file ("rsa2048.p12");
  key = sd_key_p12_open (p12, "sealdesk-test", &error);
  if (key == NULL)
    g_error ("cannot open the test key %s: %s", p12, error->message);
  input = fuzz_fixture_file ("xref-table.pdf");
  signed_path = g_build_filename (fuzz_tmpdir (), "signed.pdf", NULL);
  when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  sd_sign_options_init (&opts);
  opts.signing_time = g_date_time_ref (when);
  if (!sd_sign_document (input, signed_path, key, &opts, NULL, NULL, NULL, &error))
    g_error ("cannot sign %s: %s", input, error->message);
  sd_sign_options_clear (&opts);
  report = sd_verify_document (signed_path, NULL, NULL, NULL, NULL, NULL, &error);
  if (report == NULL)
    g_error ("cannot verify %s: %s", signed_path, error->message);

  payload = sd_qr_payload_new (input, sd_key_get_certificate (key), when, NULL, &error);
  if (payload == NULL)
    g_error ("no payload for %s: %s", input, error->message);
  if (!sd_qr_check (signed_path, report, payload, &why, &error))
    g_error ("the genuine payload %s does not match: %s", payload,
             why != NULL ? why : error->message);
  if (g_getenv ("SD_FUZZ_PRINT_SEED") != NULL)
    g_print ("%s\n", payload);
}

static void
check_payload (const char *payload)
{
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_qr_check (signed_path, report, payload, &why, &error) && why == NULL && error == NULL)
    g_error ("a refused payload without a reason");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *payload = g_strndup ((const char *) data, size);
  g_autofree char *image = NULL;
  g_autofree char *decoded = NULL;

  setup ();
  check_payload (payload);
  if (size >= 4 && memcmp (data, "SDQR", 4) != 0)
    {
      image = fuzz_write_file ("code.png", data, size);
      decoded = sd_qr_decode_image (image, NULL);
      if (decoded != NULL)
        check_payload (decoded);
    }
  return 0;
}
