/*
** A WordPress post's content as Markdown. See body.h.
**
** The walk: flow() reads a sequence of nodes in block context, gathering
** text and inline elements into the current paragraph (a para) and
** ending it at each block element, whose Markdown it appends on its own;
** span() reads inline content into a para. A block's Markdown is made
** apart and then placed (quotes prefix its lines with "> ", list items
** indent theirs), so nesting composes.
*/
#include "body.h"
#include "autop.h"
#include "shortcodes.h"
#include "../../core/buf.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Around the content, so that the parser sees a whole UTF-8 document and
** puts the content's nodes under <body>. */
#define DOCUMENT_START "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
#define DOCUMENT_END "</body></html>"
/* Columns a table keeps. */
#define TABLE_COLUMNS_MAX 32

typedef struct conv {
    arena *a;
    const wp_body_env *env;
    wp_report *r;
    int depth;
    bool in_link;
} conv;

/* A paragraph being gathered: its Markdown, and its text alone (to tell
** a paragraph that is only an address, which becomes an embed). */
typedef struct para {
    buf md;
    buf plain;
    bool markup; /* md has inline markup */
} para;

static void flow(conv *c, xmlNodePtr first, buf *out);
static void span(conv *c, xmlNodePtr first, para *p);

/* ------------------------------------------------------------- helpers */

static const char *name_of(xmlNodePtr n) { return (const char *)n->name; }
static bool is(xmlNodePtr n, const char *name) { return n->type == XML_ELEMENT_NODE && strcasecmp(name_of(n), name) == 0; }

/* True when name is one of the NULL-ended list. */
static bool among(const char *name, const char *const *list) {
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0) return true;
    return false;
}

/* Attribute name of n, copied into a (NULL when absent). */
static const char *attribute(conv *c, xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    const char *out = arena_strdup(c->a, (const char *)v);
    xmlFree(v);
    return out;
}

/* The text under n, copied into a. */
static const char *text_of(conv *c, xmlNodePtr n) {
    xmlChar *v = xmlNodeGetContent(n);
    const char *out = arena_strdup(c->a, v ? (const char *)v : "");
    xmlFree(v);
    return out;
}

static void para_init(conv *c, para *p) {
    buf_init(&p->md, c->a);
    buf_init(&p->plain, c->a);
    p->markup = false;
}

/* True when the paragraph ends with a space or a line break (or is empty). */
static bool at_space(const para *p) {
    return !p->md.len || p->md.data[p->md.len - 1] == ' ' || p->md.data[p->md.len - 1] == '\n';
}

/* Appends block md (its own Markdown) to out, a blank line apart. */
static void put_block(buf *out, const char *md) {
    if (!md || !*md) return;
    if (out->len) buf_puts(out, "\n\n");
    buf_puts(out, md);
}

/* Appends text to p as Markdown text: whitespace runs collapsed, every
** character Markdown would read as markup escaped. */
static void put_text(para *p, const char *s) {
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isspace(ch)) {
            if (!at_space(p)) {
                buf_putc(&p->md, ' ');
                buf_putc(&p->plain, ' ');
            }
            continue;
        }
        if (strchr("\\`*_[]<>&|~", ch)) buf_putc(&p->md, '\\');
        buf_putc(&p->md, (char)ch);
        buf_putc(&p->plain, (char)ch);
    }
}

/* s with spaces and line breaks at both ends removed, in a. */
static char *trim_copy(arena *a, const char *s, size_t len) {
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    return arena_strndup(a, s, len);
}

/* The lines of md with what would start a block at a line's start
** escaped ("# ", "> ", "- ", "+ ", "=", "1. "), each line's leading
** spaces removed (four would make code), in a. */
static const char *escape_line_starts(arena *a, const char *md) {
    buf out;
    buf_init(&out, a);
    bool line_start = true;
    for (const char *s = md; *s; s++) {
        if (line_start) {
            while (*s == ' ') s++;
            if (!*s) break;
            if (strchr("#>-+=", *s)) buf_putc(&out, '\\');
            else if (isdigit((unsigned char)*s)) {
                const char *d = s;
                while (isdigit((unsigned char)*d)) d++;
                if (*d == '.' || *d == ')') {
                    buf_append(&out, s, (size_t)(d - s));
                    buf_putc(&out, '\\');
                    s = d;
                }
            }
            line_start = false;
        }
        buf_putc(&out, *s);
        if (*s == '\n') line_start = true;
    }
    return out.data ? out.data : "";
}

