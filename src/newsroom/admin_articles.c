/*
** The newsroom's articles: the list (with filters), the editor (create,
** edit, workflow actions), the trash, revisions and their comparison, and
** the live preview. All changes go through editorial.c.
*/
#include "admin_pages.h"
#include "admin_articles.h"
#include "authors.h"
#include "admin_seo.h"
#include "diff.h"
#include "merge.h"
#include "editorial.h"
#include "media.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/image.h"
#include "../render/escape.h"
#include "../render/markdown.h"
#include "article_save.h"
#include "newsroom_list.h"
#include "../render/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static const article_workflow workflows[] = {WF_DRAFT, WF_REVIEW, WF_SCHEDULED, WF_PUBLISHED,
                                             WF_UNPUBLISHED};

const char *admin_result_text(admin_page *p, const editorial_result *r) {
    return r->field_reason ? admin_field_problem(p, r->field, &r->text) : admin_user_message(p, &r->text);
}

/* Options of a <select>: value, label, selected. */
void admin_add_option(tv *list, const char *value, const char *label, bool selected) {
    tv *o = tv_object(list->arena);
    tv_set_text(o, "value", value);
    tv_set_text(o, "label", label);
    tv_set_bool(o, "selected", selected);
    tv_push(list, o);
}

/* The editions, categories and workflow states as <select> options. */
void admin_add_choices(admin_page *p, const char *lang, const char *category_slug,
                        article_workflow workflow, bool with_any) {
    const config *cfg = p->site->cfg;
    tv *langs = tv_list(p->arena), *cats = tv_list(p->arena), *states = tv_list(p->arena);
    if (with_any) {
        admin_add_option(langs, "", admin_tr(p, N_("All editions")), !lang || !*lang);
        admin_add_option(cats, "", admin_tr(p, N_("All categories")), !category_slug || !*category_slug);
        admin_add_option(states, "", admin_tr(p, N_("Any status")), workflow == WF_UNSET);
    }
    for (size_t i = 0; i < cfg->language_count; i++)
        admin_add_option(langs, cfg->languages[i], i18n_language_name(cfg->languages[i]),
                   lang && strcmp(lang, cfg->languages[i]) == 0);
    category *list;
    size_t n;
    if (store_categories(p->site->store, p->arena, cfg->default_language, &list, &n) == STORE_OK)
        for (size_t i = 0; i < n; i++)
            admin_add_option(cats, list[i].slug, list[i].name, category_slug && strcmp(category_slug, list[i].slug) == 0);
    for (size_t i = 0; i < sizeof workflows / sizeof workflows[0]; i++)
        admin_add_option(states, workflow_name(workflows[i]), admin_status_label(p, workflow_name(workflows[i])),
                         workflow == workflows[i]);
    tv_set(p->ctx, "languages", langs);
    tv_set(p->ctx, "categories", cats);
    tv_set(p->ctx, "states", states);
}

