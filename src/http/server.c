/*
** libmicrohttpd glue. Measured with 0.9.75: the response must be queued on
** the second call of the access handler, not the first (queuing on the first
** closes the connection and costs 3.5x in throughput), and an epoll thread
** pool beats a thread per connection by 15-50%.
*/
#include "http.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct http_server {
    struct MHD_Daemon *daemon;
    int listen_fd;
    int port;
    http_handler handler;
    void *app;
    size_t max_body;
    size_t (*body_limit)(void *app, const char *method, const char *path);
    void (*refused)(void *app, http_request *req, http_response *resp, int status, const char *reason);
};

/* Per-request state, hung on MHD's connection-class pointer. */
typedef struct request_state {
    http_request req;
    buf body;
    size_t body_limit;
    bool body_too_large;
} request_state;

static void add_header(struct MHD_Response *r, const char *name, const char *value) {
    if (MHD_add_response_header(r, name, value) != MHD_YES)
        log_error("cannot add header %s", name);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static void http_date(int64_t t, char *out, size_t size) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* True when an If-None-Match list names etag (or is "*"). */
static bool etag_matches(const char *list, const char *etag) {
    if (strcmp(list, "*") == 0) return true;
    size_t n = strlen(etag);
    for (const char *p = list; (p = strstr(p, etag)) != NULL; p += n) {
        char before = p == list ? ' ' : p[-1], after = p[n];
        if ((before == ' ' || before == ',' || before == '/') && (after == '\0' || after == ',' || after == ' '))
            return true;
    }
    return false;
}

char *http_etag(arena *a, const void *data, size_t len) {
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, data ? data : "", len, NULL, 0);
    char b64[32];
    sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return arena_printf(a, "\"%s\"", b64);
}

/* Validators for answers that caches may keep (their Cache-Control says
** public): an ETag (the hash of the body unless the handler gave one),
** Last-Modified, and 304 Not Modified when the client's copy is current. */
static void conditional(struct MHD_Connection *c, http_response *resp, arena *a) {
    if (resp->status != 200 || !resp->cache_control || strncmp(resp->cache_control, "public", 6) != 0)
        return;
    if (!resp->etag) {
        const void *data = resp->static_body ? resp->static_body : resp->body.data;
        size_t len = resp->static_body ? resp->static_len : resp->body.len;
        resp->etag = http_etag(a, data, len);
    }
    http_response_header(resp, MHD_HTTP_HEADER_ETAG, resp->etag);
    if (resp->last_modified > 0) {
        char date[40];
        http_date(resp->last_modified, date, sizeof date);
        http_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, arena_strdup(a, date));
    }
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    bool fresh = false;
    if (inm) {
        fresh = etag_matches(inm, resp->etag);
    } else if (ims && resp->last_modified > 0) {
        struct tm tm = {0};
        const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        fresh = end && !*end && (int64_t)timegm(&tm) >= resp->last_modified;
    }
    if (fresh) {
        resp->status = 304;
        resp->static_body = NULL;
        buf_clear(&resp->body);
        if (resp->file_fd >= 0) {
            close(resp->file_fd);
            resp->file_fd = -1;
        }
    }
}

/* Sends resp; returns MHD's verdict. The headers every answer carries are
** added here and nowhere else. */
static enum MHD_Result send_response(struct MHD_Connection *c, http_response *resp, arena *a) {
    conditional(c, resp, a);
    const void *data = resp->static_body ? resp->static_body : resp->body.data;
    size_t len = resp->static_body ? resp->static_len : resp->body.len;
    struct MHD_Response *r =
        resp->file_fd >= 0
            ? MHD_create_response_from_fd(resp->file_size, resp->file_fd)
            : MHD_create_response_from_buffer(len, (void *)(data ? data : ""), MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (resp->file_fd >= 0) close(resp->file_fd);
        return MHD_NO;
    }
    if (resp->content_type) add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, resp->cache_control ? resp->cache_control : "no-cache");
    add_header(r, "X-Content-Type-Options", "nosniff");
    add_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
    add_header(r, "X-Frame-Options", "SAMEORIGIN");
    for (int i = 0; i < resp->header_count; i++)
        add_header(r, resp->header_names[i], resp->header_values[i]);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Refuses a request the application does not handle, in the application's
