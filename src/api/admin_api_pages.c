/*
** The Admin API's static pages (About us, Contacts, Privacy policy...),
** admins' tokens only:
**   GET    /api/v1/admin/pages        every page, drafts too, without bodies:
**                                      by edition (the site's order), then
**                                      the footer's; ?lang= one edition
**   POST   /api/v1/admin/pages        makes one (201, Location, ETag)
**   GET    /api/v1/admin/pages/{id}   one, with its Markdown and HTML
**   PATCH  /api/v1/admin/pages/{id}   changes the fields named
**   DELETE /api/v1/admin/pages/{id}   deletes it (204)
** Pages are checked, rendered and saved by the writer the newsroom's Pages
** use (newsroom/static_pages.h), audited in the transaction that saves
** them; a refused change changes nothing. The ETag names the page's
** version ("p12-v3"): a PATCH or DELETE sent with it in If-Match changes
** the page only if nobody changed it since, else 412 with the current one,
** as the articles' routes do.
*/
#include "api_json.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/auth.h"
#include "../newsroom/static_pages.h"

#include <jansson.h>
#include <string.h>

/* A PATCH without If-Match is applied again over a save that landed
** between its read and its write, at most this many times (as an
** article's PATCH is). */
#define PAGE_PATCH_ATTEMPTS 16

/* An ISO 8601 date in the site's zone, as a JSON string. */
static json_t *date_json(int64_t when) {
    char iso[40];
    iso8601_format_local(when, iso, sizeof iso);
    return api_string(iso);
}

/* A page as the API gives it (with_body: its Markdown and HTML too); a new
** reference. url is the page's public address; public says whether readers
** see it there (published, in an edition the site runs). */
static json_t *page_json(arena *a, const config *cfg, const static_page *p, bool with_body) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "lang", api_string(p->lang));
    json_object_set_new(o, "slug", api_string(p->slug));
    json_object_set_new(o, "title", api_string(p->title));
    json_object_set_new(o, "description", api_string(p->description));
    json_object_set_new(o, "published", json_boolean(p->published));
    json_object_set_new(o, "public", json_boolean(p->published && config_has_language(cfg, p->lang)));
    json_object_set_new(o, "menu_position", json_integer(p->menu_position));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "created_at", date_json(p->created_at));
    json_object_set_new(o, "updated_at", date_json(p->updated_at));
    json_object_set_new(o, "updated_by", api_string(p->updated_by));
    json_object_set_new(o, "url", api_string(api_url(a, cfg, urls_page_path(a, p->lang, p->slug))));
    if (with_body) {
        json_object_set_new(o, "body_markdown", api_string(p->body_markdown));
        json_object_set_new(o, "body_html", api_string(p->body_html));
    }
    return o;
}

/* The ETag of a page's version, in a. */
static const char *page_etag(arena *a, const static_page *p) {
    return arena_printf(a, "\"p%lld-v%lld\"", (long long)p->id, (long long)p->version);
}

/* Answers with page p, its ETag and status. */
static void send_page(site *s, http_request *req, http_response *resp, int status, const static_page *p) {
    http_response_header(resp, "ETag", page_etag(req->arena, p));
    api_send(resp, status, page_json(req->arena, s->cfg, p, true));
}

/* Reads page id into *out: false having answered 404 or the store's failure. */
static bool find_page(site *s, http_request *req, http_response *resp, int64_t id, static_page *out) {
    int rc = store_page_by_id(s->store, req->arena, id, out);
    if (rc == STORE_OK) return true;
    if (rc == STORE_NOT_FOUND) api_error(resp, 404, "There is no such page.", NULL);
    else api_store_failed(resp, s->store, "The page cannot be read right now.");
    return false;
}

/* Answers 412 with p's ETag, the version now: nothing was changed. */
static void stale(http_request *req, http_response *resp, const static_page *p) {
    const char *etag = page_etag(req->arena, p);
    http_response_header(resp, "ETag", etag);
    api_error(resp, 412, arena_printf(req->arena, "The page has changed since it was read (its ETag is now %s): "
                                      "nothing was changed. Read it again, then retry.", etag), NULL);
}

/* False (having answered 412) when If-Match names another version of p. */
static bool precondition(http_request *req, http_response *resp, const static_page *p) {
    if (http_if_match(req, page_etag(req->arena, p))) return true;
    stale(req, resp, p);
    return false;
}

/* Answers 412 for page id, which changed while it was being written (or
** 404 when it is gone since). */
static void changed_meanwhile(site *s, http_request *req, http_response *resp, int64_t id) {
    static_page now;
    if (find_page(s, req, resp, id, &now)) stale(req, resp, &now);
}

