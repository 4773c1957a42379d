/* Editorial operations: rules, revisions, redirects and the audit log. */
#include "editorial.h"
#include "article_save.h"
#include "media.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/i18n.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool result(editorial_result *r, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fills r with a message of the catalogues (fmt, marked N_()); returns
** status < 300. */
static bool result(editorial_result *r, int status, const char *field, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    user_message_vset(&r->text, fmt, ap);
    va_end(ap);
    /* The English whole (the message's arguments are cut at
    ** USER_MESSAGE_ARG_BYTES). */
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
    r->field_reason = false;
    r->status = status;
    r->field = field;
    return status < 300;
}

/* Fills r with a message made elsewhere (media.c's); returns false. */
static bool result_message(editorial_result *r, int status, const char *field, const user_message *m) {
    r->text = *m;
    user_message_english_into(&r->text, r->message, sizeof r->message);
    r->field_reason = false;
    r->status = status;
    r->field = field;
    return status < 300;
}

/* The same for "You may not move this article from %s to %s.": the
** states are messages of the catalogues too. */
static bool refused_move(editorial_result *r, article_workflow from, article_workflow to) {
    result(r, 403, "status", N_("You may not move this article from %s to %s."), workflow_name(from),
           workflow_name(to));
    user_message_arg_context(&r->text, 0, "status");
    user_message_arg_context(&r->text, 1, "status");
    return false;
}

/* The result of a save that did not happen, by its code. */
static bool refused(editorial_result *r, const article_problem *p) {
    switch (p->code) {
    case ARTICLE_INVALID:
        r->text = p->why;
        snprintf(r->message, sizeof r->message, "%s", p->message);
        r->field_reason = true;
        r->status = 400;
        r->field = p->field;
        return false;
    case STORE_CONFLICT: return result(r, 409, "slug", N_("Another article of this edition already uses this address; change the slug."));
    case STORE_STALE:
        return result(r, 412, NULL, N_("Someone else saved this article since you opened it; nothing was saved."));
    case STORE_NOT_FOUND: return result(r, 404, NULL, N_("There is no such article."));
    case STORE_FULL: return result(r, 503, NULL, N_("The server's disk is full: nothing was saved. Tell the site's operator."));
    case STORE_UNAVAILABLE:
        return result(r, 503, NULL, N_("The database cannot be reached right now: nothing was saved. Try again in a moment."));
    default: return result(r, 500, NULL, N_("The change cannot be saved: %s"), p->message);
    }
}

/* The result of a store failure outside a save. */
static bool store_failed(editorial_result *r, store *s, int code) {
    article_problem p = {.code = code};
    snprintf(p.message, sizeof p.message, "%s", store_error(s));
    return refused(r, &p);
}

static bool is_owner(const actor *who, const article *a) {
    return a->owner && strcmp(a->owner, who->id) == 0;
}

bool editorial_can_publish(const actor *who) { return who->role >= ROLE_EDITOR; }

bool editorial_can_see(const actor *who, const article *a) { return who->role >= ROLE_EDITOR || is_owner(who, a); }

bool editorial_can_edit(const actor *who, const article *a) {
    if (who->role >= ROLE_EDITOR) return true;
    return is_owner(who, a) && a->workflow == WF_DRAFT && !a->deleted_at;
}

/* May who move an article (currently at `from`, owned or not) to `to`? */
static bool may_move(const actor *who, const article *a, article_workflow to) {
    if (to == a->workflow) return true;
    if (who->role >= ROLE_EDITOR) return true;
    if (!is_owner(who, a)) return false;
    return (a->workflow == WF_DRAFT && to == WF_REVIEW) || (a->workflow == WF_REVIEW && to == WF_DRAFT);
}

/* ------------------------------------------------------------ snapshots */

