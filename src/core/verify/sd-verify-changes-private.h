/* sd-verify-changes-private.h: shared by sd-verify-changes*.c */
#pragma once

#include "sd-verify-private.h"

G_BEGIN_DECLS

typedef struct {
  qpdf_data    oq;                 /* the revision before */
  qpdf_data    nq;                 /* the revision that made the changes */
  SdVfyRoles  *oroles;
  SdVfyRoles  *nroles;
  int          revision;
  int          docmdp;             /* 0: no certification, else /P 1..3 */
  GPtrArray   *locks;              /* SdFieldLock in force, or NULL */
  gboolean     signed_here;        /* a signature signs exactly this revision */
  GPtrArray   *items;              /* of SdChangeItem */
  GHashTable  *value_changed;      /* field objects (new revision) whose /V changed */
} SdChangeCtx;

/* May a change of @kind happen under the certification level? */
gboolean sd_change_ctx_allows     (SdChangeCtx        *c,
                                   SdVerifyChangeKind  kind);
void     sd_change_ctx_add        (SdChangeCtx        *c,
                                   SdVerifyChangeKind  kind,
                                   gboolean            allowed,
                                   SdVerifyAttack      attack,
                                   int                 sig_obj,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (6, 7);

/* The unparsing of a value as written (references stay "N G R"). */
char    *sd_change_value_text     (qpdf_data           q,
                                   qpdf_oh             dict,
                                   const char         *key);
 /* Keys whose values differ between the two versions of a dictionary. */
GPtrArray *sd_change_changed_keys (SdChangeCtx        *c,
                                   qpdf_oh             old_dict,
                                   qpdf_oh             new_dict);
void     sd_change_release        (qpdf_data           q,
                                   qpdf_oh             h);
/* Is @field (a field or widget of @q) locked by an earlier signature? Adds
 * a disallowed change and returns TRUE when it is. */
gboolean sd_change_check_lock     (SdChangeCtx        *c,
                                   qpdf_data           q,
                                   qpdf_oh             field,
                                   const char         *name);

/* Annotation flags (/F). */
#define FLAG_HIDDEN 2
#define FLAG_PRINT 4
#define FLAG_NO_ZOOM 8
#define FLAG_NO_VIEW 32
#define FLAG_LOCKED 128
#define FLAG_LOCKED_CONTENTS 512

/* sd-verify-changes-visible.c */
/* A direct or indirect integer entry, 0 when absent. */
gint64   sd_change_get_int        (qpdf_data           q,
                                   qpdf_oh             dict,
                                   const char         *key);
gboolean sd_change_has_key        (qpdf_data           q,
                                   qpdf_oh             dict,
                                   const char         *key);
/* Does the annotation, or a widget of the field, show anything on screen
 * or on paper? */
gboolean sd_change_is_visible     (qpdf_data           q,
                                   qpdf_oh             annot);

/* sd-verify-changes-forms.c */
void     sd_change_diff_page      (SdChangeCtx        *c,
                                   qpdf_oh             old_page,
                                   qpdf_oh             new_page,
                                   int                 number);
void     sd_change_diff_annots    (SdChangeCtx        *c,
                                   qpdf_oh             old_annots,
                                   qpdf_oh             new_annots,
                                   int                 number);
void     sd_change_diff_field     (SdChangeCtx        *c,
                                   qpdf_oh             old_field,
                                   qpdf_oh             new_field);
void     sd_change_diff_fields    (SdChangeCtx        *c,
                                   qpdf_oh             old_fields,
                                   qpdf_oh             new_fields);
void     sd_change_diff_appearance (SdChangeCtx       *c,
                                   const SdRoleInfo   *old_info,
                                   int                 num);

G_END_DECLS
