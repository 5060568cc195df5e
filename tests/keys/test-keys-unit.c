/* test-keys-unit.c: key helpers that need no token and no keyring
 *
 * DigestInfo building and ECDSA conversion (checked against OpenSSL),
 * PKCS#11 URIs (checked against p11-kit's parser), certificate checks on the
 * test PKI, key IDs, the data directory and the module list file.
 */
#include "config.h"

#include <string.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sd-key-p12.h"
#include "sd-key-store.h"
#include "sd-paths.h"
#include "sd-pkcs11-modules.h"
#include "sd-pkcs11-util.h"
#include "sd-test-util.h"
#include "sd-x509-info.h"

static EVP_PKEY *
load_pki_key (const char *pki_name)
{
  g_autofree char *name = g_strconcat (pki_name, ".key.pem", NULL);
  g_autofree char *path = sd_test_pki_file (name);
  FILE            *f = fopen (path, "r");
  EVP_PKEY        *pkey;

  g_assert_nonnull (f);
  pkey = PEM_read_PrivateKey (f, NULL, NULL, NULL);
  fclose (f);
  g_assert_nonnull (pkey);
  return pkey;
}

/* OpenSSL's own DER of DigestInfo, to compare ours with. */
static GBytes *
openssl_digest_info (const EVP_MD *md, const guint8 *digest, gsize len)
{
  X509_SIG          *sig = X509_SIG_new ();
  X509_ALGOR        *alg;
  ASN1_OCTET_STRING *octets;
  unsigned char     *der = NULL;
  int                der_len;
  GBytes            *result;

  X509_SIG_getm (sig, &alg, &octets);
  X509_ALGOR_set0 (alg, OBJ_nid2obj (EVP_MD_get_type (md)), V_ASN1_NULL, NULL);
  ASN1_OCTET_STRING_set (octets, digest, len);
  der_len = i2d_X509_SIG (sig, &der);
  g_assert_cmpint (der_len, >, 0);
  result = g_bytes_new (der, der_len);
  OPENSSL_free (der);
  X509_SIG_free (sig);
  return result;
}

static void
test_digest_info (void)
{
  const EVP_MD *mds[] = { EVP_sha256 (), EVP_sha384 (), EVP_sha512 () };
  EVP_PKEY     *pkey = load_pki_key ("rsa2048");

  for (guint i = 0; i < G_N_ELEMENTS (mds); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) ours = NULL;
      g_autoptr (GBytes) reference = NULL;
      g_autoptr (GBytes) sig = NULL;
      guint8             digest[EVP_MAX_MD_SIZE];
      guint8             recovered[512];
      size_t             recovered_len = sizeof recovered;
      gsize              len = EVP_MD_get_size (mds[i]);
      EVP_PKEY_CTX      *ctx;

      g_assert_cmpint (RAND_bytes (digest, len), ==, 1);
      ours = sd_pkcs11_digest_info (mds[i], digest, len, &error);
      g_assert_no_error (error);
      reference = openssl_digest_info (mds[i], digest, len);
      g_assert_true (g_bytes_equal (ours, reference));

      /* What a token computes from our DigestInfo with CKM_RSA_PKCS is
       * what OpenSSL signs for this digest: the padded block holds it. */
      sig = sd_evp_sign_digest (pkey, mds[i], digest, len, &error);
      g_assert_no_error (error);
      ctx = EVP_PKEY_CTX_new (pkey, NULL);
      g_assert_cmpint (EVP_PKEY_verify_recover_init (ctx), ==, 1);
      g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING), ==, 1);
      g_assert_cmpint (EVP_PKEY_verify_recover (ctx, recovered, &recovered_len,
                                                g_bytes_get_data (sig, NULL),
                                                g_bytes_get_size (sig)),
                       ==, 1);
      EVP_PKEY_CTX_free (ctx);
      g_assert_cmpmem (recovered, recovered_len, g_bytes_get_data (ours, NULL),
                       g_bytes_get_size (ours));
    }
  EVP_PKEY_free (pkey);
}

static void
test_digest_info_refused (void)
{
  guint8             digest[64] = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) info = NULL;

  info = sd_pkcs11_digest_info (EVP_sha1 (), digest, 20, &error);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED);
  g_assert_null (info);
  g_clear_error (&error);

  info = sd_pkcs11_digest_info (EVP_sha256 (), digest, 31, &error);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
  g_assert_null (info);
}

