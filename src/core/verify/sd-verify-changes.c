/* sd-verify-changes.c: what a revision changed, and whether it may
 *
 * Every object reachable in the newer revision that the revision writes
 * (its cross-reference sections list it) is compared with the same object
 * in the older one (qpdf unparsing, raw stream data by hash). A
 * changed object is judged by what it was for in the older revision (its
 * roles, sd-verify-walk.c): page content may never change; form values,
 * new signatures, /DSS and document timestamps may; annotations only under
 * certification level 3. Structural dictionaries (catalog, AcroForm, page,
 * field) are compared key by key so that the report says what happened.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-verify-changes-private.h"

#define KEY(num, gen) (((guint64) (num) << 16) | ((guint64) (gen) & 0xffff))

void
sd_vfy_change_item_free (SdChangeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->change.detail);
  g_free (item);
}

void
sd_change_release (qpdf_data q,
                   qpdf_oh   h)
{
  if (h != 0)
    qpdf_oh_release (q, h);
}

gboolean
sd_change_ctx_allows (SdChangeCtx        *c,
                      SdVerifyChangeKind  kind)
{
  switch (kind)
    {
    case SD_VERIFY_CHANGE_DSS:
    case SD_VERIFY_CHANGE_DOC_TIMESTAMP:
      return TRUE;
    case SD_VERIFY_CHANGE_SIGNATURE:
    case SD_VERIFY_CHANGE_FORM_FILL:
    case SD_VERIFY_CHANGE_OTHER:
      return c->docmdp != 1;
    case SD_VERIFY_CHANGE_ANNOTATION:
      return c->docmdp == 3;
    case SD_VERIFY_CHANGE_PAGE_CONTENT:
    case SD_VERIFY_CHANGE_PAGES:
    default:
      return FALSE;
    }
}

void
sd_change_ctx_add (SdChangeCtx        *c,
                   SdVerifyChangeKind  kind,
                   gboolean            allowed,
                   SdVerifyAttack      attack,
                   int                 sig_obj,
                   const char         *format,
                   ...)
{
  SdChangeItem *item;
  va_list args;
  char *detail;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < c->items->len; i++)
    {
      SdChangeItem *other = g_ptr_array_index (c->items, i);

      if (other->change.kind == kind && other->change.allowed == allowed
          && strcmp (other->change.detail, detail) == 0)
        {
          if (other->attack == SD_VERIFY_ATTACK_NONE)
            other->attack = attack;
          g_free (detail);
          return;
        }
    }
  item = g_new0 (SdChangeItem, 1);
  item->change.revision = c->revision;
  item->change.kind = kind;
  item->change.allowed = allowed;
  item->change.detail = detail;
  item->attack = attack;
  item->sig_obj = sig_obj;
  g_ptr_array_add (c->items, item);
}

static void
diff_acroform (SdChangeCtx *c,
               qpdf_oh      old_af,
               qpdf_oh      new_af)
{
  g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_af, new_af);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);

      if (strcmp (k, "/Fields") == 0)
        {
          qpdf_oh of = sd_vfy_qpdf_get (c->oq, old_af, k);
          qpdf_oh nf = sd_vfy_qpdf_get (c->nq, new_af, k);

          sd_change_diff_fields (c, of, nf);
          sd_change_release (c->oq, of);
          sd_change_release (c->nq, nf);
        }
      else if (strcmp (k, "/XFA") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("the XFA form was changed"));
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_FORM_FILL),
                           SD_VERIFY_ATTACK_NONE, 0, _("form settings (%s) were changed"), k + 1);
    }
}

static void
diff_catalog (SdChangeCtx *c,
              qpdf_oh      old_cat,
              qpdf_oh      new_cat)
{
  static const char * const allowed_other[] = {
    "/Extensions", "/Version", "/Lang", "/MarkInfo", "/PageLabels",
    "/StructTreeRoot", "/ViewerPreferences", "/PageMode", "/PageLayout",
    "/PieceInfo", "/Legal", "/Threads", NULL,
  };
  static const char * const forbidden[] = {
    "/Perms", "/Requirements", "/Collection", "/NeedsRendering", NULL,
  };
  /* Never allowed after a signature: no certification level permits them. */
  static const char * const active[] = {
    "/OpenAction", "/AA", "/Names", "/URI", "/AF", "/Outlines", NULL,
  };
  g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_cat, new_cat);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);

      if (strcmp (k, "/AcroForm") == 0)
        {
          qpdf_oh oa = sd_vfy_qpdf_get (c->oq, old_cat, k);
          qpdf_oh na = sd_vfy_qpdf_get (c->nq, new_cat, k);

          diff_acroform (c, oa, na);
          sd_change_release (c->oq, oa);
          sd_change_release (c->nq, na);
        }
      else if (strcmp (k, "/DSS") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_DSS, TRUE, SD_VERIFY_ATTACK_NONE, 0,
                           _("validation data (DSS) was added or updated"));
      else if (strcmp (k, "/Metadata") == 0 || g_strv_contains (allowed_other, k))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                           SD_VERIFY_ATTACK_NONE, 0,
                           _("document-level entry %s was changed"), k + 1);
      else if (strcmp (k, "/Pages") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGES, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("the page tree was replaced"));
      else if (strcmp (k, "/OCProperties") == 0)
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE, SD_VERIFY_ATTACK_OPTIONAL_CONTENT, 0,
                           _("optional content (layers) was changed: it can show or hide page content"));
      else if (g_strv_contains (active, k))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_ACTIVE_CONTENT, 0,
                           _("document-level entry %s (actions, scripts, attachments or outlines) was changed"),
                           k + 1);
      else if (g_strv_contains (forbidden, k))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                           _("document-level entry %s (permissions or requirements) was changed"),
                           k + 1);
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                           SD_VERIFY_ATTACK_NONE, 0,
                           _("document-level entry %s was changed"), k + 1);
    }
}

