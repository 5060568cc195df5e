/* sealdesk-find-bar-private.h: what the find bar's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sealdesk-find-bar.h"

G_BEGIN_DECLS

struct _SealdeskFindBar
{
  GtkWidget         parent_instance;

  SealdeskPageView *page_view;
  SealdeskDocumentModel *model;     /* the page view's, followed */
  SealdeskDocument *document;

  GtkSearchBar     *search_bar;
  GtkSearchEntry   *entry;
  GtkLabel         *count_label;

  /* The search under way or done */
  GCancellable     *cancellable;
  char             *text;
  GPtrArray        *matches;         /* page -> GArray of graphene_rect_t, or NULL */
  guint             start_page;
  guint             n_searched;
  guint             n_matches;
  int               current_page;
  int               current_index;

  gboolean          case_sensitive;
  gboolean          whole_words;
};

/* sealdesk-find-bar.c */
guint   _sealdesk_find_bar_n_pages          (SealdeskFindBar *self);
/* The matches found on @page (GArray of graphene_rect_t), or NULL. */
GArray *_sealdesk_find_bar_page_matches     (SealdeskFindBar *self,
                                             int              page);
/* Shows the count and enables next and previous. */
void    _sealdesk_find_bar_update           (SealdeskFindBar *self);
void    _sealdesk_find_bar_set_current      (SealdeskFindBar *self,
                                             int              page,
                                             int              index);
void    _sealdesk_find_bar_notify_searching (SealdeskFindBar *self);

/* sealdesk-find-bar-search.c */
/* Stops the search and forgets its results. */
void    _sealdesk_find_bar_reset            (SealdeskFindBar *self);
/* Starts again with the entry's text (and the options). */
void    _sealdesk_find_bar_restart          (SealdeskFindBar *self);

G_END_DECLS
