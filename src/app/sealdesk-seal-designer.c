/* sealdesk-seal-designer.c: draws an official seal or a name seal, with a live preview
 *
 * As the person types, the picture is drawn again with sd-seal-generate
 * (in a worker thread, PREVIEW_DELAY_MS after the last change, the newest
 * design only) and shown as a texture; a design the generator refuses
 * (text that does not fit, a name seal of three characters) is said under
 * the preview and cannot be saved. "Save" draws it at SEAL_DPI and adds it
 * to the seal library with its kind and key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-seal-generate.h"
#include "sd-seal-library.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-seal-key-row.h"

#define PREVIEW_DELAY_MS 200
#define PREVIEW_DPI      300
/* Seal pictures are kept at this resolution (as sealdesk-cli does). */
#define SEAL_DPI 600

typedef enum
{
  TYPE_ROUND,
  TYPE_OVAL,
  TYPE_SQUARE,
  TYPE_NAME,
} SealType;

/* The ink colours offered, in the order of the colour row. */
static const double colours[][3] = {
  { 0.82, 0.06, 0.09 }, /* red: the generator's own */
  { 0.08, 0.20, 0.66 },
  { 0.42, 0.10, 0.52 },
  { 0.10, 0.10, 0.10 },
};

struct _SealdeskSealDesigner
{
  AdwWindow parent_instance;

  GtkPicture      *preview;
  GtkSpinner      *spinner;
  GtkLabel        *message;
  GtkLabel        *size_label;
  GtkBox          *fields;
  AdwComboRow     *type_row;
  AdwEntryRow     *org_row;
  AdwEntryRow     *title_row;
  AdwEntryRow     *number_row;
  AdwEntryRow     *person_row;
  GtkAdjustment   *size_adjustment;
  AdwComboRow     *colour_row;
  AdwPreferencesGroup *library_group;
  AdwEntryRow     *name_row;
  AdwComboRow     *kind_row;
  SealdeskSealKeyRow *key_row;

  SdWorkspace  *workspace;
  GCancellable *cancellable;
  guint         preview_source;
  guint         generation;   /* of the newest design */
  guint         drawing;      /* previews being drawn */
  gboolean      design_ok;
  gboolean      saving;
  GdkTexture   *texture;
};

G_DEFINE_FINAL_TYPE (SealdeskSealDesigner, sealdesk_seal_designer, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_WORKSPACE, N_PROPS };
enum { SAVED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* A design, copied out of the widgets for a worker thread. */
typedef struct
{
  SealType type;
  char    *org;
  char    *title;
  char    *number;
  char    *person;
  double   size_mm;
  guint    colour;
  int      dpi;
  guint    generation;
  /* Saving only: */
  char    *name;
  char    *kind;
  char    *key_id;
} Design;

static void
design_free (Design *design)
{
  g_free (design->org);
  g_free (design->title);
  g_free (design->number);
  g_free (design->person);
  g_free (design->name);
  g_free (design->kind);
  g_free (design->key_id);
  g_free (design);
}

typedef struct
{
  GBytes *png;
  double  width_mm;
  double  height_mm;
  char   *seal_id;
  char   *seal_name;
} Drawn;

static void
drawn_free (Drawn *drawn)
{
  g_clear_pointer (&drawn->png, g_bytes_unref);
  g_free (drawn->seal_id);
  g_free (drawn->seal_name);
  g_free (drawn);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static Design *
design_new (SealdeskSealDesigner *self,
            int                   dpi)
{
  Design *design = g_new0 (Design, 1);

  design->type = adw_combo_row_get_selected (self->type_row);
  design->org = entry_text (self->org_row);
  design->title = entry_text (self->title_row);
  design->number = entry_text (self->number_row);
  design->person = entry_text (self->person_row);
  design->size_mm = gtk_adjustment_get_value (self->size_adjustment);
  design->colour = MIN (adw_combo_row_get_selected (self->colour_row), G_N_ELEMENTS (colours) - 1);
  design->dpi = dpi;
  design->generation = self->generation;
  return design;
}

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  GInputStream *stream = closure;

  return g_input_stream_read_all (stream, data, length, NULL, NULL, NULL)
           ? CAIRO_STATUS_SUCCESS
           : CAIRO_STATUS_READ_ERROR;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The one-colour picture @png in @colour, its alpha kept. */
static GBytes *
recolour (GBytes       *png,
          const double *colour)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (png);
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (read_bytes, stream);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int width, height, stride;
  guchar *data;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS
      || cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32)
    {
      cairo_surface_destroy (surface);
      return g_bytes_ref (png);
    }
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 a = row[x] >> 24;

          /* Premultiplied ARGB. */
          row[x] = a << 24 | (guint32) (colour[0] * a + 0.5) << 16
                   | (guint32) (colour[1] * a + 0.5) << 8 | (guint32) (colour[2] * a + 0.5);
        }
    }
  cairo_surface_mark_dirty (surface);
  cairo_surface_write_to_png_stream (surface, append_bytes, out);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static Drawn *
