/*
** The newsroom's part of the PostgreSQL store, one for one with
** sqlite_newsroom.c: articles in every state, the trash, scheduled
** publishing, revisions, old addresses, the audit log, media and settings,
** feeds' and sitemaps' queries, the change log.
**
** Where SQLite could count on its one writer at a time, these statements
** are safe with several nodes writing at once: the scheduler takes due
** articles under row locks that other nodes skip (each is published once),
** media and settings are upserts, old addresses replace in one statement.
*/
#include "postgres_internal.h"
#include "../core/fatal.h"

#include <stdio.h>
#include <string.h>

enum newsroom_stmt {
    N_ARTICLE_BY_ID, N_ARTICLE_FIND, N_TRASH, N_RESTORE, N_UNINDEX,
    N_SET_WORKFLOW, N_PUBLISH_DUE,
    N_REVISION_ADD, N_REVISIONS, N_REVISION_GET,
    N_REDIRECT_ADD, N_REDIRECT_FIND,
    N_AUDIT_ADD, N_AUDIT_LIST,
    N_MEDIA_ADD, N_MEDIA_ID_BY_HASH, N_MEDIA_BY_ID, N_MEDIA_BY_HASH, N_MEDIA_LIST, N_MEDIA_DESCRIBE,
    N_SETTING_GET, N_SETTING_SET, N_SETTINGS,
    N_ADMIN_LIST, N_ADMIN_COUNT,
    N_SITEMAP, N_NEWS_SITEMAP, N_PUBLISHED_TOTAL, N_BODY, N_MARKDOWN, N_LAST_CHANGE,
    N_CONTENT_VERSION, N_CONTENT_LOG, N_CONTENT_LOG_RANGE, N_CONTENT_LOG_ROWS, N_NEXT_RELEASE,
    N_COUNT_OF
};
/* Every statement of this file runs in slot PG_NEWSROOM_FIRST + its number. */
_Static_assert(N_COUNT_OF <= PG_NEWSROOM_SLOTS, "raise PG_NEWSROOM_SLOTS");

#define MEDIA_COLUMNS PG_MEDIA_COLUMNS

/* x case-folded as SQLite's gazette_fold() does (libunistring's
** u8_casefold): ICU's upper then lower folds what lower alone leaves apart
** (ß and SS, ſ and s, ligatures, Greek symbols and iota subscripts); then
** the final sigma is folded to σ, and the ß that ẞ lowers to becomes "ss".
** Dotless ı is kept out of the round trip (upper would make it I) as the
** noncharacter U+FDD0, which Unicode reserves for such internal use.
** Checked against u8_casefold on every assigned code point: the same
** equivalence of characters (Cherokee comes out lowercase where it comes
** out uppercase there: the same classes). */
#define FOLD(x)                                                                                 \
    "replace(translate(lower(upper(translate(" x ", E'\\u0131', E'\\uFDD0')"                    \
    " COLLATE \"und-x-icu\")), E'\\u03C2\\uFDD0', E'\\u03C3\\u0131'), E'\\u00DF', 'ss')"

/* The newsroom's list: any state, filters that match everything when NULL. */
#define ADMIN_WHERE                                                                             \
    " WHERE ($1::text IS NULL OR a.lang = $1::text)"                                            \
    " AND ($2::text IS NULL OR c.slug = $2::text)"                                              \
    " AND ($3::text IS NULL OR a.workflow = $3::text)"                                          \
    " AND ($4::text IS NULL OR a.owner = $4::text)"                                             \
    " AND ($5::text IS NULL OR strpos(" FOLD("a.title") ", " FOLD("$5::text") ") > 0)"          \
    " AND (($6::integer = 1) = (a.deleted_at IS NOT NULL))"

/* Sitemap rows: visible articles published after $1 (and by $2, now),
** each with its visible translations as "lang category/slug" joined by '|'.
** SQLite's group_concat has no order: it follows the index its planner
** picks (on the demo, articles_by_publication, so newest first). Here they
** come in edition order (then id), which readers of the list ignore. */
#define SITEMAP_ROWS                                                                            \
    "SELECT a.lang, c.slug, a.slug, a.title, a.published_at, a.updated_at,"                     \
    " CASE WHEN a.translation_key IS NULL THEN '' ELSE COALESCE((SELECT string_agg("            \
    "   t.lang || ' ' || tc.slug || '/' || t.slug, '|' ORDER BY t.lang, t.id)"                  \
    "   FROM articles t JOIN categories tc ON tc.id = t.category_id"                            \
    "   WHERE t.translation_key = a.translation_key AND t.id <> a.id AND t.status = 1"          \
    "   AND t.published_at <= $2::bigint), '') END, a.canonical_url"                            \
    " FROM articles a JOIN categories c ON c.id = a.category_id"                                \
    " WHERE a.status = 1 AND a.published_at <= $2::bigint AND a.published_at > $1::bigint"

