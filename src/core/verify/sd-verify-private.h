/* sd-verify-private.h: the pieces of the verifier (internal to src/core/verify)
 *
 *  sd-verify-file.c       streaming reads and hashing, /Contents gap inspection
 *  sd-verify-qpdf.c       helpers over qpdf's C object API
 *  sd-verify-sigdict.c    finding signature dictionaries with qpdf
 *  sd-verify-dss.c        the /DSS dictionary, PDF dates
 *  sd-verify-cms.c        CMS / PKCS#7 / PKCS#1 signature checks
 *  sd-verify-tst.c        RFC 3161 timestamp tokens
 *  sd-verify-trust.c      trust anchors and chain building
 *  sd-verify-walk.c       what every object of a revision is for (roles)
 *  sd-verify-changes.c    what changed between two revisions, and may it
 *  sd-verify-changes-forms.c   … for pages, annotations and form fields
 *  sd-verify-changes-values.c  … comparing values by meaning
 *  sd-verify-changes-visible.c … whether an annotation shows anything
 *  sd-verify-revisions.c  signatures against revisions: coverage, changes after
 *  sd-verify-report*.c    the report: model and JSON, text, PDF
 *  sd-verify-signature.c  the checks of one signature, its verdict
 *  sd-verify-algorithms.c … the algorithm policy (digests, key sizes)
 *  sd-verify.c            sd_verify_document(): putting it together
 */
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <qpdf/qpdf-c.h>

#include "sd-verify.h"

G_BEGIN_DECLS

/* ---- sd-verify-file.c ---------------------------------------------------- */

typedef struct _SdVerifyFile SdVerifyFile;

SdVerifyFile *sd_verify_file_open      (const char    *path,
                                        GError       **error);
void          sd_verify_file_free      (SdVerifyFile  *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVerifyFile, sd_verify_file_free)
goffset       sd_verify_file_get_size  (SdVerifyFile  *file);
gssize        sd_verify_file_pread     (SdVerifyFile  *file,
                                        goffset        offset,
                                        guint8        *buf,
                                        gsize          len,
                                        GError       **error);
/* Any byte other than white space or NUL at or after @offset? */
gboolean      sd_verify_file_has_content_after (SdVerifyFile *file,
                                                goffset       offset,
                                                GError      **error);

typedef struct {
  gint64      ranges[8];        /* offset, length pairs inside the file */
  int         n_ranges;         /* pairs */
  EVP_MD_CTX *ctx;              /* initialised by the caller */
} SdHashJob;

/* One pass over the file in 1 MiB reads: feeds @whole (may be NULL) and
 * @nesting (may be NULL) with every byte and each job's context with the
 * bytes of its ranges. */
typedef struct _SdVfyNesting SdVfyNesting;
gboolean      sd_verify_file_hash      (SdVerifyFile          *file,
                                        EVP_MD_CTX            *whole,
                                        SdVfyNesting          *nesting,
                                        SdHashJob             *jobs,
                                        guint                  n_jobs,
                                        SdProgressFunc         progress,
                                        gpointer               progress_data,
                                        GCancellable          *cancellable,
                                        GError               **error);

typedef struct {
  gboolean  is_hex_string;          /* the gap is exactly one "<hex>" string */
  gsize     string_length;          /* of the "<…>" string starting the gap, 0 if none */
  gboolean  after_contents_key;     /* "/Contents" comes just before the gap */
  gboolean  followed_by_dict_entry; /* "/Key" or ">>" comes just after */
  int       obj_num;                /* "N G obj" enclosing the gap, 0 if none */
  int       obj_gen;
  gboolean  contains_objects;       /* PDF objects/xref hidden in the gap */
  GBytes   *value;                  /* decoded string, when there is one */
} SdGapInfo;

gboolean      sd_verify_inspect_gap    (SdVerifyFile  *file,
                                        gint64         start,
                                        gint64         end,
                                        SdGapInfo     *info,
                                        GError       **error);
void          sd_vfy_gap_info_clear        (SdGapInfo     *info);

/* ---- sd-verify-sigdict.c ------------------------------------------------- */

/* A FieldMDP lock in force: /Action /All, /Include or /Exclude /Fields. */
typedef enum {
  SD_FIELD_LOCK_ALL,
  SD_FIELD_LOCK_INCLUDE,
  SD_FIELD_LOCK_EXCLUDE,
} SdFieldLockAction;

