/* sd-test-hooks.h: where the crash and race tests stop a program
 *
 * Built with -Dtest_hooks=true (the default for developers), the
 * environment variable SEALDESK_TEST_STOP_AT=POINT makes the program stop
 * itself (SIGSTOP) at POINT, for a test to kill it there, or change its
 * files and let it go on (SIGCONT). The points: before-rename,
 * before-ledger, after-ledger (sd-sealing-intent.c), copy-half (half-way
 * through the signer's copy of its input, sd-sign-copy.c), verify-opened
 * (the verifier, once the document is open, sd-verify.c). HACKING.md. */
#pragma once

#include <signal.h>
#include <glib.h>

static inline void
sd_test_stop_at (const char *point)
{
#ifdef SD_TEST_HOOKS
  if (g_strcmp0 (g_getenv ("SEALDESK_TEST_STOP_AT"), point) == 0)
    raise (SIGSTOP);
#else
  (void) point;
#endif
}
