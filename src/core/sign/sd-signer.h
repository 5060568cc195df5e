/* sd-signer.h: sign a PDF (PAdES baseline B-B to B-LTA) as an incremental update
 *
 * The original bytes stay as they are; one incremental update appends the
 * signature field(s), their appearance (the seal picture, or nothing for an
 * invisible signature) and the signature dictionary whose /Contents holds a
 * detached CMS over the whole file but /Contents. B-T puts a signature
 * timestamp in the CMS; B-LT and B-LTA add the revisions of sd-ltv.h (the
 * signed revision is made in a private temporary file first). The output
 * is written atomically; the input is read once, streaming.
 */
#pragma once

#include <gio/gio.h>

#include "sd-key.h"
#include "sd-progress.h"
#include "sd-tsa.h"

G_BEGIN_DECLS

#define SD_SIGN_ERROR (sd_sign_error_quark ())

typedef enum {
  SD_SIGN_ERROR_FAILED,
  SD_SIGN_ERROR_INVALID_ARGUMENT,   /* bad page, rectangle, output path… */
  SD_SIGN_ERROR_CERTIFICATE,        /* certificate unusable for signing */
  SD_SIGN_ERROR_UNSUPPORTED,        /* document we cannot sign correctly */
  SD_SIGN_ERROR_DAMAGED,            /* damaged: repair_damaged would sign a repaired copy */
} SdSignError;

GQuark sd_sign_error_quark (void);

typedef enum {
  SD_CERTIFY_NONE = 0,
  SD_CERTIFY_NO_CHANGES = 1,        /* DocMDP P=1 */
  SD_CERTIFY_FORM_FILL = 2,         /* DocMDP P=2 */
  SD_CERTIFY_ANNOTATE = 3,          /* DocMDP P=3 */
} SdCertifyLevel;

/* PAdES baseline levels. */
typedef enum {
  SD_SIGN_LEVEL_B_B = 0,            /* the signature alone */
  SD_SIGN_LEVEL_B_T,                /* + a signature timestamp (RFC 3161) */
  SD_SIGN_LEVEL_B_LT,               /* + /DSS: certificates, OCSP responses, CRLs */
  SD_SIGN_LEVEL_B_LTA,              /* + a document timestamp over everything */
} SdSignLevel;

const char *sd_sign_level_to_string   (SdSignLevel   level);
gboolean    sd_sign_level_from_string (const char   *text,
                                       SdSignLevel  *level);

/* Where a seal goes: a page (1-based) and a rectangle in PDF points, in the
 * page's visible coordinates (crop box, after /Rotate), origin bottom-left. */
typedef struct {
  int     page;
  double  x;
  double  y;
  double  width;
  double  height;
  char   *image_path;               /* PNG with alpha */
} SdSealPlacement;

typedef struct {
  char           *reason;           /* /Reason, or NULL */
  char           *location;         /* /Location, or NULL */
  char           *name;             /* /Name (signer name), or NULL */
  char           *contact;          /* /ContactInfo, or NULL */
  char           *field_name;       /* NULL: "Signature<N>", first free */
  GPtrArray      *placements;       /* of SdSealPlacement*; empty: invisible */
  /* Page marks (of SdMark*, sd-marks.h: QR code, watermark, cross-page
   * strips), drawn as page content in an unsigned revision just before
   * the signature, which covers them; empty: none. */
  GPtrArray      *marks;
  SdCertifyLevel  certify;
  /* Lock the document with this signature (PDF 2.0 field lock, FieldMDP
   * /Action /All /P 1): no change is allowed after it. For a document
   * without signatures, certify no-changes instead. */
  gboolean        lock_document;
  /* Also: B-LT writes the DSS even when it shows the certificate revoked. */
  gboolean        allow_invalid_certificate;
  GDateTime      *signing_time;     /* /M; NULL: now */
  /* B-T and above need timestamp authorities (owned, freed by
   * sd_sign_options_clear()). */
  SdSignLevel     level;
  SdTsaClient    *tsa;
  /* When no TSA can be reached: sign at B-B anyway and say so in the
   * result (timestamp_deferred), instead of failing. */
  gboolean        defer_timestamp;
  /* B-LT and B-LTA: the folder where OCSP responses and CRLs are kept for
   * offline use (owned), or NULL. */
  char           *validation_cache;
  /* This signature voids the document (`sealdesk-cli void`): the
   * signature dictionary says so with /SealdeskVoid true. */
  gboolean        voids_document;
  /* The document's own password (user or owner), when it is encrypted: a
   * secret, wiped by sd_sign_options_clear(); NULL: none (or empty). The
   * update is encrypted with the document's key. */
  char           *password;
  /* A damaged document without signatures is rewritten by qpdf into a
   * clean first revision, and that is signed (an incremental update onto
   * broken cross-reference data is not verifiable); the result says so.
   * Without it a damaged document is refused (SD_SIGN_ERROR_DAMAGED). */
  gboolean        repair_damaged;
} SdSignOptions;

/* What sd_sign_document_full() did. */
typedef struct {
  SdSignLevel     level;            /* the level the output reached */
  gboolean        timestamp_deferred; /* no TSA reachable: B-B, to extend later */
  char           *tsa_url;          /* the TSA that answered, or NULL */
  /* repair_damaged rewrote the input: what was wrong with it. NULL when
   * the original bytes are kept. */
  char           *repaired;
  /* The SHA-256 (lower-case hex) of @in_path as the signer read it and of
   * @out_path as it wrote it, computed in its one pass over the input;
   * NULL where that pass did not read the input itself (page marks,
   * repair_damaged) or did not write the output (B-LT, B-LTA). */
  char           *input_sha256;
  char           *output_sha256;
} SdSignResult;

void             sd_sign_result_clear       (SdSignResult    *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SdSignResult, sd_sign_result_clear)

void             sd_sign_options_init       (SdSignOptions   *opts);
void             sd_sign_options_clear      (SdSignOptions   *opts);
void             sd_sign_options_add_seal   (SdSignOptions   *opts,
                                             int              page,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height,
                                             const char      *image_path);

/* Signs @in_path into @out_path with @key, which must be unlocked (so that a
 * batch unlocks once). Checks the certificate first unless
 * opts->allow_invalid_certificate. On error nothing is written at @out_path
 * and any file already there is untouched. Safe to call from a worker
 * thread. */
gboolean         sd_sign_document           (const char          *in_path,
                                             const char          *out_path,
                                             SdKey               *key,
                                             const SdSignOptions *opts,
                                             SdProgressFunc       progress,
                                             gpointer             progress_data,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* The same, saying in @result (may be NULL) which level was reached. */
gboolean         sd_sign_document_full      (const char          *in_path,
                                             const char          *out_path,
                                             SdKey               *key,
                                             const SdSignOptions *opts,
                                             SdSignResult        *result,
                                             SdProgressFunc       progress,
                                             gpointer             progress_data,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Does a certification or a lock of @in_path forbid a signature with
 * @n_placements seals? The check of sd_sign_document(), alone and cheap
 * (the form is read, not the pages), so that the app can say so before
 * it asks for a PIN. A document that cannot be opened passes: signing it
 * says why. */
gboolean         sd_sign_check_permitted    (const char          *in_path,
                                             guint                n_placements,
                                             GError             **error);

G_END_DECLS
