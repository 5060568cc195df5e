/* test-verify-attacks.c: changes that a page can show, crafted by the test
 *
 * Each case starts from a document signed by `sealdesk-cli sign` (some
 * prepared before signing: a dangling reference, a layer, a form field, an
 * attachment), or from another producer's signed file in the corpus, and
 * appends an incremental update the way the published attacks do (shadow
 * attacks with dangling references and optional content, Evil Annotation
 * and Sneaky Signature attacks, actions and attachments, locked fields).
 * `verify --json` must exit 1 and name the attack, and poppler must show
 * that the change is really visible (pdftoppm on screen, pdftocairo -pdf
 * for paper, pdfdetach and pdfinfo -url for what is not drawn): otherwise
 * the case would prove nothing. The allowed changes stay allowed.
 */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <json-glib/json-glib.h>

#include "sd-pdf-document-private.h"
#include "sd-signer.h"
#include "sd-key-p12.h"
#include "sd-test-util.h"
#include "test-verify.h"

/* The page 1 and catalog of fixtures/xref-table.pdf. */
#define PAGE1 4
#define ROOT 1

typedef struct {
  char *dir;
  char *path;                   /* the file being tampered with */
  char *before;                 /* a copy of it as signed */
  char *ca;                     /* trust anchor, NULL for the corpus */
} Case;

static void
case_clear (Case *c)
{
  g_free (c->dir);
  g_free (c->path);
  g_free (c->before);
  g_free (c->ca);
}

static int
trailer_size (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);

  g_assert_no_error (error);
  return sd_pdf_document_get_trailer_size (doc);
}

/* Object @num of @path as a dictionary, with @pairs (key, value text;
 * value NULL removes the key) replacing or adding entries. */
static char *
dict_text_with (qpdf_data           q,
                qpdf_oh             h,
                const char * const *pairs)
{
  GString *s = g_string_new ("<<");

  g_assert_true (qpdf_oh_is_dictionary (q, h));
  qpdf_oh_begin_dict_key_iter (q, h);
  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

    while (qpdf_oh_dict_more_keys (q))
      g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (q)));
    for (guint i = 0; i < keys->len; i++)
      {
        const char *k = g_ptr_array_index (keys, i);
        gboolean replaced = FALSE;

        for (int j = 0; pairs[j] != NULL && !replaced; j += 2)
          replaced = strcmp (pairs[j], k) == 0;
        if (!replaced)
          g_string_append_printf (s, " %s %s", k, qpdf_oh_unparse (q, qpdf_oh_get_key (q, h, k)));
      }
  }
  for (int j = 0; pairs[j] != NULL; j += 2)
    if (pairs[j + 1] != NULL)
      g_string_append_printf (s, " %s %s", pairs[j], pairs[j + 1]);
  g_string_append (s, " >>");
  return g_string_free (s, FALSE);
}

static char *
dict_with (const char         *path,
           int                 num,
           const char * const *pairs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  qpdf_data q;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  return dict_text_with (q, qpdf_get_object_by_id (q, num, 0), pairs);
}

static char *
stream (const char *dict,
        const char *data)
{
  return g_strdup_printf ("<< %s /Length %zu >>\nstream\n%s\nendstream", dict, strlen (data), data);
}

/* A black box over the text of page 1, as content. */
static const char box[] = "0 g 60 600 480 200 re f";

/* fixtures/xref-table.pdf, changed by @prepare (may be NULL) and signed
 * with the test PKI; @extra: more `sign` arguments. */
static void
own_case (Case                *c,
          void               (*prepare) (const char *path),
          const char * const  *extra)
{
  g_autofree char *fixture = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *unsigned_path = NULL;

  c->dir = sd_test_make_tmpdir ();
  unsigned_path = tv_copy (fixture, c->dir, "unsigned.pdf");
  if (prepare != NULL)
    prepare (unsigned_path);
  c->path = g_build_filename (c->dir, "signed.pdf", NULL);
  tv_sign_full (unsigned_path, c->path, NULL, extra);
  c->before = tv_copy (c->path, c->dir, "as-signed.pdf");
  c->ca = sd_test_pki_file ("ca.pem");
}

