/*
** The public API, for the publisher's apps and partners (read only, no
** token; what the site shows, as JSON):
**   GET /api/v1/editions                     the editions
**   GET /api/v1/{lang}/categories            the categories of one
**   GET /api/v1/{lang}/articles              newest first: ?category= ?tag= ?limit= ?cursor=
**   GET /api/v1/{lang}/articles/{id}         one, with its HTML body
**   GET /api/v1/{lang}/articles/{id}/views   its view count, live
**   GET /api/v1/{lang}/search?q=             search, best first: ?page= ?limit=
**   GET /api/v1/{lang}/most-read             the most read: ?period=day|week ?limit=
**   GET /api/v1/openapi.json                 the OpenAPI 3.1 description of all this
** Any origin may read (CORS), answers carry ETag and Last-Modified, and
** errors are JSON with the status that fits.
*/
#include "api.h"
#include "api_json.h"
#include "../core/embedded.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/i18n.h"
#include "../site/cache.h"
#include "../site/breaking.h"
#include "../site/live_labels.h"
#include "../site/cache_tags.h"
#include "../site/most_read.h"
#include "../site/pages.h"
#include "../site/seo.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_DEFAULT 20
#define LIST_MAX 50
#define SEARCH_DEFAULT 20
#define TAG_MAX 100

/* What one API request works with. */
typedef struct call {
    site *site;
    http_request *req;
    http_response *resp;
    arena *arena;
    const char *lang;
    const char *tags; /* what a cache files a 200 under besides "site api" (NULL: nothing more) */
} call;

/* "2026-02-14T16:50:00+04:00" in the site's time zone, in a. */
static const char *iso_date(arena *a, int64_t t) {
    char iso[40];
    iso8601_format_local(t, iso, sizeof iso);
    return arena_strdup(a, iso);
}

/* Sends a successful answer that caches may keep with policy. */
static void send_public(call *c, json_t *value, const char *policy) {
    c->resp->cache_control = policy;
    api_send(c->resp, 200, value);
}

/* Moves Last-Modified up to t. */
static void note_change(call *c, int64_t t) {
    if (t > c->resp->last_modified) c->resp->last_modified = t;
}

static void note_article(call *c, const article *a) {
    note_change(c, a->updated_at > a->published_at ? a->updated_at : a->published_at);
}

/* An article as lists give it: where it is, what it says on its card. */
static json_t *article_summary(call *c, const article *a) {
    arena *ar = c->arena;
    const config *cfg = c->site->cfg;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "lang", api_string(a->lang));
    json_object_set_new(o, "slug", api_string(a->slug));
    json_object_set_new(o, "url", api_string(api_url(ar, cfg, urls_article_path(ar, a->lang, a->category_slug, a->slug))));
    json_object_set_new(o, "api_url", api_string(api_url(ar, cfg, arena_printf(ar, "/api/v1/%s/articles/%lld", a->lang, (long long)a->id))));
    json_t *cat = json_object();
    json_object_set_new(cat, "slug", api_string(a->category_slug));
    json_object_set_new(cat, "name", api_string(a->category_name ? a->category_name : a->category_slug));
    json_object_set_new(cat, "url", api_string(api_url(ar, cfg, urls_category_path(ar, a->lang, a->category_slug))));
    json_object_set_new(o, "category", cat);
    json_object_set_new(o, "title", api_string(a->title));
    json_object_set_new(o, "lead", api_string(a->subtitle));
    json_object_set_new(o, "author", api_string(a->author));
    json_t *authors = json_array();
    for (size_t i = 0; i < a->author_count; i++)
        json_array_append_new(authors, json_pack("{s:o,s:o,s:o}", "name", api_string(a->authors[i].name), "slug",
                                                 api_string(a->authors[i].slug), "url",
                                                 api_string(api_url(ar, cfg, urls_author_path(ar, a->lang, a->authors[i].slug)))));
    json_object_set_new(o, "authors", authors);
    json_object_set_new(o, "published_at", api_string(iso_date(ar, a->published_at)));
    json_object_set_new(o, "updated_at", api_string(iso_date(ar, a->updated_at > a->published_at ? a->updated_at : a->published_at)));
    json_object_set_new(o, "featured", json_boolean(a->featured));
    if (a->lead_image.id) {
        json_t *img = api_image(ar, cfg, &a->lead_image);
        json_object_set_new(img, "caption", api_string(a->lead_image_caption));
        json_object_set_new(img, "credit", api_string(a->lead_image_credit));
        json_object_set_new(o, "lead_image", img);
    } else {
        json_object_set_new(o, "lead_image", json_null());
    }
    return o;
}