/* The editor's context for an article (or a new one when a is NULL);
** error_field is the field a refused save names (NULL: none). */
static void editor_context(admin_page *p, const article *a, const article_input *in,
                           const char **tags_text, const char *error_field) {
    tv *f = tv_object(p->arena);
    char when[24];
    timeutil_format_input(in->published_at ? in->published_at : (int64_t)time(NULL), when, sizeof when);
    tv_set_text(f, "title", in->title ? in->title : "");
    tv_set_text(f, "subtitle", in->subtitle ? in->subtitle : "");
    tv_set_text(f, "slug", in->slug ? in->slug : "");
    tv_set_text(f, "authors", authors_text(p->arena, in));
    tv_set_text(f, "tags", tags_text && *tags_text ? *tags_text : "");
    tv_set_text(f, "date", arena_strdup(p->arena, when));
    tv_set_text(f, "translation_key", in->translation_key ? in->translation_key : "");
    tv_set_text(f, "lead_image_caption", in->lead_image_caption ? in->lead_image_caption : "");
    tv_set_text(f, "lead_image_credit", in->lead_image_credit ? in->lead_image_credit : "");
    tv_set_text(f, "lead_image_alt", in->lead_image_alt ? in->lead_image_alt : "");
    tv_set_bool(f, "featured", in->featured);
    tv_set_text(f, "body_markdown", in->body_markdown ? in->body_markdown : "");
    tv_set(p->ctx, "article", f);
    admin_add_choices(p, in->lang ? in->lang : p->site->cfg->default_language, in->category_slug, WF_UNSET, false);
    /* The names of the profiles, to choose authors from. */
    author_profile *profiles;
    size_t profile_count;
    tv *names = tv_list(p->arena);
    if (store_authors(p->site->store, p->arena, NULL, 500, &profiles, &profile_count) == STORE_OK)
        for (size_t i = 0; i < profile_count; i++) tv_push(names, tv_text(p->arena, profiles[i].name));
    tv_set(p->ctx, "author_names", names);
    /* Recent images to choose the lead image from. */
    media *list = NULL;
    size_t n = 0;
    tv *images = tv_list(p->arena);
    admin_add_option(images, "0", admin_tr(p, N_("No lead image")), in->lead_image_id == 0);
    tv_set_text(images->as.items.items[0], "src", "");
    if (store_media_list(p->site->store, p->arena, 0, 60, &list, &n) == STORE_OK) {
        for (size_t i = 0; i < n; i++) {
            const char *label = arena_printf(p->arena, "%s (%dx%d)", *list[i].original_name ? list[i].original_name : list[i].hash,
                                             list[i].width, list[i].height);
            admin_add_option(images, arena_printf(p->arena, "%lld", (long long)list[i].id), label,
                       list[i].id == in->lead_image_id);
            /* The social card's preview shows it when it is the lead image. */
            tv_set_text(images->as.items.items[images->as.items.count - 1], "src", image_small(p->arena, &list[i]));
        }
    } else {
        n = 0;
    }
    tv_set(p->ctx, "images", images);
    admin_seo_context(p, a, in, list, n, error_field);
    if (in->lead_image_id) {
        media m;
        if (store_media_by_id(p->site->store, p->arena, in->lead_image_id, &m) == STORE_OK) {
            tv_set(p->ctx, "lead_image", image_value(p->arena, &m));
        }
    }
    const actor *who = &p->who;
    bool editor = editorial_can_publish(who);
    if (a) {
        /* What the form was opened at: a save checks nobody saved since. */
        revision *revs;
        size_t nrevs;
        if (!tv_get(p->ctx, "version")) tv_set_int(p->ctx, "version", a->version); /* a restored draft's own */
        if (store_revisions(p->site->store, p->arena, a->id, &revs, &nrevs) == STORE_OK && nrevs)
            tv_set_int(p->ctx, "revision", revs[0].id);
        tv_set_int(p->ctx, "id", a->id);
        tv_set_text(p->ctx, "status", workflow_name(a->workflow));
        tv_set_text(p->ctx, "status_label", admin_status_label(p, workflow_name(a->workflow)));
        tv_set_text(p->ctx, "action_url", arena_printf(p->arena, "/admin/articles/%lld", (long long)a->id));
        tv_set_bool(p->ctx, "can_edit", editorial_can_edit(who, a));
        tv_set_bool(p->ctx, "can_submit", a->workflow == WF_DRAFT && (editor || editorial_can_edit(who, a)));
        tv_set_bool(p->ctx, "can_withdraw", a->workflow == WF_REVIEW && (editor || strcmp(a->owner, who->id) == 0));
        tv_set_bool(p->ctx, "can_publish", editor && a->workflow != WF_PUBLISHED);
        tv_set_bool(p->ctx, "can_unpublish", editor && (a->workflow == WF_PUBLISHED || a->workflow == WF_SCHEDULED));
        tv_set_bool(p->ctx, "can_delete", editor || (strcmp(a->owner, who->id) == 0 && a->workflow == WF_DRAFT));
        if (a->status == ARTICLE_PUBLISHED && a->published_at <= (int64_t)time(NULL))
            tv_set_text(p->ctx, "public_url", urls_article_path(p->arena, a->lang, a->category_slug, a->slug));
    } else {
        tv_set_text(p->ctx, "status", "new");
        tv_set_text(p->ctx, "status_label", admin_status_label(p, "new"));
        tv_set_text(p->ctx, "action_url", "/admin/articles");
        tv_set_bool(p->ctx, "can_edit", true);
        tv_set_bool(p->ctx, "can_submit", true);
        tv_set_bool(p->ctx, "can_publish", editor);
    }
}

