/* sealdesk-signatures-panel.c: the signatures of a document and whether they hold
 *
 * The panel follows a SealdeskVerifyTask: a spinner and the progress while
 * the signatures are verified, then a summary of the worst finding and one
 * SealdeskSignatureRow per signature, or a status page when the document
 * has no signatures or could not be verified. Activating a row emits
 * ::signature-activated; the window shows that signature in the document.
 * The "Save Verification Report…" button is the window's action.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-signatures-panel.h"

/* The width the panel asks for: wrapped text would ask for all of its
 * length on one line. */
#define PANEL_NATURAL_WIDTH 340

struct _SealdeskSignaturesPanel
{
  GtkWidget           parent_instance;

  SealdeskVerifyTask *task;

  /* Template children */
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkProgressBar     *progress_bar;
  AdwStatusPage      *error_page;
  GtkImage           *summary_icon;
  GtkLabel           *summary_title;
  GtkLabel           *summary_label;
  GtkLabel           *count_label;
  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (SealdeskSignaturesPanel, sealdesk_signatures_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TASK,
  N_PROPS
};

enum {
  SIGNATURE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sealdesk_signatures_panel_show_summary (SealdeskSignaturesPanel *self,
                                        SdVerifyReport          *report)
{
  SealdeskSignatureStatus worst = sealdesk_signature_status_worst (report);
  guint n = report->signatures->len;
  g_autofree char *count = NULL;
  const char *icon_name, *style_class, *title, *description;

  switch (worst)
    {
    case SEALDESK_SIGNATURE_STATUS_VALID:
      icon_name = "emblem-ok-symbolic";
      style_class = "success";
      title = ngettext ("Signature Is Valid", "Signatures Are Valid", n);
      description = ngettext ("The document has not changed since it was signed, and the signer is trusted.",
                              "The document has not changed since it was signed, and every signer is trusted.",
                              n);
      break;

    case SEALDESK_SIGNATURE_STATUS_UNTRUSTED:
      icon_name = "dialog-warning-symbolic";
      style_class = "warning";
      title = _("Signer Not Trusted");
      description = _("The signatures are intact, but the signer’s certificate is not trusted. "
                      "Make sure who the signer is before relying on the document.");
      break;

    case SEALDESK_SIGNATURE_STATUS_CHANGED:
      icon_name = "dialog-warning-symbolic";
      style_class = "error";
      title = _("Changed After Signing");
      description = _("The document was changed after it was signed, in a way the signature does not allow.");
      break;

    case SEALDESK_SIGNATURE_STATUS_INVALID:
    default:
      icon_name = "dialog-error-symbolic";
      style_class = "error";
      title = _("Invalid Signature");
      description = _("At least one signature is invalid: the document may have been tampered with.");
      break;
    }

  gtk_image_set_from_icon_name (self->summary_icon, icon_name);
  gtk_widget_set_css_classes (GTK_WIDGET (self->summary_icon),
                              (const char *[]) { "signature-summary-icon", style_class, NULL });
  gtk_label_set_text (self->summary_title, title);
  gtk_label_set_text (self->summary_label, description);

  count = g_strdup_printf (ngettext ("%u signature", "%u signatures", n), n);
  gtk_label_set_text (self->count_label, count);
}

static void
sealdesk_signatures_panel_clear_rows (SealdeskSignaturesPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
}

static void
sealdesk_signatures_panel_show_report (SealdeskSignaturesPanel *self)
{
  SdVerifyReport *report = sealdesk_verify_task_get_report (self->task);

  sealdesk_signatures_panel_clear_rows (self);

  if (report->signatures->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < report->signatures->len; i++)
    gtk_list_box_append (self->list_box,
                         sealdesk_signature_row_new (report, i,
                                                     sealdesk_verify_task_get_location (self->task, i)));

  sealdesk_signatures_panel_show_summary (self, report);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
sealdesk_signatures_panel_update (SealdeskSignaturesPanel *self)
{
  SealdeskVerifyStatus status;

  gtk_spinner_stop (self->spinner);

  if (self->task == NULL)
    {
      sealdesk_signatures_panel_clear_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  status = sealdesk_verify_task_get_status (self->task);
  switch (status)
    {
    case SEALDESK_VERIFY_STATUS_RUNNING:
      sealdesk_signatures_panel_clear_rows (self);
      gtk_progress_bar_set_fraction (self->progress_bar, sealdesk_verify_task_get_fraction (self->task));
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "verifying");
      break;

    case SEALDESK_VERIFY_STATUS_DONE:
      sealdesk_signatures_panel_show_report (self);
      break;

    case SEALDESK_VERIFY_STATUS_FAILED:
    default:
      sealdesk_signatures_panel_clear_rows (self);
      adw_status_page_set_description (self->error_page,
                                       sealdesk_verify_task_get_error (self->task)->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      break;
    }
}

static void
sealdesk_signatures_panel_fraction_changed (SealdeskSignaturesPanel *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, sealdesk_verify_task_get_fraction (self->task));
}

static void
sealdesk_signatures_panel_row_activated (SealdeskSignaturesPanel *self,
                                         GtkListBoxRow           *row)
{
  if (SEALDESK_IS_SIGNATURE_ROW (row))
    g_signal_emit (self, signals[SIGNATURE_ACTIVATED], 0,
                   sealdesk_signature_row_get_index (SEALDESK_SIGNATURE_ROW (row)));
}

static GtkSizeRequestMode
sealdesk_signatures_panel_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sealdesk_signatures_panel_measure (GtkWidget      *widget,
                                   GtkOrientation  orientation,
                                   int             for_size,
                                   int            *minimum,
                                   int            *natural,
                                   int            *minimum_baseline,
                                   int            *natural_baseline)
{
  SealdeskSignaturesPanel *self = (SealdeskSignaturesPanel *)widget;

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, PANEL_NATURAL_WIDTH));
}

static void
sealdesk_signatures_panel_size_allocate (GtkWidget *widget,
                                         int        width,
                                         int        height,
                                         int        baseline)
{
  SealdeskSignaturesPanel *self = (SealdeskSignaturesPanel *)widget;

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
}

static void
sealdesk_signatures_panel_dispose (GObject *object)
{
  SealdeskSignaturesPanel *self = (SealdeskSignaturesPanel *)object;

  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_clear_object (&self->task);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SIGNATURES_PANEL);

