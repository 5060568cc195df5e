/* cli-extend.c: sealdesk-cli extend (PAdES B-LT and B-LTA after signing) */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-store.h"
#include "sd-private-temp.h"
#include "sd-ltv.h"
#include "sd-pdf-document.h"
#include "sd-pending.h"
#include "sd-secret.h"

typedef struct
{
  char    *output;
  char    *level;
  char   **tsa_urls;
  char   **tsa_trust;
  int      tsa_timeout;
  gboolean pending;
  gboolean allow_revoked;
  gboolean offline;
  gboolean json;
  char    *password_env;
  char   **inputs;
} ExtendArgs;

static void
extend_args_clear (ExtendArgs *args)
{
  g_free (args->output);
  g_free (args->level);
  g_strfreev (args->tsa_urls);
  g_strfreev (args->tsa_trust);
  g_free (args->password_env);
  g_strfreev (args->inputs);
}

/* The timestamp authorities (maybe none) and the anchors that vouch for
 * them and for the signers' revocation data. */
static SdTsaClient *
make_tsa (SdWorkspace  *workspace,
          ExtendArgs   *args,
          GError      **error)
{
  static const char *const none[] = { NULL };
  g_autoptr(SdTsaClient) tsa = NULL;
  g_autoptr(GPtrArray) anchors = NULL;

  tsa = sd_tsa_client_new (args->tsa_urls != NULL ? (const char * const *) args->tsa_urls : none);
  if (args->tsa_timeout > 0)
    sd_tsa_client_set_timeout (tsa, args->tsa_timeout);
  for (guint i = 0; args->tsa_trust != NULL && args->tsa_trust[i] != NULL; i++)
    if (!sd_tsa_client_add_anchor_file (tsa, args->tsa_trust[i], error))
      return NULL;
  anchors = sd_workspace_get_trust_anchors (workspace, error);
  if (anchors == NULL)
    return NULL;
  for (guint i = 0; i < anchors->len; i++)
    sd_tsa_client_add_anchor (tsa, g_ptr_array_index (anchors, i));
  return g_steal_pointer (&tsa);
}

static void
print_result (JsonBuilder       *json,
              const char        *input,
              const char        *output,
              const SdLtvResult *result)
{
  if (json != NULL)
    {
      g_autofree char *when = result->doc_timestamp_time
                              ? g_date_time_format_iso8601 (result->doc_timestamp_time) : NULL;

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "input");
      json_builder_add_string_value (json, input);
      json_builder_set_member_name (json, "output");
      json_builder_add_string_value (json, output);
      json_builder_set_member_name (json, "level");
      json_builder_add_string_value (json, sd_sign_level_to_string (result->level));
      json_builder_set_member_name (json, "certs");
      json_builder_add_int_value (json, result->n_certs);
      json_builder_set_member_name (json, "ocsps");
      json_builder_add_int_value (json, result->n_ocsps);
      json_builder_set_member_name (json, "crls");
      json_builder_add_int_value (json, result->n_crls);
      json_builder_set_member_name (json, "from_cache");
      json_builder_add_int_value (json, result->n_from_cache);
      json_builder_set_member_name (json, "doc_timestamp_time");
      if (when != NULL)
        json_builder_add_string_value (json, when);
      else
        json_builder_add_null_value (json);
      json_builder_end_object (json);
      return;
    }
  /* TRANSLATORS: "Extended award.pdf → award-lta.pdf (PAdES B-LTA)" */
  g_print (_("Extended %s → %s (PAdES %s)\n"), input, output,
           sd_sign_level_to_string (result->level));
  /* TRANSLATORS: validation data added to the document */
  g_print (_("Validation data: %u certificates, %u OCSP responses, %u CRLs (%u from the cache)\n"),
           result->n_certs, result->n_ocsps, result->n_crls, result->n_from_cache);
  if (result->doc_timestamp_added)
    /* TRANSLATORS: "Document timestamp by http://tsa.example/" */
    g_print (_("Document timestamp by %s\n"), result->tsa_url);
}

