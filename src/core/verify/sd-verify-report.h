/* sd-verify-report.h: the result of verifying the signatures of a PDF
 *
 * A report is a plain, immutable-after-construction tree of structs:
 * the document (name, SHA-256, verdict), one SdVerifySignature per signature
 * or document timestamp, and for each the changes made after it. It is
 * reference counted so that a GUI can hand it from a worker thread to the
 * main loop (G_TYPE is a boxed type).
 *
 * Three renderings: JSON (the `verify --json` contract of DESIGN.md),
 * human-readable translated text, and a one-page PDF report.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  SD_VERIFY_VERDICT_VALID,
  SD_VERIFY_VERDICT_UNTRUSTED,
  SD_VERIFY_VERDICT_INVALID,
  SD_VERIFY_VERDICT_UNSIGNED,        /* document only: no signature at all */
} SdVerifyVerdict;

typedef enum {
  SD_VERIFY_LEVEL_B_B,
  SD_VERIFY_LEVEL_B_T,
  SD_VERIFY_LEVEL_B_LT,
  SD_VERIFY_LEVEL_B_LTA,
  SD_VERIFY_LEVEL_PKCS7,             /* adbe.pkcs7.* and adbe.x509.rsa_sha1 */
  SD_VERIFY_LEVEL_TIMESTAMP,         /* ETSI.RFC3161 document timestamp */
} SdVerifyLevel;

typedef enum {
  SD_VERIFY_COVERAGE_WHOLE_FILE,
  SD_VERIFY_COVERAGE_WHOLE_REVISION,
  SD_VERIFY_COVERAGE_PARTIAL,
} SdVerifyCoverage;

typedef enum {
  SD_VERIFY_CHANGE_SIGNATURE,
  SD_VERIFY_CHANGE_FORM_FILL,
  SD_VERIFY_CHANGE_DSS,
  SD_VERIFY_CHANGE_DOC_TIMESTAMP,
  SD_VERIFY_CHANGE_ANNOTATION,
  SD_VERIFY_CHANGE_PAGE_CONTENT,
  SD_VERIFY_CHANGE_PAGES,
  SD_VERIFY_CHANGE_OTHER,
} SdVerifyChangeKind;

typedef enum {
  SD_VERIFY_ATTACK_NONE,
  SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
  SD_VERIFY_ATTACK_SIGNATURE_WRAPPING,
  SD_VERIFY_ATTACK_SHADOW_HIDE,
  SD_VERIFY_ATTACK_SHADOW_REPLACE,
  SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE,
  SD_VERIFY_ATTACK_UNIVERSAL_FORGERY,
  SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION,
  SD_VERIFY_ATTACK_SIGDICT_SPOOFING,
  SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE, /* an object referred to but undefined when signed */
  SD_VERIFY_ATTACK_OPTIONAL_CONTENT,        /* layers switched on or off later */
  SD_VERIFY_ATTACK_SNEAKY_SIGNATURE,        /* a visible unsigned signature field added */
  SD_VERIFY_ATTACK_EVIL_ANNOTATION,         /* an annotation that shows or prints added */
  SD_VERIFY_ATTACK_ACTIVE_CONTENT,          /* actions, scripts, attachments, outlines changed */
  SD_VERIFY_ATTACK_LOCKED_FIELD,            /* a field locked by a signature was changed */
  SD_VERIFY_ATTACK_UNTRUSTED_PURPOSE,       /* the certificate is not for signing documents */
  SD_VERIFY_ATTACK_WEAK_ALGORITHM,          /* MD5, SHA-1, short RSA or EC keys */
  SD_VERIFY_ATTACK_TOO_COMPLEX,             /* over a cap: not verified safely */
} SdVerifyAttack;

typedef struct {
  int                 revision;      /* 1-based revision that made the change */
  SdVerifyChangeKind  kind;
  gboolean            allowed;
  char               *detail;        /* translated, one line */
} SdVerifyChange;

/* A valid RFC 3161 timestamp that vouches for a signature's time: its own
 * signature timestamp, or a later document timestamp over it. */
typedef struct {
  gboolean            document;      /* a document timestamp, else the signature's own */
  char               *field;         /* the document timestamp's field, or NULL */
  GDateTime          *time;          /* genTime */
  char               *authority;     /* subject of the TSA's certificate, or NULL */
  char               *authority_name;/* its common name, for display */
  gboolean            trusted;       /* the TSA chains to a trust anchor */
} SdVerifyTimestamp;

SdVerifyTimestamp *sd_verify_timestamp_copy (const SdVerifyTimestamp *ts);
void               sd_verify_timestamp_free (SdVerifyTimestamp       *ts);

