/*
** Images kept in the database (PostgreSQL sites), held in memory once
** read: a variant's name is the hash of its upload, so its bytes never
** change and nothing here is ever stale; only room bounds it (the least
** recently served go first). Entries are shared by reference between the
** requests that send them.
*/
#ifndef GAZETTE_MEDIA_CACHE_H
#define GAZETTE_MEDIA_CACHE_H

#include <stddef.h>

#include "../store/store.h"

typedef struct media_cache media_cache;
typedef struct media_blob media_blob;

/* A cache of at most max_bytes; NULL when max_bytes is 0 (every request
** reads the database). */
media_cache *media_cache_new(size_t max_bytes);
void media_cache_free(media_cache *c);

/* The variant called name: from memory, or read from the store (and kept).
** On STORE_OK, *data and *len are its bytes and *blob a reference the
** caller gives back with media_blob_release() once they are sent. With no
** cache (c NULL) the bytes are in a and *blob is NULL. */
int media_cache_get(media_cache *c, store *s, arena *a, const char *name, const void **data,
                    size_t *len, media_blob **blob);

/* Gives back a reference (a response's release callback); NULL: nothing. */
void media_blob_release(void *blob);

#endif
