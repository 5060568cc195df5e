/* sd-store-remote.h: what other workstations made, taken into this store
 *
 * The shared-folder sync (src/core/sync) hands over what a paired
 * workstation published; these calls apply the same rules as the local
 * operations (sd_request_check_spec, sd_sealing_check_decision) and record
 * what they accept in the ledger. Profiles and seals of another
 * workstation are kept with their origin (its workstation ID) and a key ID
 * "remote:WORKSTATION": they can be named in requests and checked against,
 * never used to sign here. Errors are SD_WORKSPACE_ERROR; *changed tells
 * whether anything was written (importing the same thing twice changes
 * nothing).
 */
#pragma once

#include <openssl/x509.h>

#include "sd-profile.h"
#include "sd-request.h"

G_BEGIN_DECLS

/* The origin of a profile or seal: NULL (g_free) when made here. */
char      *sd_profile_get_origin      (SdWorkspace  *workspace,
                                       const char   *name);
char      *sd_seal_get_origin         (SdWorkspace  *workspace,
                                       const char   *seal_id);

gboolean   sd_profile_import_remote   (SdWorkspace  *workspace,
                                       const char   *origin,
                                       const char   *name,
                                       SdRoles       roles,
                                       X509         *certificate,
                                       gboolean     *changed,
                                       GError      **error);

typedef struct {
  const char *id;
  const char *name;
  const char *kind;
  const char *state;
  double      width_mm;
  double      height_mm;
  GBytes     *image;        /* PNG */
  GPtrArray  *grants;       /* "PROFILE:MAY" (char *) */
} SdRemoteSeal;

/* Adds or updates (state, grants) a seal owned by @origin. Grants to
 * profiles unknown here are left out. */
gboolean   sd_seal_import_remote      (SdWorkspace        *workspace,
                                       const char         *origin,
                                       const SdRemoteSeal *seal,
                                       gboolean           *changed,
                                       GError            **error);

/* A request made on @origin: @content is its canonical signed content,
 * @doc_path a copy of its document in the data directory. */
SdRequest *sd_request_import_remote   (SdWorkspace  *workspace,
                                       const char   *origin,
                                       const char   *content,
                                       GBytes       *signature,
                                       const char   *doc_path,
                                       gboolean     *changed,
                                       GError      **error);

/* The request and step a signed decision is about, read from its
 * canonical content (nothing checked but the form). */
gboolean   sd_decision_peek           (const char   *content,
                                       char        **request_id,
                                       int          *step,
                                       char        **result_sha256,
                                       GError      **error);

/* A decision made on @origin. @result_path: the signed document a sign or
 * stamp step made (its SHA-256 is checked against the decision, and that
 * it extends the current document), NULL otherwise. A decision for a
 * later step than the current one sets *deferred and changes nothing. */
SdRequest *sd_sealing_accept_remote   (SdWorkspace  *workspace,
                                       const char   *origin,
                                       const char   *content,
                                       GBytes       *signature,
                                       const char   *opinion,
                                       const char   *result_path,
                                       gboolean     *deferred,
                                       gboolean     *changed,
                                       GError      **error);

G_END_DECLS
