/* Messages kept as a format and its arguments' texts. See user_message.h. */
#include "user_message.h"
#include "fatal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* One conversion of a printf format: how long it is, its length modifier
** and its conversion character. */
typedef struct conversion {
    size_t len;
    char length[3]; /* "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
    char kind;      /* d i u o x X c s f e g E G p; '%' for "%%" */
} conversion;

/* Reads the conversion at p (which is a '%'). False when it is not one
** this module knows. */
static bool read_conversion(const char *p, conversion *c) {
    const char *q = p + 1;
    memset(c, 0, sizeof *c);
    if (*q == '%') {
        c->len = 2;
        c->kind = '%';
        return true;
    }
    q += strspn(q, "-+ #0'");
    q += strspn(q, "0123456789");
    if (*q == '.') {
        q++;
        q += strspn(q, "0123456789");
    }
    size_t n = 0;
    if ((q[0] == 'h' && q[1] == 'h') || (q[0] == 'l' && q[1] == 'l')) n = 2;
    else if (strchr("hlzjtL", *q) && *q) n = 1;
    memcpy(c->length, q, n);
    q += n;
    if (!*q || !strchr("diuoxXcsfeEgGp", *q)) return false;
    c->kind = *q;
    c->len = (size_t)(q + 1 - p);
    return true;
}

/* Appends the text of one conversion's argument (spec, of kind c), taken
** from ap, to out. */
static void format_argument(buf *out, const char *spec, const conversion *c, va_list *ap) {
    const char *l = c->length;
    switch (c->kind) {
    case 'd': case 'i':
        if (strcmp(l, "l") == 0) buf_printf(out, spec, va_arg(*ap, long));
        else if (strcmp(l, "ll") == 0) buf_printf(out, spec, va_arg(*ap, long long));
        else if (strcmp(l, "z") == 0) buf_printf(out, spec, va_arg(*ap, ssize_t));
        else if (strcmp(l, "j") == 0) buf_printf(out, spec, va_arg(*ap, intmax_t));
        else if (strcmp(l, "t") == 0) buf_printf(out, spec, va_arg(*ap, ptrdiff_t));
        else buf_printf(out, spec, va_arg(*ap, int));
        break;
    case 'u': case 'o': case 'x': case 'X':
        if (strcmp(l, "l") == 0) buf_printf(out, spec, va_arg(*ap, unsigned long));
        else if (strcmp(l, "ll") == 0) buf_printf(out, spec, va_arg(*ap, unsigned long long));
        else if (strcmp(l, "z") == 0) buf_printf(out, spec, va_arg(*ap, size_t));
        else if (strcmp(l, "j") == 0) buf_printf(out, spec, va_arg(*ap, uintmax_t));
        else if (strcmp(l, "t") == 0) buf_printf(out, spec, va_arg(*ap, ptrdiff_t));
        else buf_printf(out, spec, va_arg(*ap, unsigned));
        break;
    case 'c': buf_printf(out, spec, va_arg(*ap, int)); break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        buf_printf(out, spec, s ? s : "");
        break;
    }
    case 'p': buf_printf(out, spec, va_arg(*ap, void *)); break;
    default:
        if (strcmp(l, "L") == 0) buf_printf(out, spec, va_arg(*ap, long double));
        else buf_printf(out, spec, va_arg(*ap, double));
        break;
    }
    buf_puts(out, ""); /* an empty argument is "", not NULL */
}

/* Calls take(ctx, i, text) for the text of each of format's conversions
** (i from 0), its argument read from ap; returns how many. text is the
** callee's to copy. A conversion this module does not know, or more than
** USER_MESSAGE_ARGS of them, is a bug (fatal). */
static int each_argument(const char *format, va_list ap, void (*take)(void *ctx, int i, const char *text), void *ctx) {
    va_list args;
    va_copy(args, ap);
    int n = 0;
    buf text;
    buf_init(&text, NULL);
    for (const char *p = format; (p = strchr(p, '%')) != NULL;) {
        conversion c;
        if (!read_conversion(p, &c)) fatal("user_message: a conversion it does not know in \"%s\"", format);
        if (c.kind != '%') {
            if (n == USER_MESSAGE_ARGS) fatal("user_message: more than %d conversions in \"%s\"", USER_MESSAGE_ARGS,
                                              format);
            char spec[32];
            if (c.len >= sizeof spec) fatal("user_message: a conversion too long in \"%s\"", format);
            memcpy(spec, p, c.len);
            spec[c.len] = '\0';
            buf_clear(&text);
            format_argument(&text, spec, &c, &args);
            take(ctx, n++, text.data);
        }
        p += c.len;
    }
    buf_free(&text);
    va_end(args);
    return n;
}

