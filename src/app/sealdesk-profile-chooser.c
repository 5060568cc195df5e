/* sealdesk-profile-chooser.c: who am I (the current profile)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-profile.h"
#include "sealdesk-application.h"
#include "sealdesk-profile-chooser.h"

struct _SealdeskProfileChooser
{
  AdwBin parent_instance;

  GtkDropDown   *drop_down;
  GtkStringList *names;

  SdWorkspace *workspace;
  GSettings   *settings;
  char        *profile;
  gboolean     reloading;
};

G_DEFINE_FINAL_TYPE (SealdeskProfileChooser, sealdesk_profile_chooser, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, PROP_PROFILE, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
select_profile (SealdeskProfileChooser *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && self->profile != NULL; i++)
    if (g_str_equal (gtk_string_list_get_string (self->names, i), self->profile))
      position = i;
  self->reloading = TRUE;
  gtk_drop_down_set_selected (self->drop_down, position);
  self->reloading = FALSE;
}

void
sealdesk_profile_chooser_reload (SealdeskProfileChooser *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_if_fail (SEALDESK_IS_PROFILE_CHOOSER (self));

  if (self->workspace != NULL && (profiles = sd_profile_list (self->workspace, &error)) == NULL)
    g_warning ("Cannot list the profiles: %s", error->message);
  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    g_ptr_array_add (names, ((SdProfile *) g_ptr_array_index (profiles, i))->name);
  g_ptr_array_add (names, NULL);

  self->reloading = TRUE;
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)),
                          (const char * const *) names->pdata);
  self->reloading = FALSE;
  select_profile (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drop_down), names->len > 1);
}

const char *
sealdesk_profile_chooser_get_profile (SealdeskProfileChooser *self)
{
  g_return_val_if_fail (SEALDESK_IS_PROFILE_CHOOSER (self), NULL);

  return self->profile;
}

void
sealdesk_profile_chooser_set_profile (SealdeskProfileChooser *self,
                                      const char             *profile)
{
  g_return_if_fail (SEALDESK_IS_PROFILE_CHOOSER (self));

  if (profile != NULL && profile[0] == '\0')
    profile = NULL;
  if (g_strcmp0 (profile, self->profile) == 0)
    return;
  g_free (self->profile);
  self->profile = g_strdup (profile);
  select_profile (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static void
selected_changed (SealdeskProfileChooser *self)
{
  guint position = gtk_drop_down_get_selected (self->drop_down);

  if (self->reloading || position == GTK_INVALID_LIST_POSITION)
    return;
  sealdesk_profile_chooser_set_profile (self, gtk_string_list_get_string (self->names, position));
}

static void
sealdesk_profile_chooser_constructed (GObject *object)
{
  SealdeskProfileChooser *self = SEALDESK_PROFILE_CHOOSER (object);

  G_OBJECT_CLASS (sealdesk_profile_chooser_parent_class)->constructed (object);

  /* One person at a time for the whole application. */
  self->settings = sealdesk_application_new_settings ();
  g_settings_bind (self->settings, "profile", self, "profile", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->drop_down, "notify::selected",
                           G_CALLBACK (selected_changed), self, G_CONNECT_SWAPPED);
}

static void
sealdesk_profile_chooser_dispose (GObject *object)
{
  SealdeskProfileChooser *self = SEALDESK_PROFILE_CHOOSER (object);

  if (self->settings != NULL)
    g_settings_unbind (self, "profile");
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_PROFILE_CHOOSER);
  G_OBJECT_CLASS (sealdesk_profile_chooser_parent_class)->dispose (object);
}

static void
sealdesk_profile_chooser_finalize (GObject *object)
{
  SealdeskProfileChooser *self = SEALDESK_PROFILE_CHOOSER (object);

  g_clear_object (&self->workspace);
  g_free (self->profile);
  G_OBJECT_CLASS (sealdesk_profile_chooser_parent_class)->finalize (object);
}

static void
sealdesk_profile_chooser_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskProfileChooser *self = SEALDESK_PROFILE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_PROFILE:
      /* GSettings wants a string, never NULL. */
      g_value_set_string (value, self->profile != NULL ? self->profile : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_profile_chooser_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SealdeskProfileChooser *self = SEALDESK_PROFILE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      if (g_set_object (&self->workspace, g_value_get_object (value)))
        sealdesk_profile_chooser_reload (self);
      break;
    case PROP_PROFILE:
      sealdesk_profile_chooser_set_profile (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_profile_chooser_class_init (SealdeskProfileChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_profile_chooser_constructed;
  object_class->dispose = sealdesk_profile_chooser_dispose;
  object_class->finalize = sealdesk_profile_chooser_finalize;
  object_class->get_property = sealdesk_profile_chooser_get_property;
  object_class->set_property = sealdesk_profile_chooser_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-profile-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskProfileChooser, drop_down);
  gtk_widget_class_bind_template_child (widget_class, SealdeskProfileChooser, names);
}

static void
sealdesk_profile_chooser_init (SealdeskProfileChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_profile_chooser_new (SdWorkspace *workspace)
{
  return g_object_new (SEALDESK_TYPE_PROFILE_CHOOSER, "workspace", workspace, NULL);
}