/* ------------------------------------------------------------ editions */

static void editions(call *c) {
    const config *cfg = c->site->cfg;
    arena *a = c->arena;
    json_t *list = json_array();
    for (size_t i = 0; i < cfg->language_count; i++) {
        const char *lang = cfg->languages[i];
        json_t *e = json_object();
        json_object_set_new(e, "lang", api_string(lang));
        json_object_set_new(e, "language_name", api_string(i18n_language_name(lang)));
        json_object_set_new(e, "site_name", api_string(config_site_name(cfg, lang)));
        json_object_set_new(e, "description", api_string(config_description(cfg, lang)));
        json_object_set_new(e, "default", json_boolean(strcmp(lang, cfg->default_language) == 0));
        json_object_set_new(e, "url", api_string(api_url(a, cfg, arena_printf(a, "/%s/", lang))));
        json_object_set_new(e, "rss_url", api_string(api_url(a, cfg, arena_printf(a, "/%s/rss.xml", lang))));
        json_object_set_new(e, "atom_url", api_string(api_url(a, cfg, arena_printf(a, "/%s/atom.xml", lang))));
        json_object_set_new(e, "articles_url", api_string(api_url(a, cfg, arena_printf(a, "/api/v1/%s/articles", lang))));
        json_array_append_new(list, e);
    }
    json_t *root = json_object();
    json_object_set_new(root, "default_language", api_string(cfg->default_language));
    json_object_set_new(root, "editions", list);
    send_public(c, root, CACHE_LISTS);
}

/* ------------------------------------------------------------- breaking */

/* The edition's breaking news for the apps: the story the banner shows,
** or null. Kept by caches no longer than the banner lasts; its start and
** end purge it (the edition's tag, cache_tags.c; the purger's release). */
static void breaking_now_answer(call *c) {
    arena *a = c->arena;
    breaking_story b;
    int rc = breaking_now(c->site->breaking, a, c->lang, &b);
    if (rc == STORE_ERROR) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    json_t *root = json_object();
    json_object_set_new(root, "lang", api_string(c->lang));
    const char *policy = CACHE_LISTS;
    if (rc == STORE_OK) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(b.article_id));
        json_object_set_new(o, "title", api_string(b.title));
        json_object_set_new(o, "label", api_string(*b.label ? b.label : i18n_translate(c->lang, "Breaking news", NULL, 1)));
        json_object_set_new(o, "url", api_string(api_url(a, c->site->cfg, urls_article_path(a, b.lang, b.category_slug, b.slug))));
        json_object_set_new(o, "api_url", api_string(api_url(a, c->site->cfg, arena_printf(a, "/api/v1/%s/articles/%lld", c->lang, (long long)b.article_id))));
        json_object_set_new(o, "since", api_string(iso_date(a, b.since)));
        json_object_set_new(o, "until", api_string(iso_date(a, b.until)));
        json_object_set_new(root, "breaking", o);
        /* Its start and end purge the edition; a change to the story, the story. */
        c->tags = arena_printf(a, "ed-%s a%lld", c->lang, (long long)b.article_id);
        int64_t left = b.until - (int64_t)time(NULL);
        if (left < 60) policy = arena_printf(a, "public, max-age=%lld, s-maxage=%lld", (long long)(left > 1 ? left : 1),
                                             (long long)(left > 1 ? left : 1));
    } else json_object_set_new(root, "breaking", json_null());
    send_public(c, root, policy);
}

/* ---------------------------------------------------------- categories */

