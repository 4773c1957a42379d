/*
** Readers' transactions on PostgreSQL, in as few round trips as the
** protocol allows, and pipelines of statements.
**
** A reader's page is made in one snapshot (store_read_begin/read_end).
** Done plainly that is a BEGIN, the page's statements, the content
** version and a COMMIT, each waiting for its answer. Here:
**   - store_read_begin sends nothing; the transaction's BEGIN and the
**     content version go out with its first statements, in one pipeline
**     (one round trip), and the version is kept for store_content_version
**     within that transaction (a statement may carry it in its own row);
**   - store_read_end sends nothing either: the COMMIT of a read-only
**     transaction goes first in the pipeline of the thread's next
**     request, so that the server is woken once a page, not twice. A
**     connection left so longer than PG_IDLE_COMMIT_MS is committed by
**     the store's closer thread, so that no snapshot stays open on an
**     idle node (it would hold back vacuum and schema changes). The
**     connection's hand (postgres_internal.h) says who may use it: the
**     thread takes it back on its next call (postgres_conn), waiting
**     while the closer sends the COMMIT.
** The server runs the same statements; the node waits for one answer
** where it waited for each.
**
** A pipeline (libpq's pipeline mode) sends several prepared statements at
** once and reads their results in order: after a failure the rest come
** back aborted, and a broken connection fails them all.
*/
#include "postgres_internal.h"
#include "../core/fatal.h"
#include "../core/timeutil.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* How long a reader's COMMIT may wait for its thread's next request
** before the closer thread sends it; the closer looks this often. */
#define PG_IDLE_COMMIT_MS 20

enum read_stmt { R_BEGIN, R_VERSION, R_COMMIT, R_COUNT_OF };
_Static_assert(R_COUNT_OF <= PG_READ_SLOTS, "raise PG_READ_SLOTS");

static const char *const read_sql[R_COUNT_OF] = {
    /* One snapshot for every query of a page. */
    [R_BEGIN] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    [R_VERSION] = "SELECT at, generation FROM content_changes WHERE id = 1",
    [R_COMMIT] = "COMMIT",
};

/* The name a slot's statement is prepared under (pg_prepare). */
static void slot_name(char *name, size_t room, int slot) { snprintf(name, room, "g%d", slot); }

/* True when db is inside a transaction, going or failed (a COMMIT ends
** either: a failed one rolls back). */
static bool left_open(PGconn *db) {
    PGTransactionStatusType t = PQtransactionStatus(db);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

/* Ends the reader's transaction left open on c, when there is one, and
** waits for it (the owner, or the closer holding c's hand). */
static void commit_left_open(pg_conn *c) {
    if (c->db && PQstatus(c->db) == CONNECTION_OK && left_open(c->db)) PQclear(PQexec(c->db, "COMMIT"));
}

/* Drops c's connection after a pipeline it cannot leave: the next use
** makes a new one at once. */
static void drop_connection(pg_conn *c) {
    PQfinish(c->db);
    c->db = NULL;
    memset(c->prepared, 0, sizeof c->prepared);
    c->retry_at_ms = 0;
}

/* Reads the results of the n statements of b sent in one pipeline, then
** its sync: the first failure's class, or STORE_OK. */
static int collect(pg_conn *c, pg_batch *b, size_t n, const char *what) {
    int first = STORE_OK;
    for (size_t i = 0; i < n; i++) {
        PGresult *r = PQgetResult(c->db);
        if (!r) {
            /* The connection broke: nothing more will come. */
            if (first == STORE_OK) first = pg_fail(c, STORE_UNAVAILABLE, "%s: the database is unavailable", what);
            for (; i < n; i++) b[i].rc = first;
            return first;
        }
        ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            b[i].result = r;
            b[i].rc = STORE_OK;
        } else if (status == PGRES_PIPELINE_ABORTED) {
            b[i].rc = first != STORE_OK ? first : STORE_ERROR;
            PQclear(r);
        } else {
            b[i].rc = pg_result_class(c, r);
            if (first == STORE_OK) first = pg_fail_result(c, r, what);
            PQclear(r);
        }
        /* Each statement's results end with a NULL. */
        while ((r = PQgetResult(c->db)) != NULL) PQclear(r);
    }
    PGresult *sync = PQgetResult(c->db);
    bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced && first == STORE_OK) first = pg_fail(c, STORE_UNAVAILABLE, "%s: the database is unavailable", what);
    return first;
}

