/* sd-workspace.c: one Sealdesk data directory and everything it holds */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>

#include "sd-private-temp.h"
#include "sd-key-store.h"
#include "sd-key-p12.h"
#include "sd-ledger.h"
#include "sd-merkle.h"
#include "sd-paths.h"
#include "sd-pkcs11-modules.h"
#include "sd-sealing-private.h"
#include "sd-token-monitor.h"
#include "sd-workspace.h"

G_DEFINE_QUARK (sd-workspace-error-quark, sd_workspace_error)

struct _SdWorkspace
{
  GObject    parent_instance;

  char      *data_dir;
  char      *workstation_id;
  SdDb      *db;
  SdLedger  *ledger;
  GRecMutex  mutex;
};

G_DEFINE_FINAL_TYPE (SdWorkspace, sd_workspace, G_TYPE_OBJECT)

static void
sd_workspace_finalize (GObject *object)
{
  SdWorkspace *self = SD_WORKSPACE (object);

  g_clear_pointer (&self->ledger, sd_ledger_free);
  g_clear_pointer (&self->db, sd_db_close);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->workstation_id, g_free);
  g_rec_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (sd_workspace_parent_class)->finalize (object);
}

static void
sd_workspace_class_init (SdWorkspaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_workspace_finalize;
}

static void
sd_workspace_init (SdWorkspace *self)
{
  g_rec_mutex_init (&self->mutex);
}

char *
sd_workspace_now_string (void)
{
  const char *fixed = g_getenv ("SEALDESK_TEST_NOW");
  g_autoptr(GDateTime) now = NULL;

  if (fixed != NULL && *fixed != '\0')
    return g_strdup (fixed);
  now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
sd_workspace_new_id (const char *prefix)
{
  guint8 bytes[8];
  g_autofree char *hex = NULL;

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int ();
  hex = sd_hex_encode (bytes, sizeof bytes);
  return g_strconcat (prefix, "-", hex, NULL);
}

static gboolean
ensure_dir (const char  *path,
            GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_workstation_id (SdWorkspace  *self,
                       GError      **error)
{
  GError *local_error = NULL;
  guint8 bytes[16];

  self->workstation_id = sd_db_get_setting (self->db, "workstation_id", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (self->workstation_id != NULL)
    return TRUE;

  if (!sd_db_begin (self->db, error))
    return FALSE;
  /* Another program may have set it while we waited. */
  self->workstation_id = sd_db_get_setting (self->db, "workstation_id", NULL);
  if (self->workstation_id == NULL)
    {
      if (RAND_bytes (bytes, sizeof bytes) != 1)
        {
          sd_db_rollback (self->db);
          g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                               _("No random numbers available to name this workstation"));
          return FALSE;
        }
      self->workstation_id = sd_hex_encode (bytes, sizeof bytes);
      if (!sd_db_set_setting (self->db, "workstation_id", self->workstation_id, error))
        {
          sd_db_rollback (self->db);
          return FALSE;
        }
    }
  return sd_db_commit (self->db, error);
}

SdWorkspace *
sd_workspace_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(SdWorkspace) self = g_object_new (SD_TYPE_WORKSPACE, NULL);
  g_autofree char *db_path = NULL;

  self->data_dir = data_dir != NULL ? g_canonicalize_filename (data_dir, NULL) : sd_data_dir ();
  if (!ensure_dir (self->data_dir, error))
    return NULL;
  db_path = g_build_filename (self->data_dir, "sealdesk.db", NULL);
  if ((self->db = sd_db_open (db_path, error)) == NULL
      || !ensure_workstation_id (self, error))
    return NULL;
  self->ledger = sd_ledger_new (self);
  /* Sealings a killed program left between its file and its ledger
   * entries: completed or undone. */
  sd_sealing_reconcile (self);
  /* And the intermediate files of the temporary folder it left. */
  sd_private_temp_sweep ();
  return g_steal_pointer (&self);
}

const char *
sd_workspace_get_data_dir (SdWorkspace *self)
{
  return self->data_dir;
}

SdDb *
sd_workspace_get_db (SdWorkspace *self)
{
  return self->db;
}

SdLedger *
sd_workspace_get_ledger (SdWorkspace *self)
{
  return self->ledger;
}

const char *
sd_workspace_get_workstation_id (SdWorkspace *self)
{
  return self->workstation_id;
}

char *
sd_workspace_get_subdir (SdWorkspace  *self,
                         const char   *name,
                         GError      **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, name, NULL);

  if (!ensure_dir (path, error))
    return NULL;
  return g_steal_pointer (&path);
}

