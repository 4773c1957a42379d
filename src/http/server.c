/*
** libmicrohttpd glue: the daemon and its access handler. Measured with
** 0.9.75: the response must be queued on the second call of the access
** handler, not the first (queuing on the first closes the connection and
** costs 3.5x in throughput), and an epoll thread pool beats a thread per
** connection by 15-50%. Refusals made before a body is read are queued on
** the first call on purpose: the connection then closes instead of
** reading a body nobody wants.
**
** A request's life: first call (headers in) -> admission (body limit,
** offload, or an answer at once) -> body pieces -> last call -> the
** handler, here or on the offload pool -> the answer -> completed (the
** request's arena and body memory are given back).
*/
#include "http_internal.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/metrics.h"
#include "../core/timeutil.h"
#include "../core/text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* How long a client refused for a full server should wait, in seconds. */
#define RETRY_AFTER "5"

/* Counts a request whose answer is done (or failed), and writes its
** access line. */
static void log_answer(http_server *s, const request_state *st, enum MHD_RequestTerminationCode why) {
    int64_t took_us = timeutil_monotonic_us() - st->started_us;
    int status = why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? st->resp.status : 499;
    uint64_t bytes = st->req.is_head ? 0 : st->resp.bytes_sent;
    metrics_answer((metric_route)st->resp.route, status, bytes, took_us);
    if (!s->opt.access_log || (st->resp.quiet && !s->opt.access_log_quiet)) return;
    log_access(&(log_access_line){
        .request_id = st->req.id,
        .client = st->req.client,
        .method = st->req.method,
        .path = st->req.path,
        .cache = st->resp.cache_result,
        /* 499 (as nginx has it): the answer did not go out whole. */
        .status = status,
        .bytes = bytes,
        .duration_ms = (double)took_us / 1000.0,
    });
}

/* Refuses a request before (or instead of) its handler, in the
** application's words when it gives them, else in plain text. */
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
    if (status == 503) http_response_header(&resp, "Retry-After", RETRY_AFTER);
    return http_send(st->req.connection, &resp, st->req.arena, st->req.id, &st->lent);
}

/* Takes n bytes of the budget all bodies in memory share; false when
** they do not fit. */
static bool reserve_body_memory(http_server *s, request_state *st, size_t n) {
    size_t now = __atomic_add_fetch(&s->body_memory, n, __ATOMIC_ACQ_REL);
    if (now > s->opt.max_body_memory) {
        __atomic_sub_fetch(&s->body_memory, n, __ATOMIC_ACQ_REL);
        return false;
    }
    st->reserved += n;
    return true;
}

/* The body length a request announces: Content-Length (libmicrohttpd
** has checked it is a number), or -1 (chunked, or none). */
static int64_t announced_length(struct MHD_Connection *c) {
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!length || MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING)) return -1;
    long long n;
    return parse_int(length, 0, INT64_MAX, &n) ? (int64_t)n : -1;
}

/* The first call: the headers are in. Makes the request and admits it. */
static enum MHD_Result begin(http_server *s, struct MHD_Connection *c, const char *url, const char *method,
                             const char *version, void **state_ptr) {
    arena *a = arena_new();
    request_state *st = arena_zalloc(a, sizeof *st);
    st->server = s;
    st->req.arena = a;
    st->req.connection = c;
    st->req.method = arena_strdup(a, method);
    st->req.path = arena_strdup(a, url);
    st->req.is_head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    st->req.body_announced = announced_length(c);
    st->resp = (http_response){.status = 200, .content_type = "text/html; charset=utf-8", .file_fd = -1};
    buf_init(&st->resp.body, a);
    buf_init(&st->body, a);
    const union MHD_ConnectionInfo *ctx = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    st->conn = ctx ? ctx->socket_context : NULL;
    netaddr peer = {0};
    if (st->conn) peer = st->conn->peer;
    st->req.client = http_client_resolve(s, c, &peer, a);
    st->req.id = http_request_id(c, a);
    st->started_us = timeutil_monotonic_us();
    *state_ptr = st;
    log_set_request(st->req.id);

    /* HTTP/1.1 requires Host (RFC 9112, 3.2): answered here, since
    ** libmicrohttpd 0.9.75's own check sends its answer's head twice (its
    ** other such checks, of Content-Length, the gate makes first). */
    if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
        return refuse(s, st, 400, "The request has no Host header.");
    http_admission adm = {.body_limit = s->opt.max_body_bytes, .offload = false};
    bool admitted = !s->admit || s->admit(s->app, &st->req, &adm, &st->resp);
    log_set_request(NULL);
    if (!admitted) {
        if (!st->resp.cache_control) st->resp.cache_control = "no-store";
        return http_send(c, &st->resp, a, st->req.id, &st->lent);
    }
    st->body_limit = adm.body_limit;
    st->offload = adm.offload && s->pool;
    bool chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
    bool has_body = st->req.body_announced > 0 || chunked;
    /* A body announced too large is refused before it is read. */
    if (st->req.body_announced > 0 && (uint64_t)st->req.body_announced > st->body_limit)
        return refuse(s, st, MHD_HTTP_CONTENT_TOO_LARGE, "The request body is too large.");
    if (st->req.body_announced > 0) {
        if (!reserve_body_memory(s, st, (size_t)st->req.body_announced))
            return refuse(s, st, 503, "The server is receiving too many uploads at once. Try again in a few seconds.");
        buf_reserve(&st->body, (size_t)st->req.body_announced + 1);
    }
    http_connection_deadline(st->conn, has_body ? http_now_ms() + (int64_t)s->opt.body_timeout_seconds * 1000 : 0);
    return MHD_YES;
}

