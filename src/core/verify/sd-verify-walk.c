/* sd-verify-walk.c: what every object of a revision is for
 *
 * To judge a change between two revisions, the verifier needs to know what
 * the changed object meant in the signed revision: drawn on a page, the
 * appearance of a form field, a signature, validation data… This walks the
 * object graph of one revision from its trailer and records, for every
 * reachable indirect object, a set of roles (SdObjectRole). Appearance
 * streams that are also reachable from somewhere else than their own widget
 * are marked "shared": rewriting them would change more than the field.
 *
 * References to objects the revision does not define (free or missing
 * numbers) are recorded too, with the role the object would have: a later
 * revision that defines one changes everything that refers to it.
 * Actions, scripts, attachments and outlines get SD_ROLE_ACTIVE, optional
 * content SD_ROLE_OPTIONAL_CONTENT.
 *
 * The form is walked with the object layer's one field walker
 * (sd_pdf_walk_fields), and inherited entries looked up with its one
 * /Parent walk: what the signer sees as the form is what is judged here.
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-objects.h"
#include "sd-verify-private.h"

#define KEY(num, gen) (((guint64) (num) << 16) | ((guint64) (gen) & 0xffff))
#define AP_ROLES (SD_ROLE_ANNOT_AP | SD_ROLE_FIELD_AP | SD_ROLE_SIG_AP)
#define MAX_DEPTH SD_PDF_MAX_DEPTH

struct _SdVfyRoles
{
  GHashTable *info;               /* guint64 * → SdRoleInfo * */
  GHashTable *swept;              /* guint64 * set, for the final sweep */
  GHashTable *dangling;           /* guint64 * → SdRoleInfo *, undefined objects */
  GArray     *objects;            /* guint64 keys, in discovery order */
  GArray     *pages;              /* guint64 keys of /Page dictionaries */
  int         root;
};

typedef enum {
  WALK_ROLE,                      /* give @role to everything below */
  WALK_FOREIGN,                   /* a reference from outside the known roles */
  WALK_SWEEP,                     /* everything else that is reachable */
  WALK_ACTIVE,                    /* actions and the like: objects not known yet */
} WalkMode;

/* Keys that lead away from the thing being walked (back to pages, to
 * actions and destinations): not followed when giving roles. */
static const char * const skip_keys[] = {
  "/Parent", "/P", "/Dest", "/A", "/AA", "/Data", "/Next", "/Prev",
  "/First", "/Last", "/Popup", "/IRT", "/Pg", NULL,
};

