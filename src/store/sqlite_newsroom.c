/*
** The newsroom's part of the SQLite store: articles in every state, the
** trash, scheduled publishing, revisions, old addresses, the audit log,
** media and settings, feeds' and sitemaps' queries, the change log.
** (People, sessions and tokens: sqlite_people.c.)
*/
#include "sqlite_internal.h"
#include "../core/buf.h"
#include "../core/fatal.h"

#include <stdio.h>
#include <string.h>

enum newsroom_stmt {
    N_ARTICLE_BY_ID, N_ARTICLE_FIND, N_TRASH, N_RESTORE, N_UNINDEX_EN, N_UNINDEX_RU, N_UNINDEX_AZ,
    N_SET_WORKFLOW, N_DUE, N_PUBLISH_DUE,
    N_REVISION_ADD, N_REVISIONS, N_REVISION_GET,
    N_REDIRECT_ADD, N_REDIRECT_FIND,
    N_AUDIT_ADD, N_AUDIT_LIST,
    N_MEDIA_ADD, N_MEDIA_BY_ID, N_MEDIA_BY_HASH, N_MEDIA_LIST, N_MEDIA_DESCRIBE,
    N_SETTING_GET, N_SETTING_SET, N_SETTINGS,
    N_ADMIN_LIST, N_ADMIN_COUNT,
    N_SITEMAP, N_NEWS_SITEMAP, N_PUBLISHED_TOTAL, N_BODY, N_LAST_CHANGE, N_CONTENT_VERSION, N_NEXT_RELEASE,
    N_CONTENT_LOG, N_CONTENT_LOG_OLDEST, N_CONTENT_LOG_ROWS, N_MARKDOWN,
    N_COUNT_OF
};
/* Every statement of this file is one of the above, in slot
** SQLITE_NEWSROOM_FIRST + its number (nstmt): slots 0 to N_COUNT_OF - 1 of
** this file's range. (The Markdown source once used slot N_COUNT_OF, one
** past what this bound checked.) */
_Static_assert(N_COUNT_OF <= SQLITE_NEWSROOM_SLOTS, "raise SQLITE_NEWSROOM_SLOTS");

#define MEDIA_COLUMNS SQLITE_MEDIA_COLUMNS
/* The newsroom's list: any state, filters that match everything when NULL. */
#define ADMIN_WHERE                                                                            \
    " WHERE (?1 IS NULL OR a.lang = ?1) AND (?2 IS NULL OR c.slug = ?2)"                       \
    " AND (?3 IS NULL OR a.workflow = ?3) AND (?4 IS NULL OR a.owner = ?4)"                    \
    " AND (?5 IS NULL OR instr(gazette_fold(a.title), gazette_fold(?5)) > 0)"                                \
    " AND ((?6 = 1) = (a.deleted_at IS NOT NULL))"

/* Sitemap rows: visible articles published after ?1 (and by ?2, now),
** each with its visible translations as "lang category/slug" joined by '|'. */
#define SITEMAP_ROWS                                                                           \
    "SELECT a.lang, c.slug, a.slug, a.title, a.published_at, a.updated_at,"                    \
    " CASE WHEN a.translation_key IS NULL THEN '' ELSE COALESCE((SELECT group_concat("         \
    "   t.lang || ' ' || tc.slug || '/' || t.slug, '|') FROM articles t"                       \
    "   JOIN categories tc ON tc.id = t.category_id WHERE t.translation_key = a.translation_key" \
    "   AND t.id != a.id AND t.status = 1 AND t.published_at <= ?2), '') END, a.canonical_url"  \
    " FROM articles a JOIN categories c ON c.id = a.category_id"                               \
    " WHERE a.status = 1 AND a.published_at <= ?2 AND a.published_at > ?1"

