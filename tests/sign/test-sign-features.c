/* test-sign-features.c: signature sequences, several seals, rotated pages,
 * invisible signatures, ECDSA keys, certification, signature metadata
 *
 * Every result is checked with real tools (see sign-checks.h).
 */
#include "config.h"

#include <string.h>

#include "sd-marks.h"
#include "sd-pdf-document-private.h"
#include "sd-sha256.h"
#include "sd-test-util.h"
#include "sign-checks.h"

/* qpdf's JSON of the newest signature's value dictionary in @pdf, and its
 * field's full name. */
static JsonObject *
last_signature (const char  *pdf,
                char       **field_name)
{
  g_autoptr(JsonArray) fields = sign_qpdf_fields (pdf);
  JsonObject *last = NULL;

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);

      if (json_object_has_member (f, "value")
          && !json_node_is_null (json_object_get_member (f, "value")))
        last = f;
    }
  if (last == NULL)
    return NULL;
  if (field_name != NULL)
    *field_name = g_strdup (sign_json_string (last, "fullname"));
  return sign_qpdf_resolve (pdf, last, "value");
}

static gboolean
string_member_is (JsonObject *obj,
                  const char *member,
                  const char *expected)
{
  const char *value;

  value = sign_json_string (obj, member);
  /* qpdf writes text strings as "u:…". */
  return value != NULL && g_str_has_suffix (value, expected);
}

static guint
count_occurrences (const char *path,
                   const char *needle)
{
  g_autofree char *data = NULL;
  gsize len, n = strlen (needle);
  guint count = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      count++;
  return count;
}

/* The same file signed three times, each a new revision, the same seal
 * picture each time: stored once. */
static void
test_three_times (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *prev = sd_test_fixture_file ("xref-table.pdf");
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");

  if (key == NULL)
    return;
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("signed-%u.pdf", i);
      g_autofree char *out = g_build_filename (tmp, name, NULL);
      SignRect rect = { 1, 60 + 150 * (i - 1), 100, 120, 80 };
      SdSignOptions opts;
      gboolean ok;

      sd_sign_options_init (&opts);
      sign_options_add_rects (&opts, &rect, 1, seal);
      ok = sign_document (prev, out, key, &opts);
      sd_sign_options_clear (&opts);
      if (!ok)
        return;
      sign_check_signed_file (prev, out, i, &rect, 1, tmp);
      g_free (prev);
      prev = g_steal_pointer (&out);
    }
  g_assert_cmpuint (count_occurrences (prev, "/SealdeskSealDigest"), ==, 1);
}

/* Appends an incremental update to @path that redefines object @num. */
static void
append_object (const char *path,
               int         num,
               const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  g_autofree char *data = NULL;
  g_autoptr(GString) out = NULL;
  gsize len = 0;
  qpdf_data q;
  qpdf_oh root;
  goffset at, xref;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  q = sd_pdf_document_get_qpdf (doc);
  root = qpdf_get_root (q);
  out = g_string_new_len (data, len);
  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  at = out->len;
  g_string_append_printf (out, "%d 0 obj\n%s\nendobj\n", num, body);
  xref = out->len;
  g_string_append_printf (out, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010lld 00000 n \n"
                          "trailer\n<< /Size %d /Root %d 0 R /Prev %lld >>\nstartxref\n%lld\n%%%%EOF\n",
                          num, (long long) at, sd_pdf_document_get_trailer_size (doc),
                          qpdf_oh_get_object_id (q, root),
                          (long long) sd_pdf_document_get_startxref (doc), (long long) xref);
  g_clear_object (&doc);
  g_assert_true (g_file_set_contents (path, out->str, out->len, &error));
}

/* A document whose image claims the digest of our seal picture but holds
 * other pixels (all red): the next signature with that picture must not
 * reuse it, it writes the picture anew. */
