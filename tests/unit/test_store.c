/* The store, article saving and the importer, on temporary databases of
** both engines (STORE_TEST); the PostgreSQL twins of the tests here that
** poke SQLite itself are in test_store_postgres.c. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "newsroom/import.h"
#include "store/schema.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A store on a fresh database of the current engine (its address in url,
** for testdb_remove), or NULL. */
static store *open_temp(char *url, size_t size) {
    if (!testdb_create(url, size)) return NULL;
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

/* A config running English and Russian. */
static void config_en_ru(config *cfg) {
    config_defaults(cfg);
    cfg->languages[1] = strdup("ru");
    cfg->language_count = 2;
}

/* Saves a simple article and returns its id (0 on failure). */
static int64_t save(store *s, const config *cfg, const char *lang, const char *slug,
                    const char *cat_slug, const char *title, int64_t when,
                    article_status status) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = cat_slug;
    in.title = title;
    in.published_at = when;
    in.status = status;
    in.body_markdown = "Some *body* text.";
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# article_save %s: %s\n", slug ? slug : "(null)", err);
        id = 0;
    }
    arena_free(a);
    return id;
}

static int64_t now(void) { return (int64_t)time(NULL); }

STORE_TEST(store_open_migrates_and_reopens) {
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
    CHECK(schema_migration_count >= 1);
    CHECK_INT(store_schema_version(s), schema_migration_count);
    int64_t id = save(s, &cfg, "en", "kept-article", "world", "Kept article", now() - 600,
                      ARTICLE_PUBLISHED);
    CHECK(id > 0);
    store_close(s);

    char err[512] = "";
    s = store_open(url, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(store_schema_version(s), schema_migration_count);
        arena *a = arena_new();
        article art = {0};
        CHECK_INT(store_article_by_slug(s, a, "en", "kept-article", &art), STORE_OK);
        CHECK_INT(art.id, id);
        CHECK_STR(art.title, "Kept article");
        arena_free(a);
        store_close(s);
    }
    config_free(&cfg);
    testdb_remove(url);
}

