/*
** Feeds: RSS 2.0 and Atom for each edition (/{lang}/rss.xml, atom.xml) and
** each category (/{lang}/{category}/rss.xml, atom.xml) and author
** (/{lang}/author/{slug}/rss.xml, atom.xml): the newest 50
** articles with title, summary, full text, date, every author, category, lead
** image and canonical link; an open live blog stays one item, its newest
** updates before its text and the newest in its summary (live.c). Written
** with libxml2's text writer, which
** escapes; text is first cleaned of characters XML does not allow. Every
** URL in an item's body is made absolute (feed_html.c), since readers show
** it away from the site.
**
** A store error is never an empty body or a short list: the feed answers
** 500 (page_error), which neither the page cache nor a CDN keeps.
*/
#include "page.h"
#include "cache.h"
#include "feed_html.h"
#include "live.h"
#include "pages.h"
#include "xml.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../core/media_files.h"
#include "../render/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FEED_ITEMS 50

/* "Sat, 14 Feb 2026 12:50:00 GMT" */
static const char *rfc822(arena *a, int64_t t) {
    char out[40];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return arena_strdup(a, out);
}

static const char *rfc3339(arena *a, int64_t t) {
    char out[40];
    iso8601_format_local(t, out, sizeof out);
    return arena_strdup(a, out);
}

/* The lead image's largest JPEG: URL, file size (for enclosures), type. */
typedef struct feed_image {
    const char *url;
    long long bytes;
    int width, height;
} feed_image;

static bool lead_image(site *s, arena *a, const article *art, feed_image *img) {
    if (!art->lead_image.id) return false;
    const char *last = strrchr(art->lead_image.variants, ' ');
    int width = atoi(last ? last + 1 : art->lead_image.variants);
    const char *name = arena_printf(a, "%s-%d.jpg", art->lead_image.hash, width);
    img->bytes = 0;
    if (store_media_in_database(s->store)) {
        int64_t n;
        if (store_media_file_size(s->store, name, &n) == STORE_OK) img->bytes = n;
    } else {
        const char *path = media_file_path(a, s->cfg, name);
        struct stat st;
        if (path && stat(path, &st) == 0) img->bytes = (long long)st.st_size;
    }
    img->url = arena_printf(a, "%s%s", s->cfg->base_url, media_url(a, art->lead_image.hash, width, "jpg"));
    img->width = width;
    img->height = art->lead_image.width ? (int)((long long)art->lead_image.height * width / art->lead_image.width) : 0;
    return true;
}

typedef struct feed {
    site *s;
    http_request *req;
    const char *lang;
    const category *cat; /* NULL: the whole edition */
    const char *title, *description, *home, *self;
    article *items;
    size_t count;
    int64_t updated;
} feed;

/* The newest articles of an author's page and its title and address:
** false (answered: 404, 500) when the author has none or the store fails. */
static bool load_author_feed(site *s, http_request *req, http_response *resp, const char *lang,
                             const char *author_slug, const char *file, feed *f) {
    arena *a = req->arena;
    if (store_articles_by_author(s->store, a, lang, author_slug, NULL, 0, FEED_ITEMS, &f->items, &f->count) !=
        STORE_OK) {
        page_error(s, req, resp, "feed: author");
        return false;
    }
    if (f->count == 0) {
        page_not_found(s, req, resp, lang);
        return false;
    }
    author_profile who;
    const char *name = author_slug;
    int rc = store_author_by_slug(s->store, a, author_slug, &who);
    if (rc == STORE_OK) name = who.name;
    else if (rc != STORE_NOT_FOUND) {
        page_error(s, req, resp, "feed: author");
        return false;
    }
    f->title = arena_printf(a, "%s — %s", name, config_site_name(s->cfg, lang));
    f->description = rc == STORE_OK && *who.bio ? who.bio : f->title;
    f->home = arena_printf(a, "%s%s", s->cfg->base_url, urls_author_path(a, lang, author_slug));
    f->self = arena_printf(a, "%s/%s", f->home, file);
    return true;
}

