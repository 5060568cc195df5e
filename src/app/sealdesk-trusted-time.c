/* sealdesk-trusted-time.c: the application's timestamp settings, for signing and extending
 *
 * The Timestamps page of Preferences keeps the timestamp authorities (key
 * tsa-urls, in order of preference: the next one is asked when one fails)
 * and the level to sign at (key signature-level). SealdeskSignTask reads
 * them here, on the main thread, and trusts the authorities' certificates
 * through the workspace's trust list in its worker thread. When no
 * authority answers, the signature is B-B: the sealing operation queues
 * the document with its ledger entries (the queue of `sealdesk-cli extend
 * --pending`, sd-pending.h), the SealdeskTimestampExtender of the
 * application reads the queue again, and a toast says what happened. The
 * validation cache is the command line's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-application.h"
#include "sealdesk-timestamp-extender.h"
#include "sealdesk-trusted-time.h"
#include "sealdesk-window.h"

void
sealdesk_trusted_time_configure (SdSignOptions *opts, SdWorkspace *workspace)
{
  GApplication  *app = g_application_get_default ();
  g_auto (GStrv) urls = NULL;
  GSettings     *settings;

  if (opts->tsa != NULL || workspace == NULL || !SEALDESK_IS_APPLICATION (app))
    return;
  settings = sealdesk_application_get_settings (SEALDESK_APPLICATION (app));
  urls = g_settings_get_strv (settings, "tsa-urls");
  if (urls[0] == NULL)
    return;
  opts->level = (SdSignLevel) g_settings_get_enum (settings, "signature-level");
  if (opts->level == SD_SIGN_LEVEL_B_B)
    return;
  opts->tsa = sd_tsa_client_new ((const char *const *) urls);
  opts->defer_timestamp = TRUE;
  g_free (opts->validation_cache);
  opts->validation_cache = sealdesk_trusted_time_cache_dir (workspace);
}

gboolean
sealdesk_trusted_time_prepare (SdSignOptions *opts, SdWorkspace *workspace, GError **error)
{
  g_autoptr (GPtrArray) anchors = NULL;

  if (opts->tsa == NULL || workspace == NULL)
    return TRUE;
  if ((anchors = sd_workspace_get_trust_anchors (workspace, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < anchors->len; i++)
    sd_tsa_client_add_anchor (opts->tsa, g_ptr_array_index (anchors, i));
  return TRUE;
}

SdTsaClient *
sealdesk_trusted_time_new_client (SdWorkspace *workspace, const char *const *urls, GError **error)
{
  g_autoptr (SdTsaClient) tsa = sd_tsa_client_new (urls);
  g_autoptr (GPtrArray)   anchors = sd_workspace_get_trust_anchors (workspace, error);

  if (anchors == NULL)
    return NULL;
  for (guint i = 0; i < anchors->len; i++)
    sd_tsa_client_add_anchor (tsa, g_ptr_array_index (anchors, i));
  return g_steal_pointer (&tsa);
}

char *
sealdesk_trusted_time_cache_dir (SdWorkspace *workspace)
{
  return g_build_filename (sd_workspace_get_data_dir (workspace), "validation-cache", NULL);
}

typedef struct
{
  GtkWindow *window;
  char      *path;
} Deferred;

static AdwToastOverlay *
find_toast_overlay (GtkWidget *root)
{
  if (ADW_IS_TOAST_OVERLAY (root))
    return ADW_TOAST_OVERLAY (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Main thread: the toast goes to the document's window (a sign dialog
 * closes once it is done). */
static gboolean
deferred_idle (gpointer data)
{
  Deferred        *deferred = data;
  GApplication    *app = g_application_get_default ();
  GtkWindow       *window = deferred->window;
  AdwToastOverlay *overlay = NULL;
  g_autofree char *base = g_path_get_basename (deferred->path);
  /* A toast's title is markup. */
  g_autofree char *name = g_markup_escape_text (base, -1);
  g_autofree char *title = NULL;
  AdwToast        *toast;

  if (SEALDESK_IS_APPLICATION (app))
    sealdesk_timestamp_extender_reload (
      sealdesk_application_get_timestamp_extender (SEALDESK_APPLICATION (app)));
  /* The sign dialogs have toasts of their own, which go with them. */
  for (GtkWindow *w = window; w != NULL && overlay == NULL; w = gtk_window_get_transient_for (w))
    if (SEALDESK_IS_WINDOW (w))
      overlay = find_toast_overlay (GTK_WIDGET (w));
  while (window != NULL && overlay == NULL)
    {
      overlay = find_toast_overlay (GTK_WIDGET (window));
      window = gtk_window_get_transient_for (window);
    }
  if (overlay != NULL)
    {
      title = g_strdup_printf (
        /* TRANSLATORS: %s: a file name, e.g. "award-signed.pdf" */
        _ ("No timestamp authority answered: %s is signed without trusted time for now. Its timestamp is added as soon as one answers."),
        name);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (overlay, toast);
    }
  g_clear_object (&deferred->window);
  g_free (deferred->path);
  g_free (deferred);
  return G_SOURCE_REMOVE;
}

void
sealdesk_trusted_time_signed (SdWorkspace        *workspace,
                              GtkWindow          *window,
                              const char         *out_path,
                              const SdSignResult *result)
{
  Deferred *deferred;

  /* Queued already, by the sealing that made it. */
  if (!result->timestamp_deferred || workspace == NULL)
    return;
  deferred = g_new0 (Deferred, 1);
  deferred->window = window != NULL ? g_object_ref (window) : NULL;
  deferred->path = g_strdup (out_path);
  g_idle_add_full (G_PRIORITY_DEFAULT, deferred_idle, deferred, NULL);
}
