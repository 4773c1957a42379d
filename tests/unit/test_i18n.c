/* Interface text: Plural-Forms rules, the built-in catalogues (en, ru, az),
** fallbacks to English, and catalogues overridden from a folder. */
#include "check.h"

#include "render/i18n.h"
#include "render/plural.h"
#include "core/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUSSIAN_FORMS                                                                      \
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "                \
    "(n%100<10 || n%100>=20) ? 1 : 2);"

/* Parses forms, failing the check (with the parser's message) when it does
** not parse. The caller frees the rule. */
static plural_rule *parse_ok(const char *forms, int line) {
    char err[256] = "";
    plural_rule *r = plural_rule_parse(forms, err, sizeof err);
    char detail[600];
    snprintf(detail, sizeof detail, "%s: %s", forms, err);
    check_report(r != NULL, __FILE__, line, "plural_rule_parse succeeds", detail);
    return r;
}

/* Checks the form chosen for each n against want[]. */
static void expect_forms(const char *forms, const uint64_t *ns, const int *want, size_t count,
                         int line) {
    plural_rule *r = parse_ok(forms, line);
    if (!r) return;
    for (size_t i = 0; i < count; i++) {
        int got = plural_rule_form(r, ns[i]);
        char what[160], detail[160];
        snprintf(what, sizeof what, "form(%llu) in %.80s", (unsigned long long)ns[i], forms);
        snprintf(detail, sizeof detail, "got %d, want %d", got, want[i]);
        check_report(got == want[i], __FILE__, line, what, detail);
    }
    plural_rule_free(r);
}

#define EXPECT_FORMS(forms, ns, want)                                                       \
    do {                                                                                    \
        _Static_assert(sizeof(ns) / sizeof(ns)[0] == sizeof(want) / sizeof(want)[0],        \
                       "as many answers as counts");                                        \
        expect_forms(forms, ns, want, sizeof(ns) / sizeof(ns)[0], __LINE__);                \
    } while (0)

/* Expects forms not to parse, with a message. */
static void expect_bad_rule(const char *forms, int line) {
    char err[256] = "";
    plural_rule *r = plural_rule_parse(forms, err, sizeof err);
    char what[200], detail[400];
    snprintf(what, sizeof what, "plural_rule_parse(\"%.120s\") is NULL", forms ? forms : "(null)");
    snprintf(detail, sizeof detail, "it parsed, nplurals=%d", r ? plural_rule_count(r) : 0);
    check_report(r == NULL, __FILE__, line, what, r ? detail : NULL);
    snprintf(what, sizeof what, "plural_rule_parse(\"%.120s\") says why", forms ? forms : "(null)");
    check_report(err[0] != '\0', __FILE__, line, what, "empty message");
    plural_rule_free(r);
}

TEST(plural_english) {
    static const uint64_t ns[] = {0, 1, 2, 3, 11, 21, 100, 1000000};
    static const int want[] = {1, 0, 1, 1, 1, 1, 1, 1};
    EXPECT_FORMS("nplurals=2; plural=(n != 1);", ns, want);
    plural_rule *r = parse_ok("nplurals=2; plural=(n != 1);", __LINE__);
    if (r) {
        CHECK_INT(plural_rule_count(r), 2);
        plural_rule_free(r);
    }
}

TEST(plural_russian) {
    static const uint64_t ns[] = {0, 1, 2, 3, 4, 5, 10, 11, 12, 14, 15, 19, 20, 21, 22, 24, 25,
                                  100, 101, 102, 105, 111, 112, 121, 1000, 1001, 1011, 1022};
    static const int want[] = {2, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0, 1, 1, 2,
                               2, 0, 1, 2, 2, 2, 0, 2, 0, 2, 1};
    EXPECT_FORMS(RUSSIAN_FORMS, ns, want);
    plural_rule *r = parse_ok(RUSSIAN_FORMS, __LINE__);
    if (r) {
        CHECK_INT(plural_rule_count(r), 3);
        plural_rule_free(r);
    }
}

