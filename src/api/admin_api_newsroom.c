/*
** The Admin API's view of the newsroom, beside admin_api.c's articles:
**   GET    /api/v1/admin/articles            the newsroom's list (newsroom_list.h), by cursor
**   GET    /api/v1/admin/categories          categories of an edition (?lang=)
**   POST   /api/v1/admin/categories          create (admins)
**   PATCH  /api/v1/admin/categories/{slug}   name and description in an edition (admins)
**   DELETE /api/v1/admin/categories/{slug}   refused (409) while articles are in it (admins)
**   GET    /api/v1/admin/tags                tags with their articles' counts
**   PATCH  /api/v1/admin/tags/{tag}          rename (editors)
**   GET    /api/v1/admin/media               images, newest first, by cursor
**   GET    /api/v1/admin/media/{id}          one image
**   DELETE /api/v1/admin/media/{id}          refused (409) while it leads an article (editors)
**   GET    /api/v1/admin/users[/{id}], POST /api/v1/admin/users,
**   PATCH  /api/v1/admin/users/{id}          people: role, disabled (admins)
** Roles are the newsroom's: categories and people are admins', as their
** pages are. Passwords are taken, hashed, and never given back. Every
** change is audited in the transaction that makes it.
*/
#include "api_json.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../newsroom/auth.h"
#include "../newsroom/media.h"
#include "../newsroom/newsroom_list.h"

#include <jansson.h>
#include <string.h>

/* Media lists: at most this many a page, this many when not said. */
#define MEDIA_PAGE_MAX 200
#define MEDIA_PAGE_DEFAULT 50
#define TAGS_MAX 1000
#define TAGS_DEFAULT 100

/* An ISO 8601 date in the site's zone, as a JSON string. */
static json_t *date_json(int64_t when) {
    char iso[40];
    iso8601_format_local(when, iso, sizeof iso);
    return api_string(iso);
}

/* False (having answered 403 with why) unless who has role at least. */
static bool allowed(http_response *resp, const actor *who, user_role role, const char *why) {
    if (who->role >= role) return true;
    api_error(resp, 403, why, NULL);
    return false;
}

/* The request's body as a JSON object (a new reference), or NULL having
** answered 400. */
static json_t *body_object(http_request *req, http_response *resp) {
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (json_is_object(body)) return body;
    json_decref(body);
    api_error(resp, 400, arena_printf(req->arena, "The body must be a JSON object: %s", jerr.text), NULL);
    return NULL;
}

/* Member key of o: NULL when absent; else its text, or NULL having
** answered 400 (*bad set) when it is not a string. */
static const char *text_member(http_request *req, http_response *resp, json_t *o, const char *key, bool *bad) {
    json_t *v = json_object_get(o, key);
    if (!v) return NULL;
    if (json_is_string(v)) return arena_strdup(req->arena, json_string_value(v));
    api_error(resp, 400, arena_printf(req->arena, "field '%s': must be a string", key), key);
    *bad = true;
    return NULL;
}

/* False (having answered 400) when o has a member not in the NULL-ended keys. */
static bool only_members(http_request *req, http_response *resp, json_t *o, const char *const *keys) {
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0) i++;
        if (!keys[i]) {
            api_error(resp, 400, arena_printf(req->arena, "field '%s': is not one this takes", key), arena_strdup(req->arena, key));
            return false;
        }
    }
    return true;
}

/* A store change and its audit entry in one transaction. */
typedef int (*change_fn)(store *s, void *ctx);
static int audited(store *s, const actor *who, change_fn change, void *ctx, const char *action, const char *detail) {
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    if ((rc = change(s, ctx)) != STORE_OK ||
        (rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                                .action = action, .detail = detail ? detail : ""})) != STORE_OK ||
        (rc = store_commit(s)) != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    return STORE_OK;
}

/* Answers a failed change: 409, 404 with the messages given, else the store's. */
static void change_failed(http_response *resp, store *s, int rc, const char *conflict, const char *missing) {
    if (rc == STORE_CONFLICT && conflict) api_error(resp, 409, conflict, NULL);
    else if (rc == STORE_NOT_FOUND && missing) api_error(resp, 404, missing, NULL);
    else if (rc == STORE_FULL) api_error(resp, 503, "The server's disk is full: nothing was changed.", NULL);
    else api_store_failed(resp, s, "Nothing was changed: the newsroom cannot save right now.");
}

/* ------------------------------------------------------------- articles */

