/* Shared parts of the newsroom's pages. */
#include "admin_page.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <stdlib.h>
#include <string.h>

/* Templates of the newsroom use English; the hook keeps it so. */
static const char *english(void *user, const char *msgid, const char *plural, int64_t n) {
    (void)user;
    return plural && n != 1 ? plural : msgid;
}

void admin_page_init(admin_page *p, site *s, http_request *req, http_response *resp,
                     const actor *who) {
    p->site = s;
    p->req = req;
    p->resp = resp;
    p->arena = req->arena;
    p->who = *who;
    p->ctx = tv_object(p->arena);
    tv *me = tv_object(p->arena);
    tv_set_text(me, "name", who->name);
    tv_set_text(me, "role", role_name(who->role));
    tv_set_bool(me, "editor", who->role >= ROLE_EDITOR);
    tv_set_bool(me, "admin", who->role >= ROLE_ADMIN);
    tv_set(p->ctx, "me", me);
    tv_set_text(p->ctx, "csrf", who->csrf ? who->csrf : "");
    tv_set_text(p->ctx, "site_name", s->cfg->site_name);
    tv_set_text(p->ctx, "home_url", arena_printf(p->arena, "/%s/", s->cfg->default_language));
    tv_set_text(p->ctx, "admin_css", admin_asset_url(p, "admin.css"));
    tv_set_text(p->ctx, "admin_js", admin_asset_url(p, "admin.js"));
    tv_set_text(p->ctx, "favicon", admin_asset_url(p, "favicon.svg"));
}

const char *admin_asset_url(admin_page *p, const char *name) {
    const asset *as = theme_asset_by_name(p->site->theme, name);
    return as ? as->url : "";
}

/* What the server says after a change: the only texts ?notice= may
** show, so that a link cannot put words of its own on a newsroom page. */
static const struct {
    const char *code, *text;
} notices[] = {
    {"saved", "Saved."},
    {"published", "Published."},
    {"updated", "Saved: the published story is updated."},
    {"unpublished", "Unpublished: readers no longer see the story."},
    {"submitted", "Submitted for review."},
    {"scheduled", "Scheduled."}, /* the editor says for when */
    {"trashed", "Moved to the trash."},
    {"restored", "Restored."},
    {"revision-restored", "The revision is restored."},
    {"preview-revoked", "The preview link is revoked: it no longer opens the story."},
    {"added", "Added."},
    {"unchanged", "Nothing to change."},
    {"own-account", "You cannot change your own role or disable yourself."},
    {"choose-file", "Choose an image file to upload."},
    {"page-published", "Published: the page is on the site."},
    {"page-unpublished", "Unpublished: readers no longer see the page."},
    {"page-deleted", "The page is deleted."},
    {"breaking-started", "Breaking news: the banner is on every page of the edition."},
    {"breaking-ended", "The breaking-news banner is gone."},
};

const char *admin_notice_text(const char *code) {
    for (size_t i = 0; code && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(code, notices[i].code) == 0) return notices[i].text;
    return NULL;
}

void admin_take_notice(admin_page *p) {
    const char *text = admin_notice_text(http_query(p->req, "notice"));
    if (text) tv_set_text(p->ctx, "notice", text);
}

/* For editors, how many stories wait for their review (the navigation
** shows it): 0 when none, or when it cannot be read. */
static int64_t waiting_for_review(admin_page *p) {
    if (p->who.role < ROLE_EDITOR || !p->who.id) return 0;
    article_filter f = {.workflow = WF_REVIEW, .limit = 1};
    article *items;
    size_t n;
    int64_t total = 0;
    if (store_articles_admin(p->site->store, p->arena, &f, &items, &n, &total) != STORE_OK) return 0;
    return total;
}

void admin_render(admin_page *p, const char *name, const char *title) {
    template_env env = {english, NULL};
    int64_t review = waiting_for_review(p);
    if (review > 0) tv_set_int(p->ctx, "review_count", review);
    buf content;
    buf_init(&content, p->arena);
    template_render(theme_template(p->site->theme, name), p->ctx, &env, &content);
    tv_set_html(p->ctx, "content", content.data ? content.data : "");
    tv_set_text(p->ctx, "title", title);
    buf_clear(&p->resp->body);
    template_render(theme_template(p->site->theme, "admin_layout"), p->ctx, &env, &p->resp->body);
    p->resp->content_type = "text/html; charset=utf-8";
    p->resp->cache_control = "no-store";
    http_response_header(p->resp, "Content-Security-Policy", p->site->theme->csp);
    http_response_header(p->resp, "X-Robots-Tag", "noindex");
}

void admin_message(admin_page *p, int status, const char *title, const char *message) {
    p->resp->status = status;
    tv_set_text(p->ctx, "message", message);
    admin_render(p, "admin_message", title);
}

void admin_store_failed(admin_page *p, const char *what) {
    log_error("newsroom: %s %s: %s: %s", p->req->method, p->req->path, what, store_error(p->site->store));
    admin_message(p, 500, "Error", "The newsroom cannot do this right now. Try again in a minute.");
}

void admin_redirect(admin_page *p, const char *location, const char *notice) {
    buf b;
    buf_init(&b, p->arena);
    buf_puts(&b, location);
    if (notice) {
        if (!admin_notice_text(notice)) fatal("no newsroom notice '%s'", notice); /* a bug, not input */
        buf_puts(&b, strchr(location, '?') ? "&notice=" : "?notice=");
        buf_puts(&b, notice);
    }
    http_redirect(p->resp, 303, b.data);
    p->resp->cache_control = "no-store";
}

int admin_segments(http_request *req, const char **out, int max) {
    const char *p = req->path + strlen("/admin");
    int n = 0;
    while (*p == '/') p++;
    while (*p && n < max) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len) out[n++] = arena_strndup(req->arena, p, len);
        if (!slash) break;
        p = slash + 1;
    }
    return n;
}

int64_t admin_number(const char *text, int64_t fallback) {
    long long v;
    return text && parse_int(text, 0, INT64_MAX, &v) ? (int64_t)v : fallback;
}
