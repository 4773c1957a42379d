/*
** Template compiler and renderer. Parsing builds a tree of nodes in the
** set's arena; rendering walks it with a stack of contexts for name lookup.
*/
#include "template.h"
#include "escape.h"
#include "../core/fatal.h"
#include "../core/log.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 32 /* nesting of sections, and of partials when rendering */

typedef enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_TRANSLATE, N_PLURAL } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    node *next;
    const char *text;    /* N_TEXT literal, N_PARTIAL name, N_TRANSLATE msgid, N_PLURAL singular */
    size_t len;          /* N_TEXT */
    const char *plural;  /* N_PLURAL */
    const char **path;   /* N_VAR, N_SECTION, N_INVERTED, N_PLURAL: name split at dots */
    size_t path_len;     /* 0 means "." */
    node *children;      /* sections */
    const template *partial;
};

struct template {
    const char *name;
    node *root;
    template *next;
};

struct template_set {
    arena *arena;
    template *templates;
};

template_set *template_set_new(void) {
    template_set *set = xcalloc(1, sizeof *set);
    set->arena = arena_new();
    return set;
}

void template_set_free(template_set *set) {
    if (!set) return;
    arena_free(set->arena);
    free(set);
}

const template *template_set_get(const template_set *set, const char *name) {
    for (const template *t = set->templates; t; t = t->next)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}

/* ---------------------------------------------------------------- parser */

typedef struct parser {
    template_set *set;
    const char *name;
    const char *src, *end;
    int line;
    char *err;
    size_t errlen;
} parser;

static bool parse_error(parser *p, const char *why, const char *detail) {
    snprintf(p->err, p->errlen, "%s:%d: %s%s%s", p->name, p->line, why, detail ? " " : "",
             detail ? detail : "");
    return false;
}

/* Splits "a.b.c" into segments; "." gives zero segments. */
static bool parse_path(parser *p, const char *s, size_t len, node *n) {
    if (len == 1 && s[0] == '.') {
        n->path_len = 0;
        return true;
    }
    size_t segments = 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '.') segments++;
        else if (!(isalnum((unsigned char)c) || c == '_'))
            return parse_error(p, "bad character in name", arena_strndup(p->set->arena, s, len));
    }
    n->path = arena_alloc(p->set->arena, segments * sizeof *n->path);
    n->path_len = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (i == start) return parse_error(p, "empty name segment in", arena_strndup(p->set->arena, s, len));
            n->path[n->path_len++] = arena_strndup(p->set->arena, s + start, i - start);
            start = i + 1;
        }
    }
    return true;
}

static node *new_node(parser *p, node_kind kind) {
    node *n = arena_zalloc(p->set->arena, sizeof *n);
    n->kind = kind;
    return n;
}

static void count_lines(parser *p, const char *from, const char *to) {
    for (const char *c = from; c < to; c++)
        if (*c == '\n') p->line++;
}

/* Parses "count|singular|plural" of a {{_n ...}} tag. */
static bool parse_plural(parser *p, const char *s, size_t len, node *n) {
    const char *bar1 = memchr(s, '|', len);
    const char *bar2 = bar1 ? memchr(bar1 + 1, '|', len - (size_t)(bar1 + 1 - s)) : NULL;
    if (!bar1 || !bar2) return parse_error(p, "{{_n}} needs count|singular|plural", NULL);
    if (!parse_path(p, s, (size_t)(bar1 - s), n)) return false;
    n->text = arena_strndup(p->set->arena, bar1 + 1, (size_t)(bar2 - bar1 - 1));
    n->plural = arena_strndup(p->set->arena, bar2 + 1, (size_t)(s + len - bar2 - 1));
    return true;
}

