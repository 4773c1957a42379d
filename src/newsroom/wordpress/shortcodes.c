/* WordPress shortcodes. See shortcodes.h. */
#include "shortcodes.h"
#include "../../core/buf.h"
#include "../../render/escape.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The longest opening tag looked at ("[name attributes]"). */
#define TAG_MAX 4096
#define ATTRS_MAX 16

/* A parsed opening tag. */
typedef struct shortcode {
    char name[32];
    size_t tag_len;           /* bytes of "[name ...]" */
    bool self_closed;         /* "[name .../]" */
    size_t count;             /* attributes */
    const char *keys[ATTRS_MAX]; /* NULL: a positional value */
    const char *values[ATTRS_MAX];
} shortcode;

static bool name_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-'; }

/* Reads one attribute value at *p (quoted or bare) into a; advances *p. */
static const char *read_value(arena *a, const char **p, const char *end) {
    const char *s = *p;
    if (s < end && (*s == '"' || *s == '\'')) {
        char q = *s++;
        const char *close = memchr(s, q, (size_t)(end - s));
        if (!close) close = end;
        *p = close < end ? close + 1 : end;
        return arena_strndup(a, s, (size_t)(close - s));
    }
    const char *v = s;
    while (s < end && !isspace((unsigned char)*s)) s++;
    *p = s;
    return arena_strndup(a, v, (size_t)(s - v));
}

/* Parses the attributes between p and end into sc (bounded by ATTRS_MAX). */
static void read_attributes(arena *a, shortcode *sc, const char *p, const char *end) {
    if (p < end && *p == '=') { /* [youtube=URL] */
        p++;
        sc->keys[sc->count] = NULL;
        sc->values[sc->count++] = read_value(a, &p, end);
    }
    while (p < end && sc->count < ATTRS_MAX) {
        while (p < end && isspace((unsigned char)*p)) p++;
        if (p >= end) break;
        const char *k = p;
        while (p < end && name_char(*p)) p++;
        if (p > k && p < end && *p == '=') {
            const char *key = arena_strndup(a, k, (size_t)(p - k));
            p++;
            sc->keys[sc->count] = key;
            sc->values[sc->count++] = read_value(a, &p, end);
        } else {
            p = k;
            sc->keys[sc->count] = NULL;
            sc->values[sc->count++] = read_value(a, &p, end);
            if (p == k) p++; /* a lone quote or '=': skip it */
        }
    }
}

/* Parses an opening tag at s ('['), of at most avail bytes: false when it
** is no shortcode's shape. */
static bool parse_tag(arena *a, const char *s, size_t avail, shortcode *sc) {
    memset(sc, 0, sizeof *sc);
    size_t n = 1;
    while (n < avail && n - 1 < sizeof sc->name - 1 && name_char(s[n])) n++;
    if (n == 1 || n >= avail || !isalpha((unsigned char)s[1])) return false;
    char after = s[n];
    if (after != ']' && after != '/' && after != '=' && !isspace((unsigned char)after)) return false;
    memcpy(sc->name, s + 1, n - 1);
    sc->name[n - 1] = '\0';
    /* The tag's end: the first ']' outside quotes. */
    char quote = 0;
    size_t limit = avail < TAG_MAX ? avail : TAG_MAX, i = n;
    for (; i < limit; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') quote = c;
        else if (c == ']') break;
        else if (c == '[') return false;
    }
    if (i >= limit) return false;
    sc->tag_len = i + 1;
    const char *attrs_end = s + i;
    if (attrs_end > s + n && attrs_end[-1] == '/') {
        sc->self_closed = true;
        attrs_end--;
    }
    read_attributes(a, sc, s + n, attrs_end);
    return true;
}

/* The value of attribute key (or of the first positional one when key
** is NULL), or NULL. */
static const char *attr(const shortcode *sc, const char *key) {
    for (size_t i = 0; i < sc->count; i++) {
        if (!key && !sc->keys[i]) return sc->values[i];
        if (key && sc->keys[i] && strcasecmp(sc->keys[i], key) == 0) return sc->values[i];
    }
    return NULL;
}

/* The shortcodes converted here, and whether they may enclose content. */
static const char *const known[] = {"caption", "wp_caption", "gallery", "embed", "youtube", "video", "audio"};

