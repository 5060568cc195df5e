/* test-file-sha256.c: the SHA-256 of a file, and stopping it
 *
 *   /file-sha256/digest     the digest of a file of several read blocks is
 *                           the one GLib computes over its bytes
 *   /file-sha256/cancelled  an already cancelled cancellable: nothing is
 *                           read, G_IO_ERROR_CANCELLED
 *   /file-sha256/mid-file   cancelled while the file is being read (a named
 *                           pipe fed by another thread, which cancels after
 *                           the first mebibyte): G_IO_ERROR_CANCELLED, and
 *                           the reader stopped long before the end (the
 *                           writer's pipe broke early)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sd-request.h"

#define MIB (1024 * 1024)

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sd-sha256-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* @size bytes of a pattern that differs from block to block. */
static guint8 *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 4093);
  return data;
}

static void
test_digest (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "data.bin", NULL);
  gsize size = 3 * MIB + 12345;
  g_autofree guint8 *data = pattern (size);
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autofree char *sha = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (char *) data, size, &error));
  sha = sd_file_sha256 (path, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, expected);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "data.bin", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "some bytes", -1, &error));
  g_cancellable_cancel (cancellable);
  g_assert_null (sd_file_sha256 (path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  const char   *path;
  GCancellable *cancellable;
  gsize         total;    /* what the writer would write */
  gsize         written;  /* what it could */
  int           last_errno;
} Feeder;

/* Writes the pipe: one mebibyte, then cancels, then goes on until the
 * reader is gone (EPIPE) or everything is written. */
static gpointer
feed (gpointer data)
{
  Feeder *feeder = data;
  g_autofree guint8 *block = pattern (64 * 1024);
  int fd = open (feeder->path, O_WRONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  while (feeder->written < feeder->total)
    {
      ssize_t n = write (fd, block, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          feeder->last_errno = errno;
          break;
        }
      feeder->written += n;
      if (feeder->written == MIB)
        g_cancellable_cancel (feeder->cancellable);
    }
  close (fd);
  return NULL;
}

static void
test_mid_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Feeder feeder = { path, cancellable, 256 * MIB, 0, 0 };
  GThread *thread;
  char *sha;

  /* A broken pipe is an error of write(), not the end of the test. */
  signal (SIGPIPE, SIG_IGN);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("feeder", feed, &feeder);
  sha = sd_file_sha256 (path, cancellable, &error);
  g_assert_null (sha);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_thread_join (thread);

  g_test_message ("the writer wrote %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                  feeder.written, feeder.total);
  /* The reader closed the pipe soon after the cancel: what it read after
   * it is at most a block or two and the pipe's buffer, far from the end. */
  g_assert_cmpint (feeder.last_errno, ==, EPIPE);
  g_assert_cmpuint (feeder.written, <, 16 * MIB);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/file-sha256/digest", test_digest);
  g_test_add_func ("/file-sha256/cancelled", test_cancelled);
  g_test_add_func ("/file-sha256/mid-file", test_mid_file);
  return g_test_run ();
}
