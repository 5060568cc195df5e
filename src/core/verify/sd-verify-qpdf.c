/* sd-verify-qpdf.c: small helpers over qpdf's C object API
 *
 * Every helper accepts 0 ("no object") where a handle is expected and
 * returns 0 / NULL for a missing or mistyped entry, so that walks over
 * hostile files need no special cases. qpdf errors raised while reading a
 * damaged object are cleared: the object then reads as absent.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sd-pdf-objects.h"
#include "sd-verify-private.h"

static void
clear_error (qpdf_data q)
{
  if (qpdf_has_error (q))
    qpdf_get_error (q);
}

GPtrArray *
sd_vfy_qpdf_keys (qpdf_data q,
                  qpdf_oh   dict)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  qpdf_oh d = 0;

  if (dict == 0)
    return keys;
  if (qpdf_oh_is_stream (q, dict))
    d = qpdf_oh_get_dict (q, dict);
  else if (qpdf_oh_is_dictionary (q, dict))
    d = qpdf_oh_new_object (q, dict);
  if (d != 0)
    {
      qpdf_oh_begin_dict_key_iter (q, d);
      while (qpdf_oh_dict_more_keys (q))
        g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (q)));
      qpdf_oh_release (q, d);
    }
  clear_error (q);
  return keys;
}

qpdf_oh
sd_vfy_qpdf_get (qpdf_data   q,
                 qpdf_oh     dict,
                 const char *key)
{
  qpdf_oh d, value = 0;

  if (dict == 0)
    return 0;
  if (qpdf_oh_is_stream (q, dict))
    d = qpdf_oh_get_dict (q, dict);
  else if (qpdf_oh_is_dictionary (q, dict))
    d = qpdf_oh_new_object (q, dict);
  else
    {
      clear_error (q);
      return 0;
    }
  if (qpdf_oh_has_key (q, d, key))
    {
      value = qpdf_oh_get_key (q, d, key);
      if (qpdf_oh_is_null (q, value))
        {
          qpdf_oh_release (q, value);
          value = 0;
        }
    }
  qpdf_oh_release (q, d);
  clear_error (q);
  return value;
}

char *
sd_vfy_qpdf_name (qpdf_data q,
                  qpdf_oh   oh)
{
  const char *name;

  if (oh == 0 || !qpdf_oh_is_name (q, oh))
    return NULL;
  name = qpdf_oh_get_name (q, oh);
  return g_strdup (name[0] == '/' ? name + 1 : name);
}

char *
sd_vfy_qpdf_text (qpdf_data q,
                  qpdf_oh   oh)
{
  const char *value;
  size_t len = 0;

  if (oh == 0 || !qpdf_oh_is_string (q, oh))
    return NULL;
  value = qpdf_oh_get_binary_utf8_value (q, oh, &len);
  clear_error (q);
  if (value == NULL)
    return NULL;
  return g_utf8_make_valid (value, len);
}

qpdf_oh
sd_vfy_qpdf_inherited (qpdf_data   q,
                       qpdf_oh     dict,
                       const char *key)
{
  /* The object layer's one lookup, as the signer's. */
  qpdf_oh value = sd_qpdf_get_inherited (q, dict, key);

  clear_error (q);
  return value;
}

char *
sd_vfy_qpdf_fingerprint (qpdf_data q,
                         qpdf_oh   oh)
{
  const char *text;
  GString *out;

  if (oh == 0)
    return NULL;
  if (!qpdf_oh_is_stream (q, oh))
    {
      text = qpdf_oh_unparse_resolved (q, oh);
      clear_error (q);
      return g_strdup (text ? text : "");
    }

  out = g_string_new (NULL);
  {
    qpdf_oh dict = qpdf_oh_get_dict (q, oh);

    text = qpdf_oh_unparse_resolved (q, dict);
    g_string_append (out, text ? text : "");
    qpdf_oh_release (q, dict);
  }
  {
    unsigned char *data = NULL;
    size_t len = 0;
    guint8 md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    /* Raw (still encoded) data: what the file says, not what a filter
     * makes of it. Hashed so that the fingerprint stays small. */
    if ((qpdf_oh_get_stream_data (q, oh, qpdf_dl_none, NULL, &data, &len) & QPDF_ERRORS) == 0
        && data != NULL)
      {
        EVP_Digest (data, len, md, &md_len, EVP_sha256 (), NULL);
        g_string_append (out, " stream ");
        for (unsigned int i = 0; i < md_len; i++)
          g_string_append_printf (out, "%02x", md[i]);
      }
    else
      g_string_append (out, " stream unreadable");
    free (data);
    clear_error (q);
  }
  return g_string_free (out, FALSE);
}
