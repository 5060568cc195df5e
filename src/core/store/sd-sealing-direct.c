/* sd-sealing-direct.c: sealing a document without a stamp request */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-ledger.h"
#include "sd-marks.h"
#include "sd-marks-qr.h"
#include "sd-request.h"
#include "sd-sealing-private.h"
#include "sd-seal-library.h"

/* A mark's seal of the library: active, its picture as a file. @seen
 * collects the IDs of the seals shown by marks, once each. */
static gboolean
resolve_mark_seal (SdWorkspace  *workspace,
                   SdMark       *mark,
                   GPtrArray    *seen,
                   GError      **error)
{
  g_autoptr(SdSeal) seal = NULL;

  if ((seal = sd_seal_library_get (workspace, mark->seal_id, error)) == NULL
      || !sd_seal_check_usable (seal, error))
    return FALSE;
  g_free (mark->image_path);
  if ((mark->image_path = sd_seal_library_image_path (workspace, seal, error)) == NULL)
    return FALSE;
  if (!g_ptr_array_find_with_equal_func (seen, mark->seal_id, g_str_equal, NULL))
    g_ptr_array_add (seen, g_strdup (mark->seal_id));
  return TRUE;
}

/* A document that sign --repair rewrote: the entries say that the signed
 * copy is a repaired one, what was wrong, and which original it came
 * from (its bytes are not those of the output's first revision). */
static void
note_repair (JsonObject          *details,
             const SdSignResult  *result,
             const char          *in_sha)
{
  if (result->repaired == NULL)
    return;
  json_object_set_string_member (details, "repaired", result->repaired);
  json_object_set_string_member (details, "original_sha256", in_sha);
}

/* The seal-use entry of a seal shown by marks: the pages it is on. */
static JsonObject *
mark_seal_entry (const char          *actor,
                 SdKey               *key,
                 GPtrArray           *marks,
                 const char          *seal_id,
                 const char          *in_sha,
                 const char          *out_base,
                 const char          *out_sha,
                 const SdSignResult  *result)
{
  JsonObject *details = json_object_new ();
  JsonArray *pages = json_array_new ();
  gboolean strips = FALSE;

  for (guint i = 0; i < marks->len; i++)
    {
      SdMark *mark = g_ptr_array_index (marks, i);

      if (g_strcmp0 (mark->seal_id, seal_id) != 0)
        continue;
      json_array_add_int_element (pages, mark->page);
      strips = strips || mark->kind == SD_MARK_STRIP;
    }
  json_object_set_string_member (details, "action", strips ? "cross-page" : "stamp");
  json_object_set_array_member (details, "pages", pages);
  json_object_set_string_member (details, "key", sd_key_get_id (key));
  json_object_set_string_member (details, "output", out_base);
  json_object_set_string_member (details, "result_sha256", out_sha);
  note_repair (details, result, in_sha);
  return sd_sealing_entry_new (SD_LEDGER_SEAL_USE, actor, seal_id, NULL, in_sha, details);
}

