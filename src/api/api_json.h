/*
** What the API's handlers share: answering with JSON (made with jansson,
** compact, UTF-8), errors as JSON, absolute URLs, and images.
*/
#ifndef GAZETTE_API_JSON_H
#define GAZETTE_API_JSON_H

#include <jansson.h>

#include "../site/site.h"

/* Answers with value (which this consumes) and status. The cache policy is
** the response's own when the caller set one, otherwise no-store. */
void api_send(http_response *resp, int status, json_t *value);

/* Answers {"error": message, "field": field or null} with status. */
void api_error(http_response *resp, int status, const char *message, const char *field);

/* The answer to a store call that failed: 503 with Retry-After when the
** database cannot be reached (store_error_code), else 500 with message. */
void api_store_failed(http_response *resp, store *s, const char *message);

/* The request's body as a JSON object (duplicate members refused; the
** caller frees it): NULL having answered 400 when it is not one. */
json_t *api_body_object(http_request *req, http_response *resp);

/* A JSON string of text; "" for NULL. jansson refuses bad UTF-8, which the
** store never holds; it becomes "" rather than a missing member. */
json_t *api_string(const char *text);

/* A new object with what every Admin API article answer starts with: id,
** lang, slug, category, title, subtitle, author. The caller owns it. */
json_t *api_article_head(const article *art);

/* base_url + path, in a. */
const char *api_url(arena *a, const config *cfg, const char *path);

/* An image as the API gives it: size and, per variant, its width, height
** and the URLs of its WebP and JPEG. A new reference. */
json_t *api_image(arena *a, const config *cfg, const media *m);

/* The Admin API's routes of the newsroom (admin_api_newsroom.c): true
** when rest (the path after /api/v1/admin/) is one of them, answered. */
struct actor;
bool admin_api_newsroom(site *s, http_request *req, http_response *resp, const struct actor *who, const char *rest);

/* The Admin API's authors' profiles (admin_api_authors.c): true when rest
** is one of their routes, answered. */
bool admin_api_authors(site *s, http_request *req, http_response *resp, const struct actor *who, const char *rest);

/* The Admin API's static pages (admin_api_pages.c), admins' tokens only:
** true when rest is one of their routes, answered. */
bool admin_api_pages(site *s, http_request *req, http_response *resp, const struct actor *who, const char *rest);

/* Breaking news on an article's PATCH (admin_api_breaking.c): what the
** body's "breaking" asks, when present (until 0: end it). */
typedef struct admin_breaking_change {
    bool present;
    bool alone; /* the body's only member: the story itself is not changed */
    const char *label;
    int64_t until;
} admin_breaking_change;
/* Reads body's "breaking" into *out: false having answered (400, or 403
** for an author's token) when it is wrong. */
bool admin_breaking_read(http_request *req, http_response *resp, const struct actor *who, json_t *body,
                         admin_breaking_change *out);
/* Applies a present change to article id: false having answered (400,
** 404, 409 when it is not published, or the store's failure). */
bool admin_breaking_apply(site *s, http_request *req, http_response *resp, const struct actor *who, int64_t id,
                          const admin_breaking_change *change);
/* The article's "breaking" member: {label, until} or null. A new reference. */
json_t *admin_breaking_json(store *s, arena *a, int64_t id);

/* A live blog as the public API gives it (public_api_live.c): coverage,
** the number of updates, the address its pages poll, and blog's updates
** in its order. A new reference. */
json_t *api_live_json(arena *a, const config *cfg, const article *art, const live_blog *blog);

/* One update as the public API gives it (page_url: its live blog's
** page). A new reference. */
json_t *api_live_update_json(arena *a, const char *page_url, const live_update *u);


/* Live blogs in the Admin API (admin_api_live.c): what a create's or
** PATCH's "kind" and "live" ask. */
typedef struct admin_live_change {
    bool present;
    bool page;     /* a create's "kind": "page" (admin_api_page_create) */
    bool set_kind; /* make it a live blog (live) or an article */
    bool live;
    bool set_end;  /* end its coverage at ended_at (0: open it again) */
    int64_t ended_at;
} admin_live_change;
/* Reads body's "kind" and "live" into *out (creating: a POST's, where
** "live" is refused): false having answered (400, or 403 for an author's
** token). */
bool admin_live_read(http_request *req, http_response *resp, const struct actor *who, json_t *body, bool creating,
                     admin_live_change *out);
/* Applies a change to article id: false having answered. */
bool admin_live_apply(site *s, http_request *req, http_response *resp, const struct actor *who, int64_t id,
                      const admin_live_change *change);
/* An article's "live" member (null when it is not a live blog; *live
** says which). A new reference. */
json_t *admin_live_json(store *s, arena *a, const config *cfg, const article *art, bool *live);
/* Whether rest (after /api/v1/admin/) is a live blog's updates' route,
** and its answer: true when it was one, answered. */
bool admin_api_live_path(const char *rest);
bool admin_api_live(site *s, http_request *req, http_response *resp, const struct actor *who, const char *rest);
/* The largest body the updates' routes read (LIVE_UPDATE_BODY_MAX_BYTES
** of Markdown, escaped as JSON, and the rest). */
#define LIVE_API_BODY_MAX (256 * 1024)

/* POST articles with "kind": "page": a static page from body (its "kind"
** removed), as POST pages makes one (admin_api_pages.c); admins only. */
void admin_api_page_create(site *s, http_request *req, http_response *resp, const struct actor *who, json_t *body);

/* The Admin API (/api/v1/admin/...) and the public API (the rest). */
void admin_api_handle(site *s, http_request *req, http_response *resp);
void public_api_handle(site *s, http_request *req, http_response *resp);

#endif
