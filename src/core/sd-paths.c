/* sd-paths.c: where Sealdesk keeps its data */
#include "config.h"

#include "sd-paths.h"

char *
sd_data_dir (void)
{
  const char *home = g_getenv ("SEALDESK_HOME");

  if (home != NULL && *home != '\0')
    return g_canonicalize_filename (home, NULL);
  return g_build_filename (g_get_user_data_dir (), "sealdesk", NULL);
}
