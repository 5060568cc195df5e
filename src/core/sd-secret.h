/* sd-secret.h: handling of PINs and passphrases
 *
 * Secrets never reach logs, temporary files, command lines or the database.
 * Whoever receives a secret wipes it when done with sd_secret_free().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called by a key backend when it needs a PIN or passphrase.
 * @prompt: what to ask, already translated ("PIN for token “Company seal”").
 * @tries_left: how many tries the token reports are left, or -1 if unknown.
 * Returns: a newly allocated NUL-terminated secret (the receiver wipes and
 * frees it with sd_secret_free()), or NULL when the person cancelled. */
typedef char *(*SdPinCallback) (const char *prompt,
                                int         tries_left,
                                gpointer    user_data);

void   sd_secret_free      (char       *secret);
char  *sd_secret_dup       (const char *secret);
/* Reads a secret from the environment variable @name and removes it from the
 * environment so that child processes do not inherit it. */
char  *sd_secret_from_env  (const char *name,
                            GError    **error);

/* Makes every block OpenSSL frees be wiped first, so that no decrypted
 * key (PKCS#12 bags, DER buffers of its decoders) outlives its use in
 * freed memory. Call first thing in main(), before anything uses OpenSSL;
 * FALSE if it was too late. */
gboolean sd_secret_harden_openssl (void);

/* g_autoptr (SdSecret) pin = ...; wipes and frees on scope exit. */
typedef char SdSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSecret, sd_secret_free)

G_END_DECLS
