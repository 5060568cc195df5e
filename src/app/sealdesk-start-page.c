/* sealdesk-start-page.c: what a window shows before a document is opened
 *
 * The application's name, an Open button, and the recent PDF documents;
 * each row activates "win.open-recent" with the document's URI. The list
 * is read again when the recent files change while the page is on
 * screen, otherwise once it is shown again: a window showing a document
 * does not look through the recent files (a stat() each) on the main
 * loop each time one is added, say when a signed copy opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-recent.h"
#include "sealdesk-start-page.h"

#define MAX_RECENT_ROWS 8

struct _SealdeskStartPage
{
  AdwBin      parent_instance;

  GtkWidget  *recent_group;
  GtkListBox *recent_list;
  gboolean    stale;       /* the recent files changed while unmapped */
};

G_DEFINE_FINAL_TYPE (SealdeskStartPage, sealdesk_start_page, ADW_TYPE_BIN)

static void
sealdesk_start_page_reload (SealdeskStartPage *self)
{
  g_autoptr(GPtrArray) documents = sealdesk_recent_list_documents (MAX_RECENT_ROWS);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < documents->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (documents, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *folder = sealdesk_recent_describe_folder (file);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("x-office-document-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                              g_variant_new_string (gtk_recent_info_get_uri (info)));
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (self->recent_group, documents->len > 0);
  self->stale = FALSE;
}

static void
sealdesk_start_page_recent_changed (SealdeskStartPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sealdesk_start_page_reload (self);
  else
    self->stale = TRUE;
}

static void
sealdesk_start_page_map (GtkWidget *widget)
{
  SealdeskStartPage *self = SEALDESK_START_PAGE (widget);

  if (self->stale)
    sealdesk_start_page_reload (self);
  GTK_WIDGET_CLASS (sealdesk_start_page_parent_class)->map (widget);
}

static void
sealdesk_start_page_class_init (SealdeskStartPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = sealdesk_start_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskStartPage, recent_list);
}

static void
sealdesk_start_page_init (SealdeskStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (sealdesk_start_page_recent_changed),
                           self, G_CONNECT_SWAPPED);
  sealdesk_start_page_reload (self);
}

GtkWidget *
sealdesk_start_page_new (void)
{
  return g_object_new (SEALDESK_TYPE_START_PAGE, NULL);
}
