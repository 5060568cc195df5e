/* sealdesk-signature-row.c: one signature in the signatures panel
 *
 * The row says at a glance what a person needs: whether the signature
 * holds (icon, colour and words, never colour alone), who signed, when
 * (the time the signer's computer claimed, or a timestamp authority's),
 * and the PAdES level and what it covers. Its details, behind a toggle,
 * hold the certificate's issuer and serial number, every finding of the
 * verifier and every change made to the document after the signature.
 * Activating the row (click, Enter, Space) shows the signature in the
 * document; the panel handles that. "Certificate…" opens the certificate
 * viewer on the signer's certificate and its issuers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sealdesk-format.h"
#include "sealdesk-certificate-dialog.h"
#include "sealdesk-signature-row.h"

struct _SealdeskSignatureRow
{
  GtkListBoxRow            parent_instance;

  SdVerifyReport          *report;
  guint                    index;
  SealdeskSignatureStatus  status;

  /* Template children */
  GtkImage                *status_icon;
  GtkLabel                *title_label;
  GtkLabel                *status_label;
  GtkLabel                *time_label;
  GtkLabel                *level_label;
  GtkToggleButton         *details_button;
  GtkRevealer             *details_revealer;
  GtkBox                  *details_box;
  GtkWidget               *certificate_button;
  GtkWidget               *certificate_dialog; /* weak */
};

G_DEFINE_FINAL_TYPE (SealdeskSignatureRow, sealdesk_signature_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *icon_name;
  const char *style_class;
  const char *text;
} status_look[] = {
  [SEALDESK_SIGNATURE_STATUS_VALID] = { "emblem-ok-symbolic", "success", N_("Valid") },
  [SEALDESK_SIGNATURE_STATUS_UNTRUSTED] = { "dialog-warning-symbolic", "warning",
                                            N_("Valid, but the signer is not trusted") },
  [SEALDESK_SIGNATURE_STATUS_CHANGED] = { "dialog-warning-symbolic", "error",
                                          N_("Document changed after signing") },
  [SEALDESK_SIGNATURE_STATUS_INVALID] = { "dialog-error-symbolic", "error", N_("Invalid") },
};

/* The status line when the verifier names what happened: the attack in a
 * few words (the details say it at length). NULL for the plain status. */
static const char *
attack_status_text (const SdVerifySignature *signature,
                    SealdeskSignatureStatus  status)
{
  switch (signature->attack)
    {
    case SD_VERIFY_ATTACK_INCREMENTAL_SAVING:
      return _("Document changed after signing");
    case SD_VERIFY_ATTACK_SIGNATURE_WRAPPING:
      return _("Invalid: the signed bytes were moved (signature wrapping)");
    case SD_VERIFY_ATTACK_SHADOW_HIDE:
      return _("Changed: signed content was hidden (shadow attack)");
    case SD_VERIFY_ATTACK_SHADOW_REPLACE:
      return _("Changed: signed content was replaced (shadow attack)");
    case SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE:
      return _("Changed: hidden content is now shown (shadow attack)");
    case SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE:
      return _("Changed: content was slipped in after signing (shadow attack)");
    case SD_VERIFY_ATTACK_UNIVERSAL_FORGERY:
      return _("Invalid: the signature is missing or empty (forgery)");
    case SD_VERIFY_ATTACK_BYTERANGE_MANIPULATION:
      return _("Invalid: the signed byte range was manipulated");
    case SD_VERIFY_ATTACK_SIGDICT_SPOOFING:
      return _("Invalid: the signature was copied or altered (spoofing)");
    case SD_VERIFY_ATTACK_OPTIONAL_CONTENT:
      return _("Changed: layers were switched on or off after signing");
    case SD_VERIFY_ATTACK_SNEAKY_SIGNATURE:
      return _("Changed: a fake signature was added (sneaky signature attack)");
    case SD_VERIFY_ATTACK_EVIL_ANNOTATION:
      return _("Changed: an annotation covers the page (evil annotation attack)");
    case SD_VERIFY_ATTACK_ACTIVE_CONTENT:
      return _("Changed: actions, scripts or attachments were altered after signing");
    case SD_VERIFY_ATTACK_LOCKED_FIELD:
      return _("Changed: a locked form field was filled in after signing");
    case SD_VERIFY_ATTACK_UNTRUSTED_PURPOSE:
      return _("Not trusted: the certificate is not for signing documents");
    case SD_VERIFY_ATTACK_WEAK_ALGORITHM:
      return status == SEALDESK_SIGNATURE_STATUS_UNTRUSTED
             ? _("Not trusted: a weak algorithm or key")
             : _("Invalid: a broken algorithm");
    case SD_VERIFY_ATTACK_TOO_COMPLEX:
      return _("Invalid: too complex to verify safely");
    case SD_VERIFY_ATTACK_NONE:
    default:
      return NULL;
    }
}