static void
check_ecdsa_round_trip (EVP_PKEY *pkey, gsize field_len)
{
  for (int round = 0; round < 64; round++)
    {
      g_autoptr (GError)   error = NULL;
      g_autoptr (GBytes)   der = NULL;
      g_autoptr (GBytes)   converted = NULL;
      const unsigned char *p;
      ECDSA_SIG           *sig;
      const BIGNUM        *r, *s;
      guint8               digest[32];
      guint8               raw[2 * 66];
      EVP_PKEY_CTX        *ctx;

      g_assert_cmpint (RAND_bytes (digest, sizeof digest), ==, 1);
      der = sd_evp_sign_digest (pkey, EVP_sha256 (), digest, sizeof digest, &error);
      g_assert_no_error (error);

      /* What a token returns for CKM_ECDSA: r || s, each field_len bytes. */
      p = g_bytes_get_data (der, NULL);
      sig = d2i_ECDSA_SIG (NULL, &p, g_bytes_get_size (der));
      g_assert_nonnull (sig);
      ECDSA_SIG_get0 (sig, &r, &s);
      g_assert_cmpint (BN_bn2binpad (r, raw, field_len), ==, (int) field_len);
      g_assert_cmpint (BN_bn2binpad (s, raw + field_len, field_len), ==, (int) field_len);
      ECDSA_SIG_free (sig);

      converted = sd_pkcs11_ecdsa_raw_to_der (raw, 2 * field_len, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (converted, der));

      ctx = EVP_PKEY_CTX_new (pkey, NULL);
      g_assert_cmpint (EVP_PKEY_verify_init (ctx), ==, 1);
      g_assert_cmpint (EVP_PKEY_CTX_set_signature_md (ctx, EVP_sha256 ()), ==, 1);
      g_assert_cmpint (EVP_PKEY_verify (ctx, g_bytes_get_data (converted, NULL),
                                        g_bytes_get_size (converted), digest, sizeof digest),
                       ==, 1);
      EVP_PKEY_CTX_free (ctx);
    }
}

static void
test_ecdsa_raw_to_der (void)
{
  EVP_PKEY *p256 = load_pki_key ("ec-p256");
  EVP_PKEY *p384 = load_pki_key ("ec-p384");

  check_ecdsa_round_trip (p256, 32);
  check_ecdsa_round_trip (p384, 48);
  EVP_PKEY_free (p256);
  EVP_PKEY_free (p384);
}

static void
test_ecdsa_known_value (void)
{
  /* r = 0x00…01 with leading zeros, s = 0x80 (needs a sign byte). */
  guint8             raw[8] = { 0, 0, 0, 1, 0, 0, 0, 0x80 };
  const guint8       expected[] = { 0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = sd_pkcs11_ecdsa_raw_to_der (raw, sizeof raw, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), g_bytes_get_size (der), expected, sizeof expected);
}

static void
test_ecdsa_invalid (void)
{
  guint8 raw[200] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  guint8 zeros[64] = { 0 };
  gsize  bad_lengths[] = { 0, 7, 134 };

  for (guint i = 0; i < G_N_ELEMENTS (bad_lengths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) der = sd_pkcs11_ecdsa_raw_to_der (raw, bad_lengths[i], &error);

      g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
      g_assert_null (der);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) der = sd_pkcs11_ecdsa_raw_to_der (zeros, sizeof zeros, &error);

    g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
    g_assert_null (der);
  }
}

static void
fill_token (CK_TOKEN_INFO *info, const char *label, const char *serial)
{
  memset (info, ' ', sizeof *info);
  memcpy (info->label, label, strlen (label));
  memcpy (info->manufacturerID, "SoftHSM project", 15);
  memcpy (info->model, "SoftHSM v2", 10);
  memcpy (info->serialNumber, serial, strlen (serial));
}

static gboolean
uri_matches (const char          *uri_string,
             const CK_TOKEN_INFO *token,
             const guint8        *id,
             gsize                id_len,
             const char          *cert_label,
             const char          *key_label)
{
  g_autoptr (GError) error = NULL;
  P11KitUri         *uri = sd_pkcs11_uri_parse (uri_string, &error);
  SdPkcs11KeyMatch   match = {
      .module_name = "softhsm2",
      .module_path = "/usr/lib/softhsm/libsofthsm2.so",
      .slot_id = 7,
      .has_slot_id = TRUE,
      .token_info = token,
      .id = id,
      .id_len = id_len,
      .cert_label = cert_label,
      .key_label = key_label,
  };
  gboolean result;

  g_assert_no_error (error);
  result = sd_pkcs11_uri_matches (uri, &match);
  p11_kit_uri_free (uri);
  return result;
}

