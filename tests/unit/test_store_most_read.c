/* Views by the hour on both engines: the store's hourly buckets and their
** rollup into daily totals, a bounded number at a time (store_views_add),
** and the most-read lists they make (store_most_read: order, window,
** visibility). The lists the site keeps are tested in test_most_read.c. */
#include "check.h"
#include "testdb.h"

#include "core/buf.h"
#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The first column of the first row of sql (fixed text) on the database
** at url, read beside the store; -1 on any failure. */
static long long number(const char *url, const char *sql) {
    if (testdb_is_postgres()) return testdb_pg_number(url, sql);
    sqlite3 *db = NULL;
    long long n = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(url, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        fprintf(stderr, "# %s: %s\n", sql, db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* The slugs of a list, comma-separated, in a (for CHECK_STR). */
static const char *slugs(arena *a, const article *items, size_t n) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%s", i ? "," : "", items[i].slug);
    return b.data;
}

/* The slugs of edition lang's most read since since (limit at most). */
static const char *top(store *s, arena *a, const char *lang, int64_t since, int64_t now, int limit,
                       int64_t **views) {
    article *items = NULL;
    int64_t *counts = NULL;
    size_t n = 0;
    if (store_most_read(s, a, lang, since, now, limit, &items, &counts, &n) != STORE_OK) return "(failed)";
    if (views) *views = counts;
    return slugs(a, items, n);
}

STORE_TEST(most_read_order_window_and_visibility) {
    char url[TESTDB_URL_MAX];
    store *s = testdb_open(url, sizeof url);
    if (!s) return;
    config cfg;
    config_en_ru(&cfg);
    arena *a = arena_new();
    int64_t now = (int64_t)time(NULL), hour = now - now % HOUR;
    int64_t day_since = hour - 23 * HOUR, week_since = hour - 167 * HOUR;
    int64_t older = add(s, &cfg, "en", "older", now - 5 * DAY, true);
    int64_t newer = add(s, &cfg, "en", "newer", now - 2 * DAY, true);
    int64_t most = add(s, &cfg, "en", "most", now - 3 * DAY, true);
    int64_t last_week = add(s, &cfg, "en", "last-week", now - 6 * DAY, true);
    int64_t draft = add(s, &cfg, "en", "draft", now - DAY, false);
    int64_t future = add(s, &cfg, "en", "future", now + DAY, true);
    int64_t trashed = add(s, &cfg, "en", "trashed", now - DAY, true);
    int64_t withdrawn = add(s, &cfg, "en", "withdrawn", now - DAY, true);
    int64_t russian = add(s, &cfg, "ru", "russkaya", now - DAY, true);
    CHECK(older && newer && most && last_week && draft && future && trashed && withdrawn && russian);

    /* Today: most 9, newer and older 5 each (the newer first). */
    CHECK_INT(view(s, most, 9, now), STORE_OK);
    CHECK_INT(view(s, older, 5, now), STORE_OK);
    CHECK_INT(view(s, newer, 5, now), STORE_OK);
    /* Thirty hours ago: in the week, not the day. */
    CHECK_INT(view(s, last_week, 100, now - 30 * HOUR), STORE_OK);
    CHECK_INT(view(s, older, 20, now - 30 * HOUR), STORE_OK);
    /* Eight days ago: in neither. */
    CHECK_INT(view(s, newer, 1000, now - 8 * DAY), STORE_OK);
    /* Readers never see these, however much they were read. */
    int64_t hidden[] = {draft, future, trashed, withdrawn};
    int64_t lots[] = {500, 500, 500, 500};
    CHECK_INT(store_views_add(s, now, hidden, lots, 4), STORE_OK);
    CHECK_INT(store_article_trash(s, trashed, true), STORE_OK);
    CHECK_INT(store_article_set_workflow(s, withdrawn, WF_UNPUBLISHED, now - DAY), STORE_OK);
    CHECK_INT(view(s, russian, 50, now), STORE_OK);
    /* One batch of several articles counts each in its bucket. */
    int64_t both[] = {most, newer};
    int64_t ones[] = {1, 1};
    CHECK_INT(store_views_add(s, now, both, ones, 2), STORE_OK);

    int64_t *views = NULL;
    CHECK_STR(top(s, a, "en", day_since, now, 10, &views), "most,newer,older");
    CHECK(views && views[0] == 10 && views[1] == 6 && views[2] == 5);
    CHECK_STR(top(s, a, "en", week_since, now, 10, &views), "last-week,older,most,newer");
    CHECK(views && views[0] == 100 && views[1] == 25 && views[2] == 10 && views[3] == 6);
    CHECK_STR(top(s, a, "en", day_since, now, 2, NULL), "most,newer");
    CHECK_STR(top(s, a, "ru", day_since, now, 10, NULL), "russkaya");
    CHECK_STR(top(s, a, "az", day_since, now, 10, NULL), "");
    /* The future story shows once its time has come. */
    CHECK_STR(top(s, a, "en", day_since, now + DAY + 1, 1, NULL), "future");
    /* Back from the trash, the trashed one is there again. */
    CHECK_INT(store_article_trash(s, trashed, false), STORE_OK);
    CHECK_STR(top(s, a, "en", day_since, now, 1, NULL), "trashed");
    /* The totals went up as before. */
    int64_t total = 0;
    CHECK_INT(store_views_get(s, newer, &total), STORE_OK);
    CHECK_INT(total, 1006);
    /* Lists come with what cards show. */
    article *items;
    size_t n;
    CHECK_INT(store_most_read(s, a, "en", day_since, now, 1, &items, &views, &n), STORE_OK);
    CHECK(n == 1 && items[0].category_slug && strcmp(items[0].category_slug, "world") == 0 && items[0].title &&
          items[0].status == ARTICLE_PUBLISHED);

    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(views_hourly_buckets_roll_into_days_a_bounded_number_at_a_time) {
    char url[TESTDB_URL_MAX];
    store *s = testdb_open(url, sizeof url);
    if (!s) return;
    config cfg;
    config_en_ru(&cfg);
    int64_t now = (int64_t)time(NULL), hour = now - now % HOUR;
    int64_t ids[3] = {add(s, &cfg, "en", "one", now - 60 * DAY, true), add(s, &cfg, "en", "two", now - 60 * DAY, true),
                      add(s, &cfg, "ru", "tri", now - 60 * DAY, true)};
    CHECK(ids[0] && ids[1] && ids[2]);
    /* A recent bucket, within the 8 days; then 600 old ones (3 articles,
    ** 200 hours from 9 days back), newest first, each batch too old to
    ** roll up any bucket there is. */
    CHECK_INT(view(s, ids[0], 7, now - 6 * DAY), STORE_OK);
    enum { HOURS = 200 };
    int64_t counts[3] = {1, 2, 3};
    for (int k = 0; k < HOURS; k++)
        if (store_views_add(s, now - 9 * DAY - (int64_t)k * HOUR, ids, counts, 3) != STORE_OK) {
            CHECK(!"an old batch was refused");
            break;
        }
    int64_t cutoff = hour - (int64_t)STORE_VIEWS_HOURLY_DAYS * DAY;
    char old_hours[160], all_hours[] = "SELECT count(*) FROM article_views_hourly";
    snprintf(old_hours, sizeof old_hours, "SELECT count(*) FROM article_views_hourly WHERE hour_start < %lld",
             (long long)cutoff);
    CHECK_INT(number(url, all_hours), 3 * HOURS + 1);
    CHECK_INT(number(url, "SELECT count(*) FROM article_views_daily"), 0);

    /* A batch now rolls up the oldest STORE_VIEWS_ROLLUP_MAX, no more. */
    CHECK_INT(view(s, ids[1], 1, now), STORE_OK);
    CHECK_INT(number(url, old_hours), 3 * HOURS - STORE_VIEWS_ROLLUP_MAX);
    CHECK(number(url, "SELECT count(*) FROM article_views_daily") > 0);
    /* The oldest went (166 hours of three, and two of the next hour);
    ** the newer wait. */
    int64_t oldest = hour - 9 * DAY - (int64_t)(HOURS - 1) * HOUR;
    char left[200];
    snprintf(left, sizeof left, "SELECT count(*) FROM article_views_hourly WHERE hour_start < %lld",
             (long long)(oldest + 166 * HOUR));
    CHECK_INT(number(url, left), 0);
    snprintf(left, sizeof left, "SELECT count(*) FROM article_views_hourly WHERE hour_start = %lld",
             (long long)(oldest + 166 * HOUR));
    CHECK_INT(number(url, left), 1);
    /* No view is lost or counted twice: buckets and days add up to the totals. */
    const char *sums =
        "SELECT count(*) FROM article_views v WHERE v.count !="
        " COALESCE((SELECT sum(count) FROM article_views_hourly h WHERE h.article_id = v.article_id), 0)"
        " + COALESCE((SELECT sum(count) FROM article_views_daily d WHERE d.article_id = v.article_id), 0)";
    CHECK_INT(number(url, sums), 0);

    /* The next batch takes the rest; the recent buckets stay by the hour. */
    CHECK_INT(view(s, ids[2], 1, now), STORE_OK);
    CHECK_INT(number(url, old_hours), 0);
    CHECK_INT(number(url, all_hours), 3);
    CHECK_INT(number(url, sums), 0);
    /* A day's total is its hours' sum: each article was read every hour
    ** of the 200, so a whole UTC day in the middle has 24 of its hours. */
    int64_t whole_day = oldest - oldest % DAY + 2 * DAY;
    char day_total[200];
    snprintf(day_total, sizeof day_total,
             "SELECT count FROM article_views_daily WHERE article_id = %lld AND day_start = %lld", (long long)ids[2],
             (long long)whole_day);
    CHECK_INT(number(url, day_total), 24 * 3);
    CHECK_INT(number(url, "SELECT count(*) FROM article_views_daily WHERE day_start % 86400 != 0"), 0);
    /* Old views are never in the lists. */
    arena *a = arena_new();
    CHECK_STR(top(s, a, "en", hour - 167 * HOUR, now, 10, NULL), "one,two");
    arena_free(a);

    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
