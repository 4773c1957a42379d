/*
** What imports from another system keep, on SQLite (store.h): which
** article or page each imported item became (import_links), and the old
** site's addresses that lead to them (old_addresses), migration 26.
*/
#include "sqlite_internal.h"

#include <stdio.h>
#include <string.h>

enum import_stmt { I_LINK_FIND, I_LINK_PUT, I_ADDRESS_PUT, I_ADDRESS_FIND, I_COUNT_OF };
_Static_assert(I_COUNT_OF <= SQLITE_IMPORT_SLOTS, "raise SQLITE_IMPORT_SLOTS");

static const char *const import_sql[I_COUNT_OF] = {
    [I_LINK_FIND] = "SELECT page, target_id, version, digest FROM import_links WHERE source = ?1 AND external_id = ?2",
    [I_LINK_PUT] = ("INSERT OR REPLACE INTO import_links (source, external_id, page, target_id, version, digest)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
    [I_ADDRESS_PUT] = ("INSERT OR REPLACE INTO old_addresses (path, article_id, page_id, target)"
                       " VALUES (?1, NULLIF(?2, 0), NULLIF(?3, 0), ?4)"),
    [I_ADDRESS_FIND] = ("SELECT COALESCE(article_id, 0), COALESCE(page_id, 0), target FROM old_addresses"
                        " WHERE path = ?1"),
};

static sqlite3_stmt *istmt(connection *c, int q) { return sqlite_stmt(c, SQLITE_IMPORT_FIRST + q, import_sql[q]); }

int sqlite_import_link_find(store *s, const char *source, int64_t external_id, import_link *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = istmt(c, I_LINK_FIND);
    sqlite_bind_text(st, 1, source);
    sqlite3_bind_int64(st, 2, external_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (import_link){sqlite3_column_int(st, 0) != 0, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), ""};
        const unsigned char *d = sqlite3_column_text(st, 3);
        snprintf(out->digest, sizeof out->digest, "%s", d ? (const char *)d : "");
    }
    int result = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find an import's link");
    sqlite3_reset(st);
    return result;
}

int sqlite_import_link_put(store *s, const char *source, int64_t external_id, const import_link *link) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = istmt(c, I_LINK_PUT);
    sqlite_bind_text(st, 1, source);
    sqlite3_bind_int64(st, 2, external_id);
    sqlite3_bind_int(st, 3, link->page);
    sqlite3_bind_int64(st, 4, link->target_id);
    sqlite3_bind_int64(st, 5, link->version);
    sqlite_bind_text(st, 6, link->digest);
    return sqlite_exec_done(c, st, "keep an import's link");
}

int sqlite_old_address_put(store *s, const char *path, const old_address *to) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = istmt(c, I_ADDRESS_PUT);
    sqlite_bind_text(st, 1, path);
    sqlite3_bind_int64(st, 2, to->article_id);
    sqlite3_bind_int64(st, 3, to->page_id);
    if (to->target) sqlite_bind_text(st, 4, to->target);
    else sqlite3_bind_null(st, 4);
    return sqlite_exec_done(c, st, "keep an old address");
}

int sqlite_old_address_find(store *s, arena *a, const char *path, old_address *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = istmt(c, I_ADDRESS_FIND);
    sqlite_bind_text(st, 1, path);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (old_address){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                             sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : sqlite_column_text(a, st, 2)};
    int result = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find an old address");
    sqlite3_reset(st);
    return result;
}
