/* sd-seal-library.h: the seals of this workspace and their lifecycle
 *
 * A seal is a picture with its true size in millimetres (so that it prints
 * at size), a kind, the key it signs with, and grants saying which profiles
 * may request it, approve its use and use it. Lifecycle: create → (grant,
 * withdraw)* → suspend (reported lost) ⇄ restore → revoke | destroy; only
 * an active seal can be used. Every step is a ledger entry.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum {
  SD_SEAL_MAY_REQUEST = 1 << 0,
  SD_SEAL_MAY_APPROVE = 1 << 1,
  SD_SEAL_MAY_USE     = 1 << 2,
} SdSealMay;

typedef struct {
  char   *id;
  char   *name;
  char   *kind;          /* company, contract, name, handwritten */
  char   *state;         /* active, suspended, revoked, destroyed */
  double  width_mm;
  double  height_mm;
  char   *key_id;
  char   *image_sha256;
  char   *created;
  GBytes *image;         /* PNG */
} SdSeal;

void        sd_seal_free              (SdSeal        *seal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSeal, sd_seal_free)

gboolean    sd_seal_kind_is_valid     (const char    *kind);
SdSealMay   sd_seal_may_from_string   (const char    *name);

/* Adds a seal (PNG bytes) and records its creation. */
SdSeal     *sd_seal_library_add       (SdWorkspace   *workspace,
                                       const char    *name,
                                       const char    *kind,
                                       double         width_mm,
                                       double         height_mm,
                                       const char    *key_id,
                                       GBytes        *png,
                                       const char    *actor,
                                       GError       **error);
SdSeal     *sd_seal_library_get       (SdWorkspace   *workspace,
                                       const char    *id,
                                       GError       **error);
GPtrArray  *sd_seal_library_list      (SdWorkspace   *workspace,
                                       GError       **error);
/* Seal ID → name, of every seal of the library (without the pictures):
 * for lists that name the seals they mention. */
GHashTable *sd_seal_library_names     (SdWorkspace   *workspace,
                                       GError       **error);
/* What @profile may do with the seal (0: nothing). */
SdSealMay   sd_seal_library_grants_of (SdWorkspace   *workspace,
                                       const char    *seal_id,
                                       const char    *profile,
                                       GError       **error);
gboolean    sd_seal_library_grant     (SdWorkspace   *workspace,
                                       const char    *seal_id,
                                       const char    *profile,
                                       SdSealMay      may,
                                       const char    *actor,
                                       GError       **error);
/* @may 0: everything. */
gboolean    sd_seal_library_withdraw  (SdWorkspace   *workspace,
                                       const char    *seal_id,
                                       const char    *profile,
                                       SdSealMay      may,
                                       const char    *actor,
                                       GError       **error);
/* @action: "suspend", "restore", "revoke", "destroy". */
gboolean    sd_seal_library_change_state (SdWorkspace *workspace,
                                       const char    *seal_id,
                                       const char    *action,
                                       const char    *reason,
                                       const char    *actor,
                                       GError       **error);
/* Fails with SD_WORKSPACE_ERROR_NOT_ALLOWED naming the state unless the
 * seal is active. */
gboolean    sd_seal_check_usable      (SdSeal        *seal,
                                       GError       **error);
/* The seal's PNG as a file (content-addressed in <data>/seals/), for the
 * signer. */
char       *sd_seal_library_image_path (SdWorkspace  *workspace,
                                       SdSeal        *seal,
                                       GError       **error);
JsonNode   *sd_seal_to_json           (SdWorkspace   *workspace,
                                       SdSeal        *seal);

G_END_DECLS