/* True when s is one http(s) address and nothing else. */
static bool lone_url(const char *s) {
    if (strncasecmp(s, "https://", 8) != 0 && strncasecmp(s, "http://", 7) != 0) return false;
    for (; *s; s++)
        if (isspace((unsigned char)*s)) return false;
    return true;
}

/* url made safe to write as a Markdown link's destination, or as an
** address alone in its paragraph: every byte that could end it or be read
** as markup there (spaces, controls, <>()[]"'`\) percent-encoded; the
** rest, and so the address, as it is. */
static const char *url_for_markdown(arena *a, const char *url) {
    buf out;
    buf_init(&out, a);
    for (const unsigned char *s = (const unsigned char *)url; *s; s++) {
        if (*s <= 0x20 || *s == 0x7F || strchr("<>()[]\"'`\\", *s)) buf_printf(&out, "%%%02X", *s);
        else buf_putc(&out, (char)*s);
    }
    return out.data ? out.data : "";
}

/* Ends the paragraph p into out (nothing when it is empty). */
static void end_para(conv *c, para *p, buf *out) {
    char *plain = trim_copy(c->a, p->plain.data ? p->plain.data : "", p->plain.len);
    if (!p->markup && lone_url(plain)) put_block(out, url_for_markdown(c->a, plain));
    else {
        char *md = trim_copy(c->a, p->md.data ? p->md.data : "", p->md.len);
        /* A hard break at the end breaks nothing (trimmed, its backslash
        ** is the last: an odd run of them, the text's own coming in pairs). */
        size_t n = strlen(md);
        for (;;) {
            size_t run = 0;
            while (run < n && md[n - 1 - run] == '\\') run++;
            if (run % 2 == 0) break;
            md[--n] = '\0';
            while (n && isspace((unsigned char)md[n - 1])) md[--n] = '\0';
        }
        if (*md) put_block(out, escape_line_starts(c->a, md));
    }
    para_init(c, p);
}

/* url read against the old site's address (url itself when there is
** none, or libxml2 cannot parse it), in a. */
static const char *against_site(conv *c, const char *url) {
    const char *site = c->env && c->env->site_url ? c->env->site_url : NULL;
    if (!site) return url;
    xmlChar *built = xmlBuildURI((const xmlChar *)url, (const xmlChar *)arena_printf(c->a, "%s/", site));
    if (!built) return url;
    const char *out = arena_strdup(c->a, (const char *)built);
    xmlFree(built);
    return out;
}