static void
test_uri_format (void)
{
  CK_TOKEN_INFO    token;
  const guint8     id[] = { 0x01, 0xff };
  g_autofree char *uri = NULL;

  fill_token (&token, "Firm seal; 2026", "0123abcd");
  uri = sd_pkcs11_key_uri (&token, id, sizeof id, "Signer/Key");
  g_test_message ("URI: %s", uri);

  g_assert_true (g_str_has_prefix (uri, "pkcs11:"));
  /* RFC 7512: ';' in a value is percent-encoded, the id is %XX bytes. */
  g_assert_nonnull (strstr (uri, "token=Firm%20seal%3B%202026"));
  {
    g_autofree char *lower = g_ascii_strdown (uri, -1);

    g_assert_nonnull (strstr (lower, ";id=%01%ff"));
  }
  g_assert_nonnull (strstr (uri, "serial=0123abcd"));
  g_assert_nonnull (strstr (uri, "type=private"));
  g_assert_nonnull (strstr (uri, "object=Signer%2FKey"));

  /* What we print, p11-kit reads back to the same key. */
  g_assert_true (uri_matches (uri, &token, id, sizeof id, "Signer/Key", NULL));
  g_assert_true (uri_matches (uri, &token, id, sizeof id, "other", "Signer/Key"));
  g_assert_false (uri_matches (uri, &token, id, 1, "Signer/Key", NULL));
  g_assert_false (uri_matches (uri, &token, (const guint8 *) "\x02\xff", 2, "Signer/Key", NULL));
  g_assert_false (uri_matches (uri, &token, id, sizeof id, "Signer/Key2", NULL));
  {
    CK_TOKEN_INFO other;

    fill_token (&other, "Firm seal; 2026", "99999999");
    g_assert_false (uri_matches (uri, &other, id, sizeof id, "Signer/Key", NULL));
  }
}

static void
test_uri_match_partial (void)
{
  CK_TOKEN_INFO token;
  const guint8  id[] = { 0x01 };

  fill_token (&token, "sealdesk-test", "42");
  g_assert_true (uri_matches ("pkcs11:", &token, id, 1, "rsa", NULL));
  g_assert_true (uri_matches ("pkcs11:token=sealdesk-test", &token, id, 1, "rsa", NULL));
  g_assert_true (uri_matches ("pkcs11:token=sealdesk-test;id=%01", &token, id, 1, "rsa", NULL));
  g_assert_true (uri_matches ("pkcs11:object=rsa;type=cert", &token, id, 1, "rsa", NULL));
  g_assert_false (uri_matches ("pkcs11:object=rsa;type=public", &token, id, 1, "rsa", NULL));
  g_assert_false (uri_matches ("pkcs11:token=other", &token, id, 1, "rsa", NULL));
  g_assert_false (uri_matches ("pkcs11:id=%02", &token, id, 1, "rsa", NULL));
  g_assert_true (
    uri_matches ("pkcs11:token=sealdesk-test?module-name=softhsm2", &token, id, 1, "rsa", NULL));
  g_assert_false (uri_matches ("pkcs11:token=sealdesk-test?module-name=opensc-pkcs11", &token, id,
                               1, "rsa", NULL));
  g_assert_false (
    uri_matches ("pkcs11:?module-path=/nonexistent/module.so", &token, id, 1, "rsa", NULL));
  /* Our test key sits in slot 7. */
  g_assert_true (uri_matches ("pkcs11:slot-id=7;id=%01", &token, id, 1, "rsa", NULL));
  g_assert_false (uri_matches ("pkcs11:slot-id=8;id=%01", &token, id, 1, "rsa", NULL));
}

