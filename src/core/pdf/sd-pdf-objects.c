/* sd-pdf-objects.c: reading PDF objects through qpdf's C API; page geometry
 *
 * qpdf warns (and counts it as damage) when a dictionary operation is applied
 * to something that is not a dictionary, so every access checks the type
 * first. Handles are released as soon as they are no longer needed: a long
 * document walk must not grow qpdf's handle table.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-pdf-objects.h"

/* US Letter, what readers assume when no /MediaBox is found at all. */
static const double default_media_box[4] = { 0, 0, 612, 792 };

qpdf_oh
sd_qpdf_get_key (qpdf_data   q,
                 qpdf_oh     dict,
                 const char *key)
{
  qpdf_oh value;

  if (dict == 0 || !qpdf_oh_is_dictionary (q, dict)
      || !qpdf_oh_has_key (q, dict, key))
    return 0;
  value = qpdf_oh_get_key (q, dict, key);
  if (qpdf_oh_is_null (q, value))
    {
      qpdf_oh_release (q, value);
      return 0;
    }
  return value;
}

void
sd_qpdf_walk_parents (qpdf_data        q,
                      qpdf_oh          dict,
                      SdPdfParentFunc  func,
                      gpointer         data)
{
  g_autoptr(GHashTable) seen = NULL;
  qpdf_oh node;

  if (dict == 0)
    return;
  seen = g_hash_table_new (NULL, NULL);
  node = qpdf_oh_new_object (q, dict);
  for (int depth = 0; depth <= SD_PDF_MAX_DEPTH && node != 0; depth++)
    {
      int id = qpdf_oh_get_object_id (q, node);
      qpdf_oh parent;

      /* A chain that comes back to itself is a loop, not a longer chain. */
      if (!qpdf_oh_is_dictionary (q, node)
          || (id > 0 && !g_hash_table_add (seen, GINT_TO_POINTER (id)))
          || !func (q, node, depth, data))
        break;
      parent = sd_qpdf_get_key (q, node, "/Parent");
      qpdf_oh_release (q, node);
      node = parent;
    }
  if (node != 0)
    qpdf_oh_release (q, node);
}

typedef struct {
  const char *key;
  qpdf_oh     value;
} Inherited;

static gboolean
find_inherited (qpdf_data q,
                qpdf_oh   node,
                int       depth,
                gpointer  data)
{
  Inherited *in = data;

  in->value = sd_qpdf_get_key (q, node, in->key);
  return in->value == 0;
}

qpdf_oh
sd_qpdf_get_inherited (qpdf_data   q,
                       qpdf_oh     dict,
                       const char *key)
{
  Inherited in = { key, 0 };

  sd_qpdf_walk_parents (q, dict, find_inherited, &in);
  return in.value;
}

static gboolean
collect_partial_name (qpdf_data q,
                      qpdf_oh   node,
                      int       depth,
                      gpointer  data)
{
  GPtrArray *parts = data;
  qpdf_oh t = sd_qpdf_get_key (q, node, "/T");
  char *text = sd_qpdf_dup_text (q, t);

  if (text != NULL)
    g_ptr_array_insert (parts, 0, text);
  if (t != 0)
    qpdf_oh_release (q, t);
  return TRUE;
}

char *
sd_qpdf_dup_field_name (qpdf_data q,
                        qpdf_oh   node)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  sd_qpdf_walk_parents (q, node, collect_partial_name, parts);
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (".", (char **) parts->pdata);
}

gboolean
sd_qpdf_get_rect (qpdf_data q,
                  qpdf_oh   array,
                  double    rect[4])
{
  double v[4];

  if (array == 0 || !qpdf_oh_is_array (q, array)
      || qpdf_oh_get_array_n_items (q, array) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      qpdf_oh item = qpdf_oh_get_array_item (q, array, i);
      gboolean ok = qpdf_oh_get_value_as_number (q, item, &v[i]);

      qpdf_oh_release (q, item);
      if (!ok || !isfinite (v[i]))
        return FALSE;
    }
  rect[0] = MIN (v[0], v[2]);
  rect[1] = MIN (v[1], v[3]);
  rect[2] = MAX (v[0], v[2]);
  rect[3] = MAX (v[1], v[3]);
  return TRUE;
}

