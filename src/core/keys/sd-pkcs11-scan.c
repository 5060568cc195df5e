/* sd-pkcs11-scan.c: finding the keys on PKCS#11 tokens
 *
 * A key is a certificate (CKO_CERTIFICATE, CKC_X_509) paired with a private
 * key (CKO_PRIVATE_KEY) by CKA_ID. Most tokens show private keys only after
 * login, so before login a certificate counts as a key when a visible
 * private key has its CKA_ID, or when the token needs a login (its private
 * keys are hidden) and the certificate is not a CA's. Unlocking then finds
 * the private key, or says plainly that there is none.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "sd-key-pkcs11.h"
#include "sd-pkcs11-util.h"

typedef struct
{
  GBytes *id;
  char   *label;
  X509   *cert; /* NULL for a private key */
} ScanObject;

static void
scan_object_free (ScanObject *object)
{
  g_clear_pointer (&object->id, g_bytes_unref);
  g_free (object->label);
  X509_free (object->cert);
  g_free (object);
}

/* One attribute's value, or NULL when the object has none. */
static GBytes *
get_attribute (CK_FUNCTION_LIST *f,
               CK_SESSION_HANDLE session,
               CK_OBJECT_HANDLE  object,
               CK_ATTRIBUTE_TYPE type)
{
  CK_ATTRIBUTE attr = { type, NULL, 0 };
  guint8      *value;

  if (f->C_GetAttributeValue (session, object, &attr, 1) != CKR_OK ||
      attr.ulValueLen == (CK_ULONG) -1)
    return NULL;
  value = g_malloc0 (MAX (attr.ulValueLen, 1));
  attr.pValue = value;
  if (f->C_GetAttributeValue (session, object, &attr, 1) != CKR_OK)
    {
      g_free (value);
      return NULL;
    }
  return g_bytes_new_take (value, attr.ulValueLen);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize       len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return g_utf8_make_valid (data, len);
}

/* Objects of @klass visible in @session (private keys: id and label;
 * certificates: also the parsed X.509). */
static GPtrArray *
find_objects (CK_FUNCTION_LIST *f, CK_SESSION_HANDLE session, CK_OBJECT_CLASS klass, CK_RV *rv_out)
{
  CK_CERTIFICATE_TYPE cert_type = CKC_X_509;
  CK_ATTRIBUTE        templ[] = {
           { CKA_CLASS, &klass, sizeof klass },
           { CKA_CERTIFICATE_TYPE, &cert_type, sizeof cert_type },
  };
  GPtrArray         *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) scan_object_free);
  g_autoptr (GArray) handles = g_array_new (FALSE, FALSE, sizeof (CK_OBJECT_HANDLE));
  CK_OBJECT_HANDLE   batch[64];
  CK_ULONG           n = 0;
  CK_RV              rv;

  rv = f->C_FindObjectsInit (session, templ, klass == CKO_CERTIFICATE ? 2 : 1);
  if (rv == CKR_OK)
    {
      /* Bounded, in case a module keeps returning objects. */
      for (int i = 0; i < 1024; i++)
        {
          rv = f->C_FindObjects (session, batch, G_N_ELEMENTS (batch), &n);
          if (rv != CKR_OK || n == 0)
            break;
          g_array_append_vals (handles, batch, n);
        }
      f->C_FindObjectsFinal (session);
    }
  *rv_out = rv;
  if (rv != CKR_OK)
    return objects;

  for (guint i = 0; i < handles->len; i++)
    {
      CK_OBJECT_HANDLE   h = g_array_index (handles, CK_OBJECT_HANDLE, i);
      g_autoptr (GBytes) label = get_attribute (f, session, h, CKA_LABEL);
      ScanObject        *object = g_new0 (ScanObject, 1);

      object->id = get_attribute (f, session, h, CKA_ID);
      object->label = bytes_to_string (label);
      if (klass == CKO_CERTIFICATE)
        {
          g_autoptr (GBytes)   value = get_attribute (f, session, h, CKA_VALUE);
          const unsigned char *p;

          if (value != NULL)
            {
              p = g_bytes_get_data (value, NULL);
              object->cert = d2i_X509 (NULL, &p, g_bytes_get_size (value));
              ERR_clear_error ();
            }
          if (object->cert == NULL)
            {
              scan_object_free (object);
              continue;
            }
        }
      g_ptr_array_add (objects, object);
    }
  return objects;
}

