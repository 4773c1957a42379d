/* Marking a story as breaking news. See breaking_news.h. */
#include "breaking_news.h"

#include "../render/i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool breaking_news_set(store *s, const actor *who, int64_t id, const char *label, int64_t until, article_problem *p) {
    memset(p, 0, sizeof *p);
    int64_t now = (int64_t)time(NULL);
    if (until) {
        if (!article_check_line("label", label, false, BREAKING_LABEL_MAX_CHARS, p)) return false;
        if (until <= now || until > now + BREAKING_MAX_SECONDS) {
            p->code = ARTICLE_INVALID;
            p->field = "until";
            user_message_set(&p->why, N_("must be in the future, at most %d days from now"), BREAKING_MAX_SECONDS / 86400);
            snprintf(p->message, sizeof p->message, "field 'until': must be in the future, at most %d days from now",
                     BREAKING_MAX_SECONDS / 86400);
            return false;
        }
    }
    int rc = store_begin(s);
    if (rc == STORE_OK) rc = store_article_set_breaking(s, id, until ? label : "", until);
    if (rc == STORE_OK) {
        arena *a = arena_new();
        rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                               .article_id = id, .action = until ? "breaking" : "breaking-end",
                                               .detail = until ? arena_printf(a, "until %lld", (long long)until) : ""});
        arena_free(a);
    }
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc == STORE_OK) return true;
    store_rollback(s);
    p->code = rc;
    const char *text = rc == STORE_CONFLICT    ? N_("only a published story can be breaking news")
                       : rc == STORE_NOT_FOUND ? N_("there is no such article")
                                               : N_("the banner could not be changed; try again in a minute");
    user_message_plain(&p->why, text);
    if (rc == STORE_CONFLICT || rc == STORE_NOT_FOUND) snprintf(p->message, sizeof p->message, "%s", text);
    else snprintf(p->message, sizeof p->message, "the banner could not be changed: %s", store_error(s));
    return false;
}

bool breaking_news_of(store *s, arena *a, int64_t id, const char **label, int64_t *until) {
    breaking_story *items;
    size_t n;
    if (store_breaking(s, a, (int64_t)time(NULL), &items, &n) != STORE_OK) return false;
    for (size_t i = 0; i < n; i++)
        if (items[i].article_id == id) {
            *label = items[i].label;
            *until = items[i].until;
            return true;
        }
    return false;
}
