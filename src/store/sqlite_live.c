/*
** Live blogs in the SQLite store (migration 24): an article's live state
** and its updates (store.h). Every write also sets the article's
** live_changed_at, so that the articles' triggers log the change with the
** article's place (its page, lists and feeds are let go of and purged)
** without touching updated_at, the editor's last save.
*/
#include "sqlite_internal.h"

#include <string.h>

enum live_stmt {
    L_BLOG, L_SET, L_TOUCH, L_IS_LIVE, L_COUNT, L_BY_ID, L_INSERT, L_UNPIN, L_CHANGE, L_DELETE, L_OPEN, L_COUNT_OF
};
_Static_assert(L_COUNT_OF <= SQLITE_LIVE_SLOTS, "raise SQLITE_LIVE_SLOTS");

/* An update's columns as every read takes them, u being live_updates. */
#define UPDATE_COLUMNS "u.id, u.article_id, u.title, u.body_html, u.body_text, u.author, u.created_by, u.pinned," \
                       " u.created_at, u.corrected_at"

static const char *const live_sql[L_COUNT_OF] = {
    /* The article's row comes once even without updates (u NULL); the
    ** window counts them all before LIMIT cuts. */
    [L_BLOG] = "SELECT a.live, a.live_ended_at, a.live_changed_at, count(u.id) OVER (), " UPDATE_COLUMNS
               " FROM articles a LEFT JOIN live_updates u ON u.article_id = a.id AND a.live = 1"
               " WHERE a.id = ?1"
               " ORDER BY CASE WHEN ?3 = 1 THEN u.pinned ELSE 0 END DESC, u.created_at DESC, u.id DESC LIMIT ?2",
    [L_SET] = "UPDATE articles SET live = ?2, live_ended_at = ?3, live_changed_at = ?4 WHERE id = ?1",
    [L_TOUCH] = "UPDATE articles SET live_changed_at = ?2 WHERE id = ?1",
    [L_IS_LIVE] = "SELECT live FROM articles WHERE id = ?1",
    [L_COUNT] = "SELECT count(*) FROM live_updates WHERE article_id = ?1",
    [L_BY_ID] = "SELECT " UPDATE_COLUMNS ", u.body_markdown FROM live_updates u WHERE u.article_id = ?1 AND u.id = ?2",
    [L_INSERT] = "INSERT INTO live_updates (article_id, title, body_markdown, body_html, body_text, author,"
                 " created_by, pinned, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [L_UNPIN] = "UPDATE live_updates SET pinned = 0 WHERE article_id = ?1 AND id != ?2 AND pinned = 1",
    [L_CHANGE] = "UPDATE live_updates SET title = ?3, body_markdown = ?4, body_html = ?5, body_text = ?6,"
                 " pinned = ?7, corrected_at = CASE WHEN ?8 = 0 THEN corrected_at ELSE ?8 END"
                 " WHERE article_id = ?1 AND id = ?2",
    [L_DELETE] = "DELETE FROM live_updates WHERE article_id = ?1 AND id = ?2",
    [L_OPEN] = "SELECT id, live_ended_at = 0 FROM articles WHERE live = 1 AND status = 1 AND deleted_at IS NULL"
               " ORDER BY id DESC LIMIT ?1",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *lstmt(connection *c, enum live_stmt id) {
    return sqlite_stmt(c, SQLITE_LIVE_FIRST + (int)id, live_sql[id]);
}

/* Reads UPDATE_COLUMNS from column `at` on into out, strings in a. */
static void read_update(arena *a, sqlite3_stmt *st, int at, live_update *out) {
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, at);
    out->article_id = sqlite3_column_int64(st, at + 1);
    out->title = sqlite_column_text(a, st, at + 2);
    out->body_html = sqlite_column_text(a, st, at + 3);
    out->body_text = sqlite_column_text(a, st, at + 4);
    out->author = sqlite_column_text(a, st, at + 5);
    out->created_by = sqlite_column_text(a, st, at + 6);
    out->pinned = sqlite3_column_int(st, at + 7) != 0;
    out->created_at = sqlite3_column_int64(st, at + 8);
    out->corrected_at = sqlite3_column_int64(st, at + 9);
}