static void categories(call *c) {
    store *st = c->site->store;
    arena *a = c->arena;
    const config *cfg = c->site->cfg;
    category *cats;
    size_t n;
    int64_t last = 0;
    if (store_categories(st, a, c->lang, &cats, &n) != STORE_OK || store_last_change(st, c->lang, 0, &last) == STORE_ERROR) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    note_change(c, last);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t count = 0;
        if (store_articles_count(st, c->lang, cats[i].id, &count) != STORE_OK) {
            json_decref(list);
            api_store_failed(c->resp, c->site->store, "The database failed; try again.");
            return;
        }
        json_t *o = json_object();
        json_object_set_new(o, "slug", api_string(cats[i].slug));
        json_object_set_new(o, "name", api_string(cats[i].name));
        json_object_set_new(o, "description", api_string(cats[i].description));
        json_object_set_new(o, "article_count", json_integer(count));
        json_object_set_new(o, "url", api_string(api_url(a, cfg, urls_category_path(a, c->lang, cats[i].slug))));
        json_object_set_new(o, "rss_url", api_string(api_url(a, cfg, arena_printf(a, "/%s/%s/rss.xml", c->lang, cats[i].slug))));
        json_object_set_new(o, "articles_url", api_string(api_url(a, cfg, arena_printf(a, "/api/v1/%s/articles?category=%s", c->lang, cats[i].slug))));
        json_array_append_new(list, o);
    }
    json_t *root = json_object();
    json_object_set_new(root, "lang", api_string(c->lang));
    json_object_set_new(root, "categories", list);
    send_public(c, root, CACHE_LISTS);
}

/* ------------------------------------------------------------ articles */

/* Reads ?limit=; false (having answered 400) when it is not 1..max. */
static bool read_limit(call *c, int fallback, int max, int *limit) {
    const char *arg = http_query(c->req, "limit");
    long long n = fallback;
    if (arg && !parse_int(arg, 1, max, &n)) {
        api_error(c->resp, 400, arena_printf(c->arena, "limit must be a whole number from 1 to %d.", max), "limit");
        return false;
    }
    *limit = (int)n;
    return true;
}

/* The address of the next page: this one's query with the new cursor. */
static const char *next_url(call *c, const char *category_slug, const char *tag, int limit, const char *cursor) {
    buf b;
    buf_init(&b, c->arena);
    buf_printf(&b, "%s/api/v1/%s/articles?", c->site->cfg->base_url, c->lang);
    if (category_slug) buf_printf(&b, "category=%s&", category_slug); /* a valid slug: nothing to encode */
    if (tag) {
        buf_puts(&b, "tag=");
        url_encode(&b, tag);
        buf_puts(&b, "&");
    }
    buf_printf(&b, "limit=%d&cursor=%s", limit, cursor);
    return b.data;
}

