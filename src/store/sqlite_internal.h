/*
** What the files of the SQLite store share: the per-thread connection, its
** statement cache and small helpers. Private to src/store/sqlite*.c.
*/
#ifndef GAZETTE_SQLITE_INTERNAL_H
#define GAZETTE_SQLITE_INTERNAL_H

#include "store_backend.h"

#include <pthread.h>
#include <sqlite3.h>

/* Statement cache slots: sqlite.c's statements, then sqlite_search.c's. */
#define SQLITE_STORE_SLOTS 32
#define SQLITE_SEARCH_SLOTS 32
#define SQLITE_NEWSROOM_SLOTS 64
#define SQLITE_PEOPLE_SLOTS 32
#define SQLITE_CATEGORY_SLOTS 16
#define SQLITE_COPY_SLOTS STORE_TABLE_MAX /* sqlite_copy.c: a table's insert */
#define SQLITE_MEDIA_SLOTS 4
#define SQLITE_DRAFT_SLOTS 16
#define SQLITE_PREVIEW_SLOTS 8 /* sqlite_previews.c */
#define SQLITE_LIST_SLOTS 48 /* sqlite_newsroom_list.c */
#define SQLITE_AUTHOR_SLOTS 16 /* sqlite_authors.c */
#define SQLITE_PAGE_SLOTS 12 /* sqlite_static_pages.c */
#define SQLITE_TAG_SLOTS 4 /* sqlite_tags.c */
#define SQLITE_BREAKING_SLOTS 4 /* sqlite_breaking.c */
#define SQLITE_RELATED_SLOTS 14 /* sqlite_related.c */
#define SQLITE_LIVE_SLOTS 12 /* sqlite_live.c */
#define SQLITE_IMPORT_SLOTS 4 /* sqlite_imports.c */
#define SQLITE_NEWSROOM_FIRST (SQLITE_STORE_SLOTS + SQLITE_SEARCH_SLOTS)
#define SQLITE_PEOPLE_FIRST (SQLITE_NEWSROOM_FIRST + SQLITE_NEWSROOM_SLOTS)
#define SQLITE_CATEGORY_FIRST (SQLITE_PEOPLE_FIRST + SQLITE_PEOPLE_SLOTS)
#define SQLITE_COPY_FIRST (SQLITE_CATEGORY_FIRST + SQLITE_CATEGORY_SLOTS)
#define SQLITE_MEDIA_FIRST (SQLITE_COPY_FIRST + SQLITE_COPY_SLOTS)
#define SQLITE_DRAFT_FIRST (SQLITE_MEDIA_FIRST + SQLITE_MEDIA_SLOTS)
#define SQLITE_LIST_FIRST (SQLITE_DRAFT_FIRST + SQLITE_DRAFT_SLOTS)
#define SQLITE_PREVIEW_FIRST (SQLITE_LIST_FIRST + SQLITE_LIST_SLOTS)
#define SQLITE_AUTHOR_FIRST (SQLITE_PREVIEW_FIRST + SQLITE_PREVIEW_SLOTS)
#define SQLITE_PAGE_FIRST (SQLITE_AUTHOR_FIRST + SQLITE_AUTHOR_SLOTS)
#define SQLITE_TAG_FIRST (SQLITE_PAGE_FIRST + SQLITE_PAGE_SLOTS)
#define SQLITE_BREAKING_FIRST (SQLITE_TAG_FIRST + SQLITE_TAG_SLOTS)
#define SQLITE_RELATED_FIRST (SQLITE_BREAKING_FIRST + SQLITE_BREAKING_SLOTS)
#define SQLITE_LIVE_FIRST (SQLITE_RELATED_FIRST + SQLITE_RELATED_SLOTS)
#define SQLITE_IMPORT_FIRST (SQLITE_LIVE_FIRST + SQLITE_LIVE_SLOTS)
#define SQLITE_SLOTS (SQLITE_IMPORT_FIRST + SQLITE_IMPORT_SLOTS)

/* One thread's connection. */
typedef struct connection {
    sqlite3 *db;
    sqlite3_stmt *stmts[SQLITE_SLOTS];
    char error[512];
    int error_code;          /* the class of the last failure (store_error_code) */
    bool cheap_sync;         /* synchronous = NORMAL (the view counter's) */
    /* Inside a reader's transaction (store_read_begin to read_end) the
    ** content version cannot change: read once, it is kept here, so that
    ** whatever on a page asks for it costs one statement in all. */
    bool reading, version_known;
    int64_t version_at, version_generation;
    struct connection *next; /* in the store's list of all connections */
} connection;

typedef struct sqlite_store {
    store base; /* its operations: sqlite_store_ops */
    char *path;
    pthread_key_t key;
    pthread_mutex_t lock; /* guards connections */
    connection *connections;
} sqlite_store;

/* The SQLite backend's operations, sqlite_NAME for each store_NAME. */
#define STORE_OP(r, n, p, a) r sqlite_##n p;
#define STORE_VOID(n, p, a) void sqlite_##n p;
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID

/* The FTS5 MATCH expression of a parsed query, in a (sqlite_search.c):
** every word quoted, so nothing in it is an operator. */
char *sqlite_match_expression(arena *a, const search_query *q);

/* The FTS5 MATCH expression for rows whose columns (names apart by
** spaces, e.g. "title subtitle") hold any of q's clauses, in a. */
char *sqlite_match_any(arena *a, const search_query *q, const char *columns);

