/* cli-info.c: `sealdesk-cli info FILE.pdf [--json] [--password-env VAR]`
 *
 * Prints the structure of a document: pages and their sizes, version,
 * encryption, cross-reference style, linearization, revisions, signature
 * fields, repairs. JSON keys (stable, scripts rely on them):
 *   file, sha256, size, version, pages, page_sizes [{page, width, height,
 *   rotate}], producer, creator, title, encrypted, encryption, xref,
 *   linearized, revisions, signature_fields [{name, page, signed,
 *   subfilter}], signatures, repaired, repair_reason, warnings
 * Widths and heights are what a person sees: crop box, rotated, in points.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-info.h"
#include "sd-geometry.h"
#include "sd-secret.h"
#include "sd-sha256.h"

void
sd_cli_info_clear (SdCliInfo *info)
{
  g_clear_pointer (&info->file, g_free);
  g_clear_pointer (&info->sha256, g_free);
  g_clear_object (&info->doc);
  g_clear_pointer (&info->pages, g_array_unref);
  g_clear_pointer (&info->title, g_free);
  g_clear_pointer (&info->producer, g_free);
  g_clear_pointer (&info->creator, g_free);
}

const char *
sd_cli_info_xref_name (SdPdfXrefStyle style)
{
  switch (style)
    {
    case SD_PDF_XREF_STREAM:
      return "stream";
    case SD_PDF_XREF_HYBRID:
      return "hybrid";
    case SD_PDF_XREF_TABLE:
    default:
      return "table";
    }
}

/* Points rounded to a thousandth, so that JSON shows 595.276, not noise. */
static double
round_points (double value)
{
  return round (value * 1000.0) / 1000.0;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_page_sizes (JsonBuilder     *builder,
                const SdCliInfo *info)
{
  json_builder_set_member_name (builder, "page_sizes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < info->pages->len; i++)
    {
      const SdPdfPageInfo *page = &g_array_index (info->pages,
                                                  SdPdfPageInfo, i);
      double width, height;

      sd_geometry_visible_size (page, &width, &height);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, page->number);
      json_builder_set_member_name (builder, "width");
      json_builder_add_double_value (builder, round_points (width));
      json_builder_set_member_name (builder, "height");
      json_builder_add_double_value (builder, round_points (height));
      json_builder_set_member_name (builder, "rotate");
      json_builder_add_int_value (builder, page->rotate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_signature_fields (JsonBuilder   *builder,
                      SdPdfDocument *doc)
{
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);

  json_builder_set_member_name (builder, "signature_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      const SdPdfSignatureField *field = g_ptr_array_index (fields, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, field->name);
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, field->page);
      json_builder_set_member_name (builder, "signed");
      json_builder_add_boolean_value (builder, field->is_signed);
      add_nullable_string (builder, "subfilter", field->sub_filter);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "signatures");
  json_builder_add_int_value (builder, sd_pdf_document_get_n_signatures (doc));
}

JsonNode *
sd_cli_info_to_json (const SdCliInfo *info)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  SdPdfDocument *doc = info->doc;
  GPtrArray *warnings = sd_pdf_document_get_warnings (doc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, info->file);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, info->sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, sd_pdf_document_get_file_size (doc));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, sd_pdf_document_get_version (doc));
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, sd_pdf_document_get_n_pages (doc));
  add_page_sizes (builder, info);
  add_nullable_string (builder, "producer", info->producer);
  add_nullable_string (builder, "creator", info->creator);
  add_nullable_string (builder, "title", info->title);
  json_builder_set_member_name (builder, "encrypted");
  json_builder_add_boolean_value (builder, sd_pdf_document_is_encrypted (doc));
  add_nullable_string (builder, "encryption",
                       sd_pdf_document_get_encryption (doc));
  json_builder_set_member_name (builder, "xref");
  json_builder_add_string_value (
      builder, sd_cli_info_xref_name (sd_pdf_document_get_xref_style (doc)));
  json_builder_set_member_name (builder, "linearized");
  json_builder_add_boolean_value (builder,
                                  sd_pdf_document_is_linearized (doc));
  json_builder_set_member_name (builder, "revisions");
  json_builder_add_int_value (builder,
                              sd_pdf_document_get_revision_ends (doc)->len);
  add_signature_fields (builder, doc);
  json_builder_set_member_name (builder, "repaired");
  json_builder_add_boolean_value (builder, sd_pdf_document_was_repaired (doc));
  add_nullable_string (builder, "repair_reason",
                       sd_pdf_document_was_repaired (doc)
                       ? sd_pdf_document_get_repair_reason (doc) : NULL);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Opens the document and reads everything that is printed, so that a
 * failure happens before anything reaches stdout. */
