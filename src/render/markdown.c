/* Markdown rendering with cmark-gfm, plus the safety pass described in
** markdown.h, done on the syntax tree before rendering. */
#include "markdown.h"
#include "markdown_internal.h"
#include "i18n.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

bool markdown_url_allowed(const char *url) {
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
            if (!markdown_url_allowed(url ? url : "")) ok = node_list_push(&strip, node);
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

/* The HTML a body may always have, whatever its Markdown's length. */
#define OUTPUT_FLOOR (64 * 1024)
/* What a node's tags add to the HTML, at most ("<blockquote>\n</blockquote>\n"). */
#define NODE_TAGS 28

/* The length of s once written into HTML: escaped as text or attribute
** ("&" is "&amp;", '"' is "&quot;"), and in a URL also percent-encoded. */
static size_t html_length(const char *s, size_t len, bool url) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') n += 5;
        else if (c == '"') n += 6;
        else if (c == '<' || c == '>') n += url ? 3 : 4;
        else if (url && (c <= ' ' || c >= 0x7f || strchr("\\^`{|}", c))) n += 3;
        else n++;
    }
    return n;
}

static void say(user_message *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the reason a body is refused (fmt: a message of the catalogues). */
static void say(user_message *why, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    user_message_vset(why, fmt, ap);
    va_end(ap);
}

/* The line at p (up to end) without the markers of the blocks around it
** (blank, '>'), as cmark-gfm would see a table row inside a quote or a list. */
static const char *strip_containers(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '>')) p++;
    return p;
}

/* The columns of a table delimiter row ("| --- | :-: |"), or 0 when the
** line is not one: only '|', ':', '-' and blanks, at least one '|' and a
** '-' in every cell. */
static long delimiter_columns(const char *p, const char *end) {
    long columns = 0;
    bool pipe = false, dash = false, content = false;
    for (const char *c = p; c < end; c++) {
        if (*c == '|') {
            pipe = true;
            if (content) {
                if (!dash) return 0;
                columns++;
            }
            dash = content = false;
        } else if (*c == '-') {
            dash = content = true;
        } else if (*c == ':') {
            content = true;
        } else if (*c != ' ' && *c != '\t') {
            return 0;
        }
    }
    if (content) {
        if (!dash) return 0;
        columns++;
    }
    return pipe ? columns : 0;
}

/* What a link reference definition ("[label]: url 'title'") on this line
** gives each use of it, as HTML, or 0 when the line is not one. */
static size_t definition_length(const char *line, const char *eol) {
    if (line >= eol || *line != '[') return 0;
    const char *close = memchr(line, ']', (size_t)(eol - line));
    if (!close || close + 1 >= eol || close[1] != ':') return 0;
    return html_length(close + 2, (size_t)(eol - close - 2), true) + NODE_TAGS;
}

/* The output bound of len bytes of Markdown. */
static size_t output_bound(size_t len, const markdown_limits *lim) {
    size_t bound = (size_t)lim->max_output_ratio * len;
    return bound < OUTPUT_FLOOR ? OUTPUT_FLOOR : bound;
}

/* Checks, on the text alone (before cmark-gfm spends anything on it):
** - the cells its tables would have (every row of a table as wide as its
**   delimiter row), outside fenced code;
** - what link references would expand to: cmark-gfm copies a
**   definition's URL and title into every use, so a 2 KB URL used 600,000
**   times from 2 MB of "[a]" costs 800 MB before anything is rendered.
**   Every ']' may be a use; the longest definition bounds each.
** False with why when a table is too wide, the tables too large, or the
** references would expand past the output bound. */
static bool text_within(const char *md, size_t len, const markdown_limits *lim, user_message *why) {
    const char *p = md, *end = md + len;
    size_t brackets = 0, longest_definition = 0, marks = 0, links = 0;
    long long cells = 0;
    long table = 0; /* the columns of the table being read; 0: none */
    char fence = 0;
    bool previous_blank = true;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *line = strip_containers(p, eol);
        bool blank = line == eol || (line + 1 == eol && *line == '\r');
        for (const char *c = p; c < eol; c++) {
            if (*c == ']') {
                brackets++;
                if (c + 1 < eol && c[1] == '(' && !fence) links++;
            }
            if (strchr("*_~`[]!<&\\", *c)) marks++;
        }
        if (links > (size_t)lim->max_links) {
            say(why, N_("it has more than %d links and images"), lim->max_links);
            return false;
        }
        marks++; /* the line's end */
        if (marks > (size_t)lim->max_marks) {
            say(why, N_("it has more than %d pieces of markup (emphasis, links, code marks, line breaks)"),
                lim->max_marks);
            return false;
        }
        size_t definition = fence ? 0 : definition_length(line, eol);
        if (definition > longest_definition) longest_definition = definition;
        if ((eol - line >= 3) && (line[0] == '`' || line[0] == '~') && line[1] == line[0] && line[2] == line[0]) {
            if (!fence) fence = line[0];
            else if (fence == line[0]) fence = 0;
            table = 0;
        } else if (!fence) {
            if (blank) {
                table = 0;
            } else if (table) {
                cells += table;
            } else if (!previous_blank) {
                long columns = delimiter_columns(line, eol);
                if (columns > lim->max_table_columns) {
                    say(why, N_("a table has %ld columns; at most %d are taken"), columns, lim->max_table_columns);
                    return false;
                }
                if (columns) {
                    table = columns;
                    cells += 2 * columns; /* its header and delimiter rows */
                }
            }
            if (cells > lim->max_table_cells) {
                say(why, N_("the tables have more than %d cells in all; at most %d are taken"),
                    lim->max_table_cells, lim->max_table_cells);
                return false;
            }
        }
        previous_blank = blank;
        p = eol + 1;
    }
    if (longest_definition && brackets * longest_definition > output_bound(len, lim)) {
        say(why, N_("its link references would expand past %zu KB of HTML (%d times its Markdown); use"
            " shorter link addresses or fewer references"), output_bound(len, lim) / 1024, lim->max_output_ratio);
        return false;
    }
    return true;
}