/* Parses the whole source into the children of a root node. */
static bool parse(parser *p, node **root) {
    node *stack[MAX_DEPTH + 1];     /* open sections; stack[0] is the root */
    node **tails[MAX_DEPTH + 1];    /* where the next child of each goes */
    int depth = 0;
    node *top = new_node(p, N_SECTION);
    stack[0] = top;
    tails[0] = &top->children;
    const char *s = p->src;
    while (s < p->end) {
        const char *open = memmem(s, (size_t)(p->end - s), "{{", 2);
        const char *lit_end = open ? open : p->end;
        if (lit_end > s) {
            node *t = new_node(p, N_TEXT);
            t->text = s;
            t->len = (size_t)(lit_end - s);
            *tails[depth] = t;
            tails[depth] = &t->next;
            count_lines(p, s, lit_end);
        }
        if (!open) break;
        const char *close = memmem(open + 2, (size_t)(p->end - open - 2), "}}", 2);
        if (!close) return parse_error(p, "unclosed {{", NULL);
        const char *body = open + 2;
        size_t blen = (size_t)(close - body);
        while (blen && isspace((unsigned char)body[0])) { body++; blen--; }
        while (blen && isspace((unsigned char)body[blen - 1])) blen--;
        s = close + 2;
        if (blen == 0) return parse_error(p, "empty tag {{}}", NULL);
        char sigil = body[0];
        const char *arg = body + 1;
        size_t alen = blen - 1;
        while (alen && isspace((unsigned char)arg[0])) { arg++; alen--; }
        node *n = NULL;
        switch (sigil) {
        case '!':
            break;
        case '#':
        case '^':
            if (depth == MAX_DEPTH) return parse_error(p, "sections nested too deeply", NULL);
            n = new_node(p, sigil == '#' ? N_SECTION : N_INVERTED);
            if (!parse_path(p, arg, alen, n)) return false;
            n->text = arena_strndup(p->set->arena, arg, alen);
            *tails[depth] = n;
            tails[depth] = &n->next;
            stack[++depth] = n;
            tails[depth] = &n->children;
            n = NULL;
            break;
        case '/':
            if (depth == 0) return parse_error(p, "closing a section that is not open:", arena_strndup(p->set->arena, arg, alen));
            if (strlen(stack[depth]->text) != alen || memcmp(stack[depth]->text, arg, alen) != 0)
                return parse_error(p, "section closed with the wrong name; open is", stack[depth]->text);
            depth--;
            break;
        case '>':
            n = new_node(p, N_PARTIAL);
            n->text = arena_strndup(p->set->arena, arg, alen);
            break;
        case '_':
            if (alen > 0 && body[1] == 'n' && blen > 2 && isspace((unsigned char)body[2])) {
                n = new_node(p, N_PLURAL);
                const char *a = body + 2;
                size_t al = blen - 2;
                while (al && isspace((unsigned char)a[0])) { a++; al--; }
                if (!parse_plural(p, a, al, n)) return false;
            } else {
                if (alen == 0) return parse_error(p, "{{_}} without text", NULL);
                n = new_node(p, N_TRANSLATE);
                n->text = arena_strndup(p->set->arena, arg, alen);
            }
            break;
        default:
            n = new_node(p, N_VAR);
            if (!parse_path(p, body, blen, n)) return false;
        }
        if (n) {
            *tails[depth] = n;
            tails[depth] = &n->next;
        }
        count_lines(p, open, s);
    }
    if (depth != 0) return parse_error(p, "section never closed:", stack[depth]->text);
    *root = top;
    return true;
}

bool template_set_add(template_set *set, const char *name, const char *source, size_t len,
                      char *err, size_t errlen) {
    /* The tree points into the source, so the set keeps its own copy. */
    char *copy = arena_strndup(set->arena, source, len);
    parser p = {set, name, copy, copy + len, 1, err, errlen};
    node *root;
    if (!parse(&p, &root)) return false;
    template *t = arena_zalloc(set->arena, sizeof *t);
    t->name = arena_strdup(set->arena, name);
    t->root = root;
    t->next = set->templates;
    set->templates = t;
    return true;
}

/* Resolves the partials under n. */
static bool link_nodes(template_set *set, const template *owner, node *n, char *err,
                       size_t errlen) {
    for (; n; n = n->next) {
        if (n->kind == N_PARTIAL) {
            n->partial = template_set_get(set, n->text);
            if (!n->partial) {
                snprintf(err, errlen, "%s: partial '%s' does not exist", owner->name, n->text);
                return false;
            }
        }
        if (n->children && !link_nodes(set, owner, n->children, err, errlen)) return false;
    }
    return true;
}

bool template_set_link(template_set *set, char *err, size_t errlen) {
    for (template *t = set->templates; t; t = t->next)
        if (!link_nodes(set, t, t->root->children, err, errlen)) return false;
    return true;
}

static void each_message(const node *n, template_message_fn fn, void *ctx) {
    for (; n; n = n->next) {
        if (n->kind == N_TRANSLATE) fn(ctx, n->text, NULL);
        else if (n->kind == N_PLURAL) fn(ctx, n->text, n->plural);
        if (n->children) each_message(n->children, fn, ctx);
    }
}

void template_set_each_message(const template_set *set, template_message_fn fn, void *ctx) {
    for (const template *t = set->templates; t; t = t->next) each_message(t->root->children, fn, ctx);
}

/* -------------------------------------------------------------- renderer */

