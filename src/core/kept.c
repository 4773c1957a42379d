/* Kept values. See kept.h. */
#include "kept.h"
#include "fatal.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct kept {
    kept_make_fn make;
    void *ctx;
    int max_age;
    pthread_mutex_t lock;
    pthread_cond_t made; /* broadcast when a making ends */
    bool known;          /* value holds what was made at generation */
    bool making;         /* a request is making it now */
    int64_t generation;
    int64_t made_at;     /* monotonic seconds */
    int64_t expires_at;  /* Unix seconds (0: never) */
    arena *own;          /* value's memory */
    void *value;
    uint64_t makings;
};

/* Seconds of the monotonic clock (an age, whatever the wall clock does). */
static int64_t monotonic_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

kept *kept_new(kept_make_fn make, void *ctx, int max_age_seconds) {
    kept *k = xcalloc(1, sizeof *k);
    k->make = make;
    k->ctx = ctx;
    k->max_age = max_age_seconds > 0 ? max_age_seconds : 0;
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->made, NULL);
    return k;
}

void kept_free(kept *k) {
    if (!k) return;
    arena_free(k->own);
    pthread_cond_destroy(&k->made);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

uint64_t kept_makings(kept *k) {
    if (!k) return 0;
    pthread_mutex_lock(&k->lock);
    uint64_t n = k->makings;
    pthread_mutex_unlock(&k->lock);
    return n;
}

/* True when k's value was made at generation or after (lock held). */
static bool of_content(const kept *k, int64_t generation) { return k->known && k->generation >= generation; }

/* True when k's value may serve a reader at generation now (lock held). */
static bool fresh(const kept *k, int64_t generation) {
    if (!of_content(k, generation)) return false;
    if (k->expires_at && (int64_t)time(NULL) >= k->expires_at) return false;
    return !k->max_age || monotonic_seconds() - k->made_at < k->max_age;
}

int kept_read(kept *k, int64_t generation, kept_copy_fn copy, void *reader) {
    pthread_mutex_lock(&k->lock);
    for (;;) {
        /* Old or expired but of the same content: while another request
        ** makes the new one, this one does. */
        if (fresh(k, generation) || (k->making && of_content(k, generation))) {
            copy(reader, k->value);
            pthread_mutex_unlock(&k->lock);
            return 0;
        }
        if (!k->making) break;
        pthread_cond_wait(&k->made, &k->lock); /* the content changed: wait for the new value */
    }
    k->making = true;
    pthread_mutex_unlock(&k->lock);

    arena *own = arena_new();
    void *value = NULL;
    int64_t expires_at = 0;
    int rc = k->make(k->ctx, own, &value, &expires_at);

    pthread_mutex_lock(&k->lock);
    if (rc == 0) {
        copy(reader, value);
        k->makings++;
        /* Kept unless a value of newer content came meanwhile. */
        if (!k->known || k->generation <= generation) {
            arena_free(k->own);
            k->own = own;
            own = NULL;
            k->value = value;
            k->generation = generation;
            k->made_at = monotonic_seconds();
            k->expires_at = expires_at;
            k->known = true;
        }
    }
    k->making = false;
    pthread_cond_broadcast(&k->made);
    pthread_mutex_unlock(&k->lock);
    arena_free(own);
    return rc;
}