typedef struct {
  SdFieldLockAction action;
  char            **fields;         /* fully qualified names, NULL-terminated */
  char             *by;             /* the signature field that set it */
} SdFieldLock;

/* A /Lock dictionary or FieldMDP /TransformParams: NULL when @dict is none
 * or has no /Action. (sd-verify-changes-locks.c) */
SdFieldLock *sd_vfy_field_lock_read        (qpdf_data     q,
                                            qpdf_oh       dict,
                                            const char   *by);
void       sd_vfy_field_lock_free          (SdFieldLock  *lock);
/* Does one of @locks (of SdFieldLock, may be NULL) lock the field @name? */
gboolean   sd_vfy_field_locks_cover        (GPtrArray    *locks,
                                            const char   *name,
                                            const char  **by);

typedef struct {
  int        obj_num;               /* the signature dictionary, 0 when direct */
  int        obj_gen;
  char      *field_name;            /* NULL when no field refers to it */
  int        field_obj;             /* terminal field object, 0 if none */
  gboolean   in_fields;             /* reachable from AcroForm /Fields */
  gboolean   is_doc_timestamp;
  char      *type;                  /* /Type: "Sig", "DocTimeStamp" or NULL */
  char      *filter;
  char      *sub_filter;
  gboolean   has_byte_range;
  gboolean   byte_range_malformed;  /* not an array of integers */
  int        n_byte_range;          /* numbers in the array */
  gint64     byte_range[8];         /* the first 8 of them */
  gboolean   has_contents;
  GBytes    *contents;              /* /Contents as parsed by qpdf */
  char      *m;                     /* raw PDF date string */
  char      *name;
  char      *reason;
  char      *location;
  gboolean   voids_document;        /* /SealdeskVoid true */
  GPtrArray *certs;                 /* /Cert DER (adbe.x509.rsa_sha1), of GBytes */
  int        docmdp;                /* /Reference DocMDP /P, 0 if none */
  int        lock_p;                /* /Reference FieldMDP /P (PDF 2.0 lock), 0 if none */
  SdFieldLock *lock;                /* /Reference FieldMDP /Action and /Fields, or NULL */
  gboolean   only_in_earlier_revision; /* not found in the document as read now */
  char      *unparsed;              /* qpdf's unparsing, to compare revisions */
} SdSigDict;

void       sd_vfy_sig_dict_free            (SdSigDict  *dict);
/* Every signature dictionary of the document: field values found through
 * /Fields, through page widgets, and any other reachable dictionary of
 * /Type /Sig or /DocTimeStamp or with /ByteRange and /Contents. */
typedef struct _SdVfyRoles SdVfyRoles;
GPtrArray *sd_verify_find_signatures   (qpdf_data   q,
                                        SdVfyRoles *roles);
/* Fully qualified name of the field of a widget or field, or NULL. */
char      *sd_verify_field_name        (qpdf_data   q,
                                        qpdf_oh     widget);
/* The signature dictionary object @num @gen of @q, unparsed, or NULL. */
char      *sd_verify_unparse_object    (qpdf_data   q,
                                        int         num,
                                        int         gen);

/* ---- sd-verify-dss.c ----------------------------------------------------- */

/* Caps on the work done for one document (sd-verify.c, sd-verify-dss.c):
 * over one, the document is "too complex to verify safely". */
#define SD_VFY_MAX_REVISIONS        100          /* revisions analysed */
#define SD_VFY_MAX_OBJECTS          1000000      /* reachable objects */
#define SD_VFY_MAX_NESTING          64           /* arrays and dictionaries in one another */
#define SD_VFY_MAX_DSS_ENTRIES      1000         /* /Certs, /OCSPs, /CRLs, /VRI */
#define SD_VFY_MAX_STREAM_BYTES     ((gsize) 32 << 20)  /* decoded, per stream */
#define SD_VFY_MAX_DECODED_BYTES    ((gsize) 64 << 20)  /* decoded, per file */

typedef struct {
  gboolean    present;
  const char *over_cap;             /* the cap exceeded ("dss-entries", …), or NULL */
  GPtrArray  *certs;                /* DER, of GBytes */
  int        n_ocsps;
  int        n_crls;
  GPtrArray *vri_keys;              /* upper-case hex SHA-1, of char * */
  GPtrArray *ocsps;                 /* DER OCSPResponse, of GBytes */
  GPtrArray *crls;                  /* DER CRL, of GBytes */
} SdVfyDss;

