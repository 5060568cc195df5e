/* cli-sign.c: sealdesk-cli sign */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-marks.h"
#include "cli-store.h"
#include "sd-key-p12.h"
#include "sd-key-store.h"
#include "sd-sealing.h"
#include "sd-pdf-document.h"
#include "sd-secret.h"
#include "sd-signer.h"

typedef struct
{
  char    *output;
  char    *out_dir;
  char    *p12;
  char    *keyring_id;
  char    *pkcs11_uri;
  char    *pin_env;
  char    *password_env;
  char   **seals;
  char   **pages;
  char   **rects;
  char    *reason;
  char    *location;
  char    *name;
  char    *contact;
  char    *field;
  char    *certify;
  char   **tsa_urls;
  char   **tsa_trust;
  char    *level;
  int      tsa_timeout;
  gboolean require_tsa;
  gboolean lock;
  gboolean repair;
  gboolean allow_invalid_certificate;
  gboolean json;
  char   **inputs;
} SignArgs;

static void
sign_args_clear (SignArgs *args)
{
  g_free (args->output);
  g_free (args->out_dir);
  g_free (args->p12);
  g_free (args->keyring_id);
  g_free (args->pkcs11_uri);
  g_free (args->pin_env);
  g_free (args->password_env);
  g_strfreev (args->seals);
  g_strfreev (args->pages);
  g_strfreev (args->rects);
  g_free (args->reason);
  g_free (args->location);
  g_free (args->name);
  g_free (args->contact);
  g_free (args->field);
  g_free (args->certify);
  g_strfreev (args->tsa_urls);
  g_strfreev (args->tsa_trust);
  g_free (args->level);
  g_strfreev (args->inputs);
}

/* The PIN or passphrase, from the environment variable named by --pin-env,
 * handed out once: a wrong PIN is never retried by itself. */
typedef struct
{
  char    *pin;
  gboolean given;
} PinOnce;

static char *
pin_once_cb (const char *prompt,
             int         tries_left,
             gpointer    user_data)
{
  PinOnce *once = user_data;

  if (once->given || once->pin == NULL)
    return NULL;
  once->given = TRUE;
  return sd_secret_dup (once->pin);
}

/* Opens and unlocks the key named by --p12, --keyring or --pkcs11. */
static SdKey *
open_signing_key (SdWorkspace *workspace,
                  SignArgs    *args,
                  PinOnce     *pin,
                  GError     **error)
{
  int chosen = (args->p12 != NULL) + (args->keyring_id != NULL) + (args->pkcs11_uri != NULL);

  if (chosen != 1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Name exactly one key: --p12 FILE, --keyring ID or --pkcs11 URI"));
      return NULL;
    }

  if (args->p12 != NULL)
    return sd_key_p12_open (args->p12, pin->pin, error);

  /* Keyring and token keys come locked: the caller unlocks them once with
   * pin_once_cb, so a wrong PIN is never tried twice. */
  if (args->keyring_id != NULL)
    {
      g_autofree char *id = g_str_has_prefix (args->keyring_id, "keyring:")
        ? g_strdup (args->keyring_id) : g_strconcat ("keyring:", args->keyring_id, NULL);

      return sd_workspace_lookup_key (workspace, id, NULL, error);
    }
  if (g_ascii_strncasecmp (args->pkcs11_uri, "pkcs11:", 7) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pkcs11 takes a PKCS#11 URI starting with “pkcs11:”, not “%s” (see “sealdesk-cli keys list”)"),
                   args->pkcs11_uri);
      return NULL;
    }
  return sd_workspace_lookup_key (workspace, args->pkcs11_uri, NULL, error);
}