static gboolean
skip_key (const char *key)
{
  for (int i = 0; skip_keys[i] != NULL; i++)
    if (strcmp (key, skip_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Actions lead to destinations (pages) and back to their owners. */
static gboolean
active_skip_key (const char *key)
{
  static const char * const keys[] = { "/Parent", "/P", "/Pg", "/D", "/Dest", "/SD", NULL };

  return g_strv_contains (keys, key);
}

static SdRoleInfo *
info_add (SdVfyRoles *self,
          guint64     key)
{
  SdRoleInfo *info = g_new0 (SdRoleInfo, 1);

  g_hash_table_insert (self->info, g_memdup2 (&key, sizeof key), info);
  g_array_append_val (self->objects, key);
  return info;
}

static void
release (qpdf_data q,
         qpdf_oh   h)
{
  if (h != 0)
    qpdf_oh_release (q, h);
}

static gboolean
handle_key (qpdf_data  q,
            qpdf_oh    h,
            guint64   *key)
{
  if (!qpdf_oh_is_indirect (q, h))
    return FALSE;
  *key = KEY (qpdf_oh_get_object_id (q, h), qpdf_oh_get_generation (q, h));
  return TRUE;
}

static gboolean
is_page_like (qpdf_data q,
              qpdf_oh   h)
{
  qpdf_oh type;
  gboolean result;

  if (!qpdf_oh_is_dictionary (q, h))
    return FALSE;
  type = qpdf_oh_get_key (q, h, "/Type");
  result = qpdf_oh_is_name_and_equals (q, type, "/Page")
           || qpdf_oh_is_name_and_equals (q, type, "/Pages");
  qpdf_oh_release (q, type);
  return result;
}

/* Should the walk descend into @h? Records @h's role on the way. */
static gboolean
visit (SdVfyRoles *self,
       qpdf_data   q,
       qpdf_oh     h,
       guint       role,
       int         page,
       int         owner,
       WalkMode    mode)
{
  guint64 key;
  SdRoleInfo *info;

  if (qpdf_oh_is_null (q, h))
    {
      if (handle_key (q, h, &key) && (key >> 16) > 0)
        {
          info = g_hash_table_lookup (self->dangling, &key);
          if (info == NULL)
            {
              info = g_new0 (SdRoleInfo, 1);
              g_hash_table_insert (self->dangling, g_memdup2 (&key, sizeof key), info);
            }
          info->roles |= mode == WALK_ROLE || mode == WALK_ACTIVE ? role : SD_ROLE_OTHER;
          if (info->page == 0)
            info->page = page;
          if (info->owner == 0)
            info->owner = owner;
        }
      return FALSE;
    }
  if (!handle_key (q, h, &key))
    return qpdf_oh_is_array (q, h) || qpdf_oh_is_dictionary (q, h);

  info = g_hash_table_lookup (self->info, &key);
  switch (mode)
    {
    case WALK_SWEEP:
      if (g_hash_table_contains (self->swept, &key))
        return FALSE;
      g_hash_table_add (self->swept, g_memdup2 (&key, sizeof key));
      if (info == NULL)
        info_add (self, key)->roles = SD_ROLE_OTHER;
      return TRUE;

    case WALK_FOREIGN:
      if (info != NULL)
        {
          if (info->roles & AP_ROLES)
            info->shared = TRUE;
          return FALSE;
        }
      info_add (self, key)->roles = SD_ROLE_OTHER;
      return TRUE;

    case WALK_ACTIVE:
      /* Pages, fields and the like are judged by their own roles. */
      if (info != NULL || is_page_like (q, h))
        return FALSE;
      info = info_add (self, key);
      info->roles = role;
      info->page = page;
      info->owner = owner;
      return TRUE;

    case WALK_ROLE:
    default:
      if (info != NULL && (info->roles & role))
        {
          if ((role & AP_ROLES) && info->owner != owner)
            info->shared = TRUE;
          return FALSE;
        }
      if (info == NULL)
        info = info_add (self, key);
      if ((role & AP_ROLES) && (info->roles & (AP_ROLES | SD_ROLE_OTHER)))
        info->shared = TRUE;
      if ((role & AP_ROLES) == 0 && (info->roles & AP_ROLES))
        info->shared = TRUE;
      info->roles |= role;
      if (info->page == 0)
        info->page = page;
      if (info->owner == 0)
        info->owner = owner;
      return TRUE;
    }
}

static void
push_children (qpdf_data  q,
               qpdf_oh    h,
               GArray    *stack,
               WalkMode   mode)
{
  if (qpdf_oh_is_array (q, h))
    {
      int n = qpdf_oh_get_array_n_items (q, h);

      for (int i = 0; i < n; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, h, i);

          if (qpdf_oh_is_scalar (q, item) && !qpdf_oh_is_indirect (q, item))
            qpdf_oh_release (q, item);
          else
            g_array_append_val (stack, item);
        }
    }
  else if (qpdf_oh_is_dictionary (q, h) || qpdf_oh_is_stream (q, h))
    {
      g_autoptr(GPtrArray) keys = sd_vfy_qpdf_keys (q, h);

      for (guint i = 0; i < keys->len; i++)
        {
          const char *k = g_ptr_array_index (keys, i);
          qpdf_oh value;

          if (mode == WALK_ACTIVE ? active_skip_key (k) : mode != WALK_SWEEP && skip_key (k))
            continue;
          value = sd_vfy_qpdf_get (q, h, k);
          if (value == 0)
            continue;
          if (qpdf_oh_is_scalar (q, value) && !qpdf_oh_is_indirect (q, value))
            qpdf_oh_release (q, value);
          else
            g_array_append_val (stack, value);
        }
    }
  if (qpdf_has_error (q))
    qpdf_get_error (q);
}

static void
mark_subtree (SdVfyRoles *self,
              qpdf_data   q,
              qpdf_oh     start,
              guint       role,
              int         page,
              int         owner,
              WalkMode    mode)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (qpdf_oh));
  qpdf_oh first;

  if (start == 0)
    return;
  first = qpdf_oh_new_object (q, start);
  g_array_append_val (stack, first);
  while (stack->len > 0)
    {
      qpdf_oh h = g_array_index (stack, qpdf_oh, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      if (visit (self, q, h, role, page, owner, mode))
        push_children (q, h, stack, mode);
      qpdf_oh_release (q, h);
    }
}

/* Gives @role to @h itself, not to what it refers to. */
static void
mark_one (SdVfyRoles *self,
          qpdf_data   q,
          qpdf_oh     h,
          guint       role,
          int         page,
          int         owner)
{
  if (h != 0)
    visit (self, q, h, role, page, owner, WALK_ROLE);
}

/* The actions of an annotation, field or page (/A, /AA). */
static void
mark_actions (SdVfyRoles *self,
              qpdf_data   q,
              qpdf_oh     dict,
              int         page,
              int         owner)
{
  static const char * const keys[] = { "/A", "/AA", NULL };

  for (int i = 0; keys[i] != NULL; i++)
    {
      qpdf_oh v = sd_vfy_qpdf_get (q, dict, keys[i]);

      mark_subtree (self, q, v, SD_ROLE_ACTIVE, page, owner, WALK_ACTIVE);
      release (q, v);
    }
}

static gboolean
has_name (qpdf_data   q,
          qpdf_oh     dict,
          const char *key,
          const char *name)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  gboolean result = v != 0 && qpdf_oh_is_name_and_equals (q, v, name);

  if (v != 0)
    qpdf_oh_release (q, v);
  return result;
}

