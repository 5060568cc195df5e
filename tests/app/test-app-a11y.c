/* test-app-a11y.c: every control of the main views has an accessible name
 *
 *   /app/a11y/names  opens the Documents view with a document and a
 *                    seal placed on it (each page of its sidebar), the
 *                    Requests view with a review, the Seals view with the
 *                    seal designer (each kind of seal) and the
 *                    handwriting pad, the Ledger view, each page of
 *                    Preferences and the Sign dialog, and walks what is
 *                    on screen: every control a person can focus or
 *                    activate must have a name a screen reader can say
 *
 * GTK 4.8 has no public getter for an accessible name. It computes one
 * (gtk_at_context_get_name() in gtk/gtkatcontext.c, after WAI-ARIA's
 * "Accessible Name and Description Computation") from the "label"
 * property, then from the "label" of each widget of the "labelled-by"
 * relation (a button with a text is labelled by its GtkLabel, a row by
 * its title); failing both it falls back to the type's name, which says
 * nothing to a person. A tooltip is the accessible description, not the
 * name. The test reads both through GTK's test accessibility backend
 * (gtk/gtktestatcontext.h), which is why this group runs with
 * GTK_A11Y=test (tests/app/meson.build): with GTK_A11Y=none, which the
 * other display tests use, GTK keeps no accessible properties at all.
 * SD_TEST_A11Y_LIST=1 lists every control checked and its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"
#include "sd-profile.h"
#include "sd-request.h"
#include "sd-test-util.h"
#include "sealdesk-profile-chooser.h"
#include "sealdesk-request-review.h"
#include "sealdesk-requests-view.h"
#include "sealdesk-field-outline.h"
#include "sealdesk-handwriting-dialog.h"
#include "sealdesk-handwriting-pad.h"
#include "sealdesk-placement-widget.h"
#include "sealdesk-preferences-window.h"
#include "sealdesk-seal-designer.h"
#include "sealdesk-sign-dialog.h"
#include "test-app-seals.h"
#include "test-app.h"

/* The non-empty "label" property of @accessible, or NULL. */
static char *
label_of (GtkAccessible *accessible)
{
  char *label;

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* NULL when it is "", else the value as a string. */
  label = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  if (label != NULL && *label == '\0')
    g_clear_pointer (&label, g_free);
  return label;
}

typedef struct
{
  GtkAccessible *accessible;
  char          *name;
} LabelledBy;

/* The relation's target: the widget under @root it names (one widget;
 * what GTK's rows and buttons set). */
static void
find_labelled_by (GtkWidget  *root,
                  LabelledBy *found)
{
  g_autofree char *mismatch = NULL;

  if (found->name != NULL)
    return;
  /* NULL when the relation names @root; otherwise a message to free. */
  mismatch = gtk_test_accessible_check_relation (found->accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                 root, NULL);
  if (mismatch == NULL)
    {
      found->name = label_of (GTK_ACCESSIBLE (root));
      if (found->name == NULL)
        found->name = g_strdup ("");
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_labelled_by (child, found);
}

static char *
a11y_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  char *name = label_of (accessible);
  LabelledBy found = { accessible, NULL };

  if (name != NULL)
    return name;
  if (!gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return NULL;
  /* Labels are in the same window, or the widget itself. */
  find_labelled_by (GTK_WIDGET (gtk_widget_get_root (widget)), &found);
  if (found.name != NULL && *found.name == '\0')
    g_clear_pointer (&found.name, g_free);
  return found.name;
}

/* Composite controls: the accessible object a screen reader names is the
 * control itself; what is inside is GTK's own (a spin button's +/-, the
 * button of a drop-down, a menu button's toggle, a button's label). */
static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) ||
         ADW_IS_COMBO_ROW (widget) || ADW_IS_ENTRY_ROW (widget);
}

/* Widgets that hold controls and take the focus only to pass it on to
 * them (or to scroll): not controls themselves. */