/* Answers a refused save or delete (problem from static_pages.c). */
static void refused(site *s, http_response *resp, const article_problem *problem) {
    switch (problem->code) {
    case ARTICLE_INVALID: api_error(resp, 400, problem->message, problem->field); break;
    case STORE_CONFLICT:
        api_error(resp, 409, "Another page of this edition has this slug: nothing was changed.", "slug");
        break;
    case STORE_NOT_FOUND: api_error(resp, 404, "There is no such page.", NULL); break;
    case STORE_FULL: api_error(resp, 503, "The server's disk is full: nothing was changed.", NULL); break;
    case STORE_UNAVAILABLE:
        http_response_header(resp, "Retry-After", "5");
        api_error(resp, 503, "The database cannot be reached right now: nothing was changed; try again in a moment.", NULL);
        break;
    default:
        log_error("admin api: pages: %s", problem->message);
        api_store_failed(resp, s->store, "Nothing was changed: the page cannot be saved right now.");
    }
}

/* Applies the members of body to in (the page as it is, or zeroed for a
** new one). False having answered 400 naming the member when one is not
** a field of a page or not of its type; the values themselves are checked
** by static_page_prepare. */
static bool apply_body(http_request *req, http_response *resp, json_t *body, static_page *in) {
    static const char *const texts[] = {"lang", "slug", "title", "description", "body_markdown"};
    const char **slots[] = {&in->lang, &in->slug, &in->title, &in->description, &in->body_markdown};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        const char *field = arena_strdup(req->arena, key), *problem = NULL;
        size_t i = 0;
        while (i < sizeof texts / sizeof texts[0] && strcmp(texts[i], key) != 0) i++;
        if (i < sizeof texts / sizeof texts[0]) {
            if (json_is_string(v)) *slots[i] = arena_strdup(req->arena, json_string_value(v));
            else problem = "must be a string";
        } else if (strcmp(key, "published") == 0) {
            if (json_is_boolean(v)) in->published = json_is_true(v);
            else problem = "must be true or false";
        } else if (strcmp(key, "menu_position") == 0) {
            if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= PAGE_MENU_MAX)
                in->menu_position = (int)json_integer_value(v);
            else problem = arena_printf(req->arena, "must be a whole number from 0 (not in the footer) to %d", PAGE_MENU_MAX);
        } else {
            problem = "is not a field of a page";
        }
        if (problem) {
            api_error(resp, 400, arena_printf(req->arena, "field '%s': %s", field, problem), field);
            return false;
        }
    }
    return true;
}

/* Reads the request's body, a JSON object, over in: false having answered 400. */
static bool read_body(http_request *req, http_response *resp, static_page *in) {
    json_t *body = api_body_object(req, resp);
    if (!body) return false;
    bool ok = apply_body(req, resp, body, in);
    json_decref(body);
    return ok;
}

/* Answers with page id as saved, status and (when made) its Location. */
static void send_saved(site *s, http_request *req, http_response *resp, int status, int64_t id) {
    static_page saved;
    if (!find_page(s, req, resp, id, &saved)) return;
    if (status == 201) http_response_header(resp, "Location", arena_printf(req->arena, "/api/v1/admin/pages/%lld", (long long)id));
    send_page(s, req, resp, status, &saved);
}