/* Another producer's signed file; FALSE (skipped) without the corpus. */
static gboolean
corpus_case (Case *c)
{
  g_autofree char *src = sd_test_corpus_file ("signed/dss-pades-b-b.pdf");

  if (src == NULL)
    return FALSE;
  c->dir = sd_test_make_tmpdir ();
  c->path = tv_copy (src, c->dir, "signed.pdf");
  c->before = tv_copy (src, c->dir, "as-signed.pdf");
  return TRUE;
}

/* Page 1 object and catalog object of @path. */
static void
page_and_root (const char *path,
               int        *page,
               int        *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
  qpdf_data q;

  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (doc);
  *page = qpdf_oh_get_object_id (q, qpdf_get_page_n (q, 0));
  *root = qpdf_oh_get_object_id (q, qpdf_get_root (q));
}

/* `verify --json`: exit status 1, and some signature names @attack. */
static void
assert_attack (Case       *c,
               const char *attack)
{
  const char *args[] = { "verify", c->path, "--no-system-trust", "--json",
                         c->ca ? "--trust" : NULL, c->ca, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *sigs;
  gboolean named = FALSE;

  g_assert_cmpint (tv_cli (args, &out, NULL), ==, 1);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "verdict"), ==, "invalid");
  sigs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "signatures");
  for (guint i = 0; i < json_array_get_length (sigs); i++)
    {
      JsonObject *sig = json_array_get_object_element (sigs, i);

      named |= g_strcmp0 (json_object_get_string_member_with_default (sig, "attack", NULL), attack) == 0;
    }
  if (!named)
    g_test_message ("%s", out);
  g_assert_true (named);
}

static void
assert_valid (Case *c)
{
  g_autoptr(SdVerifyReport) report = tv_verify (c->path, c->ca);

  for (guint i = 0; i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      for (guint j = 0; j < sig->changes_after->len; j++)
        {
          SdVerifyChange *change = g_ptr_array_index (sig->changes_after, j);

          if (!change->allowed)
            g_test_message ("not allowed: %s", change->detail);
        }
    }
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_VALID);
}

/* Page 1 rendered by poppler in grey, on screen or (@print) as printed:
 * pdftocairo -pdf draws what prints. */
static GBytes *
render (Case       *c,
        const char *pdf,
        gboolean    print)
{
  static int counter;
  g_autofree char *base = g_strdup_printf ("render-%d", ++counter);
  g_autofree char *prefix = g_build_filename (c->dir, base, NULL);
  g_autofree char *pgm = g_strconcat (prefix, ".pgm", NULL);
  g_autofree char *printed = g_strconcat (prefix, "-printed.pdf", NULL);

  if (print)
    {
      g_assert_cmpint (sd_test_run ((const char *[]) { "pdftocairo", "-pdf", pdf, printed, NULL },
                                    NULL, NULL, NULL), ==, 0);
      pdf = printed;
    }
  g_assert_cmpint (sd_test_run ((const char *[]) { "pdftoppm", "-r", "24", "-gray", "-f", "1",
                                                   "-l", "1", "-singlefile", pdf, prefix, NULL },
                                NULL, NULL, NULL), ==, 0);
  return tv_read (pgm);
}

static int
pixels_changed (GBytes *a,
                GBytes *b)
{
  const guint8 *x = g_bytes_get_data (a, NULL), *y = g_bytes_get_data (b, NULL);
  gsize n = MIN (g_bytes_get_size (a), g_bytes_get_size (b));
  int changed = 0;

  g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
  for (gsize i = 0; i < n; i++)
    changed += ABS ((int) x[i] - (int) y[i]) > 32;
  return changed;
}

/* The crafted change shows in poppler (on screen, or only on paper). */
static void
assert_visible (Case    *c,
                gboolean on_screen,
                gboolean on_paper)
{
  if (!sd_test_require_program ("pdftoppm") || !sd_test_require_program ("pdftocairo"))
    return;
  {
    g_autoptr(GBytes) a = render (c, c->before, FALSE);
    g_autoptr(GBytes) b = render (c, c->path, FALSE);

    if (on_screen)
      g_assert_cmpint (pixels_changed (a, b), >, 10);
    else
      g_assert_cmpint (pixels_changed (a, b), ==, 0);
  }
  if (on_paper)
    {
      g_autoptr(GBytes) a = render (c, c->before, TRUE);
      g_autoptr(GBytes) b = render (c, c->path, TRUE);

      g_assert_cmpint (pixels_changed (a, b), >, 10);
    }
}

/* ---- shadow attack: a dangling reference ---------------------------------- */

