/*
** The embedded HTTP server: protocol only. It accepts connections with
** libmicrohttpd (epoll, a pool of worker threads, limits on connections,
** header memory, body size and idle time), gives each request an arena, and
** calls the application's handler with a request and an empty response.
** The handler fills the response; the server adds the headers every answer
** carries and sends it. The arena is freed when the answer has gone out.
*/
#ifndef GAZETTE_HTTP_H
#define GAZETTE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/buf.h"

struct MHD_Connection;

typedef struct http_request {
    arena *arena;                 /* freed when the response has been sent */
    struct MHD_Connection *connection;
    const char *method;
    bool is_head;                 /* HEAD: answered like GET, without a body */
    const char *path;             /* percent-decoded, without the query */
    const char *body;             /* request body (POST), NUL-terminated */
    size_t body_len;
} http_request;

#define HTTP_MAX_HEADERS 16

typedef struct http_response {
    int status;
    const char *content_type;
    const char *cache_control;    /* NULL: "no-cache" */
    buf body;                     /* in the request's arena */
    const void *static_body;      /* instead of body: memory that outlives the request */
    size_t static_len;
    const char *header_names[HTTP_MAX_HEADERS];
    const char *header_values[HTTP_MAX_HEADERS];
    int header_count;
} http_response;

/* The application: fills resp for req. Called on a worker thread. */
typedef void (*http_handler)(void *app, http_request *req, http_response *resp);

typedef struct http_options {
    const char *listen;      /* "HOST:PORT"; port 0 picks a free one */
    int threads;             /* worker threads; 0: one per core */
    int max_connections;
    int timeout_seconds;
    size_t max_body_bytes;
} http_options;

typedef struct http_server http_server;

/* Binds, listens and starts the workers. NULL with a message in err when
** the address cannot be used. */
http_server *http_server_start(const http_options *opt, http_handler handler, void *app,
                               char *err, size_t errlen);

/* The port actually listened on. */
int http_server_port(const http_server *s);

/* Stops accepting, finishes the requests in progress and frees the server. */
void http_server_stop(http_server *s);

/* A query argument (decoded), or NULL. */
const char *http_query(const http_request *req, const char *name);

/* A request header, or NULL. */
const char *http_header(const http_request *req, const char *name);

/* Adds a header to the response. name and value must outlive the request. */
void http_response_header(http_response *resp, const char *name, const char *value);

/* Makes resp a redirect to location (status 301, 302 or 303). */
void http_redirect(http_response *resp, int status, const char *location);

#endif