/* An article as the list gives it: no body, who acted last. */
static json_t *list_item_json(arena *a, const config *cfg, const newsroom_item *item) {
    const article *art = &item->article;
    json_t *o = api_article_head(art);
    json_object_set_new(o, "date", date_json(art->published_at));
    json_object_set_new(o, "updated", date_json(art->updated_at));
    json_object_set_new(o, "edited_by", api_string(item->edited_by));
    json_object_set_new(o, "status", api_string(workflow_name(art->workflow)));
    json_object_set_new(o, "deleted", json_boolean(art->deleted_at != 0));
    json_object_set_new(o, "featured", json_boolean(art->featured));
    json_object_set_new(o, "lead_image_id", art->lead_image.id ? json_integer(art->lead_image.id) : json_null());
    json_object_set_new(o, "url", api_string(api_url(a, cfg, urls_article_path(a, art->lang, art->category_slug, art->slug))));
    return o;
}

static void list_articles(site *s, http_request *req, http_response *resp, const actor *who) {
    newsroom_request r;
    const char *field;
    user_message problem;
    int rc;
    if (!newsroom_list_read(s->store, s->cfg, who, req, &r, &field, &problem, &rc)) {
        if (rc != STORE_OK) api_store_failed(resp, s->store, "The articles cannot be listed right now.");
        else api_error(resp, 400, arena_printf(req->arena, "%s: %s", field, user_message_english(req->arena, &problem)),
                       field);
        return;
    }
    newsroom_page page;
    if (store_articles_newsroom(s->store, req->arena, &r.filter, &page) != STORE_OK) {
        log_error("admin api: %s %s: %s", req->method, req->path, store_error(s->store));
        api_store_failed(resp, s->store, "The articles cannot be listed right now.");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < page.count; i++) json_array_append_new(items, list_item_json(req->arena, s->cfg, &page.items[i]));
    const char *next = page.more && page.count ? newsroom_list_cursor(s->store, req->arena, &r, &page.items[page.count - 1]) : NULL;
    if (page.more && page.count && !next) {
        json_decref(items);
        api_store_failed(resp, s->store, "The articles cannot be listed right now.");
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "next_cursor", next ? api_string(next) : json_null());
    json_object_set_new(o, "truncated", json_boolean(page.text_window_full));
    api_send(resp, 200, o);
}

/* ----------------------------------------------------------- categories */

/* The edition a request names (?lang= or the body's), the default when none;
** NULL having answered 400 when it is not one of the site's. */
static const char *edition_of(site *s, http_response *resp, const char *lang) {
    if (!lang || !*lang) return s->cfg->default_language;
    if (config_has_language(s->cfg, lang)) return lang;
    api_error(resp, 400, "lang: must be an edition of this site", "lang");
    return NULL;
}

static json_t *category_json(const category *c, const char *lang) {
    return json_pack("{s:I,s:s,s:s,s:o,s:o,s:i}", "id", (json_int_t)c->id, "slug", c->slug, "lang", lang,
                     "name", api_string(c->name), "description", api_string(c->description), "position", c->position);
}

/* Answers the category slug as named in lang, with status. */
static void send_category(site *s, http_request *req, http_response *resp, int status, const char *slug, const char *lang) {
    category c;
    int rc = store_category_by_slug(s->store, req->arena, lang, slug, &c);
    if (rc == STORE_OK) api_send(resp, status, category_json(&c, lang));
    else change_failed(resp, s->store, rc, NULL, "There is no such category in this edition.");
}