/* An XObject that was drawn is now something that draws nothing. */
static gboolean
looks_hidden (SdChangeCtx *c,
              qpdf_oh      old_h,
              qpdf_oh      new_h)
{
  g_autofree char *old_type = NULL, *new_type = NULL, *old_sub = NULL, *new_sub = NULL;
  qpdf_oh v;
  gboolean has_oc;

  if (!qpdf_oh_is_stream (c->oq, old_h))
    return FALSE;
  v = sd_vfy_qpdf_get (c->oq, old_h, "/Subtype");
  old_sub = sd_vfy_qpdf_name (c->oq, v);
  sd_change_release (c->oq, v);
  if (g_strcmp0 (old_sub, "Image") != 0 && g_strcmp0 (old_sub, "Form") != 0)
    return FALSE;
  if (!qpdf_oh_is_stream (c->nq, new_h))
    return TRUE;
  v = sd_vfy_qpdf_get (c->nq, new_h, "/Subtype");
  new_sub = sd_vfy_qpdf_name (c->nq, v);
  sd_change_release (c->nq, v);
  v = sd_vfy_qpdf_get (c->oq, old_h, "/Type");
  old_type = sd_vfy_qpdf_name (c->oq, v);
  sd_change_release (c->oq, v);
  v = sd_vfy_qpdf_get (c->nq, new_h, "/Type");
  new_type = sd_vfy_qpdf_name (c->nq, v);
  sd_change_release (c->nq, v);
  v = sd_vfy_qpdf_get (c->nq, new_h, "/OC");
  has_oc = v != 0;
  sd_change_release (c->nq, v);
  return g_strcmp0 (old_sub, new_sub) != 0 || g_strcmp0 (old_type, new_type) != 0 || has_oc;
}

