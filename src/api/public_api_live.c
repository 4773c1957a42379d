/*
** Live blogs in the public API: the "live" member of a live blog's
** article answer, and the answer an open live blog's page polls,
** GET /api/v1/{lang}/articles/{id}/updates: the newest updates (at most
** LIVE_RECENT_UPDATES), the same for every reader (no query string is
** read), cached by the page cache and caches in front for a few seconds,
** purged with the article's tag; its ETag is its body's, so a poll that
** finds nothing new is a 304.
*/
#include "api_json.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../core/text.h"

#include <string.h>

/* t in ISO 8601 in the site's zone, as a JSON string. */
static json_t *iso_json(int64_t t) {
    char iso[40];
    iso8601_format_local(t, iso, sizeof iso);
    return api_string(iso);
}

json_t *api_live_update_json(arena *a, const char *page_url, const live_update *u) {
    json_t *one = json_object();
    json_object_set_new(one, "id", json_integer(u->id));
    json_object_set_new(one, "title", api_string(u->title));
    json_object_set_new(one, "body_html", api_string(u->body_html)); /* rendered and sanitised when saved */
    json_object_set_new(one, "author", api_string(u->author));
    json_object_set_new(one, "pinned", json_boolean(u->pinned));
    json_object_set_new(one, "published", iso_json(u->created_at));
    json_object_set_new(one, "corrected", u->corrected_at ? iso_json(u->corrected_at) : json_null());
    json_object_set_new(one, "url", api_string(arena_printf(a, "%s#update-%lld", page_url, (long long)u->id)));
    return one;
}

json_t *api_live_json(arena *a, const config *cfg, const article *art, const live_blog *blog) {
    const char *own = api_url(a, cfg, urls_article_path(a, art->lang, art->category_slug, art->slug));
    json_t *o = json_object();
    json_object_set_new(o, "coverage_start", iso_json(art->published_at));
    json_object_set_new(o, "coverage_end", blog->ended_at ? iso_json(blog->ended_at) : json_null());
    json_object_set_new(o, "open", json_boolean(blog->ended_at == 0));
    json_object_set_new(o, "update_count", json_integer(blog->total));
    json_object_set_new(o, "updates_url",
                        api_string(api_url(a, cfg, arena_printf(a, "/api/v1/%s/articles/%lld/updates", art->lang,
                                                                (long long)art->id))));
    json_t *list = json_array();
    for (size_t i = 0; i < blog->count; i++) json_array_append_new(list, api_live_update_json(a, own, &blog->updates[i]));
    json_object_set_new(o, "updates", list);
    return o;
}

