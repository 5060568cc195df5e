/* sd-pdf-field-walk.c: the one walk over the fields of an interactive form
 *
 * The signer (names in use, seal images to reuse, signature fields) and
 * the verifier (signature values, what a field is) must agree on what a
 * document's form contains, so they walk it the same way: from /AcroForm
 * /Fields through /Kids, each object once, never deeper than
 * SD_PDF_MAX_DEPTH, with names and /FT inherited along the walk.
 */
#include "config.h"

#include "sd-pdf-objects.h"

/* More kids than this under one field is damage. */
#define MAX_KIDS 10000

typedef struct {
  qpdf_data       q;
  SdPdfFieldFunc  func;
  gpointer        data;
  GHashTable     *visited;           /* object numbers walked */
} Walk;

static void
walk_node (Walk       *w,
           qpdf_oh     node,
           qpdf_oh     parent,
           const char *parent_name,
           const char *parent_type,
           int         depth)
{
  qpdf_data q = w->q;
  g_autofree char *partial = NULL;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  SdPdfFieldNode info = { 0 };
  qpdf_oh t, ft, kids;
  int id;

  if (depth > SD_PDF_MAX_DEPTH || !qpdf_oh_is_dictionary (q, node))
    return;
  id = qpdf_oh_get_object_id (q, node);
  if (id > 0 && !g_hash_table_add (w->visited, GINT_TO_POINTER (id)))
    return;

  t = sd_qpdf_get_key (q, node, "/T");
  partial = sd_qpdf_dup_text (q, t);
  if (partial != NULL && parent_name != NULL)
    name = g_strconcat (parent_name, ".", partial, NULL);
  else
    name = g_strdup (partial != NULL ? partial : parent_name);
  ft = sd_qpdf_get_key (q, node, "/FT");
  type = sd_qpdf_dup_name (q, ft);
  if (type == NULL)
    type = g_strdup (parent_type);

  info.node = node;
  info.parent = parent;
  info.name = name;
  info.type = type;
  info.is_field = depth == 0 || t != 0;
  info.depth = depth;
  if (t != 0)
    qpdf_oh_release (q, t);
  if (ft != 0)
    qpdf_oh_release (q, ft);
  if (!w->func (q, &info, w->data))
    return;

  kids = sd_qpdf_get_key (q, node, "/Kids");
  if (kids != 0 && qpdf_oh_is_array (q, kids))
    {
      int n = qpdf_oh_get_array_n_items (q, kids);

      for (int i = 0; i < n && i < MAX_KIDS; i++)
        {
          qpdf_oh kid = qpdf_oh_get_array_item (q, kids, i);

          walk_node (w, kid, node, name, type, depth + 1);
          qpdf_oh_release (q, kid);
        }
    }
  if (kids != 0)
    qpdf_oh_release (q, kids);
}

void
sd_pdf_walk_field_tree (qpdf_data      q,
                        qpdf_oh        node,
                        SdPdfFieldFunc func,
                        gpointer       data)
{
  Walk w = { q, func, data, NULL };
  qpdf_oh parent = sd_qpdf_get_key (q, node, "/Parent");
  g_autofree char *parent_name = parent != 0 ? sd_qpdf_dup_field_name (q, parent) : NULL;
  qpdf_oh parent_ft = parent != 0 ? sd_qpdf_get_inherited (q, parent, "/FT") : 0;
  g_autofree char *parent_type = sd_qpdf_dup_name (q, parent_ft);

  w.visited = g_hash_table_new (NULL, NULL);
  walk_node (&w, node, parent, parent_name, parent_type, 0);
  g_hash_table_unref (w.visited);
  if (parent_ft != 0)
    qpdf_oh_release (q, parent_ft);
  if (parent != 0)
    qpdf_oh_release (q, parent);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
}

void
sd_pdf_walk_fields (qpdf_data      q,
                    SdPdfFieldFunc func,
                    gpointer       data)
{
  Walk w = { q, func, data, NULL };
  qpdf_oh root = qpdf_get_root (q);
  qpdf_oh acroform = sd_qpdf_get_key (q, root, "/AcroForm");
  qpdf_oh fields = sd_qpdf_get_key (q, acroform, "/Fields");

  w.visited = g_hash_table_new (NULL, NULL);
  if (fields != 0 && qpdf_oh_is_array (q, fields))
    {
      int n = qpdf_oh_get_array_n_items (q, fields);

      for (int i = 0; i < n && i < 100000; i++)
        {
          qpdf_oh field = qpdf_oh_get_array_item (q, fields, i);

          walk_node (&w, field, 0, NULL, NULL, 0);
          qpdf_oh_release (q, field);
        }
    }
  g_hash_table_unref (w.visited);
  if (fields != 0)
    qpdf_oh_release (q, fields);
  if (acroform != 0)
    qpdf_oh_release (q, acroform);
  qpdf_oh_release (q, root);
}
