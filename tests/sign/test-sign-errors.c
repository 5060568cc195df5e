/* test-sign-errors.c: what the signer must refuse, and how
 *
 * Each refusal: a GError whose message names the problem, no file at the
 * output path, a file already there left as it was, and no temporary file
 * left beside it (sign_expect_refusal()).
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "sign-checks.h"

#define WORDS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct {
  char          *tmp;
  char          *seal;
  char          *in;     /* xref-table.pdf: 2 A4 pages */
  SdKey         *key;
  SdSignOptions  opts;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmp = sd_test_make_tmpdir ();
  f->seal = sign_make_seal_png (f->tmp);
  f->in = sd_test_fixture_file ("xref-table.pdf");
  f->key = sign_open_key ("rsa2048.p12");
  sd_sign_options_init (&f->opts);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sd_sign_options_clear (&f->opts);
  g_clear_object (&f->key);
  g_free (f->in);
  g_free (f->seal);
  g_free (f->tmp);
}

static void
expect_refusal (Fixture            *f,
                const char         *in,
                const char * const *needles)
{
  g_autoptr(GError) error = NULL;

  if (f->key == NULL)
    return;
  error = sign_expect_refusal (in, f->key, &f->opts, NULL, needles, f->tmp);
}

static void
test_wrong_passphrase (void)
{
  g_autofree char *path = sd_test_pki_file ("rsa2048.p12");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdKey) key = sd_key_p12_open (path, "not-the-passphrase", &error);

  g_assert_null (key);
  g_assert_error (error, SD_KEY_ERROR, SD_KEY_ERROR_BAD_PIN);
  if (error != NULL)
    g_test_message ("refused as expected: %s", error->message);
}

static void
test_page_zero (Fixture       *f,
               gconstpointer  data)
{
  sd_sign_options_add_seal (&f->opts, 0, 50, 50, 120, 80, f->seal);
  expect_refusal (f, f->in, WORDS ("page 0"));
}

static void
test_page_past_end (Fixture       *f,
                   gconstpointer  data)
{
  sd_sign_options_add_seal (&f->opts, 5, 50, 50, 120, 80, f->seal);
  expect_refusal (f, f->in, WORDS ("page 5"));
  /* … and says how many pages there are. */
  expect_refusal (f, f->in, WORDS ("2 pages"));
}

/* A rectangle that leaves the page: past each edge in turn. */
static void
test_rect_off_page (Fixture       *f,
                   gconstpointer  data)
{
  static const double rects[][4] = {
    { 500, 50, 120, 80 },     /* past the right edge of 595 */
    { 50, 800, 120, 80 },     /* past the top edge of 842 */
    { -30, 50, 120, 80 },
    { 50, -30, 120, 80 },
    { 1000, 2000, 120, 80 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rects); i++)
    {
      g_ptr_array_set_size (f->opts.placements, 0);
      sd_sign_options_add_seal (&f->opts, 1, rects[i][0], rects[i][1],
                                rects[i][2], rects[i][3], f->seal);
      expect_refusal (f, f->in, WORDS ("rectangle", "outside", "off the page", "fit"));
    }
}

static void
test_rect_empty (Fixture       *f,
                gconstpointer  data)
{
  static const double sizes[][2] = { { 0, 80 }, { 120, 0 }, { -120, 80 }, { 0, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_ptr_array_set_size (f->opts.placements, 0);
      sd_sign_options_add_seal (&f->opts, 1, 200, 200, sizes[i][0], sizes[i][1], f->seal);
      expect_refusal (f, f->in, WORDS ("width", "height", "empty", "zero", "size"));
    }
}

static void
test_input_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmp, "no-such-award.pdf", NULL);

  expect_refusal (f, missing, WORDS ("no-such-award.pdf"));
}

static void
test_input_not_pdf (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *text = sd_test_fixture_file ("not-a-pdf.pdf");
  g_autofree char *truncated = sd_test_fixture_file ("damaged-truncated.pdf");

  expect_refusal (f, text, WORDS ("not a PDF", "not-a-pdf.pdf"));
  expect_refusal (f, truncated, WORDS ("damaged-truncated.pdf"));
}

