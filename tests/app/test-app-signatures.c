/* test-app-signatures.c: the signatures panel, the banner and the verification report
 *
 * Documents are signed here with the core signer and the generated test
 * PKI (a visible seal, so that the panel can show where it is), then
 * opened in a real window. The verifier runs in its thread as it does for
 * a person. Trust comes from $SEALDESK_HOME/trust: empty for "not
 * trusted", the test CA for "valid". Set SEALDESK_SCREENSHOT_DIR to keep
 * pictures of the window in each state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <openssl/x509.h>
#include <poppler.h>

#include "app-test-util.h"
#include "sd-key-p12.h"
#include "sd-pdf-document-private.h"
#include "sd-signer.h"
#include "sd-test-util.h"
#include "test-app.h"

/* The seal's place: page 2 of the sample award, bottom right. */
#define SEAL_X 400.0
#define SEAL_Y 80.0
#define SEAL_SIZE 120.0

static char *sealdesk_home;

static char *
make_seal (const char *dir)
{
  char *path = g_build_filename (dir, "seal.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 240);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.9);
  cairo_set_line_width (cr, 14);
  cairo_arc (cr, 120, 120, 100, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_arc (cr, 120, 120, 40, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

/* Signs @in with a seal on @page into a fresh folder; the signer's common
 * name, read from the certificate, in @signer_name. */
static char *
sign_document (const char  *in,
               int          page,
               char       **signer_name)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *seal = make_seal (dir);
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char *basename = g_path_get_basename (in);
  g_autofree char *name = g_strconcat ("signed-", basename, NULL);
  char *out = g_build_filename (dir, name, NULL);
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GError) error = NULL;
  SdSignOptions opts;

  key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
  g_assert_no_error (error);

  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Final award");
  opts.location = g_strdup ("Geneva");
  sd_sign_options_add_seal (&opts, page, SEAL_X, SEAL_Y, SEAL_SIZE, SEAL_SIZE, seal);
  sd_sign_document (in, out, key, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sd_sign_options_clear (&opts);

  if (signer_name != NULL)
    *signer_name = sd_x509_common_name (X509_get_subject_name (sd_key_get_certificate (key)));

  return out;
}

char *
sign_sample (char **signer_name)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = g_file_get_path (sample);

  return sign_document (path, 2, signer_name);
}

static gboolean
verified (gpointer data)
{
  SealdeskWindow *window = data;

  return window->state == SEALDESK_WINDOW_STATE_DOCUMENT &&
         _sealdesk_window_verify_task (window) != NULL &&
         !window->reveal_signatures_pending &&
         sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)) != SEALDESK_VERIFY_STATUS_RUNNING;
}

/* Opens @path; checks that the panel says it is verifying before any
 * result can have reached the main loop, then waits for the result. */
static SealdeskWindow *
open_and_verify (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==, "verifying");
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==, SEALDESK_VERIFY_STATUS_DONE);

  return window;
}

static void
screenshot (SealdeskWindow *window,
            const char     *name)
{
  const char *dir = g_getenv ("SEALDESK_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  /* Let the panel and the banner finish sliding in. */
  app_test_iterate (800);
  texture = app_test_snapshot_widget (GTK_WIDGET (window));
  basename = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, basename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
assert_panel_open (SealdeskWindow *window)
{
  g_assert_true (window->show_signatures);
  g_assert_true (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->signatures_panel)));
}

static SealdeskSignatureRow *
only_row (SealdeskWindow *window)
{
  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==, "report");
  g_assert_cmpuint (sealdesk_signatures_panel_get_n_rows (window->signatures_panel), ==, 1);

  return sealdesk_signatures_panel_get_row (window->signatures_panel, 0);
}

static void
assert_banner (SealdeskWindow *window,
               const char     *text,
               const char     *style_class)
{
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));
  g_assert_cmpstr (gtk_label_get_text (window->banner_label), ==, text);
  g_assert_true (gtk_widget_has_css_class (window->banner_box, style_class));
}

