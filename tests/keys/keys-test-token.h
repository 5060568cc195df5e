/* keys-test-token.h: a SoftHSM2 token made for the 'keys' tests
 *
 * keys_test_token_setup() (called by main() after g_test_init()) makes a
 * SoftHSM2 token in a temporary folder (SOFTHSM2_CONF points at it, so no
 * other token is touched) and writes onto it, with pkcs11-tool, the test
 * PKI's RSA-2048 key and certificate (CKA_ID 01, label "rsa2048"), EC P-256
 * key and certificate (02, "ec-p256") and the two CA certificates (a1, a2).
 * When softhsm2, opensc or openssl is missing, every test that calls
 * keys_test_require_token() skips.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KEYS_TEST_TOKEN_LABEL "sealdesk-test"
#define KEYS_TEST_USER_PIN    "1234"
#define KEYS_TEST_SO_PIN      "5678"

void keys_test_token_setup (void);
void keys_test_token_teardown (void);
/* Skips the test (and returns FALSE) when the token could not be made. */
gboolean keys_test_require_token (void);
/* The SoftHSM2 library used. */
const char *keys_test_token_module (void);
/* The keys on our token, listed through the key store (SdKey array). */
GPtrArray *keys_test_token_keys (const char *home, GPtrArray **warnings);
/* The URI of our token's key whose object label is @label ("rsa2048"). */
char *keys_test_token_key_uri (const char *label);
/* OpenSC's pkcs11-spy.so, a tracing module; skips the test when absent. */
const char *keys_test_find_spy_module (void);

G_END_DECLS
