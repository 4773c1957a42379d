/* Sessions, tokens, passwords and CSRF. See auth.h.
**
** Failed logins lock out by who is trying from where, never just by
** account, so that strangers cannot lock the newsroom out:
** - an account from one address: lockout_failures in lockout_minutes;
** - one address, any accounts: lockout_address_failures in lockout_minutes;
** - an account from anywhere, at twice lockout_failures, is only slowed:
**   one attempt every lockout_slow_seconds, and not at all for a browser
**   that logged in to it before (its gazette_device cookie).
** The address is the client's after trusted proxies (http_client_address). */
#include "auth.h"
#include "../core/metrics.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <pthread.h>
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

/* A hash no password matches in practice, made with the same cost as
** real ones, to check against when the account does not exist. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void) {
    unsigned char raw[32];
    char password[65];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(password, sizeof password, raw, sizeof raw);
    if (!auth_hash_password(password, dummy_hash)) dummy_hash[0] = '\0';
}

const char *auth_password_problem(const char *password) {
    if (!password || utf8_length(password) < AUTH_PASSWORD_MIN)
        return N_("The password must have at least 10 characters.");
    if (strlen(password) > 1024) return N_("The password is longer than 1024 bytes.");
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
    who->language = u->language;
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
    who->unavailable = false;
    int rc = store_session_find(s, req->arena, hash, sizeof hash,
                                now - (int64_t)cfg->session_idle_minutes * 60, &u, &csrf, &seen);
    if (rc != STORE_OK) {
        who->unavailable = rc == STORE_UNAVAILABLE;
        return false;
    }
    /* Writing on every request would cost a transaction each: once a minute is enough. */
    if (touch && now - seen >= 60) store_session_touch(s, hash, sizeof hash, now);
    fill_actor(req->arena, &u, csrf, who);
    who->address = http_client_address(req);
    return true;
}

bool auth_session(store *s, const config *cfg, http_request *req, actor *who) {
    return find_session(s, cfg, req, who, true);
}

bool auth_session_find(store *s, const config *cfg, http_request *req, actor *who) {
    return find_session(s, cfg, req, who, false);
}

/* True when the request's device cookie says this browser logged in to
** account user_id before. */
static bool known_device(store *s, http_request *req, int64_t user_id) {
    const char *token = http_cookie(req, AUTH_DEVICE_COOKIE);
    if (!token || strlen(token) > 100 || user_id <= 0) return false;
    unsigned char hash[HASH_BYTES];
    auth_token_hash(token, hash);
    int64_t owner;
    return store_login_device_find(s, hash, sizeof hash, &owner) == STORE_OK && owner == user_id;
}

/* Remembers this browser for the account (a new device cookie), unless it is known. */
static void remember_device(store *s, const config *cfg, http_request *req, http_response *resp, int64_t user_id,
                            int64_t now) {
    if (known_device(s, req, user_id)) return;
    char token[64];
    unsigned char hash[HASH_BYTES];
    auth_new_token(token, hash);
    if (store_login_device_add(s, hash, sizeof hash, user_id, now) != STORE_OK) return; /* only a convenience */
    http_response_header(resp, "Set-Cookie",
                         arena_printf(req->arena, "%s=%s; Path=/admin; Max-Age=31536000; HttpOnly; SameSite=Lax%s",
                                      AUTH_DEVICE_COOKIE, token, secure_flag(cfg)));
}

/* True when the lockouts refuse this attempt now, with why. */
static bool lockout(store *s, const config *cfg, http_request *req, const login_failures *f, const account *u,
                    int64_t now, user_message *why) {
    if (f->pair >= cfg->lockout_failures || f->address >= cfg->lockout_address_failures) {
        user_message_set_plural(why, NP_("Too many failed logins from here. Wait %d minute before trying again.",
                                         "Too many failed logins from here. Wait %d minutes before trying again."),
                                cfg->lockout_minutes, cfg->lockout_minutes);
        return true;
    }
    bool attacked = f->account >= 2 * (int64_t)cfg->lockout_failures;
    if (attacked && now - f->account_last < cfg->lockout_slow_seconds && !(u && known_device(s, req, u->id))) {
        user_message_set_plural(why, NP_("This account has had many failed logins from elsewhere. Wait %d second"
                                         " and try again.",
                                         "This account has had many failed logins from elsewhere. Wait %d seconds"
                                         " and try again."),
                                cfg->lockout_slow_seconds, cfg->lockout_slow_seconds);
        return true;
    }
    return false;
}

bool auth_login(store *s, const config *cfg, http_request *req, http_response *resp,
                const char *email, const char *password, user_message *why, bool *locked) {
    pthread_once(&dummy_once, make_dummy_hash);
    int64_t now = (int64_t)time(NULL);
    const char *address = http_client_address(req);
    *locked = false;
    email = email ? email : "";
    login_failures f;
    if (store_failed_logins_count(s, email, address, now - (int64_t)cfg->lockout_minutes * 60, &f) != STORE_OK) {
        user_message_set(why, N_("The newsroom cannot check logins right now. Try again in a minute."));
        return false;
    }
    account u;
    bool exists = store_user_by_email(s, req->arena, email, &u) == STORE_OK;
    if (lockout(s, cfg, req, &f, exists ? &u : NULL, now, why)) {
        log_error("login refused for %s from %s: %lld failures for the account from there, %lld from there,"
                  " %lld for the account in %d minutes", email, address, (long long)f.pair, (long long)f.address,
                  (long long)f.account, cfg->lockout_minutes);
        *locked = true;
        metrics_add(METRIC_LOGINS_LOCKED, 1);
        return false;
    }
    /* Always one Argon2 check, so that the time taken does not tell
    ** whether the account exists or is disabled. */
    bool matches = auth_check_password(exists ? u.password_hash : dummy_hash, password ? password : "");
    if (!matches || !exists || u.disabled) {
        if (store_failed_login_add(s, email, address, now) != STORE_OK)
            log_error("cannot record a failed login for %s from %s: %s", email, address, store_error(s));
        log_info("failed login for %s from %s", email, address);
        metrics_add(METRIC_LOGINS_FAILED, 1);
        user_message_set(why, N_("The e-mail or the password is wrong."));
        return false;
    }
    if (store_failed_logins_clear(s, email, address) != STORE_OK)
        log_error("cannot clear the failed logins of %s from %s: %s", email, address, store_error(s));
    char token[64];
    unsigned char hash[HASH_BYTES];
    auth_new_token(token, hash);
    if (store_session_add(s, hash, sizeof hash, u.id, random_string(req->arena), now) != STORE_OK) {
        user_message_set(why, N_("The newsroom cannot start a session right now. Try again in a minute."));
        return false;
    }
    http_response_header(resp, "Set-Cookie",
                         arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
                                      AUTH_SESSION_COOKIE, token, secure_flag(cfg)));
    remember_device(s, cfg, req, resp, u.id, now);
    log_info("login: %s from %s", u.email, address);
    metrics_add(METRIC_LOGINS, 1);
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
    who->unavailable = false;
    int rc = store_token_find(s, req->arena, hash, sizeof hash, &t);
    if (rc != STORE_OK) {
        who->unavailable = rc == STORE_UNAVAILABLE;
        return false;
    }
    who->id = arena_printf(req->arena, "token:%lld", (long long)t.id);
    who->name = arena_printf(req->arena, "API token %s", t.name);
    who->role = t.role;
    who->user_id = 0;
    who->csrf = NULL;
    who->language = NULL;
    who->address = http_client_address(req);
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
