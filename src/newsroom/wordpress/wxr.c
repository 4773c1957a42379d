/*
** Reading a WordPress export. See wxr.h.
**
** libxml2's reader walks the file; each child of <channel> is expanded
** (its subtree alone is built in memory), read as a small tree, handed
** over, and passed with xmlTextReaderNext(), which frees it: memory holds
** one item at a time. Entities are never substituted, no DTD is loaded
** and nothing is fetched from the network; a DOCTYPE stops the reading at
** once.
*/
#include "wxr.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Which vocabulary an element is of, from its namespace's URI. */
typedef enum vocabulary { V_NONE, V_WP, V_EXCERPT, V_CONTENT, V_DC, V_OTHER } vocabulary;

static vocabulary vocabulary_of(xmlNodePtr n) {
    if (!n->ns || !n->ns->href) return V_NONE;
    const char *uri = (const char *)n->ns->href;
    if (strstr(uri, "wordpress.org/export/")) return strstr(uri, "/excerpt") ? V_EXCERPT : V_WP;
    if (strstr(uri, "purl.org/rss/1.0/modules/content")) return V_CONTENT;
    if (strstr(uri, "purl.org/dc/elements")) return V_DC;
    return V_OTHER;
}

/* True when n is the element local name of vocabulary v. */
static bool is(xmlNodePtr n, vocabulary v, const char *name) {
    return n->type == XML_ELEMENT_NODE && vocabulary_of(n) == v && strcmp((const char *)n->name, name) == 0;
}

/* The text of n (its CDATA and text), copied into a ("" when none). */
static const char *text(arena *a, xmlNodePtr n) {
    xmlChar *v = xmlNodeGetContent(n);
    const char *out = arena_strdup(a, v ? (const char *)v : "");
    xmlFree(v);
    return out;
}

/* Attribute name of n, copied into a (NULL when absent). */
static const char *attribute(arena *a, xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    const char *out = arena_strdup(a, (const char *)v);
    xmlFree(v);
    return out;
}

/* A decimal id (0 when it is not one). */
static int64_t id_of(const char *s) {
    char *end;
    long long v = strtoll(s, &end, 10);
    return end != s && v > 0 ? (int64_t)v : 0;
}

/* The text of n's child of vocabulary v and name, or "" (in a). */
static const char *child_text(arena *a, xmlNodePtr n, vocabulary v, const char *name) {
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is(c, v, name)) return text(a, c);
    return "";
}

/* ------------------------------------------------------------- parts */

static void read_author(arena *a, xmlNodePtr n, const wxr_handler *h) {
    if (!h->author) return;
    wxr_author au = {
        .id = id_of(child_text(a, n, V_WP, "author_id")),
        .login = child_text(a, n, V_WP, "author_login"),
        .email = child_text(a, n, V_WP, "author_email"),
        .display_name = child_text(a, n, V_WP, "author_display_name"),
        .first_name = child_text(a, n, V_WP, "author_first_name"),
        .last_name = child_text(a, n, V_WP, "author_last_name"),
    };
    h->author(h->ctx, &au);
}

/* A channel's wp:category, wp:tag or wp:term. */
static void read_term(arena *a, xmlNodePtr n, const wxr_handler *h) {
    if (!h->term) return;
    const char *kind = (const char *)n->name;
    wxr_term t = {0};
    if (strcmp(kind, "category") == 0) {
        t = (wxr_term){"category", child_text(a, n, V_WP, "category_nicename"), child_text(a, n, V_WP, "cat_name"),
                       child_text(a, n, V_WP, "category_parent"), child_text(a, n, V_WP, "category_description"), 0};
    } else if (strcmp(kind, "tag") == 0) {
        t = (wxr_term){"post_tag", child_text(a, n, V_WP, "tag_slug"), child_text(a, n, V_WP, "tag_name"), "",
                       child_text(a, n, V_WP, "tag_description"), 0};
    } else {
        t = (wxr_term){child_text(a, n, V_WP, "term_taxonomy"), child_text(a, n, V_WP, "term_slug"),
                       child_text(a, n, V_WP, "term_name"), child_text(a, n, V_WP, "term_parent"),
                       child_text(a, n, V_WP, "term_description"), 0};
    }
    if (!*t.parent) t.parent = NULL;
    if (!*t.description) t.description = NULL;
    t.id = id_of(child_text(a, n, V_WP, "term_id"));
    h->term(h->ctx, &t);
}

