/* sealdesk-find-bar.c: find text in the document (Ctrl+F)
 *
 * A GtkSearchBar above the pages, as in Evince and Papers: an entry,
 * previous and next, the options (match case, whole words) and "3 of 12".
 * The search starts at the page being read and goes round the document,
 * one page at a time on the document's worker thread (Poppler's
 * poppler_page_find_text_with_options()), so the pages keep rendering
 * between two pages of searching. The first match found becomes the
 * current one and is scrolled to; the page view draws all of them.
 * Enter and F3 go to the next match, Shift+Enter and Shift+F3 to the
 * previous one, Escape closes the bar and clears the highlights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "sealdesk-find-bar-private.h"


G_DEFINE_FINAL_TYPE (SealdeskFindBar, sealdesk_find_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE_VIEW,
  PROP_CASE_SENSITIVE,
  PROP_WHOLE_WORDS,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Searching (sealdesk-find-bar-search.c) changed. */
void
_sealdesk_find_bar_notify_searching (SealdeskFindBar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

guint
_sealdesk_find_bar_n_pages (SealdeskFindBar *self)
{
  return self->document ? sealdesk_document_get_n_pages (self->document) : 0;
}

GArray *
_sealdesk_find_bar_page_matches (SealdeskFindBar *self,
                                 int              page)
{
  if (self->matches == NULL || page < 0 || (guint) page >= self->matches->len)
    return NULL;

  return g_ptr_array_index (self->matches, page);
}

guint
sealdesk_find_bar_get_current (SealdeskFindBar *self,
                               int             *page,
                               int             *index)
{
  guint number = 0;

  g_return_val_if_fail (SEALDESK_IS_FIND_BAR (self), 0);

  if (page)
    *page = self->current_page;
  if (index)
    *index = self->current_index;
  if (self->current_page < 0)
    return 0;

  for (int i = 0; i < self->current_page; i++)
    {
      GArray *matches = _sealdesk_find_bar_page_matches (self, i);

      number += matches ? matches->len : 0;
    }

  return number + self->current_index + 1;
}

gboolean
sealdesk_find_bar_is_searching (SealdeskFindBar *self)
{
  g_return_val_if_fail (SEALDESK_IS_FIND_BAR (self), FALSE);

  return self->cancellable != NULL;
}

guint
sealdesk_find_bar_get_n_matches (SealdeskFindBar *self)
{
  g_return_val_if_fail (SEALDESK_IS_FIND_BAR (self), 0);

  return self->n_matches;
}

void
_sealdesk_find_bar_update (SealdeskFindBar *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *label = NULL;
  gboolean searching = self->cancellable != NULL;
  gboolean not_found = self->text != NULL && !searching && self->n_matches == 0;

  if (self->text == NULL)
    label = g_strdup ("");
  else if (self->n_matches > 0)
    /* Translators: the current match and how many there are, "3 of 12" */
    label = g_strdup_printf (_("%u of %u"), sealdesk_find_bar_get_current (self, NULL, NULL),
                             self->n_matches);
  else if (searching)
    label = g_strdup (_("Searching…"));
  else
    label = g_strdup (_("No results"));

  gtk_label_set_text (self->count_label, label);
  if (not_found)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

  gtk_widget_action_set_enabled (widget, "find.next", self->n_matches > 0);
  gtk_widget_action_set_enabled (widget, "find.previous", self->n_matches > 0);
}

void
_sealdesk_find_bar_set_current (SealdeskFindBar *self,
                                int              page,
                                int              index)
{
  self->current_page = page;
  self->current_index = index;
  if (self->page_view != NULL)
    sealdesk_page_view_set_current_match (self->page_view, page, index);
  _sealdesk_find_bar_update (self);
}

/* The entry says so a moment (its search delay) after the last change:
 * by then Enter, F3 or sealdesk_find_bar_search() may have searched for
 * the same text already, and starting over would lose the current match. */
static void
sealdesk_find_bar_search_changed (SealdeskFindBar *self)
{
  if (self->text != NULL &&
      g_strcmp0 (self->text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) == 0)
    return;

  _sealdesk_find_bar_restart (self);
}

static void
sealdesk_find_bar_mode_changed (SealdeskFindBar *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    return;

  _sealdesk_find_bar_reset (self);
  if (self->page_view != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->page_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
}

static void
sealdesk_find_bar_document_changed (SealdeskFindBar *self)
{
  SealdeskDocument *document = self->model ? sealdesk_document_model_get_document (self->model) : NULL;

  if (document == self->document)
    return;

  _sealdesk_find_bar_reset (self);
  g_set_object (&self->document, document);
  if (document == NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  else
    _sealdesk_find_bar_restart (self);
}

static void
sealdesk_find_bar_model_changed (SealdeskFindBar *self)
{
  SealdeskDocumentModel *model = self->page_view ? sealdesk_page_view_get_model (self->page_view) : NULL;

  if (model == self->model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "notify::document",
                             G_CALLBACK (sealdesk_find_bar_document_changed),
                             self, G_CONNECT_SWAPPED);
  sealdesk_find_bar_document_changed (self);
}

/* Goes @step (1 or -1) matches on, round the document. */
static void
sealdesk_find_bar_step (SealdeskFindBar *self,
                        int              step)
{
  guint total = _sealdesk_find_bar_n_pages (self);
  int page = self->current_page;
  int index = self->current_index;
  GArray *matches;

  if (self->n_matches == 0 || total == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (page < 0)
    {
      page = self->start_page;
      index = step > 0 ? -1 : 0;
    }

  index += step;
  for (guint i = 0; i <= total; i++)
    {
      matches = _sealdesk_find_bar_page_matches (self, page);
      if (matches != NULL && index >= 0 && (guint) index < matches->len)
        {
          _sealdesk_find_bar_set_current (self, page, index);
          return;
        }
      page = (page + step + (int) total) % (int) total;
      matches = _sealdesk_find_bar_page_matches (self, page);
      index = step > 0 ? 0 : (matches ? (int) matches->len - 1 : -1);
    }
}

void
sealdesk_find_bar_next (SealdeskFindBar *self)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));

  /* The entry's text may not have been searched yet (typed quickly). */
  if (g_strcmp0 (self->text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    _sealdesk_find_bar_restart (self);
  else
    sealdesk_find_bar_step (self, 1);
}

void
sealdesk_find_bar_previous (SealdeskFindBar *self)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));

  if (g_strcmp0 (self->text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    _sealdesk_find_bar_restart (self);
  else
    sealdesk_find_bar_step (self, -1);
}

/* Shows the bar with the focus in its entry, the last text selected. */
void
sealdesk_find_bar_open (SealdeskFindBar *self)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      if (gtk_editable_get_text (GTK_EDITABLE (self->entry))[0] != '\0')
        _sealdesk_find_bar_restart (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

void
sealdesk_find_bar_close (SealdeskFindBar *self)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

gboolean
sealdesk_find_bar_is_open (SealdeskFindBar *self)
{
  g_return_val_if_fail (SEALDESK_IS_FIND_BAR (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

/* Opens the bar and searches for @text at once. */
void
sealdesk_find_bar_search (SealdeskFindBar *self,
                          const char      *text)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  /* The entry's search-changed comes later; it finds this text searched. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  _sealdesk_find_bar_restart (self);
}

static gboolean
sealdesk_find_bar_entry_key (SealdeskFindBar *self,
                             guint            keyval,
                             guint            keycode,
                             GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK))
    {
      sealdesk_find_bar_previous (self);
      return TRUE;
    }

  return FALSE;
}

static void
sealdesk_find_bar_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  if (g_str_equal (action_name, "find.next"))
    sealdesk_find_bar_next (SEALDESK_FIND_BAR (widget));
  else
    sealdesk_find_bar_previous (SEALDESK_FIND_BAR (widget));
}

SealdeskPageView *
sealdesk_find_bar_get_page_view (SealdeskFindBar *self)
{
  g_return_val_if_fail (SEALDESK_IS_FIND_BAR (self), NULL);

  return self->page_view;
}

void
sealdesk_find_bar_set_page_view (SealdeskFindBar  *self,
                                 SealdeskPageView *page_view)
{
  g_return_if_fail (SEALDESK_IS_FIND_BAR (self));
  g_return_if_fail (!page_view || SEALDESK_IS_PAGE_VIEW (page_view));

  if (self->page_view == page_view)
    return;

  if (self->page_view != NULL)
    {
      sealdesk_page_view_set_find_matches (self->page_view, NULL);
      g_signal_handlers_disconnect_by_data (self->page_view, self);
    }
  g_set_object (&self->page_view, page_view);
  if (page_view != NULL)
    g_signal_connect_object (page_view, "notify::model",
                             G_CALLBACK (sealdesk_find_bar_model_changed),
                             self, G_CONNECT_SWAPPED);
  sealdesk_find_bar_model_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_VIEW]);
}

static void
sealdesk_find_bar_dispose (GObject *object)
{
  SealdeskFindBar *self = (SealdeskFindBar *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->page_view);
  g_clear_object (&self->document);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_FIND_BAR);
  /* Children of the template without an id of their own, too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sealdesk_find_bar_parent_class)->dispose (object);
}

static void
sealdesk_find_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SealdeskFindBar *self = SEALDESK_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_PAGE_VIEW:
      g_value_set_object (value, self->page_view);
      break;

    case PROP_CASE_SENSITIVE:
      g_value_set_boolean (value, self->case_sensitive);
      break;

    case PROP_WHOLE_WORDS:
      g_value_set_boolean (value, self->whole_words);
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_find_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SealdeskFindBar *self = SEALDESK_FIND_BAR (object);
  gboolean *option = NULL;

  switch (prop_id)
    {
    case PROP_PAGE_VIEW:
      sealdesk_find_bar_set_page_view (self, g_value_get_object (value));
      return;

    case PROP_CASE_SENSITIVE:
      option = &self->case_sensitive;
      break;

    case PROP_WHOLE_WORDS:
      option = &self->whole_words;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (*option != g_value_get_boolean (value))
    {
      *option = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      _sealdesk_find_bar_restart (self);
    }
}

static void
sealdesk_find_bar_class_init (SealdeskFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_find_bar_dispose;
  object_class->get_property = sealdesk_find_bar_get_property;
  object_class->set_property = sealdesk_find_bar_set_property;

  properties[PROP_PAGE_VIEW] =
    g_param_spec_object ("page-view", NULL, NULL,
                         SEALDESK_TYPE_PAGE_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CASE_SENSITIVE] =
    g_param_spec_boolean ("case-sensitive", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WHOLE_WORDS] =
    g_param_spec_boolean ("whole-words", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskFindBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SealdeskFindBar, entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskFindBar, count_label);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_find_bar_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_find_bar_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_find_bar_next);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_find_bar_previous);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_find_bar_close);

  gtk_widget_class_install_action (widget_class, "find.next", NULL, sealdesk_find_bar_action);
  gtk_widget_class_install_action (widget_class, "find.previous", NULL, sealdesk_find_bar_action);
  /* The keys of win.find-next and win.find-previous, the bar's own too. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "find.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "find.previous", NULL);
  gtk_widget_class_install_property_action (widget_class, "find.case-sensitive", "case-sensitive");
  gtk_widget_class_install_property_action (widget_class, "find.whole-words", "whole-words");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "findbar");
}

static void
sealdesk_find_bar_init (SealdeskFindBar *self)
{
  GtkEventController *key_controller;

  self->current_page = self->current_index = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));

  /* Before the entry's own Enter: Shift+Enter goes back. */
  key_controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key_controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key_controller, "key-pressed",
                            G_CALLBACK (sealdesk_find_bar_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), key_controller);

  _sealdesk_find_bar_update (self);
}
