/* sd-pdf-document-info.c: what an open SdPdfDocument tells: pages, /Info
 * strings, cross-reference layout, revisions, encryption, repairs and
 * signature fields. Opening is in sd-pdf-document.c. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-pdf-document-impl.h"
#include "sd-pdf-objects.h"

const char *
sd_pdf_document_get_path (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->path;
}

goffset
sd_pdf_document_get_file_size (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);
  return (goffset) self->length;
}

goffset
sd_pdf_document_get_header_offset (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);
  return self->scan.header_offset;
}

const char *
sd_pdf_document_get_version (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->version;
}

int
sd_pdf_document_get_n_pages (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);
  return self->n_pages;
}

gboolean
sd_pdf_document_get_page (SdPdfDocument  *self,
                          int             number,
                          SdPdfPageInfo  *info,
                          GError        **error)
{
  qpdf_oh page;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (number < 1 || number > self->n_pages)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_NO_PAGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "page %d does not exist: the document has "
                                "%d page",
                                "page %d does not exist: the document has "
                                "%d pages", (gulong) self->n_pages),
                   number, self->n_pages);
      return FALSE;
    }

  page = qpdf_get_page_n (self->qpdf, (size_t) (number - 1));
  if (!sd_pdf_document_check_qpdf (self, error))
    return FALSE;
  sd_pdf_read_page_info (self->qpdf, page, number, info);
  qpdf_oh_release (self->qpdf, page);
  return sd_pdf_document_check_qpdf (self, error);
}

char *
sd_pdf_document_dup_info_string (SdPdfDocument *self,
                                 const char    *key)
{
  g_autofree char *slash_key = NULL;
  qpdf_oh trailer, info, value;
  char *text;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  slash_key = g_strconcat ("/", key, NULL);
  trailer = qpdf_get_trailer (self->qpdf);
  info = sd_qpdf_get_key (self->qpdf, trailer, "/Info");
  value = sd_qpdf_get_key (self->qpdf, info, slash_key);
  text = sd_qpdf_dup_text (self->qpdf, value);

  if (value != 0)
    qpdf_oh_release (self->qpdf, value);
  if (info != 0)
    qpdf_oh_release (self->qpdf, info);
  qpdf_oh_release (self->qpdf, trailer);
  /* An unreadable /Info is only a warning. */
  if (!sd_pdf_document_check_qpdf (self, NULL))
    g_clear_pointer (&text, g_free);
  return text;
}

SdPdfXrefStyle
sd_pdf_document_get_xref_style (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), SD_PDF_XREF_TABLE);
  return self->scan.xref_style;
}

gboolean
sd_pdf_document_is_linearized (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  return self->scan.linearized;
}

gboolean
sd_pdf_document_is_encrypted (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  return self->encryption != NULL;
}

const char *
sd_pdf_document_get_encryption (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->encryption;
}

gboolean
sd_pdf_document_was_repaired (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  return self->repaired;
}

const char *
sd_pdf_document_get_repair_reason (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  if (self->repair_reason != NULL)
    return self->repair_reason;
  return self->warnings->len > 0 ? g_ptr_array_index (self->warnings, 0)
                                 : NULL;
}

GPtrArray *
sd_pdf_document_get_warnings (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->warnings;
}

guint
sd_pdf_document_get_n_warnings (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);
  return self->warnings->len + self->n_dropped_warnings;
}

goffset
sd_pdf_document_get_startxref (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), -1);
  return self->scan.startxref;
}

gboolean
sd_pdf_document_has_intact_xref_chain (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  return self->scan.chain_ok;
}

const char *
sd_pdf_document_get_xref_problem (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->scan.xref_problem;
}

const char *
sd_pdf_document_get_chain_problem (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->scan.chain_ok ? NULL : self->scan.chain_problem;
}

int
sd_pdf_document_get_trailer_size (SdPdfDocument *self)
{
  qpdf_oh trailer, size;
  long long value = 0;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);

  if (self->scan.trailer_size > 0)
    return self->scan.trailer_size;
  /* The chain could not be read: what qpdf (re)constructed. */
  trailer = qpdf_get_trailer (self->qpdf);
  size = sd_qpdf_get_key (self->qpdf, trailer, "/Size");
  if (size == 0 || !qpdf_oh_get_value_as_longlong (self->qpdf, size, &value))
    value = 0;
  if (size != 0)
    qpdf_oh_release (self->qpdf, size);
  qpdf_oh_release (self->qpdf, trailer);
  sd_pdf_document_check_qpdf (self, NULL);
  return (int) CLAMP (value, 0, G_MAXINT);
}

GArray *
sd_pdf_document_get_revision_ends (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);
  return self->scan.revision_ends;
}

GPtrArray *
sd_pdf_document_get_signature_fields (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);

  if (self->signature_fields == NULL)
    {
      self->signature_fields = sd_pdf_read_signature_fields (self->qpdf);
      sd_pdf_document_check_qpdf (self, NULL);
    }
  return self->signature_fields;
}

int
sd_pdf_document_get_n_signatures (SdPdfDocument *self)
{
  GPtrArray *fields;
  int n = 0;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);

  fields = sd_pdf_document_get_signature_fields (self);
  for (guint i = 0; i < fields->len; i++)
    {
      const SdPdfSignatureField *field = g_ptr_array_index (fields, i);

      if (field->is_signed)
        n++;
    }
  return n;
}

int
sd_pdf_document_get_mdp_permission (SdPdfDocument              *self,
                                    const SdPdfSignatureField **by)
{
  GPtrArray *fields;
  int p = 0;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), 0);

  if (by != NULL)
    *by = NULL;
  fields = sd_pdf_document_get_signature_fields (self);
  for (guint i = 0; i < fields->len; i++)
    {
      const SdPdfSignatureField *field = g_ptr_array_index (fields, i);
      int claims[2] = { field->docmdp, field->lock_p };

      if (!field->is_signed)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (claims); j++)
        if (claims[j] > 0 && (p == 0 || claims[j] < p))
          {
            p = claims[j];
            if (by != NULL)
              *by = field;
          }
    }
  return p;
}
