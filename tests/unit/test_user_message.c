/* Messages kept as a format and its arguments (core/user_message.c), shown
** in English or through a catalogue (render/i18n_text.c, with catalogues
** from a folder so that the checks do not depend on the shipped wording),
** and the language an Accept-Language header prefers. */
#include "check.h"

#include "core/arena.h"
#include "core/user_message.h"
#include "http/http.h"
#include "render/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TEST(user_message_conversions) {
    arena *a = arena_new();
    user_message m;
    user_message_set(&m, "field '%s': is longer than %zu characters", "title", (size_t)300);
    CHECK_INT(m.arg_count, 2);
    CHECK_STR(m.args[0], "title");
    CHECK_STR(m.args[1], "300");
    CHECK_STR(user_message_english(a, &m), "field 'title': is longer than 300 characters");
    /* Each argument by its own conversion: precision, widths, lengths, 100%. */
    user_message_set(&m, "%.3s|%5d|%-3d|%lld|%%", "abcdef", 42, 7, (long long)-9000000000LL);
    CHECK_INT(m.arg_count, 4);
    CHECK_STR(user_message_english(a, &m), "abc|   42|7  |-9000000000|%");
    user_message_set(&m, "%ld|%u|%x|%c|100%%", (long)-5, 4000000000u, 255u, 'Z');
    CHECK_STR(user_message_english(a, &m), "-5|4000000000|ff|Z|100%");
    user_message_set(&m, "%zu|%.1f", (size_t)18446744073709551615ULL, 2.25);
    CHECK_STR(user_message_english(a, &m), "18446744073709551615|2.2");
    /* No conversions; a NULL text is empty. */
    user_message_set(&m, "Saved.");
    CHECK_INT(m.arg_count, 0);
    CHECK_STR(user_message_english(a, &m), "Saved.");
    const char *nothing = getenv("GAZETTE_NO_SUCH_VARIABLE_EVER"); /* NULL, unknown to the compiler */
    user_message_set(&m, "[%s]", nothing);
    CHECK_STR(user_message_english(a, &m), "[]");
    /* No message at all. */
    user_message none = {0};
    CHECK_STR(user_message_english(a, &none), "");
    /* A long argument is cut at a character's end, never inside one. */
    char long_text[600];
    for (size_t i = 0; i + 2 < sizeof long_text; i += 2) memcpy(long_text + i, "ж", 2);
    long_text[sizeof long_text - 2] = '\0';
    user_message_set(&m, "%s", long_text);
    size_t n = strlen(m.args[0]);
    CHECK(n < USER_MESSAGE_ARG_BYTES && n % 2 == 0 && n >= USER_MESSAGE_ARG_BYTES - 2);
    /* Into a small buffer: cut at a character's end too. */
    char out[8];
    user_message_set(&m, "жжжжж");
    CHECK_STR(user_message_english_into(&m, out, sizeof out), "жжж");
    arena_free(a);
}

TEST(user_message_fill_and_kinds) {
    arena *a = arena_new();
    buf b;
    buf_init(&b, a);
    const char *args[] = {"Ann", "3"};
    /* A translation's own words around the same conversions; its stray
    ** '%' stays as it is; a conversion beyond the arguments is empty. */
    user_message_fill(&b, "%s: %d шт. (%%) %q %s!", args, 2);
    CHECK_STR(b.data, "Ann: 3 шт. (%) %q !");
    CHECK(user_message_same_conversions("from %s to %s", "из «%s» в «%s»"));
    CHECK(user_message_same_conversions("%zu passages", "%d фрагментов"));
    CHECK(user_message_same_conversions("%.60s is not", "%s не"));
    CHECK(user_message_same_conversions("100%% done", "готово"));
    CHECK(!user_message_same_conversions("%s has %d", "%d у %s"));
    CHECK(!user_message_same_conversions("%s", "no argument"));
    CHECK(!user_message_same_conversions("%s", "%s %s"));
    CHECK(!user_message_same_conversions("%s", "%q"));
    arena_free(a);
}

/* A catalogue of our own in a folder, for i18n_message. */
static const char test_ru[] =
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
    "msgid \"You may not move this article from %s to %s.\"\n"
    "msgstr \"Вы не можете перевести статью из «%s» в «%s».\"\n\n"
    "msgctxt \"status\"\n"
    "msgid \"draft\"\n"
    "msgstr \"черновик\"\n\n"
    "msgctxt \"status\"\n"
    "msgid \"published\"\n"
    "msgstr \"опубликовано\"\n\n"
    "msgid \"There is no article %lld.\"\n"
    "msgstr \"Статьи %lld нет.\"\n\n"
    "msgid \"Wrong: %s\"\n"
    "msgstr \"Ошибка: %d %s\"\n\n"
    "msgid \"%d passage is merged.\"\n"
    "msgid_plural \"%d passages are merged.\"\n"
    "msgstr[0] \"Объединён %d фрагмент.\"\n"
    "msgstr[1] \"Объединены %d фрагмента.\"\n"
    "msgstr[2] \"Объединено %d фрагментов.\"\n";