/* SQLite only (PRAGMA user_version with the sqlite3 API); its PostgreSQL
** twin is in test_store_postgres.c. */
TEST(store_open_rejects_newer_schema_and_bad_path) {
    char url[TESTDB_URL_MAX];
    if (!testdb_create(url, sizeof url)) { /* a SQLite file: this test is not a STORE_TEST */
        check_report(0, __FILE__, __LINE__, "a temporary database is made", NULL);
        return;
    }
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(url, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA user_version = 999;", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strstr(err, "999") != NULL);
    store_close(s);
    testdb_remove(url);

    err[0] = '\0';
    s = store_open("/nonexistent-gazette-dir/sub/x.db", err, sizeof err);
    CHECK(s == NULL);
    CHECK(err[0] != '\0');
    store_close(s);
}

STORE_TEST(article_save_creates_then_updates) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    char err[256] = "";
    const char *tags[] = {"bridges", "kura"};
    article_input in = {0};
    in.category_slug = "politics";
    in.title = "New bridge over the Kura";
    in.published_at = now() - 3600;
    in.status = ARTICLE_PUBLISHED;
    in.body_markdown = "The bridge *opens*.\n\n<script>alert(1)</script>";
    in.tags = tags;
    in.tag_count = 2;
    int64_t id1 = 0, id2 = 0;
    bool created = false;
    CHECK(save_article(s, &cfg, a, &in, &id1, &created, err, sizeof err));
    CHECK(created);
    CHECK(id1 > 0);
    /* Defaults were filled in. */
    CHECK_STR(in.lang, "en");
    CHECK_STR(in.slug, "new-bridge-over-the-kura");
    CHECK_STR(in.author, "Gazette");
    CHECK(in.body_html && strstr(in.body_html, "<em>opens</em>") != NULL);
    CHECK(in.body_html && strstr(in.body_html, "<script") == NULL);

    /* The same edition and slug: an update of the same row. */
    article_input up = {0};
    up.lang = "en";
    up.slug = "new-bridge-over-the-kura";
    up.category_slug = "economy";
    up.title = "New bridge over the Kura, updated";
    up.author = "Leyla";
    up.published_at = now() - 1800;
    up.status = ARTICLE_PUBLISHED;
    up.body_markdown = "Updated body.";
    created = true;
    CHECK(save_article(s, &cfg, a, &up, &id2, &created, err, sizeof err));
    CHECK(!created);
    CHECK_INT(id2, id1);
    article art = {0};
    CHECK_INT(store_article_by_slug(s, a, "en", "new-bridge-over-the-kura", &art), STORE_OK);
    CHECK_INT(art.id, id1);
    CHECK_STR(art.title, "New bridge over the Kura, updated");
    CHECK_STR(art.author, "Leyla");
    CHECK_STR(art.category_slug, "economy");
    CHECK(art.body_html && strstr(art.body_html, "Updated body.") != NULL);
    CHECK_INT(art.status, ARTICLE_PUBLISHED);
    CHECK_INT(art.published_at, up.published_at);
    /* Tags were replaced by the update (it gave none). */
    const char **got_tags = NULL;
    size_t tag_count = 99;
    CHECK_INT(store_article_tags(s, a, id1, &got_tags, &tag_count), STORE_OK);
    CHECK_INT(tag_count, 0);

    /* The same slug in another edition is another article. */
    article_input ru = {0};
    ru.lang = "ru";
    ru.slug = "new-bridge-over-the-kura";
    ru.category_slug = "politics";
    ru.title = "Новый мост через Куру";
    ru.published_at = now() - 3600;
    ru.status = ARTICLE_PUBLISHED;
    int64_t id3 = 0;
    CHECK(save_article(s, &cfg, a, &ru, &id3, &created, err, sizeof err));
    CHECK(created);
    CHECK(id3 != id1);
    /* A Russian title makes a transliterated slug. */
    article_input ru2 = ru;
    ru2.slug = NULL;
    ru2.title = "Новый мост через Куру";
    int64_t id4 = 0;
    CHECK(save_article(s, &cfg, a, &ru2, &id4, &created, err, sizeof err));
    CHECK_STR(ru2.slug, "novyy-most-cherez-kuru");
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(article_save_rejects_bad_fields) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg); /* English only */
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    struct {
        const char *lang, *slug, *category, *title, *field;
    } cases[] = {
        {"ru", "x", "world", "Title", "lang"},          /* not one of the site's editions */
        {"en", "Bad Slug", "world", "Title", "slug"},
        {"en", "x", "search", "Title", "category"},     /* reserved by a route */
        {"en", "x", "Bad_Category", "Title", "category"},
        {"en", "x", NULL, "Title", "category"},
        {"en", "x", "world", NULL, "title"},
        {"en", "x", "world", "Two\nlines", "title"},
        {"en", NULL, "world", "?!?", "slug"},           /* no slug can be made */
        {"en", "x", "world", "bad \xC0\xAF utf8", "title"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        article_input in = {0};
        in.lang = cases[i].lang;
        in.slug = cases[i].slug;
        in.category_slug = cases[i].category;
        in.title = cases[i].title;
        in.published_at = now() - 60;
        in.status = ARTICLE_PUBLISHED;
        int64_t id = 0;
        bool created = false;
        char err[256] = "";
        CHECK(!save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
        char want[64];
        snprintf(want, sizeof want, "'%s'", cases[i].field);
        check_report(strstr(err, want) != NULL, __FILE__, __LINE__, want, err);
    }
    /* A too-long title (in characters, not bytes). */
    char long_title[TITLE_MAX_CHARS * 2 + 8];
    size_t n = 0;
    for (int i = 0; i < TITLE_MAX_CHARS + 1; i++) {
        long_title[n++] = '\xD0';
        long_title[n++] = '\x96';
    }
    long_title[n] = '\0';
    article_input in = {0};
    in.category_slug = "world";
    in.title = long_title;
    in.slug = "long";
    in.published_at = now() - 60;
    in.status = ARTICLE_PUBLISHED;
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    CHECK(!save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    CHECK(strstr(err, "title") != NULL);
    /* Exactly the limit is fine. */
    long_title[TITLE_MAX_CHARS * 2] = '\0';
    in.title = long_title;
    CHECK(save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    /* Nothing of the rejected ones was written. */
    int64_t count = -1;
    CHECK_INT(store_articles_count(s, "en", 0, &count), STORE_OK);
    CHECK_INT(count, 1);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* Ten published English articles in two categories, published in pairs that
** share a time (so the id decides their order), plus a draft, one in the
** future and a Russian one. */
typedef struct fixture {
    char url[TESTDB_URL_MAX];
    config cfg;
    store *s;
    int64_t ids[10];
    int64_t draft_id, future_id, ru_id;
    int64_t economy_id;
} fixture;

static bool fixture_open(fixture *f) {
    config_en_ru(&f->cfg);
    f->s = open_temp(f->url, sizeof f->url);
    if (!f->s) {
        config_free(&f->cfg);
        testdb_remove(f->url);
        return false;
    }
    int64_t t = now() - 100000;
    for (int i = 0; i < 10; i++) {
        char slug[32], title[32];
        snprintf(slug, sizeof slug, "story-%d", i);
        snprintf(title, sizeof title, "Story %d", i);
        f->ids[i] = save(f->s, &f->cfg, "en", slug, i % 2 ? "culture" : "economy", title,
                         t + (i / 2) * 3600, ARTICLE_PUBLISHED);
    }
    f->draft_id = save(f->s, &f->cfg, "en", "draft-story", "economy", "Draft", now() - 50,
                       ARTICLE_DRAFT);
    f->future_id = save(f->s, &f->cfg, "en", "future-story", "economy", "Future",
                        now() + 86400, ARTICLE_PUBLISHED);
    f->ru_id = save(f->s, &f->cfg, "ru", "russkaya", "economy", "Русская", now() - 50,
                    ARTICLE_PUBLISHED);
    arena *a = arena_new();
    category c = {0};
    f->economy_id = 0;
    if (store_category_by_slug(f->s, a, "en", "economy", &c) == STORE_OK) f->economy_id = c.id;
    arena_free(a);
    return true;
}

static void fixture_close(fixture *f) {
    store_close(f->s);
    config_free(&f->cfg);
    testdb_remove(f->url);
}

/* The ids the fixture's English list should show, newest first: pairs share
** a time, the higher id first. */
static void expected_order(const fixture *f, int64_t *out) {
    int k = 0;
    for (int pair = 4; pair >= 0; pair--) {
        int64_t x = f->ids[pair * 2], y = f->ids[pair * 2 + 1];
        out[k++] = x > y ? x : y;
        out[k++] = x > y ? y : x;
    }
}

STORE_TEST(store_list_newest_first) {
    fixture f;
    if (!fixture_open(&f)) {
        check_report(0, __FILE__, __LINE__, "the fixture database opens", NULL);
        return;
    }
    arena *a = arena_new();
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 0, 100, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 10); /* no draft, no future article, no Russian one */
    int64_t want[10];
    expected_order(&f, want);
    int order_ok = n == 10;
    for (size_t i = 0; i < n && i < 10; i++)
        if (items[i].id != want[i]) order_ok = 0;
    CHECK(order_ok);
    int sorted = 1, clean = 1;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (items[i].published_at > items[i - 1].published_at ||
                      (items[i].published_at == items[i - 1].published_at &&
                       items[i].id >= items[i - 1].id)))
            sorted = 0;
        if (items[i].id == f.draft_id || items[i].id == f.future_id || items[i].id == f.ru_id)
            clean = 0;
        if (items[i].body_html != NULL) clean = 0;
        if (strcmp(items[i].lang, "en") != 0) clean = 0;
    }
    CHECK(sorted);
    CHECK(clean);
    if (n > 0) {
        CHECK_STR(items[0].title, "Story 9");
        CHECK_STR(items[0].category_slug, "culture");
        CHECK_STR(items[0].category_name, "Culture");
    }
    /* A limit smaller than the list. */
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 0, 3, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) CHECK_INT(items[2].id, want[2]);
    int64_t count = -1;
    CHECK_INT(store_articles_count(f.s, "en", 0, &count), STORE_OK);
    CHECK_INT(count, 10);
    CHECK_INT(store_articles_count(f.s, "ru", 0, &count), STORE_OK);
    CHECK_INT(count, 1);
    arena_free(a);
    fixture_close(&f);
}

