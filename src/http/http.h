/*
** The embedded HTTP server: protocol only. It accepts connections with
** libmicrohttpd (epoll, a pool of worker threads), gives each request an
** arena, and calls the application's handler with a request and an empty
** response. The handler fills the response; the server adds the headers
** every answer carries and sends it. The arena is freed when the answer has
** gone out.
**
** What a request may cost is bounded before the work starts:
** - connections: at most max_connections, and per client address at most
**   max_connections_per_address (trusted proxies aside); beyond that a new
**   connection is closed at once, and everyone else is still served;
** - time: a connection's request headers must arrive within
**   header_timeout_seconds (of connecting, or of the previous answer on it:
**   then timeout_seconds), its body within body_timeout_seconds; idle
**   connections close after timeout_seconds;
** - bodies: once the headers are in, the application's admit callback says
**   how large a body this request may send (it knows who is asking from
**   the headers alone) or answers at once, before any body is read (so a
**   client waiting on "Expect: 100-continue" sends nothing); all bodies in
**   memory at once stay under max_body_memory (503 with Retry-After
**   beyond it); a body over its limit is refused (413) or, once it is
**   arriving, the connection is closed;
** - threads: requests the application marks as "offload" (the newsroom:
**   password hashing, Markdown, image processing) run on a pool of their
**   own while their connection is suspended, so they never hold the threads
**   that serve readers; a full queue answers 503.
*/
#ifndef GAZETTE_HTTP_H
#define GAZETTE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/netaddr.h"

struct MHD_Connection;

/* A field of a submitted form; files carry their name and type. */
typedef struct http_field {
    const char *name;
    const char *value; /* NUL-terminated (binary for files: use len) */
    size_t len;
    const char *filename;     /* NULL for plain fields */
    const char *content_type; /* as the client said; never trusted */
    size_t cap;               /* room in value, while the form is parsed */
} http_field;

typedef struct http_request {
    arena *arena;                 /* freed when the response has been sent */
    struct MHD_Connection *connection;
    const char *method;
    bool is_head;                 /* HEAD: answered like GET, without a body */
    const char *path;             /* percent-decoded, without the query */
    const char *client;           /* the client's address, after trusted proxies ("192.0.2.1") */
    const char *id;               /* the request id its answer and log lines carry (X-Request-Id) */
    int64_t body_announced;       /* Content-Length; -1 when chunked or none */
    void *app_data;               /* the application's, set by admit for the handler */
    const char *body;             /* request body (POST), NUL-terminated */
    size_t body_len;
    http_field *fields;           /* after http_form_parse() */
    size_t field_count, field_cap;
    bool form_broken;             /* the body did not parse as the form it claimed */
} http_request;

#define HTTP_MAX_HEADERS 16

/* The longest request id taken from a client's X-Request-Id. */
#define HTTP_REQUEST_ID_MAX 64

/* An answer made once and sent many times (a page cache's entry): status,
** headers, validators and body, ready for the wire. See http_prepare(). */
typedef struct http_prepared http_prepared;

typedef struct http_response {
    int status;
    const char *content_type;
    const char *cache_control;    /* NULL: "no-cache" */
    const char *referrer_policy;  /* NULL: "strict-origin-when-cross-origin" */
    int64_t last_modified;        /* 0: none; for Last-Modified and If-Modified-Since */
    const char *etag;             /* NULL: made from the body (public answers) */
    buf body;                     /* in the request's arena */
    const void *static_body;      /* instead of body: memory that outlives the request */
    size_t static_len;
    int file_fd;                  /* instead of body: a file (sent with sendfile and closed); -1: none */
    size_t file_size;
    const char *header_names[HTTP_MAX_HEADERS];
    const char *header_values[HTTP_MAX_HEADERS];
    int header_count;
    /* Instead of all the above but status, etag, last_modified and
    ** cache_control (which decide a 304): an answer prepared before. */
    const http_prepared *prepared;
    void (*release)(void *ctx);   /* called once the answer has gone out (or failed) */
    void *release_ctx;
    int64_t app_note;             /* the application's own (the site: the article a view counts) */
    /* For the access line: what the page cache did ("hit", "miss"; NULL:
    ** it was not asked), and whether the answer is one of those left out
    ** unless asked for (health checks). */
    const char *cache_result;
    bool quiet;
    int route;                    /* what the answer was, for metrics (core/metrics.h's metric_route) */
    uint64_t bytes_sent;          /* set when sent: the body's length */
} http_response;

/* The application: fills resp for req. Called on a worker thread (one of
** the server's, or of the offload pool). */
typedef void (*http_handler)(void *app, http_request *req, http_response *resp);

/* What the application allows a request, decided from its headers. */
typedef struct http_admission {
    size_t body_limit;   /* the largest body it may send (preset: max_body_bytes) */
    bool offload;        /* run the handler on the offload pool */
} http_admission;