static gboolean
is_doc_timestamp (qpdf_data q,
                  qpdf_oh   h)
{
  qpdf_oh t = sd_vfy_qpdf_get (q, h, "/Type");
  qpdf_oh s = sd_vfy_qpdf_get (q, h, "/SubFilter");
  gboolean result = (t != 0 && qpdf_oh_is_name_and_equals (q, t, "/DocTimeStamp"))
                    || (s != 0 && qpdf_oh_is_name_and_equals (q, s, "/ETSI.RFC3161"));

  sd_change_release (q, t);
  sd_change_release (q, s);
  return result;
}

static void
classify_added (SdChangeCtx      *c,
                int               num,
                qpdf_oh           new_h,
                const SdRoleInfo *ni)
{
  if (ni->roles & SD_ROLE_SIG_DICT)
    {
      /* Signatures are reported through their fields. */
      if (is_doc_timestamp (c->nq, new_h))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_DOC_TIMESTAMP, TRUE, SD_VERIFY_ATTACK_NONE, 0,
                           _("a document timestamp was added"));
    }
  else if (ni->roles & SD_ROLE_DSS)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_DSS, TRUE, SD_VERIFY_ATTACK_NONE, 0,
                       _("validation data (DSS) was added or updated"));
  else if (ni->roles == SD_ROLE_META)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                       sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                       SD_VERIFY_ATTACK_NONE, 0, _("document information (metadata) was updated"));
  /* Anything else new (content too) can only be used through an existing
   * object that now refers to it: that change is what gets reported. */
}

/* Roles of objects whose change can alter what a page shows. */
#define SHOWN_ROLES (SD_ROLE_CONTENT | SD_ROLE_PAGE_TREE | SD_ROLE_ANNOT | SD_ROLE_ANNOT_AP \
                     | SD_ROLE_FIELD | SD_ROLE_FIELD_AP | SD_ROLE_SIG_FIELD | SD_ROLE_SIG_AP \
                     | SD_ROLE_ANNOTS | SD_ROLE_OPTIONAL_CONTENT | SD_ROLE_ACROFORM)

/* An object that the signed revision referred to without defining it (a
 * free or missing object number), defined now: whatever refers to it
 * changed, though its own bytes did not. */
static gboolean
classify_dangling (SdChangeCtx *c,
                   int          num,
                   int          gen)
{
  const SdRoleInfo *di = sd_vfy_roles_lookup_dangling (c->oroles, num, gen);
  SdVerifyChangeKind kind;

  /* Only what something shown, signed or run refers to: a producer's own
   * trailer entry may name the next object number in advance. */
  if (di == NULL || (di->roles & ~(SD_ROLE_DSS | SD_ROLE_META | SD_ROLE_OTHER)) == 0)
    return FALSE;
  kind = (di->roles & SHOWN_ROLES) ? SD_VERIFY_CHANGE_PAGE_CONTENT : SD_VERIFY_CHANGE_OTHER;
  if (di->page > 0)
    sd_change_ctx_add (c, kind, FALSE, SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE, 0,
                       _("page %d: object %d, referred to but not defined in the signed revision, was defined later"),
                       di->page, num);
  else
    sd_change_ctx_add (c, kind, FALSE, SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE, 0,
                       _("object %d, referred to but not defined in the signed revision, was defined later"),
                       num);
  return TRUE;
}

static gboolean
is_optional_content (qpdf_data q,
                     qpdf_oh   h)
{
  qpdf_oh t = sd_vfy_qpdf_get (q, h, "/Type");
  gboolean result = t != 0 && (qpdf_oh_is_name_and_equals (q, t, "/OCG")
                               || qpdf_oh_is_name_and_equals (q, t, "/OCMD"));

  sd_change_release (q, t);
  return result;
}

