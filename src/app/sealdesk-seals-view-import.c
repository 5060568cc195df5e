/* sealdesk-seals-view-import.c: a scanned seal or signature into the library
 *
 * The picture is read first, in a worker thread, both as it is and with
 * its white background made transparent (sd-seal-import: cropped to the
 * mark). A file that is no picture is said at once, before anything is
 * typed. Then a dialog shows the cropped mark and asks for the seal's
 * name, kind, true width (the height follows the mark) and key; the
 * switch shows the other reading at once. When the library refuses (a
 * key ID it does not know, a size it does not allow), the dialog comes
 * back as it was, saying why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-seal-import.h"
#include "sealdesk-seal-key-row.h"
#include "sealdesk-seals-view-private.h"

/* Default true width of an imported seal: the common official seal. */
#define DEFAULT_WIDTH_MM 42.0

static const struct
{
  const char *kind;
  const char *label;
} kinds[] = {
  { "company", N_("Company seal") },
  { "contract", N_("Contract seal") },
  { "name", N_("Name seal") },
  { "handwritten", N_("Handwritten signature") },
};

ImportPicture *
_sealdesk_import_picture_ref (ImportPicture *picture)
{
  return g_atomic_rc_box_acquire (picture);
}

static void
import_picture_clear (ImportPicture *picture)
{
  g_clear_object (&picture->file);
  g_free (picture->basename);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&picture->png[i], g_bytes_unref);
      g_free (picture->error[i]);
    }
}

void
_sealdesk_import_picture_unref (ImportPicture *picture)
{
  g_atomic_rc_box_release_full (picture, (GDestroyNotify) import_picture_clear);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(ImportPicture) picture = g_atomic_rc_box_new0 (ImportPicture);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GBytes) data = NULL;
  GError *error = NULL;

  picture->file = g_object_ref (file);
  picture->basename = g_file_get_basename (file);
  if (path == NULL)
    {
      /* Not a local file (a portal or a network folder): its bytes. */
      if ((data = g_file_load_bytes (file, cancellable, NULL, &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  for (guint white = 0; white < 2; white++)
    {
      SdSealImportOptions opts = { .white_to_transparent = white };
      GError *local = NULL;

      if (data != NULL)
        picture->png[white] = sd_seal_import_image_data (data, picture->basename, &opts,
                                                         &picture->width_px[white],
                                                         &picture->height_px[white], &local);
      else
        picture->png[white] = sd_seal_import_image (path, &opts, &picture->width_px[white],
                                                    &picture->height_px[white], &local);
      if (picture->png[white] == NULL)
        {
          /* Not a picture at all: said once, as the reader says it. */
          if (white == 0)
            {
              g_task_return_error (task, local);
              return;
            }
          picture->error[white] = g_strdup (local->message);
          g_error_free (local);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&picture),
                         (GDestroyNotify) _sealdesk_import_picture_unref);
}

/* The widgets of one details dialog. */
typedef struct
{
  ImportPicture *picture;
  GdkTexture    *texture[2];
  GtkPicture    *preview;
  GtkLabel      *message;
  GtkEditable   *name;
  AdwComboRow   *kind;
  GtkSpinButton *width;
  GtkSwitch     *white;
  GtkLabel      *height;
  SealdeskSealKeyRow *key;
} Details;

static void
details_free (Details *details)
{
  _sealdesk_import_picture_unref (details->picture);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&details->texture[i]);
  g_free (details);
}

static void
details_check (AdwMessageDialog *dialog)
{
  Details *details = g_object_get_data (G_OBJECT (dialog), "sealdesk-details");
  ImportPicture *picture = details->picture;
  guint white = gtk_switch_get_active (details->white);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (details->name)));
  g_autofree char *key_id = sealdesk_seal_key_row_dup_id (details->key);

  if (details->texture[white] == NULL && picture->png[white] != NULL)
    details->texture[white] = gdk_texture_new_from_bytes (picture->png[white], NULL);
  gtk_picture_set_paintable (details->preview, GDK_PAINTABLE (details->texture[white]));
  if (picture->png[white] != NULL)
    {
      double width = gtk_spin_button_get_value (details->width);
      /* TRANSLATORS: the height that follows from the width typed */
      g_autofree char *height = g_strdup_printf (
        _("Height: %.1f mm"), width * picture->height_px[white] / MAX (picture->width_px[white], 1));

      gtk_label_set_text (details->height, height);
    }
  else
    gtk_label_set_text (details->height, "");
  adw_message_dialog_set_response_enabled (dialog, "add",
                                           name[0] != '\0' && key_id != NULL
                                             && picture->png[white] != NULL);
}

static void
white_toggled (AdwMessageDialog *dialog)
{
  Details *details = g_object_get_data (G_OBJECT (dialog), "sealdesk-details");
  const char *error = details->picture->error[gtk_switch_get_active (details->white)];

  /* A message from the library is about the last try: this is new. */
  gtk_label_set_text (details->message, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (details->message), error != NULL);
  details_check (dialog);
}

