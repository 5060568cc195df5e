/* sd-key-store.h: every signing key Sealdesk can use, by ID
 *
 * Keys come from the system keyring ("keyring:<hex>"), from PKCS#11 tokens
 * (RFC 7512 "pkcs11:…" URIs) and from PKCS#12 files ("p12:/abs/path").
 * @data_dir is the data directory (NULL: sd_data_dir()). These calls block
 * (D-Bus, tokens): the app runs them in a worker thread.
 */
#pragma once

#include "sd-key.h"

G_BEGIN_DECLS

/* Keys of every backend (keyring first, then tokens). A backend that fails
 * does not hide the others: its problem is dropped here; use
 * sd_key_store_list_full() to show it. Fails only when cancelled. Array of
 * SdKey. */
GPtrArray *sd_key_store_list (const char *data_dir, GCancellable *cancellable, GError **error);
/* The same; *@warnings receives an array of GError (one per problem, e.g.
 * "The system keyring is not available…"), possibly empty. */
GPtrArray *sd_key_store_list_full (const char   *data_dir,
                                   GPtrArray   **warnings,
                                   GCancellable *cancellable,
                                   GError      **error);

/* The key with @id, locked. A "p12:" key needs its passphrase to be read at
 * all: this succeeds only for a file without one (use sd_key_store_open()).
 * Errors: SD_KEY_ERROR_NOT_FOUND, SD_KEY_ERROR_NO_TOKEN, … */
SdKey *sd_key_store_lookup (const char   *data_dir,
                            const char   *id,
                            GCancellable *cancellable,
                            GError      **error);
/* Looks up @id and unlocks it, asking @pin_cb for a PIN (token) or
 * passphrase (PKCS#12 file) once at most. */
SdKey *sd_key_store_open (const char   *data_dir,
                          const char   *id,
                          SdPinCallback pin_cb,
                          gpointer      pin_data,
                          GCancellable *cancellable,
                          GError      **error);

/* Imports the key of a PKCS#12 file into the system keyring. */
SdKey *sd_key_store_import (const char   *data_dir,
                            const char   *p12_path,
                            const char   *passphrase,
                            GCancellable *cancellable,
                            GError      **error);
/* Removes a keyring key. Keys on tokens and in files are not Sealdesk's to
 * delete: SD_KEY_ERROR_UNSUPPORTED with what to do instead. */
gboolean sd_key_store_remove (const char   *data_dir,
                              const char   *id,
                              GCancellable *cancellable,
                              GError      **error);

G_END_DECLS
