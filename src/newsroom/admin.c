/* Routing of /admin/, the login and the logout. */
#include "admin.h"
#include "admin_pages.h"
#include "media.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <string.h>

/* Where a login sends back to: only our own newsroom paths. */
static const char *safe_next(const char *next) {
    if (!next || !starts_with(next, "/admin/") || strstr(next, "//") || strchr(next, '\\'))
        return "/admin/articles";
    for (const char *c = next; *c; c++)
        if ((unsigned char)*c < 0x20) return "/admin/articles";
    return next;
}

/* The login form, with why the last attempt failed (NULL: none). */
static void login_form(site *s, http_request *req, http_response *resp, const user_message *why,
                       int status) {
    admin_page p;
    actor nobody = {.id = "", .name = "", .role = ROLE_AUTHOR};
    admin_page_init(&p, s, req, resp, &nobody);
    tv_set_text(p.ctx, "csrf", auth_login_csrf(s->cfg, req, resp));
    const char *next = req->fields ? http_form(req, "next") : http_query(req, "next");
    tv_set_text(p.ctx, "next", safe_next(next));
    const char *email = req->fields ? http_form(req, "email") : NULL;
    tv_set_text(p.ctx, "email", email ? email : "");
    if (why) tv_set_text(p.ctx, "error", admin_user_message(&p, why));
    tv_set_bool(p.ctx, "anonymous", true);
    resp->status = status;
    admin_render(&p, "admin_login", admin_tr(&p, N_("Log in")));
}

static void login(site *s, http_request *req, http_response *resp) {
    user_message why;
    if (!http_form_parse(req) || !auth_login_csrf_ok(req)) {
        resp->status = 403;
        user_message_set(&why, N_("The form expired. Please log in again."));
        login_form(s, req, resp, &why, 403);
        return;
    }
    bool locked;
    if (!auth_login(s->store, s->cfg, req, resp, http_form(req, "email"), http_form(req, "password"),
                    &why, &locked)) {
        login_form(s, req, resp, &why, locked ? 429 : 401);
        return;
    }
    http_redirect(resp, 303, safe_next(http_form(req, "next")));
}

/* The largest form (without an upload) the newsroom reads. */
#define FORM_BODY_MAX (1024 * 1024)

/* A plain-text answer in the language of the request's browser. */
static void plain_text(site *s, http_request *req, http_response *resp, int status, const char *text) {
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache_control = "no-store";
    buf_puts(&resp->body, i18n_translate(admin_language(s, req, NULL), text, NULL, 1));
    buf_putc(&resp->body, '\n');
}

static void method_not_allowed(site *s, http_request *req, http_response *resp) {
    http_response_header(resp, "Allow", "GET, HEAD, POST");
    plain_text(s, req, resp, 405, N_("Method not allowed."));
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
    admin_message(&p, 403, N_("Signed out"),
                  editor ? N_("Your session ended, so nothing was saved. Your text is kept in this browser: log in"
                              " again and open the article, and the editor offers it back.")
                         : N_("You are not logged in (or your session ended), so nothing was done. Log in again."));
}

/* The session could not be looked up: the database is away. */
static void unavailable(site *s, http_request *req, http_response *resp) {
    http_response_header(resp, "Retry-After", "5");
    plain_text(s, req, resp, 503,
               N_("The newsroom cannot reach its database right now: nothing was saved. Try again in a moment."));
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
        method_not_allowed(s, req, resp);
        return false;
    }
    if (strcmp(req->path, "/admin/login") == 0) {
        adm->body_limit = (size_t)s->cfg->anonymous_body_kb * 1024;
        return true;
    }
    actor who = {0};
    if (!auth_session_find(s->store, s->cfg, req, &who)) {
        if (who.unavailable) unavailable(s, req, resp);
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
        method_not_allowed(s, req, resp);
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
            unavailable(s, req, resp);
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
        admin_message(&p, 403, N_("Refused"),
                      N_("The form is missing its security token or it expired. Go back, reload the page and try again."));
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
    else if (n == 1 && strcmp(segs[0], "account") == 0) admin_account(&p);
    else admin_message(&p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
}