int sqlite_live_blog(store *s, arena *a, int64_t article_id, int limit, bool pinned_first, live_blog *out) {
    connection *c = sqlite_conn(s);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = lstmt(c, L_BLOG);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 1);
    sqlite3_bind_int(st, 3, pinned_first ? 1 : 0);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->live = sqlite3_column_int(st, 0) != 0;
        out->ended_at = sqlite3_column_int64(st, 1);
        out->changed_at = sqlite3_column_int64(st, 2);
        out->total = sqlite3_column_int64(st, 3);
        if (sqlite3_column_type(st, 4) == SQLITE_NULL || limit <= 0) continue;
        out->updates = sqlite_grow(a, out->updates, out->count, &cap, sizeof *out->updates);
        read_update(a, st, 4, &out->updates[out->count++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "live blog");
    if (!out->live) out->count = 0, out->total = 0;
    return STORE_OK;
}

/* Runs fn's write in a transaction of its own unless the caller has one. */
typedef int (*live_write_fn)(connection *c, const void *ctx);
static int in_transaction(store *s, live_write_fn fn, const void *ctx) {
    connection *c = sqlite_conn(s);
    bool own = sqlite3_get_autocommit(c->db) != 0;
    int rc = own ? sqlite_begin(s) : STORE_OK;
    if (rc != STORE_OK) return rc;
    rc = fn(c, ctx);
    if (own) {
        if (rc == STORE_OK) rc = sqlite_commit(s);
        if (rc != STORE_OK) sqlite_rollback(s);
    }
    return rc;
}

/* Whether article id is a live blog: STORE_OK, or STORE_NOT_FOUND when it
** is not (or is not there). */
static int require_live(connection *c, int64_t id) {
    sqlite3_stmt *st = lstmt(c, L_IS_LIVE);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_step_one(c, st, "live blog");
    if (rc != STORE_OK) return rc;
    bool live = sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return live ? STORE_OK : STORE_NOT_FOUND;
}

/* Sets article id's live_changed_at: what the change log follows. */
static int touch(connection *c, int64_t id) {
    sqlite3_stmt *st = lstmt(c, L_TOUCH);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, sqlite_now());
    return sqlite_exec_done(c, st, "touch live blog");
}

/* Unpins article id's updates but keep (when pinned). */
static int unpin_others(connection *c, int64_t article_id, int64_t keep, bool pinned) {
    if (!pinned) return STORE_OK;
    sqlite3_stmt *st = lstmt(c, L_UNPIN);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, keep);
    return sqlite_exec_done(c, st, "unpin updates");
}

typedef struct set_args {
    int64_t id, ended_at;
    bool live;
} set_args;

static int set_write(connection *c, const void *ctx) {
    const set_args *x = ctx;
    sqlite3_stmt *st = lstmt(c, L_SET);
    sqlite3_bind_int64(st, 1, x->id);
    sqlite3_bind_int(st, 2, x->live ? 1 : 0);
    sqlite3_bind_int64(st, 3, x->live ? x->ended_at : 0);
    sqlite3_bind_int64(st, 4, sqlite_now());
    int rc = sqlite_exec_done(c, st, "set live");
    if (rc == STORE_OK && sqlite3_changes(c->db) == 0) rc = STORE_NOT_FOUND;
    return rc;
}

int sqlite_live_set(store *s, int64_t article_id, bool live, int64_t ended_at) {
    set_args x = {article_id, ended_at, live};
    return in_transaction(s, set_write, &x);
}

int sqlite_live_update_by_id(store *s, arena *a, int64_t article_id, int64_t update_id, live_update *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_BY_ID);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, update_id);
    int rc = sqlite_step_one(c, st, "find update");
    if (rc != STORE_OK) return rc;
    read_update(a, st, 0, out);
    out->body_markdown = sqlite_column_text(a, st, 10);
    sqlite3_reset(st);
    return STORE_OK;
}