#define DANGLING 900

static void
prepare_dangling (const char *path)
{
  /* Page 1 draws its content and object 900, which does not exist. */
  g_autofree char *contents = g_strdup_printf ("[ 6 0 R %d 0 R ]", DANGLING);
  const char *pairs[] = { "/Contents", contents, NULL };
  g_autofree char *page = dict_with (path, PAGE1, pairs);

  tv_append_update (path, (int[]) { PAGE1, 0 }, (const char *[]) { page, NULL });
}

static void
test_dangling_reference (void)
{
  Case c = { 0 };
  g_autofree char *content = stream ("", box);

  own_case (&c, prepare_dangling, NULL);
  assert_valid (&c);                         /* signed as it is: nothing to see */
  tv_append_update (c.path, (int[]) { DANGLING, 0 }, (const char *[]) { content, NULL });
  assert_attack (&c, "shadow-dangling-reference");
  assert_visible (&c, TRUE, TRUE);
  case_clear (&c);
}

/* ---- optional content: a layer switched on -------------------------------- */

#define OCG 800
#define OCPROPS 801
#define OC_CONTENT 802

static void
prepare_layer (const char *path)
{
  g_autofree char *contents = g_strdup_printf ("[ 6 0 R %d 0 R ]", OC_CONTENT);
  g_autofree char *resources = NULL;
  g_autofree char *page = NULL;
  g_autofree char *root = NULL;
  g_autofree char *ocprops = g_strdup_printf ("<< /OCGs [ %d 0 R ] /D << /OFF [ %d 0 R ] >> >>", OCG, OCG);
  g_autofree char *layer = NULL;
  g_autofree char *data = g_strdup_printf ("/OC /L1 BDC %s EMC", box);
  g_autofree char *ref = g_strdup_printf ("%d 0 R", OCPROPS);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, &error);
    qpdf_data q = sd_pdf_document_get_qpdf (doc);
    qpdf_oh res = qpdf_oh_get_key (q, qpdf_get_object_by_id (q, PAGE1, 0), "/Resources");
    const char *text = qpdf_oh_unparse_resolved (q, res);

    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (text, ">>"));
    resources = g_strdup_printf ("%.*s /Properties << /L1 %d 0 R >> >>", (int) strlen (text) - 2,
                                 text, OCG);
  }
  {
    const char *pairs[] = { "/Contents", contents, "/Resources", resources, NULL };

    page = dict_with (path, PAGE1, pairs);
  }
  {
    const char *pairs[] = { "/OCProperties", ref, NULL };

    root = dict_with (path, ROOT, pairs);
  }
  layer = stream ("", data);
  tv_append_update (path, (int[]) { PAGE1, ROOT, OCG, OCPROPS, OC_CONTENT, 0 },
                    (const char *[]) { page, root, "<< /Type /OCG /Name (Layer) >>", ocprops,
                                       layer, NULL });
}

static void
test_optional_content (void)
{
  Case c = { 0 };
  g_autofree char *ocprops = g_strdup_printf ("<< /OCGs [ %d 0 R ] /D << /ON [ %d 0 R ] >> >>", OCG, OCG);

  own_case (&c, prepare_layer, NULL);
  assert_valid (&c);
  /* Only the indirect /OCProperties changes: the layer is switched on. */
  tv_append_update (c.path, (int[]) { OCPROPS, 0 }, (const char *[]) { ocprops, NULL });
  assert_attack (&c, "optional-content");
  assert_visible (&c, TRUE, TRUE);
  case_clear (&c);
}

/* ---- actions and attachments ----------------------------------------------- */

#define EMBEDDED 700
#define FILESPEC 701
#define NAMES 702
#define LINK 703
#define LINK_ACTION 704

static const char invoice[] = "<Invoice><Total>100.00</Total></Invoice>";
static const char forged_invoice[] = "<Invoice><Total>999999.00</Total></Invoice>";

