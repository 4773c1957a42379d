/*
** What the files of the PostgreSQL store share: the per-thread connection,
** its prepared statements, parameters, results and error classes. Private
** to src/store/postgres*.c.
**
** Statements: every file has an enum of its statements and a table of
** their SQL (fixed text, parameters $1, $2, ... only); each is prepared on
** a connection the first time it runs there, under the name of its slot,
** and kept while the connection lives. The slot ranges of the files are
** below, as in sqlite_internal.h.
**
** Connections: one per thread, made on first use. When the server goes
** away, a call outside a transaction reconnects (at most once per backoff
** period, which doubles up to PG_BACKOFF_MAX_MS while it stays away) and
** prepares its statements again; inside a transaction every call fails
** with STORE_UNAVAILABLE until the caller rolls back, so a transaction is
** never half-applied on a new connection.
*/
#ifndef GAZETTE_POSTGRES_INTERNAL_H
#define GAZETTE_POSTGRES_INTERNAL_H

#include "store_backend.h"

#include <libpq-fe.h>
#include <pthread.h>

/* Slot ranges of the statements of each file. */
#define PG_CORE_SLOTS 16
#define PG_ARTICLE_SLOTS 48
#define PG_CATEGORY_SLOTS 16
#define PG_NEWSROOM_SLOTS 64
#define PG_PEOPLE_SLOTS 32
#define PG_SEARCH_SLOTS 32
#define PG_COPY_SLOTS (STORE_TABLE_MAX * 4) /* postgres_copy.c: four statements a table */
#define PG_MEDIA_SLOTS 4
#define PG_READ_SLOTS 4
#define PG_PAGE_SLOTS 4
#define PG_DRAFT_SLOTS 16
#define PG_PREVIEW_SLOTS 8 /* postgres_previews.c */
#define PG_LIST_SLOTS 24
#define PG_AUTHOR_SLOTS 16 /* postgres_authors.c */
#define PG_STATIC_PAGE_SLOTS 12 /* postgres_static_pages.c */
#define PG_TAG_SLOTS 4 /* postgres_tags.c */
#define PG_BREAKING_SLOTS 4 /* postgres_breaking.c */
#define PG_RELATED_SLOTS 11 /* postgres_related.c */
#define PG_LIVE_SLOTS 12 /* postgres_live.c */
#define PG_IMPORT_SLOTS 4 /* postgres_imports.c */
#define PG_CORE_FIRST 0
#define PG_ARTICLE_FIRST (PG_CORE_FIRST + PG_CORE_SLOTS)
#define PG_CATEGORY_FIRST (PG_ARTICLE_FIRST + PG_ARTICLE_SLOTS)
#define PG_NEWSROOM_FIRST (PG_CATEGORY_FIRST + PG_CATEGORY_SLOTS)
#define PG_PEOPLE_FIRST (PG_NEWSROOM_FIRST + PG_NEWSROOM_SLOTS)
#define PG_SEARCH_FIRST (PG_PEOPLE_FIRST + PG_PEOPLE_SLOTS)
#define PG_COPY_FIRST (PG_SEARCH_FIRST + PG_SEARCH_SLOTS)
#define PG_MEDIA_FIRST (PG_COPY_FIRST + PG_COPY_SLOTS)
#define PG_READ_FIRST (PG_MEDIA_FIRST + PG_MEDIA_SLOTS)
#define PG_PAGE_FIRST (PG_READ_FIRST + PG_READ_SLOTS)
#define PG_DRAFT_FIRST (PG_PAGE_FIRST + PG_PAGE_SLOTS)
#define PG_LIST_FIRST (PG_DRAFT_FIRST + PG_DRAFT_SLOTS)
#define PG_PREVIEW_FIRST (PG_LIST_FIRST + PG_LIST_SLOTS)
#define PG_AUTHOR_FIRST (PG_PREVIEW_FIRST + PG_PREVIEW_SLOTS)
#define PG_STATIC_PAGE_FIRST (PG_AUTHOR_FIRST + PG_AUTHOR_SLOTS)
#define PG_TAG_FIRST (PG_STATIC_PAGE_FIRST + PG_STATIC_PAGE_SLOTS)
#define PG_BREAKING_FIRST (PG_TAG_FIRST + PG_TAG_SLOTS)
#define PG_RELATED_FIRST (PG_BREAKING_FIRST + PG_BREAKING_SLOTS)
#define PG_LIVE_FIRST (PG_RELATED_FIRST + PG_RELATED_SLOTS)
#define PG_IMPORT_FIRST (PG_LIVE_FIRST + PG_LIVE_SLOTS)
#define PG_SLOTS (PG_IMPORT_FIRST + PG_IMPORT_SLOTS)

