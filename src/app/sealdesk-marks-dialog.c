/* sealdesk-marks-dialog.c: "Page Marks…": QR code, watermark and cross-page seal
 *
 * Each "Add" lays the mark out on the document's pages with the core
 * (sd-marks-plan.h, as `sealdesk-cli sign --qr/--watermark/--cross-page`
 * does) and adds it to the session: the page view previews it at once,
 * undo takes it back, and the next signature draws it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-marks-plan.h"
#include "sd-seal-library.h"
#include "sealdesk-application.h"
#include "sealdesk-marks-dialog.h"
#include "sealdesk-seal-texture.h"

struct _SealdeskMarksDialog
{
  AdwWindow        parent_instance;

  SealdeskSession *session;
  SdWorkspace     *workspace;
  GPtrArray       *seal_ids;
  char            *image_path;

  GtkLabel        *error_label;
  AdwEntryRow     *qr_pages_row;
  AdwEntryRow     *qr_url_row;
  GSettings       *settings;
  GtkTextView     *watermark_text;
  AdwActionRow    *image_row;
  GtkSwitch       *tiled_switch;
  GtkSpinButton   *angle_spin;
  GtkSpinButton   *opacity_spin;
  AdwEntryRow     *watermark_pages_row;
  AdwComboRow     *seal_row;
  GtkStringList   *seal_names;
  AdwEntryRow     *cross_pages_row;
  GtkSwitch       *last_switch;
  GtkListBox      *marks_list;
};

G_DEFINE_FINAL_TYPE (SealdeskMarksDialog, sealdesk_marks_dialog, ADW_TYPE_WINDOW)

static void
show_error (SealdeskMarksDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static SdPdfDocument *
open_document (SealdeskMarksDialog *self,
               GError             **error)
{
  return sd_pdf_document_open (g_file_peek_path (sealdesk_session_get_file (self->session)),
                               sealdesk_session_get_password (self->session), error);
}

/* @marks (taken), when @planned, as a mark of the session; when not
 * (then *@error says why) or when that fails, the error is shown. */
static gboolean
add_mark (SealdeskMarksDialog   *self,
          SdPdfDocument         *doc,
          SealdeskPageMarkKind   kind,
          GPtrArray             *marks,
          gboolean               planned,
          GError               **error)
{
  int n = planned ? sd_pdf_document_get_n_pages (doc) : 0;
  g_autofree double *sizes = g_new0 (double, 2 * MAX (n, 1));
  g_autoptr(SealdeskPageMark) mark = NULL;

  if (!planned)
    {
      g_ptr_array_unref (marks);
      show_error (self, (*error)->message);
      return FALSE;
    }
  for (int page = 1; page <= n; page++)
    {
      SdPdfPageInfo info;

      if (!sd_pdf_document_get_page (doc, page, &info, error))
        {
          g_ptr_array_unref (marks);
          show_error (self, (*error)->message);
          return FALSE;
        }
      sd_geometry_visible_size (&info, &sizes[2 * (page - 1)], &sizes[2 * (page - 1) + 1]);
    }
  mark = sealdesk_page_mark_new (kind, marks, sizes, n);
  sealdesk_session_add_mark (self->session, mark);
  show_error (self, NULL);
  return TRUE;
}

static void
add_qr_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = open_document (self, &error);
  GPtrArray *marks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  const char *pages = gtk_editable_get_text (GTK_EDITABLE (self->qr_pages_row));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->qr_url_row))));

  gboolean planned;

  planned = doc != NULL
            && sd_marks_plan_qr (doc, *pages != '\0' ? pages : NULL, *url != '\0' ? url : NULL,
                                 marks, &error);
  add_mark (self, doc, SEALDESK_PAGE_MARK_QR, marks, planned, &error);
}

static void
add_watermark_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = open_document (self, &error);
  GPtrArray *marks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->watermark_text);
  const char *pages = gtk_editable_get_text (GTK_EDITABLE (self->watermark_pages_row));
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  SdWatermark wm = { 0 };
  gboolean planned;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  wm.text = text;
  wm.image_path = self->image_path;
  wm.tiled = gtk_switch_get_active (self->tiled_switch);
  wm.angle = gtk_spin_button_get_value (self->angle_spin);
  wm.opacity = gtk_spin_button_get_value (self->opacity_spin) / 100;
  planned = doc != NULL
            && sd_marks_plan_watermark (doc, *pages != '\0' ? pages : NULL, &wm, marks, &error);
  add_mark (self, doc, SEALDESK_PAGE_MARK_WATERMARK, marks, planned, &error);
}