void
sd_workspace_lock (SdWorkspace *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
sd_workspace_unlock (SdWorkspace *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

char *
sd_workspace_normalize_key_id (const char  *key_id,
                               GError     **error)
{
  if (key_id == NULL || *key_id == '\0')
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("Name a key: an ID as “sealdesk-cli keys list” prints it, or p12:FILE"));
      return NULL;
    }
  if (g_str_has_prefix (key_id, "p12:"))
    {
      g_autofree char *path = g_canonicalize_filename (key_id + 4, NULL);

      return g_strconcat ("p12:", path, NULL);
    }
  if (g_str_has_prefix (key_id, "keyring:") || g_ascii_strncasecmp (key_id, "pkcs11:", 7) == 0)
    return g_strdup (key_id);
  g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
               _("“%s” is not a key ID: use one that “sealdesk-cli keys list” prints (keyring:…, pkcs11:…), or p12:FILE"),
               key_id);
  return NULL;
}

GPtrArray *
sd_workspace_list_keys (SdWorkspace   *self,
                        GPtrArray    **warnings,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return sd_key_store_list_full (self->data_dir, warnings, cancellable, error);
}

SdKey *
sd_workspace_open_key (SdWorkspace   *self,
                       const char    *key_id,
                       SdPinCallback  pin_cb,
                       gpointer       pin_data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *id = sd_workspace_normalize_key_id (key_id, error);

  if (id == NULL)
    return NULL;
  return sd_key_store_open (self->data_dir, id, pin_cb, pin_data, cancellable, error);
}

SdKey *
sd_workspace_lookup_key (SdWorkspace   *self,
                         const char    *key_id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *id = sd_workspace_normalize_key_id (key_id, error);

  if (id == NULL)
    return NULL;
  return sd_key_store_lookup (self->data_dir, id, cancellable, error);
}

SdKey *
sd_workspace_import_key (SdWorkspace   *self,
                         const char    *p12_path,
                         const char    *passphrase,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return sd_key_store_import (self->data_dir, p12_path, passphrase, cancellable, error);
}

gboolean
sd_workspace_remove_key (SdWorkspace   *self,
                         const char    *key_id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return sd_key_store_remove (self->data_dir, key_id, cancellable, error);
}

X509 *
sd_workspace_key_certificate (SdWorkspace   *self,
                              const char    *key_id,
                              SdPinCallback  pin_cb,
                              gpointer       pin_data,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *id = sd_workspace_normalize_key_id (key_id, error);
  g_autoptr(SdKey) key = NULL;
  X509 *cert;

  if (id == NULL)
    return NULL;
  if (g_str_has_prefix (id, "p12:"))
    key = sd_key_store_open (self->data_dir, id, pin_cb, pin_data, cancellable, error);
  else
    key = sd_key_store_lookup (self->data_dir, id, cancellable, error);
  if (key == NULL)
    return NULL;
  cert = sd_key_get_certificate (key);
  if (cert == NULL)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_FAILED,
                   _("The key %s has no certificate"), id);
      return NULL;
    }
  X509_up_ref (cert);
  sd_key_lock (key);
  return cert;
}

gboolean
sd_workspace_add_trust_anchor (SdWorkspace  *self,
                               X509         *cert,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *hex = NULL;
  guint8 *der = NULL;
  guint8 digest[32];
  unsigned int digest_len = 0;
  int len = i2d_X509 (cert, &der);
  gboolean ok;

  if (len <= 0)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("The certificate cannot be encoded"));
      return FALSE;
    }
  EVP_Digest (der, len, digest, &digest_len, EVP_sha256 (), NULL);
  hex = sd_hex_encode (digest, sizeof digest);
  sd_workspace_lock (self);
  stmt = sd_db_prepare (self->db, "INSERT OR IGNORE INTO trust_anchor (sha256, certificate, added) VALUES (?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sd_db_bind_text (stmt, 1, hex);
      sqlite3_bind_blob (stmt, 2, der, len, SQLITE_TRANSIENT);
      sd_db_bind_text (stmt, 3, now);
      ok = sd_db_step_done (self->db, stmt, error);
    }
  sd_workspace_unlock (self);
  OPENSSL_free (der);
  return ok;
}

