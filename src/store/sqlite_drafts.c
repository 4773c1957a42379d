/*
** The editor's autosaved drafts and who has which article open in it:
** the SQLite store's part (postgres_drafts.c does the same on
** PostgreSQL). Neither is content readers see, so nothing here touches
** the change log; each statement stands alone (no transaction): a
** heartbeat's steps each leave the table true on their own, and the
** partial unique index presence_one_holder keeps one holder an article
** whatever order they run in.
*/
#include "sqlite_internal.h"

#include <string.h>

enum draft_stmt {
    D_PUT, D_GET, D_DELETE, D_DROP_ARTICLE, D_SWEEP, D_RECORD, D_TRIM, D_RELEASE, D_HOLD_IF_FREE,
    D_HOLD, D_LIST, D_LEAVE,
    D_COUNT_OF
};
_Static_assert(D_COUNT_OF <= SQLITE_DRAFT_SLOTS, "raise SQLITE_DRAFT_SLOTS");

static const char *const draft_sql[D_COUNT_OF] = {
    [D_PUT] = "INSERT INTO drafts (user_id, article_id, fields, base_version, saved_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id, article_id) DO UPDATE"
              " SET fields = excluded.fields, base_version = excluded.base_version, saved_at = excluded.saved_at",
    [D_GET] = "SELECT fields, base_version, saved_at FROM drafts WHERE user_id = ?1 AND article_id = ?2",
    [D_DELETE] = "DELETE FROM drafts WHERE user_id = ?1 AND article_id = ?2",
    [D_DROP_ARTICLE] = "DELETE FROM drafts WHERE article_id = ?1 AND article_id <> 0",
    [D_SWEEP] = "DELETE FROM presence WHERE seen_at < ?1",
    /* A tab that opens another article lets go of the one it held. */
    [D_RECORD] = "INSERT INTO presence (user_id, tab, article_id, seen_at) VALUES (?1, ?2, ?3, ?4)"
                 " ON CONFLICT (user_id, tab) DO UPDATE SET seen_at = excluded.seen_at,"
                 " holder = CASE WHEN presence.article_id = excluded.article_id THEN presence.holder ELSE 0 END,"
                 " article_id = excluded.article_id",
    /* The tab that beats stays; of the others, the newest. */
    [D_TRIM] = "DELETE FROM presence WHERE user_id = ?1 AND tab <> ?3 AND tab NOT IN"
               " (SELECT tab FROM presence WHERE user_id = ?1 AND tab <> ?3 ORDER BY seen_at DESC, tab DESC"
               " LIMIT ?2)",
    [D_RELEASE] = "UPDATE presence SET holder = 0 WHERE article_id = ?1 AND holder = 1"
                  " AND NOT (user_id = ?2 AND tab = ?3)",
    [D_HOLD_IF_FREE] = "UPDATE presence SET holder = 1, held_since = ?4 WHERE user_id = ?2 AND tab = ?3"
                       " AND holder = 0 AND NOT EXISTS (SELECT 1 FROM presence WHERE article_id = ?1 AND holder = 1)",
    [D_HOLD] = "UPDATE presence SET holder = 1, held_since = ?4 WHERE user_id = ?2 AND tab = ?3 AND holder = 0"
               " AND article_id = ?1",
    [D_LIST] = "SELECT p.user_id, u.name, p.tab, p.seen_at, p.holder, p.held_since FROM presence p"
               " JOIN users u ON u.id = p.user_id WHERE p.article_id = ?1"
               " ORDER BY p.holder DESC, p.held_since, p.user_id, p.tab",
    [D_LEAVE] = "DELETE FROM presence WHERE user_id = ?1 AND tab = ?2",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *dstmt(connection *c, enum draft_stmt id) {
    return sqlite_stmt(c, SQLITE_DRAFT_FIRST + (int)id, draft_sql[id]);
}

int sqlite_draft_put(store *s, const article_draft *d) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = dstmt(c, D_PUT);
    sqlite3_bind_int64(st, 1, d->user_id);
    sqlite3_bind_int64(st, 2, d->article_id);
    sqlite_bind_text(st, 3, d->fields);
    sqlite3_bind_int64(st, 4, d->base_version);
    sqlite3_bind_int64(st, 5, d->saved_at);
    return sqlite_exec_done(c, st, "save draft");
}

