/* sd-pkcs11-util.c: pure helpers of the PKCS#11 backend */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/objects.h>

#include "sd-key.h"
#include "sd-pkcs11-util.h"

/* DER of DigestInfo up to the digest OCTET STRING's contents (RFC 8017,
 * section 9.2, note 1). */
static const guint8 prefix_sha256[] = {
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
  0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};
static const guint8 prefix_sha384[] = {
  0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
  0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
};
static const guint8 prefix_sha512[] = {
  0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
  0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
};

GBytes *
sd_pkcs11_digest_info (const EVP_MD *md, const guint8 *digest, gsize digest_len, GError **error)
{
  const guint8 *prefix;
  gsize         prefix_len;
  gsize         want;
  guint8       *out;

  switch (EVP_MD_get_type (md))
    {
    case NID_sha256:
      prefix = prefix_sha256;
      prefix_len = sizeof prefix_sha256;
      want = 32;
      break;
    case NID_sha384:
      prefix = prefix_sha384;
      prefix_len = sizeof prefix_sha384;
      want = 48;
      break;
    case NID_sha512:
      prefix = prefix_sha512;
      prefix_len = sizeof prefix_sha512;
      want = 64;
      break;
    default:
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_UNSUPPORTED,
        _ (
          "Signing with the digest %s is not supported on tokens: use SHA-256, SHA-384 or SHA-512"),
        EVP_MD_get0_name (md));
      return NULL;
    }
  if (digest_len != want)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   "digest length %" G_GSIZE_FORMAT " does not match %s", digest_len,
                   EVP_MD_get0_name (md));
      return NULL;
    }
  out = g_malloc (prefix_len + digest_len);
  memcpy (out, prefix, prefix_len);
  memcpy (out + prefix_len, digest, digest_len);
  return g_bytes_new_take (out, prefix_len + digest_len);
}

GBytes *
sd_pkcs11_ecdsa_raw_to_der (const guint8 *raw, gsize raw_len, GError **error)
{
  BIGNUM        *r = NULL;
  BIGNUM        *s = NULL;
  ECDSA_SIG     *sig = NULL;
  unsigned char *der = NULL;
  int            der_len;
  GBytes        *result = NULL;
  gsize          half = raw_len / 2;

  /* P-521 gives the longest signature: 2 × 66 bytes. */
  if (raw_len == 0 || raw_len % 2 != 0 || raw_len > 2 * 66)
    goto invalid;
  r = BN_bin2bn (raw, half, NULL);
  s = BN_bin2bn (raw + half, half, NULL);
  if (r == NULL || s == NULL || BN_is_zero (r) || BN_is_zero (s))
    goto invalid;
  sig = ECDSA_SIG_new ();
  if (sig == NULL || ECDSA_SIG_set0 (sig, r, s) != 1)
    goto invalid;
  r = s = NULL;
  der_len = i2d_ECDSA_SIG (sig, &der);
  if (der_len <= 0)
    goto invalid;
  result = g_bytes_new (der, der_len);
  OPENSSL_free (der);
  ECDSA_SIG_free (sig);
  return result;

invalid:
  BN_free (r);
  BN_free (s);
  ECDSA_SIG_free (sig);
  g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
               _ ("The token returned an ECDSA signature of %lu bytes that is not a valid pair of numbers"),
               (unsigned long) raw_len);
  return NULL;
}

char *
sd_pkcs11_key_uri (const CK_TOKEN_INFO *token, const guint8 *id, gsize id_len, const char *label)
{
  P11KitUri      *uri = p11_kit_uri_new ();
  CK_TOKEN_INFO  *info = p11_kit_uri_get_token_info (uri);
  CK_OBJECT_CLASS klass = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE    attr_class = { CKA_CLASS, &klass, sizeof klass };
  char           *string = NULL;
  char           *result;

  memcpy (info->label, token->label, sizeof info->label);
  memcpy (info->manufacturerID, token->manufacturerID, sizeof info->manufacturerID);
  memcpy (info->model, token->model, sizeof info->model);
  memcpy (info->serialNumber, token->serialNumber, sizeof info->serialNumber);

  if (id != NULL && id_len > 0)
    {
      CK_ATTRIBUTE attr_id = { CKA_ID, (void *) id, id_len };

      p11_kit_uri_set_attribute (uri, &attr_id);
    }
  if (label != NULL && *label != '\0')
    {
      CK_ATTRIBUTE attr_label = { CKA_LABEL, (void *) label, strlen (label) };

      p11_kit_uri_set_attribute (uri, &attr_label);
    }
  p11_kit_uri_set_attribute (uri, &attr_class);

  if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, &string) != P11_KIT_URI_OK)
    string = NULL;
  p11_kit_uri_free (uri);
  result = g_strdup (string);
  free (string);
  return result;
}

