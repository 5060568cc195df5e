/* sealdesk-request-review.c: one stamp request, to look at and decide on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-key.h"
#include "sd-profile.h"
#include "sd-request-query.h"
#include "sd-sealing.h"
#include "sealdesk-pin-dialog.h"
#include "sealdesk-request-preview.h"
#include "sd-seal-library.h"
#include "sealdesk-request-review.h"
#include "sealdesk-sign-task.h"

struct _SealdeskRequestReview
{
  AdwBin parent_instance;

  SealdeskRequestPreview *preview;
  GtkLabel               *title_label;
  GtkLabel               *details_label;
  GtkLabel               *steps_label;
  GtkLabel               *state_label;
  GtkWidget              *decide_box;
  GtkEditable            *comment_entry;
  GtkTextView            *opinion_view;
  GtkButton              *approve_button;
  GtkSpinner             *spinner;
  GtkLabel               *error_label;

  SdWorkspace  *workspace;
  char         *profile;
  SdRequest    *request;
  GHashTable   *people;        /* profile name → sd_profile_display_name() */
  GCancellable *cancellable;   /* set while deciding */
  char         *error;
};

G_DEFINE_FINAL_TYPE (SealdeskRequestReview, sealdesk_request_review, ADW_TYPE_BIN)

enum { PROP_0, PROP_WORKSPACE, PROP_PROFILE, PROP_BUSY, N_PROPS };
enum { DECIDED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (SealdeskRequestReview *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
state_text (SdRequest *request)
{
  if (g_str_equal (request->state, "completed"))
    return _("Completed");
  if (g_str_equal (request->state, "rejected"))
    return _("Rejected");
  if (g_str_equal (request->state, "withdrawn"))
    return _("Withdrawn");
  return NULL;
}

static const char *
step_kind_text (SdStepKind kind)
{
  switch (kind)
    {
    case SD_STEP_SIGN:
      return _("sign");
    case SD_STEP_STAMP:
      return _("stamp");
    case SD_STEP_APPROVE:
    default:
      return _("approve");
    }
}

static const char *
step_state_text (const char *state)
{
  if (g_str_equal (state, "done"))
    return _("done");
  if (g_str_equal (state, "active"))
    return _("now");
  if (g_str_equal (state, "rejected"))
    return _("rejected");
  return _("waiting");
}

static const char *
action_text (const char *action)
{
  if (g_str_equal (action, "approve"))
    return _("approved");
  if (g_str_equal (action, "reject"))
    return _("rejected");
  if (g_str_equal (action, "decline"))
    return _("declined");
  return _("withdrew");
}

static void
update_actions (SealdeskRequestReview *self)
{
  gboolean can = self->request != NULL && self->cancellable == NULL &&
                 sd_request_is_waiting_for (self->request, self->profile);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.approve", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.reject", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.decline", can);
  gtk_widget_set_visible (self->decide_box, self->request != NULL && sd_request_is_open (self->request));
}

/* The people @profiles (profile names) as they are shown, joined. */
static char *
people_text (SealdeskRequestReview *self, char **profiles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; profiles[i] != NULL; i++)
    g_strv_builder_add (builder, sd_profile_actor_name (self->people, profiles[i]));
  names = g_strv_builder_end (builder);
  return g_strjoinv (", ", names);
}

static void
show_request (SealdeskRequestReview *self)
{
  SdRequest *request = self->request;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) steps = g_string_new (NULL);
  SdRequestStep *current;
  g_autofree char *state = NULL;

