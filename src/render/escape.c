/* HTML escaping. Tested against hostile input in tests/unit/test_escape.c. */
#include "escape.h"
#include "../core/text.h"

#include <stdbool.h>
#include <string.h>

/* Bytes that are copied as they are: printable ASCII but & < > " ', and
** tab, newline, carriage return. */
static const bool plain[256] = {
    ['\t'] = true, ['\n'] = true, ['\r'] = true,
    [' '] = true, ['!'] = true, ['#'] = true, ['$'] = true, ['%'] = true,
    ['('] = true, [')'] = true, ['*'] = true, ['+'] = true, [','] = true, ['-'] = true, ['.'] = true, ['/'] = true,
    ['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true, ['4'] = true, ['5'] = true, ['6'] = true, ['7'] = true,
    ['8'] = true, ['9'] = true, [':'] = true, [';'] = true, ['='] = true, ['?'] = true, ['@'] = true,
    ['A'] = true, ['B'] = true, ['C'] = true, ['D'] = true, ['E'] = true, ['F'] = true, ['G'] = true, ['H'] = true,
    ['I'] = true, ['J'] = true, ['K'] = true, ['L'] = true, ['M'] = true, ['N'] = true, ['O'] = true, ['P'] = true,
    ['Q'] = true, ['R'] = true, ['S'] = true, ['T'] = true, ['U'] = true, ['V'] = true, ['W'] = true, ['X'] = true,
    ['Y'] = true, ['Z'] = true, ['['] = true, ['\\'] = true, [']'] = true, ['^'] = true, ['_'] = true, ['`'] = true,
    ['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['e'] = true, ['f'] = true, ['g'] = true, ['h'] = true,
    ['i'] = true, ['j'] = true, ['k'] = true, ['l'] = true, ['m'] = true, ['n'] = true, ['o'] = true, ['p'] = true,
    ['q'] = true, ['r'] = true, ['s'] = true, ['t'] = true, ['u'] = true, ['v'] = true, ['w'] = true, ['x'] = true,
    ['y'] = true, ['z'] = true, ['{'] = true, ['|'] = true, ['}'] = true, ['~'] = true,
};

void html_escape_n(buf *out, const char *s, size_t len) {
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    buf_reserve(out, len + len / 8);
    size_t i = 0, run = 0; /* run: start of bytes copied as they are */
    while (i < len) {
        /* Most text needs nothing: skip it a byte at a time, cheaply. */
        while (i < len && plain[p[i]]) i++;
        if (i == len) break;
        unsigned char c = p[i];
        const char *entity = NULL;
        size_t skip = 1;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = utf8_decode(p + i, len - i, &cp);
            if (n && !(cp >= 0x80 && cp <= 0x9F)) { i += n; continue; }
            /* Invalid bytes and C1 controls (U+0080-U+009F): one U+FFFD. */
            entity = replacement;
            skip = n ? n : 1;
        } else {
            switch (c) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            default:
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
                    entity = replacement;
            }
            if (!entity) { i++; continue; }
        }
        buf_append(out, s + run, i - run);
        buf_puts(out, entity);
        i += skip;
        run = i;
    }
    buf_append(out, s + run, i - run);
}

void html_escape(buf *out, const char *s) { html_escape_n(out, s, strlen(s)); }

void html_escape_marked(buf *out, const char *s) {
    bool open = false;
    const char *run = s;
    for (const char *p = s;; p++) {
        if (*p != '\x01' && *p != '\x02' && *p != '\0') continue;
        html_escape_n(out, run, (size_t)(p - run));
        if (*p == '\x01' && !open) {
            buf_puts(out, "<mark>");
            open = true;
        } else if (*p == '\x02' && open) {
            buf_puts(out, "</mark>");
            open = false;
        }
        if (*p == '\0') break;
        run = p + 1;
    }
    if (open) buf_puts(out, "</mark>");
}