int sqlite_draft_get(store *s, arena *a, int64_t user_id, int64_t article_id, article_draft *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = dstmt(c, D_GET);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, article_id);
    int rc = sqlite_step_one(c, st, "read draft");
    if (rc != STORE_OK) return rc;
    out->user_id = user_id;
    out->article_id = article_id;
    out->fields = sqlite_column_text(a, st, 0);
    out->base_version = sqlite3_column_int64(st, 1);
    out->saved_at = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_draft_delete(store *s, int64_t user_id, int64_t article_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = dstmt(c, D_DELETE);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, article_id);
    return sqlite_exec_done(c, st, "delete draft");
}

int sqlite_drafts_drop_article(connection *c, int64_t id) {
    sqlite3_stmt *st = dstmt(c, D_DROP_ARTICLE);
    sqlite3_bind_int64(st, 1, id);
    return sqlite_exec_done(c, st, "drop the article's drafts");
}

/* Runs one of the heartbeat's statements on (article ?1, user ?2, tab ?3,
** now ?4): STORE_OK, STORE_CONFLICT (another tab became the holder
** first), or the error's class. */
static int beat_step(connection *c, enum draft_stmt id, int64_t article_id, int64_t user_id, const char *tab,
                     int64_t now) {
    sqlite3_stmt *st = dstmt(c, id);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite_bind_text(st, 3, tab);
    sqlite3_bind_int64(st, 4, now);
    return sqlite_exec_done(c, st, "hold the article");
}

/* The open tabs of an article, holder first, strings in a. */
static int presence_list(connection *c, arena *a, int64_t article_id, presence **out, size_t *count) {
    sqlite3_stmt *st = dstmt(c, D_LIST);
    sqlite3_bind_int64(st, 1, article_id);
    size_t n = 0, cap = 0;
    presence *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        presence *p = &items[n++];
        p->user_id = sqlite3_column_int64(st, 0);
        p->user_name = sqlite_column_text(a, st, 1);
        p->tab = sqlite_column_text(a, st, 2);
        p->seen_at = sqlite3_column_int64(st, 3);
        p->holder = sqlite3_column_int(st, 4) != 0;
        p->held_since = sqlite3_column_int64(st, 5);
    }
    if (rc != SQLITE_DONE) {
        int result = sqlite_fail(c, "list who has the article open");
        sqlite3_reset(st);
        return result;
    }
    sqlite3_reset(st);
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_presence_beat(store *s, arena *a, int64_t article_id, int64_t user_id, const char *tab, int64_t now,
                         int64_t stale_before, int max_tabs, bool take_over, presence **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = dstmt(c, D_SWEEP);
    sqlite3_bind_int64(st, 1, stale_before);
    int rc = sqlite_exec_done(c, st, "forget closed editors");
    if (rc != STORE_OK) return rc;
    st = dstmt(c, D_RECORD);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite_bind_text(st, 2, tab);
    sqlite3_bind_int64(st, 3, article_id);
    sqlite3_bind_int64(st, 4, now);
    if ((rc = sqlite_exec_done(c, st, "record an open editor")) != STORE_OK) return rc;
    st = dstmt(c, D_TRIM);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, max_tabs - 1);
    sqlite_bind_text(st, 3, tab);
    if ((rc = sqlite_exec_done(c, st, "forget a person's oldest editors")) != STORE_OK) return rc;
    if (take_over && (rc = beat_step(c, D_RELEASE, article_id, user_id, tab, now)) != STORE_OK) return rc;
    rc = beat_step(c, take_over ? D_HOLD : D_HOLD_IF_FREE, article_id, user_id, tab, now);
    if (rc != STORE_OK && rc != STORE_CONFLICT) return rc; /* a conflict: another tab holds it now */
    return presence_list(c, a, article_id, out, count);
}

int sqlite_presence_leave(store *s, int64_t user_id, const char *tab) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = dstmt(c, D_LEAVE);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite_bind_text(st, 2, tab);
    return sqlite_exec_done(c, st, "forget an open editor");
}
