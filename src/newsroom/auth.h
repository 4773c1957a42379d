/*
** Who is asking: newsroom sessions and API tokens.
**
** Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str).
** Session and API tokens are 256 random bits shown once, stored only as
** BLAKE2b hashes. A session cookie is HttpOnly and SameSite=Lax (Secure when
** base_url is https) and the session ends after session_idle_minutes
** unused, or at logout. Every state-changing form carries a CSRF token:
** the session's, or before login a double-submit cookie's.
*/
#ifndef GAZETTE_AUTH_H
#define GAZETTE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "../http/http.h"
#include "../core/user_message.h"
#include "../store/store.h"

#define AUTH_SESSION_COOKIE "gazette_session"
#define AUTH_LOGIN_COOKIE "gazette_login"
#define AUTH_DEVICE_COOKIE "gazette_device"
#define AUTH_PASSWORD_MIN 10
#define AUTH_HASH_BYTES 128 /* crypto_pwhash_STRBYTES */


/* Someone acting in the newsroom: a person, an API token, or the system. */
typedef struct actor {
    const char *id;   /* "user:3", "token:2", "system" */
    const char *name; /* for revisions and the audit log */
    user_role role;
    int64_t user_id;  /* 0 for a token */
    const char *csrf; /* the session's CSRF token; NULL for tokens */
    const char *address; /* where the request came from (after trusted proxies); "" for the system */
    const char *language; /* the newsroom language the person chose; NULL: their browser's (and for tokens) */
    bool unavailable; /* set when a session or token could not be looked up: the database was away */
} actor;

/* Hashes a password; out has crypto_pwhash_STRBYTES (128) bytes. False
** when memory for Argon2 could not be had. */
bool auth_hash_password(const char *password, char *out);

/* True when password matches hash. */
bool auth_check_password(const char *hash, const char *password);

/* NULL when a password is acceptable, else why not (a user-facing text,
** English, a message of the catalogues: the newsroom shows it translated). */
const char *auth_password_problem(const char *password);

/* A new random token (43 characters, URL-safe) in out (64 bytes) and its
** hash (32 bytes). */
void auth_new_token(char *out, unsigned char *hash);

/* The hash of a token as given by a client. */
void auth_token_hash(const char *token, unsigned char *hash);

/* The logged-in person of a request, from the session cookie. False when
** there is none (or it expired); touches the session otherwise. */
bool auth_session(store *s, const config *cfg, http_request *req, actor *who);

/* The same without touching it (reads only): for admission. */
bool auth_session_find(store *s, const config *cfg, http_request *req, actor *who);

/* Checks email and password, minding the lockouts (see auth.c). On
** success starts a session and sets its cookie on resp; on failure
** *why says why (for the person, in any language) and *locked says
** whether a lockout refused it (HTTP 429). A wrong password for an unknown
** or disabled account takes as long as for a known one. */
bool auth_login(store *s, const config *cfg, http_request *req, http_response *resp,
                const char *email, const char *password, user_message *why, bool *locked);

/* Ends the request's session (server-side) and clears its cookie. */
void auth_logout(store *s, const config *cfg, http_request *req, http_response *resp);

/* The API token of a request (Authorization: Bearer ...). */
bool auth_bearer(store *s, http_request *req, actor *who);

/* True when the form's "csrf" field matches the session's token. */
bool auth_csrf_ok(const actor *who, http_request *req);

/* The login form's CSRF token: the cookie's, set anew when missing. */
const char *auth_login_csrf(const config *cfg, http_request *req, http_response *resp);

/* True when the login form's "csrf" field matches its cookie. */
bool auth_login_csrf_ok(http_request *req);

#endif