/* qsort's comparison of two strings. */
static int compare_text(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

char *editorial_snapshot(arena *a, const article_input *in) {
    json_t *o = json_object();
    json_object_set_new(o, "title", json_string(in->title ? in->title : ""));
    json_object_set_new(o, "subtitle", json_string(in->subtitle ? in->subtitle : ""));
    json_object_set_new(o, "lang", json_string(in->lang ? in->lang : ""));
    json_object_set_new(o, "category", json_string(in->category_slug ? in->category_slug : ""));
    json_object_set_new(o, "slug", json_string(in->slug ? in->slug : ""));
    json_object_set_new(o, "author", json_string(in->author ? in->author : ""));
    json_t *authors = json_array();
    for (size_t i = 0; i < in->author_count; i++)
        json_array_append_new(authors, json_pack("{s:s,s:s}", "name", in->authors[i].name ? in->authors[i].name : "",
                                                 "slug", in->authors[i].slug ? in->authors[i].slug : ""));
    json_object_set_new(o, "authors", authors);
    json_object_set_new(o, "published_at", json_integer(in->published_at));
    json_object_set_new(o, "workflow", json_string(workflow_name(in->workflow)));
    json_object_set_new(o, "translation_key", json_string(in->translation_key ? in->translation_key : ""));
    json_object_set_new(o, "featured", json_boolean(in->featured));
    json_object_set_new(o, "lead_image_id", json_integer(in->lead_image_id));
    json_object_set_new(o, "lead_image_caption", json_string(in->lead_image_caption ? in->lead_image_caption : ""));
    json_object_set_new(o, "lead_image_credit", json_string(in->lead_image_credit ? in->lead_image_credit : ""));
    json_object_set_new(o, "lead_image_alt", json_string(in->lead_image_alt ? in->lead_image_alt : ""));
    json_object_set_new(o, "seo_title", json_string(in->seo_title ? in->seo_title : ""));
    json_object_set_new(o, "seo_description", json_string(in->seo_description ? in->seo_description : ""));
    json_object_set_new(o, "social_image_id", json_integer(in->social_image_id));
    json_object_set_new(o, "canonical_url", json_string(in->canonical_url ? in->canonical_url : ""));
    /* Tags in the order the store keeps them (alphabetical), so that the
    ** same set is the same snapshot however it was typed. */
    const char **sorted = arena_alloc(a, (in->tag_count ? in->tag_count : 1) * sizeof *sorted);
    for (size_t i = 0; i < in->tag_count; i++) sorted[i] = in->tags[i];
    qsort(sorted, in->tag_count, sizeof *sorted, compare_text);
    json_t *tags = json_array();
    for (size_t i = 0; i < in->tag_count; i++)
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0) json_array_append_new(tags, json_string(sorted[i]));
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "body_markdown", json_string(in->body_markdown ? in->body_markdown : ""));
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char *copy = arena_strdup(a, text ? text : "{}");
    free(text);
    return copy;
}

/* A string member of a snapshot, copied into the arena ("" when missing). */
static const char *member(arena *a, json_t *o, const char *key) {
    const char *v = json_string_value(json_object_get(o, key));
    return arena_strdup(a, v ? v : "");
}

