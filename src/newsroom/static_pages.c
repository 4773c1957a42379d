/* Writing an edition's static pages. See static_pages.h. */
#include "static_pages.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool static_page_prepare(store *s, const config *cfg, arena *a, static_page *in, article_problem *p) {
    memset(p, 0, sizeof *p);
    if (!article_check_line("title", in->title, true, PAGE_TITLE_MAX_CHARS, p) ||
        !article_check_line("description", in->description, false, PAGE_DESCRIPTION_MAX_CHARS, p))
        return false;
    if (!in->lang || !*in->lang) in->lang = cfg->default_language;
    if (!config_has_language(cfg, in->lang))
        return article_invalid(p, "lang", N_("'%.20s' is not one of the site's languages"), in->lang);
    if (in->slug && *in->slug) {
        if (!slug_valid(in->slug, SLUG_MAX))
            return article_invalid(p, "slug", N_("must be lowercase ASCII letters, digits and single hyphens, at most %d characters"),
                           SLUG_MAX);
    } else {
        in->slug = slugify(a, in->title, 80);
        if (!*in->slug) return article_invalid(p, "slug", N_("cannot be made from the title; give one"));
    }
    if (in->menu_position < 0 || in->menu_position > PAGE_MENU_MAX)
        return article_invalid(p, "menu_position", N_("must be a number from 0 (not in the footer) to %d"), PAGE_MENU_MAX);
    const char *body = in->body_markdown ? in->body_markdown : "";
    size_t len = strlen(body);
    if (len > BODY_MAX_BYTES) return article_invalid(p, "body_markdown", N_("longer than %d bytes"), BODY_MAX_BYTES);
    if (!utf8_valid(body, len)) return article_invalid(p, "body_markdown", N_("is not valid UTF-8"));
    in->body_markdown = article_normalise_newlines(a, body);
    markdown_options opt = article_markdown_options(s, cfg, a, in->lang);
    markdown_report report;
    char *html, *text, why[200] = "";
    if (!markdown_render_with(in->body_markdown, strlen(in->body_markdown), &opt, &report, &html, &text, why,
                              sizeof why))
        return article_invalid(p, "body_markdown", "%s", why);
    in->body_html = arena_strdup(a, html);
    free(html);
    free(text);
    if (report.missing_alt && in->published)
        return article_invalid(p, "body_markdown", N_("image %d (%s) has no alt text; describe it before publishing"),
                       report.missing_alt, report.missing_alt_name);
    return true;
}

/* Fills p for a store result (its message in English and, p->why, for
** any language). Returns false. */
static bool store_problem(article_problem *p, store *s, int code) {
    p->code = code;
    p->field = code == STORE_CONFLICT ? "slug" : NULL;
    const char *text = code == STORE_CONFLICT ? N_("another page of this edition already uses this address: change its slug")
                       : code == STORE_STALE  ? N_("the page was changed by someone else since it was opened")
                       : code == STORE_NOT_FOUND ? N_("there is no such page")
                       : code == STORE_FULL   ? N_("the disk is full; nothing was saved")
                       : code == STORE_UNAVAILABLE ? N_("the database cannot be reached; nothing was saved")
                                                 : NULL;
    if (text) {
        user_message_plain(&p->why, text);
        snprintf(p->message, sizeof p->message, "%s", text);
    } else {
        user_message_plain(&p->why, N_("the page could not be saved; try again in a minute"));
        snprintf(p->message, sizeof p->message, "the page could not be saved: %s", store_error(s));
    }
    return false;
}

/* The audit log's entry of a change to a page. */
static int audit(store *s, arena *a, const actor *who, const char *action, const char *lang, const char *slug) {
    return store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                             .action = action, .detail = arena_printf(a, "%s/%s", lang, slug)});
}

bool static_page_save(store *s, const config *cfg, arena *a, const actor *who, int64_t id, static_page *in,
                      int64_t expected_version, int64_t *saved_id, int64_t *version, article_problem *p) {
    if (!static_page_prepare(s, cfg, a, in, p)) return false;
    in->updated_by = who->name;
    int rc = store_begin(s);
    if (rc == STORE_OK) {
        if (id) {
            rc = store_page_update(s, id, in, expected_version, version);
            *saved_id = id;
        } else {
            rc = store_page_add(s, in, saved_id);
            *version = 1;
        }
    }
    if (rc == STORE_OK) rc = audit(s, a, who, id ? "page" : "page-new", in->lang, in->slug);
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        store_rollback(s);
        return store_problem(p, s, rc);
    }
    return true;
}

bool static_page_delete(store *s, const actor *who, int64_t id, article_problem *p) {
    return static_page_delete_version(s, who, id, 0, p);
}

bool static_page_delete_version(store *s, const actor *who, int64_t id, int64_t expected_version,
                                article_problem *p) {
    memset(p, 0, sizeof *p);
    arena *a = arena_new();
    static_page old;
    int rc = store_begin(s);
    if (rc == STORE_OK) rc = store_page_by_id(s, a, id, &old);
    if (rc == STORE_OK && expected_version && old.version != expected_version) rc = STORE_STALE;
    if (rc == STORE_OK) rc = store_page_delete(s, id);
    if (rc == STORE_OK) rc = audit(s, a, who, "page-delete", old.lang, old.slug);
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) store_rollback(s);
    arena_free(a);
    return rc == STORE_OK ? true : store_problem(p, s, rc);
}
