/* sealdesk-format.h: how dates, times and certificate facts are written
 *
 * One place for what the app shows of a certificate or a time, so that
 * every dialog says it the same way: dates as "3 August 2029" (a month
 * name, never an ambiguous "03/08/29"), in the person's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* "3 August 2029" (local time), or "?" for a time that cannot be shown. */
char *sealdesk_format_date             (gint64        unix_time);
/* "3 August 2029, 14:05:09 CEST" (local time). */
char *sealdesk_format_date_time        (GDateTime    *time);
/* "3 Aug 2029, 14:05 CEST" (local time), for lists. */
char *sealdesk_format_short_date_time  (GDateTime    *time);
/* "valid from 1 May 2026 until 3 August 2029" */
char *sealdesk_format_validity         (X509         *cert);
/* The certificate's digest with @md (EVP_sha256 (), EVP_sha1 ()) as
 * upper-case hex pairs separated by colons. */
char *sealdesk_format_fingerprint      (X509         *cert,
                                        const EVP_MD *md);

G_END_DECLS
