/* test-app-batch.c: several documents signed with one PIN; a large scan stays responsive
 *
 * /app/batch/sign        two open documents with seals placed and a file
 *                        that is not open, signed from "Sign Several
 *                        Documents…" with the SoftHSM2 token's key: one PIN
 *                        prompt, each output NAME-signed.pdf beside its
 *                        original and valid in pdfsig, the originals
 *                        untouched, the windows showing their signed
 *                        copies; an existing NAME-signed.pdf is neither
 *                        overwritten nor fatal to the others.
 * /app/batch/cancel      Cancel at the PIN prompt: nothing is written.
 * /app/batch/large-file  a ~60 MB scanned PDF (bench/make-scanned-pdf)
 *                        opened, then signed: the first page is shown and
 *                        the main loop never stalls for 2 s; the longest
 *                        gaps between frames and between main-loop
 *                        iterations are printed (not asserted finely).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "keys-test-token.h"
#include "sealdesk-batch-sign-dialog.h"
#include "sealdesk-sign-dialog.h"
#include "test-app.h"

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
}

static SealdeskWindow *
open_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SealdeskWindow *window = open_window (file);

  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  return window;
}

static void
place_seal (SealdeskWindow *window,
            const char     *seal_id,
            guint           page)
{
  g_autoptr(SealdeskPlacement) placement = NULL;
  g_autoptr(GError) error = NULL;

  placement = _sealdesk_window_place_seal (window, seal_id, page, 200, 200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (placement);
}

/* Ticks only the documents of @paths in @dialog's list (earlier tests may
 * have left windows open). */
void
batch_tick_only (SealdeskBatchSignDialog *dialog,
           const char * const      *paths)
{
  for (guint i = 0; i < sealdesk_batch_sign_dialog_get_n_documents (dialog); i++)
    {
      GFile *file = NULL;
      g_autofree char *path = NULL;

      sealdesk_batch_sign_dialog_get_document (dialog, i, &file, NULL, NULL);
      path = g_file_get_path (file);
      sealdesk_batch_sign_dialog_set_included (dialog, i, g_strv_contains (paths, path));
    }
}