static bool is_known(const char *name) {
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i]) == 0) return true;
    return false;
}

/* Where "[/name]" starts in s (len bytes, searched up to the content
** bound), or NULL. */
static const char *find_close(const char *s, size_t len, const char *name) {
    char close[40];
    int n = snprintf(close, sizeof close, "[/%s]", name);
    if (len > WP_SHORTCODE_CONTENT_MAX) len = WP_SHORTCODE_CONTENT_MAX;
    for (const char *p = s; p + n <= s + len; p++) {
        p = memchr(p, '[', (size_t)(s + len - p));
        if (!p || p + n > s + len) return NULL;
        if (strncasecmp(p, close, (size_t)n) == 0) return p;
    }
    return NULL;
}

static void expand(arena *a, buf *out, const char *s, size_t len, wp_report *r, int depth);

/* Appends an element name with data-ATTR="value" (escaped) and closes it. */
static void element(buf *out, const char *name, const char *attr_name, const char *value, const char *attr2,
                    const char *value2) {
    buf_printf(out, "<%s %s=\"", name, attr_name);
    html_escape(out, value ? value : "");
    buf_putc(out, '"');
    if (attr2) {
        buf_printf(out, " %s=\"", attr2);
        html_escape(out, value2 ? value2 : "");
        buf_putc(out, '"');
    }
    buf_printf(out, "></%s>", name);
}

/* content trimmed of spaces, in a. */
static const char *trimmed(arena *a, const char *s, size_t len) {
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    return arena_strndup(a, s, len);
}

/* The ids of a gallery, digits and commas only, at most WP_GALLERY_MAX. */
static const char *gallery_ids(arena *a, const char *ids, wp_report *r) {
    buf b;
    buf_init(&b, a);
    int count = 0;
    for (const char *p = ids ? ids : ""; *p;) {
        while (*p && !isdigit((unsigned char)*p)) p++;
        if (!*p) break;
        const char *start = p;
        while (isdigit((unsigned char)*p)) p++;
        if (p - start > 18) continue;
        if (count == WP_GALLERY_MAX) {
            wp_report_note(r, "a gallery of more than %d images: the first %d kept", WP_GALLERY_MAX, WP_GALLERY_MAX);
            break;
        }
        if (count++) buf_putc(&b, ',');
        buf_append(&b, start, (size_t)(p - start));
    }
    return b.data ? b.data : "";
}

/* Appends a caption's figure: the image part of content, then the caption
** (the attribute's, or the text after the image). */
static void caption(arena *a, buf *out, const shortcode *sc, const char *content, size_t len, wp_report *r,
                    int depth) {
    /* The image part ends after the last "<img ...>" and a "</a>" right after it. */
    const char *split = content;
    for (const char *p = content; p < content + len; p++) {
        p = memchr(p, '<', (size_t)(content + len - p));
        if (!p) break;
        if (strncasecmp(p, "<img", 4) == 0) {
            const char *gt = memchr(p, '>', (size_t)(content + len - p));
            if (!gt) break;
            split = gt + 1;
            const char *q = split;
            while (q < content + len && isspace((unsigned char)*q)) q++;
            if ((size_t)(content + len - q) >= 4 && strncasecmp(q, "</a>", 4) == 0) split = q + 4;
        }
    }
    buf_puts(out, "<figure>");
    expand(a, out, content, (size_t)(split - content), r, depth + 1);
    const char *text = attr(sc, "caption");
    buf_puts(out, "<figcaption>");
    if (text) buf_puts(out, text);
    else expand(a, out, split, (size_t)(content + len - split), r, depth + 1);
    buf_puts(out, "</figcaption></figure>");
}

/* The URL a media shortcode names. */
static const char *media_url(const shortcode *sc, const char *content) {
    static const char *const keys[] = {"src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "m4a", "ogg", "wav", "wma", "url"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = attr(sc, keys[i]);
        if (v && *v) return v;
    }
    const char *v = attr(sc, NULL);
    if (v && *v) return v;
    return content && *content ? content : NULL;
}

