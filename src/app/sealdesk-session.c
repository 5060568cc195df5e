/* sealdesk-session.c: one open document and what the person does with it
 *
 * Undo keeps whole edits: adding, removing or moving one placement, or
 * clearing them all. Each step records the placements it touched with
 * their rectangles before and after, so that undo and redo restore the
 * same objects (the overlay keeps showing the same widgets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-secret.h"
#include "sealdesk-session.h"

/* Undo depth: enough for a day of placing seals on one document. */
#define MAX_UNDO 200

typedef enum {
  EDIT_ADD,
  EDIT_REMOVE,
  EDIT_MOVE,
  EDIT_ADD_MARK,
  EDIT_REMOVE_MARK,
} EditKind;

typedef struct {
  EditKind           kind;
  SealdeskPlacement *placement;    /* or NULL, for a mark */
  SealdeskPageMark  *mark;
  guint              position;     /* in the list, for add and remove */
  guint              page[2];      /* before, after (move) */
  double             rect[2][4];
} Edit;

/* One undo step: the edits of one action, applied in order. */
typedef struct {
  GPtrArray *edits;
} Step;

struct _SealdeskSession
{
  GObject           parent_instance;

  GFile            *file;
  /* The rendered document and how it is shown: page, zoom, rotation */
  SealdeskDocumentModel *model;
  char             *password;
  SealdeskVerifyTask *verification;
  GListStore       *placements;
  GListStore       *marks;         /* SealdeskPageMark */
  GQueue            undo;          /* Step *, newest at the head */
  GQueue            redo;
};

G_DEFINE_FINAL_TYPE (SealdeskSession, sealdesk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_DOCUMENT,
  PROP_MODEL,
  PROP_PLACEMENTS,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_VERIFICATION,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_clear_object (&edit->placement);
  g_clear_object (&edit->mark);
  g_free (edit);
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_ptr_array_unref (step->edits);
  g_free (step);
}

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->edits = g_ptr_array_new_with_free_func (edit_free);
  return step;
}

static gboolean
find_placement (SealdeskSession   *self,
                SealdeskPlacement *placement,
                guint             *position)
{
  return g_list_store_find (self->placements, placement, position);
}

