/* keys-test-widgets.c: finding and waiting for widgets in the key widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "keys-test-common.h"
#include "keys-test-widgets.h"
#include "sd-test-util.h"

GtkWidget *
find_widget (GtkWidget *root, Predicate match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
is_shown_label_with (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
find_of_type (GtkWidget *root, GType type)
{
  return find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done (data) says so; fails after a minute. */
void
wait_until (gboolean (*done) (gpointer data), gpointer data)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (60, set_flag, &timed_out);
  guint    ticker = g_timeout_add (20, wake_up, NULL);

  while (!timed_out && !done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  gboolean    present;
} LabelWait;

static gboolean
label_state_reached (gpointer data)
{
  LabelWait *wait = data;

  return (find_widget (wait->root, is_shown_label_with, wait->text) != NULL) == wait->present;
}

void
wait_for_label (GtkWidget *root, const char *text, gboolean present)
{
  LabelWait wait = { root, text, present };

  wait_until (label_state_reached, &wait);
}

gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

SdWorkspace *
open_test_workspace (const char *home)
{
  g_autoptr (GError) error = NULL;
  SdWorkspace       *workspace = sd_workspace_open (home, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  return workspace;
}

SdKey *
import_with_cli (SdWorkspace *workspace, const char *p12)
{
  /* The command line is another program: it finds the workspace by its folder. */
  g_auto (GStrv) envp = keys_test_environ ("SEALDESK_HOME", sd_workspace_get_data_dir (workspace),
                                           "P", SD_TEST_PKI_PASSWORD, NULL);
  g_autofree char   *out = NULL;
  g_autoptr (GError) error = NULL;
  SdKey             *key;

  g_assert_cmpint (keys_test_cli (envp, &out, NULL, "keys", "import", p12, "--pin-env", "P", NULL),
                   ==, 0);
  key = sd_workspace_lookup_key (workspace, g_strstrip (out), NULL, &error);
  g_assert_no_error (error);
  return key;
}

static gboolean
tick_done (gpointer data)
{
  return *(guint *) data == 0;
}

static gboolean
count_down (gpointer data)
{
  guint *ticks = data;

  return --*ticks > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* With SD_TEST_SCREENSHOT_DIR set, saves a picture of @toplevel (its
 * contents: a widget paintable draws no toplevel) there. */
void
maybe_save_screenshot (GtkWidget *toplevel, const char *name)
{
  GtkWidget                  *window = adw_window_get_content (ADW_WINDOW (toplevel));
  const char                 *dir = g_getenv ("SD_TEST_SCREENSHOT_DIR");
  g_autoptr (GskRenderNode)   node = NULL;
  g_autoptr (GdkTexture)      texture = NULL;
  g_autofree char            *path = NULL;
  guint                       ticks;
  int                         width;
  int                         height;

  if (dir == NULL)
    return;
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();

    /* Drawn now, whatever was drawn last. */
    ticks = 25;
    g_timeout_add (20, count_down, &ticks);
    wait_until (tick_done, &ticks);
    width = gtk_widget_get_width (window);
    height = gtk_widget_get_height (window);
    gtk_widget_snapshot_child (gtk_widget_get_parent (window), window, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
  }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