TEST(plural_one_form) {
    static const uint64_t ns[] = {0, 1, 2, 5, 21, 1000};
    static const int want[] = {0, 0, 0, 0, 0, 0};
    EXPECT_FORMS("nplurals=1; plural=0;", ns, want);
    plural_rule *r = parse_ok("nplurals=1; plural=0;", __LINE__);
    if (r) {
        CHECK_INT(plural_rule_count(r), 1);
        plural_rule_free(r);
    }
}

TEST(plural_nested_ternaries) {
    /* ?: groups to the right: a ? b : c ? d : e is a ? b : (c ? d : e). */
    static const uint64_t ns[] = {0, 1, 2, 3, 7};
    static const int want1[] = {2, 0, 1, 2, 2};
    EXPECT_FORMS("nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;", ns, want1);
    /* A conditional in the middle operand, and one as the condition. */
    static const int want2[] = {2, 0, 1, 2, 2};
    EXPECT_FORMS("nplurals=3; plural=n<3 ? n==0 ? 2 : n==1 ? 0 : 1 : 2;", ns, want2);
    static const int want3[] = {1, 0, 1, 1, 1};
    EXPECT_FORMS("nplurals=2; plural=(n==1 ? 0 : 1) ? 1 : 0;", ns, want3);
    /* Arabic: six forms in a chain of five conditionals. */
    static const uint64_t ar[] = {0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000};
    static const int want_ar[] = {0, 1, 2, 3, 3, 4, 4, 5, 5, 5, 3, 4, 5};
    EXPECT_FORMS("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
                 "n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
                 ar, want_ar);
    /* Polish, with parentheses around an || inside an &&. */
    static const uint64_t pl[] = {0, 1, 2, 4, 5, 12, 14, 21, 22, 24, 25, 112, 122};
    static const int want_pl[] = {2, 0, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 1};
    EXPECT_FORMS("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                 "n%100>=20) ? 1 : 2);",
                 pl, want_pl);
}

TEST(plural_operator_precedence) {
    /* % before ==, == before &&: (n%10)==1 && (n%100)!=11. */
    static const uint64_t ns[] = {1, 2, 11, 21, 101, 111, 211};
    static const int want[] = {1, 0, 0, 1, 1, 0, 0};
    EXPECT_FORMS("nplurals=2; plural=n%10==1 && n%100!=11;", ns, want);
    /* && before ||: 1 || (0 && 0). */
    static const uint64_t one[] = {1, 2, 3};
    static const int want_or[] = {1, 0, 0};
    EXPECT_FORMS("nplurals=2; plural=n==1 || n==2 && n==3;", one, want_or);
    static const int want_paren[] = {0, 0, 0};
    EXPECT_FORMS("nplurals=2; plural=(n==1 || n==2) && n==3;", one, want_paren);
    /* * before +; + before <; < before ==. */
    static const uint64_t n5[] = {5};
    static const int want_seven[] = {1};
    EXPECT_FORMS("nplurals=2; plural=1 + 2 * 3 == 7;", n5, want_seven);
    EXPECT_FORMS("nplurals=2; plural=n < 6 == 1;", n5, want_seven);
    static const int want_zero[] = {0};
    EXPECT_FORMS("nplurals=2; plural=2 + n * 2 > 13;", n5, want_zero);
    /* Left to right within one level: (n - 1) - 1 and (12 / 3) / 2. */
    static const int want_three[] = {3};
    EXPECT_FORMS("nplurals=6; plural=n - 1 - 1;", n5, want_three);
    static const int want_two[] = {2};
    EXPECT_FORMS("nplurals=6; plural=12 / 3 / 2;", n5, want_two);
    EXPECT_FORMS("nplurals=6; plural=n % 7 % 3;", n5, want_two);
    /* <= and >= are not < and > followed by garbage; ! and != differ. */
    static const uint64_t edge[] = {0, 4, 5, 6};
    static const int want_le[] = {1, 1, 1, 0};
    EXPECT_FORMS("nplurals=2; plural=n<=5;", edge, want_le);
    static const int want_ge[] = {0, 0, 1, 1};
    EXPECT_FORMS("nplurals=2; plural=n>=5;", edge, want_ge);
    static const int want_not[] = {1, 0, 0, 0};
    EXPECT_FORMS("nplurals=2; plural=!n;", edge, want_not);
    static const int want_ne[] = {0, 1, 1, 1};
    EXPECT_FORMS("nplurals=2; plural=n!=0;", edge, want_ne);
    /* Spaces anywhere, none at all. */
    static const uint64_t r[] = {1, 2, 5, 11, 21, 22};
    static const int want_r[] = {0, 1, 2, 2, 0, 1};
    EXPECT_FORMS("nplurals=3;plural=(n%10==1&&n%100!=11?0:n%10>=2&&n%10<=4&&(n%100<10||n%100>=20)?1:2);",
                 r, want_r);
    EXPECT_FORMS("  nplurals=3;   plural=( n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && "
                 "n % 10 <= 4 && ( n % 100 < 10 || n % 100 >= 20 ) ? 1 : 2 ) ;  ",
                 r, want_r);
}

