/* test-pdf-document-synthetic.c: edge cases in small hand-made PDFs
 *
 * Rotation values readers must normalise, boxes inherited and clipped,
 * signature fields nested in /Kids, text strings in each encoding, the
 * catalog /Version, and bytes before the header.
 */
#include "config.h"

#include <string.h>

#include "sd-test-util.h"
#include "sd-geometry.h"
#include "test-pdf-document.h"

char *
test_pdf_build (const char         *header,
                const char         *leading,
                guint               info_num,
                const char * const *objects)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "synthetic.pdf", NULL);
  g_autoptr (GString) pdf = g_string_new (leading);
  g_autoptr (GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize base = pdf->len, xref;
  guint n = g_strv_length ((char **) objects);
  g_autoptr (GError) error = NULL;

  g_string_append_printf (pdf, "%s\n%%\xe2\xe3\xcf\xd3\n", header);
  for (guint i = 0; i < n; i++)
    {
      gsize offset = pdf->len - base;

      g_array_append_val (offsets, offset);
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len - base;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n",
                            g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R ", n + 1);
  if (info_num > 0)
    g_string_append_printf (pdf, "/Info %u 0 R ", info_num);
  g_string_append_printf (pdf, ">>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          xref);

  g_file_set_contents (path, pdf->str, (gssize) pdf->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

#define INFO "<< /Producer (test) >>"

static void
test_rotation_normalised (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R 7 0 R 8 0 R] /Count 6 "
    "/MediaBox [0 0 200 100] >>",
    "<< /Type /Page /Parent 2 0 R /Rotate -90 >>",
    "<< /Type /Page /Parent 2 0 R /Rotate 450 >>",
    "<< /Type /Page /Parent 2 0 R /Rotate 45 >>",
    "<< /Type /Page /Parent 2 0 R /Rotate 720 >>",
    "<< /Type /Page /Parent 2 0 R /Rotate -270 >>",
    "<< /Type /Page /Parent 2 0 R /Rotate 180.0 >>",
    INFO, NULL
  };
  const int expected[] = { 270, 90, 0, 0, 90, 180 };
  g_autofree char *path = test_pdf_build ("%PDF-1.7", "", 9, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 6);
  for (int i = 1; i <= 6; i++)
    {
      SdPdfPageInfo page = test_pdf_page (doc, i);
      double width, height;

      g_assert_cmpint (page.rotate, ==, expected[i - 1]);
      sd_geometry_visible_size (&page, &width, &height);
      g_assert_cmpfloat (width, ==, page.rotate % 180 ? 100 : 200);
      g_assert_cmpfloat (height, ==, page.rotate % 180 ? 200 : 100);
    }
}

static void
test_boxes (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    /* Root: crop box inherited by all; an intermediate node rotates. */
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 /CropBox [10 10 300 400] "
    "/Rotate 270 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] >>",
    "<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 "
    "/MediaBox [100 100 0 0] /Rotate 0 >>",
    /* Crop box entirely outside the media box: ignored. */
    "<< /Type /Page /Parent 4 0 R /CropBox [500 500 600 600] >>",
    /* No /MediaBox anywhere for this one is impossible here (inherited);
     * an invalid one falls back to the inherited crop clipped to Letter. */
    "<< /Type /Page /Parent 4 0 R /MediaBox [0 0 0 0] /CropBox [1 2 3] >>",
    INFO, NULL
  };
  g_autofree char *path = test_pdf_build ("%PDF-1.7", "", 7, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  SdPdfPageInfo page;

  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 3);

  /* Inherited crop box clipped to the page's own media box. */
  page = test_pdf_page (doc, 1);
  test_pdf_assert_box (page.media_box, 0, 0, 200, 300);
  test_pdf_assert_box (page.crop_box, 10, 10, 200, 300);
  g_assert_cmpint (page.rotate, ==, 270);

  /* Media box corners given in the other order; the nearest /Rotate wins. */
  page = test_pdf_page (doc, 2);
  test_pdf_assert_box (page.media_box, 0, 0, 100, 100);
  test_pdf_assert_box (page.crop_box, 0, 0, 100, 100);
  g_assert_cmpint (page.rotate, ==, 0);

  /* An empty media box: US Letter, as readers assume; the malformed crop
   * box is ignored in favour of the inherited one. */
  page = test_pdf_page (doc, 3);
  test_pdf_assert_box (page.media_box, 0, 0, 612, 792);
  test_pdf_assert_box (page.crop_box, 10, 10, 300, 400);
}

static void
test_signature_fields (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 10 0 R] "
    "/SigFlags 3 >> >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
    "<< /Type /Page /Parent 2 0 R /Annots [7 0 R 10 0 R] >>",
    "<< /Type /Page /Parent 2 0 R /Annots 12 0 R >>",
    /* "form": /FT /Sig inherited by its kids "a" and "b"; it lists itself
     * as a kid too, which must not loop. */
    "<< /T (form) /FT /Sig /Kids [6 0 R 8 0 R 5 0 R] >>",
    /* "form.a": unsigned, its widget is a kid (on page 1). */
    "<< /T (a) /Parent 5 0 R /Kids [7 0 R] >>",
    "<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [300 10 100 60] "
    "/P 4 0 R >>",
    /* "form.b": field merged with its widget (on page 2), signed. */
    "<< /T (b) /Parent 5 0 R /Type /Annot /Subtype /Widget "
    "/Rect [10 20 30 40] /V 9 0 R >>",
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
    "/Contents <00> /ByteRange [0 1 2 3] >>",
    /* A text field: not a signature field. */
    "<< /T (name) /FT /Tx /Type /Annot /Subtype /Widget /Rect [0 0 1 1] >>",
    INFO,
    "[8 0 R]",
    NULL
  };
  g_autofree char *path = test_pdf_build ("%PDF-1.7", "", 11, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);
  SdPdfSignatureField *field;

  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpint (sd_pdf_document_get_n_signatures (doc), ==, 1);

  field = g_ptr_array_index (fields, 0);
  g_assert_cmpstr (field->name, ==, "form.a");
  g_assert_cmpint (field->obj_num, ==, 6);
  g_assert_cmpint (field->page, ==, 1);     /* /Annots, not the lying /P */
  test_pdf_assert_box (field->rect, 100, 10, 300, 60);
  g_assert_false (field->is_signed);
  g_assert_null (field->sub_filter);
  g_assert_cmpint (field->value_obj_num, ==, 0);

  field = g_ptr_array_index (fields, 1);
  g_assert_cmpstr (field->name, ==, "form.b");
  g_assert_cmpint (field->obj_num, ==, 8);
  g_assert_cmpint (field->page, ==, 2);     /* indirect /Annots array */
  test_pdf_assert_box (field->rect, 10, 20, 30, 40);
  g_assert_true (field->is_signed);
  g_assert_cmpstr (field->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_cmpint (field->value_obj_num, ==, 9);
}

