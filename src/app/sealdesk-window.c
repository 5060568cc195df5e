/* sealdesk-window.c: a window showing one document
 *
 * A GtkStack shows the start page, a spinner while a document loads (only
 * when loading takes a moment), the document with its thumbnails, or what
 * went wrong; opening is in sealdesk-window-load.c. Its signatures are
 * shown in a panel on the right (sealdesk-window-signatures.c).
 * Everything the person can do is an action, in sealdesk-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-window-private.h"

G_DEFINE_FINAL_TYPE (SealdeskWindow, sealdesk_window, ADW_TYPE_APPLICATION_WINDOW)
G_DEFINE_ENUM_TYPE (SealdeskWindowState, sealdesk_window_state,
  G_DEFINE_ENUM_VALUE (SEALDESK_WINDOW_STATE_START, "start"),
  G_DEFINE_ENUM_VALUE (SEALDESK_WINDOW_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (SEALDESK_WINDOW_STATE_DOCUMENT, "document"),
  G_DEFINE_ENUM_VALUE (SEALDESK_WINDOW_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (SEALDESK_WINDOW_STATE_LOCKED, "locked"))

enum {
  PROP_0,
  PROP_SHOW_SIDEBAR,
  PROP_SHOW_SIGNATURES,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The name of the file shown or being opened, for titles and messages. */
char *
_sealdesk_window_display_name (SealdeskWindow *self)
{
  GFile *file = sealdesk_window_get_file (self);
  g_autofree char *basename = file ? g_file_get_basename (file) : NULL;

  return g_filename_display_name (basename ? basename : "");
}

void
_sealdesk_window_set_state (SealdeskWindow      *self,
                            SealdeskWindowState  state)
{
  static const char * const pages[] = {
    [SEALDESK_WINDOW_STATE_START] = "start",
    [SEALDESK_WINDOW_STATE_LOADING] = "loading",
    [SEALDESK_WINDOW_STATE_DOCUMENT] = "document",
    [SEALDESK_WINDOW_STATE_ERROR] = "error",
    [SEALDESK_WINDOW_STATE_LOCKED] = "error",
  };

  g_clear_handle_id (&self->loading_timeout, g_source_remove);

  if (state != SEALDESK_WINDOW_STATE_LOADING)
    {
      /* A window started with a document has nothing to fade from. */
      gtk_stack_set_visible_child_full (self->stack, pages[state],
                                        self->show_at_once ? GTK_STACK_TRANSITION_TYPE_NONE
                                                           : gtk_stack_get_transition_type (self->stack));
      self->show_at_once = FALSE;
      /* A spinning spinner asks for frames even on a hidden page. */
      gtk_spinner_stop (self->loading_spinner);
    }

  gtk_widget_set_visible (self->page_box, state == SEALDESK_WINDOW_STATE_DOCUMENT);
  gtk_widget_set_visible (self->zoom_box, state == SEALDESK_WINDOW_STATE_DOCUMENT);
  gtk_widget_set_visible (self->unlock_button, state == SEALDESK_WINDOW_STATE_LOCKED);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  _sealdesk_window_actions_update (self);
  _sealdesk_window_placements_update (self);
}