/* Called once a request's headers are in, before its body is read:
** sets adm, or fills resp and returns false to answer at once (the body,
** if any, is never read and the connection closes after the answer). */
typedef bool (*http_admit)(void *app, http_request *req, http_admission *adm, http_response *resp);

typedef struct http_options {
    const char *listen;      /* "HOST:PORT"; port 0 picks a free one */
    int threads;             /* worker threads; 0: one per core */
    int max_connections;
    int max_connections_per_address; /* 0: no limit */
    int timeout_seconds;     /* idle connections close after this */
    int header_timeout_seconds;
    int body_timeout_seconds;
    size_t max_body_bytes;   /* the body limit admission starts from */
    size_t max_body_memory;  /* all request bodies in memory at once */
    int offload_threads;     /* 0: no pool (offload is ignored) */
    int offload_queue;       /* requests that may wait for the pool */
    const netrange *trusted_proxies; /* peers allowed to name the client (X-Forwarded-For, Forwarded) */
    int trusted_proxy_count;
    http_admit admit;        /* NULL: every request may send max_body_bytes */
    bool access_log;         /* a log line for every answer (log_access) */
    bool access_log_quiet;   /* ... the quiet ones too */
    /* Words the refusal of a request the application does not handle (a
    ** body over its limit: status 413; no Host: 400; busy: 503) in the
    ** application's format; the request has no body. NULL: plain text. */
    void (*refused)(void *app, http_request *req, http_response *resp, int status, const char *reason);
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

/* The query as the client sent its arguments, in order, each encoded
** again ("?a=1&q=x%20y"; "" without any), in the request's arena. */
char *http_query_string(const http_request *req);

/* A query argument (decoded), or NULL. */
const char *http_query(const http_request *req, const char *name);

/* A request header, or NULL. */
const char *http_header(const http_request *req, const char *name);

/* The language of offered (count codes, "en", "ru"...) an Accept-Language
** header (NULL: none) prefers: the one of the highest q (the first given
** among equals), by its primary subtag ("ru-RU" is "ru"), ignoring case;
** q=0 refuses one, "*" names none. NULL when it names none of them. One of
** offered. (accept_language.c) */
const char *http_accept_language(const char *header, const char *const *offered, size_t count);

/* A cookie the request carries, or NULL. */
const char *http_cookie(const http_request *req, const char *name);

/* The client's address ("192.0.2.1", "2001:db8::1"): the peer's, or,
** when the peer is a trusted proxy, the one the proxies name (see
** client.c). The same as req->client. */
const char *http_client_address(const http_request *req);

/* Parses the body as an HTML form (urlencoded or multipart, with
** libmicrohttpd's post processor) into req->fields. False when the body
** is not a form (or is broken). Safe to call twice. */
bool http_form_parse(http_request *req);

/* A form field's value, or NULL. */
const char *http_form(const http_request *req, const char *name);

/* A form field (with file data), or NULL. */
const http_field *http_form_field(const http_request *req, const char *name);

/* Adds a header to the response. name and value must outlive the request. */
void http_response_header(http_response *resp, const char *name, const char *value);

/* Makes resp a redirect to location (status 301, 302 or 303). */
void http_redirect(http_response *resp, int status, const char *location);

/* Prepares resp's answer for sending many times: its status, content type,
** cache policy, headers, ETag and Last-Modified as they are now, with body
** (copied), Content-Encoding encoding (NULL: none) and Vary:
** Accept-Encoding. NULL when out of memory. */
http_prepared *http_prepare(const http_response *resp, const void *body, size_t len, const char *encoding);

/* Frees a prepared answer. Each sending sends its body from where it is:
** the caller frees it only once nothing is sending it (the page cache
** holds its entry for each request sent it, until the request's release
** callback; the theme's assets live as long as the server). */
void http_prepared_free(http_prepared *p);

/* The memory a prepared answer holds, about. */
size_t http_prepared_bytes(const http_prepared *p);

/* The ETag of etag's version in a content coding ("br", "gzip"; NULL:
** none): "\"x\"" becomes "\"x-br\"". If-None-Match takes any coding's
** tag for the version. Malloc'ed; the caller frees it. */
char *http_coded_etag(const char *etag, const char *coding);

/* True when req may go ahead given the current ETag of what it changes:
** it has no If-Match, or If-Match is "*" or lists etag (compared strongly:
** a weak tag never matches). False: answer 412 Precondition Failed. */
bool http_if_match(const http_request *req, const char *etag);

/* A strong ETag for data ("\"...\"", a hash of it), in a. Answers get one
** made from their body unless the handler sets resp->etag itself. */
char *http_etag(arena *a, const void *data, size_t len);

#endif
