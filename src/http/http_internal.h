/*
** What the files of the HTTP server share: the server itself, the state
** of a request and of a connection. Private to src/http/.
**
**   server.c       the daemon, the access handler, start and stop
**   response.c     sending answers: headers, validators, 304s, prepared answers
**   request.c      reading requests: query, headers, cookies, forms
**   gate.c         accepting: first request heads, connections per address
**   connections.c  connections per address, header and body deadlines
**   client.c       the client's address behind trusted proxies
**   offload.c      the pool that runs offloaded handlers
*/
#ifndef GAZETTE_HTTP_INTERNAL_H
#define GAZETTE_HTTP_INTERNAL_H

#include "http.h"

#include <microhttpd.h>
#include <pthread.h>

typedef struct conn_table conn_table;
typedef struct offload_pool offload_pool;
typedef struct gate gate;
typedef struct http_lent http_lent; /* an MHD response of a prepared answer lent to one request (response.c) */

struct http_server {
    struct MHD_Daemon *daemon;
    int listen_fd;
    int port;
    http_handler handler;
    http_admit admit;
    void *app;
    void (*refused)(void *app, http_request *req, http_response *resp, int status, const char *reason);
    http_options opt;        /* as started; trusted_proxies points into the caller's config */
    conn_table *connections; /* connections.c */
    gate *gate;              /* gate.c: accepts, and hands connections to MHD */
    offload_pool *pool;      /* offload.c; NULL without one */
    size_t body_memory;      /* bytes of bodies held now (atomic) */
};

/* One connection's state (MHD's socket context), from accept to close. */
typedef struct conn_state {
    struct conn_state *prev, *next; /* in the table's list */
    netaddr peer;
    bool counted;           /* counts against its address's limit */
    int fd;
    int64_t deadline_ms;    /* monotonic; 0: none (atomic) */
} conn_state;

/* Per-request state, hung on MHD's connection-class pointer. */
typedef struct request_state {
    http_request req;
    http_server *server;
    conn_state *conn;
    buf body;
    size_t body_limit;
    size_t reserved;        /* bytes of body memory this request holds */
    bool offload;           /* the handler runs on the pool */
    bool queued;            /* it was handed to the pool */
    bool handled;           /* resp is filled (atomic: written by the pool) */
    int64_t started_us;     /* monotonic, when its headers were in */
    http_lent *lent;        /* the prepared answer's response it was sent in, if any */
    http_response resp;
} request_state;

/* Milliseconds of the monotonic clock. */
int64_t http_now_ms(void);

/* --- response.c --- */

/* Sends resp on c, with X-Request-Id request_id (NULL: none); returns
** MHD's verdict. A prepared answer as it is, in an MHD response lent to
** the request in *lent (the caller gives it back with http_give_back once
** the sending has ended, before resp's release); others with their
** validators (a 304 when the client's copy is current). */
enum MHD_Result http_send(struct MHD_Connection *c, http_response *resp, arena *a, const char *request_id,
                          http_lent **lent);

/* Gives back a response lent to a sending of p that has ended. */
void http_give_back(http_prepared *p, http_lent *l);

/* Adds the headers every answer carries, resp's own and X-Request-Id
** request_id (NULL: none) to r. False when MHD refuses one. */
bool http_add_headers(struct MHD_Response *r, const http_response *resp, const char *request_id);

/* A new request id, 16 random hex digits, into out (17 bytes). */
void http_new_request_id(char out[17]);

/* The id of the request on c, in a: the client's X-Request-Id when it
** sent a sane one, else a new one. */
const char *http_request_id(struct MHD_Connection *c, arena *a);

/* --- connections.c --- */

/* The connection table: limits and deadlines. NULL limits nothing. */
conn_table *http_connections_start(const http_options *opt);
void http_connections_stop(conn_table *t);

/* Counts a new connection of peer against its address's limit; false
** (counting nothing) when it holds max_connections_per_address already. */
bool http_connections_admit(conn_table *t, const netaddr *peer);

/* Forgets a connection counted by admit that never reached MHD. */
void http_connections_forget(conn_table *t, const netaddr *peer);

/* MHD's connection notifications: makes and frees a conn_state. */
void http_connections_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code);

/* Sets (or with 0 clears) when a connection must have sent what it owes. */
void http_connection_deadline(conn_state *cs, int64_t deadline_ms);

/* True when the peer is a trusted proxy. */
bool http_trusted(const http_server *s, const netaddr *peer);

/* True when the peer's connections count against its address's limit
** (there is one, and the peer is not a trusted proxy). */
bool http_counted(const http_server *s, const netaddr *peer);

/* --- client.c --- */

/* The client's address for a request from peer: the peer's own, or the
** one trusted proxies name in Forwarded or X-Forwarded-For. Text in a. */
const char *http_client_resolve(const http_server *s, struct MHD_Connection *c, const netaddr *peer, arena *a);

/* --- gate.c --- */

/* Starts accepting on listen_fd (non-blocking) for s->daemon. NULL with a message. */
gate *http_gate_start(http_server *s, int listen_fd, char *err, size_t errlen);

/* Stops accepting and closes the connections still at the gate. */
void http_gate_stop(gate *g);

/* --- offload.c --- */

offload_pool *http_offload_start(http_server *s, int threads, int queue);

/* Queues a request for the pool (its connection is suspended first);
** false when the queue is full. */
bool http_offload_submit(offload_pool *p, request_state *st);

/* Waits for queued and running jobs, then stops the threads. */
void http_offload_stop(offload_pool *p);

#endif
