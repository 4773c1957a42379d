/*
** The PostgreSQL implementation of store.h: connections, statements,
** errors, transactions and the schema. The queries are in
** postgres_articles.c, postgres_categories.c, postgres_newsroom.c,
** postgres_people.c and postgres_search.c (see postgres_internal.h).
**
** One connection per thread, as with SQLite: a libpq connection must not
** be used by two threads at once, and one per thread lets readers run side
** by side. Each prepares a statement the first time it runs it; no request
** sends SQL text. Errors are told apart by SQLSTATE, never by message.
*/
#include "postgres_internal.h"
#include "../core/metrics.h"
#include "../core/fatal.h"
#include "../core/timeutil.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The key of the advisory lock that migrations run under, so that nodes
** started together never run one twice ("gazette" in ASCII). */
#define MIGRATION_LOCK "7450777174747465"

enum core_stmt { P_BEGIN, P_LOCK_CONTENT, P_COMMIT, P_ROLLBACK, P_SAVEPOINT, P_RELEASE, P_ROLLBACK_TO,
                 P_VERSION, P_COUNT_OF };
_Static_assert(P_COUNT_OF <= PG_CORE_SLOTS, "raise PG_CORE_SLOTS");

static const char *const core_sql[P_COUNT_OF] = {
    [P_BEGIN] = "BEGIN",
    [P_LOCK_CONTENT] = "SELECT 1 FROM content_changes FOR UPDATE",
    [P_COMMIT] = "COMMIT",
    [P_ROLLBACK] = "ROLLBACK",
    [P_SAVEPOINT] = "SAVEPOINT gazette_guard",
    [P_RELEASE] = "RELEASE SAVEPOINT gazette_guard",
    [P_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT gazette_guard",
    [P_VERSION] = "SELECT version FROM gazette_schema",
};

int64_t pg_now(void) { return (int64_t)time(NULL); }

int pg_fail(pg_conn *c, int kind, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof c->error, fmt, ap);
    va_end(ap);
    c->error_code = kind;
    if (kind < 0) metrics_add(kind == STORE_UNAVAILABLE ? METRIC_DB_UNAVAILABLE : METRIC_DB_ERRORS, 1);
    return kind;
}

/* ----------------------------------------------------------- parameters */

void pg_text(pg_params *p, const char *v) {
    if (p->n >= PG_MAX_PARAMS) fatal("too many statement parameters");
    p->values[p->n] = v;
    p->lengths[p->n] = 0;
    p->formats[p->n] = 0;
    p->n++;
}

void pg_int(pg_params *p, int64_t v) {
    if (p->n >= PG_MAX_PARAMS) fatal("too many statement parameters");
    snprintf(p->numbers[p->n], sizeof p->numbers[p->n], "%lld", (long long)v);
    p->values[p->n] = p->numbers[p->n];
    p->lengths[p->n] = 0;
    p->formats[p->n] = 0;
    p->n++;
}

void pg_bytes(pg_params *p, const void *v, size_t len) {
    if (p->n >= PG_MAX_PARAMS) fatal("too many statement parameters");
    if (len > (size_t)INT32_MAX) fatal("a parameter of %zu bytes", len);
    p->values[p->n] = v ? v : "";
    p->lengths[p->n] = (int)len;
    p->formats[p->n] = 1;
    p->n++;
}

/* -------------------------------------------------------------- results */