static void
test_uri_invalid (void)
{
  const char *bad[] = {
    "pkcs11:id=%zz",
    "pkcs11:type=nonsense",
    "pkcs11:token=a;colour=red",
    "file:///etc/passwd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      P11KitUri         *uri = sd_pkcs11_uri_parse (bad[i], &error);

      g_assert_null (uri);
      g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static SdKey *
open_pki_p12 (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *file = g_strconcat (name, ".p12", NULL);
  g_autofree char   *path = sd_test_pki_file (file);
  SdKey             *key = sd_key_p12_open (path, SD_TEST_PKI_PASSWORD, &error);

  g_assert_no_error (error);
  return key;
}

static void
test_certificate_checks (void)
{
  struct
  {
    const char *name;
    const char *words; /* NULL: may sign */
  } cases[] = {
    { "rsa2048", NULL },
    { "ec-p256", NULL },
    { "expired", "expired" },
    { "not-yet-valid", "not valid yet" },
    { "no-digital-signature", "may not sign" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SdKey)  key = open_pki_p12 (cases[i].name);
      g_autoptr (GError) error = NULL;
      gboolean           ok = sd_key_check_certificate (key, 0, &error);

      g_test_message ("%s: %s", cases[i].name, error ? error->message : "can sign");
      if (cases[i].words == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE);
          g_assert_nonnull (strstr (error->message, cases[i].words));
        }
    }

  /* The expired certificate could sign while it was valid. */
  {
    g_autoptr (SdKey)     key = open_pki_p12 ("expired");
    g_autoptr (GDateTime) then = g_date_time_new_utc (2020, 6, 1, 12, 0, 0);

    g_assert_true (sd_key_check_certificate (key, g_date_time_to_unix (then), NULL));
  }
}

static void
test_data_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("SEALDESK_HOME"));
  g_autofree char *dir = NULL;
  g_autofree char *fallback = g_build_filename (g_get_user_data_dir (), "sealdesk", NULL);

  g_setenv ("SEALDESK_HOME", "/tmp/sealdesk-home-test", TRUE);
  dir = sd_data_dir ();
  g_assert_cmpstr (dir, ==, "/tmp/sealdesk-home-test");
  g_clear_pointer (&dir, g_free);

  g_setenv ("SEALDESK_HOME", "", TRUE);
  dir = sd_data_dir ();
  g_assert_cmpstr (dir, ==, fallback);
  g_clear_pointer (&dir, g_free);

  g_unsetenv ("SEALDESK_HOME");
  dir = sd_data_dir ();
  g_assert_cmpstr (dir, ==, fallback);

  if (saved != NULL)
    g_setenv ("SEALDESK_HOME", saved, TRUE);
}

static void
test_store_ids (void)
{
  g_autofree char *home = sd_test_make_tmpdir ();
  const char      *not_found[] = {
         "nonsense",
         "keyring:",
         "keyring:../../../etc/passwd",
         "keyring:0123456789ABCDEF0123456789ABCDEF",
         "keyring:0123456789abcdef0123456789abcdef",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SdKey)  key = sd_key_store_lookup (home, not_found[i], NULL, &error);

      g_test_message ("%s: %s", not_found[i], error ? error->message : "found");
      g_assert_null (key);
      g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND);
    }
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (sd_key_store_remove (home, "pkcs11:token=x;id=%01", NULL, &error));
    g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED);
  }
}

static char *
give_passphrase (const char *prompt, int tries_left, gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_nonnull (strstr (prompt, "rsa2048.p12"));
  return g_strdup (SD_TEST_PKI_PASSWORD);
}

static void
test_store_p12 (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  g_autofree char   *path = sd_test_pki_file ("rsa2048.p12");
  g_autofree char   *id = g_strconcat ("p12:", path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  key = NULL;
  guint              calls = 0;

  /* Without its passphrase the file cannot even be read. */
  key = sd_key_store_lookup (home, id, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED);
  g_clear_error (&error);

  key = sd_key_store_open (home, id, give_passphrase, &calls, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (sd_key_is_unlocked (key));
  g_assert_cmpstr (sd_key_get_id (key), ==, id);
  g_assert_cmpint (sd_key_get_key_type (key), ==, SD_KEY_TYPE_RSA);
}

static void
test_user_modules_file (void)
{
  g_autofree char   *home = sd_test_make_tmpdir ();
  const char        *paths[] = { "/opt/vendor/lib/pkcs11.so", "/usr/lib/other module.so", NULL };
  const char        *relative[] = { "relative/module.so", NULL };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv)     read_back = NULL;

  read_back = sd_pkcs11_user_modules_read (home);
  g_assert_cmpuint (g_strv_length (read_back), ==, 0);
  g_clear_pointer (&read_back, g_strfreev);

  g_assert_true (sd_pkcs11_user_modules_write (home, paths, &error));
  g_assert_no_error (error);
  read_back = sd_pkcs11_user_modules_read (home);
  g_assert_cmpstrv (read_back, paths);

  g_assert_false (sd_pkcs11_user_modules_write (home, relative, &error));
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED);
  g_clear_pointer (&read_back, g_strfreev);
  read_back = sd_pkcs11_user_modules_read (home);
  g_assert_cmpstrv (read_back, paths);
}

