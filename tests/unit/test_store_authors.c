/* Several authors an article, on both engines: a save keeps their order
** and makes their profiles, the author page's list and count have every
** story the person is any author of, newest first (with paging), the
** list's reads name them, profiles are made and changed (a second of one
** slug or one user is a conflict), the change log names co-authors'
** pages, and the byline joins names in each edition's language. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
#include "render/i18n.h"
#include "save.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A store on url, or NULL with a note. */
static store *open_at(const char *url) {
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    return s;
}

/* Publishes an English article at slug, dated ago seconds back, by the
** names given (NULL-ended): its id, or 0. */
static int64_t publish_by(store *s, const config *cfg, const char *slug, int64_t ago, const char *const *names) {
    arena *a = arena_new();
    article_author list[ARTICLE_AUTHORS_MAX];
    size_t n = 0;
    while (names[n] && n < ARTICLE_AUTHORS_MAX) {
        list[n] = (article_author){NULL, names[n]};
        n++;
    }
    article_input in = {.lang = "en", .slug = slug, .category_slug = "world", .title = slug, .status = ARTICLE_PUBLISHED,
                        .body_markdown = "Text.", .authors = list, .author_count = n};
    in.published_at = (int64_t)time(NULL) - ago;
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

/* The slugs of a list, space-separated, in a. */
static const char *slugs(arena *a, const article *items, size_t n) {
    char *out = arena_alloc(a, 1024);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(out, " ");
        strncat(out, items[i].slug, 1000 - strlen(out));
    }
    return out;
}

/* An article's authors as "slug=Name slug=Name", in a. */
static const char *authors_of(store *s, arena *a, int64_t id) {
    article art = {.id = id};
    if (store_article_authors_fill(s, a, &art, 1) != STORE_OK) return "(failed)";
    char *out = arena_alloc(a, 1024);
    out[0] = '\0';
    for (size_t i = 0; i < art.author_count; i++) {
        if (i) strcat(out, " ");
        strncat(out, arena_printf(a, "%s=%s", art.authors[i].slug, art.authors[i].name), 1000 - strlen(out));
    }
    return out;
}