SdVfyDss     *sd_verify_read_dss          (qpdf_data   q);
void       sd_vfy_dss_free                 (SdVfyDss      *dss);
/* A PDF date "D:YYYYMMDDHHmmSS+hh'mm'" as a GDateTime, or NULL. */
GDateTime *sd_verify_parse_pdf_date    (const char *text);

/* ---- sd-verify-tst.c ----------------------------------------------------- */

typedef struct _SdVfyTst SdVfyTst;

SdVfyTst          *sd_vfy_tst_parse           (const guint8  *der,
                                        gsize          len,
                                        char         **reason);
void            sd_vfy_tst_free            (SdVfyTst         *tst);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVfyTst, sd_vfy_tst_free)
const EVP_MD   *sd_vfy_tst_get_md          (SdVfyTst         *tst);
/* The digest algorithm of the token's own SignerInfo, or NULL. */
const EVP_MD   *sd_vfy_tst_get_signer_md   (SdVfyTst         *tst);
gboolean        sd_vfy_tst_imprint_matches (SdVfyTst         *tst,
                                        const guint8  *digest,
                                        gsize          len);
/* The token's own CMS signature and content digest (not its trust). */
gboolean        sd_vfy_tst_verify          (SdVfyTst         *tst,
                                        char         **reason);
GDateTime      *sd_vfy_tst_get_time        (SdVfyTst         *tst);
X509           *sd_vfy_tst_get_signer      (SdVfyTst         *tst);
STACK_OF(X509) *sd_vfy_tst_get_certs       (SdVfyTst         *tst);

/* ---- sd-verify-cms.c ----------------------------------------------------- */

typedef struct _SdVfyCmsCheck SdVfyCmsCheck;

typedef struct {
  gboolean        digest_ok;
  gboolean        signature_ok;
  gboolean        ess_present;
  gboolean        ess_ok;
  X509           *signer;           /* owned reference, or NULL */
  STACK_OF(X509) *certs;            /* every certificate in the signature */
  GDateTime      *signing_time;     /* signing-time attribute, or NULL */
  gboolean        has_timestamp;    /* signature-time-stamp attribute */
  gboolean        timestamp_ok;     /* its token verifies and matches */
  GDateTime      *timestamp_time;
  const EVP_MD   *timestamp_md;     /* the token's imprint digest, or NULL */
  const EVP_MD   *timestamp_signer_md; /* the token's own SignerInfo digest, or NULL */
  X509           *tsa;              /* owned reference, or NULL */
  STACK_OF(X509) *tsa_certs;
  GPtrArray      *reasons;          /* translated, of char * */
} SdVfyCmsResult;

/* Parses the signature value of @dict (@contents: the bytes of /Contents).
 * Returns NULL and a translated @reason when it cannot be used at all. */
SdVfyCmsCheck   *sd_vfy_cms_check_new         (const SdSigDict *dict,
                                        GBytes          *contents,
                                        char           **reason);
void          sd_vfy_cms_check_free        (SdVfyCmsCheck      *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVfyCmsCheck, sd_vfy_cms_check_free)
/* The digest the signed byte ranges must be hashed with. */
const EVP_MD *sd_vfy_cms_check_get_md      (SdVfyCmsCheck      *check);
/* The SignerInfo's own digest algorithm (NULL for PKCS#1 and timestamps). */
const EVP_MD *sd_vfy_cms_check_get_signer_md (SdVfyCmsCheck    *check);
/* Given the digest of the signed byte ranges, checks everything that does
 * not depend on trust. */
void          sd_vfy_cms_check_verify      (SdVfyCmsCheck      *check,
                                        const guint8    *digest,
                                        gsize            digest_len,
                                        SdVfyCmsResult     *result);
void          sd_vfy_cms_result_clear      (SdVfyCmsResult     *result);

/* ---- sd-verify-trust.c --------------------------------------------------- */

/* The trust anchors of one verification: Sealdesk's trust list, the
 * --trust files and, when enabled, the system store; each anchor keeps
 * where it came from. */
typedef struct _SdVfyTrust SdVfyTrust;

SdVfyTrust *sd_vfy_trust_new           (const SdVerifyOptions *opts,
                                        GError               **error);
void        sd_vfy_trust_free          (SdVfyTrust            *trust);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVfyTrust, sd_vfy_trust_free)

