/* test-keys-widgets-sign.c: the sign dialog and the Keys page of the preferences
 *
 * Part of test-keys-widgets (its own keyring, under xvfb-run): a key
 * imported into the keyring signs a fixture through SealdeskSignDialog,
 * with a reason, a location and a seal; pdfsig and `openssl cms` check the
 * result and Poppler says where the seal is. The Keys page removes a key
 * after asking.
 */
#include "config.h"

#include <string.h>
#include <poppler.h>

#include "keys-test-common.h"
#include "keys-test-token.h"
#include "keys-test-widgets.h"
#include "sd-key-p12.h"
#include "sd-signer.h"
#include "sd-test-util.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-placement.h"
#include "sealdesk-sign-dialog.h"
#include "sd-seal-library.h"

/* A PNG of @width × @height pixels, half transparent red, for a seal. */
static char *
write_seal_png (const char *dir, int width, int height)
{
  char            *path = g_build_filename (dir, "seal.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t         *cr = cairo_create (surface);

  cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.7);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 2, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static char *
copy_to (const char *source, const char *dir, const char *name)
{
  char              *path = g_build_filename (dir, name, NULL);
  g_autoptr (GFile)  from = g_file_new_for_path (source);
  g_autoptr (GFile)  to = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !sealdesk_sign_dialog_get_busy (data);
}

static gboolean
is_entry_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_shown_error_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         gtk_widget_has_css_class (widget, "error");
}

static void
on_signed (SealdeskSignDialog *dialog, GFile *output, GFile **out)
{
  *out = g_object_ref (output);
}

/* Where the first signature field of @pdf is on page 1, in points from
 * the page's bottom-left corner, and the page's size. */
static void
signature_field_area (const char *pdf,
                      double     *x,
                      double     *y,
                      double     *width,
                      double     *height,
                      double     *page_width,
                      double     *page_height)
{
  g_autofree char           *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr (GError)         error = NULL;
  PopplerDocument           *document = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage               *page;
  GList                     *mappings;
  gboolean                   found = FALSE;

  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, page_width, page_height);
  mappings = poppler_page_get_form_field_mapping (page);
  for (GList *l = mappings; l != NULL && !found; l = l->next)
    {
      PopplerFormFieldMapping *mapping = l->data;

      if (poppler_form_field_get_field_type (mapping->field) != POPPLER_FORM_FIELD_SIGNATURE)
        continue;
      /* Poppler gives the field's area in PDF points, from the bottom-left. */
      *x = mapping->area.x1;
      *y = mapping->area.y1;
      *width = mapping->area.x2 - mapping->area.x1;
      *height = mapping->area.y2 - mapping->area.y1;
      found = TRUE;
    }
  poppler_page_free_form_field_mapping (mappings);
  g_object_unref (page);
  g_object_unref (document);
  g_assert_true (found);
}