/* The longest run of backticks in text (a code span or fence must be longer). */
static size_t longest_backtick_run(const char *text) {
    size_t longest = 0, run = 0;
    for (const char *s = text; *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    return longest;
}

/* A link's address: absolute, or a path when it is on the old site (so
** that it goes through the redirects); NULL for any other scheme
** (javascript:, data:...). */
static const char *link_target(conv *c, const char *href) {
    if (!href) return NULL;
    while (isspace((unsigned char)*href)) href++;
    if (!*href) return NULL;
    if (href[0] == '#') return href;
    const char *site = c->env && c->env->site_url ? c->env->site_url : NULL;
    const char *absolute = against_site(c, href);
    if (strncasecmp(absolute, "mailto:", 7) == 0 || strncasecmp(absolute, "tel:", 4) == 0) return absolute;
    if (site) {
        /* The old site's own addresses, whatever the scheme, as paths. */
        const char *host = strstr(site, "://");
        const char *h = strstr(absolute, "://");
        size_t host_len = host ? strlen(host + 3) : 0;
        if (host && h && strncasecmp(h + 3, host + 3, host_len) == 0 &&
            (h[3 + host_len] == '/' || h[3 + host_len] == '\0' || h[3 + host_len] == '?'))
            return h[3 + host_len] ? h + 3 + host_len : "/";
    }
    if (strncasecmp(absolute, "https://", 8) == 0 || strncasecmp(absolute, "http://", 7) == 0) return absolute;
    if (absolute[0] == '/' && absolute[1] != '/') return absolute;
    return NULL;
}

/* An image's address as the body gives it, made absolute against the old
** site. */
static const char *image_source(conv *c, xmlNodePtr img) {
    const char *src = attribute(c, img, "src");
    if (!src || !*src) src = attribute(c, img, "data-src"); /* lazy-loading plugins */
    if (!src || !*src) return NULL;
    if (strncasecmp(src, "data:", 5) == 0) return NULL;
    src = against_site(c, src);
    if (strncmp(src, "//", 2) == 0) src = arena_printf(c->a, "https:%s", src);
    return src;
}

/* Appends an image (Markdown) to p: ![alt](url "caption"). */
static void put_image(conv *c, para *p, const wp_image *im) {
    if (!at_space(p)) buf_putc(&p->md, ' ');
    buf_puts(&p->md, "![");
    for (const char *s = im->alt ? im->alt : ""; *s; s++) {
        if (isspace((unsigned char)*s)) {
            if (p->md.len && p->md.data[p->md.len - 1] != ' ' && p->md.data[p->md.len - 1] != '[') buf_putc(&p->md, ' ');
            continue;
        }
        if (strchr("\\[]`*_<>&", *s)) buf_putc(&p->md, '\\');
        buf_putc(&p->md, *s);
    }
    buf_puts(&p->md, "](");
    buf_puts(&p->md, url_for_markdown(c->a, im->url));
    if (im->caption && *im->caption) {
        buf_puts(&p->md, " \"");
        bool space = false;
        for (const char *s = im->caption; *s; s++) {
            if (isspace((unsigned char)*s)) {
                space = true;
                continue;
            }
            if (space) buf_putc(&p->md, ' ');
            space = false;
            if (*s == '"' || *s == '\\') buf_putc(&p->md, '\\');
            buf_putc(&p->md, *s);
        }
        buf_putc(&p->md, '"');
    }
    buf_putc(&p->md, ')');
    p->markup = true;
}

/* The image an <img> shows (its address asked of the import), with
** caption; false when it has none or the import dropped it. */
static bool image_of(conv *c, xmlNodePtr img, const char *caption, wp_image *out) {
    const char *src = image_source(c, img);
    if (!src) {
        wp_report_note(c->r, "an image without an address: left out");
        return false;
    }
    const char *url = c->env && c->env->image ? c->env->image(c->env->ctx, c->a, src) : src;
    if (!url) return false;
    *out = (wp_image){url, attribute(c, img, "alt"), caption};
    return true;
}

/* ------------------------------------------------------------- inline */

/* Appends an inline element's children to p between mark and mark
** (**, *, ~~), the children's outer spaces kept outside the marks. */
static void wrapped(conv *c, xmlNodePtr n, para *p, const char *mark) {
    para inner;
    para_init(c, &inner);
    span(c, n->children, &inner);
    const char *md = inner.md.data ? inner.md.data : "";
    size_t len = inner.md.len, lead = 0;
    while (lead < len && (md[lead] == ' ' || md[lead] == '\n')) lead++;
    /* (a hard break's backslash goes with its line break) */
    while (len > lead && (md[len - 1] == ' ' || md[len - 1] == '\n' ||
                          (md[len - 1] == '\\' && len < inner.md.len && md[len] == '\n')))
        len--;
    if (lead && !at_space(p)) buf_putc(&p->md, ' ');
    if (len > lead) {
        buf_puts(&p->md, mark);
        buf_append(&p->md, md + lead, len - lead);
        buf_puts(&p->md, mark);
        p->markup = true;
    }
    if (len < inner.md.len) buf_putc(&p->md, ' ');
    buf_append(&p->plain, inner.plain.data ? inner.plain.data : "", inner.plain.len);
}

/* Appends inline code: the text in a run of backticks longer than any in it. */
static void code_span(conv *c, const char *text, para *p) {
    size_t longest = longest_backtick_run(text);
    char *t = trim_copy(c->a, text, strlen(text));
    if (!*t) return;
    for (char *s = t; *s; s++)
        if (*s == '\n' || *s == '\r' || *s == '\t') *s = ' ';
    if (!at_space(p) && p->md.len) buf_putc(&p->md, ' ');
    for (size_t i = 0; i <= longest; i++) buf_putc(&p->md, '`');
    bool pad = t[0] == '`' || t[strlen(t) - 1] == '`';
    if (pad) buf_putc(&p->md, ' ');
    buf_puts(&p->md, t);
    if (pad) buf_putc(&p->md, ' ');
    for (size_t i = 0; i <= longest; i++) buf_putc(&p->md, '`');
    buf_puts(&p->plain, t);
    p->markup = true;
}

/* True when a link holds only an image and leads to an image file or an
** attachment page (WordPress's "link to media file"): the image alone
** stands (the site's gallery opens it large). */
static bool link_to_its_image(xmlNodePtr a, const char *href) {
    xmlNodePtr only = NULL;
    for (xmlNodePtr n = a->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            for (const xmlChar *s = n->content; s && *s; s++)
                if (!isspace(*s)) return false;
            continue;
        }
        if (only) return false;
        only = n;
    }
    if (!only || !is(only, "img")) return false;
    const char *dot = strrchr(href, '.');
    static const char *const images[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", NULL};
    return (dot && among(dot, images)) || strstr(href, "attachment") != NULL;
}

/* Appends a link. */
static void link(conv *c, xmlNodePtr n, para *p) {
    const char *href = attribute(c, n, "href");
    const char *target = c->in_link ? NULL : link_target(c, href);
    if (target && href && link_to_its_image(n, href)) target = NULL;
    if (!target) {
        if (href && !c->in_link && strncasecmp(href, "#", 1) != 0 && *href)
            wp_report_note(c->r, "a link to \"%.60s\" that is not an address readers can follow: its text kept", href);
        span(c, n->children, p);
        return;
    }
    para inner;
    para_init(c, &inner);
    c->in_link = true;
    span(c, n->children, &inner);
    c->in_link = false;
    char *text = trim_copy(c->a, inner.md.data ? inner.md.data : "", inner.md.len);
    if (!*text) return;
    if (!at_space(p)) buf_putc(&p->md, ' ');
    buf_printf(&p->md, "[%s](%s)", text, url_for_markdown(c->a, target));
    buf_append(&p->plain, inner.plain.data ? inner.plain.data : "", inner.plain.len);
    p->markup = true;
}

/* Elements whose text is kept but whose meaning Markdown cannot carry. */
static const char *const noted_inline[] = {"u", "ins", "mark", "sup", "sub", "font", "center", "blink", "marquee",
                                           NULL};
/* Elements dropped with everything in them. */
static const char *const dropped[] = {"script", "style", "noscript", "template", "form", "input", "button", "select",
                                      "textarea", "object", "embed", "applet", "svg", "math", "canvas", "map", "frameset",
                                      "frame", "head", "title", "meta", "link", "base", "param", "track", NULL};
/* Block elements (they end a paragraph). */
static const char *const block_elements[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "li", "table", "blockquote", "pre",
    "figure", "figcaption", "hr", "iframe", "section", "article", "aside", "header", "footer", "nav", "main",
    "address", "details", "summary", "video", "audio", "gz-gallery", "gz-embed", "gz-media", "caption", "center",
    "body", "html", NULL};

static bool is_block(xmlNodePtr n) { return n->type == XML_ELEMENT_NODE && among(name_of(n), block_elements); }

/* Notes a dropped element once. */
static void note_dropped(conv *c, xmlNodePtr n) {
    const char *name = name_of(n);
    if (among(name, (const char *const[]){"head", "title", "meta", "link", "base", "param", "track", NULL})) return;
    wp_report_note(c->r, "<%s> removed", name);
}

/* Appends one inline node (text, or an element read as inline) to p. */
static void inline_node(conv *c, xmlNodePtr n, para *p) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        put_text(p, t ? t : "");
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return; /* comments: the block editor's, dropped */
    const char *name = name_of(n);
    if (among(name, dropped)) {
        note_dropped(c, n);
        return;
    }
    if (c->depth >= WP_BODY_DEPTH) {
        wp_report_note(c->r, "elements nested more than %d deep: their text kept", WP_BODY_DEPTH);
        put_text(p, text_of(c, n));
        return;
    }
    c->depth++;
    if (strcasecmp(name, "strong") == 0 || strcasecmp(name, "b") == 0) wrapped(c, n, p, "**");
    else if (among(name, (const char *const[]){"em", "i", "cite", "var", "dfn", NULL})) wrapped(c, n, p, "*");
    else if (among(name, (const char *const[]){"del", "s", "strike", NULL})) wrapped(c, n, p, "~~");
    else if (among(name, (const char *const[]){"code", "kbd", "samp", "tt", NULL})) code_span(c, text_of(c, n), p);
    else if (strcasecmp(name, "a") == 0) link(c, n, p);
    else if (strcasecmp(name, "br") == 0) {
        if (p->md.len && !at_space(p)) buf_puts(&p->md, "\\\n");
        else if (p->md.len && p->md.data[p->md.len - 1] == ' ') {
            p->md.data[--p->md.len] = '\0';
            buf_puts(&p->md, "\\\n");
        }
        buf_putc(&p->plain, ' ');
    } else if (strcasecmp(name, "img") == 0) {
        wp_image im;
        if (image_of(c, n, attribute(c, n, "title"), &im)) put_image(c, p, &im);
    } else {
        if (among(name, noted_inline)) wp_report_note(c->r, "<%s> has no Markdown form: its text kept", name);
        else if (is_block(n) && !at_space(p)) put_text(p, " ");
        span(c, n->children, p);
        if (is_block(n)) put_text(p, " ");
    }
    c->depth--;
}

