/* sealdesk-recent.c: recently opened PDF documents (GtkRecentManager)
 *
 * Sealdesk records what it opens in the desktop's list of recent files
 * and shows the PDF documents from that list, most recent first, that
 * still exist: on the start page and in the primary menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-recent.h"

#define PDF_MIME_TYPE "application/pdf"

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo * const *) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo * const *) b;

  /* Newest first. */
  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* Up to @max_items recent PDF documents that still exist, newest first,
 * as an array of GtkRecentInfo. */
GPtrArray *
sealdesk_recent_list_documents (guint max_items)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GPtrArray *documents = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *mime_type = gtk_recent_info_get_mime_type (info);

      if (g_strcmp0 (mime_type, PDF_MIME_TYPE) == 0 &&
          gtk_recent_info_is_local (info) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (documents, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (documents, compare_modified);
  if (documents->len > max_items)
    g_ptr_array_set_size (documents, max_items);

  return documents;
}

void
sealdesk_recent_add_document (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) PDF_MIME_TYPE,
    .app_name = (char *) "Sealdesk",
    .app_exec = (char *) "sealdesk %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* Whether item @index of @menu opens @uri under the name @label. */
static gboolean
menu_item_is (GMenu      *menu,
              int         index,
              const char *uri,
              const char *label)
{
  g_autoptr(GVariant) target = NULL;
  g_autofree char *item_label = NULL;

  target = g_menu_model_get_item_attribute_value (G_MENU_MODEL (menu), index, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  return target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri) &&
         g_menu_model_get_item_attribute (G_MENU_MODEL (menu), index, G_MENU_ATTRIBUTE_LABEL, "s",
                                          &item_label) &&
         g_strcmp0 (item_label, label) == 0;
}

/* Makes the items of @menu "win.open-recent" items of the recent
 * documents, changing only the items that differ: each change rebuilds
 * that item in the menus of every window, on the main loop, so that a
 * document added (one new item, maybe one gone at the end) costs two
 * changes, not the whole list twice. */
void
sealdesk_recent_fill_menu (GMenu *menu,
                           guint  max_items)
{
  g_autoptr(GPtrArray) documents = sealdesk_recent_list_documents (max_items);
  guint i;

  for (i = 0; i < documents->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (documents, i);
      const char *uri = gtk_recent_info_get_uri (info);
      const char *label = gtk_recent_info_get_display_name (info);
      int n_items = g_menu_model_get_n_items (G_MENU_MODEL (menu));
      g_autoptr(GMenuItem) item = NULL;
      int found = -1;

      if ((int) i < n_items && menu_item_is (menu, i, uri, label))
        continue;
      for (int j = i + 1; j < n_items && found < 0; j++)
        if (menu_item_is (menu, j, uri, label))
          found = j;
      /* The document moved up (opened again): from there to here. */
      if (found >= 0)
        g_menu_remove (menu, found);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_insert_item (menu, i, item);
    }
  while ((guint) g_menu_model_get_n_items (G_MENU_MODEL (menu)) > i)
    g_menu_remove (menu, i);
}

/* The folder of @file as a person would write it ("~/Documents"). */
char *
sealdesk_recent_describe_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return g_file_get_parse_name (file);

  if (g_file_equal (parent, home))
    return g_strdup ("~");

  if ((relative = g_file_get_relative_path (home, parent)))
    return g_build_filename ("~", relative, NULL);

  return g_file_get_parse_name (parent);
}
