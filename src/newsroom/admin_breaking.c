/*
** Breaking news on the article's page in the newsroom: for an editor, a
** published story's form to mark it as breaking (a short label, for how
** long: 2 hours unless told) or to end its banner now; POST
** /admin/articles/{id}/breaking (breaking_news.c checks and audits).
*/
#include "admin_pages.h"
#include "breaking_news.h"
#include "editorial.h"
#include "../render/dates.h"
#include "../render/i18n.h"

#include <string.h>
#include <time.h>

/* The lengths a banner may be chosen to last, in minutes. */
static const int durations[] = {30, 60, 120, 240, 480, 1440};

void admin_breaking_context(admin_page *p, const article *a) {
    if (!a || !a->id || p->who.role < ROLE_EDITOR || a->status != ARTICLE_PUBLISHED || a->deleted_at) return;
    tv *b = tv_object(p->arena);
    tv_set_text(b, "url", arena_printf(p->arena, "/admin/articles/%lld/breaking", (long long)a->id));
    const char *label;
    int64_t until;
    if (breaking_news_of(p->site->store, p->arena, a->id, &label, &until)) {
        tv_set_bool(b, "on", true);
        tv_set_text(b, "label", label);
        tv_set_text(b, "until", date_long(p->arena, p->lang, until));
    }
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        tv *o = tv_object(p->arena);
        tv_set_int(o, "minutes", durations[i]);
        tv_set_text(o, "label", durations[i] < 60 ? i18n_printf_plural(p->arena, p->lang, NP_("%d minute", "%d minutes"), durations[i], durations[i])
                                                  : i18n_printf_plural(p->arena, p->lang, NP_("%d hour", "%d hours"), durations[i] / 60, durations[i] / 60));
        tv_set_bool(o, "selected", durations[i] * 60 == BREAKING_DEFAULT_SECONDS);
        tv_push(list, o);
    }
    tv_set(b, "durations", list);
    tv_set(p->ctx, "breaking", b);
}

void admin_breaking(admin_page *p, int64_t id) {
    if (p->who.role < ROLE_EDITOR) {
        admin_message(p, 403, N_("Not allowed"), N_("Only editors mark breaking news."));
        return;
    }
    const char *action = http_form(p->req, "action");
    bool start = action && strcmp(action, "start") == 0;
    const char *chosen = http_form(p->req, "minutes");
    int64_t minutes = chosen ? admin_number(chosen, -1) : BREAKING_DEFAULT_SECONDS / 60;
    bool known = false;
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) known |= durations[i] == minutes;
    if (start && !known) {
        admin_message(p, 400, N_("Not saved"), N_("Choose how long the banner lasts from the list."));
        return;
    }
    const char *label = http_form(p->req, "label");
    article_problem problem;
    if (!breaking_news_set(p->site->store, &p->who, id, label ? label : "", start ? (int64_t)time(NULL) + minutes * 60 : 0,
                           &problem)) {
        if (problem.code == STORE_NOT_FOUND) admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        else if (problem.code == ARTICLE_INVALID)
            admin_message_text(p, 400, N_("Not saved"), admin_field_problem(p, problem.field, &problem.why));
        else if (problem.code == STORE_CONFLICT)
            admin_message_text(p, 400, N_("Not saved"), admin_user_message(p, &problem.why));
        else admin_store_failed(p, "breaking news");
        return;
    }
    admin_redirect(p, arena_printf(p->arena, "/admin/articles/%lld", (long long)id),
                   start ? "breaking-started" : "breaking-ended");
}
