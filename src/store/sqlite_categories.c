/*
** Categories and view counts in the SQLite store: what the navigation and
** the counter read and write.
*/
#include "sqlite_internal.h"

#include <string.h>

enum category_stmt {
    C_CATEGORY_FIND, C_CATEGORY_INSERT, C_CATEGORY_TEXT, C_CATEGORY_POSITION, C_CATEGORIES, C_CATEGORY_BY_SLUG, C_VIEWS_GET, C_VIEWS_ADD,
    C_COUNT_OF
};
_Static_assert(C_COUNT_OF <= SQLITE_CATEGORY_SLOTS, "raise SQLITE_CATEGORY_SLOTS");

/* Columns of a category row: id, slug, name (NULL when unnamed), description, position. */
#define CATEGORY_COLUMNS                                                              \
    "SELECT c.id, c.slug, t.name, COALESCE(t.description, ''), c.position"           \
    " FROM categories c LEFT JOIN category_texts t ON t.category_id = c.id AND t.lang = ?1"
/* A category belongs to an edition once it is named in it or has articles
** there that readers can see (?9 is now). */
#define CATEGORY_IN_EDITION                                                           \
    " (t.name IS NOT NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.category_id = c.id" \
    " AND a.lang = ?1 AND a.status = 1 AND a.published_at <= ?9))"

static const char *const category_sql[C_COUNT_OF] = {
    [C_CATEGORY_FIND] = "SELECT id FROM categories WHERE slug = ?1",
    [C_CATEGORY_INSERT] =
        "INSERT INTO categories (slug, position)"
        " VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))",
    [C_CATEGORY_TEXT] =
        "INSERT INTO category_texts (category_id, lang, name, description) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (category_id, lang) DO UPDATE"
        " SET name = excluded.name, description = excluded.description",
    [C_CATEGORY_POSITION] = "UPDATE categories SET position = ?2 WHERE id = ?1",
    [C_CATEGORIES] = CATEGORY_COLUMNS " WHERE" CATEGORY_IN_EDITION " ORDER BY c.position, c.id",
    [C_CATEGORY_BY_SLUG] = CATEGORY_COLUMNS " WHERE c.slug = ?2 AND" CATEGORY_IN_EDITION,
    [C_VIEWS_GET] = "SELECT count FROM article_views WHERE article_id = ?1",
    [C_VIEWS_ADD] =
        "INSERT INTO article_views (article_id, count)"
        " SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)"
        " ON CONFLICT (article_id) DO UPDATE SET count = count + excluded.count",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *stmt(connection *c, enum category_stmt id) {
    return sqlite_stmt(c, SQLITE_CATEGORY_FIRST + (int)id, category_sql[id]);
}

/* ------------------------------------------------------------ categories */

int sqlite_category_find(store *s, const char *slug, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORY_FIND);
    sqlite_bind_text(st, 1, slug);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find category");
}

int sqlite_category_ensure(store *s, const char *slug, int64_t *id) {
    int rc = store_category_find(s, slug, id);
    if (rc != STORE_NOT_FOUND) return rc;
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORY_INSERT);
    sqlite_bind_text(st, 1, slug);
    if ((rc = sqlite_exec_done(c, st, "create category")) != STORE_OK) return rc;
    *id = sqlite3_last_insert_rowid(c->db);
    return STORE_OK;
}

int sqlite_category_set_text(store *s, int64_t id, const char *lang, const char *name,
                            const char *description) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORY_TEXT);
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, lang);
    sqlite_bind_text(st, 3, name);
    sqlite_bind_text(st, 4, description ? description : "");
    return sqlite_exec_done(c, st, "name category");
}

int sqlite_category_set_position(store *s, int64_t id, int position) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORY_POSITION);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, position);
    return sqlite_exec_done(c, st, "order category");
}

static void read_category(arena *a, sqlite3_stmt *st, category *out) {
    out->id = sqlite3_column_int64(st, 0);
    out->slug = sqlite_column_text(a, st, 1);
    out->name = sqlite_column_text(a, st, 2);
    if (!out->name) out->name = store_default_category_name(a, out->slug);
    out->description = sqlite_column_text(a, st, 3);
    out->position = sqlite3_column_int(st, 4);
}

int sqlite_categories(store *s, arena *a, const char *lang, category **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORIES);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 9, sqlite_now());
    size_t n = 0, cap = 16;
    category *items = arena_alloc(a, cap * sizeof *items);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            category *bigger = arena_alloc(a, 2 * cap * sizeof *items);
            memcpy(bigger, items, n * sizeof *items);
            items = bigger;
            cap *= 2;
        }
        read_category(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list categories");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_category_by_slug(store *s, arena *a, const char *lang, const char *slug,
                           category *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_CATEGORY_BY_SLUG);
    sqlite_bind_text(st, 1, lang);
    sqlite_bind_text(st, 2, slug);
    sqlite3_bind_int64(st, 9, sqlite_now());
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) read_category(a, st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return STORE_OK;
    return rc == SQLITE_DONE ? STORE_NOT_FOUND : sqlite_fail(c, "find category");
}

/* ----------------------------------------------------------------- views */

int sqlite_views_get(store *s, int64_t article_id, int64_t *views) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_VIEWS_GET);
    sqlite3_bind_int64(st, 1, article_id);
    int rc = sqlite3_step(st);
    *views = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "read views");
}

int sqlite_views_add(store *s, const int64_t *article_ids, const int64_t *counts, size_t n) {
    if (n == 0) return STORE_OK;
    connection *c = sqlite_conn(s);
    /* Counts are cheap to lose a few of on a power cut, and they come
    ** every few seconds: this connection (the counter's own thread) does
    ** not wait for the disk to confirm each batch. */
    if (!c->cheap_sync) {
        if (sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK)
            return sqlite_fail(c, "count views");
        c->cheap_sync = true;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERROR;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = stmt(c, C_VIEWS_ADD);
        sqlite3_bind_int64(st, 1, article_ids[i]);
        sqlite3_bind_int64(st, 2, counts[i]);
        if (sqlite_exec_done(c, st, "count views") != STORE_OK) {
            store_rollback(s);
            return STORE_ERROR;
        }
    }
    return store_commit(s);
}
