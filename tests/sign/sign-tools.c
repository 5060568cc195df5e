/* sign-tools.c: what pdfsig and qpdf say about a PDF */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "sign-checks.h"

/* ---- pdfsig ---- */

static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
pdfsig_entry_free (gpointer data)
{
  SignPdfsigEntry *e = data;

  g_free (e->field);
  g_free (e->signer);
  g_free (e->validation);
  g_free (e);
}

GPtrArray *
sign_pdfsig (const char *pdf)
{
  return sign_pdfsig_with_password (pdf, NULL);
}

GPtrArray *
sign_pdfsig_with_password (const char *pdf,
                           const char *password)
{
  const char *plain[] = { "pdfsig", "-nocert", pdf, NULL };
  const char *with_password[] = { "pdfsig", "-nocert", "-upw", password, pdf, NULL };
  const char * const *argv = password != NULL && *password != '\0' ? with_password : plain;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (pdfsig_entry_free);
  SignPdfsigEntry *cur = NULL;
  int status;

  status = sd_test_run (argv, NULL, &out, &err);
  /* pdfsig exits 0 whatever the signatures say; 2 when there are none. */
  if (status == 2 && out != NULL && strstr (out, "does not contain any signatures"))
    return g_steal_pointer (&entries);
  if (status != 0)
    {
      sign_fail ("pdfsig %s exited with %d:\n%s%s", pdf, status, out ? out : "",
                 err ? err : "");
      return NULL;
    }
  g_test_message ("pdfsig %s:\n%s", pdf, out);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *value;

      if (g_str_has_prefix (line, "Signature #"))
        {
          cur = g_new0 (SignPdfsigEntry, 1);
          cur->is_signed = TRUE;
          g_ptr_array_add (entries, cur);
          continue;
        }
      if (cur == NULL)
        continue;
      line += strspn (line, " ");
      if (strstr (line, "The signature form field is not signed") != NULL)
        cur->is_signed = FALSE;
      if (!g_str_has_prefix (line, "- "))
        continue;
      line += 2;
      if (g_str_equal (line, "Total document signed"))
        cur->total = TRUE;
      value = strstr (line, ": ");
      if (value == NULL)
        continue;
      value += 2;
      if (g_str_has_prefix (line, "Signature Field Name:"))
        set_str (&cur->field, value);
      else if (g_str_has_prefix (line, "Signer Certificate Common Name:"))
        set_str (&cur->signer, value);
      else if (g_str_has_prefix (line, "Signature Validation:"))
        {
          set_str (&cur->validation, value);
          cur->valid = g_str_equal (value, "Signature is Valid.");
        }
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
sign_pdfsig_signed (GPtrArray *entries)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      SignPdfsigEntry *e = g_ptr_array_index (entries, i);

      if (e->is_signed)
        g_ptr_array_add (result, e);
    }
  return result;
}

gboolean
sign_check_pdfsig (const char *pdf,
                   guint       n_signatures)
{
  return sign_check_pdfsig_with_password (pdf, NULL, n_signatures);
}

gboolean
sign_check_pdfsig_with_password (const char *pdf,
                                 const char *password,
                                 guint       n_signatures)
{
  g_autoptr(GPtrArray) entries = sign_pdfsig_with_password (pdf, password);
  g_autoptr(GPtrArray) sigs = NULL;
  SignPdfsigEntry *last;
  gboolean ok = TRUE;

  if (entries == NULL)
    return FALSE;
  sigs = sign_pdfsig_signed (entries);
  SIGN_CHECK (sigs->len > 0, "pdfsig finds no signature in %s (%u signature fields, "
              "none signed)", pdf, entries->len);
  if (n_signatures > 0 && sigs->len != n_signatures)
    {
      sign_fail ("pdfsig finds %u signatures in %s, expected %u",
                 sigs->len, pdf, n_signatures);
      ok = FALSE;
    }
  for (guint i = 0; i < sigs->len; i++)
    {
      SignPdfsigEntry *e = g_ptr_array_index (sigs, i);

      if (!e->valid)
        {
          sign_fail ("pdfsig: signature #%u (%s) of %s: \"%s\", expected "
                     "\"Signature is Valid.\"", i + 1, e->field, pdf,
                     e->validation ? e->validation : "(no validation line)");
          ok = FALSE;
        }
    }
  last = g_ptr_array_index (sigs, sigs->len - 1);
  if (!last->total)
    {
      sign_fail ("pdfsig: the last signature (%s) of %s does not cover the "
                 "total document", last->field, pdf);
      ok = FALSE;
    }
  return ok;
}

