/* cli-verify.c: `sealdesk-cli verify FILE.pdf [--trust CA.pem]... [--json]
 *                [--report OUT.pdf] [--password-env VAR] [--system-trust]`
 *
 * Trust anchors: the workspace's trust list (`sealdesk-cli trust`), the
 * --trust files, and the system store only with --system-trust (it holds
 * TLS authorities). --no-system-trust is accepted and does nothing: it was
 * the way to turn the system store off when that was the default.
 *
 * Exit 0: every signature valid, trusted, and nothing after it but allowed
 * changes. Exit 1: a signature is invalid or untrusted, the document was
 * changed in a way that is not allowed, or it has no signature at all.
 * Exit 2: not a PDF, unreadable, bad usage (one line on stderr).
 * The JSON form is the contract of DESIGN.md ("verify --json").
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "sd-marks-qr.h"
#include "sd-paths.h"
#include "sd-pdf-document.h"
#include "sd-secret.h"
#include "sd-verify.h"
#include "sd-workspace.h"

/* The trust list of the workspace, when there is one: verifying never
 * creates a workspace. */
static GPtrArray *
workspace_trust_list (GError **error)
{
  g_autofree char *dir = sd_data_dir ();
  g_autofree char *db = g_build_filename (dir, "sealdesk.db", NULL);
  g_autoptr (SdWorkspace) workspace = NULL;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  workspace = sd_workspace_open (dir, error);
  if (workspace == NULL)
    return NULL;
  return sd_workspace_get_trust_anchors (workspace, error);
}

/* verify --qr-image: does the printout belong to this signed file? */
static int
check_printout (const char     *file,
                SdVerifyReport *report,
                const char     *image,
                gboolean        json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = sd_qr_decode_image (image, &error);
  g_autofree char *why = NULL;
  gboolean matches;

  if (payload == NULL)
    return sd_cli_fail (error);
  matches = sd_qr_check (file, report, payload, &why, &error);
  if (!matches && why == NULL)
    return sd_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, report->file);
      json_builder_set_member_name (b, "qr_payload");
      json_builder_add_string_value (b, payload);
      json_builder_set_member_name (b, "printout");
      json_builder_add_string_value (b, matches ? "matches" : "does-not-match");
      json_builder_set_member_name (b, "detail");
      if (why != NULL)
        json_builder_add_string_value (b, why);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      if (!sd_cli_print_json (root))
        return sd_cli_failf (_("Cannot write to the standard output"));
    }
  else if (matches)
    /* TRANSLATORS: "The printout matches award-signed.pdf" */
    g_print (_("The printout matches %s\n"), report->file);
  else
    /* TRANSLATORS: "The printout does not match award.pdf: <why>" */
    g_print (_("The printout does not match %s: %s\n"), report->file, why);
  return matches ? SD_CLI_EXIT_OK : SD_CLI_EXIT_FAILURE;
}

int
sd_cli_verify (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdSecret) password = NULL;
  g_autoptr (SdVerifyReport) report = NULL;
  g_autofree char *password_env = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *qr_image = NULL;
  g_auto (GStrv) trust = NULL;
  g_autoptr (GPtrArray) trust_list = NULL;
  gboolean json = FALSE;
  gboolean no_system_trust = FALSE;
  gboolean system_trust = FALSE;
  SdVerifyOptions opts = { 0 };
  const GOptionEntry entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust,
      N_("Also trust the certificate authorities in this PEM file (may be repeated)"),
      N_("CA.pem") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as JSON"), NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Also write a one-page PDF verification report to FILE"), N_("FILE") },
    { "password-env", 0, 0, G_OPTION_ARG_STRING, &password_env,
      N_("Read the document’s password from the environment variable VAR"),
      N_("VAR") },
    { "qr-image", 0, 0, G_OPTION_ARG_FILENAME, &qr_image,
      N_("Check whether the QR code in this photo or scan of a printout belongs to the signed file"),
      N_("SCAN.png") },
    { "system-trust", 0, 0, G_OPTION_ARG_NONE, &system_trust,
      N_("Also trust the certificate authorities of the system (made for web servers; off by default)"), NULL },
    { "no-system-trust", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &no_system_trust,
      N_("Do not trust the certificate authorities of the system (the default)"), NULL },
    { NULL }
  };

  context = sd_cli_option_context_new (
      N_("FILE.pdf"),
      N_("Check every signature and document timestamp of a PDF: integrity, "
         "signer and trust, what changed after signing, and known attacks. "
         "Exit status 0 means every signature is valid and trusted."),
      entries);
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf (_("Give one PDF file: %s FILE.pdf"), g_get_prgname ());

  if (password_env != NULL)
    {
      password = sd_secret_from_env (password_env, &error);
      if (password == NULL)
        return sd_cli_fail (error);
    }

  trust_list = workspace_trust_list (&error);
  if (trust_list == NULL)
    return sd_cli_fail (error);
  opts.trust_files = (const char * const *) trust;
  opts.trust_list = trust_list;
  opts.system_trust = system_trust && !no_system_trust;
  report = sd_verify_document (argv[1], password, &opts, NULL, NULL, NULL, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD))
        /* Translators: an error message, then how to give a password */
        return sd_cli_failf (_("%s (with --password-env VAR)"), error->message);
      return sd_cli_fail (error);
    }
  g_free (report->file);
  report->file = sd_cli_display_path (argv[1]);

  if (report_path != NULL && !sd_verify_report_write_pdf (report, report_path, &error))
    return sd_cli_fail (error);

  if (qr_image != NULL)
    return check_printout (argv[1], report, qr_image, json);

  if (json)
    {
      g_autoptr (JsonNode) root = sd_verify_report_to_json_node (report);

      if (!sd_cli_print_json (root))
        return sd_cli_failf (_("Cannot write to the standard output"));
    }
  else
    {
      g_autofree char *text = sd_verify_report_to_text (report);

      g_print ("%s", text);
    }

  return report->verdict == SD_VERIFY_VERDICT_VALID ? SD_CLI_EXIT_OK : SD_CLI_EXIT_FAILURE;
}
