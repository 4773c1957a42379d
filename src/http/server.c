/*
** libmicrohttpd glue. Measured with 0.9.75: the response must be queued on
** the second call of the access handler, not the first (queuing on the first
** closes the connection and costs 3.5x in throughput), and an epoll thread
** pool beats a thread per connection by 15-50%.
*/
#include "http.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"

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
#include <zlib.h>

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

struct http_prepared {
    struct MHD_Response *response; /* MHD counts its users: freeing it while it is sent is safe */
    size_t bytes;
};

/* Per-request state, hung on MHD's connection-class pointer. */
typedef struct request_state {
    http_request req;
    buf body;
    size_t body_limit;
    bool body_too_large;
    void (*release)(void *ctx); /* the answer's, called when it has gone out */
    void *release_ctx;
} request_state;

static bool add_header(struct MHD_Response *r, const char *name, const char *value) {
    if (MHD_add_response_header(r, name, value) == MHD_YES) return true;
    log_error("cannot add header %s", name);
    return false;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static void http_date(int64_t t, char *out, size_t size) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* The opaque part of an entity tag ("W/\"x-br\"" -> x): without the weak
** mark, the quotes, and the suffix that names a content coding, since every
** coding of one version is that version. */
static void etag_core(const char *tag, size_t len, const char **core, size_t *core_len) {
    if (len >= 2 && tag[0] == 'W' && tag[1] == '/') tag += 2, len -= 2;
    if (len >= 2 && tag[0] == '"' && tag[len - 1] == '"') tag++, len -= 2;
    static const char *const suffixes[] = {"-br", "-gzip"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && memcmp(tag + len - n, suffixes[i], n) == 0) {
            len -= n;
            break;
        }
    }
    *core = tag;
    *core_len = len;
}

char *http_coded_etag(const char *etag, const char *coding) {
    if (!coding) return xstrdup(etag);
    size_t n = strlen(etag), size = n + strlen(coding) + 3;
    char *out = xmalloc(size);
    if (n >= 2 && etag[n - 1] == '"') snprintf(out, size, "%.*s-%s\"", (int)(n - 1), etag, coding);
    else snprintf(out, size, "%s-%s", etag, coding);
    return out;
}

/* True when an If-None-Match list names etag (or is "*"). */
static bool etag_matches(const char *list, const char *etag) {
    const char *want;
    size_t want_len;
    etag_core(etag, strlen(etag), &want, &want_len);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (!*p) break;
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *last = end;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t')) last--;
        if (last - p == 1 && *p == '*') return true;
        const char *core;
        size_t core_len;
        etag_core(p, (size_t)(last - p), &core, &core_len);
        if (core_len == want_len && memcmp(core, want, want_len) == 0) return true;
        p = end;
    }
    return false;
}

char *http_etag(arena *a, const void *data, size_t len) {
    const Bytef *bytes = data ? data : (const Bytef *)"";
    uint32_t words[2] = {(uint32_t)crc32(0, bytes, (uInt)len), (uint32_t)len};
    unsigned char raw[8];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++) raw[i * 4 + k] = (unsigned char)(words[i] >> (8 * k));
    char b64[16];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return arena_printf(a, "\"%s\"", b64);
}

/* True when the answer may be kept by caches (its Cache-Control says public). */
static bool is_public(const http_response *resp) {
    return resp->status == 200 && resp->cache_control && strncmp(resp->cache_control, "public", 6) == 0;
}

/* True when the client's copy is current: If-None-Match names the ETag,
** or (without If-None-Match) If-Modified-Since is not older than the
** answer's Last-Modified. */
static bool client_is_fresh(struct MHD_Connection *c, const http_response *resp) {
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm) return resp->etag && etag_matches(inm, resp->etag);
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    if (!ims || resp->last_modified <= 0) return false;
    struct tm tm = {0};
    const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return end && !*end && (int64_t)timegm(&tm) >= resp->last_modified;
}

/* Validators for answers that caches may keep: an ETag (the body's unless
** the handler gave one) and Last-Modified, as headers of resp. */
static void add_validators(http_response *resp, arena *a) {
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
}

/* Adds the headers every answer carries (here and nowhere else) and
** resp's own. False when MHD refuses one. */
static bool add_headers(struct MHD_Response *r, const http_response *resp) {
    bool ok = true;
    if (resp->content_type) ok &= add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    ok &= add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, resp->cache_control ? resp->cache_control : "no-cache");
    ok &= add_header(r, "X-Content-Type-Options", "nosniff");
    ok &= add_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
    ok &= add_header(r, "X-Frame-Options", "SAMEORIGIN");
    for (int i = 0; i < resp->header_count; i++) ok &= add_header(r, resp->header_names[i], resp->header_values[i]);
    return ok;
}

