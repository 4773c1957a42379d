/* Readings of a WordPress export's strings. See text.h. */
#include "text.h"
#include "../../core/buf.h"
#include "../../core/text.h"
#include "../../core/timeutil.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>

/* Appends the text under n to out, a space for every run of white space,
** leaving out scripts and styles. */
static void text_of(xmlNodePtr n, buf *out, int depth) {
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *p = n->content; p && *p; p++) {
                /* Other control characters (a terminal's escapes among them) are no text. */
                bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
                if (!space && (*p < 0x20 || *p == 0x7f)) continue;
                if (!space) buf_putc(out, (char)*p);
                else if (out->len && out->data[out->len - 1] != ' ') buf_putc(out, ' ');
            }
        } else if (n->type == XML_ELEMENT_NODE && depth < 64) {
            const char *name = (const char *)n->name;
            if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0) continue;
            bool block = strcmp(name, "br") == 0 || strcmp(name, "p") == 0 || strcmp(name, "div") == 0 ||
                         strcmp(name, "li") == 0;
            if (block && out->len && out->data[out->len - 1] != ' ') buf_putc(out, ' ');
            text_of(n->children, out, depth + 1);
        }
    }
}

const char *wp_html_text(arena *a, const char *html) {
    if (!html || !*html) return "";
    const char *document =
        arena_printf(a, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>%s</body></html>", html);
    size_t len = strlen(document);
    if (len > INT32_MAX) return "";
    htmlDocPtr doc = htmlReadMemory(document, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) return "";
    buf out;
    buf_init(&out, a);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0) text_of(n->children, &out, 0);
    xmlFreeDoc(doc);
    buf_putc(&out, '\0');
    return trim(out.data);
}

const char *wp_first_words(arena *a, const char *text, size_t max_chars) {
    /* One line: each run of white space one space. */
    char *s = arena_strdup(a, text ? text : "");
    size_t k = 0;
    for (size_t j = 0; s[j]; j++) {
        bool space = s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f' || s[j] == '\v';
        if (!space) s[k++] = s[j];
        else if (k && s[k - 1] != ' ') s[k++] = ' ';
    }
    while (k && s[k - 1] == ' ') k--;
    s[k] = '\0';
    size_t chars = 0, cut = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue; /* inside a character */
        if (s[i] == ' ') cut = i;
        if (++chars > max_chars) break;
    }
    if (!s[i]) return s;
    if (cut == 0) cut = i; /* one long word: cut at the character */
    return arena_printf(a, "%.*s…", (int)cut, s);
}

const char *wp_url_path(arena *a, const char *url, size_t max_len) {
    if (!url) return NULL;
    const char *p = url;
    const char *scheme = strstr(url, "://");
    if (scheme && (size_t)(scheme - url) <= 10) {
        p = strchr(scheme + 3, '/');
        if (!p) {
            const char *q = strchr(scheme + 3, '?');
            return q ? arena_printf(a, "/%s", q) : "/";
        }
    }
    if (*p != '/' || p[1] == '/') return NULL;
    size_t n = strlen(p);
    if (n > max_len) return NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '#') return i && p[i] == '#' ? arena_strndup(a, p, i) : NULL;
    return arena_strdup(a, p);
}

static int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *wp_percent_decode(arena *a, const char *s, size_t n, size_t *len) {
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out[k++] = (char)(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    *len = k;
    return out;
}

bool wp_gmt_time(const char *s, int64_t *epoch) {
    if (!s || strlen(s) != 19 || s[10] != ' ' || strncmp(s, "0000", 4) == 0) return false;
    char iso[24];
    snprintf(iso, sizeof iso, "%.10sT%.8sZ", s, s + 11);
    return iso8601_parse(iso, epoch);
}
