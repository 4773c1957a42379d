/* gazette import-wordpress. See import.h. */
#include "import.h"
#include "../../core/text.h"
#include "../../core/urls.h"
#include "../article_save.h"
#include "../auth.h"
#include "../editorial.h"
#include "../static_pages.h"
#include "index.h"
#include "media_folder.h"
#include "post.h"
#include "text.h"

#include <libxml/hash.h>
#include <sodium.h>
#include <string.h>

/* What became of an item. */
typedef enum outcome { IMPORTED, UPDATED, UNCHANGED, SKIPPED, FAILED } outcome;

typedef struct run {
    store *store;
    const config *cfg;
    const wp_import_options *o;
    wp_context context;
    const char *source;        /* the old site's address: what links are kept under */
    actor who;
    FILE *out;
    wp_import_stats *stats;
    xmlHashTablePtr others;    /* item type: how many left out */
    xmlHashTablePtr archives;  /* old archive paths given a redirect in this run */
    arena *arena;              /* the run's: the counts of other types */
} run;

/* A digest of what the import reads of item, as hex into out (33 bytes). */
static void digest_of(const run *r, const wxr_item *item, char out[33]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    const char *fields[] = {item->type, item->status, item->title, item->link, item->creator, item->content,
                            item->excerpt, item->slug, item->password, item->date, item->date_gmt,
                            r->context.lang, item->sticky ? "sticky" : ""};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        crypto_generichash_update(&st, (const unsigned char *)fields[i], strlen(fields[i]) + 1);
    for (size_t i = 0; i < item->term_count; i++) {
        const wxr_term *t = &item->terms[i];
        const char *parts[] = {t->taxonomy, t->slug, t->name};
        for (size_t k = 0; k < 3; k++)
            crypto_generichash_update(&st, (const unsigned char *)parts[k], strlen(parts[k]) + 1);
    }
    for (size_t i = 0; i < item->meta_count; i++) {
        crypto_generichash_update(&st, (const unsigned char *)item->meta[i].key, strlen(item->meta[i].key) + 1);
        crypto_generichash_update(&st, (const unsigned char *)item->meta[i].value, strlen(item->meta[i].value) + 1);
    }
    unsigned char raw[16];
    crypto_generichash_final(&st, raw, sizeof raw);
    sodium_bin2hex(out, 33, raw, sizeof raw);
}

/* path with its percent escapes read, as requests' paths arrive (when
** that makes UTF-8; else as it is), in a. */
static const char *decoded(arena *a, const char *path) {
    size_t before = strcspn(path, "?"), k;
    const char *part = wp_percent_decode(a, path, before, &k);
    if (!utf8_valid(part, k) || memchr(part, '\0', k)) return path;
    return arena_printf(a, "%s%s", part, path + before); /* the query as it was */
}

/* Keeps an old address (when it is one and not the new address itself). */
static int keep_address(run *r, arena *a, const char *path, const old_address *to, const char *new_path) {
    if (!path || !*path || strcmp(path, "/") == 0 || strlen(path) > OLD_ADDRESS_MAX) return STORE_OK;
    path = decoded(a, path);
    if (new_path && strcmp(path, new_path) == 0) return STORE_OK;
    return store_old_address_put(r->store, path, to);
}

