/*
** People, sessions, failed logins, known browsers and API tokens: the
** SQLite store's part that says who may do what (auth.c asks it).
*/
#include "sqlite_internal.h"

#include <stdio.h>
#include <string.h>

enum people_stmt {
    N_USER_ADD, N_USER_BY_EMAIL, N_USER_BY_ID, N_USERS, N_USER_PASSWORD, N_USER_DISABLED, N_USER_ROLE, N_USER_LANGUAGE, N_SESSION_ADD, N_SESSION_FIND, N_SESSION_TOUCH, N_SESSION_DELETE, N_SESSIONS_END, N_FAILED_ADD, N_FAILED_COUNT, N_FAILED_CLEAR, N_FAILED_PRUNE, N_TOKEN_ADD, N_TOKEN_FIND, N_TOKENS, N_TOKEN_REVOKE, N_DEVICE_ADD, N_DEVICE_FIND,
    P_COUNT_OF
};
_Static_assert(P_COUNT_OF <= SQLITE_PEOPLE_SLOTS, "raise SQLITE_PEOPLE_SLOTS");

#define USER_COLUMNS "SELECT id, email, name, role, password_hash, disabled, created_at, language FROM users"

static const char *const people_sql[P_COUNT_OF] = {
    [N_USER_ADD] = "INSERT INTO users (email, name, role, password_hash, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
    [N_USER_BY_EMAIL] = USER_COLUMNS " WHERE email = ?1",
    [N_USER_BY_ID] = USER_COLUMNS " WHERE id = ?1",
    [N_USERS] = USER_COLUMNS " ORDER BY disabled, role DESC, name",
    [N_USER_PASSWORD] = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
    [N_USER_DISABLED] = "UPDATE users SET disabled = ?2 WHERE id = ?1",
    [N_USER_ROLE] = "UPDATE users SET role = ?2 WHERE id = ?1",
    [N_USER_LANGUAGE] = "UPDATE users SET language = ?2 WHERE id = ?1",
    [N_SESSION_ADD] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?4)",
    [N_SESSION_FIND] =
        "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at, u.language,"
        " s.csrf, s.seen_at FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ?1 AND s.seen_at >= ?2 AND u.disabled = 0",
    [N_SESSION_TOUCH] = "UPDATE sessions SET seen_at = ?2 WHERE token_hash = ?1",
    [N_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
    [N_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = ?1",
    [N_FAILED_ADD] = "INSERT INTO failed_logins (email, address, at) VALUES (?1, ?2, ?3)",
    [N_FAILED_COUNT] =
        "SELECT (SELECT count(*) FROM failed_logins WHERE email = ?1 AND address = ?2 AND at >= ?3),"
        " (SELECT count(*) FROM failed_logins WHERE address = ?2 AND at >= ?3),"
        " (SELECT count(*) FROM failed_logins WHERE email = ?1 AND at >= ?3),"
        " (SELECT COALESCE(max(at), 0) FROM failed_logins WHERE email = ?1 AND at >= ?3)",
    [N_FAILED_CLEAR] = "DELETE FROM failed_logins WHERE email = ?1 AND (?2 IS NULL OR address = ?2)",
    [N_FAILED_PRUNE] = "DELETE FROM failed_logins WHERE at < ?1",
    [N_TOKEN_ADD] = "INSERT INTO api_tokens (name, role, token_hash, created_at)"
                    " VALUES (?1, ?2, ?3, ?4)",
    [N_TOKEN_FIND] = "SELECT id, name, role, created_at, COALESCE(revoked_at, 0) FROM api_tokens"
                     " WHERE token_hash = ?1 AND revoked_at IS NULL",
    [N_TOKENS] = "SELECT id, name, role, created_at, COALESCE(revoked_at, 0) FROM api_tokens"
                 " ORDER BY name",
    [N_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
    [N_DEVICE_ADD] = "INSERT OR REPLACE INTO login_devices (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)",
    [N_DEVICE_FIND] = "SELECT user_id FROM login_devices WHERE token_hash = ?1",
};

/* One of this file's statements, in its slots. */
static sqlite3_stmt *nstmt(connection *c, enum people_stmt id) {
    return sqlite_stmt(c, SQLITE_PEOPLE_FIRST + (int)id, people_sql[id]);
}

#define step_one sqlite_step_one
#define grow sqlite_grow

/* --------------------------------------------------------------- people */

static void read_user(arena *a, sqlite3_stmt *st, account *u) {
    u->id = sqlite3_column_int64(st, 0);
    u->email = sqlite_column_text(a, st, 1);
    u->name = sqlite_column_text(a, st, 2);
    if (!role_parse((const char *)sqlite3_column_text(st, 3), &u->role)) u->role = ROLE_AUTHOR;
    u->password_hash = sqlite_column_text(a, st, 4);
    u->disabled = sqlite3_column_int(st, 5) != 0;
    u->created_at = sqlite3_column_int64(st, 6);
    u->language = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : sqlite_column_text(a, st, 7);
}

int sqlite_user_add(store *s, const char *email, const char *name, user_role role,
                   const char *password_hash, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_USER_ADD);
    sqlite_bind_text(st, 1, email);
    sqlite_bind_text(st, 2, name);
    sqlite_bind_text(st, 3, role_name(role));
    sqlite_bind_text(st, 4, password_hash);
    sqlite3_bind_int64(st, 5, sqlite_now());
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT) {
        snprintf(c->error, sizeof c->error, "a user with the e-mail %s exists already", email);
        c->error_code = STORE_CONFLICT;
        return STORE_CONFLICT;
    }
    if (rc != SQLITE_DONE) return sqlite_fail(c, "add user");
    *id = sqlite3_last_insert_rowid(c->db);
    return STORE_OK;
}

