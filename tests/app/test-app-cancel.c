/* test-app-cancel.c: a signing under way stopped by the person
 *
 * /app/cancel/single  a 256 MB document (made here) with a seal placed,
 *                     signed from the window's Sign dialog with the
 *                     SoftHSM2 token's key: once the progress bar moves,
 *                     "Cancel Signing" is clicked (a real pointer click,
 *                     xdotool); then again with Escape. Each time the
 *                     dialog says it was cancelled (and a toast), its
 *                     folder holds the original alone (no NAME-signed.pdf,
 *                     no temporary file), the original's bytes and the
 *                     ledger are unchanged, and the dialog is usable: a
 *                     third Sign goes through, valid in pdfsig, with its
 *                     ledger entries.
 * /app/cancel/batch   "Sign Several Documents…" with three documents, the
 *                     second of them large: "Cancel Signing" clicked (with
 *                     the pointer) while the second is being signed. The first stays signed
 *                     (valid, in the ledger), the other two are not (no
 *                     file, their rows say so), and the result counts
 *                     them: "Signed 1 document; cancelled the rest."
 *
 * No timing is asserted: the large document only makes the signing last
 * long enough for a click to land in the middle of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sd-ledger.h"
#include "sd-test-util.h"
#include "sealdesk-batch-sign-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

/* Large enough that a click lands well before the end of its signing,
 * on a loaded machine too. */
#define BIG_STREAM (256 * 1024 * 1024)
#define CANCEL_LABEL "Cancel Si_gning"

/* A one-page PDF with @size bytes of zeros in a stream that no page uses:
 * as large to sign as a scan, quick to show, and quick to make (the zeros
 * are a hole of the file). */
static void
write_big_pdf (const char *path,
               gsize       size)
{
  g_autoptr(GString) head = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GString) tail = g_string_new (NULL);
  goffset offsets[6];
  goffset xref;
  FILE *f;

  offsets[1] = head->len;
  g_string_append (head, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = head->len;
  g_string_append (head, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = head->len;
  g_string_append (head, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         "/Contents 4 0 R >>\nendobj\n");
  offsets[4] = head->len;
  g_string_append (head, "4 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n");
  offsets[5] = head->len;
  g_string_append_printf (head, "5 0 obj\n<< /Length %lu >>\nstream\n", (unsigned long) size);
  xref = head->len + size;
  g_string_append (tail, "\nendstream\nendobj\n");
  xref += tail->len;
  g_string_append (tail, "xref\n0 6\n0000000000 65535 f \n");
  for (int i = 1; i <= 5; i++)
    g_string_append_printf (tail, "%010lld 00000 n \n", (long long) offsets[i]);
  g_string_append_printf (tail, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%lld\n%%%%EOF\n",
                          (long long) xref);
  f = fopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (head->str, 1, head->len, f), ==, head->len);
  g_assert_cmpint (fseeko (f, (off_t) size, SEEK_CUR), ==, 0);
  g_assert_cmpuint (fwrite (tail->str, 1, tail->len, f), ==, tail->len);
  g_assert_cmpint (fclose (f), ==, 0);
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (mapped);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static char *
make_folder (const char *name)
{
  char *dir = g_build_filename (home_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static gint64
ledger_size (void)
{
  SdLedger *ledger = sd_workspace_get_ledger (sealdesk_application_get_workspace (app));
  g_autoptr(GError) error = NULL;
  gint64 size = sd_ledger_get_size (ledger, &error);

  g_assert_no_error (error);
  return size;
}
static SealdeskWindow *
open_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS * 3));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  return window;
}

