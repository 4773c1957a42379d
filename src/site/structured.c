/*
** What machines read in a page's head: OpenGraph and Twitter Card tags for
** social previews, and schema.org JSON-LD (NewsArticle and BreadcrumbList
** on articles, LiveBlogPosting on live blogs (live.c), with the author's page as the author's url; Organization and
** WebSite with a SearchAction on homes; CollectionPage and BreadcrumbList
** on categories; ProfilePage on authors' pages). JSON is made with jansson,
** every '<' escaped so no "</script>" can occur.
**
** An article's search and social overrides (store.h) replace what cards
** and results show: its SEO title in og:title and twitter:title (the
** visible headline and JSON-LD's headline stay the title), its SEO
** description in every description, its social image in og:image, and
** the original's address of a syndicated story in og:url and JSON-LD's
** mainEntityOfPage and url (the breadcrumb stays on this site).
**
** Every page has an og:image with its width and height: an article's
** social image, else its lead image, else the site's share card (the
** theme's static/share-card.png, a 1200x630 PNG whose size is read from
** the file), with twitter:image and twitter:image:alt to match.
*/
#include "live.h"
#include "page.h"
#include "seo.h"
#include "structured.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../core/media_files.h"

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

static const char *twitter_handle(page *p);

/* An image for previews: its absolute URL, size and text alternative. */
typedef struct preview_image {
    const char *url;
    int width, height;
    const char *alt;
} preview_image;

/* A PNG's size from its header (the IHDR chunk comes first); false for
** anything that is not a PNG. */
static bool png_size(const unsigned char *data, size_t size, int *width, int *height) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (size < 24 || memcmp(data, signature, 8) != 0 || memcmp(data + 12, "IHDR", 4) != 0) return false;
    uint32_t w = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 | data[19];
    uint32_t h = (uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 | data[23];
    if (w == 0 || h == 0 || w > 100000 || h > 100000) return false;
    *width = (int)w;
    *height = (int)h;
    return true;
}

/* The site's own image for pages that have none: the theme's share card,
** else its logo. False when the theme has neither. */
static bool site_image(page *p, preview_image *img) {
    static const char *const names[] = {"share-card.png", "logo.png"};
    const theme *t = p->site->theme;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        for (size_t i = 0; i < t->asset_count; i++) {
            const asset *as = &t->assets[i];
            if (strcmp(as->name, names[k]) != 0 || !png_size(as->data, as->size, &img->width, &img->height)) continue;
            img->url = absolute(p, as->url);
            img->alt = config_site_name(p->site->cfg, p->lang);
            return true;
        }
    }
    return false;
}

/* og:image, its size and text, and the Twitter Card's large image. */
static void image_tags(page *p, const preview_image *img) {
    meta(p, "property", "og:image", img->url);
    meta(p, "property", "og:image:width", arena_printf(p->arena, "%d", img->width));
    meta(p, "property", "og:image:height", arena_printf(p->arena, "%d", img->height));
    meta(p, "property", "og:image:alt", img->alt);
    meta(p, "name", "twitter:card", "summary_large_image");
    meta(p, "name", "twitter:image", img->url);
    meta(p, "name", "twitter:image:alt", img->alt);
}

/* The tags of a page that is not an article: og:type (website, or
** profile for an author), title, description, url, the site's image; the
** Twitter Card. */
static void website_tags(page *p, const char *type, const char *title, const char *description, const char *url) {
    meta(p, "property", "og:type", type);
    meta(p, "property", "og:site_name", config_site_name(p->site->cfg, p->lang));
    meta(p, "property", "og:locale", locale_of(p->lang));
    meta(p, "property", "og:title", title);
    meta(p, "property", "og:description", description);
    meta(p, "property", "og:url", url);
    preview_image img;
    if (site_image(p, &img)) image_tags(p, &img);
    else meta(p, "name", "twitter:card", "summary");
    meta(p, "name", "twitter:site", twitter_handle(p));
    meta(p, "name", "twitter:title", title);
    meta(p, "name", "twitter:description", description);
}

/* The smallest JPEG variant of an image (absolute), or NULL without one. */
static const char *image_url(page *p, const media *m) {
    if (!m->id || !m->hash || !m->variants) return NULL;
    int width = atoi(m->variants);
    return width > 0 ? absolute(p, media_url(p->arena, m->hash, width, "jpg")) : NULL;
}

