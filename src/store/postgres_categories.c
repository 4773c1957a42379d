/*
** Categories, view counts and the most-read lists in the PostgreSQL store
** (sqlite_categories.c there). Safe with several nodes writing at once:
**   - a category two nodes create together is made once (ON CONFLICT DO
**     NOTHING; the one that did not make it finds the other's);
**   - view counts are added to what is stored, never written over it, in
**     one transaction per batch, taking the rows in id order so that two
**     nodes' batches never wait for each other in a circle; the hourly
**     buckets beside the totals, and their rollup into daily totals, go
**     in the same transaction (which holds the content lock, as every
**     write does: two batches never run at once).
*/
#include "postgres_internal.h"
#include "../core/fatal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum category_stmt {
    C_CATEGORY_FIND, C_CATEGORY_INSERT, C_CATEGORY_TEXT, C_CATEGORY_POSITION, C_CATEGORIES,
    C_CATEGORY_BY_SLUG, C_VIEWS_GET, C_VIEWS_ADD, C_VIEWS_ROLLUP, C_MOST_READ,
    C_COUNT_OF
};
_Static_assert(C_COUNT_OF <= PG_CATEGORY_SLOTS, "raise PG_CATEGORY_SLOTS");

/* The writes take the content lock before their own rows (PG_CONTENT_LOCK
** in postgres_internal.h). */
#define CONTENT_LOCK PG_CONTENT_LOCK

static const char *const category_sql[C_COUNT_OF] = {
    [C_CATEGORY_FIND] = "SELECT id FROM categories WHERE slug = $1",
    /* Last in the navigation. Two nodes creating two categories at once
    ** may give both the same position (each reads the greatest before
    ** the other's commits): harmless, as the navigation orders ties by id,
    ** and an editor's ordering sets positions anew. */
    [C_CATEGORY_INSERT] =
        "INSERT INTO categories (slug, position)"
        " SELECT $1::text, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories)"
        " FROM " CONTENT_LOCK
        " ON CONFLICT (slug) DO NOTHING RETURNING id",
    [C_CATEGORY_TEXT] =
        "INSERT INTO category_texts (category_id, lang, name, description)"
        " SELECT $1::bigint, $2::text, $3::text, $4::text FROM " CONTENT_LOCK
        " ON CONFLICT (category_id, lang) DO UPDATE"
        " SET name = EXCLUDED.name, description = EXCLUDED.description",
    [C_CATEGORY_POSITION] =
        "UPDATE categories SET position = $2 FROM " CONTENT_LOCK " WHERE id = $1",
    [C_CATEGORIES] = PG_CATEGORY_SELECT PG_CATEGORY_FROM " WHERE" PG_CATEGORY_IN_EDITION " ORDER BY c.position, c.id",
    [C_CATEGORY_BY_SLUG] = PG_CATEGORY_SELECT PG_CATEGORY_FROM " WHERE c.slug = $3 AND" PG_CATEGORY_IN_EDITION,
    [C_VIEWS_GET] = "SELECT count FROM article_views WHERE article_id = $1",
    /* Nothing for an article deleted meanwhile (its views go with it, as
    ** in SQLite). The article's row is share-locked, so that a deletion
    ** running at the same time either happens first (no row) or waits
    ** for this batch: the foreign key never fails the batch. */
    /* The total, then the bucket of the hour $3 (when the total was
    ** written: the article is there). */
    [C_VIEWS_ADD] =
        "WITH total AS (INSERT INTO article_views (article_id, count)"
        " SELECT $1::bigint, $2::bigint"
        " WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1 FOR KEY SHARE)"
        " ON CONFLICT (article_id) DO UPDATE SET count = article_views.count + EXCLUDED.count"
        " RETURNING article_id)"
        " INSERT INTO article_views_hourly (article_id, hour_start, count)"
        " SELECT article_id, $3::bigint, $2::bigint FROM total"
        " ON CONFLICT (article_id, hour_start) DO UPDATE SET count = article_views_hourly.count + EXCLUDED.count",
    /* The oldest $2 buckets that start before $1, deleted and added to
    ** their days' totals (in key order, as every writer takes rows). */
    [C_VIEWS_ROLLUP] =
        "WITH gone AS (DELETE FROM article_views_hourly WHERE (article_id, hour_start) IN"
        " (SELECT article_id, hour_start FROM article_views_hourly WHERE hour_start < $1"
        "  ORDER BY hour_start, article_id LIMIT $2)"
        " RETURNING article_id, hour_start, count)"
        " INSERT INTO article_views_daily (article_id, day_start, count)"
        " SELECT article_id, hour_start - hour_start % 86400, SUM(count) FROM gone GROUP BY 1, 2 ORDER BY 1, 2"
        " ON CONFLICT (article_id, day_start) DO UPDATE SET count = article_views_daily.count + EXCLUDED.count",
    [C_MOST_READ] = NULL, /* made of PG_ARTICLE_SELECT_WITH (most_read_sql) */
};

