/*
** Live blogs in the Admin API:
**   POST   /api/v1/admin/articles {"kind": "live", ...}   makes a live blog
**   PATCH  /api/v1/admin/articles/{id}
**            "kind": "live" | "article"           makes it one, or not
**            "live": {"ended_at": "ISO 8601"}     ends its coverage (then)
**            "live": {"ended_at": null}           opens it again
**   GET    /api/v1/admin/articles/{id}/updates              its updates
**   POST   /api/v1/admin/articles/{id}/updates              adds one (201):
**            {"title", "body_markdown", "pinned", "author"}
**   GET    /api/v1/admin/articles/{id}/updates/{update_id}  one, with its Markdown
**   PATCH  /api/v1/admin/articles/{id}/updates/{update_id}  corrects it, or pins it
**   DELETE /api/v1/admin/articles/{id}/updates/{update_id}  deletes it (204)
** for editors' and admins' tokens (an update is published at once). The
** checks, rendering and audit are the newsroom's (live_updates.c); a
** refused request changes nothing. Bodies of the updates' routes are
** refused beyond LIVE_API_BODY_MAX before they are read.
*/
#include "api_json.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/live_updates.h"

#include <string.h>
#include <time.h>

/* An end of coverage may be given this far ahead of the server's clock. */
#define LIVE_END_AHEAD_SECONDS 60

/* Answers a refused write (problem from live_updates.c). */
static void refused(site *s, http_request *req, http_response *resp, const article_problem *p) {
    switch (p->code) {
    case ARTICLE_INVALID: api_error(resp, 400, p->message, p->field); break;
    case LIVE_FORBIDDEN:
        api_error(resp, 403, "Only editors' and admins' tokens write live blogs: an update is published at once.", NULL);
        break;
    case LIVE_NOT_LIVE: api_error(resp, 409, "This article is not a live blog: PATCH it with \"kind\": \"live\" first.", NULL); break;
    case LIVE_FULL:
        api_error(resp, 409, arena_printf(req->arena, "This live blog holds %d updates, the most it may: delete some first.",
                                          LIVE_UPDATES_MAX), NULL);
        break;
    case STORE_NOT_FOUND: api_error(resp, 404, "There is no such article or update.", NULL); break;
    case STORE_FULL: api_error(resp, 503, "The server's disk is full: nothing was changed.", NULL); break;
    default: api_store_failed(resp, s->store, "The live blog cannot be changed right now."); break;
    }
}

bool admin_live_read(http_request *req, http_response *resp, const actor *who, json_t *body, bool creating,
                     admin_live_change *out) {
    memset(out, 0, sizeof *out);
    json_t *kind = json_object_get(body, "kind"), *live = json_object_get(body, "live");
    out->present = kind || live;
    if (kind) {
        const char *k = json_string_value(kind);
        if (!k || (strcmp(k, "article") != 0 && strcmp(k, "live") != 0 && (!creating || strcmp(k, "page") != 0))) {
            api_error(resp, 400, creating ? "field 'kind': must be article, live or page"
                                          : "field 'kind': must be article or live (a page is made apart)", "kind");
            return false;
        }
        out->page = strcmp(k, "page") == 0;
        out->set_kind = !out->page && (!creating || strcmp(k, "live") == 0);
        out->live = strcmp(k, "live") == 0;
    }
    if (live) {
        json_t *end = json_object_get(live, "ended_at");
        const char *problem = NULL;
        if (creating) problem = "is set with a PATCH once the live blog is made";
        else if (!json_is_object(live) || !end || json_object_size(live) != 1)
            problem = "must be {\"ended_at\": an ISO 8601 date and time, or null}";
        else if (!json_is_null(end) &&
                 (!json_is_string(end) || !timeutil_parse_local(json_string_value(end), &out->ended_at)))
            problem = "ended_at must be an ISO 8601 date and time, e.g. 2026-02-14T16:50:00+04:00, or null";
        else if (out->ended_at > (int64_t)time(NULL) + LIVE_END_AHEAD_SECONDS)
            problem = "ended_at must not be in the future: end the coverage when it ends";
        else if (json_is_null(end)) out->ended_at = 0;
        if (problem) {
            api_error(resp, 400, arena_printf(req->arena, "field 'live': %s", problem), "live");
            return false;
        }
        if (out->ended_at == 0 && !json_is_null(end)) out->ended_at = 1; /* the epoch itself still ends it */
        out->set_end = true;
    }
    if ((out->set_kind || out->set_end) && who->role < ROLE_EDITOR) {
        api_error(resp, 403, "Only editors' and admins' tokens write live blogs.", kind ? "kind" : "live");
        return false;
    }
    return true;
}

