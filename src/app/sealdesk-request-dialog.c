/* sealdesk-request-dialog.c: a new stamp request for a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-profile.h"
#include "sd-request.h"
#include "sd-seal-library.h"
#include "sealdesk-application.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-placement.h"
#include "sealdesk-request-dialog.h"
#include "sealdesk-sign-task.h"

struct _SealdeskRequestDialog
{
  AdwWindow parent_instance;

  GtkLabel       *error_label;
  AdwEntryRow    *reason_row;
  AdwEntryRow    *matter_row;
  AdwComboRow    *seal_row;
  GtkStringList  *seal_names;
  AdwActionRow   *placements_row;
  GtkWidget      *page_row;
  GtkWidget      *rect_row;
  GtkSpinButton  *page_spin;
  GtkSpinButton  *x_spin;
  GtkSpinButton  *y_spin;
  GtkSpinButton  *width_spin;
  GtkSpinButton  *height_spin;
  GtkListBox     *steps_list;
  GtkSpinner     *spinner;

  SdWorkspace   *workspace;
  GFile         *document;
  GListModel    *placements;
  GSettings     *settings;
  GPtrArray     *seal_ids;
  GtkStringList *profile_names;
  GCancellable  *cancellable;  /* set while creating */
};

G_DEFINE_FINAL_TYPE (SealdeskRequestDialog, sealdesk_request_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };

static guint signals[N_SIGNALS];

static const char *const step_kinds[] = { "approve", "sign", "stamp", NULL };

static void
show_error (SealdeskRequestDialog *self, const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
current_profile (SealdeskRequestDialog *self)
{
  char *profile = g_settings_get_string (self->settings, "profile");

  if (profile[0] == '\0')
    g_clear_pointer (&profile, g_free);
  return profile;
}

/* Steps */

static void
renumber_steps (SealdeskRequestDialog *self)
{
  int n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *title = g_strdup_printf (_("Step %d"), ++n);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
}

static void
remove_step (GtkButton *button, SealdeskRequestDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->steps_list, row);
  renumber_steps (self);
}

void
sealdesk_request_dialog_add_step (SealdeskRequestDialog *self,
                                  const char            *kind,
                                  const char            *profile)
{
  const char *kind_labels[] = { _("Approve"), _("Sign"), _("Stamp"), NULL };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *kind_drop = gtk_drop_down_new_from_strings (kind_labels);
  GtkWidget *profile_drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->profile_names)), NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  g_return_if_fail (SEALDESK_IS_REQUEST_DIALOG (self));

  for (guint i = 0; kind != NULL && step_kinds[i] != NULL; i++)
    if (g_str_equal (kind, step_kinds[i]))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (kind_drop), i);
  for (guint i = 0; profile != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->profile_names)); i++)
    if (g_str_equal (profile, gtk_string_list_get_string (self->profile_names, i)))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (profile_drop), i);
  gtk_widget_set_valign (kind_drop, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (profile_drop, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this step"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (kind_drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What this step does"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (profile_drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who decides this step"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this step"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_step), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kind_drop);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), profile_drop);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "kind", kind_drop);
  g_object_set_data (G_OBJECT (row), "profile", profile_drop);
  gtk_list_box_append (self->steps_list, row);
  renumber_steps (self);
}

static void
add_step_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sealdesk_request_dialog_add_step (SEALDESK_REQUEST_DIALOG (widget), "approve", NULL);
}

/* Creating, in a worker thread */

typedef struct {
  SdWorkspace *workspace;
  char        *document;
  char        *requester;
  char        *reason;
  char        *matter;
  GPtrArray   *placements;   /* SdRequestPlacement */
  GPtrArray   *steps;        /* SdRequestStep */
  GtkWindow   *window;
} Creation;

static void
creation_free (Creation *creation)
{
  g_clear_object (&creation->workspace);
  g_free (creation->document);
  g_free (creation->requester);
  g_free (creation->reason);
  g_free (creation->matter);
  g_clear_pointer (&creation->placements, g_ptr_array_unref);
  g_clear_pointer (&creation->steps, g_ptr_array_unref);
  g_clear_object (&creation->window);
  g_free (creation);
}

