/* test-mapped-file.c: a mapped file cut short by another program reads
 * as zeros and says so; any other SIGBUS still kills */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sd-mapped-file.h"

#define FILE_SIZE (6 * 1024 * 1024)
#define CUT_AT (1024 * 1024 + 123)

/* A file of FILE_SIZE bytes, none of them zero. */
static char *
make_file (int *fd)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (FILE_SIZE);
  char *path = NULL;

  for (gsize i = 0; i < FILE_SIZE; i++)
    data[i] = (guint8) (1 + i % 251);
  *fd = g_file_open_tmp ("sd-mapped-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (*fd, data, FILE_SIZE), ==, FILE_SIZE);
  return path;
}

/* Cut @path short through a descriptor of its own, as another program
 * would. */
static void
cut_short (const char *path)
{
  int other = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (other, >=, 0);
  g_assert_cmpint (ftruncate (other, CUT_AT), ==, 0);
  close (other);
}

static void
test_truncated_reads_zeros (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  const volatile guint8 *data;
  guint64 sum = 0;
  gsize len;
  int fd;

  path = make_file (&fd);
  bytes = sd_mapped_file_map_fd (fd, &error);
  g_assert_no_error (error);
  close (fd);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, FILE_SIZE);
  g_assert_cmpuint (data[FILE_SIZE - 1], ==, 1 + (FILE_SIZE - 1) % 251);
  g_assert_false (sd_mapped_file_was_truncated (bytes));
  g_assert_true (sd_mapped_file_check_unchanged (bytes, "doc.pdf", &error));

  cut_short (path);
  /* Past the new end: zeros, not SIGBUS. */
  for (gsize i = CUT_AT + 4096; i < FILE_SIZE; i += 997)
    sum += data[i];
  g_assert_cmpuint (sum, ==, 0);
  g_assert_cmpuint (data[FILE_SIZE - 1], ==, 0);
  g_assert_true (sd_mapped_file_was_truncated (bytes));
  /* What is still in the file before the faulting page reads as it was. */
  g_assert_cmpuint (data[1000], ==, 1 + 1000 % 251);
  g_assert_false (sd_mapped_file_check_unchanged (bytes, "doc.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“doc.pdf” was changed by another program"));

  /* A sub-range of it tells as well. */
  {
    g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 4096, 8192);

    g_assert_true (sd_mapped_file_was_truncated (part));
  }
  g_unlink (path);
}

static void
test_window_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const volatile guint8 *data;
  gsize window = 2 * 1024 * 1024;
  int fd;

  path = make_file (&fd);
  data = sd_mapped_window_map (fd, 2 * 1024 * 1024, window, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data[0], ==, 1 + (2 * 1024 * 1024) % 251);
  cut_short (path);
  g_assert_cmpuint (data[window - 1], ==, 0);
  g_assert_false (sd_mapped_window_unmap ((gpointer) data, window));

  /* A window of a file left alone unmaps as whole. */
  data = sd_mapped_window_map (fd, 0, 4096, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (data[0], ==, 1);
  g_assert_true (sd_mapped_window_unmap ((gpointer) data, 4096));
  close (fd);
  g_unlink (path);
}

static void
test_unrelated_sigbus_kills (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) installed = NULL;
      g_autofree char *path = NULL;
      const volatile guint8 *plain;
      int fd;

      path = make_file (&fd);
      /* Our handler is in place (one registered mapping)… */
      installed = sd_mapped_file_map_fd (fd, NULL);
      g_assert_nonnull (installed);
      /* …but this mapping is not ours. */
      plain = mmap (NULL, FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
      g_assert_true (plain != MAP_FAILED);
      cut_short (path);
      g_unlink (path);
      g_printerr ("read %u\n", plain[FILE_SIZE - 1]);
      g_printerr ("survived\n");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*survived*");
}

/* The same without GLib's trap, to see the signal itself: killed by
 * SIGBUS (under AddressSanitizer, whose handler we hand it to, it
 * reports the fault and exits). */
static void
test_unrelated_sigbus_signal (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) installed = NULL;
  int fd, status = 0;
  pid_t pid;

  path = make_file (&fd);
  installed = sd_mapped_file_map_fd (fd, NULL);
  g_assert_nonnull (installed);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      const volatile guint8 *plain = mmap (NULL, FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
      int quiet = g_open ("/dev/null", O_WRONLY, 0);

      if (plain == MAP_FAILED)
        _exit (3);
      dup2 (quiet, 2);
      cut_short (path);
      _exit (plain[FILE_SIZE - 1] == 0 ? 4 : 5);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_unlink (path);
  close (fd);
#if defined(__SANITIZE_ADDRESS__)
  g_assert_true (WIFSIGNALED (status) || (WIFEXITED (status) && WEXITSTATUS (status) != 0
                                          && WEXITSTATUS (status) != 4 && WEXITSTATUS (status) != 5));
#else
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGBUS);
#endif
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/mapped-file/truncated-reads-zeros", test_truncated_reads_zeros);
  g_test_add_func ("/core/mapped-file/window-truncated", test_window_truncated);
  g_test_add_func ("/core/mapped-file/unrelated-sigbus-kills", test_unrelated_sigbus_kills);
  g_test_add_func ("/core/mapped-file/unrelated-sigbus-signal", test_unrelated_sigbus_signal);
  return g_test_run ();
}
