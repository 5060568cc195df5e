/* sd-ltv-collect.c: the validation data that each signature needs
 *
 * For every signature and document timestamp of a document (and the
 * timestamps inside signatures): the chain of its signer up to a trust
 * anchor, and revocation data for each certificate of it that needs some
 * (sd-ltv-fetch.c asks for it), refused when it says revoked before the
 * time a timestamp proves.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "sd-key.h"
#include "sd-ltv-private.h"
#include "sd-pdf-crypt.h"
#include "sd-pdf-document-private.h"

static void
vri_entry_clear (gpointer data)
{
  SdLtvVriEntry *e = data;

  g_array_unref (e->certs);
  g_array_unref (e->ocsps);
  g_array_unref (e->crls);
}

static void
add_index (GArray *a,
           guint   index)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, guint, i) == index)
      return;
  g_array_append_val (a, index);
}

static void
revocation_free (SdLtvRevocation *rev)
{
  sd_ltv_revocation_clear (rev);
  g_free (rev);
}

void
sd_ltv_collection_init (SdLtvCollection     *c,
                        const SdLtvOptions  *opts)
{
  memset (c, 0, sizeof *c);
  c->opts = opts;
  c->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  c->ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c->vri = g_array_new (FALSE, TRUE, sizeof (SdLtvVriEntry));
  g_array_set_clear_func (c->vri, vri_entry_clear);
  c->checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) revocation_free);
  sd_ltv_fetcher_init (&c->fetcher, opts->store, opts->cache_dir, opts->timeout);
  c->fetcher.offline = opts->offline;
}

void
sd_ltv_collection_clear (SdLtvCollection *c)
{
  sd_ltv_fetcher_clear (&c->fetcher);
  g_clear_pointer (&c->certs, g_ptr_array_unref);
  g_clear_pointer (&c->ocsps, g_ptr_array_unref);
  g_clear_pointer (&c->crls, g_ptr_array_unref);
  g_clear_pointer (&c->vri, g_array_unref);
  g_clear_pointer (&c->checked, g_hash_table_unref);
}

static guint
add_cert (SdLtvCollection *c,
          X509       *cert)
{
  for (guint i = 0; i < c->certs->len; i++)
    if (X509_cmp (g_ptr_array_index (c->certs, i), cert) == 0)
      return i;
  X509_up_ref (cert);
  g_ptr_array_add (c->certs, cert);
  return c->certs->len - 1;
}

static guint
add_bytes (GPtrArray *list,
           GBytes    *data)
{
  for (guint i = 0; i < list->len; i++)
    if (g_bytes_equal (g_ptr_array_index (list, i), data))
      return i;
  g_ptr_array_add (list, g_bytes_ref (data));
  return list->len - 1;
}

static char *
cert_subject (X509 *cert)
{
  return sd_x509_name_to_string (X509_get_subject_name (cert));
}

static char *
cert_digest_hex (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *s = g_string_new (NULL);

  X509_digest (cert, EVP_sha256 (), md, &len);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", md[i]);
  return g_string_free (s, FALSE);
}

/* The time in a TimeStampToken, or NULL. */
static GDateTime *
token_time (CMS_ContentInfo *token)
{
  ASN1_OCTET_STRING **content = CMS_get0_content (token);
  const unsigned char *p;
  TS_TST_INFO *info;
  GDateTime *when = NULL;
  struct tm tm = { 0 };

  if (content == NULL || *content == NULL)
    return NULL;
  p = ASN1_STRING_get0_data (*content);
  info = d2i_TS_TST_INFO (NULL, &p, ASN1_STRING_length (*content));
  if (info != NULL && ASN1_TIME_to_tm (TS_TST_INFO_get_time (info), &tm) == 1)
    when = g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
  TS_TST_INFO_free (info);
  return when;
}

/* The chain of @leaf up to a trust anchor, with revocation data for each
 * certificate that needs it, into @c and @entry. @proven: the time a
 * timestamp proves for the signature, or NULL. */
