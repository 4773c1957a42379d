/*
** Authors in the PostgreSQL store: profiles, an article's ordered list of
** them as a save writes it, and the reads that name an article's authors;
** sqlite_authors.c's semantics, statement for statement. A profile's
** change is logged for readers (a trigger), so it takes the content lock
** first (pg_write_begin).
*/
#include "postgres_internal.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <stdio.h>
#include <string.h>

enum author_stmt {
    W_ENSURE, W_CLEAR, W_ADD, W_BY_SLUG, W_BY_USER, W_LIST, W_INSERT, W_UPDATE, W_FILL,
    W_COUNT_OF
};
_Static_assert(W_COUNT_OF <= PG_AUTHOR_SLOTS, "raise PG_AUTHOR_SLOTS");

#define PROFILE_COLUMNS                                                                          \
    "SELECT p.id, p.slug, p.name, p.bio, COALESCE(p.photo_id, 0), p.website, p.twitter,"         \
    " p.facebook, p.telegram, p.email, COALESCE(p.user_id, 0), p.created_at, p.updated_at,"      \
    " m.hash, m.format, m.width, m.height, m.variants, m.alt"                                    \
    " FROM authors p LEFT JOIN media m ON m.id = p.photo_id"

static const char *const author_sql[W_COUNT_OF] = {
    [W_ENSURE] = "INSERT INTO authors (slug, name, created_at, updated_at) VALUES ($1, $2, $3, $3)"
                 " ON CONFLICT (slug) DO NOTHING",
    [W_CLEAR] = "DELETE FROM article_authors WHERE article_id = $1",
    [W_ADD] = "INSERT INTO article_authors (article_id, position, author_slug) VALUES ($1, $2, $3)",
    [W_BY_SLUG] = PROFILE_COLUMNS " WHERE p.slug = $1",
    [W_BY_USER] = PROFILE_COLUMNS " WHERE p.user_id = $1",
    [W_LIST] = PROFILE_COLUMNS " WHERE p.slug > $1 ORDER BY p.slug LIMIT $2",
    [W_INSERT] = "INSERT INTO authors (slug, name, bio, photo_id, website, twitter, facebook, telegram,"
                 " email, user_id, created_at, updated_at)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    [W_UPDATE] = "UPDATE authors SET name = $2, bio = $3, photo_id = $4, website = $5, twitter = $6,"
                 " facebook = $7, telegram = $8, email = $9, user_id = $10, updated_at = $11"
                 " WHERE slug = $1",
    /* $1 is an array of article ids ("{1,2,3}"): one query for a list. */
    [W_FILL] = "SELECT aa.article_id, aa.author_slug, COALESCE(p.name, aa.author_slug)"
               " FROM article_authors aa LEFT JOIN authors p ON p.slug = aa.author_slug"
               " WHERE aa.article_id = ANY ($1::bigint[])"
               " ORDER BY aa.article_id, aa.position",
};

/* Runs a statement of this file for its effect. */
static int exec(pg_conn *c, enum author_stmt id, const pg_params *p, int64_t *rows, const char *what) {
    return pg_exec(c, PG_AUTHOR_FIRST + (int)id, author_sql[id], p, rows, what);
}

int postgres_authors_save(pg_conn *c, int64_t id, const article_input *in) {
    pg_params q = {0};
    pg_int(&q, id);
    int rc = exec(c, W_CLEAR, &q, NULL, "clear authors");
    if (rc != STORE_OK) return rc;
    arena *a = arena_new();
    article_author one;
    const article_author *list = in->authors;
    size_t n = in->author_count;
    if (n == 0) {
        one = (article_author){slugify(a, in->author ? in->author : "", SLUG_MAX), in->author};
        list = &one;
        n = *one.slug ? 1 : 0;
    }
    for (size_t i = 0; i < n && rc == STORE_OK; i++) {
        pg_params e = {0};
        pg_text(&e, list[i].slug);
        pg_text(&e, list[i].name ? list[i].name : list[i].slug);
        pg_int(&e, pg_now());
        if ((rc = exec(c, W_ENSURE, &e, NULL, "make author")) != STORE_OK) break;
        pg_params p = {0};
        pg_int(&p, id);
        pg_int(&p, (int64_t)i);
        pg_text(&p, list[i].slug);
        rc = exec(c, W_ADD, &p, NULL, "add author");
    }
    arena_free(a);
    return rc;
}

/* Reads row of a PROFILE_COLUMNS result into out, strings copied into a. */
static void read_profile(arena *a, const PGresult *r, int row, author_profile *out) {
    memset(out, 0, sizeof *out);
    out->id = pg_get_int(r, row, 0);
    out->slug = pg_get_text(a, r, row, 1);
    out->name = pg_get_text(a, r, row, 2);
    out->bio = pg_get_text(a, r, row, 3);
    out->photo_id = pg_get_int(r, row, 4);
    out->website = pg_get_text(a, r, row, 5);
    out->twitter = pg_get_text(a, r, row, 6);
    out->facebook = pg_get_text(a, r, row, 7);
    out->telegram = pg_get_text(a, r, row, 8);
    out->email = pg_get_text(a, r, row, 9);
    out->user_id = pg_get_int(r, row, 10);
    out->created_at = pg_get_int(r, row, 11);
    out->updated_at = pg_get_int(r, row, 12);
    if (out->photo_id && !pg_is_null(r, row, 13)) {
        out->photo.id = out->photo_id;
        out->photo.hash = pg_get_text(a, r, row, 13);
        out->photo.format = pg_get_text(a, r, row, 14);
        out->photo.width = (int)pg_get_int(r, row, 15);
        out->photo.height = (int)pg_get_int(r, row, 16);
        out->photo.variants = pg_get_text(a, r, row, 17);
        out->photo.alt = pg_get_text(a, r, row, 18);
    }
}

