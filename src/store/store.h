/*
** The storage interface: the only door to the database. Nothing outside
** src/store/ knows SQL. Today it is backed by SQLite (sqlite.c); a PostgreSQL
** backend will implement the same functions.
**
** Backends: store_open() takes a SQLite file's path or a PostgreSQL URL
** (postgresql://user:pass@host:port/dbname?sslmode=..., as libpq reads it)
** and returns the same interface for both (store_backend.h); nothing here
** is one engine's syntax.
**
** Threads: a store is opened once and shared. Each thread that uses it gets
** its own connection with its own prepared statements, made on first use.
**
** Memory: everything a query returns is allocated in the arena the caller
** passes and lives as long as that arena.
**
** Results: functions return STORE_OK, STORE_NOT_FOUND, or one of these,
** which callers tell apart by code, never by message:
**   STORE_CONFLICT  another row already holds a unique value (an article's
**                   address in its edition, a user's e-mail, a token's name)
**   STORE_STALE     the row changed since the caller read it (its version)
**   STORE_FULL      the disk (or the database's quota) is full: nothing was
**                   written, reads still work
**   STORE_UNAVAILABLE  the database cannot be reached (a PostgreSQL server
**                   restarting, the network): nothing was written; the
**                   store reconnects by itself, so a later call may work
**   STORE_ERROR     anything else
** On the errors, store_error() tells what went wrong on this thread.
*/
#ifndef GAZETTE_STORE_H
#define GAZETTE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../search/query.h"

typedef struct store store;

enum {
    STORE_OK = 0, STORE_NOT_FOUND = 1, STORE_CONFLICT = 2, STORE_STALE = 3,
    STORE_ERROR = -1, STORE_FULL = -2, STORE_UNAVAILABLE = -3
};

/* Whether readers may see an article (when its date has come). */
typedef enum article_status { ARTICLE_DRAFT = 0, ARTICLE_PUBLISHED = 1 } article_status;

/* Where an article stands in the newsroom's workflow. WF_UNSET in an
** article_input means "as status says" (published or draft). */
typedef enum article_workflow {
    WF_UNSET = 0, WF_DRAFT, WF_REVIEW, WF_SCHEDULED, WF_PUBLISHED, WF_UNPUBLISHED
} article_workflow;

/* "draft", "review", "scheduled", "published", "unpublished". */
const char *workflow_name(article_workflow w);
/* Parses a workflow name; false for anything else. */
bool workflow_parse(const char *name, article_workflow *w);

/* An uploaded image as pages use it. */
typedef struct media {
    int64_t id;
    const char *hash;     /* names the files */
    const char *format;   /* "jpeg", "png", "webp" */
    int width, height;    /* of the original */
    const char *variants; /* widths made, e.g. "480 960 1600" */
    int64_t bytes;
    const char *original_name;
    const char *uploaded_by;
    int64_t created_at;
    const char *alt;      /* the image's default alt text; may be empty */
    const char *credit;   /* who made it, shown under it; may be empty */
} media;

/* One of an article's authors: the profile's address and name. */
typedef struct article_author {
    const char *slug; /* slugify() of the name; the author page's address */
    const char *name;
} article_author;

/* At most this many authors an article. */
#define ARTICLE_AUTHORS_MAX 10

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
    const char *author;   /* the byline: every author's name, joined in the edition's language */
    int64_t published_at; /* Unix seconds */
    int64_t updated_at;
    article_status status;
    const char *body_html;
    const char *translation_key; /* may be NULL */
    int64_t views;               /* as stored; the view counter adds what is pending */
    /* The newsroom's view (store_article_by_id fills these): */
    article_workflow workflow;
    int64_t deleted_at;          /* 0: not in the trash */
    const char *owner;           /* "user:ID", "token:ID" or "" */
    bool featured;
    media lead_image;            /* id 0: none */
    const char *lead_image_caption;
    const char *lead_image_credit;
    const char *lead_image_alt;  /* may be empty */
    const char *body_markdown;   /* by id only */
    int64_t version;             /* one more with every change to the article */
    /* Its authors in order: store_article_authors_fill() fills them (the
    ** reads leave them NULL and 0). */
    const article_author *authors;
    size_t author_count;
    /* Search and social overrides; empty (or 0) means the article's own:
    ** the title, the lead, the lead image, the article's address. */
    const char *seo_title;       /* <title>, og:title, twitter:title */
    const char *seo_description; /* meta description, og:description */
    int64_t social_image_id;     /* og:image: a library image, 0: the lead image */
    const char *canonical_url;   /* a syndicated story's original address */
} article;

/* What a writer (import, later the editor) saves. */
typedef struct article_input {
    const char *lang;
    const char *slug;
    const char *category_slug;
    const char *title;
    const char *subtitle;
    const char *author; /* the byline text; with no authors below, its one author */
    int64_t published_at;
    article_status status;
    const char *body_markdown;
    const char *body_html; /* rendered once, when saved */
    const char *body_text; /* the same as plain text, for the search index */
    const char *translation_key;
    const char **tags;
    size_t tag_count;
    article_workflow workflow; /* WF_UNSET: from status */
    const char *owner;         /* kept when NULL on an update */
    bool featured;
    int64_t lead_image_id;     /* 0: none */
    const char *lead_image_caption;
    const char *lead_image_credit;
    const char *lead_image_alt;
    const char *seo_title;       /* NULL or empty: none (see article) */
    const char *seo_description;
    int64_t social_image_id;     /* 0: none */
    const char *canonical_url;
    /* Updates only: the version the writer read (STORE_STALE when the
    ** article has changed since); 0 saves whatever it is now. */
    int64_t expected_version;
    /* Its authors in order (1 to ARTICLE_AUTHORS_MAX, slugs distinct and
    ** valid); 0: author alone, slug made from it. A profile is made for
    ** every slug that has none, named as given. */
    const article_author *authors;
    size_t author_count;
} article_input;

/* A position in a newest-first list: items strictly older than this. */
typedef struct list_cursor {
    int64_t published_at;
    int64_t id;
} list_cursor;

