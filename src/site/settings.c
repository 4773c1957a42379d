/* In-memory copy of the newsroom's settings, behind a read-write lock. */
#include "settings.h"
#include "../core/fatal.h"
#include "../render/i18n.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const setting_key settings_keys[] = {
    {"social.twitter", "X (Twitter)", true},      {"social.youtube", "YouTube", true},
    {"social.instagram", "Instagram", true},      {"social.facebook", "Facebook", true},
    {"social.telegram", "Telegram", true},        {"apps.app_store", "App Store", true},
    {"apps.google_play", "Google Play", true},    {"attribution.en", N_("Attribution (English)"), false},
    {"attribution.ru", N_("Attribution (Russian)"), false}, {"attribution.az", N_("Attribution (Azerbaijani)"), false},
};
const int settings_key_count = sizeof settings_keys / sizeof settings_keys[0];

struct settings {
    pthread_rwlock_t lock;
    char *values[sizeof settings_keys / sizeof settings_keys[0]];
};

static int key_index(const char *key) {
    for (int i = 0; i < settings_key_count; i++)
        if (strcmp(settings_keys[i].key, key) == 0) return i;
    return -1;
}

bool settings_known(const char *key) { return key_index(key) >= 0; }

bool settings_reload(settings *st, store *s) {
    arena *a = arena_new();
    const char **pairs;
    size_t n;
    bool ok = store_settings(s, a, &pairs, &n) == STORE_OK;
    if (ok) {
        pthread_rwlock_wrlock(&st->lock);
        for (int i = 0; i < settings_key_count; i++) {
            free(st->values[i]);
            st->values[i] = NULL;
        }
        for (size_t i = 0; i < n; i++) {
            int k = key_index(pairs[2 * i]);
            if (k >= 0) st->values[k] = xstrdup(pairs[2 * i + 1]);
        }
        pthread_rwlock_unlock(&st->lock);
    }
    arena_free(a);
    return ok;
}

settings *settings_load(store *s) {
    settings *st = xcalloc(1, sizeof *st);
    pthread_rwlock_init(&st->lock, NULL);
    if (!settings_reload(st, s)) {
        settings_free(st);
        return NULL;
    }
    return st;
}

void settings_free(settings *st) {
    if (!st) return;
    for (int i = 0; i < settings_key_count; i++) free(st->values[i]);
    pthread_rwlock_destroy(&st->lock);
    free(st);
}

const char *settings_get(settings *st, arena *a, const char *key, const char *fallback) {
    int k = key_index(key);
    if (!st || k < 0) return fallback;
    pthread_rwlock_rdlock(&st->lock);
    const char *v = st->values[k] && *st->values[k] ? arena_strdup(a, st->values[k]) : fallback;
    pthread_rwlock_unlock(&st->lock);
    return v;
}
