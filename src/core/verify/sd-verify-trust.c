/* sd-verify-trust.c: trust anchors and certificate chains
 *
 * Anchors come from Sealdesk's own trust list (the workspace's, and the
 * *.pem files in <data_dir>/trust), from files given by the person
 * (--trust) and, only when enabled, from the system store: that one holds
 * the authorities of TLS servers, which vouch for web sites, not for
 * documents. Every anchor remembers where it came from, so that the report
 * can say which one a chain ended at.
 * Chains are built with X509_STORE at the time of signing, so that a
 * certificate that has expired since still validates an old signature
 * when a trusted timestamp proves the time.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-key.h"
#include "sd-paths.h"
#include "sd-verify-private.h"

typedef struct {
  X509       *cert;
  const char *source;               /* static: "trust-list", "file", "system" */
} Anchor;

struct _SdVfyTrust
{
  X509_STORE *store;
  GArray     *anchors;              /* of Anchor, in order of preference */
};

static void
anchor_clear (Anchor *a)
{
  X509_free (a->cert);
}

static void
add_anchor (SdVfyTrust *trust,
            X509       *cert,
            const char *source)
{
  Anchor a = { cert, source };

  X509_up_ref (cert);
  g_array_append_val (trust->anchors, a);
  X509_STORE_add_cert (trust->store, cert);
  ERR_clear_error ();
}

/* Adds every certificate of the PEM file @path; returns how many. */
static int
load_pem (SdVfyTrust  *trust,
          const char  *source,
          const char  *path,
          GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  BIO *bio;
  X509 *cert;
  int n = 0;

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_TRUST,
                   _("Cannot read the trust anchor file “%s”: %s"), display, local->message);
      return -1;
    }
  bio = BIO_new_mem_buf (data, len);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      add_anchor (trust, cert, source);
      X509_free (cert);
      n++;
    }
  BIO_free (bio);
  ERR_clear_error ();
  if (n == 0)
    g_set_error (error, SD_VERIFY_ERROR, SD_VERIFY_ERROR_TRUST,
                 _("The trust anchor file “%s” contains no PEM certificate"), display);
  return n;
}

/* The system's CA bundle, read once per process: parsing it costs more than
 * verifying a signature, and every verification needs it. Shared read-only
 * between threads (X509 objects are reference counted). */
static STACK_OF(X509) *
system_anchors (void)
{
  static gsize once = 0;
  static STACK_OF(X509) *anchors;

  if (g_once_init_enter (&once))
    {
      STACK_OF(X509) *sk = sk_X509_new_null ();
      const char *file = g_getenv (X509_get_default_cert_file_env ());
      BIO *bio;
      X509 *cert;

      if (file == NULL)
        file = X509_get_default_cert_file ();
      bio = BIO_new_file (file, "r");
      while (bio != NULL && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
        sk_X509_push (sk, cert);
      BIO_free (bio);
      ERR_clear_error ();
      anchors = sk;
      g_once_init_leave (&once, 1);
    }
  return anchors;
}

static void
add_system_anchors (SdVfyTrust *trust)
{
  STACK_OF(X509) *anchors = system_anchors ();
  const char *dir = g_getenv (X509_get_default_cert_dir_env ());
  X509_LOOKUP *lookup;

  for (int i = 0; i < sk_X509_num (anchors); i++)
    add_anchor (trust, sk_X509_value (anchors, i), "system");
  /* The hashed directory is looked up lazily, certificate by certificate
   * (an anchor found there is not in trust->anchors: it is "system"). */
  lookup = X509_STORE_add_lookup (trust->store, X509_LOOKUP_hash_dir ());
  if (lookup != NULL)
    X509_LOOKUP_add_dir (lookup, dir != NULL ? dir : X509_get_default_cert_dir (),
                         X509_FILETYPE_PEM);
  ERR_clear_error ();
}

SdVfyTrust *
sd_vfy_trust_new (const SdVerifyOptions  *opts,
                  GError                **error)
{
  g_autoptr(SdVfyTrust) trust = g_new0 (SdVfyTrust, 1);
  g_autofree char *data_dir = NULL;
  g_autofree char *trust_dir = NULL;
  GDir *dir;

  trust->store = X509_STORE_new ();
  trust->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  g_array_set_clear_func (trust->anchors, (GDestroyNotify) anchor_clear);

  /* Sealdesk's trust list first: the person chose those. */
  for (guint i = 0; opts != NULL && opts->trust_list != NULL && i < opts->trust_list->len; i++)
    add_anchor (trust, g_ptr_array_index (opts->trust_list, i), "trust-list");
  data_dir = opts != NULL && opts->data_dir != NULL ? g_strdup (opts->data_dir)
                                                    : sd_data_dir ();
  trust_dir = g_build_filename (data_dir, "trust", NULL);
  dir = g_dir_open (trust_dir, 0, NULL);
  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;

          if (!g_str_has_suffix (name, ".pem"))
            continue;
          path = g_build_filename (trust_dir, name, NULL);
          /* A broken file in the trust list is skipped, not fatal. */
          load_pem (trust, "trust-list", path, NULL);
        }
      g_dir_close (dir);
    }

  for (int i = 0; opts != NULL && opts->trust_files != NULL && opts->trust_files[i] != NULL; i++)
    if (load_pem (trust, "file", opts->trust_files[i], error) <= 0)
      return NULL;

  /* The system store only on request (no_system_trust is ignored). */
  if (opts != NULL && opts->system_trust)
    add_system_anchors (trust);
  return g_steal_pointer (&trust);
}