/* Opens the database at url (a SQLite path, created when missing, or a
** PostgreSQL URL) and brings its schema up to date. Returns NULL with a
** message in err on failure, among them a schema newer than this Gazette
** knows. */
store *store_open(const char *url, char *err, size_t errlen);

/* The same for a database that holds a site already: a SQLite file that
** is not there (or empty), or a PostgreSQL database without Gazette's
** schema, is refused with a message in err instead of made, so that a
** mistyped address is never taken for a new, empty site. */
store *store_open_existing(const char *url, char *err, size_t errlen);

/* True when url names a PostgreSQL database (postgresql:// or postgres://). */
bool store_url_is_postgres(const char *url);

/* url as it may be shown or logged: a PostgreSQL URL's password (in its
** user part or a password= parameter) replaced by "***"; at most size-1
** bytes in out. */
void store_url_redact(const char *url, char *out, size_t size);

/* The backend's name: "sqlite" or "postgresql". */
const char *store_engine(const store *s);

/* Closes every connection. No thread may use the store afterwards. */
void store_close(store *s);

/* The last error on the calling thread's connection. */
const char *store_error(store *s);

/* Its class (STORE_CONFLICT, STORE_FULL, STORE_UNAVAILABLE, ...): what the
** last failed call on this thread returned. Meaningful right after a
** failure; a page tells "come back in a moment" (503) from "broken" (500)
** by it. */
int store_error_code(store *s);

/* --- changes made by other writers (other processes, other machines) --- */

/* How a process learns that another writer committed a change readers can
** see, to follow it with store_content_changes(). On PostgreSQL a
** connection of its own LISTENs to the change log's notifications; SQLite
** cannot tell, and its listener only paces a poll. */
typedef struct store_listener store_listener;

/* Starts listening; the caller stops it with store_listen_stop(). Never
** NULL (a PostgreSQL server that is away is waited for inside). */
store_listener *store_listen(store *s);

/* Waits at most timeout_ms. Returns 1 when a change may have committed
** (PostgreSQL: a notification came; SQLite: always, after the timeout, so
** that the caller looks), 0 when the time passed with none, and -1 when
** the listener has just subscribed again after losing its connection:
** changes may have gone untold meanwhile, so the caller must assume
** everything changed. While the server is away it returns 0 after the
** timeout and tries again at the next call (with backoff). */
int store_listen_wait(store_listener *l, int timeout_ms);

/* Stops listening and frees l (NULL: nothing). */
void store_listen_stop(store_listener *l);

/* The schema version the database is at (-1 when it cannot be read). */
int store_schema_version(store *s);

/* The schema version this Gazette's backend brings a database to (its
** last migration). */
int store_schema_known(store *s);

/* Checks what the engine can check of its own storage: SQLite's
** integrity_check of the whole file (STORE_ERROR with its first finding
** in why, at most size-1 bytes); on PostgreSQL the server keeps its own,
** and this is STORE_OK once it answers. */
int store_integrity_check(store *s, char *why, size_t size);

/* Whether this node can serve the database: STORE_OK when it answers and
** its schema is the one this Gazette knows; else STORE_UNAVAILABLE (it
** does not answer) or STORE_STALE (its schema is older or newer, as
** another node's upgrade leaves it), with why (at most size-1 bytes) in
** words that may be shown to anyone: no address, no server message. */
int store_ready(store *s, char *why, size_t size);

/* A read transaction around the queries of one page: they see one
** snapshot, and the database file is locked once instead of per query. No
** write may happen inside. */
int store_read_begin(store *s);
int store_read_end(store *s);

/* Transactions on the calling thread's connection. */
int store_begin(store *s);
int store_commit(store *s);
void store_rollback(store *s);

/* --- categories --- */

/* Finds the category with slug, creating it (last in the navigation) when
** missing. */
int store_category_ensure(store *s, const char *slug, int64_t *id);

/* The id of the category with slug, or STORE_NOT_FOUND. */
int store_category_find(store *s, const char *slug, int64_t *id);

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

/* One list of store_articles_lists, as store_articles_list takes it. */
typedef struct list_request {
    int64_t category_id;       /* 0: every category */
    const list_cursor *cursor; /* NULL: from the newest */
    int offset, limit;
    int64_t exclude_id;        /* 0: none */
} list_request;

/* Several lists of edition lang at once: out[i] and counts[i] get what
** store_articles_list gives for requests[i] (in a). The same as calling
** it n times, which a backend may do; PostgreSQL asks for them a few
** round trips at most. */
int store_articles_lists(store *s, arena *a, const char *lang, const list_request *requests, size_t n,
                         article **out, size_t *counts);

/* Like store_articles_list, for the articles tagged tag (exactly). */
int store_articles_tagged(store *s, arena *a, const char *lang, int64_t category_id, const char *tag,
                          const list_cursor *cursor, int limit, article **out, size_t *count);

/* Like store_articles_list, for the articles of which author_slug is any
** of the authors (as author pages are addressed). */
int store_articles_by_author(store *s, arena *a, const char *lang, const char *author_slug,
                             const list_cursor *cursor, int offset, int limit, article **out,
                             size_t *count);

/* Number of published articles of an edition with that author among theirs. */
int store_articles_count_by_author(store *s, const char *lang, const char *author_slug, int64_t *count);

/* The visible articles of edition lang with a tag whose slug is tag_slug
** (urls_tag_slug), newest first, as store_articles_by_author. */
int store_articles_by_tag(store *s, arena *a, const char *lang, const char *tag_slug, const list_cursor *cursor,
                          int offset, int limit, article **out, size_t *count);

/* A tag of edition lang by its slug: its name (the text most of its
** visible articles write it with, in a) and how many visible articles
** have it; STORE_NOT_FOUND when none does. */
int store_tag_by_slug(store *s, arena *a, const char *lang, const char *tag_slug, const char **name,
                      int64_t *count);

