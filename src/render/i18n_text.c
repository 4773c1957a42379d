/* Messages with arguments in the reader's language: a user_message's (or a
** printf format's) translation, filled with its arguments' texts. A
** translation whose conversions are not the English's is not used: a
** catalogue from a configured folder cannot make the text lose or mix up
** its arguments. */
#include "i18n.h"
#include "../core/buf.h"

#include <stdarg.h>

/* The translation of format in lang when it keeps format's conversions,
** else format. */
static const char *translated_format(const char *lang, const char *format, const char *plural, int64_t n) {
    const char *english = plural && n != 1 ? plural : format;
    const char *t = i18n_translate(lang, format, plural, n);
    return user_message_same_conversions(english, t) ? t : english;
}

/* Fills the translated format with m's arguments, those marked with a
** context translated. */
static char *fill(arena *a, const char *lang, const char *format, const user_message *m) {
    const char *args[USER_MESSAGE_ARGS];
    for (int i = 0; i < m->arg_count; i++)
        args[i] = m->contexts[i] ? i18n_translate_context(lang, m->contexts[i], m->args[i]) : m->args[i];
    buf b;
    buf_init(&b, a);
    user_message_fill(&b, format, args, m->arg_count);
    return b.data;
}

char *i18n_message(arena *a, const char *lang, const user_message *m) {
    if (!m->format) return arena_strdup(a, "");
    return fill(a, lang, translated_format(lang, m->format, m->plural, m->plural ? m->count : 1), m);
}

char *i18n_printf(arena *a, const char *lang, const char *format, ...) {
    user_message m;
    va_list ap;
    va_start(ap, format);
    user_message_vset(&m, format, ap);
    va_end(ap);
    return i18n_message(a, lang, &m);
}

char *i18n_printf_plural(arena *a, const char *lang, const char *singular, const char *plural, int64_t n, ...) {
    user_message m;
    va_list ap;
    va_start(ap, n);
    /* The arguments are read with the English form's conversions; the
    ** forms of one message have the same ones. */
    user_message_vset(&m, n == 1 ? singular : plural, ap);
    va_end(ap);
    m.format = singular;
    m.plural = plural;
    m.count = n;
    return i18n_message(a, lang, &m);
}