/* The newest articles with a tag and the feed's title and address: false
** (answered: 404, 500) when no visible article has it or the store fails. */
static bool load_tag_feed(site *s, http_request *req, http_response *resp, const char *lang,
                          const char *tag_slug, const char *file, feed *f) {
    arena *a = req->arena;
    const char *name;
    int64_t count;
    int rc = store_tag_by_slug(s->store, a, lang, tag_slug, &name, &count);
    if (rc == STORE_OK)
        rc = store_articles_by_tag(s->store, a, lang, tag_slug, NULL, 0, FEED_ITEMS, &f->items, &f->count);
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, lang);
        return false;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "feed: tag");
        return false;
    }
    f->title = arena_printf(a, "%s — %s", name, config_site_name(s->cfg, lang));
    f->description = f->title;
    f->home = arena_printf(a, "%s%s", s->cfg->base_url, urls_tag_path(a, lang, tag_slug));
    f->self = arena_printf(a, "%s/%s", f->home, file);
    return true;
}

static bool load_feed(site *s, http_request *req, http_response *resp, const char *lang,
                      const feed_of *of, const char *file, feed *f) {
    const char *category_slug = of->category_slug, *author_slug = of->author_slug;
    memset(f, 0, sizeof *f);
    f->s = s;
    f->req = req;
    f->lang = lang;
    arena *a = req->arena;
    category *cat = NULL;
    if (category_slug) {
        cat = arena_alloc(a, sizeof *cat);
        int rc = store_category_by_slug(s->store, a, lang, category_slug, cat);
        if (rc == STORE_NOT_FOUND) {
            page_not_found(s, req, resp, lang);
            return false;
        }
        if (rc != STORE_OK) {
            page_error(s, req, resp, "feed: category");
            return false;
        }
    }
    f->cat = cat;
    if (of->tag_slug) {
        if (!load_tag_feed(s, req, resp, lang, of->tag_slug, file, f)) return false;
    } else if (author_slug) {
        if (!load_author_feed(s, req, resp, lang, author_slug, file, f)) return false;
    } else if (store_articles_list(s->store, a, lang, cat ? cat->id : 0, NULL, 0, FEED_ITEMS, 0, &f->items,
                            &f->count) != STORE_OK) {
        page_error(s, req, resp, "feed: list");
        return false;
    }
    if (!author_slug && !of->tag_slug) {
        const char *name = config_site_name(s->cfg, lang);
        f->title = cat ? arena_printf(a, "%s — %s", cat->name, name) : name;
        const char *desc = cat && *cat->description ? cat->description : config_description(s->cfg, lang);
        f->description = desc && *desc ? desc : i18n_translate(lang, "The latest news", NULL, 1);
        f->home = arena_printf(a, "%s%s", s->cfg->base_url,
                               cat ? urls_category_path(a, lang, cat->slug) : arena_printf(a, "/%s/", lang));
        f->self = arena_printf(a, "%s%s%s", f->home, "", file);
    }
    /* Every item names all its authors. */
    if (store_article_authors_fill(s->store, a, f->items, f->count) != STORE_OK) {
        page_error(s, req, resp, "feed: authors");
        return false;
    }
    for (size_t i = 0; i < f->count; i++) {
        int64_t t = f->items[i].updated_at > f->items[i].published_at ? f->items[i].updated_at : f->items[i].published_at;
        if (t > f->updated) f->updated = t;
    }
    if (!f->updated) f->updated = (int64_t)time(NULL);
    return true;
}

static const char *article_url(feed *f, const article *art) {
    arena *a = f->req->arena;
    return arena_printf(a, "%s%s", f->s->cfg->base_url, urls_article_path(a, art->lang, art->category_slug, art->slug));
}