static gboolean
is_container (GtkWidget *widget)
{
  return GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget) || GTK_IS_LIST_BOX (widget) ||
         GTK_IS_LIST_VIEW (widget) || GTK_IS_GRID_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget) ||
         GTK_IS_FLOW_BOX (widget) || GTK_IS_NATIVE (widget) || GTK_IS_LABEL (widget);
}

/* A row of a list, or an item of a list view (GtkListItemWidget, which
 * GTK 4.8 does not name): its role is "list item", and a screen reader
 * reads what is in it. */
static gboolean
is_item (GtkWidget *widget)
{
  return GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_FLOW_BOX_CHILD (widget) ||
         g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget");
}

/* A widget a person focuses or activates. */
static gboolean
is_control (GtkWidget *widget)
{
  if (is_container (widget))
    return FALSE;
  if (is_composite (widget) || GTK_IS_RANGE (widget) || GTK_IS_TEXT_VIEW (widget) ||
      SEALDESK_IS_PLACEMENT_WIDGET (widget) || SEALDESK_IS_FIELD_OUTLINE (widget) ||
      SEALDESK_IS_HANDWRITING_PAD (widget))
    return TRUE;
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) ||
           gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL;
  return gtk_widget_get_focusable (widget) && gtk_widget_get_can_focus (widget) &&
         gtk_widget_get_sensitive (widget);
}

/* The name of an item with none of its own: its content's (the first
 * label or named widget in it). */
static char *
content_name (GtkWidget *widget)
{
  char *name = NULL;

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
  if ((name = a11y_name (widget)) != NULL)
    return name;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && name == NULL;
       child = gtk_widget_get_next_sibling (child))
    name = content_name (child);
  return name;
}

/* "GtkButton.image-button#save-button (tooltip “Save”) in AdwHeaderBar" */
static char *
describe (GtkWidget *widget)
{
  GString *text = g_string_new (G_OBJECT_TYPE_NAME (widget));
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  const char *name = gtk_widget_get_name (widget);

  for (guint i = 0; classes[i] != NULL; i++)
    g_string_append_printf (text, ".%s", classes[i]);
  if (name != NULL && g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
    g_string_append_printf (text, "#%s", name);
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (text, " (icon %s)", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (text, " (tooltip “%s”)", gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *up = gtk_widget_get_parent (widget), *n = NULL; up != NULL && n == NULL;
       up = gtk_widget_get_parent (up))
    if (gtk_widget_get_name (up) != NULL && g_strcmp0 (gtk_widget_get_name (up), G_OBJECT_TYPE_NAME (up)) != 0)
      {
        n = up;
        g_string_append_printf (text, " in %s#%s", G_OBJECT_TYPE_NAME (up), gtk_widget_get_name (up));
      }
  return g_string_free (text, FALSE);
}

static void
walk (GtkWidget  *widget,
      const char *where,
      GPtrArray  *unnamed,
      guint      *n_checked)
{
  /* Scroll bars take no focus: the pointer's, and the view scrolls by keys. */
  if (!gtk_widget_get_mapped (widget) || GTK_IS_SCROLLBAR (widget))
    return;
  if (is_control (widget))
    {
      g_autofree char *name = a11y_name (widget);

      if (name == NULL && is_item (widget))
        name = content_name (widget);
      (*n_checked)++;
      if (g_getenv ("SD_TEST_A11Y_LIST") != NULL)
        {
          g_autofree char *what = describe (widget);

          g_test_message ("%s: %s is “%s”", where, what, name ? name : "");
        }
      if (name == NULL)
        {
          g_autofree char *what = describe (widget);

          g_ptr_array_add (unnamed, g_strdup_printf ("%s: %s", where, what));
        }
    }
  if (is_control (widget) && is_composite (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, where, unnamed, n_checked);
}

static void
a11y_check (GtkWidget  *root,
            const char *where,
            GPtrArray  *unnamed)
{
  guint n_checked = 0;

  app_test_iterate (100);
  walk (root, where, unnamed, &n_checked);
  g_test_message ("%s: %u controls", where, n_checked);
  /* Something was on screen to check. */
  g_assert_cmpuint (n_checked, >, 0);
}

static GtkWidget *
find_toplevel (GType type)
{
  GtkWidget *found = NULL;
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

/* The AdwPreferencesPage after @after under @root (the first one when
 * @after is NULL). */
static GtkWidget *
a11y_next_page (GtkWidget *root,
                GtkWidget *after)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      GtkWidget *last = gtk_widget_get_last_child (widget);

      if (ADW_IS_PREFERENCES_PAGE (widget) && ADW_IS_VIEW_STACK (gtk_widget_get_parent (widget)))
        g_ptr_array_add (pages, widget);
      for (GtkWidget *child = last; child != NULL; child = gtk_widget_get_prev_sibling (child))
        g_ptr_array_add (stack, child);
    }
  g_ptr_array_unref (stack);
  for (guint i = 0; i < pages->len; i++)
    if (after == NULL || (g_ptr_array_index (pages, i) == after && i + 1 < pages->len))
      return g_ptr_array_index (pages, after == NULL ? i : i + 1);
  return NULL;
}

static void
check_preferences (SealdeskWindow *window,
                   GPtrArray      *unnamed)
{
  GtkWidget *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (app_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (SEALDESK_TYPE_PREFERENCES_WINDOW),
                                      WAIT_SECONDS));
  preferences = find_toplevel (SEALDESK_TYPE_PREFERENCES_WINDOW);
  /* Each page in turn. */
  for (GtkWidget *page = a11y_next_page (preferences, NULL); page != NULL;
       page = a11y_next_page (preferences, page))
    {
      g_autofree char *where = g_strdup_printf ("Preferences, %s",
                                                adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)));

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
      app_test_iterate (300);
      a11y_check (preferences, where, unnamed);
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
  app_test_iterate (50);
}

