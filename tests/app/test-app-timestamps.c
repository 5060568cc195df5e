/* test-app-timestamps.c: trusted time in the application
 *
 * The trusted-time services of tests/tsa (tsa-services.py: an `openssl
 * ts` TSA and a CRL behind a local HTTP server, an `openssl ocsp`
 * responder, a test CA and a signer whose certificate points at them),
 * started by the test; the signer's key and certificate are written onto
 * the SoftHSM2 token of the display tests. The timestamp authority is set in Preferences
 * through its page (entry row, level, "Test"); a document signed in the
 * sign dialog carries a signature timestamp (our verifier: B-T, pdfsig:
 * valid). With the TSA stopped, the next one is B-B, queued, said in a
 * toast and listed under "Waiting for a Timestamp"; the extender retries
 * by itself (and on "Retry Now") and says that it failed; once the TSA is
 * back, its next retry adds the validation data and a document timestamp
 * (B-LTA) and the list empties; the ledger records it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/pem.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-test-util.h"
#include "sealdesk-preferences-timestamps-page.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

/* Nothing listens on the discard port: connection refused at once. */
#define DEAD_TSA "http://127.0.0.1:9/tsa"

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
  char             *dir;
  char             *tsa_url;
  char             *ca;
  char             *signer_p12;
} Services;

static char *
read_line (Services *svc)
{
  g_autoptr (GError) error = NULL;
  char              *line = g_data_input_stream_read_line_utf8 (svc->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static gboolean
services_start (Services *svc)
{
  g_autofree char *script =
    g_build_filename (g_getenv ("SD_TEST_SRCDIR"), "tests", "tsa", "tsa-services.py", NULL);
  g_autoptr (GError)     error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char       *line = NULL;
  JsonObject            *object;

  if (!sd_test_require_program ("python3") || !sd_test_require_program ("openssl") ||
      !sd_test_require_program ("pdfsig"))
    return FALSE;
  svc->dir = g_build_filename (home_dir, "tsa-services", NULL);
  g_assert_cmpint (g_mkdir_with_parents (svc->dir, 0700), ==, 0);
  svc->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                   &error, "python3", script, svc->dir, NULL);
  g_assert_no_error (error);
  svc->in = g_subprocess_get_stdin_pipe (svc->process);
  svc->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (svc->process));
  /* The test PKI is made first: a few seconds. */
  line = read_line (svc);
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  svc->tsa_url = g_strdup (json_object_get_string_member (object, "tsa_url"));
  svc->ca = g_strdup (json_object_get_string_member (object, "ca"));
  svc->signer_p12 = g_strdup (json_object_get_string_member (object, "signer_p12"));
  return TRUE;
}

static void
services_command (Services *svc, const char *command)
{
  g_autofree char   *line = g_strconcat (command, "\n", NULL);
  g_autofree char   *answer = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_output_stream_write_all (svc->in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  answer = read_line (svc);
  g_assert_cmpstr (answer, ==, "ok");
}

static void
services_stop (Services *svc)
{
  if (svc->process != NULL)
    {
      g_output_stream_close (svc->in, NULL, NULL);
      g_subprocess_wait (svc->process, NULL, NULL);
    }
  g_clear_object (&svc->out);
  g_clear_object (&svc->process);
  g_free (svc->dir);
  g_free (svc->tsa_url);
  g_free (svc->ca);
  g_free (svc->signer_p12);
}

static void
run_ok (const char *const *argv)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (sd_test_run (argv, NULL, NULL, &err), ==, 0);
}