static void
add_cross_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdSeal) seal = NULL;
  GPtrArray *marks = NULL;
  guint index = adw_combo_row_get_selected (self->seal_row);
  const char *pages = gtk_editable_get_text (GTK_EDITABLE (self->cross_pages_row));
  double width, height;

  if (index >= self->seal_ids->len)
    {
      show_error (self, _("Choose the seal of the cross-page seal: the seal library has none that can be used now."));
      return;
    }
  if ((doc = open_document (self, &error)) == NULL
      || (seal = sd_seal_library_get (self->workspace, g_ptr_array_index (self->seal_ids, index),
                                      &error)) == NULL
      || !sd_seal_check_usable (seal, &error))
    {
      show_error (self, error->message);
      return;
    }
  sealdesk_seal_true_size (seal, &width, &height);
  marks = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_mark_free);
  if (!add_mark (self, doc, SEALDESK_PAGE_MARK_CROSS_PAGE, marks,
                 sd_marks_plan_cross_page (doc, *pages != '\0' ? pages : NULL, seal->id, NULL,
                                           width, height, marks, &error),
                 &error))
    return;
  if (gtk_switch_get_active (self->last_switch))
    {
      /* The whole seal as well, in the middle of the last page. */
      int last = sd_pdf_document_get_n_pages (doc);
      g_autoptr(SealdeskPlacement) placement = NULL;
      SdPdfPageInfo info;
      double vw, vh;

      if (!sd_pdf_document_get_page (doc, last, &info, &error))
        {
          show_error (self, error->message);
          return;
        }
      sd_geometry_visible_size (&info, &vw, &vh);
      width = MIN (width, vw);
      height = MIN (height, vh);
      placement = sealdesk_placement_new (seal->id, last - 1, (vw - width) / 2, (vh - height) / 2,
                                          width, height);
      sealdesk_session_add_placement (self->session, placement);
    }
}

static void
image_chosen (GtkNativeDialog     *chooser,
              int                  response,
              SealdeskMarksDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *name = g_file_get_basename (file);

      g_free (self->image_path);
      self->image_path = g_file_get_path (file);
      adw_action_row_set_subtitle (self->image_row, name);
    }
  g_object_unref (chooser);
}

static void
choose_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Watermark Picture"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (image_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_clicked (GtkButton           *button,
                SealdeskMarksDialog *self)
{
  SealdeskPageMark *mark = g_object_get_data (G_OBJECT (button), "sealdesk-page-mark");

  sealdesk_session_remove_mark (self->session, mark);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SealdeskMarksDialog *self = user_data;
  g_autofree char *title = sealdesk_page_mark_describe (item);
  g_autofree char *label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* TRANSLATORS: %s says what the mark is, "Watermark on pages 1 to 3" */
  label = g_strdup_printf (_("Remove: %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (button, _("Remove this mark"));
  g_object_set_data_full (G_OBJECT (button), "sealdesk-page-mark", g_object_ref (item), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_seals (SealdeskMarksDialog *self)
{
  g_autoptr(GPtrArray) seals = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;
  if ((seals = sd_seal_library_list (self->workspace, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < seals->len; i++)
    {
      SdSeal *seal = g_ptr_array_index (seals, i);

      if (g_strcmp0 (seal->state, "active") != 0)
        continue;
      g_ptr_array_add (self->seal_ids, g_strdup (seal->id));
      gtk_string_list_append (self->seal_names, seal->name);
    }
}

static void
sealdesk_marks_dialog_dispose (GObject *object)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_MARKS_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sealdesk_marks_dialog_parent_class)->dispose (object);
}

static void
sealdesk_marks_dialog_finalize (GObject *object)
{
  SealdeskMarksDialog *self = SEALDESK_MARKS_DIALOG (object);

  g_ptr_array_unref (self->seal_ids);
  g_free (self->image_path);

  G_OBJECT_CLASS (sealdesk_marks_dialog_parent_class)->finalize (object);
}

static void
sealdesk_marks_dialog_class_init (SealdeskMarksDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_marks_dialog_dispose;
  object_class->finalize = sealdesk_marks_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-marks-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, qr_pages_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, qr_url_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, watermark_text);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, image_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, tiled_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, angle_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, opacity_spin);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, watermark_pages_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, seal_names);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, cross_pages_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, last_switch);
  gtk_widget_class_bind_template_child (widget_class, SealdeskMarksDialog, marks_list);

  gtk_widget_class_install_action (widget_class, "marks.add-qr", NULL, add_qr_action);
  gtk_widget_class_install_action (widget_class, "marks.add-watermark", NULL, add_watermark_action);
  gtk_widget_class_install_action (widget_class, "marks.add-cross-page", NULL, add_cross_page_action);
  gtk_widget_class_install_action (widget_class, "marks.choose-image", NULL, choose_image_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sealdesk_marks_dialog_init (SealdeskMarksDialog *self)
{
  self->seal_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The address is the workstation's, kept for every document. */
  self->settings = sealdesk_application_new_settings ();
  g_settings_bind (self->settings, "qr-url-template", self->qr_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
sealdesk_marks_dialog_new (GtkWindow       *parent,
                           SealdeskSession *session,
                           SdWorkspace     *workspace)
{
  SealdeskMarksDialog *self;

  g_return_val_if_fail (SEALDESK_IS_SESSION (session), NULL);

  self = g_object_new (SEALDESK_TYPE_MARKS_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  g_set_object (&self->workspace, workspace);
  load_seals (self);
  gtk_list_box_bind_model (self->marks_list, sealdesk_session_get_marks (session), create_row,
                           self, NULL);
  return GTK_WIDGET (self);
}
