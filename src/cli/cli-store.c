/* cli-store.c: what the workflow commands share */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "cli-common.h"
#include "cli-store.h"
#include "sd-atomic-file.h"
#include "sd-canonical-json.h"
#include "sd-mapped-file.h"

SdWorkspace *
sd_cli_open_workspace (GError **error)
{
  return sd_workspace_open (NULL, error);
}

gboolean
sd_cli_parse_rect (const char  *text,
                   double       rect[4],
                   GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    goto bad;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;

      g_strstrip (parts[i]);
      rect[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (rect[i]) || fabs (rect[i]) > 14400)
        goto bad;
    }
  if (rect[2] <= 0 || rect[3] <= 0)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--rect takes X,Y,WIDTH,HEIGHT in points (positive width and height), not “%s”"), text);
  return FALSE;
}

gboolean
sd_cli_parse_page (const char  *text,
                   int         *page,
                   GError     **error)
{
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, 1, 100000, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--page takes a page number from 1, not “%s”"), text);
      return FALSE;
    }
  *page = (int) value;
  return TRUE;
}

char *
sd_cli_read_text_file (const char  *path,
                       gsize        max_len,
                       GError     **error)
{
  g_autoptr(GBytes) file = sd_mapped_file_map_path (path, error);
  g_autofree char *text = NULL;
  gsize len;
  const char *data;

  if (file == NULL)
    return NULL;
  data = g_bytes_get_data (file, &len);
  if (len > max_len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s is too large: at most %lu KiB"), path, (unsigned long) (max_len / 1024));
      return NULL;
    }
  if (len == 0 || data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s is empty"), path);
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL) || memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not UTF-8 text"), path);
      return NULL;
    }
  text = g_strndup (data, len);
  if (!sd_mapped_file_check_unchanged (file, path, error))
    return NULL;
  return g_steal_pointer (&text);
}

JsonNode *
sd_cli_read_json_file (const char  *path,
                       gsize        max_len,
                       GError     **error)
{
  g_autofree char *text = sd_cli_read_text_file (path, max_len, error);
  JsonNode *root;

  if (text == NULL)
    return NULL;
  root = sd_json_parse_bounded (text, strlen (text), max_len, error);
  if (root == NULL)
    g_prefix_error (error, "%s: ", path);
  return root;
}

gboolean
sd_cli_print_list (const char *member,
                   JsonArray  *array)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, member, array);
  json_node_take_object (root, object);
  return sd_cli_print_json (root);
}

gboolean
sd_cli_write_json (JsonNode    *node,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *text = NULL;

  if (path == NULL)
    return sd_cli_print_json (node);
  text = json_to_string (node, TRUE);
  return sd_file_set_contents_atomic (path, text, strlen (text), error);
}