static void
create_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Creation *creation = task_data;
  SdRequestSpec spec = { 0 };
  GError *error = NULL;
  SdRequest *request;

  spec.document = creation->document;
  spec.requester = creation->requester;
  spec.reason = creation->reason;
  spec.matter = creation->matter;
  spec.placements = creation->placements;
  spec.steps = creation->steps;
  request = sd_request_create (creation->workspace, &spec, sealdesk_pin_dialog_ask, creation->window, &error);
  if (request == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, request, (GDestroyNotify) sd_request_free);
}

static void
set_busy (SealdeskRequestDialog *self, gboolean busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "request-dialog.create", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "request-dialog.add-step", !busy);
}

static void
create_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskRequestDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdRequest) request = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (request == NULL)
    {
      g_autofree char *message = NULL;

      if (sealdesk_sign_error_is_cancelled (error))
        message = g_strdup (_("No request was made: the key was not unlocked."));
      else if (error->domain == SD_KEY_ERROR)
        message = sealdesk_sign_error_describe (error);
      else
        message = g_strdup (error->message);
      show_error (self, message);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, request->id);
  gtk_window_close (GTK_WINDOW (self));
}

static SdRequestPlacement *
placement_new (const char *seal, int page, double x, double y, double width, double height)
{
  SdRequestPlacement *p = g_new0 (SdRequestPlacement, 1);

  p->seal = g_strdup (seal);
  p->page = page;
  p->x = x;
  p->y = y;
  p->width = width;
  p->height = height;
  return p;
}

static void
create_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskRequestDialog *self = SEALDESK_REQUEST_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_autofree char *requester = current_profile (self);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  g_autofree char *matter = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->matter_row))));
  guint n_placements = self->placements != NULL ? g_list_model_get_n_items (self->placements) : 0;
  guint seal = adw_combo_row_get_selected (self->seal_row);
  Creation *creation;
  int n = 0;

  if (self->cancellable != NULL)
    return;
  if (requester == NULL)
    {
      show_error (self, _("Choose the profile you act as first (Requests view)."));
      return;
    }
  if (reason[0] == '\0')
    {
      show_error (self, _("Say why the seal is needed: the reason is required."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  if (n_placements == 0 && seal >= self->seal_ids->len)
    {
      show_error (self, _("Choose a seal from the seal library."));
      return;
    }

  creation = g_new0 (Creation, 1);
  creation->workspace = g_object_ref (self->workspace);
  creation->document = g_file_get_path (self->document);
  creation->requester = g_steal_pointer (&requester);
  creation->reason = g_steal_pointer (&reason);
  creation->matter = matter[0] != '\0' ? g_steal_pointer (&matter) : NULL;
  creation->placements = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_placement_free);
  creation->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  creation->window = g_object_ref (GTK_WINDOW (self));

  for (guint i = 0; i < n_placements; i++)
    {
      g_autoptr(SealdeskPlacement) placement = g_list_model_get_item (self->placements, i);
      double x, y, w, h;
      SdRequestPlacement *p;

      sealdesk_placement_get_rect (placement, &x, &y, &w, &h);
      /* Sessions count pages from 0, requests from 1. */
      p = placement_new (sealdesk_placement_get_seal_id (placement),
                         (int) sealdesk_placement_get_page (placement) + 1, x, y, w, h);
      p->field = g_strdup (sealdesk_placement_get_field (placement));
      g_ptr_array_add (creation->placements, p);
    }
  if (n_placements == 0)
    g_ptr_array_add (creation->placements,
                     placement_new (g_ptr_array_index (self->seal_ids, seal),
                                    gtk_spin_button_get_value_as_int (self->page_spin),
                                    gtk_spin_button_get_value (self->x_spin),
                                    gtk_spin_button_get_value (self->y_spin),
                                    gtk_spin_button_get_value (self->width_spin),
                                    gtk_spin_button_get_value (self->height_spin)));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      guint kind = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "kind"));
      guint who = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "profile"));
      SdRequestStep *step;

      if (who == GTK_INVALID_LIST_POSITION || kind == GTK_INVALID_LIST_POSITION)
        continue;
      step = g_new0 (SdRequestStep, 1);
      step->index = ++n;
      step->kind = kind == 1 ? SD_STEP_SIGN : kind == 2 ? SD_STEP_STAMP : SD_STEP_APPROVE;
      step->profiles = g_new0 (char *, 2);
      step->profiles[0] = g_strdup (gtk_string_list_get_string (self->profile_names, who));
      g_ptr_array_add (creation->steps, step);
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (NULL, self->cancellable, create_done, g_object_ref (self));
  g_task_set_source_tag (task, create_action);
  g_task_set_task_data (task, creation, (GDestroyNotify) creation_free);
  g_task_run_in_thread (task, create_thread);
}

