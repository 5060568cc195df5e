/* sealdesk-ledger-view-list.c: the ledger view's list of entries
 *
 * The entries are read in a worker thread, newest first, with the names
 * of the seals and people they mention: a row says "Company seal" and
 * "Li Lei (lawyer)" rather than a seal ID and a profile name (an entry
 * of a seal or person this workspace does not know keeps the ID). The
 * rows are filtered by seal and by person (drop-downs offering those the
 * entries name), by a range of days (from, to: both included; a date that
 * is none is marked as such and filters nothing), by kind, and by the
 * search entry (over the IDs and the names, the request and document).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sd-ledger.h"
#include "sd-profile.h"
#include "sd-seal-library.h"
#include "sealdesk-ledger-view-private.h"

/* Index of each kind in the drop-down, from 1 (0: all kinds). */
static const char *const kinds[] = { NULL, "seal-use", "decision", "lifecycle", "key-use", "export", "refusal" };

static const char *
kind_text (const char *kind)
{
  if (g_strcmp0 (kind, "seal-use") == 0)
    return _("Seal use");
  if (g_strcmp0 (kind, "decision") == 0)
    return _("Decision");
  if (g_strcmp0 (kind, "lifecycle") == 0)
    return _("Lifecycle");
  if (g_strcmp0 (kind, "key-use") == 0)
    return _("Key use");
  if (g_strcmp0 (kind, "export") == 0)
    return _("Export");
  if (g_strcmp0 (kind, "refusal") == 0)
    return _("Refusal");
  return kind;
}


/* What the worker thread reads. */
typedef struct
{
  JsonNode   *entries;
  GHashTable *seal_names; /* seal ID → name */
  GHashTable *people;     /* profile name → sd_profile_display_name() */
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->entries, json_node_unref);
  g_clear_pointer (&listing->seal_names, g_hash_table_unref);
  g_clear_pointer (&listing->people, g_hash_table_unref);
  g_free (listing);
}

/* The names of the seals and people of the workspace; without them (the
 * library cannot be read) the rows show the IDs. */
static void
read_names (SdWorkspace *workspace,
            Listing     *listing)
{
  g_autoptr(GError) error = NULL;

  if ((listing->seal_names = sd_seal_library_names (workspace, &error)) == NULL)
    g_debug ("Ledger view: no seal names: %s", error->message);
  g_clear_error (&error);
  if ((listing->people = sd_profile_display_names (workspace, &error)) == NULL)
    g_debug ("Ledger view: no people's names: %s", error->message);
}

/* The seal's name, or its ID if the library does not know it. */
static const char *
seal_text (SealdeskLedgerView *self,
           const char         *seal)
{
  const char *name =
    seal != NULL && self->seal_names != NULL ? g_hash_table_lookup (self->seal_names, seal) : NULL;

  return name != NULL ? name : seal;
}

static const char *
actor_text (SealdeskLedgerView *self,
            const char         *actor)
{
  return sd_profile_actor_name (self->people, actor);
}

static GtkWidget *
make_row (SealdeskLedgerView *self,
          JsonObject         *entry)
{
  GtkWidget *row = adw_action_row_new ();
  const char *kind = _sealdesk_ledger_member_string (entry, "kind");
  const char *seal = _sealdesk_ledger_member_string (entry, "seal");
  const char *actor = _sealdesk_ledger_member_string (entry, "actor");
  const char *time = _sealdesk_ledger_member_string (entry, "time");
  const char *request = _sealdesk_ledger_member_string (entry, "request");
  const char *document = _sealdesk_ledger_member_string (entry, "document");
  JsonNode *details = json_object_get_member (entry, "details");
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *details_text = NULL;

  if (seal != NULL)
    /* TRANSLATORS: a ledger entry: "#12 Seal use — Company seal" */
    title = g_strdup_printf (_("#%d %s — %s"), (int) json_object_get_int_member (entry, "seq"),
                             kind_text (kind), seal_text (self, seal));
  else
    /* TRANSLATORS: a ledger entry: "#12 Lifecycle" */
    title = g_strdup_printf (_("#%d %s"), (int) json_object_get_int_member (entry, "seq"),
                             kind_text (kind));
  g_string_append (subtitle, actor != NULL ? actor_text (self, actor) : _("workstation"));
  if (time != NULL)
    g_string_append_printf (subtitle, " · %s", time);
  if (request != NULL)
    g_string_append_printf (subtitle, _(" · request %s"), request);
  if (document != NULL)
    g_string_append_printf (subtitle, _(" · document %.12s…"), document);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    {
      details_text = json_to_string (details, FALSE);
      gtk_widget_set_tooltip_text (row, details_text);
    }
  g_object_set_data (G_OBJECT (row), "entry", entry);
  return row;
}

