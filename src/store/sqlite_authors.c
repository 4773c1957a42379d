/*
** Authors in the SQLite store: profiles (authors), an article's ordered
** list of them (article_authors) as a save writes it, and the reads that
** name an article's authors. See store.h.
*/
#include "sqlite_internal.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <stdio.h>
#include <string.h>

enum author_stmt {
    W_ENSURE, W_CLEAR, W_ADD, W_BY_SLUG, W_BY_USER, W_LIST, W_INSERT, W_UPDATE, W_FILL,
    W_COUNT_OF
};
_Static_assert(W_COUNT_OF <= SQLITE_AUTHOR_SLOTS, "raise SQLITE_AUTHOR_SLOTS");

#define PROFILE_COLUMNS                                                                          \
    "SELECT p.id, p.slug, p.name, p.bio, COALESCE(p.photo_id, 0), p.website, p.twitter,"         \
    " p.facebook, p.telegram, p.email, COALESCE(p.user_id, 0), p.created_at, p.updated_at,"      \
    " m.hash, m.format, m.width, m.height, m.variants, m.alt"                                    \
    " FROM authors p LEFT JOIN media m ON m.id = p.photo_id"

static const char *const author_sql[W_COUNT_OF] = {
    [W_ENSURE] = "INSERT INTO authors (slug, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)"
                 " ON CONFLICT (slug) DO NOTHING",
    [W_CLEAR] = "DELETE FROM article_authors WHERE article_id = ?1",
    [W_ADD] = "INSERT INTO article_authors (article_id, position, author_slug) VALUES (?1, ?2, ?3)",
    [W_BY_SLUG] = PROFILE_COLUMNS " WHERE p.slug = ?1",
    [W_BY_USER] = PROFILE_COLUMNS " WHERE p.user_id = ?1",
    [W_LIST] = PROFILE_COLUMNS " WHERE p.slug > ?1 ORDER BY p.slug LIMIT ?2",
    [W_INSERT] = "INSERT INTO authors (slug, name, bio, photo_id, website, twitter, facebook, telegram,"
                 " email, user_id, created_at, updated_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    [W_UPDATE] = "UPDATE authors SET name = ?2, bio = ?3, photo_id = ?4, website = ?5, twitter = ?6,"
                 " facebook = ?7, telegram = ?8, email = ?9, user_id = ?10, updated_at = ?11"
                 " WHERE slug = ?1",
    /* ?1 is a JSON array of article ids: one query for a list's articles. */
    [W_FILL] = "SELECT aa.article_id, aa.author_slug, COALESCE(p.name, aa.author_slug)"
               " FROM article_authors aa LEFT JOIN authors p ON p.slug = aa.author_slug"
               " WHERE aa.article_id IN (SELECT value FROM json_each(?1))"
               " ORDER BY aa.article_id, aa.position",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *wstmt(connection *c, enum author_stmt id) {
    return sqlite_stmt(c, SQLITE_AUTHOR_FIRST + (int)id, author_sql[id]);
}

int sqlite_authors_save(connection *c, int64_t id, const article_input *in) {
    sqlite3_stmt *st = wstmt(c, W_CLEAR);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite_exec_done(c, st, "clear authors");
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
        st = wstmt(c, W_ENSURE);
        sqlite_bind_text(st, 1, list[i].slug);
        sqlite_bind_text(st, 2, list[i].name ? list[i].name : list[i].slug);
        sqlite3_bind_int64(st, 3, sqlite_now());
        if ((rc = sqlite_exec_done(c, st, "make author")) != STORE_OK) break;
        st = wstmt(c, W_ADD);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite_bind_text(st, 3, list[i].slug);
        rc = sqlite_exec_done(c, st, "add author");
    }
    arena_free(a);
    return rc;
}

/* Reads a row of PROFILE_COLUMNS into out, strings copied into a. */
static void read_profile(arena *a, sqlite3_stmt *st, author_profile *out) {
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->slug = sqlite_column_text(a, st, 1);
    out->name = sqlite_column_text(a, st, 2);
    out->bio = sqlite_column_text(a, st, 3);
    out->photo_id = sqlite3_column_int64(st, 4);
    out->website = sqlite_column_text(a, st, 5);
    out->twitter = sqlite_column_text(a, st, 6);
    out->facebook = sqlite_column_text(a, st, 7);
    out->telegram = sqlite_column_text(a, st, 8);
    out->email = sqlite_column_text(a, st, 9);
    out->user_id = sqlite3_column_int64(st, 10);
    out->created_at = sqlite3_column_int64(st, 11);
    out->updated_at = sqlite3_column_int64(st, 12);
    if (out->photo_id && sqlite3_column_type(st, 13) != SQLITE_NULL) {
        out->photo.id = out->photo_id;
        out->photo.hash = sqlite_column_text(a, st, 13);
        out->photo.format = sqlite_column_text(a, st, 14);
        out->photo.width = sqlite3_column_int(st, 15);
        out->photo.height = sqlite3_column_int(st, 16);
        out->photo.variants = sqlite_column_text(a, st, 17);
        out->photo.alt = sqlite_column_text(a, st, 18);
    }
}

