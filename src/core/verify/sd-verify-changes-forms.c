/* sd-verify-changes-forms.c: judging changes to pages, annotations and fields
 *
 * Filling in a form is allowed after an approval signature: a field's /V
 * changes and its widget gets a new appearance for the new value. A widget
 * whose appearance changes without a new value, a new form field drawn over
 * the page, a field moved or hidden: those change what the signer saw
 * (shadow attacks) and are not allowed.
 *
 * An added annotation is judged by what it shows on screen and on paper
 * (sd-verify-changes-visible.c: the Evil Annotation Attack); an added
 * signature field that nobody signed but that draws something is a Sneaky
 * Signature Attack. Fields locked by an
 * earlier signature (FieldMDP) may not change at all.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-pdf-objects.h"
#include "sd-verify-changes-private.h"

static const char *
or_unnamed (const char *name)
{
  return name != NULL ? name : _("(unnamed)");
}

static gboolean
is_sig_field (qpdf_data q,
              qpdf_oh   node)
{
  qpdf_oh ft = sd_vfy_qpdf_inherited (q, node, "/FT");
  gboolean result = ft != 0 && qpdf_oh_is_name_and_equals (q, ft, "/Sig");

  sd_change_release (q, ft);
  return result;
}

/* A new or newly signed signature field: a signature or a document
 * timestamp (which even certification level 1 allows)? */
static void
add_signed_field (SdChangeCtx *c,
                  qpdf_oh      field,
                  const char  *name)
{
  qpdf_oh v = sd_vfy_qpdf_inherited (c->nq, field, "/V");
  qpdf_oh t = sd_vfy_qpdf_get (c->nq, v, "/Type");
  qpdf_oh s = sd_vfy_qpdf_get (c->nq, v, "/SubFilter");
  gboolean timestamp = (t != 0 && qpdf_oh_is_name_and_equals (c->nq, t, "/DocTimeStamp"))
                       || (s != 0 && qpdf_oh_is_name_and_equals (c->nq, s, "/ETSI.RFC3161"));

  if (timestamp)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_DOC_TIMESTAMP, TRUE, SD_VERIFY_ATTACK_NONE, 0,
                       _("a document timestamp was added"));
  else if (v != 0)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE,
                       sd_change_ctx_allows (c, SD_VERIFY_CHANGE_SIGNATURE),
                       SD_VERIFY_ATTACK_NONE, 0, _("field “%s” was signed"), or_unnamed (name));
  else if (sd_change_is_visible (c->nq, field))
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE, FALSE, SD_VERIFY_ATTACK_SNEAKY_SIGNATURE, 0,
                       _("unsigned signature field “%s”, drawn over the signed page, was added"),
                       or_unnamed (name));
  else
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE,
                       sd_change_ctx_allows (c, SD_VERIFY_CHANGE_SIGNATURE),
                       SD_VERIFY_ATTACK_NONE, 0, _("empty signature field “%s” was added"),
                       or_unnamed (name));
  sd_change_release (c->nq, v);
  sd_change_release (c->nq, t);
  sd_change_release (c->nq, s);
}

static gboolean
has_value (qpdf_data q,
           qpdf_oh   node)
{
  qpdf_oh v = sd_vfy_qpdf_inherited (q, node, "/V");
  gboolean result = v != 0;

  sd_change_release (q, v);
  return result;
}

typedef struct {
  SdChangeCtx *c;
  gboolean     found;
} ValueSearch;

static gboolean
find_value_changed (qpdf_data q,
                    qpdf_oh   node,
                    int       depth,
                    gpointer  data)
{
  ValueSearch *search = data;

  search->found = g_hash_table_contains (search->c->value_changed,
                                         GINT_TO_POINTER (qpdf_oh_get_object_id (q, node)));
  return !search->found;
}

/* Has this field, or a field above it, a new value in this revision? (The
 * object layer's /Parent walk, as for inherited entries.) */
static gboolean
value_changed (SdChangeCtx *c,
               qpdf_oh      node)
{
  ValueSearch search = { c, FALSE };

  sd_qpdf_walk_parents (c->nq, node, find_value_changed, &search);
  return search.found;
}

static gboolean
object_shared (SdChangeCtx *c,
               qpdf_oh      h)
{
  const SdRoleInfo *info;

  if (h == 0 || !qpdf_oh_is_indirect (c->oq, h))
    return FALSE;
  info = sd_vfy_roles_lookup (c->oroles, qpdf_oh_get_object_id (c->oq, h),
                              qpdf_oh_get_generation (c->oq, h));
  return info != NULL && info->shared;
}