typedef enum {
  SD_VFY_AT_SIGNING,                /* @when is the (claimed or stamped) signing time */
  SD_VFY_AT_NOW,                    /* @when is now: no timestamp vouches for the past */
} SdVfyTrustAt;

/* Chains @cert to an anchor of @trust at @when (seconds since the epoch),
 * with @untrusted as intermediates. On success @anchor_source ("trust-list",
 * "file", "system") and @anchor_subject (may be NULL) tell which anchor;
 * @reason: translated, on failure. */
gboolean    sd_verify_trust_check      (SdVfyTrust     *trust,
                                        X509           *cert,
                                        STACK_OF(X509) *untrusted,
                                        gint64          when,
                                        SdVfyTrustAt    at,
                                        const char    **anchor_source,
                                        char          **anchor_subject,
                                        char          **reason);
/* A timestamp authority's certificate: critical extendedKeyUsage
 * timeStamping. */
gboolean    sd_verify_trust_is_tsa     (X509           *cert);
/* Appends to @chain (of GBytes) the DER of @cert, then of its issuers
 * found in @pool or among the anchors of @trust, up to a root or 10
 * certificates. Only names are matched (no signature is checked): this is
 * what a viewer shows, not a verdict. */
void        sd_verify_trust_collect_chain (SdVfyTrust     *trust,
                                           X509           *cert,
                                           STACK_OF(X509) *pool,
                                           GPtrArray      *chain);
/* The anchors as an X509_STORE (owned by @trust). */
X509_STORE *sd_vfy_trust_get_store     (SdVfyTrust     *trust);

/* ---- sd-verify-revocation.c ---------------------------------------------- */

typedef enum {
  SD_VFY_REVOCATION_UNKNOWN,        /* no OCSP response or CRL in the DSS speaks of it */
  SD_VFY_REVOCATION_GOOD,
  SD_VFY_REVOCATION_REVOKED,
} SdVfyRevocationStatus;

/* What the DSS's OCSP responses and CRLs (each checked: signed by the
 * certificate's issuer or a responder it authorised) say about @cert.
 * When revoked, @revoked_at gets the earliest revocation time stated;
 * @source "ocsp" or "crl". */
SdVfyRevocationStatus sd_vfy_check_revocation (SdVfyDss        *dss,
                                               SdVfyTrust      *trust,
                                               X509            *cert,
                                               STACK_OF(X509)  *pool,
                                               GDateTime      **revoked_at,
                                               const char     **source);

/* ---- sd-verify-walk.c ---------------------------------------------------- */

typedef enum {
  SD_ROLE_CATALOG    = 1 << 0,
  SD_ROLE_PAGE_TREE  = 1 << 1,      /* /Pages nodes and /Page dictionaries */
  SD_ROLE_CONTENT    = 1 << 2,      /* drawn by a page: contents, resources */
  SD_ROLE_ANNOT      = 1 << 3,      /* annotation dictionary (not a widget) */
  SD_ROLE_ANNOT_AP   = 1 << 4,      /* appearance of such an annotation */
  SD_ROLE_FIELD      = 1 << 5,      /* form field or widget (not a signature) */
  SD_ROLE_FIELD_AP   = 1 << 6,      /* appearance of a form field widget */
  SD_ROLE_SIG_FIELD  = 1 << 7,      /* signature field or its widget */
  SD_ROLE_SIG_AP     = 1 << 8,      /* appearance of a signature widget */
  SD_ROLE_SIG_DICT   = 1 << 9,      /* signature value dictionary */
  SD_ROLE_ACROFORM   = 1 << 10,     /* AcroForm dictionary, /Fields, /DR */
  SD_ROLE_DSS        = 1 << 11,
  SD_ROLE_META       = 1 << 12,     /* /Info, /Metadata */
  SD_ROLE_OTHER      = 1 << 13,     /* anything else reachable */
  SD_ROLE_ANNOTS     = 1 << 14,     /* a page's /Annots array */
  SD_ROLE_OPTIONAL_CONTENT = 1 << 15, /* /OCProperties, its OCGs, OCMDs, /D configuration */
  SD_ROLE_ACTIVE     = 1 << 16,     /* actions, scripts, attachments, outlines, /AF */
} SdObjectRole;

typedef struct {
  guint    roles;
  int      page;                    /* page number for page-related roles */
  int      owner;                   /* field or annotation whose appearance it is */
  gboolean shared;                  /* an appearance also used by something else */
} SdRoleInfo;

