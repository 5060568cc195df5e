/* test-harness.c: the shared test harness tests itself
 *
 * The generated PKI chains as promised (this file), every generated fixture
 * is what its name says, checked with qpdf and pdfinfo rather than our code
 * (test-harness-fixtures.c), the corpus manifest reads and the helpers of
 * sd-test-util behave (test-harness-util.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "sd-test-util.h"
#include "test-harness.h"

static const char * const chained_signers[] = {
  "rsa2048", "ec-p256", "ec-p384", "no-digital-signature", "revoked", "tsa",
};
static const char * const all_signers[] = {
  "rsa2048", "ec-p256", "ec-p384", "no-digital-signature", "revoked", "tsa",
  "expired", "not-yet-valid",
};

/* openssl verify of @name against @anchor, with extra @option (or NULL). */
static int
verify_cert (const char *name,
             const char *anchor,
             const char *option)
{
  g_autofree char *ca = sd_test_pki_file (anchor);
  g_autofree char *inter = sd_test_pki_file ("intermediate.pem");
  g_autofree char *cert_name = g_strconcat (name, ".cert.pem", NULL);
  g_autofree char *cert = sd_test_pki_file (cert_name);
  const char *argv[] = { "openssl", "verify", "-CAfile", ca,
                         "-untrusted", inter, cert, NULL, NULL };

  /* Options go before the certificate. */
  if (option != NULL)
    {
      argv[6] = option;
      argv[7] = cert;
    }
  return sd_test_run (argv, NULL, NULL, NULL);
}

static void
test_pki_chains (void)
{
  if (!sd_test_require_program ("openssl"))
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (chained_signers); i++)
    {
      g_test_message ("signer %s", chained_signers[i]);
      g_assert_cmpint (verify_cert (chained_signers[i], "ca.pem", NULL), ==, 0);
      g_assert_cmpint (verify_cert (chained_signers[i], "other-ca.pem", NULL),
                       !=, 0);
    }
  /* Wrong only in time: the chain itself is right. */
  g_assert_cmpint (verify_cert ("expired", "ca.pem", NULL), !=, 0);
  g_assert_cmpint (verify_cert ("expired", "ca.pem", "-no_check_time"), ==, 0);
  g_assert_cmpint (verify_cert ("not-yet-valid", "ca.pem", NULL), !=, 0);
  g_assert_cmpint (verify_cert ("not-yet-valid", "ca.pem", "-no_check_time"),
                   ==, 0);
}

static void
test_pki_revoked (void)
{
  g_autofree char *chain = NULL;
  g_autofree char *crl = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *good = NULL;

  if (!sd_test_require_program ("openssl"))
    return;
  chain = sd_test_pki_file ("ca-chain.pem");
  crl = sd_test_pki_file ("intermediate.crl.pem");
  revoked = sd_test_pki_file ("revoked.cert.pem");
  good = sd_test_pki_file ("rsa2048.cert.pem");
  {
    const char *argv[] = { "openssl", "verify", "-crl_check", "-CAfile", chain,
                           "-CRLfile", crl, revoked, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (sd_test_run (argv, NULL, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "revoked"));
  }
  {
    const char *argv[] = { "openssl", "verify", "-crl_check", "-CAfile", chain,
                           "-CRLfile", crl, good, NULL };

    g_assert_cmpint (sd_test_run (argv, NULL, NULL, NULL), ==, 0);
  }
}

/* Extensions of @name as text, from openssl x509 -ext. */
static char *
cert_extensions (const char *name)
{
  g_autofree char *cert_name = g_strconcat (name, ".cert.pem", NULL);
  g_autofree char *cert = sd_test_pki_file (cert_name);
  const char *argv[] = { "openssl", "x509", "-noout", "-in", cert, "-ext",
                         "keyUsage,extendedKeyUsage,basicConstraints", NULL };
  char *out = NULL;

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  return out;
}

static void
test_pki_key_usage (void)
{
  g_autofree char *rsa = NULL;
  g_autofree char *nods = NULL;
  g_autofree char *tsa = NULL;

  if (!sd_test_require_program ("openssl"))
    return;
  rsa = cert_extensions ("rsa2048");
  nods = cert_extensions ("no-digital-signature");
  tsa = cert_extensions ("tsa");

  g_assert_nonnull (strstr (rsa, "Key Usage: critical\n"
                                 "    Digital Signature, Non Repudiation"));
  g_assert_null (strstr (nods, "Digital Signature"));
  g_assert_nonnull (strstr (nods, "Key Encipherment"));
  g_assert_nonnull (strstr (tsa, "Extended Key Usage: critical\n"
                                 "    Time Stamping"));
}

/* Every .p12 opens with the test passphrase in our OpenSSL, holds a key
 * that matches its certificate, and carries the two CA certificates. */
static void
test_pki_p12 (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_signers); i++)
    {
      g_autofree char *name = g_strconcat (all_signers[i], ".p12", NULL);
      g_autofree char *path = sd_test_pki_file (name);
      g_autofree char *data = NULL;
      const unsigned char *p;
      gsize len;
      PKCS12 *p12;
      EVP_PKEY *key = NULL;
      X509 *cert = NULL;
      STACK_OF (X509) *ca = NULL;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      p = (const unsigned char *) data;
      p12 = d2i_PKCS12 (NULL, &p, (long) len);
      g_assert_nonnull (p12);
      g_assert_true (PKCS12_parse (p12, SD_TEST_PKI_PASSWORD, &key, &cert,
                                   &ca));
      g_assert_nonnull (key);
      g_assert_nonnull (cert);
      g_assert_true (X509_check_private_key (cert, key));
      g_assert_nonnull (ca);
      g_assert_cmpint (sk_X509_num (ca), ==, 2);

      EVP_PKEY_free (key);
      X509_free (cert);
      sk_X509_pop_free (ca, X509_free);
      PKCS12_free (p12);
    }
}

static void
test_pki_missing_file_aborts (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = sd_test_pki_file ("no-such-file.pem");

      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no-such-file.pem*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/harness/pki/chains", test_pki_chains);
  g_test_add_func ("/harness/pki/revoked", test_pki_revoked);
  g_test_add_func ("/harness/pki/key-usage", test_pki_key_usage);
  g_test_add_func ("/harness/pki/p12", test_pki_p12);
  g_test_add_func ("/harness/pki/missing-file-aborts",
                   test_pki_missing_file_aborts);
  add_fixture_tests ();
  add_util_tests ();

  return g_test_run ();
}