char *
sd_qpdf_dup_text (qpdf_data q,
                  qpdf_oh   oh)
{
  const char *value = NULL;
  size_t length = 0;
  g_autofree char *valid = NULL;
  const char *text;

  if (oh == 0 || !qpdf_oh_is_string (q, oh)
      || !qpdf_oh_get_value_as_utf8 (q, oh, &value, &length) || value == NULL)
    return NULL;

  valid = g_utf8_make_valid (value, (gssize) length);
  text = valid;
  /* A UTF-8 text string (PDF 2.0) may keep its byte order mark. */
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    text += 3;
  return g_strdup (text);
}

char *
sd_qpdf_dup_name (qpdf_data q,
                  qpdf_oh   oh)
{
  const char *name;

  if (oh == 0 || !qpdf_oh_is_name (q, oh))
    return NULL;
  name = qpdf_oh_get_name (q, oh);
  if (name == NULL || name[0] != '/')
    return NULL;
  return g_utf8_make_valid (name + 1, -1);
}

/* An inherited rectangle entry of @page, or FALSE. A malformed value is
 * skipped in favour of the one inherited from further up, as readers do. */
typedef struct {
  const char *key;
  double     *rect;
  gboolean    found;
} InheritedRect;

static gboolean
find_rect (qpdf_data q,
           qpdf_oh   node,
           int       depth,
           gpointer  data)
{
  InheritedRect *in = data;
  qpdf_oh value = sd_qpdf_get_key (q, node, in->key);

  if (value != 0)
    {
      in->found = sd_qpdf_get_rect (q, value, in->rect);
      qpdf_oh_release (q, value);
    }
  return !in->found;
}

static gboolean
get_inherited_rect (qpdf_data   q,
                    qpdf_oh     page,
                    const char *key,
                    double      rect[4])
{
  InheritedRect in = { key, rect, FALSE };

  sd_qpdf_walk_parents (q, page, find_rect, &in);
  return in.found;
}

static int
normalise_rotation (double value)
{
  double turns;
  long long degrees;

  if (!isfinite (value) || fabs (value) > 1e9)
    return 0;
  degrees = llround (value);
  degrees %= 360;
  if (degrees < 0)
    degrees += 360;
  /* /Rotate must be a multiple of 90; readers ignore anything else. */
  turns = (double) degrees / 90.0;
  if (turns != floor (turns))
    return 0;
  return (int) degrees;
}

void
sd_pdf_read_page_info (qpdf_data      q,
                       qpdf_oh        page,
                       int            number,
                       SdPdfPageInfo *info)
{
  double crop[4];
  qpdf_oh rotate;
  double value = 0;

  memset (info, 0, sizeof *info);
  info->number = number;
  info->obj_num = qpdf_oh_get_object_id (q, page);
  info->obj_gen = qpdf_oh_get_generation (q, page);

  if (!get_inherited_rect (q, page, "/MediaBox", info->media_box)
      || info->media_box[2] - info->media_box[0] <= 0
      || info->media_box[3] - info->media_box[1] <= 0)
    memcpy (info->media_box, default_media_box, sizeof default_media_box);

  /* The crop box is clipped to the media box; a crop box that does not
   * overlap it at all is ignored, as readers do. */
  memcpy (info->crop_box, info->media_box, sizeof info->crop_box);
  if (get_inherited_rect (q, page, "/CropBox", crop))
    {
      double clipped[4] = {
        MAX (crop[0], info->media_box[0]), MAX (crop[1], info->media_box[1]),
        MIN (crop[2], info->media_box[2]), MIN (crop[3], info->media_box[3]),
      };

      if (clipped[2] > clipped[0] && clipped[3] > clipped[1])
        memcpy (info->crop_box, clipped, sizeof clipped);
    }

  rotate = sd_qpdf_get_inherited (q, page, "/Rotate");
  if (rotate != 0 && qpdf_oh_get_value_as_number (q, rotate, &value))
    info->rotate = normalise_rotation (value);
  if (rotate != 0)
    qpdf_oh_release (q, rotate);
}

