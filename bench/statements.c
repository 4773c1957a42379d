/*
** A shim that bench/most-read.mjs loads into gazette with LD_PRELOAD, to
** count what the process asks of its database:
**   sqlite       statements run on SQLite: the first sqlite3_step() of
**                each execution (after a prepare or a reset), not each row
**   postgresql   statements sent to PostgreSQL (PQexec, PQexecPrepared,
**                PQsendQueryPrepared), and
**   round_trips  the waits for its answers (each PQexec, PQexecPrepared,
**                PQprepare, and each pipeline's PQpipelineSync)
** and writes "sqlite N\npostgresql N\nround_trips N\n" at exit to the file
** GAZETTE_STATEMENTS names. Counting only: every call goes on to the
** library unchanged. Never part of gazette itself.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long sqlite_runs, pg_statements, pg_trips;

/* The library's own function name (resolved once; aborts if absent). */
static void *real(const char *name) {
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "statements shim: no %s\n", name);
        abort();
    }
    return f;
}

int sqlite3_step(sqlite3_stmt *st) {
    static int (*step)(sqlite3_stmt *);
    if (!step) step = (int (*)(sqlite3_stmt *))real("sqlite3_step");
    if (!sqlite3_stmt_busy(st)) atomic_fetch_add(&sqlite_runs, 1);
    return step(st);
}

PGresult *PQexec(PGconn *c, const char *query) {
    static PGresult *(*exec)(PGconn *, const char *);
    if (!exec) exec = (PGresult * (*)(PGconn *, const char *)) real("PQexec");
    atomic_fetch_add(&pg_statements, 1);
    atomic_fetch_add(&pg_trips, 1);
    return exec(c, query);
}

PGresult *PQexecPrepared(PGconn *c, const char *name, int n, const char *const *values, const int *lengths,
                         const int *formats, int result_format) {
    static PGresult *(*exec)(PGconn *, const char *, int, const char *const *, const int *, const int *, int);
    if (!exec)
        exec = (PGresult * (*)(PGconn *, const char *, int, const char *const *, const int *, const int *, int))
            real("PQexecPrepared");
    atomic_fetch_add(&pg_statements, 1);
    atomic_fetch_add(&pg_trips, 1);
    return exec(c, name, n, values, lengths, formats, result_format);
}

int PQsendQueryPrepared(PGconn *c, const char *name, int n, const char *const *values, const int *lengths,
                        const int *formats, int result_format) {
    static int (*send)(PGconn *, const char *, int, const char *const *, const int *, const int *, int);
    if (!send)
        send = (int (*)(PGconn *, const char *, int, const char *const *, const int *, const int *, int))
            real("PQsendQueryPrepared");
    atomic_fetch_add(&pg_statements, 1);
    return send(c, name, n, values, lengths, formats, result_format);
}

PGresult *PQprepare(PGconn *c, const char *name, const char *query, int n, const Oid *types) {
    static PGresult *(*prepare)(PGconn *, const char *, const char *, int, const Oid *);
    if (!prepare) prepare = (PGresult * (*)(PGconn *, const char *, const char *, int, const Oid *)) real("PQprepare");
    atomic_fetch_add(&pg_trips, 1);
    return prepare(c, name, query, n, types);
}

int PQpipelineSync(PGconn *c) {
    static int (*sync)(PGconn *);
    if (!sync) sync = (int (*)(PGconn *))real("PQpipelineSync");
    atomic_fetch_add(&pg_trips, 1);
    return sync(c);
}

/* At exit: the counts into GAZETTE_STATEMENTS. */
__attribute__((destructor)) static void report(void) {
    const char *path = getenv("GAZETTE_STATEMENTS");
    if (!path) return;
    FILE *f = fopen(path, "w");
    if (!f) return;
    fprintf(f, "sqlite %ld\npostgresql %ld\nround_trips %ld\n", atomic_load(&sqlite_runs), atomic_load(&pg_statements),
            atomic_load(&pg_trips));
    fclose(f);
}
