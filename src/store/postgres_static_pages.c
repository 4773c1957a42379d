/*
** An edition's static pages in the PostgreSQL store: sqlite_static_pages.c's
** semantics, statement for statement. A published page's change is logged
** for readers (a trigger), so every write takes the content lock first
** (pg_write_begin).
*/
#include "postgres_internal.h"

#include <string.h>

enum page_stmt {
    P_BY_SLUG, P_BY_ID, P_LIST, P_MENU, P_INSERT, P_UPDATE, P_VERSION, P_DELETE, P_COUNT_OF
};
_Static_assert(P_COUNT_OF <= PG_STATIC_PAGE_SLOTS, "raise PG_STATIC_PAGE_SLOTS");

#define PAGE_COLUMNS                                                                        \
    "SELECT id, lang, slug, title, description, published, menu_position, version,"         \
    " created_at, updated_at, updated_by, body_html"
#define PAGE_ORDER " ORDER BY lang, menu_position = 0, menu_position, title, id"

static const char *const page_sql[P_COUNT_OF] = {
    [P_BY_SLUG] = PAGE_COLUMNS " FROM pages WHERE lang = $1 AND slug = $2 AND published >= $3",
    [P_BY_ID] = PAGE_COLUMNS ", body_markdown FROM pages WHERE id = $1",
    [P_LIST] = PAGE_COLUMNS " FROM pages WHERE ($1::text IS NULL OR lang = $1) AND published >= $2"
               PAGE_ORDER " LIMIT $3",
    [P_MENU] = PAGE_COLUMNS " FROM pages WHERE published = 1 AND menu_position > 0" PAGE_ORDER " LIMIT $1",
    [P_INSERT] = "INSERT INTO pages (lang, slug, title, description, body_markdown, body_html,"
                 " published, menu_position, updated_by, created_at, updated_at)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    [P_UPDATE] = "UPDATE pages SET lang = $1, slug = $2, title = $3, description = $4,"
                 " body_markdown = $5, body_html = $6, published = $7, menu_position = $8,"
                 " updated_by = $9, updated_at = $10, version = version + 1"
                 " WHERE id = $11 AND ($12::bigint = 0 OR version = $12::bigint) RETURNING version",
    [P_VERSION] = "SELECT version FROM pages WHERE id = $1",
    [P_DELETE] = "DELETE FROM pages WHERE id = $1",
};

/* Reads row of a PAGE_COLUMNS result (with the Markdown after it, when
** with_markdown) into out, strings copied into a. */
static void read_page(arena *a, const PGresult *r, int row, bool with_markdown, static_page *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, row, 0);
    out->lang = pg_get_text(a, r, row, 1);
    out->slug = pg_get_text(a, r, row, 2);
    out->title = pg_get_text(a, r, row, 3);
    out->description = pg_get_text(a, r, row, 4);
    out->published = pg_get_int(r, row, 5) != 0;
    out->menu_position = (int)pg_get_int(r, row, 6);
    out->version = pg_get_int(r, row, 7);
    out->created_at = pg_get_int(r, row, 8);
    out->updated_at = pg_get_int(r, row, 9);
    out->updated_by = pg_get_text(a, r, row, 10);
    out->body_html = pg_get_text(a, r, row, 11);
    if (with_markdown) out->body_markdown = pg_get_text(a, r, row, 12);
}

/* One page by statement id with p. */
static int one_page(store *s, arena *a, enum page_stmt id, const pg_params *p, static_page *out) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query_one(c, PG_STATIC_PAGE_FIRST + (int)id, page_sql[id], p, &rc, "find page");
    if (!r) return rc;
    read_page(a, r, 0, id == P_BY_ID, out);
    PQclear(r);
    return STORE_OK;
}

int postgres_page_by_slug(store *s, arena *a, const char *lang, const char *slug, bool published_only,
                          static_page *out) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_text(&p, slug);
    pg_int(&p, published_only ? 1 : 0);
    return one_page(s, a, P_BY_SLUG, &p, out);
}

int postgres_page_by_id(store *s, arena *a, int64_t id, static_page *out) {
    pg_params p = {0};
    pg_int(&p, id);
    return one_page(s, a, P_BY_ID, &p, out);
}

/* The pages a list statement id finds with p (bodies left out), in a. */
static int page_rows(store *s, arena *a, enum page_stmt id, const pg_params *p, static_page **out,
                     size_t *count) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query(c, PG_STATIC_PAGE_FIRST + (int)id, page_sql[id], p, &rc, "list pages");
    if (!r) return rc;
    int n = PQntuples(r);
    static_page *items = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) {
        read_page(a, r, i, false, &items[i]);
        items[i].body_html = NULL;
    }
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}

int postgres_pages(store *s, arena *a, const char *lang, bool published_only, static_page **out,
                   size_t *count) {
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, published_only ? 1 : 0);
    pg_int(&p, PAGES_MAX);
    return page_rows(s, a, P_LIST, &p, out, count);
}

int postgres_pages_menu(store *s, arena *a, static_page **out, size_t *count) {
    pg_params p = {0};
    pg_int(&p, PAGES_MAX);
    return page_rows(s, a, P_MENU, &p, out, count);
}

/* Adds a page's fields ($1 to $9) and the time ($10). */
static void bind_page(pg_params *p, const static_page *in) {
    pg_text(p, in->lang);
    pg_text(p, in->slug);
    pg_text(p, in->title);
    pg_text(p, in->description ? in->description : "");
    pg_text(p, in->body_markdown ? in->body_markdown : "");
    pg_text(p, in->body_html ? in->body_html : "");
    pg_int(p, in->published ? 1 : 0);
    pg_int(p, in->menu_position > 0 ? in->menu_position : 0);
    pg_text(p, in->updated_by ? in->updated_by : "");
    pg_int(p, pg_now());
}

int postgres_page_add(store *s, const static_page *in, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    bind_page(&p, in);
    PGresult *r = pg_query_guarded(c, PG_STATIC_PAGE_FIRST + P_INSERT, page_sql[P_INSERT], &p, &rc, "add page");
    if (r) {
        *id = pg_get_int(r, 0, 0);
        PQclear(r);
    }
    return pg_write_end(s, own, rc);
}

int postgres_page_update(store *s, int64_t id, const static_page *in, int64_t expected_version,
                         int64_t *version) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    bind_page(&p, in);
    pg_int(&p, id);
    pg_int(&p, expected_version);
    PGresult *r = pg_query_guarded(c, PG_STATIC_PAGE_FIRST + P_UPDATE, page_sql[P_UPDATE], &p, &rc, "update page");
    if (r) {
        if (PQntuples(r) > 0) *version = pg_get_int(r, 0, 0);
        else rc = STORE_STALE;
        PQclear(r);
    }
    if (rc == STORE_STALE) {
        /* Nothing changed: no such page, or not at that version. */
        pg_params q = {0};
        pg_int(&q, id);
        PGresult *v = pg_query_one(c, PG_STATIC_PAGE_FIRST + P_VERSION, page_sql[P_VERSION], &q, &rc, "find page");
        if (v) {
            PQclear(v);
            rc = STORE_STALE;
        }
    }
    return pg_write_end(s, own, rc);
}

int postgres_page_delete(store *s, int64_t id) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, id);
    int64_t rows = 0;
    rc = pg_exec(c, PG_STATIC_PAGE_FIRST + P_DELETE, page_sql[P_DELETE], &p, &rows, "delete page");
    if (rc == STORE_OK && rows == 0) rc = STORE_NOT_FOUND;
    return pg_write_end(s, own, rc);
}
