/* sd-signer.c: sign a PDF (PAdES baseline B-B) as an incremental update */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "sd-private-temp.h"
#include "sd-atomic-file.h"
#include "sd-cms-signer.h"
#include "sd-ltv-private.h"
#include "sd-pdf-document-private.h"
#include "sd-marks.h"
#include "sd-paths.h"
#include "sd-pdf-syntax.h"
#include "sd-pdf-update.h"
#include "sd-seal-image.h"
#include "sd-sha256.h"
#include "sd-sign-checks.h"
#include "sd-sign-copy.h"
#include "sd-sign-fields.h"
#include "sd-signer.h"

/* Room left in /Contents beyond the largest CMS the key can produce. */
#define CONTENTS_SLACK 64
/* Width reserved inside /ByteRange [...] for four offsets. */
#define BYTE_RANGE_WIDTH 64

typedef struct
{
  GBytes  *section;          /* the incremental update, ByteRange filled in */
  goffset  base;             /* original file size: where the section starts */
  goffset  contents_start;   /* file offset of "<" of /Contents */
  goffset  contents_end;     /* file offset just after ">" */
  gsize    contents_bytes;   /* capacity of /Contents in bytes */
} Layout;

static GPtrArray *
load_seal_images (const SdSignOptions  *opts,
                  GError              **error)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_seal_image_unref);
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; opts->placements != NULL && i < opts->placements->len; i++)
    {
      const SdSealPlacement *p = g_ptr_array_index (opts->placements, i);
      SdSealImage *image;

      if (p->image_path == NULL)
        {
          g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                       _("The seal on page %d has no image"), p->page);
          return NULL;
        }
      image = g_hash_table_lookup (by_path, p->image_path);
      if (image == NULL)
        {
          image = sd_seal_image_load_png (p->image_path, error);
          if (image == NULL)
            return NULL;
          g_hash_table_insert (by_path, p->image_path, image);
          g_ptr_array_add (images, image);
        }
      else
        g_ptr_array_add (images, sd_seal_image_ref (image));
    }
  return g_steal_pointer (&images);
}

static char *
signature_dictionary (const SdSignOptions *opts,
                      gsize                contents_bytes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = sd_pdf_format_date (opts->signing_time ? opts->signing_time : now);
  GString *s = g_string_new ("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached");

  g_string_append_printf (s, " /M (%s)", date);
  if (opts->name != NULL)
    {
      g_string_append (s, " /Name ");
      sd_pdf_append_text_string (s, opts->name);
    }
  if (opts->reason != NULL)
    {
      g_string_append (s, " /Reason ");
      sd_pdf_append_text_string (s, opts->reason);
    }
  if (opts->location != NULL)
    {
      g_string_append (s, " /Location ");
      sd_pdf_append_text_string (s, opts->location);
    }
  if (opts->contact != NULL)
    {
      g_string_append (s, " /ContactInfo ");
      sd_pdf_append_text_string (s, opts->contact);
    }
  g_string_append (s, " /Prop_Build << /App << /Name /Sealdesk /REx (" PACKAGE_VERSION ") >> >>");
  if (opts->voids_document)
    g_string_append (s, " /SealdeskVoid true");
  if (opts->certify == SD_CERTIFY_NONE && opts->lock_document)
    g_string_append (s, " /Reference [ << /Type /SigRef /TransformMethod /FieldMDP"
                        " /TransformParams << /Type /TransformParams /Action /All /P 1 /V /1.2 >> >> ]");
  else if (opts->certify != SD_CERTIFY_NONE)
    g_string_append_printf (s, " /Reference [ << /Type /SigRef /TransformMethod /DocMDP"
                               " /TransformParams << /Type /TransformParams /P %d /V /1.2 >> >> ]",
                            (int) opts->certify);

  /* /ByteRange is filled in once the layout is known; /Contents once the
   * CMS is made. Both keep their size. */
  g_string_append (s, " /ByteRange [");
  for (int i = 0; i < BYTE_RANGE_WIDTH; i++)
    g_string_append_c (s, ' ');
  g_string_append (s, "] /Contents <");
  for (gsize i = 0; i < 2 * contents_bytes; i++)
    g_string_append_c (s, '0');
  g_string_append (s, "> >>");
  return g_string_free (s, FALSE);
}

static gboolean
last_byte_is_eol (int      fd,
                  goffset  size)
{
  char c = 0;

  if (size == 0 || pread (fd, &c, 1, size - 1) != 1)
    return FALSE;
  return c == '\n' || c == '\r';
}

