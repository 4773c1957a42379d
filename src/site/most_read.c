/*
** The most-read lists. See most_read.h.
**
** Each edition's two lists are one kept value (core/kept.h): made by the
** first request that wants them once they are older than the refresh or
** of older content than the request's snapshot, and copied by the rest.
*/
#include "most_read.h"
#include "../core/fatal.h"
#include "../core/kept.h"
#include "../core/log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One edition's lists. */
typedef struct edition {
    const char *lang;
    struct most_read *owner;
    kept *lists; /* a most_read_list[MOST_READ_PERIODS] */
} edition;

struct most_read {
    store *store;
    edition *editions;
    size_t edition_count;
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

static int make_lists(void *ctx, arena *a, void **value, int64_t *expires_at);

most_read *most_read_new(store *s, char *const *langs, size_t lang_count, int refresh_seconds) {
    most_read *m = xcalloc(1, sizeof *m);
    m->store = s;
    m->edition_count = lang_count;
    m->editions = lang_count ? xcalloc(lang_count, sizeof *m->editions) : NULL;
    for (size_t i = 0; i < lang_count; i++) {
        m->editions[i] = (edition){langs[i], m, NULL};
        m->editions[i].lists =
            kept_new(make_lists, &m->editions[i], refresh_seconds > 0 ? refresh_seconds : MOST_READ_REFRESH_SECONDS);
    }
    return m;
}

void most_read_free(most_read *m) {
    if (!m) return;
    for (size_t i = 0; i < m->edition_count; i++) kept_free(m->editions[i].lists);
    free(m->editions);
    free(m);
}

uint64_t most_read_computations(most_read *m) {
    uint64_t n = 0;
    for (size_t i = 0; m && i < m->edition_count; i++) n += kept_makings(m->editions[i].lists);
    return n;
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

/* Makes an edition's lists now (kept_make_fn): STORE_OK or the store's class. */
static int make_lists(void *ctx, arena *a, void **value, int64_t *expires_at) {
    edition *e = ctx;
    store *s = e->owner->store;
    most_read_list *lists = arena_alloc(a, MOST_READ_PERIODS * sizeof *lists);
    int64_t now = (int64_t)time(NULL);
    for (int p = 0; p < MOST_READ_PERIODS; p++) {
        article *items;
        int64_t *views;
        size_t n;
        int64_t since = most_read_period_start((most_read_period)p, now);
        int rc = store_most_read(s, a, e->lang, since, now, MOST_READ_KEEP, &items, &views, &n);
        if (rc == STORE_OK) rc = store_article_authors_fill(s, a, items, n);
        if (rc != STORE_OK) {
            log_error("most read %s: %s", e->lang, store_error(s));
            return rc;
        }
        lists[p] = (most_read_list){.items = items, .views = views, .count = n, .since = since, .made_at = now};
    }
    *value = lists;
    *expires_at = 0;
    return STORE_OK;
}

/* Empty lists of the periods as they stand now. */
static void empty_lists(most_read_list out[MOST_READ_PERIODS]) {
    int64_t now = (int64_t)time(NULL);
    for (int p = 0; p < MOST_READ_PERIODS; p++)
        out[p] = (most_read_list){.since = most_read_period_start((most_read_period)p, now)};
}

/* What a request asks of an edition's lists. */
typedef struct lists_reader {
    arena *arena;
    most_read_list *out;
} lists_reader;

/* Copies both lists into the reader's (kept_copy_fn). */
static void copy_lists(void *reader, const void *value) {
    lists_reader *r = reader;
    const most_read_list *lists = value;
    for (int p = 0; p < MOST_READ_PERIODS; p++) copy_list(r->arena, &r->out[p], &lists[p]);
}

bool most_read_get(most_read *m, arena *a, const char *lang, most_read_list out[MOST_READ_PERIODS]) {
    empty_lists(out);
    edition *e = NULL;
    for (size_t i = 0; m && lang && i < m->edition_count && !e; i++)
        if (strcmp(m->editions[i].lang, lang) == 0) e = &m->editions[i];
    if (!e) return true;
    /* What the caller's snapshot has seen of the content (read once per
    ** page: the footer and Last-Modified ask for it too). */
    int64_t changed_at, generation;
    if (store_content_version(m->store, &changed_at, &generation) != STORE_OK) {
        log_error("most read: %s", store_error(m->store));
        return false;
    }
    lists_reader r = {a, out};
    if (kept_read(e->lists, generation, copy_lists, &r) == STORE_OK) return true;
    empty_lists(out);
    return false;
}
