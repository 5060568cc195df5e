/* fuzz-verify.c: the verifier on any bytes: ByteRange checks, CMS
 * (SignedData, certificates, timestamps), /DSS, and the comparison of
 * revisions after each signature
 *
 * The test PKI's root is trusted so that well-formed signatures reach the
 * chain and revision checks; nothing is fetched from the network (no LTV
 * fetching happens in verification). The report is written as JSON and
 * text, as `sealdesk-cli verify` does.
 */
#include "config.h"

#include "fuzz-common.h"
#include "sd-verify.h"
#include "sd-verify-report.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *ca;
  g_autofree char *path = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *trust[2] = { NULL, NULL };
  SdVerifyOptions opts = { 0 };

  fuzz_init ();
  if (ca == NULL)
    ca = fuzz_pki_file ("ca.pem");
  trust[0] = ca;
  opts.trust_files = trust;
  opts.data_dir = fuzz_tmpdir ();

  path = fuzz_write_file ("input.pdf", data, size);
  report = sd_verify_document (path, NULL, &opts, NULL, NULL, NULL, &error);
  if (report != NULL)
    {
      g_free (sd_verify_report_to_json (report, FALSE));
      g_free (sd_verify_report_to_text (report));
      sd_verify_report_get_void (report);
    }
  return 0;
}
