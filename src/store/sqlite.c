/*
** The SQLite implementation of store.h.
**
** One connection per thread (SQLite connections must not be shared between
** threads without a lock, and a lock per query would serialise readers that
** WAL lets run side by side). Each connection prepares a statement the first
** time it is needed and keeps it for its lifetime, so no request parses SQL.
** All statements are fixed text with bound parameters.
*/
#include "sqlite_internal.h"
#include "../core/metrics.h"
#include "schema.h"
#include "../core/fatal.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unicase.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Every statement the store runs, by name. */
enum stmt_id {
    S_BEGIN, S_COMMIT, S_ROLLBACK,
    S_ARTICLE_FIND, S_ARTICLE_INSERT, S_ARTICLE_UPDATE, S_BODY_SAVE, S_TAGS_DELETE, S_TAG_INSERT,
    S_ARTICLE_BY_SLUG, S_LIST_ALL, S_LIST_CATEGORY, S_COUNT_ALL, S_COUNT_CATEGORY,
    S_ARTICLE_TAGS, S_TRANSLATIONS, S_FEATURED, S_LIST_TAG, S_BEGIN_READ,
    S_ARTICLE_EXISTS,
    S_LIST_AUTHOR, S_COUNT_AUTHOR, S_LIST_TAG_SLUG,
    S_COUNT_OF_STATEMENTS
};


#define LIST_ORDER " ORDER BY a.published_at DESC, a.id DESC LIMIT ?6 OFFSET ?7"

_Static_assert(S_COUNT_OF_STATEMENTS <= SQLITE_STORE_SLOTS, "raise SQLITE_STORE_SLOTS");

static const char *const statement_sql[S_COUNT_OF_STATEMENTS] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_BEGIN_READ] = "BEGIN",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_ARTICLE_FIND] = "SELECT id FROM articles WHERE lang = ?1 AND slug = ?2",
    [S_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [S_ARTICLE_INSERT] =
        "INSERT INTO articles (lang, slug, category_id, title, subtitle, author, published_at,"
        " status, translation_key, created_at, updated_at, workflow, owner, featured,"
        " lead_image_id, lead_image_caption, lead_image_credit, author_slug, lead_image_alt,"
        " seo_title, seo_description, social_image_id, canonical_url)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?12, COALESCE(?13, ''), ?14,"
        " ?15, ?16, ?17, ?19, ?20, ?21, ?22, ?23, ?24)",
    [S_ARTICLE_UPDATE] =
        "UPDATE articles SET lang = ?1, slug = ?2, category_id = ?3, title = ?4, subtitle = ?5,"
        " author = ?6, published_at = ?7,"
        " status = CASE WHEN deleted_at IS NULL THEN ?8 ELSE 0 END, translation_key = ?9,"
        " updated_at = ?10, workflow = ?12, owner = COALESCE(?13, owner), featured = ?14,"
        " lead_image_id = ?15, lead_image_caption = ?16, lead_image_credit = ?17, author_slug = ?19,"
        " lead_image_alt = ?20, seo_title = ?21, seo_description = ?22, social_image_id = ?23,"
        " canonical_url = ?24, version = version + 1"
        " WHERE id = ?11 AND (?18 = 0 OR version = ?18)",
    [S_BODY_SAVE] =
        "INSERT INTO article_bodies (article_id, body_markdown, body_html) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (article_id) DO UPDATE"
        " SET body_markdown = excluded.body_markdown, body_html = excluded.body_html",
    [S_TAGS_DELETE] = "DELETE FROM article_tags WHERE article_id = ?1",
    [S_TAG_INSERT] = "INSERT OR IGNORE INTO article_tags (article_id, tag, tag_slug) VALUES (?1, ?2, ?3)",
    /* %s is filled below: the body column, or NULL for lists. */
    [S_ARTICLE_BY_SLUG] = NULL,
    [S_LIST_ALL] = NULL,
    [S_LIST_CATEGORY] = NULL,
    [S_COUNT_ALL] =
        "SELECT COUNT(*) FROM articles WHERE lang = ?1 AND status = 1 AND published_at <= ?2",
    [S_COUNT_CATEGORY] =
        "SELECT COUNT(*) FROM articles"
        " WHERE lang = ?1 AND category_id = ?3 AND status = 1 AND published_at <= ?2",
    [S_COUNT_AUTHOR] =
        "SELECT COUNT(*) FROM articles"
        " WHERE lang = ?1 AND status = 1 AND published_at <= ?2"
        " AND id IN (SELECT article_id FROM article_authors WHERE author_slug = ?3)",
    [S_ARTICLE_TAGS] = "SELECT tag FROM article_tags WHERE article_id = ?1 ORDER BY tag",
    [S_TRANSLATIONS] =
        "SELECT a.lang, c.slug, a.slug, a.id, a.title FROM articles a JOIN categories c ON c.id = a.category_id"
        /* Unary + keeps the planner on the translation key's index: with
        ** no statistics it took the date index for its two terms and read
        ** every public article (7 ms a page at 20,000 articles). */
        " WHERE a.translation_key = ?1 AND +a.status = 1 AND +a.published_at <= ?2"
        " ORDER BY a.lang, a.published_at DESC, a.id DESC",
};

