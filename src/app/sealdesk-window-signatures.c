/* sealdesk-window-signatures.c: the window's signatures panel, banner and report
 *
 * Every document that opens is verified at the same time, off the main
 * thread (SealdeskVerifyTask); opening another document or closing the
 * window cancels it. As soon as the task knows the document has
 * signatures the panel on the right opens by itself (once per document: if
 * the person closes it, it stays closed). When verification finds
 * anything wrong, a banner at the top of the document says so, with a
 * button to the signatures. Activating a signature scrolls the page view
 * to its widget and outlines it for a moment. Saving the verification
 * report is in sealdesk-window-report.c.
 *
 * The application's workspace lends its trust list to the verifier. When
 * the trust list changes (Preferences, Trust), or the workspace opens
 * after the document did, the document is verified again: the panel
 * stays as it was and shows the new result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-window-private.h"
#include "sd-geometry.h"

/* How long a signature stays outlined after it was shown. */
#define HIGHLIGHT_SECONDS 3
/* Space kept around a signature scrolled into view. */
#define SCROLL_MARGIN 24.0
/* The outline is drawn this far outside the widget. */
#define HIGHLIGHT_PADDING 4

static void
sealdesk_window_hide_highlight (SealdeskWindow *self)
{
  g_clear_handle_id (&self->highlight_timeout, g_source_remove);
  if (self->highlight_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->page_overlay), self->highlight_tick);
  self->highlight_tick = 0;
  self->highlight_signature = -1;
  gtk_widget_set_visible (self->signature_highlight, FALSE);
}

static gboolean
sealdesk_window_highlight_timeout (gpointer user_data)
{
  SealdeskWindow *self = user_data;

  self->highlight_timeout = 0;
  sealdesk_window_hide_highlight (self);

  return G_SOURCE_REMOVE;
}

/* The widget of signature @index in page view coordinates, at the current
 * zoom, rotation and scroll position. With no area (an invisible
 * signature), the page. */
static gboolean
sealdesk_window_signature_rect (SealdeskWindow  *self,
                                guint            index,
                                graphene_rect_t *rect,
                                gboolean        *has_area)
{
  const SealdeskSignatureLocation *location;
  graphene_rect_t page;
  SdViewTransform transform;
  SdRect shown, view;

  if (_sealdesk_window_verify_task (self) == NULL ||
      !(location = sealdesk_verify_task_get_location (_sealdesk_window_verify_task (self), index)) ||
      location->page < 0 ||
      !sealdesk_page_view_get_page_rect (self->page_view, location->page, &page))
    return FALSE;

  *has_area = location->has_area;
  if (!location->has_area)
    {
      *rect = page;
      return TRUE;
    }

  /* The page view may turn the pages further. */
  transform.width = 1.0;
  transform.height = 1.0;
  transform.rotation = sealdesk_document_model_get_rotation (_sealdesk_window_model (self));
  transform.view = (SdRect) { page.origin.x, page.origin.y, page.size.width, page.size.height };
  shown = (SdRect) { location->x, 1.0 - location->y - location->height,
                     location->width, location->height };
  sd_geometry_visible_rect_to_view (&transform, &shown, &view);
  graphene_rect_init (rect, view.x, view.y, view.width, view.height);

  return TRUE;
}

/* Scrolls @adjustment so that [@start, @start + @length) (relative to the
 * view) is in the middle, or its start at the top when it does not fit. */
static void
scroll_into_view (GtkAdjustment *adjustment,
                  double         start,
                  double         length)
{
  double value = gtk_adjustment_get_value (adjustment);
  double view = gtk_adjustment_get_page_size (adjustment);

  if (length + 2 * SCROLL_MARGIN <= view)
    gtk_adjustment_set_value (adjustment, value + start + length / 2.0 - view / 2.0);
  else
    gtk_adjustment_set_value (adjustment, value + start - SCROLL_MARGIN);
}

/* Where the outline of the highlighted signature goes, in @overlay. */
static void
sealdesk_window_highlight_allocation (SealdeskWindow *self,
                                      GdkRectangle   *allocation)
{
  graphene_rect_t rect;
  graphene_point_t origin;
  gboolean has_area = FALSE;

  /* Out of sight until there is something to outline. */
  *allocation = (GdkRectangle) { -100, -100, 16, 16 };

  if (self->highlight_signature < 0 ||
      !sealdesk_window_signature_rect (self, self->highlight_signature, &rect, &has_area) ||
      !has_area ||
      !gtk_widget_compute_point (GTK_WIDGET (self->page_view), GTK_WIDGET (self->page_overlay),
                                 &rect.origin, &origin))
    return;

  allocation->x = (int) origin.x - HIGHLIGHT_PADDING;
  allocation->y = (int) origin.y - HIGHLIGHT_PADDING;
  allocation->width = MAX (16, (int) rect.size.width + 2 * HIGHLIGHT_PADDING);
  allocation->height = MAX (16, (int) rect.size.height + 2 * HIGHLIGHT_PADDING);
}

