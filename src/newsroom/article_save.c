/* Validation and saving of articles. See article_save.h. */
#include "article_save.h"
#include "merge.h"
#include "../core/buf.h"
#include "../core/media_files.h"
#include "../core/text.h"
#include "../core/urls.h"
#include "../render/i18n.h"
#include "../render/markdown.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Fills p for a bad field from its reason (why; reason, its English): the
** message "field 'x': reason" (or "body: reason"). Returns false. */
static bool invalid_because(article_problem *p, const char *field, const user_message *why, const char *reason) {
    p->code = ARTICLE_INVALID;
    p->field = field;
    p->why = *why;
    if (strcmp(field, "body_markdown") == 0) snprintf(p->message, sizeof p->message, "body: %s", reason);
    else snprintf(p->message, sizeof p->message, "field '%s': %s", field, reason);
    return false;
}

bool article_invalid(article_problem *p, const char *field, const char *fmt, ...) {
    user_message why;
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    user_message_vset(&why, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return invalid_because(p, field, &why, reason);
}

/* Fills p for a store error. Returns false. */
static bool store_problem(article_problem *p, store *s, int code, const char *what) {
    p->code = code;
    p->field = code == STORE_CONFLICT ? "slug" : NULL;
    if (code == STORE_CONFLICT)
        snprintf(p->message, sizeof p->message, "another article already uses this address: change its slug");
    else if (code == STORE_STALE)
        snprintf(p->message, sizeof p->message, "the article was changed by someone else since it was opened");
    else if (code == STORE_FULL)
        snprintf(p->message, sizeof p->message, "%s: the disk is full; nothing was saved", what);
    else if (code == STORE_UNAVAILABLE)
        snprintf(p->message, sizeof p->message, "%s: the database cannot be reached; nothing was saved", what);
    else
        snprintf(p->message, sizeof p->message, "%s: %s", what, store_error(s));
    return false;
}

/* Checks a required or optional line of text: valid UTF-8, no control
** characters (no line breaks in a title), at most max characters. */
static bool check_line(const char *field, const char *value, bool required, size_t max, article_problem *p) {
    if (!value || !*value) return required ? article_invalid(p, field, N_("is required")) : true;
    size_t len = strlen(value);
    if (!utf8_valid(value, len)) return article_invalid(p, field, N_("is not valid UTF-8"));
    const unsigned char *bytes = (const unsigned char *)value;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(bytes + i, len - i, &cp);
        /* Control characters and the Unicode line and paragraph separators. */
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
            return article_invalid(p, field, N_("must be one line without control characters"));
    }
    if (utf8_length(value) > max) return article_invalid(p, field, N_("is longer than %zu characters"), max);
    return true;
}

static bool check_fields(const config *cfg, arena *a, article_input *in, article_problem *p) {
    if (!check_line("title", in->title, true, TITLE_MAX_CHARS, p) ||
        !check_line("subtitle", in->subtitle, false, SUBTITLE_MAX_CHARS, p) ||
        !check_line("author", in->author, false, AUTHOR_MAX_CHARS, p) ||
        !check_line("lead_image_alt", in->lead_image_alt, false, ALT_MAX_CHARS, p) ||
        !check_line("translation_key", in->translation_key, false, SLUG_MAX, p))
        return false;
    if (!in->lang || !*in->lang) in->lang = cfg->default_language;
    if (!config_has_language(cfg, in->lang))
        return article_invalid(p, "lang", N_("'%.20s' is not one of the site's languages"), in->lang);
    if (!in->author || !*in->author) in->author = cfg->site_name;
    if (!in->category_slug || !*in->category_slug) return article_invalid(p, "category", N_("is required"));
    if (!slug_valid(in->category_slug, SLUG_MAX))
        return article_invalid(p, "category", N_("must be a slug of lowercase letters, digits and hyphens"));
    if (urls_reserved_category(in->category_slug))
        return article_invalid(p, "category", N_("'%s' is reserved for the site's own pages"), in->category_slug);
    if (in->slug && *in->slug) {
        if (!slug_valid(in->slug, SLUG_MAX))
            return article_invalid(p, "slug", N_("must be lowercase ASCII letters, digits and single hyphens, at most %d characters"),
                           SLUG_MAX);
    } else {
        in->slug = slugify(a, in->title, 80);
        if (!*in->slug) return article_invalid(p, "slug", N_("cannot be made from the title; give one"));
    }
    if (in->translation_key && *in->translation_key && !slug_valid(in->translation_key, SLUG_MAX))
        return article_invalid(p, "translation_key", N_("must be a slug"));
    if (in->tag_count > TAGS_MAX) return article_invalid(p, "tags", N_("at most %d tags"), TAGS_MAX);
    for (size_t i = 0; i < in->tag_count; i++)
        if (!check_line("tags", in->tags[i], true, TAG_MAX_CHARS, p)) return false;
    size_t body_len = in->body_markdown ? strlen(in->body_markdown) : 0;
    if (body_len > BODY_MAX_BYTES) return article_invalid(p, "body_markdown", N_("longer than %d bytes"), BODY_MAX_BYTES);
    if (!utf8_valid(in->body_markdown ? in->body_markdown : "", body_len))
        return article_invalid(p, "body_markdown", N_("is not valid UTF-8"));
    return true;
}

