/*
** Live blogs in the PostgreSQL store: sqlite_live.c's semantics, statement
** for statement, each write under the content lock (pg_write_begin) and
** setting the article's live_changed_at, which the articles' trigger logs.
*/
#include "postgres_internal.h"

#include <string.h>

enum live_stmt {
    L_BLOG, L_SET, L_TOUCH, L_IS_LIVE, L_COUNT, L_BY_ID, L_INSERT, L_UNPIN, L_CHANGE, L_DELETE, L_OPEN, L_COUNT_OF
};
_Static_assert(L_COUNT_OF <= PG_LIVE_SLOTS, "raise PG_LIVE_SLOTS");

#define UPDATE_COLUMNS "u.id, u.article_id, u.title, u.body_html, u.body_text, u.author, u.created_by, u.pinned," \
                       " u.created_at, u.corrected_at"

static const char *const live_sql[L_COUNT_OF] = {
    [L_BLOG] = "SELECT a.live, a.live_ended_at, a.live_changed_at, count(u.id) OVER (), " UPDATE_COLUMNS
               " FROM articles a LEFT JOIN live_updates u ON u.article_id = a.id AND a.live = 1"
               " WHERE a.id = $1"
               " ORDER BY CASE WHEN $3::int = 1 THEN u.pinned ELSE 0 END DESC, u.created_at DESC, u.id DESC LIMIT $2",
    [L_SET] = "UPDATE articles SET live = $2, live_ended_at = $3, live_changed_at = $4 WHERE id = $1",
    [L_TOUCH] = "UPDATE articles SET live_changed_at = $2 WHERE id = $1",
    /* Under the content lock already: the row is locked against a
    ** concurrent change of its state. */
    [L_IS_LIVE] = "SELECT live FROM articles WHERE id = $1 FOR UPDATE",
    [L_COUNT] = "SELECT count(*) FROM live_updates WHERE article_id = $1",
    [L_BY_ID] = "SELECT " UPDATE_COLUMNS ", u.body_markdown FROM live_updates u WHERE u.article_id = $1 AND u.id = $2",
    [L_INSERT] = "INSERT INTO live_updates (article_id, title, body_markdown, body_html, body_text, author,"
                 " created_by, pinned, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    [L_UNPIN] = "UPDATE live_updates SET pinned = 0 WHERE article_id = $1 AND id <> $2 AND pinned = 1",
    [L_CHANGE] = "UPDATE live_updates SET title = $3, body_markdown = $4, body_html = $5, body_text = $6,"
                 " pinned = $7, corrected_at = CASE WHEN $8::bigint = 0 THEN corrected_at ELSE $8::bigint END"
                 " WHERE article_id = $1 AND id = $2",
    [L_DELETE] = "DELETE FROM live_updates WHERE article_id = $1 AND id = $2",
    [L_OPEN] = "SELECT id, (live_ended_at = 0)::int FROM articles WHERE live = 1 AND status = 1 AND deleted_at IS NULL"
               " ORDER BY id DESC LIMIT $1",
};

/* Reads UPDATE_COLUMNS of row i from column `at` on into out, strings in a. */
static void read_update(arena *a, const PGresult *r, int i, int at, live_update *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, i, at);
    out->article_id = pg_get_int(r, i, at + 1);
    out->title = pg_get_text(a, r, i, at + 2);
    out->body_html = pg_get_text(a, r, i, at + 3);
    out->body_text = pg_get_text(a, r, i, at + 4);
    out->author = pg_get_text(a, r, i, at + 5);
    out->created_by = pg_get_text(a, r, i, at + 6);
    out->pinned = pg_get_bool(r, i, at + 7);
    out->created_at = pg_get_int(r, i, at + 8);
    out->corrected_at = pg_get_int(r, i, at + 9);
}

int postgres_live_blog(store *s, arena *a, int64_t article_id, int limit, bool pinned_first, live_blog *out) {
    pg_conn *c = postgres_conn(s);
    memset(out, 0, sizeof *out);
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, limit > 0 ? limit : 1);
    pg_int(&p, pinned_first ? 1 : 0);
    int rc;
    PGresult *r = pg_query(c, PG_LIVE_FIRST + L_BLOG, live_sql[L_BLOG], &p, &rc, "live blog");
    if (!r) return rc;
    int n = PQntuples(r);
    out->updates = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *out->updates);
    for (int i = 0; i < n; i++) {
        out->live = pg_get_bool(r, i, 0);
        out->ended_at = pg_get_int(r, i, 1);
        out->changed_at = pg_get_int(r, i, 2);
        out->total = pg_get_int(r, i, 3);
        if (pg_is_null(r, i, 4) || limit <= 0) continue;
        read_update(a, r, i, 4, &out->updates[out->count++]);
    }
    PQclear(r);
    if (!out->live) out->count = 0, out->total = 0;
    return STORE_OK;
}

/* Sets article id's live_changed_at: what the change log follows. */
static int touch(pg_conn *c, int64_t id) {
    pg_params p = {0};
    pg_int(&p, id);
    pg_int(&p, pg_now());
    return pg_exec(c, PG_LIVE_FIRST + L_TOUCH, live_sql[L_TOUCH], &p, NULL, "touch live blog");
}

