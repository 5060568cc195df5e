/* sealdesk-handwriting-pad.c: a pad to sign on by hand
 *
 * Strokes come from a GtkGestureStylus (a pen: its pressure axis makes
 * the line wider) and a GtkGestureDrag (the mouse, a touchpad, a finger;
 * it leaves pen events to the stylus gesture), with the positions GTK
 * folded into one event a frame (the motion history, the pen's backlog).
 * The points of a stroke are smoothed as they come (each moves SMOOTHING
 * of the way from the last point kept towards the pointer, so that the
 * jitter of a hand or a touchpad is not drawn; the stroke still ends
 * where the pointer was lifted) and drawn as a Catmull-Rom spline through
 * them, each piece as wide as the pressure at its ends. The same drawing
 * code paints the pad and the exported picture, so the seal looks as the
 * person saw it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "sealdesk-handwriting-pad-private.h"

#define BASE_WIDTH     SEALDESK_HANDWRITING_BASE_WIDTH
#define MOUSE_PRESSURE SEALDESK_HANDWRITING_MOUSE_PRESSURE
/* A new point is kept when at least this far (pixels) from the last. */
#define MIN_STEP 0.75
/* How far each point follows the pointer (1: not smoothed). */
#define SMOOTHING 0.55
/* The exported picture is at least this many millimetres a side. */
#define MIN_SIDE_MM 5.0
#define MAX_SIDE_MM 200.0

static const double ink[3] = { 0.06, 0.08, 0.22 };

typedef struct
{
  double x, y, pressure;
} Point;

struct _SealdeskHandwritingPad
{
  GtkWidget parent_instance;

  GPtrArray *strokes; /* GArray of Point */
  GArray    *current; /* the stroke being drawn, in strokes */
  gboolean   from_stylus;
  double     drag_x, drag_y;
};

