/* cli-info-text.c: `sealdesk-cli info` as text for a person
 *
 *   File:              award.pdf
 *   Pages:             3
 *   Page size:         595.28 × 841.89 pt (210 × 297 mm, A4)
 *   …
 * Labels are translated and aligned by their display width. Identical page
 * sizes are grouped ("pages 1–29"), rotations are listed when not zero.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-common.h"
#include "cli-info.h"
#include "sd-geometry.h"

#define MAX_WARNING_LINES 10

typedef struct {
  const char *label;       /* translated */
  GPtrArray  *lines;       /* char *, at least one */
} Row;

typedef struct {
  gint64  key_w, key_h;    /* size in hundredths of a point */
  double  width, height;
  GArray *pages;           /* int */
} SizeGroup;

static const struct {
  const char *name;        /* N_() where it is a word */
  double      width, height;
} paper_sizes[] = {
  { "A3", 841.89, 1190.55 },
  { "A4", 595.276, 841.89 },
  { "A5", 419.528, 595.276 },
  { "B5", 498.898, 708.661 },
  { N_("US Letter"), 612, 792 },
  { N_("US Legal"), 612, 1008 },
};

static void
row_free (gpointer data)
{
  Row *row = data;

  g_ptr_array_unref (row->lines);
  g_free (row);
}

static void
add_row (GPtrArray  *rows,
         const char *label,
         char       *first_line)
{
  Row *row = g_new0 (Row, 1);

  row->label = label;
  row->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (row->lines, first_line);
  g_ptr_array_add (rows, row);
}

static void
add_line (GPtrArray *rows,
          char      *line)
{
  Row *row = g_ptr_array_index (rows, rows->len - 1);

  g_ptr_array_add (row->lines, line);
}

/* Columns a string takes in a terminal (wide CJK characters take two). */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* "595.28", "210": at most @decimals, trailing zeros dropped. */
static char *
format_number (double value,
               int    decimals)
{
  char *text = g_strdup_printf ("%.*f", decimals, value);
  gsize len = strlen (text);

  if (strpbrk (text, ".,") == NULL)
    return text;
  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (len > 0 && !g_ascii_isdigit (text[len - 1]))
    text[--len] = '\0';
  return text;
}

static const char *
paper_name (double width,
            double height)
{
  for (guint i = 0; i < G_N_ELEMENTS (paper_sizes); i++)
    {
      double w = paper_sizes[i].width, h = paper_sizes[i].height;

      if ((fabs (width - w) < 1.5 && fabs (height - h) < 1.5)
          || (fabs (width - h) < 1.5 && fabs (height - w) < 1.5))
        return _(paper_sizes[i].name);
    }
  return NULL;
}

static char *
describe_size (double width,
               double height)
{
  g_autofree char *w = format_number (width, 2);
  g_autofree char *h = format_number (height, 2);
  g_autofree char *w_mm = format_number (width * 25.4 / 72.0, 1);
  g_autofree char *h_mm = format_number (height * 25.4 / 72.0, 1);
  const char *paper = paper_name (width, height);

  if (paper != NULL)
    /* Translators: width × height in points, then in millimetres, then a
     * paper size such as A4 */
    return g_strdup_printf (_("%s × %s pt (%s × %s mm, %s)"), w, h, w_mm, h_mm,
                            paper);
  /* Translators: width × height in points, then in millimetres */
  return g_strdup_printf (_("%s × %s pt (%s × %s mm)"), w, h, w_mm, h_mm);
}

/* "page 3", "pages 1–3, 5, 7–9" */
static char *
describe_pages (GArray *pages)
{
  g_autoptr (GString) ranges = g_string_new (NULL);

  for (guint i = 0; i < pages->len;)
    {
      int first = g_array_index (pages, int, i);
      guint j = i;

      while (j + 1 < pages->len && g_array_index (pages, int, j + 1)
                                   == g_array_index (pages, int, j) + 1)
        j++;
      if (ranges->len > 0)
        g_string_append (ranges, ", ");
      if (j == i)
        g_string_append_printf (ranges, "%d", first);
      else
        g_string_append_printf (ranges, "%d–%d", first,
                                g_array_index (pages, int, j));
      i = j + 1;
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "page %s",
                                       "pages %s", pages->len),
                          ranges->str);
}

