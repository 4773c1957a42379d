/*
** The storage interface: the only door to the database. Nothing outside
** src/store/ knows SQL. Today it is backed by SQLite (sqlite.c); a PostgreSQL
** backend will implement the same functions.
**
** Threads: a store is opened once and shared. Each thread that uses it gets
** its own connection with its own prepared statements, made on first use.
**
** Memory: everything a query returns is allocated in the arena the caller
** passes and lives as long as that arena.
**
** Results: functions return STORE_OK, STORE_NOT_FOUND or STORE_ERROR; on
** STORE_ERROR, store_error() tells what went wrong on this thread.
*/
#ifndef GAZETTE_STORE_H
#define GAZETTE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

typedef struct store store;

enum { STORE_OK = 0, STORE_NOT_FOUND = 1, STORE_ERROR = -1 };

typedef enum article_status { ARTICLE_DRAFT = 0, ARTICLE_PUBLISHED = 1 } article_status;

typedef struct category {
    int64_t id;
    const char *slug;
    const char *name;        /* in the edition asked for; the slug when unnamed */
    const char *description; /* may be empty */
    int position;            /* order in the navigation */
} category;

/* An article as pages show it. List queries leave body_html NULL. */
typedef struct article {
    int64_t id;
    const char *lang;
    const char *slug;
    int64_t category_id;
    const char *category_slug;
    const char *category_name;
    const char *title;
    const char *subtitle;
    const char *author;
    int64_t published_at; /* Unix seconds */
    int64_t updated_at;
    article_status status;
    const char *body_html;
    const char *translation_key; /* may be NULL */
    int64_t views;               /* as stored; the view counter adds what is pending */
} article;

/* What a writer (import, later the editor) saves. */
typedef struct article_input {
    const char *lang;
    const char *slug;
    const char *category_slug;
    const char *title;
    const char *subtitle;
    const char *author;
    int64_t published_at;
    article_status status;
    const char *body_markdown;
    const char *body_html; /* rendered once, when saved */
    const char *body_text; /* the same as plain text, for the search index */
    const char *translation_key;
    const char **tags;
    size_t tag_count;
} article_input;

/* A position in a newest-first list: items strictly older than this. */
typedef struct list_cursor {
    int64_t published_at;
    int64_t id;
} list_cursor;

/* Opens (creating when missing) the database at path and brings its schema
** up to date. Returns NULL with a message in err on failure. */
store *store_open(const char *path, char *err, size_t errlen);

/* Closes every connection. No thread may use the store afterwards. */
void store_close(store *s);

/* The last error on the calling thread's connection. */
const char *store_error(store *s);

/* The schema version the database is at. */
int store_schema_version(store *s);

/* Transactions on the calling thread's connection. */
int store_begin(store *s);
int store_commit(store *s);
void store_rollback(store *s);

/* --- categories --- */

/* Finds the category with slug, creating it (last in the navigation) when
** missing. */
int store_category_ensure(store *s, const char *slug, int64_t *id);

/* Sets a category's name and description in one edition. */
int store_category_set_text(store *s, int64_t id, const char *lang, const char *name,
                            const char *description);

/* Moves a category to a place in the navigation. */
int store_category_set_position(store *s, int64_t id, int position);

/* All categories in navigation order, named for lang. */
int store_categories(store *s, arena *a, const char *lang, category **out, size_t *count);

/* One category by slug, named for lang. */
int store_category_by_slug(store *s, arena *a, const char *lang, const char *slug,
                           category *out);

/* --- articles --- */

/* Creates the article or, when one with the same edition and slug exists,
** updates it. Tags are replaced. Sets *id and *created. */
int store_article_save(store *s, const article_input *in, int64_t *id, bool *created);

/* A published article by edition and slug, with its body. */
int store_article_by_slug(store *s, arena *a, const char *lang, const char *slug,
                          article *out);

/* Published articles of an edition, newest first. category_id 0 means all
** categories. With a cursor, only articles older than it; otherwise offset
** skips that many. exclude_id (0: none) leaves one article out. */
int store_articles_list(store *s, arena *a, const char *lang, int64_t category_id,
                        const list_cursor *cursor, int offset, int limit, int64_t exclude_id,
                        article **out, size_t *count);

/* Number of published articles of an edition (category_id 0: all). */
int store_articles_count(store *s, const char *lang, int64_t category_id, int64_t *count);

/* An article in another edition that translates one: where it lives. */
typedef struct translation {
    const char *lang;
    const char *category_slug;
    const char *slug;
} translation;

/* The published, visible articles sharing translation_key, one per
** edition (the newest when an edition has several), in edition order. */
int store_article_translations(store *s, arena *a, const char *translation_key,
                               translation **out, size_t *count);

/* The tags of an article, in alphabetical order. */
int store_article_tags(store *s, arena *a, int64_t article_id, const char ***out,
                       size_t *count);

/* --- search --- */

/* A search result: the article (as lists show it) and the plain text the
** index holds of its title, lead and body, for highlights and snippets. */
typedef struct search_hit {
    article article;
    const char *title_text;
    const char *subtitle_text;
    const char *body_text;
} search_hit;

/* Bounds on the work of one query, whatever the size of the archive:
** - the newest 1,000 articles of the edition are searched first, then the
**   newest 3,000, 10,000, 30,000, 100,000, then the whole archive, each
**   only when the one before held too few results for the page asked for
**   (common words stop early; rare ones are cheap to find anywhere);
** - at most STORE_SEARCH_WINDOW of the newest matches are ranked. */
#define STORE_SEARCH_WINDOW 2000

/* What a search found besides the page of hits. */
typedef struct search_totals {
    int64_t total;        /* matches found */
    bool more_exist;      /* older articles were not searched: total is a lower bound */
    bool newest_ranked;   /* more than STORE_SEARCH_WINDOW matched; the newest are ranked */
} search_totals;

/* Runs an FTS5 MATCH expression (built by search_query_build(), never
** raw input) in an edition's index: best first (BM25, the title weighted
** above the lead and the body, newer first among equals), offset and
** limit for pages. */
int store_search(store *s, arena *a, const char *lang, const char *match, int offset,
                 int limit, search_hit **out, size_t *count, search_totals *totals);

/* True when the search index must be rebuilt (it was just created by a
** migration, or a rebuild was interrupted). */
bool store_search_stale(store *s);

/* Rebuilding the index: clear it, put each article, then mark it fresh;
** all inside one transaction the caller opens. */
int store_search_clear(store *s);
int store_search_put(store *s, int64_t id, const article_input *in);
int store_search_mark_fresh(store *s);

/* Calls fn for every article (all editions and states), in id order, with
** what the index needs. Stops when fn returns false. */
typedef bool (*store_article_fn)(void *ctx, int64_t id, const article_input *in);
int store_articles_each(store *s, store_article_fn fn, void *ctx);

/* Number of articles, all editions and states. */
int store_articles_total(store *s, int64_t *count);

/* --- views --- */

/* The stored view count of an article. */
int store_views_get(store *s, int64_t article_id, int64_t *views);

/* Adds counted views, for many articles in one transaction. */
int store_views_add(store *s, const int64_t *article_ids, const int64_t *counts, size_t n);

#endif
