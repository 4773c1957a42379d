/* Sessions, tokens, passwords and CSRF. See auth.h. */
#include "auth.h"
#include "../core/log.h"
#include "../core/text.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define HASH_BYTES 32
#define TOKEN_BYTES 32

bool auth_hash_password(const char *password, char *out) {
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_check_password(const char *hash, const char *password) {
    return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *auth_password_problem(const char *password) {
    if (!password || utf8_length(password) < AUTH_PASSWORD_MIN)
        return "The password must have at least 10 characters.";
    if (strlen(password) > 1024) return "The password is longer than 1024 bytes.";
    return NULL;
}

void auth_new_token(char *out, unsigned char *hash) {
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    auth_token_hash(out, hash);
    sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, unsigned char *hash) {
    crypto_generichash(hash, HASH_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* A fresh random string for CSRF tokens. */
static char *random_string(arena *a) {
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    char *out = arena_alloc(a, 40);
    sodium_bin2base64(out, 40, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* "; Secure" when the site is served over https. */
static const char *secure_flag(const config *cfg) {
    return starts_with(cfg->base_url, "https://") ? "; Secure" : "";
}

static void fill_actor(arena *a, const account *u, const char *csrf, actor *who) {
    who->id = arena_printf(a, "user:%lld", (long long)u->id);
    who->name = u->name;
    who->role = u->role;
    who->user_id = u->id;
    who->csrf = csrf;
}

/* Finds the session of the request's cookie; touches it when touch. */
static bool find_session(store *s, const config *cfg, http_request *req, actor *who, bool touch) {
    const char *token = http_cookie(req, AUTH_SESSION_COOKIE);
    if (!token || strlen(token) > 100) return false;
    unsigned char hash[HASH_BYTES];
    auth_token_hash(token, hash);
    int64_t now = (int64_t)time(NULL), seen;
    account u;
    const char *csrf;
    if (store_session_find(s, req->arena, hash, sizeof hash,
                           now - (int64_t)cfg->session_idle_minutes * 60, &u, &csrf, &seen) != STORE_OK)
        return false;
    /* Writing on every request would cost a transaction each: once a minute is enough. */
    if (touch && now - seen >= 60) store_session_touch(s, hash, sizeof hash, now);
    fill_actor(req->arena, &u, csrf, who);
    return true;
}

bool auth_session(store *s, const config *cfg, http_request *req, actor *who) {
    return find_session(s, cfg, req, who, true);
}

bool auth_session_find(store *s, const config *cfg, http_request *req, actor *who) {
    return find_session(s, cfg, req, who, false);
}

bool auth_login(store *s, const config *cfg, http_request *req, http_response *resp,
                const char *email, const char *password, const char **message, bool *locked) {
    int64_t now = (int64_t)time(NULL), by_email = 0, by_address = 0;
    const char *address = http_client_address(req);
    *locked = false;
    email = email ? email : "";
    if (store_failed_logins_count(s, email, address, now - AUTH_LOCKOUT_SECONDS, &by_email,
                                  &by_address) != STORE_OK) {
        *message = "The newsroom cannot check logins right now. Try again in a minute.";
        return false;
    }
    if (by_email >= AUTH_LOCKOUT_FAILURES || by_address >= AUTH_LOCKOUT_FAILURES) {
        log_error("login refused for %s from %s: %lld failed attempts in 15 minutes",
                  email, address, (long long)(by_email > by_address ? by_email : by_address));
        *message = "Too many failed logins. Wait 15 minutes before trying again.";
        *locked = true;
        return false;
    }
    account u;
    bool ok = store_user_by_email(s, req->arena, email, &u) == STORE_OK && !u.disabled &&
              auth_check_password(u.password_hash, password ? password : "");
    if (!ok) {
        store_failed_login_add(s, email, address, now);
        log_info("failed login for %s from %s", email, address);
        *message = "The e-mail or the password is wrong.";
        return false;
    }
    store_failed_logins_clear(s, email);
    char token[64];
    unsigned char hash[HASH_BYTES];
    auth_new_token(token, hash);
    if (store_session_add(s, hash, sizeof hash, u.id, random_string(req->arena), now) != STORE_OK) {
        *message = "The newsroom cannot start a session right now. Try again in a minute.";
        return false;
    }
    http_response_header(resp, "Set-Cookie",
                         arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
                                      AUTH_SESSION_COOKIE, token, secure_flag(cfg)));
    log_info("login: %s", u.email);
    return true;
}

void auth_logout(store *s, const config *cfg, http_request *req, http_response *resp) {
    const char *token = http_cookie(req, AUTH_SESSION_COOKIE);
    if (token) {
        unsigned char hash[HASH_BYTES];
        auth_token_hash(token, hash);
        store_session_delete(s, hash, sizeof hash);
    }
    http_response_header(resp, "Set-Cookie",
                         arena_printf(req->arena, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
                                      AUTH_SESSION_COOKIE, secure_flag(cfg)));
}

bool auth_bearer(store *s, http_request *req, actor *who) {
    const char *header = http_header(req, "Authorization");
    if (!header || strncasecmp(header, "Bearer ", 7) != 0) return false;
    const char *token = header + 7;
    while (*token == ' ') token++;
    if (!*token || strlen(token) > 100) return false;
    unsigned char hash[HASH_BYTES];
    auth_token_hash(token, hash);
    api_token t;
    if (store_token_find(s, req->arena, hash, sizeof hash, &t) != STORE_OK) return false;
    who->id = arena_printf(req->arena, "token:%lld", (long long)t.id);
    who->name = arena_printf(req->arena, "API token %s", t.name);
    who->role = t.role;
    who->user_id = 0;
    who->csrf = NULL;
    return true;
}

/* Compares two strings in time that does not depend on where they differ. */
static bool same_secret(const char *a, const char *b) {
    if (!a || !b) return false;
    size_t n = strlen(a);
    return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

bool auth_csrf_ok(const actor *who, http_request *req) {
    if (!who->csrf || !http_form_parse(req)) return false;
    return same_secret(http_form(req, "csrf"), who->csrf);
}

const char *auth_login_csrf(const config *cfg, http_request *req, http_response *resp) {
    const char *token = http_cookie(req, AUTH_LOGIN_COOKIE);
    if (token && strlen(token) >= 20 && strlen(token) <= 64) return token;
    token = random_string(req->arena);
    http_response_header(resp, "Set-Cookie",
                         arena_printf(req->arena, "%s=%s; Path=/admin; HttpOnly; SameSite=Lax%s",
                                      AUTH_LOGIN_COOKIE, token, secure_flag(cfg)));
    return token;
}

bool auth_login_csrf_ok(http_request *req) {
    if (!http_form_parse(req)) return false;
    return same_secret(http_form(req, "csrf"), http_cookie(req, AUTH_LOGIN_COOKIE));
}
