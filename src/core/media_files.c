/* Image variants' files and URLs. See media_files.h. */
#include "media_files.h"

#include <string.h>

char *media_url(arena *a, const char *hash, int width, const char *ext) {
    return arena_printf(a, "/media/%s-%d.%s", hash, width, ext);
}

char *media_file_path(arena *a, const config *cfg, const char *name) {
    size_t n = strlen(name);
    if (n < 38 || n > 48 || name[32] != '-') return NULL;
    for (int i = 0; i < 32; i++)
        if (!strchr("0123456789abcdef", name[i])) return NULL;
    const char *dot = strrchr(name, '.');
    if (!dot || (strcmp(dot, ".webp") != 0 && strcmp(dot, ".jpg") != 0)) return NULL;
    for (const char *p = name + 33; p < dot; p++)
        if (*p < '0' || *p > '9') return NULL;
    if (dot == name + 33) return NULL;
    return arena_printf(a, "%s/%.2s/%s", cfg->media_dir, name, name);
}
