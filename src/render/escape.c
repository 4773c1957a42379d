/* HTML escaping. Tested against hostile input in tests/unit/test_escape.c. */
#include "escape.h"
#include "../core/text.h"

#include <stdbool.h>
#include <string.h>

void html_escape_n(buf *out, const char *s, size_t len) {
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)s;
    buf_reserve(out, len + len / 8);
    size_t i = 0, run = 0; /* run: start of bytes copied as they are */
    while (i < len) {
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