/* One profile by W_BY_SLUG or W_BY_USER with p. */
static int one_profile(store *s, arena *a, enum author_stmt id, const pg_params *p, author_profile *out) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query_one(c, PG_AUTHOR_FIRST + (int)id, author_sql[id], p, &rc, "find author");
    if (!r) return rc;
    read_profile(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

int postgres_author_by_slug(store *s, arena *a, const char *slug, author_profile *out) {
    pg_params p = {0};
    pg_text(&p, slug);
    return one_profile(s, a, W_BY_SLUG, &p, out);
}

int postgres_author_by_user(store *s, arena *a, int64_t user_id, author_profile *out) {
    pg_params p = {0};
    pg_int(&p, user_id);
    return one_profile(s, a, W_BY_USER, &p, out);
}

int postgres_authors(store *s, arena *a, const char *after_slug, int limit, author_profile **out,
                     size_t *count) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, after_slug ? after_slug : "");
    pg_int(&p, limit > 0 ? limit : 0);
    int rc;
    PGresult *r = pg_query(c, PG_AUTHOR_FIRST + W_LIST, author_sql[W_LIST], &p, &rc, "list authors");
    if (!r) return rc;
    int n = PQntuples(r);
    author_profile *items = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) read_profile(a, r, i, &items[i]);
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}

/* Adds a profile's slug ($1), editable fields ($2 to $10) and the time ($11). */
static void bind_profile(pg_params *p, const char *slug, const author_profile *in) {
    pg_text(p, slug);
    pg_text(p, in->name);
    pg_text(p, in->bio ? in->bio : "");
    if (in->photo_id) pg_int(p, in->photo_id);
    else pg_text(p, NULL);
    pg_text(p, in->website ? in->website : "");
    pg_text(p, in->twitter ? in->twitter : "");
    pg_text(p, in->facebook ? in->facebook : "");
    pg_text(p, in->telegram ? in->telegram : "");
    pg_text(p, in->email ? in->email : "");
    if (in->user_id) pg_int(p, in->user_id);
    else pg_text(p, NULL);
    pg_int(p, pg_now());
}

int postgres_author_add(store *s, const author_profile *in, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    bind_profile(&p, in->slug, in);
    int rc;
    PGresult *r = pg_query_guarded(c, PG_AUTHOR_FIRST + W_INSERT, author_sql[W_INSERT], &p, &rc, "add author");
    if (!r) return rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_author_update(store *s, const char *slug, const author_profile *in) {
    pg_conn *c = postgres_conn(s);
    bool own;
    int rc = pg_write_begin(s, c, &own);
    if (rc != STORE_OK) return rc;
    pg_params p = {0};
    bind_profile(&p, slug, in);
    int64_t rows = 0;
    rc = pg_exec_guarded(c, PG_AUTHOR_FIRST + W_UPDATE, author_sql[W_UPDATE], &p, &rows, "update author");
    if (rc == STORE_OK && rows == 0) rc = STORE_NOT_FOUND;
    return pg_write_end(s, own, rc);
}

int postgres_article_authors_fill(store *s, arena *a, article *items, size_t n) {
    if (n == 0) return STORE_OK;
    pg_conn *c = postgres_conn(s);
    buf ids;
    buf_init(&ids, a);
    for (size_t i = 0; i < n; i++) {
        buf_printf(&ids, "%s%lld", i ? "," : "{", (long long)items[i].id);
        items[i].authors = NULL;
        items[i].author_count = 0;
    }
    buf_printf(&ids, "}");
    pg_params p = {0};
    pg_text(&p, ids.data);
    int rc;
    PGresult *r = pg_query(c, PG_AUTHOR_FIRST + W_FILL, author_sql[W_FILL], &p, &rc, "read authors");
    if (!r) return rc;
    for (int row = 0; row < PQntuples(r); row++) {
        int64_t id = pg_get_int(r, row, 0);
        for (size_t i = 0; i < n; i++) {
            if (items[i].id != id || items[i].author_count >= ARTICLE_AUTHORS_MAX) continue;
            if (!items[i].authors)
                items[i].authors = arena_alloc(a, ARTICLE_AUTHORS_MAX * sizeof(article_author));
            article_author *list = (article_author *)items[i].authors;
            list[items[i].author_count++] =
                (article_author){pg_get_text(a, r, row, 1), pg_get_text(a, r, row, 2)};
        }
    }
    PQclear(r);
    return STORE_OK;
}
