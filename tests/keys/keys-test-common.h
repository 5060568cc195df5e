/* keys-test-common.h: helpers shared by the 'keys' tests
 *
 * Running sealdesk-cli with a chosen environment, checking a signed PDF with
 * independent tools (pdfsig, openssl cms), and searching files for bytes.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sd-key.h"

G_BEGIN_DECLS

/* The process environment with NAME, VALUE pairs set (VALUE NULL: unset),
 * terminated by NULL. */
char **keys_test_environ (const char *first_name, ...) G_GNUC_NULL_TERMINATED;

/* Runs the built sealdesk-cli with the arguments (NULL-terminated) in
 * @envp; returns the exit status. */
int keys_test_cli (char **envp, char **out, char **err, const char *first_arg, ...)
  G_GNUC_NULL_TERMINATED;

/* Does the built sealdesk-cli have the "sign" command? Skips when not. */
gboolean keys_test_require_sign (void);

/* Parses @text as JSON; fails the test when it is not. */
JsonNode *keys_test_parse_json (const char *text);

/* The "keys" array of `keys list --json` output, as objects. */
JsonArray *keys_test_keys_array (JsonNode *root);

/* Checks that @pdf holds exactly @n_signatures signatures that pdfsig
 * calls valid, and that the last one's CMS verifies with `openssl cms
 * -verify` against the test root CA over the bytes its /ByteRange covers. */
void keys_test_assert_signed (const char *pdf, guint n_signatures);

/* Is @needle somewhere in a file below @dir (symbolic links not followed)?
 * Names the first such file in the test log. */
gboolean keys_test_tree_contains (const char *dir, GBytes *needle);

/* The private key of a test PKI key file (NAME.key.pem) as PKCS#8 DER,
 * and the first 64 bytes of its secret scalar (RSA d, EC private value). */
GBytes *keys_test_private_key_der (const char *pki_name);
GBytes *keys_test_private_scalar (const char *pki_name);

/* Checks @sig over @digest with the public key of @key's certificate
 * (PKCS#1 v1.5 for RSA, ECDSA for EC). */
void
keys_test_assert_digest_signed (SdKey *key, const EVP_MD *md, const guint8 *digest, GBytes *sig);

/* For tests of the system keyring. main() first calls
 * keys_test_run_in_keyring_session() unless keys_test_in_keyring_session():
 * it starts the same program again inside `dbus-run-session`, after
 * gnome-keyring-daemon (secrets) was started and unlocked there with a test
 * password, with HOME and the XDG folders in a temporary folder (so the
 * person's own keyring is never touched), and returns its exit status (TAP
 * goes through). Prints a TAP skip when a tool is missing.
 * @display: for a test that shows widgets. Under AddressSanitizer, the
 * session unwinds allocations fully (ASAN_OPTIONS fast_unwind_on_malloc=0),
 * so that build-aux/lsan.supp recognises libsecret's leak; leaks are
 * checked with or without a display (a display test draws without GL, see
 * tests/keys/meson.build). */
gboolean keys_test_in_keyring_session (void);
int      keys_test_run_in_keyring_session (int argc, char **argv, gboolean display);
/* The temporary folder holding that session's HOME and XDG folders. */
const char *keys_test_keyring_session_root (void);
/* The password of that session's login keyring. */
#define KEYS_TEST_KEYRING_PASSWORD "sealdesk-keyring-test"
/* Stops the keyring daemon of the session (SIGTERM to the owner of
 * org.freedesktop.secrets, then waits until the name is gone). */
void keys_test_keyring_stop (void);
/* Starts a keyring daemon (waits until it owns org.freedesktop.secrets),
 * its keyrings in @data_home/keyrings (NULL: the session's). @unlock:
 * with the session's password, which unlocks (or creates) the login
 * keyring; else there may be no login keyring at all. */
void keys_test_keyring_start (const char *data_home, gboolean unlock);

G_END_DECLS
