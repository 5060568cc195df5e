/* sd-verify-signature.c: the checks of one signature
 *
 * Before the file is hashed: is the /ByteRange sane, is the excluded gap
 * exactly this dictionary's /Contents string (not moved elsewhere: signature
 * wrapping; not another signature's: dictionary spoofing), can the value be
 * parsed. After hashing: digest, signature, certificate binding, timestamp,
 * the signer's chain. sd-verify.c adds what changed in later revisions and
 * then asks for the verdict.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "sd-key.h"
#include "sd-verify-private.h"

void
sd_sig_work_free (SdSigWork *w)
{
  if (w == NULL)
    return;
  sd_verify_signature_free (w->out);
  sd_vfy_gap_info_clear (&w->gap);
  g_clear_pointer (&w->value, g_bytes_unref);
  sd_vfy_cms_check_free (w->check);
  EVP_MD_CTX_free (w->md_ctx);
  sd_vfy_cms_result_clear (&w->result);
  g_free (w);
}

static void
set_attack (SdSigWork      *w,
            SdVerifyAttack  attack)
{
  if (w->out->attack == SD_VERIFY_ATTACK_NONE)
    w->out->attack = attack;
}

static void
reason (SdSigWork  *w,
        const char *text)
{
  sd_verify_signature_add_reason (w->out, text);
}

static gboolean
all_zero (GBytes *bytes)
{
  gsize len;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    if (data[i] != 0)
      return FALSE;
  return TRUE;
}

static gboolean
check_byte_range (SdSigWork *w,
                  goffset    size)
{
  SdSigDict *d = w->dict;
  const gint64 *br = d->byte_range;

  w->out->n_byte_range = MIN (d->n_byte_range, 4);
  memcpy (w->out->byte_range, br, sizeof w->out->byte_range);
  if (!d->has_byte_range)
    {
      reason (w, _("the signature has no /ByteRange: nothing says which bytes it signs"));
      set_attack (w, SD_VERIFY_ATTACK_UNIVERSAL_FORGERY);
      return FALSE;
    }
  if (d->byte_range_malformed || d->n_byte_range != 4
      || br[0] < 0 || br[1] < 0 || br[2] < 0 || br[3] < 0)
    {
      reason (w, _("the /ByteRange is malformed: it must be four non-negative integers"));
      set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
      return FALSE;
    }
  w->end = br[2] + br[3];
  if (br[0] != 0)
    {
      reason (w, _("the /ByteRange does not start at the beginning of the file"));
      set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
    }
  if (br[2] <= br[0] + br[1])
    {
      reason (w, _("the ranges of the /ByteRange overlap or are out of order"));
      set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
      return FALSE;
    }
  if (w->end > size)
    {
      g_autofree char *text =
        g_strdup_printf (_("the /ByteRange ends at byte %lld, past the end of the file (%lld bytes)"),
                         (long long) w->end, (long long) size);

      reason (w, text);
      return FALSE;
    }
  return br[0] == 0;
}

static void
check_gap (SdSigWork *w,
           gboolean   encrypted,
           GPtrArray *all)
{
  SdSigDict *d = w->dict;
  SdGapInfo *gap = &w->gap;

  if (!gap->is_hex_string)
    {
      if (gap->string_length > 0 && gap->contains_objects)
        {
          reason (w, _("the signature value does not fill the excluded bytes: other PDF objects are hidden there"));
          set_attack (w, SD_VERIFY_ATTACK_SIGNATURE_WRAPPING);
        }
      else if (gap->string_length > 0)
        {
          reason (w, _("the bytes excluded from the signature are more than the signature value"));
          set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
        }
      else
        {
          reason (w, _("the bytes excluded from the signature are not a signature value"));
          set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
        }
      return;
    }
  if (!gap->after_contents_key || !gap->followed_by_dict_entry)
    {
      reason (w, _("the bytes excluded from the signature are not the /Contents of a signature dictionary"));
      set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
      return;
    }
  if (d->obj_num != 0 && gap->obj_num != d->obj_num)
    {
      gboolean copied = d->contents != NULL && gap->value != NULL
                        && g_bytes_equal (d->contents, gap->value);
      g_autofree char *text = NULL;

      if (copied)
        text = g_strdup_printf (_("this signature dictionary (object %d) copies the signature of object %d"),
                                d->obj_num, gap->obj_num);
      else
        text = g_strdup_printf (_("the /ByteRange points at the signature value of object %d, not of this signature (object %d)"),
                                gap->obj_num, d->obj_num);
      reason (w, text);
      set_attack (w, copied ? SD_VERIFY_ATTACK_SIGDICT_SPOOFING
                            : SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
      return;
    }
  if (!encrypted && d->contents != NULL && gap->value != NULL
      && !g_bytes_equal (d->contents, gap->value))
    {
      reason (w, _("the /Contents that a PDF reader sees is not the one excluded from the signed bytes"));
      set_attack (w, SD_VERIFY_ATTACK_SIGNATURE_WRAPPING);
    }
  /* A later signature must not reuse bytes that an earlier one signed. */
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      SdSigWork *other = g_ptr_array_index (all, i);

      if (other == w || !other->hashable || other->end >= w->end)
        continue;
      if (d->byte_range[1] < other->end)
        {
          reason (w, _("the bytes excluded from this signature overlap bytes signed by an earlier signature"));
          set_attack (w, SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION);
        }
    }
}

