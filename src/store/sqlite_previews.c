/*
** Preview links (store.h): the SQLite store's part; postgres_previews.c
** does the same on PostgreSQL. A link is found by the hash of its token,
** and only while it is live (before its end, not revoked). Links are not
** content readers see: nothing here touches the change log.
*/
#include "sqlite_internal.h"

enum preview_stmt { P_ADD, P_FIND, P_LIST, P_REVOKE, P_COUNT_OF };
_Static_assert(P_COUNT_OF <= SQLITE_PREVIEW_SLOTS, "raise SQLITE_PREVIEW_SLOTS");

static const char *const preview_sql[P_COUNT_OF] = {
    [P_ADD] = "INSERT INTO preview_links (article_id, token_hash, created_by, created_at, expires_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5)",
    [P_FIND] = "SELECT article_id FROM preview_links WHERE token_hash = ?1 AND expires_at > ?2"
               " AND revoked_at IS NULL",
    [P_LIST] = "SELECT id, created_by, created_at, expires_at FROM preview_links"
               " WHERE article_id = ?1 AND expires_at > ?2 AND revoked_at IS NULL ORDER BY id DESC LIMIT 50",
    [P_REVOKE] = "UPDATE preview_links SET revoked_at = ?3 WHERE id = ?2 AND article_id = ?1"
                 " AND revoked_at IS NULL AND expires_at > ?3",
};

static sqlite3_stmt *pstmt(connection *c, enum preview_stmt id) {
    return sqlite_stmt(c, SQLITE_PREVIEW_FIRST + (int)id, preview_sql[id]);
}

int sqlite_preview_add(store *s, int64_t article_id, const unsigned char *token_hash, size_t hash_len,
                       const char *created_by, int64_t now, int64_t expires_at, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_ADD);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_blob(st, 2, token_hash, (int)hash_len, SQLITE_STATIC);
    sqlite_bind_text(st, 3, created_by);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, expires_at);
    int rc = sqlite_exec_done(c, st, "make a preview link");
    if (rc == STORE_OK) *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

int sqlite_preview_find(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now,
                        int64_t *article_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_FIND);
    sqlite3_bind_blob(st, 1, token_hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite_step_one(c, st, "find a preview link");
    if (rc != STORE_OK) return rc;
    *article_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_previews(store *s, arena *a, int64_t article_id, int64_t now, preview_link **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_LIST);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, now);
    size_t n = 0, cap = 0;
    preview_link *items = NULL;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        items[n++] = (preview_link){.id = sqlite3_column_int64(st, 0), .article_id = article_id,
                                    .created_by = sqlite_column_text(a, st, 1),
                                    .created_at = sqlite3_column_int64(st, 2),
                                    .expires_at = sqlite3_column_int64(st, 3)};
    }
    if (step != SQLITE_DONE) return sqlite_fail(c, "list preview links");
    sqlite3_reset(st);
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_preview_revoke(store *s, int64_t article_id, int64_t id, int64_t now) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_REVOKE);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite_exec_done(c, st, "revoke a preview link");
    if (rc == STORE_OK && sqlite3_changes(c->db) == 0) return STORE_NOT_FOUND;
    return rc;
}
