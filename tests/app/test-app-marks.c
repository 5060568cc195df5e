/* test-app-marks.c: page marks in the application: "Check a Printout"
 *
 * The sample award is signed here with a QR verification code (the core
 * signer draws the mark), its last page rendered at 150 dpi as
 * a scan of the printout would be (pdftoppm), and the window checks that picture
 * against the open document: zbar reads it in a thread and a dialog says
 * whether the printout matches. A printout of another document, and a
 * picture without a code, do not match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-test-util.h"
#include "sd-key-p12.h"
#include "sd-marks-qr.h"
#include "sd-marks.h"
#include "sd-pdf-document.h"
#include "sd-signer.h"
#include "sd-test-util.h"
#include "test-app.h"

/* Signs @in with a QR code on its last page into @dir. */
static char *
sign_with_qr (const char *in,
              const char *dir)
{
  g_autofree char *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autofree char *basename = g_path_get_basename (in);
  g_autofree char *name = g_strconcat ("signed-", basename, NULL);
  char *out = g_build_filename (dir, name, NULL);
  g_autoptr(SdKey) key = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  SdSignOptions opts;
  SdMark *mark;

  key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
  g_assert_no_error (error);
  doc = sd_pdf_document_open (in, NULL, &error);
  g_assert_no_error (error);

  sd_sign_options_init (&opts);
  opts.signing_time = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
  mark = sd_mark_new (SD_MARK_QR, sd_pdf_document_get_n_pages (doc));
  mark->rect = (SdRect) { 28, 28, 72, 72 };
  mark->text = sd_qr_payload_new (in, sd_key_get_certificate (key), opts.signing_time, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (opts.marks, mark);
  sd_sign_document (in, out, key, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sd_sign_options_clear (&opts);
  return out;
}

/* The last page of @pdf at 150 dpi, as a PNG in @dir, by pdftoppm (as
 * the printouts are). */
static char *
render_last_page (const char *pdf,
                  const char *dir,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (pdf, NULL, &error);
  g_autofree char *last = NULL;
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  int status = -1;

  g_assert_no_error (error);
  last = g_strdup_printf ("%d", sd_pdf_document_get_n_pages (doc));
  {
    const char *argv[] = { "pdftoppm", "-r", "150", "-f", last, "-l", last, "-png", "-singlefile",
                           pdf, prefix, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strconcat (prefix, ".png", NULL);
}

static gboolean
verified (gpointer data)
{
  SealdeskWindow *window = data;

  return window->state == SEALDESK_WINDOW_STATE_DOCUMENT &&
         _sealdesk_window_verify_task (window) != NULL &&
         sealdesk_verify_task_get_status (_sealdesk_window_verify_task (window)) == SEALDESK_VERIFY_STATUS_DONE;
}

static gboolean
answered (gpointer data)
{
  SealdeskWindow *window = data;

  return window->printout_checks == 0 && window->printout_dialog != NULL;
}

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

/* Checks @image in @window; returns the answer's body, asserts its
 * heading. The dialog is closed. */
static char *
check (SealdeskWindow *window,
       const char     *image,
       const char     *heading)
{
  g_autoptr(GFile) file = g_file_new_for_path (image);
  AdwMessageDialog *dialog;
  char *body;

  if (window->printout_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (window->printout_dialog));
  g_assert_null (window->printout_dialog);
  _sealdesk_window_check_printout (window, file);
  /* The check runs in a thread: nothing has answered yet. */
  g_assert_null (window->printout_dialog);
  g_assert_true (app_test_wait_until (answered, window, WAIT_SECONDS));
  dialog = ADW_MESSAGE_DIALOG (window->printout_dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  body = g_strdup (adw_message_dialog_get_body (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  app_test_iterate (20);
  return body;
}

static void
test_check_printout (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *sample_path = g_file_get_path (sample);
  g_autofree char *signed_path = sign_with_qr (sample_path, dir);
  g_autofree char *other_in = sd_test_fixture_file ("xref-table.pdf");
  g_autofree char *other = sign_with_qr (other_in, dir);
  g_autofree char *scan = render_last_page (signed_path, dir, "scan");
  g_autofree char *other_scan = render_last_page (other, dir, "other");
  g_autofree char *blank = render_last_page (sample_path, dir, "blank");
  GFile *file = g_file_new_for_path (signed_path);
  g_autofree char *body = NULL;
  SealdeskWindow *window;
  GtkWidget *button;

  window = open_window (file);
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  app_test_iterate (50);

  /* The panel offers it, and so does the action. */
  button = find_actionable (GTK_WIDGET (window->signatures_panel), "win.check-printout");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  body = check (window, scan, "The Printout Matches");
  g_assert_nonnull (strstr (body, "signed-award.pdf"));
  g_clear_pointer (&body, g_free);

  body = check (window, other_scan, "The Printout Does Not Match");
  g_assert_nonnull (strstr (body, "another document"));
  g_clear_pointer (&body, g_free);

  body = check (window, blank, "The Printout Does Not Match");
  g_assert_nonnull (strstr (body, "No QR code"));
  g_clear_pointer (&body, g_free);

  close_window (window);

  /* An unsigned document has nothing to check a printout against. */
  g_object_unref (file);
  file = g_file_new_for_path (sample_path);
  window = open_window (file);
  g_assert_true (app_test_wait_until (verified, window, WAIT_SECONDS));
  app_test_iterate (50);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-printout", NULL);
  g_assert_null (window->printout_chooser);
  close_window (window);
  g_object_unref (file);
}

void
add_marks_tests (void)
{
  g_test_add_func ("/app/marks/check-printout", test_check_printout);
}