static gboolean
sealdesk_window_get_highlight_position (SealdeskWindow *self,
                                        GtkWidget      *widget,
                                        GdkRectangle   *allocation,
                                        GtkOverlay     *overlay)
{
  if (widget != self->signature_highlight)
    return FALSE;

  sealdesk_window_highlight_allocation (self, allocation);

  return TRUE;
}

/* The outline follows the page view (scrolling, zooming) frame by frame
 * while it is shown: the overlay is laid out again when it moved. */
static gboolean
sealdesk_window_highlight_tick (GtkWidget     *overlay,
                                GdkFrameClock *frame_clock,
                                gpointer       user_data)
{
  SealdeskWindow *self = user_data;
  graphene_rect_t bounds;
  GdkRectangle wanted;

  sealdesk_window_highlight_allocation (self, &wanted);
  if (!gtk_widget_compute_bounds (self->signature_highlight, overlay, &bounds) ||
      (int) bounds.origin.x != wanted.x || (int) bounds.origin.y != wanted.y ||
      (int) bounds.size.width != wanted.width || (int) bounds.size.height != wanted.height)
    gtk_widget_queue_allocate (overlay);

  return G_SOURCE_CONTINUE;
}

/* FALSE when the view is not laid out yet. */
static gboolean
sealdesk_window_scroll_to_signature (SealdeskWindow *self,
                                     guint           index)
{
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (self->scrolled_window);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  graphene_rect_t rect;
  gboolean has_area = FALSE;

  if (!sealdesk_window_signature_rect (self, index, &rect, &has_area))
    return FALSE;

  if (has_area)
    {
      scroll_into_view (vadjustment, rect.origin.y, rect.size.height);
      scroll_into_view (hadjustment, rect.origin.x, rect.size.width);

      sealdesk_window_hide_highlight (self);
      self->highlight_signature = index;
      gtk_widget_set_visible (self->signature_highlight, TRUE);
      gtk_widget_queue_allocate (GTK_WIDGET (self->page_overlay));
      self->highlight_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->page_overlay),
                                                           sealdesk_window_highlight_tick,
                                                           self, NULL);
      self->highlight_timeout = g_timeout_add_seconds (HIGHLIGHT_SECONDS,
                                                       sealdesk_window_highlight_timeout, self);
    }
  else
    {
      /* An invisible signature: the top of its page. */
      sealdesk_window_hide_highlight (self);
      gtk_adjustment_set_value (vadjustment,
                                gtk_adjustment_get_value (vadjustment) + rect.origin.y - SCROLL_MARGIN / 2);
    }

  return TRUE;
}

/* libadwaita 1.2 animates the reveal of a flap that was never laid out
 * with a velocity of 0/0: the panel opens once the document area has its
 * size. */
static void
sealdesk_window_reveal_signatures (SealdeskWindow *self)
{
  self->reveal_signatures_pending = gtk_widget_get_width (GTK_WIDGET (self->signatures_flap)) == 0;
  if (!self->reveal_signatures_pending)
    g_object_set (self, "show-signatures", TRUE, NULL);
}

static gboolean
sealdesk_window_pending_signature_idle (gpointer user_data)
{
  SealdeskWindow *self = user_data;

  self->pending_signature_source = 0;
  if (self->reveal_signatures_pending)
    sealdesk_window_reveal_signatures (self);
  if (self->pending_signature >= 0 &&
      sealdesk_window_scroll_to_signature (self, self->pending_signature))
    self->pending_signature = -1;

  return G_SOURCE_REMOVE;
}

/* Scrolling waits for the layout; not during the allocation itself. */
static void
sealdesk_window_layout_changed (SealdeskWindow *self)
{
  if ((self->pending_signature >= 0 || self->reveal_signatures_pending) &&
      self->pending_signature_source == 0)
    self->pending_signature_source = g_idle_add (sealdesk_window_pending_signature_idle, self);
}

/* Scrolls to the widget of the report's signature @index. */
void
_sealdesk_window_show_signature (SealdeskWindow *self,
                                 guint           index)
{
  const SealdeskSignatureLocation *location = NULL;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));

  if (_sealdesk_window_verify_task (self) != NULL)
    location = sealdesk_verify_task_get_location (_sealdesk_window_verify_task (self), index);

  if (location == NULL || location->page < 0)
    {
      AdwToast *toast = adw_toast_new (_("This signature is not shown on any page"));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  /* A folded panel covers the document: get it out of the way. */
  if (adw_flap_get_folded (self->signatures_flap))
    adw_flap_set_reveal_flap (self->signatures_flap, FALSE);

  self->pending_signature = -1;
  if (!sealdesk_window_scroll_to_signature (self, index))
    self->pending_signature = index;
}

