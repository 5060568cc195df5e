/* sd-verify.c: sd_verify_document(), putting the checks together
 *
 *  1. open the file and the PDF (qpdf), find every signature dictionary;
 *  2. per signature: ByteRange and /Contents gap, parse the value;
 *  3. one streaming pass over the file: its SHA-256 and every signature's
 *     digest;
 *  4. per signature: digest, signature, certificate binding, timestamp,
 *     chain at signing time;
 *  5. revisions: coverage, what changed after each signature, attacks;
 *  6. verdicts.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/evp.h>

#include "sd-pdf-document-private.h"
#include "sd-test-hooks.h"
#include "sd-verify-private.h"

G_DEFINE_QUARK (sd-verify-error-quark, sd_verify_error)

static void
report_progress (SdProgressFunc  progress,
                 gpointer        data,
                 double          from,
                 double          to,
                 double          fraction)
{
  if (progress != NULL)
    progress (from + (to - from) * CLAMP (fraction, 0.0, 1.0), data);
}

typedef struct {
  SdProgressFunc progress;
  gpointer       data;
  double         from;
  double         to;
} Stage;

static void
stage_progress (double   fraction,
                gpointer user_data)
{
  Stage *s = user_data;

  report_progress (s->progress, s->data, s->from, s->to, fraction);
}

static gboolean
looks_like_pdf (SdVerifyFile *file)
{
  guint8 head[1024];
  gssize n = sd_verify_file_pread (file, 0, head, sizeof head, NULL);

  for (gssize i = 0; i + 5 <= n; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

static SdSigWork *
new_work (SdSigDict *dict)
{
  SdSigWork *w = g_new0 (SdSigWork, 1);
  SdVerifySignature *s = sd_verify_signature_new ();
  const char *sf = dict->sub_filter != NULL ? dict->sub_filter : "";

  w->dict = dict;
  w->out = s;
  s->field = g_strdup (dict->field_name);
  s->subfilter = g_strdup (dict->sub_filter);
  s->is_doc_timestamp = dict->is_doc_timestamp;
  s->claimed_time = sd_verify_parse_pdf_date (dict->m);
  s->signing_reason = g_strdup (dict->reason);
  s->location = g_strdup (dict->location);
  s->voids_document = dict->voids_document;
  s->docmdp = dict->docmdp;
  if (dict->is_doc_timestamp)
    s->level = SD_VERIFY_LEVEL_TIMESTAMP;
  else if (g_str_has_prefix (sf, "adbe."))
    s->level = SD_VERIFY_LEVEL_PKCS7;
  else
    s->level = SD_VERIFY_LEVEL_B_B;
  if (dict->only_in_earlier_revision)
    sd_verify_signature_add_reason (s, _("this signature is in an earlier revision only: the document as a PDF reader reads it now does not contain it"));
  else if (!dict->in_fields)
    sd_verify_signature_add_reason (s, _("this signature is not listed among the document's form fields"));
  return w;
}

static gboolean
same_signature (SdSigDict *a,
                SdSigDict *b)
{
  return a->obj_num == b->obj_num && a->n_byte_range == b->n_byte_range
         && memcmp (a->byte_range, b->byte_range, sizeof a->byte_range) == 0;
}

/* When the chain of cross-reference sections is broken, a reader that
 * follows it may not see earlier revisions at all: look for signatures in
 * each revision too, so that none goes unchecked. */
static void
find_in_revisions (SdPdfDocument *doc,
                   const char    *password,
                   GArray        *ends,
                   GPtrArray     *dicts)
{
  for (guint k = 0; k + 1 < ends->len; k++)
    {
      g_autoptr(SdPdfDocument) prefix =
        sd_pdf_document_open_revision (doc, g_array_index (ends, goffset, k), password, NULL);
      g_autoptr(SdVfyRoles) roles = NULL;
      g_autoptr(GPtrArray) found = NULL;

      if (prefix == NULL)
        continue;
      roles = sd_vfy_roles_new (sd_pdf_document_get_qpdf (prefix));
      found = sd_verify_find_signatures (sd_pdf_document_get_qpdf (prefix), roles);
      for (guint i = 0; i < found->len; i++)
        {
          SdSigDict *d = g_ptr_array_index (found, i);
          gboolean known = FALSE;

          for (guint j = 0; j < dicts->len && !known; j++)
            known = same_signature (d, g_ptr_array_index (dicts, j));
          if (known)
            continue;
          d->only_in_earlier_revision = TRUE;
          g_ptr_array_add (dicts, g_ptr_array_steal_index (found, i));
          i--;
        }
    }
}

static int
compare_works (gconstpointer a,
               gconstpointer b)
{
  const SdSigWork *x = *(SdSigWork **) a;
  const SdSigWork *y = *(SdSigWork **) b;
  gint64 ex = x->dict->n_byte_range == 4 ? x->dict->byte_range[2] + x->dict->byte_range[3] : G_MAXINT64;
  gint64 ey = y->dict->n_byte_range == 4 ? y->dict->byte_range[2] + y->dict->byte_range[3] : G_MAXINT64;

  if (ex != ey)
    return ex < ey ? -1 : 1;
  return x->dict->obj_num - y->dict->obj_num;
}

