/* test-app.h: what the display tests share (test-app.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-profile.h"
#include "sealdesk-application.h"
#include "sealdesk-batch-sign-dialog.h"
#include "sealdesk-ledger-view.h"
#include "sealdesk-page-view-private.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-window-private.h"

G_BEGIN_DECLS

/* Waits stop a test that would hang, they do not time anything. Under
 * AddressSanitizer, which unwinds every allocation fully in the display
 * tests (tests/app/meson.build), the application is several times slower:
 * four times the wait, as build-aux/sealdesk-dev asan gives meson test
 * --timeout-multiplier 4. */
#ifdef __SANITIZE_ADDRESS__
#define WAIT_SECONDS 80
#else
#define WAIT_SECONDS 20
#endif

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
void            assert_ledger_valid     (void);

/* The test PKI: its passphrase as an SdPinCallback, and the key ID of its
 * PKCS#12 file @name ("p12:…/rsa2048.p12"). */
char           *pki_pin                 (const char     *prompt,
                                         int             tries_left,
                                         gpointer        user_data);
char           *pki_key                 (const char     *name);
/* Adds the profile @name with the test PKI's PKCS#12 file @p12 as its key. */
void            add_pki_profile         (SdWorkspace    *workspace,
                                         const char     *name,
                                         SdRoles         roles,
                                         const char     *p12);
/* Adds a name seal saying @text to the seal library, as @actor; returns
 * its ID. */
char           *add_name_seal           (SdWorkspace    *workspace,
                                         const char     *name,
                                         const char     *text,
                                         const char     *key_id,
                                         const char     *actor);

/* test-app-batch.c: @dialog's list of documents */
void            batch_tick_only         (SealdeskBatchSignDialog  *dialog,
                                         const char * const       *paths);
guint           batch_document_index    (SealdeskBatchSignDialog  *dialog,
                                         const char               *path);
SealdeskBatchDocumentState
                batch_document_state    (SealdeskBatchSignDialog  *dialog,
                                         const char               *path,
                                         const char              **message);

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
/* The window shows @basename (a signed or voided copy), loaded. */
typedef struct
{
  SealdeskWindow *window;
  const char     *basename;
} SignedCopy;
gboolean        signed_copy_shown       (gpointer        data);
/* Types the token's user PIN into the PIN dialog @pin and presses Unlock. */
void            unlock_pin_dialog       (GtkWidget      *pin);
/* Answers the token's PIN dialog, once it is asked. */
void            answer_token_pin        (void);
/* Signs the window's document through the Sign button's dialog, whose
 * key must be @key_uri (the token's), answering the PIN; returns the
 * signed copy's path, once the window shows it. */
char           *sign_in_window          (SealdeskWindow *window,
                                         const char     *key_uri);

/* test-app-requests.c */
/* The row of the request @request_id shown under @root (@request_id
 * NULL: the first, in the queue's order), or NULL. */
GtkWidget      *find_request_row        (GtkWidget      *root,
                                         const char     *request_id);
/* Acts as the profile @name in the view's profile chooser. */
void            choose_profile          (SealdeskRequestsView *view,
                                         const char     *name);
/* Types the test PKI's passphrase into the PIN dialog, with Enter. */
void            answer_pin_dialog       (void);
gboolean        requests_loaded         (gpointer        data);
gboolean        review_idle             (gpointer        data);
gboolean        review_says_why         (gpointer        data);

/* test-app-ledger.c */
/* Neither reading, exporting nor checking. */
gboolean        ledger_idle             (gpointer        data);
/* Idle with a verdict: valid or not. */
gboolean        ledger_checked          (gpointer        data);
typedef struct {
  SealdeskLedgerView *view;
  guint               n;
} LedgerCount;
/* Idle, with @n entries read (ledger_has) or shown (ledger_shows); data:
 * a LedgerCount. */
gboolean        ledger_has              (gpointer        data);
gboolean        ledger_shows            (gpointer        data);

void            add_core_tests          (void);
void            add_view_tests          (void);
void            add_window_tests        (void);
void            add_signature_tests     (void);
void            add_hostile_tests       (void);
void            add_hostile_draw_tests  (void);
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
void            add_startup_tests       (void);

G_END_DECLS
