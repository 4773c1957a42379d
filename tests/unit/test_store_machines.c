/* The store's queries for machines and author pages: the news sitemap's
** rows newest first, articles by the slug of their byline, and migration 9
** filling that slug in for articles saved before it. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "save.h"
#include "store/schema.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A store on the database at url, or NULL (with a note on stderr). */
static store *open_at(const char *url) {
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

/* Saves an article by author in lang, dated when; its id, 0 on failure. */
static int64_t save(store *s, const config *cfg, const char *lang, const char *slug, const char *author,
                    int64_t when, article_status status) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = "world";
    in.title = slug;
    in.author = author;
    in.published_at = when;
    in.status = status;
    in.body_markdown = "Body.";
    int64_t id = 0;
    bool created = false;
    char err[256] = "";
    if (!save_article(s, cfg, a, &in, &id, &created, err, sizeof err)) {
        fprintf(stderr, "# article_save %s: %s\n", slug, err);
        id = 0;
    }
    arena_free(a);
    return id;
}

static void config_en_ru(config *cfg) {
    config_defaults(cfg);
    cfg->languages[1] = strdup("ru");
    cfg->language_count = 2;
}

/* Collects the slugs a sitemap call gives, joined by ' '. */
typedef struct collected {
    char text[512];
} collected;

static bool collect(void *ctx, const sitemap_entry *e) {
    collected *c = ctx;
    size_t n = strlen(c->text);
    snprintf(c->text + n, sizeof c->text - n, "%s%s", n ? " " : "", e->slug);
    return true;
}

STORE_TEST(store_news_sitemap_is_newest_first_and_bounded) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = testdb_create(url, sizeof url) ? open_at(url) : NULL;
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    /* Saved in an order unlike their dates: ids do not follow dates. */
    CHECK(save(s, &cfg, "en", "minute-ago", "A", now - 60, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "ru", "hour-ago", "A", now - 3600, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "three-days-ago", "A", now - 3 * 86400, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "second-ago", "A", now - 1, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "day-ago", "A", now - 86400, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "draft", "A", now - 30, ARTICLE_DRAFT) > 0);
    CHECK(save(s, &cfg, "en", "embargoed", "A", now + 3600, ARTICLE_PUBLISHED) > 0);
    collected all = {""}, three = {""}, old = {""};
    CHECK_INT(store_news_sitemap(s, now - 2 * 86400, 1000, collect, &all), STORE_OK);
    CHECK_STR(all.text, "second-ago minute-ago hour-ago day-ago");
    CHECK_INT(store_news_sitemap(s, now - 2 * 86400, 3, collect, &three), STORE_OK);
    CHECK_STR(three.text, "second-ago minute-ago hour-ago");
    /* The archive's sitemaps keep their order by id. */
    CHECK_INT(store_sitemap(s, 0, 0, 1000, collect, &old), STORE_OK);
    CHECK_STR(old.text, "minute-ago hour-ago three-days-ago second-ago day-ago");
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* The slugs of a list, joined by ' '. */
static const char *slugs(arena *a, const article *items, size_t n) {
    char *out = arena_strdup(a, "");
    for (size_t i = 0; i < n; i++) out = arena_printf(a, "%s%s%s", out, i ? " " : "", items[i].slug);
    return out;
}