/* Joins tags with ", " for the form. */
static const char *tags_text(arena *a, const article_input *in) {
    buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < in->tag_count; i++) buf_printf(&b, "%s%s", i ? ", " : "", in->tags[i]);
    return b.data ? b.data : "";
}

static void show_editor(admin_page *p, const article *a, const article_input *in, const char *error,
                        const char *field, int status) {
    const char *tags = tags_text(p->arena, in);
    editor_context(p, a, in, &tags, field);
    /* The date is the site's time: the field says which. */
    tv_set_text(p->ctx, "timezone", p->site->cfg->timezone);
    tv_set_text(p->ctx, "timezone_hint", admin_printf(p, N_("(%s time)"), p->site->cfg->timezone));
    /* The rich-text editor: only this page loads it (the source view's
    ** bundle only when a reporter asks for it). */
    tv_set_text(p->ctx, "editor_js", admin_asset_url(p, "newsroom-editor.js"));
    tv_set_text(p->ctx, "editor_css", admin_asset_url(p, "newsroom-editor.css"));
    tv_set_text(p->ctx, "source_js", admin_asset_url(p, "newsroom-source.js"));
    admin_previews_context(p, a);
    admin_breaking_context(p, a);
    admin_live_context(p, a);
    admin_draft_context(p, a);
    if (error) {
        tv_set_text(p->ctx, "error", error);
        if (field) tv_set_text(p->ctx, "error_field", field);
    }
    p->resp->status = status;
    admin_render(p, "admin_edit", a ? admin_printf(p, N_("Edit: %s"), a->title) : admin_tr(p, N_("New article")));
}

/* What is wrong with a submitted form: the message (in the page's
** language), the field it is shown against, and the status the page
** answers with. */
typedef struct {
    const char *message;
    const char *field;
    int status;
} form_problem;

/* Where the editor's fields are read from: the request's form, or a
** draft's JSON object. The value of a field, or NULL. */
typedef const char *(*field_reader)(const void *from, const char *name);

static const char *request_field(const void *from, const char *name) { return http_form(from, name); }

/* A draft's fields, read into the page's arena (draft_field copies each:
** the JSON goes before the page is made). */
typedef struct draft_source {
    json_t *fields;
    arena *arena;
} draft_source;

static const char *draft_field(const void *from, const char *name) {
    const draft_source *d = from;
    const char *value = json_string_value(json_object_get(d->fields, name));
    return value ? arena_strdup(d->arena, value) : NULL;
}