/* Appends what the known shortcode sc becomes (content: what it encloses,
** or NULL). */
static void convert(arena *a, buf *out, const shortcode *sc, const char *content, size_t len, wp_report *r,
                    int depth) {
    const char *name = sc->name;
    const char *inner = content ? trimmed(a, content, len) : NULL;
    if (strcmp(name, "caption") == 0 || strcmp(name, "wp_caption") == 0) {
        if (content) caption(a, out, sc, content, len, r, depth);
    } else if (strcmp(name, "gallery") == 0) {
        const char *ids = attr(sc, "ids") ? attr(sc, "ids") : attr(sc, "include");
        if (!ids) wp_report_note(r, "a [gallery] without ids: the images attached to the post");
        buf_puts(out, "\n\n");
        element(out, "gz-gallery", "data-ids", ids ? gallery_ids(a, ids, r) : "", NULL, NULL);
        buf_puts(out, "\n\n");
    } else if (strcmp(name, "youtube") == 0) {
        const char *id = attr(sc, "id");
        const char *url = id ? arena_printf(a, "https://www.youtube.com/watch?v=%s", id) : media_url(sc, inner);
        buf_puts(out, "\n\n");
        element(out, "gz-embed", "data-url", url, NULL, NULL);
        buf_puts(out, "\n\n");
    } else if (strcmp(name, "embed") == 0) {
        buf_puts(out, "\n\n");
        element(out, "gz-embed", "data-url", media_url(sc, inner), NULL, NULL);
        buf_puts(out, "\n\n");
    } else { /* video, audio */
        buf_puts(out, "\n\n");
        element(out, "gz-media", "data-kind", name, "data-url", media_url(sc, inner));
        buf_puts(out, "\n\n");
    }
}

/* True when an unknown [name ...] is worth a note: it has attributes or a
** name in lower case, as plugins' shortcodes do ("[Update]" is text). */
static bool looks_like_plugin(const shortcode *sc) {
    if (sc->count) return true;
    for (const char *p = sc->name; *p; p++)
        if (isupper((unsigned char)*p)) return false;
    return true;
}

/* Expands s (len bytes) into out. */
static void expand(arena *a, buf *out, const char *s, size_t len, wp_report *r, int depth) {
    const char *end = s + len, *p = s;
    while (p < end) {
        const char *open = memchr(p, '[', (size_t)(end - p));
        if (!open) break;
        buf_append(out, p, (size_t)(open - p));
        size_t avail = (size_t)(end - open);
        shortcode sc;
        /* [[name]]: the text [name]. */
        if (avail > 1 && open[1] == '[' && parse_tag(a, open + 1, avail - 1, &sc) && open + 1 + sc.tag_len < end &&
            open[1 + sc.tag_len] == ']') {
            buf_append(out, open + 1, sc.tag_len);
            p = open + 2 + sc.tag_len;
            continue;
        }
        if (depth >= WP_SHORTCODE_DEPTH || !parse_tag(a, open, avail, &sc)) {
            buf_putc(out, '[');
            p = open + 1;
            continue;
        }
        const char *after = open + sc.tag_len;
        if (!is_known(sc.name)) {
            if (looks_like_plugin(&sc)) wp_report_note(r, "shortcode [%s] kept as text", sc.name);
            buf_append(out, open, sc.tag_len);
            p = after;
            continue;
        }
        const char *close = sc.self_closed ? NULL : find_close(after, (size_t)(end - after), sc.name);
        if (!close && (strcmp(sc.name, "caption") == 0 || strcmp(sc.name, "wp_caption") == 0)) {
            wp_report_note(r, "a [%s] without its [/%s]: kept as text", sc.name, sc.name);
            buf_append(out, open, sc.tag_len);
            p = after;
            continue;
        }
        if (close) {
            convert(a, out, &sc, after, (size_t)(close - after), r, depth);
            p = close + strlen(sc.name) + 3;
        } else {
            convert(a, out, &sc, NULL, 0, r, depth);
            p = after;
        }
    }
    if (p < end) buf_append(out, p, (size_t)(end - p));
}

const char *wp_shortcodes_expand(arena *a, const char *content, size_t len, wp_report *r) {
    buf out;
    buf_init(&out, a);
    expand(a, &out, content, len, r, 0);
    return out.data ? out.data : "";
}