/* One field or widget: its roles, value, appearances and actions (not
 * its /Kids: the walk over the form reaches them). FALSE when it was seen
 * already, through /Fields or a page's /Annots. */
static gboolean
mark_field (SdVfyRoles *self,
            qpdf_data   q,
            qpdf_oh     node,
            gboolean    is_sig,
            int         page)
{
  qpdf_oh value, kids, ap, mk;
  SdRoleInfo *before = NULL;
  guint64 key;
  guint role = is_sig ? SD_ROLE_SIG_FIELD : SD_ROLE_FIELD;
  int owner = qpdf_oh_get_object_id (q, node);

  if (handle_key (q, node, &key))
    before = g_hash_table_lookup (self->info, &key);
  if (before != NULL && (before->roles & (SD_ROLE_FIELD | SD_ROLE_SIG_FIELD)))
    {
      /* Seen already: just add the page. */
      if (before->page == 0)
        before->page = page;
      return FALSE;
    }
  mark_one (self, q, node, role, page, 0);

  value = sd_vfy_qpdf_get (q, node, "/V");
  mark_subtree (self, q, value, is_sig ? SD_ROLE_SIG_DICT : SD_ROLE_FIELD, page, owner, WALK_ROLE);
  ap = sd_vfy_qpdf_get (q, node, "/AP");
  mark_subtree (self, q, ap, is_sig ? SD_ROLE_SIG_AP : SD_ROLE_FIELD_AP, page, owner, WALK_ROLE);
  mk = sd_vfy_qpdf_get (q, node, "/MK");
  mark_subtree (self, q, mk, is_sig ? SD_ROLE_SIG_AP : SD_ROLE_FIELD_AP, page, owner, WALK_ROLE);
  mark_actions (self, q, node, page, owner);
  kids = sd_vfy_qpdf_get (q, node, "/Kids");
  if (kids != 0 && qpdf_oh_is_array (q, kids))
    mark_one (self, q, kids, role, page, 0);
  release (q, value);
  release (q, ap);
  release (q, mk);
  release (q, kids);
  return TRUE;
}

/* A widget on a page (its field's type inherited through /Parent). */
static void
walk_widget (SdVfyRoles *self,
             qpdf_data   q,
             qpdf_oh     node,
             int         page)
{
  qpdf_oh ft = sd_vfy_qpdf_inherited (q, node, "/FT");
  gboolean is_sig = ft != 0 && qpdf_oh_is_name_and_equals (q, ft, "/Sig");

  release (q, ft);
  mark_field (self, q, node, is_sig, page);
}

/* The form, through the object layer's one field walk (the signer's). */
static gboolean
walk_form_node (qpdf_data             q,
                const SdPdfFieldNode *node,
                gpointer              data)
{
  SdVfyRoles *self = data;

  return mark_field (self, q, node->node, g_strcmp0 (node->type, "Sig") == 0, 0);
}

static void
walk_annotation (SdVfyRoles *self,
                 qpdf_data   q,
                 qpdf_oh     annot,
                 int         page)
{
  qpdf_oh ap;

  if (!qpdf_oh_is_dictionary (q, annot))
    return;
  if (has_name (q, annot, "/Subtype", "/Widget"))
    {
      walk_widget (self, q, annot, page);
      return;
    }
  mark_one (self, q, annot, SD_ROLE_ANNOT, page, 0);
  ap = sd_vfy_qpdf_get (q, annot, "/AP");
  mark_subtree (self, q, ap, SD_ROLE_ANNOT_AP, page,
                qpdf_oh_get_object_id (q, annot), WALK_ROLE);
  if (ap != 0)
    qpdf_oh_release (q, ap);
  mark_actions (self, q, annot, page, qpdf_oh_get_object_id (q, annot));
}