static void
test_planted_image (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *once = g_build_filename (tmp, "once.pdf", NULL);
  g_autofree char *planted = g_build_filename (tmp, "planted.pdf", NULL);
  g_autofree char *twice = g_build_filename (tmp, "twice.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  SignRect first = { 1, 60, 100, 120, 80 };
  SignRect second = { 1, 60, 400, 120, 80 };
  SdSignOptions opts;
  int image = 0, mask = 0, w = 0, h = 0;
  gsize hex_len;
  qpdf_data q;
  gboolean ok;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  sign_options_add_rects (&opts, &first, 1, seal);
  ok = sign_document (in, once, key, &opts);
  sd_sign_options_clear (&opts);
  if (!ok)
    return;

  doc = sd_pdf_document_open (once, NULL, &error);
  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  for (int num = 1; num < sd_pdf_document_get_trailer_size (doc) && image == 0; num++)
    {
      qpdf_oh oh = qpdf_get_object_by_id (q, num, 0);
      qpdf_oh dict;

      if (qpdf_oh_is_stream (q, oh))
        {
          dict = qpdf_oh_get_dict (q, oh);
          if (qpdf_oh_has_key (q, dict, "/SealdeskSealDigest"))
            {
              image = num;
              digest = g_strdup (qpdf_oh_get_utf8_value (q, qpdf_oh_get_key (q, dict, "/SealdeskSealDigest")));
              w = qpdf_oh_get_int_value_as_int (q, qpdf_oh_get_key (q, dict, "/Width"));
              h = qpdf_oh_get_int_value_as_int (q, qpdf_oh_get_key (q, dict, "/Height"));
              mask = qpdf_oh_get_object_id (q, qpdf_oh_get_key (q, dict, "/SMask"));
            }
        }
    }
  g_clear_object (&doc);
  g_assert_cmpint (image, >, 0);
  g_assert_cmpint (mask, >, 0);
  g_assert_cmpint (w * h, >, 0);

  hex_len = (gsize) w * h * 6 + 1;
  body = g_string_new (NULL);
  g_string_append_printf (body, "<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                          "/ColorSpace /DeviceRGB /BitsPerComponent 8 /SMask %d 0 R "
                          "/SealdeskSealDigest (%s) /Filter /ASCIIHexDecode /Length %zu >>\nstream\n",
                          w, h, mask, digest, hex_len);
  for (int i = 0; i < w * h; i++)
    g_string_append (body, "FF0000");
  g_string_append (body, ">\nendstream");
  {
    g_autofree char *data = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (once, &data, &len, &error));
    g_assert_true (g_file_set_contents (planted, data, len, &error));
  }
  append_object (planted, image, body->str);
  g_assert_cmpuint (count_occurrences (planted, "/SealdeskSealDigest"), ==, 2);

  sd_sign_options_init (&opts);
  sign_options_add_rects (&opts, &second, 1, seal);
  ok = sign_document (planted, twice, key, &opts);
  sd_sign_options_clear (&opts);
  if (!ok)
    return;
  /* The signed picture, the planted one and a picture of its own. */
  g_assert_cmpuint (count_occurrences (twice, "/SealdeskSealDigest"), ==, 3);
  if (!sign_check_seals_visible (planted, twice, &second, 1, SIGN_RENDER_PDFTOPPM, tmp))
    sign_keep_for_inspection (twice);
}

/* One signature, seals on three pages. */
static void
test_several_seals (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("linearized.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  const SignRect rects[] = {
    { 1, 60, 600, 120, 80 },
    { 2, 400, 80, 150, 100 },
    { 3, 200, 300, 90, 60 },
  };
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  sign_options_add_rects (&opts, rects, G_N_ELEMENTS (rects), seal);
  if (sign_document (in, out, key, &opts))
    {
      sign_check_signed_file (in, out, 1, rects, G_N_ELEMENTS (rects), tmp);
      if (!sign_check_seals_visible (in, out, rects, G_N_ELEMENTS (rects),
                                     SIGN_RENDER_PDFTOPPM, tmp))
        sign_keep_for_inspection (out);
    }
  sd_sign_options_clear (&opts);
}

/* rotated.pdf: one signature per page (/Rotate 0, 90, 180, 270), each a
 * new revision; the seal upright and in place in mutool and pdftoppm. */
static void
test_rotated_each_page (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *prev = sd_test_fixture_file ("rotated.pdf");
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");

  if (key == NULL)
    return;
  for (int page = 1; page <= 4; page++)
    {
      g_autofree char *name = g_strdup_printf ("signed-page-%d.pdf", page);
      g_autofree char *out = g_build_filename (tmp, name, NULL);
      /* Top-left of the visible page, whatever its orientation. */
      double w, h;
      SignRect rect;
      SdSignOptions opts;
      gboolean ok;

      if (!sign_page_size (prev, page, tmp, &w, &h))
        return;
      rect = (SignRect) { page, 40, h - 40 - 90, 135, 90 };
      sd_sign_options_init (&opts);
      sign_options_add_rects (&opts, &rect, 1, seal);
      ok = sign_document (prev, out, key, &opts);
      sd_sign_options_clear (&opts);
      if (!ok)
        return;
      sign_check_signed_file (prev, out, page, &rect, 1, tmp);
      if (!sign_check_seals_visible (prev, out, &rect, 1, SIGN_RENDER_PDFTOPPM, tmp))
        sign_keep_for_inspection (out);
      g_free (prev);
      prev = g_steal_pointer (&out);
    }
}

