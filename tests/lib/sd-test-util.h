/* sd-test-util.h: helpers shared by Sealdesk's tests
 *
 * Fixtures come from three places:
 *  - the public corpus beside the project (../shared/corpus, or
 *    $SEALDESK_CORPUS): sd_test_corpus_file() skips the test when absent;
 *  - the test PKI, generated at build time by tests/pki/make-pki.sh into
 *    $SD_TEST_PKI (set by meson for every test): sd_test_pki_file();
 *  - PDFs of each structure, generated at build time by tests/fixtures into
 *    $SD_TEST_FIXTURES: sd_test_fixture_file().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Absolute path of the corpus folder, or NULL when it is absent. */
const char *sd_test_corpus_dir        (void);
/* Absolute path of @relpath inside the corpus ("signed/dss-pades-b-b.pdf").
 * When the corpus or the file is absent, calls g_test_skip() and returns
 * NULL: the caller returns at once. */
char       *sd_test_corpus_file       (const char *relpath);
/* Rows of corpus/MANIFEST.tsv: each row is a GStrv of the columns
 * (path, kind, password, pdfinfo_pages, qpdf_check, pdfsig, expected).
 * Returns NULL (and skips) when the corpus is absent. */
GPtrArray  *sd_test_corpus_manifest   (void);

/* Absolute path of a file in the generated test PKI, e.g. "ca.pem",
 * "rsa2048.p12", "ec-p256.p12"; aborts the test if missing.
 * Files: ca.pem (root), intermediate.pem, ca-chain.pem (both), other-ca.pem
 * (an unrelated root), intermediate.crl.pem (revokes "revoked"),
 * ca.crl.pem; and for each NAME of rsa2048, ec-p256, ec-p384, expired,
 * not-yet-valid, no-digital-signature, revoked, tsa: NAME.key.pem (PKCS#8),
 * NAME.cert.pem, NAME.chain.pem (intermediate + root), NAME.p12 (key +
 * cert + chain). See tests/pki/make-pki.sh. */
char       *sd_test_pki_file          (const char *name);
/* The passphrase of every .p12 in the test PKI. */
#define SD_TEST_PKI_PASSWORD "sealdesk-test"

/* The folders of the generated PKI and fixtures ($SD_TEST_PKI,
 * $SD_TEST_FIXTURES; default: below $SD_TEST_BUILDDIR/tests). */
char       *sd_test_pki_dir           (void);
char       *sd_test_fixtures_dir      (void);

/* Absolute path of a generated fixture PDF, e.g. "xref-table.pdf";
 * aborts the test if missing. The list, with what each exercises, is at the
 * top of tests/fixtures/sd-make-fixtures.c; $SD_TEST_FIXTURES/FIXTURES.tsv
 * has it as data (name, pages, qpdf_check, password, description). */
char       *sd_test_fixture_file      (const char *name);

/* A fresh temporary directory, removed recursively at the end of the test
 * (registered with g_test_queue_destroy). */
char       *sd_test_make_tmpdir       (void);

/* Run @argv (argv[0] looked up in PATH; no shell), capture stdout/stderr
 * (either may be NULL: then it is not returned, and stderr goes to the test
 * log when the command fails), return the exit status (128 + signal number
 * if killed; -1 if it could not start, which fails the test). @envp may be
 * NULL to inherit; otherwise it is the whole environment. Stdin is
 * /dev/null. */
int         sd_test_run               (const char * const *argv,
                                       const char * const *envp,
                                       char              **out,
                                       char              **err);
/* Same as sd_test_run(), in working directory @cwd (NULL: inherit). */
int         sd_test_run_full          (const char * const *argv,
                                       const char * const *envp,
                                       const char         *cwd,
                                       char              **out,
                                       char              **err);
/* Skip the test (g_test_skip + return FALSE) when @program is not in PATH. */
gboolean    sd_test_require_program   (const char *program);

/* Path of a built program of ours, from $SD_TEST_BUILDDIR
 * (e.g. "src/cli/sealdesk-cli"). */
char       *sd_test_built_program     (const char *relpath);

/* Byte helpers. */
gboolean    sd_test_file_is_prefix    (const char *prefix_path,
                                       const char *path);
char       *sd_test_sha256_file       (const char *path);

/* The names in @dir, sorted, space-separated (the test fails if it cannot
 * be read). */
char       *sd_test_list_dir          (const char *dir);

G_END_DECLS
