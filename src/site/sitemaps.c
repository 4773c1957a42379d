/*
** For search engines: /robots.txt; /sitemap.xml, an index of
** /sitemaps/pages.xml (homes, most-read pages, categories and static pages) and /sitemaps/articles-N.xml
** (50,000 URLs each, with lastmod and hreflang alternates); and
** /news-sitemap.xml in the Google News format (the newest 1,000 articles of
** the last 48 hours). A story syndicated from elsewhere (its canonical URL
** the original's) is in neither.
**
** A store error is never an empty or partial list: the answer is a 500
** (page_error), which neither the page cache nor a CDN keeps.
*/
#include "page.h"
#include "cache.h"
#include "pages.h"
#include "xml.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define URLS_PER_SITEMAP 50000
#define NEWS_SECONDS (48 * 3600)

static const char *w3c_date(arena *a, int64_t t) {
    char out[40];
    iso8601_format_local(t, out, sizeof out);
    return arena_strdup(a, out);
}

static void finish(http_response *resp, xml_out *x, const char *policy) {
    xml_finish(x, &resp->body);
    resp->content_type = "application/xml; charset=utf-8";
    resp->cache_control = policy;
}

static void open_urlset(xml_out *x, bool news) {
    xml_open(x, "urlset");
    xml_attr(x, "xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
    xml_attr(x, "xmlns:xhtml", "http://www.w3.org/1999/xhtml");
    if (news) xml_attr(x, "xmlns:news", "http://www.google.com/schemas/sitemap-news/0.9");
}

/* <xhtml:link rel="alternate" hreflang="lang" href="..."/> */
static void alternate(xml_out *x, const char *lang, const char *href) {
    xml_open(x, "xhtml:link");
    xml_attr(x, "rel", "alternate");
    xml_attr(x, "hreflang", lang);
    xml_attr(x, "href", href);
    xml_close(x);
}

static void sitemap_index(site *s, http_request *req, http_response *resp) {
    int64_t total;
    if (store_published_total(s->store, &total) != STORE_OK) {
        page_error(s, req, resp, "sitemap: count");
        return;
    }
    int64_t last = 0;
    if (store_last_change(s->store, NULL, 0, &last) != STORE_OK) {
        page_error(s, req, resp, "sitemap: last change");
        return;
    }
    resp->last_modified = last;
    xml_out x;
    xml_start(&x, req->arena);
    xml_open(&x, "sitemapindex");
    xml_attr(&x, "xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
    xml_open(&x, "sitemap");
    xml_element(&x, "loc", arena_printf(req->arena, "%s/sitemaps/pages.xml", s->cfg->base_url));
    xml_close(&x);
    int64_t files = (total + URLS_PER_SITEMAP - 1) / URLS_PER_SITEMAP;
    for (int64_t i = 1; i <= files; i++) {
        xml_open(&x, "sitemap");
        xml_element(&x, "loc", arena_printf(req->arena, "%s/sitemaps/articles-%lld.xml", s->cfg->base_url, (long long)i));
        xml_close(&x);
    }
    finish(resp, &x, CACHE_SITEMAPS);
}

/* One page's <url>: its address, when what it lists last changed, and
** its versions in the editions (hrefs[i] in langs[i]; n may be 0). */
static void page_url(xml_out *x, http_response *resp, const char *loc, int64_t changed,
                     const char *const *langs, const char *const *hrefs, size_t n) {
    xml_open(x, "url");
    xml_element(x, "loc", loc);
    if (changed > 0) xml_element(x, "lastmod", w3c_date(x->arena, changed));
    xml_element(x, "changefreq", "hourly");
    for (size_t i = 0; i < n; i++) alternate(x, langs[i], hrefs[i]);
    xml_close(x);
    if (changed > resp->last_modified) resp->last_modified = changed;
}

/* Homes and category pages of every edition: homes with their alternates,
** each with the time of the newest change among the articles it lists. */
static void pages_sitemap(site *s, http_request *req, http_response *resp) {
    const config *cfg = s->cfg;
    arena *a = req->arena;
    xml_out x;
    xml_start(&x, a);
    open_urlset(&x, false);
    const char **homes = arena_alloc(a, cfg->language_count * sizeof *homes);
    for (size_t i = 0; i < cfg->language_count; i++)
        homes[i] = arena_printf(a, "%s/%s/", cfg->base_url, cfg->languages[i]);
    int64_t *edition_changed = arena_zalloc(a, cfg->language_count * sizeof *edition_changed);
    for (size_t i = 0; i < cfg->language_count; i++) {
        if (store_last_change(s->store, cfg->languages[i], 0, &edition_changed[i]) == STORE_ERROR) goto failed;
        page_url(&x, resp, homes[i], edition_changed[i], (const char *const *)cfg->languages, homes, cfg->language_count);
    }
    /* The most-read pages, with their editions' time as the homes have it
    ** (the lists also move with readers, hourly). */
    const char **most_read_urls = arena_alloc(a, cfg->language_count * sizeof *most_read_urls);
    for (size_t i = 0; i < cfg->language_count; i++)
        most_read_urls[i] = arena_printf(a, "%s/%s/most-read", cfg->base_url, cfg->languages[i]);
    for (size_t i = 0; i < cfg->language_count; i++)
        page_url(&x, resp, most_read_urls[i], edition_changed[i], (const char *const *)cfg->languages, most_read_urls,
                 cfg->language_count);
    for (size_t i = 0; i < cfg->language_count; i++) {
        category *cats;
        size_t n;
        if (store_categories(s->store, a, cfg->languages[i], &cats, &n) != STORE_OK) goto failed;
        for (size_t k = 0; k < n; k++) {
            int64_t changed = 0;
            if (store_last_change(s->store, cfg->languages[i], cats[k].id, &changed) == STORE_ERROR) goto failed;
            const char *loc = arena_printf(a, "%s%s", cfg->base_url, urls_category_path(a, cfg->languages[i], cats[k].slug));
            page_url(&x, resp, loc, changed, NULL, NULL, 0);
        }
    }
    /* The editions' static pages, which change now and then. */
    static_page *pages;
    size_t page_count;
    if (store_pages(s->store, a, NULL, true, &pages, &page_count) != STORE_OK) goto failed;
    for (size_t i = 0; i < page_count; i++) {
        xml_open(&x, "url");
        xml_element(&x, "loc", arena_printf(a, "%s%s", cfg->base_url, urls_page_path(a, pages[i].lang, pages[i].slug)));
        xml_element(&x, "lastmod", w3c_date(a, pages[i].updated_at));
        xml_element(&x, "changefreq", "monthly");
        xml_close(&x);
        if (pages[i].updated_at > resp->last_modified) resp->last_modified = pages[i].updated_at;
    }
    finish(resp, &x, CACHE_SITEMAPS);
    return;
failed:
    xml_finish(&x, &resp->body);
    page_error(s, req, resp, "sitemap: pages");
}

typedef struct writing {
    xml_out *x;
    site *s;
    arena *a;
    bool news;
    http_response *resp; /* its Last-Modified follows the newest entry */
    size_t written;      /* <url>s so far */
} writing;

/* One article's <url>; none for a syndicated story, whose canonical
** address is the original's (search engines are told to index that). */
static bool write_url(void *ctx, const sitemap_entry *e) {
    writing *w = ctx;
    if (e->canonical_url && *e->canonical_url) return true;
    const char *base = w->s->cfg->base_url;
    const char *loc = arena_printf(w->a, "%s%s", base, urls_article_path(w->a, e->lang, e->category_slug, e->slug));
    int64_t changed = e->updated_at > e->published_at ? e->updated_at : e->published_at;
    if (changed > w->resp->last_modified) w->resp->last_modified = changed;
    xml_open(w->x, "url");
    xml_element(w->x, "loc", loc);
    xml_element(w->x, "lastmod", w3c_date(w->a, changed));
    if (*e->alternates) {
        alternate(w->x, e->lang, loc);
        char *list = arena_strdup(w->a, e->alternates), *save = NULL;
        for (char *item = strtok_r(list, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
            char *space = strchr(item, ' ');
            if (!space) continue;
            *space = '\0';
            if (config_has_language(w->s->cfg, item))
                alternate(w->x, item, arena_printf(w->a, "%s/%s/%s", base, item, space + 1));
        }
    }
    if (w->news) {
        xml_open(w->x, "news:news");
        xml_open(w->x, "news:publication");
        xml_element(w->x, "news:name", config_site_name(w->s->cfg, e->lang));
        xml_element(w->x, "news:language", e->lang);
        xml_close(w->x);
        xml_element(w->x, "news:publication_date", w3c_date(w->a, e->published_at));
        xml_element(w->x, "news:title", e->title);
        xml_close(w->x);
    }
    xml_close(w->x);
    w->written++;
    return true;
}

static void articles_sitemap(site *s, http_request *req, http_response *resp, long long number) {
    int64_t total;
    if (store_published_total(s->store, &total) != STORE_OK) {
        page_error(s, req, resp, "sitemap: count");
        return;
    }
    if (number < 1 || (number - 1) * URLS_PER_SITEMAP >= total) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    xml_out x;
    xml_start(&x, req->arena);
    open_urlset(&x, false);
    writing w = {&x, s, req->arena, false, resp, 0};
    if (store_sitemap(s->store, 0, (int)((number - 1) * URLS_PER_SITEMAP), URLS_PER_SITEMAP, write_url, &w) != STORE_OK) {
        xml_finish(&x, &resp->body);
        page_error(s, req, resp, "sitemap: articles");
        return;
    }
    finish(resp, &x, CACHE_SITEMAPS);
}

/* Google News takes at most 1,000 URLs. */
#define NEWS_MAX 1000

/* The homes of every edition as plain <url>s (no <news:news>), with their
** lastmod and alternates: what a news sitemap holds when no article is
** news. False when the store failed. */
static bool news_fallback(site *s, xml_out *x, http_response *resp) {
    const config *cfg = s->cfg;
    arena *a = x->arena;
    const char **homes = arena_alloc(a, cfg->language_count * sizeof *homes);
    for (size_t i = 0; i < cfg->language_count; i++)
        homes[i] = arena_printf(a, "%s/%s/", cfg->base_url, cfg->languages[i]);
    for (size_t i = 0; i < cfg->language_count; i++) {
        int64_t changed = 0;
        if (store_last_change(s->store, cfg->languages[i], 0, &changed) != STORE_OK) return false;
        page_url(x, resp, homes[i], changed, (const char *const *)cfg->languages, homes, cfg->language_count);
    }
    return true;
}

/* The newest NEWS_MAX articles of the last 48 hours, newest first, so that
** on a busy site what is cut is the oldest, never this minute's story.
**
** With no article in 48 hours the sitemap would be an empty <urlset>, which
** the sitemaps.org schema forbids (a urlset holds at least one <url>). It
** then lists the editions' home pages instead, as plain <url>s without
** <news:news>: the file stays valid, Google News finds no article in it to
** take for news (only <url>s with <news:news> are news), and the URLs are
** true canonical pages of the site, as in /sitemaps/pages.xml. */
static void news_sitemap(site *s, http_request *req, http_response *resp) {
    xml_out x;
    xml_start(&x, req->arena);
    open_urlset(&x, true);
    writing w = {&x, s, req->arena, true, resp, 0};
    if (store_news_sitemap(s->store, (int64_t)time(NULL) - NEWS_SECONDS, NEWS_MAX, write_url, &w) != STORE_OK ||
        (w.written == 0 && !news_fallback(s, &x, resp))) {
        xml_finish(&x, &resp->body);
        page_error(s, req, resp, "news sitemap");
        return;
    }
    finish(resp, &x, CACHE_NEWS_SITEMAP);
}

void sitemap_page(site *s, http_request *req, http_response *resp, const char *name) {
    long long number;
    if (strcmp(name, "sitemap.xml") == 0) sitemap_index(s, req, resp);
    else if (strcmp(name, "news-sitemap.xml") == 0) news_sitemap(s, req, resp);
    else if (strcmp(name, "pages.xml") == 0) pages_sitemap(s, req, resp);
    else if (starts_with(name, "articles-") && strlen(name) < 30) {
        char digits[24];
        snprintf(digits, sizeof digits, "%.*s", (int)(strlen(name) - 13), name + 9);
        size_t n = strlen(name);
        if (n > 13 && strcmp(name + n - 4, ".xml") == 0 && parse_int(digits, 1, 1000000, &number))
            articles_sitemap(s, req, resp, number);
        else
            page_not_found(s, req, resp, NULL);
    } else {
        page_not_found(s, req, resp, NULL);
    }
}

void robots_txt(site *s, http_request *req, http_response *resp) {
    (void)req;
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache_control = CACHE_SLOW;
    buf_printf(&resp->body,
               "User-agent: *\n"
               "Disallow: /admin/\n"
               "Disallow: /api/v1/admin/\n"
               "Disallow: /*/search\n"
               "Allow: /\n"
               "\n"
               "Sitemap: %s/sitemap.xml\n"
               "Sitemap: %s/news-sitemap.xml\n",
               s->cfg->base_url, s->cfg->base_url);
}
