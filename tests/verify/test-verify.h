/* test-verify.h: helpers shared by the verifier's tests (suite 'verify') */
#pragma once

#include <glib.h>

#include "sd-verify.h"

G_BEGIN_DECLS

/* Verifies @path with the core API: no system trust, an empty data
 * directory, @trust_pem (may be NULL) as the only anchor. Fails the test
 * when the document cannot be verified at all. */
SdVerifyReport *tv_verify              (const char  *path,
                                        const char  *trust_pem);
/* The same, returning the error instead of failing. */
SdVerifyReport *tv_verify_full         (const char  *path,
                                        const char  *trust_pem,
                                        GError     **error);

/* One signature as pdfsig (poppler-utils) reports it. */
typedef struct {
  char *field;
  char *validation;     /* "Signature is Valid.", "Digest Mismatch.", … */
} TvPdfsigEntry;

/* Runs pdfsig on @path; NULL (and skips) when pdfsig is not installed. */
GPtrArray      *tv_pdfsig              (const char  *path);

/* Runs sealdesk-cli with @args (NULL-terminated, without the program);
 * returns the exit status. @out, @err may be NULL. */
int             tv_cli                 (const char * const *args,
                                        char              **out,
                                        char              **err);

/* Signs @in into @out with the test PKI's rsa2048.p12 (or @p12 when not
 * NULL) through `sealdesk-cli sign`; asserts success. */
void            tv_sign                (const char  *in,
                                        const char  *out,
                                        const char  *p12);

/* The same with extra arguments for `sign` (NULL-terminated, may be NULL). */
void            tv_sign_full           (const char  *in,
                                        const char  *out,
                                        const char  *p12,
                                        const char * const *extra);

/* The signature of @report whose field is @field, or NULL. */
SdVerifySignature *tv_find_signature   (SdVerifyReport *report,
                                        const char     *field);
/* Does any change after any signature have @kind and @allowed? */
gboolean        tv_has_change          (SdVerifyReport *report,
                                        SdVerifyChangeKind kind,
                                        gboolean        allowed);
gboolean        tv_has_attack          (SdVerifyReport *report,
                                        SdVerifyAttack  attack);

/* Byte-level editing of test copies. */
char           *tv_copy                (const char  *src,
                                        const char  *dir,
                                        const char  *name);
GBytes         *tv_read                (const char  *path);
void            tv_write               (const char  *path,
                                        const void  *data,
                                        gsize        len);
/* Appends an incremental update with @objects (text of "N G obj … endobj"
 * bodies: pairs of object number and body, NULL-terminated) after @path's
 * last revision, with a classic cross-reference section. */
void            tv_append_update       (const char  *path,
                                        const int   *numbers,
                                        const char * const *bodies);

void            tv_register_corpus_tests (void);
void            tv_register_tamper_tests (void);
void            tv_register_cli_tests    (void);
void            tv_register_attack_tests (void);
void            tv_register_xref_tests   (void);

G_END_DECLS
