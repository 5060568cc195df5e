/* keys-test-widgets.h: finding and waiting for widgets in the key widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-key.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

typedef gboolean (*Predicate) (GtkWidget *widget, gconstpointer data);

/* The first widget below @root (itself included) that @match accepts. */
GtkWidget *find_widget           (GtkWidget *root, Predicate match, gconstpointer data);
GtkWidget *find_of_type          (GtkWidget *root, GType type);
gboolean   is_shown_label_with   (GtkWidget *widget, gconstpointer text);
gboolean   is_button_labelled    (GtkWidget *widget, gconstpointer label);

/* Runs the main loop until @done (data) says so; fails after a minute. */
void       wait_until            (gboolean (*done) (gpointer data), gpointer data);
void       wait_for_label        (GtkWidget *root, const char *text, gboolean present);
gboolean   pointer_set           (gpointer data);
gboolean   pointer_cleared       (gpointer data);

/* The workspace in the test's folder @home, as the app opens its own. */
SdWorkspace *open_test_workspace (const char *home);
/* Imports @p12 (test PKI passphrase) with sealdesk-cli into @workspace's
 * keyring. */
SdKey     *import_with_cli       (SdWorkspace *workspace, const char *p12);

/* With SD_TEST_SCREENSHOT_DIR set, saves a picture of @toplevel there as
 * @name (a PNG). */
void       maybe_save_screenshot (GtkWidget *toplevel, const char *name);

/* test-keys-widgets-sign.c */
void       keys_test_add_sign_widget_tests (void);

G_END_DECLS
