/* sd-x509.c: certificate helpers shared by key backends and reports */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "sd-key.h"

char *
sd_x509_name_to_string (const X509_NAME *name)
{
  BIO *bio;
  char *data = NULL;
  long len;
  char *result;

  if (name == NULL)
    return NULL;
  bio = BIO_new (BIO_s_mem ());
  /* RFC 2253 order reversed to read like "CN=…, O=…, C=…", UTF-8 kept. */
  X509_NAME_print_ex (bio, name, 0,
                      (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SEP_MASK)
                      | XN_FLAG_SEP_CPLUS_SPC);
  len = BIO_get_mem_data (bio, &data);
  result = g_strndup (data, len);
  BIO_free (bio);
  return result;
}

char *
sd_x509_common_name (const X509_NAME *name)
{
  int idx;
  X509_NAME_ENTRY *entry;
  unsigned char *utf8 = NULL;
  int len;
  char *result;

  if (name == NULL)
    return NULL;
  idx = X509_NAME_get_index_by_NID ((X509_NAME *) name, NID_commonName, -1);
  if (idx < 0)
    return NULL;
  entry = X509_NAME_get_entry (name, idx);
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (entry));
  if (len < 0)
    return NULL;
  result = g_strndup ((const char *) utf8, len);
  OPENSSL_free (utf8);
  return result;
}

char *
sd_x509_serial_to_string (const X509 *cert)
{
  BIGNUM *bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  char *hex;
  char *result;

  if (bn == NULL)
    return NULL;
  hex = BN_bn2hex (bn);
  result = g_ascii_strdown (hex, -1);
  OPENSSL_free (hex);
  BN_free (bn);
  return result;
}

static gint64
asn1_time_to_unix (const ASN1_TIME *t)
{
  struct tm tm;

  if (t == NULL || ASN1_TIME_to_tm (t, &tm) != 1)
    return 0;
  return (gint64) timegm (&tm);
}

gint64
sd_x509_not_before (const X509 *cert)
{
  return asn1_time_to_unix (X509_get0_notBefore (cert));
}

gint64
sd_x509_not_after (const X509 *cert)
{
  return asn1_time_to_unix (X509_get0_notAfter (cert));
}

gboolean
sd_key_check_certificate (SdKey   *self,
                          gint64   now,
                          GError **error)
{
  X509 *cert = sd_key_get_certificate (self);
  g_autofree char *who = NULL;
  int bits = 0;

  g_return_val_if_fail (cert != NULL, FALSE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  who = g_strdup (sd_key_get_label (self));

  if (now < sd_x509_not_before (cert))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (sd_x509_not_before (cert));
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");

      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The certificate of “%s” is not valid yet: it becomes valid on %s"),
                   who, when);
      return FALSE;
    }
  if (now > sd_x509_not_after (cert))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (sd_x509_not_after (cert));
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");

      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The certificate of “%s” expired on %s"), who, when);
      return FALSE;
    }

  switch (sd_x509_key_strength (cert, &bits))
    {
    case SD_X509_KEY_WEAK_RSA:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The key of “%s” has only %d bits: a verifier reports such a signature as weak. Use an RSA key of at least 2048 bits"),
                   who, bits);
      return FALSE;
    case SD_X509_KEY_WEAK_EC:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The elliptic-curve key of “%s” has only %d bits: a verifier reports such a signature as weak. Use a curve of at least 256 bits"),
                   who, bits);
      return FALSE;
    case SD_X509_KEY_OK:
    default:
      break;
    }

  switch (sd_x509_document_signing_purpose (cert))
    {
    case SD_X509_PURPOSE_KEY_USAGE:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The certificate of “%s” may not sign documents: its key usage allows neither digital signature nor non-repudiation"),
                   who);
      return FALSE;
    case SD_X509_PURPOSE_EXTENDED:
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_CERTIFICATE,
                   _("The certificate of “%s” may not sign documents: its extended key usage is for other purposes (such as TLS servers), not for documents"),
                   who);
      return FALSE;
    case SD_X509_PURPOSE_OK:
    default:
      return TRUE;
    }
}

/* Extended key usages that allow signing documents. */
static const char * const document_ekus[] = {
  "1.3.6.1.5.5.7.3.4",            /* emailProtection */
  "1.2.840.113583.1.1.5",         /* Adobe Authentic Documents Trust */
  "1.3.6.1.4.1.311.10.3.12",      /* Microsoft document signing */
  "2.5.29.37.0",                  /* anyExtendedKeyUsage */
};

SdX509Purpose
sd_x509_document_signing_purpose (X509 *cert)
{
  uint32_t flags = X509_get_extension_flags (cert);
  EXTENDED_KEY_USAGE *eku;
  gboolean found = FALSE;
  int crit = 0;

  /* A key usage that cannot be decoded is no permission either. */
  if (flags & EXFLAG_INVALID)
    return SD_X509_PURPOSE_KEY_USAGE;
  if ((flags & EXFLAG_KUSAGE)
      && (X509_get_key_usage (cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    return SD_X509_PURPOSE_KEY_USAGE;
  if (!(flags & EXFLAG_XKUSAGE))
    return SD_X509_PURPOSE_OK;
  eku = X509_get_ext_d2i (cert, NID_ext_key_usage, &crit, NULL);
  for (int i = 0; eku != NULL && i < sk_ASN1_OBJECT_num (eku) && !found; i++)
    {
      char oid[80];

      if (OBJ_obj2txt (oid, sizeof oid, sk_ASN1_OBJECT_value (eku, i), 1) <= 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (document_ekus) && !found; j++)
        found = strcmp (oid, document_ekus[j]) == 0;
    }
  EXTENDED_KEY_USAGE_free (eku);
  ERR_clear_error ();
  return found ? SD_X509_PURPOSE_OK : SD_X509_PURPOSE_EXTENDED;
}

SdX509KeyStrength
sd_x509_key_strength (X509 *cert,
                      int  *bits)
{
  EVP_PKEY *pkey = cert != NULL ? X509_get0_pubkey (cert) : NULL;
  int id, size;

  if (bits != NULL)
    *bits = 0;
  if (pkey == NULL)
    return SD_X509_KEY_OK;
  id = EVP_PKEY_get_base_id (pkey);
  size = EVP_PKEY_get_bits (pkey);
  if (bits != NULL)
    *bits = size;
  if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS || id == EVP_PKEY_DSA) && size < 2048)
    return SD_X509_KEY_WEAK_RSA;
  if (id == EVP_PKEY_EC && size < 256)
    return SD_X509_KEY_WEAK_EC;
  return SD_X509_KEY_OK;
}