/* The index of @path in @dialog's list. */
guint
batch_document_index (SealdeskBatchSignDialog *dialog,
                const char              *path)
{
  for (guint i = 0; i < sealdesk_batch_sign_dialog_get_n_documents (dialog); i++)
    {
      GFile *file = NULL;
      g_autofree char *p = NULL;

      sealdesk_batch_sign_dialog_get_document (dialog, i, &file, NULL, NULL);
      p = g_file_get_path (file);
      if (g_strcmp0 (p, path) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* The state of @path in @dialog's list, and its message. */
SealdeskBatchDocumentState
batch_document_state (SealdeskBatchSignDialog *dialog,
                      const char              *path,
                      const char             **message)
{
  return sealdesk_batch_sign_dialog_get_document (dialog, batch_document_index (dialog, path), NULL, NULL,
                                                  message);
}

typedef struct
{
  SealdeskBatchSignDialog *dialog;
  GPtrArray               *prompts;   /* every PIN dialog seen (weak: compared only) */
  const char              *answer;    /* "unlock" or "cancel" */
} Batch;

/* Answers each PIN prompt, counting them, until the batch is done. */
static gboolean
batch_finished (gpointer data)
{
  Batch *batch = data;
  GtkWidget *pin = shown_pin_dialog ();

  if (pin != NULL && gtk_widget_get_sensitive (pin) && !g_ptr_array_find (batch->prompts, pin, NULL))
    {
      g_ptr_array_add (batch->prompts, pin);
      if (g_str_equal (batch->answer, "unlock"))
        unlock_pin_dialog (pin);
      else
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (pin), batch->answer);
    }
  return batch->prompts->len > 0 && !sealdesk_batch_sign_dialog_get_busy (batch->dialog);
}

static SealdeskBatchSignDialog *
open_batch_dialog (SealdeskWindow *window,
                   const char     *key_uri)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-batch", NULL));
  dialog = window->batch_dialog;
  g_assert_true (SEALDESK_IS_BATCH_SIGN_DIALOG (dialog));
  g_object_set (dialog, "key-id", key_uri, NULL);
  return SEALDESK_BATCH_SIGN_DIALOG (dialog);
}

static void
run_batch (SealdeskBatchSignDialog *dialog,
           const char              *answer,
           guint                    expected_prompts)
{
  g_autoptr(GPtrArray) prompts = g_ptr_array_new ();
  Batch batch = { dialog, prompts, answer };
  GtkWidget *button = find_button (GTK_WIDGET (dialog), "_Sign All");

  g_assert_nonnull (button);
  g_assert_true (app_test_wait_until (widget_sensitive, button, WAIT_SECONDS));
  sealdesk_batch_sign_dialog_sign (dialog);
  g_assert_true (sealdesk_batch_sign_dialog_get_busy (dialog));
  g_assert_true (app_test_wait_until (batch_finished, &batch, WAIT_SECONDS * 3));
  /* One login for the whole batch. */
  g_assert_cmpuint (prompts->len, ==, expected_prompts);
}

static void
assert_signed (SealdeskBatchSignDialog *dialog,
               const char              *path,
               const char              *sha_before)
{
  guint index = batch_document_index (dialog, path);
  GFile *output = NULL;
  const char *message = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *sha_after = file_sha256 (path);
  g_autofree char *stem = g_strndup (path, strlen (path) - 4);
  g_autofree char *expected = g_strconcat (stem, "-signed.pdf", NULL);

  g_assert_cmpint (sealdesk_batch_sign_dialog_get_document (dialog, index, NULL, &output, &message), ==,
                   SEALDESK_BATCH_DOCUMENT_SIGNED);
  g_test_message ("%s: %s", path, message);
  output_path = g_file_get_path (output);
  g_assert_cmpstr (output_path, ==, expected);
  assert_pdfsig_valid (output_path, 1);
  /* The original is as it was. */
  g_assert_cmpstr (sha_after, ==, sha_before);
}

static gboolean
shows_file (gpointer data)
{
  SealdeskWindow *window = ((gpointer *) data)[0];
  const char *basename = ((gpointer *) data)[1];
  GFile *file = sealdesk_window_get_file (window);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, basename) == 0 && sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_DOCUMENT;
}

static void
test_batch_sign (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *key_uri = NULL;
  g_autofree char *seal_id = NULL;
  g_autofree char *one = copy_to_home (sample, "batch-one.pdf");
  g_autofree char *two = copy_to_home (sample, "batch-two.pdf");
  g_autofree char *three = copy_to_home (sample, "batch-three.pdf");
  g_autofree char *four = copy_to_home (sample, "batch-four.pdf");
  g_autofree char *four_taken = write_file ("batch-four-signed.pdf", "not to be overwritten");
  g_autofree char *sha_one = file_sha256 (one);
  g_autofree char *sha_two = file_sha256 (two);
  g_autofree char *sha_three = file_sha256 (three);
  g_autofree char *sha_four = file_sha256 (four);
  const char *paths[] = { one, two, three, four, NULL };
  SealdeskBatchSignDialog *dialog;
  SealdeskWindow *w_one, *w_two;
  const char *message = NULL;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_nonnull (key_uri);
  seal_id = make_round_seal ("Batch seal", key_uri);

  w_one = open_document (one);
  w_two = open_document (two);
  place_seal (w_one, seal_id, 0);
  place_seal (w_two, seal_id, 0);
  place_seal (w_two, seal_id, 1);

  /* The open documents are listed, this window's first; files that are
   * not open can be added. */
  dialog = open_batch_dialog (w_two, key_uri);
  g_assert_cmpuint (batch_document_index (dialog, two), ==, 0);
  batch_document_index (dialog, one);
  {
    g_autoptr(GFile) f3 = g_file_new_for_path (three);
    g_autoptr(GFile) f4 = g_file_new_for_path (four);

    sealdesk_batch_sign_dialog_add_file (dialog, f3);
    sealdesk_batch_sign_dialog_add_file (dialog, f4);
    /* Listed once. */
    sealdesk_batch_sign_dialog_add_file (dialog, f3);
  }
  batch_tick_only (dialog, paths);

  run_batch (dialog, "unlock", 1);

  assert_signed (dialog, one, sha_one);
  assert_signed (dialog, two, sha_two);
  assert_signed (dialog, three, sha_three);
  /* NAME-signed.pdf was there already: left alone, said so. */
  g_assert_cmpint (sealdesk_batch_sign_dialog_get_document (dialog, batch_document_index (dialog, four), NULL, NULL,
                                                            &message), ==, SEALDESK_BATCH_DOCUMENT_FAILED);
  g_test_message ("%s: %s", four, message);
  g_assert_nonnull (strstr (message, "batch-four-signed.pdf"));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (four_taken, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "not to be overwritten");
    g_autofree char *sha_after = file_sha256 (four);
    g_assert_cmpstr (sha_after, ==, sha_four);
  }

  /* The windows show their signed copies; nothing is left unsigned. */
  {
    gpointer wait_one[] = { w_one, "batch-one-signed.pdf" };
    gpointer wait_two[] = { w_two, "batch-two-signed.pdf" };

    g_assert_true (app_test_wait_until (shows_file, wait_one, WAIT_SECONDS));
    g_assert_true (app_test_wait_until (shows_file, wait_two, WAIT_SECONDS));
    g_assert_false (sealdesk_session_get_modified (sealdesk_window_get_session (w_one)));
    g_assert_false (sealdesk_session_get_modified (sealdesk_window_get_session (w_two)));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (w_one);
  close_window (w_two);
}