/* Newest first. The cursor is the (date, id) of the last article given:
** the next page starts strictly after it, so articles published in the
** meantime never shift a page or repeat an article. */
static void articles(call *c) {
    store *st = c->site->store;
    const char *category_slug = http_query(c->req, "category");
    const char *tag = http_query(c->req, "tag");
    const char *cursor_arg = http_query(c->req, "cursor");
    int limit;
    if (!read_limit(c, LIST_DEFAULT, LIST_MAX, &limit)) return;
    list_cursor cursor, *after = NULL;
    if (cursor_arg) {
        if (!urls_cursor_parse(cursor_arg, &cursor.published_at, &cursor.id)) {
            api_error(c->resp, 400, "cursor must be a next_cursor this API gave.", "cursor");
            return;
        }
        after = &cursor;
    }
    if (category_slug && !*category_slug) category_slug = NULL;
    if (tag && !*tag) tag = NULL;
    if (tag && (!utf8_valid(tag, strlen(tag)) || utf8_length(tag) > TAG_MAX)) {
        api_error(c->resp, 400, arena_printf(c->arena, "tag must be text of at most %d characters.", TAG_MAX), "tag");
        return;
    }
    int64_t category_id = 0;
    if (category_slug) {
        category cat;
        int rc = slug_valid(category_slug, SLUG_MAX) ? store_category_by_slug(st, c->arena, c->lang, category_slug, &cat)
                                                     : STORE_NOT_FOUND;
        if (rc == STORE_NOT_FOUND) {
            api_error(c->resp, 404, "There is no such category.", "category");
            return;
        }
        if (rc != STORE_OK) {
            api_store_failed(c->resp, c->site->store, "The database failed; try again.");
            return;
        }
        category_id = cat.id;
    }
    /* One more than asked tells whether there is a next page. */
    article *items;
    size_t n;
    int rc = tag ? store_articles_tagged(st, c->arena, c->lang, category_id, tag, after, limit + 1, &items, &n)
                 : store_articles_list(st, c->arena, c->lang, category_id, after, 0, limit + 1, 0, &items, &n);
    if (rc != STORE_OK) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    bool more = n > (size_t)limit;
    if (more) n = (size_t)limit;
    if (store_article_authors_fill(st, c->arena, items, n) != STORE_OK) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, article_summary(c, &items[i]));
        note_article(c, &items[i]);
    }
    json_t *root = json_object();
    json_object_set_new(root, "lang", api_string(c->lang));
    json_object_set_new(root, "articles", list);
    if (more) {
        const char *next = urls_cursor_format(c->arena, items[n - 1].published_at, items[n - 1].id);
        json_object_set_new(root, "next_cursor", api_string(next));
        json_object_set_new(root, "next_url", api_string(next_url(c, category_slug, tag, limit, next)));
    } else {
        json_object_set_new(root, "next_cursor", json_null());
        json_object_set_new(root, "next_url", json_null());
    }
    send_public(c, root, CACHE_LISTS);
}

/* The editions' versions of an article (itself excluded). */
static json_t *translations_json(call *c, const article *a) {
    json_t *list = json_array();
    translation *tr;
    size_t n;
    if (store_article_translations(c->site->store, c->arena, a->translation_key, &tr, &n) != STORE_OK) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(tr[i].lang, a->lang) == 0 || !config_has_language(c->site->cfg, tr[i].lang)) continue;
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(tr[i].id));
        json_object_set_new(o, "lang", api_string(tr[i].lang));
        json_object_set_new(o, "title", api_string(tr[i].title));
        json_object_set_new(o, "url", api_string(api_url(c->arena, c->site->cfg, urls_article_path(c->arena, tr[i].lang, tr[i].category_slug, tr[i].slug))));
        json_object_set_new(o, "api_url", api_string(api_url(c->arena, c->site->cfg, arena_printf(c->arena, "/api/v1/%s/articles/%lld", tr[i].lang, (long long)tr[i].id))));
        json_array_append_new(list, o);
    }
    return list;
}

/* The stories related to an article (store_article_related), as lists
** give them; NULL when the store failed. The answer is tagged "api",
** which every change to a story purges. */
static json_t *related_json(call *c, const article *a) {
    article *items;
    size_t n;
    if (store_article_related(c->site->store, c->arena, a, c->site->cfg->related_stories, &items, &n) != STORE_OK ||
        store_article_authors_fill(c->site->store, c->arena, items, n) != STORE_OK)
        return NULL;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, article_summary(c, &items[i]));
        note_article(c, &items[i]);
    }
    return list;
}

/* The article id_text names, when readers of this edition may see it;
** false having answered 404 (or 500) otherwise. */
static bool find_article(call *c, const char *id_text, article *a) {
    long long id;
    int rc = parse_int(id_text, 1, INT64_MAX, &id) ? store_article_by_id(c->site->store, c->arena, id, a) : STORE_NOT_FOUND;
    if (rc == STORE_OK && (strcmp(a->lang, c->lang) != 0 || a->status != ARTICLE_PUBLISHED || a->deleted_at ||
                           a->published_at > (int64_t)time(NULL)))
        rc = STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) api_error(c->resp, 404, "There is no such article in this edition.", NULL);
    else if (rc != STORE_OK) api_store_failed(c->resp, c->site->store, "The database failed; try again.");
    return rc == STORE_OK;
}

