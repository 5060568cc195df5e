/* sd-verify-algorithms.c: the algorithm policy of signatures and timestamps
 *
 * Broken digests (MD5 and older) are refused; SHA-1 is weak, and refused
 * for what was made after 2016; RSA keys under 2048 bits and curves under
 * 256 bits are weak. Split from sd-verify-signature.c, which applies it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include "sd-key.h"
#include "sd-verify-private.h"

static gboolean
md_is (const EVP_MD *md,
       int           nid)
{
  return md != NULL && EVP_MD_get_type (md) == nid;
}

static gboolean
md_is_broken (const EVP_MD *md)
{
  return md_is (md, NID_md5) || md_is (md, NID_md4) || md_is (md, NID_md2)
         || md_is (md, NID_md5_sha1);
}

/* The algorithm policy of signatures (sd_sig_work_check_algorithms) applied to a
 * timestamp: its key, its imprint and its own signature's digest. A
 * translated reason when the timestamp cannot be trusted, or NULL. */
char *
sd_vfy_tsa_algorithm_problem (X509                 *tsa,
                              const SdVfyCmsResult *r)
{
  const EVP_MD *mds[2] = { r->timestamp_md, r->timestamp_signer_md };
  g_autoptr(GDateTime) cutoff = g_date_time_new_utc (2017, 1, 1, 0, 0, 0);
  int bits = 0;

  switch (sd_x509_key_strength (tsa, &bits))
    {
    case SD_X509_KEY_WEAK_RSA:
      return g_strdup_printf (_("the timestamp authority's key has only %d bits, a weak key: at least 2048 are needed"),
                              bits);
    case SD_X509_KEY_WEAK_EC:
      return g_strdup_printf (_("the timestamp authority's elliptic-curve key has only %d bits, a weak key: at least 256 are needed"),
                              bits);
    case SD_X509_KEY_OK:
    default:
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (mds); i++)
    {
      if (md_is_broken (mds[i]))
        return g_strdup_printf (_("the timestamp uses the digest algorithm %s, which is broken"),
                                EVP_MD_get0_name (mds[i]));
      if (md_is (mds[i], NID_sha1) && r->timestamp_time != NULL
          && g_date_time_compare (r->timestamp_time, cutoff) >= 0)
        return g_strdup (_("the timestamp uses SHA-1, which is not accepted for timestamps made after 2016"));
    }
  return NULL;
}

/* MD5 is refused; SHA-1 is weak, and refused for signatures made after
 * 2016; RSA (and DSA) keys under 2048 bits and curves under 256 bits are
 * weak. Weak: the verdict is at most "untrusted". */
void
sd_sig_work_check_algorithms (SdSigWork *w)
{
  const EVP_MD *mds[2] = { NULL, NULL };
  GDateTime *made = w->out->timestamp_trusted ? w->out->timestamp_time : w->out->claimed_time;
  g_autoptr(GDateTime) cutoff = g_date_time_new_utc (2017, 1, 1, 0, 0, 0);
  gboolean sha1 = FALSE;

  if (w->check != NULL)
    {
      mds[0] = sd_vfy_cms_check_get_md (w->check);
      mds[1] = sd_vfy_cms_check_get_signer_md (w->check);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mds); i++)
    {
      if (md_is_broken (mds[i]))
        {
          g_autofree char *text =
            g_strdup_printf (_("the signature uses the digest algorithm %s, which is broken: it is refused"),
                             EVP_MD_get0_name (mds[i]));

          sd_verify_signature_add_reason (w->out, text);
          w->refused = TRUE;
        }
      sha1 |= md_is (mds[i], NID_sha1);
    }
  if (sha1)
    {
      w->weak = TRUE;
      if (made == NULL || g_date_time_compare (made, cutoff) >= 0)
        {
          sd_verify_signature_add_reason (w->out, _("the signature uses SHA-1, which is not accepted for signatures made after 2016"));
          w->refused = TRUE;
        }
      else
        sd_verify_signature_add_reason (w->out, _("the signature uses SHA-1, a weak digest algorithm (accepted only for signatures made before 2017)"));
    }
  if (w->result.signer != NULL)
    {
      int bits = 0;
      SdX509KeyStrength strength = sd_x509_key_strength (w->result.signer, &bits);
      g_autofree char *text = NULL;

      if (strength == SD_X509_KEY_WEAK_RSA)
        text = g_strdup_printf (_("the signer's key has only %d bits, a weak key: at least 2048 are needed"), bits);
      else if (strength == SD_X509_KEY_WEAK_EC)
        text = g_strdup_printf (_("the signer's elliptic-curve key has only %d bits, a weak key: at least 256 are needed"), bits);
      if (text != NULL)
        {
          sd_verify_signature_add_reason (w->out, text);
          w->weak = TRUE;
        }
    }
}
