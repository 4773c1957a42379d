/*
** The newsroom's PostgreSQL queries where PostgreSQL is not SQLite: the
** scheduler and media uploads on several nodes at once, the title filter's
** case folding (against SQLite's gazette_fold on the same titles), and the
** trash keeping the search index true. Each test makes its own database
** on the server GAZETTE_TEST_POSTGRES names (an admin URL, e.g.
** postgresql://postgres@127.0.0.1:5432/postgres) and drops it; without
** that variable they are skipped, with a note on stderr.
*/
#include "check.h"

#include "store/store.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A database of a test's own: its URL, and a raw connection to seed it. */
typedef struct pg_test_db {
    char name[64];
    char url[512];
    PGconn *raw;
} pg_test_db;

/* Runs sql on c; false (with a note) when it fails. */
static bool pg_run(PGconn *c, const char *sql) {
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) fprintf(stderr, "# %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

static void pg_test_close(pg_test_db *db, store *s);

/* Makes a fresh database for test and opens a store on it in *s; false
** when skipped (no GAZETTE_TEST_POSTGRES) or failed, with nothing left. */
static bool pg_test_open(pg_test_db *db, const char *test, store **s) {
    const char *admin = getenv("GAZETTE_TEST_POSTGRES");
    if (!admin || !*admin) {
        fprintf(stderr, "# %s skipped: GAZETTE_TEST_POSTGRES is not set\n", test);
        return false;
    }
    snprintf(db->name, sizeof db->name, "gazette_%s_%d", test, (int)getpid());
    const char *query = strchr(admin, '?');
    const char *slash = strrchr(admin, '/');
    size_t base = (size_t)(slash && (!query || slash < query) ? slash - admin : (long)strlen(admin));
    snprintf(db->url, sizeof db->url, "%.*s/%s%s", (int)base, admin, db->name, query ? query : "");
    PGconn *c = PQconnectdb(admin);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db->name);
    bool ok = PQstatus(c) == CONNECTION_OK && pg_run(c, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", db->name);
    ok = ok && pg_run(c, sql);
    PQfinish(c);
    CHECK(ok);
    if (!ok) return false;
    char err[512] = "";
    *s = store_open(db->url, err, sizeof err);
    if (!*s) fprintf(stderr, "# store_open: %s\n", err);
    CHECK(*s != NULL);
    db->raw = PQconnectdb(db->url);
    if (*s && PQstatus(db->raw) == CONNECTION_OK &&
        pg_run(db->raw, "INSERT INTO categories (id, slug) VALUES (1, 'politics')"))
        return true;
    pg_test_close(db, *s);
    *s = NULL;
    return false;
}

/* Closes the store and drops the database. */
static void pg_test_close(pg_test_db *db, store *s) {
    if (s) store_close(s);
    PQfinish(db->raw);
    PGconn *c = PQconnectdb(getenv("GAZETTE_TEST_POSTGRES"));
    char sql[160];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->name);
    pg_run(c, sql);
    PQfinish(c);
}

/* Adds count scheduled articles, due since before now, ids from first. */
static bool seed_due(PGconn *c, int first, int count, int64_t now) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO articles (id, lang, slug, category_id, title, author, published_at, status,"
             " created_at, updated_at, workflow) SELECT g, 'en', 'due-' || g, 1, 'Due', 'X',"
             " %lld - g %% 7, 1, 1, 1, 'scheduled' FROM generate_series(%d, %d) g",
             (long long)now, first, first + count - 1);
    return pg_run(c, sql);
}

/* ------------------------------------------------------------ scheduler */

#define NODES 4
#define DUE 300

typedef struct node {
    const char *url;
    int64_t now;
    pthread_barrier_t *start;
    int64_t got[DUE];
    size_t n;
    int errors;
} node;