/* The day of @text ("YYYY-MM-DD"), or NULL when it is none. */
static char *
parse_day (const char *text)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, date;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return NULL;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return NULL;
  year = atoi (text);
  month = atoi (text + 5);
  date = atoi (text + 8);
  if (!g_date_valid_dmy ((GDateDay) date, (GDateMonth) month, (GDateYear) year) ||
      (day = g_date_time_new_utc (year, month, date, 0, 0, 0)) == NULL)
    return NULL;
  return g_date_time_format (day, "%Y-%m-%d");
}

/* Reads the day typed in @entry into @day (NULL: no bound); a date that
 * is none is marked, its tooltip saying how to type one. */
static void
read_day (GtkEditable *entry, char **day)
{
  const char *text = gtk_editable_get_text (entry);
  const char *tooltip = g_object_get_data (G_OBJECT (entry), "sealdesk-tooltip");
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (day, g_free);
  if (stripped[0] == '\0' || (*day = parse_day (stripped)) != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), tooltip);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  /* TRANSLATORS: the tooltip of a date filter of the ledger once what was
   * typed there is not a date; keep YYYY-MM-DD as it is */
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Not a date: type a day as YYYY-MM-DD, for example 2026-03-01."));
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
}

/* The choice of a drop-down: a seal ID or profile name, or NULL (all). */
static const char *
chosen (GtkDropDown *drop, GPtrArray *choices)
{
  guint selected = gtk_drop_down_get_selected (drop);

  return choices != NULL && selected != GTK_INVALID_LIST_POSITION && selected < choices->len
           ? g_ptr_array_index (choices, selected)
           : NULL;
}

