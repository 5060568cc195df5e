/* sealdesk-requests-view.c: the queue of stamp requests
 *
 * The requests and the seal names are read in a worker thread (the
 * database may be held by another Sealdesk program for a moment); the
 * rows are made on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-profile.h"
#include "sd-request-query.h"
#include "sd-seal-library.h"
#include "sealdesk-application.h"
#include "sealdesk-profile-chooser.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"

struct _SealdeskRequestsView
{
  AdwBin parent_instance;

  GtkWidget              *back_button;
  SealdeskProfileChooser *profile_chooser;
  GtkStack               *stack;
  GtkBox                 *groups_box;
  GtkLabel               *status_label;
  SealdeskRequestReview  *review;

  AdwPreferencesGroup *groups[SD_REQUEST_N_GROUPS];
  GtkListBox          *lists[SD_REQUEST_N_GROUPS];
  GtkWidget           *empty_label;

  SdWorkspace  *workspace;
  char         *profile;
  GPtrArray    *requests;   /* SdRequest, newest first */
  GHashTable   *seal_names; /* seal ID → name */
  GHashTable   *people;     /* profile name → sd_profile_display_name() */
  GCancellable *cancellable;
  gboolean      reload_again;
  guint         n_waiting;
};

G_DEFINE_FINAL_TYPE (SealdeskRequestsView, sealdesk_requests_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, PROP_PROFILE, PROP_N_WAITING, PROP_LOADING, N_PROPS };

static GParamSpec *properties[N_PROPS];

static const char *const group_titles[SD_REQUEST_N_GROUPS] = {
  N_("Waiting for Me"),
  N_("Waiting for Others"),
  N_("Completed"),
  N_("Closed"),
};

typedef struct {
  GPtrArray  *requests;
  GHashTable *seal_names;
  GHashTable *people;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->requests, g_ptr_array_unref);
  g_clear_pointer (&listing->seal_names, g_hash_table_unref);
  g_clear_pointer (&listing->people, g_hash_table_unref);
  g_free (listing);
}

