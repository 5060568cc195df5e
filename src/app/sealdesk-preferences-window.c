/* sealdesk-preferences-window.c: Sealdesk's preferences
 *
 * An AdwPreferencesWindow holding one page per subject: "Keys" (the
 * signing keys, to import and remove), "Tokens" (PKCS#11 modules and
 * inserted tokens) and "Trust" (the certificate authorities whose
 * signatures show as trusted), all of the workspace it was made with, and
 * "Shared Folder" (syncing with other workstations: the application's
 * settings and sync monitor) and "Timestamps" (the timestamp authorities,
 * the level to sign at, the documents waiting for a timestamp).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-application.h"
#include "sealdesk-preferences-keys-page.h"
#include "sealdesk-preferences-sync-page.h"
#include "sealdesk-preferences-timestamps-page.h"
#include "sealdesk-preferences-tokens-page.h"
#include "sealdesk-preferences-trust-page.h"
#include "sealdesk-preferences-window.h"

struct _SealdeskPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  SdWorkspace                   *workspace;
  SealdeskPreferencesKeysPage   *keys_page;
  SealdeskPreferencesTokensPage *tokens_page;
  SealdeskPreferencesTrustPage  *trust_page;
  SealdeskPreferencesSyncPage   *sync_page;
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesWindow,
                     sealdesk_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
sealdesk_preferences_window_constructed (GObject *object)
{
  SealdeskPreferencesWindow *self = SEALDESK_PREFERENCES_WINDOW (object);
  GApplication *app = g_application_get_default ();

  G_OBJECT_CLASS (sealdesk_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  /* Made here, not in the template: the pages need the workspace. */
  self->keys_page =
    SEALDESK_PREFERENCES_KEYS_PAGE (sealdesk_preferences_keys_page_new (self->workspace));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (self->keys_page));
  self->tokens_page =
    SEALDESK_PREFERENCES_TOKENS_PAGE (sealdesk_preferences_tokens_page_new (self->workspace));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (self->tokens_page));
  self->trust_page =
    SEALDESK_PREFERENCES_TRUST_PAGE (sealdesk_preferences_trust_page_new (self->workspace));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (self->trust_page));
  if (SEALDESK_IS_APPLICATION (app))
    {
      self->sync_page = SEALDESK_PREFERENCES_SYNC_PAGE (sealdesk_preferences_sync_page_new (
        self->workspace, sealdesk_application_get_settings (SEALDESK_APPLICATION (app)),
        sealdesk_application_get_sync_monitor (SEALDESK_APPLICATION (app))));
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                  ADW_PREFERENCES_PAGE (self->sync_page));
      adw_preferences_window_add (
        ADW_PREFERENCES_WINDOW (self),
        ADW_PREFERENCES_PAGE (sealdesk_preferences_timestamps_page_new (
          self->workspace, sealdesk_application_get_settings (SEALDESK_APPLICATION (app)),
          sealdesk_application_get_timestamp_extender (SEALDESK_APPLICATION (app)))));
    }
}

static void
sealdesk_preferences_window_dispose (GObject *object)
{
  SealdeskPreferencesWindow *self = SEALDESK_PREFERENCES_WINDOW (object);

  /* Owned by the window's content, which goes with it. */
  self->keys_page = NULL;
  self->tokens_page = NULL;
  self->trust_page = NULL;
  self->sync_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), SEALDESK_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (sealdesk_preferences_window_parent_class)->dispose (object);
}

static void
sealdesk_preferences_window_finalize (GObject *object)
{
  SealdeskPreferencesWindow *self = SEALDESK_PREFERENCES_WINDOW (object);

  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_preferences_window_parent_class)->finalize (object);
}

static void
sealdesk_preferences_window_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  SealdeskPreferencesWindow *self = SEALDESK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_preferences_window_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  SealdeskPreferencesWindow *self = SEALDESK_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_preferences_window_class_init (SealdeskPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_preferences_window_constructed;
  object_class->dispose = sealdesk_preferences_window_dispose;
  object_class->finalize = sealdesk_preferences_window_finalize;
  object_class->get_property = sealdesk_preferences_window_get_property;
  object_class->set_property = sealdesk_preferences_window_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-window.ui");
}

static void
sealdesk_preferences_window_init (SealdeskPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_window_new (GtkWindow *parent, SdWorkspace *workspace)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal",
                       parent != NULL, "workspace", workspace, NULL);
}
