/* cli-trust.c: sealdesk-cli trust add CA.pem | list [--json] | remove SHA256
 *
 * Sealdesk's own trust list: the certificate authorities this workspace
 * trusts to vouch for signed documents. `verify` uses it without being
 * asked; the system store is only used with `verify --system-trust`.
 * An entry is named by the SHA-256 of its certificate (DER), as `list`
 * prints it.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-key.h"
#include "sd-workspace.h"

/* Every certificate of a PEM file (or one DER certificate). */
static GPtrArray *
read_certificates (const char  *path,
                   GError     **error)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;
  BIO *bio;
  X509 *cert;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  bio = BIO_new_mem_buf (data, (int) len);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    g_ptr_array_add (certs, cert);
  BIO_free (bio);
  if (certs->len == 0)
    {
      const unsigned char *p = (const unsigned char *) data;

      cert = d2i_X509 (NULL, &p, (long) len);
      if (cert != NULL)
        g_ptr_array_add (certs, cert);
    }
  ERR_clear_error ();
  if (certs->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” contains no certificate (PEM or DER)"), display);
      return NULL;
    }
  return g_steal_pointer (&certs);
}

static char *
sha256_of (X509 *cert)
{
  unsigned char *der = NULL;
  int len = i2d_X509 (cert, &der);
  guint8 md[32];
  GString *hex = g_string_new (NULL);

  if (len > 0)
    EVP_Digest (der, len, md, NULL, EVP_sha256 (), NULL);
  for (guint i = 0; len > 0 && i < sizeof md; i++)
    g_string_append_printf (hex, "%02x", md[i]);
  OPENSSL_free (der);
  return g_string_free (hex, FALSE);
}

static JsonNode *
anchor_to_json (const char *sha256,
                const char *added,
                X509       *cert)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (cert));
  g_autofree char *issuer = sd_x509_name_to_string (X509_get_issuer_name (cert));
  g_autoptr(GDateTime) not_after = g_date_time_new_from_unix_utc (sd_x509_not_after (cert));
  g_autofree char *expires = g_date_time_format (not_after, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, subject);
  json_builder_set_member_name (b, "issuer");
  json_builder_add_string_value (b, issuer);
  json_builder_set_member_name (b, "not_after");
  json_builder_add_string_value (b, expires);
  json_builder_set_member_name (b, "added");
  if (added != NULL)
    json_builder_add_string_value (b, added);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
trust_add (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    sd_cli_option_context_new (N_("CA.pem"),
                               N_("Trust the certificate authorities of a PEM (or DER) file to vouch for signed documents"),
                               entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf (_("Give one certificate file: %s CA.pem"), g_get_prgname ());
  if ((certs = read_certificates (argv[1], &error)) == NULL)
    return sd_cli_fail (error);
  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    return sd_cli_fail (error);
  array = json_array_new ();
  for (guint i = 0; i < certs->len; i++)
    {
      X509 *cert = g_ptr_array_index (certs, i);
      g_autofree char *sha = sha256_of (cert);

      if (!sd_workspace_add_trust_anchor (workspace, cert, &error))
        {
          json_array_unref (array);
          return sd_cli_fail (error);
        }
      if (json)
        json_array_add_element (array, anchor_to_json (sha, NULL, cert));
      else
        {
          g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (cert));

          g_print (_("Trusted %s (SHA-256 %s)\n"), subject, sha);
        }
    }
  if (json)
    sd_cli_print_list ("added", array);
  else
    json_array_unref (array);
  return SD_CLI_EXIT_OK;
}

static int
trust_list (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    sd_cli_option_context_new (NULL, N_("List the certificate authorities of Sealdesk's trust list"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc > 1)
    return sd_cli_failf (_("“trust list” takes no arguments"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || (anchors = sd_workspace_list_trust_anchors (workspace, &error)) == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < anchors->len; i++)
        {
          SdTrustAnchor *a = g_ptr_array_index (anchors, i);

          json_array_add_element (array, anchor_to_json (a->sha256, a->added, a->cert));
        }
      sd_cli_print_list ("anchors", array);
      return SD_CLI_EXIT_OK;
    }
  if (anchors->len == 0)
    /* TRANSLATORS: "trust list" of a new workspace */
    g_print ("%s\n", _("The trust list is empty. Add a certificate authority with “sealdesk-cli trust add CA.pem”."));
  for (guint i = 0; i < anchors->len; i++)
    {
      SdTrustAnchor *a = g_ptr_array_index (anchors, i);
      g_autofree char *subject = sd_x509_name_to_string (X509_get_subject_name (a->cert));
      g_autofree char *line = sd_cli_one_line (subject);

      g_print ("%s\t%s\t%s\n", a->sha256, a->added, line);
    }
  return SD_CLI_EXIT_OK;
}

static gboolean
is_sha256_hex (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static int
trust_remove (int    argc,
              char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    sd_cli_option_context_new (N_("SHA256"), N_("Remove a certificate authority from Sealdesk's trust list"), entries);
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2 || !is_sha256_hex (argv[1]))
    return sd_cli_failf (_("Give the SHA-256 of the certificate to remove (64 hexadecimal digits, as “trust list” prints it)"));
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !sd_workspace_remove_trust_anchor (workspace, argv[1], &error))
    return sd_cli_fail (error);
  g_print (_("Removed %s from the trust list\n"), argv[1]);
  return SD_CLI_EXIT_OK;
}

int
sd_cli_trust (int    argc,
              char **argv)
{
  static const SdCliSubcommand subcommands[] = {
    { "add", N_("Trust the certificate authorities of a file"), trust_add },
    { "list", N_("List the trusted certificate authorities"), trust_list },
    { "remove", N_("Remove a certificate authority from the trust list"), trust_remove },
  };

  return sd_cli_dispatch ("trust", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
