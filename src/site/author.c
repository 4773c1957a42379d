/*
** An author's page, /{lang}/author/{slug}: the stories of one byline in an
** edition, newest first, 20 to a page, with the category page's template,
** pages (?page=N) and endless feed (?older=CURSOR, fragment=1). The slug is
** the byline's (slugify()), so the address stays the same from story to
** story; the name shown is the newest story's byline. It is the url of the
** author in each article's JSON-LD, and the byline under a story leads here.
** An author with no visible story in the edition is not found (404).
*/
#include "listing.h"
#include "pages.h"
#include "structured.h"
#include "../core/urls.h"
#include "../render/i18n.h"

void author_page(site *s, http_request *req, http_response *resp, const char *lang,
                 const char *author_slug) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "author: navigation");
        return;
    }
    page_tag(&p, "author-%s-%s", lang, author_slug);
    list_query q;
    if (!list_query_parse(req, &q)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    article *items;
    size_t n;
    if (store_articles_by_author(s->store, p.arena, lang, author_slug, list_query_cursor(&q), list_query_offset(&q),
                                 LIST_PAGE_SIZE + 1, &items, &n) != STORE_OK) {
        page_error(s, req, resp, "author: list");
        return;
    }
    /* The end of the feed is an empty fragment; anything else empty is no page. */
    if (n == 0 && !(q.fragment && q.by_cursor)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    const char *path = urls_author_path(p.arena, lang, author_slug);
    list_fill(&p, path, &q, items, n);
    if (q.fragment) {
        page_render_fragment(&p, "feed_items");
        return;
    }
    const char *name = items[0].author;
    int64_t article_count = 0;
    if (store_articles_count_by_author(s->store, lang, author_slug, &article_count) != STORE_OK) {
        page_error(s, req, resp, "author: count");
        return;
    }
    /* The category page's template: its heading, count and list. */
    tv *c = tv_object(p.arena);
    tv_set_text(c, "name", name);
    tv_set_text(c, "description", "");
    tv_set_text(c, "url", path);
    tv_set(p.ctx, "category", c);
    tv_set_int(p.ctx, "article_count", article_count);
    tv_set_int(p.ctx, "page_number", q.page_number);
    const char *site_name = config_site_name(s->cfg, lang);
    const char *title = q.page_number > 1
        ? arena_printf(p.arena, "%s — %s %lld — %s", name, i18n_translate(lang, "Page", NULL, 1), q.page_number, site_name)
        : arena_printf(p.arena, "%s — %s", name, site_name);
    const char *canonical = list_canonical(&p, path, &q);
    page_meta(&p, title, title, canonical);
    if (q.by_cursor) tv_set_bool(p.ctx, "noindex", true);
    structured_author(&p, name, title, canonical);
    page_render(&p, "category");
}