static void list_categories(site *s, http_request *req, http_response *resp) {
    const char *lang = edition_of(s, resp, http_query(req, "lang"));
    if (!lang) return;
    category *list;
    size_t n;
    if (store_categories(s->store, req->arena, lang, &list, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The categories cannot be listed right now.");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, category_json(&list[i], lang));
    api_send(resp, 200, json_pack("{s:o}", "items", items));
}

/* A category's slug, edition and texts, for a change. */
typedef struct category_change {
    const char *slug, *lang, *name, *description;
    bool create;
} category_change;

static int apply_category(store *s, void *ctx) {
    category_change *c = ctx;
    int64_t id;
    int rc = store_category_find(s, c->slug, &id);
    if (c->create) {
        if (rc == STORE_OK) return STORE_CONFLICT;
        if (rc != STORE_NOT_FOUND || (rc = store_category_ensure(s, c->slug, &id)) != STORE_OK) return rc;
    } else if (rc != STORE_OK) {
        return rc;
    }
    if (!c->name && !c->description) return STORE_OK;
    if (!c->name || !c->description) {
        /* The member not sent keeps its value in this edition. */
        arena *a = arena_new();
        category old;
        rc = store_category_by_slug(s, a, c->lang, c->slug, &old);
        if (rc == STORE_OK || rc == STORE_NOT_FOUND)
            rc = store_category_set_text(s, id, c->lang, c->name ? c->name : rc == STORE_OK ? old.name : c->slug,
                                         c->description ? c->description : rc == STORE_OK ? old.description : "");
        arena_free(a);
        return rc;
    }
    return store_category_set_text(s, id, c->lang, c->name, c->description);
}

/* Reads a category's body into c: false having answered 400. */
static bool read_category(site *s, http_request *req, http_response *resp, json_t *body, category_change *c) {
    static const char *const keys[] = {"slug", "lang", "name", "description", NULL};
    bool bad = false;
    if (!only_members(req, resp, body, c->create ? keys : keys + 1)) return false;
    const char *lang = text_member(req, resp, body, "lang", &bad);
    c->name = bad ? NULL : text_member(req, resp, body, "name", &bad);
    c->description = bad ? NULL : text_member(req, resp, body, "description", &bad);
    if (c->create && !bad) c->slug = text_member(req, resp, body, "slug", &bad);
    if (bad || !(c->lang = edition_of(s, resp, lang))) return false;
    if (c->name) c->name = trim((char *)c->name);
    const char *problem = NULL, *field = NULL;
    if (c->create && (!c->slug || !slug_valid(c->slug, SLUG_MAX) || urls_reserved_category(c->slug)))
        field = "slug", problem = "must be lowercase letters, digits and hyphens that the site does not use";
    else if (c->create && !c->name)
        field = "name", problem = "give the category's name in the edition";
    else if (c->name && (!*c->name || utf8_length(c->name) > 100))
        field = "name", problem = "must have 1 to 100 characters";
    else if (c->description && utf8_length(c->description) > 500)
        field = "description", problem = "may have 500 characters";
    if (!problem) return true;
    api_error(resp, 400, arena_printf(req->arena, "field '%s': %s", field, problem), field);
    return false;
}

static void change_category(site *s, http_request *req, http_response *resp, const actor *who, const char *slug) {
    if (!allowed(resp, who, ROLE_ADMIN, "Only admins' tokens change categories.")) return;
    json_t *body = body_object(req, resp);
    if (!body) return;
    category_change c = {.slug = slug, .create = slug == NULL};
    bool ok = read_category(s, req, resp, body, &c);
    json_decref(body);
    if (!ok) return;
    int rc = audited(s->store, who, apply_category, &c, c.create ? "created category" : "changed category", c.slug);
    if (rc != STORE_OK) change_failed(resp, s->store, rc, "There is a category with this slug already.", "There is no such category.");
    else send_category(s, req, resp, c.create ? 201 : 200, c.slug, c.lang);
}

/* Deletes the category whose id ctx points to. */
static int apply_category_delete(store *s, void *ctx) { return store_category_delete(s, *(int64_t *)ctx); }

static void delete_category(site *s, http_response *resp, const actor *who, const char *slug) {
    if (!allowed(resp, who, ROLE_ADMIN, "Only admins' tokens change categories.")) return;
    int64_t id;
    int rc = store_category_find(s->store, slug, &id);
    if (rc == STORE_OK) rc = audited(s->store, who, apply_category_delete, &id, "deleted category", slug);
    if (rc != STORE_OK)
        change_failed(resp, s->store, rc, "Articles are in this category (in the trash too): move them to another first.",
                      "There is no such category.");
    else api_send(resp, 200, json_pack("{s:s,s:b}", "slug", slug, "deleted", 1));
}

/* ----------------------------------------------------------------- tags */

static void list_tags(site *s, http_request *req, http_response *resp) {
    const char *limit_text = http_query(req, "limit");
    long long limit = TAGS_DEFAULT;
    if (limit_text && *limit_text && !parse_int(limit_text, 1, TAGS_MAX, &limit)) {
        api_error(resp, 400, arena_printf(req->arena, "limit: must be a whole number from 1 to %d", TAGS_MAX), "limit");
        return;
    }
    tag_use *list;
    size_t n;
    if (store_tags(s->store, req->arena, (int)limit, &list, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The tags cannot be listed right now.");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:o,s:I}", "tag", api_string(list[i].tag), "articles", (json_int_t)list[i].count));
    api_send(resp, 200, json_pack("{s:o}", "items", items));
}

typedef struct tag_change {
    const char *from, *to;
    int64_t changed;
} tag_change;

static int apply_tag(store *s, void *ctx) {
    tag_change *t = ctx;
    return store_tag_rename(s, t->from, t->to, &t->changed);
}

static void rename_tag(site *s, http_request *req, http_response *resp, const actor *who, const char *tag) {
    if (!allowed(resp, who, ROLE_EDITOR, "Only editors' tokens rename tags.")) return;
    json_t *body = body_object(req, resp);
    if (!body) return;
    static const char *const keys[] = {"name", NULL};
    bool bad = false;
    const char *name = only_members(req, resp, body, keys) ? text_member(req, resp, body, "name", &bad) : (bad = true, NULL);
    json_decref(body);
    if (bad) return;
    if (name) name = trim((char *)name);
    if (!name || !*name || utf8_length(name) > 100) {
        api_error(resp, 400, "field 'name': give the tag's new name, 1 to 100 characters", "name");
        return;
    }
    tag_change t = {tag, name, 0};
    int rc = strcmp(tag, name) == 0 ? STORE_OK : audited(s->store, who, apply_tag, &t, "renamed tag", arena_printf(req->arena, "%s to %s", tag, name));
    if (rc != STORE_OK) change_failed(resp, s->store, rc, NULL, "No article has this tag.");
    else api_send(resp, 200, json_pack("{s:o,s:I}", "tag", api_string(name), "articles", (json_int_t)t.changed));
}

/* ---------------------------------------------------------------- media */

static json_t *media_json(arena *a, const config *cfg, const media *m) {
    json_t *o = api_image(a, cfg, m);
    json_object_set_new(o, "hash", api_string(m->hash));
    json_object_set_new(o, "format", api_string(m->format));
    json_object_set_new(o, "bytes", json_integer(m->bytes));
    json_object_set_new(o, "original_name", api_string(m->original_name));
    json_object_set_new(o, "uploaded_by", api_string(m->uploaded_by));
    json_object_set_new(o, "created", date_json(m->created_at));
    return o;
}

static void list_media(site *s, http_request *req, http_response *resp) {
    const char *limit_text = http_query(req, "limit"), *cursor = http_query(req, "cursor");
    long long limit = MEDIA_PAGE_DEFAULT;
    int64_t before = 0;
    int rc = STORE_OK;
    const char *problem;
    if (limit_text && *limit_text && !parse_int(limit_text, 1, MEDIA_PAGE_MAX, &limit)) {
        api_error(resp, 400, arena_printf(req->arena, "limit: must be a whole number from 1 to %d", MEDIA_PAGE_MAX), "limit");
        return;
    }
    if (cursor && *cursor && (problem = newsroom_media_cursor_read(s->store, cursor, &before, &rc))) {
        if (rc != STORE_OK) api_store_failed(resp, s->store, "The images cannot be listed right now.");
        else api_error(resp, 400, arena_printf(req->arena, "cursor: %s", problem), "cursor");
        return;
    }
    media *list;
    size_t n;
    if (store_media_page(s->store, req->arena, before, (int)limit + 1, &list, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The images cannot be listed right now.");
        return;
    }
    bool more = n > (size_t)limit;
    if (more) n = (size_t)limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, media_json(req->arena, s->cfg, &list[i]));
    const char *next = more ? newsroom_media_cursor(s->store, req->arena, list[n - 1].id) : NULL;
    api_send(resp, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", next ? api_string(next) : json_null()));
}

static int apply_media_delete(store *s, void *ctx) { return store_media_delete(s, *(int64_t *)ctx); }

static void one_media(site *s, http_request *req, http_response *resp, const actor *who, int64_t id, bool delete) {
    media m;
    int rc = store_media_by_id(s->store, req->arena, id, &m);
    if (rc != STORE_OK) {
        change_failed(resp, s->store, rc, NULL, "There is no such image.");
        return;
    }
    if (!delete) {
        api_send(resp, 200, media_json(req->arena, s->cfg, &m));
        return;
    }
    if (!allowed(resp, who, ROLE_EDITOR, "Only editors' tokens delete images.")) return;
    rc = audited(s->store, who, apply_media_delete, &id, "deleted image", m.hash);
    if (rc != STORE_OK) {
        change_failed(resp, s->store, rc, "An article has this image as its lead image (in the trash too): choose another there first.",
                      "There is no such image.");
        return;
    }
    if (!store_media_in_database(s->store)) media_remove_files(s->cfg, req->arena, &m);
    api_send(resp, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* ---------------------------------------------------------------- users */

static json_t *user_json(const account *u) {
    char iso[40];
    iso8601_format_local(u->created_at, iso, sizeof iso);
    return json_pack("{s:I,s:o,s:o,s:s,s:b,s:s,s:o}", "id", (json_int_t)u->id, "email", api_string(u->email), "name",
                     api_string(u->name), "role", role_name(u->role), "disabled", u->disabled, "created", iso,
                     "language", u->language ? json_string(u->language) : json_null());
}

static void send_user(site *s, http_request *req, http_response *resp, int status, int64_t id) {
    account u;
    int rc = store_user_by_id(s->store, req->arena, id, &u);
    if (rc != STORE_OK) change_failed(resp, s->store, rc, NULL, "There is no such person.");
    else api_send(resp, status, user_json(&u));
}

static void list_users(site *s, http_request *req, http_response *resp) {
    account *list;
    size_t n;
    if (store_users(s->store, req->arena, &list, &n) != STORE_OK) {
        api_store_failed(resp, s->store, "The people cannot be listed right now.");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, user_json(&list[i]));
    api_send(resp, 200, json_pack("{s:o}", "items", items));
}

/* A person to add, or a change to one. */
typedef struct user_change {
    int64_t id;
    const char *email, *name, *hash;
    user_role role;
    bool set_role, set_disabled, disabled;
} user_change;

static int apply_user_add(store *s, void *ctx) {
    user_change *u = ctx;
    return store_user_add(s, u->email, u->name, u->role, u->hash, &u->id);
}

static int apply_user_change(store *s, void *ctx) {
    user_change *u = ctx;
    int rc = STORE_OK;
    if (u->set_role) rc = store_user_set_role(s, u->id, u->role);
    if (rc == STORE_OK && u->set_disabled) rc = store_user_set_disabled(s, u->id, u->disabled);
    if (rc == STORE_OK && u->set_disabled && u->disabled) rc = store_sessions_end_for(s, u->id);
    return rc;
}

/* The role member of body into u: false having answered 400. */
static bool read_role(http_request *req, http_response *resp, json_t *body, user_change *u) {
    bool bad = false;
    const char *role = text_member(req, resp, body, "role", &bad);
    if (bad) return false;
    if (!role) return true;
    if (!role_parse(role, &u->role)) {
        api_error(resp, 400, "field 'role': must be admin, editor or author", "role");
        return false;
    }
    u->set_role = true;
    return true;
}

static void add_user(site *s, http_request *req, http_response *resp, const actor *who) {
    json_t *body = body_object(req, resp);
    if (!body) return;
    static const char *const keys[] = {"email", "name", "role", "password", NULL};
    user_change u = {0};
    bool bad = !only_members(req, resp, body, keys);
    const char *password = NULL;
    if (!bad) u.email = text_member(req, resp, body, "email", &bad);
    if (!bad) u.name = text_member(req, resp, body, "name", &bad);
    if (!bad) password = text_member(req, resp, body, "password", &bad);
    bool ok = !bad && read_role(req, resp, body, &u);
    json_decref(body);
    if (!ok) return;
    const char *field = NULL, *problem = NULL;
    if (u.name) u.name = trim((char *)u.name);
    if (!email_plausible(u.email)) field = "email", problem = "give a valid e-mail address";
    else if (!u.name || !*u.name || strlen(u.name) > 200) field = "name", problem = "give the person's name";
    else if (!u.set_role) field = "role", problem = "must be admin, editor or author";
    else if ((problem = auth_password_problem(password))) field = "password";
    if (problem) {
        api_error(resp, 400, arena_printf(req->arena, "field '%s': %s", field, problem), field);
        return;
    }
    char hash[AUTH_HASH_BYTES];
    if (!auth_hash_password(password, hash)) {
        api_error(resp, 500, "The password cannot be hashed right now (out of memory); nobody was added.", NULL);
        return;
    }
    u.hash = hash;
    int rc = audited(s->store, who, apply_user_add, &u, "added user", u.email);
    if (rc != STORE_OK) change_failed(resp, s->store, rc, "Someone in the newsroom has this e-mail address already.", NULL);
    else send_user(s, req, resp, 201, u.id);
}

static void change_user(site *s, http_request *req, http_response *resp, const actor *who, int64_t id) {
    account old;
    int rc = store_user_by_id(s->store, req->arena, id, &old);
    if (rc != STORE_OK) {
        change_failed(resp, s->store, rc, NULL, "There is no such person.");
        return;
    }
    json_t *body = body_object(req, resp);
    if (!body) return;
    static const char *const keys[] = {"role", "disabled", NULL};
    user_change u = {.id = id};
    bool ok = only_members(req, resp, body, keys) && read_role(req, resp, body, &u);
    json_t *disabled = json_object_get(body, "disabled");
    if (ok && disabled && !json_is_boolean(disabled)) {
        api_error(resp, 400, "field 'disabled': must be true or false", "disabled");
        ok = false;
    }
    u.set_disabled = disabled != NULL;
    u.disabled = json_is_true(disabled);
    json_decref(body);
    if (!ok) return;
    const char *what = u.set_role && u.set_disabled ? "changed user" : u.set_role ? "changed role"
                       : u.set_disabled ? (u.disabled ? "disabled user" : "enabled user") : NULL;
    rc = what ? audited(s->store, who, apply_user_change, &u, what, old.email) : STORE_OK;
    if (rc != STORE_OK) change_failed(resp, s->store, rc, NULL, "There is no such person.");
    else send_user(s, req, resp, 200, id);
}

/* ------------------------------------------------------------- routing */

/* Answers 405 with the methods a resource takes. */
static void not_allowed(http_request *req, http_response *resp, const char *methods) {
    http_response_header(resp, "Allow", methods);
    api_error(resp, 405, arena_printf(req->arena, "Use %s here.", methods), NULL);
}

/* The id at the end of rest after prefix, or 0 when it is not one. */
static int64_t id_after(const char *rest, const char *prefix) {
    long long id;
    return starts_with(rest, prefix) && parse_int(rest + strlen(prefix), 1, INT64_MAX, &id) ? id : 0;
}

bool admin_api_newsroom(site *s, http_request *req, http_response *resp, const actor *who, const char *rest) {
    const char *m = req->method;
    bool get = strcmp(m, "GET") == 0 || req->is_head, post = strcmp(m, "POST") == 0,
         patch = strcmp(m, "PATCH") == 0, delete = strcmp(m, "DELETE") == 0;
    if (strcmp(rest, "articles") == 0 && get) {
        list_articles(s, req, resp, who);
    } else if (strcmp(rest, "categories") == 0) {
        if (get) list_categories(s, req, resp);
        else if (post) change_category(s, req, resp, who, NULL);
        else not_allowed(req, resp, "GET, POST");
    } else if (starts_with(rest, "categories/") && rest[11]) {
        if (patch) change_category(s, req, resp, who, rest + 11);
        else if (delete) delete_category(s, resp, who, rest + 11);
        else not_allowed(req, resp, "PATCH, DELETE");
    } else if (strcmp(rest, "tags") == 0) {
        if (get) list_tags(s, req, resp);
        else not_allowed(req, resp, "GET");
    } else if (starts_with(rest, "tags/") && rest[5]) {
        if (patch) rename_tag(s, req, resp, who, rest + 5);
        else not_allowed(req, resp, "PATCH");
    } else if (strcmp(rest, "media") == 0 && get) {
        list_media(s, req, resp);
    } else if (starts_with(rest, "media/")) {
        int64_t id = id_after(rest, "media/");
        if (!id) api_error(resp, 404, "There is no such image.", NULL);
        else if (get || delete) one_media(s, req, resp, who, id, delete);
        else not_allowed(req, resp, "GET, DELETE");
    } else if (strcmp(rest, "users") == 0 || starts_with(rest, "users/")) {
        int64_t id = id_after(rest, "users/");
        if (!allowed(resp, who, ROLE_ADMIN, "Only admins' tokens manage people.")) return true;
        if (strcmp(rest, "users") == 0) {
            if (get) list_users(s, req, resp);
            else if (post) add_user(s, req, resp, who);
            else not_allowed(req, resp, "GET, POST");
        } else if (!id) {
            api_error(resp, 404, "There is no such person.", NULL);
        } else if (get) {
            send_user(s, req, resp, 200, id);
        } else if (patch) {
            change_user(s, req, resp, who, id);
        } else {
            not_allowed(req, resp, "GET, PATCH");
        }
    } else {
        return false;
    }
    return true;
}
