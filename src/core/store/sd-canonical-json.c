/* sd-canonical-json.c: the one byte form of a JSON value that is hashed */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-canonical-json.h"

/* Integers a double represents exactly: |d| <= 2^53. */
#define MAX_EXACT_DOUBLE 9007199254740992.0

G_DEFINE_QUARK (sd-canonical-json-error-quark, sd_canonical_json_error)

static gboolean write_node (GString   *out,
                            JsonNode  *node,
                            guint      depth,
                            GError   **error);

static gboolean
write_string (GString     *out,
              const char  *s,
              gboolean     is_key,
              GError     **error)
{
  if (s == NULL)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                   _("Cannot write canonical JSON: a string node holds no string"));
      return FALSE;
    }
  if (!g_utf8_validate (s, -1, NULL))
    {
      if (is_key)
        g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                     _("Cannot write canonical JSON: a key is not valid UTF-8"));
      else
        g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                     _("Cannot write canonical JSON: a string is not valid UTF-8"));
      return FALSE;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", (unsigned int) *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  /* strcmp compares as unsigned char: the UTF-8 byte order. */
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_object (GString     *out,
              JsonObject  *object,
              guint        depth,
              GError     **error)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GList *members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (keys, l->data);
  g_list_free (members);
  g_ptr_array_sort (keys, compare_keys);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (!g_utf8_validate (key, -1, NULL))
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                       _("Cannot write canonical JSON: a key is not valid UTF-8"));
          return FALSE;
        }
      if (i > 0 && strcmp (g_ptr_array_index (keys, i - 1), key) == 0)
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                       _("Cannot write canonical JSON: the key “%s” occurs twice"), key);
          return FALSE;
        }
    }

  g_string_append_c (out, '{');
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_string (out, key, TRUE, error))
        return FALSE;
      g_string_append_c (out, ':');
      if (!write_node (out, json_object_get_member (object, key), depth, error))
        return FALSE;
    }
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
write_array (GString    *out,
             JsonArray  *array,
             guint       depth,
             GError    **error)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_node (out, json_array_get_element (array, i), depth, error))
        return FALSE;
    }
  g_string_append_c (out, ']');
  return TRUE;
}

static gboolean
write_value (GString   *out,
             JsonNode  *node,
             GError   **error)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d))
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                       _("Cannot write canonical JSON: numbers must be integers"));
          return FALSE;
        }
      if (fabs (d) > MAX_EXACT_DOUBLE)
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                       _("Cannot write canonical JSON: a floating-point number beyond ±2^53 is not exact"));
          return FALSE;
        }
      /* (gint64) -0.0 is 0. */
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) d);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
    }
  else if (type == G_TYPE_STRING)
    {
      return write_string (out, json_node_get_string (node), FALSE, error);
    }
  else
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                   _("Cannot write canonical JSON: values of type %s have no JSON form"),
                   g_type_name (type));
      return FALSE;
    }
  return TRUE;
}

/* @depth: containers around @node. Recursion stops at the maximum depth. */
static gboolean
write_node (GString   *out,
            JsonNode  *node,
            guint      depth,
            GError   **error)
{
  JsonNodeType type = node != NULL ? json_node_get_node_type (node) : JSON_NODE_NULL;

  if (node == NULL)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
                   _("Cannot write canonical JSON: a member or element is missing"));
      return FALSE;
    }
  if ((type == JSON_NODE_OBJECT || type == JSON_NODE_ARRAY)
      && depth >= SD_CANONICAL_JSON_MAX_DEPTH)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE,
                   _("Cannot write canonical JSON: arrays and objects nest more than %d deep"),
                   SD_CANONICAL_JSON_MAX_DEPTH);
      return FALSE;
    }

  switch (type)
    {
    case JSON_NODE_OBJECT:
      if (json_node_get_object (node) == NULL)
        break;
      return write_object (out, json_node_get_object (node), depth + 1, error);
    case JSON_NODE_ARRAY:
      if (json_node_get_array (node) == NULL)
        break;
      return write_array (out, json_node_get_array (node), depth + 1, error);
    case JSON_NODE_VALUE:
      return write_value (out, node, error);
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return TRUE;
    default:
      break;
    }
  g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_UNSUPPORTED,
               _("Cannot write canonical JSON: an object or array node holds nothing"));
  return FALSE;
}

char *
sd_canonical_json_write (JsonNode  *node,
                         gsize     *length,
                         GError   **error)
{
  g_autoptr (GString) out = g_string_sized_new (256);

  if (!write_node (out, node, 0, error))
    return NULL;
  if (length != NULL)
    *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What json-glib must never see, found without recursion: nesting deeper
 * than the limit, and a second value after the first (json-glib 1.6 leaks
 * the first); and what no canonical text holds: whitespace between tokens,
 * raw control characters in strings, and characters no JSON token outside
 * a string has (comments, single quotes…). Counts the ':' outside strings,
 * one per object member. */
static gboolean
scan_text (const char  *data,
           gsize        len,
           guint64     *n_colons,
           GError     **error)
{
  gboolean in_string = FALSE;
  gboolean ended = FALSE;   /* the top-level array, object or string */
  guint    depth = 0;

  *n_colons = 0;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              ended = depth == 0;
            }
          else if (c < 0x20)
            {
              g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                           _("The data is not in canonical JSON form: a string holds an unescaped control character"));
              return FALSE;
            }
          continue;
        }

      if (ended || (depth == 0 && i > 0 && (c == '"' || c == '[' || c == '{')))
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                       _("The data is not valid JSON: more data follows the value"));
          return FALSE;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > SD_CANONICAL_JSON_MAX_DEPTH)
            {
              g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE,
                           _("The data nests arrays and objects more than %d deep"),
                           SD_CANONICAL_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        case ':':
          (*n_colons)++;
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                       _("The data is not in canonical JSON form: whitespace between tokens"));
          return FALSE;
        default:
          /* Numbers (fractions and exponents are judged after parsing),
           * true, false, null, and ','. */
          if (strchr ("0123456789-+.eE,truefalsn", c) == NULL || c == '\0')
            {
              g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                           _("The data is not valid JSON: unexpected character at byte %llu"),
                           (unsigned long long) i);
              return FALSE;
            }
          break;
        }
    }
  return TRUE;
}