GPtrArray *
sd_workspace_get_trust_anchors (SdWorkspace  *self,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  gboolean has_row = TRUE;

  sd_workspace_lock (self);
  stmt = sd_db_prepare (self->db, "SELECT certificate FROM trust_anchor ORDER BY added", error);
  while (stmt != NULL && sd_db_step_row (self->db, stmt, &has_row, error) && has_row)
    {
      const guint8 *p = sqlite3_column_blob (stmt, 0);
      X509 *cert = d2i_X509 (NULL, &p, sqlite3_column_bytes (stmt, 0));

      if (cert != NULL)
        g_ptr_array_add (anchors, cert);
    }
  sd_workspace_unlock (self);
  if (stmt == NULL || has_row)
    return NULL;
  return g_steal_pointer (&anchors);
}

void
sd_trust_anchor_free (SdTrustAnchor *anchor)
{
  if (anchor == NULL)
    return;
  g_free (anchor->sha256);
  g_free (anchor->added);
  X509_free (anchor->cert);
  g_free (anchor);
}

GPtrArray *
sd_workspace_list_trust_anchors (SdWorkspace  *self,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_trust_anchor_free);
  gboolean has_row = TRUE;

  sd_workspace_lock (self);
  stmt = sd_db_prepare (self->db, "SELECT sha256, added, certificate FROM trust_anchor ORDER BY added, sha256", error);
  while (stmt != NULL && sd_db_step_row (self->db, stmt, &has_row, error) && has_row)
    {
      const guint8 *p = sqlite3_column_blob (stmt, 2);
      X509 *cert = d2i_X509 (NULL, &p, sqlite3_column_bytes (stmt, 2));
      SdTrustAnchor *anchor;

      if (cert == NULL)
        continue;
      anchor = g_new0 (SdTrustAnchor, 1);
      anchor->sha256 = g_strdup (sd_db_column_text (stmt, 0));
      anchor->added = g_strdup (sd_db_column_text (stmt, 1));
      anchor->cert = cert;
      g_ptr_array_add (anchors, anchor);
    }
  sd_workspace_unlock (self);
  if (stmt == NULL || has_row)
    return NULL;
  return g_steal_pointer (&anchors);
}

gboolean
sd_workspace_remove_trust_anchor (SdWorkspace  *self,
                                  const char   *sha256,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_ascii_strdown (sha256, -1);
  gboolean ok;

  sd_workspace_lock (self);
  stmt = sd_db_prepare (self->db, "DELETE FROM trust_anchor WHERE sha256 = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sd_db_bind_text (stmt, 1, key);
      ok = sd_db_step_done (self->db, stmt, error);
    }
  if (ok && sqlite3_changes (sd_db_get_handle (self->db)) == 0)
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_FOUND,
                   _("No certificate with SHA-256 %s is in the trust list"), sha256);
      ok = FALSE;
    }
  sd_workspace_unlock (self);
  return ok;
}

SdPkcs11Modules *
sd_workspace_get_pkcs11_modules (SdWorkspace  *self,
                                 GPtrArray    *warnings,
                                 GError      **error)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (self), NULL);

  return sd_pkcs11_modules_get (self->data_dir, warnings, error);
}

SdTokenMonitor *
sd_workspace_new_token_monitor (SdWorkspace *self,
                                guint        interval_ms)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (self), NULL);

  return sd_token_monitor_new (self->data_dir, interval_ms);
}

char **
sd_workspace_read_pkcs11_modules (SdWorkspace *self)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (self), NULL);

  return sd_pkcs11_user_modules_read (self->data_dir);
}

gboolean
sd_workspace_write_pkcs11_modules (SdWorkspace        *self,
                                   const char *const  *paths,
                                   GError            **error)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (self), FALSE);

  return sd_pkcs11_user_modules_write (self->data_dir, paths, error);
}
