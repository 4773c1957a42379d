/*
** The importer: files and directories in, one transaction per file.
*/
#include "import.h"
#include "article_save.h"
#include "editorial.h"
#include "frontmatter.h"
#include "../core/fatal.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define IMPORT_FILE_MAX (4 * 1024 * 1024)

bool import_article_input(store *s, const config *cfg, arena *a, article_input *in, bool *created, char *err,
                          size_t errlen) {
    if (store_begin(s) != STORE_OK) {
        snprintf(err, errlen, "cannot write: %s", store_error(s));
        return false;
    }
    int64_t id;
    article_problem problem;
    bool ok = article_save(s, cfg, a, in, &id, created, &problem);
    if (!ok) snprintf(err, errlen, "%s", problem.message);
    /* Every save keeps a revision, an import's too: the newsroom
    ** compares later saves with it. */
    if (ok && store_revision_add(s, id, "system", "Import", editorial_snapshot(a, in)) != STORE_OK) {
        snprintf(err, errlen, "cannot keep the revision: %s", store_error(s));
        ok = false;
    }
    if (ok && store_commit(s) != STORE_OK) {
        snprintf(err, errlen, "cannot commit: %s", store_error(s));
        ok = false;
    }
    if (!ok) store_rollback(s);
    return ok;
}

bool import_article_text(store *s, const config *cfg, const char *name, const char *text,
                         size_t len, bool *created, char *err, size_t errlen) {
    (void)name;
    arena *a = arena_new();
    article_input in;
    bool ok = frontmatter_parse(a, text, len, &in, err, errlen) &&
              import_article_input(s, cfg, a, &in, created, err, errlen);
    arena_free(a);
    return ok;
}

/* ---------------------------------------------------------- categories */

/* The scalar text of node, or NULL when it is not a scalar. */
static const char *yaml_text(yaml_node_t *n) {
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Reads one language's {name, description} of a category. */
static bool read_category_text(store *s, yaml_document_t *doc, int64_t id, const char *slug,
                               const char *lang, yaml_node_t *v, char *err, size_t errlen) {
    if (!v || v->type != YAML_MAPPING_NODE) {
        snprintf(err, errlen, "category '%s', language '%s': must have name and description",
                 slug, lang);
        return false;
    }
    const char *name = NULL, *description = "";
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const char *key = yaml_text(yaml_document_get_node(doc, p->key));
        const char *value = yaml_text(yaml_document_get_node(doc, p->value));
        if (!key || !value) {
            snprintf(err, errlen, "category '%s', language '%s': values must be texts", slug, lang);
            return false;
        }
        if (strcmp(key, "name") == 0) name = value;
        else if (strcmp(key, "description") == 0) description = value;
        else {
            snprintf(err, errlen, "category '%s', language '%s': unknown field '%.40s'", slug,
                     lang, key);
            return false;
        }
    }
    if (!name || !*name || !utf8_valid(name, strlen(name)) ||
        !utf8_valid(description, strlen(description)) || utf8_length(name) > 100 ||
        utf8_length(description) > 500) {
        snprintf(err, errlen,
                 "category '%s', language '%s': needs a name (up to 100 characters) and a"
                 " description (up to 500)",
                 slug, lang);
        return false;
    }
    if (store_category_set_text(s, id, lang, name, description) != STORE_OK) {
        snprintf(err, errlen, "cannot save category '%s': %s", slug, store_error(s));
        return false;
    }
    return true;
}

/* Saves every category of the document, in file order. */
static bool read_categories(store *s, const config *cfg, yaml_document_t *doc, char *err,
                            size_t errlen) {
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root) return true; /* an empty file names no categories */
    if (root->type != YAML_MAPPING_NODE) {
        snprintf(err, errlen, "must be a mapping from category slug to its names");
        return false;
    }
    int position = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        const char *slug = yaml_text(yaml_document_get_node(doc, p->key));
        yaml_node_t *langs = yaml_document_get_node(doc, p->value);
        if (!slug || !slug_valid(slug, SLUG_MAX) || urls_reserved_category(slug)) {
            snprintf(err, errlen, "category '%.60s': not a usable slug", slug ? slug : "?");
            return false;
        }
        if (!langs || langs->type != YAML_MAPPING_NODE) {
            snprintf(err, errlen, "category '%s': must map languages to names", slug);
            return false;
        }
        int64_t id;
        if (store_category_ensure(s, slug, &id) != STORE_OK ||
            store_category_set_position(s, id, ++position) != STORE_OK) {
            snprintf(err, errlen, "cannot save category '%s': %s", slug, store_error(s));
            return false;
        }
        for (yaml_node_pair_t *q = langs->data.mapping.pairs.start; q < langs->data.mapping.pairs.top; q++) {
            const char *lang = yaml_text(yaml_document_get_node(doc, q->key));
            if (!lang || !config_language_supported(lang)) {
                snprintf(err, errlen, "category '%s': '%.20s' is not a supported language", slug,
                         lang ? lang : "?");
                return false;
            }
            /* Names for editions the site does not run are kept for later. */
            if (!read_category_text(s, doc, id, slug, lang, yaml_document_get_node(doc, q->value),
                                    err, errlen))
                return false;
        }
    }
    (void)cfg;
    return true;
}

