/* sealdesk-view-sidebar.c: the main views of a window, as a narrow sidebar
 *
 * The window's views (Documents, Requests, Seals, Ledger) are the pages
 * of an AdwViewStack; this lists them down the left edge, each as an icon
 * over its title, with the page's badge number (the requests waiting for
 * the person) on the icon. When the window is too narrow for that (800
 * pixels and the document's header bar), an AdwSqueezer shows the icons
 * alone, each with its title as tooltip and accessible name. The rows
 * follow the pages: a page hidden (a view that needs the workspace, before
 * it opens) hides its row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-view-sidebar.h"

struct _SealdeskViewSidebar
{
  AdwBin parent_instance;

  AdwViewStack *stack;
  GListModel   *pages;
  gboolean      switching;

  /* Template children */
  AdwSqueezer *squeezer;
  GtkListBox  *list;         /* icons over titles */
  GtkListBox  *compact_list; /* icons only, when the window is narrow */
};

G_DEFINE_FINAL_TYPE (SealdeskViewSidebar, sealdesk_view_sidebar, ADW_TYPE_BIN)

enum { PROP_0, PROP_STACK, N_PROPS };

static GParamSpec *properties[N_PROPS];

static AdwViewStackPage *
row_page (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "page");
}

static void
update_row (GtkListBoxRow *row)
{
  AdwViewStackPage *page = row_page (row);
  GtkLabel         *title = g_object_get_data (G_OBJECT (row), "title");
  GtkImage         *icon = g_object_get_data (G_OBJECT (row), "icon");
  GtkLabel         *badge = g_object_get_data (G_OBJECT (row), "badge");
  guint             n = adw_view_stack_page_get_badge_number (page);
  const char       *text = adw_view_stack_page_get_title (page);
  g_autofree char  *number = NULL;
  g_autofree char  *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (row), adw_view_stack_page_get_visible (page));
  if (title != NULL)
    gtk_label_set_label (title, text != NULL ? text : "");
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (row), text);
  gtk_image_set_from_icon_name (icon, adw_view_stack_page_get_icon_name (page));
  /* More than 99 does not fit on the icon. */
  number = n > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", n);
  gtk_label_set_label (badge, n > 0 ? number : "");
  gtk_widget_set_visible (GTK_WIDGET (badge), n > 0);
  if (n > 0)
    /* TRANSLATORS: what a screen reader says of a view's badge in the
     * window's sidebar, e.g. "3 waiting for you" on Requests */
    description = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u waiting for you", "%u waiting for you", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
}

static GtkWidget *
row_new (AdwViewStackPage *page, gboolean with_title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *title = NULL;

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_halign (overlay, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (badge, GTK_ALIGN_END);
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_set_can_target (badge, FALSE);
  gtk_widget_add_css_class (badge, "view-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_add_css_class (icon, "view-icon");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), icon);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), badge);
  gtk_box_append (GTK_BOX (box), overlay);
  if (with_title)
    {
      title = gtk_label_new (NULL);
      gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 10);
      gtk_widget_add_css_class (title, "caption");
      gtk_box_append (GTK_BOX (box), title);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "page", g_object_ref (page), g_object_unref);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_signal_connect_object (page, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  update_row (GTK_LIST_BOX_ROW (row));
  return row;
}

static void
select_shown_in (SealdeskViewSidebar *self, GtkListBox *list)
{
  GtkWidget *shown = self->stack != NULL ? adw_view_stack_get_visible_child (self->stack) : NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        adw_view_stack_page_get_child (row_page (GTK_LIST_BOX_ROW (row))) == shown)
      {
        self->switching = TRUE;
        gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row));
        self->switching = FALSE;
        return;
      }
}

static void
select_shown (SealdeskViewSidebar *self)
{
  select_shown_in (self, self->list);
  select_shown_in (self, self->compact_list);
}

static void
rebuild (SealdeskViewSidebar *self)
{
  GtkListBox *lists[] = { self->list, self->compact_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GtkWidget *child;

      self->switching = TRUE;
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (lists[l]))) != NULL)
        gtk_list_box_remove (lists[l], child);
      self->switching = FALSE;
      for (guint i = 0; self->pages != NULL && i < g_list_model_get_n_items (self->pages); i++)
        {
          g_autoptr(AdwViewStackPage) page = g_list_model_get_item (self->pages, i);

          gtk_list_box_append (lists[l], row_new (page, lists[l] == self->list));
        }
    }
  select_shown (self);
}