/* One node's scheduler, as editorial_publish_due runs it: a transaction
** per batch, with an audit entry per article, until nothing is due. */
static void *scheduler(void *arg) {
    node *me = arg;
    char err[256];
    store *s = store_open(me->url, err, sizeof err);
    pthread_barrier_wait(me->start);
    for (size_t n = 1; s && n > 0;) {
        int64_t ids[5];
        if (store_begin(s) != STORE_OK || store_publish_due(s, me->now, ids, 5, &n) != STORE_OK) {
            me->errors++;
            store_rollback(s);
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (store_audit_add(s, &(audit_entry){.actor = "system", .actor_name = "Scheduler",
                                                  .action = "published", .article_id = ids[i]}) != STORE_OK)
                me->errors++;
        if (store_commit(s) != STORE_OK) me->errors++;
        for (size_t i = 0; i < n && me->n < DUE; i++) me->got[me->n++] = ids[i];
    }
    if (!s) me->errors++;
    else store_close(s);
    return NULL;
}

TEST(pg_publish_due_publishes_each_article_once_across_nodes) {
    pg_test_db db = {0};
    store *s = NULL;
    if (!pg_test_open(&db, "publish_due", &s)) return;
    int64_t now = (int64_t)time(NULL);
    CHECK(seed_due(db.raw, 1, 5, now));
    CHECK(pg_run(db.raw, "UPDATE articles SET published_at = published_at + 100000 WHERE id = 5"));
    /* Oldest first, at most max, each once; the future one stays. */
    int64_t ids[8];
    size_t n = 0;
    CHECK_INT(store_publish_due(s, now, ids, 2, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK(n == 2 && ids[0] == 4 && ids[1] == 3);
    CHECK_INT(store_publish_due(s, now, ids, 8, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK(n == 2 && ids[0] == 2 && ids[1] == 1);
    CHECK_INT(store_publish_due(s, now, ids, 8, &n), STORE_OK);
    CHECK_INT(n, 0);
    arena *a = arena_new();
    article art;
    CHECK_INT(store_article_by_id(s, a, 1, &art), STORE_OK);
    CHECK(art.workflow == WF_PUBLISHED && art.status == ARTICLE_PUBLISHED && art.version == 2);
    CHECK_INT(art.updated_at, now);
    CHECK_INT(store_article_by_id(s, a, 5, &art), STORE_OK);
    CHECK(art.workflow == WF_SCHEDULED);
    arena_free(a);

    /* Several nodes at once. */
    CHECK(seed_due(db.raw, 1000, DUE, now));
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, NODES);
    static node nodes[NODES];
    pthread_t threads[NODES];
    for (int i = 0; i < NODES; i++) {
        nodes[i] = (node){.url = db.url, .now = now, .start = &start};
        pthread_create(&threads[i], NULL, scheduler, &nodes[i]);
    }
    for (int i = 0; i < NODES; i++) pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    int seen[DUE] = {0}, total = 0, twice = 0, missed = 0;
    for (int i = 0; i < NODES; i++) {
        CHECK_INT(nodes[i].errors, 0);
        for (size_t k = 0; k < nodes[i].n; k++) {
            int64_t id = nodes[i].got[k];
            if (id >= 1000 && id < 1000 + DUE) seen[id - 1000]++;
            total++;
        }
    }
    for (int i = 0; i < DUE; i++) {
        twice += seen[i] > 1;
        missed += seen[i] == 0;
    }
    CHECK_INT(total, DUE);
    CHECK_INT(twice, 0);
    CHECK_INT(missed, 0);
    PGresult *r = PQexec(db.raw, "SELECT count(*) FROM articles WHERE id >= 1000 AND (workflow <> 'published' OR version <> 2)");
    CHECK_STR(PQgetvalue(r, 0, 0), "0");
    PQclear(r);
    pg_test_close(&db, s);
}

/* ---------------------------------------------------------------- media */

typedef struct uploader {
    const char *url;
    pthread_barrier_t *start;
    int64_t id;
    bool created;
    int rc;
} uploader;

static void *upload(void *arg) {
    uploader *u = arg;
    char err[256];
    store *s = store_open(u->url, err, sizeof err);
    pthread_barrier_wait(u->start);
    media m = {.hash = "same-image", .format = "png", .width = 1, .height = 1, .variants = "", .bytes = 1};
    u->rc = s ? store_media_add(s, &m, &u->id, &u->created) : STORE_ERROR;
    if (s) store_close(s);
    return NULL;
}

TEST(pg_media_add_the_same_image_on_two_nodes_at_once) {
    pg_test_db db = {0};
    store *s = NULL;
    if (!pg_test_open(&db, "media_add", &s)) return;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 3);
    uploader u[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        u[i] = (uploader){.url = db.url, .start = &start};
        pthread_create(&threads[i], NULL, upload, &u[i]);
    }
    for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    CHECK(u[0].rc == STORE_OK && u[1].rc == STORE_OK && u[2].rc == STORE_OK);
    CHECK_INT(u[0].created + u[1].created + u[2].created, 1);
    CHECK(u[0].id == u[1].id && u[1].id == u[2].id);
    /* Again, later: the same id, not created, and no id used up (the
    ** losers of the race above may have used some). */
    media again = {.hash = "same-image", .format = "png", .variants = ""};
    media other = {.hash = "other-image", .format = "png", .variants = ""};
    media third = {.hash = "third-image", .format = "png", .variants = ""};
    int64_t id = 0, other_id = 0, third_id = 0;
    bool created = true;
    CHECK_INT(store_media_add(s, &again, &id, &created), STORE_OK);
    CHECK(!created && id == u[0].id);
    CHECK_INT(store_media_add(s, &other, &other_id, &created), STORE_OK);
    CHECK(created && other_id > u[0].id);
    CHECK_INT(store_media_add(s, &other, &id, &created), STORE_OK);
    CHECK(!created && id == other_id);
    CHECK_INT(store_media_add(s, &third, &third_id, &created), STORE_OK);
    CHECK(created && third_id == other_id + 1);
    pg_test_close(&db, s);
}

/* ------------------------------------------------------ the title filter */

static const char *const titles[] = {"Die Straße nach Baku", "THE STRASSE", "ΟΔΟΣΗΜΕΡΑ", "ΟΔΟΣ ΚΑΛΗ",
                                     "Bakı küləyi", "BAKI şəhəri", "ﬁnal ﬂight", "İstanbul notes"};
#define TITLES (sizeof titles / sizeof titles[0])

/* Which of titles the newsroom's list finds for filter, as a bit set. */
static unsigned found(store *s, const char *filter) {
    arena *a = arena_new();
    article *items = NULL;
    size_t n = 0;
    int64_t total = 0;
    unsigned bits = 0;
    article_filter f = {.title_contains = filter, .limit = 100};
    if (store_articles_admin(s, a, &f, &items, &n, &total) == STORE_OK)
        for (size_t i = 0; i < n; i++)
            for (size_t t = 0; t < TITLES; t++)
                if (strcmp(items[i].title, titles[t]) == 0) bits |= 1u << t;
    arena_free(a);
    return bits;
}

TEST(pg_admin_title_filter_folds_case_as_sqlite_does) {
    pg_test_db db = {0};
    store *s = NULL;
    if (!pg_test_open(&db, "title_fold", &s)) return;
    char path[] = "/tmp/gazette-pg-newsroom-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    char err[256];
    store *lite = store_open(path, err, sizeof err);
    CHECK(lite != NULL);
    for (size_t t = 0; lite && t < TITLES; t++) {
        char slug[16], sql[512];
        snprintf(slug, sizeof slug, "t%zu", t);
        article_input in = {.lang = "en", .slug = slug, .category_slug = "politics", .title = titles[t],
                            .author = "A", .published_at = 1700000000, .status = ARTICLE_PUBLISHED,
                            .body_markdown = "", .body_html = "", .body_text = ""};
        int64_t id;
        bool created;
        CHECK_INT(store_article_save(lite, &in, &id, &created), STORE_OK);
        char *quoted = PQescapeLiteral(db.raw, titles[t], strlen(titles[t]));
        snprintf(sql, sizeof sql,
                 "INSERT INTO articles (lang, slug, category_id, title, author, published_at, status,"
                 " created_at, updated_at) VALUES ('en', '%s', 1, %s, 'A', 1700000000, 1, 1, 1)", slug, quoted);
        PQfreemem(quoted);
        CHECK(pg_run(db.raw, sql));
    }
    static const char *const filters[] = {"strasse", "STRASSE", "Straße", "ß", "ẞ", "ss", "οδοσ", "ΟΔΟΣ",
                                          "ς", "Σ", "οδοση", "bakı", "BAKI", "baki", "ı", "I", "İ", "i",
                                          "ﬁ", "FI", "ﬂight", "küləyi", "KÜLƏYI", "Ə", "notes", "ΣΣ"};
    for (size_t i = 0; lite && i < sizeof filters / sizeof filters[0]; i++) {
        unsigned want = found(lite, filters[i]), got = found(s, filters[i]);
        char what[64];
        snprintf(what, sizeof what, "%s: %#x", filters[i], want);
        char gotten[64];
        snprintf(gotten, sizeof gotten, "%s: %#x", filters[i], got);
        CHECK_STR(gotten, what);
    }
    if (lite) store_close(lite);
    remove(path);
    pg_test_close(&db, s);
}

/* ------------------------------------------------------------- the trash */

TEST(pg_trash_takes_the_article_out_of_the_search_index) {
    pg_test_db db = {0};
    store *s = NULL;
    if (!pg_test_open(&db, "trash", &s)) return;
    CHECK(pg_run(db.raw, "INSERT INTO articles (id, lang, slug, category_id, title, author, published_at, status,"
                         " created_at, updated_at) VALUES (1, 'en', 'a', 1, 'A', 'A', 1, 1, 1, 1),"
                         " (2, 'en', 'b', 1, 'B', 'B', 1, 1, 1, 1);"
                         "INSERT INTO search_entries (article_id, lang, document, title, subtitle, body, tokens)"
                         " SELECT id, lang, to_tsvector('simple', title), title, '', '', 1 FROM articles"));
    CHECK_INT(store_article_trash(s, 1, true), STORE_OK);
    CHECK_INT(store_article_trash(s, 3, true), STORE_NOT_FOUND);
    PGresult *r = PQexec(db.raw, "SELECT string_agg(article_id::text, ',' ORDER BY article_id) FROM search_entries");
    CHECK_STR(PQgetvalue(r, 0, 0), "2");
    PQclear(r);
    arena *a = arena_new();
    article art;
    CHECK_INT(store_article_by_id(s, a, 1, &art), STORE_OK);
    CHECK(art.deleted_at != 0 && art.status == ARTICLE_DRAFT && art.version == 2);
    /* Back: public again as its workflow says; the caller indexes it. */
    CHECK_INT(store_article_trash(s, 1, false), STORE_OK);
    CHECK_INT(store_article_by_id(s, a, 1, &art), STORE_OK);
    CHECK(art.deleted_at == 0 && art.status == ARTICLE_PUBLISHED && art.version == 3);
    arena_free(a);
    pg_test_close(&db, s);
}
