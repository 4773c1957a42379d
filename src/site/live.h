/*
** Live blogs on the reader site: the updates on a live blog's page
** (newest first, the pinned one on top, each with its time, title, body,
** author and "Corrected HH:MM" once corrected), the "Live" label lists
** show on a live blog while its coverage is open, and its JSON-LD
** (LiveBlogPosting with coverageStartTime, coverageEndTime and
** liveBlogUpdate).
**
** Which stories are live blogs is known from memory (live_labels.h).
*/
#ifndef GAZETTE_LIVE_H
#define GAZETTE_LIVE_H

#include <jansson.h>

#include "live_labels.h"
#include "page.h"

/* How often an open page asks for new updates, in seconds. */
#define LIVE_POLL_SECONDS 20

/* Reads article a's live blog into *blog (all its updates, the pinned
** first; no statement for a published story the labels know is not one)
** and, when it is one, puts it in p's context as "live_blog" for the
** article template. False when the store failed. */
bool live_page(page *p, const article *a, live_blog *blog);

/* Adds what a LiveBlogPosting has to the article's JSON-LD object ld
** (its @type, coverage times and newest updates as BlogPostings). */
void live_json_ld(page *p, json_t *ld, const article *a, const live_blog *blog, const char *url);

/* What a feed's item of an open live blog carries besides the article:
** its newest updates as HTML (in a) to go before the body, and the newest
** one's time and title for the item's summary. */
#define LIVE_FEED_UPDATES 10
typedef struct live_feed_note {
    bool live;               /* false: an article, or coverage ended (nothing to add) */
    const char *html;        /* the newest updates, each with its time and title */
    const char *latest;      /* "16:50 Polls close" (the newest update's time and title) */
    int64_t changed_at;
} live_feed_note;

/* Fills *out for article art of edition lang (nothing when it is not an
** open live blog, which costs no statement). False when the store failed. */
bool live_feed(site *s, arena *a, const char *lang, const article *art, live_feed_note *out);

#endif
