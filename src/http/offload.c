/*
** The offload pool: threads that run the handlers the application marks
** as offload (the newsroom and the Admin API: password hashing, Markdown
** rendering, image processing, writes that wait for the disk), so that
** however slow those are, the threads that read and write connections keep
** serving readers.
**
** A request is queued once its body is in: its connection is suspended
** (libmicrohttpd stops watching it), a pool thread runs the handler into
** the request's response, marks it handled and resumes the connection;
** MHD then calls the access handler again, which sends the answer. The
** queue is bounded; a request that finds it full gets 503 at once.
*/
#include "http_internal.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <stdlib.h>

struct offload_pool {
    http_server *server;
    pthread_mutex_t lock;
    pthread_cond_t work;
    request_state **queue; /* a ring of cap */
    int cap, head, count;
    bool stopping;
    pthread_t *threads;
    int thread_count;
};

/* Runs one job: the handler, then the connection goes back to MHD. */
static void run_job(offload_pool *p, request_state *st) {
    log_set_request(st->req.id);
    p->server->handler(p->server->app, &st->req, &st->resp);
    log_set_request(NULL);
    __atomic_store_n(&st->handled, true, __ATOMIC_RELEASE);
    MHD_resume_connection(st->req.connection);
}

static void *worker(void *arg) {
    offload_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->count && !p->stopping) pthread_cond_wait(&p->work, &p->lock);
        if (!p->count) break; /* stopping, and nothing left */
        request_state *st = p->queue[p->head];
        p->head = (p->head + 1) % p->cap;
        p->count--;
        pthread_mutex_unlock(&p->lock);
        run_job(p, st);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

offload_pool *http_offload_start(http_server *s, int threads, int queue) {
    if (threads <= 0) return NULL;
    offload_pool *p = xcalloc(1, sizeof *p);
    p->server = s;
    p->cap = queue > 0 ? queue : 64;
    p->queue = xcalloc((size_t)p->cap, sizeof *p->queue);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    p->threads = xcalloc((size_t)threads, sizeof *p->threads);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&p->threads[i], NULL, worker, p) != 0) fatal("cannot start an offload thread");
        p->thread_count++;
    }
    return p;
}

bool http_offload_submit(offload_pool *p, request_state *st) {
    pthread_mutex_lock(&p->lock);
    bool room = !p->stopping && p->count < p->cap;
    if (room) {
        /* Suspended before any thread can take it, so that the resume
        ** always follows the suspend. */
        MHD_suspend_connection(st->req.connection);
        p->queue[(p->head + p->count) % p->cap] = st;
        p->count++;
        pthread_cond_signal(&p->work);
    }
    pthread_mutex_unlock(&p->lock);
    return room;
}

void http_offload_stop(offload_pool *p) {
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->thread_count; i++) pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->work);
    free(p->threads);
    free(p->queue);
    free(p);
}