static void
prepare_invoice (const char *path)
{
  g_autofree char *file = stream ("/Type /EmbeddedFile /Subtype /text#2Fxml", invoice);
  g_autofree char *spec = g_strdup_printf ("<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) "
                                           "/AFRelationship /Data /EF << /F %d 0 R >> >>", EMBEDDED);
  g_autofree char *names = g_strdup_printf ("<< /EmbeddedFiles << /Names [ (factur-x.xml) %d 0 R ] >> >>",
                                            FILESPEC);
  g_autofree char *names_ref = g_strdup_printf ("%d 0 R", NAMES);
  g_autofree char *af = g_strdup_printf ("[ %d 0 R ]", FILESPEC);
  const char *pairs[] = { "/Names", names_ref, "/AF", af, NULL };
  g_autofree char *root = dict_with (path, ROOT, pairs);

  tv_append_update (path, (int[]) { ROOT, EMBEDDED, FILESPEC, NAMES, 0 },
                    (const char *[]) { root, file, spec, names, NULL });
}

static char *
detach (Case       *c,
        const char *pdf)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("detached-%d.xml", ++counter);
  g_autofree char *out = g_build_filename (c->dir, name, NULL);
  g_autoptr(GBytes) data = NULL;

  g_assert_cmpint (sd_test_run ((const char *[]) { "pdfdetach", "-save", "1", "-o", out, pdf, NULL },
                                NULL, NULL, NULL), ==, 0);
  data = tv_read (out);
  return g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
}

static void
test_embedded_file_swapped (void)
{
  Case c = { 0 };
  g_autofree char *forged = stream ("/Type /EmbeddedFile /Subtype /text#2Fxml", forged_invoice);

  own_case (&c, prepare_invoice, NULL);
  assert_valid (&c);
  tv_append_update (c.path, (int[]) { EMBEDDED, 0 }, (const char *[]) { forged, NULL });
  assert_attack (&c, "active-content");
  if (sd_test_require_program ("pdfdetach"))
    {
      g_autofree char *a = detach (&c, c.before);
      g_autofree char *b = detach (&c, c.path);

      g_assert_cmpstr (a, ==, invoice);
      g_assert_cmpstr (b, ==, forged_invoice);       /* what an invoice reader takes */
    }
  case_clear (&c);
}

static void
prepare_link (const char *path)
{
  g_autofree char *annots = g_strdup_printf ("[ %d 0 R ]", LINK);
  const char *pairs[] = { "/Annots", annots, NULL };
  g_autofree char *page = dict_with (path, PAGE1, pairs);
  g_autofree char *link = g_strdup_printf ("<< /Type /Annot /Subtype /Link /Rect [ 72 700 300 720 ] "
                                           "/Border [ 0 0 0 ] /A %d 0 R >>", LINK_ACTION);

  tv_append_update (path, (int[]) { PAGE1, LINK, LINK_ACTION, 0 },
                    (const char *[]) { page, link, "<< /S /URI /URI (https://pay.example.com/) >>", NULL });
}

static void
test_link_changed (void)
{
  Case c = { 0 };

  own_case (&c, prepare_link, NULL);
  assert_valid (&c);
  tv_append_update (c.path, (int[]) { LINK_ACTION, 0 },
                    (const char *[]) { "<< /S /URI /URI (https://pay.attacker.example/) >>", NULL });
  assert_attack (&c, "active-content");
  if (sd_test_require_program ("pdfinfo"))
    {
      g_autofree char *out = NULL;

      sd_test_run ((const char *[]) { "pdfinfo", "-url", c.path, NULL }, NULL, &out, NULL);
      g_assert_nonnull (strstr (out, "attacker"));   /* where a click goes now */
    }
  case_clear (&c);
}

/* A JavaScript /OpenAction added to the catalog, which is direct. */
static void
test_open_action (gconstpointer data)
{
  gboolean corpus = GPOINTER_TO_INT (data);
  Case c = { 0 };
  int page, root;
  g_autofree char *catalog = NULL;
  const char *pairs[] = { "/OpenAction", "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", NULL };

  if (corpus ? !corpus_case (&c) : (own_case (&c, NULL, NULL), FALSE))
    return;
  page_and_root (c.path, &page, &root);
  catalog = dict_with (c.path, root, pairs);
  tv_append_update (c.path, (int[]) { root, 0 }, (const char *[]) { catalog, NULL });
  assert_attack (&c, "active-content");
  case_clear (&c);
}

/* ---- Sneaky Signature and Evil Annotation attacks ---------------------------- */

/* Appends to page 1 (and to the form when @field) annotation @body with
 * the appearance @ap, drawn over the page's text. */
