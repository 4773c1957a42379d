/*
** Preview links (store.h): the PostgreSQL store's part, doing what
** sqlite_previews.c does there with the same results. No statement here
** is content: none takes the content lock, and each stands alone.
*/
#include "postgres_internal.h"

enum preview_stmt { P_ADD, P_FIND, P_LIST, P_REVOKE, P_COUNT_OF };
_Static_assert(P_COUNT_OF <= PG_PREVIEW_SLOTS, "raise PG_PREVIEW_SLOTS");

static const char *const preview_sql[P_COUNT_OF] = {
    [P_ADD] = "INSERT INTO preview_links (article_id, token_hash, created_by, created_at, expires_at)"
              " VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [P_FIND] = "SELECT article_id FROM preview_links WHERE token_hash = $1 AND expires_at > $2"
               " AND revoked_at IS NULL",
    [P_LIST] = "SELECT id, created_by, created_at, expires_at FROM preview_links"
               " WHERE article_id = $1 AND expires_at > $2 AND revoked_at IS NULL ORDER BY id DESC LIMIT 50",
    [P_REVOKE] = "UPDATE preview_links SET revoked_at = $3 WHERE id = $2 AND article_id = $1"
                 " AND revoked_at IS NULL AND expires_at > $3",
};

int postgres_preview_add(store *s, int64_t article_id, const unsigned char *token_hash, size_t hash_len,
                         const char *created_by, int64_t now, int64_t expires_at, int64_t *id) {
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_bytes(&p, token_hash, hash_len);
    pg_text(&p, created_by);
    pg_int(&p, now);
    pg_int(&p, expires_at);
    int rc;
    PGresult *r = pg_query_one(postgres_conn(s), PG_PREVIEW_FIRST + P_ADD, preview_sql[P_ADD], &p, &rc,
                               "make a preview link");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_preview_find(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now,
                          int64_t *article_id) {
    pg_params p = {0};
    pg_bytes(&p, token_hash, hash_len);
    pg_int(&p, now);
    int rc;
    PGresult *r = pg_query_one(postgres_conn(s), PG_PREVIEW_FIRST + P_FIND, preview_sql[P_FIND], &p, &rc,
                               "find a preview link");
    if (!r) return rc;
    *article_id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_previews(store *s, arena *a, int64_t article_id, int64_t now, preview_link **out, size_t *count) {
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, now);
    int rc;
    PGresult *r = pg_query(postgres_conn(s), PG_PREVIEW_FIRST + P_LIST, preview_sql[P_LIST], &p, &rc,
                           "list preview links");
    if (!r) return rc;
    size_t n = (size_t)PQntuples(r);
    preview_link *items = arena_alloc(a, (n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = (preview_link){.id = pg_get_int(r, (int)i, 0), .article_id = article_id,
                                  .created_by = pg_get_text(a, r, (int)i, 1), .created_at = pg_get_int(r, (int)i, 2),
                                  .expires_at = pg_get_int(r, (int)i, 3)};
    PQclear(r);
    *out = items;
    *count = n;
    return STORE_OK;
}

int postgres_preview_revoke(store *s, int64_t article_id, int64_t id, int64_t now) {
    pg_params p = {0};
    pg_int(&p, article_id);
    pg_int(&p, id);
    pg_int(&p, now);
    int64_t rows = 0;
    int rc = pg_exec(postgres_conn(s), PG_PREVIEW_FIRST + P_REVOKE, preview_sql[P_REVOKE], &p, &rows,
                     "revoke a preview link");
    if (rc == STORE_OK && rows == 0) return STORE_NOT_FOUND;
    return rc;
}
