/*
** Images' bytes in PostgreSQL (media_files, store.h): where a PostgreSQL
** site keeps them, so that an image uploaded through one node is served by
** every other. Read whole (a variant is at most a few hundred kilobytes:
** 1600 pixels wide); the site keeps the ones readers ask for in memory
** (site/media_cache.c), so the database is asked once per image and node.
** Bytes travel in binary, both ways.
*/
#include "postgres_internal.h"

#include <stdio.h>
#include <string.h>

enum { M_PUT, M_GET, M_SIZE, M_COUNT_OF };
_Static_assert(M_COUNT_OF <= PG_MEDIA_SLOTS, "raise PG_MEDIA_SLOTS");

static const char *const media_sql[M_COUNT_OF] = {
    [M_PUT] = "INSERT INTO media_files (name, data) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    [M_GET] = "SELECT data FROM media_files WHERE name = $1",
    [M_SIZE] = "SELECT octet_length(data) FROM media_files WHERE name = $1",
};

bool postgres_media_in_database(store *s) {
    (void)s;
    return true;
}

int postgres_media_file_put(store *s, const char *name, const void *data, size_t len) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, name);
    pg_bytes(&p, data, len);
    return pg_exec(c, PG_MEDIA_FIRST + M_PUT, media_sql[M_PUT], &p, NULL, "keep image");
}

/* The bytes come in binary (result format 1), not as bytea's hex text. */
int postgres_media_file_get(store *s, arena *a, const char *name, const void **data, size_t *len) {
    pg_conn *c = postgres_conn(s);
    if (!pg_usable(c)) return STORE_UNAVAILABLE;
    int rc = pg_prepare(c, PG_MEDIA_FIRST + M_GET, media_sql[M_GET], 1, "read image");
    if (rc != STORE_OK) return rc;
    const char *values[1] = {name};
    char statement[16];
    snprintf(statement, sizeof statement, "g%d", PG_MEDIA_FIRST + M_GET);
    PGresult *r = PQexecPrepared(c->db, statement, 1, values, NULL, NULL, 1);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_fail(c, pg_result_class(c, r), "read image: %s",
                     r ? PQresultErrorMessage(r) : PQerrorMessage(c->db));
        PQclear(r);
        return rc;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        return STORE_NOT_FOUND;
    }
    *len = (size_t)PQgetlength(r, 0, 0);
    void *copy = arena_alloc(a, *len ? *len : 1);
    memcpy(copy, PQgetvalue(r, 0, 0), *len);
    *data = copy;
    PQclear(r);
    return STORE_OK;
}

int postgres_media_file_size(store *s, const char *name, int64_t *len) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, name);
    int rc;
    PGresult *r = pg_query_one(c, PG_MEDIA_FIRST + M_SIZE, media_sql[M_SIZE], &p, &rc, "size image");
    if (!r) return rc;
    *len = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}
