/*
** The view counter: an open-addressing hash table from article id to
** {total, pending}, guarded by one mutex (held for a few instructions per
** view; the store is written outside it).
*/
#include "views.h"
#include "../http/http.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/ticker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct entry {
    int64_t id;      /* 0: empty slot */
    int64_t total;   /* what readers see */
    int64_t pending; /* not yet written to the store */
} entry;

struct views {
    store *store;
    pthread_mutex_t lock;
    pthread_mutex_t flush_lock; /* one flush at a time */
    ticker *flusher;
    int flush_ms;
    entry *slots;
    size_t capacity; /* a power of two */
    size_t used;
    uint64_t counted, flushed, pending; /* for metrics, under lock */
};

static size_t slot_of(const views *v, int64_t id) {
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (v->capacity - 1);
}

/* The entry for id, inserted when missing. Caller holds the lock. */
static entry *find(views *v, int64_t id, bool insert) {
    if (insert && (v->used + 1) * 4 > v->capacity * 3) {
        /* Grow at 75% load. */
        entry *old = v->slots;
        size_t old_cap = v->capacity;
        v->capacity *= 2;
        v->slots = xcalloc(v->capacity, sizeof *v->slots);
        for (size_t i = 0; i < old_cap; i++) {
            if (!old[i].id) continue;
            size_t j = slot_of(v, old[i].id);
            while (v->slots[j].id) j = (j + 1) & (v->capacity - 1);
            v->slots[j] = old[i];
        }
        free(old);
    }
    size_t i = slot_of(v, id);
    while (v->slots[i].id && v->slots[i].id != id) i = (i + 1) & (v->capacity - 1);
    if (v->slots[i].id) return &v->slots[i];
    if (!insert) return NULL;
    v->slots[i].id = id;
    v->used++;
    return &v->slots[i];
}

int64_t views_count(views *v, int64_t article_id, int64_t stored_views) {
    pthread_mutex_lock(&v->lock);
    entry *e = find(v, article_id, true);
    if (e->total == 0 && e->pending == 0) e->total = stored_views;
    e->total++;
    e->pending++;
    v->counted++;
    v->pending++;
    int64_t total = e->total;
    pthread_mutex_unlock(&v->lock);
    return total;
}

int64_t views_total(views *v, int64_t article_id, int64_t stored_views) {
    pthread_mutex_lock(&v->lock);
    /* Kept, so that a page cache can count later views without the stored
    ** count at hand. */
    entry *e = find(v, article_id, true);
    if (e->total < stored_views) e->total = stored_views;
    int64_t total = e->total;
    pthread_mutex_unlock(&v->lock);
    return total;
}

bool views_flush(views *v) {
    pthread_mutex_lock(&v->flush_lock);
    /* Take the pending counts out under the lock, write them without it. */
    pthread_mutex_lock(&v->lock);
    size_t n = 0;
    for (size_t i = 0; i < v->capacity; i++)
        if (v->slots[i].id && v->slots[i].pending) n++;
    int64_t *ids = n ? xmalloc(n * sizeof *ids) : NULL;
    int64_t *counts = n ? xmalloc(n * sizeof *counts) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < v->capacity && k < n; i++) {
        if (!v->slots[i].id || !v->slots[i].pending) continue;
        ids[k] = v->slots[i].id;
        counts[k++] = v->slots[i].pending;
        v->slots[i].pending = 0;
    }
    pthread_mutex_unlock(&v->lock);

    /* Counted in the hour they are written in (within a flush period of
    ** when they were read). */
    bool ok = store_views_add(v->store, (int64_t)time(NULL), ids, counts, n) == STORE_OK;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) sum += (uint64_t)counts[i];
    pthread_mutex_lock(&v->lock);
    if (ok) {
        v->flushed += sum;
        v->pending -= sum;
    } else {
        for (size_t i = 0; i < n; i++) find(v, ids[i], true)->pending += counts[i];
    }
    pthread_mutex_unlock(&v->lock);
    if (!ok) log_error("views: cannot save %zu counts, will retry: %s", n, store_error(v->store));
    free(ids);
    free(counts);
    pthread_mutex_unlock(&v->flush_lock);
    return ok;
}

void views_stats_get(views *v, uint64_t *counted, uint64_t *flushed, uint64_t *pending) {
    pthread_mutex_lock(&v->lock);
    *counted = v->counted;
    *flushed = v->flushed;
    *pending = v->pending;
    pthread_mutex_unlock(&v->lock);
}

static void flush_tick(void *ctx) { views_flush(ctx); }

views *views_start(store *s, int flush_ms) {
    views *v = xcalloc(1, sizeof *v);
    v->store = s;
    v->flush_ms = flush_ms > 0 ? flush_ms : 5000;
    v->capacity = 1024;
    v->slots = xcalloc(v->capacity, sizeof *v->slots);
    pthread_mutex_init(&v->lock, NULL);
    pthread_mutex_init(&v->flush_lock, NULL);
    v->flusher = ticker_start("views", v->flush_ms, false, flush_tick, v);
    return v;
}

void views_stop(views *v) {
    if (!v) return;
    ticker_stop(v->flusher);
    /* The last flush; a second try covers a momentarily busy database. */
    if (!views_flush(v) && !views_flush(v)) log_error("views: counts lost at shutdown");
    pthread_mutex_destroy(&v->lock);
    pthread_mutex_destroy(&v->flush_lock);
    free(v->slots);
    free(v);
}

bool views_is_robot(const char *ua) {
    if (!ua) return false;
    static const char *const marks[] = {"bot", "crawl", "spider", "slurp", "facebookexternalhit",
                                        "mediapartners", "preview", "archiver"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (contains_ignore_case(ua, marks[i])) return true;
    return false;
}

int64_t views_on_read(views *v, const http_request *req, int64_t article_id, int64_t stored_views) {
    if (req->is_head || views_is_robot(http_header(req, "User-Agent")))
        return views_total(v, article_id, stored_views);
    return views_count(v, article_id, stored_views);
}
