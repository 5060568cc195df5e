/* sealdesk-handwriting-dialog.c: captures a handwritten signature as a seal
 *
 * A courtroom party signs on the pad (SealdeskHandwritingPad); "Save"
 * takes the ink as a picture with a transparent background, cropped to
 * the strokes, at about the resolution of the other seals, and adds it to
 * the seal library (in a worker thread) as a seal of kind "handwritten"
 * with the key it is signed with. A refusal (no key, a bad name) is said
 * in the dialog, which stays open with the strokes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-seal-library.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-seal-key-row.h"

/* Pixels of the picture per pixel of the pad: 3 × 8 px/mm ≈ 610 dpi,
 * about the 600 dpi of generated seals. */
#define PICTURE_SCALE 3.0

struct _SealdeskHandwritingDialog
{
  AdwWindow parent_instance;

  GtkWidget              *fields;
  SealdeskHandwritingPad *pad;
  GtkLabel               *size_label;
  GtkLabel               *message;
  AdwPreferencesGroup    *library_group;
  AdwEntryRow            *name_row;
  SealdeskSealKeyRow     *key_row;

  SdWorkspace  *workspace;
  GCancellable *cancellable;
  gboolean      saving;
};

G_DEFINE_FINAL_TYPE (SealdeskHandwritingDialog, sealdesk_handwriting_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };
enum { SAVED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* What is saved, for the worker thread. */
typedef struct
{
  char   *name;
  char   *key_id;
  GBytes *png;
  double  width_mm;
  double  height_mm;
  char   *seal_id; /* the result */
} Signature;

static void
signature_free (Signature *signature)
{
  g_free (signature->name);
  g_free (signature->key_id);
  g_clear_pointer (&signature->png, g_bytes_unref);
  g_free (signature->seal_id);
  g_free (signature);
}

static void
show_message (SealdeskHandwritingDialog *self,
              const char                *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static void
update_actions (SealdeskHandwritingDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  gboolean drawn;

  if (self->key_row == NULL) /* still being built */
    return;
  drawn = sealdesk_handwriting_pad_get_n_strokes (self->pad) > 0;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  key = sealdesk_seal_key_row_dup_id (self->key_row);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handwriting.save",
                                 !self->saving && drawn && name[0] != '\0' && key != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handwriting.undo", !self->saving && drawn);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handwriting.clear", !self->saving && drawn);
}

static void
strokes_changed (SealdeskHandwritingDialog *self)
{
  double width_mm, height_mm;
  g_autoptr(GBytes) png = NULL;

  /* The size it will have on paper: the same computation as saving, at
   * the pad's own resolution (quick). */
  png = sealdesk_handwriting_pad_to_png (self->pad, 1, &width_mm, &height_mm, NULL);
  if (png != NULL)
    {
      /* TRANSLATORS: the size of the handwritten signature on paper */
      g_autofree char *size = g_strdup_printf (_("On paper: %.0f × %.0f mm"), width_mm, height_mm);

      gtk_label_set_text (self->size_label, size);
    }
  else
    gtk_label_set_text (self->size_label, "");
  show_message (self, NULL);
  update_actions (self);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SealdeskHandwritingDialog *self = source_object;
  Signature *signature = task_data;
  GError *error = NULL;
  g_autoptr(SdSeal) seal = NULL;

  seal = sd_seal_library_add (self->workspace, signature->name, "handwritten", signature->width_mm,
                              signature->height_mm, signature->key_id, signature->png, NULL,
                              &error);
  if (seal == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (seal->id), g_free);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (source);
  Signature *signature = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *seal_id = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->fields, TRUE);
  update_actions (self);
  if (seal_id == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, seal_id, signature->name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Signature *signature;

  if (self->saving)
    return;
  signature = g_new0 (Signature, 1);
  signature->png = sealdesk_handwriting_pad_to_png (self->pad, PICTURE_SCALE,
                                                    &signature->width_mm, &signature->height_mm,
                                                    &error);
  if (signature->png == NULL)
    {
      show_message (self, error->message);
      signature_free (signature);
      return;
    }
  signature->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  signature->key_id = sealdesk_seal_key_row_dup_id (self->key_row);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->fields, FALSE);
  show_message (self, NULL);
  update_actions (self);
  task = g_task_new (self, self->cancellable, save_done, NULL);
  g_task_set_task_data (task, signature, (GDestroyNotify) signature_free);
  g_task_run_in_thread (task, save_thread);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sealdesk_handwriting_pad_undo (SEALDESK_HANDWRITING_DIALOG (widget)->pad);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sealdesk_handwriting_pad_clear (SEALDESK_HANDWRITING_DIALOG (widget)->pad);
}