/* An annotation whose own dictionary changed. */
static void
diff_annotation (SdChangeCtx      *c,
                 qpdf_oh           old_h,
                 qpdf_oh           new_h,
                 const SdRoleInfo *oi)
{
  g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_h, new_h);
  gboolean allowed = sd_change_ctx_allows (c, SD_VERIFY_CHANGE_ANNOTATION);
  gboolean actions = FALSE;

  for (guint i = 0; i < keys->len; i++)
    actions |= strcmp (g_ptr_array_index (keys, i), "/A") == 0
               || strcmp (g_ptr_array_index (keys, i), "/AA") == 0;
  if (actions)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, allowed,
                       allowed ? SD_VERIFY_ATTACK_NONE : SD_VERIFY_ATTACK_ACTIVE_CONTENT, 0,
                       _("page %d: the action of an annotation (a link) was changed"), oi->page);
  else if (keys->len > 0)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_ANNOTATION, allowed,
                       allowed ? SD_VERIFY_ATTACK_NONE : SD_VERIFY_ATTACK_EVIL_ANNOTATION, 0,
                       _("page %d: an annotation was changed"), oi->page);
}

static void
classify_changed (SdChangeCtx      *c,
                  int               num,
                  qpdf_oh           old_h,
                  qpdf_oh           new_h,
                  const SdRoleInfo *oi,
                  const SdRoleInfo *ni)
{
  static const char * const inherited[] = {
    "/Resources", "/MediaBox", "/CropBox", "/Rotate", NULL,
  };
  guint oroles = oi != NULL ? oi->roles : 0;
  guint nroles = ni != NULL ? ni->roles : 0;

  if (oi == NULL)
    {
      /* Present but unused when signed, in use now. */
      if (nroles & (SD_ROLE_CONTENT | SD_ROLE_PAGE_TREE | SD_ROLE_FIELD_AP | SD_ROLE_ANNOT_AP))
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE,
                           SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE, 0,
                           _("object %d, hidden in the signed revision, is now shown"), num);
      else
        classify_added (c, num, new_h, ni);
      return;
    }
  if (oroles & SD_ROLE_SIG_DICT)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_SIGNATURE, FALSE, SD_VERIFY_ATTACK_SIGDICT_SPOOFING,
                       num,
                       _("the signature dictionary (object %d) was changed after signing"), num);
  else if ((oroles & SD_ROLE_OPTIONAL_CONTENT)
           || ((oroles & SD_ROLE_CONTENT) && is_optional_content (c->oq, old_h)))
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE, SD_VERIFY_ATTACK_OPTIONAL_CONTENT, 0,
                       _("optional content (object %d) was changed: it can show or hide page content"),
                       num);
  else if (oroles & SD_ROLE_CONTENT)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE,
                       looks_hidden (c, old_h, new_h) ? SD_VERIFY_ATTACK_SHADOW_HIDE
                                                      : SD_VERIFY_ATTACK_NONE,
                       0, _("page %d: content (object %d) was changed"), oi->page, num);
  else if (oroles & SD_ROLE_PAGE_TREE)
    {
      if (oi->page > 0)
        sd_change_diff_page (c, old_h, new_h, oi->page);
      else
        {
          g_autoptr(GPtrArray) keys = sd_change_changed_keys (c, old_h, new_h);

          for (guint i = 0; i < keys->len; i++)
            {
              const char *k = g_ptr_array_index (keys, i);

              if (strcmp (k, "/Kids") == 0 || strcmp (k, "/Count") == 0)
                sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGES, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                                   _("pages were added, removed or reordered"));
              else if (g_strv_contains (inherited, k))
                sd_change_ctx_add (c, SD_VERIFY_CHANGE_PAGE_CONTENT, FALSE, SD_VERIFY_ATTACK_NONE, 0,
                                   _("page attributes (%s) shared by several pages were changed"),
                                   k + 1);
              else if (strcmp (k, "/Parent") != 0)
                sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                                   sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                                   SD_VERIFY_ATTACK_NONE, 0,
                                   _("page tree entry %s was changed"), k + 1);
            }
        }
    }
  else if (oroles & (SD_ROLE_FIELD | SD_ROLE_SIG_FIELD))
    sd_change_diff_field (c, old_h, new_h);
  else if (oroles & SD_ROLE_ANNOTS)
    sd_change_diff_annots (c, old_h, new_h, oi->page);
  else if (oroles & SD_ROLE_ACROFORM)
    {
      if (qpdf_oh_is_array (c->oq, old_h))
        sd_change_diff_fields (c, old_h, new_h);
      else if (qpdf_oh_is_dictionary (c->oq, old_h) && qpdf_oh_has_key (c->oq, old_h, "/Fields"))
        diff_acroform (c, old_h, new_h);
      else
        sd_change_ctx_add (c, SD_VERIFY_CHANGE_FORM_FILL,
                           sd_change_ctx_allows (c, SD_VERIFY_CHANGE_FORM_FILL),
                           SD_VERIFY_ATTACK_NONE, 0, _("form resources were changed"));
    }
  else if (oroles & (SD_ROLE_FIELD_AP | SD_ROLE_SIG_AP | SD_ROLE_ANNOT_AP))
    sd_change_diff_appearance (c, oi, num);
  else if (oroles & SD_ROLE_ANNOT)
    diff_annotation (c, old_h, new_h, oi);
  else if (oroles & SD_ROLE_ACTIVE)
    {
      const SdRoleInfo *owner = oi->owner > 0 ? sd_vfy_roles_lookup (c->oroles, oi->owner, 0) : NULL;
      /* The action of a link may change where annotations may (level 3);
       * document actions, scripts, attachments and outlines never. */
      gboolean allowed = owner != NULL && (owner->roles & SD_ROLE_ANNOT)
                         && sd_change_ctx_allows (c, SD_VERIFY_CHANGE_ANNOTATION);

      sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER, allowed,
                         allowed ? SD_VERIFY_ATTACK_NONE : SD_VERIFY_ATTACK_ACTIVE_CONTENT, 0,
                         _("an action, script, attachment or outline (object %d) was changed"), num);
    }
  else if ((oroles | nroles) & SD_ROLE_DSS)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_DSS, TRUE, SD_VERIFY_ATTACK_NONE, 0,
                       _("validation data (DSS) was added or updated"));
  else if (oroles & SD_ROLE_META)
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                       sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                       SD_VERIFY_ATTACK_NONE, 0, _("document information (metadata) was updated"));
  else if (oroles & SD_ROLE_CATALOG)
    diff_catalog (c, old_h, new_h);
  else
    sd_change_ctx_add (c, SD_VERIFY_CHANGE_OTHER,
                       sd_change_ctx_allows (c, SD_VERIFY_CHANGE_OTHER),
                       SD_VERIFY_ATTACK_NONE, 0,
                       _("object %d, which is not drawn on any page, was changed"), num);
}