typedef struct {
  char               *field;         /* fully qualified field name, or NULL */
  int                 revision;      /* 1-based revision the signature signs */
  char               *subfilter;     /* "ETSI.CAdES.detached", … or NULL */
  gboolean            is_doc_timestamp;

  /* Signer certificate; all NULL when it could not be found. */
  char               *signer_subject;
  char               *signer_issuer;
  char               *signer_serial;
  char               *signer_name;   /* common name, for display */

  GDateTime          *claimed_time;  /* /M or signing-time attribute; NULL if none */
  GDateTime          *timestamp_time;/* genTime of a valid RFC 3161 token; NULL if none */
  gboolean            timestamp_trusted;
  GDateTime          *checked_at;    /* time at which the chain was checked */

  char               *signing_reason;/* /Reason, /Location, /Name of the dictionary */
  char               *location;
  char               *digest_algorithm;
  int                 docmdp;        /* certification level /P 1..3, 0 when not a certification */
  gint64              byte_range[4]; /* as read; n_byte_range numbers are valid */
  int                 n_byte_range;

  SdVerifyLevel       level;
  SdVerifyCoverage    coverage;
  gboolean            digest_ok;
  gboolean            signature_ok;
  gboolean            trusted;
  GPtrArray          *changes_after; /* of SdVerifyChange */
  SdVerifyAttack      attack;
  SdVerifyVerdict     verdict;
  GPtrArray          *reasons;       /* of char *, translated */

  /* Additions of the trust policy. */
  char               *anchor_source; /* "trust-list", "file", "system", or NULL */
  char               *anchor_subject;/* the trust anchor the chain ended at */
  gboolean            time_claimed_only; /* no trusted timestamp: checked at the
                                          * claimed time and now */
  GPtrArray          *timestamps;    /* of SdVerifyTimestamp, earliest first */
  /* The signer's certificate, then its issuers as far as they are known
   * (the signature's certificates, the DSS, the trust anchors): DER, of
   * GBytes; empty when the signer's certificate could not be found. A
   * few kilobytes: it lets a viewer show the certificates. */
  GPtrArray          *chain;
  /* The signer's certificate in the DSS's revocation data (static
   * strings): "good", "revoked" (before the proven time: invalid),
   * "revoked-after-signing", "unknown" (a DSS without data for it), or
   * NULL (no DSS). */
  const char         *revocation;
  const char         *revocation_source; /* "ocsp", "crl" or NULL */
  GDateTime          *revoked_at;
  /* A Sealdesk void stamp (/SealdeskVoid true): this signature declares
   * the document void; sd_verify_report_get_void() finds it. */
  gboolean            voids_document;
} SdVerifySignature;

typedef struct {
  char               *file;          /* the path as given */
  char               *sha256;        /* lowercase hex of the whole file */
  goffset             size;
  int                 n_pages;
  int                 n_revisions;
  gboolean            encrypted;
  SdVerifyVerdict     verdict;
  GPtrArray          *signatures;    /* of SdVerifySignature */
  GPtrArray          *reasons;       /* document-level findings, of char * */
  GDateTime          *verified_at;
  char               *too_complex;   /* the cap that was exceeded ("revisions",
                                      * "stream-size", …), or NULL */
} SdVerifyReport;

#define SD_TYPE_VERIFY_REPORT (sd_verify_report_get_type ())
GType              sd_verify_report_get_type        (void) G_GNUC_CONST;

SdVerifyReport    *sd_verify_report_new             (const char        *file);
SdVerifyReport    *sd_verify_report_ref             (SdVerifyReport    *report);
void               sd_verify_report_unref           (SdVerifyReport    *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVerifyReport, sd_verify_report_unref)

SdVerifySignature *sd_verify_signature_new          (void);
void               sd_verify_signature_free         (SdVerifySignature *sig);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVerifySignature, sd_verify_signature_free)

SdVerifyChange    *sd_verify_change_new             (int                 revision,
                                                     SdVerifyChangeKind  kind,
                                                     gboolean            allowed,
                                                     const char         *detail);
SdVerifyChange    *sd_verify_change_copy            (const SdVerifyChange *change);
void               sd_verify_change_free            (SdVerifyChange    *change);

/* Adds a translated reason unless the same text is already there. */
void               sd_verify_signature_add_reason   (SdVerifySignature *sig,
                                                     const char        *reason);
void               sd_verify_report_add_reason      (SdVerifyReport    *report,
                                                     const char        *reason);

/* The words of the JSON contract ("valid", "B-LT", "whole-revision",
 * "form-fill", "signature-wrapping", …); NULL for SD_VERIFY_ATTACK_NONE. */
const char        *sd_verify_verdict_to_string      (SdVerifyVerdict     verdict);
const char        *sd_verify_level_to_string        (SdVerifyLevel       level);
const char        *sd_verify_coverage_to_string     (SdVerifyCoverage    coverage);
const char        *sd_verify_change_kind_to_string  (SdVerifyChangeKind  kind);
const char        *sd_verify_attack_to_string       (SdVerifyAttack      attack);
/* The same, translated for people. */
const char        *sd_verify_verdict_describe       (SdVerifyVerdict     verdict);
const char        *sd_verify_coverage_describe      (SdVerifyCoverage    coverage);
const char        *sd_verify_change_kind_describe   (SdVerifyChangeKind  kind);
const char        *sd_verify_attack_describe        (SdVerifyAttack      attack);

/* JSON exactly as in DESIGN.md ("Command-line contract"), pretty-printed
 * when @pretty. */
char              *sd_verify_report_to_json         (SdVerifyReport    *report,
                                                     gboolean           pretty);
JsonNode          *sd_verify_report_to_json_node    (SdVerifyReport    *report);
/* The intact signature that declared the document void (the first), or
 * NULL when nobody voided it. */
const SdVerifySignature *sd_verify_report_get_void (SdVerifyReport *report);
/* Translated: who voided the document, when, in which revision and why,
 * and that it no longer stands; NULL when nobody voided it. */
char              *sd_verify_report_describe_void   (SdVerifyReport    *report);
/* Translated text for people: one block per signature, then the verdict. */
char              *sd_verify_report_to_text         (SdVerifyReport    *report);
/* A one-page PDF ("Verification report"), written atomically to @path. */
gboolean           sd_verify_report_write_pdf       (SdVerifyReport    *report,
                                                     const char        *path,
                                                     GError           **error);

G_END_DECLS
