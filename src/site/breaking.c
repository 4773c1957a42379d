/* The breaking-news banner. See breaking.h. */
#include "breaking.h"
#include "../core/fatal.h"
#include "../core/kept.h"
#include "../core/log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct breaking {
    store *store;
    kept *stories; /* a banners value */
};

/* The stories breaking when they were read, newest first. */
typedef struct banners {
    breaking_story *items;
    size_t count;
} banners;

/* Reads the stories breaking now (kept_make_fn): made again at the first
** of their ends. */
static int make_banners(void *ctx, arena *a, void **value, int64_t *expires_at) {
    breaking *b = ctx;
    banners *s = arena_alloc(a, sizeof *s);
    int rc = store_breaking(b->store, a, (int64_t)time(NULL), &s->items, &s->count);
    if (rc != STORE_OK) {
        log_error("breaking news: %s", store_error(b->store));
        return rc;
    }
    *expires_at = 0;
    for (size_t i = 0; i < s->count; i++)
        if (!*expires_at || s->items[i].until < *expires_at) *expires_at = s->items[i].until;
    *value = s;
    return STORE_OK;
}

breaking *breaking_new(store *s) {
    breaking *b = xcalloc(1, sizeof *b);
    b->store = s;
    b->stories = kept_new(make_banners, b, 0);
    return b;
}

void breaking_free(breaking *b) {
    if (!b) return;
    kept_free(b->stories);
    free(b);
}

/* What a page asks of the banners. */
typedef struct banner_reader {
    arena *arena;
    const char *lang;
    int64_t now;
    breaking_story *out;
    bool found;
} banner_reader;

/* s copied into a. */
static const char *copy(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

/* Copies the newest story of the reader's edition still breaking
** (kept_copy_fn). */
static void copy_banner(void *reader, const void *value) {
    banner_reader *r = reader;
    const banners *b = value;
    for (size_t i = 0; !r->found && i < b->count; i++) {
        const breaking_story *s = &b->items[i];
        if (strcmp(s->lang, r->lang) != 0 || s->until <= r->now) continue;
        *r->out = (breaking_story){s->article_id, copy(r->arena, s->lang), copy(r->arena, s->category_slug),
                                   copy(r->arena, s->slug), copy(r->arena, s->title), copy(r->arena, s->label),
                                   s->since, s->until};
        r->found = true;
    }
}

int breaking_now(breaking *b, arena *a, const char *lang, breaking_story *out) {
    if (!b) return STORE_NOT_FOUND;
    int64_t changed_at, generation;
    if (store_content_version(b->store, &changed_at, &generation) != STORE_OK) return STORE_ERROR;
    banner_reader r = {a, lang, (int64_t)time(NULL), out, false};
    if (kept_read(b->stories, generation, copy_banner, &r) != STORE_OK) return STORE_ERROR;
    return r.found ? STORE_OK : STORE_NOT_FOUND;
}
