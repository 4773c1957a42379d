/*
** The Admin API's authors' profiles:
**   GET    /api/v1/admin/authors          profiles by slug, ?limit (1-200,
**                                          50) and ?cursor (next_cursor)
**   POST   /api/v1/admin/authors          makes one (admins' and editors'
**                                          tokens): name, optional slug
**                                          (made from the name), the rest
**   GET    /api/v1/admin/authors/{slug}   one
**   PATCH  /api/v1/admin/authors/{slug}   changes name, bio, photo_id,
**                                          links, e-mail, user_id
** Every profile is checked as the newsroom's form checks it (authors.c);
** a refused one changes nothing. An author's token edits nothing here: a
** token is nobody's profile (the newsroom page edits one's own).
*/
#include "api_json.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/auth.h"
#include "../newsroom/authors.h"

#include <string.h>

#define AUTHORS_PAGE_DEFAULT 50
#define AUTHORS_PAGE_MAX 200

/* A profile as the API gives it; a new reference. */
static json_t *profile_json(arena *a, const config *cfg, const author_profile *p) {
    char created[40], updated[40];
    iso8601_format_local(p->created_at, created, sizeof created);
    iso8601_format_local(p->updated_at, updated, sizeof updated);
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "slug", p->slug, "name", p->name, "bio",
                          p->bio ? p->bio : "", "website", p->website ? p->website : "", "twitter",
                          p->twitter ? p->twitter : "", "facebook", p->facebook ? p->facebook : "", "telegram",
                          p->telegram ? p->telegram : "", "email", p->email ? p->email : "", "created_at", created,
                          "updated_at", updated);
    if (!o) o = json_object(); /* a text jansson refused (never stored: checked before saving) */
    json_object_set_new(o, "photo_id", p->photo_id ? json_integer(p->photo_id) : json_null());
    json_t *photo = p->photo.id ? api_image(a, cfg, &p->photo) : json_null();
    if (p->photo.id) {
        /* An Image as the API gives them: the library's alt text as its caption. */
        json_object_set_new(photo, "caption", api_string(p->photo.alt));
        json_object_set_new(photo, "credit", api_string(p->photo.credit));
    }
    json_object_set_new(o, "photo", photo);
    json_object_set_new(o, "user_id", p->user_id ? json_integer(p->user_id) : json_null());
    json_object_set_new(o, "url", api_string(api_url(a, cfg, urls_author_path(a, cfg->default_language, p->slug))));
    return o;
}

/* Answers with the profile at slug. */
static void send_profile(site *s, http_request *req, http_response *resp, int status, const char *slug) {
    author_profile p;
    int rc = store_author_by_slug(s->store, req->arena, slug, &p);
    if (rc == STORE_NOT_FOUND) api_error(resp, 404, "There is no such author.", NULL);
    else if (rc != STORE_OK) api_store_failed(resp, s->store, "The author cannot be read right now.");
    else api_send(resp, status, profile_json(req->arena, s->cfg, &p));
}

static void list_profiles(site *s, http_request *req, http_response *resp) {
    const char *limit_text = http_query(req, "limit"), *cursor = http_query(req, "cursor");
    long long limit = AUTHORS_PAGE_DEFAULT;
    if (limit_text && *limit_text && !parse_int(limit_text, 1, AUTHORS_PAGE_MAX, &limit)) {
        api_error(resp, 400, arena_printf(req->arena, "limit: must be a whole number from 1 to %d", AUTHORS_PAGE_MAX),
                  "limit");
        return;
    }
    if (cursor && *cursor && !slug_valid(cursor, SLUG_MAX)) {
        api_error(resp, 400, "cursor: is not one this list gave", "cursor");
        return;
    }
    author_profile *items;
    size_t n;
    if (store_authors(s->store, req->arena, cursor, (int)limit + 1, &items, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The authors cannot be read right now.");
        return;
    }
    bool more = n > (size_t)limit;
    if (more) n = (size_t)limit;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(list, profile_json(req->arena, s->cfg, &items[i]));
    api_send(resp, 200, json_pack("{s:o,s:o}", "items", list, "next_cursor", more ? api_string(items[n - 1].slug) : json_null()));
}

/* Applies the body's members to p. False having answered 400 when one is
** unknown or of the wrong type (slug only when creating). */
static bool apply_body(http_request *req, http_response *resp, json_t *body, author_profile *p, bool creating) {
    static const char *const texts[] = {"name", "bio", "website", "twitter", "facebook", "telegram", "email", "slug"};
    const char **slots[] = {&p->name, &p->bio, &p->website, &p->twitter, &p->facebook, &p->telegram, &p->email, &p->slug};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        size_t i = 0;
        while (i < sizeof texts / sizeof texts[0] && strcmp(texts[i], key) != 0) i++;
        const char *field = arena_strdup(req->arena, key);
        if (i < sizeof texts / sizeof texts[0] && (creating || strcmp(key, "slug") != 0)) {
            if (!json_is_string(v)) {
                api_error(resp, 400, arena_printf(req->arena, "field '%s': must be a string", field), field);
                return false;
            }
            *slots[i] = arena_strdup(req->arena, json_string_value(v));
        } else if (strcmp(key, "photo_id") == 0 || strcmp(key, "user_id") == 0) {
            int64_t *slot = key[0] == 'p' ? &p->photo_id : &p->user_id;
            if (json_is_null(v)) *slot = 0;
            else if (json_is_integer(v) && json_integer_value(v) > 0) *slot = json_integer_value(v);
            else {
                api_error(resp, 400, arena_printf(req->arena, "field '%s': must be a positive id or null", field), field);
                return false;
            }
        } else {
            api_error(resp, 400, arena_printf(req->arena, "field '%s': is not one this takes", field), field);
            return false;
        }
    }
    return true;
}

