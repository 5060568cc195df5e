/* sd-verify-report-text.c: the report as text for people (translated) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-verify-report.h"

/* Text from the document or a certificate, safe on one terminal line:
 * control characters (escape sequences, line breaks) become spaces. */
static const char *
clean (GPtrArray  *pool,
       const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  g_ptr_array_add (pool, out->str);
  return g_string_free (out, FALSE);
}

static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return NULL;
  utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static const char *
level_describe (SdVerifySignature *sig)
{
  switch (sig->level)
    {
    case SD_VERIFY_LEVEL_B_B:
      return _("PAdES B-B (basic)");
    case SD_VERIFY_LEVEL_B_T:
      return _("PAdES B-T (with a signature timestamp)");
    case SD_VERIFY_LEVEL_B_LT:
      return _("PAdES B-LT (with validation data)");
    case SD_VERIFY_LEVEL_B_LTA:
      return _("PAdES B-LTA (validation data protected by a document timestamp)");
    case SD_VERIFY_LEVEL_PKCS7:
      return _("PKCS#7 (older Acrobat format)");
    case SD_VERIFY_LEVEL_TIMESTAMP:
    default:
      return _("document timestamp");
    }
}

static void
append_signature (GString           *out,
                  SdVerifySignature *sig,
                  guint              index,
                  guint              count)
{
  g_autofree char *claimed = format_time (sig->claimed_time);
  g_autofree char *stamped = format_time (sig->timestamp_time);
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_free);

  if (sig->is_doc_timestamp)
    g_string_append_printf (out, _("Document timestamp %u of %u"), index, count);
  else
    g_string_append_printf (out, _("Signature %u of %u"), index, count);
  if (sig->field != NULL)
    g_string_append_printf (out, _(" — field “%s”"), clean (pool, sig->field));
  g_string_append_printf (out, _(" (revision %d)\n"), sig->revision);

  if (sig->signer_subject != NULL)
    {
      g_string_append_printf (out, _("  Signer:     %s\n"), clean (pool, sig->signer_subject));
      g_string_append_printf (out, _("  Issued by:  %s\n"), clean (pool, sig->signer_issuer));
    }
  else
    g_string_append (out, _("  Signer:     unknown (no certificate could be read)\n"));
  if (claimed != NULL)
    g_string_append_printf (out, _("  Signed at:  %s (as claimed by the signer)\n"), claimed);
  if (sig->time_claimed_only && !sig->is_doc_timestamp)
    g_string_append (out, _("  Time:       only claimed: no trusted timestamp confirms it, so the certificate was checked at the claimed time and now\n"));
  if (stamped != NULL && sig->timestamps->len == 0)
    g_string_append_printf (out, sig->timestamp_trusted
                                 ? _("  Timestamp:  %s (from a trusted timestamp authority)\n")
                                 : _("  Timestamp:  %s (the timestamp authority is not trusted)\n"),
                            stamped);
  if (g_strcmp0 (sig->revocation, "good") == 0)
    g_string_append (out, g_strcmp0 (sig->revocation_source, "crl") == 0
                          ? _("  Revocation: not revoked (a CRL in the document)\n")
                          : _("  Revocation: not revoked (an OCSP response in the document)\n"));
  else if (g_strcmp0 (sig->revocation, "revoked-after-signing") == 0)
    {
      g_autofree char *when = format_time (sig->revoked_at);

      g_string_append_printf (out, _("  Revocation: revoked on %s, after the time the signature was made\n"),
                              when ? when : "?");
    }
  else if (g_strcmp0 (sig->revocation, "revoked") == 0)
    {
      g_autofree char *when = format_time (sig->revoked_at);

      g_string_append_printf (out, _("  Revocation: revoked on %s\n"), when ? when : "?");
    }
  else if (g_strcmp0 (sig->revocation, "unknown") == 0)
    g_string_append (out, _("  Revocation: the document holds no revocation data for the signer's certificate\n"));
  for (guint i = 0; i < sig->timestamps->len; i++)
    {
      SdVerifyTimestamp *ts = g_ptr_array_index (sig->timestamps, i);
      g_autofree char *when = format_time (ts->time);
      const char *who = ts->authority != NULL ? clean (pool, ts->authority) : _("unknown authority");

      if (ts->document)
        g_string_append_printf (out, ts->trusted
                                     ? _("  Timestamp:  %s by %s (document timestamp, trusted)\n")
                                     : _("  Timestamp:  %s by %s (document timestamp, the authority is not trusted)\n"),
                                when, who);
      else
        g_string_append_printf (out, ts->trusted
                                     ? _("  Timestamp:  %s by %s (signature timestamp, trusted)\n")
                                     : _("  Timestamp:  %s by %s (signature timestamp, the authority is not trusted)\n"),
                                when, who);
    }
  if (sig->signing_reason != NULL)
    g_string_append_printf (out, _("  Reason:     %s\n"), clean (pool, sig->signing_reason));
  if (sig->location != NULL)
    g_string_append_printf (out, _("  Location:   %s\n"), clean (pool, sig->location));
  g_string_append_printf (out, _("  Level:      %s\n"), level_describe (sig));
  if (sig->docmdp > 0)
    g_string_append_printf (out, _("  Certifies:  the document, level %d (%s)\n"), sig->docmdp,
                            sig->docmdp == 1 ? _("no changes allowed")
                            : sig->docmdp == 2 ? _("form filling and signing allowed")
                            : _("form filling, signing and annotations allowed"));
  g_string_append_printf (out, _("  Covers:     %s\n"), sd_verify_coverage_describe (sig->coverage));
  g_string_append_printf (out, _("  Integrity:  %s\n"),
                          sig->digest_ok && sig->signature_ok ? _("intact")
                          : _("broken"));
  g_string_append_printf (out, _("  Trust:      %s\n"),
                          sig->trusted ? _("the signer is trusted") : _("the signer is not trusted"));
  if (sig->anchor_subject != NULL)
    g_string_append_printf (out, _("  Anchor:     %s (%s)\n"), clean (pool, sig->anchor_subject),
                            g_strcmp0 (sig->anchor_source, "trust-list") == 0 ? _("Sealdesk trust list")
                            : g_strcmp0 (sig->anchor_source, "file") == 0 ? _("trust anchor file")
                            : _("system certificate store"));
  g_string_append_printf (out, _("  Verdict:    %s\n"), sd_verify_verdict_describe (sig->verdict));
  if (sig->attack != SD_VERIFY_ATTACK_NONE)
    g_string_append_printf (out, _("  Attack:     %s\n"), sd_verify_attack_describe (sig->attack));
  for (guint i = 0; i < sig->reasons->len; i++)
    g_string_append_printf (out, "    - %s\n", clean (pool, g_ptr_array_index (sig->reasons, i)));
  if (sig->changes_after->len == 0)
    g_string_append (out, _("  Changes after signing: none\n"));
  else
    {
      g_string_append (out, _("  Changes after signing:\n"));
      for (guint i = 0; i < sig->changes_after->len; i++)
        {
          SdVerifyChange *c = g_ptr_array_index (sig->changes_after, i);

          g_string_append_printf (out, c->allowed ? _("    revision %d, %s: %s (allowed)\n")
                                                  : _("    revision %d, %s: %s (NOT allowed)\n"),
                                  c->revision, sd_verify_change_kind_describe (c->kind),
                                  clean (pool, c->detail));
        }
    }
  g_string_append_c (out, '\n');
}

