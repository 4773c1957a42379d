/*
** What machines read in a page's head: OpenGraph and Twitter Card tags for
** social previews, and schema.org JSON-LD (NewsArticle and BreadcrumbList
** on articles; Organization and WebSite with a SearchAction on homes).
** JSON is made with jansson, every '<' escaped so no "</script>" can occur.
*/
#include "page.h"
#include "structured.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/media.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void meta(page *p, const char *attr, const char *key, const char *value) {
    if (!value || !*value) return;
    tv *list = tv_get(p->ctx, "meta");
    if (!list) {
        list = tv_list(p->arena);
        tv_set(p->ctx, "meta", list);
    }
    tv *m = tv_object(p->arena);
    tv_set_text(m, "attr", attr);
    tv_set_text(m, "key", key);
    tv_set_text(m, "value", value);
    tv_push(list, m);
}

/* Adds a JSON-LD block (and frees the value). */
static void json_ld(page *p, json_t *value) {
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    if (!text) return;
    /* Inside <script>, "</script" would end the element and "<!--" would
    ** change how the parser looks for its end: no '<' is left. JSON has
    ** '<' only inside strings, where \u003c means the same. */
    buf safe;
    buf_init(&safe, p->arena);
    const char *run = text;
    for (const char *lt; (lt = strchr(run, '<')) != NULL; run = lt + 1) {
        buf_append(&safe, run, (size_t)(lt - run));
        buf_puts(&safe, "\\u003c");
    }
    buf_puts(&safe, run);
    tv *list = tv_get(p->ctx, "json_ld");
    if (!list) {
        list = tv_list(p->arena);
        tv_set(p->ctx, "json_ld", list);
    }
    tv_push(list, tv_html(p->arena, safe.data));
    free(text);
}

static const char *locale_of(const char *lang) {
    if (strcmp(lang, "ru") == 0) return "ru_RU";
    if (strcmp(lang, "az") == 0) return "az_AZ";
    return "en_US";
}

static const char *absolute(page *p, const char *path) {
    return arena_printf(p->arena, "%s%s", p->site->cfg->base_url, path);
}

static const char *logo_url(page *p) {
    for (size_t i = 0; i < p->site->theme->asset_count; i++)
        if (strcmp(p->site->theme->assets[i].name, "logo.png") == 0)
            return absolute(p, p->site->theme->assets[i].url);
    return NULL;
}

static json_t *organization(page *p) {
    json_t *org = json_pack("{s:s,s:s,s:s}", "@type", "Organization", "name",
                            config_site_name(p->site->cfg, p->lang), "url",
                            absolute(p, arena_printf(p->arena, "/%s/", p->lang)));
    const char *logo = logo_url(p);
    if (logo) json_object_set_new(org, "logo", json_pack("{s:s,s:s,s:i,s:i}", "@type", "ImageObject", "url", logo, "width", 512, "height", 512));
    return org;
}

/* "@caspianherald" from "https://twitter.com/caspianherald". */
static const char *twitter_handle(page *p) {
    tv *social = tv_get(p->ctx, "social");
    for (size_t i = 0; social && i < social->as.items.count; i++) {
        tv *item = social->as.items.items[i];
        tv *key = tv_get(item, "key"), *url = tv_get(item, "url");
        if (!key || !url || strcmp(key->as.text, "x") != 0) continue;
        const char *slash = strrchr(url->as.text, '/');
        if (slash && slash[1]) return arena_printf(p->arena, "@%s", slash + 1);
    }
    return NULL;
}

