/* Plural-Forms expressions: a recursive-descent parser into a small tree.
** Precedence, lowest first: ?:  ||  &&  == !=  < <= > >=  + -  * / %  !  */
#include "plural.h"
#include "../core/fatal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum op { OP_NUM, OP_N, OP_NOT, OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB, OP_LT, OP_LE,
                  OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR, OP_COND } op;

typedef struct expr {
    op op;
    uint64_t value;
    struct expr *a, *b, *c;
} expr;

struct plural_rule {
    int count;
    expr *root;
};

typedef struct parser {
    const char *p;
    bool failed;
} parser;

static void skip_space(parser *ps) {
    while (isspace((unsigned char)*ps->p)) ps->p++;
}

static bool accept(parser *ps, const char *token) {
    skip_space(ps);
    size_t n = strlen(token);
    if (strncmp(ps->p, token, n) != 0) return false;
    /* "<" must not take the start of "<=", nor "=" of "==". */
    if (n == 1 && (token[0] == '<' || token[0] == '>' || token[0] == '!') && ps->p[1] == '=')
        return false;
    ps->p += n;
    return true;
}

static expr *node(op o, expr *a, expr *b, expr *c) {
    expr *e = xcalloc(1, sizeof *e);
    e->op = o;
    e->a = a;
    e->b = b;
    e->c = c;
    return e;
}

static void expr_free(expr *e) {
    if (!e) return;
    expr_free(e->a);
    expr_free(e->b);
    expr_free(e->c);
    free(e);
}

static expr *parse_conditional(parser *ps);

static expr *parse_primary(parser *ps) {
    skip_space(ps);
    if (accept(ps, "(")) {
        expr *e = parse_conditional(ps);
        if (!accept(ps, ")")) ps->failed = true;
        return e;
    }
    if (accept(ps, "!")) return node(OP_NOT, parse_primary(ps), NULL, NULL);
    if (*ps->p == 'n' && !isalnum((unsigned char)ps->p[1])) {
        ps->p++;
        return node(OP_N, NULL, NULL, NULL);
    }
    if (isdigit((unsigned char)*ps->p)) {
        expr *e = node(OP_NUM, NULL, NULL, NULL);
        e->value = strtoull(ps->p, (char **)&ps->p, 10);
        return e;
    }
    ps->failed = true;
    return NULL;
}

/* One level of left-associative binary operators. */
typedef struct level {
    const char *tokens[4];
    op ops[4];
} level;

static const level levels[] = {
    {{"||"}, {OP_OR}},
    {{"&&"}, {OP_AND}},
    {{"==", "!="}, {OP_EQ, OP_NE}},
    {{"<=", ">=", "<", ">"}, {OP_LE, OP_GE, OP_LT, OP_GT}},
    {{"+", "-"}, {OP_ADD, OP_SUB}},
    {{"*", "/", "%"}, {OP_MUL, OP_DIV, OP_MOD}},
};

static expr *parse_level(parser *ps, size_t depth) {
    if (depth == sizeof levels / sizeof levels[0]) return parse_primary(ps);
    expr *left = parse_level(ps, depth + 1);
    for (;;) {
        size_t i;
        for (i = 0; i < 4 && levels[depth].tokens[i]; i++)
            if (accept(ps, levels[depth].tokens[i])) break;
        if (i == 4 || !levels[depth].tokens[i] || ps->failed) return left;
        left = node(levels[depth].ops[i], left, parse_level(ps, depth + 1), NULL);
    }
}

static expr *parse_conditional(parser *ps) {
    expr *cond = parse_level(ps, 0);
    if (!accept(ps, "?")) return cond;
    expr *yes = parse_conditional(ps);
    if (!accept(ps, ":")) ps->failed = true;
    expr *no = parse_conditional(ps);
    return node(OP_COND, cond, yes, no);
}

static uint64_t eval(const expr *e, uint64_t n) {
    switch (e->op) {
    case OP_NUM: return e->value;
    case OP_N: return n;
    case OP_NOT: return !eval(e->a, n);
    case OP_MUL: return eval(e->a, n) * eval(e->b, n);
    case OP_DIV: { uint64_t d = eval(e->b, n); return d ? eval(e->a, n) / d : 0; }
    case OP_MOD: { uint64_t d = eval(e->b, n); return d ? eval(e->a, n) % d : 0; }
    case OP_ADD: return eval(e->a, n) + eval(e->b, n);
    case OP_SUB: return eval(e->a, n) - eval(e->b, n);
    case OP_LT: return eval(e->a, n) < eval(e->b, n);
    case OP_LE: return eval(e->a, n) <= eval(e->b, n);
    case OP_GT: return eval(e->a, n) > eval(e->b, n);
    case OP_GE: return eval(e->a, n) >= eval(e->b, n);
    case OP_EQ: return eval(e->a, n) == eval(e->b, n);
    case OP_NE: return eval(e->a, n) != eval(e->b, n);
    case OP_AND: return eval(e->a, n) && eval(e->b, n);
    case OP_OR: return eval(e->a, n) || eval(e->b, n);
    case OP_COND: return eval(e->a, n) ? eval(e->b, n) : eval(e->c, n);
    }
    return 0;
}

/* Finds "name = " (blanks allowed around '=') as a whole word in s and
** returns what follows, or NULL. */
static const char *field_value(const char *s, const char *name) {
    size_t n = strlen(name);
    for (const char *p = s; p && (p = strstr(p, name)) != NULL; p += n) {
        if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
        const char *q = p + n;
        while (isspace((unsigned char)*q)) q++;
        if (*q != '=') continue;
        q++;
        while (isspace((unsigned char)*q)) q++;
        return q;
    }
    return NULL;
}

plural_rule *plural_rule_parse(const char *forms, char *err, size_t errlen) {
    const char *count = forms ? field_value(forms, "nplurals") : NULL;
    const char *plural = forms ? field_value(forms, "plural") : NULL;
    int n = count && isdigit((unsigned char)*count) ? atoi(count) : 0;
    if (!count || !plural || n < 1 || n > 6) {
        snprintf(err, errlen, "Plural-Forms must give nplurals=1..6 and plural=...");
        return NULL;
    }
    parser ps = {plural, false};
    expr *root = parse_conditional(&ps);
    skip_space(&ps);
    if (*ps.p == ';') ps.p++;
    skip_space(&ps);
    if (ps.failed || !root || *ps.p) {
        snprintf(err, errlen, "Plural-Forms: cannot read the expression near '%.20s'", ps.p);
        expr_free(root);
        return NULL;
    }
    plural_rule *r = xcalloc(1, sizeof *r);
    r->count = n;
    r->root = root;
    return r;
}

void plural_rule_free(plural_rule *r) {
    if (!r) return;
    expr_free(r->root);
    free(r);
}

int plural_rule_count(const plural_rule *r) { return r->count; }

int plural_rule_form(const plural_rule *r, uint64_t n) {
    uint64_t form = eval(r->root, n);
    return form < (uint64_t)r->count ? (int)form : r->count - 1;
}