static void
details_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  SealdeskSealsView *self)
{
  Details *details = g_object_get_data (G_OBJECT (dialog), "sealdesk-details");
  Op *op;

  if (!g_str_equal (response, "add") || !adw_message_dialog_get_response_enabled (dialog, "add"))
    return;
  op = g_new0 (Op, 1);
  op->kind = OP_IMPORT;
  op->picture = _sealdesk_import_picture_ref (details->picture);
  op->seal_name = g_strstrip (g_strdup (gtk_editable_get_text (details->name)));
  op->kind_index = MIN (adw_combo_row_get_selected (details->kind), G_N_ELEMENTS (kinds) - 1);
  op->seal_kind = g_strdup (kinds[op->kind_index].kind);
  op->width_mm = gtk_spin_button_get_value (details->width);
  op->white = gtk_switch_get_active (details->white);
  op->key_id = sealdesk_seal_key_row_dup_id (details->key);
  _sealdesk_seals_view_run_op (self, op);
}

static void
show_details (SealdeskSealsView *self,
              ImportPicture     *picture,
              const char        *name,
              guint              kind_index,
              double             width_mm,
              gboolean           white,
              const char        *key_id,
              const char        *message)
{
  g_autofree char *heading = NULL;
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  Details *details = g_new0 (Details, 1);
  GtkWidget *dialog, *box, *group, *row, *widget;

  details->picture = _sealdesk_import_picture_ref (picture);
  heading = g_strdup_printf (_("Add “%s” to the Seal Library"), picture->basename);
  dialog = adw_message_dialog_new (_sealdesk_seals_view_parent_window (self), heading,
                                   _("Give the seal its name, kind, true width and the key it signs with. The picture is cropped to the mark; its height follows."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add",
                                    _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  widget = gtk_picture_new ();
  gtk_widget_set_name (widget, "import-preview");
  gtk_picture_set_can_shrink (GTK_PICTURE (widget), TRUE);
  gtk_picture_set_alternative_text (GTK_PICTURE (widget), picture->basename);
  gtk_widget_set_size_request (widget, -1, 120);
  gtk_widget_add_css_class (widget, "card");
  details->preview = GTK_PICTURE (widget);
  gtk_box_append (GTK_BOX (box), widget);

  widget = gtk_label_new (message);
  gtk_widget_set_name (widget, "import-message");
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "error");
  gtk_widget_set_visible (widget, message != NULL);
  details->message = GTK_LABEL (widget);
  gtk_box_append (GTK_BOX (box), widget);

  group = adw_preferences_group_new ();
  row = adw_entry_row_new ();
  gtk_widget_set_name (row, "name-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), name);
  details->name = GTK_EDITABLE (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, _(kinds[i].label));
  row = adw_combo_row_new ();
  gtk_widget_set_name (row, "kind-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (kind_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), kind_index);
  details->kind = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Width in Millimetres"));
  widget = gtk_label_new (NULL);
  gtk_widget_add_css_class (widget, "dim-label");
  details->height = GTK_LABEL (widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  widget = gtk_spin_button_new_with_range (5, 200, 0.5);
  gtk_widget_set_name (widget, "width-spin");
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (widget), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), width_mm);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Width in millimetres"), -1);
  details->width = GTK_SPIN_BUTTON (widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("Make the White Background Transparent"));
  widget = gtk_switch_new ();
  gtk_widget_set_name (widget, "white-switch");
  gtk_switch_set_active (GTK_SWITCH (widget), white);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Make the white background transparent"), -1);
  details->white = GTK_SWITCH (widget);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = sealdesk_seal_key_row_new (self->workspace);
  gtk_widget_set_name (row, "key-row");
  if (key_id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), key_id);
  details->key = SEALDESK_SEAL_KEY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_box_append (GTK_BOX (box), group);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-details", details,
                          (GDestroyNotify) details_free);
  g_signal_connect_swapped (details->name, "changed", G_CALLBACK (details_check), dialog);
  g_signal_connect_swapped (details->key, "changed", G_CALLBACK (details_check), dialog);
  g_signal_connect_swapped (details->width, "value-changed", G_CALLBACK (details_check), dialog);
  g_signal_connect_swapped (details->white, "notify::active", G_CALLBACK (white_toggled), dialog);
  details_check (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (details_response), self, 0);
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(ImportPicture) picture = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = NULL;
  char *dot;

  self->reading--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (picture == NULL)
    {
      GFile *file = g_task_get_task_data (G_TASK (result));
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("“%s” Cannot Be Imported"), basename);

      _sealdesk_seals_view_show_error (self, heading, error->message);
      return;
    }
  /* The file's name without its extension, to start with. */
  name = g_strdup (picture->basename);
  if ((dot = strrchr (name, '.')) != NULL && dot != name)
    *dot = '\0';
  show_details (self, picture, name, 0, DEFAULT_WIDTH_MM, TRUE, NULL, NULL);
}

void
_sealdesk_seals_view_import_file (SealdeskSealsView *self,
                                  GFile             *file)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, read_done, NULL);

  self->reading++;
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_thread);
}

void
_sealdesk_seals_view_import_again (SealdeskSealsView *self,
                                   Op                *op,
                                   const char        *message)
{
  show_details (self, op->picture, op->seal_name, op->kind_index, op->width_mm, op->white,
                op->key_id, message);
}
