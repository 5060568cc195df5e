/* test-sign-corpus.c: sign the public corpus's PDFs, check with real tools
 *
 * Reads ../shared/corpus (or $SEALDESK_CORPUS) in place and skips when it is
 * absent. What each file must do is decided by independent tools, not by
 * the manifest:
 *  - encrypted (qpdf --is-encrypted): when it needs a password to open
 *    (qpdf --requires-password), refused without it; signed with the
 *    manifest's password (the one thing the manifest must tell), or when it
 *    opens without one, unless its permissions forbid it (then refused,
 *    saying so); outputs checked with qpdf --check and pdfsig with the
 *    password;
 *  - damaged, i.e. qpdf --check has to reconstruct it ("file is damaged"),
 *    or qpdf and pdfinfo count different pages (broken /Prev chain):
 *    refused, with a message about it (Sealdesk never seals repaired files);
 *  - structure/ otherwise: signed with a visible seal on page 1, and the
 *    output passes qpdf, pdfsig, openssl cms and mutool;
 *  - signed/ with at least one signature pdfsig reports valid: signed too,
 *    and every earlier signature stays as pdfsig judged it before; the new
 *    one is valid and covers the whole file. signed/ files without a valid
 *    signature are not inputs of this test (skipped).
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-document.h"
#include "sd-test-util.h"
#include "sign-checks.h"

static const char * const password_words[] = { "password", NULL };
static const char * const damaged_words[] = { "damaged", "repair", "corrupt", "broken", NULL };
static const char * const no_changes_words[] = { "no changes allowed", "locked", NULL };

static gboolean
place_seal (const char *pdf,
            const char *workdir,
            SignRect   *rect)
{
  double w, h;

  if (!sign_page_size (pdf, 1, workdir, &w, &h))
    return FALSE;
  rect->page = 1;
  rect->w = MIN (120, 0.4 * w);
  rect->h = rect->w * 2 / 3;
  rect->x = 0.1 * w;
  rect->y = 0.1 * h;
  return TRUE;
}

/* The user password of @relpath in the corpus manifest, or NULL. */
static char *
manifest_password (const char *relpath)
{
  g_autoptr(GPtrArray) rows = sd_test_corpus_manifest ();

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[0], relpath) == 0 && row[2][0] != '\0')
        return g_strdup (row[2]);
    }
  return NULL;
}

static int
qpdf_check_with_password (const char *pdf,
                          const char *password)
{
  g_autofree char *arg = g_strdup_printf ("--password=%s", password != NULL ? password : "");
  const char *argv[] = { "qpdf", arg, "--check", pdf, NULL };
  g_autofree char *out = NULL;
  int status = sd_test_run (argv, NULL, &out, NULL);

  g_test_message ("qpdf --check %s: %d\n%s", pdf, status, out != NULL ? out : "");
  return status;
}

/* An encrypted file: refused without its password when it needs one;
 * signed with it (or without one when it needs none), and the output
 * opens with the same password in qpdf and pdfsig. */
static void
check_encrypted (const char    *relpath,
                 const char    *in,
                 const char    *out,
                 SdKey         *key,
                 SdSignOptions *opts,
                 const char    *tmp)
{
  g_autofree char *password = manifest_password (relpath);
  const char *requires[] = { "qpdf", "--requires-password", in, NULL };
  g_autoptr(GPtrArray) before_all = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean needs = sd_test_run (requires, NULL, NULL, NULL) == 0;
  int in_status;

  if (needs)
    {
      g_test_message ("%s needs a password: refused without it", relpath);
      error = sign_expect_refusal (in, key, opts, NULL, password_words, tmp);
      g_clear_error (&error);
      if (password == NULL)
        return;
      opts->password = g_strdup (password);
    }
  before_all = sign_pdfsig_with_password (in, password);
  if (before_all == NULL)
    return;
  before = sign_pdfsig_signed (before_all);
  if (!sd_sign_document (in, out, key, opts, NULL, NULL, NULL, &error))
    {
      if (!needs && strstr (error->message, "permissions") != NULL)
        {
          g_test_message ("refused as expected: %s", error->message);
          if (g_file_test (out, G_FILE_TEST_EXISTS))
            sign_fail ("a refused document was written: %s", out);
          return;
        }
      sign_fail ("signing %s (password %s) failed: %s", relpath, password ? "given" : "none",
                 error->message);
      return;
    }
  if (!sd_test_file_is_prefix (in, out))
    sign_fail ("the original bytes of %s were changed", relpath);
  in_status = qpdf_check_with_password (in, password);
  if (qpdf_check_with_password (out, password) > MAX (in_status, 0))
    sign_fail ("qpdf --check of the signed %s is worse than of the original", relpath);
  sign_check_pdfsig_with_password (out, password, before->len + 1);
}

/* Earlier signatures keep pdfsig's verdict; the new one is valid and
 * total. */
