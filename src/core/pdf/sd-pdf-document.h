/* sd-pdf-document.h: the structure of a PDF file, read with qpdf
 *
 * An SdPdfDocument is an open PDF (or a prefix of one: an earlier revision)
 * whose structure can be inspected without rendering: pages and their
 * geometry, cross-reference style, revisions, encryption, signature fields.
 * It is what `sealdesk-cli info` prints, what the incremental writer appends
 * to and what the verifier compares revision by revision.
 *
 * The document keeps the file open (mapped, never copied) and reads objects
 * lazily, so opening a large file costs little memory. A document is used
 * from one thread at a time (qpdf handles are not thread-safe).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_PDF_ERROR (sd_pdf_error_quark ())

typedef enum {
  SD_PDF_ERROR_FAILED,
  SD_PDF_ERROR_IO,                /* cannot read or write the file */
  SD_PDF_ERROR_NOT_PDF,           /* no PDF header / not a PDF at all */
  SD_PDF_ERROR_DAMAGED,           /* structure broken (qpdf could not read it, or had to reconstruct it) */
  SD_PDF_ERROR_NEEDS_PASSWORD,    /* encrypted with a user password; none given */
  SD_PDF_ERROR_BAD_PASSWORD,      /* the password given is wrong */
  SD_PDF_ERROR_ENCRYPTED,         /* operation not possible on this encrypted file */
  SD_PDF_ERROR_NO_PAGE,           /* page number out of range */
  SD_PDF_ERROR_UNSUPPORTED,       /* valid PDF using something we do not handle */
  SD_PDF_ERROR_TOO_LARGE,         /* drawing or reading it would decode more than is safe */
  SD_PDF_ERROR_CHANGED,           /* another program cut the file short while it was read */
} SdPdfError;

GQuark sd_pdf_error_quark (void);

typedef enum {
  SD_PDF_XREF_TABLE,              /* classic "xref" table */
  SD_PDF_XREF_STREAM,             /* cross-reference stream (PDF 1.5) */
  SD_PDF_XREF_HYBRID,             /* table with /XRefStm */
} SdPdfXrefStyle;

typedef struct {
  int    number;                  /* 1-based page number */
  int    obj_num;                 /* indirect object of the page dictionary */
  int    obj_gen;
  double media_box[4];            /* llx lly urx ury, inherited resolved */
  double crop_box[4];             /* = media box when absent; clipped to it */
  int    rotate;                  /* 0, 90, 180 or 270 (normalised, inherited resolved) */
} SdPdfPageInfo;

typedef struct {
  char  *name;                    /* fully qualified field name (T of the field and its parents) */
  int    obj_num;                 /* the field dictionary */
  int    obj_gen;
  int    page;                    /* page of its (first) widget, or 0 if none / not on a page */
  double rect[4];                 /* widget /Rect in default user space, zeros if none */
  gboolean is_signed;             /* has a /V signature dictionary */
  char  *sub_filter;              /* /V /SubFilter, e.g. "ETSI.CAdES.detached", or NULL */
  int    value_obj_num;           /* indirect /V object, 0 if direct or absent */
  /* What the signature allows after it, as its dictionary and field claim
   * (not verified): the certification level of a DocMDP /Reference (1 no
   * changes, 2 form filling and signing, 3 also annotations), and the /P
   * of a PDF 2.0 lock (the FieldMDP /Reference, or the field's /Lock once
   * signed). 0 when none. */
  int    docmdp;
  int    lock_p;
} SdPdfSignatureField;

void sd_pdf_signature_field_free (SdPdfSignatureField *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfSignatureField, sd_pdf_signature_field_free)

#define SD_TYPE_PDF_DOCUMENT (sd_pdf_document_get_type ())
G_DECLARE_FINAL_TYPE (SdPdfDocument, sd_pdf_document, SD, PDF_DOCUMENT, GObject)

/* Opens @path. @password may be NULL (tries the empty user password).
 * Errors: SD_PDF_ERROR_IO (with the OS reason), _NOT_PDF, _DAMAGED (only
 * when qpdf cannot read it at all), _NEEDS_PASSWORD, _BAD_PASSWORD. */
SdPdfDocument *sd_pdf_document_open              (const char    *path,
                                                  const char    *password,
                                                  GError       **error);
/* Opens the file open on @fd (which stays open and is the caller's),
 * @path naming it in messages: whoever reads @fd afterwards reads the
 * bytes the document was parsed from, even when @path is replaced. */
SdPdfDocument *sd_pdf_document_open_fd           (int            fd,
                                                  const char    *path,
                                                  const char    *password,
                                                  GError       **error);
/* Opens only the first @length bytes of @path (an earlier revision: pass an
 * offset from sd_pdf_document_get_revision_ends()). The file is mapped, not
 * copied. */
SdPdfDocument *sd_pdf_document_open_prefix       (const char    *path,
                                                  goffset        length,
                                                  const char    *password,
                                                  GError       **error);
/* The same for the first @length bytes of the file that @self was opened
 * from, through @self's mapping: the bytes @self read (even when the path
 * was replaced since), and a page of the file that both read is in memory
 * once, not once per document. */