static void
test_batch_cancel (void)
{
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *key_uri = NULL;
  g_autofree char *five = copy_to_home (sample, "batch-five.pdf");
  g_autofree char *six = copy_to_home (sample, "batch-six.pdf");
  g_autofree char *five_out = g_build_filename (home_dir, "batch-five-signed.pdf", NULL);
  g_autofree char *six_out = g_build_filename (home_dir, "batch-six-signed.pdf", NULL);
  const char *paths[] = { five, six, NULL };
  SealdeskBatchSignDialog *dialog;
  SealdeskWindow *window;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  window = open_document (five);
  dialog = open_batch_dialog (window, key_uri);
  {
    g_autoptr(GFile) f6 = g_file_new_for_path (six);

    sealdesk_batch_sign_dialog_add_file (dialog, f6);
  }
  batch_tick_only (dialog, paths);

  run_batch (dialog, "cancel", 1);
  for (guint i = 0; paths[i] != NULL; i++)
    g_assert_cmpint (sealdesk_batch_sign_dialog_get_document (dialog, batch_document_index (dialog, paths[i]),
                                                              NULL, NULL, NULL),
                     !=, SEALDESK_BATCH_DOCUMENT_SIGNED);
  g_assert_false (g_file_test (five_out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (six_out, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
}

/* A large scan: the main loop keeps running */

typedef struct
{
  gint64 last_frame;     /* frame clock time, µs */
  gint64 max_frame_gap;
  gint64 last_beat;      /* monotonic time of the last main-loop beat */
  gint64 max_beat_gap;
  guint  n_frames;       /* drawn while signing */
  guint  beat_source;
  guint  tick_id;
} Gaps;

static gboolean
frame_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  Gaps *gaps = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (gaps->last_frame != 0)
    gaps->max_frame_gap = MAX (gaps->max_frame_gap, now - gaps->last_frame);
  gaps->last_frame = now;
  gaps->n_frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
beat (gpointer data)
{
  Gaps *gaps = data;
  gint64 now = g_get_monotonic_time ();

  gaps->max_beat_gap = MAX (gaps->max_beat_gap, now - gaps->last_beat);
  gaps->last_beat = now;
  return G_SOURCE_CONTINUE;
}

static void
gaps_start (Gaps      *gaps,
            GtkWidget *widget)
{
  memset (gaps, 0, sizeof *gaps);
  gaps->last_beat = g_get_monotonic_time ();
  gaps->beat_source = g_timeout_add (10, beat, gaps);
  gaps->tick_id = gtk_widget_add_tick_callback (widget, frame_tick, gaps, NULL);
}

static void
gaps_stop (Gaps       *gaps,
           GtkWidget  *widget,
           const char *what)
{
  beat (gaps);
  g_clear_handle_id (&gaps->beat_source, g_source_remove);
  gtk_widget_remove_tick_callback (widget, gaps->tick_id);
  /* Printed for the record: bench/ compares the figures; a test asserts
   * no timing. What it asserts is that the main loop ran while signing
   * (frames were drawn), which a signing on the main thread would not
   * allow. */
  g_test_message ("%s: longest gap between frames %.1f ms, between main-loop iterations %.1f ms, "
                  "%u frames",
                  what, gaps->max_frame_gap / 1000.0, gaps->max_beat_gap / 1000.0, gaps->n_frames);
  g_assert_cmpuint (gaps->n_frames, >, 1);
}

static gboolean
signed_and_shown (gpointer data)
{
  SealdeskWindow *window = data;
  GFile *file = sealdesk_window_get_file (window);
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  return g_strcmp0 (name, "large-scan-signed.pdf") == 0 &&
         sealdesk_window_get_state (window) == SEALDESK_WINDOW_STATE_DOCUMENT &&
         window->sign_dialog == NULL;
}

static void
test_large_file (void)
{
  g_autofree char *path = g_build_filename (home_dir, "large-scan.pdf", NULL);
  g_autofree char *maker = g_build_filename (g_getenv ("SD_TEST_BUILDDIR"), "bench", "make-scanned-pdf", NULL);
  g_autofree char *key_uri = NULL;
  g_autofree char *sha_before = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { maker, path, "60", NULL };
  SealdeskWindow *window;
  GStatBuf st;
  Gaps gaps;
  int status = 0;

  if (!keys_test_require_token ())
    return;
  key_uri = keys_test_token_key_uri ("rsa2048");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %.1f MB", path, st.st_size / 1e6);
  g_assert_cmpint (st.st_size, >, 55 * 1000 * 1000);
  sha_before = file_sha256 (path);

  /* Opening: the window keeps drawing frames while the scan loads and
   * its first page renders. */
  window = open_window (NULL);
  app_test_iterate (100);
  gaps_start (&gaps, GTK_WIDGET (window));
  sealdesk_window_open (window, file);
  g_assert_true (app_test_wait_until (window_not_loading, window, WAIT_SECONDS * 3));
  g_assert_cmpint (sealdesk_window_get_state (window), ==, SEALDESK_WINDOW_STATE_DOCUMENT);
  g_assert_true (app_test_wait_until (visible_pages_rendered, window, WAIT_SECONDS * 3));
  gaps_stop (&gaps, GTK_WIDGET (window), "opening 60 MB");

  /* Signing it (invisible signature, the token's key). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  g_assert_nonnull (window->sign_dialog);
  g_object_set (window->sign_dialog, "key-id", key_uri, NULL);
  g_assert_true (app_test_wait_until (widget_sensitive, find_button (window->sign_dialog, "_Sign…"), WAIT_SECONDS));
  output = sealdesk_sign_dialog_default_output (file);
  gaps_start (&gaps, GTK_WIDGET (window));
  sealdesk_sign_dialog_sign_to (SEALDESK_SIGN_DIALOG (window->sign_dialog), output);
  answer_token_pin ();
  g_assert_true (app_test_wait_until (signed_and_shown, window, WAIT_SECONDS * 6));
  gaps_stop (&gaps, GTK_WIDGET (window), "signing 60 MB");
  {
    g_autofree char *output_path = g_file_get_path (output);
    g_autofree char *sha_after = file_sha256 (path);

    assert_pdfsig_valid (output_path, 1);
    g_assert_cmpstr (sha_after, ==, sha_before);
    g_unlink (output_path);
  }

  close_window (window);
  g_unlink (path);
}

void
add_batch_tests (void)
{
  g_test_add_func ("/app/batch/sign", test_batch_sign);
  g_test_add_func ("/app/batch/cancel", test_batch_cancel);
  g_test_add_func ("/app/batch/large-file", test_large_file);
}