/* Were the old appearance objects of @field also used by something else? */
static gboolean
appearance_was_shared (SdChangeCtx *c,
                       qpdf_oh      field)
{
  static const char * const kinds[] = { "/N", "/D", "/R", NULL };
  qpdf_oh ap = sd_vfy_qpdf_get (c->oq, field, "/AP");
  gboolean shared = object_shared (c, ap);

  for (int i = 0; kinds[i] != NULL && !shared && ap != 0; i++)
    {
      qpdf_oh v = sd_vfy_qpdf_get (c->oq, ap, kinds[i]);

      shared = object_shared (c, v);
      if (!shared && v != 0 && qpdf_oh_is_dictionary (c->oq, v))
        {
          g_autoptr(GPtrArray) states = sd_vfy_qpdf_keys (c->oq, v);

          for (guint j = 0; j < states->len && !shared; j++)
            {
              qpdf_oh s = sd_vfy_qpdf_get (c->oq, v, g_ptr_array_index (states, j));

              shared = object_shared (c, s);
              sd_change_release (c->oq, s);
            }
        }
      sd_change_release (c->oq, v);
    }
  sd_change_release (c->oq, ap);
  return shared;
}

/* A field whose appearance changed after signing: signing an empty
 * signature field and filling in a form are allowed; anything else that
 * redraws a field is a shadow attack. */
static void
judge_field_change (SdChangeCtx *c,
                    qpdf_oh      old_field,
                    qpdf_oh      new_field,
                    const char  *name,
                    gboolean     is_signature)
{
  if (is_signature)
    {
      if (has_value (c->oq, old_field))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_SHADOW_REPLACE, 0,
                           _("the appearance of the signed field “%s” was changed"), or_unnamed (name));
      else if (value_changed (c, new_field))
        add_signed_field (c, new_field, name);
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE,
                           sd_change_is_visible (c->nq, new_field) ? SD_VERIFY_ATTACK_SNEAKY_SIGNATURE
                                                            : SD_VERIFY_ATTACK_NONE, 0,
                           _("the appearance of the empty signature field “%s” was changed"),
                           or_unnamed (name));
    }
  else if (value_changed (c, new_field))
    {
      if (!sd_change_check_lock (c, c->nq, new_field, name))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_FORM_FILL),
                           SD_VERIFY_ATTACK_NONE, 0, _("field “%s” was filled in"), or_unnamed (name));
    }
  else
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_SHADOW_REPLACE, 0,
                       _("the appearance of field “%s” was replaced without a change of its value"),
                       or_unnamed (name));
}

/* @replaced: /AP itself changed (not only the /AS state that picks one of
 * the appearances already there). */
static void
judge_appearance (SdChangeCtx *c,
                  qpdf_oh      old_field,
                  qpdf_oh      new_field,
                  const char  *name,
                  gboolean     replaced)
{
  if (replaced && appearance_was_shared (c, old_field))
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                       _("the appearance of field “%s”, also used elsewhere in the signed document, was replaced"),
                       or_unnamed (name));
  else
    judge_field_change (c, old_field, new_field, name, is_sig_field (c->nq, new_field));
}