const char *article_byline(arena *a, const char *lang, const article_author *authors, size_t n) {
    buf b;
    buf_init(&b, a);
    const char *and = i18n_translate_context(lang, "byline", NC_("byline", "and"));
    for (size_t i = 0; i < n; i++) {
        if (i > 0) buf_printf(&b, i + 1 == n ? " %s " : ", ", and);
        buf_printf(&b, "%s", authors[i].name);
    }
    return b.data ? b.data : "";
}

/* Checks and completes in's authors: its list (or the byline as its one
** author, the site's name when empty), each a name of one line with an
** address (its slug, or one made from the name), none twice, at most
** ARTICLE_AUTHORS_MAX; a name the profile at that address has replaces
** the one given. Sets in->author to the byline (article_byline). */
static bool check_authors(store *s, arena *a, article_input *in, article_problem *p) {
    if (in->author_count == 0) {
        article_author *one = arena_alloc(a, sizeof *one);
        *one = (article_author){NULL, in->author};
        in->authors = one;
        in->author_count = 1;
    }
    if (in->author_count > ARTICLE_AUTHORS_MAX)
        return article_invalid(p, "authors", N_("at most %d authors"), ARTICLE_AUTHORS_MAX);
    article_author *list = arena_alloc(a, in->author_count * sizeof *list);
    for (size_t i = 0; i < in->author_count; i++) {
        const article_author *given = &in->authors[i];
        if (!check_line("authors", given->name, true, AUTHOR_MAX_CHARS, p)) return false;
        const char *slug = given->slug && *given->slug ? given->slug : slugify(a, given->name, SLUG_MAX);
        if (!slug_valid(slug, SLUG_MAX))
            return article_invalid(p, "authors", N_("'%.60s' makes no address: give it one in Latin letters"), given->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(list[j].slug, slug) == 0) return article_invalid(p, "authors", N_("'%.60s' is listed twice"), given->name);
        list[i] = (article_author){slug, given->name};
        author_profile profile;
        if (s && store_author_by_slug(s, a, slug, &profile) == STORE_OK) list[i].name = profile.name;
    }
    in->authors = list;
    in->author = article_byline(a, in->lang, list, in->author_count);
    return true;
}

