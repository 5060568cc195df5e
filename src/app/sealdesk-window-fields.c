/* sealdesk-window-fields.c: the document's empty signature fields, outlined on the pages
 *
 * Once a document is shown, a worker thread reads its signature fields
 * with the core's field walker (sd_pdf_document_get_signature_fields) and
 * turns each empty one's /Rect into the page's visible space
 * (sd_geometry). Each is outlined on its page (SealdeskFieldOutline);
 * activating one fills it with the seal chosen in the palette: a placement
 * over the field, with the field's name, so that the signature goes into
 * that field. A filled field's outline is hidden while its placement is
 * there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-geometry.h"
#include "sd-pdf-document.h"
#include "sd-secret.h"
#include "sealdesk-field-outline.h"
#include "sealdesk-window-private.h"

typedef struct
{
  char   *name;
  guint   page;   /* 0-based */
  SdRect  rect;   /* visible space */
} FieldInfo;

static void
field_info_free (gpointer data)
{
  FieldInfo *info = data;

  g_free (info->name);
  g_free (info);
}

typedef struct
{
  char *path;
  char *password;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  if (job->password != NULL)
    sd_secret_free (job->password);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (field_info_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;

  if ((doc = sd_pdf_document_open (job->path, job->password, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fields = sd_pdf_document_get_signature_fields (doc);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      SdPdfSignatureField *field = g_ptr_array_index (fields, i);
      SdPdfPageInfo page;
      FieldInfo *info;

      if (field->is_signed || field->page <= 0 || field->name == NULL ||
          field->rect[2] - field->rect[0] < 1 || field->rect[3] - field->rect[1] < 1 ||
          !sd_pdf_document_get_page (doc, field->page, &page, NULL))
        continue;
      info = g_new0 (FieldInfo, 1);
      info->name = g_strdup (field->name);
      info->page = (guint) field->page - 1;
      sd_geometry_user_rect_to_visible (&page, field->rect, &info->rect);
      g_ptr_array_add (found, info);
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
clear_outlines (SealdeskWindow *self)
{
  if (self->field_outlines == NULL)
    return;
  for (guint i = 0; i < self->field_outlines->len; i++)
    sealdesk_page_view_remove_overlay (self->page_view, g_ptr_array_index (self->field_outlines, i));
  g_ptr_array_set_size (self->field_outlines, 0);
}

/* Outlines of fields that a placement fills are hidden. */
static void
update_outlines (SealdeskWindow *self)
{
  GListModel *placements = self->session ? sealdesk_session_get_placements (self->session) : NULL;

  for (guint i = 0; self->field_outlines != NULL && i < self->field_outlines->len; i++)
    {
      SealdeskFieldOutline *outline = g_ptr_array_index (self->field_outlines, i);
      gboolean filled = FALSE;

      for (guint j = 0; placements != NULL && j < g_list_model_get_n_items (placements) && !filled; j++)
        {
          g_autoptr(SealdeskPlacement) placement = g_list_model_get_item (placements, j);

          filled = g_strcmp0 (sealdesk_placement_get_field (placement),
                              sealdesk_field_outline_get_field (outline)) == 0;
        }
      gtk_widget_set_visible (GTK_WIDGET (outline), !filled);
    }
}

static void
fill_field (SealdeskWindow       *self,
            SealdeskFieldOutline *outline)
{
  const char *seal_id = sealdesk_seal_palette_get_selected (self->seal_palette);
  g_autoptr(SealdeskPlacement) placement = NULL;
  GtkWidget *widget;
  guint page;
  SdRect rect;

  if (self->session == NULL ||
      !sealdesk_page_view_get_overlay (self->page_view, GTK_WIDGET (outline), &page, &rect))
    return;
  if (seal_id == NULL)
    {
      g_object_set (self, "show-sidebar", TRUE, NULL);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "seals");
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Choose a seal in the sidebar, then the signature field")));
      return;
    }

  placement = sealdesk_placement_new (seal_id, page, rect.x, rect.y, rect.width, rect.height);
  sealdesk_placement_set_field (placement, sealdesk_field_outline_get_field (outline));
  sealdesk_session_add_placement (self->session, placement);
  sealdesk_seal_palette_unselect (self->seal_palette);
  sealdesk_placement_layer_select (self->placement_layer, placement);
  if ((widget = sealdesk_placement_layer_get_widget (self->placement_layer, placement)) != NULL)
    gtk_widget_grab_focus (widget);
}

/* The task holds no reference to the window: the worker thread may drop
 * the task last, and a window must not be disposed there. */
static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(SealdeskWindow) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  fields = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_task_data (G_TASK (result)) != self->fields_job)
    return;
  self->fields_job = NULL;
  if (fields == NULL)
    {
      /* Poppler shows it; the signer will say what is wrong with it. */
      g_debug ("Signature fields not read: %s", error->message);
      return;
    }

  clear_outlines (self);
  for (guint i = 0; i < fields->len; i++)
    {
      FieldInfo *info = g_ptr_array_index (fields, i);
      GtkWidget *outline = sealdesk_field_outline_new (info->name);

      g_signal_connect_object (outline, "activate", G_CALLBACK (fill_field), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->field_outlines, g_object_ref (outline));
      sealdesk_page_view_add_overlay (self->page_view, outline, info->page, &info->rect);
    }
  update_outlines (self);
}

/* Reads the fields of the session's document (again). */
void
_sealdesk_window_fields_update (SealdeskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref;
  LoadJob *job;
  GFile *file;

  g_cancellable_cancel (self->fields_cancellable);
  g_clear_object (&self->fields_cancellable);
  self->fields_job = NULL;
  clear_outlines (self);

  if (self->session == NULL || (file = sealdesk_session_get_file (self->session)) == NULL ||
      g_file_peek_path (file) == NULL)
    return;

  if (self->field_outlines == NULL)
    self->field_outlines = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_handlers_disconnect_by_func (sealdesk_session_get_placements (self->session),
                                        update_outlines, self);
  g_signal_connect_object (sealdesk_session_get_placements (self->session), "items-changed",
                           G_CALLBACK (update_outlines), self, G_CONNECT_SWAPPED);

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (g_file_peek_path (file));
  job->password = sealdesk_session_get_password (self->session) != NULL
                    ? sd_secret_dup (sealdesk_session_get_password (self->session)) : NULL;
  self->fields_job = job;
  self->fields_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, self->fields_cancellable, load_done, ref);
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_thread);
}

void
_sealdesk_window_fields_dispose (SealdeskWindow *self)
{
  g_cancellable_cancel (self->fields_cancellable);
  g_clear_object (&self->fields_cancellable);
  self->fields_job = NULL;
  if (self->page_view != NULL)
    clear_outlines (self);
  g_clear_pointer (&self->field_outlines, g_ptr_array_unref);
}
