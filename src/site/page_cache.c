/*
** The page cache. See page_cache.h.
**
** Entries live in a chained hash table and a doubly linked LRU list, under
** one mutex. A request that is sent an entry holds a reference to it until
** its answer has gone out (http_response.release), so an entry evicted or
** cleared meanwhile is freed by the last sender. The prepared answers are
** MHD's own, reference-counted by MHD as it sends them.
*/
#include "page_cache.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../http/compress.h"
#include "../core/config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WATCH_MS 100
#define MAX_BODY (8u * 1024 * 1024)

typedef struct entry {
    struct entry *chain;         /* next in the bucket */
    struct entry *newer, *older; /* the LRU list */
    uint64_t hash;
    char *key;
    char scope[8];       /* its edition, or "" when every edition shares it */
    int64_t expires;     /* monotonic seconds */
    void *body;          /* the identity body, for codings made later */
    size_t body_len;
    http_prepared *variant[HTTP_ENCODINGS];
    char *etag[HTTP_ENCODINGS];
    char *cache_control;
    char *content_type;
    int64_t last_modified;
    int64_t article_id;  /* the article whose view a hit counts (0: none) */
    int route;           /* what the answer is, for metrics */
    const char *header_names[HTTP_MAX_HEADERS];
    const char *header_values[HTTP_MAX_HEADERS];
    int header_count;
    size_t bytes;
    int refs;     /* requests sending it, plus one while in the table; atomic */
    bool in_table;
} entry;

struct page_cache {
    pthread_mutex_t lock;
    entry **buckets;
    size_t bucket_count; /* a power of two */
    entry *newest, *oldest;
    size_t entries, bytes, max_bytes;
    uint64_t epoch; /* one more with every clear: a miss's ticket */
    uint64_t hits, misses, clears, evictions;
    /* Following the store (page_cache_sync, the watcher). */
    store *store;
    views *views;
    char *const *langs;
    size_t lang_count;
    store_listener *listener;    /* how other writers' changes are told */
    pthread_t watcher;
    atomic_bool stopping;
    pthread_mutex_t sync_lock;   /* guards what follows */
    int64_t seen_generation;     /* the newest change acted upon */
    int64_t release_at[CONFIG_MAX_LANGUAGES]; /* each edition's next embargo end; 0: none */
};

static int64_t monotonic_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

/* FNV-1a: keys are short paths. */
static uint64_t hash_key(const char *key) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 0x100000001b3ull;
    return h;
}

const char *page_cache_key(http_request *req) {
    return arena_printf(req->arena, "%s%s", req->path, http_query_string(req));
}

/* The edition an answer at path belongs to ("en", written into scope), or
** "" for answers all editions share: /en/..., /api/v1/en/... belong to en. */
static void scope_of(const page_cache *c, const char *path, char *scope, size_t size) {
    const char *p = starts_with(path, "/api/v1/") ? path + strlen("/api/v1/") : path + 1;
    size_t n = strcspn(p, "/");
    scope[0] = '\0';
    for (size_t i = 0; i < c->lang_count; i++)
        if (strlen(c->langs[i]) == n && n < size && strncmp(p, c->langs[i], n) == 0) snprintf(scope, size, "%.*s", (int)n, p);
}

static void free_entry(entry *e) {
    for (int i = 0; i < HTTP_ENCODINGS; i++) {
        http_prepared_free(e->variant[i]);
        free(e->etag[i]);
    }
    for (int i = 0; i < e->header_count; i++) {
        free((char *)e->header_names[i]);
        free((char *)e->header_values[i]);
    }
    free(e->body);
    free(e->key);
    free(e->cache_control);
    free(e->content_type);
    free(e);
}

/* Drops one reference; the last frees the entry. Atomic, so that a
** finished answer does not take the cache's lock. */
static void unref(entry *e) {
    if (__atomic_sub_fetch(&e->refs, 1, __ATOMIC_ACQ_REL) == 0) free_entry(e);
}

/* ------------------------------------------------------------- the table */

static entry **bucket_of(page_cache *c, uint64_t hash) { return &c->buckets[hash & (c->bucket_count - 1)]; }

static entry *find_locked(page_cache *c, const char *key, uint64_t hash) {
    for (entry *e = *bucket_of(c, hash); e; e = e->chain)
        if (e->hash == hash && strcmp(e->key, key) == 0) return e;
    return NULL;
}