/* A schema.org Person for a profile: name, url (their page in this
** edition, absolute), image and sameAs (their links) when set. */
static json_t *person(page *p, const author_profile *who) {
    json_t *o = json_pack("{s:s,s:s}", "@type", "Person", "name", who->name ? who->name : "");
    if (who->slug && *who->slug)
        json_object_set_new(o, "url", json_string(absolute(p, urls_author_path(p->arena, p->lang, who->slug))));
    const char *image = image_url(p, &who->photo);
    if (image) json_object_set_new(o, "image", json_string(image));
    const char *links[] = {who->website, who->twitter, who->facebook, who->telegram};
    json_t *same = json_array();
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        if (links[i] && *links[i]) json_array_append_new(same, json_string(links[i]));
    if (json_array_size(same)) json_object_set_new(o, "sameAs", same);
    else json_decref(same);
    return o;
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

/* An uploaded image's largest JPEG variant (absolute), its size, and alt. */
static void media_preview(page *p, const media *m, const char *alt, preview_image *out) {
    out->url = absolute(p, seo_image_path(p->arena, m, &out->width));
    out->height = m->width ? (int)((long long)m->height * out->width / m->width) : 0;
    out->alt = alt;
}

void structured_article(page *p, const article *a, const author_profile *authors, size_t author_count,
                        const char *own_url, const char *canonical, const media *social_image, const char **tags,
                        size_t tag_count, const live_blog *live) {
    char published[40], modified[40];
    iso8601_format_local(a->published_at, published, sizeof published);
    iso8601_format_local(a->updated_at > a->published_at ? a->updated_at : a->published_at, modified, sizeof modified);
    const char *title = seo_title_of(a), *description = seo_description_of(a);
    /* The social image's largest JPEG, else the lead image's; else the
    ** site's image, for previews only (JSON-LD's images are the
    ** article's own or none). */
    const char *image = NULL, *lead = NULL;
    preview_image preview;
    bool has_preview = false;
    if (a->lead_image.id) {
        /* As the page's <img> says it: its alt text, else the caption, else the title. */
        media_preview(p, &a->lead_image, page_lead_image_alt(a), &preview);
        image = lead = preview.url;
        has_preview = true;
    }
    if (social_image && social_image->id) {
        media_preview(p, social_image, social_image->alt && *social_image->alt ? social_image->alt : title, &preview);
        image = preview.url;
        has_preview = true;
    }
    if (!has_preview) has_preview = site_image(p, &preview);
    meta(p, "property", "og:type", "article");
    meta(p, "property", "og:site_name", config_site_name(p->site->cfg, p->lang));
    meta(p, "property", "og:locale", locale_of(p->lang));
    meta(p, "property", "og:title", title);
    meta(p, "property", "og:description", description);
    meta(p, "property", "og:url", canonical);
    meta(p, "property", "article:published_time", arena_strdup(p->arena, published));
    meta(p, "property", "article:modified_time", arena_strdup(p->arena, modified));
    meta(p, "property", "article:section", a->category_name);
    for (size_t i = 0; i < tag_count; i++) meta(p, "property", "article:tag", tags[i]);
    if (has_preview) image_tags(p, &preview);
    else meta(p, "name", "twitter:card", "summary");
    meta(p, "name", "twitter:site", twitter_handle(p));
    meta(p, "name", "twitter:title", title);
    meta(p, "name", "twitter:description", description);

    json_t *author = json_array();
    for (size_t i = 0; i < author_count; i++) json_array_append_new(author, person(p, &authors[i]));
    if (author_count == 0) {
        author_profile byline = {.name = a->author, .slug = slugify(p->arena, a->author ? a->author : "", SLUG_MAX)};
        json_array_append_new(author, person(p, &byline));
    }
    json_t *article_ld = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
        "@context", "https://schema.org", "@type", "NewsArticle", "headline", a->title,
        "description", description, "datePublished", published, "dateModified", modified,
        "articleSection", a->category_name, "inLanguage", a->lang,
        "author", author,
        "publisher", organization(p),
        "mainEntityOfPage", json_pack("{s:s,s:s}", "@type", "WebPage", "@id", canonical));
    json_object_set_new(article_ld, "url", json_string(canonical));
    if (image) {
        json_t *images = json_pack("[s]", image);
        if (lead && strcmp(lead, image) != 0) json_array_append_new(images, json_string(lead));
        json_object_set_new(article_ld, "image", images);
    }
    if (tag_count) {
        json_t *keywords = json_array();
        for (size_t i = 0; i < tag_count; i++) json_array_append_new(keywords, json_string(tags[i]));
        json_object_set_new(article_ld, "keywords", keywords);
    }
    if (live) live_json_ld(p, article_ld, a, live, own_url);
    json_ld(p, article_ld);
    json_ld(p, json_pack("{s:s,s:s,s:[{s:s,s:i,s:s,s:s},{s:s,s:i,s:s,s:s},{s:s,s:i,s:s,s:s}]}",
        "@context", "https://schema.org", "@type", "BreadcrumbList", "itemListElement",
        "@type", "ListItem", "position", 1, "name", config_site_name(p->site->cfg, p->lang),
        "item", absolute(p, arena_printf(p->arena, "/%s/", p->lang)),
        "@type", "ListItem", "position", 2, "name", a->category_name,
        "item", absolute(p, urls_category_path(p->arena, a->lang, a->category_slug)),
        "@type", "ListItem", "position", 3, "name", a->title, "item", own_url));
}

