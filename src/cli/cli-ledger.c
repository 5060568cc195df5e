/* cli-ledger.c: sealdesk-cli ledger … (the seal-use ledger) */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-sync.h"

#define HEAD_MAX_LEN (64 * 1024)
#define PROOF_MAX_LEN (4 * 1024 * 1024)

static int
ledger_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("List the entries of the seal-use ledger"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (list = sd_ledger_list (sd_workspace_get_ledger (workspace), 1, &error)) == NULL)
    return sd_cli_fail (error);
  array = json_node_get_array (list);
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "tree_size", json_array_get_length (array));
      json_object_set_member (object, "entries", json_node_ref (list));
      json_node_take_object (root, object);
      sd_cli_print_json (root);
      return SD_CLI_EXIT_OK;
    }
  if (json_array_get_length (array) == 0)
    /* TRANSLATORS: "ledger list" of a new workspace */
    g_print ("%s\n", _("The ledger has no entries yet: each new profile, seal, request decision and signature adds one (start with “sealdesk-cli profile add NAME --role ROLE --key KEY”)."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *e = json_array_get_object_element (array, i);
      JsonObject *details = json_object_get_object_member (e, "details");

      g_print ("%lld\t%s\t%s\t%s\t%s\t%s\n",
               (long long) json_object_get_int_member (e, "seq"),
               sd_json_get_string (e, "time", ""),
               sd_json_get_string (e, "kind", ""),
               sd_json_get_string (details, "action", "-"),
               sd_json_get_string (e, "actor", "-") ?: "-",
               sd_json_get_string (e, "request", NULL)
                 ?: sd_json_get_string (e, "seal", NULL) ?: "-");
    }
  return SD_CLI_EXIT_OK;
}

static int
ledger_verify (int    argc,
               char **argv)
{
  g_autofree char *head_file = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) peer_checks = NULL;
  gboolean json = FALSE, peers = FALSE;
  GOptionEntry entries[] = {
    { "head", 0, 0, G_OPTION_ARG_FILENAME, &head_file, N_("Also prove that the ledger extends this tree head, saved earlier"), "FILE" },
    { "peers", 0, 0, G_OPTION_ARG_NONE, &peers, N_("Also check that every paired workstation's newest published head extends the one witnessed"), NULL },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("The shared folder for --peers (default: the one sync used last)"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Recompute the ledger and check every signed tree head"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(GError) error = NULL;
  SdLedgerCheck check;
  int status;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (head_file != NULL && (saved = sd_cli_read_json_file (head_file, HEAD_MAX_LEN, &error)) == NULL)
    return sd_cli_fail (error);
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_ledger_verify (sd_workspace_get_ledger (workspace), saved, &check, &error))
    return sd_cli_fail (error);
  if (peers && (peer_checks = sd_sync_check_peers (workspace, folder, &error)) == NULL)
    {
      sd_ledger_check_clear (&check);
      return sd_cli_fail (error);
    }
  status = check.valid ? SD_CLI_EXIT_OK : SD_CLI_EXIT_FAILURE;
  for (guint i = 0; peer_checks != NULL && i < peer_checks->len; i++)
    if (!((SdSyncPeerCheck *) g_ptr_array_index (peer_checks, i))->consistent)
      status = SD_CLI_EXIT_FAILURE;
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, check.valid);
      json_builder_set_member_name (b, "tree_size");
      json_builder_add_int_value (b, check.tree_size);
      json_builder_set_member_name (b, "root_hash");
      json_builder_add_string_value (b, check.root_hash);
      json_builder_set_member_name (b, "first_bad_entry");
      if (check.first_bad_entry > 0)
        json_builder_add_int_value (b, check.first_bad_entry);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, check.message);
      if (peer_checks != NULL)
        {
          json_builder_set_member_name (b, "peers");
          json_builder_begin_array (b);
          for (guint i = 0; i < peer_checks->len; i++)
            {
              SdSyncPeerCheck *pc = g_ptr_array_index (peer_checks, i);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "workstation");
              json_builder_add_string_value (b, pc->workstation);
              json_builder_set_member_name (b, "consistent");
              json_builder_add_boolean_value (b, pc->consistent);
              json_builder_set_member_name (b, "message");
              json_builder_add_string_value (b, pc->message);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sd_cli_print_json (root);
    }
  else
    {
      if (check.valid)
        g_print ("%s\n", check.message);
      else
        g_printerr ("%s: %s\n", SD_CLI_PROGRAM, check.message);
      for (guint i = 0; peer_checks != NULL && i < peer_checks->len; i++)
        {
          SdSyncPeerCheck *pc = g_ptr_array_index (peer_checks, i);

          if (pc->consistent)
            /* TRANSLATORS: "Peer 0123…: its published head … extends …" */
            g_print (_("Peer %s: %s\n"), pc->workstation, pc->message);
          else
            g_printerr (_("%s: peer %s: %s\n"), SD_CLI_PROGRAM, pc->workstation, pc->message);
        }
    }
  sd_ledger_check_clear (&check);
  return status;
}