/* Appends inline content (the nodes from first on) to p. */
static void span(conv *c, xmlNodePtr first, para *p) {
    for (xmlNodePtr n = first; n; n = n->next) inline_node(c, n, p);
}

/* ------------------------------------------------------------- blocks */

/* md with prefix before each line (blank lines get prefix_blank), in a. */
static const char *prefixed(arena *a, const char *md, const char *first, const char *rest, const char *blank) {
    buf out;
    buf_init(&out, a);
    bool start = true, first_line = true;
    for (const char *s = md; *s; s++) {
        if (start) {
            buf_puts(&out, first_line ? first : (*s == '\n' ? blank : rest));
            first_line = false;
            start = false;
        }
        buf_putc(&out, *s);
        if (*s == '\n') start = true;
    }
    return out.data ? out.data : "";
}

/* The Markdown of a block's children read as blocks, in a. */
static const char *blocks_of(conv *c, xmlNodePtr n) {
    buf inner;
    buf_init(&inner, c->a);
    flow(c, n->children, &inner);
    return inner.data ? inner.data : "";
}

/* A heading: "## text" (levels 1 and 2 both ##: the title is the page's h1). */
static void heading(conv *c, xmlNodePtr n, buf *out) {
    int level = name_of(n)[1] - '0';
    if (level < 2) level = 2;
    para p;
    para_init(c, &p);
    span(c, n->children, &p);
    char *text = trim_copy(c->a, p.md.data ? p.md.data : "", p.md.len);
    for (char *s = text; *s; s++)
        if (*s == '\n') *s = ' ';
    /* A hard break's backslash would be a stray one on one line. */
    for (char *s = strstr(text, "\\ "); s; s = strstr(s, "\\ ")) {
        if (s > text && s[-1] == '\\') {
            s++;
            continue;
        }
        memmove(s, s + 1, strlen(s));
    }
    if (!*text) return;
    put_block(out, arena_printf(c->a, "%.*s %s", level, "######", text));
}

