/* The most-read lists the site keeps in memory (site/most_read.c), on both
** engines: made at most once a refresh, made again after a change to the
** content, once for many readers at a time; and the periods. The store's
** part is tested in test_store_most_read.c. */
#include "check.h"
#include "testdb.h"

#include "core/buf.h"
#include "core/config.h"
#include "save.h"
#include "site/most_read.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HOUR 3600
#define DAY 86400

/* A config running English and Russian. */
static void config_en_ru(config *cfg) {
    config_defaults(cfg);
    cfg->languages[1] = strdup("ru");
    cfg->language_count = 2;
}

/* Saves an article of edition lang dated when (published, or a draft):
** its id, or 0 with a note. */
static int64_t add(store *s, const config *cfg, const char *lang, const char *slug, int64_t when, bool published) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = "world";
    in.title = slug;
    in.author = "Desk";
    in.body_markdown = "Text.";
    in.published_at = when;
    in.status = published ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    int64_t id = 0;
    bool created;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# save %s: %s\n", slug, err);
        id = 0;
    }
    arena_free(a);
    return id;
}

/* Counts n views of article id at time at (one batch). */
static int view(store *s, int64_t id, int64_t n, int64_t at) { return store_views_add(s, at, &id, &n, 1); }

/* The slugs of a list, comma-separated, in a (for CHECK_STR). */
static const char *slugs(arena *a, const article *items, size_t n) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%s", i ? "," : "", items[i].slug);
    return b.data;
}

/* What one of several readers does at once: gets the lists. */
typedef struct reader {
    most_read *m;
    int ok;
    size_t day_count;
} reader;

static void *read_lists(void *ctx) {
    reader *r = ctx;
    arena *a = arena_new();
    most_read_list lists[MOST_READ_PERIODS];
    r->ok = most_read_get(r->m, a, "en", lists);
    r->day_count = lists[MOST_READ_DAY].count;
    arena_free(a);
    return NULL;
}

/* The day list of en as the site keeps it, as slugs, in a. */
static const char *kept(most_read *m, arena *a) {
    most_read_list lists[MOST_READ_PERIODS];
    if (!most_read_get(m, a, "en", lists)) return "(failed)";
    return slugs(a, lists[MOST_READ_DAY].items, lists[MOST_READ_DAY].count);
}

STORE_TEST(most_read_lists_are_made_once_a_refresh_and_after_changes) {
    char url[TESTDB_URL_MAX];
    store *s = testdb_open(url, sizeof url);
    if (!s) return;
    config cfg;
    config_en_ru(&cfg);
    arena *a = arena_new();
    int64_t now = (int64_t)time(NULL);
    int64_t first = add(s, &cfg, "en", "first", now - DAY, true);
    int64_t second = add(s, &cfg, "en", "second", now - DAY, true);
    int64_t third = add(s, &cfg, "en", "third", now - DAY, true);
    CHECK(first && second && third);
    CHECK_INT(view(s, first, 3, now), STORE_OK);
    CHECK_INT(view(s, second, 5, now), STORE_OK);
    CHECK_INT(view(s, third, 1, now), STORE_OK);

    enum { REFRESH = 2 };
    most_read *m = most_read_new(s, cfg.languages, cfg.language_count, REFRESH);
    CHECK_INT(most_read_computations(m), 0); /* nothing until asked */
    CHECK_STR(kept(m, a), "second,first,third");
    CHECK_INT(most_read_computations(m), 1);
    /* New views do not move it before the refresh: no work per request. */
    CHECK_INT(view(s, first, 10, now), STORE_OK);
    for (int i = 0; i < 20; i++) kept(m, a);
    CHECK_STR(kept(m, a), "second,first,third");
    CHECK_INT(most_read_computations(m), 1);
    /* The week list and its authors come along; a copy for each caller. */
    most_read_list lists[MOST_READ_PERIODS];
    CHECK(most_read_get(m, a, "en", lists));
    CHECK_INT(lists[MOST_READ_WEEK].count, 3);
    CHECK(lists[MOST_READ_DAY].count == 3 && lists[MOST_READ_DAY].items[0].author_count == 1 &&
          strcmp(lists[MOST_READ_DAY].items[0].authors[0].name, "Desk") == 0);
    int64_t since = lists[MOST_READ_DAY].since, at = (int64_t)time(NULL); /* made a moment ago */
    CHECK(since == most_read_period_start(MOST_READ_DAY, at) || since == most_read_period_start(MOST_READ_DAY, at - 60));
    /* A trashed story leaves at once: the content changed. */
    CHECK_INT(store_article_trash(s, second, true), STORE_OK);
    CHECK_STR(kept(m, a), "first,third");
    CHECK_INT(most_read_computations(m), 2);
    CHECK_STR(kept(m, a), "first,third");
    CHECK_INT(most_read_computations(m), 2);
    /* After the refresh, the views counted meanwhile show. */
    CHECK_INT(view(s, third, 50, now), STORE_OK);
    sleep(REFRESH + 1);
    CHECK_STR(kept(m, a), "third,first");
    CHECK_INT(most_read_computations(m), 3);

    /* Many readers at once after a change: the lists are made once. */
    CHECK_INT(store_article_trash(s, second, false), STORE_OK);
    enum { READERS = 8 };
    reader readers[READERS];
    pthread_t threads[READERS];
    for (int i = 0; i < READERS; i++) {
        readers[i] = (reader){.m = m};
        CHECK_INT(pthread_create(&threads[i], NULL, read_lists, &readers[i]), 0);
    }
    for (int i = 0; i < READERS; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < READERS; i++) CHECK(readers[i].ok && readers[i].day_count == 3);
    CHECK_INT(most_read_computations(m), 4);

    /* An edition it does not keep, and no lists at all: empty, not a failure. */
    CHECK(most_read_get(m, a, "az", lists) && lists[MOST_READ_DAY].count == 0 && lists[MOST_READ_WEEK].count == 0);
    CHECK(most_read_get(NULL, a, "en", lists) && lists[MOST_READ_DAY].count == 0);
    at = (int64_t)time(NULL);
    since = lists[MOST_READ_WEEK].since;
    CHECK(since == most_read_period_start(MOST_READ_WEEK, at) || since == most_read_period_start(MOST_READ_WEEK, at - 60));
    most_read_free(m);

    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

TEST(most_read_periods) {
    most_read_period p = MOST_READ_WEEK;
    CHECK(most_read_period_parse("day", &p) && p == MOST_READ_DAY);
    CHECK(most_read_period_parse("week", &p) && p == MOST_READ_WEEK);
    CHECK(!most_read_period_parse("month", &p) && p == MOST_READ_WEEK);
    CHECK(!most_read_period_parse("", &p));
    CHECK(!most_read_period_parse(NULL, &p));
    CHECK(!most_read_period_parse("Day", &p));
    CHECK_STR(most_read_period_name(MOST_READ_DAY), "day");
    CHECK_STR(most_read_period_name(MOST_READ_WEEK), "week");
    /* 2026-02-14 16:50:00 UTC: the day from 17:00 the day before, the week from 17:00 seven days before. */
    int64_t t = 1771087800;
    CHECK_INT(most_read_period_start(MOST_READ_DAY, t), t - 50 * 60 - 23 * HOUR);
    CHECK_INT(most_read_period_start(MOST_READ_WEEK, t), t - 50 * 60 - 167 * HOUR);
}
