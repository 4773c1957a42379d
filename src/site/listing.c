/* List pages' query and links. See listing.h. */
#include "listing.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/i18n.h"

#define MAX_PAGE 100000

bool list_query_parse(http_request *req, list_query *q) {
    const char *page_arg = http_query(req, "page");
    const char *older_arg = http_query(req, "older");
    const char *fragment_arg = http_query(req, "fragment");
    q->fragment = fragment_arg && fragment_arg[0] == '1' && fragment_arg[1] == '\0';
    q->page_number = 1;
    q->by_cursor = older_arg != NULL;
    if (page_arg && !parse_int(page_arg, 1, MAX_PAGE, &q->page_number)) return false;
    if (q->by_cursor && (page_arg || !urls_cursor_parse(older_arg, &q->cursor.published_at, &q->cursor.id)))
        return false;
    return true;
}

const list_cursor *list_query_cursor(const list_query *q) { return q->by_cursor ? &q->cursor : NULL; }

int list_query_offset(const list_query *q) {
    return q->by_cursor ? 0 : (int)((q->page_number - 1) * LIST_PAGE_SIZE);
}

void list_fill(page *p, const char *path, const list_query *q, const article *items, size_t n) {
    bool more = n > LIST_PAGE_SIZE;
    if (more) n = LIST_PAGE_SIZE;
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) tv_push(list, page_article_item(p, &items[i]));
    tv_set(p->ctx, "items", list);
    if (more) {
        const char *next = q->by_cursor
            ? arena_printf(p->arena, "%s?older=%s", path,
                           urls_cursor_format(p->arena, items[n - 1].published_at, items[n - 1].id))
            : arena_printf(p->arena, "%s?page=%lld", path, q->page_number + 1);
        tv_set_text(p->ctx, "next_url", next);
    }
    if (!q->by_cursor && q->page_number > 1)
        tv_set_text(p->ctx, "prev_url", q->page_number == 2 ? path
                                        : arena_printf(p->arena, "%s?page=%lld", path, q->page_number - 1));
}

const char *list_canonical(page *p, const char *path, const list_query *q) {
    return q->by_cursor || q->page_number == 1 ? path : arena_printf(p->arena, "%s?page=%lld", path, q->page_number);
}

void list_add_feeds(page *p, const char *path, const char *name) {
    tv *feeds = tv_get(p->ctx, "feeds");
    const char *types[] = {"application/rss+xml", "rss.xml", "application/atom+xml", "atom.xml"};
    for (size_t i = 0; feeds && i < 4; i += 2) {
        tv *f = tv_object(p->arena);
        tv_set_text(f, "type", types[i]);
        tv_set_text(f, "title", arena_printf(p->arena, "%s: %s", config_site_name(p->site->cfg, p->lang), name));
        tv_set_text(f, "href", arena_printf(p->arena, "%s/%s", path, types[i + 1]));
        tv_push(feeds, f);
    }
}

const char *list_title(page *p, const char *name, const list_query *q) {
    const char *site_name = config_site_name(p->site->cfg, p->lang);
    return q->page_number > 1
        ? arena_printf(p->arena, "%s — %s %lld — %s", name, i18n_translate(p->lang, "Page", NULL, 1), q->page_number,
                       site_name)
        : arena_printf(p->arena, "%s — %s", name, site_name);
}