P11KitUri *
sd_pkcs11_uri_parse (const char *string, GError **error)
{
  P11KitUri *uri = p11_kit_uri_new ();
  int        res;

  res = p11_kit_uri_parse (string, P11_KIT_URI_FOR_ANY, uri);
  if (res != P11_KIT_URI_OK)
    {
      p11_kit_uri_free (uri);
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
                   _ ("“%s” is not a valid PKCS#11 URI: %s"), string, p11_kit_uri_message (res));
      return NULL;
    }
  if (p11_kit_uri_any_unrecognized (uri))
    {
      p11_kit_uri_free (uri);
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
        _ (
          "“%s” is not a PKCS#11 URI that Sealdesk understands: it has an unknown attribute or value"),
        string);
      return NULL;
    }
  return uri;
}

static gboolean
same_module_path (const char *a, const char *b)
{
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;

  if (b == NULL)
    return FALSE;
  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  ra = realpath (a, NULL);
  rb = realpath (b, NULL);
  return ra != NULL && rb != NULL && strcmp (ra, rb) == 0;
}

static gboolean
label_matches (const CK_ATTRIBUTE *attr, const char *label)
{
  return label != NULL && attr->ulValueLen == strlen (label) &&
         memcmp (attr->pValue, label, attr->ulValueLen) == 0;
}

gboolean
sd_pkcs11_uri_matches (P11KitUri *uri, const SdPkcs11KeyMatch *key)
{
  CK_ATTRIBUTE *attr;
  const char   *wanted;

  if (key->module_info != NULL && !p11_kit_uri_match_module_info (uri, key->module_info))
    return FALSE;
  wanted = p11_kit_uri_get_module_name (uri);
  if (wanted != NULL && g_strcmp0 (wanted, key->module_name) != 0)
    return FALSE;
  wanted = p11_kit_uri_get_module_path (uri);
  if (wanted != NULL && !same_module_path (wanted, key->module_path))
    return FALSE;
  if (key->slot_info != NULL && !p11_kit_uri_match_slot_info (uri, key->slot_info))
    return FALSE;
  if (p11_kit_uri_get_slot_id (uri) != (CK_SLOT_ID) -1 &&
      (!key->has_slot_id || p11_kit_uri_get_slot_id (uri) != key->slot_id))
    return FALSE;
  if (!p11_kit_uri_match_token_info (uri, key->token_info))
    return FALSE;

  attr = p11_kit_uri_get_attribute (uri, CKA_ID);
  if (attr != NULL && (attr->ulValueLen != key->id_len ||
                       (key->id_len > 0 && memcmp (attr->pValue, key->id, key->id_len) != 0)))
    return FALSE;

  attr = p11_kit_uri_get_attribute (uri, CKA_LABEL);
  if (attr != NULL && !label_matches (attr, key->cert_label) &&
      !label_matches (attr, key->key_label))
    return FALSE;

  attr = p11_kit_uri_get_attribute (uri, CKA_CLASS);
  if (attr != NULL)
    {
      CK_OBJECT_CLASS klass;

      if (attr->ulValueLen != sizeof klass)
        return FALSE;
      memcpy (&klass, attr->pValue, sizeof klass);
      if (klass != CKO_PRIVATE_KEY && klass != CKO_CERTIFICATE)
        return FALSE;
    }
  return TRUE;
}

char *
sd_pkcs11_string (const CK_UTF8CHAR *field, gsize size)
{
  gsize len = size;

  while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\0'))
    len--;
  if (!g_utf8_validate ((const char *) field, len, NULL))
    return g_utf8_make_valid ((const char *) field, len);
  return g_strndup ((const char *) field, len);
}

void
sd_pkcs11_set_error (GError **error, CK_RV rv, const char *what)
{
  int code = SD_KEY_ERROR_FAILED;

  switch (rv)
    {
    case CKR_DEVICE_REMOVED:
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_TOKEN_NOT_RECOGNIZED:
    case CKR_SLOT_ID_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
      code = SD_KEY_ERROR_NO_TOKEN;
      break;
    default:
      break;
    }
  g_set_error (error, SD_KEY_ERROR, code,
               /* TRANSLATORS: "Signing on token “X” failed: The device was removed" */
               _ ("%s failed: %s"), what, p11_kit_strerror (rv));
}