static X509 *
first_certificate (const char *pki_name)
{
  g_autofree char      *path = sd_test_pki_file (pki_name);
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) certs = sd_x509_read_file (path, &error);
  X509                 *cert;

  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, >=, 1);
  cert = g_ptr_array_index (certs, 0);
  X509_up_ref (cert);
  return cert;
}

/* What the certificate viewer and the Trust page show, against openssl. */
static void
test_x509_info (void)
{
  g_autofree char      *ca_path = sd_test_pki_file ("ca.pem");
  g_autofree char      *chain_path = sd_test_pki_file ("ca-chain.pem");
  g_autofree char      *not_pem = sd_test_pki_file ("pki.stamp");
  const char           *argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha1", "-in",
                                   ca_path, NULL };
  g_autofree char      *out = NULL;
  g_autofree char      *fingerprint = NULL;
  g_autofree char      *key = NULL;
  g_autoptr (GPtrArray) usages = NULL;
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GError)    error = NULL;
  X509                 *ca = first_certificate ("ca.pem");
  X509                 *intermediate = first_certificate ("intermediate.pem");
  X509                 *signer = first_certificate ("rsa2048.cert.pem");
  X509                 *ec = first_certificate ("ec-p256.cert.pem");

  /* Certificate authorities, and the signer's own certificate is none. */
  g_assert_true (sd_x509_check_ca (ca, &error));
  g_assert_no_error (error);
  g_assert_true (sd_x509_check_ca (intermediate, &error));
  g_assert_no_error (error);
  g_assert_false (sd_x509_check_ca (signer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "is not a certificate authority"));
  g_clear_error (&error);

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  fingerprint = sd_x509_fingerprint (ca, EVP_sha1 ());
  g_assert_nonnull (strstr (out, fingerprint));
  {
    g_autofree char *hex = sd_x509_sha256_hex (ca);

    g_assert_cmpuint (strlen (hex), ==, 64);
  }

  key = sd_x509_describe_key (ec);
  g_assert_cmpstr (key, ==, "Elliptic curve prime256v1, 256 bits");
  g_clear_pointer (&key, g_free);
  key = sd_x509_describe_key (signer);
  g_assert_cmpstr (key, ==, "RSA, 2048 bits");

  usages = sd_x509_describe_usages (ca);
  g_assert_cmpuint (usages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (usages, 0), ==, "Signing certificates");
  g_assert_cmpstr (g_ptr_array_index (usages, 1), ==, "Signing revocation lists");

  /* Every certificate of a PEM file; a file without one is refused. */
  chain = sd_x509_read_file (chain_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->len, >=, 2);
  g_assert_null (sd_x509_read_file (not_pem, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  X509_free (ca);
  X509_free (intermediate);
  X509_free (signer);
  X509_free (ec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keys/unit/digest-info", test_digest_info);
  g_test_add_func ("/keys/unit/digest-info-refused", test_digest_info_refused);
  g_test_add_func ("/keys/unit/ecdsa-raw-to-der", test_ecdsa_raw_to_der);
  g_test_add_func ("/keys/unit/ecdsa-known-value", test_ecdsa_known_value);
  g_test_add_func ("/keys/unit/ecdsa-invalid", test_ecdsa_invalid);
  g_test_add_func ("/keys/unit/uri-format", test_uri_format);
  g_test_add_func ("/keys/unit/uri-match-partial", test_uri_match_partial);
  g_test_add_func ("/keys/unit/uri-invalid", test_uri_invalid);
  g_test_add_func ("/keys/unit/certificate-checks", test_certificate_checks);
  g_test_add_func ("/keys/unit/x509-info", test_x509_info);
  g_test_add_func ("/keys/unit/data-dir", test_data_dir);
  g_test_add_func ("/keys/unit/store-ids", test_store_ids);
  g_test_add_func ("/keys/unit/store-p12", test_store_p12);
  g_test_add_func ("/keys/unit/user-modules-file", test_user_modules_file);

  return g_test_run ();
}