static gboolean
check_earlier_signatures (GPtrArray  *before,
                          const char *out)
{
  g_autoptr(GPtrArray) after_all = sign_pdfsig (out);
  g_autoptr(GPtrArray) after = NULL;
  SignPdfsigEntry *last;
  gboolean ok = TRUE;

  if (after_all == NULL)
    return FALSE;
  after = sign_pdfsig_signed (after_all);
  SIGN_CHECK (after->len == before->len + 1,
              "pdfsig finds %u signatures after signing, %u before", after->len,
              before->len);
  for (guint i = 0; i < before->len; i++)
    {
      SignPdfsigEntry *b = g_ptr_array_index (before, i);
      SignPdfsigEntry *a = g_ptr_array_index (after, i);

      if (g_strcmp0 (a->field, b->field) != 0 || g_strcmp0 (a->validation, b->validation) != 0)
        {
          sign_fail ("pdfsig: signature #%u was %s \"%s\", is now %s \"%s\"", i + 1,
                     b->field, b->validation, a->field, a->validation);
          ok = FALSE;
        }
    }
  last = g_ptr_array_index (after, after->len - 1);
  if (!last->valid || !last->total)
    {
      sign_fail ("pdfsig: the new signature %s is \"%s\", %s", last->field,
                 last->validation, last->total ? "total" : "not total");
      ok = FALSE;
    }
  return ok;
}

static void
test_corpus_file (gconstpointer data)
{
  const char *relpath = data;
  g_autofree char *in = sd_test_corpus_file (relpath);
  g_autofree char *tmp = NULL;
  g_autofree char *out = NULL;
  g_autofree char *seal = NULL;
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GPtrArray) before_all = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_signed_dir = g_str_has_prefix (relpath, "signed/");
  SdSignOptions opts;
  SignRect rect;

  if (in == NULL)
    return;
  tmp = sd_test_make_tmpdir ();
  out = g_build_filename (tmp, "signed.pdf", NULL);
  seal = sign_make_seal_png (tmp);
  key = sign_open_key ("rsa2048.p12");
  if (key == NULL)
    return;

  sd_sign_options_init (&opts);
  sd_sign_options_add_seal (&opts, 1, 50, 50, 60, 40, seal);

  if (sign_qpdf_is_encrypted (in))
    {
      check_encrypted (relpath, in, out, key, &opts, tmp);
      goto out;
    }
  if (sign_qpdf_is_damaged (in))
    {
      g_test_message ("qpdf says %s is damaged: it must be refused", relpath);
      error = sign_expect_refusal (in, key, &opts, NULL, damaged_words, tmp);
      goto out;
    }

  /* Certified with no changes allowed, or locked: any signature is refused. */
  {
    g_autoptr (SdPdfDocument) doc = sd_pdf_document_open (in, NULL, NULL);

    if (doc != NULL && sd_pdf_document_get_mdp_permission (doc, NULL) == 1)
      {
        g_test_message ("%s allows no changes: it must be refused", relpath);
        error = sign_expect_refusal (in, key, &opts, NULL, no_changes_words, tmp);
        goto out;
      }
  }

  if (is_signed_dir)
    {
      guint n_valid = 0;

      before_all = sign_pdfsig (in);
      if (before_all == NULL)
        goto out;
      before = sign_pdfsig_signed (before_all);
      for (guint i = 0; i < before->len; i++)
        n_valid += ((SignPdfsigEntry *) g_ptr_array_index (before, i))->valid;
      if (n_valid == 0)
        {
          g_test_skip ("pdfsig reports no valid signature in it: not an input here");
          goto out;
        }
    }

  if (!place_seal (in, tmp, &rect))
    goto out;
  g_ptr_array_set_size (opts.placements, 0);
  sign_options_add_rects (&opts, &rect, 1, seal);
  opts.reason = g_strdup ("Corpus test");
  if (!sign_document (in, out, key, &opts))
    goto out;
  if (is_signed_dir)
    {
      sign_check_signed_file (in, out, SIGN_PDFSIG_BY_CALLER, &rect, 1, tmp);
      check_earlier_signatures (before, out);
    }
  else
    sign_check_signed_file (in, out, 1, &rect, 1, tmp);

out:
  sd_sign_options_clear (&opts);
}

static void
test_corpus_absent (void)
{
  g_test_skip ("the public corpus is absent (set SEALDESK_CORPUS)");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The tests' data, freed after the run: tests left out by -p never get
 * their data freed by GLib. */
static GPtrArray *test_data;

static void
add_folder (const char *corpus,
            const char *folder)
{
  g_autofree char *dir_path = g_build_filename (corpus, folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/sign/corpus/%s/%s", folder, file);
      char *relpath = g_strdup_printf ("%s/%s", folder, file);

      g_ptr_array_add (test_data, relpath);
      g_test_add_data_func (test_path, relpath, test_corpus_file);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *corpus;
  int status;

  g_test_init (&argc, &argv, NULL);
  test_data = g_ptr_array_new_with_free_func (g_free);
  g_test_set_nonfatal_assertions ();

  corpus = sd_test_corpus_dir ();
  if (corpus == NULL)
    g_test_add_func ("/sign/corpus/absent", test_corpus_absent);
  else
    {
      add_folder (corpus, "structure");
      add_folder (corpus, "signed");
    }
  status = g_test_run ();
  g_ptr_array_unref (test_data);
  return status;
}
