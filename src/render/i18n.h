/*
** Interface text in the reader's language, from gettext catalogues
** (locales/{en,ru,az}.po, compiled into the binary; a configured folder may
** override them). Templates write English ({{_ Link copied}}); the
** catalogue of the page's language gives the translation, with the plural
** form its Plural-Forms header chooses.
**
** The catalogues are loaded once, before any thread starts, and read-only
** afterwards.
*/
#ifndef GAZETTE_I18N_H
#define GAZETTE_I18N_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/user_message.h"

/* Marks a string with a context for the message extractor
** (tests/lib/messages.mjs) without translating it here. */
#define NC_(context, text) text

/* Marks a message (without a context) for the extractor: a text that is
** translated where it is shown, e.g. a user_message's format or a notice
** of a table. */
#define N_(text) text

/* Marks a message with a plural form for the extractor; it stands for the
** two arguments singular, plural. */
#define NP_(singular, plural) singular, plural

/* The interface languages (the catalogues): "en", "ru", "az". */
#define I18N_LANGUAGES 3
const char *i18n_language_at(size_t i);

/* True when lang is one of them. */
bool i18n_supported(const char *lang);

/* Loads the catalogue of every supported language (dir: a folder with
** overriding LANG.po files, or NULL). False with "file:line: why" in err
** when a catalogue does not parse. */
bool i18n_load(const char *dir, char *err, size_t errlen);

/* Frees the catalogues. */
void i18n_free(void);

/* The translation of msgid (with msgid_plural: of the form that suits n)
** in lang. Falls back to the English text when there is none. The result
** lives until i18n_free(). */
const char *i18n_translate(const char *lang, const char *msgid, const char *msgid_plural,
                           int64_t n);

/* The same for a message with a context (msgctxt), e.g. month names in
** dates, which Russian writes in the genitive. */
const char *i18n_translate_context(const char *lang, const char *context, const char *msgid);

/* True when lang's catalogue translates msgid (and, given, its plural with
** every form): what the completeness checks ask. */
bool i18n_has(const char *lang, const char *context, const char *msgid,
              const char *msgid_plural);

/* A language's own name: "English", "Русский", "Azərbaycanca". */
const char *i18n_language_name(const char *lang);

/* The forms of a plural message in lang (msgid, msgid_plural), in the
** order of its catalogue's Plural-Forms, into forms (at most max; they
** live until i18n_free()). 0 when the catalogue does not translate it with
** every form. */
int i18n_plural_forms(const char *lang, const char *msgid, const char *msgid_plural, const char **forms,
                      int max);

/* The form lang's Plural-Forms choose for n (0 for a language without a
** catalogue). */
int i18n_plural_index(const char *lang, uint64_t n);

/* --- messages with arguments (i18n_text.c) --- */

/* m in lang, in a: its format's translation (the English when there is
** none, or when the translation's conversions are not the English's, in
** the same order) with the text of each argument in place of its
** conversion, an argument marked with a context translated in it. */
char *i18n_message(arena *a, const char *lang, const user_message *m);

/* printf in lang: format (English, marked N_()) translated, then filled
** as i18n_message does, each argument whole (a title, a name), never cut.
** At most USER_MESSAGE_ARGS arguments. In a. */
char *i18n_printf(arena *a, const char *lang, const char *format, ...) __attribute__((format(printf, 3, 4)));
char *i18n_vprintf(arena *a, const char *lang, const char *format, va_list ap) __attribute__((format(printf, 3, 0)));

/* The same for a message with a plural (NP_("%d thing", "%d things")):
** the form that suits n. */
char *i18n_printf_plural(arena *a, const char *lang, const char *singular, const char *plural, int64_t n, ...)
    __attribute__((format(printf, 3, 6)));

#endif
