/* sd-verify-report.c: the verification report model and its JSON form */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sd-verify-report.h"

G_DEFINE_BOXED_TYPE (SdVerifyReport, sd_verify_report,
                     sd_verify_report_ref, sd_verify_report_unref)

static void
report_clear (SdVerifyReport *report)
{
  g_free (report->file);
  g_free (report->sha256);
  g_clear_pointer (&report->signatures, g_ptr_array_unref);
  g_clear_pointer (&report->reasons, g_ptr_array_unref);
  g_clear_pointer (&report->verified_at, g_date_time_unref);
  g_free (report->too_complex);
}

SdVerifyReport *
sd_verify_report_new (const char *file)
{
  SdVerifyReport *report = g_atomic_rc_box_new0 (SdVerifyReport);

  report->file = g_strdup (file);
  report->verdict = SD_VERIFY_VERDICT_UNSIGNED;
  report->signatures =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sd_verify_signature_free);
  report->reasons = g_ptr_array_new_with_free_func (g_free);
  report->verified_at = g_date_time_new_now_utc ();
  return report;
}

SdVerifyReport *
sd_verify_report_ref (SdVerifyReport *report)
{
  return g_atomic_rc_box_acquire (report);
}

void
sd_verify_report_unref (SdVerifyReport *report)
{
  g_atomic_rc_box_release_full (report, (GDestroyNotify) report_clear);
}

SdVerifySignature *
sd_verify_signature_new (void)
{
  SdVerifySignature *sig = g_new0 (SdVerifySignature, 1);

  sig->changes_after =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sd_verify_change_free);
  sig->reasons = g_ptr_array_new_with_free_func (g_free);
  sig->timestamps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_verify_timestamp_free);
  sig->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sig->verdict = SD_VERIFY_VERDICT_INVALID;
  sig->coverage = SD_VERIFY_COVERAGE_PARTIAL;
  return sig;
}

void
sd_verify_signature_free (SdVerifySignature *sig)
{
  if (sig == NULL)
    return;
  g_free (sig->field);
  g_free (sig->subfilter);
  g_free (sig->signer_subject);
  g_free (sig->signer_issuer);
  g_free (sig->signer_serial);
  g_free (sig->signer_name);
  g_clear_pointer (&sig->claimed_time, g_date_time_unref);
  g_clear_pointer (&sig->timestamp_time, g_date_time_unref);
  g_clear_pointer (&sig->checked_at, g_date_time_unref);
  g_clear_pointer (&sig->revoked_at, g_date_time_unref);
  g_free (sig->signing_reason);
  g_free (sig->location);
  g_free (sig->digest_algorithm);
  g_free (sig->anchor_source);
  g_free (sig->anchor_subject);
  g_ptr_array_unref (sig->changes_after);
  g_ptr_array_unref (sig->reasons);
  g_clear_pointer (&sig->timestamps, g_ptr_array_unref);
  g_clear_pointer (&sig->chain, g_ptr_array_unref);
  g_free (sig);
}

SdVerifyTimestamp *
sd_verify_timestamp_copy (const SdVerifyTimestamp *ts)
{
  SdVerifyTimestamp *copy = g_new0 (SdVerifyTimestamp, 1);

  copy->document = ts->document;
  copy->field = g_strdup (ts->field);
  copy->time = ts->time != NULL ? g_date_time_ref (ts->time) : NULL;
  copy->authority = g_strdup (ts->authority);
  copy->authority_name = g_strdup (ts->authority_name);
  copy->trusted = ts->trusted;
  return copy;
}

void
sd_verify_timestamp_free (SdVerifyTimestamp *ts)
{
  if (ts == NULL)
    return;
  g_free (ts->field);
  g_clear_pointer (&ts->time, g_date_time_unref);
  g_free (ts->authority);
  g_free (ts->authority_name);
  g_free (ts);
}

SdVerifyChange *
sd_verify_change_new (int                 revision,
                      SdVerifyChangeKind  kind,
                      gboolean            allowed,
                      const char         *detail)
{
  SdVerifyChange *change = g_new0 (SdVerifyChange, 1);

  change->revision = revision;
  change->kind = kind;
  change->allowed = allowed;
  change->detail = g_strdup (detail);
  return change;
}

SdVerifyChange *
sd_verify_change_copy (const SdVerifyChange *change)
{
  return sd_verify_change_new (change->revision, change->kind,
                               change->allowed, change->detail);
}

