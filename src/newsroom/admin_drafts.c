/*
** The editor never loses work: autosaved drafts and presence.
**
** POST /admin/articles/{id|new}/draft keeps what the person has typed in
** the editor (every field of its form, each within the article's own
** limits) as their draft of that article; it never makes a revision and
** never touches the article. GET of the same path gives it back;
** POST .../draft/discard forgets it. The editor offers a draft newer than
** the article's last save (admin_draft_offer), and GET
** /admin/articles/{id}?draft=restore shows the editor filled with it
** (admin_draft_input), which works without the script.
**
** POST /admin/articles/{id}/presence is an open editor's heartbeat (its
** tab's random id; take_over=1 to hold the article; leave=1 when the
** tab closes), answered with who has the article open. GET
** /admin/session tells the editor's script, after a new login, the
** session's CSRF token (a same-origin read: other sites cannot see it).
**
** Every answer here is small JSON; every POST came with the session's
** CSRF token (admin.c checked it).
*/
#include "admin_pages.h"
#include "article_save.h"
#include "editorial.h"
#include "../api/api_json.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/dates.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A tab not heard from in this long has closed (heartbeats come every
** 10 s, every 5 s while someone else is there). */
#define PRESENCE_STALE_SECONDS 30
/* The open editors one person may have at once; older tabs are forgotten. */
#define PRESENCE_MAX_TABS 8
/* A tab's id: 8 to 40 letters, digits, '-' or '_'. */
#define TAB_ID_MIN 8
#define TAB_ID_MAX 40

/* The fields of the editor's form a draft keeps, each with the most it
** may hold: characters (bytes for the body), the article's own limits. */
static const struct {
    const char *name;
    size_t max;
    bool bytes;
} draft_fields[] = {
    {"title", TITLE_MAX_CHARS, false},
    {"subtitle", SUBTITLE_MAX_CHARS, false},
    {"lang", 16, false},
    {"category", SLUG_MAX, false},
    {"date", 32, false},
    {"author", AUTHOR_MAX_CHARS, false},
    {"authors", ARTICLE_AUTHORS_MAX * (AUTHOR_MAX_CHARS + 1), false},
    {"slug", SLUG_MAX, false},
    {"translation_key", SLUG_MAX, false},
    {"tags", TAGS_MAX * (TAG_MAX_CHARS + 2), false},
    {"lead_image_id", 20, false},
    {"lead_image_caption", TITLE_MAX_CHARS, false},
    {"lead_image_credit", AUTHOR_MAX_CHARS, false},
    {"lead_image_alt", ALT_MAX_CHARS, false},
    {"featured", 8, false},
    {"seo_title", SEO_TITLE_MAX_CHARS, false},
    {"seo_description", SEO_DESCRIPTION_MAX_CHARS, false},
    {"social_image_id", 20, false},
    {"canonical_url", CANONICAL_URL_MAX_BYTES, true},
    {"body_markdown", BODY_MAX_BYTES, true},
};

/* An error answer: {"error": message}, with status; message is a message
** of the catalogues, answered in the page's language (the editor's script
** shows it). */
static void reply_error(admin_page *p, int status, const char *message) {
    api_error(p->resp, status, admin_tr(p, message), NULL);
}

/* The article segment names: its id, or 0 for "new" when allowed. Reads
** the article into a (when there is one) and checks that the person may
** see it; false having answered otherwise. */
static bool target(admin_page *p, const char *segment, bool allow_new, int64_t *id, article *a) {
    if (allow_new && strcmp(segment, "new") == 0) {
        *id = 0;
        return true;
    }
    *id = admin_number(segment, 0);
    int rc = *id ? store_article_by_id(p->site->store, p->arena, *id, a) : STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) {
        reply_error(p, 404, N_("There is no such article."));
        return false;
    }
    if (rc != STORE_OK) {
        reply_error(p, rc == STORE_UNAVAILABLE ? 503 : 500, N_("The article cannot be read right now."));
        return false;
    }
    if (!editorial_can_see(&p->who, a)) {
        reply_error(p, 403, N_("Authors see only their own articles."));
        return false;
    }
    if (a->deleted_at) {
        reply_error(p, 409, N_("This article is in the trash."));
        return false;
    }
    return true;
}