  if (request == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->details_label, "");
      gtk_label_set_label (self->steps_label, "");
      gtk_label_set_label (self->state_label, "");
      update_actions (self);
      return;
    }

  gtk_label_set_label (self->title_label, request->doc_name);
  g_string_append_printf (details, _("Requested by %s"), sd_profile_actor_name (self->people, request->requester));
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Reason: %s"), request->reason);
  if (request->matter != NULL && request->matter[0] != '\0')
    {
      g_string_append_c (details, '\n');
      g_string_append_printf (details, _("Matter: %s"), request->matter);
    }
  for (guint i = 0; i < request->placements->len; i++)
    {
      SdRequestPlacement *p = g_ptr_array_index (request->placements, i);
      /* The seal by its name (its ID when it is gone from the library). */
      g_autoptr(SdSeal) seal = self->workspace != NULL ? sd_seal_library_get (self->workspace, p->seal, NULL) : NULL;
      const char *seal_name = seal != NULL ? seal->name : p->seal;

      g_string_append_c (details, '\n');
      if (p->field != NULL)
        /* TRANSLATORS: "Seal Firm seal in the signature field “Partner”" */
        g_string_append_printf (details, _("Seal %s in the signature field “%s”"), seal_name, p->field);
      else
        /* TRANSLATORS: "Seal Firm seal on page 1 at 380, 80 (120 × 120 pt)" */
        g_string_append_printf (details, _("Seal %s on page %d at %.0f, %.0f (%.0f × %.0f pt)"),
                                seal_name, p->page, p->x, p->y, p->width, p->height);
    }
  gtk_label_set_label (self->details_label, details->str);

  for (guint i = 0; i < request->steps->len; i++)
    {
      SdRequestStep *step = g_ptr_array_index (request->steps, i);
      g_autofree char *names = people_text (self, step->profiles);

      if (steps->len > 0)
        g_string_append_c (steps, '\n');
      /* TRANSLATORS: "1. approve by partner (done)" */
      g_string_append_printf (steps, _("%d. %s by %s (%s)"), step->index, step_kind_text (step->kind),
                              names, step_state_text (sd_request_step_state (request, step)));
    }
  for (guint i = 0; i < request->decisions->len; i++)
    {
      SdDecision *d = g_ptr_array_index (request->decisions, i);

      g_string_append_c (steps, '\n');
      /* TRANSLATORS: "partner approved step 1" */
      g_string_append_printf (steps, _("%s %s step %d"), sd_profile_actor_name (self->people, d->profile),
                              action_text (d->action), d->step);
      if (d->comment != NULL && d->comment[0] != '\0')
        g_string_append_printf (steps, _(": “%s”"), d->comment);
    }
  gtk_label_set_label (self->steps_label, steps->str);

  current = sd_request_current_step (request);
  if (state_text (request) != NULL)
    state = g_strdup (state_text (request));
  else if (sd_request_is_waiting_for (request, self->profile))
    state = g_strdup (_("Waiting for your decision"));
  else if (current != NULL)
    {
      /* Those of the step who have not decided it yet. */
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) waiting = NULL;
      g_autofree char *names = NULL;

      for (guint i = 0; current->profiles[i] != NULL; i++)
        if (sd_request_find_decision (request, current->index, current->profiles[i]) == NULL)
          g_strv_builder_add (builder, current->profiles[i]);
      waiting = g_strv_builder_end (builder);
      names = people_text (self, waiting[0] != NULL ? waiting : current->profiles);
      state = g_strdup_printf (_("Waiting for %s"), names);
    }
  gtk_label_set_label (self->state_label, state != NULL ? state : "");

  switch (current != NULL ? current->kind : SD_STEP_APPROVE)
    {
    case SD_STEP_SIGN:
      gtk_button_set_label (self->approve_button, _("_Sign"));
      break;
    case SD_STEP_STAMP:
      gtk_button_set_label (self->approve_button, _("_Stamp"));
      break;
    case SD_STEP_APPROVE:
    default:
      gtk_button_set_label (self->approve_button, _("_Approve"));
    }
  update_actions (self);
}

static void
load_request (SealdeskRequestReview *self, const char *id)
{
  g_autoptr(GError) error = NULL;
  SdRequest *request = NULL;

  if (id != NULL && self->workspace != NULL
      && (request = sd_request_get (self->workspace, id, &error)) == NULL)
    show_error (self, error->message);
  g_clear_error (&error);
  /* The people as the requests and the ledger name them; without them
   * (the profiles cannot be read), by their profiles' names. */
  g_clear_pointer (&self->people, g_hash_table_unref);
  if (request != NULL && (self->people = sd_profile_display_names (self->workspace, &error)) == NULL)
    g_debug ("Review: no people's names: %s", error->message);
  g_clear_pointer (&self->request, sd_request_free);
  self->request = request;
  show_request (self);
}