gboolean
sd_sealing_seal_document (SdWorkspace          *workspace,
                          const char           *in_path,
                          const char           *out_path,
                          SdKey                *key,
                          const SdSignOptions  *opts,
                          const SdSealUse      *seals,
                          guint                 n_seals,
                          const char           *actor,
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
  SdSignOptions placed;
  SdSignOptions local;
  g_autofree char *in_sha = NULL;
  g_autofree char *out_sha = NULL;
  g_autofree char *out_base = NULL;
  g_autofree char *field = NULL;
  g_autoptr(GPtrArray) mark_seals = g_ptr_array_new_with_free_func (g_free);
  g_auto(SdSignResult) local_result = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (in_path != NULL && out_path != NULL, FALSE);
  g_return_val_if_fail (SD_IS_KEY (key), FALSE);
  g_return_val_if_fail (opts != NULL, FALSE);
  g_return_val_if_fail (n_seals == 0 || seals != NULL, FALSE);

  if (!sd_sealing_check_output (in_path, out_path, error))
    return FALSE;

  if (result == NULL)
    result = &local_result;
  sd_sign_options_init (&placed);

  /* The seals: active, with their pictures as files for the signer. A
   * seal that fills a field is the signature's own widget: first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_seals; i++)
      {
        const SdSealUse *use = &seals[i];
        g_autoptr(SdSeal) seal = NULL;
        g_autofree char *image = NULL;

        if ((pass == 0) != (use->field != NULL))
          continue;
        if (use->field != NULL && field != NULL)
          {
            g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                                 _("One signature fills one signature field: sign the other fields separately"));
            goto out;
          }
        if ((seal = sd_seal_library_get (workspace, use->seal_id, error)) == NULL
            || !sd_seal_check_usable (seal, error)
            || (image = sd_seal_library_image_path (workspace, seal, error)) == NULL)
          goto out;
        if (use->field != NULL)
          field = g_strdup (use->field);
        sd_sign_options_add_seal (&placed, use->page, use->x, use->y, use->width, use->height, image);
      }

  /* The caller's pictures (PNG files, not seals of the library): drawn
   * too, after the seals; the key-use entry counts them. */
  for (guint i = 0; opts->placements != NULL && i < opts->placements->len; i++)
    {
      SdSealPlacement *picture = g_ptr_array_index (opts->placements, i);

      sd_sign_options_add_seal (&placed, picture->page, picture->x, picture->y, picture->width,
                                picture->height, picture->image_path);
    }

  /* Marks that show a seal of the library (a cross-page seal): the same
   * checks, and their pictures. */
  for (guint i = 0; opts->marks != NULL && i < opts->marks->len; i++)
    {
      SdMark *mark = sd_mark_copy (g_ptr_array_index (opts->marks, i));

      g_ptr_array_add (placed.marks, mark);
      if (mark->seal_id != NULL && !resolve_mark_seal (workspace, mark, mark_seals, error))
        goto out;
    }

  /* The caller's options, with these placements and marks. A QR code
   * names the signer's certificate and the signing time, which /M must
   * then say too. */
  local = *opts;
  local.placements = placed.placements;
  local.marks = placed.marks;
  for (guint i = 0; i < placed.marks->len; i++)
    {
      SdMark *mark = g_ptr_array_index (placed.marks, i);

      if (mark->kind == SD_MARK_QR && mark->text == NULL && local.signing_time == NULL)
        local.signing_time = placed.signing_time =
          g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
    }
  if (!sd_marks_fill_qr (placed.marks, in_path, sd_key_get_certificate (key), local.signing_time,
                         error))
    goto out;
  if (field != NULL)
    local.field_name = field;
  if ((intent = sd_sealing_intent_new (workspace, error)) == NULL)
    goto out;
  if (!sd_sealing_intent_sign (intent, 0, in_path, key, &local, result, progress, progress_data,
                               cancellable, &temp_path, &in_sha, &out_sha, error))
    goto out;
  out_base = g_path_get_basename (out_path);

  entries = json_array_new ();
  for (guint i = 0; i < n_seals; i++)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "action", "stamp");
      json_object_set_int_member (details, "page", seals[i].page);
      json_object_set_string_member (details, "key", sd_key_get_id (key));
      json_object_set_string_member (details, "output", out_base);
      json_object_set_string_member (details, "result_sha256", out_sha);
      if (seals[i].field != NULL)
        json_object_set_string_member (details, "field", seals[i].field);
      note_repair (details, result, in_sha);
      json_array_add_object_element (entries, sd_sealing_entry_new (SD_LEDGER_SEAL_USE, actor,
                                                                    seals[i].seal_id, NULL, in_sha,
                                                                    details));
    }
  for (guint i = 0; i < mark_seals->len; i++)
    json_array_add_object_element (entries, mark_seal_entry (actor, key, placed.marks,
                                                             g_ptr_array_index (mark_seals, i),
                                                             in_sha, out_base, out_sha, result));
  {
    JsonObject *details = json_object_new ();

    json_object_set_string_member (details, "action", "sign");
    json_object_set_string_member (details, "key", sd_key_get_id (key));
    if (opts->placements != NULL && opts->placements->len > 0)
      json_object_set_int_member (details, "pictures", opts->placements->len);
    json_object_set_string_member (details, "output", out_base);
    json_object_set_string_member (details, "result_sha256", out_sha);
    note_repair (details, result, in_sha);
    json_array_add_object_element (entries, sd_sealing_entry_new (SD_LEDGER_KEY_USE, actor, NULL,
                                                                  NULL, in_sha, details));
  }
  payload = sd_sealing_document_payload (entries, result);
  ok = sd_sealing_finish (workspace, intent, "document", temp_path, out_path, out_sha, actor, NULL, 0,
                          payload, NULL, error);

out:
  if (!ok && temp_path != NULL)
    g_unlink (temp_path);
  sd_sign_options_clear (&placed);
  return ok;
}