static void
notify_undo (SealdeskSession *self,
             gboolean         could_undo,
             gboolean         could_redo)
{
  if (could_undo != sealdesk_session_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != sealdesk_session_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
push_step (SealdeskSession *self,
           Step            *step)
{
  gboolean could_undo = sealdesk_session_can_undo (self);
  gboolean could_redo = sealdesk_session_can_redo (self);

  g_queue_push_head (&self->undo, step);
  while (g_queue_get_length (&self->undo) > MAX_UNDO)
    step_free (g_queue_pop_tail (&self->undo));
  g_queue_clear_full (&self->redo, step_free);

  notify_undo (self, could_undo, could_redo);
}

/* Applies @edit forwards (@forward) or backwards. */
static void
apply_edit (SealdeskSession *self,
            Edit            *edit,
            gboolean         forward)
{
  gboolean insert;
  guint position;
  int side;

  switch (edit->kind)
    {
    case EDIT_ADD:
    case EDIT_REMOVE:
      insert = (edit->kind == EDIT_ADD) == forward;
      if (insert)
        {
          position = MIN (edit->position, g_list_model_get_n_items (G_LIST_MODEL (self->placements)));
          g_list_store_insert (self->placements, position, edit->placement);
        }
      else if (find_placement (self, edit->placement, &position))
        g_list_store_remove (self->placements, position);
      break;

    case EDIT_MOVE:
      side = forward ? 1 : 0;
      sealdesk_placement_set_rect (edit->placement, edit->page[side],
                                   edit->rect[side][0], edit->rect[side][1],
                                   edit->rect[side][2], edit->rect[side][3]);
      break;

    case EDIT_ADD_MARK:
    case EDIT_REMOVE_MARK:
      insert = (edit->kind == EDIT_ADD_MARK) == forward;
      if (insert)
        {
          position = MIN (edit->position, g_list_model_get_n_items (G_LIST_MODEL (self->marks)));
          g_list_store_insert (self->marks, position, edit->mark);
        }
      else if (g_list_store_find (self->marks, edit->mark, &position))
        g_list_store_remove (self->marks, position);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
sealdesk_session_dispose (GObject *object)
{
  SealdeskSession *self = SEALDESK_SESSION (object);

  g_queue_clear_full (&self->undo, step_free);
  g_queue_clear_full (&self->redo, step_free);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->verification != NULL)
    sealdesk_verify_task_cancel (self->verification);
  g_clear_object (&self->verification);

  G_OBJECT_CLASS (sealdesk_session_parent_class)->dispose (object);
}

static void
sealdesk_session_finalize (GObject *object)
{
  SealdeskSession *self = SEALDESK_SESSION (object);

  g_clear_object (&self->file);
  g_clear_object (&self->placements);
  g_clear_object (&self->marks);
  g_clear_pointer (&self->password, sd_secret_free);

  G_OBJECT_CLASS (sealdesk_session_parent_class)->finalize (object);
}

static void
sealdesk_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SealdeskSession *self = SEALDESK_SESSION (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, sealdesk_session_get_document (self));
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PLACEMENTS:
      g_value_set_object (value, self->placements);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sealdesk_session_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sealdesk_session_can_redo (self));
      break;
    case PROP_VERIFICATION:
      g_value_set_object (value, self->verification);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, sealdesk_session_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_session_class_init (SealdeskSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sealdesk_session_dispose;
  object_class->finalize = sealdesk_session_finalize;
  object_class->get_property = sealdesk_session_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SEALDESK_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, SEALDESK_TYPE_DOCUMENT_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEMENTS] =
    g_param_spec_object ("placements", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERIFICATION] =
    g_param_spec_object ("verification", NULL, NULL, SEALDESK_TYPE_VERIFY_TASK,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
placements_changed (SealdeskSession *self,
                    guint            position,
                    guint            removed,
                    guint            added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->placements))
            + g_list_model_get_n_items (G_LIST_MODEL (self->marks));

  /* Only a change between none and some changes "modified". */
  if ((n == 0) != (n + removed - added == 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
document_changed (SealdeskSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
sealdesk_session_init (SealdeskSession *self)
{
  self->model = sealdesk_document_model_new ();
  g_signal_connect_swapped (self->model, "notify::document", G_CALLBACK (document_changed), self);
  self->placements = g_list_store_new (SEALDESK_TYPE_PLACEMENT);
  self->marks = g_list_store_new (SEALDESK_TYPE_PAGE_MARK);
  g_signal_connect_swapped (self->placements, "items-changed", G_CALLBACK (placements_changed), self);
  g_signal_connect_swapped (self->marks, "items-changed", G_CALLBACK (placements_changed), self);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

SealdeskSession *
sealdesk_session_new (GFile *file)
{
  SealdeskSession *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SEALDESK_TYPE_SESSION, NULL);
  self->file = g_object_ref (file);

  return self;
}

GFile *
sealdesk_session_get_file (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return self->file;
}

SealdeskDocument *
sealdesk_session_get_document (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return self->model != NULL ? sealdesk_document_model_get_document (self->model) : NULL;
}

void
sealdesk_session_set_document (SealdeskSession  *self,
                               SealdeskDocument *document)
{
  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (document == NULL || SEALDESK_IS_DOCUMENT (document));

  /* The model tells (document_changed). */
  if (self->model != NULL)
    sealdesk_document_model_set_document (self->model, document);
}

/* What the views show of the session: its document, page, zoom and
 * rotation. */
SealdeskDocumentModel *
sealdesk_session_get_model (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return self->model;
}

const char *
sealdesk_session_get_password (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return self->password;
}

void
sealdesk_session_set_password (SealdeskSession *self,
                               const char      *password)
{
  g_return_if_fail (SEALDESK_IS_SESSION (self));

  g_clear_pointer (&self->password, sd_secret_free);
  self->password = g_strdup (password);
}

gboolean
sealdesk_session_get_protected (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), FALSE);

  return self->password != NULL;
}

SealdeskVerifyTask *
sealdesk_session_get_verification (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return self->verification;
}

void
sealdesk_session_set_verification (SealdeskSession    *self,
                                   SealdeskVerifyTask *verification)
{
  g_autoptr(SealdeskVerifyTask) old = NULL;

  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (verification == NULL || SEALDESK_IS_VERIFY_TASK (verification));

  if (self->verification == verification)
    return;
  old = g_steal_pointer (&self->verification);
  if (verification != NULL)
    self->verification = g_object_ref (verification);
  if (old != NULL)
    sealdesk_verify_task_cancel (old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFICATION]);
}

gboolean
sealdesk_session_get_modified (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), FALSE);

  return g_list_model_get_n_items (G_LIST_MODEL (self->placements)) > 0
         || g_list_model_get_n_items (G_LIST_MODEL (self->marks)) > 0;
}

GListModel *
sealdesk_session_get_marks (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->marks);
}

static void
edit_mark (SealdeskSession  *self,
           SealdeskPageMark *mark,
           EditKind          kind,
           guint             position)
{
  Step *step = step_new ();
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  edit->mark = g_object_ref (mark);
  edit->position = position;
  g_ptr_array_add (step->edits, edit);
  apply_edit (self, edit, TRUE);
  push_step (self, step);
}

void
sealdesk_session_add_mark (SealdeskSession  *self,
                           SealdeskPageMark *mark)
{
  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (SEALDESK_IS_PAGE_MARK (mark));

  if (!g_list_store_find (self->marks, mark, NULL))
    edit_mark (self, mark, EDIT_ADD_MARK, g_list_model_get_n_items (G_LIST_MODEL (self->marks)));
}

