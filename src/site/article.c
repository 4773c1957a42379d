/*
** The article page: category, title, lead, date, body, byline, views,
** sharing, and below it its related stories (store_article_related), the
** edition's most read and the category's older stories as an endless
** feed.
*/
#include "page.h"
#include "cache.h"
#include "pages.h"
#include "live.h"
#include "seo.h"
#include "structured.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/i18n.h"
#include "../core/media_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MORE_COUNT 6
#define MOST_READ_COUNT 5 /* stories in each of the most-read lists under it */

/* A share URL: prefix followed by the percent-encoded parts. */
static const char *share_url(arena *a, const char *prefix, const char *key1, const char *value1,
                             const char *key2, const char *value2) {
    buf b;
    buf_init(&b, a);
    buf_puts(&b, prefix);
    buf_puts(&b, key1);
    url_encode(&b, value1);
    if (key2) {
        buf_puts(&b, key2);
        url_encode(&b, value2);
    }
    return b.data;
}

/* Links that share the canonical URL, without any third-party script. */
static tv *share_links(arena *a, const char *title, const char *url) {
    tv *share = tv_object(a);
    tv_set_text(share, "x", share_url(a, "https://twitter.com/intent/tweet", "?url=", url, "&text=", title));
    tv_set_text(share, "facebook", share_url(a, "https://www.facebook.com/sharer/sharer.php", "?u=", url, NULL, NULL));
    tv_set_text(share, "telegram", share_url(a, "https://t.me/share/url", "?url=", url, "&text=", title));
    tv_set_text(share, "whatsapp", share_url(a, "https://wa.me/", "?text=",
                                             arena_printf(a, "%s %s", title, url), NULL, NULL));
    tv_set_text(share, "email", share_url(a, "mailto:", "?subject=", title, "&body=", url));
    return share;
}

/* Longer than any count's digits, so the count always fits in its place. */
#define VIEWS_MARK "<!--gazette:view-count-->"

/* Takes the ETag of the page as rendered with the mark, then puts the
** count where the mark is. */
static void fill_in_views(http_request *req, http_response *resp, int64_t view_count) {
    buf *b = &resp->body;
    resp->etag = http_etag(req->arena, b->data, b->len);
    char *mark = strstr(b->data, VIEWS_MARK);
    if (!mark) return;
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)view_count);
    size_t at = (size_t)(mark - b->data), old = strlen(VIEWS_MARK);
    /* The digits are never longer than the mark: replace in place. */
    memcpy(b->data + at, digits, (size_t)n);
    memmove(b->data + at + n, b->data + at + old, b->len - at - old + 1);
    b->len -= old - (size_t)n;
}

/* The article's translations in the site's editions: the language switch
** leads to them and the head lists them (with this article itself). */
static void add_translations(page *p, const article *a, const char *path, const translation *tr, size_t n) {
    const char **langs = arena_alloc(p->arena, (n + 1) * sizeof *langs);
    const char **paths = arena_alloc(p->arena, (n + 1) * sizeof *paths);
    size_t k = 0;
    langs[k] = a->lang;
    paths[k++] = path;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(tr[i].lang, a->lang) == 0 || !config_has_language(p->site->cfg, tr[i].lang)) continue;
        langs[k] = tr[i].lang;
        paths[k++] = urls_article_path(p->arena, tr[i].lang, tr[i].category_slug, tr[i].slug);
    }
    page_alternates(p, langs, paths, k);
}

/* The byline as links: each author's name, the text before it ("",
** ", " or " and " in the edition's language), and their page. An article
** without a list of authors (none saved) shows its byline text alone. */
static tv *byline_links(page *p, const article *a) {
    tv *list = tv_list(p->arena);
    const char *and = i18n_translate_context(p->lang, "byline", "and");
    for (size_t i = 0; i < a->author_count; i++) {
        tv *one = tv_object(p->arena);
        const char *sep = i == 0 ? "" : i + 1 == a->author_count ? arena_printf(p->arena, " %s ", and) : ", ";
        tv_set_text(one, "sep", sep);
        tv_set_text(one, "name", a->authors[i].name);
        tv_set_text(one, "url", urls_author_path(p->arena, p->lang, a->authors[i].slug));
        tv_push(list, one);
    }
    if (a->author_count == 0) {
        tv *one = tv_object(p->arena);
        tv_set_text(one, "name", a->author);
        tv_push(list, one);
    }
    return list;
}

