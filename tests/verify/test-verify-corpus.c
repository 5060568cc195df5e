/* test-verify-corpus.c: the public corpus (../shared/corpus, read in place)
 *
 * signed/: every signature's digest/signature result agrees with pdfsig
 * where pdfsig can verify it, and the document verdict is the MANIFEST's
 * expected one ("valid-untrusted" is "untrusted" without a trust anchor).
 * attacks/: never "valid", and the attack is named where MANIFEST names one.
 * Skipped when the corpus is absent.
 */
#include "config.h"

#include <string.h>

#include "sd-test-util.h"
#include "test-verify.h"

/* Where this verifier deliberately disagrees with MANIFEST.tsv. */
static const struct {
  const char *path;
  SdVerifyVerdict verdict;
  const char *why;
} disagreements[] = {
  { "signed/five-signatures-and-doc-timestamp.pdf", SD_VERIFY_VERDICT_INVALID,
    "its last revision's cross-reference section has /Prev 0, so a reader that follows "
    "the chain (qpdf) sees none of the five signatures nor the page tree; readers that "
    "reconstruct the file (poppler) see them: reader-dependent content is not valid" },
  { "signed/itext5-adbe-x509-rsa-sha1.pdf", SD_VERIFY_VERDICT_INVALID,
    "a SHA-1 signature claimed to be made in 2021: the algorithm policy refuses SHA-1 "
    "for signatures made after 2016" },
};

/* MANIFEST wording → the attack the report must name. */
static const struct {
  const char *words;
  SdVerifyAttack attack;
} attack_words[] = {
  { "signature wrapping", SD_VERIFY_ATTACK_SIGNATURE_WRAPPING },
  { "incremental saving", SD_VERIFY_ATTACK_INCREMENTAL_SAVING },
  { "shadow attack (hide)", SD_VERIFY_ATTACK_SHADOW_HIDE },
  { "shadow attack (replace)", SD_VERIFY_ATTACK_SHADOW_REPLACE },
  { "hide-and-replace", SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE },
  { "(spoofing)", SD_VERIFY_ATTACK_SIGDICT_SPOOFING },
  { "signature dictionary modified", SD_VERIFY_ATTACK_SIGDICT_SPOOFING },
  { "ByteRange manipulated", SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION },
  { "universal signature forgery", SD_VERIFY_ATTACK_UNIVERSAL_FORGERY },
};

typedef struct {
  char *path;                   /* relative to the corpus */
  char *expected;
} CorpusCase;

static void
corpus_case_free (gpointer data)
{
  CorpusCase *c = data;

  g_free (c->path);
  g_free (c->expected);
  g_free (c);
}

static SdVerifyVerdict
expected_verdict (const CorpusCase *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (disagreements); i++)
    if (strcmp (c->path, disagreements[i].path) == 0)
      {
        g_test_message ("%s: expecting %s, not MANIFEST's “%s”: %s", c->path,
                        sd_verify_verdict_to_string (disagreements[i].verdict),
                        c->expected, disagreements[i].why);
        return disagreements[i].verdict;
      }
  if (g_str_has_prefix (c->expected, "valid-untrusted"))
    return SD_VERIFY_VERDICT_UNTRUSTED;
  if (g_str_has_prefix (c->expected, "valid"))
    return SD_VERIFY_VERDICT_VALID;
  return SD_VERIFY_VERDICT_INVALID;
}

/* pdfsig's result for one signature, compared with ours where pdfsig can
 * tell (it cannot verify document timestamps, adbe.x509.rsa_sha1,
 * plain-ECDSA or Ed25519: those it reports otherwise). */
static void
compare_with_pdfsig (SdVerifyReport *report,
                     GPtrArray      *pdfsig)
{
  for (guint i = 0; i < pdfsig->len; i++)
    {
      TvPdfsigEntry *e = g_ptr_array_index (pdfsig, i);
      SdVerifySignature *ours;
      gboolean pdfsig_valid, pdfsig_broken;

      if (e->validation == NULL)
        continue;                               /* an unsigned field */
      pdfsig_valid = g_str_has_prefix (e->validation, "Signature is Valid");
      pdfsig_broken = g_str_has_prefix (e->validation, "Digest Mismatch")
                      || g_str_has_prefix (e->validation, "Signature is Invalid");
      ours = tv_find_signature (report, e->field);
      if (ours == NULL)
        g_error ("pdfsig reports a signature in field “%s” that the verifier did not find", e->field);
      if (pdfsig_valid)
        {
          g_assert_true (ours->digest_ok);
          g_assert_true (ours->signature_ok);
        }
      else if (pdfsig_broken)
        g_assert_false (ours->digest_ok && ours->signature_ok);
      else
        g_test_message ("field “%s”: pdfsig says “%s”: not compared", e->field, e->validation);
    }
}

