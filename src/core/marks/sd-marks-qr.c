/* sd-marks-qr.c: the QR verification code of a signed printout */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <openssl/evp.h>

#include "sd-marks.h"
#include "sd-mapped-file.h"
#include "sd-marks-qr.h"
#include "sd-pdf-document-private.h"
#include "sd-module.h"
#include "sd-qr-module.h"

#define PAYLOAD_MAGIC "SDQR1"

/* The largest photo of a printout decoded: 64 megapixels (about 200 MB
 * decoded); a phone's photo of a page is a fraction of it. */
#define MAX_PHOTO_PIXELS ((gint64) 64 * 1000 * 1000)
#define PHOTO_CHUNK (64 * 1024)

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *s = g_string_sized_new (2 * len);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

gboolean
sd_marks_fill_qr (GPtrArray   *marks,
                  const char  *doc_path,
                  X509        *cert,
                  GDateTime   *signing_time,
                  GError     **error)
{
  g_autoptr(GHashTable) payloads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      SdMark *mark = g_ptr_array_index (marks, i);
      const char *key = mark->url_template != NULL ? mark->url_template : "";
      char *payload;

      if (mark->kind != SD_MARK_QR || mark->text != NULL)
        continue;
      payload = g_hash_table_lookup (payloads, key);
      if (payload == NULL)
        {
          payload = sd_qr_payload_new (doc_path, cert, signing_time, mark->url_template, error);
          if (payload == NULL)
            return FALSE;
          g_hash_table_insert (payloads, g_strdup (key), payload);
        }
      mark->text = g_strdup (payload);
    }
  return TRUE;
}

static char *
cert_fingerprint_der (const guint8 *der,
                      gsize         len)
{
  guint8 md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;

  EVP_Digest (der, len, md, &md_len, EVP_sha256 (), NULL);
  return hex (md, md_len);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

/* SHA-256 of the first @len bytes of @path (all of it when @len < 0);
 * NULL when the file is shorter. */
static char *
hash_prefix (const char  *path,
             gint64       len,
             gint64      *size,
             GError     **error)
{
  g_autoptr(GBytes) map = sd_mapped_file_map_path (path, error);
  g_autofree char *display = NULL;
  guint8 md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  gconstpointer data;
  gsize have;

  if (map == NULL)
    return NULL;
  data = g_bytes_get_data (map, &have);
  if (len < 0)
    len = have;
  if ((gsize) len > have)
    return g_strdup ("");
  EVP_Digest (data, len, md, &md_len, EVP_sha256 (), NULL);
  display = g_filename_display_name (path);
  if (!sd_mapped_file_check_unchanged (map, display, error))
    return NULL;
  if (size != NULL)
    *size = len;
  return hex (md, md_len);
}

char *
sd_qr_payload_new (const char  *doc_path,
                   X509        *cert,
                   GDateTime   *signing_time,
                   const char  *url_template,
                   GError     **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *id = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *when = NULL;
  g_autofree guint8 *der = NULL;
  gint64 size = 0;
  int der_len;
  GString *s;

  doc = sd_pdf_document_open (doc_path, NULL, error);
  if (doc == NULL)
    return NULL;
  sha = hash_prefix (doc_path, -1, &size, error);
  if (sha == NULL)
    return NULL;
  {
    qpdf_data q = sd_pdf_document_get_qpdf (doc);
    qpdf_oh ids = qpdf_oh_get_key (q, qpdf_get_trailer (q), "/ID");

    if (qpdf_oh_is_array (q, ids) && qpdf_oh_get_array_n_items (q, ids) > 0)
      {
        size_t len = 0;
        const char *first = qpdf_oh_get_binary_string_value (q, qpdf_oh_get_array_item (q, ids, 0),
                                                             &len);

        if (first != NULL && len > 0)
          id = hex ((const guint8 *) first, MIN (len, 16));
      }
    if (id == NULL)
      id = g_strndup (sha, 32);
  }
  if (cert == NULL)
    /* A preview: the same length, so the same size of code. */
    fp = g_strnfill (64, '0');
  else
    {
      der_len = i2d_X509 (cert, NULL);
      if (der_len <= 0)
        {
          g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_FAILED,
                       _("The signer’s certificate cannot be read"));
          return NULL;
        }
      der = g_malloc (der_len);
      {
        guint8 *p = der;

        i2d_X509 (cert, &p);
      }
      fp = cert_fingerprint_der (der, der_len);
    }
  if (signing_time != NULL)
    when = format_time (signing_time);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      when = format_time (now);
    }

  s = g_string_new (PAYLOAD_MAGIC);
  g_string_append_printf (s, "|%s|%s|%" G_GINT64_FORMAT "|%s|%s", id, sha, size, fp, when);
  if (url_template != NULL && *url_template != '\0')
    {
      g_autoptr(GString) url = g_string_new (url_template);

      g_string_replace (url, "{sha256}", sha, 0);
      g_string_replace (url, "|", "%7C", 0);
      g_string_append_printf (s, "|%s", url->str);
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  int      width, height;
  gboolean too_big;
} PhotoSize;