/* The newest published, visible, featured article of an edition dated
** after since; STORE_NOT_FOUND when there is none. */
int store_featured(store *s, arena *a, const char *lang, int64_t since, article *out);

/* Number of published articles of an edition (category_id 0: all). */
int store_articles_count(store *s, const char *lang, int64_t category_id, int64_t *count);

/* An article in another edition that translates one: where it lives. */
typedef struct translation {
    int64_t id;
    const char *lang;
    const char *category_slug;
    const char *slug;
    const char *title;
} translation;

/* The published, visible articles sharing translation_key, one per
** edition (the newest when an edition has several), in edition order. */
int store_article_translations(store *s, arena *a, const char *translation_key,
                               translation **out, size_t *count);

/* The tags of an article, in alphabetical order. */
int store_article_tags(store *s, arena *a, int64_t article_id, const char ***out,
                       size_t *count);

/* Everything an article's page shows from the store (store_article_page). */
typedef struct article_page_data {
    article article;            /* with its body */
    const char **tags;          /* alphabetical */
    size_t tag_count;
    translation *translations;  /* as store_article_translations gives them */
    size_t translation_count;
    category *categories;       /* the edition's, as store_categories gives them */
    size_t category_count;
    article *older;             /* its category's articles before it, newest first, with what
                                ** lists show: address, category, title, lead, dates, lead image
                                ** and its caption (a backend may leave the rest unset) */
    size_t older_count;
    article *related;           /* store_article_related's, with what lists show (as older) and
                                ** their category's slug and name */
    size_t related_count;
} article_page_data;

/* The published article of edition lang at slug, and beside it what its
** page shows: tags, translations, the edition's categories and up to
** older_limit older articles of its category; all in a, STORE_NOT_FOUND
** when there is no such article. The same as calling store_article_by_slug,
** store_article_tags, store_article_translations, store_categories and
** store_articles_list (and store_article_related for up to related_limit
** related stories; 0: none), which a backend may do; PostgreSQL asks for
** it all in one round trip. */
int store_article_page(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                       int related_limit, article_page_data *out);

/* --- related stories --- */

/* Each public article keeps a short list of the stories related to it,
** made when it is saved (store_related_refresh), so that a page reads it
** by key. The list: at most STORE_RELATED_KEPT stories of its edition
** that are public (published or scheduled, not in the trash), never
** itself, ordered by the number of tags (by their slugs) they share with
** it, then by how alike their titles and leads are to its title and lead
** (the search index's words: a match of any of its words, title 10, lead
** 4; each engine ranks by its own measure), then newest. The work of
** making one is bounded whatever the archive's size: candidates are, for
** each of its first STORE_RELATED_TAGS tags, the newest
** STORE_RELATED_PER_TAG stories carrying it; and the newest
** STORE_RELATED_WINDOW stories, among the edition's newest
** STORE_RELATED_HORIZON, whose title or lead holds one of its first
** STORE_RELATED_TERMS words (only these have a likeness; other candidates
** come after them among equals). */
#define STORE_RELATED_MAX 8
#define STORE_RELATED_KEPT 8
#define STORE_RELATED_TAGS 10
#define STORE_RELATED_PER_TAG 50
#define STORE_RELATED_TERMS 32
#define STORE_RELATED_HORIZON 100
#define STORE_RELATED_WINDOW 40

/* A story on an article's list: its id, the tags it shares with the
** article, and how alike it is (higher is closer; 0: not by its words),
** in millionths of the engine's measure. */
typedef struct related_score {
    int64_t id;
    int shared;
    int64_t likeness;
} related_score;

/* The stories related to article of (its id, lang, title and subtitle
** read), best first, at most STORE_RELATED_KEPT, as the list above says:
** an array in a, its length in *count (0 and NULL: none). */
int store_related_compute(store *s, arena *a, const article *of, related_score **out, size_t *count);

/* Keeps items (n of them, store_related_compute's) as the list of article
** id and puts id on each of their lists (with the same scores: likeness
** is near enough symmetric), which keep their best STORE_RELATED_KEPT.
** On the lists it was on already, the tags it shares are counted again
** (its likeness stays what it was), and it leaves those of another
** edition. */
int store_related_put(store *s, int64_t id, const related_score *items, size_t n);

/* After article id was saved: its list made anew and kept (the two
** calls above), when it is public; in the caller's transaction when there
** is one. A story that stops being public needs nothing: readers' lists
** leave out what they may not see. */
int store_related_refresh(store *s, int64_t id);

/* Whether every article's list is to be made (a migration leaves them so;
** store_related_rebuild makes them and says they are made; a copy of a
** site says what its source said). */
bool store_related_stale(store *s);
int store_related_mark(store *s, bool made);

/* Makes the list of every public article, oldest first, in one
** transaction, and says they are made; *made: how many lists. */
int store_related_rebuild(store *s, int64_t *made);

/* The related stories readers see under article of (needs id and lang):
** the first limit (up to STORE_RELATED_MAX) of its list that are visible
** now (published, dated at or before now, not in the trash), as lists give
** articles, in a. */
int store_article_related(store *s, arena *a, const article *of, int limit, article **out, size_t *count);

/* --- what imports from another system keep --- */

/* What an import made of an item of another system's site: an article or
** (page) a static page, its id here, and its version right after the
** import wrote it (a later version: edited here since), and a digest of
** the item as it was imported. */
typedef struct import_link {
    bool page;
    int64_t target_id;
    int64_t version;
    char digest[33]; /* what the item was then (hex), to tell it unchanged */
} import_link;

/* The link of the item external_id (its number there, a WordPress post
** id) of the site source (its address, "https://example.com"): STORE_OK
** and *out, or STORE_NOT_FOUND. */
int store_import_link_find(store *s, const char *source, int64_t external_id, import_link *out);
/* Keeps (or replaces) that link. */
int store_import_link_put(store *s, const char *source, int64_t external_id, const import_link *link);

/* An old site's address that answers 301 here: to an article, to a page,
** or (target) to a path of this site (a category's, a tag's). One of the
** three is set. */
typedef struct old_address {
    int64_t article_id, page_id;
    const char *target;
} old_address;