static const char *const newsroom_sql[N_COUNT_OF] = {
    [N_ARTICLE_FIND] = "SELECT id FROM articles WHERE lang = $1 AND slug = $2",
    [N_TRASH] = "UPDATE articles SET deleted_at = $2, status = 0, updated_at = $2,"
                " version = version + 1 WHERE id = $1",
    [N_RESTORE] =
        "UPDATE articles SET deleted_at = NULL, updated_at = $2, version = version + 1,"
        " status = CASE WHEN workflow IN ('published', 'scheduled') THEN 1 ELSE 0 END WHERE id = $1",
    [N_UNINDEX] = "DELETE FROM search_entries WHERE article_id = $1",
    [N_SET_WORKFLOW] =
        "UPDATE articles SET workflow = $2::text, published_at = COALESCE($3::bigint, published_at),"
        " status = CASE WHEN deleted_at IS NULL AND $2::text IN ('published', 'scheduled')"
        " THEN 1 ELSE 0 END, updated_at = $4, version = version + 1 WHERE id = $1",
    /* The due rows are locked as they are taken, and rows another node has
    ** locked are skipped: two schedulers at once publish each article once.
    ** (A row another node published meanwhile no longer matches when it is
    ** locked, and is left out too.) Skipping also means the scheduler never
    ** waits for a row while it holds the change log's lock (its first
    ** update takes it, through the trigger), so an editor saving a due
    ** article cannot deadlock with it. The oldest first, as on SQLite. */
    [N_PUBLISH_DUE] =
        "WITH due AS (SELECT id, published_at FROM articles WHERE workflow = 'scheduled'"
        "   AND published_at <= $1::bigint AND deleted_at IS NULL"
        "   ORDER BY published_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),"
        " done AS (UPDATE articles a SET workflow = 'published', updated_at = $1::bigint,"
        "   version = a.version + 1 FROM due WHERE a.id = due.id RETURNING a.id, due.published_at)"
        " SELECT id FROM done ORDER BY published_at, id",
    [N_REVISION_ADD] =
        "INSERT INTO revisions (article_id, actor, actor_name, created_at, snapshot)"
        " VALUES ($1, $2, $3, $4, $5)",
    [N_REVISIONS] = "SELECT id, article_id, created_at, actor, actor_name, NULL FROM revisions"
                    " WHERE article_id = $1 ORDER BY id DESC",
    [N_REVISION_GET] = "SELECT id, article_id, created_at, actor, actor_name, snapshot"
                       " FROM revisions WHERE id = $1",
    [N_REDIRECT_ADD] =
        "INSERT INTO redirects (lang, old_path, article_id) VALUES ($1, $2, $3)"
        " ON CONFLICT (lang, old_path) DO UPDATE SET article_id = EXCLUDED.article_id",
    [N_REDIRECT_FIND] = "SELECT article_id FROM redirects WHERE lang = $1 AND old_path = $2",
    [N_AUDIT_ADD] =
        "INSERT INTO audit_log (at, actor, actor_name, action, article_id, detail, address)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [N_AUDIT_LIST] = "SELECT id, at, article_id, actor, actor_name, action, detail, address"
                     " FROM audit_log ORDER BY id DESC LIMIT $2 OFFSET $1",
    [N_MEDIA_ADD] =
        "INSERT INTO media (hash, format, width, height, variants, bytes, original_name,"
        " uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (hash) DO NOTHING RETURNING id",
    [N_MEDIA_ID_BY_HASH] = "SELECT id FROM media WHERE hash = $1",
    [N_MEDIA_BY_ID] = MEDIA_COLUMNS " WHERE id = $1",
    [N_MEDIA_BY_HASH] = MEDIA_COLUMNS " WHERE hash = $1",
    [N_MEDIA_LIST] = MEDIA_COLUMNS " ORDER BY id DESC LIMIT $2 OFFSET $1",
    [N_MEDIA_DESCRIBE] = "UPDATE media SET alt = $2, credit = $3 WHERE id = $1",
    [N_SETTING_GET] = "SELECT value FROM settings WHERE key = $1",
    [N_SETTING_SET] = "INSERT INTO settings (key, value) VALUES ($1, $2)"
                      " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [N_SETTINGS] = "SELECT key, value FROM settings ORDER BY key",
    [N_ADMIN_COUNT] = "SELECT count(*) FROM articles a JOIN categories c ON c.id = a.category_id"
                      ADMIN_WHERE,
    [N_SITEMAP] = SITEMAP_ROWS " ORDER BY a.id LIMIT $4 OFFSET $3",
    /* Newest first, so that a cut at the limit drops the oldest. */
    [N_NEWS_SITEMAP] = SITEMAP_ROWS " ORDER BY a.published_at DESC, a.id DESC LIMIT $3",
    [N_PUBLISHED_TOTAL] = "SELECT count(*) FROM articles WHERE status = 1 AND published_at <= $1",
    [N_BODY] = "SELECT body_html FROM article_bodies WHERE article_id = $1",
    [N_MARKDOWN] = "SELECT body_markdown FROM article_bodies WHERE article_id = $1",
    [N_LAST_CHANGE] = "SELECT COALESCE(max(GREATEST(updated_at, published_at)), 0) FROM articles"
                      " WHERE ($1::text IS NULL OR lang = $1::text)"
                      " AND ($3::bigint = 0 OR category_id = $3::bigint)"
                      " AND status = 1 AND published_at <= $2",
    [N_CONTENT_VERSION] = "SELECT at, generation FROM content_changes WHERE id = 1",
    /* Each scope once, in the order of its first change after $1, as
    ** SQLite's DISTINCT gives them. */
    [N_CONTENT_LOG] = "SELECT scope FROM content_log WHERE id > $1 GROUP BY scope ORDER BY min(id)",
    [N_CONTENT_LOG_RANGE] = "SELECT COALESCE(min(id), 0), COALESCE(max(id), 0) FROM content_log",
    [N_CONTENT_LOG_ROWS] = "SELECT l.id, l.scope, COALESCE(l.article_id, 0), l.lang, c.slug, l.author_slug"
                           " FROM content_log l LEFT JOIN categories c ON c.id = l.category_id"
                           " WHERE l.id > $1 ORDER BY l.id LIMIT $2",
    /* An embargo's end, or a breaking banner's. */
    [N_NEXT_RELEASE] = "SELECT COALESCE(min(t), 0) FROM ("
                       " SELECT min(published_at) AS t FROM articles"
                       " WHERE lang = $1 AND status = 1 AND published_at > $2"
                       " UNION ALL SELECT min(breaking_until) FROM articles"
                       " WHERE lang = $1 AND breaking_until > $2) AS ends",
};