/* Binary-safe: a PDF holds NUL bytes. */
static gboolean
bytes_contain (const char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* A copy of @path whose last startxref points 7 bytes off: damaged, and
 * repairable. */
static char *
write_wrong_startxref (const char *path, const char *dir)
{
  g_autofree char   *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *out = g_build_filename (dir, "damaged.pdf", NULL);
  g_autoptr (GString) bad = NULL;
  gsize              length;
  char              *at = NULL;
  long               offset;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  for (gsize i = 0; i + 9 <= length; i++)
    if (memcmp (data + i, "startxref", 9) == 0)
      at = data + i;
  g_assert_nonnull (at);
  offset = strtol (at + 9, NULL, 10);
  bad = g_string_new_len (data, at - data);
  g_string_append_printf (bad, "startxref\n%ld\n%%%%EOF\n", offset + 7);
  g_assert_true (g_file_set_contents (out, bad->str, bad->len, &error));
  return g_steal_pointer (&out);
}

static void
test_sign_dialog (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  g_autofree char        *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char        *fixture = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char        *damaged_fixture = sd_test_fixture_file ("not-a-pdf.pdf");
  g_autofree char        *doc_path = copy_to (fixture, home, "contract.pdf");
  g_autofree char        *damaged_path = copy_to (damaged_fixture, home, "memo.pdf");
  g_autofree char        *png_path = write_seal_png (home, 200, 100);
  g_autofree char        *expected_out = g_build_filename (home, "contract-signed.pdf", NULL);
  g_autofree char        *contents = NULL;
  gsize                   length;
  g_autoptr (SdKey)       rsa = import_with_cli (workspace, p12);
  g_autoptr (GFile)       doc = g_file_new_for_path (doc_path);
  g_autoptr (GFile)       damaged = g_file_new_for_path (damaged_path);
  g_autoptr (GFile)       out = sealdesk_sign_dialog_default_output (doc);
  g_autoptr (GFile)       signed_file = NULL;
  g_autoptr (GError)      error = NULL;
  GtkWidget              *dialog;
  GtkWidget              *button;
  GtkWidget              *error_label;
  GtkWidget              *chooser;
  double                  x = 0, y = 0, w = 0, h = 0, pw = 0, ph = 0;

  /* Offered beside the document, never over it. */
  g_assert_cmpstr (g_file_peek_path (out), ==, expected_out);

  /* A document that is not a PDF: said in the dialog, nothing written. */
  dialog = sealdesk_sign_dialog_new (NULL, workspace, damaged);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  button = find_widget (dialog, is_button_labelled, "_Sign…");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button)); /* no key chosen yet */
  g_object_set (dialog, "key-id", sd_key_get_id (rsa), NULL);
  wait_until (widget_sensitive, button);
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  wait_until (dialog_idle, dialog);
  error_label = find_widget (dialog, is_shown_error_label, NULL);
  g_assert_nonnull (error_label);
  g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)),
                                   "This document cannot be signed") ||
                 g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)),
                                   "The document was not signed"));
  g_assert_false (g_file_query_exists (out, NULL));
  gtk_widget_activate_action (dialog, "sign.cancel", NULL);
  wait_until (pointer_cleared, &dialog);

  /* A damaged document: refused as it is, then signed as a repaired copy
   * when the person presses the button. */
  {
    g_autofree char   *broken_path = write_wrong_startxref (fixture, home);
    g_autoptr (GFile)  broken = g_file_new_for_path (broken_path);
    g_autoptr (GFile)  broken_out = sealdesk_sign_dialog_default_output (broken);
    g_autoptr (GFile)  repaired = NULL;
    GtkWidget         *repair;

    dialog = sealdesk_sign_dialog_new (NULL, workspace, broken);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &repaired);
    gtk_window_present (GTK_WINDOW (dialog));
    g_object_set (dialog, "key-id", sd_key_get_id (rsa), NULL);
    wait_until (widget_sensitive, find_widget (dialog, is_button_labelled, "_Sign…"));
    g_assert_null (find_widget (dialog, is_button_labelled, "Sign a _Repaired Copy"));
    sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), broken_out);
    wait_until (dialog_idle, dialog);
    error_label = find_widget (dialog, is_shown_error_label, NULL);
    g_assert_nonnull (error_label);
    g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "damaged"));
    g_assert_false (g_file_query_exists (broken_out, NULL));
    repair = find_widget (dialog, is_button_labelled, "Sign a _Repaired Copy");
    g_assert_nonnull (repair);
    gtk_widget_activate_action (dialog, "sign.sign-repaired", NULL);
    wait_until (pointer_set, &repaired);
    wait_until (pointer_cleared, &dialog);
    g_assert_true (g_file_equal (repaired, broken_out));
    keys_test_assert_signed (g_file_peek_path (broken_out), 1);
  }

  /* The real document, with a reason and a seal in the bottom-right corner. */
  /* The page's size, as the window knows it. */
  {
    g_autofree char *uri = g_filename_to_uri (doc_path, NULL, NULL);
    PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
    PopplerPage     *page;

    g_assert_no_error (error);
    page = poppler_document_get_page (document, 0);
    poppler_page_get_size (page, &pw, &ph);
    g_object_unref (page);
    g_object_unref (document);
  }
  dialog = sealdesk_sign_dialog_new (NULL, workspace, doc);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &signed_file);
  gtk_window_present (GTK_WINDOW (dialog));
  button = find_widget (dialog, is_button_labelled, "_Sign…");
  g_object_set (dialog, "key-id", sd_key_get_id (rsa), NULL);
  wait_until (widget_sensitive, button);

  /* Asked to overwrite the document itself: refused, in words. */
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), doc);
  g_assert_false (sealdesk_sign_dialog_get_busy (SEALDESK_SIGN_DIALOG (dialog)));
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "cannot replace the document"));

  gtk_editable_set_text (GTK_EDITABLE (find_widget (dialog, is_entry_row_titled,
                                                    "_Reason (optional)")),
                         "Approved");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (dialog, is_entry_row_titled,
                                                    "_Location (optional)")),
                         "Lisbon");
  /* Nothing placed: said to be invisible. Then a seal of the library
   * placed in the bottom-right corner, as the window's session holds it:
   * 120 × 60 points, 24 points from the edges. */
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "invisible"));
  {
    g_autoptr (GListStore)        placements = g_list_store_new (SEALDESK_TYPE_PLACEMENT);
    g_autoptr (SealdeskPlacement) placement = NULL;
    g_autoptr (GBytes)            bytes = NULL;
    g_autoptr (SdSeal)            seal = NULL;
    g_autofree char              *png_data = NULL;
    gsize                         png_length;

    g_assert_true (g_file_get_contents (png_path, &png_data, &png_length, &error));
    bytes = g_bytes_new (png_data, png_length);
    seal = sd_seal_library_add (workspace, "Test seal", "company", 120 * 25.4 / 72, 60 * 25.4 / 72,
                                sd_key_get_id (rsa), bytes, NULL, &error);
    g_assert_no_error (error);
    placement = sealdesk_placement_new (seal->id, 0, pw - 24 - 120, 24, 120, 60);
    g_list_store_append (placements, placement);
    sealdesk_sign_dialog_set_placements (SEALDESK_SIGN_DIALOG (dialog), G_LIST_MODEL (placements));
  }
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "The seal placed on the document"));
  maybe_save_screenshot (dialog, "sign-dialog.png");

  chooser = find_of_type (dialog, SEALDESK_TYPE_KEY_CHOOSER);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  wait_until (pointer_set, &signed_file);
  /* Closed once signed, with nothing left behind. */
  wait_until (pointer_cleared, &dialog);
  wait_until (pointer_cleared, &chooser);
  g_assert_true (g_file_equal (signed_file, out));
  keys_test_assert_signed (g_file_peek_path (out), 1);

  g_assert_true (g_file_get_contents (g_file_peek_path (out), &contents, &length, &error));
  g_assert_true (bytes_contain (contents, length, "/Reason (Approved)"));
  g_assert_true (bytes_contain (contents, length, "/Location (Lisbon)"));
  /* 120 points wide, half as high as the picture, 24 points from the
   * bottom-right corner. */
  signature_field_area (g_file_peek_path (out), &x, &y, &w, &h, &pw, &ph);
  g_test_message ("seal at %g, %g, %g × %g on a page of %g × %g", x, y, w, h, pw, ph);
  g_assert_cmpfloat_with_epsilon (w, 120, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 60, 0.5);
  g_assert_cmpfloat_with_epsilon (x + w, pw - 24, 0.5);
  g_assert_cmpfloat_with_epsilon (y, 24, 0.5);

  g_assert_true (sd_workspace_remove_key (workspace, sd_key_get_id (rsa), NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_page (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_PAGE (widget) &&
         g_strcmp0 (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget)), title) == 0;
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

typedef struct
{
  SdWorkspace *workspace;
  const char  *id;
} KeyGone;

static gboolean
key_gone (gpointer data)
{
  KeyGone           *gone = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdKey)  key = sd_workspace_lookup_key (gone->workspace, gone->id, NULL, &error);

  return key == NULL;
}

