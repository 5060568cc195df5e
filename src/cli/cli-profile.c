/* cli-profile.c: sealdesk-cli profile add|list */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-profile.h"

static int
profile_add (int    argc,
             char **argv)
{
  g_auto(GStrv) roles = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *key = NULL;
  g_autofree char *pin_env = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING_ARRAY, &roles, N_("Role: requester, approver, seal-keeper or signer; may be repeated"), "ROLE" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The profile's key, as “keys list” prints it, or p12:FILE"), "KEY" },
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &pin_env, N_("Read the key's PIN or passphrase from environment variable VAR"), "VAR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("NAME"), N_("Add a person who requests, approves, keeps seals or signs"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SdCliPin pin = { 0 };
  SdRoles mask = 0;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name the new profile (one NAME)"));
  for (guint i = 0; roles != NULL && roles[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (roles[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          SdRoles role = sd_role_from_string (g_strstrip (parts[j]));

          if (role == 0)
            return sd_cli_failf (_("--role takes requester, approver, seal-keeper or signer, not “%s”"), parts[j]);
          mask |= role;
        }
    }
  if (key == NULL)
    return sd_cli_failf (_("Give the profile's key with --key KEY"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_cli_pin_from_env (&pin, pin_env, &error))
    return sd_cli_fail (error);
  profile = sd_profile_add (workspace, rest[0], mask, key, sd_cli_pin_cb, &pin, &error);
  sd_cli_pin_clear (&pin);
  if (profile == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr(JsonNode) node = sd_profile_to_json (profile);

      sd_cli_print_json (node);
    }
  else
    g_print (_("Added profile %s\n"), profile->name);
  return SD_CLI_EXIT_OK;
}

static int
profile_list (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("List the profiles of this workstation"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc > 1)
    return sd_cli_failf (_("“profile list” takes no arguments"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (profiles = sd_profile_list (workspace, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < profiles->len; i++)
        json_array_add_element (array, sd_profile_to_json (g_ptr_array_index (profiles, i)));
      sd_cli_print_list ("profiles", array);
      return SD_CLI_EXIT_OK;
    }
  if (profiles->len == 0)
    /* TRANSLATORS: "profile list" of a new workspace */
    g_print ("%s\n", _("No profiles yet. Add one with “sealdesk-cli profile add NAME --role ROLE --key KEY”."));
  for (guint i = 0; i < profiles->len; i++)
    {
      SdProfile *p = g_ptr_array_index (profiles, i);
      g_autoptr(JsonNode) node = sd_profile_to_json (p);
      JsonArray *roles = json_object_get_array_member (json_node_get_object (node), "roles");
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint j = 0; j < json_array_get_length (roles); j++)
        g_string_append_printf (text, "%s%s", j > 0 ? "," : "", json_array_get_string_element (roles, j));
      g_print ("%s\t%s\t%s\n", p->name, text->str, p->key_id);
    }
  return SD_CLI_EXIT_OK;
}

int
sd_cli_profile (int    argc,
                char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "add", N_("Add a profile bound to a key"), profile_add },
    { "list", N_("List the profiles"), profile_list },
  };

  return sd_cli_dispatch ("profile", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