SdPdfDocument *sd_pdf_document_open_revision     (SdPdfDocument *self,
                                                  goffset        length,
                                                  const char    *password,
                                                  GError       **error);

const char    *sd_pdf_document_get_path          (SdPdfDocument *self);
/* Size of the file, or of the prefix for sd_pdf_document_open_prefix(). */
goffset        sd_pdf_document_get_file_size     (SdPdfDocument *self);
/* Where "%PDF-" starts: 0, or the number of bytes before the header. Offsets
 * written in the file (startxref, /Prev, xref entries) count from there. */
goffset        sd_pdf_document_get_header_offset (SdPdfDocument *self);
/* "1.7", "2.0": the header version, raised by a catalog /Version if present. */
const char    *sd_pdf_document_get_version       (SdPdfDocument *self);
int            sd_pdf_document_get_n_pages       (SdPdfDocument *self);
/* @number is 1-based. Fills @info; SD_PDF_ERROR_NO_PAGE names the page
 * count when out of range. */
gboolean       sd_pdf_document_get_page          (SdPdfDocument *self,
                                                  int            number,
                                                  SdPdfPageInfo *info,
                                                  GError       **error);
/* Document information (/Info), UTF-8, or NULL when absent. */
char          *sd_pdf_document_dup_info_string   (SdPdfDocument *self,
                                                  const char    *key);   /* "Producer", "Title", … */
SdPdfXrefStyle sd_pdf_document_get_xref_style    (SdPdfDocument *self);
gboolean       sd_pdf_document_is_linearized     (SdPdfDocument *self);
gboolean       sd_pdf_document_is_encrypted      (SdPdfDocument *self);
/* "RC4-40", "RC4-128", "AES-128", "AES-256" (rarer ones as "RC4-56",
 * "V4/None", "V6 R7"…), or NULL when not encrypted. */
const char    *sd_pdf_document_get_encryption    (SdPdfDocument *self);
/* Did qpdf have to repair the structure when opening (xref reconstructed
 * because of a missing startxref or bad offsets, page tree fixed)? Mere
 * oddities (a wrong /Size) are warnings only. Such files are readable but
 * must not be signed as they are. Damage in objects that opening does not
 * read (a page's content stream) surfaces only when they are read. */
gboolean       sd_pdf_document_was_repaired      (SdPdfDocument *self);
/* FALSE (SD_PDF_ERROR_CHANGED) when another program cut the file short
 * while the document had it mapped (sd-mapped-file.h): what was read from
 * it since may be zeros, so nothing read from the document can be
 * trusted. Ask it after reading, before using what was read. Every qpdf
 * error of such a document (sd_pdf_document_check_qpdf()) is this one. */
gboolean       sd_pdf_document_check_unchanged   (SdPdfDocument *self,
                                                  GError       **error);
/* Reads every object of the cross-reference table (not stream data), so
 * that damage qpdf only notices when it reaches an object is found now:
 * afterwards sd_pdf_document_was_repaired() tells. Costs a parse of each
 * object the table lists (never a step for each number below a declared
 * /Size); @cancellable is checked before it starts. The signer calls it
 * before writing. */
