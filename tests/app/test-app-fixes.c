/* test-app-fixes.c: what a new user hit, each shown fixed on a real display
 *
 *   /app/fixes/pin-retry         a wrong PIN typed with Enter leaves no PIN
 *                                window behind; the right one signs
 *   /app/fixes/password-retry    a wrong then a right document password: no
 *                                stale dialog, nothing can lock the document
 *   /app/fixes/dates             certificate dates with the month written out
 *   /app/fixes/sign-encrypted    a protected document: its password asked
 *                                once, for viewing and signing
 *
 * The PIN test signs with a key on a SoftHSM2 token made by
 * tests/keys/keys-test-token.c (skipped without SoftHSM2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-ledger.h"
#include "sd-test-util.h"
#include "sealdesk-format.h"
#include "sealdesk-password-dialog.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

/* Finding widgets */

typedef gboolean (*FixesPredicate) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
fixes_find_widget (GtkWidget *root, FixesPredicate match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fixes_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
fixes_is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
fixes_is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
fixes_is_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* The visible toplevels of @type; how many in *count. */
static GtkWidget *
fixes_find_toplevel (GType type, guint *count)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */
  GtkWidget *found = NULL;
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          found = GTK_WIDGET (window);
          n++;
        }
    }
  if (count != NULL)
    *count = n;
  return found;
}

/* Types into the password entry of @dialog and presses Enter there, as a
 * person does (the path that left dialogs on screen). */
static void
type_and_enter (GtkWidget *dialog, const char *text)
{
  GtkWidget *entry = fixes_find_widget (dialog, fixes_is_of_type,
                                        GSIZE_TO_POINTER (GTK_TYPE_PASSWORD_ENTRY));

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

/* PIN */

static gboolean
pin_dialog_shown (gpointer data)
{
  return fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, NULL) != NULL;
}

static gboolean
sign_dialog_idle (gpointer data)
{
  return !sealdesk_sign_dialog_get_busy (data);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
on_signed (GtkWidget *dialog, GFile *output, GFile **out)
{
  g_set_object (out, output);
}

/* The ledger's entries (a JSON array) and its check. */
static JsonNode *
ledger_entries (void)
{
  SdLedger *ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  g_autoptr(GError) error = NULL;
  JsonNode *entries = sd_ledger_list (ledger, 1, &error);

  g_assert_no_error (error);
  return entries;
}
static void
test_pin_retry (void)
{
  g_autofree char *fixture = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *contents = NULL;
  g_autofree char *doc_path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) doc = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GFile) signed_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  GtkWidget *parent;
  GtkWidget *dialog;
  GtkWidget *pin;
  GtkWidget *button;
  gsize len;
  guint count;

  if (!keys_test_require_token ())
    return;
  g_assert_true (g_file_get_contents (fixture, &contents, &len, &error));
  doc_path = g_build_filename (home_dir, "pin-order.pdf", NULL);
  g_assert_true (g_file_set_contents (doc_path, contents, len, &error));
  doc = g_file_new_for_path (doc_path);
  out = sealdesk_sign_dialog_default_output (doc);
  uri = keys_test_token_key_uri ("rsa2048");
  before = ledger_entries ();

  parent = GTK_WIDGET (open_window (NULL));
  dialog = sealdesk_sign_dialog_new (GTK_WINDOW (parent), sealdesk_application_get_workspace (app),
                                     doc);
  g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &signed_file);
  gtk_window_present (GTK_WINDOW (dialog));
  g_object_set (dialog, "key-id", uri, NULL);
  button = fixes_find_widget (dialog, fixes_is_button_labelled, "_Sign…");
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_sensitive, button,
                                      WAIT_SECONDS));

  /* A wrong PIN, typed and confirmed with Enter. */
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  g_assert_true (app_test_wait_until (pin_dialog_shown, NULL, WAIT_SECONDS));
  pin = fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, &count);
  g_assert_cmpuint (count, ==, 1);
  type_and_enter (pin, "0000");
  g_assert_true (app_test_wait_until (sign_dialog_idle, dialog, WAIT_SECONDS));
  app_test_iterate (100);
  /* Said once, where the signing was asked for; no PIN window is left. */
  g_assert_null (fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, NULL));
  g_assert_nonnull (fixes_find_widget (dialog, fixes_is_label_containing, "Wrong PIN"));
  g_assert_false (g_file_query_exists (out, NULL));

  /* Again: exactly one PIN window, and the right PIN (with Enter) signs. */
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  g_assert_true (app_test_wait_until (pin_dialog_shown, NULL, WAIT_SECONDS));
  pin = fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, &count);
  g_assert_cmpuint (count, ==, 1);
  type_and_enter (pin, KEYS_TEST_USER_PIN);
  g_assert_true (app_test_wait_until (pointer_set, &signed_file, WAIT_SECONDS));
  g_assert_true (g_file_equal (signed_file, out));
  g_assert_true (g_file_query_exists (out, NULL));
  g_assert_null (fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, NULL));

  /* No seal was placed: the signature is still in the ledger, exactly
   * once (the wrong PIN signed nothing), as a key-use entry. */
  after = ledger_entries ();
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==,
                    json_array_get_length (json_node_get_array (before)) + 1);
  {
    JsonArray *list = json_node_get_array (after);
    JsonObject *entry = json_array_get_object_element (list, json_array_get_length (list) - 1);
    JsonObject *details = json_object_get_object_member (entry, "details");

    g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "key-use");
    g_assert_cmpstr (json_object_get_string_member (details, "key"), ==, uri);
    g_assert_cmpstr (json_object_get_string_member (details, "output"), ==, "pin-order-signed.pdf");
  }
  assert_ledger_valid ();
  close_all_windows ();
}