/* Article queries share their column list; they are built once at open. */
static char *article_sql[S_COUNT_OF_STATEMENTS];
static pthread_once_t article_sql_once = PTHREAD_ONCE_INIT;

static void build_article_sql(void) {
    char sql[2048];
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.slug = ?2 AND a.status = 1"
                             " AND a.published_at <= ?3",
             "(SELECT body_html FROM article_bodies WHERE article_id = a.id)");
    article_sql[S_ARTICLE_BY_SLUG] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.status = 1"
                             " AND (a.published_at, a.id) < (?3, ?4) AND a.id != ?5" LIST_ORDER,
             "NULL");
    article_sql[S_LIST_ALL] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.category_id = ?2 AND a.status = 1"
                             " AND (a.published_at, a.id) < (?3, ?4) AND a.id != ?5" LIST_ORDER,
             "NULL");
    article_sql[S_LIST_CATEGORY] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND (?2 = 0 OR a.category_id = ?2) AND a.status = 1"
                             " AND (a.published_at, a.id) < (?3, ?4) AND a.id != ?5"
                             " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = ?8)" LIST_ORDER,
             "NULL");
    article_sql[S_LIST_TAG] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.status = 1"
                             " AND a.id IN (SELECT article_id FROM article_authors WHERE author_slug = ?8)"
                             " AND (a.published_at, a.id) < (?3, ?4) AND a.id != ?5" LIST_ORDER,
             "NULL");
    article_sql[S_LIST_AUTHOR] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.status = 1"
                             " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_slug = ?8)"
                             " AND (a.published_at, a.id) < (?3, ?4) AND a.id != ?5" LIST_ORDER,
             "NULL");
    article_sql[S_LIST_TAG_SLUG] = xstrdup(sql);
    snprintf(sql, sizeof sql,
             ARTICLE_COLUMNS " WHERE a.lang = ?1 AND a.status = 1 AND a.featured = 1"
                             " AND a.published_at > ?2 AND a.published_at <= ?3"
                             " ORDER BY a.published_at DESC, a.id DESC LIMIT 1",
             "NULL");
    article_sql[S_FEATURED] = xstrdup(sql);
}

int sqlite_result_class(int rc) {
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return STORE_OK;
    case SQLITE_FULL: return STORE_FULL;
    case SQLITE_CONSTRAINT:
        return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ? STORE_CONFLICT : STORE_ERROR;
    default: return STORE_ERROR;
    }
}

int sqlite_fail(connection *c, const char *what) {
    int rc = sqlite3_extended_errcode(c->db);
    if ((rc & 0xff) == SQLITE_FULL)
        snprintf(c->error, sizeof c->error, "%s: the disk is full", what);
    else
        snprintf(c->error, sizeof c->error, "%s: %s", what, sqlite3_errmsg(c->db));
    int kind = sqlite_result_class(rc);
    c->error_code = kind == STORE_OK ? STORE_ERROR : kind;
    if (c->error_code < 0) metrics_add(METRIC_DB_ERRORS, 1);
    return c->error_code;
}