/* Reads the editor's fields from `from` into in. False (with the
** problem) on a bad date. */
static bool read_fields(admin_page *p, field_reader field, const void *from, article_input *in,
                        form_problem *problem) {
    memset(in, 0, sizeof *in);
    in->title = field(from, "title");
    in->subtitle = field(from, "subtitle");
    in->lang = field(from, "lang");
    in->category_slug = field(from, "category");
    in->slug = field(from, "slug");
    if (in->slug) in->slug = trim(arena_strdup(p->arena, in->slug));
    in->author = field(from, "author");
    /* The list of authors (the byline alone in older drafts). */
    const char *authors = field(from, "authors");
    user_message why;
    if (authors && !authors_parse_text(p->arena, authors, in, &why)) {
        *problem = (form_problem){admin_user_message(p, &why), "authors", 400};
        return false;
    }
    if (authors) in->author = NULL;
    in->translation_key = field(from, "translation_key");
    if (in->translation_key && !*in->translation_key) in->translation_key = NULL;
    in->body_markdown = field(from, "body_markdown");
    in->lead_image_caption = field(from, "lead_image_caption");
    in->lead_image_credit = field(from, "lead_image_credit");
    in->lead_image_alt = field(from, "lead_image_alt");
    const char *featured = field(from, "featured");
    in->featured = featured && *featured;
    in->lead_image_id = admin_number(field(from, "lead_image_id"), 0);
    in->seo_title = field(from, "seo_title");
    in->seo_description = field(from, "seo_description");
    in->canonical_url = field(from, "canonical_url");
    if (in->canonical_url) in->canonical_url = trim(arena_strdup(p->arena, in->canonical_url));
    in->social_image_id = admin_number(field(from, "social_image_id"), 0);
    /* Tags: comma-separated. */
    const char *tags = field(from, "tags");
    if (tags) {
        char *copy = arena_strdup(p->arena, tags), *save = NULL;
        size_t cap = 8;
        in->tags = arena_alloc(p->arena, cap * sizeof *in->tags);
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            t = trim(t);
            if (!*t) continue;
            if (in->tag_count == cap) {
                const char **bigger = arena_alloc(p->arena, 2 * cap * sizeof *bigger);
                memcpy(bigger, in->tags, cap * sizeof *bigger);
                in->tags = bigger;
                cap *= 2;
            }
            in->tags[in->tag_count++] = t;
        }
    }
    const char *date = field(from, "date");
    if (date && *date && !timeutil_parse_local(date, &in->published_at)) {
        *problem = (form_problem){admin_tr(p, N_("The date must be a date and time, e.g. 2026-02-14T16:50.")), "date",
                                  400};
        return false;
    }
    return true;
}

/* Reads the editor's form into in. False (with the problem) on a bad date. */
static bool read_form(admin_page *p, article_input *in, form_problem *problem) {
    return read_fields(p, request_field, p->req, in, problem);
}

/* The image sent with the editor's form, if any: stored by editorial.c
** once the rest of the save has been checked. */
static const editorial_upload *form_upload(admin_page *p, editorial_upload *out) {
    const http_field *file = http_form_field(p->req, "lead_image_file");
    if (!file || !file->filename || !*file->filename || file->len == 0) return NULL;
    *out = (editorial_upload){(const unsigned char *)file->value, file->len, file->filename};
    return out;
}

/* The workflow an editor button asks for. */
static article_workflow asked_workflow(const char *action) {
    if (!action) return WF_UNSET;
    if (strcmp(action, "submit") == 0) return WF_REVIEW;
    if (strcmp(action, "withdraw") == 0) return WF_DRAFT;
    if (strcmp(action, "publish") == 0) return WF_PUBLISHED;
    if (strcmp(action, "unpublish") == 0) return WF_UNPUBLISHED;
    return WF_UNSET;
}

/* After a save refused because someone else saved first: the editor
** again with the writer's own text, what changed meanwhile (from the
** revision the form was opened at to the newest), and the form now at
** the article's current version, so that saving again is a choice made
** knowingly. */
static void show_conflict(admin_page *p, int64_t id, const article_input *in) {
    article now;
    if (store_article_by_id(p->site->store, p->arena, id, &now) != STORE_OK) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        return;
    }
    int64_t opened = admin_number(http_form(p->req, "revision"), 0);
    revision *revs;
    size_t n;
    if (store_revisions(p->site->store, p->arena, id, &revs, &n) == STORE_OK && n) {
        revision latest;
        if (opened && opened != revs[0].id) {
            admin_compare_revisions(p, id, opened, revs[0].id);
        } else if (store_revision_get(p->site->store, p->arena, revs[0].id, &latest) == STORE_OK) {
            /* Opened before the article had a revision: their version against the writer's. */
            admin_compare_snapshots(p, editorial_snapshot(p->arena, in), latest.snapshot);
            tv_set_bool(p->ctx, "conflict_against_yours", true);
        }
        tv_set_text(p->ctx, "conflict_saved", admin_printf(p, N_("Last saved by %s, %s."), revs[0].actor_name,
                                                           date_long(p->arena, p->lang, revs[0].created_at)));
    } else {
        tv_set_text(p->ctx, "conflict_saved", admin_tr(p, N_("Last saved.")));
    }
    tv_set_bool(p->ctx, "conflict", true);
    /* What "Merge both versions" merges from: the revision it was opened at. */
    if (opened) tv_set_int(p->ctx, "merge_base", opened);
    show_editor(p, &now, in,
                admin_tr(p, N_("Someone else saved this article while you were editing it. Your text is still here;"
                               " saving again replaces their version with yours, or merge both versions first.")),
                NULL, 409);
}