static void
check_seals (SealdeskWindow *window,
             GPtrArray      *unnamed)
{
  SealdeskSealsView *view = seals_open ();
  GtkWidget *dialog, *type_row;
  guint n_types;

  a11y_check (GTK_WIDGET (window), "Seals", unnamed);

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.generate", NULL);
  dialog = seals_wait_dialog (view);
  type_row = seals_find_named (dialog, "type-row");
  n_types = g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (type_row)));
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *where = g_strdup_printf ("Seal designer, seal type %u", i);

      adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), i);
      a11y_check (dialog, where, unnamed);
    }
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (app_test_wait_until (seals_is_null, &dialog, WAIT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (view), "seals.draw", NULL);
  dialog = seals_wait_dialog (view);
  a11y_check (dialog, "Handwriting", unnamed);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (app_test_wait_until (seals_is_null, &dialog, WAIT_SECONDS));
}

/* Requests: a request of "a11y-lawyer" that "a11y-partner" approves,
 * under review. */

static char *
make_request (SdWorkspace *workspace,
              const char  *document)
{
  g_autofree char *lawyer_key = pki_key ("rsa2048.p12");
  g_autofree char *seal_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) placements = g_ptr_array_new ();
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_request_step_free);
  g_autoptr(SdRequest) request = NULL;
  SdRequestPlacement placement = { NULL, 1, 300, 100, 60, 60, NULL };
  SdRequestSpec spec = { document, "a11y-lawyer", "Lease of the office", "2026-118", placements, steps, FALSE };

  add_pki_profile (workspace, "a11y-lawyer", SD_ROLE_REQUESTER | SD_ROLE_SEAL_KEEPER, "rsa2048.p12");
  add_pki_profile (workspace, "a11y-partner", SD_ROLE_APPROVER, "ec-p256.p12");
  seal_id = add_name_seal (workspace, "A11y name seal", "李四", lawyer_key, "a11y-lawyer");
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "a11y-lawyer", SD_SEAL_MAY_REQUEST | SD_SEAL_MAY_USE,
                                        "a11y-lawyer", &error));
  g_assert_true (sd_seal_library_grant (workspace, seal_id, "a11y-partner", SD_SEAL_MAY_APPROVE,
                                        "a11y-lawyer", &error));
  g_assert_no_error (error);
  placement.seal = seal_id;
  g_ptr_array_add (placements, &placement);
  g_ptr_array_add (steps, sd_request_step_parse ("approve:a11y-partner", &error));
  g_assert_no_error (error);
  g_ptr_array_add (steps, sd_request_step_parse ("stamp:a11y-lawyer", &error));
  g_assert_no_error (error);
  request = sd_request_create (workspace, &spec, pki_pin, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (request->id);
}