const char *pg_get_text(arena *a, const PGresult *r, int row, int col) {
    if (PQgetisnull(r, row, col)) return NULL;
    return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

int64_t pg_get_int(const PGresult *r, int row, int col) {
    if (PQgetisnull(r, row, col)) return 0;
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool pg_get_bool(const PGresult *r, int row, int col) {
    if (PQgetisnull(r, row, col)) return false;
    const char *v = PQgetvalue(r, row, col);
    return v[0] == 't' || (v[0] >= '1' && v[0] <= '9') || (v[0] == '-' && v[1]);
}

bool pg_is_null(const PGresult *r, int row, int col) { return PQgetisnull(r, row, col) != 0; }

unsigned char *pg_get_bytes(arena *a, const PGresult *r, int row, int col, size_t *len) {
    *len = 0;
    if (PQgetisnull(r, row, col)) return NULL;
    size_t n = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
    if (!raw) return NULL;
    unsigned char *copy = arena_alloc(a, n ? n : 1);
    memcpy(copy, raw, n);
    PQfreemem(raw);
    *len = n;
    return copy;
}

/* --------------------------------------------------------------- errors */

/* True when a SQLSTATE says the server or the way to it went away. */
static bool state_unavailable(const char *state) {
    if (!state) return false;
    return strncmp(state, "08", 2) == 0 ||            /* connection exception */
           strcmp(state, "57P01") == 0 ||             /* admin shutdown */
           strcmp(state, "57P02") == 0 ||             /* crash shutdown */
           strcmp(state, "57P03") == 0 ||             /* cannot connect now (starting) */
           strcmp(state, "53300") == 0;               /* too many connections */
}

int pg_result_class(const pg_conn *c, const PGresult *r) {
    if (!c->db || PQstatus(c->db) != CONNECTION_OK || !r) return STORE_UNAVAILABLE;
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (!state) return STORE_ERROR;
    if (strcmp(state, "23505") == 0) return STORE_CONFLICT;  /* unique violation */
    if (strcmp(state, "53100") == 0) return STORE_FULL;      /* disk full */
    if (state_unavailable(state)) return STORE_UNAVAILABLE;
    return STORE_ERROR;
}

int pg_fail_result(pg_conn *c, PGresult *r, const char *what) {
    int kind = pg_result_class(c, r);
    if (kind == STORE_UNAVAILABLE) {
        pg_fail(c, kind, "%s: the database is unavailable", what);
        if (c->in_transaction) c->lost = true;
    } else if (kind == STORE_FULL) {
        pg_fail(c, kind, "%s: the database's disk is full", what);
    } else {
        const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        pg_fail(c, kind, "%s: %s", what, msg ? msg : PQerrorMessage(c->db));
    }
    return kind;
}

/* ---------------------------------------------------------- connections */

PGconn *pg_connect(const char *url) {
    /* The URL's own parameters come after these and so win over them. */
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *values[] = {"5", "gazette", url, NULL};
    PGconn *db = PQconnectdbParams(keys, values, 1);
    /* Generic plans: left to choose, the server planned the readers'
    ** statements anew at most executions (their generic plans' estimates
    ** come out dearer), and planning cost more than running them. Every
    ** statement is written so that its generic plan reads an index from
    ** the row it starts at (the lists by edition, category, tag or author;
    ** an article by its address; search by its GIN index). */
    if (db && PQstatus(db) == CONNECTION_OK) {
        PGresult *r = PQexec(db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
                                 " SET plan_cache_mode = force_generic_plan");
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) PQfinish(db), db = NULL;
        PQclear(r);
    }
    return db;
}

/* Connects c to url: STORE_OK, or STORE_UNAVAILABLE with a message. */
static int connect_to(pg_conn *c, const char *url) {
    if (c->db) PQfinish(c->db);
    memset(c->prepared, 0, sizeof c->prepared);
    c->db = pg_connect(url);
    if (c->db && PQstatus(c->db) == CONNECTION_OK) {
        c->backoff_ms = 0;
        if (c->owner) atomic_store(&c->owner->connected_at_ms, timeutil_monotonic_ms());
        return STORE_OK;
    }
    /* libpq's message may hold the host and user, never the password. */
    const char *msg = c->db ? PQerrorMessage(c->db) : "out of memory";
    pg_fail(c, STORE_UNAVAILABLE, "the database is unavailable: %.*s", (int)strcspn(msg, "\n"), msg);
    c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : PG_BACKOFF_MIN_MS;
    if (c->backoff_ms > PG_BACKOFF_MAX_MS) c->backoff_ms = PG_BACKOFF_MAX_MS;
    c->failed_at_ms = timeutil_monotonic_ms();
    c->retry_at_ms = c->failed_at_ms + c->backoff_ms;
    return STORE_UNAVAILABLE;
}

int pg_reconnect(pg_conn *c) { return connect_to(c, c->owner->url); }

bool pg_usable(pg_conn *c) {
    if (c->begin_pending) {
        /* Whatever is sent next belongs to the read transaction. */
        int rc;
        PQclear(pg_read_first(c, -1, NULL, NULL, &rc, "begin reading"));
        return rc == STORE_OK && pg_usable(c);
    }
    if (c->deferred_commit) pg_commit_deferred(c);
    if (c->lost) {
        pg_fail(c, STORE_UNAVAILABLE, "the connection to the database was lost in a transaction");
        return false;
    }
    if (c->db && PQstatus(c->db) == CONNECTION_OK) return true;
    if (c->in_transaction) {
        c->lost = true;
        pg_fail(c, STORE_UNAVAILABLE, "the connection to the database was lost in a transaction");
        return false;
    }
    /* Within the backoff, unless another thread's connection got through
    ** since: the server is back, and every thread may reconnect at once. */
    if (timeutil_monotonic_ms() < c->retry_at_ms && atomic_load(&c->owner->connected_at_ms) <= c->failed_at_ms) {
        if (!c->error[0]) pg_fail(c, STORE_UNAVAILABLE, "the database is unavailable");
        return false;
    }
    return connect_to(c, c->owner->url) == STORE_OK;
}

pg_conn *postgres_conn(store *base) {
    pg_store *s = (pg_store *)base;
    pg_conn *c = pthread_getspecific(s->key);
    if (c) {
        if (atomic_load_explicit(&c->hand, memory_order_acquire) != PG_HAND_OWNER) pg_reclaim(c);
        return c;
    }
    c = xcalloc(1, sizeof *c);
    c->owner = s;
    connect_to(c, s->url); /* a failure is seen by the first statement */
    pthread_mutex_lock(&s->lock);
    c->next = s->connections;
    s->connections = c;
    pthread_mutex_unlock(&s->lock);
    if (pthread_setspecific(s->key, c) != 0) fatal("pthread_setspecific failed");
    return c;
}

/* --------------------------------------------------------------- running */

int pg_prepare(pg_conn *c, int slot, const char *sql, int nparams, const char *what) {
    if (slot < 0 || slot >= PG_SLOTS) fatal("statement slot %d out of range", slot);
    if (c->prepared[slot]) return STORE_OK;
    char name[16];
    snprintf(name, sizeof name, "g%d", slot);
    PGresult *r = PQprepare(c->db, name, sql, nparams, NULL);
    if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        c->prepared[slot] = true;
        return STORE_OK;
    }
    int kind = pg_fail_result(c, r, what);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* In a failed transaction nothing prepares; that is the caller's
    ** error, not the statement's. */
    if (kind == STORE_ERROR && !(state && strcmp(state, "25P02") == 0))
        fatal("cannot prepare statement %d (%s): %s", slot, sql, c->error);
    PQclear(r);
    return kind;
}

