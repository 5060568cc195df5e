/* sd-ledger-key.c: the workstation's ledger key */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sd-atomic-file.h"
#include "sd-key-p12.h"
#include "sd-ledger-key.h"
#include "sd-merkle.h"
#include "sd-secret.h"
#include "sd-workspace.h"

static const SecretSchema *
ledger_key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.sealdesk.LedgerKey", SECRET_SCHEMA_NONE,
    {
      { "workstation", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, 0, 0, 0, 0, 0, 0, 0,
  };
  return &schema;
}

char *
sd_pkey_public_base64 (EVP_PKEY *pkey)
{
  guint8 *der = NULL;
  int len = i2d_PUBKEY (pkey, &der);
  char *text;

  if (len <= 0)
    return NULL;
  text = g_base64_encode (der, len);
  OPENSSL_free (der);
  return text;
}

char *
sd_pkey_public_id (EVP_PKEY *pkey)
{
  guint8 *der = NULL;
  guint8 digest[32];
  unsigned int digest_len = 0;
  int len = i2d_PUBKEY (pkey, &der);

  if (len <= 0)
    return NULL;
  EVP_Digest (der, len, digest, &digest_len, EVP_sha256 (), NULL);
  OPENSSL_free (der);
  return sd_hex_encode (digest, sizeof digest);
}

EVP_PKEY *
sd_pkey_from_public_base64 (const char *base64)
{
  gsize len = 0;
  g_autofree guint8 *der = NULL;
  const guint8 *p;

  if (base64 == NULL)
    return NULL;
  der = g_base64_decode (base64, &len);
  if (der == NULL || len == 0 || len > 4096)
    return NULL;
  p = der;
  return d2i_PUBKEY (NULL, &p, (long) len);
}

const char *
sd_pkey_algorithm (EVP_PKEY *pkey)
{
  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_RSA)
    return "rsa-pkcs1-sha256";
  if (EVP_PKEY_get_base_id (pkey) == EVP_PKEY_EC && EVP_PKEY_get_bits (pkey) == 256)
    return "ecdsa-p256-sha256";
  return NULL;
}

GBytes *
sd_pkey_sign_sha256 (EVP_PKEY    *pkey,
                     const void  *data,
                     gsize        len,
                     GError     **error)
{
  guint8 digest[32];
  unsigned int digest_len = 0;

  EVP_Digest (data, len, digest, &digest_len, EVP_sha256 (), NULL);
  return sd_evp_sign_digest (pkey, EVP_sha256 (), digest, digest_len, error);
}

gboolean
sd_pkey_verify_sha256 (EVP_PKEY     *pkey,
                       const void   *data,
                       gsize         len,
                       const guint8 *signature,
                       gsize         signature_len)
{
  EVP_PKEY_CTX *ctx;
  guint8 digest[32];
  unsigned int digest_len = 0;
  gboolean ok = FALSE;

  EVP_Digest (data, len, digest, &digest_len, EVP_sha256 (), NULL);
  ctx = EVP_PKEY_CTX_new (pkey, NULL);
  if (ctx != NULL && EVP_PKEY_verify_init (ctx) > 0
      && (EVP_PKEY_get_base_id (pkey) != EVP_PKEY_RSA
          || EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) > 0)
      && EVP_PKEY_CTX_set_signature_md (ctx, EVP_sha256 ()) > 0)
    ok = EVP_PKEY_verify (ctx, signature, signature_len, digest, digest_len) == 1;
  EVP_PKEY_CTX_free (ctx);
  ERR_clear_error ();
  return ok;
}

static EVP_PKEY *
generate_key (GError **error)
{
  EVP_PKEY *pkey = EVP_EC_gen ("P-256");

  if (pkey == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                           _("Could not generate the workstation's ledger key"));
    }
  return pkey;
}

static char *
key_file_path (const char *data_dir)
{
  return g_build_filename (data_dir, "ledger-key.pem", NULL);
}

/* PKCS#8 DER of @pkey in base64, in memory that sd_secret_free wipes. */
static char *
private_base64 (EVP_PKEY *pkey)
{
  guint8 *der = NULL;
  int len = i2d_PrivateKey (pkey, &der);
  g_autofree char *text = NULL;
  char *secret;

  if (len <= 0)
    return NULL;
  text = g_base64_encode (der, len);
  OPENSSL_clear_free (der, len);
  secret = sd_secret_dup (text);
  memset (text, 0, strlen (text));
  return secret;
}

static EVP_PKEY *
pkey_from_private_base64 (const char *text)
{
  gsize len = 0;
  guint8 *der = g_base64_decode (text, &len);
  const guint8 *p = der;
  EVP_PKEY *pkey = NULL;

  if (der != NULL && len > 0)
    pkey = d2i_AutoPrivateKey (NULL, &p, (long) len);
  if (der != NULL)
    {
      OPENSSL_cleanse (der, len);
      g_free (der);
    }
  return pkey;
}