/* GET pages: every page (?lang=: of one edition), without bodies. */
static void list_pages(site *s, http_request *req, http_response *resp) {
    const char *lang = http_query(req, "lang");
    if (lang && !*lang) lang = NULL;
    if (lang && !config_has_language(s->cfg, lang)) {
        api_error(resp, 400, "lang: must be an edition of this site", "lang");
        return;
    }
    static_page *items;
    size_t n;
    if (store_pages(s->store, req->arena, lang, false, &items, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The pages cannot be listed right now.");
        return;
    }
    /* The store gives them by edition code, each in the footer's order:
    ** here the editions go in the site's order, then any it no longer runs. */
    const config *cfg = s->cfg;
    json_t *list = json_array();
    for (size_t k = 0; k <= cfg->language_count; k++)
        for (size_t i = 0; i < n; i++) {
            bool here = k < cfg->language_count ? strcmp(items[i].lang, cfg->languages[k]) == 0
                                                : !config_has_language(cfg, items[i].lang);
            if (here) json_array_append_new(list, page_json(req->arena, cfg, &items[i], false));
        }
    api_send(resp, 200, json_pack("{s:o}", "items", list));
}

/* Saves in as a new page; 201 with it, its Location and ETag. */
static void save_new_page(site *s, http_request *req, http_response *resp, const actor *who, static_page *in) {
    int64_t id = 0, version = 0;
    article_problem problem;
    if (!static_page_save(s->store, s->cfg, req->arena, who, 0, in, 0, &id, &version, &problem))
        refused(s, resp, &problem);
    else
        send_saved(s, req, resp, 201, id);
}

/* POST pages: a new page from the body. */
static void create_page(site *s, http_request *req, http_response *resp, const actor *who) {
    static_page in = {0};
    if (read_body(req, resp, &in)) save_new_page(s, req, resp, who, &in);
}

void admin_api_page_create(site *s, http_request *req, http_response *resp, const actor *who, json_t *body) {
    if (who->role < ROLE_ADMIN) {
        api_error(resp, 403, "Only admins' tokens read and write the site's pages.", "kind");
        return;
    }
    static_page in = {0};
    if (apply_body(req, resp, body, &in)) save_new_page(s, req, resp, who, &in);
}

/* PATCH: the body's fields over the page as it is, saved only over the
** version read, so that fields it does not name are never put back. With
** If-Match, a version past the one named is a 412; without, a save that
** lands in between is read and the change applied again. */
static void patch_page(site *s, http_request *req, http_response *resp, const actor *who, int64_t id) {
    bool conditional = http_header(req, "If-Match") != NULL;
    for (int attempt = 0; attempt < PAGE_PATCH_ATTEMPTS; attempt++) {
        static_page page;
        if (!find_page(s, req, resp, id, &page) || !precondition(req, resp, &page)) return;
        static_page in = page;
        if (!read_body(req, resp, &in)) return;
        int64_t saved_id, version;
        article_problem problem;
        if (static_page_save(s->store, s->cfg, req->arena, who, id, &in, page.version, &saved_id, &version, &problem)) {
            send_saved(s, req, resp, 200, id);
            return;
        }
        if (problem.code != STORE_STALE) {
            refused(s, resp, &problem);
            return;
        }
        if (conditional) break; /* the version If-Match named is gone */
    }
    changed_meanwhile(s, req, resp, id);
}

/* DELETE pages/{id}: 204 once gone; with If-Match, only from the version
** it names (412 otherwise). */
static void delete_page(site *s, http_request *req, http_response *resp, const actor *who, int64_t id) {
    static_page page;
    if (!find_page(s, req, resp, id, &page) || !precondition(req, resp, &page)) return;
    /* With If-Match (but "*"), only the version it named, checked again in
    ** the delete's transaction. */
    const char *if_match = http_header(req, "If-Match");
    int64_t expected = if_match && strcmp(if_match, "*") != 0 ? page.version : 0;
    article_problem problem;
    if (static_page_delete_version(s->store, who, id, expected, &problem)) {
        resp->status = 204;
        resp->content_type = NULL;
        resp->cache_control = "no-store";
        buf_clear(&resp->body);
    } else if (problem.code == STORE_STALE) {
        changed_meanwhile(s, req, resp, id);
    } else {
        refused(s, resp, &problem);
    }
}

/* Answers 405 with the methods a resource takes. */
static void not_allowed(http_request *req, http_response *resp, const char *methods) {
    http_response_header(resp, "Allow", methods);
    api_error(resp, 405, arena_printf(req->arena, "Use %s here.", methods), NULL);
}

/* Routes rest (after /api/v1/admin/) when it is pages or pages/...;
** see api_json.h. */
bool admin_api_pages(site *s, http_request *req, http_response *resp, const actor *who, const char *rest) {
    bool list = strcmp(rest, "pages") == 0;
    if (!list && !starts_with(rest, "pages/")) return false;
    if (who->role < ROLE_ADMIN) {
        api_error(resp, 403, "Only admins' tokens read and write the site's pages.", NULL);
        return true;
    }
    const char *m = req->method;
    bool get = strcmp(m, "GET") == 0 || req->is_head;
    if (list) {
        if (get) list_pages(s, req, resp);
        else if (strcmp(m, "POST") == 0) create_page(s, req, resp, who);
        else not_allowed(req, resp, "GET, POST");
        return true;
    }
    long long id;
    static_page page;
    if (!parse_int(rest + 6, 1, INT64_MAX, &id)) api_error(resp, 404, "There is no such page.", NULL);
    else if (get) {
        if (find_page(s, req, resp, id, &page)) send_page(s, req, resp, 200, &page);
    } else if (strcmp(m, "PATCH") == 0) patch_page(s, req, resp, who, id);
    else if (strcmp(m, "DELETE") == 0) delete_page(s, req, resp, who, id);
    else not_allowed(req, resp, "GET, PATCH, DELETE");
    return true;
}
