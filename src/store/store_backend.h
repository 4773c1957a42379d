/*
** What a store backend provides: a table of operations, one per function
** of store.h (store_ops.h lists them), like SQLite's VFS or Redis's
** connection types. store_open() picks the backend by the database's
** address; every other function of store.h calls through the table.
** Private to src/store/.
*/
#ifndef GAZETTE_STORE_BACKEND_H
#define GAZETTE_STORE_BACKEND_H

#include "store.h"

typedef struct store_ops {
    const char *engine; /* "sqlite", "postgresql" */
    void (*close)(store *s);
#define STORE_OP(r, n, p, a) r(*n) p;
#define STORE_VOID(n, p, a) void(*n) p;
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID
} store_ops;

/* Every backend's listener begins with this. */
struct store_listener {
    int (*wait)(store_listener *l, int timeout_ms);
    void (*stop)(store_listener *l);
};

/* Every backend's store begins with this. */
struct store {
    const store_ops *ops;
};

/* The backends' ways in: each opens the database at its address (making
** it, or its schema in an empty one, only when create) and brings its
** schema up to date, or returns NULL with a message in err. */
store *sqlite_store_open(const char *path, bool create, char *err, size_t errlen);
store *postgres_store_open(const char *url, bool create, char *err, size_t errlen);

/* What the backends share (store.c): */

/* The workflow an input asks for, WF_UNSET resolved from its status. */
article_workflow store_input_workflow(const article_input *in);

/* The public flag an input asks for: 1 when its workflow is published or
** scheduled (the date hides a scheduled one until its time), else 0. */
int store_input_public(const article_input *in);

/* "world-news" gives "World news": the name of a category nobody named
** in an edition, in a. */
const char *store_default_category_name(arena *a, const char *slug);

/* store_article_page made of the single operations it stands for, for a
** backend to which one more round trip costs nothing. */
int store_article_page_composed(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                                int related_limit, article_page_data *out);

/* store_articles_lists as n calls of store_articles_list. */
int store_articles_lists_composed(store *s, arena *a, const char *lang, const list_request *requests, size_t n,
                                  article **out, size_t *counts);

/* A table a copy moves (store_copy.c): its name, its columns in order
** with the kind of value each holds, the columns that order its rows,
** and whether its id column numbers new rows (to be moved past the
** copied ones). Every name here is the schema's own, the same on both
** engines: backends build their copy statements from these constants. */
typedef struct store_table {
    const char *name;
    const char *const *columns;
    const store_value_kind *kinds;
    size_t column_count;
    const char *order;
    bool numbered;
} store_table;

/* The statements a copy runs on a table, and their text (in a): every
** column's name in order, parameters numbered with mark ('?' for SQLite,
** '$' for PostgreSQL). Names are the table list's constants, never input. */
typedef enum store_table_statement {
    TABLE_SELECT, TABLE_INSERT, TABLE_DELETE, TABLE_ROWS, TABLE_STATEMENTS
} store_table_statement;
const char *store_table_sql(arena *a, const store_table *t, store_table_statement which, char mark);

/* At most this many tables (the backends keep statements per table). */
#define STORE_TABLE_MAX 32

/* The table number i (i < store_table_count()). */
const store_table *store_table_at(size_t i);

#endif
