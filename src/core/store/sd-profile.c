/* sd-profile.c: the people who use this workstation */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-ledger.h"
#include "sd-merkle.h"
#include "sd-profile.h"

static const struct { SdRoles role; const char *name; } role_names[] = {
  { SD_ROLE_REQUESTER, "requester" },
  { SD_ROLE_APPROVER, "approver" },
  { SD_ROLE_SEAL_KEEPER, "seal-keeper" },
  { SD_ROLE_SIGNER, "signer" },
};

SdRoles
sd_role_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (name, role_names[i].name) == 0)
      return role_names[i].role;
  return 0;
}

const char *
sd_role_to_string (SdRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return NULL;
}

void
sd_profile_free (SdProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->key_id);
  g_clear_pointer (&profile->certificate, X509_free);
  g_free (profile->cert_sha256);
  g_free (profile->created);
  g_free (profile);
}

gboolean
sd_store_check_name (const char  *name,
                     const char  *what,
                     GError     **error)
{
  glong chars;

  if (name == NULL || !g_utf8_validate (name, -1, NULL)
      || (chars = g_utf8_strlen (name, -1)) < 1 || chars > 64
      || g_unichar_isspace (g_utf8_get_char (name))
      || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    goto bad;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto bad;
  return TRUE;

bad:
  /* TRANSLATORS: %s is "profile name" or "seal name" */
  g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
               _("A %s has 1 to 64 characters, without control characters or spaces at either end"), what);
  return FALSE;
}

static char *
roles_to_string (SdRoles roles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      g_strv_builder_add (builder, role_names[i].name);
  list = g_strv_builder_end (builder);
  return g_strjoinv (",", list);
}

static SdProfile *
profile_from_row (sqlite3_stmt *stmt)
{
  SdProfile *profile = g_new0 (SdProfile, 1);
  g_auto(GStrv) roles = g_strsplit (sd_db_column_text (stmt, 1), ",", -1);
  const guint8 *der = sqlite3_column_blob (stmt, 3);

  profile->name = g_strdup (sd_db_column_text (stmt, 0));
  for (guint i = 0; roles[i] != NULL; i++)
    profile->roles |= sd_role_from_string (roles[i]);
  profile->key_id = g_strdup (sd_db_column_text (stmt, 2));
  profile->certificate = d2i_X509 (NULL, &der, sqlite3_column_bytes (stmt, 3));
  profile->cert_sha256 = g_strdup (sd_db_column_text (stmt, 4));
  profile->created = g_strdup (sd_db_column_text (stmt, 5));
  return profile;
}

#define PROFILE_COLUMNS "name, roles, key_id, certificate, cert_sha256, created"

SdProfile *
sd_profile_get (SdWorkspace  *workspace,
                const char   *name,
                GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SdProfile *profile = NULL;
  gboolean has_row = FALSE;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " PROFILE_COLUMNS " FROM profile WHERE name = ?", error);
  if (stmt != NULL)
    {
      sd_db_bind_text (stmt, 1, name);
      if (sd_db_step_row (db, stmt, &has_row, error))
        {
          if (has_row)
            profile = profile_from_row (stmt);
          else
            g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                         _("There is no profile “%s” (see “sealdesk-cli profile list”)"), name);
        }
    }
  sd_workspace_unlock (workspace);
  return profile;
}

