/* sealdesk-mark-widget.h: the preview of a page mark on one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sealdesk-session.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_MARK_WIDGET (sealdesk_mark_widget_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskMarkWidget, sealdesk_mark_widget, SEALDESK, MARK_WIDGET, GtkWidget)

/* Shows @picture (the mark as the signer draws it, on this widget's
 * rectangle of the page) for @mark of @session. The pointer goes through
 * it to the page (a watermark covers the whole page); it takes the
 * keyboard focus, and Delete removes the mark through @session. */
GtkWidget        *sealdesk_mark_widget_new      (SealdeskSession  *session,
                                                 SealdeskPageMark *mark,
                                                 GdkPaintable     *picture);
SealdeskPageMark *sealdesk_mark_widget_get_mark (SealdeskMarkWidget *self);
/* The picture shown (NULL: none yet, while it is drawn). */
GdkPaintable     *sealdesk_mark_widget_get_picture (SealdeskMarkWidget *self);
void              sealdesk_mark_widget_set_picture (SealdeskMarkWidget *self,
                                                    GdkPaintable       *picture);

G_END_DECLS