/* gazette_fold(text): the text case-folded (Unicode, not just ASCII), for
** case-insensitive matching in SQL. NULL stays NULL. */
static void fold_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    const uint8_t *text = sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    size_t len = 0;
    uint8_t *folded = u8_casefold(text, (size_t)sqlite3_value_bytes(argv[0]), NULL, NULL, NULL, &len);
    if (!folded) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, (const char *)folded, (int)len, free);
}

/* SQL's gazette_slug(text): the slug a byline makes (slugify), for the
** migration that fills author_slug in articles saved before it existed. */
static void slug_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *text = sqlite3_value_text(argv[0]);
    arena *a = arena_new();
    sqlite3_result_text(ctx, slugify(a, text ? (const char *)text : "", SLUG_MAX), -1, SQLITE_TRANSIENT);
    arena_free(a);
}

static int register_slug(sqlite3 *db, char *err, size_t errlen) {
    if (sqlite3_create_function(db, "gazette_slug", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                NULL, slug_function, NULL, NULL) == SQLITE_OK)
        return STORE_OK;
    snprintf(err, errlen, "cannot register gazette_slug(): %s", sqlite3_errmsg(db));
    return STORE_ERROR;
}

/* Opens a connection with the settings every connection needs. */
static connection *connection_open(const char *path, char *err, size_t errlen) {
    connection *c = xcalloc(1, sizeof *c);
    int rc = sqlite3_open_v2(path, &c->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, c->db ? sqlite3_errmsg(c->db) : "cannot open");
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    sqlite3_busy_timeout(c->db, 5000);
    if (sqlite_search_register(c->db, err, errlen) != STORE_OK || register_slug(c->db, err, errlen) != STORE_OK) {
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    if (sqlite3_create_function(c->db, "gazette_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                fold_function, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(c->db));
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    /* FULL: a write answered "saved" survives a power cut (NORMAL may lose
    ** the last transactions with the WAL's unsynced frames). Only the view
    ** counter's batches run NORMAL (store_views_add). */
    const char *pragmas =
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = FULL;"
        "PRAGMA foreign_keys = ON;"
        "PRAGMA temp_store = MEMORY;"
        /* 16 MB of page cache per connection (one per thread): the hot
        ** part of the index and the article rows stay in memory. */
        "PRAGMA cache_size = -16384;";
    char *msg = NULL;
    if (sqlite3_exec(c->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : "cannot configure the database");
        sqlite3_free(msg);
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return c;
}

static void connection_close(connection *c) {
    for (int i = 0; i < SQLITE_SLOTS; i++) sqlite3_finalize(c->stmts[i]);
    sqlite3_close(c->db);
    free(c);
}

/* The calling thread's connection, opened on first use. Never NULL: a
** database that opened once and then refuses a second connection is broken
** beyond what a request can handle. */
connection *sqlite_conn(store *base) {
    sqlite_store *s = (sqlite_store *)base;
    connection *c = pthread_getspecific(s->key);
    if (c) return c;
    char err[512];
    c = connection_open(s->path, err, sizeof err);
    if (!c) fatal("%s", err);
    pthread_mutex_lock(&s->lock);
    c->next = s->connections;
    s->connections = c;
    pthread_mutex_unlock(&s->lock);
    if (pthread_setspecific(s->key, c) != 0) fatal("pthread_setspecific failed");
    return c;
}

sqlite3_stmt *sqlite_stmt(connection *c, int slot, const char *sql) {
    sqlite3_stmt *st = c->stmts[slot];
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        fatal("cannot prepare statement %d: %s", slot, sqlite3_errmsg(c->db));
    c->stmts[slot] = st;
    return st;
}

/* One of this file's statements. */
static sqlite3_stmt *stmt(connection *c, enum stmt_id id) {
    return sqlite_stmt(c, (int)id, statement_sql[id] ? statement_sql[id] : article_sql[id]);
}

void sqlite_bind_text(sqlite3_stmt *st, int i, const char *v) {
    if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

const char *sqlite_column_text(arena *a, sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t) return NULL;
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

int sqlite_step_one(connection *c, sqlite3_stmt *st, const char *what) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return STORE_OK;
    int result = rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, what);
    sqlite3_reset(st);
    return result;
}

void *sqlite_grow(arena *a, void *items, size_t n, size_t *cap, size_t size) {
    if (n < *cap) return items;
    size_t bigger = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, bigger * size);
    if (n) memcpy(p, items, n * size);
    *cap = bigger;
    return p;
}

int sqlite_exec_done(connection *c, sqlite3_stmt *st, const char *what) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return STORE_OK;
    }
    int result = sqlite_fail(c, what); /* before the reset, which keeps the code but not always the text */
    sqlite3_reset(st);
    return result;
}