static void
test_signed (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autofree char *path = sd_test_corpus_file (c->path);
  g_autoptr(SdVerifyReport) report = NULL;
  g_autoptr(GPtrArray) pdfsig = NULL;
  const char *args[] = { "verify", path, "--no-system-trust", NULL };
  SdVerifyVerdict expected;
  int status;

  if (path == NULL)
    return;
  expected = expected_verdict (c);
  report = tv_verify (path, NULL);
  g_test_message ("%s: %s (%u signatures)", c->path,
                  sd_verify_verdict_to_string (report->verdict), report->signatures->len);
  g_assert_cmpuint (report->signatures->len, >, 0);
  g_assert_cmpstr (sd_verify_verdict_to_string (report->verdict), ==,
                   sd_verify_verdict_to_string (expected));
  for (guint i = 0; i < report->signatures->len && expected == SD_VERIFY_VERDICT_UNTRUSTED; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      g_assert_true (sig->digest_ok);
      g_assert_true (sig->signature_ok);
      g_assert_false (sig->trusted);
      /* SHA-1 before 2017 and 1024-bit keys are named weak, not broken. */
      g_assert_true (sig->attack == SD_VERIFY_ATTACK_NONE
                     || sig->attack == SD_VERIFY_ATTACK_WEAK_ALGORITHM);
      g_assert_cmpuint (sig->reasons->len, >, 0);      /* says why it is untrusted */
    }

  pdfsig = tv_pdfsig (path);
  if (pdfsig != NULL)
    compare_with_pdfsig (report, pdfsig);

  status = tv_cli (args, NULL, NULL);
  g_assert_cmpint (status, ==, expected == SD_VERIFY_VERDICT_VALID ? 0 : 1);
}

static void
test_attack (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autofree char *path = sd_test_corpus_file (c->path);
  g_autoptr(SdVerifyReport) report = NULL;

  if (path == NULL)
    return;
  report = tv_verify (path, NULL);
  g_test_message ("%s: %s; expected: %s", c->path,
                  sd_verify_verdict_to_string (report->verdict), c->expected);
  g_assert_cmpint (report->verdict, ==, SD_VERIFY_VERDICT_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (attack_words); i++)
    if (strstr (c->expected, attack_words[i].words) != NULL)
      {
        if (!tv_has_attack (report, attack_words[i].attack))
          g_error ("%s: attack %s not named", c->path,
                   sd_verify_attack_to_string (attack_words[i].attack));
      }
  /* The document is not vouched for even with every anchor trusted. */
  for (guint i = 0; i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);

      if (sig->verdict == SD_VERIFY_VERDICT_INVALID)
        g_assert_cmpuint (sig->reasons->len, >, 0);
    }
}

static void
test_corpus_absent (void)
{
  g_test_skip ("the corpus (../shared/corpus or $SEALDESK_CORPUS) is absent");
}

void
tv_register_corpus_tests (void)
{
  static GPtrArray *cases;
  g_autoptr(GPtrArray) rows = NULL;

  if (sd_test_corpus_dir () == NULL)
    {
      g_test_add_func ("/verify/corpus/absent", test_corpus_absent);
      return;
    }
  rows = sd_test_corpus_manifest ();
  if (rows == NULL)
    return;
  cases = g_ptr_array_new_with_free_func (corpus_case_free);
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);
      CorpusCase *c;
      g_autofree char *name = NULL;

      if (g_strv_length (row) < 7)
        continue;
      if (!g_str_has_prefix (row[0], "signed/") && !g_str_has_prefix (row[0], "attacks/"))
        continue;
      c = g_new0 (CorpusCase, 1);
      c->path = g_strdup (row[0]);
      c->expected = g_strdup (row[6]);
      g_ptr_array_add (cases, c);
      name = g_strdup_printf ("/verify/corpus/%s", c->path);
      g_test_add_data_func (name, c, g_str_has_prefix (c->path, "signed/") ? test_signed
                                                                          : test_attack);
    }
}