static void
walk_page (SdVfyRoles *self,
           qpdf_data   q,
           qpdf_oh     page,
           int         number)
{
  static const char * const drawn[] = { "/Contents", "/Group", NULL };
  qpdf_oh resources, annots;

  for (int i = 0; drawn[i] != NULL; i++)
    {
      qpdf_oh v = sd_vfy_qpdf_get (q, page, drawn[i]);

      mark_subtree (self, q, v, SD_ROLE_CONTENT, number, 0, WALK_ROLE);
      if (v != 0)
        qpdf_oh_release (q, v);
    }
  resources = sd_vfy_qpdf_inherited (q, page, "/Resources");
  mark_subtree (self, q, resources, SD_ROLE_CONTENT, number, 0, WALK_ROLE);
  if (resources != 0)
    qpdf_oh_release (q, resources);

  mark_actions (self, q, page, number, 0);
  annots = sd_vfy_qpdf_get (q, page, "/Annots");
  if (annots != 0 && qpdf_oh_is_array (q, annots))
    {
      int n = qpdf_oh_get_array_n_items (q, annots);

      mark_one (self, q, annots, SD_ROLE_ANNOTS, number, 0);
      for (int i = 0; i < n && i < 100000; i++)
        {
          qpdf_oh a = qpdf_oh_get_array_item (q, annots, i);

          walk_annotation (self, q, a, number);
          qpdf_oh_release (q, a);
        }
    }
  if (annots != 0)
    qpdf_oh_release (q, annots);
}

/* Page tree: nodes get SD_ROLE_PAGE_TREE, leaves are listed in order. */
static void
walk_page_tree (SdVfyRoles *self,
                qpdf_data   q,
                qpdf_oh     node,
                int         depth)
{
  qpdf_oh kids;
  guint64 key;

  if (node == 0 || depth > MAX_DEPTH || !qpdf_oh_is_dictionary (q, node))
    return;
  if (handle_key (q, node, &key))
    {
      SdRoleInfo *info = g_hash_table_lookup (self->info, &key);

      if (info != NULL && (info->roles & SD_ROLE_PAGE_TREE))
        return;                          /* a loop or a page listed twice */
    }
  kids = sd_vfy_qpdf_get (q, node, "/Kids");
  if (kids == 0 || has_name (q, node, "/Type", "/Page"))
    {
      int number = self->pages->len + 1;

      mark_one (self, q, node, SD_ROLE_PAGE_TREE, number, 0);
      if (handle_key (q, node, &key))
        g_array_append_val (self->pages, key);
      walk_page (self, q, node, number);
    }
  else
    {
      mark_one (self, q, node, SD_ROLE_PAGE_TREE, 0, 0);
      if (qpdf_oh_is_array (q, kids))
        {
          int n = qpdf_oh_get_array_n_items (q, kids);

          for (int i = 0; i < n; i++)
            {
              qpdf_oh kid = qpdf_oh_get_array_item (q, kids, i);

              walk_page_tree (self, q, kid, depth + 1);
              qpdf_oh_release (q, kid);
            }
        }
    }
  if (kids != 0)
    qpdf_oh_release (q, kids);
}

static void
walk_foreign_keys (SdVfyRoles         *self,
                   qpdf_data           q,
                   qpdf_oh             dict,
                   const char * const *known)
{
  g_autoptr(GPtrArray) keys = sd_vfy_qpdf_keys (q, dict);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      qpdf_oh v;

      if (g_strv_contains (known, k))
        continue;
      v = sd_vfy_qpdf_get (q, dict, k);
      mark_subtree (self, q, v, SD_ROLE_OTHER, 0, 0, WALK_FOREIGN);
      if (v != 0)
        qpdf_oh_release (q, v);
    }
}