/* "Merge both versions" on the conflict page: the editor again, with the
** writer's fields and a text that has both their changes and the other
** person's, merged line by line from the revision the writer opened
** (merge.c); passages both changed keep both versions between marks,
** which publishing refuses until they are resolved. Nothing is saved:
** the form is now at the current version, so the next Save is theirs to
** make. */
static void merge_into_editor(admin_page *p, int64_t id, article_input *in) {
    article now;
    revision base;
    int64_t from = admin_number(http_form(p->req, "merge_base"), 0);
    if (store_article_by_id(p->site->store, p->arena, id, &now) != STORE_OK) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        return;
    }
    json_t *snapshot = NULL;
    if (!from || store_revision_get(p->site->store, p->arena, from, &base) != STORE_OK || base.article_id != id ||
        !(snapshot = json_loads(base.snapshot, 0, NULL))) {
        show_editor(p, &now, in,
                    admin_tr(p, N_("The version you started from is not known any more, so the two cannot be merged;"
                                   " compare them in the revisions.")),
                    NULL, 409);
        return;
    }
    size_t conflicts;
    const char *base_body = json_string_value(json_object_get(snapshot, "body_markdown"));
    in->body_markdown = merge_texts(p->arena, base_body ? base_body : "", in->body_markdown, now.body_markdown, &conflicts);
    json_decref(snapshot);
    const char *message = conflicts
        ? i18n_printf_plural(p->arena, p->lang,
                             NP_("Merged. %zu passage both of you changed keeps both versions, between \"%s\" and"
                                 " \"%s\": keep what is right, delete the marks, then save. The other fields are yours.",
                                 "Merged. %zu passages both of you changed keep both versions, between \"%s\" and"
                                 " \"%s\": keep what is right, delete the marks, then save. The other fields are yours."),
                             (int64_t)conflicts, conflicts, MERGE_MINE_MARK, MERGE_THEIRS_MARK)
        : admin_tr(p, N_("Merged: their changes and yours are both in the text. The other fields are yours; check, then"
                         " save."));
    tv_set_text(p->ctx, "merged", message);
    show_editor(p, &now, in, NULL, NULL, 200);
}

static void save(admin_page *p, int64_t id) {
    article old, *existing = NULL;
    if (id) {
        if (!admin_visible_article(p, id, &old)) return;
        existing = &old;
    }
    article_input in;
    form_problem problem;
    if (!read_form(p, &in, &problem)) {
        show_editor(p, existing, &in, problem.message, problem.field, problem.status);
        return;
    }
    in.expected_version = id ? admin_number(http_form(p->req, "version"), 0) : 0;
    const char *action = http_form(p->req, "action");
    if (id && action && strcmp(action, "merge") == 0) {
        merge_into_editor(p, id, &in);
        return;
    }
    editorial_upload file;
    const editorial_upload *upload = form_upload(p, &file);
    /* The form shows the date to the minute: unchanged, it keeps its seconds. */
    const char *date = http_form(p->req, "date");
    char shown[24];
    if (existing && date) {
        timeutil_format_input(existing->published_at, shown, sizeof shown);
        if (strcmp(shown, date) == 0) in.published_at = existing->published_at;
    }
    in.workflow = asked_workflow(http_form(p->req, "action"));
    editorial_result r;
    bool ok = id ? editorial_update(p->site->store, p->site->cfg, p->arena, &p->who, id, &in, upload, &r)
                 : editorial_create(p->site->store, p->site->cfg, p->arena, &p->who, &in, upload, &r);
    if (!ok && r.status == 412) {
        show_conflict(p, id, &in);
        return;
    }
    if (!ok) {
        show_editor(p, existing, &in, admin_result_text(p, &r), r.field, r.status);
        return;
    }
    /* Saved for real: the autosaved draft has done its work. */
    admin_draft_forget(p, id);
    /* The notice says what the save did: from where to where. */
    article saved;
    const char *notice = "saved";
    bool was_public = existing && (existing->workflow == WF_PUBLISHED || existing->workflow == WF_SCHEDULED);
    if (store_article_by_id(p->site->store, p->arena, r.id, &saved) == STORE_OK) {
        if (saved.workflow == WF_SCHEDULED) notice = "scheduled";
        else if (saved.workflow == WF_PUBLISHED) notice = existing && existing->workflow == WF_PUBLISHED ? "updated" : "published";
        else if (saved.workflow == WF_REVIEW) notice = "submitted";
        else if (was_public) notice = "unpublished";
    }
    admin_redirect(p, arena_printf(p->arena, "/admin/articles/%lld", (long long)r.id), notice);
}