/* Checks an absolute http(s) URL for canonical_url: at most
** CANONICAL_URL_MAX_BYTES, printable ASCII without spaces, quotes or
** angle brackets, "https://" or "http://" then a host (letters, digits,
** '-', '.', a port, an IPv6 address in brackets) and no user or password.
** Anything else (javascript:, data:, a relative path) is refused. */
static bool check_canonical_url(const char *url, article_problem *p) {
    static const char field[] = "canonical_url";
    if (!url || !*url) return true;
    size_t len = strlen(url);
    if (len > CANONICAL_URL_MAX_BYTES) return article_invalid(p, field, N_("is longer than %d bytes"), CANONICAL_URL_MAX_BYTES);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`')
            return article_invalid(p, field, N_("must be one address without spaces, quotes or other characters than ASCII "
                                     "(percent-encode them)"));
    }
    const char *rest;
    if (strncasecmp(url, "https://", 8) == 0) rest = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0) rest = url + 7;
    else return article_invalid(p, field, N_("must be an absolute address starting with https:// (or http://)"));
    size_t authority = strcspn(rest, "/?#");
    if (authority == 0) return article_invalid(p, field, N_("must name a host after https://"));
    if (memchr(rest, '@', authority)) return article_invalid(p, field, N_("must not carry a user name or password"));
    for (size_t i = 0; i < authority; i++) {
        char c = rest[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == ':' || c == '[' || c == ']'))
            return article_invalid(p, field, N_("has a host that is not a domain name or an address"));
    }
    return true;
}

/* Checks the search and social overrides of in; the social image must be
** in the library of s (when s is not NULL). */
static bool check_seo(store *s, arena *a, const article_input *in, article_problem *p) {
    if (!check_line("seo_title", in->seo_title, false, SEO_TITLE_MAX_CHARS, p) ||
        !check_line("seo_description", in->seo_description, false, SEO_DESCRIPTION_MAX_CHARS, p) ||
        !check_canonical_url(in->canonical_url, p))
        return false;
    if (in->social_image_id < 0) return article_invalid(p, "social_image_id", N_("must be the id of an image in the library, or 0"));
    if (in->social_image_id && s) {
        media m;
        int rc = store_media_by_id(s, a, in->social_image_id, &m);
        if (rc == STORE_NOT_FOUND)
            return article_invalid(p, "social_image_id", N_("image %lld is not in the library"), (long long)in->social_image_id);
        if (rc != STORE_OK) return store_problem(p, s, rc, "cannot check the social image");
    }
    return true;
}

/* The body with every "\r\n" and lone "\r" made "\n": what the editor's
** form, Windows files and other tools send comes back as it went in. */
static const char *normalise_newlines(arena *a, const char *text) {
    if (!strchr(text, '\r')) return text;
    char *out = arena_alloc(a, strlen(text) + 1), *o = out;
    for (const char *c = text; *c; c++) {
        if (*c != '\r') *o++ = *c;
        else {
            *o++ = '\n';
            if (c[1] == '\n') c++;
        }
    }
    *o = '\0';
    return out;
}

bool article_check_line(const char *field, const char *value, bool required, size_t max, article_problem *p) {
    return check_line(field, value, required, max, p);
}

const char *article_normalise_newlines(arena *a, const char *text) { return normalise_newlines(a, text); }

markdown_limits article_markdown_limits(const config *cfg) {
    return (markdown_limits){cfg->markdown_max_table_columns, cfg->markdown_max_table_cells, cfg->markdown_max_nesting,
                             cfg->markdown_max_output_ratio, cfg->markdown_max_marks, cfg->markdown_max_links};
}

/* What the resolver of body images needs. */
typedef struct resolver {
    store *s;
    const config *cfg;
    arena *a;
} resolver;

/* The hash of a URL of one of our images ("/media/HASH-960.jpg",
** "/media/HASH.png", base_url before or not) in hash, or false. */
static bool media_hash_of(const config *cfg, const char *url, char hash[33]) {
    size_t base = cfg->base_url ? strlen(cfg->base_url) : 0;
    if (base && strncmp(url, cfg->base_url, base) == 0) url += base;
    if (strncmp(url, "/media/", 7) != 0) return false;
    url += 7;
    for (int i = 0; i < 32; i++) {
        char c = url[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        hash[i] = c;
    }
    hash[32] = '\0';
    const char *rest = url + 32;
    if (*rest == '-') {
        rest++;
        if (*rest < '0' || *rest > '9') return false;
        while (*rest >= '0' && *rest <= '9') rest++;
    }
    if (*rest != '.') return false;
    rest++;
    return strcmp(rest, "jpg") == 0 || strcmp(rest, "jpeg") == 0 || strcmp(rest, "webp") == 0 ||
           strcmp(rest, "png") == 0;
}

/* markdown_resolver: a /media/ URL's record, with its JPEG variants (every
** browser shows them) as srcset, the middle one as src. */
static bool resolve_media(void *ctx, const char *url, markdown_image *out) {
    resolver *r = ctx;
    char hash[33];
    media m;
    if (!media_hash_of(r->cfg, url, hash) || store_media_by_hash(r->s, r->a, hash, &m) != STORE_OK) return false;
    buf srcset;
    buf_init(&srcset, r->a);
    int middle = 0, largest = 0;
    char *list = arena_strdup(r->a, m.variants ? m.variants : ""), *save = NULL;
    for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int width = atoi(w);
        if (width <= 0) continue;
        if (!middle || width <= 960) middle = width;
        if (width > largest) largest = width;
        buf_printf(&srcset, "%s%s %dw", srcset.len ? ", " : "", media_url(r->a, m.hash, width, "jpg"), width);
    }
    if (!largest) return false;
    memset(out, 0, sizeof *out);
    out->src = media_url(r->a, m.hash, middle, "jpg");
    out->srcset = srcset.data;
    out->largest = media_url(r->a, m.hash, largest, "jpg");
    out->width = m.width;
    out->height = m.height;
    out->alt = m.alt;
    out->credit = m.credit;
    out->name = m.original_name;
    return true;
}

markdown_options article_markdown_options(store *s, const config *cfg, arena *a, const char *lang) {
    markdown_options opt = {article_markdown_limits(cfg), lang, NULL, NULL};
    if (s) {
        resolver *r = arena_alloc(a, sizeof *r);
        *r = (resolver){s, cfg, a};
        opt.resolve = resolve_media;
        opt.resolve_ctx = r;
    }
    return opt;
}

bool article_prepare(store *s, const config *cfg, arena *a, article_input *in, article_problem *p) {
    memset(p, 0, sizeof *p);
    if (!check_fields(cfg, a, in, p) || !check_authors(s, a, in, p) || !check_seo(s, a, in, p)) return false;
    in->body_markdown = normalise_newlines(a, in->body_markdown ? in->body_markdown : "");
    /* A dated article asked to be published waits for its date: scheduled. */
    if (in->workflow == WF_PUBLISHED && in->published_at > (int64_t)time(NULL))
        in->workflow = WF_SCHEDULED;
    if (in->workflow == WF_UNSET && in->status == ARTICLE_PUBLISHED)
        in->workflow = in->published_at > (int64_t)time(NULL) ? WF_SCHEDULED : WF_PUBLISHED;
    markdown_options opt = article_markdown_options(s, cfg, a, in->lang);
    markdown_report report;
    char *html, *text, why[200] = "";
    if (!markdown_render_with(in->body_markdown, strlen(in->body_markdown), &opt, &report, &html, &text, why,
                              sizeof why))
        return invalid_because(p, "body_markdown", &report.refusal, why);
    size_t mark_line = merge_marks_left(in->body_markdown);
    if (mark_line && (in->workflow == WF_PUBLISHED || in->workflow == WF_SCHEDULED)) {
        free(html);
        free(text);
        return article_invalid(p, "body_markdown",
                       N_("line %zu still has a mark of a merge (both versions of a passage are kept): keep one,"
                          " delete the marks, then publish"), mark_line);
    }
    if (report.missing_alt && (in->workflow == WF_PUBLISHED || in->workflow == WF_SCHEDULED)) {
        free(html);
        free(text);
        return article_invalid(p, "body_markdown", N_("image %d (%s) has no alt text; describe it before publishing"),
                       report.missing_alt, report.missing_alt_name);
    }
    in->body_html = arena_strdup(a, html);
    in->body_text = arena_strdup(a, text);
    free(html);
    free(text);
    return true;
}

bool article_store_new(store *s, article_input *in, int64_t *id, bool *created, article_problem *p) {
    memset(p, 0, sizeof *p);
    int rc = store_article_save(s, in, id, created);
    if (rc == STORE_OK) rc = store_related_refresh(s, *id);
    return rc == STORE_OK || store_problem(p, s, rc, "cannot save");
}

bool article_save(store *s, const config *cfg, arena *a, article_input *in, int64_t *id,
                  bool *created, article_problem *p) {
    return article_prepare(s, cfg, a, in, p) && article_store_new(s, in, id, created, p);
}

bool article_update(store *s, const config *cfg, arena *a, int64_t id, article_input *in,
                    article_problem *p) {
    return article_prepare(s, cfg, a, in, p) && article_store_update(s, id, in, p);
}

bool article_store_update(store *s, int64_t id, article_input *in, article_problem *p) {
    memset(p, 0, sizeof *p);
    int rc = store_article_update(s, id, in);
    if (rc == STORE_OK) rc = store_related_refresh(s, id);
    if (rc == STORE_NOT_FOUND) {
        p->code = STORE_NOT_FOUND;
        snprintf(p->message, sizeof p->message, "the article does not exist");
        return false;
    }
    return rc == STORE_OK || store_problem(p, s, rc, "cannot save");
}
