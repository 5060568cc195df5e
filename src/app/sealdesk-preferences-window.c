/* sealdesk-preferences-window.c: Sealdesk's preferences
 *
 * An AdwPreferencesWindow holding one page per subject: "Keys" (the
 * signing keys, to import and remove) and "Tokens" (PKCS#11 modules and
 * inserted tokens).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-preferences-keys-page.h"
#include "sealdesk-preferences-tokens-page.h"
#include "sealdesk-preferences-window.h"

struct _SealdeskPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  SealdeskPreferencesKeysPage   *keys_page;
  SealdeskPreferencesTokensPage *tokens_page;
};

G_DEFINE_FINAL_TYPE (SealdeskPreferencesWindow,
                     sealdesk_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
sealdesk_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEALDESK_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (sealdesk_preferences_window_parent_class)->dispose (object);
}

static void
sealdesk_preferences_window_class_init (SealdeskPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_preferences_window_dispose;

  g_type_ensure (SEALDESK_TYPE_PREFERENCES_KEYS_PAGE);
  g_type_ensure (SEALDESK_TYPE_PREFERENCES_TOKENS_PAGE);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesWindow, keys_page);
  gtk_widget_class_bind_template_child (widget_class, SealdeskPreferencesWindow, tokens_page);
}

static void
sealdesk_preferences_window_init (SealdeskPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SEALDESK_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal",
                       parent != NULL, NULL);
}