static char article_sql_by_id[2048], article_sql_admin[4096];
static pthread_once_t article_sql_once = PTHREAD_ONCE_INIT;

/* Fills the two statements made of PG_ARTICLE_COLUMNS, once. */
static void build_sql(void) {
    int n = snprintf(article_sql_by_id, sizeof article_sql_by_id, PG_ARTICLE_COLUMNS " WHERE a.id = $1",
                     "(SELECT body_html FROM article_bodies WHERE article_id = a.id)");
    int m = snprintf(article_sql_admin, sizeof article_sql_admin,
                     PG_ARTICLE_COLUMNS ADMIN_WHERE
                     " ORDER BY a.updated_at DESC, a.id DESC LIMIT $8 OFFSET $7",
                     "NULL");
    if (n < 0 || (size_t)n >= sizeof article_sql_by_id || m < 0 || (size_t)m >= sizeof article_sql_admin)
        fatal("the newsroom's article statements do not fit their buffers");
}

/* The SQL of statement id. */
static const char *sql_of(enum newsroom_stmt id) {
    pthread_once(&article_sql_once, build_sql);
    return id == N_ARTICLE_BY_ID ? article_sql_by_id
           : id == N_ADMIN_LIST  ? article_sql_admin
                                 : newsroom_sql[id];
}

/* Runs statement id (see pg_query): the result, which the caller clears. */
static PGresult *run(pg_conn *c, enum newsroom_stmt id, const pg_params *p, int *rc, const char *what) {
    return pg_query(c, PG_NEWSROOM_FIRST + (int)id, sql_of(id), p, rc, what);
}

/* Runs statement id for one row or none (see pg_query_one). */
static PGresult *run_one(pg_conn *c, enum newsroom_stmt id, const pg_params *p, int *rc,
                         const char *what) {
    return pg_query_one(c, PG_NEWSROOM_FIRST + (int)id, sql_of(id), p, rc, what);
}

/* Runs statement id for its effect; *rows (when not NULL) gets the rows
** it touched. */
static int exec(pg_conn *c, enum newsroom_stmt id, const pg_params *p, int64_t *rows, const char *what) {
    return pg_exec(c, PG_NEWSROOM_FIRST + (int)id, sql_of(id), p, rows, what);
}