static void
place_seal (SealdeskWindow *window,
            const char     *seal_id)
{
  g_autoptr(SealdeskPlacement) placement = NULL;
  g_autoptr(GError) error = NULL;

  placement = _sealdesk_window_place_seal (window, seal_id, 0, 200, 200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (placement);
}

/* The signing's progress bar has moved past @data (a double), and the
 * Cancel Signing beside it can be clicked. */
typedef struct
{
  GtkWidget *dialog;
  double     past;
} Moved;

static gboolean
progress_moved (gpointer data)
{
  Moved *moved = data;
  GtkWidget *bar, *cancel;

  /* The dialog went away (the signing ended first): stop waiting, the
   * caller fails saying so. */
  if (moved->dialog == NULL)
    return TRUE;
  bar = find_type (moved->dialog, GTK_TYPE_PROGRESS_BAR);
  cancel = find_button (moved->dialog, CANCEL_LABEL);
  return bar != NULL && gtk_widget_get_mapped (bar) && cancel != NULL &&
         gtk_widget_get_mapped (cancel) && gtk_widget_is_sensitive (cancel) &&
         gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > moved->past;
}

/* Waits until the progress bar of @dialog is past @past, the dialog still
 * there (watched, not assumed: a dialog that closed is not read). */
static void
wait_progress_moved (GtkWidget *dialog,
                     double     past)
{
  Moved moved = { dialog, past };

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &moved.dialog);
  g_assert_true (app_test_wait_until (progress_moved, &moved, WAIT_SECONDS * 3));
  g_assert_nonnull (moved.dialog);
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &moved.dialog);
}

static gboolean
sign_dialog_idle (gpointer data)
{
  return !sealdesk_sign_dialog_get_busy (data);
}

static gboolean
batch_dialog_idle (gpointer data)
{
  return !sealdesk_batch_sign_dialog_get_busy (data);
}

/* How many labels under @root show exactly @text (the status, and the
 * toast's title while it is shown). */
static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
            g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);
  return n;
}

static gboolean
signed_once (gpointer data)
{
  return *(guint *) data == 1;
}

static void
on_signed (GtkWidget *dialog,
           GFile     *output,
           guint     *n_signed)
{
  (*n_signed)++;
}

static gboolean
insensitive (gpointer data)
{
  return !gtk_widget_is_sensitive (data);
}

/* Clicks Cancel Signing with the pointer, or presses Escape (@escape);
 * either is taken at once: the button goes insensitive and the bar says
 * "Cancelling…", stopped where the signing was. */
static void
stop_signing (GtkWidget *dialog,
              gboolean   escape)
{
  GtkWidget *button = find_button (dialog, CANCEL_LABEL);
  GtkProgressBar *bar = GTK_PROGRESS_BAR (find_type (dialog, GTK_TYPE_PROGRESS_BAR));

  if (escape)
    {
      app_test_focus_window (dialog);
      app_test_xdotool ("key Escape");
    }
  else
    app_test_click (button);
  g_assert_true (app_test_wait_until (insensitive, button, WAIT_SECONDS));
  g_test_message ("cancelled at %.3f: %s", gtk_progress_bar_get_fraction (bar),
                  gtk_progress_bar_get_text (bar));
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "Cancelling…");
}

/* Starts signing into @output and waits until the signing of the
 * document is under way. */
static void
sign_until_under_way (GtkWidget *dialog,
                      GFile     *output)
{
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), output);
  g_assert_true (sealdesk_sign_dialog_get_busy (SEALDESK_SIGN_DIALOG (dialog)));
  answer_token_pin ();
  wait_progress_moved (dialog, 0.02);
}

/* Nothing came of the signing stopped: said (in the status and a toast),
 * no file beside the original, which is as it was, and no ledger entry. */