/* Step 3: one pass for the file's SHA-256, every signature's digest and the
 * nesting of the raw bytes. */
static gboolean
hash_everything (SdVerifyFile          *file,
                 GPtrArray             *works,
                 SdVerifyReport        *report,
                 Stage                 *stage,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autofree SdHashJob *jobs = g_new0 (SdHashJob, MAX (works->len, 1));
  g_autoptr(SdVfyNesting) nesting = sd_vfy_nesting_new ();
  EVP_MD_CTX *whole = EVP_MD_CTX_new ();
  guint n_jobs = 0;
  guint8 md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  gboolean ok;

  EVP_DigestInit_ex (whole, EVP_sha256 (), NULL);
  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      if (!w->hashable || w->md_ctx == NULL)
        continue;
      jobs[n_jobs].ranges[0] = w->dict->byte_range[0];
      jobs[n_jobs].ranges[1] = w->dict->byte_range[1];
      jobs[n_jobs].ranges[2] = w->dict->byte_range[2];
      jobs[n_jobs].ranges[3] = w->dict->byte_range[3];
      jobs[n_jobs].n_ranges = 2;
      jobs[n_jobs].ctx = w->md_ctx;
      n_jobs++;
    }
  ok = sd_verify_file_hash (file, whole, nesting, jobs, n_jobs, stage_progress, stage,
                            cancellable, error);
  if (ok && sd_vfy_nesting_get_deepest (nesting) > SD_VFY_MAX_NESTING)
    sd_vfy_limits_exceeded (report, "nesting");
  if (ok)
    {
      GString *hex = g_string_new (NULL);

      EVP_DigestFinal_ex (whole, md, &md_len);
      for (unsigned int i = 0; i < md_len; i++)
        g_string_append_printf (hex, "%02x", md[i]);
      report->sha256 = g_string_free (hex, FALSE);
    }
  EVP_MD_CTX_free (whole);
  return ok;
}

/* The time of the earliest valid, trusted document timestamp over @w. */
static GDateTime *
earliest_document_timestamp (GPtrArray *works,
                             SdSigWork *w)
{
  GDateTime *earliest = NULL;

  if (!w->hashable)
    return NULL;
  for (guint j = 0; j < works->len; j++)
    {
      SdSigWork *t = g_ptr_array_index (works, j);

      if (!t->dict->is_doc_timestamp || !t->hashable || t->end <= w->end
          || !t->out->digest_ok || !t->out->signature_ok || !t->out->timestamp_trusted
          || t->result.timestamp_time == NULL)
        continue;
      if (earliest == NULL || g_date_time_compare (t->result.timestamp_time, earliest) < 0)
        earliest = t->result.timestamp_time;
    }
  return earliest;
}

/* Every valid document timestamp after a signature also vouches for its
 * time: list them with the signature's own, earliest first. */
static void
add_document_timestamps (GPtrArray *works)
{
  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      if (w->dict->is_doc_timestamp || !w->hashable)
        continue;
      for (guint j = 0; j < works->len; j++)
        {
          SdSigWork *t = g_ptr_array_index (works, j);

          if (!t->dict->is_doc_timestamp || !t->hashable || t->end <= w->end
              || t->out->timestamps->len == 0)
            continue;
          g_ptr_array_add (w->out->timestamps,
                           sd_verify_timestamp_copy (g_ptr_array_index (t->out->timestamps, 0)));
        }
    }
}

static void
conclude (SdVerifyReport *report,
          GPtrArray      *works)
{
  gboolean any_invalid = FALSE, any_untrusted = FALSE;

  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      sd_sig_work_conclude (w);
      any_invalid |= w->out->verdict == SD_VERIFY_VERDICT_INVALID;
      any_untrusted |= w->out->verdict == SD_VERIFY_VERDICT_UNTRUSTED;
      g_ptr_array_add (report->signatures, g_steal_pointer (&w->out));
    }
  if (report->too_complex != NULL)
    report->verdict = SD_VERIFY_VERDICT_INVALID;
  else if (works->len == 0)
    {
      report->verdict = SD_VERIFY_VERDICT_UNSIGNED;
      sd_verify_report_add_reason (report, _("the document has no signature: nothing vouches for its content"));
    }
  else if (any_invalid)
    report->verdict = SD_VERIFY_VERDICT_INVALID;
  else if (any_untrusted)
    report->verdict = SD_VERIFY_VERDICT_UNTRUSTED;
  else
    report->verdict = SD_VERIFY_VERDICT_VALID;
}

