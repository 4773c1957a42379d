/* Interface text. Only English exists so far: translations arrive with the
** gettext catalogues of the editions issue. */
#include "i18n.h"

#include <string.h>

const char *i18n_translate(const char *lang, const char *msgid, const char *msgid_plural,
                           int64_t n) {
    (void)lang;
    if (msgid_plural && n != 1) return msgid_plural;
    return msgid;
}

const char *i18n_language_name(const char *lang) {
    if (strcmp(lang, "ru") == 0) return "Русский";
    if (strcmp(lang, "az") == 0) return "Azərbaycanca";
    return "English";
}
