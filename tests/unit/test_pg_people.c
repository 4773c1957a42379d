/* People, sessions, failed logins, browsers and API tokens: one scenario
** run on SQLite and on PostgreSQL, which must answer it alike. The
** PostgreSQL half needs GAZETTE_TEST_POSTGRES, the URL of a database on a
** server where it may create and drop a database of its own; without it
** that half is skipped with a note on stderr. */
#include "check.h"

#include "core/arena.h"
#include "store/store.h"

#include <postgresql/libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Users: e-mail addresses are one account ignoring ASCII case only; a
** taken one is STORE_CONFLICT with a message, also inside a transaction,
** which goes on; lists are in the order SQLite gives. */
static void users_alike(store *s, arena *a, int64_t *alice, int64_t *bob, int64_t *eve) {
    int64_t id = 0;
    CHECK_INT(store_user_add(s, "Alice@Example.com", "Alice", ROLE_ADMIN, "h1", alice), STORE_OK);
    CHECK_INT(store_user_add(s, "ALICE@example.COM", "Alice", ROLE_EDITOR, "h2", &id), STORE_CONFLICT);
    CHECK_STR(store_error(s), "a user with the e-mail ALICE@example.COM exists already");
    CHECK_INT(store_user_add(s, "bob@example.com", "Bob", ROLE_AUTHOR, "h3", bob), STORE_OK);
    CHECK_INT(store_user_add(s, "Äb@x.org", "Zed", ROLE_EDITOR, "h4", &id), STORE_OK);
    CHECK_INT(store_user_add(s, "äb@x.org", "Zed", ROLE_EDITOR, "h5", &id), STORE_OK);
    CHECK_INT(store_user_add(s, "ÄB@X.ORG", "Zed", ROLE_EDITOR, "h6", &id), STORE_CONFLICT);
    CHECK_INT(store_user_add(s, "eve@example.com", "bob", ROLE_EDITOR, "h7", eve), STORE_OK);
    CHECK_INT(store_user_add(s, "carl@example.com", "Bob", ROLE_AUTHOR, "h8", &id), STORE_OK);
    CHECK_INT(store_user_add(s, "gil@example.com", "bob", ROLE_EDITOR, "h9", &id), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_user_add(s, "BOB@example.com", "Bob", ROLE_AUTHOR, "hx", &id), STORE_CONFLICT);
    CHECK_INT(store_user_add(s, "fay@example.com", "Fay", ROLE_AUTHOR, "hf", &id), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);

    account u;
    CHECK_INT(store_user_by_email(s, a, "ALICE@EXAMPLE.COM", &u), STORE_OK);
    CHECK_INT(u.id, *alice);
    CHECK_STR(u.email, "Alice@Example.com");
    CHECK(u.role == ROLE_ADMIN && !u.disabled && u.created_at > 0);
    CHECK_INT(store_user_by_email(s, a, "ÄB@X.ORG", &u), STORE_OK);
    CHECK_STR(u.password_hash, "h4");
    CHECK_INT(store_user_by_email(s, a, "äB@X.ORG", &u), STORE_OK);
    CHECK_STR(u.password_hash, "h5");
    CHECK_INT(store_user_by_email(s, a, "FAY@example.com", &u), STORE_OK);
    CHECK_INT(store_user_by_email(s, a, "%", &u), STORE_NOT_FOUND);
    CHECK_INT(store_user_by_id(s, a, *bob, &u), STORE_OK);
    CHECK_STR(u.name, "Bob");
    CHECK_INT(store_user_by_id(s, a, 999999, &u), STORE_NOT_FOUND);

    CHECK_INT(store_user_set_role(s, *bob, ROLE_EDITOR), STORE_OK);
    CHECK_INT(store_user_set_role(s, *bob, ROLE_EDITOR), STORE_OK);
    CHECK_INT(store_user_set_password(s, *bob, "newhash"), STORE_OK);
    CHECK_INT(store_user_set_disabled(s, *eve, true), STORE_OK);
    CHECK_INT(store_user_set_disabled(s, 999999, true), STORE_NOT_FOUND);
    CHECK_INT(store_user_set_password(s, 999999, "x"), STORE_NOT_FOUND);
    CHECK_INT(store_user_set_role(s, 999999, ROLE_ADMIN), STORE_NOT_FOUND);

    /* The newsroom's language: none (the browser's) until chosen, then
    ** the choice, which the session's user carries; NULL goes back. A
    ** language the schema does not know is refused and changes nothing. */
    CHECK_INT(store_user_by_id(s, a, *bob, &u), STORE_OK);
    CHECK(u.language == NULL);
    CHECK_INT(store_user_set_language(s, *bob, "ru"), STORE_OK);
    CHECK_INT(store_user_by_email(s, a, "BOB@example.com", &u), STORE_OK);
    CHECK_STR(u.language, "ru");
    CHECK_INT(store_user_set_language(s, *bob, "az"), STORE_OK);
    CHECK(store_user_set_language(s, *bob, "de") != STORE_OK);
    CHECK_INT(store_user_by_id(s, a, *bob, &u), STORE_OK);
    CHECK_STR(u.language, "az");
    CHECK_INT(store_user_set_language(s, 999999, "ru"), STORE_NOT_FOUND);
    CHECK_INT(store_user_by_id(s, a, *alice, &u), STORE_OK);
    CHECK(u.language == NULL);

    /* Enabled first, then by role (editor, author, admin), then by name
    ** byte for byte ("Bob", "Zed", "bob"), then in the order they came. */
    account *list;
    size_t n = 0;
    CHECK_INT(store_users(s, a, &list, &n), STORE_OK);
    static const char *const order[] = {"bob@example.com", "Äb@x.org", "äb@x.org", "gil@example.com",
                                        "carl@example.com", "fay@example.com", "Alice@Example.com", "eve@example.com"};
    CHECK_INT(n, sizeof order / sizeof order[0]);
    for (size_t i = 0; i < n && i < sizeof order / sizeof order[0]; i++) CHECK_STR(list[i].email, order[i]);
}