static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SdWorkspace *workspace = task_data;
  Listing *listing = g_new0 (Listing, 1);
  GError *error = NULL;

  if ((listing->requests = sd_request_list (workspace, NULL, &error)) == NULL
      || (listing->seal_names = sd_seal_library_names (workspace, &error)) == NULL
      || (listing->people = sd_profile_display_names (workspace, &error)) == NULL)
    {
      listing_free (listing);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

/* "5 minutes", "3 hours", "2 days" since @created (ISO 8601). */
static char *
format_age (const char *created)
{
  g_autoptr(GDateTime) then = created != NULL ? g_date_time_new_from_iso8601 (created, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 minutes;

  if (then == NULL)
    return g_strdup ("");
  minutes = MAX (g_date_time_difference (now, then) / G_TIME_SPAN_MINUTE, 0);
  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes),
                            (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", minutes / 60),
                            (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", minutes / (24 * 60)),
                          (int) (minutes / (24 * 60)));
}

static char *
seal_list_for (SealdeskRequestsView *self, SdRequest *request)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < request->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (request->placements, i);
      const char *name = g_hash_table_lookup (self->seal_names, p->seal);

      if (strstr (text->str, name != NULL ? name : p->seal) != NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, name != NULL ? name : p->seal);
    }
  if (text->len == 0)
    g_string_append (text, _("no seal (signatures only)"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
make_row (SealdeskRequestsView *self, SdRequest *request)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *seals = seal_list_for (self, request);
  g_autofree char *age = format_age (request->created);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *reason = g_markup_escape_text (request->reason != NULL ? request->reason : "", -1);
  /* The requester as the review and the ledger name them. */
  const char *requester = sd_profile_actor_name (self->people, request->requester);

  /* TRANSLATORS: a request's row: "lease.pdf — Firm contract seal" */
  title = g_markup_printf_escaped (_("%s — %s"), request->doc_name, seals);
  if (request->matter != NULL && request->matter[0] != '\0')
    /* TRANSLATORS: "Li Lei (lawyer) · Lease of the office · matter 2026-117 · 5 minutes ago" */
    subtitle = g_markup_printf_escaped (_("%s · %s · matter %s · %s"), requester,
                                        request->reason, request->matter, age);
  else
    /* TRANSLATORS: "Li Lei (lawyer) · Lease of the office · 5 minutes ago" */
    subtitle = g_markup_printf_escaped (_("%s · %s · %s"), requester, request->reason, age);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "request-id", g_strdup (request->id), g_free);
  gtk_widget_set_tooltip_text (row, reason[0] != '\0' ? request->reason : NULL);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill (SealdeskRequestsView *self)
{
  guint counts[SD_REQUEST_N_GROUPS] = { 0 };

  for (guint g = 0; g < SD_REQUEST_N_GROUPS; g++)
    clear_list (self->lists[g]);
  for (guint i = 0; self->requests != NULL && i < self->requests->len; i++)
    {
      SdRequest *request = g_ptr_array_index (self->requests, i);
      SdRequestGroup group = sd_request_group_for (request, self->profile);

      gtk_list_box_append (self->lists[group], make_row (self, request));
      counts[group]++;
    }
  for (guint g = 0; g < SD_REQUEST_N_GROUPS; g++)
    gtk_widget_set_visible (GTK_WIDGET (self->lists[g]), counts[g] > 0);
  for (guint g = 1; g < SD_REQUEST_N_GROUPS; g++)
    gtk_widget_set_visible (GTK_WIDGET (self->groups[g]), counts[g] > 0);
  gtk_label_set_label (GTK_LABEL (self->empty_label),
                       self->profile == NULL ? _("Choose the profile you act as to see what waits for you.")
                                             : _("Nothing waits for you."));
  gtk_widget_set_visible (self->empty_label, counts[SD_REQUEST_GROUP_WAITING_FOR_ME] == 0);

  if (self->n_waiting != counts[SD_REQUEST_GROUP_WAITING_FOR_ME])
    {
      self->n_waiting = counts[SD_REQUEST_GROUP_WAITING_FOR_ME];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskRequestsView) self = user_data;
  g_autoptr(GError) error = NULL;
  Listing *listing = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (listing != NULL)
    {
      g_clear_pointer (&self->requests, g_ptr_array_unref);
      g_clear_pointer (&self->seal_names, g_hash_table_unref);
      g_clear_pointer (&self->people, g_hash_table_unref);
      self->requests = g_steal_pointer (&listing->requests);
      self->seal_names = g_steal_pointer (&listing->seal_names);
      self->people = g_steal_pointer (&listing->people);
      listing_free (listing);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), error != NULL);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The requests cannot be read: %s"), error->message);

      gtk_label_set_label (self->status_label, text);
    }
  fill (self);
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      sealdesk_requests_view_reload (self);
    }
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
sealdesk_requests_view_reload (SealdeskRequestsView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEALDESK_IS_REQUESTS_VIEW (self));

  if (self->workspace == NULL)
    return;
  if (self->cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, list_done, g_object_ref (self));
  g_task_set_source_tag (task, sealdesk_requests_view_reload);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
sealdesk_requests_view_is_loading (SealdeskRequestsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUESTS_VIEW (self), FALSE);

  return self->cancellable != NULL;
}

guint
sealdesk_requests_view_get_n_waiting (SealdeskRequestsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUESTS_VIEW (self), 0);

  return self->n_waiting;
}

const char *
sealdesk_requests_view_get_profile (SealdeskRequestsView *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUESTS_VIEW (self), NULL);

  return self->profile;
}

void
sealdesk_requests_view_show_request (SealdeskRequestsView *self,
                                     const char           *id)
{
  g_return_if_fail (SEALDESK_IS_REQUESTS_VIEW (self));

  sealdesk_request_review_set_request (self->review, id);
  gtk_stack_set_visible_child_name (self->stack, "review");
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->review));
}

