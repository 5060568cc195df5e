/* sd-sign-checks.c: what a document must be for Sealdesk to sign it
 *
 * Its encryption (a security handler Sealdesk can write, permissions that
 * allow signing), its certification or lock (ISO 32000-2, 12.8.2.2), its
 * structure (damaged files are refused, or repaired on request into a
 * clean first revision).
 */
#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-private-temp.h"
#include "sd-pdf-document-private.h"
#include "sd-sign-checks.h"

gboolean
sd_sign_check_encryption (SdPdfDocument  *doc,
                          GError        **error)
{
  g_autofree char *base = g_path_get_basename (sd_pdf_document_get_path (doc));
  SdPdfCrypt *crypt = NULL;

  if (!sd_pdf_document_get_crypt (doc, &crypt, error))
    return FALSE;
  if (crypt == NULL)
    return TRUE;
  if (!sd_pdf_crypt_get_params (crypt)->may_sign)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_UNSUPPORTED,
                   _("The permissions of %s do not allow signing it: give its owner password instead"),
                   base);
      return FALSE;
    }
  return TRUE;
}

/* What a certification (DocMDP) or a PDF 2.0 lock of @doc forbids, this
 * signature must not add (ISO 32000-2, 12.8.2.2): under P=1 nothing, not
 * even a signature; under P=2 signing but no annotations (a seal in more
 * than one place is a Stamp annotation for each further place); under P=3
 * annotations too. Page content never changes after a signature (page
 * marks refuse signed documents). */
static gboolean
check_permission (SdPdfDocument  *doc,
                  guint           n_placements,
                  GError        **error)
{
  const SdPdfSignatureField *by = NULL;
  int p = sd_pdf_document_get_mdp_permission (doc, &by);
  g_autofree char *base = g_path_get_basename (sd_pdf_document_get_path (doc));

  if (p == 1 && by->docmdp == 1)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_UNSUPPORTED,
                   _("%s is certified with no changes allowed (by the signature “%s”): another signature would break that certification. Sign the document before it is certified, or ask for a certification that allows signing"),
                   base, by->name);
      return FALSE;
    }
  if (p == 1)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_UNSUPPORTED,
                   _("%s is locked by the signature “%s”: no change is allowed after it, not even another signature"),
                   base, by->name);
      return FALSE;
    }
  if (p == 2 && n_placements > 1)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_UNSUPPORTED,
                   _("%s is certified for form filling and signing only (by the signature “%s”): a seal in more than one place adds annotations, which that certification forbids. Place the seal once"),
                   base, by->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_sign_check_document (SdPdfDocument        *doc,
                        const SdSignOptions  *opts,
                        GError              **error)
{
  const char *path = sd_pdf_document_get_path (doc);
  g_autofree char *base = g_path_get_basename (path);

  if (!sd_sign_check_encryption (doc, error))
    return FALSE;
  if (!sd_pdf_document_check_objects (doc, NULL, error))
    return FALSE;
  if (sd_pdf_document_needs_repair (doc))
    {
      g_autofree char *why = sd_pdf_document_describe_damage (doc);

      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_DAMAGED,
                   _("%s is damaged (%s): a signature added to it as it is could not be verified. Sign a repaired copy instead (sign --repair)"),
                   base, why);
      return FALSE;
    }
  if (opts->certify != SD_CERTIFY_NONE && sd_pdf_document_get_n_signatures (doc) > 0)
    {
      g_set_error (error, SD_SIGN_ERROR, SD_SIGN_ERROR_INVALID_ARGUMENT,
                   _("%s is already signed: only the first signature of a document can certify it"),
                   base);
      return FALSE;
    }
  if (!check_permission (doc, opts->placements != NULL ? opts->placements->len : 0, error))
    return FALSE;
  return TRUE;
}

gboolean
sd_sign_check_permitted (const char  *in_path,
                         guint        n_placements,
                         GError     **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;

  g_return_val_if_fail (in_path != NULL, FALSE);

  /* What cannot be opened here is for the signer to report. */
  doc = sd_pdf_document_open (in_path, NULL, NULL);
  return doc == NULL || check_permission (doc, n_placements, error);
}

/* opts->repair_damaged: a damaged @in_path rewritten into a private
 * temporary file, returned in @repaired (NULL when the document is sound,
 * or cannot even be opened: signing it says why). */
gboolean
sd_sign_repair_input (const char    *in_path,
                      char         **repaired,
                      SdSignResult  *result,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_open (in_path, NULL, NULL);
  g_autoptr(GError) local = NULL;
  int fd;

  *repaired = NULL;
  if (doc == NULL || sd_pdf_document_is_encrypted (doc))
    return TRUE;
  if (!sd_pdf_document_check_objects (doc, cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }
  if (!sd_pdf_document_needs_repair (doc))
    return TRUE;
  fd = sd_private_temp_open ("repair", repaired, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  if (!sd_pdf_document_write_repaired (doc, *repaired, error))
    {
      g_unlink (*repaired);
      g_clear_pointer (repaired, g_free);
      return FALSE;
    }
  result->repaired = sd_pdf_document_describe_damage (doc);
  return TRUE;
}