static void
fill_lists (SealdeskRequestDialog *self)
{
  g_autoptr(GPtrArray) seals = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *me = current_profile (self);
  const char *other = NULL;

  if ((seals = sd_seal_library_list (self->workspace, &error)) == NULL
      || (profiles = sd_profile_list (self->workspace, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      /* Only a seal that can be used now can be asked for. */
      if (g_strcmp0 (seal->state, "active") != 0)
        continue;
      g_ptr_array_add (self->seal_ids, g_strdup (seal->id));
      gtk_string_list_append (self->seal_names, seal->name);
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      SdProfile *profile = g_ptr_array_index (profiles, i);

      gtk_string_list_append (self->profile_names, profile->name);
      if (other == NULL && g_strcmp0 (profile->name, me) != 0)
        other = gtk_string_list_get_string (self->profile_names, i);
    }
  /* The common case: someone approves, the requester stamps. */
  if (other != NULL)
    sealdesk_request_dialog_add_step (self, "approve", other);
  if (me != NULL)
    sealdesk_request_dialog_add_step (self, "stamp", me);
}

gboolean
sealdesk_request_dialog_get_busy (SealdeskRequestDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

static void
sealdesk_request_dialog_dispose (GObject *object)
{
  SealdeskRequestDialog *self = SEALDESK_REQUEST_DIALOG (object);

  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_REQUEST_DIALOG);
  G_OBJECT_CLASS (sealdesk_request_dialog_parent_class)->dispose (object);
}

static void
sealdesk_request_dialog_finalize (GObject *object)
{
  SealdeskRequestDialog *self = SEALDESK_REQUEST_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->document);
  g_clear_object (&self->placements);
  g_clear_object (&self->settings);
  g_clear_object (&self->profile_names);
  g_clear_pointer (&self->seal_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (sealdesk_request_dialog_parent_class)->finalize (object);
}

static void
sealdesk_request_dialog_class_init (SealdeskRequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_request_dialog_dispose;
  object_class->finalize = sealdesk_request_dialog_finalize;

  /* Emitted with the new request's ID. */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-request-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, matter_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, seal_names);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, placements_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, page_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, rect_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, page_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, x_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, y_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestDialog, spinner);

  gtk_widget_class_install_action (widget_class, "request-dialog.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "request-dialog.add-step", NULL, add_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "request-dialog.create", NULL);
}

static void
sealdesk_request_dialog_init (SealdeskRequestDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = sealdesk_application_new_settings ();
  self->seal_ids = g_ptr_array_new_with_free_func (g_free);
  self->profile_names = gtk_string_list_new (NULL);
}

GtkWidget *
sealdesk_request_dialog_new (GtkWindow   *parent,
                             SdWorkspace *workspace,
                             GFile       *document,
                             GListModel  *placements)
{
  SealdeskRequestDialog *self;
  guint n_placements = placements != NULL ? g_list_model_get_n_items (placements) : 0;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (G_IS_FILE (document), NULL);

  self = g_object_new (SEALDESK_TYPE_REQUEST_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  self->document = g_object_ref (document);
  if (n_placements > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seal placed on the document",
                                                            "%u seals placed on the document", n_placements),
                                               n_placements);

      self->placements = g_object_ref (placements);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->placements_row), text);
      gtk_widget_set_visible (GTK_WIDGET (self->placements_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->seal_row), FALSE);
      gtk_widget_set_visible (self->page_row, FALSE);
      gtk_widget_set_visible (self->rect_row, FALSE);
    }
  fill_lists (self);
  {
    g_autofree char *name = g_file_get_basename (document);
    /* TRANSLATORS: the dialog's title, with the document's file name */
    g_autofree char *title = g_strdup_printf (_("New Stamp Request for %s"), name);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  return GTK_WIDGET (self);
}