/* Preferences: a Keys page (the key chooser, and removing a keyring key
 * after asking) besides the Tokens page. */
static void
test_preferences_keys (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  g_autofree char        *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autoptr (SdKey)       rsa = import_with_cli (workspace, p12);
  g_autofree char        *id = g_strdup (sd_key_get_id (rsa));
  KeyGone                 gone = { workspace, id };
  GtkWidget              *window;
  GtkWidget              *page;
  GtkWidget              *chooser;
  GtkWidget              *dialog;

  window = sealdesk_preferences_window_new (NULL, workspace);
  gtk_window_present (GTK_WINDOW (window));
  page = find_widget (window, has_page, "Keys");
  g_assert_nonnull (page);
  g_assert_nonnull (find_widget (window, has_page, "Tokens"));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  wait_for_label (page, "Sealdesk Test Signer RSA-2048", TRUE);
  chooser = find_of_type (page, SEALDESK_TYPE_KEY_CHOOSER);
  g_assert_nonnull (chooser);
  sealdesk_key_chooser_set_selected_id (SEALDESK_KEY_CHOOSER (chooser), id);
  g_assert_nonnull (sealdesk_key_chooser_get_selected_key (SEALDESK_KEY_CHOOSER (chooser)));
  maybe_save_screenshot (window, "preferences-keys.png");

  /* Asked first; "Cancel" keeps the key. */
  gtk_widget_activate_action (page, "keys-page.remove", NULL);
  wait_until (message_dialog_shown, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_message_dialog ()), "cancel");
  g_assert_false (key_gone (&gone));

  gtk_widget_activate_action (page, "keys-page.remove", NULL);
  wait_until (message_dialog_shown, NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                            "Sealdesk Test Signer RSA-2048"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  wait_until (key_gone, &gone);
  wait_for_label (page, "Sealdesk Test Signer RSA-2048", FALSE);

  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (pointer_cleared, &chooser);
}

