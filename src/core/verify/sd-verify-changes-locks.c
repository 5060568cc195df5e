/* sd-verify-changes-locks.c: FieldMDP locks
 *
 * A signature may lock form fields: the signature field's /Lock dictionary
 * and the FieldMDP entry of the signature's /Reference say which ones
 * (/Action /All, or /Include or /Exclude a list of /Fields). A locked field
 * may not change after that signature; a lock with /P restricts the whole
 * document like a certification level (SdSigDict.lock_p).
 */
#include "config.h"

#include <string.h>

#include "sd-verify-private.h"

void
sd_vfy_field_lock_free (SdFieldLock *lock)
{
  if (lock == NULL)
    return;
  g_strfreev (lock->fields);
  g_free (lock->by);
  g_free (lock);
}

SdFieldLock *
sd_vfy_field_lock_read (qpdf_data   q,
                        qpdf_oh     dict,
                        const char *by)
{
  qpdf_oh action, fields;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) names = NULL;
  SdFieldLock *lock;

  if (dict == 0 || !qpdf_oh_is_dictionary (q, dict))
    return NULL;
  action = sd_vfy_qpdf_get (q, dict, "/Action");
  name = sd_vfy_qpdf_name (q, action);
  if (action != 0)
    qpdf_oh_release (q, action);
  if (name == NULL)
    return NULL;
  lock = g_new0 (SdFieldLock, 1);
  if (strcmp (name, "Include") == 0)
    lock->action = SD_FIELD_LOCK_INCLUDE;
  else if (strcmp (name, "Exclude") == 0)
    lock->action = SD_FIELD_LOCK_EXCLUDE;
  else
    lock->action = SD_FIELD_LOCK_ALL;     /* /All, and anything unknown */
  names = g_ptr_array_new ();
  fields = sd_vfy_qpdf_get (q, dict, "/Fields");
  if (fields != 0 && qpdf_oh_is_array (q, fields))
    {
      int n = qpdf_oh_get_array_n_items (q, fields);

      for (int i = 0; i < n && i < 10000; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, fields, i);
          char *text = sd_vfy_qpdf_text (q, item);

          if (text != NULL)
            g_ptr_array_add (names, text);
          qpdf_oh_release (q, item);
        }
    }
  if (fields != 0)
    qpdf_oh_release (q, fields);
  g_ptr_array_add (names, NULL);
  lock->fields = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  lock->by = g_strdup (by);
  return lock;
}

/* Is @name the field @listed or one of its descendants ("a" covers "a.b")? */
static gboolean
names_field (const char *listed,
             const char *name)
{
  gsize n = strlen (listed);

  return strncmp (listed, name, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

gboolean
sd_vfy_field_locks_cover (GPtrArray   *locks,
                          const char  *name,
                          const char **by)
{
  for (guint i = 0; locks != NULL && i < locks->len; i++)
    {
      SdFieldLock *lock = g_ptr_array_index (locks, i);
      gboolean listed = FALSE;

      for (int j = 0; name != NULL && lock->fields[j] != NULL && !listed; j++)
        listed = names_field (lock->fields[j], name);
      if (lock->action == SD_FIELD_LOCK_ALL
          || (lock->action == SD_FIELD_LOCK_INCLUDE && listed)
          || (lock->action == SD_FIELD_LOCK_EXCLUDE && !listed))
        {
          if (by != NULL)
            *by = lock->by;
          return TRUE;
        }
    }
  return FALSE;
}
