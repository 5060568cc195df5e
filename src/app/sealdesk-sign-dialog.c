/* sealdesk-sign-dialog.c: signs the open document with a chosen key
 *
 * The person chooses a key (SealdeskKeyChooser) and may type a reason and
 * a location; the seals placed on the document's pages (the window's
 * session) are signed with it, all in one signature, through the seal
 * library and its ledger (sd_sealing_seal_document); with none placed the
 * signature is invisible.
 * "Sign…" asks where to save the signed copy, then a worker thread unlocks
 * the key (asking for a PIN through SealdeskPinDialog when the backend
 * needs one) and signs (sealdesk-sign-task.c), showing its progress; the
 * Cancel button stops it. Problems are said in the dialog, which stays
 * open so that the person can fix them and try again; a damaged document
 * offers "Sign a Repaired Copy" (qpdf rebuilds it, SdSignOptions
 * repair_damaged).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sd-seal-library.h"
#include "sd-secret.h"
#include "sealdesk-key-chooser.h"
#include "sealdesk-page-mark.h"
#include "sealdesk-placement.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-sign-task.h"

struct _SealdeskSignDialog
{
  AdwWindow parent_instance;

  GtkBox             *chooser_box;
  SealdeskKeyChooser *key_chooser; /* made with workspace, in chooser_box */
  GtkWidget          *details;
  AdwEntryRow        *reason_row;
  AdwEntryRow        *location_row;
  AdwActionRow       *seals_row;
  GtkWidget          *status_box;
  GtkLabel           *status_label;
  GtkWidget          *repair_button;
  GtkProgressBar     *progress_bar;

  SdWorkspace          *workspace;
  GFile                *document;
  GCancellable         *cancellable;  /* set while signing */
  GFile                *output;       /* of the signing under way */
  GFile                *repair_output; /* refused as damaged: where a repaired copy would go */
  GtkFileChooserNative *chooser;
  gboolean              close_when_done;
  GArray               *seals;        /* SdSealUse placed, strings owned; or NULL */
  GPtrArray            *marks;        /* SdMark of the page marks (sealdesk-page-mark.h) */
  char                 *password;     /* the document's (a secret), or NULL */
};

G_DEFINE_FINAL_TYPE (SealdeskSignDialog, sealdesk_sign_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, PROP_KEY_ID, PROP_BUSY, N_PROPS };
enum { SIGNED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
update_actions (SealdeskSignDialog *self)
{
  gboolean busy = self->cancellable != NULL;
  gboolean has_key;

  if (self->key_chooser == NULL)
    return;
  has_key = sealdesk_key_chooser_get_selected_key (self->key_chooser) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.sign", !busy && has_key);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_chooser), !busy);
  gtk_widget_set_sensitive (self->details, !busy);
}

static void
show_status (SealdeskSignDialog *self, const char *message, gboolean is_error, gboolean progress)
{
  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), progress);
  gtk_widget_set_visible (self->repair_button, self->repair_output != NULL);
  gtk_widget_set_visible (self->status_box, message != NULL || progress);
}

static void
sign_progress (GtkWindow *window, double fraction)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (window);

  if (self->cancellable == NULL)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, _ ("Signing…"));
}

