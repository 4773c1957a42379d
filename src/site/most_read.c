/*
** The most-read lists. See most_read.h.
**
** Each edition has a slot: its lists as last made (in an arena of the
** slot's own), the content generation and the moment they were made, and
** whether a request is making them now. A request takes the slot's lock
** only to look and to copy; the one that makes the lists does so without
** it, and the others meanwhile take the lists there are when only their
** age is against them, or wait for the new ones when the content changed.
*/
#include "most_read.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One edition's lists. */
typedef struct slot {
    const char *lang;
    pthread_mutex_t lock;
    pthread_cond_t made; /* signalled when a making ends */
    bool known;          /* lists hold what was made at generation, made_at */
    bool making;         /* a request is making them */
    int64_t generation;
    int64_t made_at;     /* monotonic seconds */
    arena *own;          /* the lists' memory */
    most_read_list lists[MOST_READ_PERIODS];
} slot;

struct most_read {
    store *store;
    int refresh_seconds;
    slot *slots;
    size_t slot_count;
    uint64_t computations; /* atomic */
};

static const char *const period_names[MOST_READ_PERIODS] = {"day", "week"};
/* The hours each period counts: the current one and those before it. */
static const int period_hours[MOST_READ_PERIODS] = {24, 7 * 24};

const char *most_read_period_name(most_read_period p) { return p < MOST_READ_PERIODS ? period_names[p] : "day"; }

bool most_read_period_parse(const char *name, most_read_period *p) {
    for (int i = 0; name && i < MOST_READ_PERIODS; i++) {
        if (strcmp(name, period_names[i]) == 0) {
            *p = (most_read_period)i;
            return true;
        }
    }
    return false;
}

int64_t most_read_period_start(most_read_period p, int64_t now) {
    int hours = p < MOST_READ_PERIODS ? period_hours[p] : period_hours[MOST_READ_DAY];
    return now - now % 3600 - (int64_t)(hours - 1) * 3600;
}

/* Seconds of the monotonic clock (the lists' age, whatever the wall clock does). */
static int64_t monotonic_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

most_read *most_read_new(store *s, char *const *langs, size_t lang_count, int refresh_seconds) {
    most_read *m = xcalloc(1, sizeof *m);
    m->store = s;
    m->refresh_seconds = refresh_seconds > 0 ? refresh_seconds : MOST_READ_REFRESH_SECONDS;
    m->slot_count = lang_count;
    m->slots = lang_count ? xcalloc(lang_count, sizeof *m->slots) : NULL;
    for (size_t i = 0; i < lang_count; i++) {
        m->slots[i].lang = langs[i];
        pthread_mutex_init(&m->slots[i].lock, NULL);
        pthread_cond_init(&m->slots[i].made, NULL);
    }
    return m;
}

void most_read_free(most_read *m) {
    if (!m) return;
    for (size_t i = 0; i < m->slot_count; i++) {
        arena_free(m->slots[i].own);
        pthread_cond_destroy(&m->slots[i].made);
        pthread_mutex_destroy(&m->slots[i].lock);
    }
    free(m->slots);
    free(m);
}

uint64_t most_read_computations(most_read *m) {
    return m ? __atomic_load_n(&m->computations, __ATOMIC_RELAXED) : 0;
}

/* ------------------------------------------------------------- copying */

/* A copy of text in a (NULL stays NULL). */
static const char *copy_text(arena *a, const char *text) { return text ? arena_strdup(a, text) : NULL; }

/* A deep copy of an article as lists give it (and its authors) into *to. */
static void copy_article(arena *a, article *to, const article *from) {
    *to = *from;
    to->lang = copy_text(a, from->lang);
    to->slug = copy_text(a, from->slug);
    to->category_slug = copy_text(a, from->category_slug);
    to->category_name = copy_text(a, from->category_name);
    to->title = copy_text(a, from->title);
    to->subtitle = copy_text(a, from->subtitle);
    to->author = copy_text(a, from->author);
    to->body_html = copy_text(a, from->body_html);
    to->translation_key = copy_text(a, from->translation_key);
    to->owner = copy_text(a, from->owner);
    to->lead_image.hash = copy_text(a, from->lead_image.hash);
    to->lead_image.format = copy_text(a, from->lead_image.format);
    to->lead_image.variants = copy_text(a, from->lead_image.variants);
    to->lead_image.original_name = copy_text(a, from->lead_image.original_name);
    to->lead_image.uploaded_by = copy_text(a, from->lead_image.uploaded_by);
    to->lead_image.alt = copy_text(a, from->lead_image.alt);
    to->lead_image.credit = copy_text(a, from->lead_image.credit);
    to->lead_image_caption = copy_text(a, from->lead_image_caption);
    to->lead_image_credit = copy_text(a, from->lead_image_credit);
    to->lead_image_alt = copy_text(a, from->lead_image_alt);
    to->body_markdown = copy_text(a, from->body_markdown);
    to->seo_title = copy_text(a, from->seo_title);
    to->seo_description = copy_text(a, from->seo_description);
    to->canonical_url = copy_text(a, from->canonical_url);
    article_author *authors = from->author_count ? arena_alloc(a, from->author_count * sizeof *authors) : NULL;
    for (size_t i = 0; i < from->author_count; i++) {
        authors[i].slug = copy_text(a, from->authors[i].slug);
        authors[i].name = copy_text(a, from->authors[i].name);
    }
    to->authors = authors;
}

