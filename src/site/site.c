/*
** Routing of the public site. Paths are split into segments and matched
** by shape (see core/urls.h); any segment that is not a well-formed slug or
** a configured edition leads to the 404 page, so handlers only ever see
** clean arguments.
*/
#include "site.h"
#include "page.h"
#include "pages.h"
#include "page_cache.h"
#include "../api/api.h"
#include "../newsroom/admin.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <string.h>
#include <time.h>

#define MAX_SEGMENTS 4

/* Splits "/a/b/c" into segments in the arena. Returns the count, or -1
** for more than MAX_SEGMENTS or an empty segment inside the path. */
static int split_path(arena *a, const char *path, const char **segments, bool *trailing_slash) {
    int n = 0;
    *trailing_slash = false;
    const char *p = path;
    if (*p != '/') return -1;
    p++;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0) return -1;
        if (n == MAX_SEGMENTS) return -1;
        segments[n++] = arena_strndup(a, p, len);
        if (!slash) break;
        p = slash + 1;
        if (!*p) *trailing_slash = true;
    }
    return n;
}

size_t site_body_limit(void *app, const char *method, const char *path) {
    site *s = app;
    (void)method;
    /* Image uploads may be large; every other body is a form or some JSON. */
    if (strcmp(path, "/admin/media") == 0 || starts_with(path, "/admin/articles") ||
        strcmp(path, "/api/v1/admin/media") == 0)
        return (size_t)s->cfg->max_upload_mb * 1024 * 1024 + 64 * 1024;
    return 1024 * 1024;
}

void site_refused(void *app, http_request *req, http_response *resp, int status, const char *reason) {
    (void)app;
    (void)status;
    if (starts_with(req->path, "/api/")) {
        api_refused(resp, status, reason);
        return;
    }
    resp->content_type = "text/plain; charset=utf-8";
    buf_printf(&resp->body, "%s\n", reason);
}

static bool is_feed(const char *name) {
    return strcmp(name, "rss.xml") == 0 || strcmp(name, "atom.xml") == 0;
}

static void route(site *s, http_request *req, http_response *resp);

/* True for the newsroom and the Admin API: never cached, and their writes
** change what readers see. */
static bool is_newsroom(const http_request *req) {
    return strcmp(req->path, "/admin") == 0 || starts_with(req->path, "/admin/") ||
           starts_with(req->path, "/api/v1/admin/");
}

void site_handle(void *app, http_request *req, http_response *resp) {
    site *s = app;
    bool reads = strcmp(req->method, "GET") == 0 || req->is_head;
    bool newsroom = is_newsroom(req);
    const char *key = s->cache && reads && !newsroom ? page_cache_key(req) : NULL;
    uint64_t ticket = 0;
    if (key && page_cache_serve(s->cache, key, req, resp, &ticket)) return;
    /* Readers' pages only read: one snapshot, one lock per request. The
    ** newsroom and the Admin API write and manage their own transactions. */
    bool reading = reads && !newsroom && store_read_begin(s->store) == STORE_OK;
    route(s, req, resp);
    /* An answer depends on more than the articles it shows (categories,
    ** settings, what was removed): it is never older than the last change
    ** to the content, nor than the server's start. (Prepared answers, the
    ** assets, carry their own.) */
    int64_t changed_at, generation;
    int64_t floor = s->started_at;
    if (!resp->prepared && store_content_version(s->store, &changed_at, &generation) == STORE_OK &&
        changed_at > floor)
        floor = changed_at;
    if (!resp->prepared && resp->last_modified < floor) resp->last_modified = floor;
    if (reading) store_read_end(s->store);
    if (!s->cache) return;
    if (key && reading) page_cache_keep(s->cache, key, ticket, req, resp);
    /* A write in the newsroom: readers see it from the next request on. */
    else if (newsroom && !reads && strcmp(req->path, "/admin/preview") != 0) page_cache_clear(s->cache);
}

/* Hands the request to the handler of its address. */
static void route(site *s, http_request *req, http_response *resp) {
    if (strcmp(req->path, "/admin") == 0 || starts_with(req->path, "/admin/")) {
        admin_handle(s, req, resp);
        return;
    }
    if (starts_with(req->path, "/api/")) {
        api_handle(s, req, resp);
        return;
    }
    if (strcmp(req->method, "GET") != 0 && !req->is_head) {
        resp->status = 405;
        resp->content_type = "text/plain; charset=utf-8";
        http_response_header(resp, "Allow", "GET, HEAD");
        buf_puts(&resp->body, "Method not allowed.\n");
        return;
    }
    if (starts_with(req->path, "/static/")) {
        static_file(s, req, resp);
        return;
    }
    if (starts_with(req->path, "/media/")) {
        media_file(s, req, resp);
        return;
    }
    if (strcmp(req->path, "/robots.txt") == 0) {
        robots_txt(s, req, resp);
        return;
    }
    if (strcmp(req->path, "/sitemap.xml") == 0 || strcmp(req->path, "/news-sitemap.xml") == 0) {
        sitemap_page(s, req, resp, req->path + 1);
        return;
    }
    if (starts_with(req->path, "/sitemaps/")) {
        sitemap_page(s, req, resp, req->path + strlen("/sitemaps/"));
        return;
    }
    const char *seg[MAX_SEGMENTS];
    bool slash;
    int n = split_path(req->arena, req->path, seg, &slash);
    const char *lang = n >= 1 && config_has_language(s->cfg, seg[0]) ? seg[0] : NULL;
    if (n == 0) {
        http_redirect(resp, 302, arena_printf(req->arena, "/%s/", s->cfg->default_language));
        return;
    }
    if (lang && n == 1) {
        if (!slash) http_redirect(resp, 301, arena_printf(req->arena, "/%s/", lang));
        else home_page(s, req, resp, lang);
        return;
    }
    if (lang && n == 2 && !slash && is_feed(seg[1])) {
        feed_page(s, req, resp, lang, NULL, seg[1]);
        return;
    }
    if (lang && n == 3 && !slash && is_feed(seg[2]) && slug_valid(seg[1], SLUG_MAX)) {
        feed_page(s, req, resp, lang, seg[1], seg[2]);
        return;
    }
    if (lang && n == 2 && !slash && strcmp(seg[1], "search") == 0) {
        search_page(s, req, resp, lang);
        return;
    }
    if (lang && n == 2 && !slash && strcmp(seg[1], "search.json") == 0) {
        search_json(s, req, resp, lang);
        return;
    }
    if (lang && n >= 2 && slug_valid(seg[1], SLUG_MAX) && !urls_reserved_category(seg[1])) {
        if (n == 2) {
            if (!slash) http_redirect(resp, 301, urls_category_path(req->arena, lang, seg[1]));
            else category_page(s, req, resp, lang, seg[1]);
            return;
        }
        if (n == 3 && slug_valid(seg[2], SLUG_MAX)) {
            if (slash) http_redirect(resp, 301, urls_article_path(req->arena, lang, seg[1], seg[2]));
            else article_page(s, req, resp, lang, seg[1], seg[2]);
            return;
        }
    }
    page_not_found(s, req, resp, lang);
}
