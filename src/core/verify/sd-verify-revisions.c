/* sd-verify-revisions.c: signatures against the revisions of the file
 *
 * Each incremental update appends a revision. A signature signs the bytes
 * up to the end of one revision; every later revision is opened on its own
 * (sd_pdf_document_open_revision: through the one mapping of the file) and
 * compared with the one before it by the objects it writes. What a signature's report lists under
 * "changes after" are the changes of all revisions after the one it signs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-pdf-document-private.h"
#include "sd-verify-private.h"

typedef struct {
  SdRevisionInput *in;
  int              n;              /* revisions */
  gboolean         trailing;       /* non-blank bytes after the last revision */
  GPtrArray       *docs;           /* SdPdfDocument * per revision, or NULL */
  GPtrArray       *roles;          /* SdVfyRoles * per revision, or NULL */
  GPtrArray       *items;          /* SdChangeItem *, all revisions */
} Analysis;

static void
unref_doc (gpointer doc)
{
  if (doc != NULL)
    g_object_unref (doc);
}

static goffset
end_at (Analysis *a,
        int       k)
{
  return g_array_index (a->in->ends, goffset, k);
}

static void
add_item (Analysis           *a,
          int                 revision,
          SdVerifyChangeKind  kind,
          gboolean            allowed,
          SdVerifyAttack      attack,
          char               *detail)
{
  SdChangeItem *item = g_new0 (SdChangeItem, 1);

  item->change.revision = revision;
  item->change.kind = kind;
  item->change.allowed = allowed;
  item->change.detail = detail;
  item->attack = attack;
  g_ptr_array_add (a->items, item);
}

/* Revision index and coverage of each signature. */
static void
place_signatures (Analysis *a)
{
  goffset size = sd_verify_file_get_size (a->in->file);

  for (guint i = 0; i < a->in->works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (a->in->works, i);
      gint64 end = w->dict->n_byte_range == 4 && !w->dict->byte_range_malformed ? w->end : size;
      int k = a->n - 1;

      for (int j = 0; j < a->n; j++)
        if (end_at (a, j) >= end)
          {
            k = j;
            break;
          }
      w->rev_index = k;
      w->out->revision = k + 1;
      /* Signed bytes beyond the last revision: only the appended tail. */
      if (end > end_at (a, a->n - 1) && a->trailing)
        w->out->revision = a->n + 1;
      if (!w->hashable)
        w->out->coverage = SD_VERIFY_COVERAGE_PARTIAL;
      else if (w->end == size || (k == a->n - 1 && w->end == end_at (a, k) && !a->trailing))
        w->out->coverage = SD_VERIFY_COVERAGE_WHOLE_FILE;
      else if (w->end == end_at (a, k))
        w->out->coverage = SD_VERIFY_COVERAGE_WHOLE_REVISION;
      else
        w->out->coverage = SD_VERIFY_COVERAGE_PARTIAL;
    }
}

static gboolean
open_revision (Analysis  *a,
               int        k,
               GError   **error)
{
  SdPdfDocument *doc;
  g_autoptr(GError) local = NULL;

  if (g_ptr_array_index (a->docs, k) != NULL)
    return TRUE;
  if (k == a->n - 1 && !a->trailing)
    doc = g_object_ref (a->in->doc);
  else
    doc = sd_pdf_document_open_revision (a->in->doc, end_at (a, k), a->in->password, &local);
  if (doc == NULL)
    {
      if (error != NULL)
        *error = g_steal_pointer (&local);
      return FALSE;
    }
  g_ptr_array_index (a->docs, k) = doc;
  g_ptr_array_index (a->roles, k) = sd_vfy_roles_new (sd_pdf_document_get_qpdf (doc));
  return TRUE;
}

/* The signature dictionary must exist, as it is now, in the revision that
 * its ByteRange signs: otherwise it was added or edited afterwards. */
