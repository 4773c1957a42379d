/*
** A tiny test harness for the C unit tests. Each CHECK prints one TAP-like
** line, "ok - ..." or "not ok - ...", which tests/run counts.
**
**   TEST(name) { CHECK(x == 1); CHECK_STR(got, "want"); }
**
** Tests register themselves; tests/unit/main.c runs them all. There are
** three kinds:
**   TEST(name)            runs once, in the first pass (the store, if it
**                         opens one, on SQLite);
**   STORE_TEST(name)      must pass on both engines: runs in the first pass
**                         on SQLite, then again on PostgreSQL (its lines
**                         marked "[postgresql]") when GAZETTE_TEST_POSTGRES
**                         is set; it makes its databases with testdb.h;
**   POSTGRES_TEST(name)   only in the PostgreSQL pass: the twin of a TEST
**                         that pokes SQLite itself.
*/
#ifndef GAZETTE_CHECK_H
#define GAZETTE_CHECK_H

#include <stdio.h>
#include <string.h>

typedef void (*test_fn)(void);
typedef enum test_kind { TEST_FIRST_PASS, TEST_BOTH_ENGINES, TEST_POSTGRES_ONLY } test_kind;
void check_register(const char *name, test_fn fn, test_kind kind);
void check_report(int ok, const char *file, int line, const char *what, const char *detail);
extern const char *check_current_test;

#define REGISTER_TEST(name, kind)                                         \
    static void test_##name(void);                                        \
    __attribute__((constructor)) static void register_##name(void) {      \
        check_register(#name, test_##name, kind);                         \
    }                                                                     \
    static void test_##name(void)

#define TEST(name) REGISTER_TEST(name, TEST_FIRST_PASS)
#define STORE_TEST(name) REGISTER_TEST(name, TEST_BOTH_ENGINES)
#define POSTGRES_TEST(name) REGISTER_TEST(name, TEST_POSTGRES_ONLY)

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
