/* sealdesk-seals-view.c: the seal library, its seals and their lifecycle
 *
 * Lists the seals of the workspace (read in a worker thread), each with
 * its picture at its true relative size, and offers what a seal keeper
 * does with them: import a scanned seal, generate one
 * (SealdeskSealDesigner), draw a handwritten signature
 * (SealdeskHandwritingDialog), grant and withdraw, suspend, restore,
 * revoke, destroy. Every change is confirmed in a dialog naming the seal
 * and asking why (the reason goes into the ledger), runs in a worker
 * thread, and ends in a toast; a refusal (a seal of another workstation,
 * a state that does not allow it) is said in a dialog. The list is in
 * sealdesk-seals-view-list.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-seal-key-row.h"
#include "sealdesk-seal-row.h"
#include "sealdesk-seal-texture.h"
#include "sealdesk-seals-view-private.h"

G_DEFINE_FINAL_TYPE (SealdeskSealsView, sealdesk_seals_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };
enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

void
_sealdesk_seals_view_op_free (Op *op)
{
  g_free (op->seal_id);
  g_free (op->seal_name);
  g_free (op->action);
  g_free (op->reason);
  g_free (op->profile);
  g_clear_pointer (&op->picture, _sealdesk_import_picture_unref);
  g_free (op->seal_kind);
  g_free (op->key_id);
  g_free (op);
}


void
_sealdesk_seals_view_show_toast (SealdeskSealsView *self,
                                 const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

GtkWindow *
_sealdesk_seals_view_parent_window (SealdeskSealsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_sealdesk_seals_view_set_dialog (SealdeskSealsView *self,
                                 GtkWidget         *dialog)
{
  /* A dialog of the library goes with the window that shows it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
}

void
_sealdesk_seals_view_show_error (SealdeskSealsView *self,
                                 const char        *heading,
                                 const char        *message)
{
  GtkWidget *dialog = adw_message_dialog_new (_sealdesk_seals_view_parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sealdesk_seals_view_update_actions (SealdeskSealsView *self)
{
  gboolean ready = self->workspace != NULL && self->changing == 0;
  static const char *const actions[] = {
    "seals.import",   "seals.generate", "seals.draw",    "seals.grant",   "seals.withdraw",
    "seals.suspend",  "seals.restore",  "seals.revoke",  "seals.destroy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seals.reload", self->workspace != NULL);
}

void
_sealdesk_seals_view_emit_changed (SealdeskSealsView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}


static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  SealdeskSealsView *self = source_object;
  Op *op = task_data;
  GError *error = NULL;
  char *message = NULL;

  switch (op->kind)
    {
    case OP_STATE:
      if (sd_seal_library_change_state (self->workspace, op->seal_id, op->action, op->reason, NULL,
                                        &error))
        {
          if (g_str_equal (op->action, "suspend"))
            message = g_strdup_printf (_("The seal “%s” is suspended"), op->seal_name);
          else if (g_str_equal (op->action, "restore"))
            message = g_strdup_printf (_("The seal “%s” is restored"), op->seal_name);
          else if (g_str_equal (op->action, "revoke"))
            message = g_strdup_printf (_("The seal “%s” is revoked"), op->seal_name);
          else
            message = g_strdup_printf (_("The seal “%s” is recorded as destroyed"), op->seal_name);
        }
      break;
    case OP_GRANT:
      if (sd_seal_library_grant (self->workspace, op->seal_id, op->profile, op->may, NULL, &error))
        message = g_strdup_printf (_("The seal “%s” is granted to %s"), op->seal_name,
                                   op->profile);
      break;
    case OP_WITHDRAW:
      if (sd_seal_library_withdraw (self->workspace, op->seal_id, op->profile, op->may, NULL,
                                    &error))
        message = g_strdup_printf (_("The grant of the seal “%s” to %s is withdrawn"),
                                   op->seal_name, op->profile);
      break;
    case OP_IMPORT:
      {
        guint white = op->white;
        GBytes *png = op->picture->png[white];
        double height_mm = op->width_mm * op->picture->height_px[white]
                           / MAX (op->picture->width_px[white], 1);
        g_autoptr(SdSeal) seal = NULL;

        if (png == NULL) /* the dialog does not offer it */
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               op->picture->error[white]);
        else
          seal = sd_seal_library_add (self->workspace, op->seal_name, op->seal_kind,
                                      op->width_mm, height_mm, op->key_id, png, NULL, &error);
        if (seal != NULL)
          message = g_strdup_printf (_("The seal “%s” is added to the library"), seal->name);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (message == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, g_free);
}