typedef struct render_state {
    const tv *stack[MAX_DEPTH * 2 + 1];
    int depth;
    int partial_depth;
    const template_env *env;
    buf *out;
    size_t budget;    /* nodes this render may still visit */
    size_t out_limit; /* out->len it may reach */
    bool stopped;     /* a bound was reached before the end */
} render_state;

/* Looks a path up through the context stack, innermost first. */
static const tv *lookup(const render_state *rs, const node *n) {
    if (n->path_len == 0) return rs->stack[rs->depth];
    const tv *v = NULL;
    for (int i = rs->depth; i >= 0 && !v; i--) v = tv_get(rs->stack[i], n->path[0]);
    for (size_t i = 1; v && i < n->path_len; i++) v = tv_get(v, n->path[i]);
    return v;
}

static void print_value(render_state *rs, const tv *v) {
    if (!v) return;
    switch (v->kind) {
    case TV_TEXT: html_escape(rs->out, v->as.text); break;
    case TV_HTML: buf_puts(rs->out, v->as.text); break;
    case TV_INT: buf_printf(rs->out, "%" PRId64, v->as.number); break;
    case TV_BOOL: if (v->as.flag) buf_puts(rs->out, "true"); break;
    case TV_LIST:
    case TV_OBJECT: break;
    }
}

static void render_nodes(render_state *rs, const node *n);

static void push_and_render(render_state *rs, const tv *v, const node *children) {
    if (rs->depth + 1 >= (int)(sizeof rs->stack / sizeof rs->stack[0])) return;
    rs->stack[++rs->depth] = v;
    render_nodes(rs, children);
    rs->depth--;
}

static void render_section(render_state *rs, const node *n) {
    const tv *v = lookup(rs, n);
    if (n->kind == N_INVERTED) {
        if (!tv_truthy(v)) render_nodes(rs, n->children);
        return;
    }
    if (!tv_truthy(v)) return;
    if (v->kind == TV_LIST) {
        for (size_t i = 0; i < v->as.items.count; i++)
            push_and_render(rs, v->as.items.items[i], n->children);
    } else if (v->kind == TV_OBJECT) {
        push_and_render(rs, v, n->children);
    } else {
        render_nodes(rs, n->children);
    }
}

/* Prints a translated plural with %d replaced by the count. */
static void render_plural(render_state *rs, const node *n) {
    const tv *v = lookup(rs, n);
    int64_t count = v && v->kind == TV_INT ? v->as.number : 0;
    const char *form = rs->env && rs->env->translate
                           ? rs->env->translate(rs->env->user, n->text, n->plural, count)
                           : (count == 1 ? n->text : n->plural);
    const char *mark = strstr(form, "%d");
    if (!mark) {
        html_escape(rs->out, form);
        return;
    }
    html_escape_n(rs->out, form, (size_t)(mark - form));
    buf_printf(rs->out, "%" PRId64, count);
    html_escape(rs->out, mark + 2);
}

static void render_nodes(render_state *rs, const node *n) {
    for (; n; n = n->next) {
        if (rs->budget == 0 || rs->out->len > rs->out_limit) {
            rs->stopped = true;
            return;
        }
        rs->budget--;
        switch (n->kind) {
        case N_TEXT: buf_append(rs->out, n->text, n->len); break;
        case N_VAR: print_value(rs, lookup(rs, n)); break;
        case N_SECTION:
        case N_INVERTED: render_section(rs, n); break;
        case N_PARTIAL:
            if (rs->partial_depth < MAX_DEPTH) {
                rs->partial_depth++;
                render_nodes(rs, n->partial->root->children);
                rs->partial_depth--;
            }
            break;
        case N_TRANSLATE:
            html_escape(rs->out, rs->env && rs->env->translate
                                     ? rs->env->translate(rs->env->user, n->text, NULL, 1)
                                     : n->text);
            break;
        case N_PLURAL: render_plural(rs, n); break;
        }
    }
}

void template_render(const template *t, const tv *ctx, const template_env *env, buf *out) {
    render_state rs = {.depth = 0, .partial_depth = 0, .env = env, .out = out,
                       .budget = TEMPLATE_MAX_RENDER_NODES,
                       .out_limit = out->len + TEMPLATE_MAX_RENDER_BYTES};
    rs.stack[0] = ctx;
    render_nodes(&rs, t->root->children);
    if (rs.stopped)
        log_error("template %s: rendering stopped at %d nodes or %d bytes (partials or sections repeat too often)",
                  t->name, TEMPLATE_MAX_RENDER_NODES, TEMPLATE_MAX_RENDER_BYTES);
}