/* The old archive of a category ("/category/parent/child/") and of a tag,
** and their ?cat= and ?tag= forms, to their pages here: once a run. */
static int keep_archives(run *r, arena *a, const wxr_item *item, const article_input *in) {
    for (size_t i = 0; i < item->term_count; i++) {
        const wxr_term *t = &item->terms[i];
        bool is_category = strcmp(t->taxonomy, "category") == 0, tag = strcmp(t->taxonomy, "post_tag") == 0;
        if ((!is_category && !tag) || !*t->slug) continue;
        const char *key = arena_printf(a, "%s %s %s", t->taxonomy, in->lang, t->slug);
        if (xmlHashLookup(r->archives, (const xmlChar *)key)) continue;
        xmlHashAddEntry(r->archives, (const xmlChar *)key, (void *)"");
        const wxr_term *known = wp_index_term(r->context.index, t->taxonomy, t->slug);
        const char *target, *path;
        if (is_category) {
            /* The slugs of its parents before its own, as WordPress's archive has them. */
            const char *slugs = t->slug;
            const wxr_term *at = known;
            for (int depth = 0; depth < 3 && at && at->parent && *at->parent; depth++) {
                slugs = arena_printf(a, "%s/%s", at->parent, slugs);
                at = wp_index_term(r->context.index, "category", at->parent);
            }
            /* An article's category is its first: the others are its tags here. */
            bool is_its = strcmp(wp_category_slug(a, known ? known : t), in->category_slug) == 0;
            target = is_its ? urls_category_path(a, in->lang, in->category_slug)
                            : urls_tag_path(a, in->lang, urls_tag_slug(a, wp_html_text(a, t->name)));
            path = arena_printf(a, "/category/%s/", slugs);
        } else {
            target = urls_tag_path(a, in->lang, urls_tag_slug(a, wp_html_text(a, t->name)));
            path = arena_printf(a, "/tag/%s/", t->slug);
        }
        if (!target || !*target) continue;
        old_address to = {0, 0, target};
        int rc = keep_address(r, a, path, &to, NULL);
        if (rc == STORE_OK && is_category && known && known->id > 0)
            rc = keep_address(r, a, arena_printf(a, "/?cat=%lld", (long long)known->id), &to, NULL);
        if (rc == STORE_OK && tag) rc = keep_address(r, a, arena_printf(a, "/?tag=%s", t->slug), &to, NULL);
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

/* A free slug of the edition for a new article, from slug ("x", "x-2", ...). */
static const char *free_slug(run *r, arena *a, const char *lang, const char *slug) {
    int64_t id;
    const char *try = slug;
    for (int n = 2; store_article_find(r->store, lang, try, &id) == STORE_OK && n < 1000; n++)
        try = arena_printf(a, "%s-%d", slug, n);
    return try;
}

/* Gives the category its name and description for the edition when it is new here. */
static int name_category(run *r, const wp_post *p) {
    int64_t id;
    if (store_category_find(r->store, p->article.category_slug, &id) == STORE_OK) return STORE_OK;
    int rc = store_category_ensure(r->store, p->article.category_slug, &id);
    if (rc != STORE_OK) return rc;
    return store_category_set_text(r->store, id, p->article.lang, p->category_name,
                                   p->category_description ? p->category_description : "");
}

/* Saves the article (new when id is 0), a draft instead when what stops
** it is only that it may not be public yet (an image without alt text),
** said in the report. */
static bool save_article(run *r, arena *a, int64_t *id, article_input *in, wp_report *rep, article_problem *p) {
    article_input copy = *in;
    bool created;
    bool ok = *id ? article_update(r->store, r->cfg, a, *id, in, p) : article_save(r->store, r->cfg, a, in, id, &created, p);
    bool public = copy.workflow == WF_PUBLISHED || copy.workflow == WF_SCHEDULED;
    if (ok || !public || p->code != ARTICLE_INVALID || strcmp(p->field, "body_markdown") != 0) return ok;
    wp_report_note(rep, "public on WordPress, but %s: imported as a draft", p->message);
    *in = copy;
    in->status = ARTICLE_DRAFT;
    in->workflow = WF_DRAFT;
    return *id ? article_update(r->store, r->cfg, a, *id, in, p) : article_save(r->store, r->cfg, a, in, id, &created, p);
}

/* Ends a post's transaction: committed, or rolled back in a dry run. */
static bool finish(run *r) {
    if (r->o->dry_run) {
        store_rollback(r->store);
        return true;
    }
    if (store_commit(r->store) == STORE_OK) return true;
    store_rollback(r->store);
    return false;
}

/* Imports an article (see import.h): its outcome, why in *why. */
static outcome import_article(run *r, arena *a, const wxr_item *item, wp_post *post, const char *digest,
                              wp_report *rep, const char **why, const char **where) {
    article_input *in = &post->article;
    import_link link;
    int64_t id = 0;
    /* Looked up inside the write, so that two imports at once never both make it. */
    if (store_begin(r->store) != STORE_OK) return *why = store_error(r->store), FAILED;
    int rc = store_import_link_find(r->store, r->source, item->id, &link);
    article current;
    outcome early = FAILED;
    if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
        *why = arena_strdup(a, store_error(r->store));
    } else if (rc == STORE_OK && !link.page && store_article_by_id(r->store, a, link.target_id, &current) == STORE_OK) {
        if (current.version != link.version && !r->o->overwrite) {
            *why = "changed here since it was imported (--overwrite replaces it)";
            early = SKIPPED;
        } else if (current.version == link.version && strcmp(link.digest, digest) == 0) {
            *where = urls_article_path(a, current.lang, current.category_slug, current.slug);
            early = UNCHANGED;
        } else {
            id = current.id;
            in->slug = current.slug; /* its address here stays */
        }
    }
    if (early != FAILED || *why) {
        store_rollback(r->store);
        return early;
    }
    if (!id) in->slug = free_slug(r, a, in->lang, in->slug);
    article_problem p;
    bool ok = name_category(r, post) == STORE_OK;
    if (!ok) snprintf(p.message, sizeof p.message, "%s", store_error(r->store));
    bool is_new = id == 0;
    /* Out of the trash to be saved (and back when it is still trash there). */
    if (ok && !is_new && current.deleted_at) ok = store_article_trash(r->store, id, false) == STORE_OK;
    ok = ok && save_article(r, a, &id, in, rep, &p);
    ok = ok && store_revision_add(r->store, id, "system", "WordPress import", editorial_snapshot(a, in)) == STORE_OK;
    if (ok && post->trash) ok = store_article_trash(r->store, id, true) == STORE_OK;
    article saved;
    ok = ok && store_article_by_id(r->store, a, id, &saved) == STORE_OK;
    if (ok) {
        import_link now = {false, id, saved.version, ""};
        snprintf(now.digest, sizeof now.digest, "%s", digest);
        const char *path = urls_article_path(a, saved.lang, saved.category_slug, saved.slug);
        *where = path;
        old_address to = {id, 0, NULL};
        ok = store_import_link_put(r->store, r->source, item->id, &now) == STORE_OK &&
             keep_address(r, a, post->old_path, &to, path) == STORE_OK &&
             keep_address(r, a, arena_printf(a, "/?p=%lld", (long long)item->id), &to, NULL) == STORE_OK &&
             keep_archives(r, a, item, in) == STORE_OK;
    }
    if (!ok) {
        const char *message = *p.message ? p.message : store_error(r->store);
        store_rollback(r->store);
        return *why = arena_strdup(a, message), FAILED;
    }
    if (!finish(r)) return *why = store_error(r->store), FAILED;
    return is_new ? IMPORTED : UPDATED;
}

/* Imports a static page: its outcome, why in *why. */
static outcome import_page(run *r, arena *a, const wxr_item *item, wp_post *post, const char *digest,
                           const char **why, const char **where) {
    static_page *in = &post->static_page;
    import_link link;
    int64_t id = 0;
    int rc = store_import_link_find(r->store, r->source, item->id, &link);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND) return *why = store_error(r->store), FAILED;
    static_page current;
    if (rc == STORE_OK && link.page && store_page_by_id(r->store, a, link.target_id, &current) == STORE_OK) {
        if (current.version != link.version && !r->o->overwrite)
            return *why = "changed here since it was imported (--overwrite replaces it)", SKIPPED;
        if (current.version == link.version && strcmp(link.digest, digest) == 0)
            return *where = urls_page_path(a, current.lang, current.slug), UNCHANGED;
        id = current.id;
        in->slug = current.slug;
        in->menu_position = current.menu_position;
    }
    article_problem p;
    if (r->o->dry_run) {
        if (!static_page_prepare(r->store, r->cfg, a, in, &p)) return *why = arena_strdup(a, p.message), FAILED;
        *where = urls_page_path(a, in->lang, in->slug);
        return id ? UPDATED : IMPORTED;
    }
    int64_t saved_id = 0, version = 0;
    const char *slug = in->slug;
    bool ok = false;
    /* A slug another page of the edition has: the next free one. */
    for (int n = 2; n < 100; n++) {
        ok = static_page_save(r->store, r->cfg, a, &r->who, id, in, 0, &saved_id, &version, &p);
        if (ok || id || p.code != STORE_CONFLICT) break;
        in->slug = arena_printf(a, "%s-%d", slug, n);
    }
    if (!ok) return *why = arena_strdup(a, p.message), FAILED;
    *where = urls_page_path(a, in->lang, in->slug);
    import_link now = {true, saved_id, version, ""};
    snprintf(now.digest, sizeof now.digest, "%s", digest);
    old_address to = {0, saved_id, NULL};
    if (store_begin(r->store) != STORE_OK) return *why = store_error(r->store), FAILED;
    ok = store_import_link_put(r->store, r->source, item->id, &now) == STORE_OK &&
         keep_address(r, a, post->old_path, &to, *where) == STORE_OK &&
         keep_address(r, a, arena_printf(a, "/?page_id=%lld", (long long)item->id), &to, NULL) == STORE_OK;
    if (!ok || !finish(r)) {
        *why = arena_strdup(a, store_error(r->store));
        store_rollback(r->store);
        return FAILED;
    }
    return id ? UPDATED : IMPORTED;
}