static GtkWidget *
find_shown_pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (SEALDESK_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
pin_asked (gpointer data)
{
  return find_shown_pin_dialog () != NULL;
}

/* Answers the PIN dialog the sign dialog's worker thread opened. */
static void
answer_pin (const char *pin)
{
  GtkWidget *dialog;
  GtkWidget *button;

  wait_until (pin_asked, NULL);
  dialog = find_shown_pin_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY)), pin);
  button = find_widget (dialog, is_button_labelled, "_Unlock");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* A key on a token: the PIN is asked; a wrong one is said in the dialog,
 * nothing is written, and the right one signs. */
static void
test_sign_dialog_token (void)
{
  g_autofree char        *home = NULL;
  g_autoptr (SdWorkspace) workspace = NULL;
  g_autofree char        *fixture = NULL;
  g_autofree char        *doc_path = NULL;
  g_autofree char        *uri = NULL;
  g_autoptr (GFile)       doc = NULL;
  g_autoptr (GFile)       out = NULL;
  g_autoptr (GFile)       signed_file = NULL;
  GtkWidget              *dialog;
  GtkWidget              *button;
  GtkWidget              *error_label;

  keys_test_token_setup ();
  if (!keys_test_require_token ())
    {
      keys_test_token_teardown ();
      return;
    }
  home = sd_test_make_tmpdir ();
  workspace = open_test_workspace (home);
  fixture = sd_test_fixture_file ("xref-table.pdf");
  doc_path = copy_to (fixture, home, "order.pdf");
  doc = g_file_new_for_path (doc_path);
  out = sealdesk_sign_dialog_default_output (doc);
  uri = keys_test_token_key_uri ("rsa2048");

  dialog = sealdesk_sign_dialog_new (NULL, workspace, doc);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &signed_file);
  gtk_window_present (GTK_WINDOW (dialog));
  button = find_widget (dialog, is_button_labelled, "_Sign…");
  g_object_set (dialog, "key-id", uri, NULL);
  wait_until (widget_sensitive, button);

  /* A document certified with no changes allowed: refused in the dialog
   * before any PIN is asked (the worker would wait for it otherwise). */
  {
    g_autofree char   *certified_path = g_build_filename (home, "certified.pdf", NULL);
    g_autofree char   *p12 = sd_test_pki_file ("rsa2048.p12");
    g_autofree char   *never_path = g_build_filename (home, "certified-signed.pdf", NULL);
    g_autoptr (GFile)  certified = g_file_new_for_path (certified_path);
    g_autoptr (GFile)  never = g_file_new_for_path (never_path);
    g_autoptr (GError) error = NULL;
    g_autoptr (SdKey)  key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
    GtkWidget         *refusing;
    SdSignOptions      opts;

    g_assert_no_error (error);
    sd_sign_options_init (&opts);
    opts.certify = SD_CERTIFY_NO_CHANGES;
    g_assert_true (sd_sign_document (doc_path, certified_path, key, &opts, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    sd_sign_options_clear (&opts);

    refusing = sealdesk_sign_dialog_new (NULL, workspace, certified);
    g_object_add_weak_pointer (G_OBJECT (refusing), (gpointer *) &refusing);
    gtk_window_present (GTK_WINDOW (refusing));
    g_object_set (refusing, "key-id", uri, NULL);
    wait_until (widget_sensitive, find_widget (refusing, is_button_labelled, "_Sign…"));
    sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (refusing), never);
    wait_until (dialog_idle, refusing);
    g_assert_null (find_shown_pin_dialog ());
    error_label = find_widget (refusing, is_shown_error_label, NULL);
    g_assert_nonnull (error_label);
    g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                              "certified with no changes allowed"));
    g_assert_false (g_file_query_exists (never, NULL));
    gtk_widget_activate_action (refusing, "sign.cancel", NULL);
    wait_until (pointer_cleared, &refusing);
  }

  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  answer_pin ("0000");
  wait_until (dialog_idle, dialog);
  error_label = find_widget (dialog, is_shown_error_label, NULL);
  g_assert_nonnull (error_label);
  g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Wrong PIN"));
  g_assert_false (g_file_query_exists (out, NULL));

  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  answer_pin (KEYS_TEST_USER_PIN);
  wait_until (pointer_set, &signed_file);
  wait_until (pointer_cleared, &dialog);
  keys_test_assert_signed (g_file_peek_path (out), 1);
  keys_test_token_teardown ();
}

void
keys_test_add_sign_widget_tests (void)
{
  g_test_add_func ("/keys/widgets/sign-dialog", test_sign_dialog);
  g_test_add_func ("/keys/widgets/preferences-keys", test_preferences_keys);
  g_test_add_func ("/keys/widgets/sign-dialog-token", test_sign_dialog_token);
}