/* Builds the incremental update and fixes where /Contents lies. */
static gboolean
lay_out (SdPdfDocument        *doc,
         SdKey                *key,
         const SdSignOptions  *opts,
         GPtrArray            *images,
         int                   fd,
         goffset               size,
         gsize                 extra_room,
         Layout               *layout,
         GCancellable         *cancellable,
         GError              **error)
{
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GBytes) probe = NULL;
  g_autoptr(GBytes) section = NULL;
  g_autofree char *field_name = NULL;
  g_autofree char *sig_body = NULL;
  guint8 zero_digest[EVP_MAX_MD_SIZE] = { 0 };
  const EVP_MD *md = sd_cms_digest_for_key (key);
  int sig_num;
  gssize sig_offset;
  const char *data;
  gsize len;
  const char *br, *contents;
  char range[BYTE_RANGE_WIDTH + 1];
  guint8 *patched;

  update = sd_pdf_update_new (doc, error);
  if (update == NULL)
    return FALSE;
  sig_num = sd_pdf_update_add_object (update);
  if (!sd_sign_fields_build (doc, update, opts, images, sig_num, &field_name, error))
    return FALSE;

  /* Size /Contents from a CMS of the same shape as the real one. */
  probe = sd_cms_sign_detached (key, md, zero_digest, EVP_MD_get_size (md), TRUE,
                                cancellable, error);
  if (probe == NULL)
    return FALSE;
  layout->contents_bytes = g_bytes_get_size (probe) + extra_room + CONTENTS_SLACK;

  sig_body = signature_dictionary (opts, layout->contents_bytes);
  sd_pdf_update_set_object (update, sig_num, 0, sig_body);

  layout->base = size;
  section = sd_pdf_update_serialize (update, size, !last_byte_is_eol (fd, size), error);
  if (section == NULL)
    return FALSE;

  data = g_bytes_get_data (section, &len);
  sig_offset = sd_pdf_update_get_object_offset (update, sig_num);
  br = g_strstr_len (data + sig_offset, len - sig_offset, "/ByteRange [");
  contents = g_strstr_len (data + sig_offset, len - sig_offset, "/Contents <");
  g_assert (br != NULL && contents != NULL);

  layout->contents_start = size + (contents - data) + strlen ("/Contents ");
  layout->contents_end = layout->contents_start + 2 + 2 * layout->contents_bytes;

  g_snprintf (range, sizeof range, "0 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
              (gint64) layout->contents_start, (gint64) layout->contents_end,
              (gint64) (size + len - layout->contents_end));
  memset (range + strlen (range), ' ', BYTE_RANGE_WIDTH - strlen (range));

  patched = g_memdup2 (data, len);
  memcpy (patched + (br - data) + strlen ("/ByteRange ["), range, BYTE_RANGE_WIDTH);
  layout->section = g_bytes_new_take (patched, len);
  return TRUE;
}

/* Copies the original and the update to @out, hashing everything but
 * /Contents for the signature, and the original for the file's SHA-256
 * (*@file_sum: the input's, the output's once /Contents is known). The
 * original is read once (sd_sign_copy_input()). */
static gboolean
write_and_hash (int              fd,
                const GStatBuf  *st,
                SdAtomicFile    *out,
                const Layout    *layout,
                EVP_MD_CTX      *md_ctx,
                SdSha256       **file_sum,
                SdProgressFunc   progress,
                gpointer         progress_data,
                GCancellable    *cancellable,
                GError         **error)
{
  gsize len;
  const guint8 *section = g_bytes_get_data (layout->section, &len);
  gsize before = layout->contents_start - layout->base;
  gsize after = layout->contents_end - layout->base;
  /* The signature's digest is SHA-256 too (sd_cms_digest_for_key): one
   * pass of it serves both. */
  gboolean shared = EVP_MD_is_a (EVP_MD_CTX_get0_md (md_ctx), "SHA2-256");
  SdSignCopy how = { md_ctx, NULL, progress, progress_data, 0.95,
                     _("The document changed or became unreadable while it was being signed") };

  if (!shared)
    how.also = *file_sum = sd_sha256_new ();
  if (!sd_sign_copy_input (fd, st, layout->base, out, &how, cancellable, error))
    return FALSE;
  if (shared)
    *file_sum = sd_sha256_new_from_evp (md_ctx);

  EVP_DigestUpdate (md_ctx, section, before);
  EVP_DigestUpdate (md_ctx, section + after, len - after);
  return sd_atomic_file_write (out, section, len, error);
}

/* Fills /Contents in, and hashes the update as written into @file_sum
 * (which holds the original's bytes). */
