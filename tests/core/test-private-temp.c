/* test-private-temp.c: intermediate files of killed programs are removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sd-private-temp.h"

static char *tmp_dir;

static void
touch (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "%PDF-1.7\n", -1, NULL));
}

static gboolean
exists (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The ID of a process that has ended (and been reaped). */
static pid_t
ended_pid (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static void
test_sweep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *ours_name = NULL;
  g_autofree char *dead = g_strdup_printf ("sealdesk-sign-%d-Ab12Cd.pdf", (int) ended_pid ());
  g_autofree char *dead_kind = g_strdup_printf ("sealdesk-marks-preview-%d-zzzzzz.pdf", (int) ended_pid ());
  g_autofree char *parent = g_strdup_printf ("sealdesk-ltv-%d-qwerty.pdf", (int) getppid ());
  int fd;

  /* One of ours, open: its name carries this process's ID. */
  fd = sd_private_temp_open ("ltv", &ours, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  ours_name = g_path_get_basename (ours);
  g_assert_true (g_str_has_prefix (ours, tmp_dir));
  g_assert_true (g_str_has_prefix (ours_name, "sealdesk-ltv-"));
  {
    g_autofree char *pid = g_strdup_printf ("-%d-", (int) getpid ());

    g_assert_nonnull (strstr (ours_name, pid));
  }

  /* Left by processes that ended: removed. */
  touch (dead);
  touch (dead_kind);
  /* A running process's (the test's parent), names that are not ours,
   * a folder: kept. */
  touch (parent);
  touch ("sealdesk-sign-Ab12Cd.pdf");
  touch ("sealdesk-sign-12345678901-Ab12Cd.pdf");
  touch ("other-sign-1-Ab12Cd.pdf");
  touch ("sealdesk-sign-1-Ab12Cd.txt");
  {
    g_autofree char *dir = g_strdup_printf ("%s/sealdesk-void-%d-Ab12Cd.pdf", tmp_dir, (int) ended_pid ());

    g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
    sd_private_temp_sweep ();
    g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
    g_rmdir (dir);
  }

  g_assert_false (exists (dead));
  g_assert_false (exists (dead_kind));
  g_assert_true (exists (ours_name));
  g_assert_true (exists (parent));
  g_assert_true (exists ("sealdesk-sign-Ab12Cd.pdf"));
  g_assert_true (exists ("sealdesk-sign-12345678901-Ab12Cd.pdf"));
  g_assert_true (exists ("other-sign-1-Ab12Cd.pdf"));
  g_assert_true (exists ("sealdesk-sign-1-Ab12Cd.txt"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before anything asks GLib for the temporary folder (it keeps it). */
  tmp_dir = g_build_filename (g_getenv ("TMPDIR") ? g_getenv ("TMPDIR") : "/tmp",
                              "sd-private-temp-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp_dir));
  g_setenv ("TMPDIR", tmp_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/private-temp/sweep", test_sweep);
  ret = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
