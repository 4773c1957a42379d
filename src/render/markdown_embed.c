/* Embeds: a URL alone in its paragraph, from a provider readers know
** (YouTube, X, Instagram, Facebook, Telegram), becomes a placeholder that
** the reader's script replaces by the provider's iframe when its button
** is pressed; until then nothing is asked of the provider, and without
** script it is a plain link. Any other URL becomes a bookmark card (its
** host and address; the page is never fetched). The iframe's address is
** made here from the parts of the URL that were checked (an id of the
** expected form), never from the URL as given; only Facebook's takes the
** whole URL, percent-encoded as a query value. */
#include "markdown_internal.h"
#include "escape.h"
#include "i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A URL's parts (pointers into it). */
typedef struct url_parts {
    const char *host; /* lower case is not assumed */
    size_t host_len;
    const char *path; /* from its '/', or "" */
    size_t path_len;
    const char *query; /* after '?', or "" */
    size_t query_len;
} url_parts;

/* Splits an http(s) URL without user name or port; false for any other. */
static bool split(const char *url, url_parts *u) {
    const char *p;
    if (strncasecmp(url, "https://", 8) == 0) p = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0) p = url + 7;
    else return false;
    u->host = p;
    u->host_len = strcspn(p, "/?#");
    if (u->host_len == 0 || memchr(p, '@', u->host_len) || memchr(p, ':', u->host_len)) return false;
    for (size_t i = 0; i < u->host_len; i++)
        if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '.') return false;
    p += u->host_len;
    u->path = *p == '/' ? p : "";
    u->path_len = *p == '/' ? strcspn(p, "?#") : 0;
    p += u->path_len;
    u->query = *p == '?' ? p + 1 : "";
    u->query_len = *p == '?' ? strcspn(p + 1, "#") : 0;
    return true;
}

/* True when the host is name, or www., m. or mobile. before it. */
static bool host_is(const url_parts *u, const char *name) {
    const char *h = u->host;
    size_t len = u->host_len;
    static const char *const prefixes[] = {"www.", "m.", "mobile."};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (len > n && strncasecmp(h, prefixes[i], n) == 0) {
            h += n;
            len -= n;
            break;
        }
    }
    return len == strlen(name) && strncasecmp(h, name, len) == 0;
}

/* The length of the run at s of bytes in set (letters and digits with
** "a", digits only with "9"; extra: more bytes allowed), at most max + 1. */
static size_t run_of(const char *s, size_t len, const char *kind, const char *extra, size_t max) {
    size_t n = 0;
    while (n < len && n <= max) {
        unsigned char c = (unsigned char)s[n];
        bool ok = strcmp(kind, "9") == 0 ? isdigit(c) : (isalnum(c) || (extra && c && strchr(extra, c)));
        if (!ok) break;
        n++;
    }
    return n;
}

/* True when the path, after prefix, is a segment of 1 to max bytes of
** kind/extra that ends the path or is followed by '/'; *seg, *n get it. */
static bool segment_after(const url_parts *u, const char *prefix, const char *kind, const char *extra, size_t min,
                          size_t max, const char **seg, size_t *n) {
    size_t plen = strlen(prefix);
    if (u->path_len <= plen || strncasecmp(u->path, prefix, plen) != 0) return false;
    const char *s = u->path + plen;
    size_t rest = u->path_len - plen;
    *n = run_of(s, rest, kind, extra, max);
    *seg = s;
    return *n >= min && *n <= max && (*n == rest || s[*n] == '/');
}

/* A YouTube video's id (11 of [A-Za-z0-9_-]) in *id. */
static bool youtube_id(const url_parts *u, const char **id) {
    size_t n;
    if (host_is(u, "youtu.be")) return segment_after(u, "/", "a", "_-", 11, 11, id, &n);
    if (!host_is(u, "youtube.com") && !host_is(u, "youtube-nocookie.com")) return false;
    if (segment_after(u, "/shorts/", "a", "_-", 11, 11, id, &n) || segment_after(u, "/embed/", "a", "_-", 11, 11, id, &n))
        return true;
    if (u->path_len != 6 || strncmp(u->path, "/watch", 6) != 0) return false;
    for (const char *q = u->query, *end = u->query + u->query_len; q < end;) {
        size_t len = strcspn(q, "&#");
        if (len > (size_t)(end - q)) len = (size_t)(end - q);
        if (len == 13 && strncmp(q, "v=", 2) == 0 && run_of(q + 2, 11, "a", "_-", 11) == 11) {
            *id = q + 2;
            return true;
        }
        q += len + 1;
    }
    return false;
}

/* True when the path is "/NAME" word "DIGITS" (then its end or '/'):
** NAME 1 to name_max of [A-Za-z0-9_], DIGITS 1 to 20; *name, *number
** and their lengths get them. */
static bool name_then_number(const url_parts *u, const char *word, size_t name_max, const char **name,
                             size_t *name_len, const char **number, size_t *number_len) {
    if (u->path_len < 2) return false;
    const char *p = u->path + 1, *end = u->path + u->path_len;
    size_t n = run_of(p, (size_t)(end - p), "a", "_", name_max), w = strlen(word);
    if (n < 1 || n > name_max || (size_t)(end - p - n) <= w || strncasecmp(p + n, word, w) != 0) return false;
    const char *digits = p + n + w;
    size_t m = run_of(digits, (size_t)(end - digits), "9", NULL, 20);
    if (m < 1 || m > 20 || (digits + m != end && digits[m] != '/')) return false;
    *name = p;
    *name_len = n;
    *number = digits;
    *number_len = m;
    return true;
}

