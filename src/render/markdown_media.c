/* Pictures and embeds in article bodies: the pass of markdown.c that turns
** image-only paragraphs into figures and galleries and URL-only ones into
** embeds (markdown_embed.c), after the safety pass (every URL left is
** allowed) and before cmark-gfm writes the HTML. What it makes is HTML of
** our own, every piece of the writer's text escaped, in custom blocks:
** cmark-gfm writes those as they are, and the source's raw HTML is gone
** by then. */
#include "markdown_internal.h"
#include "escape.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sizes a body picture is shown at: the article's column. */
#define FIGURE_SIZES "(min-width: 48rem) 46rem, 100vw"
/* Longest URL made into an embed; a longer one stays a plain link. */
#define EMBED_URL_MAX 2048

/* An image of the body, in document order. */
typedef struct body_image {
    cmark_node *node;
    bool resolved;
    markdown_image info; /* when resolved */
    const char *alt;     /* its own, else the library's default; may be empty */
} body_image;

typedef struct media_pass {
    const markdown_options *opt;
    arena *a;
    body_image *images;
    size_t count, next; /* next: the first not yet made into a figure */
    size_t made, bound; /* bytes of HTML made so far, and the most allowed */
} media_pass;

void markdown_escape_url(buf *out, const char *url) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
        if (*c == '&') buf_puts(out, "&amp;");
        else if (*c == '\'') buf_puts(out, "&#39;");
        else if (*c <= ' ' || *c >= 0x7f || strchr("\"<>\\^`{|}", *c)) {
            char esc[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            buf_append(out, esc, 3);
        } else buf_putc(out, (char)*c);
    }
}

/* The text of node's inlines (an image's alt text), in b. */
static void inline_text(buf *b, cmark_node *node) {
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || n == node) continue;
        cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) buf_putc(b, ' ');
        else {
            const char *literal = cmark_node_get_literal(n);
            if (literal) buf_puts(b, literal);
        }
    }
    cmark_iter_free(it);
}

/* True when s is only blanks (or empty). */
static bool blank(const char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\n') s++;
    return !*s;
}

/* The file name an image is known by in messages: the library's, else its
** URL's last part (without query), at most size - 1 bytes. */
static void image_name(const body_image *im, char *out, size_t size) {
    const char *url = cmark_node_get_url(im->node);
    if (im->resolved && im->info.name && *im->info.name) {
        snprintf(out, size, "%s", im->info.name);
        return;
    }
    url = url ? url : "";
    size_t end = strcspn(url, "?#");
    size_t start = end;
    while (start > 0 && url[start - 1] != '/') start--;
    snprintf(out, size, "%.*s", (int)(end - start), url + start);
}

/* Finds every image of the tree, resolves the site's own and reports the
** first without alt text. False when there are more than the links limit. */
static bool collect(media_pass *m, cmark_node *doc, markdown_report *report, user_message *why) {
    size_t cap = 0;
    bool ok = true;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE) continue;
        if (m->count >= (size_t)m->opt->limits.max_links) {
            user_message_set(why, N_("it has more than %d links and images"), m->opt->limits.max_links);
            ok = false;
            break;
        }
        if (m->count == cap) {
            cap = cap ? cap * 2 : 16;
            body_image *grown = arena_alloc(m->a, cap * sizeof *grown);
            if (m->count) memcpy(grown, m->images, m->count * sizeof *grown);
            m->images = grown;
        }
        body_image *im = &m->images[m->count++];
        memset(im, 0, sizeof *im);
        im->node = node;
        const char *url = cmark_node_get_url(node);
        im->resolved = m->opt->resolve && url && m->opt->resolve(m->opt->resolve_ctx, url, &im->info);
        buf alt;
        buf_init(&alt, m->a);
        inline_text(&alt, node);
        im->alt = alt.data && !blank(alt.data) ? alt.data : im->resolved && im->info.alt ? im->info.alt : "";
        if (report && !report->missing_alt && blank(im->alt)) {
            report->missing_alt = (int)m->count;
            image_name(im, report->missing_alt_name, sizeof report->missing_alt_name);
        }
    }
    cmark_iter_free(it);
    if (report) report->images = (int)m->count;
    return ok;
}

/* The number of images in a paragraph that holds only images (and line
** breaks or blanks between them); 0 for any other. */
static int image_only(cmark_node *para) {
    if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return 0;
    int images = 0;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        cmark_node_type type = cmark_node_get_type(c);
        if (type == CMARK_NODE_IMAGE) images++;
        else if (type == CMARK_NODE_TEXT) {
            const char *literal = cmark_node_get_literal(c);
            if (!blank(literal ? literal : "")) return 0;
        } else if (type != CMARK_NODE_SOFTBREAK && type != CMARK_NODE_LINEBREAK) return 0;
    }
    return images;
}

/* The record of image node (collect() saw them all, in this order). */
static body_image *find_image(media_pass *m, cmark_node *node) {
    while (m->next < m->count && m->images[m->next].node != node) m->next++;
    return m->next < m->count ? &m->images[m->next] : NULL;
}