draw_design (Design  *design,
             GError **error)
{
  g_autoptr(GBytes) png = NULL;
  Drawn *drawn;
  double width = 0, height = 0;

  if (design->type == TYPE_NAME)
    png = sd_seal_generate_name (design->person, design->size_mm, design->dpi, &width, &height,
                                 error);
  else
    {
      SdSealDesign official = {
        .org = design->org,
        .title = design->title[0] != '\0' ? design->title : NULL,
        .number = design->number[0] != '\0' ? design->number : NULL,
        .shape = design->type == TYPE_OVAL     ? SD_SEAL_SHAPE_OVAL
                 : design->type == TYPE_SQUARE ? SD_SEAL_SHAPE_SQUARE
                                               : SD_SEAL_SHAPE_ROUND,
        .size_mm = design->size_mm,
      };

      png = sd_seal_generate_official (&official, design->dpi, &width, &height, error);
    }
  if (png == NULL)
    return NULL;
  drawn = g_new0 (Drawn, 1);
  drawn->png = design->colour == 0 ? g_steal_pointer (&png) : recolour (png, colours[design->colour]);
  drawn->width_mm = width;
  drawn->height_mm = height;
  return drawn;
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  Drawn *drawn = draw_design (task_data, &error);

  if (drawn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, drawn, (GDestroyNotify) drawn_free);
}

static void
update_save (SealdeskSealDesigner *self)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  gboolean waiting = self->preview_source != 0 || self->drawing > 0;

  if (self->key_row == NULL) /* still being built */
    return;
  name = entry_text (self->name_row);
  key = sealdesk_seal_key_row_dup_id (self->key_row);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.save",
                                 !self->saving && !waiting && self->design_ok && name[0] != '\0'
                                   && key != NULL);
  gtk_spinner_set_spinning (self->spinner, waiting || self->saving);
}

static void
preview_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (source);
  Design *design = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Drawn *drawn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->drawing--;
  /* Only the newest design is shown. */
  if (design->generation == self->generation)
    {
      g_clear_object (&self->texture);
      if (drawn != NULL)
        {
          g_autofree char *size = NULL;

          self->texture = gdk_texture_new_from_bytes (drawn->png, &error);
          /* TRANSLATORS: the true size of the seal shown */
          size = g_strdup_printf (_("True size: %.1f × %.1f mm"), drawn->width_mm,
                                  drawn->height_mm);
          gtk_label_set_text (self->size_label, size);
        }
      self->design_ok = self->texture != NULL;
      gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (self->texture));
      gtk_label_set_text (self->message, error != NULL ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->message), error != NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->size_label), self->texture != NULL);
    }
  if (drawn != NULL)
    drawn_free (drawn);
  update_save (self);
}

static gboolean
preview_timeout (gpointer data)
{
  SealdeskSealDesigner *self = data;
  g_autoptr(GTask) task = NULL;
  Design *design = design_new (self, PREVIEW_DPI);

  self->preview_source = 0;
  /* Nothing typed yet: no preview, and no error either. */
  if ((design->type == TYPE_NAME ? design->person : design->org)[0] == '\0')
    {
      design_free (design);
      g_clear_object (&self->texture);
      self->design_ok = FALSE;
      gtk_picture_set_paintable (self->preview, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->size_label), FALSE);
      update_save (self);
      return G_SOURCE_REMOVE;
    }
  task = g_task_new (self, self->cancellable, preview_done, NULL);
  self->drawing++;
  g_task_set_task_data (task, design, (GDestroyNotify) design_free);
  g_task_run_in_thread (task, preview_thread);
  update_save (self);
  return G_SOURCE_REMOVE;
}