/* The form's draft fields as a JSON object (the caller's to decref), or
** NULL with why (a sentence in the page's language) when one is not valid
** UTF-8 or over its limit: then nothing is kept. */
static json_t *form_fields(admin_page *p, const char **why) {
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof draft_fields / sizeof draft_fields[0]; i++) {
        const char *v = http_form(p->req, draft_fields[i].name);
        if (!v) continue;
        size_t len = strlen(v);
        bool valid = utf8_valid(v, len);
        if (valid && (draft_fields[i].bytes ? len : utf8_length(v)) <= draft_fields[i].max) {
            json_object_set_new(o, draft_fields[i].name, json_stringn(v, len));
            continue;
        }
        *why = !valid ? admin_printf(p, N_("The field %s is not valid UTF-8: the draft was not kept."), draft_fields[i].name)
               : draft_fields[i].bytes
                   ? admin_printf(p, N_("The field %s is longer than %zu bytes: the draft was not kept."),
                                  draft_fields[i].name, draft_fields[i].max)
                   : admin_printf(p, N_("The field %s is longer than %zu characters: the draft was not kept."),
                                  draft_fields[i].name, draft_fields[i].max);
        json_decref(o);
        return NULL;
    }
    return o;
}

/* "14:02" today, else the day, in the site's time zone (in the arena). */
static const char *when(admin_page *p, int64_t at) {
    return date_when(p->arena, p->lang, at, (int64_t)time(NULL));
}

static void draft_save(admin_page *p, int64_t id, const article *a) {
    const char *why = NULL;
    json_t *fields = form_fields(p, &why);
    if (!fields) {
        api_error(p->resp, 413, why, NULL);
        return;
    }
    char *text = json_dumps(fields, JSON_COMPACT);
    json_decref(fields);
    if (!text) {
        reply_error(p, 500, N_("The draft cannot be kept right now."));
        return;
    }
    int64_t version = id ? admin_number(http_form(p->req, "version"), a->version) : 0;
    article_draft d = {.user_id = p->who.user_id, .article_id = id, .fields = text, .base_version = version,
               .saved_at = (int64_t)time(NULL)};
    int rc = store_draft_put(p->site->store, &d);
    free(text);
    if (rc != STORE_OK) {
        reply_error(p, rc == STORE_FULL || rc == STORE_UNAVAILABLE ? 503 : 500,
                    N_("The server cannot keep the draft right now; it is kept in this browser."));
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "saved_at", json_integer(d.saved_at));
    json_object_set_new(o, "time", api_string(when(p, d.saved_at)));
    api_send(p->resp, 200, o);
}

static void draft_show(admin_page *p, int64_t id) {
    article_draft d;
    int rc = store_draft_get(p->site->store, p->arena, p->who.user_id, id, &d);
    if (rc == STORE_NOT_FOUND) {
        reply_error(p, 404, N_("You have no draft of this article."));
        return;
    }
    json_t *fields = rc == STORE_OK ? json_loads(d.fields, 0, NULL) : NULL;
    if (!fields) {
        reply_error(p, 500, N_("The draft cannot be read right now."));
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "base_version", json_integer(d.base_version));
    json_object_set_new(o, "saved_at", json_integer(d.saved_at));
    json_object_set_new(o, "time", api_string(when(p, d.saved_at)));
    api_send(p->resp, 200, o);
}

/* Forgets the draft and goes back to the editor (a form without the
** script; the script reads only the status). */
static void draft_discard(admin_page *p, int64_t id) {
    if (store_draft_delete(p->site->store, p->who.user_id, id) != STORE_OK) {
        admin_store_failed(p, "discard a draft");
        return;
    }
    http_redirect(p->resp, 303, id ? arena_printf(p->arena, "/admin/articles/%lld", (long long)id) : "/admin/articles/new");
}

