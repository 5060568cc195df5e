/* sign-checks.h: independent checks of PDFs signed by Sealdesk
 *
 * Every check here asks a real tool, never our own verifier: pdfsig
 * (poppler), qpdf, openssl cms, mutool draw / pdftoppm. A failed check
 * logs what the tool said, marks the running test failed (non-fatally, so
 * that one test reports every problem it finds) and returns FALSE.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sd-key-p12.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* Marks the running test failed with a message (also logged). */
void        sign_fail                 (const char *format,
                                       ...) G_GNUC_PRINTF (1, 2);

#define SIGN_CHECK(cond, ...)                   \
  G_STMT_START {                                \
    if (G_UNLIKELY (!(cond)))                   \
      {                                         \
        sign_fail (__VA_ARGS__);                \
        return FALSE;                           \
      }                                         \
  } G_STMT_END

/* ---- what the tests sign with (sign-common.c) ---- */

/* The seal picture: transparent, a pure red (255,0,0) block in the top-left
 * part of the top half (its top edge on the image's top edge) and a pure
 * blue bar across the whole bottom of the bottom half. Upright means red
 * above blue and red left of the centre. 3:2, like every rectangle the tests
 * place it in, so that it fills the rectangle. */
#define SIGN_SEAL_WIDTH  240
#define SIGN_SEAL_HEIGHT 160
/* Fractions of the seal (and so of its rectangle) that are red and blue. */
#define SIGN_SEAL_RED_FRACTION  (0.4 * 0.4)
#define SIGN_SEAL_BLUE_FRACTION 0.4

/* Writes @dir/seal.png and returns its path. */
char       *sign_make_seal_png        (const char *dir);
/* Opens NAME (e.g. "rsa2048.p12") from the test PKI with its passphrase.
 * NULL (test failed) when it cannot. */
SdKey      *sign_open_key             (const char *p12_name);
/* sd_sign_document() without progress or cancellation; a GError fails the
 * test with its message. */
gboolean    sign_document             (const char          *in,
                                       const char          *out,
                                       SdKey               *key,
                                       const SdSignOptions *opts);
/* No temporary file ("*.tmp-*", "*.tmp") left in @dir. */
gboolean    sign_check_no_temp_files  (const char         *dir);
/* @haystack contains one of @needles (NULL-terminated), ignoring case. */
gboolean    sign_text_has_any         (const char         *haystack,
                                       const char * const *needles);

/* Signing @in into @workdir/refused.pdf must fail, with a message that
 * contains one of @needles (NULL-terminated; NULL: any message), twice:
 * with no file at the output path (none may appear) and with a file there
 * (it must stay as it was); and no temporary file may be left. Returns the
 * first GError, or NULL when signing succeeded (test failed). */
GError     *sign_expect_refusal       (const char          *in,
                                       SdKey               *key,
                                       const SdSignOptions *opts,
                                       GCancellable        *cancellable,
                                       const char * const  *needles,
                                       const char          *workdir);

/* A seal placement as the person gave it: page (1-based) and rectangle in
 * PDF points in the page's visible coordinates (crop box after /Rotate,
 * origin bottom-left). */
typedef struct {
  int    page;
  double x;
  double y;
  double w;
  double h;
} SignRect;

/* Adds every rectangle of @rects to @opts with the seal @png. */
void        sign_options_add_rects    (SdSignOptions  *opts,
                                       const SignRect *rects,
                                       guint           n_rects,
                                       const char     *png);

/* Everything a signed file must pass, with @n_signatures expected from
 * pdfsig (0: do not check the count; SIGN_PDFSIG_BY_CALLER: the caller
 * checks pdfsig itself) and the seals @rects (may be empty): byte prefix,
 * qpdf --check, incremental-update structure, pdfsig, CMS with openssl, each
 * seal visible in mutool, no temporary file beside @out. */
#define SIGN_PDFSIG_BY_CALLER G_MAXUINT
gboolean    sign_check_signed_file    (const char     *in,
                                       const char     *out,
                                       guint           n_signatures,
                                       const SignRect *rects,
                                       guint           n_rects,
                                       const char     *workdir);

/* With $SIGN_TEST_KEEP set to a folder, copies @out there for a person to
 * inspect (sign_check_signed_file() does it for failing outputs). */
void        sign_keep_for_inspection  (const char     *out);

/* ---- pdfsig (sign-tools.c) ---- */

typedef struct {
  char     *field;
  char     *signer;       /* "Signer Certificate Common Name" */
  char     *validation;   /* "Signature Validation", e.g. "Signature is Valid." */
  gboolean  is_signed;    /* FALSE for "The signature form field is not signed." */
  gboolean  valid;        /* validation is exactly "Signature is Valid." */
  gboolean  total;        /* "Total document signed" */
} SignPdfsigEntry;

/* pdfsig -nocert @pdf, parsed: every entry, signed or not, in pdfsig's
 * order. NULL (test failed) when pdfsig cannot read the file. */
