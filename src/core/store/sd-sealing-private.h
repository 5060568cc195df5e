/* sd-sealing-private.h: the parts of the sealing operation (sd-sealing*.c) */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-ledger.h"
#include "sd-profile.h"
#include "sd-sealing.h"

G_BEGIN_DECLS

typedef struct {
  char      *path;       /* the signed document, in <data>/documents */
  char      *temp_path;  /* where it is until the intent puts it there */
  char      *sha256;
  GPtrArray *seals;      /* IDs of the seals placed (char *) */
  GPtrArray *keys;       /* IDs of the keys that signed (char *) */
  gboolean   recovered;  /* recorded by sd_sealing_reconcile() */
} SdSealingResult;

void     sd_sealing_result_clear (SdSealingResult       *result);

/* sd-sealing-intent.c: a signed file put in place and recorded in the
 * ledger, all or none, even when the program is killed in between. */
typedef struct _SdSealingIntent SdSealingIntent;

/* Starts one operation: its lock in <data>/intents, held until freed. */
SdSealingIntent *sd_sealing_intent_new       (SdWorkspace      *workspace,
                                              GError          **error);
/* Deletes the row of intent @id, inside a transaction. */
gboolean         sd_sealing_intent_delete_row (SdDb            *db,
                                               const char      *id,
                                               GError         **error);
/* The operation failed: its intent and temporary file go. */
void             sd_sealing_intent_abandon   (SdSealingIntent  *self);
void             sd_sealing_intent_free      (SdSealingIntent  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSealingIntent, sd_sealing_intent_free)

/* What the signer would refuse about @out_path, asked before signing
 * into a temporary file: the input's own name, a folder that cannot be
 * written. */
gboolean         sd_sealing_check_output     (const char       *in_path,
                                              const char       *out_path,
                                              GError          **error);
/* Signs @in_path with @key and @opts (@result, @progress, @cancellable:
 * as sd_sign_document_full) into the temporary file @n of @self,
 * *@temp_path, with the SHA-256 of the input (when @in_sha is not NULL)
 * and of the signed file. Cancelled up to its end, or failed, it leaves
 * no file. */
gboolean         sd_sealing_intent_sign      (SdSealingIntent      *self,
                                              guint                 n,
                                              const char           *in_path,
                                              SdKey                *key,
                                              const SdSignOptions  *opts,
                                              SdSignResult         *result,
                                              SdProgressFunc        progress,
                                              gpointer              progress_data,
                                              GCancellable         *cancellable,
                                              char                **temp_path,
                                              char                **in_sha,
                                              char                **out_sha,
                                              GError              **error);
/* The payload of a "document" intent: @entries (sd_sealing_entry_new)
 * and, when @result says that no timestamp authority answered, the
 * document's place in the queue of pending timestamps. */
JsonObject      *sd_sealing_document_payload (JsonArray            *entries,
                                              const SdSignResult   *result);
/* The end of every sealing. With @self: the intent that @temp_path
 * (SHA-256 @sha256) becomes @path is committed with @payload (kept by the
 * caller), and the file put in place. Then, in one transaction, what
 * @payload says is recorded (sd_sealing_apply), the intent deleted and a
 * new head signed. Without @self (a decision that signs nothing): that
 * transaction alone. A rule that refuses it now sets @refusal (or @error
 * when NULL). On failure the intent and its file go: nothing recorded,
 * nothing made. */
gboolean         sd_sealing_finish           (SdWorkspace          *workspace,
                                              SdSealingIntent      *self,
                                              const char           *kind,
                                              const char           *temp_path,
                                              const char           *path,
                                              const char           *sha256,
                                              const char           *actor,
                                              const char           *request,
                                              int                   step,
                                              JsonObject           *payload,
                                              GError              **refusal,
                                              GError              **error);
/* Inside the transaction: records the @payload of an intent of @kind for
 * the file @path (SHA-256 @sha256): "document", its ledger entries and its
 * pending timestamp; "step", sd_sealing_finish_step(). The one end of a
 * sealing, made now or recovered (@recovered, sd_sealing_reconcile). */
gboolean         sd_sealing_apply            (SdWorkspace          *workspace,
                                              const char           *kind,
                                              const char           *path,
                                              const char           *sha256,
                                              JsonObject           *payload,
                                              gboolean              recovered,
                                              GError              **refusal,
                                              GError              **error);

/* A ledger entry to append, as an intent keeps it (@details taken). */
JsonObject *sd_sealing_entry_new      (SdLedgerKind  kind,
                                       const char   *actor,
                                       const char   *seal,
                                       const char   *request,
                                       const char   *document_sha256,
                                       JsonObject   *details);
/* Says in an entry's details that sd_sealing_reconcile() wrote it. */
void        sd_sealing_mark_recovered (JsonObject   *details);
/* Settles the intents of programs that died (sd_workspace_open);
 * sd-sealing-reconcile.c. */
void        sd_sealing_reconcile      (SdWorkspace  *workspace);

/* Sets @error (SD_WORKSPACE_ERROR, @code) and returns FALSE. */
gboolean sd_store_refuse         (GError               **error,
                                  int                    code,
                                  const char            *format,
                                  ...) G_GNUC_PRINTF (3, 4);

/* Signs the current document of @request for @step: a sign step with
 * @key (and the actor's personal seals), a stamp step with each seal's key.
 * @lock: the last signature locks the document. The result is left in
 * @result->temp_path (a temporary file of @intent), for @intent to put
 * it in @result->path. */
gboolean sd_sealing_sign_step    (SdWorkspace           *workspace,
                                  SdRequest             *request,
                                  SdRequestStep         *step,
                                  SdProfile             *actor,
                                  SdKey                 *key,
                                  const SdDecideOptions *opts,
                                  gboolean               lock,
                                  SdSealingIntent       *intent,
                                  SdSealingResult       *result,
                                  GError               **error);

/* Inside the transaction: the decision @payload describes (the step's
 * payload of its intent: request, step, actor, action, comment, opinion,
 * output, content, signature, document_sha256, complete and the result)
 * is checked again (a rule that refuses it now sets @refusal), the output
 * written when it completes the request, and it is recorded
 * (sd_sealing_record). The one end of a decision, made now or
 * recovered. */
gboolean sd_sealing_finish_step  (SdWorkspace           *workspace,
                                  JsonObject            *payload,
                                  gboolean               recovered,
                                  GError               **refusal,
                                  GError               **error);

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
