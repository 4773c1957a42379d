/* WordPress's automatic paragraphs. See autop.h. */
#include "autop.h"
#include "../../core/buf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

bool wp_is_block_content(const char *content) { return strstr(content, "<!-- wp:") != NULL; }

/* Elements that start a block of their own (a run starting with one is
** not wrapped in <p>), the shortcodes' elements among them. */
static const char *const blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure", "figcaption", "hr", "iframe", "form",
    "section", "article", "aside", "header", "footer", "nav", "address", "math", "style", "script", "object",
    "video", "audio", "details", "summary", "gz-gallery", "gz-embed", "gz-media"};

/* True when s starts with the tag of a block element (or its end); s is
** within a NUL-terminated content. */
static bool starts_block(const char *s) {
    if (*s != '<') return false;
    s++;
    if (*s == '/') s++;
    if (s[0] == '!' && s[1] == '-' && s[2] == '-') return true; /* a comment stays as it is */
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '-') n++;
    for (size_t i = 0; n && i < sizeof blocks / sizeof blocks[0]; i++)
        if (strlen(blocks[i]) == n && strncasecmp(s, blocks[i], n) == 0) return true;
    return false;
}

/* Appends text (len bytes) with its line breaks outside tags made <br>. */
static void with_breaks(buf *out, const char *s, size_t len) {
    bool in_tag = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        if (c == '\n' && !in_tag) buf_puts(out, "<br>\n");
        else buf_putc(out, c);
    }
}

/* Appends one run (between blank lines), trimmed, as a paragraph unless it
** starts with a block element. */
static void run(buf *out, const char *s, size_t len) {
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    if (!len) return;
    if (starts_block(s)) buf_append(out, s, len);
    else {
        buf_puts(out, "<p>");
        with_breaks(out, s, len);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "\n\n");
}

/* Where the blank line at or after p ends (NULL: none before end): a
** line break, then only spaces up to another. */
static const char *blank_line(const char *p, const char *end, const char **blank_start) {
    for (; p < end; p++) {
        if (*p != '\n') continue;
        const char *q = p + 1;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < end && *q == '\n') {
            *blank_start = p;
            while (q < end && isspace((unsigned char)*q)) q++;
            return q;
        }
    }
    return NULL;
}

const char *wp_autop(arena *a, const char *content) {
    if (wp_is_block_content(content)) return content;
    buf out;
    buf_init(&out, a);
    const char *p = content, *end = content + strlen(content);
    const char *pre = strcasestr(p, "<pre"); /* the next <pre> (looked for again once passed: linear) */
    while (p < end) {
        /* A <pre> is one run, whatever blank lines it holds. */
        if (pre && pre < p) pre = strcasestr(p, "<pre");
        const char *stop, *next = blank_line(p, end, &stop);
        if (!next) stop = next = end;
        if (pre && pre < stop) {
            const char *close = strcasestr(pre, "</pre>");
            const char *pre_end = close ? close + 6 : end;
            run(&out, p, (size_t)(pre - p));
            buf_append(&out, pre, (size_t)(pre_end - pre));
            buf_puts(&out, "\n\n");
            p = pre_end;
            continue;
        }
        run(&out, p, (size_t)(stop - p));
        p = next;
    }
    return out.data ? out.data : "";
}
