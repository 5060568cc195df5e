/* sealdesk-ledger-view-private.h: what the ledger view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sealdesk-ledger-view.h"

G_BEGIN_DECLS

struct _SealdeskLedgerView
{
  AdwBin parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown    *seal_drop;
  GtkDropDown    *person_drop;
  GtkEditable    *from_entry;
  GtkEditable    *to_entry;
  GtkDropDown    *kind_drop;
  GtkRevealer    *result_revealer;
  GtkWidget      *result_box;
  GtkImage       *result_icon;
  GtkLabel       *result_label;
  GtkLabel       *count_label;
  GtkListBox     *list;

  SdWorkspace          *workspace;
  GSettings            *settings;
  JsonNode             *entries;     /* array of entry objects */
  GHashTable           *seal_names;  /* seal ID → name, for the rows */
  GHashTable           *people;      /* profile name → sd_profile_display_name() */
  /* What the seal and person drop-downs offer, by position (0: all):
   * seal IDs and profile names of the entries */
  GPtrArray            *seal_choices;
  GPtrArray            *person_choices;
  /* The days of the date range, "YYYY-MM-DD", or NULL: no bound */
  char                 *from_day;
  char                 *to_day;
  GCancellable         *cancellable; /* the views' work: reading, checking, exporting */
  gboolean              refilling;   /* the drop-downs' items are being replaced */
  gboolean              loading;
  gboolean              exporting;
  SealdeskLedgerVerdict verdict;
  char                 *message;
  GtkFileChooserNative *chooser;
};

/* The string member @name of @entry, or NULL. */
const char *_sealdesk_ledger_member_string      (JsonObject            *entry,
                                                 const char            *name);

/* sealdesk-ledger-view.c */
void        _sealdesk_ledger_view_show_result   (SealdeskLedgerView    *self,
                                                 SealdeskLedgerVerdict  verdict,
                                                 const char            *message);
void        _sealdesk_ledger_view_set_loading   (SealdeskLedgerView    *self,
                                                 gboolean               loading);

/* sealdesk-ledger-view-list.c */
void        _sealdesk_ledger_view_list_init     (SealdeskLedgerView    *self);
void        _sealdesk_ledger_view_list_finalize (SealdeskLedgerView    *self);
/* Does @entry pass the search and the filters? */
gboolean    _sealdesk_ledger_view_entry_matches (SealdeskLedgerView    *self,
                                                 JsonObject            *entry);
/* The numbers (gint64) of the entries the list shows, oldest first. */
GArray     *_sealdesk_ledger_view_shown_seqs    (SealdeskLedgerView    *self);

G_END_DECLS
