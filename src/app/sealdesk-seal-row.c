/* sealdesk-seal-row.c: one seal of the library in the seals view
 *
 * The thumbnail is drawn at the seal's true size relative to the other
 * seals of the list; the title is its name; the subtitle says its kind,
 * state, size, key (by its label, not its ID) and grants. A menu button offers what can be done in
 * its state: grant and withdraw, suspend, restore, revoke, destroy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-seal-row.h"

struct _SealdeskSealRow
{
  AdwActionRow parent_instance;

  char *seal_id;
  char *seal_name;
  char *state;
};

G_DEFINE_FINAL_TYPE (SealdeskSealRow, sealdesk_seal_row, ADW_TYPE_ACTION_ROW)

const char *
sealdesk_seal_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "company") == 0)
    return _("Company seal");
  if (g_strcmp0 (kind, "contract") == 0)
    return _("Contract seal");
  if (g_strcmp0 (kind, "name") == 0)
    return _("Name seal");
  if (g_strcmp0 (kind, "handwritten") == 0)
    return _("Handwritten signature");
  return kind;
}

const char *
sealdesk_seal_state_label (const char *state)
{
  if (g_strcmp0 (state, "active") == 0)
    return _("Active");
  if (g_strcmp0 (state, "suspended") == 0)
    return _("Suspended");
  if (g_strcmp0 (state, "revoked") == 0)
    return _("Revoked");
  if (g_strcmp0 (state, "destroyed") == 0)
    return _("Destroyed");
  return state;
}

static void
add_item (GMenu      *menu,
          const char *label,
          const char *action,
          const char *seal_id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (seal_id));
  g_menu_append_item (menu, item);
}

static GMenuModel *
seal_menu_new (SdSeal *seal)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) grants = g_menu_new ();
  g_autoptr(GMenu) states = g_menu_new ();
  gboolean active = g_strcmp0 (seal->state, "active") == 0;
  gboolean suspended = g_strcmp0 (seal->state, "suspended") == 0;
  gboolean destroyed = g_strcmp0 (seal->state, "destroyed") == 0;

  if (active || suspended)
    add_item (grants, _("_Grant to a Profile…"), "seals.grant", seal->id);
  add_item (grants, _("_Withdraw a Grant…"), "seals.withdraw", seal->id);
  if (active)
    add_item (states, _("_Suspend…"), "seals.suspend", seal->id);
  if (suspended)
    add_item (states, _("_Restore…"), "seals.restore", seal->id);
  if (active || suspended)
    add_item (states, _("Re_voke…"), "seals.revoke", seal->id);
  if (!destroyed)
    add_item (states, _("_Destroy…"), "seals.destroy", seal->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (grants));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (states));
  return G_MENU_MODEL (menu);
}

GtkWidget *
sealdesk_seal_row_new (SdSeal     *seal,
                       const char *grants,
                       const char *key_label,
                       GdkTexture *texture,
                       double      px_per_mm)
{
  SealdeskSealRow *self = g_object_new (SEALDESK_TYPE_SEAL_ROW, NULL);
  g_autoptr(GMenuModel) model = seal_menu_new (seal);
  g_autofree char *details = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *menu_label = NULL;
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button = gtk_menu_button_new ();

  self->seal_id = g_strdup (seal->id);
  self->seal_name = g_strdup (seal->name);
  self->state = g_strdup (seal->state);

  /* TRANSLATORS: "Company seal · Active · 42.0 × 42.0 mm" */
  details = g_strdup_printf (_("%s · %s · %.1f × %.1f mm"), sealdesk_seal_kind_label (seal->kind),
                             sealdesk_seal_state_label (seal->state), seal->width_mm,
                             seal->height_mm);
  if (key_label == NULL || key_label[0] == '\0')
    key_label = seal->key_id;
  if (grants != NULL && grants[0] != '\0')
    /* TRANSLATORS: details, then "Key: " and the key's label (e.g. the
     * name in its certificate), then "Granted: alice (use)" */
    subtitle = g_strdup_printf (_("%s\nKey: %s\nGranted: %s"), details, key_label, grants);
  else
    /* TRANSLATORS: details, then "Key: " and the key's label (e.g. the
     * name in its certificate) */
    subtitle = g_strdup_printf (_("%s\nKey: %s\nNot granted to anyone yet"), details,
                                key_label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), seal->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 4);
  gtk_widget_set_name (GTK_WIDGET (self), seal->id);
  if (g_strcmp0 (seal->state, "active") != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");

  /* The thumbnail at its true relative size, centred in a fixed cell. */
  gtk_widget_set_size_request (frame, (int) (60 * px_per_mm) + 8, -1);
  gtk_widget_set_margin_top (frame, 6);
  gtk_widget_set_margin_bottom (frame, 6);
  if (texture != NULL)
    {
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      g_autofree char *alt = g_strdup_printf (_("Picture of the seal “%s”"), seal->name);

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
      /* On paper in dark mode too (data/style.css). */
      gtk_widget_add_css_class (picture, "seal-paper");
      gtk_widget_set_size_request (picture, MAX (8, (int) (seal->width_mm * px_per_mm)),
                                   MAX (8, (int) (seal->height_mm * px_per_mm)));
      gtk_widget_set_hexpand (picture, TRUE);
      gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (frame), picture);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), frame);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), model);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  menu_label = g_strdup_printf (_("Actions for the seal “%s”"), seal->name);
  gtk_widget_set_tooltip_text (button, menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), button);

  return GTK_WIDGET (self);
}

const char *
sealdesk_seal_row_get_seal_id (SealdeskSealRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_ROW (self), NULL);
  return self->seal_id;
}

const char *
sealdesk_seal_row_get_seal_name (SealdeskSealRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_ROW (self), NULL);
  return self->seal_name;
}

const char *
sealdesk_seal_row_get_state (SealdeskSealRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_ROW (self), NULL);
  return self->state;
}

static void
sealdesk_seal_row_finalize (GObject *object)
{
  SealdeskSealRow *self = SEALDESK_SEAL_ROW (object);

  g_free (self->seal_id);
  g_free (self->seal_name);
  g_free (self->state);

  G_OBJECT_CLASS (sealdesk_seal_row_parent_class)->finalize (object);
}

static void
sealdesk_seal_row_class_init (SealdeskSealRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sealdesk_seal_row_finalize;
}

static void
sealdesk_seal_row_init (SealdeskSealRow *self)
{
}
