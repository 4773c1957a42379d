/* Templates: values, sections, partials, interface text and parse errors. */
#include "check.h"

#include "render/template.h"
#include "render/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Compiles one template (named "t" unless given) and renders it with ctx. */
static char *render_with(arena *a, const char *src, const tv *ctx, const template_env *env) {
    template_set *set = template_set_new();
    char err[256] = "";
    char *result = NULL;
    if (template_set_add(set, "t", src, strlen(src), err, sizeof err) &&
        template_set_link(set, err, sizeof err)) {
        buf b;
        buf_init(&b, a);
        buf_puts(&b, "");
        template_render(template_set_get(set, "t"), ctx, env, &b);
        result = b.data;
    } else {
        result = arena_printf(a, "PARSE ERROR: %s", err);
    }
    template_set_free(set);
    return result;
}

static char *render(arena *a, const char *src, const tv *ctx) {
    return render_with(a, src, ctx, NULL);
}

/* Adds src under name and returns whether it parsed; err gets the message. */
static bool add_fails(const char *name, const char *src, char *err, size_t errlen) {
    template_set *set = template_set_new();
    err[0] = '\0';
    bool ok = template_set_add(set, name, src, strlen(src), err, errlen);
    template_set_free(set);
    return !ok;
}

TEST(template_text_and_variables) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "title", "Ferry news");
    tv_set_int(ctx, "count", -42);
    tv_set_bool(ctx, "yes", true);
    tv_set_bool(ctx, "no", false);
    CHECK_STR(render(a, "plain text only", ctx), "plain text only");
    CHECK_STR(render(a, "<h1>{{title}}</h1>", ctx), "<h1>Ferry news</h1>");
    CHECK_STR(render(a, "<h1>{{ title }}</h1>", ctx), "<h1>Ferry news</h1>");
    CHECK_STR(render(a, "{{count}}", ctx), "-42");
    CHECK_STR(render(a, "[{{yes}}][{{no}}]", ctx), "[true][]");
    CHECK_STR(render(a, "", ctx), "");
    arena_free(a);
}

TEST(template_text_is_escaped) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "evil", "<script>alert(\"x\")</script>");
    tv_set_text(ctx, "attr", "\" onmouseover=\"x");
    CHECK_STR(render(a, "<p>{{evil}}</p>", ctx),
              "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
    CHECK_STR(render(a, "<a title=\"{{attr}}\">", ctx),
              "<a title=\"&quot; onmouseover=&quot;x\">");
    arena_free(a);
}

TEST(template_html_value_printed_raw) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_html(ctx, "body", "<p>Hello <em>world</em></p>");
    tv_set_text(ctx, "text", "<p>Hello</p>");
    CHECK_STR(render(a, "{{body}}", ctx), "<p>Hello <em>world</em></p>");
    CHECK_STR(render(a, "{{text}}", ctx), "&lt;p&gt;Hello&lt;/p&gt;");
    arena_free(a);
}

TEST(template_no_unescaped_syntax) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "evil", "<b>");
    /* Mustache's triple braces and {{& }} do not exist here: they are errors,
    ** never raw output. */
    char *triple = render(a, "{{{evil}}}", ctx);
    CHECK(strstr(triple, "<b>") == NULL);
    char *amp = render(a, "{{&evil}}", ctx);
    CHECK(strstr(amp, "<b>") == NULL);
    CHECK(strncmp(amp, "PARSE ERROR", 11) == 0);
    CHECK(strncmp(triple, "PARSE ERROR", 11) == 0);
    arena_free(a);
}

TEST(template_dotted_paths) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv *article = tv_object(a);
    tv *author = tv_object(a);
    tv_set_text(author, "name", "Leyla");
    tv_set(article, "author", author);
    tv_set_text(article, "title", "Bridge");
    tv_set(ctx, "article", article);
    CHECK_STR(render(a, "{{article.title}} by {{article.author.name}}", ctx), "Bridge by Leyla");
    CHECK_STR(render(a, "[{{article.missing}}][{{article.author.name.more}}]", ctx), "[][]");
    CHECK_STR(render(a, "[{{nothing.at.all}}]", ctx), "[]");
    arena_free(a);
}

