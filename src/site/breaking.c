/* The breaking-news banner. See breaking.h. */
#include "breaking.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct breaking {
    store *store;
    pthread_mutex_t lock;
    bool known;              /* items are those of generation, until ends_at */
    int64_t generation;
    int64_t ends_at;         /* the first of their ends (0: none) */
    arena *own;
    breaking_story *items;   /* newest first */
    size_t count;
};

breaking *breaking_new(store *s) {
    breaking *b = xcalloc(1, sizeof *b);
    b->store = s;
    pthread_mutex_init(&b->lock, NULL);
    return b;
}

void breaking_free(breaking *b) {
    if (!b) return;
    if (b->own) arena_free(b->own);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

/* Reads the stories breaking at now again (lock held): false when the
** store fails (what b had is forgotten: nothing stale is shown). */
static bool reload(breaking *b, int64_t generation, int64_t now) {
    arena *a = arena_new();
    breaking_story *items;
    size_t n;
    if (store_breaking(b->store, a, now, &items, &n) != STORE_OK) {
        log_error("breaking news: %s", store_error(b->store));
        arena_free(a);
        b->known = false;
        return false;
    }
    if (b->own) arena_free(b->own);
    b->own = a;
    b->items = items;
    b->count = n;
    b->generation = generation;
    b->ends_at = 0;
    for (size_t i = 0; i < n; i++)
        if (!b->ends_at || items[i].until < b->ends_at) b->ends_at = items[i].until;
    b->known = true;
    return true;
}

/* s copied into a. */
static const char *copy(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

int breaking_now(breaking *b, arena *a, const char *lang, breaking_story *out) {
    if (!b) return STORE_NOT_FOUND;
    int64_t changed_at, generation, now = (int64_t)time(NULL);
    if (store_content_version(b->store, &changed_at, &generation) != STORE_OK) return STORE_ERROR;
    int rc = STORE_NOT_FOUND;
    pthread_mutex_lock(&b->lock);
    if ((!b->known || b->generation != generation || (b->ends_at && now >= b->ends_at)) && !reload(b, generation, now))
        rc = STORE_ERROR;
    for (size_t i = 0; rc == STORE_NOT_FOUND && i < b->count; i++) {
        const breaking_story *s = &b->items[i];
        if (strcmp(s->lang, lang) != 0 || s->until <= now) continue;
        *out = (breaking_story){s->article_id, copy(a, s->lang), copy(a, s->category_slug), copy(a, s->slug),
                                copy(a, s->title), copy(a, s->label), s->since, s->until};
        rc = STORE_OK;
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}
