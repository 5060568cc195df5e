/* sd-profile.h: the people who use this workstation
 *
 * A profile is a local person with roles (requester, approver, seal
 * keeper, signer), bound to one key: every decision the person makes is
 * signed by it. The key's certificate is kept with the profile, so that a
 * decision can be checked without the key being present.
 */
#pragma once

#include "sd-x509-info.h" /* sd_x509_sha256_hex */

#include <json-glib/json-glib.h>
#include <openssl/x509.h>

#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum {
  SD_ROLE_REQUESTER   = 1 << 0,
  SD_ROLE_APPROVER    = 1 << 1,
  SD_ROLE_SEAL_KEEPER = 1 << 2,
  SD_ROLE_SIGNER      = 1 << 3,
} SdRoles;

typedef struct {
  char    *name;
  SdRoles  roles;
  char    *key_id;
  X509    *certificate;
  char    *cert_sha256;
  char    *created;
} SdProfile;

void        sd_profile_free          (SdProfile    *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdProfile, sd_profile_free)

/* "seal-keeper" → SD_ROLE_SEAL_KEEPER; 0 for an unknown name. */
SdRoles     sd_role_from_string      (const char   *name);
const char *sd_role_to_string        (SdRoles       role);

/* Adds a profile bound to @key_id (its certificate is read now: a PKCS#12
 * file needs @pin_cb). Recorded in the ledger. */
SdProfile  *sd_profile_add           (SdWorkspace  *workspace,
                                      const char   *name,
                                      SdRoles       roles,
                                      const char   *key_id,
                                      SdPinCallback pin_cb,
                                      gpointer      pin_data,
                                      GError      **error);
SdProfile  *sd_profile_get           (SdWorkspace  *workspace,
                                      const char   *name,
                                      GError      **error);
/* Array of SdProfile, by name. */
GPtrArray  *sd_profile_list          (SdWorkspace  *workspace,
                                      GError      **error);
JsonNode   *sd_profile_to_json       (SdProfile    *profile);

/* The name a person is shown by wherever the application names them (the
 * requests, a review, the ledger): the name in the profile's certificate,
 * then the profile's name when it differs, "Li Lei (lawyer)". */
char       *sd_profile_display_name  (SdProfile    *profile);
/* Each profile's display name, by profile name: for sd_profile_actor_name(). */
GHashTable *sd_profile_display_names (SdWorkspace  *workspace,
                                      GError      **error);
/* How the actor @actor (a profile name) is shown, from @names (made by
 * sd_profile_display_names(), or NULL): the profile's display name, or
 * @actor itself when the workspace has no such profile. */
const char *sd_profile_actor_name    (GHashTable   *names,
                                      const char   *actor);

/* Opens the profile's key, unlocked (one call of @pin_cb at most), and
 * checks that it is still the key whose certificate the profile holds. */
SdKey      *sd_profile_open_key      (SdWorkspace  *workspace,
                                      SdProfile    *profile,
                                      SdPinCallback pin_cb,
                                      gpointer      pin_data,
                                      GCancellable *cancellable,
                                      GError      **error);

/* Helpers shared with the rest of the store. */
/* A name for a profile or seal: 1–64 characters, no control characters,
 * no leading or trailing space. */
gboolean    sd_store_check_name      (const char   *name,
                                      const char   *what,
                                      GError      **error);

G_END_DECLS