/* Walks everything reachable from the trailer of @q and records roles. */
SdVfyRoles          *sd_vfy_roles_new         (qpdf_data    q);
void              sd_vfy_roles_free        (SdVfyRoles     *roles);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVfyRoles, sd_vfy_roles_free)
const SdRoleInfo *sd_vfy_roles_lookup      (SdVfyRoles     *roles,
                                        int          num,
                                        int          gen);
/* A reference to @num @gen that the revision makes without defining the
 * object (free or missing): the role it would have had, or NULL. */
const SdRoleInfo *sd_vfy_roles_lookup_dangling (SdVfyRoles *roles,
                                        int          num,
                                        int          gen);
/* Reachable objects, as (num << 16 | gen) guint64 keys. */
GArray           *sd_vfy_roles_get_objects (SdVfyRoles     *roles);
int               sd_vfy_roles_get_root    (SdVfyRoles     *roles);
int               sd_vfy_roles_get_n_pages (SdVfyRoles     *roles);
/* Page object numbers in order. */
GArray           *sd_vfy_roles_get_pages   (SdVfyRoles     *roles);

/* ---- sd-verify-changes.c ------------------------------------------------- */

typedef struct {
  SdVerifyChange  change;           /* revision, kind, allowed, detail */
  SdVerifyAttack  attack;           /* what it looks like, or NONE */
  int             sig_obj;          /* signature dictionary it concerns, or 0 */
} SdChangeItem;

void       sd_vfy_change_item_free         (SdChangeItem *item);

/* What a revision is compared under. */
typedef struct {
  int         docmdp;               /* most restrictive certification level, 0: none */
  GPtrArray  *locks;                /* of SdFieldLock in force, or NULL */
  gboolean    signed_here;          /* a signature signs exactly this revision */
} SdCompareRules;

/* What revision @revision (1-based, @new_q) changed relative to the one
 * before it (@old_q), and whether each change is allowed under the
 * certification level @docmdp (0: no certification). @written: the object
 * numbers the revision writes (sd_pdf_document_get_written_objects()),
 * the only ones compared; NULL compares every reachable object. */
GPtrArray *sd_verify_compare_revisions (qpdf_data     old_q,
                                        SdVfyRoles      *old_roles,
                                        qpdf_data     new_q,
                                        SdVfyRoles      *new_roles,
                                        GHashTable   *written,
                                        int           revision,
                                        const SdCompareRules *rules,
                                        GCancellable *cancellable);

/* ---- sd-verify-signature.c ----------------------------------------------- */

typedef struct {
  SdSigDict         *dict;          /* borrowed */
  SdVerifySignature *out;           /* owned until handed to the report */
  gboolean           hashable;      /* ByteRange usable: 4 integers in the file */
  gint64             end;           /* where the ByteRange ends */
  SdGapInfo          gap;
  GBytes            *value;         /* the signature value that is checked */
  SdVfyCmsCheck     *check;
  EVP_MD_CTX        *md_ctx;
  SdVfyCmsResult     result;
  gboolean           crypto_done;
  int                rev_index;     /* 0-based revision it signs */
  gboolean           in_signed_revision; /* its dictionary exists, unchanged, there */
  /* Policy findings (sd-verify-signature.c), named as the attack at the end
   * unless a change or a forgery was found. */
  gboolean           wrong_purpose; /* not a document-signing certificate */
  gboolean           weak;          /* weak algorithm or key: at most untrusted */
  gboolean           refused;       /* refused algorithm: invalid */
  gboolean           revoked;       /* revoked before its proven time: invalid */
} SdSigWork;

void     sd_sig_work_free          (SdSigWork      *w);
/* Before hashing: ByteRange sanity, the /Contents gap, the signature value.
 * Fills @w->out (reasons, attack) and prepares @w->md_ctx when hashable. */
gboolean sd_sig_work_prepare       (SdSigWork      *w,
                                    SdVerifyFile   *file,
                                    gboolean        encrypted,
                                    GPtrArray      *all,
                                    GError        **error);
/* After hashing: the cryptographic checks and the signer. */
void     sd_sig_work_verify        (SdSigWork      *w);
/* Chain of the signer (and of the timestamp authority), and its
 * revocation from the DSS. @proven_later: the time of the earliest valid,
 * trusted document timestamp over the signature, or NULL; it proves the
 * signature's time when the signature has no timestamp of its own. */