void
sealdesk_session_remove_mark (SealdeskSession  *self,
                              SealdeskPageMark *mark)
{
  guint position;

  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (SEALDESK_IS_PAGE_MARK (mark));

  if (g_list_store_find (self->marks, mark, &position))
    edit_mark (self, mark, EDIT_REMOVE_MARK, position);
}

GListModel *
sealdesk_session_get_placements (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->placements);
}

void
sealdesk_session_add_placement (SealdeskSession   *self,
                                SealdeskPlacement *placement)
{
  Step *step;
  Edit *edit;

  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (SEALDESK_IS_PLACEMENT (placement));

  if (find_placement (self, placement, NULL))
    return;

  step = step_new ();
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ADD;
  edit->placement = g_object_ref (placement);
  edit->position = g_list_model_get_n_items (G_LIST_MODEL (self->placements));
  g_ptr_array_add (step->edits, edit);

  apply_edit (self, edit, TRUE);
  push_step (self, step);
}

void
sealdesk_session_remove_placement (SealdeskSession   *self,
                                   SealdeskPlacement *placement)
{
  Step *step;
  Edit *edit;
  guint position;

  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (SEALDESK_IS_PLACEMENT (placement));

  if (!find_placement (self, placement, &position))
    return;

  step = step_new ();
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_REMOVE;
  edit->placement = g_object_ref (placement);
  edit->position = position;
  g_ptr_array_add (step->edits, edit);

  apply_edit (self, edit, TRUE);
  push_step (self, step);
}

void
sealdesk_session_move_placement (SealdeskSession   *self,
                                 SealdeskPlacement *placement,
                                 guint              page,
                                 double             x,
                                 double             y,
                                 double             width,
                                 double             height)
{
  Step *step;
  Edit *edit;

  g_return_if_fail (SEALDESK_IS_SESSION (self));
  g_return_if_fail (SEALDESK_IS_PLACEMENT (placement));

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_MOVE;
  edit->placement = g_object_ref (placement);
  edit->page[0] = sealdesk_placement_get_page (placement);
  sealdesk_placement_get_rect (placement, &edit->rect[0][0], &edit->rect[0][1],
                               &edit->rect[0][2], &edit->rect[0][3]);
  edit->page[1] = page;
  edit->rect[1][0] = x;
  edit->rect[1][1] = y;
  edit->rect[1][2] = width;
  edit->rect[1][3] = height;

  if (edit->page[0] == page && memcmp (edit->rect[0], edit->rect[1], sizeof edit->rect[0]) == 0)
    {
      edit_free (edit);
      return;
    }

  step = step_new ();
  g_ptr_array_add (step->edits, edit);
  apply_edit (self, edit, TRUE);
  push_step (self, step);
}

void
sealdesk_session_clear_placements (SealdeskSession *self)
{
  GListModel *model;
  Step *step;
  guint n;

  g_return_if_fail (SEALDESK_IS_SESSION (self));

  model = G_LIST_MODEL (self->placements);
  n = g_list_model_get_n_items (model);
  if (n == 0)
    return;

  step = step_new ();
  /* Remove from the end, so that undoing (in reverse) puts each back
   * where it was. */
  for (guint i = n; i-- > 0;)
    {
      Edit *edit = g_new0 (Edit, 1);

      edit->kind = EDIT_REMOVE;
      edit->placement = g_list_model_get_item (model, i);
      edit->position = i;
      g_ptr_array_add (step->edits, edit);
    }
  g_list_store_remove_all (self->placements);
  push_step (self, step);
}

gboolean
sealdesk_session_can_undo (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), FALSE);

  return !g_queue_is_empty (&self->undo);
}

gboolean
sealdesk_session_can_redo (SealdeskSession *self)
{
  g_return_val_if_fail (SEALDESK_IS_SESSION (self), FALSE);

  return !g_queue_is_empty (&self->redo);
}

void
sealdesk_session_undo (SealdeskSession *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_if_fail (SEALDESK_IS_SESSION (self));

  could_undo = sealdesk_session_can_undo (self);
  could_redo = sealdesk_session_can_redo (self);
  if (!(step = g_queue_pop_head (&self->undo)))
    return;

  for (guint i = step->edits->len; i-- > 0;)
    apply_edit (self, g_ptr_array_index (step->edits, i), FALSE);
  g_queue_push_head (&self->redo, step);

  notify_undo (self, could_undo, could_redo);
}

void
sealdesk_session_redo (SealdeskSession *self)
{
  gboolean could_undo, could_redo;
  Step *step;

  g_return_if_fail (SEALDESK_IS_SESSION (self));

  could_undo = sealdesk_session_can_undo (self);
  could_redo = sealdesk_session_can_redo (self);
  if (!(step = g_queue_pop_head (&self->redo)))
    return;

  for (guint i = 0; i < step->edits->len; i++)
    apply_edit (self, g_ptr_array_index (step->edits, i), TRUE);
  g_queue_push_head (&self->undo, step);

  notify_undo (self, could_undo, could_redo);
}
