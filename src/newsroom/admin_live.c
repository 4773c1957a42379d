/*
** A live blog's panel on the article's page in the newsroom (editors and
** admins): for a story that is not one, a button that makes it one; for a
** live blog, a form to add an update (title, Markdown body, pinned), its
** updates newest first (the pinned one on top) each with a form to
** correct it, pin or unpin it, and a link to delete it (a page asks
** first), and the buttons that end the coverage or open it again.
**   POST /admin/articles/{id}/live                 action=start|stop|end|reopen
**   POST /admin/articles/{id}/updates              a new update
**   POST /admin/articles/{id}/updates/{uid}        action=save|pin|unpin|delete
**   GET  /admin/articles/{id}/updates/{uid}/delete the question before deleting
** The checks, rendering and audit are live_updates.c's; every form
** carries the CSRF token (checked before any handler runs).
*/
#include "admin_pages.h"
#include "live_updates.h"
#include "../render/dates.h"
#include "../render/i18n.h"

#include <string.h>
#include <time.h>

/* The article's page in the newsroom, in p's arena. */
static const char *edit_path(admin_page *p, int64_t id) {
    return arena_printf(p->arena, "/admin/articles/%lld", (long long)id);
}

void admin_live_context(admin_page *p, const article *a) {
    if (!a || !a->id || p->who.role < ROLE_EDITOR || a->deleted_at) return;
    live_blog blog;
    if (store_live_blog(p->site->store, p->arena, a->id, LIVE_UPDATES_MAX, true, &blog) != STORE_OK) return;
    tv *o = tv_object(p->arena);
    const char *base = edit_path(p, a->id);
    tv_set_text(o, "live_url", arena_printf(p->arena, "%s/live", base));
    tv_set_text(o, "add_url", arena_printf(p->arena, "%s/updates", base));
    tv_set_bool(o, "is_live", blog.live);
    tv_set_bool(o, "open", blog.live && !blog.ended_at);
    if (blog.ended_at) tv_set_text(o, "ended", date_long(p->arena, p->lang, blog.ended_at));
    tv_set_int(o, "count", blog.total);
    tv_set_int(o, "max", LIVE_UPDATES_MAX);
    tv_set_int(o, "body_max", LIVE_UPDATE_BODY_MAX_BYTES);
    tv_set_bool(o, "full", blog.total >= LIVE_UPDATES_MAX);
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < blog.count; i++) {
        const live_update *u = &blog.updates[i];
        live_update full;
        /* The form of a correction starts from its Markdown. */
        if (store_live_update_by_id(p->site->store, p->arena, a->id, u->id, &full) != STORE_OK) full = *u;
        tv *one = tv_object(p->arena);
        tv_set_int(one, "id", u->id);
        tv_set_text(one, "title", u->title);
        tv_set_text(one, "body_markdown", full.body_markdown ? full.body_markdown : "");
        tv_set_html(one, "body_html", u->body_html); /* rendered and sanitised by our Markdown renderer */
        tv_set_text(one, "author", u->author);
        tv_set_bool(one, "pinned", u->pinned);
        tv_set_text(one, "when", date_long(p->arena, p->lang, u->created_at));
        tv_set_text(one, "corrected", u->corrected_at ? date_long(p->arena, p->lang, u->corrected_at) : "");
        tv_set_text(one, "url", arena_printf(p->arena, "%s/updates/%lld", base, (long long)u->id));
        tv_push(list, one);
    }
    tv_set(o, "updates", list);
    tv_set(p->ctx, "live", o);
}

/* Answers a refused write (problem from live_updates.c). */
static void refused(admin_page *p, const article_problem *problem) {
    switch (problem->code) {
    case ARTICLE_INVALID:
        admin_message_text(p, 400, N_("Not saved"), admin_field_problem(p, problem->field, &problem->why));
        break;
    case LIVE_FORBIDDEN: admin_message(p, 403, N_("Not allowed"), N_("Only editors write live blogs.")); break;
    case LIVE_NOT_LIVE:
    case LIVE_FULL: admin_message_text(p, 409, N_("Not saved"), admin_user_message(p, &problem->why)); break;
    case STORE_NOT_FOUND: admin_message(p, 404, N_("Not found"), N_("There is no such article or update.")); break;
    default: admin_store_failed(p, "live blog"); break;
    }
}