static gboolean
store_in_file (EVP_PKEY   *pkey,
               const char *data_dir,
               GError    **error)
{
  g_autofree char *path = key_file_path (data_dir);
  g_autoptr(SdAtomicFile) file = NULL;
  BIO *bio = BIO_new (BIO_s_secmem ());
  char *pem = NULL;
  long len;
  gboolean ok;

  if (bio == NULL || !PEM_write_bio_PrivateKey (bio, pkey, NULL, NULL, 0, NULL, NULL))
    {
      BIO_free (bio);
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                           _("Could not write the workstation's ledger key"));
      return FALSE;
    }
  len = BIO_get_mem_data (bio, &pem);
  file = sd_atomic_file_new_with_mode (path, 0600, error);
  ok = file != NULL
       && sd_atomic_file_write (file, pem, len, error)
       && sd_atomic_file_commit (file, error);
  BIO_free (bio);   /* secure memory: wiped */
  return ok;
}

static EVP_PKEY *
load_from_file (const char *data_dir,
                GError    **error)
{
  g_autofree char *path = key_file_path (data_dir);
  EVP_PKEY *pkey = NULL;
  BIO *bio = BIO_new_file (path, "rb");

  if (bio != NULL)
    pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  ERR_clear_error ();
  if (pkey == NULL)
    g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                 _("The workstation's ledger key %s is missing or unreadable: tree heads cannot be signed"),
                 path);
  return pkey;
}

static gboolean
store_in_keyring (EVP_PKEY   *pkey,
                  const char *workstation_id,
                  GError    **error)
{
  g_autoptr(SdSecret) secret = private_base64 (pkey);
  g_autofree char *label = g_strdup_printf (_("Sealdesk ledger key of workstation %.8s"), workstation_id);

  if (secret == NULL)
    return FALSE;
  return secret_password_store_sync (ledger_key_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     secret, NULL, error,
                                     "workstation", workstation_id, NULL);
}

static EVP_PKEY *
load_from_keyring (const char *workstation_id,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;
  EVP_PKEY *pkey = NULL;

  secret = secret_password_lookup_sync (ledger_key_schema (), NULL, &local_error,
                                        "workstation", workstation_id, NULL);
  if (secret != NULL)
    {
      pkey = pkey_from_private_base64 (secret);
      secret_password_free (secret);
    }
  if (pkey == NULL)
    g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                 _("The workstation's ledger key is not in the system keyring%s%s: tree heads cannot be signed"),
                 local_error != NULL ? ": " : "",
                 local_error != NULL ? local_error->message : "");
  return pkey;
}

EVP_PKEY *
sd_ledger_key_load_public (SdDb    *db,
                           GError **error)
{
  g_autofree char *text = sd_db_get_setting (db, "ledger_public_key", error);
  EVP_PKEY *pkey;

  if (text == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                             _("This workstation has no ledger key yet"));
      return NULL;
    }
  pkey = sd_pkey_from_public_base64 (text);
  if (pkey == NULL)
    g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                         _("The ledger's public key in the database is damaged"));
  return pkey;
}

static gboolean
keyring_wanted (void)
{
  const char *choice = g_getenv ("SEALDESK_LEDGER_KEY_STORE");

  if (choice != NULL && *choice != '\0')
    return g_str_equal (choice, "keyring");
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

EVP_PKEY *
sd_ledger_key_load (SdDb        *db,
                    const char  *data_dir,
                    const char  *workstation_id,
                    GError     **error)
{
  g_autofree char *where = NULL;
  g_autofree char *public = NULL;
  EVP_PKEY *pkey = NULL;
  GError *local_error = NULL;

  where = sd_db_get_setting (db, "ledger_key_store", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (where != NULL)
    {
      EVP_PKEY *recorded;

      pkey = g_str_equal (where, "keyring")
        ? load_from_keyring (workstation_id, error)
        : load_from_file (data_dir, error);
      if (pkey == NULL)
        return NULL;
      /* The key must be the one whose public half the heads name. */
      recorded = sd_ledger_key_load_public (db, NULL);
      if (recorded == NULL || EVP_PKEY_eq (recorded, pkey) != 1)
        {
          EVP_PKEY_free (recorded);
          EVP_PKEY_free (pkey);
          g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                               _("The workstation's ledger key does not match the public key recorded in the database"));
          return NULL;
        }
      EVP_PKEY_free (recorded);
      return pkey;
    }

  /* First use: generate, store, record. The caller holds the write lock. */
  if ((pkey = generate_key (error)) == NULL)
    return NULL;
  if (keyring_wanted () && store_in_keyring (pkey, workstation_id, NULL))
    where = g_strdup ("keyring");
  else if (store_in_file (pkey, data_dir, error))
    where = g_strdup ("file");
  else
    {
      EVP_PKEY_free (pkey);
      return NULL;
    }
  public = sd_pkey_public_base64 (pkey);
  if (!sd_db_set_setting (db, "ledger_public_key", public, error)
      || !sd_db_set_setting (db, "ledger_key_store", where, error))
    {
      EVP_PKEY_free (pkey);
      return NULL;
    }
  return pkey;
}
