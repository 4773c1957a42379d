/*
** The editor's "Search and social" fieldset: the SEO title and
** description with their character counts against what search engines
** show (about SEO_TITLE_SHOWN_CHARS and SEO_DESCRIPTION_SHOWN_CHARS), the
** social image chosen from the library (like the lead image), the
** canonical URL of a syndicated story, and a preview of the search result
** (title, address, description) and of the social card (image, title,
** description). Everything is rendered here, so the form says it all
** without script; admin.js (setupSeo) updates counts and previews as one
** types, by the same rules: the override, else the article's own field.
*/
#include "admin_seo.h"
#include "article_save.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/image.h"

#include <string.h>

/* text cut to at most max code points, with "…" when cut, in a. */
static const char *shorten(arena *a, const char *text, size_t max) {
    size_t len = strlen(text), at = 0, points = 0;
    const unsigned char *bytes = (const unsigned char *)text;
    while (at < len && points < max) {
        uint32_t cp;
        size_t used = utf8_decode(bytes + at, len - at, &cp);
        at += used ? used : 1;
        points++;
    }
    if (at >= len) return text;
    return arena_printf(a, "%.*s…", (int)at, text);
}

/* The number of code points of text (NULL: 0); bytes when not UTF-8. */
static int64_t count_of(const char *text) {
    if (!text) return 0;
    return (int64_t)(utf8_valid(text, strlen(text)) ? utf8_length(text) : strlen(text));
}

/* A non-empty text or NULL. */
static const char *set(const char *text) { return text && *text ? text : NULL; }

/* A choice of the social image: value, label, its small picture's URL. */
static void add_image(tv *list, const char *value, const char *label, const char *src, bool selected) {
    tv *o = tv_object(list->arena);
    tv_set_text(o, "value", value);
    tv_set_text(o, "label", label);
    tv_set_text(o, "src", src ? src : "");
    tv_set_bool(o, "selected", selected);
    tv_push(list, o);
}

/* The card's host name ("news.example.com") of an absolute URL, in a. */
static const char *host_of(arena *a, const char *url) {
    const char *start = strstr(url, "://");
    start = start ? start + 3 : url;
    return arena_strndup(a, start, strcspn(start, "/?#:"));
}

void admin_seo_context(admin_page *p, const article *a, const article_input *in, const media *library,
                       size_t count, const char *error_field) {
    arena *ar = p->arena;
    const config *cfg = p->site->cfg;
    const char *lang = in->lang && *in->lang ? in->lang : cfg->default_language;
    const char *site_name = config_site_name(cfg, lang);
    tv *seo = tv_object(ar);
    tv_set_text(seo, "title", in->seo_title ? in->seo_title : "");
    tv_set_text(seo, "description", in->seo_description ? in->seo_description : "");
    tv_set_text(seo, "canonical_url", in->canonical_url ? in->canonical_url : "");
    int64_t title_count = count_of(in->seo_title), description_count = count_of(in->seo_description);
    tv_set_int(seo, "title_count", title_count);
    tv_set_int(seo, "description_count", description_count);
    tv_set_bool(seo, "title_long", title_count > SEO_TITLE_SHOWN_CHARS);
    tv_set_bool(seo, "description_long", description_count > SEO_DESCRIPTION_SHOWN_CHARS);
    tv_set_int(seo, "title_shown", SEO_TITLE_SHOWN_CHARS);
    tv_set_int(seo, "description_shown", SEO_DESCRIPTION_SHOWN_CHARS);
    tv_set_int(seo, "title_max", SEO_TITLE_MAX_CHARS);
    tv_set_int(seo, "description_max", SEO_DESCRIPTION_MAX_CHARS);
    tv_set_int(seo, "canonical_max", CANONICAL_URL_MAX_BYTES);
    bool ours = error_field && (strncmp(error_field, "seo_", 4) == 0 || strcmp(error_field, "social_image_id") == 0 ||
                                strcmp(error_field, "canonical_url") == 0);
    tv_set_bool(seo, "open", ours || set(in->seo_title) || set(in->seo_description) || in->social_image_id ||
                                 set(in->canonical_url));

    /* The social image: the lead image (else the site's card), or one of
    ** the library's; the card shows the chosen one's small variant. */
    tv *images = tv_list(ar);
    add_image(images, "0", admin_tr(p, N_("The lead image")), "", in->social_image_id == 0);
    const char *card_image = NULL, *lead_image = NULL;
    bool listed = in->social_image_id == 0;
    for (size_t i = 0; i < count; i++) {
        const media *m = &library[i];
        const char *label = arena_printf(ar, "%s (%dx%d)", *m->original_name ? m->original_name : m->hash, m->width,
                                         m->height);
        const char *src = image_small(ar, m);
        add_image(images, arena_printf(ar, "%lld", (long long)m->id), label, src, m->id == in->social_image_id);
        if (m->id == in->social_image_id) {
            card_image = src;
            listed = true;
        }
        if (m->id == in->lead_image_id) lead_image = src;
    }
    media chosen;
    if (!listed && store_media_by_id(p->site->store, ar, in->social_image_id, &chosen) == STORE_OK) {
        /* Older than the list shows: still a choice, and still chosen. */
        card_image = image_small(ar, &chosen);
        add_image(images, arena_printf(ar, "%lld", (long long)chosen.id),
                  arena_printf(ar, "%s (%dx%d)", *chosen.original_name ? chosen.original_name : chosen.hash,
                               chosen.width, chosen.height), card_image, true);
    }
    if (!lead_image && in->lead_image_id && store_media_by_id(p->site->store, ar, in->lead_image_id, &chosen) == STORE_OK)
        lead_image = image_small(ar, &chosen);
    tv_set(seo, "images", images);

    /* The previews, as search engines and social networks show them. */
    const char *title = set(in->seo_title) ? in->seo_title : in->title ? in->title : "";
    const char *description = set(in->seo_description) ? in->seo_description
                              : set(in->subtitle)       ? in->subtitle
                                                        : in->title ? in->title : "";
    const char *own = a ? arena_printf(ar, "%s%s", cfg->base_url, urls_article_path(ar, a->lang, a->category_slug, a->slug))
                        : arena_printf(ar, "%s/%s/…", cfg->base_url, lang);
    const char *url = set(in->canonical_url) ? in->canonical_url : own;
    tv_set_text(seo, "site_name", site_name);
    tv_set_text(seo, "own_url", own);
    tv_set_text(seo, "result_title", shorten(ar, arena_printf(ar, "%s — %s", title, site_name), SEO_TITLE_SHOWN_CHARS));
    tv_set_text(seo, "result_url", url);
    tv_set_text(seo, "result_description", shorten(ar, description, SEO_DESCRIPTION_SHOWN_CHARS));
    tv_set_text(seo, "card_title", title);
    tv_set_text(seo, "card_description", shorten(ar, description, SEO_DESCRIPTION_SHOWN_CHARS));
    tv_set_text(seo, "card_host", host_of(ar, url));
    if (!card_image) card_image = lead_image;
    if (card_image) tv_set_text(seo, "card_image", card_image);
    tv_set(p->ctx, "seo", seo);
}