static void
check_signed_revision (Analysis  *a,
                       SdSigWork *w)
{
  SdPdfDocument *doc = g_ptr_array_index (a->docs, w->rev_index);
  g_autofree char *then = NULL;

  if (doc == NULL || w->dict->obj_num == 0 || !w->hashable
      || w->out->coverage == SD_VERIFY_COVERAGE_PARTIAL)
    return;
  then = sd_verify_unparse_object (sd_pdf_document_get_qpdf (doc), w->dict->obj_num,
                                   w->dict->obj_gen);
  if (then == NULL)
    {
      gboolean copied = FALSE;

      for (guint i = 0; i < a->in->works->len && !copied; i++)
        {
          SdSigWork *o = g_ptr_array_index (a->in->works, i);

          copied = o != w && o->dict->contents != NULL && w->dict->contents != NULL
                   && g_bytes_equal (o->dict->contents, w->dict->contents);
        }
      sd_verify_signature_add_reason (w->out, _("the signature dictionary is not part of the bytes it claims to sign: it was added later"));
      if (w->out->attack == SD_VERIFY_ATTACK_NONE)
        w->out->attack = copied ? SD_VERIFY_ATTACK_SIGDICT_SPOOFING
                                : SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION;
    }
  else if (g_strcmp0 (then, w->dict->unparsed) != 0)
    {
      sd_verify_signature_add_reason (w->out, _("the signature dictionary was changed after signing"));
      if (w->out->attack == SD_VERIFY_ATTACK_NONE)
        w->out->attack = SD_VERIFY_ATTACK_SIGDICT_SPOOFING;
    }
  else
    w->in_signed_revision = TRUE;
}

/* The /Lock dictionary of the signature field of @w as it was in the
 * revision that @w signs (a later revision may not take it away): its
 * /P in @lock_p, 0 if none. */
static SdFieldLock *
field_lock_of (Analysis  *a,
               SdSigWork *w,
               int       *lock_p)
{
  SdPdfDocument *doc = g_ptr_array_index (a->docs, w->rev_index);
  SdFieldLock *lock = NULL;
  qpdf_data q;
  qpdf_oh field, dict, p;

  *lock_p = 0;
  if (doc == NULL || w->dict->field_obj <= 0)
    return NULL;
  q = sd_pdf_document_get_qpdf (doc);
  field = qpdf_get_object_by_id (q, w->dict->field_obj, 0);
  dict = sd_vfy_qpdf_get (q, field, "/Lock");
  lock = sd_vfy_field_lock_read (q, dict, w->dict->field_name);
  p = sd_vfy_qpdf_get (q, dict, "/P");
  if (p != 0 && qpdf_oh_is_integer (q, p))
    *lock_p = CLAMP (qpdf_oh_get_int_value (q, p), 1, 3);
  if (p != 0)
    qpdf_oh_release (q, p);
  if (dict != 0)
    qpdf_oh_release (q, dict);
  qpdf_oh_release (q, field);
  if (qpdf_has_error (q))
    qpdf_get_error (q);
  return lock;
}

static SdFieldLock *
lock_copy (const SdFieldLock *lock,
           const char        *by)
{
  SdFieldLock *copy = g_new0 (SdFieldLock, 1);

  copy->action = lock->action;
  copy->fields = g_strdupv (lock->fields);
  copy->by = g_strdup (lock->by != NULL ? lock->by : by);
  return copy;
}

/* What revision @k (0-based) is judged under: the most restrictive
 * certification level (DocMDP, or a FieldMDP lock's /P) and the field
 * locks of the signatures before it, and whether a signature signs it.
 * Free @rules->locks afterwards. */
