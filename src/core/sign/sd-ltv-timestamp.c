/* sd-ltv-timestamp.c: a document timestamp (PAdES B-LTA) in a last revision
 *
 * An invisible signature field whose value is /Type /DocTimeStamp
 * /SubFilter /ETSI.RFC3161: its /Contents is an RFC 3161 TimeStampToken
 * over the SHA-256 of the whole file but /Contents.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>

#include "sd-atomic-file.h"
#include "sd-ltv-private.h"
#include "sd-pdf-update.h"
#include "sd-sign-copy.h"
#include "sd-sign-fields.h"

#define BYTE_RANGE_WIDTH 64
/* What varies between two tokens of one TSA (nonce, serial, fractions). */
#define TOKEN_MARGIN 1024

static char *
free_field_name (SdPdfDocument *doc)
{
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);

  for (int n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("Timestamp%d", n);
      gboolean used = FALSE;

      for (guint i = 0; fields != NULL && i < fields->len && !used; i++)
        used = g_strcmp0 (((SdPdfSignatureField *) g_ptr_array_index (fields, i))->name, name) == 0;
      if (!used)
        return g_steal_pointer (&name);
    }
}

static char *
timestamp_dictionary (gsize contents_bytes)
{
  GString *s = g_string_new ("<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161");

  g_string_append (s, " /Prop_Build << /App << /Name /Sealdesk /REx (" PACKAGE_VERSION ") >> >>");
  g_string_append (s, " /ByteRange [");
  for (int i = 0; i < BYTE_RANGE_WIDTH; i++)
    g_string_append_c (s, ' ');
  g_string_append (s, "] /Contents <");
  for (gsize i = 0; i < 2 * contents_bytes; i++)
    g_string_append_c (s, '0');
  g_string_append (s, "> >>");
  return g_string_free (s, FALSE);
}

static GDateTime *
token_time (GBytes *token)
{
  gsize len;
  const unsigned char *p = g_bytes_get_data (token, &len);
  PKCS7 *pk = d2i_PKCS7 (NULL, &p, (long) len);
  TS_TST_INFO *info = pk != NULL ? PKCS7_to_TS_TST_INFO (pk) : NULL;
  struct tm tm = { 0 };
  GDateTime *when = NULL;

  if (info != NULL && ASN1_TIME_to_tm (TS_TST_INFO_get_time (info), &tm) == 1)
    when = g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
  TS_TST_INFO_free (info);
  PKCS7_free (pk);
  ERR_clear_error ();
  return when;
}