/* C_MOST_READ: the window's buckets of the edition's visible articles ($1
** the edition, $2 the window's first hour, $3 now), summed per article;
** the $4 most read, then their columns. Made once. */
static char most_read_text[3072];
static pthread_once_t most_read_once = PTHREAD_ONCE_INIT;

static void build_most_read(void) {
    int n = snprintf(most_read_text, sizeof most_read_text,
                     PG_ARTICLE_SELECT_WITH("c.slug, t.name") ", top.n"
                     " FROM (SELECT x.id, SUM(h.count) AS n FROM article_views_hourly h"
                     "   JOIN articles x ON x.id = h.article_id"
                     "   WHERE h.hour_start >= $2 AND x.lang = $1 AND x.status = 1 AND x.published_at <= $3"
                     "   GROUP BY x.id ORDER BY n DESC, x.published_at DESC, x.id DESC LIMIT $4) top"
                     " JOIN articles a ON a.id = top.id JOIN categories c ON c.id = a.category_id"
                     " LEFT JOIN category_texts t ON t.category_id = c.id AND t.lang = a.lang"
                     " LEFT JOIN media m ON m.id = a.lead_image_id"
                     " ORDER BY top.n DESC, a.published_at DESC, a.id DESC",
                     "NULL");
    if (n < 0 || (size_t)n >= sizeof most_read_text) fatal("the most-read statement is too long");
}

/* The SQL of a statement of this file. */
static const char *sql_of(enum category_stmt id) {
    if (id != C_MOST_READ) return category_sql[id];
    pthread_once(&most_read_once, build_most_read);
    return most_read_text;
}

/* Runs a statement of this file that returns one row or none. */
static PGresult *query_one(pg_conn *c, enum category_stmt id, const pg_params *p, int *rc,
                           const char *what) {
    return pg_query_one(c, PG_CATEGORY_FIRST + (int)id, sql_of(id), p, rc, what);
}

/* Runs a statement of this file for its effect. */
static int exec(pg_conn *c, enum category_stmt id, const pg_params *p, const char *what) {
    return pg_exec(c, PG_CATEGORY_FIRST + (int)id, sql_of(id), p, NULL, what);
}

/* ------------------------------------------------------------ categories */

int postgres_category_find(store *s, const char *slug, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, slug);
    int rc;
    PGresult *r = query_one(c, C_CATEGORY_FIND, &p, &rc, "find category");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* Creates the category with slug: STORE_OK with its id, STORE_NOT_FOUND