static void
add_annotation (Case       *c,
                const char *body,
                gboolean    field)
{
  int page, root, size = trailer_size (c->path);
  g_autofree char *annots = NULL;
  g_autofree char *page_body = NULL;
  g_autofree char *ap = stream ("/Type /XObject /Subtype /Form /BBox [ 0 0 480 200 ]",
                                "0 g 0 0 480 200 re f");
  g_autofree char *annot_text = NULL;
  g_autoptr(GError) error = NULL;

  page_and_root (c->path, &page, &root);
  annot_text = g_strdup_printf ("<< /Type /Annot /Rect [ 60 600 540 800 ] /AP << /N %d 0 R >> "
                                "/P %d 0 R %s >>", size + 1, page, body);
  {
    g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (c->path, NULL, &error);
    qpdf_data q = sd_pdf_document_get_qpdf (doc);
    qpdf_oh a = qpdf_oh_get_key (q, qpdf_get_object_by_id (q, page, 0), "/Annots");
    const char *text = qpdf_oh_is_array (q, a) ? qpdf_oh_unparse_resolved (q, a) : "[ ]";

    g_assert_no_error (error);
    g_assert_false (qpdf_oh_is_indirect (q, a));
    annots = g_strdup_printf ("%.*s %d 0 R ]", (int) (strrchr (text, ']') - text), text, size);
  }
  {
    const char *pairs[] = { "/Annots", annots, NULL };

    page_body = dict_with (c->path, page, pairs);
  }
  if (field)
    {
      g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (c->path, NULL, &error);
      qpdf_data q = sd_pdf_document_get_qpdf (doc);
      qpdf_oh acro = qpdf_oh_get_key (q, qpdf_get_root (q), "/AcroForm");
      qpdf_oh fields = qpdf_oh_get_key (q, acro, "/Fields");
      const char *text = qpdf_oh_unparse_resolved (q, fields);
      g_autofree char *new_fields = g_strdup_printf ("%.*s %d 0 R ]",
                                                     (int) (strrchr (text, ']') - text), text, size);

      g_assert_no_error (error);
      if (qpdf_oh_is_indirect (q, fields))
        tv_append_update (c->path, (int[]) { page, size, size + 1, qpdf_oh_get_object_id (q, fields), 0 },
                          (const char *[]) { page_body, annot_text, ap, new_fields, NULL });
      else
        {
          const char *pairs[] = { "/Fields", new_fields, NULL };
          g_autofree char *acro_body = dict_text_with (q, acro, pairs);

          if (qpdf_oh_is_indirect (q, acro))
            tv_append_update (c->path, (int[]) { page, size, size + 1, qpdf_oh_get_object_id (q, acro), 0 },
                              (const char *[]) { page_body, annot_text, ap, acro_body, NULL });
          else
            {
              const char *root_pairs[] = { "/AcroForm", acro_body, NULL };
              g_autofree char *root_body = dict_text_with (q, qpdf_get_root (q), root_pairs);

              tv_append_update (c->path, (int[]) { page, size, size + 1, root, 0 },
                                (const char *[]) { page_body, annot_text, ap, root_body, NULL });
            }
        }
    }
  else
    tv_append_update (c->path, (int[]) { page, size, size + 1, 0 },
                      (const char *[]) { page_body, annot_text, ap, NULL });
}

static void
test_sneaky_signature (gconstpointer data)
{
  gboolean corpus = GPOINTER_TO_INT (data);
  Case c = { 0 };

  if (corpus ? !corpus_case (&c) : (own_case (&c, NULL, NULL), FALSE))
    return;
  /* An unsigned signature field whose appearance covers the text. */
  add_annotation (&c, "/Subtype /Widget /FT /Sig /T (Sneaky) /F 4", TRUE);
  assert_attack (&c, "sneaky-signature");
  assert_visible (&c, TRUE, TRUE);
  case_clear (&c);
}

static void
test_evil_annotation (gconstpointer data)
{
  gboolean corpus = GPOINTER_TO_INT (data);
  Case c = { 0 };

  if (corpus ? !corpus_case (&c) : (own_case (&c, NULL, NULL), FALSE))
    return;
  /* NoView + Print: not on screen, but on paper. */
  add_annotation (&c, "/Subtype /Square /F 36", FALSE);
  assert_attack (&c, "evil-annotation");
  assert_visible (&c, FALSE, TRUE);
  case_clear (&c);
}

/* A Popup is no excuse: an open one, or one with its own appearance,
 * shows. */