static int
ledger_head (int    argc,
             char **argv)
{
  g_autofree char *output = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Save the signed tree head to FILE"), "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print it as JSON (the default)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Print or save the latest signed tree head"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (head = sd_ledger_get_head (sd_workspace_get_ledger (workspace), &error)) == NULL
      || !sd_cli_write_json (head, output, &error))
    return sd_cli_fail (error);
  return SD_CLI_EXIT_OK;
}

static int
ledger_prove (int    argc,
              char **argv)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Save the proof to FILE"), "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print it as JSON (the default)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("ENTRY"), N_("Prove that an entry is in the ledger (RFC 9162 inclusion proof)"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(JsonNode) proof = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL
      || !g_ascii_string_to_signed (rest[0], 10, 1, G_MAXINT64, &seq, NULL))
    return sd_cli_failf (_("Name one ledger entry by its number (see “sealdesk-cli ledger list”)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (proof = sd_ledger_prove (sd_workspace_get_ledger (workspace), seq, &error)) == NULL
      || !sd_cli_write_json (proof, output, &error))
    return sd_cli_fail (error);
  return SD_CLI_EXIT_OK;
}

static int
ledger_check_proof (int    argc,
                    char **argv)
{
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("FILE"), N_("Check an inclusion proof, without the ledger"), entries);
  g_autoptr(JsonNode) proof = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean valid;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one proof file (made by “sealdesk-cli ledger prove”)"));
  if ((proof = sd_cli_read_json_file (rest[0], PROOF_MAX_LEN, &error)) == NULL)
    return sd_cli_fail (error);
  valid = sd_ledger_check_proof (proof, &message);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, valid);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, message);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sd_cli_print_json (root);
    }
  else if (valid)
    g_print ("%s\n", message);
  else
    g_printerr ("%s: %s\n", SD_CLI_PROGRAM, message);
  return valid ? SD_CLI_EXIT_OK : SD_CLI_EXIT_FAILURE;
}

static int
ledger_export (int    argc,
               char **argv)
{
  g_autofree char *output = NULL, *actor = NULL;
  gboolean csv = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Write CSV (the default for a FILE named .csv)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON (the default for a FILE named .json)"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (its signature goes to FILE.sig.json)"), "FILE" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Profile making the export"), "PROFILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Export the ledger, signed"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  /* No flag: the file name's extension says which. */
  if (!csv && !json && output != NULL)
    {
      g_autofree char *base = g_path_get_basename (output);
      const char *dot = strrchr (base, '.');

      csv = dot != NULL && g_ascii_strcasecmp (dot, ".csv") == 0;
      json = dot != NULL && g_ascii_strcasecmp (dot, ".json") == 0;
    }
  if (csv == json)
    return sd_cli_failf (_("Choose one format: --csv or --json"));
  if (output == NULL)
    return sd_cli_failf (_("Say where the export goes with -o FILE"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_ledger_export (sd_workspace_get_ledger (workspace),
                            csv ? SD_LEDGER_EXPORT_CSV : SD_LEDGER_EXPORT_JSON,
                            output, actor, &error))
    return sd_cli_fail (error);
  /* TRANSLATORS: "Exported the ledger to audit.csv (signature: audit.csv.sig.json)" */
  g_print (_("Exported the ledger to %s (signature: %s.sig.json)\n"), output, output);
  return SD_CLI_EXIT_OK;
}

static int
ledger_use_key (int    argc,
                char **argv)
{
  g_autofree char *pin_env = NULL;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &pin_env, N_("Read the key's PIN or passphrase from environment variable VAR"), "VAR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("KEY"), N_("Sign this workstation's tree heads with KEY (a token's key) instead of a generated key"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  SdCliPin pin = { 0 };
  gboolean ok;

  g_option_context_set_description (context,
    _("Only before the first ledger entry. Later commands read the key's PIN from the environment variable SEALDESK_LEDGER_PIN."));
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sd_cli_failf (_("Name one key, as “sealdesk-cli keys list” prints it"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_cli_pin_from_env (&pin, pin_env, &error))
    return sd_cli_fail (error);
  ok = sd_ledger_use_key (sd_workspace_get_ledger (workspace), rest[0], sd_cli_pin_cb, &pin, &error);
  sd_cli_pin_clear (&pin);
  if (!ok)
    return sd_cli_fail (error);
  g_print (_("The ledger's tree heads will be signed with %s\n"), rest[0]);
  return SD_CLI_EXIT_OK;
}

int
sd_cli_ledger (int    argc,
               char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "list", N_("List the entries"), ledger_list },
    { "verify", N_("Recompute everything and check the signed tree heads"), ledger_verify },
    { "head", N_("Print or save the latest signed tree head"), ledger_head },
    { "prove", N_("Print an inclusion proof of one entry"), ledger_prove },
    { "check-proof", N_("Check an inclusion proof"), ledger_check_proof },
    { "export", N_("Export the ledger as CSV or JSON, signed"), ledger_export },
    { "use-key", N_("Sign the tree heads with a key of your choice (a token)"), ledger_use_key },
  };

  return sd_cli_dispatch ("ledger", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
