/* sd-pdf-images-fonts.c: what a page's embedded font programs decode to
 *
 * Poppler loads an embedded font program (/FontFile, /FontFile2 or
 * /FontFile3 of a font descriptor) whole into memory before it draws a
 * glyph: a megabyte of Flate can hold a gigabyte of "font". Each font
 * program a page's fonts embed is decoded here a piece at a time, through
 * the same stream reader as content streams, and only counted (once a
 * document); past SD_PDF_MAX_FONT_BYTES the page is refused. A program that cannot be
 * decoded counts what it gave (Poppler cannot load it either).
 */
#include "config.h"

#include "sd-pdf-images-private.h"
#include "sd-pdf-objects.h"

typedef struct {
  guint64 bytes;
} FontCount;

static gboolean
font_chunk (const guint8 *data,
            gsize         length,
            gpointer      user_data)
{
  FontCount *count = user_data;

  count->bytes += length;
  return count->bytes <= SD_PDF_MAX_FONT_BYTES;
}

static void
claim_program (SdPdfImageWalk *walk,
               qpdf_oh         program)
{
  qpdf_data q = walk->q;
  int id = qpdf_oh_get_object_id (q, program);
  FontCount count = { 0 };
  gpointer known;

  if (!qpdf_oh_is_stream (q, program))
    return;
  if (id != 0)
    {
      if (g_hash_table_contains (walk->seen, GINT_TO_POINTER (id)))
        return;
      g_hash_table_add (walk->seen, GINT_TO_POINTER (id));
    }
  /* A font is shared by many pages: each program is decoded once a
   * document (by its object number; a direct one each time). */
  if (walk->doc->font_bytes == NULL)
    walk->doc->font_bytes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (id != 0 && (known = g_hash_table_lookup (walk->doc->font_bytes, GINT_TO_POINTER (id))) != NULL)
    count.bytes = *(guint64 *) known;
  else
    {
      sd_pdf_images_pipe (walk, program, font_chunk, &count);
      if (id != 0)
        g_hash_table_insert (walk->doc->font_bytes, GINT_TO_POINTER (id), g_memdup2 (&count.bytes, sizeof count.bytes));
    }
  if (count.bytes > SD_PDF_MAX_FONT_BYTES)
    sd_pdf_images_refuse (walk, SD_PDF_PAGE_OVER_FONT);
}

static void
claim_descriptor (SdPdfImageWalk *walk,
                  qpdf_oh         font)
{
  qpdf_data q = walk->q;
  static const char * const keys[] = { "/FontFile", "/FontFile2", "/FontFile3" };
  qpdf_oh descriptor = sd_qpdf_get_key (q, font, "/FontDescriptor");

  if (descriptor == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys) && !sd_pdf_images_over (walk); i++)
    {
      qpdf_oh program = sd_qpdf_get_key (q, descriptor, keys[i]);

      if (program != 0)
        {
          claim_program (walk, program);
          qpdf_oh_release (q, program);
        }
    }
  qpdf_oh_release (q, descriptor);
}

void
sd_pdf_images_claim_font (SdPdfImageWalk *walk,
                          qpdf_oh         font)
{
  qpdf_data q = walk->q;
  qpdf_oh descendants;

  if (sd_pdf_images_over (walk))
    return;
  claim_descriptor (walk, font);
  /* A Type 0 font: its one descendant CIDFont holds the descriptor. */
  descendants = sd_qpdf_get_key (q, font, "/DescendantFonts");
  if (descendants != 0 && qpdf_oh_is_array (q, descendants) && qpdf_oh_get_array_n_items (q, descendants) >= 1)
    {
      qpdf_oh first = qpdf_oh_get_array_item (q, descendants, 0);

      if (qpdf_oh_is_dictionary (q, first))
        claim_descriptor (walk, first);
      qpdf_oh_release (q, first);
    }
  if (descendants != 0)
    qpdf_oh_release (q, descendants);
}
