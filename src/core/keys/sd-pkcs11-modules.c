/* sd-pkcs11-modules.c: the PKCS#11 modules Sealdesk talks to */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-atomic-file.h"
#include "sd-key.h"
#include "sd-paths.h"
#include "sd-pkcs11-modules.h"
#include "sd-pkcs11-util.h"

struct _SdPkcs11Modules
{
  gint               ref_count;  /* protected by the "modules" lock */
  char              *key;        /* the user paths it was made for */
  CK_FUNCTION_LIST **registered; /* from p11-kit's configuration */
  GPtrArray         *user_funcs; /* CK_FUNCTION_LIST* loaded by path */
  GPtrArray         *modules;    /* SdPkcs11Module*, user ones first */
};

/* One set for the whole process, as long as somebody uses it. */
G_LOCK_DEFINE_STATIC (modules);
static SdPkcs11Modules *shared_modules;

#define USER_MODULES_FILE "pkcs11-modules"

static void
module_free (SdPkcs11Module *module)
{
  g_free (module->name);
  g_free (module->path);
  g_free (module);
}

static char *
real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *result = g_strdup (resolved != NULL ? resolved : path);

  free (resolved);
  return result;
}

static SdPkcs11Module *
module_new (CK_FUNCTION_LIST *funcs, const char *path)
{
  SdPkcs11Module *module = g_new0 (SdPkcs11Module, 1);
  char           *name = p11_kit_module_get_name (funcs);
  char           *filename = p11_kit_module_get_filename (funcs);

  module->funcs = funcs;
  module->path = g_strdup (filename != NULL ? filename : path);
  if (name != NULL)
    module->name = g_strdup (name);
  else if (module->path != NULL)
    module->name = g_path_get_basename (module->path);
  else
    module->name = g_strdup ("pkcs11");
  free (name);
  free (filename);
  if (funcs->C_GetInfo (&module->info) != CKR_OK)
    memset (&module->info, 0, sizeof module->info);
  return module;
}

char **
sd_pkcs11_user_modules_read (const char *data_dir)
{
  g_autofree char *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  g_autofree char *path =
    g_build_filename (data_dir != NULL ? data_dir : owned_dir, USER_MODULES_FILE, NULL);
  g_autofree char         *contents = NULL;
  g_auto (GStrv)           lines = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (g_file_get_contents (path, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = g_strstrip (lines[i]);

          if (*line == '\0' || *line == '#')
            continue;
          g_strv_builder_add (builder, line);
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
sd_pkcs11_user_modules_write (const char *data_dir, const char *const *paths, GError **error)
{
  g_autofree char    *owned_dir = data_dir == NULL ? sd_data_dir () : NULL;
  const char         *dir = data_dir != NULL ? data_dir : owned_dir;
  g_autofree char    *path = g_build_filename (dir, USER_MODULES_FILE, NULL);
  g_autoptr (GString) contents =
    g_string_new ("# PKCS#11 modules added to Sealdesk, one path a line\n");

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (!g_path_is_absolute (paths[i]) || strchr (paths[i], '\n') != NULL)
        {
          g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                       _ ("“%s” is not an absolute path of a PKCS#11 module"), paths[i]);
          return FALSE;
        }
      g_string_append_printf (contents, "%s\n", paths[i]);
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return sd_file_set_contents_atomic (path, contents->str, contents->len, error);
}

char *
sd_pkcs11_module_describe (const char *path, GError **error)
{
  CK_FUNCTION_LIST *funcs;
  CK_INFO           info;
  CK_RV             rv;
  g_autofree char  *description = NULL;
  g_autofree char  *manufacturer = NULL;

  if (path == NULL || !g_path_is_absolute (path))
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _ ("“%s” is not an absolute path of a PKCS#11 module"), path ? path : "");
      return NULL;
    }
  funcs = p11_kit_module_load (path, 0);
  if (funcs == NULL)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED, _ ("%s is not a PKCS#11 module: %s"),
                   path,
                   p11_kit_message () != NULL ? p11_kit_message () : _ ("it cannot be loaded"));
      return NULL;
    }
  rv = p11_kit_module_initialize (funcs);
  if (rv == CKR_OK)
    {
      rv = funcs->C_GetInfo (&info);
      p11_kit_module_finalize (funcs);
    }
  p11_kit_module_release (funcs);
  if (rv != CKR_OK)
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _ ("The PKCS#11 module %s does not start: %s"), path, p11_kit_strerror (rv));
      return NULL;
    }
  description = sd_pkcs11_string (info.libraryDescription, sizeof info.libraryDescription);
  manufacturer = sd_pkcs11_string (info.manufacturerID, sizeof info.manufacturerID);
  if (*manufacturer == '\0')
    return g_steal_pointer (&description);
  /* TRANSLATORS: a PKCS#11 module: "OpenSC smartcard framework, OpenSC Project" */
  return g_strdup_printf (_ ("%s, %s"), description, manufacturer);
}