/* A provider's placeholder: its name, the iframe's address, the iframe's
** title and the button's words. */
static void placeholder(buf *out, const char *kind, const char *provider, const buf *src, const char *title,
                        const char *load, const char *url) {
    buf_printf(out, "<figure class=\"embed embed-%s\" data-embed=\"%s\" data-src=\"", kind, kind);
    markdown_escape_url(out, src->data);
    buf_puts(out, "\" data-title=\"");
    html_escape(out, title);
    buf_puts(out, "\"><p class=\"embed-provider\">");
    html_escape(out, provider);
    buf_puts(out, "</p><a class=\"embed-link\" href=\"");
    markdown_escape_url(out, url);
    buf_puts(out, "\" rel=\"noopener\">");
    html_escape(out, url);
    buf_puts(out, "</a><button type=\"button\" class=\"embed-load js-only\" data-embed-load>");
    html_escape(out, load);
    buf_puts(out, "</button></figure>");
}

/* Appends url percent-encoded as a query value. */
static void query_value(buf *out, const char *url) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)url; *c; c++) {
        if (isalnum(*c) || strchr("-_.~", *c)) buf_putc(out, (char)*c);
        else {
            char esc[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            buf_append(out, esc, 3);
        }
    }
}

/* The bookmark card of any other site. */
static void card(buf *out, const url_parts *u, const char *url) {
    const char *host = u->host;
    size_t len = u->host_len;
    if (len > 4 && strncasecmp(host, "www.", 4) == 0) {
        host += 4;
        len -= 4;
    }
    buf_puts(out, "<p class=\"embed-bookmark\"><a class=\"embed-card\" href=\"");
    markdown_escape_url(out, url);
    buf_puts(out, "\" rel=\"noopener\"><span class=\"embed-host\">");
    for (size_t i = 0; i < len; i++) buf_putc(out, (char)tolower((unsigned char)host[i])); /* [a-z0-9.-] */
    buf_puts(out, "</span> <span class=\"embed-url\">");
    html_escape(out, url);
    buf_puts(out, "</span></a></p>");
}

bool markdown_embed(buf *out, const char *url, const char *lang) {
    if (!lang) lang = "en";
    url_parts u;
    if (!split(url, &u)) return false;
    const char *id, *number;
    size_t n, m;
    buf src;
    buf_init(&src, out->arena);
    if (youtube_id(&u, &id)) {
        buf_printf(&src, "https://www.youtube-nocookie.com/embed/%.11s", id);
        placeholder(out, "youtube", "YouTube", &src, i18n_translate(lang, "YouTube video", NULL, 1),
                    i18n_translate(lang, "Load the YouTube video", NULL, 1), url);
    } else if ((host_is(&u, "twitter.com") || host_is(&u, "x.com")) &&
               name_then_number(&u, "/status/", 15, &id, &n, &number, &m)) {
        buf_printf(&src, "https://platform.twitter.com/embed/Tweet.html?id=%.*s", (int)m, number);
        placeholder(out, "x", "X", &src, i18n_translate(lang, "Post on X", NULL, 1),
                    i18n_translate(lang, "Load the post on X", NULL, 1), url);
    } else if (host_is(&u, "instagram.com") && (segment_after(&u, "/p/", "a", "_-", 1, 64, &id, &n) ||
                                                segment_after(&u, "/reel/", "a", "_-", 1, 64, &id, &n))) {
        buf_printf(&src, "https://www.instagram.com/p/%.*s/embed", (int)n, id);
        placeholder(out, "instagram", "Instagram", &src, i18n_translate(lang, "Instagram post", NULL, 1),
                    i18n_translate(lang, "Load the Instagram post", NULL, 1), url);
    } else if (host_is(&u, "fb.watch") || (host_is(&u, "facebook.com") &&
                                           (memmem(u.path, u.path_len, "/videos/", 8) ||
                                            memmem(u.path, u.path_len, "/posts/", 7)))) {
        bool video = host_is(&u, "fb.watch") || memmem(u.path, u.path_len, "/videos/", 8);
        buf_printf(&src, "https://www.facebook.com/plugins/%s.php?href=", video ? "video" : "post");
        query_value(&src, url);
        if (video)
            placeholder(out, "facebook", "Facebook", &src, i18n_translate(lang, "Facebook video", NULL, 1),
                        i18n_translate(lang, "Load the Facebook video", NULL, 1), url);
        else
            placeholder(out, "facebook", "Facebook", &src, i18n_translate(lang, "Facebook post", NULL, 1),
                        i18n_translate(lang, "Load the Facebook post", NULL, 1), url);
    } else if ((host_is(&u, "t.me") || host_is(&u, "telegram.me")) && name_then_number(&u, "/", 64, &id, &n, &number, &m)) {
        buf_printf(&src, "https://t.me/%.*s/%.*s?embed=1", (int)n, id, (int)m, number);
        placeholder(out, "telegram", "Telegram", &src, i18n_translate(lang, "Telegram post", NULL, 1),
                    i18n_translate(lang, "Load the Telegram post", NULL, 1), url);
    } else {
        card(out, &u, url);
    }
    return true;
}