typedef struct
{
  GtkWidget  *view;
  const char *request_id;
} RowWait;

static gboolean
request_listed (gpointer data)
{
  RowWait *wait = data;

  return find_request_row (wait->view, wait->request_id) != NULL;
}

static void
check_requests (SealdeskWindow *window,
                const char     *request_id,
                GPtrArray      *unnamed)
{
  GtkWidget *view, *row, *review;
  RowWait wait;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL));
  view = find_type (GTK_WIDGET (window), SEALDESK_TYPE_REQUESTS_VIEW);
  g_assert_nonnull (view);
  /* Acting as the partner, who has it to review. */
  choose_profile (SEALDESK_REQUESTS_VIEW (view), "a11y-partner");
  wait.view = view;
  wait.request_id = request_id;
  g_assert_true (app_test_wait_until (request_listed, &wait, WAIT_SECONDS));
  a11y_check (GTK_WIDGET (window), "Requests", unnamed);
  row = find_request_row (view, request_id);
  gtk_widget_activate (row);
  review = find_type (view, SEALDESK_TYPE_REQUEST_REVIEW);
  g_assert_nonnull (review);
  g_assert_cmpstr (sealdesk_request_review_get_request_id (SEALDESK_REQUEST_REVIEW (review)), ==, request_id);
  app_test_iterate (500);
  a11y_check (GTK_WIDGET (window), "Requests, review", unnamed);
}

static void
test_a11y_names (void)
{
  g_autofree char *seal_id = make_round_seal ("Accessible seal", "p12:/nonexistent/a11y.p12");
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) sample = sealdesk_application_get_sample_file ();
  g_autofree char *path = g_file_get_path (sample);
  /* Before the window: its Requests view lists the profiles it finds. */
  g_autofree char *request_id = make_request (sealdesk_application_get_workspace (app), path);
  SealdeskWindow *window = open_sample ();
  const char *sidebar_pages[] = { "thumbnails", "outline", "seals", "signatures" };

  /* Documents: a seal on the page, each page of the sidebar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-seal", "s", seal_id));
  g_object_set (window, "show-sidebar", TRUE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    {
      g_autofree char *where = g_strdup_printf ("Documents, sidebar %s", sidebar_pages[i]);

      if (gtk_stack_get_child_by_name (window->sidebar_stack, sidebar_pages[i]) == NULL)
        continue;
      gtk_stack_set_visible_child_name (window->sidebar_stack, sidebar_pages[i]);
      app_test_iterate (200);
      a11y_check (GTK_WIDGET (window), where, unnamed);
    }

  /* The Sign dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign", NULL));
  app_test_iterate (300);
  if (window->sign_dialog != NULL)
    {
      a11y_check (window->sign_dialog, "Sign dialog", unnamed);
      gtk_widget_activate_action (window->sign_dialog, "sign.cancel", NULL);
      app_test_iterate (100);
    }

  /* Requests, with a review. */
  check_requests (window, request_id, unnamed);

  /* Ledger. */
  adw_view_stack_set_visible_child_name (window->view_stack, "ledger");
  app_test_iterate (300);
  a11y_check (GTK_WIDGET (window), "Ledger", unnamed);

  check_seals (window, unnamed);
  check_preferences (window, unnamed);

  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
  if (unnamed->len > 0)
    g_error ("%u controls without an accessible name (listed above)", unnamed->len);
  close_all_windows ();
}

void
add_a11y_tests (void)
{
  g_test_add_func ("/app/a11y/names", test_a11y_names);
}