/* The issuers of @cert among @certs, nearest first (not @cert itself). */
static STACK_OF (X509) *
build_chain (X509 *cert, GPtrArray *certs)
{
  STACK_OF (X509) *chain = sk_X509_new_null ();
  X509            *current = cert;

  for (int depth = 0; depth < 10; depth++)
    {
      X509 *issuer = NULL;

      if (X509_check_issued (current, current) == X509_V_OK)
        break; /* self-signed: the root */
      for (guint i = 0; i < certs->len && issuer == NULL; i++)
        {
          ScanObject *o = g_ptr_array_index (certs, i);

          if (o->cert != current && o->cert != cert &&
              X509_check_issued (o->cert, current) == X509_V_OK)
            issuer = o->cert;
        }
      if (issuer == NULL)
        break;
      sk_X509_push (chain, issuer); /* borrowed: sd_key_set_identity refs */
      current = issuer;
    }
  return chain;
}

static const ScanObject *
find_by_id (GPtrArray *objects, GBytes *id)
{
  for (guint i = 0; i < objects->len; i++)
    {
      ScanObject *o = g_ptr_array_index (objects, i);

      if (o->id != NULL && g_bytes_equal (o->id, id))
        return o;
    }
  return NULL;
}

/* The keys on @token; @uri, when not NULL, keeps only those it names. */
static void
scan_token (SdPkcs11Modules *modules,
            SdPkcs11Token   *token,
            P11KitUri       *uri,
            GPtrArray       *keys,
            GPtrArray       *warnings)
{
  CK_FUNCTION_LIST      *f = token->module->funcs;
  CK_SESSION_HANDLE      session;
  g_autoptr (GPtrArray)  privkeys = NULL;
  g_autoptr (GPtrArray)  certs = NULL;
  g_autoptr (GHashTable) done = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  gboolean               hidden_keys = (token->info.flags & CKF_LOGIN_REQUIRED) != 0;
  CK_RV                  rv;

  rv = f->C_OpenSession (token->slot, CKF_SERIAL_SESSION, NULL, NULL, &session);
  if (rv == CKR_OK)
    {
      privkeys = find_objects (f, session, CKO_PRIVATE_KEY, &rv);
      /* A token with no key at all (e.g. the system trust store) is
       * not worth reading its certificates. */
      if (rv == CKR_OK && (privkeys->len > 0 || hidden_keys))
        certs = find_objects (f, session, CKO_CERTIFICATE, &rv);
      f->C_CloseSession (session);
    }
  if (rv != CKR_OK)
    {
      if (warnings != NULL)
        {
          GError          *error = NULL;
          g_autofree char *what = g_strdup_printf (_ ("Reading the token “%s”"), token->label);

          sd_pkcs11_set_error (&error, rv, what);
          g_ptr_array_add (warnings, error);
        }
      return;
    }
  if (certs == NULL)
    return;

  for (guint i = 0; i < certs->len; i++)
    {
      ScanObject       *c = g_ptr_array_index (certs, i);
      const ScanObject *k;
      STACK_OF (X509)  *chain;

      if (c->id == NULL || g_bytes_get_size (c->id) == 0)
        continue;
      /* One key per CKA_ID, even when several certificates share it. */
      if (g_hash_table_contains (done, c->id))
        continue;
      k = find_by_id (privkeys, c->id);
      if (k == NULL && (!hidden_keys || X509_check_ca (c->cert) != 0))
        continue;
      if (uri != NULL)
        {
          SdPkcs11KeyMatch match = {
            .module_info = &token->module->info,
            .module_path = token->module->path,
            .module_name = token->module->name,
            .slot_info = &token->slot_info,
            .slot_id = token->slot,
            .has_slot_id = TRUE,
            .token_info = &token->info,
            .id = g_bytes_get_data (c->id, NULL),
            .id_len = g_bytes_get_size (c->id),
            .cert_label = c->label,
            .key_label = k != NULL ? k->label : NULL,
          };

          if (!sd_pkcs11_uri_matches (uri, &match))
            continue;
        }
      chain = build_chain (c->cert, certs);
      g_ptr_array_add (
        keys, sd_key_pkcs11_new (modules, token, c->id,
                                 c->label != NULL ? c->label : (k != NULL ? k->label : NULL),
                                 c->cert, chain));
      sk_X509_free (chain);
      g_hash_table_add (done, c->id);
    }
}