/* The widget in @root's tree that activates @action, or NULL. */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* The report is a PDF that Poppler reads, naming the signer; nothing else
 * is left in the folder. */
static void
assert_report_saved (SealdeskWindow *window,
                     const char     *signer_name)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PopplerDocument *report;
  PopplerPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) folder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  GtkWidget *button;
  const char *name;
  guint n_files = 0;

  /* The panel's button can be used; the file chooser it opens (not shown
   * here: GTK's fallback dialog keeps memory LeakSanitizer reports)
   * proposes a name after the document's. */
  button = find_actionable (GTK_WIDGET (window->signatures_panel), "win.save-verification-report");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  file_name = _sealdesk_window_report_file_name (window);
  g_assert_cmpstr (file_name, ==, "signed-award (verification report).pdf");

  _sealdesk_window_save_report (window, file);
  g_assert_true (app_test_wait_until (file_exists, path, WAIT_SECONDS));
  app_test_iterate (50);

  report = poppler_document_new_from_gfile (file, NULL, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (report, 0);
  /* The report wraps long names: compare words. */
  text = poppler_page_get_text (page);
  g_strdelimit (text, "\n\r\t", ' ');
  g_assert_nonnull (strstr (text, signer_name));
  g_object_unref (page);
  g_object_unref (report);

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)))
    {
      g_assert_cmpstr (name, ==, "report.pdf");
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);
}

/* Signed by us, no trust anchor: the panel opens by itself and says the
 * signer is not trusted; so does the banner. */
static void
test_untrusted (void)
{
  g_autofree char *signer_name = NULL;
  g_autofree char *path = sign_sample (&signer_name);
  SealdeskWindow *window = open_and_verify (path);
  SealdeskSignatureRow *row;

  assert_panel_open (window);
  row = only_row (window);
  g_assert_cmpstr (sealdesk_signature_row_get_title (row), ==, signer_name);
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_UNTRUSTED);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==, "Valid, but the signer is not trusted");
  assert_banner (window, "The signer’s certificate is not trusted", "warning");

  /* Rows are reached and used from the keyboard. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-signatures", NULL);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (row));

  sealdesk_signature_row_set_expanded (row, TRUE);
  screenshot (window, "signatures-untrusted");
  assert_report_saved (window, signer_name);

  /* The toggle closes and opens the panel. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-signatures", NULL);
  g_assert_false (adw_flap_get_reveal_flap (window->signatures_flap));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-signatures", NULL);
  g_assert_true (adw_flap_get_reveal_flap (window->signatures_flap));

  close_window (window);
}

/* The test CA in $SEALDESK_HOME/trust: valid, and no banner. */
static void
test_trusted (void)
{
  g_autofree char *signer_name = NULL;
  g_autofree char *path = sign_sample (&signer_name);
  g_autofree char *trust_dir = g_build_filename (sealdesk_home, "trust", NULL);
  g_autofree char *anchor = g_build_filename (trust_dir, "ca.pem", NULL);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskWindow *window;
  SealdeskSignatureRow *row;

  g_file_get_contents (ca, &pem, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (trust_dir, 0700), ==, 0);
  g_file_set_contents (anchor, pem, -1, &error);
  g_assert_no_error (error);

  window = open_and_verify (path);
  assert_panel_open (window);
  row = only_row (window);
  g_assert_cmpstr (sealdesk_signature_row_get_title (row), ==, signer_name);
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_VALID);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==, "Valid");
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  screenshot (window, "signatures-valid");

  close_window (window);
  g_assert_cmpint (g_remove (anchor), ==, 0);
}

/* @needle in binary @data, or NULL. */
static char *
find_bytes (char       *data,
            gsize       length,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;

  return NULL;
}