/* The states of pg_conn.hand. */
enum { PG_HAND_OWNER, PG_HAND_DUE, PG_HAND_CLOSER };

/* Reconnection backoff while the server stays away. */
#define PG_BACKOFF_MIN_MS 100
#define PG_BACKOFF_MAX_MS 5000

/* One thread's connection. */
typedef struct pg_conn {
    struct pg_store *owner;    /* the store that made it (its URL) */
    PGconn *db;                /* NULL until connected */
    bool prepared[PG_SLOTS];
    bool in_transaction;       /* between store_begin/read_begin and their end */
    bool lost;                 /* the connection died inside a transaction */
    bool begin_pending;        /* a read transaction begun, its BEGIN not yet sent (postgres_read.c) */
    /* Who may use the connection (postgres_read.c): PG_HAND_OWNER, its
    ** thread; PG_HAND_DUE, its thread ended a read transaction and left
    ** the COMMIT to go with its next statements, or to the closer thread
    ** after a while idle; PG_HAND_CLOSER, the closer is sending it. */
    _Atomic int hand;
    _Atomic int64_t due_at_ms; /* when the COMMIT became due (monotonic) */
    bool deferred_commit;      /* taken back with a COMMIT due: it goes first, with what is sent next */
    bool have_read_version;    /* the read transaction's content version, read with its BEGIN: */
    int64_t read_changed_at, read_generation;
    int64_t retry_at_ms;       /* no reconnecting before this (monotonic), */
    int64_t failed_at_ms;      /* unless another connection got through since this */
    int backoff_ms;
    char error[512];
    int error_code;            /* the class of the last failure (store_error_code) */
    struct pg_conn *next;      /* in the store's list of all connections */
} pg_conn;

/* An edition's categories as read in one snapshot (postgres_categories.c):
** the same for every reader of the same content generation within the
** same second (which categories show depends on the time: an embargoed
** article's category appears at its time). */
#define PG_CATEGORY_CACHE 8
typedef struct pg_category_cache {
    char lang[16];             /* "" when unused */
    int64_t generation, second;
    arena *arena;              /* owns items and their strings */
    category *items;
    size_t count;
} pg_category_cache;

typedef struct pg_store {
    store base;                /* its operations: postgres_store_ops */
    char *url;
    pthread_key_t key;
    pthread_mutex_t lock;      /* guards connections */
    pg_conn *connections;
    _Atomic int64_t connected_at_ms; /* when a connection of the store last got through */
    pthread_mutex_t categories_lock; /* guards categories */
    pthread_t closer;                /* commits readers' transactions left idle (postgres_read.c) */
    _Atomic bool closer_stop;
    _Atomic bool closer_started;
    pg_category_cache categories[PG_CATEGORY_CACHE];
} pg_store;

/* The PostgreSQL backend's operations, postgres_NAME for each store_NAME. */
#define STORE_OP(r, n, p, a) r postgres_##n p;
#define STORE_VOID(n, p, a) void postgres_##n p;
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID

/* The parameters of one statement, in order ($1 first). Texts are not
** copied: they must outlive the call. Numbers are written into the
** struct itself. */
#define PG_MAX_PARAMS 32
typedef struct pg_params {
    int n;
    const char *values[PG_MAX_PARAMS];
    int lengths[PG_MAX_PARAMS];
    int formats[PG_MAX_PARAMS]; /* 0 text, 1 binary */
    char numbers[PG_MAX_PARAMS][24];
} pg_params;

/* Appends a parameter: text (NULL is SQL NULL), a number, a boolean as 0
** or 1 (the schema keeps flags as integers, as SQLite's does), bytes
** (bytea, sent in binary). */
void pg_text(pg_params *p, const char *v);
void pg_int(pg_params *p, int64_t v);
void pg_bytes(pg_params *p, const void *v, size_t len);

/* A new connection to url, set up as every connection of the store is
** (UTF-8, UTC, a 5 s connect timeout unless the URL says otherwise): check
** PQstatus(); NULL only when out of memory or the set-up failed. The
** caller finishes it. */
PGconn *pg_connect(const char *url);

/* The calling thread's connection: made on first use, made again when it
** was lost outside a transaction (within the backoff). Never NULL; its db
** may be NULL or broken, and the functions below then fail with
** STORE_UNAVAILABLE. */
pg_conn *postgres_conn(store *s);