int pg_pipeline(pg_conn *c, pg_batch *b, size_t n, const char *what) {
    for (size_t i = 0; i < n; i++) {
        b[i].result = NULL;
        b[i].rc = STORE_ERROR;
    }
    /* Statements new to this connection are prepared first, once each. */
    for (size_t i = 0; i < n; i++) {
        int rc = pg_prepare(c, b[i].slot, b[i].sql, b[i].params ? b[i].params->n : 0, what);
        if (rc != STORE_OK) {
            for (size_t j = 0; j < n; j++) b[j].rc = rc;
            return rc;
        }
    }
    if (!PQenterPipelineMode(c->db))
        return pg_fail(c, pg_result_class(c, NULL), "%s: %s", what, PQerrorMessage(c->db));
    bool sent = true;
    for (size_t i = 0; sent && i < n; i++) {
        const pg_params *p = b[i].params;
        char name[16];
        slot_name(name, sizeof name, b[i].slot);
        sent = PQsendQueryPrepared(c->db, name, p ? p->n : 0, p ? p->values : NULL, p ? p->lengths : NULL,
                                   p ? p->formats : NULL, 0) == 1;
    }
    if (sent) sent = PQpipelineSync(c->db) == 1;
    int rc = sent ? collect(c, b, n, what)
                  : pg_fail(c, pg_result_class(c, NULL), "%s: %s", what, PQerrorMessage(c->db));
    if (!PQexitPipelineMode(c->db)) {
        /* Results are still due (the sending broke halfway): the
        ** connection cannot be used again. */
        drop_connection(c);
        if (rc == STORE_OK) rc = pg_fail(c, STORE_UNAVAILABLE, "%s: the database is unavailable", what);
    }
    if (rc != STORE_OK)
        for (size_t i = 0; i < n; i++)
            if (b[i].rc == STORE_OK && !b[i].result) b[i].rc = rc;
    return rc;
}

