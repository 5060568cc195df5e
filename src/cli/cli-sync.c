/* cli-sync.c: sealdesk-cli sync … (the shared folder) */
#include "config.h"

#include <signal.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "sd-canonical-json.h"
#include "cli-store.h"
#include "sd-sync.h"

static volatile sig_atomic_t interrupted;

static void
on_signal (int sig)
{
  interrupted = 1;
}

static void
print_report (SdSyncReport *report)
{
  for (guint i = 0; report->messages != NULL && i < report->messages->len; i++)
    {
      g_autofree char *line = sd_cli_one_line (g_ptr_array_index (report->messages, i));

      g_print ("%s\n", line);
    }
  g_print (_("published %u, imported %u, waiting %u, refused %u, conflict copies %u\n"),
           report->published, report->imported, report->waiting, report->refused, report->conflicts);
}

static int
sync_run (int    argc,
          char **argv)
{
  g_autofree char *folder = NULL;
  g_autofree char *publish = NULL;
  gboolean once = FALSE, json = FALSE, matter_folders = FALSE;
  int interval = 30;
  SdSyncOptions options;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("The shared folder"), "DIR" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("One pass, then exit"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("Seconds between passes (default 30)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "publish", 0, 0, G_OPTION_ARG_STRING, &publish,
      N_("What to publish, comma-separated: requests, decisions, completed, reports, all (the default) or none; the rest waits"), "LIST" },
    { "matter-folders", 0, 0, G_OPTION_ARG_NONE, &matter_folders,
      N_("Put requests and completed documents with a matter into a folder per matter"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("Publish to and import from a shared folder"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (folder == NULL)
    return sd_cli_failf ("%s", _("Name the shared folder with --folder DIR"));
  if (interval < 1)
    return sd_cli_failf ("%s", _("--interval takes a number of seconds from 1"));
  sd_sync_options_init (&options);
  options.matter_folders = matter_folders;
  if (publish != NULL && !sd_sync_publish_parse (publish, &options.publish, &error))
    return sd_cli_fail (error);
  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);
  for (;;)
    {
      SdSyncReport report = { 0 };
      gboolean ok = sd_sync_run (workspace, folder, &options, &report, &error);

      if (ok && json)
        {
          g_autoptr(JsonNode) node = sd_sync_report_to_json (&report);

          sd_cli_print_json (node);
        }
      else if (ok)
        print_report (&report);
      sd_sync_report_clear (&report);
      if (!ok)
        {
          if (once)
            return sd_cli_fail (error);
          /* Offline is normal: the folder comes back. */
          g_printerr ("%s: %s\n", SD_CLI_PROGRAM, error->message);
          g_clear_error (&error);
        }
      if (once)
        return SD_CLI_EXIT_OK;
      for (int i = 0; i < interval && !interrupted; i++)
        sleep (1);
      if (interrupted)
        return SD_CLI_EXIT_OK;
    }
}

static int
peer_add (int    argc,
          char **argv)
{
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;
  GOptionEntry entries[] = {
    { "ledger-key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The peer's ledger key ID (\"key_id\" of its “ledger head”)"), "KEY_ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &label, N_("A name for the peer"), "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("WORKSTATION_ID"), N_("Pair with another workstation"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2 || key == NULL)
    return sd_cli_failf ("%s", _("Give the peer's workstation ID and --ledger-key KEY_ID, as its “ledger head” prints them"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_sync_peer_add (workspace, argv[1], key, label, &error))
    return sd_cli_fail (error);
  return SD_CLI_EXIT_OK;
}

static int
peer_remove (int    argc,
             char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (N_("WORKSTATION_ID"), N_("Forget a paired workstation"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf ("%s", _("Give the peer's workstation ID"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_sync_peer_remove (workspace, argv[1], &error))
    return sd_cli_fail (error);
  return SD_CLI_EXIT_OK;
}

static int
peer_list (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("List the paired workstations"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (list = sd_sync_peer_list (workspace, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json (list);
      return SD_CLI_EXIT_OK;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    /* TRANSLATORS: "sync peer list" of a new workspace */
    g_print ("%s\n", _("No paired workstations yet. Pair with one with “sealdesk-cli sync peer add WORKSTATION_ID --ledger-key KEY_ID”."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *p = json_array_get_object_element (array, i);
      JsonNode *head = json_object_get_member (p, "witnessed_head");
      g_autofree char *label = sd_cli_one_line (sd_json_get_string (p, "label", NULL) ?: "-");

      g_print ("%s\t%s\t%s\t%lld\n", json_object_get_string_member (p, "workstation"),
               json_object_get_string_member (p, "ledger_key_id"), label,
               JSON_NODE_HOLDS_OBJECT (head) ? (long long) json_object_get_int_member (json_node_get_object (head), "tree_size") : 0LL);
    }
  return SD_CLI_EXIT_OK;
}

static int
sync_peer (int    argc,
           char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "add", N_("Pair with another workstation"), peer_add },
    { "list", N_("List the paired workstations"), peer_list },
    { "remove", N_("Forget a paired workstation"), peer_remove },
  };

  return sd_cli_dispatch ("sync peer", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}

static int
sync_status (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = sd_cli_option_context_new (NULL, N_("This workstation's ID, folder, last sync and peers"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = NULL;
  JsonObject *s;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (status = sd_sync_status (workspace, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      sd_cli_print_json (status);
      return SD_CLI_EXIT_OK;
    }
  s = json_node_get_object (status);
  g_print (_("Workstation: %s\n"), json_object_get_string_member (s, "workstation"));
  g_print (_("Ledger key: %s\n"), sd_json_get_string (s, "ledger_key_id", NULL) ?: "-");
  g_print (_("Shared folder: %s\n"), sd_json_get_string (s, "folder", NULL) ?: "-");
  g_print (_("Last sync: %s\n"), sd_json_get_string (s, "last_sync", NULL) ?: "-");
  g_print (_("Waiting to go out: %lld\n"), (long long) json_object_get_int_member (s, "queued"));
  g_print (_("Peers: %u\n"), json_array_get_length (json_object_get_array_member (s, "peers")));
  return SD_CLI_EXIT_OK;
}

int
sd_cli_sync (int    argc,
             char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "peer", N_("Pair with other workstations: add, list, remove"), sync_peer },
    { "status", N_("This workstation's ID, folder, last sync and peers"), sync_status },
  };

  /* "sync --folder DIR" runs a pass; "sync peer|status …" the others. */
  if (argc >= 2 && (g_str_equal (argv[1], "peer") || g_str_equal (argv[1], "status")))
    return sd_cli_dispatch ("sync", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
  return sync_run (argc, argv);
}
