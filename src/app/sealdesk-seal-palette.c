/* sealdesk-seal-palette.c: the seals of the library, to drag onto pages
 *
 * A list of the workspace's active seals, each drawn at the same scale
 * (so that their sizes compare as on paper) with its name. A row can be
 * dragged onto a page (the content is the seal's ID, a string); a click
 * chooses it, and the next click on a page puts it there; activating it
 * (Enter, double click) emits "seal-activated", which the window answers
 * by placing the seal on the centre of the current page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-seal-library.h"
#include "sealdesk-seal-palette.h"
#include "sealdesk-seal-texture.h"

/* Pictures at this many pixels per millimetre, but none wider than the
 * list. */
#define PIXELS_PER_MM 2.0
#define MAX_PICTURE   120

struct _SealdeskSealPalette
{
  GtkWidget    parent_instance;

  SdWorkspace *workspace;
  GtkWidget   *box;
  GtkListBox  *list;
  GtkWidget   *empty_label;
};

G_DEFINE_FINAL_TYPE (SealdeskSealPalette, sealdesk_seal_palette, GTK_TYPE_WIDGET)

enum {
  SEAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GdkContentProvider *
drag_prepare (GtkDragSource *source,
              double         x,
              double         y,
              GtkWidget     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "seal-id");
  GtkWidget *picture = g_object_get_data (G_OBJECT (row), "picture");
  GdkPaintable *paintable = picture ? gtk_picture_get_paintable (GTK_PICTURE (picture)) : NULL;

  if (paintable != NULL)
    gtk_drag_source_set_icon (source, paintable, 0, 0);
  return gdk_content_provider_new_typed (G_TYPE_STRING, id);
}

static GtkWidget *
make_row (SdSeal *seal,
          double  scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sealdesk_seal_texture_for_seal (seal, &error);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *label = gtk_label_new (seal->name);
  GtkDragSource *source;
  g_autofree char *size = NULL;

  if (texture == NULL)
    g_warning ("Seal %s: %s", seal->id, error->message);

  gtk_widget_set_size_request (picture, (int) (seal->width_mm * scale), (int) (seal->height_mm * scale));
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  /* On paper in dark mode too (data/style.css). */
  gtk_widget_add_css_class (picture, "seal-paper");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* TRANSLATORS: tooltip of a seal in the palette: its size, e.g. "42 × 42 mm" */
  size = g_strdup_printf (_("%.0f × %.0f mm"), seal->width_mm, seal->height_mm);
  gtk_widget_set_tooltip_text (row, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, seal->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, size, -1);

  g_object_set_data_full (G_OBJECT (row), "seal-id", g_strdup (seal->id), g_free);
  g_object_set_data (G_OBJECT (row), "picture", picture);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  return row;
}

static void
row_activated (SealdeskSealPalette *self,
               GtkListBoxRow       *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "seal-id");

  /* Placed now: it is no longer waiting for a click on a page. */
  gtk_list_box_unselect_all (self->list);
  g_signal_emit (self, signals[SEAL_ACTIVATED], 0, id);
}

void
sealdesk_seal_palette_reload (SealdeskSealPalette *self)
{
  g_autoptr(GPtrArray) seals = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint shown = 0;
  double largest = 0, scale;

  g_return_if_fail (SEALDESK_IS_SEAL_PALETTE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->workspace != NULL && (seals = sd_seal_library_list (self->workspace, &error)) == NULL)
    g_warning ("The seal library cannot be read: %s", error->message);

  /* One scale for every seal, so that the pictures keep their true
   * relative size: the largest seal shown fits MAX_PICTURE. */
  for (guint i = 0; seals != NULL && i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      if (g_strcmp0 (seal->state, "active") == 0)
        largest = MAX (largest, MAX (seal->width_mm, seal->height_mm));
    }
  scale = MIN (PIXELS_PER_MM, MAX_PICTURE / MAX (largest, 1));

  for (guint i = 0; seals != NULL && i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      if (g_strcmp0 (seal->state, "active") != 0)
        continue;
      gtk_list_box_append (self->list, make_row (seal, scale));
      shown++;
    }
  gtk_widget_set_visible (self->empty_label, shown == 0);
}

static void
sealdesk_seal_palette_dispose (GObject *object)
{
  SealdeskSealPalette *self = SEALDESK_SEAL_PALETTE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_seal_palette_parent_class)->dispose (object);
}

static void
sealdesk_seal_palette_class_init (SealdeskSealPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_seal_palette_dispose;

  /* A seal to place on the current page: (const char *seal_id). */
  signals[SEAL_ACTIVATED] =
    g_signal_new ("seal-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sealpalette");
}

static void
sealdesk_seal_palette_init (SealdeskSealPalette *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Drag a seal onto a page, or choose one and click where it goes."));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_set_margin_start (hint, 6);
  gtk_widget_set_margin_end (hint, 6);
  gtk_widget_set_margin_top (hint, 6);
  gtk_widget_set_margin_bottom (hint, 6);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 20);
  gtk_box_append (GTK_BOX (self->box), hint);

  self->empty_label = gtk_label_new (_("The seal library is empty."));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_set_margin_top (self->empty_label, 12);
  gtk_box_append (GTK_BOX (self->box), self->empty_label);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->list, FALSE);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Seals"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  g_signal_connect (self, "map", G_CALLBACK (sealdesk_seal_palette_reload), NULL);
}

GtkWidget *
sealdesk_seal_palette_new (void)
{
  return g_object_new (SEALDESK_TYPE_SEAL_PALETTE, NULL);
}

void
sealdesk_seal_palette_set_workspace (SealdeskSealPalette *self,
                                     SdWorkspace         *workspace)
{
  g_return_if_fail (SEALDESK_IS_SEAL_PALETTE (self));

  if (g_set_object (&self->workspace, workspace))
    sealdesk_seal_palette_reload (self);
}

const char *
sealdesk_seal_palette_get_selected (SealdeskSealPalette *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SEALDESK_IS_SEAL_PALETTE (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "seal-id") : NULL;
}

void
sealdesk_seal_palette_unselect (SealdeskSealPalette *self)
{
  g_return_if_fail (SEALDESK_IS_SEAL_PALETTE (self));

  gtk_list_box_unselect_all (self->list);
}

GtkWidget *
sealdesk_seal_palette_get_row (SealdeskSealPalette *self,
                               const char          *seal_id)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_PALETTE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "seal-id"), seal_id) == 0)
      return child;
  return NULL;
}
