/*
** The demo site's static pages (About us, Contacts, Advertising, Privacy
** policy, Editorial policy), compiled in from demo/pages/{lang}/NAME.md: a
** front matter of title, slug, description and menu_position, then the
** Markdown. Each is saved published, through the writer the newsroom's
** Pages use (static_pages.h), for the editions the site runs. A page the
** edition already has at that slug is brought to the demo's text (as a
** re-imported article is), and left alone when it has it already: loading
** the demo again adds nothing and changes nothing.
*/
#include "demo.h"
#include "static_pages.h"
#include "../core/embedded.h"
#include "../core/text.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define DEMO_PAGES "demo/pages/"

/* Who the demo's saves are by, in the audit log and the pages' updated_by. */
static const actor demo_actor = {.id = "system", .name = "Demo", .role = ROLE_ADMIN, .address = ""};

bool demo_page_edition(const char *name, char code[8]) {
    if (!starts_with(name, DEMO_PAGES)) return false;
    const char *lang = name + strlen(DEMO_PAGES), *slash = strchr(lang, '/');
    size_t n = strlen(name);
    if (!slash || slash == lang || slash - lang > 7 || n < 3 || strcmp(name + n - 3, ".md") != 0) return false;
    memcpy(code, lang, (size_t)(slash - lang));
    code[slash - lang] = '\0';
    return true;
}

/* Reads the front matter's mapping (yaml, len bytes) into page (strings in
** a). False with err when it is not one of title, slug, description and
** menu_position as texts. */
static bool read_front(arena *a, const char *yaml, size_t len, static_page *page, char *err, size_t errlen) {
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errlen, "front matter: cannot start the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "front matter: YAML error at line %zu: %s", parser.problem_mark.line + 2,
                 parser.problem ? parser.problem : "?");
        yaml_parser_delete(&parser);
        return false;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    bool ok = root && root->type == YAML_MAPPING_NODE;
    if (!ok) snprintf(err, errlen, "front matter: must be a mapping of fields");
    for (yaml_node_pair_t *p = ok ? root->data.mapping.pairs.start : NULL; ok && p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key), *v = yaml_document_get_node(&doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE) {
            snprintf(err, errlen, "front matter: every field must be a name and a text");
            ok = false;
            break;
        }
        const char *key = (const char *)k->data.scalar.value;
        const char *value = arena_strndup(a, (const char *)v->data.scalar.value, v->data.scalar.length);
        long long position;
        if (strcmp(key, "title") == 0) page->title = value;
        else if (strcmp(key, "slug") == 0) page->slug = value;
        else if (strcmp(key, "description") == 0) page->description = value;
        else if (strcmp(key, "menu_position") == 0 && parse_int(value, 0, PAGE_MENU_MAX, &position))
            page->menu_position = (int)position;
        else {
            snprintf(err, errlen, "field '%.40s': unknown, or not a number from 0 to %d", key, PAGE_MENU_MAX);
            ok = false;
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return ok;
}

/* Parses a page file (text, len bytes) of edition lang into page, in a:
** "---", the front matter, "---", the body. False with err. */
static bool parse_page(arena *a, const char *lang, const char *text, size_t len, static_page *page, char *err,
                       size_t errlen) {
    memset(page, 0, sizeof *page);
    page->lang = lang;
    page->published = true;
    const char *end = text + len, *close = NULL, *body = end;
    if (len < 4 || memcmp(text, "---\n", 4) != 0 || memchr(text, '\0', len)) {
        snprintf(err, errlen, "must start with a line '---' (front matter)");
        return false;
    }
    for (const char *line = text + 4; line < end && !close;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = (size_t)((nl ? nl : end) - line);
        if (n == 3 && memcmp(line, "---", 3) == 0) close = line, body = nl ? nl + 1 : end;
        line = nl ? nl + 1 : end;
    }
    if (!close) {
        snprintf(err, errlen, "front matter: no closing '---' line");
        return false;
    }
    if (!read_front(a, text + 4, (size_t)(close - text - 4), page, err, errlen)) return false;
    page->body_markdown = arena_strndup(a, body, (size_t)(end - body));
    if (!page->slug || !page->title) {
        snprintf(err, errlen, "front matter: needs a title and a slug");
        return false;
    }
    return true;
}

/* True when the stored page old already says what the demo's page does. */
static bool same_page(const static_page *old, const static_page *page) {
    return old->published && old->menu_position == page->menu_position && strcmp(old->title, page->title) == 0 &&
           strcmp(old->description, page->description ? page->description : "") == 0 &&
           strcmp(old->body_markdown ? old->body_markdown : "", page->body_markdown) == 0;
}

/* Saves one demo page file of edition lang; false with err. *changed:
** whether it made or changed a page. */
static bool load_page(store *s, const config *cfg, const char *lang, const embedded_file *f, bool *changed,
                      char *err, size_t errlen) {
    arena *a = arena_new();
    static_page page, old;
    int64_t id = 0, version;
    article_problem problem;
    bool ok = parse_page(a, lang, (const char *)f->data, f->size, &page, err, errlen);
    int rc = ok ? store_page_by_slug(s, a, lang, page.slug, false, &old) : STORE_OK;
    if (ok && rc == STORE_OK) rc = store_page_by_id(s, a, old.id, &old);
    if (ok && rc != STORE_OK && rc != STORE_NOT_FOUND) {
        snprintf(err, errlen, "cannot read the pages: %s", store_error(s));
        ok = false;
    }
    *changed = ok && !(rc == STORE_OK && same_page(&old, &page));
    if (*changed && !static_page_save(s, cfg, a, &demo_actor, rc == STORE_OK ? old.id : 0, &page, 0, &id, &version,
                                      &problem)) {
        snprintf(err, errlen, "%s", problem.message);
        ok = *changed = false;
    }
    arena_free(a);
    return ok;
}

void demo_pages_load(store *s, const config *cfg, FILE *messages, import_stats *stats) {
    char err[512];
    for (size_t i = 0; i < embedded_file_count; i++) {
        const embedded_file *f = &embedded_files[i];
        char code[8];
        bool changed;
        if (!demo_page_edition(f->name, code) || !config_has_language(cfg, code)) continue;
        if (!load_page(s, cfg, code, f, &changed, err, sizeof err)) {
            fprintf(messages, "%s: %s\n", f->name, err);
            stats->failed++;
        } else if (changed) {
            stats->pages++;
        }
    }
}
