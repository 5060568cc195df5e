/* test-sign-fixtures.c: sign a generated PDF of each structure, check it
 * with real tools
 *
 * Each fixture (tests/fixtures) is signed with the RSA-2048 test key and a
 * visible seal on page 1 (on every page of rotated.pdf, in one pass), then
 * checked with qpdf, pdfsig, openssl cms, mutool and pdftoppm: the original
 * bytes are a prefix, the update is a proper incremental update, the
 * signature is valid and total, the seal is visible, upright and where it
 * was put, in the page's visible orientation.
 */
#include "config.h"

#include "sd-test-util.h"
#include "sign-checks.h"

typedef struct {
  const char *name;
  int         n_sealed_pages;   /* seals on pages 1..n, one pass */
} Fixture;

static const Fixture fixtures[] = {
  { "xref-table.pdf", 1 },
  { "no-id.pdf", 1 },
  { "xref-stream.pdf", 1 },
  { "xref-stream-no-objstm.pdf", 1 },
  { "linearized.pdf", 1 },
  { "hybrid.pdf", 1 },
  { "incremental.pdf", 1 },
  { "trailing-garbage.pdf", 1 },
  { "rotated.pdf", 4 },
  { "inherited.pdf", 1 },
  { "acroform-direct.pdf", 1 },
  { "annots-indirect.pdf", 1 },
  { "cropbox-offset.pdf", 1 },
  { "many-pages.pdf", 1 },
};

/* A 3:2 rectangle near the bottom-left corner of the visible page, away
 * from the centre so that a misplaced or mis-rotated seal shows. */
static gboolean
place_seal (const char *pdf,
            int         page,
            const char *workdir,
            SignRect   *rect)
{
  double w, h;

  if (!sign_page_size (pdf, page, workdir, &w, &h))
    return FALSE;
  rect->page = page;
  rect->x = 0.12 * w;
  rect->y = 0.1 * h;
  rect->w = 120;
  rect->h = 80;
  return TRUE;
}

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file (fixture->name);
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autofree SignRect *rects = g_new0 (SignRect, fixture->n_sealed_pages);
  SdSignOptions opts;

  if (key == NULL)
    return;
  for (int i = 0; i < fixture->n_sealed_pages; i++)
    if (!place_seal (in, i + 1, tmp, &rects[i]))
      return;

  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Fixture test");
  opts.location = g_strdup ("Test bench");
  opts.name = g_strdup ("Sealdesk Test Signer");
  sign_options_add_rects (&opts, rects, fixture->n_sealed_pages, seal);
  if (sign_document (in, out, key, &opts))
    {
      sign_check_signed_file (in, out, 1, rects, fixture->n_sealed_pages, tmp);
      /* A second renderer: poppler. */
      if (!sign_check_seals_visible (in, out, rects, fixture->n_sealed_pages,
                                     SIGN_RENDER_PDFTOPPM, tmp))
        sign_keep_for_inspection (out);
    }
  sd_sign_options_clear (&opts);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sign/fixtures/%s", fixtures[i].name);

      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }
  return g_test_run ();
}
