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

/* Sets @error (SD_WORKSPACE_ERROR, @code) and returns FALSE. */
gboolean sd_store_refuse         (GError               **error,
                                  int                    code,
                                  const char            *format,
                                  ...) G_GNUC_PRINTF (3, 4);

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

/* The SHA-256 of @in_path and @out_path just signed with @result: the
 * signer's, made in its one pass over the input, or read from the file
 * where that pass did not see it (page marks, a repair, B-LT, B-LTA). */
gboolean sd_sealing_signed_hashes (const char          *in_path,
                                   const char          *out_path,
                                   SdSignResult        *result,
                                   char               **in_sha,
                                   char               **out_sha,
                                   GError             **error);

/* Inside the transaction: the decision row, the request's new state, the
 * ledger entries and, for a decision made here, the publishing marks. */
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

/* The rules of a decision that need no key (state, turn, a second
 * decision, role, grants, seals' state, and with @hash_file the
 * document's hash): the one check that local decisions and decisions
 * imported from other workstations both go through. */
gboolean sd_sealing_check_decision (SdWorkspace            *workspace,
                                    SdRequest              *request,
                                    SdProfile              *actor,
                                    const SdDecideOptions  *opts,
                                    SdRequestStep         **step_out,
                                    gboolean                hash_file,
                                    GError                **error);
/* Would the request be complete once @actor has decided @step so? */
gboolean sd_sealing_completes      (SdRequest              *request,
                                    SdRequestStep          *step,
                                    const char             *actor,
                                    SdDecideAction          action);
/* NAME-signed.pdf beside the request's original. */
char    *sd_sealing_default_output (SdRequest              *request);
/* Copies a file with temp name + fsync + rename. */
gboolean sd_sealing_copy_file      (const char             *from,
                                    const char             *to,
                                    GError                **error);

G_END_DECLS