/* An item's Markdown with the blank line before a nested list removed
** (a list may interrupt a paragraph: the item stays tight), in a. */
static const char *tight(arena *a, const char *md) {
    buf out;
    buf_init(&out, a);
    for (const char *s = md; *s; s++) {
        if (s[0] == '\n' && s[1] == '\n' && (strncmp(s + 2, "- ", 2) == 0 || strncmp(s + 2, "1. ", 3) == 0)) continue;
        buf_putc(&out, *s);
    }
    return out.data ? out.data : "";
}

/* A list: "- item" or "N. item", items' later lines indented. */
static void list(conv *c, xmlNodePtr n, buf *out, bool ordered) {
    long number = 1;
    const char *start = ordered ? attribute(c, n, "start") : NULL;
    if (start) {
        char *end;
        long v = strtol(start, &end, 10);
        if (end != start && v >= 0 && v < 1000000000) number = v;
    }
    buf md;
    buf_init(&md, c->a);
    for (xmlNodePtr item = n->children; item; item = item->next) {
        const char *inner;
        if (is(item, "li")) inner = tight(c->a, blocks_of(c, item));
        else if (item->type == XML_ELEMENT_NODE) { /* stray content of a list: an item of its own */
            buf one;
            buf_init(&one, c->a);
            flow(c, item, &one);
            inner = one.data ? one.data : "";
            /* flow() read item and its following siblings: stop */
            if (md.len) buf_putc(&md, '\n');
            if (*inner) buf_puts(&md, prefixed(c->a, inner, ordered ? "1. " : "- ", "   ", ""));
            break;
        } else continue;
        const char *marker = ordered ? arena_printf(c->a, "%ld. ", number++) : "- ";
        const char *indent = arena_printf(c->a, "%*s", (int)strlen(marker), "");
        if (md.len) buf_putc(&md, '\n');
        buf_puts(&md, *inner ? prefixed(c->a, inner, marker, indent, "") : marker);
    }
    put_block(out, md.data);
}

/* A quote: its blocks with "> " before each line. */
static void quote(conv *c, xmlNodePtr n, buf *out) {
    const char *inner = blocks_of(c, n);
    if (*inner) put_block(out, prefixed(c->a, inner, "> ", "> ", ">"));
}