static void
assert_cancelled (GtkWidget  *dialog,
                  const char *dir,
                  const char *path,
                  const char *sha_before,
                  gint64      ledger_before)
{
  g_autofree char *names = NULL;
  g_autofree char *sha_after = NULL;
  g_autofree char *base = g_path_get_basename (path);

  g_assert_true (app_test_wait_until (sign_dialog_idle, dialog, WAIT_SECONDS * 3));
  app_test_iterate (50);
  g_assert_cmpuint (count_labels (dialog, "Signing was cancelled; nothing was saved."), >=, 2);
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, base);
  sha_after = file_sha256 (path);
  g_assert_cmpstr (sha_after, ==, sha_before);
  g_assert_cmpint (ledger_size (), ==, ledger_before);
  /* Usable again: the choices are unlocked, Sign… can be pressed. */
  g_assert_true (gtk_widget_is_sensitive (find_button (dialog, "_Sign…")));
  g_assert_false (gtk_widget_get_mapped (find_type (dialog, GTK_TYPE_PROGRESS_BAR)));
}

static void
test_cancel_single (void)
{
  g_autofree char *dir = make_folder ("cancel-single");
  g_autofree char *path = g_build_filename (dir, "large.pdf", NULL);
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *sha_before = NULL;
  g_autofree char *output_path = NULL;
  g_autoptr(GFile) output = NULL;
  SealdeskWindow *window;
  GtkWidget *dialog;
  gint64 ledger_before;
  guint n_signed = 0;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  seal_id = make_round_seal ("Cancel seal", key_uri);
  write_big_pdf (path, BIG_STREAM);
  sha_before = file_sha256 (path);
  ledger_before = ledger_size ();

  window = open_document (path);
  place_seal (window, seal_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  dialog = window->sign_dialog;
  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "signed", G_CALLBACK (on_signed), &n_signed);
  g_object_set (dialog, "key-id", key_uri, NULL);
  g_assert_true (app_test_wait_until (widget_sensitive, find_button (dialog, "_Sign…"), WAIT_SECONDS));
  output = sealdesk_sign_dialog_default_output (sealdesk_window_get_file (window));
  output_path = g_file_get_path (output);

  /* Cancel Signing, clicked with the pointer, in the middle of it. */
  sign_until_under_way (dialog, output);
  stop_signing (dialog, FALSE);
  assert_cancelled (dialog, dir, path, sha_before, ledger_before);
  g_assert_cmpuint (n_signed, ==, 0);

  /* Escape does the same. */
  sign_until_under_way (dialog, output);
  stop_signing (dialog, TRUE);
  assert_cancelled (dialog, dir, path, sha_before, ledger_before);
  g_assert_cmpuint (n_signed, ==, 0);
  /* The dialog is still there, with the document's seal. */
  g_assert_true (window->sign_dialog == dialog);
  g_assert_true (gtk_widget_get_visible (dialog));

  /* Signing to the end works after both. */
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (dialog), output);
  answer_token_pin ();
  g_assert_true (app_test_wait_until (signed_once, &n_signed, WAIT_SECONDS * 6));
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS * 3));
  assert_pdfsig_valid (output_path, 1);
  {
    g_autofree char *sha_after = file_sha256 (path);

    g_assert_cmpstr (sha_after, ==, sha_before);
  }
  /* The seal's use and the key's: recorded once. */
  g_assert_cmpint (ledger_size (), ==, ledger_before + 2);
  assert_ledger_valid ();

  close_window (window);
  g_unlink (output_path);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_cancel_batch (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *dir = make_folder ("cancel-batch");
  g_autofree char *shown = g_build_filename (dir, "shown.pdf", NULL);
  g_autofree char *first = g_build_filename (dir, "first.pdf", NULL);
  g_autofree char *second = g_build_filename (dir, "second.pdf", NULL);
  g_autofree char *third = g_build_filename (dir, "third.pdf", NULL);
  g_autofree char *first_out = g_build_filename (dir, "first-signed.pdf", NULL);
  g_autofree char *key_uri = NULL;
  g_autofree char *names = NULL;
  g_autofree char *sha_second = NULL;
  g_autofree char *sha_third = NULL;
  const char *paths[] = { first, second, third, NULL };
  const char *message = NULL;
  SealdeskBatchSignDialog *dialog;
  SealdeskWindow *window;
  gint64 ledger_before;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  {
    g_autoptr(GFile) to_shown = g_file_new_for_path (shown);
    g_autoptr(GFile) to_first = g_file_new_for_path (first);
    g_autoptr(GFile) to_third = g_file_new_for_path (third);
    g_autoptr(GError) error = NULL;

    g_file_copy (sample, to_shown, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);

    g_file_copy (sample, to_first, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_file_copy (sample, to_third, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  write_big_pdf (second, BIG_STREAM);
  sha_second = file_sha256 (second);
  sha_third = file_sha256 (third);
  ledger_before = ledger_size ();

  /* Three files added to the list, in this order; the window's own
   * document is left out (not ticked), so that no window reloads a
   * signed copy while the batch runs. */
  window = open_document (shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-batch", NULL));
  dialog = SEALDESK_BATCH_SIGN_DIALOG (window->batch_dialog);
  g_assert_nonnull (dialog);
  g_object_set (dialog, "key-id", key_uri, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      sealdesk_batch_sign_dialog_add_file (dialog, file);
    }
  batch_tick_only (dialog, paths);
  g_assert_cmpuint (batch_document_index (dialog, first), <, batch_document_index (dialog, second));
  g_assert_cmpuint (batch_document_index (dialog, second), <, batch_document_index (dialog, third));
  g_assert_true (app_test_wait_until (widget_sensitive, find_button (GTK_WIDGET (dialog), "_Sign All"),
                                      WAIT_SECONDS));

  sealdesk_batch_sign_dialog_sign (dialog);
  answer_token_pin ();
  /* The bar covers the batch: past a third, the second document is being
   * signed, the first is done. */
  wait_progress_moved (GTK_WIDGET (dialog), 1.0 / 3 + 0.005);
  g_assert_cmpint (batch_document_state (dialog, first, NULL), ==, SEALDESK_BATCH_DOCUMENT_SIGNED);
  g_test_message ("progress %.3f, second document: %d",
                  gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (find_type (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR))),
                  batch_document_state (dialog, second, NULL));
  stop_signing (GTK_WIDGET (dialog), FALSE);
  g_assert_true (app_test_wait_until (batch_dialog_idle, dialog, WAIT_SECONDS * 3));
  app_test_iterate (50);

  /* The first stays signed, the others are not, and each row says so. */
  g_assert_cmpint (batch_document_state (dialog, first, &message), ==, SEALDESK_BATCH_DOCUMENT_SIGNED);
  g_test_message ("%s: %s", first, message);
  assert_pdfsig_valid (first_out, 1);
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpint (batch_document_state (dialog, paths[i], &message), ==, SEALDESK_BATCH_DOCUMENT_FAILED);
      g_test_message ("%s: %s", paths[i], message);
      g_assert_cmpstr (message, ==, "Not signed: the signing was cancelled.");
    }
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "first-signed.pdf first.pdf second.pdf shown.pdf third.pdf");
  {
    g_autofree char *sha = file_sha256 (second);

    g_assert_cmpstr (sha, ==, sha_second);
    g_free (sha);
    sha = file_sha256 (third);
    g_assert_cmpstr (sha, ==, sha_third);
  }
  /* One key-use entry: the first document's. */
  g_assert_cmpint (ledger_size (), ==, ledger_before + 1);
  assert_ledger_valid ();
  /* Counted, in the status and in a toast. */
  g_assert_cmpuint (count_labels (GTK_WIDGET (dialog), "Signed 1 document; cancelled the rest."), >=, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_all_windows ();
  for (guint i = 0; paths[i] != NULL; i++)
    g_unlink (paths[i]);
  g_unlink (first_out);
  g_unlink (shown);
  g_rmdir (dir);
}

void
add_cancel_tests (void)
{
  g_test_add_func ("/app/cancel/single", test_cancel_single);
  g_test_add_func ("/app/cancel/batch", test_cancel_batch);
}
