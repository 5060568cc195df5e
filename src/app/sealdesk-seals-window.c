/* sealdesk-seals-window.c: the seal library in a window of its own
 *
 * A header bar over a SealdeskSealsView, opened by app.seals. The view
 * is a widget of its own so that a sidebar can show it in the document
 * window later; this window only frames it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-seals-window.h"

struct _SealdeskSealsWindow
{
  AdwWindow parent_instance;

  GtkBox            *box;
  SealdeskSealsView *view;

  SdWorkspace *workspace;
};

G_DEFINE_FINAL_TYPE (SealdeskSealsWindow, sealdesk_seals_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };

static GParamSpec *properties[N_PROPS];

GtkWidget *
sealdesk_seals_window_new (GtkApplication *app,
                           GtkWindow      *parent,
                           SdWorkspace    *workspace)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_SEALS_WINDOW, "application", app, "transient-for", parent,
                       "workspace", workspace, NULL);
}

SealdeskSealsView *
sealdesk_seals_window_get_view (SealdeskSealsWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEALS_WINDOW (self), NULL);

  return self->view;
}

static void
sealdesk_seals_window_constructed (GObject *object)
{
  SealdeskSealsWindow *self = SEALDESK_SEALS_WINDOW (object);

  G_OBJECT_CLASS (sealdesk_seals_window_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  /* Made here, not in the template: the view needs the workspace. */
  self->view = SEALDESK_SEALS_VIEW (sealdesk_seals_view_new (self->workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  gtk_box_append (self->box, GTK_WIDGET (self->view));
}

static void
sealdesk_seals_window_dispose (GObject *object)
{
  SealdeskSealsWindow *self = SEALDESK_SEALS_WINDOW (object);

  self->view = NULL; /* owned by the box */
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SEALS_WINDOW);

  G_OBJECT_CLASS (sealdesk_seals_window_parent_class)->dispose (object);
}

static void
sealdesk_seals_window_finalize (GObject *object)
{
  SealdeskSealsWindow *self = SEALDESK_SEALS_WINDOW (object);

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_seals_window_parent_class)->finalize (object);
}

static void
sealdesk_seals_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SealdeskSealsWindow *self = SEALDESK_SEALS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_set_object (&self->workspace, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_seals_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SealdeskSealsWindow *self = SEALDESK_SEALS_WINDOW (object);

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
sealdesk_seals_window_class_init (SealdeskSealsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_seals_window_constructed;
  object_class->dispose = sealdesk_seals_window_dispose;
  object_class->finalize = sealdesk_seals_window_finalize;
  object_class->set_property = sealdesk_seals_window_set_property;
  object_class->get_property = sealdesk_seals_window_get_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-seals-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealsWindow, box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
sealdesk_seals_window_init (SealdeskSealsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