static void
test_evil_popup (void)
{
  Case c = { 0 };

  own_case (&c, NULL, NULL);
  add_annotation (&c, "/Subtype /Popup /F 4", FALSE);
  assert_attack (&c, "evil-annotation");
  case_clear (&c);
}

/* ---- form fields: locks and scripts ----------------------------------------- */

#define FIELD 600
#define FIELD_AP 601
#define FIELD_FONT 602
#define FIELD_FORM 603
#define FIELD_AA 604

static char *
field_body (const char *value,
            int         ap)
{
  return g_strdup_printf ("<< /Type /Annot /Subtype /Widget /FT /Tx /T (Name) /F 4 "
                          "/Rect [ 72 560 300 590 ] /P %d 0 R /V (%s) /DA (/Helv 12 Tf 0 g) "
                          "/AP << /N %d 0 R >> /AA << /F %d 0 R >> >>", PAGE1, value, ap, FIELD_AA);
}

static char *
field_appearance (const char *value)
{
  g_autofree char *data = g_strdup_printf ("/Tx BMC BT /Helv 12 Tf 0 g 2 10 Td (%s) Tj ET EMC", value);
  g_autofree char *dict = g_strdup_printf ("/Type /XObject /Subtype /Form /BBox [ 0 0 228 30 ] "
                                           "/Resources << /Font << /Helv %d 0 R >> >>", FIELD_FONT);

  return stream (dict, data);
}

static void
prepare_form (const char *path)
{
  g_autofree char *annots = g_strdup_printf ("[ %d 0 R ]", FIELD);
  g_autofree char *acro = g_strdup_printf ("%d 0 R", FIELD_FORM);
  g_autofree char *page = NULL, *root = NULL, *field = field_body ("Alice", FIELD_AP);
  g_autofree char *ap = field_appearance ("Alice");
  g_autofree char *form = g_strdup_printf ("<< /Fields [ %d 0 R ] /DA (/Helv 12 Tf 0 g) "
                                           "/DR << /Font << /Helv %d 0 R >> >> >>", FIELD, FIELD_FONT);

  {
    const char *pairs[] = { "/Annots", annots, NULL };

    page = dict_with (path, PAGE1, pairs);
  }
  {
    const char *pairs[] = { "/AcroForm", acro, NULL };

    root = dict_with (path, ROOT, pairs);
  }
  tv_append_update (path, (int[]) { PAGE1, ROOT, FIELD, FIELD_AP, FIELD_FONT, FIELD_FORM, FIELD_AA, 0 },
                    (const char *[]) { page, root, field, ap,
                                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", form,
                                       "<< /S /JavaScript /JS (AFNumber_Format\\(2, 0, 0, 0, \"\", true\\);) >>",
                                       NULL });
}

/* The field filled in with "Mallory", with its new appearance. */
static void
fill_form (Case *c)
{
  int size = trailer_size (c->path);
  g_autofree char *field = field_body ("Mallory", size);
  g_autofree char *ap = field_appearance ("Mallory");

  tv_append_update (c->path, (int[]) { FIELD, size, 0 }, (const char *[]) { field, ap, NULL });
}

/* A second signature that locks the document (FieldMDP /Action /All):
 * the lock the workspace's lock step writes. */