/* "1.7" < "2.0"; anything unparsable counts as 0.0. */
static int
version_rank (const char *version)
{
  int major = 0, minor = 0;

  if (version == NULL || sscanf (version, "%d.%d", &major, &minor) < 1)
    return 0;
  return CLAMP (major, 0, 99) * 100 + CLAMP (minor, 0, 99);
}

int
sd_pdf_version_compare (const char *a,
                        const char *b)
{
  return version_rank (a) - version_rank (b);
}

static gint64
get_integer (qpdf_data   q,
             qpdf_oh     dict,
             const char *key,
             gint64      fallback)
{
  qpdf_oh value = sd_qpdf_get_key (q, dict, key);
  long long result = fallback;

  if (value != 0)
    {
      if (!qpdf_oh_get_value_as_longlong (q, value, &result))
        result = fallback;
      qpdf_oh_release (q, value);
    }
  return result;
}

/* The crypt filter method (/V2, /AESV2, /AESV3) named by /StmF in /CF. */
static char *
dup_stream_filter_method (qpdf_data q,
                          qpdf_oh   encrypt)
{
  qpdf_oh stmf = sd_qpdf_get_key (q, encrypt, "/StmF");
  g_autofree char *filter = sd_qpdf_dup_name (q, stmf);
  g_autofree char *key = g_strconcat ("/", filter != NULL ? filter : "StdCF",
                                      NULL);
  qpdf_oh cf = sd_qpdf_get_key (q, encrypt, "/CF");
  qpdf_oh entry = sd_qpdf_get_key (q, cf, key);
  qpdf_oh cfm = sd_qpdf_get_key (q, entry, "/CFM");
  char *method = sd_qpdf_dup_name (q, cfm);
  qpdf_oh handles[] = { stmf, cf, entry, cfm };

  for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
    if (handles[i] != 0)
      qpdf_oh_release (q, handles[i]);
  return method;
}

char *
sd_pdf_describe_encryption (qpdf_data q,
                     qpdf_oh   trailer)
{
  qpdf_oh encrypt = sd_qpdf_get_key (q, trailer, "/Encrypt");
  g_autofree char *method = NULL;
  gint64 v, r, bits;
  char *result;

  if (encrypt == 0)
    return g_strdup (_("unknown method"));
  v = get_integer (q, encrypt, "/V", 0);
  r = get_integer (q, encrypt, "/R", 0);
  bits = get_integer (q, encrypt, "/Length", 40);

  if (v == 0 || v == 1)
    result = g_strdup ("RC4-40");
  else if (v == 2 || v == 3)
    result = g_strdup_printf ("RC4-%" G_GINT64_FORMAT, CLAMP (bits, 40, 128));
  else if (v == 4)
    {
      method = dup_stream_filter_method (q, encrypt);
      if (g_strcmp0 (method, "AESV2") == 0)
        result = g_strdup ("AES-128");
      else if (g_strcmp0 (method, "AESV3") == 0)
        result = g_strdup ("AES-256");
      else if (g_strcmp0 (method, "V2") == 0)
        result = g_strdup ("RC4-128");
      else
        result = g_strdup_printf ("V4/%s", method != NULL ? method : "None");
    }
  else if (v == 5)
    result = g_strdup ("AES-256");
  else
    result = g_strdup_printf ("V%" G_GINT64_FORMAT " R%" G_GINT64_FORMAT, v, r);

  qpdf_oh_release (q, encrypt);
  return result;
}