static void
design_changed (SealdeskSealDesigner *self)
{
  SealType type;
  gboolean name_seal;

  if (self->key_row == NULL) /* still being built */
    return;
  type = adw_combo_row_get_selected (self->type_row);
  name_seal = type == TYPE_NAME;

  /* The fields of the seal chosen, and its sizes. */
  gtk_widget_set_visible (GTK_WIDGET (self->org_row), !name_seal);
  gtk_widget_set_visible (GTK_WIDGET (self->title_row), !name_seal);
  gtk_widget_set_visible (GTK_WIDGET (self->number_row), !name_seal);
  gtk_widget_set_visible (GTK_WIDGET (self->person_row), name_seal);
  gtk_widget_set_visible (GTK_WIDGET (self->kind_row), !name_seal);
  if (name_seal && gtk_adjustment_get_lower (self->size_adjustment) != 10)
    gtk_adjustment_configure (self->size_adjustment, 18, 10, 30, 0.5, 2, 0);
  else if (!name_seal && gtk_adjustment_get_lower (self->size_adjustment) != 38)
    gtk_adjustment_configure (self->size_adjustment, 42, 38, 60, 0.5, 2, 0);

  self->generation++;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout, self);
  update_save (self);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SealdeskSealDesigner *self = source_object;
  Design *design = task_data;
  GError *error = NULL;
  Drawn *drawn = draw_design (design, &error);
  g_autoptr(SdSeal) seal = NULL;

  if (drawn != NULL
      && (seal = sd_seal_library_add (self->workspace, design->name, design->kind,
                                      drawn->width_mm, drawn->height_mm, design->key_id,
                                      drawn->png, NULL, &error)) != NULL)
    {
      drawn->seal_id = g_strdup (seal->id);
      drawn->seal_name = g_strdup (seal->name);
      g_task_return_pointer (task, drawn, (GDestroyNotify) drawn_free);
      return;
    }
  g_clear_pointer (&drawn, drawn_free);
  g_task_return_error (task, error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (source);
  g_autoptr(GError) error = NULL;
  Drawn *drawn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields), TRUE);
  if (drawn == NULL)
    {
      gtk_label_set_text (self->message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      update_save (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, drawn->seal_id, drawn->seal_name);
  drawn_free (drawn);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (widget);
  g_autoptr(GTask) task = NULL;
  Design *design;

  if (self->saving || !self->design_ok)
    return;
  design = design_new (self, SEAL_DPI);
  design->name = entry_text (self->name_row);
  design->key_id = sealdesk_seal_key_row_dup_id (self->key_row);
  if (design->type == TYPE_NAME)
    design->kind = g_strdup ("name");
  else
    design->kind = g_strdup (adw_combo_row_get_selected (self->kind_row) == 1 ? "contract" : "company");
  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  update_save (self);
  task = g_task_new (self, self->cancellable, save_done, NULL);
  g_task_set_task_data (task, design, (GDestroyNotify) design_free);
  g_task_run_in_thread (task, save_thread);
}

/* Closing while the seal is being added would leave the library
 * changed without a word: wait for it. */
static gboolean
sealdesk_seal_designer_close_request (GtkWindow *window)
{
  if (SEALDESK_SEAL_DESIGNER (window)->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (sealdesk_seal_designer_parent_class)->close_request (window);
}

gboolean
sealdesk_seal_designer_is_busy (SealdeskSealDesigner *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_DESIGNER (self), FALSE);

  return self->preview_source != 0 || self->drawing > 0 || self->saving;
}

GdkTexture *
sealdesk_seal_designer_get_preview (SealdeskSealDesigner *self)
{
  g_return_val_if_fail (SEALDESK_IS_SEAL_DESIGNER (self), NULL);

  return self->texture;
}

GtkWidget *
sealdesk_seal_designer_new (GtkWindow   *parent,
                            SdWorkspace *workspace)
{
  return g_object_new (SEALDESK_TYPE_SEAL_DESIGNER, "transient-for", parent, "workspace",
                       workspace, NULL);
}

static void
sealdesk_seal_designer_constructed (GObject *object)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (object);

  G_OBJECT_CLASS (sealdesk_seal_designer_parent_class)->constructed (object);

  self->key_row = SEALDESK_SEAL_KEY_ROW (sealdesk_seal_key_row_new (self->workspace));
  gtk_widget_set_name (GTK_WIDGET (self->key_row), "key-row");
  g_signal_connect_swapped (self->key_row, "changed", G_CALLBACK (update_save), self);
  adw_preferences_group_add (self->library_group, GTK_WIDGET (self->key_row));
  design_changed (self);
}

static void
sealdesk_seal_designer_dispose (GObject *object)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SEAL_DESIGNER);

  G_OBJECT_CLASS (sealdesk_seal_designer_parent_class)->dispose (object);
}

static void
sealdesk_seal_designer_finalize (GObject *object)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sealdesk_seal_designer_parent_class)->finalize (object);
}

static void
sealdesk_seal_designer_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_set_object (&self->workspace, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_seal_designer_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SealdeskSealDesigner *self = SEALDESK_SEAL_DESIGNER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_seal_designer_class_init (SealdeskSealDesignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sealdesk_seal_designer_constructed;
  object_class->dispose = sealdesk_seal_designer_dispose;
  object_class->finalize = sealdesk_seal_designer_finalize;
  object_class->set_property = sealdesk_seal_designer_set_property;
  object_class->get_property = sealdesk_seal_designer_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = sealdesk_seal_designer_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-seal-designer.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, preview);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, spinner);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, message);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, size_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, fields);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, type_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, org_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, title_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, number_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, person_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, colour_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, library_group);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, name_row);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSealDesigner, kind_row);
  gtk_widget_class_bind_template_callback (widget_class, design_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_save);

  gtk_widget_class_install_action (widget_class, "designer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "designer.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sealdesk_seal_designer_init (SealdeskSealDesigner *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