TEST(template_lookup_miss_prints_nothing) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    CHECK_STR(render(a, "a{{missing}}b", ctx), "ab");
    CHECK_STR(render(a, "a{{#missing}}X{{/missing}}b", ctx), "ab");
    CHECK_STR(render(a, "a{{^missing}}X{{/missing}}b", ctx), "aXb");
    /* Lists and objects have no text form. */
    tv_set(ctx, "list", tv_list(a));
    tv_set(ctx, "obj", tv_object(a));
    CHECK_STR(render(a, "[{{list}}][{{obj}}]", ctx), "[][]");
    arena_free(a);
}

TEST(template_section_over_list) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv *items = tv_list(a);
    const char *titles[] = {"One", "Two & Three", "Four"};
    for (int i = 0; i < 3; i++) {
        tv *o = tv_object(a);
        tv_set_text(o, "title", titles[i]);
        tv_set_int(o, "n", i + 1);
        tv_push(items, o);
    }
    tv_set(ctx, "items", items);
    tv_set_text(ctx, "site", "Gazette");
    CHECK_STR(render(a, "<ul>{{#items}}<li>{{n}}. {{title}} ({{site}})</li>{{/items}}</ul>", ctx),
              "<ul><li>1. One (Gazette)</li><li>2. Two &amp; Three (Gazette)</li>"
              "<li>3. Four (Gazette)</li></ul>");
    /* A list of scalars with {{.}}. */
    tv *tags = tv_list(a);
    tv_push(tags, tv_text(a, "ferries"));
    tv_push(tags, tv_text(a, "<port>"));
    tv_set(ctx, "tags", tags);
    CHECK_STR(render(a, "{{#tags}}[{{.}}]{{/tags}}", ctx), "[ferries][&lt;port&gt;]");
    arena_free(a);
}

TEST(template_section_over_object_and_booleans) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv *author = tv_object(a);
    tv_set_text(author, "name", "Leyla");
    tv_set(ctx, "author", author);
    tv_set_text(ctx, "name", "Outer");
    tv_set_bool(ctx, "on", true);
    tv_set_bool(ctx, "off", false);
    tv_set_int(ctx, "zero", 0);
    tv_set_int(ctx, "five", 5);
    tv_set_text(ctx, "empty", "");
    CHECK_STR(render(a, "{{#author}}by {{name}}{{/author}} {{name}}", ctx), "by Leyla Outer");
    CHECK_STR(render(a, "{{#on}}yes{{/on}}{{#off}}no{{/off}}", ctx), "yes");
    CHECK_STR(render(a, "{{#zero}}Z{{/zero}}{{#five}}F{{/five}}", ctx), "F");
    CHECK_STR(render(a, "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", ctx), "e");
    /* Nested sections see outer names. */
    CHECK_STR(render(a, "{{#on}}{{#author}}{{name}}/{{five}}{{/author}}{{/on}}", ctx), "Leyla/5");
    arena_free(a);
}

TEST(template_inverted_sections) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_bool(ctx, "on", true);
    tv_set_bool(ctx, "off", false);
    tv *full = tv_list(a);
    tv_push(full, tv_int(a, 1));
    tv_set(ctx, "full", full);
    tv_set(ctx, "empty", tv_list(a));
    CHECK_STR(render(a, "{{^on}}A{{/on}}{{^off}}B{{/off}}", ctx), "B");
    CHECK_STR(render(a, "{{^full}}none{{/full}}", ctx), "");
    CHECK_STR(render(a, "{{^empty}}No articles yet{{/empty}}", ctx), "No articles yet");
    arena_free(a);
}

TEST(template_empty_list_is_falsy) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set(ctx, "articles", tv_list(a));
    CHECK_STR(render(a, "{{#articles}}<ul>{{/articles}}|", ctx), "|");
    CHECK(!tv_truthy(tv_get(ctx, "articles")));
    CHECK(!tv_truthy(NULL));
    CHECK(!tv_truthy(tv_text(a, "")));
    CHECK(tv_truthy(tv_text(a, "x")));
    CHECK(!tv_truthy(tv_int(a, 0)));
    CHECK(tv_truthy(tv_object(a)));
    arena_free(a);
}