static gboolean
collect_chain (SdLtvCollection      *c,
               SdLtvVriEntry        *entry,
               X509            *leaf,
               STACK_OF(X509)  *pool,
               GDateTime       *proven,
               GCancellable    *cancellable,
               GError         **error)
{
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  STACK_OF(X509) *chain = NULL;
  gboolean ok = FALSE;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, c->opts->store, leaf, pool) != 1)
    goto out;
  /* Only the path is wanted here: an expired certificate still needs its
   * validation data (the verifier judges the times). */
  X509_STORE_CTX_set_flags (ctx, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
  if (X509_verify_cert (ctx) != 1)
    {
      g_autofree char *subject = cert_subject (leaf);

      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_CHAIN,
                   _("The certificate “%s” does not chain to a trusted certificate authority (%s): add its CA to the trust list or give it with --tsa-trust"),
                   subject, X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
      goto out;
    }
  chain = X509_STORE_CTX_get1_chain (ctx);
  for (int i = 0; i < sk_X509_num (chain); i++)
    {
      X509 *cert = sk_X509_value (chain, i);
      X509 *issuer = i + 1 < sk_X509_num (chain) ? sk_X509_value (chain, i + 1) : NULL;
      g_autofree char *digest = NULL;
      SdLtvRevocation *rev;

      add_index (entry->certs, add_cert (c, cert));
      if (issuer == NULL || sd_ltv_needs_no_revocation (cert))
        continue;
      /* Each certificate is asked about once per document. */
      digest = cert_digest_hex (cert);
      rev = g_hash_table_lookup (c->checked, digest);
      if (rev == NULL)
        {
          rev = g_new0 (SdLtvRevocation, 1);
          if (!sd_ltv_fetch_revocation (&c->fetcher, cert, issuer, pool, rev, cancellable, error))
            {
              revocation_free (rev);
              goto out;
            }
          g_hash_table_insert (c->checked, g_steal_pointer (&digest), rev);
        }
      if (rev->revoked && !c->opts->allow_revoked
          && (proven == NULL || rev->revoked_at == NULL
              || g_date_time_compare (rev->revoked_at, proven) <= 0))
        {
          g_autofree char *subject = cert_subject (cert);
          g_autofree char *when = rev->revoked_at != NULL
                                  ? g_date_time_format (rev->revoked_at, "%Y-%m-%d %H:%M:%S UTC")
                                  : g_strdup ("?");

          if (proven != NULL)
            g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_REVOKED,
                         _("The certificate “%s” was revoked on %s, before the time its timestamp proves: the signature is not valid"),
                         subject, when);
          else
            g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_REVOKED,
                         _("The certificate “%s” was revoked on %s, and no timestamp proves that the signature was made before: the signature is not valid"),
                         subject, when);
          goto out;
        }
      if (rev->ocsp != NULL)
        add_index (entry->ocsps, add_bytes (c->ocsps, rev->ocsp));
      if (rev->crl != NULL)
        add_index (entry->crls, add_bytes (c->crls, rev->crl));
      for (guint k = 0; rev->certs != NULL && k < rev->certs->len; k++)
        add_index (entry->certs, add_cert (c, g_ptr_array_index (rev->certs, k)));
    }
  ok = TRUE;

out:
  sk_X509_pop_free (chain, X509_free);
  X509_STORE_CTX_free (ctx);
  ERR_clear_error ();
  return ok;
}

/* Every signer of @cms (a signature or a TimeStampToken), its timestamps'
 * signers too. */
static gboolean
collect_cms (SdLtvCollection       *c,
             SdLtvVriEntry         *entry,
             CMS_ContentInfo  *cms,
             GDateTime        *proven,
             int               depth,
             GCancellable     *cancellable,
             GError          **error)
{
  STACK_OF(X509) *pool = CMS_get1_certs (cms);
  STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos (cms);
  g_autoptr(GDateTime) own = NULL;
  gboolean ok = TRUE;

  if (pool == NULL)
    pool = sk_X509_new_null ();
  if (OBJ_obj2nid (CMS_get0_eContentType (cms)) == NID_id_smime_ct_TSTInfo)
    own = token_time (cms);
  for (int i = 0; ok && i < sk_CMS_SignerInfo_num (infos); i++)
    {
      CMS_SignerInfo *si = sk_CMS_SignerInfo_value (infos, i);
      X509 *signer = NULL;
      int at;

      for (int j = 0; j < sk_X509_num (pool) && signer == NULL; j++)
        if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (pool, j)) == 0)
          signer = sk_X509_value (pool, j);
      /* The signature timestamp first: it proves the signature's time. */
      at = CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, -1);
      if (at >= 0 && depth == 0)
        {
          ASN1_TYPE *value = X509_ATTRIBUTE_get0_type (CMS_unsigned_get_attr (si, at), 0);

          if (value != NULL && value->type == V_ASN1_SEQUENCE)
            {
              const unsigned char *p = value->value.sequence->data;
              CMS_ContentInfo *token = d2i_CMS_ContentInfo (NULL, &p, value->value.sequence->length);

              if (token != NULL)
                {
                  g_autoptr(GDateTime) ts = token_time (token);

                  ok = collect_cms (c, entry, token, NULL, depth + 1, cancellable, error);
                  if (ts != NULL && proven == NULL)
                    proven = own = g_date_time_ref (ts);
                }
              CMS_ContentInfo_free (token);
            }
        }
      if (ok && signer == NULL)
        {
          g_set_error_literal (error, SD_LTV_ERROR, SD_LTV_ERROR_CHAIN,
                               _("A signature of the document does not carry its signer's certificate: its validation data cannot be collected"));
          ok = FALSE;
        }
      if (ok)
        ok = collect_chain (c, entry, signer, pool, proven != NULL ? proven : own,
                            cancellable, error);
    }
  sk_X509_pop_free (pool, X509_free);
  ERR_clear_error ();
  return ok;
}