/* True when c can run statements now (reconnecting when it may);
** false with the error recorded. */
bool pg_usable(pg_conn *c);

/* Prepares slot on c from sql when it is not yet: STORE_OK or the class. */
int pg_prepare(pg_conn *c, int slot, const char *sql, int nparams, const char *what);

/* Runs the statement in slot (prepared from sql on this connection the
** first time) with params (NULL: none). Returns the result, which the
** caller frees with PQclear(), and STORE_OK in *rc; or NULL with the
** error's class in *rc and its message in c->error, what naming the
** operation. A statement that does not prepare for another reason than
** the connection is a bug: fatal. */
PGresult *pg_query(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                   const char *what);

/* One statement of a pipeline (pg_pipeline): its slot, SQL and parameters
** (NULL: none), and what came back: result (the caller frees it) and rc. */
typedef struct pg_batch {
    int slot;
    const char *sql;
    const pg_params *params;
    PGresult *result;
    int rc;
    /* In a read transaction (pg_read_batch): the statement's first row
    ** carries the content version (changed_at, generation) from column
    ** version_col, so that no statement of its own reads it. */
    bool carries_version;
    int version_col;
} pg_batch;

/* Sends the n statements of b at once and reads their results, in one
** round trip (preparing first, once, those new to c): STORE_OK when all
** ran, else the class of the first failure (each b[i].rc tells; those
** after a failure did not run). Every b[i].result not NULL is the
** caller's to free. Call it inside a transaction (or for reads): a
** pipeline does not stop at a failure already committed before it. */
int pg_pipeline(pg_conn *c, pg_batch *b, size_t n, const char *what);

/* The most statements pg_read_batch sends at once (besides the
** transaction's own). */
#define PG_READ_BATCH_MAX 8

/* Runs the n statements of b (at most PG_READ_BATCH_MAX) as pg_pipeline does, inside the
** read transaction begun by store_read_begin: when its BEGIN is still to
** be sent, it goes first in the same pipeline, with the content version
** (pg_read_version) unless a statement carries it; a connection found
** dead then is made again and all sent once more. Outside a read
** transaction it is pg_pipeline. */
int pg_read_batch(pg_conn *c, pg_batch *b, size_t n, const char *what);

/* Runs the n statements of b (at most PG_READ_BATCH_MAX) of a read
** whose BEGIN is still to be sent without it, in one pipeline: each
** statement is its own moment, and the read stays to be begun (what is
** read next begins it). For a page that one statement reads whole, or
** statements the caller proves were of one moment by the versions they
** carry (pg_read_settle then keeps it). Outside a read whose BEGIN is
** due it is pg_read_batch. */
int pg_read_alone(pg_conn *c, pg_batch *b, size_t n, const char *what);

/* Sets the content version of c's read to what pg_read_alone's
** statements carried: store_content_version answers it, until a later
** statement of the read begins a transaction (and reads its own). */
void pg_read_settle(pg_conn *c, int64_t changed_at, int64_t generation);

/* Runs the first statement of a read transaction begun by
** store_read_begin (slot -1: none), sent with its BEGIN and the content
** version in one pipeline; as pg_query otherwise. */
PGresult *pg_read_first(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                        const char *what);

/* Sends the COMMIT of a reader's transaction that c's thread left due,
** when it is still open, and waits for it (pg_usable, before a statement
** that does not take it along). */
void pg_commit_deferred(pg_conn *c);

/* Takes c back for its thread when it left a COMMIT due (waiting while
** the closer sends it): postgres_conn() calls it on every use. */
void pg_reclaim(pg_conn *c);

/* Stops the closer thread of s, if it runs (at close). */
void pg_closer_stop(pg_store *s);

/* The content version of c's read transaction, read with its BEGIN: true
** with it, false outside one (or when it could not be read). */
bool pg_read_version(pg_conn *c, int64_t *changed_at, int64_t *generation);

/* Connects c again at once (its old connection closed): STORE_OK or
** STORE_UNAVAILABLE with the message. */
int pg_reconnect(pg_conn *c);

/* Records the error of a failed statement's result r and returns its
** class (a lost connection inside a transaction marks it lost). */
int pg_fail_result(pg_conn *c, PGresult *r, const char *what);

/* Runs a statement for its effect: STORE_OK or the error's class; *rows
** (when not NULL) gets the number of rows it touched. */
int pg_exec(pg_conn *c, int slot, const char *sql, const pg_params *params, int64_t *rows,
            const char *what);

