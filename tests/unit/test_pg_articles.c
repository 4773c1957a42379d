/* Articles, categories and view counts on PostgreSQL: the same answers as
** SQLite's on the same writes, and writers on several connections at once
** (as several nodes are) that neither fail nor lose anything. Each test
** makes a database of its own on the server GAZETTE_TEST_POSTGRES names
** (an administrator's URL); without it they are skipped. */
#include "check.h"

#include "store/store.h"

/* The unit tests' build passes no pkg-config flags: Debian keeps the
** header under postgresql/. */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A fresh database on the test server: its URL in url, or false (and a
** note) when there is no server to test on. */
static bool pg_database(char *url, size_t size, char *name, size_t name_size) {
    const char *admin = getenv("GAZETTE_TEST_POSTGRES");
    if (!admin || !*admin) {
        fprintf(stderr, "# %s: skipped, GAZETTE_TEST_POSTGRES is not set\n", check_current_test);
        return false;
    }
    static int made;
    snprintf(name, name_size, "gazette_pg_articles_%d_%d", (int)getpid(), ++made);
    PGconn *db = PQconnectdb(admin);
    char *quoted = PQstatus(db) == CONNECTION_OK ? PQescapeIdentifier(db, name, strlen(name)) : NULL;
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", quoted ? quoted : "?");
    PGresult *r = quoted ? PQexec(db, sql) : NULL;
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "# cannot create %s: %s", name, PQerrorMessage(db));
    PQclear(r);
    PQfreemem(quoted);
    PQfinish(db);
    /* The administrator's URL with the new database's name. */
    const char *authority = strstr(admin, "://");
    authority = authority ? authority + 3 : admin;
    size_t base = strcspn(authority, "/?") + (size_t)(authority - admin);
    const char *query = strchr(admin + base, '?');
    snprintf(url, size, "%.*s/%s%s", (int)base, admin, name, query ? query : "");
    return ok;
}

/* Drops a database pg_database() made (after its store is closed). */
static void pg_drop(const char *name) {
    PGconn *db = PQconnectdb(getenv("GAZETTE_TEST_POSTGRES"));
    char *quoted = PQescapeIdentifier(db, name, strlen(name));
    char sql[200];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", quoted ? quoted : "?");
    if (quoted) PQclear(PQexec(db, sql));
    PQfreemem(quoted);
    PQfinish(db);
}

/* Runs one fixed statement on url (what the store has no operation for). */
static bool pg_run(const char *url, const char *sql) {
    PGconn *db = PQconnectdb(url);
    PGresult *r = PQexec(db, sql);
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "# %s: %s", sql, PQerrorMessage(db));
    PQclear(r);
    PQfinish(db);
    return ok;
}

/* The store at url, or NULL with a note. */
static store *open_store(const char *url) {
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    if (!s) fprintf(stderr, "# store_open %s: %s\n", url, err);
    return s;
}

/* ------------------------------------------------- the same as SQLite */

/* What one engine answered, as text to compare with the other's. */
typedef struct transcript {
    char *text;
    size_t len, cap;
} transcript;

/* Appends a formatted line (or part of one) to t. */
static void say(transcript *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(transcript *t, const char *fmt, ...) {
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->text = realloc(t->text, t->cap);
    }
    memcpy(t->text + t->len, line, (size_t)n + 1);
    t->len += (size_t)n;
}

#define OR_NULL(x) ((x) ? (x) : "(null)")

/* Says a list's result and its articles, every field a page may show. */
static void say_articles(transcript *t, const char *what, int rc, const article *items, size_t n) {
    say(t, "%s: %d, %zu\n", what, rc, n);
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        const article *a = &items[i];
        say(t, "  %lld %s/%s %s [%s] %s|%s|%s %lld st=%d wf=%d tk=%s views=%lld feat=%d img=%lld %s v=%lld %s\n",
            (long long)a->id, a->lang, a->slug, a->category_slug, a->category_name, a->title, a->subtitle,
            a->author, (long long)a->published_at, a->status, a->workflow, OR_NULL(a->translation_key),
            (long long)a->views, a->featured, (long long)a->lead_image.id, OR_NULL(a->lead_image.hash),
            (long long)a->version, OR_NULL(a->body_html));
    }
}