  G_OBJECT_CLASS (sealdesk_signatures_panel_parent_class)->dispose (object);
}

static void
sealdesk_signatures_panel_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SealdeskSignaturesPanel *self = SEALDESK_SIGNATURES_PANEL (object);

  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, self->task);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_signatures_panel_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SealdeskSignaturesPanel *self = SEALDESK_SIGNATURES_PANEL (object);

  switch (prop_id)
    {
    case PROP_TASK:
      sealdesk_signatures_panel_set_task (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_signatures_panel_class_init (SealdeskSignaturesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_signatures_panel_dispose;
  object_class->get_property = sealdesk_signatures_panel_get_property;
  object_class->set_property = sealdesk_signatures_panel_set_property;

  widget_class->get_request_mode = sealdesk_signatures_panel_get_request_mode;
  widget_class->measure = sealdesk_signatures_panel_measure;
  widget_class->size_allocate = sealdesk_signatures_panel_size_allocate;

  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL,
                         SEALDESK_TYPE_VERIFY_TASK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The index of the signature in the report. */
  signals[SIGNATURE_ACTIVATED] =
    g_signal_new ("signature-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-signatures-panel.ui");
  gtk_widget_class_set_css_name (widget_class, "signaturespanel");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, error_page);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, summary_title);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignaturesPanel, list_box);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_signatures_panel_row_activated);
}

static void
sealdesk_signatures_panel_init (SealdeskSignaturesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sealdesk_signatures_panel_update (self);
}

GtkWidget *
sealdesk_signatures_panel_new (void)
{
  return g_object_new (SEALDESK_TYPE_SIGNATURES_PANEL, NULL);
}

SealdeskVerifyTask *
sealdesk_signatures_panel_get_task (SealdeskSignaturesPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self), NULL);

  return self->task;
}

/* Shows what @task finds, as it finds it; NULL: no document. */
void
sealdesk_signatures_panel_set_task (SealdeskSignaturesPanel *self,
                                    SealdeskVerifyTask      *task)
{
  g_return_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self));
  g_return_if_fail (!task || SEALDESK_IS_VERIFY_TASK (task));

  if (self->task == task)
    return;

  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_set_object (&self->task, task);

  if (task != NULL)
    {
      g_signal_connect_object (task, "notify::status",
                               G_CALLBACK (sealdesk_signatures_panel_update),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (task, "notify::fraction",
                               G_CALLBACK (sealdesk_signatures_panel_fraction_changed),
                               self, G_CONNECT_SWAPPED);
    }

  sealdesk_signatures_panel_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

/* "empty", "verifying", "error" or "report". */
const char *
sealdesk_signatures_panel_get_visible_page (SealdeskSignaturesPanel *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
sealdesk_signatures_panel_get_n_rows (SealdeskSignaturesPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self), 0);

  while (gtk_list_box_get_row_at_index (self->list_box, n) != NULL)
    n++;

  return n;
}

/* The row of the report's signature @index, or NULL. */
SealdeskSignatureRow *
sealdesk_signatures_panel_get_row (SealdeskSignaturesPanel *self,
                                   guint                    index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list_box, index);

  return SEALDESK_IS_SIGNATURE_ROW (row) ? SEALDESK_SIGNATURE_ROW (row) : NULL;
}

/* Moves the keyboard focus to the first signature that does not hold, or
 * the first one; FALSE when there is no row. */
gboolean
sealdesk_signatures_panel_focus_first_problem (SealdeskSignaturesPanel *self)
{
  SealdeskSignatureRow *first = NULL;

  g_return_val_if_fail (SEALDESK_IS_SIGNATURES_PANEL (self), FALSE);

  for (guint i = 0; ; i++)
    {
      SealdeskSignatureRow *row = sealdesk_signatures_panel_get_row (self, i);

      if (row == NULL)
        break;
      if (first == NULL)
        first = row;
      if (sealdesk_signature_row_get_status (row) != SEALDESK_SIGNATURE_STATUS_VALID)
        return gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  return first != NULL && gtk_widget_grab_focus (GTK_WIDGET (first));
}