/* ---- qpdf ---- */

int
sign_qpdf_check (const char *pdf,
                 char      **output)
{
  const char *argv[] = { "qpdf", "--check", pdf, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = sd_test_run (argv, NULL, &out, &err);
  if (output != NULL)
    *output = g_strconcat (out ? out : "", err ? err : "", NULL);
  return status;
}

gboolean
sign_check_qpdf (const char *in,
                 const char *out)
{
  g_autofree char *text = NULL;
  int in_status, out_status;

  out_status = sign_qpdf_check (out, &text);
  if (out_status == 0)
    return TRUE;
  in_status = sign_qpdf_check (in, NULL);
  SIGN_CHECK (out_status == 3 && in_status == 3,
              "qpdf --check %s exited with %d (input: %d):\n%s",
              out, out_status, in_status, text);
  g_test_message ("qpdf --check: warnings, as for the input:\n%s", text);
  return TRUE;
}

gboolean
sign_qpdf_is_encrypted (const char *pdf)
{
  const char *argv[] = { "qpdf", "--is-encrypted", pdf, NULL };

  /* Exit 0: encrypted; 2: not encrypted. */
  return sd_test_run (argv, NULL, NULL, NULL) == 0;
}

gboolean
sign_qpdf_is_damaged (const char *pdf)
{
  g_autofree char *text = NULL;
  g_autofree char *qpdf_pages = NULL;
  g_autofree char *pdfinfo = NULL;
  const char *qpdf_argv[] = { "qpdf", "--show-npages", pdf, NULL };
  const char *pdfinfo_argv[] = { "pdfinfo", pdf, NULL };
  const char *line;

  sign_qpdf_check (pdf, &text);
  if (strstr (text, "file is damaged") != NULL)
    return TRUE;

  /* A broken chain of cross-reference sections (a /Prev that points
   * nowhere) hides earlier objects from qpdf, which then sees other pages
   * than a reader that rebuilds the table, like pdfinfo: damaged too. */
  sd_test_run (qpdf_argv, NULL, &qpdf_pages, NULL);
  sd_test_run (pdfinfo_argv, NULL, &pdfinfo, NULL);
  line = pdfinfo != NULL ? strstr (pdfinfo, "Pages:") : NULL;
  if (qpdf_pages == NULL || line == NULL)
    return FALSE;
  return g_ascii_strtoll (qpdf_pages, NULL, 10)
         != g_ascii_strtoll (line + strlen ("Pages:"), NULL, 10);
}

/* qpdf --json of a file: every object and the AcroForm fields, read once
 * per version of the file (path, size and modification time). */
typedef struct {
  char     *key;
  JsonNode *root;
} Dump;

static GPtrArray *dumps;   /* of Dump*, a few recent ones */

static void
dump_free (gpointer data)
{
  Dump *d = data;

  g_free (d->key);
  json_node_unref (d->root);
  g_free (d);
}

char *
sign_file_version (const char *pdf)
{
  GStatBuf st;

  if (g_stat (pdf, &st) != 0)
    return NULL;
  return g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%ld", pdf,
                          (gint64) st.st_size, (gint64) st.st_mtim.tv_sec,
                          (long) st.st_mtim.tv_nsec);
}