GPtrArray *
sd_profile_list (SdWorkspace  *workspace,
                 GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_profile_free);
  gboolean has_row = TRUE, ok;

  sd_workspace_lock (workspace);
  stmt = sd_db_prepare (db, "SELECT " PROFILE_COLUMNS " FROM profile ORDER BY name", error);
  ok = stmt != NULL;
  while (ok && (ok = sd_db_step_row (db, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (list, profile_from_row (stmt));
  sd_workspace_unlock (workspace);
  return ok ? g_steal_pointer (&list) : NULL;
}

char *
sd_profile_display_name (SdProfile *profile)
{
  g_autofree char *common_name = NULL;

  g_return_val_if_fail (profile != NULL, NULL);

  if (profile->certificate != NULL)
    common_name = sd_x509_common_name (X509_get_subject_name (profile->certificate));
  if (common_name == NULL || common_name[0] == '\0' || g_str_equal (common_name, profile->name))
    return g_strdup (profile->name);
  /* TRANSLATORS: a person as the requests and the ledger name them: the
   * name in their certificate, then their profile's name, e.g. "Li Lei
   * (lawyer)" */
  return g_strdup_printf (_("%s (%s)"), common_name, profile->name);
}

GHashTable *
sd_profile_display_names (SdWorkspace  *workspace,
                          GError      **error)
{
  g_autoptr(GPtrArray) profiles = sd_profile_list (workspace, error);
  GHashTable *names;

  if (profiles == NULL)
    return NULL;
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < profiles->len; i++)
    {
      SdProfile *profile = g_ptr_array_index (profiles, i);

      g_hash_table_insert (names, g_strdup (profile->name), sd_profile_display_name (profile));
    }
  return names;
}

const char *
sd_profile_actor_name (GHashTable *names,
                       const char *actor)
{
  const char *name = actor != NULL && names != NULL ? g_hash_table_lookup (names, actor) : NULL;

  return name != NULL ? name : actor;
}

SdProfile *
sd_profile_add (SdWorkspace  *workspace,
                const char   *name,
                SdRoles       roles,
                const char   *key_id,
                SdPinCallback pin_cb,
                gpointer      pin_data,
                GError      **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  g_autofree char *id = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *sha = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SdProfile) existing = NULL;
  X509 *cert = NULL;
  guint8 *der = NULL;
  int der_len;
  JsonObject *details;
  gboolean ok = FALSE;

  if (!sd_store_check_name (name, _("profile name"), error))
    return NULL;
  if (roles == 0)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("Give the profile at least one role: requester, approver, seal-keeper or signer"));
      return NULL;
    }
  if ((id = sd_workspace_normalize_key_id (key_id, error)) == NULL)
    return NULL;
  if ((existing = sd_profile_get (workspace, name, NULL)) != NULL)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_EXISTS,
                   _("There is already a profile “%s”"), name);
      return NULL;
    }
  if ((cert = sd_workspace_key_certificate (workspace, id, pin_cb, pin_data, NULL, error)) == NULL)
    return NULL;
  der_len = i2d_X509 (cert, &der);
  sha = sd_x509_sha256_hex (cert);
  roles_text = roles_to_string (roles);

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto out;
  stmt = sd_db_prepare (db, "INSERT INTO profile (" PROFILE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto out;
  sd_db_bind_text (stmt, 1, name);
  sd_db_bind_text (stmt, 2, roles_text);
  sd_db_bind_text (stmt, 3, id);
  sqlite3_bind_blob (stmt, 4, der, der_len, SQLITE_TRANSIENT);
  sd_db_bind_text (stmt, 5, sha);
  sd_db_bind_text (stmt, 6, now);
  if (!sd_db_step_done (db, stmt, error))
    goto out;

  details = json_object_new ();
  json_object_set_string_member (details, "action", "profile-add");
  json_object_set_string_member (details, "roles", roles_text);
  json_object_set_string_member (details, "key", id);
  json_object_set_string_member (details, "certificate_sha256", sha);
  ok = sd_ledger_append (sd_workspace_get_ledger (workspace), SD_LEDGER_LIFECYCLE, name,
                         NULL, NULL, NULL, details, error) != 0
       && sd_ledger_sign_head (sd_workspace_get_ledger (workspace), error)
       && sd_db_commit (db, error);

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  OPENSSL_free (der);
  X509_free (cert);
  if (!ok)
    {
      if (error != NULL && *error != NULL && (*error)->domain == SD_DB_ERROR
          && (*error)->code == SD_DB_ERROR_CONSTRAINT)
        {
          g_clear_error (error);
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_EXISTS,
                       _("There is already a profile “%s”"), name);
        }
      return NULL;
    }
  return sd_profile_get (workspace, name, error);
}

JsonNode *
sd_profile_to_json (SdProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *subject = profile->certificate != NULL
    ? sd_x509_name_to_string (X509_get_subject_name (profile->certificate)) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, profile->name);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (profile->roles & role_names[i].role)
      json_builder_add_string_value (builder, role_names[i].name);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, profile->key_id);
  json_builder_set_member_name (builder, "certificate");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, profile->cert_sha256);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, profile->created);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

SdKey *
sd_profile_open_key (SdWorkspace  *workspace,
                     SdProfile    *profile,
                     SdPinCallback pin_cb,
                     gpointer      pin_data,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autoptr(SdKey) key = sd_workspace_open_key (workspace, profile->key_id, pin_cb, pin_data, cancellable, error);
  g_autofree char *sha = NULL;

  if (key == NULL)
    return NULL;
  sha = sd_x509_sha256_hex (sd_key_get_certificate (key));
  if (g_strcmp0 (sha, profile->cert_sha256) != 0)
    {
      sd_key_lock (key);
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                   _("The key of profile “%s” (%s) now holds another certificate than when the profile was made"),
                   profile->name, profile->key_id);
      return NULL;
    }
  return g_steal_pointer (&key);
}