STORE_TEST(store_list_category_filter) {
    fixture f;
    if (!fixture_open(&f)) {
        check_report(0, __FILE__, __LINE__, "the fixture database opens", NULL);
        return;
    }
    CHECK(f.economy_id > 0);
    arena *a = arena_new();
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_articles_list(f.s, a, "en", f.economy_id, NULL, 0, 100, 0, &items, &n),
              STORE_OK);
    CHECK_INT(n, 5);
    int only_economy = 1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].category_slug, "economy") != 0 || items[i].category_id != f.economy_id)
            only_economy = 0;
    CHECK(only_economy);
    if (n == 5) {
        CHECK_INT(items[0].id, f.ids[8]);
        CHECK_INT(items[4].id, f.ids[0]);
    }
    int64_t count = -1;
    CHECK_INT(store_articles_count(f.s, "en", f.economy_id, &count), STORE_OK);
    CHECK_INT(count, 5);
    arena_free(a);
    fixture_close(&f);
}

STORE_TEST(store_list_cursor_pagination) {
    fixture f;
    if (!fixture_open(&f)) {
        check_report(0, __FILE__, __LINE__, "the fixture database opens", NULL);
        return;
    }
    int64_t want[10];
    expected_order(&f, want);
    for (int page_size = 1; page_size <= 4; page_size++) {
        arena *a = arena_new();
        int64_t seen[20];
        size_t total = 0;
        list_cursor cur;
        const list_cursor *cp = NULL;
        int pages = 0;
        for (;;) {
            article *items = NULL;
            size_t n = 0;
            if (store_articles_list(f.s, a, "en", 0, cp, 0, page_size, 0, &items, &n) != STORE_OK)
                break;
            if (n == 0 || ++pages > 20) break;
            for (size_t i = 0; i < n && total < 20; i++) seen[total++] = items[i].id;
            cur.published_at = items[n - 1].published_at;
            cur.id = items[n - 1].id;
            cp = &cur;
        }
        int same = total == 10;
        for (size_t i = 0; i < total && i < 10; i++)
            if (seen[i] != want[i]) same = 0;
        char what[64];
        snprintf(what, sizeof what, "cursor pages of %d give every article once, in order",
                 page_size);
        check_report(same, __FILE__, __LINE__, what, NULL);
        arena_free(a);
    }
    /* The same within a category. */
    arena *a = arena_new();
    list_cursor cur = {0, 0};
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_articles_list(f.s, a, "en", f.economy_id, NULL, 0, 2, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        cur.published_at = items[1].published_at;
        cur.id = items[1].id;
        CHECK_INT(store_articles_list(f.s, a, "en", f.economy_id, &cur, 0, 10, 0, &items, &n),
                  STORE_OK);
        CHECK_INT(n, 3);
        if (n == 3) {
            CHECK_INT(items[0].id, f.ids[4]);
            CHECK_INT(items[2].id, f.ids[0]);
        }
    }
    /* A cursor in the future still hides articles dated after now. */
    list_cursor future = {now() + 10 * 86400, 1};
    CHECK_INT(store_articles_list(f.s, a, "en", 0, &future, 0, 100, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 10);
    int hidden = 1;
    for (size_t i = 0; i < n; i++)
        if (items[i].id == f.future_id) hidden = 0;
    CHECK(hidden);
    /* A cursor older than everything gives nothing. */
    list_cursor oldest = {1, 1};
    CHECK_INT(store_articles_list(f.s, a, "en", 0, &oldest, 0, 100, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 0);
    arena_free(a);
    fixture_close(&f);
}

STORE_TEST(store_list_offset_and_exclude) {
    fixture f;
    if (!fixture_open(&f)) {
        check_report(0, __FILE__, __LINE__, "the fixture database opens", NULL);
        return;
    }
    int64_t want[10];
    expected_order(&f, want);
    arena *a = arena_new();
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 4, 3, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(items[0].id, want[4]);
        CHECK_INT(items[1].id, want[5]);
        CHECK_INT(items[2].id, want[6]);
    }
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 9, 3, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 10, 3, 0, &items, &n), STORE_OK);
    CHECK_INT(n, 0);
    /* Leaving out the newest article. */
    CHECK_INT(store_articles_list(f.s, a, "en", 0, NULL, 0, 100, want[0], &items, &n), STORE_OK);
    CHECK_INT(n, 9);
    int absent = 1;
    for (size_t i = 0; i < n; i++)
        if (items[i].id == want[0]) absent = 0;
    CHECK(absent);
    if (n > 0) CHECK_INT(items[0].id, want[1]);
    /* Within a category too (the related-articles box). */
    CHECK_INT(store_articles_list(f.s, a, "en", f.economy_id, NULL, 0, 100, f.ids[8], &items, &n),
              STORE_OK);
    CHECK_INT(n, 4);
    arena_free(a);
    fixture_close(&f);
}

