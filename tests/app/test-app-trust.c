/* test-app-trust.c: the Trust page of Preferences and the certificate viewer
 *
 * A document signed with the test PKI (tests/pki: rsa2048 under an
 * intermediate under the test root CA) is opened in a real window. The
 * test root is added on the Trust page of a real Preferences window, as a
 * person does once the file is chosen; the open document is verified
 * again and its signature shows as trusted; removed, it shows as not
 * trusted again. The certificate viewer, opened from the signature's row
 * and from the Trust page, shows the signer's subject and the SHA-256
 * fingerprint that `openssl x509 -fingerprint` computes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/x509.h>

#include "app-test-util.h"
#include "sd-key-p12.h"
#include "sd-signer.h"
#include "sd-test-util.h"
#include "sealdesk-certificate-dialog.h"
#include "sealdesk-preferences-trust-page.h"
#include "sealdesk-preferences-window.h"
#include "test-app.h"

/* Signs the sample award (an invisible signature) into a fresh folder. */
static char *
sign_sample_invisible (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *in = g_file_get_path (sample);
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *p12 = sd_test_pki_file ("rsa2048.p12");
  char *out = g_build_filename (dir, "signed-award.pdf", NULL);
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GError) error = NULL;
  SdSignOptions opts;

  key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
  g_assert_no_error (error);
  sd_sign_options_init (&opts);
  opts.reason = g_strdup ("Final award");
  sd_sign_document (in, out, key, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sd_sign_options_clear (&opts);

  return out;
}

/* What `openssl x509 -fingerprint -sha256` says of the PEM file @name of
 * the test PKI: "AB:CD:…". */
static char *
openssl_fingerprint (const char *name)
{
  g_autofree char *path = sd_test_pki_file (name);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", path, NULL };
  int status = 0;
  char *equals;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  equals = strchr (out, '=');
  g_assert_nonnull (equals);

  return g_strstrip (g_strdup (equals + 1));
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Text of every GtkLabel below @root, one line each. */
static void
collect_text (GtkWidget *root,
              GString   *text)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* With SEALDESK_SCREENSHOT_DIR set, a picture of @widget as NAME.png. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("SEALDESK_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  app_test_iterate (500);
  texture = app_test_snapshot_widget (widget);
  basename = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, basename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
verified (gpointer data)
{
  SealdeskWindow *window = data;

  return window->state == SEALDESK_WINDOW_STATE_DOCUMENT &&
         _sealdesk_window_verify_task (window) != NULL &&
         sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)) != SEALDESK_VERIFY_STATUS_RUNNING;
}

static gboolean
page_idle (gpointer data)
{
  return !sealdesk_preferences_trust_page_is_busy (data);
}

static gboolean
dialog_shown (gpointer data)
{
  return sealdesk_preferences_trust_page_get_dialog (data) != NULL;
}

typedef struct
{
  SealdeskWindow          *window;
  SealdeskSignatureStatus  status;
} StatusWait;

/* The window's signature has @status, after a verification of its own. */
static gboolean
signature_status_is (gpointer data)
{
  StatusWait *wait = data;
  SealdeskSignatureRow *row;

  if (!verified (wait->window) ||
      sealdesk_verify_task_get_status (_sealdesk_window_verify_task (wait->window)) != SEALDESK_VERIFY_STATUS_DONE ||
      !(row = sealdesk_signatures_panel_get_row (wait->window->signatures_panel, 0)))
    return FALSE;

  return sealdesk_signature_row_get_status (row) == wait->status;
}

/* As a click on a response button: the answer, then the dialog closes. */
static void
respond (GtkWidget  *dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  app_test_iterate (50);
}

static SealdeskPreferencesTrustPage *
open_trust_page (SealdeskWindow  *window,
                 GtkWidget      **prefs)
{
  SealdeskPreferencesTrustPage *page;

  *prefs = sealdesk_preferences_window_new (GTK_WINDOW (window), sealdesk_application_get_workspace (app));
  gtk_window_present (GTK_WINDOW (*prefs));
  page = SEALDESK_PREFERENCES_TRUST_PAGE (find_widget_of_type (*prefs, SEALDESK_TYPE_PREFERENCES_TRUST_PAGE));
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (*prefs), ADW_PREFERENCES_PAGE (page));
  g_assert_true (app_test_wait_until (page_idle, page, WAIT_SECONDS));

  return page;
}

static guint
n_anchors (SealdeskPreferencesTrustPage *page)
{
  g_auto(GStrv) anchors = sealdesk_preferences_trust_page_dup_anchors (page);

  return g_strv_length (anchors);
}

