/* sd-verify-trust.c: trust anchors and certificate chains
 *
 * Anchors come from the system store, from Sealdesk's own trust list
 * (the *.pem files in <data_dir>/trust) and from files given by the person (--trust).
 * Chains are built with X509_STORE at the time of signing, so that a
 * certificate that has expired since still validates an old signature.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sd-paths.h"
#include "sd-verify-private.h"

/* Adds every certificate of the PEM file @path; returns how many. */
static int
load_pem (X509_STORE  *store,
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
      if (X509_STORE_add_cert (store, cert) == 1)
        n++;
      X509_free (cert);
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
add_system_anchors (X509_STORE *store)
{
  STACK_OF(X509) *anchors = system_anchors ();
  const char *dir = g_getenv (X509_get_default_cert_dir_env ());
  X509_LOOKUP *lookup;

  for (int i = 0; i < sk_X509_num (anchors); i++)
    X509_STORE_add_cert (store, sk_X509_value (anchors, i));
  /* The hashed directory is looked up lazily, certificate by certificate. */
  lookup = X509_STORE_add_lookup (store, X509_LOOKUP_hash_dir ());
  if (lookup != NULL)
    X509_LOOKUP_add_dir (lookup, dir != NULL ? dir : X509_get_default_cert_dir (),
                         X509_FILETYPE_PEM);
  ERR_clear_error ();
}

X509_STORE *
sd_verify_trust_store_new (const SdVerifyOptions  *opts,
                           GError                **error)
{
  X509_STORE *store = X509_STORE_new ();
  g_autofree char *data_dir = NULL;
  g_autofree char *trust_dir = NULL;
  GDir *dir;

  if (opts == NULL || !opts->no_system_trust)
    add_system_anchors (store);

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
          load_pem (store, path, NULL);
        }
      g_dir_close (dir);
    }

  for (int i = 0; opts != NULL && opts->trust_files != NULL && opts->trust_files[i] != NULL; i++)
    if (load_pem (store, opts->trust_files[i], error) <= 0)
      {
        X509_STORE_free (store);
        return NULL;
      }
  return store;
}

gboolean
sd_verify_trust_check (X509_STORE      *store,
                       X509            *cert,
                       STACK_OF(X509)  *untrusted,
                       gint64           when,
                       char           **reason)
{
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  X509_VERIFY_PARAM *param;
  int ok;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, store, cert, untrusted) != 1)
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
  if (ok != 1)
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
          *reason = g_strdup (_("a certificate in the chain had expired at the time of signing"));
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