static const char *const newsroom_sql[N_COUNT_OF] = {
    [N_ARTICLE_FIND] = "SELECT id FROM articles WHERE lang = ?1 AND slug = ?2",
    [N_TRASH] = "UPDATE articles SET deleted_at = ?2, status = 0, updated_at = ?2, version = version + 1"
                " WHERE id = ?1",
    [N_RESTORE] =
        "UPDATE articles SET deleted_at = NULL, updated_at = ?2, version = version + 1,"
        " status = workflow IN ('published', 'scheduled') WHERE id = ?1",
    [N_UNINDEX_EN] = "DELETE FROM search_en WHERE rowid = ?1",
    [N_UNINDEX_RU] = "DELETE FROM search_ru WHERE rowid = ?1",
    [N_UNINDEX_AZ] = "DELETE FROM search_az WHERE rowid = ?1",
    [N_SET_WORKFLOW] =
        "UPDATE articles SET workflow = ?2, published_at = COALESCE(?3, published_at),"
        " status = deleted_at IS NULL AND ?2 IN ('published', 'scheduled'), updated_at = ?4,"
        " version = version + 1 WHERE id = ?1",
    [N_DUE] = "SELECT id FROM articles WHERE workflow = 'scheduled' AND published_at <= ?1"
              " AND deleted_at IS NULL ORDER BY published_at LIMIT ?2",
    [N_PUBLISH_DUE] = "UPDATE articles SET workflow = 'published', updated_at = ?2, version = version + 1"
                      " WHERE id = ?1",
    [N_REVISION_ADD] =
        "INSERT INTO revisions (article_id, actor, actor_name, created_at, snapshot)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [N_REVISIONS] = "SELECT id, article_id, created_at, actor, actor_name, NULL FROM revisions"
                    " WHERE article_id = ?1 ORDER BY id DESC",
    [N_REVISION_GET] = "SELECT id, article_id, created_at, actor, actor_name, snapshot"
                       " FROM revisions WHERE id = ?1",
    [N_REDIRECT_ADD] =
        "INSERT INTO redirects (lang, old_path, article_id) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (lang, old_path) DO UPDATE SET article_id = excluded.article_id",
    [N_REDIRECT_FIND] = "SELECT article_id FROM redirects WHERE lang = ?1 AND old_path = ?2",
    [N_AUDIT_ADD] =
        "INSERT INTO audit_log (at, actor, actor_name, action, article_id, detail, address)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [N_AUDIT_LIST] = "SELECT id, at, article_id, actor, actor_name, action, detail, address FROM audit_log"
                     " ORDER BY id DESC LIMIT ?2 OFFSET ?1",
    [N_MEDIA_ADD] =
        "INSERT INTO media (hash, format, width, height, variants, bytes, original_name,"
        " uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ON CONFLICT (hash) DO NOTHING",
    [N_MEDIA_BY_ID] = MEDIA_COLUMNS " WHERE id = ?1",
    [N_MEDIA_BY_HASH] = MEDIA_COLUMNS " WHERE hash = ?1",
    [N_MEDIA_LIST] = MEDIA_COLUMNS " ORDER BY id DESC LIMIT ?2 OFFSET ?1",
    [N_MEDIA_DESCRIBE] = "UPDATE media SET alt = ?2, credit = ?3 WHERE id = ?1",
    [N_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [N_SETTING_SET] = "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [N_SETTINGS] = "SELECT key, value FROM settings ORDER BY key",
    [N_ADMIN_COUNT] = "SELECT count(*) FROM articles a JOIN categories c ON c.id = a.category_id"
                      ADMIN_WHERE,
    [N_SITEMAP] = SITEMAP_ROWS " ORDER BY a.id LIMIT ?4 OFFSET ?3",
    /* Newest first, so that a cut at the limit drops the oldest. */
    [N_NEWS_SITEMAP] = SITEMAP_ROWS " ORDER BY a.published_at DESC, a.id DESC LIMIT ?4",
    [N_PUBLISHED_TOTAL] = "SELECT count(*) FROM articles WHERE status = 1 AND published_at <= ?1",
    [N_BODY] = "SELECT body_html FROM article_bodies WHERE article_id = ?1",
    [N_MARKDOWN] = "SELECT body_markdown FROM article_bodies WHERE article_id = ?1",
    [N_LAST_CHANGE] = "SELECT COALESCE(max(max(updated_at, published_at)), 0) FROM articles"
                      " WHERE (?1 IS NULL OR lang = ?1) AND (?3 = 0 OR category_id = ?3)"
                      " AND status = 1 AND published_at <= ?2",
    [N_CONTENT_VERSION] = "SELECT at, generation FROM content_changes WHERE id = 1",
    [N_CONTENT_LOG] = "SELECT DISTINCT scope FROM content_log WHERE id > ?1",
    [N_CONTENT_LOG_OLDEST] = "SELECT COALESCE(min(id), 0), COALESCE(max(id), 0) FROM content_log",
    [N_CONTENT_LOG_ROWS] = "SELECT l.id, l.scope, COALESCE(l.article_id, 0), l.lang, c.slug, l.author_slug"
                           " FROM content_log l LEFT JOIN categories c ON c.id = l.category_id"
                           " WHERE l.id > ?1 ORDER BY l.id LIMIT ?2",
    /* An embargo's end, or a breaking banner's. */
    [N_NEXT_RELEASE] = "SELECT COALESCE(min(t), 0) FROM ("
                       " SELECT min(published_at) AS t FROM articles"
                       " WHERE lang = ?1 AND status = 1 AND published_at > ?2"
                       " UNION ALL SELECT min(breaking_until) FROM articles"
                       " WHERE lang = ?1 AND breaking_until > ?2)",
};

static char article_sql_by_id[2048], article_sql_admin[2048];
static pthread_once_t article_sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void) {
    snprintf(article_sql_by_id, sizeof article_sql_by_id, ARTICLE_COLUMNS " WHERE a.id = ?1",
             "(SELECT body_html FROM article_bodies WHERE article_id = a.id)");
    snprintf(article_sql_admin, sizeof article_sql_admin,
             ARTICLE_COLUMNS ADMIN_WHERE " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?8 OFFSET ?7",
             "NULL");
}

