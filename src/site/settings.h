/*
** Site settings the newsroom edits (social and app links, the attribution
** of each edition): kept in the store, they override the configuration.
** Pages read them from this in-memory copy; the newsroom reloads it after
** saving, so a change shows on the next page.
*/
#ifndef GAZETTE_SETTINGS_H
#define GAZETTE_SETTINGS_H

#include <stdbool.h>

#include "../store/store.h"

typedef struct settings settings;

/* The keys that may be set, with a label for the newsroom's form. */
typedef struct setting_key {
    const char *key, *label;
    bool url; /* must be an http(s) URL (or empty) */
} setting_key;
extern const setting_key settings_keys[];
extern const int settings_key_count;

/* Reads every setting from the store. NULL when the store fails. */
settings *settings_load(store *s);
void settings_free(settings *st);

/* Reads them again (after a change). False when the store fails. */
bool settings_reload(settings *st, store *s);

/* A setting's value copied into a, or fallback when unset or empty. */
const char *settings_get(settings *st, arena *a, const char *key, const char *fallback);

/* True when key is one of settings_keys. */
bool settings_known(const char *key);

#endif
