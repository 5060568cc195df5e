/* sd-pdf-fields.c: signature fields of the interactive form
 *
 * Walks /AcroForm /Fields and their /Kids. A kid with a /T is a field of its
 * own (its name is "parent.kid"); a kid without /T is a widget annotation of
 * its parent. A terminal field without widget kids is merged with its widget.
 * /FT is inherited from the parents. The page of a field is the page whose
 * /Annots lists its (first) widget: /P is optional and may lie. The walk is
 * the object layer's one (sd_pdf_walk_fields), as in signer and verifier.
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-objects.h"

typedef struct {
  qpdf_data   q;
  GHashTable *annot_pages;        /* widget object number → page number */
  GPtrArray  *fields;
} Walk;

void
sd_pdf_signature_field_free (SdPdfSignatureField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->sub_filter);
  g_free (field);
}

static void
map_annotations (Walk *walk)
{
  int n_pages = qpdf_get_num_pages (walk->q);

  for (int i = 0; i < n_pages; i++)
    {
      qpdf_oh page = qpdf_get_page_n (walk->q, (size_t) i);
      qpdf_oh annots = sd_qpdf_get_key (walk->q, page, "/Annots");
      int n = 0;

      if (annots != 0 && qpdf_oh_is_array (walk->q, annots))
        n = qpdf_oh_get_array_n_items (walk->q, annots);
      for (int j = 0; j < n; j++)
        {
          qpdf_oh annot = qpdf_oh_get_array_item (walk->q, annots, j);
          int id = qpdf_oh_get_object_id (walk->q, annot);

          if (id > 0 && !g_hash_table_contains (walk->annot_pages,
                                                GINT_TO_POINTER (id)))
            g_hash_table_insert (walk->annot_pages, GINT_TO_POINTER (id),
                                 GINT_TO_POINTER (i + 1));
          qpdf_oh_release (walk->q, annot);
        }
      if (annots != 0)
        qpdf_oh_release (walk->q, annots);
      qpdf_oh_release (walk->q, page);
    }
}

/* Page and rectangle of the first widget of @field that is on a page (the
 * first widget when none is). @widgets is not empty. */
static void
locate_widget (Walk                *walk,
               SdPdfSignatureField *field,
               GArray              *widgets)
{
  qpdf_oh widget = g_array_index (widgets, qpdf_oh, 0);
  qpdf_oh rect;

  for (guint i = 0; i < widgets->len; i++)
    {
      qpdf_oh candidate = g_array_index (widgets, qpdf_oh, i);
      int id = qpdf_oh_get_object_id (walk->q, candidate);
      int page = GPOINTER_TO_INT (g_hash_table_lookup (walk->annot_pages,
                                                       GINT_TO_POINTER (id)));

      if (id > 0 && page > 0)
        {
          field->page = page;
          widget = candidate;
          break;
        }
    }

  rect = sd_qpdf_get_key (walk->q, widget, "/Rect");
  if (!sd_qpdf_get_rect (walk->q, rect, field->rect))
    memset (field->rect, 0, sizeof field->rect);
  if (rect != 0)
    qpdf_oh_release (walk->q, rect);
}

int
sd_pdf_read_permission (qpdf_data q,
                        qpdf_oh   dict,
                        int       fallback)
{
  qpdf_oh p = sd_qpdf_get_key (q, dict, "/P");
  int value = fallback;

  if (p != 0 && qpdf_oh_is_integer (q, p))
    value = CLAMP (qpdf_oh_get_int_value (q, p), 1, 3);
  if (p != 0)
    qpdf_oh_release (q, p);
  return value;
}

void
sd_pdf_read_sig_references (qpdf_data           q,
                            qpdf_oh             sig,
                            SdPdfSigReferences *refs)
{
  qpdf_oh array = sd_qpdf_get_key (q, sig, "/Reference");
  int n = 0;

  memset (refs, 0, sizeof *refs);
  if (array != 0 && qpdf_oh_is_array (q, array))
    n = qpdf_oh_get_array_n_items (q, array);
  for (int i = 0; i < n; i++)
    {
      qpdf_oh ref = qpdf_oh_get_array_item (q, array, i);
      qpdf_oh method = sd_qpdf_get_key (q, ref, "/TransformMethod");
      qpdf_oh params = sd_qpdf_get_key (q, ref, "/TransformParams");
      g_autofree char *name = sd_qpdf_dup_name (q, method);

      /* A DocMDP without /P means 2, the default of ISO 32000. */
      if (g_strcmp0 (name, "DocMDP") == 0 && refs->docmdp == 0)
        refs->docmdp = sd_pdf_read_permission (q, params, 2);
      else if (g_strcmp0 (name, "FieldMDP") == 0)
        {
          int p = sd_pdf_read_permission (q, params, 0);

          if (p > 0 && (refs->lock_p == 0 || p < refs->lock_p))
            refs->lock_p = p;
          if (refs->lock_params == 0 && params != 0)
            {
              refs->lock_params = params;
              params = 0;
            }
        }
      if (params != 0)
        qpdf_oh_release (q, params);
      if (method != 0)
        qpdf_oh_release (q, method);
      qpdf_oh_release (q, ref);
    }
  if (array != 0)
    qpdf_oh_release (q, array);
}

