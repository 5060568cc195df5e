/* sealdesk-render-queue.h: renders pages of one document on its own worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

#include "sealdesk-render-guard.h"

G_BEGIN_DECLS

/* Lower values are rendered first. */
typedef enum
{
  SEALDESK_RENDER_PRIORITY_VISIBLE   = 0,
  SEALDESK_RENDER_PRIORITY_NEARBY    = 1,
  SEALDESK_RENDER_PRIORITY_THUMBNAIL = 2,
} SealdeskRenderPriority;

#define SEALDESK_TYPE_RENDER_QUEUE (sealdesk_render_queue_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskRenderQueue, sealdesk_render_queue, SEALDESK, RENDER_QUEUE, GObject)

SealdeskRenderQueue *sealdesk_render_queue_new            (PopplerDocument        *document);

/* Opens another PopplerDocument of the same file, on a worker thread. */
typedef PopplerDocument *(*SealdeskPopplerOpener) (gpointer   opener_data,
                                                   GError   **error);

SealdeskRenderQueue *sealdesk_render_queue_new_parallel   (PopplerDocument        *document,
                                                           SealdeskPopplerOpener   open_clone,
                                                           gpointer                opener_data,
                                                           GDestroyNotify          opener_data_free);
void                 sealdesk_render_queue_render_async   (SealdeskRenderQueue    *self,
                                                           guint                   page,
                                                           guint                   rotation,
                                                           int                     width,
                                                           int                     height,
                                                           SealdeskRenderPriority  priority,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
GdkTexture          *sealdesk_render_queue_render_finish  (SealdeskRenderQueue    *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
guint                sealdesk_render_queue_get_n_rendered (SealdeskRenderQueue    *self);
void                 sealdesk_render_queue_stop_workers   (void);
void                 sealdesk_render_queue_set_guard      (SealdeskRenderQueue    *self,
                                                           SealdeskRenderGuard    *guard);

/* Work other than rendering that needs the PopplerDocument (text, find,
 * outline, printing): runs on the queue's worker thread, like a
 * GTaskThreadFunc, and returns its result through @task. */
typedef void (*SealdeskPopplerFunc) (GTask           *task,
                                     PopplerDocument *document,
                                     gpointer         task_data,
                                     GCancellable    *cancellable);

void                 sealdesk_render_queue_run_async      (SealdeskRenderQueue    *self,
                                                           SealdeskRenderPriority  priority,
                                                           SealdeskPopplerFunc     func,
                                                           gpointer                task_data,
                                                           GDestroyNotify          task_data_free,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
gpointer             sealdesk_render_queue_run_finish     (SealdeskRenderQueue    *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);

G_END_DECLS
