/* sd-request.h: stamp requests and their signing order
 *
 * A stamp request binds a document by SHA-256, names the seals and where
 * each goes, and an ordered list of steps (approve, sign, stamp), each
 * "one of" or "all of" a group of profiles. It is signed by the requester's
 * key over its canonical content. Decisions are made through the one
 * sealing operation (sd-sealing.h).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sd-sha256.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum {
  SD_STEP_APPROVE,
  SD_STEP_SIGN,
  SD_STEP_STAMP,
} SdStepKind;

typedef struct {
  int         index;       /* from 1 */
  SdStepKind  kind;
  gboolean    all;         /* every profile, or one of them */
  GStrv       profiles;
} SdRequestStep;

typedef struct {
  char   *seal;
  int     page;
  double  x, y, width, height;
  char   *field;             /* an existing empty signature field, or NULL */
} SdRequestPlacement;

typedef struct {
  int    step;
  char  *profile;
  char  *action;           /* approve, reject, decline, withdraw */
  char  *comment;
  char  *opinion;
  char  *document_sha256;  /* the document as it was decided on */
  char  *time;
} SdDecision;

typedef struct {
  char      *id;
  char      *state;        /* pending, approved, rejected, completed, withdrawn */
  char      *requester;
  char      *reason;
  char      *matter;
  gboolean   lock;
  char      *doc_path;
  char      *doc_name;
  char      *doc_sha256;
  char      *current_path;
  char      *current_sha256;
  char      *output;
  char      *created;
  GPtrArray *placements;   /* SdRequestPlacement */
  GPtrArray *steps;        /* SdRequestStep */
  GPtrArray *decisions;    /* SdDecision, in the order made */
} SdRequest;

void            sd_request_free             (SdRequest          *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdRequest, sd_request_free)
void            sd_request_step_free        (SdRequestStep      *step);
void            sd_request_placement_free   (SdRequestPlacement *placement);

const char     *sd_step_kind_to_string      (SdStepKind          kind);
/* "approve:partner", "sign:a,b,c:all" → a step. */
SdRequestStep  *sd_request_step_parse       (const char         *text,
                                             GError            **error);

typedef struct {
  const char *document;      /* path of the PDF */
  const char *requester;     /* profile */
  const char *reason;
  const char *matter;        /* may be NULL */
  GPtrArray  *placements;    /* SdRequestPlacement (borrowed) */
  GPtrArray  *steps;         /* SdRequestStep (borrowed) */
  gboolean    lock;
} SdRequestSpec;

/* Checks the requester's role and grants and every seal's state, signs
 * the request with the requester's key and records it. */
SdRequest      *sd_request_create           (SdWorkspace         *workspace,
                                             const SdRequestSpec *spec,
                                             SdPinCallback        pin_cb,
                                             gpointer             pin_data,
                                             GError             **error);
SdRequest      *sd_request_get              (SdWorkspace         *workspace,
                                             const char          *id,
                                             GError             **error);
/* @state NULL: every request. Newest first. */
GPtrArray      *sd_request_list             (SdWorkspace         *workspace,
                                             const char          *state,
                                             GError             **error);

/* The first step not yet done (NULL when every step is done). */
SdRequestStep  *sd_request_current_step     (SdRequest          *request);
/* "waiting", "active", "done" or "rejected". */
const char     *sd_request_step_state       (SdRequest          *request,
                                             SdRequestStep      *step);
gboolean        sd_request_step_has_profile (SdRequestStep      *step,
                                             const char         *profile);
/* The decision @profile made at @step, or NULL. */
SdDecision     *sd_request_find_decision    (SdRequest          *request,
                                             int                 step,
                                             const char         *profile);

JsonNode       *sd_request_to_json          (SdRequest          *request);

G_END_DECLS