char *
sd_verify_report_describe_void (SdVerifyReport *report)
{
  const SdVerifySignature *v = sd_verify_report_get_void (report);
  g_autofree char *when = NULL;
  char *text;

  if (v == NULL)
    return NULL;
  when = format_time (v->timestamp_time != NULL ? v->timestamp_time : v->claimed_time);
  /* TRANSLATORS: "VOIDED in revision 3 by Ada Lovelace on 2026-12-06 10:00:00 UTC: superseded" */
  text = g_strdup_printf (_("VOIDED in revision %d by %s on %s: %s\n"
                            "The signatures before it remain as they were; the document no longer stands.\n\n"),
                          v->revision,
                          v->signer_name != NULL ? v->signer_name : (v->signer_subject ? v->signer_subject : "?"),
                          when != NULL ? when : "?",
                          v->signing_reason != NULL ? v->signing_reason : _("no reason given"));
  return g_strchomp (text);
}

char *
sd_verify_report_to_text (SdVerifyReport *report)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Document:   %s\n"), report->file);
  g_string_append_printf (out, _("SHA-256:    %s\n"), report->sha256 ? report->sha256 : "?");
  g_string_append_printf (out, _("Revisions:  %d\n\n"), report->n_revisions);
  {
    g_autofree char *voided = sd_verify_report_describe_void (report);

    if (voided != NULL)
      g_string_append_printf (out, "%s\n\n", voided);
  }

  for (guint i = 0; i < report->signatures->len; i++)
    append_signature (out, g_ptr_array_index (report->signatures, i), i + 1,
                      report->signatures->len);

  for (guint i = 0; i < report->reasons->len; i++)
    g_string_append_printf (out, _("Note: %s\n"), (char *) g_ptr_array_index (report->reasons, i));
  switch (report->verdict)
    {
    case SD_VERIFY_VERDICT_VALID:
      g_string_append (out, _("Document verdict: VALID — every signature is intact and trusted, and nothing was changed after signing but what is allowed.\n"));
      break;
    case SD_VERIFY_VERDICT_UNTRUSTED:
      g_string_append (out, _("Document verdict: UNTRUSTED — the signatures are intact, but a signer is not trusted.\n"));
      break;
    case SD_VERIFY_VERDICT_INVALID:
      g_string_append (out, _("Document verdict: INVALID — a signature is broken or the document was changed in a way that is not allowed.\n"));
      break;
    case SD_VERIFY_VERDICT_UNSIGNED:
    default:
      g_string_append (out, _("Document verdict: NOT SIGNED — nothing vouches for this document.\n"));
      break;
    }
  return g_string_free (out, FALSE);
}
