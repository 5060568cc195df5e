/* sealdesk-outline.c: the document's outline (bookmarks) in the sidebar
 *
 * The outline is read with poppler_index_iter on the document's worker
 * thread (the render queue), named destinations resolved there too, and
 * shown as a tree: a GtkListView over a GtkTreeListModel. Activating an
 * entry (a click, or Enter) scrolls the page view to the page and the
 * place on it the entry points at. "has-outline" says whether there is
 * anything to show; the window offers the outline only then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <poppler.h>

#include "sealdesk-outline.h"

/* Outlines nested deeper than this are cut (hostile files). */
#define MAX_DEPTH 32

/* One entry of the outline (private to this file). */
#define SEALDESK_TYPE_OUTLINE_ITEM (sealdesk_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (SealdeskOutlineItem, sealdesk_outline_item, SEALDESK, OUTLINE_ITEM, GObject)

struct _SealdeskOutlineItem
{
  GObject     parent_instance;

  char       *title;
  int         page;       /* from 0, or -1: goes nowhere in the document */
  double      x;          /* page points, top left; NAN: the page's edge */
  double      y;
  gboolean    open;
  GListStore *children;   /* NULL for a leaf */
};

G_DEFINE_FINAL_TYPE (SealdeskOutlineItem, sealdesk_outline_item, G_TYPE_OBJECT)

static void
sealdesk_outline_item_finalize (GObject *object)
{
  SealdeskOutlineItem *self = (SealdeskOutlineItem *)object;

  g_free (self->title);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sealdesk_outline_item_parent_class)->finalize (object);
}

static void
sealdesk_outline_item_class_init (SealdeskOutlineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sealdesk_outline_item_finalize;
}

static void
sealdesk_outline_item_init (SealdeskOutlineItem *self)
{
  self->page = -1;
  self->x = self->y = NAN;
}

struct _SealdeskOutline
{
  GtkWidget          parent_instance;

  SealdeskPageView  *page_view;
  SealdeskDocumentModel *model;
  SealdeskDocument  *document;
  GCancellable      *cancellable;
  GtkTreeListModel  *tree;
  GtkSingleSelection *selection;

  GtkListView       *list_view;
};

G_DEFINE_FINAL_TYPE (SealdeskOutline, sealdesk_outline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE_VIEW,
  PROP_HAS_OUTLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Reading, on the worker thread */

static void
read_destination (PopplerDocument     *document,
                  PopplerAction       *action,
                  SealdeskOutlineItem *item)
{
  PopplerDest *dest, *found = NULL;
  PopplerPage *page;
  double height = 0;

  if (action == NULL || action->type != POPPLER_ACTION_GOTO_DEST ||
      (dest = action->goto_dest.dest) == NULL)
    return;

  if (dest->type == POPPLER_DEST_NAMED)
    {
      if (dest->named_dest == NULL ||
          !(found = poppler_document_find_dest (document, dest->named_dest)))
        return;
      dest = found;
    }

  if (dest->page_num >= 1 && dest->page_num <= poppler_document_get_n_pages (document))
    {
      item->page = dest->page_num - 1;
      if ((page = poppler_document_get_page (document, item->page)))
        {
          poppler_page_get_size (page, NULL, &height);
          g_object_unref (page);
        }

      switch (dest->type)
        {
        case POPPLER_DEST_XYZ:
        case POPPLER_DEST_FITH:
        case POPPLER_DEST_FITBH:
        case POPPLER_DEST_FITR:
          /* PDF gives the top from the bottom of the page. */
          if (dest->change_top || dest->type != POPPLER_DEST_XYZ)
            item->y = CLAMP (height - dest->top, 0, height);
          if (dest->type == POPPLER_DEST_XYZ && dest->change_left)
            item->x = MAX (dest->left, 0);
          break;
        default:
          break;
        }
    }

  if (found != NULL)
    poppler_dest_free (found);
}

static GListStore *
read_level (PopplerDocument  *document,
            PopplerIndexIter *iter,
            guint             depth,
            GCancellable     *cancellable)
{
  GListStore *store = g_list_store_new (SEALDESK_TYPE_OUTLINE_ITEM);

  do
    {
      PopplerAction *action = poppler_index_iter_get_action (iter);
      PopplerIndexIter *child;
      SealdeskOutlineItem *item;

      if (g_cancellable_is_cancelled (cancellable))
        {
          if (action)
            poppler_action_free (action);
          break;
        }

      item = g_object_new (SEALDESK_TYPE_OUTLINE_ITEM, NULL);
      if (action != NULL && action->any.title != NULL)
        item->title = g_strstrip (g_strdup (action->any.title));
      if (item->title == NULL || item->title[0] == '\0')
        {
          g_free (item->title);
          item->title = g_strdup (_("Untitled"));
        }
      read_destination (document, action, item);
      item->open = poppler_index_iter_is_open (iter);

      if (depth < MAX_DEPTH && (child = poppler_index_iter_get_child (iter)))
        {
          item->children = read_level (document, child, depth + 1, cancellable);
          poppler_index_iter_free (child);
          if (g_list_model_get_n_items (G_LIST_MODEL (item->children)) == 0)
            g_clear_object (&item->children);
        }

      g_list_store_append (store, item);
      g_object_unref (item);
      if (action)
        poppler_action_free (action);
    }
  while (poppler_index_iter_next (iter));

  return store;
}

static void
read_outline_thread (GTask           *task,
                     PopplerDocument *document,
                     gpointer         task_data,
                     GCancellable    *cancellable)
{
  PopplerIndexIter *iter = poppler_index_iter_new (document);
  GListStore *store;

  if (iter == NULL)
    store = g_list_store_new (SEALDESK_TYPE_OUTLINE_ITEM);
  else
    {
      store = read_level (document, iter, 0, cancellable);
      poppler_index_iter_free (iter);
    }

  g_task_return_pointer (task, store, g_object_unref);
}

/* Showing */

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  SealdeskOutlineItem *entry = item;

  return entry->children ? g_object_ref (G_LIST_MODEL (entry->children)) : NULL;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SealdeskOutline          *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *page = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (page, "dim-label");
  gtk_widget_add_css_class (page, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), page);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          SealdeskOutline          *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  SealdeskOutlineItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *page = gtk_widget_get_next_sibling (title);
  const char *label = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_widget_set_tooltip_text (title, item->title);
  if (item->page >= 0 && self->document != NULL &&
      (guint) item->page < sealdesk_document_get_n_pages (self->document))
    label = sealdesk_document_get_page_label (self->document, item->page);
  gtk_label_set_text (GTK_LABEL (page), label ? label : "");
  gtk_widget_set_visible (page, label != NULL);
  g_object_unref (item);
}