/* Brings the schema up to date, one migration per transaction. */
static int migrate(connection *c, char *err, size_t errlen) {
    sqlite3_stmt *st;
    int version = 0;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(c->db));
        return STORE_ERROR;
    }
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version > (int)schema_migration_count) {
        snprintf(err, errlen,
                 "the database has schema version %d, newer than this gazette knows (%zu)",
                 version, schema_migration_count);
        return STORE_ERROR;
    }
    for (size_t v = (size_t)version; v < schema_migration_count; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu;", v + 1);
        char *msg = NULL;
        if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(c->db, schema_migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(c->db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(c->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "migration %zu failed: %s", v + 1, msg ? msg : "?");
            sqlite3_free(msg);
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            return STORE_ERROR;
        }
    }
    return STORE_OK;
}

/* Before SQLite starts: no memory statistics, whose global mutex every
** allocation of every thread would take. (Fails harmlessly if SQLite was
** started already, e.g. by a second store in a test.) */
static void configure_sqlite(void) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
static pthread_once_t configure_once = PTHREAD_ONCE_INIT;

static void sqlite_close(store *s);

/* The backend's table of operations. */
static const store_ops sqlite_store_ops = {
    .engine = "sqlite",
    .close = sqlite_close,
#define STORE_OP(r, n, p, a) .n = sqlite_##n,
#define STORE_VOID(n, p, a) .n = sqlite_##n,
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID
};

store *sqlite_store_open(const char *path, bool create, char *err, size_t errlen) {
    pthread_once(&configure_once, configure_sqlite);
    pthread_once(&article_sql_once, build_article_sql);
    struct stat st;
    if (!create && (stat(path, &st) != 0 || st.st_size == 0)) {
        snprintf(err, errlen, "there is no site at %s (gazette init --db %s makes one)", path, path);
        return NULL;
    }
    connection *c = connection_open(path, err, errlen);
    if (!c) return NULL;
    if (migrate(c, err, errlen) != STORE_OK) {
        connection_close(c);
        return NULL;
    }
    sqlite_store *s = xcalloc(1, sizeof *s);
    s->base.ops = &sqlite_store_ops;
    s->path = xstrdup(path);
    if (pthread_key_create(&s->key, NULL) != 0) fatal("pthread_key_create failed");
    pthread_mutex_init(&s->lock, NULL);
    s->connections = c;
    if (pthread_setspecific(s->key, c) != 0) fatal("pthread_setspecific failed");
    return &s->base;
}

static void sqlite_close(store *base) {
    sqlite_store *s = (sqlite_store *)base;
    connection *c = s->connections;
    while (c) {
        connection *next = c->next;
        connection_close(c);
        c = next;
    }
    pthread_key_delete(s->key);
    pthread_mutex_destroy(&s->lock);
    free(s->path);
    free(s);
}

const char *sqlite_error(store *s) { return sqlite_conn(s)->error; }

int sqlite_error_code(store *s) { return sqlite_conn(s)->error_code; }

/* SQLite's listener: another process's commit cannot be told, so waiting
** is sleeping, and every wait says "look" (store.h). */
static int sqlite_listen_wait(store_listener *l, int timeout_ms) {
    (void)l;
    struct timespec pause = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    while (nanosleep(&pause, &pause) != 0) continue;
    return 1;
}

static void sqlite_listen_stop(store_listener *l) { free(l); }

store_listener *sqlite_listen(store *s) {
    (void)s;
    store_listener *l = xcalloc(1, sizeof *l);
    l->wait = sqlite_listen_wait;
    l->stop = sqlite_listen_stop;
    return l;
}

int sqlite_integrity_check(store *s, char *why, size_t size) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st;
    *why = '\0';
    if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(c, "check the database");
    int rc = sqlite3_step(st);
    const unsigned char *first = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    bool ok = first && strcmp((const char *)first, "ok") == 0;
    if (!ok) snprintf(why, size, "%s", first ? (const char *)first : sqlite3_errmsg(c->db));
    sqlite3_finalize(st);
    return ok ? STORE_OK : STORE_ERROR;
}

