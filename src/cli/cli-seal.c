/* cli-seal.c: sealdesk-cli seal … (the seal library) */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-atomic-file.h"
#include "sd-seal-generate.h"
#include "sd-seal-import.h"
#include "sd-seal-library.h"

/* Seal pictures are kept at this resolution. */
#define SEAL_DPI 600

static int
print_seal (SdWorkspace *workspace,
            SdSeal      *seal,
            gboolean     json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = sd_seal_to_json (workspace, seal);

      sd_cli_print_json (node);
    }
  else
    /* TRANSLATORS: "seal-1a2b… Firm seal (company, 42.0 × 42.0 mm, active)" */
    g_print (_("%s %s (%s, %.1f × %.1f mm, %s)\n"), seal->id, seal->name, seal->kind,
             seal->width_mm, seal->height_mm, seal->state);
  return SD_CLI_EXIT_OK;
}

static gboolean
parse_size_mm (const char  *text,
               double      *width,
               double      *height,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", "x", 2);
  char *end = NULL;

  if (parts[0] == NULL)
    goto bad;
  *width = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0')
    goto bad;
  *height = *width;
  if (parts[1] != NULL)
    {
      *height = g_ascii_strtod (parts[1], &end);
      if (end == parts[1] || *end != '\0')
        goto bad;
    }
  if (!isfinite (*width) || !isfinite (*height) || *width <= 0 || *height <= 0)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--size-mm takes the size in millimetres, WIDTH or WIDTHxHEIGHT, not “%s”"),
               text != NULL ? text : "");
  return FALSE;
}

static int
add_seal (GBytes     *png,
          const char *name,
          const char *kind,
          double      width_mm,
          double      height_mm,
          const char *key,
          const char *actor,
          gboolean    json)
{
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GError) error = NULL;

  if (name == NULL || key == NULL)
    return sd_cli_failf (_("A seal in the library needs --name N and --key KEY (or write the picture with -o PNG)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (seal = sd_seal_library_add (workspace, name, kind, width_mm, height_mm, key, png, actor, &error)) == NULL)
    return sd_cli_fail (error);
  return print_seal (workspace, seal, json);
}

static int
seal_import (int    argc,
             char **argv)
{
  g_autofree char *name = NULL, *size = NULL, *key = NULL, *kind = NULL, *actor = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean white = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the seal"), "NAME" },
    { "size-mm", 0, 0, G_OPTION_ARG_STRING, &size, N_("True size in millimetres, W or WxH"), "W[xH]" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The key the seal signs with"), "KEY" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("company, contract, name or handwritten (default company)"), "KIND" },
    { "transparent-white", 0, 0, G_OPTION_ARG_NONE, &white, N_("Make the white background transparent"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the change"), "PROFILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("IMAGE"), N_("Add a seal picture (PNG or JPEG) to the seal library"), entries);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  SdSealImportOptions import = { 0 };
  double width = 0, height = 0;
  int px_w = 0, px_h = 0;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one picture file to import"));
  if (!parse_size_mm (size, &width, &height, &error))
    return sd_cli_fail (error);
  import.white_to_transparent = white;
  if ((png = sd_seal_import_image (rest[0], &import, &px_w, &px_h, &error)) == NULL)
    return sd_cli_fail (error);
  return add_seal (png, name, kind != NULL ? kind : "company", width, height, key, actor, json);
}

static int
write_or_add (GBytes     *png,
              const char *output,
              const char *name,
              const char *kind,
              double      width_mm,
              double      height_mm,
              const char *key,
              const char *actor,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;

  if (output == NULL)
    return add_seal (png, name, kind, width_mm, height_mm, key, actor, json);
  if (!sd_file_set_contents_atomic (output, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error))
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "output");
      json_builder_add_string_value (b, output);
      json_builder_set_member_name (b, "width_mm");
      json_builder_add_double_value (b, width_mm);
      json_builder_set_member_name (b, "height_mm");
      json_builder_add_double_value (b, height_mm);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sd_cli_print_json (root);
    }
  else
    g_print (_("Wrote %s (%.1f × %.1f mm)\n"), output, width_mm, height_mm);
  return SD_CLI_EXIT_OK;
}

static int
seal_generate (int    argc,
               char **argv)
{
  g_autofree char *org = NULL, *title = NULL, *number = NULL, *shape = NULL, *size = NULL;
  g_autofree char *key = NULL, *name = NULL, *output = NULL, *kind = NULL, *actor = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("Organisation name, along the upper arc"), "TEXT" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title under the star (e.g. contract seal)"), "TEXT" },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("Number along the bottom"), "TEXT" },
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape, N_("round, oval or square (default round)"), "SHAPE" },
    { "size-mm", 0, 0, G_OPTION_ARG_STRING, &size, N_("Diameter or width in millimetres, 38–60 (default 42)"), "D" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The key the seal signs with"), "KEY" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the seal in the library"), "NAME" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("company or contract (default company)"), "KIND" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the picture to PNG instead of adding it"), "PNG" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the change"), "PROFILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Draw an official round, oval or square seal"), entries);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  SdSealDesign design = { 0 };
  double width = 0, height = 0;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (org == NULL)
    return sd_cli_failf (_("Give the organisation's name with --org TEXT"));
  design.org = org;
  design.title = title;
  design.number = number;
  if (shape == NULL || g_str_equal (shape, "round"))
    design.shape = SD_SEAL_SHAPE_ROUND;
  else if (g_str_equal (shape, "oval"))
    design.shape = SD_SEAL_SHAPE_OVAL;
  else if (g_str_equal (shape, "square"))
    design.shape = SD_SEAL_SHAPE_SQUARE;
  else
    return sd_cli_failf (_("--shape takes round, oval or square, not “%s”"), shape);
  if (size != NULL && !parse_size_mm (size, &design.size_mm, &height, &error))
    return sd_cli_fail (error);
  if ((png = sd_seal_generate_official (&design, SEAL_DPI, &width, &height, &error)) == NULL)
    return sd_cli_fail (error);
  return write_or_add (png, output, name, kind != NULL ? kind : "company", width, height, key, actor, json);
}