static void
sealdesk_outline_set_store (SealdeskOutline *self,
                            GListStore      *store)
{
  gboolean had = sealdesk_outline_get_has_outline (self);
  GtkTreeListModel *tree = NULL;

  if (store != NULL)
    {
      tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (store)), FALSE, FALSE,
                                      create_child_model, NULL, NULL);
      /* Expanded as the author left them (a PDF's "open" entries). */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tree)); i++)
        {
          g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (tree), i);
          g_autoptr(SealdeskOutlineItem) item = gtk_tree_list_row_get_item (row);

          if (item->open && item->children != NULL)
            gtk_tree_list_row_set_expanded (row, TRUE);
        }
    }

  g_clear_object (&self->tree);
  self->tree = tree;
  gtk_single_selection_set_model (self->selection, tree ? G_LIST_MODEL (tree) : NULL);

  if (had != sealdesk_outline_get_has_outline (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_OUTLINE]);
}

static void
sealdesk_outline_read_done (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(SealdeskOutline) self = user_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = sealdesk_render_queue_run_finish (SEALDESK_RENDER_QUEUE (source), result, &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The outline could not be read: %s", error->message);
      return;
    }

  sealdesk_outline_set_store (self, store);
}

static void
sealdesk_outline_document_changed (SealdeskOutline *self)
{
  SealdeskDocument *document = self->model ? sealdesk_document_model_get_document (self->model) : NULL;

  if (document == self->document)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sealdesk_outline_set_store (self, NULL);
  g_set_object (&self->document, document);

  if (document == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  sealdesk_render_queue_run_async (sealdesk_document_get_render_queue (document),
                                   SEALDESK_RENDER_PRIORITY_NEARBY,
                                   read_outline_thread, NULL, NULL,
                                   self->cancellable, sealdesk_outline_read_done,
                                   g_object_ref (self));
}

static void
sealdesk_outline_model_changed (SealdeskOutline *self)
{
  SealdeskDocumentModel *model = self->page_view ? sealdesk_page_view_get_model (self->page_view) : NULL;

  if (model == self->model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "notify::document",
                             G_CALLBACK (sealdesk_outline_document_changed),
                             self, G_CONNECT_SWAPPED);
  sealdesk_outline_document_changed (self);
}

/* The entry of row @position (a new reference), or NULL. */
static SealdeskOutlineItem *
sealdesk_outline_get_item (SealdeskOutline *self,
                           guint            position)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  if (self->tree == NULL ||
      !(row = g_list_model_get_item (G_LIST_MODEL (self->tree), position)))
    return NULL;

  return gtk_tree_list_row_get_item (row);
}

