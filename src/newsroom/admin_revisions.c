/* The newsroom's revisions of an article: the page that lists them,
** compares any two (the changed fields as text, a line diff of the text)
** and restores one; the comparison is also what the conflict page shows. */
#include "admin_pages.h"
#include "admin_articles.h"
#include "diff.h"
#include "editorial.h"
#include "../core/buf.h"
#include "../render/dates.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A snapshot's value as an editor reads it: text as it is, tags as a
** comma-separated list, dates as dates, flags as yes or no, no image as
** "none" (never JSON). In p's arena. */
static const char *field_text(admin_page *p, const char *key, json_t *v) {
    if (!v || json_is_null(v)) return "";
    if (json_is_string(v)) return arena_strdup(p->arena, json_string_value(v));
    if (json_is_boolean(v)) return json_is_true(v) ? admin_tr(p, N_("yes")) : admin_tr(p, N_("no"));
    if (json_is_array(v)) {
        buf b;
        buf_init(&b, p->arena);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            /* Tags are strings; authors {"name", "slug"}: their names. */
            const char *text = json_is_string(item) ? json_string_value(item)
                               : json_string_value(json_object_get(item, "name"));
            buf_printf(&b, "%s%s", i ? ", " : "", text ? text : "?");
        }
        return b.data ? b.data : "";
    }
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (strcmp(key, "published_at") == 0) return n ? date_long(p->arena, p->lang, (int64_t)n) : "";
        if (strcmp(key, "lead_image_id") == 0)
            return n ? admin_printf(p, N_("image %lld"), (long long)n) : admin_tr(p, N_("none"));
        if (strcmp(key, "social_image_id") == 0)
            return n ? admin_printf(p, N_("image %lld"), (long long)n) : admin_tr(p, N_("the lead image"));
        return arena_printf(p->arena, "%lld", (long long)n);
    }
    char *dump = json_dumps(v, JSON_ENCODE_ANY);
    const char *out = arena_strdup(p->arena, dump ? dump : "");
    free(dump);
    return out;
}

/* One field of two snapshots, shown when it changed. */
static void compare_field(admin_page *p, tv *changes, const char *label, json_t *a, json_t *b,
                          const char *key) {
    json_t *va = json_object_get(a, key), *vb = json_object_get(b, key);
    if (json_equal(va, vb) || (!va && json_is_null(vb)) || (json_is_null(va) && !vb)) return;
    tv *c = tv_object(p->arena);
    tv_set_text(c, "field", admin_tr(p, label));
    tv_set_text(c, "before", field_text(p, key, va));
    tv_set_text(c, "after", field_text(p, key, vb));
    tv_push(changes, c);
}

/* Sets what changed from snapshot older to snapshot newer (revisions'
** JSON) in the page's context (changes, body_diff, body_changed, compared). */
void admin_compare_snapshots(admin_page *p, const char *older, const char *newer) {
    json_t *ja = json_loads(older, 0, NULL), *jb = json_loads(newer, 0, NULL);
    tv *changes = tv_list(p->arena);
    static const char *const fields[][2] = {
        {N_("Title"), "title"}, {N_("Lead"), "subtitle"}, {N_("Edition"), "lang"}, {N_("Category"), "category"},
        {N_("Slug"), "slug"}, {N_("Authors"), "authors"}, {N_("Date"), "published_at"}, {N_("Tags"), "tags"},
        {N_("Lead image"), "lead_image_id"}, {N_("Caption"), "lead_image_caption"},
        {N_("Credit"), "lead_image_credit"}, {N_("Alt text"), "lead_image_alt"}, {N_("Featured"), "featured"},
        {N_("Translation key"), "translation_key"}, {N_("SEO title"), "seo_title"},
        {N_("SEO description"), "seo_description"}, {N_("Social image"), "social_image_id"},
        {N_("Canonical URL"), "canonical_url"},
    };
    for (size_t i = 0; ja && jb && i < sizeof fields / sizeof fields[0]; i++)
        compare_field(p, changes, fields[i][0], ja, jb, fields[i][1]);
    size_t lines;
    diff_line *d = diff_lines(p->arena, json_string_value(json_object_get(ja, "body_markdown")),
                              json_string_value(json_object_get(jb, "body_markdown")), &lines);
    /* The changed lines, with DIFF_CONTEXT unchanged ones around them; a
    ** longer run of unchanged lines is one "…". */
    enum { DIFF_CONTEXT = 2 };
    tv *body = tv_list(p->arena);
    bool body_changed = false, elided = false;
    /* next[i]: the first changed line at or after i (lines: none). */
    size_t *next = arena_alloc(p->arena, (lines + 1) * sizeof *next);
    next[lines] = lines;
    for (size_t i = lines; i-- > 0;) next[i] = d[i].kind != DIFF_SAME ? i : next[i + 1];
    size_t last_change = SIZE_MAX; /* the last changed line before or at i */
    for (size_t i = 0; i < lines; i++) {
        if (d[i].kind != DIFF_SAME) {
            body_changed = true;
            last_change = i;
        }
        size_t next_change = next[i];
        bool near = (last_change != SIZE_MAX && i - last_change <= DIFF_CONTEXT) ||
                    (next_change < lines && next_change - i <= DIFF_CONTEXT);
        if (!near) {
            if (!elided) {
                tv *gap = tv_object(p->arena);
                tv_set_text(gap, "text", "…");
                tv_set_text(gap, "kind", "gap");
                tv_set_text(gap, "sign", " ");
                tv_push(body, gap);
            }
            elided = true;
            continue;
        }
        elided = false;
        tv *l = tv_object(p->arena);
        tv_set_text(l, "text", d[i].text);
        tv_set_text(l, "kind", d[i].kind == DIFF_SAME ? "same" : d[i].kind == DIFF_ADDED ? "added" : "removed");
        tv_set_text(l, "sign", d[i].kind == DIFF_SAME ? " " : d[i].kind == DIFF_ADDED ? "+" : "-");
        tv_push(body, l);
    }
    json_decref(ja);
    json_decref(jb);
    tv_set(p->ctx, "changes", changes);
    tv_set(p->ctx, "body_diff", body);
    tv_set_bool(p->ctx, "body_changed", body_changed);
    tv_set_bool(p->ctx, "compared", true);
}

