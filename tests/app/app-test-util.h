/* app-test-util.h: helpers for the display tests and the screenshot tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop until @condition returns TRUE or @timeout_seconds
 * pass; returns the last value of @condition. Not a timing assertion: the
 * timeout only stops a test that would otherwise hang. */
gboolean    app_test_wait_until       (gboolean  (*condition) (gpointer data),
                                       gpointer    data,
                                       guint       timeout_seconds);
/* Runs the main loop for pending work, at most @milliseconds. */
void        app_test_iterate          (guint       milliseconds);
/* Renders @widget (as it is on screen now) into a texture. */
GdkTexture *app_test_snapshot_widget  (GtkWidget  *widget);
/* With $SEALDESK_SCREENSHOT_DIR set, writes a picture of @widget there
 * as @name (a PNG file name); build-aux/update-screenshots.sh copies the
 * main views' pictures into data/screenshots. */
void        app_test_save_screenshot  (GtkWidget  *widget,
                                       const char *name);
/* Counts pixels of @texture inside (x, y, width, height) (all of it when
 * @width is 0): dark ones (every channel < 100) and white ones (every
 * channel > 240). */
void        app_test_count_pixels     (GdkTexture *texture,
                                       int         x,
                                       int         y,
                                       int         width,
                                       int         height,
                                       gsize      *dark,
                                       gsize      *white);

/* The widget under @root (itself included) whose GtkBuilder ID is @id, or
 * NULL. */
GtkWidget  *app_test_find_by_id       (GtkWidget  *root,
                                       const char *id);
/* A visible toplevel window of @type (a dialog shown), or NULL. */
GtkWidget  *app_test_find_toplevel    (GType       type);

G_END_DECLS