/* Reads article id into a as the newsroom shows it to who; false (having
** answered) when there is none, or who may not see it (authors see only
** their own). */
bool admin_visible_article(admin_page *p, int64_t id, article *a) {
    int rc = store_article_by_id(p->site->store, p->arena, id, a);
    if (rc == STORE_NOT_FOUND) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        return false;
    }
    if (rc != STORE_OK) {
        admin_message(p, 500, N_("Error"), N_("The article cannot be read right now."));
        return false;
    }
    if (!editorial_can_see(&p->who, a)) {
        admin_message(p, 403, N_("Not yours"), N_("Authors see only their own articles."));
        return false;
    }
    return true;
}

/* After a save's redirect (?notice= one of a save's), the page says so
** to the script, which then forgets the browser's copy it kept. */
static void mark_saved(admin_page *p, const char *notice) {
    static const char *const saves[] = {"saved", "published", "updated", "unpublished", "submitted", "scheduled"};
    for (size_t i = 0; notice && i < sizeof saves / sizeof saves[0]; i++)
        if (strcmp(notice, saves[i]) == 0) tv_set_bool(p->ctx, "just_saved", true);
}

/* ?draft=restore: the editor of article a (NULL: a new one) filled with
** the person's draft, at the version the draft was based on (so that a
** save after someone else's shows the conflict). False (nothing
** answered) when not asked or there is no draft. */
static bool restore_draft(admin_page *p, const article *a, const article_input *saved) {
    const char *asked = http_query(p->req, "draft");
    json_t *fields;
    int64_t version;
    if (!asked || strcmp(asked, "restore") != 0 || !admin_draft_get(p, a ? a->id : 0, &fields, &version)) return false;
    article_input in;
    form_problem problem;
    draft_source source = {fields, p->arena};
    bool ok = read_fields(p, draft_field, &source, &in, &problem);
    if (!ok && saved) in.published_at = saved->published_at; /* a date the draft had half typed */
    json_decref(fields);
    if (a && version > 0) tv_set_int(p->ctx, "version", version);
    tv_set_text(p->ctx, "notice", admin_tr(p, N_("Your unsaved changes are restored. Save to keep them.")));
    tv_set_bool(p->ctx, "restored", true);
    show_editor(p, a, &in, NULL, NULL, 200);
    return true;
}

static void edit(admin_page *p, int64_t id) {
    article a;
    if (!admin_visible_article(p, id, &a)) return;
    if (a.deleted_at) {
        admin_message(p, 409, N_("In the trash"), N_("This article is in the trash. Restore it from the trash to edit it."));
        return;
    }
    article_input in;
    if (!editorial_input_of(p->site->store, p->arena, &a, &in)) {
        admin_message(p, 500, N_("Error"), N_("The article cannot be read right now."));
        return;
    }
    /* The notice of a scheduling says for when. */
    const char *notice = http_query(p->req, "notice");
    if (notice && strcmp(notice, "scheduled") == 0 && a.workflow == WF_SCHEDULED)
        tv_set_text(p->ctx, "notice", admin_printf(p, N_("Scheduled for %s."), date_long(p->arena, p->lang, a.published_at)));
    mark_saved(p, notice);
    if (restore_draft(p, &a, &in)) return;
    admin_draft_offer(p, &a);
    show_editor(p, &a, &in, NULL, NULL, 200);
}