/* Runs statement id and gives its single number (a count, a time) in
** *value: SQLite's callers treat a missing row as an error, so does this. */
static int run_number(pg_conn *c, enum newsroom_stmt id, const pg_params *p, int64_t *value,
                      const char *what) {
    int rc;
    PGresult *r = run_one(c, id, p, &rc, what);
    if (!r) return rc == STORE_NOT_FOUND ? pg_fail(c, STORE_ERROR, "%s: no row", what) : rc;
    *value = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Reads one row of a result into the item at item. */
typedef void (*row_reader)(arena *a, const PGresult *r, int row, void *item);

/* Runs statement id and reads every row with read into an array in a of
** items of size bytes: *out (NULL when there are none) and *count. */
static int read_rows(pg_conn *c, arena *a, enum newsroom_stmt id, const pg_params *p, size_t size,
                     row_reader read, void **out, size_t *count, const char *what) {
    int rc;
    PGresult *r = run(c, id, p, &rc, what);
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    char *items = n ? arena_alloc(a, n * size) : NULL;
    for (size_t i = 0; i < n; i++) read(a, r, (int)i, items + i * size);
    PQclear(r);
    *out = items;
    *count = n;
    return STORE_OK;
}

/* A LIMIT as SQLite reads one: a negative limit is no limit (NULL here). */
static void limit_param(pg_params *p, int limit) {
    if (limit < 0) pg_text(p, NULL);
    else pg_int(p, limit);
}

/* An OFFSET as SQLite reads one: a negative offset is 0. */
static void offset_param(pg_params *p, int offset) { pg_int(p, offset < 0 ? 0 : offset); }

/* ------------------------------------------------------------- articles */

/* postgres_read_article() as a row_reader. */
static void read_article_row(arena *a, const PGresult *r, int row, void *item) {
    postgres_read_article(a, r, row, item);
}

/* An article in any state by id, its body and Markdown source in a
** (store_article_by_id). */
int postgres_article_by_id(store *s, arena *a, int64_t id, article *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = run_one(c, N_ARTICLE_BY_ID, &p, &rc, "find article");
    if (!r) return rc;
    postgres_read_article(a, r, 0, out);
    PQclear(r);
    /* The Markdown source, for the editor. */
    r = run(c, N_MARKDOWN, &p, &rc, "read body");
    if (!r) return rc;
    out->body_markdown = PQntuples(r) ? pg_get_text(a, r, 0, 0) : "";
    PQclear(r);
    return STORE_OK;
}

/* The id of the article of an edition with slug, in any state. */
int postgres_article_find(store *s, const char *lang, const char *slug, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, slug);
    int rc;
    PGresult *r = run_one(c, N_ARTICLE_FIND, &p, &rc, "find article");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* s when it is a filter (not NULL, not empty), else NULL. */
static const char *filter_text(const char *s) { return s && *s ? s : NULL; }

/* The newsroom's list (store_articles_admin): *total matches f, *out
** (in a, NULL when none) holds the page, newest changed first. */
int postgres_articles_admin(store *s, arena *a, const article_filter *f, article **out,
                            size_t *count, int64_t *total) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, filter_text(f->lang));
    pg_text(&p, filter_text(f->category_slug));
    pg_text(&p, f->workflow != WF_UNSET ? workflow_name(f->workflow) : NULL);
    pg_text(&p, filter_text(f->owner));
    pg_text(&p, filter_text(f->title_contains));
    pg_int(&p, f->trash ? 1 : 0);
    int rc = run_number(c, N_ADMIN_COUNT, &p, total, "count articles");
    if (rc != STORE_OK) return rc;
    offset_param(&p, f->offset);
    pg_int(&p, f->limit > 0 ? f->limit : 50);
    void *items = NULL;
    rc = read_rows(c, a, N_ADMIN_LIST, &p, sizeof(article), read_article_row, &items, count,
                   "list articles");
    if (rc == STORE_OK) *out = items;
    return rc;
}

/* Trashes (and unindexes) or restores an article; STORE_NOT_FOUND when
** there is no such article. */
static int article_trash_locked(store *s, int64_t id, bool trashed) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    pg_int(&p, pg_now());
    int64_t rows = 0;
    int rc = exec(c, trashed ? N_TRASH : N_RESTORE, &p, &rows,
                  trashed ? "trash article" : "restore article");
    if (rc != STORE_OK) return rc;
    if (rows == 0) return STORE_NOT_FOUND;
    if (!trashed) return STORE_OK; /* the caller saves it again, which indexes it */
    if ((rc = postgres_drafts_drop_article(c, id)) != STORE_OK) return rc;
    rc = postgres_newsroom_keep_hidden(c, id); /* the trash is searched in the newsroom */
    if (rc != STORE_OK) return rc;
    pg_params q = {0};
    pg_int(&q, id);
    return exec(c, N_UNINDEX, &q, NULL, "unindex article");
}

/* The content lock first (PG_CONTENT_LOCK), in the caller's transaction or
** one of its own, so the change is whole and orders with other writers. */
int postgres_article_trash(store *s, int64_t id, bool trashed) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, article_trash_locked(s, id, trashed));
}