/* The signer of the services onto the display tests' token, as "tsa-signer". */
static void
signer_to_token (Services *svc)
{
  static const char *const objects[][2] = { { "signer.key", "privkey" }, { "signer.pem", "cert" } };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autofree char *src = g_build_filename (svc->dir, "pki", objects[i][0], NULL);
      g_autofree char *der = g_strconcat (src, ".der", NULL);
      gboolean         is_key = g_str_equal (objects[i][1], "privkey");
      const char      *convert[] = {
             "openssl", is_key ? "pkey" : "x509", "-in", src, "-outform", "DER", "-out", der, NULL
      };
      const char *write[] = { "pkcs11-tool",
                              "--module",
                              keys_test_token_module (),
                              "--token-label",
                              KEYS_TEST_TOKEN_LABEL,
                              "--login",
                              "--pin",
                              KEYS_TEST_USER_PIN,
                              "--write-object",
                              der,
                              "--type",
                              objects[i][1],
                              "--id",
                              "0b",
                              "--label",
                              "tsa-signer",
                              NULL };

      run_ok (convert);
      run_ok (write);
      g_unlink (der);
    }
}

static gboolean
has_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return has_label (wait->root, wait->text);
}

/* The row of the authority @url on the page, or NULL. */
static GtkWidget *
row_of (GtkWidget  *root,
        const char *url)
{
  if (ADW_IS_ACTION_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), url) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = row_of (child, url);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_labelled_button (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root)
      && (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0
          || g_strcmp0 (gtk_widget_get_tooltip_text (root), label) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button @label (its label or tooltip) of @url's row. */
static GtkWidget *
row_button (GtkWidget  *page,
            const char *url,
            const char *label)
{
  GtkWidget *row = row_of (page, url);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = find_labelled_button (row, label);
  g_assert_nonnull (button);
  return button;
}

/* The rows are made again when a test answers: looked for each time. */
typedef struct
{
  GtkWidget  *page;
  const char *url;
  const char *text;
} RowWait;

static gboolean
label_shown_in_row (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *row = row_of (wait->page, wait->url);

  return row != NULL && has_label (row, wait->text);
}

/* Our verifier's levels of @pdf, in order ("B-T", "timestamp"…), joined by spaces. */
static char *
verified_levels (const char *pdf, const char *ca)
{
  g_autofree char       *program = sd_test_built_program ("src/cli/sealdesk-cli");
  const char            *argv[] = { program, "verify", pdf, "--trust", ca, "--json", NULL };
  g_autofree char       *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;
  g_autoptr (GString)    levels = g_string_new (NULL);
  JsonObject            *report;
  JsonArray             *signatures;

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "valid");
  signatures = json_object_get_array_member (report, "signatures");
  for (guint i = 0; i < json_array_get_length (signatures); i++)
    {
      JsonObject *sig = json_array_get_object_element (signatures, i);

      g_assert_cmpstr (json_object_get_string_member (sig, "verdict"), ==, "valid");
      if (levels->len > 0)
        g_string_append_c (levels, ' ');
      g_string_append (levels, json_object_get_string_member (sig, "level"));
    }
  return g_string_free (g_steal_pointer (&levels), FALSE);
}

static void
assert_pdfsig_says_valid (const char *pdf)
{
  const char      *argv[] = { "pdfsig", pdf, NULL };
  g_autofree char *out = NULL;

  sd_test_run (argv, NULL, &out, NULL);
  g_test_message ("pdfsig: %s", out);
  g_assert_nonnull (strstr (out, "Signature is Valid."));
  g_assert_null (strstr (out, "Signature is Invalid"));
}

static void
on_signed (GtkWidget *dialog, GFile *output, GFile **out)
{
  g_set_object (out, output);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
sign_button_ready (gpointer data)
{
  GtkWidget *button = find_button (data, "_Sign…");

  return button != NULL && gtk_widget_is_sensitive (button);
}

/* Signs @name (a copy of a fixture in the home folder) with the signer's
 * key on the token through the sign dialog; returns the signed copy's path. */
static char *
sign_in_dialog (SealdeskWindow *parent, Services *svc, const char *name)
{
  g_autofree char  *fixture = sd_test_fixture_file ("xref-table.pdf");
  g_autoptr (GFile) from = g_file_new_for_path (fixture);
  g_autofree char  *doc_path = copy_to_home (from, name);
  g_autoptr (GFile) doc = g_file_new_for_path (doc_path);
  g_autoptr (GFile) out = sealdesk_sign_dialog_default_output (doc);
  g_autoptr (GFile) signed_file = NULL;
  g_autofree char  *key_id = keys_test_token_key_uri ("tsa-signer");
  GtkWidget        *dialog;

  dialog =
    sealdesk_sign_dialog_new (GTK_WINDOW (parent), sealdesk_application_get_workspace (app), doc);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &signed_file);
  gtk_window_present (GTK_WINDOW (dialog));
  g_object_set (dialog, "key-id", key_id, NULL);
  g_assert_true (app_test_wait_until (sign_button_ready, dialog, WAIT_SECONDS));
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), out);
  answer_token_pin ();
  g_assert_true (app_test_wait_until (pointer_set, &signed_file, WAIT_SECONDS * 3));
  g_assert_true (g_file_equal (signed_file, out));
  /* It closes once it has signed. */
  app_test_iterate (50);
  if (dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  return g_file_get_path (out);
}