static gboolean
parse_certify (const char      *text,
               SdCertifyLevel  *level,
               GError         **error)
{
  static const char *names[] = { "none", "no-changes", "form-fill", "annotate" };

  if (text == NULL)
    {
      *level = SD_CERTIFY_NONE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *level = (SdCertifyLevel) i;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--certify takes none, no-changes, form-fill or annotate, not “%s”"), text);
  return FALSE;
}

/* --level and --tsa: the timestamp authorities, in order of preference,
 * trusted through the workspace's trust list and --tsa-trust files. */
static gboolean
collect_timestamping (SdWorkspace    *workspace,
                      SignArgs       *args,
                      SdSignOptions  *opts,
                      GError        **error)
{
  g_autoptr(GPtrArray) anchors = NULL;

  if (args->level != NULL && !sd_sign_level_from_string (args->level, &opts->level))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--level takes B-B, B-T, B-LT or B-LTA, not “%s”"), args->level);
      return FALSE;
    }
  if (args->tsa_urls == NULL)
    {
      if (opts->level >= SD_SIGN_LEVEL_B_T)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("The level %s needs a timestamp authority: give one with --tsa URL"),
                       sd_sign_level_to_string (opts->level));
          return FALSE;
        }
      return TRUE;
    }
  /* A TSA given without a level asks for a timestamp. */
  if (args->level == NULL)
    opts->level = SD_SIGN_LEVEL_B_T;
  opts->tsa = sd_tsa_client_new ((const char * const *) args->tsa_urls);
  if (args->tsa_timeout > 0)
    sd_tsa_client_set_timeout (opts->tsa, args->tsa_timeout);
  for (guint i = 0; args->tsa_trust != NULL && args->tsa_trust[i] != NULL; i++)
    if (!sd_tsa_client_add_anchor_file (opts->tsa, args->tsa_trust[i], error))
      return FALSE;
  anchors = sd_workspace_get_trust_anchors (workspace, error);
  if (anchors == NULL)
    return FALSE;
  for (guint i = 0; i < anchors->len; i++)
    sd_tsa_client_add_anchor (opts->tsa, g_ptr_array_index (anchors, i));
  return TRUE;
}

/* --seal, --page and --rect may be repeated: the n-th of each make the n-th
 * seal; a single --seal or --page applies to every rectangle. Seals of the
 * library (by ID) go into @uses, pictures (PNG) into @opts. */
static gboolean
collect_seals (SignArgs       *args,
               SdSignOptions  *opts,
               GArray         *uses,
               GError        **error)
{
  guint n_seals = args->seals ? g_strv_length (args->seals) : 0;
  guint n_pages = args->pages ? g_strv_length (args->pages) : 0;
  guint n_rects = args->rects ? g_strv_length (args->rects) : 0;

  if (n_seals == 0)
    {
      if (n_pages > 0 || n_rects > 0)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                               _("--page and --rect place a seal: give the seal image with --seal PNG"));
          return FALSE;
        }
      return TRUE;
    }
  if (n_rects == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say where the seal goes with --rect X,Y,WIDTH,HEIGHT"));
      return FALSE;
    }
  if ((n_seals != 1 && n_seals != n_rects) || (n_pages > 1 && n_pages != n_rects))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give one --rect per seal, and either one --seal and --page for all of them or one per --rect"));
      return FALSE;
    }

  for (guint i = 0; i < n_rects; i++)
    {
      double rect[4];
      int page = 1;
      const char *seal;

      if (!sd_cli_parse_rect (args->rects[i], rect, error)
          || (n_pages > 0 && !sd_cli_parse_page (args->pages[n_pages == 1 ? 0 : i], &page, error)))
        return FALSE;
      seal = args->seals[n_seals == 1 ? 0 : i];
      if (sd_cli_is_seal_id (seal))
        {
          SdSealUse use = { seal, page, rect[0], rect[1], rect[2], rect[3], NULL };

          g_array_append_val (uses, use);
        }
      else
        sd_sign_options_add_seal (opts, page, rect[0], rect[1], rect[2], rect[3], seal);
    }
  if (uses->len > 0 && opts->placements->len > 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give either seals of the library (--seal ID) or pictures (--seal PNG), not both"));
      return FALSE;
    }
  return TRUE;
}

