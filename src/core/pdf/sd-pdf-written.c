/* sd-pdf-written.c: which objects a revision writes
 *
 * An incremental update writes its objects and a cross-reference section
 * that lists them (in use or freed); every other object reads exactly as it
 * did in the revision before. The verifier compares two revisions by these
 * objects only, so that its work does not grow with the file.
 *
 * The sections are read from the mapped bytes (classic tables with the
 * lexer; cross-reference streams decoded by qpdf, which owns the filters).
 * Whenever the answer is not certain (a section that cannot be read, a
 * chain qpdf had to reconstruct) there is none, and the caller compares
 * everything.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-pdf-document-impl.h"
#include "sd-pdf-lexer.h"

#define MAX_SECTIONS 65536
/* Entries of one section: a revision writing more is compared in full. */
#define MAX_ENTRIES  (1 << 22)

static void
add_number (GHashTable *set,
            gint64      num)
{
  if (num > 0 && num <= G_MAXINT)
    g_hash_table_add (set, GINT_TO_POINTER ((int) num));
}

/* "xref" then subsections "first count" and count entries, up to "trailer"
 * and its dictionary. */
static gboolean
read_table (const guint8 *data,
            gsize         length,
            gsize         offset,
            GHashTable   *set,
            gint64       *prev,
            gint64       *xref_stm)
{
  SdPdfLexer lexer;
  SdPdfToken token;
  SdPdfDict dict;
  gint64 value;

  sd_pdf_lexer_init (&lexer, data, length, offset);
  sd_pdf_lexer_next (&lexer, &token);
  if (!sd_pdf_token_is_keyword (&lexer, &token, "xref"))
    return FALSE;
  for (;;)
    {
      gint64 first, count;

      sd_pdf_lexer_next (&lexer, &token);
      if (sd_pdf_token_is_keyword (&lexer, &token, "trailer"))
        break;
      if (token.type != SD_PDF_TOKEN_INTEGER)
        return FALSE;
      first = token.integer;
      sd_pdf_lexer_next (&lexer, &token);
      if (token.type != SD_PDF_TOKEN_INTEGER || first < 0 || token.integer < 0
          || token.integer > MAX_ENTRIES)
        return FALSE;
      count = token.integer;
      for (gint64 i = 0; i < count; i++)
        {
          /* offset generation n|f */
          for (int j = 0; j < 2; j++)
            {
              sd_pdf_lexer_next (&lexer, &token);
              if (token.type != SD_PDF_TOKEN_INTEGER)
                return FALSE;
            }
          sd_pdf_lexer_next (&lexer, &token);
          if (!sd_pdf_token_is_keyword (&lexer, &token, "n")
              && !sd_pdf_token_is_keyword (&lexer, &token, "f"))
            return FALSE;
          add_number (set, first + i);
        }
      if (g_hash_table_size (set) > MAX_ENTRIES)
        return FALSE;
    }
  if (!sd_pdf_lexer_read_dict (&lexer, &dict))
    return FALSE;
  *prev = sd_pdf_dict_get_integer (&dict, "Prev", &value) ? value : -1;
  *xref_stm = sd_pdf_dict_get_integer (&dict, "XRefStm", &value) ? value : -1;
  return TRUE;
}

static gint64
int_at (qpdf_data q,
        qpdf_oh   array,
        int       i)
{
  qpdf_oh item = qpdf_oh_get_array_item (q, array, i);
  gint64 value = qpdf_oh_is_integer (q, item) ? qpdf_oh_get_int_value (q, item) : -1;

  qpdf_oh_release (q, item);
  return value;
}

