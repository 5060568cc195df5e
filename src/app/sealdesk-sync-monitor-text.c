/* sealdesk-sync-monitor-text.c: what the sync monitor says about itself
 *
 * The one-line summary (the indicator's tooltip) and the details (the
 * sync popover) of a SealdeskSyncMonitor, from its public state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-format.h"
#include "sealdesk-sync-monitor.h"

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* Today: the time; before: the date too, with the month's name. */
  if (g_date_time_get_year (now) == g_date_time_get_year (time)
      && g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (time))
    return g_date_time_format (time, "%X");
  return sealdesk_format_short_date_time (time);
}

/* One line: when, what waits, what went wrong (the indicator's tooltip). */
char *
sealdesk_sync_monitor_dup_summary (SealdeskSyncMonitor *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *when = NULL;
  const char *error;
  gint64 queued;
  guint refused, conflicts;

  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  if (sealdesk_sync_monitor_get_state (self) == SEALDESK_SYNC_STATE_OFF)
    return g_strdup (sealdesk_sync_monitor_get_folder (self) == NULL ? _("No shared folder is chosen") : _("Waiting for the data folder"));
  when = sealdesk_sync_monitor_get_last_sync (self) != NULL ? format_time (sealdesk_sync_monitor_get_last_sync (self)) : NULL;
  error = sealdesk_sync_monitor_get_error (self);
  queued = sealdesk_sync_monitor_get_queued (self);
  refused = sealdesk_sync_monitor_get_refused (self);
  conflicts = sealdesk_sync_monitor_get_conflicts (self);
  if (sealdesk_sync_monitor_get_state (self) == SEALDESK_SYNC_STATE_SYNCING)
    g_string_append (summary, _("Syncing with the shared folder…"));
  else if (error != NULL)
    g_string_append (summary, _("The shared folder cannot be used"));
  else if (when != NULL)
    /* TRANSLATORS: %s is a time ("14:05:09") or a date and time */
    g_string_append_printf (summary, _("Synced at %s"), when);
  else
    g_string_append (summary, _("Not synced yet"));
  if (queued > 0)
    {
      g_string_append (summary, " · ");
      /* TRANSLATORS: stamp requests, decisions or documents not yet in the shared folder */
      g_string_append_printf (summary, ngettext ("%lld waits to go out", "%lld wait to go out", (gulong) queued),
                              (long long) queued);
    }
  if (refused > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, ngettext ("%u refused", "%u refused", refused), refused);
    }
  if (conflicts > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, ngettext ("%u conflict copy", "%u conflict copies", conflicts), conflicts);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* Several lines: the folder, the error, when, and the counts. */
char *
sealdesk_sync_monitor_dup_details (SealdeskSyncMonitor *self)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *when = NULL;
  const char *error;
  gint64 queued;
  guint refused, conflicts, imported;

  g_return_val_if_fail (SEALDESK_IS_SYNC_MONITOR (self), NULL);

  when = sealdesk_sync_monitor_get_last_sync (self) != NULL ? format_time (sealdesk_sync_monitor_get_last_sync (self)) : NULL;
  error = sealdesk_sync_monitor_get_error (self);
  queued = sealdesk_sync_monitor_get_queued (self);
  refused = sealdesk_sync_monitor_get_refused (self);
  conflicts = sealdesk_sync_monitor_get_conflicts (self);
  imported = sealdesk_sync_monitor_get_imported (self);
  if (sealdesk_sync_monitor_get_folder (self) == NULL)
    return g_strdup (_("No shared folder is chosen"));
  /* TRANSLATORS: %s is the shared folder's path */
  g_string_append_printf (details, _("Folder: %s"), sealdesk_sync_monitor_get_folder (self));
  g_string_append_c (details, '\n');
  if (error != NULL)
    {
      g_string_append (details, error);
      g_string_append_c (details, '\n');
      g_string_append (details, _("Nothing was changed. Work waits here and goes out when the folder can be used again."));
      g_string_append_c (details, '\n');
    }
  if (when != NULL)
    g_string_append_printf (details, _("Last sync: %s"), when);
  else
    g_string_append (details, _("Last sync: never"));
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Waiting to go out: %lld"), (long long) queued);
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Taken in since Sealdesk started: %u"), imported);
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Refused since Sealdesk started: %u"), refused);
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Conflict copies (ignored): %u"), conflicts);

  return g_string_free (g_steal_pointer (&details), FALSE);
}