void admin_live_state(admin_page *p, int64_t id) {
    const char *action = http_form(p->req, "action");
    article_problem problem;
    bool ok, known = action && (strcmp(action, "start") == 0 || strcmp(action, "stop") == 0 ||
                                strcmp(action, "end") == 0 || strcmp(action, "reopen") == 0);
    if (!known) {
        admin_message(p, 400, N_("Not saved"), N_("Nothing to change."));
        return;
    }
    if (strcmp(action, "start") == 0 || strcmp(action, "stop") == 0)
        ok = live_blog_set(p->site->store, p->arena, &p->who, id, strcmp(action, "start") == 0, &problem);
    else
        ok = live_coverage_end(p->site->store, p->arena, &p->who, id,
                               strcmp(action, "end") == 0 ? (int64_t)time(NULL) : 0, &problem);
    if (!ok) refused(p, &problem);
    else admin_redirect(p, edit_path(p, id), strcmp(action, "end") == 0 ? "live-ended" : "live-changed");
}

/* The question before deleting update uid of article id. */
static void ask_delete(admin_page *p, int64_t id, int64_t uid) {
    live_update u;
    int rc = store_live_update_by_id(p->site->store, p->arena, id, uid, &u);
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article or update."));
        return;
    }
    if (rc != STORE_OK) {
        admin_store_failed(p, "live update");
        return;
    }
    tv_set_text(p->ctx, "action_url", arena_printf(p->arena, "%s/updates/%lld", edit_path(p, id), (long long)uid));
    tv_set_text(p->ctx, "back_url", edit_path(p, id));
    tv_set_text(p->ctx, "update_title", u.title);
    tv_set_html(p->ctx, "update_body", u.body_html); /* rendered and sanitised by our Markdown renderer */
    tv_set_text(p->ctx, "update_when", date_long(p->arena, p->lang, u.created_at));
    admin_render(p, "admin_live_delete", admin_tr(p, N_("Delete this update?")));
}

void admin_live_updates(admin_page *p, int64_t id, const char **segs, int n, bool post) {
    if (p->who.role < ROLE_EDITOR) {
        admin_message(p, 403, N_("Not allowed"), N_("Only editors write live blogs."));
        return;
    }
    int64_t uid = n >= 4 ? admin_number(segs[3], 0) : 0;
    bool asking = n == 5 && uid && !post && strcmp(segs[4], "delete") == 0;
    if (asking) {
        ask_delete(p, id, uid);
        return;
    }
    if (!post || n > 4 || (n == 4 && !uid)) {
        admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
        return;
    }
    const char *action = http_form(p->req, "action");
    article_problem problem;
    live_update in = {.article_id = id, .id = uid};
    if (uid && action && strcmp(action, "delete") == 0) {
        if (!live_update_delete(p->site->store, p->arena, &p->who, id, uid, &problem)) refused(p, &problem);
        else admin_redirect(p, edit_path(p, id), "live-deleted");
        return;
    }
    if (uid) {
        int rc = store_live_update_by_id(p->site->store, p->arena, id, uid, &in);
        if (rc != STORE_OK) {
            if (rc == STORE_NOT_FOUND) admin_message(p, 404, N_("Not found"), N_("There is no such article or update."));
            else admin_store_failed(p, "live update");
            return;
        }
    }
    if (uid && action && (strcmp(action, "pin") == 0 || strcmp(action, "unpin") == 0)) {
        in.pinned = strcmp(action, "pin") == 0;
    } else {
        in.title = http_form(p->req, "title");
        in.body_markdown = http_form(p->req, "body_markdown");
        in.pinned = http_form(p->req, "pinned") != NULL;
    }
    int64_t saved;
    if (!live_update_save(p->site->store, p->site->cfg, p->arena, &p->who, &in, &saved, &problem)) refused(p, &problem);
    else admin_redirect(p, arena_printf(p->arena, "%s#nr-update-%lld", edit_path(p, id), (long long)saved),
                        uid ? "live-corrected" : "live-added");
}
