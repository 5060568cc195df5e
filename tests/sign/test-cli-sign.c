/* test-cli-sign.c: `sealdesk-cli sign`, run as a person or a script would
 *
 * The passphrase goes only through --pin-env and must never come back on
 * stdout or stderr. Bad input: exit 2, exactly one line on stderr, no output
 * file. Outputs are checked with the real tools of sign-checks.h.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sd-test-util.h"
#include "sign-checks.h"

#define PIN_VAR "SD_TEST_SIGN_PIN"

typedef struct {
  char      *cli;
  char      *tmp;
  char      *seal;
  char      *p12;
  char     **env;
} Cli;

/* NULL (test skipped) while sealdesk-cli is not built. */
static Cli *
cli_new (void)
{
  g_autofree char *cli = sd_test_built_program ("src/cli/sealdesk-cli");
  Cli *c;

  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip_printf ("%s is not built", cli);
      return NULL;
    }
  c = g_new0 (Cli, 1);
  c->cli = g_steal_pointer (&cli);
  c->tmp = sd_test_make_tmpdir ();
  c->seal = sign_make_seal_png (c->tmp);
  c->p12 = sd_test_pki_file ("rsa2048.p12");
  c->env = g_get_environ ();
  c->env = g_environ_setenv (c->env, PIN_VAR, SD_TEST_PKI_PASSWORD, TRUE);
  c->env = g_environ_setenv (c->env, "SD_TEST_WRONG_PIN", "not-the-passphrase", TRUE);
  c->env = g_environ_unsetenv (c->env, "SD_TEST_UNSET_PIN");
  {
    g_autofree char *home = g_build_filename (c->tmp, "home", NULL);

    g_mkdir (home, 0700);
    c->env = g_environ_setenv (c->env, "SEALDESK_HOME", home, TRUE);
  }
  return c;
}

static void
cli_free (Cli *c)
{
  g_free (c->cli);
  g_free (c->tmp);
  g_free (c->seal);
  g_free (c->p12);
  g_strfreev (c->env);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cli, cli_free)

/* The passphrase is "sealdesk-test", and so starts every temporary folder
 * name ("sealdesk-test-XXXXXX"): those do not count. */
static gboolean
prints_passphrase (const char *text)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "/sealdesk-test-", "/", 0);
  return strstr (s->str, SD_TEST_PKI_PASSWORD) != NULL;
}

/* Runs `sealdesk-cli sign ARGS…` (NULL-terminated); the passphrase must not
 * appear in what it prints. */