static void
row_selected_cb (SealdeskViewSidebar *self, GtkListBoxRow *row)
{
  if (self->switching || row == NULL || self->stack == NULL)
    return;
  adw_view_stack_set_visible_child (self->stack, adw_view_stack_page_get_child (row_page (row)));
}

void
sealdesk_view_sidebar_set_stack (SealdeskViewSidebar *self, AdwViewStack *stack)
{
  g_return_if_fail (SEALDESK_IS_VIEW_SIDEBAR (self));
  g_return_if_fail (stack == NULL || ADW_IS_VIEW_STACK (stack));

  if (self->stack == stack)
    return;
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  g_clear_object (&self->pages);
  g_set_object (&self->stack, stack);
  if (stack != NULL)
    {
      self->pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
      g_signal_connect_swapped (self->pages, "items-changed", G_CALLBACK (rebuild), self);
      g_signal_connect_swapped (stack, "notify::visible-child", G_CALLBACK (select_shown), self);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

AdwViewStack *
sealdesk_view_sidebar_get_stack (SealdeskViewSidebar *self)
{
  g_return_val_if_fail (SEALDESK_IS_VIEW_SIDEBAR (self), NULL);

  return self->stack;
}

GtkListBoxRow *
sealdesk_view_sidebar_get_row (SealdeskViewSidebar *self, const char *name)
{
  GtkWidget *list;

  g_return_val_if_fail (SEALDESK_IS_VIEW_SIDEBAR (self), NULL);

  list = sealdesk_view_sidebar_get_compact (self) ? GTK_WIDGET (self->compact_list)
                                                  : GTK_WIDGET (self->list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        g_strcmp0 (adw_view_stack_page_get_name (row_page (GTK_LIST_BOX_ROW (row))), name) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

gboolean
sealdesk_view_sidebar_get_compact (SealdeskViewSidebar *self)
{
  g_return_val_if_fail (SEALDESK_IS_VIEW_SIDEBAR (self), FALSE);

  return adw_squeezer_get_visible_child (self->squeezer) ==
         gtk_widget_get_ancestor (GTK_WIDGET (self->compact_list), GTK_TYPE_SCROLLED_WINDOW);
}

const char *
sealdesk_view_sidebar_get_badge (SealdeskViewSidebar *self, const char *name)
{
  GtkListBoxRow *row = sealdesk_view_sidebar_get_row (self, name);

  return row != NULL ? gtk_label_get_label (g_object_get_data (G_OBJECT (row), "badge")) : NULL;
}

static void
sealdesk_view_sidebar_dispose (GObject *object)
{
  SealdeskViewSidebar *self = SEALDESK_VIEW_SIDEBAR (object);

  sealdesk_view_sidebar_set_stack (self, NULL);
  /* No gtk_widget_dispose_template(): AdwBin unparents its child itself
   * and would unparent it a second time. */

  G_OBJECT_CLASS (sealdesk_view_sidebar_parent_class)->dispose (object);
}

static void
sealdesk_view_sidebar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SealdeskViewSidebar *self = SEALDESK_VIEW_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_view_sidebar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SealdeskViewSidebar *self = SEALDESK_VIEW_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      sealdesk_view_sidebar_set_stack (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_view_sidebar_class_init (SealdeskViewSidebarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_view_sidebar_dispose;
  object_class->get_property = sealdesk_view_sidebar_get_property;
  object_class->set_property = sealdesk_view_sidebar_set_property;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, ADW_TYPE_VIEW_STACK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sealdesk/Sealdesk/ui/sealdesk-view-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskViewSidebar, squeezer);
  gtk_widget_class_bind_template_child (widget_class, SealdeskViewSidebar, list);
  gtk_widget_class_bind_template_child (widget_class, SealdeskViewSidebar, compact_list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_css_name (widget_class, "viewsidebar");
}

static void
sealdesk_view_sidebar_init (SealdeskViewSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
