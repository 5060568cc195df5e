/* sd-request-query.c: stamp requests as a person's queue sees them */
#include "config.h"

#include "sd-request-query.h"

gboolean
sd_request_is_open (SdRequest *request)
{
  g_return_val_if_fail (request != NULL, FALSE);

  return g_strcmp0 (request->state, "pending") == 0 || g_strcmp0 (request->state, "approved") == 0;
}

gboolean
sd_request_is_waiting_for (SdRequest  *request,
                           const char *profile)
{
  SdRequestStep *step;

  g_return_val_if_fail (request != NULL, FALSE);

  if (profile == NULL || !sd_request_is_open (request))
    return FALSE;
  step = sd_request_current_step (request);
  return step != NULL && sd_request_step_has_profile (step, profile)
         && sd_request_find_decision (request, step->index, profile) == NULL;
}

SdRequestGroup
sd_request_group_for (SdRequest  *request,
                      const char *profile)
{
  g_return_val_if_fail (request != NULL, SD_REQUEST_GROUP_CLOSED);

  if (sd_request_is_waiting_for (request, profile))
    return SD_REQUEST_GROUP_WAITING_FOR_ME;
  if (sd_request_is_open (request))
    return SD_REQUEST_GROUP_WAITING_FOR_OTHERS;
  if (g_strcmp0 (request->state, "completed") == 0)
    return SD_REQUEST_GROUP_COMPLETED;
  return SD_REQUEST_GROUP_CLOSED;
}

GPtrArray *
sd_request_list_waiting_for (SdWorkspace *workspace,
                             const char  *profile,
                             GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *waiting;

  g_return_val_if_fail (SD_IS_WORKSPACE (workspace), NULL);

  if ((all = sd_request_list (workspace, NULL, error)) == NULL)
    return NULL;
  waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_free);
  for (guint i = 0; i < all->len;)
    {
      if (sd_request_is_waiting_for (g_ptr_array_index (all, i), profile))
        g_ptr_array_add (waiting, g_ptr_array_steal_index (all, i));
      else
        i++;
    }
  return waiting;
}
