/* One WordPress post or page as Gazette has it. See post.h. */
#include "post.h"
#include "../../core/media_files.h"
#include "../../core/text.h"
#include "../../core/urls.h"
#include "../../render/markdown.h"
#include "../article_save.h"
#include "../static_pages.h"
#include "body.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the body's callbacks need: the run's context, the post and its notes. */
typedef struct body_ctx {
    const wp_context *c;
    const wxr_item *item;
    wp_report *r;
} body_ctx;

/* The address an image the old site had at url keeps when it is not
** imported: absolute, and https. */
static const char *original_address(arena *a, const char *url) {
    if (strncmp(url, "http://", 7) == 0) return arena_printf(a, "https://%s", url + 7);
    return url;
}

/* The largest width of m's variants ("480 960 1600"). */
static int largest_width(const media *m) {
    int largest = 0;
    for (const char *p = m->variants ? m->variants : ""; *p;) {
        int w = atoi(p);
        if (w > largest) largest = w;
        p += strcspn(p, " ");
        p += strspn(p, " ");
    }
    return largest;
}

/* wp_body_env.image: the library's copy of the image at url, or its old address. */
static const char *image_address(void *ctx, arena *a, const char *url) {
    body_ctx *b = ctx;
    media m;
    const char *why = NULL;
    if (wp_media_find(b->c->media, a, url, &m, &why) && m.hash) {
        const wp_attachment *att = wp_index_attachment_at(b->c->index, url);
        if (att) wp_media_describe(b->c->media, url, att->alt);
        int width = largest_width(&m);
        if (width > 0) return media_url(a, m.hash, width, "jpg");
    }
    if (why) wp_report_note(b->r, "image %s: %s; it keeps its old address", url, why);
    return original_address(a, url);
}

/* wp_body_env.gallery: the pictures of the attachment ids, or the post's own. */
static void gallery_images(void *ctx, arena *a, const char *ids, wp_image **images, size_t *count) {
    body_ctx *b = ctx;
    const wp_attachment *found[100];
    size_t n = 0;
    if (!ids || !*ids) {
        n = wp_index_attached(b->c->index, b->item->id, found, sizeof found / sizeof found[0]);
    } else {
        for (const char *p = ids; *p && n < sizeof found / sizeof found[0];) {
            long long id = strtoll(p, NULL, 10);
            const wp_attachment *att = wp_index_attachment(b->c->index, id);
            if (att) found[n++] = att;
            else wp_report_note(b->r, "gallery: attachment %lld is not in the export", id);
            p += strcspn(p, ",");
            p += strspn(p, ", ");
        }
    }
    wp_image *out = arena_alloc(a, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const char *caption = wp_html_text(a, found[i]->caption);
        out[i] = (wp_image){image_address(b, a, found[i]->url), *found[i]->alt ? found[i]->alt : NULL,
                            *caption ? caption : NULL};
    }
    *images = out;
    *count = n;
}

/* The first term of item of taxonomy, or NULL. */
static const wxr_term *first_term(const wxr_item *item, const char *taxonomy) {
    for (size_t i = 0; i < item->term_count; i++)
        if (strcmp(item->terms[i].taxonomy, taxonomy) == 0 && *item->terms[i].slug) return &item->terms[i];
    return NULL;
}

/* The edition the post goes to: Polylang's language term, WPML's meta,
** else the one asked for; NULL with *skip when it names one the site
** does not run. */
static const char *edition_of(const wp_context *c, arena *a, const wxr_item *item, const char **skip) {
    const wxr_term *t = first_term(item, "language");
    const char *named = t ? t->slug : wxr_meta_value(item, "_wpml_language");
    if (!named) named = wxr_meta_value(item, "wpml_language");
    if (!named || !*named) return c->lang;
    /* "en", or a locale's language ("en_US", "pt-br"). */
    char code[4] = "";
    size_t n = strcspn(named, "_-");
    if (n >= 2 && n <= 3) {
        for (size_t i = 0; i < n; i++) code[i] = (char)(named[i] | 0x20);
        code[n] = '\0';
    }
    if (*code && config_has_language(c->cfg, code)) return arena_strdup(a, code);
    *skip = arena_printf(a, "in language '%s', which this site has no edition of", named);
    return NULL;
}

