/*
** Fresh, empty databases for the unit tests of the store, on the engine the
** current pass runs (tests/unit/main.c): SQLite first, then PostgreSQL when
** GAZETTE_TEST_POSTGRES names an admin URL of a server the tests may make
** and drop databases on (tests/run starts a throwaway one).
**
**   char url[TESTDB_URL_MAX];
**   if (!testdb_create(url, sizeof url)) ...   a temporary file, or a new
**                                              database gazette_unit_<pid>_<n>
**   store *s = store_open(url, err, sizeof err);
**   ...
**   store_close(s);
**   testdb_remove(url);
*/
#ifndef GAZETTE_TESTDB_H
#define GAZETTE_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

/* Long enough for a temporary path or a URL on GAZETTE_TEST_POSTGRES's server. */
#define TESTDB_URL_MAX 512

/* The engine of the current pass: "sqlite" (the default) or "postgresql". */
const char *testdb_engine(void);
bool testdb_is_postgres(void);

/* Chooses the engine for the tests that follow (main.c does, per pass). */
void testdb_set_engine(const char *engine);

/* The admin URL from GAZETTE_TEST_POSTGRES, or NULL when it is unset or empty. */
const char *testdb_admin_url(void);

/* Makes a fresh empty database for the current engine and writes its
** address (a path or a URL) into url. False, with a note on stderr, when it
** cannot. */
bool testdb_create(char *url, size_t size);

/* A store on a fresh database (testdb_create, then store_open), its
** address in url; NULL, with a failed check reported at file:line and
** the database removed, when it cannot be had. */
struct store;
struct store *testdb_open_at(char *url, size_t size, const char *file, int line);
#define testdb_open(url, size) testdb_open_at((url), (size), __FILE__, __LINE__)

/* Removes a database testdb_create made: the file with its -wal and -shm,
** or DROP DATABASE ... WITH (FORCE). Harmless on an empty url. */
void testdb_remove(const char *url);

/* Drops every PostgreSQL database testdb_create made in process pid (one
** that died before it removed them). */
void testdb_remove_left_by(long pid);

/* Runs sql, fixed text without parameters, on the PostgreSQL database at
** url over a connection of its own; false with a note on stderr. For the
** tests that change a database behind the store's back. */
bool testdb_pg_exec(const char *url, const char *sql);

/* The first column of the first row of sql (fixed text) on the PostgreSQL
** database at url, as a number; -1 on any failure (noted on stderr). */
long long testdb_pg_number(const char *url, const char *sql);

#endif
