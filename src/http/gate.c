/*
** The gate: the server's front door. It accepts connections itself and
** holds each until the head of its first request is in, and only then
** hands the socket to libmicrohttpd (MHD_add_connection), which reads the
** same bytes again (the gate only peeks). So:
**
** - a client that never finishes its headers, however slowly it trickles
**   them, is closed at header_timeout_seconds and never reaches a worker;
** - one address may hold at most max_connections_per_address connections,
**   counting those still at the gate (trusted proxies are exempt); the
**   next is answered 503 and closed, and everyone else is still served;
** - a head libmicrohttpd 0.9.75 (Debian 12's) would answer wrongly is
**   answered here: a Content-Length that is not a number, or two that
**   differ (request smuggling), gets one 400. (That version, on its own
**   parse errors, sends its answer's status line and headers twice.)
**
** The gate is one thread with an epoll set: the listening socket and the
** connections waiting for their heads, edge-triggered (peeking leaves the
** data unread, so a level-triggered wait would spin). At most
** max_connections wait at once. Later requests on a kept-alive connection
** are libmicrohttpd's alone; connections.c gives them their deadlines.
*/
#include "http_internal.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX (16 * 1024) /* as much as libmicrohttpd takes (its connection memory) */
#define EVENTS 64
#define SWEEP_MS 250

/* A connection waiting for its head. */
typedef struct waiting {
    struct waiting *prev, *next;
    int fd;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    netaddr peer;
    bool counted; /* against its address's limit */
    int64_t deadline_ms;
    size_t scanned; /* how far the head has been looked through for its end */
} waiting;

struct gate {
    http_server *server;
    int listen_fd, epoll_fd, wake_fd;
    waiting *head;
    int count, max;
    pthread_t thread;
    char *peek; /* HEAD_MAX bytes */
};

/* Sends a short answer on a socket the gate will close (best effort). */
static void answer(int fd, const char *status, const char *text) {
    char out[512], id[17];
    http_new_request_id(id);
    int n = snprintf(out, sizeof out,
                     "HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\nCache-Control: no-store\r\nX-Request-Id: %s\r\n%s\r\n%s",
                     status, strlen(text), id, strncmp(status, "503", 3) == 0 ? "Retry-After: 5\r\n" : "", text);
    if (n > 0 && (size_t)n < sizeof out && send(fd, out, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) { /* gone */ }
}

/* Forgets a waiting connection; closes it unless it was handed over. */
static void drop(gate *g, waiting *w, bool close_it) {
    epoll_ctl(g->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
    if (w->prev) w->prev->next = w->next;
    else g->head = w->next;
    if (w->next) w->next->prev = w->prev;
    g->count--;
    if (close_it) {
        close(w->fd);
        if (w->counted) http_connections_forget(g->server->connections, &w->peer);
    }
    free(w);
}

/* Whether a head's Content-Length headers are sound: each a number, and
** all the same. Case-insensitive names, as HTTP has them. */
static bool lengths_sound(const char *head, size_t len) {
    const char *seen = NULL;
    size_t seen_len = 0;
    for (const char *line = head; line < head + len;) {
        const char *eol = memchr(line, '\n', (size_t)(head + len - line));
        if (!eol) break;
        size_t n = (size_t)(eol - line);
        if (n > 15 && strncasecmp(line, "Content-Length:", 15) == 0) {
            const char *v = line + 15, *end = eol;
            while (v < end && (*v == ' ' || *v == '\t')) v++;
            while (end > v && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t')) end--;
            if (v == end || end - v > 19) return false;
            for (const char *c = v; c < end; c++)
                if (*c < '0' || *c > '9') return false;
            if (seen && ((size_t)(end - v) != seen_len || memcmp(v, seen, seen_len) != 0)) return false;
            seen = v;
            seen_len = (size_t)(end - v);
        }
        line = eol + 1;
    }
    return true;
}

/* Hands a connection whose head is in to libmicrohttpd. */
static void hand_over(gate *g, waiting *w) {
    int fd = w->fd;
    struct sockaddr_storage addr = w->addr;
    socklen_t len = w->addr_len;
    netaddr peer = w->peer;
    bool counted = w->counted;
    drop(g, w, false);
    /* On failure MHD has closed the socket, and will not tell us of it. */
    if (MHD_add_connection(g->server->daemon, fd, (struct sockaddr *)&addr, len) != MHD_YES && counted)
        http_connections_forget(g->server->connections, &peer);
}

/* Looks at what a waiting connection has sent so far. */
static void examine(gate *g, waiting *w) {
    ssize_t n = recv(w->fd, g->peek, HEAD_MAX, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
        drop(g, w, true); /* closed before asking anything */
        return;
    }
    /* The head ends at an empty line. */
    const char *end = NULL;
    ssize_t from = w->scanned > 2 ? (ssize_t)w->scanned - 2 : 0; /* a trickle is not looked through again */
    for (ssize_t i = from; i + 1 < n && !end; i++)
        if (g->peek[i] == '\n' && (g->peek[i + 1] == '\n' || (i + 2 < n && g->peek[i + 1] == '\r' && g->peek[i + 2] == '\n')))
            end = g->peek + i + 1;
    w->scanned = (size_t)n;
    if (!end && n < HEAD_MAX) return; /* more is coming; the deadline stands */
    if (end && !lengths_sound(g->peek, (size_t)(end - g->peek))) {
        if (recv(w->fd, g->peek, (size_t)n, MSG_DONTWAIT) < 0) { /* nothing to do */ }
        answer(w->fd, "400 Bad Request", "The request's Content-Length is not a single whole number.\n");
        shutdown(w->fd, SHUT_WR);
        drop(g, w, true);
        return;
    }
    hand_over(g, w); /* a head too long for us is MHD's to refuse (431) */
}

/* Takes every connection waiting on the listening socket. */
static void accept_all(gate *g) {
    for (;;) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd = accept4(g->listen_fd, (struct sockaddr *)&addr, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) log_error("http: cannot accept a connection: %s", strerror(errno));
            return; /* EAGAIN: all taken */
        }
        netaddr peer = {0};
        bool ip = netaddr_from_sockaddr((struct sockaddr *)&addr, &peer);
        bool counted = ip && http_counted(g->server, &peer);
        if (g->count >= g->max) {
            answer(fd, "503 Service Unavailable", "The server is busy. Try again in a few seconds.\n");
            close(fd);
            continue;
        }
        if (counted && !http_connections_admit(g->server->connections, &peer)) {
            answer(fd, "503 Service Unavailable", "Too many connections from your address. Close some and try again.\n");
            close(fd);
            continue;
        }
        waiting *w = xcalloc(1, sizeof *w);
        w->fd = fd;
        w->addr = addr;
        w->addr_len = len;
        w->peer = peer;
        w->counted = counted;
        w->deadline_ms = http_now_ms() + (int64_t)g->server->opt.header_timeout_seconds * 1000;
        w->next = g->head;
        if (g->head) g->head->prev = w;
        g->head = w;
        g->count++;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = w};
        if (epoll_ctl(g->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            drop(g, w, true);
            continue;
        }
        examine(g, w); /* the head may be here already */
    }
}

/* Closes the connections past their header deadline. */
static void sweep(gate *g) {
    int64_t now = http_now_ms();
    for (waiting *w = g->head, *next; w; w = next) {
        next = w->next;
        if (now >= w->deadline_ms) drop(g, w, true);
    }
}

static void *run(void *arg) {
    gate *g = arg;
    struct epoll_event events[EVENTS];
    int64_t last_sweep = http_now_ms();
    for (;;) {
        int n = epoll_wait(g->epoll_fd, events, EVENTS, SWEEP_MS);
        if (n < 0 && errno != EINTR) fatal("http: epoll_wait: %s", strerror(errno));
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == g) return NULL; /* stop */
            if (events[i].data.ptr == NULL) accept_all(g);
            else examine(g, events[i].data.ptr);
        }
        if (http_now_ms() - last_sweep >= SWEEP_MS) {
            sweep(g);
            last_sweep = http_now_ms();
        }
    }
}