/* Goes to where row @position points. */
void
sealdesk_outline_activate_row (SealdeskOutline *self,
                               guint            position)
{
  g_autoptr(SealdeskOutlineItem) item = NULL;

  g_return_if_fail (SEALDESK_IS_OUTLINE (self));

  item = sealdesk_outline_get_item (self, position);
  if (item == NULL || self->page_view == NULL)
    return;

  if (item->page < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (isnan (item->y) && isnan (item->x))
    sealdesk_document_model_set_page (self->model, item->page);
  else
    sealdesk_page_view_scroll_to_point (self->page_view, item->page,
                                        isnan (item->x) ? 0 : item->x,
                                        isnan (item->y) ? 0 : item->y);
}

const char *
sealdesk_outline_get_row_title (SealdeskOutline *self,
                                guint            position,
                                int             *page)
{
  g_autoptr(SealdeskOutlineItem) item = NULL;

  g_return_val_if_fail (SEALDESK_IS_OUTLINE (self), NULL);

  item = sealdesk_outline_get_item (self, position);
  if (page)
    *page = item ? item->page : -1;

  /* Owned by the item, which the tree keeps. */
  return item ? item->title : NULL;
}

GListModel *
sealdesk_outline_get_rows (SealdeskOutline *self)
{
  g_return_val_if_fail (SEALDESK_IS_OUTLINE (self), NULL);

  return self->tree ? G_LIST_MODEL (self->tree) : NULL;
}

gboolean
sealdesk_outline_get_has_outline (SealdeskOutline *self)
{
  g_return_val_if_fail (SEALDESK_IS_OUTLINE (self), FALSE);

  return self->tree != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->tree)) > 0;
}

gboolean
sealdesk_outline_is_loading (SealdeskOutline *self)
{
  g_return_val_if_fail (SEALDESK_IS_OUTLINE (self), FALSE);

  return self->cancellable != NULL;
}

SealdeskPageView *
sealdesk_outline_get_page_view (SealdeskOutline *self)
{
  g_return_val_if_fail (SEALDESK_IS_OUTLINE (self), NULL);

  return self->page_view;
}

void
sealdesk_outline_set_page_view (SealdeskOutline  *self,
                                SealdeskPageView *page_view)
{
  g_return_if_fail (SEALDESK_IS_OUTLINE (self));
  g_return_if_fail (!page_view || SEALDESK_IS_PAGE_VIEW (page_view));

  if (self->page_view == page_view)
    return;

  if (self->page_view != NULL)
    g_signal_handlers_disconnect_by_data (self->page_view, self);
  g_set_object (&self->page_view, page_view);
  if (page_view != NULL)
    g_signal_connect_object (page_view, "notify::model",
                             G_CALLBACK (sealdesk_outline_model_changed),
                             self, G_CONNECT_SWAPPED);
  sealdesk_outline_model_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_VIEW]);
}

static void
sealdesk_outline_dispose (GObject *object)
{
  SealdeskOutline *self = (SealdeskOutline *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->page_view);
  g_clear_object (&self->document);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_OUTLINE);
  /* Children of the template without an id of their own, too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->tree);

  G_OBJECT_CLASS (sealdesk_outline_parent_class)->dispose (object);
}

static void
sealdesk_outline_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SealdeskOutline *self = SEALDESK_OUTLINE (object);

  switch (prop_id)
    {
    case PROP_PAGE_VIEW:
      g_value_set_object (value, self->page_view);
      break;

    case PROP_HAS_OUTLINE:
      g_value_set_boolean (value, sealdesk_outline_get_has_outline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_outline_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SealdeskOutline *self = SEALDESK_OUTLINE (object);

  switch (prop_id)
    {
    case PROP_PAGE_VIEW:
      sealdesk_outline_set_page_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_outline_class_init (SealdeskOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_outline_dispose;
  object_class->get_property = sealdesk_outline_get_property;
  object_class->set_property = sealdesk_outline_set_property;

  properties[PROP_PAGE_VIEW] =
    g_param_spec_object ("page-view", NULL, NULL,
                         SEALDESK_TYPE_PAGE_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HAS_OUTLINE] =
    g_param_spec_boolean ("has-outline", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-outline.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskOutline, list_view);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_outline_activate_row);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "outline");
}

static void
sealdesk_outline_init (SealdeskOutline *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
}
