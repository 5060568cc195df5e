/* sd-request-private.h: what requests and the sealing operation share */
#pragma once

#include "sd-key.h"
#include "sd-request.h"

G_BEGIN_DECLS

/* Canonical JSON of @content, signed with @key (SHA-256). */
gboolean sd_store_sign_content   (SdKey        *key,
                                  JsonNode     *content,
                                  char        **canonical,
                                  GBytes      **signature,
                                  GError      **error);
/* Checks a signature made by sd_store_sign_content with @cert's key. */
gboolean sd_store_verify_content (X509         *cert,
                                  const char   *canonical,
                                  const guint8 *signature,
                                  gsize         signature_len);
/* INSERT OR IGNORE into the publish queue (inside a transaction). */
gboolean sd_store_mark_publish   (SdDb         *db,
                                  const char   *kind,
                                  const char   *ref,
                                  GError      **error);
/* Adds a refusal to the ledger in its own transaction; never fails the
 * caller (the refusal itself is already being reported). */
void     sd_store_record_refusal (SdWorkspace  *workspace,
                                  const char   *actor,
                                  const char   *seal,
                                  const char   *request,
                                  const char   *what,
                                  const GError *why);
/* Is @placement a personal seal (name or handwritten) of @signer_key_id,
 * placed by that signer's own signature? */
gboolean sd_request_placement_is_personal (SdWorkspace        *workspace,
                                           SdRequestPlacement *placement,
                                           const char         *signer_key_id);
/* Key IDs of every profile of the sign steps in @steps (SdRequestStep). */
GHashTable *sd_request_signer_keys        (SdWorkspace        *workspace,
                                           GPtrArray          *steps);
/* Is @placement applied by a stamp step (not a signer's personal seal)?
 * @signer_keys from sd_request_signer_keys(). */
gboolean sd_request_placement_is_stamped  (SdWorkspace        *workspace,
                                           SdRequestPlacement *placement,
                                           GHashTable         *signer_keys);

/* Does @profile have the role that steps of @kind need? */
#include "sd-profile.h"
gboolean sd_request_check_role   (SdProfile    *profile,
                                  SdStepKind    kind,
                                  GError      **error);
/* The checks of a new request that need no key: the requester's role
 * and grants, the steps' profiles and roles, the seals' state, pages and
 * rectangles. */
gboolean sd_request_check_spec   (SdWorkspace         *workspace,
                                  const SdRequestSpec *spec,
                                  SdProfile          **requester,
                                  int                 *n_pages,
                                  GError             **error);
/* The rows of a new request, state pending (inside a transaction). */
gboolean sd_request_insert_rows  (SdDb                *db,
                                  const char          *id,
                                  const SdRequestSpec *spec,
                                  const char          *doc_path,
                                  const char          *doc_name,
                                  const char          *sha,
                                  const char          *now,
                                  const char          *content,
                                  GBytes              *signature,
                                  GError             **error);

G_END_DECLS