/* Sets an article's workflow, whether readers see it and maybe its date.
** As on SQLite, the index is left as it is: whether readers see a match
** is the article's status, which search reads (and the editor's workflow
** changes go through store_article_update, which indexes). */
static int article_set_workflow_locked(store *s, int64_t id, article_workflow w, int64_t published_at) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    pg_text(&p, workflow_name(w));
    if (published_at) pg_int(&p, published_at);
    else pg_text(&p, NULL);
    pg_int(&p, pg_now());
    int64_t rows = 0;
    int rc = exec(c, N_SET_WORKFLOW, &p, &rows, "set workflow");
    if (rc != STORE_OK) return rc;
    return rows ? STORE_OK : STORE_NOT_FOUND;
}

/* Under the content lock, as postgres_article_trash. */
int postgres_article_set_workflow(store *s, int64_t id, article_workflow w, int64_t published_at) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, article_set_workflow_locked(s, id, w, published_at));
}

/* Publishes the scheduled articles due by now, the oldest first, at most
** max: their ids in ids, how many in *count. */
static int publish_due_locked(store *s, int64_t now, int64_t *ids, size_t max, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, now);
    pg_int(&p, max > (size_t)INT32_MAX ? INT32_MAX : (int64_t)max);
    int rc;
    PGresult *r = run(c, N_PUBLISH_DUE, &p, &rc, "publish due articles");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    for (size_t i = 0; i < n && i < max; i++) ids[i] = pg_get_int(r, (int)i, 0);
    PQclear(r);
    *count = n < max ? n : max;
    return STORE_OK;
}

/* Under the content lock, as postgres_article_trash. */
int postgres_publish_due(store *s, int64_t now, int64_t *ids, size_t max, size_t *count) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, publish_due_locked(s, now, ids, max, count));
}

/* ------------------------------------------- revisions, redirects, audit */

/* Records a revision of an article, dated now. */
int postgres_revision_add(store *s, int64_t article_id, const char *actor, const char *actor_name,
                          const char *snapshot) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_text(&p, actor);
    pg_text(&p, actor_name);
    pg_int(&p, pg_now());
    pg_text(&p, snapshot);
    return exec(c, N_REVISION_ADD, &p, NULL, "add revision");
}

/* A row of N_REVISIONS or N_REVISION_GET as a revision. */
static void read_revision(arena *a, const PGresult *r, int row, void *item) {
    revision *v = item;
    v->id = pg_get_int(r, row, 0);
    v->article_id = pg_get_int(r, row, 1);
    v->created_at = pg_get_int(r, row, 2);
    v->actor = pg_get_text(a, r, row, 3);
    v->actor_name = pg_get_text(a, r, row, 4);
    v->snapshot = pg_get_text(a, r, row, 5);
}

/* An article's revisions, newest first, without snapshots, in a. */
int postgres_revisions(store *s, arena *a, int64_t article_id, revision **out, size_t *count) {
    pg_params p = {0};
    pg_int(&p, article_id);
    void *items = NULL;
    int rc = read_rows(postgres_conn(s), a, N_REVISIONS, &p, sizeof(revision), read_revision, &items,
                       count, "list revisions");
    if (rc == STORE_OK) *out = items;
    return rc;
}

/* One revision with its snapshot, in a. */
int postgres_revision_get(store *s, arena *a, int64_t id, revision *out) {
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = run_one(postgres_conn(s), N_REVISION_GET, &p, &rc, "find revision");
    if (!r) return rc;
    read_revision(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

/* Records an old address of an article; one taken already is given to
** the new article, in one statement. */
static int redirect_add_locked(store *s, const char *lang, const char *old_path, int64_t article_id) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, old_path);
    pg_int(&p, article_id);
    return exec(postgres_conn(s), N_REDIRECT_ADD, &p, NULL, "add redirect");
}

/* Under the content lock, as postgres_article_trash. */
int postgres_redirect_add(store *s, const char *lang, const char *old_path, int64_t article_id) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, redirect_add_locked(s, lang, old_path, article_id));
}

/* The article an old address of an edition leads to. */
int postgres_redirect_find(store *s, const char *lang, const char *old_path, int64_t *article_id) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, old_path);
    int rc;
    PGresult *r = run_one(postgres_conn(s), N_REDIRECT_FIND, &p, &rc, "find redirect");
    if (!r) return rc;
    *article_id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Records an audit entry, dated now (article_id 0: none). */
int postgres_audit_add(store *s, const audit_entry *e) {
    pg_params p = {0};
    pg_int(&p, pg_now());
    pg_text(&p, e->actor);
    pg_text(&p, e->actor_name);
    pg_text(&p, e->action);
    if (e->article_id) pg_int(&p, e->article_id);
    else pg_text(&p, NULL);
    pg_text(&p, e->detail ? e->detail : "");
    pg_text(&p, e->address ? e->address : "");
    return exec(postgres_conn(s), N_AUDIT_ADD, &p, NULL, "add audit entry");
}