typedef struct add_args {
    const live_update *in;
    int64_t *id;
} add_args;

static int add_write(connection *c, const void *ctx) {
    const add_args *x = ctx;
    const live_update *in = x->in;
    int rc = require_live(c, in->article_id);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *st = lstmt(c, L_COUNT);
    sqlite3_bind_int64(st, 1, in->article_id);
    if ((rc = sqlite_step_one(c, st, "count updates")) != STORE_OK) return rc;
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (n >= LIVE_UPDATES_MAX) return STORE_CONFLICT;
    st = lstmt(c, L_INSERT);
    sqlite3_bind_int64(st, 1, in->article_id);
    sqlite_bind_text(st, 2, in->title ? in->title : "");
    sqlite_bind_text(st, 3, in->body_markdown ? in->body_markdown : "");
    sqlite_bind_text(st, 4, in->body_html ? in->body_html : "");
    sqlite_bind_text(st, 5, in->body_text ? in->body_text : "");
    sqlite_bind_text(st, 6, in->author ? in->author : "");
    sqlite_bind_text(st, 7, in->created_by ? in->created_by : "");
    sqlite3_bind_int(st, 8, in->pinned ? 1 : 0);
    sqlite3_bind_int64(st, 9, sqlite_now());
    if ((rc = sqlite_exec_done(c, st, "add update")) != STORE_OK) return rc;
    *x->id = sqlite3_last_insert_rowid(c->db);
    if ((rc = unpin_others(c, in->article_id, *x->id, in->pinned)) != STORE_OK) return rc;
    return touch(c, in->article_id);
}

int sqlite_live_update_add(store *s, const live_update *in, int64_t *id) {
    add_args x = {in, id};
    return in_transaction(s, add_write, &x);
}

static int change_write(connection *c, const void *ctx) {
    const live_update *in = ctx;
    sqlite3_stmt *st = lstmt(c, L_CHANGE);
    sqlite3_bind_int64(st, 1, in->article_id);
    sqlite3_bind_int64(st, 2, in->id);
    sqlite_bind_text(st, 3, in->title ? in->title : "");
    sqlite_bind_text(st, 4, in->body_markdown ? in->body_markdown : "");
    sqlite_bind_text(st, 5, in->body_html ? in->body_html : "");
    sqlite_bind_text(st, 6, in->body_text ? in->body_text : "");
    sqlite3_bind_int(st, 7, in->pinned ? 1 : 0);
    sqlite3_bind_int64(st, 8, in->corrected_at);
    int rc = sqlite_exec_done(c, st, "change update");
    if (rc == STORE_OK && sqlite3_changes(c->db) == 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = unpin_others(c, in->article_id, in->id, in->pinned);
    if (rc == STORE_OK) rc = touch(c, in->article_id);
    return rc;
}

int sqlite_live_update_change(store *s, const live_update *in) { return in_transaction(s, change_write, in); }

static int delete_write(connection *c, const void *ctx) {
    const int64_t *ids = ctx;
    sqlite3_stmt *st = lstmt(c, L_DELETE);
    sqlite3_bind_int64(st, 1, ids[0]);
    sqlite3_bind_int64(st, 2, ids[1]);
    int rc = sqlite_exec_done(c, st, "delete update");
    if (rc == STORE_OK && sqlite3_changes(c->db) == 0) rc = STORE_NOT_FOUND;
    if (rc == STORE_OK) rc = touch(c, ids[0]);
    return rc;
}

int sqlite_live_update_delete(store *s, int64_t article_id, int64_t update_id) {
    int64_t ids[2] = {article_id, update_id};
    return in_transaction(s, delete_write, ids);
}

int sqlite_live_blogs(store *s, arena *a, int limit, live_mark **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = lstmt(c, L_OPEN);
    sqlite3_bind_int(st, 1, limit);
    live_mark *items = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        items[n++] = (live_mark){sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1) != 0};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "live blogs");
    *out = items;
    *count = n;
    return STORE_OK;
}
