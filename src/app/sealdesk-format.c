/* sealdesk-format.c: how dates, times and certificate facts are written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key.h"
#include "sealdesk-format.h"

char *
sealdesk_format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("?");
  /* Translators: a date (of a certificate's validity, …) with the month
   * written out, never only digits; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
sealdesk_format_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  /* Translators: how signing times are shown in the details of a
   * signature; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M:%S %Z"));
}

char *
sealdesk_format_short_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  /* Translators: how a signing time is shown in the list of signatures;
   * see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M %Z"));
}

char *
sealdesk_format_validity (X509 *cert)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (cert != NULL, NULL);

  from = sealdesk_format_date (sd_x509_not_before (cert));
  until = sealdesk_format_date (sd_x509_not_after (cert));
  /* Translators: a certificate's validity; the dates come from
   * sealdesk_format_date() */
  return g_strdup_printf (_("from %s until %s"), from, until);
}

char *
sealdesk_format_fingerprint (X509 *cert, const EVP_MD *md)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int  len = 0;
  GString      *text;

  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (md != NULL, NULL);

  if (X509_digest (cert, md, digest, &len) != 1)
    return g_strdup ("?");
  text = g_string_sized_new (len * 3);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}
