/*
** Categories and view counts in the SQLite store: what the navigation and
** the counter read and write, and the most-read lists the counts make.
*/
#include "sqlite_internal.h"

#include <string.h>

enum category_stmt {
    C_CATEGORY_FIND, C_CATEGORY_INSERT, C_CATEGORY_TEXT, C_CATEGORY_POSITION, C_CATEGORIES, C_CATEGORY_BY_SLUG, C_VIEWS_GET, C_VIEWS_ADD,
    C_VIEWS_HOUR_ADD, C_VIEWS_ROLLUP, C_VIEWS_ROLLED, C_MOST_READ,
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
    /* ?3 is the hour's start. */
    [C_VIEWS_HOUR_ADD] =
        "INSERT INTO article_views_hourly (article_id, hour_start, count)"
        " SELECT ?1, ?3, ?2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)"
        " ON CONFLICT (article_id, hour_start) DO UPDATE SET count = count + excluded.count",
    /* The oldest ?2 buckets that start before ?1, added to their days'
    ** totals, then deleted: the same rows both times (one order over the
    ** key, in one transaction). */
#define ROLLED_BUCKETS                                                                \
    "SELECT article_id, hour_start, count FROM article_views_hourly WHERE hour_start < ?1" \
    " ORDER BY hour_start, article_id LIMIT ?2"
    [C_VIEWS_ROLLUP] =
        "INSERT INTO article_views_daily (article_id, day_start, count)"
        " SELECT article_id, hour_start - hour_start % 86400, SUM(count) FROM (" ROLLED_BUCKETS ")"
        " WHERE true GROUP BY 1, 2"
        " ON CONFLICT (article_id, day_start) DO UPDATE SET count = count + excluded.count",
    [C_VIEWS_ROLLED] =
        "DELETE FROM article_views_hourly WHERE (article_id, hour_start) IN"
        " (SELECT article_id, hour_start FROM (" ROLLED_BUCKETS "))",
#undef ROLLED_BUCKETS
    /* The window's buckets of the edition's visible articles (?1 the
    ** edition, ?2 the window's first hour, ?3 now), summed per article;
    ** the ?4 most read, then their columns. */
    [C_MOST_READ] =
        ARTICLE_SELECT_WITH("NULL") ", top.n" ARTICLE_FROM
        " JOIN (SELECT x.id, SUM(h.count) AS n FROM article_views_hourly h JOIN articles x ON x.id = h.article_id"
        "   WHERE h.hour_start >= ?2 AND x.lang = ?1 AND x.status = 1 AND x.published_at <= ?3"
        "   GROUP BY x.id ORDER BY n DESC, x.published_at DESC, x.id DESC LIMIT ?4) top ON top.id = a.id"
        " ORDER BY top.n DESC, a.published_at DESC, a.id DESC",
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

/* Runs one of the rollup's statements on the buckets before cutoff. */
static int rollup_step(connection *c, enum category_stmt id, int64_t cutoff, const char *what) {
    sqlite3_stmt *st = stmt(c, id);
    sqlite3_bind_int64(st, 1, cutoff);
    sqlite3_bind_int(st, 2, STORE_VIEWS_ROLLUP_MAX);
    return sqlite_exec_done(c, st, what);
}

int sqlite_views_add(store *s, int64_t at, const int64_t *article_ids, const int64_t *counts, size_t n) {
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
    int64_t hour = at - at % 3600;
    if (store_begin(s) != STORE_OK) return STORE_ERROR;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = stmt(c, C_VIEWS_ADD);
        sqlite3_bind_int64(st, 1, article_ids[i]);
        sqlite3_bind_int64(st, 2, counts[i]);
        int rc = sqlite_exec_done(c, st, "count views");
        if (rc == STORE_OK) {
            st = stmt(c, C_VIEWS_HOUR_ADD);
            sqlite3_bind_int64(st, 1, article_ids[i]);
            sqlite3_bind_int64(st, 2, counts[i]);
            sqlite3_bind_int64(st, 3, hour);
            rc = sqlite_exec_done(c, st, "count views by the hour");
        }
        if (rc != STORE_OK) {
            store_rollback(s);
            return rc;
        }
    }
    int64_t cutoff = hour - (int64_t)STORE_VIEWS_HOURLY_DAYS * 86400;
    if (rollup_step(c, C_VIEWS_ROLLUP, cutoff, "total old views by the day") != STORE_OK ||
        rollup_step(c, C_VIEWS_ROLLED, cutoff, "forget old views by the hour") != STORE_OK) {
        store_rollback(s);
        return STORE_ERROR;
    }
    return store_commit(s);
}

int sqlite_most_read(store *s, arena *a, const char *lang, int64_t since, int64_t now, int limit, article **out,
                     int64_t **views, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = stmt(c, C_MOST_READ);
    sqlite_bind_text(st, 1, lang);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int(st, 4, limit);
    size_t n = 0, cap = 0, views_cap = 0;
    article *items = NULL;
    int64_t *numbers = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        numbers = sqlite_grow(a, numbers, n, &views_cap, sizeof *numbers);
        sqlite_read_article(a, st, &items[n]);
        numbers[n++] = sqlite3_column_int64(st, ARTICLE_COLUMN_COUNT);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "most read");
    *out = items;
    *views = numbers;
    *count = n;
    return STORE_OK;
}