void structured_home(page *p, const char *description) {
    const char *home = absolute(p, arena_printf(p->arena, "/%s/", p->lang));
    const char *name = config_site_name(p->site->cfg, p->lang);
    website_tags(p, "website", name, description, home);
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

/* schema.org BreadcrumbList of the edition's home, then one page (name, url). */
static json_t *breadcrumbs(page *p, const char *name, const char *url) {
    return json_pack("{s:s,s:s,s:[{s:s,s:i,s:s,s:s},{s:s,s:i,s:s,s:s}]}",
        "@context", "https://schema.org", "@type", "BreadcrumbList", "itemListElement",
        "@type", "ListItem", "position", 1, "name", config_site_name(p->site->cfg, p->lang),
        "item", absolute(p, arena_printf(p->arena, "/%s/", p->lang)),
        "@type", "ListItem", "position", 2, "name", name, "item", url);
}

/* The edition as a schema.org WebSite, for isPartOf. */
static json_t *website(page *p) {
    return json_pack("{s:s,s:s,s:s}", "@type", "WebSite", "name", config_site_name(p->site->cfg, p->lang),
                     "url", absolute(p, arena_printf(p->arena, "/%s/", p->lang)));
}

/* A list page (a category's, a tag's) as a schema.org CollectionPage
** named name, at path (its page's own, maybe ?page=N), under the
** edition's home in the breadcrumbs as first_path (its first page). */
static void collection(page *p, const char *name, const char *title, const char *description, const char *path,
                       const char *first_path) {
    const char *url = absolute(p, path);
    website_tags(p, "website", title, description, url);
    json_ld(p, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
        "@context", "https://schema.org", "@type", "CollectionPage", "name", name,
        "description", description, "url", url, "inLanguage", p->lang, "isPartOf", website(p)));
    json_ld(p, breadcrumbs(p, name, absolute(p, first_path)));
}

void structured_category(page *p, const category *cat, const char *title, const char *description,
                         const char *path) {
    collection(p, cat->name, title, description, path, urls_category_path(p->arena, p->lang, cat->slug));
}

void structured_tag(page *p, const char *name, const char *tag_slug, const char *title, const char *description,
                    const char *path) {
    collection(p, name, title, description, path, urls_tag_path(p->arena, p->lang, tag_slug));
}

void structured_author(page *p, const author_profile *who, const char *title, const char *path) {
    const char *url = absolute(p, path);
    const char *description = who->bio && *who->bio ? who->bio : title;
    website_tags(p, "profile", title, description, url);
    /* The page's own address without ?page= is the author's. */
    const char *bare = arena_strndup(p->arena, url, strcspn(url, "?"));
    json_t *main = person(p, who);
    json_object_set_new(main, "url", json_string(bare));
    if (who->bio && *who->bio) json_object_set_new(main, "description", json_string(who->bio));
    json_ld(p, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}",
        "@context", "https://schema.org", "@type", "ProfilePage", "url", url, "inLanguage", p->lang,
        "isPartOf", website(p), "mainEntity", main));
    json_ld(p, breadcrumbs(p, who->name, bare));
}

void structured_most_read(page *p, const char *heading, const char *title, const char *description,
                          const char *path, const article *items, size_t count) {
    const char *url = absolute(p, path);
    website_tags(p, "website", title, description, url);
    json_t *elements = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(elements, json_pack("{s:s,s:I,s:s,s:s}", "@type", "ListItem", "position", (json_int_t)i + 1,
            "url", absolute(p, urls_article_path(p->arena, items[i].lang, items[i].category_slug, items[i].slug)),
            "name", items[i].title));
    json_ld(p, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:{s:s,s:s,s:I,s:o}}",
        "@context", "https://schema.org", "@type", "CollectionPage", "name", heading, "description", description,
        "url", url, "inLanguage", p->lang, "isPartOf", website(p),
        "mainEntity", "@type", "ItemList", "itemListOrder", "https://schema.org/ItemListOrderDescending",
        "numberOfItems", (json_int_t)count, "itemListElement", elements));
    json_ld(p, breadcrumbs(p, heading, url));
}

void structured_static_page(page *p, const static_page *sp, const char *title, const char *description,
                            const char *path) {
    const char *url = absolute(p, path);
    website_tags(p, "website", title, description, url);
    char modified[40];
    iso8601_format_local(sp->updated_at, modified, sizeof modified);
    json_ld(p, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
        "@context", "https://schema.org", "@type", "WebPage", "name", sp->title,
        "description", description, "url", url, "inLanguage", p->lang, "dateModified", modified,
        "isPartOf", website(p)));
    json_ld(p, breadcrumbs(p, sp->title, url));
}