/* Runs W_BY_SLUG or W_BY_USER (bound already) for one profile. */
static int one_profile(connection *c, sqlite3_stmt *st, arena *a, author_profile *out) {
    int rc = sqlite_step_one(c, st, "find author");
    if (rc != STORE_OK) return rc;
    read_profile(a, st, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_author_by_slug(store *s, arena *a, const char *slug, author_profile *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = wstmt(c, W_BY_SLUG);
    sqlite_bind_text(st, 1, slug);
    return one_profile(c, st, a, out);
}

int sqlite_author_by_user(store *s, arena *a, int64_t user_id, author_profile *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = wstmt(c, W_BY_USER);
    sqlite3_bind_int64(st, 1, user_id);
    return one_profile(c, st, a, out);
}

int sqlite_authors(store *s, arena *a, const char *after_slug, int limit, author_profile **out,
                   size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = wstmt(c, W_LIST);
    sqlite_bind_text(st, 1, after_slug ? after_slug : "");
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 0);
    author_profile *items = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = sqlite_grow(a, items, n, &cap, sizeof *items);
        read_profile(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list authors");
    *out = items;
    *count = n;
    return STORE_OK;
}

/* Binds a profile's editable fields (?2 to ?10) and the time (?11). */
static void bind_profile(sqlite3_stmt *st, const author_profile *in) {
    sqlite_bind_text(st, 2, in->name);
    sqlite_bind_text(st, 3, in->bio ? in->bio : "");
    if (in->photo_id) sqlite3_bind_int64(st, 4, in->photo_id);
    else sqlite3_bind_null(st, 4);
    sqlite_bind_text(st, 5, in->website ? in->website : "");
    sqlite_bind_text(st, 6, in->twitter ? in->twitter : "");
    sqlite_bind_text(st, 7, in->facebook ? in->facebook : "");
    sqlite_bind_text(st, 8, in->telegram ? in->telegram : "");
    sqlite_bind_text(st, 9, in->email ? in->email : "");
    if (in->user_id) sqlite3_bind_int64(st, 10, in->user_id);
    else sqlite3_bind_null(st, 10);
    sqlite3_bind_int64(st, 11, sqlite_now());
}

int sqlite_author_add(store *s, const author_profile *in, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = wstmt(c, W_INSERT);
    sqlite_bind_text(st, 1, in->slug);
    bind_profile(st, in);
    int rc = sqlite_exec_done(c, st, "add author");
    if (rc == STORE_OK) *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

int sqlite_author_update(store *s, const char *slug, const author_profile *in) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = wstmt(c, W_UPDATE);
    sqlite_bind_text(st, 1, slug);
    bind_profile(st, in);
    int rc = sqlite_exec_done(c, st, "update author");
    if (rc != STORE_OK) return rc;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}

int sqlite_article_authors_fill(store *s, arena *a, article *items, size_t n) {
    if (n == 0) return STORE_OK;
    connection *c = sqlite_conn(s);
    buf ids;
    buf_init(&ids, a);
    for (size_t i = 0; i < n; i++) {
        buf_printf(&ids, "%s%lld", i ? "," : "[", (long long)items[i].id);
        items[i].authors = NULL;
        items[i].author_count = 0;
    }
    buf_printf(&ids, "]");
    sqlite3_stmt *st = wstmt(c, W_FILL);
    sqlite_bind_text(st, 1, ids.data);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        for (size_t i = 0; i < n; i++) {
            if (items[i].id != id || items[i].author_count >= ARTICLE_AUTHORS_MAX) continue;
            if (!items[i].authors)
                items[i].authors = arena_alloc(a, ARTICLE_AUTHORS_MAX * sizeof(article_author));
            article_author *list = (article_author *)items[i].authors;
            list[items[i].author_count++] =
                (article_author){sqlite_column_text(a, st, 1), sqlite_column_text(a, st, 2)};
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, "read authors");
}