TEST(plural_out_of_range_is_clamped) {
    static const uint64_t ns[] = {0, 1, 2, 9};
    static const int want[] = {0, 1, 1, 1};
    EXPECT_FORMS("nplurals=2; plural=n;", ns, want);
    /* Division by zero does not crash. */
    static const int want_div[] = {0, 0, 0, 0};
    EXPECT_FORMS("nplurals=2; plural=n / 0 + n % 0;", ns, want_div);
}

TEST(plural_deep_nesting) {
    /* 200 parentheses around n != 1. */
    char forms[600];
    size_t k = (size_t)snprintf(forms, sizeof forms, "nplurals=2; plural=");
    for (int i = 0; i < 200; i++) forms[k++] = '(';
    k += (size_t)snprintf(forms + k, sizeof forms - k, "n != 1");
    for (int i = 0; i < 200; i++) forms[k++] = ')';
    forms[k++] = ';';
    forms[k] = '\0';
    static const uint64_t ns[] = {1, 2};
    static const int want[] = {0, 1};
    expect_forms(forms, ns, want, 2, __LINE__);
}

TEST(plural_malformed_rules) {
    expect_bad_rule("plural=(n != 1);", __LINE__);                   /* no nplurals */
    expect_bad_rule("nplurals=2;", __LINE__);                        /* no plural */
    expect_bad_rule("", __LINE__);
    expect_bad_rule(NULL, __LINE__);
    expect_bad_rule("nplurals=0; plural=0;", __LINE__);
    expect_bad_rule("nplurals=9; plural=(n != 1);", __LINE__);
    expect_bad_rule("nplurals=7; plural=(n != 1);", __LINE__);
    expect_bad_rule("nplurals=-1; plural=0;", __LINE__);
    expect_bad_rule("nplurals=two; plural=(n != 1);", __LINE__);
    expect_bad_rule("nplurals=2; plural=(n != );", __LINE__);        /* bad expression */
    expect_bad_rule("nplurals=2; plural=n +* 1;", __LINE__);
    expect_bad_rule("nplurals=2; plural=;", __LINE__);
    expect_bad_rule("nplurals=2; plural=m != 1;", __LINE__);         /* unknown variable */
    expect_bad_rule("nplurals=2; plural=n = 1;", __LINE__);          /* assignment */
    expect_bad_rule("nplurals=2; plural=n & 1;", __LINE__);
    expect_bad_rule("nplurals=2; plural=n != 1 x;", __LINE__);       /* trailing text */
    expect_bad_rule("nplurals=2; plural=n == 1 ? 0;", __LINE__);     /* ?: without : */
    expect_bad_rule("nplurals=2; plural=n == 1 ? 0 : ;", __LINE__);
    expect_bad_rule("nplurals=2; plural=(n != 1;", __LINE__);        /* unbalanced */
    expect_bad_rule("nplurals=2; plural=n != 1);", __LINE__);
    expect_bad_rule("nplurals=2; plural=((n != 1);", __LINE__);
    expect_bad_rule("nplurals=2; plural=();", __LINE__);
    expect_bad_rule("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : (n%10>=2 ? 1 : 2);", __LINE__);
}

