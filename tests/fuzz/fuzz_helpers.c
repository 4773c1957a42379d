/*
** Fuzz target: the small parsers and encoders that take text from outside,
** each with the property it promises. The first byte picks one; the rest is
** its input:
**   0  list cursors (src/core/urls.c): what parses formats back the same
**   1  Accept-Encoding (src/http/compress.c): a known coding, stable
**   2  gzip and brotli (src/http/compress.c): what is compressed inflates back
**   3  slugs (src/core/text.c): slugify() gives a valid slug or ""
**   4  url_encode(): only unreserved bytes and %XX, decoding gives the input
**   5  ISO 8601 dates (src/core/timeutil.c): what parses formats and parses again
**   6  Plural-Forms rules (src/render/plural.c): a form in range for any count
**   7  UTF-8: utf8_valid() agrees with utf8_decode() and utf8_length()
**   8  parse_int(): agrees with a plain reading, within its bounds
**   9  media file names (src/newsroom/media.c): a path only for our names
**  10  the revisions' line diff (src/newsroom/diff.c): before and after, split
**      at the first NUL, are given back by the diff's lines
**  11  HTML escaping (src/render/escape.c): nothing but entities for < > & " '
*/
#include "common.h"

#include "core/config.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "core/urls.h"
#include "http/compress.h"
#include "newsroom/diff.h"
#include "newsroom/media.h"
#include "render/escape.h"
#include "render/plural.h"

#include <brotli/decode.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Dates are formatted in the demo's zone, as the site does. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    timeutil_set_zone("Asia/Baku");
    return 0;
}

/* 0: a cursor that parses is positive and formats back to the same values. */
static void check_cursor(arena *a, const char *s) {
    int64_t at = 0, id = 0;
    if (!urls_cursor_parse(s, &at, &id)) return;
    FUZZ_ASSERT(at >= 0 && id >= 1);
    char *again = urls_cursor_format(a, at, id);
    int64_t at2 = 0, id2 = 0;
    FUZZ_ASSERT(urls_cursor_parse(again, &at2, &id2));
    FUZZ_ASSERT(at2 == at && id2 == id);
}

/* 1: the coding chosen is one we have, the same each time, with its name. */
static void check_accept_encoding(const char *s) {
    http_encoding e = http_accepted_encoding(s);
    FUZZ_ASSERT(e == HTTP_IDENTITY || e == HTTP_GZIP || e == HTTP_BROTLI);
    FUZZ_ASSERT(http_accepted_encoding(s) == e);
    const char *name = http_encoding_name(e);
    FUZZ_ASSERT((e == HTTP_IDENTITY) == (name == NULL));
}

/* Inflates a gzip stream; false when it is not one. */
static bool gunzip(const void *in, size_t len, unsigned char *out, size_t cap, size_t *out_len) {
    z_stream z = {0};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return false;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = inflate(&z, Z_FINISH);
    *out_len = z.total_out;
    inflateEnd(&z);
    return rc == Z_STREAM_END;
}

/* 2: gzip and brotli output is smaller and decompresses to the input. */
static void check_compress(const uint8_t *data, size_t size, bool best) {
    size_t cap = size + 1;
    unsigned char *back = malloc(cap);
    FUZZ_ASSERT(back != NULL);
    for (int e = HTTP_GZIP; e <= HTTP_BROTLI; e++) {
        void *out = NULL;
        size_t out_len = 0, back_len = cap;
        if (!http_compress((http_encoding)e, best && size < 4096, data, size, &out, &out_len)) {
            FUZZ_ASSERT(out == NULL || out_len < size);
            free(out);
            continue;
        }
        FUZZ_ASSERT(out_len < size);
        bool ok = e == HTTP_GZIP ? gunzip(out, out_len, back, cap, &back_len)
                                 : BrotliDecoderDecompress(out_len, out, &back_len, back) == BROTLI_DECODER_RESULT_SUCCESS;
        FUZZ_ASSERT(ok && back_len == size && memcmp(back, data, size) == 0);
        free(out);
    }
    free(back);
}

/* 3: slugify() gives "" or a valid slug within max_len; a slug stays itself. */
static void check_slug(arena *a, const char *s, size_t max_len) {
    char *slug = slugify(a, s, max_len);
    FUZZ_ASSERT(slug != NULL);
    FUZZ_ASSERT(strlen(slug) <= max_len);
    FUZZ_ASSERT(slug[0] == '\0' || slug_valid(slug, max_len));
    if (slug_valid(s, max_len)) FUZZ_ASSERT(strcmp(slugify(a, s, max_len), s) == 0);
}

/* The value of a hex digit, or -1. */
static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* 4: url_encode() writes only unreserved bytes and %XX, and decodes back. */
static void check_url_encode(arena *a, const char *s) {
    buf out;
    buf_init(&out, a);
    buf_puts(&out, "");
    url_encode(&out, s);
    size_t o = 0;
    for (const char *p = out.data; *p; p++) {
        char c;
        if (*p == '%') {
            int hi = hex_value(p[1]), lo = hi >= 0 ? hex_value(p[2]) : -1;
            FUZZ_ASSERT(hi >= 0 && lo >= 0);
            c = (char)(hi * 16 + lo);
            p += 2;
        } else {
            FUZZ_ASSERT((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                        strchr("-._~", *p));
            c = *p;
        }
        FUZZ_ASSERT(s[o] == c);
        o++;
    }
    FUZZ_ASSERT(s[o] == '\0');
}

/* 5: a date that parses formats (in the site zone) and parses to the same instant. */
static void check_iso8601(const char *s) {
    int64_t t = 0;
    if (iso8601_parse(s, &t)) {
        char out[64];
        iso8601_format_local(t, out, sizeof out);
        int64_t again = 0;
        FUZZ_ASSERT(iso8601_parse(out, &again));
        FUZZ_ASSERT(again == t);
    }
    if (timeutil_parse_local(s, &t)) {
        char out[64];
        timeutil_format_input(t, out, sizeof out);
    }
}

/* 6: a rule that parses has forms, and gives a form in range for any count. */
static void check_plural(const char *s) {
    char err[256];
    err[0] = '\0';
    plural_rule *r = plural_rule_parse(s, err, sizeof err);
    if (!r) {
        FUZZ_ASSERT(err[0] != '\0');
        return;
    }
    int count = plural_rule_count(r);
    FUZZ_ASSERT(count >= 1);
    static const uint64_t ns[] = {0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 111, 1000000,
                                  UINT64_MAX / 2, UINT64_MAX};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        int form = plural_rule_form(r, ns[i]);
        FUZZ_ASSERT(form >= 0 && form < count);
    }
    plural_rule_free(r);
}

