/* Routing of /admin/, the login and the logout. */
#include "admin.h"
#include "admin_pages.h"
#include "media.h"
#include "../core/text.h"

#include <string.h>

/* Where a login sends back to: only our own newsroom paths. */
static const char *safe_next(const char *next) {
    if (!next || !starts_with(next, "/admin/") || strstr(next, "//") || strchr(next, '\\'))
        return "/admin/articles";
    for (const char *c = next; *c; c++)
        if ((unsigned char)*c < 0x20) return "/admin/articles";
    return next;
}

static void login_form(site *s, http_request *req, http_response *resp, const char *message,
                       int status) {
    admin_page p;
    actor nobody = {.id = "", .name = "", .role = ROLE_AUTHOR};
    admin_page_init(&p, s, req, resp, &nobody);
    tv_set_text(p.ctx, "csrf", auth_login_csrf(s->cfg, req, resp));
    const char *next = req->fields ? http_form(req, "next") : http_query(req, "next");
    tv_set_text(p.ctx, "next", safe_next(next));
    const char *email = req->fields ? http_form(req, "email") : NULL;
    tv_set_text(p.ctx, "email", email ? email : "");
    if (message) tv_set_text(p.ctx, "error", message);
    tv_set_bool(p.ctx, "anonymous", true);
    resp->status = status;
    admin_render(&p, "admin_login", "Log in");
}

static void login(site *s, http_request *req, http_response *resp) {
    if (!http_form_parse(req) || !auth_login_csrf_ok(req)) {
        resp->status = 403;
        login_form(s, req, resp, "The form expired. Please log in again.", 403);
        return;
    }
    const char *message;
    bool locked;
    if (!auth_login(s->store, s->cfg, req, resp, http_form(req, "email"), http_form(req, "password"),
                    &message, &locked)) {
        login_form(s, req, resp, message, locked ? 429 : 401);
        return;
    }
    http_redirect(resp, 303, safe_next(http_form(req, "next")));
}

/* The largest form (without an upload) the newsroom reads. */
#define FORM_BODY_MAX (1024 * 1024)

static void method_not_allowed(http_response *resp) {
    resp->status = 405;
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache_control = "no-store";
    http_response_header(resp, "Allow", "GET, HEAD, POST");
    buf_puts(&resp->body, "Method not allowed.\n");
}

/* A POST without a live session: nothing was done. A page that says so,
** and, for the editor's forms, that the text is kept in the browser (the
** editor's script keeps a copy of every change, which the editor offers
** back after the next login) and how to get back to it. */
static void not_logged_in(site *s, http_request *req, http_response *resp) {
    admin_page p;
    actor nobody = {.id = "", .name = "", .role = ROLE_AUTHOR};
    admin_page_init(&p, s, req, resp, &nobody);
    tv_set_bool(p.ctx, "anonymous", true);
    const char *back = "/admin/articles";
    bool editor = strcmp(req->path, "/admin/articles") == 0 || starts_with(req->path, "/admin/articles/");
    if (strcmp(req->path, "/admin/articles") == 0) back = "/admin/articles/new";
    else if (editor) back = safe_next(arena_printf(req->arena, "/admin/articles/%lld",
                                                   (long long)admin_number(req->path + strlen("/admin/articles/"), 0)));
    buf b;
    buf_init(&b, req->arena);
    buf_puts(&b, "/admin/login?next=");
    url_encode(&b, back);
    tv_set_text(p.ctx, "login_url", b.data);
    admin_message(&p, 403, "Signed out",
                  editor ? "Your session ended, so nothing was saved. Your text is kept in this browser: log in"
                           " again and open the article, and the editor offers it back."
                         : "You are not logged in (or your session ended), so nothing was done. Log in again.");
}

/* The session could not be looked up: the database is away. */
static void unavailable(http_response *resp) {
    resp->status = 503;
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache_control = "no-store";
    http_response_header(resp, "Retry-After", "5");
    buf_puts(&resp->body, "The newsroom cannot reach its database right now: nothing was saved. Try again in a moment.\n");
}