bool admin_live_apply(site *s, http_request *req, http_response *resp, const actor *who, int64_t id,
                      const admin_live_change *change) {
    article_problem p;
    if (change->set_kind && !live_blog_set(s->store, req->arena, who, id, change->live, &p)) {
        refused(s, req, resp, &p);
        return false;
    }
    if (change->set_end && !live_coverage_end(s->store, req->arena, who, id, change->ended_at, &p)) {
        refused(s, req, resp, &p);
        return false;
    }
    return true;
}

/* The public address of article art's page, in a. */
static const char *page_url(arena *a, const config *cfg, const article *art) {
    return api_url(a, cfg, urls_article_path(a, art->lang, art->category_slug, art->slug));
}

json_t *admin_live_json(store *s, arena *a, const config *cfg, const article *art, bool *live) {
    live_blog blog;
    *live = false;
    if (store_live_blog(s, a, art->id, LIVE_UPDATES_MAX, true, &blog) != STORE_OK || !blog.live) return json_null();
    *live = true;
    return api_live_json(a, cfg, art, &blog);
}

/* One update as the Admin API gives it: the public form with its article
** and Markdown. A new reference. */
static json_t *update_json(arena *a, const config *cfg, const article *art, const live_update *u) {
    json_t *o = api_live_update_json(a, page_url(a, cfg, art), u);
    json_object_set_new(o, "article_id", json_integer(u->article_id));
    json_object_set_new(o, "body_markdown", api_string(u->body_markdown));
    return o;
}

/* Reads the fields of an update from the request's body over *in: false
** having answered 400. */
static bool read_update(http_request *req, http_response *resp, live_update *in, bool creating) {
    json_t *body = api_body_object(req, resp);
    if (!body) return false;
    const char *key, *problem = NULL, *field = NULL;
    json_t *v;
    json_object_foreach(body, key, v) {
        field = arena_strdup(req->arena, key);
        if (strcmp(key, "title") == 0 || strcmp(key, "body_markdown") == 0 || (creating && strcmp(key, "author") == 0)) {
            if (!json_is_string(v)) problem = "must be a string";
            else if (strcmp(key, "title") == 0) in->title = arena_strdup(req->arena, json_string_value(v));
            else if (strcmp(key, "author") == 0) in->author = arena_strdup(req->arena, json_string_value(v));
            else in->body_markdown = arena_strdup(req->arena, json_string_value(v));
        } else if (strcmp(key, "pinned") == 0) {
            if (json_is_boolean(v)) in->pinned = json_is_true(v);
            else problem = "must be true or false";
        } else {
            problem = strcmp(key, "author") == 0 ? "is given when the update is posted" : "is not a field of an update";
        }
        if (problem) break;
    }
    json_decref(body);
    if (problem) {
        api_error(resp, 400, arena_printf(req->arena, "field '%s': %s", field, problem), field);
        return false;
    }
    if (creating && !in->body_markdown) {
        api_error(resp, 400, "field 'body_markdown': is required", "body_markdown");
        return false;
    }
    return true;
}

/* Answers with update uid of art as saved, and status. */
static void send_update(site *s, http_request *req, http_response *resp, int status, const article *art, int64_t uid) {
    live_update u;
    int rc = store_live_update_by_id(s->store, req->arena, art->id, uid, &u);
    if (rc != STORE_OK) {
        if (rc == STORE_NOT_FOUND) api_error(resp, 404, "There is no such update.", NULL);
        else api_store_failed(resp, s->store, "The update cannot be read right now.");
        return;
    }
    if (status == 201)
        http_response_header(resp, "Location", arena_printf(req->arena, "/api/v1/admin/articles/%lld/updates/%lld",
                                                            (long long)art->id, (long long)uid));
    api_send(resp, status, update_json(req->arena, s->cfg, art, &u));
}

