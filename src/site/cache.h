/*
** How long browsers and a CDN in front may keep each kind of answer, in one
** place. News changes by the minute: lists are short-lived, and a CDN may
** serve a stale copy for a while (stale-while-revalidate) as it fetches the
** new one, so a spike never reaches the origin all at once. Every public
** answer also carries an ETag and Last-Modified (see http/server.c), so a
** revalidation costs a 304.
*/
#ifndef GAZETTE_CACHE_H
#define GAZETTE_CACHE_H

/* Home, category and search pages, the endless feed, API lists. */
#define CACHE_LISTS "public, max-age=60, s-maxage=60, stale-while-revalidate=600"
/* An article: it changes rarely after publication, but corrections must show soon. */
#define CACHE_ARTICLE "public, max-age=120, s-maxage=300, stale-while-revalidate=3600"
/* RSS and Atom: aggregators poll. */
/* An open live blog's page, and the answer its open pages poll: short in
** browsers (a reload shows what came since), and at a cache in front as
** long as a purge that did not arrive may last: every change to the blog
** purges both (its article's tag). A poll within max-age is answered by
** the browser's cache; after it, by a 304 to If-None-Match. */
#define CACHE_LIVE "public, max-age=15, s-maxage=60, stale-while-revalidate=30"
#define CACHE_LIVE_POLL "public, max-age=10, s-maxage=10, stale-while-revalidate=10"
#define CACHE_FEEDS "public, max-age=300, s-maxage=300, stale-while-revalidate=3600"
/* The Google News sitemap (the last 48 hours): crawlers come for the newest. */
#define CACHE_NEWS_SITEMAP "public, max-age=120, s-maxage=120, stale-while-revalidate=600"
/* The sitemap index and the archive's sitemaps. */
#define CACHE_SITEMAPS "public, max-age=600, s-maxage=600, stale-while-revalidate=3600"
/* robots.txt and the API's description: they change with a deployment. */
#define CACHE_SLOW "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400"
/* Not found: briefly, so a new article's address is not held back long. */
#define CACHE_NOT_FOUND "public, max-age=60, s-maxage=60"
/* Hashed assets and image variants: their address changes with their content. */
#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"

#endif