static SdVerifySignature *
sealdesk_signature_row_get_signature (SealdeskSignatureRow *self)
{
  return g_ptr_array_index (self->report->signatures, self->index);
}

/* "the signer's certificate…" as a sentence: "The signer's certificate…" */
static char *
capitalize (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8] = { 0 };

  if (first == 0)
    return g_strdup (text);
  g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

  return g_strconcat (buffer, g_utf8_next_char (text), NULL);
}

static const char *
level_name (const SdVerifySignature *signature)
{
  switch (signature->level)
    {
    case SD_VERIFY_LEVEL_B_B:
      return "PAdES B-B";
    case SD_VERIFY_LEVEL_B_T:
      return "PAdES B-T";
    case SD_VERIFY_LEVEL_B_LT:
      return "PAdES B-LT";
    case SD_VERIFY_LEVEL_B_LTA:
      return "PAdES B-LTA";
    case SD_VERIFY_LEVEL_PKCS7:
      return _("PKCS #7 (not PAdES)");
    case SD_VERIFY_LEVEL_TIMESTAMP:
    default:
      return _("Document timestamp");
    }
}

static const char *
coverage_text (const SdVerifySignature *signature)
{
  switch (signature->coverage)
    {
    case SD_VERIFY_COVERAGE_WHOLE_FILE:
      return _("The whole document");
    case SD_VERIFY_COVERAGE_WHOLE_REVISION:
      return _("The document as it was signed; later updates follow");
    case SD_VERIFY_COVERAGE_PARTIAL:
    default:
      return _("Only part of the document");
    }
}

static void
add_detail (SealdeskSignatureRow *self,
            const char           *title,
            const char           *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0.0);
  gtk_widget_add_css_class (title_label, "caption-heading");
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (value_label, "signature-detail");

  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (self->details_box, box);
}

/* A list: one line per item, each a sentence. */
static void
add_detail_list (SealdeskSignatureRow *self,
                 const char           *title,
                 GPtrArray            *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *line = capitalize (g_ptr_array_index (lines, i));

      if (i > 0)
        g_string_append_c (text, '\n');
      /* Translators: an item of a list in the details of a signature */
      g_string_append_printf (text, _("• %s"), line);
    }

  add_detail (self, title, text->str);
}

static void
sealdesk_signature_row_add_times (SealdeskSignatureRow    *self,
                                  const SdVerifySignature *signature)
{
  g_autofree char *claimed =
    signature->claimed_time ? sealdesk_format_date_time (signature->claimed_time) : NULL;
  g_autofree char *stamped =
    signature->timestamp_time ? sealdesk_format_date_time (signature->timestamp_time) : NULL;

  add_detail (self, _("Signing Time Claimed by the Signer"),
              claimed ? claimed : _("None"));

  if (stamped == NULL)
    add_detail (self, _("Timestamp"),
                _("None: the signing time is only what the signer’s computer said"));
  else
    {
      g_autofree char *text = NULL;

      if (signature->timestamp_trusted)
        /* Translators: %s is a date and time */
        text = g_strdup_printf (_("%s, from a trusted timestamp authority"), stamped);
      else
        /* Translators: %s is a date and time */
        text = g_strdup_printf (_("%s, from a timestamp authority that is not trusted"), stamped);
      add_detail (self, _("Timestamp"), text);
    }
}