static gboolean
write_contents (SdAtomicFile  *out,
                const Layout  *layout,
                GBytes        *cms,
                SdSha256      *file_sum,
                GError       **error)
{
  static const char hex[] = "0123456789ABCDEF";
  gsize len, section_len;
  const guint8 *der = g_bytes_get_data (cms, &len);
  const guint8 *section = g_bytes_get_data (layout->section, &section_len);
  gsize text_start = layout->contents_start + 1 - layout->base;
  gsize text_end = text_start + 2 * layout->contents_bytes;
  g_autofree char *text = NULL;

  if (len > layout->contents_bytes)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_FAILED,
                   _("The signature (%lu bytes) does not fit the %lu bytes reserved for it"),
                   (unsigned long) len, (unsigned long) layout->contents_bytes);
      return FALSE;
    }
  text = g_malloc (2 * layout->contents_bytes);
  memset (text, '0', 2 * layout->contents_bytes);
  for (gsize i = 0; i < len; i++)
    {
      text[2 * i] = hex[der[i] >> 4];
      text[2 * i + 1] = hex[der[i] & 0xf];
    }
  sd_sha256_update (file_sum, section, text_start);
  sd_sha256_update (file_sum, text, 2 * layout->contents_bytes);
  sd_sha256_update (file_sum, section + text_end, section_len - text_end);
  return sd_atomic_file_pwrite (out, layout->contents_start + 1, text,
                                2 * layout->contents_bytes, error);
}

/* Room for the signature timestamp: the size of a token from the same
 * TSA over a dummy digest, and a margin for what varies between tokens
 * (nonce, serial number, fractions of a second). Also tells early whether
 * a TSA can be reached. */
#define TOKEN_MARGIN 512

static gboolean
probe_timestamp (SdTsaClient   *tsa,
                 gsize         *room,
                 GCancellable  *cancellable,
                 GError       **error)
{
  guint8 dummy[32] = { 0 };
  g_autoptr(GBytes) token = NULL;

  token = sd_tsa_client_timestamp (tsa, EVP_sha256 (), dummy, sizeof dummy, NULL,
                                   cancellable, error);
  if (token == NULL)
    return FALSE;
  /* The attribute around the token: OID, SET, and the [1] IMPLICIT SET. */
  *room = g_bytes_get_size (token) + 32 + TOKEN_MARGIN;
  return TRUE;
}

/* One attempt: lays out, copies, signs and (for B-T) timestamps. When
 * the signature does not fit, *@needed is set to its size. On success
 * *@in_sha and *@out_sha are the SHA-256 of the input as read and of the
 * output as written. */