int sqlite_schema_known(store *s) {
    (void)s;
    return (int)schema_migration_count;
}

int sqlite_schema_version(store *s) {
    sqlite3_stmt *st;
    int version = -1;
    if (sqlite3_prepare_v2(sqlite_conn(s)->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

int sqlite_read_begin(store *s) {
    connection *c = sqlite_conn(s);
    int rc = sqlite_exec_done(c, stmt(c, S_BEGIN_READ), "begin reading");
    c->reading = rc == STORE_OK;
    c->version_known = false;
    return rc;
}

int sqlite_read_end(store *s) {
    connection *c = sqlite_conn(s);
    c->reading = c->version_known = false;
    return sqlite_exec_done(c, stmt(c, S_COMMIT), "end reading");
}

int sqlite_begin(store *s) {
    connection *c = sqlite_conn(s);
    c->reading = c->version_known = false;
    return sqlite_exec_done(c, stmt(c, S_BEGIN), "begin");
}

int sqlite_commit(store *s) {
    connection *c = sqlite_conn(s);
    c->reading = c->version_known = false;
    return sqlite_exec_done(c, stmt(c, S_COMMIT), "commit");
}

void sqlite_rollback(store *s) {
    connection *c = sqlite_conn(s);
    c->reading = c->version_known = false;
    if (!sqlite3_get_autocommit(c->db)) sqlite_exec_done(c, stmt(c, S_ROLLBACK), "rollback");
}

int64_t sqlite_now(void) { return (int64_t)time(NULL); }

/* -------------------------------------------------------------- articles */

/* Binds the fields an insert and an update share (?1 to ?10, ?12 to ?17,
** ?19 to ?24). ?19 is the slug of the byline, which author pages look articles up
** by; ?11 (the id) and ?18 (the version an update expects) are the update's. */
static void bind_article(sqlite3_stmt *st, const article_input *in, int64_t category_id) {
    sqlite_bind_text(st, 1, in->lang);
    sqlite_bind_text(st, 2, in->slug);
    sqlite3_bind_int64(st, 3, category_id);
    sqlite_bind_text(st, 4, in->title);
    sqlite_bind_text(st, 5, in->subtitle ? in->subtitle : "");
    sqlite_bind_text(st, 6, in->author);
    sqlite3_bind_int64(st, 7, in->published_at);
    sqlite3_bind_int(st, 8, store_input_public(in));
    sqlite_bind_text(st, 9, in->translation_key);
    sqlite3_bind_int64(st, 10, sqlite_now());
    sqlite_bind_text(st, 12, workflow_name(store_input_workflow(in)));
    sqlite_bind_text(st, 13, in->owner);
    sqlite3_bind_int(st, 14, in->featured ? 1 : 0);
    if (in->lead_image_id) sqlite3_bind_int64(st, 15, in->lead_image_id);
    else sqlite3_bind_null(st, 15);
    sqlite_bind_text(st, 16, in->lead_image_caption ? in->lead_image_caption : "");
    sqlite_bind_text(st, 17, in->lead_image_credit ? in->lead_image_credit : "");
    sqlite_bind_text(st, 20, in->lead_image_alt ? in->lead_image_alt : "");
    sqlite_bind_text(st, 21, in->seo_title ? in->seo_title : "");
    sqlite_bind_text(st, 22, in->seo_description ? in->seo_description : "");
    if (in->social_image_id) sqlite3_bind_int64(st, 23, in->social_image_id);
    else sqlite3_bind_null(st, 23);
    sqlite_bind_text(st, 24, in->canonical_url ? in->canonical_url : "");
    arena *a = arena_new();
    const char *first = in->author_count ? in->authors[0].slug : slugify(a, in->author ? in->author : "", SLUG_MAX);
    sqlite3_bind_text(st, 19, first, -1, SQLITE_TRANSIENT);
    arena_free(a);
}

int sqlite_save_tags_and_body(connection *c, int64_t id, const article_input *in) {
    sqlite3_stmt *st = stmt(c, S_BODY_SAVE);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, in->body_markdown ? in->body_markdown : "");
    sqlite_bind_text(st, 3, in->body_html ? in->body_html : "");
    int rc = sqlite_exec_done(c, st, "save body");
    if (rc != STORE_OK) return rc;
    st = stmt(c, S_TAGS_DELETE);
    sqlite3_bind_int64(st, 1, id);
    if ((rc = sqlite_exec_done(c, st, "clear tags")) != STORE_OK) return rc;
    arena *a = arena_new();
    for (size_t i = 0; i < in->tag_count && rc == STORE_OK; i++) {
        st = stmt(c, S_TAG_INSERT);
        sqlite3_bind_int64(st, 1, id);
        sqlite_bind_text(st, 2, in->tags[i]);
        sqlite_bind_text(st, 3, in->tags[i] ? urls_tag_slug(a, in->tags[i]) : NULL);
        rc = sqlite_exec_done(c, st, "add tag");
    }
    arena_free(a);
    if (rc != STORE_OK) return rc;
    return sqlite_authors_save(c, id, in);
}

int sqlite_article_update(store *s, int64_t id, const article_input *in) {
    connection *c = sqlite_conn(s);
    int64_t category_id;
    int rc = store_category_ensure(s, in->category_slug, &category_id);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *st = stmt(c, S_ARTICLE_UPDATE);
    bind_article(st, in, category_id);
    sqlite3_bind_int64(st, 11, id);
    sqlite3_bind_int64(st, 18, in->expected_version);
    rc = sqlite_exec_done(c, st, "update article");
    if (rc == STORE_CONFLICT)
        snprintf(c->error, sizeof c->error, "another article of this edition already uses the address %s/%s",
                 in->category_slug, in->slug);
    if (rc != STORE_OK) return rc;
    if (sqlite3_changes(c->db) == 0) {
        /* Missing, or past the version the writer read. */
        if (in->expected_version == 0) return STORE_NOT_FOUND;
        st = stmt(c, S_ARTICLE_EXISTS);
        sqlite3_bind_int64(st, 1, id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_ROW) {
            snprintf(c->error, sizeof c->error, "the article was changed by someone else since it was read");
            c->error_code = STORE_STALE;
            return STORE_STALE;
        }
        return rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find article");
    }
    if ((rc = sqlite_save_tags_and_body(c, id, in)) != STORE_OK) return rc;
    return sqlite_search_index(c, id, in);
}

int sqlite_article_save(store *s, const article_input *in, int64_t *id, bool *created) {
    connection *c = sqlite_conn(s);
    int64_t category_id;
    int rc = store_category_ensure(s, in->category_slug, &category_id);
    if (rc != STORE_OK) return rc;

    sqlite3_stmt *st = stmt(c, S_ARTICLE_FIND);
    sqlite_bind_text(st, 1, in->lang);
    sqlite_bind_text(st, 2, in->slug);
    rc = sqlite3_step(st);
    int64_t existing = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sqlite_fail(c, "find article");

    if (existing) {
        st = stmt(c, S_ARTICLE_UPDATE);
        bind_article(st, in, category_id);
        sqlite3_bind_int64(st, 11, existing);
        sqlite3_bind_int64(st, 18, 0);
        if ((rc = sqlite_exec_done(c, st, "update article")) != STORE_OK) return rc;
        *id = existing;
        *created = false;
    } else {
        st = stmt(c, S_ARTICLE_INSERT);
        bind_article(st, in, category_id);
        if ((rc = sqlite_exec_done(c, st, "insert article")) != STORE_OK) return rc;
        *id = sqlite3_last_insert_rowid(c->db);
        *created = true;
    }

    if ((rc = sqlite_save_tags_and_body(c, *id, in)) != STORE_OK) return rc;
    return sqlite_search_index(c, *id, in);
}

void sqlite_read_article(arena *a, sqlite3_stmt *st, article *out) {
    out->id = sqlite3_column_int64(st, 0);
    out->lang = sqlite_column_text(a, st, 1);
    out->slug = sqlite_column_text(a, st, 2);
    out->category_id = sqlite3_column_int64(st, 3);
    out->category_slug = sqlite_column_text(a, st, 4);
    out->category_name = sqlite_column_text(a, st, 5);
    if (!out->category_name) out->category_name = store_default_category_name(a, out->category_slug);
    out->title = sqlite_column_text(a, st, 6);
    out->subtitle = sqlite_column_text(a, st, 7);
    out->author = sqlite_column_text(a, st, 8);
    out->published_at = sqlite3_column_int64(st, 9);
    out->updated_at = sqlite3_column_int64(st, 10);
    out->status = sqlite3_column_int(st, 11) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    out->body_html = sqlite_column_text(a, st, 12);
    out->translation_key = sqlite_column_text(a, st, 13);
    out->views = sqlite3_column_int64(st, 14);
    if (!workflow_parse((const char *)sqlite3_column_text(st, 15), &out->workflow))
        out->workflow = out->status == ARTICLE_PUBLISHED ? WF_PUBLISHED : WF_DRAFT;
    out->deleted_at = sqlite3_column_int64(st, 16);
    out->owner = sqlite_column_text(a, st, 17);
    out->featured = sqlite3_column_int(st, 18) != 0;
    out->lead_image_caption = sqlite_column_text(a, st, 19);
    out->lead_image_credit = sqlite_column_text(a, st, 20);
    memset(&out->lead_image, 0, sizeof out->lead_image);
    out->lead_image.id = sqlite3_column_int64(st, 21);
    if (out->lead_image.id) {
        out->lead_image.hash = sqlite_column_text(a, st, 22);
        out->lead_image.format = sqlite_column_text(a, st, 23);
        out->lead_image.width = sqlite3_column_int(st, 24);
        out->lead_image.height = sqlite3_column_int(st, 25);
        out->lead_image.variants = sqlite_column_text(a, st, 26);
    }
    out->version = sqlite3_column_int64(st, 27);
    out->lead_image_alt = sqlite_column_text(a, st, 28);
    out->seo_title = sqlite_column_text(a, st, 29);
    out->seo_description = sqlite_column_text(a, st, 30);
    out->social_image_id = sqlite3_column_int64(st, 31);
    out->canonical_url = sqlite_column_text(a, st, 32);
    out->body_markdown = NULL;
}


int sqlite_article_by_slug(store *s, arena *a, const char *lang, const char *slug,
                          article *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, S_ARTICLE_BY_SLUG);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, slug);
    sqlite3_bind_int64(st, 3, sqlite_now());
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) sqlite_read_article(a, st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find article");
}