STORE_TEST(store_authors_order_pages_and_profiles) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = NULL;
    if (!testdb_create(url, sizeof url) || !(s = open_at(url))) {
        check_report(0, __FILE__, __LINE__, "a store on a fresh database", NULL);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    int64_t solo = publish_by(s, &cfg, "solo", 300, (const char *const[]){"Ozan Reporter", NULL});
    int64_t duo = publish_by(s, &cfg, "duo", 200, (const char *const[]){"Eda Editor", "Ozan Reporter", NULL});
    int64_t trio = publish_by(s, &cfg, "trio", 100, (const char *const[]){"Lale Writer", "Eda Editor", "Ozan Reporter", NULL});
    CHECK(solo && duo && trio);
    /* Order kept, profiles made, the byline joined. */
    CHECK_STR(authors_of(s, a, trio), "lale-writer=Lale Writer eda-editor=Eda Editor ozan-reporter=Ozan Reporter");
    article art;
    CHECK_INT(store_article_by_slug(s, a, "en", "trio", &art), STORE_OK);
    CHECK_STR(art.author, "Lale Writer, Eda Editor and Ozan Reporter");
    author_profile p;
    CHECK_INT(store_author_by_slug(s, a, "lale-writer", &p), STORE_OK);
    CHECK_STR(p.name, "Lale Writer");
    CHECK_STR(p.bio, "");
    CHECK(p.created_at > 0 && p.user_id == 0 && p.photo_id == 0);
    /* The author page: every story they are any author of, newest first. */
    article *items;
    size_t n;
    CHECK_INT(store_articles_by_author(s, a, "en", "ozan-reporter", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "trio duo solo");
    CHECK_INT(store_articles_by_author(s, a, "en", "eda-editor", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "trio duo");
    CHECK_INT(store_articles_by_author(s, a, "en", "ozan-reporter", NULL, 1, 1, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "duo");
    list_cursor after = {items[0].published_at, items[0].id};
    CHECK_INT(store_articles_by_author(s, a, "en", "ozan-reporter", &after, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "solo");
    int64_t count = 0;
    CHECK_INT(store_articles_count_by_author(s, "en", "ozan-reporter", &count), STORE_OK);
    CHECK_INT(count, 3);
    CHECK_INT(store_articles_count_by_author(s, "en", "lale-writer", &count), STORE_OK);
    CHECK_INT(count, 1);
    /* A list's authors in one read. */
    CHECK_INT(store_articles_list(s, a, "en", 0, NULL, 0, 10, 0, &items, &n), STORE_OK);
    CHECK_INT(store_article_authors_fill(s, a, items, n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK_INT(items[0].author_count, 3);
    CHECK_INT(items[1].author_count, 2);
    CHECK_STR(items[1].authors[1].name, "Ozan Reporter");
    CHECK_INT(items[2].author_count, 1);
    /* A re-save reorders and drops: the page of the one dropped loses it. */
    CHECK(publish_by(s, &cfg, "trio", 100, (const char *const[]){"Ozan Reporter", "Lale Writer", NULL}) == trio);
    CHECK_STR(authors_of(s, a, trio), "ozan-reporter=Ozan Reporter lale-writer=Lale Writer");
    CHECK_INT(store_articles_by_author(s, a, "en", "eda-editor", NULL, 0, 10, &items, &n), STORE_OK);
    CHECK_STR(slugs(a, items, n), "duo");
    /* The old single byline (no list) is its one author. */
    article_input old = {.lang = "en", .slug = "byline", .category_slug = "world", .title = "Byline", .author = "Mira Columnist",
                         .status = ARTICLE_PUBLISHED, .published_at = (int64_t)time(NULL) - 50, .body_markdown = "x"};
    int64_t id;
    bool created;
    CHECK_INT(store_article_save(s, &old, &id, &created), STORE_OK);
    CHECK_STR(authors_of(s, a, id), "mira-columnist=Mira Columnist");
    /* Profiles: made, changed, a taken slug or user a conflict. */
    author_profile zed = {.slug = "zed", .name = "Zed", .bio = "Bio.", .website = "https://zed.example.com/"};
    CHECK_INT(store_author_add(s, &zed, &id), STORE_OK);
    CHECK_INT(store_author_add(s, &zed, &id), STORE_CONFLICT);
    zed.telegram = "https://t.me/zed";
    CHECK_INT(store_author_update(s, "zed", &zed), STORE_OK);
    CHECK_INT(store_author_update(s, "nobody", &zed), STORE_NOT_FOUND);
    CHECK_INT(store_author_by_slug(s, a, "zed", &p), STORE_OK);
    CHECK_STR(p.telegram, "https://t.me/zed");
    CHECK_STR(p.website, "https://zed.example.com/");
    int64_t user;
    CHECK_INT(store_user_add(s, "u@example.com", "U", ROLE_AUTHOR, "x", &user), STORE_OK);
    zed.user_id = user;
    CHECK_INT(store_author_update(s, "zed", &zed), STORE_OK);
    CHECK_INT(store_author_by_user(s, a, user, &p), STORE_OK);
    CHECK_STR(p.slug, "zed");
    author_profile second = {.slug = "second", .name = "Second", .user_id = user};
    CHECK_INT(store_author_add(s, &second, &id), STORE_CONFLICT);
    author_profile *list;
    CHECK_INT(store_authors(s, a, NULL, 3, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK_STR(list[0].slug, "eda-editor");
    CHECK_INT(store_authors(s, a, list[2].slug, 100, &list, &n), STORE_OK);
    CHECK_INT(n, 2); /* after eda-editor, lale-writer, mira-columnist: ozan-reporter, zed */
    CHECK_STR(list[0].slug, "ozan-reporter");
    CHECK_STR(list[1].slug, "zed");
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

STORE_TEST(store_authors_change_log_names_coauthors) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *s = NULL;
    if (!testdb_create(url, sizeof url) || !(s = open_at(url))) {
        check_report(0, __FILE__, __LINE__, "a store on a fresh database", NULL);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    arena *a = arena_new();
    int64_t id = publish_by(s, &cfg, "shared", 100, (const char *const[]){"Eda Editor", "Ozan Reporter", "Lale Writer", NULL});
    CHECK(id > 0);
    content_change *log;
    size_t n;
    bool complete;
    int64_t latest = 0, after;
    CHECK_INT(store_content_log(s, a, 0, 1000, &latest, &log, &n, &complete), STORE_OK);
    after = latest;
    /* Any change: every author's page; an author taken off: theirs too. */
    CHECK(publish_by(s, &cfg, "shared", 100, (const char *const[]){"Eda Editor", "Ozan Reporter", NULL}) == id);
    CHECK_INT(store_content_log(s, a, after, 1000, &latest, &log, &n, &complete), STORE_OK);
    bool eda = false, ozan = false, lale = false;
    for (size_t i = 0; i < n; i++) {
        if (log[i].article_id != id || !log[i].author_slug) continue;
        eda |= strcmp(log[i].author_slug, "eda-editor") == 0;
        ozan |= strcmp(log[i].author_slug, "ozan-reporter") == 0;
        lale |= strcmp(log[i].author_slug, "lale-writer") == 0;
    }
    CHECK(eda && ozan && lale);
    /* Going to the trash: the co-author's page too. */
    after = latest;
    CHECK_INT(store_article_trash(s, id, true), STORE_OK);
    CHECK_INT(store_content_log(s, a, after, 1000, &latest, &log, &n, &complete), STORE_OK);
    ozan = false;
    for (size_t i = 0; i < n; i++)
        ozan |= log[i].article_id == id && log[i].author_slug && strcmp(log[i].author_slug, "ozan-reporter") == 0;
    CHECK(ozan);
    arena_free(a);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}

TEST(article_byline_in_each_language) {
    char err[512] = "";
    bool ok = i18n_load(NULL, err, sizeof err);
    check_report(ok, __FILE__, __LINE__, "i18n_load(NULL) succeeds", err);
    if (!ok) return;
    arena *a = arena_new();
    const article_author two[] = {{"a", "Eda"}, {"b", "Ozan"}}, three[] = {{"a", "Eda"}, {"b", "Ozan"}, {"c", "Lale"}};
    CHECK_STR(article_byline(a, "en", two, 1), "Eda");
    CHECK_STR(article_byline(a, "en", two, 2), "Eda and Ozan");
    CHECK_STR(article_byline(a, "ru", two, 2), "Eda и Ozan");
    CHECK_STR(article_byline(a, "az", two, 2), "Eda və Ozan");
    CHECK_STR(article_byline(a, "en", three, 3), "Eda, Ozan and Lale");
    CHECK_STR(article_byline(a, "az", three, 3), "Eda, Ozan və Lale");
    arena_free(a);
    i18n_free();
}
