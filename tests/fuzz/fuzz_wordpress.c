/*
** Fuzz target: WordPress exports (src/newsroom/wordpress/): the export
** reader (wxr.c) and post bodies as Markdown (body.c, shortcodes.c,
** autop.c). Input: first byte even, the rest is a post's content, turned
** into Markdown and rendered by Gazette's Markdown renderer; odd, the rest
** is an export file, read, each item's content converted the same way.
** Checks beyond crashes: the Markdown renders, and the HTML a reader
** would get has no <script>, <style>, <iframe> or <form> element and no
** on* handler from the post (bodies are never passed through raw); and
** each item's title and link read as the import reads them (text.c).
*/
#include "common.h"

#include "newsroom/wordpress/body.h"
#include "newsroom/wordpress/text.h"
#include "newsroom/wordpress/wxr.h"
#include "core/text.h"
#include "render/markdown.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Images keep their address; galleries are empty. */
static const char *keep_image(void *ctx, arena *a, const char *url) {
    (void)ctx;
    return arena_strdup(a, url);
}

static const wp_body_env env = {"https://old.example.com", keep_image, NULL, NULL};

/* True when html has the element name opened ("<name" then a space, > or /). */
static bool has_element(const char *html, const char *name) {
    size_t n = strlen(name);
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<'))
        if (strncasecmp(p + 1, name, n) == 0 && (p[1 + n] == ' ' || p[1 + n] == '>' || p[1 + n] == '/')) return true;
    return false;
}

/* True when a tag of html has an attribute starting with "on". */
static bool has_handler(const char *html) {
    bool in_tag = false, quoted = false;
    char quote = 0;
    for (const char *p = html; *p; p++) {
        if (!in_tag) {
            if (*p == '<') in_tag = true;
            continue;
        }
        if (quoted) {
            if (*p == quote) quoted = false;
            continue;
        }
        if (*p == '"' || *p == '\'') {
            quoted = true;
            quote = *p;
        } else if (*p == '>') in_tag = false;
        else if (isspace((unsigned char)p[0]) && strncasecmp(p + 1, "on", 2) == 0 && isalpha((unsigned char)p[3]))
            return true;
    }
    return false;
}

/* Converts content, renders it and checks what a reader would get. */
static void check_body(const char *content) {
    arena *a = arena_new();
    wp_report r;
    wp_report_init(&r, a);
    const char *md = wp_body_to_markdown(a, content, &env, &r);
    FUZZ_ASSERT(md != NULL);
    char *html = markdown_to_html(md, strlen(md));
    if (html) {
        FUZZ_ASSERT(!has_element(html, "script") && !has_element(html, "style") && !has_element(html, "iframe") &&
                    !has_element(html, "form"));
        FUZZ_ASSERT(!has_handler(html));
        free(html);
    }
    arena_free(a);
}

/* A title, an excerpt, an address as the import reads them: text without
** markup on one line, first words within their bound, a path or nothing. */
static void check_strings(arena *a, const char *title, const char *link) {
    const char *text = wp_html_text(a, title);
    FUZZ_ASSERT(text && !strchr(text, '\n')); /* (a '<' may be its text: &lt;) */
    const char *words = wp_first_words(a, text, 80);
    FUZZ_ASSERT(words && utf8_length(words) <= 81 && !strchr(words, '\n'));
    const char *path = wp_url_path(a, link, 1024);
    FUZZ_ASSERT(!path || (path[0] == '/' && path[1] != '/' && strlen(path) <= 1024));
}

static bool on_item(void *ctx, arena *a, const wxr_item *it) {
    (void)ctx;
    FUZZ_ASSERT(it->content && it->title && it->type && it->status);
    check_strings(a, it->title, it->link);
    if (strlen(it->content) <= 65536) check_body(it->content);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    if ((data[0] & 1) == 0) {
        char *content = fuzz_cstr(data + 1, size - 1);
        check_body(content);
        free(content);
        return 0;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/export.xml", fuzz_scratch_dir());
    FUZZ_ASSERT(fuzz_write_file(path, data + 1, size - 1));
    wxr_handler h = {NULL, NULL, NULL, on_item, NULL};
    wxr_result r;
    (void)wxr_read(path, &h, &r);
    FUZZ_ASSERT(r.status != WXR_OK || r.items >= 0);
    return 0;
}