/* ---------------------------------------------------------- catalogues */

static bool load_builtin(void) {
    char err[512] = "";
    bool ok = i18n_load(NULL, err, sizeof err);
    check_report(ok, __FILE__, __LINE__, "i18n_load(NULL) succeeds", err);
    return ok;
}

TEST(i18n_builtin_translations) {
    if (!load_builtin()) return;
    CHECK_STR(i18n_translate("en", "Link copied", NULL, 1), "Link copied");
    CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Ссылка скопирована");
    CHECK_STR(i18n_translate("az", "Link copied", NULL, 1), "Keçid kopyalandı");
    CHECK_STR(i18n_translate("ru", "Views", NULL, 1), "Просмотры");
    CHECK_STR(i18n_translate("az", "Views", NULL, 1), "Baxış");
    CHECK_STR(i18n_translate("ru", "Copy link", NULL, 1), "Копировать ссылку");
    CHECK_STR(i18n_translate("az", "Night theme", NULL, 1), "Gecə rejimi");
    CHECK_STR(i18n_translate("ru", "What are you looking for?", NULL, 1), "Что вы ищете?");
    CHECK_STR(i18n_translate("az", "Page not found", NULL, 1), "Səhifə tapılmadı");
    CHECK_STR(i18n_translate("ru", "Loading…", NULL, 1), "Загрузка…");
    /* The count of a message without a plural changes nothing. */
    CHECK_STR(i18n_translate("ru", "Views", NULL, 5), "Просмотры");
    i18n_free();
}

TEST(i18n_builtin_plurals) {
    if (!load_builtin()) return;
    static const struct { const char *lang; int64_t n; const char *want; } cases[] = {
        {"ru", 1, "%d статья"},  {"ru", 2, "%d статьи"},   {"ru", 4, "%d статьи"},
        {"ru", 5, "%d статей"},  {"ru", 11, "%d статей"},  {"ru", 12, "%d статей"},
        {"ru", 21, "%d статья"}, {"ru", 22, "%d статьи"},  {"ru", 0, "%d статей"},
        {"ru", 111, "%d статей"}, {"ru", 101, "%d статья"}, {"ru", -1, "%d статья"},
        {"ru", -5, "%d статей"},
        {"en", 1, "%d article"}, {"en", 0, "%d articles"}, {"en", 2, "%d articles"},
        {"en", 21, "%d articles"},
        {"az", 1, "%d məqalə"},  {"az", 5, "%d məqalə"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = i18n_translate(cases[i].lang, "%d article", "%d articles", cases[i].n);
        char what[120], detail[300];
        snprintf(what, sizeof what, "%s \"%%d article\" n=%lld", cases[i].lang, (long long)cases[i].n);
        snprintf(detail, sizeof detail, "got \"%s\", want \"%s\"", got ? got : "(null)", cases[i].want);
        check_report(got && strcmp(got, cases[i].want) == 0, __FILE__, __LINE__, what, detail);
    }
    CHECK_STR(i18n_translate("ru", "%d result", "%d results", 3), "%d результата");
    CHECK_STR(i18n_translate("ru", "%d result", "%d results", 25), "%d результатов");
    CHECK_STR(i18n_translate("az", "More than %d result", "More than %d results", 100), "%d+ nəticə");
    i18n_free();
}

TEST(i18n_contexts) {
    if (!load_builtin()) return;
    CHECK_STR(i18n_translate_context("ru", "date", "February"), "февраля");
    CHECK_STR(i18n_translate_context("az", "date", "February"), "fevral");
    CHECK_STR(i18n_translate_context("en", "date", "February"), "February");
    static const char *const months[12] = {"January", "February", "March", "April", "May", "June",
                                           "July", "August", "September", "October", "November",
                                           "December"};
    static const char *const ru[12] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                       "июля", "августа", "сентября", "октября", "ноября",
                                       "декабря"};
    static const char *const az[12] = {"yanvar", "fevral", "mart", "aprel", "may", "iyun",
                                       "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"};
    for (int i = 0; i < 12; i++) {
        CHECK_STR(i18n_translate_context("ru", "date", months[i]), ru[i]);
        CHECK_STR(i18n_translate_context("az", "date", months[i]), az[i]);
        CHECK_STR(i18n_translate_context("en", "date", months[i]), months[i]);
    }
    /* A context is part of the key: the month without it, or under another
    ** context, is not the date's month. */
    CHECK_STR(i18n_translate("ru", "February", NULL, 1), "February");
    CHECK_STR(i18n_translate_context("ru", "calendar", "February"), "February");
    /* ...and a message without a context is not found under one. */
    CHECK_STR(i18n_translate_context("ru", "date", "Views"), "Views");
    i18n_free();
}