static int
seal_generate_name (int    argc,
                    char **argv)
{
  g_autofree char *text = NULL, *size = NULL, *key = NULL, *name = NULL, *output = NULL, *actor = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The name on the seal: 2 or 4 characters"), "TEXT" },
    { "size-mm", 0, 0, G_OPTION_ARG_STRING, &size, N_("Side in millimetres, 10–30 (default 18)"), "D" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The key the seal signs with"), "KEY" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the seal in the library"), "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the picture to PNG instead of adding it"), "PNG" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the change"), "PROFILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Draw a square personal name seal"), entries);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  double side = 0, width = 0, height = 0;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (text == NULL)
    return sd_cli_failf (_("Give the name on the seal with --text TEXT"));
  if (size != NULL && !parse_size_mm (size, &side, &height, &error))
    return sd_cli_fail (error);
  if ((png = sd_seal_generate_name (text, side, SEAL_DPI, &width, &height, &error)) == NULL)
    return sd_cli_fail (error);
  return write_or_add (png, output, name, "name", width, height, key, actor, json);
}

static int
seal_list (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("List the seals of the seal library"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) seals = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (seals = sd_seal_library_list (workspace, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < seals->len; i++)
        json_array_add_element (array, sd_seal_to_json (workspace, g_ptr_array_index (seals, i)));
      sd_cli_print_list ("seals", array);
      return SD_CLI_EXIT_OK;
    }
  if (seals->len == 0)
    /* TRANSLATORS: "seal list" of a new workspace */
    g_print ("%s\n", _("The seal library is empty. Add a seal with “sealdesk-cli seal import IMAGE --key KEY”, “seal generate” or “seal generate-name”."));
  for (guint i = 0; i < seals->len; i++)
    print_seal (workspace, g_ptr_array_index (seals, i), FALSE);
  return SD_CLI_EXIT_OK;
}

