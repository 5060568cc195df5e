/* sd-pdf-scan.c: the byte-level layout of a PDF file
 *
 * Revisions: the newest cross-reference section is named by the last
 * "startxref"; each section names the previous one with /Prev. A revision
 * ends just after the first "%%EOF" (and its end-of-line) that follows its
 * section. The /XRefStm of a hybrid-reference file is part of the same
 * section, not a revision of its own. A linearized file has two sections for
 * one revision: the first-page section at the start whose /Prev points
 * *forward* to the main section at the end; the pair ends where the main
 * section ends (the linearization dictionary's /L). Incremental updates never
 * point forward; a forward /Prev anywhere else does not merge revisions.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-pdf-document-private.h"
#include "sd-pdf-lexer.h"
#include "sd-pdf-scan.h"

#define HEADER_WINDOW 1024
/* "startxref" is looked for this far from the end, so that bytes appended
 * after the final %%EOF (padding, junk) are tolerated. */
#define TAIL_WINDOW 4096
#define MAX_SECTIONS 65536
/* How far after a section its %%EOF may be. */
#define EOF_WINDOW (1024 * 1024)

typedef struct {
  gsize    offset;           /* absolute position of "xref" / "N G obj" */
  gboolean is_stream;
  gboolean has_xref_stm;
  gint64   prev;             /* as written, -1 when absent */
  gint64   size;             /* /Size, -1 when absent */
  gsize    end;              /* just after the trailer or the stream object */
  gint64   xref_stm;         /* /XRefStm as written, -1 when absent */
  gboolean named_any;        /* names at least one object */
  gint64   lowest;           /* the object numbers it names */
  gint64   highest;
} Section;

gssize
sd_pdf_scan_find_header (const guint8 *data,
                         gsize         length)
{
  return sd_pdf_find (data, 0, MIN (length, HEADER_WINDOW), "%PDF-");
}

