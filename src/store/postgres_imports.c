/*
** What imports from another system keep, on PostgreSQL (store.h;
** sqlite_imports.c says what; the tables are migration 26's).
*/
#include "postgres_internal.h"

#include <stdio.h>
#include <string.h>

enum import_stmt { I_LINK_FIND, I_LINK_PUT, I_ADDRESS_PUT, I_ADDRESS_FIND, I_COUNT_OF };
_Static_assert(I_COUNT_OF <= PG_IMPORT_SLOTS, "raise PG_IMPORT_SLOTS");

static const char *const import_sql[I_COUNT_OF] = {
    [I_LINK_FIND] = "SELECT page, target_id, version, digest FROM import_links WHERE source = $1 AND external_id = $2",
    [I_LINK_PUT] = "INSERT INTO import_links (source, external_id, page, target_id, version, digest)"
                   " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source, external_id) DO UPDATE"
                   " SET page = EXCLUDED.page, target_id = EXCLUDED.target_id, version = EXCLUDED.version,"
                   " digest = EXCLUDED.digest",
    [I_ADDRESS_PUT] = "INSERT INTO old_addresses (path, article_id, page_id, target)"
                      " VALUES ($1, NULLIF($2::bigint, 0), NULLIF($3::bigint, 0), $4) ON CONFLICT (path) DO UPDATE"
                      " SET article_id = EXCLUDED.article_id, page_id = EXCLUDED.page_id, target = EXCLUDED.target",
    [I_ADDRESS_FIND] = ("SELECT COALESCE(article_id, 0), COALESCE(page_id, 0), target FROM old_addresses"
                        " WHERE path = $1"),
};

/* Runs statement q for its one row (or none): pg_query_one's answer. */
static PGresult *one(pg_conn *c, int q, const pg_params *p, int *rc, const char *what) {
    return pg_query_one(c, PG_IMPORT_FIRST + q, import_sql[q], p, rc, what);
}

int postgres_import_link_find(store *s, const char *source, int64_t external_id, import_link *out) {
    pg_params p = {0};
    pg_text(&p, source);
    pg_int(&p, external_id);
    int rc;
    PGresult *r = one(postgres_conn(s), I_LINK_FIND, &p, &rc, "find an import's link");
    if (!r) return rc;
    *out = (import_link){pg_get_int(r, 0, 0) != 0, pg_get_int(r, 0, 1), pg_get_int(r, 0, 2), ""};
    snprintf(out->digest, sizeof out->digest, "%s", PQgetvalue(r, 0, 3));
    PQclear(r);
    return STORE_OK;
}

int postgres_import_link_put(store *s, const char *source, int64_t external_id, const import_link *link) {
    pg_params p = {0};
    pg_text(&p, source);
    pg_int(&p, external_id);
    pg_int(&p, link->page);
    pg_int(&p, link->target_id);
    pg_int(&p, link->version);
    pg_text(&p, link->digest);
    return pg_exec(postgres_conn(s), PG_IMPORT_FIRST + I_LINK_PUT, import_sql[I_LINK_PUT], &p, NULL,
                   "keep an import's link");
}

int postgres_old_address_put(store *s, const char *path, const old_address *to) {
    pg_params p = {0};
    pg_text(&p, path);
    pg_int(&p, to->article_id);
    pg_int(&p, to->page_id);
    pg_text(&p, to->target);
    return pg_exec(postgres_conn(s), PG_IMPORT_FIRST + I_ADDRESS_PUT, import_sql[I_ADDRESS_PUT], &p, NULL,
                   "keep an old address");
}

int postgres_old_address_find(store *s, arena *a, const char *path, old_address *out) {
    pg_params p = {0};
    pg_text(&p, path);
    int rc;
    PGresult *r = one(postgres_conn(s), I_ADDRESS_FIND, &p, &rc, "find an old address");
    if (!r) return rc;
    *out = (old_address){pg_get_int(r, 0, 0), pg_get_int(r, 0, 1), pg_is_null(r, 0, 2) ? NULL : pg_get_text(a, r, 0, 2)};
    PQclear(r);
    return STORE_OK;
}