bool editorial_input_from_snapshot(arena *a, const char *text, article_input *in) {
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return false;
    }
    memset(in, 0, sizeof *in);
    in->title = member(a, o, "title");
    in->subtitle = member(a, o, "subtitle");
    in->lang = member(a, o, "lang");
    in->category_slug = member(a, o, "category");
    in->slug = member(a, o, "slug");
    in->author = member(a, o, "author");
    /* Snapshots from before several authors have the byline alone. */
    json_t *authors = json_object_get(o, "authors");
    size_t count = json_array_size(authors);
    if (count > ARTICLE_AUTHORS_MAX) count = ARTICLE_AUTHORS_MAX;
    article_author *list = arena_alloc(a, (count ? count : 1) * sizeof *list);
    for (size_t i = 0; i < count; i++) {
        json_t *one = json_array_get(authors, i);
        list[in->author_count++] = (article_author){member(a, one, "slug"), member(a, one, "name")};
    }
    in->authors = list;
    in->published_at = json_integer_value(json_object_get(o, "published_at"));
    in->translation_key = member(a, o, "translation_key");
    if (!*in->translation_key) in->translation_key = NULL;
    in->featured = json_is_true(json_object_get(o, "featured"));
    in->lead_image_id = json_integer_value(json_object_get(o, "lead_image_id"));
    in->lead_image_caption = member(a, o, "lead_image_caption");
    in->lead_image_credit = member(a, o, "lead_image_credit");
    in->lead_image_alt = member(a, o, "lead_image_alt");
    in->seo_title = member(a, o, "seo_title");
    in->seo_description = member(a, o, "seo_description");
    in->social_image_id = json_integer_value(json_object_get(o, "social_image_id"));
    in->canonical_url = member(a, o, "canonical_url");
    in->body_markdown = member(a, o, "body_markdown");
    json_t *tags = json_object_get(o, "tags");
    size_t n = json_array_size(tags);
    in->tags = arena_alloc(a, (n ? n : 1) * sizeof *in->tags);
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_array_get(tags, i));
        if (t) in->tags[in->tag_count++] = arena_strdup(a, t);
    }
    json_decref(o);
    return true;
}

bool editorial_input_of(store *s, arena *a, const article *art, article_input *in) {
    memset(in, 0, sizeof *in);
    in->lang = art->lang;
    in->slug = art->slug;
    in->category_slug = art->category_slug;
    in->title = art->title;
    in->subtitle = art->subtitle;
    in->author = art->author;
    in->published_at = art->published_at;
    in->workflow = art->workflow;
    in->body_markdown = art->body_markdown ? art->body_markdown : "";
    in->translation_key = art->translation_key;
    in->owner = art->owner;
    in->featured = art->featured;
    in->lead_image_id = art->lead_image.id;
    in->lead_image_caption = art->lead_image_caption;
    in->lead_image_credit = art->lead_image_credit;
    in->lead_image_alt = art->lead_image_alt;
    article with_authors = *art;
    if (store_article_authors_fill(s, a, &with_authors, 1) != STORE_OK) return false;
    in->authors = with_authors.authors;
    in->author_count = with_authors.author_count;
    in->seo_title = art->seo_title;
    in->seo_description = art->seo_description;
    in->social_image_id = art->social_image_id;
    in->canonical_url = art->canonical_url;
    const char **tags;
    size_t n;
    if (store_article_tags(s, a, art->id, &tags, &n) != STORE_OK) return false;
    in->tags = tags;
    in->tag_count = n;
    return true;
}

/* ----------------------------------------------------------- operations */

/* Loads article id (any state) or sets a 404. */
static bool load(store *s, arena *a, int64_t id, article *art, editorial_result *r) {
    int rc = store_article_by_id(s, a, id, art);
    if (rc == STORE_OK) return true;
    if (rc == STORE_NOT_FOUND) return result(r, 404, NULL, N_("There is no article %lld."), (long long)id);
    return result(r, 500, NULL, N_("The article cannot be read: %s"), store_error(s));
}

/* Finishes an operation in its transaction: revision (for saves), audit
** entry, commit. */
static bool finish(store *s, arena *a, const actor *who, int64_t id, const article_input *saved,
                   const char *action, const char *detail, editorial_result *r, int status) {
    int rc;
    if ((saved && (rc = store_revision_add(s, id, who->id, who->name, editorial_snapshot(a, saved))) != STORE_OK) ||
        (rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address, .action = action, .article_id = id, .detail = detail})) != STORE_OK ||
        (rc = store_commit(s)) != STORE_OK) {
        store_rollback(s);
        return store_failed(r, s, rc);
    }
    r->id = id;
    log_info("newsroom: %s %s article %lld (%s)", who->name, action, (long long)id, detail ? detail : "");
    return result(r, status, NULL, N_("Saved."));
}

static bool begin(store *s, editorial_result *r) {
    int rc = store_begin(s);
    return rc == STORE_OK || store_failed(r, s, rc);
}