static void
size_group_free (gpointer data)
{
  SizeGroup *group = data;

  g_array_unref (group->pages);
  g_free (group);
}

static void
add_page_sizes (GPtrArray       *rows,
                const SdCliInfo *info)
{
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (
      size_group_free);
  g_autoptr (GHashTable) by_size = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);

  for (guint i = 0; i < info->pages->len; i++)
    {
      const SdPdfPageInfo *page = &g_array_index (info->pages,
                                                  SdPdfPageInfo, i);
      g_autofree char *key = NULL;
      SizeGroup *group;
      double w, h;

      sd_geometry_visible_size (page, &w, &h);
      key = g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT,
                             (gint64) llround (w * 100), (gint64) llround (h * 100));
      group = g_hash_table_lookup (by_size, key);
      if (group == NULL)
        {
          group = g_new0 (SizeGroup, 1);
          group->width = w;
          group->height = h;
          group->pages = g_array_new (FALSE, FALSE, sizeof (int));
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_size, g_steal_pointer (&key), group);
        }
      g_array_append_val (group->pages, page->number);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      SizeGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *size = describe_size (group->width, group->height);
      char *line;

      if (groups->len == 1)
        line = g_steal_pointer (&size);
      else
        {
          g_autofree char *pages = describe_pages (group->pages);

          /* Translators: a page size, then the pages that have it */
          line = g_strdup_printf (_("%s: %s"), size, pages);
        }
      if (i == 0)
        add_row (rows, _("Page size:"), line);
      else
        add_line (rows, line);
    }
}

static void
add_rotations (GPtrArray       *rows,
               const SdCliInfo *info)
{
  static const int angles[] = { 90, 180, 270 };
  gboolean first = TRUE;

  for (guint a = 0; a < G_N_ELEMENTS (angles); a++)
    {
      g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (int));
      g_autofree char *list = NULL;
      char *line;

      for (guint i = 0; i < info->pages->len; i++)
        {
          const SdPdfPageInfo *page = &g_array_index (info->pages,
                                                      SdPdfPageInfo, i);

          if (page->rotate == angles[a])
            g_array_append_val (pages, page->number);
        }
      if (pages->len == 0)
        continue;
      list = describe_pages (pages);
      /* Translators: an angle in degrees, then the pages turned by it */
      line = g_strdup_printf (_("%d°: %s"), angles[a], list);
      if (first)
        add_row (rows, _("Rotation:"), line);
      else
        add_line (rows, line);
      first = FALSE;
    }
}

static void
add_signature_fields (GPtrArray     *rows,
                      SdPdfDocument *doc)
{
  GPtrArray *fields = sd_pdf_document_get_signature_fields (doc);
  int n_signed = sd_pdf_document_get_n_signatures (doc);

  if (fields->len == 0)
    {
      add_row (rows, _("Signature fields:"), g_strdup (_("none")));
      return;
    }
  /* Translators: number of signature fields, then how many are signed */
  add_row (rows, _("Signature fields:"),
           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u (%d signed)",
                                         "%u (%d signed)", fields->len),
                            fields->len, n_signed));
  for (guint i = 0; i < fields->len; i++)
    {
      const SdPdfSignatureField *field = g_ptr_array_index (fields, i);
      g_autofree char *name = sd_cli_one_line (field->name);
      g_autofree char *where = NULL;
      char *line;

      if (field->page > 0)
        where = g_strdup_printf (_("page %d"), field->page);
      else
        where = g_strdup (_("not on a page"));
      if (field->is_signed)
        /* Translators: field name, its page, then the signature's kind
         * (its /SubFilter, e.g. ETSI.CAdES.detached) */
        line = g_strdup_printf (_("%s: %s, signed (%s)"), name, where,
                                field->sub_filter != NULL ? field->sub_filter
                                                          : _("unknown kind"));
      else
        line = g_strdup_printf (_("%s: %s, not signed"), name, where);
      add_line (rows, line);
    }
}