/* Records which fields got a new /V in this revision, before judging
 * appearance changes against it. */
static void
note_value_change (SdChangeCtx *c,
                   int          num,
                   qpdf_oh      old_h,
                   qpdf_oh      new_h)
{
  g_autofree char *a = sd_change_value_text (c->oq, old_h, "/V");
  g_autofree char *b = sd_change_value_text (c->nq, new_h, "/V");
  g_autofree char *as_a = sd_change_value_text (c->oq, old_h, "/AS");
  g_autofree char *as_b = sd_change_value_text (c->nq, new_h, "/AS");

  if (g_strcmp0 (a, b) != 0 || g_strcmp0 (as_a, as_b) != 0)
    g_hash_table_add (c->value_changed, GINT_TO_POINTER (num));
}

/* An object the revision does not write reads as before, unless it is a
 * stream whose /Length refers to an object that the revision does write. */
static gboolean
may_differ (qpdf_data   q,
            qpdf_oh     h,
            int         num,
            GHashTable *written)
{
  qpdf_oh length;
  gboolean result;

  if (written == NULL || g_hash_table_contains (written, GINT_TO_POINTER (num)))
    return TRUE;
  if (!qpdf_oh_is_stream (q, h))
    return FALSE;
  length = sd_vfy_qpdf_get (q, h, "/Length");
  result = length != 0 && qpdf_oh_is_indirect (q, length)
           && g_hash_table_contains (written, GINT_TO_POINTER (qpdf_oh_get_object_id (q, length)));
  sd_change_release (q, length);
  return result;
}

