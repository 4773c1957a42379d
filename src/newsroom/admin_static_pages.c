/*
** The newsroom's Pages: an edition's static pages (About us, Contacts,
** Advertising, Privacy policy...). /admin/pages lists them by edition in
** the footer's order; /admin/pages/new and /admin/pages/{id} show the
** form (title, address, edition, description, the body in the story
** editor, the place in the footer menu) and POST saves it: "save" keeps its
** state, "publish" and "unpublish" change it, "delete" removes it. Editors
** and admins only. A save sends the version it was read at: when someone
** saved in between, nothing is overwritten and the form comes back as
** typed, saying so. Every refused save shows the form again, as typed,
** with the message, and changes nothing (static_pages.c checks it).
*/
#include "admin_pages.h"
#include "static_pages.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/i18n.h"

#include <string.h>

/* The list of every edition's pages. */
static void list_page(admin_page *p) {
    static_page *items;
    size_t n;
    if (store_pages(p->site->store, p->arena, NULL, false, &items, &n) != STORE_OK) {
        admin_store_failed(p, "pages: list");
        return;
    }
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *row = tv_object(p->arena);
        tv_set_text(row, "title", items[i].title);
        tv_set_text(row, "edition", i18n_language_name(items[i].lang));
        tv_set_text(row, "lang", items[i].lang);
        tv_set_text(row, "url", arena_printf(p->arena, "/admin/pages/%lld", (long long)items[i].id));
        tv_set_text(row, "address", urls_page_path(p->arena, items[i].lang, items[i].slug));
        tv_set_bool(row, "published", items[i].published);
        if (items[i].menu_position) tv_set_int(row, "menu_position", items[i].menu_position);
        tv_set_text(row, "updated", date_long(p->arena, p->lang, items[i].updated_at));
        tv_set_text(row, "updated_by", items[i].updated_by);
        tv_push(list, row);
    }
    tv_set(p->ctx, "pages", list);
    tv_set_bool(p->ctx, "has_pages", n > 0);
    admin_take_notice(p);
    admin_render(p, "admin_static_pages", admin_tr(p, N_("Pages")));
}

/* The form of page sp (id 0: a new one), as saved or as typed. */
static void form_page(admin_page *p, int64_t id, const static_page *sp, int status, const article_problem *problem) {
    p->resp->status = status;
    tv *f = tv_object(p->arena);
    tv_set_int(f, "id", id);
    tv_set_text(f, "title", sp->title ? sp->title : "");
    tv_set_text(f, "slug", sp->slug ? sp->slug : "");
    tv_set_text(f, "description", sp->description ? sp->description : "");
    tv_set_text(f, "body_markdown", sp->body_markdown ? sp->body_markdown : "");
    tv_set_int(f, "menu_position", sp->menu_position);
    tv_set_int(f, "version", sp->version);
    tv_set_bool(f, "published", sp->published);
    tv_set_text(f, "action", id ? arena_printf(p->arena, "/admin/pages/%lld", (long long)id) : "/admin/pages/new");
    if (id && sp->published && sp->lang && sp->slug) tv_set_text(f, "public_url", urls_page_path(p->arena, sp->lang, sp->slug));
    tv *langs = tv_list(p->arena);
    const config *cfg = p->site->cfg;
    for (size_t i = 0; i < cfg->language_count; i++) {
        tv *o = tv_object(p->arena);
        tv_set_text(o, "value", cfg->languages[i]);
        tv_set_text(o, "label", i18n_language_name(cfg->languages[i]));
        tv_set_bool(o, "selected", sp->lang ? strcmp(sp->lang, cfg->languages[i]) == 0 : i == 0);
        tv_push(langs, o);
    }
    tv_set(f, "languages", langs);
    tv_set(p->ctx, "page", f);
    if (problem) {
        tv_set_text(p->ctx, "error", problem->code == ARTICLE_INVALID ? admin_field_problem(p, problem->field, &problem->why)
                                                                    : admin_user_message(p, &problem->why));
        if (problem->field) tv_set_text(p->ctx, "error_field", problem->field);
        if (problem->code == STORE_STALE) tv_set_bool(p->ctx, "stale", true);
    }
    /* The story editor, as the article form has it. */
    tv_set_text(p->ctx, "editor_js", admin_asset_url(p, "newsroom-editor.js"));
    tv_set_text(p->ctx, "editor_css", admin_asset_url(p, "newsroom-editor.css"));
    tv_set_text(p->ctx, "source_js", admin_asset_url(p, "newsroom-source.js"));
    admin_take_notice(p);
    admin_render(p, "admin_static_page", id ? admin_printf(p, N_("Page: %s"), sp->title) : admin_tr(p, N_("New page")));
}