static void
test_invisible (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("xref-stream.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(JsonArray) fields = NULL;
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  if (sign_document (in, out, key, &opts))
    {
      sign_check_signed_file (in, out, 1, NULL, 0, tmp);
      sign_check_page_unchanged (in, out, 1, tmp);
      fields = sign_qpdf_fields (out);
      g_assert_nonnull (fields);
      for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
        {
          JsonObject *f = json_array_get_object_element (fields, i);
          g_autoptr(JsonObject) annotation = sign_qpdf_resolve (out, f, "annotation");
          g_autoptr(JsonObject) widget = NULL;
          g_autoptr(JsonObject) ap = NULL;
          g_autoptr(JsonObject) normal = NULL;
          JsonArray *rect;

          if (annotation == NULL)
            continue;
          widget = sign_qpdf_resolve (out, annotation, "object");
          g_assert_nonnull (widget);
          if (widget == NULL)
            continue;
          rect = json_object_has_member (widget, "/Rect")
                 ? json_object_get_array_member (widget, "/Rect") : NULL;
          g_assert_nonnull (rect);
          g_assert_cmpuint (rect ? json_array_get_length (rect) : 0, ==, 4);
          for (guint k = 0; rect != NULL && k < json_array_get_length (rect); k++)
            g_assert_cmpfloat (json_array_get_double_element (rect, k), ==, 0);
          ap = sign_qpdf_resolve (out, widget, "/AP");
          normal = sign_qpdf_resolve (out, ap, "/N");
          g_assert_nonnull (normal);
        }
    }
  sd_sign_options_clear (&opts);
}

static void
test_ecdsa (gconstpointer data)
{
  const char *p12 = data;
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key (p12);
  const SignRect rect = { 2, 100, 100, 120, 80 };
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  sign_options_add_rects (&opts, &rect, 1, seal);
  if (sign_document (in, out, key, &opts))
    sign_check_signed_file (in, out, 1, &rect, 1, tmp);
  sd_sign_options_clear (&opts);
}

static void
test_certify (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("acroform-direct.pdf");
  g_autofree char *out = g_build_filename (tmp, "certified.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(JsonObject) sig = NULL;
  g_autoptr(JsonObject) trailer = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonObject) perms = NULL;
  g_autoptr(JsonObject) docmdp = NULL;
  g_autoptr(JsonObject) reference = NULL;
  g_autoptr(JsonObject) params = NULL;
  const SignRect rect = { 1, 300, 60, 120, 80 };
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  opts.certify = SD_CERTIFY_FORM_FILL;
  sign_options_add_rects (&opts, &rect, 1, seal);
  if (!sign_document (in, out, key, &opts))
    goto out;
  sign_check_signed_file (in, out, 1, &rect, 1, tmp);

  /* Catalog /Perms /DocMDP is the signature, whose /Reference says P 2. */
  sig = last_signature (out, NULL);
  trailer = sign_qpdf_object (out, "trailer");
  root = sign_qpdf_resolve (out, trailer, "/Root");
  perms = sign_qpdf_resolve (out, root, "/Perms");
  docmdp = sign_qpdf_resolve (out, perms, "/DocMDP");
  g_assert_nonnull (sig);
  g_assert_nonnull (docmdp);
  if (sig != NULL && docmdp != NULL)
    g_assert_true (json_object_equal (sig, docmdp));
  if (sig != NULL && json_object_has_member (sig, "/Reference")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (sig, "/Reference")))
    {
      JsonArray *refs = json_object_get_array_member (sig, "/Reference");
      JsonNode *first = refs && json_array_get_length (refs) > 0
                        ? json_array_get_element (refs, 0) : NULL;

      if (first != NULL && JSON_NODE_HOLDS_OBJECT (first))
        reference = json_object_ref (json_node_get_object (first));
      else if (first != NULL && JSON_NODE_HOLDS_VALUE (first))
        reference = sign_qpdf_object (out, json_node_get_string (first));
    }
  params = sign_qpdf_resolve (out, reference, "/TransformParams");
  g_assert_nonnull (params);
  g_assert_cmpstr (sign_json_string (reference, "/TransformMethod"), ==, "/DocMDP");
  g_assert_cmpint (sign_json_int (params, "/P", -1), ==, 2);

out:
  sd_sign_options_clear (&opts);
}

/* Only the first signature may certify a document. */
static void
test_certify_signed_refused (void)
{
  static const char * const words[] = { "signed", "certif", NULL };
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *once = g_build_filename (tmp, "signed.pdf", NULL);
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(GError) error = NULL;
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  if (sign_document (in, once, key, &opts))
    {
      opts.certify = SD_CERTIFY_FORM_FILL;
      error = sign_expect_refusal (once, key, &opts, NULL, words, tmp);
    }
  sd_sign_options_clear (&opts);
}