gboolean       sd_pdf_document_check_objects     (SdPdfDocument *self,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* First repair/warning message from qpdf, or NULL. */
const char    *sd_pdf_document_get_repair_reason (SdPdfDocument *self);
/* Every warning so far (qpdf's, and problems with the cross-reference
 * chain), UTF-8, at most 50 kept. (transfer none): of char * */
GPtrArray     *sd_pdf_document_get_warnings      (SdPdfDocument *self);
/* How many warnings there were, including those not kept. */
guint          sd_pdf_document_get_n_warnings    (SdPdfDocument *self);

/* Offset of the last cross-reference section ("startxref" value at the end
 * of the file, as written: relative to the header; trailing bytes after
 * %%EOF ignored), or -1 when there is none; and the trailer's /Size. */
goffset        sd_pdf_document_get_startxref     (SdPdfDocument *self);
int            sd_pdf_document_get_trailer_size  (SdPdfDocument *self);
/* TRUE when every cross-reference section from startxref through the /Prev
 * chain could be read where the file says it is, and qpdf did not have to
 * reconstruct the cross-reference table. When FALSE, the revision ends are a
 * guess (every %%EOF ends one) and the file must not be updated
 * incrementally as it is. */
gboolean       sd_pdf_document_has_intact_xref_chain (SdPdfDocument *self);
/* What is wrong with the newest cross-reference section (table, stream or
 * the /XRefStm of a hybrid one): an object number that is negative, not
 * below the trailer's /Size or beyond PDF's limit of 8,388,607, or an
 * /XRefStm that names no stream. Translated; NULL when nothing is. */
const char    *sd_pdf_document_get_xref_problem (SdPdfDocument *self);
/* Why the chain of cross-reference sections is broken (a /Prev loop, a
 * /Prev to no section…), translated; NULL when it is intact. */
const char    *sd_pdf_document_get_chain_problem (SdPdfDocument *self);
/* Byte offsets just after each revision's end ("%%EOF" plus its end-of-line),
 * oldest first, found by following the startxref / /Prev chain (not by
 * searching for "%%EOF" in stream data). The last element may be smaller than
 * the file size when bytes follow the final %%EOF. A linearized file is one
 * revision although it has two sections (its first-page section's /Prev
 * points forward to the main one); a hybrid file's /XRefStm is part of its
 * section. Never empty. (transfer none): owned by the document. */
GArray        *sd_pdf_document_get_revision_ends (SdPdfDocument *self);   /* of goffset */

/* The most bytes one image of a page may decode to (a byte a sample:
 * width × height × components), and all the images of one page: a 600 dpi
 * colour scan of an A3 sheet (about 200 MB) fits. */
#define SD_PDF_MAX_IMAGE_BYTES      ((guint64) 256 << 20)
#define SD_PDF_MAX_PAGE_IMAGE_BYTES ((guint64) 1 << 30)
/* The most bytes one object stream (/ObjStm) may decode to, and all of
 * them: qpdf decodes each whole in memory when it reads one of its
 * objects (an object stream holds about a hundred objects, some kB). A
 * document over them is not opened (SD_PDF_ERROR_TOO_LARGE). */
#define SD_PDF_MAX_OBJECT_STREAM_BYTES  ((guint64) 64 << 20)
#define SD_PDF_MAX_OBJECT_STREAMS_BYTES ((guint64) 512 << 20)

/* Why a page is not to be drawn. */
typedef enum {
  SD_PDF_PAGE_OVER_IMAGE,         /* an image, or all of them, decode to too much */
  SD_PDF_PAGE_OVER_CONTENT,       /* too much content (or objects) to look through */
  SD_PDF_PAGE_OVER_FONT,          /* a font program decodes to too much */
} SdPdfPageOver;

/* The most bytes an embedded font program (/FontFile, /FontFile2,
 * /FontFile3) may decode to: Poppler loads it whole (a complete CJK
 * OpenType font is some 20 MB). */
#define SD_PDF_MAX_FONT_BYTES ((guint64) 128 << 20)

typedef struct {
  guint   n_images;
  guint64 largest;                /* bytes the largest image decodes to */
  guint64 total;                  /* of all of them */
  /* Over a limit above (or too much content or too many objects to look
   * through): the page must not be rendered. The walk stops there, so
   * the figures are those seen until then. */
  gboolean over;
  SdPdfPageOver over_reason;      /* when over */
} SdPdfPageImages;

/* What drawing page @number (1-based) would decode for its images, read
 * from their dictionaries without decoding them: image XObjects of its
 * resources (inherited from the page tree), of the forms, patterns, Type 3
 * glyphs and soft masks they use (nested), of its annotations'
 * appearances, and the inline images (BI … ID) of all their content
 * streams; and the font programs they embed, decoded a piece at a time
 * and counted. FALSE only for a page that does not exist. (sd-pdf-images.c) */
gboolean       sd_pdf_document_measure_page_images (SdPdfDocument   *self,
                                                    int              number,
                                                    SdPdfPageImages *images,
                                                    GError         **error);
/* The one guard every renderer asks before it draws page @number: FALSE
 * with SD_PDF_ERROR_TOO_LARGE and a translated sentence when its images
 * are over the limits above. Not thread-safe (qpdf): one thread at a time
 * per document. */
gboolean       sd_pdf_document_check_page_images   (SdPdfDocument   *self,
                                                    int              number,
                                                    GError         **error);

/* Must the document be repaired before it is signed: did qpdf rebuild its
 * structure, is its chain of cross-reference sections broken, or does its
 * trailer declare more objects than a PDF file may have (so that new ones
 * could not be numbered)? Call sd_pdf_document_check_objects() first to
 * see all damage. */
gboolean       sd_pdf_document_needs_repair      (SdPdfDocument *self);
/* Why it needs repair, translated, for "X is damaged (…)"; NULL when it
 * does not. */
char          *sd_pdf_document_describe_damage   (SdPdfDocument *self);
/* Writes the document as qpdf rebuilt it to @out_path (a private file of
 * the caller, written in place): every object once, a new cross-reference
 * table, the first /ID kept; read back to check that it is sound, removed
 * on error. An encrypted or signed document is refused (rewriting would
 * break its signatures). (sd-pdf-repair.c) */
gboolean       sd_pdf_document_write_repaired    (SdPdfDocument *self,
                                                  const char    *out_path,
                                                  GError       **error);

/* Every field with /FT /Sig (inherited through /Parent), in /Fields order.
 * (transfer none): read once, owned by the document. */
GPtrArray     *sd_pdf_document_get_signature_fields (SdPdfDocument *self);  /* of SdPdfSignatureField */
int            sd_pdf_document_get_n_signatures  (SdPdfDocument *self);     /* signed fields */
/* The most restrictive permission (1 to 3, as DocMDP /P) that a signature
 * of the document claims for later changes, its certification or a PDF 2.0
 * lock; 0 when none restricts. @by (may be NULL): the field that does it
 * (transfer none). */
int            sd_pdf_document_get_mdp_permission (SdPdfDocument              *self,
                                                   const SdPdfSignatureField **by);

G_END_DECLS