/* Sessions: found by their hash (bytes, zeros and all) while seen at or
** after the idle cut-off, and only for enabled users. */
static void sessions_alike(store *s, arena *a, int64_t alice, int64_t bob, int64_t eve) {
    unsigned char h1[32] = {1, 0, 0, 7}, h2[32] = {2}, h3[32] = {3}, prefix[16] = {1, 0, 0, 7};
    CHECK_INT(store_session_add(s, h1, sizeof h1, alice, "csrf-a", 1000), STORE_OK);
    CHECK_INT(store_session_add(s, h2, sizeof h2, eve, "csrf-e", 1000), STORE_OK);
    CHECK_INT(store_session_add(s, h3, sizeof h3, bob, "csrf-b", 1000), STORE_OK);
    CHECK_INT(store_session_add(s, h1, sizeof h1, bob, "csrf-x", 1000), STORE_CONFLICT);
    account who;
    const char *csrf = NULL;
    int64_t seen = 0;
    CHECK_INT(store_session_find(s, a, h1, sizeof h1, 1000, &who, &csrf, &seen), STORE_OK);
    CHECK_INT(who.id, alice);
    CHECK(who.language == NULL);
    CHECK_STR(csrf, "csrf-a");
    CHECK_INT(seen, 1000);
    CHECK_INT(store_session_find(s, a, h1, sizeof h1, 1001, &who, &csrf, &seen), STORE_NOT_FOUND);
    CHECK_INT(store_session_find(s, a, prefix, sizeof prefix, 0, &who, &csrf, &seen), STORE_NOT_FOUND);
    CHECK_INT(store_session_find(s, a, h2, sizeof h2, 0, &who, &csrf, &seen), STORE_NOT_FOUND);
    CHECK_INT(store_session_touch(s, h1, sizeof h1, 2000), STORE_OK);
    CHECK_INT(store_session_find(s, a, h1, sizeof h1, 2000, &who, &csrf, &seen), STORE_OK);
    CHECK_INT(seen, 2000);
    CHECK_INT(store_session_delete(s, h1, sizeof h1), STORE_OK);
    CHECK_INT(store_session_find(s, a, h1, sizeof h1, 0, &who, &csrf, &seen), STORE_NOT_FOUND);
    CHECK_INT(store_session_find(s, a, h3, sizeof h3, 0, &who, &csrf, &seen), STORE_OK);
    CHECK_STR(who.language, "az");
    CHECK_STR(csrf, "csrf-b");
    CHECK_INT(store_user_set_language(s, bob, NULL), STORE_OK);
    CHECK_INT(store_session_find(s, a, h3, sizeof h3, 0, &who, &csrf, &seen), STORE_OK);
    CHECK(who.language == NULL);
    CHECK_INT(store_sessions_end_for(s, bob), STORE_OK);
    CHECK_INT(store_session_find(s, a, h3, sizeof h3, 0, &who, &csrf, &seen), STORE_NOT_FOUND);
}

