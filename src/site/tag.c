/*
** A tag's page, /{lang}/tag/{slug}: the stories of an edition with a tag,
** newest first, 20 to a page, with the category page's template, pages
** (?page=N), endless feed (?older=CURSOR, fragment=1) and its own feeds
** (/{lang}/tag/{slug}/rss.xml, atom.xml). The slug is the tag's
** (urls_tag_slug), so "Ferry timetable" and "ferry timetable" are one
** page; its name is the spelling most of its stories use. The tags under
** a story lead here. A tag no visible story of the edition has is not
** found (404).
*/
#include "listing.h"
#include "pages.h"
#include "structured.h"
#include "../core/urls.h"

void tag_page(site *s, http_request *req, http_response *resp, const char *lang, const char *tag_slug) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "tag: navigation");
        return;
    }
    page_tag(&p, "tag-%s-%s", lang, tag_slug);
    list_query q;
    if (!list_query_parse(req, &q)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    article *items;
    size_t n;
    if (store_articles_by_tag(s->store, p.arena, lang, tag_slug, list_query_cursor(&q), list_query_offset(&q),
                              LIST_PAGE_SIZE + 1, &items, &n) != STORE_OK) {
        page_error(s, req, resp, "tag: list");
        return;
    }
    /* The end of the feed is an empty fragment; anything else empty is no page. */
    if (n == 0 && !(q.fragment && q.by_cursor)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    const char *path = urls_tag_path(p.arena, lang, tag_slug);
    list_fill(&p, path, &q, items, n);
    if (q.fragment) {
        page_render_fragment(&p, "feed_items");
        return;
    }
    const char *name;
    int64_t article_count = 0;
    int rc = store_tag_by_slug(s->store, p.arena, lang, tag_slug, &name, &article_count);
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, lang);
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "tag: name");
        return;
    }
    tv *c = tv_object(p.arena);
    tv_set_text(c, "name", name);
    tv_set_text(c, "description", "");
    tv_set_text(c, "url", path);
    tv_set(p.ctx, "category", c);
    /* The tag's own feeds beside the edition's, for readers' apps. */
    list_add_feeds(&p, path, name);
    tv_set_int(p.ctx, "article_count", article_count);
    tv_set_int(p.ctx, "page_number", q.page_number);
    const char *title = list_title(&p, name, &q);
    const char *canonical = list_canonical(&p, path, &q);
    page_meta(&p, title, title, canonical);
    if (q.by_cursor) tv_set_bool(p.ctx, "noindex", true);
    structured_tag(&p, name, tag_slug, title, title, canonical);
    page_render(&p, "category");
}