/* The report's line of an item, and its notes under it; the counts. */
static void report(run *r, const wxr_item *item, const char *title, outcome o, const char *why, const char *where,
                   const char *state, const wp_report *rep) {
    static const char *const said[] = {"imported", "updated", "unchanged", "skipped", "failed"};
    fprintf(r->out, "%s %lld \"%s\": %s", item->type, (long long)item->id, title, said[o]);
    if (o == SKIPPED || o == FAILED) fprintf(r->out, ": %s\n", why ? why : "");
    else fprintf(r->out, " (%s) %s\n", state, where ? where : "");
    for (size_t i = 0; i < rep->count; i++) fprintf(r->out, "  warning: %s\n", rep->notes[i]);
    if (rep->left_out) fprintf(r->out, "  warning: and %zu more\n", rep->left_out);
    int *counts[] = {&r->stats->imported, &r->stats->updated, &r->stats->unchanged, &r->stats->skipped,
                     &r->stats->failed};
    (*counts[o])++;
    r->stats->warnings += (int)(rep->count + rep->left_out);
}

/* The state a post is left in, for its line. */
static const char *state_of(const wp_post *p) {
    if (p->trash) return "in the trash";
    if (p->page) return p->static_page.published ? "published" : "unpublished";
    return workflow_name(p->article.workflow);
}