static void transition(admin_page *p, int64_t id, editorial_action action) {
    editorial_result r;
    if (!editorial_transition(p->site->store, p->site->cfg, p->arena, &p->who, id, action, 0, &r)) {
        admin_message_text(p, r.status, N_("Not done"), admin_result_text(p, &r));
        return;
    }
    if (action == EDIT_DELETE) admin_redirect(p, "/admin/articles", "trashed");
    else admin_redirect(p, arena_printf(p->arena, "/admin/articles/%lld", (long long)id), "restored");
}

void admin_articles(admin_page *p, const char **segs, int n) {
    bool post = strcmp(p->req->method, "POST") == 0;
    if (strcmp(segs[0], "trash") == 0) {
        if (n == 1 && !post) admin_list_page(p, true);
        else admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
        return;
    }
    if (n == 1) {
        if (post) save(p, 0);
        else admin_list_page(p, false);
        return;
    }
    if (n >= 3 && (strcmp(segs[2], "draft") == 0 || strcmp(segs[2], "presence") == 0)) {
        admin_editing(p, segs, n);
        return;
    }
    if (n == 2 && strcmp(segs[1], "new") == 0 && !post) {
        article_input in = {.lang = p->site->cfg->default_language, .author = p->who.name};
        if (restore_draft(p, NULL, NULL)) return;
        admin_draft_offer(p, NULL);
        show_editor(p, NULL, &in, NULL, NULL, 200);
        return;
    }
    int64_t id = admin_number(segs[1], 0);
    if (!id) {
        admin_message(p, 404, N_("Not found"), N_("There is no such article."));
        return;
    }
    if (n == 2) {
        if (post) save(p, id);
        else edit(p, id);
    } else if (n == 3 && post && strcmp(segs[2], "delete") == 0) {
        transition(p, id, EDIT_DELETE);
    } else if (n == 3 && post && strcmp(segs[2], "restore") == 0) {
        transition(p, id, EDIT_RESTORE);
    } else if (n == 3 && post && strcmp(segs[2], "breaking") == 0) {
        admin_breaking(p, id);
    } else if (n == 3 && post && strcmp(segs[2], "live") == 0) {
        admin_live_state(p, id);
    } else if (n >= 3 && strcmp(segs[2], "updates") == 0) {
        admin_live_updates(p, id, segs, n, post);
    } else if (n >= 3 && strcmp(segs[2], "previews") == 0) {
        admin_previews(p, id, segs, n);
    } else if (n == 3 && !post && strcmp(segs[2], "revisions") == 0) {
        admin_revisions_page(p, id);
    } else if (n == 5 && post && strcmp(segs[2], "revisions") == 0 && strcmp(segs[4], "restore") == 0) {
        admin_restore_revision(p, id, admin_number(segs[3], 0));
    } else {
        admin_message(p, 404, N_("Not found"), N_("There is no such page in the newsroom."));
    }
}

void admin_preview(admin_page *p) {
    const config *cfg = p->site->cfg;
    const char *md = http_form(p->req, "body_markdown");
    const char *lang = http_form(p->req, "lang");
    markdown_options opt = article_markdown_options(p->site->store, cfg, p->arena,
                                                    lang && config_has_language(cfg, lang) ? lang : cfg->default_language);
    char *html = NULL;
    markdown_report report;
    size_t len = md ? strlen(md) : 0;
    p->resp->content_type = "text/html; charset=utf-8";
    p->resp->cache_control = "no-store";
    if (len > BODY_MAX_BYTES) user_message_set(&report.refusal, N_("longer than %d bytes"), BODY_MAX_BYTES);
    if (len > BODY_MAX_BYTES || !markdown_render_with(md ? md : "", len, &opt, &report, &html, NULL, NULL, 0)) {
        p->resp->status = 400;
        buf_puts(&p->resp->body, "<p class=\"nr-error\" role=\"alert\">");
        html_escape(&p->resp->body, admin_printf(p, N_("This text cannot be shown: %s."),
                                                 admin_user_message(p, &report.refusal)));
        buf_puts(&p->resp->body, "</p>");
        return;
    }
    /* Our own renderer's output, the same as the public page shows. */
    buf_puts(&p->resp->body, html);
    free(html);
}
