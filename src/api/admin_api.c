/*
** The Admin API:
**   POST   /api/v1/admin/articles        create (201, with id and url)
**   GET    /api/v1/admin/articles/{id}   read
**   PATCH  /api/v1/admin/articles/{id}   change fields; {"status": "published"} publishes
**   DELETE /api/v1/admin/articles/{id}   to the trash
**   POST   /api/v1/admin/media           upload an image (multipart, field "file")
** and the newsroom's lists, categories, tags, images and people
** (admin_api_newsroom.c), authors' profiles (admin_api_authors.c) and the
** editions' static pages (admin_api_pages.c).
** Role rules are those of the editor (editorial.c): an author's token may
** not publish.
*/
#include "api_json.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/auth.h"
#include "../newsroom/editorial.h"
#include "../newsroom/media.h"

#include <jansson.h>
#include <stdlib.h>

/* The largest JSON body the Admin API reads. */
#define ADMIN_API_BODY_MAX (1024 * 1024)
#include <string.h>
#include <time.h>

/* The JSON of an article as the API gives it. */
static json_t *article_json(store *s, arena *a, const config *cfg, const article *art) {
    json_t *o = api_article_head(art);
    article with_authors = *art;
    json_t *authors = json_array();
    if (store_article_authors_fill(s, a, &with_authors, 1) == STORE_OK)
        for (size_t i = 0; i < with_authors.author_count; i++)
            json_array_append_new(authors, json_pack("{s:o,s:o}", "name", api_string(with_authors.authors[i].name),
                                                     "slug", api_string(with_authors.authors[i].slug)));
    json_object_set_new(o, "authors", authors);
    char iso[40];
    iso8601_format_local(art->published_at, iso, sizeof iso);
    json_object_set_new(o, "date", api_string(iso));
    json_object_set_new(o, "status", api_string(workflow_name(art->workflow)));
    json_object_set_new(o, "deleted", json_boolean(art->deleted_at != 0));
    json_object_set_new(o, "featured", json_boolean(art->featured));
    json_object_set_new(o, "translation_key", art->translation_key ? api_string(art->translation_key) : json_null());
    json_object_set_new(o, "lead_image_id", art->lead_image.id ? json_integer(art->lead_image.id) : json_null());
    json_object_set_new(o, "lead_image_caption", api_string(art->lead_image_caption));
    json_object_set_new(o, "lead_image_credit", api_string(art->lead_image_credit));
    json_object_set_new(o, "lead_image_alt", api_string(art->lead_image_alt));
    json_object_set_new(o, "seo_title", api_string(art->seo_title));
    json_object_set_new(o, "seo_description", api_string(art->seo_description));
    json_object_set_new(o, "social_image_id", art->social_image_id ? json_integer(art->social_image_id) : json_null());
    json_object_set_new(o, "canonical_url", api_string(art->canonical_url));
    json_object_set_new(o, "body_markdown", api_string(art->body_markdown));
    const char **tags;
    size_t n;
    json_t *list = json_array();
    if (store_article_tags(s, a, art->id, &tags, &n) == STORE_OK)
        for (size_t i = 0; i < n; i++) json_array_append_new(list, api_string(tags[i]));
    json_object_set_new(o, "tags", list);
    const char *path = urls_article_path(a, art->lang, art->category_slug, art->slug);
    json_object_set_new(o, "url", api_string(api_url(a, cfg, path)));
    json_object_set_new(o, "breaking", admin_breaking_json(s, a, art->id));
    bool live;
    json_object_set_new(o, "live", admin_live_json(s, a, cfg, art, &live));
    json_object_set_new(o, "kind", api_string(live ? "live" : "article"));
    return o;
}

