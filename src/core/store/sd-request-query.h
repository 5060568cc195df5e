/* sd-request-query.h: stamp requests as a person's queue sees them
 *
 * Which requests wait for a profile, and in which group of the queue a
 * request belongs for that profile (the application's Requests view and
 * its count of pending requests).
 */
#pragma once

#include "sd-request.h"

G_BEGIN_DECLS

typedef enum {
  SD_REQUEST_GROUP_WAITING_FOR_ME,      /* the current step asks @profile */
  SD_REQUEST_GROUP_WAITING_FOR_OTHERS,  /* open, someone else's turn */
  SD_REQUEST_GROUP_COMPLETED,
  SD_REQUEST_GROUP_CLOSED,              /* rejected or withdrawn */
} SdRequestGroup;

#define SD_REQUEST_N_GROUPS 4

/* TRUE while @request takes decisions (pending or approved). */
gboolean        sd_request_is_open          (SdRequest   *request);
/* TRUE when @request is open and its current step names @profile, who has
 * not decided on that step yet. @profile NULL: FALSE. */
gboolean        sd_request_is_waiting_for   (SdRequest   *request,
                                             const char  *profile);
/* The group of the queue of @profile (NULL: nobody) that @request is in. */
SdRequestGroup  sd_request_group_for        (SdRequest   *request,
                                             const char  *profile);
/* The requests waiting for @profile, newest first. */
GPtrArray      *sd_request_list_waiting_for (SdWorkspace *workspace,
                                             const char  *profile,
                                             GError     **error);

G_END_DECLS
