/* sd-pdf-document.c: the structure of a PDF file, read with qpdf
 *
 * The file is mapped (never copied) and handed to qpdf_read_memory(); the
 * mapping lives as long as the document, so qpdf reads objects lazily from
 * it. The byte-level layout that qpdf does not expose (cross-reference
 * sections, revisions) comes from sd-pdf-scan.c over the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/crypto.h>

#include "sd-pdf-document-impl.h"
#include "sd-mapped-file.h"
#include "sd-pdf-objects.h"
#include "sd-secret.h"

G_DEFINE_FINAL_TYPE (SdPdfDocument, sd_pdf_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (sd-pdf-error-quark, sd_pdf_error)

/* Documents are torn down one at a time: under AddressSanitizer, qpdf
 * 11.3 freeing two documents at once on two threads (the app's render
 * worker and its main thread) used the reference count of an object qpdf
 * shares between documents after it was freed (display-review). A
 * mitigation: the cause inside qpdf is not established. */
static GMutex teardown_lock;

static void
sd_pdf_document_finalize (GObject *object)
{
  SdPdfDocument *self = SD_PDF_DOCUMENT (object);

  /* qpdf reads from the mapping: clean it up first. */
  g_mutex_lock (&teardown_lock);
  if (self->qpdf != NULL)
    qpdf_cleanup (&self->qpdf);
  g_clear_pointer (&self->stream_reader, sd_pdf_stream_reader_free);
  g_mutex_unlock (&teardown_lock);
  g_clear_pointer (&self->font_bytes, g_hash_table_unref);
  g_clear_pointer (&self->map, g_bytes_unref);
  sd_pdf_scan_clear (&self->scan);
  g_clear_pointer (&self->signature_fields, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->repair_reason);
  g_free (self->last_damage);
  g_free (self->encryption);
  g_clear_pointer (&self->password, sd_secret_free);
  g_clear_pointer (&self->crypt, sd_pdf_crypt_free);
  g_free (self->version);
  g_free (self->display_name);
  g_free (self->path);

  G_OBJECT_CLASS (sd_pdf_document_parent_class)->finalize (object);
}

static void
sd_pdf_document_class_init (SdPdfDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_pdf_document_finalize;
}

static void
sd_pdf_document_init (SdPdfDocument *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
add_warning (SdPdfDocument *self,
             char          *text)
{
  if (self->warnings->len < SD_PDF_DOCUMENT_MAX_WARNINGS)
    g_ptr_array_add (self->warnings, text);
  else
    {
      self->n_dropped_warnings++;
      g_free (text);
    }
}

/* Does this qpdf warning mean that qpdf repaired the structure, rather than
 * merely noticed something odd (an unusual /Size, a stray token)? qpdf's
 * C API gives no finer code than "damaged", so its messages are matched:
 * a reconstructed cross-reference table, and a page tree qpdf fixed up. */
static gboolean
is_repair_warning (enum qpdf_error_code_e code,
                   const char            *detail,
                   gboolean              *reconstructed)
{
  static const char * const page_tree_repairs[] = {
    "invalid kid", "converting kid", "appears more than once in the pages",
    "pages tree", "/Pages tree",
  };

  if (code == qpdf_e_pages)
    return TRUE;
  if (code != qpdf_e_damaged_pdf)
    return FALSE;
  if (strstr (detail, "reconstruct") != NULL)
    {
      *reconstructed = TRUE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (page_tree_repairs); i++)
    if (strstr (detail, page_tree_repairs[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Moves qpdf's pending warnings into the document and notes repairs. */
static void
collect_qpdf_warnings (SdPdfDocument *self)
{
  while (qpdf_more_warnings (self->qpdf))
    {
      qpdf_error warning = qpdf_next_warning (self->qpdf);
      enum qpdf_error_code_e code = qpdf_get_error_code (self->qpdf, warning);
      unsigned long long pos = qpdf_get_error_file_position (self->qpdf,
                                                             warning);
      const char *detail = qpdf_get_error_message_detail (self->qpdf, warning);
      g_autofree char *valid = g_utf8_make_valid (detail != NULL ? detail : "",
                                                  -1);
      gboolean reconstructing = FALSE;
      char *text;

      if (pos > 0)
        /* Translators: a message from the PDF library, then a byte offset */
        text = g_strdup_printf (_("%s (at byte %llu)"), valid, pos);
      else
        text = g_strdup (valid);

      if (is_repair_warning (code, valid, &reconstructing))
        {
          /* qpdf says "file is damaged", then why, then "Attempting to
           * reconstruct…": the reason is the message before the last. */
          self->repaired = TRUE;
          if (self->repair_reason == NULL)
            self->repair_reason = g_strdup (reconstructing
                                            && self->last_damage != NULL
                                            ? self->last_damage : text);
          self->reconstructed |= reconstructing;
        }
      else if (code == qpdf_e_damaged_pdf
               && !g_str_equal (valid, "file is damaged"))
        {
          g_free (self->last_damage);
          self->last_damage = g_strdup (text);
        }
      add_warning (self, text);
    }
}

static void
set_error_from_qpdf (SdPdfDocument *self,
                     qpdf_error     qerror,
                     gboolean       reading,
                     const char    *password,
                     GError       **error)
{
  enum qpdf_error_code_e code = qpdf_get_error_code (self->qpdf, qerror);
  const char *detail = qpdf_get_error_message_detail (self->qpdf, qerror);
  g_autofree char *reason = g_utf8_make_valid (detail != NULL ? detail : "",
                                               -1);

  switch (code)
    {
    case qpdf_e_password:
      if (password == NULL || *password == '\0')
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NEEDS_PASSWORD,
                     _("“%s” is protected by a password: give its password "
                       "to open it"), self->display_name);
      else
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_BAD_PASSWORD,
                     _("The password given for “%s” is not correct"),
                     self->display_name);
      break;
    case qpdf_e_system:
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO,
                   _("Cannot read “%s”: %s"), self->display_name, reason);
      break;
    case qpdf_e_unsupported:
      /* A public-key (certificate) handler, or another unknown one. */
      if (strstr (reason, "encryption") != NULL)
        {
          g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                       _("“%s” is encrypted with a security handler that Sealdesk cannot read (%s): "
                         "only documents protected by a password can be opened"),
                       self->display_name, reason);
          break;
        }
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_UNSUPPORTED,
                   _("“%s” uses a PDF feature that cannot be read: %s"),
                   self->display_name, reason);
      break;
    default:
      if (reading)
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                     _("“%s” is damaged and cannot be read: %s"),
                     self->display_name, reason);
      else
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_FAILED,
                     _("Error in the structure of “%s”: %s"),
                     self->display_name, reason);
      break;
    }
}