static void
sign_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (source);
  g_autoptr (GFile)   output = g_steal_pointer (&self->output);
  g_autoptr (GError)  error = NULL;
  gboolean            ok = sealdesk_sign_task_finish (result, &error);

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_actions (self);

  if (ok)
    {
      show_status (self, NULL, FALSE, FALSE);
      g_signal_emit (self, signals[SIGNED], 0, output);
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (self->close_when_done)
    gtk_window_close (GTK_WINDOW (self));
  else if (sealdesk_sign_error_is_cancelled (error))
    show_status (self, _ ("Signing was cancelled; nothing was saved."), FALSE, FALSE);
  else
    {
      g_autofree char *message = sealdesk_sign_error_describe (error);

      /* Damaged: a repaired copy can be signed instead, if the person
       * says so (its bytes are not the original's). */
      if (g_error_matches (error, SD_SIGN_ERROR, SD_SIGN_ERROR_DAMAGED))
        self->repair_output = g_steal_pointer (&output);
      show_status (self, message, TRUE, FALSE);
    }
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
sign_to (SealdeskSignDialog *self, GFile *output, gboolean repair)
{
  SdKey        *key;
  SdSignOptions opts;

  key = sealdesk_key_chooser_get_selected_key (self->key_chooser);
  if (self->cancellable != NULL || key == NULL)
    return;
  g_clear_object (&self->repair_output);
  if (g_file_peek_path (output) == NULL)
    {
      show_status (self, _ ("Choose a folder on this computer for the signed copy."), TRUE, FALSE);
      return;
    }
  if (g_file_equal (output, self->document))
    {
      show_status (self,
                   _ ("The signed copy cannot replace the document it is made from: "
                      "choose another name."),
                   TRUE, FALSE);
      return;
    }

  sd_sign_options_init (&opts);
  opts.reason = entry_text (self->reason_row);
  opts.location = entry_text (self->location_row);
  /* The password the document was opened with: asked once, for both. */
  opts.password = self->password != NULL ? sd_secret_dup (self->password) : NULL;
  opts.repair_damaged = repair;
  for (guint i = 0; self->marks != NULL && i < self->marks->len; i++)
    g_ptr_array_add (opts.marks, sd_mark_copy (g_ptr_array_index (self->marks, i)));

  self->cancellable = g_cancellable_new ();
  self->output = g_object_ref (output);
  self->close_when_done = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_actions (self);
  show_status (self, NULL, FALSE, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _ ("Unlocking the key…"));

  sealdesk_sign_task_run (GTK_WINDOW (self), self->workspace, g_file_peek_path (self->document),
                          g_file_peek_path (output), key, &opts,
                          self->seals != NULL ? (SdSealUse *) self->seals->data : NULL,
                          self->seals != NULL ? self->seals->len : 0,
                          sign_progress, self->cancellable, sign_done, NULL);
  sd_sign_options_clear (&opts);
}

void
sealdesk_sign_dialog_set_password (SealdeskSignDialog *self, const char *password)
{
  g_return_if_fail (SEALDESK_IS_SIGN_DIALOG (self));

  g_clear_pointer (&self->password, sd_secret_free);
  self->password = password != NULL ? sd_secret_dup (password) : NULL;
}

void
sealdesk_sign_dialog_sign_to (SealdeskSignDialog *self, GFile *output)
{
  g_return_if_fail (SEALDESK_IS_SIGN_DIALOG (self));
  g_return_if_fail (G_IS_FILE (output));

  sign_to (self, output, FALSE);
}

static void
sign_repaired_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (widget);
  g_autoptr (GFile)   output = self->repair_output != NULL ? g_object_ref (self->repair_output) : NULL;

  if (output != NULL)
    sign_to (self, output, TRUE);
}

GFile *
sealdesk_sign_dialog_default_output (GFile *document)
{
  g_autofree char  *base = g_file_get_basename (document);
  g_autoptr (GFile) parent = g_file_get_parent (document);
  g_autofree char  *name = NULL;
  size_t            len = strlen (base);

  if (len > 4 && g_ascii_strcasecmp (base + len - 4, ".pdf") == 0)
    base[len - 4] = '\0';
  /* TRANSLATORS: file name of a signed copy; %s: the document's name without ".pdf" */
  name = g_strdup_printf (_ ("%s-signed.pdf"), base);
  return parent != NULL ? g_file_get_child (parent, name) : g_file_new_for_path (name);
}

static void
save_response (GtkNativeDialog *native, int response, SealdeskSignDialog *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->chooser);
  if (file != NULL)
    sealdesk_sign_dialog_sign_to (self, file);
}

static void
sign_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (widget);
  g_autoptr (GFile)   proposed = sealdesk_sign_dialog_default_output (self->document);
  g_autoptr (GFile)   folder = g_file_get_parent (proposed);
  g_autofree char    *name = g_file_get_basename (proposed);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Save the Signed Copy"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Sign"),
                                               _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _ ("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
sealdesk_sign_dialog_close_request (GtkWindow *window)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (window);

  /* The worker uses this window (PIN dialog parent): stop it first. */
  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (sealdesk_sign_dialog_parent_class)->close_request (window);
}

static void
key_changed (SealdeskSignDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_ID]);
  update_actions (self);
}