static GPtrArray *
scan (const char   *data_dir,
      P11KitUri    *uri,
      guint        *n_tokens_matched,
      GPtrArray    *warnings,
      GCancellable *cancellable,
      GError      **error)
{
  g_autoptr (SdPkcs11Modules) modules = NULL;
  g_autoptr (GPtrArray)       tokens = NULL;
  g_autoptr (GPtrArray)       keys = g_ptr_array_new_with_free_func (g_object_unref);

  modules = sd_pkcs11_modules_get (data_dir, warnings, error);
  if (modules == NULL)
    return NULL;
  tokens = sd_pkcs11_modules_list_tokens (modules, warnings);
  for (guint i = 0; i < tokens->len; i++)
    {
      SdPkcs11Token *token = g_ptr_array_index (tokens, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (uri != NULL && (!p11_kit_uri_match_token_info (uri, &token->info) ||
                          !p11_kit_uri_match_slot_info (uri, &token->slot_info) ||
                          !p11_kit_uri_match_module_info (uri, &token->module->info)))
        continue;
      if (n_tokens_matched != NULL)
        (*n_tokens_matched)++;
      scan_token (modules, token, uri, keys, warnings);
    }
  return g_steal_pointer (&keys);
}

GPtrArray *
sd_key_pkcs11_list (const char   *data_dir,
                    GPtrArray    *warnings,
                    GCancellable *cancellable,
                    GError      **error)
{
  return scan (data_dir, NULL, NULL, warnings, cancellable, error);
}

SdKey *
sd_key_pkcs11_lookup (const char   *data_dir,
                      const char   *uri_string,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr (GPtrArray) keys = NULL;
  P11KitUri            *uri;
  guint                 n_tokens = 0;

  uri = sd_pkcs11_uri_parse (uri_string, error);
  if (uri == NULL)
    return NULL;
  keys = scan (data_dir, uri, &n_tokens, warnings, cancellable, error);
  p11_kit_uri_free (uri);
  if (keys == NULL)
    return NULL;

  if (keys->len == 1)
    return g_object_ref (g_ptr_array_index (keys, 0));
  if (keys->len > 1)
    {
      g_set_error (
        error, SD_KEY_ERROR, SD_KEY_ERROR_FAILED,
        ngettext ("%s names %u keys: add the id= or token= of one of them (see “keys list”)",
                  "%s names %u keys: add the id= or token= of one of them (see “keys list”)",
                  keys->len),
        uri_string, keys->len);
      return NULL;
    }
  if (n_tokens == 0)
    {
      /* Say why, when a module or token failed. */
      if (warnings->len > 0)
        {
          GError *first = g_ptr_array_index (warnings, 0);

          g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
                       _ ("No inserted token matches %s (%s)"), uri_string, first->message);
        }
      else
        g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NO_TOKEN,
                     _ ("No inserted token matches %s: insert the token and try again"),
                     uri_string);
      return NULL;
    }
  g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_NOT_FOUND,
               _ ("No key on the token matches %s (see “keys list”)"), uri_string);
  return NULL;
}
