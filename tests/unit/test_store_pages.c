/* The operations that ask for a whole page at once (store_article_page,
** store_articles_lists) give, on both engines, exactly what the single
** operations they stand for give, inside a reader's snapshot and
** outside one. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Saves an article; its id, or 0. */
static int64_t put(store *s, const config *cfg, const char *lang, const char *slug, const char *category_slug,
                   int64_t when, article_status status, const char *key, const char **tags, size_t ntags) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = category_slug;
    in.title = slug;
    in.published_at = when;
    in.status = status;
    in.translation_key = key;
    in.tags = tags;
    in.tag_count = ntags;
    in.body_markdown = "Body of the story.";
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# save %s: %s\n", slug, err);
        id = 0;
    }
    arena_free(a);
    return id;
}

/* True when two article lists hold the same articles in the same order. */
static bool same_articles(const article *x, size_t nx, const article *y, size_t ny) {
    if (nx != ny) return false;
    for (size_t i = 0; i < nx; i++)
        if (x[i].id != y[i].id || strcmp(x[i].title, y[i].title) != 0 ||
            strcmp(x[i].category_slug, y[i].category_slug) != 0 || x[i].published_at != y[i].published_at)
            return false;
    return true;
}

/* Checks store_article_page of slug against the single operations. */
static void check_page(store *s, const char *lang, const char *slug, int older) {
    arena *a = arena_new();
    article_page_data d;
    int rc = store_article_page(s, a, lang, slug, older, 4, &d);
    article one;
    int want = store_article_by_slug(s, a, lang, slug, &one);
    CHECK_INT(rc, want);
    if (rc == STORE_OK && want == STORE_OK) {
        CHECK_INT(d.article.id, one.id);
        CHECK_STR(d.article.title, one.title);
        CHECK_STR(d.article.body_html, one.body_html);
        CHECK_STR(d.article.category_name, one.category_name);
        CHECK_INT(d.article.views, one.views);
        const char **tags;
        size_t ntags;
        CHECK_INT(store_article_tags(s, a, one.id, &tags, &ntags), STORE_OK);
        CHECK_INT(d.tag_count, ntags);
        for (size_t i = 0; i < ntags && i < d.tag_count; i++) CHECK_STR(d.tags[i], tags[i]);
        translation *tr;
        size_t ntr;
        CHECK_INT(store_article_translations(s, a, one.translation_key, &tr, &ntr), STORE_OK);
        CHECK_INT(d.translation_count, ntr);
        for (size_t i = 0; i < ntr && i < d.translation_count; i++) {
            CHECK_STR(d.translations[i].lang, tr[i].lang);
            CHECK_STR(d.translations[i].slug, tr[i].slug);
            CHECK_STR(d.translations[i].category_slug, tr[i].category_slug);
        }
        category *cats;
        size_t ncats;
        CHECK_INT(store_categories(s, a, lang, &cats, &ncats), STORE_OK);
        CHECK_INT(d.category_count, ncats);
        for (size_t i = 0; i < ncats && i < d.category_count; i++) CHECK_STR(d.categories[i].slug, cats[i].slug);
        article *list;
        size_t nlist;
        list_cursor before = {one.published_at, one.id};
        CHECK_INT(store_articles_list(s, a, lang, one.category_id, &before, 0, older, 0, &list, &nlist), STORE_OK);
        CHECK(same_articles(d.older, d.older_count, list, nlist));
        for (size_t i = 0; i < d.older_count; i++) CHECK(d.older[i].body_html == NULL);
        /* Its related stories, as the operation of their own gives them. */
        article *related;
        size_t nrelated;
        CHECK_INT(store_article_related(s, a, &one, 4, &related, &nrelated), STORE_OK);
        CHECK(same_articles(d.related, d.related_count, related, nrelated));
        for (size_t i = 0; i < d.related_count; i++) CHECK(d.related[i].id != one.id);
    }
    arena_free(a);
}

/* The same in a reader's snapshot of its own, the page first in it, as
** the site asks; the snapshot's version is then the page's. */
static void check_own_read(store *s, const char *lang, const char *slug, int older) {
    CHECK_INT(store_read_begin(s), STORE_OK);
    arena *a = arena_new();
    article_page_data d;
    int rc = store_article_page(s, a, lang, slug, older, 0, &d);
    CHECK(rc == STORE_OK || rc == STORE_NOT_FOUND);
    int64_t at, gen, at2, gen2;
    CHECK_INT(store_content_version(s, &at, &gen), STORE_OK);
    arena_free(a);
    CHECK_INT(store_read_end(s), STORE_OK);
    CHECK_INT(store_content_version(s, &at2, &gen2), STORE_OK);
    CHECK_INT(gen, gen2); /* nothing was written meanwhile */
    CHECK_INT(store_read_begin(s), STORE_OK);
    check_page(s, lang, slug, older);
    CHECK_INT(store_read_end(s), STORE_OK);
}

/* Checks store_articles_lists against store_articles_list, request by request. */
static void check_lists(store *s, const char *lang, const list_request *asks, size_t n) {
    arena *a = arena_new();
    article *got[16];
    size_t counts[16];
    CHECK_INT(store_articles_lists(s, a, lang, asks, n, got, counts), STORE_OK);
    for (size_t i = 0; i < n; i++) {
        article *one;
        size_t k;
        CHECK_INT(store_articles_list(s, a, lang, asks[i].category_id, asks[i].cursor, asks[i].offset,
                                      asks[i].limit, asks[i].exclude_id, &one, &k),
                  STORE_OK);
        check_report(same_articles(got[i], counts[i], one, k), __FILE__, __LINE__,
                     "a list asked with others is the list asked alone", NULL);
    }
    arena_free(a);
}