void
sd_verify_change_free (SdVerifyChange *change)
{
  if (change == NULL)
    return;
  g_free (change->detail);
  g_free (change);
}

static void
add_unique (GPtrArray  *array,
            const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), text) == 0)
      return;
  g_ptr_array_add (array, g_strdup (text));
}

void
sd_verify_signature_add_reason (SdVerifySignature *sig,
                                const char        *reason)
{
  add_unique (sig->reasons, reason);
}

void
sd_verify_report_add_reason (SdVerifyReport *report,
                             const char     *reason)
{
  add_unique (report->reasons, reason);
}

const char *
sd_verify_verdict_to_string (SdVerifyVerdict verdict)
{
  static const char * const names[] = { "valid", "untrusted", "invalid", "unsigned" };

  g_return_val_if_fail (verdict <= SD_VERIFY_VERDICT_UNSIGNED, "invalid");
  return names[verdict];
}

const char *
sd_verify_level_to_string (SdVerifyLevel level)
{
  static const char * const names[] = { "B-B", "B-T", "B-LT", "B-LTA", "PKCS7", "timestamp" };

  g_return_val_if_fail (level <= SD_VERIFY_LEVEL_TIMESTAMP, "B-B");
  return names[level];
}

const char *
sd_verify_coverage_to_string (SdVerifyCoverage coverage)
{
  static const char * const names[] = { "whole-file", "whole-revision", "partial" };

  g_return_val_if_fail (coverage <= SD_VERIFY_COVERAGE_PARTIAL, "partial");
  return names[coverage];
}

const char *
sd_verify_change_kind_to_string (SdVerifyChangeKind kind)
{
  static const char * const names[] = {
    "signature", "form-fill", "dss", "doc-timestamp", "annotation",
    "page-content", "pages", "other",
  };

  g_return_val_if_fail (kind <= SD_VERIFY_CHANGE_OTHER, "other");
  return names[kind];
}

const char *
sd_verify_attack_to_string (SdVerifyAttack attack)
{
  static const char * const names[] = {
    NULL, "incremental-saving", "signature-wrapping", "shadow-hide",
    "shadow-replace", "shadow-hide-and-replace", "universal-forgery",
    "byterange-manipulation", "sigdict-spoofing", "shadow-dangling-reference",
    "optional-content", "sneaky-signature", "evil-annotation", "active-content",
    "locked-field", "untrusted-purpose", "weak-algorithm", "too-complex",
  };

  g_return_val_if_fail ((guint) attack < G_N_ELEMENTS (names), NULL);
  return names[attack];
}

const char *
sd_verify_verdict_describe (SdVerifyVerdict verdict)
{
  switch (verdict)
    {
    case SD_VERIFY_VERDICT_VALID:
      return _("valid");
    case SD_VERIFY_VERDICT_UNTRUSTED:
      return _("intact, but the signer is not trusted");
    case SD_VERIFY_VERDICT_INVALID:
      return _("invalid");
    case SD_VERIFY_VERDICT_UNSIGNED:
    default:
      return _("not signed");
    }
}

const char *
sd_verify_coverage_describe (SdVerifyCoverage coverage)
{
  switch (coverage)
    {
    case SD_VERIFY_COVERAGE_WHOLE_FILE:
      return _("the whole file");
    case SD_VERIFY_COVERAGE_WHOLE_REVISION:
      return _("the whole revision it signed (later updates follow)");
    case SD_VERIFY_COVERAGE_PARTIAL:
    default:
      return _("only part of the file");
    }
}

const char *
sd_verify_change_kind_describe (SdVerifyChangeKind kind)
{
  switch (kind)
    {
    case SD_VERIFY_CHANGE_SIGNATURE:
      return _("signature");
    case SD_VERIFY_CHANGE_FORM_FILL:
      return _("form filling");
    case SD_VERIFY_CHANGE_DSS:
      return _("validation data (DSS)");
    case SD_VERIFY_CHANGE_DOC_TIMESTAMP:
      return _("document timestamp");
    case SD_VERIFY_CHANGE_ANNOTATION:
      return _("annotation");
    case SD_VERIFY_CHANGE_PAGE_CONTENT:
      return _("page content");
    case SD_VERIFY_CHANGE_PAGES:
      return _("pages");
    case SD_VERIFY_CHANGE_OTHER:
    default:
      return _("other");
    }
}