/* Reads "authors", a list of 1 to ARTICLE_AUTHORS_MAX objects each with a
** name and optionally a slug, into in (in a). False with *problem. */
static bool read_authors(arena *a, json_t *value, article_input *in, const char **problem) {
    size_t n = json_array_size(value);
    *problem = "must be a list of 1 to 10 objects with a name and optionally a slug";
    if (!json_is_array(value) || n == 0 || n > ARTICLE_AUTHORS_MAX) return false;
    article_author *list = arena_alloc(a, n * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        json_t *one = json_array_get(value, i), *name = json_object_get(one, "name"), *slug = json_object_get(one, "slug");
        if (!json_is_object(one) || !json_is_string(name) || (slug && !json_is_string(slug) && !json_is_null(slug)) ||
            json_object_size(one) > 2u - (slug ? 0u : 1u))
            return false;
        list[i] = (article_author){json_is_string(slug) ? arena_strdup(a, json_string_value(slug)) : NULL,
                                   arena_strdup(a, json_string_value(name))};
    }
    in->authors = list;
    in->author_count = n;
    *problem = NULL;
    return true;
}

/* Applies the members of a JSON object to in. False with *field and
** *problem when a member is unknown or of the wrong type. */
static bool apply_json(arena *a, json_t *body, article_input *in, bool patching, const char **field,
                       const char **problem) {
    static const char *const text_fields[] = {"title", "subtitle", "lang", "category", "slug", "author",
                                              "body_markdown", "translation_key", "lead_image_caption",
                                              "lead_image_credit", "lead_image_alt", "seo_title",
                                              "seo_description", "canonical_url"};
    const char **slots[] = {&in->title, &in->subtitle, &in->lang, &in->category_slug, &in->slug, &in->author,
                            &in->body_markdown, &in->translation_key, &in->lead_image_caption,
                            &in->lead_image_credit, &in->lead_image_alt, &in->seo_title,
                            &in->seo_description, &in->canonical_url};
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value) {
        *field = arena_strdup(a, key);
        size_t i;
        for (i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
            if (strcmp(key, text_fields[i]) == 0) break;
        if (i < sizeof text_fields / sizeof text_fields[0]) {
            if (json_is_null(value) && strcmp(key, "translation_key") == 0) {
                in->translation_key = NULL;
                continue;
            }
            if (!json_is_string(value)) {
                *problem = "must be a string";
                return false;
            }
            *slots[i] = arena_strdup(a, json_string_value(value));
            /* "author" alone (the older form) is the one author. */
            if (strcmp(key, "author") == 0 && !json_object_get(body, "authors")) {
                in->authors = NULL;
                in->author_count = 0;
            }
        } else if (strcmp(key, "authors") == 0) {
            if (!read_authors(a, value, in, problem)) return false;
        } else if (strcmp(key, "tags") == 0) {
            if (!json_is_array(value)) {
                *problem = "must be a list of strings";
                return false;
            }
            size_t n = json_array_size(value);
            in->tags = arena_alloc(a, (n ? n : 1) * sizeof *in->tags);
            in->tag_count = 0;
            for (size_t k = 0; k < n; k++) {
                if (!json_is_string(json_array_get(value, k))) {
                    *problem = "must be a list of strings";
                    return false;
                }
                in->tags[in->tag_count++] = arena_strdup(a, json_string_value(json_array_get(value, k)));
            }
        } else if (strcmp(key, "date") == 0) {
            if (!json_is_string(value) || !timeutil_parse_local(json_string_value(value), &in->published_at)) {
                *problem = "must be an ISO 8601 date and time, e.g. 2026-02-14T16:50:00+04:00";
                return false;
            }
        } else if (strcmp(key, "status") == 0) {
            if (!json_is_string(value) || !workflow_parse(json_string_value(value), &in->workflow)) {
                *problem = "must be draft, review, scheduled, published or unpublished";
                return false;
            }
        } else if (strcmp(key, "featured") == 0) {
            if (!json_is_boolean(value)) {
                *problem = "must be true or false";
                return false;
            }
            in->featured = json_is_true(value);
        } else if (strcmp(key, "lead_image_id") == 0) {
            if (json_is_null(value)) in->lead_image_id = 0;
            else if (json_is_integer(value) && json_integer_value(value) > 0) in->lead_image_id = json_integer_value(value);
            else {
                *problem = "must be the id of an uploaded image, or null";
                return false;
            }
        } else if (strcmp(key, "social_image_id") == 0) {
            /* null or 0: the lead image (else the site's card) is the social image. */
            if (json_is_null(value)) in->social_image_id = 0;
            else if (json_is_integer(value) && json_integer_value(value) >= 0) in->social_image_id = json_integer_value(value);
            else {
                *problem = "must be the id of an image in the library, or null";
                return false;
            }
        } else if (strcmp(key, "breaking") == 0 && patching) {
            continue; /* the banner's, read apart (admin_api_breaking.c) */
        } else if (strcmp(key, "kind") == 0 || strcmp(key, "live") == 0) {
            continue; /* a live blog's, read apart (admin_api_live.c) */
        } else {
            *problem = strcmp(key, "breaking") == 0 ? "is set with a PATCH once the story is published"
                                                    : "is not a field of an article";
            return false;
        }
    }
    *field = NULL;
    return true;
}

