/* cli-commands.h: the sealdesk-cli commands
 *
 * Each command is a function taking the arguments after the program name
 * (argv[0] is the command's name) and returning an exit code from
 * cli-common.h. sealdesk-cli.c lists them; a command whose file is not in
 * the build yet is left out (HAVE_CLI_SIGN, HAVE_CLI_VERIFY, HAVE_CLI_KEYS,
 * set by src/cli/meson.build).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int sd_cli_info   (int    argc,
                   char **argv);
int sd_cli_sign   (int    argc,
                   char **argv);
int sd_cli_extend (int    argc,
                   char **argv);
int sd_cli_verify (int    argc,
                   char **argv);
int sd_cli_keys   (int    argc,
                   char **argv);

int sd_cli_profile (int    argc,
                    char **argv);
int sd_cli_seal    (int    argc,
                    char **argv);
int sd_cli_request (int    argc,
                    char **argv);
int sd_cli_ledger  (int    argc,
                    char **argv);
int sd_cli_trust   (int    argc,
                    char **argv);
int sd_cli_sync    (int    argc,
                    char **argv);

G_END_DECLS