void structured_article(page *p, const article *a, const char *canonical, const char **tags,
                        size_t tag_count) {
    char published[40], modified[40];
    iso8601_format_local(a->published_at, published, sizeof published);
    iso8601_format_local(a->updated_at > a->published_at ? a->updated_at : a->published_at, modified, sizeof modified);
    const char *description = a->subtitle && *a->subtitle ? a->subtitle : a->title;
    const char *image = NULL;
    int image_width = 0, image_height = 0;
    if (a->lead_image.id) {
        const char *last = strrchr(a->lead_image.variants, ' ');
        image_width = atoi(last ? last + 1 : a->lead_image.variants);
        image_height = a->lead_image.width ? (int)((long long)a->lead_image.height * image_width / a->lead_image.width) : 0;
        image = absolute(p, media_url(p->arena, a->lead_image.hash, image_width, "jpg"));
    }
    meta(p, "property", "og:type", "article");
    meta(p, "property", "og:site_name", config_site_name(p->site->cfg, p->lang));
    meta(p, "property", "og:locale", locale_of(p->lang));
    meta(p, "property", "og:title", a->title);
    meta(p, "property", "og:description", description);
    meta(p, "property", "og:url", canonical);
    if (image) {
        meta(p, "property", "og:image", image);
        meta(p, "property", "og:image:width", arena_printf(p->arena, "%d", image_width));
        meta(p, "property", "og:image:height", arena_printf(p->arena, "%d", image_height));
        if (a->lead_image_caption && *a->lead_image_caption) meta(p, "property", "og:image:alt", a->lead_image_caption);
    }
    meta(p, "property", "article:published_time", arena_strdup(p->arena, published));
    meta(p, "property", "article:modified_time", arena_strdup(p->arena, modified));
    meta(p, "property", "article:section", a->category_name);
    for (size_t i = 0; i < tag_count; i++) meta(p, "property", "article:tag", tags[i]);
    meta(p, "name", "twitter:card", image ? "summary_large_image" : "summary");
    meta(p, "name", "twitter:site", twitter_handle(p));
    meta(p, "name", "twitter:title", a->title);
    meta(p, "name", "twitter:description", description);
    if (image) meta(p, "name", "twitter:image", image);

    json_t *article_ld = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
        "@context", "https://schema.org", "@type", "NewsArticle", "headline", a->title,
        "description", description, "datePublished", published, "dateModified", modified,
        "articleSection", a->category_name, "inLanguage", a->lang,
        "author", json_pack("[{s:s,s:s}]", "@type", "Person", "name", a->author),
        "publisher", organization(p),
        "mainEntityOfPage", json_pack("{s:s,s:s}", "@type", "WebPage", "@id", canonical));
    if (image) json_object_set_new(article_ld, "image", json_pack("[s]", image));
    if (tag_count) {
        json_t *keywords = json_array();
        for (size_t i = 0; i < tag_count; i++) json_array_append_new(keywords, json_string(tags[i]));
        json_object_set_new(article_ld, "keywords", keywords);
    }
    json_ld(p, article_ld);
    json_ld(p, json_pack("{s:s,s:s,s:[{s:s,s:i,s:s,s:s},{s:s,s:i,s:s,s:s},{s:s,s:i,s:s,s:s}]}",
        "@context", "https://schema.org", "@type", "BreadcrumbList", "itemListElement",
        "@type", "ListItem", "position", 1, "name", config_site_name(p->site->cfg, p->lang),
        "item", absolute(p, arena_printf(p->arena, "/%s/", p->lang)),
        "@type", "ListItem", "position", 2, "name", a->category_name,
        "item", absolute(p, urls_category_path(p->arena, a->lang, a->category_slug)),
        "@type", "ListItem", "position", 3, "name", a->title, "item", canonical));
}

void structured_home(page *p) {
    const char *home = absolute(p, arena_printf(p->arena, "/%s/", p->lang));
    const char *name = config_site_name(p->site->cfg, p->lang);
    meta(p, "property", "og:type", "website");
    meta(p, "property", "og:site_name", name);
    meta(p, "property", "og:locale", locale_of(p->lang));
    meta(p, "property", "og:title", name);
    meta(p, "property", "og:url", home);
    const char *logo = logo_url(p);
    if (logo) meta(p, "property", "og:image", logo);
    meta(p, "name", "twitter:card", "summary");
    meta(p, "name", "twitter:site", twitter_handle(p));
    json_t *org = organization(p);
    json_object_set_new(org, "@context", json_string("https://schema.org"));
    json_t *same = json_array();
    tv *social = tv_get(p->ctx, "social");
    for (size_t i = 0; social && i < social->as.items.count; i++) {
        tv *url = tv_get(social->as.items.items[i], "url");
        if (url) json_array_append_new(same, json_string(url->as.text));
    }
    json_object_set_new(org, "sameAs", same);
    json_ld(p, org);
    json_ld(p, json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:{s:s,s:s},s:s}}",
        "@context", "https://schema.org", "@type", "WebSite", "name", name, "url", home,
        "inLanguage", p->lang, "potentialAction", "@type", "SearchAction", "target",
        "@type", "EntryPoint", "urlTemplate", arena_printf(p->arena, "%s/%s/search?q={search_term_string}", p->site->cfg->base_url, p->lang),
        "query-input", "required name=search_term_string"));
}