/* The body of an article for its item, every URL in it absolute (url is
** the article's address); an open live blog's newest updates before it
** (*live says what they were). False when the store failed. */
static bool body_of(feed *f, const article *art, const char *url, const char **html, live_feed_note *live) {
    const char *stored = "";
    int rc = store_article_body(f->s->store, f->req->arena, art->id, &stored);
    if (rc == STORE_ERROR || !live_feed(f->s, f->req->arena, f->lang, art, live)) return false;
    if (rc == STORE_NOT_FOUND || !stored) stored = ""; /* an article saved without a body */
    if (live->live) stored = arena_printf(f->req->arena, "%s%s", live->html, stored);
    *html = feed_html_absolute(f->req->arena, stored, url);
    /* Out of memory in libxml2: the body as stored is still the body. */
    if (!*html) *html = stored;
    return true;
}

/* An item's summary: the lead (else the title), after an open live
** blog's newest update ("Live, 16:50 Polls close: ..."). */
static const char *summary_of(arena *a, const article *art, const live_feed_note *live) {
    const char *lead = *art->subtitle ? art->subtitle : art->title;
    if (!live->live || !live->latest) return lead;
    return arena_printf(a, "%s, %s — %s", i18n_translate(art->lang, "Live", NULL, 1), live->latest, lead);
}

/* Ends a feed that cannot be finished: the store failed while it was made. */
static void feed_failed(site *s, http_request *req, http_response *resp, xml_out *x) {
    xml_finish(x, &resp->body);
    page_error(s, req, resp, "feed: body");
}

/* Sends a finished feed with its cache policy. */
static void send_feed(http_response *resp, xml_out *x, const char *type, int64_t updated) {
    xml_finish(x, &resp->body);
    resp->content_type = type;
    resp->cache_control = CACHE_FEEDS;
    resp->last_modified = updated;
}

/* The names of an article's authors, each once (its byline alone when it
** has no list), for fn. */
static void each_author(xml_out *x, const article *art, void (*fn)(xml_out *x, const char *name)) {
    for (size_t i = 0; i < art->author_count; i++) fn(x, art->authors[i].name);
    if (art->author_count == 0) fn(x, art->author);
}

/* An RSS item's author: <dc:creator>name</dc:creator>. */
static void rss_creator(xml_out *x, const char *name) { xml_element(x, "dc:creator", name); }

/* An Atom entry's author: <author><name>name</name></author>. */
static void atom_author(xml_out *x, const char *name) {
    xml_open(x, "author");
    xml_element(x, "name", name);
    xml_close(x);
}

static void rss(site *s, http_request *req, http_response *resp, const char *lang, const feed_of *of) {
    feed f;
    if (!load_feed(s, req, resp, lang, of, "rss.xml", &f)) return;
    arena *a = req->arena;
    xml_out x;
    xml_start(&x, a);
    xml_open(&x, "rss");
    xml_attr(&x, "version", "2.0");
    xml_attr(&x, "xmlns:atom", "http://www.w3.org/2005/Atom");
    xml_attr(&x, "xmlns:content", "http://purl.org/rss/1.0/modules/content/");
    xml_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xml_attr(&x, "xmlns:media", "http://search.yahoo.com/mrss/");
    xml_open(&x, "channel");
    xml_element(&x, "title", f.title);
    xml_element(&x, "link", f.home);
    xml_element(&x, "description", f.description);
    xml_element(&x, "language", lang);
    xml_element(&x, "lastBuildDate", rfc822(a, f.updated));
    xml_element(&x, "generator", "Gazette");
    xml_open(&x, "atom:link");
    xml_attr(&x, "href", f.self);
    xml_attr(&x, "rel", "self");
    xml_attr(&x, "type", "application/rss+xml");
    xml_close(&x);
    for (size_t i = 0; i < f.count; i++) {
        const article *art = &f.items[i];
        const char *url = article_url(&f, art), *body;
        live_feed_note live;
        if (!body_of(&f, art, url, &body, &live)) {
            feed_failed(s, req, resp, &x);
            return;
        }
        xml_open(&x, "item");
        xml_element(&x, "title", art->title);
        xml_element(&x, "link", url);
        xml_open(&x, "guid");
        xml_attr(&x, "isPermaLink", "true");
        xml_text(&x, url);
        xml_close(&x);
        xml_element(&x, "description", summary_of(a, art, &live));
        xml_element(&x, "content:encoded", body);
        xml_element(&x, "pubDate", rfc822(a, art->published_at));
        each_author(&x, art, rss_creator);
        xml_element(&x, "category", art->category_name);
        feed_image img;
        if (lead_image(s, a, art, &img)) {
            xml_open(&x, "enclosure");
            xml_attr(&x, "url", img.url);
            xml_attr(&x, "type", "image/jpeg");
            xml_attr(&x, "length", arena_printf(a, "%lld", img.bytes));
            xml_close(&x);
            xml_open(&x, "media:content");
            xml_attr(&x, "url", img.url);
            xml_attr(&x, "type", "image/jpeg");
            xml_attr(&x, "medium", "image");
            xml_attr(&x, "width", arena_printf(a, "%d", img.width));
            xml_attr(&x, "height", arena_printf(a, "%d", img.height));
            xml_close(&x);
        }
        xml_close(&x);
    }
    send_feed(resp, &x, "application/rss+xml; charset=utf-8", f.updated);
}

