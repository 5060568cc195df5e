/* sd-ltv-dss.c: the /DSS revision (PAdES B-LT)
 *
 * The catalog gets a new /DSS with /Certs, /OCSPs, /CRLs and /VRI: what
 * an earlier /DSS held stays (its streams are referred to again, never
 * copied), what is new becomes new streams, and the /VRI entries of the
 * signatures collected are written anew.
 */
#include "config.h"

#include <string.h>

#include <openssl/x509.h>

#include "sd-ltv-private.h"
#include "sd-pdf-document-private.h"
#include "sd-pdf-update.h"

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

GBytes *
sd_ltv_build_dss_section (SdLtvCollection  *c,
                          SdPdfDocument    *doc,
                          goffset           size,
                          gboolean          needs_eol,
                          SdLtvResult      *result,
                          GError          **error)
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
            ours = g_ascii_strcasecmp (key + 1, g_array_index (c->vri, SdLtvVriEntry, i).key) == 0;
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
      SdLtvVriEntry *e = &g_array_index (c->vri, SdLtvVriEntry, i);

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
