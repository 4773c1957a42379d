/* Readers' snapshots (store_read_begin/read_end) on both engines: a page's
** statements see one moment of the content, whoever writes meanwhile, and
** its content version is that moment's; on PostgreSQL the BEGIN goes out
** with the first statement and the COMMIT is not waited for, so these
** also check that nothing of one snapshot leaks into what the connection
** does next. */
#include "check.h"
#include "testdb.h"

#include "core/config.h"
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

/* Publishes an article at slug in the English edition: its id, or 0. */
static int64_t publish(store *s, const config *cfg, const char *slug) {
    arena *a = arena_new();
    article_input in = {0};
    in.lang = "en";
    in.slug = slug;
    in.category_slug = "world";
    in.title = slug;
    in.published_at = (int64_t)time(NULL) - 60;
    in.status = ARTICLE_PUBLISHED;
    in.body_markdown = "Text.";
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

/* True when the English article at slug is there for readers of s. */
static int found(store *s, const char *slug) {
    arena *a = arena_new();
    article got;
    int rc = store_article_by_slug(s, a, "en", slug, &got);
    arena_free(a);
    return rc;
}

STORE_TEST(store_read_sees_one_moment) {
    char url[TESTDB_URL_MAX];
    config cfg;
    config_defaults(&cfg);
    store *reader = NULL, *writer = NULL;
    if (!testdb_create(url, sizeof url) || !(reader = open_at(url)) || !(writer = open_at(url))) {
        check_report(0, __FILE__, __LINE__, "two stores on a fresh database", NULL);
        store_close(reader);
        config_free(&cfg);
        testdb_remove(url);
        return;
    }
    CHECK(publish(writer, &cfg, "first") > 0);
    int64_t at0 = 0, gen0 = 0, at = 0, gen = 0;

    /* A snapshot taken by its first statement. */
    CHECK_INT(store_read_begin(reader), STORE_OK);
    CHECK_INT(found(reader, "first"), STORE_OK);
    CHECK_INT(store_content_version(reader, &at0, &gen0), STORE_OK);
    CHECK(gen0 > 0);
    CHECK(publish(writer, &cfg, "second") > 0);
    /* The other store's commit is not in it, nor in its version. */
    CHECK_INT(found(reader, "second"), STORE_NOT_FOUND);
    CHECK_INT(store_content_version(reader, &at, &gen), STORE_OK);
    CHECK_INT(gen, gen0);
    CHECK_INT(store_read_end(reader), STORE_OK);

    /* The next snapshot has it, and a later version. */
    CHECK_INT(store_read_begin(reader), STORE_OK);
    CHECK_INT(store_content_version(reader, &at, &gen), STORE_OK);
    CHECK(gen > gen0);
    CHECK_INT(found(reader, "second"), STORE_OK);
    CHECK_INT(store_read_end(reader), STORE_OK);

    /* A snapshot nothing was read in, then one that only asked the
    ** version: each ends cleanly, and the store writes right after. */
    CHECK_INT(store_read_begin(reader), STORE_OK);
    CHECK_INT(store_read_end(reader), STORE_OK);
    CHECK_INT(store_read_begin(reader), STORE_OK);
    CHECK_INT(store_content_version(reader, &at0, &gen0), STORE_OK);
    CHECK_INT(store_read_end(reader), STORE_OK);
    CHECK(publish(reader, &cfg, "third") > 0);
    CHECK_INT(store_content_version(reader, &at, &gen), STORE_OK);
    CHECK(gen > gen0);

    /* A statement that fails inside a snapshot leaves the store usable
    ** once it ends. */
    CHECK_INT(store_read_begin(reader), STORE_OK);
    CHECK_INT(found(reader, "no-such-article"), STORE_NOT_FOUND);
    CHECK_INT(store_read_end(reader), STORE_OK);
    CHECK_INT(found(reader, "third"), STORE_OK);

    /* Many snapshots one after another on one connection: none is left
    ** open (a write from the other store would wait on nothing, and each
    ** new snapshot sees it). */
    for (int i = 0; i < 50; i++) {
        char slug[32];
        snprintf(slug, sizeof slug, "many-%d", i);
        CHECK_INT(store_read_begin(reader), STORE_OK);
        CHECK_INT(found(reader, "third"), STORE_OK);
        CHECK_INT(store_read_end(reader), STORE_OK);
        CHECK(publish(writer, &cfg, slug) > 0);
        CHECK_INT(store_read_begin(reader), STORE_OK);
        CHECK_INT(found(reader, slug), STORE_OK);
        CHECK_INT(store_read_end(reader), STORE_OK);
    }
    store_close(reader);
    store_close(writer);
    config_free(&cfg);
    testdb_remove(url);
}

/* Readers' transactions on PostgreSQL whose COMMIT waits for the next
** request: a failed one ends too, and one left idle is committed by the
** closer within a few tens of milliseconds, so that no snapshot stays
** open on an idle node (a schema change would wait on it). */
POSTGRES_TEST(store_read_commits_left_behind) {
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
    CHECK(publish(s, &cfg, "kept") > 0);
    const char *open_ones = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            " AND state LIKE 'idle in transaction%'";
    /* A snapshot read, then left: within 200 ms nothing is left open. */
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK_INT(found(s, "kept"), STORE_OK);
    CHECK_INT(store_read_end(s), STORE_OK);
    long long left = -1;
    for (int i = 0; i < 40 && left != 0; i++) {
        struct timespec pause = {0, 5 * 1000000L};
        nanosleep(&pause, NULL);
        left = testdb_pg_number(url, open_ones);
    }
    CHECK_INT(left, 0);

    /* A statement fails inside a snapshot (a table is away): the next
    ** snapshot, once the table is back, reads again. The rename back
    ** waits for the failed one to end, which the closer sees to. */
    CHECK(testdb_pg_exec(url, "ALTER TABLE article_bodies RENAME TO article_bodies_away"));
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK(found(s, "kept") == STORE_ERROR);
    CHECK(found(s, "kept") == STORE_ERROR);
    CHECK_INT(store_read_end(s), STORE_OK);
    CHECK(testdb_pg_exec(url, "ALTER TABLE article_bodies_away RENAME TO article_bodies"));
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK_INT(found(s, "kept"), STORE_OK);
    CHECK_INT(store_read_end(s), STORE_OK);

    /* The same failure, then the next snapshot at once (the failed one's
    ** end goes with it), and a write after it. */
    CHECK(testdb_pg_exec(url, "ALTER TABLE article_bodies RENAME TO article_bodies_away"));
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK(found(s, "kept") == STORE_ERROR);
    CHECK_INT(store_read_end(s), STORE_OK);
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK(found(s, "kept") == STORE_ERROR);
    CHECK_INT(store_read_end(s), STORE_OK);
    /* At once, statements this connection never prepared (lists need no
    ** bodies): they cannot be prepared in the failed transaction, so its
    ** end goes before them. */
    CHECK_INT(store_read_begin(s), STORE_OK);
    arena *a = arena_new();
    list_request ask = {.limit = 5};
    article *got = NULL;
    size_t count = 0;
    CHECK_INT(store_articles_lists(s, a, "en", &ask, 1, &got, &count), STORE_OK);
    CHECK_INT(count, 1);
    arena_free(a);
    CHECK_INT(store_read_end(s), STORE_OK);
    CHECK(testdb_pg_exec(url, "ALTER TABLE article_bodies_away RENAME TO article_bodies"));
    CHECK(publish(s, &cfg, "written-after") > 0);
    CHECK_INT(store_read_begin(s), STORE_OK);
    CHECK_INT(found(s, "written-after"), STORE_OK);
    CHECK_INT(store_read_end(s), STORE_OK);
    store_close(s);
    config_free(&cfg);
    testdb_remove(url);
}
