/*
** Following other nodes' changes on PostgreSQL: a connection of its own
** that LISTENs on PG_CONTENT_CHANNEL, where the change log's trigger
** notifies as each change commits (postgres_schema.c). See store_listen()
** in store.h for what a wait answers.
**
** The connection is the listener's alone (a thread's connection may be in
** a transaction, and notifications arrive only between transactions). When
** it is lost, the listener waits out a backoff and connects and LISTENs
** again; the first wait after that answers -1, since what committed in
** between was told to nobody.
*/
#include "postgres_internal.h"
#include "../core/fatal.h"
#include "../core/timeutil.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct pg_listener {
    store_listener base;
    char *url;
    PGconn *db;         /* NULL while the server is away */
    bool was_lost;      /* subscribed before, then lost: the next subscription answers -1 */
    int backoff_ms;
    int64_t retry_at_ms;
} pg_listener;

/* Sleeps ms milliseconds (the wait of a listener whose server is away). */
static void pause_ms(int ms) {
    struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) continue;
}

/* Connects and LISTENs: true when subscribed. */
static bool subscribe(pg_listener *l) {
    l->db = pg_connect(l->url);
    if (l->db && PQstatus(l->db) == CONNECTION_OK) {
        PGresult *r = PQexec(l->db, "LISTEN " PG_CONTENT_CHANNEL);
        bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (ok && PQsetnonblocking(l->db, 1) == 0) {
            l->backoff_ms = 0;
            return true;
        }
    }
    if (l->db) PQfinish(l->db);
    l->db = NULL;
    l->backoff_ms = l->backoff_ms ? l->backoff_ms * 2 : PG_BACKOFF_MIN_MS;
    if (l->backoff_ms > PG_BACKOFF_MAX_MS) l->backoff_ms = PG_BACKOFF_MAX_MS;
    l->retry_at_ms = timeutil_monotonic_ms() + l->backoff_ms;
    return false;
}

/* Takes every notification that arrived: true when there was one. */
static bool drain(PGconn *db) {
    bool any = false;
    PGnotify *n;
    while ((n = PQnotifies(db)) != NULL) {
        any = true;
        PQfreemem(n);
    }
    return any;
}

/* Lets go of a connection that broke. */
static void lose(pg_listener *l) {
    PQfinish(l->db);
    l->db = NULL;
    l->was_lost = true;
    l->retry_at_ms = 0;
}

static int listen_wait(store_listener *base, int timeout_ms) {
    pg_listener *l = (pg_listener *)base;
    int64_t deadline = timeutil_monotonic_ms() + timeout_ms;
    if (!l->db) {
        int64_t wake = l->retry_at_ms > deadline ? deadline : l->retry_at_ms;
        if (wake > timeutil_monotonic_ms()) pause_ms((int)(wake - timeutil_monotonic_ms()));
        if (timeutil_monotonic_ms() < l->retry_at_ms || !subscribe(l)) {
            if (timeutil_monotonic_ms() < deadline) pause_ms((int)(deadline - timeutil_monotonic_ms()));
            return 0;
        }
        if (l->was_lost) {
            l->was_lost = false;
            return -1;
        }
    }
    if (PQconsumeInput(l->db) == 0) {
        lose(l);
        return 0;
    }
    if (drain(l->db)) return 1;
    for (;;) {
        int left = (int)(deadline - timeutil_monotonic_ms());
        if (left <= 0) return 0;
        struct pollfd p = {.fd = PQsocket(l->db), .events = POLLIN};
        int ready = poll(&p, 1, left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return 0;
        if (PQconsumeInput(l->db) == 0 || PQstatus(l->db) != CONNECTION_OK) {
            lose(l);
            return 0;
        }
        if (drain(l->db)) return 1;
    }
}

static void listen_stop(store_listener *base) {
    pg_listener *l = (pg_listener *)base;
    if (l->db) PQfinish(l->db);
    free(l->url);
    free(l);
}

store_listener *postgres_listen(store *s) {
    pg_listener *l = xcalloc(1, sizeof *l);
    l->base.wait = listen_wait;
    l->base.stop = listen_stop;
    l->url = xstrdup(((pg_store *)s)->url);
    subscribe(l); /* when the server is away, the waits try again */
    return &l->base;
}