gboolean
sd_ltv_add_doc_timestamp (const char          *in_path,
                          const char          *out_path,
                          const SdLtvOptions  *opts,
                          SdLtvResult         *result,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GBytes) probe = NULL;
  g_autoptr(GBytes) section = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  g_autofree char *field_name = NULL;
  g_autofree char *dict = NULL;
  g_autofree char *text = NULL;
  SdSignOptions sopts;
  guint8 dummy[32] = { 0 };
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX *md_ctx = NULL;
  gsize contents_bytes, len, before, after;
  goffset size, contents_start, contents_end;
  const char *data, *br, *contents;
  char range[BYTE_RANGE_WIDTH + 1];
  guint8 *patched;
  GStatBuf st;
  int sig_num, fd = -1;
  gboolean ok = FALSE;

  sd_sign_options_init (&sopts);
  /* Encrypted: the new strings are encrypted with the document's key, the
   * /Contents of the /DocTimeStamp is not (sd_pdf_crypt_encrypt_body). */
  doc = sd_pdf_document_open (in_path, opts->password, error);
  if (doc == NULL)
    goto out;
  size = sd_pdf_document_get_file_size (doc);

  /* Room for a token of this TSA; also tells early whether one answers. */
  probe = sd_tsa_client_timestamp (opts->tsa, EVP_sha256 (), dummy, sizeof dummy, NULL,
                                   cancellable, error);
  if (probe == NULL)
    goto out;
  contents_bytes = g_bytes_get_size (probe) + TOKEN_MARGIN;

  update = sd_pdf_update_new (doc, error);
  if (update == NULL)
    goto out;
  sig_num = sd_pdf_update_add_object (update);
  sopts.field_name = free_field_name (doc);
  if (!sd_sign_fields_build (doc, update, &sopts, images, sig_num, &field_name, error))
    goto out;
  dict = timestamp_dictionary (contents_bytes);
  sd_pdf_update_set_object (update, sig_num, 0, dict);
  section = sd_pdf_update_serialize (update, size, !sd_ltv_last_byte_is_eol (in_path, size), error);
  if (section == NULL)
    goto out;

  data = g_bytes_get_data (section, &len);
  br = g_strstr_len (data + sd_pdf_update_get_object_offset (update, sig_num),
                     len - sd_pdf_update_get_object_offset (update, sig_num), "/ByteRange [");
  contents = g_strstr_len (br, len - (br - data), "/Contents <");
  g_assert (br != NULL && contents != NULL);
  contents_start = size + (contents - data) + strlen ("/Contents ");
  contents_end = contents_start + 2 + 2 * contents_bytes;
  g_snprintf (range, sizeof range, "0 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
              (gint64) contents_start, (gint64) contents_end, (gint64) (size + len - contents_end));
  memset (range + strlen (range), ' ', BYTE_RANGE_WIDTH - strlen (range));
  patched = g_memdup2 (data, len);
  memcpy (patched + (br - data) + strlen ("/ByteRange ["), range, BYTE_RANGE_WIDTH);
  g_bytes_unref (section);
  section = g_bytes_new_take (patched, len);
  g_clear_pointer (&update, sd_pdf_update_free);
  g_clear_object (&doc);

  /* Copy and hash the input, then the section without /Contents. */
  fd = g_open (in_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || st.st_size != size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The document changed or became unreadable while it was being timestamped"));
      goto out;
    }
  out = sd_atomic_file_new_with_mode (out_path, (st.st_mode & 0777) | 0600, error);
  if (out == NULL)
    goto out;
  sd_atomic_file_set_cancellable (out, cancellable);
  md_ctx = EVP_MD_CTX_new ();
  EVP_DigestInit_ex (md_ctx, EVP_sha256 (), NULL);
  {
    SdSignCopy how = { md_ctx, NULL, NULL, NULL, 0,
                       _("The document changed or became unreadable while it was being timestamped") };

    if (!sd_sign_copy_input (fd, &st, size, out, &how, cancellable, error))
      goto out;
  }
  data = g_bytes_get_data (section, &len);
  before = contents_start - size;
  after = contents_end - size;
  EVP_DigestUpdate (md_ctx, data, before);
  EVP_DigestUpdate (md_ctx, data + after, len - after);
  EVP_DigestFinal_ex (md_ctx, digest, &digest_len);
  if (!sd_atomic_file_write (out, data, len, error))
    goto out;

  g_clear_pointer (&result->tsa_url, g_free);
  token = sd_tsa_client_timestamp (opts->tsa, EVP_sha256 (), digest, digest_len,
                                   &result->tsa_url, cancellable, error);
  if (token == NULL)
    goto out;
  if (g_bytes_get_size (token) > contents_bytes)
    {
      g_set_error (error, SD_LTV_ERROR, SD_LTV_ERROR_FAILED,
                   _("The document timestamp (%lu bytes) does not fit the %lu bytes reserved for it"),
                   (unsigned long) g_bytes_get_size (token), (unsigned long) contents_bytes);
      goto out;
    }
  {
    static const char hex[] = "0123456789ABCDEF";
    const guint8 *der = g_bytes_get_data (token, &len);

    text = g_malloc (2 * contents_bytes);
    memset (text, '0', 2 * contents_bytes);
    for (gsize i = 0; i < len; i++)
      {
        text[2 * i] = hex[der[i] >> 4];
        text[2 * i + 1] = hex[der[i] & 0xf];
      }
  }
  if (!sd_atomic_file_pwrite (out, contents_start + 1, text, 2 * contents_bytes, error)
      || !sd_atomic_file_commit (out, error))
    goto out;
  result->doc_timestamp_added = TRUE;
  g_clear_pointer (&result->doc_timestamp_time, g_date_time_unref);
  result->doc_timestamp_time = token_time (token);
  ok = TRUE;

out:
  if (fd >= 0)
    close (fd);
  EVP_MD_CTX_free (md_ctx);
  sd_sign_options_clear (&sopts);
  return ok;
}