/* "N G obj << /Type /XRef … >> stream": its entries, decoded by qpdf. */
static gboolean
read_stream (SdPdfDocument *self,
             gsize          offset,
             GHashTable    *set,
             gint64        *prev)
{
  qpdf_data q = self->qpdf;
  SdPdfLexer lexer;
  SdPdfToken token;
  SdPdfDict dict;
  gint64 num, gen, value, w[3] = { 0, 0, 0 }, entry_len;
  qpdf_oh oh, d, warr, index;
  unsigned char *bytes = NULL;
  size_t len = 0;
  gboolean ok = FALSE;
  int n_index;

  sd_pdf_lexer_init (&lexer, self->data, self->length, offset);
  sd_pdf_lexer_next (&lexer, &token);
  num = token.integer;
  if (token.type != SD_PDF_TOKEN_INTEGER)
    return FALSE;
  sd_pdf_lexer_next (&lexer, &token);
  gen = token.integer;
  if (token.type != SD_PDF_TOKEN_INTEGER || num <= 0 || num > G_MAXINT || gen < 0 || gen > 65535)
    return FALSE;
  sd_pdf_lexer_next (&lexer, &token);
  if (!sd_pdf_token_is_keyword (&lexer, &token, "obj")
      || !sd_pdf_lexer_read_dict (&lexer, &dict)
      || !sd_pdf_dict_has_name (&dict, "Type", "XRef"))
    return FALSE;
  *prev = sd_pdf_dict_get_integer (&dict, "Prev", &value) ? value : -1;
  add_number (set, num);

  oh = qpdf_get_object_by_id (q, (int) num, (int) gen);
  if (!qpdf_oh_is_stream (q, oh))
    {
      qpdf_oh_release (q, oh);
      return FALSE;
    }
  d = qpdf_oh_get_dict (q, oh);
  warr = qpdf_oh_get_key (q, d, "/W");
  index = qpdf_oh_get_key (q, d, "/Index");
  if (qpdf_oh_is_array (q, warr) && qpdf_oh_get_array_n_items (q, warr) == 3)
    for (int i = 0; i < 3; i++)
      w[i] = int_at (q, warr, i);
  entry_len = w[0] + w[1] + w[2];
  if (w[0] >= 0 && w[1] >= 0 && w[2] >= 0 && w[0] <= 8 && w[1] <= 8 && w[2] <= 8 && entry_len > 0
      && (qpdf_oh_get_stream_data (q, oh, qpdf_dl_generalized, NULL, &bytes, &len) & QPDF_ERRORS) == 0)
    {
      gint64 n_entries = (gint64) len / entry_len, at = 0;
      gint64 size = sd_pdf_dict_get_integer (&dict, "Size", &value) ? value : -1;

      ok = n_entries <= MAX_ENTRIES;
      if (!qpdf_oh_is_array (q, index))
        {
          /* Without /Index: one subsection [0 Size]. */
          for (gint64 i = 0; ok && i < MIN (n_entries, size); i++)
            add_number (set, i);
        }
      else
        {
          n_index = qpdf_oh_get_array_n_items (q, index);
          ok = ok && n_index % 2 == 0;
          for (int i = 0; ok && i < n_index; i += 2)
            {
              gint64 first = int_at (q, index, i), count = int_at (q, index, i + 1);

              if (first < 0 || count < 0 || count > n_entries - at)
                ok = FALSE;
              for (gint64 j = 0; ok && j < count; j++)
                add_number (set, first + j);
              at += count;
            }
        }
    }
  free (bytes);
  qpdf_oh_release (q, index);
  qpdf_oh_release (q, warr);
  qpdf_oh_release (q, d);
  qpdf_oh_release (q, oh);
  if (qpdf_has_error (q))
    {
      qpdf_get_error (q);
      ok = FALSE;
    }
  return ok;
}

GHashTable *
sd_pdf_document_get_written_objects (SdPdfDocument *self,
                                     goffset        from)
{
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gsize base;
  gint64 declared;

  g_return_val_if_fail (SD_IS_PDF_DOCUMENT (self), NULL);

  if (!sd_pdf_document_has_intact_xref_chain (self) || self->scan.startxref < 0
      || self->encryption != NULL)
    return NULL;
  set = g_hash_table_new (NULL, NULL);
  seen = g_hash_table_new (NULL, NULL);
  base = (gsize) self->scan.header_offset;
  declared = self->scan.startxref;
  while (declared >= 0)
    {
      gsize offset;
      gint64 prev = -1, xref_stm = -1;
      SdPdfLexer lexer;
      SdPdfToken token;
      gboolean ok;

      if ((guint64) declared >= self->length - base
          || g_hash_table_size (seen) >= MAX_SECTIONS
          || g_hash_table_contains (seen, GSIZE_TO_POINTER ((gsize) declared)))
        return NULL;
      g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize) declared));
      sd_pdf_lexer_init (&lexer, self->data, self->length, base + (gsize) declared);
      sd_pdf_lexer_skip_space (&lexer);
      offset = lexer.pos;
      /* Sections of earlier revisions (a linearized file's first-page
       * section at the start points forward: it is older too). */
      if ((goffset) offset < from)
        break;
      sd_pdf_lexer_next (&lexer, &token);
      if (sd_pdf_token_is_keyword (&lexer, &token, "xref"))
        {
          ok = read_table (self->data, self->length, offset, set, &prev, &xref_stm);
          if (ok && xref_stm >= 0)
            {
              gint64 ignored = -1;

              ok = (guint64) xref_stm < self->length - base
                   && read_stream (self, base + (gsize) xref_stm, set, &ignored);
            }
        }
      else
        ok = read_stream (self, offset, set, &prev);
      if (!ok)
        return NULL;
      declared = prev;
    }
  return g_steal_pointer (&set);
}
