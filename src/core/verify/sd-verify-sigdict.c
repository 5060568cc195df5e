/* sd-verify-sigdict.c: finding signature dictionaries and /DSS with qpdf
 *
 * A PDF reader shows the signatures of the fields listed in AcroForm
 * /Fields; an attacker can also leave a signature where only a page widget
 * or nothing at all refers to it (signature dictionary spoofing). So the
 * verifier collects signature dictionaries from three places: /Fields,
 * the widgets of every page, and every other reachable object that looks
 * like one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-pdf-objects.h"
#include "sd-verify-private.h"


static void
release (qpdf_data q,
         qpdf_oh   h)
{
  if (h != 0)
    qpdf_oh_release (q, h);
}

void
sd_vfy_sig_dict_free (SdSigDict *dict)
{
  if (dict == NULL)
    return;
  g_free (dict->field_name);
  g_free (dict->type);
  g_free (dict->filter);
  g_free (dict->sub_filter);
  g_clear_pointer (&dict->contents, g_bytes_unref);
  g_free (dict->m);
  g_free (dict->name);
  g_free (dict->reason);
  g_free (dict->location);
  g_clear_pointer (&dict->certs, g_ptr_array_unref);
  g_clear_pointer (&dict->lock, sd_vfy_field_lock_free);
  g_free (dict->unparsed);
  g_free (dict);
}

static char *
get_name (qpdf_data   q,
          qpdf_oh     dict,
          const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  char *name = sd_vfy_qpdf_name (q, v);

  release (q, v);
  return name;
}

static char *
get_text (qpdf_data   q,
          qpdf_oh     dict,
          const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  char *text = sd_vfy_qpdf_text (q, v);

  release (q, v);
  return text;
}

static GBytes *
string_bytes (qpdf_data q,
              qpdf_oh   oh)
{
  const char *value;
  size_t len = 0;

  if (oh == 0 || !qpdf_oh_is_string (q, oh))
    return NULL;
  value = qpdf_oh_get_binary_string_value (q, oh, &len);
  if (value == NULL)
    return NULL;
  return g_bytes_new (value, len);
}

static void
read_byte_range (qpdf_data  q,
                 qpdf_oh    sig,
                 SdSigDict *dict)
{
  qpdf_oh br = sd_vfy_qpdf_get (q, sig, "/ByteRange");

  if (br == 0)
    return;
  dict->has_byte_range = TRUE;
  if (!qpdf_oh_is_array (q, br))
    dict->byte_range_malformed = TRUE;
  else
    {
      dict->n_byte_range = qpdf_oh_get_array_n_items (q, br);
      for (int i = 0; i < dict->n_byte_range; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, br, i);

          if (!qpdf_oh_is_integer (q, item))
            dict->byte_range_malformed = TRUE;
          else if (i < (int) G_N_ELEMENTS (dict->byte_range))
            dict->byte_range[i] = qpdf_oh_get_int_value (q, item);
          release (q, item);
        }
    }
  release (q, br);
}

static void
read_certs (qpdf_data  q,
            qpdf_oh    sig,
            SdSigDict *dict)
{
  qpdf_oh cert = sd_vfy_qpdf_get (q, sig, "/Cert");

  dict->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (cert != 0 && qpdf_oh_is_array (q, cert))
    {
      int n = qpdf_oh_get_array_n_items (q, cert);

      for (int i = 0; i < n && i < 32; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, cert, i);
          GBytes *der = string_bytes (q, item);

          if (der != NULL)
            g_ptr_array_add (dict->certs, der);
          release (q, item);
        }
    }
  else if (cert != 0)
    {
      GBytes *der = string_bytes (q, cert);

      if (der != NULL)
        g_ptr_array_add (dict->certs, der);
    }
  release (q, cert);
}

/* /Reference: DocMDP, and the PDF 2.0 field lock of a FieldMDP with /P,
 * which restricts the whole document from then on as DocMDP does. */