TEST(template_values_api) {
    arena *a = arena_new();
    tv *o = tv_object(a);
    tv_set_text(o, "k", "first");
    tv_set_text(o, "k", "second"); /* replaces */
    CHECK_STR(tv_get(o, "k")->as.text, "second");
    CHECK_INT(o->as.items.count, 1);
    CHECK(tv_get(o, "none") == NULL);
    CHECK(tv_get(NULL, "k") == NULL);
    /* Many keys and items force growth. */
    static char keys[40][16];
    tv *list = tv_list(a);
    for (int i = 0; i < 40; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        tv_set_int(o, keys[i], i);
        tv_push(list, tv_int(a, i * 2));
    }
    CHECK_INT(tv_get(o, "k0")->as.number, 0);
    CHECK_INT(tv_get(o, "k39")->as.number, 39);
    CHECK_INT(list->as.items.count, 40);
    CHECK_INT(list->as.items.items[39]->as.number, 78);
    CHECK_STR(tv_get(o, "k")->as.text, "second");
    arena_free(a);
}

TEST(template_partials) {
    arena *a = arena_new();
    template_set *set = template_set_new();
    char err[256] = "";
    const char *page = "<main>{{> header}}{{#items}}{{> item}}{{/items}}</main>";
    const char *header = "<h1>{{title}}</h1>";
    const char *item = "<li>{{name}}</li>";
    /* A partial may be added after the template that uses it. */
    CHECK(template_set_add(set, "page", page, strlen(page), err, sizeof err));
    CHECK(template_set_add(set, "header", header, strlen(header), err, sizeof err));
    CHECK(template_set_add(set, "item", item, strlen(item), err, sizeof err));
    CHECK(template_set_link(set, err, sizeof err));
    CHECK(template_set_get(set, "nope") == NULL);
    const template *t = template_set_get(set, "page");
    CHECK(t != NULL);
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "title", "News & views");
    tv *items = tv_list(a);
    tv *x = tv_object(a);
    tv_set_text(x, "name", "x");
    tv_push(items, x);
    tv *y = tv_object(a);
    tv_set_text(y, "name", "<y>");
    tv_push(items, y);
    tv_set(ctx, "items", items);
    buf b;
    buf_init(&b, a);
    if (t) template_render(t, ctx, NULL, &b);
    CHECK_STR(b.data, "<main><h1>News &amp; views</h1><li>x</li><li>&lt;y&gt;</li></main>");
    template_set_free(set);
    arena_free(a);
}

TEST(template_source_is_copied) {
    arena *a = arena_new();
    template_set *set = template_set_new();
    char err[256];
    char src[] = "Hi {{name}}!";
    CHECK(template_set_add(set, "t", src, strlen(src), err, sizeof err));
    CHECK(template_set_link(set, err, sizeof err));
    memset(src, 'X', strlen(src)); /* the set must not point into the caller's text */
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "name", "Ali");
    buf b;
    buf_init(&b, a);
    template_render(template_set_get(set, "t"), ctx, NULL, &b);
    CHECK_STR(b.data, "Hi Ali!");
    template_set_free(set);
    arena_free(a);
}

/* A translator that marks what it saw, to prove the hook is used. */
static const char *fake_translate(void *user, const char *msgid, const char *msgid_plural,
                                  int64_t n) {
    arena *a = user;
    if (strcmp(msgid, "Link copied") == 0) return "Ссылка скопирована";
    if (strcmp(msgid, "Danger") == 0) return "<b>Опасно</b>";
    if (msgid_plural && strcmp(msgid, "%d article") == 0)
        return n == 1 ? "%d статья" : "%d статей";
    return arena_printf(a, "?%s", msgid);
}

TEST(template_translate_calls_env) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    template_env env = {fake_translate, a};
    CHECK_STR(render_with(a, "<p>{{_ Link copied}}</p>", ctx, &env), "<p>Ссылка скопирована</p>");
    CHECK_STR(render_with(a, "{{_ Other text}}", ctx, &env), "?Other text");
    /* Translations are text: they are escaped too. */
    CHECK_STR(render_with(a, "{{_ Danger}}", ctx, &env), "&lt;b&gt;Опасно&lt;/b&gt;");
    /* Without env the text stays as written. */
    CHECK_STR(render(a, "{{_ Link copied}}", ctx), "Link copied");
    CHECK_STR(render(a, "{{_ Fish & chips}}", ctx), "Fish &amp; chips");
    arena_free(a);
}