/* /Reason, /Location, /Name and the field name reach the signature. */
static void
test_metadata (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *in = sd_test_fixture_file ("annots-indirect.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autofree char *field = NULL;
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(JsonObject) sig = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  SdSignOptions opts;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Approved by the partners");
  opts.location = g_strdup ("Hamburg");
  opts.name = g_strdup ("Anna Schmidt");
  opts.field_name = g_strdup ("PartnerApproval");
  if (sign_document (in, out, key, &opts))
    {
      sign_check_signed_file (in, out, 1, NULL, 0, tmp);
      sig = last_signature (out, &field);
      g_assert_nonnull (sig);
      g_assert_cmpstr (field, ==, "PartnerApproval");
      g_assert_true (string_member_is (sig, "/Reason", "Approved by the partners"));
      g_assert_true (string_member_is (sig, "/Location", "Hamburg"));
      g_assert_true (string_member_is (sig, "/Name", "Anna Schmidt"));
      entries = sign_pdfsig (out);
      if (entries != NULL && entries->len > 0)
        {
          SignPdfsigEntry *e = g_ptr_array_index (entries, entries->len - 1);

          g_assert_cmpstr (e->field, ==, "PartnerApproval");
          g_assert_cmpstr (e->signer, ==, "Sealdesk Test Signer RSA-2048");
        }
    }
  sd_sign_options_clear (&opts);
}

/* The SHA-256 of the input and of the output that the signer computes in
 * its one pass are those of the files (GChecksum over the whole file as
 * the other implementation); with page marks drawn first the pass reads
 * another file than the input, and says nothing about the input. */
static void
test_hashes (void)
{
  g_autofree char *tmp = sd_test_make_tmpdir ();
  g_autofree char *seal = sign_make_seal_png (tmp);
  g_autofree char *in = sd_test_fixture_file ("xref-stream.pdf");
  g_autofree char *out = g_build_filename (tmp, "signed.pdf", NULL);
  g_autofree char *marked = g_build_filename (tmp, "marked.pdf", NULL);
  g_autofree char *in_sha = sd_test_sha256_file (in);
  g_autofree char *out_sha = NULL;
  g_autofree char *marked_sha = NULL;
  g_autofree char *helper_sha = NULL;
  g_autoptr(SdKey) key = sign_open_key ("rsa2048.p12");
  g_autoptr(GError) error = NULL;
  g_auto(SdSignResult) result = { 0 };
  g_auto(SdSignResult) marked_result = { 0 };
  SignRect rect = { 1, 60, 100, 120, 80 };
  SdSignOptions opts;
  SdMark *mark;

  if (key == NULL)
    return;
  sd_sign_options_init (&opts);
  sign_options_add_rects (&opts, &rect, 1, seal);
  g_assert_true (sd_sign_document_full (in, out, key, &opts, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  out_sha = sd_test_sha256_file (out);
  g_assert_cmpstr (result.input_sha256, ==, in_sha);
  g_assert_cmpstr (result.output_sha256, ==, out_sha);
  helper_sha = sd_file_sha256 (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (helper_sha, ==, out_sha);

  mark = sd_mark_new (SD_MARK_TEXT, 1);
  mark->rect = (SdRect) { 20, 20, 200, 100 };
  mark->text = g_strdup ("COPY");
  g_ptr_array_add (opts.marks, mark);
  g_assert_true (sd_sign_document_full (in, marked, key, &opts, &marked_result, NULL, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  sd_sign_options_clear (&opts);
  marked_sha = sd_test_sha256_file (marked);
  g_assert_null (marked_result.input_sha256);
  g_assert_cmpstr (marked_result.output_sha256, ==, marked_sha);
  g_assert_cmpstr (marked_sha, !=, out_sha);
}

/* In a sanitizer build: whole stacks for the allocations LeakSanitizer
 * reports, so that build-aux/lsan.supp's cairo_surface_finish matches the
 * block cairo keeps after a text mark's PDF form (/sign/features/hashes);
 * the fast unwinder stops at cairo's first frame and names nothing. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/sign/features/three-times", test_three_times);
  g_test_add_func ("/sign/features/planted-image", test_planted_image);
  g_test_add_func ("/sign/features/several-seals", test_several_seals);
  g_test_add_func ("/sign/features/rotated-each-page", test_rotated_each_page);
  g_test_add_func ("/sign/features/invisible", test_invisible);
  g_test_add_data_func ("/sign/features/ecdsa-p256", "ec-p256.p12", test_ecdsa);
  g_test_add_data_func ("/sign/features/ecdsa-p384", "ec-p384.p12", test_ecdsa);
  g_test_add_func ("/sign/features/certify", test_certify);
  g_test_add_func ("/sign/features/certify-signed-refused", test_certify_signed_refused);
  g_test_add_func ("/sign/features/metadata", test_metadata);
  g_test_add_func ("/sign/features/hashes", test_hashes);
  return g_test_run ();
}
