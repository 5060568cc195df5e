/* sealdesk-seals-view-dialogs.c: the seals view's grant dialog
 *
 * Granting (and withdrawing) asks for the profile, listed in a worker
 * thread first, and for what it may do: request the seal, approve its
 * use, use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-profile.h"
#include "sealdesk-seals-view-private.h"

static const struct
{
  SdSealMay   may;
  const char *label;
  const char *name;
} mays[] = {
  { SD_SEAL_MAY_REQUEST, N_("_Request it"), "may-request" },
  { SD_SEAL_MAY_APPROVE, N_("_Approve its use"), "may-approve" },
  { SD_SEAL_MAY_USE, N_("_Use it"), "may-use" },
};

typedef struct
{
  char    *seal_id;
  char    *seal_name;
  gboolean grant;
} GrantRequest;

static void
grant_request_free (GrantRequest *request)
{
  g_free (request->seal_id);
  g_free (request->seal_name);
  g_free (request);
}

static void
profiles_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SealdeskSealsView *self = source_object;
  GError *error = NULL;
  GPtrArray *profiles = sd_profile_list (self->workspace, &error);

  if (profiles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profiles, (GDestroyNotify) g_ptr_array_unref);
}

static void
grant_response (AdwMessageDialog  *dialog,
                const char        *response,
                SealdeskSealsView *self)
{
  GrantRequest *request = g_object_get_data (G_OBJECT (dialog), "sealdesk-request");
  GtkDropDown *profiles = g_object_get_data (G_OBJECT (dialog), "sealdesk-profiles");
  GtkStringObject *profile = gtk_drop_down_get_selected_item (profiles);
  Op *op;

  if (g_strcmp0 (response, "cancel") == 0 || profile == NULL)
    return;
  op = g_new0 (Op, 1);
  op->kind = request->grant ? OP_GRANT : OP_WITHDRAW;
  op->seal_id = g_strdup (request->seal_id);
  op->seal_name = g_strdup (request->seal_name);
  op->profile = g_strdup (gtk_string_object_get_string (profile));
  for (guint i = 0; i < G_N_ELEMENTS (mays); i++)
    if (gtk_check_button_get_active (g_object_get_data (G_OBJECT (dialog), mays[i].name)))
      op->may |= mays[i].may;
  _sealdesk_seals_view_run_op (self, op);
}

static void
may_toggled (GtkCheckButton   *button,
             AdwMessageDialog *dialog)
{
  const char *response = adw_message_dialog_get_default_response (dialog);
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (mays); i++)
    any |= gtk_check_button_get_active (g_object_get_data (G_OBJECT (dialog), mays[i].name));
  adw_message_dialog_set_response_enabled (dialog, response, any);
}

static void
profiles_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (source);
  GrantRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *drop_down;
  const char *response;

  self->changing--;
  _sealdesk_seals_view_update_actions (self);
  if (profiles == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sealdesk_seals_view_show_error (self, _("The Profiles Cannot Be Listed"), error->message);
      grant_request_free (request);
      return;
    }
  if (profiles->len == 0)
    {
      _sealdesk_seals_view_show_error (self, _("No Profiles Yet"),
                                       _("A seal is granted to a profile: a person of this workstation with a key. Add one with “sealdesk-cli profile add”."));
      grant_request_free (request);
      return;
    }
  for (guint i = 0; i < profiles->len; i++)
    gtk_string_list_append (names, ((SdProfile *) g_ptr_array_index (profiles, i))->name);

  if (request->grant)
    {
      heading = g_strdup_printf (_("Grant the Seal “%s”"), request->seal_name);
      dialog = adw_message_dialog_new (_sealdesk_seals_view_parent_window (self), heading,
                                       _("Choose the profile and what it may do with the seal."));
      response = "grant";
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        response, _("_Grant"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                                  ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      heading = g_strdup_printf (_("Withdraw a Grant of the Seal “%s”"), request->seal_name);
      dialog = adw_message_dialog_new (_sealdesk_seals_view_parent_window (self), heading,
                                       _("Choose the profile and what it may no longer do with the seal."));
      response = "withdraw";
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        response, _("_Withdraw"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (drop_down, "profile-drop-down");
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Profile"), -1);
  gtk_box_append (GTK_BOX (box), drop_down);
  g_object_set_data (G_OBJECT (dialog), "sealdesk-profiles", drop_down);
  for (guint i = 0; i < G_N_ELEMENTS (mays); i++)
    {
      GtkWidget *check = gtk_check_button_new_with_mnemonic (_(mays[i].label));

      gtk_widget_set_name (check, mays[i].name);
      /* Granting: to use it, by default; withdrawing: everything. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   !request->grant || mays[i].may == SD_SEAL_MAY_USE);
      g_signal_connect (check, "toggled", G_CALLBACK (may_toggled), dialog);
      g_object_set_data (G_OBJECT (dialog), mays[i].name, check);
      gtk_box_append (GTK_BOX (box), check);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data_full (G_OBJECT (dialog), "sealdesk-request", request,
                          (GDestroyNotify) grant_request_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (grant_response), self, 0);
  _sealdesk_seals_view_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sealdesk_seals_view_grant_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SealdeskSealsView *self = SEALDESK_SEALS_VIEW (widget);
  const char *seal_id = g_variant_get_string (parameter, NULL);
  SealdeskSealRow *row = _sealdesk_seals_view_find_row (self, seal_id);
  GrantRequest *request = g_new0 (GrantRequest, 1);
  g_autoptr(GTask) task = NULL;

  request->seal_id = g_strdup (seal_id);
  request->seal_name = g_strdup (row != NULL ? sealdesk_seal_row_get_seal_name (row) : seal_id);
  request->grant = g_str_equal (action_name, "seals.grant");
  /* Counted as a change: nothing else starts while the profiles are
   * listed. */
  self->changing++;
  _sealdesk_seals_view_update_actions (self);
  task = g_task_new (self, self->cancellable, profiles_done, request);
  g_task_run_in_thread (task, profiles_thread);
}
