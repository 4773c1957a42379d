/* Hot backups and restores. See backup.h. */
#include "backup.h"
#include "media.h"
#include "reindex.h"
#include "../core/arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB_NAME "gazette.db"
#define MEDIA_NAME "media"
#define MANIFEST_NAME "MANIFEST"
/* A manifest line: 64 hex digits, a size, a path under the folder. */
#define MANIFEST_LINE_MAX (PATH_MAX + 96)

/* The SHA-256 of the file at path, as hex (65 bytes), and its size:
** false when it cannot be read. */
static bool hash_file(const char *path, char hex[65], int64_t *size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char chunk[65536];
    int64_t total = 0;
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            close(fd);
            return false;
        }
        crypto_hash_sha256_update(&st, chunk, (size_t)n);
        total += n;
    }
    close(fd);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
    *size = total;
    return true;
}

/* True when dir can take a backup: it does not exist (it is made) or is
** an empty folder. */
static bool new_folder(const char *dir, FILE *messages) {
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT && mkdir(dir, 0750) == 0) return true;
        fprintf(messages, "gazette backup: cannot make %s: %s\n", dir, strerror(errno));
        return false;
    }
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = false;
    closedir(d);
    if (!empty) fprintf(messages, "gazette backup: %s is not empty: a backup goes into a new folder\n", dir);
    return empty;
}

/* gazette copy's progress on a terminal: one line, rewritten. */
static void show_progress(void *ctx, const char *table, int64_t done, int64_t total) {
    FILE *out = ctx;
    fprintf(out, "\rcopying %-16s %lld of %lld   ", table, (long long)done, (long long)total);
    if (done == total) fputc('\n', out);
}

/* What writing the image files of a backup keeps: the manifest, and how
** much went into it. */
typedef struct manifest_writer {
    FILE *file;
    int64_t files, bytes;
} manifest_writer;

/* media_moved_fn: one image file into the manifest. */
static bool note_file(void *ctx, const char *hash, const char *name, const void *data, size_t len) {
    manifest_writer *w = ctx;
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    w->files++;
    w->bytes += (int64_t)len;
    return fprintf(w->file, "%s %zu " MEDIA_NAME "/%.2s/%s\n", hex, len, hash, name) > 0;
}

/* Empties the backup's copy of the images kept in a database (a
** PostgreSQL source's): they are files of the backup now. */
static int drop_database_images(store *s) {
    int rc = store_begin(s);
    for (size_t t = 0; rc == STORE_OK && t < store_table_count(); t++)
        if (strcmp(store_table_name(t), "media_files") == 0) rc = store_table_clear(s, t);
    if (rc == STORE_OK) return store_commit(s);
    store_rollback(s);
    return rc;
}

/* Checks every line of the manifest at path against the file under dir
** it names: the number of files checked, or -1 with the first problem on
** messages (who speaks). */
static int64_t check_manifest(const char *dir, const char *path, FILE *messages, const char *who) {
    char line[MANIFEST_LINE_MAX];
    FILE *m = fopen(path, "r");
    if (!m) {
        fprintf(messages, "%s: %s: %s (not a backup)\n", who, path, strerror(errno));
        return -1;
    }
    int64_t checked = 0;
    bool has_db = false, ok = true;
    while (ok && fgets(line, sizeof line, m)) {
        char want[65], name[PATH_MAX];
        long long size;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        /* Only names the backup writes: no way out of its folder. */
        if (sscanf(line, "%64[0-9a-f] %lld %4095s", want, &size, name) != 3 || strlen(want) != 64 ||
            strstr(name, "..") || name[0] == '/') {
            fprintf(messages, "%s: %s: a line that is not \"sha256 bytes path\": %.80s\n", who, path, line);
            ok = false;
            break;
        }
        char file[PATH_MAX + 64], got[65];
        int64_t have = -1;
        snprintf(file, sizeof file, "%s/%s", dir, name);
        if (!hash_file(file, got, &have) || have != size || strcmp(got, want) != 0) {
            fprintf(messages, "%s: %s is %s\n", who, file,
                    have < 0 ? "missing or unreadable" : "not what the backup wrote (its hash differs)");
            ok = false;
            break;
        }
        if (strcmp(name, DB_NAME) == 0) has_db = true;
        checked++;
    }
    fclose(m);
    if (ok && !has_db) {
        fprintf(messages, "%s: %s names no " DB_NAME "\n", who, path);
        ok = false;
    }
    return ok ? checked : -1;
}

