/* sealdesk-batch-sign-dialog.c: signs several documents with one key and one PIN
 *
 * Lists documents: the ones open in the application's windows (their
 * sessions, with the seals placed on them) and files added with "Add
 * Files…" (signed without seals). The person ticks the ones to sign,
 * chooses a key and may type a reason and a location (the
 * SealdeskSignPanel that the one-document Sign dialog shows too); "Sign All" unlocks the key once — one PIN prompt for the
 * batch — and signs each ticked document in turn into NAME-signed.pdf
 * beside its original (sealdesk-sign-task.c, the same signing as Sign…:
 * sd_sealing_seal_document() for documents with seals). The originals are
 * never changed, and an existing NAME-signed.pdf is never overwritten.
 * Progress shows the document under way; "Cancel Signing" beside it, Cancel
 * or Escape stop the batch: the documents signed before stay signed, the
 * one under way is not written and the rest are not started, which the
 * result says with the count, in the dialog and in a toast. Each row says
 * what became of its document, and the dialog stays open to show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-batch-sign-dialog-private.h"
#include "sealdesk-sign-task.h"

G_DEFINE_FINAL_TYPE (SealdeskBatchSignDialog, sealdesk_batch_sign_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, PROP_KEY_ID, PROP_BUSY, N_PROPS };
enum { SIGNED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

void
_sealdesk_batch_sign_dialog_update_actions (SealdeskBatchSignDialog *self)
{
  gboolean busy = sealdesk_sign_panel_get_busy (self->panel);
  gboolean any = FALSE;

  for (guint i = 0; i < self->documents->len; i++)
    {
      Document *document = g_ptr_array_index (self->documents, i);

      any |= _sealdesk_batch_document_included (document) && document->state != SEALDESK_BATCH_DOCUMENT_SIGNED;
      gtk_widget_set_sensitive (GTK_WIDGET (document->check), !busy && document->blocker == NULL);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.sign",
                                 !busy && any && sealdesk_sign_panel_get_key (self->panel) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.add-files", !busy);
}

static void
show_status (SealdeskBatchSignDialog *self, const char *message, gboolean is_error)
{
  sealdesk_sign_panel_show_status (self->panel, message, is_error, FALSE);
}

static Document *
running_document (SealdeskBatchSignDialog *self,
                  guint                    index)
{
  if (self->running == NULL || index >= self->running->len)
    return NULL;
  return g_ptr_array_index (self->documents, g_array_index (self->running, guint, index));
}

static void
batch_progress (GtkWindow *window, guint index, double fraction)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (window);
  Document *document = running_document (self, index);
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (document == NULL || !sealdesk_sign_panel_get_busy (self->panel))
    return;
  if (document->state != SEALDESK_BATCH_DOCUMENT_SIGNING)
    {
      document->state = SEALDESK_BATCH_DOCUMENT_SIGNING;
      g_clear_pointer (&document->message, g_free);
      document->message = g_strdup (_("Signing…"));
      _sealdesk_batch_document_show (document);
    }
  basename = g_file_get_basename (document->file);
  name = g_filename_display_name (basename);
  /* TRANSLATORS: "Signing “award.pdf” (2 of 3)…" */
  text = g_strdup_printf (_("Signing “%s” (%u of %u)…"), name, index + 1, self->running->len);
  sealdesk_sign_panel_set_progress (self->panel, (index + CLAMP (fraction, 0, 1)) / self->running->len,
                                    text);
}

static void
batch_document_done (GtkWindow *window, guint index, const GError *error)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (window);
  Document *document = running_document (self, index);
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;

  if (document == NULL)
    return;
  g_clear_pointer (&document->message, g_free);
  if (error == NULL)
    {
      basename = g_file_get_basename (document->output);
      name = g_filename_display_name (basename);
      document->state = SEALDESK_BATCH_DOCUMENT_SIGNED;
      /* TRANSLATORS: %s: the signed copy's file name */
      document->message = g_strdup_printf (_("Signed: saved as “%s”."), name);
    }
  else
    {
      document->state = SEALDESK_BATCH_DOCUMENT_FAILED;
      document->message = sealdesk_sign_error_is_cancelled (error)
                            ? g_strdup (_("Not signed: the signing was cancelled."))
                            : sealdesk_sign_error_describe (error);
    }
  _sealdesk_batch_document_show (document);
  if (error == NULL)
    g_signal_emit (self, signals[SIGNED], 0, document->session, document->output);
}