/* Checks p (authors.c) and a user it names; false having answered 400. */
static bool checked(site *s, http_request *req, http_response *resp, const author_profile *p) {
    const char *field = NULL;
    user_message why;
    if (!authors_check_profile(s->store, req->arena, p, &field, &why)) {
        api_error(resp, 400, user_message_english(req->arena, &why), field);
        return false;
    }
    account user;
    if (p->user_id && store_user_by_id(s->store, req->arena, p->user_id, &user) != STORE_OK) {
        api_error(resp, 400, "field 'user_id': there is no such person", "user_id");
        return false;
    }
    return true;
}

/* Saves p, made (creating) or over the profile at slug, with an audit entry. */
static int save(store *s, const actor *who, const author_profile *p, const char *slug, bool creating) {
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    int64_t id;
    rc = creating ? store_author_add(s, p, &id) : store_author_update(s, slug, p);
    if (rc == STORE_OK)
        rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                               .action = "author", .detail = slug});
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) store_rollback(s);
    return rc;
}

/* POST (slug NULL) or PATCH of the profile at slug. */
static void change(site *s, http_request *req, http_response *resp, const actor *who, const char *slug) {
    author_profile p = {0};
    bool creating = slug == NULL;
    if (creating && who->role < ROLE_EDITOR) {
        api_error(resp, 403, "Only admins' and editors' tokens make profiles.", NULL);
        return;
    }
    if (!creating) {
        int rc = store_author_by_slug(s->store, req->arena, slug, &p);
        if (rc == STORE_NOT_FOUND) {
            api_error(resp, 404, "There is no such author.", NULL);
            return;
        }
        if (rc != STORE_OK) {
            api_store_failed(resp, s->store, "The author cannot be read right now.");
            return;
        }
        if (!authors_may_edit(who, &p)) {
            api_error(resp, 403, "This token may not edit this profile.", NULL);
            return;
        }
    }
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(body)) {
        json_decref(body);
        api_error(resp, 400, arena_printf(req->arena, "The body must be a JSON object: %s", jerr.text), NULL);
        return;
    }
    int64_t old_user = p.user_id;
    bool ok = apply_body(req, resp, body, &p, creating);
    json_decref(body);
    if (!ok) return;
    if (p.user_id != old_user && who->role < ROLE_EDITOR) {
        api_error(resp, 403, "Only admins' and editors' tokens link profiles to people.", "user_id");
        return;
    }
    if (creating) {
        if (!p.slug || !*p.slug) p.slug = slugify(req->arena, p.name ? p.name : "", SLUG_MAX);
        if (!slug_valid(p.slug, SLUG_MAX)) {
            api_error(resp, 400, "field 'slug': must be lowercase ASCII letters, digits and single hyphens", "slug");
            return;
        }
    }
    if (!checked(s, req, resp, &p)) return;
    int rc = save(s->store, who, &p, creating ? p.slug : slug, creating);
    if (rc == STORE_CONFLICT)
        api_error(resp, 409, creating ? "An author with this slug, or a profile of this person, exists already."
                                      : "This person has another profile already.", NULL);
    else if (rc == STORE_FULL) api_error(resp, 503, "The server's disk is full: nothing was changed.", NULL);
    else if (rc != STORE_OK) api_store_failed(resp, s->store, "Nothing was changed: the newsroom cannot save right now.");
    else send_profile(s, req, resp, creating ? 201 : 200, creating ? p.slug : slug);
}

bool admin_api_authors(site *s, http_request *req, http_response *resp, const actor *who, const char *rest) {
    const char *m = req->method;
    bool get = strcmp(m, "GET") == 0 || req->is_head;
    if (strcmp(rest, "authors") == 0) {
        if (get) list_profiles(s, req, resp);
        else if (strcmp(m, "POST") == 0) change(s, req, resp, who, NULL);
        else {
            http_response_header(resp, "Allow", "GET, POST");
            api_error(resp, 405, "Use GET, POST here.", NULL);
        }
        return true;
    }
    if (!starts_with(rest, "authors/")) return false;
    const char *slug = rest + 8;
    if (!slug_valid(slug, SLUG_MAX)) api_error(resp, 404, "There is no such author.", NULL);
    else if (get) send_profile(s, req, resp, 200, slug);
    else if (strcmp(m, "PATCH") == 0) change(s, req, resp, who, slug);
    else {
        http_response_header(resp, "Allow", "GET, PATCH");
        api_error(resp, 405, "Use GET, PATCH here.", NULL);
    }
    return true;
}