void
sd_change_diff_field (SdChangeCtx *c,
                      qpdf_oh      old_field,
                      qpdf_oh      new_field)
{
  static const char * const fill_keys[] = {
    "/Ff", "/DA", "/Q", "/DS", "/RV", "/Lock", "/SV", "/TU", "/TM", "/P", NULL,
  };
  static const char * const structure_keys[] = {
    "/FT", "/T", "/Kids", "/Parent", "/Opt", "/MaxLen", "/Subtype", NULL,
  };
  g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_field, new_field);
  g_autofree char *name = sd_verify_field_name (c->nq, new_field);
  gboolean is_sig = is_sig_field (c->nq, new_field);
  gboolean appearance_done = FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);

      if (strcmp (k, "/V") == 0)
        {
          if (!is_sig)
            {
              if (!sd_change_check_lock (c, c->nq, new_field, name))
                sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL,
                                   sd_change_ctx_allows (c, SD_VERIFY_CHANGE_FORM_FILL),
                                   SD_VERIFY_ATTACK_NONE, 0, _("field “%s” was filled in"),
                                   or_unnamed (name));
            }
          else if (!has_value (c->oq, old_field))
            add_signed_field (c, new_field, name);
          else
            {
              qpdf_oh ov = sd_vfy_qpdf_get (c->oq, old_field, "/V");

              sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE, FALSE,
                                 SD_VERIFY_ATTACK_SIGDICT_SPOOFING,
                                 ov ? qpdf_oh_get_object_id (c->oq, ov) : 0,
                                 _("the signature of field “%s” was replaced"), or_unnamed (name));
              sd_change_release (c->oq, ov);
            }
        }
      else if (strcmp (k, "/AP") == 0 || strcmp (k, "/AS") == 0 || strcmp (k, "/MK") == 0)
        {
          gboolean replaced = FALSE;

          for (guint j = 0; j < keys->len; j++)
            replaced |= strcmp (g_ptr_array_index (keys, j), "/AS") != 0
                        && (strcmp (g_ptr_array_index (keys, j), "/AP") == 0
                            || strcmp (g_ptr_array_index (keys, j), "/MK") == 0);
          if (!appearance_done)
            judge_appearance (c, old_field, new_field, name, replaced);
          appearance_done = TRUE;
        }
      else if (strcmp (k, "/Rect") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("field “%s” was moved or resized"), or_unnamed (name));
      else if (strcmp (k, "/F") == 0)
        {
          gint64 diff = sd_change_get_int (c->oq, old_field, k) ^ sd_change_get_int (c->nq, new_field, k);

          if ((diff & ~(FLAG_LOCKED | FLAG_LOCKED_CONTENTS)) != 0)
            sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                               _("the display flags of field “%s” were changed"), or_unnamed (name));
        }
      else if (strcmp (k, "/AA") == 0 || strcmp (k, "/A") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_ACTIVE_CONTENT, 0,
                           _("field “%s”: its actions (format, calculation or other scripts) were changed"),
                           or_unnamed (name));
      else if (g_strv_contains (fill_keys, k) && !is_sig
               && sd_change_check_lock (c, c->nq, new_field, name))
        ;
      else if (g_strv_contains (fill_keys, k))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_FORM_FILL),
                           SD_VERIFY_ATTACK_NONE, 0, _("field “%s”: %s was changed"),
                           or_unnamed (name), k + 1);
      else if (g_strv_contains (structure_keys, k))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("field “%s”: %s was changed"), or_unnamed (name), k + 1);
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                           SD_VERIFY_ATTACK_NONE, 0, _("field “%s”: %s was changed"),
                           or_unnamed (name), k + 1);
    }
}

void
sd_change_diff_appearance (SdChangeCtx      *c,
                           const SdRoleInfo *old_info,
                           int               num)
{
  qpdf_oh owner_new, owner_old;
  g_autofree char *name = NULL;

  if (old_info->roles & SD_ROLE_ANNOT_AP)
    {
      sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION,
                         !old_info->shared && sd_change_ctx_allows (c, SD_VERIFY_CHANGE_ANNOTATION),
                         SD_VERIFY_ATTACK_NONE, 0,
                         _("page %d: the appearance of an annotation was changed"), old_info->page);
      return;
    }
  if (old_info->shared)
    {
      sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                         _("an appearance stream (object %d) also used elsewhere in the signed document was changed"),
                         num);
      return;
    }
  owner_new = qpdf_get_object_by_id (c->nq, old_info->owner, 0);
  owner_old = qpdf_get_object_by_id (c->oq, old_info->owner, 0);
  name = sd_verify_field_name (c->nq, owner_new);
  judge_field_change (c, owner_old, owner_new, name,
                      (old_info->roles & SD_ROLE_SIG_AP) != 0);
  sd_change_release (c->nq, owner_new);
  sd_change_release (c->oq, owner_old);
}

/* Entries of an array as their unparsing ("N G R" for references). */
static GPtrArray *
array_entries (qpdf_data q,
               qpdf_oh   array)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);

  if (array != 0 && qpdf_oh_is_array (q, array))
    {
      int n = qpdf_oh_get_array_n_items (q, array);

      for (int i = 0; i < n && i < 100000; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, array, i);

          g_ptr_array_add (entries, g_strdup (qpdf_oh_unparse (q, item)));
          sd_change_release (q, item);
        }
    }
  return entries;
}

static gboolean
contains (GPtrArray  *entries,
          const char *text)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (g_ptr_array_index (entries, i), text) == 0)
      return TRUE;
  return FALSE;
}

static char *
annotation_subtype (qpdf_data q,
                    qpdf_oh   annot)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, annot, "/Subtype");
  char *name = sd_vfy_qpdf_name (q, v);

  sd_change_release (q, v);
  return name != NULL ? name : g_strdup ("?");
}

