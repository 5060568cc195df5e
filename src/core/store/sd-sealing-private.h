/* sd-sealing-private.h: the parts of the sealing operation (sd-sealing*.c) */
#pragma once

#include "sd-profile.h"
#include "sd-sealing.h"

G_BEGIN_DECLS

typedef struct {
  char      *path;       /* the signed document, in <data>/documents */
  char      *sha256;
  GPtrArray *seals;      /* IDs of the seals placed (char *) */
  GPtrArray *keys;       /* IDs of the keys that signed (char *) */
} SdSealingResult;

void     sd_sealing_result_clear (SdSealingResult       *result);

/* Signs the current document of @request for @step: a sign step with
 * @key (and the actor's personal seals), a stamp step with each seal's key.
 * @lock: the last signature locks the document. */
gboolean sd_sealing_sign_step    (SdWorkspace           *workspace,
                                  SdRequest             *request,
                                  SdRequestStep         *step,
                                  SdProfile             *actor,
                                  SdKey                 *key,
                                  const SdDecideOptions *opts,
                                  gboolean               lock,
                                  SdSealingResult       *result,
                                  GError               **error);

/* Inside the transaction: the decision row, the request's new state, the
 * ledger entries and the publishing marks. */
gboolean sd_sealing_record       (SdWorkspace           *workspace,
                                  SdRequest             *request,
                                  int                    step_index,
                                  SdProfile             *actor,
                                  const SdDecideOptions *opts,
                                  const char            *content,
                                  GBytes                *signature,
                                  SdSealingResult       *result,
                                  gboolean               complete,
                                  const char            *output,
                                  GError               **error);

G_END_DECLS