static int user_by(store *s, arena *a, enum people_stmt which, const char *email, int64_t id,
                   account *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, which);
    if (email) sqlite_bind_text(st, 1, email);
    else sqlite3_bind_int64(st, 1, id);
    int rc = step_one(c, st, "find user");
    if (rc != STORE_OK) return rc;
    read_user(a, st, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_user_by_email(store *s, arena *a, const char *email, account *out) {
    return user_by(s, a, N_USER_BY_EMAIL, email, 0, out);
}

int sqlite_user_by_id(store *s, arena *a, int64_t id, account *out) {
    return user_by(s, a, N_USER_BY_ID, NULL, id, out);
}

int sqlite_users(store *s, arena *a, account **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_USERS);
    size_t n = 0, cap = 0;
    account *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        read_user(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list users");
    *out = items;
    *count = n;
    return STORE_OK;
}

/* Runs an UPDATE of one user: id in ?1, a value in ?2. */
static int update_user(store *s, enum people_stmt which, int64_t id, const char *text,
                       int64_t number) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, which);
    sqlite3_bind_int64(st, 1, id);
    if (text) sqlite_bind_text(st, 2, text);
    else sqlite3_bind_int64(st, 2, number);
    if (sqlite_exec_done(c, st, "update user") != STORE_OK) return STORE_ERROR;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}

int sqlite_user_set_password(store *s, int64_t id, const char *password_hash) {
    return update_user(s, N_USER_PASSWORD, id, password_hash, 0);
}

int sqlite_user_set_disabled(store *s, int64_t id, bool disabled) {
    return update_user(s, N_USER_DISABLED, id, NULL, disabled ? 1 : 0);
}

int sqlite_user_set_role(store *s, int64_t id, user_role role) {
    return update_user(s, N_USER_ROLE, id, role_name(role), 0);
}

int sqlite_user_set_language(store *s, int64_t id, const char *language) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_USER_LANGUAGE);
    sqlite3_bind_int64(st, 1, id);
    if (language) sqlite_bind_text(st, 2, language);
    else sqlite3_bind_null(st, 2);
    if (sqlite_exec_done(c, st, "set a user's language") != STORE_OK) return STORE_ERROR;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}

/* ------------------------------------------------------------- sessions */

int sqlite_session_add(store *s, const unsigned char *token_hash, size_t hash_len,
                      int64_t user_id, const char *csrf, int64_t now) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SESSION_ADD);
    sqlite3_bind_blob(st, 1, token_hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite_bind_text(st, 3, csrf);
    sqlite3_bind_int64(st, 4, now);
    return sqlite_exec_done(c, st, "add session");
}

int sqlite_session_find(store *s, arena *a, const unsigned char *token_hash, size_t hash_len,
                       int64_t idle_since, account *who, const char **csrf, int64_t *seen_at) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SESSION_FIND);
    sqlite3_bind_blob(st, 1, token_hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, idle_since);
    int rc = step_one(c, st, "find session");
    if (rc != STORE_OK) return rc;
    read_user(a, st, who);
    *csrf = sqlite_column_text(a, st, 8);
    *seen_at = sqlite3_column_int64(st, 9);
    sqlite3_reset(st);
    return STORE_OK;
}

/* Runs a statement keyed by a token hash in ?1 (and maybe a number in ?2). */
static int by_hash(store *s, enum people_stmt which, const unsigned char *hash, size_t len,
                   int64_t number, const char *what) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, which);
    sqlite3_bind_blob(st, 1, hash, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, number);
    return sqlite_exec_done(c, st, what);
}

int sqlite_session_touch(store *s, const unsigned char *token_hash, size_t hash_len, int64_t now) {
    return by_hash(s, N_SESSION_TOUCH, token_hash, hash_len, now, "touch session");
}

