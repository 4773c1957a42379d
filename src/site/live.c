/* Live blogs on the reader site. See live.h. */
#include "live.h"
#include "../core/fatal.h"
#include "../core/kept.h"
#include "../core/log.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/escape.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct live_labels {
    store *store;
    kept *blogs; /* a known_blogs value */
};

/* The published live blogs as they were read. */
typedef struct known_blogs {
    live_mark *blogs; /* newest first */
    size_t count;
    bool complete;    /* every live blog is among them */
} known_blogs;

/* Reads the live blogs again (kept_make_fn): up to LIVE_KNOWN_MAX. */
static int make_blogs(void *ctx, arena *a, void **value, int64_t *expires_at) {
    live_labels *l = ctx;
    known_blogs *k = arena_alloc(a, sizeof *k);
    size_t n;
    int rc = store_live_blogs(l->store, a, LIVE_KNOWN_MAX + 1, &k->blogs, &n);
    if (rc != STORE_OK) {
        log_error("live blogs: %s", store_error(l->store));
        return rc;
    }
    k->complete = n <= LIVE_KNOWN_MAX;
    k->count = n <= LIVE_KNOWN_MAX ? n : LIVE_KNOWN_MAX;
    *value = k;
    *expires_at = 0;
    return STORE_OK;
}

live_labels *live_labels_new(store *s) {
    live_labels *l = xcalloc(1, sizeof *l);
    l->store = s;
    l->blogs = kept_new(make_blogs, l, 0);
    return l;
}

void live_labels_free(live_labels *l) {
    if (!l) return;
    kept_free(l->blogs);
    free(l);
}

/* A question about one article. */
typedef struct blog_lookup {
    int64_t id;
    int state; /* as lookup() returns */
} blog_lookup;

/* Finds the asked id among the blogs (kept_copy_fn): newest first, so a
** binary search by id. */
static void find_blog(void *reader, const void *value) {
    blog_lookup *q = reader;
    const known_blogs *k = value;
    q->state = k->complete ? 0 : -1;
    size_t lo = 0, hi = k->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k->blogs[mid].id == q->id) {
            q->state = k->blogs[mid].open ? 2 : 1;
            return;
        }
        if (k->blogs[mid].id > q->id) lo = mid + 1;
        else hi = mid;
    }
}

/* What l knows of article id: -1 when it cannot tell (the store failed,
** or id is not among the blogs kept and they are not all), 0 not a live
** blog, 1 a live blog whose coverage ended, 2 one open. */
static int lookup(live_labels *l, int64_t id) {
    int64_t changed_at, generation;
    if (store_content_version(l->store, &changed_at, &generation) != STORE_OK) return -1;
    blog_lookup q = {id, -1};
    if (kept_read(l->blogs, generation, find_blog, &q) != STORE_OK) return -1;
    return q.state;
}

bool live_labels_open(live_labels *l, int64_t id) { return l && lookup(l, id) == 2; }

bool live_labels_maybe(live_labels *l, int64_t id) { return !l || lookup(l, id) != 0; }

/* "16:50" for an instant of today (in the site timezone), else the date
** and time. */
static const char *update_time(arena *a, const char *lang, int64_t t, int64_t now) {
    struct tm tm, today;
    timeutil_local(t, &tm);
    timeutil_local(now, &today);
    if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
        return arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return date_long(a, lang, t);
}

/* t in ISO 8601 in the site's zone, in a. */
static const char *iso(arena *a, int64_t t) {
    char out[40];
    iso8601_format_local(t, out, sizeof out);
    return arena_strdup(a, out);
}

/* One update as the live_update template shows it. */
static tv *update_value(page *p, const live_update *u, int64_t now) {
    tv *o = tv_object(p->arena);
    tv_set_int(o, "id", u->id);
    tv_set_text(o, "title", u->title);
    tv_set_html(o, "body", u->body_html); /* rendered and sanitised by our Markdown renderer */
    tv_set_text(o, "author", u->author);
    tv_set_bool(o, "pinned", u->pinned);
    tv_set_text(o, "iso", iso(p->arena, u->created_at));
    tv_set_text(o, "time", update_time(p->arena, p->lang, u->created_at, now));
    tv_set_bool(o, "corrected", u->corrected_at != 0);
    if (u->corrected_at) {
        tv_set_text(o, "corrected_iso", iso(p->arena, u->corrected_at));
        tv_set_text(o, "corrected_time", update_time(p->arena, p->lang, u->corrected_at, now));
    }
    return o;
}

