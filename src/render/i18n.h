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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marks a string with a context for the message extractor
** (tests/lib/messages.mjs) without translating it here. */
#define NC_(context, text) text

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

#endif
