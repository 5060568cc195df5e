/* sealdesk-cli.c: the scriptable face of Sealdesk
 *
 *   sealdesk-cli COMMAND [OPTION…] [ARGUMENT…]
 *
 * Dispatches to one command (cli-*.c). The contract with scripts and tests
 * (commands, options, exit codes, JSON names) is in DESIGN.md.
 */
#include "config.h"

#include "sd-secret.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-marks.h"
#include "cli-common.h"

typedef struct {
  const char *name;
  const char *summary;   /* N_(): translated when shown */
  int       (*run) (int argc, char **argv);
} SdCliCommand;

static const SdCliCommand commands[] = {
  { "info", N_("Show the structure of a PDF document"), sd_cli_info },
#ifdef HAVE_CLI_SIGN
  { "sign", N_("Sign a PDF document with a key from a file, the keyring "
               "or a token"), sd_cli_sign },
  { "extend", N_("Add long-term validation data and document timestamps to signed documents"), sd_cli_extend },
  { "void", N_("Declare a signed document void with a new signed revision"), sd_cli_void },
#endif
#ifdef HAVE_CLI_VERIFY
  { "verify", N_("Check the signatures of a PDF document"), sd_cli_verify },
#endif
#ifdef HAVE_CLI_KEYS
  { "keys", N_("List and import signing keys"), sd_cli_keys },
#endif
  { "profile", N_("The people who request, approve, keep seals and sign"), sd_cli_profile },
  { "seal", N_("The seal library: import, draw, grant, suspend, revoke"), sd_cli_seal },
  { "request", N_("Stamp requests: create, approve, reject, decline"), sd_cli_request },
  { "ledger", N_("The seal-use ledger: list, verify, prove, export"), sd_cli_ledger },
  { "trust", N_("Sealdesk's trust list: the authorities that vouch for signed documents"), sd_cli_trust },
  { "sync", N_("Publish to and import from a shared folder; pair with other workstations"), sd_cli_sync },
};

static void
print_help (FILE *out)
{
  g_autoptr (GString) text = g_string_new (NULL);
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));

  g_string_append_printf (text, "%s\n  %s %s\n\n", _("Usage:"),
                          SD_CLI_PROGRAM, _("COMMAND [OPTION…] [ARGUMENT…]"));
  g_string_append_printf (text, "%s\n\n",
                          _("Sign, seal and verify PDF documents."));
  g_string_append_printf (text, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-*s  %s\n", width, commands[i].name,
                            _(commands[i].summary));
  g_string_append_printf (text, "\n%s\n", _("Options:"));
  g_string_append_printf (text, "  %-*s  %s\n", 13, "-h, --help",
                          _("Show this help"));
  g_string_append_printf (text, "  %-*s  %s\n\n", 13, "--version",
                          _("Show the version"));
  g_string_append_printf (text, _("Run “%s COMMAND --help” for the options "
                                  "of a command."), SD_CLI_PROGRAM);
  g_string_append_c (text, '\n');

  if (out == stdout)
    g_print ("%s", text->str);
  else
    g_printerr ("%s", text->str);
}

static const SdCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static int
run_command (const SdCliCommand *command,
             int                 argc,
             char              **argv)
{
  g_autofree char *prgname = g_strdup_printf ("%s %s", SD_CLI_PROGRAM,
                                              command->name);

  /* GOption's "Usage:" line and messages name the command. */
  g_set_prgname (prgname);
  return command->run (argc, argv);
}

int
main (int    argc,
      char **argv)
{
  const SdCliCommand *command;
  const char *name;

  /* Before anything touches OpenSSL: keys never linger in freed memory. */
  sd_secret_harden_openssl ();
  setlocale (LC_ALL, "");
  /* SEALDESK_LOCALEDIR: the build tree's po/ folder, to run uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SEALDESK_LOCALEDIR") != NULL
                                     ? g_getenv ("SEALDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (SD_CLI_PROGRAM);

  if (argc < 2)
    {
      print_help (stderr);
      return SD_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--version"))
    {
      g_print ("%s %s\n", SD_CLI_PROGRAM, PACKAGE_VERSION);
      return SD_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h")
      || g_str_equal (name, "help"))
    {
      /* "help COMMAND" is "COMMAND --help". */
      if (g_str_equal (name, "help") && argc > 2
          && (command = find_command (argv[2])) != NULL)
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          return run_command (command, 2, help_argv);
        }
      print_help (stdout);
      return SD_CLI_EXIT_OK;
    }

  command = find_command (name);
  if (command == NULL)
    {
      if (name[0] == '-')
        return sd_cli_failf (_("Unknown option “%s”: see “%s --help”"),
                             name, SD_CLI_PROGRAM);
      return sd_cli_failf (_("Unknown command “%s”: see “%s --help”"),
                           name, SD_CLI_PROGRAM);
    }
  return run_command (command, argc - 1, argv + 1);
}
