/* sealdesk-page-cache.c: rendered pages, by (page, rotation, size), within a memory budget
 *
 * Textures are kept in least-recently-used order. Inserting a texture
 * evicts the least recently used ones until the total size is within the
 * budget again; a texture larger than the whole budget is not kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sealdesk-page-cache.h"

typedef struct
{
  guint       page;
  guint       rotation;
  int         width;
  int         height;
  gsize       size;
  GdkTexture *texture;
  GList       link;
} CacheEntry;

struct _SealdeskPageCache
{
  GObject     parent_instance;

  GHashTable *entries;   /* CacheEntry (as key) -> same CacheEntry */
  GQueue      lru;       /* head: most recently used */
  gsize       budget;
  gsize       size;
};

G_DEFINE_FINAL_TYPE (SealdeskPageCache, sealdesk_page_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUDGET,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
cache_entry_hash (gconstpointer data)
{
  const CacheEntry *entry = data;

  return (entry->page * 2654435761u) ^ (entry->rotation << 24) ^ (guint) entry->width;
}

static gboolean
cache_entry_equal (gconstpointer a,
                   gconstpointer b)
{
  const CacheEntry *ea = a;
  const CacheEntry *eb = b;

  return ea->page == eb->page && ea->rotation == eb->rotation && ea->width == eb->width;
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
sealdesk_page_cache_remove_entry (SealdeskPageCache *self,
                                  CacheEntry        *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  self->size -= entry->size;
  g_hash_table_remove (self->entries, entry);
}

static void
sealdesk_page_cache_evict (SealdeskPageCache *self,
                           gsize              room)
{
  gsize old_size = self->size;

  while (self->lru.tail != NULL && self->size + room > self->budget)
    sealdesk_page_cache_remove_entry (self, self->lru.tail->data);

  if (old_size != self->size)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

static void
sealdesk_page_cache_finalize (GObject *object)
{
  SealdeskPageCache *self = (SealdeskPageCache *)object;

  g_queue_init (&self->lru);
  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (sealdesk_page_cache_parent_class)->finalize (object);
}

static void
sealdesk_page_cache_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SealdeskPageCache *self = SEALDESK_PAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_page_cache_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SealdeskPageCache *self = SEALDESK_PAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      sealdesk_page_cache_set_budget (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sealdesk_page_cache_class_init (SealdeskPageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sealdesk_page_cache_finalize;
  object_class->get_property = sealdesk_page_cache_get_property;
  object_class->set_property = sealdesk_page_cache_set_property;

  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL,
                         0, G_MAXUINT64, SEALDESK_PAGE_CACHE_DEFAULT_BUDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sealdesk_page_cache_init (SealdeskPageCache *self)
{
  self->entries = g_hash_table_new_full (cache_entry_hash, cache_entry_equal,
                                         NULL, cache_entry_free);
  self->budget = SEALDESK_PAGE_CACHE_DEFAULT_BUDGET;
}

SealdeskPageCache *
sealdesk_page_cache_new (gsize budget)
{
  return g_object_new (SEALDESK_TYPE_PAGE_CACHE,
                       "budget", (guint64) budget,
                       NULL);
}

gsize
sealdesk_page_cache_get_budget (SealdeskPageCache *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), 0);

  return self->budget;
}

void
sealdesk_page_cache_set_budget (SealdeskPageCache *self,
                                gsize              budget)
{
  g_return_if_fail (SEALDESK_IS_PAGE_CACHE (self));

  if (self->budget == budget)
    return;

  self->budget = budget;
  sealdesk_page_cache_evict (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

/* Bytes in use by the textures held, always <= the budget. */
gsize
sealdesk_page_cache_get_size (SealdeskPageCache *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), 0);

  return self->size;
}

guint
sealdesk_page_cache_get_n_items (SealdeskPageCache *self)
{
  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), 0);

  return self->lru.length;
}

/* Keeps @texture as the rendering of @page at @rotation, keyed by its
 * width in pixels. Returns FALSE when it is larger than the whole budget
 * and so was not kept. */
gboolean
sealdesk_page_cache_insert (SealdeskPageCache *self,
                            guint              page,
                            guint              rotation,
                            GdkTexture        *texture)
{
  CacheEntry key;
  CacheEntry *entry;
  CacheEntry *old;
  gsize size;

  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), FALSE);
  g_return_val_if_fail (GDK_IS_TEXTURE (texture), FALSE);

  size = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  if (size > self->budget)
    return FALSE;

  key.page = page;
  key.rotation = rotation;
  key.width = gdk_texture_get_width (texture);
  if ((old = g_hash_table_lookup (self->entries, &key)))
    sealdesk_page_cache_remove_entry (self, old);

  sealdesk_page_cache_evict (self, size);

  entry = g_new0 (CacheEntry, 1);
  entry->page = page;
  entry->rotation = rotation;
  entry->width = gdk_texture_get_width (texture);
  entry->height = gdk_texture_get_height (texture);
  entry->size = size;
  entry->texture = g_object_ref (texture);
  entry->link.data = entry;

  g_hash_table_add (self->entries, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  self->size += size;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);

  return TRUE;
}

static void
sealdesk_page_cache_touch (SealdeskPageCache *self,
                           CacheEntry        *entry)
{
  if (self->lru.head == &entry->link)
    return;

  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);
}

/* The texture of @page rendered exactly @width pixels wide, or NULL.
 * Marks it as recently used. */
GdkTexture *
sealdesk_page_cache_lookup (SealdeskPageCache *self,
                            guint              page,
                            guint              rotation,
                            int                width)
{
  CacheEntry key;
  CacheEntry *entry;

  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), NULL);

  key.page = page;
  key.rotation = rotation;
  key.width = width;
  if (!(entry = g_hash_table_lookup (self->entries, &key)))
    return NULL;

  sealdesk_page_cache_touch (self, entry);

  return entry->texture;
}

/* The texture of @page closest to @width pixels wide, preferring larger
 * ones (they scale down well), or NULL: what to show while the exact size
 * is being rendered. Does not change the order of eviction. */
GdkTexture *
sealdesk_page_cache_lookup_best (SealdeskPageCache *self,
                                 guint              page,
                                 guint              rotation,
                                 int                width)
{
  CacheEntry *best = NULL;

  g_return_val_if_fail (SEALDESK_IS_PAGE_CACHE (self), NULL);

  for (const GList *l = self->lru.head; l != NULL; l = l->next)
    {
      CacheEntry *entry = l->data;

      if (entry->page != page || entry->rotation != rotation)
        continue;

      if (best == NULL)
        best = entry;
      else if (best->width < width)
        {
          if (entry->width > best->width)
            best = entry;
        }
      else if (entry->width >= width && entry->width < best->width)
        best = entry;
    }

  return best ? best->texture : NULL;
}

void
sealdesk_page_cache_clear (SealdeskPageCache *self)
{
  g_return_if_fail (SEALDESK_IS_PAGE_CACHE (self));

  if (self->lru.length == 0)
    return;

  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->entries);
  self->size = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}
