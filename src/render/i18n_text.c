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

/* Fills the translated format with texts (count of them). */
static char *fill_texts(arena *a, const char *format, const char *const *texts, int count) {
    buf b;
    buf_init(&b, a);
    user_message_fill(&b, format, texts, count);
    return b.data;
}

char *i18n_vprintf(arena *a, const char *lang, const char *format, va_list ap) {
    const char *texts[USER_MESSAGE_ARGS];
    int n = user_message_arguments(a, format, ap, texts);
    return fill_texts(a, translated_format(lang, format, NULL, 1), texts, n);
}

char *i18n_printf(arena *a, const char *lang, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    char *out = i18n_vprintf(a, lang, format, ap);
    va_end(ap);
    return out;
}

char *i18n_printf_plural(arena *a, const char *lang, const char *singular, const char *plural, int64_t n, ...) {
    const char *texts[USER_MESSAGE_ARGS];
    va_list ap;
    va_start(ap, n);
    /* The arguments are read with the English form's conversions; the
    ** forms of one message have the same ones. */
    int count = user_message_arguments(a, n == 1 ? singular : plural, ap, texts);
    va_end(ap);
    return fill_texts(a, translated_format(lang, singular, plural, n), texts, count);
}
