/* test-harness-fixtures.c: the generated PDFs are what their names say
 *
 * Checked with independent tools (qpdf, pdfinfo), never with our own code:
 * these files are what our code is tested against.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-test-util.h"
#include "test-harness.h"

enum { COL_NAME, COL_PAGES, COL_CHECK, COL_PASSWORD, COL_WHAT, N_COLS };

/* Rows of FIXTURES.tsv, each a GStrv of N_COLS columns. */
static GPtrArray *
read_fixture_list (void)
{
  g_autofree char *path = sd_test_fixture_file ("FIXTURES.tsv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      GStrv cols;

      if (lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", N_COLS);
      g_assert_cmpuint (g_strv_length (cols), ==, N_COLS);
      g_ptr_array_add (rows, cols);
    }
  return rows;
}

static void
test_fixtures_listed (void)
{
  static const char * const expected[] = {
    "xref-table.pdf", "no-id.pdf", "xref-stream.pdf",
    "xref-stream-no-objstm.pdf", "linearized.pdf", "hybrid.pdf",
    "incremental.pdf", "trailing-garbage.pdf", "rotated.pdf",
    "inherited.pdf", "acroform-direct.pdf", "annots-indirect.pdf",
    "cropbox-offset.pdf", "many-pages.pdf", "encrypted-aes256.pdf",
    "encrypted-no-user-password.pdf", "damaged-truncated.pdf",
    "not-a-pdf.pdf",
  };
  g_autoptr (GPtrArray) rows = read_fixture_list ();

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;
      g_autofree char *path = sd_test_fixture_file (expected[i]);

      for (guint r = 0; r < rows->len && !found; r++)
        found = g_str_equal (((GStrv) rows->pdata[r])[COL_NAME], expected[i]);
      g_assert_true (found);
    }
}

/* qpdf with @args then the fixture @name and its @password (may be ""). */
static int
run_qpdf (const char *name,
          const char *password,
          const char *arg,
          char      **out)
{
  g_autofree char *path = sd_test_fixture_file (name);
  g_autofree char *pw = NULL;
  const char *argv[5] = { "qpdf", arg, path, NULL, NULL };

  if (password != NULL && *password != '\0')
    {
      pw = g_strconcat ("--password=", password, NULL);
      argv[3] = pw;
    }
  return sd_test_run (argv, NULL, out, NULL);
}

/* Every fixture passes qpdf --check (exit 0, or 3 for warnings) and has the
 * listed page count, except the broken ones, which must fail. */
static void
test_fixtures_qpdf_check (void)
{
  g_autoptr (GPtrArray) rows = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  rows = read_fixture_list ();
  g_assert_cmpuint (rows->len, >=, 18);
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = rows->pdata[r];
      int status;

      g_test_message ("fixture %s (%s)", row[COL_NAME], row[COL_WHAT]);
      status = run_qpdf (row[COL_NAME], row[COL_PASSWORD], "--check", NULL);
      if (g_str_equal (row[COL_CHECK], "ok"))
        {
          g_autofree char *pages = NULL;

          g_assert_true (status == 0 || status == 3);
          g_assert_cmpint (run_qpdf (row[COL_NAME], row[COL_PASSWORD],
                                     "--show-npages", &pages), ==, 0);
          g_assert_cmpint (atoi (pages), ==, atoi (row[COL_PAGES]));
        }
      else
        {
          g_assert_cmpstr (row[COL_CHECK], ==, "fail");
          g_assert_true (status != 0 && status != 3);
        }
    }
}

