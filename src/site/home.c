/* The edition home: the lead story, the latest headlines, then the newest
** articles of each category in navigation order. */
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

void home_page(site *s, http_request *req, http_response *resp, const char *lang) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "home: categories");
        return;
    }
    article *latest;
    size_t n;
    if (store_articles_list(s->store, p.arena, lang, 0, NULL, 0,
                            1 + SECONDARY_COUNT + LATEST_COUNT, 0, &latest, &n) != STORE_OK) {
        page_error(s, req, resp, "home: latest");
        return;
    }
    /* The lead: a story the newsroom featured in the last two days, else
    ** the newest. */
    article featured;
    int rc = store_featured(s->store, p.arena, lang, (int64_t)time(NULL) - FEATURED_SECONDS, &featured);
    if (rc == STORE_ERROR) {
        page_error(s, req, resp, "home: featured");
        return;
    }
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

    category *cats;
    size_t cat_count;
    if (store_categories(s->store, p.arena, lang, &cats, &cat_count) != STORE_OK) {
        page_error(s, req, resp, "home: categories");
        return;
    }
    tv *sections = tv_list(p.arena);
    for (size_t i = 0; i < cat_count; i++) {
        article *items;
        size_t k;
        if (store_articles_list(s->store, p.arena, lang, cats[i].id, NULL, 0, PER_CATEGORY,
                                lead_id, &items, &k) != STORE_OK) {
            page_error(s, req, resp, "home: category section");
            return;
        }
        if (k == 0) continue;
        tv *section = tv_object(p.arena);
        tv_set_text(section, "name", cats[i].name);
        tv_set_text(section, "url", urls_category_path(p.arena, lang, cats[i].slug));
        tv *list = tv_list(p.arena);
        for (size_t j = 0; j < k; j++) tv_push(list, page_article_item(&p, &items[j]));
        tv_set(section, "first", list->as.items.items[0]);
        tv *rest = tv_list(p.arena);
        for (size_t j = 1; j < k; j++) tv_push(rest, list->as.items.items[j]);
        tv_set(section, "rest", rest);
        tv_push(sections, section);
    }
    tv_set(p.ctx, "sections", sections);
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
