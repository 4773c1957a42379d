/*
** Routing of the reader site's pages (the program's dispatch, src/app/,
** hands it every path the newsroom, the API, assets and images do not
** take). Paths are split into segments and matched by shape (see
** core/urls.h); any segment that is not a well-formed slug or a configured
** edition leads to the 404 page, so handlers only ever see clean arguments.
*/
#include "site.h"
#include "../core/metrics.h"
#include "cache_tags.h"
#include "page.h"
#include "pages.h"
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

static bool is_feed(const char *name) {
    return strcmp(name, "rss.xml") == 0 || strcmp(name, "atom.xml") == 0;
}

void site_handle(site *s, http_request *req, http_response *resp) {
    if (strcmp(req->method, "GET") != 0 && !req->is_head) {
        resp->status = 405;
        resp->content_type = "text/plain; charset=utf-8";
        http_response_header(resp, "Allow", "GET, HEAD");
        buf_puts(&resp->body, "Method not allowed.\n");
        return;
    }
    resp->route = ROUTE_OTHER;
    if (strcmp(req->path, "/robots.txt") == 0) {
        robots_txt(s, req, resp);
        cache_tags_send(resp, "site");
        return;
    }
    if (strcmp(req->path, "/sitemap.xml") == 0 || strcmp(req->path, "/news-sitemap.xml") == 0) {
        resp->route = ROUTE_FEED;
        sitemap_page(s, req, resp, req->path + 1);
        if (resp->status == 200) cache_tags_send(resp, "site sitemap");
        return;
    }
    if (starts_with(req->path, "/sitemaps/")) {
        resp->route = ROUTE_FEED;
        sitemap_page(s, req, resp, req->path + strlen("/sitemaps/"));
        if (resp->status == 200) cache_tags_send(resp, "site sitemap");
        return;
    }
    const char *seg[MAX_SEGMENTS];
    bool slash;
    int n = split_path(req->arena, req->path, seg, &slash);
    const char *lang = n >= 1 && config_has_language(s->cfg, seg[0]) ? seg[0] : NULL;
    if (n == 0) {
        if (old_address_redirect(s, req, resp)) return;
        http_redirect(resp, 302, arena_printf(req->arena, "/%s/", s->cfg->default_language));
        return;
    }
    if (lang && n == 1) {
        resp->route = ROUTE_HOME;
        if (!slash) http_redirect(resp, 301, arena_printf(req->arena, "/%s/", lang));
        else home_page(s, req, resp, lang);
        return;
    }
    if (lang && n == 2 && !slash && is_feed(seg[1])) {
        resp->route = ROUTE_FEED;
        feed_page(s, req, resp, lang, &(feed_of){0}, seg[1]);
        if (resp->status == 200) cache_tags_send(resp, arena_printf(req->arena, "site ed-%s feed-%s", lang, lang));
        return;
    }
    if (lang && n == 3 && !slash && is_feed(seg[2]) && slug_valid(seg[1], SLUG_MAX)) {
        resp->route = ROUTE_FEED;
        feed_page(s, req, resp, lang, &(feed_of){.category_slug = seg[1]}, seg[2]);
        if (resp->status == 200)
            cache_tags_send(resp, arena_printf(req->arena, "site ed-%s feed-%s cat-%s-%s", lang, lang, lang, seg[1]));
        return;
    }
    if (lang && n == 2 && !slash && strcmp(seg[1], "search") == 0) {
        resp->route = ROUTE_SEARCH;
        search_page(s, req, resp, lang);
        return;
    }
    if (lang && n == 2 && !slash && strcmp(seg[1], "most-read") == 0) {
        most_read_page(s, req, resp, lang);
        return;
    }
    if (lang && n == 2 && !slash && strcmp(seg[1], "search.json") == 0) {
        resp->route = ROUTE_SEARCH;
        search_json(s, req, resp, lang);
        if (resp->status == 200) cache_tags_send(resp, arena_printf(req->arena, "site ed-%s search-%s", lang, lang));
        return;
    }
    if (lang && n == 4 && !slash && strcmp(seg[1], "author") == 0 && slug_valid(seg[2], SLUG_MAX) && is_feed(seg[3])) {
        resp->route = ROUTE_FEED;
        feed_page(s, req, resp, lang, &(feed_of){.author_slug = seg[2]}, seg[3]);
        if (resp->status == 200)
            cache_tags_send(resp, arena_printf(req->arena, "site ed-%s feed-%s author-%s-%s", lang, lang, lang, seg[2]));
        return;
    }
    if (lang && n == 3 && !slash && strcmp(seg[1], "author") == 0 && slug_valid(seg[2], SLUG_MAX)) {
        author_page(s, req, resp, lang, seg[2]);
        return;
    }
    if (lang && n == 4 && !slash && strcmp(seg[1], "tag") == 0 && slug_valid(seg[2], SLUG_MAX) && is_feed(seg[3])) {
        resp->route = ROUTE_FEED;
        feed_page(s, req, resp, lang, &(feed_of){.tag_slug = seg[2]}, seg[3]);
        if (resp->status == 200)
            cache_tags_send(resp, arena_printf(req->arena, "site ed-%s feed-%s tag-%s-%s", lang, lang, lang, seg[2]));
        return;
    }
    if (lang && n == 3 && !slash && strcmp(seg[1], "tag") == 0 && slug_valid(seg[2], SLUG_MAX)) {
        resp->route = ROUTE_CATEGORY;
        tag_page(s, req, resp, lang, seg[2]);
        return;
    }
    if (lang && n == 3 && !slash && strcmp(seg[1], "page") == 0 && slug_valid(seg[2], SLUG_MAX)) {
        resp->route = ROUTE_ARTICLE;
        static_page_view(s, req, resp, lang, seg[2]);
        return;
    }
    if (lang && n >= 2 && slug_valid(seg[1], SLUG_MAX) && !urls_reserved_category(seg[1])) {
        if (n == 2) {
            resp->route = ROUTE_CATEGORY;
            if (!slash) http_redirect(resp, 301, urls_category_path(req->arena, lang, seg[1]));
            else category_page(s, req, resp, lang, seg[1]);
            return;
        }
        if (n == 3 && slug_valid(seg[2], SLUG_MAX)) {
            resp->route = ROUTE_ARTICLE;
            if (slash) http_redirect(resp, 301, urls_article_path(req->arena, lang, seg[1], seg[2]));
            else article_page(s, req, resp, lang, seg[1], seg[2]);
            return;
        }
    }
    page_not_found(s, req, resp, lang);
}