static void
rules_for (Analysis       *a,
           int             k,
           SdCompareRules *rules)
{
  int p = 0;

  rules->locks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_vfy_field_lock_free);
  rules->signed_here = FALSE;
  for (guint i = 0; i < a->in->works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (a->in->works, i);
      SdFieldLock *field_lock;
      int field_p = 0;

      if (w->rev_index == k && k < a->n && !w->dict->is_doc_timestamp && w->hashable
          && w->end == end_at (a, k))
        rules->signed_here = TRUE;
      if (w->rev_index >= k)
        continue;
      if (w->dict->docmdp > 0 && (p == 0 || w->dict->docmdp < p))
        p = w->dict->docmdp;
      if (w->dict->lock_p > 0 && (p == 0 || w->dict->lock_p < p))
        p = w->dict->lock_p;
      if (w->dict->lock != NULL)
        g_ptr_array_add (rules->locks, lock_copy (w->dict->lock, w->dict->field_name));
      field_lock = field_lock_of (a, w, &field_p);
      if (field_lock != NULL)
        g_ptr_array_add (rules->locks, field_lock);
      if (field_p > 0 && (p == 0 || field_p < p))
        p = field_p;
    }
  rules->docmdp = p;
}

static void
compare (Analysis  *a,
         qpdf_data  old_q,
         SdVfyRoles *old_roles,
         qpdf_data  new_q,
         SdVfyRoles *new_roles,
         GHashTable *written,
         int        revision,
         GCancellable *cancellable)
{
  SdCompareRules rules;
  g_autoptr(GPtrArray) items = NULL;

  rules_for (a, revision - 1, &rules);
  items = sd_verify_compare_revisions (old_q, old_roles, new_q, new_roles, written,
                                       revision, &rules, cancellable);
  g_ptr_array_unref (rules.locks);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (a->items, g_steal_pointer (&g_ptr_array_index (items, i)));
}

/* Which attack a signature's report names when its later changes show
 * several: the most specific first. */
static int
attack_rank (SdVerifyAttack attack)
{
  switch (attack)
    {
    case SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE:
      return 1;
    case SD_VERIFY_ATTACK_OPTIONAL_CONTENT:
      return 2;
    case SD_VERIFY_ATTACK_SNEAKY_SIGNATURE:
      return 3;
    case SD_VERIFY_ATTACK_EVIL_ANNOTATION:
      return 4;
    case SD_VERIFY_ATTACK_ACTIVE_CONTENT:
      return 5;
    case SD_VERIFY_ATTACK_LOCKED_FIELD:
      return 6;
    default:
      return 100;
    }
}

static void
assign_changes (Analysis  *a,
                SdSigWork *w)
{
  SdVerifyAttack shadow = SD_VERIFY_ATTACK_NONE, spoof = SD_VERIFY_ATTACK_NONE;
  SdVerifyAttack saving = SD_VERIFY_ATTACK_NONE, named = SD_VERIFY_ATTACK_NONE;

  for (guint i = 0; i < a->items->len; i++)
    {
      SdChangeItem *item = g_ptr_array_index (a->items, i);

      if (item->change.revision <= w->out->revision)
        continue;
      g_ptr_array_add (w->out->changes_after, sd_verify_change_copy (&item->change));
      if (item->change.allowed)
        continue;
      switch (item->attack)
        {
        case SD_VERIFY_ATTACK_SIGDICT_SPOOFING:
          if (item->sig_obj == w->dict->obj_num && w->dict->obj_num != 0)
            spoof = item->attack;
          break;
        case SD_VERIFY_ATTACK_SHADOW_HIDE:
        case SD_VERIFY_ATTACK_SHADOW_REPLACE:
        case SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE:
          if (shadow == SD_VERIFY_ATTACK_NONE || item->attack == SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE)
            shadow = item->attack;
          break;
        case SD_VERIFY_ATTACK_INCREMENTAL_SAVING:
          saving = item->attack;
          break;
        case SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE:
        case SD_VERIFY_ATTACK_OPTIONAL_CONTENT:
        case SD_VERIFY_ATTACK_SNEAKY_SIGNATURE:
        case SD_VERIFY_ATTACK_EVIL_ANNOTATION:
        case SD_VERIFY_ATTACK_ACTIVE_CONTENT:
        case SD_VERIFY_ATTACK_LOCKED_FIELD:
          if (named == SD_VERIFY_ATTACK_NONE || attack_rank (item->attack) < attack_rank (named))
            named = item->attack;
          break;
        default:
          if (item->change.kind == SD_VERIFY_CHANGE_PAGE_CONTENT
              || item->change.kind == SD_VERIFY_CHANGE_PAGES)
            saving = SD_VERIFY_ATTACK_INCREMENTAL_SAVING;
          break;
        }
    }
  if (w->out->attack == SD_VERIFY_ATTACK_NONE)
    w->out->attack = spoof != SD_VERIFY_ATTACK_NONE ? spoof
                     : named == SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE ? named
                     : shadow != SD_VERIFY_ATTACK_NONE ? shadow
                     : named != SD_VERIFY_ATTACK_NONE ? named : saving;
  if (w->out->changes_after->len > 0)
    {
      for (guint i = 0; i < w->out->changes_after->len; i++)
        {
          SdVerifyChange *change = g_ptr_array_index (w->out->changes_after, i);

          if (!change->allowed)
            {
              g_autofree char *text = g_strdup_printf (_("not allowed after signing: %s"), change->detail);

              sd_verify_signature_add_reason (w->out, text);
            }
        }
    }
}