TEST(i18n_fallbacks) {
    if (!load_builtin()) return;
    /* An unknown message: the English text, singular or plural by English rules. */
    CHECK_STR(i18n_translate("ru", "No such message here", NULL, 1), "No such message here");
    CHECK_STR(i18n_translate("az", "%d widget", "%d widgets", 1), "%d widget");
    CHECK_STR(i18n_translate("ru", "%d widget", "%d widgets", 5), "%d widgets");
    CHECK_STR(i18n_translate("ru", "%d widget", "%d widgets", 2), "%d widgets");
    /* An unknown language. */
    CHECK_STR(i18n_translate("fr", "Link copied", NULL, 1), "Link copied");
    CHECK_STR(i18n_translate("", "Views", NULL, 1), "Views");
    CHECK_STR(i18n_translate("RU", "Views", NULL, 1), "Views");
    CHECK_STR(i18n_translate("fr", "%d article", "%d articles", 1), "%d article");
    CHECK_STR(i18n_translate("fr", "%d article", "%d articles", 3), "%d articles");
    CHECK_STR(i18n_translate_context("de", "date", "March"), "March");
    i18n_free();
    /* Nothing loaded (or freed): English. */
    CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Link copied");
    CHECK_STR(i18n_translate("ru", "%d article", "%d articles", 5), "%d articles");
    CHECK_STR(i18n_translate_context("ru", "date", "May"), "May");
    CHECK(!i18n_has("ru", NULL, "Link copied", NULL));
}

TEST(i18n_has_messages) {
    if (!load_builtin()) return;
    for (const char *const *l = (const char *const[]){"en", "ru", "az", NULL}; *l; l++) {
        CHECK(i18n_has(*l, NULL, "Link copied", NULL));
        CHECK(i18n_has(*l, NULL, "%d article", "%d articles"));
        CHECK(i18n_has(*l, "date", "February", NULL));
        CHECK(!i18n_has(*l, NULL, "No such message here", NULL));
        CHECK(!i18n_has(*l, NULL, "February", NULL));
        CHECK(!i18n_has(*l, "calendar", "February", NULL));
        /* A singular message asked for as a plural one is not translated. */
        CHECK(!i18n_has(*l, NULL, "Link copied", "Links copied"));
    }
    CHECK(!i18n_has("fr", NULL, "Link copied", NULL));
    CHECK(!i18n_has("", NULL, "Views", NULL));
    CHECK_STR(i18n_language_name("en"), "English");
    CHECK_STR(i18n_language_name("ru"), "Русский");
    CHECK_STR(i18n_language_name("az"), "Azərbaycanca");
    i18n_free();
}

/* ---------------------------------------------------- overriding files */

/* A folder for .po files; its files are removed by remove_dir(). */
static bool make_dir(char *dir, size_t size) {
    snprintf(dir, size, "/tmp/gazette-i18n-test-XXXXXX");
    return mkdtemp(dir) != NULL;
}

static bool write_po(const char *dir, const char *lang, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s.po", dir, lang);
    FILE *f = fopen(path, "w");
    if (!f) return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static void remove_dir(const char *dir) {
    static const char *const langs[] = {"en", "ru", "az"};
    char path[512];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s.po", dir, langs[i]);
        unlink(path);
    }
    rmdir(dir);
}