/* An attachment: its image into the library (with its alt text), as
** every image of the old site is, whether a post shows it or not; what
** is not an image, or not in the folder, is said. */
static bool attachment(run *r, arena *a, const wxr_item *item) {
    if (!r->o->media_dir) return true;
    const wp_attachment *att = wp_index_attachment(r->context.index, item->id);
    if (!att || !*att->url) return true;
    media m;
    const char *why = NULL;
    if (wp_media_find(r->context.media, a, att->url, &m, &why)) {
        wp_media_describe(r->context.media, att->url, att->alt);
        return true;
    }
    fprintf(r->out, "attachment %lld \"%s\": not in the library: %s\n", (long long)item->id,
            wp_html_text(a, item->title), why);
    r->stats->warnings++;
    return true;
}

/* wxr_handler.item of the second pass. */
static bool on_item(void *ctx, arena *a, const wxr_item *item) {
    run *r = ctx;
    if (strcmp(item->type, "attachment") == 0) return attachment(r, a, item);
    if (strcmp(item->type, "post") != 0 && strcmp(item->type, "page") != 0) {
        const char *type = *item->type ? item->type : "(none)";
        int *n = xmlHashLookup(r->others, (const xmlChar *)type);
        if (!n) {
            n = arena_zalloc(r->arena, sizeof *n);
            xmlHashAddEntry(r->others, (const xmlChar *)type, n);
        }
        (*n)++;
        return true;
    }
    wp_report rep;
    wp_report_init(&rep, a);
    if (item->terms_left_out) wp_report_note(&rep, "more than %d categories and tags: the rest left out", WXR_TERMS_MAX);
    wp_post post;
    wp_post_read(&r->context, a, item, &post, &rep);
    const char *title = post.page ? post.static_page.title : post.article.title;
    if (!title) title = wp_html_text(a, item->title);
    const char *why = post.skip, *where = NULL;
    outcome o = SKIPPED;
    if (!why) {
        char digest[33];
        digest_of(r, item, digest);
        o = post.page ? import_page(r, a, item, &post, digest, &why, &where)
                      : import_article(r, a, item, &post, digest, &rep, &why, &where);
    }
    report(r, item, title, o, why, where, state_of(&post), &rep);
    return true;
}