static void
add_warnings (GPtrArray     *rows,
              SdPdfDocument *doc)
{
  GPtrArray *warnings = sd_pdf_document_get_warnings (doc);
  guint n = sd_pdf_document_get_n_warnings (doc);

  if (sd_pdf_document_was_repaired (doc))
    add_row (rows, _("Repaired:"),
             g_strdup_printf (_("yes, the file is damaged: %s"),
                              sd_pdf_document_get_repair_reason (doc)));
  else
    add_row (rows, _("Repaired:"), g_strdup (_("no")));

  add_row (rows, _("Warnings:"), g_strdup_printf ("%u", n));
  for (guint i = 0; i < warnings->len && i < MAX_WARNING_LINES; i++)
    add_line (rows, sd_cli_one_line (g_ptr_array_index (warnings, i)));
  if (n > MAX_WARNING_LINES)
    add_line (rows, g_strdup_printf (_("… and %u more"),
                                     n - MAX_WARNING_LINES));
}

static void
add_text (GPtrArray  *rows,
          const char *label,
          const char *text)
{
  if (text != NULL && *text != '\0')
    add_row (rows, label, sd_cli_one_line (text));
}

void
sd_cli_info_print_text (const SdCliInfo *info)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr (GString) out = g_string_new (NULL);
  SdPdfDocument *doc = info->doc;
  const char *encryption = sd_pdf_document_get_encryption (doc);
  const char *xref_names[] = {
    [SD_PDF_XREF_TABLE] = N_("table"),
    [SD_PDF_XREF_STREAM] = N_("stream"),
    [SD_PDF_XREF_HYBRID] = N_("hybrid (table and stream)"),
  };
  int width = 0;

  add_row (rows, _("File:"), sd_cli_one_line (info->file));
  add_row (rows, _("Size:"),
           g_format_size_full ((guint64) sd_pdf_document_get_file_size (doc),
                               G_FORMAT_SIZE_LONG_FORMAT));
  add_row (rows, _("SHA-256:"), g_strdup (info->sha256));
  add_row (rows, _("PDF version:"),
           g_strdup (sd_pdf_document_get_version (doc)));
  add_row (rows, _("Pages:"),
           g_strdup_printf ("%d", sd_pdf_document_get_n_pages (doc)));
  add_page_sizes (rows, info);
  add_rotations (rows, info);
  add_text (rows, _("Title:"), info->title);
  add_text (rows, _("Producer:"), info->producer);
  add_text (rows, _("Creator:"), info->creator);
  add_row (rows, _("Encryption:"),
           g_strdup (encryption != NULL ? encryption : _("none")));
  add_row (rows, _("Cross-reference:"),
           g_strdup (_(xref_names[sd_pdf_document_get_xref_style (doc)])));
  add_row (rows, _("Linearized:"),
           g_strdup (sd_pdf_document_is_linearized (doc) ? _("yes")
                                                         : _("no")));
  add_row (rows, _("Revisions:"),
           g_strdup_printf ("%u", sd_pdf_document_get_revision_ends (doc)->len));
  add_signature_fields (rows, doc);
  add_warnings (rows, doc);

  for (guint i = 0; i < rows->len; i++)
    width = MAX (width, display_width (((Row *) rows->pdata[i])->label));
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < row->lines->len; j++)
        {
          const char *label = j == 0 ? row->label : "";

          g_string_append (out, label);
          for (int pad = display_width (label); pad < width + 2; pad++)
            g_string_append_c (out, ' ');
          g_string_append (out, g_ptr_array_index (row->lines, j));
          g_string_append_c (out, '\n');
        }
    }
  g_print ("%s", out->str);
}