const char *wp_category_slug(arena *a, const wxr_term *t) {
    const char *slug = slug_valid(t->slug, SLUG_MAX) ? t->slug : slugify(a, t->name, SLUG_MAX);
    if (!slug || !*slug) slug = "uncategorized";
    if (urls_reserved_category(slug)) slug = arena_printf(a, "%s-section", slug);
    return slug;
}

/* The category's name with its parents' before it ("World / Europe"), at most four. */
static const char *category_name(const wp_context *c, arena *a, const wxr_term *t) {
    const char *name = wp_html_text(a, t->name); /* exports keep names with their entities */
    const wxr_term *at = t;
    for (int depth = 0; depth < 3 && at->parent && *at->parent; depth++) {
        const wxr_term *parent = wp_index_term(c->index, "category", at->parent);
        if (!parent || parent == t) break;
        name = arena_printf(a, "%s / %s", wp_html_text(a, parent->name), name);
        at = parent;
    }
    return name;
}

/* The post's category: Yoast's primary one when it names one, else the first. */
static const wxr_term *category_of(const wp_context *c, const wxr_item *item) {
    const char *primary = wxr_meta_value(item, "_yoast_wpseo_primary_category");
    const wxr_term *t = primary ? wp_index_term_by_id(c->index, strtoll(primary, NULL, 10)) : NULL;
    if (t && strcmp(t->taxonomy, "category") == 0) return t;
    t = first_term(item, "category");
    const wxr_term *known = t ? wp_index_term(c->index, "category", t->slug) : NULL;
    return known ? known : t;
}

/* Tags: the other categories' names, then the tags', each once, at most TAGS_MAX. */
static void tags_of(arena *a, const wxr_item *item, const wxr_term *chosen, article_input *in, wp_report *r) {
    const char **tags = arena_alloc(a, (item->term_count ? item->term_count : 1) * sizeof *tags);
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < item->term_count; i++) {
            const wxr_term *t = &item->terms[i];
            if (strcmp(t->taxonomy, pass == 0 ? "category" : "post_tag") != 0) continue;
            if (pass == 0 && chosen && strcmp(t->slug, chosen->slug) == 0) continue;
            const char *name = wp_first_words(a, wp_html_text(a, *t->name ? t->name : t->slug), TAG_MAX_CHARS - 1);
            bool again = !*name;
            for (size_t k = 0; k < n && !again; k++) again = strcmp(tags[k], name) == 0;
            if (again) continue;
            if (n == TAGS_MAX) {
                wp_report_note(r, "more than %d categories and tags: the rest left out", TAGS_MAX);
                break;
            }
            tags[n++] = name;
        }
    }
    in->tags = tags;
    in->tag_count = n;
}

/* Status and date (see post.h). */
static void state_of(const wxr_item *item, article_input *in, bool *trash, wp_report *r) {
    int64_t when;
    if (!wp_gmt_time(item->date_gmt, &when) && !wp_gmt_time(item->date, &when)) when = (int64_t)time(NULL);
    in->published_at = when;
    const char *s = item->status;
    in->status = ARTICLE_DRAFT;
    in->workflow = WF_DRAFT;
    if (*item->password) {
        wp_report_note(r, "password-protected on WordPress: imported as a draft, never public");
    } else if (strcmp(s, "publish") == 0) {
        in->status = ARTICLE_PUBLISHED;
        in->workflow = when > (int64_t)time(NULL) ? WF_SCHEDULED : WF_PUBLISHED;
    } else if (strcmp(s, "future") == 0) {
        in->status = ARTICLE_PUBLISHED;
        in->workflow = WF_SCHEDULED;
    } else if (strcmp(s, "pending") == 0) {
        in->workflow = WF_REVIEW;
    } else if (strcmp(s, "private") == 0) {
        wp_report_note(r, "private on WordPress: imported as a draft, never public");
    } else if (strcmp(s, "trash") == 0) {
        *trash = true;
    } else if (strcmp(s, "draft") != 0 && strcmp(s, "auto-draft") != 0) {
        wp_report_note(r, "status '%s' is not WordPress's own: imported as a draft", s);
    }
}