bool live_page(page *p, const article *a, live_blog *blog) {
    memset(blog, 0, sizeof *blog);
    /* A preview's story may be a draft, which the labels do not follow. */
    if (!p->untagged && !live_labels_maybe(p->site->live, a->id)) return true;
    if (store_live_blog(p->site->store, p->arena, a->id, LIVE_UPDATES_MAX, true, blog) != STORE_OK) return false;
    if (!blog->live) return true;
    int64_t now = (int64_t)time(NULL);
    tv *o = tv_object(p->arena);
    tv *list = tv_list(p->arena);
    int64_t newest = 0;
    for (size_t i = 0; i < blog->count; i++) {
        tv_push(list, update_value(p, &blog->updates[i], now));
        if (blog->updates[i].id > newest) newest = blog->updates[i].id;
    }
    tv_set(o, "updates", list);
    tv_set_bool(o, "has_updates", blog->count > 0);
    tv_set_bool(o, "open", blog->ended_at == 0);
    if (blog->ended_at) {
        tv_set_text(o, "ended_iso", iso(p->arena, blog->ended_at));
        tv_set_text(o, "ended_date", date_long(p->arena, p->lang, blog->ended_at));
    }
    /* The one address every open page asks (the same for every reader:
    ** one cached answer serves them all). */
    tv_set_text(o, "poll_url", arena_printf(p->arena, "/api/v1/%s/articles/%lld/updates", a->lang, (long long)a->id));
    tv_set_int(o, "poll_seconds", LIVE_POLL_SECONDS);
    tv_set_int(o, "newest", newest);
    tv_set_text(o, "timezone", p->site->cfg->timezone);
    /* The counts the "N new updates" button's plural forms are rendered
    ** for: the script picks by Intl.PluralRules (one, few, many). */
    tv_set_int(o, "n_one", 1);
    tv_set_int(o, "n_few", 2);
    tv_set_int(o, "n_many", 5);
    tv_set(p->ctx, "live_blog", o);
    /* The page changes with every update: its Last-Modified too. */
    if (blog->changed_at > p->resp->last_modified) p->resp->last_modified = blog->changed_at;
    return true;
}

bool live_feed(site *s, arena *a, const char *lang, const article *art, live_feed_note *out) {
    memset(out, 0, sizeof *out);
    if (!live_labels_open(s->live, art->id)) return true;
    live_blog blog;
    if (store_live_blog(s->store, a, art->id, LIVE_FEED_UPDATES, false, &blog) != STORE_OK) return false;
    if (!blog.live || blog.ended_at) return true;
    int64_t now = (int64_t)time(NULL);
    buf html;
    buf_init(&html, a);
    for (size_t i = 0; i < blog.count; i++) {
        const live_update *u = &blog.updates[i];
        const char *when = update_time(a, lang, u->created_at, now);
        buf_puts(&html, "<h3>");
        html_escape(&html, when);
        if (*u->title) {
            buf_puts(&html, " ");
            html_escape(&html, u->title);
        }
        buf_puts(&html, "</h3>\n");
        buf_puts(&html, u->body_html); /* rendered and sanitised by our Markdown renderer */
        if (i == 0) out->latest = *u->title ? arena_printf(a, "%s %s", when, u->title) : when;
    }
    if (blog.count) buf_puts(&html, "<hr>\n");
    out->live = true;
    out->html = html.data ? html.data : "";
    out->changed_at = blog.changed_at;
    return true;
}

void live_json_ld(page *p, json_t *ld, const article *a, const live_blog *blog, const char *url) {
    json_object_set_new(ld, "@type", json_string("LiveBlogPosting"));
    if (blog->changed_at > a->updated_at && blog->changed_at > a->published_at)
        json_object_set_new(ld, "dateModified", json_string(iso(p->arena, blog->changed_at)));
    json_object_set_new(ld, "coverageStartTime", json_string(iso(p->arena, a->published_at)));
    if (blog->ended_at) json_object_set_new(ld, "coverageEndTime", json_string(iso(p->arena, blog->ended_at)));
    json_t *updates = json_array();
    /* The newest first, as readers see them (the pinned one among them). */
    const live_update **order = arena_alloc(p->arena, (blog->count + 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < blog->count; i++) order[n++] = &blog->updates[i];
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && (order[k]->created_at > order[k - 1]->created_at ||
                                     (order[k]->created_at == order[k - 1]->created_at && order[k]->id > order[k - 1]->id));
             k--) {
            const live_update *t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    if (n > LIVE_RECENT_UPDATES) n = LIVE_RECENT_UPDATES;
    for (size_t i = 0; i < n; i++) {
        const live_update *u = order[i];
        json_t *post = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "@type", "BlogPosting", "headline",
                                 *u->title ? u->title : a->title, "datePublished", iso(p->arena, u->created_at),
                                 "articleBody", u->body_text ? u->body_text : "", "author", "@type", "Person", "name",
                                 u->author);
        if (!post) continue; /* text jansson refused (never stored) */
        if (u->corrected_at) json_object_set_new(post, "dateModified", json_string(iso(p->arena, u->corrected_at)));
        json_object_set_new(post, "url", json_string(arena_printf(p->arena, "%s#update-%lld", url, (long long)u->id)));
        json_array_append_new(updates, post);
    }
    json_object_set_new(ld, "liveBlogUpdate", updates);
}
