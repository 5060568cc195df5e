/* sealdesk-sign-dialog.c: signs the open document with a chosen key
 *
 * The person chooses a key and may type a reason and a location (the
 * SealdeskSignPanel that the batch dialog shows too); the seals placed on the document's pages (the window's
 * session) are signed with it, all in one signature, through the seal
 * library and its ledger (sd_sealing_seal_document); with none placed the
 * signature is invisible, and still a key-use entry of the ledger.
 * "Sign…" asks where to save the signed copy, then a worker thread unlocks
 * the key (asking for a PIN through SealdeskPinDialog when the backend
 * needs one) and signs (sealdesk-sign-task.c, a batch of one), showing its
 * progress; "Cancel Signing" beside it, the Cancel button or Escape stop it
 * (nothing is saved, said in the dialog and a toast). Problems are said in
 * the dialog, which stays open so that the person can fix them and try
 * again; a damaged document
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
#include "sealdesk-page-mark.h"
#include "sealdesk-sign-dialog.h"
#include "sealdesk-sign-panel.h"
#include "sealdesk-sign-task.h"

struct _SealdeskSignDialog
{
  AdwWindow parent_instance;

  SealdeskSignPanel  *panel;

  SdWorkspace          *workspace;
  GFile                *document;
  GFile                *output;       /* of the signing under way */
  GFile                *repair_output; /* refused as damaged: where a repaired copy would go */
  GtkFileChooserNative *chooser;
  GArray               *seals;        /* SdSealUse placed, strings owned */
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.sign",
                                 !sealdesk_sign_panel_get_busy (self->panel) &&
                                   sealdesk_sign_panel_get_key (self->panel) != NULL);
}

static void
show_status (SealdeskSignDialog *self, const char *message, gboolean is_error)
{
  sealdesk_sign_panel_show_status (self->panel, message, is_error, self->repair_output != NULL);
}

static void
sign_progress (GtkWindow *window, double fraction)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (window);

  sealdesk_sign_panel_set_progress (self->panel, fraction, _ ("Signing…"));
}

static void
sign_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (source);
  g_autoptr (GFile)   output = g_steal_pointer (&self->output);
  g_autoptr (GError)  error = NULL;
  gboolean            ok = sealdesk_sign_task_finish (result, &error);
  gboolean            still_open = sealdesk_sign_panel_finish (self->panel);

  update_actions (self);
  if (ok)
    {
      g_signal_emit (self, signals[SIGNED], 0, output);
      if (still_open)
        gtk_window_close (GTK_WINDOW (self));
    }
  else if (!still_open)
    return;
  else if (sealdesk_sign_error_is_cancelled (error))
    {
      /* The core removed what it had written: no signed copy, no
       * temporary file, no ledger entry; the original is as it was. */
      const char *message = _ ("Signing was cancelled; nothing was saved.");

      show_status (self, message, FALSE);
      sealdesk_sign_panel_add_toast (self->panel, message);
    }
  else
    {
      g_autofree char *message = sealdesk_sign_error_describe (error);

      /* Damaged: a repaired copy can be signed instead, if the person
       * says so (its bytes are not the original's). */
      if (g_error_matches (error, SD_SIGN_ERROR, SD_SIGN_ERROR_DAMAGED))
        self->repair_output = g_steal_pointer (&output);
      show_status (self, message, TRUE);
    }
}