/* Choosing the signer's own certificate: refused, and it says why. */
static void
refuse_signer_certificate (SealdeskPreferencesTrustPage *page)
{
  g_autofree char *path = sd_test_pki_file ("rsa2048.cert.pem");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *dialog;

  sealdesk_preferences_trust_page_add_file (page, file);
  g_assert_true (app_test_wait_until (dialog_shown, page, WAIT_SECONDS));
  dialog = sealdesk_preferences_trust_page_get_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "This Certificate Cannot Be Trusted");
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "add"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "is not a certificate authority"));
  respond (dialog, "close");
  g_assert_null (sealdesk_preferences_trust_page_get_dialog (page));
  g_assert_cmpuint (n_anchors (page), ==, 0);
}

/* Add the test root on the Trust page: the open document's signature is
 * trusted; remove it: not trusted. */
static void
test_trust_page (void)
{
  g_autofree char *path = sign_sample_invisible ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *ca = sd_test_pki_file ("ca.pem");
  g_autoptr(GFile) ca_file = g_file_new_for_path (ca);
  g_autofree char *ca_sha256 = openssl_fingerprint ("ca.pem");
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) anchors = NULL;
  SealdeskWindow *window = open_window (file);
  StatusWait wait = { window, SEALDESK_SIGNATURE_STATUS_UNTRUSTED };
  SealdeskPreferencesTrustPage *page;
  SealdeskVerifyTask *first_task;
  GtkWidget *prefs, *dialog, *viewer;

  g_assert_true (app_test_wait_until (signature_status_is, &wait, WAIT_SECONDS));
  first_task = _sealdesk_window_verify_task (window);

  page = open_trust_page (window, &prefs);
  g_assert_cmpuint (n_anchors (page), ==, 0);
  refuse_signer_certificate (page);

  /* What the file holds is shown before anything is trusted. */
  sealdesk_preferences_trust_page_add_file (page, ca_file);
  g_assert_true (app_test_wait_until (dialog_shown, page, WAIT_SECONDS));
  dialog = sealdesk_preferences_trust_page_get_dialog (page);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "add"));
  collect_text (dialog, text);
  g_test_message ("asked: %s", text->str);
  g_assert_nonnull (strstr (text->str, ca_sha256));
  g_assert_nonnull (strstr (text->str, "Sealdesk Test Root CA"));
  g_assert_cmpuint (n_anchors (page), ==, 0);
  screenshot (dialog, "trust-add-question");
  respond (dialog, "add");

  /* Listed, and the open document verified again: trusted now. */
  wait.status = SEALDESK_SIGNATURE_STATUS_VALID;
  g_assert_true (app_test_wait_until (signature_status_is, &wait, WAIT_SECONDS));
  g_assert_true (_sealdesk_window_verify_task (window) != first_task);
  g_assert_true (app_test_wait_until (page_idle, page, WAIT_SECONDS));
  anchors = sealdesk_preferences_trust_page_dup_anchors (page);
  g_assert_cmpuint (g_strv_length (anchors), ==, 1);
  g_assert_false (gtk_revealer_get_reveal_child (window->banner_revealer));
  screenshot (prefs, "trust-page");

  /* Its certificate, from the page's row. */
  viewer = sealdesk_preferences_trust_page_show_anchor (page, anchors[0]);
  g_assert_true (SEALDESK_IS_CERTIFICATE_DIALOG (viewer));
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (SEALDESK_CERTIFICATE_DIALOG (viewer), "sha256"),
                   ==, ca_sha256);
  g_assert_nonnull (strstr (sealdesk_certificate_dialog_get_field (SEALDESK_CERTIFICATE_DIALOG (viewer), "usages"),
                            "Signing certificates"));
  gtk_window_destroy (GTK_WINDOW (viewer));

  /* Removed, after asking: not trusted again. */
  sealdesk_preferences_trust_page_ask_remove (page, anchors[0]);
  g_assert_true (app_test_wait_until (dialog_shown, page, WAIT_SECONDS));
  dialog = sealdesk_preferences_trust_page_get_dialog (page);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "remove"));
  respond (dialog, "remove");
  wait.status = SEALDESK_SIGNATURE_STATUS_UNTRUSTED;
  g_assert_true (app_test_wait_until (signature_status_is, &wait, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (page_idle, page, WAIT_SECONDS));
  g_assert_cmpuint (n_anchors (page), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (window->banner_revealer));

  gtk_window_destroy (GTK_WINDOW (prefs));
  close_window (window);
}