TEST(template_plurals) {
    arena *a = arena_new();
    tv *one = tv_object(a);
    tv_set_int(one, "count", 1);
    tv *five = tv_object(a);
    tv_set_int(five, "count", 5);
    const char *src = "{{_n count|%d article|%d articles}}";
    CHECK_STR(render(a, src, one), "1 article");
    CHECK_STR(render(a, src, five), "5 articles");
    tv *zero = tv_object(a);
    tv_set_int(zero, "count", 0);
    CHECK_STR(render(a, src, zero), "0 articles");
    /* Through the translator. */
    template_env env = {fake_translate, a};
    CHECK_STR(render_with(a, src, one, &env), "1 статья");
    CHECK_STR(render_with(a, src, five, &env), "5 статей");
    /* A dotted count path and a form without %d. */
    tv *ctx = tv_object(a);
    tv *stats = tv_object(a);
    tv_set_int(stats, "views", 1);
    tv_set(ctx, "stats", stats);
    CHECK_STR(render(a, "{{_n stats.views|one view|%d views}}", ctx), "one view");
    tv_set_int(stats, "views", 12);
    CHECK_STR(render(a, "{{_n stats.views|one view|%d views}}", ctx), "12 views");
    arena_free(a);
}

TEST(template_comments) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv_set_text(ctx, "x", "X");
    CHECK_STR(render(a, "a{{! a comment with <b>markup</b> & x }}b", ctx), "ab");
    CHECK_STR(render(a, "a{{! comment }}{{x}}b", ctx), "aXb");
    CHECK_STR(render(a, "{{!\nmulti\nline\n}}done", ctx), "done");
    arena_free(a);
}

TEST(template_parse_error_unclosed_section) {
    char err[256];
    CHECK(add_fails("home.html", "<ul>{{#items}}<li>{{name}}</li>", err, sizeof err));
    CHECK(strstr(err, "home.html") != NULL);
    CHECK(strstr(err, "items") != NULL);
}

TEST(template_parse_error_wrong_closing_name) {
    char err[256];
    CHECK(add_fails("article.html", "line one\n{{#a}}{{#b}}x{{/a}}{{/b}}", err, sizeof err));
    CHECK(strstr(err, "article.html") != NULL);
    CHECK(strstr(err, "article.html:2") != NULL); /* the line of the bad tag */
    char err2[256];
    CHECK(add_fails("stray.html", "x{{/never}}", err2, sizeof err2));
    CHECK(strstr(err2, "stray.html") != NULL);
}

TEST(template_parse_error_unclosed_tag) {
    char err[256];
    CHECK(add_fails("base.html", "<title>{{title</title>", err, sizeof err));
    CHECK(strstr(err, "base.html") != NULL);
    CHECK(strstr(err, "{{") != NULL);
    char err2[256];
    CHECK(add_fails("empty.html", "a {{ }} b", err2, sizeof err2));
    CHECK(strstr(err2, "empty.html") != NULL);
    char err3[256];
    CHECK(add_fails("bad.html", "{{na-me}}", err3, sizeof err3));
    CHECK(strstr(err3, "bad.html") != NULL);
    char err4[256];
    CHECK(add_fails("plural.html", "{{_n count|only one}}", err4, sizeof err4));
    CHECK(strstr(err4, "plural.html") != NULL);
    char err5[256];
    CHECK(add_fails("dots.html", "{{a..b}}", err5, sizeof err5));
    CHECK(strstr(err5, "dots.html") != NULL);
}

TEST(template_unknown_partial_at_link) {
    template_set *set = template_set_new();
    char err[256] = "";
    const char *src = "<body>{{> footer}}</body>";
    CHECK(template_set_add(set, "layout.html", src, strlen(src), err, sizeof err));
    CHECK(!template_set_link(set, err, sizeof err));
    CHECK(strstr(err, "layout.html") != NULL);
    CHECK(strstr(err, "footer") != NULL);
    template_set_free(set);
}