static void
test_info_strings (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R /Version /1.7 >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    /* UTF-16BE with BOM, PDFDocEncoding (0x93 is the "fi" ligature, 0xE9
     * is é), and a name where a string belongs. */
    "<< /Title <FEFF4E2D658700200041> /Author (caf\\351 \\223x) "
    "/Subject /NotAString /Creator (line\\nbreak) >>",
    NULL
  };
  g_autofree char *path = test_pdf_build ("%PDF-1.4", "", 4, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  g_autofree char *title = sd_pdf_document_dup_info_string (doc, "Title");
  g_autofree char *author = sd_pdf_document_dup_info_string (doc, "Author");
  g_autofree char *subject = sd_pdf_document_dup_info_string (doc, "Subject");
  g_autofree char *creator = sd_pdf_document_dup_info_string (doc, "Creator");

  g_assert_cmpstr (title, ==, "中文 A");
  g_assert_cmpstr (author, ==, "café ﬁx");
  g_assert_null (subject);
  g_assert_cmpstr (creator, ==, "line\nbreak");
  /* The catalog raises the header's version. */
  g_assert_cmpstr (sd_pdf_document_get_version (doc), ==, "1.7");
}

static void
test_version_not_lowered (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R /Version /1.3 >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    INFO, NULL
  };
  g_autofree char *path = test_pdf_build ("%PDF-2.0", "", 4, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);

  g_assert_cmpstr (sd_pdf_document_get_version (doc), ==, "2.0");
}

static void
test_leading_bytes (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    INFO, NULL
  };
  /* Offsets in the file count from the header, as in the PDF 2.0
   * example file with an offset start. */
  g_autofree char *path = test_pdf_build ("%PDF-1.7",
                                          "#!junk before the header\n",
                                          4, objects);
  g_autoptr (SdPdfDocument) doc = test_pdf_open (path, NULL);
  GArray *ends = sd_pdf_document_get_revision_ends (doc);

  g_assert_cmpint (sd_pdf_document_get_header_offset (doc), ==,
                   strlen ("#!junk before the header\n"));
  g_assert_cmpint (sd_pdf_document_get_n_pages (doc), ==, 1);
  g_assert_true (sd_pdf_document_has_intact_xref_chain (doc));
  g_assert_cmpuint (ends->len, ==, 1);
  g_assert_cmpint (g_array_index (ends, goffset, 0), ==,
                   sd_pdf_document_get_file_size (doc));
}

void
test_pdf_add_synthetic_tests (void)
{
  g_test_add_func ("/pdf-document/synthetic/rotation",
                   test_rotation_normalised);
  g_test_add_func ("/pdf-document/synthetic/boxes", test_boxes);
  g_test_add_func ("/pdf-document/synthetic/signature-fields",
                   test_signature_fields);
  g_test_add_func ("/pdf-document/synthetic/info-strings", test_info_strings);
  g_test_add_func ("/pdf-document/synthetic/version", test_version_not_lowered);
  g_test_add_func ("/pdf-document/synthetic/leading-bytes", test_leading_bytes);
}