/* An article whose slug or category changed keeps its old address: 301 to
** the new one (when the article is still public). */
static bool redirect_moved(site *s, http_request *req, http_response *resp, const char *lang,
                           const char *category_slug, const char *slug) {
    int64_t id;
    const char *old = arena_printf(req->arena, "%s/%s", category_slug, slug);
    if (store_redirect_find(s->store, lang, old, &id) != STORE_OK) return false;
    article now;
    if (store_article_by_id(s->store, req->arena, id, &now) != STORE_OK || now.status != ARTICLE_PUBLISHED ||
        now.deleted_at || now.published_at > (int64_t)time(NULL))
        return false;
    http_redirect(resp, 301, urls_article_path(req->arena, now.lang, now.category_slug, now.slug));
    return true;
}

/* Renders the page of d's article: the one readers see, or (preview) the
** same page of a story not yet published, for a preview link: not
** counted, not cached, not indexed, not tagged for purges. */
static void show_article(site *s, http_request *req, http_response *resp, const char *lang,
                         const article_page_data *d, bool preview) {
    const article a = d->article;
    const char *path = urls_article_path(req->arena, lang, a.category_slug, a.slug);
    page p;
    page_init_known(&p, s, req, resp, lang, a.category_slug, d->categories, d->category_count);
    p.untagged = preview;
    if (!preview) {
        /* Its own tag, its category's (its older stories are that list's),
        ** and those of every article it shows (page_article_item adds the
        ** older ones'; its translations' are below). */
        page_tag(&p, "a%lld cat-%s-%s", (long long)a.id, lang, a.category_slug);
        for (size_t i = 0; i < d->translation_count; i++) page_tag(&p, "a%lld", (long long)d->translations[i].id);
    }

    /* Its own address, and the one search engines are told to index: a
    ** syndicated story's original when it names one. */
    const char *own_url = arena_printf(p.arena, "%s%s", s->cfg->base_url, path);
    const char *canonical = a.canonical_url && *a.canonical_url ? a.canonical_url : own_url;
    tv *art = page_article_item(&p, &a);
    tv_set_html(art, "body", a.body_html); /* rendered and sanitised by our Markdown renderer */
    tv_set_text(art, "author", a.author);
    /* Each author's name leads to their page; their profiles describe
    ** them in the JSON-LD. The page's tag covers its first author (the
    ** change log names the rest by the article's own tag). */
    article with_authors = a;
    author_profile *profiles = NULL;
    if (store_article_authors_fill(s->store, p.arena, &with_authors, 1) != STORE_OK) {
        page_error(s, req, resp, "article: authors");
        return;
    }
    tv_set(art, "byline", byline_links(&p, &with_authors));
    profiles = arena_alloc(p.arena, (with_authors.author_count + 1) * sizeof *profiles);
    for (size_t i = 0; i < with_authors.author_count; i++) {
        const article_author *who = &with_authors.authors[i];
        if (store_author_by_slug(s->store, p.arena, who->slug, &profiles[i]) != STORE_OK) {
            memset(&profiles[i], 0, sizeof profiles[i]);
            profiles[i].slug = who->slug;
            profiles[i].name = who->name;
        }
    }
    int64_t view_count = a.views;
    if (!preview) {
        /* The count changes with every reader: it is put in after the ETag is
        ** taken, so the ETag changes only when the article does. */
        view_count = views_on_read(s->views, req, a.id, a.views);
        resp->app_note = a.id; /* a page cache counts the views it serves */
        tv_set_html(art, "views", VIEWS_MARK);
    } else {
        tv_set_text(art, "views", "0");
    }
    tv_set_text(art, "canonical", own_url);
    tv_set_text(art, "caption", a.lead_image_caption);
    tv_set_text(art, "credit", a.lead_image_credit);
    tv_set_bool(art, "has_caption", (a.lead_image_caption && *a.lead_image_caption) ||
                                    (a.lead_image_credit && *a.lead_image_credit));

    /* Readers share the page they read, with the title they saw. */
    tv_set(art, "share", share_links(p.arena, a.title, own_url));

    tv *tag_list = tv_list(p.arena);
    /* Each tag leads to its page (a tag that makes no slug is text alone). */
    for (size_t i = 0; i < d->tag_count; i++) {
        tv *tag = tv_object(p.arena);
        const char *slug = urls_tag_slug(p.arena, d->tags[i]);
        tv_set_text(tag, "name", d->tags[i]);
        if (*slug) tv_set_text(tag, "url", urls_tag_path(p.arena, lang, slug));
        tv_push(tag_list, tag);
    }
    tv_set(art, "tags", tag_list);
    tv_set_bool(art, "has_tags", d->tag_count > 0);
    media social = {0};
    if (a.social_image_id && store_media_by_id(s->store, p.arena, a.social_image_id, &social) != STORE_OK)
        social.id = 0; /* gone or unreadable: the card falls back to the lead image */
    /* A live blog's updates, under its text. */
    live_blog blog;
    if (!live_page(&p, &a, &blog)) {
        page_error(s, req, resp, "article: live blog");
        return;
    }
    structured_article(&p, &a, profiles, with_authors.author_count, own_url, canonical, &social, d->tags,
                       d->tag_count, blog.live ? &blog : NULL);
    tv_set(p.ctx, "article", art);

    const category *cat = page_category(&p, a.category_slug);
    if (cat) tv_set_text(p.ctx, "category_description", cat->description);

    size_t n = d->older_count;
    bool has_next = n > MORE_COUNT;
    if (has_next) n = MORE_COUNT;
    tv *items = tv_list(p.arena);
    for (size_t i = 0; i < n; i++) tv_push(items, page_article_item(&p, &d->older[i]));
    tv_set(p.ctx, "items", items);
    /* Related stories: each card tags the page with its story, so that a
    ** change to one (unpublished, trashed, edited) purges the page. */
    if (d->related_count) {
        tv *related = tv_object(p.arena), *stories = tv_list(p.arena);
        for (size_t i = 0; i < d->related_count; i++) tv_push(stories, page_article_item(&p, &d->related[i]));
        tv_set(related, "stories", stories);
        tv_set(p.ctx, "related", related);
    }
    if (has_next)
        tv_set_text(p.ctx, "next_url",
                    arena_printf(p.arena, "%s?older=%s",
                                 urls_category_path(p.arena, lang, a.category_slug),
                                 urls_cursor_format(p.arena, d->older[n - 1].published_at, d->older[n - 1].id)));

    add_translations(&p, &a, path, d->translations, d->translation_count);
    page_meta(&p, arena_printf(p.arena, "%s — %s", seo_title_of(&a), config_site_name(s->cfg, lang)),
              seo_description_of(&a), path);
    if (canonical != own_url) tv_set_text(p.ctx, "canonical", canonical);
    tv_set_bool(p.ctx, "is_article", true);
    if (preview) {
        /* Nobody is to find it by a search engine, keep it, or learn its
        ** address from where its reader goes next. */
        tv_set_bool(p.ctx, "noindex", true);
        resp->cache_control = "private, no-store";
        http_response_header(resp, "X-Robots-Tag", "noindex, nofollow");
        resp->referrer_policy = "no-referrer";
    } else {
        resp->cache_control = blog.live && !blog.ended_at ? CACHE_LIVE : CACHE_ARTICLE;
    }
    /* Under the story, the edition's most read but itself (from memory;
    ** after Cache-Control, which it may make no-store). */
    most_read_block(&p, MOST_READ_COUNT, a.id);
    page_render(&p, "article");
    if (!preview) fill_in_views(req, resp, view_count);
}

