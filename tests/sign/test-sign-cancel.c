/* test-sign-cancel.c: cancelling the sealing operation in the middle of
 * a large document, from another thread
 *
 * /sign/cancel/mid-document  sd_sealing_seal_document() on a 48 MB
 *   document is cancelled from the test's thread while the worker thread
 *   is at several points of copying and hashing it: each time the call
 *   fails with G_IO_ERROR_CANCELLED, the original's bytes are unchanged,
 *   and its folder holds nothing else (no signed copy, no temporary
 *   file); the ledger has no entry. Progress was seen advancing before
 *   each cancel, and none came after it (the copy stopped at once, not
 *   at the end of the document).
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "sd-key-p12.h"
#include "sd-ledger.h"
#include "sd-sealing.h"
#include "sd-test-util.h"
#include "sd-workspace.h"

#define BIG_STREAM (48 * 1024 * 1024)

/* A one-page PDF whose content stream is @size bytes of spaces. */
static void
write_big_pdf (const char *path, gsize size)
{
  g_autoptr (GString) head = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr (GString) tail = g_string_new (NULL);
  g_autofree char    *spaces = g_malloc (size);
  goffset             offsets[5];
  goffset             xref;
  FILE               *f;

  memset (spaces, ' ', size);
  offsets[1] = head->len;
  g_string_append (head, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = head->len;
  g_string_append (head, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = head->len;
  g_string_append (
    head,
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n");
  offsets[4] = head->len;
  g_string_append_printf (head, "4 0 obj\n<< /Length %lu >>\nstream\n", (unsigned long) size);
  xref = head->len + size;
  g_string_append (tail, "\nendstream\nendobj\n");
  xref += tail->len;
  g_string_append (tail, "xref\n0 5\n0000000000 65535 f \n");
  for (int i = 1; i <= 4; i++)
    g_string_append_printf (tail, "%010lld 00000 n \n", (long long) offsets[i]);
  g_string_append_printf (tail, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%lld\n%%%%EOF\n",
                          (long long) xref);
  f = fopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (head->str, 1, head->len, f), ==, head->len);
  g_assert_cmpuint (fwrite (spaces, 1, size, f), ==, size);
  g_assert_cmpuint (fwrite (tail->str, 1, tail->len, f), ==, tail->len);
  g_assert_cmpint (fclose (f), ==, 0);
}

typedef struct
{
  GMutex        mutex;
  GCond         cond;
  double        stop_at; /* the worker waits here for the cancel */
  double        last;    /* the last progress seen */
  guint         n_reports;
  guint         n_after_cancel; /* reports once cancelled: the work went on */
  gboolean      reached;
  GCancellable *cancellable;
} CancelPoint;

/* In the worker thread: at @stop_at, tell the test and wait until it
 * has cancelled. */
static void
on_progress (double fraction, gpointer data)
{
  CancelPoint *point = data;

  g_mutex_lock (&point->mutex);
  g_assert_cmpfloat (fraction, >=, point->last);
  point->last = fraction;
  point->n_reports++;
  if (point->reached)
    point->n_after_cancel++;
  if (!point->reached && fraction >= point->stop_at)
    {
      point->reached = TRUE;
      g_cond_broadcast (&point->cond);
      while (!g_cancellable_is_cancelled (point->cancellable))
        g_cond_wait (&point->cond, &point->mutex);
    }
  g_mutex_unlock (&point->mutex);
}

typedef struct
{
  SdWorkspace *workspace;
  SdKey       *key;
  const char  *in_path;
  const char  *out_path;
  CancelPoint *point;
  GError      *error;
  gboolean     ok;
} Job;

static gpointer
seal_thread (gpointer data)
{
  Job          *job = data;
  SdSignOptions opts;

  sd_sign_options_init (&opts);
  job->ok = sd_sealing_seal_document (job->workspace, job->in_path, job->out_path, job->key, &opts,
                                      NULL, 0, NULL, NULL, on_progress, job->point,
                                      job->point->cancellable, &job->error);
  sd_sign_options_clear (&opts);
  return NULL;
}

static guint
count_ledger (SdWorkspace *workspace)
{
  g_autoptr (GError)   error = NULL;
  g_autoptr (JsonNode) entries = sd_ledger_list (sd_workspace_get_ledger (workspace), 1, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (entries));
  return json_array_get_length (json_node_get_array (entries));
}

static void
test_cancel_mid_document (void)
{
  g_autofree char        *tmp = sd_test_make_tmpdir ();
  g_autofree char        *docs = g_build_filename (tmp, "docs", NULL);
  g_autofree char        *home = g_build_filename (tmp, "home", NULL);
  g_autofree char        *in_path = g_build_filename (docs, "big.pdf", NULL);
  g_autofree char        *out_path = g_build_filename (docs, "big-signed.pdf", NULL);
  g_autofree char        *p12 = sd_test_pki_file ("ec-p256.p12");
  g_autofree char        *before = NULL;
  g_autoptr (SdWorkspace) workspace = NULL;
  g_autoptr (SdKey)       key = NULL;
  g_autoptr (GError)      error = NULL;
  const double            points[] = { 0.02, 0.3, 0.6, 0.9 };
  guint                   n_entries;

  g_assert_cmpint (g_mkdir (docs, 0700), ==, 0);
  write_big_pdf (in_path, BIG_STREAM);
  before = sd_test_sha256_file (in_path);
  workspace = sd_workspace_open (home, &error);
  g_assert_no_error (error);
  key = sd_key_p12_open (p12, SD_TEST_PKI_PASSWORD, &error);
  g_assert_no_error (error);
  n_entries = count_ledger (workspace);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      CancelPoint      point = { 0 };
      Job              job = { workspace, key, in_path, out_path, &point, NULL, FALSE };
      g_autoptr (GDir) dir = NULL;
      g_autofree char *after = NULL;
      GThread         *thread;
      const char      *name;

      g_test_message ("cancel at %.2f", points[i]);
      g_mutex_init (&point.mutex);
      g_cond_init (&point.cond);
      point.stop_at = points[i];
      point.cancellable = g_cancellable_new ();
      thread = g_thread_new ("seal", seal_thread, &job);

      g_mutex_lock (&point.mutex);
      while (!point.reached)
        g_cond_wait (&point.cond, &point.mutex);
      /* Progress advanced through the document before this point. */
      g_assert_cmpuint (point.n_reports, >=, 2);
      g_assert_cmpfloat (point.last, >=, points[i]);
      g_assert_cmpfloat (point.last, <, 1.0);
      g_cancellable_cancel (point.cancellable);
      g_cond_broadcast (&point.cond);
      g_mutex_unlock (&point.mutex);
      g_thread_join (thread);

      /* Stopped where it was: no more of the document was copied. */
      g_assert_cmpuint (point.n_after_cancel, ==, 0);
      g_assert_false (job.ok);
      g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&job.error);
      after = sd_test_sha256_file (in_path);
      g_assert_cmpstr (after, ==, before);
      dir = g_dir_open (docs, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_cmpstr (name, ==, "big.pdf");
      g_assert_cmpuint (count_ledger (workspace), ==, n_entries);

      g_object_unref (point.cancellable);
      g_cond_clear (&point.cond);
      g_mutex_clear (&point.mutex);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sign/cancel/mid-document", test_cancel_mid_document);
  return g_test_run ();
}
