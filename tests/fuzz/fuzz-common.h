/* fuzz-common.h: what every fuzz target of tests/fuzz shares
 *
 * Each target defines LLVMFuzzerTestOneInput(). It is linked either with
 * libFuzzer (-Dfuzzing=true, clang) or with replay-main.c, which feeds it
 * the files given on its command line (the regression inputs, in the
 * normal test suite). A target never writes outside its own temporary
 * folder, which fuzz_tmpdir() makes on first use and removes at exit.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Once per process: OpenSSL hardening, quiet logs (criticals stay fatal:
 * a critical from our code on hostile input is a bug), a private
 * SEALDESK_HOME. */
void        fuzz_init          (void);
/* The process's temporary folder (in /dev/shm when there is one). */
const char *fuzz_tmpdir        (void);
/* Writes @data to @name in fuzz_tmpdir(); returns the path (owned by the
 * caller). Aborts when the folder cannot be written. */
char       *fuzz_write_file    (const char    *name,
                                const uint8_t *data,
                                size_t         size);
/* A file of the generated test PKI ($SD_TEST_PKI, else the build's). */
char       *fuzz_pki_file      (const char    *name);
/* A generated fixture ($SD_TEST_FIXTURES, else the build's). */
char       *fuzz_fixture_file  (const char    *name);

G_END_DECLS