/* Forms that may carry an image. */
static bool takes_uploads(const char *path) {
    return strcmp(path, "/admin/media") == 0 || strcmp(path, "/admin/library") == 0 ||
           strcmp(path, "/admin/articles") == 0 ||
           starts_with(path, "/admin/articles/");
}

bool admin_admit(site *s, http_request *req, http_admission *adm, http_response *resp) {
    bool post = strcmp(req->method, "POST") == 0;
    if (!post) {
        adm->body_limit = 0;
        if (strcmp(req->method, "GET") == 0 || req->is_head) return true;
        method_not_allowed(resp);
        return false;
    }
    if (strcmp(req->path, "/admin/login") == 0) {
        adm->body_limit = (size_t)s->cfg->anonymous_body_kb * 1024;
        return true;
    }
    actor who = {0};
    if (!auth_session_find(s->store, s->cfg, req, &who)) {
        if (who.unavailable) unavailable(resp);
        else not_logged_in(s, req, resp);
        return false;
    }
    adm->body_limit = takes_uploads(req->path) ? media_body_limit(s->cfg) : FORM_BODY_MAX;
    return true;
}

void admin_handle(site *s, http_request *req, http_response *resp) {
    bool post = strcmp(req->method, "POST") == 0;
    bool get = strcmp(req->method, "GET") == 0 || req->is_head;
    resp->cache_control = "no-store";
    if (!post && !get) {
        method_not_allowed(resp);
        return;
    }
    const char *segs[6];
    int n = admin_segments(req, segs, 6);
    if (n == 1 && strcmp(segs[0], "login") == 0) {
        if (post) login(s, req, resp);
        else login_form(s, req, resp, NULL, 200);
        return;
    }
    actor who = {0};
    if (!auth_session(s->store, s->cfg, req, &who)) {
        if (who.unavailable) {
            unavailable(resp);
            return;
        }
        if (post) {
            not_logged_in(s, req, resp);
            return;
        }
        buf b;
        buf_init(&b, req->arena);
        buf_puts(&b, "/admin/login?next=");
        url_encode(&b, req->path);
        http_redirect(resp, 303, b.data);
        return;
    }
    admin_page p;
    admin_page_init(&p, s, req, resp, &who);
    admin_take_notice(&p);
    /* Every state-changing form carries the session's CSRF token. */
    if (post && !auth_csrf_ok(&who, req)) {
        admin_message(&p, 403, "Refused", "The form is missing its security token or it expired. Go back, reload the page and try again.");
        return;
    }
    if (n == 1 && strcmp(segs[0], "logout") == 0 && post) {
        auth_logout(s->store, s->cfg, req, resp);
        http_redirect(resp, 303, "/admin/login");
        return;
    }
    if (n == 0) {
        http_redirect(resp, 303, "/admin/articles");
        return;
    }
    if (n == 1 && strcmp(segs[0], "preview") == 0 && post) {
        admin_preview(&p);
        return;
    }
    if (n == 1 && strcmp(segs[0], "session") == 0 && !post) {
        admin_session_info(&p);
        return;
    }
    if (strcmp(segs[0], "articles") == 0 || strcmp(segs[0], "trash") == 0) admin_articles(&p, segs, n);
    else if (n == 1 && strcmp(segs[0], "media") == 0) admin_media(&p);
    else if (n <= 2 && strcmp(segs[0], "library") == 0) admin_library(&p, segs, n);
    else if (strcmp(segs[0], "users") == 0) admin_users(&p, segs, n);
    else if (n == 1 && strcmp(segs[0], "categories") == 0) admin_categories(&p);
    else if (n == 1 && strcmp(segs[0], "settings") == 0) admin_settings(&p);
    else if (n == 1 && strcmp(segs[0], "audit") == 0) admin_audit(&p);
    else if (strcmp(segs[0], "authors") == 0) admin_authors(&p, segs, n);
    else if (n <= 2 && strcmp(segs[0], "pages") == 0) admin_static_pages(&p, segs, n);
    else admin_message(&p, 404, "Not found", "There is no such page in the newsroom.");
}