static void
sealdesk_sign_dialog_constructed (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  G_OBJECT_CLASS (sealdesk_sign_dialog_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  /* Made here: the chooser lists the workspace's keys as soon as it exists. */
  self->key_chooser = SEALDESK_KEY_CHOOSER (sealdesk_key_chooser_new (self->workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (self->key_chooser), TRUE);
  gtk_box_append (self->chooser_box, GTK_WIDGET (self->key_chooser));
  g_signal_connect_object (self->key_chooser, "notify::selected-key", G_CALLBACK (key_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_chooser, "notify::selected-id", G_CALLBACK (key_changed),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
sealdesk_sign_dialog_dispose (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SIGN_DIALOG);
  G_OBJECT_CLASS (sealdesk_sign_dialog_parent_class)->dispose (object);
}

static void
clear_seals (SealdeskSignDialog *self)
{
  if (self->seals == NULL)
    return;
  for (guint i = 0; i < self->seals->len; i++)
    {
      SdSealUse *use = &g_array_index (self->seals, SdSealUse, i);

      g_free ((char *) use->seal_id);
      g_free ((char *) use->field);
    }
  g_clear_pointer (&self->seals, g_array_unref);
}

/* When every seal placed signs with the same key, that key is offered. */
static void
offer_seal_key (SealdeskSignDialog *self)
{
  g_autofree char *key_id = NULL;

  for (guint i = 0; i < self->seals->len; i++)
    {
      g_autoptr(SdSeal) seal = sd_seal_library_get (self->workspace,
                                                    g_array_index (self->seals, SdSealUse, i).seal_id,
                                                    NULL);

      if (seal == NULL || seal->key_id == NULL || (key_id != NULL && g_strcmp0 (key_id, seal->key_id) != 0))
        return;
      if (key_id == NULL)
        key_id = g_strdup (seal->key_id);
    }
  if (key_id != NULL)
    sealdesk_key_chooser_set_selected_id (self->key_chooser, key_id);
}

void
sealdesk_sign_dialog_set_placements (SealdeskSignDialog *self,
                                     GListModel         *placements)
{
  guint n;

  g_return_if_fail (SEALDESK_IS_SIGN_DIALOG (self));
  g_return_if_fail (placements == NULL || G_IS_LIST_MODEL (placements));

  clear_seals (self);
  n = placements != NULL ? g_list_model_get_n_items (placements) : 0;
  if (n > 0)
    {
      g_autofree char *message = NULL;

      self->seals = g_array_sized_new (FALSE, FALSE, sizeof (SdSealUse), n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SealdeskPlacement) placement = g_list_model_get_item (placements, i);
          SdSealUse use = { 0 };

          use.seal_id = g_strdup (sealdesk_placement_get_seal_id (placement));
          use.field = g_strdup (sealdesk_placement_get_field (placement));
          use.page = (int) sealdesk_placement_get_page (placement) + 1;
          sealdesk_placement_get_rect (placement, &use.x, &use.y, &use.width, &use.height);
          g_array_append_val (self->seals, use);
        }
      /* TRANSLATORS: %u: how many seals were placed on the document's pages */
      message = g_strdup_printf (ngettext ("The seal placed on the document is signed with this key.",
                                           "The %u seals placed on the document are signed with this key, in one signature.", n),
                                 n);
      adw_action_row_set_subtitle (self->seals_row, message);
      offer_seal_key (self);
    }
  else
    adw_action_row_set_subtitle (self->seals_row,
                                 _("No seal is placed: the signature is invisible. To show one, "
                                   "drag a seal from the sidebar onto a page first."));
  update_actions (self);
}

void
sealdesk_sign_dialog_set_marks (SealdeskSignDialog *self,
                                GListModel         *marks)
{
  g_return_if_fail (SEALDESK_IS_SIGN_DIALOG (self));

  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  for (guint i = 0; marks != NULL && i < g_list_model_get_n_items (marks); i++)
    {
      g_autoptr(SealdeskPageMark) mark = g_list_model_get_item (marks, i);
      GPtrArray *list = sealdesk_page_mark_get_marks (mark);

      for (guint j = 0; j < list->len; j++)
        g_ptr_array_add (self->marks, sd_mark_copy (g_ptr_array_index (list, j)));
    }
}

static void
sealdesk_sign_dialog_finalize (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  clear_seals (self);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_clear_pointer (&self->password, sd_secret_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->output);
  g_clear_object (&self->repair_output);
  g_clear_object (&self->document);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_sign_dialog_parent_class)->finalize (object);
}

static void
sealdesk_sign_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_KEY_ID:
      {
        const char *id = sealdesk_key_chooser_get_selected_id (self->key_chooser);

        /* "" rather than NULL, so that it binds to a string setting. */
        g_value_set_string (value, id != NULL ? id : "");
      }
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_sign_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_KEY_ID:
      {
        const char *id = g_value_get_string (value);

        sealdesk_key_chooser_set_selected_id (self->key_chooser, id != NULL && *id ? id : NULL);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_sign_dialog_class_init (SealdeskSignDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sealdesk_sign_dialog_constructed;
  object_class->dispose = sealdesk_sign_dialog_dispose;
  object_class->finalize = sealdesk_sign_dialog_finalize;
  object_class->get_property = sealdesk_sign_dialog_get_property;
  object_class->set_property = sealdesk_sign_dialog_set_property;
  window_class->close_request = sealdesk_sign_dialog_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_ID] =
    g_param_spec_string ("key-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  g_type_ensure (SEALDESK_TYPE_KEY_CHOOSER);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, details);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, seals_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, repair_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "sign.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "sign.sign-repaired", NULL, sign_repaired_action);
  gtk_widget_class_install_action (widget_class, "sign.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign.cancel", NULL);
}

static void
sealdesk_sign_dialog_init (SealdeskSignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sealdesk_sign_dialog_set_placements (self, NULL);
}

GtkWidget *
sealdesk_sign_dialog_new (GtkWindow   *parent,
                          SdWorkspace *workspace,
                          GFile       *document)
{
  SealdeskSignDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (G_IS_FILE (document), NULL);

  self = g_object_new (SEALDESK_TYPE_SIGN_DIALOG, "transient-for", parent, "modal", parent != NULL,
                       "workspace", workspace, NULL);
  self->document = g_object_ref (document);
  return GTK_WIDGET (self);
}

gboolean
sealdesk_sign_dialog_get_busy (SealdeskSignDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGN_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}
