/*
** What counting costs an answer (make bench; never part of make test).
** Side by side in one run, THREADS threads at once each counting N
** answers: metrics_answer() as the server calls it for every answer
** (per-thread counters: a status class, bytes, a histogram bucket and its
** sum), and the same four adds on counters all threads share (as global
** counters would be, their cache lines going from core to core). Prints
** nanoseconds per answer and their ratio; a cached hit costs the node
** about 11 us (bench/http.mjs), against which these are to be read.
**   build/bench-metrics [answers per thread]
*/
#include "core/metrics.h"
#include "core/timeutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 2

static long answers = 20000000;
static struct {
    _Atomic uint64_t answers, bytes, bucket[15], sum;
} shared;

static void *count_answers(void *arg) {
    (void)arg;
    for (long i = 0; i < answers; i++) metrics_answer(ROUTE_ARTICLE, 200, 24000, 40 + (i & 1023));
    return NULL;
}

static void *count_shared(void *arg) {
    (void)arg;
    for (long i = 0; i < answers; i++) {
        atomic_fetch_add_explicit(&shared.answers, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&shared.bytes, 24000, memory_order_relaxed);
        atomic_fetch_add_explicit(&shared.bucket[(i & 1023) > 500], 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&shared.sum, 40 + (uint64_t)(i & 1023), memory_order_relaxed);
    }
    return NULL;
}

/* Runs fn on THREADS threads at once: nanoseconds per call on each. */
static double run(void *(*fn)(void *)) {
    pthread_t t[THREADS];
    int64_t began = timeutil_monotonic_us();
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, fn, NULL) != 0) return -1;
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    return (double)(timeutil_monotonic_us() - began) * 1000.0 / (double)answers;
}

int main(int argc, char **argv) {
    if (argc > 1) answers = atol(argv[1]);
    if (answers <= 0) answers = 20000000;
    double mine = run(count_answers), one = run(count_shared);
    printf("counting an answer, %d threads at once, %ld answers each:\n", THREADS, answers);
    printf("  metrics_answer (per-thread counters, histogram, bytes): %.1f ns an answer\n", mine);
    printf("  the same counters shared by all threads:                %.1f ns an answer\n", one);
    printf("  per-thread / shared: %.2fx\n", mine / one);
    return 0;
}