static void
sign_with_lock (Case *c)
{
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char *out = g_build_filename (c->dir, "locked.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdKey) key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
  SdSignOptions opts;

  g_assert_no_error (error);
  sd_sign_options_init (&opts);
  opts.lock_document = TRUE;
  opts.field_name = g_strdup ("Lock");
  g_assert_true (sd_sign_document (c->path, out, key, &opts, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sd_sign_options_clear (&opts);
  g_free (c->path);
  c->path = g_steal_pointer (&out);
  g_free (c->before);
  c->before = tv_copy (c->path, c->dir, "as-locked.pdf");
}

static void
test_locked_field (void)
{
  Case c = { 0 };

  own_case (&c, prepare_form, NULL);
  sign_with_lock (&c);
  assert_valid (&c);
  fill_form (&c);
  assert_attack (&c, "locked-field");
  assert_visible (&c, TRUE, TRUE);
  case_clear (&c);
}

/* The field's format script replaced after signing. */
static void
test_field_script (void)
{
  Case c = { 0 };

  own_case (&c, prepare_form, NULL);
  tv_append_update (c.path, (int[]) { FIELD_AA, 0 },
                    (const char *[]) { "<< /S /JavaScript /JS (event.value = \"Mallory\";) >>", NULL });
  assert_attack (&c, "active-content");
  case_clear (&c);
}

/* ---- what stays allowed ----------------------------------------------------- */

static void
test_allowed_form_fill (void)
{
  Case c = { 0 };
  const char *extra[] = { "--certify", "form-fill", NULL };

  own_case (&c, prepare_form, extra);
  fill_form (&c);
  assert_valid (&c);
  case_clear (&c);
}

static void
test_allowed_annotation_p3 (void)
{
  Case c = { 0 };
  const char *extra[] = { "--certify", "annotate", NULL };

  own_case (&c, NULL, extra);
  add_annotation (&c, "/Subtype /Square /F 4", FALSE);
  assert_valid (&c);
  case_clear (&c);
}

static void
test_allowed_invisible (void)
{
  Case c = { 0 };

  own_case (&c, NULL, NULL);
  /* A hidden annotation shows nowhere; nor does NoView without Print. */
  add_annotation (&c, "/Subtype /Square /F 6", FALSE);
  add_annotation (&c, "/Subtype /Square /F 32", FALSE);
  assert_valid (&c);
  case_clear (&c);
}

/* Two signatures, each with two seals (further seals: locked stamps in
 * the revision each signature signs). */
static void
test_allowed_several_seals (void)
{
  Case c = { 0 };
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "seal.png", NULL);
  g_autofree char *second = NULL;
  const char *extra1[] = { "--seal", png, "--page", "1", "--rect", "100,100,60,60",
                           "--seal", png, "--page", "2", "--rect", "100,100,60,60", NULL };
  const char *extra2[] = { "--seal", png, "--page", "1", "--rect", "300,100,60,60",
                           "--seal", png, "--page", "2", "--rect", "300,100,60,60", NULL };

  {
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 40);
    cairo_t *cr = cairo_create (s);

    cairo_set_source_rgb (cr, 1, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    g_assert_cmpint (cairo_surface_write_to_png (s, png), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (s);
  }
  own_case (&c, NULL, extra1);
  second = g_build_filename (c.dir, "second.pdf", NULL);
  tv_sign_full (c.path, second, NULL, extra2);
  g_free (c.path);
  c.path = g_steal_pointer (&second);
  assert_valid (&c);
  case_clear (&c);
}

void
tv_register_attack_tests (void)
{
  g_test_add_func ("/verify/attacks/own/dangling-reference", test_dangling_reference);
  g_test_add_func ("/verify/attacks/own/optional-content", test_optional_content);
  g_test_add_func ("/verify/attacks/own/embedded-file-swapped", test_embedded_file_swapped);
  g_test_add_func ("/verify/attacks/own/link-changed", test_link_changed);
  g_test_add_data_func ("/verify/attacks/own/open-action", GINT_TO_POINTER (FALSE), test_open_action);
  g_test_add_data_func ("/verify/attacks/corpus/open-action", GINT_TO_POINTER (TRUE), test_open_action);
  g_test_add_data_func ("/verify/attacks/own/sneaky-signature", GINT_TO_POINTER (FALSE),
                        test_sneaky_signature);
  g_test_add_data_func ("/verify/attacks/corpus/sneaky-signature", GINT_TO_POINTER (TRUE),
                        test_sneaky_signature);
  g_test_add_data_func ("/verify/attacks/own/evil-annotation", GINT_TO_POINTER (FALSE),
                        test_evil_annotation);
  g_test_add_data_func ("/verify/attacks/corpus/evil-annotation", GINT_TO_POINTER (TRUE),
                        test_evil_annotation);
  g_test_add_func ("/verify/attacks/own/evil-popup", test_evil_popup);
  g_test_add_func ("/verify/attacks/own/locked-field", test_locked_field);
  g_test_add_func ("/verify/attacks/own/field-script", test_field_script);
  g_test_add_func ("/verify/attacks/allowed/form-fill-p2", test_allowed_form_fill);
  g_test_add_func ("/verify/attacks/allowed/annotation-p3", test_allowed_annotation_p3);
  g_test_add_func ("/verify/attacks/allowed/invisible-annotations", test_allowed_invisible);
  g_test_add_func ("/verify/attacks/allowed/several-seals", test_allowed_several_seals);
}
