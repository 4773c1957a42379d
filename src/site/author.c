/*
** An author's page, /{lang}/author/{slug}: the stories of one byline in an
** edition, newest first, 20 to a page, with the category page's template,
** pages (?page=N) and endless feed (?older=CURSOR, fragment=1). The slug is
** the byline's (slugify()), so the address stays the same from story to
** story; the name shown is the newest story's byline. It is the url of the
** author in each article's JSON-LD, and the byline under a story leads here.
** An author with no visible story in the edition is not found (404).
** Above the stories, the author's profile (store.h's author_profile):
** photo, bio and links; the name shown is the profile's. A story lists
** here when the author is any of its authors.
*/
#include "listing.h"
#include "pages.h"
#include "structured.h"
#include "../core/urls.h"
#include "../core/media_files.h"
#include "../render/i18n.h"

#include <stdlib.h>
#include <string.h>

/* The profile's links for the template: each with its address, its text
** ("Website", "X", ...) and an accessible name that says whose it is. */
static tv *profile_links(page *p, const author_profile *who) {
    const struct { const char *url, *text; } links[] = {
        {who->website, i18n_translate(p->lang, "Website", NULL, 1)},
        {who->twitter, "X"},
        {who->facebook, "Facebook"},
        {who->telegram, "Telegram"},
        {who->email && *who->email ? arena_printf(p->arena, "mailto:%s", who->email) : NULL,
         i18n_translate(p->lang, "E-mail", NULL, 1)},
    };
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (!links[i].url || !*links[i].url) continue;
        tv *one = tv_object(p->arena);
        tv_set_text(one, "url", links[i].url);
        tv_set_text(one, "text", links[i].text);
        tv_set_text(one, "label", arena_printf(p->arena, "%s: %s", who->name, links[i].text));
        tv_push(list, one);
    }
    return list;
}

/* The profile for the template: name, bio, photo (its smallest JPEG and
** WebP variants with the size; alt is the name), links. */
static tv *profile_view(page *p, const author_profile *who) {
    tv *o = tv_object(p->arena);
    tv_set_text(o, "name", who->name);
    tv_set_text(o, "bio", who->bio);
    if (who->photo.id && who->photo.variants && atoi(who->photo.variants) > 0) {
        int width = atoi(who->photo.variants);
        tv_set_text(o, "photo_src", media_url(p->arena, who->photo.hash, width, "jpg"));
        tv_set_text(o, "photo_webp", media_url(p->arena, who->photo.hash, width, "webp"));
        tv_set_int(o, "photo_width", width);
        tv_set_int(o, "photo_height", who->photo.width ? (int64_t)who->photo.height * width / who->photo.width : width);
    }
    tv *links = profile_links(p, who);
    tv_set(o, "links", links);
    tv_set_bool(o, "has_links", links->as.items.count > 0);
    return o;
}

void author_page(site *s, http_request *req, http_response *resp, const char *lang,
                 const char *author_slug) {
    page p;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "author: navigation");
        return;
    }
    page_tag(&p, "author-%s-%s", lang, author_slug);
    list_query q;
    if (!list_query_parse(req, &q)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    article *items;
    size_t n;
    int rc = store_articles_by_author(s->store, p.arena, lang, author_slug, list_query_cursor(&q),
                                      list_query_offset(&q), LIST_PAGE_SIZE + 1, &items, &n);
    if (rc != STORE_OK) {
        page_error(s, req, resp, "author: list");
        return;
    }
    /* The end of the feed is an empty fragment; anything else empty is no page. */
    if (n == 0 && !(q.fragment && q.by_cursor)) {
        page_not_found(s, req, resp, lang);
        return;
    }
    const char *path = urls_author_path(p.arena, lang, author_slug);
    list_fill(&p, path, &q, items, n);
    if (q.fragment) {
        page_render_fragment(&p, "feed_items");
        return;
    }
    author_profile who;
    rc = store_author_by_slug(s->store, p.arena, author_slug, &who);
    if (rc == STORE_NOT_FOUND) {
        /* A byline saved without a profile: named as its story has it. */
        memset(&who, 0, sizeof who);
        who.slug = author_slug;
        who.name = items[0].author;
        if (store_article_authors_fill(s->store, p.arena, items, 1) == STORE_OK)
            for (size_t i = 0; i < items[0].author_count; i++)
                if (strcmp(items[0].authors[i].slug, author_slug) == 0) who.name = items[0].authors[i].name;
    } else if (rc != STORE_OK) {
        page_error(s, req, resp, "author: profile");
        return;
    }
    const char *name = who.name;
    int64_t article_count = 0;
    if (store_articles_count_by_author(s->store, lang, author_slug, &article_count) != STORE_OK) {
        page_error(s, req, resp, "author: count");
        return;
    }
    /* The category page's template: its heading, count and list. */
    tv *c = tv_object(p.arena);
    tv_set_text(c, "name", name);
    tv_set_text(c, "description", "");
    tv_set_text(c, "url", path);
    tv_set(p.ctx, "category", c);
    tv_set(p.ctx, "profile", profile_view(&p, &who));
    /* The author's own feeds beside the edition's, for readers' apps. */
    list_add_feeds(&p, path, name);
    tv_set_int(p.ctx, "article_count", article_count);
    tv_set_int(p.ctx, "page_number", q.page_number);
    const char *title = list_title(&p, name, &q);
    const char *canonical = list_canonical(&p, path, &q);
    page_meta(&p, title, title, canonical);
    if (q.by_cursor) tv_set_bool(p.ctx, "noindex", true);
    structured_author(&p, &who, title, canonical);
    page_render(&p, "category");
}