/* One byte inside the signed range: invalid, and the banner says so. */
static void
test_tampered (void)
{
  g_autofree char *path = sign_sample (NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskSignatureRow *row;
  SealdeskWindow *window;
  char *producer;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  /* The producer's name in the document information, written before the
   * signature: the pages still show the same, only signed bytes differ. */
  producer = find_bytes (contents, length, "/Producer (cairo");
  g_assert_nonnull (producer);
  g_assert_true (producer < find_bytes (contents, length, "/ByteRange"));
  producer[strlen ("/Producer (")] = 'C';
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  window = open_and_verify (path);
  assert_panel_open (window);
  row = only_row (window);
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_INVALID);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==, "Invalid");
  assert_banner (window, "At least one signature is invalid", "error");
  sealdesk_signature_row_set_expanded (row, TRUE);
  screenshot (window, "signatures-invalid");

  close_window (window);
}

/* An incremental update of @path that replaces object @number @gen of
 * @document (open on @path) with @body ("<< … >>" or a dictionary and
 * its stream). */
static void
append_update (const char    *path,
               SdPdfDocument *document,
               int            number,
               int            gen,
               const char    *body)
{
  qpdf_data q = sd_pdf_document_get_qpdf (document);
  qpdf_oh root = qpdf_get_root (q);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) update = g_string_new (NULL);
  g_autofree char *contents = NULL;
  gsize length;
  goffset object, xref;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_string_append_len (update, contents, length);
  if (update->str[update->len - 1] != '\n')
    g_string_append_c (update, '\n');
  object = update->len;
  g_string_append_printf (update, "%d %d obj\n%s\nendobj\n", number, gen, body);
  xref = update->len;
  g_string_append_printf (update, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010lld %05d n \n",
                          number, (long long) object, gen);
  g_string_append_printf (update, "trailer\n<< /Size %d /Root %d %d R /Prev %lld >>\nstartxref\n%lld\n%%%%EOF\n",
                          sd_pdf_document_get_trailer_size (document),
                          qpdf_oh_get_object_id (q, root), qpdf_oh_get_generation (q, root),
                          (long long) sd_pdf_document_get_startxref (document), (long long) xref);
  g_file_set_contents (path, update->str, update->len, &error);
  g_assert_no_error (error);
}

/* New content for page 1 in an update after the signature. */
static void
replace_first_page (const char *path)
{
  static const char text[] = "BT /F1 24 Tf 72 700 Td (Changed after signing) Tj ET";
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  qpdf_data q;
  qpdf_oh page, stream;
  int number;

  document = sd_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (document);
  page = qpdf_get_page_n (q, 0);
  stream = qpdf_oh_get_key (q, page, "/Contents");
  if (qpdf_oh_is_array (q, stream))
    stream = qpdf_oh_get_array_item (q, stream, 0);
  number = qpdf_oh_get_object_id (q, stream);
  g_assert_cmpint (number, >, 0);
  body = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream", strlen (text), text);
  append_update (path, document, number, 0, body);
}

static void
test_changed (void)
{
  g_autofree char *path = sign_sample (NULL);
  SealdeskSignatureRow *row;
  SealdeskWindow *window;

  replace_first_page (path);
  window = open_and_verify (path);
  assert_panel_open (window);
  row = only_row (window);
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_CHANGED);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==, "Document changed after signing");
  assert_banner (window, "The document was changed after it was signed", "error");
  screenshot (window, "signatures-changed");

  close_window (window);
}

/* The catalog again, with a script to run on opening, in an update after
 * the signature. */
