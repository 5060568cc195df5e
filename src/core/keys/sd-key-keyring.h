/* sd-key-keyring.h: a key kept in the system keyring (Secret Service)
 *
 * The private key (PKCS#8 DER) is a secret item of the schema
 * "io.github.sealdesk.Key" (attributes key-id and subject; label: the
 * certificate's subject); the certificate and its chain are public and live
 * as PEM in <data_dir>/keys/<key-id>.pem. The key ID is "keyring:<key-id>",
 * key-id being the first 16 bytes of the certificate's SHA-256 in hex.
 * Unlocking fetches the private key into memory (the keyring may prompt to
 * unlock itself); locking wipes it. Calls block on D-Bus: use them from a
 * worker thread in the app.
 */
#pragma once

#include <libsecret/secret.h>

#include "sd-key.h"

G_BEGIN_DECLS

#define SD_TYPE_KEY_KEYRING (sd_key_keyring_get_type ())
G_DECLARE_FINAL_TYPE (SdKeyKeyring, sd_key_keyring, SD, KEY_KEYRING, SdKey)

const SecretSchema *sd_key_keyring_get_schema (void);

/* Keys whose certificate file is in @data_dir and whose private key is in
 * the keyring. Problems (keyring unavailable, stray files) add a GError to
 * @warnings (may be NULL); only cancellation fails. Array of SdKey. */
GPtrArray *sd_key_keyring_list (const char   *data_dir,
                                GPtrArray    *warnings,
                                GCancellable *cancellable,
                                GError      **error);
/* The key with ID "keyring:…" (not unlocked). */
SdKey *sd_key_keyring_lookup (const char   *data_dir,
                              const char   *id,
                              GCancellable *cancellable,
                              GError      **error);
/* Stores the key of the PKCS#12 file @p12_path in the keyring and its
 * certificates in @data_dir; returns the new key (not unlocked). Importing
 * the same key again replaces it. */
SdKey *sd_key_keyring_import (const char   *data_dir,
                              const char   *p12_path,
                              const char   *passphrase,
                              GCancellable *cancellable,
                              GError      **error);
/* Importing needs a default collection in the keyring ("Login" on GNOME):
 * FALSE with SD_KEY_ERROR_NO_KEYRING when there is none (or another error
 * when the keyring cannot be reached). */
gboolean sd_key_keyring_has_default_collection    (GCancellable *cancellable,
                                                   GError      **error);
/* Creates the default collection, named @label; the keyring asks the
 * person for its password (blocks until answered): SD_KEY_ERROR_CANCELLED
 * when they dismiss it. TRUE at once when there is one already. */
gboolean sd_key_keyring_create_default_collection (const char   *label,
                                                   GCancellable *cancellable,
                                                   GError      **error);
/* Removes the private key from the keyring and the certificate file. */
gboolean sd_key_keyring_remove (const char   *data_dir,
                                const char   *id,
                                GCancellable *cancellable,
                                GError      **error);

G_END_DECLS