/* Runs a statement that returns one row or none: the result with STORE_OK
** in *rc (the caller reads row 0 and frees it), NULL with STORE_NOT_FOUND,
** or NULL with the error's class. */
PGresult *pg_query_one(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                       const char *what);

/* Like pg_exec, for a statement that may break a unique constraint inside
** a transaction: it runs under a savepoint, so that STORE_CONFLICT leaves
** the transaction usable (PostgreSQL aborts a transaction on any error;
** SQLite's callers go on after a conflict). Outside a transaction it is
** pg_exec. */
int pg_exec_guarded(pg_conn *c, int slot, const char *sql, const pg_params *params,
                    int64_t *rows, const char *what);

/* The same for a statement with RETURNING whose row the caller reads. */
PGresult *pg_query_guarded(pg_conn *c, int slot, const char *sql, const pg_params *params,
                           int *rc, const char *what);

/* Runs SQL text without parameters (schema, savepoints): STORE_OK or the
** error's class. */
int pg_exec_text(pg_conn *c, const char *sql, const char *what);

/* A column of a result row: text copied into a (NULL for SQL NULL), a
** number (0 for NULL), a flag (nonzero integer or 't'), bytes of a bytea
** column (decoded, in a). */
const char *pg_get_text(arena *a, const PGresult *r, int row, int col);
int64_t pg_get_int(const PGresult *r, int row, int col);
bool pg_get_bool(const PGresult *r, int row, int col);
bool pg_is_null(const PGresult *r, int row, int col);
unsigned char *pg_get_bytes(arena *a, const PGresult *r, int row, int col, size_t *len);

/* The store's class of a failed result (SQLSTATE, never message text):
** STORE_CONFLICT (23505), STORE_FULL (53100), STORE_UNAVAILABLE (the
** connection, class 08, 57P01-57P03), STORE_ERROR. */
int pg_result_class(const pg_conn *c, const PGresult *r);

