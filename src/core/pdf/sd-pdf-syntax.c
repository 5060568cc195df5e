/* sd-pdf-syntax.c: writing PDF tokens (strings, numbers, dates) */
#include "config.h"

#include <string.h>

#include "sd-pdf-syntax.h"

void
sd_pdf_append_hex_string (GString      *out,
                          const guint8 *data,
                          gsize         len)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append_c (out, '<');
  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (out, hex[data[i] >> 4]);
      g_string_append_c (out, hex[data[i] & 0xf]);
    }
  g_string_append_c (out, '>');
}

void
sd_pdf_append_text_string (GString    *out,
                           const char *utf8)
{
  gboolean ascii = TRUE;

  for (const char *p = utf8; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    {
      g_string_append_c (out, '(');
      for (const char *p = utf8; *p; p++)
        {
          if (*p == '(' || *p == ')' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, ')');
      return;
    }
  else
    {
      glong n_units = 0;
      g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, NULL);
      g_autofree guint8 *bytes = NULL;

      if (utf16 == NULL)
        {
          /* Not valid UTF-8: keep what can be kept rather than fail. */
          g_autofree char *valid = g_utf8_make_valid (utf8, -1);

          sd_pdf_append_text_string (out, valid);
          return;
        }
      bytes = g_malloc (2 + 2 * n_units);
      bytes[0] = 0xfe;
      bytes[1] = 0xff;
      for (glong i = 0; i < n_units; i++)
        {
          bytes[2 + 2 * i] = utf16[i] >> 8;
          bytes[3 + 2 * i] = utf16[i] & 0xff;
        }
      sd_pdf_append_hex_string (out, bytes, 2 + 2 * n_units);
    }
}

void
sd_pdf_append_number (GString *out,
                      double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (value > -0.00005 && value < 0.00005)
    value = 0;
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  /* Trim trailing zeros and a trailing point. */
  end = buf + strlen (buf) - 1;
  if (strchr (buf, '.') != NULL)
    {
      while (end > buf && *end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
  g_string_append (out, buf);
}

void
sd_pdf_append_rect (GString      *out,
                    const double  rect[4])
{
  g_string_append_c (out, '[');
  for (int i = 0; i < 4; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      sd_pdf_append_number (out, rect[i]);
    }
  g_string_append_c (out, ']');
}

char *
sd_pdf_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "D:%Y%m%d%H%M%S+00'00'");
}

gboolean
sd_pdf_name_is_plain (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}
