/* sd-verify-limits.c: bounded work on hostile files
 *
 * A verifier reads files made by anyone. Caps (sd-verify-private.h) bound
 * what one document may cost: revisions analysed, reachable objects, how
 * deep arrays and dictionaries nest, entries and decoded bytes of the DSS.
 * A document over a cap is not verified further: its verdict is "invalid:
 * too complex to verify safely", and the report names the cap.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-verify-private.h"

/* How deep @oh nests directly (not through references), from @depth;
 * stops counting past the cap. */
static int
nesting (qpdf_data q,
         qpdf_oh   oh,
         int       depth)
{
  int deepest = depth;

  if (depth > SD_VFY_MAX_NESTING)
    return depth;
  if (qpdf_oh_is_array (q, oh))
    {
      int n = qpdf_oh_get_array_n_items (q, oh);

      for (int i = 0; i < n && deepest <= SD_VFY_MAX_NESTING; i++)
        {
          qpdf_oh item = qpdf_oh_get_array_item (q, oh, i);

          if (!qpdf_oh_is_indirect (q, item))
            {
              int d = nesting (q, item, depth + 1);    /* once: MAX() evaluates twice */

              deepest = MAX (deepest, d);
            }
          qpdf_oh_release (q, item);
        }
    }
  else if (qpdf_oh_is_dictionary (q, oh) || qpdf_oh_is_stream (q, oh))
    {
      qpdf_oh dict = qpdf_oh_is_stream (q, oh) ? qpdf_oh_get_dict (q, oh) : oh;
      g_autoptr(GPtrArray) keys = sd_vfy_qpdf_keys (q, dict);

      for (guint i = 0; i < keys->len && deepest <= SD_VFY_MAX_NESTING; i++)
        {
          qpdf_oh item = qpdf_oh_get_key (q, dict, g_ptr_array_index (keys, i));

          if (!qpdf_oh_is_indirect (q, item))
            {
              int d = nesting (q, item, depth + 1);    /* once: MAX() evaluates twice */

              deepest = MAX (deepest, d);
            }
          qpdf_oh_release (q, item);
        }
      if (dict != oh)
        qpdf_oh_release (q, dict);
    }
  return deepest;
}

const char *
sd_vfy_limits_check_objects (qpdf_data   q,
                             SdVfyRoles *roles)
{
  GArray *objects = sd_vfy_roles_get_objects (roles);     /* borrowed */
  const char *over = NULL;

  if (objects == NULL)
    return NULL;
  if (objects->len > SD_VFY_MAX_OBJECTS)
    return "objects";
  for (guint i = 0; i < objects->len && over == NULL; i++)
    {
      guint64 key = g_array_index (objects, guint64, i);
      qpdf_oh oh = qpdf_get_object_by_id (q, (int) (key >> 16), (int) (key & 0xffff));

      if (nesting (q, oh, 1) > SD_VFY_MAX_NESTING)
        over = "nesting";
      qpdf_oh_release (q, oh);
    }
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return over;
}

void
sd_vfy_limits_exceeded (SdVerifyReport *report,
                        const char     *cap)
{
  g_autofree char *text = NULL;

  if (cap == NULL || report->too_complex != NULL)
    return;
  report->too_complex = g_strdup (cap);
  if (g_str_equal (cap, "revisions"))
    text = g_strdup_printf (_("too complex to verify safely: the file has more than %d revisions (cap “revisions”)"),
                            SD_VFY_MAX_REVISIONS);
  else if (g_str_equal (cap, "objects"))
    text = g_strdup_printf (_("too complex to verify safely: the file has more than %d objects (cap “objects”)"),
                            SD_VFY_MAX_OBJECTS);
  else if (g_str_equal (cap, "nesting"))
    text = g_strdup_printf (_("too complex to verify safely: arrays and dictionaries are nested more than %d levels deep (cap “nesting”)"),
                            SD_VFY_MAX_NESTING);
  else if (g_str_equal (cap, "dss-entries"))
    text = g_strdup_printf (_("too complex to verify safely: the validation data (DSS) has more than %d entries of a kind (cap “dss-entries”)"),
                            SD_VFY_MAX_DSS_ENTRIES);
  else if (g_str_equal (cap, "decompressed-bytes-per-stream"))
    text = g_strdup_printf (_("too complex to verify safely: a stream decompresses to more than %d MiB (cap “decompressed-bytes-per-stream”)"),
                            (int) (SD_VFY_MAX_STREAM_BYTES >> 20));
  else
    text = g_strdup_printf (_("too complex to verify safely: the streams decompress to more than %d MiB in all (cap “decompressed-bytes-per-file”)"),
                            (int) (SD_VFY_MAX_DECODED_BYTES >> 20));
  sd_verify_report_add_reason (report, text);
}

void
sd_vfy_limits_apply (SdVerifyReport *report,
                     GPtrArray      *works)
{
  if (report->too_complex == NULL)
    return;
  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      if (w->out->attack == SD_VERIFY_ATTACK_NONE)
        w->out->attack = SD_VERIFY_ATTACK_TOO_COMPLEX;
      sd_verify_signature_add_reason (w->out, g_ptr_array_index (report->reasons, report->reasons->len - 1));
    }
}