/* 7: utf8_valid() agrees with decoding code point by code point, and with utf8_length(). */
static void check_utf8(const uint8_t *data, size_t size) {
    bool valid = utf8_valid((const char *)data, size);
    bool decoded = true;
    size_t points = 0;
    for (size_t i = 0; i < size;) {
        uint32_t cp;
        size_t n = utf8_decode(data + i, size - i, &cp);
        if (n == 0 || cp == 0) {
            decoded = false;
            break;
        }
        FUZZ_ASSERT(n <= 4 && i + n <= size);
        i += n;
        points++;
    }
    FUZZ_ASSERT(valid == decoded);
    if (valid) {
        char *s = fuzz_cstr(data, size);
        FUZZ_ASSERT(utf8_length(s) == points);
        free(s);
    }
}

/* 8: what parse_int() takes is within its bounds and what strtoll() reads. */
static void check_parse_int(const char *s) {
    long long v = 0;
    if (!parse_int(s, -1000000, 1000000, &v)) return;
    FUZZ_ASSERT(v >= -1000000 && v <= 1000000);
    char *end = NULL;
    long long plain = strtoll(s, &end, 10);
    FUZZ_ASSERT(plain == v);
}

/* 9: only our own variant names give a path, and it is inside media_dir. */
static void check_media_name(arena *a, const char *s) {
    config cfg;
    config_defaults(&cfg);
    char *path = media_file_path(a, &cfg, s);
    if (path) {
        FUZZ_ASSERT(strchr(s, '/') == NULL && strstr(s, "..") == NULL);
        FUZZ_ASSERT(strncmp(path, cfg.media_dir, strlen(cfg.media_dir)) == 0);
    }
    config_free(&cfg);
}

/* 10 (below): true when joined (lines joined by newlines) is text, or text without
** its final newline. */
static bool same_text(const char *joined, const char *text) {
    size_t n = strlen(text);
    if (strcmp(joined, text) == 0) return true;
    return n > 0 && text[n - 1] == '\n' && strlen(joined) == n - 1 && strncmp(joined, text, n - 1) == 0;
}

/* Checks that the diff's lines give back before (same and removed) and
** after (same and added). */
static void check_diff(arena *a, const char *before, const char *after) {
    size_t count = 0;
    diff_line *lines = diff_lines(a, before, after, &count);
    buf b, c;
    buf_init(&b, a);
    buf_init(&c, a);
    buf_puts(&b, "");
    buf_puts(&c, "");
    bool first_b = true, first_c = true;
    for (size_t i = 0; i < count; i++) {
        FUZZ_ASSERT(lines[i].text != NULL);
        if (lines[i].kind != DIFF_ADDED) {
            buf_printf(&b, "%s%s", first_b ? "" : "\n", lines[i].text);
            first_b = false;
        }
        if (lines[i].kind != DIFF_REMOVED) {
            buf_printf(&c, "%s%s", first_c ? "" : "\n", lines[i].text);
            first_c = false;
        }
    }
    FUZZ_ASSERT(same_text(b.data, before));
    FUZZ_ASSERT(same_text(c.data, after));
}

/* 11: escaped text has no < > " ' (marked text: only <mark> and </mark>). */
static void check_escape(arena *a, const char *s) {
    buf out;
    buf_init(&out, a);
    buf_puts(&out, "");
    html_escape(&out, s);
    for (const char *p = out.data; *p; p++) FUZZ_ASSERT(*p != '<' && *p != '>' && *p != '"' && *p != '\'');
    buf marked;
    buf_init(&marked, a);
    buf_puts(&marked, "");
    html_escape_marked(&marked, s);
    for (const char *p = marked.data; *p; p++) {
        if (*p == '<') FUZZ_ASSERT(strncmp(p, "<mark>", 6) == 0 || strncmp(p, "</mark>", 7) == 0);
        FUZZ_ASSERT(*p != '"' && *p != '\'' && *p != '\x01' && *p != '\x02');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    uint8_t which = data[0];
    data++, size--;
    char *s = fuzz_cstr(data, size);
    arena *a = arena_new();
    switch (which % 12) {
    case 0: check_cursor(a, s); break;
    case 1: check_accept_encoding(s); break;
    case 2: check_compress(data, size, which & 0x80); break;
    case 3: check_slug(a, s, 1 + (which >> 4) * 8); break;
    case 4: check_url_encode(a, s); break;
    case 5: check_iso8601(s); break;
    case 6: check_plural(s); break;
    case 7: check_utf8(data, size); break;
    case 8: check_parse_int(s); break;
    case 9: check_media_name(a, s); break;
    case 10: check_diff(a, s, s + strlen(s) + (strlen(s) < size ? 1 : 0)); break;
    case 11: check_escape(a, s); break;
    }
    arena_free(a);
    free(s);
    return 0;
}
