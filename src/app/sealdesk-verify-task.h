/* sealdesk-verify-task.h: verifies the signatures of a document off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sd-verify.h"
#include "sd-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  SEALDESK_VERIFY_STATUS_RUNNING,
  SEALDESK_VERIFY_STATUS_DONE,
  SEALDESK_VERIFY_STATUS_FAILED,
} SealdeskVerifyStatus;

/* Where a signature's widget is. */
typedef struct
{
  int      page;      /* 0-based page, -1 when the signature is on no page */
  gboolean has_area;  /* FALSE for an invisible signature */
  /* The widget, in fractions of the page as it is shown (crop box,
   * turned by the page's /Rotate), origin at the top left. */
  double   x;
  double   y;
  double   width;
  double   height;
} SealdeskSignatureLocation;

#define SEALDESK_TYPE_VERIFY_STATUS (sealdesk_verify_status_get_type ())
GType sealdesk_verify_status_get_type (void);

#define SEALDESK_TYPE_VERIFY_TASK (sealdesk_verify_task_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskVerifyTask, sealdesk_verify_task, SEALDESK, VERIFY_TASK, GObject)

SealdeskVerifyTask              *sealdesk_verify_task_new            (GFile              *file);
void                             sealdesk_verify_task_start          (SealdeskVerifyTask *self,
                                                                      const char         *password);
gboolean                         sealdesk_verify_task_get_started    (SealdeskVerifyTask *self);
guint                            sealdesk_verify_task_count_started  (void);
void                             sealdesk_verify_task_set_workspace (SealdeskVerifyTask *self,
                                                                      SdWorkspace        *workspace);
SdWorkspace                     *sealdesk_verify_task_get_workspace (SealdeskVerifyTask *self);
SealdeskVerifyTask              *sealdesk_verify_task_new_again     (SealdeskVerifyTask *self,
                                                                      SdWorkspace        *workspace);
void                             sealdesk_verify_task_cancel         (SealdeskVerifyTask *self);
void                             sealdesk_verify_task_stop_workers   (void);
GFile                           *sealdesk_verify_task_get_file       (SealdeskVerifyTask *self);
SealdeskVerifyStatus             sealdesk_verify_task_get_status     (SealdeskVerifyTask *self);
int                              sealdesk_verify_task_get_n_signatures (SealdeskVerifyTask *self);
double                           sealdesk_verify_task_get_fraction   (SealdeskVerifyTask *self);
SdVerifyReport                  *sealdesk_verify_task_get_report     (SealdeskVerifyTask *self);
const GError                    *sealdesk_verify_task_get_error      (SealdeskVerifyTask *self);
const SealdeskSignatureLocation *sealdesk_verify_task_get_location   (SealdeskVerifyTask *self,
                                                                      guint               index);

G_END_DECLS