/* wxr_handler's callbacks for the item counts at the end. */
static void print_other(void *payload, void *data, const xmlChar *name) {
    run *r = data;
    int n = *(int *)payload;
    fprintf(r->out, "left out %d item%s of type %s (neither posts nor pages)\n", n, n == 1 ? "" : "s",
            (const char *)name);
    r->stats->skipped += n;
}

bool wp_import(store *s, const config *cfg, const char *path, const wp_import_options *o, FILE *out, FILE *err,
               wp_import_stats *st) {
    memset(st, 0, sizeof *st);
    const char *lang = o->lang ? o->lang : cfg->default_language;
    if (!config_has_language(cfg, lang)) {
        fprintf(err, "gazette import-wordpress: --lang %s is not an edition of this site\n", lang);
        st->file_failed = true;
        return false;
    }
    wxr_result result;
    wp_index *index = wp_index_read(path, &result);
    if (!index) {
        fprintf(err, "gazette import-wordpress: %s: %s\n", path, result.message);
        st->file_failed = true;
        return false;
    }
    int posts, attachments, others;
    wp_index_counts(index, &posts, &attachments, &others);
    fprintf(out, "import-wordpress: %s (%s, %s): %d posts and pages, %d attachments%s\n", path,
            *wp_index_site_title(index) ? wp_index_site_title(index) : "untitled",
            *wp_index_site_url(index) ? wp_index_site_url(index) : "no address", posts, attachments,
            o->dry_run ? "; a dry run: nothing is written" : "");
    if (wp_index_capped(index)) fprintf(out, "  warning: more authors, terms or attachments than an import keeps: some left out\n");
    run r = {.store = s, .cfg = cfg, .o = o, .out = out, .stats = st, .arena = arena_new()};
    r.who = (actor){.id = "system", .name = "WordPress import", .role = ROLE_ADMIN, .address = ""};
    r.source = *wp_index_site_url(index) ? wp_index_site_url(index) : path;
    wp_media *images = wp_media_new(s, cfg, o->media_dir, o->dry_run, &r.who);
    r.context = (wp_context){s, cfg, index, images, lang};
    r.others = xmlHashCreate(16);
    r.archives = xmlHashCreate(256);
    wxr_handler h = {NULL, NULL, NULL, on_item, &r};
    bool whole = wxr_read(path, &h, &result);
    xmlHashScan(r.others, print_other, &r);
    if (!whole) {
        fprintf(err, "gazette import-wordpress: %s: %s\n", path, result.message);
        st->file_failed = true;
    }
    int stored, known;
    wp_media_counts(images, &stored, &known);
    fprintf(out, "import-wordpress: %d imported, %d updated, %d unchanged, %d skipped, %d warnings, %d failed"
                 "; %d images stored (%d known already)%s\n",
            st->imported, st->updated, st->unchanged, st->skipped, st->warnings, st->failed, stored, known,
            o->dry_run ? "; dry run: nothing was written" : "");
    xmlHashFree(r.others, NULL);
    xmlHashFree(r.archives, NULL);
    wp_media_free(images);
    wp_index_free(index);
    arena_free(r.arena);
    return !st->file_failed && st->failed == 0;
}