STORE_TEST(store_future_and_drafts_hidden) {
    fixture f;
    if (!fixture_open(&f)) {
        check_report(0, __FILE__, __LINE__, "the fixture database opens", NULL);
        return;
    }
    CHECK(f.future_id > 0);
    CHECK(f.draft_id > 0);
    arena *a = arena_new();
    article art = {0};
    CHECK_INT(store_article_by_slug(f.s, a, "en", "future-story", &art), STORE_NOT_FOUND);
    CHECK_INT(store_article_by_slug(f.s, a, "en", "draft-story", &art), STORE_NOT_FOUND);
    CHECK_INT(store_article_by_slug(f.s, a, "en", "russkaya", &art), STORE_NOT_FOUND);
    CHECK_INT(store_article_by_slug(f.s, a, "en", "no-such-story", &art), STORE_NOT_FOUND);
    CHECK_INT(store_article_by_slug(f.s, a, "ru", "russkaya", &art), STORE_OK);
    CHECK_INT(store_article_by_slug(f.s, a, "en", "story-3", &art), STORE_OK);
    CHECK_INT(art.id, f.ids[3]);
    CHECK_STR(art.title, "Story 3");
    CHECK(art.body_html != NULL && strstr(art.body_html, "<em>body</em>") != NULL);
    /* Publishing the draft (an update) makes it visible. */
    int64_t id = save(f.s, &f.cfg, "en", "draft-story", "economy", "Draft", now() - 50,
                      ARTICLE_PUBLISHED);
    CHECK_INT(id, f.draft_id);
    CHECK_INT(store_article_by_slug(f.s, a, "en", "draft-story", &art), STORE_OK);
    arena_free(a);
    fixture_close(&f);
}