/* True when tab is a tab id as the script makes them. */
static bool tab_valid(const char *tab) {
    size_t n = tab ? strlen(tab) : 0;
    if (n < TAB_ID_MIN || n > TAB_ID_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = tab[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* One open tab as the heartbeat's answer shows it. */
static json_t *presence_json(admin_page *p, const presence *e, const char *tab) {
    json_t *o = json_object();
    json_object_set_new(o, "name", api_string(e->user_name));
    json_object_set_new(o, "you", json_boolean(e->user_id == p->who.user_id));
    json_object_set_new(o, "this_tab", json_boolean(e->user_id == p->who.user_id && strcmp(e->tab, tab) == 0));
    json_object_set_new(o, "holder", json_boolean(e->holder));
    if (e->holder) {
        json_object_set_new(o, "held_since", json_integer(e->held_since));
        json_object_set_new(o, "held_time", api_string(when(p, e->held_since)));
    }
    return o;
}

static void presence_beat(admin_page *p, int64_t id) {
    const char *tab = http_form(p->req, "tab");
    if (!tab_valid(tab)) {
        reply_error(p, 400, N_("The tab's id must be 8 to 40 letters, digits, '-' or '_'."));
        return;
    }
    const char *leave = http_form(p->req, "leave"), *take = http_form(p->req, "take_over");
    int rc;
    if (leave && *leave) {
        rc = store_presence_leave(p->site->store, p->who.user_id, tab);
        if (rc != STORE_OK) reply_error(p, 503, N_("The server cannot record this right now."));
        else api_send(p->resp, 200, json_object());
        return;
    }
    int64_t now = (int64_t)time(NULL);
    presence *list;
    size_t n;
    rc = store_presence_beat(p->site->store, p->arena, id, p->who.user_id, tab, now, now - PRESENCE_STALE_SECONDS,
                             PRESENCE_MAX_TABS, take && *take, &list, &n);
    if (rc != STORE_OK) {
        reply_error(p, 503, N_("The server cannot tell who else is here right now."));
        return;
    }
    json_t *o = json_object(), *others = json_array();
    bool holder = false;
    for (size_t i = 0; i < n; i++) {
        bool mine = list[i].user_id == p->who.user_id && strcmp(list[i].tab, tab) == 0;
        if (mine) holder = list[i].holder;
        else json_array_append_new(others, presence_json(p, &list[i], tab));
    }
    json_object_set_new(o, "holder", json_boolean(holder));
    json_object_set_new(o, "others", others);
    /* Sooner while someone else is there, so that a take-over is known at once. */
    json_object_set_new(o, "next_seconds", json_integer(json_array_size(others) ? 4 : 10));
    api_send(p->resp, 200, o);
}

void admin_editing(admin_page *p, const char **segs, int n) {
    bool post = strcmp(p->req->method, "POST") == 0;
    bool beat = strcmp(segs[2], "presence") == 0;
    int64_t id;
    article a;
    if (!target(p, segs[1], !beat, &id, &a)) return;
    if (beat && n == 3 && post) presence_beat(p, id);
    else if (!beat && n == 3 && post) draft_save(p, id, &a);
    else if (!beat && n == 3) draft_show(p, id);
    else if (!beat && n == 4 && post && strcmp(segs[3], "discard") == 0) draft_discard(p, id);
    else reply_error(p, 404, N_("There is no such page in the newsroom."));
}

void admin_session_info(admin_page *p) {
    json_t *o = json_object();
    json_object_set_new(o, "user_id", json_integer(p->who.user_id));
    json_object_set_new(o, "csrf", api_string(p->who.csrf));
    api_send(p->resp, 200, o);
}

/* The editor's path for article a (NULL: a new one), in the arena. */
static const char *editor_path(admin_page *p, const article *a) {
    return a ? arena_printf(p->arena, "/admin/articles/%lld", (long long)a->id) : "/admin/articles/new";
}

void admin_draft_context(admin_page *p, const article *a) {
    const char *path = editor_path(p, a);
    tv_set_text(p->ctx, "draft_url", arena_printf(p->arena, "%s/draft", path));
    tv_set_text(p->ctx, "discard_url", arena_printf(p->arena, "%s/draft/discard", path));
    if (a) tv_set_text(p->ctx, "presence_url", arena_printf(p->arena, "%s/presence", path));
    tv_set_int(p->ctx, "user_id", p->who.user_id);
}

void admin_draft_offer(admin_page *p, const article *a) {
    int64_t id = a ? a->id : 0;
    const char *path = editor_path(p, a);
    article_draft d;
    if (store_draft_get(p->site->store, p->arena, p->who.user_id, id, &d) != STORE_OK) return;
    /* Only what is newer than the article's last save. */
    if (a && d.saved_at < a->updated_at) return;
    json_t *fields = json_loads(d.fields, 0, NULL);
    if (!fields) return;
    json_t *o = json_object();
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "base_version", json_integer(d.base_version));
    json_object_set_new(o, "saved_at", json_integer(d.saved_at));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text) return;
    tv *offer = tv_object(p->arena);
    tv_set_text(offer, "json", arena_strdup(p->arena, text)); /* escaped in the attribute it goes into */
    free(text);
    tv_set_text(offer, "time", when(p, d.saved_at));
    tv_set_text(offer, "restore_url", arena_printf(p->arena, "%s?draft=restore", path));
    tv_set(p->ctx, "draft", offer);
}

bool admin_draft_get(admin_page *p, int64_t id, json_t **fields, int64_t *base_version) {
    article_draft d;
    if (store_draft_get(p->site->store, p->arena, p->who.user_id, id, &d) != STORE_OK) return false;
    *fields = json_loads(d.fields, 0, NULL);
    *base_version = d.base_version;
    if (*fields && json_is_object(*fields)) return true;
    json_decref(*fields);
    return false;
}

void admin_draft_forget(admin_page *p, int64_t id) {
    /* Only a convenience: a draft left behind is offered, never saved by itself. */
    if (store_draft_delete(p->site->store, p->who.user_id, id) != STORE_OK)
        log_error("cannot forget the draft of article %lld by %s: %s", (long long)id, p->who.id,
                  store_error(p->site->store));
}
