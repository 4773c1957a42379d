/* The edition home: the lead story, the latest headlines and the most
** read, then the newest articles of each category in navigation order. */
#include "page.h"
#include "pages.h"
#include "structured.h"
#include "../core/urls.h"
#include "../render/i18n.h"

#include <time.h>

#define SECONDARY_COUNT 3 /* stories under the lead */
#define LATEST_COUNT 8    /* headlines in the latest-news column */
#define PER_CATEGORY 4
#define FEATURED_SECONDS (2 * 86400)
#define MOST_READ_COUNT 5 /* stories in each of the most-read lists */

void home_page(site *s, http_request *req, http_response *resp, const char *lang) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "home: categories");
        return;
    }
    page_tag(&p, "home-%s", lang);
    /* The lead: a story the newsroom featured in the last two days, else
    ** the newest. */
    article featured;
    int rc = store_featured(s->store, p.arena, lang, (int64_t)time(NULL) - FEATURED_SECONDS, &featured);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
        page_error(s, req, resp, "home: featured");
        return;
    }
    /* The latest, then each category's newest, asked at once: a section
    ** gets one more than it shows, in case the lead is among them. */
    size_t lists = 1 + p.category_count;
    list_request *asks = arena_alloc(p.arena, lists * sizeof *asks);
    article **got = arena_alloc(p.arena, lists * sizeof *got);
    size_t *counts = arena_alloc(p.arena, lists * sizeof *counts);
    asks[0] = (list_request){.limit = 1 + SECONDARY_COUNT + LATEST_COUNT};
    for (size_t i = 0; i < p.category_count; i++)
        asks[1 + i] = (list_request){.category_id = p.categories[i].id, .limit = PER_CATEGORY + 1};
    if (store_articles_lists(s->store, p.arena, lang, asks, lists, got, counts) != STORE_OK) {
        page_error(s, req, resp, "home: lists");
        return;
    }
    const article *latest = got[0];
    size_t n = counts[0];
    const article *lead = rc == STORE_OK ? &featured : n > 0 ? &latest[0] : NULL;
    int64_t lead_id = lead ? lead->id : 0;
    if (lead) tv_set(p.ctx, "lead", page_article_item(&p, lead));
    tv *secondary = tv_list(p.arena), *headlines = tv_list(p.arena);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (latest[i].id == lead_id) continue;
        tv_push(shown++ < SECONDARY_COUNT ? secondary : headlines, page_article_item(&p, &latest[i]));
    }
    tv_set(p.ctx, "secondary", secondary);
    tv_set(p.ctx, "latest", headlines);

    tv *sections = tv_list(p.arena);
    for (size_t i = 0; i < p.category_count; i++) {
        const category *cat = &p.categories[i];
        tv *list = tv_list(p.arena);
        for (size_t j = 0; j < counts[1 + i] && list->as.items.count < PER_CATEGORY; j++)
            if (got[1 + i][j].id != lead_id) tv_push(list, page_article_item(&p, &got[1 + i][j]));
        if (list->as.items.count == 0) continue;
        tv *section = tv_object(p.arena);
        tv_set_text(section, "name", cat->name);
        tv_set_text(section, "url", urls_category_path(p.arena, lang, cat->slug));
        tv_set(section, "first", list->as.items.items[0]);
        tv *rest = tv_list(p.arena);
        for (size_t j = 1; j < list->as.items.count; j++) tv_push(rest, list->as.items.items[j]);
        tv_set(section, "rest", rest);
        tv_push(sections, section);
    }
    tv_set(p.ctx, "sections", sections);
    /* Beside the latest news: the most read (from memory). */
    most_read_block(&p, MOST_READ_COUNT, 0);
    const char *description = *config_description(s->cfg, lang)
                                  ? config_description(s->cfg, lang)
                                  : i18n_translate(lang, "The latest news", NULL, 1);
    page_meta(&p, config_site_name(s->cfg, lang), description, arena_printf(p.arena, "/%s/", lang));
    tv_set_bool(p.ctx, "is_home", true);
    structured_home(&p, description);
    /* Every edition's home is this page in another language. */
    const char *langs[CONFIG_MAX_LANGUAGES], *paths[CONFIG_MAX_LANGUAGES];
    for (size_t i = 0; i < s->cfg->language_count; i++) {
        langs[i] = s->cfg->languages[i];
        paths[i] = arena_printf(p.arena, "/%s/", langs[i]);
    }
    page_alternates(&p, langs, paths, s->cfg->language_count);
    page_render(&p, "home");
}
