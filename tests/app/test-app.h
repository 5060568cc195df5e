/* test-app.h: what the display tests share (test-app.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-application.h"
#include "sealdesk-page-view-private.h"
#include "sealdesk-window-private.h"

G_BEGIN_DECLS

/* Waits stop a test that would hang, they do not time anything. */
#define WAIT_SECONDS 20

extern SealdeskApplication *app;
/* The tests' own HOME (and XDG folders), removed at the end. */
extern char *home_dir;

SealdeskWindow *open_window             (GFile          *file);
void            close_window            (SealdeskWindow *window);
void            close_all_windows       (void);
SealdeskWindow *find_window_for         (const char     *basename);
gboolean        window_not_loading      (gpointer        data);
gboolean        visible_pages_rendered  (gpointer        data);
gboolean        scale_published         (gpointer        data);
SealdeskWindow *open_sample             (void);
double          page_width              (SealdeskWindow *window);
char           *write_file              (const char     *name,
                                         const char     *contents);

/* test-app-signatures.c */
char           *sign_sample             (char          **signer_name);

/* test-app-placement.c */
char           *make_round_seal         (const char     *name,
                                         const char     *key_id);
/* test-app-placement-sign.c */
GtkWidget      *find_button             (GtkWidget      *root,
                                         const char     *label);
GtkWidget      *find_type               (GtkWidget      *root,
                                         GType           type);
GtkWidget      *shown_pin_dialog        (void);
gboolean        pin_asked               (gpointer        data);
gboolean        widget_sensitive        (gpointer        data);
void            assert_pdfsig_valid     (const char     *pdf,
                                         guint           n);
char           *copy_to_home            (GFile          *from,
                                         const char     *name);

void            add_core_tests          (void);
void            add_view_tests          (void);
void            add_window_tests        (void);
void            add_signature_tests     (void);
void            add_hostile_tests       (void);
void            add_sign_tests          (void);
void            add_fix_tests           (void);
void            add_seals_tests         (void);
void            add_handwriting_tests   (void);
void            add_trust_tests         (void);
void            add_reader_tests        (void);
void            add_sync_tests          (void);
void            add_placement_tests     (void);
void            add_placement_palette_tests (void);
void            add_placement_sign_tests (void);
void            add_placement_field_tests (void);
void            add_requests_tests      (void);
void            add_session_tests       (void);
void            add_batch_tests         (void);
void            add_marks_tests         (void);
void            add_page_marks_tests    (void);
void            add_views_tests         (void);
void            add_timestamps_tests    (void);
void            add_ledger_tests        (void);
void            add_review_tests        (void);
void            add_keyboard_tests      (void);
void            add_a11y_tests          (void);
void            add_designer_tests      (void);
void            add_pen_tests           (void);
void            add_dark_tests          (void);
void            add_cancel_tests        (void);

G_END_DECLS