/* Sets what changed from revision older to revision newer of article id. */
void admin_compare_revisions(admin_page *p, int64_t id, int64_t older, int64_t newer) {
    revision ra, rb;
    if (store_revision_get(p->site->store, p->arena, older, &ra) != STORE_OK ||
        store_revision_get(p->site->store, p->arena, newer, &rb) != STORE_OK || ra.article_id != id ||
        rb.article_id != id)
        return;
    admin_compare_snapshots(p, ra.snapshot, rb.snapshot);
    tv_set_int(p->ctx, "older", older);
    tv_set_int(p->ctx, "newer", newer);
    tv_set_text(p->ctx, "compared_title",
                admin_printf(p, N_("From revision %lld to revision %lld"), (long long)older, (long long)newer));
}

void admin_revisions_page(admin_page *p, int64_t id) {
    article a;
    revision *list;
    size_t n;
    if (!admin_visible_article(p, id, &a)) return;
    if (store_revisions(p->site->store, p->arena, id, &list, &n) != STORE_OK) {
        admin_message(p, 500, N_("Error"), N_("The revisions cannot be read right now."));
        return;
    }
    int64_t older = admin_number(http_query(p->req, "a"), 0), newer = admin_number(http_query(p->req, "b"), 0);
    if (!older && n >= 2) older = list[1].id;
    if (!newer && n >= 1) newer = list[0].id;
    tv *rows = tv_list(p->arena);
    for (size_t i = 0; i < n; i++) {
        tv *r = tv_object(p->arena);
        tv_set_int(r, "id", list[i].id);
        /* The pickers show what was compared, not the newest again. */
        tv_set_bool(r, "a_selected", list[i].id == older);
        tv_set_bool(r, "b_selected", list[i].id == newer);
        if (i + 1 < n)
            tv_set_text(r, "previous_url", arena_printf(p->arena, "/admin/articles/%lld/revisions?a=%lld&b=%lld", (long long)id,
                                                        (long long)list[i + 1].id, (long long)list[i].id));
        tv_set_text(r, "who", list[i].actor_name);
        tv_set_text(r, "when", date_long(p->arena, p->lang, list[i].created_at));
        tv_set_text(r, "restore_url", arena_printf(p->arena, "/admin/articles/%lld/revisions/%lld/restore", (long long)id, (long long)list[i].id));
        tv_push(rows, r);
    }
    tv_set(p->ctx, "revisions", rows);
    tv_set_int(p->ctx, "id", id);
    tv_set_text(p->ctx, "title", a.title);
    tv_set_bool(p->ctx, "can_restore", p->who.role >= ROLE_EDITOR);
    if (older && newer) admin_compare_revisions(p, id, older, newer);
    admin_render(p, "admin_revisions", admin_printf(p, N_("Revisions: %s"), a.title));
}

void admin_restore_revision(admin_page *p, int64_t id, int64_t rev) {
    editorial_result r;
    if (!editorial_restore_revision(p->site->store, p->site->cfg, p->arena, &p->who, id, rev, &r)) {
        admin_message_text(p, r.status, N_("Not restored"), admin_result_text(p, &r));
        return;
    }
    admin_redirect(p, arena_printf(p->arena, "/admin/articles/%lld", (long long)id), "revision-restored");
}

