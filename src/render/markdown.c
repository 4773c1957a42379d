/* Markdown rendering with cmark-gfm, plus the safety pass described in
** markdown.h, done on the syntax tree before rendering. */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

/* True for URLs a reader may follow: relative ones and a few schemes. */
static bool url_allowed(const char *url) {
    /* A scheme is letters, digits, '+', '-', '.' up to the first ':' that
    ** comes before any '/', '?' or '#'. Browsers ignore tabs and newlines
    ** inside a scheme ("java\tscript:"), so they count as part of it. */
    size_t i = 0;
    while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' && url[i] != '#') i++;
    if (url[i] != ':') return true; /* no scheme: relative */
    char scheme[16];
    size_t n = 0;
    for (size_t j = 0; j < i; j++) {
        unsigned char c = (unsigned char)url[j];
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (n + 1 >= sizeof scheme) return false;
        scheme[n++] = (char)tolower(c);
    }
    scheme[n] = '\0';
    return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
           strcmp(scheme, "mailto") == 0 || strcmp(scheme, "tel") == 0;
}

/* Replaces node by its children (a link keeps its text, loses its URL). */
static void unwrap(cmark_node *node) {
    cmark_node *child;
    while ((child = cmark_node_first_child(node)) != NULL) cmark_node_insert_before(node, child);
    cmark_node_free(node);
}

/* A list of nodes to change once the walk is over (changing the tree under
** a cmark iterator is not allowed). */
typedef struct node_list {
    cmark_node **items;
    size_t count, cap;
} node_list;

static bool node_list_push(node_list *l, cmark_node *n) {
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        cmark_node **items = realloc(l->items, cap * sizeof *items);
        if (!items) return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = n;
    return true;
}

/* Walks the tree and removes what must not reach a page: raw HTML nodes,
** and links or images with a URL outside the allowed schemes. Returns false
** when memory ran out (the caller then renders nothing). */
static bool sanitize(cmark_node *doc) {
    node_list drop = {0}, strip = {0};
    bool ok = true;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
            ok = node_list_push(&drop, node);
        } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            const char *url = cmark_node_get_url(node);
            if (!url_allowed(url ? url : "")) ok = node_list_push(&strip, node);
        } else if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1) {
            cmark_node_set_heading_level(node, 2);
        }
    }
    cmark_iter_free(it);
    /* HTML nodes are leaves: free them first, then unwrap links innermost
    ** first (they were found outermost first). */
    for (size_t i = 0; i < drop.count; i++) cmark_node_free(drop.items[i]);
    for (size_t i = strip.count; i-- > 0;) unwrap(strip.items[i]);
    free(drop.items);
    free(strip.items);
    return ok;
}

typedef enum output { OUTPUT_HTML, OUTPUT_TEXT } output;

/* Parses and sanitises markdown, then renders it as HTML or plain text. */
static char *render(const char *markdown, size_t len, output kind) {
    pthread_once(&extensions_once, register_extensions);
    int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;
    cmark_parser *parser = cmark_parser_new(options);
    if (!parser) return NULL;
    static const char *const extensions[] = {"table", "strikethrough", "autolink"};
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (ext) cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, markdown, len);
    cmark_node *doc = cmark_parser_finish(parser);
    char *out = NULL;
    if (doc) {
        if (sanitize(doc)) {
            out = kind == OUTPUT_HTML
                      ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser))
                      : cmark_render_plaintext(doc, options, 0);
        }
        cmark_node_free(doc);
    }
    cmark_parser_free(parser);
    return out;
}

char *markdown_to_html(const char *markdown, size_t len) { return render(markdown, len, OUTPUT_HTML); }

char *markdown_to_text(const char *markdown, size_t len) { return render(markdown, len, OUTPUT_TEXT); }