/* memmem(), which is a GNU extension. */
static const char *
find_bytes (const char *data,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = sd_test_fixture_file (name);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

/* What the last startxref of @name points at starts with @prefix. */
static void
assert_startxref_at (const char *name,
                     const char *prefix)
{
  g_autoptr (GBytes) bytes = fixture_bytes (name);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *p = NULL;
  guint64 offset;

  /* The last one: search on after each hit. */
  for (const char *q = data;
       (q = find_bytes (q, data + len - q, "startxref")) != NULL; q++)
    p = q;

  g_assert_nonnull (p);
  offset = g_ascii_strtoull (p + strlen ("startxref"), NULL, 10);
  g_assert_cmpuint (offset + strlen (prefix), <, len);
  g_assert_cmpmem (data + offset, strlen (prefix), prefix, strlen (prefix));
}

static gboolean
fixture_contains (const char *name,
                  const char *needle)
{
  g_autoptr (GBytes) bytes = fixture_bytes (name);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return find_bytes (data, len, needle) != NULL;
}

static void
test_fixtures_xref_forms (void)
{
  assert_startxref_at ("xref-table.pdf", "xref");
  assert_startxref_at ("no-id.pdf", "xref");

  g_assert_false (fixture_contains ("xref-stream.pdf", "\nxref"));
  g_assert_true (fixture_contains ("xref-stream.pdf", "/Type /ObjStm"));
  g_assert_true (fixture_contains ("xref-stream.pdf", "/Type /XRef"));

  g_assert_false (fixture_contains ("xref-stream-no-objstm.pdf", "\nxref"));
  g_assert_false (fixture_contains ("xref-stream-no-objstm.pdf", "/ObjStm"));
  g_assert_true (fixture_contains ("xref-stream-no-objstm.pdf", "/Type /XRef"));

  assert_startxref_at ("hybrid.pdf", "xref");
  g_assert_true (fixture_contains ("hybrid.pdf", "/XRefStm"));
  g_assert_true (fixture_contains ("hybrid.pdf", "/Type /ObjStm"));
}

static void
test_fixtures_hybrid_objects (void)
{
  g_autofree char *xref = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  g_assert_cmpint (run_qpdf ("hybrid.pdf", NULL, "--show-xref", &xref), ==, 0);
  g_assert_nonnull (strstr (xref, "4/0: compressed"));
}

static void
test_fixtures_linearized (void)
{
  g_autofree char *lin = NULL;
  g_autofree char *plain = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  /* qpdf exits 0 for both: what it says tells them apart. */
  g_assert_cmpint (run_qpdf ("linearized.pdf", NULL, "--check-linearization",
                             &lin), ==, 0);
  g_assert_nonnull (strstr (lin, "no linearization errors"));
  g_assert_cmpint (run_qpdf ("xref-table.pdf", NULL, "--check-linearization",
                             &plain), ==, 0);
  g_assert_nonnull (strstr (plain, "is not linearized"));
}

static guint
count_occurrences (GBytes     *bytes,
                   const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = data + len;
  guint n = 0;

  for (const char *p = data;
       (p = find_bytes (p, end - p, needle)) != NULL;
       p += strlen (needle))
    n++;
  return n;
}

static void
test_fixtures_incremental (void)
{
  g_autoptr (GBytes) inc = fixture_bytes ("incremental.pdf");
  g_autoptr (GBytes) garbage = fixture_bytes ("trailing-garbage.pdf");
  static const char junk[] = "\r\n\0\0junk\n";
  gsize len;
  const char *data;

  g_assert_cmpuint (count_occurrences (inc, "%%EOF"), ==, 2);
  g_assert_cmpuint (count_occurrences (inc, "/Prev"), ==, 1);
  g_assert_cmpuint (count_occurrences (inc, "(revision 2\\)"), ==, 1);

  data = g_bytes_get_data (garbage, &len);
  g_assert_cmpuint (len, >, sizeof junk);
  g_assert_cmpmem (data + len - (sizeof junk - 1), sizeof junk - 1,
                   junk, sizeof junk - 1);
}

/* pdfinfo's "Page N rot: R" lines for pages 1..@n of @name. */
static GArray *
page_rotations (const char *name,
                guint       n)
{
  g_autofree char *path = sd_test_fixture_file (name);
  g_autofree char *last = g_strdup_printf ("%u", n);
  const char *argv[] = { "pdfinfo", "-f", "1", "-l", last, path, NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *rot = g_array_new (FALSE, FALSE, sizeof (int));

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = strstr (lines[i], " rot:");

      if (g_str_has_prefix (lines[i], "Page ") && p != NULL)
        {
          int r = atoi (p + strlen (" rot:"));

          g_array_append_val (rot, r);
        }
    }
  return rot;
}

static void
test_fixtures_rotation (void)
{
  g_autoptr (GArray) rotated = NULL;
  g_autoptr (GArray) inherited = NULL;

  if (!sd_test_require_program ("pdfinfo"))
    return;
  rotated = page_rotations ("rotated.pdf", 4);
  g_assert_cmpuint (rotated->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (rotated, int, i), ==, 90 * (int) i);

  inherited = page_rotations ("inherited.pdf", 3);
  g_assert_cmpuint (inherited->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (inherited, int, i), ==, 90);
}

/* The object @num of fixture @name as qpdf prints it. */
static char *
show_object (const char *name,
             const char *num)
{
  g_autofree char *arg = g_strconcat ("--show-object=", num, NULL);
  char *out = NULL;

  g_assert_cmpint (run_qpdf (name, NULL, arg, &out), ==, 0);
  return out;
}

static void
test_fixtures_trailer_id (void)
{
  g_autofree char *with_id = NULL;
  g_autofree char *without_id = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  with_id = show_object ("xref-table.pdf", "trailer");
  without_id = show_object ("no-id.pdf", "trailer");
  g_assert_nonnull (strstr (with_id, "/ID ["));
  g_assert_null (strstr (without_id, "/ID"));
}

static void
test_fixtures_page_tree_and_forms (void)
{
  g_autofree char *inherited_leaf = NULL;
  g_autofree char *inherited_root = NULL;
  g_autofree char *direct_catalog = NULL;
  g_autofree char *direct_page = NULL;
  g_autofree char *indirect_catalog = NULL;
  g_autofree char *indirect_page = NULL;
  g_autofree char *indirect_form = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  inherited_leaf = show_object ("inherited.pdf", "4");
  inherited_root = show_object ("inherited.pdf", "2");
  g_assert_null (strstr (inherited_leaf, "/MediaBox"));
  g_assert_null (strstr (inherited_leaf, "/Resources"));
  g_assert_nonnull (strstr (inherited_root, "/MediaBox"));
  g_assert_nonnull (strstr (inherited_root, "/Rotate 90"));

  direct_catalog = show_object ("acroform-direct.pdf", "1");
  direct_page = show_object ("acroform-direct.pdf", "5");
  g_assert_nonnull (strstr (direct_catalog, "/AcroForm <<"));
  g_assert_nonnull (strstr (direct_page, "/Annots ["));

  indirect_catalog = show_object ("annots-indirect.pdf", "1");
  indirect_page = show_object ("annots-indirect.pdf", "5");
  indirect_form = show_object ("annots-indirect.pdf", "9");
  g_assert_nonnull (strstr (indirect_catalog, "/AcroForm 9 0 R"));
  g_assert_nonnull (strstr (indirect_page, "/Annots 10 0 R"));
  g_assert_nonnull (strstr (indirect_form, "/Fields 12 0 R"));
}

static void
test_fixtures_cropbox (void)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (!sd_test_require_program ("pdfinfo"))
    return;
  path = sd_test_fixture_file ("cropbox-offset.pdf");
  {
    const char *argv[] = { "pdfinfo", "-box", path, NULL };

    g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  }
  g_assert_true (g_regex_match_simple ("MediaBox: +0\\.00 +0\\.00 +612\\.00 "
                                       "+792\\.00", out, 0, 0));
  g_assert_true (g_regex_match_simple ("CropBox: +50\\.00 +50\\.00 +562\\.00 "
                                       "+742\\.00", out, 0, 0));
}