/* Checks the four numbers of failed logins. */
static void failures_are(store *s, const char *email, const char *address, int64_t since, int64_t pair,
                         int64_t from_address, int64_t for_account, int64_t last) {
    login_failures f = {-1, -1, -1, -1};
    CHECK_INT(store_failed_logins_count(s, email, address, since, &f), STORE_OK);
    CHECK_INT(f.pair, pair);
    CHECK_INT(f.address, from_address);
    CHECK_INT(f.account, for_account);
    CHECK_INT(f.account_last, last);
}

/* Failed logins: counted per account (ignoring ASCII case), address and
** both; cleared per pair; those older than a day pruned now and then. */
static void failures_alike(store *s) {
    CHECK_INT(store_failed_login_add(s, "Alice@example.com", "10.0.0.1", 100001), STORE_OK);
    CHECK_INT(store_failed_login_add(s, "alice@EXAMPLE.com", "10.0.0.1", 100002), STORE_OK);
    CHECK_INT(store_failed_login_add(s, "alice@example.com", "10.0.0.2", 100003), STORE_OK);
    CHECK_INT(store_failed_login_add(s, "bob@example.com", "10.0.0.1", 100005), STORE_OK);
    CHECK_INT(store_failed_login_add(s, "Äb@x.org", "10.0.0.3", 100009), STORE_OK);
    CHECK_INT(store_failed_login_add(s, "ALICE@example.com", "10.0.0.1", 150001), STORE_OK);
    failures_are(s, "alice@example.com", "10.0.0.1", 0, 3, 4, 4, 150001);
    failures_are(s, "ALICE@EXAMPLE.COM", "10.0.0.1", 100002, 2, 3, 3, 150001);
    failures_are(s, "alice@example.com", "10.0.0.2", 100004, 0, 0, 1, 150001);
    failures_are(s, "äb@x.org", "10.0.0.3", 0, 0, 1, 0, 0);
    failures_are(s, "ÄB@X.ORG", "10.0.0.3", 0, 1, 1, 1, 100009);
    failures_are(s, "zed@example.com", "10.0.0.9", 0, 0, 0, 0, 0);
    failures_are(s, "alice@example.com", "10.0.0.1", 999999, 0, 0, 0, 0);
    CHECK_INT(store_failed_logins_clear(s, "ALICE@example.com", "10.0.0.1"), STORE_OK);
    failures_are(s, "alice@example.com", "10.0.0.1", 0, 0, 1, 1, 100003);
    /* A multiple of 16: the ones before 202400 - 86400 go. */
    CHECK_INT(store_failed_login_add(s, "bob@example.com", "10.0.0.1", 202400), STORE_OK);
    failures_are(s, "bob@example.com", "10.0.0.1", 0, 1, 1, 1, 202400);
    failures_are(s, "alice@example.com", "10.0.0.2", 0, 0, 0, 0, 0);
}