void
_sealdesk_window_update_title (SealdeskWindow *self)
{
  SealdeskDocument *document = self->session ? sealdesk_session_get_document (self->session) : NULL;
  GFile *file = sealdesk_window_get_file (self);
  g_autofree char *name = NULL;

  if (file == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Sealdesk"));
      adw_window_title_set_title (self->window_title, _("Sealdesk"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  /* While another document loads, the old one's title does not apply. */
  if (document != NULL && !g_file_equal (sealdesk_document_get_file (document), file))
    document = NULL;

  name = _sealdesk_window_display_name (self);
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title,
                                 document ? sealdesk_document_get_title (document) : NULL);
}

void
_sealdesk_window_update_page_entry (SealdeskWindow *self)
{
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  guint n_pages = model ? sealdesk_document_model_get_n_pages (model) : 0;
  g_autofree char *page = g_strdup_printf ("%d", model ? sealdesk_document_model_get_page (model) + 1 : 0);
  g_autofree char *count = g_strdup_printf (_("of %u"), n_pages);

  gtk_editable_set_text (GTK_EDITABLE (self->page_entry), n_pages ? page : "");
  gtk_label_set_text (self->page_count_label, count);
  gtk_widget_remove_css_class (GTK_WIDGET (self->page_entry), "error");
}

static void
sealdesk_window_update_zoom_label (SealdeskWindow *self)
{
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  g_autofree char *label = NULL;

  if (model == NULL)
    return;
  /* Translators: a zoom level, e.g. "125%" */
  label = g_strdup_printf (_("%.0f%%"), sealdesk_document_model_get_scale (model) * 100.0);
  gtk_menu_button_set_label (self->zoom_button, label);
}

static void
sealdesk_window_page_entry_activate (SealdeskWindow *self)
{
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  SealdeskDocument *document = model ? sealdesk_document_model_get_document (model) : NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->page_entry));
  guint n_pages;
  guint64 number = 0;

  if (document == NULL)
    return;
  n_pages = sealdesk_document_model_get_n_pages (model);

  if (g_ascii_string_to_unsigned (g_strstrip ((char *) text), 10, 1, n_pages, &number, NULL))
    {
      sealdesk_document_model_set_page (model, (int) number - 1);
      _sealdesk_window_update_page_entry (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
      return;
    }

  /* A page label, such as "iv", works too. */
  for (guint i = 0; i < n_pages; i++)
    if (g_strcmp0 (text, sealdesk_document_get_page_label (document, i)) == 0)
      {
        sealdesk_document_model_set_page (model, (int) i);
        _sealdesk_window_update_page_entry (self);
        gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
        return;
      }

  gtk_widget_add_css_class (GTK_WIDGET (self->page_entry), "error");
  gtk_widget_error_bell (GTK_WIDGET (self->page_entry));
}

/* Escape in the page entry puts the current page back and returns to the
 * pages. */
static gboolean
sealdesk_window_page_entry_key (SealdeskWindow  *self,
                                guint            keyval,
                                guint            keycode,
                                GdkModifierType  state)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;

  _sealdesk_window_update_page_entry (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->page_view));

  return TRUE;
}


static void
sealdesk_window_unlock_clicked (SealdeskWindow *self)
{
  _sealdesk_window_ask_password (self, FALSE);
}

static gboolean
sealdesk_window_drop (SealdeskWindow *self,
                      const GValue   *value,
                      double          x,
                      double          y)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSList *files = NULL;
  gboolean first = TRUE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_value_get_object (value));

  for (const GSList *l = files; l != NULL; l = l->next)
    {
      /* Seals placed and not signed stay: the file gets its own window. */
      if (first && !_sealdesk_window_has_unsigned_placements (self))
        sealdesk_window_open (self, l->data);
      else if (app != NULL)
        sealdesk_application_open_file (SEALDESK_APPLICATION (app), l->data, NULL);
      first = FALSE;
    }

  g_slist_free (files);

  return !first;
}

static gboolean
sealdesk_window_pages_escape (GtkWidget *widget,
                              GVariant  *args,
                              gpointer   user_data)
{
  SealdeskWindow *self = user_data;

  if (sealdesk_find_bar_is_open (self->find_bar))
    sealdesk_find_bar_close (self->find_bar);
  else if (sealdesk_page_view_has_selection (self->page_view))
    sealdesk_page_view_clear_selection (self->page_view);
  else
    return FALSE; /* for whoever else wants it */

  return TRUE;
}

static void
sealdesk_window_bind_settings (SealdeskWindow *self)
{
  /* Windows read the settings when they open and write them when they
   * change, but do not follow each other. */
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
  g_settings_bind (self->settings, "show-sidebar", self, "show-sidebar", flags);
}

/* The window shows the view state (page, zoom, rotation) of its session:
 * called when it shows another session, with the model of the one it
 * showed before (or NULL). Page and rotation are the document's; the zoom
 * is the window's: a new session starts at the zoom of the one before it
 * (the first at that of the settings), and changes go to the settings. */
