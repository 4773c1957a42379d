/*
** A category: its name, description and articles, newest first, 20 to a
** page. Two ways to go further back: ?page=N (numbered pages) and
** ?older=CURSOR (the endless feed under an article, which must not shift
** when new stories are published). With fragment=1 only the list items and
** the next link are sent, for the feed's script to append (listing.c).
*/
#include "listing.h"
#include "pages.h"
#include "structured.h"
#include "../core/urls.h"

void category_page(site *s, http_request *req, http_response *resp, const char *lang,
                   const char *category_slug) {
    page p;
    if (!page_init(&p, s, req, resp, lang, category_slug)) {
        page_error(s, req, resp, "category: navigation");
        return;
    }
    page_tag(&p, "cat-%s-%s", lang, category_slug);
    const category *known = page_category(&p, category_slug);
    if (!known) {
        page_not_found(s, req, resp, lang);
        return;
    }
    category cat = *known;
    list_query q;
    if (!list_query_parse(req, &q)) {
        page_not_found(s, req, resp, lang);
        return;
    }

    article *items;
    size_t n;
    if (store_articles_list(s->store, p.arena, lang, cat.id, list_query_cursor(&q), list_query_offset(&q),
                            LIST_PAGE_SIZE + 1, 0, &items, &n) != STORE_OK) {
        page_error(s, req, resp, "category: list");
        return;
    }
    if (n == 0 && (q.page_number > 1 || q.by_cursor) && !q.fragment) {
        page_not_found(s, req, resp, lang);
        return;
    }
    const char *path = urls_category_path(p.arena, lang, cat.slug);
    list_fill(&p, path, &q, items, n);
    if (q.fragment) {
        page_render_fragment(&p, "feed_items");
        return;
    }
    tv *c = tv_object(p.arena);
    tv_set_text(c, "name", cat.name);
    tv_set_text(c, "description", cat.description);
    tv_set_text(c, "url", path);
    tv_set(p.ctx, "category", c);
    int64_t article_count = 0;
    if (store_articles_count(s->store, lang, cat.id, &article_count) != STORE_OK) {
        page_error(s, req, resp, "category: count");
        return;
    }
    tv_set_int(p.ctx, "article_count", article_count);
    tv_set_int(p.ctx, "page_number", q.page_number);

    const char *title = list_title(&p, cat.name, &q);
    const char *canonical = list_canonical(&p, path, &q);
    const char *description = *cat.description ? cat.description : cat.name;
    page_meta(&p, title, description, canonical);
    if (q.by_cursor) tv_set_bool(p.ctx, "noindex", true);
    structured_category(&p, &cat, title, description, canonical);
    /* The category's page in the editions where it exists. */
    const char *langs[CONFIG_MAX_LANGUAGES], *paths[CONFIG_MAX_LANGUAGES];
    size_t n_alt = 0;
    for (size_t i = 0; i < s->cfg->language_count && q.page_number == 1 && !q.by_cursor; i++) {
        category other;
        int found = store_category_by_slug(s->store, p.arena, s->cfg->languages[i], cat.slug, &other);
        if (found != STORE_OK && found != STORE_NOT_FOUND) {
            page_error(s, req, resp, "category: editions");
            return;
        }
        if (found != STORE_OK) continue;
        langs[n_alt] = s->cfg->languages[i];
        paths[n_alt] = urls_category_path(p.arena, s->cfg->languages[i], cat.slug);
        n_alt++;
    }
    if (n_alt) page_alternates(&p, langs, paths, n_alt);
    page_render(&p, "category");
}