/* B-LT: the DSS has data for the signature; B-LTA: and a later document
 * timestamp covers a revision with that DSS. */
static void
refine_level (Analysis  *a,
              SdSigWork *w,
              SdVfyDss  *final_dss)
{
  if ((w->out->level != SD_VERIFY_LEVEL_B_B && w->out->level != SD_VERIFY_LEVEL_B_T)
      || !sd_sig_work_dss_covers (w, final_dss))
    return;
  w->out->level = SD_VERIFY_LEVEL_B_LT;
  for (guint i = 0; i < a->in->works->len; i++)
    {
      SdSigWork *t = g_ptr_array_index (a->in->works, i);
      SdPdfDocument *doc;
      SdVfyDss *dss;
      gboolean covers;

      if (!t->dict->is_doc_timestamp || t->rev_index <= w->rev_index
          || !t->out->digest_ok || !t->out->signature_ok)
        continue;
      doc = g_ptr_array_index (a->docs, t->rev_index);
      if (doc == NULL)
        continue;
      dss = sd_verify_read_dss (sd_pdf_document_get_qpdf (doc));
      covers = sd_sig_work_dss_covers (w, dss);
      sd_vfy_dss_free (dss);
      if (covers)
        {
          w->out->level = SD_VERIFY_LEVEL_B_LTA;
          return;
        }
    }
}

/* Revision @k + 1 (@after) as an update of @before: does its section
 * link to the one before, and does it name only object numbers that every
 * reader takes the same way? */
static void
check_sections (Analysis      *a,
                int            k,
                SdPdfDocument *before,
                SdPdfDocument *after)
{
  const char *why = sd_pdf_document_get_chain_problem (after);
  const char *numbers = sd_pdf_document_get_xref_problem (after);
  gboolean linked_before = sd_pdf_document_has_intact_xref_chain (before);

  if (why != NULL && linked_before)
    add_item (a, k + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
              /* TRANSLATORS: a revision number, then why its cross-reference section does not link */
              g_strdup_printf (_("revision %d does not link to the revision before it (%s): PDF readers have to reconstruct the file and may show other content than was signed"),
                               k + 1, why));
  else if (sd_pdf_document_was_repaired (after) && !sd_pdf_document_was_repaired (before))
    add_item (a, k + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
              g_strdup_printf (_("revision %d is damaged: a reader has to guess what it contains"), k + 1));
  else if (!sd_pdf_document_has_intact_xref_chain (after) && linked_before)
    add_item (a, k + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
              g_strdup_printf (_("revision %d does not link to the revision before it: PDF readers have to reconstruct the file and may show other content than was signed"),
                               k + 1));
  if (numbers != NULL)
    add_item (a, k + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
              /* TRANSLATORS: a revision number, then what is wrong with its cross-reference section */
              g_strdup_printf (_("revision %d has a cross-reference section that PDF readers may read differently: %s"),
                               k + 1, numbers));
}

