/* test-verify-util.c: helpers for the verifier's tests */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sd-pdf-document-private.h"
#include "sd-test-util.h"
#include "test-verify.h"

SdVerifyReport *
tv_verify_full (const char  *path,
                const char  *trust_pem,
                GError     **error)
{
  g_autofree char *data_dir = sd_test_make_tmpdir ();
  const char *trust[] = { trust_pem, NULL };
  SdVerifyOptions opts = { 0 };

  opts.trust_files = trust_pem != NULL ? trust : NULL;
  opts.data_dir = data_dir;
  opts.no_system_trust = TRUE;
  return sd_verify_document (path, NULL, &opts, NULL, NULL, NULL, error);
}

SdVerifyReport *
tv_verify (const char *path,
           const char *trust_pem)
{
  g_autoptr(GError) error = NULL;
  SdVerifyReport *report = tv_verify_full (path, trust_pem, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
pdfsig_entry_free (TvPdfsigEntry *e)
{
  g_free (e->field);
  g_free (e->validation);
  g_free (e);
}

GPtrArray *
tv_pdfsig (const char *path)
{
  const char *argv[] = { "pdfsig", path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries;
  TvPdfsigEntry *current = NULL;

  if (!sd_test_require_program ("pdfsig"))
    return NULL;
  /* pdfsig exits 0 even for invalid signatures: only its text counts. */
  sd_test_run (argv, NULL, &out, NULL);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pdfsig_entry_free);
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "Signature #"))
        {
          current = g_new0 (TvPdfsigEntry, 1);
          g_ptr_array_add (entries, current);
        }
      else if (current != NULL && g_str_has_prefix (line, "- Signature Field Name: "))
        current->field = g_strdup (line + strlen ("- Signature Field Name: "));
      else if (current != NULL && g_str_has_prefix (line, "- Signature Validation: "))
        current->validation = g_strdup (line + strlen ("- Signature Validation: "));
    }
  return entries;
}

int
tv_cli (const char * const *args,
        char              **out,
        char              **err)
{
  g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, cli);
  for (int i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return sd_test_run ((const char * const *) argv->pdata, NULL, out, err);
}

void
tv_sign (const char *in,
         const char *out,
         const char *p12)
{
  tv_sign_full (in, out, p12, NULL);
}

void
tv_sign_full (const char         *in,
              const char         *out,
              const char         *p12,
              const char * const *extra)
{
  g_autofree char *key = p12 != NULL ? g_strdup (p12) : sd_test_pki_file ("rsa2048.p12");
  g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "TV_PIN", SD_TEST_PKI_PASSWORD, TRUE);
  const char *base[] = { cli, "sign", in, "-o", out, "--p12", key, "--pin-env", "TV_PIN" };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (gpointer) base[i]);
  for (int i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  status = sd_test_run ((const char * const *) argv->pdata, (const char * const *) envp, NULL, &err);

  if (status != 0)
    g_error ("sealdesk-cli sign %s failed (%d): %s", in, status, err);
}

SdVerifySignature *
tv_find_signature (SdVerifyReport *report,
                   const char     *field)
{
  for (guint i = 0; i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      if (g_strcmp0 (sig->field, field) == 0)
        return sig;
    }
  return NULL;
}

gboolean
tv_has_change (SdVerifyReport     *report,
               SdVerifyChangeKind  kind,
               gboolean            allowed)
{
  for (guint i = 0; i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      for (guint j = 0; j < sig->changes_after->len; j++)
        {
          SdVerifyChange *c = g_ptr_array_index (sig->changes_after, j);

          if (c->kind == kind && c->allowed == allowed)
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
tv_has_attack (SdVerifyReport *report,
               SdVerifyAttack  attack)
{
  for (guint i = 0; i < report->signatures->len; i++)
    if (((SdVerifySignature *) g_ptr_array_index (report->signatures, i))->attack == attack)
      return TRUE;
  return FALSE;
}

char *
tv_copy (const char *src,
         const char *dir,
         const char *name)
{
  char *dest = g_build_filename (dir, name, NULL);
  g_autoptr(GBytes) data = tv_read (src);

  tv_write (dest, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  return dest;
}

GBytes *
tv_read (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

void
tv_write (const char *path,
          const void *data,
          gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

void
tv_append_update (const char         *path,
                  const int          *numbers,
                  const char * const *bodies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (goffset));
  qpdf_data q;
  qpdf_oh trailer, root;
  int size;
  goffset base, xref;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  trailer = qpdf_get_trailer (q);
  root = qpdf_oh_get_key (q, trailer, "/Root");
  size = sd_pdf_document_get_trailer_size (doc);
  old = tv_read (path);
  base = g_bytes_get_size (old);
  out = g_string_new_len (g_bytes_get_data (old, NULL), base);
  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  for (int i = 0; numbers[i] != 0; i++)
    {
      goffset at = out->len;

      g_array_append_val (offsets, at);
      g_string_append_printf (out, "%d 0 obj\n%s\nendobj\n", numbers[i], bodies[i]);
      size = MAX (size, numbers[i] + 1);
    }
  xref = out->len;
  g_string_append (out, "xref\n0 1\n0000000000 65535 f \n");
  for (int i = 0; numbers[i] != 0; i++)
    g_string_append_printf (out, "%d 1\n%010" G_GINT64_FORMAT " 00000 n \n", numbers[i],
                            (gint64) g_array_index (offsets, goffset, i));
  g_string_append_printf (out, "trailer\n<< /Size %d /Root %d %d R /Prev %" G_GINT64_FORMAT " >>\n"
                          "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n",
                          size, qpdf_oh_get_object_id (q, root), qpdf_oh_get_generation (q, root),
                          (gint64) sd_pdf_document_get_startxref (doc), (gint64) xref);
  g_clear_object (&doc);
  tv_write (path, out->str, out->len);
}
