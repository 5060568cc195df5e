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
 * A refusal is itself recorded in the ledger. The calls block: run them in
 * a worker thread in the application.
 */
#pragma once

#include "sd-progress.h"
#include "sd-request.h"

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

G_END_DECLS