STORE_TEST(store_articles_by_author_follow_the_byline_slug) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = testdb_create(url, sizeof url) ? open_at(url) : NULL;
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    CHECK(save(s, &cfg, "en", "one", "Leyla Mammadli", now - 300, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "two", "LEYLA  MAMMADLI", now - 200, ARTICLE_PUBLISHED) > 0);
    int64_t three = save(s, &cfg, "en", "three", "Leyla Mammadli", now - 100, ARTICLE_PUBLISHED);
    CHECK(save(s, &cfg, "en", "other", "Thomas Reid", now - 50, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "en", "hidden", "Leyla Mammadli", now - 40, ARTICLE_DRAFT) > 0);
    CHECK(save(s, &cfg, "en", "later", "Leyla Mammadli", now + 3600, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "ru", "russian", "Лейла Мамедли", now - 10, ARTICLE_PUBLISHED) > 0);
    arena *a = arena_new();
    article *items = NULL;
    size_t n = 0;
    CHECK_INT(store_articles_by_author(s, a, "en", "leyla-mammadli", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "three two one");
    int64_t count = -1;
    CHECK_INT(store_articles_count_by_author(s, "en", "leyla-mammadli", &count), STORE_OK);
    CHECK_INT(count, 3);
    list_cursor after_three = {now - 100, three};
    CHECK_INT(store_articles_by_author(s, a, "en", "leyla-mammadli", &after_three, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "two one");
    CHECK_INT(store_articles_by_author(s, a, "en", "leyla-mammadli", NULL, 1, 1, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "two");
    CHECK_INT(store_articles_by_author(s, a, "ru", "leyla-mammadli", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_articles_by_author(s, a, "ru", "leyla-mamedli", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "russian");
    CHECK_INT(store_articles_count_by_author(s, "en", "nobody", &count), STORE_OK);
    CHECK_INT(count, 0);
    /* A new byline on an update moves the article. */
    CHECK(save(s, &cfg, "en", "one", "Thomas Reid", now - 300, ARTICLE_PUBLISHED) > 0);
    CHECK_INT(store_articles_by_author(s, a, "en", "thomas-reid", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "other one");
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

/* SQLite only: it takes the file back to schema 8 with the sqlite3 API. On
** PostgreSQL migration 9 has nothing to fill (postgres_schema.c: no
** PostgreSQL database predates it). */
TEST(store_migration_9_fills_author_slugs_of_older_articles) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_en_ru(&cfg);
    store *s = testdb_create(url, sizeof url) ? open_at(url) : NULL;
    CHECK(s != NULL);
    if (!s) {
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    CHECK(save(s, &cfg, "en", "old-one", "Aysel Karimova", now - 100, ARTICLE_PUBLISHED) > 0);
    CHECK(save(s, &cfg, "ru", "old-two", "Редакция", now - 100, ARTICLE_PUBLISHED) > 0);
    store_close(s);
    /* Back to the schema before migration 9. */
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(url, &db) == SQLITE_OK);
    char *msg = NULL;
    /* Migration 11's triggers read author_slug: they give way to ones of
    ** migration 8's names (which 11 replaces again), and its columns go. */
    static const char *const logged[] = {
        "articles_INSERT_logged AFTER INSERT ON articles", "articles_DELETE_logged AFTER DELETE ON articles",
        "articles_update_logged AFTER UPDATE ON articles",
        "article_bodies_INSERT_logged AFTER INSERT ON article_bodies",
        "article_bodies_UPDATE_logged AFTER UPDATE ON article_bodies",
        "article_bodies_DELETE_logged AFTER DELETE ON article_bodies",
        "article_tags_INSERT_logged AFTER INSERT ON article_tags",
        "article_tags_UPDATE_logged AFTER UPDATE ON article_tags",
        "article_tags_DELETE_logged AFTER DELETE ON article_tags", "redirects_INSERT_logged AFTER INSERT ON redirects",
        "redirects_UPDATE_logged AFTER UPDATE ON redirects", "redirects_DELETE_logged AFTER DELETE ON redirects"};
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof logged / sizeof logged[0]; i++) {
        char sql[300];
        int name = (int)strcspn(logged[i], " ");
        snprintf(sql, sizeof sql, "DROP TRIGGER %.*s; CREATE TRIGGER %s BEGIN SELECT 1; END;", name, logged[i],
                 logged[i]);
        rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db,
                          /* migration 15's */
                          "DROP TRIGGER articles_coauthors_update_logged; DROP TRIGGER articles_coauthors_delete_logged;"
                          "DROP TABLE article_authors; DROP TABLE authors;"
                          "ALTER TABLE content_log DROP COLUMN article_id; ALTER TABLE content_log DROP COLUMN lang;"
                          "ALTER TABLE content_log DROP COLUMN category_id;"
                          "ALTER TABLE content_log DROP COLUMN author_slug;"
                          "DROP INDEX articles_by_author; DROP INDEX articles_by_publication;"
                          "ALTER TABLE articles DROP COLUMN author_slug; DROP TABLE media_files;"
                          "DROP TABLE drafts; DROP TABLE presence;" /* migration 12's */
                          "ALTER TABLE media DROP COLUMN alt; ALTER TABLE media DROP COLUMN credit;"
                          "ALTER TABLE articles DROP COLUMN lead_image_alt; DROP TABLE preview_links;"
                          "ALTER TABLE articles DROP COLUMN seo_title; ALTER TABLE articles DROP COLUMN seo_description;"
                          "ALTER TABLE articles DROP COLUMN social_image_id; ALTER TABLE articles DROP COLUMN canonical_url;"
                          "DROP TABLE pages; DROP INDEX article_tags_by_slug; ALTER TABLE article_tags DROP COLUMN tag_slug;"
                          "DROP INDEX articles_breaking; ALTER TABLE articles DROP COLUMN breaking_label;"
                          "ALTER TABLE articles DROP COLUMN breaking_since; ALTER TABLE articles DROP COLUMN breaking_until;"
                          "DROP TABLE article_views_hourly; DROP TABLE article_views_daily;"
                          "ALTER TABLE users DROP COLUMN language;" /* 18 to 22 */
                          "DROP TABLE live_updates; DROP INDEX articles_live; ALTER TABLE articles DROP COLUMN live;"
                          "ALTER TABLE articles DROP COLUMN live_ended_at;"
                          "ALTER TABLE articles DROP COLUMN live_changed_at;" /* 24 */
                          "DROP TABLE related_stories;" /* 25 */
                          "DROP TABLE old_addresses; DROP TABLE import_links;" /* 26 */
                          " PRAGMA user_version = 8;",
                          NULL, NULL, &msg);
    CHECK(rc == SQLITE_OK);
    if (msg) fprintf(stderr, "# %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(db);
    s = open_at(url);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(store_schema_version(s), schema_migration_count);
        arena *a = arena_new();
        article *items = NULL;
        size_t n = 0;
        CHECK_INT(store_articles_by_author(s, a, "en", "aysel-karimova", NULL, 0, 10, &items, &n), STORE_OK);
        CHECK_STR(slugs(a, items, n), "old-one");
        CHECK_INT(store_articles_by_author(s, a, "ru", "redaktsiya", NULL, 0, 10, &items, &n), STORE_OK);
        CHECK_STR(slugs(a, items, n), "old-two");
        arena_free(a);
        store_close(s);
    }
    config_free(&cfg);
    testdb_remove(url);
}