static int
cli_sign (Cli                *c,
          const char * const *args,
          char              **out,
          char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  int status;

  g_ptr_array_add (argv, c->cli);
  g_ptr_array_add (argv, (char *) "sign");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  status = sd_test_run ((const char * const *) argv->pdata, (const char * const *) c->env,
                        &o, &e);
  if (o == NULL)
    o = g_strdup ("");
  if (e == NULL)
    e = g_strdup ("");
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", status, o, e);
  if (prints_passphrase (o) || prints_passphrase (e))
    sign_fail ("sealdesk-cli printed the passphrase");
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return status;
}

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static void
test_happy_path (void)
{
  g_autoptr(Cli) c = cli_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  const SignRect rect = { 2, 380, 80, 120, 80 };
  int status;

  if (c == NULL)
    return;
  in = sd_test_fixture_file ("xref-table.pdf");
  out = g_build_filename (c->tmp, "award-signed.pdf", NULL);
  status = cli_sign (c, ARGS (in, "-o", out, "--p12", c->p12, "--pin-env", PIN_VAR,
                              "--seal", c->seal, "--page", "2", "--rect", "380,80,120,80",
                              "--reason", "Award", "--location", "Geneva",
                              "--name", "Arbitrator"), NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  if (status == 0)
    sign_check_signed_file (in, out, 1, &rect, 1, c->tmp);
}

/* Three documents, one login, --out-dir. */
static void
test_batch (void)
{
  g_autoptr(Cli) c = cli_new ();
  g_autofree char *dir = NULL;
  const char *names[] = { "xref-table.pdf", "xref-stream.pdf", "linearized.pdf" };
  char *ins[G_N_ELEMENTS (names)] = { NULL };
  gboolean matched[G_N_ELEMENTS (names)] = { FALSE };
  const SignRect rect = { 1, 60, 60, 120, 80 };
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n_out = 0;
  int status;

  if (c == NULL)
    return;
  dir = g_build_filename (c->tmp, "signed", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    ins[i] = sd_test_fixture_file (names[i]);

  status = cli_sign (c, ARGS (ins[0], ins[1], ins[2], "--out-dir", dir, "--p12", c->p12,
                              "--pin-env", PIN_VAR, "--seal", c->seal, "--page", "1",
                              "--rect", "60,60,120,80"), NULL, NULL);
  g_assert_cmpint (status, ==, 0);

  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *out = g_build_filename (dir, name, NULL);
      gboolean found = FALSE;

      n_out++;
      /* Whatever it is named, each output continues one of the inputs. */
      for (guint i = 0; i < G_N_ELEMENTS (names) && !found; i++)
        if (!matched[i] && sd_test_file_is_prefix (ins[i], out))
          {
            found = matched[i] = TRUE;
            g_test_message ("%s is the signed %s", name, names[i]);
            sign_check_signed_file (ins[i], out, 1, &rect, 1, c->tmp);
          }
      if (!found)
        sign_fail ("%s in the output folder is no signed copy of an input", name);
    }
  g_assert_cmpuint (n_out, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (ins[i]);
}

typedef struct {
  const char *name;
  const char *input;            /* fixture; "@missing": no such file */
  const char *args[12];         /* after IN -o OUT; "@p12", "@seal" stand for the files */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "missing-input", "@missing",
    { "--p12", "@p12", "--pin-env", PIN_VAR, NULL } },
  { "not-a-pdf", "not-a-pdf.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, NULL } },
  { "encrypted", "encrypted-aes256.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, NULL } },
  { "page-past-end", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, "--seal", "@seal", "--page", "5",
      "--rect", "50,50,120,80", NULL } },
  { "rect-off-page", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, "--seal", "@seal", "--page", "1",
      "--rect", "500,50,120,80", NULL } },
  { "rect-malformed", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, "--seal", "@seal", "--page", "1",
      "--rect", "50,50,120", NULL } },
  { "seal-missing", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", PIN_VAR, "--seal", "/nonexistent/seal.png",
      "--page", "1", "--rect", "50,50,120,80", NULL } },
  { "wrong-passphrase", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", "SD_TEST_WRONG_PIN", NULL } },
  { "pin-env-unset", "xref-table.pdf",
    { "--p12", "@p12", "--pin-env", "SD_TEST_UNSET_PIN", NULL } },
  /* No passphrase at all: it is never read from anywhere but --pin-env. */
  { "no-pin-env", "xref-table.pdf",
    { "--p12", "@p12", NULL } },
  { "no-key", "xref-table.pdf",
    { "--pin-env", PIN_VAR, NULL } },
  { "expired-certificate", "xref-table.pdf",
    { "--p12", "@expired", "--pin-env", PIN_VAR, NULL } },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(Cli) c = cli_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *nl;
  int status;

  if (c == NULL)
    return;
  in = g_str_equal (ec->input, "@missing")
       ? g_build_filename (c->tmp, "missing.pdf", NULL) : sd_test_fixture_file (ec->input);
  out = g_build_filename (c->tmp, "out.pdf", NULL);
  g_ptr_array_add (args, g_strdup (in));
  g_ptr_array_add (args, g_strdup ("-o"));
  g_ptr_array_add (args, g_strdup (out));
  for (guint i = 0; ec->args[i] != NULL; i++)
    {
      const char *a = ec->args[i];

      if (g_str_equal (a, "@p12"))
        g_ptr_array_add (args, g_strdup (c->p12));
      else if (g_str_equal (a, "@expired"))
        g_ptr_array_add (args, sd_test_pki_file ("expired.p12"));
      else if (g_str_equal (a, "@seal"))
        g_ptr_array_add (args, g_strdup (c->seal));
      else
        g_ptr_array_add (args, g_strdup (a));
    }
  g_ptr_array_add (args, NULL);

  status = cli_sign (c, (const char * const *) args->pdata, NULL, &err);
  g_assert_cmpint (status, ==, 2);
  nl = strchr (err, '\n');
  if (err[0] == '\0' || nl == NULL || nl[1] != '\0')
    sign_fail ("stderr is not exactly one line: \"%s\"", err);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  sign_check_no_temp_files (c->tmp);
}