/* Reads an <item> into it (everything in a). */
static void read_item(arena *a, xmlNodePtr n, wxr_item *it) {
    memset(it, 0, sizeof *it);
    it->line = (int)xmlGetLineNo(n);
    const char **strings[] = {&it->type, &it->status, &it->title, &it->link, &it->guid, &it->creator, &it->content,
                              &it->excerpt, &it->slug, &it->password, &it->attachment_url, &it->date, &it->date_gmt};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) *strings[i] = "";
    wxr_term *terms = arena_alloc(a, WXR_TERMS_MAX * sizeof *terms);
    wxr_meta *meta = arena_alloc(a, WXR_META_MAX * sizeof *meta);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        vocabulary v = vocabulary_of(c);
        const char *name = (const char *)c->name;
        if (v == V_NONE) {
            if (strcmp(name, "title") == 0) it->title = text(a, c);
            else if (strcmp(name, "link") == 0) it->link = text(a, c);
            else if (strcmp(name, "guid") == 0) it->guid = text(a, c);
            else if (strcmp(name, "category") == 0) {
                if (it->term_count == WXR_TERMS_MAX) {
                    it->terms_left_out = true;
                    continue;
                }
                const char *domain = attribute(a, c, "domain");
                const char *slug = attribute(a, c, "nicename");
                terms[it->term_count++] = (wxr_term){domain ? domain : "category", slug ? slug : "", text(a, c), NULL, NULL, 0};
            }
        } else if (v == V_DC && strcmp(name, "creator") == 0) it->creator = text(a, c);
        else if (v == V_CONTENT && strcmp(name, "encoded") == 0) it->content = text(a, c);
        else if (v == V_EXCERPT && strcmp(name, "encoded") == 0) it->excerpt = text(a, c);
        else if (v == V_WP) {
            if (strcmp(name, "post_id") == 0) it->id = id_of(text(a, c));
            else if (strcmp(name, "post_parent") == 0) it->parent = id_of(text(a, c));
            else if (strcmp(name, "post_type") == 0) it->type = text(a, c);
            else if (strcmp(name, "status") == 0) it->status = text(a, c);
            else if (strcmp(name, "post_name") == 0) it->slug = text(a, c);
            else if (strcmp(name, "post_password") == 0) it->password = text(a, c);
            else if (strcmp(name, "attachment_url") == 0) it->attachment_url = text(a, c);
            else if (strcmp(name, "post_date") == 0) it->date = text(a, c);
            else if (strcmp(name, "post_date_gmt") == 0) it->date_gmt = text(a, c);
            else if (strcmp(name, "is_sticky") == 0) it->sticky = strcmp(text(a, c), "1") == 0;
            else if (strcmp(name, "postmeta") == 0) {
                if (it->meta_count == WXR_META_MAX) {
                    it->meta_left_out = true;
                    continue;
                }
                meta[it->meta_count++] = (wxr_meta){child_text(a, c, V_WP, "meta_key"), child_text(a, c, V_WP, "meta_value")};
            }
        }
    }
    it->terms = terms;
    it->meta = meta;
}

const char *wxr_meta_value(const wxr_item *item, const char *key) {
    for (size_t i = 0; i < item->meta_count; i++)
        if (strcmp(item->meta[i].key, key) == 0) return item->meta[i].value;
    return NULL;
}

/* ------------------------------------------------------------- the file */

/* The file as the parser reads it, its prolog (what comes before the
** root element) watched on the way: a DOCTYPE there ends the reading
** before the parser sees a byte of it, so that no entity it declares is
** ever parsed (libxml2 parses ahead of the node it reports). */
typedef struct source {
    FILE *file;
    enum { P_TEXT, P_LT, P_BANG, P_PI, P_COMMENT, P_DONE } state;
    char bang[8];   /* what follows "<!" so far */
    size_t bang_len;
    uint32_t tail;  /* the last three bytes seen, for "?>" and "-->" */
    bool doctype;   /* found: refused */
    bool not_utf8;  /* a UTF-16 or UTF-32 byte order mark or a NUL: refused */
} source;

