/*
** Connections: how many each client address holds, and the deadlines a
** connection must meet. libmicrohttpd limits connections in all and closes
** idle ones, but a client trickling a byte every few seconds is never
** idle, and one address could hold every connection. So:
**
** - the gate (gate.c) refuses a connection from an address that holds
**   max_connections_per_address already (trusted proxies are exempt: every
**   reader behind them shares their address); the count lives here, from
**   the gate's accept to MHD's close;
** - each connection has a deadline: its request headers within
**   header_timeout_seconds of connecting (timeout_seconds after the
**   previous answer on it), its body within body_timeout_seconds. A ticker
**   shuts down (shutdown(2), from outside MHD's threads) any connection
**   past its deadline; MHD then sees the socket end and closes it itself.
**   The list is walked under the table's lock, and MHD tells us of a close
**   before it closes the socket, so the descriptor shut down is always the
**   connection's own.
*/
#include "http_internal.h"
#include "../core/metrics.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/ticker.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BUCKETS 4096
#define SWEEP_MS 250

/* How many connections one address holds. */
typedef struct address_count {
    struct address_count *next;
    netaddr addr;
    int count;
} address_count;

struct conn_table {
    pthread_mutex_t lock;
    conn_state *head;               /* every open connection */
    address_count *buckets[BUCKETS];
    int per_address;                /* 0: no limit */
    int header_ms;
    ticker *sweeper;
    int64_t last_refusal_log;       /* monotonic ms; refusals are logged once a second at most */
    uint64_t refused, expired;
};

int64_t http_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static size_t bucket_of(const netaddr *a) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < 16; i++) h = (h ^ a->bytes[i]) * 0x100000001b3ull;
    return (size_t)(h % BUCKETS);
}

/* The count of an address, made when missing (create) or NULL. Caller holds the lock. */
static address_count *find_count(conn_table *t, const netaddr *a, bool create) {
    address_count **b = &t->buckets[bucket_of(a)];
    for (address_count *c = *b; c; c = c->next)
        if (memcmp(c->addr.bytes, a->bytes, 16) == 0) return c;
    if (!create) return NULL;
    address_count *c = xcalloc(1, sizeof *c);
    c->addr = *a;
    c->next = *b;
    *b = c;
    return c;
}

/* Forgets an address's count once it holds no connection. Caller holds the lock. */
static void drop_count(conn_table *t, address_count *gone) {
    address_count **b = &t->buckets[bucket_of(&gone->addr)];
    while (*b != gone) b = &(*b)->next;
    *b = gone->next;
    free(gone);
}

bool http_trusted(const http_server *s, const netaddr *peer) {
    for (int i = 0; i < s->opt.trusted_proxy_count; i++)
        if (netrange_contains(&s->opt.trusted_proxies[i], peer)) return true;
    return false;
}

bool http_counted(const http_server *s, const netaddr *peer) {
    return s->opt.max_connections_per_address > 0 && !http_trusted(s, peer);
}

/* Shuts down the connections past their deadline (the ticker's work). */
static void sweep(void *ctx) {
    conn_table *t = ctx;
    int64_t now = http_now_ms();
    pthread_mutex_lock(&t->lock);
    for (conn_state *cs = t->head; cs; cs = cs->next) {
        int64_t deadline = __atomic_load_n(&cs->deadline_ms, __ATOMIC_ACQUIRE);
        if (!deadline || now < deadline) continue;
        __atomic_store_n(&cs->deadline_ms, 0, __ATOMIC_RELEASE);
        shutdown(cs->fd, SHUT_RDWR);
        t->expired++;
    }
    pthread_mutex_unlock(&t->lock);
}

conn_table *http_connections_start(const http_options *opt) {
    conn_table *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    t->per_address = opt->max_connections_per_address;
    t->header_ms = (opt->header_timeout_seconds > 0 ? opt->header_timeout_seconds : 10) * 1000;
    t->sweeper = ticker_start("connection deadline", SWEEP_MS, false, sweep, t);
    return t;
}

void http_connections_stop(conn_table *t) {
    if (!t) return;
    ticker_stop(t->sweeper);
    if (t->refused || t->expired)
        log_info("http: %llu connections refused (too many from one address), %llu closed at their deadline",
                 (unsigned long long)t->refused, (unsigned long long)t->expired);
    for (size_t i = 0; i < BUCKETS; i++) {
        for (address_count *c = t->buckets[i], *next; c; c = next) {
            next = c->next;
            free(c);
        }
    }
    pthread_mutex_destroy(&t->lock);
    free(t);
}

bool http_connections_admit(conn_table *t, const netaddr *peer) {
    if (!t->per_address) return true;
    pthread_mutex_lock(&t->lock);
    address_count *c = find_count(t, peer, true);
    bool ok = c->count < t->per_address;
    if (ok) c->count++;
    int64_t now = http_now_ms();
    bool log = !ok && now - t->last_refusal_log >= 1000;
    if (!ok) t->refused++;
    if (log) t->last_refusal_log = now;
    pthread_mutex_unlock(&t->lock);
    if (log) {
        char text[NETADDR_TEXT];
        netaddr_format(peer, text);
        log_error("http: refused a connection from %s, which holds %d already (max_connections_per_address)",
                  text, t->per_address);
    }
    return ok;
}

void http_connections_forget(conn_table *t, const netaddr *peer) {
    if (!t->per_address) return;
    pthread_mutex_lock(&t->lock);
    address_count *c = find_count(t, peer, false);
    if (c && --c->count <= 0) drop_count(t, c);
    pthread_mutex_unlock(&t->lock);
}

void http_connections_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code) {
    http_server *s = cls;
    conn_table *t = s->connections;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_state *cs = xcalloc(1, sizeof *cs);
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *peer = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        cs->fd = fd ? fd->connect_fd : -1;
        bool known = peer && netaddr_from_sockaddr(peer->client_addr, &cs->peer);
        cs->counted = known && http_counted(s, &cs->peer); /* as the gate counted it */
        cs->deadline_ms = cs->fd >= 0 ? http_now_ms() + t->header_ms : 0;
        pthread_mutex_lock(&t->lock);
        /* (Counted already, by the gate that handed it over.) */
        cs->next = t->head;
        if (t->head) t->head->prev = cs;
        t->head = cs;
        pthread_mutex_unlock(&t->lock);
        *socket_context = cs;
        metrics_connections(1);
        return;
    }
    conn_state *cs = *socket_context;
    if (!cs) return;
    if (cs->counted) http_connections_forget(t, &cs->peer);
    pthread_mutex_lock(&t->lock);
    if (cs->prev) cs->prev->next = cs->next;
    else t->head = cs->next;
    if (cs->next) cs->next->prev = cs->prev;
    pthread_mutex_unlock(&t->lock);
    free(cs);
    *socket_context = NULL;
    metrics_connections(-1);
}

void http_connection_deadline(conn_state *cs, int64_t deadline_ms) {
    if (cs) __atomic_store_n(&cs->deadline_ms, deadline_ms, __ATOMIC_RELEASE);
}
