/* sd-ltv.c: long-term validation data (PAdES B-LT) in a /DSS revision */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "sd-atomic-file.h"
#include "sd-key.h"
#include "sd-ltv-private.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-update.h"

G_DEFINE_QUARK (sd-ltv-error-quark, sd_ltv_error)

void
sd_ltv_result_clear (SdLtvResult *result)
{
  g_clear_pointer (&result->tsa_url, g_free);
  g_clear_pointer (&result->doc_timestamp_time, g_date_time_unref);
}

/* One signature (or document timestamp) and what its /VRI entry lists. */
typedef struct {
  char    key[2 * SHA_DIGEST_LENGTH + 1];
  GArray *certs;                    /* indexes into Collection.certs */
  GArray *ocsps;
  GArray *crls;
} VriEntry;

typedef struct {
  GPtrArray  *certs;                /* of X509*, each once */
  GPtrArray  *ocsps;                /* of GBytes, each once */
  GPtrArray  *crls;
  GArray     *vri;                  /* of VriEntry */
  GHashTable *checked;              /* hex SHA-256 of a certificate → SdLtvRevocation */
  SdLtvFetcher fetcher;
  const SdLtvOptions *opts;
} Collection;

static void
vri_entry_clear (gpointer data)
{
  VriEntry *e = data;

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

static guint
add_cert (Collection *c,
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
collect_chain (Collection      *c,
               VriEntry        *entry,
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
collect_cms (Collection       *c,
             VriEntry         *entry,
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

/* The /Contents of every signature and document timestamp. */
static GPtrArray *
signature_values (SdPdfDocument *doc)
{
  qpdf_data q = sd_pdf_document_get_qpdf (doc);
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

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
      if (qpdf_oh_is_string (q, contents))
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

static gboolean
collect (Collection    *c,
         SdPdfDocument *doc,
         GCancellable  *cancellable,
         GError       **error)
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
      VriEntry entry = { { 0 }, NULL, NULL, NULL };
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

/* ---- writing the DSS ----------------------------------------------------- */

typedef struct {
  GPtrArray *data;                  /* of GBytes: DER of each stream */
  GPtrArray *refs;                  /* of char *: "N G R" */
} Existing;

static void
existing_clear (Existing *e)
{
  g_clear_pointer (&e->data, g_ptr_array_unref);
  g_clear_pointer (&e->refs, g_ptr_array_unref);
}

/* The streams already in /DSS @key, to keep and not to add twice. */
static void
read_existing (qpdf_data   q,
               qpdf_oh     dss,
               const char *key,
               Existing   *e)
{
  qpdf_oh array = dss != 0 ? qpdf_oh_get_key (q, dss, key) : 0;
  int n = array != 0 && qpdf_oh_is_array (q, array) ? qpdf_oh_get_array_n_items (q, array) : 0;

  e->data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  e->refs = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n; i++)
    {
      qpdf_oh item = qpdf_oh_get_array_item (q, array, i);
      unsigned char *bytes = NULL;
      size_t len = 0;

      if (qpdf_oh_is_indirect (q, item) && qpdf_oh_is_stream (q, item)
          && (qpdf_oh_get_stream_data (q, item, qpdf_dl_generalized, NULL, &bytes, &len) & QPDF_ERRORS) == 0)
        {
          g_ptr_array_add (e->data, g_bytes_new (bytes, len));
          g_ptr_array_add (e->refs, g_strdup_printf ("%d %d R", qpdf_oh_get_object_id (q, item),
                                                     qpdf_oh_get_generation (q, item)));
        }
      free (bytes);
      qpdf_oh_release (q, item);
    }
  if (array != 0)
    qpdf_oh_release (q, array);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
}

/* Refs of @items (new ones become streams), appended to the existing. */
static GPtrArray *
write_streams (SdPdfUpdate *update,
               Existing    *existing,
               GPtrArray   *items,
               guint       *n_added)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < items->len; i++)
    {
      GBytes *data = g_ptr_array_index (items, i);
      char *ref = NULL;

      for (guint k = 0; k < existing->data->len && ref == NULL; k++)
        if (g_bytes_equal (g_ptr_array_index (existing->data, k), data))
          ref = g_strdup (g_ptr_array_index (existing->refs, k));
      if (ref == NULL)
        {
          int num = sd_pdf_update_add_object (update);
          gsize len;
          const guint8 *bytes = g_bytes_get_data (data, &len);

          sd_pdf_update_set_stream (update, num, "", bytes, len);
          ref = g_strdup_printf ("%d 0 R", num);
          (*n_added)++;
        }
      g_ptr_array_add (refs, ref);
    }
  return refs;
}

static void
append_array (GString    *s,
              const char *key,
              GPtrArray  *refs)
{
  g_string_append_printf (s, " %s [", key);
  for (guint i = 0; i < refs->len; i++)
    g_string_append_printf (s, " %s", (char *) g_ptr_array_index (refs, i));
  g_string_append (s, " ]");
}

/* Existing refs that are not among @new_refs, then @new_refs. */
static GPtrArray *
merged_refs (Existing  *existing,
             GPtrArray *new_refs)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < existing->refs->len; i++)
    g_ptr_array_add (all, g_strdup (g_ptr_array_index (existing->refs, i)));
  for (guint i = 0; i < new_refs->len; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < all->len && !known; k++)
        known = strcmp (g_ptr_array_index (all, k), g_ptr_array_index (new_refs, i)) == 0;
      if (!known)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (new_refs, i)));
    }
  return all;
}

