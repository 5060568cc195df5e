/* test-verify.c: the verifier's tests (suite 'verify')
 *
 *  test-verify-corpus.c  the public corpus: pdfsig agreement, MANIFEST
 *                        verdicts, attacks named
 *  test-verify-tamper.c  signed files changed by the test
 *  test-verify-cli.c     our own signed files, exit codes, JSON, report
 *  test-verify-attacks.c changes a page can show, crafted by the test
 *  test-verify-xref.c    updates with hostile cross-reference sections
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "test-verify.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* Run by hand under LeakSanitizer: the third-party leaks that every test
   * of a sanitizer build ignores (tests/meson.build), for this program and
   * the sealdesk-cli it starts. */
  if (g_getenv ("LSAN_OPTIONS") == NULL && g_getenv ("SD_TEST_SRCDIR") != NULL)
    {
      g_autofree char *supp = g_build_filename (g_getenv ("SD_TEST_SRCDIR"), "build-aux",
                                                "lsan.supp", NULL);
      g_autofree char *options = g_strdup_printf ("suppressions=%s:print_suppressions=0", supp);

      g_setenv ("LSAN_OPTIONS", options, TRUE);
    }
  g_test_init (&argc, &argv, NULL);

  /* The command line reads the trust list of the data directory: start
   * with an empty one so that nothing on this machine is trusted. */
  home = g_dir_make_tmp ("sealdesk-verify-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  g_setenv ("SEALDESK_HOME", home, TRUE);

  tv_register_corpus_tests ();
  tv_register_tamper_tests ();
  tv_register_cli_tests ();
  tv_register_attack_tests ();
  tv_register_xref_tests ();
  status = g_test_run ();
  g_rmdir (home);
  return status;
}
