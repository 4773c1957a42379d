/*
** Where uploaded images live, as the newsroom stores them and every
** application serves and links them: {media_dir}/{hash:2}/{hash}-{width}.{webp,jpg}
** on disk, /media/{hash}-{width}.{webp,jpg} on the web. Shared here so that
** the site and the API need nothing of the newsroom.
*/
#ifndef GAZETTE_MEDIA_FILES_H
#define GAZETTE_MEDIA_FILES_H

#include "arena.h"
#include "config.h"

/* The file of a variant ("ab12...-960.webp"), in a; NULL when name is not
** one of ours (32 hex digits, '-', a width, ".webp" or ".jpg"). */
char *media_file_path(arena *a, const config *cfg, const char *name);

/* The URL path of a variant ("/media/ab12...-960.jpg"), in a. */
char *media_url(arena *a, const char *hash, int width, const char *ext);

#endif
