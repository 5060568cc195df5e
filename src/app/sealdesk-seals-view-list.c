/* sealdesk-seals-view-list.c: the seals view's list of the library
 *
 * The seals, their grants and their pictures are read in a worker thread;
 * one listing runs at a time, and the last one asked for shows the library
 * as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-seal-library.h"
#include "sealdesk-seal-row.h"
#include "sealdesk-seal-texture.h"
#include "sealdesk-seals-view-private.h"

/* The thumbnails: at most this many pixels a millimetre, and the largest
 * seal at most THUMB_MAX pixels a side. */
#define THUMB_PX_PER_MM 1.6
#define THUMB_MAX       96.0

/* One seal as listed. */
typedef struct
{
  SdSeal     *seal;
  char       *grants;
  char       *key_label;
  GdkTexture *texture;
} Listed;

static void
listed_free (Listed *listed)
{
  sd_seal_free (listed->seal);
  g_free (listed->grants);
  g_free (listed->key_label);
  g_clear_object (&listed->texture);
  g_free (listed);
}


/* "alice: request, use; bob: approve" from the seal's JSON. */
static char *
grants_text (SdWorkspace *workspace,
             SdSeal      *seal)
{
  g_autoptr(JsonNode) node = sd_seal_to_json (workspace, seal);
  JsonArray *grants = json_object_get_array_member (json_node_get_object (node), "grants");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; grants != NULL && i < json_array_get_length (grants); i++)
    {
      JsonObject *grant = json_array_get_object_element (grants, i);
      JsonArray *may = json_object_get_array_member (grant, "may");
      g_autoptr(GString) what = g_string_new (NULL);

      for (guint j = 0; j < json_array_get_length (may); j++)
        {
          const char *name = json_array_get_string_element (may, j);

          if (what->len > 0)
            g_string_append (what, _(", "));
          if (g_strcmp0 (name, "request") == 0)
            g_string_append (what, _("request"));
          else if (g_strcmp0 (name, "approve") == 0)
            g_string_append (what, _("approve"));
          else if (g_strcmp0 (name, "use") == 0)
            g_string_append (what, _("use"));
          else
            g_string_append (what, name);
        }
      if (text->len > 0)
        g_string_append (text, _("; "));
      /* TRANSLATORS: a grant: "alice (request, use)" */
      g_string_append_printf (text, _("%s (%s)"), json_object_get_string_member (grant, "profile"),
                              what->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The key @key_id as a person knows it: its label (the name in its
 * certificate). A key that cannot be looked up without its passphrase
 * (a PKCS#12 file) goes by its file's name; one that is not there (a
 * token unplugged) by its ID. */
static char *
key_label (SdWorkspace  *workspace,
           const char   *key_id,
           GCancellable *cancellable)
{
  g_autoptr(SdKey) key = NULL;
  g_autoptr(GError) error = NULL;

  if (key_id == NULL)
    return NULL;
  key = sd_workspace_lookup_key (workspace, key_id, cancellable, &error);
  if (key != NULL && sd_key_get_label (key) != NULL && sd_key_get_label (key)[0] != '\0')
    return g_strdup (sd_key_get_label (key));
  if (key == NULL)
    g_debug ("Seals view: key %s: %s", key_id, error->message);
  if (g_str_has_prefix (key_id, "p12:"))
    {
      g_autofree char *basename = g_path_get_basename (key_id + strlen ("p12:"));

      return g_filename_display_name (basename);
    }
  return g_strdup (key_id);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SdWorkspace *workspace = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) seals = sd_seal_library_list (workspace, &error);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func ((GDestroyNotify) listed_free);
  /* Several seals often share a key: each is looked up once. */
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (seals == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < seals->len; i++)
    {
      Listed *item = g_new0 (Listed, 1);
      g_autoptr(GError) texture_error = NULL;

      item->seal = g_steal_pointer (&seals->pdata[i]);
      item->grants = grants_text (workspace, item->seal);
      if (item->seal->key_id != NULL)
        {
          const char *label = g_hash_table_lookup (labels, item->seal->key_id);

          if (label == NULL)
            {
              label = key_label (workspace, item->seal->key_id, cancellable);
              g_hash_table_insert (labels, g_strdup (item->seal->key_id), (char *) label);
            }
          item->key_label = g_strdup (label);
        }
      item->texture = sealdesk_seal_texture_for_seal (item->seal, &texture_error);
      if (item->texture == NULL)
        g_warning ("%s", texture_error->message);
      g_ptr_array_add (listed, item);
    }
  g_task_return_pointer (task, g_steal_pointer (&listed), (GDestroyNotify) g_ptr_array_unref);
}

static void
show_listed (SealdeskSealsView *self,
             GPtrArray         *listed)
{
  GtkWidget *child;
  double largest = 1, px_per_mm;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *item = g_ptr_array_index (listed, i);

      largest = MAX (largest, MAX (item->seal->width_mm, item->seal->height_mm));
    }
  px_per_mm = MIN (THUMB_PX_PER_MM, THUMB_MAX / largest);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *item = g_ptr_array_index (listed, i);

      gtk_list_box_append (self->list, sealdesk_seal_row_new (item->seal, item->grants,
                                                              item->key_label, item->texture,
                                                              px_per_mm));
    }
  self->n_seals = listed->len;
  gtk_stack_set_visible_child_name (self->stack, listed->len > 0 ? "seals" : "empty");
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SealdeskSealsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = g_task_propagate_pointer (G_TASK (result), &error);
  self->listing--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listed == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    show_listed (self, listed);
  if (self->reload_again)
    sealdesk_seals_view_reload (self);
}

void
sealdesk_seals_view_reload (SealdeskSealsView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEALDESK_IS_SEALS_VIEW (self));

  if (self->workspace == NULL)
    return;
  /* One listing at a time: the last one shows the library as it is. */
  if (self->listing > 0)
    {
      self->reload_again = TRUE;
      return;
    }
  self->reload_again = FALSE;
  if (self->n_seals == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->listing++;
  task = g_task_new (self, self->cancellable, list_done, g_object_ref (self));
  g_task_set_source_tag (task, sealdesk_seals_view_reload);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/* After a change: list again, then say "changed". */
static void
changed_list_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SealdeskSealsView) self = g_object_ref (user_data);

  list_done (source, result, user_data);
  self->changing--;
  _sealdesk_seals_view_update_actions (self);
  _sealdesk_seals_view_emit_changed (self);
}

void
_sealdesk_seals_view_reload_after_change (SealdeskSealsView *self)
{
  g_autoptr(GTask) task = NULL;

  /* Counted as a change until the list shows it. */
  self->changing++;
  self->listing++;
  task = g_task_new (self, self->cancellable, changed_list_done, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}