/* Advances the prolog watch by one byte. */
static void watch(source *s, unsigned char c, size_t offset) {
    if (offset < 2 && (c == 0xFE || c == 0xFF || c == 0)) s->not_utf8 = true;
    if (c == 0 && s->state != P_DONE) s->not_utf8 = true;
    s->tail = ((s->tail << 8) | c) & 0xFFFFFFu;
    switch (s->state) {
    case P_TEXT:
        if (c == '<') s->state = P_LT;
        break;
    case P_LT:
        if (c == '?') s->state = P_PI;
        else if (c == '!') {
            s->state = P_BANG;
            s->bang_len = 0;
        } else s->state = P_DONE; /* the root element */
        break;
    case P_BANG:
        s->bang[s->bang_len++] = (char)c;
        if (s->bang_len == 1 && c == '-') break; /* perhaps a comment */
        if (s->bang_len == 2 && memcmp(s->bang, "--", 2) == 0) s->state = P_COMMENT;
        else if (s->bang_len <= 7 && memcmp(s->bang, "DOCTYPE", s->bang_len) != 0) s->state = P_DONE;
        else if (s->bang_len == 7) {
            s->doctype = true;
            s->state = P_DONE;
        }
        break;
    case P_PI:
        if ((s->tail & 0xFFFF) == (('?' << 8) | '>')) s->state = P_TEXT;
        break;
    case P_COMMENT:
        if (s->tail == (((uint32_t)'-' << 16) | ((uint32_t)'-' << 8) | '>')) s->state = P_TEXT;
        break;
    case P_DONE:
        break;
    }
}

/* libxml2's read callback: the next bytes of the file, watched. */
static int source_read(void *ctx, char *buffer, int len) {
    source *s = ctx;
    long at = ftell(s->file);
    size_t n = fread(buffer, 1, (size_t)len, s->file);
    if (n == 0 && ferror(s->file)) return -1;
    for (size_t i = 0; i < n && s->state != P_DONE; i++) watch(s, (unsigned char)buffer[i], (size_t)at + i);
    if (s->doctype || s->not_utf8) return -1;
    return (int)n;
}

static int source_close(void *ctx) {
    (void)ctx;
    return 0;
}

/* ------------------------------------------------------------- reading */

/* The reader's errors: the first is kept, for the message. */
typedef struct errors {
    char first[160];
    int line;
} errors;

static void on_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator) {
    errors *e = arg;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR) return;
    if (e->first[0]) return;
    snprintf(e->first, sizeof e->first, "%s", msg ? msg : "");
    size_t n = strlen(e->first);
    while (n && (e->first[n - 1] == '\n' || e->first[n - 1] == ' ')) e->first[--n] = '\0';
    e->line = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
}

/* Hands the site to h once (its header comes before any author, term or
** item). */
static void send_site(const wxr_handler *h, const wxr_site *site, bool *sent) {
    if (*sent) return;
    *sent = true;
    if (h->site) h->site(h->ctx, site);
}

/* Sets out and returns false. */
static bool fail(wxr_result *out, wxr_status status, int line, const char *fmt, const char *detail) {
    out->status = status;
    out->line = line;
    snprintf(out->message, sizeof out->message, fmt, detail ? detail : "");
    return false;
}

