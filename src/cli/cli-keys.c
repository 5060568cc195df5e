/* cli-keys.c: sealdesk-cli keys list|import|remove
 *
 *   keys list [--json]                  keys of every backend with their IDs
 *   keys import FILE.p12 --pin-env VAR  store a key in the system keyring
 *   keys remove ID                      take a keyring key out again
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-key-pkcs11.h"
#include "sd-key-store.h"
#include "sd-secret.h"

static char *
format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static const char *
key_type_name (SdKeyType type)
{
  switch (type)
    {
    case SD_KEY_TYPE_RSA:
      return "RSA";
    case SD_KEY_TYPE_EC:
      return "EC";
    case SD_KEY_TYPE_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Everything "keys list" says about one key. */
typedef struct
{
  char    *subject;
  char    *issuer;
  char    *serial;
  char    *not_before;
  char    *not_after;
  gboolean can_sign;
  char    *reason; /* why it cannot sign, or NULL */
} KeyFacts;

static void
key_facts_init (KeyFacts *facts, SdKey *key)
{
  X509              *cert = sd_key_get_certificate (key);
  g_autoptr (GError) error = NULL;

  facts->subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  facts->issuer = sd_x509_name_to_string (X509_get_issuer_name (cert));
  facts->serial = sd_x509_serial_to_string (cert);
  facts->not_before = format_time (sd_x509_not_before (cert));
  facts->not_after = format_time (sd_x509_not_after (cert));
  facts->can_sign = sd_key_check_certificate (key, 0, &error);
  facts->reason = error != NULL ? g_strdup (error->message) : NULL;
}

static void
key_facts_clear (KeyFacts *facts)
{
  g_free (facts->subject);
  g_free (facts->issuer);
  g_free (facts->serial);
  g_free (facts->not_before);
  g_free (facts->not_after);
  g_free (facts->reason);
}

static void
add_string_member (JsonBuilder *json, const char *name, const char *value)
{
  json_builder_set_member_name (json, name);
  if (value != NULL)
    json_builder_add_string_value (json, value);
  else
    json_builder_add_null_value (json);
}

static void
add_key_json (JsonBuilder *json, SdKey *key)
{
  KeyFacts facts = { 0 };

  key_facts_init (&facts, key);
  json_builder_begin_object (json);
  add_string_member (json, "id", sd_key_get_id (key));
  add_string_member (json, "label", sd_key_get_label (key));
  add_string_member (json, "backend", sd_key_get_backend (key));
  add_string_member (json, "subject", facts.subject);
  add_string_member (json, "issuer", facts.issuer);
  add_string_member (json, "serial", facts.serial);
  add_string_member (json, "not_before", facts.not_before);
  add_string_member (json, "not_after", facts.not_after);
  add_string_member (json, "key_type", key_type_name (sd_key_get_key_type (key)));
  json_builder_set_member_name (json, "bits");
  json_builder_add_int_value (json, sd_key_get_bits (key));
  if (SD_IS_KEY_PKCS11 (key))
    {
      add_string_member (json, "token", sd_key_pkcs11_get_token_label (SD_KEY_PKCS11 (key)));
      add_string_member (json, "module", sd_key_pkcs11_get_module_name (SD_KEY_PKCS11 (key)));
    }
  json_builder_set_member_name (json, "can_sign");
  json_builder_add_boolean_value (json, facts.can_sign);
  add_string_member (json, "reason", facts.reason);
  json_builder_end_object (json);
  key_facts_clear (&facts);
}

static void
print_key_text (SdKey *key)
{
  KeyFacts         facts = { 0 };
  g_autofree char *label = sd_cli_one_line (sd_key_get_label (key));
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;

  key_facts_init (&facts, key);
  subject = sd_cli_one_line (facts.subject);
  issuer = sd_cli_one_line (facts.issuer);
  g_print ("%s\n", sd_key_get_id (key));
  g_print ("  %-10s %s\n", _ ("Label:"), label);
  g_print ("  %-10s %s\n", _ ("Subject:"), subject);
  g_print ("  %-10s %s\n", _ ("Issuer:"), issuer);
  g_print ("  %-10s %s\n", _ ("Serial:"), facts.serial);
  g_print ("  %-10s %s – %s\n", _ ("Valid:"), facts.not_before, facts.not_after);
  if (SD_IS_KEY_PKCS11 (key))
    g_print ("  %-10s %s\n", _ ("Token:"), sd_key_pkcs11_get_token_label (SD_KEY_PKCS11 (key)));
  g_print ("  %-10s ", _ ("Key:"));
  /* TRANSLATORS: key type, size and where it is kept: "RSA, 2048 bits (keyring)" */
  g_print (_ ("%s, %d bits (%s)"), key_type_name (sd_key_get_key_type (key)), sd_key_get_bits (key),
           sd_key_get_backend (key));
  g_print ("\n");
  if (facts.can_sign)
    g_print ("  %-10s %s\n", _ ("Can sign:"), _ ("yes"));
  else
    g_print ("  %-10s %s: %s\n", _ ("Can sign:"), _ ("no"), facts.reason);
  key_facts_clear (&facts);
}

