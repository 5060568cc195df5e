/* sd-workspace.h: one Sealdesk data directory and everything it holds
 *
 * The workspace owns the data directory, its database (sd-db.h), the key
 * store, the trust list, the seal library and the seal-use ledger. The CLI
 * and the application open one and hand it to every operation: nothing
 * else passes a data-directory path around. Its calls block (database,
 * keyring, tokens): the application runs them in a worker thread. One
 * workspace object may be used from several threads; its database calls
 * are serialised.
 */
#pragma once

#include <gio/gio.h>
#include <openssl/x509.h>

#include "sd-db.h"
#include "sd-key.h"

G_BEGIN_DECLS

#define SD_WORKSPACE_ERROR (sd_workspace_error_quark ())

typedef enum {
  SD_WORKSPACE_ERROR_FAILED,
  SD_WORKSPACE_ERROR_NOT_FOUND,     /* no such profile, seal, request, entry */
  SD_WORKSPACE_ERROR_EXISTS,        /* a profile or seal of that name exists */
  SD_WORKSPACE_ERROR_INVALID,       /* bad value (name, size, rectangle…) */
  SD_WORKSPACE_ERROR_NOT_ALLOWED,   /* a rule forbids it (grant, role, state) */
  SD_WORKSPACE_ERROR_CHANGED,       /* the document changed since the request */
} SdWorkspaceError;

GQuark sd_workspace_error_quark (void);

#define SD_TYPE_WORKSPACE (sd_workspace_get_type ())
G_DECLARE_FINAL_TYPE (SdWorkspace, sd_workspace, SD, WORKSPACE, GObject)

typedef struct _SdLedger SdLedger;

/* Opens (creating when needed) the workspace in @data_dir, NULL for
 * sd_data_dir(). The ledger key is generated on first use. */
SdWorkspace *sd_workspace_open                 (const char    *data_dir,
                                                GError       **error);

const char  *sd_workspace_get_data_dir         (SdWorkspace   *self);
SdDb        *sd_workspace_get_db               (SdWorkspace   *self);
SdLedger    *sd_workspace_get_ledger           (SdWorkspace   *self);
/* 32 hex digits naming this workstation in ledgers and shared folders. */
const char  *sd_workspace_get_workstation_id   (SdWorkspace   *self);
/* A folder below the data directory, created (0700) when missing:
 * "documents", "seals", … */
char        *sd_workspace_get_subdir           (SdWorkspace   *self,
                                                const char    *name,
                                                GError       **error);

/* Serialises database use between threads of one process. */
void         sd_workspace_lock                 (SdWorkspace   *self);
void         sd_workspace_unlock               (SdWorkspace   *self);

/* The key store (sd-key-store.h) of this workspace. A "p12:" ID given as a
 * relative path is made absolute by sd_workspace_normalize_key_id(). */
char        *sd_workspace_normalize_key_id     (const char    *key_id,
                                                GError       **error);
GPtrArray   *sd_workspace_list_keys            (SdWorkspace   *self,
                                                GPtrArray    **warnings,
                                                GCancellable  *cancellable,
                                                GError       **error);
/* The key with @key_id, unlocked with at most one call of @pin_cb. */
SdKey       *sd_workspace_open_key             (SdWorkspace   *self,
                                                const char    *key_id,
                                                SdPinCallback  pin_cb,
                                                gpointer       pin_data,
                                                GCancellable  *cancellable,
                                                GError       **error);
/* The key with @key_id, locked (sd-key-store.h: a "p12:" key with a
 * passphrase needs sd_workspace_open_key). */
SdKey       *sd_workspace_lookup_key           (SdWorkspace   *self,
                                                const char    *key_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
/* Imports a PKCS#12 file's key into the system keyring; removes one. */
SdKey       *sd_workspace_import_key           (SdWorkspace   *self,
                                                const char    *p12_path,
                                                const char    *passphrase,
                                                GCancellable  *cancellable,
                                                GError       **error);
gboolean     sd_workspace_remove_key           (SdWorkspace   *self,
                                                const char    *key_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
/* The certificate of @key_id without unlocking it where the backend
 * allows (tokens, keyring); a PKCS#12 file needs @pin_cb. */
X509        *sd_workspace_key_certificate      (SdWorkspace   *self,
                                                const char    *key_id,
                                                SdPinCallback  pin_cb,
                                                gpointer       pin_data,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* The trust list: certificates this workspace trusts as signing roots. */
gboolean     sd_workspace_add_trust_anchor     (SdWorkspace   *self,
                                                X509          *cert,
                                                GError       **error);
/* Array of X509* (freed with the array). */
GPtrArray   *sd_workspace_get_trust_anchors    (SdWorkspace   *self,
                                                GError       **error);

/* One entry of the trust list, as sd_workspace_list_trust_anchors() gives it. */
typedef struct {
  char *sha256;                     /* lower-case hex of the certificate's DER: its ID */
  char *added;                      /* when it was added, RFC 3339 */
  X509 *cert;
} SdTrustAnchor;

void         sd_trust_anchor_free              (SdTrustAnchor *anchor);
/* Array of SdTrustAnchor (freed with the array), oldest first. */
GPtrArray   *sd_workspace_list_trust_anchors   (SdWorkspace   *self,
                                                GError       **error);
/* Removes the anchor whose SHA-256 is @sha256 (hex, any case);
 * SD_WORKSPACE_ERROR_NOT_FOUND when there is none. */
gboolean     sd_workspace_remove_trust_anchor  (SdWorkspace   *self,
                                                const char    *sha256,
                                                GError       **error);

/* The PKCS#11 side of the key store, for what still works on the
 * workspace's folder: the shared module set (sd-pkcs11-modules.h: p11-kit's
 * modules and the ones added in this workspace), a token monitor over it
 * (sd-token-monitor.h, @interval_ms 0: two seconds), and the list of the
 * module paths the person added (never NULL; written atomically). */
typedef struct _SdPkcs11Modules SdPkcs11Modules;
typedef struct _SdTokenMonitor SdTokenMonitor;

SdPkcs11Modules *sd_workspace_get_pkcs11_modules   (SdWorkspace        *self,
                                                    GPtrArray          *warnings,
                                                    GError            **error);
SdTokenMonitor  *sd_workspace_new_token_monitor    (SdWorkspace        *self,
                                                    guint               interval_ms);
char           **sd_workspace_read_pkcs11_modules  (SdWorkspace        *self);
gboolean         sd_workspace_write_pkcs11_modules (SdWorkspace        *self,
                                                    const char *const  *paths,
                                                    GError            **error);

/* Helpers shared by the store modules. */
char        *sd_workspace_now_string           (void);
char        *sd_workspace_new_id               (const char    *prefix);

G_END_DECLS