void
_sealdesk_window_follow_model (SealdeskWindow        *self,
                               SealdeskDocumentModel *old)
{
  SealdeskDocumentModel *model = _sealdesk_window_model (self);
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  if (old == model)
    return;

  if (old != NULL)
    {
      g_signal_handlers_disconnect_by_data (old, self);
      g_settings_unbind (old, "sizing-mode");
      g_settings_unbind (old, "scale");
    }

  if (model != NULL)
    {
      if (old != NULL)
        {
          sealdesk_document_model_set_sizing_mode (model, sealdesk_document_model_get_sizing_mode (old));
          sealdesk_document_model_set_scale (model, sealdesk_document_model_get_scale (old));
          flags = G_SETTINGS_BIND_SET;
        }
      g_settings_bind (self->settings, "zoom-mode", model, "sizing-mode", flags);
      g_settings_bind (self->settings, "zoom", model, "scale", flags);

      g_signal_connect_object (model, "notify::page",
                               G_CALLBACK (_sealdesk_window_update_page_entry),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::n-pages",
                               G_CALLBACK (_sealdesk_window_update_page_entry),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::scale",
                               G_CALLBACK (sealdesk_window_update_zoom_label),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::sizing-mode",
                               G_CALLBACK (_sealdesk_window_actions_update),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::scale",
                               G_CALLBACK (_sealdesk_window_actions_update),
                               self, G_CONNECT_SWAPPED);
    }

  sealdesk_page_view_set_model (self->page_view, model);
  sealdesk_thumbnails_set_model (self->thumbnails, model);
  sealdesk_window_update_zoom_label (self);
  _sealdesk_window_update_page_entry (self);
}

/* What the window takes from its application: the recent files of the
 * main menu, and word of the workspace (signing needs it; it opens after
 * the first window shows). GtkWindow:application is set after
 * constructed(), so this follows it. */
static void
sealdesk_window_application_changed (SealdeskWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SEALDESK_IS_APPLICATION (app) || self->joined_application)
    return;
  self->joined_application = TRUE;
  g_menu_append_section (self->recent_menu, NULL,
                         sealdesk_application_get_recent_menu (SEALDESK_APPLICATION (app)));
  g_signal_connect_object (app, "notify::workspace",
                           G_CALLBACK (_sealdesk_window_actions_update),
                           self, G_CONNECT_SWAPPED);
  _sealdesk_window_actions_update (self);
}

static void
sealdesk_window_constructed (GObject *object)
{
  SealdeskWindow *self = (SealdeskWindow *)object;

  G_OBJECT_CLASS (sealdesk_window_parent_class)->constructed (object);

  /* One settings object per window; all share the one backend. */
  self->settings = sealdesk_application_new_settings ();
  sealdesk_window_bind_settings (self);
  g_signal_connect (self, "notify::application",
                    G_CALLBACK (sealdesk_window_application_changed), NULL);
  sealdesk_window_application_changed (self);
  _sealdesk_window_placements_constructed (self);
}

static gboolean
sealdesk_window_close_request (GtkWindow *window)
{
  if (_sealdesk_window_close_request (window))
    return TRUE;
  return GTK_WINDOW_CLASS (sealdesk_window_parent_class)->close_request (window);
}

static void
sealdesk_window_dispose (GObject *object)
{
  SealdeskWindow *self = (SealdeskWindow *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  if (self->password_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->password_dialog),
                                    (gpointer *) &self->password_dialog);
      gtk_window_destroy (GTK_WINDOW (self->password_dialog));
      self->password_dialog = NULL;
    }
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  _sealdesk_window_signatures_dispose (self);
  _sealdesk_window_printout_dispose (self);
  _sealdesk_window_sign_dispose (self);
  _sealdesk_window_copy_dispose (self);
  _sealdesk_window_print_dispose (self);
  _sealdesk_window_fields_dispose (self);
  _sealdesk_window_close_dispose (self);
  _sealdesk_window_placements_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sealdesk_window_parent_class)->dispose (object);
}