/* Output path for each input. */
static GPtrArray *
output_paths (SignArgs  *args,
              GError   **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_inputs = args->inputs ? g_strv_length (args->inputs) : 0;

  if (n_inputs == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Name the PDF document to sign"));
      return NULL;
    }
  if ((args->output != NULL) == (args->out_dir != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say where the signed document goes: -o OUT.pdf for one document, --out-dir DIR for several"));
      return NULL;
    }
  if (args->output != NULL)
    {
      if (n_inputs > 1)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                               _("Several documents need --out-dir DIR instead of -o"));
          return NULL;
        }
      g_ptr_array_add (outputs, g_strdup (args->output));
      return g_steal_pointer (&outputs);
    }

  if (!g_file_test (args->out_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("The folder %s does not exist"), args->out_dir);
      return NULL;
    }
  for (guint i = 0; i < n_inputs; i++)
    {
      g_autofree char *base = g_path_get_basename (args->inputs[i]);
      char *out = g_build_filename (args->out_dir, base, NULL);

      g_ptr_array_add (outputs, out);
      if (!g_hash_table_add (seen, out))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("Two documents are named %s: they would overwrite each other in %s"),
                       base, args->out_dir);
          return NULL;
        }
    }
  return g_steal_pointer (&outputs);
}