TEST(i18n_messages_from_a_catalogue) {
    char dir[] = "/tmp/gazette-message-test-XXXXXX", path[128], err[512] = "";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/ru.po", dir);
    FILE *f = fopen(path, "w");
    bool written = f && fputs(test_ru, f) >= 0;
    if (f && fclose(f) != 0) written = false;
    CHECK(written);
    bool loaded = written && i18n_load(dir, err, sizeof err);
    check_report(loaded, __FILE__, __LINE__, "i18n_load(dir)", err);
    arena *a = arena_new();
    if (loaded) {
        user_message m;
        user_message_set(&m, "You may not move this article from %s to %s.", "draft", "published");
        user_message_arg_context(&m, 0, "status");
        user_message_arg_context(&m, 1, "status");
        CHECK_STR(i18n_message(a, "ru", &m), "Вы не можете перевести статью из «черновик» в «опубликовано».");
        CHECK_STR(i18n_message(a, "en", &m), "You may not move this article from draft to published.");
        CHECK_STR(user_message_english(a, &m), "You may not move this article from draft to published.");
        /* The translation's own order of words around the same conversion. */
        CHECK_STR(i18n_printf(a, "ru", "There is no article %lld.", (long long)42), "Статьи 42 нет.");
        /* A translation that does not keep the conversions is not used. */
        CHECK_STR(i18n_printf(a, "ru", "Wrong: %s", "x"), "Wrong: x");
        /* A long argument (an article's title) is not cut, unlike a user_message's. */
        char title[1201];
        for (size_t i = 0; i + 2 <= 1200; i += 2) memcpy(title + i, "ж", 2);
        title[1200] = '\0';
        const char *shown = i18n_printf(a, "ru", "Not in it: %s", title);
        CHECK_INT(strlen(shown), strlen("Not in it: ") + 1200);
        /* Unknown messages and languages: English. */
        CHECK_STR(i18n_printf(a, "ru", "Not in it: %d", 5), "Not in it: 5");
        CHECK_STR(i18n_printf(a, "fr", "There is no article %lld.", (long long)7), "There is no article 7.");
        /* Plurals by the catalogue's rule. */
        CHECK_STR(i18n_printf_plural(a, "ru", "%d passage is merged.", "%d passages are merged.", 1, 1),
                  "Объединён 1 фрагмент.");
        CHECK_STR(i18n_printf_plural(a, "ru", "%d passage is merged.", "%d passages are merged.", 3, 3),
                  "Объединены 3 фрагмента.");
        CHECK_STR(i18n_printf_plural(a, "ru", "%d passage is merged.", "%d passages are merged.", 11, 11),
                  "Объединено 11 фрагментов.");
        CHECK_STR(i18n_printf_plural(a, "en", "%d passage is merged.", "%d passages are merged.", 2, 2),
                  "2 passages are merged.");
        const char *forms[6];
        CHECK_INT(i18n_plural_forms("ru", "%d passage is merged.", "%d passages are merged.", forms, 6), 3);
        CHECK_STR(forms[2], "Объединено %d фрагментов.");
        CHECK_INT(i18n_plural_forms("ru", "No such", "No such plural", forms, 6), 0);
        CHECK_INT(i18n_plural_index("ru", 1), 0);
        CHECK_INT(i18n_plural_index("ru", 22), 1);
        CHECK_INT(i18n_plural_index("ru", 111), 2);
        CHECK_INT(i18n_plural_index("fr", 5), 0);
        CHECK(i18n_supported("az") && i18n_supported("ru") && !i18n_supported("de") && !i18n_supported(NULL));
    }
    i18n_free();
    arena_free(a);
    unlink(path);
    rmdir(dir);
}

TEST(accept_language) {
    static const char *const editions[] = {"en", "ru"};
    static const char *const all[] = {"en", "ru", "az"};
    CHECK_STR(http_accept_language("ru", editions, 2), "ru");
    CHECK_STR(http_accept_language("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", editions, 2), "ru");
    CHECK_STR(http_accept_language("en-US,en;q=0.9", editions, 2), "en");
    CHECK_STR(http_accept_language("de-DE, ru;q=0.5, en;q=0.6", editions, 2), "en");
    CHECK_STR(http_accept_language("AZ-Latn-AZ", all, 3), "az");
    CHECK_STR(http_accept_language("az;q=0.3, ru;q=0.3", all, 3), "az");
    CHECK_STR(http_accept_language("az, ru", editions, 2), "ru");
    CHECK_STR(http_accept_language(" ru ; q=1.0 ", editions, 2), "ru");
    CHECK_STR(http_accept_language("ru;q=0.001", editions, 2), "ru");
    /* Refused, none of them, bad weights, wildcards, nothing. */
    CHECK(http_accept_language("ru;q=0, en;q=0", editions, 2) == NULL);
    CHECK(http_accept_language("de, fr;q=0.8", editions, 2) == NULL);
    CHECK(http_accept_language("*", editions, 2) == NULL);
    CHECK(http_accept_language("ru;q=2", editions, 2) == NULL);
    CHECK(http_accept_language("ru;q=abc", editions, 2) == NULL);
    CHECK(http_accept_language("rus", editions, 2) == NULL);
    CHECK(http_accept_language("", editions, 2) == NULL);
    CHECK(http_accept_language(",,;", editions, 2) == NULL);
    CHECK(http_accept_language(NULL, editions, 2) == NULL);
}