/* Document password */

static gboolean
password_retry_asked (gpointer data)
{
  SealdeskWindow *window = data;

  return window->password_dialog != NULL &&
         gtk_widget_get_visible (GTK_WIDGET (window->password_dialog)) &&
         sealdesk_password_dialog_get_retry (window->password_dialog);
}

static gboolean
document_shown (gpointer data)
{
  return sealdesk_window_get_state (data) == SEALDESK_WINDOW_STATE_DOCUMENT;
}

static void
test_password_retry (void)
{
  g_autofree char *path = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);
  GtkWidget *dialog;
  guint count;

  g_assert_true (app_test_wait_until (pointer_set, &window->password_dialog, WAIT_SECONDS));
  type_and_enter (GTK_WIDGET (window->password_dialog), "not-the-password");
  g_assert_true (app_test_wait_until (password_retry_asked, window, WAIT_SECONDS));
  dialog = fixes_find_toplevel (SEALDESK_TYPE_PASSWORD_DIALOG, &count);
  g_assert_cmpuint (count, ==, 1);

  type_and_enter (dialog, "user");
  g_assert_true (app_test_wait_until (document_shown, window, WAIT_SECONDS));
  app_test_iterate (100);
  /* Nothing stale on top, nothing whose Cancel could lock it again. */
  g_assert_null (fixes_find_toplevel (SEALDESK_TYPE_PASSWORD_DIALOG, NULL));
  g_assert_null (window->password_dialog);
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);

  /* A dialog answered late (one left over) does not speak for the window. */
  dialog = sealdesk_password_dialog_new (GTK_WINDOW (window), "encrypted-aes256.pdf", FALSE);
  g_signal_emit_by_name (dialog, "response", "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  app_test_iterate (50);
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  close_window (window);
}

/* Dates */

static void
test_dates (void)
{
  g_autofree char *pem = sd_test_pki_file ("rsa2048.cert.pem");
  g_autofree char *date = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_utc (2029, 8, 3, 12, 0, 0);
  g_autofree char *when = NULL;
  BIO *bio = BIO_new_file (pem, "r");
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);

  BIO_free (bio);
  g_assert_nonnull (cert);
  /* 3 August 2029 at noon UTC is that day in every zone the tests run in. */
  date = sealdesk_format_date (g_date_time_to_unix (time));
  g_assert_cmpstr (date, ==, "3 August 2029");
  when = sealdesk_format_date_time (time);
  g_assert_true (g_str_has_prefix (when, "3 August 2029, "));
  validity = sealdesk_format_validity (cert);
  g_assert_true (g_regex_match_simple ("^from [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} "
                                       "until [0-9]{1,2} [A-Z][a-z]+ [0-9]{4}$",
                                       validity, 0, 0));
  g_assert_null (strchr (validity, '/'));
  sha256 = sealdesk_format_fingerprint (cert, EVP_sha256 ());
  g_assert_cmpuint (strlen (sha256), ==, 32 * 3 - 1);
  g_assert_true (g_regex_match_simple ("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", sha256, 0, 0));
  X509_free (cert);
}

