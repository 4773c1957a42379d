/* Writing live blogs. See live_updates.h. */
#include "live_updates.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Fills p with code and the English text (a message of the catalogues,
** also kept for any language in p->why). Returns false. */
static bool refuse(article_problem *p, int code, const char *field, const char *text) {
    p->code = code;
    p->field = field;
    user_message_plain(&p->why, text);
    snprintf(p->message, sizeof p->message, "%s", text);
    return false;
}

/* Fills p for a store result. Returns false. */
static bool store_problem(article_problem *p, store *s, int code) {
    switch (code) {
    case STORE_NOT_FOUND: return refuse(p, code, NULL, N_("there is no such article or update"));
    case STORE_CONFLICT:
        return refuse(p, LIVE_FULL, NULL, N_("this live blog holds as many updates as it can: delete some first"));
    case STORE_FULL: return refuse(p, code, NULL, N_("the disk is full; nothing was saved"));
    case STORE_UNAVAILABLE: return refuse(p, code, NULL, N_("the database cannot be reached; nothing was saved"));
    default:
        refuse(p, code, NULL, N_("the live blog could not be saved; try again in a minute"));
        snprintf(p->message, sizeof p->message, "the live blog could not be saved: %s", store_error(s));
        return false;
    }
}

/* The audit log's entry of a change to live blog id. */
static int audit(store *s, const actor *who, const char *action, int64_t id, const char *detail) {
    return store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                             .action = action, .article_id = id, .detail = detail});
}

/* Reads article id into *art: false with *p when it is not there (or in
** the trash), or who may not write live blogs. */
static bool writable(store *s, arena *a, const actor *who, int64_t id, article *art, article_problem *p) {
    memset(p, 0, sizeof *p);
    if (who->role < ROLE_EDITOR)
        return refuse(p, LIVE_FORBIDDEN, NULL, N_("only editors and admins write live blogs: an update is published at once"));
    int rc = store_article_by_id(s, a, id, art);
    if (rc == STORE_OK && art->deleted_at) rc = STORE_NOT_FOUND;
    return rc == STORE_OK ? true : store_problem(p, s, rc);
}

/* Runs write (a store call's result) with its audit entry, in one
** transaction. False with *p. */
static bool commit_with_audit(store *s, int rc, const actor *who, const char *action, int64_t id, const char *detail,
                              article_problem *p) {
    if (rc == STORE_OK) rc = audit(s, who, action, id, detail);
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        store_rollback(s);
        return store_problem(p, s, rc);
    }
    return true;
}

bool live_blog_set(store *s, arena *a, const actor *who, int64_t id, bool live, article_problem *p) {
    article art;
    if (!writable(s, a, who, id, &art, p)) return false;
    int rc = store_begin(s);
    if (rc != STORE_OK) return store_problem(p, s, rc);
    rc = store_live_set(s, id, live, 0);
    return commit_with_audit(s, rc, who, live ? "live-start" : "live-stop", id, art.title, p);
}

bool live_coverage_end(store *s, arena *a, const actor *who, int64_t id, int64_t ended_at, article_problem *p) {
    article art;
    if (!writable(s, a, who, id, &art, p)) return false;
    int rc = store_begin(s);
    if (rc != STORE_OK) return store_problem(p, s, rc);
    live_blog now;
    rc = store_live_blog(s, a, id, 0, false, &now);
    if (rc == STORE_OK && !now.live) {
        store_rollback(s);
        return refuse(p, LIVE_NOT_LIVE, NULL, N_("this article is not a live blog"));
    }
    if (rc == STORE_OK) rc = store_live_set(s, id, true, ended_at);
    return commit_with_audit(s, rc, who, ended_at ? "live-end" : "live-reopen", id, art.title, p);
}

/* Checks in's fields and renders its body for edition lang (in a). */
static bool prepare(store *s, const config *cfg, arena *a, const char *lang, live_update *in, article_problem *p) {
    if (!article_check_line("title", in->title, false, LIVE_UPDATE_TITLE_MAX_CHARS, p) ||
        !article_check_line("author", in->author, false, LIVE_UPDATE_AUTHOR_MAX_CHARS, p))
        return false;
    const char *body = in->body_markdown ? in->body_markdown : "";
    size_t len = strlen(body);
    if (len > LIVE_UPDATE_BODY_MAX_BYTES)
        return article_invalid(p, "body_markdown", N_("longer than %d bytes"), LIVE_UPDATE_BODY_MAX_BYTES);
    if (!utf8_valid(body, len)) return article_invalid(p, "body_markdown", N_("is not valid UTF-8"));
    in->body_markdown = article_normalise_newlines(a, body);
    if (!in->body_markdown[strspn(in->body_markdown, " \t\n")])
        return article_invalid(p, "body_markdown", N_("is required"));
    markdown_options opt = article_markdown_options(s, cfg, a, lang);
    markdown_report report;
    char *html, *text, why[200] = "";
    if (!markdown_render_with(in->body_markdown, strlen(in->body_markdown), &opt, &report, &html, &text, why,
                              sizeof why))
        return article_invalid(p, "body_markdown", "%s", why);
    in->body_html = arena_strdup(a, html);
    in->body_text = arena_strdup(a, text);
    free(html);
    free(text);
    if (report.missing_alt)
        return article_invalid(p, "body_markdown", N_("image %d (%s) has no alt text; describe it before publishing"),
                               report.missing_alt, report.missing_alt_name);
    return true;
}

bool live_update_save(store *s, const config *cfg, arena *a, const actor *who, live_update *in, int64_t *saved_id,
                      article_problem *p) {
    article art;
    if (!writable(s, a, who, in->article_id, &art, p)) return false;
    /* Signed by who wrote it; what a token posts without a name, by the
    ** blog's byline (readers are never shown "API token ..."). */
    if (!in->author || !*in->author) in->author = who->user_id ? who->name : art.author;
    if (!prepare(s, cfg, a, art.lang, in, p)) return false;
    in->created_by = who->id;
    int rc = store_begin(s);
    if (rc != STORE_OK) return store_problem(p, s, rc);
    const char *action = "live-update";
    if (in->id) {
        live_update old;
        rc = store_live_update_by_id(s, a, in->article_id, in->id, &old);
        if (rc == STORE_OK) {
            bool corrected = strcmp(old.title, in->title ? in->title : "") != 0 ||
                             strcmp(old.body_markdown, in->body_markdown) != 0;
            in->corrected_at = corrected ? (int64_t)time(NULL) : 0;
            action = corrected ? "live-update-correct" : "live-update-pin";
            rc = store_live_update_change(s, in);
        }
        *saved_id = in->id;
    } else {
        rc = store_live_update_add(s, in, saved_id);
    }
    if (rc == STORE_NOT_FOUND && !in->id) {
        store_rollback(s);
        return refuse(p, LIVE_NOT_LIVE, NULL, N_("this article is not a live blog"));
    }
    return commit_with_audit(s, rc, who, action, in->article_id,
                             arena_printf(a, "update %lld", (long long)*saved_id), p);
}

bool live_update_delete(store *s, arena *a, const actor *who, int64_t article_id, int64_t update_id,
                        article_problem *p) {
    article art;
    if (!writable(s, a, who, article_id, &art, p)) return false;
    int rc = store_begin(s);
    if (rc != STORE_OK) return store_problem(p, s, rc);
    rc = store_live_update_delete(s, article_id, update_id);
    return commit_with_audit(s, rc, who, "live-update-delete", article_id,
                             arena_printf(a, "update %lld", (long long)update_id), p);
}
