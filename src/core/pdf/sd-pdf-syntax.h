/* sd-pdf-syntax.h: writing PDF tokens (strings, numbers, dates) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends a text string: a literal "(…)" when @utf8 is printable ASCII,
 * else UTF-16BE with a byte order mark as hex "<FEFF…>". */
void   sd_pdf_append_text_string   (GString      *out,
                                    const char   *utf8);
/* Appends a number with at most 4 decimals, no exponent, C locale. */
void   sd_pdf_append_number        (GString      *out,
                                    double        value);
/* Appends "[a b c d]". */
void   sd_pdf_append_rect          (GString      *out,
                                    const double  rect[4]);
/* Appends "<hex>" of @len bytes. */
void   sd_pdf_append_hex_string    (GString      *out,
                                    const guint8 *data,
                                    gsize         len);
/* "D:YYYYMMDDHHmmSS+hh'mm'" for a PDF date. */
char  *sd_pdf_format_date          (GDateTime    *when);
/* Is @name (without the slash) a safe PDF name of letters, digits, '.', '-', '_'? */
gboolean sd_pdf_name_is_plain      (const char   *name);

G_END_DECLS