int sqlite_session_delete(store *s, const unsigned char *token_hash, size_t hash_len) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SESSION_DELETE);
    sqlite3_bind_blob(st, 1, token_hash, (int)hash_len, SQLITE_STATIC);
    return sqlite_exec_done(c, st, "end session");
}

int sqlite_sessions_end_for(store *s, int64_t user_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_SESSIONS_END);
    sqlite3_bind_int64(st, 1, user_id);
    return sqlite_exec_done(c, st, "end sessions");
}

int sqlite_failed_login_add(store *s, const char *email, const char *address, int64_t at) {
    connection *c = sqlite_conn(s);
    /* Old failures are of no use: drop those older than a day now and then. */
    if (at % 16 == 0) {
        sqlite3_stmt *prune = nstmt(c, N_FAILED_PRUNE);
        sqlite3_bind_int64(prune, 1, at - 86400);
        if (sqlite_exec_done(c, prune, "prune failed logins") != STORE_OK) return STORE_ERROR;
    }
    sqlite3_stmt *st = nstmt(c, N_FAILED_ADD);
    sqlite_bind_text(st, 1, email);
    sqlite_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, at);
    return sqlite_exec_done(c, st, "record failed login");
}

int sqlite_failed_logins_count(store *s, const char *email, const char *address, int64_t since,
                              login_failures *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_FAILED_COUNT);
    sqlite_bind_text(st, 1, email);
    sqlite_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, since);
    int rc = step_one(c, st, "count failed logins");
    if (rc != STORE_OK) return STORE_ERROR;
    out->pair = sqlite3_column_int64(st, 0);
    out->address = sqlite3_column_int64(st, 1);
    out->account = sqlite3_column_int64(st, 2);
    out->account_last = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_failed_logins_clear(store *s, const char *email, const char *address) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_FAILED_CLEAR);
    sqlite_bind_text(st, 1, email);
    sqlite_bind_text(st, 2, address);
    return sqlite_exec_done(c, st, "clear failed logins");
}

int sqlite_login_device_add(store *s, const unsigned char *hash, size_t hash_len, int64_t user_id, int64_t now) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_DEVICE_ADD);
    sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    return sqlite_exec_done(c, st, "remember device");
}

int sqlite_login_device_find(store *s, const unsigned char *hash, size_t hash_len, int64_t *user_id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_DEVICE_FIND);
    sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC);
    int rc = step_one(c, st, "find device");
    if (rc != STORE_OK) return rc;
    *user_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return STORE_OK;
}

/* --------------------------------------------------------------- tokens */

static void read_token(arena *a, sqlite3_stmt *st, api_token *t) {
    t->id = sqlite3_column_int64(st, 0);
    t->name = sqlite_column_text(a, st, 1);
    if (!role_parse((const char *)sqlite3_column_text(st, 2), &t->role)) t->role = ROLE_AUTHOR;
    t->created_at = sqlite3_column_int64(st, 3);
    t->revoked_at = sqlite3_column_int64(st, 4);
}

int sqlite_token_add(store *s, const char *name, user_role role, const unsigned char *hash,
                    size_t hash_len, int64_t *id) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_TOKEN_ADD);
    sqlite_bind_text(st, 1, name);
    sqlite_bind_text(st, 2, role_name(role));
    sqlite3_bind_blob(st, 3, hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, sqlite_now());
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT) {
        snprintf(c->error, sizeof c->error, "a token named %s exists already", name);
        c->error_code = STORE_CONFLICT;
        return STORE_CONFLICT;
    }
    if (rc != SQLITE_DONE) return sqlite_fail(c, "add token");
    *id = sqlite3_last_insert_rowid(c->db);
    return STORE_OK;
}

int sqlite_token_find(store *s, arena *a, const unsigned char *hash, size_t hash_len,
                     api_token *out) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_TOKEN_FIND);
    sqlite3_bind_blob(st, 1, hash, (int)hash_len, SQLITE_STATIC);
    int rc = step_one(c, st, "find token");
    if (rc != STORE_OK) return rc;
    read_token(a, st, out);
    sqlite3_reset(st);
    return STORE_OK;
}

int sqlite_tokens(store *s, arena *a, api_token **out, size_t *count) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_TOKENS);
    size_t n = 0, cap = 0;
    api_token *items = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        items = grow(a, items, n, &cap, sizeof *items);
        read_token(a, st, &items[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sqlite_fail(c, "list tokens");
    *out = items;
    *count = n;
    return STORE_OK;
}

int sqlite_token_revoke(store *s, const char *name) {
    connection *c = sqlite_conn(s);
    sqlite3_stmt *st = nstmt(c, N_TOKEN_REVOKE);
    sqlite_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, sqlite_now());
    if (sqlite_exec_done(c, st, "revoke token") != STORE_OK) return STORE_ERROR;
    return sqlite3_changes(c->db) ? STORE_OK : STORE_NOT_FOUND;
}