/* The smallest id of the newest `size` published articles of the edition
** lang_code, or 0 when it has no more than that (sqlite_search.c). */
int sqlite_search_horizon(connection *c, const char *lang_code, int size, int64_t *horizon);

/* The columns of an article row, in the order sqlite_read_article()
** expects, body being the body column's expression (NULL in lists); then
** their FROM, articles a with what they name; and the two together, with
** %s for the body column. */
#define ARTICLE_SELECT_WITH(body)                                                     \
    "SELECT a.id, a.lang, a.slug, a.category_id, c.slug, t.name, a.title, a.subtitle," \
    " a.author, a.published_at, a.updated_at, a.status, " body ", a.translation_key,"  \
    " COALESCE(v.count, 0), a.workflow, a.deleted_at, a.owner, a.featured,"           \
    " a.lead_image_caption, a.lead_image_credit, m.id, m.hash, m.format, m.width,"    \
    " m.height, m.variants, a.version, a.lead_image_alt, a.seo_title,"                \
    " a.seo_description, COALESCE(a.social_image_id, 0), a.canonical_url"
/* The number of those columns. */
#define ARTICLE_COLUMN_COUNT 33
#define ARTICLE_FROM                                                                  \
    " FROM articles a JOIN categories c ON c.id = a.category_id"                      \
    " LEFT JOIN category_texts t ON t.category_id = c.id AND t.lang = a.lang"         \
    " LEFT JOIN article_views v ON v.article_id = a.id"                               \
    " LEFT JOIN media m ON m.id = a.lead_image_id"
#define ARTICLE_COLUMNS ARTICLE_SELECT_WITH("%s") ARTICLE_FROM

/* Columns of an image row, in the order sqlite_read_media() expects. */
#define SQLITE_MEDIA_COLUMNS                                                                   \
    "SELECT id, hash, format, width, height, variants, bytes, original_name, uploaded_by,"     \
    " created_at, alt, credit FROM media"

/* Reads a row of SQLITE_MEDIA_COLUMNS into m, strings copied into a. */
void sqlite_read_media(arena *a, sqlite3_stmt *st, media *m);

/* Reads a row of ARTICLE_COLUMNS into out, strings copied into a. */
void sqlite_read_article(arena *a, sqlite3_stmt *st, article *out);

/* The calling thread's connection, opened on first use. */
connection *sqlite_conn(store *s);

/* The statement in slot, prepared from sql the first time, reset and with
** its bindings cleared. A statement that does not prepare is a bug: fatal. */
sqlite3_stmt *sqlite_stmt(connection *c, int slot, const char *sql);

/* Steps a statement that returns one row or none: STORE_OK (the row is
** there to read; the caller resets), STORE_NOT_FOUND, or the error's class. */
int sqlite_step_one(connection *c, sqlite3_stmt *st, const char *what);

/* Grows an arena array of items (n used, *cap room) by doubling; *cap 0
** starts it. Returns the array to use. */
void *sqlite_grow(arena *a, void *items, size_t n, size_t *cap, size_t size);

/* Records the connection's error for store_error(); returns STORE_ERROR. */
int sqlite_fail(connection *c, const char *what);

/* Runs a statement that returns no rows: STORE_OK, or the error's class
** (STORE_CONFLICT for a unique value taken, STORE_FULL, STORE_ERROR). */
int sqlite_exec_done(connection *c, sqlite3_stmt *st, const char *what);

/* The store's class of an SQLite result code (see store.h). */
int sqlite_result_class(int rc);

/* Binds text (NULL binds NULL); the text must outlive the step. */
void sqlite_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Copies a text column into the arena; NULL stays NULL. */
const char *sqlite_column_text(arena *a, sqlite3_stmt *st, int i);

/* Unix seconds now. */
int64_t sqlite_now(void);

/* Registers the "gazette" FTS5 tokenizer on a new connection (sqlite_search.c). */
int sqlite_search_register(sqlite3 *db, char *err, size_t errlen);

/* Saves the tags and body of an article (sqlite.c), for save and update. */
int sqlite_save_tags_and_body(connection *c, int64_t id, const article_input *in);

/* Replaces article id's authors with in's (sqlite_authors.c): its list,
** or the one author its byline names; profiles made for new slugs. */
int sqlite_authors_save(connection *c, int64_t id, const article_input *in);

/* Forgets every draft of article id (sqlite_drafts.c), as it goes to the trash. */
int sqlite_drafts_drop_article(connection *c, int64_t id);

/* Registers the gazette_rank() ranking function (sqlite_rank.c). */
int sqlite_rank_register(fts5_api *api);

/* Keeps the search index of an article true (sqlite_search.c): removes its
** entry and, when it is published, adds the new one. */
int sqlite_search_index(connection *c, int64_t id, const article_input *in);

/* The newsroom's index of the articles readers cannot see
** (sqlite_newsroom_list.c): removes article id from it in every edition;
** adds it to edition lang's (an index of the editions' table, 0 en, 1 ru,
** 2 az); empties it; keeps a public entry there (id going to the trash,
** before its public entry is removed). */
int sqlite_newsroom_unindex(connection *c, int64_t id);
int sqlite_newsroom_index(connection *c, int lang, int64_t id, const article_input *in);
int sqlite_newsroom_clear(connection *c);
int sqlite_newsroom_keep_hidden(connection *c, int64_t id);

#endif