static void
add_open_action (const char *path)
{
  g_autoptr(SdPdfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *body = NULL;
  qpdf_data q;
  qpdf_oh root;

  document = sd_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  q = sd_pdf_document_get_qpdf (document);
  root = qpdf_get_root (q);
  catalog = g_strdup (qpdf_oh_unparse_resolved (q, root));
  g_assert_true (g_str_has_suffix (catalog, ">>"));
  catalog[strlen (catalog) - 2] = '\0';
  body = g_strdup_printf ("%s /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>", catalog);
  append_update (path, document, qpdf_oh_get_object_id (q, root), qpdf_oh_get_generation (q, root), body);
}

/* A named attack: the row says what happened in words, not only "changed". */
static void
test_attack_named (void)
{
  g_autofree char *path = sign_sample (NULL);
  SealdeskSignatureRow *row;
  SealdeskWindow *window;

  add_open_action (path);
  window = open_and_verify (path);
  assert_panel_open (window);
  row = only_row (window);
  g_assert_cmpint (sealdesk_signature_row_get_status (row), ==, SEALDESK_SIGNATURE_STATUS_CHANGED);
  g_assert_cmpstr (sealdesk_signature_row_get_status_text (row), ==,
                   "Changed: actions, scripts or attachments were altered after signing");
  assert_banner (window, "The document was changed after it was signed", "error");

  close_window (window);
}

/* No signature: no panel, no banner; opened by hand, it says so. */
static void
test_unsigned (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = g_file_get_path (sample);
  SealdeskWindow *window = open_and_verify (path);
  AdwStatusPage *empty;

  g_assert_cmpint (sealdesk_verify_task_get_n_signatures (_sealdesk_window_verify_task (window)), ==, 0);
  g_assert_false (window->show_signatures);
  g_assert_false (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  /* There is nothing to report. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-verification-report", NULL);
  g_assert_null (window->report_chooser);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-signatures", NULL);
  g_assert_true (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_cmpstr (sealdesk_signatures_panel_get_visible_page (window->signatures_panel), ==, "empty");
  empty = ADW_STATUS_PAGE (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_first_child (GTK_WIDGET (window->signatures_panel)))));
  g_assert_nonnull (strstr (adw_status_page_get_description (empty), "This document has no signatures"));
  screenshot (window, "signatures-none");

  close_window (window);
}

static gboolean
password_asked (gpointer data)
{
  SealdeskWindow *window = data;

  return window->password_dialog != NULL &&
         sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_LOCKED;
}

/* A protected document is verified with the password it was opened with. */
static void
test_encrypted (void)
{
  g_autofree char *path = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  /* Locked: nothing is verified, nothing is shown. */
  g_assert_null (_sealdesk_window_verify_task (window));
  g_assert_false (adw_flap_get_reveal_flap (window->signatures_flap));

  sealdesk_password_dialog_set_password (window->password_dialog, "user");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "unlock");
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==, SEALDESK_VERIFY_STATUS_DONE);
  g_assert_cmpint (sealdesk_verify_task_get_n_signatures (_sealdesk_window_verify_task (window)), ==, 0);
  g_assert_false (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));

  close_window (window);
}

/* The page view's rectangle of the seal on @page, from where it was
 * placed (the page is not rotated). */
static void
expected_seal_rect (SealdeskWindow  *window,
                    guint            page,
                    graphene_rect_t *rect)
{
  SealdeskDocument *document = sealdesk_document_model_get_document (sealdesk_window_get_model (window));
  graphene_rect_t bounds;
  double width, height;

  sealdesk_document_get_page_size (document, page, &width, &height);
  g_assert_true (sealdesk_page_view_get_page_rect (window->page_view, page, &bounds));
  graphene_rect_init (rect,
                      bounds.origin.x + SEAL_X / width * bounds.size.width,
                      bounds.origin.y + (height - SEAL_Y - SEAL_SIZE) / height * bounds.size.height,
                      SEAL_SIZE / width * bounds.size.width,
                      SEAL_SIZE / height * bounds.size.height);
}

static gboolean
seal_in_view (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t seal, view;

  if (sealdesk_document_model_get_page (sealdesk_window_get_model (window)) != 16)
    return FALSE;
  expected_seal_rect (window, 16, &seal);
  graphene_rect_init (&view, 0, 0,
                      gtk_widget_get_width (GTK_WIDGET (window->page_view)),
                      gtk_widget_get_height (GTK_WIDGET (window->page_view)));

  return graphene_rect_contains_rect (&view, &seal);
}

static gboolean
outline_around_seal (gpointer data)
{
  SealdeskWindow *window = data;
  graphene_rect_t seal, outline;

  expected_seal_rect (window, 16, &seal);

  return gtk_widget_get_visible (window->signature_highlight) &&
         gtk_widget_compute_bounds (window->signature_highlight,
                                    GTK_WIDGET (window->page_view), &outline) &&
         graphene_rect_contains_rect (&outline, &seal) &&
         outline.size.width < seal.size.width + 20 &&
         outline.size.height < seal.size.height + 20;
}