/* Reads body into in's fields, and its "kind" and "live" into *live (a
** PATCH's "breaking" into *banner, when not NULL). False having answered
** 400 when a field is wrong. */
static bool read_fields(http_request *req, http_response *resp, const actor *who, json_t *body, article_input *in,
                        admin_breaking_change *banner, admin_live_change *live) {
    const char *field, *problem;
    if (!apply_json(req->arena, body, in, banner != NULL, &field, &problem)) {
        api_error(resp, 400, arena_printf(req->arena, "field '%s': %s", field, problem), field);
        return false;
    }
    if (!admin_live_read(req, resp, who, body, banner == NULL, live)) return false;
    return !banner || admin_breaking_read(req, resp, who, body, banner);
}

/* The ETag of an article's version: a PATCH or DELETE sent with it in
** If-Match changes the article only if nobody changed it since. */
static const char *article_etag(arena *a, const article *art) {
    return arena_printf(a, "\"a%lld-v%lld\"", (long long)art->id, (long long)art->version);
}

/* Sends an article with the ETag of its version. */
static void send_article(site *s, http_request *req, http_response *resp, int status, const article *art) {
    http_response_header(resp, "ETag", article_etag(req->arena, art));
    api_send(resp, status, article_json(s->store, req->arena, s->cfg, art));
}

/* False (having answered 412) when If-Match names another version of art. */
static bool precondition(http_request *req, http_response *resp, const article *art) {
    const char *etag = article_etag(req->arena, art);
    if (http_if_match(req, etag)) return true;
    http_response_header(resp, "ETag", etag);
    api_error(resp, 412, arena_printf(req->arena, "The article has changed since it was read (its ETag is now %s): "
                                      "nothing was changed. Read it again, then retry.", etag), NULL);
    return false;
}

static void answer(site *s, http_request *req, http_response *resp, const editorial_result *r) {
    if (r->status >= 300) {
        api_error(resp, r->status, r->message, r->field);
        return;
    }
    article art;
    if (store_article_by_id(s->store, req->arena, r->id, &art) != STORE_OK) {
        log_error("admin api: %s %s: %s", req->method, req->path, store_error(s->store));
        api_store_failed(resp, s->store, "The article cannot be read right now.");
        return;
    }
    send_article(s, req, resp, r->status, &art);
}

/* POST articles: an article, a live blog ("kind": "live") or a static
** page ("kind": "page", as POST pages makes one). */
static void create(site *s, http_request *req, http_response *resp, const actor *who) {
    json_t *body = api_body_object(req, resp);
    if (!body) return;
    article_input in = {0};
    admin_live_change live;
    bool ok = admin_live_read(req, resp, who, body, true, &live);
    if (ok && live.page) {
        json_object_del(body, "kind");
        admin_api_page_create(s, req, resp, who, body);
        json_decref(body);
        return;
    }
    ok = ok && read_fields(req, resp, who, body, &in, NULL, &live);
    json_decref(body);
    if (!ok) return;
    editorial_result r;
    editorial_create(s->store, s->cfg, req->arena, who, &in, NULL, &r);
    /* The story is saved; making it a live blog is a second write (a
    ** failure there says so, and leaves an ordinary article). */
    if (r.status < 300 && !admin_live_apply(s, req, resp, who, r.id, &live)) return;
    answer(s, req, resp, &r);
}

