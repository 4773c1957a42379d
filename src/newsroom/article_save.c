/* Validation and saving of articles. See article_save.h. */
#include "article_save.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Checks a required or optional line of text: valid UTF-8, no control
** characters (no line breaks in a title), at most max characters. */
static bool check_line(const char *field, const char *value, bool required, size_t max,
                       char *err, size_t errlen) {
    if (!value || !*value) {
        if (!required) return true;
        snprintf(err, errlen, "field '%s': is required", field);
        return false;
    }
    size_t len = strlen(value);
    if (!utf8_valid(value, len)) {
        snprintf(err, errlen, "field '%s': is not valid UTF-8", field);
        return false;
    }
    const unsigned char *p = (const unsigned char *)value;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(p + i, len - i, &cp);
        /* Control characters and the Unicode line and paragraph separators. */
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            snprintf(err, errlen, "field '%s': must be one line without control characters",
                     field);
            return false;
        }
    }
    if (utf8_length(value) > max) {
        snprintf(err, errlen, "field '%s': is longer than %zu characters", field, max);
        return false;
    }
    return true;
}

static bool check_fields(const config *cfg, arena *a, article_input *in, char *err,
                         size_t errlen) {
    if (!check_line("title", in->title, true, TITLE_MAX_CHARS, err, errlen) ||
        !check_line("subtitle", in->subtitle, false, SUBTITLE_MAX_CHARS, err, errlen) ||
        !check_line("author", in->author, false, AUTHOR_MAX_CHARS, err, errlen) ||
        !check_line("translation_key", in->translation_key, false, SLUG_MAX, err, errlen))
        return false;
    if (!in->lang || !*in->lang) in->lang = cfg->default_language;
    if (!config_has_language(cfg, in->lang)) {
        snprintf(err, errlen, "field 'lang': '%.20s' is not one of the site's languages",
                 in->lang);
        return false;
    }
    if (!in->author || !*in->author) in->author = cfg->site_name;
    if (!in->category_slug || !*in->category_slug) {
        snprintf(err, errlen, "field 'category': is required");
        return false;
    }
    if (!slug_valid(in->category_slug, SLUG_MAX)) {
        snprintf(err, errlen,
                 "field 'category': must be a slug of lowercase letters, digits and hyphens");
        return false;
    }
    if (urls_reserved_category(in->category_slug)) {
        snprintf(err, errlen, "field 'category': '%s' is reserved for the site's own pages",
                 in->category_slug);
        return false;
    }
    if (in->slug && *in->slug) {
        if (!slug_valid(in->slug, SLUG_MAX)) {
            snprintf(err, errlen,
                     "field 'slug': must be lowercase ASCII letters, digits and single hyphens,"
                     " at most %d characters",
                     SLUG_MAX);
            return false;
        }
    } else {
        in->slug = slugify(a, in->title, 80);
        if (!*in->slug) {
            snprintf(err, errlen, "field 'slug': cannot be made from the title; give one");
            return false;
        }
    }
    if (in->translation_key && *in->translation_key && !slug_valid(in->translation_key, SLUG_MAX)) {
        snprintf(err, errlen, "field 'translation_key': must be a slug");
        return false;
    }
    if (in->tag_count > TAGS_MAX) {
        snprintf(err, errlen, "field 'tags': at most %d tags", TAGS_MAX);
        return false;
    }
    for (size_t i = 0; i < in->tag_count; i++)
        if (!check_line("tags", in->tags[i], true, TAG_MAX_CHARS, err, errlen)) return false;
    size_t body_len = in->body_markdown ? strlen(in->body_markdown) : 0;
    if (body_len > BODY_MAX_BYTES) {
        snprintf(err, errlen, "body: longer than %d bytes", BODY_MAX_BYTES);
        return false;
    }
    if (!utf8_valid(in->body_markdown ? in->body_markdown : "", body_len)) {
        snprintf(err, errlen, "body: is not valid UTF-8");
        return false;
    }
    return true;
}

/* Checks the fields and renders the body once, as HTML and as text. */
static bool prepare(const config *cfg, arena *a, article_input *in, char *err, size_t errlen) {
    if (!check_fields(cfg, a, in, err, errlen)) return false;
    if (!in->body_markdown) in->body_markdown = "";
    /* A dated article asked to be published waits for its date: scheduled. */
    if (in->workflow == WF_PUBLISHED && in->published_at > (int64_t)time(NULL))
        in->workflow = WF_SCHEDULED;
    if (in->workflow == WF_UNSET && in->status == ARTICLE_PUBLISHED)
        in->workflow = in->published_at > (int64_t)time(NULL) ? WF_SCHEDULED : WF_PUBLISHED;
    char *html = markdown_to_html(in->body_markdown, strlen(in->body_markdown));
    char *text = html ? markdown_to_text(in->body_markdown, strlen(in->body_markdown)) : NULL;
    if (!html || !text) {
        free(html);
        snprintf(err, errlen, "body: the Markdown renderer failed");
        return false;
    }
    in->body_html = arena_strdup(a, html);
    in->body_text = arena_strdup(a, text);
    free(html);
    free(text);
    return true;
}

bool article_save(store *s, const config *cfg, arena *a, article_input *in, int64_t *id,
                  bool *created, char *err, size_t errlen) {
    if (!prepare(cfg, a, in, err, errlen)) return false;
    if (store_article_save(s, in, id, created) != STORE_OK) {
        snprintf(err, errlen, "cannot save: %s", store_error(s));
        return false;
    }
    return true;
}

bool article_update(store *s, const config *cfg, arena *a, int64_t id, article_input *in,
                    char *err, size_t errlen) {
    if (!prepare(cfg, a, in, err, errlen)) return false;
    int64_t other;
    int rc = store_article_find(s, in->lang, in->slug, &other);
    if (rc == STORE_ERROR) {
        snprintf(err, errlen, "cannot save: %s", store_error(s));
        return false;
    }
    if (rc == STORE_OK && other != id) {
        snprintf(err, errlen, "field 'slug': another article of this edition has the slug '%s'",
                 in->slug);
        return false;
    }
    rc = store_article_update(s, id, in);
    if (rc == STORE_NOT_FOUND) {
        snprintf(err, errlen, "the article does not exist");
        return false;
    }
    if (rc != STORE_OK) {
        snprintf(err, errlen, "cannot save: %s", store_error(s));
        return false;
    }
    return true;
}