static void
add_problem (SdPdfScan  *scan,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (SdPdfScan  *scan,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (scan->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The value of the last "startxref" near the end, or -1. */
static gint64
find_startxref (const guint8 *data,
                gsize         length)
{
  gsize tail = length > TAIL_WINDOW ? length - TAIL_WINDOW : 0;
  gsize to = length;

  for (;;)
    {
      gssize at = sd_pdf_find_last (data, tail, to, "startxref");
      SdPdfLexer lexer;
      SdPdfToken token;

      if (at < 0)
        return -1;
      sd_pdf_lexer_init (&lexer, data, length, (gsize) at + strlen ("startxref"));
      sd_pdf_lexer_next (&lexer, &token);
      if (token.type == SD_PDF_TOKEN_INTEGER && token.integer >= 0)
        return token.integer;
      to = (gsize) at + strlen ("startxref") - 1;
    }
}

/* After "stream": its data starts after CRLF or LF (a lone CR is tolerated). */
static gsize
stream_data_start (const guint8 *data,
                   gsize         length,
                   gsize         pos)
{
  if (pos < length && data[pos] == '\r')
    pos++;
  if (pos < length && data[pos] == '\n')
    pos++;
  return pos;
}

static void
name_object (Section *section,
             gint64   number)
{
  if (!section->named_any)
    {
      section->lowest = section->highest = number;
      section->named_any = TRUE;
      return;
    }
  section->lowest = MIN (section->lowest, number);
  section->highest = MAX (section->highest, number);
}

/* The object numbers an xref stream names: its /Index pairs (first
 * number, count), [0 /Size] when there is none. */
static void
read_stream_index (const SdPdfLexer *lexer,
                   const SdPdfDict  *dict,
                   Section          *section)
{
  SdPdfLexer probe;
  SdPdfToken token;
  gint64 pair[2];
  int n = 0;
  gssize at = -1;

  for (guint i = 0; i < dict->n_entries && at < 0; i++)
    {
      const SdPdfDictEntry *e = &dict->entries[i];

      if (e->key_length == strlen ("Index")
          && memcmp (dict->data + e->key_start, "Index", e->key_length) == 0)
        at = (gssize) (e->key_start + e->key_length);
    }
  if (at < 0)
    {
      if (section->size > 0)
        {
          name_object (section, 0);
          name_object (section, section->size - 1);
        }
      return;
    }
  sd_pdf_lexer_init (&probe, lexer->data, lexer->length, (gsize) at);
  sd_pdf_lexer_next (&probe, &token);
  if (token.type != SD_PDF_TOKEN_ARRAY_START)
    return;
  for (;;)
    {
      sd_pdf_lexer_next (&probe, &token);
      if (token.type != SD_PDF_TOKEN_INTEGER)
        break;
      pair[n++] = token.integer;
      if (n < 2)
        continue;
      n = 0;
      /* A negative count names nothing, but says the section is bad. */
      if (pair[1] < 0)
        name_object (section, -1);
      else if (pair[1] > 0)
        {
          name_object (section, pair[0]);
          name_object (section, pair[1] > G_MAXINT64 - MAX (pair[0], 0)
                                ? G_MAXINT64 : pair[0] + pair[1] - 1);
        }
    }
}

static gboolean
read_stream_section (SdPdfLexer *lexer,
                     Section    *section)
{
  SdPdfDict dict;
  SdPdfToken token;
  gint64 value;
  gsize start, after = 0;
  gssize found;

  /* "N G obj" */
  for (int i = 0; i < 2; i++)
    {
      sd_pdf_lexer_next (lexer, &token);
      if (token.type != SD_PDF_TOKEN_INTEGER)
        return FALSE;
    }
  sd_pdf_lexer_next (lexer, &token);
  if (!sd_pdf_token_is_keyword (lexer, &token, "obj"))
    return FALSE;
  if (!sd_pdf_lexer_read_dict (lexer, &dict)
      || !sd_pdf_dict_has_name (&dict, "Type", "XRef"))
    return FALSE;
  sd_pdf_lexer_next (lexer, &token);
  if (!sd_pdf_token_is_keyword (lexer, &token, "stream"))
    return FALSE;

  section->is_stream = TRUE;
  section->prev = sd_pdf_dict_get_integer (&dict, "Prev", &value) ? value : -1;
  section->size = sd_pdf_dict_get_integer (&dict, "Size", &value) ? value : -1;
  read_stream_index (lexer, &dict, section);

  /* Skip the binary data by its /Length when that is right, otherwise look
   * for "endstream": never search for %%EOF inside the data. */
  start = stream_data_start (lexer->data, lexer->length, lexer->pos);
  if (sd_pdf_dict_get_integer (&dict, "Length", &value) && value >= 0
      && (guint64) value <= lexer->length - start)
    {
      SdPdfLexer probe;

      /* "endstream", perhaps run into "endobj" without a space. */
      sd_pdf_lexer_init (&probe, lexer->data, lexer->length,
                         start + (gsize) value);
      sd_pdf_lexer_skip_space (&probe);
      if (probe.length - probe.pos >= strlen ("endstream")
          && memcmp (probe.data + probe.pos, "endstream",
                     strlen ("endstream")) == 0)
        after = probe.pos + strlen ("endstream");
    }
  if (after == 0)
    {
      found = sd_pdf_find (lexer->data, start, lexer->length, "endstream");
      if (found < 0)
        return FALSE;
      after = (gsize) found + strlen ("endstream");
    }

  lexer->pos = after;
  sd_pdf_lexer_next (lexer, &token);
  section->end = sd_pdf_token_is_keyword (lexer, &token, "endobj")
                 ? lexer->pos : after;
  return TRUE;
}

static gboolean
read_table_section (SdPdfLexer *lexer,
                    Section    *section)
{
  SdPdfDict dict;
  SdPdfToken token;
  gint64 value;
  gint64 ints[4];
  gint64 next = 0;
  int n = 0;

  /* Subsection headers ("first count") and entries ("offset generation
   * n|f"): integers and the n / f markers. An entry's number is the next
   * one of its subsection. */
  for (;;)
    {
      gboolean in_use, is_free;

      sd_pdf_lexer_next (lexer, &token);
      if (sd_pdf_token_is_keyword (lexer, &token, "trailer"))
        break;
      in_use = sd_pdf_token_is_keyword (lexer, &token, "n");
      is_free = sd_pdf_token_is_keyword (lexer, &token, "f");
      if (token.type == SD_PDF_TOKEN_INTEGER)
        {
          /* Two headers in a row: the first one's subsection is empty. */
          if (n == G_N_ELEMENTS (ints))
            {
              if (ints[0] < 0)
                name_object (section, ints[0]);
              memmove (ints, ints + 2, 2 * sizeof ints[0]);
              n = 2;
            }
          ints[n++] = token.integer;
          continue;
        }
      if (!in_use && !is_free)
        return FALSE;
      if (n == 4)
        next = ints[0];
      if (n >= 2)
        name_object (section, next < G_MAXINT64 ? next++ : next);
      n = 0;
    }
  if (!sd_pdf_lexer_read_dict (lexer, &dict))
    return FALSE;

  section->is_stream = FALSE;
  section->has_xref_stm = sd_pdf_dict_has_key (&dict, "XRefStm");
  section->xref_stm = sd_pdf_dict_get_integer (&dict, "XRefStm", &value) ? value : -1;
  section->prev = sd_pdf_dict_get_integer (&dict, "Prev", &value) ? value : -1;
  section->size = sd_pdf_dict_get_integer (&dict, "Size", &value) ? value : -1;
  section->end = lexer->pos;
  return TRUE;
}

static gboolean
read_section (const guint8 *data,
              gsize         length,
              gsize         offset,
              Section      *section)
{
  SdPdfLexer lexer;
  SdPdfToken token;

  memset (section, 0, sizeof *section);
  section->xref_stm = -1;
  if (offset >= length)
    return FALSE;

  sd_pdf_lexer_init (&lexer, data, length, offset);
  sd_pdf_lexer_skip_space (&lexer);
  section->offset = lexer.pos;
  sd_pdf_lexer_next (&lexer, &token);
  if (sd_pdf_token_is_keyword (&lexer, &token, "xref"))
    return read_table_section (&lexer, section);
  if (token.type != SD_PDF_TOKEN_INTEGER)
    return FALSE;
  sd_pdf_lexer_init (&lexer, data, length, section->offset);
  return read_stream_section (&lexer, section);
}

/* Just after the first "%%EOF" at or after @from (and not much later: it
 * follows the trailer or the xref stream), with its end-of-line; the end of
 * the data when there is none. */
static gsize
revision_end_after (const guint8 *data,
                    gsize         length,
                    gsize         from)
{
  gsize to = length - from > EOF_WINDOW ? from + EOF_WINDOW : length;
  gssize eof = sd_pdf_find (data, from, to, "%%EOF");
  gsize end;

  if (eof < 0)
    return length;
  end = (gsize) eof + strlen ("%%EOF");
  if (end < length && data[end] == '\r')
    end++;
  if (end < length && data[end] == '\n')
    end++;
  return end;
}

static gboolean
first_object_is_linearization_dict (const guint8 *data,
                                    gsize         length,
                                    gsize         header_offset)
{
  SdPdfLexer lexer;
  SdPdfToken token;
  SdPdfDict dict;

  /* The header line and the binary comment are comments to the lexer. */
  sd_pdf_lexer_init (&lexer, data, length, header_offset);
  sd_pdf_lexer_next (&lexer, &token);
  if (token.type != SD_PDF_TOKEN_INTEGER)
    return FALSE;
  sd_pdf_lexer_next (&lexer, &token);
  if (token.type != SD_PDF_TOKEN_INTEGER)
    return FALSE;
  sd_pdf_lexer_next (&lexer, &token);
  if (!sd_pdf_token_is_keyword (&lexer, &token, "obj"))
    return FALSE;
  return sd_pdf_lexer_read_dict (&lexer, &dict)
         && sd_pdf_dict_has_key (&dict, "Linearized");
}

/* When the chain cannot be followed (damaged files that qpdf repairs):
 * a guess from the end of the file, for display only. */
static SdPdfXrefStyle
guess_xref_style (const guint8 *data,
                  gsize         length)
{
  gsize tail = length > TAIL_WINDOW ? length - TAIL_WINDOW : 0;

  if (sd_pdf_find_last (data, tail, length, "trailer") >= 0)
    return SD_PDF_XREF_TABLE;
  if (sd_pdf_find_last (data, tail, length, "/XRef") >= 0)
    return SD_PDF_XREF_STREAM;
  return SD_PDF_XREF_TABLE;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  goffset x = *(const goffset *) a;
  goffset y = *(const goffset *) b;

  return x < y ? -1 : x > y;
}

/* Reads the section named by @declared (relative to the header, or absolute
 * in files with leading bytes that were written without accounting for
 * them). Updates *@base to the base that worked. */
static gboolean
read_declared_section (const guint8 *data,
                       gsize         length,
                       gint64        declared,
                       gsize        *base,
                       Section      *section)
{
  gsize bases[2] = { *base, *base == 0 ? G_MAXSIZE : 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      if (bases[i] == G_MAXSIZE || (guint64) declared > length - bases[i])
        continue;
      if (read_section (data, length, bases[i] + (gsize) declared, section))
        {
          *base = bases[i];
          return TRUE;
        }
    }
  return FALSE;
}

/* What is wrong with the object numbers @section names (with those of
 * @stm, the /XRefStm of a hybrid section, when not NULL), or NULL. Readers
 * differ on numbers outside the trailer's /Size or PDF's limit: one may
 * show an object another ignores. */
static char *
check_numbers (const Section *section,
               const Section *stm)
{
  gint64 lowest = section->lowest, highest = section->highest;
  gboolean named = section->named_any;

  if (stm != NULL && stm->named_any)
    {
      lowest = named ? MIN (lowest, stm->lowest) : stm->lowest;
      highest = named ? MAX (highest, stm->highest) : stm->highest;
      named = TRUE;
    }
  if (!named)
    return NULL;
  if (lowest < 0)
    /* TRANSLATORS: a byte offset, then an object number */
    return g_strdup_printf (_("the cross-reference section at byte %lld names object %lld: object numbers cannot be negative"),
                            (long long) section->offset, (long long) lowest);
  if (highest > SD_PDF_MAX_OBJECTS)
    /* TRANSLATORS: a byte offset, an object number, then PDF's limit */
    return g_strdup_printf (_("the cross-reference section at byte %lld names object %lld, beyond the %d objects a PDF file may have"),
                            (long long) section->offset, (long long) highest, SD_PDF_MAX_OBJECTS);
  if (section->size >= 0 && highest >= section->size)
    /* TRANSLATORS: a byte offset, an object number, then the trailer's /Size */
    return g_strdup_printf (_("the cross-reference section at byte %lld names object %lld, but its trailer declares only %lld objects (/Size)"),
                            (long long) section->offset, (long long) highest, (long long) section->size);
  return NULL;
}

/* The checks of one section of the chain (@newest: the first one read). */
static void
check_section (SdPdfScan    *scan,
               const guint8 *data,
               gsize         length,
               gsize         base,
               const Section *section,
               gboolean      newest)
{
  Section stm;
  gboolean has_stm = FALSE;
  char *problem = NULL;

  if (section->has_xref_stm)
    {
      has_stm = section->xref_stm >= 0 && (guint64) section->xref_stm < length - base
                && read_section (data, length, base + (gsize) section->xref_stm, &stm)
                && stm.is_stream;
      if (!has_stm)
        /* TRANSLATORS: a byte offset */
        problem = g_strdup_printf (_("the /XRefStm of the cross-reference section at byte %lld names no cross-reference stream"),
                                   (long long) section->offset);
    }
  if (problem == NULL)
    problem = check_numbers (section, has_stm ? &stm : NULL);
  if (problem == NULL)
    return;
  g_ptr_array_add (scan->problems, g_strdup (problem));
  if (newest)
    scan->xref_problem = problem;
  else
    g_free (problem);
}

static void
follow_chain (SdPdfScan    *scan,
              const guint8 *data,
              gsize         length,
              GArray       *sections)
{
  g_autoptr (GHashTable) seen = NULL;
  gint64 declared = scan->startxref;
  gsize base = (gsize) scan->header_offset;

  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while (declared >= 0)
    {
      Section section;

      if (g_hash_table_contains (seen, &declared))
        {
          add_problem (scan, _("the cross-reference sections form a loop "
                               "at byte %lld"), (long long) declared);
          scan->chain_problem = g_ptr_array_index (scan->problems, scan->problems->len - 1);
          scan->chain_ok = FALSE;
          return;
        }
      if (sections->len >= MAX_SECTIONS)
        {
          add_problem (scan, _("more than %d cross-reference sections"),
                       MAX_SECTIONS);
          scan->chain_problem = g_ptr_array_index (scan->problems, scan->problems->len - 1);
          scan->chain_ok = FALSE;
          return;
        }
      if (!read_declared_section (data, length, declared, &base, &section))
        {
          add_problem (scan, _("no cross-reference section at byte %lld"),
                       (long long) declared);
          scan->chain_problem = g_ptr_array_index (scan->problems, scan->problems->len - 1);
          scan->chain_ok = FALSE;
          return;
        }
      g_hash_table_add (seen, g_memdup2 (&declared, sizeof declared));
      check_section (scan, data, length, base, &section, sections->len == 0);
      g_array_append_val (sections, section);
      declared = section.prev;
    }
}

static void
collect_revision_ends (SdPdfScan    *scan,
                       const guint8 *data,
                       gsize         length,
                       GArray       *sections)
{
  for (guint i = 0; i < sections->len; i++)
    {
      const Section *section = &g_array_index (sections, Section, i);
      goffset end;

      /* The first-page section of a linearized file points forward to the
       * main section, the oldest of the chain: the revision ends where the
       * main one does. Nothing else may point forward and hide an end. */
      if (scan->linearized && i + 2 == sections->len
          && g_array_index (sections, Section, i + 1).offset > section->offset)
        continue;
      end = (goffset) revision_end_after (data, length, section->end);
      g_array_append_val (scan->revision_ends, end);
    }

  g_array_sort (scan->revision_ends, compare_offsets);
  for (guint i = 1; i < scan->revision_ends->len;)
    {
      if (g_array_index (scan->revision_ends, goffset, i)
          == g_array_index (scan->revision_ends, goffset, i - 1))
        g_array_remove_index (scan->revision_ends, i);
      else
        i++;
    }
}

void
sd_pdf_scan_run (SdPdfScan    *scan,
                 const guint8 *data,
                 gsize         length)
{
  g_autoptr (GArray) sections = g_array_new (FALSE, FALSE, sizeof (Section));
  gssize header = sd_pdf_scan_find_header (data, length);
  gsize v = 0;

  memset (scan, 0, sizeof *scan);
  scan->revision_ends = g_array_new (FALSE, FALSE, sizeof (goffset));
  scan->problems = g_ptr_array_new_with_free_func (g_free);
  scan->header_offset = MAX (header, 0);
  scan->startxref = -1;
  scan->xref_style = SD_PDF_XREF_TABLE;

  for (gsize pos = (gsize) scan->header_offset + strlen ("%PDF-");
       pos < length && v < sizeof scan->header_version - 1
       && (g_ascii_isdigit (data[pos]) || data[pos] == '.');
       pos++)
    scan->header_version[v++] = (char) data[pos];

  scan->linearized = first_object_is_linearization_dict (
      data, length, (gsize) scan->header_offset);

  scan->startxref = find_startxref (data, length);
  if (scan->startxref < 0)
    {
      add_problem (scan, _("no “startxref” at the end of the file"));
      scan->chain_problem = g_ptr_array_index (scan->problems, scan->problems->len - 1);
    }
  else
    {
      scan->chain_ok = TRUE;
      follow_chain (scan, data, length, sections);
    }

  if (sections->len > 0)
    {
      const Section *newest = &g_array_index (sections, Section, 0);

      if (newest->is_stream)
        scan->xref_style = SD_PDF_XREF_STREAM;
      else if (newest->has_xref_stm)
        scan->xref_style = SD_PDF_XREF_HYBRID;
      else
        scan->xref_style = SD_PDF_XREF_TABLE;
      scan->trailer_size = (int) CLAMP (newest->size, 0, G_MAXINT);
    }
  else
    {
      scan->xref_style = guess_xref_style (data, length);
    }

  if (scan->chain_ok)
    collect_revision_ends (scan, data, length, sections);
  else
    sd_pdf_scan_distrust_chain (scan, data, length);
}

void
sd_pdf_scan_distrust_chain (SdPdfScan    *scan,
                            const guint8 *data,
                            gsize         length)
{
  gsize from = 0;
  gssize eof;

  /* Like qpdf's reconstruction, by scanning: every %%EOF ends a revision.
   * A guess (a %%EOF may sit in stream data), flagged by chain_ok. */
  scan->chain_ok = FALSE;
  g_array_set_size (scan->revision_ends, 0);
  while ((eof = sd_pdf_find (data, from, length, "%%EOF")) >= 0)
    {
      goffset end = (goffset) revision_end_after (data, length, (gsize) eof);

      g_array_append_val (scan->revision_ends, end);
      from = (gsize) end;
    }
  if (scan->revision_ends->len == 0)
    {
      goffset end = (goffset) length;

      g_array_append_val (scan->revision_ends, end);
    }
}

void
sd_pdf_scan_clear (SdPdfScan *scan)
{
  g_clear_pointer (&scan->revision_ends, g_array_unref);
  g_clear_pointer (&scan->problems, g_ptr_array_unref);
  g_clear_pointer (&scan->xref_problem, g_free);
}
