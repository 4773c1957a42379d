/* Static assets, from memory, under content-hashed names: cached for a
** year by browsers and CDNs, since a changed file gets a new name. */
#include "page.h"
#include "cache.h"
#include "pages.h"


void static_file(site *s, http_request *req, http_response *resp) {
    const asset *as = theme_asset_by_url(s->theme, req->path);
    if (!as) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    resp->etag = as->etag;
    resp->cache_control = CACHE_IMMUTABLE;
    resp->content_type = as->content_type;
    resp->static_body = as->data;
    resp->static_len = as->size;
}