static void
sign_to (SealdeskSignDialog *self, GFile *output, gboolean repair)
{
  SdKey        *key = sealdesk_sign_panel_get_key (self->panel);
  GCancellable *cancellable;
  SdSignOptions opts;

  if (sealdesk_sign_panel_get_busy (self->panel) || key == NULL)
    return;
  g_clear_object (&self->repair_output);
  if (g_file_peek_path (output) == NULL)
    {
      show_status (self, _ ("Choose a folder on this computer for the signed copy."), TRUE);
      return;
    }
  if (g_file_equal (output, self->document))
    {
      show_status (self,
                   _ ("The signed copy cannot replace the document it is made from: "
                      "choose another name."),
                   TRUE);
      return;
    }

  sd_sign_options_init (&opts);
  sealdesk_sign_panel_fill_options (self->panel, &opts);
  /* The password the document was opened with: asked once, for both. */
  opts.password = self->password != NULL ? sd_secret_dup (self->password) : NULL;
  opts.repair_damaged = repair;
  for (guint i = 0; self->marks != NULL && i < self->marks->len; i++)
    g_ptr_array_add (opts.marks, sd_mark_copy (g_ptr_array_index (self->marks, i)));

  self->output = g_object_ref (output);
  cancellable = sealdesk_sign_panel_start (self->panel);
  update_actions (self);
  sealdesk_sign_task_run (GTK_WINDOW (self), self->workspace, g_file_peek_path (self->document),
                          g_file_peek_path (output), key, &opts, (SdSealUse *) self->seals->data,
                          self->seals->len, sign_progress, cancellable, sign_done, NULL);
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
repair (SealdeskSignDialog *self)
{
  g_autoptr (GFile) output = self->repair_output != NULL ? g_object_ref (self->repair_output) : NULL;

  if (output != NULL)
    sign_to (self, output, TRUE);
}

static void
sign_repaired_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  repair (SEALDESK_SIGN_DIALOG (widget));
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
  sealdesk_sign_panel_cancel_or_close (SEALDESK_SIGN_DIALOG (widget)->panel);
}

static gboolean
sealdesk_sign_dialog_close_request (GtkWindow *window)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (window);

  /* The worker uses this window (PIN dialog parent): stop it first. */
  if (sealdesk_sign_panel_close_request (self->panel))
    return TRUE;
  return GTK_WINDOW_CLASS (sealdesk_sign_dialog_parent_class)->close_request (window);
}

static void
key_changed (SealdeskSignDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_ID]);
  update_actions (self);
}

static void
busy_changed (SealdeskSignDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
sealdesk_sign_dialog_constructed (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  G_OBJECT_CLASS (sealdesk_sign_dialog_parent_class)->constructed (object);

  g_return_if_fail (SD_IS_WORKSPACE (self->workspace));

  sealdesk_sign_panel_set_workspace (self->panel, self->workspace);
  g_signal_connect_object (self->panel, "key-changed", G_CALLBACK (key_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "notify::busy", G_CALLBACK (busy_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "repair", G_CALLBACK (repair), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
sealdesk_sign_dialog_dispose (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SIGN_DIALOG);
  G_OBJECT_CLASS (sealdesk_sign_dialog_parent_class)->dispose (object);
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
    sealdesk_sign_panel_set_key_id (self->panel, key_id);
}

void
sealdesk_sign_dialog_set_placements (SealdeskSignDialog *self,
                                     GListModel         *placements)
{
  guint n;

  g_return_if_fail (SEALDESK_IS_SIGN_DIALOG (self));
  g_return_if_fail (placements == NULL || G_IS_LIST_MODEL (placements));

  g_clear_pointer (&self->seals, g_array_unref);
  self->seals = sealdesk_sign_seal_uses (placements);
  n = self->seals->len;
  if (n > 0)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %u: how many seals were placed on the document's pages */
      message = g_strdup_printf (ngettext ("The seal placed on the document is signed with this key.",
                                           "The %u seals placed on the document are signed with this key, in one signature.", n),
                                 n);
      sealdesk_sign_panel_set_summary (self->panel, message);
      offer_seal_key (self);
    }
  else
    sealdesk_sign_panel_set_summary (self->panel,
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
  /* Page marks without a seal: the signature is not invisible. */
  if (self->marks->len > 0 && (self->seals == NULL || self->seals->len == 0))
    sealdesk_sign_panel_set_summary (self->panel,
                                     _("No seal is placed: the page marks are drawn on the pages "
                                       "and signed with this key."));
}

static void
sealdesk_sign_dialog_finalize (GObject *object)
{
  SealdeskSignDialog *self = SEALDESK_SIGN_DIALOG (object);

  g_clear_pointer (&self->seals, g_array_unref);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_clear_pointer (&self->password, sd_secret_free);
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
      sealdesk_sign_panel_set_key_id (self->panel, g_value_get_string (value));
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

  g_type_ensure (SEALDESK_TYPE_SIGN_PANEL);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignDialog, panel);

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
  return sealdesk_sign_panel_get_busy (self->panel);
}
