/*
** Hot backups and restores (gazette backup, gazette restore), the same
** on both engines.
**
** A backup is a folder: gazette.db, a SQLite copy of the whole site made
** over one snapshot of the source (store_copy: the site keeps serving and
** the newsroom writing meanwhile), media/ with every image variant its
** records name, and MANIFEST, a line "sha256 bytes path" for the database
** file and every image file. The backup is itself a SQLite site (serve it
** with media_dir pointing at its media/). A backup is checked before it
** says so: SQLite's integrity_check of the copy, its rows counted against
** the source's, every file read back and hashed against MANIFEST.
**
** A restore checks MANIFEST first (a damaged backup changes nothing),
** then copies the site into the database (refusing one that holds a site
** unless told to replace it) and its images to where that site keeps
** them (its media_dir, or its database on PostgreSQL), and rebuilds the
** search index.
*/
#ifndef GAZETTE_BACKUP_H
#define GAZETTE_BACKUP_H

#include "../core/config.h"
#include "../store/store.h"

#include <stdbool.h>
#include <stdio.h>

/* Backs up the site in from (its images under cfg's media_dir on SQLite)
** into dir, which must be new or empty. One summary line on out;
** progress (when progress) and what went wrong on messages. */
bool backup_run(store *from, const config *cfg, const char *dir, bool progress, FILE *out, FILE *messages);

/* Restores the backup in dir into the database at db (images into cfg's
** media_dir on SQLite). */
bool restore_run(const char *dir, const char *db, const config *cfg, bool replace, bool progress, FILE *out,
                 FILE *messages);

#endif
