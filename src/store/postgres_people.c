/*
** People, sessions, failed logins, known browsers and API tokens: the
** PostgreSQL store's part that says who may do what (auth.c asks it),
** doing what sqlite_people.c does there, with the same results.
**
** What the engines say differently:
**   - e-mail addresses are matched ignoring ASCII case only, as SQLite's
**     NOCASE does: the columns are COLLATE "C" and every match is
**     lower(email) = lower($1::text COLLATE "C"), which the indexes on
**     lower(email) serve. The parameter is folded under "C" too: under the
**     database's own locale lower() would fold letters beyond ASCII, and
**     'Ä' would then never find the 'Ä' it was saved as.
**   - hashes of tokens, sessions and browsers are BYTEA, sent in binary.
**   - sorts by text are COLLATE "C" (SQLite compares bytes).
**   - nothing here relies on SQLite's single writer: a browser is
**     remembered with INSERT ... ON CONFLICT, and a taken address or
**     token name is the unique index's answer, under a savepoint when
**     the caller is in a transaction (PostgreSQL aborts a transaction on
**     any error; SQLite's callers may go on after STORE_CONFLICT).
** Sessions live only in the database, so every node knows them all.
*/
#include "postgres_internal.h"

#include <stdio.h>

enum people_stmt {
    N_USER_ADD, N_USER_BY_EMAIL, N_USER_BY_ID, N_USERS, N_USER_PASSWORD, N_USER_DISABLED,
    N_USER_ROLE, N_USER_LANGUAGE, N_SESSION_ADD, N_SESSION_FIND, N_SESSION_TOUCH, N_SESSION_DELETE, N_SESSIONS_END,
    N_FAILED_ADD, N_FAILED_COUNT, N_FAILED_CLEAR, N_FAILED_PRUNE, N_TOKEN_ADD, N_TOKEN_FIND,
    N_TOKENS, N_TOKEN_REVOKE, N_DEVICE_ADD, N_DEVICE_FIND,
    P_COUNT_OF
};
_Static_assert(P_COUNT_OF <= PG_PEOPLE_SLOTS, "raise PG_PEOPLE_SLOTS");

#define USER_COLUMNS "SELECT id, email, name, role, password_hash, disabled, created_at, language FROM users"
#define TOKEN_COLUMNS "SELECT id, name, role, created_at, COALESCE(revoked_at, 0) FROM api_tokens"

/* The e-mail address of $1, folded as the indexes on lower(email) are. */
#define EMAIL_IS_1 "lower(email) = lower($1::text COLLATE \"C\")"