/* Sends the n statements of b for a read whose BEGIN is still to be sent:
** with it (and the content version, unless a statement carries it) when
** begin, else alone, each statement its own moment; a COMMIT left due
** goes first. A connection found dead is made again and all sent once
** more. */
static int send_pending(pg_conn *c, pg_batch *b, size_t n, const char *what, bool begin) {
    int rc = STORE_UNAVAILABLE;
    pg_batch all[3 + PG_READ_BATCH_MAX];
    bool carried = !begin;
    for (size_t i = 0; i < n; i++) {
        b[i].result = NULL, b[i].rc = STORE_UNAVAILABLE;
        carried = carried || b[i].carries_version;
    }
    /* The last reader's COMMIT, when still due, goes with these (not
    ** through pg_usable). */
    c->deferred_commit = false;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!pg_usable(c)) {
            rc = STORE_UNAVAILABLE;
            break;
        }
        /* [COMMIT,] [BEGIN,] [the version (unless a statement carries it),] b.
        ** A transaction left open is a reader's (no other begins here):
        ** its COMMIT goes first in the pipeline, or alone before it when
        ** a statement is still to be prepared (nothing prepares in a
        ** failed transaction). */
        size_t k = 0;
        bool open = left_open(c->db), unprepared = false;
        for (int r = 0; r < R_COUNT_OF; r++) unprepared = unprepared || !c->prepared[PG_READ_FIRST + r];
        for (size_t i = 0; i < n; i++) unprepared = unprepared || !c->prepared[b[i].slot];
        if (open && unprepared) {
            commit_left_open(c);
            open = false;
        }
        if (open) all[k++] = (pg_batch){.slot = PG_READ_FIRST + R_COMMIT, .sql = read_sql[R_COMMIT]};
        size_t begun = k;
        if (begin) all[k++] = (pg_batch){.slot = PG_READ_FIRST + R_BEGIN, .sql = read_sql[R_BEGIN]};
        if (!carried)
            all[k++] = (pg_batch){.slot = PG_READ_FIRST + R_VERSION, .sql = read_sql[R_VERSION],
                                  .carries_version = true};
        size_t lead = k;
        memcpy(all + lead, b, n * sizeof *b);
        rc = pg_pipeline(c, all, n + lead, what);
        if (begin && all[begun].rc == STORE_OK) c->in_transaction = true;
        for (size_t i = begun; begin && i < n + lead; i++)
            if (all[i].carries_version && all[i].rc == STORE_OK && PQntuples(all[i].result) >= 1) {
                c->read_changed_at = pg_get_int(all[i].result, 0, all[i].version_col);
                c->read_generation = pg_get_int(all[i].result, 0, all[i].version_col + 1);
                c->have_read_version = true;
            }
        for (size_t i = 0; i < lead; i++) PQclear(all[i].result);
        if (rc == STORE_OK) {
            memcpy(b, all + lead, n * sizeof *b);
            return STORE_OK;
        }
        for (size_t i = lead; i < n + lead; i++) PQclear(all[i].result);
        /* A connection that died idle (the server restarted) began
        ** nothing: the reads are sent again once, on a new connection. */
        bool died_idle = rc == STORE_UNAVAILABLE && !c->in_transaction && attempt == 0 &&
                         !(c->db && PQstatus(c->db) == CONNECTION_OK);
        if (!died_idle || pg_reconnect(c) != STORE_OK) break;
    }
    for (size_t i = 0; i < n; i++) b[i].rc = rc;
    return rc;
}

int pg_read_batch(pg_conn *c, pg_batch *b, size_t n, const char *what) {
    if (n > PG_READ_BATCH_MAX) return pg_fail(c, STORE_ERROR, "%s: %zu statements at once", what, n);
    if (!c->begin_pending) {
        if (!pg_usable(c)) {
            for (size_t i = 0; i < n; i++) b[i].result = NULL, b[i].rc = STORE_UNAVAILABLE;
            return STORE_UNAVAILABLE;
        }
        return pg_pipeline(c, b, n, what);
    }
    c->begin_pending = false;
    int rc = send_pending(c, b, n, what, true);
    if (rc == STORE_UNAVAILABLE) {
        /* The rest of the page fails at once, without trying again. */
        c->in_transaction = true;
        c->lost = true;
    }
    return rc;
}

int pg_read_alone(pg_conn *c, pg_batch *b, size_t n, const char *what) {
    if (n > PG_READ_BATCH_MAX) return pg_fail(c, STORE_ERROR, "%s: %zu statements at once", what, n);
    if (!c->begin_pending) return pg_read_batch(c, b, n, what);
    /* Nothing sent here begins the read (pg_usable would). */
    c->begin_pending = false;
    int rc = send_pending(c, b, n, what, false);
    c->begin_pending = true;
    return rc;
}

void pg_read_settle(pg_conn *c, int64_t changed_at, int64_t generation) {
    c->read_changed_at = changed_at;
    c->read_generation = generation;
    c->have_read_version = true;
}

PGresult *pg_read_first(pg_conn *c, int slot, const char *sql, const pg_params *params, int *rc,
                        const char *what) {
    pg_batch b = {.slot = slot, .sql = sql, .params = params};
    *rc = pg_read_batch(c, &b, slot >= 0 ? 1 : 0, what);
    return b.result;
}