SdVfyRoles *
sd_vfy_roles_new (qpdf_data q)
{
  static const char * const trailer_known[] = {
    "/Root", "/Info", "/Encrypt", "/Prev", "/XRefStm", "/Size", "/ID",
    "/Type", "/W", "/Index", "/Length", "/Filter", "/DecodeParms", NULL,
  };
  static const char * const catalog_known[] = {
    "/Type", "/Pages", "/AcroForm", "/DSS", "/Metadata", "/OCProperties",
    "/Names", "/OpenAction", "/AA", "/AF", "/Outlines", "/URI", NULL,
  };
  static const char * const active[] = {
    "/Names", "/OpenAction", "/AA", "/AF", "/Outlines", "/URI", NULL,
  };
  SdVfyRoles *self = g_new0 (SdVfyRoles, 1);
  qpdf_oh trailer, root, v;

  self->info = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->swept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->dangling = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->objects = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint64));

  trailer = qpdf_get_trailer (q);
  root = sd_vfy_qpdf_get (q, trailer, "/Root");
  if (root != 0)
    {
      self->root = qpdf_oh_get_object_id (q, root);
      mark_one (self, q, root, SD_ROLE_CATALOG, 0, 0);

      v = sd_vfy_qpdf_get (q, root, "/Pages");
      walk_page_tree (self, q, v, 0);
      if (v != 0)
        qpdf_oh_release (q, v);

      v = sd_vfy_qpdf_get (q, root, "/AcroForm");
      if (v != 0 && qpdf_oh_is_dictionary (q, v))
        {
          qpdf_oh fields = sd_vfy_qpdf_get (q, v, "/Fields");
          qpdf_oh dr = sd_vfy_qpdf_get (q, v, "/DR");

          mark_one (self, q, v, SD_ROLE_ACROFORM, 0, 0);
          mark_subtree (self, q, dr, SD_ROLE_ACROFORM, 0, 0, WALK_ROLE);
          if (fields != 0 && qpdf_oh_is_array (q, fields))
            {
              mark_one (self, q, fields, SD_ROLE_ACROFORM, 0, 0);
              sd_pdf_walk_fields (q, walk_form_node, self);
            }
          if (fields != 0)
            qpdf_oh_release (q, fields);
          if (dr != 0)
            qpdf_oh_release (q, dr);
        }
      if (v != 0)
        qpdf_oh_release (q, v);

      v = sd_vfy_qpdf_get (q, root, "/DSS");
      mark_subtree (self, q, v, SD_ROLE_DSS, 0, 0, WALK_ROLE);
      if (v != 0)
        qpdf_oh_release (q, v);
      v = sd_vfy_qpdf_get (q, root, "/Metadata");
      mark_subtree (self, q, v, SD_ROLE_META, 0, 0, WALK_ROLE);
      if (v != 0)
        qpdf_oh_release (q, v);
      v = sd_vfy_qpdf_get (q, root, "/OCProperties");
      mark_subtree (self, q, v, SD_ROLE_OPTIONAL_CONTENT, 0, 0, WALK_ROLE);
      release (q, v);
      for (int i = 0; active[i] != NULL; i++)
        {
          v = sd_vfy_qpdf_get (q, root, active[i]);
          mark_subtree (self, q, v, SD_ROLE_ACTIVE, 0, 0, WALK_ACTIVE);
          release (q, v);
        }
    }
  v = sd_vfy_qpdf_get (q, trailer, "/Info");
  mark_subtree (self, q, v, SD_ROLE_META, 0, 0, WALK_ROLE);
  if (v != 0)
    qpdf_oh_release (q, v);

  walk_foreign_keys (self, q, trailer, trailer_known);
  if (root != 0)
    walk_foreign_keys (self, q, root, catalog_known);
  mark_subtree (self, q, trailer, SD_ROLE_OTHER, 0, 0, WALK_SWEEP);

  if (root != 0)
    qpdf_oh_release (q, root);
  qpdf_oh_release (q, trailer);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  g_clear_pointer (&self->swept, g_hash_table_unref);
  return self;
}

void
sd_vfy_roles_free (SdVfyRoles *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->info);
  g_hash_table_unref (self->dangling);
  g_clear_pointer (&self->swept, g_hash_table_unref);
  g_array_unref (self->objects);
  g_array_unref (self->pages);
  g_free (self);
}

const SdRoleInfo *
sd_vfy_roles_lookup (SdVfyRoles *self,
                     int         num,
                     int         gen)
{
  guint64 key = KEY (num, gen);

  return g_hash_table_lookup (self->info, &key);
}

const SdRoleInfo *
sd_vfy_roles_lookup_dangling (SdVfyRoles *self,
                              int         num,
                              int         gen)
{
  guint64 key = KEY (num, gen);

  return g_hash_table_lookup (self->dangling, &key);
}

GArray *
sd_vfy_roles_get_objects (SdVfyRoles *self)
{
  return self->objects;
}

int
sd_vfy_roles_get_root (SdVfyRoles *self)
{
  return self->root;
}

int
sd_vfy_roles_get_n_pages (SdVfyRoles *self)
{
  return self->pages->len;
}

GArray *
sd_vfy_roles_get_pages (SdVfyRoles *self)
{
  return self->pages;
}
