/* sd-sealing.h: the one sealing operation
 *
 * Every decision on a stamp request goes through sd_sealing_decide(), from
 * the command line and from the application alike, so that no rule can be
 * skipped by one of them:
 *   check the request, the step, the decider's role and grants, the seals'
 *   state and the document's hash → (sign or stamp steps) place the seals
 *   and sign → record the signed decision, the ledger entries and a new
 *   signed tree head, and mark the result for publishing, in one
 *   transaction.
 * A refusal is itself recorded in the ledger. A signed document is put in
 * place only once an intent for it is committed (sd-sealing-intent.c), so
 * that a program killed before it recorded the document is completed, or
 * undone, by the next one that opens the workspace. The calls block: run
 * them in a worker thread in the application.
 */
#pragma once

#include "sd-progress.h"
#include "sd-request.h"
#include "sd-signer.h"

G_BEGIN_DECLS

typedef enum {
  SD_DECIDE_APPROVE,     /* approve, sign or stamp, as the step is */
  SD_DECIDE_REJECT,      /* the request ends; a comment is required */
  SD_DECIDE_DECLINE,     /* dissent with an opinion; the workflow goes on */
  SD_DECIDE_WITHDRAW,    /* the requester takes the request back */
} SdDecideAction;

typedef struct {
  const char     *request_id;
  const char     *actor;          /* profile name */
  SdDecideAction  action;
  const char     *comment;
  const char     *opinion;        /* text of the opinion (decline) */
  const char     *output_path;    /* last step; NULL: NAME-signed.pdf beside the original */
  SdPinCallback   pin_cb;         /* the actor's key */
  gpointer        pin_data;
  SdPinCallback   seal_pin_cb;    /* seal keys other than the actor's */
  gpointer        seal_pin_data;
  SdProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
} SdDecideOptions;

/* Returns the request as it is after the decision. */
SdRequest *sd_sealing_decide (SdWorkspace           *workspace,
                              const SdDecideOptions *opts,
                              GError               **error);

const char *sd_decide_action_to_string (SdDecideAction action);

/* A seal of the library placed on a page, for sealing without a request:
 * @page from 1, the rectangle in points in the page's visible space
 * (sd-geometry.h). @field: the empty signature field it fills, or NULL. */
typedef struct {
  const char *seal_id;
  int         page;
  double      x;
  double      y;
  double      width;
  double      height;
  const char *field;
} SdSealUse;

/* The one sealing operation without a stamp request, used by
 * `sealdesk-cli sign` (with or without seals) and by the application's
 * Sign button, so that every signature made with a key of the workspace
 * is in the ledger: checks that every seal is active → signs @in_path
 * into @out_path with @key (unlocked by the caller, so that a batch asks
 * once) and @opts (@seals are placed, at most one of them filling a
 * field, then @opts's own placements, pictures that are not seals of the
 * library; none at all: an invisible signature; @opts's marks are drawn, those that show a seal
 * of the library, a cross-page seal, checked like @seals; a QR mark
 * without text gets the verification code of this signature) → appends a
 * seal-use ledger entry per seal (one for each seal the marks show, with
 * its pages) and a key-use entry, and signs a new tree head, in one transaction, which
 * also queues the output for its timestamp when no authority answered (B-B, @result's
 * timestamp_deferred; sd-pending.h). When the ledger cannot be written the output is
 * removed. @actor: the profile
 * name for the ledger, or NULL. @in_path is never modified. */
gboolean    sd_sealing_seal_document   (SdWorkspace          *workspace,
                                        const char           *in_path,
                                        const char           *out_path,
                                        SdKey                *key,
                                        const SdSignOptions  *opts,
                                        const SdSealUse      *seals,
                                        guint                 n_seals,
                                        const char           *actor,
                                        SdSignResult         *result,
                                        SdProgressFunc        progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Declares the signed document @in_path void for @reason (required): a
 * new signature into @out_path, with @key (unlocked by the caller) and
 * @opts (which must have no seals or marks), whose seal is the "VOID /
 * 作废" stamp and statement on every page and whose dictionary says
 * /SealdeskVoid true; the earlier signatures stay as they were. Appends
 * the lifecycle ledger entry (action "void": reason, signer, output's
 * SHA-256) and signs a new tree head in one transaction (with the output
 * queued for its timestamp when no authority answered); when the ledger
 * cannot be written the output is removed. Used by `sealdesk-cli void`
 * and the application's "Mark as Void…". */
gboolean    sd_sealing_void_document   (SdWorkspace          *workspace,
                                        const char           *in_path,
                                        const char           *out_path,
                                        SdKey                *key,
                                        const SdSignOptions  *opts,
                                        const char           *reason,
                                        SdSignResult         *result,
                                        SdProgressFunc        progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
