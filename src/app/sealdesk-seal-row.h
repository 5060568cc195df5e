/* sealdesk-seal-row.h: one seal of the library in the seals view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-seal-library.h"

G_BEGIN_DECLS

#define SEALDESK_TYPE_SEAL_ROW (sealdesk_seal_row_get_type ())

G_DECLARE_FINAL_TYPE (SealdeskSealRow, sealdesk_seal_row, SEALDESK, SEAL_ROW, AdwActionRow)

/* @grants: who may do what, as text ("alice: request, use"), or NULL.
 * @key_label: the seal's key as a person knows it (its label, or the
 * name in its certificate), or NULL to show its ID.
 * @texture: the picture, drawn @px_per_mm pixels a millimetre so that the
 * seals of one list keep their true relative sizes. The row's menu offers
 * the seals.* actions that fit the seal's state, with its ID. */
GtkWidget  *sealdesk_seal_row_new           (SdSeal          *seal,
                                             const char      *grants,
                                             const char      *key_label,
                                             GdkTexture      *texture,
                                             double           px_per_mm);
const char *sealdesk_seal_row_get_seal_id   (SealdeskSealRow *self);
const char *sealdesk_seal_row_get_seal_name (SealdeskSealRow *self);
const char *sealdesk_seal_row_get_state     (SealdeskSealRow *self);
/* "Company seal", "Suspended"…: the words shown for a kind and a state. */
const char *sealdesk_seal_kind_label        (const char      *kind);
const char *sealdesk_seal_state_label       (const char      *state);

G_END_DECLS