static void
batch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (source);
  g_autoptr (GError) error = NULL;
  guint n = self->running->len, failed = 0;
  g_autofree char *result_text = NULL;

  sealdesk_sign_task_finish (result, &error);
  for (guint i = 0; i < n; i++)
    failed += running_document (self, i)->state != SEALDESK_BATCH_DOCUMENT_SIGNED;
  g_clear_pointer (&self->running, g_array_unref);
  if (!sealdesk_sign_panel_finish (self->panel))
    return;
  _sealdesk_batch_sign_dialog_update_actions (self);

  if (error != NULL && error->domain == SD_KEY_ERROR && failed == n)
    {
      /* The key was not unlocked: no document was touched. */
      g_autofree char *message = sealdesk_sign_error_describe (error);

      show_status (self, sealdesk_sign_error_is_cancelled (error)
                           ? _("Signing was cancelled; nothing was saved.") : message,
                   !sealdesk_sign_error_is_cancelled (error));
    }
  else if (sealdesk_sign_error_is_cancelled (error) && failed == n)
    show_status (self, _("Signing was cancelled; nothing was saved."), FALSE);
  else if (sealdesk_sign_error_is_cancelled (error))
    {
      /* The documents signed before the cancel stay signed; the one under
       * way was not written, the rest not started. */
      /* TRANSLATORS: %u: how many documents of the batch were signed before Cancel was pressed */
      result_text = g_strdup_printf (ngettext ("Signed %u document; cancelled the rest.",
                                               "Signed %u documents; cancelled the rest.", n - failed),
                                     n - failed);
      show_status (self, result_text, FALSE);
    }
  else if (failed > 0)
    {
      /* TRANSLATORS: %u: how many documents of the batch were not signed */
      result_text = g_strdup_printf (ngettext ("%u document was not signed: see the list above.",
                                               "%u documents were not signed: see the list above.",
                                               failed),
                                     failed);
      show_status (self, result_text, TRUE);
    }
  else
    {
      /* TRANSLATORS: %u: how many documents were signed */
      result_text = g_strdup_printf (ngettext ("The document is signed.",
                                               "All %u documents are signed.", n),
                                     n);
      show_status (self, result_text, FALSE);
    }
  /* Said in a toast too, which stays in sight over the list. */
  if (result_text != NULL)
    sealdesk_sign_panel_add_toast (self->panel, result_text);
  else if (sealdesk_sign_error_is_cancelled (error))
    sealdesk_sign_panel_add_toast (self->panel, _("Signing was cancelled; nothing was saved."));
}

void
sealdesk_batch_sign_dialog_sign (SealdeskBatchSignDialog *self)
{
  g_autoptr (SealdeskSignBatch) batch = NULL;
  SdSignOptions opts;
  GCancellable *cancellable;
  SdKey *key;

  g_return_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self));

  key = sealdesk_sign_panel_get_key (self->panel);
  if (sealdesk_sign_panel_get_busy (self->panel) || key == NULL)
    return;

  batch = sealdesk_sign_batch_new ();
  self->running = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->documents->len; i++)
    {
      Document *document = g_ptr_array_index (self->documents, i);
      g_autoptr (GArray) seals = NULL;

      if (document->state == SEALDESK_BATCH_DOCUMENT_SIGNED)
        continue;
      g_clear_pointer (&document->message, g_free);
      if (!_sealdesk_batch_document_included (document))
        {
          document->state = SEALDESK_BATCH_DOCUMENT_SKIPPED;
          document->message = _sealdesk_batch_document_describe (document);
          _sealdesk_batch_document_show (document);
          continue;
        }
      if (g_file_query_exists (document->output, NULL))
        {
          g_autofree char *basename = g_file_get_basename (document->output);
          g_autofree char *name = g_filename_display_name (basename);

          document->state = SEALDESK_BATCH_DOCUMENT_FAILED;
          /* TRANSLATORS: %s: the file name of the signed copy, e.g. “award-signed.pdf” */
          document->message = g_strdup_printf (_("Not signed: “%s” already exists beside it. Move it "
                                                 "away, or sign this document alone to choose another name."),
                                               name);
          _sealdesk_batch_document_show (document);
          continue;
        }
      document->state = SEALDESK_BATCH_DOCUMENT_WAITING;
      document->message = _sealdesk_batch_document_describe (document);
      _sealdesk_batch_document_show (document);
      seals = sealdesk_sign_seal_uses (document->session != NULL
                                         ? sealdesk_session_get_placements (document->session) : NULL);
      sealdesk_sign_batch_add (batch, g_file_peek_path (document->file),
                               g_file_peek_path (document->output),
                               (SdSealUse *) seals->data, seals->len);
      g_array_append_val (self->running, i);
    }
  if (self->running->len == 0)
    {
      g_clear_pointer (&self->running, g_array_unref);
      show_status (self, _("No document to sign: tick at least one that can be signed."), TRUE);
      _sealdesk_batch_sign_dialog_update_actions (self);
      return;
    }

  sd_sign_options_init (&opts);
  sealdesk_sign_panel_fill_options (self->panel, &opts);
  cancellable = sealdesk_sign_panel_start (self->panel);
  _sealdesk_batch_sign_dialog_update_actions (self);
  sealdesk_sign_task_run_batch (GTK_WINDOW (self), self->workspace, g_steal_pointer (&batch), key,
                                &opts, batch_progress, batch_document_done, cancellable,
                                batch_done, NULL);
  sd_sign_options_clear (&opts);
}