#define PO_HEADER(plural_forms)                                                             \
    "msgid \"\"\n"                                                                          \
    "msgstr \"\"\n"                                                                         \
    "\"Language: ru\\n\"\n"                                                                 \
    "\"MIME-Version: 1.0\\n\"\n"                                                            \
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"                                      \
    "\"Content-Transfer-Encoding: 8bit\\n\"\n"                                              \
    "\"Plural-Forms: " plural_forms "\\n\"\n\n"

static const char override_ru[] =
    "# A newsroom's own Russian wording.\n"
    PO_HEADER("nplurals=2; plural=(n != 1);")
    "msgid \"Link copied\"\n"
    "msgstr \"Готово, ссылка в буфере\"\n\n"
    "msgid \"%d article\"\n"
    "msgid_plural \"%d articles\"\n"
    "msgstr[0] \"%d материал\"\n"
    "msgstr[1] \"%d материалов\"\n\n"
    "msgctxt \"date\"\n"
    "msgid \"February\"\n"
    "msgstr \"февр.\"\n\n"
    "#, fuzzy\n"
    "msgid \"Copy link\"\n"
    "msgstr \"Черновой перевод\"\n\n"
    "msgid \"Print\"\n"
    "msgstr \"\"\n";

TEST(i18n_override_folder) {
    char dir[64], err[512] = "";
    if (!make_dir(dir, sizeof dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    CHECK(write_po(dir, "ru", override_ru));
    bool ok = i18n_load(dir, err, sizeof err);
    check_report(ok, __FILE__, __LINE__, "i18n_load(dir) with an overriding ru.po", err);
    if (ok) {
        /* The overriding file's texts and its own plural rule. */
        CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Готово, ссылка в буфере");
        CHECK_STR(i18n_translate("ru", "%d article", "%d articles", 1), "%d материал");
        CHECK_STR(i18n_translate("ru", "%d article", "%d articles", 2), "%d материалов");
        CHECK_STR(i18n_translate("ru", "%d article", "%d articles", 21), "%d материалов");
        CHECK_STR(i18n_translate_context("ru", "date", "February"), "февр.");
        /* It replaces the whole built-in catalogue: what it lacks is English. */
        CHECK_STR(i18n_translate("ru", "Views", NULL, 1), "Views");
        CHECK_STR(i18n_translate_context("ru", "date", "March"), "March");
        CHECK(!i18n_has("ru", NULL, "Views", NULL));
        /* Fuzzy and empty translations are not used. */
        CHECK_STR(i18n_translate("ru", "Copy link", NULL, 1), "Copy link");
        CHECK(!i18n_has("ru", NULL, "Copy link", NULL));
        CHECK_STR(i18n_translate("ru", "Print", NULL, 1), "Print");
        CHECK(!i18n_has("ru", NULL, "Print", NULL));
        CHECK(i18n_has("ru", NULL, "Link copied", NULL));
        CHECK(i18n_has("ru", NULL, "%d article", "%d articles"));
        /* The other languages keep their built-in catalogues. */
        CHECK_STR(i18n_translate("az", "Link copied", NULL, 1), "Keçid kopyalandı");
        CHECK_STR(i18n_translate("az", "Views", NULL, 1), "Baxış");
        CHECK_STR(i18n_translate("en", "%d article", "%d articles", 2), "%d articles");
        CHECK_STR(i18n_translate_context("az", "date", "March"), "mart");
    }
    i18n_free();
    /* Loading again without the folder brings the built-in text back. */
    if (load_builtin()) {
        CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Ссылка скопирована");
        CHECK_STR(i18n_translate("ru", "%d article", "%d articles", 21), "%d статья");
        i18n_free();
    }
    /* A folder with no catalogue in it changes nothing. */
    remove_dir(dir);
    CHECK(make_dir(dir, sizeof dir));
    ok = i18n_load(dir, err, sizeof err);
    check_report(ok, __FILE__, __LINE__, "i18n_load(empty dir)", err);
    if (ok) CHECK_STR(i18n_translate("ru", "Views", NULL, 1), "Просмотры");
    i18n_free();
    remove_dir(dir);
}

/* Expects i18n_load(dir) to fail with a message that names the file. */
static void expect_load_error(const char *lang, const char *text, const char *part, int line) {
    char dir[64], err[512] = "", path[600];
    if (!make_dir(dir, sizeof dir)) {
        check_report(0, __FILE__, line, "mkdtemp", NULL);
        return;
    }
    write_po(dir, lang, text);
    snprintf(path, sizeof path, "%s/%s.po", dir, lang);
    bool ok = i18n_load(dir, err, sizeof err);
    char what[200];
    snprintf(what, sizeof what, "i18n_load fails for a broken %s.po (%s)", lang, part ? part : "");
    check_report(!ok, __FILE__, line, what, NULL);
    check_report(strstr(err, path) != NULL, __FILE__, line, "the message names the file", err);
    if (part) check_report(strstr(err, part) != NULL, __FILE__, line, part, err);
    i18n_free();
    remove_dir(dir);
}

/* Runs fn in a child process. A catalogue that fails to parse leaves
** libgettextpo through a longjmp (see i18n.c), which strands its memory
** beyond what tests/lsan.supp can attribute; in a child that ends with
** _exit() LeakSanitizer does not run, so the rest of the suite still
** reports. The child's checks print as usual. */
static void run_isolated(void (*fn)(void), int line) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    bool ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0;
    char detail[128];
    snprintf(detail, sizeof detail, "the child stopped with status 0x%x (a sanitizer's report is on stderr)",
             status);
    check_report(ok, __FILE__, line, "the isolated checks ran to the end", detail);
}

static void broken_catalogues(void) {
    /* Not .po syntax. */
    expect_load_error("ru", PO_HEADER("nplurals=2; plural=(n != 1);")
                      "msgid \"Link copied\"\nmsgstr Ссылка\n", NULL, __LINE__);
    expect_load_error("az", PO_HEADER("nplurals=2; plural=(n != 1);")
                      "msgid \"Link copied\"\nmsgstr \"unterminated\n", NULL, __LINE__);
    expect_load_error("en", "this is not a catalogue at all\n", NULL, __LINE__);
    /* The same message twice. */
    expect_load_error("ru", PO_HEADER("nplurals=2; plural=(n != 1);")
                      "msgid \"Views\"\nmsgstr \"Просмотры\"\n\n"
                      "msgid \"Views\"\nmsgstr \"Просмотров\"\n", "duplicate", __LINE__);
    /* A Plural-Forms header that does not parse. */
    expect_load_error("ru", PO_HEADER("nplurals=3; plural=(n%10==1 ? 0 : );")
                      "msgid \"Views\"\nmsgstr \"Просмотры\"\n", "Plural-Forms", __LINE__);
    expect_load_error("ru", PO_HEADER("nplurals=9; plural=n;")
                      "msgid \"Views\"\nmsgstr \"Просмотры\"\n", "Plural-Forms", __LINE__);
    /* After failures (libgettextpo was left through longjmp) a load works. */
    if (load_builtin()) {
        CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Ссылка скопирована");
        CHECK_STR(i18n_translate("az", "%d article", "%d articles", 5), "%d məqalə");
        i18n_free();
    }
}

TEST(i18n_broken_catalogues) { run_isolated(broken_catalogues, __LINE__); }

static void failed_load_keeps_nothing(void) {
    /* A broken az.po after a good ru.po: the load fails as a whole, and
    ** every language answers in English rather than a mix. */
    char dir[64], err[512] = "";
    if (!make_dir(dir, sizeof dir)) return;
    write_po(dir, "ru", override_ru);
    write_po(dir, "az", "msgid \"x\"\nmsgstr\n");
    CHECK(!i18n_load(dir, err, sizeof err));
    check_report(strstr(err, "az.po") != NULL, __FILE__, __LINE__, "names az.po", err);
    CHECK_STR(i18n_translate("ru", "Link copied", NULL, 1), "Link copied");
    CHECK_STR(i18n_translate("en", "Views", NULL, 1), "Views");
    i18n_free();
    remove_dir(dir);
}

TEST(i18n_failed_load_keeps_nothing_half_loaded) {
    run_isolated(failed_load_keeps_nothing, __LINE__);
}

static int open_fds(void) {
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    while (readdir(d)) n++;
    closedir(d);
    return n;
}

static void failed_load_releases_files(void) {
    char dir[64], err[512] = "";
    if (!make_dir(dir, sizeof dir)) return;
    write_po(dir, "ru", PO_HEADER("nplurals=2; plural=(n != 1);") "msgid \"Views\"\nmsgstr Вид\n");
    write_po(dir, "az", PO_HEADER("nplurals=2; plural=(n != 1);")
             "msgid \"Views\"\nmsgstr \"a\"\n\nmsgid \"Views\"\nmsgstr \"b\"\n");
    int before = open_fds();
    for (int i = 0; i < 5; i++) {
        CHECK(!i18n_load(dir, err, sizeof err));
        i18n_free();
    }
    /* ru.po fails first each time; now az.po alone. */
    char path[600];
    snprintf(path, sizeof path, "%s/ru.po", dir);
    unlink(path);
    for (int i = 0; i < 5; i++) {
        CHECK(!i18n_load(dir, err, sizeof err));
        i18n_free();
    }
    /* A catalogue that failed to parse must not keep its file open. */
    CHECK_INT(open_fds(), before);
    remove_dir(dir);
}

TEST(i18n_failed_load_releases_files) { run_isolated(failed_load_releases_files, __LINE__); }

static void extreme_counts(void) {
    if (!load_builtin()) return;
    /* |INT64_MIN| ends in 8: the Russian "many" form. The count's sign must
    ** not be taken by negating a signed INT64_MIN (undefined behaviour,
    ** which UBSan stops here). */
    CHECK_STR(i18n_translate("ru", "%d article", "%d articles", INT64_MIN), "%d статей");
    CHECK_STR(i18n_translate("ru", "%d article", "%d articles", INT64_MAX), "%d статей");
    CHECK_STR(i18n_translate("en", "%d article", "%d articles", INT64_MIN), "%d articles");
    i18n_free();
}

TEST(i18n_extreme_counts) { run_isolated(extreme_counts, __LINE__); }

static void other_charsets(void) {
    /* A catalogue in KOI8-R ("Просмотры" in that encoding). Pages are
    ** UTF-8: its text must arrive converted, or the load must fail and
    ** say so; never raw KOI8-R bytes in a UTF-8 page. */
    static const char koi8r[] =
        "msgid \"\"\n"
        "msgstr \"\"\n"
        "\"Content-Type: text/plain; charset=KOI8-R\\n\"\n"
        "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
        "msgid \"Views\"\n"
        "msgstr \"\xf0\xd2\xcf\xd3\xcd\xcf\xd4\xd2\xd9\"\n";
    char dir[64], err[512] = "";
    if (!make_dir(dir, sizeof dir)) return;
    write_po(dir, "ru", koi8r);
    bool ok = i18n_load(dir, err, sizeof err);
    if (ok) {
        const char *views = i18n_translate("ru", "Views", NULL, 1);
        char hex[80] = "got bytes";
        for (size_t i = 0; views[i] && i < 12; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), " %02x", (unsigned char)views[i]);
        check_report(utf8_valid(views, strlen(views)) && strcmp(views, "Просмотры") == 0, __FILE__,
                     __LINE__, "a KOI8-R catalogue's text arrives as UTF-8 \"Просмотры\"", hex);
    } else {
        check_report(strstr(err, "ru.po") != NULL, __FILE__, __LINE__,
                     "a refused KOI8-R catalogue is named", err);
    }
    i18n_free();
    remove_dir(dir);
}

TEST(i18n_catalogue_in_another_charset) { run_isolated(other_charsets, __LINE__); }