TEST(template_partial_inside_section_unknown) {
    template_set *set = template_set_new();
    char err[256] = "";
    const char *src = "{{#items}}{{> missing_item}}{{/items}}";
    CHECK(template_set_add(set, "list.html", src, strlen(src), err, sizeof err));
    CHECK(!template_set_link(set, err, sizeof err));
    CHECK(strstr(err, "list.html") != NULL);
    CHECK(strstr(err, "missing_item") != NULL);
    template_set_free(set);
}

TEST(template_recursive_partial_terminates) {
    arena *a = arena_new();
    template_set *set = template_set_new();
    char err[256] = "";
    const char *src = "x{{> loop}}";
    CHECK(template_set_add(set, "loop", src, strlen(src), err, sizeof err));
    CHECK(template_set_link(set, err, sizeof err));
    buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    template_render(template_set_get(set, "loop"), tv_object(a), NULL, &b);
    CHECK(b.len >= 2 && b.len <= 64);
    int only_x = 1;
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] != 'x') only_x = 0;
    CHECK(only_x);
    template_set_free(set);
    arena_free(a);
}

TEST(template_sections_nested_too_deeply) {
    char src[2048], err[256];
    size_t n = 0;
    for (int i = 0; i < 40; i++) n += (size_t)snprintf(src + n, sizeof src - n, "{{#s%d}}", i);
    for (int i = 39; i >= 0; i--) n += (size_t)snprintf(src + n, sizeof src - n, "{{/s%d}}", i);
    CHECK(add_fails("deep.html", src, err, sizeof err));
    CHECK(strstr(err, "deep.html") != NULL);
    /* Ten levels are fine and render. */
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    n = 0;
    for (int i = 0; i < 10; i++) n += (size_t)snprintf(src + n, sizeof src - n, "{{#on}}");
    n += (size_t)snprintf(src + n, sizeof src - n, "deep");
    for (int i = 0; i < 10; i++) n += (size_t)snprintf(src + n, sizeof src - n, "{{/on}}");
    tv_set_bool(ctx, "on", true);
    CHECK_STR(render(a, src, ctx), "deep");
    arena_free(a);
}

/* Found by the template fuzz target: a partial that includes itself twice
** rendered 2^32 times (the depth was bounded, the breadth was not). The
** work of one render is bounded; here sections over a list of 10 items
** nested 7 deep would visit ten million nodes. */
TEST(template_render_work_is_bounded) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv *list = tv_list(a);
    for (int i = 0; i < 10; i++) tv_push(list, tv_int(a, i));
    tv_set(ctx, "l", list);
    char src[512];
    size_t n = 0;
    for (int i = 0; i < 7; i++) n += (size_t)snprintf(src + n, sizeof src - n, "{{#l}}");
    n += (size_t)snprintf(src + n, sizeof src - n, "x");
    for (int i = 0; i < 7; i++) n += (size_t)snprintf(src + n, sizeof src - n, "{{/l}}");
    char *out = render(a, src, ctx);
    CHECK(out != NULL && strlen(out) > 0);
    CHECK(out && strlen(out) <= TEMPLATE_MAX_RENDER_NODES);
    /* A page's worth of repetition renders whole: 10 x 10 x 10. */
    CHECK_INT(strlen(render(a, "{{#l}}{{#l}}{{#l}}x{{/l}}{{/l}}{{/l}}", ctx)), 1000);
    arena_free(a);
}

/* The same for the bytes one render writes: 2,000 bytes of text repeated
** 10,000 times would write 20 MB. */
TEST(template_render_output_is_bounded) {
    arena *a = arena_new();
    tv *ctx = tv_object(a);
    tv *list = tv_list(a);
    for (int i = 0; i < 10; i++) tv_push(list, tv_int(a, i));
    tv_set(ctx, "l", list);
    char *src = arena_alloc(a, 2200);
    size_t n = (size_t)snprintf(src, 2200, "{{#l}}{{#l}}{{#l}}{{#l}}");
    memset(src + n, 'x', 2000);
    n += 2000;
    snprintf(src + n, 2200 - n, "{{/l}}{{/l}}{{/l}}{{/l}}");
    char *out = render(a, src, ctx);
    CHECK(out != NULL && strlen(out) >= 2000);
    CHECK(out && strlen(out) <= TEMPLATE_MAX_RENDER_BYTES + 2000);
    arena_free(a);
}