/* Keeps (or replaces) where path leads: the old site's path from its
** first '/', a query kept as it was ("/2024/05/a-story/", "/?p=12"). At
** most OLD_ADDRESS_MAX bytes. */
#define OLD_ADDRESS_MAX 1024
int store_old_address_put(store *s, const char *path, const old_address *to);
/* Where path leads (target in a): STORE_OK, or STORE_NOT_FOUND. */
int store_old_address_find(store *s, arena *a, const char *path, old_address *out);

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

/* Runs a parsed query (search_query_build(), never raw input) in an
** edition's index: best first (the title weighted above the lead and the
** body, newer first among equals), offset and limit for pages. */
int store_search(store *s, arena *a, const char *lang, const search_query *query, int offset,
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

/* --- feeds and sitemaps --- */

/* One visible article, as sitemaps list it. alternates: its translations,
** "lang category/slug" joined by '|' (empty when none); canonical_url a
** syndicated story's original address (empty: its own). */
typedef struct sitemap_entry {
    const char *lang, *category_slug, *slug, *title;
    int64_t published_at, updated_at;
    const char *alternates;
    const char *canonical_url;
} sitemap_entry;

typedef bool (*sitemap_fn)(void *ctx, const sitemap_entry *e);

/* Calls fn for the visible articles of every edition published after
** since (0: all), oldest id first, from offset, at most limit. Strings live
** until fn returns. */
int store_sitemap(store *s, int64_t since, int offset, int limit, sitemap_fn fn, void *ctx);

/* The same for the newest: the visible articles published after since,
** newest first, at most limit (the Google News sitemap). */
int store_news_sitemap(store *s, int64_t since, int limit, sitemap_fn fn, void *ctx);

/* Visible articles of every edition. */
int store_published_total(store *s, int64_t *count);

/* The rendered body of an article, in a. */
int store_article_body(store *s, arena *a, int64_t id, const char **html);

/* The newest change to any visible article of an edition (all when lang
** is NULL) and category (all when 0): for Last-Modified and lastmod. */
int store_last_change(store *s, const char *lang, int64_t category_id, int64_t *when);

/* When what readers see last changed (any writer: articles, categories,
** settings, redirects; not view counts), and a number that grows with each
** change. */
int store_content_version(store *s, int64_t *changed_at, int64_t *generation);

/* The editions whose pages changed after generation `after` (exclusive):
** scopes are editions ("en") or "*" (everything), distinct, in a;
** *latest is the newest generation. *complete is false when the log no
** longer reaches back that far (the caller must assume everything changed). */
int store_content_changes(store *s, arena *a, int64_t after, int64_t *latest, const char ***scopes,
                          size_t *count, bool *complete);

/* One change of the log, as a cache in front needs it: its scope (an
** edition or "*"), and, for a change to an article (article_id not 0),
** the article's edition, category slug and byline slug as they were or
** are (a change that moves an article comes twice, once for each place). */
typedef struct content_change {
    const char *scope;
    int64_t article_id;
    const char *lang, *category_slug, *author_slug; /* NULL when not an article's */
} content_change;

/* The changes after generation `after` (exclusive), oldest first, at most
** limit of them, in a; *latest and *complete as store_content_changes
** (with *latest the newest of those given when limit cut them short). */
int store_content_log(store *s, arena *a, int64_t after, int limit, int64_t *latest, content_change **out,
                      size_t *count, bool *complete);

/* When what readers of an edition see next changes with no write to tell:
** an article dated in the future comes out, or a breaking banner ends
** (its time, after now); 0 when nothing waits. */
int store_next_release(store *s, const char *lang, int64_t now, int64_t *when);

/* --- newsroom: articles in every state --- */

/* An article by id in any state (drafts, trash too), with its body. */
int store_article_by_id(store *s, arena *a, int64_t id, article *out);

/* An article by edition and slug in any state: the id, or STORE_NOT_FOUND. */
int store_article_find(store *s, const char *lang, const char *slug, int64_t *id);

/* Updates an article by id (its edition and slug may change). Tags and
** body are replaced, the index kept true. STORE_CONFLICT when another
** article of the edition has the slug, STORE_STALE when
** in->expected_version is set and the article is past it. */
int store_article_update(store *s, int64_t id, const article_input *in);

/* Filters of the newsroom's article list; NULL or 0 fields do not filter. */
typedef struct article_filter {
    const char *lang;
    const char *category_slug;
    article_workflow workflow;  /* WF_UNSET: any */
    const char *owner;
    const char *title_contains; /* case-insensitive */
    bool trash;                 /* the trash instead of the rest */
    int offset, limit;
} article_filter;

/* Articles for the newsroom, newest changed first (no bodies). */
int store_articles_admin(store *s, arena *a, const article_filter *f, article **out,
                         size_t *count, int64_t *total);

/* The newsroom's list (store_articles_newsroom): every filter optional
** (NULL, 0, WF_UNSET), sorted by publication date or last change, read by
** keyset from a position, and at most STORE_NEWSROOM_MAX a page. */
#define STORE_NEWSROOM_MAX 200
/* The text filter looks at the newest (by id) this many matches of each
** index (public and newsroom) of each edition: the cost of a common word
** is bounded whatever the archive's size. */
#define STORE_NEWSROOM_TEXT_WINDOW 2000

typedef enum newsroom_sort { NEWSROOM_BY_PUBLISHED = 0, NEWSROOM_BY_UPDATED = 1 } newsroom_sort;

/* Words to look for in one edition: the query parsed with that edition's
** tokenizer (search_query_build, never raw input). */
typedef struct newsroom_text {
    const char *lang;
    const search_query *query;
} newsroom_text;

typedef struct newsroom_filter {
    const char *lang;           /* an edition */
    const char *category_slug;
    const char *author_slug;    /* slugify() of the byline, as author pages are addressed */
    const char *owner;          /* "user:ID" or "token:ID": authors see their own work only */
    article_workflow workflow;  /* WF_UNSET: any (outside the trash) */
    bool trash;                 /* the trash instead (workflow then ignored) */
    /* With text_count > 0 only articles matching one of these (in their
    ** own edition's index, public or the newsroom's, drafts included). */
    const newsroom_text *text;
    size_t text_count;
    newsroom_sort sort;
    bool ascending;             /* oldest first; newest first otherwise */
    bool from_position;         /* only articles strictly after (key, id) in that order */
    int64_t position_key, position_id;
    int limit;                  /* 1 .. STORE_NEWSROOM_MAX */
} newsroom_filter;

/* An article of the list, and who acted on it last (the newest entry of
** the audit log naming it, else of its revisions; "" when none). */
typedef struct newsroom_item {
    article article;
    const char *edited_by;
} newsroom_item;

typedef struct newsroom_page {
    newsroom_item *items;       /* in a */
    size_t count;
    bool more;                  /* more articles follow the last one */
    bool text_window_full;      /* the text matched more than the window: older matches left out */
} newsroom_page;

/* A page of the newsroom's list (no bodies), in a. The sort key of an
** item is its published_at or updated_at; the next page is asked for from
** the last item's (key, id). */
int store_articles_newsroom(store *s, arena *a, const newsroom_filter *f, newsroom_page *out);

/* Moves an article to the trash or back. */
int store_article_trash(store *s, int64_t id, bool trashed);

/* Sets the workflow (and so whether readers see it) and maybe the date. */
int store_article_set_workflow(store *s, int64_t id, article_workflow w, int64_t published_at);

/* Publishes every scheduled article whose time has come; gives their ids
** (up to max) and how many. */
int store_publish_due(store *s, int64_t now, int64_t *ids, size_t max, size_t *count);

/* --- revisions, old addresses, audit --- */

typedef struct revision {
    int64_t id, article_id, created_at;
    const char *actor, *actor_name;
    const char *snapshot; /* JSON of the article's fields */
} revision;

int store_revision_add(store *s, int64_t article_id, const char *actor, const char *actor_name,
                       const char *snapshot);
/* Revisions of an article, newest first, without snapshots. */
int store_revisions(store *s, arena *a, int64_t article_id, revision **out, size_t *count);
int store_revision_get(store *s, arena *a, int64_t id, revision *out);

/* Records that /lang/old_path (category/slug) now belongs to an article. */
int store_redirect_add(store *s, const char *lang, const char *old_path, int64_t article_id);
/* The article an old address leads to. */
int store_redirect_find(store *s, const char *lang, const char *old_path, int64_t *article_id);

typedef struct audit_entry {
    int64_t id, at, article_id;   /* article_id 0: none */
    const char *actor, *actor_name, *action, *detail;
    const char *address;          /* the client's, after trusted proxies ("" for the system) */
} audit_entry;

/* Records e (its id and time are the store's). */
int store_audit_add(store *s, const audit_entry *e);
/* The newest entries first. */
int store_audit_list(store *s, arena *a, int offset, int limit, audit_entry **out,
                     size_t *count);

/* --- people, sessions, tokens --- */

typedef enum user_role { ROLE_AUTHOR = 1, ROLE_EDITOR = 2, ROLE_ADMIN = 3 } user_role;
const char *role_name(user_role r);
bool role_parse(const char *name, user_role *r);

typedef struct account {
    int64_t id;
    const char *email, *name;
    user_role role;
    const char *password_hash;
    bool disabled;
    int64_t created_at;
    const char *language; /* the newsroom's language they chose ("en", "ru", "az"); NULL: their browser's */
} account;

int store_user_add(store *s, const char *email, const char *name, user_role role,
                   const char *password_hash, int64_t *id);
int store_user_by_email(store *s, arena *a, const char *email, account *out);
int store_user_by_id(store *s, arena *a, int64_t id, account *out);
int store_users(store *s, arena *a, account **out, size_t *count);
int store_user_set_password(store *s, int64_t id, const char *password_hash);
int store_user_set_disabled(store *s, int64_t id, bool disabled);
int store_user_set_role(store *s, int64_t id, user_role role);
/* Sets the newsroom language a user chose ("en", "ru" or "az"; NULL: follow
** the browser). STORE_NOT_FOUND when there is no such user. */
int store_user_set_language(store *s, int64_t id, const char *language);

/* Sessions are found by the hash of their token; seen_at moves with use. */
int store_session_add(store *s, const unsigned char *token_hash, size_t hash_len,
                      int64_t user_id, const char *csrf, int64_t now);
/* The user and CSRF token of a live session (seen after idle_since). */
int store_session_find(store *s, arena *a, const unsigned char *token_hash, size_t hash_len,
                       int64_t idle_since, account *who, const char **csrf, int64_t *seen_at);
int store_session_touch(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now);
int store_session_delete(store *s, const unsigned char *token_hash, size_t hash_len);
/* Ends every session of a user (disabled, or a new password). */
int store_sessions_end_for(store *s, int64_t user_id);

/* Failed logins: recorded, and counted since a time. */
int store_failed_login_add(store *s, const char *email, const char *address, int64_t at);

typedef struct login_failures {
    int64_t pair;          /* for this account from this address */
    int64_t address;       /* from this address, any account */
    int64_t account;       /* for this account, from anywhere */
    int64_t account_last;  /* when the account's last one was (0: none) */
} login_failures;
int store_failed_logins_count(store *s, const char *email, const char *address, int64_t since,
                              login_failures *out);
/* Forgets the failures of an account from one address after a good login
** there; from every address when address is NULL (gazette user unlock). */
int store_failed_logins_clear(store *s, const char *email, const char *address);

/* Browsers that logged in to an account, known by the hash of a cookie. */
int store_login_device_add(store *s, const unsigned char *hash, size_t hash_len, int64_t user_id, int64_t now);
/* The account a browser logged in to, or STORE_NOT_FOUND. */
int store_login_device_find(store *s, const unsigned char *hash, size_t hash_len, int64_t *user_id);

typedef struct api_token {
    int64_t id;
    const char *name;
    user_role role;
    int64_t created_at, revoked_at;
} api_token;

int store_token_add(store *s, const char *name, user_role role, const unsigned char *hash,
                    size_t hash_len, int64_t *id);
int store_token_find(store *s, arena *a, const unsigned char *hash, size_t hash_len,
                     api_token *out);
int store_tokens(store *s, arena *a, api_token **out, size_t *count);
int store_token_revoke(store *s, const char *name);

/* --- preview links: a draft shown to someone without an account --- */

/* A preview link, as the newsroom lists it (never its token: only its
** hash is kept, and the address is shown once, when it is made). */
typedef struct preview_link {
    int64_t id;
    int64_t article_id;
    const char *created_by; /* the name of who made it */
    int64_t created_at;
    int64_t expires_at;
} preview_link;

/* Keeps a new link to article_id by the hash of its token, until expires_at. */
int store_preview_add(store *s, int64_t article_id, const unsigned char *token_hash, size_t hash_len,
                      const char *created_by, int64_t now, int64_t expires_at, int64_t *id);
/* The article a live link (not expired at now, not revoked) shows, or
** STORE_NOT_FOUND. */
int store_preview_find(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now,
                       int64_t *article_id);
/* The live links of an article, newest first, strings in a. */
int store_previews(store *s, arena *a, int64_t article_id, int64_t now, preview_link **out, size_t *count);
/* Ends link id of article_id at now; STORE_NOT_FOUND when it is not a live link of it. */
int store_preview_revoke(store *s, int64_t article_id, int64_t id, int64_t now);

/* --- the editor's autosaved drafts and who has an article open --- */

/* What one person had typed into the editor of one article, kept by the
** server while they type (admin_drafts.c). */
typedef struct draft {
    int64_t user_id;
    int64_t article_id;   /* 0: a new article, not yet saved */
    const char *fields;   /* a JSON object: the form's fields by name */
    int64_t base_version; /* the article's version the form was opened at (0: new) */
    int64_t saved_at;
} article_draft;

/* Keeps d as the draft of its person and article, replacing the one kept. */
int store_draft_put(store *s, const article_draft *d);
/* The draft of a person and article (strings in a), or STORE_NOT_FOUND. */
int store_draft_get(store *s, arena *a, int64_t user_id, int64_t article_id, article_draft *out);
/* Forgets it (the article was saved for real); STORE_OK when there was none. */
int store_draft_delete(store *s, int64_t user_id, int64_t article_id);
/* store_article_trash forgets every draft of the article it trashes. */

/* One open editor: a tab of a person's browser with an article open. */
typedef struct presence {
    int64_t user_id;
    const char *user_name;
    const char *tab;      /* the tab's own random id */
    int64_t seen_at;      /* its last heartbeat */
    bool holder;          /* the one tab that holds the article (at most one) */
    int64_t held_since;   /* since when it holds it */
} presence;

/* A heartbeat of tab (of user_id) in the editor of article_id at now:
** forgets every tab not heard from since stale_before, and the user's
** oldest tabs beyond max_tabs; records this one; makes it the article's
** holder when take_over, or when no tab holds it. Gives the article's
** open tabs, this one among them (strings in a), holder first. */
int store_presence_beat(store *s, arena *a, int64_t article_id, int64_t user_id, const char *tab,
                        int64_t now, int64_t stale_before, int max_tabs, bool take_over,
                        presence **out, size_t *count);
/* The tab closed its editor: its row goes. */
int store_presence_leave(store *s, int64_t user_id, const char *tab);

/* Deletes a category with its names; STORE_CONFLICT (and nothing
** deleted) while an article, in any state, is in it; STORE_NOT_FOUND. */
int store_category_delete(store *s, int64_t id);

/* A tag and the number of articles (any state) that carry it. */
typedef struct tag_use {
    const char *tag;
    int64_t count;
} tag_use;

/* Tags, the most used first (then by name), at most limit, in a. */
int store_tags(store *s, arena *a, int limit, tag_use **out, size_t *count);

/* Renames a tag on every article that has it (one that has both keeps
** one); *changed: the articles that had it. STORE_NOT_FOUND when none. */
int store_tag_rename(store *s, const char *from, const char *to, int64_t *changed);

/* --- authors' profiles --- */

/* A person who writes: an author page's profile. Texts are "" when unset. */
typedef struct author_profile {
    int64_t id;
    const char *slug;    /* unique; the author page's address */
    const char *name;
    const char *bio;     /* plain text */
    int64_t photo_id;    /* 0: none; a media id from the library */
    media photo;         /* filled when photo_id is (by the reads) */
    const char *website, *twitter, *facebook, *telegram; /* https URLs */
    const char *email;
    int64_t user_id;     /* 0: linked to no newsroom user */
    int64_t created_at, updated_at;
} author_profile;

/* The profile at slug (STORE_NOT_FOUND when none), in a. */
int store_author_by_slug(store *s, arena *a, const char *slug, author_profile *out);

/* The profile linked to a newsroom user (STORE_NOT_FOUND when none). */
int store_author_by_user(store *s, arena *a, int64_t user_id, author_profile *out);

/* Profiles by slug, those after after_slug (NULL or "": from the first),
** at most limit, in a. */
int store_authors(store *s, arena *a, const char *after_slug, int limit, author_profile **out,
                  size_t *count);

/* Makes a profile from in (slug, name and the rest; times are now):
** STORE_CONFLICT when the slug (or the user) has one; *id its number. */
int store_author_add(store *s, const author_profile *in, int64_t *id);

/* Replaces the name, bio, photo, links and user of the profile at slug
** with in's: STORE_NOT_FOUND, STORE_CONFLICT (the user has another). */
int store_author_update(store *s, const char *slug, const author_profile *in);

/* Fills items[i].authors and author_count (in a) for n articles, in one
** query: their authors in order, named by their profiles. */
int store_article_authors_fill(store *s, arena *a, article *items, size_t n);

/* --- breaking news --- */

/* A story marked as breaking news, as the banner shows it. */
typedef struct breaking_story {
    int64_t article_id;
    const char *lang, *category_slug, *slug, *title;
    const char *label;            /* may be empty */
    int64_t since, until;
} breaking_story;

/* Marks published article id as breaking from now until until with label
** (empty: none), or (until 0) ends it: STORE_NOT_FOUND when there is no
** such article, STORE_CONFLICT when it is not published (or is in the
** trash). Every page of its edition changes: the change log says so. */
int store_article_set_breaking(store *s, int64_t id, const char *label, int64_t until);

/* The stories breaking at now in every edition that readers can see,
** newest first (at most BREAKING_MAX), in a. */
#define BREAKING_MAX 50
int store_breaking(store *s, arena *a, int64_t now, breaking_story **out, size_t *count);

/* --- live blogs --- */

/* A live blog is an article with timestamped updates, newest first, one
** of them perhaps pinned on top, until its coverage ends. Its coverage
** starts at the article's date. */

/* The most updates one live blog holds; its page shows them all. */
#define LIVE_UPDATES_MAX 300
/* The newest of them that its JSON-LD lists and its poll answer gives. */
#define LIVE_RECENT_UPDATES 20

/* One update of a live blog. */
typedef struct live_update {
    int64_t id, article_id;
    const char *title;         /* may be empty */
    const char *body_markdown; /* store_live_update_by_id only (NULL in lists) */
    const char *body_html;     /* rendered once, when saved */
    const char *body_text;     /* the same as plain text */
    const char *author;        /* who posted it, as readers see it */
    const char *created_by;    /* "user:ID", "token:ID" */
    bool pinned;
    int64_t created_at;
    int64_t corrected_at;      /* 0: never corrected */
} live_update;

/* What a live blog's page, feed and API answers show of it. */
typedef struct live_blog {
    bool live;                 /* false: the article is not a live blog */
    int64_t ended_at;          /* 0: coverage open */
    int64_t changed_at;        /* the last change to it or its updates (0: none) */
    int64_t total;             /* its updates, all of them */
    live_update *updates;      /* at most the limit asked for */
    size_t count;
} live_blog;

/* Article id's live state and its updates (in a): at most limit of them,
** newest first, the pinned one first when pinned_first. One statement. An
** article that is not a live blog (or not there) gives live false and no
** updates. */
int store_live_blog(store *s, arena *a, int64_t article_id, int limit, bool pinned_first, live_blog *out);

/* Makes article id a live blog (live) or not, with its coverage ended at
** ended_at (0: open): STORE_NOT_FOUND when there is no such article. Its
** page and the lists it is in change (the change log says so). */
int store_live_set(store *s, int64_t article_id, bool live, int64_t ended_at);

/* One update of article_id, with its Markdown (in a); STORE_NOT_FOUND. */
int store_live_update_by_id(store *s, arena *a, int64_t article_id, int64_t update_id, live_update *out);

/* Adds in (article_id, title, Markdown, HTML, text, author, created_by,
** pinned; created_at now) to a live blog: STORE_NOT_FOUND when the
** article is not a live blog, STORE_CONFLICT when it holds
** LIVE_UPDATES_MAX already. Pinning it unpins the others. *id its number. */
int store_live_update_add(store *s, const live_update *in, int64_t *id);

/* Replaces update in->id's title, Markdown, HTML, text and pinned (and,
** when in->corrected_at is not 0, its time of correction):
** STORE_NOT_FOUND when article in->article_id has no such update. */
int store_live_update_change(store *s, const live_update *in);

/* Deletes an update: STORE_NOT_FOUND when the article has no such one. */
int store_live_update_delete(store *s, int64_t article_id, int64_t update_id);

/* A published live blog, as lists and pages need to know it. */
typedef struct live_mark {
    int64_t id;
    bool open; /* its coverage has not ended */
} live_mark;

/* The published live blogs of every edition (not in the trash), newest
** first, at most limit of them (in a). */
int store_live_blogs(store *s, arena *a, int limit, live_mark **out, size_t *count);

/* --- an edition's static pages (About us, Contacts, Privacy policy...) --- */

/* A static page: not a story (no category, byline or date; never in lists,
** feeds or search), at /{lang}/page/{slug}; those with a menu position are
** linked from the edition's footer, in that order. */
typedef struct static_page {
    int64_t id;
    const char *lang, *slug;
    const char *title;
    const char *description;   /* the meta description; may be empty */
    const char *body_markdown; /* by id only (the reads for readers leave it NULL) */
    const char *body_html;     /* rendered once, when saved */
    bool published;
    int menu_position;         /* 0: not in the footer menu; 1.. its place */
    int64_t version;           /* one more with every change */
    int64_t created_at, updated_at;
    const char *updated_by;    /* who saved it last ("" when unknown) */
} static_page;

/* The page of edition lang at slug, published or (drafts too) not, in a;
** STORE_NOT_FOUND when none. */
int store_page_by_slug(store *s, arena *a, const char *lang, const char *slug, bool published_only,
                       static_page *out);
/* A page by its number, with its Markdown, in a. */
int store_page_by_id(store *s, arena *a, int64_t id, static_page *out);
/* The pages of edition lang (NULL: every edition), drafts too unless
** published_only, without their bodies: by edition, then the footer's
** order (pages out of it last), then title. At most PAGES_MAX. */
#define PAGES_MAX 500
int store_pages(store *s, arena *a, const char *lang, bool published_only, static_page **out,
                size_t *count);
/* The published pages of the footer menus of every edition, by edition and
** position, without their bodies (what readers' pages link to). */
int store_pages_menu(store *s, arena *a, static_page **out, size_t *count);
/* Makes a page from in (lang, slug, title, description, body_markdown,
** body_html, published, menu_position, updated_by; times are now):
** STORE_CONFLICT when the edition has a page at the slug. */
int store_page_add(store *s, const static_page *in, int64_t *id);
/* Replaces page id's fields with in's when its version is still
** expected_version (0: whatever it is): STORE_NOT_FOUND, STORE_STALE,
** STORE_CONFLICT (the slug is another page's). *version: the new one. */
int store_page_update(store *s, int64_t id, const static_page *in, int64_t expected_version,
                      int64_t *version);
/* Deletes page id: STORE_NOT_FOUND when there is none. */
int store_page_delete(store *s, int64_t id);

/* --- media --- */

int store_media_add(store *s, const media *m, int64_t *id, bool *created);
int store_media_by_id(store *s, arena *a, int64_t id, media *out);
int store_media_by_hash(store *s, arena *a, const char *hash, media *out);
int store_media_list(store *s, arena *a, int offset, int limit, media **out, size_t *count);
/* Sets the default alt text and the credit of image id (NULL: empty);
** STORE_NOT_FOUND when there is none. */
int store_media_describe(store *s, int64_t id, const char *alt, const char *credit);

/* Images newest first from below id before_id (0: from the newest), at
** most limit, in a: keyset pages. */
int store_media_page(store *s, arena *a, int64_t before_id, int limit, media **out, size_t *count);
/* Deletes an image's record and the variants the database keeps of it
** (store_media_in_database; files in media_dir are the caller's);
** STORE_CONFLICT (nothing deleted) while an article, in any state, has it
** as its lead image or its social image; STORE_NOT_FOUND. */
int store_media_delete(store *s, int64_t id);

/* The bytes of uploaded images' variants, named as served
** ("{hash}-{width}.webp"). Where a site keeps them depends on its engine:
** store_media_in_database() is true on PostgreSQL (every node reads the
** same images), false on SQLite (files in media_dir beside the database,
** sent with sendfile). The functions work on both. */
bool store_media_in_database(store *s);
/* Keeps a variant; one already kept under the name is left as it is
** (names are content hashes: the same name is the same bytes). */
int store_media_file_put(store *s, const char *name, const void *data, size_t len);
/* A variant's bytes, in a; STORE_NOT_FOUND when none has the name. */
int store_media_file_get(store *s, arena *a, const char *name, const void **data, size_t *len);
/* A variant's size in bytes. */
int store_media_file_size(store *s, const char *name, int64_t *len);

/* --- settings edited in the newsroom (they override the configuration) --- */

int store_setting_get(store *s, arena *a, const char *key, const char **value);
int store_setting_set(store *s, const char *key, const char *value);
/* Every setting, as alternating keys and values. */
int store_settings(store *s, arena *a, const char ***pairs, size_t *count);

/* --- whole-site copies between databases (gazette copy) --- */

/* One value of a row as a copy moves it, whatever the engine. */
typedef enum store_value_kind { VALUE_NULL, VALUE_INT, VALUE_TEXT, VALUE_BYTES } store_value_kind;
typedef struct store_value {
    store_value_kind kind;
    int64_t number;     /* VALUE_INT */
    const void *data;   /* VALUE_TEXT (NUL-terminated), VALUE_BYTES */
    size_t len;
} store_value;

/* The tables a copy moves, in an order where every row's references come
** first (store_copy.c): their count, and each one's name. */
size_t store_table_count(void);
const char *store_table_name(size_t table);

/* Called for each row of a table, values in the table's column order,
** living until fn returns; false stops. */
typedef bool (*store_row_fn)(void *ctx, const store_value *row, size_t columns);

/* Every row of table number `table`, in its key's order. */
int store_table_rows(store *s, size_t table, store_row_fn fn, void *ctx);
/* Adds a row to a table, ids and all (inside the caller's transaction). */
int store_table_put(store *s, size_t table, const store_value *row, size_t columns);
/* Empties a table (--replace), and how many rows one has. */
int store_table_clear(store *s, size_t table);
int store_table_rows_count(store *s, size_t table, int64_t *count);
/* After rows were put with their ids: new rows get ids after them. */
int store_copy_finish(store *s);

/* How far a copy is: table's rows done of total. */
typedef void (*store_copy_progress)(void *ctx, const char *table, int64_t done, int64_t total);

/* Copies the whole site from one database to another, in one transaction
** of the destination and one snapshot of the source, then checks that
** every table holds as many rows as in the source. The destination must
** be empty (STORE_CONFLICT otherwise) unless replace, which empties it
** first. Search indexes are not copied: the caller rebuilds the
** destination's. Messages (what differs, what failed) in err. */
int store_copy(store *from, store *to, bool replace, store_copy_progress progress, void *ctx,
               char *err, size_t errlen);

/* --- views --- */

/* The stored view count of an article. */
int store_views_get(store *s, int64_t article_id, int64_t *views);

/* Views are also kept per article per hour (UTC hours; buckets that
** start at a multiple of 3600 seconds), for the most-read lists, for
** STORE_VIEWS_HOURLY_DAYS days; after that, per UTC day. */
#define STORE_VIEWS_HOURLY_DAYS 8
/* The most hourly buckets one batch of views rolls into daily totals:
** the work of a batch stays bounded however far behind the rollup is. */
#define STORE_VIEWS_ROLLUP_MAX 500

/* Adds counted views, for many articles in one transaction: to each one's
** total and to its bucket of the hour that at (Unix seconds) falls in;
** then, in the same transaction, rolls at most STORE_VIEWS_ROLLUP_MAX of
** the hourly buckets that start STORE_VIEWS_HOURLY_DAYS days or more
** before at's hour, oldest first, into their days' totals. Views of an
** article that is not there (deleted meanwhile) are dropped. */
int store_views_add(store *s, int64_t at, const int64_t *article_ids, const int64_t *counts, size_t n);

/* The most read articles of edition lang: at most limit of those readers
** see at now (published, dated at or before now, not in the trash), by
** their views in the hourly buckets that start at since or later, the
** most first (as many: the newer first). (*out)[i] is an article as lists
** give it, (*views)[i] its views in the window; all in a. One statement
** over the window's buckets, whatever the edition's size. */
int store_most_read(store *s, arena *a, const char *lang, int64_t since, int64_t now, int limit, article **out,
                    int64_t **views, size_t *count);

#endif
