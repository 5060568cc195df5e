/* sd-sealing-void.c: declaring a signed document void, through the one
 * sealing operation (sd-sealing.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-geometry.h"
#include "sd-ledger.h"
#include "sd-marks-void.h"
#include "sd-pdf-document.h"
#include "sd-request.h"
#include "sd-sealing-private.h"
#include "sd-x509-info.h"

/* The void stamp on every page, centred, as the signature's seals. */
static gboolean
add_void_stamp (const char     *in_path,
                const char     *png,
                const char     *signer,
                const char     *reason,
                SdSignOptions  *opts,
                GError        **error)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (in_path, opts->password, error);

  if (doc == NULL)
    return FALSE;
  if (!sd_void_stamp_write_png (png, signer, opts->signing_time, reason, error))
    return FALSE;
  for (int page = 1; page <= sd_pdf_document_get_n_pages (doc); page++)
    {
      SdPdfPageInfo info;
      double vw, vh, w, h;

      if (!sd_pdf_document_get_page (doc, page, &info, error))
        return FALSE;
      sd_geometry_visible_size (&info, &vw, &vh);
      w = MIN (360, vw * 0.8);
      h = w / SD_VOID_STAMP_ASPECT;
      sd_sign_options_add_seal (opts, page, (vw - w) / 2, (vh - h) / 2, w, h, png);
    }
  return TRUE;
}

gboolean
sd_sealing_void_document (SdWorkspace          *workspace,
                          const char           *in_path,
                          const char           *out_path,
                          SdKey                *key,
                          const SdSignOptions  *opts,
                          const char           *reason,
                          SdSignResult         *result,
                          SdProgressFunc        progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(SdSealingIntent) intent = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *temp_path = NULL;
  SdSignOptions stamps;
  SdSignOptions local;
  g_autofree char *stamp_dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *in_sha = NULL;
  g_autofree char *out_sha = NULL;
  g_autofree char *signed_reason = NULL;
  g_auto(SdSignResult) local_result = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (in_path != NULL && out_path != NULL, FALSE);
  g_return_val_if_fail (SD_IS_KEY (key), FALSE);
  g_return_val_if_fail (opts != NULL, FALSE);

  if (reason == NULL || *reason == '\0'
      || (opts->placements != NULL && opts->placements->len > 0)
      || (opts->marks != NULL && opts->marks->len > 0))
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("A void needs its reason, and takes no seals or marks"));
      return FALSE;
    }
  if (!sd_sealing_check_output (in_path, out_path, error))
    return FALSE;
  if (result == NULL)
    result = &local_result;
  signer = sd_x509_common_name (X509_get_subject_name (sd_key_get_certificate (key)));
  if (signer == NULL)
    signer = g_strdup (sd_key_get_label (key));

  /* This document's stamps only (a batch voids several). */
  sd_sign_options_init (&stamps);
  local = *opts;
  local.placements = stamps.placements;
  local.marks = stamps.marks;
  local.voids_document = TRUE;
  if (local.signing_time == NULL)
    local.signing_time = stamps.signing_time =
      g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
  if (local.reason == NULL)
    /* TRANSLATORS: the /Reason of a void signature */
    local.reason = signed_reason = g_strdup_printf (_("VOID: %s"), reason);

  if ((stamp_dir = g_dir_make_tmp ("sealdesk-void-XXXXXX", error)) == NULL)
    goto out;
  png = g_build_filename (stamp_dir, "void.png", NULL);
  if (!add_void_stamp (in_path, png, signer, reason, &local, error)
      || (intent = sd_sealing_intent_new (workspace, error)) == NULL)
    goto out;
  if (!sd_sealing_intent_sign (intent, 0, in_path, key, &local, result, progress, progress_data,
                               cancellable, &temp_path, &in_sha, &out_sha, error))
    goto out;

  {
    JsonObject *details = json_object_new ();

    json_object_set_string_member (details, "action", "void");
    json_object_set_string_member (details, "reason", reason);
    json_object_set_string_member (details, "signer", signer);
    json_object_set_string_member (details, "key", sd_key_get_id (key));
    json_object_set_string_member (details, "output_sha256", out_sha);
    entries = json_array_new ();
    json_array_add_object_element (entries, sd_sealing_entry_new (SD_LEDGER_LIFECYCLE, signer, NULL,
                                                                  NULL, in_sha, details));
  }
  payload = sd_sealing_document_payload (entries, result);
  ok = sd_sealing_finish (workspace, intent, "document", temp_path, out_path, out_sha, signer, NULL, 0,
                          payload, NULL, error);
out:
  if (!ok && temp_path != NULL)
    g_unlink (temp_path);
  if (png != NULL)
    g_unlink (png);
  if (stamp_dir != NULL)
    g_rmdir (stamp_dir);
  sd_sign_options_clear (&stamps);
  return ok;
}