gboolean
sd_pdf_document_check_qpdf (SdPdfDocument *self,
                            GError       **error)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);

  collect_qpdf_warnings (self);
  if (!qpdf_has_error (self->qpdf))
    return TRUE;
  if (!sd_pdf_document_check_unchanged (self, error))
    {
      qpdf_get_error (self->qpdf);
      return FALSE;
    }
  set_error_from_qpdf (self, qpdf_get_error (self->qpdf), FALSE, NULL, error);
  return FALSE;
}

gboolean
sd_pdf_document_check_unchanged (SdPdfDocument  *self,
                                 GError        **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);

  if (sd_mapped_file_check_unchanged (self->map, self->display_name, &local_error))
    return TRUE;
  g_set_error_literal (error, SD_PDF_ERROR, SD_PDF_ERROR_CHANGED, local_error->message);
  return FALSE;
}

qpdf_data
sd_pdf_document_get_qpdf (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->qpdf;
}

const guint8 *
sd_pdf_document_get_bytes (SdPdfDocument *self,
                           gsize         *length)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  if (length != NULL)
    *length = self->length;
  return self->data;
}

static void
read_version (SdPdfDocument *self,
              qpdf_oh        root)
{
  /* Copied at once: qpdf reuses the buffer on the next call. */
  g_autofree char *header = g_strdup (qpdf_get_pdf_version (self->qpdf));
  qpdf_oh catalog_version = sd_qpdf_get_key (self->qpdf, root, "/Version");
  g_autofree char *raised = sd_qpdf_dup_name (self->qpdf, catalog_version);

  if (header == NULL || *header == '\0')
    {
      g_free (header);
      header = g_strdup (self->scan.header_version[0] != '\0'
                         ? self->scan.header_version : "1.0");
    }
  if (raised != NULL && sd_pdf_version_compare (raised, header) > 0)
    self->version = g_steal_pointer (&raised);
  else
    self->version = g_steal_pointer (&header);
  if (catalog_version != 0)
    qpdf_oh_release (self->qpdf, catalog_version);
}

