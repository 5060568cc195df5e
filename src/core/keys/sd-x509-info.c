/* sd-x509-info.c: what a certificate viewer shows of an X.509 certificate */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-key.h"
#include "sd-x509-info.h"

GPtrArray *
sd_x509_read_file (const char  *path,
                   GError     **error)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;
  BIO *bio;
  X509 *cert;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  bio = BIO_new_mem_buf (data, (int) MIN (len, G_MAXINT));
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    g_ptr_array_add (certs, cert);
  BIO_free (bio);
  if (certs->len == 0)
    {
      const unsigned char *p = (const unsigned char *) data;

      cert = d2i_X509 (NULL, &p, (long) len);
      if (cert != NULL)
        g_ptr_array_add (certs, cert);
    }
  ERR_clear_error ();
  if (certs->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” contains no certificate (PEM or DER)"), display);
      return NULL;
    }
  return g_steal_pointer (&certs);
}

X509 *
sd_x509_from_der (GBytes *der)
{
  gsize len = 0;
  const unsigned char *p = g_bytes_get_data (der, &len);
  X509 *cert = d2i_X509 (NULL, &p, (long) len);

  ERR_clear_error ();
  return cert;
}

char *
sd_x509_fingerprint (X509         *cert,
                     const EVP_MD *md)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *text = g_string_new (NULL);

  if (X509_digest (cert, md, digest, &len) == 1)
    for (unsigned int i = 0; i < len; i++)
      g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  ERR_clear_error ();
  return g_string_free (text, FALSE);
}

char *
sd_x509_sha256_hex (X509 *cert)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *text;

  if (X509_digest (cert, EVP_sha256 (), digest, &len) != 1)
    {
      ERR_clear_error ();
      return NULL;
    }
  text = g_string_sized_new (2 * len);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (text, "%02x", digest[i]);
  return g_string_free (text, FALSE);
}

char *
sd_x509_describe_key (X509 *cert)
{
  EVP_PKEY *pkey = X509_get0_pubkey (cert);
  int bits;
  char curve[80] = "";
  size_t curve_len = 0;

  if (pkey == NULL)
    {
      ERR_clear_error ();
      return g_strdup (_("Unknown (the key cannot be read)"));
    }
  bits = EVP_PKEY_get_bits (pkey);
  switch (EVP_PKEY_get_base_id (pkey))
    {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      /* Translators: the type of a certificate's key and its size */
      return g_strdup_printf (_("RSA, %d bits"), bits);
    case EVP_PKEY_EC:
      if (EVP_PKEY_get_utf8_string_param (pkey, "group", curve, sizeof curve, &curve_len) != 1)
        g_strlcpy (curve, "?", sizeof curve);
      ERR_clear_error ();
      /* Translators: the elliptic curve (such as prime256v1) and the key's size */
      return g_strdup_printf (_("Elliptic curve %s, %d bits"), curve, bits);
    case EVP_PKEY_ED25519:
      return g_strdup ("Ed25519");
    case EVP_PKEY_ED448:
      return g_strdup ("Ed448");
    case EVP_PKEY_DSA:
      /* Translators: the type of a certificate's key and its size */
      return g_strdup_printf (_("DSA, %d bits"), bits);
    default:
      /* Translators: an unknown type of key and its size */
      return g_strdup_printf (_("Other, %d bits"), bits);
    }
}

static const struct {
  guint32     bit;
  const char *name;
} key_usages[] = {
  { KU_DIGITAL_SIGNATURE, N_("Digital signature") },
  { KU_NON_REPUDIATION, N_("Non-repudiation (content commitment)") },
  { KU_KEY_ENCIPHERMENT, N_("Key encipherment") },
  { KU_DATA_ENCIPHERMENT, N_("Data encipherment") },
  { KU_KEY_AGREEMENT, N_("Key agreement") },
  { KU_KEY_CERT_SIGN, N_("Signing certificates") },
  { KU_CRL_SIGN, N_("Signing revocation lists") },
  { KU_ENCIPHER_ONLY, N_("Encipher only") },
  { KU_DECIPHER_ONLY, N_("Decipher only") },
};

static const struct {
  int         nid;
  const char *name;
} extended_usages[] = {
  { NID_server_auth, N_("TLS server") },
  { NID_client_auth, N_("TLS client") },
  { NID_code_sign, N_("Code signing") },
  { NID_email_protect, N_("Email and documents (emailProtection)") },
  { NID_time_stamp, N_("Timestamps") },
  { NID_OCSP_sign, N_("Signing OCSP responses") },
  { NID_anyExtendedKeyUsage, N_("Any purpose") },
};

static char *
extended_usage_name (const ASN1_OBJECT *obj)
{
  int nid = OBJ_obj2nid (obj);
  char oid[80];

  for (guint i = 0; i < G_N_ELEMENTS (extended_usages); i++)
    if (extended_usages[i].nid == nid)
      return g_strdup (_(extended_usages[i].name));
  if (OBJ_obj2txt (oid, sizeof oid, obj, 1) <= 0)
    g_strlcpy (oid, "?", sizeof oid);
  if (strcmp (oid, "1.2.840.113583.1.1.5") == 0)
    return g_strdup (_("Adobe Authentic Documents"));
  if (strcmp (oid, "1.3.6.1.4.1.311.10.3.12") == 0)
    return g_strdup (_("Microsoft document signing"));
  /* Translators: an extended key usage Sealdesk has no name for, by its OID */
  return g_strdup_printf (_("Other purpose (%s)"), oid);
}

GPtrArray *
sd_x509_describe_usages (X509 *cert)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  uint32_t flags = X509_get_extension_flags (cert);

  if (flags & EXFLAG_KUSAGE)
    {
      uint32_t usage = X509_get_key_usage (cert);

      for (guint i = 0; i < G_N_ELEMENTS (key_usages); i++)
        if (usage & key_usages[i].bit)
          g_ptr_array_add (lines, g_strdup (_(key_usages[i].name)));
    }
  if (flags & EXFLAG_XKUSAGE)
    {
      EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i (cert, NID_ext_key_usage, NULL, NULL);

      for (int i = 0; eku != NULL && i < sk_ASN1_OBJECT_num (eku); i++)
        {
          g_autofree char *name = extended_usage_name (sk_ASN1_OBJECT_value (eku, i));

          /* Translators: an extended key usage in a list of key usages */
          g_ptr_array_add (lines, g_strdup_printf (_("%s (extended)"), name));
        }
      EXTENDED_KEY_USAGE_free (eku);
    }
  ERR_clear_error ();
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup (_("Any (the certificate sets no restriction)")));
  return lines;
}

gboolean
sd_x509_check_ca (X509    *cert,
                  GError **error)
{
  uint32_t flags = X509_get_extension_flags (cert);
  g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (cert));

  if (flags & EXFLAG_INVALID)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” cannot be trusted: its extensions are damaged"), subject);
      return FALSE;
    }
  if (!(flags & EXFLAG_CA))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a certificate authority (its basic constraints do not allow it to issue certificates): "
                     "trust the authority that issued it instead"), subject);
      return FALSE;
    }
  if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage (cert) & KU_KEY_CERT_SIGN))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is marked as a certificate authority, but its key usage does not allow it to sign certificates"),
                   subject);
      return FALSE;
    }
  return TRUE;
}