static sqlite3_stmt *nstmt(connection *c, enum newsroom_stmt id) {
    pthread_once(&article_sql_once, build_sql);
    const char *sql = id == N_ARTICLE_BY_ID  ? article_sql_by_id
                      : id == N_ADMIN_LIST ? article_sql_admin
                                           : newsroom_sql[id];
    return sqlite_stmt(c, SQLITE_NEWSROOM_FIRST + (int)id, sql);
}

#define step_one sqlite_step_one
#define grow sqlite_grow

/* ------------------------------------------------------------- articles */

int sqlite_article_by_id(store *s, arena *a, int64_t id, article *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_ARTICLE_BY_ID);
    sqlite3_bind_int64(st, 1, id);
    int rc = step_one(c, st, "find article");
    if (rc != STORE_OK) return rc;
    sqlite_read_article(a, st, out);
    sqlite3_reset(st);
    /* The Markdown source, for the editor. */
    st = nstmt(c, N_MARKDOWN);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    out->body_markdown = rc == SQLITE_ROW ? sqlite_column_text(a, st, 0) : "";
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "read body");
}

int sqlite_article_find(store *s, const char *lang, const char *slug, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_ARTICLE_FIND);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, slug);
    int rc = step_one(c, st, "find article");
    if (rc != STORE_OK) return rc;
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_articles_admin(store *s, arena *a, const article_filter *f, article **out,
                         size_t *count, int64_t *total) {
    connection *c = sqlite_conn(s);
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *st = nstmt(c, pass ? N_ADMIN_LIST : N_ADMIN_COUNT);
        sqlite_bind_text(st, 1, f->lang && *f->lang ? f->lang : NULL);
        sqlite_bind_text(st, 2, f->category_slug && *f->category_slug ? f->category_slug : NULL);
        sqlite_bind_text(st, 3, f->workflow != WF_UNSET ? workflow_name(f->workflow) : NULL);
        sqlite_bind_text(st, 4, f->owner && *f->owner ? f->owner : NULL);
        sqlite_bind_text(st, 5, f->title_contains && *f->title_contains ? f->title_contains : NULL);
        sqlite3_bind_int(st, 6, f->trash ? 1 : 0);
        if (!pass) {
            if (step_one(c, st, "count articles") != STORE_OK) return sqlite_fail(c, "count articles");
            *total = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            continue;
        }
        sqlite3_bind_int(st, 7, f->offset);
        sqlite3_bind_int(st, 8, f->limit > 0 ? f->limit : 50);
        size_t n = 0, cap = 0;
        article *items = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            items = grow(a, items, n, &cap, sizeof *items);
            sqlite_read_article(a, st, &items[n++]);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return sqlite_fail(c, "list articles");
        *out = items;
        *count = n;
    }
    return STORE_OK;
}

