/* Loading the embedded demo site. */
#include "demo.h"
#include "../core/embedded.h"
#include "../core/text.h"

#include <string.h>

/* True for "demo/{lang}/....md" where lang is one of the site's editions. */
static bool is_demo_article(const config *cfg, const char *name) {
    if (!starts_with(name, "demo/")) return false;
    const char *lang = name + 5;
    const char *slash = strchr(lang, '/');
    if (!slash || slash - lang > 7) return false;
    char code[8];
    memcpy(code, lang, (size_t)(slash - lang));
    code[slash - lang] = '\0';
    size_t n = strlen(name);
    return config_has_language(cfg, code) && n > 3 && strcmp(name + n - 3, ".md") == 0;
}

void demo_load(store *s, const config *cfg, FILE *messages, import_stats *stats) {
    char err[512];
    const embedded_file *cats = embedded_find("demo/categories.yaml");
    if (cats) {
        if (import_categories_text(s, cfg, cats->name, (const char *)cats->data, cats->size, err,
                                   sizeof err)) {
            stats->categories++;
        } else {
            fprintf(messages, "%s: %s\n", cats->name, err);
            stats->failed++;
        }
    }
    for (size_t i = 0; i < embedded_file_count; i++) {
        const embedded_file *f = &embedded_files[i];
        if (!is_demo_article(cfg, f->name)) continue;
        bool created;
        if (import_article_text(s, cfg, f->name, (const char *)f->data, f->size, &created, err,
                                sizeof err)) {
            if (created) stats->created++;
            else stats->updated++;
        } else {
            fprintf(messages, "%s: %s\n", f->name, err);
            stats->failed++;
        }
    }
}