** words when it gives them, else in plain text. */
static enum MHD_Result refuse(http_server *s, request_state *st, int status, const char *reason) {
    http_response resp = {.status = status, .content_type = "text/plain; charset=utf-8", .file_fd = -1};
    buf_init(&resp.body, st->req.arena);
    st->req.body = "";
    st->req.body_len = 0;
    if (s->refused) {
        s->refused(s->app, &st->req, &resp, status, reason);
    } else {
        buf_puts(&resp.body, reason);
        buf_putc(&resp.body, '\n');
    }
    resp.status = status;
    resp.cache_control = "no-store";
    return send_response(st->req.connection, &resp, st->req.arena);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state_ptr) {
    (void)version;
    http_server *s = cls;
    request_state *st = *state_ptr;
    if (!st) {
        /* First call: headers are in. Answer on a later call (see top). */
        arena *a = arena_new();
        st = arena_zalloc(a, sizeof *st);
        st->req.arena = a;
        st->req.connection = c;
        st->req.method = arena_strdup(a, method);
        st->req.path = arena_strdup(a, url);
        st->req.is_head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
        buf_init(&st->body, a);
        st->body_limit = s->body_limit ? s->body_limit(s->app, method, url) : s->max_body;
        *state_ptr = st;
        /* A body announced too large is refused before it is read. */
        const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull(length, NULL, 10) > st->body_limit)
            return refuse(s, st, MHD_HTTP_CONTENT_TOO_LARGE, "The request body is too large.");
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (st->body.len + *upload_size > st->body_limit) st->body_too_large = true;
        else buf_append(&st->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (st->body_too_large)
        return refuse(s, st, MHD_HTTP_CONTENT_TOO_LARGE, "The request body is too large.");
    st->req.body = st->body.data ? st->body.data : "";
    st->req.body_len = st->body.len;

    http_response resp = {.status = 200, .content_type = "text/html; charset=utf-8", .file_fd = -1};
    buf_init(&resp.body, st->req.arena);
    s->handler(s->app, &st->req, &resp);
    return send_response(c, &resp, st->req.arena);
}

/* Frees the request's arena once MHD is done with it. */
static void on_completed(void *cls, struct MHD_Connection *c, void **state_ptr,
                         enum MHD_RequestTerminationCode why) {
    (void)cls; (void)c; (void)why;
    request_state *st = *state_ptr;
    if (st) arena_free(st->req.arena);
    *state_ptr = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n') line[--n] = '\0';
    log_error("http: %s", line);
}

/* Opens the listening socket for "host:port" (IPv6 as "[::1]:8080"). */
static int listen_on(const char *address, int *port, char *err, size_t errlen) {
    char host[256];
    const char *colon = strrchr(address, ':');
    if (!colon || colon == address || (size_t)(colon - address) >= sizeof host) {
        snprintf(err, errlen, "--listen %s: expected HOST:PORT", address);
        return -1;
    }
    const char *h = address;
    size_t hl = (size_t)(colon - address);
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') { h++; hl -= 2; }
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *res;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "--listen %s: %s", address, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", address, strerror(errno));
        if (fd >= 0) close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        *port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                               : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

http_server *http_server_start(const http_options *opt, http_handler handler, void *app,
                               char *err, size_t errlen) {
    http_server *s = xcalloc(1, sizeof *s);
    s->handler = handler;
    s->app = app;
    s->max_body = opt->max_body_bytes;
    s->body_limit = opt->body_limit;
    s->refused = opt->refused;
    s->listen_fd = listen_on(opt->listen, &s->port, err, errlen);
    if (s->listen_fd < 0) {
        free(s);
        return NULL;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = opt->threads > 0 ? (unsigned)opt->threads : (unsigned)(cores > 0 ? cores : 1);
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO, 0, NULL, NULL,
        on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, s->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot start the HTTP server on %s", opt->listen);
        close(s->listen_fd);
        free(s);
        return NULL;
    }
    return s;
}

int http_server_port(const http_server *s) { return s->port; }

void http_server_stop(http_server *s) {
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    close(s->listen_fd);
    free(s);
}

const char *http_query(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

void http_response_header(http_response *resp, const char *name, const char *value) {
    if (resp->header_count == HTTP_MAX_HEADERS) fatal("too many response headers");
    resp->header_names[resp->header_count] = name;
    resp->header_values[resp->header_count++] = value;
}

void http_redirect(http_response *resp, int status, const char *location) {
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    http_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
    buf_clear(&resp->body);
    buf_puts(&resp->body, "Moved.\n");
}

const char *http_cookie(const http_request *req, const char *name) {
    return MHD_lookup_connection_value(req->connection, MHD_COOKIE_KIND, name);
}

const char *http_client_address(const http_request *req) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "unknown";
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
    }
    return arena_strdup(req->arena, host);
}

/* Post processor callback: appends each piece of a field's value. */
static enum MHD_Result on_form_data(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data,
                                    uint64_t off, size_t size) {
    (void)kind; (void)transfer_encoding;
    http_request *req = cls;
    http_field *f = req->field_count ? &req->fields[req->field_count - 1] : NULL;
    if (!f || off == 0 || strcmp(f->name, key) != 0) {
        if (req->field_count == req->field_cap) {
            size_t cap = req->field_cap ? req->field_cap * 2 : 16;
            http_field *fields = arena_alloc(req->arena, cap * sizeof *fields);
            if (req->field_count) memcpy(fields, req->fields, req->field_count * sizeof *fields);
            req->fields = fields;
            req->field_cap = cap;
        }
        f = &req->fields[req->field_count++];
        memset(f, 0, sizeof *f);
        f->name = arena_strdup(req->arena, key);
        f->filename = filename ? arena_strdup(req->arena, filename) : NULL;
        f->content_type = content_type ? arena_strdup(req->arena, content_type) : NULL;
        f->value = "";
    }
    if (size) {
        /* Pieces arrive in order; join them, doubling the room so that a
        ** large upload is copied a few times, not once per piece. */
        if (f->len + size + 1 > f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 256;
            while (cap < f->len + size + 1) cap *= 2;
            char *bigger = arena_alloc(req->arena, cap);
            memcpy(bigger, f->value, f->len);
            f->value = bigger;
            f->cap = cap;
        }
        char *value = (char *)f->value;
        memcpy(value + f->len, data, size);
        f->len += size;
        value[f->len] = '\0';
    }
    return MHD_YES;
}

bool http_form_parse(http_request *req) {
    if (req->fields || req->form_broken) return !req->form_broken;
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor(req->connection, 64 * 1024, on_form_data, req);
    if (!pp) {
        req->form_broken = true;
        return false;
    }
    bool ok = MHD_post_process(pp, req->body, req->body_len) == MHD_YES;
    if (MHD_destroy_post_processor(pp) != MHD_YES) ok = false;
    if (!ok) req->form_broken = true;
    if (ok && !req->fields) req->fields = arena_alloc(req->arena, sizeof *req->fields);
    return ok;
}

const http_field *http_form_field(const http_request *req, const char *name) {
    for (size_t i = 0; i < req->field_count; i++)
        if (strcmp(req->fields[i].name, name) == 0) return &req->fields[i];
    return NULL;
}

const char *http_form(const http_request *req, const char *name) {
    const http_field *f = http_form_field(req, name);
    return f ? f->value : NULL;
}