/* What the article's page tells search engines and social cards: the
** title and description they show (the overrides, else the title and the
** lead), the absolute URL of the card's image (the social image's largest
** JPEG, else the lead image's; null without either), and the canonical
** URL (a syndicated story's original, else the article's own). */
static json_t *seo_json(call *c, const article *a) {
    arena *ar = c->arena;
    const config *cfg = c->site->cfg;
    json_t *o = json_object();
    json_object_set_new(o, "title", api_string(seo_title_of(a)));
    json_object_set_new(o, "description", api_string(seo_description_of(a)));
    media social;
    const media *image = a->lead_image.id ? &a->lead_image : NULL;
    if (a->social_image_id && store_media_by_id(c->site->store, ar, a->social_image_id, &social) == STORE_OK)
        image = &social;
    json_object_set_new(o, "image", image ? api_string(api_url(ar, cfg, seo_image_path(ar, image, NULL))) : json_null());
    const char *own = api_url(ar, cfg, urls_article_path(ar, a->lang, a->category_slug, a->slug));
    json_object_set_new(o, "canonical_url", api_string(a->canonical_url && *a->canonical_url ? a->canonical_url : own));
    return o;
}

/* One article, as its page shows it. Reading it counts a view, as the page
** does; the ETag is taken before the count goes in, so it changes only
** when the article does. */
static void one_article(call *c, const char *id_text) {
    article a;
    if (!find_article(c, id_text, &a)) return;
    const char **tags;
    size_t tag_count;
    json_t *translations = translations_json(c, &a);
    json_t *related = related_json(c, &a);
    if (!translations || !related || store_article_tags(c->site->store, c->arena, a.id, &tags, &tag_count) != STORE_OK ||
        store_article_authors_fill(c->site->store, c->arena, &a, 1) != STORE_OK) {
        json_decref(translations);
        json_decref(related);
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    json_t *o = article_summary(c, &a);
    json_t *tag_list = json_array();
    for (size_t i = 0; i < tag_count; i++) json_array_append_new(tag_list, api_string(tags[i]));
    json_object_set_new(o, "tags", tag_list);
    json_object_set_new(o, "translations", translations);
    json_object_set_new(o, "related", related);
    json_object_set_new(o, "body_html", api_string(a.body_html)); /* rendered and sanitised when saved */
    json_object_set_new(o, "seo", seo_json(c, &a));
    live_blog blog = {0};
    if (live_labels_maybe(c->site->live, a.id) &&
        store_live_blog(c->site->store, c->arena, a.id, LIVE_UPDATES_MAX, true, &blog) != STORE_OK) {
        json_decref(o);
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    json_object_set_new(o, "kind", api_string(blog.live ? "live" : "article"));
    json_object_set_new(o, "live", blog.live ? api_live_json(c->arena, c->site->cfg, &a, &blog) : json_null());
    note_article(c, &a);
    note_change(c, blog.changed_at);
    char *stable = json_dumps(o, JSON_COMPACT);
    if (stable) {
        c->resp->etag = http_etag(c->arena, stable, strlen(stable));
        free(stable);
    }
    json_object_set_new(o, "views", json_integer(views_on_read(c->site->views, c->req, a.id, a.views)));
    c->resp->app_note = a.id; /* a page cache counts the views it serves */
    c->tags = arena_printf(c->arena, "a%lld", (long long)a.id);
    send_public(c, o, CACHE_ARTICLE);
}

/* The live view count of an article: pages and article answers come from
** the page cache and trail by up to a minute; this is never cached and
** does not count. */
static void live_views(call *c, const char *id_text) {
    article a;
    if (!find_article(c, id_text, &a)) return;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a.id));
    json_object_set_new(o, "views", json_integer(views_total(c->site->views, a.id, a.views)));
    c->resp->cache_control = "no-store";
    api_send(c->resp, 200, o);
}