/* Records a message for store_error() and kind for store_error_code();
** returns kind. */
int pg_fail(pg_conn *c, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Unix seconds now. */
int64_t pg_now(void);

/* The schema's migrations, oldest first (postgres_schema.c). */
extern const char *const postgres_migrations[];
extern const size_t postgres_migration_count;

/* The content lock: content_changes' one row, which the change log's
** trigger updates at the end of every statement that changes what readers
** see, and which its transaction then holds until commit. A writer that
** took a row of its own first and then waits for this lock, beside one
** that holds it and wants that row, would deadlock; so every write takes
** it before anything else: store_begin() does, a statement outside a
** transaction joins PG_CONTENT_LOCK in its FROM, or runs inside
** pg_write_begin()/pg_write_end(). Writers of content thus go one at a
** time across all nodes, as SQLite's do. */
#define PG_CONTENT_LOCK "(SELECT 1 FROM content_changes FOR UPDATE) AS content_lock"

/* Begins a write that changes content: inside the caller's transaction,
** or (*own set) a transaction of its own; either way holding the content
** lock. STORE_OK or the error's class. */
int pg_write_begin(store *s, pg_conn *c, bool *own);

/* Ends what pg_write_begin() began, with the write's result rc: its own
** transaction committed when rc is STORE_OK, else rolled back (the error
** stays c's). Returns the outcome. */
int pg_write_end(store *s, bool own, int rc);

/* Replaces article id's authors with in's (postgres_authors.c), as
** sqlite_authors_save does; inside the save's write. */
int postgres_authors_save(pg_conn *c, int64_t id, const article_input *in);

/* Gives every tag saved without a slug (before tag pages) its slug
** (postgres_tags.c): when the store opens, outside any transaction. */
int postgres_tags_fill(pg_conn *c);

/* The notification channel the change log's trigger speaks on. */
#define PG_CONTENT_CHANNEL "gazette_content"

/* The columns of an article row, in the order postgres_read_article()
** expects, with category the category's slug and name; %s is the body
** column (or NULL in lists). FROM and joins are the statement's. */
#define PG_ARTICLE_SELECT_WITH(category)                                                     \
    "SELECT a.id, a.lang, a.slug, a.category_id, " category ", a.title, a.subtitle,"        \
    " a.author, a.published_at, a.updated_at, a.status, %s, a.translation_key,"              \
    " COALESCE((SELECT count FROM article_views WHERE article_id = a.id), 0), a.workflow,"  \
    " COALESCE(a.deleted_at, 0), a.owner, a.featured,"                                       \
    " a.lead_image_caption, a.lead_image_credit, m.id, m.hash, m.format, m.width,"           \
    " m.height, m.variants, a.version, a.lead_image_alt, a.seo_title, a.seo_description,"    \
    " COALESCE(a.social_image_id, 0), a.canonical_url"
/* The number of those columns. */
#define PG_ARTICLE_COLUMN_COUNT 33
/* The same from articles a with its category and lead image. */
#define PG_ARTICLE_COLUMNS                                                                   \
    PG_ARTICLE_SELECT_WITH("c.slug, t.name")                                                 \
    " FROM articles a JOIN categories c ON c.id = a.category_id"                             \
    " LEFT JOIN category_texts t ON t.category_id = c.id AND t.lang = a.lang"                \
    " LEFT JOIN media m ON m.id = a.lead_image_id"

/* The columns of a category row: id, slug, name (NULL when unnamed),
** description, position; then its FROM, $1 being the edition; and the
** condition for a category to belong to an edition: named in it, or with
** articles there that readers can see ($2 is now). */
#define PG_CATEGORY_SELECT "SELECT c.id, c.slug, t.name, COALESCE(t.description, ''), c.position"
#define PG_CATEGORY_FROM \
    " FROM categories c LEFT JOIN category_texts t ON t.category_id = c.id AND t.lang = $1"
#define PG_CATEGORY_IN_EDITION                                                              \
    " (t.name IS NOT NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.category_id = c.id"   \
    " AND a.lang = $1 AND a.status = 1 AND a.published_at <= $2))"

/* Reads the rows of a result of PG_CATEGORY_SELECT into *out, in a. */
void postgres_read_categories(arena *a, const PGresult *r, category **out, size_t *count);

/* The cache of the editions' categories (postgres_categories.c), one
** entry an edition: its categories as last read in second, copied into
** a, with the content generation they were read at; false when there
** are none of that second. */
bool postgres_categories_newest(pg_store *s, arena *a, const char *lang, int64_t second, int64_t *generation,
                                category **out, size_t *count);

/* Keeps lang's categories as read at generation in second, in the entry
** of that edition (or the oldest one), unless a later read is there. */
void postgres_categories_keep(pg_store *s, const char *lang, int64_t generation, int64_t second,
                              const category *items, size_t n);

/* Frees the cache of categories of s (at close). */
void postgres_categories_forget(pg_store *s);

/* Reads an image's id, hash, format, width, height and variants from
** columns col to col + 5 of row into out, strings in a (id 0: none). */
void postgres_read_image(arena *a, const PGresult *r, int row, int col, media *out);

/* Related stories (postgres_related.c): the article page's part of its
** statement, those of the article at ($1 lang, $2 slug, visible at $3),
** $5 of them, in the older rows' columns with the category's id in
** column 3, the place (1, 2, ...) in column 14 and the kind 2. */
extern const char postgres_related_in_page[];
#define PG_RELATED_PLACE_COL 14
/* Reads row of such a result into out (an article of edition lang as
** lists show it, without its category's slug and name), strings in a. */
void postgres_read_related(arena *a, const PGresult *r, int row, const char *lang, article *out);
/* Gives count items their category's slug and name from the edition's n
** categories; STORE_NOT_FOUND when one is not among them. */
int postgres_related_name(const category *categories, size_t n, article *items, size_t count);

/* Reads row of a result of PG_ARTICLE_COLUMNS into out, strings in a. */
void postgres_read_article(arena *a, const PGresult *r, int row, article *out);

/* Forgets every draft of article id (postgres_drafts.c), inside the
** caller's transaction, as it goes to the trash. */
int postgres_drafts_drop_article(pg_conn *c, int64_t id);

/* Keeps the search index of an article true inside the caller's
** transaction (postgres_search.c): removes its entry and, when it is
** public, adds the new one. */
int postgres_search_index(pg_conn *c, int64_t id, const article_input *in);

/* The tsquery (text form, in a) of q in edition lang's index, every
** clause ANDed, as search runs it; NULL when it has no lexeme or the
** edition has no index (postgres_search.c). */
const char *postgres_tsquery(arena *a, const char *lang, const search_query *q);

/* Keeps article id's public index entry in the newsroom's index, as it
** goes to the trash (postgres_newsroom_list.c). */
int postgres_newsroom_keep_hidden(pg_conn *c, int64_t id);

/* Reads row of a result of PG_MEDIA_COLUMNS into an image, strings in a. */
#define PG_MEDIA_COLUMNS                                                                        \
    "SELECT id, hash, format, width, height, variants, bytes, original_name, uploaded_by,"      \
    " created_at, alt, credit FROM media"
void postgres_read_media(arena *a, const PGresult *r, int row, media *m);

#endif