/* A form field, or "" when the form has none. */
static const char *field(admin_page *p, const char *name) {
    const char *v = http_form(p->req, name);
    return v ? v : "";
}

/* POST: saves the form over page id (0: a new page; old: as stored). */
static void save(admin_page *p, int64_t id, const static_page *old) {
    const char *action = field(p, "action");
    if (strcmp(action, "delete") == 0 && id) {
        article_problem problem;
        if (!static_page_delete(p->site->store, &p->who, id, &problem)) {
            if (problem.code == STORE_NOT_FOUND) admin_message(p, 404, N_("Not found"), N_("There is no such page."));
            else admin_store_failed(p, "pages: delete");
            return;
        }
        admin_redirect(p, "/admin/pages", "page-deleted");
        return;
    }
    static_page in = {0};
    in.title = field(p, "title");
    in.slug = field(p, "slug");
    in.lang = field(p, "lang");
    in.description = field(p, "description");
    in.body_markdown = field(p, "body_markdown");
    const char *position = field(p, "menu_position");
    in.menu_position = *position ? (int)admin_number(position, -1) : 0;
    in.published = strcmp(action, "publish") == 0 || (strcmp(action, "unpublish") != 0 && old && old->published);
    /* The version the form was read at: a form without one (or with junk)
    ** never saves over whatever is there now. */
    int64_t expected = id ? admin_number(field(p, "version"), -1) : 0;
    if (expected <= 0 && id) {
        admin_message(p, 400, N_("Not saved"), N_("The form has no version of the page: open the page again, then save."));
        return;
    }
    int64_t saved_id = 0, version = 0;
    article_problem problem;
    if (!static_page_save(p->site->store, p->site->cfg, p->arena, &p->who, id, &in, expected, &saved_id, &version,
                          &problem)) {
        if (problem.code == STORE_NOT_FOUND) {
            admin_message(p, 404, N_("Not found"), N_("There is no such page."));
            return;
        }
        if (problem.code != ARTICLE_INVALID && problem.code != STORE_CONFLICT && problem.code != STORE_STALE) {
            admin_store_failed(p, "pages: save");
            return;
        }
        /* As typed, at the version it was read at: a stale form stays stale. */
        in.version = expected;
        in.published = old ? old->published : false;
        form_page(p, id, &in, problem.code == STORE_STALE ? 409 : 400, &problem);
        return;
    }
    const char *notice = strcmp(action, "publish") == 0 ? "page-published"
                         : strcmp(action, "unpublish") == 0 ? "page-unpublished" : "saved";
    admin_redirect(p, arena_printf(p->arena, "/admin/pages/%lld", (long long)saved_id), notice);
}

void admin_static_pages(admin_page *p, const char **segs, int n) {
    if (p->who.role < ROLE_EDITOR) {
        admin_message(p, 403, N_("Not allowed"), N_("Only editors and admins write the site's pages."));
        return;
    }
    bool post = strcmp(p->req->method, "POST") == 0;
    if (n == 1 && !post) {
        list_page(p);
        return;
    }
    if (n == 2 && strcmp(segs[1], "new") == 0) {
        if (post) save(p, 0, NULL);
        else form_page(p, 0, &(static_page){.lang = p->site->cfg->default_language}, 200, NULL);
        return;
    }
    int64_t id = n == 2 ? admin_number(segs[1], 0) : 0;
    static_page old;
    int rc = id > 0 ? store_page_by_id(p->site->store, p->arena, id, &old) : STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such page."));
        return;
    }
    if (rc != STORE_OK) {
        admin_store_failed(p, "pages: find");
        return;
    }
    if (post) save(p, id, &old);
    else form_page(p, id, &old, 200, NULL);
}