int sqlite_article_trash(store *s, int64_t id, bool trashed) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, trashed ? N_TRASH : N_RESTORE);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, sqlite_now());
    if (sqlite_exec_done(c, st, trashed ? "trash article" : "restore article") != STORE_OK)
        return STORE_ERROR;
    if (sqlite3_changes(c->db) == 0) return STORE_NOT_FOUND;
    if (!trashed) return STORE_OK; /* the caller saves it again, which indexes it */
    if (sqlite_drafts_drop_article(c, id) != STORE_OK) return STORE_ERROR;
    /* Out of readers' index, into the newsroom's, where the trash is searched. */
    if (sqlite_newsroom_keep_hidden(c, id) != STORE_OK) return STORE_ERROR;
    static const enum newsroom_stmt unindex[] = {N_UNINDEX_EN, N_UNINDEX_RU, N_UNINDEX_AZ};
    for (size_t i = 0; i < 3; i++) {
        st = nstmt(c, unindex[i]);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite_exec_done(c, st, "unindex article") != STORE_OK) return STORE_ERROR;
    }
    return STORE_OK;
}

int sqlite_article_set_workflow(store *s, int64_t id, article_workflow w, int64_t published_at) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SET_WORKFLOW);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, workflow_name(w));
    if (published_at) sqlite3_bind_int64(st, 3, published_at);
    else sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, sqlite_now());
    if (sqlite_exec_done(c, st, "set workflow") != STORE_OK) return STORE_ERROR;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}

int sqlite_publish_due(store *s, int64_t now, int64_t *ids, size_t max, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_DUE);
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_fail(c, "find due articles");
    for (size_t i = 0; i < n; i++) {
        st = nstmt(c, N_PUBLISH_DUE);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, now);
        if (sqlite_exec_done(c, st, "publish due article") != STORE_OK) return STORE_ERROR;
    }
    *count = n;
    return STORE_OK;
}

/* ------------------------------------------- revisions, redirects, audit */

int sqlite_revision_add(store *s, int64_t article_id, const char *actor, const char *actor_name,
                       const char *snapshot) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_REVISION_ADD);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite_bind_text(st, 2, actor);
    sqlite_bind_text(st, 3, actor_name);
    sqlite3_bind_int64(st, 4, sqlite_now());
    sqlite_bind_text(st, 5, snapshot);
    return sqlite_exec_done(c, st, "add revision");
}

static void read_revision(arena *a, sqlite3_stmt *st, revision *r) {
    r->id = sqlite3_column_int64(st, 0);
    r->article_id = sqlite3_column_int64(st, 1);
    r->created_at = sqlite3_column_int64(st, 2);
    r->actor = sqlite_column_text(a, st, 3);
    r->actor_name = sqlite_column_text(a, st, 4);
    r->snapshot = sqlite_column_text(a, st, 5);
}

int sqlite_revisions(store *s, arena *a, int64_t article_id, revision **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_REVISIONS);
    sqlite3_bind_int64(st, 1, article_id);
    size_t n = 0, cap = 0;
    revision *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        read_revision(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list revisions");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_revision_get(store *s, arena *a, int64_t id, revision *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_REVISION_GET);
    sqlite3_bind_int64(st, 1, id);
    int rc = step_one(c, st, "find revision");
    if (rc != STORE_OK) return rc;
    read_revision(a, st, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_redirect_add(store *s, const char *lang, const char *old_path, int64_t article_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_REDIRECT_ADD);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, old_path);
    sqlite3_bind_int64(st, 3, article_id);
    return sqlite_exec_done(c, st, "add redirect");
}