/* True when running sql again cannot change anything twice: a read, or
** the start of a transaction. */
static bool repeatable(const char *sql) {
    return sql && (strncmp(sql, "BEGIN", 5) == 0 ||
                   (strncmp(sql, "SELECT", 6) == 0 && !strstr(sql, "FOR UPDATE") && !strstr(sql, "setval")));
}

/* Runs a prepared statement once: the result, or NULL with the class. */
static PGresult *run_once(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                          const char *what) {
    int n = params ? params->n : 0;
    if ((*rc = pg_prepare(c, slot, sql, n, what)) != STORE_OK) return NULL;
    char name[16];
    snprintf(name, sizeof name, "g%d", slot);
    PGresult *r = PQexecPrepared(c->db, name, n, params ? params->values : NULL,
                                 params ? params->lengths : NULL, params ? params->formats : NULL, 0);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        *rc = STORE_OK;
        return r;
    }
    *rc = pg_fail_result(c, r, what);
    PQclear(r);
    return NULL;
}

/* A connection that sat idle through a server restart learns it is dead
** only when it is next used: a read (or a BEGIN) outside a transaction is
** then sent again once on a new connection, so that the first request of
** each thread after a restart does not fail. A write is never sent twice:
** whether the first reached the server cannot be known. */
PGresult *pg_query(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                   const char *what) {
    if (c->begin_pending) return pg_read_first(c, slot, sql, params, rc, what);
    if (!pg_usable(c)) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    bool outside = !c->in_transaction;
    PGresult *r = run_once(c, slot, sql, params, rc, what);
    if (r || *rc != STORE_UNAVAILABLE || !outside || !repeatable(sql) || (c->db && PQstatus(c->db) == CONNECTION_OK))
        return r;
    if (connect_to(c, c->owner->url) != STORE_OK) return NULL;
    return run_once(c, slot, sql, params, rc, what);
}