void pg_commit_deferred(pg_conn *c) {
    c->deferred_commit = false;
    commit_left_open(c);
}

void pg_reclaim(pg_conn *c) {
    for (;;) {
        int expect = PG_HAND_DUE;
        if (atomic_compare_exchange_strong_explicit(&c->hand, &expect, PG_HAND_OWNER, memory_order_acq_rel,
                                                    memory_order_acquire)) {
            c->deferred_commit = true;
            return;
        }
        if (expect == PG_HAND_OWNER) return; /* the closer committed it */
        sched_yield();                        /* the closer is committing it */
    }
}

/* The closer thread: every PG_IDLE_COMMIT_MS, commits the readers'
** transactions that have waited that long for their thread. */
static void *closer_main(void *arg) {
    pg_store *s = arg;
    const struct timespec pause = {0, PG_IDLE_COMMIT_MS * 1000000L};
    while (!atomic_load(&s->closer_stop)) {
        nanosleep(&pause, NULL);
        int64_t now = timeutil_monotonic_ms();
        pthread_mutex_lock(&s->lock);
        for (pg_conn *c = s->connections; c; c = c->next) {
            if (atomic_load_explicit(&c->hand, memory_order_acquire) != PG_HAND_DUE ||
                now - atomic_load(&c->due_at_ms) < PG_IDLE_COMMIT_MS)
                continue;
            int expect = PG_HAND_DUE;
            if (!atomic_compare_exchange_strong_explicit(&c->hand, &expect, PG_HAND_CLOSER, memory_order_acq_rel,
                                                         memory_order_acquire))
                continue;
            commit_left_open(c);
            atomic_store_explicit(&c->hand, PG_HAND_OWNER, memory_order_release);
        }
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

/* Starts s's closer thread, once. */
static void start_closer(pg_store *s) {
    pthread_mutex_lock(&s->lock);
    if (!atomic_load(&s->closer_started)) {
        if (pthread_create(&s->closer, NULL, closer_main, s) != 0) fatal("cannot start a thread");
        atomic_store(&s->closer_started, true);
    }
    pthread_mutex_unlock(&s->lock);
}

void pg_closer_stop(pg_store *s) {
    if (!atomic_load(&s->closer_started)) return;
    atomic_store(&s->closer_stop, true);
    pthread_join(s->closer, NULL);
    atomic_store(&s->closer_started, false);
}

int postgres_read_begin(store *s) {
    pg_conn *c = postgres_conn(s);
    c->begin_pending = true;
    c->have_read_version = false;
    return STORE_OK;
}

int postgres_read_end(store *s) {
    pg_conn *c = postgres_conn(s);
    int rc = c->lost ? STORE_UNAVAILABLE : STORE_OK;
    bool open = c->in_transaction && !c->lost && c->db && PQstatus(c->db) == CONNECTION_OK;
    c->begin_pending = false;
    c->have_read_version = false;
    c->in_transaction = false;
    c->lost = false;
    if (open) {
        /* The COMMIT goes with the next request's statements, or the
        ** closer's; the connection is not this thread's until it
        ** takes it back. */
        pg_store *ps = c->owner;
        if (!atomic_load(&ps->closer_started)) start_closer(ps);
        atomic_store(&c->due_at_ms, timeutil_monotonic_ms());
        atomic_store_explicit(&c->hand, PG_HAND_DUE, memory_order_release);
    }
    return rc;
}

bool pg_read_version(pg_conn *c, int64_t *changed_at, int64_t *generation) {
    if (c->begin_pending && !c->have_read_version) {
        int rc;
        PQclear(pg_read_first(c, -1, NULL, NULL, &rc, "content version"));
    }
    /* Only a read's own statements set the version (read_begin and
    ** read_end clear it). */
    if (c->lost || !c->have_read_version) return false;
    *changed_at = c->read_changed_at;
    *generation = c->read_generation;
    return true;
}