bool backup_run(store *from, const config *cfg, const char *dir, bool progress, FILE *out, FILE *messages) {
    if (!new_folder(dir, messages)) return false;
    char db[PATH_MAX], media_dir[PATH_MAX], manifest[PATH_MAX], manifest_tmp[PATH_MAX + 8], err[512];
    snprintf(db, sizeof db, "%s/" DB_NAME, dir);
    snprintf(media_dir, sizeof media_dir, "%s/" MEDIA_NAME, dir);
    snprintf(manifest, sizeof manifest, "%s/" MANIFEST_NAME, dir);
    snprintf(manifest_tmp, sizeof manifest_tmp, "%s.tmp", manifest);
    if (mkdir(media_dir, 0750) != 0 && errno != EEXIST) {
        fprintf(messages, "gazette backup: cannot make %s: %s\n", media_dir, strerror(errno));
        return false;
    }
    store *to = store_open(db, err, sizeof err);
    if (!to) {
        fprintf(messages, "gazette backup: %s: %s\n", db, err);
        return false;
    }
    manifest_writer w = {.file = fopen(manifest_tmp, "w")};
    bool ok = w.file != NULL;
    if (!ok) fprintf(messages, "gazette backup: cannot write %s: %s\n", manifest_tmp, strerror(errno));
    int rc = ok ? store_copy(from, to, false, progress ? show_progress : NULL, messages, err, sizeof err) : STORE_OK;
    if (ok && rc != STORE_OK) {
        fprintf(messages, "gazette backup: %s\n", err);
        ok = false;
    }
    /* The images the copy's records name, from where the source keeps
    ** them, into files of the backup. */
    int64_t moved = 0;
    media_place src = {from, store_media_in_database(from) ? NULL : cfg->media_dir}, dst = {to, media_dir};
    if (ok) ok = media_move_between(to, &src, &dst, media_variant_max(cfg), note_file, &w, messages, &moved);
    if (ok && (rc = drop_database_images(to)) != STORE_OK) {
        fprintf(messages, "gazette backup: %s\n", store_error(to));
        ok = false;
    }
    if (ok && store_integrity_check(to, err, sizeof err) != STORE_OK) {
        fprintf(messages, "gazette backup: the copy does not check out: %s\n", err);
        ok = false;
    }
    int64_t articles = 0;
    for (size_t t = 0; ok && t < store_table_count(); t++)
        if (strcmp(store_table_name(t), "articles") == 0) store_table_rows_count(to, t, &articles);
    store_close(to);
    char hex[65];
    int64_t db_size = 0;
    if (ok && !hash_file(db, hex, &db_size)) {
        fprintf(messages, "gazette backup: cannot read back %s\n", db);
        ok = false;
    }
    if (ok) ok = fprintf(w.file, "%s %lld " DB_NAME "\n", hex, (long long)db_size) > 0;
    if (w.file) {
        ok = fflush(w.file) == 0 && fsync(fileno(w.file)) == 0 && ok;
        ok = fclose(w.file) == 0 && ok;
    }
    /* Only a backup all of whose files read back as written is named so. */
    int64_t checked = ok ? check_manifest(dir, manifest_tmp, messages, "gazette backup") : -1;
    ok = checked >= 0 && rename(manifest_tmp, manifest) == 0;
    if (!ok) {
        fprintf(messages, "gazette backup: no backup was made in %s\n", dir);
        return false;
    }
    fprintf(out, "backed up %lld articles and %lld image files (%.1f MB) to %s: integrity ok, %lld files' hashes checked\n",
            (long long)articles, (long long)w.files, (double)(db_size + w.bytes) / 1e6, dir, (long long)checked);
    return true;
}

/* True when every image record of s names its files by a content hash;
** else false with a message (a backup made by hand, or altered). */
static bool images_named_safely(store *s, FILE *messages) {
    for (int offset = 0;; offset += 100) {
        arena *a = arena_new();
        media *items;
        size_t n;
        bool ok = store_media_list(s, a, offset, 100, &items, &n) == STORE_OK;
        for (size_t i = 0; ok && i < n; i++) ok = media_hash_valid(items[i].hash);
        arena_free(a);
        if (!ok) {
            fprintf(messages, "gazette restore: an image record of the backup has a bad hash (not one gazette wrote)\n");
            return false;
        }
        if (n < 100) return true;
    }
}

bool restore_run(const char *dir, const char *db, const config *cfg, bool replace, bool progress, FILE *out,
                 FILE *messages) {
    char path[PATH_MAX], media_dir[PATH_MAX], err[512];
    snprintf(path, sizeof path, "%s/" MANIFEST_NAME, dir);
    int64_t checked = check_manifest(dir, path, messages, "gazette restore");
    if (checked < 0) {
        fprintf(messages, "gazette restore: nothing was restored\n");
        return false;
    }
    snprintf(path, sizeof path, "%s/" DB_NAME, dir);
    snprintf(media_dir, sizeof media_dir, "%s/" MEDIA_NAME, dir);
    store *from = store_open_existing(path, err, sizeof err), *to = NULL;
    if (!from) fprintf(messages, "gazette restore: %s\n", err);
    else if (!images_named_safely(from, messages)) fprintf(messages, "gazette restore: nothing was restored\n");
    else if (!(to = store_open(db, err, sizeof err))) fprintf(messages, "gazette restore: %s\n", err);
    bool ok = from && to;
    int rc = ok ? store_copy(from, to, replace, progress ? show_progress : NULL, messages, err, sizeof err) : STORE_OK;
    if (ok && rc != STORE_OK) {
        fprintf(messages, "gazette restore: %s; the database is unchanged\n", err);
        ok = false;
    }
    int64_t moved = 0;
    if (ok) {
        media_place src = {from, media_dir}, dst = {to, store_media_in_database(to) ? NULL : cfg->media_dir};
        ok = media_move_between(from, &src, &dst, media_variant_max(cfg), NULL, NULL, messages, &moved);
    }
    if (ok) ok = reindex_run(to, messages);
    int64_t articles = 0;
    for (size_t t = 0; ok && t < store_table_count(); t++)
        if (strcmp(store_table_name(t), "articles") == 0) store_table_rows_count(to, t, &articles);
    store_close(to);
    store_close(from);
    if (!ok) return false;
    fprintf(out, "restored %lld articles and %lld image files from %s (%lld files' hashes checked first)\n",
            (long long)articles, (long long)moved, dir, (long long)checked);
    return true;
}
