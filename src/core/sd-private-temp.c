/* sd-private-temp.c: intermediate files that a killed program does not leave behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sd-private-temp.h"

int
sd_private_temp_open (const char  *kind,
                      char       **path,
                      GError     **error)
{
  g_autofree char *tmpl = g_strdup_printf ("sealdesk-%s-%d-XXXXXX.pdf", kind, (int) getpid ());

  return g_file_open_tmp (tmpl, path, error);
}

/* The writer's process ID in @name, "sealdesk-KIND-PID-XXXXXX.pdf", or 0. */
static pid_t
writer_of (const char *name)
{
  gsize len = strlen (name);
  const char *end, *start;
  guint64 pid;

  /* "-XXXXXX.pdf" at the end, the ID before it, "-" before the ID. */
  if (!g_str_has_prefix (name, "sealdesk-") || len < strlen ("sealdesk-a-1-XXXXXX.pdf") ||
      !g_str_has_suffix (name, ".pdf") || name[len - 11] != '-')
    return 0;
  end = name + len - 11;
  for (start = end; start > name && g_ascii_isdigit (start[-1]); start--)
    ;
  if (start == end || start[-1] != '-' || start - 1 <= name + strlen ("sealdesk-") ||
      end - start > 9)
    return 0;
  pid = g_ascii_strtoull (start, NULL, 10);
  return pid > 0 && pid < G_MAXINT ? (pid_t) pid : 0;
}

void
sd_private_temp_sweep (void)
{
  const char *dir = g_get_tmp_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      pid_t pid = writer_of (name);

      if (pid == 0 || pid == getpid ())
        continue;
      path = g_build_filename (dir, name, NULL);
      /* Only this user's regular files, and only when their process is
       * gone: kill() with no signal says ESRCH then (a process of another
       * user answers EPERM and is left alone). In another PID namespace
       * sharing this folder an ID could name a live process of its own:
       * such a file is only left until that one ends. */
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid () &&
          kill (pid, 0) < 0 && errno == ESRCH)
        g_unlink (path);
    }
}
