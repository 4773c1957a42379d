/* The PostgreSQL twins of the store's tests that poke SQLite itself (in
** test_store.c): a schema newer than this gazette knows is refused, an
** address that names no database is an error, and stores opening an empty
** database at once (nodes starting together) run each migration once.
** They run in the PostgreSQL pass only (POSTGRES_TEST). */
#include "check.h"
#include "testdb.h"

#include "store/postgres_internal.h"
#include "store/store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

POSTGRES_TEST(store_open_rejects_newer_schema_and_missing_database) {
    char url[TESTDB_URL_MAX];
    if (!testdb_create(url, sizeof url)) {
        check_report(0, __FILE__, __LINE__, "a temporary database is made", NULL);
        return;
    }
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    CHECK(s != NULL);
    if (!s) fprintf(stderr, "# store_open: %s\n", err);
    store_close(s);
    /* A later gazette's migrations ran on it. */
    CHECK(testdb_pg_exec(url, "UPDATE gazette_schema SET version = 99"));
    err[0] = '\0';
    s = store_open(url, err, sizeof err);
    CHECK(s == NULL);
    check_report(strstr(err, "99") != NULL, __FILE__, __LINE__, "the error names version 99", err);
    store_close(s);
    CHECK_INT(testdb_pg_number(url, "SELECT version FROM gazette_schema"), 99); /* left alone */
    testdb_remove(url);

    /* The database is gone now. */
    err[0] = '\0';
    s = store_open(url, err, sizeof err);
    CHECK(s == NULL);
    CHECK(err[0] != '\0');
    store_close(s);
    /* And a server nobody runs. */
    err[0] = '\0';
    s = store_open("postgresql://postgres@127.0.0.1:1/gazette?connect_timeout=2", err, sizeof err);
    CHECK(s == NULL);
    CHECK(err[0] != '\0');
    store_close(s);
}

/* Stores opening one empty database at the same moment. */
#define OPENERS 4

typedef struct start_line {
    pthread_mutex_t lock;
    pthread_cond_t go;
    bool started;
} start_line;

typedef struct opener {
    const char *url;
    start_line *line;
    store *s;
    char err[512];
} opener;

/* One node starting: waits for the signal, then opens the store. */
static void *open_together(void *arg) {
    opener *o = arg;
    pthread_mutex_lock(&o->line->lock);
    while (!o->line->started) pthread_cond_wait(&o->line->go, &o->line->lock);
    pthread_mutex_unlock(&o->line->lock);
    o->s = store_open(o->url, o->err, sizeof o->err);
    return NULL;
}

/* Opens url from OPENERS threads at once; true when every one opened it.
** The stores are closed again. */
static bool open_at_once(const char *url) {
    start_line line = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false};
    opener openers[OPENERS];
    pthread_t threads[OPENERS];
    int started = 0;
    for (int i = 0; i < OPENERS; i++) {
        openers[i] = (opener){.url = url, .line = &line};
        if (pthread_create(&threads[i], NULL, open_together, &openers[i]) != 0) {
            fprintf(stderr, "# pthread_create failed after %d threads\n", started);
            break;
        }
        started++;
    }
    pthread_mutex_lock(&line.lock);
    line.started = true;
    pthread_cond_broadcast(&line.go);
    pthread_mutex_unlock(&line.lock);
    bool all = started == OPENERS;
    for (int i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
        if (!openers[i].s) {
            fprintf(stderr, "# store_open %d of %d: %s\n", i + 1, OPENERS, openers[i].err);
            all = false;
        }
        store_close(openers[i].s);
    }
    return all;
}

POSTGRES_TEST(store_open_at_once_runs_each_migration_once) {
    for (int round = 0; round < 3; round++) {
        char url[TESTDB_URL_MAX];
        if (!testdb_create(url, sizeof url)) {
            check_report(0, __FILE__, __LINE__, "a temporary database is made", NULL);
            return;
        }
        /* A migration run twice fails on the objects its first run made, so
        ** that store_open fails: every one opening is the check. */
        check_report(open_at_once(url), __FILE__, __LINE__, "every store opening at once opens",
                     NULL);
        CHECK_INT(testdb_pg_number(url, "SELECT count(*) FROM gazette_schema"), 1);
        CHECK_INT(testdb_pg_number(url, "SELECT version FROM gazette_schema"),
                  (long long)postgres_migration_count);
        CHECK_INT(testdb_pg_number(url, "SELECT count(*) FROM meta WHERE key = 'search_stale'"), 1);
        /* And the next one to open finds nothing to do. */
        char err[512] = "";
        store *s = store_open(url, err, sizeof err);
        CHECK(s != NULL);
        if (s) CHECK_INT(store_schema_version(s), (long long)postgres_migration_count);
        store_close(s);
        testdb_remove(url);
    }
}
