/* The dispatch table and the page cache layer. See app.h. */
#include "app.h"
#include "../api/api.h"
#include "../core/text.h"
#include "../newsroom/admin.h"
#include "../site/page_cache.h"
#include "../site/pages.h"
#include "../site/preview.h"
#include "../site/site.h"
#include "health.h"
#include "metrics_page.h"
#include "../core/metrics.h"

#include <string.h>

typedef enum match {
    MATCH_TREE,  /* the prefix itself, or anything below it: "/admin", "/admin/..." */
    MATCH_BELOW, /* only below it: "/static/..." */
    MATCH_EXACT, /* the prefix itself only: "/healthz" */
    MATCH_ALL,   /* everything (the last route) */
} match;

typedef struct route {
    const char *prefix;
    match match;
    bool cached;   /* public answers: through the page cache, in one read snapshot */
    bool offload;  /* the newsroom's threads; the page cache follows its commits */
    metric_route kind; /* for metrics: what its answers are (the site's handlers say which page) */
    /* Admission from the headers; NULL: readers' rules (reading methods, no body). */
    bool (*admit)(site *s, http_request *req, http_admission *adm, http_response *resp);
    void (*handle)(site *s, http_request *req, http_response *resp);
} route;

static const route routes[] = {
    {"/healthz", MATCH_EXACT, false, false, ROUTE_HEALTH, NULL, health_live},
    {"/readyz", MATCH_EXACT, false, false, ROUTE_HEALTH, NULL, health_ready},
    {"/metrics", MATCH_EXACT, false, false, ROUTE_METRICS, NULL, metrics_page},
    {"/favicon.ico", MATCH_EXACT, false, false, ROUTE_STATIC, NULL, favicon_file},
    {"/admin", MATCH_TREE, false, true, ROUTE_ADMIN, admin_admit, admin_handle},
    {"/api/v1/admin", MATCH_TREE, false, true, ROUTE_API, admin_api_admit, admin_api_handle},
    {"/api/", MATCH_BELOW, true, false, ROUTE_API, NULL, api_handle},
    {"/static/", MATCH_BELOW, false, false, ROUTE_STATIC, NULL, static_file},
    {"/media/", MATCH_BELOW, false, false, ROUTE_MEDIA, NULL, media_file},
    /* Drafts shown by a preview link: never through the page cache. */
    {"/preview/", MATCH_BELOW, false, false, ROUTE_ARTICLE, NULL, preview_page},
    {"/", MATCH_ALL, true, false, ROUTE_OTHER, NULL, site_handle},
};

/* The route of a path: the first that matches (the last matches all). */
static const route *route_of(const char *path) {
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const route *r = &routes[i];
        size_t n = strlen(r->prefix);
        if (r->match == MATCH_ALL) return r;
        if (strncmp(path, r->prefix, n) != 0) continue;
        if (r->match == MATCH_EXACT) {
            if (path[n] == '\0') return r;
            continue;
        }
        if (r->match == MATCH_BELOW || path[n] == '\0' || path[n] == '/') return r;
    }
    return &routes[sizeof routes / sizeof routes[0] - 1];
}

static bool reading_method(const http_request *req) {
    return strcmp(req->method, "GET") == 0 || req->is_head || strcmp(req->method, "OPTIONS") == 0;
}

bool app_admit(void *app, http_request *req, http_admission *adm, http_response *resp) {
    site *s = app;
    const route *r = route_of(req->path);
    resp->route = r->kind;
    adm->offload = r->offload;
    if (r->admit) return r->admit(s, req, adm, resp);
    /* Readers send no bodies. Any other method gets the handler's own
    ** refusal (405, in its format) at once, and its body is never read. */
    adm->body_limit = 0;
    if (reading_method(req)) return true;
    r->handle(s, req, resp);
    return false;
}

/* A public answer: from the page cache, or made in one read snapshot and
** kept there. Its Last-Modified is never older than the last change to
** the content, nor than the server's start (the theme may have changed;
** prepared answers, the assets, carry their own). */
static void serve_public(site *s, const route *r, http_request *req, http_response *resp) {
    bool reads = strcmp(req->method, "GET") == 0 || req->is_head;
    const char *key = NULL;
    uint64_t ticket = 0;
    if (s->cache && reads) {
        key = page_cache_key(req);
        if (page_cache_serve(s->cache, key, req, resp, &ticket)) {
            resp->cache_result = "hit";
            return;
        }
        resp->cache_result = "miss";
    }
    bool reading = reads && store_read_begin(s->store) == STORE_OK;
    r->handle(s, req, resp);
    int64_t changed_at, generation, floor = s->started_at;
    if (!resp->prepared && store_content_version(s->store, &changed_at, &generation) == STORE_OK &&
        changed_at > floor)
        floor = changed_at;
    if (!resp->prepared && resp->last_modified < floor) resp->last_modified = floor;
    if (reading) store_read_end(s->store);
    if (key && reading) page_cache_keep(s->cache, key, ticket, req, resp);
}

void app_handle(void *app, http_request *req, http_response *resp) {
    site *s = app;
    const route *r = route_of(req->path);
    resp->route = r->kind;
    if (r->cached) {
        serve_public(s, r, req, resp);
        return;
    }
    r->handle(s, req, resp);
    /* What the newsroom committed (and nothing else) reaches readers from
    ** the next request on. */
    if (r->offload) page_cache_sync(s->cache);
}

void app_refused(void *app, http_request *req, http_response *resp, int status, const char *reason) {
    (void)app;
    (void)status;
    if (starts_with(req->path, "/api/")) {
        api_refused(resp, status, reason);
        return;
    }
    resp->content_type = "text/plain; charset=utf-8";
    buf_printf(&resp->body, "%s\n", reason);
}