static void
sealdesk_signature_row_add_changes (SealdeskSignatureRow    *self,
                                    const SdVerifySignature *signature)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; signature->changes_after != NULL && i < signature->changes_after->len; i++)
    {
      const SdVerifyChange *change = g_ptr_array_index (signature->changes_after, i);
      const char *kind = sd_verify_change_kind_describe (change->kind);
      char *line;

      if (change->allowed)
        /* Translators: revision number, kind of change, what changed */
        line = g_strdup_printf (_("revision %d, %s (allowed): %s"),
                                change->revision, kind, change->detail ? change->detail : "");
      else
        /* Translators: revision number, kind of change, what changed */
        line = g_strdup_printf (_("revision %d, %s (NOT allowed): %s"),
                                change->revision, kind, change->detail ? change->detail : "");
      g_ptr_array_add (lines, line);
    }

  if (lines->len == 0)
    add_detail (self, _("Changes After Signing"), _("None"));
  else
    add_detail_list (self, _("Changes After Signing"), lines);
}

static void
sealdesk_signature_row_add_field (SealdeskSignatureRow            *self,
                                  const SdVerifySignature         *signature,
                                  const SealdeskSignatureLocation *location)
{
  g_autofree char *text = NULL;
  const char *field = signature->field ? signature->field : _("Unnamed");

  if (location == NULL || location->page < 0)
    text = g_strdup (field);
  else if (location->has_area)
    /* Translators: a signature field's name and the page its seal is on */
    text = g_strdup_printf (_("%s, on page %d"), field, location->page + 1);
  else
    /* Translators: a signature field's name and its page */
    text = g_strdup_printf (_("%s, invisible, page %d"), field, location->page + 1);

  add_detail (self, _("Signature Field"), text);
}

