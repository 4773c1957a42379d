/* Shared parts of the newsroom's pages. */
#include "admin_page.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The templates' texts in the page's language (user: the language code). */
static const char *translate(void *user, const char *msgid, const char *plural, int64_t n) {
    return i18n_translate((const char *)user, msgid, plural, n);
}

const char *admin_language(const site *s, http_request *req, const char *chosen) {
    if (i18n_supported(chosen)) return chosen;
    const config *cfg = s->cfg;
    const char *accepted = http_accept_language(http_header(req, "Accept-Language"),
                                                (const char *const *)cfg->languages, cfg->language_count);
    if (accepted) return accepted;
    return i18n_supported(cfg->default_language) ? cfg->default_language : "en";
}

const char *admin_tr(admin_page *p, const char *msgid) { return i18n_translate(p->lang, msgid, NULL, 1); }

char *admin_printf(admin_page *p, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    char *out = i18n_vprintf(p->arena, p->lang, format, ap);
    va_end(ap);
    return out;
}

const char *admin_user_message(admin_page *p, const user_message *m) { return i18n_message(p->arena, p->lang, m); }

const char *admin_field_problem(admin_page *p, const char *field, const user_message *why) {
    const char *reason = admin_user_message(p, why);
    if (!field) return reason;
    if (strcmp(field, "body_markdown") == 0) return admin_printf(p, N_("body: %s"), reason);
    return admin_printf(p, N_("field '%s': %s"), field, reason);
}

/* The names of roles and workflow states, for the catalogues. */
static const char *const role_labels[] = {NC_("role", "author"), NC_("role", "editor"), NC_("role", "admin")};
static const char *const status_labels[] = {
    NC_("status", "draft"),       NC_("status", "review"), NC_("status", "scheduled"), NC_("status", "published"),
    NC_("status", "unpublished"), NC_("status", "trash"),  NC_("status", "new"),
};

const char *admin_role_label(admin_page *p, user_role role) {
    size_t i = (size_t)(role - ROLE_AUTHOR);
    return i < sizeof role_labels / sizeof role_labels[0] ? i18n_translate_context(p->lang, "role", role_labels[i])
                                                           : role_name(role);
}

const char *admin_status_label(admin_page *p, const char *status) {
    for (size_t i = 0; status && i < sizeof status_labels / sizeof status_labels[0]; i++)
        if (strcmp(status, status_labels[i]) == 0) return i18n_translate_context(p->lang, "status", status_labels[i]);
    return status ? status : "";
}

void admin_page_init(admin_page *p, site *s, http_request *req, http_response *resp,
                     const actor *who) {
    p->site = s;
    p->req = req;
    p->resp = resp;
    p->arena = req->arena;
    p->who = *who;
    p->lang = admin_language(s, req, who->language);
    p->ctx = tv_object(p->arena);
    tv_set_text(p->ctx, "lang", p->lang);
    tv *me = tv_object(p->arena);
    tv_set_text(me, "name", who->name);
    tv_set_text(me, "role", admin_role_label(p, who->role));
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
    {"saved", N_("Saved.")},
    {"published", N_("Published.")},
    {"updated", N_("Saved: the published story is updated.")},
    {"unpublished", N_("Unpublished: readers no longer see the story.")},
    {"submitted", N_("Submitted for review.")},
    {"scheduled", N_("Scheduled.")}, /* the editor says for when */
    {"trashed", N_("Moved to the trash.")},
    {"restored", N_("Restored.")},
    {"revision-restored", N_("The revision is restored.")},
    {"preview-revoked", N_("The preview link is revoked: it no longer opens the story.")},
    {"added", N_("Added.")},
    {"unchanged", N_("Nothing to change.")},
    {"own-account", N_("You cannot change your own role or disable yourself.")},
    {"choose-file", N_("Choose an image file to upload.")},
    {"language", N_("Your language is saved.")},
    {"page-published", N_("Published: the page is on the site.")},
    {"page-unpublished", N_("Unpublished: readers no longer see the page.")},
    {"page-deleted", N_("The page is deleted.")},
    {"breaking-started", N_("Breaking news: the banner is on every page of the edition.")},
    {"breaking-ended", N_("The breaking-news banner is gone.")},
    {"live-changed", N_("Saved: the live blog is changed.")},
    {"live-ended", N_("The coverage has ended: readers' pages stop asking for updates.")},
    {"live-added", N_("The update is published.")},
    {"live-corrected", N_("The update is saved; readers see when it was corrected.")},
    {"live-deleted", N_("The update is deleted.")},
};

const char *admin_notice_text(const char *code) {
    for (size_t i = 0; code && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(code, notices[i].code) == 0) return notices[i].text;
    return NULL;
}

void admin_take_notice(admin_page *p) {
    const char *text = admin_notice_text(http_query(p->req, "notice"));
    if (text) tv_set_text(p->ctx, "notice", admin_tr(p, text));
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
    template_env env = {translate, (void *)p->lang};
    int64_t review = waiting_for_review(p);
    if (review > 0) tv_set_int(p->ctx, "review_count", review);
    buf content;
    buf_init(&content, p->arena);
    template_render(theme_template(p->site->theme, name), p->ctx, &env, &content);
    tv_set_html(p->ctx, "content", content.data ? content.data : "");
    tv_set_text(p->ctx, "title", title);
    tv_set_text(p->ctx, "texts", admin_script_texts(p));
    buf_clear(&p->resp->body);
    template_render(theme_template(p->site->theme, "admin_layout"), p->ctx, &env, &p->resp->body);
    p->resp->content_type = "text/html; charset=utf-8";
    p->resp->cache_control = "no-store";
    http_response_header(p->resp, "Content-Security-Policy", p->site->theme->csp);
    http_response_header(p->resp, "X-Robots-Tag", "noindex");
}

void admin_message_text(admin_page *p, int status, const char *title, const char *text) {
    p->resp->status = status;
    tv_set_text(p->ctx, "message", text);
    /* The page's heading is its title (the layout's "title" is set after
    ** the content is rendered, too late for the content to show it). */
    tv_set_text(p->ctx, "heading", admin_tr(p, title));
    admin_render(p, "admin_message", admin_tr(p, title));
}

void admin_message(admin_page *p, int status, const char *title, const char *message) {
    admin_message_text(p, status, title, admin_tr(p, message));
}

void admin_store_failed(admin_page *p, const char *what) {
    log_error("newsroom: %s %s: %s: %s", p->req->method, p->req->path, what, store_error(p->site->store));
    admin_message(p, 500, N_("Error"), N_("The newsroom cannot do this right now. Try again in a minute."));
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
