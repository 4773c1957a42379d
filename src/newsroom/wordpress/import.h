/*
** gazette import-wordpress: a WordPress export (WXR) into the site, in two
** passes over the file (index.c, then each post and page, post.c), each
** post in a transaction of its own (a bad one changes nothing and the
** others still import), its images through the media pipeline first
** (media_folder.c). What it made of each item is kept (import_links), so
** that an import again updates it, tells an item unchanged, and leaves
** alone what was edited here since (unless overwrite); the old site's
** addresses answer 301 (old_addresses): each post's <link> path, /?p=ID
** (/?page_id=ID), and its categories' and tags' archives (/category/...,
** /tag/..., /?cat=ID, /?tag=slug).
**
** The report: a line for each post and page (imported, updated, unchanged,
** skipped with why, failed with why) with its warnings under it, one line
** for each other kind of item left out, then the counts.
*/
#ifndef GAZETTE_WP_IMPORT_H
#define GAZETTE_WP_IMPORT_H

#include "../../core/config.h"
#include "../../store/store.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct wp_import_options {
    const char *lang;      /* the edition the posts go to; NULL: the site's default */
    const char *media_dir; /* a copy of wp-content/uploads; NULL: none */
    bool dry_run;          /* read and report everything, write nothing */
    bool overwrite;        /* replace what was edited here since the last import */
} wp_import_options;

typedef struct wp_import_stats {
    int imported, updated, unchanged, skipped, warnings, failed;
    bool file_failed; /* refused, unreadable, or broken off (what came before it was imported) */
} wp_import_stats;

/* Imports the export at path into s, the report to out and what stops
** it to err. True when nothing failed. */
bool wp_import(store *s, const config *cfg, const char *path, const wp_import_options *o, FILE *out, FILE *err,
               wp_import_stats *st);

#endif