/* Borrowed; NULL when qpdf cannot read @pdf. */
static JsonObject *
qpdf_dump (const char *pdf)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sign_file_version (pdf);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonNode *root;
  Dump *d;
  int status;

  if (key == NULL)
    return NULL;
  if (dumps == NULL)
    dumps = g_ptr_array_new_with_free_func (dump_free);
  for (guint i = 0; i < dumps->len; i++)
    {
      d = g_ptr_array_index (dumps, i);
      if (g_str_equal (d->key, key))
        return json_node_get_object (d->root);
    }

  status = sd_test_run ((const char *[]) { "qpdf", "--json", "--json-key=qpdf",
                                            "--json-key=acroform", pdf, NULL },
                        NULL, &out, &err);
  /* qpdf copies the bytes of names as they are, not always UTF-8. */
  if (out != NULL && !g_utf8_validate (out, -1, NULL))
    {
      char *valid = g_utf8_make_valid (out, -1);

      g_free (out);
      out = valid;
    }
  /* 3: warnings, the JSON is complete. */
  if ((status != 0 && status != 3) || !json_parser_load_from_data (parser, out, -1, &error))
    {
      g_test_message ("qpdf --json on %s failed (%d): %s%s", pdf, status,
                      err ? err : "", error ? error->message : "");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  if (dumps->len >= 6)
    g_ptr_array_remove_index (dumps, 0);
  d = g_new0 (Dump, 1);
  d->key = g_steal_pointer (&key);
  d->root = json_node_copy (root);
  g_ptr_array_add (dumps, d);
  return json_node_get_object (d->root);
}

JsonObject *
sign_qpdf_object (const char *pdf,
                  const char *which)
{
  JsonObject *dump = qpdf_dump (pdf);
  g_autofree char *key = NULL;
  JsonArray *qpdf;
  JsonObject *objects, *entry;
  int num = 0, gen = 0;

  if (dump == NULL || !json_object_has_member (dump, "qpdf"))
    return NULL;
  if (g_str_equal (which, "trailer"))
    key = g_strdup ("trailer");
  else if (sscanf (which, "%d %d R", &num, &gen) == 2)
    key = g_strdup_printf ("obj:%d %d R", num, gen);
  else
    return NULL;

  qpdf = json_object_get_array_member (dump, "qpdf");
  if (qpdf == NULL || json_array_get_length (qpdf) < 2)
    return NULL;
  objects = json_array_get_object_element (qpdf, 1);
  if (objects == NULL || !json_object_has_member (objects, key)
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (objects, key)))
    return NULL;
  entry = json_object_get_object_member (objects, key);
  if (json_object_has_member (entry, "stream")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "stream")))
    {
      JsonObject *stream = json_object_get_object_member (entry, "stream");

      return json_object_has_member (stream, "dict")
             && JSON_NODE_HOLDS_OBJECT (json_object_get_member (stream, "dict"))
             ? json_object_ref (json_object_get_object_member (stream, "dict")) : NULL;
    }
  if (json_object_has_member (entry, "value")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "value")))
    return json_object_ref (json_object_get_object_member (entry, "value"));
  return NULL;
}

JsonArray *
sign_qpdf_fields (const char *pdf)
{
  JsonObject *dump = qpdf_dump (pdf);
  JsonObject *acroform;

  if (dump == NULL || !json_object_has_member (dump, "acroform")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (dump, "acroform")))
    return NULL;
  acroform = json_object_get_object_member (dump, "acroform");
  if (!json_object_has_member (acroform, "fields")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (acroform, "fields")))
    return NULL;
  return json_array_ref (json_object_get_array_member (acroform, "fields"));
}

const char *
sign_json_string (JsonObject *obj,
                  const char *member)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sign_json_int (JsonObject *obj,
               const char *member,
               gint64      fallback)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return fallback;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

JsonObject *
sign_qpdf_resolve (const char *pdf,
                   JsonObject *obj,
                   const char *member)
{
  JsonNode *node;
  const char *ref;

  if (obj == NULL || !json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  ref = json_node_get_string (node);
  if (!g_str_has_suffix (ref, " R"))
    return NULL;
  return sign_qpdf_object (pdf, ref);
}
