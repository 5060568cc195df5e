/* sd-verify-changes-values.c: comparing values of two revisions
 *
 * Two revisions may write the same thing differently: a dictionary moved
 * to a new object number with identical content is no change. Values are
 * compared by meaning, following references, with a bound on the work so
 * that a hostile file cannot make the comparison endless.
 */
#include "config.h"

#include <string.h>

#include "sd-verify-changes-private.h"

char *
sd_change_value_text (qpdf_data   q,
                      qpdf_oh     dict,
                      const char *key)
{
  qpdf_oh v = sd_vfy_qpdf_get (q, dict, key);
  char *text = NULL;

  if (v != 0)
    {
      text = g_strdup (qpdf_oh_unparse (q, v));
      qpdf_oh_release (q, v);
    }
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return text;
}

static char *
stream_data_hash (qpdf_data q,
                  qpdf_oh   stream)
{
  qpdf_oh copy = qpdf_oh_new_object (q, stream);
  char *fp = sd_vfy_qpdf_fingerprint (q, copy);
  char *data = fp != NULL ? strstr (fp, " stream ") : NULL;
  char *result = g_strdup (data != NULL ? data : "");

  qpdf_oh_release (q, copy);
  g_free (fp);
  return result;
}

/* Do two values mean the same, even when written as different objects?
 * A reference to the same object number counts as equal: a change of that
 * object is judged on its own. */
static gboolean
deep_equal (qpdf_data  oq,
            qpdf_oh    a,
            qpdf_data  nq,
            qpdf_oh    b,
            int        depth,
            int       *budget)
{
  enum qpdf_object_type_e ta, tb;
  gboolean equal = TRUE;

  if (--(*budget) < 0 || depth > 32)
    return FALSE;
  if (qpdf_oh_is_indirect (oq, a) && qpdf_oh_is_indirect (nq, b)
      && qpdf_oh_get_object_id (oq, a) == qpdf_oh_get_object_id (nq, b)
      && qpdf_oh_get_generation (oq, a) == qpdf_oh_get_generation (nq, b))
    return TRUE;
  ta = qpdf_oh_get_type_code (oq, a);
  tb = qpdf_oh_get_type_code (nq, b);
  if (ta != tb)
    return FALSE;
  if (ta == ot_array)
    {
      int n = qpdf_oh_get_array_n_items (oq, a);

      if (n != qpdf_oh_get_array_n_items (nq, b))
        return FALSE;
      for (int i = 0; i < n && equal; i++)
        {
          qpdf_oh x = qpdf_oh_get_array_item (oq, a, i);
          qpdf_oh y = qpdf_oh_get_array_item (nq, b, i);

          equal = deep_equal (oq, x, nq, y, depth + 1, budget);
          qpdf_oh_release (oq, x);
          qpdf_oh_release (nq, y);
        }
      return equal;
    }
  if (ta == ot_dictionary || ta == ot_stream)
    {
      g_autoptr(GPtrArray) ka = sd_vfy_qpdf_keys (oq, a);
      g_autoptr(GPtrArray) kb = sd_vfy_qpdf_keys (nq, b);

      if (ka->len != kb->len)
        return FALSE;
      for (guint i = 0; i < ka->len && equal; i++)
        {
          const char *k = g_ptr_array_index (ka, i);
          qpdf_oh x, y;

          x = sd_vfy_qpdf_get (oq, a, k);
          y = sd_vfy_qpdf_get (nq, b, k);
          if (x == 0 || y == 0)
            equal = x == y;
          else
            equal = deep_equal (oq, x, nq, y, depth + 1, budget);
          sd_change_release (oq, x);
          sd_change_release (nq, y);
        }
      if (equal && ta == ot_stream)
        {
          g_autofree char *ha = stream_data_hash (oq, a);
          g_autofree char *hb = stream_data_hash (nq, b);

          equal = g_strcmp0 (ha, hb) == 0;
        }
      return equal;
    }
  {
    g_autofree char *ua = g_strdup (qpdf_oh_unparse_resolved (oq, a));

    return g_strcmp0 (ua, qpdf_oh_unparse_resolved (nq, b)) == 0;
  }
}

/* Keys present in either dictionary whose values differ. */
static GPtrArray *
changed_keys (qpdf_data q_old,
              qpdf_oh   old_dict,
              qpdf_data q_new,
              qpdf_oh   new_dict)
{
  g_autoptr(GPtrArray) old_keys = sd_vfy_qpdf_keys (q_old, old_dict);
  g_autoptr(GPtrArray) new_keys = sd_vfy_qpdf_keys (q_new, new_dict);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < old_keys->len; i++)
    g_ptr_array_add (new_keys, g_strdup (g_ptr_array_index (old_keys, i)));
  for (guint i = 0; i < new_keys->len; i++)
    {
      const char *k = g_ptr_array_index (new_keys, i);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gboolean seen = FALSE;

      for (guint j = 0; j < result->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (result, j), k) == 0;
      if (seen)
        continue;
      a = sd_change_value_text (q_old, old_dict, k);
      b = sd_change_value_text (q_new, new_dict, k);
      if (g_strcmp0 (a, b) != 0)
        {
          qpdf_oh x = a != NULL ? sd_vfy_qpdf_get (q_old, old_dict, k) : 0;
          qpdf_oh y = b != NULL ? sd_vfy_qpdf_get (q_new, new_dict, k) : 0;
          int budget = 20000;
          gboolean same = x != 0 && y != 0 && deep_equal (q_old, x, q_new, y, 0, &budget);

          sd_change_release (q_old, x);
          sd_change_release (q_new, y);
          if (!same)
            g_ptr_array_add (result, g_strdup (k));
        }
    }
  return result;
}

GPtrArray *
sd_change_changed_keys (SdChangeCtx *c,
                        qpdf_oh      old_dict,
                        qpdf_oh      new_dict)
{
  return changed_keys (c->oq, old_dict, c->nq, new_dict);
}