int pg_exec(pg_conn *c, int slot, const char *sql, const pg_params *params, int64_t *rows,
            const char *what) {
    int rc;
    PGresult *r = pg_query(c, slot, sql, params, &rc, what);
    if (!r) return rc;
    if (rows) *rows = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return STORE_OK;
}

PGresult *pg_query_one(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                       const char *what) {
    PGresult *r = pg_query(c, slot, sql, params, rc, what);
    if (r && PQntuples(r) == 0) {
        PQclear(r);
        *rc = STORE_NOT_FOUND;
        return NULL;
    }
    return r;
}

static int core_exec(pg_conn *c, enum core_stmt id, const char *what) {
    return pg_exec(c, PG_CORE_FIRST + (int)id, core_sql[id], NULL, NULL, what);
}

PGresult *pg_query_guarded(pg_conn *c, int slot, const char *sql, const pg_params *params,
                           int *rc, const char *what) {
    if (!c->in_transaction) return pg_query(c, slot, sql, params, rc, what);
    if ((*rc = core_exec(c, P_SAVEPOINT, what)) != STORE_OK) return NULL;
    PGresult *r = pg_query(c, slot, sql, params, rc, what);
    if (r) {
        int done = core_exec(c, P_RELEASE, what);
        if (done != STORE_OK) {
            PQclear(r);
            *rc = done;
            return NULL;
        }
        return r;
    }
    if (*rc != STORE_UNAVAILABLE) {
        char kept[sizeof c->error];
        memcpy(kept, c->error, sizeof kept);
        if (core_exec(c, P_ROLLBACK_TO, what) == STORE_OK) core_exec(c, P_RELEASE, what);
        memcpy(c->error, kept, sizeof kept);
    }
    return NULL;
}

int pg_exec_guarded(pg_conn *c, int slot, const char *sql, const pg_params *params,
                    int64_t *rows, const char *what) {
    int rc;
    PGresult *r = pg_query_guarded(c, slot, sql, params, &rc, what);
    if (!r) return rc;
    if (rows) *rows = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return STORE_OK;
}

int pg_exec_text(pg_conn *c, const char *sql, const char *what) {
    if (!pg_usable(c)) return STORE_UNAVAILABLE;
    PGresult *r = PQexec(c->db, sql);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    int rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? STORE_OK : pg_fail_result(c, r, what);
    PQclear(r);
    return rc;
}

/* --------------------------------------------------------- transactions */

/* Ends a transaction however it went: the connection is usable again
** (a lost one reconnects on the next call). */
static void transaction_over(pg_conn *c) {
    c->in_transaction = false;
    c->lost = false;
}

