/*
** Fuzz target: the template language (src/render/template.c). The input is
** one or more template sources separated by a line "%%" (named t0, t1, ...,
** so "{{> t1}}" includes the second; the theme's partials card, feed_more
** and icons are there too); each is parsed, the set is linked, and
** every template is rendered with a context that has text, HTML, numbers,
** booleans, nested objects and lists, and a translation hook. Checks that a
** refusal says where, and that no text value comes out unescaped (every
** text value of the context has < > " and ').
*/
#include "common.h"

#include "core/embedded.h"
#include "render/template.h"
#include "render/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEMPLATES 8

/* A translation hook that marks what it translated, with the plural. */
static const char *translate(void *user, const char *msgid, const char *msgid_plural, int64_t n) {
    arena *a = user;
    return arena_printf(a, "[%s|%s|%lld]", msgid, msgid_plural ? msgid_plural : "", (long long)n);
}

/* The root context: every kind of value, under names the seeds use. */
static tv *make_context(arena *a) {
    tv *root = tv_object(a);
    tv_set_text(root, "title", "<script>alert(1)</script> & \"quotes\" 'too'");
    tv_set_html(root, "body", "trusted HTML &amp; no markup");
    tv_set_int(root, "count", 5);
    tv_set_int(root, "one", 1);
    tv_set_int(root, "zero", 0);
    tv_set_int(root, "negative", -3);
    tv_set_bool(root, "yes", true);
    tv_set_bool(root, "no", false);
    tv_set_text(root, "empty", "");
    tv *page = tv_object(a);
    tv_set_text(page, "lang", "en");
    tv_set_text(page, "url", "/en/<x>/");
    tv_set(root, "page", page);
    tv *articles = tv_list(a);
    for (int i = 0; i < 3; i++) {
        tv *item = tv_object(a);
        tv_set_text(item, "title", i == 1 ? "<b>bold</b>" : "Ferry");
        tv_set_int(item, "views", i * 7);
        tv_set_bool(item, "featured", i == 0);
        tv *tags = tv_list(a);
        for (int k = 0; k < i; k++) tv_push(tags, tv_text(a, "tag<"));
        tv_set(item, "tags", tags);
        tv_set(item, "page", page);
        tv_push(articles, item);
    }
    tv_set(root, "articles", articles);
    tv_set(root, "none", tv_list(a));
    tv *words = tv_list(a);
    tv_push(words, tv_text(a, "a<b"));
    tv_push(words, tv_int(a, 2));
    tv_push(words, tv_bool(a, true));
    tv_set(root, "words", words);
    return root;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *src = fuzz_cstr(data, size);
    bool plain = memchr(data, '<', size) == NULL && memchr(data, '>', size) == NULL &&
                 memchr(data, '"', size) == NULL && memchr(data, '\'', size) == NULL;
    arena *a = arena_new();
    template_set *set = template_set_new();
    char err[256], names[MAX_TEMPLATES][8];
    static const char *const partials[] = {"card", "feed_more", "icons"};
    for (size_t i = 0; i < sizeof partials / sizeof partials[0]; i++) {
        char file[128];
        snprintf(file, sizeof file, "themes/default/templates/%s.html", partials[i]);
        const embedded_file *f = embedded_find(file);
        FUZZ_ASSERT(f && template_set_add(set, partials[i], (const char *)f->data, f->size, err, sizeof err));
    }
    bool ok = true;
    int count = 0;
    const char *p = src, *end = src + size;
    while (ok && count < MAX_TEMPLATES) {
        const char *sep = NULL;
        for (const char *q = p; q + 4 <= end; q++)
            if (memcmp(q, "\n%%\n", 4) == 0) {
                sep = q;
                break;
            }
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        snprintf(names[count], sizeof names[count], "t%d", count);
        err[0] = '\0';
        ok = template_set_add(set, names[count], p, len, err, sizeof err);
        if (!ok) FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof err));
        count++;
        if (!sep) break;
        p = sep + 4;
    }
    if (ok) {
        err[0] = '\0';
        ok = template_set_link(set, err, sizeof err);
        if (!ok) FUZZ_ASSERT(err[0] != '\0');
    }
    if (ok) {
        tv *ctx = make_context(a);
        template_env env = {translate, a};
        for (int i = 0; i < count; i++) {
            const template *t = template_set_get(set, names[i]);
            FUZZ_ASSERT(t != NULL);
            buf out;
            buf_init(&out, a);
            template_render(t, ctx, i % 2 ? NULL : &env, &out);
            /* Text values are escaped wherever they land: when the
            ** templates themselves have none of < > " ', neither has
            ** what they make (the one HTML value has none either). */
            if (out.data && plain) FUZZ_ASSERT(strpbrk(out.data, "<>\"'") == NULL);
        }
    }
    template_set_free(set);
    arena_free(a);
    free(src);
    return 0;
}