static void
append_vri_refs (GString    *s,
                 const char *key,
                 GArray     *indexes,
                 GPtrArray  *refs)
{
  if (indexes->len == 0)
    return;
  g_string_append_printf (s, " %s [", key);
  for (guint i = 0; i < indexes->len; i++)
    g_string_append_printf (s, " %s", (char *) g_ptr_array_index (refs, g_array_index (indexes, guint, i)));
  g_string_append (s, " ]");
}

static GBytes *
build_dss_section (Collection    *c,
                   SdPdfDocument *doc,
                   goffset        size,
                   gboolean       needs_eol,
                   SdLtvResult   *result,
                   GError       **error)
{
  qpdf_data q = sd_pdf_document_get_qpdf (doc);
  g_autoptr(SdPdfUpdate) update = sd_pdf_update_new (doc, error);
  g_autoptr(GPtrArray) cert_ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) cert_refs = NULL, ocsp_refs = NULL, crl_refs = NULL;
  g_autoptr(GPtrArray) all_certs = NULL, all_ocsps = NULL, all_crls = NULL;
  Existing ex_certs = { 0 }, ex_ocsps = { 0 }, ex_crls = { 0 };
  qpdf_oh root, dss, vri;
  GString *s;
  g_autofree char *dss_body = NULL;
  g_autofree char *root_body = NULL;
  g_autofree char *dss_ref = NULL;
  int dss_num;
  GBytes *section;

  if (update == NULL)
    return NULL;
  for (guint i = 0; i < c->certs->len; i++)
    {
      unsigned char *der = NULL;
      int len = i2d_X509 (g_ptr_array_index (c->certs, i), &der);

      g_ptr_array_add (cert_ders, g_bytes_new (der, MAX (len, 0)));
      OPENSSL_free (der);
    }

  root = qpdf_get_root (q);
  dss = qpdf_oh_get_key (q, root, "/DSS");
  if (!qpdf_oh_is_dictionary (q, dss))
    {
      qpdf_oh_release (q, dss);
      dss = 0;
    }
  read_existing (q, dss, "/Certs", &ex_certs);
  read_existing (q, dss, "/OCSPs", &ex_ocsps);
  read_existing (q, dss, "/CRLs", &ex_crls);
  cert_refs = write_streams (update, &ex_certs, cert_ders, &result->n_certs);
  ocsp_refs = write_streams (update, &ex_ocsps, c->ocsps, &result->n_ocsps);
  crl_refs = write_streams (update, &ex_crls, c->crls, &result->n_crls);
  all_certs = merged_refs (&ex_certs, cert_refs);
  all_ocsps = merged_refs (&ex_ocsps, ocsp_refs);
  all_crls = merged_refs (&ex_crls, crl_refs);

  s = g_string_new ("<< /Type /DSS");
  append_array (s, "/Certs", all_certs);
  if (all_ocsps->len > 0)
    append_array (s, "/OCSPs", all_ocsps);
  if (all_crls->len > 0)
    append_array (s, "/CRLs", all_crls);
  g_string_append (s, " /VRI <<");
  /* Entries of other signatures stay; ours are written anew. */
  vri = dss != 0 ? qpdf_oh_get_key (q, dss, "/VRI") : 0;
  if (vri != 0 && qpdf_oh_is_dictionary (q, vri))
    {
      qpdf_oh_begin_dict_key_iter (q, vri);
      while (qpdf_oh_dict_more_keys (q))
        {
          const char *key = qpdf_oh_dict_next_key (q);
          gboolean ours = FALSE;
          qpdf_oh value;

          for (guint i = 0; i < c->vri->len && !ours; i++)
            ours = g_ascii_strcasecmp (key + 1, g_array_index (c->vri, VriEntry, i).key) == 0;
          if (ours)
            continue;
          value = qpdf_oh_get_key (q, vri, key);
          g_string_append_printf (s, " %s %s", key, qpdf_oh_unparse (q, value));
          qpdf_oh_release (q, value);
        }
    }
  if (vri != 0)
    qpdf_oh_release (q, vri);
  for (guint i = 0; i < c->vri->len; i++)
    {
      VriEntry *e = &g_array_index (c->vri, VriEntry, i);

      g_string_append_printf (s, " /%s <<", e->key);
      append_vri_refs (s, "/Cert", e->certs, cert_refs);
      append_vri_refs (s, "/OCSP", e->ocsps, ocsp_refs);
      append_vri_refs (s, "/CRL", e->crls, crl_refs);
      g_string_append (s, " >>");
    }
  g_string_append (s, " >> >>");
  dss_body = g_string_free (s, FALSE);
  dss_num = sd_pdf_update_add_object (update);
  sd_pdf_update_set_object (update, dss_num, 0, dss_body);

  /* The catalog points at the new DSS. */
  qpdf_oh_remove_key (q, root, "/DSS");
  s = g_string_new (qpdf_oh_unparse_resolved (q, root));
  while (s->len > 0 && g_ascii_isspace (s->str[s->len - 1]))
    g_string_truncate (s, s->len - 1);
  if (g_str_has_suffix (s->str, ">>"))
    g_string_truncate (s, s->len - 2);
  dss_ref = g_strdup_printf (" /DSS %d 0 R >>", dss_num);
  g_string_append (s, dss_ref);
  root_body = g_string_free (s, FALSE);
  sd_pdf_update_set_object (update, qpdf_oh_get_object_id (q, root),
                            qpdf_oh_get_generation (q, root), root_body);

  if (dss != 0)
    qpdf_oh_release (q, dss);
  qpdf_oh_release (q, root);
  existing_clear (&ex_certs);
  existing_clear (&ex_ocsps);
  existing_clear (&ex_crls);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  section = sd_pdf_update_serialize (update, size, needs_eol, error);
  return section;
}