/* Copies list from into *to, in a. */
static void copy_list(arena *a, most_read_list *to, const most_read_list *from) {
    article *items = from->count ? arena_alloc(a, from->count * sizeof *items) : NULL;
    int64_t *views = from->count ? arena_alloc(a, from->count * sizeof *views) : NULL;
    for (size_t i = 0; i < from->count; i++) {
        copy_article(a, &items[i], &from->items[i]);
        views[i] = from->views[i];
    }
    *to = (most_read_list){.items = items, .views = views, .count = from->count, .since = from->since,
                           .made_at = from->made_at};
}

/* ------------------------------------------------------------- making */

/* Makes lang's lists now into lists, in a: STORE_OK or the store's class. */
static int make_lists(most_read *m, arena *a, const char *lang, most_read_list lists[MOST_READ_PERIODS]) {
    int64_t now = (int64_t)time(NULL);
    for (int p = 0; p < MOST_READ_PERIODS; p++) {
        article *items;
        int64_t *views;
        size_t n;
        int64_t since = most_read_period_start((most_read_period)p, now);
        int rc = store_most_read(m->store, a, lang, since, now, MOST_READ_KEEP, &items, &views, &n);
        if (rc == STORE_OK) rc = store_article_authors_fill(m->store, a, items, n);
        if (rc != STORE_OK) return rc;
        lists[p] = (most_read_list){.items = items, .views = views, .count = n, .since = since, .made_at = now};
    }
    __atomic_add_fetch(&m->computations, 1, __ATOMIC_RELAXED);
    return STORE_OK;
}

/* True when slot's lists may serve a reader whose content is at
** generation (caller holds the lock): made since, and young enough. */
static bool fresh(const most_read *m, const slot *sl, int64_t generation, int64_t now) {
    return sl->known && sl->generation >= generation && now - sl->made_at < m->refresh_seconds;
}

/* Empty lists of the periods as they stand now. */
static void empty_lists(most_read_list out[MOST_READ_PERIODS]) {
    int64_t now = (int64_t)time(NULL);
    for (int p = 0; p < MOST_READ_PERIODS; p++)
        out[p] = (most_read_list){.since = most_read_period_start((most_read_period)p, now)};
}

bool most_read_get(most_read *m, arena *a, const char *lang, most_read_list out[MOST_READ_PERIODS]) {
    empty_lists(out);
    slot *sl = NULL;
    for (size_t i = 0; m && lang && i < m->slot_count && !sl; i++)
        if (strcmp(m->slots[i].lang, lang) == 0) sl = &m->slots[i];
    if (!sl) return true;
    /* What the caller's snapshot has seen of the content (read once per
    ** page: the footer and Last-Modified ask for it too). */
    int64_t changed_at, generation;
    if (store_content_version(m->store, &changed_at, &generation) != STORE_OK) {
        log_error("most read: %s", store_error(m->store));
        return false;
    }
    pthread_mutex_lock(&sl->lock);
    for (;;) {
        int64_t now = monotonic_seconds();
        bool usable = fresh(m, sl, generation, now);
        /* Old but of the same content: while another request makes the
        ** new ones, these do. */
        if (!usable && sl->making && sl->known && sl->generation >= generation) usable = true;
        if (usable) {
            for (int p = 0; p < MOST_READ_PERIODS; p++) copy_list(a, &out[p], &sl->lists[p]);
            pthread_mutex_unlock(&sl->lock);
            return true;
        }
        if (!sl->making) break;
        pthread_cond_wait(&sl->made, &sl->lock); /* the content changed: wait for the new lists */
    }
    sl->making = true;
    pthread_mutex_unlock(&sl->lock);

    arena *own = arena_new();
    most_read_list made[MOST_READ_PERIODS];
    int rc = make_lists(m, own, lang, made);
    if (rc != STORE_OK) log_error("most read %s: %s", lang, store_error(m->store));

    pthread_mutex_lock(&sl->lock);
    if (rc == STORE_OK) {
        for (int p = 0; p < MOST_READ_PERIODS; p++) copy_list(a, &out[p], &made[p]);
        /* Kept unless lists of newer content came meanwhile. */
        if (!sl->known || sl->generation <= generation) {
            arena_free(sl->own);
            sl->own = own;
            own = NULL;
            memcpy(sl->lists, made, sizeof made);
            sl->generation = generation;
            sl->made_at = monotonic_seconds();
            sl->known = true;
        }
    }
    sl->making = false;
    pthread_cond_broadcast(&sl->made);
    pthread_mutex_unlock(&sl->lock);
    arena_free(own);
    return rc == STORE_OK;
}