/* Runs one of the list statements (S_LIST_ALL, S_LIST_CATEGORY, S_LIST_TAG,
** S_LIST_AUTHOR, S_LIST_TAG_SLUG); tag is the text ?8 matches (a tag, an
** author's slug, a tag's slug). */
static int run_list(connection *c, enum stmt_id id, arena *a, const char *lang, int64_t category_id,
                    const char *tag, const list_cursor *cursor, int offset, int limit,
                    int64_t exclude_id, article **out, size_t *count) {
    if (limit <= 0) {
        *out = NULL;
        *count = 0;
        return STORE_OK;
    }
    sqlite3_stmt *st = stmt(c, id);
    /* Nothing dated after now: such articles are embargoed until their time. */
    int64_t now = sqlite_now();
    list_cursor before = {now, INT64_MAX};
    if (cursor && (cursor->published_at < now ||
                   (cursor->published_at == now && cursor->id < INT64_MAX)))
        before = *cursor;
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, category_id);
    sqlite3_bind_int64(st, 3, before.published_at);
    sqlite3_bind_int64(st, 4, before.id);
    sqlite3_bind_int64(st, 5, exclude_id);
    sqlite3_bind_int(st, 6, limit);
    sqlite3_bind_int(st, 7, offset);
    if (tag) sqlite_bind_text(st, 8, tag);
    article *items = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *items);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit)
        sqlite_read_article(a, st, &items[n++]);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_fail(c, "list articles");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_articles_list(store *s, arena *a, const char *lang, int64_t category_id,
                        const list_cursor *cursor, int offset, int limit, int64_t exclude_id,
                        article **out, size_t *count) {
    return run_list(sqlite_conn(s), category_id ? S_LIST_CATEGORY : S_LIST_ALL, a, lang, category_id,
                    NULL, cursor, offset, limit, exclude_id, out, count);
}

