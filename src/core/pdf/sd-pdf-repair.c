/* sd-pdf-repair.c: a damaged document rewritten by qpdf into a clean file
 *
 * An incremental update appends to the bytes as they are. On a file whose
 * cross-reference data is broken every reader rebuilds the structure its
 * own way, so what a signature appended there covers depends on the
 * reader: it is not verifiable. A damaged document is therefore written
 * out whole, as qpdf reconstructed it, with a fresh cross-reference table:
 * a new first revision that a signature can go onto. Its bytes differ from
 * the original's, which is why this is only done when asked for (sign
 * --repair, the application's Repair) and never to a signed document:
 * the rewrite would break every signature in it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-pdf-document-private.h"

/* A /Size beyond PDF's limit: new objects could not be numbered so that
 * readers accept them. The rewrite numbers the objects afresh. */
static gboolean
declares_too_many (SdPdfDocument *self)
{
  return sd_pdf_document_get_trailer_size (self) > SD_PDF_MAX_OBJECTS;
}

gboolean
sd_pdf_document_needs_repair (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  return sd_pdf_document_was_repaired (self) || !sd_pdf_document_has_intact_xref_chain (self)
         || declares_too_many (self);
}

char *
sd_pdf_document_describe_damage (SdPdfDocument *self)
{
  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);

  if (sd_pdf_document_was_repaired (self) && sd_pdf_document_get_repair_reason (self) != NULL)
    return g_strdup (sd_pdf_document_get_repair_reason (self));
  if (!sd_pdf_document_has_intact_xref_chain (self) && sd_pdf_document_get_chain_problem (self) != NULL)
    return g_strdup (sd_pdf_document_get_chain_problem (self));
  if (sd_pdf_document_has_intact_xref_chain (self) && declares_too_many (self))
    /* TRANSLATORS: the declared number of objects, then PDF's limit */
    return g_strdup_printf (_("its trailer declares %d objects (/Size), more than the %d a PDF file may have"),
                            sd_pdf_document_get_trailer_size (self), SD_PDF_MAX_OBJECTS);
  if (sd_pdf_document_needs_repair (self))
    return g_strdup (_("its chain of cross-reference sections is broken"));
  return NULL;
}

/* The rewritten file must read back clean: no repair, one intact chain,
 * every object readable, the same pages. */
static gboolean
check_written (const char  *path,
               const char  *name,
               int          n_pages,
               GError     **error)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (path, NULL, error);

  if (doc == NULL || !sd_pdf_document_check_objects (doc, NULL, error))
    return FALSE;
  if (sd_pdf_document_needs_repair (doc) || sd_pdf_document_get_n_pages (doc) != n_pages)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                   _("“%s” is too damaged to be repaired: qpdf could not rebuild it into a sound document"),
                   name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_pdf_document_write_repaired (SdPdfDocument  *self,
                                const char     *out_path,
                                GError        **error)
{
  g_autofree char *name = NULL;
  qpdf_data q;
  int n_pages;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  name = g_path_get_basename (sd_pdf_document_get_path (self));
  if (sd_pdf_document_is_encrypted (self))
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_ENCRYPTED,
                   _("“%s” is encrypted: Sealdesk does not repair encrypted documents"), name);
      return FALSE;
    }
  if (sd_pdf_document_get_n_signatures (self) > 0)
    {
      g_set_error (error, SD_PDF_ERROR, SD_PDF_ERROR_DAMAGED,
                   _("“%s” is damaged and already signed: repairing it would rewrite the signed bytes and break its signatures. Ask its signers for an intact copy"),
                   name);
      return FALSE;
    }
  n_pages = sd_pdf_document_get_n_pages (self);
  q = sd_pdf_document_get_qpdf (self);
  /* The structure qpdf rebuilt, written whole: objects renumbered, a new
   * cross-reference table, the first /ID kept. */
  if ((qpdf_init_write (q, out_path) & QPDF_ERRORS) == 0)
    {
      qpdf_set_object_stream_mode (q, qpdf_o_disable);
      qpdf_write (q);
    }
  if (!sd_pdf_document_check_qpdf (self, error))
    {
      g_prefix_error (error, _("“%s” cannot be repaired: "), name);
      g_unlink (out_path);
      return FALSE;
    }
  if (!check_written (out_path, name, n_pages, error))
    {
      g_unlink (out_path);
      return FALSE;
    }
  return TRUE;
}
