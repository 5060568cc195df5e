/* sign-update.c: the incremental update a signature adds, as qpdf sees it */
#include "config.h"

#include <string.h>

#include "sd-test-util.h"
#include "sign-checks.h"

typedef struct {
  gint64   startxref;    /* the number after the last "startxref" */
  gsize    keyword_at;   /* where that keyword is in the file */
  gboolean table;        /* the section it points at is an xref table */
} XrefInfo;

static gboolean
xref_info (const char *path,
           XrefInfo   *info)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const char *header;
  gsize len, base, at;
  gboolean found = FALSE;
  char *end = NULL;

  SIGN_CHECK (g_file_get_contents (path, &data, &len, &error),
              "cannot read %s: %s", path, error ? error->message : "");
  /* Offsets count from "%PDF-" (a few files have junk before it). */
  header = g_strstr_len (data, MIN (len, 1024), "%PDF-");
  base = header != NULL ? (gsize) (header - data) : 0;
  for (at = len >= 9 ? len - 9 + 1 : 0; at-- > 0;)
    if (memcmp (data + at, "startxref", 9) == 0)
      {
        found = TRUE;
        break;
      }
  SIGN_CHECK (found, "no startxref in %s", path);
  info->keyword_at = at;
  info->startxref = g_ascii_strtoll (data + at + 9, &end, 10);
  SIGN_CHECK (end != data + at + 9 && info->startxref >= 0
              && base + info->startxref + 4 <= len,
              "the last startxref of %s does not point into the file", path);
  info->table = memcmp (data + base + info->startxref, "xref", 4) == 0;
  return TRUE;
}

static const char *
first_id (JsonObject *trailer)
{
  JsonArray *id;

  if (trailer == NULL || !json_object_has_member (trailer, "/ID")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (trailer, "/ID")))
    return NULL;
  id = json_object_get_array_member (trailer, "/ID");
  return json_array_get_length (id) > 0 ? json_array_get_string_element (id, 0) : NULL;
}

static gboolean
check_trailer (const char *in,
               const char *out)
{
  XrefInfo xi, xo;
  g_autoptr(JsonObject) ti = NULL;
  g_autoptr(JsonObject) to = NULL;
  gsize in_len = 0;
  gboolean ok = TRUE;

  if (!xref_info (in, &xi) || !xref_info (out, &xo))
    return FALSE;
  {
    g_autoptr(GFile) f = g_file_new_for_path (in);
    g_autoptr(GFileInfo) fi = g_file_query_info (f, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

    in_len = fi ? g_file_info_get_size (fi) : 0;
  }
  SIGN_CHECK (xo.keyword_at >= in_len, "the last startxref of %s is not in the update", out);
  if (xi.table != xo.table)
    {
      sign_fail ("the update of %s uses an xref %s, the input an xref %s",
                 out, xo.table ? "table" : "stream", xi.table ? "table" : "stream");
      ok = FALSE;
    }

  ti = sign_qpdf_object (in, "trailer");
  to = sign_qpdf_object (out, "trailer");
  SIGN_CHECK (ti != NULL && to != NULL, "qpdf cannot show the trailer of %s or %s", in, out);
  if (sign_json_int (to, "/Prev", -1) != xi.startxref)
    {
      sign_fail ("trailer /Prev of %s is %" G_GINT64_FORMAT ", the input's startxref is %"
                 G_GINT64_FORMAT, out, sign_json_int (to, "/Prev", -1), xi.startxref);
      ok = FALSE;
    }
  if (sign_json_int (to, "/Size", 0) < sign_json_int (ti, "/Size", 0))
    {
      sign_fail ("trailer /Size of %s shrank", out);
      ok = FALSE;
    }
  if (first_id (ti) != NULL && g_strcmp0 (first_id (ti), first_id (to)) != 0)
    {
      sign_fail ("the first /ID of %s (%s) is not the input's (%s)", out,
                 first_id (to), first_id (ti));
      ok = FALSE;
    }
  return ok;
}

static const char *
annotation_ref (JsonObject *field)
{
  JsonObject *annotation;

  if (!json_object_has_member (field, "annotation")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (field, "annotation")))
    return NULL;
  annotation = json_object_get_object_member (field, "annotation");
  return sign_json_string (annotation, "object");
}

