/* sd-key-keyring-private.h: what sd-key-keyring.c shares with
 * sd-key-keyring-import.c */
#pragma once

#include <libsecret/secret.h>
#include <openssl/x509.h>

#include "sd-key.h"

G_BEGIN_DECLS

/* A keyring key of @key_id (the hex part of its ID) for @cert. */
SdKey      *sd_key_keyring_new_key        (const char       *key_id,
                                           X509             *cert,
                                           STACK_OF (X509)  *chain);
/* The hex part of the ID a key of @cert gets. */
char       *sd_key_keyring_id_for_cert    (X509             *cert);
/* The hex part of "keyring:<hex>", checked so that it can name a file. */
const char *sd_key_keyring_parse_id       (const char       *id,
                                           GError          **error);
/* DATA_DIR/keys/KEY_ID.pem (the default data directory for NULL). */
char       *sd_key_keyring_cert_path      (const char       *data_dir,
                                           const char       *key_id);
/* TRUE when the call that failed with *@error should be tried again once
 * (@attempt 0) on a fresh connection; *@error is then cleared. */
gboolean    sd_key_keyring_reconnect_after (GError         **error,
                                            guint            attempt);
/* "The system keyring is not available" from @cause (cancelling kept). */
void        sd_key_keyring_set_error      (GError          **error,
                                           GError           *cause);

G_END_DECLS