SdVerifyReport *
sd_verify_document (const char             *path,
                    const char             *password,
                    const SdVerifyOptions  *opts,
                    SdProgressFunc          progress,
                    gpointer                progress_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(SdVerifyFile) file = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) dicts = NULL;
  g_autoptr(GPtrArray) works = NULL;
  g_autoptr(SdVfyRoles) roles = NULL;
  g_autoptr(GArray) ends = NULL;
  SdVfyDss *dss = NULL;
  SdVfyTrust *trust = NULL;
  Stage stage = { progress, progress_data, 0, 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  file = sd_verify_file_open (path, error);
  if (file == NULL)
    return NULL;
  if (!looks_like_pdf (file))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_NOT_PDF,
                   _("“%s” is not a PDF file"), display);
      return NULL;
    }
  trust = sd_vfy_trust_new (opts, error);
  if (trust == NULL)
    return NULL;
  report_progress (progress, progress_data, 0, 1, 0.01);
  doc = sd_pdf_document_open (path, password, error);
  if (doc == NULL)
    goto out;
  sd_test_stop_at ("verify-opened");

  report = sd_verify_report_new (path);
  report->size = sd_verify_file_get_size (file);
  report->n_pages = sd_pdf_document_get_n_pages (doc);
  report->encrypted = sd_pdf_document_is_encrypted (doc);
  if (sd_pdf_document_was_repaired (doc))
    sd_verify_report_add_reason (report, _("the file's structure is damaged and had to be repaired to be read"));
  {
    GArray *doc_ends = sd_pdf_document_get_revision_ends (doc);
    goffset size = report->size;

    ends = g_array_new (FALSE, FALSE, sizeof (goffset));
    if (doc_ends != NULL)
      g_array_append_vals (ends, doc_ends->data, doc_ends->len);
    if (ends->len == 0)
      g_array_append_val (ends, size);
  }
  report->n_revisions = ends->len;
  if (ends->len > SD_VFY_MAX_REVISIONS)
    sd_vfy_limits_exceeded (report, "revisions");

  roles = sd_vfy_roles_new (sd_pdf_document_get_qpdf (doc));
  sd_vfy_limits_exceeded (report, sd_vfy_limits_check_objects (sd_pdf_document_get_qpdf (doc), roles));
  dicts = sd_verify_find_signatures (sd_pdf_document_get_qpdf (doc), roles);
  if (!sd_pdf_document_has_intact_xref_chain (doc))
    {
      sd_verify_report_add_reason (report, _("the chain of cross-reference sections is broken: PDF readers have to reconstruct the file"));
      if (report->too_complex == NULL)
        find_in_revisions (doc, password, ends, dicts);
    }
  works = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sig_work_free);
  for (guint i = 0; i < dicts->len; i++)
    g_ptr_array_add (works, new_work (g_ptr_array_index (dicts, i)));
  g_ptr_array_sort (works, compare_works);
  for (guint i = 0; i < works->len; i++)
    if (!sd_sig_work_prepare (g_ptr_array_index (works, i), file, report->encrypted, works, error))
      goto out;

  stage.from = 0.05;
  stage.to = works->len > 0 ? 0.6 : 1.0;
  if (!hash_everything (file, works, report, &stage, cancellable, error))
    goto out;

  dss = sd_verify_read_dss (sd_pdf_document_get_qpdf (doc));
  sd_vfy_limits_exceeded (report, dss->over_cap);
  for (guint i = 0; i < works->len; i++)
    sd_sig_work_verify (g_ptr_array_index (works, i));
  /* Document timestamps first: a later one proves the time of a
   * signature without a timestamp of its own. */
  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      if (w->crypto_done && w->dict->is_doc_timestamp)
        sd_sig_work_check_trust (w, trust, dss, NULL);
    }
  for (guint i = 0; i < works->len; i++)
    {
      SdSigWork *w = g_ptr_array_index (works, i);

      if (w->crypto_done && !w->dict->is_doc_timestamp)
        sd_sig_work_check_trust (w, trust, dss, earliest_document_timestamp (works, w));
      if (!w->dict->is_doc_timestamp && w->out->level == SD_VERIFY_LEVEL_B_B
          && w->result.has_timestamp && w->result.timestamp_ok)
        w->out->level = SD_VERIFY_LEVEL_B_T;
    }

  /* Over a cap, the revisions are not compared: that is the costly part. */
  if (works->len > 0 && report->too_complex == NULL)
    {
      SdRevisionInput in = { path, password, file, doc, roles, ends, works, report };

      stage.from = 0.65;
      stage.to = 1.0;
      if (!sd_verify_analyse_revisions (&in, stage_progress, &stage, cancellable, error))
        goto out;
    }
  add_document_timestamps (works);
  sd_vfy_limits_apply (report, works);
  conclude (report, works);
  report_progress (progress, progress_data, 0, 1, 1);
  ok = TRUE;

out:
  /* Cut short while it was read: what was read from there on is zeros. */
  if (doc != NULL && !sd_pdf_document_check_unchanged (doc, NULL))
    {
      g_clear_error (error);
      sd_pdf_document_check_unchanged (doc, error);
      ok = FALSE;
    }
  sd_vfy_dss_free (dss);
  sd_vfy_trust_free (trust);
  return ok ? g_steal_pointer (&report) : NULL;
}