/* How deep node lies (1 for the document's children), counting at most
** to max + 1. */
static int depth_of(cmark_node *node, int max) {
    int depth = 0;
    for (cmark_node *n = cmark_node_parent(node); n && depth <= max; n = cmark_node_parent(n)) depth++;
    return depth;
}

/* Walks the parsed tree: nesting within lim, and the HTML it would make,
** estimated from above, within the output bound. */
static bool tree_within(cmark_node *doc, size_t len, const markdown_limits *lim, user_message *why) {
    size_t bound = output_bound(len, lim), estimate = 0;
    bool ok = true;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *node = cmark_iter_get_node(it);
        if (depth_of(node, lim->max_nesting) > lim->max_nesting) {
            say(why, N_("quotes, lists or emphasis are nested more than %d deep"), lim->max_nesting);
            ok = false;
            break;
        }
        cmark_node_type type = cmark_node_get_type(node);
        const char *literal = cmark_node_get_literal(node);
        const char *url = cmark_node_get_url(node);
        const char *title = cmark_node_get_title(node);
        bool bare = type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK;
        estimate += (bare ? 1 : NODE_TAGS) + (literal ? html_length(literal, strlen(literal), false) : 0) +
                    (url ? html_length(url, strlen(url), true) : 0) + (title ? html_length(title, strlen(title), false) : 0);
        if (estimate > bound) {
            say(why, N_("the article would be more than %zu KB of HTML (%d times its Markdown)"), bound / 1024,
                lim->max_output_ratio);
            ok = false;
        }
    }
    cmark_iter_free(it);
    return ok;
}

/* markdown_render_with(), the reason of a refusal in why. */
static bool render_within(const char *markdown, size_t len, const markdown_options *opt, markdown_report *report,
                          char **html, char **text, user_message *why) {
    const markdown_limits *lim = &opt->limits;
    *html = NULL;
    if (report) memset(report, 0, sizeof *report);
    if (text) *text = NULL;
    if (!text_within(markdown, len, lim, why)) return false;
    pthread_once(&extensions_once, register_extensions);
    int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;
    cmark_parser *parser = cmark_parser_new(options);
    if (!parser) {
        say(why, N_("the Markdown renderer failed"));
        return false;
    }
    static const char *const extensions[] = {"table", "strikethrough", "autolink"};
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (ext) cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, markdown, len);
    cmark_node *doc = cmark_parser_finish(parser);
    bool ok = false;
    if (!doc) say(why, N_("the Markdown renderer failed"));
    else if (tree_within(doc, len, lim, why)) {
        /* The plain text is the tree's before figures and embeds, which
        ** are HTML of our own (alt texts and captions stay searchable). */
        if (!sanitize(doc)) say(why, N_("the Markdown renderer ran out of memory"));
        else if (text && !(*text = cmark_render_plaintext(doc, options, 0)))
            say(why, N_("the Markdown renderer failed"));
        else if (markdown_media(doc, opt, report, output_bound(len, lim), why)) {
            *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
            ok = *html != NULL;
            if (!ok) say(why, N_("the Markdown renderer failed"));
            else if (strlen(*html) > output_bound(len, lim)) {
                /* The estimate is a bound from above; this is the guarantee. */
                say(why, N_("the article would be more than %zu KB of HTML (%d times its Markdown)"),
                    output_bound(len, lim) / 1024, lim->max_output_ratio);
                ok = false;
            }
        }
    }
    if (doc) cmark_node_free(doc);
    cmark_parser_free(parser);
    if (!ok) {
        free(*html);
        *html = NULL;
        if (text) {
            free(*text);
            *text = NULL;
        }
    }
    return ok;
}

bool markdown_render_with(const char *markdown, size_t len, const markdown_options *opt, markdown_report *report,
                          char **html, char **text, char *why, size_t whylen) {
    user_message refusal = {0};
    bool ok = render_within(markdown, len, opt, report, html, text, &refusal);
    if (!ok && why && whylen) user_message_english_into(&refusal, why, whylen);
    if (!ok && report) report->refusal = refusal;
    return ok;
}

bool markdown_render(const char *markdown, size_t len, const markdown_limits *lim, char **html, char **text,
                     char *why, size_t whylen) {
    markdown_options opt = {*lim, NULL, NULL, NULL};
    return markdown_render_with(markdown, len, &opt, NULL, html, text, why, whylen);
}

char *markdown_to_html(const char *markdown, size_t len) {
    static const markdown_limits defaults = MARKDOWN_LIMITS_DEFAULT;
    char *html;
    return markdown_render(markdown, len, &defaults, &html, NULL, NULL, 0) ? html : NULL;
}

char *markdown_to_text(const char *markdown, size_t len) {
    static const markdown_limits defaults = MARKDOWN_LIMITS_DEFAULT;
    char *html, *text;
    if (!markdown_render(markdown, len, &defaults, &html, &text, NULL, 0)) return NULL;
    free(html);
    return text;
}