gboolean
sd_sig_work_prepare (SdSigWork     *w,
                     SdVerifyFile  *file,
                     gboolean       encrypted,
                     GPtrArray     *all,
                     GError       **error)
{
  SdSigDict *d = w->dict;
  g_autofree char *why = NULL;

  w->hashable = check_byte_range (w, sd_verify_file_get_size (file));
  if (w->hashable)
    {
      if (!sd_verify_inspect_gap (file, d->byte_range[1], d->byte_range[2], &w->gap, error))
        return FALSE;
      check_gap (w, encrypted, all);
    }

  if (!d->has_contents)
    {
      reason (w, _("the signature has no /Contents: there is no signature value"));
      set_attack (w, SD_VERIFY_ATTACK_UNIVERSAL_FORGERY);
      return TRUE;
    }
  if (w->gap.is_hex_string && w->gap.value != NULL)
    w->value = g_bytes_ref (w->gap.value);
  else if (d->contents != NULL)
    w->value = g_bytes_ref (d->contents);
  else
    w->value = g_bytes_new (NULL, 0);
  if (all_zero (w->value))
    {
      reason (w, _("the signature value is empty: the signature was prepared but never made"));
      set_attack (w, SD_VERIFY_ATTACK_UNIVERSAL_FORGERY);
      return TRUE;
    }
  w->check = sd_vfy_cms_check_new (d, w->value, &why);
  if (w->check == NULL)
    {
      reason (w, why);
      return TRUE;
    }
  w->out->digest_algorithm = g_strdup (EVP_MD_get0_name (sd_vfy_cms_check_get_md (w->check)));
  if (w->hashable)
    {
      w->md_ctx = EVP_MD_CTX_new ();
      if (EVP_DigestInit_ex (w->md_ctx, sd_vfy_cms_check_get_md (w->check), NULL) != 1)
        {
          reason (w, _("the signature's digest algorithm is not available"));
          g_clear_pointer (&w->md_ctx, EVP_MD_CTX_free);
          ERR_clear_error ();
        }
    }
  return TRUE;
}

void
sd_sig_work_verify (SdSigWork *w)
{
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  SdVfyCmsResult *r = &w->result;
  X509 *signer;

  if (w->check == NULL || w->md_ctx == NULL)
    return;
  EVP_DigestFinal_ex (w->md_ctx, digest, &len);
  sd_vfy_cms_check_verify (w->check, digest, len, r);
  w->crypto_done = TRUE;
  w->out->digest_ok = r->digest_ok;
  w->out->signature_ok = r->signature_ok;
  for (guint i = 0; i < r->reasons->len; i++)
    reason (w, g_ptr_array_index (r->reasons, i));
  if (!r->digest_ok)
    reason (w, w->dict->is_doc_timestamp
               ? _("the timestamped bytes were changed (the imprint does not match)")
               : _("the signed bytes were changed after signing (the digest does not match)"));
  if (!r->signature_ok)
    reason (w, _("the signature value does not verify with the signer's certificate"));

  signer = r->signer;
  if (signer != NULL)
    {
      w->out->signer_subject = sd_x509_name_to_string (X509_get_subject_name (signer));
      w->out->signer_issuer = sd_x509_name_to_string (X509_get_issuer_name (signer));
      w->out->signer_serial = sd_x509_serial_to_string (signer);
      w->out->signer_name = sd_x509_common_name (X509_get_subject_name (signer));
    }
  if (w->out->claimed_time == NULL && r->signing_time != NULL)
    w->out->claimed_time = g_date_time_ref (r->signing_time);
  if (r->timestamp_ok && r->timestamp_time != NULL)
    w->out->timestamp_time = g_date_time_ref (r->timestamp_time);
  if (r->has_timestamp && !r->timestamp_ok)
    reason (w, _("the signature timestamp is not valid"));
}