gboolean
_sealdesk_ledger_view_entry_matches (SealdeskLedgerView *self, JsonObject *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *seal_choice = chosen (self->seal_drop, self->seal_choices);
  const char *person_choice = chosen (self->person_drop, self->person_choices);
  const char *time = _sealdesk_ledger_member_string (entry, "time");
  guint kind = gtk_drop_down_get_selected (self->kind_drop);

  if (kind > 0 && kind < G_N_ELEMENTS (kinds) &&
      g_strcmp0 (_sealdesk_ledger_member_string (entry, "kind"), kinds[kind]) != 0)
    return FALSE;
  if (seal_choice != NULL && g_strcmp0 (_sealdesk_ledger_member_string (entry, "seal"), seal_choice) != 0)
    return FALSE;
  if (person_choice != NULL &&
      g_strcmp0 (_sealdesk_ledger_member_string (entry, "actor"), person_choice) != 0)
    return FALSE;
  /* Times are UTC, "YYYY-MM-DDTHH:MM:SSZ": their first ten characters
   * are the day, compared as text. */
  if (self->from_day != NULL && (time == NULL || strncmp (time, self->from_day, 10) < 0))
    return FALSE;
  if (self->to_day != NULL && (time == NULL || strncmp (time, self->to_day, 10) > 0))
    return FALSE;
  if (text[0] != '\0')
    {
      const char *seal = _sealdesk_ledger_member_string (entry, "seal");
      const char *actor = _sealdesk_ledger_member_string (entry, "actor");
      /* The IDs, and the names the rows show. */
      const char *values[] = { seal, actor, _sealdesk_ledger_member_string (entry, "request"),
                               _sealdesk_ledger_member_string (entry, "document"),
                               seal_text (self, seal), actor_text (self, actor) };
      g_autofree char *needle = g_utf8_casefold (text, -1);

      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          const char *value = values[i];
          g_autofree char *hay = value != NULL ? g_utf8_casefold (value, -1) : NULL;

          if (hay != NULL && strstr (hay, needle) != NULL)
            return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
filter_row (GtkListBoxRow *row, gpointer user_data)
{
  return _sealdesk_ledger_view_entry_matches (user_data, g_object_get_data (G_OBJECT (row), "entry"));
}

static void
update_count (SealdeskLedgerView *self)
{
  guint n = sealdesk_ledger_view_get_n_entries (self);
  guint shown = sealdesk_ledger_view_get_n_shown (self);
  g_autofree char *text = NULL;

  if (shown == n)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  else
    /* TRANSLATORS: "3 of 12 entries" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u entry", "%u of %u entries", n), shown, n);
  gtk_label_set_label (self->count_label, text);
}

static void
filters_changed (SealdeskLedgerView *self)
{
  if (self->refilling)
    return;
  gtk_list_box_invalidate_filter (self->list);
  update_count (self);
}

static void
dates_changed (SealdeskLedgerView *self)
{
  read_day (self->from_entry, &self->from_day);
  read_day (self->to_entry, &self->to_day);
  filters_changed (self);
}

typedef const char *(*ChoiceText) (SealdeskLedgerView *self, const char *value);

typedef struct {
  SealdeskLedgerView *self;
  ChoiceText          text;
} ChoiceOrder;

static int
compare_choices (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const ChoiceOrder *order = user_data;

  return g_utf8_collate (order->text (order->self, *(const char **) a),
                         order->text (order->self, *(const char **) b));
}

/* Offers in @drop "all" and each value of @member the entries have (by
 * the text the rows show), keeping the choice made if it is still there. */
static void
offer_choices (SealdeskLedgerView *self, GtkDropDown *drop, GPtrArray **choices, const char *member,
               const char *all, ChoiceText text)
{
  g_autofree char *kept = g_strdup (chosen (drop, *choices));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  GtkStringList *items = GTK_STRING_LIST (gtk_drop_down_get_model (drop));
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  ChoiceOrder order = { self, text };
  JsonArray *array = self->entries != NULL ? json_node_get_array (self->entries) : NULL;
  guint selected = 0;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value =
        JSON_NODE_HOLDS_OBJECT (node) ? _sealdesk_ledger_member_string (json_node_get_object (node), member) : NULL;

      if (value != NULL && g_hash_table_add (seen, (gpointer) value))
        g_ptr_array_add (values, g_strdup (value));
    }
  g_ptr_array_sort_with_data (values, compare_choices, &order);
  g_ptr_array_insert (values, 0, NULL);

  g_strv_builder_add (texts, all);
  for (guint i = 1; i < values->len; i++)
    {
      g_strv_builder_add (texts, text (self, g_ptr_array_index (values, i)));
      if (g_strcmp0 (kept, g_ptr_array_index (values, i)) == 0)
        selected = i;
    }
  strings = g_strv_builder_end (texts);
  g_clear_pointer (choices, g_ptr_array_unref);
  *choices = g_steal_pointer (&values);
  gtk_string_list_splice (items, 0, g_list_model_get_n_items (G_LIST_MODEL (items)),
                          (const char * const *) strings);
  gtk_drop_down_set_selected (drop, selected);
}

static void
fill (SealdeskLedgerView *self)
{
  GtkWidget *child;
  JsonArray *array;

  self->refilling = TRUE;
  /* TRANSLATORS: the first item of the ledger's seal filter */
  offer_choices (self, self->seal_drop, &self->seal_choices, "seal", _("All seals"), seal_text);
  /* TRANSLATORS: the first item of the ledger's person filter */
  offer_choices (self, self->person_drop, &self->person_choices, "actor", _("All people"), actor_text);
  self->refilling = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->entries == NULL)
    {
      update_count (self);
      return;
    }
  array = json_node_get_array (self->entries);
  /* Newest first. */
  for (guint i = json_array_get_length (array); i > 0; i--)
    {
      JsonNode *node = json_array_get_element (array, i - 1);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->list, make_row (self, json_node_get_object (node)));
    }
  update_count (self);
}