/* A row of N_AUDIT_LIST as an audit_entry. */
static void read_audit(arena *a, const PGresult *r, int row, void *item) {
    audit_entry *e = item;
    e->id = pg_get_int(r, row, 0);
    e->at = pg_get_int(r, row, 1);
    e->article_id = pg_get_int(r, row, 2);
    e->actor = pg_get_text(a, r, row, 3);
    e->actor_name = pg_get_text(a, r, row, 4);
    e->action = pg_get_text(a, r, row, 5);
    e->detail = pg_get_text(a, r, row, 6);
    e->address = pg_get_text(a, r, row, 7);
}

/* Audit entries, newest first, in a. */
int postgres_audit_list(store *s, arena *a, int offset, int limit, audit_entry **out,
                        size_t *count) {
    pg_params p = {0};
    offset_param(&p, offset);
    limit_param(&p, limit);
    void *items = NULL;
    int rc = read_rows(postgres_conn(s), a, N_AUDIT_LIST, &p, sizeof(audit_entry), read_audit, &items,
                       count, "list audit log");
    if (rc == STORE_OK) *out = items;
    return rc;
}

/* ---------------------------------------------------------------- media */

void postgres_read_media(arena *a, const PGresult *r, int row, media *m) {
    m->id = pg_get_int(r, row, 0);
    m->hash = pg_get_text(a, r, row, 1);
    m->format = pg_get_text(a, r, row, 2);
    m->width = (int)pg_get_int(r, row, 3);
    m->height = (int)pg_get_int(r, row, 4);
    m->variants = pg_get_text(a, r, row, 5);
    m->bytes = pg_get_int(r, row, 6);
    m->original_name = pg_get_text(a, r, row, 7);
    m->uploaded_by = pg_get_text(a, r, row, 8);
    m->created_at = pg_get_int(r, row, 9);
    m->alt = pg_get_text(a, r, row, 10);
    m->credit = pg_get_text(a, r, row, 11);
}

/* postgres_read_media() as a row_reader. */
static void read_media(arena *a, const PGresult *r, int row, void *item) { postgres_read_media(a, r, row, item); }

/* The id of the image with hash in *id: STORE_OK, STORE_NOT_FOUND or the
** error's class. */
static int media_id(pg_conn *c, const char *hash, int64_t *id) {
    pg_params p = {0};
    pg_text(&p, hash);
    int rc;
    PGresult *r = run_one(c, N_MEDIA_ID_BY_HASH, &p, &rc, "find media");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* An image whose hash is known already is not added again: *id is the
** existing row's and *created false. It is looked for first, so that an
** image uploaded again takes no number from the identity (SQLite's ids
** have no gaps there either). Two nodes adding the same new image at
** once: the second's insert waits for the first's, does nothing, and
** finds the first's row. (A row that goes away between the statements is
** inserted again, a few times at most.) */
int postgres_media_add(store *s, const media *m, int64_t *id, bool *created) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, m->hash);
    pg_text(&p, m->format);
    pg_int(&p, m->width);
    pg_int(&p, m->height);
    pg_text(&p, m->variants);
    pg_int(&p, m->bytes);
    pg_text(&p, m->original_name ? m->original_name : "");
    pg_text(&p, m->uploaded_by ? m->uploaded_by : "");
    pg_int(&p, pg_now());
    *created = false;
    int rc = media_id(c, m->hash, id);
    for (int attempt = 0; rc == STORE_NOT_FOUND && attempt < 3; attempt++) {
        PGresult *r = run(c, N_MEDIA_ADD, &p, &rc, "add media");
        if (!r) return rc;
        *created = PQntuples(r) == 1;
        if (*created) *id = pg_get_int(r, 0, 0);
        PQclear(r);
        rc = *created ? STORE_OK : media_id(c, m->hash, id);
    }
    if (rc == STORE_NOT_FOUND)
        return pg_fail(c, STORE_ERROR, "add media: the image %s was removed while it was added", m->hash);
    return rc;
}