/* Sealdesk places the further seals of one signature as locked, printed
 * /Stamp annotations without actions, in the revision that the signature
 * signs: part of that signature, like its widget. */
static gboolean
is_signature_seal (SdChangeCtx *c,
                   qpdf_oh      annot,
                   const char  *subtype)
{
  gint64 flags = sd_change_get_int (c->nq, annot, "/F");

  return c->signed_here && strcmp (subtype, "Stamp") == 0
         && (flags & FLAG_LOCKED) && (flags & FLAG_PRINT) && !(flags & (FLAG_HIDDEN | FLAG_NO_VIEW))
         && !sd_change_has_key (c->nq, annot, "/A") && !sd_change_has_key (c->nq, annot, "/AA")
         && !sd_change_has_key (c->nq, annot, "/Popup");
}

gboolean
sd_change_check_lock (SdChangeCtx *c,
                      qpdf_data    q,
                      qpdf_oh      field,
                      const char  *name)
{
  const char *by = NULL;

  if (!sd_vfy_field_locks_cover (c->locks, name, &by))
    return FALSE;
  sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL, FALSE, SD_VERIFY_ATTACK_LOCKED_FIELD, 0,
                     _("field “%s”, locked by signature “%s”, was changed"),
                     or_unnamed (name), or_unnamed (by));
  return TRUE;
}

void
sd_change_diff_annots (SdChangeCtx *c,
                       qpdf_oh      old_annots,
                       qpdf_oh      new_annots,
                       int          number)
{
  g_autoptr(GPtrArray) before = array_entries (c->oq, old_annots);
  g_autoptr(GPtrArray) after = array_entries (c->nq, new_annots);
  int n_new = qpdf_oh_is_array (c->nq, new_annots) ? qpdf_oh_get_array_n_items (c->nq, new_annots) : 0;
  int n_old = qpdf_oh_is_array (c->oq, old_annots) ? qpdf_oh_get_array_n_items (c->oq, old_annots) : 0;

  for (int i = 0; i < n_new && i < (int) after->len; i++)
    {
      qpdf_oh a;
      g_autofree char *subtype = NULL;
      g_autofree char *name = NULL;

      if (contains (before, g_ptr_array_index (after, i)))
        continue;
      a = qpdf_oh_get_array_item (c->nq, new_annots, i);
      subtype = annotation_subtype (c->nq, a);
      if (strcmp (subtype, "Widget") == 0)
        {
          name = sd_verify_field_name (c->nq, a);
          if (is_sig_field (c->nq, a))
            add_signed_field (c, a, name);
          else if (sd_change_is_visible (c->nq, a))
            sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_SHADOW_REPLACE, 0,
                               _("page %d: form field “%s” was added over the signed page"),
                               number, or_unnamed (name));
          else
            sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                               sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                               SD_VERIFY_ATTACK_NONE, 0,
                               _("page %d: hidden form field “%s” was added"), number, or_unnamed (name));
        }
      else if (is_signature_seal (c, a, subtype))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_SIGNATURE),
                           SD_VERIFY_ATTACK_NONE, 0,
                           _("page %d: a further seal of the signature of this revision was placed"),
                           number);
      else
        {
          gboolean allowed = sd_change_ctx_allows (c, SD_VERIFY_CHANGE_ANNOTATION)
                             || !sd_change_is_visible (c->nq, a);
          gboolean active = sd_change_has_key (c->nq, a, "/A") || sd_change_has_key (c->nq, a, "/AA");

          sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, allowed,
                             allowed ? SD_VERIFY_ATTACK_NONE
                             : active ? SD_VERIFY_ATTACK_ACTIVE_CONTENT
                                      : SD_VERIFY_ATTACK_EVIL_ANNOTATION, 0,
                             _("page %d: a %s annotation was added"), number, subtype);
        }
      sd_change_release (c->nq, a);
    }

  for (int i = 0; i < n_old && i < (int) before->len; i++)
    {
      qpdf_oh a;
      g_autofree char *subtype = NULL;
      g_autofree char *name = NULL;

      if (contains (after, g_ptr_array_index (before, i)))
        continue;
      a = qpdf_oh_get_array_item (c->oq, old_annots, i);
      subtype = annotation_subtype (c->oq, a);
      name = sd_verify_field_name (c->oq, a);
      if (strcmp (subtype, "Widget") == 0 && is_sig_field (c->oq, a))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("page %d: signature field “%s” was removed"), number, or_unnamed (name));
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_ANNOTATION),
                           SD_VERIFY_ATTACK_NONE, 0,
                           _("page %d: a %s annotation was removed"), number, subtype);
      sd_change_release (c->oq, a);
    }
}