/* Closing while the signature is being added would leave the library
 * changed without a word: wait for it. */
static gboolean
sealdesk_handwriting_dialog_close_request (GtkWindow *window)
{
  if (SEALDESK_HANDWRITING_DIALOG (window)->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (sealdesk_handwriting_dialog_parent_class)->close_request (window);
}

GtkWidget *
sealdesk_handwriting_dialog_new (GtkWindow   *parent,
                                 SdWorkspace *workspace)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_HANDWRITING_DIALOG, "transient-for", parent, "workspace",
                       workspace, NULL);
}

SealdeskHandwritingPad *
sealdesk_handwriting_dialog_get_pad (SealdeskHandwritingDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_HANDWRITING_DIALOG (self), NULL);

  return self->pad;
}

gboolean
sealdesk_handwriting_dialog_is_busy (SealdeskHandwritingDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_HANDWRITING_DIALOG (self), FALSE);

  return self->saving;
}

static void
sealdesk_handwriting_dialog_constructed (GObject *object)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (object);

  G_OBJECT_CLASS (sealdesk_handwriting_dialog_parent_class)->constructed (object);

  /* Made here, not in the template: the row needs the workspace. */
  self->key_row = SEALDESK_SEAL_KEY_ROW (sealdesk_seal_key_row_new (self->workspace));
  gtk_widget_set_name (GTK_WIDGET (self->key_row), "key-row");
  g_signal_connect_swapped (self->key_row, "changed", G_CALLBACK (update_actions), self);
  adw_preferences_group_add (self->library_group, GTK_WIDGET (self->key_row));
  strokes_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->pad));
}

static void
sealdesk_handwriting_dialog_dispose (GObject *object)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  self->key_row = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_HANDWRITING_DIALOG);

  G_OBJECT_CLASS (sealdesk_handwriting_dialog_parent_class)->dispose (object);
}

static void
sealdesk_handwriting_dialog_finalize (GObject *object)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_handwriting_dialog_parent_class)->finalize (object);
}

static void
sealdesk_handwriting_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (object);

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
sealdesk_handwriting_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  SealdeskHandwritingDialog *self = SEALDESK_HANDWRITING_DIALOG (object);

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
sealdesk_handwriting_dialog_class_init (SealdeskHandwritingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_handwriting_dialog_constructed;
  object_class->dispose = sealdesk_handwriting_dialog_dispose;
  object_class->finalize = sealdesk_handwriting_dialog_finalize;
  object_class->set_property = sealdesk_handwriting_dialog_set_property;
  object_class->get_property = sealdesk_handwriting_dialog_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = sealdesk_handwriting_dialog_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (SEALDESK_TYPE_HANDWRITING_PAD);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-handwriting-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, fields);
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, pad);
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, message);
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, library_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskHandwritingDialog, name_row);
  gtk_widget_class_bind_template_callback (widget_class, strokes_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);

  gtk_widget_class_install_action (widget_class, "handwriting.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "handwriting.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "handwriting.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "handwriting.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "handwriting.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK,
                                       "handwriting.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sealdesk_handwriting_dialog_init (SealdeskHandwritingDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
