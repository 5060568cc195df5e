/* fuzz-common.c: temporary files and test data for the fuzz targets */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "sd-secret.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static void
drop_message (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  /* Warnings and debug output about hostile input are expected. An error
   * or a critical is a bug: say it and abort (GLib's own G_BREAKPOINT is
   * a SIGTRAP, which libFuzzer does not catch). */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      g_log_default_handler (log_domain, log_level, message, user_data);
      abort ();
    }
}

void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  sd_secret_harden_openssl ();
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  if (g_getenv ("SD_FUZZ_VERBOSE") == NULL)
    g_log_set_default_handler (drop_message, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("SEALDESK_HOME", fuzz_tmpdir (), TRUE);
}

const char *
fuzz_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      const char *base = g_access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : g_get_tmp_dir ();

      tmpdir = g_build_filename (base, "sd-fuzz-XXXXXX", NULL);
      if (g_mkdtemp (tmpdir) == NULL)
        g_error ("cannot make a temporary folder in %s: %s", base, g_strerror (errno));
      atexit (cleanup);
    }
  return tmpdir;
}

char *
fuzz_write_file (const char    *name,
                 const uint8_t *data,
                 size_t         size)
{
  char *path = g_build_filename (fuzz_tmpdir (), name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("cannot write %s: %s", path, error->message);
  return path;
}

static char *
data_file (const char *variable,
           const char *built_dir,
           const char *name)
{
  const char *dir = g_getenv (variable);

  return g_build_filename (dir != NULL && *dir != '\0' ? dir : built_dir, name, NULL);
}

char *
fuzz_pki_file (const char *name)
{
  return data_file ("SD_TEST_PKI", SD_FUZZ_PKI_DIR, name);
}

char *
fuzz_fixture_file (const char *name)
{
  return data_file ("SD_TEST_FIXTURES", SD_FUZZ_FIXTURES_DIR, name);
}