int
sd_cli_sign (int    argc,
             char **argv)
{
  SignArgs args = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output, N_("Write the signed document to OUT"), "OUT.pdf" },
    { "out-dir", 0, 0, G_OPTION_ARG_FILENAME, &args.out_dir, N_("Sign several documents into DIR"), "DIR" },
    { "p12", 0, 0, G_OPTION_ARG_FILENAME, &args.p12, N_("Sign with the key in a PKCS#12 file"), "FILE" },
    { "keyring", 0, 0, G_OPTION_ARG_STRING, &args.keyring_id, N_("Sign with a key in the system keyring"), "ID" },
    { "pkcs11", 0, 0, G_OPTION_ARG_STRING, &args.pkcs11_uri, N_("Sign with a key on a token (PKCS#11 URI)"), "URI" },
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &args.pin_env, N_("Read the PIN or passphrase from environment variable VAR"), "VAR" },
    { "password-env", 0, 0, G_OPTION_ARG_STRING, &args.password_env, N_("Read the document’s password (user or owner) from the environment variable VAR"), "VAR" },
    { "seal", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.seals, N_("Seal to place: a seal of the library (its ID) or a picture (PNG); may be repeated"), "ID|PNG" },
    { "page", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.pages, N_("Page of the seal, from 1; may be repeated"), "N" },
    { "rect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.rects, N_("Where the seal goes, in points from the bottom-left of the page as shown; may be repeated"), "X,Y,W,H" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &args.reason, N_("Reason for signing"), "TEXT" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &args.location, N_("Where the signing takes place"), "TEXT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &args.name, N_("Name of the signer"), "TEXT" },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &args.contact, N_("How to contact the signer"), "TEXT" },
    { "field", 0, 0, G_OPTION_ARG_STRING, &args.field, N_("Name of the new signature field"), "NAME" },
    { "certify", 0, 0, G_OPTION_ARG_STRING, &args.certify, N_("Certify the document: none, no-changes, form-fill or annotate"), "LEVEL" },
    { "repair", 0, 0, G_OPTION_ARG_NONE, &args.repair, N_("Sign a damaged document as a copy rebuilt by qpdf (a new first revision: its bytes differ from the original's); a damaged document that is already signed is still refused"), NULL },
    { "lock", 0, 0, G_OPTION_ARG_NONE, &args.lock, N_("Lock the document with this signature: no change is allowed after it, not even another signature"), NULL },
    { "level", 0, 0, G_OPTION_ARG_STRING, &args.level, N_("PAdES level: B-B (default), B-T (with a signature timestamp), B-LT, B-LTA"), "LEVEL" },
    { "tsa", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.tsa_urls, N_("RFC 3161 timestamp authority; may be repeated: the next is tried when one fails"), "URL" },
    { "tsa-trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.tsa_trust, N_("Also trust this CA (PEM) for the timestamp authority's certificate; may be repeated"), "CA.pem" },
    { "tsa-timeout", 0, 0, G_OPTION_ARG_INT, &args.tsa_timeout, N_("Seconds to wait for each timestamp authority (default 20)"), "SECONDS" },
    { "require-tsa", 0, 0, G_OPTION_ARG_NONE, &args.require_tsa, N_("Fail when no timestamp authority answers, instead of signing at B-B and adding the timestamp later (“extend --pending”)"), NULL },
    { "allow-invalid-certificate", 0, 0, G_OPTION_ARG_NONE, &args.allow_invalid_certificate, N_("Sign even with an expired or unsuitable certificate"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.inputs, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(SdWorkspace) workspace = NULL;
  g_autoptr(SdKey) key = NULL;
  g_autoptr(JsonBuilder) json = NULL;
  g_autoptr(GArray) uses = g_array_new (FALSE, FALSE, sizeof (SdSealUse));
  SdSignOptions opts;
  PinOnce pin = { NULL, FALSE };
  SdCliMarks marks = { 0 };
  int status = SD_CLI_EXIT_OK;

  sd_sign_options_init (&opts);
  context = sd_cli_option_context_new (N_("IN.pdf…"), N_("Sign PDF documents"), entries);
  g_option_context_add_group (context, sd_cli_marks_option_group (&marks));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  sealdesk-cli sign award.pdf -o award-signed.pdf --p12 me.p12 --pin-env PIN \\\n"
      "      --seal seal.png --page 2 --rect 380,80,120,120 --reason \"Award\"\n"
      "  sealdesk-cli sign *.pdf --out-dir signed/ --pkcs11 'pkcs11:…' --pin-env PIN\n"
      "  sealdesk-cli sign award.pdf -o award-signed.pdf --p12 me.p12 --pin-env PIN \\\n"
      "      --level B-T --tsa http://tsa.example/ --tsa http://backup-tsa.example/"));

  if (!sd_cli_parse_options (context, &argc, &argv))
    {
      sd_sign_options_clear (&opts);
      sign_args_clear (&args);
      sd_cli_marks_clear (&marks);
      return SD_CLI_EXIT_USAGE;
    }
  if ((outputs = output_paths (&args, &error)) == NULL
      || !collect_seals (&args, &opts, uses, &error)
      || !parse_certify (args.certify, &opts.certify, &error))
    goto out;
  opts.reason = g_strdup (args.reason);
  opts.location = g_strdup (args.location);
  opts.name = g_strdup (args.name);
  opts.contact = g_strdup (args.contact);
  opts.field_name = g_strdup (args.field);
  opts.allow_invalid_certificate = args.allow_invalid_certificate;
  opts.lock_document = args.lock;
  opts.repair_damaged = args.repair;
  if (args.lock && opts.certify != SD_CERTIFY_NONE)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--lock and --certify both say what may change after this signature: give one of them"));
      goto out;
    }
  opts.defer_timestamp = !args.require_tsa;

  if (args.pin_env != NULL && (pin.pin = sd_secret_from_env (args.pin_env, &error)) == NULL)
    goto out;
  /* The documents' password: from the environment only, never argv. */
  if (args.password_env != NULL
      && (opts.password = sd_secret_from_env (args.password_env, &error)) == NULL)
    goto out;

  /* One unlock for the whole batch. */
  if ((workspace = sd_cli_open_workspace (&error)) == NULL
      || !collect_timestamping (workspace, &args, &opts, &error))
    goto out;
  opts.validation_cache = g_build_filename (sd_workspace_get_data_dir (workspace), "validation-cache", NULL);
  marks.workspace = workspace;
  key = open_signing_key (workspace, &args, &pin, &error);
  if (key == NULL || !sd_key_unlock (key, pin_once_cb, &pin, NULL, &error))
    goto out;
  g_clear_pointer (&pin.pin, sd_secret_free);

  if (args.json)
    {
      json = json_builder_new ();
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "signed");
      json_builder_begin_array (json);
    }

  for (guint i = 0; i < outputs->len; i++)
    {
      g_autoptr(GError) file_error = NULL;
      const char *out_path = g_ptr_array_index (outputs, i);
      g_auto(SdSignResult) result = { 0 };
      gboolean ok;

      /* With this document's page marks; seals of the library go through
       * the one sealing operation (seal state, ledger). */
      ok = sd_cli_marks_sign (&marks, args.inputs[i], out_path, key, &opts,
                              (SdSealUse *) uses->data, uses->len, &result, &file_error);
      if (!ok)
        {
          /* In a batch, one bad document does not stop the others. */
          if (outputs->len == 1)
            {
              error = g_steal_pointer (&file_error);
              goto out;
            }
          fprintf (stderr, "sealdesk-cli: %s: %s\n", args.inputs[i], file_error->message);
          status = SD_CLI_EXIT_USAGE;
          continue;
        }
      if (result.repaired != NULL)
        /* TRANSLATORS: "award.pdf was damaged (xref not found): …" */
        fprintf (stderr, _("sealdesk-cli: %s was damaged (%s): qpdf rebuilt it into a clean first revision, and that copy was signed; %s does not keep the original's bytes\n"),
                 args.inputs[i], result.repaired, out_path);
      /* Queued by the sealing, with its ledger entries. */
      if (result.timestamp_deferred)
        {
          if (opts.password != NULL)
            /* TRANSLATORS: "award.pdf: no timestamp authority answered: …"; the queue never keeps the document's password */
            fprintf (stderr, _("sealdesk-cli: %s: no timestamp authority answered: signed at B-B; the timestamp (%s) will be added by “sealdesk-cli extend --pending --password-env VAR”, with the document’s password\n"),
                     out_path, sd_sign_level_to_string (opts.level));
          else
            /* TRANSLATORS: "award.pdf: no timestamp authority answered: …" */
            fprintf (stderr, _("sealdesk-cli: %s: no timestamp authority answered: signed at B-B; the timestamp (%s) will be added by “sealdesk-cli extend --pending”\n"),
                     out_path, sd_sign_level_to_string (opts.level));
        }
      if (json != NULL)
        {
          json_builder_begin_object (json);
          json_builder_set_member_name (json, "input");
          json_builder_add_string_value (json, args.inputs[i]);
          json_builder_set_member_name (json, "output");
          json_builder_add_string_value (json, out_path);
          json_builder_set_member_name (json, "level");
          json_builder_add_string_value (json, sd_sign_level_to_string (result.level));
          json_builder_set_member_name (json, "tsa");
          if (result.tsa_url != NULL)
            json_builder_add_string_value (json, result.tsa_url);
          else
            json_builder_add_null_value (json);
          json_builder_set_member_name (json, "timestamp_deferred");
          json_builder_add_boolean_value (json, result.timestamp_deferred);
          json_builder_set_member_name (json, "repaired");
          if (result.repaired != NULL)
            json_builder_add_string_value (json, result.repaired);
          else
            json_builder_add_null_value (json);
          json_builder_end_object (json);
        }
      else
        /* TRANSLATORS: "Signed award.pdf → signed/award.pdf" */
        g_print (_("Signed %s → %s\n"), args.inputs[i], out_path);
      if (json == NULL && result.level >= SD_SIGN_LEVEL_B_T)
        /* TRANSLATORS: "Timestamped by http://tsa.example/ (PAdES B-T)" */
        g_print (_("Timestamped by %s (PAdES %s)\n"), result.tsa_url,
                 sd_sign_level_to_string (result.level));
    }

  if (json != NULL)
    {
      json_builder_end_array (json);
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_object (json);
      root = json_builder_get_root (json);
      sd_cli_print_json (root);
    }

out:
  if (key != NULL)
    sd_key_lock (key);
  g_clear_pointer (&pin.pin, sd_secret_free);
  sd_sign_options_clear (&opts);
  sign_args_clear (&args);
  sd_cli_marks_clear (&marks);
  if (error != NULL && g_error_matches (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD))
    /* Translators: an error message, then how to give a password */
    return sd_cli_failf (_("%s (with --password-env VAR)"), error->message);
  if (error != NULL)
    return sd_cli_fail (error);
  return status;
}