void article_page(site *s, http_request *req, http_response *resp, const char *lang,
                  const char *category_slug, const char *slug) {
    /* The article and all its page shows beside it, asked at once. */
    article_page_data d;
    int rc = store_article_page(s->store, req->arena, lang, slug, MORE_COUNT + 1, s->cfg->related_stories, &d);
    if (rc == STORE_NOT_FOUND) {
        if (!redirect_moved(s, req, resp, lang, category_slug, slug)) page_not_found(s, req, resp, lang);
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "article: find");
        return;
    }
    if (strcmp(category_slug, d.article.category_slug) != 0) {
        /* The article moved to another category: its old address still works. */
        http_redirect(resp, 301, urls_article_path(req->arena, lang, d.article.category_slug, d.article.slug));
        return;
    }
    show_article(s, req, resp, lang, &d, false);
}

void article_preview(site *s, http_request *req, http_response *resp, int64_t id) {
    article_page_data d = {0};
    int rc = store_article_by_id(s->store, req->arena, id, &d.article);
    if (rc == STORE_OK) rc = store_article_tags(s->store, req->arena, id, &d.tags, &d.tag_count);
    const char *lang = d.article.lang;
    if (rc == STORE_OK) rc = store_categories(s->store, req->arena, lang, &d.categories, &d.category_count);
    if (rc == STORE_OK)
        rc = store_articles_list(s->store, req->arena, lang, d.article.category_id, NULL, 0, MORE_COUNT + 1, id,
                                 &d.older, &d.older_count);
    if (rc == STORE_OK && lang)
        rc = store_article_related(s->store, req->arena, &d.article, s->cfg->related_stories, &d.related,
                                   &d.related_count);
    /* A story in the trash is not previewed (nor one of an edition gone). */
    if (rc == STORE_NOT_FOUND ||
        (rc == STORE_OK && (d.article.deleted_at || !lang || !config_has_language(s->cfg, lang)))) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "preview: find");
        return;
    }
    show_article(s, req, resp, lang, &d, true);
}