/* The signature value as the file holds it: the hex string between
 * /ByteRange's first two ranges (what the verifier checks). In an
 * encrypted document qpdf leaves the /Contents of a /Type /Sig dictionary
 * as it is, but "decrypts" that of a /DocTimeStamp, which ISO 32000-2
 * (7.6.2) keeps in clear too. NULL when /ByteRange is not usable. */
static GBytes *
value_in_gap (SdPdfDocument *doc,
              qpdf_oh        v)
{
  qpdf_data q = sd_pdf_document_get_qpdf (doc);
  qpdf_oh br = qpdf_oh_get_key (q, v, "/ByteRange");
  gsize size = 0;
  const guint8 *bytes = sd_pdf_document_get_bytes (doc, &size);
  long long start = -1, end = -1;
  GByteArray *value;

  if (qpdf_oh_is_array (q, br) && qpdf_oh_get_array_n_items (q, br) == 4)
    {
      qpdf_oh a = qpdf_oh_get_array_item (q, br, 1);
      qpdf_oh b = qpdf_oh_get_array_item (q, br, 2);

      if (qpdf_oh_is_integer (q, a) && qpdf_oh_is_integer (q, b))
        {
          start = qpdf_oh_get_int_value (q, a);
          end = qpdf_oh_get_int_value (q, b);
        }
      qpdf_oh_release (q, a);
      qpdf_oh_release (q, b);
    }
  qpdf_oh_release (q, br);
  if (bytes == NULL || start < 0 || end <= start + 1 || (unsigned long long) end > size
      || bytes[start] != '<' || bytes[end - 1] != '>')
    return NULL;
  value = g_byte_array_new ();
  sd_pdf_string_decode (bytes + start, end - start, value);
  return g_byte_array_free_to_bytes (value);
}

/* The /Contents of every signature and document timestamp. */
static GPtrArray *
signature_values (SdPdfDocument *doc)
{
  qpdf_data q = sd_pdf_document_get_qpdf (doc);
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean encrypted = sd_pdf_document_is_encrypted (doc);

  for (guint i = 0; i < fields->len; i++)
    {
      SdPdfSignatureField *f = g_ptr_array_index (fields, i);
      qpdf_oh field, v, contents;
      size_t len = 0;
      const char *data;

      if (!f->is_signed)
        continue;
      field = qpdf_get_object_by_id (q, f->obj_num, f->obj_gen);
      v = qpdf_oh_get_key (q, field, "/V");
      contents = qpdf_oh_get_key (q, v, "/Contents");
      if (encrypted)
        {
          GBytes *value = value_in_gap (doc, v);

          if (value != NULL && g_bytes_get_size (value) > 0)
            g_ptr_array_add (values, value);
          else if (value != NULL)
            g_bytes_unref (value);
        }
      else if (qpdf_oh_is_string (q, contents))
        {
          data = qpdf_oh_get_binary_string_value (q, contents, &len);
          if (data != NULL && len > 0)
            g_ptr_array_add (values, g_bytes_new (data, len));
        }
      qpdf_oh_release (q, contents);
      qpdf_oh_release (q, v);
      qpdf_oh_release (q, field);
    }
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return values;
}

gboolean
sd_ltv_collect (SdLtvCollection  *c,
                SdPdfDocument    *doc,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(GPtrArray) values = signature_values (doc);

  if (values->len == 0)
    {
      g_set_error_literal (error, SD_LTV_ERROR, SD_LTV_ERROR_NO_SIGNATURE,
                           _("The document has no signature to add validation data for"));
      return FALSE;
    }
  for (guint i = 0; i < values->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (values, i), &len);
      const unsigned char *p = data;
      CMS_ContentInfo *cms = d2i_CMS_ContentInfo (NULL, &p, (long) len);
      SdLtvVriEntry entry = { { 0 }, NULL, NULL, NULL };
      guint8 md[SHA_DIGEST_LENGTH];
      gboolean ok;

      if (cms == NULL)
        {
          ERR_clear_error ();
          continue;                 /* not ours to judge: the verifier says why */
        }
      SHA1 (data, len, md);
      for (int j = 0; j < SHA_DIGEST_LENGTH; j++)
        g_snprintf (entry.key + 2 * j, 3, "%02X", md[j]);
      entry.certs = g_array_new (FALSE, FALSE, sizeof (guint));
      entry.ocsps = g_array_new (FALSE, FALSE, sizeof (guint));
      entry.crls = g_array_new (FALSE, FALSE, sizeof (guint));
      ok = collect_cms (c, &entry, cms, NULL, 0, cancellable, error);
      CMS_ContentInfo_free (cms);
      g_array_append_val (c->vri, entry);
      if (!ok)
        return FALSE;
    }
  if (c->vri->len == 0)
    {
      g_set_error_literal (error, SD_LTV_ERROR, SD_LTV_ERROR_NO_SIGNATURE,
                           _("No signature of the document can be read as CMS: there is no validation data to add"));
      return FALSE;
    }
  return TRUE;
}