/* Browsers and API tokens. */
static void devices_and_tokens_alike(store *s, arena *a, int64_t alice, int64_t bob) {
    unsigned char d1[32] = {0xd1}, d2[32] = {0xd2, 0, 1};
    int64_t who = 0;
    CHECK_INT(store_login_device_add(s, d1, sizeof d1, alice, 5), STORE_OK);
    CHECK_INT(store_login_device_add(s, d1, sizeof d1, bob, 6), STORE_OK);
    CHECK_INT(store_login_device_find(s, d1, sizeof d1, &who), STORE_OK);
    CHECK_INT(who, bob);
    CHECK_INT(store_login_device_find(s, d2, sizeof d2, &who), STORE_NOT_FOUND);

    unsigned char t1[32] = {0x71}, t2[32] = {0x72}, t3[32] = {0x73}, t4[32] = {0x74};
    int64_t beta = 0, id = 0;
    CHECK_INT(store_token_add(s, "beta", ROLE_EDITOR, t1, sizeof t1, &beta), STORE_OK);
    CHECK_INT(store_token_add(s, "Alpha", ROLE_AUTHOR, t2, sizeof t2, &id), STORE_OK);
    CHECK_INT(store_token_add(s, "beta", ROLE_AUTHOR, t3, sizeof t3, &id), STORE_CONFLICT);
    CHECK_STR(store_error(s), "a token named beta exists already");
    CHECK_INT(store_token_add(s, "gamma", ROLE_AUTHOR, t1, sizeof t1, &id), STORE_CONFLICT);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_token_add(s, "beta", ROLE_AUTHOR, t4, sizeof t4, &id), STORE_CONFLICT);
    CHECK_INT(store_token_add(s, "BETA", ROLE_AUTHOR, t4, sizeof t4, &id), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    api_token t;
    CHECK_INT(store_token_find(s, a, t1, sizeof t1, &t), STORE_OK);
    CHECK_INT(t.id, beta);
    CHECK(t.role == ROLE_EDITOR && t.revoked_at == 0 && t.created_at > 0);
    CHECK_INT(store_token_find(s, a, t1, 16, &t), STORE_NOT_FOUND);
    CHECK_INT(store_token_revoke(s, "beta"), STORE_OK);
    CHECK_INT(store_token_revoke(s, "beta"), STORE_NOT_FOUND);
    CHECK_INT(store_token_revoke(s, "Beta"), STORE_NOT_FOUND);
    CHECK_INT(store_token_find(s, a, t1, sizeof t1, &t), STORE_NOT_FOUND);
    api_token *list;
    size_t n = 0;
    CHECK_INT(store_tokens(s, a, &list, &n), STORE_OK);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(list[0].name, "Alpha");
        CHECK_STR(list[1].name, "BETA");
        CHECK_STR(list[2].name, "beta");
        CHECK(list[0].revoked_at == 0 && list[1].revoked_at == 0 && list[2].revoked_at > 0);
    }
}

static void people_scenario(store *s) {
    arena *a = arena_new();
    int64_t alice = 0, bob = 0, eve = 0;
    users_alike(s, a, &alice, &bob, &eve);
    sessions_alike(s, a, alice, bob, eve);
    failures_alike(s);
    devices_and_tokens_alike(s, a, alice, bob);
    arena_free(a);
}

TEST(people_sqlite) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/gazette-people-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    char err[512] = "";
    store *s = store_open(path, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        people_scenario(s);
        store_close(s);
    }
    remove(path);
}

/* Keeps the server's notices ("does not exist, skipping") off stderr. */
static void quiet(void *ctx, const char *message) {
    (void)ctx;
    (void)message;
}

/* Runs one statement on the server of admin_url: true when it worked. */
static bool admin_run(const char *admin_url, const char *sql) {
    PGconn *db = PQconnectdb(admin_url);
    PQsetNoticeProcessor(db, quiet, NULL);
    PGresult *r = PQstatus(db) == CONNECTION_OK ? PQexec(db, sql) : NULL;
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "# %s: %s", sql, PQerrorMessage(db));
    PQclear(r);
    PQfinish(db);
    return ok;
}

TEST(people_postgres) {
    const char *admin = getenv("GAZETTE_TEST_POSTGRES");
    if (!admin || !*admin) {
        fprintf(stderr, "# test_pg_people: GAZETTE_TEST_POSTGRES is not set; PostgreSQL skipped\n");
        return;
    }
    /* A database of our own, beside the admin URL's (same server). */
    char name[64], create[128], drop[128], url[1024];
    snprintf(name, sizeof name, "gazette_test_people_%ld", (long)getpid());
    const char *query = strchr(admin, '?');
    size_t base = query ? (size_t)(query - admin) : strlen(admin);
    while (base > 0 && admin[base - 1] != '/') base--;
    snprintf(url, sizeof url, "%.*s%s%s", (int)base, admin, name, query ? query : "");
    snprintf(create, sizeof create, "CREATE DATABASE %s", name);
    snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s", name);
    CHECK(base > 0);
    if (base == 0 || !admin_run(admin, drop) || !admin_run(admin, create)) {
        CHECK(!"a database of the test's own");
        return;
    }
    char err[512] = "";
    store *s = store_open(url, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        people_scenario(s);
        store_close(s);
    } else {
        fprintf(stderr, "# store_open: %s\n", err);
    }
    admin_run(admin, drop);
}