static gboolean
gather (SdCliInfo   *info,
        const char  *path,
        const char  *password,
        GError     **error)
{
  int n_pages;

  info->file = sd_cli_display_path (path);
  info->doc = sd_pdf_document_open (path, password, error);
  if (info->doc == NULL)
    return FALSE;
  info->sha256 = sd_file_sha256 (path, NULL, error);
  if (info->sha256 == NULL)
    return FALSE;

  n_pages = sd_pdf_document_get_n_pages (info->doc);
  info->pages = g_array_sized_new (FALSE, TRUE, sizeof (SdPdfPageInfo),
                                   (guint) n_pages);
  for (int i = 1; i <= n_pages; i++)
    {
      SdPdfPageInfo page;

      if (!sd_pdf_document_get_page (info->doc, i, &page, error))
        {
          if (!sd_pdf_document_check_unchanged (info->doc, NULL))
            {
              g_clear_error (error);
              return sd_pdf_document_check_unchanged (info->doc, error);
            }
          return FALSE;
        }
      g_array_append_val (info->pages, page);
    }

  info->title = sd_pdf_document_dup_info_string (info->doc, "Title");
  info->producer = sd_pdf_document_dup_info_string (info->doc, "Producer");
  info->creator = sd_pdf_document_dup_info_string (info->doc, "Creator");
  /* Read now: warnings it raises belong in the report. */
  sd_pdf_document_get_signature_fields (info->doc);
  /* What was read of a file cut short meanwhile may be zeros. */
  return sd_pdf_document_check_unchanged (info->doc, error);
}

int
sd_cli_info (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SdSecret) password = NULL;
  g_autofree char *password_env = NULL;
  SdCliInfo info = { 0 };
  gboolean json = FALSE;
  int status = SD_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the information as JSON"), NULL },
    { "password-env", 0, 0, G_OPTION_ARG_STRING, &password_env,
      N_("Read the document’s password from the environment variable VAR"),
      N_("VAR") },
    { NULL }
  };

  context = sd_cli_option_context_new (
      N_("FILE.pdf"),
      N_("Show the structure of a PDF document: pages and their sizes, "
         "version, encryption, cross-reference style, revisions and "
         "signature fields."),
      entries);
  if (!sd_cli_parse_options (context, &argc, &argv))
    return SD_CLI_EXIT_USAGE;
  if (argc != 2)
    return sd_cli_failf (_("Give one PDF file: %s FILE.pdf"),
                         g_get_prgname ());

  if (password_env != NULL)
    {
      password = sd_secret_from_env (password_env, &error);
      if (password == NULL)
        return sd_cli_fail (error);
    }

  if (!gather (&info, argv[1], password, &error))
    {
      if (g_error_matches (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD))
        /* Translators: an error message, then how to give a password */
        status = sd_cli_failf (_("%s (with --password-env VAR)"),
                               error->message);
      else
        status = sd_cli_fail (error);
    }
  else if (json)
    {
      g_autoptr (JsonNode) root = sd_cli_info_to_json (&info);

      if (!sd_cli_print_json (root))
        status = sd_cli_failf (_("Cannot write to the standard output"));
    }
  else
    {
      sd_cli_info_print_text (&info);
    }

  sd_cli_info_clear (&info);
  return status;
}