char *user_message_copy_text(char *out, size_t len, const char *text) {
    if (!len) return out;
    size_t n = strlen(text);
    if (n >= len) {
        n = len - 1;
        /* Back to the start of a character: never half of one. */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out, text, n);
    out[n] = '\0';
    return out;
}

/* each_argument's take for a message: the text, cut, into its slot. */
static void keep_in_message(void *ctx, int i, const char *text) {
    user_message *m = ctx;
    user_message_copy_text(m->args[i], USER_MESSAGE_ARG_BYTES, text);
}

void user_message_vset(user_message *m, const char *format, va_list ap) {
    memset(m, 0, sizeof *m);
    m->format = format;
    m->arg_count = each_argument(format, ap, keep_in_message, m);
}

/* The arena and the texts of user_message_arguments(). */
typedef struct arena_texts {
    arena *a;
    const char **texts;
} arena_texts;

/* each_argument's take for user_message_arguments(): a copy in the arena. */
static void keep_in_arena(void *ctx, int i, const char *text) {
    arena_texts *t = ctx;
    t->texts[i] = arena_strdup(t->a, text);
}

int user_message_arguments(arena *a, const char *format, va_list ap, const char **texts) {
    arena_texts t = {a, texts};
    return each_argument(format, ap, keep_in_arena, &t);
}

void user_message_set(user_message *m, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    user_message_vset(m, format, ap);
    va_end(ap);
}

void user_message_plain(user_message *m, const char *msgid) {
    memset(m, 0, sizeof *m);
    m->format = msgid;
}

void user_message_set_plural(user_message *m, const char *singular, const char *plural, long long n, ...) {
    va_list ap;
    va_start(ap, n);
    /* The arguments are read with the form's own conversions; the forms of
    ** one message have the same ones. */
    user_message_vset(m, n == 1 ? singular : plural, ap);
    va_end(ap);
    m->format = singular;
    m->plural = plural;
    m->count = n;
}

void user_message_arg_context(user_message *m, int i, const char *context) {
    if (i >= 0 && i < m->arg_count) m->contexts[i] = context;
}

void user_message_fill(buf *out, const char *format, const char *const *args, int count) {
    int next = 0;
    const char *p = format;
    for (const char *pct; (pct = strchr(p, '%')) != NULL;) {
        buf_append(out, p, (size_t)(pct - p));
        conversion c;
        if (!read_conversion(pct, &c)) {
            /* Not a conversion (a translation's stray '%'): as it is. */
            buf_putc(out, '%');
            p = pct + 1;
            continue;
        }
        if (c.kind == '%') {
            buf_putc(out, '%');
        } else {
            if (next < count && args[next]) buf_puts(out, args[next]);
            next++;
        }
        p = pct + c.len;
    }
    buf_puts(out, p);
    if (!out->data) buf_puts(out, "");
}

/* The arguments of m as the fill takes them. */
static void arguments(const user_message *m, const char **args) {
    for (int i = 0; i < m->arg_count; i++) args[i] = m->args[i];
}

/* The English form of m: its plural's when its count says so. */
static const char *english_format(const user_message *m) {
    if (!m->format) return "";
    return m->plural && m->count != 1 ? m->plural : m->format;
}

char *user_message_english(arena *a, const user_message *m) {
    buf b;
    buf_init(&b, a);
    const char *args[USER_MESSAGE_ARGS];
    arguments(m, args);
    user_message_fill(&b, english_format(m), args, m->arg_count);
    return b.data;
}

char *user_message_english_into(const user_message *m, char *out, size_t len) {
    buf b;
    buf_init(&b, NULL);
    const char *args[USER_MESSAGE_ARGS];
    arguments(m, args);
    user_message_fill(&b, english_format(m), args, m->arg_count);
    user_message_copy_text(out, len, b.data);
    buf_free(&b);
    return out;
}

/* The kinds of format's conversions, in order, into kinds ("%%" left
** out); false when one is not a conversion or there are more than max. */
static bool kinds_of(const char *format, char *kinds, size_t max) {
    size_t n = 0;
    for (const char *p = format; (p = strchr(p, '%')) != NULL;) {
        conversion c;
        if (!read_conversion(p, &c)) return false;
        if (c.kind != '%') {
            if (n == max) return false;
            /* What a text stands for: a number or a text. */
            kinds[n++] = strchr("diuoxXc", c.kind) ? 'd' : c.kind == 's' ? 's' : c.kind;
        }
        p += c.len;
    }
    kinds[n] = '\0';
    return true;
}

bool user_message_same_conversions(const char *a, const char *b) {
    char ka[USER_MESSAGE_ARGS * 4 + 1], kb[USER_MESSAGE_ARGS * 4 + 1];
    return kinds_of(a, ka, sizeof ka - 1) && kinds_of(b, kb, sizeof kb - 1) && strcmp(ka, kb) == 0;
}