/* Object keys in the order parsed must increase; numbers must be integers.
 * @node nests at most SD_CANONICAL_JSON_MAX_DEPTH deep (see scan_text). */
static gboolean
check_parsed (JsonNode  *node,
              guint64   *n_members,
              GError   **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GList      *members = json_object_get_members (object);
      gboolean    ok = TRUE;

      for (GList *l = members; l != NULL && ok; l = l->next)
        {
          if (l->prev != NULL && strcmp (l->prev->data, l->data) >= 0)
            {
              g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                           _("The data is not in canonical JSON form: keys out of order"));
              ok = FALSE;
            }
          else
            {
              ok = check_parsed (json_object_get_member (object, l->data), n_members, error);
            }
          (*n_members)++;
        }
      g_list_free (members);
      return ok;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_parsed (json_array_get_element (array, i), n_members, error))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                   _("The data is not in canonical JSON form: numbers must be integers"));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
sd_canonical_json_parse (const char  *data,
                         gsize        len,
                         gsize        max_len,
                         GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *canonical = NULL;
  guint64 n_colons = 0;
  guint64 n_members = 0;
  gsize canonical_len = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > max_len || len > G_MAXSSIZE)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE,
                   _("The data is too large for canonical JSON: %llu bytes, at most %llu allowed"),
                   (unsigned long long) len, (unsigned long long) max_len);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                   _("The data is empty, not JSON"));
      return NULL;
    }
  if (!scan_text (data, len, &n_colons, error))
    return NULL;
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                   _("The data is not valid JSON: it is not UTF-8"));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                   _("The data is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                   _("The data is empty, not JSON"));
      return NULL;
    }

  if (!check_parsed (root, &n_members, error))
    return NULL;
  /* json-glib keeps one member per key, silently. */
  if (n_members < n_colons)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                   _("The data is not in canonical JSON form: an object has a key twice"));
      return NULL;
    }

  canonical = sd_canonical_json_write (root, &canonical_len, error);
  if (canonical == NULL)
    return NULL;
  if (canonical_len != len || memcmp (canonical, data, len) != 0)
    {
      gsize at = 0;

      while (at < len && at < canonical_len && canonical[at] == data[at])
        at++;
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_NOT_CANONICAL,
                   _("The data is not in canonical JSON form: it differs from that form at byte %llu"),
                   (unsigned long long) at);
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* One JSON value nested at most SD_CANONICAL_JSON_MAX_DEPTH deep, judged
 * on the text before json-glib sees it. Strings in either quote and
 * comments are skipped as json-glib's scanner skips them, so that no
 * bracket hides from this count. */
static gboolean
check_shape (const char  *data,
             gsize        len,
             GError     **error)
{
  guint depth = 0;
  guint values = 0;
  gboolean in_scalar = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '"' || c == '\'')
        {
          char quote = c;

          for (i++; i < len && data[i] != quote; i++)
            if (data[i] == '\\')
              i++;
        }
      else if (c == '/')
        {
          /* JSON has no comments, and json-glib's reading of them differs
           * from any simple rule here ("0//{} []" went through as one
           * value and json-glib leaked the rest): refused. */
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                       _("The data is not valid JSON: “/” outside a string at byte %llu"),
                       (unsigned long long) i);
          return FALSE;
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          in_scalar = FALSE;
          continue;
        }

      /* A container or string always starts a value ("0[]" is two). */
      if (depth == 0 && (!in_scalar || c == '[' || c == '{' || c == '"' || c == '\'') && ++values > 1)
        {
          g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                       _("The data is not valid JSON: more than one value at byte %llu"),
                       (unsigned long long) i);
          return FALSE;
        }
      in_scalar = FALSE;
      if (c == '[' || c == '{')
        {
          if (++depth > SD_CANONICAL_JSON_MAX_DEPTH)
            {
              g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE,
                           _("The data nests arrays and objects more than %d deep"),
                           SD_CANONICAL_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
      else if (c != '"' && c != '\'' && c != ',' && c != ':')
        {
          in_scalar = depth == 0;
        }
    }
  return TRUE;
}

JsonNode *
sd_json_parse_bounded (const char  *data,
                       gsize        len,
                       gsize        max_len,
                       GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > max_len || len > G_MAXSSIZE)
    {
      g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE,
                   _("The data is too large: %llu bytes, at most %llu allowed"),
                   (unsigned long long) len, (unsigned long long) max_len);
      return NULL;
    }
  if (!check_shape (data, len, error))
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_INVALID,
                 _("The data is empty, not JSON"));
  return root;
}

gint64
sd_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

const char *
sd_json_get_string (JsonObject *object,
                    const char *member,
                    const char *fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}
