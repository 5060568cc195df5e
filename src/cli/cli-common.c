/* cli-common.c: what every sealdesk-cli command shares */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-common.h"
#include "sd-secret.h"


char *
sd_cli_one_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString *line;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  line = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }
  return g_string_free (line, FALSE);
}

static int
print_failure (const char *message)
{
  g_autofree char *line = sd_cli_one_line (message);

  g_printerr ("%s: %s\n", SD_CLI_PROGRAM, g_strstrip (line));
  return SD_CLI_EXIT_USAGE;
}

int
sd_cli_fail (const GError *error)
{
  g_return_val_if_fail (error != NULL, SD_CLI_EXIT_USAGE);
  return print_failure (error->message);
}

int
sd_cli_failf (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return print_failure (message);
}

GOptionContext *
sd_cli_option_context_new (const char         *parameter_string,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
sd_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr (GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sd_cli_failf (_("%s (see “%s --help”)"), error->message,
                    g_get_prgname ());
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  /* JSON is UTF-8 whatever the locale: bypass g_print's conversion. */
  if (fwrite (text, 1, length, stdout) != length || fputc ('\n', stdout) == EOF
      || fflush (stdout) != 0)
    return FALSE;
  return TRUE;
}

char *
sd_cli_display_path (const char *path)
{
  return g_filename_display_name (path);
}

int
sd_cli_dispatch (const char            *group,
                 const SdCliSubcommand *subcommands,
                 guint                  n_subcommands,
                 int                    argc,
                 char                 **argv)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_subcommands; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", subcommands[i].name);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      int width = 0;

      for (guint i = 0; i < n_subcommands; i++)
        width = MAX (width, (int) strlen (subcommands[i].name));
      g_print ("%s\n  %s %s %s\n\n%s\n", _("Usage:"), SD_CLI_PROGRAM, group,
               _("COMMAND [OPTION…]"), _("Commands:"));
      for (guint i = 0; i < n_subcommands; i++)
        g_print ("  %-*s  %s\n", width, subcommands[i].name, _(subcommands[i].summary));
      g_print ("\n");
      g_print (_("Run “%s %s COMMAND --help” for the options of a command."), SD_CLI_PROGRAM, group);
      g_print ("\n");
      return SD_CLI_EXIT_OK;
    }
  if (argc < 2)
    return sd_cli_failf (_("“%s” needs a command: %s (see “%s %s --help”)"),
                         group, names->str, SD_CLI_PROGRAM, group);
  for (guint i = 0; i < n_subcommands; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("%s %s %s", SD_CLI_PROGRAM, group, argv[1]);

        g_set_prgname (prgname);
        return subcommands[i].run (argc - 1, argv + 1);
      }
  return sd_cli_failf (_("Unknown %s command “%s”: use %s"), group, argv[1], names->str);
}

gboolean
sd_cli_pin_from_env (SdCliPin    *pin,
                     const char  *var,
                     GError     **error)
{
  pin->given = FALSE;
  if (var == NULL)
    return TRUE;
  pin->pin = sd_secret_from_env (var, error);
  return pin->pin != NULL;
}

char *
sd_cli_pin_cb (const char *prompt,
               int         tries_left,
               gpointer    user_data)
{
  SdCliPin *pin = user_data;

  if (pin->given || pin->pin == NULL)
    return NULL;
  pin->given = TRUE;
  return sd_secret_dup (pin->pin);
}

void
sd_cli_pin_clear (SdCliPin *pin)
{
  g_clear_pointer (&pin->pin, sd_secret_free);
}

gboolean
sd_cli_is_seal_id (const char *value)
{
  return !g_file_test (value, G_FILE_TEST_EXISTS) && strchr (value, G_DIR_SEPARATOR) == NULL &&
         !g_str_has_suffix (value, ".png") && !g_str_has_suffix (value, ".PNG");
}