/* Authors choose among the categories; only editors make new ones. */
static bool category_allowed(store *s, const actor *who, const article_input *in, editorial_result *r) {
    if (who->role >= ROLE_EDITOR || !in->category_slug || !*in->category_slug) return true;
    int64_t id;
    int rc = store_category_find(s, in->category_slug, &id);
    if (rc == STORE_OK) return true;
    if (rc == STORE_NOT_FOUND)
        return result(r, 403, "category", N_("There is no category '%.60s'; only editors create categories. Choose one"
                      " of the existing ones."), in->category_slug);
    return store_failed(r, s, rc);
}

/* Checks the fields and renders the body (nothing written yet), then
** stores the upload, if any, as the lead image: last, so that a form
** refused for any other reason stores nothing. */
static bool prepare(store *s, const config *cfg, arena *a, const actor *who, int64_t id, article_input *in,
                    const editorial_upload *upload, editorial_result *r) {
    article_problem p;
    if (!article_prepare(s, cfg, a, in, &p)) return refused(r, &p);
    if (!category_allowed(s, who, in, r)) return false;
    if (!upload || !upload->len) return true;
    /* The address is checked again when saving (another save may take it
    ** meanwhile); this is so that a refused form stores no image. */
    int64_t other;
    int rc = store_article_find(s, in->lang, in->slug, &other);
    if (rc == STORE_OK && other != id) {
        p.code = STORE_CONFLICT;
        return refused(r, &p);
    }
    if (rc != STORE_OK && rc != STORE_NOT_FOUND) return store_failed(r, s, rc);
    media m;
    bool created;
    int status;
    user_message error;
    if (!media_ingest(s, cfg, a, upload->data, upload->len, upload->filename, who, &m, &created, &status, &error))
        return result_message(r, status, "lead_image_file", &error);
    in->lead_image_id = m.id;
    return true;
}

/* The audit word for arriving at a workflow state. */
static const char *arrival(article_workflow w) {
    switch (w) {
    case WF_REVIEW: return "submitted";
    case WF_SCHEDULED: return "scheduled";
    case WF_PUBLISHED: return "published";
    case WF_UNPUBLISHED: return "unpublished";
    default: return "returned to draft";
    }
}

bool editorial_create(store *s, const config *cfg, arena *a, const actor *who,
                      article_input *in, const editorial_upload *upload, editorial_result *r) {
    memset(r, 0, sizeof *r);
    if (in->workflow == WF_UNSET) in->workflow = WF_DRAFT;
    if (in->workflow == WF_UNPUBLISHED) in->workflow = WF_DRAFT;
    if ((in->workflow == WF_PUBLISHED || in->workflow == WF_SCHEDULED) && !editorial_can_publish(who))
        return result(r, 403, "status", N_("Only editors may publish or schedule; submit it for review."));
    if (!in->published_at) in->published_at = (int64_t)time(NULL);
    in->owner = who->id;
    in->status = ARTICLE_DRAFT;
    if (!in->lang || !*in->lang) in->lang = cfg->default_language;
    int64_t existing;
    if (in->slug && *in->slug) {
        if (store_article_find(s, in->lang, in->slug, &existing) == STORE_OK)
            return result(r, 409, "slug", N_("Another article of this edition has the slug '%s'."), in->slug);
    } else if (in->title && *in->title) {
        /* A slug made from the title: the first of "x", "x-2", "x-3"... that is free. */
        const char *base = slugify(a, in->title, 80);
        if (*base) {
            in->slug = base;
            for (int n = 2; store_article_find(s, in->lang, in->slug, &existing) == STORE_OK && n < 1000; n++)
                in->slug = arena_printf(a, "%s-%d", base, n);
        }
    }
    if (!prepare(s, cfg, a, who, 0, in, upload, r) || !begin(s, r)) return false;
    article_problem p;
    int64_t id = 0;
    bool created = false;
    if (!article_store_new(s, in, &id, &created, &p)) {
        store_rollback(s);
        return refused(r, &p);
    }
    if (!created) {
        /* Saved over an article that took the slug since it was checked. */
        store_rollback(s);
        return result(r, 409, "slug", N_("Another article has this slug."));
    }
    const char *action = in->workflow == WF_DRAFT ? "created" : arrival(in->workflow);
    return finish(s, a, who, id, in, action, in->title, r, 201);
}