GPtrArray *
sd_verify_compare_revisions (qpdf_data             old_q,
                             SdVfyRoles           *old_roles,
                             qpdf_data             new_q,
                             SdVfyRoles           *new_roles,
                             GHashTable           *written,
                             int                   revision,
                             const SdCompareRules *rules,
                             GCancellable         *cancellable)
{
  SdChangeCtx c = { old_q, new_q, old_roles, new_roles, revision, rules->docmdp,
                    rules->locks, rules->signed_here, NULL, NULL };
  GArray *objects = sd_vfy_roles_get_objects (new_roles);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint64));

  c.items = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_vfy_change_item_free);
  c.value_changed = g_hash_table_new (NULL, NULL);

  /* The catalog may have been replaced by another object altogether. */
  if (sd_vfy_roles_get_root (old_roles) != sd_vfy_roles_get_root (new_roles))
    {
      qpdf_oh ot = qpdf_get_trailer (old_q), nt = qpdf_get_trailer (new_q);
      qpdf_oh oc = sd_vfy_qpdf_get (old_q, ot, "/Root"), nc = sd_vfy_qpdf_get (new_q, nt, "/Root");

      diff_catalog (&c, oc, nc);
      sd_change_release (old_q, oc);
      sd_change_release (new_q, nc);
      sd_change_release (old_q, ot);
      sd_change_release (new_q, nt);
    }

  for (guint i = 0; i < objects->len; i++)
    {
      guint64 key = g_array_index (objects, guint64, i);
      int num = key >> 16, gen = key & 0xffff;
      qpdf_oh oh, nh;
      g_autofree char *a = NULL, *b = NULL;

      if (i % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      nh = qpdf_get_object_by_id (new_q, num, gen);
      if (!may_differ (new_q, nh, num, written))
        {
          sd_change_release (new_q, nh);
          continue;
        }
      oh = qpdf_get_object_by_id (old_q, num, gen);
      if (qpdf_oh_is_null (old_q, oh))
        g_array_append_val (changed, key);
      else
        {
          a = sd_vfy_qpdf_fingerprint (old_q, oh);
          b = sd_vfy_qpdf_fingerprint (new_q, nh);
          if (g_strcmp0 (a, b) != 0)
            {
              g_array_append_val (changed, key);
              note_value_change (&c, num, oh, nh);
            }
        }
      sd_change_release (old_q, oh);
      sd_change_release (new_q, nh);
    }

  for (guint i = 0; i < changed->len; i++)
    {
      guint64 key = g_array_index (changed, guint64, i);
      int num = key >> 16, gen = key & 0xffff;
      qpdf_oh oh = qpdf_get_object_by_id (old_q, num, gen);
      qpdf_oh nh = qpdf_get_object_by_id (new_q, num, gen);
      const SdRoleInfo *ni = sd_vfy_roles_lookup (new_roles, num, gen);

      if (qpdf_oh_is_null (old_q, oh))
        {
          if (!classify_dangling (&c, num, gen))
            classify_added (&c, num, nh, ni);
        }
      else
        classify_changed (&c, num, oh, nh, sd_vfy_roles_lookup (old_roles, num, gen), ni);
      sd_change_release (old_q, oh);
      sd_change_release (new_q, nh);
    }
  if (qpdf_has_error (old_q))
    qpdf_get_error (old_q);
  if (qpdf_has_error (new_q))
    qpdf_get_error (new_q);
  g_hash_table_unref (c.value_changed);
  return c.items;
}