/* Unpins article id's updates but keep (when pinned). */
static int unpin_others(pg_conn *c, int64_t article_id, int64_t keep, bool pinned) {
    if (!pinned) return STORE_OK;
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, keep);
    return pg_exec(c, PG_LIVE_FIRST + L_UNPIN, live_sql[L_UNPIN], &p, NULL, "unpin updates");
}

int postgres_live_set(store *s, int64_t article_id, bool live, int64_t ended_at) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, live ? 1 : 0);
    pg_int(&p, live ? ended_at : 0);
    pg_int(&p, pg_now());
    int64_t rows = 0;
    rc = pg_exec(c, PG_LIVE_FIRST + L_SET, live_sql[L_SET], &p, &rows, "set live");
    if (rc == STORE_OK && rows == 0) rc = STORE_NOT_FOUND;
    return pg_write_end(s, own, rc);
}

int postgres_live_update_by_id(store *s, arena *a, int64_t article_id, int64_t update_id, live_update *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, update_id);
    int rc;
    PGresult *r = pg_query_one(c, PG_LIVE_FIRST + L_BY_ID, live_sql[L_BY_ID], &p, &rc, "find update");
    if (!r) return rc;
    read_update(a, r, 0, 0, out);
    out->body_markdown = pg_get_text(a, r, 0, 10);
    PQclear(r);
    return STORE_OK;
}

/* Whether article id is a live blog (STORE_NOT_FOUND when not), and how
** many updates it holds. */
static int live_count(pg_conn *c, int64_t id, int64_t *count) {
    pg_params p = {0};
    pg_int(&p, id);
    int rc;
    PGresult *r = pg_query_one(c, PG_LIVE_FIRST + L_IS_LIVE, live_sql[L_IS_LIVE], &p, &rc, "live blog");
    if (!r) return rc;
    bool live = pg_get_bool(r, 0, 0);
    PQclear(r);
    if (!live) return STORE_NOT_FOUND;
    r = pg_query_one(c, PG_LIVE_FIRST + L_COUNT, live_sql[L_COUNT], &p, &rc, "count updates");
    if (!r) return rc;
    *count = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_live_update_add(store *s, const live_update *in, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    int64_t n = 0;
    rc = live_count(c, in->article_id, &n);
    if (rc == STORE_OK && n >= LIVE_UPDATES_MAX) rc = STORE_CONFLICT;
    if (rc == STORE_OK) {
        pg_params p = {0};
        pg_int(&p, in->article_id);
        pg_text(&p, in->title ? in->title : "");
        pg_text(&p, in->body_markdown ? in->body_markdown : "");
        pg_text(&p, in->body_html ? in->body_html : "");
        pg_text(&p, in->body_text ? in->body_text : "");
        pg_text(&p, in->author ? in->author : "");
        pg_text(&p, in->created_by ? in->created_by : "");
        pg_int(&p, in->pinned ? 1 : 0);
        pg_int(&p, pg_now());
        PGresult *r = pg_query_one(c, PG_LIVE_FIRST + L_INSERT, live_sql[L_INSERT], &p, &rc, "add update");
        if (r) {
            *id = pg_get_int(r, 0, 0);
            PQclear(r);
        }
    }
    if (rc == STORE_OK) rc = unpin_others(c, in->article_id, *id, in->pinned);
    if (rc == STORE_OK) rc = touch(c, in->article_id);
    return pg_write_end(s, own, rc);
}

int postgres_live_update_change(store *s, const live_update *in) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, in->article_id);
    pg_int(&p, in->id);
    pg_text(&p, in->title ? in->title : "");
    pg_text(&p, in->body_markdown ? in->body_markdown : "");
    pg_text(&p, in->body_html ? in->body_html : "");
    pg_text(&p, in->body_text ? in->body_text : "");
    pg_int(&p, in->pinned ? 1 : 0);
    pg_int(&p, in->corrected_at);
    int64_t rows = 0;
    rc = pg_exec(c, PG_LIVE_FIRST + L_CHANGE, live_sql[L_CHANGE], &p, &rows, "change update");
    if (rc == STORE_OK && rows == 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = unpin_others(c, in->article_id, in->id, in->pinned);
    if (rc == STORE_OK) rc = touch(c, in->article_id);
    return pg_write_end(s, own, rc);
}

int postgres_live_update_delete(store *s, int64_t article_id, int64_t update_id) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, update_id);
    int64_t rows = 0;
    rc = pg_exec(c, PG_LIVE_FIRST + L_DELETE, live_sql[L_DELETE], &p, &rows, "delete update");
    if (rc == STORE_OK && rows == 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = touch(c, article_id);
    return pg_write_end(s, own, rc);
}

int postgres_live_blogs(store *s, arena *a, int limit, live_mark **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, limit);
    int rc;
    PGresult *r = pg_query(c, PG_LIVE_FIRST + L_OPEN, live_sql[L_OPEN], &p, &rc, "live blogs");
    if (!r) return rc;
    int n = PQntuples(r);
    live_mark *items = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) items[i] = (live_mark){pg_get_int(r, i, 0), pg_get_bool(r, i, 1)};
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}