/* PATCH: the body's fields over the article as it is, saved only over
** the version read (so fields it does not name are never put back to
** older values). With If-Match, a version past it is a 412; without, a
** save that lands in between is read and the change applied again: each
** round at least one of the writers racing for an article saves, so
** PATCH_ATTEMPTS rounds let that many writers at once all through (on
** PostgreSQL, reads are not held back by a writer as on SQLite, and more
** of them race). */
#define PATCH_ATTEMPTS 16
static void patch(site *s, http_request *req, http_response *resp, const actor *who, int64_t id) {
    bool conditional = http_header(req, "If-Match") != NULL;
    editorial_result r;
    for (int attempt = 0; attempt < PATCH_ATTEMPTS; attempt++) {
        article art;
        int found = store_article_by_id(s->store, req->arena, id, &art);
        if (found == STORE_NOT_FOUND) {
            api_error(resp, 404, "There is no such article.", NULL);
            return;
        }
        if (found != STORE_OK) {
            api_store_failed(resp, s->store, "The article cannot be read right now.");
            return;
        }
        if (!precondition(req, resp, &art)) return;
        article_input in;
        if (!editorial_input_of(s->store, req->arena, &art, &in)) {
            log_error("admin api: %s %s: %s", req->method, req->path, store_error(s->store));
            api_store_failed(resp, s->store, "The article cannot be read right now.");
            return;
        }
        in.workflow = WF_UNSET; /* moves only when "status" says so */
        in.expected_version = art.version;
        admin_breaking_change banner;
        admin_live_change live;
        json_t *body = api_body_object(req, resp);
        bool ok = body && read_fields(req, resp, who, body, &in, &banner, &live);
        /* "breaking", "kind" and "live" alone change the banner or the
        ** live blog, not the story. */
        bool alone = ok && json_object_size(body) == (size_t)banner.present + (json_object_get(body, "kind") != NULL) +
                                                         (json_object_get(body, "live") != NULL);
        json_decref(body);
        if (!ok) return;
        if (alone) {
            if (admin_breaking_apply(s, req, resp, who, id, &banner) && admin_live_apply(s, req, resp, who, id, &live))
                send_article(s, req, resp, 200, &art);
            return;
        }
        if (editorial_update(s->store, s->cfg, req->arena, who, id, &in, NULL, &r) || r.status != 412 || conditional) {
            if (r.status < 300 && (!admin_breaking_apply(s, req, resp, who, id, &banner) ||
                                   !admin_live_apply(s, req, resp, who, id, &live)))
                return;
            break;
        }
    }
    answer(s, req, resp, &r);
}