/* GET updates: every update, the pinned first, then the newest. */
static void list_updates(site *s, http_request *req, http_response *resp, const article *art) {
    live_blog blog;
    if (store_live_blog(s->store, req->arena, art->id, LIVE_UPDATES_MAX, true, &blog) != STORE_OK) {
        api_store_failed(resp, s->store, "The updates cannot be read right now.");
        return;
    }
    if (!blog.live) {
        api_error(resp, 409, "This article is not a live blog: PATCH it with \"kind\": \"live\" first.", NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < blog.count; i++)
        json_array_append_new(items, api_live_update_json(req->arena, page_url(req->arena, s->cfg, art), &blog.updates[i]));
    api_send(resp, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)blog.total));
}

/* POST updates, and PATCH and DELETE updates/{uid}. */
static void write_update(site *s, http_request *req, http_response *resp, const actor *who, const article *art,
                         int64_t uid) {
    article_problem p;
    if (strcmp(req->method, "DELETE") == 0) {
        if (!live_update_delete(s->store, req->arena, who, art->id, uid, &p)) {
            refused(s, req, resp, &p);
            return;
        }
        resp->status = 204;
        resp->content_type = NULL;
        resp->cache_control = "no-store";
        buf_clear(&resp->body);
        return;
    }
    live_update in = {.article_id = art->id, .id = uid};
    if (uid) {
        /* A PATCH: the fields it names over the update as it is. */
        int rc = store_live_update_by_id(s->store, req->arena, art->id, uid, &in);
        if (rc != STORE_OK) {
            if (rc == STORE_NOT_FOUND) api_error(resp, 404, "There is no such update.", NULL);
            else api_store_failed(resp, s->store, "The update cannot be read right now.");
            return;
        }
    }
    if (!read_update(req, resp, &in, uid == 0)) return;
    int64_t saved;
    if (!live_update_save(s->store, s->cfg, req->arena, who, &in, &saved, &p)) refused(s, req, resp, &p);
    else send_update(s, req, resp, uid ? 200 : 201, art, saved);
}

/* Answers 405 with the methods a resource takes. */
static void not_allowed(http_request *req, http_response *resp, const char *methods) {
    http_response_header(resp, "Allow", methods);
    api_error(resp, 405, arena_printf(req->arena, "Use %s here.", methods), NULL);
}

bool admin_api_live_path(const char *rest) {
    if (!starts_with(rest, "articles/")) return false;
    const char *slash = strchr(rest + 9, '/');
    return slash && (strcmp(slash, "/updates") == 0 || starts_with(slash, "/updates/"));
}

bool admin_api_live(site *s, http_request *req, http_response *resp, const actor *who, const char *rest) {
    if (!admin_api_live_path(rest)) return false;
    const char *slash = strchr(rest + 9, '/');
    long long id, uid = 0;
    char digits[24];
    size_t n = (size_t)(slash - (rest + 9));
    bool ok = n > 0 && n < sizeof digits;
    if (ok) {
        memcpy(digits, rest + 9, n);
        digits[n] = '\0';
        ok = parse_int(digits, 1, INT64_MAX, &id);
    }
    const char *tail = slash + strlen("/updates");
    if (ok && *tail) ok = parse_int(tail + 1, 1, INT64_MAX, &uid);
    article art;
    int rc = ok ? store_article_by_id(s->store, req->arena, id, &art) : STORE_NOT_FOUND;
    if (rc == STORE_OK && art.deleted_at) rc = STORE_NOT_FOUND;
    if (rc != STORE_OK) {
        if (rc == STORE_NOT_FOUND) api_error(resp, 404, "There is no such article or update.", NULL);
        else api_store_failed(resp, s->store, "The article cannot be read right now.");
        return true;
    }
    const char *m = req->method;
    bool get = strcmp(m, "GET") == 0 || req->is_head;
    if (who->role < ROLE_EDITOR && !(get && strcmp(art.owner, who->id) == 0)) {
        api_error(resp, 403, "Only editors' and admins' tokens write live blogs: an update is published at once.", NULL);
        return true;
    }
    if (!uid) {
        if (get) list_updates(s, req, resp, &art);
        else if (strcmp(m, "POST") == 0) write_update(s, req, resp, who, &art, 0);
        else not_allowed(req, resp, "GET, POST");
    } else if (get) {
        send_update(s, req, resp, 200, &art, uid);
    } else if (strcmp(m, "PATCH") == 0 || strcmp(m, "DELETE") == 0) {
        write_update(s, req, resp, who, &art, uid);
    } else {
        not_allowed(req, resp, "GET, PATCH, DELETE");
    }
    return true;
}
