/* cli-common.h: what every sealdesk-cli command shares
 *
 * Exit codes, the one-line error report, option parsing with translated
 * help, JSON output, streamed file hashing. Commands print data on stdout
 * (text, or JSON with --json) and errors as ONE line on stderr:
 *   sealdesk-cli: <message>
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SD_CLI_PROGRAM "sealdesk-cli"

typedef enum {
  SD_CLI_EXIT_OK = 0,       /* done; for verify: every signature valid */
  SD_CLI_EXIT_FAILURE = 1,  /* the command ran but the answer is "no" */
  SD_CLI_EXIT_USAGE = 2,    /* bad usage, unreadable or invalid input */
} SdCliExit;

/* Prints "sealdesk-cli: MESSAGE" on one line to stderr (line breaks in the
 * message become spaces) and returns SD_CLI_EXIT_USAGE. Does not free
 * @error: use it with g_autoptr (GError). */
int             sd_cli_fail                (const GError       *error);
/* The same for a message of our own (already translated). */
int             sd_cli_failf               (const char         *format,
                                            ...) G_GNUC_PRINTF (1, 2);

/* A GOptionContext for one command, with translated help:
 * @parameter_string ("FILE.pdf") and @summary are given untranslated (only
 * marked for translation) and translated when --help prints them; so are
 * @entries' descriptions.
 * "Usage:" shows the program name set by main(): "sealdesk-cli COMMAND". */
GOptionContext *sd_cli_option_context_new  (const char         *parameter_string,
                                            const char         *summary,
                                            const GOptionEntry *entries);
/* Parses; --help prints the help and exits 0. On a usage error prints one
 * line and returns FALSE: the caller returns SD_CLI_EXIT_USAGE. */
gboolean        sd_cli_parse_options       (GOptionContext     *context,
                                            int                *argc,
                                            char             ***argv);

/* Prints @root as pretty JSON (UTF-8, two-space indent) and a newline on
 * stdout. Returns FALSE if stdout could not be written. */
gboolean        sd_cli_print_json          (JsonNode           *root);

/* Does the value of --seal or --cross-page name a seal of the library (by
 * its ID) rather than a picture (an existing file, a path, *.png)? */
gboolean        sd_cli_is_seal_id          (const char         *value);

/* @path as UTF-8 for display and JSON. */
char           *sd_cli_display_path        (const char         *path);

/* Text from a document (title, field name…) made safe for one line of
 * terminal output: control characters become spaces. */
char           *sd_cli_one_line            (const char         *text);

/* A command with subcommands ("seal list", "seal import"…). */
typedef struct {
  const char *name;
  const char *summary;   /* N_(): translated when shown */
  int       (*run) (int argc, char **argv);
} SdCliSubcommand;

/* Runs the subcommand named by argv[1] (argv[0] is @group); --help lists
 * them. */
int             sd_cli_dispatch            (const char            *group,
                                            const SdCliSubcommand *subcommands,
                                            guint                  n_subcommands,
                                            int                    argc,
                                            char                 **argv);

/* A PIN or passphrase from the environment variable named by --pin-env,
 * handed to a key backend at most once (a wrong PIN is never retried). */
typedef struct {
  char     *pin;
  gboolean  given;
} SdCliPin;

/* Reads @var (NULL: no PIN) into @pin and removes it from the
 * environment. */
gboolean        sd_cli_pin_from_env        (SdCliPin           *pin,
                                            const char         *var,
                                            GError            **error);
/* SdPinCallback over an SdCliPin. */
char           *sd_cli_pin_cb              (const char         *prompt,
                                            int                 tries_left,
                                            gpointer            user_data);
void            sd_cli_pin_clear           (SdCliPin           *pin);

G_END_DECLS