/* A certification with no changes allowed (or a lock) does not forbid
 * validation data and document timestamps: ISO 32000-2 (12.8.5.3) says
 * that they are ignored when DocMDP restrictions are evaluated, and its
 * errata say the same of the /P of a lock; Sealdesk's verifier agrees.
 * Validators that read ISO 32000-1 literally (Adobe Acrobat among them)
 * call the certification broken afterwards: the person is told. */
static void
note_no_changes (const char *input,
                 const char *password)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (input, password, NULL);

  if (doc != NULL && sd_pdf_document_get_mdp_permission (doc, NULL) == 1)
    fprintf (stderr, _("sealdesk-cli: %s is certified or locked with no changes allowed: PDF 2.0 (ISO 32000-2) allows the validation data and document timestamps added now, but validators that follow only PDF 1.7 (such as Adobe Acrobat) may report its certification as broken\n"),
             input);
}

/* Extends @input into @output, or in place when @output is NULL (the
 * document only grows: its earlier bytes stay). */
static gboolean
extend_one (const char          *input,
            const char          *output,
            const SdLtvOptions  *opts,
            SdLtvResult         *result,
            GError             **error)
{
  g_autofree char *tmp = NULL;
  gboolean ok;

  if (output != NULL)
    {
      ok = sd_ltv_extend (input, output, opts, result, NULL, error);
      if (ok)
        note_no_changes (output, opts->password);
      return ok;
    }
  {
    int fd = sd_private_temp_open ("extend", &tmp, error);

    if (fd < 0)
      return FALSE;
    close (fd);
  }
  ok = sd_ltv_extend (input, tmp, opts, result, NULL, error)
       && sd_ltv_copy_file (tmp, input, error);
  g_unlink (tmp);
  if (ok)
    note_no_changes (input, opts->password);
  return ok;
}