/* One media row by id (hash NULL) or by hash. */
static int media_by(store *s, arena *a, enum newsroom_stmt which, const char *hash, int64_t id,
                    media *out) {
    pg_params p = {0};
    if (hash) pg_text(&p, hash);
    else pg_int(&p, id);
    int rc;
    PGresult *r = run_one(postgres_conn(s), which, &p, &rc, "find media");
    if (!r) return rc;
    read_media(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

/* An image by id, in a. */
int postgres_media_by_id(store *s, arena *a, int64_t id, media *out) {
    return media_by(s, a, N_MEDIA_BY_ID, NULL, id, out);
}

/* An image by hash, in a. */
int postgres_media_by_hash(store *s, arena *a, const char *hash, media *out) {
    return media_by(s, a, N_MEDIA_BY_HASH, hash, 0, out);
}

/* Sets an image's alt text and credit. */
int postgres_media_describe(store *s, int64_t id, const char *alt, const char *credit) {
    pg_params p = {0};
    pg_int(&p, id);
    pg_text(&p, alt ? alt : "");
    pg_text(&p, credit ? credit : "");
    int64_t rows = 0;
    int rc = exec(postgres_conn(s), N_MEDIA_DESCRIBE, &p, &rows, "describe media");
    if (rc != STORE_OK) return rc;
    return rows > 0 ? STORE_OK : STORE_NOT_FOUND;
}

/* Images, newest first, in a. */
int postgres_media_list(store *s, arena *a, int offset, int limit, media **out, size_t *count) {
    pg_params p = {0};
    offset_param(&p, offset);
    limit_param(&p, limit);
    void *items = NULL;
    int rc = read_rows(postgres_conn(s), a, N_MEDIA_LIST, &p, sizeof(media), read_media, &items, count,
                       "list media");
    if (rc == STORE_OK) *out = items;
    return rc;
}

/* ------------------------------------------------------------- settings */

/* A setting's value, in a; STORE_NOT_FOUND when unset. */
int postgres_setting_get(store *s, arena *a, const char *key, const char **value) {
    pg_params p = {0};
    pg_text(&p, key);
    int rc;
    PGresult *r = run_one(postgres_conn(s), N_SETTING_GET, &p, &rc, "read setting");
    if (!r) return rc;
    *value = pg_get_text(a, r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Sets a setting, whether or not it was set (one statement). */
static int setting_set_locked(store *s, const char *key, const char *value) {
    pg_params p = {0};
    pg_text(&p, key);
    pg_text(&p, value);
    return exec(postgres_conn(s), N_SETTING_SET, &p, NULL, "save setting");
}

/* Under the content lock, as postgres_article_trash. */
int postgres_setting_set(store *s, const char *key, const char *value) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    return pg_write_end(s, own, setting_set_locked(s, key, value));
}

/* A row of N_SETTINGS as two strings, key then value. */
static void read_setting(arena *a, const PGresult *r, int row, void *item) {
    const char **pair = item;
    pair[0] = pg_get_text(a, r, row, 0);
    pair[1] = pg_get_text(a, r, row, 1);
}

/* Every setting by key, as alternating keys and values in a. */
int postgres_settings(store *s, arena *a, const char ***pairs, size_t *count) {
    void *items = NULL;
    int rc = read_rows(postgres_conn(s), a, N_SETTINGS, NULL, 2 * sizeof(const char *), read_setting,
                       &items, count, "read settings");
    if (rc == STORE_OK) *pairs = items;
    return rc;
}

/* ---------------------------------------------------- feeds and sitemaps */

/* Runs a sitemap statement (N_SITEMAP, N_NEWS_SITEMAP) with p, calling fn
** for each row until it returns false. The entry's strings are the
** result's, valid until fn returns. */
static int sitemap_rows(pg_conn *c, enum newsroom_stmt which, const pg_params *p, sitemap_fn fn,
                        void *ctx) {
    int rc;
    PGresult *r = run(c, which, p, &rc, "list sitemap");
    if (!r) return rc;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++) {
        sitemap_entry e = {
            .lang = PQgetvalue(r, i, 0),
            .category_slug = PQgetvalue(r, i, 1),
            .slug = PQgetvalue(r, i, 2),
            .title = PQgetvalue(r, i, 3),
            .published_at = pg_get_int(r, i, 4),
            .updated_at = pg_get_int(r, i, 5),
            .alternates = PQgetvalue(r, i, 6), /* "" for NULL */
            .canonical_url = PQgetvalue(r, i, 7),
        };
        if (!fn(ctx, &e)) break;
    }
    PQclear(r);
    return STORE_OK;
}

/* The visible articles published after since, oldest id first, from
** offset, at most limit (negative: all), each to fn. */
int postgres_sitemap(store *s, int64_t since, int offset, int limit, sitemap_fn fn, void *ctx) {
    pg_params p = {0};
    pg_int(&p, since);
    pg_int(&p, pg_now());
    offset_param(&p, offset);
    limit_param(&p, limit);
    return sitemap_rows(postgres_conn(s), N_SITEMAP, &p, fn, ctx);
}

/* The visible articles published after since, newest first, at most
** limit, each to fn. */
int postgres_news_sitemap(store *s, int64_t since, int limit, sitemap_fn fn, void *ctx) {
    pg_params p = {0};
    pg_int(&p, since);
    pg_int(&p, pg_now());
    limit_param(&p, limit);
    return sitemap_rows(postgres_conn(s), N_NEWS_SITEMAP, &p, fn, ctx);
}

/* How many articles readers see, in every edition. */
int postgres_published_total(store *s, int64_t *count) {
    pg_params p = {0};
    pg_int(&p, pg_now());
    return run_number(postgres_conn(s), N_PUBLISHED_TOTAL, &p, count, "count articles");
}

/* An article's rendered body, in a. */
int postgres_article_body(store *s, arena *a, int64_t id, const char **html) {
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = run_one(postgres_conn(s), N_BODY, &p, &rc, "read body");
    if (!r) return rc;
    *html = pg_get_text(a, r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* When what readers see last changed, and the change log's number. */
int postgres_content_version(store *s, int64_t *changed_at, int64_t *generation) {
    pg_conn *c = postgres_conn(s);
    /* A reader's transaction read it with its BEGIN (postgres_read.c). */
    if (pg_read_version(c, changed_at, generation)) return STORE_OK;
    int rc;
    PGresult *r = run_one(c, N_CONTENT_VERSION, NULL, &rc, "content version");
    if (!r) return rc == STORE_NOT_FOUND ? pg_fail(c, STORE_ERROR, "content version: no row") : rc;
    *changed_at = pg_get_int(r, 0, 0);
    *generation = pg_get_int(r, 0, 1);
    PQclear(r);
    return STORE_OK;
}

/* A row of N_CONTENT_LOG as a string. */
static void read_scope(arena *a, const PGresult *r, int row, void *item) {
    *(const char **)item = pg_get_text(a, r, row, 0);
}

/* The change log's newest generation into *latest, and whether it still
** reaches back to after (the log keeps its newest rows: a reader behind
** its start missed some). */
static int log_range(pg_conn *c, int64_t after, int64_t *latest, bool *complete) {
    int rc;
    PGresult *r = run_one(c, N_CONTENT_LOG_RANGE, NULL, &rc, "read the change log");
    if (!r) return rc == STORE_NOT_FOUND ? pg_fail(c, STORE_ERROR, "read the change log: no row") : rc;
    int64_t oldest = pg_get_int(r, 0, 0);
    *latest = pg_get_int(r, 0, 1);
    PQclear(r);
    *complete = oldest <= after + 1;
    return STORE_OK;
}

/* The editions changed after generation after (store_content_changes),
** in a. The range is read before the scopes: a change committed between
** the two is in the scopes and after *latest, so it is only told twice. */
int postgres_content_changes(store *s, arena *a, int64_t after, int64_t *latest, const char ***scopes,
                             size_t *count, bool *complete) {
    pg_conn *c = postgres_conn(s);
    int rc = log_range(c, after, latest, complete);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, after);
    void *items = NULL;
    rc = read_rows(c, a, N_CONTENT_LOG, &p, sizeof(const char *), read_scope, &items, count,
                   "read the change log");
    if (rc == STORE_OK) *scopes = items;
    return rc;
}

/* A row of N_CONTENT_LOG_ROWS, its id first. */
typedef struct logged_change {
    int64_t id;
    content_change change;
} logged_change;

static void read_change(arena *a, const PGresult *r, int row, void *item) {
    logged_change *l = item;
    l->id = pg_get_int(r, row, 0);
    l->change = (content_change){.scope = pg_get_text(a, r, row, 1),
                                 .article_id = pg_get_int(r, row, 2),
                                 .lang = pg_get_text(a, r, row, 3),
                                 .category_slug = pg_get_text(a, r, row, 4),
                                 .author_slug = pg_get_text(a, r, row, 5)};
}

int postgres_content_log(store *s, arena *a, int64_t after, int limit, int64_t *latest, content_change **out,
                         size_t *count, bool *complete) {
    pg_conn *c = postgres_conn(s);
    int rc = log_range(c, after, latest, complete);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, after);
    pg_int(&p, limit);
    void *rows = NULL;
    size_t n = 0;
    rc = read_rows(c, a, N_CONTENT_LOG_ROWS, &p, sizeof(logged_change), read_change, &rows, &n,
                   "read the change log");
    if (rc != STORE_OK) return rc;
    logged_change *l = rows;
    content_change *items = arena_alloc(a, (n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) items[i] = l[i].change;
    if ((int)n == limit && n) *latest = l[n - 1].id;
    *out = items;
    *count = n;
    return STORE_OK;
}

/* When the next article of an edition dated after now comes out (0:
** none waits). */
int postgres_next_release(store *s, const char *lang, int64_t now, int64_t *when) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, now);
    return run_number(postgres_conn(s), N_NEXT_RELEASE, &p, when, "next release");
}

/* The newest change to a visible article of an edition (NULL: all) and
** category (0: all). */
int postgres_last_change(store *s, const char *lang, int64_t category_id, int64_t *when) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, pg_now());
    pg_int(&p, category_id);
    return run_number(postgres_conn(s), N_LAST_CHANGE, &p, when, "last change");
}