/* Activating the row scrolls to the seal, far down a long document, and
 * outlines it. */
static void
test_show_signature (void)
{
  g_autofree char *fixture = sd_test_fixture_file ("many-pages.pdf");
  g_autofree char *path = sign_document (fixture, 17, NULL);
  SealdeskWindow *window = open_and_verify (path);
  SealdeskSignatureRow *row = only_row (window);
  const SealdeskSignatureLocation *location;
  graphene_rect_t seal, outline;

  location = sealdesk_verify_task_get_location (_sealdesk_window_verify_task (window), 0);
  g_assert_nonnull (location);
  g_assert_cmpint (location->page, ==, 16);
  g_assert_true (location->has_area);

  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_document_model_get_page (sealdesk_window_get_model (window)), ==, 0);
  g_assert_false (seal_in_view (window));

  gtk_widget_activate (GTK_WIDGET (row));
  /* The view was laid out: it scrolled at once, and outlines the seal for
   * a moment; here until the test is done looking. */
  g_assert_cmpuint (window->highlight_timeout, !=, 0);
  g_clear_handle_id (&window->highlight_timeout, g_source_remove);
  g_assert_true (app_test_wait_until (seal_in_view, window, WAIT_SECONDS));

  /* The outline is around the seal. */
  g_assert_true (app_test_wait_until (outline_around_seal, window, WAIT_SECONDS));
  g_assert_true (gtk_widget_compute_bounds (window->signature_highlight,
                                            GTK_WIDGET (window->page_view), &outline));
  expected_seal_rect (window, 16, &seal);
  g_test_message ("seal at %.0f,%.0f %.0fx%.0f, outline at %.0f,%.0f %.0fx%.0f",
                  seal.origin.x, seal.origin.y, seal.size.width, seal.size.height,
                  outline.origin.x, outline.origin.y, outline.size.width, outline.size.height);
  screenshot (window, "signatures-show-seal");

  /* Scrolled a little, the outline stays around the seal. */
  {
    GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (window->scrolled_window);

    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + 40);
    g_assert_true (app_test_wait_until (outline_around_seal, window, WAIT_SECONDS));
  }

  close_window (window);
}

/* Another document, or closing, while verifying: the old work is dropped. */
static void
test_cancel (void)
{
  g_autofree char *path = sign_sample (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  SealdeskWindow *window = open_window (file);

  sealdesk_window_open (window, sample);
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  g_assert_true (g_file_equal (sealdesk_verify_task_get_file (_sealdesk_window_verify_task (window)), sample));
  g_assert_cmpint (sealdesk_verify_task_get_n_signatures (_sealdesk_window_verify_task (window)), ==, 0);
  /* Give a late answer about the first document its chance to show. */
  app_test_iterate (500);
  g_assert_false (adw_flap_get_reveal_flap (window->signatures_flap));
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  close_window (window);

  window = open_window (file);
  close_window (window);
  app_test_iterate (500);
}

void
add_signature_tests (void)
{
  /* Trust anchors come from here (and the system, which does not know
   * the test CA). */
  sealdesk_home = g_build_filename (home_dir, "sealdesk-home", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sealdesk_home, 0700), ==, 0);
  g_setenv ("SEALDESK_HOME", sealdesk_home, TRUE);

  g_test_add_func ("/app/signatures/untrusted", test_untrusted);
  g_test_add_func ("/app/signatures/trusted", test_trusted);
  g_test_add_func ("/app/signatures/tampered", test_tampered);
  g_test_add_func ("/app/signatures/changed", test_changed);
  g_test_add_func ("/app/signatures/attack-named", test_attack_named);
  g_test_add_func ("/app/signatures/unsigned", test_unsigned);
  g_test_add_func ("/app/signatures/encrypted", test_encrypted);
  g_test_add_func ("/app/signatures/show-signature", test_show_signature);
  g_test_add_func ("/app/signatures/cancel", test_cancel);
}
