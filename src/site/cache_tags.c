/* Cache tags. See cache_tags.h. */
#include "cache_tags.h"

#include <string.h>

void cache_tags_send(http_response *resp, const char *tags) {
    if (!tags || !*tags) return;
    http_response_header(resp, "Surrogate-Key", tags);
    http_response_header(resp, "xkey", tags);
}

void cache_tags_of_change(buf *out, const content_change *c) {
    const char *sep = out->len ? " " : "";
    if (!c->article_id) {
        /* Categories, settings, static pages: everywhere, or all of one
        ** edition (and the sitemaps, which list its pages). */
        if (!c->scope || strcmp(c->scope, "*") == 0) buf_printf(out, "%ssite", sep);
        else buf_printf(out, "%sed-%s sitemap", sep, c->scope);
        return;
    }
    buf_printf(out, "%sa%lld", sep, (long long)c->article_id);
    if (!c->lang) return;
    buf_printf(out, " home-%s feed-%s search-%s sitemap api", c->lang, c->lang, c->lang);
    if (c->category_slug && *c->category_slug) buf_printf(out, " cat-%s-%s", c->lang, c->category_slug);
    if (c->author_slug && *c->author_slug) buf_printf(out, " author-%s-%s", c->lang, c->author_slug);
}
