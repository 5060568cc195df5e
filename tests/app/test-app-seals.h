/* test-app-seals.h: what the seal library's display tests share (test-app-seals.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sd-seal-library.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-seals-view.h"

G_BEGIN_DECLS

/* The test PKI's signing key, as a seal's key ID. */
char              *seals_key_id         (void);
SdWorkspace       *seals_workspace      (void);
/* The widget named @name (gtk_widget_set_name) inside @root. */
GtkWidget         *seals_find_named     (GtkWidget         *root,
                                         const char        *name);
gboolean           seals_find_text      (GtkWidget         *root,
                                         const char        *text);
/* Types @text into the editable row named @name. */
void               seals_type_into      (GtkWidget         *root,
                                         const char        *name,
                                         const char        *text);
/* Conditions for app_test_wait_until(). */
gboolean           seals_is_null        (gpointer           data);
gboolean           seals_view_idle      (gpointer           data);
/* Opens the seal library as a person does (app.seals), once listed. */
SealdeskSealsView *seals_open           (void);
/* The dialog the view opened, once on screen. */
GtkWidget         *seals_wait_dialog    (SealdeskSealsView *view);
SdSeal            *seals_get_seal       (const char        *id);
/* A "saved" handler: keeps the seal ID in *@out. */
void               seals_saved          (GtkWidget         *dialog,
                                         const char        *seal_id,
                                         const char        *name,
                                         char             **out);
/* The seal designer, opened from the view (Generate…): the ID of the
 * seal it saves goes into *@seal_id. */
SealdeskSealDesigner *seals_designer_open (SealdeskSealsView *view,
                                           char             **seal_id);
typedef struct
{
  SealdeskSealDesigner *designer;
  GdkTexture           *old;
} SealsPreviewWait;
/* Waits for a preview other than @wait->old, the designer idle. */
void               seals_designer_wait_preview (SealsPreviewWait     *wait);
/* Clicks Save, waits for the designer to close and the view to list it. */
void               seals_designer_save  (SealdeskSealsView    *view,
                                         SealdeskSealDesigner *designer);
/* Generates a round seal of @org (and @title) through the view's designer,
 * named @name, with the key @key_id; keeps a picture of the designer as
 * @screenshot unless NULL. Returns the new seal's ID. */
char              *seals_generate_round (SealdeskSealsView *view,
                                         const char        *org,
                                         const char        *title,
                                         const char        *name,
                                         const char        *key_id,
                                         const char        *screenshot);
/* Writes a picture of @widget to $SEALDESK_SCREENSHOT_DIR/@name.png. */
void               seals_screenshot     (GtkWidget         *widget,
                                         const char        *name);

/* Pixels of a picture, straight (not premultiplied) RGBA. */
typedef struct
{
  int     width, height;
  guchar *data;
} Pixels;

Pixels            *seals_pixels_new     (GdkTexture        *texture);
Pixels            *seals_picture_pixels (SdSeal            *seal);
void               seals_pixels_free    (Pixels            *pixels);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, seals_pixels_free)
const guchar      *seals_pixel          (Pixels            *pixels,
                                         int                x,
                                         int                y);
gboolean           seals_is_dark        (const guchar      *p);
gboolean           seals_is_red         (const guchar      *p);
gboolean           seals_is_transparent (const guchar      *p);
/* How many pixels of (x, y, width, height) pass @test. */
gsize              seals_count          (Pixels            *pixels,
                                         int                x,
                                         int                y,
                                         int                width,
                                         int                height,
                                         gboolean         (*test) (const guchar *p));

G_END_DECLS