static void
op_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (source);
  Op *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_task_propagate_pointer (G_TASK (result), &error);

  self->changing--;
  _sealdesk_seals_view_update_actions (self);
  if (message == NULL)
    {
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The details as they were, to put right. */
      if (op->kind == OP_IMPORT)
        {
          _sealdesk_seals_view_import_again (self, op, error->message);
          return;
        }
      heading = g_strdup_printf (_("The Seal “%s” Cannot Be Changed"), op->seal_name);
      _sealdesk_seals_view_show_error (self, heading, error->message);
      return;
    }
  _sealdesk_seals_view_show_toast (self, message);
  _sealdesk_seals_view_reload_after_change (self);
}

void
_sealdesk_seals_view_run_op (SealdeskSealsView *self,
                             Op                *op)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, op_done, NULL);

  self->changing++;
  _sealdesk_seals_view_update_actions (self);
  g_task_set_task_data (task, op, (GDestroyNotify) _sealdesk_seals_view_op_free);
  g_task_run_in_thread (task, op_thread);
}

SealdeskSealRow *
_sealdesk_seals_view_find_row (SealdeskSealsView *self,
                               const char        *seal_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SEALDESK_IS_SEAL_ROW (child)
        && g_strcmp0 (sealdesk_seal_row_get_seal_id (SEALDESK_SEAL_ROW (child)), seal_id) == 0)
      return SEALDESK_SEAL_ROW (child);
  return NULL;
}

/* Enables a dialog's answer only while its entry (its "sealdesk-reason")
 * holds some text. */
static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, adw_message_dialog_get_default_response (dialog),
                                           text[0] != '\0');
}

static void
state_response (AdwMessageDialog  *dialog,
                const char        *response,
                SealdeskSealsView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sealdesk-reason");
  Op *op;

  if (g_strcmp0 (response, "cancel") == 0 || !adw_message_dialog_get_response_enabled (dialog, response))
    return;
  op = g_new0 (Op, 1);
  op->kind = OP_STATE;
  op->seal_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "sealdesk-seal-id"));
  op->seal_name = g_strdup (g_object_get_data (G_OBJECT (dialog), "sealdesk-seal-name"));
  op->action = g_strdup (response);
  op->reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  _sealdesk_seals_view_run_op (self, op);
}

static void
state_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (widget);
  const char *seal_id = g_variant_get_string (parameter, NULL);
  const char *action = action_name + strlen ("seals.");
  SealdeskSealRow *row = _sealdesk_seals_view_find_row (self, seal_id);
  const char *name = row != NULL ? sealdesk_seal_row_get_seal_name (row) : seal_id;
  g_autofree char *heading = NULL;
  const char *body, *label;
  AdwResponseAppearance appearance = ADW_RESPONSE_DESTRUCTIVE;
  GtkWidget *dialog, *entry;

  if (g_str_equal (action, "suspend"))
    {
      heading = g_strdup_printf (_("Suspend the Seal “%s”?"), name);
      body = _("A suspended seal cannot be used, granted or approved until it is restored. Suspend a seal that is reported lost.");
      label = _("_Suspend");
    }
  else if (g_str_equal (action, "restore"))
    {
      heading = g_strdup_printf (_("Restore the Seal “%s”?"), name);
      body = _("The seal can be used again by the profiles it is granted to.");
      label = _("_Restore");
      appearance = ADW_RESPONSE_SUGGESTED;
    }
  else if (g_str_equal (action, "revoke"))
    {
      heading = g_strdup_printf (_("Revoke the Seal “%s”?"), name);
      body = _("A revoked seal can never be used again. This cannot be undone.");
      label = _("Re_voke");
    }
  else
    {
      heading = g_strdup_printf (_("Record the Seal “%s” as Destroyed?"), name);
      body = _("Record that the physical seal or its key was destroyed. It can never be used again. This cannot be undone.");
      label = _("_Destroy");
    }
  dialog = adw_message_dialog_new (_sealdesk_seals_view_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), action,
                                    label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), action, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), action);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), action, FALSE);

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "reason-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (kept in the ledger)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for the change"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-seal-id", g_strdup (seal_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-seal-name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (dialog), "sealdesk-reason", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (state_response), self, 0);
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}