/* Sign on a protected document */

static gboolean
is_sign_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.sign") == 0;
}

static GtkWidget *
find_sign_button (SealdeskWindow *window)
{
  return fixes_find_widget (GTK_WIDGET (window), is_sign_button, NULL);
}

static gboolean
shows_file (gpointer data)
{
  gpointer *pair = data;
  SealdeskWindow *window = pair[0];

  return sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_DOCUMENT &&
         sealdesk_window_get_file (window) != NULL &&
         g_file_equal (sealdesk_window_get_file (window), pair[1]);
}

/* A protected document: its password is asked once, to view it, and
 * signing uses it too (the signed copy is encrypted with the same key and
 * opens without asking again). */
static void
test_sign_encrypted (void)
{
  g_autofree char *fixture = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autofree char *contents = NULL;
  g_autofree char *doc_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *pdfsig = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  SealdeskWindow *window;
  GtkWidget *button;
  GtkWidget *dialog;
  GtkWidget *sign;
  gpointer pair[2];
  gsize len;

  if (!keys_test_require_token ())
    return;
  g_assert_true (g_file_get_contents (fixture, &contents, &len, &error));
  doc_path = g_build_filename (home_dir, "protected.pdf", NULL);
  g_assert_true (g_file_set_contents (doc_path, contents, len, &error));
  file = g_file_new_for_path (doc_path);
  out = sealdesk_sign_dialog_default_output (file);
  out_path = g_file_get_path (out);
  uri = keys_test_token_key_uri ("rsa2048");

  window = open_window (file);
  button = find_sign_button (window);
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (pointer_set, &window->password_dialog, WAIT_SECONDS));
  type_and_enter (GTK_WIDGET (window->password_dialog), "user");
  g_assert_true (app_test_wait_until (document_shown, window, WAIT_SECONDS));
  app_test_iterate (50);

  g_assert_true (_sealdesk_window_can_sign (window));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Sign this document"));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (app_test_wait_until (pointer_set, &window->sign_dialog, WAIT_SECONDS));
  dialog = GTK_WIDGET (window->sign_dialog);
  g_object_set (dialog, "key-id", uri, NULL);
  sign = fixes_find_widget (dialog, fixes_is_button_labelled, "_Sign…");
  g_assert_nonnull (sign);
  g_assert_true (app_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_sensitive, sign,
                                      WAIT_SECONDS));

  /* The token's PIN is asked; the document's password is not. */
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  g_assert_true (app_test_wait_until (pin_dialog_shown, NULL, WAIT_SECONDS));
  type_and_enter (fixes_find_toplevel (SEALDESK_TYPE_PIN_DIALOG, NULL), KEYS_TEST_USER_PIN);
  pair[0] = window;
  pair[1] = out;
  g_assert_true (app_test_wait_until (shows_file, pair, WAIT_SECONDS));
  app_test_iterate (50);
  g_assert_null (window->password_dialog);
  g_assert_null (fixes_find_toplevel (SEALDESK_TYPE_PASSWORD_DIALOG, NULL));

  /* Poppler, with the password, finds the signature valid. */
  {
    const char *argv[] = { "pdfsig", "-nocert", "-upw", "user", out_path, NULL };

    if (sd_test_require_program ("pdfsig"))
      {
        g_assert_cmpint (sd_test_run (argv, NULL, &pdfsig, NULL), ==, 0);
        g_assert_nonnull (strstr (pdfsig, "Signature is Valid."));
      }
  }
  close_window (window);

  /* A document without a password keeps the usual tooltip. */
  window = open_sample ();
  button = find_sign_button (window);
  g_assert_true (_sealdesk_window_can_sign (window));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Sign this document"));
  close_window (window);
}

void
add_fix_tests (void)
{
  /* The token these tests sign with is made by main() in test-app.c. */
  g_test_add_func ("/app/fixes/pin-retry", test_pin_retry);
  g_test_add_func ("/app/fixes/password-retry", test_password_retry);
  g_test_add_func ("/app/fixes/dates", test_dates);
  g_test_add_func ("/app/fixes/sign-encrypted", test_sign_encrypted);
}
