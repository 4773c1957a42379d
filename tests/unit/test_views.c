/* The in-memory view counter and its flushes to the store (on both engines). */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "site/views.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Long enough that the background thread never flushes during a test. */
#define NO_TIMED_FLUSH_MS 600000

/* A store on a fresh database of the current engine (its address in url,
** for testdb_remove), or NULL. */
static store *open_temp(char *url, size_t size) {
    if (!testdb_create(url, size)) return NULL;
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

static int64_t add_article(store *s, const config *cfg, const char *slug) {
    arena *a = arena_new();
    article_input in = {0};
    in.slug = slug;
    in.category_slug = "world";
    in.title = "Viewed";
    in.published_at = (int64_t)time(NULL) - 100;
    in.status = ARTICLE_PUBLISHED;
    int64_t id = 0;
    bool created;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# article_save: %s\n", err);
        id = 0;
    }
    arena_free(a);
    return id;
}

static int64_t stored(store *s, int64_t id) {
    int64_t v = -1;
    if (store_views_get(s, id, &v) != STORE_OK) return -1;
    return v;
}

STORE_TEST(views_count_flush_and_stop) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t id = add_article(s, &cfg, "viewed");
    int64_t other = add_article(s, &cfg, "other");
    CHECK(id > 0 && other > 0);
    int64_t ten = 10;
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), &id, &ten, 1), STORE_OK);

    views *v = views_start(s, NO_TIMED_FLUSH_MS);
    CHECK(v != NULL);
    /* Never seen: the stored count as it is. */
    CHECK_INT(views_total(v, id, 10), 10);
    /* Counting starts from the stored count. */
    CHECK_INT(views_count(v, id, 10), 11);
    CHECK_INT(views_count(v, id, 10), 12);
    CHECK_INT(views_total(v, id, 10), 12);
    /* A reader never sees the number go back, even with an old stored count. */
    CHECK_INT(views_total(v, id, 3), 12);
    /* views_total does not count. */
    CHECK_INT(views_total(v, id, 10), 12);
    CHECK_INT(stored(s, id), 10); /* nothing written yet */

    CHECK(views_flush(v));
    CHECK_INT(stored(s, id), 12);
    /* A flush with nothing pending writes nothing more. */
    CHECK(views_flush(v));
    CHECK_INT(stored(s, id), 12);
    CHECK_INT(views_total(v, id, 12), 12);

    /* After a flush the total carries on, it does not restart. */
    CHECK_INT(views_count(v, id, 12), 13);
    CHECK_INT(views_count(v, other, 0), 1);
    CHECK_INT(views_count(v, other, 0), 2);
    CHECK_INT(views_total(v, other, 0), 2);
    CHECK_INT(stored(s, other), 0);

    views_stop(v); /* flushes the rest */
    CHECK_INT(stored(s, id), 13);
    CHECK_INT(stored(s, other), 2);

    /* A new counter starts from what is stored. */
    v = views_start(s, NO_TIMED_FLUSH_MS);
    CHECK_INT(views_total(v, id, stored(s, id)), 13);
    CHECK_INT(views_count(v, id, stored(s, id)), 14);
    views_stop(v);
    CHECK_INT(stored(s, id), 14);

    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(views_many_articles) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t real = add_article(s, &cfg, "real");
    views *v = views_start(s, NO_TIMED_FLUSH_MS);
    /* More ids than the table's first size, so it has to grow. */
    enum { N = 3000 };
    for (int64_t i = 1; i <= N; i++) views_count(v, 1000000 + i, i);
    for (int round = 0; round < 3; round++) views_count(v, real, 0);
    int all = 1;
    for (int64_t i = 1; i <= N; i++)
        if (views_total(v, 1000000 + i, 0) != i + 1) all = 0;
    CHECK(all);
    CHECK_INT(views_total(v, real, 0), 3);
    CHECK_INT(views_total(v, 999, 7), 7); /* never seen */
    /* Counts for articles that do not exist are dropped by the store, not
    ** an error. */
    CHECK(views_flush(v));
    CHECK_INT(stored(s, real), 3);
    views_stop(v);
    CHECK_INT(stored(s, real), 3);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(views_timed_flush) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t id = add_article(s, &cfg, "timed");
    views *v = views_start(s, 20);
    views_count(v, id, 0);
    views_count(v, id, 0);
    /* The background thread writes within a few periods. */
    int64_t got = 0;
    for (int i = 0; i < 200 && got != 2; i++) {
        usleep(10000);
        got = stored(s, id);
    }
    CHECK_INT(got, 2);
    views_stop(v);
    CHECK_INT(stored(s, id), 2);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

TEST(views_is_robot_user_agents) {
    CHECK(views_is_robot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
    CHECK(views_is_robot("Googlebot"));
    CHECK(views_is_robot("Mozilla/5.0 (compatible; bingbot/2.0)"));
    CHECK(views_is_robot("AhrefsSpider"));
    CHECK(views_is_robot("Mozilla/5.0 (compatible; YandexBot/3.0)"));
    CHECK(views_is_robot("facebookexternalhit/1.1"));
    CHECK(views_is_robot("Mozilla/5.0 (compatible; Yahoo! Slurp)"));
    CHECK(views_is_robot("SomeCrawler/1.0"));
    CHECK(!views_is_robot("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                          "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"));
    CHECK(!views_is_robot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) "
                          "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 "
                          "Safari/604.1"));
    CHECK(!views_is_robot("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"));
    CHECK(!views_is_robot(NULL));
    CHECK(!views_is_robot(""));
}