/* A write transaction takes the content lock first (postgres_internal.h). */
int postgres_begin(store *s) {
    pg_conn *c = postgres_conn(s);
    int rc = core_exec(c, P_BEGIN, "begin");
    if (rc != STORE_OK) return rc;
    c->in_transaction = true;
    if ((rc = core_exec(c, P_LOCK_CONTENT, "begin writing")) != STORE_OK) postgres_rollback(s);
    return rc;
}

int pg_write_begin(store *s, pg_conn *c, bool *own) {
    *own = !c->in_transaction;
    if (*own) return postgres_begin(s);
    return core_exec(c, P_LOCK_CONTENT, "lock the content");
}

int pg_write_end(store *s, bool own, int rc) {
    if (!own) return rc;
    if (rc != STORE_OK) {
        postgres_rollback(s);
        return rc;
    }
    return postgres_commit(s);
}

int postgres_commit(store *s) {
    pg_conn *c = postgres_conn(s);
    if (c->lost) {
        transaction_over(c);
        return pg_fail(c, STORE_UNAVAILABLE, "commit: the connection to the database was lost; nothing was saved");
    }
    int rc = core_exec(c, P_COMMIT, "commit");
    transaction_over(c);
    return rc;
}

void postgres_rollback(store *s) {
    pg_conn *c = postgres_conn(s);
    if (c->in_transaction && !c->lost && c->db && PQstatus(c->db) == CONNECTION_OK &&
        PQtransactionStatus(c->db) != PQTRANS_IDLE) {
        char kept[sizeof c->error];
        memcpy(kept, c->error, sizeof kept);
        core_exec(c, P_ROLLBACK, "rollback");
        memcpy(c->error, kept, sizeof kept);
    }
    transaction_over(c);
}

const char *postgres_error(store *s) { return postgres_conn(s)->error; }

int postgres_error_code(store *s) { return postgres_conn(s)->error_code; }

/* --------------------------------------------------------------- schema */

int postgres_integrity_check(store *s, char *why, size_t size) {
    *why = '\0';
    int rc = postgres_schema_version(s) >= 0 ? STORE_OK : STORE_UNAVAILABLE;
    if (rc != STORE_OK) snprintf(why, size, "%s", postgres_error(s));
    return rc;
}

int postgres_schema_known(store *s) {
    (void)s;
    return (int)postgres_migration_count;
}

int postgres_schema_version(store *s) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query_one(c, PG_CORE_FIRST + P_VERSION, core_sql[P_VERSION], NULL, &rc,
                               "read the schema version");
    if (!r) return -1;
    int version = (int)pg_get_int(r, 0, 0);
    PQclear(r);
    return version;
}

/* The schema version of the database on c (0 for an empty one), or -1. */
static int read_version(pg_conn *c, char *err, size_t errlen) {
    PGresult *r = PQexec(c->db, "SELECT to_regclass('gazette_schema') IS NOT NULL");
    bool exists = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQgetvalue(r, 0, 0)[0] == 't';
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "cannot read the schema version: %s", PQerrorMessage(c->db));
        PQclear(r);
        return -1;
    }
    PQclear(r);
    if (!exists) return 0;
    r = PQexec(c->db, "SELECT version FROM gazette_schema");
    int version = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                      ? atoi(PQgetvalue(r, 0, 0)) : -1;
    if (version < 0) snprintf(err, errlen, "cannot read the schema version: %s", PQerrorMessage(c->db));
    PQclear(r);
    return version;
}

/* Runs sql on c; false with a message in err. */
static bool run(pg_conn *c, const char *sql, char *err, size_t errlen, const char *what) {
    PGresult *r = PQexec(c->db, sql);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) {
        const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        snprintf(err, errlen, "%s: %s", what, msg ? msg : PQerrorMessage(c->db));
    }
    PQclear(r);
    return ok;
}