static gboolean
sign_pass (int                   fd,
           const char           *in_path,
           const char           *out_path,
           SdKey                *key,
           const SdSignOptions  *opts,
           gsize                 extra_room,
           gboolean             *timestamp,
           SdSignResult         *result,
           gsize                *needed,
           char                **in_sha,
           char                **out_sha,
           SdProgressFunc        progress,
           gpointer              progress_data,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdSha256) file_sum = NULL;
  g_autofree char *input_sha = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  g_autoptr(GBytes) cms = NULL;
  Layout layout = { 0 };
  EVP_MD_CTX *md_ctx = NULL;
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  GStatBuf st;
  gboolean ok = FALSE;

  /* One open file: what is parsed is what is copied and hashed, even when
   * the path is replaced meanwhile. */
  doc = sd_pdf_document_open_fd (fd, in_path, opts->password, error);
  if (doc == NULL || !sd_sign_check_document (doc, opts, error))
    return FALSE;
  images = load_seal_images (opts, error);
  if (images == NULL)
    return FALSE;

  if (fstat (fd, &st) != 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), in_path, g_strerror (saved_errno));
      goto out;
    }
  if (st.st_size != sd_pdf_document_get_file_size (doc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The document changed or became unreadable while it was being signed"));
      goto out;
    }

  if (!lay_out (doc, key, opts, images, fd, st.st_size, extra_room, &layout, cancellable, error))
    goto out;
  /* The structure is known; free qpdf's memory before streaming. */
  g_clear_object (&doc);

  /* The signed copy is as private as the original (umask still applies). */
  out = sd_atomic_file_new_with_mode (out_path, (st.st_mode & 0777) | 0600, error);
  if (out == NULL)
    goto out;
  /* A cancel up to the commit leaves nothing of the signed copy. */
  sd_atomic_file_set_cancellable (out, cancellable);
  md_ctx = EVP_MD_CTX_new ();
  EVP_DigestInit_ex (md_ctx, sd_cms_digest_for_key (key), NULL);
  if (!write_and_hash (fd, &st, out, &layout, md_ctx, &file_sum, progress, progress_data,
                       cancellable, error))
    goto out;
  EVP_DigestFinal_ex (md_ctx, digest, &digest_len);
  input_sha = sd_sha256_hex (file_sum);

  cms = sd_cms_sign_detached (key, sd_cms_digest_for_key (key), digest, digest_len, FALSE,
                              cancellable, error);
  if (cms == NULL)
    goto out;

  if (*timestamp)
    {
      g_autoptr(GBytes) token = NULL;
      g_autoptr(GBytes) stamped = NULL;
      g_autoptr(GError) local = NULL;
      guint8 value_digest[EVP_MAX_MD_SIZE];
      unsigned int value_len = 0;

      if (!sd_cms_digest_signature_value (cms, EVP_sha256 (), value_digest, &value_len, error))
        goto out;
      g_clear_pointer (&result->tsa_url, g_free);
      token = sd_tsa_client_timestamp (opts->tsa, EVP_sha256 (), value_digest, value_len,
                                       &result->tsa_url, cancellable, &local);
      if (token == NULL)
        {
          if (!opts->defer_timestamp
              || !g_error_matches (local, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              goto out;
            }
          /* The TSA went away between the probe and now: B-B, later B-LTA. */
          *timestamp = FALSE;
          result->timestamp_deferred = TRUE;
        }
      else
        {
          stamped = sd_cms_add_signature_timestamp (cms, token, error);
          if (stamped == NULL)
            goto out;
          g_bytes_unref (cms);
          cms = g_steal_pointer (&stamped);
        }
    }

  if (g_bytes_get_size (cms) > layout.contents_bytes)
    *needed = g_bytes_get_size (cms);
  if (!write_contents (out, &layout, cms, file_sum, error)
      || !sd_atomic_file_commit (out, error))
    goto out;
  if (progress != NULL)
    progress (1.0, progress_data);
  g_free (*in_sha);
  *in_sha = g_steal_pointer (&input_sha);
  g_free (*out_sha);
  *out_sha = sd_sha256_hex (file_sum);
  ok = TRUE;

out:
  EVP_MD_CTX_free (md_ctx);
  g_clear_pointer (&layout.section, g_bytes_unref);
  return ok;
}

gboolean
sd_sign_document (const char           *in_path,
                  const char           *out_path,
                  SdKey                *key,
                  const SdSignOptions  *opts,
                  SdProgressFunc        progress,
                  gpointer              progress_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  return sd_sign_document_full (in_path, out_path, key, opts, NULL, progress, progress_data,
                                cancellable, error);
}

static gboolean
sign_document_full (const char           *in_path,
                    const char           *out_path,
                    SdKey                *key,
                    const SdSignOptions  *opts,
                    SdSignResult         *result,
                    SdProgressFunc        progress,
                    gpointer              progress_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autofree char *signed_tmp = NULL;
  g_autofree char *marked_tmp = NULL;
  g_autofree char *in_sha = NULL;
  g_autofree char *out_sha = NULL;
  gboolean timestamp;
  gsize extra = 0;
  gsize needed = 0;
  int in_fd;
  gboolean ok;

  if (sd_path_same_file (in_path, out_path))
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                   _("The signed document must be saved under another name than %s: the original stays as it is"),
                   in_path);
      return FALSE;
    }
  timestamp = opts->level >= SD_SIGN_LEVEL_B_T;
  if (timestamp && opts->tsa == NULL)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                   _("The level %s needs a timestamp authority: give one with --tsa URL"),
                   sd_sign_level_to_string (opts->level));
      return FALSE;
    }
  if (!opts->allow_invalid_certificate && !sd_key_check_certificate (key, 0, error))
    return FALSE;
  if (!sd_key_is_unlocked (key))
    {
      g_set_error (error, SD_KEY_ERROR, SD_KEY_ERROR_LOCKED,
                   _("The key “%s” is locked: unlock it before signing"),
                   sd_key_get_label (key));
      return FALSE;
    }

  if (timestamp)
    {
      g_autoptr(GError) local = NULL;

      if (!probe_timestamp (opts->tsa, &extra, cancellable, &local))
        {
          if (!opts->defer_timestamp
              || !g_error_matches (local, SD_TSA_ERROR, SD_TSA_ERROR_UNREACHABLE))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_debug ("no TSA reachable, signing at B-B: %s", local->message);
          timestamp = FALSE;
          result->timestamp_deferred = TRUE;
        }
    }

  /* B-LT and B-LTA: the signature goes to a private temporary file first,
   * and the output gets the validation data (and document timestamp). */
  if (timestamp && opts->level > SD_SIGN_LEVEL_B_T)
    {
      int fd = sd_private_temp_open ("sign", &signed_tmp, error);

      if (fd < 0)
        return FALSE;
      close (fd);
    }
  /* Page marks: their revision in a private temporary file first, signed
   * into the output. */
  if (opts->marks != NULL && opts->marks->len > 0)
    {
      int fd = sd_private_temp_open ("marks", &marked_tmp, error);

      if (fd >= 0)
        close (fd);
      if (fd < 0 || !sd_marks_apply (in_path, marked_tmp, opts->marks, error))
        {
          if (marked_tmp != NULL)
            g_unlink (marked_tmp);
          if (signed_tmp != NULL)
            g_unlink (signed_tmp);
          return FALSE;
        }
      in_path = marked_tmp;
    }

  in_fd = g_open (in_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (in_fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (in_path);

      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO, _("Cannot open “%s”: %s"), display,
                   g_strerror (saved_errno));
      if (signed_tmp != NULL)
        g_unlink (signed_tmp);
      if (marked_tmp != NULL)
        g_unlink (marked_tmp);
      return FALSE;
    }
  ok = sign_pass (in_fd, in_path, signed_tmp ? signed_tmp : out_path, key, opts, extra, &timestamp,
                  result, &needed, &in_sha, &out_sha, progress, progress_data, cancellable, error);
  /* A token larger than the probe's: once more, with room for it. */
  if (!ok && needed > 0)
    {
      g_clear_error (error);
      extra += needed + TOKEN_MARGIN;
      needed = 0;
      ok = sign_pass (in_fd, in_path, signed_tmp ? signed_tmp : out_path, key, opts, extra,
                      &timestamp, result, &needed, &in_sha, &out_sha, progress, progress_data,
                      cancellable, error);
    }
  close (in_fd);
  if (ok)
    result->level = timestamp ? SD_SIGN_LEVEL_B_T : SD_SIGN_LEVEL_B_B;
  /* What the pass read is the caller's file unless marks were drawn
   * first; what it wrote is the output unless B-LT or B-LTA goes on. */
  if (ok && marked_tmp == NULL)
    result->input_sha256 = g_steal_pointer (&in_sha);
  if (ok && signed_tmp == NULL)
    result->output_sha256 = g_steal_pointer (&out_sha);
  if (ok && signed_tmp != NULL && !timestamp)
    {
      /* The TSA went away meanwhile: the B-B signature, to extend later. */
      ok = sd_ltv_append_section (signed_tmp, out_path, NULL, cancellable, error);
    }
  else if (ok && signed_tmp != NULL)
    {
      SdLtvOptions lopts = { 0 };
      g_auto(SdLtvResult) lres = { 0 };

      lopts.level = opts->level;
      lopts.tsa = opts->tsa;
      lopts.store = sd_tsa_client_get_store (opts->tsa);
      lopts.cache_dir = opts->validation_cache;
      lopts.allow_revoked = opts->allow_invalid_certificate;
      lopts.password = opts->password;
      ok = sd_ltv_extend (signed_tmp, out_path, &lopts, &lres, cancellable, error);
      if (ok)
        result->level = lres.level;
    }
  if (signed_tmp != NULL)
    g_unlink (signed_tmp);
  if (marked_tmp != NULL)
    g_unlink (marked_tmp);
  return ok;
}

gboolean
sd_sign_document_full (const char           *in_path,
                       const char           *out_path,
                       SdKey                *key,
                       const SdSignOptions  *opts,
                       SdSignResult         *result,
                       SdProgressFunc        progress,
                       gpointer              progress_data,
                       GCancellable         *cancellable,
                       GError              **error)
{
  SdSignResult local_result = { 0 };
  g_autofree char *repaired = NULL;
  gboolean ok;

  g_return_val_if_fail (in_path != NULL && out_path != NULL, FALSE);
  g_return_val_if_fail (SD_IS_KEY (key), FALSE);
  g_return_val_if_fail (opts != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (opts->repair_damaged && !sd_sign_repair_input (in_path, &repaired, result, cancellable, error))
    return FALSE;
  ok = sign_document_full (repaired != NULL ? repaired : in_path, out_path, key, opts, result,
                           progress, progress_data, cancellable, error);
  if (repaired != NULL)
    {
      /* The pass read the repaired copy, not the caller's file. */
      g_clear_pointer (&result->input_sha256, g_free);
      g_unlink (repaired);
    }
  if (!ok)
    sd_sign_result_clear (result);
  sd_sign_result_clear (&local_result);
  return ok;
}