static GtkWidget *
open_preferences (void)
{
  GtkWidget *preferences = NULL;
  GList     *windows;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  app_test_iterate (100);
  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (SEALDESK_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      preferences = l->data;
  g_list_free (windows);
  g_assert_nonnull (preferences);
  return preferences;
}

static gboolean
nothing_pending (gpointer data)
{
  GPtrArray *pending = sealdesk_timestamp_extender_get_pending (data);

  return pending != NULL && pending->len == 0 && !sealdesk_timestamp_extender_get_running (data);
}

static gboolean
one_pending (gpointer data)
{
  GPtrArray *pending = sealdesk_timestamp_extender_get_pending (data);

  return pending != NULL && pending->len == 1 && !sealdesk_timestamp_extender_get_running (data);
}

static gboolean
two_pending (gpointer data)
{
  GPtrArray *pending = sealdesk_timestamp_extender_get_pending (data);

  return pending != NULL && pending->len == 2;
}

/* A retry went by and left the document waiting. */
static gboolean
retried_and_failed (gpointer data)
{
  return one_pending (data) && sealdesk_timestamp_extender_get_error (data) != NULL;
}

static SealdeskTimestampExtender *passes_of;

static gboolean
passed_since (gpointer data)
{
  return sealdesk_timestamp_extender_get_passes (passes_of) > *(guint *) data
         && !sealdesk_timestamp_extender_get_running (passes_of);
}

static void
trust_ca (const char *ca)
{
  FILE              *f = fopen (ca, "r");
  X509              *cert;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (f);
  cert = PEM_read_X509 (f, NULL, NULL, NULL);
  fclose (f);
  g_assert_nonnull (cert);
  g_assert_true (
    sd_workspace_add_trust_anchor (sealdesk_application_get_workspace (app), cert, &error));
  g_assert_no_error (error);
  X509_free (cert);
}

static void
test_trusted_time (void)
{
  Services                   svc = { 0 };
  GSettings                 *settings = sealdesk_application_get_settings (app);
  SealdeskTimestampExtender *extender = sealdesk_application_get_timestamp_extender (app);
  SealdeskWindow            *window;
  GtkWidget                 *preferences;
  GtkWidget                 *page;
  GtkWidget                 *entry;
  GtkWidget                 *button;
  g_auto (GStrv)             urls = NULL;
  g_autofree char           *stamped = NULL;
  g_autofree char           *archived = NULL;
  g_autofree char           *forgotten = NULL;
  g_autofree char           *forgotten_name = NULL;
  g_autofree char           *deferred = NULL;
  g_autofree char           *levels = NULL;
  g_autofree char           *deferred_name = NULL;
  LabelWait                  wait;
  guint                      passes;
  RowWait                    row_wait;

  if (!keys_test_require_token () || !services_start (&svc))
    return;
  signer_to_token (&svc);
  /* The test CA vouches for the signer, the TSA and the OCSP responder. */
  trust_ca (svc.ca);
  /* Retries after a second, then 2, 4, 4… (30 s, doubled up to 30 min,
   * by default). */
  g_object_set (extender, "first-retry", 1, "last-retry", 4, NULL);
  passes_of = extender;
  window = open_window (NULL);

  /* Preferences: the TSA typed into the entry row, B-T chosen. */
  preferences = open_preferences ();
  page = find_type (preferences, SEALDESK_TYPE_PREFERENCES_TIMESTAMPS_PAGE);
  g_assert_nonnull (page);
  g_assert_true (has_label (page, "No timestamp authority"));
  entry = find_type (page, ADW_TYPE_ENTRY_ROW);
  /* Not an address: refused. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "tsa.example");
  g_signal_emit_by_name (entry, "apply");
  urls = g_settings_get_strv (settings, "tsa-urls");
  g_assert_cmpuint (g_strv_length (urls), ==, 0);
  g_clear_pointer (&urls, g_strfreev);
  gtk_editable_set_text (GTK_EDITABLE (entry), svc.tsa_url);
  g_signal_emit_by_name (entry, "apply");
  urls = g_settings_get_strv (settings, "tsa-urls");
  g_assert_cmpuint (g_strv_length (urls), ==, 1);
  g_assert_cmpstr (urls[0], ==, svc.tsa_url);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_type (page, ADW_TYPE_COMBO_ROW)), 1);
  g_assert_cmpint (g_settings_get_enum (settings, "signature-level"), ==, 1);

  /* One that never answers (the discard port refuses), added second and
   * moved first: signing falls back to the next. */
  gtk_editable_set_text (GTK_EDITABLE (entry), DEAD_TSA);
  g_signal_emit_by_name (entry, "apply");
  g_signal_emit_by_name (row_button (page, DEAD_TSA, "Ask Earlier"), "clicked");
  g_clear_pointer (&urls, g_strfreev);
  urls = g_settings_get_strv (settings, "tsa-urls");
  g_assert_cmpuint (g_strv_length (urls), ==, 2);
  g_assert_cmpstr (urls[0], ==, DEAD_TSA);
  g_assert_cmpstr (urls[1], ==, svc.tsa_url);

  /* "Test" asks one: the answer is in its row. */
  g_signal_emit_by_name (row_button (page, svc.tsa_url, "_Test"), "clicked");
  row_wait = (RowWait){ page, svc.tsa_url, "It answered with a valid timestamp." };
  g_assert_true (app_test_wait_until (label_shown_in_row, &row_wait, WAIT_SECONDS));
  g_signal_emit_by_name (row_button (page, DEAD_TSA, "_Test"), "clicked");
  row_wait = (RowWait){ page, DEAD_TSA, "It did not give a usable timestamp" };
  g_assert_true (app_test_wait_until (label_shown_in_row, &row_wait, WAIT_SECONDS));

  /* Signed with the TSA there: B-T, valid for pdfsig too. */
  stamped = sign_in_dialog (window, &svc, "tsa-stamped.pdf");
  levels = verified_levels (stamped, svc.ca);
  g_assert_cmpstr (levels, ==, "B-T");
  g_clear_pointer (&levels, g_free);
  assert_pdfsig_says_valid (stamped);

  /* At B-LTA: validation data and a document timestamp at once. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_type (page, ADW_TYPE_COMBO_ROW)), 3);
  g_assert_cmpint (g_settings_get_enum (settings, "signature-level"), ==, 3);
  archived = sign_in_dialog (window, &svc, "tsa-archived.pdf");
  levels = verified_levels (archived, svc.ca);
  g_assert_cmpstr (levels, ==, "B-LTA timestamp");
  g_clear_pointer (&levels, g_free);
  assert_pdfsig_says_valid (archived);

  /* The dead one removed. */
  g_signal_emit_by_name (row_button (page, DEAD_TSA, "Remove"), "clicked");
  g_clear_pointer (&urls, g_strfreev);
  urls = g_settings_get_strv (settings, "tsa-urls");
  g_assert_cmpuint (g_strv_length (urls), ==, 1);
  g_assert_cmpstr (urls[0], ==, svc.tsa_url);
  g_assert_null (row_of (page, DEAD_TSA));
  g_assert_true (app_test_wait_until (nothing_pending, extender, WAIT_SECONDS));

  /* The TSA gone: B-B, queued, a toast says so, the page lists it. */
  services_command (&svc, "stop-tsa");
  deferred = sign_in_dialog (window, &svc, "tsa-deferred.pdf");
  levels = verified_levels (deferred, svc.ca);
  g_assert_cmpstr (levels, ==, "B-B");
  g_clear_pointer (&levels, g_free);
  wait = (LabelWait){ GTK_WIDGET (window), "No timestamp authority answered" };
  g_assert_true (app_test_wait_until (label_shown, &wait, WAIT_SECONDS));
  g_assert_true (app_test_wait_until (one_pending, extender, WAIT_SECONDS));
  g_assert_cmpstr (
    ((SdPendingDocument *) sealdesk_timestamp_extender_get_pending (extender)->pdata[0])->path, ==,
    deferred);
  deferred_name = g_path_get_basename (deferred);
  wait = (LabelWait){ page, deferred_name };
  g_assert_true (app_test_wait_until (label_shown, &wait, WAIT_SECONDS));

  /* Another one, taken off the queue on its row: it stays B-B. */
  forgotten = sign_in_dialog (window, &svc, "tsa-forgotten.pdf");
  g_assert_true (app_test_wait_until (two_pending, extender, WAIT_SECONDS));
  forgotten_name = g_path_get_basename (forgotten);
  wait = (LabelWait){ page, forgotten_name };
  g_assert_true (app_test_wait_until (label_shown, &wait, WAIT_SECONDS));
  g_signal_emit_by_name (row_button (page, forgotten_name, "Stop Waiting for a Timestamp"),
                         "clicked");
  g_assert_true (app_test_wait_until (one_pending, extender, WAIT_SECONDS));
  g_assert_cmpstr (
    ((SdPendingDocument *) sealdesk_timestamp_extender_get_pending (extender)->pdata[0])->path, ==,
    deferred);
  g_assert_null (row_of (page, forgotten_name));

  /* Still no TSA: the extender retries on its own, and fails; so does
   * "Retry Now". */
  g_assert_true (app_test_wait_until (retried_and_failed, extender, WAIT_SECONDS));
  wait = (LabelWait) { page, "The last try did not go through" };
  g_assert_true (app_test_wait_until (label_shown, &wait, WAIT_SECONDS));
  button = find_button (page, "_Retry Now");
  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (widget_sensitive, button, WAIT_SECONDS));
  passes = sealdesk_timestamp_extender_get_passes (extender);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (app_test_wait_until (passed_since, &passes, WAIT_SECONDS));
  g_assert_true (one_pending (extender));

  /* The TSA back: nobody presses anything, the next retry makes it B-LTA. */
  services_command (&svc, "start-tsa");
  g_assert_true (app_test_wait_until (nothing_pending, extender, WAIT_SECONDS * 3));
  g_assert_null (sealdesk_timestamp_extender_get_error (extender));
  wait = (LabelWait){ page, "No document is waiting for a timestamp" };
  g_assert_true (app_test_wait_until (label_shown, &wait, WAIT_SECONDS));
  g_assert_false (has_label (page, deferred_name));
  levels = verified_levels (deferred, svc.ca);
  g_assert_cmpstr (levels, ==, "B-LTA timestamp");
  g_clear_pointer (&levels, g_free);
  levels = verified_levels (forgotten, svc.ca);
  g_assert_cmpstr (levels, ==, "B-B");
  assert_pdfsig_says_valid (deferred);

  /* The ledger has both times. */
  {
    g_autofree char *program = sd_test_built_program ("src/cli/sealdesk-cli");
    const char      *argv[] = { program, "ledger", "list", "--json", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"timestamp-added\""));
    g_assert_nonnull (strstr (out, "\"timestamped_at\""));
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_settings_reset (settings, "tsa-urls");
  g_settings_reset (settings, "signature-level");
  g_object_set (extender, "first-retry", 30, "last-retry", 1800, NULL);
  close_all_windows ();
  services_stop (&svc);
}

void
add_timestamps_tests (void)
{
  g_test_add_func ("/app/timestamps/trusted-time", test_trusted_time);
}