const char *
sd_verify_attack_describe (SdVerifyAttack attack)
{
  switch (attack)
    {
    case SD_VERIFY_ATTACK_INCREMENTAL_SAVING:
      return _("incremental saving attack: content was added after the signed bytes");
    case SD_VERIFY_ATTACK_SIGNATURE_WRAPPING:
      return _("signature wrapping attack: the signed bytes were moved and other content put in their place");
    case SD_VERIFY_ATTACK_SHADOW_HIDE:
      return _("shadow attack (hide): content that the signer saw was hidden after signing");
    case SD_VERIFY_ATTACK_SHADOW_REPLACE:
      return _("shadow attack (replace): content was replaced after signing");
    case SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE:
      return _("shadow attack (hide and replace): content hidden in the signed file was shown after signing");
    case SD_VERIFY_ATTACK_UNIVERSAL_FORGERY:
      return _("universal signature forgery: the signature value or its byte range is missing or empty");
    case SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION:
      return _("byte range manipulation: the signed byte range does not describe this signature");
    case SD_VERIFY_ATTACK_SIGDICT_SPOOFING:
      return _("signature dictionary spoofing: the signature's dictionary was copied or changed");
    case SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE:
      return _("shadow attack (dangling reference): an object the signed revision referred to but did not define was defined after signing");
    case SD_VERIFY_ATTACK_OPTIONAL_CONTENT:
      return _("optional content attack: layers of the signed pages were switched on or off after signing");
    case SD_VERIFY_ATTACK_SNEAKY_SIGNATURE:
      return _("sneaky signature attack: an unsigned signature field with a visible appearance was added after signing");
    case SD_VERIFY_ATTACK_EVIL_ANNOTATION:
      return _("evil annotation attack: an annotation that shows on screen or on paper was added after signing");
    case SD_VERIFY_ATTACK_ACTIVE_CONTENT:
      return _("active content: actions, scripts, attachments or outlines were changed after signing");
    case SD_VERIFY_ATTACK_LOCKED_FIELD:
      return _("a form field locked by a signature was changed after signing");
    case SD_VERIFY_ATTACK_UNTRUSTED_PURPOSE:
      return _("untrusted purpose: the signer's certificate is not meant for signing documents");
    case SD_VERIFY_ATTACK_WEAK_ALGORITHM:
      return _("weak algorithm: the signature relies on a digest or key that can no longer be trusted");
    case SD_VERIFY_ATTACK_TOO_COMPLEX:
      return _("too complex to verify safely: the document exceeds a limit of the verifier");
    case SD_VERIFY_ATTACK_NONE:
    default:
      return NULL;
    }
}