static void
test_fixtures_encryption (void)
{
  g_autofree char *enc = NULL;

  if (!sd_test_require_program ("qpdf"))
    return;
  /* qpdf --requires-password: 0 yes, 2 not encrypted, 3 encrypted only. */
  g_assert_cmpint (run_qpdf ("encrypted-aes256.pdf", NULL,
                             "--requires-password", NULL), ==, 0);
  g_assert_cmpint (run_qpdf ("encrypted-no-user-password.pdf", NULL,
                             "--requires-password", NULL), ==, 3);
  g_assert_cmpint (run_qpdf ("xref-table.pdf", NULL,
                             "--requires-password", NULL), ==, 2);
  g_assert_cmpint (run_qpdf ("encrypted-aes256.pdf", "user",
                             "--show-encryption", &enc), ==, 0);
  g_assert_nonnull (strstr (enc, "R = 6"));
}

void
add_fixture_tests (void)
{
  g_test_add_func ("/harness/fixtures/listed", test_fixtures_listed);
  g_test_add_func ("/harness/fixtures/qpdf-check", test_fixtures_qpdf_check);
  g_test_add_func ("/harness/fixtures/xref-forms", test_fixtures_xref_forms);
  g_test_add_func ("/harness/fixtures/hybrid-objects",
                   test_fixtures_hybrid_objects);
  g_test_add_func ("/harness/fixtures/linearized", test_fixtures_linearized);
  g_test_add_func ("/harness/fixtures/incremental", test_fixtures_incremental);
  g_test_add_func ("/harness/fixtures/rotation", test_fixtures_rotation);
  g_test_add_func ("/harness/fixtures/trailer-id", test_fixtures_trailer_id);
  g_test_add_func ("/harness/fixtures/page-tree-and-forms",
                   test_fixtures_page_tree_and_forms);
  g_test_add_func ("/harness/fixtures/cropbox", test_fixtures_cropbox);
  g_test_add_func ("/harness/fixtures/encryption", test_fixtures_encryption);
}