STORE_TEST(store_page_operations_match_the_single_ones) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    cfg.languages[1] = strdup("ru");
    cfg.language_count = 2;
    store *s = NULL;
    char err[512] = "";
    if (!testdb_create(url, sizeof url) || !(s = store_open(url, err, sizeof err))) {
        check_report(0, __FILE__, __LINE__, "a store on a fresh database", err);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    const char *tags[] = {"zeta", "alpha", "Mid tag"};
    char slug[32];
    int64_t ids[12];
    for (int i = 0; i < 12; i++) {
        snprintf(slug, sizeof slug, "world-%02d", i);
        ids[i] = put(s, &cfg, "en", slug, i % 3 ? "world" : "sport", now - 1000 + i * 10, ARTICLE_PUBLISHED,
                     i == 7 ? "storm" : NULL, i == 7 ? tags : NULL, i == 7 ? 3 : 0);
        CHECK(ids[i] > 0);
    }
    CHECK(put(s, &cfg, "ru", "shtorm", "world", now - 500, ARTICLE_PUBLISHED, "storm", NULL, 0) > 0);
    CHECK(put(s, &cfg, "en", "embargoed", "world", now + 3600, ARTICLE_PUBLISHED, NULL, NULL, 0) > 0);
    CHECK(put(s, &cfg, "en", "draft", "world", now - 100, ARTICLE_DRAFT, NULL, NULL, 0) > 0);
    /* The same article twice at the same moment: ties go by id. */
    CHECK(put(s, &cfg, "en", "tie-a", "world", now - 300, ARTICLE_PUBLISHED, NULL, NULL, 0) > 0);
    CHECK(put(s, &cfg, "en", "tie-b", "world", now - 300, ARTICLE_PUBLISHED, NULL, NULL, 0) > 0);

    for (int pass = 0; pass < 3; pass++) {
        /* Second pass: inside a reader's snapshot, as pages are made (the
        ** first page is the read's first statement, the others are not);
        ** third: each page its own read's first, as the site asks them. */
        if (pass == 1) CHECK_INT(store_read_begin(s), STORE_OK);
        if (pass == 2) {
            check_own_read(s, "en", "world-07", 3);
            check_own_read(s, "en", "world-11", 7);
            check_own_read(s, "en", "world-01", 7);
            check_own_read(s, "ru", "shtorm", 7);
            check_own_read(s, "en", "embargoed", 7);
            check_own_read(s, "en", "no-such", 7);
            check_own_read(s, "xx", "world-07", 7);
            continue;
        }
        check_page(s, "en", "world-07", 3);   /* tags, a translation, older ones */
        check_page(s, "en", "world-11", 7);   /* the newest of its category */
        check_page(s, "en", "world-01", 7);   /* the oldest: nothing before it */
        check_page(s, "en", "tie-b", 2);
        check_page(s, "en", "tie-a", 2);
        check_page(s, "en", "world-05", 0);   /* no older ones asked */
        check_page(s, "ru", "shtorm", 7);
        check_page(s, "en", "embargoed", 7);  /* not yet: not found */
        check_page(s, "en", "draft", 7);      /* not public: not found */
        check_page(s, "en", "no-such", 7);
        check_page(s, "xx", "world-07", 7);

        int64_t world = 0, sport = 0;
        CHECK_INT(store_category_find(s, "world", &world), STORE_OK);
        CHECK_INT(store_category_find(s, "sport", &sport), STORE_OK);
        list_cursor mid = {now - 1000 + 60, ids[6]};
        list_request asks[] = {
            {.limit = 12},
            {.category_id = world, .limit = 5},
            {.category_id = sport, .limit = 5, .exclude_id = ids[9]},
            {.category_id = world, .limit = 0},
            {.category_id = world, .cursor = &mid, .limit = 3},
            {.limit = 4, .offset = 2},
            {.category_id = sport, .cursor = &mid, .limit = 2},
            {.category_id = 999999, .limit = 4},
            {.limit = 1},
            {.category_id = world, .limit = 50}, /* the tenth: past one pipeline's worth */
        };
        check_lists(s, "en", asks, sizeof asks / sizeof asks[0]);
        check_lists(s, "ru", asks, 3);
        if (pass == 1) CHECK_INT(store_read_end(s), STORE_OK);
    }

    /* A change after the edition's categories were read (and kept, on
    ** PostgreSQL): the next page has the new ones, and the new version. */
    check_own_read(s, "en", "world-07", 7);
    int64_t at0, gen0, at, gen;
    CHECK_INT(store_content_version(s, &at0, &gen0), STORE_OK);
    CHECK(put(s, &cfg, "en", "late", "science", now - 200, ARTICLE_PUBLISHED, NULL, NULL, 0) > 0);
    CHECK(put(s, &cfg, "en", "late-world", "world", now - 1000 + 65, ARTICLE_PUBLISHED, NULL, NULL, 0) > 0);
    CHECK_INT(store_read_begin(s), STORE_OK);
    check_page(s, "en", "world-07", 7);
    CHECK_INT(store_content_version(s, &at, &gen), STORE_OK);
    CHECK(gen > gen0);
    CHECK_INT(store_read_end(s), STORE_OK);
    check_own_read(s, "en", "world-07", 7);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