gboolean
sd_verify_analyse_revisions (SdRevisionInput       *in,
                             SdProgressFunc         progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  Analysis a = { in, in->ends->len, FALSE, NULL, NULL, NULL };
  goffset last_end = end_at (&a, a.n - 1);
  int first = a.n;
  SdVfyDss *final_dss;

  a.trailing = sd_verify_file_get_size (in->file) > last_end
               && sd_verify_file_has_content_after (in->file, last_end, NULL);
  a.docs = g_ptr_array_new_full (a.n, unref_doc);
  a.roles = g_ptr_array_new_full (a.n, (GDestroyNotify) sd_vfy_roles_free);
  g_ptr_array_set_size (a.docs, a.n);
  g_ptr_array_set_size (a.roles, a.n);
  a.items = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_vfy_change_item_free);

  place_signatures (&a);
  for (guint i = 0; i < in->works->len; i++)
    first = MIN (first, ((SdSigWork *) g_ptr_array_index (in->works, i))->rev_index);

  for (int k = first; k < a.n; k++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GHashTable) written = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (progress != NULL)
        progress ((double) (k - first) / MAX (1, a.n - first), progress_data);
      if (!open_revision (&a, k, &local))
        {
          add_item (&a, k + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
                    g_strdup_printf (_("revision %d cannot be read on its own: %s"), k + 1, local->message));
          continue;
        }
      if (k > first && g_ptr_array_index (a.docs, k - 1) != NULL)
        {
          SdPdfDocument *before = g_ptr_array_index (a.docs, k - 1);
          SdPdfDocument *after = g_ptr_array_index (a.docs, k);

          check_sections (&a, k, before, after);
          written = sd_pdf_document_get_written_objects (after, end_at (&a, k - 1));
          compare (&a, sd_pdf_document_get_qpdf (before), g_ptr_array_index (a.roles, k - 1),
                   sd_pdf_document_get_qpdf (after), g_ptr_array_index (a.roles, k),
                   written, k + 1, cancellable);
        }
    }
  if (a.trailing)
    {
      goffset extra = sd_verify_file_get_size (in->file) - last_end;

      add_item (&a, a.n + 1, SD_VERIFY_CHANGE_OTHER, FALSE, SD_VERIFY_ATTACK_INCREMENTAL_SAVING,
                g_strdup_printf (_("%lld bytes after the end of the last revision are not a proper incremental update"),
                                 (long long) extra));
      sd_verify_report_add_reason (in->report, _("content was appended after the end of the last revision"));
      if (g_ptr_array_index (a.docs, a.n - 1) != NULL)
        compare (&a, sd_pdf_document_get_qpdf (g_ptr_array_index (a.docs, a.n - 1)),
                 g_ptr_array_index (a.roles, a.n - 1),
                 sd_pdf_document_get_qpdf (in->doc), in->roles, NULL, a.n + 1,
                 cancellable);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  final_dss = sd_verify_read_dss (sd_pdf_document_get_qpdf (in->doc));
  for (guint i = 0; i < in->works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (in->works, i);

      check_signed_revision (&a, w);
      assign_changes (&a, w);
      refine_level (&a, w, final_dss);
    }
  sd_vfy_dss_free (final_dss);

  g_ptr_array_unref (a.items);
  g_ptr_array_unref (a.roles);
  g_ptr_array_unref (a.docs);
  return TRUE;

fail:
  g_ptr_array_unref (a.items);
  g_ptr_array_unref (a.roles);
  g_ptr_array_unref (a.docs);
  return FALSE;
}