void     sd_sig_work_check_trust   (SdSigWork      *w,
                                    SdVfyTrust     *trust,
                                    SdVfyDss       *dss,
                                    GDateTime      *proven_later);
/* Does the /DSS @dss hold validation data for this signature? */
gboolean sd_sig_work_dss_covers    (SdSigWork      *w,
                                    SdVfyDss       *dss);
/* Sets w->out->verdict from everything found. */
void     sd_sig_work_conclude      (SdSigWork      *w);

/* ---- sd-verify-algorithms.c ---------------------------------------------- */

/* The digests and key of the signature against the algorithm policy:
 * reasons, w->weak, w->refused. */
void     sd_sig_work_check_algorithms (SdSigWork            *w);
/* The same policy for a timestamp (its authority @tsa, its imprint and
 * signature digests): a translated reason why it cannot be trusted, or
 * NULL. */
char    *sd_vfy_tsa_algorithm_problem (X509                 *tsa,
                                       const SdVfyCmsResult *r);

/* ---- sd-verify-limits.c -------------------------------------------------- */

/* Counts the reachable objects of @roles and how deep each nests: the
 * cap exceeded ("objects", "nesting"), or NULL. */
const char *sd_vfy_limits_check_objects (qpdf_data       q,
                                         SdVfyRoles     *roles);
/* How deep arrays and dictionaries nest in the raw bytes of the file (fed
 * in order, in pieces of any size), outside strings, comments and stream
 * data: what qpdf's parser may silently drop. (SdVfyNesting is declared
 * with sd_verify_file_hash().) */
SdVfyNesting *sd_vfy_nesting_new        (void);
void        sd_vfy_nesting_free         (SdVfyNesting   *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdVfyNesting, sd_vfy_nesting_free)
void        sd_vfy_nesting_feed         (SdVfyNesting   *scan,
                                         const guint8   *data,
                                         gsize           len);
int         sd_vfy_nesting_get_deepest  (SdVfyNesting   *scan);
/* Records that @cap was exceeded: report->too_complex and a reason. */
void        sd_vfy_limits_exceeded      (SdVerifyReport *report,
                                         const char     *cap);
/* After it: every signature of @works (of SdSigWork) is "too-complex". */
void        sd_vfy_limits_apply         (SdVerifyReport *report,
                                         GPtrArray      *works);

/* ---- sd-verify-revisions.c ----------------------------------------------- */

typedef struct {
  const char     *path;
  const char     *password;
  SdVerifyFile   *file;
  gpointer        doc;              /* SdPdfDocument of the whole file */
  SdVfyRoles     *roles;            /* of the whole file */
  GArray         *ends;             /* goffset revision ends, oldest first */
  GPtrArray      *works;            /* of SdSigWork, sorted by ByteRange end */
  SdVerifyReport *report;
} SdRevisionInput;

/* Coverage, revision, the signed-revision check of each dictionary, the
 * changes of every later revision, the attacks they reveal; PAdES levels
 * that depend on later revisions. */
gboolean sd_verify_analyse_revisions (SdRevisionInput       *in,
                                      SdProgressFunc         progress,
                                      gpointer               progress_data,
                                      GCancellable          *cancellable,
                                      GError               **error);

/* ---- qpdf helpers (sd-verify-qpdf.c) ------------------------------------- */

/* Keys of a dictionary (copied: qpdf's iterator is per document). */
GPtrArray  *sd_vfy_qpdf_keys          (qpdf_data    q,
                                        qpdf_oh      dict);
/* @key ("/Name") of @dict when it is a dictionary (or a stream's). */
qpdf_oh     sd_vfy_qpdf_get                (qpdf_data    q,
                                        qpdf_oh      dict,
                                        const char  *key);
char       *sd_vfy_qpdf_name               (qpdf_data    q,
                                        qpdf_oh      oh);
char       *sd_vfy_qpdf_text               (qpdf_data    q,
                                        qpdf_oh      oh);
/* Inherited through /Parent (sd_qpdf_get_inherited, SD_PDF_MAX_DEPTH levels). */
qpdf_oh     sd_vfy_qpdf_inherited      (qpdf_data    q,
                                        qpdf_oh      dict,
                                        const char  *key);
/* The full (resolved) unparsing of an object, streams with their raw data
 * folded in as a hash, so two revisions can be compared by string. */
char       *sd_vfy_qpdf_fingerprint        (qpdf_data    q,
                                        qpdf_oh      oh);

G_END_DECLS