/* One figure: the image, linked to its largest variant in a gallery
** (what the lightbox opens; without script, the link), with its caption
** (the image's title) and credit (the library's). */
static void figure(buf *b, const body_image *im, bool eager, bool linked) {
    const char *url = cmark_node_get_url(im->node);
    const char *title = cmark_node_get_title(im->node);
    const char *credit = im->resolved && im->info.credit ? im->info.credit : "";
    url = url ? url : "";
    buf_puts(b, "<figure class=\"body-figure\">");
    if (linked) {
        buf_puts(b, "<a class=\"gallery-link\" href=\"");
        markdown_escape_url(b, im->resolved && im->info.largest ? im->info.largest : url);
        buf_puts(b, "\">");
    }
    buf_puts(b, "<img src=\"");
    if (im->resolved) {
        markdown_escape_url(b, im->info.src);
        if (im->info.srcset && *im->info.srcset) {
            buf_puts(b, "\" srcset=\"");
            html_escape(b, im->info.srcset); /* our own URLs, with the blanks a srcset needs */
            buf_puts(b, "\" sizes=\"" FIGURE_SIZES);
        }
        buf_printf(b, "\" width=\"%d\" height=\"%d", im->info.width, im->info.height);
    } else {
        markdown_escape_url(b, url);
        buf_puts(b, "\" class=\"external");
    }
    buf_puts(b, "\" alt=\"");
    html_escape(b, im->alt);
    buf_printf(b, "\" loading=\"%s\" decoding=\"async\">", eager ? "eager" : "lazy");
    if (linked) buf_puts(b, "</a>");
    bool has_title = title && !blank(title), has_credit = !blank(credit);
    if (has_title || has_credit) {
        buf_puts(b, "<figcaption>");
        if (has_title) html_escape(b, title);
        if (has_title && has_credit) buf_putc(b, ' ');
        if (has_credit) {
            buf_puts(b, "<span class=\"credit\">");
            html_escape(b, credit);
            buf_puts(b, "</span>");
        }
        buf_puts(b, "</figcaption>");
    }
    buf_puts(b, "</figure>");
}

/* Puts html in place of the blocks from first to last (siblings), as one
** custom block. False when it would pass the bound. */
static bool replace(media_pass *m, cmark_node *first, cmark_node *last, const buf *html) {
    m->made += html->len;
    if (m->made > m->bound) return false;
    cmark_node *block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    if (!block || !cmark_node_set_on_enter(block, html->data) || !cmark_node_insert_before(first, block)) {
        if (block) cmark_node_free(block);
        return false;
    }
    for (cmark_node *n = first, *next; n; n = next) {
        next = n == last ? NULL : cmark_node_next(n);
        cmark_node_free(n);
    }
    return true;
}

/* The pictures of the image-only paragraphs from first on (as many as
** follow one another): a figure, or a gallery of them. *last gets the
** final paragraph taken. */
static void pictures(media_pass *m, buf *b, cmark_node *first, bool first_block, cmark_node **last) {
    int total = image_only(first);
    *last = first;
    for (cmark_node *n = cmark_node_next(first); n && image_only(n); n = cmark_node_next(n)) {
        total += image_only(n);
        *last = n;
    }
    bool gallery = total > 1, eager = first_block;
    if (gallery) buf_puts(b, "<div class=\"gallery\" data-gallery>");
    for (cmark_node *para = first;; para = cmark_node_next(para)) {
        for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
            if (cmark_node_get_type(c) != CMARK_NODE_IMAGE) continue;
            body_image *im = find_image(m, c);
            if (!im) continue;
            figure(b, im, eager, gallery);
            eager = false;
        }
        if (para == *last) break;
    }
    if (gallery) buf_puts(b, "</div>");
}

/* True for inlines that show nothing: empty or blank text (cmark-gfm's
** autolinks leave an empty one before the link). */
static bool nothing(cmark_node *n) {
    const char *literal = cmark_node_get_literal(n);
    return cmark_node_get_type(n) == CMARK_NODE_TEXT && blank(literal ? literal : "");
}

/* The URL of a paragraph that holds only a link whose text is its URL
** (a bare URL, or <https://...>), or NULL. */
static const char *url_only(cmark_node *para) {
    if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return NULL;
    cmark_node *link = NULL;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        if (nothing(c)) continue;
        if (link || cmark_node_get_type(c) != CMARK_NODE_LINK) return NULL;
        link = c;
    }
    if (!link) return NULL;
    cmark_node *text = cmark_node_first_child(link);
    if (!text || cmark_node_next(text) || cmark_node_get_type(text) != CMARK_NODE_TEXT) return NULL;
    const char *url = cmark_node_get_url(link), *literal = cmark_node_get_literal(text);
    if (!url || !literal || strcmp(url, literal) != 0 || strlen(url) > EMBED_URL_MAX) return NULL;
    return url;
}

bool markdown_media(cmark_node *doc, const markdown_options *opt, markdown_report *report, size_t bound,
                    user_message *why) {
    media_pass m = {.opt = opt, .a = arena_new(), .bound = bound};
    bool ok = collect(&m, doc, report, why);
    bool first_block = true;
    for (cmark_node *node = cmark_node_first_child(doc), *next; ok && node; node = next, first_block = false) {
        next = cmark_node_next(node);
        buf html;
        buf_init(&html, m.a);
        const char *url;
        cmark_node *last = node;
        if (image_only(node)) pictures(&m, &html, node, first_block, &last);
        else if ((url = url_only(node)) == NULL || !markdown_embed(&html, url, opt->lang)) continue;
        next = cmark_node_next(last);
        if (!replace(&m, node, last, &html)) {
            user_message_set(why, N_("the article would be more than %zu KB of HTML (%d times its Markdown)"),
                             bound / 1024, opt->limits.max_output_ratio);
            ok = false;
        }
    }
    arena_free(m.a);
    return ok;
}