int sqlite_articles_tagged(store *s, arena *a, const char *lang, int64_t category_id, const char *tag,
                          const list_cursor *cursor, int limit, article **out, size_t *count) {
    return run_list(sqlite_conn(s), S_LIST_TAG, a, lang, category_id, tag, cursor, 0, limit, 0, out,
                    count);
}

int sqlite_articles_by_author(store *s, arena *a, const char *lang, const char *author_slug,
                             const list_cursor *cursor, int offset, int limit, article **out,
                             size_t *count) {
    return run_list(sqlite_conn(s), S_LIST_AUTHOR, a, lang, 0, author_slug, cursor, offset, limit, 0, out,
                    count);
}

int sqlite_articles_by_tag(store *s, arena *a, const char *lang, const char *tag_slug, const list_cursor *cursor,
                          int offset, int limit, article **out, size_t *count) {
    return run_list(sqlite_conn(s), S_LIST_TAG_SLUG, a, lang, 0, tag_slug, cursor, offset, limit, 0, out, count);
}

int sqlite_articles_count_by_author(store *s, const char *lang, const char *author_slug, int64_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, S_COUNT_AUTHOR);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, sqlite_now());
    sqlite_bind_text(st, 3, author_slug);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? STORE_OK : sqlite_fail(c, "count an author's articles");
}