static int
keys_list (int argc, char **argv)
{
  gboolean     json_output = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, N_("Print the keys as JSON"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GPtrArray)      keys = NULL;
  g_autoptr (GPtrArray)      warnings = NULL;
  g_autoptr (GError)         error = NULL;
  g_autoptr (SdWorkspace)    workspace = NULL;

  context = sd_cli_option_context_new (
    NULL, N_("List the signing keys in the system keyring and on tokens."), entries);
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc > 1)
    return sd_cli_failf (_ ("“keys list” takes no argument, not “%s”"), argv[1]);

  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  keys = sd_workspace_list_keys (workspace, &warnings, NULL, &error);
  if (keys == NULL)
    return sd_cli_fail (error);

  /* Problems of one backend: said, but the other keys are listed. */
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line =
        sd_cli_one_line (((GError *) g_ptr_array_index (warnings, i))->message);

      g_printerr ("%s: %s %s\n", SD_CLI_PROGRAM, _ ("warning:"), line);
    }

  if (json_output)
    {
      g_autoptr (JsonBuilder) json = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "keys");
      json_builder_begin_array (json);
      for (guint i = 0; i < keys->len; i++)
        add_key_json (json, g_ptr_array_index (keys, i));
      json_builder_end_array (json);
      json_builder_set_member_name (json, "warnings");
      json_builder_begin_array (json);
      for (guint i = 0; i < warnings->len; i++)
        json_builder_add_string_value (json, ((GError *) g_ptr_array_index (warnings, i))->message);
      json_builder_end_array (json);
      json_builder_end_object (json);
      root = json_builder_get_root (json);
      if (!sd_cli_print_json (root))
        return sd_cli_failf (_ ("Cannot write to the standard output"));
      return SD_CLI_EXIT_OK;
    }

  if (keys->len == 0)
    g_print (
      "%s\n",
      _ (
        "No signing keys found. Import a PKCS#12 file with “sealdesk-cli keys import FILE.p12 --pin-env VAR”, or insert a token."));
  for (guint i = 0; i < keys->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_key_text (g_ptr_array_index (keys, i));
    }
  return SD_CLI_EXIT_OK;
}

static int
keys_import (int argc, char **argv)
{
  g_autofree char *pin_env = NULL;
  gboolean         json_output = FALSE;
  GOptionEntry     entries[] = {
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &pin_env,
      N_("Read the file’s passphrase from environment variable VAR"), "VAR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, N_("Print the new key as JSON"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError)         error = NULL;
  g_autoptr (SdSecret)       passphrase = NULL;
  g_autoptr (SdWorkspace)    workspace = NULL;
  g_autoptr (SdKey)          key = NULL;

  context = sd_cli_option_context_new (
    N_("FILE.p12"), N_("Store the key of a PKCS#12 file in the system keyring and print its ID."),
                         entries);
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf (_ ("Name one PKCS#12 file to import (see “%s --help”)"), g_get_prgname ());
  if (pin_env != NULL && (passphrase = sd_secret_from_env (pin_env, &error)) == NULL)
    return sd_cli_fail (error);

  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  key = sd_workspace_import_key (workspace, argv[1], passphrase, NULL, &error);
  if (key == NULL)
    return sd_cli_fail (error);

  if (json_output)
    {
      g_autoptr (JsonBuilder) json = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;

      add_key_json (json, key);
      root = json_builder_get_root (json);
      if (!sd_cli_print_json (root))
        return sd_cli_failf (_ ("Cannot write to the standard output"));
    }
  else
    g_print ("%s\n", sd_key_get_id (key));
  return SD_CLI_EXIT_OK;
}

static int
keys_remove (int argc, char **argv)
{
  g_autoptr (SdWorkspace)    workspace = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError)         error = NULL;

  context = sd_cli_option_context_new (
    N_("ID"), N_("Remove a key from the system keyring (IDs as printed by “keys list”)."), NULL);
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf (_ ("Name one key ID to remove (see “%s --help”)"), g_get_prgname ());

  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_workspace_remove_key (workspace, argv[1], NULL, &error))
    return sd_cli_fail (error);
  /* TRANSLATORS: "Removed keyring:0123…" */
  g_print (_ ("Removed %s\n"), argv[1]);
  return SD_CLI_EXIT_OK;
}

static void
print_keys_help (void)
{
  g_print (
    "%s\n  %s keys list [--json]\n  %s keys import FILE.p12 --pin-env VAR\n  %s keys remove ID\n\n%s\n",
    _ ("Usage:"), SD_CLI_PROGRAM, SD_CLI_PROGRAM, SD_CLI_PROGRAM,
    _ ("List, import and remove signing keys: keys in the system keyring and on PKCS#11 tokens."));
}

int
sd_cli_keys (int argc, char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int argc, char **argv);
  } subcommands[] = {
    { "list", keys_list },
    { "import", keys_import },
    { "remove", keys_remove },
  };

  if (argc < 2)
    return sd_cli_failf (
      _ ("“keys” needs a command: list, import or remove (see “%s keys --help”)"), SD_CLI_PROGRAM);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_keys_help ();
      return SD_CLI_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("%s keys %s", SD_CLI_PROGRAM, argv[1]);

          g_set_prgname (prgname);
          return subcommands[i].run (argc - 1, argv + 1);
        }
    }
  return sd_cli_failf (_ ("Unknown keys command “%s”: use list, import or remove"), argv[1]);
}