static gboolean
dialog_on_screen (gpointer data)
{
  SealdeskSignatureRow *row = data;
  GtkWidget *dialog = sealdesk_signature_row_get_certificate_dialog (row);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* "Certificate…" of the signature's row: the signer, its issuers, its
 * fingerprint; dates nobody reads two ways; values copied. */
static void
test_certificate_dialog (void)
{
  g_autofree char *path = sign_sample_invisible ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *signer_sha256 = openssl_fingerprint ("rsa2048.cert.pem");
  g_autofree char *intermediate_sha256 = openssl_fingerprint ("intermediate.pem");
  g_autoptr(GRegex) date = g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$", 0, 0, NULL);
  SealdeskWindow *window = open_window (file);
  StatusWait wait = { window, SEALDESK_SIGNATURE_STATUS_UNTRUSTED };
  ClipboardRead read = { NULL, FALSE };
  SealdeskCertificateDialog *dialog;
  SealdeskSignatureRow *row;
  SdVerifySignature *signature;

  g_assert_true (app_test_wait_until (signature_status_is, &wait, WAIT_SECONDS));
  row = sealdesk_signatures_panel_get_row (window->signatures_panel, 0);
  signature = g_ptr_array_index (sealdesk_verify_task_get_report (_sealdesk_window_verify_task (window))->signatures, 0);
  /* The report keeps the chain, small. */
  g_assert_cmpuint (signature->chain->len, >=, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "signature-row.show-certificate", NULL));
  g_assert_true (app_test_wait_until (dialog_on_screen, row, WAIT_SECONDS));
  dialog = SEALDESK_CERTIFICATE_DIALOG (sealdesk_signature_row_get_certificate_dialog (row));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  g_assert_cmpuint (sealdesk_certificate_dialog_get_n_certificates (dialog), >=, 2);
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (dialog, "subject"), ==, signature->signer_subject);
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (dialog, "issuer"), ==, signature->signer_issuer);
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (dialog, "sha256"), ==, signer_sha256);
  g_assert_cmpuint (strlen (sealdesk_certificate_dialog_get_field (dialog, "sha1")), ==, 20 * 3 - 1);
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (dialog, "key"), ==, "RSA, 2048 bits");
  g_assert_nonnull (strstr (sealdesk_certificate_dialog_get_field (dialog, "usages"), "Digital signature"));
  g_assert_true (g_regex_match (date, sealdesk_certificate_dialog_get_field (dialog, "not-before"), 0, NULL));
  g_assert_true (g_regex_match (date, sealdesk_certificate_dialog_get_field (dialog, "not-after"), 0, NULL));

  /* The next one up is the intermediate authority. */
  sealdesk_certificate_dialog_select (dialog, 1);
  g_assert_cmpstr (sealdesk_certificate_dialog_get_field (dialog, "sha256"), ==, intermediate_sha256);
  sealdesk_certificate_dialog_select (dialog, 0);

  screenshot (GTK_WIDGET (dialog), "certificate-dialog");
  sealdesk_certificate_dialog_copy_field (dialog, "sha256");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL, clipboard_read, &read);
  g_assert_true (app_test_wait_until (clipboard_done, &read, WAIT_SECONDS));
  g_assert_cmpstr (read.text, ==, signer_sha256);
  g_free (read.text);

  /* Asked again: the same viewer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "signature-row.show-certificate", NULL));
  g_assert_true (sealdesk_signature_row_get_certificate_dialog (row) == GTK_WIDGET (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  app_test_iterate (50);
  g_assert_null (sealdesk_signature_row_get_certificate_dialog (row));

  close_window (window);
}

static gboolean
password_asked (gpointer data)
{
  return ((SealdeskWindow *) data)->password_dialog != NULL;
}

typedef struct
{
  SealdeskWindow     *window;
  SealdeskVerifyTask *before;
} AgainWait;

static gboolean
verified_again (gpointer data)
{
  AgainWait *wait = data;

  return _sealdesk_window_verify_task (wait->window) != wait->before && verified (wait->window);
}

/* Verified again after the trust list changed, a document opened with its
 * password still opens: the password is used again. */
static void
test_verify_again_encrypted (void)
{
  g_autofree char *path = sd_test_fixture_file ("encrypted-aes256.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);
  AgainWait wait = { window, NULL };

  g_assert_true (app_test_wait_until (password_asked, window, WAIT_SECONDS));
  sealdesk_password_dialog_set_password (window->password_dialog, "user");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->password_dialog), "unlock");
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==, SEALDESK_VERIFY_STATUS_DONE);

  wait.before = _sealdesk_window_verify_task (window);
  sealdesk_application_trust_changed (app);
  g_assert_true (app_test_wait_until (verified_again, &wait, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)), ==, SEALDESK_VERIFY_STATUS_DONE);
  g_assert_cmpint (sealdesk_verify_task_get_n_signatures (_sealdesk_window_verify_task (window)), ==, 0);

  close_window (window);
}

void
add_trust_tests (void)
{
  g_test_add_func ("/app/trust/page", test_trust_page);
  g_test_add_func ("/app/trust/certificate-dialog", test_certificate_dialog);
  g_test_add_func ("/app/trust/verify-again-encrypted", test_verify_again_encrypted);
}