static void
seal_saved (GtkWidget         *dialog,
            const char        *seal_id,
            const char        *name,
            SealdeskSealsView *self)
{
  g_autofree char *message = g_strdup_printf (_("The seal “%s” is added to the library"), name);

  _sealdesk_seals_view_show_toast (self, message);
  _sealdesk_seals_view_reload_after_change (self);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (widget);
  GtkWidget *dialog = sealdesk_seal_designer_new (_sealdesk_seals_view_parent_window (self),
                                                  self->workspace);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (seal_saved), self, 0);
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
draw_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (widget);
  GtkWidget *dialog = sealdesk_handwriting_dialog_new (_sealdesk_seals_view_parent_window (self),
                                                       self->workspace);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (seal_saved), self, 0);
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response (GtkNativeDialog   *chooser,
                  int                response,
                  SealdeskSealsView *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    sealdesk_seals_view_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Pictures (PNG, JPEG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  self->chooser = gtk_file_chooser_native_new (_("Import a Seal Picture"),
                                               _sealdesk_seals_view_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sealdesk_seals_view_reload (SEALDESK_SEALS_VIEW (widget));
}

void
sealdesk_seals_view_import_file (SealdeskSealsView *self,
                                 GFile             *file)
{
  g_return_if_fail (SEALDESK_IS_SEALS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  _sealdesk_seals_view_import_file (self, file);
}

gboolean
sealdesk_seals_view_is_busy (SealdeskSealsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEALS_VIEW (self), FALSE);

  return self->listing > 0 || self->changing > 0 || self->reading > 0;
}

guint
sealdesk_seals_view_get_n_seals (SealdeskSealsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEALS_VIEW (self), 0);

  return self->n_seals;
}

GtkWindow *
sealdesk_seals_view_get_dialog (SealdeskSealsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEALS_VIEW (self), NULL);

  return self->dialog;
}

GtkWidget *
sealdesk_seals_view_new (SdWorkspace *workspace)
{
  return g_object_new (SEALDESK_TYPE_SEALS_VIEW, "workspace", workspace, NULL);
}

static void
sealdesk_seals_view_constructed (GObject *object)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (object);

  G_OBJECT_CLASS (sealdesk_seals_view_parent_class)->constructed (object);

  _sealdesk_seals_view_update_actions (self);
  sealdesk_seals_view_reload (self);
}

static void
sealdesk_seals_view_dispose (GObject *object)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->dialog);
  /* No gtk_widget_dispose_template(): AdwBin unparents its child itself
   * (as in sealdesk-key-chooser.c). */

  G_OBJECT_CLASS (sealdesk_seals_view_parent_class)->dispose (object);
}

static void
sealdesk_seals_view_finalize (GObject *object)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_seals_view_parent_class)->finalize (object);
}

static void
sealdesk_seals_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (object);

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
sealdesk_seals_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (object);

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
sealdesk_seals_view_class_init (SealdeskSealsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_seals_view_constructed;
  object_class->dispose = sealdesk_seals_view_dispose;
  object_class->finalize = sealdesk_seals_view_finalize;
  object_class->set_property = sealdesk_seals_view_set_property;
  object_class->get_property = sealdesk_seals_view_get_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A change made here is listed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-seals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealsView, list);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealsView, error_page);

  gtk_widget_class_install_action (widget_class, "seals.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "seals.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "seals.draw", NULL, draw_action);
  gtk_widget_class_install_action (widget_class, "seals.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "seals.grant", "s",
                                   _sealdesk_seals_view_grant_action);
  gtk_widget_class_install_action (widget_class, "seals.withdraw", "s",
                                   _sealdesk_seals_view_grant_action);
  gtk_widget_class_install_action (widget_class, "seals.suspend", "s", state_action);
  gtk_widget_class_install_action (widget_class, "seals.restore", "s", state_action);
  gtk_widget_class_install_action (widget_class, "seals.revoke", "s", state_action);
  gtk_widget_class_install_action (widget_class, "seals.destroy", "s", state_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "seals.import",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "seals.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "seals.draw",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "seals.reload", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sealdesk_seals_view_init (SealdeskSealsView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
