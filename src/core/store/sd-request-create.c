/* sd-request-create.c: making a stamp request */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/err.h>

#include "sd-canonical-json.h"
#include "sd-ledger.h"
#include "sd-ledger-key.h"
#include "sd-pdf-document.h"
#include "sd-profile.h"
#include "sd-request-private.h"
#include "sd-seal-library.h"

gboolean
sd_store_sign_content (SdKey     *key,
                       JsonNode  *content,
                       char     **canonical,
                       GBytes   **signature,
                       GError   **error)
{
  guint8 digest[32];
  unsigned int digest_len = 0;
  gsize len = 0;

  if ((*canonical = sd_canonical_json_write (content, &len, error)) == NULL)
    return FALSE;
  EVP_Digest (*canonical, len, digest, &digest_len, EVP_sha256 (), NULL);
  *signature = sd_key_sign_digest (key, EVP_sha256 (), digest, digest_len, NULL, error);
  if (*signature == NULL)
    {
      g_clear_pointer (canonical, g_free);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_store_verify_content (X509         *cert,
                         const char   *canonical,
                         const guint8 *signature,
                         gsize         signature_len)
{
  EVP_PKEY *pkey = cert != NULL ? X509_get0_pubkey (cert) : NULL;

  return pkey != NULL && canonical != NULL
         && sd_pkey_verify_sha256 (pkey, canonical, strlen (canonical), signature, signature_len);
}

gboolean
sd_store_mark_publish (SdDb        *db,
                       const char  *kind,
                       const char  *ref,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = sd_db_prepare (db, "INSERT OR IGNORE INTO publish_queue (kind, ref, created) VALUES (?, ?, ?)", error);
  g_autofree char *now = sd_workspace_now_string ();

  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, kind);
  sd_db_bind_text (stmt, 2, ref);
  sd_db_bind_text (stmt, 3, now);
  return sd_db_step_done (db, stmt, error);
}

void
sd_store_record_refusal (SdWorkspace  *workspace,
                         const char   *actor,
                         const char   *seal,
                         const char   *request,
                         const char   *what,
                         const GError *why)
{
  JsonObject *details = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (details, "action", what);
  json_object_set_string_member (details, "reason", why != NULL ? why->message : "");
  sd_workspace_lock (workspace);
  if (sd_ledger_record (sd_workspace_get_ledger (workspace), SD_LEDGER_REFUSAL, actor, seal, request,
                        NULL, details, &error) == 0)
    g_debug ("Could not record a refusal in the ledger: %s", error->message);
  sd_workspace_unlock (workspace);
}

gboolean
sd_request_placement_is_personal (SdWorkspace        *workspace,
                                  SdRequestPlacement *placement,
                                  const char         *signer_key_id)
{
  g_autoptr(SdSeal) seal = sd_seal_library_get (workspace, placement->seal, NULL);

  return seal != NULL && signer_key_id != NULL && g_strcmp0 (seal->key_id, signer_key_id) == 0
         && (g_str_equal (seal->kind, "name") || g_str_equal (seal->kind, "handwritten"));
}

GHashTable *
sd_request_signer_keys (SdWorkspace *workspace,
                        GPtrArray   *steps)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      SdRequestStep *step = g_ptr_array_index (steps, i);

      if (step->kind != SD_STEP_SIGN)
        continue;
      for (guint j = 0; step->profiles[j] != NULL; j++)
        {
          g_autoptr(SdProfile) who = sd_profile_get (workspace, step->profiles[j], NULL);

          if (who != NULL)
            g_hash_table_add (keys, g_strdup (who->key_id));
        }
    }
  return keys;
}

gboolean
sd_request_placement_is_stamped (SdWorkspace        *workspace,
                                 SdRequestPlacement *placement,
                                 GHashTable         *signer_keys)
{
  g_autoptr(SdSeal) seal = sd_seal_library_get (workspace, placement->seal, NULL);

  if (seal == NULL)
    return TRUE;
  return !((g_str_equal (seal->kind, "name") || g_str_equal (seal->kind, "handwritten"))
           && g_hash_table_contains (signer_keys, seal->key_id));
}

static SdRoles
role_for_step (SdStepKind kind)
{
  switch (kind)
    {
    case SD_STEP_APPROVE:
      return SD_ROLE_APPROVER;
    case SD_STEP_SIGN:
      return SD_ROLE_SIGNER;
    case SD_STEP_STAMP:
    default:
      return SD_ROLE_SEAL_KEEPER;
    }
}

