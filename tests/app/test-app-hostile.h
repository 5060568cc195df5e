/* test-app-hostile.h: what the hostile-document display tests share
 * (test-app-hostile.c, test-app-hostile-draw.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-app.h"

/* The verifier's caps end its work on these files in seconds (before
 * them, 10,000 %%EOF kept it busy for minutes); under ASan on a shared
 * machine that can take several times longer than WAIT_SECONDS, which
 * the waits here would otherwise use. */
#define HOSTILE_WAIT_SECONDS 120

/* @length bytes of @data in the file @name of the test's home. */
char       *hostile_write_bytes            (const char     *name,
                                            const char     *data,
                                            gsize           length);
/* The window still works: the sample opens in it. */
void        hostile_assert_window_reusable (SealdeskWindow *window);
/* Opens @path, expects the error page with @expected in its sentence. */
void        hostile_assert_refused         (const char     *path,
                                            const char     *expected);
/* A PDF of @n_objects objects (numbered from 1, the first the catalog)
 * with a correct xref table, written to @name; @lengths may be NULL. */
char       *hostile_build_pdf              (const char     *name,
                                            const char    **objects,
                                            const gsize    *lengths,
                                            guint           n_objects);
/* 1 GiB of zeros in @n_bytes of Flate. */
char       *hostile_flate_bomb             (gsize          *n_bytes);
/* Stream object text: the dictionary @dict, /Length, the bytes. */
char       *hostile_stream_object          (const char     *dict,
                                            const char     *bytes,
                                            gsize           n_bytes,
                                            gsize          *length);
/* The colour of the pixel at @x, @y of @texture, as 0xRRGGBB. */
guint32     hostile_texture_pixel          (GdkTexture     *texture,
                                            int             x,
                                            int             y);
/* The texture the page view shows for @page at the present zoom. */
GdkTexture *hostile_shown_texture          (SealdeskWindow *window,
                                            guint           page);
