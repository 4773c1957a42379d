/*
** A category: its name, description and articles, newest first, 20 to a
** page. Two ways to go further back: ?page=N (numbered pages) and
** ?older=CURSOR (the endless feed under an article, which must not shift
** when new stories are published). With fragment=1 only the list items and
** the next link are sent, for the feed's script to append.
*/
#include "page.h"
#include "pages.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/i18n.h"

#define PAGE_SIZE 20
#define MAX_PAGE 100000

void category_page(site *s, http_request *req, http_response *resp, const char *lang,
                   const char *category_slug) {
    page p;
    if (!page_init(&p, s, req, resp, lang, category_slug)) {
        page_error(s, req, resp, "category: navigation");
        return;
    }
    category cat;
    int rc = store_category_by_slug(s->store, p.arena, lang, category_slug, &cat);
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, lang);
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "category: find");
        return;
    }

    const char *page_arg = http_query(req, "page");
    const char *older_arg = http_query(req, "older");
    const char *fragment_arg = http_query(req, "fragment");
    bool fragment = fragment_arg && fragment_arg[0] == '1' && fragment_arg[1] == '\0';
    long long page_number = 1;
    list_cursor cursor;
    bool by_cursor = older_arg != NULL;
    if ((page_arg && !parse_int(page_arg, 1, MAX_PAGE, &page_number)) ||
        (by_cursor && !urls_cursor_parse(older_arg, &cursor.published_at, &cursor.id)) ||
        (by_cursor && page_arg)) {
        page_not_found(s, req, resp, lang);
        return;
    }

    article *items;
    size_t n;
    if (store_articles_list(s->store, p.arena, lang, cat.id, by_cursor ? &cursor : NULL,
                            by_cursor ? 0 : (int)((page_number - 1) * PAGE_SIZE), PAGE_SIZE + 1,
                            0, &items, &n) != STORE_OK) {
        page_error(s, req, resp, "category: list");
        return;
    }
    if (n == 0 && (page_number > 1 || by_cursor) && !fragment) {
        page_not_found(s, req, resp, lang);
        return;
    }
    bool more = n > PAGE_SIZE;
    if (more) n = PAGE_SIZE;

    const char *path = urls_category_path(p.arena, lang, cat.slug);
    tv *list = tv_list(p.arena);
    for (size_t i = 0; i < n; i++) tv_push(list, page_article_item(&p, &items[i]));
    tv_set(p.ctx, "items", list);
    if (more) {
        const char *next = by_cursor
            ? arena_printf(p.arena, "%s?older=%s", path,
                           urls_cursor_format(p.arena, items[n - 1].published_at, items[n - 1].id))
            : arena_printf(p.arena, "%s?page=%lld", path, page_number + 1);
        tv_set_text(p.ctx, "next_url", next);
    }
    if (fragment) {
        page_render_fragment(&p, "feed_items");
        return;
    }
    if (!by_cursor && page_number > 1)
        tv_set_text(p.ctx, "prev_url", page_number == 2 ? path
                                       : arena_printf(p.arena, "%s?page=%lld", path, page_number - 1));
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
    tv_set_int(p.ctx, "page_number", page_number);

    const char *title = page_number > 1
        ? arena_printf(p.arena, "%s — %s %lld — %s", cat.name, i18n_translate(lang, "Page", NULL, 1),
                       page_number, config_site_name(s->cfg, lang))
        : arena_printf(p.arena, "%s — %s", cat.name, config_site_name(s->cfg, lang));
    const char *canonical = by_cursor || page_number == 1
        ? path : arena_printf(p.arena, "%s?page=%lld", path, page_number);
    page_meta(&p, title, *cat.description ? cat.description : cat.name, canonical);
    if (by_cursor) tv_set_bool(p.ctx, "noindex", true);
    /* The category's page in the editions where it exists. */
    const char *langs[CONFIG_MAX_LANGUAGES], *paths[CONFIG_MAX_LANGUAGES];
    size_t n_alt = 0;
    for (size_t i = 0; i < s->cfg->language_count && page_number == 1 && !by_cursor; i++) {
        category other;
        int found = store_category_by_slug(s->store, p.arena, s->cfg->languages[i], cat.slug, &other);
        if (found == STORE_ERROR) {
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