gboolean
sd_request_check_role (SdProfile  *profile,
                       SdStepKind  kind,
                       GError    **error)
{
  SdRoles role = role_for_step (kind);

  if (profile->roles & role)
    return TRUE;
  /* TRANSLATORS: "Profile “anna” cannot approve: it does not have the role approver" */
  g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
               _("Profile “%s” cannot %s: it does not have the role %s"),
               profile->name, sd_step_kind_to_string (kind), sd_role_to_string (role));
  return FALSE;
}

/* A placement into an existing empty signature field takes the field's
 * page and rectangle; one seal a field. */
static gboolean
resolve_field (SdPdfDocument      *doc,
               GPtrArray          *placements,
               SdRequestPlacement *p,
               GError            **error)
{
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);

  for (guint i = 0; i < placements->len; i++)
    {
      SdRequestPlacement *other = g_ptr_array_index (placements, i);

      if (other != p && g_strcmp0 (other->field, p->field) == 0)
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                       _("The signature field “%s” is named twice: one seal goes into a field"), p->field);
          return FALSE;
        }
    }
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const SdPdfSignatureField *f = g_ptr_array_index (fields, i);

      if (g_strcmp0 (f->name, p->field) != 0)
        continue;
      if (f->is_signed || f->page < 1)
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                       f->is_signed ? _("The signature field “%s” is already signed")
                                    : _("The signature field “%s” is not on a page"),
                       p->field);
          return FALSE;
        }
      p->page = f->page;
      p->x = MIN (f->rect[0], f->rect[2]);
      p->y = MIN (f->rect[1], f->rect[3]);
      p->width = MAX (ABS (f->rect[2] - f->rect[0]), 1);
      p->height = MAX (ABS (f->rect[3] - f->rect[1]), 1);
      return TRUE;
    }
  g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
               _("The document has no signature field “%s”"), p->field);
  return FALSE;
}

/* The request's checks that need no key: also applied to requests
 * imported from other workstations. */
gboolean
sd_request_check_spec (SdWorkspace         *workspace,
                       const SdRequestSpec *spec,
                       SdProfile          **requester,
                       int                 *n_pages,
                       GError             **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GHashTable) signer_keys = NULL;
  gboolean has_stamp = FALSE;
  guint n_stamped = 0;

  if ((*requester = sd_profile_get (workspace, spec->requester, error)) == NULL)
    return FALSE;
  if (!((*requester)->roles & SD_ROLE_REQUESTER))
    {
      g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                   _("Profile “%s” cannot make stamp requests: it does not have the role requester"),
                   spec->requester);
      return FALSE;
    }
  if (spec->reason == NULL || *spec->reason == '\0')
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("Give the reason for the request with --reason"));
      return FALSE;
    }
  if ((doc = sd_pdf_document_open (spec->document, NULL, error)) == NULL)
    return FALSE;
  *n_pages = sd_pdf_document_get_n_pages (doc);

  if (spec->steps == NULL || spec->steps->len == 0)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("A request needs at least one step (--step approve:PROFILE, sign:…, stamp:…)"));
      return FALSE;
    }
  for (guint i = 0; i < spec->steps->len; i++)
    {
      SdRequestStep *step = g_ptr_array_index (spec->steps, i);

      if (step->profiles == NULL || step->profiles[0] == NULL)
        {
          g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                               _("Every step names at least one profile"));
          return FALSE;
        }
      has_stamp |= step->kind == SD_STEP_STAMP;
      for (guint j = 0; step->profiles[j] != NULL; j++)
        {
          g_autoptr(SdProfile) who = sd_profile_get (workspace, step->profiles[j], error);

          if (who == NULL || !sd_request_check_role (who, step->kind, error))
            return FALSE;
        }
    }
  /* The lock is the last signature's: a last step that can end without
   * one (an approval, or an all-of step whose last member declines with
   * an opinion) would leave the document unlocked. */
  if (spec->lock)
    {
      SdRequestStep *last = g_ptr_array_index (spec->steps, spec->steps->len - 1);

      if (last->kind == SD_STEP_APPROVE || last->all)
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                       _("A request that locks the document must end with a sign or stamp step for one of its profiles, such as --step stamp:PROFILE: its last step (%d) can end without a signature, which would leave the document unlocked"),
                       (int) spec->steps->len);
          return FALSE;
        }
    }
  if (sd_pdf_document_get_mdp_permission (doc, NULL) == 1)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("The document is certified with no changes allowed, or locked: no step could sign it"));
      return FALSE;
    }
  signer_keys = sd_request_signer_keys (workspace, spec->steps);

  for (guint i = 0; spec->placements != NULL && i < spec->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (spec->placements, i);
      g_autoptr(SdSeal) seal = sd_seal_library_get (workspace, p->seal, error);

      if (seal == NULL || !sd_seal_check_usable (seal, error))
        return FALSE;
      if (p->field != NULL && !resolve_field (doc, spec->placements, p, error))
        return FALSE;
      if (p->page < 1 || p->page > *n_pages)
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                       _("Page %d does not exist: the document has %d pages"), p->page, *n_pages);
          return FALSE;
        }
      if (!(p->width > 0 && p->height > 0))
        {
          g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                               _("A seal's rectangle needs a positive width and height"));
          return FALSE;
        }
      if (!(sd_seal_library_grants_of (workspace, seal->id, spec->requester, NULL) & SD_SEAL_MAY_REQUEST))
        {
          g_set_error (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_NOT_ALLOWED,
                       _("Profile “%s” may not request the seal “%s”: it has no grant to request it"),
                       spec->requester, seal->name);
          return FALSE;
        }
      if (sd_request_placement_is_stamped (workspace, p, signer_keys))
        n_stamped++;
    }
  if (n_stamped > 0 && !has_stamp)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("The request places a seal but has no stamp step to apply it: add --step stamp:PROFILE"));
      return FALSE;
    }
  if (has_stamp && n_stamped == 0)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("The request has a stamp step but no seal to stamp: add --seal ID --page N --rect X,Y,W,H"));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