/* The user's module paths: the file first, then the environment, without
 * repeats. */
static char **
user_module_paths (const char *data_dir)
{
  g_auto (GStrv)           from_file = sd_pkcs11_user_modules_read (data_dir);
  g_auto (GStrv)           from_env = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable)   seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char              *env = g_getenv ("SEALDESK_PKCS11_MODULES");

  if (env != NULL)
    from_env = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
  for (int pass = 0; pass < 2; pass++)
    {
      char **list = pass == 0 ? from_file : from_env;

      for (guint i = 0; list != NULL && list[i] != NULL; i++)
        {
          char *path = g_strstrip (list[i]);

          if (*path == '\0' || !g_hash_table_add (seen, real_path (path)))
            continue;
          g_strv_builder_add (builder, path);
        }
    }
  return g_strv_builder_end (builder);
}

static void
modules_free (SdPkcs11Modules *self)
{
  g_ptr_array_unref (self->modules);
  for (guint i = 0; i < self->user_funcs->len; i++)
    {
      CK_FUNCTION_LIST *funcs = g_ptr_array_index (self->user_funcs, i);

      p11_kit_module_finalize (funcs);
      p11_kit_module_release (funcs);
    }
  g_ptr_array_unref (self->user_funcs);
  if (self->registered != NULL)
    p11_kit_modules_finalize_and_release (self->registered);
  g_free (self->key);
  g_free (self);
}

static SdPkcs11Modules *
modules_load (char **user_paths, GPtrArray *warnings)
{
  SdPkcs11Modules       *self = g_new0 (SdPkcs11Modules, 1);
  g_autoptr (GHashTable) registered_paths =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->ref_count = 1;
  self->key = g_strjoinv ("\n", user_paths);
  self->user_funcs = g_ptr_array_new ();
  self->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) module_free);

  self->registered = p11_kit_modules_load_and_initialize (0);
  if (self->registered == NULL && warnings != NULL)
    g_ptr_array_add (
      warnings,
      g_error_new (SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                   _ ("The PKCS#11 modules registered on this system could not be loaded: %s"),
                   p11_kit_message () != NULL ? p11_kit_message () : _ ("unknown error")));
  for (guint i = 0; self->registered != NULL && self->registered[i] != NULL; i++)
    {
      char *filename = p11_kit_module_get_filename (self->registered[i]);

      if (filename != NULL)
        g_hash_table_add (registered_paths, real_path (filename));
      free (filename);
    }

  /* Modules the person added come first: they chose them. */
  for (guint i = 0; user_paths[i] != NULL; i++)
    {
      g_autofree char  *resolved = real_path (user_paths[i]);
      CK_FUNCTION_LIST *funcs;
      CK_RV             rv;

      if (g_hash_table_contains (registered_paths, resolved))
        continue;
      funcs = p11_kit_module_load (user_paths[i], 0);
      if (funcs == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (
              warnings,
              g_error_new (SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                           _ ("The PKCS#11 module %s could not be loaded: %s"), user_paths[i],
                           p11_kit_message () != NULL ? p11_kit_message () : _ ("unknown error")));
          continue;
        }
      rv = p11_kit_module_initialize (funcs);
      if (rv != CKR_OK)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings,
                             g_error_new (SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
                                          _ ("The PKCS#11 module %s could not be started: %s"),
                                          user_paths[i], p11_kit_strerror (rv)));
          p11_kit_module_release (funcs);
          continue;
        }
      g_ptr_array_add (self->user_funcs, funcs);
      g_ptr_array_add (self->modules, module_new (funcs, user_paths[i]));
      ((SdPkcs11Module *) g_ptr_array_index (self->modules, self->modules->len - 1))->user_added =
        TRUE;
    }
  for (guint i = 0; self->registered != NULL && self->registered[i] != NULL; i++)
    g_ptr_array_add (self->modules, module_new (self->registered[i], NULL));
  return self;
}

SdPkcs11Modules *
sd_pkcs11_modules_get (const char *data_dir, GPtrArray *warnings, GError **error)
{
  g_auto (GStrv)   user_paths = user_module_paths (data_dir);
  g_autofree char *key = g_strjoinv ("\n", user_paths);
  SdPkcs11Modules *self = NULL;

  G_LOCK (modules);
  if (shared_modules != NULL && g_strcmp0 (shared_modules->key, key) == 0)
    {
      self = shared_modules;
      self->ref_count++;
    }
  else
    {
      /* Loading under the lock: p11-kit serializes it anyway, and two
       * threads never load the same set twice. */
      self = modules_load (user_paths, warnings);
      /* The newest list wins; older sets live on for their holders. */
      shared_modules = self;
    }
  G_UNLOCK (modules);
  return self;
}

