/* main.c: starts Sealdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sd-secret.h"

#include <openssl/crypto.h>

#include <locale.h>

#include <glib/gi18n.h>

#include "sealdesk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SealdeskApplication) app = NULL;

  /* Before anything touches OpenSSL: keys never linger in freed memory. */
  sd_secret_harden_openssl ();
  /* Worker threads (rendering, verifying, signing) may still run while the
   * process exits: OpenSSL must not free its state under them. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);

  setlocale (LC_ALL, "");
  /* SEALDESK_LOCALEDIR: the build tree's po/ folder, to run uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SEALDESK_LOCALEDIR") != NULL
                                     ? g_getenv ("SEALDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Sealdesk"));

  app = sealdesk_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