void
sealdesk_request_review_set_request (SealdeskRequestReview *self,
                                     const char            *id)
{
  g_return_if_fail (SEALDESK_IS_REQUEST_REVIEW (self));

  if (self->cancellable != NULL)
    return; /* a decision is on its way: it shows its result here */
  show_error (self, NULL);
  if (self->request == NULL || g_strcmp0 (id, self->request->id) != 0)
    {
      gtk_editable_set_text (self->comment_entry, "");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->opinion_view), "", -1);
    }
  load_request (self, id);
  sealdesk_request_preview_set_request (self->preview, self->workspace, self->request);
}

const char *
sealdesk_request_review_get_request_id (SealdeskRequestReview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_REVIEW (self), NULL);

  return self->request != NULL ? self->request->id : NULL;
}

const char *
sealdesk_request_review_get_state (SealdeskRequestReview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_REVIEW (self), NULL);

  return self->request != NULL ? self->request->state : NULL;
}

gboolean
sealdesk_request_review_get_busy (SealdeskRequestReview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_REVIEW (self), FALSE);

  return self->cancellable != NULL;
}

const char *
sealdesk_request_review_get_error (SealdeskRequestReview *self)
{
  g_return_val_if_fail (SEALDESK_IS_REQUEST_REVIEW (self), NULL);

  return self->error;
}

/* Deciding, in a worker thread */

typedef struct {
  SdWorkspace    *workspace;
  char           *request_id;
  char           *actor;
  SdDecideAction  action;
  char           *comment;
  char           *opinion;
  GtkWindow      *window;     /* parent of the PIN dialog */
} Decision;

static void
decision_free (Decision *decision)
{
  g_clear_object (&decision->workspace);
  g_free (decision->request_id);
  g_free (decision->actor);
  g_free (decision->comment);
  g_free (decision->opinion);
  g_clear_object (&decision->window);
  g_free (decision);
}

static void
decide_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Decision *decision = task_data;
  SdDecideOptions opts = { 0 };
  GError *error = NULL;
  SdRequest *request;

  opts.request_id = decision->request_id;
  opts.actor = decision->actor;
  opts.action = decision->action;
  opts.comment = decision->comment;
  opts.opinion = decision->opinion;
  opts.pin_cb = sealdesk_pin_dialog_ask;
  opts.pin_data = decision->window;
  opts.seal_pin_cb = sealdesk_pin_dialog_ask;
  opts.seal_pin_data = decision->window;
  opts.cancellable = cancellable;
  if ((request = sd_sealing_decide (decision->workspace, &opts, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, request, (GDestroyNotify) sd_request_free);
}

static void
set_busy (SealdeskRequestReview *self, gboolean busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The entries stay as they are: the decision took copies, and a focused
   * entry made insensitive never hears it lost the focus (GTK 4.8). */
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
decide_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskRequestReview) self = user_data;
  g_autoptr(GError) error = NULL;
  SdRequest *request = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *id = self->request != NULL ? g_strdup (self->request->id) : NULL;

  g_clear_object (&self->cancellable);
  if (request == NULL)
    {
      g_autofree char *message = NULL;

      if (sealdesk_sign_error_is_cancelled (error))
        message = g_strdup (_("Nothing was decided: the key was not unlocked."));
      else if (error->domain == SD_KEY_ERROR)
        message = sealdesk_sign_error_describe (error);
      else
        message = g_strdup (error->message);
      set_busy (self, FALSE);
      /* What was typed stays; the request is read again (a refusal may
       * have come from a change made elsewhere). */
      load_request (self, id);
      show_error (self, message);
      return;
    }

  g_clear_pointer (&self->request, sd_request_free);
  self->request = request;
  gtk_editable_set_text (self->comment_entry, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->opinion_view), "", -1);
  set_busy (self, FALSE);
  show_request (self);
  sealdesk_request_preview_set_request (self->preview, self->workspace, self->request);
  g_signal_emit (self, signals[DECIDED], 0, request->id);
}