int sqlite_redirect_find(store *s, const char *lang, const char *old_path, int64_t *article_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_REDIRECT_FIND);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, old_path);
    int rc = step_one(c, st, "find redirect");
    if (rc != STORE_OK) return rc;
    *article_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_audit_add(store *s, const audit_entry *e) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_AUDIT_ADD);
    sqlite3_bind_int64(st, 1, sqlite_now());
    sqlite_bind_text(st, 2, e->actor);
    sqlite_bind_text(st, 3, e->actor_name);
    sqlite_bind_text(st, 4, e->action);
    if (e->article_id) sqlite3_bind_int64(st, 5, e->article_id);
    else sqlite3_bind_null(st, 5);
    sqlite_bind_text(st, 6, e->detail ? e->detail : "");
    sqlite_bind_text(st, 7, e->address ? e->address : "");
    return sqlite_exec_done(c, st, "add audit entry");
}

int sqlite_audit_list(store *s, arena *a, int offset, int limit, audit_entry **out,
                     size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_AUDIT_LIST);
    sqlite3_bind_int(st, 1, offset);
    sqlite3_bind_int(st, 2, limit);
    size_t n = 0, cap = 0;
    audit_entry *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        audit_entry *e = &items[n++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->article_id = sqlite3_column_int64(st, 2);
        e->actor = sqlite_column_text(a, st, 3);
        e->actor_name = sqlite_column_text(a, st, 4);
        e->action = sqlite_column_text(a, st, 5);
        e->detail = sqlite_column_text(a, st, 6);
        e->address = sqlite_column_text(a, st, 7);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list audit log");
    *out = items;
    *count = n;
    return STORE_OK;
}

/* ---------------------------------------------------------------- media */

void sqlite_read_media(arena *a, sqlite3_stmt *st, media *m) {
    m->id = sqlite3_column_int64(st, 0);
    m->hash = sqlite_column_text(a, st, 1);
    m->format = sqlite_column_text(a, st, 2);
    m->width = sqlite3_column_int(st, 3);
    m->height = sqlite3_column_int(st, 4);
    m->variants = sqlite_column_text(a, st, 5);
    m->bytes = sqlite3_column_int64(st, 6);
    m->original_name = sqlite_column_text(a, st, 7);
    m->uploaded_by = sqlite_column_text(a, st, 8);
    m->created_at = sqlite3_column_int64(st, 9);
    m->alt = sqlite_column_text(a, st, 10);
    m->credit = sqlite_column_text(a, st, 11);
}

int sqlite_media_add(store *s, const media *m, int64_t *id, bool *created) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_MEDIA_ADD);
    sqlite_bind_text(st, 1, m->hash);
    sqlite_bind_text(st, 2, m->format);
    sqlite3_bind_int(st, 3, m->width);
    sqlite3_bind_int(st, 4, m->height);
    sqlite_bind_text(st, 5, m->variants);
    sqlite3_bind_int64(st, 6, m->bytes);
    sqlite_bind_text(st, 7, m->original_name ? m->original_name : "");
    sqlite_bind_text(st, 8, m->uploaded_by ? m->uploaded_by : "");
    sqlite3_bind_int64(st, 9, sqlite_now());
    if (sqlite_exec_done(c, st, "add media") != STORE_OK) return STORE_ERROR;
    *created = sqlite3_changes(c->db) > 0;
    st = nstmt(c, N_MEDIA_BY_HASH);
    sqlite_bind_text(st, 1, m->hash);
    if (step_one(c, st, "find media") != STORE_OK) return STORE_ERROR;
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

