/*
** Images' bytes in a SQLite database (media_files, store.h). A SQLite site
** keeps its images as files beside the database (store_media_in_database
** is false); these serve gazette copy and sites moved from PostgreSQL.
*/
#include "sqlite_internal.h"

#include <string.h>

enum { M_PUT, M_GET, M_SIZE, M_COUNT_OF };
_Static_assert(M_COUNT_OF <= SQLITE_MEDIA_SLOTS, "raise SQLITE_MEDIA_SLOTS");

static const char *const media_sql[M_COUNT_OF] = {
    [M_PUT] = "INSERT INTO media_files (name, data) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
    [M_GET] = "SELECT data FROM media_files WHERE name = ?1",
    [M_SIZE] = "SELECT length(data) FROM media_files WHERE name = ?1",
};

static sqlite3_stmt *mstmt(connection *c, int id) { return sqlite_stmt(c, SQLITE_MEDIA_FIRST + id, media_sql[id]); }

bool sqlite_media_in_database(store *s) {
    (void)s;
    return false;
}

int sqlite_media_file_put(store *s, const char *name, const void *data, size_t len) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = mstmt(c, M_PUT);
    sqlite_bind_text(st, 1, name);
    sqlite3_bind_blob64(st, 2, data, len, SQLITE_STATIC);
    return sqlite_exec_done(c, st, "keep image");
}

int sqlite_media_file_get(store *s, arena *a, const char *name, const void **data, size_t *len) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = mstmt(c, M_GET);
    sqlite_bind_text(st, 1, name);
    int rc = sqlite_step_one(c, st, "read image");
    if (rc != STORE_OK) return rc;
    *len = (size_t)sqlite3_column_bytes(st, 0);
    void *copy = arena_alloc(a, *len ? *len : 1);
    if (*len) memcpy(copy, sqlite3_column_blob(st, 0), *len);
    *data = copy;
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_media_file_size(store *s, const char *name, int64_t *len) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = mstmt(c, M_SIZE);
    sqlite_bind_text(st, 1, name);
    int rc = sqlite_step_one(c, st, "size image");
    if (rc != STORE_OK) return rc;
    *len = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}
