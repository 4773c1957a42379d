/*
** The shape of the site's URLs, in one place: pages, the import checks and
** later the feeds and the API all build paths here.
**
**   /{lang}/                      edition home
**   /{lang}/{category}/           category (?page=N, ?older=CURSOR)
**   /{lang}/{category}/{slug}     article
**   /{lang}/author/{slug}         an author's articles (the byline's slug)
**   /{lang}/search                search
**   /static/{name}.{hash}.{ext}   assets
*/
#ifndef GAZETTE_URLS_H
#define GAZETTE_URLS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

#define SLUG_MAX 120

/* True when slug cannot name a category because a route of the site owns
** that path segment ("search", "static", "api", "admin", ...). */
bool urls_reserved_category(const char *slug);

/* "/en/politics/new-bridge": the path of an article. */
char *urls_article_path(arena *a, const char *lang, const char *category_slug,
                        const char *slug);

/* "/en/politics/": the path of a category. */
char *urls_category_path(arena *a, const char *lang, const char *category_slug);

/* "/{lang}/page/{slug}": a static page's address, in a. */
char *urls_page_path(arena *a, const char *lang, const char *slug);

/* The slug of a tag ("Ferry timetable" -> "ferry-timetable"): its page's
** address (slugify()), in a; "" when the tag makes none. */
char *urls_tag_slug(arena *a, const char *tag);

/* "/{lang}/tag/{slug}": the page of a tag, by its slug, in a. */
char *urls_tag_path(arena *a, const char *lang, const char *tag_slug);

/* "/en/author/herald-desk": the page of a byline, by its slug. */
char *urls_author_path(arena *a, const char *lang, const char *author_slug);

/* "1771073400-42": a list position (see list_cursor) as a URL value. */
char *urls_cursor_format(arena *a, int64_t published_at, int64_t id);

/* Parses urls_cursor_format() output; false for anything else. */
bool urls_cursor_parse(const char *s, int64_t *published_at, int64_t *id);

#endif
