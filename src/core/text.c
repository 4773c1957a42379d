/* UTF-8, slugs, percent-encoding and small string helpers. */
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
    if (len == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        need = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (len < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return need;
}

bool utf8_valid(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0 || cp == 0) return false;
        i += n;
    }
    return true;
}

size_t utf8_length(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* ASCII spelling of a letter for slugs, or NULL when it has none.
** Covers Russian Cyrillic (a common BGN-like scheme: й and ы give "y", х
** gives "kh"), the Azerbaijani and Turkish letters, and Latin-1 accents. */
static const char *translit(uint32_t cp) {
    static const char *cyrillic[64] = {
        /* А-Я */
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
        /* а-я */
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    };
    if (cp >= 0x410 && cp <= 0x44F) return cyrillic[cp - 0x410];
    switch (cp) {
    case 0x401: case 0x451: return "yo";   /* Ё ё */
    case 0x406: case 0x456: return "i";    /* І і */
    case 0x407: case 0x457: return "yi";   /* Ї ї */
    case 0x404: case 0x454: return "ye";   /* Є є */
    case 0x490: case 0x491: return "g";    /* Ґ ґ */
    case 0x18F: case 0x259: return "e";    /* Ə ə */
    case 0x11E: case 0x11F: return "g";    /* Ğ ğ */
    case 0x130: case 0x131: return "i";    /* İ ı */
    case 0x15E: case 0x15F: return "sh";   /* Ş ş */
    case 0xC7: case 0xE7: return "ch";     /* Ç ç */
    case 0xD6: case 0xF6: return "o";      /* Ö ö */
    case 0xDC: case 0xFC: return "u";      /* Ü ü */
    case 0xDF: return "ss";
    case 0xC6: case 0xE6: return "ae";
    case 0xD8: case 0xF8: return "o";
    case 0xC5: case 0xE5: return "a";
    case 0xD1: case 0xF1: return "n";
    }
    if ((cp >= 0xC0 && cp <= 0xC4) || (cp >= 0xE0 && cp <= 0xE4)) return "a";
    if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB)) return "e";
    if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF)) return "i";
    if ((cp >= 0xD2 && cp <= 0xD5) || (cp >= 0xF2 && cp <= 0xF5)) return "o";
    if ((cp >= 0xD9 && cp <= 0xDB) || (cp >= 0xF9 && cp <= 0xFB)) return "u";
    if (cp == 0xDD || cp == 0xFD || cp == 0xFF) return "y";
    return NULL;
}

char *slugify(arena *a, const char *title, size_t max_len) {
    buf out;
    buf_init(&out, a);
    buf_reserve(&out, strlen(title));
    const unsigned char *p = (const unsigned char *)title;
    size_t len = strlen(title);
    bool pending_dash = false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) { i++; pending_dash = true; continue; }
        i += n;
        const char *piece = NULL;
        char ascii[2] = {0, 0};
        if (cp < 0x80 && isalnum((int)cp)) {
            ascii[0] = (char)tolower((int)cp);
            piece = ascii;
        } else if (cp == '\'' || cp == 0x2019) {
            continue; /* "don't" gives "dont", not "don-t" */
        } else {
            piece = translit(cp);
        }
        if (!piece) { pending_dash = out.len > 0; continue; }
        if (!*piece) continue; /* hard and soft signs vanish */
        if (pending_dash && out.len > 0) buf_putc(&out, '-');
        pending_dash = false;
        buf_puts(&out, piece);
    }
    if (out.len > max_len) {
        /* Cut at the last word boundary that fits; a single over-long word
        ** is cut hard. */
        size_t cut = max_len;
        while (cut > 0 && out.data[cut] != '-') cut--;
        if (cut == 0) cut = max_len;
        out.len = cut;
        while (out.len > 0 && out.data[out.len - 1] == '-') out.len--;
        out.data[out.len] = '\0';
    }
    return out.data ? out.data : arena_strdup(a, "");
}

bool slug_valid(const char *s, size_t max_len) {
    size_t n = strlen(s);
    if (n == 0 || n > max_len || s[0] == '-' || s[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-') {
            if (s[i + 1] == '-') return false;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return true;
}

void url_encode(buf *out, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    buf_reserve(out, 3 * n); /* the most it can take: written in place */
    char *w = out->data + out->len;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 15];
        }
    }
    *w = '\0';
    out->len = (size_t)(w - out->data);
}

bool contains_ignore_case(const char *haystack, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0) return true;
    for (const char *h = haystack; *h; h++)
        if (strncasecmp(h, needle, n) == 0) return true;
    return false;
}

char *trim(char *s) {
    char *start = s;
    while (*start && isspace((unsigned char)*start)) start++;
    size_t n = strlen(start);
    while (n > 0 && isspace((unsigned char)start[n - 1])) n--;
    memmove(s, start, n);
    s[n] = '\0';
    return s;
}

bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool parse_int(const char *s, long long min, long long max, long long *out) {
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++)
        if (!(isdigit((unsigned char)*p) || (p == s && *p == '-'))) return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

bool email_plausible(const char *s) {
    if (!s) return false;
    size_t n = strlen(s);
    if (n < 3 || n > 200 || !utf8_valid(s, n)) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@')) return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1]) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f) return false;
    return true;
}