bool import_categories_text(store *s, const config *cfg, const char *name, const char *text,
                            size_t len, char *err, size_t errlen) {
    (void)name;
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errlen, "cannot start the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = false;
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "YAML error at line %zu: %s", parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "?");
    } else {
        if (store_begin(s) != STORE_OK) {
            snprintf(err, errlen, "cannot write: %s", store_error(s));
        } else {
            ok = read_categories(s, cfg, &doc, err, errlen);
            if (ok && store_commit(s) != STORE_OK) {
                snprintf(err, errlen, "cannot commit: %s", store_error(s));
                ok = false;
            }
            if (!ok) store_rollback(s);
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return ok;
}

/* ---------------------------------------------------------------- files */

/* Reads a whole file (at most IMPORT_FILE_MAX bytes) into a heap buffer. */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    buf b;
    buf_init(&b, NULL);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > IMPORT_FILE_MAX) {
            snprintf(err, errlen, "file: larger than %d bytes", IMPORT_FILE_MAX);
            buf_free(&b);
            fclose(f);
            return NULL;
        }
        buf_append(&b, chunk, n);
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "cannot read: %s", strerror(errno));
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return buf_detach(&b);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_categories_file(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    return strcmp(base, "categories.yaml") == 0 || strcmp(base, "categories.yml") == 0;
}

/* Imports one file and reports a failure as "path: why". */
static void import_one(store *s, const config *cfg, const char *path, FILE *messages,
                       import_stats *stats) {
    char err[512];
    size_t len;
    char *text = read_file(path, &len, err, sizeof err);
    bool ok = false, created = false, categories = is_categories_file(path);
    if (text) {
        ok = categories ? import_categories_text(s, cfg, path, text, len, err, sizeof err)
                        : import_article_text(s, cfg, path, text, len, &created, err, sizeof err);
        free(text);
    }
    if (!ok) {
        fprintf(messages, "%s: %s\n", path, err);
        stats->failed++;
    } else if (categories) {
        stats->categories++;
    } else if (created) {
        stats->created++;
    } else {
        stats->updated++;
    }
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Imports a directory: its categories file first, then files and
** subdirectories in name order. */
static void import_directory(store *s, const config *cfg, const char *dir, FILE *messages,
                             import_stats *stats, int depth) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(messages, "%s: cannot open the directory: %s\n", dir, strerror(errno));
        stats->failed++;
        return;
    }
    size_t count = 0, cap = 64;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (count == cap) names = xrealloc(names, (cap *= 2) * sizeof *names);
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        names[count] = xmalloc(n);
        snprintf(names[count], n, "%s/%s", dir, e->d_name);
        count++;
    }
    closedir(d);
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++)
        if (is_categories_file(names[i])) import_one(s, cfg, names[i], messages, stats);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0) continue;
        if (S_ISDIR(st.st_mode) && depth < 8)
            import_directory(s, cfg, names[i], messages, stats, depth + 1);
        else if (S_ISREG(st.st_mode) && ends_with(names[i], ".md"))
            import_one(s, cfg, names[i], messages, stats);
    }
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}

void import_paths(store *s, const config *cfg, char *const *paths, int count, FILE *messages,
                  import_stats *stats) {
    for (int i = 0; i < count; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fprintf(messages, "%s: %s\n", paths[i], strerror(errno));
            stats->failed++;
        } else if (S_ISDIR(st.st_mode)) {
            import_directory(s, cfg, paths[i], messages, stats, 0);
        } else {
            import_one(s, cfg, paths[i], messages, stats);
        }
    }
}
