/*
** A tiny test harness for the C unit tests. Each CHECK prints one TAP-like
** line, "ok - ..." or "not ok - ...", which tests/run counts.
**
**   TEST(name) { CHECK(x == 1); CHECK_STR(got, "want"); }
**
** Tests register themselves; tests/unit/main.c runs them all.
*/
#ifndef GAZETTE_CHECK_H
#define GAZETTE_CHECK_H

#include <stdio.h>
#include <string.h>

typedef void (*test_fn)(void);
void check_register(const char *name, test_fn fn);
void check_report(int ok, const char *file, int line, const char *what, const char *detail);
extern const char *check_current_test;

#define TEST(name)                                                        \
    static void test_##name(void);                                        \
    __attribute__((constructor)) static void register_##name(void) {      \
        check_register(#name, test_##name);                               \
    }                                                                     \
    static void test_##name(void)

#define CHECK(cond) check_report(!!(cond), __FILE__, __LINE__, #cond, NULL)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *got_ = (got), *want_ = (want);                                    \
        int same_ = got_ && want_ && strcmp(got_, want_) == 0;                        \
        char detail_[1024];                                                           \
        snprintf(detail_, sizeof detail_, "got \"%.400s\", want \"%.400s\"",          \
                 got_ ? got_ : "(null)", want_ ? want_ : "(null)");                   \
        check_report(same_, __FILE__, __LINE__, #got " == " #want, detail_);          \
    } while (0)

#define CHECK_INT(got, want)                                                          \
    do {                                                                              \
        long long got_ = (long long)(got), want_ = (long long)(want);                 \
        char detail_[128];                                                            \
        snprintf(detail_, sizeof detail_, "got %lld, want %lld", got_, want_);        \
        check_report(got_ == want_, __FILE__, __LINE__, #got " == " #want, detail_);  \
    } while (0)

#endif