/* Saves an article; says what came of it. */
static void put(transcript *t, store *s, const char *lang, const char *slug, const char *category_slug,
                const char *author, int64_t when, article_workflow wf, const char *key, bool featured,
                const char **tags, size_t tag_count) {
    article_input in = {0};
    in.lang = lang;
    in.slug = slug;
    in.category_slug = category_slug;
    in.title = slug;
    in.subtitle = "lead";
    in.author = author;
    in.published_at = when;
    in.status = ARTICLE_PUBLISHED;
    in.workflow = wf;
    in.body_markdown = slug;
    in.body_html = slug;
    in.translation_key = key;
    in.featured = featured;
    in.tags = tags;
    in.tag_count = tag_count;
    int64_t id = 0;
    bool created = false;
    int rc = store_article_save(s, &in, &id, &created);
    say(t, "save %s/%s: %d %lld %d\n", lang, slug, rc, (long long)id, created);
}

/* The writes and reads both engines go through. */
static void script(transcript *t, store *s, int64_t now) {
    const char *politics[] = {"politics", "europe", "politics"}, *sport[] = {"sport"};
    const char *mixed[] = {"Zeta", "alpha", "ärger", "europe"};
    int64_t id;
    say(t, "ensure %d", store_category_ensure(s, "world", &id));
    say(t, " %lld\n", (long long)id);
    say(t, "ensure again %d", store_category_ensure(s, "world", &id));
    say(t, " %lld\n", (long long)id);
    say(t, "name %d %d\n", store_category_set_text(s, id, "en", "World", "All of it"),
        store_category_set_text(s, id, "ru", "Мир", NULL));
    put(t, s, "en", "first", "world", "Jane Doe", now - 1000, WF_PUBLISHED, "k1", false, politics, 3);
    put(t, s, "ru", "pervaya", "world", "Иван Петров", now - 900, WF_PUBLISHED, "k1", false, NULL, 0);
    put(t, s, "az", "birinci", "culture", "Jane Doe", now - 800, WF_PUBLISHED, "k1", true, mixed, 4);
    put(t, s, "en", "second", "sports-news", "John Smith", now - 500, WF_PUBLISHED, NULL, true, sport, 1);
    put(t, s, "en", "third", "world", "Jane Doe", now - 500, WF_PUBLISHED, "k2", true, politics, 2);
    put(t, s, "en", "future", "world", "Jane Doe", now + 5000, WF_SCHEDULED, "k1", true, politics, 1);
    put(t, s, "en", "draft", "world", "Jane Doe", now - 100, WF_DRAFT, "k1", false, NULL, 0);
    put(t, s, "en", "newer", "culture", "X", now - 20, WF_PUBLISHED, "k1", false, mixed, 4);
    put(t, s, "ru", "older", "world", "X", now - 2000, WF_PUBLISHED, "k1", false, NULL, 0);
    put(t, s, "en", "first", "culture", "Jane Doe", now - 1000, WF_PUBLISHED, "k1", false, sport, 1);
    say(t, "position %d\n", store_category_set_position(s, 3, 0));

    article_input up = {0};
    up.lang = "en";
    up.slug = "second";
    up.category_slug = "world";
    up.title = "Renamed";
    up.author = "Q";
    up.published_at = now - 500;
    up.workflow = WF_PUBLISHED;
    up.body_html = "<p>renamed</p>";
    say(t, "begin %d\n", store_begin(s));
    say(t, "taken %d %s\n", store_article_update(s, 5, &up), store_error(s));
    up.slug = "renamed";
    up.expected_version = 7;
    say(t, "stale %d %s\n", store_article_update(s, 5, &up), store_error(s));
    say(t, "missing %d\n", store_article_update(s, 999, &up));
    up.expected_version = 1;
    say(t, "update %d\n", store_article_update(s, 5, &up));
    say(t, "commit %d\n", store_commit(s));
    int64_t ids[] = {3, 1, 999, 4}, counts[] = {5, 2, 7, 1};
    say(t, "views %d %d\n", store_views_add(s, (int64_t)time(NULL), ids, counts, 4), store_views_add(s, (int64_t)time(NULL), ids, counts, 2));

    arena *a = arena_new();
    const char *langs[] = {"en", "ru", "az"};
    for (int l = 0; l < 3; l++) {
        category *cats;
        size_t n;
        int rc = store_categories(s, a, langs[l], &cats, &n);
        say(t, "categories %s: %d\n", langs[l], rc);
        for (size_t i = 0; rc == STORE_OK && i < n; i++)
            say(t, "  %lld %s [%s] [%s] %d\n", (long long)cats[i].id, cats[i].slug, cats[i].name,
                cats[i].description, cats[i].position);
        category c = {0};
        rc = store_category_by_slug(s, a, langs[l], "culture", &c);
        say(t, "culture %s: %d %s\n", langs[l], rc, rc == STORE_OK ? c.name : "");
        list_cursor cursors[] = {{now - 500, 5}, {now - 500, 4}, {now + 9000, 1}, {now, INT64_MAX}};
        for (int64_t category_id = 0; category_id <= 3; category_id++) {
            article *items;
            char what[80];
            int64_t count = -1;
            rc = store_articles_count(s, langs[l], category_id, &count);
            say(t, "count %s %lld: %d %lld\n", langs[l], (long long)category_id, rc, (long long)count);
            for (int offset = 0; offset < 3; offset++) {
                snprintf(what, sizeof what, "list %s %lld offset %d", langs[l], (long long)category_id, offset);
                rc = store_articles_list(s, a, langs[l], category_id, NULL, offset, 3, 0, &items, &n);
                say_articles(t, what, rc, items, n);
            }
            for (int k = 0; k < 4; k++) {
                snprintf(what, sizeof what, "cursor %s %lld %d", langs[l], (long long)category_id, k);
                rc = store_articles_list(s, a, langs[l], category_id, &cursors[k], 0, 10, 4, &items, &n);
                say_articles(t, what, rc, items, n);
                snprintf(what, sizeof what, "tagged %s %lld %d", langs[l], (long long)category_id, k);
                rc = store_articles_tagged(s, a, langs[l], category_id, "europe", &cursors[k], 10, &items, &n);
                say_articles(t, what, rc, items, n);
            }
        }
        const char *authors[] = {"jane-doe", "ivan-petrov", "q"};
        for (int k = 0; k < 3; k++) {
            article *items;
            int64_t count = -1;
            rc = store_articles_by_author(s, a, langs[l], authors[k], NULL, 0, 10, &items, &n);
            say_articles(t, authors[k], rc, items, n);
            rc = store_articles_count_by_author(s, langs[l], authors[k], &count);
            say(t, "by %s: %d %lld\n", authors[k], rc, (long long)count);
        }
        article one;
        rc = store_featured(s, a, langs[l], now - 600, &one);
        say_articles(t, "featured", rc, &one, 1);
        rc = store_article_by_slug(s, a, langs[l], "first", &one);
        say_articles(t, "first", rc, &one, 1);
    }
    const char *keys[] = {"k1", "k2", "", NULL};
    for (int k = 0; k < 4; k++) {
        translation *tr;
        size_t n;
        int rc = store_article_translations(s, a, keys[k], &tr, &n);
        say(t, "translations %s: %d\n", OR_NULL(keys[k]), rc);
        for (size_t i = 0; rc == STORE_OK && i < n; i++)
            say(t, "  %lld %s %s/%s %s\n", (long long)tr[i].id, tr[i].lang, tr[i].category_slug, tr[i].slug,
                tr[i].title);
    }
    for (int64_t i = 1; i <= 10; i++) {
        const char **tags;
        size_t n;
        int64_t views = -1;
        int rc = store_article_tags(s, a, i, &tags, &n);
        say(t, "article %lld: %d views %d", (long long)i, rc, store_views_get(s, i, &views));
        say(t, " %lld tags", (long long)views);
        for (size_t k = 0; rc == STORE_OK && k < n; k++) say(t, " %s", tags[k]);
        say(t, "\n");
    }
    arena_free(a);
}

