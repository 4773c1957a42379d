/* Kept values (core/kept.c): made once for many readers, made again when
** the content changes, when they expire or get old, and never served to a
** reader whose snapshot is newer than what they were made from. */
#include "check.h"

#include "core/kept.h"

#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What the test's maker does: counts, makes the number it is told. */
typedef struct maker {
    int calls;        /* atomic */
    int next;         /* the value the next making gives */
    int fail;         /* when set, the making fails with this code */
    int64_t expires;  /* the expiry it gives */
    int sleep_ms;     /* how long a making takes */
} maker;

/* kept_make_fn: an int holding m->next. */
static int make_number(void *ctx, arena *a, void **value, int64_t *expires_at) {
    maker *m = ctx;
    __atomic_add_fetch(&m->calls, 1, __ATOMIC_RELAXED);
    if (m->sleep_ms) nanosleep(&(struct timespec){0, m->sleep_ms * 1000000L}, NULL);
    if (m->fail) return m->fail;
    int *n = arena_alloc(a, sizeof *n);
    *n = __atomic_load_n(&m->next, __ATOMIC_RELAXED);
    *value = n;
    *expires_at = m->expires;
    return 0;
}

/* kept_copy_fn: the int into the reader's. */
static void copy_number(void *reader, const void *value) { *(int *)reader = *(const int *)value; }

TEST(kept_value_is_made_once_then_again_after_a_content_change) {
    maker m = {.next = 1};
    kept *k = kept_new(make_number, &m, 0);
    int got = 0;
    CHECK_INT(kept_makings(k), 0);
    CHECK_INT(kept_read(k, 5, copy_number, &got), 0);
    CHECK_INT(got, 1);
    m.next = 2;
    CHECK_INT(kept_read(k, 5, copy_number, &got), 0);
    CHECK_INT(got, 1); /* kept: same content */
    CHECK_INT(kept_read(k, 4, copy_number, &got), 0);
    CHECK_INT(got, 1); /* an older snapshot takes the newer value */
    CHECK_INT(m.calls, 1);
    CHECK_INT(kept_read(k, 6, copy_number, &got), 0);
    CHECK_INT(got, 2); /* the content moved */
    CHECK_INT(m.calls, 2);
    CHECK_INT(kept_makings(k), 2);
    kept_free(k);
}

TEST(kept_value_expires_at_the_second_it_names) {
    maker m = {.next = 1, .expires = (int64_t)time(NULL) - 1};
    kept *k = kept_new(make_number, &m, 0);
    int got = 0;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    m.next = 2;
    m.expires = 0;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    CHECK_INT(got, 2); /* the first had expired */
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    CHECK_INT(m.calls, 2);
    kept_free(k);
}

TEST(kept_value_is_made_again_once_older_than_its_age) {
    maker m = {.next = 1};
    kept *k = kept_new(make_number, &m, 1);
    int got = 0;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    m.next = 2;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    CHECK_INT(got, 1);
    nanosleep(&(struct timespec){1, 100 * 1000000L}, NULL);
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    CHECK_INT(got, 2);
    kept_free(k);
}

TEST(kept_value_failure_is_passed_on_and_tried_again) {
    maker m = {.next = 1};
    kept *k = kept_new(make_number, &m, 0);
    int got = 0;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    m.fail = 7;
    got = -1;
    CHECK_INT(kept_read(k, 2, copy_number, &got), 7);
    CHECK_INT(got, -1); /* nothing copied: the old value is of older content */
    m.fail = 0;
    m.next = 3;
    CHECK_INT(kept_read(k, 2, copy_number, &got), 0);
    CHECK_INT(got, 3);
    CHECK_INT(kept_makings(k), 2);
    kept_free(k);
}

/* Many readers at once. */
typedef struct reader_run {
    kept *k;
    int64_t generation;
    int got;
    int rc;
} reader_run;

/* A thread's read. */
static void *read_once(void *arg) {
    reader_run *r = arg;
    r->rc = kept_read(r->k, r->generation, copy_number, &r->got);
    return NULL;
}

TEST(kept_value_is_made_once_for_many_readers_at_once) {
    maker m = {.next = 9, .sleep_ms = 100};
    kept *k = kept_new(make_number, &m, 0);
    enum { READERS = 8 };
    pthread_t threads[READERS];
    reader_run runs[READERS];
    for (int i = 0; i < READERS; i++) {
        runs[i] = (reader_run){k, 1, 0, -1};
        CHECK_INT(pthread_create(&threads[i], NULL, read_once, &runs[i]), 0);
    }
    for (int i = 0; i < READERS; i++) {
        pthread_join(threads[i], NULL);
        CHECK_INT(runs[i].rc, 0);
        CHECK_INT(runs[i].got, 9);
    }
    CHECK_INT(m.calls, 1);
    kept_free(k);
}

TEST(kept_value_old_by_age_serves_others_while_one_makes_it) {
    maker m = {.next = 1};
    kept *k = kept_new(make_number, &m, 1);
    int got = 0;
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    nanosleep(&(struct timespec){1, 100 * 1000000L}, NULL);
    m.next = 2;
    m.sleep_ms = 300;
    reader_run maker_run = {k, 1, 0, -1};
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, read_once, &maker_run), 0);
    nanosleep(&(struct timespec){0, 100 * 1000000L}, NULL);
    /* Same content, old by age, being made: the old one, at once. */
    CHECK_INT(kept_read(k, 1, copy_number, &got), 0);
    CHECK_INT(got, 1);
    /* Newer content: waits for the making, never gets the old one. */
    CHECK_INT(kept_read(k, 2, copy_number, &got), 0);
    pthread_join(t, NULL);
    CHECK_INT(maker_run.got, 2);
    CHECK(got == 2);
    kept_free(k);
}
