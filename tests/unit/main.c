/* Runs every registered unit test; each check prints one line. */
#include "check.h"

#include <stdlib.h>

#define MAX_TESTS 512

static struct { const char *name; test_fn fn; } tests[MAX_TESTS];
static int test_count;
const char *check_current_test;

void check_register(const char *name, test_fn fn) {
    if (test_count == MAX_TESTS) {
        fprintf(stderr, "too many unit tests\n");
        exit(2);
    }
    tests[test_count].name = name;
    tests[test_count++].fn = fn;
}

void check_report(int ok, const char *file, int line, const char *what, const char *detail) {
    const char *base = strrchr(file, '/');
    printf("%s - unit %s: %s (%s:%d)%s%s\n", ok ? "ok" : "not ok", check_current_test, what,
           base ? base + 1 : file, line, ok || !detail ? "" : ": ", ok || !detail ? "" : detail);
}

int main(void) {
    for (int i = 0; i < test_count; i++) {
        check_current_test = tests[i].name;
        tests[i].fn();
    }
    return 0;
}
