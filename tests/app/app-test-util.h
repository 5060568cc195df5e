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

/* Real input: xdotool against the (Xvfb) X server. */

/* TRUE when xdotool can send input to an X server; otherwise marks the
 * test skipped, saying why, and returns FALSE. */
gboolean    app_test_can_send_input   (void);

/* Runs "xdotool FORMAT..." (asserting it succeeded), then lets GTK read
 * what the X server now has for it. */
void        app_test_xdotool          (const char *format,
                                       ...) G_GNUC_PRINTF (1, 2);
/* The X window of @widget's native (its window, popover or dialog). */
gulong      app_test_window_xid       (GtkWidget  *widget);
/* (@x, @y) of @widget in its X window's coordinates (device pixels). */
void        app_test_surface_point    (GtkWidget  *widget,
                                       double      x,
                                       double      y,
                                       int        *sx,
                                       int        *sy);
/* Drags with button 1 from (@x0, @y0) to (@x1, @y1) of @widget, in steps,
 * holding Shift when @shift. */
void        app_test_pointer_drag     (GtkWidget  *widget,
                                       double      x0,
                                       double      y0,
                                       double      x1,
                                       double      y1,
                                       gboolean    shift);
/* Gives the keyboard focus to @widget's X window. */
void        app_test_focus_window     (GtkWidget  *widget);
/* The widget under @root (itself included) whose GtkBuilder ID is @id, or
 * NULL. */
GtkWidget  *app_test_find_by_id       (GtkWidget  *root,
                                       const char *id);
/* A visible toplevel window of @type (a dialog shown), or NULL. */
GtkWidget  *app_test_find_toplevel    (GType       type);
/* Clicks button 1 in the middle of @widget. */
void        app_test_click            (GtkWidget  *widget);
/* Clicks button 1 at (@x, @y) of @widget. */
void        app_test_click_at         (GtkWidget  *widget,
                                       double      x,
                                       double      y);

G_END_DECLS