static void
push_der_certs (STACK_OF(X509) *stack,
                GPtrArray      *ders)
{
  for (guint i = 0; ders != NULL && i < ders->len; i++)
    {
      gsize len;
      const unsigned char *p = g_bytes_get_data (g_ptr_array_index (ders, i), &len);
      X509 *cert = d2i_X509 (NULL, &p, len);

      if (cert != NULL)
        sk_X509_push (stack, cert);
    }
  ERR_clear_error ();
}

static void
push_certs (STACK_OF(X509) *stack,
            STACK_OF(X509) *certs)
{
  for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
    {
      X509_up_ref (sk_X509_value (certs, i));
      sk_X509_push (stack, sk_X509_value (certs, i));
    }
}

/* The timestamp authority of a signature timestamp or a document
 * timestamp: chain at the time it states, its certificate must be a
 * time-stamping one, and its algorithms strong enough. */
static void
check_tsa (SdSigWork      *w,
           SdVfyTrust     *trust,
           SdVfyDss       *dss,
           STACK_OF(X509) *pool,
           char          **why)
{
  SdVfyCmsResult *r = &w->result;
  X509 *tsa = w->dict->is_doc_timestamp ? r->signer : r->tsa;
  const char *source = NULL;
  g_autofree char *subject = NULL;

  if (tsa == NULL)
    {
      *why = g_strdup (_("the timestamp authority's certificate is not in the token"));
      return;
    }
  if (!sd_verify_trust_check (trust, tsa, pool, g_date_time_to_unix (r->timestamp_time),
                              SD_VFY_AT_SIGNING, &source, &subject, why))
    return;
  if (!sd_verify_trust_is_tsa (tsa))
    {
      *why = g_strdup (_("the timestamp authority's certificate is not meant for timestamps (it needs the critical extended key usage timeStamping)"));
      return;
    }
  if ((*why = sd_vfy_tsa_algorithm_problem (tsa, r)) != NULL)
    return;
  /* A timestamp made with a key already revoked proves nothing. */
  {
    g_autoptr(GDateTime) revoked_at = NULL;
    const char *from = NULL;

    if (sd_vfy_check_revocation (dss, trust, tsa, pool, &revoked_at, &from) == SD_VFY_REVOCATION_REVOKED
        && (revoked_at == NULL || g_date_time_compare (revoked_at, r->timestamp_time) <= 0))
      {
        g_autofree char *when = revoked_at != NULL
                                ? g_date_time_format (revoked_at, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");

        *why = g_strdup_printf (_("the timestamp authority's certificate was revoked on %s, before the timestamp was made"),
                                when);
        return;
      }
  }
  w->out->timestamp_trusted = TRUE;
  if (w->dict->is_doc_timestamp)
    {
      g_free (w->out->anchor_source);
      w->out->anchor_source = g_strdup (source);
      g_free (w->out->anchor_subject);
      w->out->anchor_subject = g_steal_pointer (&subject);
    }
}

/* The signer's certificate against the DSS's revocation data: revoked
 * before the time a timestamp proves (or at all, when none does) makes
 * the signature invalid; revoked later does not. */
static void
check_revocation (SdSigWork      *w,
                  SdVfyTrust     *trust,
                  SdVfyDss       *dss,
                  STACK_OF(X509) *pool,
                  gboolean        time_proven)
{
  SdVerifySignature *s = w->out;
  g_autoptr(GDateTime) revoked_at = NULL;
  const char *source = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  switch (sd_vfy_check_revocation (dss, trust, w->result.signer, pool, &revoked_at, &source))
    {
    case SD_VFY_REVOCATION_UNKNOWN:
      s->revocation = dss != NULL && dss->present ? "unknown" : NULL;
      return;
    case SD_VFY_REVOCATION_GOOD:
      s->revocation = "good";
      s->revocation_source = source;
      return;
    case SD_VFY_REVOCATION_REVOKED:
    default:
      break;
    }
  s->revocation_source = source;
  s->revoked_at = revoked_at != NULL ? g_date_time_ref (revoked_at) : NULL;
  when = revoked_at != NULL ? g_date_time_format (revoked_at, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
  if (time_proven && revoked_at != NULL && g_date_time_compare (revoked_at, s->checked_at) > 0)
    {
      s->revocation = "revoked-after-signing";
      return;
    }
  s->revocation = "revoked";
  w->revoked = TRUE;
  if (time_proven)
    text = g_strdup_printf (_("the signer's certificate was revoked on %s, before the time a timestamp proves for the signature"),
                            when);
  else
    text = g_strdup_printf (_("the signer's certificate was revoked on %s, and no trusted timestamp proves that the signature was made before"),
                            when);
  reason (w, text);
}

void
sd_sig_work_check_trust (SdSigWork  *w,
                         SdVfyTrust *trust,
                         SdVfyDss   *dss,
                         GDateTime  *proven_later)
{
  SdVfyCmsResult *r = &w->result;
  STACK_OF(X509) *pool = sk_X509_new_null ();
  g_autofree char *why = NULL;
  g_autofree char *tsa_why = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  push_certs (pool, r->certs);
  push_certs (pool, r->tsa_certs);
  if (dss != NULL)
    push_der_certs (pool, dss->certs);

  if (r->timestamp_ok && r->timestamp_time != NULL)
    {
      check_tsa (w, trust, dss, pool, &tsa_why);
      if (!w->out->timestamp_trusted && !w->dict->is_doc_timestamp)
        {
          g_autofree char *text = g_strdup_printf (_("the timestamp authority is not trusted: %s"),
                                                   tsa_why ? tsa_why : "?");
          reason (w, text);
        }
    }
  if (r->timestamp_ok && r->timestamp_time != NULL)
    {
      X509 *tsa = w->dict->is_doc_timestamp ? r->signer : r->tsa;
      SdVerifyTimestamp *ts = g_new0 (SdVerifyTimestamp, 1);

      ts->document = w->dict->is_doc_timestamp;
      ts->field = ts->document ? g_strdup (w->dict->field_name) : NULL;
      ts->time = g_date_time_ref (r->timestamp_time);
      if (tsa != NULL)
        {
          ts->authority = sd_x509_name_to_string (X509_get_subject_name (tsa));
          ts->authority_name = sd_x509_common_name (X509_get_subject_name (tsa));
        }
      ts->trusted = w->out->timestamp_trusted;
      g_ptr_array_add (w->out->timestamps, ts);
    }
  /* Without a trusted timestamp the time is only what the signer claims:
   * the chain must hold then and now. */
  if (w->out->timestamp_trusted)
    w->out->checked_at = g_date_time_ref (r->timestamp_time);
  else if (proven_later != NULL && !w->dict->is_doc_timestamp)
    w->out->checked_at = g_date_time_ref (proven_later);
  else
    {
      w->out->time_claimed_only = !w->dict->is_doc_timestamp;
      w->out->checked_at = g_date_time_ref (w->out->claimed_time != NULL ? w->out->claimed_time : now);
    }

  if (r->signer == NULL)
    w->out->trusted = FALSE;
  else if (w->dict->is_doc_timestamp)
    {
      w->out->trusted = w->out->timestamp_trusted;
      if (!w->out->trusted)
        reason (w, tsa_why ? tsa_why : _("the timestamp authority is not trusted"));
    }
  else
    {
      const char *source = NULL;
      g_autofree char *subject = NULL;
      gboolean at_now = w->out->checked_at == now;

      w->out->trusted = sd_verify_trust_check (trust, r->signer, pool,
                                               g_date_time_to_unix (w->out->checked_at),
                                               at_now ? SD_VFY_AT_NOW : SD_VFY_AT_SIGNING,
                                               &source, &subject, &why);
      if (w->out->trusted && w->out->time_claimed_only && !at_now)
        w->out->trusted = sd_verify_trust_check (trust, r->signer, pool, g_date_time_to_unix (now),
                                                 SD_VFY_AT_NOW, NULL, NULL, &why);
      check_revocation (w, trust, dss, pool, !w->out->time_claimed_only);
      if (!w->out->trusted)
        reason (w, why);
      else
        {
          w->out->anchor_source = g_strdup (source);
          w->out->anchor_subject = g_steal_pointer (&subject);
        }
      /* A key not meant for signing documents does not vouch for one. */
      switch (sd_x509_document_signing_purpose (r->signer))
        {
        case SD_X509_PURPOSE_KEY_USAGE:
          w->wrong_purpose = TRUE;
          reason (w, _("the signer's certificate is not meant for signing documents (its key usage does not allow it)"));
          break;
        case SD_X509_PURPOSE_EXTENDED:
          w->wrong_purpose = TRUE;
          reason (w, _("the signer's certificate is not meant for signing documents (its extended key usage is for other purposes, such as TLS servers)"));
          break;
        case SD_X509_PURPOSE_OK:
        default:
          break;
        }
      if (w->wrong_purpose)
        w->out->trusted = FALSE;
    }
  if (r->signer != NULL && w->out->chain != NULL && w->out->chain->len == 0)
    sd_verify_trust_collect_chain (trust, r->signer, pool, w->out->chain);
  sd_sig_work_check_algorithms (w);
  if (w->weak)
    w->out->trusted = FALSE;
  if (!w->out->trusted)
    {
      g_clear_pointer (&w->out->anchor_source, g_free);
      g_clear_pointer (&w->out->anchor_subject, g_free);
    }
  sk_X509_pop_free (pool, X509_free);
}

/* Length of the DER structure at the start of @data (the CMS without its
 * zero padding), or 0. */
static gsize
der_length (const guint8 *data,
            gsize         len)
{
  gsize n, total = 0;

  if (len < 2)
    return 0;
  if (data[1] < 0x80)
    return MIN (len, (gsize) data[1] + 2);
  n = data[1] & 0x7f;
  if (n == 0 || n > 4 || len < 2 + n)
    return 0;
  for (gsize i = 0; i < n; i++)
    total = total << 8 | data[2 + i];
  return MIN (len, total + 2 + n);
}

gboolean
sd_sig_work_dss_covers (SdSigWork *w,
                        SdVfyDss  *dss)
{
  gsize len;
  const guint8 *data;
  gsize lengths[2];

  if (dss == NULL || !dss->present || w->value == NULL)
    return FALSE;
  data = g_bytes_get_data (w->value, &len);
  lengths[0] = len;
  lengths[1] = der_length (data, len);
  for (int i = 0; i < 2; i++)
    {
      guint8 md[SHA_DIGEST_LENGTH];
      char hex[2 * SHA_DIGEST_LENGTH + 1];

      if (lengths[i] == 0)
        continue;
      SHA1 (data, lengths[i], md);
      for (int j = 0; j < SHA_DIGEST_LENGTH; j++)
        g_snprintf (hex + 2 * j, 3, "%02X", md[j]);
      for (guint k = 0; k < dss->vri_keys->len; k++)
        if (strcmp (g_ptr_array_index (dss->vri_keys, k), hex) == 0)
          return TRUE;
    }
  if (w->result.signer != NULL)
    {
      unsigned char *der = NULL;
      int der_len = i2d_X509 (w->result.signer, &der);
      gboolean found = FALSE;

      for (guint k = 0; der_len > 0 && k < dss->certs->len && !found; k++)
        {
          gsize clen;
          const guint8 *c = g_bytes_get_data (g_ptr_array_index (dss->certs, k), &clen);

          found = clen == (gsize) der_len && memcmp (c, der, clen) == 0;
        }
      OPENSSL_free (der);
      return found;
    }
  return FALSE;
}

void
sd_sig_work_conclude (SdSigWork *w)
{
  SdVerifySignature *s = w->out;
  gboolean bad = !s->digest_ok || !s->signature_ok || s->attack != SD_VERIFY_ATTACK_NONE
                 || s->coverage == SD_VERIFY_COVERAGE_PARTIAL || !w->hashable || !w->crypto_done;

  if (w->result.ess_present && !w->result.ess_ok)
    bad = TRUE;
  /* Policy findings are named when nothing worse was found. */
  if (w->refused || w->revoked)
    bad = TRUE;
  if (s->attack == SD_VERIFY_ATTACK_NONE)
    {
      if (w->refused)
        s->attack = SD_VERIFY_ATTACK_WEAK_ALGORITHM;
      else if (w->wrong_purpose)
        s->attack = SD_VERIFY_ATTACK_UNTRUSTED_PURPOSE;
      else if (w->weak)
        s->attack = SD_VERIFY_ATTACK_WEAK_ALGORITHM;
    }
  if (w->result.has_timestamp && !w->result.timestamp_ok)
    bad = TRUE;
  for (guint i = 0; i < s->changes_after->len; i++)
    {
      SdVerifyChange *change = g_ptr_array_index (s->changes_after, i);

      if (!change->allowed)
        bad = TRUE;
    }
  if (s->coverage == SD_VERIFY_COVERAGE_PARTIAL && w->hashable)
    reason (w, _("the signature does not cover the whole revision it belongs to"));
  if (bad)
    s->verdict = SD_VERIFY_VERDICT_INVALID;
  else if (!s->trusted)
    s->verdict = SD_VERIFY_VERDICT_UNTRUSTED;
  else
    s->verdict = SD_VERIFY_VERDICT_VALID;
}
