/*
** "Most read" for readers: the block of the home and article pages (the
** numbered five of the last 24 hours and of the last 7 days, with a
** switch between them that is two links without the script and tabs with
** it) and the page /{lang}/most-read (both periods, ten each). The lists
** come from memory (most_read.h): no statement of their own per page.
*/
#include "cache.h"
#include "most_read.h"
#include "page.h"
#include "pages.h"
#include "structured.h"
#include "../render/i18n.h"

#define PAGE_COUNT 10

/* The list of up to limit stories of l for a template, leaving out
** exclude_id (0: none): each as page_article_item makes it (which tags
** the page with the story, so that a cache in front purges the page when
** the story changes), with its rank. The page's Last-Modified is moved up
** to when the list was made: it changes with readers, not only with the
** stories. */
static tv *list_value(page *p, const most_read_list *l, int limit, int64_t exclude_id) {
    if (l->made_at > p->resp->last_modified) p->resp->last_modified = l->made_at;
    tv *list = tv_list(p->arena);
    int rank = 0;
    for (size_t i = 0; i < l->count && rank < limit; i++) {
        if (l->items[i].id == exclude_id) continue;
        tv *item = page_article_item(p, &l->items[i]);
        tv_set_int(item, "rank", ++rank);
        tv_push(list, item);
    }
    return list;
}

/* Edition lang's lists into out; false (the page then kept by no cache,
** as it lacks them) when the store failed. */
static bool lists_of(page *p, most_read_list out[MOST_READ_PERIODS]) {
    if (most_read_get(p->site->most_read, p->arena, p->lang, out)) return true;
    p->resp->cache_control = "no-store";
    return false;
}

void most_read_block(page *p, int limit, int64_t exclude_id) {
    most_read_list lists[MOST_READ_PERIODS];
    if (!lists_of(p, lists)) return;
    tv *day = list_value(p, &lists[MOST_READ_DAY], limit, exclude_id);
    tv *week = list_value(p, &lists[MOST_READ_WEEK], limit, exclude_id);
    if (day->as.items.count == 0 && week->as.items.count == 0) return;
    tv *block = tv_object(p->arena);
    tv_set(block, "day", day);
    tv_set(block, "week", week);
    tv_set_bool(block, "has_day", day->as.items.count > 0);
    tv_set_bool(block, "has_week", week->as.items.count > 0);
    tv_set_text(block, "page_url", arena_printf(p->arena, "/%s/most-read", p->lang));
    tv_set(p->ctx, "most_read", block);
}

void most_read_page(site *s, http_request *req, http_response *resp, const char *lang) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "most read: categories");
        return;
    }
    most_read_list lists[MOST_READ_PERIODS];
    if (!most_read_get(s->most_read, p.arena, lang, lists)) {
        page_error(s, req, resp, "most read");
        return;
    }
    tv *day = list_value(&p, &lists[MOST_READ_DAY], PAGE_COUNT, 0);
    tv *week = list_value(&p, &lists[MOST_READ_WEEK], PAGE_COUNT, 0);
    tv_set(p.ctx, "day", day);
    tv_set(p.ctx, "week", week);
    tv_set_bool(p.ctx, "has_day", day->as.items.count > 0);
    tv_set_bool(p.ctx, "has_week", week->as.items.count > 0);
    const char *heading = i18n_translate(lang, "Most read", NULL, 1);
    const char *title = arena_printf(p.arena, "%s — %s", heading, config_site_name(s->cfg, lang));
    const char *description = i18n_translate(lang, "The stories readers read most in the last 24 hours and the last 7 days.",
                                             NULL, 1);
    const char *path = arena_printf(p.arena, "/%s/most-read", lang);
    page_meta(&p, title, description, path);
    const most_read_list *first = &lists[MOST_READ_DAY];
    structured_most_read(&p, heading, title, description, path, first->items,
                         first->count < PAGE_COUNT ? first->count : PAGE_COUNT);
    /* The same page in every edition. */
    const char *langs[CONFIG_MAX_LANGUAGES], *paths[CONFIG_MAX_LANGUAGES];
    for (size_t i = 0; i < s->cfg->language_count; i++) {
        langs[i] = s->cfg->languages[i];
        paths[i] = arena_printf(p.arena, "/%s/most-read", langs[i]);
    }
    page_alternates(&p, langs, paths, s->cfg->language_count);
    /* The lists move by the minute, as the home's do. */
    resp->cache_control = CACHE_LISTS;
    page_render(&p, "most_read");
}