static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *entries = sd_ledger_list (sd_workspace_get_ledger (task_data), 1, &error);
  Listing *listing;

  if (entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  listing = g_new0 (Listing, 1);
  listing->entries = entries;
  read_names (task_data, listing);
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SealdeskLedgerView) self = user_data;
  g_autoptr(GError) error = NULL;
  Listing *listing = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&listing, listing_free);
      return;
    }
  if (listing != NULL)
    {
      g_clear_pointer (&self->entries, json_node_unref);
      g_clear_pointer (&self->seal_names, g_hash_table_unref);
      g_clear_pointer (&self->people, g_hash_table_unref);
      self->entries = g_steal_pointer (&listing->entries);
      self->seal_names = g_steal_pointer (&listing->seal_names);
      self->people = g_steal_pointer (&listing->people);
      listing_free (listing);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The ledger cannot be read: %s"), error->message);

      _sealdesk_ledger_view_show_result (self, SEALDESK_LEDGER_INVALID, text);
    }
  fill (self);
  _sealdesk_ledger_view_set_loading (self, FALSE);
}

void
sealdesk_ledger_view_reload (SealdeskLedgerView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEALDESK_IS_LEDGER_VIEW (self));

  if (self->workspace == NULL || self->loading)
    return;
  task = g_task_new (NULL, self->cancellable, list_done, g_object_ref (self));
  g_task_set_source_tag (task, sealdesk_ledger_view_reload);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, list_thread);
  _sealdesk_ledger_view_set_loading (self, TRUE);
}


guint
sealdesk_ledger_view_get_n_shown (SealdeskLedgerView *self)
{
  guint n = 0;

  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        _sealdesk_ledger_view_entry_matches (self, g_object_get_data (G_OBJECT (row), "entry")))
      n++;
  return n;
}

GArray *
_sealdesk_ledger_view_shown_seqs (SealdeskLedgerView *self)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The rows are newest first. */
  for (GtkWidget *row = gtk_widget_get_last_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_prev_sibling (row))
    {
      JsonObject *entry = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row), "entry") : NULL;

      if (entry != NULL && _sealdesk_ledger_view_entry_matches (self, entry))
        {
          gint64 seq = json_object_get_int_member (entry, "seq");

          g_array_append_val (seqs, seq);
        }
    }
  return seqs;
}

GStrv
sealdesk_ledger_view_get_shown_kinds (SealdeskLedgerView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEALDESK_IS_LEDGER_VIEW (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonObject *entry = GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row), "entry") : NULL;

      if (entry != NULL && _sealdesk_ledger_view_entry_matches (self, entry))
        g_strv_builder_add (builder, _sealdesk_ledger_member_string (entry, "kind"));
    }
  return g_strv_builder_end (builder);
}

/* The drop-downs' items: a seal's or a person's name can be long. */
static void
setup_item (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
set_item_factory (GtkDropDown *drop)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  gtk_drop_down_set_factory (drop, factory);
}

void
_sealdesk_ledger_view_list_init (SealdeskLedgerView *self)
{
  GtkEditable *dates[] = { self->from_entry, self->to_entry };

  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  set_item_factory (self->seal_drop);
  set_item_factory (self->person_drop);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_object_set_data_full (G_OBJECT (dates[i]), "sealdesk-tooltip",
                              g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (dates[i]))), g_free);
      g_signal_connect_object (dates[i], "changed", G_CALLBACK (dates_changed), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seal_drop, "notify::selected", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->person_drop, "notify::selected", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_drop, "notify::selected", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
}

void
_sealdesk_ledger_view_list_finalize (SealdeskLedgerView *self)
{
  g_clear_pointer (&self->seal_choices, g_ptr_array_unref);
  g_clear_pointer (&self->person_choices, g_ptr_array_unref);
  g_clear_pointer (&self->from_day, g_free);
  g_clear_pointer (&self->to_day, g_free);
}