void
sd_vfy_trust_free (SdVfyTrust *trust)
{
  if (trust == NULL)
    return;
  X509_STORE_free (trust->store);
  g_array_unref (trust->anchors);
  g_free (trust);
}

X509_STORE *
sd_vfy_trust_get_store (SdVfyTrust *trust)
{
  return trust->store;
}

static const char *
anchor_source (SdVfyTrust *trust,
               X509       *top)
{
  for (guint i = 0; i < trust->anchors->len; i++)
    {
      Anchor *a = &g_array_index (trust->anchors, Anchor, i);

      if (X509_cmp (a->cert, top) == 0)
        return a->source;
    }
  return "system";
}

gboolean
sd_verify_trust_is_tsa (X509 *cert)
{
  int crit = -1;
  EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i (cert, NID_ext_key_usage, &crit, NULL);
  gboolean ok = FALSE;

  for (int i = 0; eku != NULL && i < sk_ASN1_OBJECT_num (eku) && !ok; i++)
    ok = OBJ_obj2nid (sk_ASN1_OBJECT_value (eku, i)) == NID_time_stamp;
  EXTENDED_KEY_USAGE_free (eku);
  ERR_clear_error ();
  return ok && crit == 1;
}

static GBytes *
cert_der (X509 *cert)
{
  unsigned char *der = NULL;
  int len = i2d_X509 (cert, &der);
  GBytes *bytes;

  if (len <= 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  bytes = g_bytes_new (der, len);
  OPENSSL_free (der);
  return bytes;
}

static X509 *
find_issuer (SdVfyTrust     *trust,
             X509           *cert,
             STACK_OF(X509) *pool)
{
  for (int i = 0; pool != NULL && i < sk_X509_num (pool); i++)
    {
      X509 *c = sk_X509_value (pool, i);

      if (X509_cmp (c, cert) != 0 && X509_check_issued (c, cert) == X509_V_OK)
        return c;
    }
  for (guint i = 0; trust != NULL && i < trust->anchors->len; i++)
    {
      X509 *c = g_array_index (trust->anchors, Anchor, i).cert;

      if (X509_cmp (c, cert) != 0 && X509_check_issued (c, cert) == X509_V_OK)
        return c;
    }
  return NULL;
}

void
sd_verify_trust_collect_chain (SdVfyTrust     *trust,
                               X509           *cert,
                               STACK_OF(X509) *pool,
                               GPtrArray      *chain)
{
  X509 *seen[10];
  guint n = 0;

  while (cert != NULL && n < G_N_ELEMENTS (seen))
    {
      GBytes *der = cert_der (cert);
      gboolean loop = FALSE;

      for (guint i = 0; i < n; i++)
        loop |= X509_cmp (seen[i], cert) == 0;
      if (der == NULL || loop)
        {
          g_clear_pointer (&der, g_bytes_unref);
          break;
        }
      g_ptr_array_add (chain, der);
      seen[n++] = cert;
      /* A self-signed certificate is the root. */
      if (X509_check_issued (cert, cert) == X509_V_OK)
        break;
      cert = find_issuer (trust, cert, pool);
    }
  ERR_clear_error ();
}

gboolean
sd_verify_trust_check (SdVfyTrust      *trust,
                       X509            *cert,
                       STACK_OF(X509)  *untrusted,
                       gint64           when,
                       SdVfyTrustAt     at,
                       const char     **source,
                       char           **subject,
                       char           **reason)
{
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  X509_VERIFY_PARAM *param;
  int ok;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, trust->store, cert, untrusted) != 1)
    {
      *reason = g_strdup (_("the certificate chain cannot be checked"));
      X509_STORE_CTX_free (ctx);
      return FALSE;
    }
  param = X509_STORE_CTX_get0_param (ctx);
  X509_VERIFY_PARAM_set_time (param, (time_t) when);
  /* An anchor the person chose need not be a self-signed root. */
  X509_VERIFY_PARAM_set_flags (param, X509_V_FLAG_PARTIAL_CHAIN);
  ok = X509_verify_cert (ctx);
  if (ok == 1)
    {
      STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain (ctx);
      X509 *top = chain != NULL && sk_X509_num (chain) > 0
                  ? sk_X509_value (chain, sk_X509_num (chain) - 1) : NULL;

      if (source != NULL)
        *source = top != NULL ? anchor_source (trust, top) : NULL;
      if (subject != NULL)
        *subject = top != NULL ? sd_x509_name_to_string (X509_get_subject_name (top)) : NULL;
    }
  else
    {
      int err = X509_STORE_CTX_get_error (ctx);

      switch (err)
        {
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
          *reason = g_strdup (_("the signer's certificate does not chain to a trusted certificate authority"));
          break;
        case X509_V_ERR_CERT_HAS_EXPIRED:
          *reason = g_strdup (at == SD_VFY_AT_NOW
                              ? _("a certificate in the chain has expired, and no trusted timestamp proves that the signature was made while it was valid")
                              : _("a certificate in the chain had expired at the time of signing"));
          break;
        case X509_V_ERR_CERT_NOT_YET_VALID:
          *reason = g_strdup (_("a certificate in the chain was not yet valid at the time of signing"));
          break;
        default:
          *reason = g_strdup_printf (_("the certificate chain is not valid: %s"),
                                     X509_verify_cert_error_string (err));
          break;
        }
    }
  X509_STORE_CTX_free (ctx);
  ERR_clear_error ();
  return ok == 1;
}