static void lru_unlink(page_cache *c, entry *e) {
    if (e->newer) e->newer->older = e->older;
    else c->newest = e->older;
    if (e->older) e->older->newer = e->newer;
    else c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push(page_cache *c, entry *e) {
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest) c->newest->newer = e;
    c->newest = e;
    if (!c->oldest) c->oldest = e;
}

/* Takes e out of the table (its senders keep it alive). Caller holds the lock. */
static void remove_locked(page_cache *c, entry *e) {
    entry **p = bucket_of(c, e->hash);
    while (*p != e) p = &(*p)->chain;
    *p = e->chain;
    lru_unlink(c, e);
    e->in_table = false;
    c->entries--;
    c->bytes -= e->bytes;
    unref(e);
}

static void grow_locked(page_cache *c) {
    size_t count = c->bucket_count * 2;
    entry **buckets = calloc(count, sizeof *buckets);
    if (!buckets) return; /* longer chains, still correct */
    for (size_t i = 0; i < c->bucket_count; i++) {
        for (entry *e = c->buckets[i], *next; e; e = next) {
            next = e->chain;
            e->chain = buckets[e->hash & (count - 1)];
            buckets[e->hash & (count - 1)] = e;
        }
    }
    free(c->buckets);
    c->buckets = buckets;
    c->bucket_count = count;
}

/* Evicts the least recently used answers (but keep) while over the budget. */
static void evict_locked(page_cache *c, const entry *keep) {
    while (c->bytes > c->max_bytes && c->oldest && c->oldest != keep) {
        remove_locked(c, c->oldest);
        c->evictions++;
    }
}

/* Puts e in (replacing an entry of the same key) and evicts the least
** recently used entries over the budget. Caller holds the lock. */
static void insert_locked(page_cache *c, entry *e) {
    entry *old = find_locked(c, e->key, e->hash);
    if (old) remove_locked(c, old);
    if (c->entries + 1 > c->bucket_count) grow_locked(c);
    entry **b = bucket_of(c, e->hash);
    e->chain = *b;
    *b = e;
    lru_push(c, e);
    e->in_table = true;
    c->entries++;
    c->bytes += e->bytes;
    evict_locked(c, e);
}

/* ----------------------------------------------------------- the answers */

