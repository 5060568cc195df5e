/* sealdesk-field-outline.c: an empty signature field of the document, outlined on its page
 *
 * A dashed frame over the field's rectangle (an overlay child of the page
 * view). Clicking it, or Enter or Space when it has the focus, asks for
 * it to be filled with the seal chosen in the palette.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-field-outline.h"

struct _SealdeskFieldOutline
{
  GtkWidget  parent_instance;

  char      *field;
};

G_DEFINE_FINAL_TYPE (SealdeskFieldOutline, sealdesk_field_outline, GTK_TYPE_WIDGET)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sealdesk_field_outline_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  gboolean focus = gtk_widget_has_focus (widget);
  GdkRGBA fill = { 0.21, 0.52, 0.89, focus ? 0.25 : 0.10 };
  GdkRGBA line = { 0.21, 0.52, 0.89, 1.0 };
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_set_line_width (cr, focus ? 2.0 : 1.0);
  cairo_set_dash (cr, (double[]) { 4.0, 3.0 }, 2, 0);
  cairo_rectangle (cr, 0.5, 0.5, MAX (width - 1, 0), MAX (height - 1, 0));
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
pressed (SealdeskFieldOutline *self,
         int                   n_press,
         double                x,
         double                y,
         GtkGestureClick      *gesture)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_signal_emit (widget, signals[ACTIVATE], 0);
}

static void
sealdesk_field_outline_finalize (GObject *object)
{
  SealdeskFieldOutline *self = SEALDESK_FIELD_OUTLINE (object);

  g_free (self->field);

  G_OBJECT_CLASS (sealdesk_field_outline_parent_class)->finalize (object);
}

static void
sealdesk_field_outline_class_init (SealdeskFieldOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sealdesk_field_outline_finalize;
  widget_class->snapshot = sealdesk_field_outline_snapshot;

  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "field.fill", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "field.fill", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "field.fill", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "field.fill", NULL);
  gtk_widget_class_set_css_name (widget_class, "signaturefield");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
sealdesk_field_outline_init (SealdeskFieldOutline *self)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  g_signal_connect_swapped (self, "notify::has-focus", G_CALLBACK (gtk_widget_queue_draw), self);
}

GtkWidget *
sealdesk_field_outline_new (const char *field)
{
  SealdeskFieldOutline *self;
  g_autofree char *label = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (SEALDESK_TYPE_FIELD_OUTLINE, NULL);
  self->field = g_strdup (field);
  /* TRANSLATORS: accessible name and tooltip of an empty signature field; %s: its name */
  label = g_strdup_printf (_("Empty signature field “%s”: choose a seal, then click here to fill it"), field);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return GTK_WIDGET (self);
}

const char *
sealdesk_field_outline_get_field (SealdeskFieldOutline *self)
{
  g_return_val_if_fail (SEALDESK_IS_FIELD_OUTLINE (self), NULL);

  return self->field;
}
