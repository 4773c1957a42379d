/* The ticker's thread and its clock. */
#include "check.h"

#include "core/ticker.h"

#include <stdbool.h>
#include <time.h>

/* The unit tests are linked with -Wl,--wrap=clock_gettime (see the
** Makefile): every call of clock_gettime in Gazette's code comes here. While
** wall_clock_ahead is set, the wall clock (CLOCK_REALTIME) reads an hour
** ahead of the kernel's, which is what a deadline computed just before the
** clock is stepped back an hour looks like to a wait on the wall clock;
** every other clock reads true. */
int __real_clock_gettime(clockid_t clock, struct timespec *ts);
static bool wall_clock_ahead;

/* clock_gettime for the code under test: see above. */
int __wrap_clock_gettime(clockid_t clock, struct timespec *ts) {
    int rc = __real_clock_gettime(clock, ts);
    if (rc == 0 && clock == CLOCK_REALTIME && __atomic_load_n(&wall_clock_ahead, __ATOMIC_ACQUIRE))
        ts->tv_sec += 3600;
    return rc;
}

static int calls;

/* The ticker's work: counts its calls. */
static void count_call(void *ctx) {
    (void)ctx;
    __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
}

/* Waits (at most about limit_ms, in steps of 10 ms) until the ticker made
** at least n calls; returns the count. */
static int wait_for_calls(int n, int limit_ms) {
    for (int waited = 0; waited < limit_ms; waited += 10) {
        int seen = __atomic_load_n(&calls, __ATOMIC_RELAXED);
        if (seen >= n) return seen;
        nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
    }
    return __atomic_load_n(&calls, __ATOMIC_RELAXED);
}

TEST(ticker_calls_its_function_until_stopped) {
    calls = 0;
    ticker *t = ticker_start("test", 20, true, count_call, NULL);
    CHECK(wait_for_calls(3, 30000) >= 3);
    ticker_stop(t);
    int after_stop = __atomic_load_n(&calls, __ATOMIC_RELAXED);
    nanosleep(&(struct timespec){0, 100 * 1000000L}, NULL);
    CHECK_INT(__atomic_load_n(&calls, __ATOMIC_RELAXED), after_stop);
}

/* A step of the wall clock must not stall the ticker (the view flush, the
** scheduler and the page cache's watcher run on it). Before the fix the
** ticker waited for a wall-clock deadline, and with the wall clock read an
** hour ahead it made no call for an hour. The bound of 30 s is not a
** measure of speed: the ticker calls every 20 ms; stalled, it would not call
** for 3,600 s. */
TEST(ticker_keeps_time_when_the_wall_clock_steps_back) {
    calls = 0;
    __atomic_store_n(&wall_clock_ahead, true, __ATOMIC_RELEASE);
    ticker *t = ticker_start("test", 20, false, count_call, NULL);
    int seen = wait_for_calls(3, 30000);
    ticker_stop(t); /* wakes the thread at once, whatever its deadline */
    __atomic_store_n(&wall_clock_ahead, false, __ATOMIC_RELEASE);
    CHECK(seen >= 3);
}