/* DELETE: to the trash, when If-Match (if any) names its current version. */
static void remove_article(site *s, http_request *req, http_response *resp, const actor *who, int64_t id) {
    article art;
    if (store_article_by_id(s->store, req->arena, id, &art) != STORE_OK) {
        api_error(resp, 404, "There is no such article.", NULL);
        return;
    }
    if (!precondition(req, resp, &art)) return;
    editorial_result r;
    if (!editorial_transition(s->store, s->cfg, req->arena, who, id, EDIT_DELETE, art.version, &r))
        api_error(resp, r.status, r.message, r.field);
    else
        api_send(resp, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

static void upload(site *s, http_request *req, http_response *resp, const actor *who) {
    const http_field *file = http_form_parse(req) ? http_form_field(req, "file") : NULL;
    if (!file || file->len == 0) {
        api_error(resp, 400, "Send the image as multipart/form-data in a field named file.", "file");
        return;
    }
    media m;
    bool created;
    int status;
    user_message error;
    if (!media_ingest(s->store, s->cfg, req->arena, (const unsigned char *)file->value, file->len,
                      file->filename ? file->filename : "", who, &m, &created, &status, &error)) {
        api_error(resp, status, user_message_english(req->arena, &error), "file");
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m.id));
    json_object_set_new(o, "hash", api_string(m.hash));
    json_object_set_new(o, "format", api_string(m.format));
    json_object_set_new(o, "width", json_integer(m.width));
    json_object_set_new(o, "height", json_integer(m.height));
    json_t *image = api_image(req->arena, s->cfg, &m);
    json_object_set(o, "variants", json_object_get(image, "variants"));
    json_decref(image);
    api_send(resp, created ? 201 : 200, o);
}

/* Refuses a request without a valid token: 401, with the challenge. */
static void unauthorized(http_response *resp) {
    http_response_header(resp, "WWW-Authenticate", "Bearer");
    api_error(resp, 401, "Give a valid API token: Authorization: Bearer TOKEN.", NULL);
}

bool admin_api_admit(site *s, http_request *req, http_admission *adm, http_response *resp) {
    actor *who = arena_zalloc(req->arena, sizeof *who);
    if (!auth_bearer(s->store, req, who)) {
        if (who->unavailable) {
            http_response_header(resp, "Retry-After", "5");
            api_error(resp, 503, "The database cannot be reached right now: nothing was saved; try again in a moment.", NULL);
        } else {
            unauthorized(resp);
        }
        return false;
    }
    req->app_data = who;
    adm->body_limit = strcmp(req->path, "/api/v1/admin/media") == 0 ? media_body_limit(s->cfg)
                      : starts_with(req->path, "/api/v1/admin/") && admin_api_live_path(req->path + strlen("/api/v1/admin/"))
                          ? LIVE_API_BODY_MAX
                          : ADMIN_API_BODY_MAX;
    return true;
}

void admin_api_handle(site *s, http_request *req, http_response *resp) {
    const char *prefix = "/api/v1/admin/";
    const actor *whom = req->app_data;
    if (!whom) {
        unauthorized(resp);
        return;
    }
    actor who = *whom;
    if (!starts_with(req->path, prefix)) {
        api_error(resp, 404, "There is no such API address.", NULL);
        return;
    }
    const char *rest = req->path + strlen(prefix);
    const char *m = req->method;
    if (admin_api_newsroom(s, req, resp, &who, rest)) return;
    if (admin_api_authors(s, req, resp, &who, rest)) return;
    if (admin_api_pages(s, req, resp, &who, rest)) return;
    if (admin_api_live(s, req, resp, &who, rest)) return;
    if (strcmp(rest, "articles") == 0 && strcmp(m, "POST") == 0) {
        create(s, req, resp, &who);
    } else if (strcmp(rest, "media") == 0 && strcmp(m, "POST") == 0) {
        upload(s, req, resp, &who);
    } else if (starts_with(rest, "articles/")) {
        long long id;
        if (!parse_int(rest + 9, 1, INT64_MAX, &id)) {
            api_error(resp, 404, "There is no such article.", NULL);
        } else if (strcmp(m, "GET") == 0 || req->is_head) {
            article art;
            if (store_article_by_id(s->store, req->arena, id, &art) != STORE_OK)
                api_error(resp, 404, "There is no such article.", NULL);
            else if (who.role < ROLE_EDITOR && strcmp(art.owner, who.id) != 0)
                api_error(resp, 403, "An author's token reads only its own articles.", NULL);
            else
                send_article(s, req, resp, 200, &art);
        } else if (strcmp(m, "PATCH") == 0) {
            patch(s, req, resp, &who, id);
        } else if (strcmp(m, "DELETE") == 0) {
            remove_article(s, req, resp, &who, id);
        } else {
            http_response_header(resp, "Allow", "GET, PATCH, DELETE");
            api_error(resp, 405, "Use GET, PATCH or DELETE on an article.", NULL);
        }
    } else {
        api_error(resp, 404, "There is no such API address.", NULL);
    }
}