/* Makes an entry's answer in coding enc, which it lacks (the caller holds
** a reference); another request may have made it meanwhile. Gives the
** coding to send: identity when enc does not make the body smaller. */
static http_encoding make_variant(page_cache *c, entry *e, http_encoding enc) {
    void *coded;
    size_t coded_len;
    if (!http_compress(enc, false, e->body, e->body_len, &coded, &coded_len)) return HTTP_IDENTITY;
    http_response shape = {.status = 200, .content_type = e->content_type, .cache_control = e->cache_control,
                           .last_modified = e->last_modified, .file_fd = -1, .header_count = e->header_count};
    memcpy(shape.header_names, e->header_names, sizeof e->header_names);
    memcpy(shape.header_values, e->header_values, sizeof e->header_values);
    char *etag = http_coded_etag(e->etag[HTTP_IDENTITY], http_encoding_name(enc));
    shape.etag = etag;
    http_prepared *p = http_prepare(&shape, coded, coded_len, http_encoding_name(enc));
    free(coded);
    if (!p) {
        free(etag);
        return HTTP_IDENTITY;
    }
    pthread_mutex_lock(&c->lock);
    if (!e->variant[enc]) {
        e->variant[enc] = p;
        e->etag[enc] = etag;
        size_t more = http_prepared_bytes(p);
        e->bytes += more;
        if (e->in_table) { /* the evicted are on their way out */
            c->bytes += more;
            evict_locked(c, e);
        }
        p = NULL;
        etag = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    http_prepared_free(p);
    free(etag);
    return enc;
}

/* The release callback of an answer sent from an entry. */
static void sent(void *ctx) { unref(ctx); }

/* Makes resp send entry e (referenced for this request) in coding enc,
** which e has. */
static void answer_from(entry *e, http_encoding enc, http_response *resp) {
    resp->status = 200;
    resp->prepared = e->variant[enc];
    resp->etag = e->etag[enc];
    resp->last_modified = e->last_modified;
    resp->cache_control = e->cache_control;
    resp->header_count = e->header_count;
    resp->route = e->route;
    memcpy(resp->header_names, e->header_names, sizeof e->header_names);
    memcpy(resp->header_values, e->header_values, sizeof e->header_values);
    resp->release = sent;
    resp->release_ctx = e;
}

/* The coding the client takes best, from its Accept-Encoding. */
static http_encoding wanted(const http_request *req) {
    return http_accepted_encoding(http_header(req, "Accept-Encoding"));
}

bool page_cache_serve(page_cache *c, const char *key, http_request *req, http_response *resp, uint64_t *ticket) {
    uint64_t hash = hash_key(key);
    int64_t now = monotonic_seconds();
    http_encoding enc = wanted(req);
    pthread_mutex_lock(&c->lock);
    entry *e = find_locked(c, key, hash);
    if (!e || now >= e->expires) {
        c->misses++;
        *ticket = c->epoch;
        pthread_mutex_unlock(&c->lock);
        return false;
    }
    __atomic_add_fetch(&e->refs, 1, __ATOMIC_RELAXED);
    c->hits++;
    lru_unlink(c, e);
    lru_push(c, e);
    bool have = e->variant[enc] != NULL;
    pthread_mutex_unlock(&c->lock);
    /* The article was rendered, so the counter knows its stored count. */
    if (e->article_id) views_on_read(c->views, req, e->article_id, 0);
    answer_from(e, have ? enc : make_variant(c, e, enc), resp);
    return true;
}

/* True when resp may be kept: a public 200 made for this request. */
static bool keepable(const http_response *resp) {
    if (resp->status != 200 || resp->prepared || resp->static_body || resp->file_fd >= 0) return false;
    if (!resp->cache_control || strncmp(resp->cache_control, "public", 6) != 0) return false;
    return resp->body.len <= MAX_BODY;
}

void page_cache_keep(page_cache *c, const char *key, uint64_t ticket, http_request *req, http_response *resp) {
    if (!keepable(resp)) return;
    entry *e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    e->hash = hash_key(e->key);
    scope_of(c, req->path, e->scope, sizeof e->scope);
    e->expires = monotonic_seconds() + PAGE_CACHE_TTL;
    e->body_len = resp->body.len;
    e->body = xmalloc(e->body_len ? e->body_len : 1);
    memcpy(e->body, resp->body.data ? resp->body.data : "", e->body_len);
    e->etag[HTTP_IDENTITY] = xstrdup(resp->etag ? resp->etag : http_etag(req->arena, e->body, e->body_len));
    e->cache_control = xstrdup(resp->cache_control);
    e->content_type = resp->content_type ? xstrdup(resp->content_type) : NULL;
    e->last_modified = resp->last_modified;
    e->article_id = resp->app_note;
    e->route = resp->route;
    for (int i = 0; i < resp->header_count; i++) {
        e->header_names[i] = xstrdup(resp->header_names[i]);
        e->header_values[i] = xstrdup(resp->header_values[i]);
    }
    e->header_count = resp->header_count;
    http_response shape = *resp;
    shape.etag = e->etag[HTTP_IDENTITY];
    e->variant[HTTP_IDENTITY] = http_prepare(&shape, e->body, e->body_len, NULL);
    if (!e->variant[HTTP_IDENTITY]) {
        free_entry(e);
        return; /* out of memory: the answer goes out uncached */
    }
    e->bytes = sizeof *e + strlen(e->key) + e->body_len + http_prepared_bytes(e->variant[HTTP_IDENTITY]);
    e->refs = 2; /* the table's and this request's */
    pthread_mutex_lock(&c->lock);
    /* A quarter of the budget at most: one huge answer must not empty the cache. */
    if (ticket == c->epoch && e->bytes * 4 <= c->max_bytes) {
        insert_locked(c, e);
    } else {
        e->refs--; /* sent, not kept (the content changed while it was made, or it is too big); not shared yet */
    }
    pthread_mutex_unlock(&c->lock);
    http_encoding enc = wanted(req);
    answer_from(e, enc == HTTP_IDENTITY ? enc : make_variant(c, e, enc), resp);
}

void page_cache_clear_scope(page_cache *c, const char *scope) {
    bool all = strcmp(scope, "*") == 0;
    pthread_mutex_lock(&c->lock);
    c->epoch++;
    c->clears++;
    for (entry *e = c->oldest, *newer; e; e = newer) {
        newer = e->newer;
        if (all || !e->scope[0] || strcmp(e->scope, scope) == 0) remove_locked(c, e);
    }
    pthread_mutex_unlock(&c->lock);
}

void page_cache_clear(page_cache *c) { page_cache_clear_scope(c, "*"); }

void page_cache_stats_get(page_cache *c, page_cache_stats *out) {
    pthread_mutex_lock(&c->lock);
    *out = (page_cache_stats){c->entries, c->bytes, c->max_bytes, c->hits, c->misses, c->clears, c->evictions};
    pthread_mutex_unlock(&c->lock);
}

/* ------------------------------------------------------------ following the store */

/* When an edition's next embargoed article comes out (0: none). Caller
** holds sync_lock. */
static void plan_releases(page_cache *c, int64_t now) {
    for (size_t i = 0; i < c->lang_count; i++) {
        int64_t when = 0;
        if (store_next_release(c->store, c->langs[i], now, &when) != STORE_OK) when = 0;
        c->release_at[i] = when;
    }
}

void page_cache_sync(page_cache *c) {
    if (!c) return;
    int64_t changed_at, generation;
    if (store_content_version(c->store, &changed_at, &generation) != STORE_OK) return;
    pthread_mutex_lock(&c->sync_lock);
    if (generation != c->seen_generation) {
        arena *a = arena_new();
        const char **scopes;
        size_t n;
        int64_t latest;
        bool complete;
        if (store_content_changes(c->store, a, c->seen_generation, &latest, &scopes, &n, &complete) == STORE_OK) {
            if (!complete) page_cache_clear(c);
            else
                for (size_t i = 0; i < n; i++) page_cache_clear_scope(c, scopes[i]);
            c->seen_generation = latest;
        } else {
            page_cache_clear(c); /* cannot tell what changed: let go of everything */
            c->seen_generation = generation;
        }
        arena_free(a);
        plan_releases(c, (int64_t)time(NULL));
    }
    pthread_mutex_unlock(&c->sync_lock);
}

/* Lets go of answers whose embargo ended: readers see such an article at
** its time, with no write to tell. */
static void release_due(page_cache *c) {
    int64_t now = (int64_t)time(NULL);
    pthread_mutex_lock(&c->sync_lock);
    for (size_t i = 0; i < c->lang_count; i++) {
        if (!c->release_at[i] || now < c->release_at[i]) continue;
        /* Everything: its translations' pages in other editions link to it too. */
        page_cache_clear(c);
        int64_t when = 0;
        if (store_next_release(c->store, c->langs[i], now, &when) != STORE_OK) when = 0;
        c->release_at[i] = when;
    }
    pthread_mutex_unlock(&c->sync_lock);
}

/* The watcher's thread: follows what other writers commit, as the store's
** listener tells it (on SQLite, a poll every WATCH_MS; on PostgreSQL, a
** notification from any node, at once), and embargoes that end. After
** the listener lost its connection, anything may have changed untold:
** everything goes. */
static void *watch(void *ctx) {
    page_cache *c = ctx;
    while (!atomic_load(&c->stopping)) {
        int told = store_listen_wait(c->listener, WATCH_MS);
        if (told < 0) page_cache_clear(c);
        if (told != 0) page_cache_sync(c);
        release_due(c);
    }
    return NULL;
}

page_cache *page_cache_start(size_t max_bytes, store *s, char *const *langs, size_t lang_count, views *v) {
    if (max_bytes == 0) return NULL;
    page_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->bucket_count = 1024;
    c->buckets = xcalloc(c->bucket_count, sizeof *c->buckets);
    c->max_bytes = max_bytes;
    c->store = s;
    c->views = v;
    c->langs = langs;
    c->lang_count = lang_count < CONFIG_MAX_LANGUAGES ? lang_count : CONFIG_MAX_LANGUAGES;
    pthread_mutex_init(&c->sync_lock, NULL);
    int64_t changed_at;
    if (store_content_version(s, &changed_at, &c->seen_generation) != STORE_OK) c->seen_generation = 0;
    plan_releases(c, (int64_t)time(NULL));
    c->listener = store_listen(s);
    if (pthread_create(&c->watcher, NULL, watch, c) != 0) fatal("cannot start the page cache watcher");
    return c;
}

void page_cache_stop(page_cache *c) {
    if (!c) return;
    atomic_store(&c->stopping, true);
    pthread_join(c->watcher, NULL); /* within WATCH_MS: the listener's wait ends by then */
    store_listen_stop(c->listener);
    page_cache_stats st;
    page_cache_stats_get(c, &st);
    log_info("page cache: %zu answers in %zu of %zu bytes; %llu hits, %llu misses, %llu clears, %llu evictions",
             st.entries, st.bytes, st.max_bytes, (unsigned long long)st.hits, (unsigned long long)st.misses,
             (unsigned long long)st.clears, (unsigned long long)st.evictions);
    page_cache_clear(c);
    free(c->buckets);
    pthread_mutex_destroy(&c->sync_lock);
    pthread_mutex_destroy(&c->lock);
    free(c);
}