/* Reads what every caller needs, so that qpdf's repairs surface now. */
static gboolean
read_structure (SdPdfDocument *self,
                const char    *password,
                GError       **error)
{
  qpdf_data q = self->qpdf;
  qpdf_oh root, trailer;

  root = qpdf_get_root (q);
  if (qpdf_has_error (q) || !qpdf_oh_is_dictionary (q, root))
    {
      if (qpdf_has_error (q))
        set_error_from_qpdf (self, qpdf_get_error (q), TRUE, password, error);
      else
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                     _("“%s” is damaged and cannot be read: it has no "
                       "document catalog"), self->display_name);
      return FALSE;
    }
  trailer = qpdf_get_trailer (q);

  self->n_pages = qpdf_get_num_pages (q);
  if (self->n_pages < 0 || qpdf_has_error (q))
    {
      if (qpdf_has_error (q))
        set_error_from_qpdf (self, qpdf_get_error (q), TRUE, password, error);
      else
        g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                     _("The pages of “%s” cannot be read"),
                     self->display_name);
      return FALSE;
    }

  read_version (self, root);
  if (qpdf_is_encrypted (q))
    self->encryption = sd_pdf_describe_encryption (q, trailer);

  qpdf_oh_release (q, trailer);
  qpdf_oh_release (q, root);
  /* A failure while reading optional entries is not fatal, only noted. */
  if (qpdf_has_error (q))
    {
      qpdf_error qerror = qpdf_get_error (q);
      const char *detail = qpdf_get_error_message_detail (q, qerror);

      add_warning (self, g_utf8_make_valid (detail != NULL ? detail : "", -1));
    }
  collect_qpdf_warnings (self);
  return TRUE;
}

static qpdf_data
new_silent_qpdf (void)
{
  qpdf_data q = qpdf_init ();
  qpdflogger_handle logger = qpdflogger_create ();

  /* Errors and warnings are ours to report: nothing on stderr/stdout. */
  qpdflogger_set_info (logger, qpdf_log_dest_discard, NULL, NULL);
  qpdflogger_set_warn (logger, qpdf_log_dest_discard, NULL, NULL);
  qpdflogger_set_error (logger, qpdf_log_dest_discard, NULL, NULL);
  qpdf_set_logger (q, logger);
  qpdflogger_cleanup (&logger);
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  return q;
}

/* Maps @fd (not closed here): a regular file only. */
static GBytes *
map_fd (int          fd,
        const char  *display_name,
        GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  GBytes *map;
  struct stat st;
  int saved_errno = 0;

  if (fstat (fd, &st) != 0)
    saved_errno = errno;
  else if (S_ISDIR (st.st_mode))
    saved_errno = EISDIR;
  if (saved_errno != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO,
                   _("Cannot open “%s”: %s"), display_name,
                   saved_errno != 0 ? g_strerror (saved_errno)
                                    : _("not a regular file"));
      return NULL;
    }
  map = sd_mapped_file_map_fd (fd, &local_error);
  if (map == NULL)
    g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO,
                 _("Cannot read “%s”: %s"), display_name,
                 local_error->message);
  return map;
}

static GBytes *
map_file (const char  *path,
          int          fd,
          const char  *display_name,
          GError     **error)
{
  GBytes *map;
  int saved_errno;

  if (fd >= 0)
    return map_fd (fd, display_name, error);
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO,
                   _("Cannot open “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return NULL;
    }
  map = map_fd (fd, display_name, error);
  close (fd);
  return map;
}

/* @map: the mapping of another document of the same file to share, or
 * NULL to map @path (or @fd). */
static gboolean
read_document (SdPdfDocument  *self,
               const char     *path,
               int             fd,
               GBytes         *map,
               goffset         prefix_length,
               const char     *password,
               GError        **error)
{
  self->path = g_strdup (path);
  self->display_name = g_filename_display_name (path);
  self->map = map != NULL ? g_bytes_ref (map) : map_file (path, fd, self->display_name, error);
  if (self->map == NULL)
    return FALSE;

  self->data = g_bytes_get_data (self->map, &self->length);
  if (prefix_length >= 0)
    {
      if ((guint64) prefix_length > self->length)
        {
          g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_IO,
                       _("Cannot read the first %lld bytes of “%s”: it has "
                         "only %lld bytes"),
                       (long long) prefix_length, self->display_name,
                       (long long) self->length);
          return FALSE;
        }
      self->length = (gsize) prefix_length;
    }

  if (self->length == 0 || sd_pdf_scan_find_header (self->data,
                                                    self->length) < 0)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NOT_PDF,
                   _("“%s” is not a PDF document"), self->display_name);
      return FALSE;
    }

  sd_pdf_scan_run (&self->scan, self->data, self->length);

  self->qpdf = new_silent_qpdf ();
  qpdf_read_memory (self->qpdf, self->display_name,
                    (const char *) self->data, self->length,
                    password != NULL ? password : "");
  if (qpdf_has_error (self->qpdf))
    {
      set_error_from_qpdf (self, qpdf_get_error (self->qpdf), TRUE, password,
                           error);
      return FALSE;
    }
  collect_qpdf_warnings (self);

  /* qpdf decodes an object stream whole, in memory, the first time one of
   * its objects is read: a page kept in one that inflates to a gigabyte
   * took that much before anything was shown. They are measured first, a
   * piece at a time (the same reader measures images and content later). */
  self->stream_reader = sd_pdf_stream_reader_new (self->data, self->length, self->display_name,
                                                  password);
  if (sd_pdf_stream_reader_object_streams_over (self->stream_reader, SD_PDF_MAX_OBJECT_STREAM_BYTES,
                                                SD_PDF_MAX_OBJECT_STREAMS_BYTES))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_TOO_LARGE,
                   /* TRANSLATORS: %s is a file name; an object stream is a compressed
                    * part of a PDF file holding many of its objects */
                   _("“%s” cannot be read safely: its object streams decompress to more than %d MiB"),
                   self->display_name, (int) (SD_PDF_MAX_OBJECT_STREAM_BYTES >> 20));
      return FALSE;
    }

  if (!read_structure (self, password, error))
    return FALSE;

  if (self->encryption != NULL && password != NULL)
    self->password = sd_secret_dup (password);
  if (self->reconstructed)
    sd_pdf_scan_distrust_chain (&self->scan, self->data, self->length);
  for (guint i = 0; i < self->scan.problems->len; i++)
    add_warning (self, g_strdup (g_ptr_array_index (self->scan.problems, i)));

  return TRUE;
}

