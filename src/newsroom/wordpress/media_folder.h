/*
** The old site's images for an import (--media DIR: a copy of its
** wp-content/uploads). An image's address is read for its path after
** "uploads/" and the file there goes through the same checks and
** variants as an upload (media_ingest), once per run whatever the number
** of posts that show it; a size variant WordPress made ("photo-300x200.jpg")
** is taken from its original when the folder has it. Paths that climb
** out of the folder ("..") are refused, and files larger than an upload
** may be are not read.
*/
#ifndef GAZETTE_WP_MEDIA_FOLDER_H
#define GAZETTE_WP_MEDIA_FOLDER_H

#include "../../core/config.h"
#include "../../store/store.h"
#include "../auth.h"

#include <stdbool.h>

typedef struct wp_media wp_media;

/* Images from folder dir (NULL: none) into s as who; with dry_run, files
** are found and checked for size but nothing is stored. */
wp_media *wp_media_new(store *s, const config *cfg, const char *dir, bool dry_run, const actor *who);
void wp_media_free(wp_media *m);

/* The library's image of the old address url: true and *out (strings in
** the run's memory; out->id 0 in a dry run); false with why (in a, for
** the report) when there is no folder, no such file, or it is refused. */
bool wp_media_find(wp_media *m, arena *a, const char *url, media *out, const char **why);

/* Gives the library's image of url (found before by wp_media_find) the
** alt text alt when it has none yet (nothing in a dry run): readers and
** the Markdown's images without their own alt text get it. */
void wp_media_describe(wp_media *m, const char *url, const char *alt);

/* How many images were stored, and found again (stored before). */
void wp_media_counts(const wp_media *m, int *stored, int *known);

#endif
