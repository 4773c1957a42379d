/*
** Interface text in the reader's language. Templates write English text
** ({{_ Link copied}}); this module finds its translation for a language.
*/
#ifndef GAZETTE_I18N_H
#define GAZETTE_I18N_H

#include <stdint.h>

/* The translation of msgid (with msgid_plural: the plural form for n) in
** lang. Falls back to the English text. The result is static. */
const char *i18n_translate(const char *lang, const char *msgid, const char *msgid_plural,
                           int64_t n);

/* A language's own name: "English", "Русский", "Azərbaycanca". */
const char *i18n_language_name(const char *lang);

#endif
