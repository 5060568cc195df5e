/* test-harness-util.c: the helpers of sd-test-util and the corpus manifest */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "test-harness.h"

static void
test_run_captures (void)
{
  const char *echo[] = { "echo", "hello", "world", NULL };
  const char *fail[] = { "false", NULL };
  const char *env[] = { "env", NULL };
  const char *envp[] = { "SD_HARNESS_PROBE=42", NULL };
  const char *pwd[] = { "pwd", NULL };
  g_autofree char *out = NULL;
  g_autofree char *env_out = NULL;
  g_autofree char *pwd_out = NULL;
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *real_dir = realpath (dir, NULL);

  g_assert_cmpint (sd_test_run (echo, NULL, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "hello world\n");
  g_assert_cmpint (sd_test_run (fail, NULL, NULL, NULL), ==, 1);

  /* @envp replaces the environment: nothing else leaks in. */
  g_assert_cmpint (sd_test_run (env, envp, &env_out, NULL), ==, 0);
  g_assert_cmpstr (env_out, ==, "SD_HARNESS_PROBE=42\n");

  g_assert_cmpint (sd_test_run_full (pwd, NULL, dir, &pwd_out, NULL), ==, 0);
  g_strchomp (pwd_out);
  g_assert_cmpstr (pwd_out, ==, real_dir);
}

/* No shell: metacharacters reach the program as they are. */
static void
test_run_no_shell (void)
{
  const char *argv[] = { "echo", "$HOME;", "*", "|", "`id`", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (sd_test_run (argv, NULL, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "$HOME; * | `id`\n");
}

static void
test_run_missing_program_fails (void)
{
  if (g_test_subprocess ())
    {
      const char *argv[] = { "sd-no-such-program-here", NULL };

      g_assert_cmpint (sd_test_run (argv, NULL, NULL, NULL), ==, -1);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

static void
test_require_program (void)
{
  if (g_test_subprocess ())
    {
      g_assert_true (sd_test_require_program ("sh"));
      g_assert_false (sd_test_require_program ("sd-no-such-program-here"));
      g_print ("require-program returned FALSE\n");
      return;
    }
  /* A missing program skips: a process whose only test skipped exits 77,
   * which the trap API counts as failed; the marker shows no assertion
   * stopped it. */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_stdout ("*require-program returned FALSE*");
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
}

static char *tmpdir_of_previous_test;

static void
test_tmpdir_made (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "locked", NULL);
  g_autofree char *file = g_build_filename (sub, "file.txt", NULL);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  /* Even a read-only folder is removed at the end of the test. */
  g_assert_cmpint (g_chmod (sub, 0500), ==, 0);
  tmpdir_of_previous_test = g_steal_pointer (&dir);
}

static void
test_tmpdir_removed (void)
{
  g_autofree char *dir = g_steal_pointer (&tmpdir_of_previous_test);

  g_assert_nonnull (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_prefix_and_sha256 (void)
{
  g_autofree char *dir = sd_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *ab = g_build_filename (dir, "ab", NULL);
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *sum = NULL;
  g_autofree char *empty_sum = NULL;

  g_assert_true (g_file_set_contents (a, "abc", 3, NULL));
  g_assert_true (g_file_set_contents (ab, "abc\0def", 7, NULL));
  g_assert_true (g_file_set_contents (other, "abd\0def", 7, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  g_assert_true (sd_test_file_is_prefix (a, ab));
  g_assert_true (sd_test_file_is_prefix (a, a));
  g_assert_true (sd_test_file_is_prefix (empty, a));
  g_assert_false (sd_test_file_is_prefix (ab, a));
  g_assert_false (sd_test_file_is_prefix (a, other));
  g_assert_false (sd_test_file_is_prefix (missing, a));

  /* FIPS 180-2 test vector. */
  sum = sd_test_sha256_file (a);
  g_assert_cmpstr (sum, ==, "ba7816bf8f01cfea414140de5dae2223"
                            "b00361a396177a9cb410ff61f20015ad");
  empty_sum = sd_test_sha256_file (empty);
  g_assert_cmpstr (empty_sum, ==, "e3b0c44298fc1c149afbf4c8996fb924"
                                  "27ae41e4649b934ca495991b7852b855");
  g_assert_null (sd_test_sha256_file (missing));
}

static void
test_built_program (void)
{
  g_autofree char *self = sd_test_built_program ("tests/core/test-harness");

  g_assert_true (g_file_test (self, G_FILE_TEST_IS_EXECUTABLE));
}

static void
test_corpus_manifest (void)
{
  g_autoptr (GPtrArray) rows = sd_test_corpus_manifest ();

  if (rows == NULL)
    return;   /* skipped: no corpus */
  g_assert_cmpuint (rows->len, >, 0);
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = rows->pdata[r];
      g_autofree char *path = NULL;

      g_assert_cmpuint (g_strv_length (row), ==, 7);
      g_assert_cmpstr (row[0], !=, "path");   /* the header is not a row */
      g_assert_cmpstr (row[1], !=, "");
      g_assert_cmpint (atoi (row[3]), >, 0);
      g_assert_true (g_str_equal (row[4], "ok")
                     || g_str_equal (row[4], "warnings")
                     || g_str_equal (row[4], "error"));
      path = sd_test_corpus_file (row[0]);
      g_assert_nonnull (path);
    }
}

static void
test_corpus_absent_skips (void)
{
  const char *saved;
  g_autofree char *old = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *file = NULL;

      g_assert_null (sd_test_corpus_dir ());
      file = sd_test_corpus_file ("structure/many-pages-51.pdf");
      g_assert_null (file);
      g_assert_null (sd_test_corpus_manifest ());
      g_print ("corpus calls returned NULL\n");
      return;
    }
  saved = g_getenv ("SEALDESK_CORPUS");
  old = g_strdup (saved);
  g_setenv ("SEALDESK_CORPUS", "/nonexistent/sealdesk-corpus", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (old != NULL)
    g_setenv ("SEALDESK_CORPUS", old, TRUE);
  else
    g_unsetenv ("SEALDESK_CORPUS");
  /* Skipped (exit 77), not aborted. */
  g_test_trap_assert_stdout ("*corpus calls returned NULL*");
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
}

void
add_util_tests (void)
{
  g_test_add_func ("/harness/util/run-captures", test_run_captures);
  g_test_add_func ("/harness/util/run-no-shell", test_run_no_shell);
  g_test_add_func ("/harness/util/run-missing-program-fails",
                   test_run_missing_program_fails);
  g_test_add_func ("/harness/util/require-program", test_require_program);
  g_test_add_func ("/harness/util/tmpdir-made", test_tmpdir_made);
  g_test_add_func ("/harness/util/tmpdir-removed", test_tmpdir_removed);
  g_test_add_func ("/harness/util/prefix-and-sha256", test_prefix_and_sha256);
  g_test_add_func ("/harness/util/built-program", test_built_program);
  g_test_add_func ("/harness/corpus/manifest", test_corpus_manifest);
  g_test_add_func ("/harness/corpus/absent-skips", test_corpus_absent_skips);
}