static void
row_activated (SealdeskRequestsView *self, GtkListBoxRow *row)
{
  sealdesk_requests_view_show_request (self, g_object_get_data (G_OBJECT (row), "request-id"));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (widget);

  gtk_stack_set_visible_child_name (self->stack, "queue");
  gtk_widget_set_visible (self->back_button, FALSE);
  sealdesk_request_review_set_request (self->review, NULL);
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sealdesk_requests_view_reload (SEALDESK_REQUESTS_VIEW (widget));
}

static void
set_profile (SealdeskRequestsView *self, const char *profile)
{
  if (profile != NULL && profile[0] == '\0')
    profile = NULL;
  if (g_strcmp0 (profile, self->profile) == 0)
    return;
  g_free (self->profile);
  self->profile = g_strdup (profile);
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static void
profile_changed (SealdeskRequestsView *self)
{
  set_profile (self, sealdesk_profile_chooser_get_profile (self->profile_chooser));
}

static void
sealdesk_requests_view_constructed (GObject *object)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (object);

  G_OBJECT_CLASS (sealdesk_requests_view_parent_class)->constructed (object);

  g_object_set (self->profile_chooser, "workspace", self->workspace, NULL);
  g_object_set (self->review, "workspace", self->workspace, NULL);
  g_object_bind_property (self, "profile", self->review, "profile", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->profile_chooser, "notify::profile",
                           G_CALLBACK (profile_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "decided",
                           G_CALLBACK (sealdesk_requests_view_reload), self, G_CONNECT_SWAPPED);
  profile_changed (self);
  sealdesk_requests_view_reload (self);
}

static void
sealdesk_requests_view_dispose (GObject *object)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_REQUESTS_VIEW);
  G_OBJECT_CLASS (sealdesk_requests_view_parent_class)->dispose (object);
}

static void
sealdesk_requests_view_finalize (GObject *object)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->seal_names, g_hash_table_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_free (self->profile);
  G_OBJECT_CLASS (sealdesk_requests_view_parent_class)->finalize (object);
}

static void
sealdesk_requests_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_requests_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SealdeskRequestsView *self = SEALDESK_REQUESTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_requests_view_class_init (SealdeskRequestsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_requests_view_constructed;
  object_class->dispose = sealdesk_requests_view_dispose;
  object_class->finalize = sealdesk_requests_view_finalize;
  object_class->get_property = sealdesk_requests_view_get_property;
  object_class->set_property = sealdesk_requests_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The current profile (the chooser's, kept in the "profile" setting). */
  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEALDESK_TYPE_PROFILE_CHOOSER);
  g_type_ensure (SEALDESK_TYPE_REQUEST_REVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-requests-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, back_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, profile_chooser);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, groups_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestsView, review);

  gtk_widget_class_install_action (widget_class, "requests.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "requests.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "requests.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "requests.reload", NULL);
}

static void
sealdesk_requests_view_init (SealdeskRequestsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint g = 0; g < SD_REQUEST_N_GROUPS; g++)
    {
      self->groups[g] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->groups[g], _(group_titles[g]));
      self->lists[g] = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (self->lists[g], GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (self->lists[g]), "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->lists[g]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(group_titles[g]), -1);
      g_signal_connect_object (self->lists[g], "row-activated",
                               G_CALLBACK (row_activated), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->groups[g], GTK_WIDGET (self->lists[g]));
      if (g == SD_REQUEST_GROUP_WAITING_FOR_ME)
        {
          self->empty_label = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (self->empty_label), 0);
          gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
          gtk_widget_add_css_class (self->empty_label, "dim-label");
          adw_preferences_group_add (self->groups[g], self->empty_label);
        }
      gtk_box_append (self->groups_box, GTK_WIDGET (self->groups[g]));
    }
}

GtkWidget *
sealdesk_requests_view_new (SdWorkspace *workspace)
{
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_REQUESTS_VIEW, "workspace", workspace, NULL);
}
