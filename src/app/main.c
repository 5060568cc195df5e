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
#include "sealdesk-render-queue.h"
#include "sealdesk-verify-task.h"

/* Without a GPU, GL is drawn by the CPU (Mesa's llvmpipe): setting it up
 * (loading LLVM, compiling shaders) costs more than drawing the first
 * page, and cairo draws these flat pages as fast. So where there is no
 * render node (a server, Xvfb, a virtual machine without 3D), GTK is
 * asked for cairo and not to probe GL at all, unless a renderer was
 * chosen. With a GPU nothing changes. Called before GTK starts (and any
 * thread), as GTK reads both variables once. */
static void
prefer_cairo_without_gpu (void)
{
  g_autoptr(GDir) dri = NULL;
  g_autofree char *debug = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  if ((dri = g_dir_open ("/dev/dri", 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dri)) != NULL)
      if (g_str_has_prefix (name, "renderD"))
        return;

  debug = g_getenv ("GDK_DEBUG") != NULL ? g_strconcat (g_getenv ("GDK_DEBUG"), ",gl-disable", NULL)
                                         : g_strdup ("gl-disable");
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", debug, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SealdeskApplication) app = NULL;
  int status;

  /* Before anything touches OpenSSL: keys never linger in freed memory. */
  sd_secret_harden_openssl ();
  /* Worker threads (rendering, verifying, signing) may still run while the
   * process exits: OpenSSL must not free its state under them. */
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);

  prefer_cairo_without_gpu ();

  setlocale (LC_ALL, "");
  /* SEALDESK_LOCALEDIR: the build tree's po/ folder, to run uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SEALDESK_LOCALEDIR") != NULL
                                     ? g_getenv ("SEALDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Sealdesk"));

  app = sealdesk_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* Verifications still running (the window closed while a large file
   * was being checked) stop before the process exits. */
  sealdesk_verify_task_stop_workers ();
  /* So are the render threads, with the documents they hold. */
  sealdesk_render_queue_stop_workers ();

  return status;
}