/* The output may not replace the input, under its name or another. */
static void
test_input_is_output (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->tmp, "award.pdf", NULL);
  g_autofree char *link = g_build_filename (f->tmp, "award-link.pdf", NULL);
  g_autofree char *dotted = g_build_filename (f->tmp, ".", "award.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *contents = NULL;
  const char *outs[3];
  gsize len;

  if (f->key == NULL)
    return;
  g_assert_true (g_file_get_contents (f->in, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  g_assert_cmpint (symlink (copy, link), ==, 0);
  before = sd_test_sha256_file (copy);
  outs[0] = copy;
  outs[1] = link;
  outs[2] = dotted;

  for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      gboolean ok;

      ok = sd_sign_document (copy, outs[i], f->key, &f->opts, NULL, NULL, NULL, &error);
      g_assert_false (ok);
      g_assert_nonnull (error);
      if (error != NULL)
        {
          g_test_message ("refused as expected: %s", error->message);
          if (!sign_text_has_any (error->message, WORDS ("award.pdf", "award-link.pdf")))
            sign_fail ("the error \"%s\" does not name the document", error->message);
        }
      after = sd_test_sha256_file (copy);
      g_assert_cmpstr (after, ==, before);
      g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
      sign_check_no_temp_files (f->tmp);
    }
}

static void
test_encrypted (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *aes = sd_test_fixture_file ("encrypted-aes256.pdf");

  /* Without its password, or with a wrong one. Signing encrypted
   * documents with their password: test-sign-encrypted. */
  expect_refusal (f, aes, WORDS ("password"));
  f->opts.password = g_strdup ("not-the-password");
  expect_refusal (f, aes, WORDS ("password", "not correct"));
}

typedef struct {
  const char *p12;
  const char *words[4];
} BadCertificate;

static const BadCertificate bad_certificates[] = {
  { "expired.p12", { "expired", NULL } },
  { "not-yet-valid.p12", { "not yet", "not valid yet", "yet", NULL } },
  { "no-digital-signature.p12", { "digital signature", "key usage", NULL } },
};

/* Refused, unless the person insists (allow_invalid_certificate): then
 * the file is signed and pdfsig finds the signature itself intact. */
static void
test_bad_certificate (gconstpointer data)
{
  const BadCertificate *bad = data;
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key (bad->p12);
  g_autoptr(GError) error = NULL;
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  sd_sign_options_add_seal (&opts, 1, 50, 50, 120, 80, seal);
  error = sign_expect_refusal (in, key, &opts, NULL, bad->words, tmp);

  opts.allow_invalid_certificate = TRUE;
  if (sign_document (in, out, key, &opts))
    {
      g_assert_true (sd_test_file_is_prefix (in, out));
      sign_check_pdfsig (out, 1);
      sign_check_no_temp_files (tmp);
    }
  sd_sign_options_clear (&opts);
}

static void
test_seal_missing (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmp, "no-such-seal.png", NULL);

  sd_sign_options_add_seal (&f->opts, 1, 50, 50, 120, 80, missing);
  expect_refusal (f, f->in, WORDS ("no-such-seal.png"));
}

static void
test_seal_not_png (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *fake = g_build_filename (f->tmp, "seal-is-a-pdf.png", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  /* A real file of another kind, named .png. */
  g_assert_true (g_file_get_contents (f->in, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (fake, contents, len, NULL));
  sd_sign_options_add_seal (&f->opts, 1, 50, 50, 120, 80, fake);
  expect_refusal (f, f->in, WORDS ("seal-is-a-pdf.png"));
  expect_refusal (f, f->in, WORDS ("PNG"));
}

static void
test_cancelled (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (f->key == NULL)
    return;
  sd_sign_options_add_seal (&f->opts, 1, 50, 50, 120, 80, f->seal);
  g_cancellable_cancel (cancellable);
  error = sign_expect_refusal (f->in, f->key, &f->opts, cancellable, NULL, f->tmp);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* An output folder that does not exist: a clear error, nothing written. */
static void
test_output_folder_missing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->tmp, "no-such-folder", "signed.pdf", NULL);
  g_autoptr(GError) error = NULL;

  if (f->key == NULL)
    return;
  g_assert_false (sd_sign_document (f->in, out, f->key, &f->opts, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  if (error != NULL)
    g_test_message ("refused as expected: %s", error->message);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  sign_check_no_temp_files (f->tmp);
}

/* The input written to while it is copied (its first byte written again,
 * the same: only its modification time tells): what was hashed might not
 * be what was copied, so the signing stops with an error and leaves
 * nothing. */
static void
touch_input (double   fraction,
             gpointer data)
{
  const char *path = data;
  char c = 0;
  int fd;

  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &c, 1, 0), ==, 1);
  g_assert_cmpint (pwrite (fd, &c, 1, 0), ==, 1);
  close (fd);
}

static void
test_input_written_meanwhile (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *in = g_build_filename (f->tmp, "written.pdf", NULL);
  g_autofree char *out = g_build_filename (f->tmp, "written-signed.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct utimbuf past = { 946684800, 946684800 }; /* 2000-01-01 */
  gsize len;

  if (f->key == NULL)
    return;
  g_assert_true (g_file_get_contents (f->in, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (in, contents, len, NULL));
  /* Older than any write now, whatever the filesystem's clock steps. */
  g_assert_cmpint (g_utime (in, &past), ==, 0);
  g_assert_false (sd_sign_document (in, out, f->key, &f->opts, touch_input, in, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  if (error != NULL)
    {
      g_test_message ("refused as expected: %s", error->message);
      g_assert_true (sign_text_has_any (error->message, WORDS ("changed")));
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_true (sign_check_no_temp_files (f->tmp));
}

#define ADD(path, func) \
  g_test_add ("/sign/errors/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/sign/errors/wrong-passphrase", test_wrong_passphrase);
  ADD ("page-zero", test_page_zero);
  ADD ("page-past-end", test_page_past_end);
  ADD ("rect-off-page", test_rect_off_page);
  ADD ("rect-empty", test_rect_empty);
  ADD ("input-missing", test_input_missing);
  ADD ("input-not-pdf", test_input_not_pdf);
  ADD ("input-is-output", test_input_is_output);
  ADD ("encrypted", test_encrypted);
  for (guint i = 0; i < G_N_ELEMENTS (bad_certificates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sign/errors/certificate/%s",
                                               bad_certificates[i].p12);

      g_test_add_data_func (path, &bad_certificates[i], test_bad_certificate);
    }
  ADD ("seal-missing", test_seal_missing);
  ADD ("seal-not-png", test_seal_not_png);
  ADD ("cancelled", test_cancelled);
  ADD ("output-folder-missing", test_output_folder_missing);
  ADD ("input-written-meanwhile", test_input_written_meanwhile);
  return g_test_run ();
}