G_DEFINE_FINAL_TYPE (SealdeskHandwritingPad, sealdesk_handwriting_pad, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

static double
point_width (const Point *p)
{
  return BASE_WIDTH * (0.4 + 1.2 * CLAMP (p->pressure, 0, 1));
}

static void
draw_stroke (cairo_t *cr,
             GArray  *stroke)
{
  guint n = stroke->len;

  if (n == 0)
    return;
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (n == 1)
    {
      const Point *p = &g_array_index (stroke, Point, 0);

      cairo_arc (cr, p->x, p->y, point_width (p) / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }
  /* Catmull-Rom through the points, as cubic Bézier pieces. */
  for (guint i = 0; i + 1 < n; i++)
    {
      const Point *p0 = &g_array_index (stroke, Point, i > 0 ? i - 1 : 0);
      const Point *p1 = &g_array_index (stroke, Point, i);
      const Point *p2 = &g_array_index (stroke, Point, i + 1);
      const Point *p3 = &g_array_index (stroke, Point, MIN (i + 2, n - 1));

      cairo_move_to (cr, p1->x, p1->y);
      cairo_curve_to (cr, p1->x + (p2->x - p0->x) / 6, p1->y + (p2->y - p0->y) / 6,
                      p2->x - (p3->x - p1->x) / 6, p2->y - (p3->y - p1->y) / 6, p2->x, p2->y);
      cairo_set_line_width (cr, (point_width (p1) + point_width (p2)) / 2);
      cairo_stroke (cr);
    }
}

static void
draw_strokes (SealdeskHandwritingPad *self,
              cairo_t                *cr)
{
  cairo_set_source_rgb (cr, ink[0], ink[1], ink[2]);
  for (guint i = 0; i < self->strokes->len; i++)
    draw_stroke (cr, g_ptr_array_index (self->strokes, i));
}

static void
sealdesk_handwriting_pad_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  SealdeskHandwritingPad *self = SEALDESK_HANDWRITING_PAD (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The pad is paper: white in light and dark mode alike. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* A line to sign on, not part of the signature. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, width * 0.08, floor (height * 0.72) + 0.5);
  cairo_line_to (cr, width * 0.92, floor (height * 0.72) + 0.5);
  cairo_stroke (cr);
  draw_strokes (self, cr);
  cairo_destroy (cr);
}

void
_sealdesk_handwriting_pad_stroke_begin (SealdeskHandwritingPad *self,
                                        double                  x,
                                        double                  y,
                                        double                  pressure)
{
  Point p = { x, y, pressure };

  self->current = g_array_new (FALSE, FALSE, sizeof (Point));
  g_array_append_val (self->current, p);
  g_ptr_array_add (self->strokes, self->current);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_sealdesk_handwriting_pad_stroke_add (SealdeskHandwritingPad *self,
                                      double                  x,
                                      double                  y,
                                      double                  pressure,
                                      gboolean                last_point)
{
  const Point *last;
  Point p;

  if (self->current == NULL)
    return;
  last = &g_array_index (self->current, Point, self->current->len - 1);
  if (last_point)
    p = (Point) { x, y, pressure };
  else
    p = (Point) {
      last->x + SMOOTHING * (x - last->x),
      last->y + SMOOTHING * (y - last->y),
      last->pressure + SMOOTHING * (pressure - last->pressure),
    };
  if (hypot (p.x - last->x, p.y - last->y) < MIN_STEP)
    {
      if (!last_point || self->current->len == 1)
        return;
      /* Ends where the pointer was lifted. */
      g_array_index (self->current, Point, self->current->len - 1) = p;
    }
  else
    g_array_append_val (self->current, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_sealdesk_handwriting_pad_stroke_end (SealdeskHandwritingPad *self)
{
  if (self->current == NULL)
    return;
  self->current = NULL;
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
is_pen (GtkGesture *gesture)
{
  GdkDevice *device = gtk_gesture_get_device (gesture);

  return device != NULL && gdk_device_get_source (device) == GDK_SOURCE_PEN;
}

static void
drag_begin (GtkGestureDrag         *gesture,
            double                  x,
            double                  y,
            SealdeskHandwritingPad *self)
{
  if (is_pen (GTK_GESTURE (gesture)) || self->current != NULL)
    return;
  /* Ours: a finger drawing here must not scroll the dialog. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->from_stylus = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _sealdesk_handwriting_pad_stroke_begin (self, x, y, MOUSE_PRESSURE);
}

/* GTK delivers one motion event a frame; the positions in between (a
 * quick hand moves far in 16 ms) are in the event's history, in surface
 * coordinates. */
static void
add_history (SealdeskHandwritingPad *self,
             GtkGesture             *gesture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  g_autofree GdkTimeCoord *history = NULL;
  guint n = 0;
  double sx, sy;

  if (event == NULL || native == NULL || gdk_event_get_event_type (event) != GDK_MOTION_NOTIFY)
    return;
  history = gdk_event_get_history (event, &n);
  gtk_native_get_surface_transform (native, &sx, &sy);
  for (guint i = 0; i < n; i++)
    {
      graphene_point_t p;

      if ((history[i].flags & (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y))
            != (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y)
          || !gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                        &GRAPHENE_POINT_INIT (history[i].axes[GDK_AXIS_X] - sx,
                                                              history[i].axes[GDK_AXIS_Y] - sy),
                                        &p))
        continue;
      _sealdesk_handwriting_pad_stroke_add (self, p.x, p.y, MOUSE_PRESSURE, FALSE);
    }
}

static void
drag_update (GtkGestureDrag         *gesture,
             double                  dx,
             double                  dy,
             SealdeskHandwritingPad *self)
{
  if (self->from_stylus)
    return;
  add_history (self, GTK_GESTURE (gesture));
  _sealdesk_handwriting_pad_stroke_add (self, self->drag_x + dx, self->drag_y + dy, MOUSE_PRESSURE,
                                        FALSE);
}

static void
drag_end (GtkGestureDrag         *gesture,
          double                  dx,
          double                  dy,
          SealdeskHandwritingPad *self)
{
  if (self->from_stylus)
    return;
  _sealdesk_handwriting_pad_stroke_add (self, self->drag_x + dx, self->drag_y + dy, MOUSE_PRESSURE,
                                        TRUE);
  _sealdesk_handwriting_pad_stroke_end (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (!gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    pressure = MOUSE_PRESSURE;
  return pressure;
}

static void
stylus_down (GtkGestureStylus       *gesture,
             double                  x,
             double                  y,
             SealdeskHandwritingPad *self)
{
  if (self->current != NULL)
    _sealdesk_handwriting_pad_stroke_end (self);
  self->from_stylus = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _sealdesk_handwriting_pad_stroke_begin (self, x, y, stylus_pressure (gesture));
}

static void
stylus_motion (GtkGestureStylus       *gesture,
               double                  x,
               double                  y,
               SealdeskHandwritingPad *self)
{
  g_autofree GdkTimeCoord *backlog = NULL;
  guint n = 0;

  if (!self->from_stylus)
    return;
  /* The pen's positions since the last motion, in widget coordinates. */
  if (gtk_gesture_stylus_get_backlog (gesture, &backlog, &n))
    for (guint i = 0; i < n; i++)
      _sealdesk_handwriting_pad_stroke_add (self, backlog[i].axes[GDK_AXIS_X], backlog[i].axes[GDK_AXIS_Y],
                                            backlog[i].flags & GDK_AXIS_FLAG_PRESSURE
                                              ? backlog[i].axes[GDK_AXIS_PRESSURE]
                                              : MOUSE_PRESSURE,
                                            FALSE);
  _sealdesk_handwriting_pad_stroke_add (self, x, y, stylus_pressure (gesture), FALSE);
}

static void
stylus_up (GtkGestureStylus       *gesture,
           double                  x,
           double                  y,
           SealdeskHandwritingPad *self)
{
  if (!self->from_stylus)
    return;
  _sealdesk_handwriting_pad_stroke_add (self, x, y, stylus_pressure (gesture), TRUE);
  _sealdesk_handwriting_pad_stroke_end (self);
  self->from_stylus = FALSE;
}

guint
sealdesk_handwriting_pad_get_n_strokes (SealdeskHandwritingPad *self)
{
  g_return_val_if_fail (SEALDESK_IS_HANDWRITING_PAD (self), 0);

  return self->strokes->len - (self->current != NULL ? 1 : 0);
}

gboolean
sealdesk_handwriting_pad_undo (SealdeskHandwritingPad *self)
{
  g_return_val_if_fail (SEALDESK_IS_HANDWRITING_PAD (self), FALSE);

  if (self->strokes->len == 0)
    return FALSE;
  self->current = NULL;
  g_ptr_array_remove_index (self->strokes, self->strokes->len - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
sealdesk_handwriting_pad_clear (SealdeskHandwritingPad *self)
{
  g_return_if_fail (SEALDESK_IS_HANDWRITING_PAD (self));

  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
sealdesk_handwriting_pad_to_png (SealdeskHandwritingPad *self,
                                 double                  scale,
                                 double                 *width_mm,
                                 double                 *height_mm,
                                 GError                **error)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double w, h, mm_per_px = SEALDESK_HANDWRITING_MM_PER_PX, min_px;
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int pw, ph;

  g_return_val_if_fail (SEALDESK_IS_HANDWRITING_PAD (self), NULL);
  g_return_val_if_fail (scale >= 1 && scale <= 16, NULL);

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const Point *p = &g_array_index (stroke, Point, j);
          double r = point_width (p) / 2 + 1;

          x0 = MIN (x0, p->x - r);
          y0 = MIN (y0, p->y - r);
          x1 = MAX (x1, p->x + r);
          y1 = MAX (y1, p->y + r);
        }
    }
  if (x1 < x0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Nothing is drawn yet: sign on the pad first"));
      return NULL;
    }
  /* A long signature is made smaller on paper, a short stroke is centred
   * in the smallest seal. */
  w = x1 - x0;
  h = y1 - y0;
  if (MAX (w, h) * mm_per_px > MAX_SIDE_MM)
    mm_per_px = MAX_SIDE_MM / MAX (w, h);
  min_px = MIN_SIDE_MM / mm_per_px;
  if (w < min_px)
    {
      x0 -= (min_px - w) / 2;
      w = min_px;
    }
  if (h < min_px)
    {
      y0 -= (min_px - h) / 2;
      h = min_px;
    }

  pw = (int) ceil (w * scale);
  ph = (int) ceil (h * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -x0, -y0);
  draw_strokes (self, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The signature could not be drawn: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  if (width_mm != NULL)
    *width_mm = pw / scale * mm_per_px;
  if (height_mm != NULL)
    *height_mm = ph / scale * mm_per_px;
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

GtkWidget *
sealdesk_handwriting_pad_new (void)
{
  return g_object_new (SEALDESK_TYPE_HANDWRITING_PAD, NULL);
}

static void
sealdesk_handwriting_pad_finalize (GObject *object)
{
  SealdeskHandwritingPad *self = SEALDESK_HANDWRITING_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (sealdesk_handwriting_pad_parent_class)->finalize (object);
}

static void
sealdesk_handwriting_pad_class_init (SealdeskHandwritingPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sealdesk_handwriting_pad_finalize;
  widget_class->snapshot = sealdesk_handwriting_pad_snapshot;

  /* After each stroke, undo and clear. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "sealdesk-handwriting-pad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sealdesk_handwriting_pad_init (SealdeskHandwritingPad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *stylus = gtk_gesture_stylus_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, 160);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature pad"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Sign here with the mouse, a touchpad, a pen or a finger"), -1);

  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (stylus));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
