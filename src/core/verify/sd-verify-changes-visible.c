/* sd-verify-changes-visible.c: does an annotation show anything?
 *
 * An added annotation or form field is judged by what it shows on screen
 * and on paper (Evil Annotation Attack): /Hidden shows nothing; /NoView
 * alone neither, but /NoView with /Print prints; a zero-area /Rect shows
 * nothing, except for icons (text notes, attachments, sounds) and /NoZoom
 * annotations, which keep their size; a /Popup shows when open or when its
 * appearance draws; without an appearance a viewer makes one (except for
 * an empty signature field with neither border nor background).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-pdf-objects.h"
#include "sd-verify-changes-private.h"

gint64
sd_change_get_int (qpdf_data   q,
                   qpdf_oh     dict,
                   const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  gint64 value = 0;

  if (v != 0 && qpdf_oh_is_integer (q, v))
    value = qpdf_oh_get_int_value (q, v);
  sd_change_release (q, v);
  return value;
}

/* Does the appearance stream @ap draw anything? Larger streams are taken
 * to draw without being decoded. */
static gboolean
stream_draws (qpdf_data q,
              qpdf_oh   ap)
{
  unsigned char *data = NULL;
  size_t len = 0;
  gboolean draws = TRUE;

  if (!qpdf_oh_is_stream (q, ap))
    return FALSE;
  if (sd_change_get_int (q, ap, "/Length") > 1024 * 1024)
    return TRUE;
  if ((qpdf_oh_get_stream_data (q, ap, qpdf_dl_generalized, NULL, &data, &len) & QPDF_ERRORS) == 0)
    {
      draws = FALSE;
      for (size_t i = 0; i < len && !draws; i++)
        draws = !g_ascii_isspace (data[i]) && data[i] != '\0';
    }
  free (data);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return draws;
}

/* -1: no normal appearance (a viewer makes one); 0: it draws nothing; 1. */
static int
appearance_draws (qpdf_data q,
                  qpdf_oh   annot)
{
  qpdf_oh ap = sd_vfy_qpdf_get (q, annot, "/AP");
  qpdf_oh n = sd_vfy_qpdf_get (q, ap, "/N");
  int result = -1;

  if (n != 0 && qpdf_oh_is_stream (q, n))
    result = stream_draws (q, n);
  else if (n != 0 && qpdf_oh_is_dictionary (q, n))
    {
      /* States: the one /AS selects, or any when none is selected. */
      qpdf_oh as = sd_vfy_qpdf_get (q, annot, "/AS");
      g_autoptr(GPtrArray) states = sd_vfy_qpdf_keys (q, n);

      result = 0;
      for (guint i = 0; i < states->len && result == 0; i++)
        {
          const char *state = g_ptr_array_index (states, i);
          qpdf_oh st;

          if (as != 0 && qpdf_oh_is_name (q, as) && strcmp (qpdf_oh_get_name (q, as), state) != 0)
            continue;
          st = sd_vfy_qpdf_get (q, n, state);
          result = stream_draws (q, st);
          sd_change_release (q, st);
        }
      sd_change_release (q, as);
    }
  sd_change_release (q, n);
  sd_change_release (q, ap);
  return result;
}

gboolean
sd_change_has_key (qpdf_data   q,
                   qpdf_oh     dict,
                   const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  gboolean result = v != 0;

  sd_change_release (q, v);
  return result;
}

/* Does this one annotation show anything, on screen or on paper? */
static gboolean
annotation_shows (qpdf_data q,
                  qpdf_oh   annot)
{
  static const char * const icons[] = { "Text", "FileAttachment", "Sound", NULL };
  gint64 flags = sd_change_get_int (q, annot, "/F");
  qpdf_oh rect = sd_vfy_qpdf_get (q, annot, "/Rect");
  g_autofree char *subtype = NULL;
  gboolean area = FALSE;
  int draws;

  if (flags & FLAG_HIDDEN)
    return FALSE;                         /* neither shown nor printed */
  if ((flags & FLAG_NO_VIEW) && !(flags & FLAG_PRINT))
    return FALSE;                         /* NoView alone: not on screen, not printed */
  {
    qpdf_oh v = sd_vfy_qpdf_get (q, annot, "/Subtype");

    subtype = sd_vfy_qpdf_name (q, v);
    sd_change_release (q, v);
  }
  if (rect != 0 && qpdf_oh_is_array (q, rect) && qpdf_oh_get_array_n_items (q, rect) == 4)
    {
      double v[4];

      for (int i = 0; i < 4; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, rect, i);

          v[i] = qpdf_oh_is_number (q, item) ? qpdf_oh_get_numeric_value (q, item) : 0;
          sd_change_release (q, item);
        }
      area = ABS (v[2] - v[0]) > 0.01 && ABS (v[3] - v[1]) > 0.01;
    }
  sd_change_release (q, rect);
  /* Icons keep their size whatever the rectangle (and NoZoom ones too). */
  if (!area && !(flags & FLAG_NO_ZOOM) && !(subtype != NULL && g_strv_contains (icons, subtype)))
    return FALSE;
  if (g_strcmp0 (subtype, "Popup") == 0)
    {
      /* A popup shows its parent's text when open, or its own appearance. */
      qpdf_oh open = sd_vfy_qpdf_get (q, annot, "/Open");
      gboolean is_open = open != 0 && qpdf_oh_is_bool (q, open) && qpdf_oh_get_bool_value (q, open);

      sd_change_release (q, open);
      return is_open || appearance_draws (q, annot) == 1;
    }
  draws = appearance_draws (q, annot);
  if (draws >= 0)
    return draws == 1 || sd_change_has_key (q, annot, "/A") || sd_change_has_key (q, annot, "/AA");
  /* No appearance: a viewer draws one, except for an empty signature field
   * without border or background. */
  if (g_strcmp0 (subtype, "Widget") == 0)
    {
      qpdf_oh mk = sd_vfy_qpdf_get (q, annot, "/MK");
      gboolean framed = sd_change_has_key (q, mk, "/BG") || sd_change_has_key (q, mk, "/BC");
      qpdf_oh ft = sd_vfy_qpdf_inherited (q, annot, "/FT");
      gboolean sig = ft != 0 && qpdf_oh_is_name_and_equals (q, ft, "/Sig");

      sd_change_release (q, mk);
      sd_change_release (q, ft);
      return framed || !sig;
    }
  return TRUE;
}

static gboolean
find_shown (qpdf_data             q,
            const SdPdfFieldNode *node,
            gpointer              data)
{
  gboolean *visible = data;

  if (*visible)
    return FALSE;
  if (sd_change_has_key (q, node->node, "/Rect"))
    *visible = annotation_shows (q, node->node);
  return !*visible;
}

gboolean
sd_change_is_visible (qpdf_data q,
                      qpdf_oh   annot)
{
  gboolean visible = FALSE;

  /* The field and its widgets: the object layer's one field walk. */
  sd_pdf_walk_field_tree (q, annot, find_shown, &visible);
  return visible;
}