static gboolean
append_section_with_mode (const char    *in_path,
                          const char    *out_path,
                          GBytes        *section,
                          int            mode,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SdAtomicFile) out = NULL;
  g_autofree guint8 *buf = g_malloc (256 * 1024);
  GStatBuf st;
  int fd = g_open (in_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = FALSE;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), in_path, g_strerror (saved_errno));
      goto out;
    }
  out = sd_atomic_file_new_with_mode (out_path, mode >= 0 ? mode : (int) ((st.st_mode & 0777) | 0600),
                                      error);
  if (out == NULL)
    goto out;
  for (;;)
    {
      ssize_t n = read (fd, buf, 256 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The document changed or became unreadable while it was being extended"));
          goto out;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !sd_atomic_file_write (out, buf, n, error))
        goto out;
    }
  if (sd_atomic_file_get_offset (out) != st.st_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The document changed or became unreadable while it was being extended"));
      goto out;
    }
  ok = (section == NULL
        || sd_atomic_file_write (out, g_bytes_get_data (section, NULL), g_bytes_get_size (section), error))
       && sd_atomic_file_commit (out, error);

out:
  if (fd >= 0)
    close (fd);
  return ok;
}

gboolean
sd_ltv_append_section (const char    *in_path,
                       const char    *out_path,
                       GBytes        *section,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return append_section_with_mode (in_path, out_path, section, -1, cancellable, error);
}