gate *http_gate_start(http_server *s, int listen_fd, char *err, size_t errlen) {
    gate *g = xcalloc(1, sizeof *g);
    g->server = s;
    g->listen_fd = listen_fd;
    g->max = s->opt.max_connections > 0 ? s->opt.max_connections : 1024;
    g->peek = xmalloc(HEAD_MAX);
    g->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    g->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event listen_ev = {.events = EPOLLIN, .data.ptr = NULL};
    struct epoll_event wake_ev = {.events = EPOLLIN, .data.ptr = g};
    int flags = g->epoll_fd >= 0 && g->wake_fd >= 0 ? 0 : -1;
    if (flags == 0 && (epoll_ctl(g->epoll_fd, EPOLL_CTL_ADD, listen_fd, &listen_ev) != 0 ||
                       epoll_ctl(g->epoll_fd, EPOLL_CTL_ADD, g->wake_fd, &wake_ev) != 0))
        flags = -1;
    if (flags == 0 && pthread_create(&g->thread, NULL, run, g) != 0) flags = -1;
    if (flags != 0) {
        snprintf(err, errlen, "cannot start accepting connections: %s", strerror(errno));
        if (g->epoll_fd >= 0) close(g->epoll_fd);
        if (g->wake_fd >= 0) close(g->wake_fd);
        free(g->peek);
        free(g);
        return NULL;
    }
    return g;
}

void http_gate_stop(gate *g) {
    if (!g) return;
    uint64_t one = 1;
    if (write(g->wake_fd, &one, sizeof one) != (ssize_t)sizeof one) fatal("http: cannot stop the gate");
    pthread_join(g->thread, NULL);
    while (g->head) drop(g, g->head, true);
    close(g->epoll_fd);
    close(g->wake_fd);
    free(g->peek);
    free(g);
}