static void
sealdesk_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SealdeskWindow *self = SEALDESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_SIDEBAR:
      g_value_set_boolean (value, self->show_sidebar);
      break;

    case PROP_SHOW_SIGNATURES:
      g_value_set_boolean (value, self->show_signatures);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SealdeskWindow *self = SEALDESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_SIDEBAR:
      if (self->show_sidebar != g_value_get_boolean (value))
        {
          self->show_sidebar = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_SIGNATURES:
      if (self->show_signatures != g_value_get_boolean (value))
        {
          self->show_signatures = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_window_class_init (SealdeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_window_constructed;
  object_class->dispose = sealdesk_window_dispose;
  object_class->get_property = sealdesk_window_get_property;
  object_class->set_property = sealdesk_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = sealdesk_window_close_request;

  properties[PROP_SHOW_SIDEBAR] =
    g_param_spec_boolean ("show-sidebar", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The signatures panel; it opens by itself for signed documents. */
  properties[PROP_SHOW_SIGNATURES] =
    g_param_spec_boolean ("show-signatures", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SEALDESK_TYPE_WINDOW_STATE,
                       SEALDESK_WINDOW_STATE_START,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEALDESK_TYPE_FIND_BAR);
  g_type_ensure (SEALDESK_TYPE_OUTLINE);
  g_type_ensure (SEALDESK_TYPE_PAGE_VIEW);
  g_type_ensure (SEALDESK_TYPE_START_PAGE);
  g_type_ensure (SEALDESK_TYPE_SYNC_INDICATOR);
  g_type_ensure (SEALDESK_TYPE_THUMBNAILS);
  g_type_ensure (SEALDESK_TYPE_SEAL_PALETTE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, outline);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, seal_palette);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, page_view);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, page_entry);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, page_count_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_window_page_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_window_unlock_clicked);

  _sealdesk_window_class_actions_init (widget_class);
  _sealdesk_window_class_signatures_init (widget_class);
  _sealdesk_window_class_printout_init (widget_class);
  _sealdesk_window_class_sign_init (widget_class);
  _sealdesk_window_class_placements_init (widget_class);
  _sealdesk_window_class_requests_init (widget_class);
  _sealdesk_window_class_views_init (widget_class);
}

static void
sealdesk_window_init (SealdeskWindow *self)
{
  GtkEventController *key_controller;
  GtkEventController *shortcuts;
  GtkDropTarget *drop_target;

  self->show_sidebar = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  sealdesk_find_bar_set_page_view (self->find_bar, self->page_view);
  sealdesk_outline_set_page_view (self->outline, self->page_view);
  _sealdesk_window_placements_init (self);
  _sealdesk_window_views_init (self);

  g_object_bind_property (self, "show-sidebar", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  _sealdesk_window_signatures_init (self);

  g_signal_connect_object (self->outline, "notify::has-outline",
                           G_CALLBACK (_sealdesk_window_actions_update),
                           self, G_CONNECT_SWAPPED);

  /* Copy and Select All are the pages' own: in an entry, Ctrl+C and
   * Ctrl+A keep working on the entry's text. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>c|<Control>Insert"),
                                                          gtk_named_action_new ("win.copy")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>a"),
                                                          gtk_named_action_new ("win.select-all")));
  /* Escape on the pages closes the find bar, else drops the selection. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (sealdesk_window_pages_escape,
                                                                                   self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->page_view), shortcuts);

  key_controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key_controller, "key-pressed",
                            G_CALLBACK (sealdesk_window_page_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_entry), key_controller);

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_swapped (drop_target, "drop", G_CALLBACK (sealdesk_window_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  sealdesk_window_update_zoom_label (self);
  _sealdesk_window_update_page_entry (self);
  _sealdesk_window_update_title (self);
  _sealdesk_window_set_state (self, SEALDESK_WINDOW_STATE_START);
}

SealdeskWindow *
sealdesk_window_new (SealdeskApplication *application)
{
  return g_object_new (SEALDESK_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Shows @file in this window, replacing what it showed. */
void
sealdesk_window_open (SealdeskWindow *self,
                      GFile          *file)
{
  g_return_if_fail (SEALDESK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _sealdesk_window_open_with_password (self, file, NULL);
}

/* The file shown or being opened, or NULL. */
GFile *
sealdesk_window_get_file (SealdeskWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_WINDOW (self), NULL);

  return self->session != NULL ? sealdesk_session_get_file (self->session) : NULL;
}

SealdeskWindowState
sealdesk_window_get_state (SealdeskWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_WINDOW (self), SEALDESK_WINDOW_STATE_START);

  return self->state;
}

SealdeskDocumentModel *
sealdesk_window_get_model (SealdeskWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_WINDOW (self), NULL);

  return _sealdesk_window_model (self);
}

SealdeskPageView *
sealdesk_window_get_page_view (SealdeskWindow *self)
{
  g_return_val_if_fail (SEALDESK_IS_WINDOW (self), NULL);

  return self->page_view;
}