GPtrArray  *sign_pdfsig               (const char *pdf);
/* The signed entries only, in order (borrowed pointers into @entries). */
GPtrArray  *sign_pdfsig_signed        (GPtrArray  *entries);
/* pdfsig sees @n_signatures signatures (0: any number, at least one), all
 * "Signature is Valid.", the last one "Total document signed". */
gboolean    sign_check_pdfsig         (const char *pdf,
                                       guint       n_signatures);
/* The same for an encrypted @pdf, with its user @password (-upw; NULL or
 * "": none). */
GPtrArray  *sign_pdfsig_with_password (const char *pdf,
                                       const char *password);
gboolean    sign_check_pdfsig_with_password (const char *pdf,
                                             const char *password,
                                             guint       n_signatures);

/* ---- qpdf (sign-tools.c) ---- */

/* "PATH|SIZE|MTIME": changes whenever the file does (for caches). */
char       *sign_file_version         (const char *path);

/* qpdf --check: its exit status (0 ok, 2 errors, 3 warnings); @output gets
 * stdout and stderr together (may be NULL). */
int         sign_qpdf_check           (const char *pdf,
                                       char      **output);
/* @out passes qpdf --check: exit 0, or 3 when @in already had warnings. */
gboolean    sign_check_qpdf           (const char *in,
                                       const char *out);
gboolean    sign_qpdf_is_encrypted    (const char *pdf);
/* qpdf --check says "file is damaged": qpdf had to reconstruct it. */
gboolean    sign_qpdf_is_damaged      (const char *pdf);
/* The "value" (or, for a stream, "stream"."dict") of object @which
 * ("trailer" or "12 0 R") from qpdf --json; NULL when qpdf fails or the
 * object is absent. */
JsonObject *sign_qpdf_object          (const char *pdf,
                                       const char *which);
/* qpdf --json acroform "fields" array of @pdf, or NULL. */
JsonArray  *sign_qpdf_fields          (const char *pdf);
/* Follows a qpdf JSON reference ("12 0 R") found at @member of @obj,
 * or returns the direct dictionary found there; NULL otherwise. */
JsonObject *sign_qpdf_resolve         (const char *pdf,
                                       JsonObject *obj,
                                       const char *member);

/* A string (or the fallback integer) member of @obj, NULL/@fallback when
 * absent or of another type. */
const char *sign_json_string          (JsonObject *obj,
                                       const char *member);
gint64      sign_json_int             (JsonObject *obj,
                                       const char *member,
                                       gint64      fallback);

/* ---- the signature and the update (sign-cms.c) ---- */

/* Writes the CMS of the last signature of @out (DER, without the zero
 * padding) and the bytes its /ByteRange covers into @workdir; their paths in
 * @der_path and @content_path, the /ByteRange in @byte_range (may be NULL).
 * Checks that the /ByteRange covers the whole file but the /Contents value. */
gboolean    sign_extract_last_signature (const char  *out,
                                         const char  *workdir,
                                         char       **der_path,
                                         char       **content_path,
                                         gint64       byte_range[4]);
/* The last /ByteRange of @out and the CMS in its /Contents: ByteRange
 * covers the whole file but /Contents; openssl cms -verify succeeds against
 * the test root CA; -print shows one SignerInfo, id-data detached content,
 * signingCertificateV2 and no signingTime. */
gboolean    sign_check_cms            (const char *out,
                                       const char *workdir);
/* @out is @in plus one incremental update: same cross-reference style,
 * /Prev = the input's startxref, first /ID kept, /Size not smaller; exactly
 * one new signature value among the /Sig fields, a PAdES signature
 * dictionary, widgets with /F 132 and /AP /N, AcroForm /SigFlags 3. */
gboolean    sign_check_update         (const char *in,
                                       const char *out);

/* ---- rendering (sign-render.c) ---- */

typedef enum {
  SIGN_RENDER_MUTOOL,
  SIGN_RENDER_PDFTOPPM,
} SignRenderer;

/* Renders @page of @pdf at 72 dpi into @workdir; returns the PNG path or
 * NULL (test failed). */
char       *sign_render_page          (const char   *pdf,
                                       int           page,
                                       SignRenderer  renderer,
                                       const char   *workdir);
/* The visible size in points of @page (crop box after /Rotate), from a
 * 72 dpi rendering. */
gboolean    sign_page_size            (const char   *pdf,
                                       int           page,
                                       const char   *workdir,
                                       double       *width,
                                       double       *height);
/* Renders each page of @rects before (@before) and after (@after) signing
 * and checks, on every such page: new red pixels only inside the
 * rectangles placed there (2-pixel margin); in each rectangle enough new
 * red and blue, red above and left of blue (upright, not mirrored), and the
 * new seal pixels spanning the rectangle (±3 pixels). */
gboolean    sign_check_seals_visible  (const char     *before,
                                       const char     *after,
                                       const SignRect *rects,
                                       guint           n_rects,
                                       SignRenderer    renderer,
                                       const char     *workdir);
/* Page @page shows no new red pixel after signing (invisible signature). */
gboolean    sign_check_page_unchanged (const char     *before,
                                       const char     *after,
                                       int             page,
                                       const char     *workdir);

G_END_DECLS