TEST(pg_articles_answer_as_sqlite_does) {
    char url[512], name[64], path[64];
    if (!pg_database(url, sizeof url, name, sizeof name)) return;
    snprintf(path, sizeof path, "/tmp/gazette-pg-articles-XXXXXX");
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    int64_t now = (int64_t)time(NULL);
    transcript said[2] = {{0}};
    const char *where[2] = {path, url};
    for (int i = 0; i < 2; i++) {
        store *s = open_store(where[i]);
        CHECK(s != NULL);
        if (!s) continue;
        script(&said[i], s, now);
        store_close(s);
    }
    CHECK(said[0].text && said[1].text);
    if (said[0].text && said[1].text) {
        /* The first line where they part, to show. */
        size_t at = 0;
        while (said[0].text[at] && said[0].text[at] == said[1].text[at]) at++;
        while (at > 0 && said[0].text[at - 1] != '\n') at--;
        char detail[600];
        snprintf(detail, sizeof detail, "SQLite: %.200s PostgreSQL: %.200s", said[0].text + at,
                 said[1].text + at);
        check_report(strcmp(said[0].text, said[1].text) == 0, __FILE__, __LINE__,
                     "the same answers on both engines", detail);
        CHECK(strstr(said[1].text, "taken 2 another article of this edition") != NULL);
        CHECK(strstr(said[1].text, "stale 3 ") != NULL);
    }
    free(said[0].text);
    free(said[1].text);
    remove(path);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", path);
    remove(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    remove(wal);
    pg_drop(name);
}

/* --------------------------------------------------- writers at once */

#define WRITERS 8
#define ROUNDS 60
#define VIEW_IDS 12

typedef struct writer {
    store *s;
    int me;
    int failures;
    int64_t views_added;
} writer;

/* One node's writes: every writer saves the same addresses, half of the
** time inside a transaction, makes the same new categories, renames its
** own article onto a taken address (which must only conflict) inside a
** transaction that goes on, and counts views of the same articles. */
static void *write_all(void *arg) {
    writer *w = arg;
    for (int r = 0; r < ROUNDS; r++) {
        char slug[16], category_slug[16], title[32];
        snprintf(slug, sizeof slug, "a%d", r);
        snprintf(category_slug, sizeof category_slug, "cat-%d", r / 4);
        snprintf(title, sizeof title, "round %d by %d", r, w->me);
        const char *tags[] = {"x", "y"};
        article_input in = {0};
        in.lang = "en";
        in.slug = slug;
        in.category_slug = category_slug;
        in.title = title;
        in.author = "A";
        in.published_at = 1000 + r;
        in.status = ARTICLE_PUBLISHED;
        in.body_html = title;
        in.tags = tags;
        in.tag_count = 2;
        int64_t id;
        bool created, own = (r + w->me) % 2;
        if (own && store_begin(w->s) != STORE_OK) w->failures++;
        if (store_article_save(w->s, &in, &id, &created) != STORE_OK) {
            fprintf(stderr, "# save %s: %s\n", slug, store_error(w->s));
            w->failures++;
        }
        if (own && store_commit(w->s) != STORE_OK) w->failures++;
        if (r % 5 == 0) {
            char mine[16];
            snprintf(mine, sizeof mine, "v%d", w->me);
            if (store_begin(w->s) != STORE_OK) w->failures++;
            in.category_slug = "renamed";
            if (store_article_update(w->s, 1 + w->me, &in) != STORE_CONFLICT) w->failures++;
            in.slug = mine;
            if (store_article_update(w->s, 1 + w->me, &in) != STORE_OK ||
                store_category_set_text(w->s, 1, "en", title, "") != STORE_OK) {
                fprintf(stderr, "# rename %s: %s\n", mine, store_error(w->s));
                w->failures++;
            }
            if (store_commit(w->s) != STORE_OK) w->failures++;
        }
        /* Outside a transaction, as the newsroom's category page does. */
        if (r % 3 == 0 && store_category_set_text(w->s, 1, "ru", title, "") != STORE_OK) w->failures++;
        int64_t ids[4], counts[4];
        for (int k = 0; k < 4; k++) {
            ids[k] = 1 + (k * 3 + w->me + r) % VIEW_IDS;
            counts[k] = 1 + k;
        }
        if (store_views_add(w->s, (int64_t)time(NULL), ids, counts, 4) == STORE_OK) w->views_added += 1 + 2 + 3 + 4;
        else w->failures++;
    }
    return NULL;
}

TEST(pg_articles_many_writers_at_once) {
    char url[512], name[64];
    if (!pg_database(url, sizeof url, name, sizeof name)) return;
    store *s = open_store(url);
    CHECK(s != NULL);
    if (!s) {
        pg_drop(name);
        return;
    }
    /* The articles the views count and the renames start from. */
    for (int i = 0; i < VIEW_IDS; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "v%d", i);
        article_input in = {.lang = "en", .slug = slug, .category_slug = "first", .title = slug,
                            .author = "A", .published_at = 10, .status = ARTICLE_PUBLISHED};
        int64_t id;
        bool created;
        CHECK_INT(store_article_save(s, &in, &id, &created), STORE_OK);
    }
    writer writers[WRITERS];
    pthread_t threads[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        writers[i] = (writer){.s = s, .me = i};
        CHECK(pthread_create(&threads[i], NULL, write_all, &writers[i]) == 0);
    }
    int failures = 0;
    int64_t views = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(threads[i], NULL);
        failures += writers[i].failures;
        views += writers[i].views_added;
    }
    CHECK_INT(failures, 0);
    int64_t count = -1;
    CHECK_INT(store_articles_count(s, "en", 0, &count), STORE_OK);
    CHECK_INT(count, VIEW_IDS + ROUNDS);
    arena *a = arena_new();
    category *cats;
    size_t n = 0;
    CHECK_INT(store_categories(s, a, "en", &cats, &n), STORE_OK);
    CHECK_INT(n, 2 + (ROUNDS + 3) / 4); /* "first", "renamed" and each cat-N once */
    const char **tags;
    CHECK_INT(store_article_tags(s, a, VIEW_IDS + 1, &tags, &n), STORE_OK);
    CHECK_INT(n, 2);
    int64_t stored = 0;
    for (int64_t id = 1; id <= VIEW_IDS; id++) {
        int64_t v = 0;
        CHECK_INT(store_views_get(s, id, &v), STORE_OK);
        stored += v;
    }
    CHECK_INT(stored, views);
    arena_free(a);
    store_close(s);
    pg_drop(name);
}