int sqlite_featured(store *s, arena *a, const char *lang, int64_t since, article *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, S_FEATURED);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int64(st, 3, sqlite_now());
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) sqlite_read_article(a, st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find featured article");
}

int sqlite_articles_count(store *s, const char *lang, int64_t category_id, int64_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, category_id ? S_COUNT_CATEGORY : S_COUNT_ALL);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, sqlite_now());
    if (category_id) sqlite3_bind_int64(st, 3, category_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? STORE_OK : sqlite_fail(c, "count articles");
}

int sqlite_article_translations(store *s, arena *a, const char *translation_key,
                               translation **out, size_t *count) {
    connection *c = sqlite_conn(s);
    *out = NULL;
    *count = 0;
    if (!translation_key || !*translation_key) return STORE_OK;
    sqlite3_stmt *st = stmt(c, S_TRANSLATIONS);
    sqlite_bind_text(st, 1, translation_key);
    sqlite3_bind_int64(st, 2, sqlite_now());
    size_t n = 0, cap = 4;
    translation *items = arena_alloc(a, cap * sizeof *items);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        if (n > 0 && strcmp(items[n - 1].lang, lang) == 0) continue; /* newest per edition */
        if (n == cap) {
            translation *bigger = arena_alloc(a, 2 * cap * sizeof *items);
            memcpy(bigger, items, n * sizeof *items);
            items = bigger;
            cap *= 2;
        }
        items[n].lang = sqlite_column_text(a, st, 0);
        items[n].category_slug = sqlite_column_text(a, st, 1);
        items[n].slug = sqlite_column_text(a, st, 2);
        items[n].id = sqlite3_column_int64(st, 3);
        items[n].title = sqlite_column_text(a, st, 4);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "find translations");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_article_tags(store *s, arena *a, int64_t article_id, const char ***out,
                       size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, S_ARTICLE_TAGS);
    sqlite3_bind_int64(st, 1, article_id);
    size_t n = 0, cap = 8;
    const char **tags = arena_alloc(a, cap * sizeof *tags);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            const char **bigger = arena_alloc(a, 2 * cap * sizeof *tags);
            memcpy(bigger, tags, n * sizeof *tags);
            tags = bigger;
            cap *= 2;
        }
        tags[n++] = sqlite_column_text(a, st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list tags");
    *out = tags;
    *count = n;
    return STORE_OK;
}


/* Each statement here is a call into the library, not a round trip:
** the single operations it stands for do. */
int sqlite_article_page(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                        int related_limit, article_page_data *out) {
    return store_article_page_composed(s, a, lang, slug, older_limit, related_limit, out);
}

/* As store_articles_lists_composed: n calls into the library. */
int sqlite_articles_lists(store *s, arena *a, const char *lang, const list_request *requests, size_t n,
                          article **out, size_t *counts) {
    return store_articles_lists_composed(s, a, lang, requests, n, out, counts);
}