** when it exists already (another node made it since it was looked for),
** or the error's class. */
static int category_insert(pg_conn *c, const char *slug, int64_t *id) {
    pg_params p = {0};
    pg_text(&p, slug);
    int rc;
    PGresult *r = query_one(c, C_CATEGORY_INSERT, &p, &rc, "create category");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_category_ensure(store *s, const char *slug, int64_t *id) {
    int rc = store_category_find(s, slug, id);
    if (rc != STORE_NOT_FOUND) return rc;
    pg_conn *c = postgres_conn(s);
    rc = category_insert(c, slug, id);
    if (rc != STORE_NOT_FOUND) return rc;
    /* Made by another node meanwhile: its id. */
    rc = store_category_find(s, slug, id);
    if (rc == STORE_NOT_FOUND)
        return pg_fail(c, STORE_ERROR, "create category: %s was made and removed at once", slug);
    return rc;
}

int postgres_category_set_text(store *s, int64_t id, const char *lang, const char *name,
                               const char *description) {
    pg_params p = {0};
    pg_int(&p, id);
    pg_text(&p, lang);
    pg_text(&p, name);
    pg_text(&p, description ? description : "");
    return exec(postgres_conn(s), C_CATEGORY_TEXT, &p, "name category");
}

int postgres_category_set_position(store *s, int64_t id, int position) {
    pg_params p = {0};
    pg_int(&p, id);
    pg_int(&p, position);
    return exec(postgres_conn(s), C_CATEGORY_POSITION, &p, "order category");
}

/* Reads row of a result of PG_CATEGORY_SELECT into out, strings in a. */
static void read_category(arena *a, const PGresult *r, int row, category *out) {
    out->id = pg_get_int(r, row, 0);
    out->slug = pg_get_text(a, r, row, 1);
    out->name = pg_get_text(a, r, row, 2);
    if (!out->name) out->name = store_default_category_name(a, out->slug);
    out->description = pg_get_text(a, r, row, 3);
    out->position = (int)pg_get_int(r, row, 4);
}

void postgres_read_categories(arena *a, const PGresult *r, category **out, size_t *count) {
    size_t n = (size_t)PQntuples(r);
    category *items = arena_alloc(a, (n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) read_category(a, r, (int)i, &items[i]);
    *out = items;
    *count = n;
}

/* Copies n categories from items into a. */
static category *copy_categories(arena *a, const category *items, size_t n) {
    category *copy = arena_alloc(a, (n ? n : 1) * sizeof *copy);
    for (size_t i = 0; i < n; i++) {
        copy[i] = items[i];
        copy[i].slug = arena_strdup(a, items[i].slug);
        copy[i].name = arena_strdup(a, items[i].name);
        copy[i].description = arena_strdup(a, items[i].description);
    }
    return copy;
}

bool postgres_categories_newest(pg_store *s, arena *a, const char *lang, int64_t second, int64_t *generation,
                                category **out, size_t *count) {
    bool hit = false;
    pthread_mutex_lock(&s->categories_lock);
    for (int i = 0; i < PG_CATEGORY_CACHE && !hit; i++) {
        const pg_category_cache *e = &s->categories[i];
        if (e->second != second || strcmp(e->lang, lang) != 0) continue;
        *out = copy_categories(a, e->items, e->count);
        *count = e->count;
        *generation = e->generation;
        hit = true;
    }
    pthread_mutex_unlock(&s->categories_lock);
    return hit;
}

void postgres_categories_keep(pg_store *s, const char *lang, int64_t generation, int64_t second,
                            const category *items, size_t n) {
    if (strlen(lang) >= sizeof s->categories[0].lang) return;
    arena *own = arena_new();
    category *copy = copy_categories(own, items, n);
    pthread_mutex_lock(&s->categories_lock);
    pg_category_cache *slot = &s->categories[0];
    for (int i = 0; i < PG_CATEGORY_CACHE; i++) {
        pg_category_cache *e = &s->categories[i];
        if (strcmp(e->lang, lang) == 0) {
            slot = e;
            break;
        }
        if (e->second < slot->second) slot = e;
    }
    /* A later read of the same edition may have been kept meanwhile. */
    bool newer = strcmp(slot->lang, lang) == 0 &&
                 (slot->second > second || (slot->second == second && slot->generation > generation));
    if (!newer) {
        arena *old = slot->arena;
        snprintf(slot->lang, sizeof slot->lang, "%s", lang);
        slot->generation = generation;
        slot->second = second;
        slot->arena = own;
        slot->items = copy;
        slot->count = n;
        own = old;
    }
    pthread_mutex_unlock(&s->categories_lock);
    if (own) arena_free(own);
}

void postgres_categories_forget(pg_store *s) {
    for (int i = 0; i < PG_CATEGORY_CACHE; i++) {
        if (s->categories[i].arena) arena_free(s->categories[i].arena);
        memset(&s->categories[i], 0, sizeof s->categories[i]);
    }
}

/* Inside a reader's snapshot whose content version is known, the
** categories come from the cache when another reader of the same
** generation read them this second; every change to what readers see
** moves the generation on. */
int postgres_categories(store *s, arena *a, const char *lang, category **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_store *ps = (pg_store *)s;
    int64_t changed_at, generation, second = pg_now();
    bool versioned = !c->begin_pending && pg_read_version(c, &changed_at, &generation);
    /* The cache keeps an edition's newest read: it is this snapshot's when
    ** its generation is. */
    int64_t cached_generation;
    if (versioned && postgres_categories_newest(ps, a, lang, second, &cached_generation, out, count) &&
        cached_generation == generation)
        return STORE_OK;
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, second);
    int rc;
    PGresult *r = pg_query(c, PG_CATEGORY_FIRST + C_CATEGORIES, category_sql[C_CATEGORIES], &p, &rc,
                           "list categories");
    if (!r) return rc;
    postgres_read_categories(a, r, out, count);
    PQclear(r);
    /* A first statement read the version with it. */
    if (versioned || pg_read_version(c, &changed_at, &generation))
        postgres_categories_keep(ps, lang, generation, second, *out, *count);
    return STORE_OK;
}

int postgres_category_by_slug(store *s, arena *a, const char *lang, const char *slug, category *out) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, pg_now());
    pg_text(&p, slug);
    int rc;
    PGresult *r = query_one(c, C_CATEGORY_BY_SLUG, &p, &rc, "find category");
    if (!r) return rc;
    read_category(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

/* ----------------------------------------------------------------- views */

int postgres_views_get(store *s, int64_t article_id, int64_t *views) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, article_id);
    int rc;
    PGresult *r = query_one(c, C_VIEWS_GET, &p, &rc, "read views");
    *views = r ? pg_get_int(r, 0, 0) : 0;
    PQclear(r);
    return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

