/*
** Uploaded images, made ready for readers with libvips: only JPEG, PNG and
** WebP are taken, recognised by their content; each upload is stored once,
** named by the hash of its bytes, as variants 480, 960 and 1600 pixels wide
** (no wider than the original) in WebP and JPEG, with metadata (EXIF,
** location, ...) stripped. Pages offer the variants through srcset.
**
** Files: {media_dir}/{hash:2}/{hash}-{width}.{webp,jpg}, served at
** /media/{hash}-{width}.{webp,jpg}.
*/
#ifndef GAZETTE_MEDIA_H
#define GAZETTE_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/config.h"
#include "../core/media_files.h"
#include "../core/user_message.h"
#include "../store/store.h"
#include "auth.h"

/* Starts libvips; call once, before threads. False if it cannot start. */
bool media_start(const char *argv0);
void media_stop(void);

/* Checks and stores an upload by who, with its audit entry in the same
** transaction as its record. On failure returns false with a message for
** the uploader in *error (to show in any language; it never names the
** server's folders) and *status 400 for bad input, 413 for too big, 503
** for a full disk, 500 for another server fault; nothing is stored then
** (the details of a server fault go to the log). *created is false when
** the same image was stored before. */
bool media_ingest(store *s, const config *cfg, arena *a, const unsigned char *data, size_t len,
                  const char *original_name, const actor *who, media *out, bool *created,
                  int *status, user_message *error);

/* An image checked and made into its variants (in the arena given), not
** yet stored: what media_ingest() does before it writes anything, split so
** that several threads can prepare images at once (each with its own
** arena) while one stores them. */
typedef struct media_prepared media_prepared;

/* Checks an upload as media_ingest() does and makes its variants, storing
** nothing. NULL with *status and *error as media_ingest(). */
media_prepared *media_prepare(const config *cfg, arena *a, const unsigned char *data, size_t len, int *status,
                              user_message *error);

/* The same for a graphic we drew ourselves (never an upload): svg is its
** source (len bytes), which names it (its format is "svg", its size
** svg's); images are its renderings, decoded in memory, one a variant,
** narrowest first (the last is the original's size). They are encoded the
** quickest way that suits flat graphics (libwebp's fastest method,
** baseline JPEG). NULL with why in *error when they cannot be. */
struct _VipsImage;
media_prepared *media_prepare_drawn(arena *a, const char *svg, size_t len, struct _VipsImage *const *images,
                                    size_t count, user_message *error);

/* The content hash that names a prepared image (lives as long as it). */
const char *media_prepared_hash(const media_prepared *p);

/* For many images at once: writes p's variant files into media_dir (on a
** site that keeps them there; nothing otherwise) without waiting for the
** disk each time. Call media_sync_files() once after the last and before
** storing them. False with *status and *error when a file cannot be
** written (those it made are removed). */
bool media_write_prepared(store *s, const config *cfg, arena *a, media_prepared *p, int *status,
                          user_message *error);

/* Waits until what was written into media_dir is on the disk (syncfs).
** False when it cannot say so. */
bool media_sync_files(const config *cfg);

/* Stores a prepared image (its files unless media_write_prepared() wrote
** them, or its database rows; its record and audit entry by who, with its
** default alt text and credit when not NULL) as media_ingest() does, into
** *out (in a). */
bool media_store_prepared(store *s, const config *cfg, arena *a, const media_prepared *p, const char *original_name,
                          const char *alt, const char *credit, const actor *who, media *out, bool *created,
                          int *status, user_message *error);

/* The longest credit an image may have, in characters. */
#define MEDIA_CREDIT_MAX_CHARS 200

/* Sets image id's default alt text and credit (NULL: empty) with its
** audit entry, in one transaction. False, with an HTTP status (400 for
** bad words, 404 for no such image, 503 or 500) and a message for people
** (to show in any language), when nothing was changed. */
bool media_describe(store *s, const actor *who, int64_t id, const char *alt, const char *credit, int *status,
                    user_message *why);

/* The largest request body that may carry an upload: max_upload_mb and
** room for the form around it. */
size_t media_body_limit(const config *cfg);

/* After gazette copy: moves every image's variant files from where `from`
** keeps them to where `to` does, when one keeps them in the database and
** the other in media_dir (store_media_in_database). *moved counts the
** files; false when any could not be moved (the first are named on out). */
bool media_move(store *from, store *to, const config *cfg, FILE *out, int64_t *moved);

/* Where a site's image variants are: in its database (dir NULL) or in
** files under dir. */
typedef struct media_place {
    store *store;
    const char *dir;
} media_place;

/* Called for each variant moved, with its bytes; false stops counting it
** as moved. */
typedef bool (*media_moved_fn)(void *ctx, const char *hash, const char *name, const void *data, size_t len);

/* Moves the variant files of every image list's records name (files of at
** most max_bytes) from one place to the other, calling each (NULL: none)
** for every one moved. Counts and messages as media_move. */
bool media_move_between(store *list, const media_place *from, const media_place *to, size_t max_bytes,
                        media_moved_fn each, void *ctx, FILE *out, int64_t *moved);

/* True when s is a content hash as uploads are named (hex digits only),
** so that it may become part of a path. */
bool media_hash_valid(const char *s);

/* Removes the files of an image's variants from media_dir (a SQLite
** site's), once its record is gone; a file already missing is no error. */
void media_remove_files(const config *cfg, arena *a, const media *m);

/* The largest variant file a site may have (for reading one back). */
size_t media_variant_max(const config *cfg);

#endif