/* The lead image: the featured image's attachment, with its caption and alt text. */
static void lead_image_of(const wp_context *c, arena *a, const wxr_item *item, article_input *in, wp_report *r) {
    const char *thumb = wxr_meta_value(item, "_thumbnail_id");
    if (!thumb || !*thumb) return;
    const wp_attachment *att = wp_index_attachment(c->index, strtoll(thumb, NULL, 10));
    if (!att) {
        wp_report_note(r, "featured image %s is not in the export", thumb);
        return;
    }
    media m;
    const char *why = NULL;
    if (!wp_media_find(c->media, a, att->url, &m, &why)) {
        wp_report_note(r, "featured image %s: %s; imported without it", att->url, why);
        return;
    }
    wp_media_describe(c->media, att->url, att->alt);
    in->lead_image_id = m.id;
    const char *caption = wp_html_text(a, att->caption);
    in->lead_image_caption = *caption ? caption : NULL;
    in->lead_image_alt = *att->alt ? wp_first_words(a, att->alt, ALT_MAX_CHARS - 1) : NULL;
}

/* A slug for the post: WordPress's when Gazette can take it, else made from the title. */
static const char *slug_of(arena *a, const wxr_item *item, const char *title) {
    if (slug_valid(item->slug, SLUG_MAX)) return item->slug;
    const char *slug = slugify(a, title, 80);
    if (slug && *slug) return slug;
    return arena_printf(a, "wordpress-%lld", (long long)item->id);
}

void wp_post_read(const wp_context *c, arena *a, const wxr_item *item, wp_post *out, wp_report *r) {
    memset(out, 0, sizeof *out);
    out->page = strcmp(item->type, "page") == 0;
    out->lang = edition_of(c, a, item, &out->skip);
    if (!out->lang) return;
    body_ctx b = {c, item, r};
    wp_body_env env = {*wp_index_site_url(c->index) ? wp_index_site_url(c->index) : NULL, image_address, gallery_images,
                       &b};
    const char *body = wp_body_to_markdown(a, item->content, &env, r);
    const char *title = wp_html_text(a, item->title);
    if (strchr(item->title, '<')) wp_report_note(r, "the title's markup was left out");
    if (!*title) {
        char *text = markdown_to_text(body, strlen(body));
        title = wp_first_words(a, text ? text : "", 80);
        free(text);
        if (!*title) title = arena_printf(a, "Untitled (WordPress %lld)", (long long)item->id);
        wp_report_note(r, "untitled on WordPress: titled \"%s\" from its first words", title);
    }
    title = wp_first_words(a, title, TITLE_MAX_CHARS - 1);
    const char *link = wp_url_path(a, item->link, OLD_ADDRESS_MAX);
    out->old_path = link;
    if (out->page) {
        static_page *p = &out->static_page;
        p->lang = out->lang;
        p->slug = slug_of(a, item, title);
        p->title = wp_first_words(a, title, PAGE_TITLE_MAX_CHARS - 1);
        p->description = wp_first_words(a, wp_html_text(a, item->excerpt), PAGE_DESCRIPTION_MAX_CHARS - 1);
        p->body_markdown = body;
        p->published = strcmp(item->status, "publish") == 0 && !*item->password;
        out->trash = strcmp(item->status, "trash") == 0;
        if (!p->published && strcmp(item->status, "draft") != 0)
            wp_report_note(r, "a %s page on WordPress: imported unpublished", *item->password ? "password-protected" : item->status);
        return;
    }
    article_input *in = &out->article;
    in->lang = out->lang;
    in->title = title;
    in->slug = slug_of(a, item, title);
    in->subtitle = wp_first_words(a, wp_html_text(a, item->excerpt), SUBTITLE_MAX_CHARS - 1);
    in->body_markdown = body;
    /* Names are text: whatever markup an export holds in them is left out. */
    const char *byline = wp_index_author(c->index, item->creator);
    const char *name = byline ? byline : *item->creator ? item->creator : wp_index_site_title(c->index);
    in->author = wp_first_words(a, wp_html_text(a, name), AUTHOR_MAX_CHARS - 1);
    if (!*in->author) in->author = "Newsroom";
    in->featured = item->sticky;
    const wxr_term *chosen = category_of(c, item);
    if (chosen) {
        in->category_slug = wp_category_slug(a, chosen);
        out->category_name = category_name(c, a, chosen);
        out->category_description = chosen->description ? wp_html_text(a, chosen->description) : NULL;
    } else {
        in->category_slug = "uncategorized";
        out->category_name = "Uncategorized";
    }
    tags_of(a, item, chosen, in, r);
    state_of(item, in, &out->trash, r);
    lead_image_of(c, a, item, in, r);
    const wxr_term *group = first_term(item, "post_translations");
    if (group) in->translation_key = slugify(a, arena_printf(a, "wp-%s", group->slug), SLUG_MAX);
}