STORE_TEST(store_category_names) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    CHECK(save(s, &cfg, "en", "a1", "world-news", "A one", now() - 100, ARTICLE_PUBLISHED) > 0);
    arena *a = arena_new();
    category c = {0};
    CHECK_INT(store_category_by_slug(s, a, "en", "world-news", &c), STORE_OK);
    CHECK_STR(c.slug, "world-news");
    CHECK_STR(c.name, "World news");
    CHECK_STR(c.description, "");
    /* Not in the Russian edition: neither named there nor with articles. */
    CHECK_INT(store_category_by_slug(s, a, "ru", "world-news", &c), STORE_NOT_FOUND);
    CHECK_INT(store_category_by_slug(s, a, "en", "nothing-here", &c), STORE_NOT_FOUND);
    /* Naming it. */
    int64_t id = 0;
    CHECK_INT(store_category_ensure(s, "world-news", &id), STORE_OK);
    CHECK_INT(id, c.id);
    CHECK_INT(store_category_set_text(s, id, "en", "World", "Beyond the Caspian"), STORE_OK);
    CHECK_INT(store_category_set_text(s, id, "ru", "Мир", ""), STORE_OK);
    CHECK_INT(store_category_by_slug(s, a, "en", "world-news", &c), STORE_OK);
    CHECK_STR(c.name, "World");
    CHECK_STR(c.description, "Beyond the Caspian");
    CHECK_INT(store_category_by_slug(s, a, "ru", "world-news", &c), STORE_OK);
    CHECK_STR(c.name, "Мир");
    /* Renaming replaces. */
    CHECK_INT(store_category_set_text(s, id, "en", "The World", "x"), STORE_OK);
    CHECK_INT(store_category_by_slug(s, a, "en", "world-news", &c), STORE_OK);
    CHECK_STR(c.name, "The World");
    /* An article's category name follows its edition's text. */
    article art = {0};
    CHECK_INT(store_article_by_slug(s, a, "en", "a1", &art), STORE_OK);
    CHECK_STR(art.category_name, "The World");
    /* ensure is idempotent and a new slug gets a new id. */
    int64_t again = 0, other = 0;
    CHECK_INT(store_category_ensure(s, "world-news", &again), STORE_OK);
    CHECK_INT(again, id);
    CHECK_INT(store_category_ensure(s, "sport", &other), STORE_OK);
    CHECK(other != id && other > 0);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(store_views_add_and_get) {
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
    int64_t id1 = save(s, &cfg, "en", "v1", "world", "V one", now() - 100, ARTICLE_PUBLISHED);
    int64_t id2 = save(s, &cfg, "en", "v2", "world", "V two", now() - 100, ARTICLE_PUBLISHED);
    int64_t v = -1;
    CHECK_INT(store_views_get(s, id1, &v), STORE_OK);
    CHECK_INT(v, 0);
    int64_t ids[2] = {id1, id2}, counts[2] = {3, 5};
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), ids, counts, 2), STORE_OK);
    CHECK_INT(store_views_get(s, id1, &v), STORE_OK);
    CHECK_INT(v, 3);
    CHECK_INT(store_views_get(s, id2, &v), STORE_OK);
    CHECK_INT(v, 5);
    int64_t more = 2;
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), &id1, &more, 1), STORE_OK);
    CHECK_INT(store_views_get(s, id1, &v), STORE_OK);
    CHECK_INT(v, 5);
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), NULL, NULL, 0), STORE_OK);
    /* A count for an article that does not exist is ignored. */
    int64_t ghost = 987654, one = 1;
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), &ghost, &one, 1), STORE_OK);
    CHECK_INT(store_views_get(s, ghost, &v), STORE_OK);
    CHECK_INT(v, 0);
    /* Articles carry their stored count. */
    arena *a = arena_new();
    article art = {0};
    CHECK_INT(store_article_by_slug(s, a, "en", "v2", &art), STORE_OK);
    CHECK_INT(art.views, 5);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(store_article_tags_sorted) {
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
    arena *a = arena_new();
    const char *tags[] = {"zeta", "ferries", "Baku", "alpha", "ferries"};
    article_input in = {0};
    in.slug = "tagged";
    in.category_slug = "world";
    in.title = "Tagged";
    in.published_at = now() - 100;
    in.status = ARTICLE_PUBLISHED;
    in.tags = tags;
    in.tag_count = 5;
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    CHECK(save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    const char **got = NULL;
    size_t n = 0;
    CHECK_INT(store_article_tags(s, a, id, &got, &n), STORE_OK);
    CHECK_INT(n, 4); /* the duplicate counts once */
    if (n == 4) {
        CHECK_STR(got[0], "Baku");
        CHECK_STR(got[1], "alpha");
        CHECK_STR(got[2], "ferries");
        CHECK_STR(got[3], "zeta");
    }
    /* Saving again replaces the tags. */
    const char *fewer[] = {"port"};
    in.tags = fewer;
    in.tag_count = 1;
    CHECK(save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    CHECK(!created);
    CHECK_INT(store_article_tags(s, a, id, &got, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(got[0], "port");
    /* Many tags (more than any small initial array). */
    const char *many[TAGS_MAX];
    char names[TAGS_MAX][8];
    for (int i = 0; i < TAGS_MAX; i++) {
        snprintf(names[i], sizeof names[i], "t%02d", TAGS_MAX - 1 - i);
        many[i] = names[i];
    }
    in.tags = many;
    in.tag_count = TAGS_MAX;
    CHECK(save_article(s, &cfg, a, &in, &id, &created, err, sizeof err));
    CHECK_INT(store_article_tags(s, a, id, &got, &n), STORE_OK);
    CHECK_INT(n, TAGS_MAX);
    int sorted = n == TAGS_MAX;
    for (size_t i = 1; i < n; i++)
        if (strcmp(got[i - 1], got[i]) >= 0) sorted = 0;
    CHECK(sorted);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(store_transactions_roll_back) {
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
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK(save(s, &cfg, "en", "rolled", "world", "Rolled", now() - 100, ARTICLE_PUBLISHED) > 0);
    store_rollback(s);
    arena *a = arena_new();
    article art = {0};
    CHECK_INT(store_article_by_slug(s, a, "en", "rolled", &art), STORE_NOT_FOUND);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK(save(s, &cfg, "en", "committed", "world", "Committed", now() - 100,
               ARTICLE_PUBLISHED) > 0);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(store_article_by_slug(s, a, "en", "committed", &art), STORE_OK);
    store_rollback(s); /* outside a transaction: harmless */
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* ------------------------------------------------------------- import */

static const char good_article[] =
    "---\n"
    "title: Ferry timetables\n"
    "category: transport\n"
    "date: 2026-02-14T16:50:00+04:00\n"
    "tags: [ferries, port]\n"
    "---\n"
    "New **timetables**.\n";

STORE_TEST(import_article_text_all_or_nothing) {
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
    char err[256] = "";
    bool created = false;
    CHECK(import_article_text(s, &cfg, "ferry.md", good_article, strlen(good_article), &created,
                              err, sizeof err));
    CHECK(created);
    int64_t count = -1;
    CHECK_INT(store_articles_count(s, "en", 0, &count), STORE_OK);
    CHECK_INT(count, 1);
    arena *a = arena_new();
    article art = {0};
    CHECK_INT(store_article_by_slug(s, a, "en", "ferry-timetables", &art), STORE_OK);
    CHECK_INT(art.published_at, 1771073400LL);
    CHECK(art.body_html && strstr(art.body_html, "<strong>timetables</strong>") != NULL);
    /* The same file again is an update. */
    created = true;
    CHECK(import_article_text(s, &cfg, "ferry.md", good_article, strlen(good_article), &created,
                              err, sizeof err));
    CHECK(!created);
    CHECK_INT(store_articles_count(s, "en", 0, &count), STORE_OK);
    CHECK_INT(count, 1);

    static const char *const bad[] = {
        "---\ntitle: Bad one\ncategory: transport\ndate: 2026-02-14T16:50:00+04:00\n"
        "colour: red\n---\nBody\n",
        "---\ntitle: Bad lang\nlang: de\ncategory: transport\n"
        "date: 2026-02-14T16:50:00+04:00\n---\nBody\n",
        "---\ntitle: Reserved\ncategory: admin\ndate: 2026-02-14T16:50:00+04:00\n---\nBody\n",
        "---\ntitle: No date\ncategory: transport\n---\nBody\n",
        "---\ntitle: Bad body\ncategory: brand-new-category\n"
        "date: 2026-02-14T16:50:00+04:00\n---\nBody \xFF\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(!import_article_text(s, &cfg, "bad.md", bad[i], strlen(bad[i]), &created, err,
                                   sizeof err));
        CHECK(err[0] != '\0');
        CHECK_INT(store_articles_count(s, "en", 0, &count), STORE_OK);
        CHECK_INT(count, 1);
    }
    /* The failed file's new category was not created either. */
    category *cats = NULL;
    size_t ncat = 0;
    CHECK_INT(store_categories(s, a, "en", &cats, &ncat), STORE_OK);
    int found_new = 0;
    for (size_t i = 0; i < ncat; i++)
        if (strcmp(cats[i].slug, "brand-new-category") == 0) found_new = 1;
    CHECK(!found_new);
    /* The store is still usable: no transaction was left open. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

static const char categories_yaml[] =
    "politics:\n"
    "  en: {name: Politics, description: Power and parliament}\n"
    "  ru: {name: Политика}\n"
    "economy:\n"
    "  en:\n"
    "    name: Economy\n"
    "culture:\n"
    "  en: {name: Culture}\n"
    "  az: {name: Mədəniyyət}\n";

STORE_TEST(import_categories_names_and_order) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = open_temp(url, sizeof url);
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    char err[256] = "";
    bool ok = import_categories_text(s, &cfg, "categories.yaml", categories_yaml,
                                     strlen(categories_yaml), err, sizeof err);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    arena *a = arena_new();
    category *cats = NULL;
    size_t n = 0;
    CHECK_INT(store_categories(s, a, "en", &cats, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(cats[0].slug, "politics");
        CHECK_STR(cats[0].name, "Politics");
        CHECK_STR(cats[0].description, "Power and parliament");
        CHECK_STR(cats[1].slug, "economy");
        CHECK_STR(cats[1].name, "Economy");
        CHECK_STR(cats[1].description, "");
        CHECK_STR(cats[2].slug, "culture");
        CHECK(cats[0].position < cats[1].position && cats[1].position < cats[2].position);
    }
    CHECK_INT(store_categories(s, a, "ru", &cats, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(cats[0].name, "Политика");
    /* Names for an edition the site does not run are kept. */
    category c = {0};
    CHECK_INT(store_category_by_slug(s, a, "az", "culture", &c), STORE_OK);
    CHECK_STR(c.name, "Mədəniyyət");

    /* A new order and a rename. */
    const char *reordered = "culture:\n  en: {name: Arts}\neconomy:\n  en: {name: Economy}\n"
                            "politics:\n  en: {name: Politics}\n";
    CHECK(import_categories_text(s, &cfg, "categories.yaml", reordered, strlen(reordered), err,
                                 sizeof err));
    CHECK_INT(store_categories(s, a, "en", &cats, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(cats[0].slug, "culture");
        CHECK_STR(cats[0].name, "Arts");
        CHECK_STR(cats[1].slug, "economy");
        CHECK_STR(cats[2].slug, "politics");
    }
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(import_categories_rejects_and_rolls_back) {
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
    static const char *const bad[] = {
        "sport:\n  en: {name: Sport}\nsearch:\n  en: {name: Search}\n",     /* reserved */
        "sport:\n  en: {name: Sport}\nBad Slug:\n  en: {name: X}\n",
        "sport:\n  en: {name: Sport}\nnews:\n  xx: {name: X}\n",            /* language */
        "sport:\n  en: {name: Sport}\nnews:\n  en: {name: X, colour: red}\n",
        "sport:\n  en: {name: Sport}\nnews:\n  en: {description: no name}\n",
        "sport:\n  en: {name: Sport}\nnews: [en, ru]\n",
        "- a\n- b\n",
        "sport: {en: {name: \"unterminated}\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256] = "";
        CHECK(!import_categories_text(s, &cfg, "categories.yaml", bad[i], strlen(bad[i]), err,
                                      sizeof err));
        CHECK(err[0] != '\0');
    }
    /* "sport" came first in every bad file; none of it was kept. */
    arena *a = arena_new();
    category *cats = NULL;
    size_t n = 99;
    CHECK_INT(store_categories(s, a, "en", &cats, &n), STORE_OK);
    CHECK_INT(n, 0);
    category c = {0};
    CHECK_INT(store_category_by_slug(s, a, "en", "sport", &c), STORE_NOT_FOUND);
    /* An empty file is fine and names nothing. */
    char err[256] = "";
    CHECK(import_categories_text(s, &cfg, "categories.yaml", "", 0, err, sizeof err));
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* A category is in an edition once it is named there or has articles
** readers can see. Drafts do not make it visible; neither may an article
** still under embargo (dated in the future), or the navigation would show
** the category before the story is out. */
STORE_TEST(store_category_hidden_until_its_articles_are_visible) {
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
    CHECK(save(s, &cfg, "en", "visible", "visible-cat", "Visible", now() - 100,
               ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "drafted", "draft-cat", "Drafted", now() - 100, ARTICLE_DRAFT) > 0);
    CHECK(save(s, &cfg, "en", "embargoed", "embargo-cat", "Embargoed", now() + 86400,
               ARTICLE_PUBLISHED) > 0);
    arena *a = arena_new();
    category c = {0};
    CHECK_INT(store_category_by_slug(s, a, "en", "visible-cat", &c), STORE_OK);
    CHECK_INT(store_category_by_slug(s, a, "en", "draft-cat", &c), STORE_NOT_FOUND);
    CHECK_INT(store_category_by_slug(s, a, "en", "embargo-cat", &c), STORE_NOT_FOUND);
    category *cats = NULL;
    size_t n = 0;
    CHECK_INT(store_categories(s, a, "en", &cats, &n), STORE_OK);
    CHECK_INT(n, 1);
    int leaked = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cats[i].slug, "embargo-cat") == 0 || strcmp(cats[i].slug, "draft-cat") == 0)
            leaked = 1;
    CHECK(!leaked);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
