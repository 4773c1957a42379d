/* Images from the database, kept in memory. See media_cache.h. */
#include "media_cache.h"
#include "../core/fatal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct media_blob {
    char *name;
    void *data;
    size_t len;
    atomic_int refs;               /* the cache's own, and one per request sending it */
    struct media_blob *prev, *next; /* newest first */
    struct media_blob *chain;      /* in its hash bucket */
};

#define BUCKETS 1024

struct media_cache {
    pthread_mutex_t lock;
    media_blob *buckets[BUCKETS];
    media_blob *newest, *oldest;
    size_t bytes, max_bytes;
};

media_cache *media_cache_new(size_t max_bytes) {
    if (max_bytes == 0) return NULL;
    media_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    return c;
}

static size_t bucket_of(const char *name) {
    size_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = h * 33 + *p;
    return h % BUCKETS;
}

void media_blob_release(void *p) {
    media_blob *b = p;
    if (!b || atomic_fetch_sub(&b->refs, 1) != 1) return;
    free(b->name);
    free(b->data);
    free(b);
}

/* Takes b out of the recency list and its bucket. Caller holds the lock. */
static void unlink_blob(media_cache *c, media_blob *b) {
    if (b->prev) b->prev->next = b->next;
    else c->newest = b->next;
    if (b->next) b->next->prev = b->prev;
    else c->oldest = b->prev;
    media_blob **at = &c->buckets[bucket_of(b->name)];
    while (*at && *at != b) at = &(*at)->chain;
    if (*at) *at = b->chain;
    c->bytes -= b->len;
}

/* Puts b first in the recency list. Caller holds the lock. */
static void push_front(media_cache *c, media_blob *b) {
    b->prev = NULL;
    b->next = c->newest;
    if (c->newest) c->newest->prev = b;
    c->newest = b;
    if (!c->oldest) c->oldest = b;
}

/* The entry called name with a reference for the caller, or NULL. */
static media_blob *find(media_cache *c, const char *name) {
    pthread_mutex_lock(&c->lock);
    media_blob *b = c->buckets[bucket_of(name)];
    while (b && strcmp(b->name, name) != 0) b = b->chain;
    if (b) {
        atomic_fetch_add(&b->refs, 1);
        if (b != c->newest) {
            if (b->prev) b->prev->next = b->next;
            if (b->next) b->next->prev = b->prev;
            else c->oldest = b->prev;
            push_front(c, b);
        }
    }
    pthread_mutex_unlock(&c->lock);
    return b;
}

/* Keeps b (with the cache's reference), letting the oldest go for room;
** one bigger than a quarter of the cache is not kept. Returns the entry to
** send: b, or one another request kept meanwhile under the same name. */
static media_blob *keep(media_cache *c, media_blob *b) {
    if (b->len > c->max_bytes / 4) return b;
    pthread_mutex_lock(&c->lock);
    size_t at = bucket_of(b->name);
    for (media_blob *e = c->buckets[at]; e; e = e->chain) {
        if (strcmp(e->name, b->name) != 0) continue;
        atomic_fetch_add(&e->refs, 1);
        pthread_mutex_unlock(&c->lock);
        media_blob_release(b);
        return e;
    }
    while (c->oldest && c->bytes + b->len > c->max_bytes) {
        media_blob *old = c->oldest;
        unlink_blob(c, old);
        media_blob_release(old);
    }
    atomic_fetch_add(&b->refs, 1);
    b->chain = c->buckets[at];
    c->buckets[at] = b;
    push_front(c, b);
    c->bytes += b->len;
    pthread_mutex_unlock(&c->lock);
    return b;
}

int media_cache_get(media_cache *c, store *s, arena *a, const char *name, const void **data,
                    size_t *len, media_blob **blob) {
    *blob = NULL;
    media_blob *b = c ? find(c, name) : NULL;
    if (!b) {
        const void *bytes;
        size_t n;
        int rc = store_media_file_get(s, a, name, &bytes, &n);
        if (rc != STORE_OK) return rc;
        if (!c) {
            *data = bytes;
            *len = n;
            return STORE_OK;
        }
        b = xcalloc(1, sizeof *b);
        b->name = xstrdup(name);
        b->data = xmalloc(n ? n : 1);
        memcpy(b->data, bytes, n);
        b->len = n;
        atomic_init(&b->refs, 1); /* the caller's */
        b = keep(c, b);
    }
    *data = b->data;
    *len = b->len;
    *blob = b;
    return STORE_OK;
}

void media_cache_free(media_cache *c) {
    if (!c) return;
    media_blob *b = c->newest;
    while (b) {
        media_blob *next = b->next;
        media_blob_release(b);
        b = next;
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}