/* When a public article moves, its old address keeps leading to it. */
static int keep_old_address(store *s, const article *old, const article_input *in, int64_t id) {
    bool was_public = old->workflow == WF_PUBLISHED || old->workflow == WF_SCHEDULED;
    bool moved = strcmp(old->slug, in->slug) != 0 || strcmp(old->category_slug, in->category_slug) != 0 ||
                 strcmp(old->lang, in->lang) != 0;
    if (!was_public || !moved) return STORE_OK;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", old->category_slug, old->slug);
    return store_redirect_add(s, old->lang, path, id);
}

/* editorial_update(), with the audit entry's action (NULL: what the save
** did) and detail (NULL: the title). */
static bool update(store *s, const config *cfg, arena *a, const actor *who, int64_t id, article_input *in,
                   const editorial_upload *upload, const char *action, const char *detail, editorial_result *r) {
    memset(r, 0, sizeof *r);
    article old;
    if (!load(s, a, id, &old, r)) return false;
    if (in->expected_version && in->expected_version != old.version)
        return result(r, 412, NULL, N_("Someone else saved this article since you opened it; nothing was saved."));
    if (old.deleted_at) return result(r, 409, NULL, N_("The article is in the trash; restore it first."));
    article_workflow target = in->workflow == WF_UNSET ? old.workflow : in->workflow;
    if (!editorial_can_edit(who, &old) && !(target != old.workflow && may_move(who, &old, target)))
        return result(r, 403, NULL, N_("You may not edit this article."));
    if (!may_move(who, &old, target)) return refused_move(r, old.workflow, target);
    if (target == WF_SCHEDULED && in->published_at && in->published_at <= (int64_t)time(NULL))
        target = WF_PUBLISHED;
    in->workflow = target;
    in->owner = NULL; /* ownership does not change */
    if (!in->published_at) in->published_at = old.published_at;
    if (!prepare(s, cfg, a, who, id, in, upload, r) || !begin(s, r)) return false;
    article_problem p;
    if (!article_store_update(s, id, in, &p)) {
        store_rollback(s);
        return refused(r, &p);
    }
    int rc = keep_old_address(s, &old, in, id);
    if (rc != STORE_OK) {
        store_rollback(s);
        return store_failed(r, s, rc);
    }
    if (!action) action = in->workflow != old.workflow ? arrival(in->workflow) : "updated";
    return finish(s, a, who, id, in, action, detail ? detail : in->title, r, 200);
}

bool editorial_update(store *s, const config *cfg, arena *a, const actor *who, int64_t id,
                      article_input *in, const editorial_upload *upload, editorial_result *r) {
    return update(s, cfg, a, who, id, in, upload, NULL, NULL, r);
}

