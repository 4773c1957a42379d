/* Fresh databases for the store's unit tests on either engine (testdb.h). */
#include "testdb.h"
#include "check.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *current_engine = "sqlite";
static unsigned created_count; /* numbers this process's databases */

const char *testdb_engine(void) { return current_engine; }

bool testdb_is_postgres(void) { return strcmp(current_engine, "postgresql") == 0; }

void testdb_set_engine(const char *engine) {
    current_engine = strcmp(engine, "postgresql") == 0 ? "postgresql" : "sqlite";
}

const char *testdb_admin_url(void) {
    const char *url = getenv("GAZETTE_TEST_POSTGRES");
    return url && *url ? url : NULL;
}

/* A connection to url (a libpq URL), or NULL with a note on stderr. The
** caller PQfinish()es it. */
static PGconn *connect_url(const char *url) {
    const char *keys[] = {"dbname", "connect_timeout", NULL};
    const char *values[] = {url, "10", NULL};
    PGconn *c = PQconnectdbParams(keys, values, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "# testdb: cannot connect to %s: %s\n", url, c ? PQerrorMessage(c) : "out of memory");
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* Runs sql on c; false with a note on stderr. */
static bool exec_on(PGconn *c, const char *sql) {
    PGresult *r = PQexec(c, sql);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) fprintf(stderr, "# testdb: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

bool testdb_pg_exec(const char *url, const char *sql) {
    PGconn *c = connect_url(url);
    bool ok = c && exec_on(c, sql);
    PQfinish(c);
    return ok;
}

long long testdb_pg_number(const char *url, const char *sql) {
    PGconn *c = connect_url(url);
    if (!c) return -1;
    PGresult *r = PQexec(c, sql);
    long long n = -1;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
        fprintf(stderr, "# testdb: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return n;
}

/* Writes into out the admin URL with its database name replaced by name
** (postgresql://user@host:port/postgres?x=y -> .../name?x=y); false when
** it does not fit. */
static bool url_with_database(const char *admin, const char *name, char *out, size_t size) {
    const char *scheme = strstr(admin, "://");
    const char *host = scheme ? scheme + 3 : admin;
    size_t host_end = strcspn(host, "/?");
    const char *rest = host + host_end; /* "/db?params", "?params" or "" */
    const char *params = strchr(rest, '?');
    int n = snprintf(out, size, "%.*s/%s%s", (int)(rest - admin), admin, name, params ? params : "");
    return n > 0 && (size_t)n < size;
}

/* The name of the database a URL made by url_with_database names, into
** out; false when there is none. */
static bool database_of(const char *url, char *out, size_t size) {
    const char *scheme = strstr(url, "://");
    const char *slash = strchr(scheme ? scheme + 3 : url, '/');
    if (!slash) return false;
    size_t n = strcspn(slash + 1, "?");
    if (n == 0 || n >= size) return false;
    memcpy(out, slash + 1, n);
    out[n] = '\0';
    return true;
}

/* A temporary file (the empty file mkstemp makes is a valid empty SQLite
** database). */
static bool create_sqlite(char *url, size_t size) {
    if (snprintf(url, size, "/tmp/gazette-unit-XXXXXX") >= (int)size) return false;
    int fd = mkstemp(url);
    if (fd < 0) {
        perror("# testdb: mkstemp");
        url[0] = '\0';
        return false;
    }
    close(fd);
    return true;
}

/* CREATE DATABASE gazette_unit_<pid>_<n> on the admin server. A database's
** name cannot be a statement's parameter; this one is made of numbers only,
** and quoted by libpq all the same. */
static bool create_postgres(char *url, size_t size) {
    url[0] = '\0';
    const char *admin = testdb_admin_url();
    if (!admin) {
        fprintf(stderr, "# testdb: GAZETTE_TEST_POSTGRES is not set\n");
        return false;
    }
    char name[64];
    snprintf(name, sizeof name, "gazette_unit_%ld_%u", (long)getpid(), ++created_count);
    if (!url_with_database(admin, name, url, size)) {
        fprintf(stderr, "# testdb: the URL of %s does not fit in %zu bytes\n", name, size);
        url[0] = '\0';
        return false;
    }
    PGconn *c = connect_url(admin);
    char *quoted = c ? PQescapeIdentifier(c, name, strlen(name)) : NULL;
    char sql[128];
    bool ok = quoted && snprintf(sql, sizeof sql, "CREATE DATABASE %s", quoted) < (int)sizeof sql &&
              exec_on(c, sql);
    PQfreemem(quoted);
    PQfinish(c);
    if (!ok) url[0] = '\0';
    return ok;
}

bool testdb_create(char *url, size_t size) {
    return testdb_is_postgres() ? create_postgres(url, size) : create_sqlite(url, size);
}

/* DROP DATABASE ... WITH (FORCE) for a URL create_postgres made. */
static void remove_postgres(const char *url) {
    const char *admin = testdb_admin_url();
    char name[64];
    if (!admin || !database_of(url, name, sizeof name)) return;
    PGconn *c = connect_url(admin);
    if (!c) return;
    char *quoted = PQescapeIdentifier(c, name, strlen(name));
    char sql[160];
    if (quoted && snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted) < (int)sizeof sql)
        exec_on(c, sql);
    PQfreemem(quoted);
    PQfinish(c);
}

void testdb_remove_left_by(long pid) {
    const char *admin = testdb_admin_url();
    PGconn *c = admin ? connect_url(admin) : NULL;
    if (!c) return;
    char pattern[64];
    snprintf(pattern, sizeof pattern, "gazette\\_unit\\_%ld\\_%%", pid);
    const char *params[] = {pattern};
    PGresult *r = PQexecParams(c, "SELECT datname FROM pg_database WHERE datname LIKE $1", 1, NULL,
                               params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "# testdb: cannot list the databases of process %ld: %s", pid, PQerrorMessage(c));
    } else {
        for (int i = 0; i < PQntuples(r); i++) {
            const char *name = PQgetvalue(r, i, 0);
            char *quoted = PQescapeIdentifier(c, name, strlen(name));
            char sql[160];
            if (quoted && snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted) < (int)sizeof sql)
                exec_on(c, sql);
            PQfreemem(quoted);
        }
    }
    PQclear(r);
    PQfinish(c);
}

/* The file and SQLite's -wal and -shm beside it. */
static void remove_sqlite(const char *path) {
    char extra[TESTDB_URL_MAX + 8];
    remove(path);
    snprintf(extra, sizeof extra, "%s-wal", path);
    remove(extra);
    snprintf(extra, sizeof extra, "%s-shm", path);
    remove(extra);
}

void testdb_remove(const char *url) {
    if (!url || !*url) return;
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        remove_postgres(url);
    else
        remove_sqlite(url);
}

struct store *testdb_open_at(char *url, size_t size, const char *file, int line) {
    char err[512] = "";
    store *s = NULL;
    if (!testdb_create(url, size) || !(s = store_open(url, err, sizeof err))) {
        check_report(0, file, line, "a store on a fresh database", err);
        testdb_remove(url);
        return NULL;
    }
    return s;
}
