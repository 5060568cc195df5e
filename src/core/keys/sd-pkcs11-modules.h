/* sd-pkcs11-modules.h: the PKCS#11 modules Sealdesk talks to
 *
 * Every module registered with p11-kit on the system (Debian's softhsm2 and
 * opensc packages register theirs in /usr/share/p11-kit/modules), plus the
 * modules the person adds: one path a line in <data_dir>/pkcs11-modules,
 * and the paths in $SEALDESK_PKCS11_MODULES (separated by ':'). Modules are
 * loaded and initialized once for the whole process and shared: the set
 * stays loaded while anyone holds a reference (keys, the token monitor).
 */
#pragma once

#include <gio/gio.h>
#include <p11-kit/p11-kit.h>

G_BEGIN_DECLS

typedef struct _SdPkcs11Modules SdPkcs11Modules;

typedef struct
{
  CK_FUNCTION_LIST *funcs;
  char             *name;       /* p11-kit's name ("softhsm2"), or the file name */
  char             *path;       /* the library's file */
  CK_INFO           info;       /* C_GetInfo */
  gboolean          user_added; /* from the person's list, not p11-kit's */
} SdPkcs11Module;

/* A token present in a slot. */
typedef struct
{
  SdPkcs11Module *module; /* borrowed from the set */
  CK_SLOT_ID      slot;
  CK_SLOT_INFO    slot_info;
  CK_TOKEN_INFO   info;
  char           *label; /* from info.label, trimmed */
} SdPkcs11Token;

/* The shared set for @data_dir (NULL: sd_data_dir()). Modules that cannot
 * be loaded are left out, each adding a GError to @warnings (may be NULL).
 * Fails only when p11-kit itself cannot be used. */
SdPkcs11Modules *sd_pkcs11_modules_get (const char *data_dir, GPtrArray *warnings, GError **error);
SdPkcs11Modules *sd_pkcs11_modules_ref (SdPkcs11Modules *self);
void             sd_pkcs11_modules_unref (SdPkcs11Modules *self);
guint            sd_pkcs11_modules_get_n (SdPkcs11Modules *self);
SdPkcs11Module  *sd_pkcs11_modules_get_nth (SdPkcs11Modules *self, guint i);

/* Tokens present now, in module order; a token reachable through two
 * modules (the same label, manufacturer, model and serial) is listed once.
 * Slots that fail add warnings. Array of SdPkcs11Token. */
GPtrArray *sd_pkcs11_modules_list_tokens (SdPkcs11Modules *self, GPtrArray *warnings);
void       sd_pkcs11_token_free (SdPkcs11Token *token);

/* Are @a and @b the same token (label, manufacturer, model, serial)? */
gboolean sd_pkcs11_token_info_equal (const CK_TOKEN_INFO *a, const CK_TOKEN_INFO *b);

/* The module paths the person added in <data_dir>/pkcs11-modules (empty
 * lines and lines starting with '#' skipped). Never NULL. */
char **sd_pkcs11_user_modules_read (const char *data_dir);
/* Loads the module at @path on its own and says what it is ("OpenSC
 * smartcard framework, OpenSC Project"): to check a path before adding it.
 * Errors: SD_KEY_ERROR_FAILED saying why it is not a usable module. */
char *sd_pkcs11_module_describe (const char *path, GError **error);
/* Replaces that list (written atomically). Paths must be absolute. */
gboolean
sd_pkcs11_user_modules_write (const char *data_dir, const char *const *paths, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPkcs11Modules, sd_pkcs11_modules_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPkcs11Token, sd_pkcs11_token_free)

G_END_DECLS