static gboolean
check_widget (const char *out,
              JsonObject *field)
{
  const char *ref = annotation_ref (field);
  JsonObject *annotation = json_object_get_object_member (field, "annotation");
  g_autoptr(JsonObject) widget = NULL;
  g_autoptr(JsonObject) ap = NULL;
  g_autoptr(JsonObject) normal = NULL;

  SIGN_CHECK (g_strcmp0 (sign_json_string (field, "fieldtype"), "/Sig") == 0,
              "new field %s of %s is not /FT /Sig", sign_json_string (field, "fullname"), out);
  SIGN_CHECK (sign_json_int (annotation, "annotationflags", 0) == 132,
              "new widget %s of %s has /F %" G_GINT64_FORMAT ", expected 132", ref, out,
              sign_json_int (annotation, "annotationflags", 0));
  SIGN_CHECK (sign_json_int (field, "pageposfrom1", 0) >= 1,
              "new widget %s of %s is in no page's /Annots", ref, out);
  widget = sign_qpdf_object (out, ref);
  SIGN_CHECK (widget != NULL, "qpdf cannot show widget %s of %s", ref, out);
  SIGN_CHECK (g_strcmp0 (sign_json_string (widget, "/Subtype"), "/Widget") == 0,
              "%s of %s is not a /Widget", ref, out);
  SIGN_CHECK (json_object_has_member (widget, "/P"), "widget %s of %s has no /P", ref, out);
  ap = sign_qpdf_resolve (out, widget, "/AP");
  normal = sign_qpdf_resolve (out, ap, "/N");
  SIGN_CHECK (normal != NULL && g_strcmp0 (sign_json_string (normal, "/Subtype"), "/Form") == 0,
              "widget %s of %s has no /AP /N form XObject", ref, out);
  return TRUE;
}

static gboolean
check_signature_dictionary (const char *out,
                            const char *ref)
{
  g_autoptr(JsonObject) sig = sign_qpdf_object (out, ref);
  gboolean ok = TRUE;

  SIGN_CHECK (sig != NULL, "qpdf cannot show the signature dictionary %s of %s", ref, out);
  if (g_strcmp0 (sign_json_string (sig, "/Filter"), "/Adobe.PPKLite") != 0
      || g_strcmp0 (sign_json_string (sig, "/SubFilter"), "/ETSI.CAdES.detached") != 0)
    {
      sign_fail ("signature %s of %s: /Filter %s /SubFilter %s, expected "
                 "/Adobe.PPKLite /ETSI.CAdES.detached", ref, out,
                 sign_json_string (sig, "/Filter"), sign_json_string (sig, "/SubFilter"));
      ok = FALSE;
    }
  if (sign_json_string (sig, "/M") == NULL)
    {
      sign_fail ("signature %s of %s has no /M", ref, out);
      ok = FALSE;
    }
  return ok;
}

static gboolean
check_sig_flags (const char *out)
{
  g_autoptr(JsonObject) trailer = sign_qpdf_object (out, "trailer");
  g_autoptr(JsonObject) root = sign_qpdf_resolve (out, trailer, "/Root");
  g_autoptr(JsonObject) acroform = sign_qpdf_resolve (out, root, "/AcroForm");

  SIGN_CHECK (acroform != NULL, "%s has no /AcroForm", out);
  SIGN_CHECK (sign_json_int (acroform, "/SigFlags", 0) == 3,
              "/AcroForm /SigFlags of %s is %" G_GINT64_FORMAT ", expected 3", out,
              sign_json_int (acroform, "/SigFlags", 0));
  return TRUE;
}

gboolean
sign_check_update (const char *in,
                   const char *out)
{
  g_autoptr(JsonArray) before = sign_qpdf_fields (in);
  g_autoptr(JsonArray) after = sign_qpdf_fields (out);
  g_autoptr(GHashTable) old_widgets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_values = g_hash_table_new (g_str_hash, g_str_equal);
  const char *value = NULL;
  guint n_new = 0;
  gboolean ok = check_trailer (in, out);

  SIGN_CHECK (after != NULL, "qpdf --json shows no AcroForm fields in %s", out);
  for (guint i = 0; before != NULL && i < json_array_get_length (before); i++)
    {
      const char *ref = annotation_ref (json_array_get_object_element (before, i));

      if (ref != NULL)
        g_hash_table_add (old_widgets, (gpointer) ref);
    }
  for (guint i = 0; i < json_array_get_length (after); i++)
    {
      JsonObject *field = json_array_get_object_element (after, i);
      const char *ref = annotation_ref (field);

      if (ref == NULL || g_hash_table_contains (old_widgets, ref))
        continue;
      n_new++;
      ok &= check_widget (out, field);
      if (sign_json_string (field, "value") != NULL)
        {
          value = sign_json_string (field, "value");
          g_hash_table_add (new_values, (gpointer) value);
        }
    }
  SIGN_CHECK (n_new > 0, "no new signature widget in %s", out);
  SIGN_CHECK (g_hash_table_size (new_values) == 1,
              "the new widgets of %s hold %u signature values, expected 1", out,
              g_hash_table_size (new_values));
  ok &= check_signature_dictionary (out, value);
  ok &= check_sig_flags (out);
  return ok;
}