/* One article's counted views, sorted by id (by_article). */
typedef struct view_count {
    int64_t article_id, count;
} view_count;

static int by_article(const void *x, const void *y) {
    int64_t a = ((const view_count *)x)->article_id, b = ((const view_count *)y)->article_id;
    return (a > b) - (a < b);
}

int postgres_views_add(store *s, int64_t at, const int64_t *article_ids, const int64_t *counts, size_t n) {
    if (n == 0) return STORE_OK;
    pg_conn *c = postgres_conn(s);
    int64_t hour = at - at % 3600;
    /* In id order: two nodes' batches lock the same rows in one order. */
    view_count *batch = xmalloc(n * sizeof *batch);
    for (size_t i = 0; i < n; i++) batch[i] = (view_count){article_ids[i], counts[i]};
    qsort(batch, n, sizeof *batch, by_article);
    int rc = store_begin(s);
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        pg_params p = {0};
        pg_int(&p, batch[i].article_id);
        pg_int(&p, batch[i].count);
        pg_int(&p, hour);
        rc = exec(c, C_VIEWS_ADD, &p, "count views");
    }
    free(batch);
    if (rc == STORE_OK) {
        pg_params p = {0};
        pg_int(&p, hour - (int64_t)STORE_VIEWS_HOURLY_DAYS * 86400);
        pg_int(&p, STORE_VIEWS_ROLLUP_MAX);
        rc = exec(c, C_VIEWS_ROLLUP, &p, "total old views by the day");
    }
    if (rc != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s);
}

int postgres_most_read(store *s, arena *a, const char *lang, int64_t since, int64_t now, int limit, article **out,
                       int64_t **views, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, lang);
    pg_int(&p, since);
    pg_int(&p, now);
    pg_int(&p, limit);
    int rc;
    PGresult *r = pg_query(c, PG_CATEGORY_FIRST + (int)C_MOST_READ, sql_of(C_MOST_READ), &p, &rc, "most read");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    article *items = n ? arena_zalloc(a, n * sizeof *items) : NULL;
    int64_t *numbers = n ? arena_alloc(a, n * sizeof *numbers) : NULL;
    for (size_t i = 0; i < n; i++) {
        postgres_read_article(a, r, (int)i, &items[i]);
        numbers[i] = pg_get_int(r, (int)i, PG_ARTICLE_COLUMN_COUNT);
    }
    PQclear(r);
    *out = items;
    *views = numbers;
    *count = n;
    return STORE_OK;
}
