/*
** Breaking news in the Admin API: on an article's PATCH,
**   "breaking": {"label": "...", "until": "ISO 8601"}   starts or changes the
**                                                       banner (until: two hours
**                                                       from now unless given)
**   "breaking": null                                    ends it
** for editors' and admins' tokens, on a published story; and the article's
** answer says which ("breaking": {label, until} or null). The checks and
** the audit are the newsroom's (breaking_news.c).
*/
#include "api_json.h"
#include "../newsroom/auth.h"
#include "../core/timeutil.h"
#include "../newsroom/breaking_news.h"

#include <string.h>
#include <time.h>

bool admin_breaking_read(http_request *req, http_response *resp, const actor *who, json_t *body,
                         admin_breaking_change *out) {
    memset(out, 0, sizeof *out);
    json_t *value = json_object_get(body, "breaking");
    if (!value) return true;
    out->present = true;
    out->alone = json_object_size(body) == 1;
    if (who->role < ROLE_EDITOR) {
        api_error(resp, 403, "Only editors' and admins' tokens mark breaking news.", "breaking");
        return false;
    }
    if (json_is_null(value)) return true; /* until 0: ends it */
    const char *problem = NULL;
    json_t *label = json_object_get(value, "label"), *until = json_object_get(value, "until");
    if (!json_is_object(value)) problem = "must be an object with label and until, or null";
    else if (json_object_size(value) > (size_t)(label != NULL) + (until != NULL))
        problem = "takes only label and until";
    else if (label && !json_is_string(label)) problem = "label must be a string";
    else if (until && (!json_is_string(until) || !timeutil_parse_local(json_string_value(until), &out->until)))
        problem = "until must be an ISO 8601 date and time, e.g. 2026-02-14T16:50:00+04:00";
    if (problem) {
        api_error(resp, 400, arena_printf(req->arena, "field 'breaking': %s", problem), "breaking");
        return false;
    }
    if (!until) out->until = (int64_t)time(NULL) + BREAKING_DEFAULT_SECONDS;
    out->label = label ? arena_strdup(req->arena, json_string_value(label)) : "";
    return true;
}

bool admin_breaking_apply(site *s, http_request *req, http_response *resp, const actor *who, int64_t id,
                          const admin_breaking_change *change) {
    if (!change->present) return true;
    article_problem p;
    if (breaking_news_set(s->store, who, id, change->label, change->until, &p)) return true;
    if (p.code == ARTICLE_INVALID)
        api_error(resp, 400, arena_printf(req->arena, "field 'breaking': %s", p.message), "breaking");
    else if (p.code == STORE_CONFLICT)
        api_error(resp, 409, "Only a published story can be breaking news.", "breaking");
    else if (p.code == STORE_NOT_FOUND)
        api_error(resp, 404, "There is no such article.", NULL);
    else
        api_store_failed(resp, s->store, "The banner cannot be changed right now.");
    return false;
}

json_t *admin_breaking_json(store *s, arena *a, int64_t id) {
    const char *label;
    int64_t until;
    if (!breaking_news_of(s, a, id, &label, &until)) return json_null();
    char iso[40];
    iso8601_format_local(until, iso, sizeof iso);
    return json_pack("{s:o,s:o}", "label", api_string(label), "until", api_string(iso));
}
