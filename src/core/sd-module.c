/* sd-module.c: opening the private modules (see sd-module.h)
 *
 * An installed program finds them in SD_MODULEDIR; one run from the build
 * tree (tests, bench/run, a developer) finds them in the build tree, so
 * that it never mixes with another installed version.
 */
#include "config.h"

#include <string.h>

#include <gmodule.h>
#include <glib/gi18n-lib.h>

#include "sd-module.h"

G_DEFINE_QUARK (sd-module-error-quark, sd_module_error)

/* Called with the lock held. */
static const char *
module_dir (void)
{
  static const char *dir;

  if (dir == NULL)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      dir = SD_MODULEDIR;
      if (exe != NULL && g_str_has_prefix (exe, SD_BUILD_ROOT "/"))
        dir = SD_BUILD_MODULEDIR;
    }
  return dir;
}

gpointer
sd_module_symbol (const char  *name,
                  const char  *symbol,
                  GError     **error)
{
  static GMutex lock;
  static GHashTable *opened;
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);
  GModule *module;
  gpointer address = NULL;

  if (opened == NULL)
    opened = g_hash_table_new (g_str_hash, g_str_equal);
  module = g_hash_table_lookup (opened, name);
  if (module == NULL)
    {
      g_autofree char *file = g_strdup_printf ("sealdesk-%s.so", name);
      g_autofree char *path = g_build_filename (module_dir (), file, NULL);

      module = g_module_open (path, G_MODULE_BIND_LOCAL);
      if (module == NULL)
        {
          g_set_error (error, SD_MODULE_ERROR, SD_MODULE_ERROR_FAILED,
                       /* TRANSLATORS: %s is a file name, then the system's reason */
                       _("Sealdesk is not installed completely: %s cannot be loaded (%s)"),
                       path, g_module_error ());
          return NULL;
        }
      g_module_make_resident (module);
      g_hash_table_insert (opened, g_strdup (name), module);
    }
  if (!g_module_symbol (module, symbol, &address) || address == NULL)
    g_set_error (error, SD_MODULE_ERROR, SD_MODULE_ERROR_FAILED,
                 /* TRANSLATORS: %s is a file name, then the system's reason */
                 _("Sealdesk is not installed completely: %s cannot be loaded (%s)"),
                 g_module_name (module), g_module_error ());
  return address;
}