static void
sealdesk_signature_row_fill (SealdeskSignatureRow            *self,
                             const SealdeskSignatureLocation *location)
{
  SdVerifySignature *signature = sealdesk_signature_row_get_signature (self);
  g_autofree char *time = NULL;
  g_autofree char *when = NULL;
  g_autofree char *level = NULL;
  g_autofree char *accessible = NULL;
  const char *title;
  const char *status_text;

  self->status = sealdesk_signature_status_for (signature);
  /* A valid signature names no attack; the others say what was found. */
  status_text = self->status != SEALDESK_SIGNATURE_STATUS_VALID
                ? attack_status_text (signature, self->status) : NULL;
  if (status_text == NULL)
    status_text = _(status_look[self->status].text);

  if (signature->is_doc_timestamp)
    title = _("Document Timestamp");
  else if (signature->signer_name != NULL && signature->signer_name[0] != '\0')
    title = signature->signer_name;
  else if (signature->signer_subject != NULL)
    title = signature->signer_subject;
  else
    title = _("Unknown Signer");

  gtk_label_set_text (self->title_label, title);
  gtk_image_set_from_icon_name (self->status_icon, status_look[self->status].icon_name);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), status_look[self->status].style_class);
  gtk_label_set_text (self->status_label, status_text);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_look[self->status].style_class);

  if (signature->timestamp_time != NULL)
    {
      time = sealdesk_format_short_date_time (signature->timestamp_time);
      /* Translators: %s is a date and time from a timestamp authority */
      when = g_strdup_printf (_("Timestamped %s"), time);
    }
  else if (signature->claimed_time != NULL)
    {
      time = sealdesk_format_short_date_time (signature->claimed_time);
      /* Translators: %s is a date and time that nobody but the signer vouches for */
      when = g_strdup_printf (_("Signed %s (claimed by the signer)"), time);
    }
  else
    when = g_strdup (_("No signing time"));
  gtk_label_set_text (self->time_label, when);

  /* Translators: the PAdES level, then what the signature covers */
  level = g_strdup_printf (_("%s · %s"), level_name (signature), coverage_text (signature));
  gtk_label_set_text (self->level_label, level);

  if (signature->is_doc_timestamp && signature->signer_name != NULL)
    add_detail (self, _("Timestamp Authority"), signature->signer_name);
  add_detail (self, _("Issuer"), signature->signer_issuer ? signature->signer_issuer : _("Unknown"));
  add_detail (self, _("Serial Number"), signature->signer_serial ? signature->signer_serial : _("Unknown"));
  sealdesk_signature_row_add_times (self, signature);
  add_detail (self, _("Level"), level_name (signature));
  add_detail (self, _("Coverage"), coverage_text (signature));
  if (signature->signing_reason != NULL && signature->signing_reason[0] != '\0')
    add_detail (self, _("Reason"), signature->signing_reason);
  if (signature->location != NULL && signature->location[0] != '\0')
    add_detail (self, _("Location"), signature->location);
  sealdesk_signature_row_add_field (self, signature, location);
  if (signature->attack != SD_VERIFY_ATTACK_NONE)
    {
      g_autofree char *attack = capitalize (sd_verify_attack_describe (signature->attack));

      add_detail (self, _("Attack Detected"), attack);
    }
  if (signature->reasons != NULL && signature->reasons->len > 0)
    add_detail_list (self, _("Findings"), signature->reasons);
  sealdesk_signature_row_add_changes (self, signature);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signature-row.show-certificate",
                                 signature->chain != NULL && signature->chain->len > 0);

  /* Translators: what a screen reader says for a signature: signer, status */
  accessible = g_strdup_printf (_("%s: %s"), title, status_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
sealdesk_signature_row_details_toggled (SealdeskSignatureRow *self)
{
  gboolean expanded = gtk_toggle_button_get_active (self->details_button);

  gtk_revealer_set_reveal_child (self->details_revealer, expanded);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_button),
                               expanded ? _("Hide Details") : _("Show Details"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->details_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded,
                               -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

static void
sealdesk_signature_row_show_certificate (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  SealdeskSignatureRow *self = SEALDESK_SIGNATURE_ROW (widget);
  SdVerifySignature *signature = sealdesk_signature_row_get_signature (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (signature->chain == NULL || signature->chain->len == 0)
    return;

  if (self->certificate_dialog == NULL)
    {
      self->certificate_dialog =
        sealdesk_certificate_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         signature->chain);
      g_object_add_weak_pointer (G_OBJECT (self->certificate_dialog),
                                 (gpointer *) &self->certificate_dialog);
    }
  gtk_window_present (GTK_WINDOW (self->certificate_dialog));
}

static void
sealdesk_signature_row_dispose (GObject *object)
{
  SealdeskSignatureRow *self = (SealdeskSignatureRow *)object;

  if (self->certificate_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->certificate_dialog),
                                  (gpointer *) &self->certificate_dialog);
  self->certificate_dialog = NULL;

  /* The row's child is part of the template: unparent it once, here. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEALDESK_TYPE_SIGNATURE_ROW);
  g_clear_pointer (&self->report, sd_verify_report_unref);

  G_OBJECT_CLASS (sealdesk_signature_row_parent_class)->dispose (object);
}

static void
sealdesk_signature_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SealdeskSignatureRow *self = SEALDESK_SIGNATURE_ROW (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      g_value_set_boolean (value, sealdesk_signature_row_get_expanded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_signature_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SealdeskSignatureRow *self = SEALDESK_SIGNATURE_ROW (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      sealdesk_signature_row_set_expanded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_signature_row_class_init (SealdeskSignatureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sealdesk_signature_row_dispose;
  object_class->get_property = sealdesk_signature_row_get_property;
  object_class->set_property = sealdesk_signature_row_set_property;

  properties[PROP_EXPANDED] =
    g_param_spec_boolean ("expanded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sealdesk/Sealdesk/ui/sealdesk-signature-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, level_label);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, details_button);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, details_box);
  gtk_widget_class_bind_template_child (widget_class, SealdeskSignatureRow, certificate_button);
  gtk_widget_class_install_action (widget_class, "signature-row.show-certificate", NULL,
                                   sealdesk_signature_row_show_certificate);
  gtk_widget_class_bind_template_callback (widget_class, sealdesk_signature_row_details_toggled);
}

static void
sealdesk_signature_row_init (SealdeskSignatureRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A row for signature @index of @report, whose widget is at @location
 * (NULL: not known). */
GtkWidget *
sealdesk_signature_row_new (SdVerifyReport                  *report,
                            guint                            index,
                            const SealdeskSignatureLocation *location)
{
  SealdeskSignatureRow *self;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (index < report->signatures->len, NULL);

  self = g_object_new (SEALDESK_TYPE_SIGNATURE_ROW, NULL);
  self->report = sd_verify_report_ref (report);
  self->index = index;
  sealdesk_signature_row_fill (self, location);

  return GTK_WIDGET (self);
}

/* The signature's index in the report. */
guint
sealdesk_signature_row_get_index (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), 0);

  return self->index;
}