/* A piece of the body. Past the limit (a body sent chunked, or longer
** than announced) the connection is closed: reading on would let a
** client keep it busy forever. */
static enum MHD_Result take_body(http_server *s, request_state *st, const char *data, size_t n) {
    if (st->body.len + n > st->body_limit) {
        log_info("http: %s %s from %s: body over its limit of %zu bytes; connection closed", st->req.method,
                 st->req.path, st->req.client, st->body_limit);
        return MHD_NO;
    }
    if (st->body.len + n > st->reserved && !reserve_body_memory(s, st, st->body.len + n - st->reserved)) {
        log_info("http: %s %s from %s: no memory left for request bodies; connection closed", st->req.method,
                 st->req.path, st->req.client);
        return MHD_NO;
    }
    buf_append(&st->body, data, n);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state_ptr) {
    http_server *s = cls;
    request_state *st = *state_ptr;
    if (!st) return begin(s, c, url, method, version, state_ptr);
    if (*upload_size > 0) {
        enum MHD_Result r = take_body(s, st, upload_data, *upload_size);
        *upload_size = 0;
        return r;
    }
    if (st->queued) {
        /* Called again after the pool resumed the connection. */
        if (!__atomic_load_n(&st->handled, __ATOMIC_ACQUIRE)) return MHD_YES;
        return http_send(c, &st->resp, st->req.arena, st->req.id, &st->lent);
    }
    st->req.body = st->body.data ? st->body.data : "";
    st->req.body_len = st->body.len;
    http_connection_deadline(st->conn, 0);
    if (st->offload) {
        st->queued = http_offload_submit(s->pool, st);
        if (!st->queued) return refuse(s, st, 503, "The newsroom is busy. Try again in a few seconds.");
        return MHD_YES;
    }
    log_set_request(st->req.id);
    s->handler(s->app, &st->req, &st->resp);
    log_set_request(NULL);
    return http_send(c, &st->resp, st->req.arena, st->req.id, &st->lent);
}

/* Frees the request's arena and body memory once MHD is done with it;
** the connection then has timeout_seconds to send its next request. */
static void on_completed(void *cls, struct MHD_Connection *c, void **state_ptr,
                         enum MHD_RequestTerminationCode why) {
    (void)c;
    http_server *s = cls;
    request_state *st = *state_ptr;
    if (st) {
        log_answer(s, st, why);
        if (st->reserved) __atomic_sub_fetch(&s->body_memory, st->reserved, __ATOMIC_ACQ_REL);
        /* The lent response goes back before the release, which may free
        ** the prepared answer it belongs to. */
        if (st->lent) http_give_back((http_prepared *)st->resp.prepared, st->lent);
        if (st->resp.release) st->resp.release(st->resp.release_ctx);
        int idle = s->opt.timeout_seconds > s->opt.header_timeout_seconds ? s->opt.timeout_seconds
                                                                          : s->opt.header_timeout_seconds;
        http_connection_deadline(st->conn, http_now_ms() + (int64_t)idle * 1000);
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
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
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

/* Raises the open-file limit so that max_connections sockets with
** libmicrohttpd and as many waiting at the gate fit beside the database
** and media files (the soft limit is often 1024). False with a message
** when even the hard limit is too low. */
static bool enough_descriptors(int connections, char *err, size_t errlen) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return true;
    rlim_t want = 2 * (rlim_t)connections + 256;
    if (rl.rlim_cur >= want) return true;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur >= want) return true;
    snprintf(err, errlen, "max_connections = %d needs %llu open files, and this system allows %llu (ulimit -n)",
             connections, (unsigned long long)want, (unsigned long long)rl.rlim_max);
    return false;
}

http_server *http_server_start(const http_options *opt, http_handler handler, void *app,
                               char *err, size_t errlen) {
    if (!enough_descriptors(opt->max_connections, err, errlen)) return NULL;
    http_server *s = xcalloc(1, sizeof *s);
    s->handler = handler;
    s->admit = opt->admit;
    s->app = app;
    s->refused = opt->refused;
    s->opt = *opt;
    if (!s->opt.max_body_memory) s->opt.max_body_memory = (size_t)256 * 1024 * 1024;
    if (s->opt.header_timeout_seconds <= 0) s->opt.header_timeout_seconds = 10;
    if (s->opt.body_timeout_seconds <= 0) s->opt.body_timeout_seconds = 300;
    s->listen_fd = listen_on(opt->listen, &s->port, err, errlen);
    if (s->listen_fd < 0) {
        free(s);
        return NULL;
    }
    s->connections = http_connections_start(&s->opt);
    s->pool = http_offload_start(s, opt->offload_threads, opt->offload_queue);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = opt->threads > 0 ? (unsigned)opt->threads : (unsigned)(cores > 0 ? cores : 1);
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC,
        0, NULL, NULL,
        on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, http_connections_notify, s,
        MHD_OPTION_END);
    if (s->daemon) s->gate = http_gate_start(s, s->listen_fd, err, errlen);
    else snprintf(err, errlen, "cannot start the HTTP server on %s", opt->listen);
    if (!s->gate) {
        if (s->daemon) MHD_stop_daemon(s->daemon);
        http_offload_stop(s->pool);
        http_connections_stop(s->connections);
        close(s->listen_fd);
        free(s);
        return NULL;
    }
    return s;
}

int http_server_port(const http_server *s) { return s->port; }

void http_server_stop(http_server *s) {
    if (!s) return;
    /* No new connections; the pool finishes what is queued (and resumes
    ** each connection: MHD must not stop with one suspended), then MHD
    ** finishes the requests in progress. */
    http_gate_stop(s->gate);
    http_offload_stop(s->pool);
    MHD_stop_daemon(s->daemon);
    http_connections_stop(s->connections);
    close(s->listen_fd);
    free(s);
}