static int
seal_show (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ID"), N_("Show one seal"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one seal ID (see “sealdesk-cli seal list”)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (seal = sd_seal_library_get (workspace, rest[0], &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    return print_seal (workspace, seal, TRUE);
  print_seal (workspace, seal, FALSE);
  g_print (_("Key: %s\n"), seal->key_id);
  return SD_CLI_EXIT_OK;
}

static int
change_grants (int      argc,
               char   **argv,
               gboolean grant)
{
  g_autofree char *to = NULL, *actor = NULL;
  g_auto(GStrv) may = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The profile"), "PROFILE" },
    { "may", 0, 0, G_OPTION_ARG_STRING_ARRAY, &may, N_("request, approve or use; may be repeated"), "WHAT" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the change"), "PROFILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the seal as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ID"), grant ? N_("Let a profile request, approve or use a seal")
                                                                                  : N_("Take a grant of a seal back from a profile"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GError) error = NULL;
  SdSealMay mask = 0;
  gboolean ok;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one seal ID (see “sealdesk-cli seal list”)"));
  if (to == NULL)
    return sd_cli_failf (_("Name the profile with --to PROFILE"));
  for (guint i = 0; may != NULL && may[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (may[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          SdSealMay m = sd_seal_may_from_string (g_strstrip (parts[j]));

          if (m == 0)
            return sd_cli_failf (_("--may takes request, approve or use, not “%s”"), parts[j]);
          mask |= m;
        }
    }
  if (grant && mask == 0)
    return sd_cli_failf (_("Say what the profile may do with --may request|approve|use"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  ok = grant ? sd_seal_library_grant (workspace, rest[0], to, mask, actor, &error)
             : sd_seal_library_withdraw (workspace, rest[0], to, mask, actor, &error);
  if (!ok || (seal = sd_seal_library_get (workspace, rest[0], &error)) == NULL)
    return sd_cli_fail (error);
  return print_seal (workspace, seal, json);
}

static int
seal_grant (int argc, char **argv)
{
  return change_grants (argc, argv, TRUE);
}

static int
seal_withdraw (int argc, char **argv)
{
  return change_grants (argc, argv, FALSE);
}

static int
change_state (int         argc,
              char      **argv,
              const char *action)
{
  g_autofree char *reason = NULL, *actor = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept in the ledger)"), "TEXT" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the change"), "PROFILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the seal as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ID"), N_("Change the state of a seal"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdSeal) seal = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one seal ID (see “sealdesk-cli seal list”)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_seal_library_change_state (workspace, rest[0], action, reason, actor, &error)
      || (seal = sd_seal_library_get (workspace, rest[0], &error)) == NULL)
    return sd_cli_fail (error);
  return print_seal (workspace, seal, json);
}

static int seal_suspend (int argc, char **argv) { return change_state (argc, argv, "suspend"); }
static int seal_restore (int argc, char **argv) { return change_state (argc, argv, "restore"); }
static int seal_revoke (int argc, char **argv) { return change_state (argc, argv, "revoke"); }
static int seal_destroy (int argc, char **argv) { return change_state (argc, argv, "destroy"); }

int
sd_cli_seal (int    argc,
             char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "import", N_("Add a seal picture to the seal library"), seal_import },
    { "generate", N_("Draw an official seal"), seal_generate },
    { "generate-name", N_("Draw a personal name seal"), seal_generate_name },
    { "list", N_("List the seals"), seal_list },
    { "show", N_("Show one seal"), seal_show },
    { "grant", N_("Let a profile request, approve or use a seal"), seal_grant },
    { "withdraw", N_("Take a grant back"), seal_withdraw },
    { "suspend", N_("Suspend a seal reported lost"), seal_suspend },
    { "restore", N_("Restore a suspended seal"), seal_restore },
    { "revoke", N_("Revoke a seal for good"), seal_revoke },
    { "destroy", N_("Record that a seal was destroyed"), seal_destroy },
  };

  return sd_cli_dispatch ("seal", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
