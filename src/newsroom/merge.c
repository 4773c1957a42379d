/* Three-way merge by line (see merge.h), on the newsroom's line diff: each
** side's diff from the base says, for every base line, whether that side
** kept it and which lines it put before it. A passage is a run of base
** lines some side removed, with the gaps around them where some side
** added lines; between passages are lines both kept. Costs what two
** diff_lines calls cost (their limits apply), then linear. */
#include "merge.h"
#include "diff.h"
#include "../core/buf.h"

#include <string.h>

/* What one side did to the base: kept[i] for each base line, and the
** lines it put before base line i (added[n]: at the end). */
typedef struct side {
    bool *kept;
    buf *added; /* n + 1 buffers, "line\n" each */
} side;

static void read_side(arena *a, const diff_line *d, size_t count, size_t n, side *s) {
    s->kept = arena_zalloc(a, (n + 1) * sizeof *s->kept);
    s->added = arena_alloc(a, (n + 1) * sizeof *s->added);
    for (size_t i = 0; i <= n; i++) buf_init(&s->added[i], a);
    size_t at = 0; /* the base line next in the diff */
    for (size_t k = 0; k < count; k++) {
        if (d[k].kind == DIFF_ADDED) {
            buf_printf(&s->added[at], "%s\n", d[k].text);
        } else {
            s->kept[at] = d[k].kind == DIFF_SAME;
            at++;
        }
    }
}

static const char *text_of(const buf *b) { return b->data ? b->data : ""; }

/* One side's text of the passage of base lines [from, to) and the gaps from..to. */
static void passage(buf *out, const side *s, const char **base, size_t from, size_t to) {
    for (size_t t = from; t <= to; t++) {
        buf_puts(out, text_of(&s->added[t]));
        if (t < to && s->kept[t]) buf_printf(out, "%s\n", base[t]);
    }
}

/* The base's lines: the kept lines of a diff from base to base. */
static const char **base_lines(arena *a, const diff_line *d, size_t count, size_t *n) {
    const char **lines = arena_alloc(a, (count + 1) * sizeof *lines);
    size_t k = 0;
    for (size_t i = 0; i < count; i++)
        if (d[i].kind != DIFF_ADDED) lines[k++] = d[i].text;
    *n = k;
    return lines;
}

/* Puts a mark line as a paragraph of its own: a blank line before it,
** and one after unless what follows starts with one. */
static void mark(buf *out, const char *line, const char *next) {
    if (out->len && out->data[out->len - 1] == '\n' && !(out->len > 1 && out->data[out->len - 2] == '\n'))
        buf_putc(out, '\n');
    buf_printf(out, "%s\n", line);
    if (!next || next[0] != '\n') buf_putc(out, '\n');
}

char *merge_texts(arena *a, const char *base, const char *mine, const char *theirs, size_t *conflicts) {
    base = base ? base : "";
    mine = mine ? mine : "";
    theirs = theirs ? theirs : "";
    *conflicts = 0;
    size_t cm, ct, n;
    diff_line *dm = diff_lines(a, base, mine, &cm), *dt = diff_lines(a, base, theirs, &ct);
    const char **lines = base_lines(a, dm, cm, &n);
    side sm, st;
    read_side(a, dm, cm, n, &sm);
    read_side(a, dt, ct, n, &st);
    buf out;
    buf_init(&out, a);
    size_t t = 0;
    while (t <= n) {
        bool changed_gap = sm.added[t].len || st.added[t].len;
        bool changed_line = t < n && (!sm.kept[t] || !st.kept[t]);
        if (!changed_gap && !changed_line) {
            if (t < n) buf_printf(&out, "%s\n", lines[t]);
            t++;
            continue;
        }
        /* The passage: lines from t while some side removed them. */
        size_t end = t;
        while (end < n && (!sm.kept[end] || !st.kept[end])) end++;
        buf b, m, th;
        buf_init(&b, a);
        buf_init(&m, a);
        buf_init(&th, a);
        for (size_t i = t; i < end; i++) buf_printf(&b, "%s\n", lines[i]);
        passage(&m, &sm, lines, t, end);
        passage(&th, &st, lines, t, end);
        const char *bt = text_of(&b), *mt = text_of(&m), *tt = text_of(&th);
        if (strcmp(mt, bt) == 0 || strcmp(mt, tt) == 0) buf_puts(&out, tt);
        else if (strcmp(tt, bt) == 0) buf_puts(&out, mt);
        else {
            (*conflicts)++;
            mark(&out, MERGE_MINE_MARK, mt);
            buf_puts(&out, mt);
            mark(&out, MERGE_SPLIT_MARK, tt);
            buf_puts(&out, tt);
            /* What follows: base line `end`, kept by both (or nothing). */
            mark(&out, MERGE_THEIRS_MARK, end < n ? (*lines[end] ? lines[end] : "\n") : "\n");
        }
        /* Base line `end` (kept by both) comes next, after gap `end`. */
        if (end < n) buf_printf(&out, "%s\n", lines[end]);
        t = end + 1;
    }
    char *text = out.data ? out.data : arena_strdup(a, "");
    size_t len = strlen(text);
    bool newline = *mine ? mine[strlen(mine) - 1] == '\n' : *base && base[strlen(base) - 1] == '\n';
    while (len && text[len - 1] == '\n' && (!newline || (len > 1 && text[len - 2] == '\n'))) text[--len] = '\0';
    if (newline && len && text[len - 1] != '\n') {
        char *more = arena_alloc(a, len + 2);
        memcpy(more, text, len);
        more[len] = '\n';
        more[len + 1] = '\0';
        text = more;
    }
    return text;
}

size_t merge_marks_left(const char *text) {
    size_t line = 1;
    for (const char *p = text ? text : ""; *p;) {
        if (strncmp(p, MERGE_MINE_MARK, strlen(MERGE_MINE_MARK)) == 0 ||
            strncmp(p, MERGE_SPLIT_MARK, strlen(MERGE_SPLIT_MARK)) == 0 ||
            strncmp(p, MERGE_THEIRS_MARK, strlen(MERGE_THEIRS_MARK)) == 0)
            return line;
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
        line++;
    }
    return 0;
}