static void
add_signature_field (Walk       *walk,
                     qpdf_oh     node,
                     const char *name,
                     GArray     *widgets)
{
  SdPdfSignatureField *field = g_new0 (SdPdfSignatureField, 1);
  qpdf_oh value;

  field->name = g_strdup (name != NULL ? name : "");
  field->obj_num = qpdf_oh_get_object_id (walk->q, node);
  field->obj_gen = qpdf_oh_get_generation (walk->q, node);

  if (widgets->len == 0)
    g_array_append_val (widgets, node);   /* merged field and widget */
  locate_widget (walk, field, widgets);

  value = sd_qpdf_get_key (walk->q, node, "/V");
  if (value != 0 && qpdf_oh_is_dictionary (walk->q, value))
    {
      qpdf_oh sub_filter = sd_qpdf_get_key (walk->q, value, "/SubFilter");

      field->is_signed = TRUE;
      field->sub_filter = sd_qpdf_dup_name (walk->q, sub_filter);
      field->value_obj_num = qpdf_oh_get_object_id (walk->q, value);
      if (sub_filter != 0)
        qpdf_oh_release (walk->q, sub_filter);
      {
        SdPdfSigReferences refs;
        qpdf_oh lock = sd_qpdf_get_key (walk->q, node, "/Lock");
        int p = lock != 0 && qpdf_oh_is_dictionary (walk->q, lock)
                ? sd_pdf_read_permission (walk->q, lock, 0) : 0;

        sd_pdf_read_sig_references (walk->q, value, &refs);
        field->docmdp = refs.docmdp;
        field->lock_p = refs.lock_p;
        if (refs.lock_params != 0)
          qpdf_oh_release (walk->q, refs.lock_params);

        if (p > 0 && (field->lock_p == 0 || p < field->lock_p))
          field->lock_p = p;
        if (lock != 0)
          qpdf_oh_release (walk->q, lock);
      }
    }
  if (value != 0)
    qpdf_oh_release (walk->q, value);

  g_ptr_array_add (walk->fields, field);
}

/* A terminal signature field: its kids without /T are its widgets. */
static gboolean
visit_field (qpdf_data             q,
             const SdPdfFieldNode *node,
             gpointer              data)
{
  Walk *walk = data;
  g_autoptr (GArray) widgets = NULL;
  gboolean has_child_fields = FALSE;
  qpdf_oh kids;
  int n_kids = 0;

  if (!node->is_field)
    return FALSE;                         /* a widget: seen with its field */
  if (g_strcmp0 (node->type, "Sig") != 0)
    return TRUE;
  widgets = g_array_new (FALSE, FALSE, sizeof (qpdf_oh));
  kids = sd_qpdf_get_key (q, node->node, "/Kids");
  if (kids != 0 && qpdf_oh_is_array (q, kids))
    n_kids = qpdf_oh_get_array_n_items (q, kids);
  for (int i = 0; i < n_kids; i++)
    {
      qpdf_oh kid = qpdf_oh_get_array_item (q, kids, i);

      if (qpdf_oh_is_dictionary (q, kid) && !qpdf_oh_has_key (q, kid, "/T"))
        g_array_append_val (widgets, kid);
      else
        {
          has_child_fields |= qpdf_oh_is_dictionary (q, kid);
          qpdf_oh_release (q, kid);
        }
    }
  if (!has_child_fields)
    add_signature_field (walk, node->node, node->name, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      qpdf_oh widget = g_array_index (widgets, qpdf_oh, i);

      if (widget != node->node)
        qpdf_oh_release (q, widget);
    }
  if (kids != 0)
    qpdf_oh_release (q, kids);
  return TRUE;
}

GPtrArray *
sd_pdf_read_signature_fields (qpdf_data q)
{
  Walk walk = { q, NULL, NULL };

  walk.fields = g_ptr_array_new_with_free_func (
      (GDestroyNotify) sd_pdf_signature_field_free);
  walk.annot_pages = g_hash_table_new (NULL, NULL);
  map_annotations (&walk);
  sd_pdf_walk_fields (q, visit_field, &walk);
  g_hash_table_unref (walk.annot_pages);
  return walk.fields;
}
