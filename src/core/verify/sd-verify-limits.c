/* sd-verify-limits.c: bounded work on hostile files
 *
 * A verifier reads files made by anyone. Caps (sd-verify-private.h) bound
 * what one document may cost: revisions analysed, reachable objects, how
 * deep arrays and dictionaries nest, entries and decoded bytes of the DSS.
 * A document over a cap is not verified further: its verdict is "invalid:
 * too complex to verify safely", and the report names the cap.
 *
 * Nesting is also measured in the raw bytes, during the one pass that
 * hashes the file: qpdf replaces what is nested too deep for its parser by
 * null without a word, so that a file could otherwise verify as if the
 * structure were not there.
 */
#include "config.h"

#include <string.h>

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

/* ---- nesting in the raw bytes -------------------------------------------- */

typedef enum {
  SCAN_NORMAL,
  SCAN_COMMENT,
  SCAN_LITERAL,                   /* ( … ), nested parentheses, escapes */
  SCAN_HEX,                       /* < … > */
  SCAN_STREAM,                    /* stream data, up to "endstream" */
} ScanState;

static const char endstream[] = "endstream";

struct _SdVfyNesting
{
  ScanState state;
  int       depth;                /* of the current object */
  int       deepest;
  int       parens;               /* in SCAN_LITERAL */
  gboolean  escape;
  gboolean  pending_lt;           /* a '<' that may start "<<" */
  gboolean  pending_gt;           /* a '>' that may end ">>" */
  char      word[12];             /* the regular characters just read */
  guint     word_len;
  guint     matched;              /* of "endstream", in SCAN_STREAM */
};

SdVfyNesting *
sd_vfy_nesting_new (void)
{
  return g_new0 (SdVfyNesting, 1);
}

void
sd_vfy_nesting_free (SdVfyNesting *scan)
{
  g_free (scan);
}

static gboolean
is_white (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static gboolean
is_delimiter (guint8 c)
{
  return strchr ("()<>[]{}/%", c) != NULL && c != '\0';
}

/* A keyword ended: "stream" starts data to skip; "obj" and "endobj"
 * start and end an object (a damaged one cannot carry its depth on). */
static void
end_word (SdVfyNesting *scan)
{
  if (scan->word_len == 6 && memcmp (scan->word, "stream", 6) == 0)
    {
      scan->state = SCAN_STREAM;
      scan->matched = 0;
    }
  else if ((scan->word_len == 3 && memcmp (scan->word, "obj", 3) == 0)
           || (scan->word_len == 6 && memcmp (scan->word, "endobj", 6) == 0))
    scan->depth = 0;
  scan->word_len = 0;
}

static void
open_level (SdVfyNesting *scan)
{
  scan->depth++;
  scan->deepest = MAX (scan->deepest, scan->depth);
}

static void
close_level (SdVfyNesting *scan)
{
  if (scan->depth > 0)
    scan->depth--;
}

void
sd_vfy_nesting_feed (SdVfyNesting *scan,
                     const guint8 *data,
                     gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      switch (scan->state)
        {
        case SCAN_STREAM:
          /* Stream data is most of a large file: skip to the next 'e'. */
          if (scan->matched == 0 && c != 'e')
            {
              const guint8 *e = memchr (data + i, 'e', len - i);

              if (e == NULL)
                return;
              i = e - data;
              c = 'e';
            }
          /* "endstream" has no proper prefix that is also its suffix but
           * "e": after a mismatch, only an 'e' starts over. */
          if (c == (guint8) endstream[scan->matched])
            {
              if (++scan->matched == strlen (endstream))
                {
                  scan->state = SCAN_NORMAL;
                  scan->word_len = 0;
                }
            }
          else
            scan->matched = c == 'e' ? 1 : 0;
          continue;
        case SCAN_COMMENT:
          if (c == '\n' || c == '\r')
            scan->state = SCAN_NORMAL;
          continue;
        case SCAN_LITERAL:
          if (scan->escape)
            scan->escape = FALSE;
          else if (c == '\\')
            scan->escape = TRUE;
          else if (c == '(')
            scan->parens++;
          else if (c == ')' && --scan->parens == 0)
            scan->state = SCAN_NORMAL;
          continue;
        case SCAN_HEX:
          if (c == '>')
            scan->state = SCAN_NORMAL;
          continue;
        case SCAN_NORMAL:
        default:
          break;
        }

      if (scan->pending_lt)
        {
          scan->pending_lt = FALSE;
          if (c == '<')
            {
              open_level (scan);
              continue;
            }
          scan->state = SCAN_HEX;
          if (c == '>')
            scan->state = SCAN_NORMAL;
          continue;
        }
      if (scan->pending_gt)
        {
          scan->pending_gt = FALSE;
          if (c == '>')
            {
              close_level (scan);
              continue;
            }
        }
      if (!is_white (c) && !is_delimiter (c))
        {
          if (scan->word_len < sizeof scan->word)
            scan->word[scan->word_len] = (char) c;
          scan->word_len++;
          continue;
        }
      if (scan->word_len > 0)
        {
          end_word (scan);
          if (scan->state == SCAN_STREAM)
            continue;
        }
      switch (c)
        {
        case '[':
          open_level (scan);
          break;
        case ']':
          close_level (scan);
          break;
        case '<':
          scan->pending_lt = TRUE;
          break;
        case '>':
          scan->pending_gt = TRUE;
          break;
        case '(':
          scan->state = SCAN_LITERAL;
          scan->parens = 1;
          scan->escape = FALSE;
          break;
        case '%':
          scan->state = SCAN_COMMENT;
          break;
        default:
          break;
        }
    }
}

int
sd_vfy_nesting_get_deepest (SdVfyNesting *scan)
{
  return scan->deepest;
}