/* Before any pixel is allocated: a picture that claims too many stops
 * the loader. */
static void
photo_size_prepared (GdkPixbufLoader *loader,
                     int              width,
                     int              height,
                     gpointer         user_data)
{
  PhotoSize *size = user_data;

  size->width = width;
  size->height = height;
  if (width <= 0 || height <= 0 || (gint64) width * height > MAX_PHOTO_PIXELS)
    {
      size->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

/* The photo at @image_path, read a piece at a time into a loader whose
 * size-prepared signal caps the picture's size. */
static GdkPixbuf *
load_photo (const char  *image_path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (image_path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local = NULL;
  g_autofree guint8 *buffer = g_malloc (PHOTO_CHUNK);
  PhotoSize size = { 0, 0, FALSE };
  gboolean ok = TRUE;
  GdkPixbuf *pixbuf;

  if ((stream = g_file_read (file, NULL, error)) == NULL)
    return NULL;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (photo_size_prepared), &size);
  while (ok && !size.too_big)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, PHOTO_CHUNK, NULL, error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      if (n == 0)
        break;
      ok = gdk_pixbuf_loader_write (loader, buffer, (gsize) n, &local);
    }
  ok = gdk_pixbuf_loader_close (loader, ok && !size.too_big ? &local : NULL) && ok;
  if (size.too_big)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: a file name, then the picture's width and height in pixels */
                   _("The photo %s is %d × %d pixels, too large to read safely: take a photo of at most 64 megapixels"),
                   image_path, size.width, size.height);
      return NULL;
    }
  pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: a file name, then why it cannot be read */
                   _("The photo %s cannot be read as a picture: %s"), image_path,
                   local != NULL ? local->message : _("unsupported pixel format"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

char *
sd_qr_decode_image (const char  *image_path,
                    GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *gray = NULL;
  SdQrModuleDecodeFunc decode;
  char *found = NULL;
  int width, height, stride, channels;
  const guint8 *pixels;

  /* zbar is in the module "qr" (see sd-module.h). */
  decode = sd_module_symbol ("qr", "sd_qr_module_decode", error);
  if (decode == NULL)
    return NULL;
  pixbuf = load_photo (image_path, error);
  if (pixbuf == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  gray = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;

        gray[(gsize) y * width + x] = (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
      }

  found = decode (gray, width, height);
  if (found == NULL)
    g_set_error (error, SD_MARKS_ERROR, SD_MARKS_ERROR_INVALID_ARGUMENT,
                 _("No QR code can be read in %s: scan the printout again, sharper and straighter"),
                 image_path);
  return found;
}

gboolean
sd_qr_check (const char      *file_path,
             SdVerifyReport  *report,
             const char      *payload,
             char           **why,
             GError         **error)
{
  g_auto(GStrv) parts = g_strsplit (payload, "|", -1);
  g_autofree char *sha = NULL;
  gint64 size;
  char *end = NULL;

  *why = NULL;
  if (g_strv_length (parts) < 6 || strcmp (parts[0], PAYLOAD_MAGIC) != 0)
    {
      *why = g_strdup (_("The QR code is not a Sealdesk verification code"));
      return FALSE;
    }
  size = g_ascii_strtoll (parts[3], &end, 10);
  if (end == NULL || *end != '\0' || size <= 0)
    {
      *why = g_strdup (_("The QR code is not a Sealdesk verification code"));
      return FALSE;
    }
  sha = hash_prefix (file_path, size, NULL, error);
  if (sha == NULL)
    return FALSE;
  if (strcmp (sha, parts[2]) != 0)
    {
      *why = g_strdup (_("The printout is of another document: the signed file does not contain the document its QR code names"));
      return FALSE;
    }
  for (guint i = 0; report->signatures != NULL && i < report->signatures->len; i++)
    {
      SdVerifySignature *sig = g_ptr_array_index (report->signatures, i);
      g_autofree char *fp = NULL;
      g_autofree char *when = NULL;
      GBytes *cert;

      if (sig->is_doc_timestamp || sig->chain == NULL || sig->chain->len == 0
          || sig->n_byte_range != 4 || sig->byte_range[2] + sig->byte_range[3] <= size)
        continue;
      cert = g_ptr_array_index (sig->chain, 0);
      fp = cert_fingerprint_der (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
      if (strcmp (fp, parts[4]) != 0)
        continue;
      if (sig->claimed_time != NULL)
        when = format_time (sig->claimed_time);
      if (g_strcmp0 (when, parts[5]) != 0)
        continue;
      if (!sig->digest_ok || !sig->signature_ok || sig->verdict == SD_VERIFY_VERDICT_INVALID)
        {
          *why = g_strdup (_("The signature that the QR code names is broken: the signed file was changed"));
          return FALSE;
        }
      return TRUE;
    }
  *why = g_strdup (_("The signed file has no signature by the certificate and at the time that the QR code names"));
  return FALSE;
}
