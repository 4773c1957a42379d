/*
** Absolute URLs in feed bodies (see feed_html.h). The body is parsed with
** libxml2's HTML parser into a tree, never searched with patterns: each
** element's href, src and srcset is resolved with xmlBuildURI against the
** article's address, and the tree is written back out as HTML.
**
** Cost: one parse and one write per body with a link or an image, which a
** feed does for its 50 items once per page cache lifetime (the cached feed
** is served as it is); bodies without any URL attribute are not parsed.
*/
#include "feed_html.h"
#include "../core/buf.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

/* Around the body, so that the parser sees a whole UTF-8 document and
** puts the body's nodes, as they are, under <body>. */
#define DOCUMENT_START "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
#define DOCUMENT_END "</body></html>"

/* url resolved against base, in a; url itself when libxml2 cannot parse
** it (it is then left as the article page has it). */
static const char *resolve(arena *a, const char *url, const char *base) {
    xmlChar *absolute = xmlBuildURI((const xmlChar *)url, (const xmlChar *)base);
    if (!absolute) return url;
    const char *out = arena_strdup(a, (const char *)absolute);
    xmlFree(absolute);
    return out;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* A srcset ("a.jpg 480w, b.jpg 960w") with each candidate's URL resolved
** and its descriptor kept, in a. Candidates are split as HTML does: a URL
** is a run of non-space characters (trailing commas end the candidate),
** then a descriptor up to the next comma. */
static const char *resolve_srcset(arena *a, const char *srcset, const char *base) {
    buf out;
    buf_init(&out, a);
    const char *p = srcset;
    for (;;) {
        while (is_space(*p) || *p == ',') p++;
        if (!*p) break;
        const char *start = p;
        while (*p && !is_space(*p)) p++;
        const char *end = p;
        bool ended = false; /* the URL's trailing comma ended the candidate */
        while (end > start && end[-1] == ',') {
            end--;
            ended = true;
        }
        if (out.len) buf_puts(&out, ", ");
        buf_puts(&out, resolve(a, arena_strndup(a, start, (size_t)(end - start)), base));
        if (ended) continue;
        while (is_space(*p)) p++;
        const char *descriptor = p;
        while (*p && *p != ',') p++;
        const char *descriptor_end = p;
        while (descriptor_end > descriptor && is_space(descriptor_end[-1])) descriptor_end--;
        if (descriptor_end > descriptor) {
            buf_putc(&out, ' ');
            buf_append(&out, descriptor, (size_t)(descriptor_end - descriptor));
        }
    }
    return out.data ? out.data : "";
}

/* Resolves the URL attributes of node and of every element under it. */
static void resolve_tree(arena *a, xmlNodePtr node, const char *base) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
            const char *name = (const char *)attr->name;
            bool srcset = strcmp(name, "srcset") == 0;
            if (!srcset && strcmp(name, "href") != 0 && strcmp(name, "src") != 0) continue;
            xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);
            if (!value) continue;
            const char *resolved = srcset ? resolve_srcset(a, (const char *)value, base)
                                          : resolve(a, (const char *)value, base);
            xmlFree(value);
            xmlSetProp(node, attr->name, (const xmlChar *)resolved);
        }
        resolve_tree(a, node->children, base);
    }
}

/* The <body> element of a parsed document, or NULL. */
static xmlNodePtr body_of(htmlDocPtr doc) {
    xmlNodePtr html = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = html ? html->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0) return n;
    return NULL;
}

const char *feed_html_absolute(arena *a, const char *html, const char *base) {
    if (!strstr(html, "href=") && !strstr(html, "src=") && !strstr(html, "srcset=")) return html;
    size_t len = strlen(html);
    if (len > INT_MAX - sizeof DOCUMENT_START - sizeof DOCUMENT_END) return NULL;
    buf document;
    buf_init(&document, a);
    buf_puts(&document, DOCUMENT_START);
    buf_append(&document, html, len);
    buf_puts(&document, DOCUMENT_END);
    htmlDocPtr doc = htmlReadMemory(document.data, (int)document.len, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) return NULL;
    xmlNodePtr body = body_of(doc);
    const char *out = NULL;
    xmlOutputBufferPtr writer = body ? xmlAllocOutputBuffer(NULL) : NULL;
    if (writer) {
        resolve_tree(a, body->children, base);
        for (xmlNodePtr n = body->children; n; n = n->next) htmlNodeDumpFormatOutput(writer, doc, n, "UTF-8", 0);
        if (!writer->error) {
            const xmlChar *content = xmlOutputBufferGetContent(writer);
            out = content ? arena_strndup(a, (const char *)content, xmlOutputBufferGetSize(writer)) : "";
        }
        xmlOutputBufferClose(writer);
    }
    xmlFreeDoc(doc);
    return out;
}