/* Preformatted text: a fenced code block (its language from a class). */
static void preformatted(conv *c, xmlNodePtr n, buf *out) {
    const char *text = text_of(c, n);
    size_t longest = longest_backtick_run(text);
    size_t fence = longest >= 3 ? longest + 1 : 3;
    const char *language = "";
    const char *cls = attribute(c, n, "class");
    const char *l = cls ? strstr(cls, "language-") : NULL;
    if (!l && n->children && is(n->children, "code")) {
        cls = attribute(c, n->children, "class");
        l = cls ? strstr(cls, "language-") : NULL;
    }
    if (l) {
        l += strlen("language-");
        size_t len = 0;
        while (isalnum((unsigned char)l[len]) || l[len] == '-' || l[len] == '+') len++;
        language = arena_strndup(c->a, l, len < 20 ? len : 20);
    }
    buf md;
    buf_init(&md, c->a);
    for (size_t i = 0; i < fence; i++) buf_putc(&md, '`');
    buf_puts(&md, language);
    buf_putc(&md, '\n');
    size_t len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r')) len--;
    while (*text == '\n') text++, len = len ? len - 1 : 0;
    buf_append(&md, text, len);
    buf_putc(&md, '\n');
    for (size_t i = 0; i < fence; i++) buf_putc(&md, '`');
    put_block(out, md.data);
}

/* One table cell's Markdown on one line, pipes escaped. */
static const char *cell(conv *c, xmlNodePtr td) {
    para p;
    para_init(c, &p);
    for (xmlNodePtr n = td->children; n; n = n->next) {
        if (is(n, "table")) {
            wp_report_note(c->r, "a table inside a table cell: its text kept");
            put_text(&p, text_of(c, n));
        } else inline_node(c, n, &p);
    }
    char *md = trim_copy(c->a, p.md.data ? p.md.data : "", p.md.len);
    buf out;
    buf_init(&out, c->a);
    for (const char *s = md; *s; s++) {
        if (*s == '\\' && s[1] == '\n') {
            buf_putc(&out, ' ');
            s++;
        } else if (*s == '\n') buf_putc(&out, ' ');
        else if (*s == '|' && (s == md || s[-1] != '\\')) buf_puts(&out, "\\|");
        else buf_putc(&out, *s);
    }
    return out.data ? out.data : "";
}

/* The rows of a table (under it, its thead, tbody and tfoot), in order,
** at most max, into rows; returns how many. */
static size_t table_rows(xmlNodePtr table, xmlNodePtr *rows, size_t max) {
    size_t n = 0;
    for (xmlNodePtr x = table->children; x && n < max; x = x->next) {
        if (is(x, "tr")) rows[n++] = x;
        else if (is(x, "thead") || is(x, "tbody") || is(x, "tfoot"))
            for (xmlNodePtr r = x->children; r && n < max; r = r->next)
                if (is(r, "tr")) rows[n++] = r;
    }
    return n;
}

/* A table: a GFM table, its first row the header. */
static void table(conv *c, xmlNodePtr n, buf *out) {
    enum { ROWS_MAX = 1000 };
    xmlNodePtr *rows = arena_alloc(c->a, ROWS_MAX * sizeof *rows);
    size_t row_count = table_rows(n, rows, ROWS_MAX);
    for (xmlNodePtr x = n->children; x; x = x->next)
        if (is(x, "caption")) put_block(out, blocks_of(c, x));
    if (!row_count) return;
    if (row_count == ROWS_MAX) wp_report_note(c->r, "a table of more than %d rows: the first %d kept", ROWS_MAX, ROWS_MAX);
    size_t columns = 0;
    for (size_t r = 0; r < row_count; r++) {
        size_t k = 0;
        for (xmlNodePtr td = rows[r]->children; td; td = td->next)
            if (is(td, "td") || is(td, "th")) {
                k++;
                if (xmlHasProp(td, (const xmlChar *)"colspan") || xmlHasProp(td, (const xmlChar *)"rowspan"))
                    wp_report_note(c->r, "a table cell spanning rows or columns: laid out one cell per column");
            }
        if (k > columns) columns = k;
    }
    if (!columns) return;
    if (columns > TABLE_COLUMNS_MAX) {
        wp_report_note(c->r, "a table of more than %d columns: the first %d kept", TABLE_COLUMNS_MAX, TABLE_COLUMNS_MAX);
        columns = TABLE_COLUMNS_MAX;
    }
    buf md;
    buf_init(&md, c->a);
    for (size_t r = 0; r < row_count; r++) {
        size_t k = 0;
        buf_putc(&md, '|');
        for (xmlNodePtr td = rows[r]->children; td && k < columns; td = td->next) {
            if (!is(td, "td") && !is(td, "th")) continue;
            buf_printf(&md, " %s |", cell(c, td));
            k++;
        }
        for (; k < columns; k++) buf_puts(&md, "  |");
        buf_putc(&md, '\n');
        if (r == 0) {
            buf_putc(&md, '|');
            for (k = 0; k < columns; k++) buf_puts(&md, " --- |");
            buf_putc(&md, '\n');
        }
    }
    md.data[--md.len] = '\0';
    put_block(out, md.data);
}

