/* The metrics page. See metrics_page.h. */
#include "metrics_page.h"
#include "../core/metrics.h"
#include "../core/netaddr.h"
#include "../core/version.h"
#include "../site/page.h"
#include "../site/page_cache.h"
#include "../site/views.h"
#include "../store/store.h"

#include <string.h>

/* True when the client may read the metrics. */
static bool allowed(const site *s, const http_request *req) {
    netaddr client;
    if (!req->client || !netaddr_parse(req->client, strlen(req->client), &client)) return false;
    for (int i = 0; i < s->cfg->metrics_allow_count; i++)
        if (netrange_contains(&s->cfg->metrics_allow[i], &client)) return true;
    return false;
}

void metrics_page(site *s, http_request *req, http_response *resp) {
    if (!allowed(s, req)) {
        page_not_found(s, req, resp, NULL);
        resp->cache_control = "no-store";
        return;
    }
    if (strcmp(req->method, "GET") != 0 && !req->is_head) {
        resp->status = 405;
        resp->content_type = "text/plain; charset=utf-8";
        resp->cache_control = "no-store";
        http_response_header(resp, "Allow", "GET, HEAD");
        buf_puts(&resp->body, "Use GET.\n");
        return;
    }
    metrics_gauges g = {.version = GAZETTE_VERSION, .engine = store_engine(s->store)};
    if (s->cache) {
        page_cache_stats cs;
        page_cache_stats_get(s->cache, &cs);
        g.cache_hits = cs.hits;
        g.cache_misses = cs.misses;
        g.cache_evictions = cs.evictions;
        g.cache_clears = cs.clears;
        g.cache_bytes = cs.bytes;
        g.cache_entries = cs.entries;
        g.cache_capacity = cs.max_bytes;
    }
    if (s->views) views_stats_get(s->views, &g.views_counted, &g.views_flushed, &g.views_pending);
    metrics_render(&resp->body, &g);
    resp->status = 200;
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    resp->cache_control = "no-store";
}
