/* sd-sign-fields.h: the objects a new signature adds to a document */
#pragma once

#include "sd-pdf-update.h"
#include "sd-seal-image.h"
#include "sd-signer.h"

G_BEGIN_DECLS

/* Adds to @update the signature field merged with its widget (the first
 * placement), a locked Stamp annotation for each further placement, their
 * appearance streams and seal images (an image already in the document is
 * reused), the pages' /Annots, the AcroForm (/Fields, /SigFlags 3) and, when
 * certifying, the catalog's /Perms. @images holds one SdSealImage per
 * placement. The signature dictionary is object @sig_num, written by the
 * caller. Returns the field name chosen in @field_name. */
gboolean sd_sign_fields_build (SdPdfDocument       *doc,
                               SdPdfUpdate         *update,
                               const SdSignOptions *opts,
                               GPtrArray           *images,
                               int                  sig_num,
                               char               **field_name,
                               GError             **error);

G_END_DECLS