void
sd_change_diff_fields (SdChangeCtx *c,
                       qpdf_oh      old_fields,
                       qpdf_oh      new_fields)
{
  g_autoptr(GPtrArray) before = array_entries (c->oq, old_fields);
  g_autoptr(GPtrArray) after = array_entries (c->nq, new_fields);

  for (guint i = 0; i < after->len; i++)
    {
      qpdf_oh f;
      g_autofree char *name = NULL;

      if (contains (before, g_ptr_array_index (after, i)))
        continue;
      f = qpdf_oh_get_array_item (c->nq, new_fields, i);
      name = sd_verify_field_name (c->nq, f);
      if (is_sig_field (c->nq, f))
        add_signed_field (c, f, name);
      else if (sd_change_is_visible (c->nq, f))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, FALSE, SD_VERIFY_ATTACK_SHADOW_REPLACE, 0,
                           _("form field “%s” was added over the signed content"), or_unnamed (name));
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                           SD_VERIFY_ATTACK_NONE, 0, _("hidden form field “%s” was added"),
                           or_unnamed (name));
      sd_change_release (c->nq, f);
    }
  for (guint i = 0; i < before->len; i++)
    {
      qpdf_oh f;
      g_autofree char *name = NULL;

      if (contains (after, g_ptr_array_index (before, i)))
        continue;
      f = qpdf_oh_get_array_item (c->oq, old_fields, i);
      name = sd_verify_field_name (c->oq, f);
      sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                         _("form field “%s” was removed from the form"), or_unnamed (name));
      sd_change_release (c->oq, f);
    }
}

/* Does @value refer to objects that existed, unused, in the old revision? */
static gboolean
reuses_hidden_objects (SdChangeCtx *c,
                       qpdf_oh      value)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (qpdf_oh));
  gboolean found = FALSE;

  if (value == 0)
    return FALSE;
  if (qpdf_oh_is_array (c->nq, value) && !qpdf_oh_is_indirect (c->nq, value))
    {
      int n = qpdf_oh_get_array_n_items (c->nq, value);

      for (int i = 0; i < n && i < 1000; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (c->nq, value, i);

          g_array_append_val (refs, item);
        }
    }
  else
    {
      qpdf_oh copy = qpdf_oh_new_object (c->nq, value);

      g_array_append_val (refs, copy);
    }
  for (guint i = 0; i < refs->len; i++)
    {
      qpdf_oh h = g_array_index (refs, qpdf_oh, i);

      if (!found && qpdf_oh_is_indirect (c->nq, h))
        {
          int num = qpdf_oh_get_object_id (c->nq, h), gen = qpdf_oh_get_generation (c->nq, h);
          qpdf_oh old = qpdf_get_object_by_id (c->oq, num, gen);

          found = !qpdf_oh_is_null (c->oq, old) && sd_vfy_roles_lookup (c->oroles, num, gen) == NULL;
          sd_change_release (c->oq, old);
        }
      sd_change_release (c->nq, h);
    }
  return found;
}

void
sd_change_diff_page (SdChangeCtx *c,
                     qpdf_oh      old_page,
                     qpdf_oh      new_page,
                     int          number)
{
  static const char * const drawn[] = {
    "/Contents", "/Resources", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox",
    "/ArtBox", "/Rotate", "/UserUnit", "/Group", NULL,
  };
  g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_page, new_page);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);

      if (strcmp (k, "/Annots") == 0)
        {
          qpdf_oh oa = sd_vfy_qpdf_get (c->oq, old_page, k);
          qpdf_oh na = sd_vfy_qpdf_get (c->nq, new_page, k);

          sd_change_diff_annots (c, oa, na, number);
          sd_change_release (c->oq, oa);
          sd_change_release (c->nq, na);
        }
      else if (g_strv_contains (drawn, k))
        {
          qpdf_oh nv = sd_vfy_qpdf_get (c->nq, new_page, k);
          gboolean hidden = reuses_hidden_objects (c, nv);

          sd_change_release (c->nq, nv);
          sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE,
                             hidden ? SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE : SD_VERIFY_ATTACK_NONE, 0,
                             _("page %d: %s was changed"), number, k + 1);
        }
      else if (strcmp (k, "/AA") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("page %d: the page's actions were changed"), number);
      else if (strcmp (k, "/Parent") != 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                           SD_VERIFY_ATTACK_NONE, 0, _("page %d: %s was changed"), number, k + 1);
    }
}
