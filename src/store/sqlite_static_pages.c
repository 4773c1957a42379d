/*
** An edition's static pages in the SQLite store (the pages table,
** migration 18). See store.h.
*/
#include "sqlite_internal.h"

#include <string.h>

enum page_stmt {
    P_BY_SLUG, P_BY_ID, P_LIST, P_MENU, P_INSERT, P_UPDATE, P_VERSION, P_DELETE, P_COUNT_OF
};
_Static_assert(P_COUNT_OF <= SQLITE_PAGE_SLOTS, "raise SQLITE_PAGE_SLOTS");

/* What every read takes; the body's Markdown is column 12 where asked. */
#define PAGE_COLUMNS                                                                        \
    "SELECT id, lang, slug, title, description, published, menu_position, version,"         \
    " created_at, updated_at, updated_by, body_html"
#define PAGE_ORDER " ORDER BY lang, menu_position = 0, menu_position, title, id"

static const char *const page_sql[P_COUNT_OF] = {
    [P_BY_SLUG] = PAGE_COLUMNS " FROM pages WHERE lang = ?1 AND slug = ?2 AND published >= ?3",
    [P_BY_ID] = PAGE_COLUMNS ", body_markdown FROM pages WHERE id = ?1",
    [P_LIST] = PAGE_COLUMNS " FROM pages WHERE (?1 IS NULL OR lang = ?1) AND published >= ?2"
               PAGE_ORDER " LIMIT ?3",
    [P_MENU] = PAGE_COLUMNS " FROM pages WHERE published = 1 AND menu_position > 0"
               PAGE_ORDER " LIMIT ?1",
    [P_INSERT] = "INSERT INTO pages (lang, slug, title, description, body_markdown, body_html,"
                 " published, menu_position, updated_by, created_at, updated_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    [P_UPDATE] = "UPDATE pages SET lang = ?1, slug = ?2, title = ?3, description = ?4,"
                 " body_markdown = ?5, body_html = ?6, published = ?7, menu_position = ?8,"
                 " updated_by = ?9, updated_at = ?10, version = version + 1"
                 " WHERE id = ?11 AND (?12 = 0 OR version = ?12) RETURNING version",
    [P_VERSION] = "SELECT version FROM pages WHERE id = ?1",
    [P_DELETE] = "DELETE FROM pages WHERE id = ?1",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *pstmt(connection *c, enum page_stmt id) {
    return sqlite_stmt(c, SQLITE_PAGE_FIRST + (int)id, page_sql[id]);
}

/* Reads a row of PAGE_COLUMNS (and the Markdown, when with_markdown) into
** out, strings copied into a. */
static void read_page(arena *a, sqlite3_stmt *st, bool with_markdown, static_page *out) {
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->lang = sqlite_column_text(a, st, 1);
    out->slug = sqlite_column_text(a, st, 2);
    out->title = sqlite_column_text(a, st, 3);
    out->description = sqlite_column_text(a, st, 4);
    out->published = sqlite3_column_int(st, 5) != 0;
    out->menu_position = sqlite3_column_int(st, 6);
    out->version = sqlite3_column_int64(st, 7);
    out->created_at = sqlite3_column_int64(st, 8);
    out->updated_at = sqlite3_column_int64(st, 9);
    out->updated_by = sqlite_column_text(a, st, 10);
    out->body_html = sqlite_column_text(a, st, 11);
    if (with_markdown) out->body_markdown = sqlite_column_text(a, st, 12);
}

/* Runs a bound statement for at most one page. */
static int one_page(connection *c, sqlite3_stmt *st, arena *a, bool with_markdown, static_page *out) {
    int rc = sqlite_step_one(c, st, "find page");
    if (rc != STORE_OK) return rc;
    read_page(a, st, with_markdown, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_page_by_slug(store *s, arena *a, const char *lang, const char *slug, bool published_only,
                        static_page *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_BY_SLUG);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, slug);
    sqlite3_bind_int(st, 3, published_only ? 1 : 0);
    return one_page(c, st, a, false, out);
}

int sqlite_page_by_id(store *s, arena *a, int64_t id, static_page *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_BY_ID);
    sqlite3_bind_int64(st, 1, id);
    return one_page(c, st, a, true, out);
}

/* Steps a bound list statement into *out (bodies left out), in a. */
static int page_rows(connection *c, sqlite3_stmt *st, arena *a, static_page **out, size_t *count) {
    static_page *items = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        read_page(a, st, false, &items[n]);
        items[n++].body_html = NULL;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list pages");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_pages(store *s, arena *a, const char *lang, bool published_only, static_page **out,
                 size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_LIST);
    if (lang) sqlite_bind_text(st, 1, lang);
    else sqlite3_bind_null(st, 1);
    sqlite3_bind_int(st, 2, published_only ? 1 : 0);
    sqlite3_bind_int(st, 3, PAGES_MAX);
    return page_rows(c, st, a, out, count);
}

int sqlite_pages_menu(store *s, arena *a, static_page **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_MENU);
    sqlite3_bind_int(st, 1, PAGES_MAX);
    return page_rows(c, st, a, out, count);
}

/* Binds a page's fields (?1 to ?9) and the time (?10). */
static void bind_page(sqlite3_stmt *st, const static_page *in) {
    sqlite_bind_text(st, 1, in->lang);
    sqlite_bind_text(st, 2, in->slug);
    sqlite_bind_text(st, 3, in->title);
    sqlite_bind_text(st, 4, in->description ? in->description : "");
    sqlite_bind_text(st, 5, in->body_markdown ? in->body_markdown : "");
    sqlite_bind_text(st, 6, in->body_html ? in->body_html : "");
    sqlite3_bind_int(st, 7, in->published ? 1 : 0);
    sqlite3_bind_int(st, 8, in->menu_position > 0 ? in->menu_position : 0);
    sqlite_bind_text(st, 9, in->updated_by ? in->updated_by : "");
    sqlite3_bind_int64(st, 10, sqlite_now());
}

int sqlite_page_add(store *s, const static_page *in, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_INSERT);
    bind_page(st, in);
    int rc = sqlite_exec_done(c, st, "add page");
    if (rc == STORE_OK) *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

int sqlite_page_update(store *s, int64_t id, const static_page *in, int64_t expected_version,
                       int64_t *version) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_UPDATE);
    bind_page(st, in);
    sqlite3_bind_int64(st, 11, id);
    sqlite3_bind_int64(st, 12, expected_version);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "update page");
    if (sqlite3_changes(c->db)) return STORE_OK;
    /* Nothing changed: no such page, or not at that version. */
    st = pstmt(c, P_VERSION);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite_step_one(c, st, "find page");
    sqlite3_reset(st);
    return rc == STORE_OK ? STORE_STALE : rc;
}

int sqlite_page_delete(store *s, int64_t id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = pstmt(c, P_DELETE);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_exec_done(c, st, "delete page");
    if (rc != STORE_OK) return rc;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}