/* A live blog's newest updates, the answer its open pages poll (see
** public_api_live.c): short-lived in caches, purged with the article; not
** a view. */
static void live_updates(call *c, const char *id_text) {
    article a;
    if (!find_article(c, id_text, &a)) return;
    live_blog blog;
    if (store_live_blog(c->site->store, c->arena, a.id, LIVE_RECENT_UPDATES, false, &blog) != STORE_OK) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    if (!blog.live) {
        api_error(c->resp, 404, "This article is not a live blog.", NULL);
        return;
    }
    note_article(c, &a);
    note_change(c, blog.changed_at);
    c->tags = arena_printf(c->arena, "a%lld", (long long)a.id); /* every change to the blog purges it */
    json_t *o = json_object();
    json_object_set_new(o, "article_id", json_integer(a.id));
    json_object_set_new(o, "live", api_live_json(c->arena, c->site->cfg, &a, &blog));
    send_public(c, o, blog.ended_at ? CACHE_ARTICLE : CACHE_LIVE_POLL);
}

/* -------------------------------------------------------------- search */

static void search(call *c) {
    const char *q = http_query(c->req, "q");
    if (!q || !*q) {
        api_error(c->resp, 400, "Give the words to search for: ?q=...", "q");
        return;
    }
    if (!utf8_valid(q, strlen(q))) {
        api_error(c->resp, 400, "q must be UTF-8 text.", "q");
        return;
    }
    const char *page = http_query(c->req, "page");
    long long number;
    if (page && !parse_int(page, 1, 1000000, &number)) {
        api_error(c->resp, 400, "page must be a whole number from 1.", "page");
        return;
    }
    int limit;
    if (!read_limit(c, SEARCH_DEFAULT, LIST_MAX, &limit)) return;
    json_t *root = search_results_json(c->site, c->req, c->lang, limit, c->site->cfg->base_url);
    if (!root) {
        api_store_failed(c->resp, c->site->store, "The search failed; try again.");
        return;
    }
    int64_t last = 0;
    if (store_last_change(c->site->store, c->lang, 0, &last) != STORE_ERROR) note_change(c, last);
    json_object_set_new(root, "lang", api_string(c->lang));
    send_public(c, root, CACHE_LISTS);
}

/* ----------------------------------------------------------- most read */

/* The edition's most read stories of the last 24 hours (period=day, the
** default) or 7 days (week), from the lists the site keeps (at most a
** minute old; most_read.h), with each one's views in the period. */
static void most_read_answer(call *c) {
    const char *period_arg = http_query(c->req, "period");
    most_read_period period = MOST_READ_DAY;
    if (period_arg && !most_read_period_parse(period_arg, &period)) {
        api_error(c->resp, 400, "period must be day or week.", "period");
        return;
    }
    int limit;
    if (!read_limit(c, MOST_READ_KEEP - 1, MOST_READ_KEEP - 1, &limit)) return;
    most_read_list lists[MOST_READ_PERIODS];
    if (!most_read_get(c->site->most_read, c->arena, c->lang, lists)) {
        api_store_failed(c->resp, c->site->store, "The database failed; try again.");
        return;
    }
    const most_read_list *l = &lists[period];
    note_change(c, l->made_at); /* it changes with readers too */
    json_t *list = json_array();
    for (size_t i = 0; i < l->count && i < (size_t)limit; i++) {
        json_t *entry = json_object();
        json_object_set_new(entry, "rank", json_integer((json_int_t)i + 1));
        json_object_set_new(entry, "views", json_integer(l->views[i]));
        json_object_set_new(entry, "article", article_summary(c, &l->items[i]));
        json_array_append_new(list, entry);
        note_article(c, &l->items[i]);
    }
    json_t *root = json_object();
    json_object_set_new(root, "lang", api_string(c->lang));
    json_object_set_new(root, "period", api_string(most_read_period_name(period)));
    json_object_set_new(root, "since", api_string(iso_date(c->arena, l->since)));
    json_object_set_new(root, "articles", list);
    send_public(c, root, CACHE_LISTS);
}

/* ------------------------------------------------------------- openapi */

static void openapi(call *c) {
    const embedded_file *f = embedded_find("docs/openapi.json");
    if (!f) {
        api_error(c->resp, 404, "This build has no API description.", NULL);
        return;
    }
    c->resp->static_body = f->data;
    c->resp->static_len = f->size;
    c->resp->content_type = "application/json; charset=utf-8";
    c->resp->cache_control = CACHE_SLOW;
}

/* ------------------------------------------------------------- routing */