SealdeskSignatureStatus
sealdesk_signature_row_get_status (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), SEALDESK_SIGNATURE_STATUS_INVALID);

  return self->status;
}

/* Who signed (the certificate's common name), as the row shows it. */
const char *
sealdesk_signature_row_get_title (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/* The certificate viewer opened from the row, or NULL. */
GtkWidget *
sealdesk_signature_row_get_certificate_dialog (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), NULL);

  return self->certificate_dialog;
}

const char *
sealdesk_signature_row_get_status_text (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), NULL);

  return gtk_label_get_text (self->status_label);
}

gboolean
sealdesk_signature_row_get_expanded (SealdeskSignatureRow *self)
{
  g_return_val_if_fail (SEALDESK_IS_SIGNATURE_ROW (self), FALSE);

  return gtk_toggle_button_get_active (self->details_button);
}

void
sealdesk_signature_row_set_expanded (SealdeskSignatureRow *self,
                                     gboolean              expanded)
{
  g_return_if_fail (SEALDESK_IS_SIGNATURE_ROW (self));

  gtk_toggle_button_set_active (self->details_button, expanded);
}

/* The worst status of @report's signatures (VALID when there are none). */
SealdeskSignatureStatus
sealdesk_signature_status_worst (SdVerifyReport *report)
{
  SealdeskSignatureStatus worst = SEALDESK_SIGNATURE_STATUS_VALID;

  g_return_val_if_fail (report != NULL, worst);

  for (guint i = 0; i < report->signatures->len; i++)
    worst = MAX (worst, sealdesk_signature_status_for (g_ptr_array_index (report->signatures, i)));

  return worst;
}

/* An invalid signature whose own bytes and cryptography are intact was
 * broken by what came after it: the document was changed after signing
 * (openly, or hidden in a shadow or incremental saving attack). */
SealdeskSignatureStatus
sealdesk_signature_status_for (const SdVerifySignature *signature)
{
  gboolean changed;

  g_return_val_if_fail (signature != NULL, SEALDESK_SIGNATURE_STATUS_INVALID);

  if (signature->verdict == SD_VERIFY_VERDICT_VALID)
    return SEALDESK_SIGNATURE_STATUS_VALID;
  if (signature->verdict == SD_VERIFY_VERDICT_UNTRUSTED)
    return SEALDESK_SIGNATURE_STATUS_UNTRUSTED;

  if (!signature->digest_ok || !signature->signature_ok ||
      signature->coverage == SD_VERIFY_COVERAGE_PARTIAL)
    return SEALDESK_SIGNATURE_STATUS_INVALID;

  switch (signature->attack)
    {
    case SD_VERIFY_ATTACK_NONE:
      changed = FALSE;
      break;
    case SD_VERIFY_ATTACK_INCREMENTAL_SAVING:
    case SD_VERIFY_ATTACK_SHADOW_HIDE:
    case SD_VERIFY_ATTACK_SHADOW_REPLACE:
    case SD_VERIFY_ATTACK_SHADOW_HIDE_AND_REPLACE:
    case SD_VERIFY_ATTACK_SHADOW_DANGLING_REFERENCE:
    case SD_VERIFY_ATTACK_OPTIONAL_CONTENT:
    case SD_VERIFY_ATTACK_SNEAKY_SIGNATURE:
    case SD_VERIFY_ATTACK_EVIL_ANNOTATION:
    case SD_VERIFY_ATTACK_ACTIVE_CONTENT:
    case SD_VERIFY_ATTACK_LOCKED_FIELD:
      changed = TRUE;
      break;
    default:
      return SEALDESK_SIGNATURE_STATUS_INVALID;
    }

  for (guint i = 0; !changed && signature->changes_after != NULL && i < signature->changes_after->len; i++)
    {
      const SdVerifyChange *change = g_ptr_array_index (signature->changes_after, i);

      changed = !change->allowed;
    }

  return changed ? SEALDESK_SIGNATURE_STATUS_CHANGED : SEALDESK_SIGNATURE_STATUS_INVALID;
}