/* 304 Not Modified for a prepared answer: its validators and cache policy. */
static enum MHD_Result send_not_modified(struct MHD_Connection *c, const http_response *resp, arena *a) {
    http_response head = {.status = 304, .cache_control = resp->cache_control, .file_fd = -1};
    http_response_header(&head, MHD_HTTP_HEADER_ETAG, resp->etag);
    if (resp->last_modified > 0) {
        char date[40];
        http_date(resp->last_modified, date, sizeof date);
        http_response_header(&head, MHD_HTTP_HEADER_LAST_MODIFIED, arena_strdup(a, date));
    }
    http_response_header(&head, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    for (int i = 0; i < resp->header_count; i++) http_response_header(&head, resp->header_names[i], resp->header_values[i]);
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    add_headers(r, &head);
    enum MHD_Result ret = MHD_queue_response(c, 304, r);
    MHD_destroy_response(r);
    return ret;
}

/* Sends resp; returns MHD's verdict. */
static enum MHD_Result send_response(struct MHD_Connection *c, http_response *resp, arena *a) {
    if (resp->prepared) {
        if (client_is_fresh(c, resp)) return send_not_modified(c, resp, a);
        return MHD_queue_response(c, (unsigned)resp->status, resp->prepared->response);
    }
    if (is_public(resp)) {
        add_validators(resp, a);
        if (client_is_fresh(c, resp)) {
            resp->status = 304;
            resp->static_body = NULL;
            buf_clear(&resp->body);
            if (resp->file_fd >= 0) {
                close(resp->file_fd);
                resp->file_fd = -1;
            }
        }
    }
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
    add_headers(r, resp);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

http_prepared *http_prepare(const http_response *resp, const void *body, size_t len, const char *encoding) {
    /* MHD frees the copy when the last connection sending it is done. */
    void *copy = malloc(len ? len : 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, body, len);
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(len, copy, free);
    if (!r) {
        free(copy);
        return NULL;
    }
    http_prepared *p = malloc(sizeof *p);
    if (!p) {
        MHD_destroy_response(r);
        return NULL;
    }
    p->response = r;
    p->bytes = len + 512; /* the headers, roughly */
    char date[40] = "";
    if (resp->last_modified > 0) http_date(resp->last_modified, date, sizeof date);
    bool ok = add_headers(r, resp) && (!resp->etag || add_header(r, MHD_HTTP_HEADER_ETAG, resp->etag)) &&
              (!*date || add_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date)) &&
              add_header(r, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING) &&
              (!encoding || add_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, encoding));
    if (!ok) {
        http_prepared_free(p);
        return NULL;
    }
    return p;
}

void http_prepared_free(http_prepared *p) {
    if (!p) return;
    MHD_destroy_response(p->response);
    free(p);
}

size_t http_prepared_bytes(const http_prepared *p) { return p->bytes; }

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
    st->release = resp.release;
    st->release_ctx = resp.release_ctx;
    return send_response(c, &resp, st->req.arena);
}

/* Frees the request's arena once MHD is done with it. */
static void on_completed(void *cls, struct MHD_Connection *c, void **state_ptr,
                         enum MHD_RequestTerminationCode why) {
    (void)cls; (void)c; (void)why;
    request_state *st = *state_ptr;
    if (st) {
        if (st->release) st->release(st->release_ctx);
        arena_free(st->req.arena);
    }
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
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
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

/* Appends one query argument, encoded, to the buf in cls. */
static enum MHD_Result append_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    buf *out = cls;
    buf_putc(out, out->len ? '&' : '?');
    url_encode(out, key);
    if (value) {
        buf_putc(out, '=');
        url_encode(out, value);
    }
    return MHD_YES;
}

char *http_query_string(const http_request *req) {
    buf out;
    buf_init(&out, req->arena);
    MHD_get_connection_values(req->connection, MHD_GET_ARGUMENT_KIND, append_argument, &out);
    return out.data ? out.data : arena_strdup(req->arena, "");
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
    /* A multipart part without a name (its Content-Disposition missing or
    ** broken) comes with a NULL key: it is no field. */
    if (!key) return MHD_YES;
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