SdPkcs11Modules *
sd_pkcs11_modules_ref (SdPkcs11Modules *self)
{
  G_LOCK (modules);
  self->ref_count++;
  G_UNLOCK (modules);
  return self;
}

void
sd_pkcs11_modules_unref (SdPkcs11Modules *self)
{
  gboolean last;

  if (self == NULL)
    return;
  G_LOCK (modules);
  last = --self->ref_count == 0;
  if (last && shared_modules == self)
    shared_modules = NULL;
  if (last)
    modules_free (self);
  G_UNLOCK (modules);
}

guint
sd_pkcs11_modules_get_n (SdPkcs11Modules *self)
{
  return self->modules->len;
}

SdPkcs11Module *
sd_pkcs11_modules_get_nth (SdPkcs11Modules *self, guint i)
{
  g_return_val_if_fail (i < self->modules->len, NULL);
  return g_ptr_array_index (self->modules, i);
}

void
sd_pkcs11_token_free (SdPkcs11Token *token)
{
  if (token == NULL)
    return;
  g_free (token->label);
  g_free (token);
}

gboolean
sd_pkcs11_token_info_equal (const CK_TOKEN_INFO *a, const CK_TOKEN_INFO *b)
{
  return memcmp (a->label, b->label, sizeof a->label) == 0 &&
         memcmp (a->manufacturerID, b->manufacturerID, sizeof a->manufacturerID) == 0 &&
         memcmp (a->model, b->model, sizeof a->model) == 0 &&
         memcmp (a->serialNumber, b->serialNumber, sizeof a->serialNumber) == 0;
}

static CK_SLOT_ID *
get_slots (SdPkcs11Module *module, CK_ULONG *n_slots, GPtrArray *warnings)
{
  g_autofree CK_SLOT_ID *slots = NULL;
  CK_RV                  rv;

  /* The count may change between the two calls when a reader appears. */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      rv = module->funcs->C_GetSlotList (CK_TRUE, NULL, n_slots);
      if (rv != CKR_OK)
        break;
      g_free (slots);
      slots = g_new0 (CK_SLOT_ID, MAX (*n_slots, 1));
      rv = module->funcs->C_GetSlotList (CK_TRUE, slots, n_slots);
      if (rv != CKR_BUFFER_TOO_SMALL)
        break;
    }
  if (rv != CKR_OK)
    {
      if (warnings != NULL)
        {
          GError          *error = NULL;
          g_autofree char *what =
            g_strdup_printf (_ ("Listing the slots of the PKCS#11 module %s"), module->name);

          sd_pkcs11_set_error (&error, rv, what);
          g_ptr_array_add (warnings, error);
        }
      *n_slots = 0;
      return NULL;
    }
  return g_steal_pointer (&slots);
}

GPtrArray *
sd_pkcs11_modules_list_tokens (SdPkcs11Modules *self, GPtrArray *warnings)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_pkcs11_token_free);

  for (guint m = 0; m < self->modules->len; m++)
    {
      SdPkcs11Module        *module = g_ptr_array_index (self->modules, m);
      CK_ULONG               n_slots = 0;
      g_autofree CK_SLOT_ID *slots = get_slots (module, &n_slots, warnings);

      for (CK_ULONG s = 0; s < n_slots; s++)
        {
          SdPkcs11Token *token;
          CK_TOKEN_INFO  info;
          gboolean       seen = FALSE;
          CK_RV          rv;

          rv = module->funcs->C_GetTokenInfo (slots[s], &info);
          if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_REMOVED)
            continue;
          if (rv != CKR_OK)
            {
              if (warnings != NULL)
                {
                  GError          *error = NULL;
                  g_autofree char *what =
                    g_strdup_printf (_ ("Reading the token in slot %lu of %s"),
                                     (unsigned long) slots[s], module->name);

                  sd_pkcs11_set_error (&error, rv, what);
                  g_ptr_array_add (warnings, error);
                }
              continue;
            }
          /* An empty token (e.g. SoftHSM's spare slot) holds nothing. */
          if ((info.flags & CKF_TOKEN_INITIALIZED) == 0)
            continue;
          for (guint t = 0; t < tokens->len && !seen; t++)
            {
              SdPkcs11Token *other = g_ptr_array_index (tokens, t);

              seen = sd_pkcs11_token_info_equal (&other->info, &info);
            }
          if (seen)
            continue;

          token = g_new0 (SdPkcs11Token, 1);
          token->module = module;
          token->slot = slots[s];
          token->info = info;
          if (module->funcs->C_GetSlotInfo (slots[s], &token->slot_info) != CKR_OK)
            memset (&token->slot_info, 0, sizeof token->slot_info);
          token->label = sd_pkcs11_string (info.label, sizeof info.label);
          g_ptr_array_add (tokens, token);
        }
    }
  return tokens;
}