static int media_by(store *s, arena *a, enum newsroom_stmt which, const char *hash, int64_t id,
                    media *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, which);
    if (hash) sqlite_bind_text(st, 1, hash);
    else sqlite3_bind_int64(st, 1, id);
    int rc = step_one(c, st, "find media");
    if (rc != STORE_OK) return rc;
    sqlite_read_media(a, st, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_media_by_id(store *s, arena *a, int64_t id, media *out) {
    return media_by(s, a, N_MEDIA_BY_ID, NULL, id, out);
}

int sqlite_media_by_hash(store *s, arena *a, const char *hash, media *out) {
    return media_by(s, a, N_MEDIA_BY_HASH, hash, 0, out);
}

int sqlite_media_describe(store *s, int64_t id, const char *alt, const char *credit) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_MEDIA_DESCRIBE);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, alt ? alt : "");
    sqlite_bind_text(st, 3, credit ? credit : "");
    int rc = sqlite_exec_done(c, st, "describe media");
    if (rc != STORE_OK) return rc;
    return sqlite3_changes(c->db) > 0 ? STORE_OK : STORE_NOT_FOUND;
}

int sqlite_media_list(store *s, arena *a, int offset, int limit, media **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_MEDIA_LIST);
    sqlite3_bind_int(st, 1, offset);
    sqlite3_bind_int(st, 2, limit);
    size_t n = 0, cap = 0;
    media *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        sqlite_read_media(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list media");
    *out = items;
    *count = n;
    return STORE_OK;
}

/* ------------------------------------------------------------- settings */

int sqlite_setting_get(store *s, arena *a, const char *key, const char **value) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SETTING_GET);
    sqlite_bind_text(st, 1, key);
    int rc = step_one(c, st, "read setting");
    if (rc != STORE_OK) return rc;
    *value = sqlite_column_text(a, st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_setting_set(store *s, const char *key, const char *value) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SETTING_SET);
    sqlite_bind_text(st, 1, key);
    sqlite_bind_text(st, 2, value);
    return sqlite_exec_done(c, st, "save setting");
}

int sqlite_settings(store *s, arena *a, const char ***pairs, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SETTINGS);
    size_t n = 0, cap = 0;
    const char **items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int column = 0; column < 2; column++) {
            items = grow(a, items, n, &cap, sizeof *items);
            items[n++] = sqlite_column_text(a, st, column);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "read settings");
    *pairs = items;
    *count = n / 2;
    return STORE_OK;
}

/* ---------------------------------------------------- feeds and sitemaps */

/* Runs a sitemap statement (N_SITEMAP, N_NEWS_SITEMAP), calling fn for each row. */
static int sitemap_rows(connection *c, enum newsroom_stmt which, int64_t since, int offset, int limit, sitemap_fn fn,
                        void *ctx) {
    sqlite3_stmt *st = nstmt(c, which);
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, sqlite_now());
    if (which == N_SITEMAP) sqlite3_bind_int(st, 3, offset);
    sqlite3_bind_int(st, 4, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sitemap_entry e = {
            .lang = (const char *)sqlite3_column_text(st, 0),
            .category_slug = (const char *)sqlite3_column_text(st, 1),
            .slug = (const char *)sqlite3_column_text(st, 2),
            .title = (const char *)sqlite3_column_text(st, 3),
            .published_at = sqlite3_column_int64(st, 4),
            .updated_at = sqlite3_column_int64(st, 5),
            .alternates = (const char *)sqlite3_column_text(st, 6),
            .canonical_url = (const char *)sqlite3_column_text(st, 7),
        };
        if (!e.alternates) e.alternates = "";
        if (!e.canonical_url) e.canonical_url = "";
        if (!fn(ctx, &e)) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "list sitemap");
}

int sqlite_sitemap(store *s, int64_t since, int offset, int limit, sitemap_fn fn, void *ctx) {
    return sitemap_rows(sqlite_conn(s), N_SITEMAP, since, offset, limit, fn, ctx);
}

int sqlite_news_sitemap(store *s, int64_t since, int limit, sitemap_fn fn, void *ctx) {
    return sitemap_rows(sqlite_conn(s), N_NEWS_SITEMAP, since, 0, limit, fn, ctx);
}