static void
sign_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sealdesk_batch_sign_dialog_sign (SEALDESK_BATCH_SIGN_DIALOG (widget));
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sealdesk_sign_panel_cancel_or_close (SEALDESK_BATCH_SIGN_DIALOG (widget)->panel);
}

static void
add_files_response (GtkNativeDialog *native, int response, SealdeskBatchSignDialog *self)
{
  g_autoptr (GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->chooser);
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);

      sealdesk_batch_sign_dialog_add_file (self, file);
    }
}

static void
add_files_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Add Documents to Sign"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (add_files_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
sealdesk_batch_sign_dialog_close_request (GtkWindow *window)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (window);

  /* The worker uses this window (PIN dialog parent): stop it first. */
  if (sealdesk_sign_panel_close_request (self->panel))
    return TRUE;
  return GTK_WINDOW_CLASS (sealdesk_batch_sign_dialog_parent_class)->close_request (window);
}

static void
key_changed (SealdeskBatchSignDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_ID]);
  _sealdesk_batch_sign_dialog_update_actions (self);
}

static void
busy_changed (SealdeskBatchSignDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
sealdesk_batch_sign_dialog_constructed (GObject *object)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (object);

  G_OBJECT_CLASS (sealdesk_batch_sign_dialog_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  sealdesk_sign_panel_set_workspace (self->panel, self->workspace);
  g_signal_connect_object (self->panel, "key-changed", G_CALLBACK (key_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "notify::busy", G_CALLBACK (busy_changed), self,
                           G_CONNECT_SWAPPED);
  _sealdesk_batch_sign_dialog_update_actions (self);
}

static void
sealdesk_batch_sign_dialog_dispose (GObject *object)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_BATCH_SIGN_DIALOG);
  G_OBJECT_CLASS (sealdesk_batch_sign_dialog_parent_class)->dispose (object);
}

static void
sealdesk_batch_sign_dialog_finalize (GObject *object)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (object);

  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->running, g_array_unref);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sealdesk_batch_sign_dialog_parent_class)->finalize (object);
}

static void
sealdesk_batch_sign_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_KEY_ID:
      /* "" rather than NULL, so that it binds to a string setting. */
      g_value_set_string (value, sealdesk_sign_panel_get_key_id (self->panel));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, sealdesk_sign_panel_get_busy (self->panel));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_batch_sign_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SealdeskBatchSignDialog *self = SEALDESK_BATCH_SIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_KEY_ID:
      sealdesk_sign_panel_set_key_id (self->panel, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_batch_sign_dialog_class_init (SealdeskBatchSignDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sealdesk_batch_sign_dialog_constructed;
  object_class->dispose = sealdesk_batch_sign_dialog_dispose;
  object_class->finalize = sealdesk_batch_sign_dialog_finalize;
  object_class->get_property = sealdesk_batch_sign_dialog_get_property;
  object_class->set_property = sealdesk_batch_sign_dialog_set_property;
  window_class->close_request = sealdesk_batch_sign_dialog_close_request;

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
                                  NULL, NULL, G_TYPE_NONE, 2, SEALDESK_TYPE_SESSION, G_TYPE_FILE);

  g_type_ensure (SEALDESK_TYPE_SIGN_PANEL);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-batch-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskBatchSignDialog, documents_list);
  gtk_widget_class_bind_template_child (widget_class, SealdeskBatchSignDialog, panel);

  gtk_widget_class_install_action (widget_class, "batch.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "batch.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "batch.add-files", NULL, add_files_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "batch.cancel", NULL);
}

static void
sealdesk_batch_sign_dialog_init (SealdeskBatchSignDialog *self)
{
  self->documents = g_ptr_array_new_with_free_func (_sealdesk_batch_document_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sealdesk_batch_sign_dialog_new (GtkWindow   *parent,
                                SdWorkspace *workspace)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SEALDESK_TYPE_BATCH_SIGN_DIALOG, "transient-for", parent,
                       "modal", parent != NULL, "workspace", workspace, NULL);
}

gboolean
sealdesk_batch_sign_dialog_get_busy (SealdeskBatchSignDialog *self)
{
  g_return_val_if_fail (SEALDESK_IS_BATCH_SIGN_DIALOG (self), FALSE);
  return sealdesk_sign_panel_get_busy (self->panel);
}
