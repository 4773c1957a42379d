/* Loading the embedded demo site. */
#include "demo.h"
#include "../core/embedded.h"
#include "../core/fatal.h"
#include "../core/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* For "demo/{lang}/....md", the edition it belongs to (copied into code,
** 8 bytes); false for other files (the static pages, demo/pages/, too). */
static bool demo_article_edition(const char *name, char code[8]) {
    if (!starts_with(name, "demo/") || starts_with(name, "demo/pages/")) return false;
    const char *lang = name + 5;
    const char *slash = strchr(lang, '/');
    if (!slash || slash - lang > 7) return false;
    memcpy(code, lang, (size_t)(slash - lang));
    code[slash - lang] = '\0';
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Says which demo articles and pages were left out, and why: their
** editions are not among the site's. */
static void report_skipped(const config *cfg, FILE *messages) {
    char seen[4][8];
    int articles[4] = {0}, pages[4] = {0}, kinds = 0;
    for (size_t i = 0; i < embedded_file_count; i++) {
        char code[8];
        bool page = demo_page_edition(embedded_files[i].name, code);
        if ((!page && !demo_article_edition(embedded_files[i].name, code)) || config_has_language(cfg, code)) continue;
        int k = 0;
        while (k < kinds && strcmp(seen[k], code) != 0) k++;
        if (k == kinds) {
            if (kinds == 4) continue;
            memcpy(seen[kinds++], code, sizeof code);
        }
        if (page) pages[k]++;
        else articles[k]++;
    }
    for (int k = 0; k < kinds; k++)
        fprintf(messages,
                "demo: %d articles and %d pages of the %s edition left out: the configuration's [site] "
                "languages do not name %s\n",
                articles[k], pages[k], seen[k], seen[k]);
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
    /* Every article is read and drawn first; the graphics are prepared on
    ** every core at once; then each is stored and imported in order. */
    demo_article *articles = xmalloc((embedded_file_count + 1) * sizeof *articles);
    size_t count = 0;
    for (size_t i = 0; i < embedded_file_count; i++) {
        const embedded_file *f = &embedded_files[i];
        char code[8];
        if (!demo_article_edition(f->name, code) || !config_has_language(cfg, code)) continue;
        demo_article *d = &articles[count];
        demo_article_init(d, f->name, (const char *)f->data, f->size);
        if (!demo_article_read(s, d, err, sizeof err)) {
            fprintf(messages, "%s: %s\n", f->name, err);
            stats->failed++;
            demo_article_free(d);
            continue;
        }
        count++;
    }
    demo_articles_prepare(articles, count);
    /* The files first, then one wait for the disk, then the records that
    ** name them: never a record whose files could be lost. */
    for (size_t i = 0; i < count; i++)
        if (!demo_article_write_image(s, cfg, &articles[i], messages)) stats->failed++;
    bool synced = media_sync_files(cfg);
    if (!synced) fprintf(messages, "demo: the graphics' files cannot be made durable: %s\n", strerror(errno));
    for (size_t i = 0; i < count; i++) {
        demo_article *d = &articles[i];
        bool created;
        if (!synced) d->prepared = NULL, d->graphic.svg = NULL;
        if (!demo_article_store_image(s, cfg, d, messages)) stats->failed++;
        if (import_article_input(s, cfg, d->arena, &d->in, &created, err, sizeof err)) {
            if (created) stats->created++;
            else stats->updated++;
        } else {
            fprintf(messages, "%s: %s\n", d->name, err);
            stats->failed++;
        }
        demo_article_free(d);
    }
    free(articles);
    demo_pages_load(s, cfg, messages, stats);
    report_skipped(cfg, messages);
}