int
sd_cli_extend (int    argc,
               char **argv)
{
  ExtendArgs args = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output, N_("Write the extended document to OUT (default: extend FILE itself, keeping its bytes)"), "OUT.pdf" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &args.level, N_("B-LT (validation data) or B-LTA (and a document timestamp; the default with --tsa)"), "LEVEL" },
    { "tsa", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.tsa_urls, N_("RFC 3161 timestamp authority; may be repeated: the next is tried when one fails"), "URL" },
    { "tsa-trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.tsa_trust, N_("Also trust this CA (PEM) for timestamp authorities and revocation data; may be repeated"), "CA.pem" },
    { "tsa-timeout", 0, 0, G_OPTION_ARG_INT, &args.tsa_timeout, N_("Seconds to wait for each server (default 20)"), "SECONDS" },
    { "pending", 0, 0, G_OPTION_ARG_NONE, &args.pending, N_("Extend the documents signed while no timestamp authority could be reached"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &args.offline, N_("Take OCSP responses and CRLs from the workspace's cache only, without asking the network"), NULL },
    { "allow-revoked", 0, 0, G_OPTION_ARG_NONE, &args.allow_revoked, N_("Add the validation data even when it says that a certificate is revoked"), NULL },
    { "password-env", 0, 0, G_OPTION_ARG_STRING, &args.password_env, N_("Read the document’s password (user or owner) from the environment variable VAR; with --pending, for the encrypted documents of the queue"), "VAR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.inputs, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdTsaClient) tsa = NULL;
  g_autoptr(JsonBuilder) json = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(SdSecret) password = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  SdLtvOptions opts = { 0 };
  int status = SD_CLI_EXIT_OK;

  context = sd_cli_option_context_new (N_("FILE.pdf"), N_("Add long-term validation data and document timestamps to signed documents"), entries);
  g_option_context_set_description (context,
    _("Examples:\n"
      "  sealdesk-cli extend award.pdf -o award-lt.pdf --level B-LT\n"
      "  sealdesk-cli extend award-lt.pdf -o award-lta.pdf --level B-LTA --tsa http://tsa.example/\n"
      "  sealdesk-cli extend --pending --tsa http://tsa.example/"));
  if (!sd_cli_parse_options (context, &argc, &argv))
    {
      extend_args_clear (&args);
      return SD_CLI_EXIT_USAGE;
    }

  opts.level = args.tsa_urls != NULL || args.pending ? SD_SIGN_LEVEL_B_LTA : SD_SIGN_LEVEL_B_LT;
  if (args.level != NULL
      && (!sd_sign_level_from_string (args.level, &opts.level) || opts.level < SD_SIGN_LEVEL_B_LT))
    {
      status = sd_cli_failf (_("--level takes B-LT or B-LTA, not “%s”"), args.level);
      goto out;
    }
  if (args.pending ? args.inputs != NULL || args.output != NULL
                   : args.inputs == NULL || g_strv_length (args.inputs) != 1)
    {
      status = sd_cli_failf ("%s", args.pending ? _("--pending extends the queued documents: name no file")
                                                : _("Name one signed PDF document to extend"));
      goto out;
    }

  /* The documents' password: from the environment only, never argv, and
   * never kept in the queue of pending documents. */
  if (args.password_env != NULL
      && (password = sd_secret_from_env (args.password_env, &error)) == NULL)
    goto out;
  opts.password = password;

  if ((workspace = sd_cli_open_workspace (&error)) == NULL)
    goto out;
  if (args.pending && (pending = sd_pending_list (workspace, &error)) == NULL)
    goto out;
  if (pending != NULL && pending->len == 0)
    {
      /* Nothing to extend: no timestamp authority is needed. */
      if (args.json)
        {
          g_autoptr(JsonNode) root = NULL;

          json = json_builder_new ();
          json_builder_begin_object (json);
          json_builder_set_member_name (json, "extended");
          json_builder_begin_array (json);
          json_builder_end_array (json);
          json_builder_end_object (json);
          root = json_builder_get_root (json);
          sd_cli_print_json (root);
        }
      else
        g_print (_("No document is waiting for a timestamp\n"));
      goto out;
    }
  if (opts.level == SD_SIGN_LEVEL_B_LTA && args.tsa_urls == NULL)
    {
      status = sd_cli_failf (_("The level %s needs a timestamp authority: give one with --tsa URL"),
                             sd_sign_level_to_string (opts.level));
      goto out;
    }
  if ((tsa = make_tsa (workspace, &args, &error)) == NULL)
    goto out;
  cache = g_build_filename (sd_workspace_get_data_dir (workspace), "validation-cache", NULL);
  opts.tsa = tsa;
  opts.store = sd_tsa_client_get_store (tsa);
  opts.cache_dir = cache;
  opts.timeout = args.tsa_timeout;
  opts.allow_revoked = args.allow_revoked;
  opts.offline = args.offline;

  if (args.json)
    {
      json = json_builder_new ();
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "extended");
      json_builder_begin_array (json);
    }

  if (pending != NULL)
    {
      for (guint i = 0; i < pending->len; i++)
        {
          SdPendingDocument *doc = g_ptr_array_index (pending, i);
          g_auto(SdLtvResult) result = { 0 };
          g_autoptr(GError) one = NULL;

          /* The same extension as the application's background one. */
          if (!sd_pending_extend (workspace, doc, &opts, &result, NULL, &one))
            {
              /* It stays queued. */
              if (g_error_matches (one, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD))
                /* TRANSLATORS: "sealdesk-cli: /home/…/award.pdf: award.pdf is encrypted…"; the document stays in the queue */
                fprintf (stderr, _("sealdesk-cli: %s: %s (with --password-env VAR); it stays queued\n"),
                         doc->path, one->message);
              else
                fprintf (stderr, "sealdesk-cli: %s: %s\n", doc->path, one->message);
              status = SD_CLI_EXIT_USAGE;
              continue;
            }
          note_no_changes (doc->path, opts.password);
          print_result (json, doc->path, doc->path, &result);
        }
    }
  else
    {
      g_auto(SdLtvResult) result = { 0 };

      if (!extend_one (args.inputs[0], args.output, &opts, &result, &error))
        goto out;
      print_result (json, args.inputs[0], args.output ? args.output : args.inputs[0], &result);
    }

  if (json != NULL)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (json);
      json_builder_end_object (json);
      root = json_builder_get_root (json);
      sd_cli_print_json (root);
    }

out:
  extend_args_clear (&args);
  if (error != NULL && g_error_matches (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD))
    /* Translators: an error message, then how to give a password */
    return sd_cli_failf (_("%s (with --password-env VAR)"), error->message);
  if (error != NULL)
    return sd_cli_fail (error);
  return status;
}
