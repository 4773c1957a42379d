/*
** Fuzz target: article bodies through the Markdown renderer and its safety
** pass (src/render/markdown.c), as HTML and as plain text. Beyond crashes,
** it checks what markdown.h promises of the HTML: only the tags cmark-gfm
** makes for Markdown (raw HTML never passes), no event-handler attributes,
** and no link or image URL with a scheme other than http, https, mailto
** and tel, read as a browser would (entities decoded, tabs and newlines
** inside the scheme ignored). The HTML is made with a resolver that knows
** every /media/ image (markdown_media.c's figures, galleries and embeds
** are reached), and the report of alt texts must agree with it.
**
** Known: cmark-gfm spends seconds and gigabytes on tables with thousands
** of columns; run with -rss_limit_mb=2048 -timeout=10 (tests/fuzz/run does).
*/
#include "common.h"

#include "render/markdown.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The elements cmark-gfm writes for CommonMark with tables,
** strikethrough and autolinks (h1 never: it becomes h2), and those of
** figures, galleries and embeds. */
static const char *const allowed_tags[] = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong", "del",
    "code", "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "div", "span", "button"};

/* True when the len bytes at name are one of allowed_tags. */
static bool tag_allowed(const char *name, size_t len) {
    for (size_t i = 0; i < sizeof allowed_tags / sizeof allowed_tags[0]; i++)
        if (strlen(allowed_tags[i]) == len && strncmp(allowed_tags[i], name, len) == 0) return true;
    return false;
}

/* Decodes the character references a browser decodes in an attribute
** (&amp;, &#58;, &#x3a;, &colon;, &Tab;, &NewLine;) into out (size bytes). */
static void decode_attribute(const char *s, size_t len, char *out, size_t size) {
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < size;) {
        if (s[i] != '&') {
            out[o++] = s[i++];
            continue;
        }
        const char *semi = memchr(s + i, ';', len - i);
        size_t n = semi ? (size_t)(semi - (s + i)) + 1 : 0;
        unsigned long cp = 0;
        bool known = true;
        if (n >= 4 && s[i + 1] == '#' && (s[i + 2] == 'x' || s[i + 2] == 'X'))
            cp = strtoul(s + i + 3, NULL, 16);
        else if (n >= 3 && s[i + 1] == '#')
            cp = strtoul(s + i + 2, NULL, 10);
        else if (n == 5 && strncmp(s + i, "&amp;", 5) == 0) cp = '&';
        else if (n == 7 && strncasecmp(s + i, "&colon;", 7) == 0) cp = ':';
        else if (n == 5 && strncasecmp(s + i, "&tab;", 5) == 0) cp = '\t';
        else if (n == 9 && strncasecmp(s + i, "&newline;", 9) == 0) cp = '\n';
        else known = false;
        if (!known) {
            out[o++] = s[i++];
            continue;
        }
        out[o++] = cp < 128 ? (char)cp : '?';
        i += n;
    }
    out[o] = '\0';
}

/* True when a URL, as a browser reads it, is relative or has an allowed
** scheme. Browsers drop leading spaces and control characters, and tabs
** and newlines anywhere. */
static bool url_safe(const char *value, size_t len) {
    char decoded[4096], clean[4096];
    if (len >= sizeof decoded) len = sizeof decoded - 1;
    decode_attribute(value, len, decoded, sizeof decoded);
    size_t n = 0;
    const char *p = decoded;
    while (*p && (unsigned char)*p <= ' ') p++;
    for (; *p && n + 1 < sizeof clean; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r') clean[n++] = (char)tolower((unsigned char)*p);
    clean[n] = '\0';
    size_t i = strcspn(clean, ":/?#");
    if (clean[i] != ':') return true;
    return (i == 4 && strncmp(clean, "http", 4) == 0) || (i == 5 && strncmp(clean, "https", 5) == 0) ||
           (i == 6 && strncmp(clean, "mailto", 6) == 0) || (i == 3 && strncmp(clean, "tel", 3) == 0);
}

/* Checks every tag of html. */
static void check_html(const char *html) {
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *name = p + 1;
        if (*name == '/') name++;
        size_t len = 0;
        while (isalnum((unsigned char)name[len])) len++;
        if (!tag_allowed(name, len)) {
            fprintf(stderr, "fuzz-markdown: tag not allowed: %.40s\n", p);
            FUZZ_ASSERT(!"only Markdown's own tags");
        }
        const char *end = strchr(name, '>');
        FUZZ_ASSERT(end != NULL);
        /* Attributes: name="value" pairs (cmark quotes every value). */
        for (const char *q = name + len; q < end;) {
            while (q < end && *q == ' ') q++;
            const char *attr = q;
            while (q < end && *q != '=' && *q != ' ' && *q != '/') q++;
            size_t attr_len = (size_t)(q - attr);
            if (attr_len == 0) {
                q++;
                continue;
            }
            FUZZ_ASSERT(!(attr_len > 2 && strncasecmp(attr, "on", 2) == 0));
            if (q < end && *q == '=' && q[1] == '"') {
                const char *value = q + 2, *close = strchr(value, '"');
                FUZZ_ASSERT(close != NULL);
                if ((attr_len == 4 && strncmp(attr, "href", 4) == 0) ||
                    (attr_len == 3 && strncmp(attr, "src", 3) == 0) ||
                    (attr_len == 8 && strncmp(attr, "data-src", 8) == 0)) {
                    if (!url_safe(value, (size_t)(close - value))) {
                        fprintf(stderr, "fuzz-markdown: URL not allowed: %.*s\n", (int)(close - value), value);
                        FUZZ_ASSERT(!"only http, https, mailto, tel and relative URLs");
                    }
                }
                q = close + 1;
                if (close > end) end = strchr(close, '>');
                FUZZ_ASSERT(end != NULL);
            }
        }
        p = end;
    }
}

/* Knows every /media/ image: 1600x1200, three variants, an alt text
** (a hostile one) and a credit. */
static bool resolve(void *ctx, const char *url, markdown_image *out) {
    (void)ctx;
    if (strncmp(url, "/media/", 7) != 0) return false;
    memset(out, 0, sizeof *out);
    out->src = "/media/00112233445566778899aabbccddeeff-960.jpg";
    out->srcset = "/media/00112233445566778899aabbccddeeff-480.jpg 480w, /media/00112233445566778899aabbccddeeff-960.jpg 960w";
    out->largest = "/media/00112233445566778899aabbccddeeff-1600.jpg";
    out->width = 1600;
    out->height = 1200;
    out->alt = "\" onerror=\"x()";
    out->credit = "<script>credit</script>";
    out->name = "library.jpg";
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    markdown_options opt = {MARKDOWN_LIMITS_DEFAULT, "en", resolve, NULL};
    markdown_report report;
    char *html = NULL, *text_too = NULL;
    if (markdown_render_with((const char *)data, size, &opt, &report, &html, &text_too, NULL, 0)) {
        check_html(html);
        FUZZ_ASSERT(report.missing_alt >= 0 && report.missing_alt <= report.images);
        FUZZ_ASSERT(strlen(report.missing_alt_name) < sizeof report.missing_alt_name);
    }
    free(html);
    free(text_too);
    html = markdown_to_html((const char *)data, size);
    if (html) check_html(html);
    free(html);
    char *text = markdown_to_text((const char *)data, size);
    free(text);
    return 0;
}
