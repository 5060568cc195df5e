/* test-keys-widgets.c: the key widgets of the app, on a real display
 *
 * Run by meson under xvfb-run; like test-keys-keyring it starts itself
 * again inside its own D-Bus session with an unlocked gnome-keyring, so
 * the import dialog and the key chooser talk to a real Secret Service.
 * Drives the PIN dialog (also from a worker thread, as the key backends
 * call it), the import dialog, the key chooser and the PKCS#11 preferences
 * page the way a person would: typing, activating actions, reading what is
 * shown.
 */
#include "config.h"

#include <openssl/crypto.h>

#include <string.h>
#include <adwaita.h>

#include "keys-test-common.h"
#include "keys-test-widgets.h"
#include "sd-secret.h"
#include "sd-test-util.h"
#include "sealdesk-import-key-dialog.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-resources.h"

static void
test_pin_dialog (void)
{
  GtkWidget *dialog = sealdesk_pin_dialog_new (NULL, "PIN for the token “sealdesk-test”", 1);
  GtkWidget *entry = find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY);
  g_autoptr (SdSecret) pin = NULL;
  g_autofree char     *body = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  g_object_get (dialog, "body", &body, NULL);
  g_assert_cmpstr (body, ==, "PIN for the token “sealdesk-test”");
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "Only one try is left"));
  g_assert_nonnull (entry);
  /* Masked, and no way to unlock with nothing typed. */
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "unlock"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "1234");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "unlock"));
  pin = sealdesk_pin_dialog_take_pin (SEALDESK_PIN_DIALOG (dialog));
  g_assert_cmpstr (pin, ==, "1234");
  /* Taken once: the entry holds it no more. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = sealdesk_pin_dialog_new (NULL, "PIN", -1);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_null (find_widget (dialog, is_shown_label_with, "try"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  char    *pin;
  gboolean done;
} AskResult;

static gpointer
ask_thread (gpointer data)
{
  AskResult *result = data;

  result->pin = sealdesk_pin_dialog_ask ("PIN for the token “sealdesk-test”", -1, NULL);
  g_atomic_int_set (&result->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static GtkWidget *
find_pin_dialog (void)
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
pin_dialog_shown (gpointer data)
{
  return find_pin_dialog () != NULL;
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return find_pin_dialog () == NULL;
}

static gboolean
ask_done (gpointer data)
{
  return g_atomic_int_get (&((AskResult *) data)->done);
}

/* What a key backend does: ask from its worker thread, wait for the answer. */
static void
test_pin_ask_from_thread (void)
{
  const char *buttons[] = { "_Unlock", "_Cancel" };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      AskResult  result = { NULL, FALSE };
      GThread   *thread = g_thread_new ("ask", ask_thread, &result);
      GtkWidget *dialog;
      GtkWidget *button;

      wait_until (pin_dialog_shown, NULL);
      dialog = find_pin_dialog ();
      gtk_editable_set_text (GTK_EDITABLE (find_of_type (dialog, GTK_TYPE_PASSWORD_ENTRY)), "4321");
      /* Clicked as a person does; the dialog closes itself. */
      button = find_widget (dialog, is_button_labelled, buttons[i]);
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      wait_until (ask_done, &result);
      g_thread_join (thread);

      if (i == 0)
        g_assert_cmpstr (result.pin, ==, "4321");
      else
        g_assert_null (result.pin);
      sd_secret_free (result.pin);
      wait_until (pin_dialog_gone, NULL);
    }
}

static void
on_imported (SealdeskImportKeyDialog *dialog, SdKey *key, SdKey **out)
{
  *out = g_object_ref (key);
}

static void
test_import_dialog (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  g_autofree char        *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char        *keys_dir = g_build_filename (home, "keys", NULL);
  g_autofree char        *pem = NULL;
  g_autoptr (GFile)       file = g_file_new_for_path (p12);
  g_autoptr (SdKey)       imported = NULL;
  g_autoptr (GError)      error = NULL;
  GtkWidget              *dialog = sealdesk_import_key_dialog_new (NULL, workspace);
  GtkWidget              *passphrase;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), &imported);
  gtk_window_present (GTK_WINDOW (dialog));
  passphrase = find_of_type (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (passphrase);

  sealdesk_import_key_dialog_set_file (SEALDESK_IMPORT_KEY_DIALOG (dialog), file);
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "rsa2048.p12"));

  /* A wrong passphrase: said in the dialog, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (passphrase), "wrong passphrase");
  gtk_widget_activate_action (dialog, "import-key.import", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (passphrase)), ==, "");
  wait_for_label (dialog, "Wrong passphrase", TRUE);
  g_assert_null (imported);
  g_assert_false (g_file_test (keys_dir, G_FILE_TEST_EXISTS));

  /* The right one: imported, and the dialog closes. */
  gtk_editable_set_text (GTK_EDITABLE (passphrase), SD_TEST_PKI_PASSWORD);
  gtk_widget_activate_action (dialog, "import-key.import", NULL);
  wait_until (pointer_set, &imported);
  wait_until (pointer_cleared, &dialog);
  g_assert_true (g_str_has_prefix (sd_key_get_id (imported), "keyring:"));
  pem = g_strdup_printf ("%s/%s.pem", keys_dir, sd_key_get_id (imported) + strlen ("keyring:"));
  g_assert_true (g_file_test (pem, G_FILE_TEST_IS_REGULAR));

  g_assert_true (sd_workspace_remove_key (workspace, sd_key_get_id (imported), NULL, &error));
  g_assert_no_error (error);
}