gboolean
sd_ltv_last_byte_is_eol (const char *path,
                         goffset     size)
{
  char c = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean eol = FALSE;

  if (fd >= 0 && size > 0 && pread (fd, &c, 1, size - 1) == 1)
    eol = c == '\n' || c == '\r';
  if (fd >= 0)
    close (fd);
  return eol;
}

static gboolean
add_dss (const char          *in_path,
         const char          *out_path,
         const SdLtvOptions  *opts,
         SdLtvResult         *result,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GBytes) section = NULL;
  Collection c = { 0 };
  gboolean ok = FALSE;
  goffset size;

  doc = sd_pdf_document_open (in_path, NULL, error);
  if (doc == NULL)
    return FALSE;
  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("%s is encrypted: Sealdesk cannot add validation data to encrypted documents yet"),
                   in_path);
      return FALSE;
    }
  c.opts = opts;
  c.certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  c.ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c.crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  c.vri = g_array_new (FALSE, TRUE, sizeof (VriEntry));
  g_array_set_clear_func (c.vri, vri_entry_clear);
  c.checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) revocation_free);
  sd_ltv_fetcher_init (&c.fetcher, opts->store, opts->cache_dir, opts->timeout);
  c.fetcher.offline = opts->offline;

  if (!collect (&c, doc, cancellable, error))
    goto out;
  size = sd_pdf_document_get_file_size (doc);
  section = build_dss_section (&c, doc, size, !sd_ltv_last_byte_is_eol (in_path, size), result, error);
  if (section == NULL)
    goto out;
  g_clear_object (&doc);
  if (!sd_ltv_append_section (in_path, out_path, section, cancellable, error))
    goto out;
  result->n_from_cache = c.fetcher.n_from_cache;
  result->dss_added = TRUE;
  ok = TRUE;

out:
  sd_ltv_fetcher_clear (&c.fetcher);
  g_ptr_array_unref (c.certs);
  g_ptr_array_unref (c.ocsps);
  g_ptr_array_unref (c.crls);
  g_array_unref (c.vri);
  g_hash_table_unref (c.checked);
  return ok;
}

gboolean
sd_ltv_copy_file (const char  *from,
                  const char  *to,
                  GError     **error)
{
  GStatBuf st;

  /* A file replaced keeps its permissions. */
  return append_section_with_mode (from, to, NULL,
                                   g_stat (to, &st) == 0 ? (int) (st.st_mode & 0777) : -1,
                                   NULL, error);
}

/* A private temporary file for an intermediate revision. */
static char *
temporary_path (GError **error)
{
  char *path = NULL;
  int fd = g_file_open_tmp ("sealdesk-ltv-XXXXXX.pdf", &path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  return path;
}

static gboolean
same_file (const char *a,
              const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

gboolean
sd_ltv_extend (const char          *in_path,
               const char          *out_path,
               const SdLtvOptions  *opts,
               SdLtvResult         *result,
               GCancellable        *cancellable,
               GError             **error)
{
  SdLtvResult local_result = { 0 };
  g_autofree char *tmp = NULL;
  gboolean ok;

  g_return_val_if_fail (in_path != NULL && out_path != NULL && opts != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (g_strcmp0 (in_path, out_path) == 0 || same_file (in_path, out_path))
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("The extended document must be saved under another name than %s: the original stays as it is"),
                   in_path);
      return FALSE;
    }
  if (opts->level < SD_SIGN_LEVEL_B_LT)
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("Extending goes to B-LT or B-LTA, not %s"), sd_sign_level_to_string (opts->level));
      return FALSE;
    }
  if (opts->level == SD_SIGN_LEVEL_B_LTA && opts->tsa == NULL)
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("The level %s needs a timestamp authority: give one with --tsa URL"),
                   sd_sign_level_to_string (opts->level));
      return FALSE;
    }

  if (opts->level == SD_SIGN_LEVEL_B_LT)
    ok = add_dss (in_path, out_path, opts, result, cancellable, error);
  else
    {
      ok = (tmp = temporary_path (error)) != NULL
           && add_dss (in_path, tmp, opts, result, cancellable, error)
           && sd_ltv_add_doc_timestamp (tmp, out_path, opts, result, cancellable, error);
      if (tmp != NULL)
        g_unlink (tmp);
    }
  if (ok)
    result->level = opts->level;
  sd_ltv_result_clear (&local_result);
  return ok;
}