static void
read_references (qpdf_data  q,
                 qpdf_oh    sig,
                 SdSigDict *dict)
{
  SdPdfSigReferences refs;

  sd_pdf_read_sig_references (q, sig, &refs);
  dict->docmdp = refs.docmdp;
  dict->lock_p = refs.lock_p;
  if (refs.lock_params != 0)
    {
      dict->lock = sd_vfy_field_lock_read (q, refs.lock_params, NULL);
      qpdf_oh_release (q, refs.lock_params);
    }
}

static SdSigDict *
read_sig_dict (qpdf_data q,
               qpdf_oh   sig)
{
  SdSigDict *dict = g_new0 (SdSigDict, 1);
  qpdf_oh contents;

  dict->obj_num = qpdf_oh_get_object_id (q, sig);
  dict->obj_gen = qpdf_oh_get_generation (q, sig);
  dict->type = get_name (q, sig, "/Type");
  dict->filter = get_name (q, sig, "/Filter");
  dict->sub_filter = get_name (q, sig, "/SubFilter");
  dict->is_doc_timestamp = g_strcmp0 (dict->type, "DocTimeStamp") == 0
                           || g_strcmp0 (dict->sub_filter, "ETSI.RFC3161") == 0;
  read_byte_range (q, sig, dict);
  contents = sd_vfy_qpdf_get (q, sig, "/Contents");
  if (contents != 0)
    {
      dict->has_contents = TRUE;
      dict->contents = string_bytes (q, contents);
    }
  release (q, contents);
  dict->m = get_text (q, sig, "/M");
  dict->name = get_text (q, sig, "/Name");
  dict->reason = get_text (q, sig, "/Reason");
  dict->location = get_text (q, sig, "/Location");
  {
    qpdf_oh v = qpdf_oh_get_key (q, sig, "/SealdeskVoid");

    dict->voids_document = qpdf_oh_is_bool (q, v) && qpdf_oh_get_bool_value (q, v);
    release (q, v);
  }
  read_certs (q, sig, dict);
  read_references (q, sig, dict);
  dict->unparsed = sd_vfy_qpdf_fingerprint (q, sig);
  return dict;
}

typedef struct {
  qpdf_data   q;
  GPtrArray  *dicts;
  GHashTable *seen;              /* signature dictionary object numbers */
} Finder;

static void
add_signature (Finder     *f,
               qpdf_oh     value,
               const char *field_name,
               int         field_obj,
               gboolean    in_fields)
{
  SdSigDict *dict;
  int key;

  if (value == 0 || !qpdf_oh_is_dictionary (f->q, value))
    return;
  /* Direct dictionaries are keyed by their field, negated. */
  key = qpdf_oh_is_indirect (f->q, value) ? qpdf_oh_get_object_id (f->q, value) : -field_obj;
  if (key == 0 || g_hash_table_contains (f->seen, GINT_TO_POINTER (key)))
    return;
  g_hash_table_add (f->seen, GINT_TO_POINTER (key));
  dict = read_sig_dict (f->q, value);
  dict->field_name = g_strdup (field_name);
  dict->field_obj = field_obj;
  dict->in_fields = in_fields;
  g_ptr_array_add (f->dicts, dict);
}

static gboolean
is_sig_field (qpdf_data q,
              qpdf_oh   node)
{
  qpdf_oh ft = sd_vfy_qpdf_inherited (q, node, "/FT");
  gboolean result = ft != 0 && qpdf_oh_is_name_and_equals (q, ft, "/Sig");

  release (q, ft);
  return result;
}

/* A signature value of a field, found by the object layer's field walk
 * (the signer's). */
static gboolean
visit_field (qpdf_data             q,
             const SdPdfFieldNode *node,
             gpointer              data)
{
  Finder *f = data;
  qpdf_oh value;

  if (g_strcmp0 (node->type, "Sig") != 0)
    return TRUE;
  value = sd_vfy_qpdf_get (q, node->node, "/V");
  if (value != 0)
    add_signature (f, value, node->name, qpdf_oh_get_object_id (q, node->node), TRUE);
  release (q, value);
  return TRUE;
}

