/* sd-pdf-objects.h: reading PDF objects through qpdf's C API
 * (internal to src/core/pdf)
 *
 * Small helpers over qpdf_oh handles, and the two object walks the document
 * needs: page geometry with inheritance, and signature fields. Callers check
 * qpdf_has_error() afterwards; these helpers treat a missing or mistyped
 * entry as absent.
 */
#pragma once

#include <qpdf/qpdf-c.h>

#include "sd-pdf-document.h"

G_BEGIN_DECLS

/* The one depth limit of the object layer, for signer and verifier alike:
 * field hierarchies (/Kids and /Parent), the page tree, inherited
 * attributes. Anything deeper is damage or a loop. */
#define SD_PDF_MAX_DEPTH 32

/* @key with the leading slash: "/MediaBox". Returns 0 when absent. */
qpdf_oh  sd_qpdf_get_key          (qpdf_data   q,
                                   qpdf_oh     dict,
                                   const char *key);
/* The one /Parent walk (page tree or field hierarchy): calls @func on
 * @dict, then on each dictionary up its /Parent chain (@depth 0, 1, …), at
 * most SD_PDF_MAX_DEPTH levels up and never twice the same object; stops
 * when @func returns FALSE. The handles are the walk's. */
typedef gboolean (*SdPdfParentFunc) (qpdf_data q,
                                     qpdf_oh   node,
                                     int       depth,
                                     gpointer  data);
void     sd_qpdf_walk_parents     (qpdf_data        q,
                                   qpdf_oh          dict,
                                   SdPdfParentFunc  func,
                                   gpointer         data);
/* @key looked up in @dict, then in its /Parent chain (the walk above).
 * 0 if absent. */
qpdf_oh  sd_qpdf_get_inherited    (qpdf_data   q,
                                   qpdf_oh     dict,
                                   const char *key);
/* The fully qualified name ("a.b.c") of a field or widget: the /T of it
 * and of its /Parent chain, or NULL when none has one. */
char    *sd_qpdf_dup_field_name   (qpdf_data   q,
                                   qpdf_oh     node);
/* A rectangle [llx lly urx ury], normalised so that ll < ur. */
gboolean sd_qpdf_get_rect         (qpdf_data   q,
                                   qpdf_oh     array,
                                   double      rect[4]);
/* A text string in UTF-8 (PDFDocEncoding, UTF-16BE or UTF-8 with BOM),
 * valid UTF-8 even for broken input, or NULL when @oh is not a string. */
char    *sd_qpdf_dup_text         (qpdf_data   q,
                                   qpdf_oh     oh);
/* A name without its slash, or NULL. */
char    *sd_qpdf_dup_name         (qpdf_data   q,
                                   qpdf_oh     oh);

/* What the /Reference array of a signature dictionary @sig restricts
 * (ISO 32000-2 12.8.2): the one reader for signer and verifier. */
typedef struct {
  int     docmdp;                   /* /P of the first DocMDP (2 when absent), 0: none */
  int     lock_p;                   /* most restrictive FieldMDP /P, 0: none */
  qpdf_oh lock_params;              /* the first FieldMDP /TransformParams, or 0 */
} SdPdfSigReferences;

/* Fills @refs; release refs->lock_params with qpdf_oh_release() when set. */
void     sd_pdf_read_sig_references (qpdf_data           q,
                                     qpdf_oh             sig,
                                     SdPdfSigReferences *refs);
/* /P of the dictionary @dict (1 to 3), or @fallback when it has none. */
int      sd_pdf_read_permission   (qpdf_data   q,
                                   qpdf_oh     dict,
                                   int         fallback);

/* Compares PDF versions ("1.7" < "2.0"): <0, 0 or >0. */
int      sd_pdf_version_compare   (const char *a,
                                   const char *b);
/* "RC4-40", "RC4-128", "AES-128", "AES-256" (others described by /V and
 * /R), from the /Encrypt dictionary of @trailer. */
char    *sd_pdf_describe_encryption (qpdf_data q,
                                     qpdf_oh   trailer);

/* Fills @info for the page dictionary @page (1-based @number). */
void     sd_pdf_read_page_info    (qpdf_data      q,
                                   qpdf_oh        page,
                                   int            number,
                                   SdPdfPageInfo *info);

/* One node of the interactive form, as sd_pdf_walk_fields() meets it. */
typedef struct {
  qpdf_oh     node;                 /* a field, or a widget of its parent field */
  qpdf_oh     parent;               /* the node whose /Kids listed it, 0 at the top */
  const char *name;                 /* fully qualified name ("a.b"), NULL if none */
  const char *type;                 /* /FT, inherited along the walk, or NULL */
  gboolean    is_field;             /* top level or with a /T; else a widget */
  int         depth;
} SdPdfFieldNode;

/* Return FALSE not to walk the node's /Kids. The handles are the walk's. */
typedef gboolean (*SdPdfFieldFunc) (qpdf_data             q,
                                    const SdPdfFieldNode *node,
                                    gpointer              data);

/* The one AcroForm field walker: /AcroForm /Fields and their /Kids, depth
 * first, each object once, at most SD_PDF_MAX_DEPTH levels. A kid with a
 * /T is a field of its own ("parent.kid"); one without is a widget of its
 * parent. (sd-pdf-field-walk.c) */
void     sd_pdf_walk_fields       (qpdf_data       q,
                                   SdPdfFieldFunc  func,
                                   gpointer        data);

/* The same walk from one field or widget @node down its /Kids, with the
 * name and /FT it inherits from its /Parent chain. */
void     sd_pdf_walk_field_tree   (qpdf_data       q,
                                   qpdf_oh         node,
                                   SdPdfFieldFunc  func,
                                   gpointer        data);

/* Every /FT /Sig field reachable from /AcroForm /Fields, in order. */
GPtrArray *sd_pdf_read_signature_fields (qpdf_data q);

G_END_DECLS