/* Brings the schema up to date, one migration per transaction, under an
** advisory lock so that two nodes starting at once run each once. */
static int migrate(pg_conn *c, bool create, char *err, size_t errlen) {
    if (!run(c, "SELECT pg_advisory_lock(" MIGRATION_LOCK ")", err, errlen, "lock the schema"))
        return STORE_ERROR;
    int rc = STORE_OK;
    int version = read_version(c, err, errlen);
    if (version < 0) {
        rc = STORE_ERROR;
    } else if (version == 0 && !create) {
        snprintf(err, errlen, "the database has no site in it (gazette init --db with its URL makes one)");
        rc = STORE_NOT_FOUND;
    } else if (version > (int)postgres_migration_count) {
        snprintf(err, errlen,
                 "the database has schema version %d, newer than this gazette knows (%zu)",
                 version, postgres_migration_count);
        rc = STORE_ERROR;
    }
    for (size_t v = (size_t)(version < 0 ? 0 : version); rc == STORE_OK && v < postgres_migration_count; v++) {
        char step[64], what[64];
        snprintf(what, sizeof what, "migration %zu failed", v + 1);
        snprintf(step, sizeof step, "UPDATE gazette_schema SET version = %zu", v + 1);
        if (!run(c, "BEGIN", err, errlen, what) ||
            (v == 0 && !run(c, "CREATE TABLE gazette_schema (version INTEGER NOT NULL);"
                               "INSERT INTO gazette_schema VALUES (0)", err, errlen, what)) ||
            !run(c, postgres_migrations[v], err, errlen, what) || !run(c, step, err, errlen, what) ||
            !run(c, "COMMIT", err, errlen, what)) {
            PQclear(PQexec(c->db, "ROLLBACK"));
            rc = STORE_ERROR;
        }
    }
    char ignored[256];
    run(c, "SELECT pg_advisory_unlock(" MIGRATION_LOCK ")", ignored, sizeof ignored, "unlock the schema");
    return rc;
}

/* ------------------------------------------------------- open and close */

static void postgres_close(store *base);

static const store_ops postgres_store_ops = {
    .engine = "postgresql",
    .close = postgres_close,
#define STORE_OP(r, n, p, a) .n = postgres_##n,
#define STORE_VOID(n, p, a) .n = postgres_##n,
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID
};

store *postgres_store_open(const char *url, bool create, char *err, size_t errlen) {
    pg_conn *c = xcalloc(1, sizeof *c);
    if (connect_to(c, url) != STORE_OK) {
        snprintf(err, errlen, "%s", c->error);
        if (c->db) PQfinish(c->db);
        free(c);
        return NULL;
    }
    if (migrate(c, create, err, errlen) != STORE_OK) {
        PQfinish(c->db);
        free(c);
        return NULL;
    }
    pg_store *s = xcalloc(1, sizeof *s);
    s->base.ops = &postgres_store_ops;
    s->url = xstrdup(url);
    if (pthread_key_create(&s->key, NULL) != 0) fatal("pthread_key_create failed");
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->categories_lock, NULL);
    s->connections = c;
    c->owner = s;
    if (pthread_setspecific(s->key, c) != 0) fatal("pthread_setspecific failed");
    if (postgres_tags_fill(c) != STORE_OK) {
        snprintf(err, errlen, "%s", c->error);
        postgres_close(&s->base);
        return NULL;
    }
    return &s->base;
}

static void postgres_close(store *base) {
    pg_store *s = (pg_store *)base;
    pg_closer_stop(s);
    pg_conn *c = s->connections;
    while (c) {
        pg_conn *next = c->next;
        if (c->db) PQfinish(c->db);
        free(c);
        c = next;
    }
    pthread_key_delete(s->key);
    pthread_mutex_destroy(&s->lock);
    postgres_categories_forget(s);
    pthread_mutex_destroy(&s->categories_lock);
    free(s->url);
    free(s);
}