static gboolean
keyring_question_shown (gpointer data)
{
  return sealdesk_import_key_dialog_get_keyring_question (data) != NULL;
}

/* The error text is laid out whole: as tall as it needs for its width,
 * wrapped over several lines, and inside the window. */
static gboolean
error_label_fits (gpointer data)
{
  GtkWidget      *dialog = data;
  GtkWidget      *label = find_widget (dialog, is_shown_label_with, "no default keyring");
  graphene_rect_t bounds;
  int             needed = 0;

  if (label == NULL || !gtk_widget_get_mapped (label) ||
      !gtk_widget_compute_bounds (label, dialog, &bounds) || bounds.size.width < 1)
    return FALSE;
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, (int) bounds.size.width, &needed, NULL,
                      NULL, NULL);
  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))) > 1 &&
         bounds.size.height >= needed &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (dialog);
}

static gboolean
pointer_cleared_question (gpointer data)
{
  return sealdesk_import_key_dialog_get_keyring_question (data) == NULL;
}

/* A keyring without a login collection: the dialog offers to create one,
 * its error text wraps and is never cut off; not now: the text stays.
 * Once there is a login keyring (made by another program, the daemon
 * started again), the same dialog imports: it reconnects to the new
 * daemon. (Creating through the dialog needs the keyring's own password
 * prompt answered, which this test cannot do.) */
static void
test_import_no_keyring (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autofree char        *empty = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  g_autofree char        *p12 = sd_test_pki_file ("rsa2048.p12");
  g_autoptr (GFile)       file = g_file_new_for_path (p12);
  g_autoptr (SdKey)       imported = NULL;
  g_autoptr (GError)      error = NULL;
  GtkWidget              *dialog = sealdesk_import_key_dialog_new (NULL, workspace);
  GtkWidget              *passphrase;
  GtkWidget              *question;

  keys_test_keyring_stop ();
  keys_test_keyring_start (empty, FALSE);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), &imported);
  gtk_window_present (GTK_WINDOW (dialog));
  passphrase = find_of_type (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  sealdesk_import_key_dialog_set_file (SEALDESK_IMPORT_KEY_DIALOG (dialog), file);
  gtk_editable_set_text (GTK_EDITABLE (passphrase), SD_TEST_PKI_PASSWORD);
  gtk_widget_activate_action (dialog, "import-key.import", NULL);

  wait_until (keyring_question_shown, dialog);
  question = sealdesk_import_key_dialog_get_keyring_question (SEALDESK_IMPORT_KEY_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Create a Keyring?");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (question), "create"));
  /* Behind it, the dialog says what is missing, in full. */
  wait_until (error_label_fits, dialog);
  g_assert_null (find_widget (dialog, is_shown_label_with, "/org/freedesktop"));
  maybe_save_screenshot (dialog, "import-key-no-keyring.png");

  /* Not now: the dialog still says what to do. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  gtk_window_close (GTK_WINDOW (question));
  wait_until (pointer_cleared_question, dialog);
  g_assert_nonnull (find_widget (dialog, is_shown_label_with, "no default keyring"));
  g_assert_null (imported);

  /* A login keyring appears (the daemon started again, unlocked). */
  keys_test_keyring_stop ();
  keys_test_keyring_start (empty, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (passphrase), SD_TEST_PKI_PASSWORD);
  gtk_widget_activate_action (dialog, "import-key.import", NULL);
  wait_until (pointer_set, &imported);
  wait_until (pointer_cleared, &dialog);
  g_assert_true (sd_workspace_remove_key (workspace, sd_key_get_id (imported), NULL, &error));
  g_assert_no_error (error);

  /* The session's own keyring, for the tests after this one. */
  keys_test_keyring_stop ();
  keys_test_keyring_start (NULL, TRUE);
}

static gboolean
chooser_listed (gpointer data)
{
  return find_widget (data, is_shown_label_with, "Sealdesk Test Signer Expired") != NULL;
}

static void
test_key_chooser (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  g_autofree char        *rsa_p12 = sd_test_pki_file ("rsa2048.p12");
  g_autofree char        *expired_p12 = sd_test_pki_file ("expired.p12");
  g_autoptr (GError)      error = NULL;
  /* Imported by sealdesk-cli: this process only lists, as the app would
   * after a restart. */
  g_autoptr (SdKey)   rsa = import_with_cli (workspace, rsa_p12);
  g_autoptr (SdKey)   expired = import_with_cli (workspace, expired_p12);
  GtkWidget          *window = gtk_window_new ();
  GtkWidget          *chooser = sealdesk_key_chooser_new (workspace);
  SealdeskKeyChooser *self = SEALDESK_KEY_CHOOSER (chooser);
  GtkWidget          *title;
  GtkWidget          *group;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_window_set_child (GTK_WINDOW (window), chooser);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (chooser_listed, chooser);

  /* Grouped by where the key lives. */
  title = find_widget (chooser, is_shown_label_with, "Sealdesk Test Signer RSA-2048");
  g_assert_nonnull (title);
  group = gtk_widget_get_ancestor (title, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   "System Keyring");
  /* Validity is shown: when it ends, or why it cannot sign. */
  g_assert_nonnull (find_widget (chooser, is_shown_label_with, "valid until"));
  g_assert_nonnull (find_widget (chooser, is_shown_label_with, "expired on"));

  g_assert_null (sealdesk_key_chooser_get_selected_key (self));
  sealdesk_key_chooser_set_selected_id (self, sd_key_get_id (rsa));
  g_assert_nonnull (sealdesk_key_chooser_get_selected_key (self));
  g_assert_cmpstr (sd_key_get_id (sealdesk_key_chooser_get_selected_key (self)), ==,
                   sd_key_get_id (rsa));

  /* An expired key cannot be chosen. */
  sealdesk_key_chooser_set_selected_id (self, sd_key_get_id (expired));
  g_assert_null (sealdesk_key_chooser_get_selected_key (self));

  /* The choice survives listing again: a new listing replaces the groups,
   * so wait until the old group is gone before looking. */
  sealdesk_key_chooser_set_selected_id (self, sd_key_get_id (rsa));
  g_object_add_weak_pointer (G_OBJECT (group), (gpointer *) &group);
  sealdesk_key_chooser_reload (self);
  wait_until (pointer_cleared, &group);
  wait_until (chooser_listed, chooser);
  g_assert_cmpstr (sd_key_get_id (sealdesk_key_chooser_get_selected_key (self)), ==,
                   sd_key_get_id (rsa));

  /* A listing still running holds the chooser: wait until it is finalized,
   * so that no listing reads the keyring while the keys are removed. */
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (pointer_cleared, &chooser);
  g_assert_true (sd_workspace_remove_key (workspace, sd_key_get_id (rsa), NULL, &error));
  g_assert_true (sd_workspace_remove_key (workspace, sd_key_get_id (expired), NULL, &error));
}

static gboolean
is_remove_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_object_get_data (G_OBJECT (widget), "sealdesk-module-path") != NULL;
}