static void
sealdesk_window_signature_activated (SealdeskWindow          *self,
                                     guint                    index,
                                     SealdeskSignaturesPanel *panel)
{
  _sealdesk_window_show_signature (self, index);
}

static void
sealdesk_window_update_banner (SealdeskWindow *self)
{
  SdVerifyReport *report = NULL;
  const char *text, *icon_name, *style_class;

  if (_sealdesk_window_verify_task (self) != NULL && self->state == SEALDESK_WINDOW_STATE_DOCUMENT)
    report = sealdesk_verify_task_get_report (_sealdesk_window_verify_task (self));

  if (report == NULL || report->signatures->len == 0)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  switch (sealdesk_signature_status_worst (report))
    {
    case SEALDESK_SIGNATURE_STATUS_INVALID:
      text = _("At least one signature is invalid");
      icon_name = "dialog-error-symbolic";
      style_class = "error";
      break;

    case SEALDESK_SIGNATURE_STATUS_CHANGED:
      text = _("The document was changed after it was signed");
      icon_name = "dialog-warning-symbolic";
      style_class = "error";
      break;

    case SEALDESK_SIGNATURE_STATUS_UNTRUSTED:
      text = _("The signer’s certificate is not trusted");
      icon_name = "dialog-warning-symbolic";
      style_class = "warning";
      break;

    case SEALDESK_SIGNATURE_STATUS_VALID:
    default:
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  gtk_label_set_text (self->banner_label, text);
  gtk_image_set_from_icon_name (self->banner_icon, icon_name);
  gtk_widget_set_css_classes (self->banner_box,
                              (const char *[]) { "signature-banner", style_class, NULL });
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* Opens the panel when signatures turn up, shows the banner when
 * something is wrong with them. */
void
_sealdesk_window_signatures_update (SealdeskWindow *self)
{
  gboolean has_document = self->state == SEALDESK_WINDOW_STATE_DOCUMENT;

  if (has_document && _sealdesk_window_verify_task (self) != NULL && !self->signatures_opened &&
      sealdesk_verify_task_get_n_signatures (_sealdesk_window_verify_task (self)) > 0)
    {
      self->signatures_opened = TRUE;
      sealdesk_window_reveal_signatures (self);
    }

  sealdesk_window_update_banner (self);
  _sealdesk_window_actions_update (self);
}

/* Forgets the document's signatures: nothing more arrives from its task. */
void
_sealdesk_window_signatures_stop (SealdeskWindow *self)
{
  SealdeskVerifyTask *task = _sealdesk_window_verify_task (self);

  if (task != NULL)
    {
      g_signal_handlers_disconnect_by_data (task, self);
      sealdesk_session_set_verification (self->session, NULL);
    }

  g_clear_handle_id (&self->pending_signature_source, g_source_remove);
  self->pending_signature = -1;
  self->reveal_signatures_pending = FALSE;
  sealdesk_window_hide_highlight (self);
  sealdesk_signatures_panel_set_task (self->signatures_panel, NULL);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* Makes @task (started, taken) the session's verification and shows what
 * it finds from now on. */
static void
sealdesk_window_follow_task (SealdeskWindow     *self,
                             SealdeskVerifyTask *task)
{
  sealdesk_session_set_verification (self->session, task);
  g_signal_connect_object (task, "notify::n-signatures",
                           G_CALLBACK (_sealdesk_window_signatures_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (task, "notify::status",
                           G_CALLBACK (_sealdesk_window_signatures_update),
                           self, G_CONNECT_SWAPPED);
  sealdesk_signatures_panel_set_task (self->signatures_panel, task);
  g_object_unref (task);
  _sealdesk_window_actions_update (self);
}

/* The workspace is open, or could not be opened: the verification that
 * waited for it starts, with its trust list (without one when it could not
 * be opened). */
static void
sealdesk_window_workspace_settled (SealdeskWindow *self)
{
  SealdeskVerifyTask *task = _sealdesk_window_verify_task (self);

  if (task == NULL || sealdesk_verify_task_get_started (task))
    return;
  sealdesk_verify_task_set_workspace (task, _sealdesk_window_workspace (self));
  sealdesk_verify_task_start (task, sealdesk_session_get_password (self->session));
}

/* Starts verifying the window's file, opened with @password (or NULL).
 * While the workspace opens at startup the verification waits for it, so
 * that it runs once, with the trust list, instead of once without it and
 * again (beside the first page's rendering). */
void
_sealdesk_window_signatures_start (SealdeskWindow *self,
                                   const char     *password)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  SealdeskVerifyTask *task;

  _sealdesk_window_signatures_stop (self);

  self->signatures_opened = FALSE;
  g_object_set (self, "show-signatures", FALSE, NULL);

  if (self->workspace_handler == 0 && SEALDESK_IS_APPLICATION (app))
    self->workspace_handler =
      g_signal_connect_object (app, "notify::workspace-opening",
                               G_CALLBACK (sealdesk_window_workspace_settled),
                               self, G_CONNECT_SWAPPED);

  task = sealdesk_verify_task_new (sealdesk_session_get_file (self->session));
  if (!SEALDESK_IS_APPLICATION (app) ||
      !sealdesk_application_get_workspace_opening (SEALDESK_APPLICATION (app)))
    {
      sealdesk_verify_task_set_workspace (task, _sealdesk_window_workspace (self));
      sealdesk_verify_task_start (task, password);
    }
  sealdesk_window_follow_task (self, task);
}

/* Verifies the document again, with the trust list as it is now (it
 * changed); the panel stays open or closed as it is. */
void
sealdesk_window_verify_again (SealdeskWindow *self)
{
  g_autoptr(SealdeskVerifyTask) old = NULL;

  g_return_if_fail (SEALDESK_IS_WINDOW (self));

  /* One still waiting for the workspace starts with the trust list as it
   * is then. */
  if (_sealdesk_window_verify_task (self) == NULL ||
      !sealdesk_verify_task_get_started (_sealdesk_window_verify_task (self)))
    return;
  old = g_object_ref (_sealdesk_window_verify_task (self));

  g_signal_handlers_disconnect_by_data (old, self);
  sealdesk_verify_task_cancel (old);
  /* The new report may place signatures differently: nothing to scroll to
   * (a pending reveal of the panel stays). */
  self->pending_signature = -1;
  sealdesk_window_hide_highlight (self);

  sealdesk_window_follow_task (self,
                               sealdesk_verify_task_new_again (old, _sealdesk_window_workspace (self)));
}

static void
sealdesk_window_show_signatures_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  SealdeskWindow *self = SEALDESK_WINDOW (widget);

  self->reveal_signatures_pending = FALSE;
  g_object_set (self, "show-signatures", TRUE, NULL);
  sealdesk_signatures_panel_focus_first_problem (self->signatures_panel);
}

void
_sealdesk_window_class_signatures_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (SEALDESK_TYPE_SIGNATURES_PANEL);

  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, signatures_flap);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, signatures_panel);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, page_overlay);
  gtk_widget_class_bind_template_child (widget_class, SealdeskWindow, signature_highlight);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_window_get_highlight_position);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_window_signature_activated);

  gtk_widget_class_install_property_action (widget_class, "win.toggle-signatures", "show-signatures");
  gtk_widget_class_install_action (widget_class, "win.show-signatures", NULL,
                                   sealdesk_window_show_signatures_action);
  gtk_widget_class_install_action (widget_class, "win.save-verification-report", NULL,
                                   _sealdesk_window_save_report_action);

  /* F9 already shows the thumbnails. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-signatures", NULL);
}

/* Whoever shows or hides the panel decides: nothing opens it later. */
static void
sealdesk_window_show_signatures_changed (SealdeskWindow *self)
{
  self->reveal_signatures_pending = FALSE;
}

void
_sealdesk_window_signatures_init (SealdeskWindow *self)
{
  self->pending_signature = -1;
  self->highlight_signature = -1;

  g_object_bind_property (self, "show-signatures", self->signatures_flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self, "notify::show-signatures",
                    G_CALLBACK (sealdesk_window_show_signatures_changed), NULL);

  g_signal_connect_object (self->page_view, "layout-changed",
                           G_CALLBACK (sealdesk_window_layout_changed),
                           self, G_CONNECT_SWAPPED);
}

void
_sealdesk_window_signatures_dispose (SealdeskWindow *self)
{
  /* The verification goes with the session (placements dispose). */
  if (_sealdesk_window_verify_task (self) != NULL)
    g_signal_handlers_disconnect_by_data (_sealdesk_window_verify_task (self), self);
  g_clear_handle_id (&self->pending_signature_source, g_source_remove);
  g_clear_handle_id (&self->highlight_timeout, g_source_remove);
  if (self->highlight_tick != 0 && self->page_overlay != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->page_overlay), self->highlight_tick);
  self->highlight_tick = 0;
  _sealdesk_window_report_dispose (self);
}
