/*
** Breaking news in the PostgreSQL store: sqlite_breaking.c's semantics,
** statement for statement, the write under the content lock
** (pg_write_begin), its edition logged for readers.
*/
#include "postgres_internal.h"

enum breaking_stmt { K_SET, K_STATE, K_LOG, K_NOW, K_COUNT_OF };
_Static_assert(K_COUNT_OF <= PG_BREAKING_SLOTS, "raise PG_BREAKING_SLOTS");

static const char *const breaking_sql[K_COUNT_OF] = {
    [K_SET] = "UPDATE articles SET breaking_label = $2, breaking_since = CASE WHEN $3::bigint = 0 THEN 0"
              " WHEN breaking_until > $4::bigint THEN breaking_since ELSE $4::bigint END, breaking_until = $3::bigint"
              " WHERE id = $1 AND status = 1 AND deleted_at IS NULL",
    [K_STATE] = "SELECT (status = 1 AND deleted_at IS NULL)::int, lang FROM articles WHERE id = $1",
    [K_LOG] = "INSERT INTO content_log (at, scope, lang) VALUES ($2, $1, $1)",
    [K_NOW] = "SELECT a.id, a.lang, c.slug, a.slug, a.title, a.breaking_label, a.breaking_since, a.breaking_until"
              " FROM articles a JOIN categories c ON c.id = a.category_id"
              " WHERE a.breaking_until > $1 AND a.status = 1 AND a.published_at <= $1 AND a.deleted_at IS NULL"
              " ORDER BY a.breaking_since DESC, a.id DESC LIMIT $2",
};

int postgres_article_set_breaking(store *s, int64_t id, const char *label, int64_t until) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    pg_int(&p, id);
    PGresult *r = pg_query_one(c, PG_BREAKING_FIRST + K_STATE, breaking_sql[K_STATE], &p, &rc, "find article");
    arena *a = arena_new();
    const char *lang = NULL;
    if (r) {
        if (pg_get_int(r, 0, 0)) lang = pg_get_text(a, r, 0, 1);
        else rc = STORE_CONFLICT;
        PQclear(r);
    }
    int64_t now = pg_now();
    if (rc == STORE_OK) {
        pg_params q = {0};
        pg_int(&q, id);
        pg_text(&q, until ? (label ? label : "") : "");
        pg_int(&q, until);
        pg_int(&q, now);
        rc = pg_exec(c, PG_BREAKING_FIRST + K_SET, breaking_sql[K_SET], &q, NULL, "mark breaking");
    }
    if (rc == STORE_OK) {
        pg_params l = {0};
        pg_text(&l, lang);
        pg_int(&l, now);
        rc = pg_exec(c, PG_BREAKING_FIRST + K_LOG, breaking_sql[K_LOG], &l, NULL, "log breaking");
    }
    arena_free(a);
    return pg_write_end(s, own, rc);
}

int postgres_breaking(store *s, arena *a, int64_t now, breaking_story **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, now);
    pg_int(&p, BREAKING_MAX);
    int rc;
    PGresult *r = pg_query(c, PG_BREAKING_FIRST + K_NOW, breaking_sql[K_NOW], &p, &rc, "breaking news");
    if (!r) return rc;
    int n = PQntuples(r);
    breaking_story *items = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) {
        breaking_story *b = &items[i];
        b->article_id = pg_get_int(r, i, 0);
        b->lang = pg_get_text(a, r, i, 1);
        b->category_slug = pg_get_text(a, r, i, 2);
        b->slug = pg_get_text(a, r, i, 3);
        b->title = pg_get_text(a, r, i, 4);
        b->label = pg_get_text(a, r, i, 5);
        b->since = pg_get_int(r, i, 6);
        b->until = pg_get_int(r, i, 7);
    }
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}
