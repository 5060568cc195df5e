/* test-sign-checks.c: the checks of sign-checks.h can fail
 *
 * A check that never fails proves nothing. Each test here hands a check a
 * signed file broken on purpose (a byte changed in the signed part or the
 * original part, a CMS of the wrong shape in /Contents, a seal elsewhere
 * than claimed or upside down, a truncated file) and expects, in a
 * subprocess, the check to fail with the right message.
 */
#include "config.h"

#include <string.h>

#include <cairo.h>

#include "sd-test-util.h"
#include "sign-checks.h"

#define SEAL_RECT { 1, 100, 100, 120, 80 }

/* xref-table.pdf signed with the seal at SEAL_RECT, into @tmp. */
static char *
signed_file (const char *tmp,
             const char *seal)
{
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  const SignRect rect = SEAL_RECT;
  SdSignOptions opts;
  gboolean ok;

  g_assert_nonnull (key);
  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Corrupt me");
  sign_options_add_rects (&opts, &rect, 1, seal);
  ok = sign_document (in, out, key, &opts);
  sd_sign_options_clear (&opts);
  g_assert_true (ok);
  return out;
}

/* Replaces the first @from after byte @after with @to (same length). */
static void
patch (const char *path,
       gsize       after,
       const char *from,
       const char *to)
{
  g_autofree char *data = NULL;
  gsize len, n = strlen (from);
  gboolean done = FALSE;

  g_assert_cmpuint (strlen (to), ==, n);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = after; i + n <= len && !done; i++)
    if (memcmp (data + i, from, n) == 0)
      {
        memcpy (data + i, to, n);
        done = TRUE;
      }
  g_assert_true (done);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static gsize
file_size (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return len;
}

/* A byte of the update changed: pdfsig and openssl see it. */
static void
test_signed_byte_changed (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = signed_file (tmp, seal);

  patch (out, file_size (in), "Corrupt me", "Corrupt ma");
  sign_check_pdfsig (out, 1);
  sign_check_cms (out, tmp);
}

/* A byte of the original changed: not a prefix any more. */
static void
test_original_byte_changed (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = signed_file (tmp, seal);
  const SignRect rect = SEAL_RECT;

  patch (out, 0, "%PDF-1.", "%PDF-2.");
  sign_check_signed_file (in, out, 1, &rect, 1, tmp);
}

/* /Contents holds a plain `openssl cms -sign` CMS: it verifies, but has a
 * signingTime and no signingCertificateV2. */
static void
test_cms_not_pades (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *out = signed_file (tmp, seal);
  g_autofree char *der = NULL;
  g_autofree char *content = NULL;
  g_autofree char *plain = g_build_filename (tmp, "plain.der", NULL);
  g_autofree char *cert = sd_test_pki_file ("rsa2048.cert.pem");
  g_autofree char *key = sd_test_pki_file ("rsa2048.key.pem");
  g_autofree char *chain = sd_test_pki_file ("rsa2048.chain.pem");
  g_autofree char *data = NULL;
  g_autofree char *cms = NULL;
  gsize len, cms_len;
  gint64 r[4];

  g_assert_true (sign_extract_last_signature (out, tmp, &der, &content, r));
  g_assert_cmpint (sd_test_run ((const char *[]) { "openssl", "cms", "-sign", "-binary",
                                                    "-in", content, "-signer", cert,
                                                    "-inkey", key, "-certfile", chain,
                                                    "-outform", "DER", "-out", plain,
                                                    NULL }, NULL, NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (out, &data, &len, NULL));
  g_assert_true (g_file_get_contents (plain, &cms, &cms_len, NULL));
  g_assert_cmpint (2 * cms_len, <=, r[2] - r[1] - 2);
  memset (data + r[1] + 1, '0', r[2] - r[1] - 2);
  for (gsize i = 0; i < cms_len; i++)
    {
      char hex[3];

      g_snprintf (hex, sizeof hex, "%02X", (guint8) cms[i]);
      memcpy (data + r[1] + 1 + 2 * i, hex, 2);
    }
  g_assert_true (g_file_set_contents (out, data, len, NULL));
  sign_check_cms (out, tmp);
}

/* The seal is not where the check is told it is. */
static void
test_seal_elsewhere (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = signed_file (tmp, seal);
  const SignRect claimed = { 1, 100, 300, 120, 80 };

  sign_check_seals_visible (in, out, &claimed, 1, SIGN_RENDER_MUTOOL, tmp);
}

/* The seal is a few points off where the check is told it is. */
static void
test_seal_shifted (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = signed_file (tmp, seal);
  const SignRect claimed = { 1, 106, 100, 120, 80 };

  sign_check_seals_visible (in, out, &claimed, 1, SIGN_RENDER_PDFTOPPM, tmp);
}

/* The seal picture upside down: not upright. */
static void
test_seal_upside_down (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *flipped = g_build_filename (tmp, "flipped.png", NULL);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = NULL;
  cairo_surface_t *src = cairo_image_surface_create_from_png (seal);
  cairo_surface_t *dst = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                     SIGN_SEAL_WIDTH, SIGN_SEAL_HEIGHT);
  cairo_t *cr = cairo_create (dst);
  const SignRect rect = SEAL_RECT;

  cairo_translate (cr, 0, SIGN_SEAL_HEIGHT);
  cairo_scale (cr, 1, -1);
  cairo_set_source_surface (cr, src, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (dst, flipped), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (src);
  cairo_surface_destroy (dst);

  out = signed_file (tmp, flipped);
  sign_check_seals_visible (in, out, &rect, 1, SIGN_RENDER_MUTOOL, tmp);
}

/* Cut short: qpdf --check fails, the signature does not cover the file. */
static void
test_truncated (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = signed_file (tmp, seal);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (out, &data, &len, NULL));
  g_assert_true (g_file_set_contents (out, data, len - 40, NULL));
  sign_check_qpdf (in, out);
  sign_check_cms (out, tmp);
}

/* Checked against the wrong original: not its update. */
static void
test_wrong_original (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *other = sd_test_fixture_file ("xref-stream.pdf");
  g_autofree char *out = signed_file (tmp, seal);

  sign_check_update (other, out);
}

typedef struct {
  const char *name;
  GTestFunc   func;
  const char *expected;   /* pattern for the subprocess's stderr */
} Case;

static const Case cases[] = {
  { "signed-byte-changed", test_signed_byte_changed,
    "*FAILED: pdfsig: signature #1*FAILED: openssl cms -verify*" },
  { "original-byte-changed", test_original_byte_changed, "*is not a byte prefix*" },
  { "cms-not-pades", test_cms_not_pades,
    "*no ESS signingCertificateV2*has a signingTime attribute*" },
  { "seal-elsewhere", test_seal_elsewhere, "*new red pixels outside*not visible*" },
  { "seal-shifted", test_seal_shifted, "*shows at pixels*" },
  { "seal-upside-down", test_seal_upside_down, "*not upright*" },
  { "truncated", test_truncated, "*qpdf --check*does not cover the whole file*" },
  { "wrong-original", test_wrong_original, "*/Prev*" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *child = g_strdup_printf ("/sign/checks/%s/subprocess", c->name);

  g_test_trap_subprocess (child, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (c->expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sign/checks/%s", cases[i].name);
      g_autofree char *child = g_strdup_printf ("/sign/checks/%s/subprocess", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
      g_test_add_func (child, cases[i].func);
    }
  return g_test_run ();
}