/* Fully qualified name of a widget's field: the object layer's /Parent
 * walk, as the signer's. */
char *
sd_verify_field_name (qpdf_data q,
                      qpdf_oh   widget)
{
  char *name = sd_qpdf_dup_field_name (q, widget);

  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return name;
}

static void
walk_page_widgets (Finder *f,
                   qpdf_oh page)
{
  qpdf_oh annots = sd_vfy_qpdf_get (f->q, page, "/Annots");

  if (annots != 0 && qpdf_oh_is_array (f->q, annots))
    {
      int n = qpdf_oh_get_array_n_items (f->q, annots);

      for (int i = 0; i < n && i < 100000; i++)
        {
          qpdf_oh a = qpdf_oh_get_array_item (f->q, annots, i);

          if (qpdf_oh_is_dictionary (f->q, a) && is_sig_field (f->q, a))
            {
              qpdf_oh value = sd_vfy_qpdf_inherited (f->q, a, "/V");
              g_autofree char *name = sd_verify_field_name (f->q, a);

              add_signature (f, value, name, qpdf_oh_get_object_id (f->q, a), FALSE);
              release (f->q, value);
            }
          release (f->q, a);
        }
    }
  release (f->q, annots);
}

static gboolean
looks_like_signature (qpdf_data q,
                      qpdf_oh   h)
{
  g_autofree char *type = NULL;

  if (!qpdf_oh_is_dictionary (q, h))
    return FALSE;
  type = get_name (q, h, "/Type");
  if (g_strcmp0 (type, "Sig") == 0 || g_strcmp0 (type, "DocTimeStamp") == 0)
    return TRUE;
  return qpdf_oh_has_key (q, h, "/ByteRange") && qpdf_oh_has_key (q, h, "/Contents")
         && qpdf_oh_has_key (q, h, "/Filter");
}

GPtrArray *
sd_verify_find_signatures (qpdf_data   q,
                           SdVfyRoles *roles)
{
  Finder f = { q, NULL, NULL };
  qpdf_oh trailer = qpdf_get_trailer (q);
  qpdf_oh root = sd_vfy_qpdf_get (q, trailer, "/Root");
  qpdf_oh acroform = sd_vfy_qpdf_get (q, root, "/AcroForm");
  qpdf_oh fields = sd_vfy_qpdf_get (q, acroform, "/Fields");
  GArray *pages = sd_vfy_roles_get_pages (roles);
  GArray *objects = sd_vfy_roles_get_objects (roles);

  f.dicts = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_vfy_sig_dict_free);
  f.seen = g_hash_table_new (NULL, NULL);

  sd_pdf_walk_fields (q, visit_field, &f);
  for (guint i = 0; i < pages->len; i++)
    {
      guint64 key = g_array_index (pages, guint64, i);
      qpdf_oh page = qpdf_get_object_by_id (q, key >> 16, key & 0xffff);

      walk_page_widgets (&f, page);
      release (q, page);
    }
  for (guint i = 0; i < objects->len; i++)
    {
      guint64 key = g_array_index (objects, guint64, i);
      qpdf_oh h = qpdf_get_object_by_id (q, key >> 16, key & 0xffff);

      if (looks_like_signature (q, h))
        add_signature (&f, h, NULL, 0, FALSE);
      release (q, h);
    }

  release (q, fields);
  release (q, acroform);
  release (q, root);
  release (q, trailer);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  g_hash_table_unref (f.seen);
  return f.dicts;
}

char *
sd_verify_unparse_object (qpdf_data q,
                          int       num,
                          int       gen)
{
  qpdf_oh h = qpdf_get_object_by_id (q, num, gen);
  char *text = NULL;

  if (!qpdf_oh_is_null (q, h))
    text = sd_vfy_qpdf_fingerprint (q, h);
  release (q, h);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return text;
}
