/* Static assets, from memory, under content-hashed names: cached for a
** year by browsers and CDNs, since a changed file gets a new name. Each is
** prepared once (with its brotli and gzip codings) when the theme loads. */
#include "page.h"
#include "cache.h"
#include "pages.h"


void static_file(site *s, http_request *req, http_response *resp) {
    const asset *as = theme_asset_by_url(s->theme, req->path);
    if (!as) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    /* Prepared at load: brotli or gzip when the client takes it and it saves. */
    http_encoding e = http_accepted_encoding(http_header(req, "Accept-Encoding"));
    if (!as->prepared[e]) e = HTTP_IDENTITY;
    resp->prepared = as->prepared[e];
    resp->etag = as->etags[e];
    resp->last_modified = as->loaded_at;
    resp->cache_control = CACHE_IMMUTABLE;
    resp->content_type = as->content_type;
}

void favicon_file(site *s, http_request *req, http_response *resp) {
    const asset *as = theme_asset_by_name(s->theme, "favicon.svg");
    if (!as) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    /* Its address has no hash in it: kept an hour, not a year (so not the
    ** prepared answers, which say immutable). */
    resp->static_body = as->data;
    resp->static_len = as->size;
    resp->etag = as->etag;
    resp->last_modified = as->loaded_at;
    resp->cache_control = CACHE_SLOW;
    resp->content_type = as->content_type;
}