/* -o naming the input: refused, the input untouched. */
static void
test_output_is_input (void)
{
  g_autoptr(Cli) c = cli_new ();
  g_autofree char *fixture = NULL;
  g_autofree char *in = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  gsize len;
  int status;

  if (c == NULL)
    return;
  fixture = sd_test_fixture_file ("xref-table.pdf");
  in = g_build_filename (c->tmp, "award.pdf", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (in, contents, len, NULL));
  before = sd_test_sha256_file (in);
  status = cli_sign (c, ARGS (in, "-o", in, "--p12", c->p12, "--pin-env", PIN_VAR),
                     NULL, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (err[0] != '\0' && strchr (err, '\n') == err + strlen (err) - 1);
  after = sd_test_sha256_file (in);
  g_assert_cmpstr (after, ==, before);
  sign_check_no_temp_files (c->tmp);
}

/* A 0600 document is signed into a 0600 copy, never a world-readable one. */
static void
test_keeps_mode (void)
{
  g_autoptr(Cli) c = cli_new ();
  g_autofree char *fixture = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len;
  int status;

  if (c == NULL)
    return;
  fixture = sd_test_fixture_file ("xref-table.pdf");
  in = g_build_filename (c->tmp, "private.pdf", NULL);
  out = g_build_filename (c->tmp, "private-signed.pdf", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (in, contents, len, NULL));
  g_assert_cmpint (g_chmod (in, 0600), ==, 0);
  status = cli_sign (c, ARGS (in, "-o", out, "--p12", c->p12, "--pin-env", PIN_VAR),
                     NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Killed (SIGKILL) at any moment, signing leaves the input as it was, and
 * either no output or a complete one: never a partial file, never a
 * temporary name. */
static void
test_killed (void)
{
  g_autoptr(Cli) c = cli_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *before = NULL;
  guint completed = 0;

  if (c == NULL)
    return;
  in = sd_test_fixture_file ("xref-table.pdf");
  out = g_build_filename (c->tmp, "killed-signed.pdf", NULL);
  before = sd_test_sha256_file (in);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_subprocess_launcher_set_environ (launcher, c->env);
      g_unlink (out);
      proc = g_subprocess_launcher_spawn (launcher, &error, c->cli, "sign", in, "-o", out,
                                          "--p12", c->p12, "--pin-env", PIN_VAR,
                                          "--seal", c->seal, "--page", "1", "--rect", "380,80,120,80", NULL);
      g_assert_no_error (error);
      /* Spread over the whole run: start-up, key, layout, writing. */
      g_usleep (g_test_rand_int_range (0, 40000));
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);

      after = sd_test_sha256_file (in);
      g_assert_cmpstr (after, ==, before);
      if (g_file_test (out, G_FILE_TEST_EXISTS))
        {
          completed++;
          g_assert_true (sd_test_file_is_prefix (in, out));
        }
      if (!sign_check_no_temp_files (c->tmp))
        break;
    }
  g_test_message ("%u of 30 runs completed before the kill", completed);

  /* Left alone, the same command completes, over whatever was left. */
  g_assert_cmpint (cli_sign (c, ARGS (in, "-o", out, "--p12", c->p12, "--pin-env", PIN_VAR,
                                      "--seal", c->seal, "--page", "1", "--rect", "380,80,120,80"), NULL, NULL), ==, 0);
  g_assert_true (sd_test_file_is_prefix (in, out));
  sign_check_no_temp_files (c->tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/cli/sign/happy-path", test_happy_path);
  g_test_add_func ("/cli/sign/batch", test_batch);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/sign/errors/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }
  g_test_add_func ("/cli/sign/errors/output-is-input", test_output_is_input);
  g_test_add_func ("/cli/sign/keeps-mode", test_keeps_mode);
  g_test_add_func ("/cli/sign/killed", test_killed);
  return g_test_run ();
}