int sqlite_published_total(store *s, int64_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_PUBLISHED_TOTAL);
    sqlite3_bind_int64(st, 1, sqlite_now());
    if (step_one(c, st, "count articles") != STORE_OK) return STORE_ERROR;
    *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_article_body(store *s, arena *a, int64_t id, const char **html) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_BODY);
    sqlite3_bind_int64(st, 1, id);
    int rc = step_one(c, st, "read body");
    if (rc != STORE_OK) return rc;
    *html = sqlite_column_text(a, st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_content_version(store *s, int64_t *changed_at, int64_t *generation) {
    connection *c = sqlite_conn(s);
    /* In a reader's snapshot, what was read first holds (see connection). */
    bool snapshot = c->reading && !sqlite3_get_autocommit(c->db);
    if (snapshot && c->version_known) {
        *changed_at = c->version_at;
        *generation = c->version_generation;
        return STORE_OK;
    }
    sqlite3_stmt *st = nstmt(c, N_CONTENT_VERSION);
    if (step_one(c, st, "content version") != STORE_OK) return STORE_ERROR;
    *changed_at = sqlite3_column_int64(st, 0);
    *generation = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (snapshot) {
        c->version_at = *changed_at;
        c->version_generation = *generation;
        c->version_known = true;
    }
    return STORE_OK;
}

/* The change log's newest generation into *latest, and whether it still
** reaches back to after (the log keeps its newest rows: a reader behind
** its start missed some). */
static int log_range(connection *c, int64_t after, int64_t *latest, bool *complete) {
    sqlite3_stmt *st = nstmt(c, N_CONTENT_LOG_OLDEST);
    if (step_one(c, st, "read the change log") != STORE_OK) return sqlite_fail(c, "read the change log");
    int64_t oldest = sqlite3_column_int64(st, 0);
    *latest = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    *complete = oldest <= after + 1;
    return STORE_OK;
}

int sqlite_content_changes(store *s, arena *a, int64_t after, int64_t *latest, const char ***scopes,
                          size_t *count, bool *complete) {
    connection *c = sqlite_conn(s);
    if (log_range(c, after, latest, complete) != STORE_OK) return STORE_ERROR;
    sqlite3_stmt *st = nstmt(c, N_CONTENT_LOG);
    sqlite3_bind_int64(st, 1, after);
    size_t n = 0, cap = 0;
    const char **items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        items[n++] = sqlite_column_text(a, st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "read the change log");
    *scopes = items;
    *count = n;
    return STORE_OK;
}

int sqlite_content_log(store *s, arena *a, int64_t after, int limit, int64_t *latest, content_change **out,
                       size_t *count, bool *complete) {
    connection *c = sqlite_conn(s);
    if (log_range(c, after, latest, complete) != STORE_OK) return STORE_ERROR;
    sqlite3_stmt *st = nstmt(c, N_CONTENT_LOG_ROWS);
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int(st, 2, limit);
    size_t n = 0, cap = 0;
    content_change *items = NULL;
    int64_t last = after;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        last = sqlite3_column_int64(st, 0);
        items[n++] = (content_change){.scope = sqlite_column_text(a, st, 1),
                                      .article_id = sqlite3_column_int64(st, 2),
                                      .lang = sqlite_column_text(a, st, 3),
                                      .category_slug = sqlite_column_text(a, st, 4),
                                      .author_slug = sqlite_column_text(a, st, 5)};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "read the change log");
    if ((int)n == limit) *latest = last;
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_next_release(store *s, const char *lang, int64_t now, int64_t *when) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_NEXT_RELEASE);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, now);
    if (step_one(c, st, "next release") != STORE_OK) return STORE_ERROR;
    *when = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_last_change(store *s, const char *lang, int64_t category_id, int64_t *when) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_LAST_CHANGE);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, sqlite_now());
    sqlite3_bind_int64(st, 3, category_id);
    if (step_one(c, st, "last change") != STORE_OK) return STORE_ERROR;
    *when = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}
