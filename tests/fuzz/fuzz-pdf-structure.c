/* fuzz-pdf-structure.c: PDF structure reading (SdPdfDocument, the byte-level
 * scan of cross-reference sections and revisions) on any bytes
 *
 * Every accessor the signer, the verifier and `sealdesk-cli info` use, on
 * the whole file and on a prefix of it (an earlier revision), and the
 * renderers' guard (what a page's images, inline ones too, would decode
 * to).
 */
#include "config.h"

#include "fuzz-common.h"
#include "sd-pdf-document.h"
#include "sd-pdf-scan.h"

static void
read_document (SdPdfDocument *doc)
{
  g_autofree char *producer = NULL;
  int n_pages;

  n_pages = sd_pdf_document_get_n_pages (doc);
  for (int i = 1; i <= MIN (n_pages, 8) + 1; i++)
    {
      SdPdfPageInfo info;
      g_autoptr(GError) error = NULL;

      sd_pdf_document_get_page (doc, i, &info, &error);
    }
  for (int i = 1; i <= MIN (n_pages, 8); i++)
    {
      g_autoptr(GError) error = NULL;

      sd_pdf_document_check_page_images (doc, i, &error);
    }
  sd_pdf_document_get_version (doc);
  sd_pdf_document_get_header_offset (doc);
  sd_pdf_document_get_xref_style (doc);
  sd_pdf_document_is_linearized (doc);
  sd_pdf_document_is_encrypted (doc);
  sd_pdf_document_get_encryption (doc);
  sd_pdf_document_was_repaired (doc);
  sd_pdf_document_get_repair_reason (doc);
  sd_pdf_document_get_warnings (doc);
  sd_pdf_document_get_startxref (doc);
  sd_pdf_document_get_trailer_size (doc);
  sd_pdf_document_has_intact_xref_chain (doc);
  sd_pdf_document_get_revision_ends (doc);
  producer = sd_pdf_document_dup_info_string (doc, "Producer");
  sd_pdf_document_get_signature_fields (doc);
  sd_pdf_document_get_n_signatures (doc);
  {
    g_autoptr(GError) error = NULL;

    sd_pdf_document_check_objects (doc, NULL, &error);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  SdPdfScan scan = { 0 };

  fuzz_init ();
  sd_pdf_scan_find_header (data, size);
  sd_pdf_scan_run (&scan, data, size);
  sd_pdf_scan_distrust_chain (&scan, data, size);
  sd_pdf_scan_clear (&scan);

  path = fuzz_write_file ("input.pdf", data, size);
  doc = sd_pdf_document_open (path, NULL, &error);
  if (doc != NULL)
    {
      GArray *ends = sd_pdf_document_get_revision_ends (doc);

      read_document (doc);
      /* The revision before the last one, as the verifier opens it. */
      if (ends != NULL && ends->len >= 2)
        {
          g_autoptr(SdPdfDocument) prefix = NULL;
          g_autoptr(GError) prefix_error = NULL;

          prefix = sd_pdf_document_open_prefix (path, g_array_index (ends, goffset, ends->len - 2),
                                                NULL, &prefix_error);
          if (prefix != NULL)
            read_document (prefix);
        }
    }
  return 0;
}