bool editorial_transition(store *s, const config *cfg, arena *a, const actor *who, int64_t id,
                          editorial_action action, int64_t expected_version, editorial_result *r) {
    memset(r, 0, sizeof *r);
    article art;
    if (!load(s, a, id, &art, r)) return false;
    if (expected_version && expected_version != art.version)
        return result(r, 412, NULL, N_("Someone else saved this article since you read it; nothing was changed."));
    if (action == EDIT_DELETE || action == EDIT_RESTORE) {
        bool deleting = action == EDIT_DELETE;
        if (deleting == (art.deleted_at != 0))
            return result(r, 409, NULL, deleting ? N_("The article is in the trash already.")
                                                 : N_("The article is not in the trash."));
        bool allowed = who->role >= ROLE_EDITOR ||
                       (deleting && is_owner(who, &art) && art.workflow == WF_DRAFT);
        if (!allowed)
            return result(r, 403, NULL, deleting ? N_("You may not delete this article.")
                                                 : N_("You may not restore this article."));
        if (!begin(s, r)) return false;
        int rc = store_article_trash(s, id, deleting);
        if (rc != STORE_OK) {
            store_rollback(s);
            return store_failed(r, s, rc);
        }
        if (!deleting) {
            /* Saved again, so that the search index has it back. */
            article_input in;
            article_problem p;
            art.deleted_at = 0;
            if (!editorial_input_of(s, a, &art, &in)) {
                store_rollback(s);
                return store_failed(r, s, STORE_ERROR);
            }
            if (!article_update(s, cfg, a, id, &in, &p)) {
                store_rollback(s);
                return refused(r, &p);
            }
        }
        return finish(s, a, who, id, NULL, deleting ? "deleted" : "restored", art.title, r, 200);
    }
    article_workflow to = action == EDIT_SUBMIT ? WF_REVIEW
                          : action == EDIT_WITHDRAW ? WF_DRAFT
                          : action == EDIT_PUBLISH ? WF_PUBLISHED
                                                   : WF_UNPUBLISHED;
    if (art.deleted_at) return result(r, 409, NULL, N_("The article is in the trash; restore it first."));
    if (action == EDIT_UNPUBLISH && art.workflow != WF_PUBLISHED && art.workflow != WF_SCHEDULED)
        return result(r, 409, "status", N_("Only a published or scheduled article can be unpublished."));
    if (!may_move(who, &art, to)) return refused_move(r, art.workflow, to);
    article_input in;
    if (!editorial_input_of(s, a, &art, &in)) return result(r, 500, NULL, N_("The article cannot be read: %s"), store_error(s));
    in.workflow = to;
    in.owner = NULL;
    in.expected_version = art.version; /* the state checked above is the one changed */
    if (!begin(s, r)) return false;
    article_problem p;
    if (!article_update(s, cfg, a, id, &in, &p)) {
        store_rollback(s);
        return refused(r, &p);
    }
    return finish(s, a, who, id, NULL, arrival(in.workflow), art.title, r, 200);
}

bool editorial_restore_revision(store *s, const config *cfg, arena *a, const actor *who,
                                int64_t id, int64_t revision_id, editorial_result *r) {
    memset(r, 0, sizeof *r);
    revision rev;
    int rc = store_revision_get(s, a, revision_id, &rev);
    if (rc != STORE_OK || rev.article_id != id)
        return result(r, 404, NULL, N_("There is no revision %lld of this article."), (long long)revision_id);
    if (who->role < ROLE_EDITOR) return result(r, 403, NULL, N_("Only editors may restore revisions."));
    article_input in;
    if (!editorial_input_from_snapshot(a, rev.snapshot, &in))
        return result(r, 500, NULL, N_("Revision %lld cannot be read."), (long long)revision_id);
    in.workflow = WF_UNSET; /* stays where the article stands now */
    return update(s, cfg, a, who, id, &in, NULL, "revision restored",
                  arena_printf(a, "revision %lld", (long long)revision_id), r);
}

int editorial_publish_due(store *s) {
    int64_t ids[64];
    size_t n = 0;
    if (store_begin(s) != STORE_OK) return -1;
    if (store_publish_due(s, (int64_t)time(NULL), ids, 64, &n) != STORE_OK) {
        store_rollback(s);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (store_audit_add(s, &(audit_entry){.actor = "system", .actor_name = "Scheduler", .action = "published", .article_id = ids[i], .detail = "at its scheduled time"}) != STORE_OK) {
            store_rollback(s);
            return -1;
        }
    }
    if (store_commit(s) != STORE_OK) {
        store_rollback(s);
        return -1;
    }
    for (size_t i = 0; i < n; i++) log_info("scheduler: published article %lld", (long long)ids[i]);
    return (int)n;
}