bool wxr_read(const char *path, const wxr_handler *h, wxr_result *out) {
    memset(out, 0, sizeof *out);
    source src = {.file = fopen(path, "rb")};
    if (!src.file) return fail(out, WXR_UNREADABLE, 0, "cannot be opened%s", "");
    xmlTextReaderPtr r = xmlReaderForIO(source_read, source_close, &src, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (!r) {
        fclose(src.file);
        if (src.doctype || src.not_utf8) goto refused;
        return fail(out, WXR_UNREADABLE, 0, "cannot be read as XML%s", "");
    }
    errors errs = {{0}, 0};
    xmlTextReaderSetErrorHandler(r, on_error, &errs);
    bool wxr = false, channel = false, stopped = false, ok = true, site_sent = false;
    arena *keep = arena_new(); /* the site's strings */
    wxr_site site = {"", "", "", "", "", ""};
    int rc = xmlTextReaderRead(r);
    while (rc == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            ok = fail(out, WXR_DOCTYPE, xmlTextReaderGetParserLineNumber(r),
                      "has a DOCTYPE (which can hide an XML entity attack); WordPress exports have none: refused%s", "");
            break;
        }
        if (type != XML_READER_TYPE_ELEMENT) {
            rc = xmlTextReaderRead(r);
            continue;
        }
        int depth = xmlTextReaderDepth(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (depth == 0) {
            if (strcmp(name, "rss") != 0) {
                ok = fail(out, WXR_NOT_WXR, 0, "is not a WordPress export: its root element is <%.40s>, not <rss>", name);
                break;
            }
            rc = xmlTextReaderRead(r);
            continue;
        }
        if (depth == 1) {
            channel = strcmp(name, "channel") == 0;
            rc = channel ? xmlTextReaderRead(r) : xmlTextReaderNext(r);
            continue;
        }
        if (depth != 2 || !channel) {
            rc = xmlTextReaderNext(r);
            continue;
        }
        xmlNodePtr n = xmlTextReaderExpand(r);
        if (!n) break; /* the subtree did not end well: an error, below */
        arena *a = arena_new();
        vocabulary v = vocabulary_of(n);
        if (v == V_WP && strcmp(name, "wxr_version") == 0) {
            site.version = text(keep, n);
            if (strncmp(site.version, "1.", 2) != 0) {
                ok = fail(out, WXR_NOT_WXR, 0, "is a WordPress export of version %.20s, which this importer does not read (1.0 to 1.2)",
                          site.version);
                arena_free(a);
                break;
            }
            wxr = true;
        } else if (v == V_WP && strcmp(name, "base_site_url") == 0) site.base_site_url = text(keep, n);
        else if (v == V_WP && strcmp(name, "base_blog_url") == 0) site.base_blog_url = text(keep, n);
        else if (v == V_NONE && strcmp(name, "title") == 0) site.title = text(keep, n);
        else if (v == V_NONE && strcmp(name, "link") == 0) site.link = text(keep, n);
        else if (v == V_NONE && strcmp(name, "language") == 0) site.language = text(keep, n);
        else if (v == V_WP && strcmp(name, "author") == 0) {
            send_site(h, &site, &site_sent);
            read_author(a, n, h);
        }
        else if (v == V_WP && (strcmp(name, "category") == 0 || strcmp(name, "tag") == 0 || strcmp(name, "term") == 0)) {
            send_site(h, &site, &site_sent);
            read_term(a, n, h);
        }
        else if (v == V_NONE && strcmp(name, "item") == 0) {
            send_site(h, &site, &site_sent);
            if (!wxr) {
                ok = fail(out, WXR_NOT_WXR, 0, "is an RSS feed, not a WordPress export: it has no wp:wxr_version%s", "");
                arena_free(a);
                break;
            }
            wxr_item it;
            read_item(a, n, &it);
            out->items++;
            if (h->item && !h->item(h->ctx, a, &it)) stopped = true;
        }
        arena_free(a);
        if (stopped) break;
        rc = xmlTextReaderNext(r);
    }
    if (ok && wxr) send_site(h, &site, &site_sent);
    if (ok && stopped) ok = fail(out, WXR_STOPPED, 0, "reading stopped%s", "");
    else if (ok && (rc == -1 || (rc == 1 && !stopped))) {
        int line = errs.line ? errs.line : xmlTextReaderGetParserLineNumber(r);
        out->status = WXR_BROKEN;
        out->line = line;
        /* (errs.first is at most 199 bytes: the message fits) */
        int n = snprintf(out->message, sizeof out->message, "breaks off at line %d (%.160s): what was complete before it was read",
                         line, errs.first[0] ? errs.first : "the file ends early");
        (void)n;
        ok = false;
    } else if (ok && !wxr) ok = fail(out, WXR_NOT_WXR, 0, "is not a WordPress export: it has no wp:wxr_version%s", "");
    xmlFreeTextReader(r);
    fclose(src.file);
    arena_free(keep);
    if (!src.doctype && !src.not_utf8) return ok;
refused:
    memset(out, 0, sizeof *out);
    if (src.doctype)
        return fail(out, WXR_DOCTYPE, 0, "has a DOCTYPE (which can hide an XML entity attack); WordPress exports have none: refused%s", "");
    return fail(out, WXR_NOT_WXR, 0, "is not UTF-8 (WordPress exports are): refused%s", "");
}