/* ------------------------------------------------------------- views */

TEST(pg_views_skip_articles_that_are_gone) {
    char url[512], name[64];
    if (!pg_database(url, sizeof url, name, sizeof name)) return;
    store *s = open_store(url);
    CHECK(s != NULL);
    if (!s) {
        pg_drop(name);
        return;
    }
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        char slug[16];
        snprintf(slug, sizeof slug, "s%d", i);
        article_input in = {.lang = "en", .slug = slug, .category_slug = "world", .title = slug,
                            .author = "A", .published_at = 10, .status = ARTICLE_PUBLISHED};
        bool created;
        CHECK_INT(store_article_save(s, &in, &ids[i], &created), STORE_OK);
    }
    CHECK(pg_run(url, "DELETE FROM articles WHERE slug = 's0'"));
    int64_t batch[] = {ids[0], ids[1], 424242}, counts[] = {3, 4, 5};
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), batch, counts, 3), STORE_OK);
    CHECK_INT(store_views_add(s, (int64_t)time(NULL), batch, counts, 3), STORE_OK);
    int64_t v = -1;
    CHECK_INT(store_views_get(s, ids[1], &v), STORE_OK);
    CHECK_INT(v, 8);
    CHECK_INT(store_views_get(s, ids[0], &v), STORE_OK);
    CHECK_INT(v, 0);
    store_close(s);
    pg_drop(name);
}