static const char *const people_sql[P_COUNT_OF] = {
    [N_USER_ADD] = "INSERT INTO users (email, name, role, password_hash, created_at)"
                   " VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [N_USER_BY_EMAIL] = USER_COLUMNS " WHERE " EMAIL_IS_1,
    [N_USER_BY_ID] = USER_COLUMNS " WHERE id = $1",
    /* SQLite sorts the ties of its sort key in the order of the rows' ids. */
    [N_USERS] = USER_COLUMNS " ORDER BY disabled, role COLLATE \"C\" DESC, name COLLATE \"C\", id",
    [N_USER_PASSWORD] = "UPDATE users SET password_hash = $2 WHERE id = $1",
    [N_USER_DISABLED] = "UPDATE users SET disabled = $2 WHERE id = $1",
    [N_USER_ROLE] = "UPDATE users SET role = $2 WHERE id = $1",
    [N_USER_LANGUAGE] = "UPDATE users SET language = $2 WHERE id = $1",
    [N_SESSION_ADD] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at)"
                      " VALUES ($1, $2, $3, $4, $4)",
    [N_SESSION_FIND] =
        "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at, u.language,"
        " s.csrf, s.seen_at FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = $1 AND s.seen_at >= $2 AND u.disabled = 0",
    [N_SESSION_TOUCH] = "UPDATE sessions SET seen_at = $2 WHERE token_hash = $1",
    [N_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = $1",
    [N_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = $1",
    [N_FAILED_ADD] = "INSERT INTO failed_logins (email, address, at) VALUES ($1, $2, $3)",
    /* One pass over the rows of the account or the address since $3 (the
    ** indexes on (lower(email), at) and (address, at), or-ed), each count
    ** taking its own: the four numbers SQLite's four subqueries give. */
    [N_FAILED_COUNT] =
        "SELECT count(*) FILTER (WHERE " EMAIL_IS_1 " AND address = $2),"
        " count(*) FILTER (WHERE address = $2),"
        " count(*) FILTER (WHERE " EMAIL_IS_1 "),"
        " COALESCE(max(at) FILTER (WHERE " EMAIL_IS_1 "), 0)"
        " FROM failed_logins WHERE (" EMAIL_IS_1 " OR address = $2) AND at >= $3",
    [N_FAILED_CLEAR] = "DELETE FROM failed_logins WHERE " EMAIL_IS_1 " AND ($2::text IS NULL OR address = $2)",
    [N_FAILED_PRUNE] = "DELETE FROM failed_logins WHERE at < $1",
    [N_TOKEN_ADD] = "INSERT INTO api_tokens (name, role, token_hash, created_at)"
                    " VALUES ($1, $2, $3, $4) RETURNING id",
    [N_TOKEN_FIND] = TOKEN_COLUMNS " WHERE token_hash = $1 AND revoked_at IS NULL",
    [N_TOKENS] = TOKEN_COLUMNS " ORDER BY name",
    [N_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
    /* SQLite's INSERT OR REPLACE: the browser now belongs to this account. */
    [N_DEVICE_ADD] = "INSERT INTO login_devices (token_hash, user_id, created_at) VALUES ($1, $2, $3)"
                     " ON CONFLICT (token_hash) DO UPDATE"
                     " SET user_id = EXCLUDED.user_id, created_at = EXCLUDED.created_at",
    [N_DEVICE_FIND] = "SELECT user_id FROM login_devices WHERE token_hash = $1",
};

/* Runs one of this file's statements for its effect (see pg_exec). */
static int exec(pg_conn *c, enum people_stmt id, const pg_params *p, int64_t *rows, const char *what) {
    return pg_exec(c, PG_PEOPLE_FIRST + (int)id, people_sql[id], p, rows, what);
}

/* Runs one of this file's statements for its one row (see pg_query_one):
** the result, which the caller frees, or NULL with the class in *rc. */
static PGresult *query_one(pg_conn *c, enum people_stmt id, const pg_params *p, int *rc,
                           const char *what) {
    return pg_query_one(c, PG_PEOPLE_FIRST + (int)id, people_sql[id], p, rc, what);
}

/* Runs one of this file's INSERT ... RETURNING id statements, which may
** hit a unique index, guarded (see pg_query_guarded): STORE_OK with the
** new row's id in *id; STORE_CONFLICT with the sentence taken (what is
** taken) as the error; or the error's class. */
static int insert_returning_id(pg_conn *c, enum people_stmt which, const pg_params *p, int64_t *id,
                               const char *taken, const char *what) {
    int rc;
    PGresult *r = pg_query_guarded(c, PG_PEOPLE_FIRST + (int)which, people_sql[which], p, &rc, what);
    if (!r) return rc == STORE_CONFLICT ? pg_fail(c, STORE_CONFLICT, "%s", taken) : rc;
    *id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* --------------------------------------------------------------- people */

/* Reads the first columns of a row (those of USER_COLUMNS) into u,
** strings in a. */
static void read_user(arena *a, const PGresult *r, int row, account *u) {
    u->id = pg_get_int(r, row, 0);
    u->email = pg_get_text(a, r, row, 1);
    u->name = pg_get_text(a, r, row, 2);
    if (pg_is_null(r, row, 3) || !role_parse(PQgetvalue(r, row, 3), &u->role)) u->role = ROLE_AUTHOR;
    u->password_hash = pg_get_text(a, r, row, 4);
    u->disabled = pg_get_bool(r, row, 5);
    u->created_at = pg_get_int(r, row, 6);
    u->language = pg_is_null(r, row, 7) ? NULL : pg_get_text(a, r, row, 7);
}

int postgres_user_add(store *s, const char *email, const char *name, user_role role,
                      const char *password_hash, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, email);
    pg_text(&p, name);
    pg_text(&p, role_name(role));
    pg_text(&p, password_hash);
    pg_int(&p, pg_now());
    char taken[sizeof c->error];
    snprintf(taken, sizeof taken, "a user with the e-mail %s exists already", email);
    return insert_returning_id(c, N_USER_ADD, &p, id, taken, "add user");
}

/* Finds one user by the statement which, with p: STORE_OK with the user
** in out (strings in a), STORE_NOT_FOUND, or the error's class. */
static int user_by(store *s, arena *a, enum people_stmt which, const pg_params *p, account *out) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = query_one(c, which, p, &rc, "find user");
    if (!r) return rc;
    read_user(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

int postgres_user_by_email(store *s, arena *a, const char *email, account *out) {
    pg_params p = {0};
    pg_text(&p, email);
    return user_by(s, a, N_USER_BY_EMAIL, &p, out);
}

int postgres_user_by_id(store *s, arena *a, int64_t id, account *out) {
    pg_params p = {0};
    pg_int(&p, id);
    return user_by(s, a, N_USER_BY_ID, &p, out);
}

int postgres_users(store *s, arena *a, account **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query(c, PG_PEOPLE_FIRST + N_USERS, people_sql[N_USERS], NULL, &rc, "list users");
    if (!r) return rc;
    int n = PQntuples(r);
    account *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
    for (int i = 0; i < n; i++) read_user(a, r, i, &items[i]);
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}

/* Runs an UPDATE of one user: id in $1, a value in $2 (text, or the
** number when text is NULL, as in SQLite's). STORE_OK, STORE_NOT_FOUND
** when there is no such user, or the error's class. */
static int update_user(store *s, enum people_stmt which, int64_t id, const char *text,
                       int64_t number) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    if (text) pg_text(&p, text);
    else pg_int(&p, number);
    int64_t rows = 0;
    int rc = exec(c, which, &p, &rows, "update user");
    if (rc != STORE_OK) return rc;
    return rows ? STORE_OK : STORE_NOT_FOUND;
}

int postgres_user_set_password(store *s, int64_t id, const char *password_hash) {
    return update_user(s, N_USER_PASSWORD, id, password_hash, 0);
}

int postgres_user_set_disabled(store *s, int64_t id, bool disabled) {
    return update_user(s, N_USER_DISABLED, id, NULL, disabled ? 1 : 0);
}

int postgres_user_set_role(store *s, int64_t id, user_role role) {
    return update_user(s, N_USER_ROLE, id, role_name(role), 0);
}

int postgres_user_set_language(store *s, int64_t id, const char *language) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_int(&p, id);
    pg_text(&p, language); /* NULL: SQL NULL */
    int64_t rows = 0;
    int rc = exec(c, N_USER_LANGUAGE, &p, &rows, "set a user's language");
    if (rc != STORE_OK) return rc;
    return rows ? STORE_OK : STORE_NOT_FOUND;
}

/* ------------------------------------------------------------- sessions */

int postgres_session_add(store *s, const unsigned char *token_hash, size_t hash_len,
                         int64_t user_id, const char *csrf, int64_t now) {
    pg_params p = {0};
    pg_bytes(&p, token_hash, hash_len);
    pg_int(&p, user_id);
    pg_text(&p, csrf);
    pg_int(&p, now);
    return exec(postgres_conn(s), N_SESSION_ADD, &p, NULL, "add session");
}

int postgres_session_find(store *s, arena *a, const unsigned char *token_hash, size_t hash_len,
                          int64_t idle_since, account *who, const char **csrf, int64_t *seen_at) {
    pg_params p = {0};
    pg_bytes(&p, token_hash, hash_len);
    pg_int(&p, idle_since);
    int rc;
    PGresult *r = query_one(postgres_conn(s), N_SESSION_FIND, &p, &rc, "find session");
    if (!r) return rc;
    read_user(a, r, 0, who);
    *csrf = pg_get_text(a, r, 0, 8);
    *seen_at = pg_get_int(r, 0, 9);
    PQclear(r);
    return STORE_OK;
}

int postgres_session_touch(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now) {
    pg_params p = {0};
    pg_bytes(&p, token_hash, hash_len);
    pg_int(&p, now);
    return exec(postgres_conn(s), N_SESSION_TOUCH, &p, NULL, "touch session");
}

int postgres_session_delete(store *s, const unsigned char *token_hash, size_t hash_len) {
    pg_params p = {0};
    pg_bytes(&p, token_hash, hash_len);
    return exec(postgres_conn(s), N_SESSION_DELETE, &p, NULL, "end session");
}

int postgres_sessions_end_for(store *s, int64_t user_id) {
    pg_params p = {0};
    pg_int(&p, user_id);
    return exec(postgres_conn(s), N_SESSIONS_END, &p, NULL, "end sessions");
}

/* -------------------------------------------------------- failed logins */

int postgres_failed_login_add(store *s, const char *email, const char *address, int64_t at) {
    pg_conn *c = postgres_conn(s);
    /* Old failures are of no use: drop those older than a day now and then. */
    if (at % 16 == 0) {
        pg_params old = {0};
        pg_int(&old, at - 86400);
        int rc = exec(c, N_FAILED_PRUNE, &old, NULL, "prune failed logins");
        if (rc != STORE_OK) return rc;
    }
    pg_params p = {0};
    pg_text(&p, email);
    pg_text(&p, address);
    pg_int(&p, at);
    return exec(c, N_FAILED_ADD, &p, NULL, "record failed login");
}

int postgres_failed_logins_count(store *s, const char *email, const char *address, int64_t since,
                                 login_failures *out) {
    pg_params p = {0};
    pg_text(&p, email);
    pg_text(&p, address);
    pg_int(&p, since);
    int rc;
    PGresult *r = query_one(postgres_conn(s), N_FAILED_COUNT, &p, &rc, "count failed logins");
    if (!r) return rc == STORE_NOT_FOUND ? STORE_ERROR : rc; /* an aggregate has its row */
    out->pair = pg_get_int(r, 0, 0);
    out->address = pg_get_int(r, 0, 1);
    out->account = pg_get_int(r, 0, 2);
    out->account_last = pg_get_int(r, 0, 3);
    PQclear(r);
    return STORE_OK;
}

int postgres_failed_logins_clear(store *s, const char *email, const char *address) {
    pg_params p = {0};
    pg_text(&p, email);
    pg_text(&p, address);
    return exec(postgres_conn(s), N_FAILED_CLEAR, &p, NULL, "clear failed logins");
}

/* ------------------------------------------------------------- browsers */

int postgres_login_device_add(store *s, const unsigned char *hash, size_t hash_len, int64_t user_id,
                              int64_t now) {
    pg_params p = {0};
    pg_bytes(&p, hash, hash_len);
    pg_int(&p, user_id);
    pg_int(&p, now);
    return exec(postgres_conn(s), N_DEVICE_ADD, &p, NULL, "remember device");
}

int postgres_login_device_find(store *s, const unsigned char *hash, size_t hash_len,
                               int64_t *user_id) {
    pg_params p = {0};
    pg_bytes(&p, hash, hash_len);
    int rc;
    PGresult *r = query_one(postgres_conn(s), N_DEVICE_FIND, &p, &rc, "find device");
    if (!r) return rc;
    *user_id = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

/* --------------------------------------------------------------- tokens */

/* Reads a row of TOKEN_COLUMNS into t, strings in a. */
static void read_token(arena *a, const PGresult *r, int row, api_token *t) {
    t->id = pg_get_int(r, row, 0);
    t->name = pg_get_text(a, r, row, 1);
    if (pg_is_null(r, row, 2) || !role_parse(PQgetvalue(r, row, 2), &t->role)) t->role = ROLE_AUTHOR;
    t->created_at = pg_get_int(r, row, 3);
    t->revoked_at = pg_get_int(r, row, 4);
}

int postgres_token_add(store *s, const char *name, user_role role, const unsigned char *hash,
                       size_t hash_len, int64_t *id) {
    pg_conn *c = postgres_conn(s);
    pg_params p = {0};
    pg_text(&p, name);
    pg_text(&p, role_name(role));
    pg_bytes(&p, hash, hash_len);
    pg_int(&p, pg_now());
    char taken[sizeof c->error];
    snprintf(taken, sizeof taken, "a token named %s exists already", name);
    return insert_returning_id(c, N_TOKEN_ADD, &p, id, taken, "add token");
}

int postgres_token_find(store *s, arena *a, const unsigned char *hash, size_t hash_len,
                        api_token *out) {
    pg_params p = {0};
    pg_bytes(&p, hash, hash_len);
    int rc;
    PGresult *r = query_one(postgres_conn(s), N_TOKEN_FIND, &p, &rc, "find token");
    if (!r) return rc;
    read_token(a, r, 0, out);
    PQclear(r);
    return STORE_OK;
}

int postgres_tokens(store *s, arena *a, api_token **out, size_t *count) {
    pg_conn *c = postgres_conn(s);
    int rc;
    PGresult *r = pg_query(c, PG_PEOPLE_FIRST + N_TOKENS, people_sql[N_TOKENS], NULL, &rc, "list tokens");
    if (!r) return rc;
    int n = PQntuples(r);
    api_token *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
    for (int i = 0; i < n; i++) read_token(a, r, i, &items[i]);
    PQclear(r);
    *out = items;
    *count = (size_t)n;
    return STORE_OK;
}

int postgres_token_revoke(store *s, const char *name) {
    pg_params p = {0};
    pg_text(&p, name);
    pg_int(&p, pg_now());
    int64_t rows = 0;
    int rc = exec(postgres_conn(s), N_TOKEN_REVOKE, &p, &rows, "revoke token");
    if (rc != STORE_OK) return rc;
    return rows ? STORE_OK : STORE_NOT_FOUND;
}