/* The first element named name under n (depth first), or NULL. */
static xmlNodePtr find(xmlNodePtr n, const char *name, int depth) {
    for (xmlNodePtr x = n->children; x && depth < WP_BODY_DEPTH; x = x->next) {
        if (is(x, name)) return x;
        xmlNodePtr in = find(x, name, depth + 1);
        if (in) return in;
    }
    return NULL;
}

/* Counts the elements named name under n. */
static int count(xmlNodePtr n, const char *name, int depth) {
    int k = 0;
    for (xmlNodePtr x = n->children; x && depth < WP_BODY_DEPTH; x = x->next) k += is(x, name) + count(x, name, depth + 1);
    return k;
}

/* A figure with one image: the image with the figcaption's text as its
** caption. Others (a gallery's figure of figures, an embed's, a table's)
** are read as blocks. */
static void figure(conv *c, xmlNodePtr n, buf *out) {
    if (count(n, "img", 0) != 1 || count(n, "figure", 0) > 0) {
        put_block(out, blocks_of(c, n));
        return;
    }
    xmlNodePtr img = find(n, "img", 0), caption = find(n, "figcaption", 0);
    const char *text = NULL;
    if (caption) {
        xmlChar *t = xmlNodeGetContent(caption);
        text = trim_copy(c->a, t ? (const char *)t : "", t ? strlen((const char *)t) : 0);
        xmlFree(t);
    }
    wp_image im;
    if (!image_of(c, img, text, &im)) return;
    para p;
    para_init(c, &p);
    put_image(c, &p, &im);
    put_block(out, p.md.data);
}

/* Appends images one after another (the site shows them as a gallery). */
static void images(conv *c, const wp_image *list, size_t n, buf *out) {
    para p;
    para_init(c, &p);
    for (size_t i = 0; i < n; i++) {
        if (i) buf_putc(&p.md, '\n');
        put_image(c, &p, &list[i]);
    }
    if (p.md.len) put_block(out, p.md.data);
}

/* An iframe's address as the page to embed: YouTube's player becomes the
** video's page (an embed), others their address (a card), noted. */
static void iframe(conv *c, xmlNodePtr n, buf *out) {
    const char *src = attribute(c, n, "src");
    if (src && strncmp(src, "//", 2) == 0) src = arena_printf(c->a, "https:%s", src);
    if (!src || (strncasecmp(src, "https://", 8) != 0 && strncasecmp(src, "http://", 7) != 0)) {
        wp_report_note(c->r, "an <iframe> without an address: left out");
        return;
    }
    const char *yt = strstr(src, "youtube.com/embed/");
    if (!yt) yt = strstr(src, "youtube-nocookie.com/embed/");
    if (yt) {
        const char *id = strstr(yt, "/embed/") + strlen("/embed/");
        size_t len = 0;
        while (isalnum((unsigned char)id[len]) || id[len] == '-' || id[len] == '_') len++;
        put_block(out, arena_printf(c->a, "https://www.youtube.com/watch?v=%.*s", (int)len, id));
        return;
    }
    const char *vimeo = strstr(src, "player.vimeo.com/video/");
    if (vimeo) {
        const char *id = vimeo + strlen("player.vimeo.com/video/");
        size_t len = strspn(id, "0123456789");
        put_block(out, arena_printf(c->a, "https://vimeo.com/%.*s", (int)len, id));
        return;
    }
    wp_report_note(c->r, "an <iframe> of %.60s: kept as a link to it", src);
    put_block(out, url_for_markdown(c->a, src));
}

/* A video or audio file: a link to it (Gazette plays no files), noted;
** a YouTube address is an embed. */
static void media_link(conv *c, const char *kind, const char *url, buf *out) {
    if (!url || !*url) {
        wp_report_note(c->r, "a %s without an address: left out", kind);
        return;
    }
    const char *target = link_target(c, url);
    if (!target) {
        wp_report_note(c->r, "a %s at \"%.60s\": left out", kind, url);
        return;
    }
    if (strstr(target, "youtube.com/") || strstr(target, "youtu.be/")) {
        put_block(out, url_for_markdown(c->a, target));
        return;
    }
    wp_report_note(c->r, "a %s kept as a link to its file", kind);
    const char *slash = strrchr(target, '/');
    para p;
    para_init(c, &p);
    put_text(&p, slash && slash[1] ? slash + 1 : target);
    put_block(out, arena_printf(c->a, "[%s](%s)", p.md.data, url_for_markdown(c->a, target)));
}