static SdPdfDocument *
open_document (const char   *path,
               int           fd,
               GBytes       *map,
               goffset       prefix_length,
               const char   *password,
               GError      **error)
{
  g_autoptr (SdPdfDocument) self = g_object_new (SD_TYPE_PDF_DOCUMENT, NULL);
  g_autoptr (GError) local_error = NULL;

  /* A file cut short while it was read reads as zeros from there on:
   * whatever that made of it, the reason is the truncation. */
  if (!read_document (self, path, fd, map, prefix_length, password, &local_error))
    {
      if (self->map == NULL || sd_pdf_document_check_unchanged (self, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!sd_pdf_document_check_unchanged (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

SdPdfDocument *
sd_pdf_document_open (const char  *path,
                      const char  *password,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_document (path, -1, NULL, -1, password, error);
}

SdPdfDocument *
sd_pdf_document_open_fd (int          fd,
                         const char  *path,
                         const char  *password,
                         GError     **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_document (path, fd, NULL, -1, password, error);
}

SdPdfDocument *
sd_pdf_document_open_prefix (const char  *path,
                             goffset      length,
                             const char  *password,
                             GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (length >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_document (path, -1, NULL, length, password, error);
}

SdPdfDocument *
sd_pdf_document_open_revision (SdPdfDocument  *self,
                               goffset         length,
                               const char     *password,
                               GError        **error)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  g_return_val_if_fail (length >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_document (self->path, -1, self->map, length, password, error);
}

gboolean
sd_pdf_document_check_objects (SdPdfDocument  *self,
                               GCancellable   *cancellable,
                               GError        **error)
{
  qpdf_oh null, numbered;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* qpdf reads objects lazily: resolving each object its cross-reference
   * table lists is what makes a bad entry show up as a repair. Asking for
   * every number below the trailer's /Size instead is unbounded: qpdf
   * keeps a null in its cache for each number that is not in the file, so
   * a 32 KB file declaring /Size 2000000100 took gigabytes. qpdf resolves
   * exactly the listed objects (QPDF::fixDanglingReferences(), then again
   * once if that made it reconstruct the table) before it numbers a new
   * object, and numbering one is how the C API reaches that: the null so
   * numbered stays unreferenced in qpdf's memory, never written (the
   * incremental writer numbers its objects from /Size, a repair writes
   * only what the trailer reaches). Stream data is not read. */
  null = qpdf_oh_new_null (self->qpdf);
  numbered = qpdf_make_indirect_object (self->qpdf, null);
  qpdf_oh_release (self->qpdf, numbered);
  qpdf_oh_release (self->qpdf, null);
  return sd_pdf_document_check_qpdf (self, error);
}

gboolean
sd_pdf_document_get_crypt (SdPdfDocument  *self,
                           SdPdfCrypt    **crypt,
                           GError        **error)
{
  SdPdfCryptParams params;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);

  *crypt = NULL;
  if (self->encryption == NULL)
    return TRUE;
  if (self->crypt == NULL)
    {
      if (!sd_pdf_crypt_read_params (self->data, self->length, self->display_name,
                                     self->password, &params, error))
        return FALSE;
      self->crypt = sd_pdf_crypt_new (&params);
      OPENSSL_cleanse (&params, sizeof params);
    }
  *crypt = self->crypt;
  return TRUE;
}