static void
test_preferences_modules (void)
{
  g_autofree char        *home = sd_test_make_tmpdir ();
  g_autoptr (SdWorkspace) workspace = open_test_workspace (home);
  const char             *paths[] = { "/nonexistent/libtoken-pkcs11.so", NULL };
  g_autoptr (GError)      error = NULL;
  g_auto (GStrv)          left = NULL;
  GtkWidget              *window;
  GtkWidget              *button;

  g_assert_true (sd_workspace_write_pkcs11_modules (workspace, paths, &error));
  window = sealdesk_preferences_window_new (NULL, workspace);
  gtk_window_present (GTK_WINDOW (window));

  /* The added module is listed, with why it is not in use. */
  wait_for_label (window, "/nonexistent/libtoken-pkcs11.so", TRUE);
  /* Why comes with the next scan of the modules, not always with the row. */
  wait_for_label (window, "Not loaded", TRUE);
  g_assert_null (find_widget (window, is_shown_label_with, "No module added"));

  /* Removing it updates the list file and the page. */
  button = find_widget (window, is_remove_button, NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  left = sd_workspace_read_pkcs11_modules (workspace);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
  wait_for_label (window, "No module added", TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_display (void)
{
  g_test_skip ("no display (run under xvfb-run)");
}

int
main (int argc, char **argv)
{
  /* Worker threads (rendering, verifying, signing) may still run while the
   * process exits: OpenSSL must not free its state under them. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);

  if (!keys_test_in_keyring_session ())
    return keys_test_run_in_keyring_session (argc, argv, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      g_test_add_func ("/keys/widgets/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();
  sealdesk_register_resource ();

  g_test_add_func ("/keys/widgets/pin-dialog", test_pin_dialog);
  g_test_add_func ("/keys/widgets/pin-ask-from-thread", test_pin_ask_from_thread);
  g_test_add_func ("/keys/widgets/import-dialog", test_import_dialog);
  g_test_add_func ("/keys/widgets/import-no-keyring", test_import_no_keyring);
  g_test_add_func ("/keys/widgets/key-chooser", test_key_chooser);
  g_test_add_func ("/keys/widgets/preferences-modules", test_preferences_modules);
  keys_test_add_sign_widget_tests ();
  return g_test_run ();
}
