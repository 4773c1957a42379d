/* Runs every registered unit test; each check prints one line. The first
** pass runs TEST and STORE_TEST with the store on SQLite; then, when
** GAZETTE_TEST_POSTGRES names an admin URL, the PostgreSQL pass runs every
** STORE_TEST and POSTGRES_TEST again with the store on PostgreSQL, each in
** a child process of its own, so that a test that crashes or hangs there
** is reported as a failure and the others still run. */
#include "check.h"
#include "testdb.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 512
/* Seconds a test may take in the PostgreSQL pass before it counts as hung. */
#define POSTGRES_TEST_SECONDS 120

static struct { const char *name; test_fn fn; test_kind kind; } tests[MAX_TESTS];
static int test_count;
const char *check_current_test;

void check_register(const char *name, test_fn fn, test_kind kind) {
    if (test_count == MAX_TESTS) {
        fprintf(stderr, "too many unit tests\n");
        exit(2);
    }
    tests[test_count].name = name;
    tests[test_count].fn = fn;
    tests[test_count++].kind = kind;
}

void check_report(int ok, const char *file, int line, const char *what, const char *detail) {
    const char *base = strrchr(file, '/');
    printf("%s - unit %s: %s (%s:%d)%s%s\n", ok ? "ok" : "not ok", check_current_test, what,
           base ? base + 1 : file, line, ok || !detail ? "" : ": ", ok || !detail ? "" : detail);
}

/* The first pass: every test but the PostgreSQL-only ones, on SQLite. */
static void run_first_pass(void) {
    testdb_set_engine("sqlite");
    for (int i = 0; i < test_count; i++) {
        if (tests[i].kind == TEST_POSTGRES_ONLY) continue;
        check_current_test = tests[i].name;
        tests[i].fn();
    }
}

/* Runs test i on PostgreSQL in a child process and reports, as a failed
** check, a child that did not finish well (a crash, a sanitizer's report,
** a hang). name is the test's name as its lines show it. */
static void run_in_child(int i, const char *name) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        check_current_test = name;
        check_report(0, __FILE__, __LINE__, "the test's process starts", "fork failed");
        return;
    }
    if (pid == 0) {
        /* Every line out at once: a crash loses none of them. */
        setvbuf(stdout, NULL, _IOLBF, 0);
        testdb_set_engine("postgresql");
        check_current_test = name;
        alarm(POSTGRES_TEST_SECONDS);
        tests[i].fn();
        fflush(stdout);
        exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            check_current_test = name;
            check_report(0, __FILE__, __LINE__, "the test's process is waited for", strerror(errno));
            return;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    testdb_remove_left_by((long)pid);
    char detail[160];
    if (WIFSIGNALED(status))
        snprintf(detail, sizeof detail, "killed by signal %d%s (see stderr)", WTERMSIG(status),
                 WTERMSIG(status) == SIGALRM ? ": it took longer than the time allowed" : "");
    else
        snprintf(detail, sizeof detail, "exited with status %d, a sanitizer's report? (see stderr)",
                 WEXITSTATUS(status));
    check_current_test = name;
    check_report(0, __FILE__, __LINE__, "the test's process ends well", detail);
}

/* The PostgreSQL pass: every STORE_TEST and POSTGRES_TEST on PostgreSQL. */
static void run_postgres_pass(void) {
    int n = 0;
    for (int i = 0; i < test_count; i++) n += tests[i].kind != TEST_FIRST_PASS;
    if (!testdb_admin_url()) {
        fprintf(stderr, "unit: GAZETTE_TEST_POSTGRES is not set: the %d store tests do not run on "
                        "PostgreSQL (tests/run sets it)\n", n);
        return;
    }
    for (int i = 0; i < test_count; i++) {
        if (tests[i].kind == TEST_FIRST_PASS) continue;
        char name[256];
        snprintf(name, sizeof name, "%s [postgresql]", tests[i].name);
        run_in_child(i, name);
    }
}

int main(void) {
    run_first_pass();
    run_postgres_pass();
    return 0;
}