/* "ID/suffix" ("/views"), with no other slash. */
static bool ends_with(const char *rest, const char *suffix) {
    const char *slash = strchr(rest, '/');
    return slash && strcmp(slash, suffix) == 0;
}

/* Answers a public API request into c (see public_api_handle). */
static void public_api_route(call *c) {
    site *s = c->site;
    http_request *req = c->req;
    http_response *resp = c->resp;
    /* Any site's scripts may read the public API, and see its validators. */
    http_response_header(resp, "Access-Control-Allow-Origin", "*");
    http_response_header(resp, "Access-Control-Expose-Headers", "ETag");
    if (strcmp(req->method, "OPTIONS") == 0) {
        resp->status = 204;
        resp->content_type = NULL;
        resp->cache_control = "public, max-age=86400";
        http_response_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        http_response_header(resp, "Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since");
        http_response_header(resp, "Access-Control-Max-Age", "86400");
        http_response_header(resp, "Allow", "GET, HEAD, OPTIONS");
        return;
    }
    if (strcmp(req->method, "GET") != 0 && !req->is_head) {
        http_response_header(resp, "Allow", "GET, HEAD, OPTIONS");
        api_error(resp, 405, "The public API only reads: use GET.", NULL);
        return;
    }
    const char *rest = req->path + strlen("/api/v1/");
    if (strcmp(rest, "openapi.json") == 0) {
        openapi(c);
        return;
    }
    if (strcmp(rest, "editions") == 0) {
        editions(c);
        return;
    }
    /* {lang}/... */
    const char *slash = strchr(rest, '/');
    char lang[8];
    if (!slash || (size_t)(slash - rest) >= sizeof lang) {
        api_error(resp, 404, "There is no such API address; see /api/v1/openapi.json.", NULL);
        return;
    }
    memcpy(lang, rest, (size_t)(slash - rest));
    lang[slash - rest] = '\0';
    if (!config_has_language(s->cfg, lang)) {
        api_error(resp, 404, "There is no such edition; see /api/v1/editions.", NULL);
        return;
    }
    c->lang = arena_strdup(req->arena, lang);
    const char *what = slash + 1;
    if (strcmp(what, "categories") == 0) categories(c);
    else if (strcmp(what, "articles") == 0) articles(c);
    else if (starts_with(what, "articles/") && !strchr(what + 9, '/')) one_article(c, what + 9);
    else if (starts_with(what, "articles/") && ends_with(what + 9, "/views"))
        live_views(c, arena_strndup(c->arena, what + 9, strlen(what + 9) - strlen("/views")));
    else if (strcmp(what, "search") == 0) search(c);
    else if (strcmp(what, "breaking") == 0) breaking_now_answer(c);
    else if (strcmp(what, "most-read") == 0) most_read_answer(c);
    else if (starts_with(what, "articles/") && ends_with(what + 9, "/updates"))
        live_updates(c, arena_strndup(c->arena, what + 9, strlen(what + 9) - strlen("/updates")));
    else api_error(resp, 404, "There is no such API address; see /api/v1/openapi.json.", NULL);
}

/* Answers a public API request, filed for caches in front under
** "site api" and what its answer adds (cache_tags.h). */
void public_api_handle(site *s, http_request *req, http_response *resp) {
    call c = {.site = s, .req = req, .resp = resp, .arena = req->arena};
    public_api_route(&c);
    if (resp->status == 200 && c.tags) cache_tags_send(resp, arena_printf(req->arena, "site api %s", c.tags));
    else cache_tags_send(resp, "site api");
}

void api_handle(site *s, http_request *req, http_response *resp) {
    if (starts_with(req->path, "/api/v1/admin/")) {
        admin_api_handle(s, req, resp);
        return;
    }
    if (starts_with(req->path, "/api/v1/")) public_api_handle(s, req, resp);
    else {
        api_error(resp, 404, "There is no such API address; the API lives under /api/v1/.", NULL);
        cache_tags_send(resp, "site api");
    }
}

void api_refused(http_response *resp, int status, const char *reason) {
    api_error(resp, status, reason, NULL);
}