static void
decide (SealdeskRequestReview *self, SdDecideAction action)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *comment = g_strstrip (g_strdup (gtk_editable_get_text (self->comment_entry)));
  g_autofree char *opinion = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->opinion_view);
  GtkTextIter start, end;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  Decision *decision;

  if (self->request == NULL || self->cancellable != NULL || self->profile == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  opinion = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (action == SD_DECIDE_REJECT && comment[0] == '\0')
    {
      show_error (self, _("Say why in the comment: a request is rejected with a comment."));
      gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
      return;
    }
  if (action == SD_DECIDE_DECLINE && opinion[0] == '\0')
    {
      show_error (self, _("Write your opinion: declining records it with your decision."));
      gtk_widget_grab_focus (GTK_WIDGET (self->opinion_view));
      return;
    }
  show_error (self, NULL);

  decision = g_new0 (Decision, 1);
  decision->workspace = g_object_ref (self->workspace);
  decision->request_id = g_strdup (self->request->id);
  decision->actor = g_strdup (self->profile);
  decision->action = action;
  decision->comment = comment[0] != '\0' ? g_steal_pointer (&comment) : NULL;
  decision->opinion = action == SD_DECIDE_DECLINE ? g_steal_pointer (&opinion) : NULL;
  decision->window = GTK_IS_WINDOW (root) ? g_object_ref (GTK_WINDOW (root)) : NULL;

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (NULL, self->cancellable, decide_done, g_object_ref (self));
  g_task_set_source_tag (task, decide);
  g_task_set_task_data (task, decision, (GDestroyNotify) decision_free);
  g_task_run_in_thread (task, decide_thread);
}

static void
decide_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SealdeskRequestReview *self = SEALDESK_REQUEST_REVIEW (widget);

  if (g_str_equal (action_name, "review.approve"))
    decide (self, SD_DECIDE_APPROVE);
  else if (g_str_equal (action_name, "review.reject"))
    decide (self, SD_DECIDE_REJECT);
  else
    decide (self, SD_DECIDE_DECLINE);
}

static void
set_profile (SealdeskRequestReview *self, const char *profile)
{
  if (profile != NULL && profile[0] == '\0')
    profile = NULL;
  if (g_strcmp0 (profile, self->profile) == 0)
    return;
  g_free (self->profile);
  self->profile = g_strdup (profile);
  show_request (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static void
sealdesk_request_review_dispose (GObject *object)
{
  SealdeskRequestReview *self = SEALDESK_REQUEST_REVIEW (object);

  /* A decision under way finishes in the core (it is one transaction);
   * only its result is no longer shown. */
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_REQUEST_REVIEW);
  G_OBJECT_CLASS (sealdesk_request_review_parent_class)->dispose (object);
}

static void
sealdesk_request_review_finalize (GObject *object)
{
  SealdeskRequestReview *self = SEALDESK_REQUEST_REVIEW (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->request, sd_request_free);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_free (self->profile);
  g_free (self->error);
  G_OBJECT_CLASS (sealdesk_request_review_parent_class)->finalize (object);
}

static void
sealdesk_request_review_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskRequestReview *self = SEALDESK_REQUEST_REVIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_request_review_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SealdeskRequestReview *self = SEALDESK_REQUEST_REVIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_set_object (&self->workspace, g_value_get_object (value));
      break;
    case PROP_PROFILE:
      set_profile (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_request_review_class_init (SealdeskRequestReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_request_review_dispose;
  object_class->finalize = sealdesk_request_review_finalize;
  object_class->get_property = sealdesk_request_review_get_property;
  object_class->set_property = sealdesk_request_review_set_property;

  /* May be set after construction (a review inside a template). */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* Who decides. */
  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted with the request's ID after the core recorded a decision. */
  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SEALDESK_TYPE_REQUEST_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-request-review.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, preview);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, title_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, details_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, steps_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, state_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, decide_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, opinion_view);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, approve_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, spinner);
  gtk_widget_class_bind_template_child (widget_class, SealdeskRequestReview, error_label);

  gtk_widget_class_install_action (widget_class, "review.approve", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "review.reject", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "review.decline", NULL, decide_action);
}

static void
sealdesk_request_review_init (SealdeskRequestReview *self)
{
  static const struct {
    const char *trigger;
    const char *action;
  } keys[] = {
    { "<Control>Return|<Control>KP_Enter", "review.approve" },
    { "<Control><Shift>r", "review.reject" },
    { "<Control><Shift>d", "review.decline" },
  };
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The decisions' keys work whenever the review is shown, also with the
   * focus in the comment (capture: before the text view sees Ctrl+Return);
   * the window runs managed shortcuts of mapped widgets only. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  update_actions (self);
}

GtkWidget *
sealdesk_request_review_new (SdWorkspace *workspace)
{
  return g_object_new (SEALDESK_TYPE_REQUEST_REVIEW, "workspace", workspace, NULL);
}