static void atom(site *s, http_request *req, http_response *resp, const char *lang, const feed_of *of) {
    feed f;
    if (!load_feed(s, req, resp, lang, of, "atom.xml", &f)) return;
    arena *a = req->arena;
    xml_out x;
    xml_start(&x, a);
    xml_open(&x, "feed");
    xml_attr(&x, "xmlns", "http://www.w3.org/2005/Atom");
    xml_attr(&x, "xml:lang", lang);
    xml_element(&x, "title", f.title);
    xml_element(&x, "subtitle", f.description);
    xml_element(&x, "id", f.home);
    xml_element(&x, "updated", rfc3339(a, f.updated));
    xml_element(&x, "generator", "Gazette");
    xml_open(&x, "link");
    xml_attr(&x, "rel", "self");
    xml_attr(&x, "type", "application/atom+xml");
    xml_attr(&x, "href", f.self);
    xml_close(&x);
    xml_open(&x, "link");
    xml_attr(&x, "rel", "alternate");
    xml_attr(&x, "type", "text/html");
    xml_attr(&x, "href", f.home);
    xml_close(&x);
    for (size_t i = 0; i < f.count; i++) {
        const article *art = &f.items[i];
        const char *url = article_url(&f, art), *body;
        live_feed_note live;
        if (!body_of(&f, art, url, &body, &live)) {
            feed_failed(s, req, resp, &x);
            return;
        }
        xml_open(&x, "entry");
        xml_element(&x, "title", art->title);
        xml_element(&x, "id", url);
        xml_open(&x, "link");
        xml_attr(&x, "rel", "alternate");
        xml_attr(&x, "type", "text/html");
        xml_attr(&x, "href", url);
        xml_close(&x);
        xml_element(&x, "published", rfc3339(a, art->published_at));
        int64_t updated = art->updated_at > art->published_at ? art->updated_at : art->published_at;
        xml_element(&x, "updated", rfc3339(a, live.changed_at > updated ? live.changed_at : updated));
        each_author(&x, art, atom_author);
        xml_open(&x, "category");
        xml_attr(&x, "term", art->category_slug);
        xml_attr(&x, "label", art->category_name);
        xml_close(&x);
        xml_element(&x, "summary", summary_of(a, art, &live));
        xml_open(&x, "content");
        xml_attr(&x, "type", "html");
        xml_text(&x, body);
        xml_close(&x);
        feed_image img;
        if (lead_image(s, a, art, &img)) {
            xml_open(&x, "link");
            xml_attr(&x, "rel", "enclosure");
            xml_attr(&x, "type", "image/jpeg");
            xml_attr(&x, "href", img.url);
            xml_attr(&x, "length", arena_printf(a, "%lld", img.bytes));
            xml_close(&x);
        }
        xml_close(&x);
    }
    send_feed(resp, &x, "application/atom+xml; charset=utf-8", f.updated);
}

void feed_page(site *s, http_request *req, http_response *resp, const char *lang,
               const feed_of *of, const char *file) {
    if (strcmp(file, "rss.xml") == 0) rss(s, req, resp, lang, of);
    else atom(s, req, resp, lang, of);
}
