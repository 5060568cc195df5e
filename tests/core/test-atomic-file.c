/* test-atomic-file.c: files are all there or not there, whatever happens
 *
 *   /atomic-file/commit        the file appears under its name, complete
 *   /atomic-file/replace       an existing file is replaced whole
 *   /atomic-file/abandoned     freed uncommitted: nothing left, an existing
 *                              file untouched
 *   /atomic-file/killed        a writer killed (SIGKILL) mid-write leaves no
 *                              name behind
 *   /atomic-file/stale         a killed writer's "NAME.tmp-XXXXXX" is removed
 *                              by the next writer; one a writer holds is not
 *   /atomic-file/mode          the mode asked for is the mode made
 *   /atomic-file/cancelled     cancelled between writes, and before the
 *                              commit: the write or commit fails with
 *                              G_IO_ERROR_CANCELLED, nothing new is left in
 *                              the folder at once (not only once freed), an
 *                              existing file is untouched
 *   /atomic-file/copy-range    a range of another file appended between
 *                              writes, from the same filesystem (a kernel
 *                              copy) and from another (/dev/shm: written
 *                              from the caller's mapping where the kernel
 *                              cannot copy): the same bytes in place, the
 *                              source's own offset untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sd-atomic-file.h"
#include "sd-test-util.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sd-atomic-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_commit (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  SdAtomicFile *file = sd_atomic_file_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (sd_atomic_file_write (file, "hello world", 11, &error));
  g_assert_true (sd_atomic_file_pwrite (file, 0, "HELLO", 5, &error));
  g_assert_cmpint (sd_atomic_file_get_offset (file), ==, 11);
  /* Nothing under the name until it is complete. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (sd_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  sd_atomic_file_free (file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "HELLO world");
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "out.pdf");
  remove_dir (dir);
}

static void
test_replace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (sd_file_set_contents_atomic (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "out.pdf");
  remove_dir (dir);
}

static void
test_abandoned (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  SdAtomicFile *file;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  file = sd_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_atomic_file_write (file, "new", 3, &error));
  sd_atomic_file_free (file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "out.pdf");
  remove_dir (dir);
}

static void
test_killed (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *names = NULL;
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      SdAtomicFile *file = sd_atomic_file_new (path, NULL);

      if (file != NULL)
        sd_atomic_file_write (file, "partial", 7, NULL);
      raise (SIGKILL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  names = sd_test_list_dir (dir);
  /* O_TMPFILE: nothing at all. Without it (a filesystem that lacks it) the
   * temporary name stays until the next writer: see /atomic-file/stale. */
  if (*names != '\0')
    g_assert_true (g_str_has_prefix (names, "out.pdf.tmp-"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

static void
age (const char *path)
{
  struct timeval old[2] = { { time (NULL) - 3600, 0 }, { time (NULL) - 3600, 0 } };

  g_assert_cmpint (utimes (path, old), ==, 0);
}

static void
test_stale (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *stale = g_build_filename (dir, "out.pdf.tmp-ABC123", NULL);
  g_autofree char *held = g_build_filename (dir, "out.pdf.tmp-HELD00", NULL);
  g_autofree char *young = g_build_filename (dir, "out.pdf.tmp-YOUNG0", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pdf.tmp-ABC123", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  SdAtomicFile *file;
  int held_fd;

  g_assert_true (g_file_set_contents (stale, "left by a killed writer", -1, NULL));
  g_assert_true (g_file_set_contents (held, "being written", -1, NULL));
  g_assert_true (g_file_set_contents (young, "just made", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));
  age (stale);
  age (held);
  age (other);
  held_fd = open (held, O_RDONLY);
  g_assert_cmpint (flock (held_fd, LOCK_EX), ==, 0);

  file = sd_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_atomic_file_write (file, "x", 1, &error));
  g_assert_true (sd_atomic_file_commit (file, &error));
  sd_atomic_file_free (file);
  close (held_fd);

  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "other.pdf.tmp-ABC123 out.pdf out.pdf.tmp-HELD00 out.pdf.tmp-YOUNG0");
  remove_dir (dir);
}

static void
test_mode (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  SdAtomicFile *file = sd_atomic_file_new_with_mode (path, 0600, &error);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (sd_atomic_file_write (file, "secret", 6, &error));
  g_assert_true (sd_atomic_file_commit (file, &error));
  sd_atomic_file_free (file);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  remove_dir (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) before_commit = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  SdAtomicFile *file;

  /* Replacing an existing file, cancelled between two writes. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  file = sd_atomic_file_new (path, &error);
  g_assert_no_error (error);
  sd_atomic_file_set_cancellable (file, cancellable);
  g_assert_true (sd_atomic_file_write (file, "new ", 4, &error));
  g_cancellable_cancel (cancellable);
  g_assert_false (sd_atomic_file_write (file, "bytes", 5, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "out.pdf");
  g_assert_false (sd_atomic_file_pwrite (file, 0, "N", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sd_atomic_file_commit (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  sd_atomic_file_free (file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");

  /* A new file, everything written, cancelled before the commit. */
  file = sd_atomic_file_new (fresh, &error);
  g_assert_no_error (error);
  sd_atomic_file_set_cancellable (file, before_commit);
  g_assert_true (sd_atomic_file_write (file, "complete", 8, &error));
  g_cancellable_cancel (before_commit);
  g_assert_false (sd_atomic_file_commit (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_pointer (&names, g_free);
  names = sd_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "out.pdf");
  sd_atomic_file_free (file);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

static void
check_copy_range (const char *source_dir,
                  const char *dir)
{
  g_autofree char *source = g_build_filename (source_dir, "source.bin", NULL);
  g_autofree char *path = g_build_filename (dir, "copy.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new ("head:");
  g_autofree char *bytes = g_malloc (3 * 65536 + 17);
  g_autofree char *contents = NULL;
  gsize len;
  SdAtomicFile *file;
  int fd;

  for (gsize i = 0; i < 3 * 65536 + 17; i++)
    bytes[i] = (char) (i * 7 + i / 251);
  g_assert_true (g_file_set_contents (source, bytes, 3 * 65536 + 17, NULL));
  fd = g_open (source, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);

  file = sd_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_atomic_file_write (file, "head:", 5, &error));
  g_assert_true (sd_atomic_file_copy_range (file, fd, 4096, 2 * 65536 + 9, bytes + 4096, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_atomic_file_get_offset (file), ==, 5 + 2 * 65536 + 9);
  g_assert_true (sd_atomic_file_write (file, ":tail", 5, &error));
  g_assert_true (sd_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  sd_atomic_file_free (file);
  g_assert_cmpint (lseek (fd, 0, SEEK_CUR), ==, 0);
  close (fd);

  g_string_append_len (expected, bytes + 4096, 2 * 65536 + 9);
  g_string_append (expected, ":tail");
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, expected->str, expected->len);
  g_unlink (source);
  g_unlink (path);
}

static void
test_copy_range (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *shm = NULL;

  check_copy_range (dir, dir);
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    {
      shm = g_build_filename ("/dev/shm", "sd-atomic-copy-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (shm));
      check_copy_range (shm, dir);
      g_rmdir (shm);
    }
  else
    g_test_message ("no /dev/shm: only the copy within one filesystem");
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/atomic-file/commit", test_commit);
  g_test_add_func ("/atomic-file/replace", test_replace);
  g_test_add_func ("/atomic-file/abandoned", test_abandoned);
  g_test_add_func ("/atomic-file/killed", test_killed);
  g_test_add_func ("/atomic-file/stale", test_stale);
  g_test_add_func ("/atomic-file/mode", test_mode);
  g_test_add_func ("/atomic-file/cancelled", test_cancelled);
  g_test_add_func ("/atomic-file/copy-range", test_copy_range);
  return g_test_run ();
}