static void
add_time (JsonBuilder *b,
          const char  *member,
          GDateTime   *when)
{
  json_builder_set_member_name (b, member);
  if (when == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
    g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

    json_builder_add_string_value (b, text);
  }
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strings (JsonBuilder *b,
             const char  *member,
             GPtrArray   *strings)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

static void
add_signature (JsonBuilder       *b,
               SdVerifySignature *sig)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "field", sig->field);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, sig->revision);
  add_string_or_null (b, "subfilter", sig->subfilter);

  json_builder_set_member_name (b, "signer");
  if (sig->signer_subject != NULL)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "subject", sig->signer_subject);
      add_string_or_null (b, "issuer", sig->signer_issuer);
      add_string_or_null (b, "serial", sig->signer_serial);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  add_time (b, "claimed_time", sig->claimed_time);
  add_time (b, "timestamp_time", sig->timestamp_time);
  add_string_or_null (b, "level", sd_verify_level_to_string (sig->level));
  add_string_or_null (b, "coverage", sd_verify_coverage_to_string (sig->coverage));
  json_builder_set_member_name (b, "digest_ok");
  json_builder_add_boolean_value (b, sig->digest_ok);
  json_builder_set_member_name (b, "signature_ok");
  json_builder_add_boolean_value (b, sig->signature_ok);
  add_string_or_null (b, "trust", sig->trusted ? "trusted" : "untrusted");

  json_builder_set_member_name (b, "changes_after");
  json_builder_begin_array (b);
  for (guint i = 0; i < sig->changes_after->len; i++)
    {
      SdVerifyChange *change = g_ptr_array_index (sig->changes_after, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "revision");
      json_builder_add_int_value (b, change->revision);
      add_string_or_null (b, "kind", sd_verify_change_kind_to_string (change->kind));
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, change->allowed);
      add_string_or_null (b, "detail", change->detail);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_string_or_null (b, "attack", sd_verify_attack_to_string (sig->attack));
  add_string_or_null (b, "verdict", sd_verify_verdict_to_string (sig->verdict));
  add_strings (b, "reasons", sig->reasons);

  /* Additions to the contract. */
  json_builder_set_member_name (b, "byte_range");
  json_builder_begin_array (b);
  for (int i = 0; i < sig->n_byte_range && i < 4; i++)
    json_builder_add_int_value (b, sig->byte_range[i]);
  json_builder_end_array (b);
  add_string_or_null (b, "digest_algorithm", sig->digest_algorithm);
  json_builder_set_member_name (b, "certification");
  if (sig->docmdp > 0)
    json_builder_add_int_value (b, sig->docmdp);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "timestamp_trusted");
  json_builder_add_boolean_value (b, sig->timestamp_trusted);
  json_builder_set_member_name (b, "timestamps");
  json_builder_begin_array (b);
  for (guint i = 0; sig->timestamps != NULL && i < sig->timestamps->len; i++)
    {
      SdVerifyTimestamp *ts = g_ptr_array_index (sig->timestamps, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "kind", ts->document ? "document" : "signature");
      add_string_or_null (b, "field", ts->field);
      add_time (b, "time", ts->time);
      add_string_or_null (b, "authority", ts->authority);
      json_builder_set_member_name (b, "trusted");
      json_builder_add_boolean_value (b, ts->trusted);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_time (b, "checked_at", sig->checked_at);
  add_string_or_null (b, "signing_reason", sig->signing_reason);
  add_string_or_null (b, "location", sig->location);
  json_builder_set_member_name (b, "voids_document");
  json_builder_add_boolean_value (b, sig->voids_document);
  json_builder_set_member_name (b, "anchor");
  if (sig->anchor_source != NULL)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "source", sig->anchor_source);
      add_string_or_null (b, "subject", sig->anchor_subject);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "time_claimed_only");
  json_builder_add_boolean_value (b, sig->time_claimed_only);
  json_builder_set_member_name (b, "revocation");
  if (sig->revocation != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, sig->revocation);
      json_builder_set_member_name (b, "source");
      if (sig->revocation_source != NULL)
        json_builder_add_string_value (b, sig->revocation_source);
      else
        json_builder_add_null_value (b);
      add_time (b, "revoked_at", sig->revoked_at);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

JsonNode *
sd_verify_report_to_json_node (SdVerifyReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string_or_null (b, "file", report->file);
  add_string_or_null (b, "sha256", report->sha256);
  add_string_or_null (b, "verdict", sd_verify_verdict_to_string (report->verdict));
  json_builder_set_member_name (b, "signatures");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->signatures->len; i++)
    add_signature (b, g_ptr_array_index (report->signatures, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, report->size);
  json_builder_set_member_name (b, "pages");
  json_builder_add_int_value (b, report->n_pages);
  json_builder_set_member_name (b, "revisions");
  json_builder_add_int_value (b, report->n_revisions);
  json_builder_set_member_name (b, "encrypted");
  json_builder_add_boolean_value (b, report->encrypted);
  add_strings (b, "reasons", report->reasons);
  add_time (b, "verified_at", report->verified_at);
  add_string_or_null (b, "too_complex", report->too_complex);
  json_builder_set_member_name (b, "voided");
  {
    const SdVerifySignature *v = sd_verify_report_get_void (report);

    if (v != NULL)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "revision");
        json_builder_add_int_value (b, v->revision);
        add_string_or_null (b, "field", v->field);
        add_string_or_null (b, "by", v->signer_subject);
        add_string_or_null (b, "name", v->signer_name);
        add_time (b, "time", v->timestamp_time != NULL ? v->timestamp_time : v->claimed_time);
        add_string_or_null (b, "reason", v->signing_reason);
        add_string_or_null (b, "verdict", sd_verify_verdict_to_string (v->verdict));
        json_builder_end_object (b);
      }
    else
      json_builder_add_null_value (b);
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

const SdVerifySignature *
sd_verify_report_get_void (SdVerifyReport *report)
{
  for (guint i = 0; report->signatures != NULL && i < report->signatures->len; i++)
    {
      const SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      if (sig->voids_document && sig->digest_ok && sig->signature_ok)
        return sig;
    }
  return NULL;
}

char *
sd_verify_report_to_json (SdVerifyReport *report,
                          gboolean        pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = sd_verify_report_to_json_node (report);

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}