/* The first src of a <video>/<audio> or of its <source>. */
static const char *media_source(conv *c, xmlNodePtr n) {
    const char *src = attribute(c, n, "src");
    if (src) return src;
    xmlNodePtr s = find(n, "source", 0);
    return s ? attribute(c, s, "src") : NULL;
}

/* Appends the Markdown of block element n to out. */
static void block(conv *c, xmlNodePtr n, buf *out) {
    const char *name = name_of(n);
    if (c->depth >= WP_BODY_DEPTH) {
        wp_report_note(c->r, "elements nested more than %d deep: their text kept", WP_BODY_DEPTH);
        para p;
        para_init(c, &p);
        put_text(&p, text_of(c, n));
        end_para(c, &p, out);
        return;
    }
    c->depth++;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) heading(c, n, out);
    else if (strcasecmp(name, "ul") == 0) list(c, n, out, false);
    else if (strcasecmp(name, "ol") == 0) list(c, n, out, true);
    else if (strcasecmp(name, "blockquote") == 0) quote(c, n, out);
    else if (strcasecmp(name, "pre") == 0) preformatted(c, n, out);
    else if (strcasecmp(name, "table") == 0) table(c, n, out);
    else if (strcasecmp(name, "figure") == 0) figure(c, n, out);
    else if (strcasecmp(name, "hr") == 0) put_block(out, "---");
    else if (strcasecmp(name, "iframe") == 0) iframe(c, n, out);
    else if (strcasecmp(name, "video") == 0 || strcasecmp(name, "audio") == 0) media_link(c, name, media_source(c, n), out);
    else if (strcasecmp(name, "gz-media") == 0) media_link(c, attribute(c, n, "data-kind"), attribute(c, n, "data-url"), out);
    else if (strcasecmp(name, "gz-embed") == 0) {
        const char *url = attribute(c, n, "data-url");
        if (url && lone_url(url)) put_block(out, url_for_markdown(c->a, url));
        else wp_report_note(c->r, "an [embed] without an address: left out");
    } else if (strcasecmp(name, "gz-gallery") == 0) {
        wp_image *list = NULL;
        size_t k = 0;
        if (c->env && c->env->gallery) c->env->gallery(c->env->ctx, c->a, attribute(c, n, "data-ids"), &list, &k);
        if (!k) wp_report_note(c->r, "a [gallery] with no image found: left out");
        images(c, list, k, out);
    } else if (among(name, (const char *const[]){"dt", "summary", NULL})) {
        para p;
        para_init(c, &p);
        wrapped(c, n, &p, "**");
        end_para(c, &p, out);
        if (strcasecmp(name, "summary") == 0) wp_report_note(c->r, "<details> opened: its text shown");
    } else flow(c, n->children, out); /* p, div, li, dd, section...: their content */
    c->depth--;
}

/* Reads the nodes from first on in block context into out. */
static void flow(conv *c, xmlNodePtr first, buf *out) {
    para p;
    para_init(c, &p);
    for (xmlNodePtr n = first; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && among(name_of(n), dropped)) {
            note_dropped(c, n);
            continue;
        }
        if (!is_block(n)) {
            inline_node(c, n, &p);
            continue;
        }
        end_para(c, &p, out);
        block(c, n, out);
    }
    end_para(c, &p, out);
}

/* The <body> element of doc, or NULL. */
static xmlNodePtr body_of(htmlDocPtr doc) {
    xmlNodePtr html = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = html ? html->children : NULL; n; n = n->next)
        if (is(n, "body")) return n;
    return NULL;
}

const char *wp_body_to_markdown(arena *a, const char *content, const wp_body_env *env, wp_report *r) {
    const char *expanded = wp_shortcodes_expand(a, content, strlen(content), r);
    const char *html = wp_autop(a, expanded);
    const char *document = arena_printf(a, "%s%s%s", DOCUMENT_START, html, DOCUMENT_END);
    size_t len = strlen(document);
    if (len > INT32_MAX) return "";
    htmlDocPtr doc = htmlReadMemory(document, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) {
        wp_report_note(r, "the body could not be read as HTML: left empty");
        return "";
    }
    conv c = {.a = a, .env = env, .r = r};
    buf out;
    buf_init(&out, a);
    xmlNodePtr body = body_of(doc);
    if (body) flow(&c, body->children, &out);
    xmlFreeDoc(doc);
    if (out.len) buf_putc(&out, '\n');
    return out.data ? out.data : "";
}
