/* sd-paths.c: where Sealdesk keeps its data; file names */
#include "config.h"

#include <glib/gstdio.h>

#include "sd-paths.h"

char *
sd_data_dir (void)
{
  const char *home = g_getenv ("SEALDESK_HOME");

  if (home != NULL && *home != '\0')
    return g_canonicalize_filename (home, NULL);
  return g_build_filename (g_get_user_data_dir (), "sealdesk", NULL);
}

gboolean
sd_path_same_file (const char *a,
                   const char *b)
{
  GStatBuf sa, sb;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