request_content (const char          *id,
                 const SdRequestSpec *spec,
                 const char          *doc_name,
                 const char          *sha,
                 const char          *now,
                 const char          *workstation)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "document_name");
  json_builder_add_string_value (b, doc_name);
  json_builder_set_member_name (b, "document_sha256");
  json_builder_add_string_value (b, sha);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "lock");
  json_builder_add_boolean_value (b, spec->lock);
  json_builder_set_member_name (b, "matter");
  if (spec->matter != NULL)
    json_builder_add_string_value (b, spec->matter);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "placements");
  json_builder_begin_array (b);
  for (guint i = 0; spec->placements != NULL && i < spec->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (spec->placements, i);
      char rect[4][G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *text = NULL;

      g_ascii_dtostr (rect[0], sizeof rect[0], p->x);
      g_ascii_dtostr (rect[1], sizeof rect[1], p->y);
      g_ascii_dtostr (rect[2], sizeof rect[2], p->width);
      g_ascii_dtostr (rect[3], sizeof rect[3], p->height);
      text = g_strjoin (",", rect[0], rect[1], rect[2], rect[3], NULL);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "page");
      json_builder_add_int_value (b, p->page);
      json_builder_set_member_name (b, "rect");
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "seal");
      json_builder_add_string_value (b, p->seal);
      if (p->field != NULL)
        {
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, p->field);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, spec->reason);
  json_builder_set_member_name (b, "requester");
  json_builder_add_string_value (b, spec->requester);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->steps->len; i++)
    {
      SdRequestStep *s = g_ptr_array_index (spec->steps, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, sd_step_kind_to_string (s->kind));
      json_builder_set_member_name (b, "mode");
      json_builder_add_string_value (b, s->all ? "all" : "one");
      json_builder_set_member_name (b, "profiles");
      json_builder_begin_array (b);
      for (guint j = 0; s->profiles[j] != NULL; j++)
        json_builder_add_string_value (b, s->profiles[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "workstation");
  json_builder_add_string_value (b, workstation);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
sd_request_insert_rows (SdDb                *db,
                        const char          *id,
                        const SdRequestSpec *spec,
                        const char          *doc_path,
                        const char          *doc_name,
                        const char          *sha,
                        const char          *now,
                        const char          *content,
                        GBytes              *signature,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sd_db_prepare (db, "INSERT INTO request (id, state, requester, reason, matter, lock, doc_path, doc_name, "
                            "doc_sha256, current_path, current_sha256, created, content, signature) "
                            "VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sd_db_bind_text (stmt, 1, id);
  sd_db_bind_text (stmt, 2, spec->requester);
  sd_db_bind_text (stmt, 3, spec->reason);
  sd_db_bind_text (stmt, 4, spec->matter);
  sqlite3_bind_int (stmt, 5, spec->lock ? 1 : 0);
  sd_db_bind_text (stmt, 6, doc_path);
  sd_db_bind_text (stmt, 7, doc_name);
  sd_db_bind_text (stmt, 8, sha);
  sd_db_bind_text (stmt, 9, doc_path);
  sd_db_bind_text (stmt, 10, sha);
  sd_db_bind_text (stmt, 11, now);
  sd_db_bind_text (stmt, 12, content);
  sqlite3_bind_blob (stmt, 13, g_bytes_get_data (signature, NULL), (int) g_bytes_get_size (signature), SQLITE_TRANSIENT);
  if (!sd_db_step_done (db, stmt, error))
    return FALSE;

  for (guint i = 0; spec->placements != NULL && i < spec->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (spec->placements, i);
      g_autoptr(sqlite3_stmt) row = sd_db_prepare (db, "INSERT INTO request_placement (request, idx, seal, page, x, y, width, height, field) "
                                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

      if (row == NULL)
        return FALSE;
      sd_db_bind_text (row, 1, id);
      sqlite3_bind_int (row, 2, (int) i + 1);
      sd_db_bind_text (row, 3, p->seal);
      sqlite3_bind_int (row, 4, p->page);
      sqlite3_bind_double (row, 5, p->x);
      sqlite3_bind_double (row, 6, p->y);
      sqlite3_bind_double (row, 7, p->width);
      sqlite3_bind_double (row, 8, p->height);
      sd_db_bind_text (row, 9, p->field);
      if (!sd_db_step_done (db, row, error))
        return FALSE;
    }
  for (guint i = 0; i < spec->steps->len; i++)
    {
      SdRequestStep *s = g_ptr_array_index (spec->steps, i);
      g_autoptr(sqlite3_stmt) row = sd_db_prepare (db, "INSERT INTO request_step (request, idx, kind, mode, profiles) VALUES (?, ?, ?, ?, ?)", error);
      g_autofree char *profiles = g_strjoinv ("\n", s->profiles);

      if (row == NULL)
        return FALSE;
      sd_db_bind_text (row, 1, id);
      sqlite3_bind_int (row, 2, (int) i + 1);
      sd_db_bind_text (row, 3, sd_step_kind_to_string (s->kind));
      sd_db_bind_text (row, 4, s->all ? "all" : "one");
      sd_db_bind_text (row, 5, profiles);
      if (!sd_db_step_done (db, row, error))
        return FALSE;
    }
  return TRUE;
}

SdRequest *
sd_request_create (SdWorkspace         *workspace,
                   const SdRequestSpec *spec,
                   SdPinCallback        pin_cb,
                   gpointer             pin_data,
                   GError             **error)
{
  SdDb *db = sd_workspace_get_db (workspace);
  SdLedger *ledger = sd_workspace_get_ledger (workspace);
  g_autoptr(SdProfile) requester = NULL;
  g_autoptr(SdKey) key = NULL;
  g_autoptr(JsonNode) content_node = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *id = sd_workspace_new_id ("req");
  g_autofree char *doc_path = NULL;
  g_autofree char *doc_name = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *now = sd_workspace_now_string ();
  g_autofree char *content = NULL;
  JsonObject *details;
  int n_pages = 0;
  gboolean ok = FALSE;

  if (spec->document == NULL)
    {
      g_set_error_literal (error, SD_WORKSPACE_ERROR, SD_WORKSPACE_ERROR_INVALID,
                           _("Name the PDF document of the request"));
      return NULL;
    }
  doc_path = g_canonicalize_filename (spec->document, NULL);
  doc_name = g_path_get_basename (doc_path);
  if (!sd_request_check_spec (workspace, spec, &requester, &n_pages, error))
    return NULL;
  if ((sha = sd_file_sha256 (doc_path, NULL, error)) == NULL)
    return NULL;
  if ((key = sd_profile_open_key (workspace, requester, pin_cb, pin_data, NULL, error)) == NULL)
    return NULL;
  content_node = request_content (id, spec, doc_name, sha, now, sd_workspace_get_workstation_id (workspace));
  ok = sd_store_sign_content (key, content_node, &content, &signature, error);
  sd_key_lock (key);
  if (!ok)
    return NULL;
  ok = FALSE;

  sd_workspace_lock (workspace);
  if (!sd_db_begin (db, error))
    goto out;
  if (!sd_request_insert_rows (db, id, spec, doc_path, doc_name, sha, now, content, signature, error))
    goto out;
  details = json_object_new ();
  json_object_set_string_member (details, "action", "request-create");
  json_object_set_string_member (details, "document_name", doc_name);
  json_object_set_string_member (details, "reason", spec->reason);
  if (spec->matter != NULL)
    json_object_set_string_member (details, "matter", spec->matter);
  json_object_set_int_member (details, "steps", spec->steps->len);
  json_object_set_boolean_member (details, "lock", spec->lock);
  ok = sd_ledger_append (ledger, SD_LEDGER_LIFECYCLE, spec->requester, NULL, id, sha, details, error) != 0
       && sd_store_mark_publish (db, "request", id, error)
       && sd_ledger_sign_head (ledger, error)
       && sd_db_commit (db, error);

out:
  sd_db_rollback (db);
  sd_workspace_unlock (workspace);
  return ok ? sd_request_get (workspace, id, error) : NULL;
}
